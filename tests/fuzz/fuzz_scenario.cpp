// libFuzzer target: the scenario reader (engine/scenario_parse.cpp through the text API). Any
// bytes must give a validation document or a list of errors: never a crash, a hang, a sanitizer
// report or text that is not valid JSON. Valid scenarios are also run for a short simulated time.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api.h"
#include "report.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const cs::Json validation = cs::Json::parse(cs::validateJson(text));  // must be JSON, must not throw
  if (!validation["valid"].get<bool>()) {
    if (validation["errors"].empty()) __builtin_trap();  // invalid without saying why
    return 0;
  }
  cs::RunOptions options;
  options.until_minute = 30;  // bounded work per input
  try {
    static_cast<void>(cs::Json::parse(cs::runJson(text, options)));
  } catch (const cs::InputError&) {
    // over the work budget: a clean refusal
  }
  return 0;
}
