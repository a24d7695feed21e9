// Export tables (model.md §6) as rows of cells, then CSV or JSON text.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api.h"
#include "report.h"

namespace cs {

// Neutralises spreadsheet formula injection: text starting with = + - @ tab or CR gets a leading
// apostrophe, which spreadsheets show as text.
std::string neutraliseFormula(const std::string& cell);
// One RFC 4180 field: quoted when it holds a comma, quote, CR, LF or edge spaces.
std::string csvField(const std::string& cell);

// One history row of a call log as JSON (used by exports, the live history table and chains).
Json callRowJson(const Simulation& sim, CallId call_id);

// An export written in pieces of about `max_bytes` (whole rows), so that its memory is bounded
// by one piece whatever the table's size (1M recipients' call history is 1.9M rows, ~400 MB of
// CSV). The pieces joined are exactly exportFromSimulation's text. The simulation must not change
// while a stream is open.
class ExportStream {
 public:
  static constexpr std::size_t kDefaultChunkBytes = 1 << 20;
  ExportStream(const Simulation& sim, const ExportOptions& options);  // InputError on bad options
  ~ExportStream();
  ExportStream(const ExportStream&) = delete;
  ExportStream& operator=(const ExportStream&) = delete;
  // The next piece; the first starts with the header, the last ends the document.
  std::string next(std::size_t max_bytes = kDefaultChunkBytes);
  bool done() const;
  // rows, excluded_in_progress and truncation (text empty): known before the first piece.
  const ExportResult& summary() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

ExportResult exportFromSimulation(const Simulation& sim, const ExportOptions& options);

}  // namespace cs
