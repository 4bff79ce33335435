// The exposure policy (DESIGN section 4): the thresholds that turn figures into a verdict, and the
// conditions under which `check` fails a release. Defaults are DESIGN's; a JSON policy file
// (docs/policy.md) overrides any of them.
#pragma once

#include <string>
#include <string_view>

#include "parsers/diagnostics.h"
#include "parsers/result.h"
#include "parsers/types.h"

namespace mapsleuth::analyzer {

/// Verdicts in increasing order of severity.
enum class Verdict : u8 { kNone, kLow, kMedium, kHigh, kCritical };

/// "none" | "low" | "medium" | "high" | "critical".
std::string_view verdict_name(Verdict v) noexcept;
/// The verdict a name spells, or false.
bool parse_verdict(std::string_view name, Verdict& out) noexcept;

struct Policy {
  // Verdict thresholds, in first-party lines that were not public before (first_party_new_lines).
  u64 medium_lines = 1'000;
  u64 high_lines = 20'000;
  u64 critical_lines = 100'000;
  /// The verdict at least reached when a secret finding survives the allowlist.
  Verdict secret_verdict = Verdict::kHigh;
  /// The verdict at least reached by a credential in a known live format (AKIA..., ghp_...).
  Verdict live_credential_verdict = Verdict::kCritical;

  // `check`: the release fails when any of these holds.
  /// More new first-party lines than this (0: any new first-party line fails).
  u64 check_max_new_lines = 0;
  /// More new first-party sources than this.
  u64 check_max_new_sources = 0;
  /// Any secret finding that the allowlist does not suppress.
  bool check_fail_on_secret = true;
  /// The verdict at or above which the release fails regardless of the rules above; kNone turns
  /// the rule off.
  Verdict check_fail_verdict = Verdict::kNone;
};

/// Parses a policy file (docs/policy.md). Unknown keys and bad values are E_POLICY_SYNTAX errors
/// naming the key: a gate that silently ignores a typo is no gate.
Result<Policy> parse_policy(std::string_view json, Diagnostics& diags);

}  // namespace mapsleuth::analyzer
