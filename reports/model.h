// The Report model (DESIGN section 4, schema mapsleuth-report/1): plain structs filled once by the
// analyzer and read by every writer (STYLE R13). Header-only; every library may include it (R1).
//
// Field names mirror report.json exactly: scripts and tests depend on them. Add fields freely,
// never rename. Every count is an integer (R11), so any reduction order gives the same report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mapsleuth::reports {

using u64 = std::uint64_t;

inline constexpr const char* kReportSchema = "mapsleuth-report/1";

struct Package {
  std::string name;
  std::string version;
};

/// One input as the user named it (`inputs[]`).
struct InputRecord {
  std::string path;
  std::string kind;  ///< tgz | tar | zip | dir | js | css | map
  u64 bytes = 0;
  std::string sha256;
  std::string status = "ok";  ///< ok | partial | failed
  std::optional<Package> package;
};

struct Totals {
  u64 files = 0;  ///< files (entries) read from the inputs
  u64 maps = 0;
  u64 maps_file = 0;
  u64 maps_inline = 0;
  u64 index_maps = 0;
  u64 map_bytes = 0;
  u64 sources = 0;
  u64 sources_with_content = 0;
  u64 sc_bytes = 0;
  u64 sc_lines = 0;
  u64 names = 0;
  u64 segments = 0;
  u64 mappings_bytes = 0;
  u64 gen_lines = 0;
};

/// One decoded map (`maps[]`).
struct MapRecord {
  std::string input;            ///< InputRecord::path it came from
  std::string path;             ///< path inside the input; an inline map is "<script>#inline"
  std::string origin = "file";  ///< file | inline
  std::vector<std::string> linked_from;
  u64 bytes = 0;  ///< JSON size (decoded JSON size for an inline map)
  std::string sha256;
  bool index_map = false;
  u64 sections = 0;
  u64 sources = 0;
  u64 sources_with_content = 0;
  u64 sc_bytes = 0;
  u64 sc_lines = 0;
  u64 names = 0;
  u64 segments = 0;
  u64 gen_lines = 0;
  u64 mappings_bytes = 0;
  bool valid = true;
  u64 diagnostics = 0;
};

/// One rebuilt (or referenced) original source (`sources[]`).
struct SourceRecord {
  std::string input;
  std::string path;                   ///< the original `sources` string as the map has it
  std::string resolved;               ///< DESIGN "resolved source"
  std::optional<std::string> file;    ///< path relative to DIR/sources, null when not rebuilt
  std::optional<std::string> sha256;  ///< of the rebuilt bytes
  u64 bytes = 0;
  u64 lines = 0;
  u64 code_lines = 0;
  u64 comment_lines = 0;
  u64 blank_lines = 0;
  std::string cls = "first_party";     ///< first_party | dependency | bundler | virtual ("class")
  std::optional<std::string> package;  ///< name@version for dependencies
  std::string rule;                    ///< the rule that decided cls
  std::vector<std::string> maps;       ///< maps (MapRecord::path) that carry it
  std::string shipped = "no";          ///< identical | different | no
  bool is_public = false;              ///< "public" in report.json
  std::string public_reason;           ///< why it counts as public ("shipped-identical", ...)
  u64 generated_bytes = 0;
  bool ignored = false;  ///< listed in the map's ignoreList
};

struct DirectoryExposure {
  std::string directory;
  u64 sources = 0;
  u64 bytes = 0;
  u64 lines = 0;
  u64 code_lines = 0;
  u64 comment_lines = 0;
  u64 blank_lines = 0;
};

/// Line statistics of the rebuilt sources of one class (`exposure.by_class[]`).
struct ClassTotals {
  std::string cls;  ///< "class"
  u64 sources = 0;
  u64 bytes = 0;
  u64 lines = 0;
  u64 code_lines = 0;
  u64 comment_lines = 0;
  u64 blank_lines = 0;
};

struct Exposure {
  std::string verdict = "none";  ///< none | low | medium | high | critical
  u64 first_party_sources = 0;
  u64 first_party_bytes = 0;
  u64 first_party_lines = 0;
  u64 first_party_code_lines = 0;
  u64 first_party_new_sources = 0;
  u64 first_party_new_bytes = 0;
  u64 first_party_new_lines = 0;
  u64 dependency_sources = 0;
  u64 dependency_packages = 0;
  std::vector<DirectoryExposure>
      by_directory;                   ///< first-party, by top-level directory, largest first
  std::vector<ClassTotals> by_class;  ///< first_party, dependency, bundler, virtual
  u64 secrets = 0;                    ///< secret findings that the allowlist did not suppress
  u64 live_credentials = 0;           ///< of which in a known live format
  std::vector<std::string> reasons;   ///< why the verdict is what it is, one line each
};

struct Attribution {
  u64 generated_bytes = 0;
  u64 first_party = 0;
  u64 dependency = 0;
  u64 bundler = 0;
  u64 virtual_ = 0;  ///< "virtual" in report.json
  u64 unmapped = 0;
  u64 other = 0;             ///< line_terminators + map_comment
  u64 line_terminators = 0;  ///< generated line ends
  u64 map_comment = 0;       ///< the trailing sourceMappingURL comments
  u64 files = 0;             ///< generated files attributed (scripts and styles with their map)
};

struct Finding {
  std::string rule;
  std::string severity;  ///< critical | high | medium | low | info (the rule's)
  std::string input;     ///< InputRecord::path
  std::string source;    ///< SourceRecord::path, or the map path for a finding in a source name
  std::optional<std::string> file;  ///< SourceRecord::file (the rebuilt file), when there is one
  std::string where = "content";    ///< content | path | source_root: text, name, map's root
  u64 line = 0;                     ///< 1-based
  u64 column = 0;                   ///< 1-based, in code points
  std::string fingerprint;
  std::string redacted;  ///< the match, redacted when it is a secret (unless --show-secrets)
  std::string message;   ///< the rule's description
  bool secret = false;
  bool live_format =
      false;  ///< a credential in a format that is live when valid (AKIA..., ghp_...)
};

/// Rules that count rather than list (TODO/FIXME, environment-variable names): one row per key.
struct FindingCount {
  std::string rule;
  std::string key;  ///< what was counted ("TODO", "API_URL", ...)
  u64 count = 0;    ///< occurrences
  u64 sources = 0;  ///< sources holding at least one
};

/// Metadata of a rule that produced a finding or a count (SARIF tool.driver.rules).
struct RuleRecord {
  std::string id;
  std::string description;
  std::string severity;
  bool secret = false;
};

struct DiagnosticRecord {
  std::string code;      ///< E_... | W_... | F_...
  std::string severity;  ///< error | warning | info
  std::string input;
  std::optional<std::string> entry;
  std::string message;
};

struct Report {
  std::string schema = kReportSchema;
  std::string tool_name = "mapsleuth";
  std::string tool_version;
  std::vector<std::pair<std::string, std::string>> options;  ///< as given on the command line
  std::vector<std::string> command_line;
  std::vector<InputRecord> inputs;
  Totals totals;
  std::vector<MapRecord> maps;
  std::vector<SourceRecord> sources;
  Exposure exposure;
  Attribution attribution;
  std::vector<Finding> findings;
  std::vector<FindingCount> finding_counts;
  std::vector<RuleRecord> rules;  ///< rules that produced a finding or a count
  u64 findings_suppressed = 0;    ///< matched the allowlist
  u64 findings_capped = 0;        ///< past the per-rule, per-file cap (counted, not listed)
  std::vector<DiagnosticRecord> diagnostics;
};

/// One rebuilt file as manifest.json lists it (chain of custody).
struct ManifestFile {
  std::string file;  ///< relative to DIR/sources
  std::string sha256;
  u64 bytes = 0;
  std::string input;
  std::vector<std::string> sources;  ///< the original source strings that produced it
  std::vector<std::string> maps;
};

struct Manifest {
  std::string tool_version;
  std::vector<InputRecord> inputs;
  std::vector<MapRecord> maps;  ///< path + sha256 of every map read
  std::vector<ManifestFile> files;
};

// --- diff (`mapsleuth diff OLD NEW`, schema mapsleuth-diff/1)
// -------------------------------------

inline constexpr const char* kDiffSchema = "mapsleuth-diff/1";

/// One side of a diff: what was compared and its headline figures.
struct DiffSide {
  std::string path;  ///< the input or report.json as given
  std::string kind;  ///< report | input
  std::string verdict;
  u64 first_party_sources = 0;
  u64 first_party_lines = 0;
  u64 first_party_bytes = 0;
  u64 first_party_new_sources = 0;
  u64 first_party_new_lines = 0;
  u64 dependency_packages = 0;
  u64 findings = 0;
};

/// A source present on one side only, or with different content (`sources[]`).
struct SourceChange {
  std::string change;  ///< added | removed | changed
  std::string path;    ///< resolved source path, the key of the comparison
  std::string cls;     ///< class on the newer side that has it
  std::optional<std::string> old_sha256;
  std::optional<std::string> new_sha256;
  u64 old_lines = 0;
  u64 new_lines = 0;
  u64 old_bytes = 0;
  u64 new_bytes = 0;
};

/// Counts of one class of sources (`summary.by_class[]`).
struct DiffCounts {
  std::string cls;
  u64 added = 0;
  u64 removed = 0;
  u64 changed = 0;
  u64 unchanged = 0;
  u64 added_lines = 0;    ///< lines of added sources
  u64 removed_lines = 0;  ///< lines of removed sources
  u64 changed_old_lines = 0;
  u64 changed_new_lines = 0;
};

struct Diff {
  std::string schema = kDiffSchema;
  std::string tool_version;
  DiffSide old_side;                 ///< "old"
  DiffSide new_side;                 ///< "new"
  std::vector<DiffCounts> by_class;  ///< first_party, dependency, bundler, virtual
  std::vector<std::string> packages_added;
  std::vector<std::string> packages_removed;
  std::vector<SourceChange> sources;      ///< sorted by (change, path)
  std::vector<Finding> findings_added;    ///< by fingerprint, in the new report's order
  std::vector<Finding> findings_removed;  ///< by fingerprint, in the old report's order
};

// --- portfolio (`mapsleuth report --db`, schema mapsleuth-portfolio/1)
// ----------------------------

inline constexpr const char* kPortfolioSchema = "mapsleuth-portfolio/1";

/// One input of a batch database with its headline figures (`inputs[]`, ranked).
struct PortfolioInput {
  std::string id;      ///< identity: SHA-256 hex of the list line
  std::string path;    ///< the list line
  std::string status;  ///< pending | running | done | failed | quarantined
  std::string kind;
  std::string input_status;  ///< ok | partial | failed (the scan's); empty when not analysed
  std::string error_code;    ///< first error of a failed or quarantined input
  std::optional<std::string> package;  ///< name@version
  std::string verdict;                 ///< empty when not analysed
  u64 first_party_sources = 0;
  u64 first_party_lines = 0;
  u64 first_party_bytes = 0;
  u64 first_party_new_sources = 0;
  u64 first_party_new_lines = 0;
  u64 dependency_packages = 0;
  u64 maps = 0;
  u64 sources = 0;
  u64 findings = 0;
  u64 secrets = 0;
};

/// Findings of one rule across the portfolio (`rules[]`).
struct PortfolioRule {
  std::string rule;
  std::string severity;
  u64 findings = 0;
  u64 inputs = 0;  ///< inputs with at least one
};

struct Portfolio {
  std::string schema = kPortfolioSchema;
  std::string tool_version;
  std::vector<std::pair<std::string, u64>> by_status;   ///< every status, fixed order
  std::vector<std::pair<std::string, u64>> by_verdict;  ///< critical first, then none
  u64 maps = 0;
  u64 sources = 0;
  u64 first_party_sources = 0;
  u64 first_party_lines = 0;
  u64 first_party_bytes = 0;
  u64 first_party_new_lines = 0;
  u64 findings = 0;
  u64 secrets = 0;
  std::vector<PortfolioInput> inputs;  ///< most exposed first (docs/batch.md "Ranking")
  std::vector<PortfolioRule> rules;    ///< most findings first
};

}  // namespace mapsleuth::reports
