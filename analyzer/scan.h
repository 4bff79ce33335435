// `scan` and `extract`: the pipeline over the inputs as a list of named passes (STYLE R9).
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/discover.h"
#include "analyzer/findings.h"
#include "analyzer/policy.h"
#include "analyzer/public_content.h"
#include "analyzer/rebuild.h"
#include "reconstruct/safe_writer.h"
#include "reports/model.h"

namespace mapsleuth::analyzer {

enum class ProgressMode { kAuto, kAlways, kNever };

struct ScanOptions {
  std::vector<std::string> inputs;
  std::string out_dir;
  bool extract_only = false;  ///< `extract`: the rebuilt tree and manifest.json only
  std::string first_party_rules;
  std::vector<std::string> public_trees;  ///< --public-tree: content there is already public
  std::vector<std::string> baselines;     ///< --baseline: report.json of earlier releases
  Policy policy;                          ///< verdict thresholds and the `check` rules
  bool findings = true;                   ///< run the findings rules (not for `extract`)
  std::string rules_file;                 ///< --rules: replaces or extends the default rules
  std::string allowlist_file;             ///< --allowlist: findings known and accepted
  bool show_secrets = false;
  DiscoverLimits limits;
  RebuildOptions rebuild;
  u64 max_files = 100'000;
  bool quiet = false;
  ProgressMode progress = ProgressMode::kAuto;
  std::vector<std::pair<std::string, std::string>> option_record;  ///< report.json options{}
  std::vector<std::string> command_line;
};

/// Writes the report files into DIR (each atomically); false if one could not be written. The
/// writers live in reports/, to the right of the analyzer, so main.cpp hands them in (STYLE R1).
using OutputWriter = std::function<bool(const reports::Report&, const reports::Manifest&,
                                        reconstruct::SafeWriter&, Diagnostics&)>;

/// What `analyze` found: the report (exposure computed) and the manifest of the rebuilt files.
struct Analysis {
  reports::Report report;
  reports::Manifest manifest;
  bool any_failed = false;  ///< an input could not be read whole
};

/// What a run prepares once and every input then shares read-only (a batch analyses thousands of
/// inputs with one compiled rules database): rebuild options with the user rules, the content
/// already public, the findings engine (null for `extract` and --no-findings).
struct AnalysisSetup {
  RebuildOptions rebuild;
  PublicContent known_public;
  std::unique_ptr<FindingsEngine> engine;
};

/// Reads the rules, public trees and baselines of `options`. Fails (after diagnostics in
/// `run_diags`) when one cannot be read.
Result<AnalysisSetup> prepare_analysis(const ScanOptions& options, Diagnostics& run_diags);

/// The pipeline over `options.inputs` with a prepared setup. Never fails as a whole: an input that
/// cannot be read is `failed` in the report. Thread-safe for concurrent calls sharing `setup`.
Analysis analyze(const ScanOptions& options, const AnalysisSetup& setup,
                 reconstruct::SafeWriter* writer);

/// The whole pipeline in memory, as a list of named passes (STYLE R9). Rebuilt files go through
/// `writer` when it is not null (`check` and `diff` write nothing). Fails (after diagnostics in
/// `run_diags`) only when the run cannot start: unreadable rules, public tree or baseline.
Result<Analysis> analyze(const ScanOptions& options, reconstruct::SafeWriter* writer,
                         Diagnostics& run_diags);

/// Runs scan (or extract) and writes DIR. Returns the exit status of DESIGN section 1: 0 done,
/// 1 an input failed as a whole (the reports are still written), 2 usage or internal error.
int run_scan(const ScanOptions& options, const OutputWriter& write_outputs, std::ostream& out,
             std::ostream& err);

}  // namespace mapsleuth::analyzer
