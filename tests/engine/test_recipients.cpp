// Recipients (model.md §7): the RFC 4180 splitter, DialNexa's row checks, synthetic numbers.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <set>

#include "recipients.h"

using cs::CsvOptions;
using cs::RecipientList;

namespace {

struct Split {
  bool ok = false;
  std::vector<std::vector<std::string>> records;
  std::vector<std::uint32_t> rows;
};

Split split(const std::string& text) {
  Split s;
  s.ok = cs::splitCsv(text, s.records, s.rows);
  return s;
}

using Records = std::vector<std::vector<std::string>>;
using Rows = std::vector<std::uint32_t>;

struct Parsed {
  RecipientList list;
  std::vector<std::string> fatal;
};

Parsed parse(const std::string& csv, CsvOptions options = {}) {
  Parsed p;
  p.list = cs::parseCsvRecipients(csv, options, p.fatal);
  return p;
}

// The rows rejected for `reason`, or an empty list.
Rows rejectedRows(const RecipientList& list, const std::string& reason) {
  for (const auto& group : list.rejected)
    if (group.reason == reason) return group.rows;
  return {};
}

std::vector<std::string> reasons(const RecipientList& list) {
  std::vector<std::string> out;
  for (const auto& group : list.rejected) out.push_back(group.reason);
  return out;
}

CsvOptions countries(std::vector<std::string> codes) {
  CsvOptions o;
  o.enabled_countries = std::move(codes);
  return o;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
TEST_CASE("splitCsv: plain records with LF, CRLF and no final newline", "[csv]") {
  auto s = split("a,b,c\nd,e,f\r\ng,h,i");
  REQUIRE(s.ok);
  CHECK(s.records == Records{{"a", "b", "c"}, {"d", "e", "f"}, {"g", "h", "i"}});
  CHECK(s.rows == Rows{1, 2, 3});
}

TEST_CASE("splitCsv: quoted fields, escaped quotes and delimiters inside quotes", "[csv]") {
  auto s = split("name,note\n\"Lee, Sam\",\"say \"\"hi\"\"\"\n\"\",x\n");
  REQUIRE(s.ok);
  CHECK(s.records == Records{{"name", "note"}, {"Lee, Sam", "say \"hi\""}, {"", "x"}});
}

TEST_CASE("splitCsv: newlines inside quotes (LF, CR, CRLF) stay in the field, one row", "[csv]") {
  auto s = split("h1,h2\r\n\"line1\nline2\",a\r\n\"x\ry\",b\r\n\"p\r\nq\",c\r\nlast,d\r\n");
  REQUIRE(s.ok);
  CHECK(
      s.records ==
      Records{{"h1", "h2"}, {"line1\nline2", "a"}, {"x\ry", "b"}, {"p\r\nq", "c"}, {"last", "d"}});
  CHECK(s.rows == Rows{1, 2, 3, 4, 5});
}

TEST_CASE("splitCsv: a UTF-8 BOM at the start is dropped", "[csv]") {
  auto s = split("\xEF\xBB\xBFphone_number,name\n+14155550101,Zoë\n");
  REQUIRE(s.ok);
  CHECK(s.records[0][0] == "phone_number");
  CHECK(s.records[1][1] == "Zoë");
}

TEST_CASE("splitCsv: blank lines are skipped but keep their row numbers", "[csv]") {
  auto s = split("h\n\na\r\n\r\nb\n\n\n");
  REQUIRE(s.ok);
  CHECK(s.records == Records{{"h"}, {"a"}, {"b"}});
  CHECK(s.rows == Rows{1, 3, 5});
}

TEST_CASE("splitCsv: empty fields, trailing commas and a lone CR line end", "[csv]") {
  auto s = split("a,,c,\r,\n");
  REQUIRE(s.ok);
  CHECK(s.records == Records{{"a", "", "c", ""}, {"", ""}});
  CHECK(split("").records.empty());
  CHECK(split("\xEF\xBB\xBF").records.empty());
}

TEST_CASE("splitCsv: lenient with stray quotes inside or after fields", "[csv]") {
  auto s = split("ab\"c,\"q\"tail,d\n");
  REQUIRE(s.ok);
  CHECK(s.records == Records{{"ab\"c", "qtail", "d"}});
}

TEST_CASE("splitCsv: an unterminated quote fails", "[csv]") {
  CHECK_FALSE(split("a,b\n\"open,c\nd,e\n").ok);
  CHECK_FALSE(split("\"").ok);
  CHECK_FALSE(split("a,\"b\"\"").ok);  // the last quote is an escaped quote, not a close
}

// ---------------------------------------------------------------------------------------------
TEST_CASE("phone numbers: E.164-like shape and per-country lengths", "[csv][phone]") {
  for (const char* ok : {"+14155550101", "+919876543210", "+447911123456", "+442079460018",
                         "+44169772345", /* UK 9 national digits: 11 total */ "+33612345678",
                         "+8613812345678", "+971501234567", "+97142345678", "+61412345678",
                         "+5511987654321", "+4930123456", "+3545511234", "+88012345678"}) {
    INFO(ok);
    CHECK(cs::isValidPhoneNumber(ok));
  }
  for (const char* bad : {"14155550101",        // missing '+'
                          "+1 415 555 0101",    // spaces
                          "+1-415-555-0101",    // dashes
                          "+1415555O101",       // a letter O
                          "+(1)4155550101",     // brackets
                          "+04155550101",       // first digit 0
                          "+1415555010",        // NANP with 10 digits
                          "+141555501011",      // NANP with 12 digits
                          "+91987654321",       // India with 11 digits
                          "+440791112345678",   // UK too long
                          "+4420794601",        // UK with 10 digits
                          "+4420794",           // 7 digits in all
                          "+4930123456789012",  // 16 digits
                          "+99912345678",       // 999 is no country calling code
                          "+", "", "++14155550101"}) {
    INFO(bad);
    CHECK_FALSE(cs::isValidPhoneNumber(bad));
  }
}

TEST_CASE("country calling codes: longest-prefix match on the ITU table", "[csv][phone]") {
  CHECK(cs::countryCallingCodeOf("14155550101") == "1");
  CHECK(cs::countryCallingCodeOf("447911123456") == "44");
  CHECK(cs::countryCallingCodeOf("971501234567") == "971");
  CHECK(cs::countryCallingCodeOf("8801712345678") == "880");
  CHECK(cs::countryCallingCodeOf("79161234567") == "7");
  CHECK(cs::countryCallingCodeOf("2125551234") == "212");  // Morocco, not a NANP area code
  CHECK(cs::countryCallingCodeOf("99912345").empty());
  CHECK(cs::countryCallingCodeOf("").empty());
  CHECK(cs::isCountryCallingCode("91"));
  CHECK(cs::isCountryCallingCode("998"));
  CHECK_FALSE(cs::isCountryCallingCode("999"));
  CHECK_FALSE(cs::isCountryCallingCode("0"));
  CHECK_FALSE(cs::isCountryCallingCode(""));
}

// ---------------------------------------------------------------------------------------------
TEST_CASE("CSV: valid rows, variables in file order, names case-sensitive and trimmed", "[csv]") {
  auto p = parse(
      "first_name, phone_number ,City,city\n"
      "Jordan,+14155550101,San Francisco,sf\n"
      "\"Lee, Sam\",+919876543210,Mumbai,bom\n");
  REQUIRE(p.fatal.empty());
  const RecipientList& l = p.list;
  CHECK(l.variable_names == std::vector<std::string>{"first_name", "City", "city"});
  CHECK(l.phones == std::vector<std::string>{"+14155550101", "+919876543210"});
  CHECK(l.rows == Rows{2, 3});
  CHECK(l.value(1, 0) == "Lee, Sam");
  CHECK(l.value(1, 2) == "bom");
  CHECK(l.fromCsv());
  CHECK(l.size() == 2);
  CHECK(l.position(1) == 3);
  CHECK(l.phone(0) == "+14155550101");
  CHECK(l.rejected.empty());
  CHECK(l.duplicates.empty());
  CHECK(l.rejectedCount() == 0);
}

TEST_CASE("CSV: surrounding whitespace of a phone value is trimmed, inner spaces are not",
          "[csv]") {
  auto p = parse("phone_number\n  +14155550101\t\n\" +14155550102 \"\n+1 4155550103\n");
  REQUIRE(p.fatal.empty());
  CHECK(p.list.phones == std::vector<std::string>{"+14155550101", "+14155550102"});
  CHECK(rejectedRows(p.list, "invalid_phone_number") == Rows{4});
}

TEST_CASE("CSV: invalid_phone_number rows are grouped with spreadsheet row numbers", "[csv]") {
  auto p = parse(
      "phone_number,name\n"
      "+14155550101,ok\n"       // 2
      "4155550102,no plus\n"    // 3
      "\n"                      // 4 (blank, skipped)
      "+1-415-555-0103,dash\n"  // 5
      "+1415555010,short\n"     // 6
      ",empty\n"                // 7
      "+14155550107,ok\n");     // 8
  REQUIRE(p.fatal.empty());
  CHECK(p.list.rows == Rows{2, 8});
  CHECK(rejectedRows(p.list, "invalid_phone_number") == Rows{3, 5, 6, 7});
  CHECK(p.list.rejectedCount() == 4);
}

TEST_CASE("CSV: malformed_row when the field count differs from the header", "[csv]") {
  auto p = parse("phone_number,name\n+14155550101\n+14155550102,a,b\n+14155550103,ok\n");
  REQUIRE(p.fatal.empty());
  CHECK(rejectedRows(p.list, "malformed_row") == Rows{2, 3});
  CHECK(p.list.rows == Rows{4});
}

TEST_CASE("CSV: a record spanning lines inside quotes is one row", "[csv]") {
  auto p = parse("phone_number,note\n+14155550101,\"two\nlines\"\nbad,x\n");
  REQUIRE(p.fatal.empty());
  CHECK(p.list.value(0, 0) == "two\nlines");
  CHECK(rejectedRows(p.list, "invalid_phone_number") == Rows{3});
}

TEST_CASE("CSV: unsupported_country when an enabled list is given", "[csv]") {
  auto p =
      parse("phone_number\n+14155550101\n+919876543210\n+447911123456\n", countries({"1", "44"}));
  REQUIRE(p.fatal.empty());
  CHECK(rejectedRows(p.list, "unsupported_country") == Rows{3});
  CHECK(p.list.rows == Rows{2, 4});
  // Without a list every country is enabled.
  CHECK(parse("phone_number\n+919876543210\n").list.rejected.empty());
}

TEST_CASE("CSV: unsupported_prefix when enabled prefixes are given", "[csv]") {
  CsvOptions o;
  o.enabled_prefixes = std::vector<std::string>{"1415", "91"};
  auto p = parse("phone_number\n+14155550101\n+12125550102\n+919876543210\n+447911123456\n", o);
  REQUIRE(p.fatal.empty());
  CHECK(rejectedRows(p.list, "unsupported_prefix") == Rows{3, 5});
  CHECK(p.list.rows == Rows{2, 4});
}

TEST_CASE("CSV: no_enabled_countries rejects every row when the enabled list is empty", "[csv]") {
  auto p = parse("phone_number,name\n+14155550101,a\nbad,b\n+14155550103\n", countries({}));
  REQUIRE(p.fatal.empty());
  CHECK(reasons(p.list) == std::vector<std::string>{"no_enabled_countries"});
  CHECK(rejectedRows(p.list, "no_enabled_countries") == Rows{2, 3, 4});
  CHECK(p.list.phones.empty());
}

TEST_CASE("CSV: reasons are listed in first-seen order, checks in a fixed order", "[csv]") {
  CsvOptions o = countries({"1"});
  o.enabled_prefixes = std::vector<std::string>{"1415"};
  auto p = parse(
      "phone_number,x\n"
      "+12125550101,a\n"   // 2 unsupported_prefix
      "+919876543210,b\n"  // 3 unsupported_country (country is checked before prefix)
      "+1212,c\n"          // 4 invalid_phone_number (shape before country)
      "+14155550104\n"     // 5 malformed_row (before anything about the phone)
      "+12125550105,e\n",  // 6 unsupported_prefix
      o);
  REQUIRE(p.fatal.empty());
  CHECK(reasons(p.list) == std::vector<std::string>{"unsupported_prefix", "unsupported_country",
                                                    "invalid_phone_number", "malformed_row"});
  CHECK(rejectedRows(p.list, "unsupported_prefix") == Rows{2, 6});
  CHECK(p.list.phones.empty());
}

TEST_CASE("CSV: duplicate phone numbers are kept and reported with all their rows", "[csv]") {
  auto p = parse(
      "phone_number,n\n"
      "+14155550102,a\n"     // 2
      "+14155550101,b\n"     // 3
      "+14155550101,c\n"     // 4
      "+14155550103,d\n"     // 5
      "+14155550102,e\n"     // 6
      " +14155550101,f\n");  // 7 (trimmed, so the same number)
  REQUIRE(p.fatal.empty());
  CHECK(p.list.phones.size() == 6);
  REQUIRE(p.list.duplicates.size() == 2);
  CHECK(p.list.duplicates[0].phone_number == "+14155550102");  // first seen first
  CHECK(p.list.duplicates[0].rows == Rows{2, 6});
  CHECK(p.list.duplicates[1].phone_number == "+14155550101");
  CHECK(p.list.duplicates[1].rows == Rows{3, 4, 7});
}

TEST_CASE("CSV: CRLF, BOM and blank lines together keep spreadsheet row numbers", "[csv]") {
  auto p = parse(
      "\xEF\xBB\xBFphone_number,name\r\n\r\n+14155550101,A\r\nnope,B\r\n\r\n+14155550102,C\r\n");
  REQUIRE(p.fatal.empty());
  CHECK(p.list.variable_names == std::vector<std::string>{"name"});
  CHECK(p.list.rows == Rows{3, 6});
  CHECK(rejectedRows(p.list, "invalid_phone_number") == Rows{4});
}

TEST_CASE("CSV: a header without data rows is not fatal (the scenario reports it)", "[csv]") {
  auto p = parse("phone_number,name\n");
  CHECK(p.fatal.empty());
  CHECK(p.list.phones.empty());
  CHECK(p.list.rejected.empty());
}

TEST_CASE("CSV fatal: empty file", "[csv][fatal]") {
  for (const char* empty : {"", "\xEF\xBB\xBF", "\n\n\r\n"}) {
    auto p = parse(empty);
    REQUIRE(p.fatal.size() == 1);
    CHECK_THAT(p.fatal[0], Catch::Contains("empty"));
  }
}

TEST_CASE("CSV fatal: no phone_number column names the columns found", "[csv][fatal]") {
  auto p = parse("Phone_Number,name\n+14155550101,a\n");
  REQUIRE(p.fatal.size() == 1);
  CHECK_THAT(p.fatal[0], Catch::Contains("no phone_number column"));
  CHECK_THAT(p.fatal[0], Catch::Contains("\"Phone_Number\", \"name\""));
  CHECK(p.list.phones.empty());
  CHECK(p.list.rejected.empty());
}

TEST_CASE("CSV fatal: duplicate and empty column names", "[csv][fatal]") {
  auto dup = parse("phone_number,name,age,name\n+14155550101,a,1,b\n");
  REQUIRE(dup.fatal.size() == 1);
  CHECK_THAT(dup.fatal[0], Catch::Contains("duplicate column name \"name\" (columns 2 and 4"));
  CHECK(dup.list.phones.empty());

  auto twice = parse("phone_number,phone_number\n+14155550101,+14155550102\n");
  REQUIRE(twice.fatal.size() == 1);
  CHECK_THAT(twice.fatal[0], Catch::Contains("duplicate column name \"phone_number\""));

  auto unnamed = parse("phone_number,,name\n+14155550101,x,a\n");
  REQUIRE(unnamed.fatal.size() == 1);
  CHECK_THAT(unnamed.fatal[0], Catch::Contains("column 2"));
}

TEST_CASE("CSV fatal: an unterminated quote names the row where it opened", "[csv][fatal]") {
  auto p =
      parse("phone_number,name\n+14155550101,ok\n\n+14155550102,\"never closed\n+14155550103,x\n");
  REQUIRE(p.fatal.size() == 1);
  CHECK_THAT(p.fatal[0], Catch::Contains("unterminated quoted field"));
  CHECK_THAT(p.fatal[0], Catch::Contains("row 4"));
  CHECK(p.list.phones.empty());
}

TEST_CASE("CSV fatal messages are appended after existing ones", "[csv][fatal]") {
  std::vector<std::string> fatal{"earlier"};
  cs::parseCsvRecipients("name\nx\n", {}, fatal);
  REQUIRE(fatal.size() == 2);
  CHECK(fatal[0] == "earlier");
}

// ---------------------------------------------------------------------------------------------
TEST_CASE("synthetic recipients: unique, valid NANP-shaped numbers", "[recipients]") {
  const RecipientList l = cs::syntheticRecipients(1000);
  CHECK(l.size() == 1000);
  CHECK_FALSE(l.fromCsv());
  CHECK(l.position(0) == 1);
  CHECK(l.position(999) == 1000);
  CHECK(l.rejectedCount() == 0);
  CHECK(l.phone(0) == "+12000000000");
  CHECK(l.phone(42) == "+12000000042");
  std::set<std::string> seen;
  for (std::uint32_t i :
       {0u, 1u, 9'999'999u, 10'000'000u, 10'000'001u, 123'456'789u, 4'294'967'295u}) {
    const std::string phone = l.phone(i);
    INFO(phone);
    CHECK(phone.size() == 12);
    CHECK(cs::isValidPhoneNumber(phone));
    CHECK(seen.insert(phone).second);
  }
  for (std::uint32_t i = 0; i < 1000; ++i) seen.insert(l.phone(i));
  CHECK(seen.size() == 1000 + 5);  // the five indexes beyond 999 add one number each
}

TEST_CASE("formatRowList lists rows and says how many more", "[recipients]") {
  CHECK(cs::formatRowList({4}) == "row 4");
  CHECK(cs::formatRowList({4, 7, 9}) == "rows 4, 7, 9");
  CHECK(cs::formatRowList({1, 2, 3, 4, 5}, 3) == "rows 1, 2, 3, ... (2 more)");
}

TEST_CASE("CSV: a 10 MB file of about 200k rows parses quickly", "[csv][perf]") {
  std::string csv = "phone_number,first_name,last_name,company,note\r\n";
  csv.reserve(11'000'000);
  char line[160];
  std::uint32_t rows = 0;
  while (csv.size() < 10'000'000) {
    std::snprintf(line, sizeof line,
                  "+1415%07u,Jordan%u,\"Smith, Jr.\",Acme Widgets,\"said \"\"call me\"\"\"\r\n",
                  rows % 100'000, rows);
    csv += line;
    ++rows;
  }
  const auto start = std::chrono::steady_clock::now();
  auto p = parse(csv, countries({"1"}));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(p.fatal.empty());
  CHECK(p.list.phones.size() == rows);
  CHECK(rows > 100'000);
  CHECK(p.list.value(rows - 1, 1) == "Smith, Jr.");
  CHECK(p.list.value(rows - 1, 3) == "said \"call me\"");
  CHECK(p.list.duplicates.size() == rows - 100'000);
  // A loose bound that only catches an accidental quadratic algorithm (typical: ~0.1 s).
  CHECK(seconds < 3.0);
}

// ---- What exactly is wrong with a rejected row (the detail under DialNexa's reason) ----

namespace {
// The problem recorded for the one rejected row of a one-row CSV.
cs::RowProblem onlyProblem(const std::string& phone_cell, CsvOptions options = {}) {
  auto p = parse("phone_number,name\n" + phone_cell + ",x\n", options);
  REQUIRE(p.fatal.empty());
  REQUIRE(p.list.rejected.size() == 1);
  REQUIRE(p.list.rejected[0].problems.size() == 1);
  return p.list.rejected[0].problems[0];
}
}  // namespace

TEST_CASE("CSV: an invalid phone number says which rule it breaks and keeps the value as written",
          "[csv][detail]") {
  const auto [cell, detail] = GENERATE(table<std::string, std::string>({
      {"4155550102", "missing_plus"},
      {"0014155550102", "missing_plus"},
      {"(415) 555-0102", "missing_plus"},
      {"+1-415-555-0102", "stray_characters"},
      {"+1 415 555 0102", "stray_characters"},
      {"+1415555abc1", "stray_characters"},
      {"++14155550102", "stray_characters"},
      {"+1415", "wrong_length"},
      {"+", "wrong_length"},
      {"+1234567890123456", "wrong_length"},
      {"+1415555010", "wrong_length"},
      {"+919876", "wrong_length"},
      {"+9998887776", "unknown_country_code"},
      {"+0441234567890", "unknown_country_code"},
      {"\"\"", "empty"},
      {"\"   \"", "empty"},
  }));
  CAPTURE(cell);
  const cs::RowProblem p = onlyProblem(cell);
  CHECK(std::string(p.detail) == detail);
  const std::string unquoted = cell.front() == '"' ? "" : cell;
  CHECK(p.value == unquoted);
}

TEST_CASE("CSV: every rejected invalid_phone_number row keeps DialNexa's reason", "[csv][detail]") {
  auto p = parse("phone_number\n4155550102\n+1-415-555-0102\n+1415\n+9998887776\n");
  REQUIRE(p.fatal.empty());
  CHECK(reasons(p.list) == std::vector<std::string>{"invalid_phone_number"});
  CHECK(rejectedRows(p.list, "invalid_phone_number") == Rows{2, 3, 4, 5});
}

TEST_CASE("CSV: a number of the wrong length says how many digits it has and how many are allowed",
          "[csv][detail]") {
  const auto [cell, found, lo, hi] = GENERATE(table<std::string, int, int, int>({
      {"+1415", 4, 8, 15},                // below E.164's minimum
      {"+1234567890123456", 16, 8, 15},   // above E.164's maximum
      {"+1415555010", 10, 11, 11},        // NANP numbers have 11 digits
      {"+4479111234", 10, 11, 12},        // United Kingdom: 11 or 12
      {"+9198765432101", 13, 12, 12},     // India: 12
  }));
  CAPTURE(cell);
  const cs::RowProblem p = onlyProblem(cell);
  CHECK(std::string(p.detail) == "wrong_length");
  CHECK(p.found == found);
  CHECK(p.allowed_min == lo);
  CHECK(p.allowed_max == hi);
}

TEST_CASE("CSV: a malformed row says how many fields it has against the header's",
          "[csv][detail]") {
  auto p = parse("phone_number,name,plan\n+14155550101,a\n+14155550102,a,b,c\n");
  REQUIRE(p.fatal.empty());
  const auto& g = p.list.rejected.at(0);
  CHECK(g.reason == "malformed_row");
  REQUIRE(g.problems.size() == 2);
  CHECK(std::string(g.problems[0].detail) == "too_few_fields");
  CHECK(g.problems[0].found == 2);
  CHECK(g.problems[0].allowed_min == 3);
  CHECK(g.problems[0].value == "+14155550101");
  CHECK(std::string(g.problems[1].detail) == "too_many_fields");
  CHECK(g.problems[1].found == 4);
}

TEST_CASE("CSV: a malformed row without a phone_number field has an empty value", "[csv][detail]") {
  auto p = parse("name,phone_number\nonly-a-name\n+14155550101,+14155550102\n");
  REQUIRE(p.fatal.empty());
  const auto& g = p.list.rejected.at(0);
  REQUIRE(g.problems.size() == 1);
  CHECK(std::string(g.problems[0].detail) == "too_few_fields");
  CHECK(g.problems[0].value.empty());
}

TEST_CASE("CSV: rows of a country or prefix that is not enabled keep their number",
          "[csv][detail]") {
  CHECK(std::string(onlyProblem("+447911123456", countries({"1"})).detail) == "country_not_enabled");
  CHECK(onlyProblem("+447911123456", countries({"1"})).value == "+447911123456");
  CsvOptions prefixes;
  prefixes.enabled_prefixes = std::vector<std::string>{"1212"};
  CHECK(std::string(onlyProblem("+14155550101", prefixes).detail) == "prefix_not_enabled");
  CHECK(std::string(onlyProblem("+14155550101", countries({})).detail) == "nothing_enabled");
}

TEST_CASE("CSV: a long offending value is cut at a character boundary and says so", "[csv][detail]") {
  std::string cell = "+1";
  for (int i = 0; i < 30; ++i) cell += "\xC3\xA9";  // 'é', two bytes each: 62 bytes in all
  const cs::RowProblem p = onlyProblem(cell);
  CHECK(std::string(p.detail) == "stray_characters");
  CHECK(p.value.size() <= cs::kMaxRejectedValueBytes + 3);
  CHECK(p.value.substr(p.value.size() - 3) == "\xE2\x80\xA6");
  CHECK(p.value.substr(0, p.value.size() - 3) == cell.substr(0, 60));
}

TEST_CASE("a valid number has no problem, and the check agrees with isValidPhoneNumber",
          "[csv][detail]") {
  const std::string phone = GENERATE(as<std::string>{}, "+14155550101", "+442079460000",
                                     "+919876543210", "+97150123456", "+35312345678");
  CAPTURE(phone);
  CHECK(cs::phoneNumberProblem(phone).detail.empty());
  CHECK(cs::isValidPhoneNumber(phone));
}
