// Reading a past campaign's call history (issue 12): the simulator's own call-history export or
// DialNexa's Call History export (CSV), matched by column names and aliases, checked row by row.
// No I/O: text in, a CallHistory out (or InputError with every problem that makes it unusable).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "recipients.h"
#include "status.h"

namespace cs {

// The columns the reader understands. Names are the simulator's own export's headers.
enum class HistoryField : std::uint8_t {
  call_id, parent_call_id, phone_number, attempt, retry_depth, status, end_reason,
  created_at, initiated_at, sent_at, received_at, answered_at, ended_at,
  duration_seconds, duration_ms
};
inline constexpr int kHistoryFieldCount = 15;
// Field names, and the header names (aliases) each matches. Matching ignores case, spaces,
// underscores and dashes ("Created At", "createdAt" and "created_at" are the same).
struct HistoryFieldInfo {
  const char* name;
  std::vector<const char*> aliases;
};
const std::array<HistoryFieldInfo, kHistoryFieldCount>& historyFields();

// An explicit map field -> header name ("--columns status=call_status,ended_at=End").
using HistoryColumnMap = std::map<std::string, std::string>;
// Parses "field=header,field=header"; InputError at --columns for anything else.
HistoryColumnMap parseColumnMap(const std::string& text);

// One final call log (an attempt, or a cancelled / retry_expired row that was never placed).
struct HistoryCall {
  std::uint32_t row = 0;       // as a spreadsheet shows it (header = row 1)
  std::uint8_t depth = 0;      // attempt number - 1
  CallStatus status = CallStatus::completed;  // a final status
  bool attempted = false;      // completed/did_not_pick/busy/no_answer/failed: an outcome was drawn
  Outcome outcome = Outcome::completed;       // when attempted
  // Times in seconds since 1970 (UTC when the file gives an offset, else wall clock as written);
  // `local` is the wall clock as written (for the hour of the day). -1 when absent.
  std::int64_t start = -1;     // when the outcome was drawn: sent_at, else initiated_at, else an
                               // estimate (ended_at - duration), else created_at
  std::int64_t ended = -1;
  std::int64_t created = -1;
  int local_hour = -1;         // local hour of `start`
  std::int32_t utc_offset = 0; // local wall clock minus instant, seconds (0 without offsets)
  double wait_minutes = -1;    // retries: start - previous attempt's end
  // Stage lengths in seconds (-1 when the export does not have them).
  std::int32_t dispatch = -1, ack = -1, ring = -1, talk = -1;
  std::int64_t initiated = -1;  // for concurrency and duration
};

// A recipient: its calls in attempt order.
struct HistoryRecipient {
  std::uint32_t first = 0, count = 0;  // into CallHistory::calls
};

struct CallHistory {
  std::vector<HistoryCall> calls;
  std::vector<HistoryRecipient> recipients;
  std::array<std::string, kHistoryFieldCount> column_of{};  // the header matched per field
  std::vector<std::string> ignored_columns;  // headers no field uses
  std::uint32_t data_rows = 0;
  std::uint32_t excluded_in_progress = 0;    // created/initiated/sent/received rows left out
  std::vector<RejectedRows> rejected;        // grouped by reason, with row numbers
  std::vector<std::string> warnings;         // every rejection group and other notes, in words
  bool has_offsets = false;                  // some timestamp carried a UTC offset
  bool has_stage_times = false;              // sent/received/answered columns present
};

// Reads a call-history CSV. Throws InputError (path "history" or "--columns") when the file is
// unusable: empty, an unterminated quote, a required column missing (the message lists what
// was expected and what was found), an ambiguous column, or no usable row.
CallHistory readCallHistory(const std::string& csv, const HistoryColumnMap& columns = {});

// "2026-12-07T09:00:05", "2026-12-07 09:00", "2026-12-07T09:00:05.250+05:30", "...Z":
// seconds since 1970 (minus the offset when one is given) and the wall clock as written.
struct ParsedTime {
  std::int64_t instant = 0;  // UTC when an offset was given, else the wall clock
  std::int64_t local = 0;    // the wall clock as written
  bool has_offset = false;
};
std::optional<ParsedTime> parseHistoryTime(const std::string& text);

}  // namespace cs
