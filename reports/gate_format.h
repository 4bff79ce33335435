// What `mapsleuth check` prints: a verdict line, the reasons a release fails, and notes - short
// enough for a CI log (gate_writer.cpp). Same contract as reports/format.h.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "reports/model.h"

namespace mapsleuth::reports {

struct GateReport {
  bool pass = true;
  std::vector<std::string> reasons;
  std::vector<std::string> notes;
};

/// Plain text for a terminal or a CI log; every input-derived string is terminal-escaped.
void write_gate_text(const Report& report, const GateReport& gate, std::ostream& os);
/// {"schema": "mapsleuth-check/1", "pass", "verdict", "reasons", "notes", "exposure": {...}}.
void write_gate_json(const Report& report, const GateReport& gate, std::ostream& os);

/// The summary of a diff for a terminal (diff_writer.cpp).
void write_diff_text(const Diff& diff, std::ostream& os);

}  // namespace mapsleuth::reports
