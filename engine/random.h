// The engine's own random numbers: a generator and math that give the same bits under libstdc++
// (native) and libc++ (Emscripten). std distributions differ between the two, and libm's log/exp
// are not guaranteed to round identically, so only IEEE + - * / and sqrt are used here.
#pragma once

#include <cstdint>

namespace cs {

// SplitMix64: seeds the generator and derives per-run seeds.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The seed of replication `run` of a scenario seeded `seed` (ns-3 style seed + run number).
// Run i always gets the same stream, whoever runs it and in what order.
inline std::uint64_t replicationSeed(std::uint64_t seed, std::uint64_t run) {
  std::uint64_t s = seed ^ 0x5DEECE66Dull;
  std::uint64_t a = splitmix64(s);
  std::uint64_t t = a ^ (run * 0xD1B54A32D192ED03ull);
  return splitmix64(t);
}

// xoshiro256**: fast, 256-bit state, passes BigCrush; portable by construction.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1) {
    std::uint64_t s = seed;
    for (auto& w : state_) w = splitmix64(s);
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe for log.
  double uniformOpen0() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

// Portable natural log and exp (relative error ~1e-15), built from + - * / only.
double portableLog(double x);
double portableExp(double x);

}  // namespace cs
