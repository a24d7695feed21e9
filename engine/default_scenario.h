// The default scenario (as Box2D's b2DefaultWorldDef): one campaign with every DialNexa setting at
// the default the engine applies when a key is left out, built from the definition structs'
// initialisers in scenario.h, so the defaults are written in exactly one place. The page starts
// from it (it never retypes a default), `campaign-sim defaults` prints it, and the WASM suite
// checks it against scenario.schema.json (valid, and equal to every "default" the schema states).
#pragma once

#include "report.h"

namespace cs {

// Recipients have no default (the list is required); the default scenario uses this many.
inline constexpr int kDefaultScenarioRecipients = 1000;

// {"name","seed","simulation_start","recipients":{"count"},"outcomes","retry","schedule",
//  "concurrency","wallet","workspace","launch_at_minute"}. Timing and behaviour are left out: their
// defaults are long lists the page does not edit (engine/SCENARIO.md documents them).
Json defaultScenario();

}  // namespace cs
