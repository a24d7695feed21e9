// The one check of a document's bytes before it is read as JSON: UTF-8, no NUL byte. Everything
// the engine prints quotes parts of its input, so input that is not UTF-8 would otherwise come
// back as garbled or unprintable text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cs {

// nullopt when `text` is UTF-8 without NUL bytes (a UTF-8 byte order mark is allowed). Otherwise
// a message in the user's words: "the file must be UTF-8; this looks like UTF-16LE (...)",
// "the file must be UTF-8: invalid byte 0xFF at line 1, column 10", "contains a NUL byte ...".
// `what` names the document ("the file", "the CSV"); `json`: the document is JSON (the NUL
// message says how to write one in a JSON string).
std::optional<std::string> checkUtf8Text(std::string_view text, std::string_view what = "the file", bool json = true);

// `text` with every byte that is not part of a valid UTF-8 sequence written as \xNN: for messages
// that quote a piece of the input cut in the middle of a character.
std::string escapeInvalidUtf8(std::string_view text);

}  // namespace cs
