#include "exports.h"

#include <algorithm>
#include <set>

#include "api.h"
#include "calendar.h"

namespace cs {

std::string neutraliseFormula(const std::string& cell) {
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                        cell[0] == '\t' || cell[0] == '\r'))
    return "'" + cell;
  return cell;
}

std::string csvField(const std::string& cell) {
  bool quote = !cell.empty() && (cell.front() == ' ' || cell.back() == ' ');
  for (char ch : cell) quote = quote || ch == ',' || ch == '"' || ch == '\r' || ch == '\n';
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

// One export cell. Plain data rather than JSON values: exports of a million rows are built here.
struct Cell {
  enum class Kind : std::uint8_t { null, text, user_text, integer, real };
  Kind kind = Kind::null;
  std::string text;
  long long integer = 0;
  double real = 0;

  static Cell str(std::string s) { return {Kind::text, std::move(s), 0, 0}; }
  static Cell user(std::string s) { return {Kind::user_text, std::move(s), 0, 0}; }
  static Cell num(long long v) { return {Kind::integer, {}, v, 0}; }
  static Cell decimal(double v) { return {Kind::real, {}, 0, v}; }
  static Cell time(const Simulation& sim, Seconds t, ZoneId zone) {
    if (t == kNever) return {};
    return str(sim.localTime(t, zone));
  }
};

// nlohmann's number formatting: shortest round-trip, the same natively and in WASM.
std::string realText(double v) { return Json(v).dump(); }

std::string cellCsv(const Cell& c) {
  switch (c.kind) {
    case Cell::Kind::null: return "";
    case Cell::Kind::text: return c.text;
    case Cell::Kind::user_text: return neutraliseFormula(c.text);
    case Cell::Kind::integer: return std::to_string(c.integer);
    case Cell::Kind::real: return realText(c.real);
  }
  return "";
}

void appendJsonString(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char ch : s) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (ch < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out += hex[ch >> 4];
          out += hex[ch & 15];
        } else {
          out += static_cast<char>(ch);
        }
    }
  }
  out += '"';
}

void appendCellJson(std::string& out, const Cell& c) {
  switch (c.kind) {
    case Cell::Kind::null: out += "null"; break;
    case Cell::Kind::text:
    case Cell::Kind::user_text: appendJsonString(out, c.text); break;  // JSON keeps the raw text
    case Cell::Kind::integer: out += std::to_string(c.integer); break;
    case Cell::Kind::real: out += realText(c.real); break;
  }
}

Json cellJson(const Cell& c) {
  switch (c.kind) {
    case Cell::Kind::null: return nullptr;
    case Cell::Kind::text:
    case Cell::Kind::user_text: return c.text;
    case Cell::Kind::integer: return c.integer;
    case Cell::Kind::real: return c.real;
  }
  return nullptr;
}

std::string callName(CallId id) { return "call_" + std::to_string(id.value() + 1ull); }

// Per-recipient totals of the recipients table.
struct RecipientAgg {
  std::uint32_t attempts = 0;
  Seconds first = kNever, last = kNever;
  std::uint32_t billed = 0;
};

// Which rows an export holds, in order, without building them: rows are made (and written) one
// piece at a time, so an export's memory is its row keys plus one piece, not the whole table.
struct Table {
  enum class Kind : std::uint8_t { calls, recipients, followup };
  Kind kind = Kind::calls;
  CampaignId campaign;
  std::vector<std::string> columns;
  // Call ids (calls) or recipient indexes (recipients, followup): rows() reads them as such.
  std::vector<std::uint32_t> keys;
  std::vector<RecipientAgg> agg;    // recipients: totals per recipient
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

std::vector<Cell> callCells(const Simulation& sim, CallId id) {
  const CallLog& log = sim.call(id);
  const RecipientList& r = sim.scenario().campaigns[log.campaign.index()].recipients;
  std::vector<Cell> row;
  row.reserve(15);
  row.push_back(Cell::str(callName(id)));
  row.push_back(Cell::str(log.parent == id ? std::string() : callName(log.parent)));
  row.push_back(Cell::num(r.position(log.recipient.value())));
  row.push_back(Cell::str(r.phone(log.recipient.value())));  // validated: '+' and digits, never a formula
  row.push_back(Cell::num(log.depth + 1));
  row.push_back(Cell::str(std::string(name(log.status))));
  // The outcome is drawn at `sent`, but its end reason is news only once the call is final.
  row.push_back(Cell::str(isFinal(log.status) ? std::string(name(log.end_reason)) : std::string()));
  const ZoneId zone = sim.campaignZone(log.campaign);
  for (int stamp = kCreated; stamp <= kEnded; ++stamp) row.push_back(Cell::time(sim, log.at[stamp], zone));
  const bool answered = log.at[kAnswered] != kNever && log.at[kEnded] != kNever;
  row.push_back(Cell::num(answered ? log.at[kEnded] - log.at[kAnswered] : 0));
  row.push_back(Cell::num(log.billed_minutes));
  if (zone != kPlainClock) {
    // Zoned campaigns: the recipient's zone and the call's start on the recipient's clock.
    const ZoneId theirs = sim.recipientZone(log.campaign, log.recipient);
    row.push_back(Cell::str(std::string(zoneName(theirs))));
    row.push_back(Cell::time(sim, log.at[kInitiated], theirs));
  }
  return row;
}

const std::vector<std::string> kCallColumns = {
    "call_id",    "parent_call_id", "position",    "phone_number", "attempt",
    "status",     "end_reason",     "created_at",  "initiated_at", "sent_at",
    "received_at", "answered_at",   "ended_at",    "duration_seconds", "billed_minutes"};
// Added for campaigns with a schedule.time_zone.
const std::vector<std::string> kZonedCallColumns = {"time_zone", "initiated_at_recipient_local"};

std::vector<std::string> callColumns(const Simulation& sim, CampaignId campaign) {
  std::vector<std::string> columns = kCallColumns;
  if (sim.campaignZone(campaign) != kPlainClock)
    columns.insert(columns.end(), kZonedCallColumns.begin(), kZonedCallColumns.end());
  return columns;
}

Table callsTable(const Simulation& sim, CampaignId campaign, const std::vector<CallStatus>& groups) {
  Table t;
  t.kind = Table::Kind::calls;
  t.campaign = campaign;
  t.columns = callColumns(sim, campaign);
  const auto& calls = sim.callLogs();
  for (std::uint32_t id = 0; id < calls.size(); ++id) {
    const CallLog& log = calls[id];
    if (log.campaign != campaign) continue;
    if (!isFinal(log.status)) {
      ++t.excluded;
      continue;
    }
    if (std::find(groups.begin(), groups.end(), log.status) == groups.end()) continue;
    t.keys.push_back(id);
  }
  return t;
}

// Calls row(i, latest call log) for each recipient whose campaign ended in one of `groups`, in
// input order; recipients still in progress are counted in t.excluded, never exported.
template <class Row>
void eachFinalRecipient(const Simulation& sim, CampaignId campaign, const std::vector<CallStatus>& groups,
                        Table& t, Row&& row) {
  const std::size_t n = sim.recipientCount(campaign);
  for (std::size_t i = 0; i < n; ++i) {
    const RecipientIndex who = RecipientIndex::from(i);
    const CallLog& last = sim.call(sim.latestCall(campaign, who));
    if (!isFinal(last.status)) {
      ++t.excluded;
      continue;
    }
    if (std::find(groups.begin(), groups.end(), last.status) != groups.end()) row(who, last);
  }
}

Table recipientsTable(const Simulation& sim, CampaignId campaign, const std::vector<CallStatus>& groups) {
  const CampaignDef& cd = sim.scenario().campaigns[campaign.index()];
  const RecipientList& r = cd.recipients;
  Table t;
  t.kind = Table::Kind::recipients;
  t.campaign = campaign;
  t.agg.resize(r.size());
  const auto& calls = sim.callLogs();
  for (std::uint32_t id = 0; id < calls.size(); ++id) {
    const CallLog& log = calls[id];
    if (log.campaign != campaign || log.at[kInitiated] == kNever) continue;
    RecipientAgg& a = t.agg[log.recipient.index()];
    ++a.attempts;
    a.first = std::min(a.first, log.at[kInitiated]);
    a.last = a.last == kNever ? log.at[kInitiated] : std::max(a.last, log.at[kInitiated]);
    a.billed += log.billed_minutes;
  }
  t.columns = {"position", "phone_number"};
  std::set<std::string> fixed = {"position", "phone_number", "status", "attempts", "first_attempt_at",
                                 "last_attempt_at", "last_end_reason", "billed_minutes", "cost"};
  for (const auto& v : r.variable_names) t.columns.push_back(fixed.count(v) ? "variable:" + v : v);
  for (const char* c : {"status", "attempts", "first_attempt_at", "last_attempt_at", "last_end_reason",
                        "billed_minutes", "cost"})
    t.columns.push_back(c);
  if (cd.schedule.time_zone != kPlainClock) t.columns.push_back("time_zone");
  eachFinalRecipient(sim, campaign, groups, t, [&](RecipientIndex i, const CallLog&) { t.keys.push_back(i.value()); });
  return t;
}

std::vector<Cell> recipientCells(const Simulation& sim, const Table& t, RecipientIndex who) {
  const CampaignDef& cd = sim.scenario().campaigns[t.campaign.index()];
  const RecipientList& r = cd.recipients;
  const CallLog& last = sim.call(sim.latestCall(t.campaign, who));
  const RecipientAgg& a = t.agg[who.index()];
  const std::uint32_t i = who.value();
  const ZoneId zone = cd.schedule.time_zone;
  std::vector<Cell> row;
  row.reserve(t.columns.size());
  row.push_back(Cell::num(r.position(i)));
  row.push_back(Cell::str(r.phone(i)));  // validated: '+' and digits, never a formula
  for (std::size_t v = 0; v < r.variable_names.size(); ++v) row.push_back(Cell::user(r.value(i, v)));
  row.push_back(Cell::str(std::string(name(last.status))));
  row.push_back(Cell::num(a.attempts));
  row.push_back(Cell::time(sim, a.first, zone));
  row.push_back(Cell::time(sim, a.last, zone));
  row.push_back(Cell::str(std::string(name(last.end_reason))));
  row.push_back(Cell::num(a.billed));
  row.push_back(Cell::decimal(a.billed * cd.cost_per_minute));
  if (zone != kPlainClock) row.push_back(Cell::str(std::string(zoneName(sim.recipientZone(t.campaign, who)))));
  return row;
}

// The recipients of the chosen groups as a recipient list to upload again (the follow-up
// campaign): phone_number and the uploaded variables under their own names, nothing else.
Table followupTable(const Simulation& sim, CampaignId campaign, const std::vector<CallStatus>& groups) {
  const RecipientList& r = sim.scenario().campaigns[campaign.index()].recipients;
  Table t;
  t.kind = Table::Kind::followup;
  t.campaign = campaign;
  t.columns = {"phone_number"};
  for (const auto& v : r.variable_names) t.columns.push_back(v);
  eachFinalRecipient(sim, campaign, groups, t, [&](RecipientIndex i, const CallLog&) { t.keys.push_back(i.value()); });
  return t;
}

std::vector<Cell> followupCells(const Simulation& sim, const Table& t, RecipientIndex who) {
  const RecipientList& r = sim.scenario().campaigns[t.campaign.index()].recipients;
  const std::uint32_t i = who.value();
  std::vector<Cell> row;
  row.reserve(t.columns.size());
  row.push_back(Cell::str(r.phone(i)));
  for (std::size_t v = 0; v < r.variable_names.size(); ++v) row.push_back(Cell::user(r.value(i, v)));
  return row;
}

std::vector<Cell> rowCells(const Simulation& sim, const Table& t, std::size_t row) {
  switch (t.kind) {
    case Table::Kind::calls: return callCells(sim, CallId(t.keys[row]));
    case Table::Kind::recipients: return recipientCells(sim, t, RecipientIndex(t.keys[row]));
    case Table::Kind::followup: return followupCells(sim, t, RecipientIndex(t.keys[row]));
  }
  return {};
}

}  // namespace

Json callRowJson(const Simulation& sim, CallId id) {
  const std::vector<Cell> cells = callCells(sim, id);
  const std::vector<std::string> columns = callColumns(sim, sim.call(id).campaign);
  Json j;
  for (std::size_t i = 0; i < columns.size(); ++i) j[columns[i]] = cellJson(cells[i]);
  const CallLog& log = sim.call(id);
  j["recipient"] = log.recipient.value();
  // A retry waiting for its time: when it falls due (it is dialed then, or at the next free line).
  j["due_at"] = log.depth > 0 && log.status == CallStatus::created ? localTime(sim, log.due) : Json(nullptr);
  return j;
}

struct ExportStream::Impl {
  const Simulation& sim;
  ExportOptions options;
  std::vector<CallStatus> groups;
  Table table;
  ExportResult summary;
  std::size_t next_row = 0;
  bool header_written = false, done = false;

  void header(std::string& out) const {
    if (options.format == "csv") {
      if (options.bom) out += "\xEF\xBB\xBF";  // spreadsheets then read the file as UTF-8
      // Header cells are the user's column names too: the same formula neutralisation as data cells.
      for (std::size_t i = 0; i < table.columns.size(); ++i) out += (i ? "," : "") + csvField(neutraliseFormula(table.columns[i]));
      out += "\r\n";
      return;
    }
    // Written by hand, one row per line: a million-row export stays fast and diffable.
    Json statuses = Json::array();
    for (CallStatus s : groups) statuses.push_back(std::string(name(s)));
    out += "{\n  \"table\": ";
    appendJsonString(out, options.table);
    out += ",\n  \"campaign\": ";
    appendJsonString(out, sim.scenario().campaigns[options.campaign].name);
    out += ",\n  \"statuses\": " + statuses.dump();
    out += ",\n  \"row_count\": " + std::to_string(summary.rows);
    out += ",\n  \"excluded_in_progress\": " + std::to_string(summary.excluded_in_progress);
    out += ",\n  \"truncated\": ";
    out += summary.truncated_at_minute ? "{\"at_minute\": " + std::to_string(*summary.truncated_at_minute) +
                                             ", \"in_progress\": " + std::to_string(summary.truncated_in_progress) + "}"
                                       : std::string("null");
    out += ",\n  \"rows\": [";
  }

  void row(std::string& out, std::size_t r) const {
    const std::vector<Cell> cells = rowCells(sim, table, r);
    if (options.format == "csv") {
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        out += csvField(cellCsv(cells[i]));
      }
      out += "\r\n";
      return;
    }
    out += r ? ",\n    {" : "\n    {";
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      if (i) out += ", ";
      appendJsonString(out, table.columns[i]);
      out += ": ";
      appendCellJson(out, cells[i]);
    }
    out += '}';
  }

  void footer(std::string& out) const {
    if (options.format == "json") out += table.keys.empty() ? "]\n}\n" : "\n  ]\n}\n";
  }
};

ExportStream::ExportStream(const Simulation& sim, const ExportOptions& options) {
  std::vector<FieldError> errors;
  if (options.table != "recipients" && options.table != "calls" && options.table != "followup")
    errors.push_back({"--table", "must be recipients, calls or followup, found \"" + options.table + "\""});
  if (options.format != "csv" && options.format != "json")
    errors.push_back({"--format", "must be csv or json, found \"" + options.format + "\""});
  if (options.campaign < 0 || static_cast<std::size_t>(options.campaign) >= sim.campaignCount())
    errors.push_back({"--campaign", "must be a campaign index from 0 to " +
                                        std::to_string(sim.campaignCount() - 1) + ", found " +
                                        std::to_string(options.campaign)});
  if (options.bom && options.format != "csv")
    errors.push_back({"--bom", "a byte order mark applies to CSV exports only; JSON never has one"});
  if (!errors.empty()) throw InputError(errors);
  impl_ = std::make_unique<Impl>(Impl{sim, options, parseGroups(options.statuses), {}, {}});
  Impl& m = *impl_;
  const CampaignId campaign = CampaignId::from(static_cast<std::size_t>(options.campaign));
  m.table = options.table == "calls"      ? callsTable(sim, campaign, m.groups)
            : options.table == "followup" ? followupTable(sim, campaign, m.groups)
                                          : recipientsTable(sim, campaign, m.groups);
  m.summary.rows = static_cast<std::uint32_t>(m.table.keys.size());
  m.summary.excluded_in_progress = m.table.excluded;
  if (const auto cut = sim.truncated()) {
    m.summary.truncated_at_minute = cut->at / 60;
    m.summary.truncated_in_progress = cut->in_progress;
  }
}

ExportStream::~ExportStream() = default;

bool ExportStream::done() const { return impl_->done; }

const ExportResult& ExportStream::summary() const { return impl_->summary; }

std::string ExportStream::next(std::size_t max_bytes) {
  Impl& m = *impl_;
  std::string out;
  if (m.done) return out;
  out.reserve(std::min<std::size_t>(max_bytes, 1 << 22) + 1024);
  if (!m.header_written) {
    m.header(out);
    m.header_written = true;
  }
  while (m.next_row < m.table.keys.size() && out.size() < max_bytes) m.row(out, m.next_row++);
  if (m.next_row == m.table.keys.size()) {
    m.footer(out);
    m.done = true;
  }
  return out;
}

ExportResult exportFromSimulation(const Simulation& sim, const ExportOptions& options) {
  ExportStream stream(sim, options);
  ExportResult result = stream.summary();
  while (!stream.done()) result.text += stream.next();
  return result;
}

}  // namespace cs
