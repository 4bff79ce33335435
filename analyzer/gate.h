// `check`: the pre-publish gate (DESIGN section 1). Given the report of what would ship, decide
// pass or fail under the policy, with one short reason per rule that failed - the list a release
// engineer reads in a CI log.
#pragma once

#include <string>
#include <vector>

#include "analyzer/policy.h"
#include "reports/model.h"

namespace mapsleuth::analyzer {

struct GateResult {
  bool pass = true;
  std::vector<std::string> reasons;  ///< why it failed (empty when it passes); plain text
  std::vector<std::string> notes;    ///< what passed but deserves a look (public content, ...)
};

/// Applies the `check` rules of `policy` to a computed report (compute_exposure already ran).
GateResult evaluate_gate(const reports::Report& report, const Policy& policy);

}  // namespace mapsleuth::analyzer
