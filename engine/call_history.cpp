#include "call_history.h"

#include <algorithm>
#include <sstream>
#include <unordered_map>

#include "api.h"
#include "calendar.h"
#include "civil_time.h"
#include "text_encoding.h"

namespace cs {

const std::array<HistoryFieldInfo, kHistoryFieldCount>& historyFields() {
  static const std::array<HistoryFieldInfo, kHistoryFieldCount> fields = {{
      {"call_id", {"call_id", "id", "call_log_id", "log_id"}},
      {"parent_call_id", {"parent_call_id", "parent_id", "parent_call", "retry_of", "original_call_id"}},
      {"phone_number", {"phone_number", "to_number", "to_phone_number", "to", "phone", "recipient_phone"}},
      {"attempt", {"attempt", "attempt_number", "retry_attempt"}},
      {"retry_depth", {"retry_depth", "depth"}},
      {"status", {"status", "call_status"}},
      {"end_reason", {"end_reason", "hangup_reason", "disconnection_reason"}},
      {"created_at", {"created_at", "created", "created_time"}},
      {"initiated_at", {"initiated_at", "started_at", "start_time"}},
      {"sent_at", {"sent_at"}},
      {"received_at", {"received_at"}},
      {"answered_at", {"answered_at", "connected_at"}},
      {"ended_at", {"ended_at", "ended", "end_time", "completed_at"}},
      {"duration_seconds", {"duration_seconds", "duration", "duration_sec", "call_duration"}},
      {"duration_ms", {"duration_ms"}},
  }};
  return fields;
}

namespace {

using F = HistoryField;
constexpr int idx(F f) { return static_cast<int>(f); }

// Header names compare without case, spaces, underscores and dashes.
std::string normaliseName(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '_' || c == '-' || c == '\t') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::string trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) --b;
  return s.substr(a, b - a);
}

std::string listAliases(int field) {
  std::string out;
  for (const char* a : historyFields()[field].aliases) out += std::string(out.empty() ? "" : ", ") + a;
  return out;
}

// Status words, with the spellings other DialNexa surfaces use (model.md §3, dialnexa-notes §2).
struct StatusWord {
  CallStatus status;
  bool final;
  bool voicemail;  // "voicemail" as its own status: did_not_pick with voicemail_detected
};
std::optional<StatusWord> statusFromText(const std::string& raw) {
  std::string s;
  for (char c : raw) {
    if (c == '-' || c == ' ') c = '_';
    s += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (s == "voicemail") return StatusWord{CallStatus::did_not_pick, true, true};
  if (s == "noanswer") s = "no_answer";
  if (s == "canceled") s = "cancelled";
  if (s == "dnp") s = "did_not_pick";
  if (s == "in_progress" || s == "queued" || s == "ringing") return StatusWord{CallStatus::received, false, false};
  const auto st = callStatusFromName(s);
  if (!st) return std::nullopt;
  return StatusWord{*st, isFinal(*st), false};
}

bool digits(const std::string& s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

void addRejected(std::vector<RejectedRows>& groups, const std::string& reason, std::uint32_t row) {
  for (auto& g : groups)
    if (g.reason == reason) {
      g.rows.push_back(row);
      return;
    }
  groups.push_back({reason, {row}});
}

const char* reasonText(const std::string& reason) {
  if (reason == "malformed_row") return "the number of fields differs from the header's";
  if (reason == "unknown_status") return "the status is not a DialNexa call status";
  if (reason == "invalid_time") return "a timestamp is not YYYY-MM-DDTHH:MM[:SS] with an optional offset";
  if (reason == "missing_time") return "a final call without created_at or ended_at";
  if (reason == "invalid_attempt") return "the attempt number is not a whole number from 1 to 11";
  if (reason == "duplicate_call_id") return "the call id appeared on an earlier row (the first copy is kept)";
  if (reason == "duplicate_attempt") return "a recipient's attempt number appeared on an earlier row";
  if (reason == "missing_parent") return "a retry whose parent call is not in the file";
  if (reason == "missing_previous_attempt") return "an attempt whose previous attempt is not in the file";
  if (reason == "time_backwards") return "time goes backwards (a stage before the previous one, or a retry before the previous attempt ended)";
  return "";
}

// Statuses of a placed attempt (an outcome was drawn); cancelled and retry_expired were never placed.
bool isAttemptStatus(CallStatus s) {
  return s == CallStatus::completed || s == CallStatus::did_not_pick || s == CallStatus::busy ||
         s == CallStatus::no_answer || s == CallStatus::failed;
}

// One parsed row before recipients are assembled.
struct Row {
  std::uint32_t row = 0;
  std::string id, parent, phone;
  int attempt = -1;  // 0-based depth when the file says so
  StatusWord status{};
  std::string end_reason;
  std::array<std::int64_t, 6> t{-1, -1, -1, -1, -1, -1};  // created .. ended (instants)
  std::int64_t start_local = -1;
  std::int64_t duration = -1;  // seconds
  std::int64_t start = -1;
  bool dropped = false;
};

}  // namespace

std::optional<ParsedTime> parseHistoryTime(const std::string& raw) {
  const std::string s = trim(raw);
  int y, mo, d, h, mi, sec = 0;
  if (s.size() < 16 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ' && s[10] != 't') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi))
    return std::nullopt;
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, sec)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {  // fractions of a second: dropped
      ++pos;
      const std::size_t begin = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == begin) return std::nullopt;
    }
  }
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 60)
    return std::nullopt;
  ParsedTime out;
  out.local = (daysFromCivil(y, mo, d) * 24 + h) * 3600 + mi * 60 + std::min(sec, 59);
  out.instant = out.local;
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      out.has_offset = true;
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      const int sign = s[pos] == '-' ? -1 : 1;
      int oh, om = 0;
      if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (pos < s.size()) {
        if (!digits(s, pos, 2, om)) return std::nullopt;
        pos += 2;
      }
      if (oh > 18 || om > 59) return std::nullopt;
      out.has_offset = true;
      out.instant = out.local - sign * (oh * 3600 + om * 60);
    }
    if (pos != s.size()) return std::nullopt;
  }
  return out;
}

HistoryColumnMap parseColumnMap(const std::string& text) {
  // Messages quote the entries: they must be text the shells can print.
  if (auto bad = checkUtf8Text(text, "the column map", false)) throw InputError("--columns", *bad);
  HistoryColumnMap map;
  std::vector<FieldError> errors;
  std::stringstream list(text);
  std::string item;
  std::string names;
  for (const auto& f : historyFields()) names += std::string(names.empty() ? "" : ", ") + f.name;
  while (std::getline(list, item, ',')) {
    const auto eq = item.find('=');
    const std::string field = trim(eq == std::string::npos ? item : item.substr(0, eq));
    const std::string header = eq == std::string::npos ? "" : trim(item.substr(eq + 1));
    if (eq == std::string::npos || field.empty() || header.empty()) {
      errors.push_back({"--columns", "each entry must be FIELD=COLUMN, found \"" + item + "\""});
      continue;
    }
    bool known = false;
    for (const auto& f : historyFields()) known = known || field == f.name;
    if (!known) {
      errors.push_back({"--columns", "unknown field \"" + field + "\"; allowed fields: " + names});
      continue;
    }
    if (map.count(field)) errors.push_back({"--columns", "field \"" + field + "\" is mapped twice"});
    map[field] = header;
  }
  if (map.empty() && errors.empty()) errors.push_back({"--columns", "needs at least one FIELD=COLUMN entry"});
  if (!errors.empty()) throw InputError(errors);
  return map;
}

CallHistory readCallHistory(const std::string& csv, const HistoryColumnMap& columns) {
  // The one check every document gets (text_encoding.h): a spreadsheet's "Unicode text" export
  // (UTF-16) is named as such, and no message ever quotes half a character.
  if (auto bad = checkUtf8Text(csv, "the call history", false)) throw InputError("history", *bad);
  CallHistory h;
  std::array<int, kHistoryFieldCount> col;
  col.fill(-1);
  std::vector<FieldError> errors;
  std::vector<Row> rows;
  std::size_t header_size = 0;
  bool have_header = false;

  auto onHeader = [&](const std::vector<std::string>& fields, std::size_t count) {
    header_size = count;
    std::vector<std::string> names(count), norm(count);
    for (std::size_t i = 0; i < count; ++i) {
      names[i] = trim(fields[i]);
      norm[i] = normaliseName(names[i]);
    }
    std::string found;
    for (const auto& n : names) found += (found.empty() ? "\"" : ", \"") + n + "\"";
    std::vector<bool> used(count, false);
    // Explicit map first: every named column must exist.
    for (const auto& [field, header] : columns) {
      int f = 0;
      while (std::string(historyFields()[f].name) != field) ++f;
      int match = -1;
      for (std::size_t i = 0; i < count; ++i)
        if (names[i] == header) match = static_cast<int>(i);
      if (match < 0) {
        errors.push_back({"--columns", "column \"" + header + "\" (for " + field + ") is not in the file; its columns: " + found});
        continue;
      }
      col[f] = match;
      used[match] = true;
    }
    for (int f = 0; f < kHistoryFieldCount; ++f) {
      if (col[f] >= 0 || columns.count(historyFields()[f].name)) continue;
      // The first alias that matches wins (aliases are in order of preference); two columns
      // matching the same alias are ambiguous.
      for (const char* alias : historyFields()[f].aliases) {
        const std::string a = normaliseName(alias);
        std::vector<int> hits;
        for (std::size_t i = 0; i < count; ++i)
          if (!used[i] && norm[i] == a) hits.push_back(static_cast<int>(i));
        if (hits.size() > 1) {
          errors.push_back({"history", "columns \"" + names[hits[0]] + "\" and \"" + names[hits[1]] +
                                           "\" both look like " + historyFields()[f].name +
                                           "; name the one to use with --columns " + historyFields()[f].name + "=COLUMN"});
          break;
        }
        if (hits.size() == 1) {
          col[f] = hits[0];
          used[hits[0]] = true;
          break;
        }
      }
    }
    for (std::size_t i = 0; i < count; ++i)
      if (!used[i]) h.ignored_columns.push_back(names[i]);
    auto missing = [&](std::initializer_list<F> any, const std::string& why) {
      for (F f : any)
        if (col[idx(f)] >= 0) return;
      std::string expected;
      for (F f : any)
        expected += std::string(expected.empty() ? "" : "; or ") + historyFields()[idx(f)].name + " (" + listAliases(idx(f)) + ")";
      errors.push_back({"history", "no " + std::string(historyFields()[idx(*any.begin())].name) + " column (" + why +
                                       "): expected " + expected + "; found columns " + found +
                                       "; or map one with --columns " + historyFields()[idx(*any.begin())].name + "=COLUMN"});
    };
    missing({F::status}, "every call's status");
    missing({F::ended_at, F::created_at}, "when each call happened");
    if (col[idx(F::parent_call_id)] >= 0 && col[idx(F::call_id)] < 0)
      missing({F::call_id}, "parent_call_id refers to call ids");
    if (col[idx(F::parent_call_id)] < 0) missing({F::phone_number, F::parent_call_id}, "which calls belong to the same recipient");
    for (int f = 0; f < kHistoryFieldCount; ++f)
      if (col[f] >= 0) h.column_of[f] = names[col[f]];
    h.has_stage_times = col[idx(F::sent_at)] >= 0 || col[idx(F::received_at)] >= 0 || col[idx(F::answered_at)] >= 0;
  };

  auto onRow = [&](const std::vector<std::string>& fields, std::size_t count, std::uint32_t rownum) {
    ++h.data_rows;
    if (count != header_size) {
      addRejected(h.rejected, "malformed_row", rownum);
      return;
    }
    auto cell = [&](F f) -> std::string { return col[idx(f)] < 0 ? std::string() : trim(fields[col[idx(f)]]); };
    Row r;
    r.row = rownum;
    const auto st = statusFromText(cell(F::status));
    if (!st) {
      addRejected(h.rejected, "unknown_status", rownum);
      return;
    }
    if (!st->final) {
      ++h.excluded_in_progress;
      return;
    }
    r.status = *st;
    r.id = cell(F::call_id);
    r.parent = cell(F::parent_call_id);
    r.phone = cell(F::phone_number);
    r.end_reason = cell(F::end_reason);
    const std::string att = cell(F::attempt), depth = cell(F::retry_depth);
    if (!att.empty() || !depth.empty()) {
      int v = 0;
      const std::string& text = att.empty() ? depth : att;
      if (text.size() > 2 || !digits(text, 0, text.size(), v) || (att.empty() ? v > 10 : (v < 1 || v > 11))) {
        addRejected(h.rejected, "invalid_attempt", rownum);
        return;
      }
      r.attempt = att.empty() ? v : v - 1;
    }
    const F stamps[6] = {F::created_at, F::initiated_at, F::sent_at, F::received_at, F::answered_at, F::ended_at};
    std::int64_t local_of[6] = {-1, -1, -1, -1, -1, -1};
    for (int i = 0; i < 6; ++i) {
      const std::string text = cell(stamps[i]);
      if (text.empty()) continue;
      const auto t = parseHistoryTime(text);
      if (!t) {
        addRejected(h.rejected, "invalid_time", rownum);
        return;
      }
      h.has_offsets = h.has_offsets || t->has_offset;
      r.t[i] = t->instant;
      local_of[i] = t->local;
    }
    const std::string dur = cell(F::duration_seconds), dur_ms = cell(F::duration_ms);
    if (!dur.empty() || !dur_ms.empty()) {
      const std::string& text = dur.empty() ? dur_ms : dur;
      char* end = nullptr;
      const double v = std::strtod(text.c_str(), &end);
      if (end == text.c_str() || *end != '\0' || !(v >= 0) || v > 1e9) {
        addRejected(h.rejected, "invalid_time", rownum);
        return;
      }
      r.duration = static_cast<std::int64_t>(dur.empty() ? v / 1000 : v);
    }
    if (r.t[0] < 0 && r.t[5] < 0) {
      addRejected(h.rejected, "missing_time", rownum);
      return;
    }
    std::int64_t last = -1;
    for (int i = 0; i < 6; ++i) {
      if (r.t[i] < 0) continue;
      if (r.t[i] < last) {
        addRejected(h.rejected, "time_backwards", rownum);
        return;
      }
      last = r.t[i];
    }
    // When the outcome was drawn: at `sent` (model.md §3); without that column, the best the
    // export allows.
    const int order[] = {2, 1};
    for (int i : order)
      if (r.start < 0 && r.t[i] >= 0) {
        r.start = r.t[i];
        r.start_local = local_of[i];
      }
    if (r.start < 0 && r.t[5] >= 0) {
      const std::int64_t back = r.duration > 0 ? r.duration : 0;
      r.start = r.t[5] - back;
      r.start_local = local_of[5] - back;
    }
    if (r.start < 0) {
      r.start = r.t[0];
      r.start_local = local_of[0];
    }
    rows.push_back(std::move(r));
  };

  std::uint32_t unterminated = 0;
  const bool ok = scanCsv(
      csv,
      [&](const std::vector<std::string>& fields, std::size_t count, std::uint32_t rownum) {
        if (!have_header) {
          have_header = true;
          onHeader(fields, count);
          return;
        }
        if (errors.empty()) onRow(fields, count, rownum);
      },
      unterminated);
  if (!ok) errors.push_back({"history", "unterminated quoted field starting on row " + std::to_string(unterminated)});
  if (!have_header) errors.push_back({"history", "the file is empty: expected a call-history CSV with a header row"});
  if (!errors.empty()) throw InputError(errors);

  // ---- Recipients: chains of calls ----
  std::vector<std::vector<std::uint32_t>> chains;
  if (col[idx(F::parent_call_id)] >= 0) {
    std::unordered_map<std::string, std::uint32_t> by_id;
    by_id.reserve(rows.size());
    for (std::uint32_t i = 0; i < rows.size(); ++i) {
      Row& r = rows[i];
      if (r.id.empty()) continue;
      if (!by_id.emplace(r.id, i).second) {
        addRejected(h.rejected, "duplicate_call_id", r.row);
        r.dropped = true;
      }
    }
    // The root of each call: follow parents (a parent may be the first attempt, as the simulator
    // exports, or the previous attempt) to a call without one.
    std::vector<std::int64_t> root(rows.size(), -2);
    std::unordered_map<std::uint32_t, std::uint32_t> chain_of_root;
    for (std::uint32_t i = 0; i < rows.size(); ++i) {
      if (rows[i].dropped) continue;
      std::uint32_t cur = i;
      std::int64_t found = -1;
      for (int guard = 0; guard < 16; ++guard) {
        const Row& r = rows[cur];
        if (r.parent.empty() || r.parent == r.id) {
          found = cur;
          break;
        }
        const auto it = by_id.find(r.parent);
        if (it == by_id.end() || rows[it->second].dropped) break;
        cur = it->second;
      }
      if (found < 0) {
        addRejected(h.rejected, "missing_parent", rows[i].row);
        rows[i].dropped = true;
        continue;
      }
      const auto [it, inserted] = chain_of_root.emplace(static_cast<std::uint32_t>(found), chains.size());
      if (inserted) chains.emplace_back();
      chains[it->second].push_back(i);
    }
  } else {
    std::unordered_map<std::string, std::uint32_t> by_phone;
    for (std::uint32_t i = 0; i < rows.size(); ++i) {
      const auto [it, inserted] = by_phone.emplace(rows[i].phone, chains.size());
      if (inserted) chains.emplace_back();
      chains[it->second].push_back(i);
    }
  }

  for (auto& chain : chains) {
    const bool numbered = std::all_of(chain.begin(), chain.end(), [&](std::uint32_t i) { return rows[i].attempt >= 0; });
    std::stable_sort(chain.begin(), chain.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (numbered) return rows[a].attempt < rows[b].attempt;
      const std::int64_t ta = rows[a].t[5] >= 0 ? rows[a].t[5] : rows[a].start;
      const std::int64_t tb = rows[b].t[5] >= 0 ? rows[b].t[5] : rows[b].start;
      return ta < tb;
    });
    HistoryRecipient rec;
    rec.first = static_cast<std::uint32_t>(h.calls.size());
    std::int64_t prev_end = -1;
    const char* cut = nullptr;
    for (std::size_t k = 0; k < chain.size(); ++k) {
      const Row& r = rows[chain[k]];
      const int depth = numbered ? r.attempt : static_cast<int>(k);
      if (!cut && depth != static_cast<int>(k)) cut = depth < static_cast<int>(k) ? "duplicate_attempt" : "missing_previous_attempt";
      if (!cut && k > 0 && prev_end >= 0 && r.start >= 0 && (r.t[0] >= 0 ? r.t[0] : r.start) < prev_end) cut = "time_backwards";
      if (!cut && depth > 10) cut = "invalid_attempt";
      if (cut) {
        addRejected(h.rejected, cut, r.row);
        continue;
      }
      HistoryCall c;
      c.row = r.row;
      c.depth = static_cast<std::uint8_t>(depth);
      c.status = r.status.status;
      c.attempted = isAttemptStatus(c.status);
      if (c.attempted) {
        switch (c.status) {
          case CallStatus::completed: c.outcome = Outcome::completed; break;
          case CallStatus::did_not_pick:
            c.outcome = (r.status.voicemail || r.end_reason == "voicemail_detected") ? Outcome::voicemail : Outcome::did_not_pick;
            break;
          case CallStatus::busy: c.outcome = Outcome::busy; break;
          case CallStatus::no_answer: c.outcome = Outcome::no_answer; break;
          default: c.outcome = Outcome::failed; break;
        }
      }
      c.start = r.start;
      c.ended = r.t[5];
      c.created = r.t[0];
      c.initiated = r.t[1];
      c.local_hour = r.start_local >= 0 ? static_cast<int>(secondOfDay(r.start_local) / 3600) : -1;
      c.utc_offset = static_cast<std::int32_t>(r.start_local - r.start);
      if (k > 0 && prev_end >= 0 && c.start >= 0) c.wait_minutes = (c.start - prev_end) / 60.0;
      auto span = [](std::int64_t a, std::int64_t b) { return a >= 0 && b >= 0 ? static_cast<std::int32_t>(b - a) : -1; };
      c.dispatch = span(r.t[1], r.t[2]);
      c.ack = span(r.t[2], r.t[3]);
      c.ring = span(r.t[3], r.t[4] >= 0 ? r.t[4] : r.t[5]);
      c.talk = span(r.t[4], r.t[5]);
      if (c.talk < 0 && r.duration >= 0 && rule(c.outcome).answered && c.attempted) c.talk = static_cast<std::int32_t>(r.duration);
      if (c.ended >= 0) prev_end = c.ended;
      h.calls.push_back(c);
    }
    rec.count = static_cast<std::uint32_t>(h.calls.size()) - rec.first;
    if (rec.count) h.recipients.push_back(rec);
  }

  for (auto& g : h.rejected) {
    std::sort(g.rows.begin(), g.rows.end());
    h.warnings.push_back("history: " + std::to_string(g.rows.size()) + (g.rows.size() == 1 ? " row" : " rows") +
                         " left out as " + g.reason + " (" + formatRowList(g.rows) + "): " + reasonText(g.reason));
  }
  if (col[idx(F::parent_call_id)] < 0)
    h.warnings.push_back("history: no parent_call_id column: calls are grouped into recipients by phone number, in time order");
  if (h.recipients.empty()) {
    std::string why = h.data_rows == 0 ? "the file has a header but no rows" : "no row is a usable final call";
    if (!h.warnings.empty()) why += " (" + h.warnings.front() + ")";
    throw InputError("history", why);
  }
  return h;
}

}  // namespace cs
