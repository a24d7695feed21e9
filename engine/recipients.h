// Recipients (model.md §7): a synthetic count, or a DialNexa CSV checked row by row.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

// What exactly is wrong with one rejected row, for a person fixing the file: a finer name than
// DialNexa's reason, and the offending value as written (cut to kMaxRejectedValueBytes).
//   invalid_phone_number: empty, missing_plus, stray_characters, wrong_length, unknown_country_code
//   malformed_row:        too_few_fields, too_many_fields
//   unsupported_country:  country_not_enabled   unsupported_prefix: prefix_not_enabled
//   no_enabled_countries: nothing_enabled
// `found` and `allowed_min..allowed_max` are the digit counts (wrong_length) or field counts
// (malformed_row); 0 otherwise.
struct RowProblem {
  std::string_view detail;  // one of the names above (static storage)
  std::string value;        // the phone_number field, trimmed; empty when the row has none
  int found = 0;
  int allowed_min = 0;
  int allowed_max = 0;
};
inline constexpr std::size_t kMaxRejectedValueBytes = 60;

// Why a CSV row was rejected before launch. Names as DialNexa's destination validation.
struct RejectedRows {
  std::string reason;               // invalid_phone_number, unsupported_country, unsupported_prefix,
                                    // no_enabled_countries, malformed_row
  std::vector<std::uint32_t> rows;  // row numbers as a spreadsheet shows them (header = row 1)
  std::vector<RowProblem> problems; // one per row, same order as `rows`
};

struct DuplicatePhone {
  std::string phone_number;
  std::vector<std::uint32_t> rows;
};

struct RecipientList {
  // Synthetic recipients have no stored text: their phone numbers are generated from the index.
  std::uint32_t synthetic_count = 0;

  // CSV recipients (valid rows only, in file order).
  std::vector<std::string> variable_names;  // every column but phone_number, in file order
  std::vector<std::string> phones;
  std::vector<std::string> values;          // row-major: phones.size() x variable_names.size()
  std::vector<std::uint32_t> rows;          // source row number of each valid recipient

  std::vector<RejectedRows> rejected;       // grouped by reason, reasons in first-seen order
  std::vector<DuplicatePhone> duplicates;   // kept, reported as a warning [model]
  // Rows where a leading apostrophe (a spreadsheet's "this is text" marker, which other tools and
  // older exports write before +14155550101 or =...) was read off a cell; reported as a warning.
  std::vector<std::uint32_t> text_marker_rows;

  bool fromCsv() const { return synthetic_count == 0 && !phones.empty(); }
  std::uint32_t size() const {
    return synthetic_count ? synthetic_count : static_cast<std::uint32_t>(phones.size());
  }
  // Position in the input: the CSV row number, or 1-based index for synthetic recipients.
  std::uint32_t position(std::uint32_t i) const { return synthetic_count ? i + 1 : rows[i]; }
  std::string phone(std::uint32_t i) const;
  const std::string& value(std::uint32_t i, std::size_t column) const {
    return values[static_cast<std::size_t>(i) * variable_names.size() + column];
  }
  std::uint32_t rejectedCount() const;
};

RecipientList syntheticRecipients(std::uint32_t count);

struct CsvOptions {
  std::optional<std::vector<std::string>> enabled_countries;  // calling codes, e.g. "1", "91"
  std::optional<std::vector<std::string>> enabled_prefixes;   // digit prefixes after '+'
};

// The inverse of the exporter's formula neutralisation: "'+1415..." -> "+1415...", "'=x" -> "=x".
// A leading apostrophe is removed only when what follows would otherwise have been neutralised
// (= + - @ tab CR), so "'tis" stays as it is. Returns true when it removed one.
bool removeTextMarker(std::string& cell);

// Parses DialNexa CSV (RFC 4180: quotes, "" escapes, embedded newlines, CRLF, UTF-8 BOM, blank
// lines skipped). Problems that make the whole file unusable (no phone_number column, an
// unterminated quote) are appended to `fatal` as messages; bad rows are grouped in `rejected`.
RecipientList parseCsvRecipients(const std::string& csv, const CsvOptions& options,
                                 std::vector<std::string>& fatal);

// ---- Phone number checks (the tables live in recipients.cpp) ----

// Is `code` an assigned ITU country calling code ("1", "44", "971")?
bool isCountryCallingCode(std::string_view code);
// The country calling code that `digits` (the digits after '+') start with, by longest-prefix match
// against the ITU table; empty when none matches.
std::string_view countryCallingCodeOf(std::string_view digits);
// E.164-like check of an already trimmed number: '+', a first digit 1-9, digits only, 8 to 15
// digits, a known country calling code, and that country's length where the table knows it.
// The first rule broken, as a RowProblem of invalid_phone_number (detail empty when valid; value
// left empty: the caller has the text).
RowProblem phoneNumberProblem(std::string_view phone);
bool isValidPhoneNumber(std::string_view phone);
// "row 4", "rows 4, 7, 9", or "rows 2, 3, 5, ... (120 more)" when more than `max_listed`.
std::string formatRowList(const std::vector<std::uint32_t>& rows, std::size_t max_listed = 10);

// Splits RFC 4180 text into records of fields (exposed for tests and the exporter's round trip).
// Records that are entirely empty lines are skipped; `record_rows` gets each record's 1-based
// record number counting skipped blank lines as rows too. Returns false on an unterminated quote.
bool splitCsv(const std::string& text, std::vector<std::vector<std::string>>& records,
              std::vector<std::uint32_t>& record_rows);
// The same splitter, streaming: on_record(fields, field_count, row) for every non-blank record
// (`fields` is reused, only its first field_count entries belong to the record). Returns false on
// an unterminated quote, with the row where that record started in `unterminated_row`.
bool scanCsv(std::string_view text,
             const std::function<void(const std::vector<std::string>&, std::size_t, std::uint32_t)>& on_record,
             std::uint32_t& unterminated_row);

}  // namespace cs
