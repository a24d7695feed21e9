// libFuzzer target: the call-history reader and the column map parser (engine/call_history.cpp,
// issue 12), and for small histories the whole `campaign-sim fit` (engine/calibrate.cpp).
// The first byte picks what to do:
//   bit 0: the bytes up to the first NUL after it are a column map ("status=Outcome,..."),
//          read by parseColumnMap; the rest is the CSV
//   bits 1-3 all set: when the reader accepts the CSV and it has at most 40 calls, run fitJson
//          on it (1 backtest run, 2 bootstrap replicates): slow, so one input in eight
// Rules: a refusal is an InputError with at least one message, each message non-empty and
// printable as JSON (valid UTF-8); an accepted history keeps its invariants (every call in one
// recipient, attempts in order, hours 0-23, waits >= 0); and a history the reader accepts never
// makes fit fail (its calibrated scenario must load as-is).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "api.h"
#include "calibrate.h"
#include "call_history.h"
#include "report.h"

namespace {
void checkRefusal(const cs::InputError& e) {
  if (e.errors.empty()) __builtin_trap();
  cs::Json list = cs::Json::array();
  for (const auto& err : e.errors) {
    if (err.message.empty()) __builtin_trap();
    list.push_back({{"path", err.path}, {"message", err.message}});
  }
  try {
    (void)list.dump();  // throws on invalid UTF-8: the shells could not print the error
  } catch (...) {
    __builtin_trap();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  cs::HistoryColumnMap columns;
  if (flags & 1) {
    const std::size_t nul = rest.find('\0');
    const std::string map = rest.substr(0, nul);
    rest = nul == std::string::npos ? std::string() : rest.substr(nul + 1);
    try {
      columns = cs::parseColumnMap(map);
    } catch (const cs::InputError& e) {
      checkRefusal(e);
      return 0;
    }
    for (const auto& [field, column] : columns)
      if (field.empty() || column.empty()) __builtin_trap();
  }
  cs::CallHistory h;
  try {
    h = cs::readCallHistory(rest, columns);
  } catch (const cs::InputError& e) {
    checkRefusal(e);
    return 0;
  }
  // Every call belongs to exactly one recipient, in attempt order.
  std::size_t next = 0;
  for (const auto& r : h.recipients) {
    if (r.first != next || r.count == 0) __builtin_trap();
    next += r.count;
    for (std::uint32_t i = r.first + 1; i < r.first + r.count; ++i)
      if (h.calls[i].depth <= h.calls[i - 1].depth) __builtin_trap();
  }
  if (next != h.calls.size() || h.calls.empty()) __builtin_trap();
  for (const auto& c : h.calls) {
    if (c.local_hour < -1 || c.local_hour > 23) __builtin_trap();
    if (!(c.wait_minutes == -1 || c.wait_minutes >= 0) || std::isnan(c.wait_minutes)) __builtin_trap();
    if (c.row < 2) __builtin_trap();
  }
  try {
    (void)cs::Json(h.warnings).dump();
  } catch (...) {
    __builtin_trap();
  }
  if ((flags & 0x0E) == 0x0E && h.calls.size() <= 40) {
    cs::FitJsonOptions o;
    o.columns = columns;
    o.runs = 1;
    o.bootstrap = 2;
    try {
      (void)cs::fitJson(rest, o);
    } catch (const cs::InputError& e) {
      __builtin_trap();  // the reader accepted it: fit must give an answer
    }
  }
  return 0;
}
