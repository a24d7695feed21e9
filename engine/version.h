// The engine's version. It travels with every shareable link and report, so a link opened by another
// build can say "these numbers were made by engine X". Bump it whenever the results for a scenario
// and seed change (the pinned determinism hashes in the Catch2 and WASM suites fail then).
#pragma once

#include <string_view>

namespace cs {

inline constexpr std::string_view kEngineVersion = "0.3.0";

}  // namespace cs
