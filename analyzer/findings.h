// The findings engine: every sensitive item in rebuilt sources -- credentials, internal hosts,
// e-mail addresses, home-directory user names, TODO counts, confidentiality markers, environment
// variable and feature-flag names -- located at source:line:column (DESIGN section 4 findings[]).
//
// The rules (docs/rules.md) are compiled once into one Vectorscan database and each text is
// scanned in one pass. Per rule, raw matches merge into leftmost-longest non-overlapping ones,
// each then checked in this order: target (content or path), `left_class` (extends the start),
// length (at most kMaxMatchBytes), keywords, `extract` (selects the value), stopwords, entropy.
// An aggregate rule counts the value; any other rule yields a finding, which the allowlist may
// suppress and the per-rule cap may drop (both counted, never silently lost). Secrets win: a
// non-secret finding inside a secret's match is dropped, one overlapping a secret's value shows
// it masked, so no display holds a secret in clear.
//
// Definitions (docs/rules.md gives the details and examples):
// * value: what `extract` selects in the match (its group 1, or its whole match when it has no
//   group), else the whole match. A secret's value is the credential itself.
// * fingerprint: finding_fingerprint(rule, source, value), finding_text.h: stable across line
//   moves and runs.
// * redacted: shown_text(), finding_text.h: a secret's value becomes redact_secret(value), at
//   most 4 characters and a quarter of it; with FindingOptions::show_secrets, the match itself.
// * line, column: LineLocator, finding_text.h: 1-based lines ending at '\n', code-point columns.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/finding_text.h"
#include "analyzer/rules_file.h"
#include "parsers/diagnostics.h"
#include "parsers/result.h"

namespace mapsleuth::analyzer {

/// Longer matches are not findings (docs/rules.md "Limits").
inline constexpr u64 kMaxMatchBytes = 4096;

struct FindingOptions {
  bool show_secrets = false;         ///< `redacted` shows secrets in full
  u64 max_findings_per_rule = 1000;  ///< per rule per scan() call; the rest are counted `capped`
  u64 max_keys_per_rule = 1000;      ///< distinct aggregate values per rule per scan() call;
                                     ///< the rest are counted under the key "[others]"
};

/// One finding inside one scanned text. Offsets are bytes of that text.
struct SourceFinding {
  std::string rule;  ///< rule id
  RuleSeverity severity = RuleSeverity::kMedium;
  u64 offset = 0;           ///< first byte of the match
  u64 length = 0;           ///< bytes of the match
  u64 line = 0;             ///< 1-based
  u64 column = 0;           ///< 1-based, in code points
  std::string fingerprint;  ///< 16 lower-case hex digits
  std::string redacted;     ///< what a report may show
  bool secret = false;
  bool live_format = false;
};

/// How many times an aggregate rule saw one value (e.g. "TODO", an environment variable name).
struct SourceCount {
  std::string rule;
  std::string key;
  u64 count = 0;

  bool operator==(const SourceCount&) const = default;
};

/// What scan() calls append to. findings: each call appends its own, ordered by (offset, rule);
/// counts: kept sorted by (rule, key), one entry per pair, summed over calls (each call merges
/// in O(counts already held): keep one ScanHits per source, for its content and its path).
struct ScanHits {
  std::vector<SourceFinding> findings;
  std::vector<SourceCount> counts;
  u64 suppressed = 0;  ///< findings the allowlist suppressed
  u64 capped = 0;      ///< findings past FindingOptions::max_findings_per_rule
  u64 unscanned = 0;   ///< bytes past the 4 GiB - 1 Vectorscan block limit, not scanned
};

/// What a text is: a file's content, or the name of a file (its path, its map's sourceRoot).
enum class ScanTarget : u8 { kContent, kPath };

class FindingsEngine {
 public:
  /// Compiles a rules file (docs/rules.md). Every problem is an E_RULES_SYNTAX diagnostic naming
  /// `origin_name`, the rule index and id; a regex Vectorscan or std::regex rejects is one too.
  static Result<FindingsEngine> compile(std::string_view rules_json, std::string_view origin_name,
                                        Diagnostics& diags);
  /// The default rules embedded in the binary (analyzer/default_rules.json).
  static Result<FindingsEngine> defaults(Diagnostics& diags);

  FindingsEngine(FindingsEngine&&) noexcept;
  FindingsEngine& operator=(FindingsEngine&&) noexcept;
  ~FindingsEngine();

  /// Replaces the allowlist (docs/rules.md "Allowlist"); returns the number of entries. On error
  /// (E_ALLOWLIST_SYNTAX) the previous allowlist stays. Not thread-safe: call before scanning.
  Result<size_t> load_allowlist(std::string_view json, std::string_view origin_name,
                                Diagnostics& diags);

  /// Scans `text` and appends to `out`. `source` names the text in fingerprints and allowlist
  /// path globs (use the source's report path for both its content and its path). Thread-safe:
  /// any number of threads may scan at once (each uses its own Vectorscan scratch), as long as
  /// each has its own `out`. Any bytes are accepted; only the first 4 GiB - 1 are scanned.
  /// Throws only std::bad_alloc (and std::logic_error if Vectorscan fails, a bug): STYLE R6's
  /// per-input catch is the place for both.
  void scan(std::string_view text, std::string_view source, ScanTarget target,
            const FindingOptions& options, ScanHits& out) const;

  /// The compiled rules in database order, for SARIF `tool.driver.rules` and report legends.
  const std::vector<Rule>& rules() const noexcept;
  size_t rule_count() const noexcept { return rules().size(); }
  /// The rule with this id, or nullptr.
  const Rule* find_rule(std::string_view id) const noexcept;

  struct Impl;  ///< opaque (findings.cpp); keeps Vectorscan and TBB out of this header

 private:
  explicit FindingsEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mapsleuth::analyzer
