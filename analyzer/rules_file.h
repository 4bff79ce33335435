// The two JSON files of the findings engine (docs/rules.md): the rules file, which says what to
// look for, and the allowlist, which says which findings are known and accepted. This unit only
// parses and validates them into plain structs; analyzer/findings.cpp compiles the regexes.
//
// Every problem becomes an E_RULES_SYNTAX (rules) or E_ALLOWLIST_SYNTAX (allowlist) diagnostic
// naming the file, the rule index and id, and what is wrong; parsing goes on to report every bad
// rule, then fails. Nothing throws on bad input.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/diagnostics.h"
#include "parsers/result.h"

namespace mapsleuth::analyzer {

/// How bad a finding is, worst first.
enum class RuleSeverity : u8 { kCritical, kHigh, kMedium, kLow, kInfo };

/// "critical", "high", "medium", "low", "info".
std::string_view rule_severity_name(RuleSeverity s) noexcept;
/// The report.json / SARIF level of a severity: critical and high are "error", medium is
/// "warning", low and info are "note".
std::string_view rule_severity_level(RuleSeverity s) noexcept;

/// What a rule is run on: the text of a file, the file's own path (and sourceRoot), or both.
enum class RuleTarget : u8 { kContent, kPath, kAny };

/// One rule as written in a rules file (docs/rules.md, "Rule fields").
struct Rule {
  std::string id;           ///< unique, [A-Za-z0-9][A-Za-z0-9._-]{0,63}
  std::string description;  ///< one line for reports and SARIF
  /// Vectorscan syntax, compiled with SOM_LEFTMOST and MULTILINE; several are alternatives (one
  /// expression each in the database, which Vectorscan often runs faster than one alternation).
  std::vector<std::string> regexes;
  std::string left_class;  ///< std::regex bracket expression; extends matches leftwards (<= 256 B)
  std::string extract;     ///< std::regex (ECMAScript) selecting the value; empty for the match
  std::vector<std::string> keywords;   ///< lower-case; one must occur in the match (if any given)
  std::vector<std::string> stopwords;  ///< lower-case; a value containing one is dropped
  double entropy = 0;                  ///< minimum Shannon entropy of the value, bits per byte
  RuleSeverity severity = RuleSeverity::kMedium;
  RuleTarget target = RuleTarget::kContent;
  bool secret = false;       ///< the value is a credential: redacted, raises the verdict
  bool live_format = false;  ///< a credential format known to be usable as it is
  bool aggregate = false;    ///< counted per value instead of reported one by one
};

/// A parsed rules file. `extends_defaults` asks for the embedded default rules first; the file's
/// rules then replace defaults with the same id, and `disable` removes defaults by id.
struct RulesFile {
  std::vector<Rule> rules;
  bool extends_defaults = false;
  std::vector<std::string> disable;
};

/// One allowlist entry. Every field that is not empty must match (AND); at least one is set.
struct AllowEntry {
  std::string fingerprint;  ///< 16 lower-case hex digits (SourceFinding::fingerprint)
  std::string rule;         ///< rule id, exactly
  std::string path;         ///< fnmatch(3) glob without FNM_PATHNAME on the scanned source name
  std::string regex;        ///< Vectorscan regex searched in the matched text (DOTALL)
};

/// Parses and validates a rules file. `origin` names it in diagnostics ("rules.json").
Result<RulesFile> parse_rules_file(std::string_view json, std::string_view origin,
                                   Diagnostics& diags);

/// The rules `file` asks for: its own, or with `extends` the defaults minus `disable`, a rule of
/// the file replacing the default with its id in place and the others appended. An unknown id
/// in `disable` is an E_RULES_SYNTAX error about `origin`.
Result<std::vector<Rule>> resolve_rules(const RulesFile& file, std::string_view origin,
                                        Diagnostics& diags);

/// Parses and validates an allowlist file. Regexes are checked by FindingsEngine::load_allowlist.
Result<std::vector<AllowEntry>> parse_allowlist(std::string_view json, std::string_view origin,
                                                Diagnostics& diags);

/// Records an error about a rules or allowlist file: the diagnostic's `input` is `origin` (the
/// file is the subject, STYLE R5) and its message the code's message plus ": " and `detail`.
void add_file_error(Diagnostics& diags, ErrorCode code, std::string_view origin,
                    std::string_view detail, i64 byte_offset = -1);

/// The default rules (analyzer/default_rules.json), embedded at build time.
std::string_view default_rules_json() noexcept;

}  // namespace mapsleuth::analyzer
