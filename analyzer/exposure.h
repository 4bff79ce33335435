// Exposure metrics and verdict (DESIGN section 4): how much first-party code leaked, how much of it
// was not public already, and the one-word verdict. Computed once, after every input (STYLE R11).
#pragma once

#include "analyzer/policy.h"
#include "reports/model.h"

namespace mapsleuth::analyzer {

/// Fills report.exposure from report.sources and report.findings: first-party figures, the
/// "already public" delta, totals per class and per directory, and the verdict under `policy`
/// with the reasons that decided it.
void compute_exposure(reports::Report& report, const Policy& policy = {});

/// The verdict of report.exposure's figures and report.findings under `policy`; fills
/// exposure.secrets, exposure.live_credentials and exposure.reasons (one line per rule that
/// raised the verdict). Part of compute_exposure; separate so a changed policy can re-decide.
Verdict decide_verdict(reports::Report& report, const Policy& policy);

}  // namespace mapsleuth::analyzer
