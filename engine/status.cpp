#include "status.h"

namespace cs {

std::optional<CallStatus> callStatusFromName(std::string_view n) {
  for (int i = 0; i < kCallStatusCount; ++i)
    if (kCallStatusNames[i] == n) return static_cast<CallStatus>(i);
  return std::nullopt;
}

}  // namespace cs
