#include "phone_zones.h"

#include <algorithm>
#include <string>

namespace cs {

namespace {
struct PhoneZoneRow {
  const char* prefix;
  const char* zones;
};
#include "phone_zones.inc"
constexpr std::size_t kRows = sizeof(kPhoneZones) / sizeof(kPhoneZones[0]);
}  // namespace

const char* phoneZonesSource() { return CS_PHONE_ZONES_SOURCE; }

std::vector<ZoneId> phoneZones(std::string_view e164) {
  std::string_view digits = e164;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  for (std::size_t len = std::min<std::size_t>(digits.size(), 9); len > 0; --len) {
    const std::string_view key = digits.substr(0, len);
    const PhoneZoneRow* it = std::lower_bound(kPhoneZones, kPhoneZones + kRows, key,
                                              [](const PhoneZoneRow& r, std::string_view k) {
                                                return std::string_view(r.prefix) < k;
                                              });
    if (it == kPhoneZones + kRows || std::string_view(it->prefix) != key) continue;
    std::vector<ZoneId> out;
    std::string_view list = it->zones;
    while (!list.empty()) {
      const std::size_t amp = list.find('&');
      const std::string_view name = list.substr(0, amp);
      if (auto z = findZone(name)) out.push_back(*z);
      list = amp == std::string_view::npos ? std::string_view() : list.substr(amp + 1);
    }
    return out;
  }
  return {};
}

}  // namespace cs
