// Parsing and validation of scenario files (model.md §9; every field is documented in
// SCENARIO.md and engine/scenario.schema.json). The only place in the engine that reads JSON.
//
// Validation never stops at the first problem: every field is checked and every problem is
// reported with its JSON pointer, so a user fixes a file in one pass.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "calendar.h"
#include "civil_time.h"
#include "phone_zones.h"
#include "scenario.h"
#include "window_check.h"
#include "text_encoding.h"

namespace cs {

namespace {

// ordered_json keeps keys in file order, so problems are reported in the order a reader meets them.
using Json = nlohmann::ordered_json;
using Keys = std::vector<std::string_view>;

// ---- Limits (SCENARIO.md lists them) ----
constexpr std::int64_t kMaxSeed = std::int64_t{1} << 53;  // exact in a JavaScript number
constexpr std::int64_t kMaxRecipientCount = 10'000'000;  // per campaign and per organization
constexpr std::int64_t kMaxHorizonDays = 3650;
constexpr std::int64_t kMaxRetries = 10;
constexpr std::int64_t kProductMaxRetries = 4;     // DialNexa reports retry depths 1 to 4
constexpr std::int64_t kMaxWaitMinutes = 43'200;   // 30 days
constexpr std::int64_t kMaxStartMinute = 525'600;  // one year
constexpr std::int64_t kMaxMinute = 5'256'000;     // ten years: ends_at, launch_at, action minutes
constexpr std::int64_t kMaxConcurrency = 10'000;
constexpr std::size_t kMaxCampaigns = 64;
constexpr double kMaxTimingSeconds = 86'400;
constexpr double kOutcomeSumTolerance = 1e-9;
constexpr std::size_t kProductMaxNameLength = 35;  // DialNexa's batch title limit
constexpr std::size_t kMaxDuplicateWarnings = 20;
constexpr std::size_t kMaxJsonDepth = 64;

// ---- Text helpers ----

// One JSON pointer token (RFC 6901: '~' -> "~0", '/' -> "~1").
std::string child(const std::string& path, std::string_view key) {
  std::string out = path;
  out.push_back('/');
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out.push_back(c);
  }
  return out;
}
std::string child(const std::string& path, std::size_t index) {
  return path + "/" + std::to_string(index);
}

// Cuts at a UTF-8 character boundary so messages stay valid UTF-8.
std::string_view truncateUtf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

// A JSON string literal of (the start of) `text`, for messages.
std::string jsonQuoted(std::string_view text, std::size_t max_bytes = 60) {
  const std::string_view head = truncateUtf8(text, max_bytes);
  std::string literal =
      Json(std::string(head)).dump(-1, ' ', false, Json::error_handler_t::replace);
  if (head.size() < text.size()) literal.insert(literal.size() - 1, "...");
  return literal;
}

std::string formatNumber(double value) {
  if (std::fabs(value) < 1e15 && value == std::floor(value))
    return std::to_string(static_cast<long long>(value));
  return Json(value).dump();
}

// What a value is, for "found ..." in messages: 12, 2.5, "3" (a string), true (a boolean),
// null, an object, an array.
std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return std::string(value.get<bool>() ? "true" : "false") + " (a boolean)";
    case Json::value_t::string:
      return jsonQuoted(value.get_ref<const std::string&>()) + " (a string)";
    case Json::value_t::number_integer:
      return std::to_string(value.get<std::int64_t>());
    case Json::value_t::number_unsigned:
      return std::to_string(value.get<std::uint64_t>());
    case Json::value_t::number_float: {
      const double d = value.get<double>();
      return std::isfinite(d) ? Json(d).dump() : "a non-finite number";
    }
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return value.size() == 1 ? "an array of 1 item" : "an array of " + std::to_string(value.size()) + " items";
    default:
      return "an unsupported value";
  }
}

std::string joinKeys(const Keys& keys) {
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i) out += ", ";
    out += keys[i];
  }
  return out;
}

std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// `unknown key "wait_minute" (did you mean "wait_minutes"?); allowed keys: ...`
std::string unknownKeyMessage(std::string_view key, const Keys& allowed) {
  std::string message = "unknown key " + jsonQuoted(key);
  if (key.size() <= 64) {
    std::string_view best;
    std::size_t best_distance = 3;  // suggest only close misspellings
    for (std::string_view candidate : allowed) {
      const std::size_t d = editDistance(key, candidate);
      if (d < best_distance) {
        best_distance = d;
        best = candidate;
      }
    }
    if (!best.empty()) message += " (did you mean \"" + std::string(best) + "\"?)";
  }
  return message + "; allowed keys: " + joinKeys(allowed);
}

// "HH:MM" -> minute of the day; "24:00" only where allowed (the end of a calling window).
std::optional<int> parseHourMinute(std::string_view text, bool allow_24) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int hour = (text[0] - '0') * 10 + (text[1] - '0');
  const int minute = (text[3] - '0') * 10 + (text[4] - '0');
  if (allow_24 && hour == 24 && minute == 0) return 24 * 60;
  if (hour > 23 || minute > 59) return std::nullopt;
  return hour * 60 + minute;
}

std::string formatHourMinute(int minute_of_day) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minute_of_day / 60, minute_of_day % 60);
  return buffer;
}

std::size_t utf8Length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// ---- Reading JSON text ----

// Builds the document like nlohmann's own DOM parser, but also knows where it is, so a number
// too large for a double (1e999, which nlohmann refuses) is reported at its JSON pointer, and a
// key given twice (which JSON parsers silently collapse) is reported instead of ignored.
class DocumentBuilder final : public nlohmann::json_sax<Json> {
 public:
  DocumentBuilder(std::string_view text, std::vector<FieldError>& errors)
      : text_(text), errors_(errors) {}

  Json root;
  bool aborted = false;  // parsing stopped (a syntax error, an overflow or excessive nesting)

  bool null() override { return add(Json(nullptr)); }
  bool boolean(bool value) override { return add(Json(value)); }
  bool number_integer(number_integer_t value) override { return add(Json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return add(Json(value)); }
  bool number_float(number_float_t value, const string_t&) override { return add(Json(value)); }
  bool string(string_t& value) override { return add(Json(std::move(value))); }
  bool binary(binary_t&) override { return add(Json(nullptr)); }  // not produced by JSON text

  bool start_object(std::size_t) override { return open(Json::object()); }
  bool start_array(std::size_t) override { return open(Json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& name) override {
    Level& top = levels_.back();
    if (top.container->contains(name))
      errors_.push_back({child(pathTo(levels_.size() - 1), name),
                         "duplicate key " + jsonQuoted(name) + "; each key may appear only once"});
    top.key = name;
    top.has_key = true;
    return true;
  }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const Json::exception& error) override {
    aborted = true;
    const std::string where = currentPath();
    std::string detail = error.what();
    // Drop nlohmann's "[json.exception.parse_error.101] " tag; keep its text and position.
    if (!detail.empty() && detail.front() == '[') {
      const std::size_t close_bracket = detail.find("] ");
      if (close_bracket != std::string::npos) detail.erase(0, close_bracket + 2);
    }
    // nlohmann quotes the bytes it last read, which may stop inside a multi-byte character.
    detail = escapeInvalidUtf8(detail);
    if (error.id == 406) {  // out_of_range.406: a number beyond the range of a double
      errors_.push_back({where, "must be a finite number, found " +
                                    std::string(truncateUtf8(last_token, 40)) + " (" +
                                    location(position) + "), which is too large for a double"});
    } else {
      errors_.push_back(
          {"", "invalid JSON: " + detail + (where.empty() ? "" : " (near " + where + ")")});
    }
    return false;
  }

 private:
  struct Level {
    Json* container;
    std::string key;  // objects: the key being read
    bool has_key = false;
  };

  bool add(Json&& value) {
    insert(std::move(value));
    return true;
  }

  Json* insert(Json&& value) {
    if (levels_.empty()) {
      root = std::move(value);
      return &root;
    }
    Level& top = levels_.back();
    if (top.container->is_array()) {
      top.container->push_back(std::move(value));
      return &top.container->back();
    }
    Json& slot = (*top.container)[top.key];
    slot = std::move(value);
    return &slot;
  }

  // Pointers on the stack stay valid: a parent gets no new member while a child is open.
  bool open(Json&& container) {
    if (levels_.size() >= kMaxJsonDepth) {
      aborted = true;
      errors_.push_back({currentPath(), "the JSON nests deeper than " +
                                            std::to_string(kMaxJsonDepth) +
                                            " levels; a scenario needs 5 at most"});
      return false;
    }
    levels_.push_back(Level{insert(std::move(container)), {}, false});
    return true;
  }

  bool close() {
    levels_.pop_back();
    return true;
  }

  // The pointer of the value open at `depth` (its parent's key or index).
  std::string pathTo(std::size_t depth) const {
    std::string path;
    for (std::size_t i = 0; i < depth; ++i) path = step(path, i, false);
    return path;
  }

  // The pointer of the value being read now.
  std::string currentPath() const {
    std::string path;
    for (std::size_t i = 0; i < levels_.size(); ++i) path = step(path, i, i + 1 == levels_.size());
    return path;
  }

  std::string step(const std::string& path, std::size_t i, bool innermost) const {
    const Level& level = levels_[i];
    if (level.container->is_array()) {
      // An open child is the array's last element; at the innermost level the next one is read.
      const std::size_t size = level.container->size();
      return child(path, innermost ? size : size - 1);
    }
    return level.has_key ? child(path, level.key) : path;
  }

  std::string location(std::size_t position) const {
    position = std::min(position, text_.size());
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < position; ++i) {
      if (text_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(position - line_start);
  }

  std::string_view text_;
  std::vector<FieldError>& errors_;
  std::vector<Level> levels_;
};

// ---- Checking values ----

struct NumberRange {
  double min = 0;
  bool min_exclusive = false;
  std::optional<double> max;

  bool contains(double v) const {
    return (min_exclusive ? v > min : v >= min) && (!max || v <= *max);
  }
  std::string describe() const {
    if (!max) return (min_exclusive ? "greater than " : "of at least ") + formatNumber(min);
    if (min_exclusive)
      return "greater than " + formatNumber(min) + " and at most " + formatNumber(*max);
    return "from " + formatNumber(min) + " to " + formatNumber(*max);
  }
};

// A key that belongs elsewhere gets this message instead of the list of allowed keys.
using Hints = std::vector<std::pair<std::string_view, std::string>>;

class Checker {
 public:
  std::vector<FieldError> errors;
  std::vector<std::string> warnings;

  void error(std::string path, std::string message) {
    errors.push_back({std::move(path), std::move(message)});
  }
  void warn(const std::string& path, const std::string& message) {
    warnings.push_back(path + ": " + message);
  }

  // Is `value` an object whose keys are all allowed? Reports a wrong type or every unknown key.
  bool object(const Json& value, const std::string& path, const Keys& allowed,
              const Hints& hints = {}) {
    if (!value.is_object()) {
      error(path, "must be an object, found " + describe(value));
      return false;
    }
    for (const auto& [key, member] : value.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      const auto hint = std::find_if(hints.begin(), hints.end(),
                                     [&key = key](const auto& h) { return h.first == key; });
      error(child(path, key), hint != hints.end() ? hint->second : unknownKeyMessage(key, allowed));
    }
    return true;
  }

  std::optional<std::int64_t> integer(const Json& value, const std::string& path, std::int64_t min,
                                      std::int64_t max) {
    const std::optional<std::int64_t> n = integerValue(value);
    if (n && *n >= min && *n <= max) return n;
    error(path, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                    ", found " + describe(value));
    return std::nullopt;
  }

  std::optional<double> number(const Json& value, const std::string& path,
                               const NumberRange& range) {
    if (value.is_number()) {
      const double d = value.get<double>();
      if (std::isfinite(d) && range.contains(d)) return d;
    }
    error(path, "must be a number " + range.describe() + ", found " + describe(value));
    return std::nullopt;
  }

  std::optional<bool> boolean(const Json& value, const std::string& path) {
    if (value.is_boolean()) return value.get<bool>();
    error(path, "must be true or false, found " + describe(value));
    return std::nullopt;
  }

  const std::string* string(const Json& value, const std::string& path, const std::string& what) {
    if (value.is_string()) return &value.get_ref<const std::string&>();
    error(path, "must be " + what + ", found " + describe(value));
    return nullptr;
  }

  void required(const std::string& path, const std::string& what) {
    error(path, "is required: " + what);
  }

 private:
  // Integers, and numbers with no fractional part (2.0: JSON Schema's "integer" accepts them too).
  static std::optional<std::int64_t> integerValue(const Json& value) {
    if (value.is_number_unsigned()) {
      const std::uint64_t u = value.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return std::nullopt;
      return static_cast<std::int64_t>(u);
    }
    if (value.is_number_integer()) return value.get<std::int64_t>();
    if (value.is_number_float()) {
      const double d = value.get<double>();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18)
        return static_cast<std::int64_t>(d);
    }
    return std::nullopt;
  }
};

const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(std::string(key));
  return it == object.end() ? nullptr : &*it;
}

// ---- Key sets ----

const Keys kCampaignFields = {"name",     "recipients",  "outcomes",        "retry",
                              "schedule", "concurrency", "wallet",          "workspace",
                              "actions",  "timing",      "launch_at_minute", "behaviour"};
const Keys kSingleFormKeys = {"name",    "seed",     "simulation_start", "recipients", "outcomes",
                              "retry",   "schedule", "concurrency",      "wallet",     "workspace",
                              "actions", "timing",   "launch_at_minute", "behaviour", "horizon_days"};
const Keys kOrganizationFormKeys = {"seed", "simulation_start", "horizon_days", "organization",
                                    "campaigns"};
const Keys kOrganizationKeys = {"concurrency", "wallet", "time_zone"};
const Keys kRecipientsKeys = {"count", "csv", "enabled_countries", "enabled_prefixes", "time_zones"};
const Keys kRetryKeys = {"max_retries",        "wait_minutes",  "retry_on_no_answer",
                         "retry_on_busy",      "retry_on_voicemail", "wait_minutes_list",
                         "rules"};
const Keys kRetryRuleOutcomes = {"did_not_pick", "no_answer", "busy", "voicemail"};
const Keys kBehaviourKeys = {"segments", "answer_rate_by_hour", "busy_persistence",
                             "no_answer_persistence", "answer_rate_per_attempt"};
const Keys kScheduleKeys = {"starts_at_minute", "ends_at_minute", "calling_hours_start",
                            "calling_hours_end", "time_zone", "calling_hours_in", "calling_days",
                            "holidays", "calling_rules", "compliance_check",
                            "default_recipient_time_zone"};
const Keys kWeekdayNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
const Keys kWorkspaceKeys = {"ready", "outbound_number_assigned"};
// In ScriptedActionKind order: the position of a name is its enum value.
const Keys kActionNames = {"launch", "pause", "resume", "cancel", "top_up", "set_workspace"};
const Keys kDistributionKinds = {"fixed", "uniform", "exponential", "lognormal"};

struct TimingField {
  std::string_view name;
  Distribution TimingDef::*member;
};
const std::vector<TimingField> kTimingFields = {{"dispatch_delay", &TimingDef::dispatch_delay},
                                                {"provider_ack", &TimingDef::provider_ack},
                                                {"ring_to_answer", &TimingDef::ring_to_answer},
                                                {"talk", &TimingDef::talk},
                                                {"ring_to_machine", &TimingDef::ring_to_machine},
                                                {"voicemail", &TimingDef::voicemail},
                                                {"ring_out", &TimingDef::ring_out},
                                                {"busy_signal", &TimingDef::busy_signal},
                                                {"no_answer", &TimingDef::no_answer},
                                                {"failure", &TimingDef::failure}};

Keys timingKeys() {
  Keys keys;
  for (const auto& field : kTimingFields) keys.push_back(field.name);
  return keys;
}

// Keys allowed by each action and each distribution kind (unknown names: the union of all).
Keys actionKeys(std::string_view action) {
  if (action == "top_up") return {"at_minute", "action", "amount"};
  if (action == "set_workspace")
    return {"at_minute", "action", "ready", "outbound_number_assigned"};
  return {"at_minute", "action"};
}
const Keys kAllActionKeys = {"at_minute", "action", "amount", "ready", "outbound_number_assigned"};

Keys distributionKeys(std::string_view kind) {
  if (kind == "fixed") return {"kind", "value"};
  if (kind == "uniform") return {"kind", "min", "max"};
  if (kind == "exponential") return {"kind", "mean", "cap"};
  if (kind == "lognormal") return {"kind", "mean", "sd", "cap"};
  return {"kind", "value", "min", "max", "mean", "sd", "cap"};
}

// Keys valid somewhere in a variant object but not for this variant get a precise message.
void checkVariantKeys(Checker& check, const Json& object, const std::string& path,
                      const Keys& allowed, const Keys& all, const std::string& variant_label) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    if (std::find(all.begin(), all.end(), key) != all.end()) {
      check.error(child(path, key), "key " + jsonQuoted(key) + " is not used by " + variant_label +
                                        "; allowed keys: " + joinKeys(allowed));
    } else {
      check.error(child(path, key), unknownKeyMessage(key, allowed));
    }
  }
}

// ---- Sections ----

const NumberRange kTimingSeconds{0, false, kMaxTimingSeconds};
const NumberRange kPositiveTimingSeconds{0, true, kMaxTimingSeconds};

std::optional<Distribution> parseDistribution(Checker& check, const Json& value,
                                              const std::string& path) {
  if (!value.is_object()) {
    check.error(
        path, "must be an object such as {\"kind\": \"uniform\", \"min\": 5, \"max\": 20}, found " +
                  describe(value));
    return std::nullopt;
  }
  const Json* kind_value = member(value, "kind");
  const std::string* kind = nullptr;
  if (!kind_value) {
    check.required(child(path, "kind"), "one of " + joinKeys(kDistributionKinds));
  } else if (kind_value->is_string() &&
             std::find(kDistributionKinds.begin(), kDistributionKinds.end(),
                       kind_value->get_ref<const std::string&>()) != kDistributionKinds.end()) {
    kind = &kind_value->get_ref<const std::string&>();
  } else {
    check.error(child(path, "kind"), "must be one of " + joinKeys(kDistributionKinds) + ", found " +
                                         describe(*kind_value));
  }
  const Keys all = distributionKeys("");
  checkVariantKeys(check, value, path, kind ? distributionKeys(*kind) : all, all,
                   kind ? "kind \"" + *kind + "\"" : "this distribution");
  if (!kind) return std::nullopt;

  bool ok = true;
  auto read = [&](std::string_view key, const NumberRange& range,
                  bool is_required) -> std::optional<double> {
    const Json* v = member(value, key);
    if (!v) {
      if (is_required) {
        check.required(child(path, key),
                       "a number of seconds " + range.describe() + " for kind \"" + *kind + "\"");
        ok = false;
      }
      return std::nullopt;
    }
    auto n = check.number(*v, child(path, key), range);
    if (!n) ok = false;
    return n;
  };

  if (*kind == "fixed") {
    const auto v = read("value", kTimingSeconds, true);
    if (ok) return Distribution::fixed(*v);
  } else if (*kind == "uniform") {
    const auto lo = read("min", kTimingSeconds, true);
    const auto hi = read("max", kTimingSeconds, true);
    if (ok && *lo > *hi) {
      check.error(child(path, "max"),
                  "must be at least min (" + formatNumber(*lo) + "), found " + formatNumber(*hi));
      ok = false;
    }
    if (ok) return Distribution::uniform(*lo, *hi);
  } else if (*kind == "exponential") {
    const auto mean = read("mean", kPositiveTimingSeconds, true);
    const auto cap = read("cap", kPositiveTimingSeconds, false);
    if (ok) return Distribution::exponential(*mean, cap.value_or(0));
  } else {
    const auto mean = read("mean", kPositiveTimingSeconds, true);
    const auto sd = read("sd", kTimingSeconds, true);
    const auto cap = read("cap", kPositiveTimingSeconds, false);
    if (ok) return Distribution::lognormal(*mean, *sd, cap.value_or(0));
  }
  return std::nullopt;
}

void parseTiming(Checker& check, const Json& value, const std::string& path, TimingDef& timing) {
  if (!check.object(value, path, timingKeys())) return;
  for (const auto& field : kTimingFields) {
    if (const Json* v = member(value, field.name)) {
      if (auto d = parseDistribution(check, *v, child(path, field.name))) timing.*field.member = *d;
    }
  }
}

void parseOutcomes(Checker& check, const Json& value, const std::string& path, OutcomeMix& mix) {
  const Keys outcome_keys(kOutcomeNames.begin(), kOutcomeNames.end());
  if (!check.object(value, path, outcome_keys)) return;
  OutcomeMix given;
  given.p.fill(0);  // an outcome left out of a given mix has probability 0
  bool all_valid = true;
  for (int k = 0; k < kOutcomeCount; ++k) {
    const std::string_view key = kOutcomeNames[k];
    if (const Json* v = member(value, key)) {
      if (auto p = check.number(*v, child(path, key), NumberRange{0, false, 1.0}))
        given.p[k] = *p;
      else
        all_valid = false;
    }
  }
  if (!all_valid) return;
  double sum = 0;
  std::string terms;
  for (int k = 0; k < kOutcomeCount; ++k) {
    sum += given.p[k];
    if (const Json* v = member(value, kOutcomeNames[k])) {
      if (!terms.empty()) terms += " + ";
      terms += std::string(kOutcomeNames[k]) + " " + Json(v->get<double>()).dump();
    }
  }
  if (std::fabs(sum - 1.0) > kOutcomeSumTolerance) {
    char sum_text[40];
    std::snprintf(sum_text, sizeof sum_text, "%.12g", sum);
    check.error(path, std::string("the probabilities must sum to 1 (within 1e-9), found ") +
                          sum_text + (terms.empty() ? " (no outcome given)" : " (" + terms + ")"));
    return;
  }
  mix = given;
}

void parseRetry(Checker& check, const Json& value, const std::string& path, RetryDef& retry) {
  if (!check.object(value, path, kRetryKeys)) return;
  bool counts_valid = true;
  if (const Json* v = member(value, "max_retries")) {
    if (auto n = check.integer(*v, child(path, "max_retries"), 0, kMaxRetries)) {
      retry.max_retries = static_cast<int>(*n);
      if (*n > kProductMaxRetries)
        check.warn(child(path, "max_retries"),
                   std::to_string(*n) + " is outside DialNexa's product range 0–" +
                       std::to_string(kProductMaxRetries) + " (the simulator allows up to " +
                       std::to_string(kMaxRetries) + ")");
    } else {
      counts_valid = false;
    }
  }
  if (const Json* v = member(value, "wait_minutes")) {
    if (auto n = check.integer(*v, child(path, "wait_minutes"), 0, kMaxWaitMinutes))
      retry.wait_minutes = static_cast<int>(*n);
    else
      counts_valid = false;
  }
  if (counts_valid && retry.max_retries > 0 && retry.wait_minutes < 1) {
    check.error(child(path, "wait_minutes"),
                "must be at least 1 when max_retries > 0 (max_retries is " +
                    std::to_string(retry.max_retries) + "), found " +
                    std::to_string(retry.wait_minutes));
  }
  const std::pair<std::string_view, bool RetryDef::*> flags[] = {
      {"retry_on_no_answer", &RetryDef::retry_on_no_answer},
      {"retry_on_busy", &RetryDef::retry_on_busy},
      {"retry_on_voicemail", &RetryDef::retry_on_voicemail}};
  for (const auto& [key, flag] : flags) {
    if (const Json* v = member(value, key)) {
      if (auto b = check.boolean(*v, child(path, key))) retry.*flag = *b;
    }
  }
  // Beyond DialNexa: a list of waits, one per retry (the last repeats).
  if (const Json* v = member(value, "wait_minutes_list")) {
    const std::string at = child(path, "wait_minutes_list");
    if (!v->is_array() || v->empty() || v->size() > static_cast<std::size_t>(kMaxRetries)) {
      check.error(at, "must be an array of 1 to " + std::to_string(kMaxRetries) +
                          " waits in minutes (each 1 to " + std::to_string(kMaxWaitMinutes) +
                          "), found " + describe(*v));
    } else {
      std::vector<int> waits;
      for (std::size_t i = 0; i < v->size(); ++i)
        if (auto n = check.integer((*v)[i], child(at, i), 1, kMaxWaitMinutes)) waits.push_back(static_cast<int>(*n));
      if (waits.size() == v->size()) retry.wait_minutes_list = waits;
      check.warn(at, "a list of waits is beyond DialNexa (which uses one wait_minutes for every retry)");
    }
  }
  // Beyond DialNexa: per-outcome rules with their own wait and cap.
  if (const Json* v = member(value, "rules")) {
    const std::string at = child(path, "rules");
    if (check.object(*v, at, kRetryRuleOutcomes)) {
      for (const auto& [key, rule_value] : v->items()) {
        if (std::find(kRetryRuleOutcomes.begin(), kRetryRuleOutcomes.end(), key) == kRetryRuleOutcomes.end()) continue;
        const std::string rule_at = child(at, key);
        if (!check.object(rule_value, rule_at, {"max_retries", "wait_minutes"})) continue;
        OutcomeRetryRule rule;
        if (const Json* m = member(rule_value, "max_retries"))
          if (auto n = check.integer(*m, child(rule_at, "max_retries"), 0, kMaxRetries)) rule.max_retries = static_cast<int>(*n);
        if (const Json* w = member(rule_value, "wait_minutes"))
          if (auto n = check.integer(*w, child(rule_at, "wait_minutes"), 1, kMaxWaitMinutes)) rule.wait_minutes = static_cast<int>(*n);
        if (rule_value.empty())
          check.error(rule_at, "needs max_retries, wait_minutes or both");
        for (int k = 0; k < kOutcomeCount; ++k)
          if (kOutcomeNames[k] == key) retry.rules[k] = rule;
      }
      check.warn(at, "per-outcome retry rules are beyond DialNexa (as Genesys Cloud recall entries)");
    }
  }
  for (int k = 0; k < kOutcomeCount; ++k) {
    if (retry.rules[k] && !isRetryable(retry, static_cast<Outcome>(k)))
      check.warn(child(child(path, "rules"), kOutcomeNames[k]),
                 "has no effect: that outcome's retry flag is off");
  }
}

// Recipient behaviour beyond independent attempts (all off by default).
void parseBehaviour(Checker& check, const Json& value, const std::string& path, BehaviourDef& behaviour) {
  if (!check.object(value, path, kBehaviourKeys)) return;
  if (const Json* v = member(value, "segments")) {
    const std::string at = child(path, "segments");
    if (!v->is_array() || v->empty() || v->size() > 16) {
      check.error(at, "must be an array of 1 to 16 segments {name, share, outcomes}, found " + describe(*v));
    } else {
      std::vector<Segment> segments;
      double total = 0;
      bool valid = true;
      for (std::size_t i = 0; i < v->size(); ++i) {
        const std::string seg_at = child(at, i);
        const Json& item = (*v)[i];
        if (!check.object(item, seg_at, {"name", "share", "outcomes"})) {
          valid = false;
          continue;
        }
        Segment segment;
        segment.name = "Segment " + std::to_string(i + 1);
        if (const Json* n = member(item, "name"))
          if (const std::string* name = check.string(*n, child(seg_at, "name"), "a string")) segment.name = *name;
        if (const Json* sh = member(item, "share")) {
          if (auto x = check.number(*sh, child(seg_at, "share"), NumberRange{0, true, 1.0})) segment.share = *x;
          else valid = false;
        } else {
          check.required(child(seg_at, "share"), "the segment's share of recipients, greater than 0 and at most 1");
          valid = false;
        }
        if (const Json* o = member(item, "outcomes")) {
          const std::size_t before = check.errors.size();
          parseOutcomes(check, *o, child(seg_at, "outcomes"), segment.outcomes);
          valid = valid && check.errors.size() == before;
        } else {
          check.required(child(seg_at, "outcomes"), "the segment's outcome probabilities (summing to 1)");
          valid = false;
        }
        total += segment.share;
        segments.push_back(segment);
      }
      if (valid && std::fabs(total - 1.0) > kOutcomeSumTolerance)
      {
        char sum_text[40];
        std::snprintf(sum_text, sizeof sum_text, "%.12g", total);  // 0.6 + 0.3 reads 0.9, not 0.8999...
        check.error(at, std::string("the segment shares must sum to 1 (within 1e-9), found ") + sum_text);
      }
      else if (valid)
        behaviour.segments = segments;
    }
  }
  if (const Json* v = member(value, "answer_rate_by_hour")) {
    const std::string at = child(path, "answer_rate_by_hour");
    if (!v->is_array() || v->size() != 24) {
      check.error(at, "must be an array of 24 multipliers of the answer rate (hours 00 to 23), found " + describe(*v));
    } else {
      std::vector<double> profile;
      for (std::size_t i = 0; i < 24; ++i)
        if (auto x = check.number((*v)[i], child(at, i), NumberRange{0, false, 10.0})) profile.push_back(*x);
      if (profile.size() == 24) behaviour.answer_rate_by_hour = profile;
    }
  }
  for (const auto& [key, member_ptr] : {std::pair<std::string_view, PersistenceDef BehaviourDef::*>{"busy_persistence", &BehaviourDef::busy_persistence},
                                        std::pair<std::string_view, PersistenceDef BehaviourDef::*>{"no_answer_persistence", &BehaviourDef::no_answer_persistence}}) {
    const Json* v = member(value, key);
    if (!v) continue;
    const std::string at = child(path, key);
    if (!check.object(*v, at, {"probability", "half_life_minutes"})) continue;
    PersistenceDef p;
    if (const Json* x = member(*v, "probability")) {
      if (auto n = check.number(*x, child(at, "probability"), NumberRange{0, false, 1.0})) p.probability = *n;
    } else {
      check.required(child(at, "probability"), "the chance, from 0 to 1, that an immediate retry repeats the outcome");
    }
    if (const Json* x = member(*v, "half_life_minutes"))
      if (auto n = check.number(*x, child(at, "half_life_minutes"), NumberRange{0, true, 10080.0})) p.half_life_minutes = *n;
    behaviour.*member_ptr = p;
  }
  if (const Json* v = member(value, "answer_rate_per_attempt"))
    if (auto x = check.number(*v, child(path, "answer_rate_per_attempt"), NumberRange{0, false, 10.0}))
      behaviour.answer_rate_per_attempt = *x;
}

// An IANA zone name from the embedded tzdata, with a suggestion for a near miss.
std::optional<ZoneId> parseZoneName(Checker& check, const Json& value, const std::string& path) {
  if (value.is_string()) {
    const std::string& name = value.get_ref<const std::string&>();
    if (auto z = findZone(name)) return z;
    std::string best;
    std::size_t best_distance = 4;
    for (std::string_view candidate : zoneNames()) {
      const std::size_t d = editDistance(name, candidate);
      if (d < best_distance) {
        best_distance = d;
        best = std::string(candidate);
      }
    }
    check.error(path, "unknown time zone " + jsonQuoted(name) +
                          (best.empty() ? "" : " (did you mean \"" + best + "\"?)") +
                          "; use an IANA name such as \"America/New_York\" or \"Asia/Kolkata\" (tzdata " +
                          tzdataVersion() + ")");
    return std::nullopt;
  }
  check.error(path, "must be an IANA time zone name such as \"America/New_York\", found " + describe(value));
  return std::nullopt;
}

std::optional<CallingRules> parseRulesName(Checker& check, const Json& value, const std::string& path) {
  if (value.is_string()) {
    const std::string& name = value.get_ref<const std::string&>();
    for (std::size_t i = 0; i < kCallingRulesNames.size(); ++i)
      if (name == kCallingRulesNames[i]) return static_cast<CallingRules>(i);
  }
  check.error(path, "must be one of us_tcpa, canada_crtc, india_trai, uk_ofcom, found " + describe(value));
  return std::nullopt;
}

void parseScheduleCalendar(Checker& check, const Json& value, const std::string& path,
                           ScheduleDef& schedule) {
  if (const Json* v = member(value, "time_zone"); v && !v->is_null())
    if (auto z = parseZoneName(check, *v, child(path, "time_zone"))) schedule.time_zone = *z;
  if (const Json* v = member(value, "calling_hours_in")) {
    if (v->is_string() && (*v == "campaign" || *v == "recipient"))
      schedule.hours_in_recipient = *v == "recipient";
    else
      check.error(child(path, "calling_hours_in"), "must be \"campaign\" or \"recipient\", found " + describe(*v));
  }
  if (const Json* v = member(value, "calling_days")) {
    const std::string at = child(path, "calling_days");
    const char* const kRule = "must be a non-empty array of distinct days from mon, tue, wed, thu, fri, sat, sun";
    if (!v->is_array() || v->empty()) {
      check.error(at, std::string(kRule) + ", found " + describe(*v));
    } else {
      std::uint8_t mask = 0;
      bool ok = true;
      for (std::size_t i = 0; i < v->size(); ++i) {
        const Json& d = (*v)[i];
        const auto it = d.is_string() ? std::find(kWeekdayNames.begin(), kWeekdayNames.end(), d.get<std::string>())
                                      : kWeekdayNames.end();
        if (it == kWeekdayNames.end()) {
          check.error(child(at, i), std::string(kRule) + ", found " + describe(d));
          ok = false;
          continue;
        }
        const auto bit = static_cast<std::uint8_t>(1u << (it - kWeekdayNames.begin()));
        if (mask & bit) {
          check.error(child(at, i), "lists " + describe(d) + " twice");
          ok = false;
        }
        mask |= bit;
      }
      if (ok) schedule.calling_days = mask;
    }
  }
  if (const Json* v = member(value, "holidays")) {
    const std::string at = child(path, "holidays");
    if (!v->is_array() || v->size() > 1000) {
      check.error(at, "must be an array of at most 1000 dates \"YYYY-MM-DD\", found " + describe(*v));
    } else {
      for (std::size_t i = 0; i < v->size(); ++i) {
        const Json& d = (*v)[i];
        std::string why;
        std::optional<std::int64_t> minute;
        if (d.is_string()) minute = parseLocalMinute(d.get<std::string>() + "T00:00", &why);
        if (!minute || d.get<std::string>().size() != 10) {
          check.error(child(at, i), "must be a date \"YYYY-MM-DD\" from 1970 to 9999, found " + describe(d) +
                                        (why.empty() ? "" : ": " + why));
          continue;
        }
        schedule.holidays.push_back(*minute / 1440);
      }
      std::sort(schedule.holidays.begin(), schedule.holidays.end());
      schedule.holidays.erase(std::unique(schedule.holidays.begin(), schedule.holidays.end()), schedule.holidays.end());
    }
  }
  if (const Json* v = member(value, "calling_rules"); v && !v->is_null())
    schedule.calling_rules = parseRulesName(check, *v, child(path, "calling_rules"));
  if (const Json* v = member(value, "compliance_check")) {
    const std::string at = child(path, "compliance_check");
    if (!v->is_array()) {
      check.error(at, "must be an array of presets (us_tcpa, canada_crtc, india_trai, uk_ofcom), found " + describe(*v));
    } else {
      for (std::size_t i = 0; i < v->size(); ++i)
        if (auto r = parseRulesName(check, (*v)[i], child(at, i))) {
          if (std::find(schedule.compliance_check.begin(), schedule.compliance_check.end(), *r) !=
              schedule.compliance_check.end())
            check.error(child(at, i), "lists " + describe((*v)[i]) + " twice");
          else
            schedule.compliance_check.push_back(*r);
        }
    }
  }
  if (const Json* v = member(value, "default_recipient_time_zone"); v && !v->is_null())
    schedule.default_recipient_time_zone = parseZoneName(check, *v, child(path, "default_recipient_time_zone"));
  // Recipient time, presets and the compliance check need real instants: a zone.
  if (!schedule.zoned()) {
    for (std::string_view key : {"calling_rules", "compliance_check", "default_recipient_time_zone"})
      if (const Json* v = member(value, key); v && !v->is_null())
        check.error(child(path, key), "needs schedule.time_zone (the campaign's zone, e.g. \"America/New_York\")");
    if (schedule.hours_in_recipient)
      check.error(child(path, "calling_hours_in"),
                  "\"recipient\" needs schedule.time_zone (the campaign's zone, e.g. \"America/New_York\")");
  }
}

void parseSchedule(Checker& check, const Json& value, const std::string& path,
                   ScheduleDef& schedule) {
  if (!check.object(value, path, kScheduleKeys)) return;
  parseScheduleCalendar(check, value, path, schedule);
  bool start_valid = true;
  if (const Json* v = member(value, "starts_at_minute")) {
    if (auto n = check.integer(*v, child(path, "starts_at_minute"), 0, kMaxStartMinute))
      schedule.starts_at_minute = static_cast<int>(*n);
    else
      start_valid = false;
  }
  if (const Json* v = member(value, "ends_at_minute"); v && !v->is_null()) {
    const std::string at = child(path, "ends_at_minute");
    if (auto n = check.integer(*v, at, 0, kMaxMinute)) {
      if (start_valid && *n <= schedule.starts_at_minute) {
        check.error(at, "must be greater than starts_at_minute (" +
                            std::to_string(schedule.starts_at_minute) + "), found " +
                            std::to_string(*n));
      } else {
        schedule.ends_at_minute = static_cast<int>(*n);
      }
    }
  }

  const char* const kHoursRule = "must be null or a time \"HH:MM\" from 00:00 to 23:59";
  bool hours_valid = true;
  auto readHours = [&](std::string_view key, bool is_end) -> std::optional<int> {
    const Json* v = member(value, key);
    if (!v || v->is_null()) return std::nullopt;
    std::optional<int> minute;
    if (v->is_string()) minute = parseHourMinute(v->get_ref<const std::string&>(), is_end);
    if (!minute) {
      check.error(child(path, key), std::string(kHoursRule) + (is_end ? " (or 24:00)" : "") +
                                        ", found " + describe(*v));
      hours_valid = false;
    }
    return minute;
  };
  const std::optional<int> start = readHours("calling_hours_start", false);
  const std::optional<int> end = readHours("calling_hours_end", true);
  if (!hours_valid) return;
  if (start.has_value() != end.has_value()) {
    const std::string_view missing = start ? "calling_hours_end" : "calling_hours_start";
    const std::string_view given = start ? "calling_hours_start" : "calling_hours_end";
    check.error(child(path, missing),
                "is required when " + std::string(given) + " is set (give both or neither)");
    return;
  }
  if (start && *start == *end) {
    check.error(child(path, "calling_hours_end"), "must differ from calling_hours_start (" +
                                                      formatHourMinute(*start) +
                                                      "); for calling at any hour leave both null");
    return;
  }
  schedule.calling_hours_start = start;
  schedule.calling_hours_end = end;
}

void parseZoneMix(Checker& check, const Json& value, const std::string& path,
                  std::vector<std::pair<ZoneId, double>>& mix) {
  if (!value.is_object() || value.empty() || value.size() > 64) {
    check.error(path, "must be an object of 1 to 64 zones and their shares, such as "
                      "{\"America/New_York\": 0.5, \"America/Los_Angeles\": 0.5}, found " + describe(value));
    return;
  }
  double sum = 0;
  bool ok = true;
  for (const auto& [name, share] : value.items()) {
    const std::string at = child(path, name);
    const auto zone = parseZoneName(check, Json(name), at);
    const auto x = check.number(share, at, NumberRange{0, true, 1.0});
    if (!zone || !x) {
      ok = false;
      continue;
    }
    mix.emplace_back(*zone, *x);
    sum += *x;
  }
  if (ok && std::fabs(sum - 1.0) > kOutcomeSumTolerance)
    check.error(path, "the shares must sum to 1 (within 1e-9), found " + formatNumber(sum));
  if (!ok || std::fabs(sum - 1.0) > kOutcomeSumTolerance) mix.clear();
}

void parseRecipients(Checker& check, const Json& value, const std::string& path,
                     RecipientList& list, std::vector<std::pair<ZoneId, double>>& mix) {
  if (!check.object(value, path, kRecipientsKeys)) return;
  if (const Json* v = member(value, "time_zones")) {
    if (member(value, "csv"))
      check.error(child(path, "time_zones"), "is only allowed with count (CSV recipients take their zone "
                                             "from a timezone column or their phone number)");
    else
      parseZoneMix(check, *v, child(path, "time_zones"), mix);
  }
  const Json* count = member(value, "count");
  const Json* csv = member(value, "csv");
  if (count && csv) {
    check.error(path,
                "give exactly one of count (synthetic recipients) or csv (DialNexa CSV text), "
                "found both");
    return;
  }
  if (!count && !csv) {
    check.error(path, "needs count (a number of synthetic recipients, 1 to " +
                          std::to_string(kMaxRecipientCount) +
                          ") or csv (DialNexa CSV text with a phone_number column)");
    return;
  }
  if (count) {
    for (std::string_view key : {"enabled_countries", "enabled_prefixes"}) {
      if (member(value, key))
        check.error(child(path, key),
                    "is only allowed with csv (synthetic recipients are all valid "
                    "numbers)");
    }
    if (auto n = check.integer(*count, child(path, "count"), 1, kMaxRecipientCount))
      list = syntheticRecipients(static_cast<std::uint32_t>(*n));
    return;
  }

  CsvOptions options;
  bool options_valid = true;
  auto readDigitList = [&](std::string_view key, std::size_t max_digits,
                           bool must_be_country) -> std::optional<std::vector<std::string>> {
    const Json* v = member(value, key);
    if (!v) return std::nullopt;
    const std::string at = child(path, key);
    if (!v->is_array()) {
      check.error(
          at, "must be an array of digit strings such as [\"1\", \"91\"], found " + describe(*v));
      options_valid = false;
      return std::nullopt;
    }
    std::vector<std::string> items;
    for (std::size_t i = 0; i < v->size(); ++i) {
      const Json& item = (*v)[i];
      const bool digits = item.is_string() && !item.get_ref<const std::string&>().empty() &&
                          item.get_ref<const std::string&>().size() <= max_digits &&
                          std::all_of(item.get_ref<const std::string&>().begin(),
                                      item.get_ref<const std::string&>().end(),
                                      [](char c) { return c >= '0' && c <= '9'; });
      if (!digits || item.get_ref<const std::string&>()[0] == '0') {
        check.error(child(at, i), "must be a string of 1 to " + std::to_string(max_digits) +
                                      " digits not starting with 0 (without '+'), found " +
                                      describe(item));
        options_valid = false;
        continue;
      }
      const std::string& text = item.get_ref<const std::string&>();
      if (must_be_country && !isCountryCallingCode(text)) {
        check.error(child(at, i),
                    "must be an ITU country calling code such as \"1\", \"44\" or "
                    "\"91\", found " +
                        describe(item));
        options_valid = false;
        continue;
      }
      items.push_back(text);
    }
    return items;
  };
  options.enabled_countries = readDigitList("enabled_countries", 3, true);
  options.enabled_prefixes = readDigitList("enabled_prefixes", 15, false);

  const std::string at = child(path, "csv");
  const std::string* text =
      check.string(*csv, at, "a string holding CSV text with a phone_number column");
  if (!text) return;

  std::vector<std::string> fatal;
  // With a broken enabled list, rows cannot be judged, but the file itself can still be checked.
  options.max_recipients = static_cast<std::uint32_t>(kMaxRecipientCount);
  RecipientList parsed = parseCsvRecipients(*text, options_valid ? options : CsvOptions{}, fatal);
  for (auto& message : fatal) check.error(at, std::move(message));
  if (!fatal.empty() || !options_valid) return;
  auto rejectedSummary = [](const RejectedRows& group) {
    const std::size_t n = group.rows.size();
    return std::to_string(n) + (n == 1 ? " row" : " rows") + " rejected as " + group.reason + " (" +
           formatRowList(group.rows) + ")";
  };
  if (parsed.phones.empty()) {
    std::string message = "no valid recipients: ";
    if (parsed.rejected.empty()) message += "the CSV has a header row but no data rows";
    for (std::size_t i = 0; i < parsed.rejected.size(); ++i)
      message += (i ? "; " : "") + rejectedSummary(parsed.rejected[i]);
    check.error(at, message);
    list = std::move(parsed);  // validate still reports the grouped rejected rows
    return;
  }
  for (const auto& group : parsed.rejected) check.warn(at, rejectedSummary(group));
  const std::size_t shown = std::min(parsed.duplicates.size(), kMaxDuplicateWarnings);
  for (std::size_t i = 0; i < shown; ++i) {
    const DuplicatePhone& duplicate = parsed.duplicates[i];
    check.warn(at, "phone number " + duplicate.phone_number + " appears " +
                       std::to_string(duplicate.rows.size()) + " times (" +
                       formatRowList(duplicate.rows) + "); every copy is kept and called");
  }
  if (shown < parsed.duplicates.size())
    check.warn(at, std::to_string(parsed.duplicates.size() - shown) +
                       " more phone numbers appear more than once");
  if (!parsed.text_marker_rows.empty()) {
    const std::size_t n = parsed.text_marker_rows.size();
    check.warn(at, std::to_string(n) + (n == 1 ? " row has" : " rows have") +
                       " cells starting with a spreadsheet text marker ' before + = - or @ (" +
                       formatRowList(parsed.text_marker_rows) +
                       "); the ' was removed and the rest read as it is");
  }
  list = std::move(parsed);
}

void parseWorkspace(Checker& check, const Json& value, const std::string& path,
                    WorkspaceDef& workspace) {
  if (!check.object(value, path, kWorkspaceKeys)) return;
  if (const Json* v = member(value, "ready")) {
    if (auto b = check.boolean(*v, child(path, "ready"))) workspace.ready = *b;
  }
  if (const Json* v = member(value, "outbound_number_assigned")) {
    if (auto b = check.boolean(*v, child(path, "outbound_number_assigned")))
      workspace.outbound_number_assigned = *b;
  }
}

std::optional<ScriptedAction> parseAction(Checker& check, const Json& value,
                                          const std::string& path) {
  if (!value.is_object()) {
    check.error(path,
                "must be an object such as {\"at_minute\": 60, \"action\": \"pause\"}, found " +
                    describe(value));
    return std::nullopt;
  }
  ScriptedAction action;
  bool ok = true;
  const Json* name_value = member(value, "action");
  const std::string* name = nullptr;
  if (!name_value) {
    check.required(child(path, "action"), "one of " + joinKeys(kActionNames));
    ok = false;
  } else if (name_value->is_string()) {
    const auto it = std::find(kActionNames.begin(), kActionNames.end(),
                              name_value->get_ref<const std::string&>());
    if (it != kActionNames.end()) {
      name = &name_value->get_ref<const std::string&>();
      action.kind = static_cast<ScriptedActionKind>(it - kActionNames.begin());
    } else {
      check.error(child(path, "action"), "unknown action " +
                                             jsonQuoted(name_value->get_ref<const std::string&>()) +
                                             "; allowed actions: " + joinKeys(kActionNames));
      ok = false;
    }
  } else {
    check.error(child(path, "action"),
                "must be one of " + joinKeys(kActionNames) + ", found " + describe(*name_value));
    ok = false;
  }
  checkVariantKeys(check, value, path, name ? actionKeys(*name) : kAllActionKeys, kAllActionKeys,
                   name ? "action \"" + *name + "\"" : "this action");

  if (const Json* v = member(value, "at_minute")) {
    if (auto n = check.integer(*v, child(path, "at_minute"), 0, kMaxMinute))
      action.at_minute = static_cast<int>(*n);
    else
      ok = false;
  } else {
    check.required(
        child(path, "at_minute"),
        "the minute the action happens, an integer from 0 to " + std::to_string(kMaxMinute));
    ok = false;
  }
  if (!name) return std::nullopt;

  if (action.kind == ScriptedActionKind::top_up) {
    if (const Json* v = member(value, "amount")) {
      if (auto n = check.number(*v, child(path, "amount"), NumberRange{0, true, std::nullopt}))
        action.amount = *n;
      else
        ok = false;
    } else {
      check.required(child(path, "amount"),
                     "the amount added to the wallet, a number greater than 0");
      ok = false;
    }
  } else if (action.kind == ScriptedActionKind::set_workspace) {
    const Json* ready = member(value, "ready");
    const Json* outbound = member(value, "outbound_number_assigned");
    if (!ready && !outbound) {
      check.error(path,
                  "set_workspace needs ready and/or outbound_number_assigned (true or false)");
      ok = false;
    }
    if (ready) {
      if (auto b = check.boolean(*ready, child(path, "ready")))
        action.workspace_ready = *b;
      else
        ok = false;
    }
    if (outbound) {
      if (auto b = check.boolean(*outbound, child(path, "outbound_number_assigned")))
        action.outbound_number_assigned = *b;
      else
        ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return action;
}

void parseActions(Checker& check, const Json& value, const std::string& path,
                  std::vector<ScriptedAction>& actions) {
  if (!value.is_array()) {
    check.error(
        path,
        "must be an array of actions such as [{\"at_minute\": 60, \"action\": \"pause\"}], found " +
            describe(value));
    return;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (auto action = parseAction(check, value[i], child(path, i))) actions.push_back(*action);
  }
  // The simulation applies actions in time order; actions at the same minute keep file order.
  std::stable_sort(
      actions.begin(), actions.end(),
      [](const ScriptedAction& a, const ScriptedAction& b) { return a.at_minute < b.at_minute; });
}

// The fields shared by a single-campaign file and each campaign of the organization form.
// `base` is "" or "/campaigns/N". Concurrency and the wallet balance are organization-level in
// the single form, so they are read by the caller there.
// Each recipient's zone (SCENARIO.md "Recipient time zones"): a CSV timezone column wins, then
// the phone number's prefix; ambiguous and unknown numbers use default_recipient_time_zone (else
// the campaign's zone) and are counted and reported. Synthetic recipients take the time_zones mix.
void resolveRecipientZones(Checker& check, const Json* recipients, const std::string& path,
                           CampaignDef& campaign) {
  RecipientZones& rz = campaign.recipient_zones;
  const ScheduleDef& s = campaign.schedule;
  const RecipientList& list = campaign.recipients;
  if (!s.zoned()) {
    if (!rz.mix.empty()) check.error(child(path, "time_zones"), "needs schedule.time_zone (the campaign's zone)");
    rz.mix.clear();
    return;
  }
  const std::uint32_t n = list.size();
  if (n == 0) return;
  const ZoneId fallback = s.default_recipient_time_zone.value_or(s.time_zone);
  if (!list.fromCsv()) {
    if (rz.mix.empty()) {
      rz.by_source[static_cast<int>(ZoneSource::campaign)] = n;
      return;
    }
    // A fixed interleave (golden-ratio sequence): shares exact in the limit, zones well mixed in
    // input order, no random numbers used.
    rz.zone.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      const double u = std::fmod((i + 0.5) * 0.6180339887498949, 1.0);
      double acc = 0;
      ZoneId z = rz.mix.back().first;
      for (const auto& [zone, share] : rz.mix) {
        acc += share;
        if (u < acc) {
          z = zone;
          break;
        }
      }
      rz.zone[i] = z;
    }
    rz.by_source[static_cast<int>(ZoneSource::mix)] = n;
    return;
  }
  const auto column = std::find(list.variable_names.begin(), list.variable_names.end(), "timezone");
  const bool has_column = column != list.variable_names.end();
  const std::size_t col = static_cast<std::size_t>(column - list.variable_names.begin());
  rz.zone.resize(n);
  std::vector<std::uint32_t> bad_rows, ambiguous_rows, unknown_rows;
  std::string first_bad;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (has_column && !list.value(i, col).empty()) {
      if (auto z = findZone(list.value(i, col))) {
        rz.zone[i] = *z;
        ++rz.by_source[static_cast<int>(ZoneSource::csv)];
      } else {
        if (bad_rows.empty()) first_bad = list.value(i, col);
        bad_rows.push_back(list.position(i));
      }
      continue;
    }
    const std::vector<ZoneId> zones = phoneZones(list.phones[i]);
    if (zones.size() == 1) {
      rz.zone[i] = zones[0];
      ++rz.by_source[static_cast<int>(ZoneSource::phone)];
    } else {
      rz.zone[i] = fallback;
      ++rz.by_source[static_cast<int>(zones.empty() ? ZoneSource::unknown : ZoneSource::ambiguous)];
      (zones.empty() ? unknown_rows : ambiguous_rows).push_back(list.position(i));
    }
  }
  const std::string at = recipients && member(*recipients, "csv") ? child(path, "csv") : path;
  if (!bad_rows.empty())
    check.error(at, "the timezone column must hold IANA zone names such as America/New_York (or be empty "
                    "to use the phone number's zone), found " + jsonQuoted(first_bad) + " and others on " +
                    formatRowList(bad_rows));
  const std::string where = "; they are called in " + std::string(zoneName(fallback)) +
                            (s.default_recipient_time_zone ? " (schedule.default_recipient_time_zone)"
                                                           : " (the campaign's zone; set schedule.default_recipient_time_zone to choose)");
  if (!ambiguous_rows.empty())
    check.warn(at, std::to_string(ambiguous_rows.size()) + " phone numbers span several time zones (" +
                       formatRowList(ambiguous_rows) + ")" + where);
  if (!unknown_rows.empty())
    check.warn(at, std::to_string(unknown_rows.size()) + " phone numbers have no known time zone (" +
                       formatRowList(unknown_rows) + ")" + where);
}

void parseCampaignFields(Checker& check, const Json& value, const std::string& base,
                         CampaignDef& campaign) {
  if (const Json* v = member(value, "name")) {
    if (const std::string* name = check.string(*v, child(base, "name"), "a non-empty string")) {
      if (name->empty()) {
        check.error(child(base, "name"), "must be a non-empty string, found \"\"");
      } else {
        campaign.name = *name;
        if (utf8Length(*name) > kProductMaxNameLength)
          check.warn(child(base, "name"), "is " + std::to_string(utf8Length(*name)) +
                                              " characters; DialNexa limits batch titles to " +
                                              std::to_string(kProductMaxNameLength));
      }
    }
  }
  if (const Json* v = member(value, "recipients"))
    parseRecipients(check, *v, child(base, "recipients"), campaign.recipients, campaign.recipient_zones.mix);
  else
    check.required(child(base, "recipients"),
                   "{\"count\": N} for synthetic recipients or {\"csv\": \"phone_number,...\"}");
  if (const Json* v = member(value, "outcomes"))
    parseOutcomes(check, *v, child(base, "outcomes"), campaign.outcomes);
  if (const Json* v = member(value, "retry"))
    parseRetry(check, *v, child(base, "retry"), campaign.retry);
  if (const Json* v = member(value, "schedule"))
    parseSchedule(check, *v, child(base, "schedule"), campaign.schedule);
  if (const Json* v = member(value, "workspace"))
    parseWorkspace(check, *v, child(base, "workspace"), campaign.workspace);
  if (const Json* v = member(value, "timing"))
    parseTiming(check, *v, child(base, "timing"), campaign.timing);
  if (const Json* v = member(value, "behaviour"))
    parseBehaviour(check, *v, child(base, "behaviour"), campaign.behaviour);
  if (const Json* v = member(value, "launch_at_minute")) {
    if (v->is_null()) {
      campaign.launch_at_minute = std::nullopt;
    } else if (auto n = check.integer(*v, child(base, "launch_at_minute"), 0, kMaxMinute)) {
      campaign.launch_at_minute = static_cast<int>(*n);
    }
  }
  if (const Json* v = member(value, "actions"))
    parseActions(check, *v, child(base, "actions"), campaign.actions);
  resolveRecipientZones(check, member(value, "recipients"), child(base, "recipients"), campaign);
}

std::optional<int> parseConcurrency(Checker& check, const Json& value, const std::string& path) {
  if (auto n = check.integer(value, path, 1, kMaxConcurrency)) return static_cast<int>(*n);
  return std::nullopt;
}

void parseBalance(Checker& check, const Json& value, const std::string& path,
                  std::optional<double>& balance) {
  if (value.is_null()) {
    balance.reset();
    return;
  }
  if (value.is_number() && std::isfinite(value.get<double>()) && value.get<double>() >= 0) {
    balance = value.get<double>();
    return;
  }
  check.error(path, "must be null (unlimited) or a number of at least 0, found " + describe(value));
}

void parseCostPerMinute(Checker& check, const Json& value, const std::string& path, double& cost) {
  if (auto n = check.number(value, path, NumberRange{0, false, std::nullopt})) cost = *n;
}

void parseSingleForm(Checker& check, const Json& root, ScenarioDef& scenario) {
  check.object(root, "", kSingleFormKeys);
  CampaignDef campaign;
  parseCampaignFields(check, root, "", campaign);
  if (const Json* v = member(root, "concurrency")) {
    if (auto n = parseConcurrency(check, *v, "/concurrency"))
      scenario.organization.concurrency = *n;
  }
  if (const Json* wallet = member(root, "wallet")) {
    if (check.object(*wallet, "/wallet", {"balance", "cost_per_minute"})) {
      if (const Json* v = member(*wallet, "balance"))
        parseBalance(check, *v, "/wallet/balance", scenario.organization.balance);
      if (const Json* v = member(*wallet, "cost_per_minute"))
        parseCostPerMinute(check, *v, "/wallet/cost_per_minute", campaign.cost_per_minute);
    }
  }
  scenario.campaigns.push_back(std::move(campaign));
}

void parseOrganizationForm(Checker& check, const Json& root, ScenarioDef& scenario) {
  scenario.organization_form = true;
  // Campaign fields at the top level mean the two forms were mixed: say where each belongs.
  Hints hints;
  for (std::string_view key : kCampaignFields) {
    std::string where = "/campaigns/N/" + std::string(key);
    if (key == "concurrency")
      where = "/organization/concurrency (or /campaigns/N/concurrency for a per-campaign cap)";
    if (key == "wallet")
      where = "/organization/wallet/balance and /campaigns/N/wallet/cost_per_minute";
    hints.emplace_back(
        key, "\"" + std::string(key) +
                 "\" cannot be at the top level of a file with "
                 "organization/campaigns (the two forms cannot be mixed); it belongs at " +
                 where);
  }
  check.object(root, "", kOrganizationFormKeys, hints);

  if (const Json* organization = member(root, "organization")) {
    const Hints org_hints = {
        {"balance", "the balance belongs at /organization/wallet/balance"},
        {"campaigns", "campaigns belong at the top level (/campaigns), beside organization"}};
    if (check.object(*organization, "/organization", kOrganizationKeys, org_hints)) {
      if (const Json* v = member(*organization, "concurrency")) {
        if (auto n = parseConcurrency(check, *v, "/organization/concurrency"))
          scenario.organization.concurrency = *n;
      }
      if (const Json* v = member(*organization, "time_zone"); v && !v->is_null())
        if (auto z = parseZoneName(check, *v, "/organization/time_zone")) scenario.time_zone = *z;
      if (const Json* wallet = member(*organization, "wallet")) {
        const Hints wallet_hints = {
            {"cost_per_minute",
             "cost_per_minute is set per campaign: put it at /campaigns/N/wallet/cost_per_minute"}};
        if (check.object(*wallet, "/organization/wallet", {"balance"}, wallet_hints)) {
          if (const Json* v = member(*wallet, "balance"))
            parseBalance(check, *v, "/organization/wallet/balance", scenario.organization.balance);
        }
      }
    }
  }

  const Json* campaigns = member(root, "campaigns");
  const std::string campaign_range = "1 to " + std::to_string(kMaxCampaigns) + " campaigns";
  if (!campaigns) {
    check.required("/campaigns", "an array of " + campaign_range + " (the organization form)");
    return;
  }
  if (!campaigns->is_array()) {
    check.error("/campaigns",
                "must be an array of " + campaign_range + ", found " + describe(*campaigns));
    return;
  }
  if (campaigns->empty() || campaigns->size() > kMaxCampaigns) {
    check.error("/campaigns",
                "must hold " + campaign_range + ", found " + std::to_string(campaigns->size()));
    if (campaigns->empty()) return;
  }
  const Hints campaign_hints = {
      {"seed", "seed is set once for the whole file: put it at /seed"},
      {"simulation_start",
       "simulation_start is set once for the whole file: put it at /simulation_start"},
      {"organization", "organization belongs at the top level (/organization)"},
      {"campaigns", "campaigns cannot be nested"}};
  for (std::size_t i = 0; i < campaigns->size(); ++i) {
    const Json& value = (*campaigns)[i];
    const std::string base = child("/campaigns", i);
    CampaignDef campaign;
    campaign.name = "Campaign " + std::to_string(i + 1);
    campaign.schedule.time_zone = scenario.time_zone;  // the organization's zone by default
    if (!check.object(value, base, kCampaignFields, campaign_hints)) continue;
    parseCampaignFields(check, value, base, campaign);
    if (campaign.schedule.zoned() && scenario.time_zone == kPlainClock)
      check.error(base + "/schedule/time_zone",
                  "needs /organization/time_zone too (the zone simulation_start is read in)");
    if (const Json* v = member(value, "concurrency")) {
      if (auto n = parseConcurrency(check, *v, child(base, "concurrency"))) {
        campaign.concurrency = *n;
        if (*n > scenario.organization.concurrency)
          check.warn(child(base, "concurrency"),
                     "the per-campaign cap " + std::to_string(*n) + " exceeds the organization's " +
                         std::to_string(scenario.organization.concurrency) +
                         "; the organization's limit applies");
      }
    }
    if (const Json* wallet = member(value, "wallet")) {
      const Hints wallet_hints = {{"balance",
                                   "the wallet balance is shared by the organization: put it at "
                                   "/organization/wallet/balance"}};
      if (check.object(*wallet, child(base, "wallet"), {"cost_per_minute"}, wallet_hints)) {
        if (const Json* v = member(*wallet, "cost_per_minute"))
          parseCostPerMinute(check, *v, child(child(base, "wallet"), "cost_per_minute"),
                             campaign.cost_per_minute);
      }
    }
    scenario.campaigns.push_back(std::move(campaign));
  }
}

void parseRoot(Checker& check, const Json& root, ScenarioDef& scenario) {
  if (!root.is_object()) {
    check.error("", "the scenario must be a JSON object, found " + describe(root));
    return;
  }
  if (const Json* v = member(root, "seed")) {
    if (auto n = check.integer(*v, "/seed", 0, kMaxSeed))
      scenario.seed = static_cast<std::uint64_t>(*n);
  }
  scenario.start_epoch_minute = *parseLocalMinute(kDefaultSimulationStart);
  if (const Json* v = member(root, "simulation_start")) {
    const char* const kRule =
        "must be a local date and time \"YYYY-MM-DDTHH:MM\" from 1970 to 9999, "
        "such as \"2026-12-07T09:00\"";
    std::string why;
    std::optional<std::int64_t> minute;
    if (v->is_string()) minute = parseLocalMinute(v->get_ref<const std::string&>(), &why);
    if (minute)
      scenario.start_epoch_minute = *minute;
    else
      check.error("/simulation_start",
                  std::string(kRule) + ", found " +
                      (v->is_string() ? jsonQuoted(v->get_ref<const std::string&>()) + ": " + why
                                      : describe(*v)));
  }
  if (const Json* v = member(root, "horizon_days")) {
    if (auto n = check.integer(*v, "/horizon_days", 1, kMaxHorizonDays))
      scenario.horizon_days = static_cast<int>(*n);
  }
  if (member(root, "organization") || member(root, "campaigns"))
    parseOrganizationForm(check, root, scenario);
  else
    parseSingleForm(check, root, scenario);
  if (!scenario.organization_form && !scenario.campaigns.empty())
    scenario.time_zone = scenario.campaigns[0].schedule.time_zone;
  // t = 0 as an instant: simulation_start read in the zone (model.md §8 plain clock without one).
  if (const auto utc = utcFromLocal(scenario.time_zone, scenario.start_epoch_minute * 60)) {
    scenario.start_utc_seconds = *utc;
  } else {
    check.error("/simulation_start", formatEpochSeconds(scenario.start_epoch_minute * 60).substr(0, 16) +
                                         " does not exist in " + std::string(zoneName(scenario.time_zone)) +
                                         " (the clocks skip it for daylight saving); choose another time");
  }

  // The recipient cap holds for the organization as a whole: memory grows with the total.
  std::int64_t total = 0;
  for (const auto& c : scenario.campaigns) total += c.recipients.size();
  if (scenario.organization_form && total > kMaxRecipientCount)
    check.error("/campaigns", "the campaigns have " + std::to_string(total) +
                                  " recipients in all; an organization may have at most " +
                                  std::to_string(kMaxRecipientCount));

  // Advice that is not an error: a top-up cannot change an unlimited wallet.
  if (!scenario.organization.balance) {
    for (std::size_t c = 0; c < scenario.campaigns.size(); ++c) {
      for (const auto& action : scenario.campaigns[c].actions) {
        if (action.kind == ScriptedActionKind::top_up) {
          check.warn(scenario.organization_form ? child("/campaigns", c) + "/actions" : "/actions",
                     "top_up has no effect while the wallet balance is unlimited (null)");
          break;
        }
      }
    }
  }
  // A window that can never open within the horizon: said here, counted in the report.
  if (check.errors.empty()) {
    for (std::size_t c = 0; c < scenario.campaigns.size(); ++c)
      for (const NeverOpenWindow& w : neverOpenWindows(scenario, c))
        check.warn(scenario.organization_form ? child("/campaigns", c) + "/schedule" : "/schedule",
                   neverOpenWarning(w));
  }
}

}  // namespace

ParseResult parseScenario(const std::string& json_text) {
  ParseResult result;
  if (auto bad_text = checkUtf8Text(json_text)) {
    result.errors.push_back({"", std::move(*bad_text)});
    return result;
  }
  try {
    Checker check;
    DocumentBuilder builder(json_text, check.errors);
    const bool parsed = Json::sax_parse(json_text, &builder, Json::input_format_t::json,
                                        /*strict=*/true, /*ignore_comments=*/false);
    if (!parsed || builder.aborted) {
      if (check.errors.empty()) check.error("", "invalid JSON");
      result.errors = std::move(check.errors);
      return result;
    }
    ScenarioDef scenario;
    parseRoot(check, builder.root, scenario);
    result.errors = std::move(check.errors);
    result.warnings = std::move(check.warnings);
    if (result.errors.empty()) {
      result.scenario = std::move(scenario);
    } else {
      // An invalid scenario still reports what its CSV rows were found to be.
      for (auto& campaign : scenario.campaigns) result.recipients.push_back(std::move(campaign.recipients));
    }
  } catch (const std::exception& e) {
    result.scenario.reset();
    result.errors.push_back(
        {"", std::string("internal error while reading the scenario: ") + e.what()});
  } catch (...) {
    result.scenario.reset();
    result.errors.push_back({"", "internal error while reading the scenario"});
  }
  return result;
}

}  // namespace cs
