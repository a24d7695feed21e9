#include "random.h"

#include <cmath>

namespace cs {

namespace {
// ln 2 split so that k * kLn2Hi is exact for |k| < 2^20.
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
}  // namespace

double portableLog(double x) {
  if (!(x > 0)) return -HUGE_VAL;
  int e = 0;
  double m = std::frexp(x, &e);  // exact: x = m * 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2;
    e -= 1;
  }
  // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716: the odd series converges fast.
  const double s = (m - 1) / (m + 1);
  const double s2 = s * s;
  double term = s, sum = 0;
  for (int k = 1; k <= 41; k += 2) {
    sum += term / k;
    term *= s2;
  }
  return (e * kLn2Hi) + (2 * sum + e * kLn2Lo);
}

double portableExp(double x) {
  if (x > 709) return HUGE_VAL;
  if (x < -745) return 0;
  const double k = std::floor(x / 0.69314718055994530942 + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // |r| <= ~0.35
  double term = 1, sum = 1;
  for (int n = 1; n <= 20; ++n) {
    term *= r / n;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(k));  // exact scaling
}

}  // namespace cs
