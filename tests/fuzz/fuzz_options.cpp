// libFuzzer target: the option reader both shells share (engine/options.h). The first byte picks
// the option, the rest is its text as typed. A value is either accepted inside the option's range
// or refused with an error at the option's flag.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "options.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const cs::IntegerOption* const kOptions[] = {
      &cs::option::seed, &cs::option::until_minute, &cs::option::horizon_days, &cs::option::runs,
      &cs::option::first_run, &cs::option::campaign, &cs::option::retries, &cs::option::waits};
  const cs::IntegerOption& o = *kOptions[data[0] % (sizeof kOptions / sizeof kOptions[0])];
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  long long v = -1;
  if (auto error = cs::readInteger(o, text, v)) {
    if (error->path != o.flag || error->message.empty()) __builtin_trap();
  } else if (v < o.lo || v > o.hi) {
    __builtin_trap();
  }
  std::vector<int> list;
  if (auto error = cs::readIntegerList(o, text, list)) {
    if (error->path != o.flag || !list.empty()) __builtin_trap();
  } else {
    if (list.empty() || list.size() > cs::option::kMaxListLength) __builtin_trap();
    for (int x : list)
      if (x < o.lo || x > o.hi) __builtin_trap();
  }
  return 0;
}
