// The batch results database (docs/batch.md): one SQLite file per batch or shard, WAL, one
// committed transaction per state change of an input, so a `kill -9` at any instant leaves every
// input either wholly recorded or not at all.
//
// Schema `PRAGMA user_version = 1` (kSchemaVersion); the tables and columns are documented in
// docs/batch.md and created by ResultsDb::open. Columns that record how a run went rather than what
// an input holds (inputs.attempts, crashes, started_at, finished_at) are the only ones that may
// differ between an interrupted and an uninterrupted run; tests/scale/canonical_dump.py leaves
// exactly those out.
#pragma once

#include <string>
#include <vector>

#include "parsers/diagnostics.h"
#include "parsers/result.h"
#include "reports/model.h"

struct sqlite3;  // <sqlite3.h> stays in results_db.cpp

namespace mapsleuth::analyzer {

inline constexpr int kSchemaVersion = 1;
inline constexpr const char* kBatchSchema = "mapsleuth-batch/1";
/// An input that was `running` when the process died this many times is quarantined.
inline constexpr i64 kMaxCrashes = 2;

/// One input of the list as the database knows it.
struct DbInput {
  std::string id;    ///< identity: SHA-256 hex of the list line (docs/batch.md)
  std::string path;  ///< the list line as written
  std::string status;
  i64 attempts = 0;
  i64 crashes = 0;
};

/// What the database says about the inputs of one run (see ResultsDb::recover).
struct RunPlan {
  std::vector<DbInput> suspects;     ///< running when a process died before: retried one at a time
  std::vector<DbInput> pending;      ///< never started (or never finished): run in parallel
  std::vector<DbInput> quarantined;  ///< newly quarantined by this recovery
  size_t finished = 0;               ///< done, failed or quarantined already
};

/// A results database. Every method is one transaction; not thread-safe (batch.cpp serialises
/// calls with one mutex: SQLite has one writer per database anyway). Errors are diagnostics with
/// an E_DB_* code naming the file and SQLite's message.
class ResultsDb {
 public:
  /// Opens or creates `path` (WAL, synchronous=NORMAL, foreign keys, busy timeout), creates the
  /// schema in a new file, and checks `user_version` of an existing one (E_DB_SCHEMA).
  static Result<ResultsDb> open(const std::string& path, Diagnostics& diags);

  ResultsDb(ResultsDb&& other) noexcept;
  ResultsDb& operator=(ResultsDb&& other) noexcept;
  ResultsDb(const ResultsDb&) = delete;
  ResultsDb& operator=(const ResultsDb&) = delete;
  ~ResultsDb();

  /// Records (new database) or checks (existing one: E_DB_OPTIONS when different) the tool
  /// version and the analysis options, whose text must be the same for every run and shard.
  bool check_meta(const std::string& tool_version, const std::string& options, Diagnostics& diags);

  /// Adds the inputs not yet known as `pending` (a line added to the list joins the batch).
  bool add_inputs(const std::vector<DbInput>& inputs, Diagnostics& diags);

  /// Crash recovery, at the start of every run: each input still `running` was in flight when a
  /// process died, so its `crashes` grows by one; at kMaxCrashes it becomes `quarantined`
  /// (E_BATCH_QUARANTINED), else `pending`. Then sorts the inputs whose ids are in `wanted` into
  /// the plan; suspects are the unfinished ones that have crashed before.
  Result<RunPlan> recover(const std::vector<std::string>& wanted, Diagnostics& diags);

  /// Marks an input `running` and counts the attempt, committed before any work on it starts.
  bool mark_running(const std::string& id, Diagnostics& diags);

  /// Puts a `running` input back to `pending` and takes back its attempt: a stop signal (SIGTERM,
  /// Ctrl-C) cut it short, which is not a crash and must never lead to quarantine.
  bool mark_interrupted(const std::string& id, Diagnostics& diags);

  /// Writes everything `report` (a one-input analysis) holds about input `id` and sets its
  /// final status (`done` or `failed`, with the first error code), in one transaction.
  bool record(const std::string& id, const reports::Report& report, Diagnostics& diags);

  /// Copies the inputs of another database (a shard) into this one, in one transaction: inputs
  /// not here are added; an input here already is replaced only by one that got further (finished
  /// beats quarantined beats unfinished); two finished copies of one input must agree on status
  /// and content hash, else E_DB_MERGE_CONFLICT and nothing is merged. Returns inputs taken.
  Result<i64> merge_from(const std::string& other_path, Diagnostics& diags);

  /// The portfolio view (`report --db`): every input ranked by exposure, totals, rules.
  Result<reports::Portfolio> portfolio(Diagnostics& diags);

  /// Counts of inputs by status, in the order pending, running, done, failed, quarantined.
  Result<std::vector<std::pair<std::string, i64>>> status_counts(Diagnostics& diags);

  const std::string& path() const noexcept { return path_; }

 private:
  ResultsDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  bool exec(const char* sql, Diagnostics& diags);
  bool fail(ErrorCode code, const std::string& what, Diagnostics& diags);

  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace mapsleuth::analyzer
