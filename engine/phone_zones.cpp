#include "phone_zones.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace cs {

namespace {
struct PhoneZoneRow {
  std::uint32_t prefix;  // the prefix digits as a number
  std::uint8_t digits;   // how many digits
  std::uint16_t zones;   // index into kPhoneZoneSets
};
#include "phone_zones.inc"
constexpr std::size_t kRows = sizeof(kPhoneZones) / sizeof(kPhoneZones[0]);
}  // namespace

const char* phoneZonesSource() { return CS_PHONE_ZONES_SOURCE; }

std::vector<ZoneId> phoneZones(std::string_view e164) {
  std::string_view digits = e164;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  for (std::size_t len = std::min<std::size_t>(digits.size(), 9); len > 0; --len) {
    std::uint32_t key = 0;
    bool numeric = true;
    for (std::size_t i = 0; i < len; ++i) {
      if (digits[i] < '0' || digits[i] > '9') numeric = false;
      key = key * 10 + static_cast<std::uint32_t>(digits[i] - '0');
    }
    if (!numeric) continue;
    const PhoneZoneRow probe{key, static_cast<std::uint8_t>(len), 0};
    const PhoneZoneRow* it = std::lower_bound(kPhoneZones, kPhoneZones + kRows, probe,
                                              [](const PhoneZoneRow& a, const PhoneZoneRow& b) {
                                                return a.digits != b.digits ? a.digits < b.digits : a.prefix < b.prefix;
                                              });
    if (it == kPhoneZones + kRows || it->digits != len || it->prefix != key) continue;
    std::vector<ZoneId> out;
    std::string_view list = kPhoneZoneSets[it->zones];
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
