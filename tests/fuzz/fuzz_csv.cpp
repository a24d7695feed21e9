// libFuzzer target: the DialNexa recipients CSV reader (engine/recipients.cpp). The first byte
// picks the options (enabled countries / prefixes), the rest is the CSV text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "recipients.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  cs::CsvOptions options;
  if (data[0] & 1) options.enabled_countries = std::vector<std::string>{"1", "44", "91"};
  if (data[0] & 2) options.enabled_countries = std::vector<std::string>{};
  if (data[0] & 4) options.enabled_prefixes = std::vector<std::string>{"1415", "9198"};
  if (data[0] & 8) options.max_recipients = 3;
  const std::string csv(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<std::string> fatal;
  const cs::RecipientList list = cs::parseCsvRecipients(csv, options, fatal);
  // Every recipient has its row and one value per variable; a refused file has no recipients.
  if (!fatal.empty() && list.size() != 0) __builtin_trap();
  if (list.fromCsv() && list.values.size() != list.phones.size() * list.variable_names.size()) __builtin_trap();
  if (list.rows.size() != list.phones.size()) __builtin_trap();
  if (list.size() > options.max_recipients) __builtin_trap();
  return 0;
}
