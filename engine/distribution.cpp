#include "distribution.h"

#include <cmath>

namespace cs {

namespace {
// Standard normal by Marsaglia's polar method: needs only log and sqrt (sqrt is exact IEEE).
double standardNormal(Rng& rng) {
  for (;;) {
    const double u = 2 * rng.uniform01() - 1;
    const double v = 2 * rng.uniform01() - 1;
    const double s = u * u + v * v;
    if (s > 0 && s < 1) return u * std::sqrt(-2 * portableLog(s) / s);
  }
}
}  // namespace

std::uint32_t Distribution::sampleSeconds(Rng& rng) const {
  double value = 0;
  switch (kind) {
    case Kind::fixed: value = a; break;
    case Kind::uniform: value = a + (b - a) * rng.uniform01(); break;
    case Kind::exponential: value = -a * portableLog(rng.uniformOpen0()); break;
    case Kind::lognormal: {
      if (b <= 0) {
        value = a;
        break;
      }
      const double sigma2 = portableLog(1 + (b * b) / (a * a));
      const double mu = portableLog(a) - sigma2 / 2;
      value = portableExp(mu + std::sqrt(sigma2) * standardNormal(rng));
      break;
    }
  }
  if (cap > 0 && value > cap) value = cap;
  if (!(value > 0)) return 0;
  if (value > 4.0e9) value = 4.0e9;
  return static_cast<std::uint32_t>(std::floor(value + 0.5));
}

}  // namespace cs
