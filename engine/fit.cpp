#include "fit.h"

// Same bits natively and in WebAssembly: no SIMD reordering of sums.
#define EIGEN_DONT_VECTORIZE
#define EIGEN_DONT_PARALLELIZE
#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "random.h"

namespace cs {

Distribution& timingStage(TimingDef& t, int stage) {
  Distribution* all[] = {&t.dispatch_delay, &t.provider_ack, &t.ring_to_answer, &t.talk, &t.ring_to_machine,
                         &t.voicemail, &t.ring_out, &t.busy_signal, &t.no_answer, &t.failure};
  return *all[stage];
}

std::array<double, kOutcomeCount> attemptOutcomeProbabilities(const std::array<double, kOutcomeCount>& p,
                                                               int depth, double f, double m) {
  const int c = static_cast<int>(Outcome::completed);
  double s = 1;
  for (int d = 0; d < depth; ++d) s *= f;
  const double a0 = p[c];
  const double a1 = std::min(1.0, a0 * s);
  const double a2 = std::min(1.0, a1 * m);
  std::array<double, kOutcomeCount> q{};
  const double rest = 1 - a0;
  for (int o = 0; o < kOutcomeCount; ++o) q[o] = o == c ? a2 : (rest > 0 ? p[o] * (1 - a2) / rest : 0);
  return q;
}

namespace {

constexpr int kC = static_cast<int>(Outcome::completed);
constexpr double kLn2 = 0.69314718055994530942;
constexpr double kRidge = 1e-3;
constexpr int kMinForParameter = 30;  // attempts (or recipients) a parameter needs to be identified
constexpr double kDefaultHalfLife = 30;

using Vec = Eigen::VectorXd;
using Mat = Eigen::MatrixXd;

// log and exp for the likelihood, evaluated millions of times per fit: the same method as the
// engine's portableLog/portableExp (+ - * / and exact scaling only, so the same bits natively and
// in WebAssembly), with the series in Horner form with constant coefficients and no more terms
// than double precision needs.
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
double logOf(double x) {
  if (!(x > 0)) return -HUGE_VAL;
  int e = 0;
  double m = std::frexp(x, &e);
  if (m < 0.70710678118654752440) {
    m *= 2;
    e -= 1;
  }
  const double s = (m - 1) / (m + 1), s2 = s * s;  // |s| <= 0.1716: s2^12 < 1e-18
  double poly = 2.0 / 25;
  for (int k = 11; k >= 0; --k) poly = poly * s2 + 2.0 / (2 * k + 1);
  return (e * kLn2Hi) + (s * poly + e * kLn2Lo);
}
double expOf(double x) {
  if (x > 709) return HUGE_VAL;
  if (x < -745) return 0;
  const double k = std::floor(x / kLn2 + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // |r| <= 0.35: r^15/15! < 1e-19
  static const double inv[] = {1.0, 1.0, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7, 1.0 / 8,
                               1.0 / 9, 1.0 / 10, 1.0 / 11, 1.0 / 12, 1.0 / 13, 1.0 / 14, 1.0 / 15};
  double sum = 1;
  for (int n = 15; n >= 1; --n) sum = 1 + r * inv[n] * sum;
  return std::ldexp(sum, static_cast<int>(k));
}

// ---- Data: attempts grouped into recipients; identical recipients merged into weighted units ----

enum : std::uint8_t { kNoClass = 0, kBusyClass = 1, kNoAnswerClass = 2 };

struct Att {
  std::uint8_t o = 0, d = 0, h = 0, cls = kNoClass, prev = 0;
  double w = 0;  // minutes waited since the previous attempt ended
};
struct Unit {
  std::uint32_t first = 0, count = 0;
};
struct Data {
  std::vector<Att> atts;
  std::vector<Unit> units;
  std::vector<std::uint32_t> unit_of;  // per recipient with attempts
  std::vector<double> counts;          // per unit: recipients
  std::vector<std::pair<int, int>> cells;  // (depth, hour) pairs present
  int max_depth = 0;
  std::uint32_t recipients = 0;  // with at least one attempt
  // Timing samples per stage: (recipient, seconds).
  std::array<std::vector<std::pair<std::uint32_t, double>>, 10> timing;
};

Data buildData(const CallHistory& h) {
  Data D;
  std::unordered_map<std::string, std::uint32_t> seen;
  std::vector<bool> cell_seen(11 * 24, false);
  std::string key;
  for (const auto& rec : h.recipients) {
    std::vector<Att> mine;
    const HistoryCall* prev = nullptr;
    for (std::uint32_t i = rec.first; i < rec.first + rec.count; ++i) {
      const HistoryCall& c = h.calls[i];
      if (!c.attempted) continue;
      Att a;
      a.o = static_cast<std::uint8_t>(c.outcome);
      a.d = c.depth;
      a.h = static_cast<std::uint8_t>(c.local_hour < 0 ? 0 : c.local_hour);
      if (prev && c.depth > 0) {
        a.prev = static_cast<std::uint8_t>(prev->outcome);
        if (prev->outcome == Outcome::busy) a.cls = kBusyClass;
        if (prev->outcome == Outcome::no_answer || prev->outcome == Outcome::did_not_pick) a.cls = kNoAnswerClass;
        a.w = c.wait_minutes < 0 ? 0 : c.wait_minutes;
      }
      prev = &c;
      mine.push_back(a);
      const std::uint32_t r = D.recipients;
      auto sample = [&](int stage, std::int32_t v) {
        if (v >= 0) D.timing[stage].push_back({r, static_cast<double>(v)});
      };
      sample(0, c.dispatch);
      sample(1, c.ack);
      switch (c.outcome) {
        case Outcome::completed: sample(2, c.ring); sample(3, c.talk); break;
        case Outcome::voicemail: sample(4, c.ring); sample(5, c.talk); break;
        case Outcome::did_not_pick: sample(6, c.ring); break;
        case Outcome::busy: sample(7, c.ring); break;
        case Outcome::no_answer: sample(8, c.ring); break;
        case Outcome::failed: sample(9, c.ring); break;
      }
    }
    if (mine.empty()) continue;
    key.clear();
    for (const Att& a : mine) {
      key.append(reinterpret_cast<const char*>(&a.o), 5);
      if (a.cls != kNoClass) key.append(reinterpret_cast<const char*>(&a.w), sizeof(double));
      D.max_depth = std::max<int>(D.max_depth, a.d);
      if (!cell_seen[a.d * 24 + a.h]) {
        cell_seen[a.d * 24 + a.h] = true;
        D.cells.push_back({a.d, a.h});
      }
    }
    const auto [it, inserted] = seen.emplace(key, static_cast<std::uint32_t>(D.units.size()));
    if (inserted) {
      D.units.push_back({static_cast<std::uint32_t>(D.atts.size()), static_cast<std::uint32_t>(mine.size())});
      D.atts.insert(D.atts.end(), mine.begin(), mine.end());
      D.counts.push_back(0);
    }
    D.counts[it->second] += 1;
    D.unit_of.push_back(it->second);
    ++D.recipients;
  }
  std::sort(D.cells.begin(), D.cells.end());
  return D;
}

// ---- The model's free parameters ----

struct Layout {
  int K = 1;
  // The last segment is dead numbers: every call fails (its outcomes are fixed, not fitted). A
  // free segment there would sit on the edge of its parameter space (five outcome shares of 0),
  // where its fitted shares can only err upwards and take recipients from the others: the share
  // of dead numbers came out biased upwards and its intervals missed the truth.
  bool dead = false;
  bool decay = false;
  std::vector<int> hours;  // hours with their own multiplier (not the reference)
  int ref_hour = -1;       // -1: no hourly profile
  bool busy_p = false, busy_h = false, na_p = false, na_h = false;
  int eta = 0, zeta = 0, logf = -1, mu = 0, bp = -1, bh = -1, np = -1, nh = -1, n = 0;
  std::array<int, 24> mu_of{};  // parameter index per hour, -1 when fixed at 1

  void index() {
    n = 0;
    eta = n;
    n += free() * kOutcomeCount;
    zeta = n;
    if (K > 1) n += K;
    logf = decay ? n++ : -1;
    mu = n;
    mu_of.fill(-1);
    for (int h : hours) mu_of[h] = n++;
    bp = busy_p ? n++ : -1;
    bh = busy_h ? n++ : -1;
    np = na_p ? n++ : -1;
    nh = na_h ? n++ : -1;
  }
  int free() const { return K - (dead ? 1 : 0); }  // segments with fitted outcomes
  bool fixedSegment(int k) const { return dead && k == K - 1; }
  int freeCount() const { return n - free() - (K > 1 ? 1 : 0); }  // softmax redundancy removed
};

struct Model {
  std::vector<std::array<double, kOutcomeCount>> p;
  std::vector<double> pi;
  double f = 1;
  std::array<double, 24> m{};
  double busy_p = 0, busy_h = kDefaultHalfLife, na_p = 0, na_h = kDefaultHalfLife;
};

double sigmoid(double x) { return 1 / (1 + expOf(-x)); }

Model decode(const Layout& L, const Vec& x) {
  Model M;
  M.p.resize(L.K);
  if (L.dead) M.p[L.K - 1][static_cast<int>(Outcome::failed)] = 1;
  for (int k = 0; k < L.free(); ++k) {
    double mx = -1e300;
    for (int o = 0; o < kOutcomeCount; ++o) mx = std::max(mx, x[L.eta + k * kOutcomeCount + o]);
    double sum = 0;
    for (int o = 0; o < kOutcomeCount; ++o) sum += (M.p[k][o] = expOf(x[L.eta + k * kOutcomeCount + o] - mx));
    for (int o = 0; o < kOutcomeCount; ++o) M.p[k][o] /= sum;
  }
  M.pi.assign(L.K, 1.0);
  if (L.K > 1) {
    double mx = -1e300, sum = 0;
    for (int k = 0; k < L.K; ++k) mx = std::max(mx, x[L.zeta + k]);
    for (int k = 0; k < L.K; ++k) sum += (M.pi[k] = expOf(x[L.zeta + k] - mx));
    for (int k = 0; k < L.K; ++k) M.pi[k] /= sum;
  }
  M.f = L.logf >= 0 ? expOf(x[L.logf]) : 1;
  for (int h = 0; h < 24; ++h) M.m[h] = L.mu_of[h] >= 0 ? expOf(x[L.mu_of[h]]) : 1;
  if (L.bp >= 0) M.busy_p = sigmoid(x[L.bp]);
  if (L.bh >= 0) M.busy_h = expOf(x[L.bh]);
  else if (L.bp >= 0) M.busy_h = kDefaultHalfLife;
  if (L.np >= 0) M.na_p = sigmoid(x[L.np]);
  if (L.nh >= 0) M.na_h = expOf(x[L.nh]);
  return M;
}

// Negative penalised log-likelihood and its gradient.
struct Objective {
  const Data& D;
  const Layout& L;
  const std::vector<double>& weights;  // per unit
  double loglik = 0;                   // unpenalised, of the last evaluation

  double operator()(const Vec& x, Vec& grad) {
    const Model M = decode(L, x);
    const int K = L.K;
    const int depths = D.max_depth + 1;
    auto cellIndex = [&](int k, int d, int h) { return ((k * depths + d) * 24 + h) * kOutcomeCount; };
    std::vector<double> T(static_cast<std::size_t>(K) * depths * 24 * kOutcomeCount, 0.0);
    std::vector<double> G(T.size(), 0.0);
    std::vector<double> sdep(depths, 1.0);
    for (int d = 1; d < depths; ++d) sdep[d] = sdep[d - 1] * M.f;
    for (int k = 0; k < K; ++k)
      for (const auto& [d, h] : D.cells) {
        const double a0 = M.p[k][kC];
        const double a1 = std::min(1.0, a0 * sdep[d]);
        const double a2 = std::min(1.0, a1 * M.m[h]);
        const double rest = 1 - a0;
        double* t = &T[cellIndex(k, d, h)];
        for (int o = 0; o < kOutcomeCount; ++o) t[o] = o == kC ? a2 : (rest > 0 ? M.p[k][o] * (1 - a2) / rest : 0);
      }
    // Persistence chance per attempt (independent of the segment).
    double g_bp = 0, g_bh = 0, g_np = 0, g_nh = 0;
    double nll = 0;
    std::vector<double> gz(K, 0.0);
    double P[11][3], cval[11];
    for (std::size_t u = 0; u < D.units.size(); ++u) {
      const double W = weights[u];
      if (W == 0) continue;
      const Unit& U = D.units[u];
      for (std::uint32_t j = 0; j < U.count; ++j) {
        const Att& a = D.atts[U.first + j];
        cval[j] = 0;
        if (a.cls == kBusyClass && M.busy_p > 0) cval[j] = M.busy_p * expOf(-kLn2 * a.w / M.busy_h);
        if (a.cls == kNoAnswerClass && M.na_p > 0) cval[j] = M.na_p * expOf(-kLn2 * a.w / M.na_h);
      }
      double Lk[3], Ltot = 0;
      for (int k = 0; k < K; ++k) {
        double prod = 1;
        for (std::uint32_t j = 0; j < U.count; ++j) {
          const Att& a = D.atts[U.first + j];
          const double t = T[cellIndex(k, a.d, a.h) + a.o];
          double pr = cval[j] > 0 ? cval[j] * (a.o == a.prev ? 1 : 0) + (1 - cval[j]) * t : t;
          if (pr < 1e-300) pr = 1e-300;
          P[j][k] = pr;
          prod *= pr;
        }
        Lk[k] = prod;
        Ltot += M.pi[k] * prod;
      }
      if (Ltot < 1e-300) Ltot = 1e-300;
      nll -= W * logOf(Ltot);
      for (int k = 0; k < K; ++k) {
        const double gamma = M.pi[k] * Lk[k] / Ltot;
        gz[k] += W * (gamma - M.pi[k]);
        if (gamma == 0) continue;
        for (std::uint32_t j = 0; j < U.count; ++j) {
          const Att& a = D.atts[U.first + j];
          const double g = W * gamma / P[j][k];
          const int ci = cellIndex(k, a.d, a.h) + a.o;
          if (cval[j] > 0) {
            G[ci] += g * (1 - cval[j]);
            const double gc = g * ((a.o == a.prev ? 1 : 0) - T[ci]);
            if (a.cls == kBusyClass) {
              g_bp += gc * cval[j] * (1 - M.busy_p);
              g_bh += gc * cval[j] * kLn2 * a.w / M.busy_h;
            } else {
              g_np += gc * cval[j] * (1 - M.na_p);
              g_nh += gc * cval[j] * kLn2 * a.w / M.na_h;
            }
          } else {
            G[ci] += g;
          }
        }
      }
    }
    loglik = -nll;
    // Back through the outcome tables to p, f and the hourly multipliers (ascent directions).
    grad.setZero(L.n);
    double g_logf = 0;
    std::array<double, 24> g_mu{};
    for (int k = 0; k < K; ++k) {
      std::array<double, kOutcomeCount> gp{};
      const auto& p = M.p[k];
      for (const auto& [d, h] : D.cells) {
        const double* Gc = &G[cellIndex(k, d, h)];
        const double a0 = p[kC], s = sdep[d], m = M.m[h];
        double a1 = a0 * s;
        const bool cap1 = a1 >= 1;
        if (cap1) a1 = 1;
        double a2 = a1 * m;
        const bool cap2 = a2 >= 1;
        if (cap2) a2 = 1;
        const double r = 1 - a0;
        if (!(r > 1e-300)) continue;
        const double da0 = (!cap1 && !cap2) ? s * m : 0;
        const double dlf = (!cap1 && !cap2) ? a2 * d : 0;
        const double dmu = !cap2 ? a2 : 0;
        double gA2 = Gc[kC], gA0 = 0;
        for (int o = 0; o < kOutcomeCount; ++o) {
          if (o == kC) continue;
          gA2 -= Gc[o] * p[o] / r;
          gp[o] += Gc[o] * (1 - a2) / r;
          gA0 += Gc[o] * p[o] * (1 - a2) / (r * r);
        }
        gp[kC] += gA0 + gA2 * da0;
        g_logf += gA2 * dlf;
        g_mu[h] += gA2 * dmu;
      }
      double dot = 0;
      for (int o = 0; o < kOutcomeCount; ++o) dot += p[o] * gp[o];
      if (!L.fixedSegment(k))
        for (int o = 0; o < kOutcomeCount; ++o) grad[L.eta + k * kOutcomeCount + o] = p[o] * (gp[o] - dot);
      if (K > 1) grad[L.zeta + k] = gz[k];
    }
    if (L.logf >= 0) grad[L.logf] = g_logf;
    for (int h = 0; h < 24; ++h)
      if (L.mu_of[h] >= 0) grad[L.mu_of[h]] = g_mu[h];
    if (L.bp >= 0) grad[L.bp] = g_bp;
    if (L.bh >= 0) grad[L.bh] = g_bh;
    if (L.np >= 0) grad[L.np] = g_np;
    if (L.nh >= 0) grad[L.nh] = g_nh;
    // Minimise: negate, then a weak ridge keeps flat directions (an outcome never seen, a
    // persistence that is not there) finite.
    grad = -grad;
    double pen = 0;
    for (int i = 0; i < L.n; ++i) {
      double centre = 0;
      if (i == L.bh || i == L.nh) centre = logOf(kDefaultHalfLife);
      if (i == L.bp || i == L.np) centre = -2;
      // The half-life gets a firmer pull (a prior of about one e-fold around 30 minutes): when
      // the chance is about 0 it is flat and would otherwise wander to absurd values.
      const double ridge = (i == L.bh || i == L.nh) ? 0.5 : kRidge;
      pen += 0.5 * ridge * (x[i] - centre) * (x[i] - centre);
      grad[i] += ridge * (x[i] - centre);
    }
    return nll + pen;
  }
};

// BFGS with a backtracking (Armijo) line search.
// `H` (optional) is the starting inverse Hessian, and receives the final one: a bootstrap refit
// that starts from the estimate's curvature converges in a few steps.
Vec minimise(Objective& fn, Vec x, double total_weight, int max_iterations, Mat* H_io = nullptr) {
  const int n = static_cast<int>(x.size());
  Vec g(n), g_new(n);
  double f = fn(x, g);
  Mat H = H_io && H_io->rows() == n ? *H_io : Mat(Mat::Identity(n, n) / std::max(1.0, total_weight));
  int quiet = 0;
  for (int it = 0; it < max_iterations; ++it) {
    Vec dir = -(H * g);
    double slope = g.dot(dir);
    if (!(slope < 0)) {
      H = Mat::Identity(n, n) / std::max(1.0, total_weight);
      dir = -(H * g);
      slope = g.dot(dir);
      if (!(slope < 0)) break;
    }
    double t = 1, f_new = 0;
    Vec x_new(n);
    bool accepted = false;
    for (int ls = 0; ls < 50; ++ls) {
      x_new = x + t * dir;
      f_new = fn(x_new, g_new);
      if (f_new <= f + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) break;
    const Vec s = x_new - x, y = g_new - g;
    const double sy = s.dot(y);
    if (sy > 1e-12) {
      const double rho = 1 / sy;
      const Vec Hy = H * y;
      const double yHy = y.dot(Hy);
      H += (rho * rho * yHy + rho) * (s * s.transpose()) - rho * (Hy * s.transpose() + s * Hy.transpose());
    }
    const double drop = f - f_new;
    x = x_new;
    g = g_new;
    f = f_new;
    // Converged when the step the curvature predicts would gain less than 1e-6 (a millionth of a
    // unit of log-likelihood: far below what moves an interval), or when progress stalls at the
    // limit of double precision. (A looser relative test stopped refits half way along the flat
    // valley of a mixture: the bootstrap replicates then stayed near their start, the estimate,
    // and the intervals came out too narrow.)
    const double decrement = g.dot(H * g);
    quiet = drop < 1e-13 * (1 + std::fabs(f)) ? quiet + 1 : 0;
    if ((decrement >= 0 && decrement < 2e-6) || quiet >= 3 || g.lpNorm<Eigen::Infinity>() < 1e-9 * std::max(1.0, total_weight)) break;
  }
  fn(x, g);  // leaves fn.loglik at the optimum
  if (H_io) *H_io = H;
  return x;
}

// Smoothed log shares of the outcomes of a set of attempts (a starting point).
std::array<double, kOutcomeCount> logShares(const std::array<double, kOutcomeCount>& counts) {
  double total = 0;
  for (double c : counts) total += c + 0.5;
  std::array<double, kOutcomeCount> out{};
  for (int o = 0; o < kOutcomeCount; ++o) out[o] = logOf((counts[o] + 0.5) / total);
  return out;
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * (static_cast<double>(v.size()) - 1);
  const std::size_t i = static_cast<std::size_t>(pos);
  const double frac = pos - static_cast<double>(i);
  return i + 1 < v.size() ? v[i] + frac * (v[i + 1] - v[i]) : v[i];
}

// ---- Timing: closed-form fits of the base's distribution kinds, with recipient weights ----

struct TimingFit {
  std::vector<double> values;  // per fitted stage: its parameters in nameOrder
};

// Parameter names of a distribution kind, in scenario key order.
std::vector<const char*> distributionKeys(Distribution::Kind k) {
  switch (k) {
    case Distribution::Kind::fixed: return {"value"};
    case Distribution::Kind::uniform: return {"min", "max"};
    case Distribution::Kind::exponential: return {"mean"};
    case Distribution::Kind::lognormal: return {"mean", "sd"};
  }
  return {};
}

std::vector<double> fitStage(const std::vector<std::pair<std::uint32_t, double>>& samples, Distribution::Kind kind,
                             const std::vector<double>& rw) {
  double sw = 0, sx = 0, lo = 1e300, hi = -1e300, sl = 0, sll = 0;
  for (const auto& [r, v] : samples) {
    const double w = rw[r];
    if (w == 0) continue;
    sw += w;
    sx += w * v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    const double l = logOf(std::max(v, 0.5));
    sl += w * l;
    sll += w * l * l;
  }
  if (sw == 0) return {};
  const double mean = sx / sw;
  switch (kind) {
    case Distribution::Kind::fixed: return {mean};
    case Distribution::Kind::uniform: return {lo, hi};
    case Distribution::Kind::exponential: return {mean};
    case Distribution::Kind::lognormal: {
      const double mu = sl / sw;
      const double var = std::max(0.0, sll / sw - mu * mu);
      const double m = expOf(mu + var / 2);
      return {m, m * std::sqrt(std::max(0.0, expOf(var) - 1))};
    }
  }
  return {};
}


// ---- Intervals ----

// The scale a parameter's interval is built on: where it is unbounded.
enum class Link { identity, logit, log };
Link linkOf(const std::string& name) {
  if (name.find(".share") != std::string::npos || name.find(".outcomes.") != std::string::npos ||
      name.rfind("outcomes.", 0) == 0 || name.find(".probability") != std::string::npos)
    return Link::logit;
  if (name.find("answer_rate") != std::string::npos || name.find("half_life") != std::string::npos ||
      name.rfind("timing.", 0) == 0)
    return Link::log;
  return Link::identity;
}
bool inside(Link l, double v) {
  switch (l) {
    case Link::logit: return v > 0 && v < 1;
    case Link::log: return v > 0;
    case Link::identity: return true;
  }
  return true;
}
double clampInside(Link l, double v) {
  if (l == Link::logit) return std::min(1 - 1e-12, std::max(1e-12, v));
  if (l == Link::log) return std::max(1e-12, v);
  return v;
}
double toLink(Link l, double v) {
  if (l == Link::logit) return logOf(v / (1 - v));
  if (l == Link::log) return logOf(v);
  return v;
}
double fromLink(Link l, double y) {
  if (l == Link::logit) return 1 / (1 + expOf(-y));
  if (l == Link::log) return expOf(y);
  return y;
}
// The 97.5 % point of Student's t with `df` degrees of freedom (Cornish-Fisher series in 1/df;
// within 0.002 from 10 degrees of freedom on): the standard error comes from a finite number of
// bootstrap replicates, so the interval is a little wider than +-1.96 of it.
double studentT975(double df) {
  const double z = 1.959963984540054, z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df);
}

}  // namespace

FitResult fitBehaviour(const CallHistory& history, const TimingDef& base_timing, const FitOptions& options) {
  FitResult R;
  R.timing = base_timing;
  const Data D = buildData(history);
  const double N = D.recipients;
  if (D.recipients == 0) {
    R.warnings.push_back("fit: no placed attempt in the history: nothing to fit, defaults kept");
    return R;
  }

  // ---- What the data can identify ----
  std::uint32_t three_plus = 0, retries = 0;
  std::array<std::uint32_t, 24> per_hour{};
  std::array<std::uint32_t, 3> class_count{};
  std::array<double, 3> wmin{1e300, 1e300, 1e300}, wmax{-1e300, -1e300, -1e300};
  for (std::size_t u = 0; u < D.units.size(); ++u) {
    const Unit& U = D.units[u];
    if (U.count >= 3) three_plus += static_cast<std::uint32_t>(D.counts[u]);
    for (std::uint32_t j = 0; j < U.count; ++j) {
      const Att& a = D.atts[U.first + j];
      per_hour[a.h] += static_cast<std::uint32_t>(D.counts[u]);
      if (a.d > 0) retries += static_cast<std::uint32_t>(D.counts[u]);
      if (a.cls != kNoClass) {
        class_count[a.cls] += static_cast<std::uint32_t>(D.counts[u]);
        wmin[a.cls] = std::min(wmin[a.cls], a.w);
        wmax[a.cls] = std::max(wmax[a.cls], a.w);
      }
    }
  }
  Layout base;
  base.decay = options.attempt_decay && retries >= kMinForParameter;
  // The hourly profile is relative to the hour the campaign started in (the first attempt's).
  std::vector<int> hours_with_data;
  for (int h = 0; h < 24; ++h)
    if (per_hour[h] >= static_cast<std::uint32_t>(kMinForParameter)) hours_with_data.push_back(h);
  int first_hour = -1;
  {
    std::int64_t earliest = -1;
    for (const auto& c : history.calls)
      if (c.attempted && c.start >= 0 && (earliest < 0 || c.start < earliest) &&
          per_hour[c.local_hour] >= static_cast<std::uint32_t>(kMinForParameter)) {
        earliest = c.start;
        first_hour = c.local_hour;
      }
  }
  const bool hourly = options.hourly && hours_with_data.size() >= 2 && first_hour >= 0;
  if (hourly) {
    base.ref_hour = first_hour;
    for (int h : hours_with_data)
      if (h != first_hour) base.hours.push_back(h);
  }
  auto persistenceIdentified = [&](int cls) { return options.persistence && class_count[cls] >= static_cast<std::uint32_t>(kMinForParameter); };
  base.busy_p = persistenceIdentified(kBusyClass);
  base.busy_h = base.busy_p && wmax[kBusyClass] - wmin[kBusyClass] >= 5;
  base.na_p = persistenceIdentified(kNoAnswerClass);
  base.na_h = base.na_p && wmax[kNoAnswerClass] - wmin[kNoAnswerClass] >= 5;
  const bool mixture_possible = options.max_segments > 1 && three_plus >= static_cast<std::uint32_t>(kMinForParameter);

  // ---- Starting points ----
  std::array<double, kOutcomeCount> all_counts{};
  for (std::size_t u = 0; u < D.units.size(); ++u)
    for (std::uint32_t j = 0; j < D.units[u].count; ++j) all_counts[D.atts[D.units[u].first + j].o] += D.counts[u];
  auto initial = [&](const Layout& L, const Vec* from, const Layout* from_layout) {
    Vec x = Vec::Zero(L.n);
    const auto ls = logShares(all_counts);
    for (int k = 0; k < L.free(); ++k)
      for (int o = 0; o < kOutcomeCount; ++o) x[L.eta + k * kOutcomeCount + o] = ls[o];
    if (L.bp >= 0) x[L.bp] = -1.5;
    if (L.np >= 0) x[L.np] = -1.5;
    if (L.bh >= 0) x[L.bh] = logOf(kDefaultHalfLife);
    if (L.nh >= 0) x[L.nh] = logOf(kDefaultHalfLife);
    if (from) {  // the shared parameters of a fitted model
      if (L.logf >= 0 && from_layout->logf >= 0) x[L.logf] = (*from)[from_layout->logf];
      for (int h = 0; h < 24; ++h)
        if (L.mu_of[h] >= 0 && from_layout->mu_of[h] >= 0) x[L.mu_of[h]] = (*from)[from_layout->mu_of[h]];
      if (L.bp >= 0) x[L.bp] = (*from)[from_layout->bp];
      if (L.np >= 0) x[L.np] = (*from)[from_layout->np];
      if (L.bh >= 0) x[L.bh] = (*from)[from_layout->bh];
      if (L.nh >= 0) x[L.nh] = (*from)[from_layout->nh];
    }
    return x;
  };

  struct Candidate {
    Layout L;
    Vec x;
    Mat H;
    double loglik = -1e300;
  };
  auto fitLayout = [&](const Layout& L, const std::vector<Vec>& starts) {
    Candidate best;
    best.L = L;
    for (const Vec& s : starts) {
      Objective obj{D, best.L, D.counts};
      Mat H;
      Vec x = minimise(obj, s, N, 400, &H);
      if (obj.loglik > best.loglik) {
        best.loglik = obj.loglik;
        best.x = x;
        best.H = H;
      }
    }
    return best;
  };

  Layout L1 = base;
  L1.K = 1;
  L1.index();
  Candidate chosen = fitLayout(L1, {initial(L1, nullptr, nullptr)});
  const double logN = logOf(N);
  R.bic.push_back(-2 * chosen.loglik + L1.freeCount() * logN);
  if (options.progress) options.progress(0.1);
  if (mixture_possible) {
    // Data-driven starts: recipients who were ever reached, never reached, and only ever failed.
    std::array<std::array<double, kOutcomeCount>, 3> group_counts{};
    std::array<double, 3> group_size{};
    for (std::size_t u = 0; u < D.units.size(); ++u) {
      const Unit& U = D.units[u];
      bool reached = false, all_failed = true;
      for (std::uint32_t j = 0; j < U.count; ++j) {
        reached = reached || D.atts[U.first + j].o == kC;
        all_failed = all_failed && D.atts[U.first + j].o == static_cast<int>(Outcome::failed);
      }
      const int g = reached ? 0 : all_failed ? 2 : 1;
      group_size[g] += D.counts[u];
      for (std::uint32_t j = 0; j < U.count; ++j) group_counts[g][D.atts[U.first + j].o] += D.counts[u];
    }
    // Starting points for a layout: recipients grouped by what happened to them; the one-segment
    // fit tilted; and the best fit with one segment fewer, plus a new segment.
    const double tilt[3][kOutcomeCount] = {{1, 0, 0, 0, -0.5, -0.5}, {-1.5, 0, 0.5, 0, 0.5, -0.5}, {-2, -1, -1, -1, -1, 2}};
    auto startsFor = [&](const Layout& LK, const Candidate& prev) {
      const int K = LK.K, F = LK.free();
      std::vector<Vec> starts;
      Vec a = initial(LK, &chosen.x, &chosen.L);
      for (int k = 0; k < K; ++k) {
        // Groups per segment: free segments take reached (0) and never reached (1) recipients,
        // the last free one also those who only ever failed (2) unless dead numbers take them.
        std::vector<int> groups;
        if (LK.fixedSegment(k)) groups = {2};
        else if (F == 1) groups = LK.dead ? std::vector<int>{0, 1} : std::vector<int>{0, 1, 2};
        else if (K == 2) groups = k == 0 ? std::vector<int>{0} : std::vector<int>{1, 2};
        else groups = {k};
        std::array<double, kOutcomeCount> counts{};
        double size = 0;
        for (int g : groups) {
          for (int o = 0; o < kOutcomeCount; ++o) counts[o] += group_counts[g][o];
          size += group_size[g];
        }
        if (!LK.fixedSegment(k)) {
          const auto ls = logShares(counts);
          for (int o = 0; o < kOutcomeCount; ++o) a[LK.eta + k * kOutcomeCount + o] = ls[o];
        }
        a[LK.zeta + k] = logOf((size + 1) / (N + 3));
      }
      starts.push_back(a);
      Vec b = initial(LK, &chosen.x, &chosen.L);
      for (int k = 0; k < F; ++k)
        for (int o = 0; o < kOutcomeCount; ++o) b[LK.eta + k * kOutcomeCount + o] = chosen.x[L1.eta + o] + tilt[k][o];
      starts.push_back(b);
      Vec e = initial(LK, &prev.x, &prev.L);
      const Layout& P = prev.L;
      auto prevZeta = [&](int k) { return P.K > 1 ? prev.x[P.zeta + k] : 0.0; };
      for (int k = 0; k < K; ++k) {
        double zeta = -1.5;
        if (LK.fixedSegment(k)) {
          if (P.dead) zeta = prevZeta(P.K - 1);
        } else if (k < P.free()) {
          for (int o = 0; o < kOutcomeCount; ++o) e[LK.eta + k * kOutcomeCount + o] = prev.x[P.eta + k * kOutcomeCount + o];
          zeta = prevZeta(k);
        } else {
          // A new free segment: the dead numbers set free (when they were pinned) or a new group.
          const bool unpin = !LK.dead && P.dead;
          for (int o = 0; o < kOutcomeCount; ++o)
            e[LK.eta + k * kOutcomeCount + o] = unpin ? (o == static_cast<int>(Outcome::failed) ? 2.0 : -2.0)
                                                      : chosen.x[L1.eta + o] + tilt[1][o];
          if (unpin) zeta = prevZeta(P.K - 1);
        }
        e[LK.zeta + k] = zeta;
      }
      starts.push_back(e);
      return starts;
    };
    Candidate prev = chosen;
    double prev_bic = R.bic.back();
    for (int K = 2; K <= std::min(options.max_segments, 3); ++K) {
      // K segments with fitted outcomes, or K - 1 and dead numbers: the lower BIC of the two.
      Candidate best;
      double best_bic = 0;
      for (bool dead : {true, false}) {
        Layout LK = base;
        LK.K = K;
        LK.dead = dead;
        LK.index();
        Candidate c = fitLayout(LK, startsFor(LK, prev));
        const double bic = -2 * c.loglik + LK.freeCount() * logN;
        if (dead || bic < best_bic) {
          best = c;
          best_bic = bic;
        }
      }
      R.bic.push_back(best_bic);
      if (options.progress) options.progress(0.1 + 0.1 * (K - 1));
      if (best_bic < prev_bic) {
        prev = best;
        prev_bic = best_bic;
      } else {
        break;  // more segments stopped helping
      }
    }
    chosen = prev;
  }
  // Segments in a canonical order: by share, largest first (dead numbers, when pinned, last).
  Model M = decode(chosen.L, chosen.x);
  if (chosen.L.K > 1) {
    const int F = chosen.L.free();
    std::vector<int> order(chosen.L.K);
    for (int k = 0; k < chosen.L.K; ++k) order[k] = k;
    std::stable_sort(order.begin(), order.begin() + F, [&](int a, int b) { return M.pi[a] > M.pi[b]; });
    // The coordinates (and the inverse Hessian's rows and columns) follow the segments.
    std::vector<int> perm(chosen.L.n);
    for (int i = 0; i < chosen.L.n; ++i) perm[i] = i;
    for (int k = 0; k < chosen.L.K; ++k) {
      if (k < F)
        for (int o = 0; o < kOutcomeCount; ++o)
          perm[chosen.L.eta + k * kOutcomeCount + o] = chosen.L.eta + order[k] * kOutcomeCount + o;
      perm[chosen.L.zeta + k] = chosen.L.zeta + order[k];
    }
    Vec y = chosen.x;
    Mat H2(chosen.L.n, chosen.L.n);
    for (int i = 0; i < chosen.L.n; ++i) {
      y[i] = chosen.x[perm[i]];
      for (int j = 0; j < chosen.L.n; ++j) H2(i, j) = chosen.H(perm[i], perm[j]);
    }
    chosen.x = y;
    chosen.H = H2;
    M = decode(chosen.L, chosen.x);
  }
  const Layout& L = chosen.L;
  R.segments = L.K;
  R.log_likelihood = chosen.loglik;

  // ---- No persistence at all: inside the 95 % interval? ----
  // A persistence probability of 0 lies on the edge of its range, where no interval built around
  // the estimate reaches it. The likelihood-ratio test of "probability = 0" against the fit
  // decides instead (at an edge its statistic is a 50:50 mix of 0 and chi-square(1), so the 95 %
  // point is 2.71): when 0 passes, the interval starts at 0.
  auto zeroInInterval = [&](bool busy) {
    const int where = busy ? L.bp : L.np;
    if (where < 0) return false;
    Layout L0 = L;
    (busy ? L0.busy_p : L0.na_p) = false;
    (busy ? L0.busy_h : L0.na_h) = false;
    L0.index();
    Vec x0 = Vec::Zero(L0.n);
    // Every coordinate the two layouts share, from the fit.
    for (int i = 0; i < L0.free() * kOutcomeCount; ++i) x0[L0.eta + i] = chosen.x[L.eta + i];
    if (L.K > 1)
      for (int k = 0; k < L.K; ++k) x0[L0.zeta + k] = chosen.x[L.zeta + k];
    if (L0.logf >= 0) x0[L0.logf] = chosen.x[L.logf];
    for (int h = 0; h < 24; ++h)
      if (L0.mu_of[h] >= 0) x0[L0.mu_of[h]] = chosen.x[L.mu_of[h]];
    for (auto [to, from] : {std::pair{L0.bp, L.bp}, {L0.bh, L.bh}, {L0.np, L.np}, {L0.nh, L.nh}})
      if (to >= 0) x0[to] = chosen.x[from];
    Objective obj{D, L0, D.counts};
    minimise(obj, x0, N, 400);
    return 2 * (chosen.loglik - obj.loglik) < 2.706;
  };
  const bool busy_zero = options.bootstrap > 0 && zeroInInterval(true);
  const bool na_zero = options.bootstrap > 0 && zeroInInterval(false);

  // ---- Natural parameters, in output order ----
  struct Spec {
    std::string name;
    bool identified;
    std::string note;
    bool fixed = false;  // by the model (dead numbers' outcomes): no interval
    int bound = 0;       // a uniform stage's min (-1) or max (+1): its interval is exact (below)
    double samples = 0;  // of that stage
  };
  std::vector<Spec> specs;
  auto natural = [&](const Model& m, const std::vector<double>& rw) {
    std::vector<double> v;
    if (L.K == 1) {
      for (int o = 0; o < kOutcomeCount; ++o) v.push_back(m.p[0][o]);
    } else {
      for (int k = 0; k < L.K; ++k) {
        v.push_back(m.pi[k]);
        for (int o = 0; o < kOutcomeCount; ++o) v.push_back(m.p[k][o]);
      }
    }
    v.push_back(m.f);
    v.push_back(m.busy_p);
    v.push_back(m.busy_h);
    v.push_back(m.na_p);
    v.push_back(m.na_h);
    if (L.ref_hour >= 0)
      for (int h = 0; h < 24; ++h) v.push_back(m.m[h]);
    for (int s = 0; s < 10; ++s) {
      const Distribution& dist = timingStage(R.timing, s);
      const auto fitted = D.timing[s].size() >= static_cast<std::size_t>(kMinForParameter)
                              ? fitStage(D.timing[s], dist.kind, rw)
                              : std::vector<double>{};
      const auto keys = distributionKeys(dist.kind);
      for (std::size_t i = 0; i < keys.size(); ++i)
        v.push_back(i < fitted.size() ? fitted[i] : (i == 0 ? dist.a : dist.b));
    }
    return v;
  };
  const std::string seg_note =
      !mixture_possible
          ? (options.max_segments > 1 ? "not identified: a mixture needs at least " + std::to_string(kMinForParameter) +
                                            " recipients with three or more attempts (found " + std::to_string(three_plus) + ")"
                                      : "fitted as one homogeneous segment (segments off)")
          : "";
  if (L.K == 1) {
    for (int o = 0; o < kOutcomeCount; ++o) specs.push_back({"outcomes." + std::string(kOutcomeNames[o]), true, ""});
  } else {
    for (int k = 0; k < L.K; ++k) {
      const std::string prefix = "behaviour.segments[" + std::to_string(k) + "]";
      specs.push_back({prefix + ".share", true, ""});
      for (int o = 0; o < kOutcomeCount; ++o)
        specs.push_back(L.fixedSegment(k) ? Spec{prefix + ".outcomes." + std::string(kOutcomeNames[o]), true,
                                                 "fixed: dead numbers, whose every call fails", true}
                                          : Spec{prefix + ".outcomes." + std::string(kOutcomeNames[o]), true, ""});
    }
  }
  auto notEnough = [](const std::string& what, std::uint32_t n) {
    return "not identified: needs at least " + std::to_string(kMinForParameter) + " " + what + " (found " + std::to_string(n) + "); default kept";
  };
  specs.push_back({"behaviour.answer_rate_per_attempt", L.decay,
                   L.decay ? "" : (options.attempt_decay ? notEnough("retries", retries) : "fixed at 1 (decay off)")});
  auto persistenceSpecs = [&](const char* key, bool p, bool h, int cls, const char* after) {
    const std::string prefix = std::string("behaviour.") + key;
    specs.push_back({prefix + ".probability", p,
                     p ? (h ? "" : "fitted with the default half-life, which these waits cannot identify")
                       : (options.persistence ? notEnough(std::string("retries after ") + after, class_count[cls]) : "fixed off (persistence off)")});
    specs.push_back({prefix + ".half_life_minutes", h,
                     h ? "" : (p ? "not identified: every retry waited about as long (a half-life needs waits at least 5 minutes apart); default kept"
                                 : "not identified with the probability; default kept")});
  };
  persistenceSpecs("busy_persistence", L.busy_p, L.busy_h, kBusyClass, "busy");
  persistenceSpecs("no_answer_persistence", L.na_p, L.na_h, kNoAnswerClass, "did_not_pick or no_answer");
  if (L.ref_hour >= 0)
    for (int h = 0; h < 24; ++h) {
      const bool id = L.mu_of[h] >= 0;
      specs.push_back({"behaviour.answer_rate_by_hour[" + std::to_string(h) + "]", id || h == L.ref_hour,
                       h == L.ref_hour ? "reference hour (the campaign's first): the other hours are relative to it"
                                       : (id ? "" : notEnough("attempts in this hour", per_hour[h]) + " (1)")});
    }
  for (int s = 0; s < 10; ++s) {
    const auto keys = distributionKeys(timingStage(R.timing, s).kind);
    const bool id = D.timing[s].size() >= static_cast<std::size_t>(kMinForParameter);
    const bool uniform = timingStage(R.timing, s).kind == Distribution::Kind::uniform;
    for (std::size_t i = 0; i < keys.size(); ++i)
      specs.push_back({std::string("timing.") + kTimingStages[s] + "." + keys[i], id,
                       id ? "" : notEnough("calls with this stage's timestamps", static_cast<std::uint32_t>(D.timing[s].size())),
                       false, uniform ? (i == 0 ? -1 : 1) : 0, static_cast<double>(D.timing[s].size())});
  }

  std::vector<double> ones(D.recipients, 1.0);
  const std::vector<double> estimate = natural(M, ones);

  // ---- Bootstrap over recipients: refit from the estimate, same model ----
  std::vector<std::vector<double>> reps;
  if (options.bootstrap > 0) {
    Rng rng(options.seed ^ 0xB0075712ull);
    std::vector<double> rw(D.recipients), uw(D.units.size());
    for (int b = 0; b < options.bootstrap; ++b) {
      std::fill(rw.begin(), rw.end(), 0.0);
      std::fill(uw.begin(), uw.end(), 0.0);
      for (std::uint32_t i = 0; i < D.recipients; ++i) {
        const auto r = static_cast<std::uint32_t>(rng.uniform01() * D.recipients);
        rw[std::min(r, D.recipients - 1)] += 1;
      }
      for (std::uint32_t i = 0; i < D.recipients; ++i) uw[D.unit_of[i]] += rw[i];
      Objective obj{D, L, uw};
      Mat H = chosen.H;
      const Vec x = minimise(obj, chosen.x, N, 400, &H);
      reps.push_back(natural(decode(L, x), rw));
      if (options.progress) options.progress(0.3 + 0.7 * (b + 1) / options.bootstrap);
    }
  }

  // ---- Results ----
  for (std::size_t i = 0; i < specs.size(); ++i) {
    FittedParameter fp;
    fp.name = specs[i].name;
    fp.identified = specs[i].identified;
    fp.note = specs[i].note;
    fp.value = estimate[i];
    fp.lo = fp.hi = fp.value;
    if (fp.identified && !specs[i].fixed && !reps.empty() && fp.note.rfind("reference hour", 0) != 0) {
      std::vector<double> col;
      for (const auto& r : reps) col.push_back(r[i]);
      const Link link = linkOf(fp.name);
      if (specs[i].bound != 0) {
        // A uniform stage's bounds are the shortest and longest seen, which never lie outside
        // the true ones: no bootstrap tells how far inside. Their exact interval: the true max
        // exceeds the sample max by more than the range x (0.05^(-1/n) - 1) with probability 5 %.
        const double other = estimate[specs[i].bound < 0 ? i + 1 : i - 1];
        const double reach = std::fabs(fp.value - other) * (expOf(-logOf(0.05) / specs[i].samples) - 1);
        if (specs[i].bound > 0) fp.hi = fp.value + reach;
        else fp.lo = std::max(0.0, fp.value - reach);
      } else if (options.interval == FitOptions::Interval::percentile || !inside(link, fp.value) || reps.size() < 2) {
        fp.lo = std::min(fp.value, quantile(col, 0.025));
        fp.hi = std::max(fp.value, quantile(col, 0.975));
      } else {
        // The estimate +- t x the bootstrap standard error, on the scale where the parameter is
        // unbounded (logit of a probability, log of a positive quantity), mapped back.
        double sum = 0, sum2 = 0, n = 0;
        for (double v : col) {
          const double y = toLink(link, clampInside(link, v));
          sum += y;
          sum2 += y * y;
          n += 1;
        }
        const double mean = sum / n;
        const double se = std::sqrt(std::max(0.0, (sum2 - n * mean * mean) / (n - 1)));
        const double centre = toLink(link, fp.value), t = studentT975(n - 1);
        fp.lo = fromLink(link, centre - t * se);
        fp.hi = fromLink(link, centre + t * se);
      }
    }
    R.parameters.push_back(fp);
  }
  for (auto& p : R.parameters)
    if ((busy_zero && p.name == "behaviour.busy_persistence.probability") ||
        (na_zero && p.name == "behaviour.no_answer_persistence.probability"))
      p.lo = 0;
  // A persistence probability of about 0 means no persistence was found: its half-life then
  // means nothing and is reported as not identified, at the default.
  for (const char* key : {"behaviour.busy_persistence", "behaviour.no_answer_persistence"}) {
    auto prob = std::find_if(R.parameters.begin(), R.parameters.end(), [&](const FittedParameter& p) { return p.name == std::string(key) + ".probability"; });
    auto half = prob + 1;
    if (prob->identified && prob->value < 0.005) {
      half->identified = false;
      half->value = half->lo = half->hi = kDefaultHalfLife;
      half->note = "not identified: no persistence found (probability about 0); default kept";
      (std::string(key) == "behaviour.busy_persistence" ? M.busy_h : M.na_h) = kDefaultHalfLife;
    }
  }
  // Segments entry (how many, and why).
  {
    FittedParameter seg;
    seg.name = "behaviour.segments";
    seg.value = L.K;
    seg.lo = seg.hi = L.K;
    seg.identified = mixture_possible;
    if (mixture_possible) {
      seg.note = "chosen by BIC (lowest wins):";
      for (std::size_t k = 0; k < R.bic.size(); ++k)
        seg.note += std::string(k ? "," : "") + " " + std::to_string(k + 1) + " segment" + (k ? "s " : " ") +
                    std::to_string(static_cast<long long>(std::round(R.bic[k])));
      if (L.dead)
        seg.note += "; the last segment is dead numbers (every call fails: its outcomes are fixed, its share fitted)";
    } else {
      seg.note = seg_note;
    }
    R.parameters.insert(R.parameters.begin(), seg);
  }

  // ---- The fitted behaviour, as the engine runs it ----
  if (L.K == 1) {
    R.outcomes.p = M.p[0];
  } else {
    R.outcomes.p.fill(0);
    for (int k = 0; k < L.K; ++k) {
      Segment s;
      s.name = L.fixedSegment(k) ? "dead numbers" : "segment " + std::to_string(k + 1);
      s.share = M.pi[k];
      s.outcomes.p = M.p[k];
      R.behaviour.segments.push_back(s);
      for (int o = 0; o < kOutcomeCount; ++o) R.outcomes.p[o] += M.pi[k] * M.p[k][o];
    }
  }
  R.behaviour.answer_rate_per_attempt = M.f;
  R.behaviour.busy_persistence = {M.busy_p, M.busy_h};
  R.behaviour.no_answer_persistence = {M.na_p, M.na_h};
  if (L.ref_hour >= 0) R.behaviour.answer_rate_by_hour.assign(M.m.begin(), M.m.end());
  R.timing_fitted.assign(10, false);
  {
    std::size_t i = specs.size() - 1;
    // Walk the timing specs back from the end.
    for (int s = 9; s >= 0; --s) {
      Distribution& dist = timingStage(R.timing, s);
      const auto keys = distributionKeys(dist.kind);
      const std::size_t first = i + 1 - keys.size();
      if (specs[first].identified) {
        R.timing_fitted[s] = true;
        dist.a = estimate[first];
        if (keys.size() > 1) dist.b = estimate[first + 1];
      }
      i = first - 1;
    }
  }
  if (history.recipients.size() < 200)
    R.warnings.push_back("fit: only " + std::to_string(history.recipients.size()) +
                         " recipients: the intervals are wide and the backtest is rough");
  if (L.ref_hour < 0 && options.hourly)
    R.warnings.push_back("fit: the attempts span fewer than two hours with enough calls: no hourly profile");
  return R;
}

}  // namespace cs
