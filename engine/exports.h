// Export tables (model.md §6) as rows of cells, then CSV or JSON text.
#pragma once

#include <string>
#include <vector>

#include "report.h"

namespace cs {

struct ExportOptions;
struct ExportResult;

// Neutralises spreadsheet formula injection: text starting with = + - @ tab or CR gets a leading
// apostrophe, which spreadsheets show as text.
std::string neutraliseFormula(const std::string& cell);
// One RFC 4180 field: quoted when it holds a comma, quote, CR, LF or edge spaces.
std::string csvField(const std::string& cell);

// One history row of a call log as JSON (used by exports, the live history table and chains).
Json callRowJson(const Simulation& sim, std::uint32_t call_id);

ExportResult exportFromSimulation(const Simulation& sim, const ExportOptions& options);

}  // namespace cs
