#include "options.h"

#include <cstdint>

namespace cs {

namespace {
// The text as a message shows it: quoted, cut after 40 bytes, control bytes as \xNN.
std::string found(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < 40; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f || c >= 0x80) {
      static const char* hex = "0123456789ABCDEF";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      if (c == '"' || c == '\\') out += '\\';
      out += static_cast<char>(c);
    }
  }
  if (text.size() > 40) out += "...";
  return out + "\"";
}

// Digits only, as a number; nullopt otherwise. Values above every option's range (more than 18
// digits) come back as kTooLarge, so "99999999999999999999" is out of range, not an overflow.
constexpr long long kTooLarge = 1'000'000'000'000'000'000LL;  // 10^18 > every option's hi
std::optional<long long> digits(std::string_view text) {
  if (text.empty()) return std::nullopt;
  long long v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v >= kTooLarge / 10 ? kTooLarge : v * 10 + (c - '0');
  }
  return v;
}
}  // namespace

std::string rangeText(const IntegerOption& o) {
  std::string hi = std::to_string(o.hi);
  if (o.hi == 9007199254740992LL) hi += " (2^53)";
  return "must be a " + std::string(o.unit) + " from " + std::to_string(o.lo) + " to " + hi;
}

std::optional<FieldError> readInteger(const IntegerOption& o, std::string_view text, long long& out) {
  const auto v = digits(text);
  if (!v || *v < o.lo || *v > o.hi) return FieldError{o.flag, rangeText(o) + ", found " + found(text)};
  out = *v;
  return std::nullopt;
}

std::optional<FieldError> readIntegerList(const IntegerOption& o, std::string_view text,
                                          std::vector<int>& out) {
  const std::string syntax = std::string(o.flag) == "--waits"
                                 ? "must be a list of minutes like 15,30,60 or a range like 30-90"
                                 : "must be a list like 0,1,2 or a range like 0-4";
  auto bad = [&](const std::string& why) {
    return FieldError{o.flag, syntax + " (each " + std::to_string(o.lo) + " to " + std::to_string(o.hi) +
                                  ")" + why + ", found " + found(text)};
  };
  if (o.hi > 2147483647LL) return bad(": not a list option");  // lists hold ints
  std::vector<int> values;
  std::size_t outside = 0;
  long long first_outside = 0;
  std::size_t begin = 0;
  if (text.empty()) return bad("");
  while (begin <= text.size()) {
    std::size_t comma = text.find(',', begin);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view item = text.substr(begin, comma - begin);
    begin = comma + 1;
    const auto dash = item.find('-');
    std::optional<long long> lo, hi;
    if (dash != std::string_view::npos && dash > 0) {
      lo = digits(item.substr(0, dash));
      hi = digits(item.substr(dash + 1));
      if (!lo || !hi || *lo > *hi) return bad("");
    } else {
      lo = hi = digits(item);
      if (!lo) return bad("");
    }
    // Out-of-range values are counted, not expanded: "0-100000" is one problem, not 99,990.
    for (long long v : {*lo, *hi}) {
      if (v < o.lo || v > o.hi) {
        if (!outside) first_outside = v;
        ++outside;
      }
      if (*lo == *hi) break;  // one value, counted once
    }
    if (outside) continue;
    if (static_cast<unsigned long long>(*hi - *lo) + values.size() >= option::kMaxListLength)
      return bad(": at most " + std::to_string(option::kMaxListLength) + " values");
    for (long long v = *lo; v <= *hi; ++v) values.push_back(static_cast<int>(v));
    if (comma == text.size()) break;
  }
  if (outside)
    return FieldError{o.flag, std::string(o.what) + " must be from " + std::to_string(o.lo) + " to " +
                                  std::to_string(o.hi) + ", found " + std::to_string(first_outside) +
                                  (outside > 1 ? " (and " + std::to_string(outside - 1) + " more values outside the range)" : "") +
                                  " in " + found(text)};
  out = std::move(values);
  return std::nullopt;
}

std::vector<FieldError> capErrors(std::vector<FieldError> errors) {
  if (errors.size() <= kMaxReportedErrors) return errors;
  const std::size_t more = errors.size() - kMaxReportedErrors;
  errors.resize(kMaxReportedErrors);
  errors.push_back({"", "... and " + std::to_string(more) + " more problems not shown"});
  return errors;
}

}  // namespace cs
