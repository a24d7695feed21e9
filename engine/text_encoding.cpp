#include "text_encoding.h"

#include <cstdint>

namespace cs {

namespace {
std::string hexByte(unsigned char c) {
  static const char* hex = "0123456789ABCDEF";
  return std::string("0x") + hex[c >> 4] + hex[c & 15];
}

std::string where(std::string_view text, std::size_t at) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;  // columns count characters, not bytes
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// UTF-16/32 written by Windows tools: a byte order mark, or ASCII with every other byte zero.
std::optional<std::string> wideEncoding(std::string_view t) {
  auto at = [&](std::size_t i) { return i < t.size() ? static_cast<unsigned char>(t[i]) : 0x100u; };
  if (at(0) == 0xFF && at(1) == 0xFE && at(2) == 0 && at(3) == 0) return "UTF-32LE";
  if (at(0) == 0 && at(1) == 0 && at(2) == 0xFE && at(3) == 0xFF) return "UTF-32BE";
  if (at(0) == 0xFF && at(1) == 0xFE) return "UTF-16LE";
  if (at(0) == 0xFE && at(1) == 0xFF) return "UTF-16BE";
  if (t.size() >= 4 && at(0) && !at(1) && !at(2) && !at(3)) return "UTF-32LE";
  if (t.size() >= 4 && !at(0) && !at(1) && !at(2) && at(3)) return "UTF-32BE";
  if (t.size() >= 2 && at(0) && at(0) < 0x80 && !at(1)) return "UTF-16LE";
  if (t.size() >= 2 && !at(0) && at(1) && at(1) < 0x80) return "UTF-16BE";
  return std::nullopt;
}

// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: shortest form, no surrogates),
// or 0 when the bytes there are not one.
std::size_t sequenceLength(const unsigned char* s, std::size_t n, std::size_t i) {
  const unsigned char c = s[i];
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c == 0xE0) len = 3, lo = 0xA0;
  else if (c >= 0xE1 && c <= 0xEC) len = 3;
  else if (c == 0xED) len = 3, hi = 0x9F;
  else if (c >= 0xEE && c <= 0xEF) len = 3;
  else if (c == 0xF0) len = 4, lo = 0x90;
  else if (c >= 0xF1 && c <= 0xF3) len = 4;
  else if (c == 0xF4) len = 4, hi = 0x8F;
  if (len == 0 || i + len > n) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const unsigned char b = s[i + k];
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
  }
  return len;
}
}  // namespace

std::string escapeInvalidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = sequenceLength(s, text.size(), i);
    if (len == 0) {
      out += "\\x" + hexByte(s[i]).substr(2);
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::optional<std::string> checkUtf8Text(std::string_view text, std::string_view what, bool json) {
  const std::string subject(what);
  if (auto wide = wideEncoding(text))
    return subject + " must be UTF-8; this looks like " + *wide +
           " (save it as UTF-8, e.g. \"UTF-8\" in the editor's encoding menu)";
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c == 0)
      return subject + " contains a NUL byte (0x00) at " + where(text, i) +
             (json ? "; JSON text cannot contain one (inside a string write \\u0000)" : "; text files have none");
    if (c < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = sequenceLength(s, n, i);
    if (len == 0) {
      const bool latin1 = c >= 0xA0;  // é as one byte: Windows-1252 / ISO-8859-1
      return subject + " must be UTF-8: invalid byte " + hexByte(c) + " at " + where(text, i) +
             (latin1 ? " (this looks like Windows-1252 or ISO-8859-1; save it as UTF-8)" : "");
    }
    i += len;
  }
  return std::nullopt;
}

}  // namespace cs
