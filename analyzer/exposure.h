// Exposure metrics and verdict (DESIGN section 4): how much first-party code leaked, how much of it
// was not public already, and the one-word verdict. Computed once, after every input (STYLE R11).
#pragma once

#include "reports/model.h"

namespace mapsleuth::analyzer {

/// Verdict thresholds in new first-party lines (DESIGN section 4 defaults; the policy file of the
/// exposure issue overrides them).
struct VerdictPolicy {
  reports::u64 medium_lines = 1'000;
  reports::u64 high_lines = 20'000;
  reports::u64 critical_lines = 100'000;
};

/// Fills report.exposure from report.sources.
void compute_exposure(reports::Report& report, const VerdictPolicy& policy = {});

}  // namespace mapsleuth::analyzer
