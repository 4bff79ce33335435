// `mapsleuth batch`, `merge` and `report --db`: many inputs into one SQLite results database,
// resumable after kill -9, split into shards for a scheduler's job array (docs/batch.md,
// docs/scale.md).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "analyzer/batch_list.h"
#include "analyzer/scan.h"
#include "reports/model.h"

namespace mapsleuth::analyzer {

struct BatchOptions {
  ScanOptions scan;  ///< analysis options shared by every input (scan.inputs is not used)
  std::string list_path;
  std::string db_path;
  std::string out_dir;  ///< optional: per-input rebuilt tree and reports in DIR/<identity>/
  Shard shard;
  bool resume = false;       ///< the database must exist already
  std::string options_text;  ///< the analysis options as meta.options records them
};

/// The environment variable of the crash test hook: when set, the process kills itself with
/// SIGKILL as soon as an input whose list line contains its value is marked running. Tests only
/// (tests/scale/quarantine_test.py); docs/batch.md.
inline constexpr const char* kCrashHookEnv = "MAPSLEUTH_TEST_CRASH_ON";

/// Runs a batch: adds the shard's inputs to the database, recovers from a previous run that died,
/// analyses what is not finished (crash suspects one at a time first, the rest in parallel) and
/// records each input in one transaction. `write_outputs` renders an input's reports into its
/// --out folder. Exit status: 0 every input done, 1 some failed or quarantined, 2 error.
int run_batch(const BatchOptions& options, const OutputWriter& write_outputs, std::ostream& out,
              std::ostream& err);

/// `merge A.sqlite B.sqlite... --db OUT.sqlite`: exit 0, or 2 (conflict, schema, options, I/O).
int run_merge(const std::vector<std::string>& shards, const std::string& db_path, bool quiet,
              std::ostream& out, std::ostream& err);

/// The portfolio of a results database (`report --db`); E_DB_* after a diagnostic.
Result<reports::Portfolio> read_portfolio(const std::string& db_path, Diagnostics& diags);

}  // namespace mapsleuth::analyzer
