#include "compare.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <vector>

namespace cs {

namespace {

constexpr double kZ95 = 1.959963984540054;

// The final groups as shares of recipients (model.md §8), in report order; they add up to 1.
constexpr std::array<const char*, 5> kShareMetrics = {
    "completed_share", "failed_share", "did_not_pick_share", "cancelled_share", "retry_expired_share"};

// What the A/B compares, in the order the page and the CLI show it.
constexpr std::array<const char*, 11> kComparedMetrics = {
    "completed_share", "failed_share", "did_not_pick_share", "cancelled_share",
    "retry_expired_share", "completed_leads", "attempts", "attempts_per_recipient",
    "billed_minutes", "cost", "duration_minutes"};

std::string printf1(const char* format, double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, v);
  return buffer;
}

// Thousands separators for a whole number: 12345 -> "12,345".
std::string grouped(double v) {
  const long long n = std::llround(std::fabs(v));
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string pp(double share) { return printf1("%.1f pp", std::fabs(share) * 100); }
std::string percent(double share) { return printf1("%.1f %%", share * 100); }
std::string money(double v) {
  const double a = std::fabs(v);
  return a >= 1000 ? grouped(a) : printf1("%.2f", a);
}
std::string count(double v) {
  const double a = std::fabs(v);
  return a >= 100 ? grouped(a) : printf1("%.1f", a);
}
std::string minutes(double m) {
  const long long t = std::llround(std::fabs(m));
  if (t < 60) return std::to_string(t) + " min";
  if (t < 1440) return std::to_string(t / 60) + " h " + std::to_string(t % 60) + " min";
  const long long h = std::llround(std::fabs(m) / 60);
  return std::to_string(h / 24) + " d " + std::to_string(h % 24) + " h";
}

double field(const Json& summary, const char* metric, const char* stat) {
  const auto it = summary.find(metric);
  if (it == summary.end() || !it->is_object()) return 0;
  const auto s = it->find(stat);
  return s != it->end() && s->is_number() ? s->get<double>() : 0;
}

struct Diff {
  double d = 0, low = 0, high = 0;
  bool clear = false;
};
Diff difference(const Json& a, const Json& b, const char* metric, double runs_a, double runs_b) {
  Diff r;
  const double sa = field(a, metric, "sd"), sb = field(b, metric, "sd");
  r.d = field(b, metric, "mean") - field(a, metric, "mean");
  const double half = kZ95 * std::sqrt(sa * sa / std::max(1.0, runs_a) + sb * sb / std::max(1.0, runs_b));
  r.low = r.d - half;
  r.high = r.d + half;
  r.clear = r.low > 0 || r.high < 0;
  return r;
}

// "12.30 more" / "12.30 less"; "no more" when it rounds to nothing.
std::string moreOrLess(double d, const std::string& amount) {
  if (amount == "0.00" || amount == "0.0" || amount == "0") return "the same";
  return amount + (d > 0 ? " more" : " less");
}

// The part of a verdict after the reach: what the extra (or saved) leads cost in effort, money and
// time, from `w`'s point of view against `l`.
std::string costsOf(const Json& w, const Json& l, double runs_w, double runs_l, double extra_leads) {
  const Diff attempts = difference(l, w, "attempts_per_recipient", runs_l, runs_w);
  const Diff cost = difference(l, w, "cost", runs_l, runs_w);
  const double med = field(w, "duration_minutes", "median") - field(l, "duration_minutes", "median");
  const double p90 = field(w, "duration_minutes", "p90") - field(l, "duration_minutes", "p90");
  std::string out;
  out += printf1("%.2f", std::fabs(attempts.d)) + (attempts.d >= 0 ? " more" : " fewer") +
         " attempts per recipient";
  out += ", a cost " + moreOrLess(cost.d, money(cost.d));
  if (cost.d > 0 && extra_leads > 0) out += " (" + money(cost.d / extra_leads) + " per extra completed lead)";
  if (std::llround(med) == 0 && std::llround(p90) == 0) {
    out += " and the same duration";
  } else {
    out += " and " + (std::llround(med) == 0 ? std::string("the same median duration")
                                               : minutes(med) + (med > 0 ? " longer" : " shorter") +
                                                     " to finish (median)");
    out += std::string("; p90 ") + (p90 >= 0 ? "+" : "−") + minutes(p90);
  }
  return out;
}

// "1, 2 and 4" or "1–4" (consecutive numbers), with `last` as the final joiner.
std::string listNumbers(const std::vector<int>& v, const char* last) {
  bool consecutive = v.size() > 2;
  for (std::size_t i = 1; i < v.size(); ++i) consecutive = consecutive && v[i] == v[i - 1] + 1;
  if (consecutive) return std::to_string(v.front()) + "–" + std::to_string(v.back());
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i)
    out += (i == 0 ? "" : i + 1 == v.size() ? last : ", ") + std::to_string(v[i]);
  return out;
}

// A set of sweep cells in few words: "3 retries every 15, 30 or 60 min", "1–4 retries every 15
// min and 2–4 every 30 min".
std::string describeCells(const std::vector<const Json*>& cells) {
  std::vector<int> waits;
  std::vector<std::vector<int>> retries;  // per wait, in the rows' order
  for (const Json* c : cells) {
    const int w = (*c)["wait_minutes"].get<int>(), r = (*c)["max_retries"].get<int>();
    auto it = std::find(waits.begin(), waits.end(), w);
    if (it == waits.end()) {
      waits.push_back(w);
      retries.emplace_back();
      it = waits.end() - 1;
    }
    auto& list = retries[static_cast<std::size_t>(it - waits.begin())];
    if (std::find(list.begin(), list.end(), r) == list.end()) list.push_back(r);
  }
  for (auto& list : retries) std::sort(list.begin(), list.end());
  auto counts = [](const std::vector<int>& r) {
    if (r.size() == 1 && r[0] == 0) return std::string("0 retries");
    return listNumbers(r, " or ") + (r.size() == 1 && r[0] == 1 ? " retry" : " retries");
  };
  const bool same_counts = std::all_of(retries.begin(), retries.end(), [&](const auto& r) { return r == retries[0]; });
  if (same_counts) {
    if (retries[0].size() == 1 && retries[0][0] == 0) return "0 retries";
    return counts(retries[0]) + " every " + listNumbers(waits, " or ") + " min";
  }
  std::string out;
  for (std::size_t i = 0; i < waits.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == waits.size() ? " and " : ", ");
    out += counts(retries[i]) + " every " + std::to_string(waits[i]) + " min";
  }
  return out;
}

}  // namespace

int betterDirection(const std::string& metric) {
  if (metric == "completed_share" || metric == "completed_leads" || metric == "picked_up") return 1;
  // Fewer failed or did-not-pick recipients is good only when they became completed leads; when
  // they were not called again (expired, cancelled) it is not: these two say fewer or more, and
  // the judgement is the completed share's.
  if (metric == "failed_share" || metric == "did_not_pick_share" || metric == "failed_leads" ||
      metric == "did_not_pick")
    return 0;
  if (metric == "recipients" || metric == "sent" || metric == "in_progress") return 0;
  return -1;  // cancelled, expired (not reached), attempts, minutes, cost, duration
}

std::string describeRetries(int max_retries, int wait_minutes) {
  if (max_retries == 0) return "0 retries";
  return std::to_string(max_retries) + (max_retries == 1 ? " retry" : " retries") + " every " +
         std::to_string(wait_minutes) + " min";
}

Json compareSummaries(const Json& a, const Json& b, double runs_a, double runs_b,
                      const std::string& label_a, const std::string& label_b) {
  Json metrics = Json::object();
  for (const char* m : kComparedMetrics) {
    const Diff d = difference(a, b, m, runs_a, runs_b);
    const int dir = betterDirection(m);
    const char* judgement = !d.clear ? "same"
                            : dir == 0 ? (d.d > 0 ? "more" : "fewer")
                                       : (d.d * dir > 0 ? "better" : "worse");
    metrics[m] = Json{{"a", field(a, m, "mean")},
                      {"b", field(b, m, "mean")},
                      {"difference", d.d},
                      {"ci95", {d.low, d.high}},
                      {"clear", d.clear},
                      {"judgement", judgement}};
  }
  double total_a = 0, total_b = 0;
  for (const char* m : kShareMetrics) {
    total_a += field(a, m, "mean");
    total_b += field(b, m, "mean");
  }
  const Diff reach = difference(a, b, "completed_share", runs_a, runs_b);
  const Diff leads = difference(a, b, "completed_leads", runs_a, runs_b);
  std::string verdict;
  if (reach.clear) {
    const bool b_wins = reach.d > 0;
    const Json& w = b_wins ? b : a;
    const Json& l = b_wins ? a : b;
    const double sign = b_wins ? 1 : -1;
    verdict = (b_wins ? label_b : label_a) + " completes " + count(leads.d) + " more leads than " +
              (b_wins ? label_a : label_b) + " (95 % CI " + count(sign > 0 ? leads.low : -leads.high) +
              " to " + count(sign > 0 ? leads.high : -leads.low) + "; +" + pp(reach.d) +
              " of recipients reached) for " +
              costsOf(w, l, b_wins ? runs_b : runs_a, b_wins ? runs_a : runs_b, std::fabs(leads.d)) + ".";
  } else {
    const double within = std::max(std::fabs(reach.low), std::fabs(reach.high));
    verdict = label_a + " and " + label_b + " give the same reach here within ±" + pp(within) + " (" +
              percent(field(a, "completed_share", "mean")) + " and " +
              percent(field(b, "completed_share", "mean")) + " completed)";
    const Diff cost = difference(a, b, "cost", runs_a, runs_b);
    const double med = field(b, "duration_minutes", "median") - field(a, "duration_minutes", "median");
    std::vector<std::string> parts;
    if (cost.clear)
      parts.push_back((cost.d > 0 ? label_a : label_b) + " is cheaper by " + money(cost.d));
    if (std::llround(med) != 0)
      parts.push_back((med > 0 ? label_a : label_b) + " finishes " + minutes(med) + " sooner (median)");
    if (parts.empty()) verdict += "; they cost the same and take as long within the noise.";
    else verdict += "; " + parts[0] + (parts.size() > 1 ? " and " + parts[1] : std::string()) + ".";
  }
  return Json{{"metrics", metrics},
              {"duration_median_difference",
               field(b, "duration_minutes", "median") - field(a, "duration_minutes", "median")},
              {"duration_p90_difference", field(b, "duration_minutes", "p90") - field(a, "duration_minutes", "p90")},
              {"shares_total", {{"a", total_a}, {"b", total_b}}},
              {"verdict", verdict}};
}

Json sweepVerdict(const Json& rows, double runs) {
  std::vector<const Json*> cells;
  for (const auto& row : rows)
    if (row.is_object() && row.contains("completed_share")) cells.push_back(&row);
  if (cells.empty()) return Json{{"verdict", "No cells to compare."}};
  auto key = [](const Json& r) {
    return Json{{"max_retries", r["max_retries"]}, {"wait_minutes", r["wait_minutes"]}};
  };
  auto name = [](const Json& r) {
    return describeRetries(r["max_retries"].get<int>(), r["wait_minutes"].get<int>());
  };
  // Highest mean reach; ties go to fewer retries, then the shorter interval (the row order).
  const Json* best = cells.front();
  for (const Json* c : cells)
    if (field(*c, "completed_share", "mean") > field(*best, "completed_share", "mean")) best = c;
  std::vector<const Json*> same;
  double within = 0;
  for (const Json* c : cells) {
    const Diff d = difference(*best, *c, "completed_share", runs, runs);
    if (c != best && d.clear) continue;
    same.push_back(c);
    within = std::max({within, std::fabs(d.low), std::fabs(d.high)});
  }
  auto cheaper = [&](const Json* x, const Json* y) {
    const double cx = field(*x, "cost", "mean"), cy = field(*y, "cost", "mean");
    if (cx != cy) return cx < cy;
    const double dx = field(*x, "duration_minutes", "median"), dy = field(*y, "duration_minutes", "median");
    if (dx != dy) return dx < dy;
    return (*x)["max_retries"].get<int>() < (*y)["max_retries"].get<int>();
  };
  const Json* recommended = *std::min_element(same.begin(), same.end(), cheaper);
  const Json* fastest = *std::min_element(same.begin(), same.end(), [&](const Json* x, const Json* y) {
    return field(*x, "duration_minutes", "median") < field(*y, "duration_minutes", "median");
  });
  std::string verdict;
  if (same.size() == 1) {
    verdict = "Highest reach: " + name(*best) + ", " + percent(field(*best, "completed_share", "mean")) +
              " completed";
    const Json* second = nullptr;
    for (const Json* c : cells)
      if (c != best && (!second || field(*c, "completed_share", "mean") > field(*second, "completed_share", "mean")))
        second = c;
    if (second) {
      const double gain = field(*best, "completed_share", "mean") - field(*second, "completed_share", "mean");
      verdict += ", clearly ahead of the next best (" + name(*second) + ", " + pp(gain) + " less), for " +
                 costsOf(*best, *second, runs, runs,
                         field(*best, "completed_leads", "mean") - field(*second, "completed_leads", "mean"));
    }
    verdict += ".";
  } else {
    verdict = describeCells(same) + " give the same reach here within ±" + pp(within) + " (" +
              percent(field(*best, "completed_share", "mean")) + " completed at best); " +
              name(*recommended) + " is the cheapest of them (cost " +
              money(field(*recommended, "cost", "mean")) + ")";
    const double slower = field(*recommended, "duration_minutes", "median") -
                          field(*fastest, "duration_minutes", "median");
    if (fastest != recommended && std::llround(slower) > 0)
      verdict += "; " + name(*fastest) + " finishes " + minutes(slower) + " sooner (median)";
    else
      verdict += " and finishes soonest";
    verdict += ".";
  }
  Json equivalent = Json::array();
  for (const Json* c : same) equivalent.push_back(key(*c));
  return Json{{"best", key(*best)},
              {"equivalent", equivalent},
              {"recommended", key(*recommended)},
              {"within_pp", within * 100},
              {"verdict", verdict}};
}

}  // namespace cs
