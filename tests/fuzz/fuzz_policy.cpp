// Fuzzes the two JSON documents a user hands to `check`, `diff` and `report --in` besides inputs
// (STYLE R17): the policy file (analyzer/policy.h, docs/policy.md) and a report.json read back
// (analyzer/report_reader.h, for --baseline and diff). Neither may throw or crash; a rejected
// document has only E_POLICY_SYNTAX / E_REPORT_JSON errors and an accepted one none.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "analyzer/policy.h"
#include "analyzer/report_reader.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void check_diagnostics(const mapsleuth::Diagnostics& diags, bool ok, mapsleuth::ErrorCode code) {
  check(ok == (diags.count(mapsleuth::Severity::kError) == 0));
  for (const mapsleuth::Diagnostic& d : diags.items()) {
    check(d.severity != mapsleuth::Severity::kError || d.code == code);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  {
    mapsleuth::Diagnostics diags;
    auto policy = mapsleuth::analyzer::parse_policy(json, diags);
    check_diagnostics(diags, policy.ok(), mapsleuth::ErrorCode::kPolicySyntax);
    if (policy.ok()) {
      const auto& p = policy.value();
      check(p.medium_lines <= p.high_lines && p.high_lines <= p.critical_lines);
    }
  }
  {
    mapsleuth::Diagnostics diags;
    auto report = mapsleuth::analyzer::read_report_json(json, diags);
    check_diagnostics(diags, report.ok(), mapsleuth::ErrorCode::kReportJson);
  }
  return 0;
}
