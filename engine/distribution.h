// Timing distributions (model.md §8), as value types. Samples are whole seconds, so the
// simulation clock is an integer and identical natively and in WebAssembly.
#pragma once

#include <cstdint>

#include "random.h"

namespace cs {

struct Distribution {
  enum class Kind : std::uint8_t { fixed, uniform, exponential, lognormal };
  Kind kind = Kind::fixed;
  double a = 0;    // fixed: value; uniform: min; exponential: mean; lognormal: mean
  double b = 0;    // uniform: max; lognormal: standard deviation
  double cap = 0;  // upper bound applied after sampling (0 = none)

  static Distribution fixed(double v) { return {Kind::fixed, v, 0, 0}; }
  static Distribution uniform(double lo, double hi) { return {Kind::uniform, lo, hi, 0}; }
  static Distribution exponential(double mean, double cap = 0) {
    return {Kind::exponential, mean, 0, cap};
  }
  static Distribution lognormal(double mean, double sd, double cap = 0) {
    return {Kind::lognormal, mean, sd, cap};
  }

  // A sample in whole seconds (>= 0), rounded half up.
  std::uint32_t sampleSeconds(Rng& rng) const;
};

}  // namespace cs
