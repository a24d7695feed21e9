#include "exports.h"

#include <algorithm>
#include <set>

#include "api.h"

namespace cs {

std::string neutraliseFormula(const std::string& cell) {
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                        cell[0] == '\t' || cell[0] == '\r'))
    return "'" + cell;
  return cell;
}

std::string csvField(const std::string& cell) {
  const bool quote = cell.find_first_of(",\"\r\n") != std::string::npos ||
                     (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (!quote) return cell;
  std::string out = "\"";
  for (char ch : cell) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

namespace {

// A cell remembers whether it came from the user (neutralised in CSV) and its JSON value.
struct Cell {
  Json value;
  bool user_text = false;
};

std::string cellText(const Cell& c) {
  if (c.value.is_null()) return "";
  if (c.value.is_string()) {
    const std::string& s = c.value.get_ref<const std::string&>();
    return c.user_text ? neutraliseFormula(s) : s;
  }
  return c.value.dump();  // nlohmann's number formatting is the same natively and in WASM
}

std::string callId(std::uint32_t id) { return "call_" + std::to_string(id + 1); }

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
  std::uint32_t excluded = 0;
};

std::vector<CallStatus> parseGroups(const std::vector<std::string>& names) {
  std::vector<CallStatus> out;
  std::vector<FieldError> errors;
  for (const auto& n : names) {
    const auto s = callStatusFromName(n);
    if (!s || !isFinal(*s)) {
      errors.push_back({"--status", "unknown final status group \"" + n +
                                        "\"; allowed: completed, did_not_pick, busy, no_answer, "
                                        "failed, cancelled, retry_expired"});
      continue;
    }
    if (std::find(out.begin(), out.end(), *s) == out.end()) out.push_back(*s);
  }
  if (!errors.empty()) throw InputError(errors);
  if (out.empty()) out.assign(kFinalStatuses.begin(), kFinalStatuses.end());
  return out;
}

std::vector<Cell> callCells(const Simulation& sim, std::uint32_t id) {
  const CallLog& log = sim.callLogs()[id];
  const RecipientList& r = sim.scenario().campaigns[log.campaign].recipients;
  std::vector<Cell> row;
  row.push_back({callId(id)});
  row.push_back({log.parent == id ? Json("") : Json(callId(log.parent))});
  row.push_back({r.position(log.recipient)});
  row.push_back({r.phone(log.recipient), true});
  row.push_back({log.depth + 1});
  row.push_back({std::string(name(log.status))});
  row.push_back({std::string(name(log.end_reason))});
  for (int stamp = kCreated; stamp <= kEnded; ++stamp) row.push_back({localTime(sim, log.at[stamp])});
  const bool answered = log.at[kAnswered] != kNever && log.at[kEnded] != kNever;
  row.push_back({answered ? log.at[kEnded] - log.at[kAnswered] : 0});
  row.push_back({log.billed_minutes});
  return row;
}

const std::vector<std::string> kCallColumns = {
    "call_id",    "parent_call_id", "position",    "phone_number", "attempt",
    "status",     "end_reason",     "created_at",  "initiated_at", "sent_at",
    "received_at", "answered_at",   "ended_at",    "duration_seconds", "billed_minutes"};

Table callsTable(const Simulation& sim, int campaign, const std::vector<CallStatus>& groups) {
  Table t;
  t.columns = kCallColumns;
  const auto& calls = sim.callLogs();
  for (std::uint32_t id = 0; id < calls.size(); ++id) {
    const CallLog& log = calls[id];
    if (log.campaign != campaign) continue;
    if (!isFinal(log.status)) {
      ++t.excluded;
      continue;
    }
    if (std::find(groups.begin(), groups.end(), log.status) == groups.end()) continue;
    t.rows.push_back(callCells(sim, id));
  }
  return t;
}

Table recipientsTable(const Simulation& sim, int campaign, const std::vector<CallStatus>& groups) {
  const CampaignDef& cd = sim.scenario().campaigns[campaign];
  const RecipientList& r = cd.recipients;
  const std::uint32_t n = r.size();
  struct Agg {
    std::uint32_t attempts = 0;
    Seconds first = kNever, last = kNever;
    std::uint32_t billed = 0;
  };
  std::vector<Agg> agg(n);
  const auto& calls = sim.callLogs();
  for (std::uint32_t id = 0; id < calls.size(); ++id) {
    const CallLog& log = calls[id];
    if (log.campaign != campaign || log.at[kInitiated] == kNever) continue;
    Agg& a = agg[log.recipient];
    ++a.attempts;
    a.first = std::min(a.first, log.at[kInitiated]);
    a.last = a.last == kNever ? log.at[kInitiated] : std::max(a.last, log.at[kInitiated]);
    a.billed += log.billed_minutes;
  }
  Table t;
  t.columns = {"position", "phone_number"};
  std::set<std::string> fixed = {"position", "phone_number", "status", "attempts", "first_attempt_at",
                                 "last_attempt_at", "last_end_reason", "billed_minutes", "cost"};
  for (const auto& v : r.variable_names) t.columns.push_back(fixed.count(v) ? "variable:" + v : v);
  for (const char* c : {"status", "attempts", "first_attempt_at", "last_attempt_at", "last_end_reason",
                        "billed_minutes", "cost"})
    t.columns.push_back(c);
  const auto& latest = sim.latestCall(campaign);
  for (std::uint32_t i = 0; i < n; ++i) {
    const CallLog& last = calls[latest[i]];
    if (!isFinal(last.status)) {
      ++t.excluded;
      continue;
    }
    if (std::find(groups.begin(), groups.end(), last.status) == groups.end()) continue;
    std::vector<Cell> row;
    row.push_back({r.position(i)});
    row.push_back({r.phone(i), true});
    for (std::size_t v = 0; v < r.variable_names.size(); ++v) row.push_back({r.value(i, v), true});
    row.push_back({std::string(name(last.status))});
    row.push_back({agg[i].attempts});
    row.push_back({localTime(sim, agg[i].first)});
    row.push_back({localTime(sim, agg[i].last)});
    row.push_back({std::string(name(last.end_reason))});
    row.push_back({agg[i].billed});
    row.push_back({agg[i].billed * cd.cost_per_minute});
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace

Json callRowJson(const Simulation& sim, std::uint32_t id) {
  const std::vector<Cell> cells = callCells(sim, id);
  Json j;
  for (std::size_t i = 0; i < kCallColumns.size(); ++i) j[kCallColumns[i]] = cells[i].value;
  j["recipient"] = sim.callLogs()[id].recipient;
  return j;
}

ExportResult exportFromSimulation(const Simulation& sim, const ExportOptions& options) {
  std::vector<FieldError> errors;
  if (options.table != "recipients" && options.table != "calls")
    errors.push_back({"--table", "must be recipients or calls, found \"" + options.table + "\""});
  if (options.format != "csv" && options.format != "json")
    errors.push_back({"--format", "must be csv or json, found \"" + options.format + "\""});
  if (options.campaign < 0 || static_cast<std::size_t>(options.campaign) >= sim.campaignCount())
    errors.push_back({"--campaign", "must be a campaign index from 0 to " +
                                        std::to_string(sim.campaignCount() - 1) + ", found " +
                                        std::to_string(options.campaign)});
  if (!errors.empty()) throw InputError(errors);
  const std::vector<CallStatus> groups = parseGroups(options.statuses);
  const Table t = options.table == "calls" ? callsTable(sim, options.campaign, groups)
                                           : recipientsTable(sim, options.campaign, groups);
  ExportResult result;
  result.rows = static_cast<std::uint32_t>(t.rows.size());
  result.excluded_in_progress = t.excluded;
  if (options.format == "csv") {
    std::string out;
    for (std::size_t i = 0; i < t.columns.size(); ++i) out += (i ? "," : "") + csvField(t.columns[i]);
    out += "\r\n";
    for (const auto& row : t.rows) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i) out += ',';
        out += csvField(cellText(row[i]));
      }
      out += "\r\n";
    }
    result.text = std::move(out);
  } else {
    Json j;
    j["table"] = options.table;
    j["campaign"] = sim.scenario().campaigns[options.campaign].name;
    Json statuses = Json::array();
    for (CallStatus s : groups) statuses.push_back(std::string(name(s)));
    j["statuses"] = statuses;
    j["row_count"] = result.rows;
    j["excluded_in_progress"] = result.excluded_in_progress;
    Json rows = Json::array();
    for (const auto& row : t.rows) {
      Json o;
      for (std::size_t i = 0; i < row.size(); ++i) o[t.columns[i]] = row[i].value;
      rows.push_back(std::move(o));
    }
    j["rows"] = std::move(rows);
    result.text = toText(j);
  }
  return result;
}

}  // namespace cs
