// Recipients (model.md §7): synthetic numbers, the RFC 4180 splitter and DialNexa's destination
// validation of uploaded rows. The phone number rules are documented in SCENARIO.md.
#include "recipients.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <unordered_map>

namespace cs {

namespace {

// ---- Country calling codes ----

// Assigned ITU-T E.164 country calling codes (geographic and the common non-geographic ones).
// They form a prefix code, so at most one matches a number; sorted for binary search.
constexpr std::string_view kCountryCallingCodes[] = {
    "1",   "20",  "211", "212", "213", "216", "218", "220", "221", "222", "223", "224", "225",
    "226", "227", "228", "229", "230", "231", "232", "233", "234", "235", "236", "237", "238",
    "239", "240", "241", "242", "243", "244", "245", "246", "247", "248", "249", "250", "251",
    "252", "253", "254", "255", "256", "257", "258", "260", "261", "262", "263", "264", "265",
    "266", "267", "268", "269", "27",  "290", "291", "297", "298", "299", "30",  "31",  "32",
    "33",  "34",  "350", "351", "352", "353", "354", "355", "356", "357", "358", "359", "36",
    "370", "371", "372", "373", "374", "375", "376", "377", "378", "379", "380", "381", "382",
    "383", "385", "386", "387", "389", "39",  "40",  "41",  "420", "421", "423", "43",  "44",
    "45",  "46",  "47",  "48",  "49",  "500", "501", "502", "503", "504", "505", "506", "507",
    "508", "509", "51",  "52",  "53",  "54",  "55",  "56",  "57",  "58",  "590", "591", "592",
    "593", "594", "595", "596", "597", "598", "599", "60",  "61",  "62",  "63",  "64",  "65",
    "66",  "670", "672", "673", "674", "675", "676", "677", "678", "679", "680", "681", "682",
    "683", "685", "686", "687", "688", "689", "690", "691", "692", "7",   "800", "808", "81",
    "82",  "84",  "850", "852", "853", "855", "856", "86",  "870", "880", "881", "882", "883",
    "886", "888", "90",  "91",  "92",  "93",  "94",  "95",  "960", "961", "962", "963", "964",
    "965", "966", "967", "968", "970", "971", "972", "973", "974", "975", "976", "977", "979",
    "98",  "992", "993", "994", "995", "996", "998"};

constexpr bool isStrictlySorted(const std::string_view* begin, const std::string_view* end) {
  for (const std::string_view* it = begin; it + 1 < end; ++it) {
    if (!(*it < *(it + 1))) return false;
  }
  return true;
}
static_assert(isStrictlySorted(std::begin(kCountryCallingCodes), std::end(kCountryCallingCodes)),
              "binary search needs the codes sorted");

// Total digit counts (country code included) for countries whose national numbers have a fixed
// or narrow length. Every other country only gets the generic E.164 bound of 8 to 15 digits.
struct CountryLength {
  std::string_view code;
  int min_digits;
  int max_digits;
};
constexpr std::array<CountryLength, 18> kCountryLengths = {{
    {"1", 11, 11},    // NANP (US, Canada, Caribbean): 3-digit area + 7 digits
    {"7", 11, 11},    // Russia, Kazakhstan: 10 national digits
    {"27", 11, 11},   // South Africa: 9
    {"31", 11, 11},   // Netherlands: 9
    {"33", 11, 11},   // France: 9 (the trunk 0 dropped)
    {"34", 11, 11},   // Spain: 9
    {"41", 11, 11},   // Switzerland: 9
    {"44", 11, 12},   // United Kingdom: 9 or 10
    {"45", 10, 10},   // Denmark: 8
    {"47", 10, 10},   // Norway: 8
    {"48", 11, 11},   // Poland: 9
    {"52", 12, 12},   // Mexico: 10 (since 2019, no mobile "1")
    {"55", 12, 13},   // Brazil: 10 landline, 11 mobile
    {"61", 11, 11},   // Australia: 9
    {"65", 10, 10},   // Singapore: 8
    {"86", 12, 13},   // China: 10 or 11
    {"91", 12, 12},   // India: 10
    {"971", 11, 12},  // United Arab Emirates: 8 landline, 9 mobile
}};

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string_view trimAsciiWhitespace(std::string_view s) {
  while (!s.empty() && isAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Header names lose surrounding spaces and tabs (spreadsheets often pad them).
std::string_view trimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// ---- RFC 4180 splitting ----

// Calls on_record(fields, field_count, row) for every non-blank record. `fields` is reused
// between calls (its first field_count entries are the record) so large files allocate little.
// Returns false on an unterminated quote, with the row where that record started.
template <class OnRecord>
bool forEachCsvRecord(std::string_view text, OnRecord&& on_record,
                      std::uint32_t& unterminated_row) {
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());

  std::vector<std::string> fields;
  const std::size_t size = text.size();
  std::size_t pos = 0;
  std::uint32_t row = 0;
  while (pos < size) {
    ++row;
    // An empty line is a blank record: skipped, but it still takes a row number.
    if (text[pos] == '\n') {
      ++pos;
      continue;
    }
    if (text[pos] == '\r') {
      pos += (pos + 1 < size && text[pos + 1] == '\n') ? 2 : 1;
      continue;
    }
    std::size_t field_count = 0;
    for (;;) {
      if (field_count == fields.size()) fields.emplace_back();
      std::string& field = fields[field_count++];
      field.clear();
      if (pos < size && text[pos] == '"') {
        ++pos;
        for (;;) {
          const std::size_t quote = text.find('"', pos);
          if (quote == std::string_view::npos) {
            unterminated_row = row;
            return false;
          }
          field.append(text.data() + pos, quote - pos);
          pos = quote + 1;
          if (pos < size && text[pos] == '"') {  // "" is an escaped quote
            field.push_back('"');
            ++pos;
            continue;
          }
          break;
        }
      }
      // Unquoted text, or (leniently) text after a closing quote, up to the field's end. A quote
      // inside an unquoted field is kept as a literal character.
      std::size_t end = pos;
      while (end < size && text[end] != ',' && text[end] != '\n' && text[end] != '\r') ++end;
      field.append(text.data() + pos, end - pos);
      pos = end;
      if (pos < size && text[pos] == ',') {
        ++pos;
        continue;  // another field follows, possibly empty at the end of the text
      }
      // The record ends at LF, CRLF, a lone CR, or the end of the text.
      if (pos < size) pos += (text[pos] == '\r' && pos + 1 < size && text[pos + 1] == '\n') ? 2 : 1;
      break;
    }
    on_record(fields, field_count, row);
  }
  return true;
}

// The offending value as a person wrote it, cut at a UTF-8 character boundary when long.
std::string rejectedValue(std::string_view text) {
  if (text.size() <= kMaxRejectedValueBytes) return std::string(text);
  std::size_t cut = kMaxRejectedValueBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";  // the ellipsis …
}

// Groups rejected rows by reason, reasons in first-seen order.
void reject(RecipientList& list, std::string_view reason, std::uint32_t row, RowProblem problem) {
  for (auto& group : list.rejected) {
    if (group.reason == reason) {
      group.rows.push_back(row);
      group.problems.push_back(std::move(problem));
      return;
    }
  }
  list.rejected.push_back(RejectedRows{std::string(reason), {row}, {std::move(problem)}});
}

// A short, quoted rendering of a header name for messages (long names are cut at a UTF-8
// character boundary so messages stay valid UTF-8).
std::string quoteForMessage(std::string_view text, std::size_t max_bytes = 40) {
  std::string out = "\"";
  if (text.size() <= max_bytes) {
    out.append(text);
  } else {
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    out.append(text.substr(0, cut));
    out.append("...");
  }
  out.push_back('"');
  return out;
}

void findDuplicates(RecipientList& list) {
  std::unordered_map<std::string_view, std::uint32_t> first_index;
  first_index.reserve(list.phones.size());
  std::unordered_map<std::uint32_t, std::size_t> group_of_first;  // only for repeated phones
  for (std::uint32_t i = 0; i < list.phones.size(); ++i) {
    const auto [it, inserted] = first_index.emplace(list.phones[i], i);
    if (inserted) continue;
    const std::uint32_t first = it->second;
    auto group = group_of_first.find(first);
    if (group == group_of_first.end()) {
      group = group_of_first.emplace(first, list.duplicates.size()).first;
      list.duplicates.push_back(DuplicatePhone{list.phones[first], {list.rows[first]}});
    }
    list.duplicates[group->second].rows.push_back(list.rows[i]);
  }
  // Groups were created at each phone's second occurrence; report them by first occurrence.
  std::stable_sort(list.duplicates.begin(), list.duplicates.end(),
                   [](const DuplicatePhone& a, const DuplicatePhone& b) {
                     return a.rows.front() < b.rows.front();
                   });
}

}  // namespace

// ---- Phone numbers ----

bool isCountryCallingCode(std::string_view code) {
  return !code.empty() &&
         std::binary_search(std::begin(kCountryCallingCodes), std::end(kCountryCallingCodes), code);
}

std::string_view countryCallingCodeOf(std::string_view digits) {
  for (std::size_t length = std::min<std::size_t>(3, digits.size()); length >= 1; --length) {
    if (isCountryCallingCode(digits.substr(0, length))) return digits.substr(0, length);
  }
  return {};
}

RowProblem phoneNumberProblem(std::string_view phone) {
  RowProblem p;
  const auto fail = [&p](std::string_view detail) {
    p.detail = detail;
    return p;
  };
  if (phone.empty()) return fail("empty");
  if (phone[0] != '+') return fail("missing_plus");
  const std::string_view digits = phone.substr(1);
  if (!std::all_of(digits.begin(), digits.end(), isDigit)) return fail("stray_characters");
  const int digit_count = static_cast<int>(digits.size());
  const std::string_view country = digits.empty() || digits[0] == '0' ? std::string_view{}
                                                                      : countryCallingCodeOf(digits);
  p.found = digit_count;
  p.allowed_min = 8;
  p.allowed_max = 15;
  if (digit_count < 8 || digit_count > 15) return fail("wrong_length");
  p.found = p.allowed_min = p.allowed_max = 0;
  if (country.empty()) return fail("unknown_country_code");
  for (const CountryLength& rule : kCountryLengths) {
    if (rule.code != country) continue;
    if (digit_count >= rule.min_digits && digit_count <= rule.max_digits) break;
    p.found = digit_count;
    p.allowed_min = rule.min_digits;
    p.allowed_max = rule.max_digits;
    return fail("wrong_length");
  }
  return p;
}

bool isValidPhoneNumber(std::string_view phone) { return phoneNumberProblem(phone).detail.empty(); }

std::string formatRowList(const std::vector<std::uint32_t>& rows, std::size_t max_listed) {
  std::string out = rows.size() == 1 ? "row " : "rows ";
  const std::size_t listed = std::min(rows.size(), std::max<std::size_t>(max_listed, 1));
  for (std::size_t i = 0; i < listed; ++i) {
    if (i) out += ", ";
    out += std::to_string(rows[i]);
  }
  if (listed < rows.size()) out += ", ... (" + std::to_string(rows.size() - listed) + " more)";
  return out;
}

bool removeTextMarker(std::string& cell) {
  if (cell.size() < 2 || cell[0] != '\'') return false;
  const char c = cell[1];
  if (c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r') return false;
  cell.erase(0, 1);
  return true;
}

// ---- RecipientList ----

std::string RecipientList::phone(std::uint32_t i) const {
  if (!synthetic_count) return phones[i];
  // "+1", an area code from 200 up, and 7 digits: 11 digits, valid NANP shape, unique for every
  // 32-bit index (the area code moves on every 10 million recipients).
  std::string number = "+1" + std::to_string(200 + i / 10'000'000u);
  const std::string line = std::to_string(i % 10'000'000u);
  number.append(7 - line.size(), '0');
  number += line;
  return number;
}

std::uint32_t RecipientList::rejectedCount() const {
  std::uint32_t total = 0;
  for (const auto& group : rejected) total += static_cast<std::uint32_t>(group.rows.size());
  return total;
}

RecipientList syntheticRecipients(std::uint32_t count) {
  RecipientList list;
  list.synthetic_count = count;
  return list;
}

// ---- CSV ----

bool splitCsv(const std::string& text, std::vector<std::vector<std::string>>& records,
              std::vector<std::uint32_t>& record_rows) {
  std::uint32_t unterminated_row = 0;
  return forEachCsvRecord(
      text,
      [&](const std::vector<std::string>& fields, std::size_t count, std::uint32_t row) {
        records.emplace_back(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(count));
        record_rows.push_back(row);
      },
      unterminated_row);
}

bool scanCsv(std::string_view text,
             const std::function<void(const std::vector<std::string>&, std::size_t, std::uint32_t)>& on_record,
             std::uint32_t& unterminated_row) {
  return forEachCsvRecord(text, on_record, unterminated_row);
}

RecipientList parseCsvRecipients(const std::string& csv, const CsvOptions& options,
                                 std::vector<std::string>& fatal) {
  RecipientList list;
  const std::size_t fatal_before = fatal.size();
  bool have_header = false;
  bool header_ok = false;
  std::size_t column_count = 0;
  std::size_t phone_column = 0;
  const bool no_enabled_countries = options.enabled_countries && options.enabled_countries->empty();

  auto checkHeader = [&](const std::vector<std::string>& fields, std::size_t count,
                         std::uint32_t row) {
    const std::string header_row = "row " + std::to_string(row);
    std::vector<std::string_view> names;
    for (std::size_t c = 0; c < count; ++c) names.push_back(trimSpaces(fields[c]));
    bool ok = true;
    std::optional<std::size_t> phone;
    for (std::size_t c = 0; c < count; ++c) {
      if (names[c] == "phone_number" && !phone) phone = c;
      if (names[c].empty()) {
        // A lone empty header is an empty first line of text, which never reaches here.
        fatal.push_back("column " + std::to_string(c + 1) + " of the header (" + header_row +
                        ") has no name; every column needs a name");
        ok = false;
        continue;
      }
      for (std::size_t earlier = 0; earlier < c; ++earlier) {
        if (names[earlier] == names[c]) {
          fatal.push_back("duplicate column name " + quoteForMessage(names[c]) + " (columns " +
                          std::to_string(earlier + 1) + " and " + std::to_string(c + 1) +
                          " of the header, " + header_row + "); column names must be unique");
          ok = false;
          break;
        }
      }
    }
    if (!phone) {
      std::string found;
      const std::size_t listed = std::min<std::size_t>(count, 20);
      for (std::size_t c = 0; c < listed; ++c) found += (c ? ", " : "") + quoteForMessage(names[c]);
      if (listed < count) found += ", ... (" + std::to_string(count - listed) + " more)";
      fatal.push_back("no phone_number column: the header (" + header_row + ") has " + found +
                      "; a column named exactly phone_number (lower case) is required");
      ok = false;
    }
    if (!ok) return false;
    column_count = count;
    phone_column = *phone;
    for (std::size_t c = 0; c < count; ++c) {
      if (c != phone_column) list.variable_names.emplace_back(names[c]);
    }
    // One record per line is the common case: reserving avoids repeated copies on large files.
    const auto line_count = static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n'));
    list.phones.reserve(line_count);
    list.rows.reserve(line_count);
    list.values.reserve(line_count * list.variable_names.size());
    return true;
  };

  auto checkRow = [&](const std::vector<std::string>& fields, std::size_t count,
                      std::uint32_t row) {
    const std::string_view written =
        trimAsciiWhitespace(phone_column < count ? std::string_view(fields[phone_column]) : std::string_view{});
    const auto problem = [&](std::string_view detail) {
      RowProblem p;
      p.detail = detail;
      p.value = rejectedValue(written);
      return p;
    };
    // With nothing enabled nothing can be called, whatever the row holds (DialNexa's check order).
    if (no_enabled_countries) return reject(list, "no_enabled_countries", row, problem("nothing_enabled"));
    if (count != column_count) {
      RowProblem p = problem(count < column_count ? "too_few_fields" : "too_many_fields");
      p.found = static_cast<int>(count);
      p.allowed_min = p.allowed_max = static_cast<int>(column_count);
      return reject(list, "malformed_row", row, std::move(p));
    }
    std::string phone_text(written);
    bool marked = removeTextMarker(phone_text);  // '+1415... as spreadsheets write it
    const std::string_view phone = phone_text;
    if (RowProblem p = phoneNumberProblem(phone); !p.detail.empty()) {
      p.value = rejectedValue(written);
      return reject(list, "invalid_phone_number", row, std::move(p));
    }
    const std::string_view digits = phone.substr(1);
    if (options.enabled_countries) {
      const std::string_view country = countryCallingCodeOf(digits);
      const auto& enabled = *options.enabled_countries;
      if (std::find(enabled.begin(), enabled.end(), country) == enabled.end())
        return reject(list, "unsupported_country", row, problem("country_not_enabled"));
    }
    if (options.enabled_prefixes) {
      const auto& prefixes = *options.enabled_prefixes;
      const bool allowed = std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) {
        return digits.substr(0, p.size()) == p;
      });
      if (!allowed) return reject(list, "unsupported_prefix", row, problem("prefix_not_enabled"));
    }
    list.phones.emplace_back(phone);
    list.rows.push_back(row);
    for (std::size_t c = 0; c < column_count; ++c) {
      if (c == phone_column) continue;
      list.values.push_back(fields[c]);
      marked = removeTextMarker(list.values.back()) || marked;
    }
    if (marked) list.text_marker_rows.push_back(row);
  };

  std::uint32_t unterminated_row = 0;
  const bool terminated = forEachCsvRecord(
      csv,
      [&](const std::vector<std::string>& fields, std::size_t count, std::uint32_t row) {
        if (!have_header) {
          have_header = true;
          header_ok = checkHeader(fields, count, row);
        } else if (header_ok) {
          checkRow(fields, count, row);
        }
      },
      unterminated_row);

  if (!terminated) {
    fatal.push_back("unterminated quoted field: the quote opened in row " +
                    std::to_string(unterminated_row) + " never closes");
  } else if (!have_header) {
    fatal.push_back("the CSV is empty; it needs a header row with a phone_number column");
  }
  if (fatal.size() != fatal_before) return RecipientList{};
  findDuplicates(list);
  return list;
}

}  // namespace cs
