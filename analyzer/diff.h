// `diff OLD NEW`: the exposure delta between two releases (or two report.json files). Sources are
// matched by resolved path - stable across releases of one project (webpack://app/./src/a.ts,
// ../src/a.ts) - and compared by SHA-256; findings are matched by fingerprint, which does not move
// with line numbers.
#pragma once

#include "reports/model.h"

namespace mapsleuth::analyzer {

/// Headline figures of one side (path and kind are the caller's to fill).
reports::DiffSide diff_side(const reports::Report& r);

/// Compares two reports. Deterministic: output order never depends on hash-container order.
reports::Diff diff_reports(const reports::Report& old_report, const reports::Report& new_report);

}  // namespace mapsleuth::analyzer
