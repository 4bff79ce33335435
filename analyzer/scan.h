// `scan` and `extract`: the pipeline over the inputs as a list of named passes (STYLE R9).
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "analyzer/discover.h"
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

/// Runs scan (or extract) and writes DIR. Returns the exit status of DESIGN section 1: 0 done,
/// 1 an input failed as a whole (the reports are still written), 2 usage or internal error.
int run_scan(const ScanOptions& options, const OutputWriter& write_outputs, std::ostream& out,
             std::ostream& err);

}  // namespace mapsleuth::analyzer
