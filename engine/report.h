// Reports as JSON values (model.md §10). Used by api.cpp; the CLI and the bindings only ever see
// the text these produce, so they cannot drift apart.
#pragma once

#include <nlohmann/json.hpp>

#include "simulation.h"

namespace cs {

using Json = nlohmann::ordered_json;

// "YYYY-MM-DDTHH:MM:SS" of a simulated instant, or null for kNever.
Json localTime(const Simulation& sim, Seconds t);
// The counters object of model.md §10 (keys in the spec's order).
Json countersJson(const Counters& k);
// One campaign's entry of the report.
Json campaignJson(const Simulation& sim, CampaignId campaign);
// The whole report: {"campaigns":[...], "clock":{...}, ...}.
Json reportJson(const Simulation& sim);
// The live state: the report plus what the page needs to draw controls.
Json stateJson(const Simulation& sim);
// Pretty-printed text with a trailing newline: the one serialisation of every JSON output.
std::string toText(const Json& j);

}  // namespace cs
