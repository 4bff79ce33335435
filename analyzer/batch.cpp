#include "analyzer/batch.h"

#include <sys/stat.h>
#include <tbb/parallel_for_each.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <set>

#include "analyzer/interrupt.h"
#include "analyzer/map_verbs.h"
#include "analyzer/results_db.h"
#include "analyzer/version.h"

namespace mapsleuth::analyzer {
namespace {

using Clock = std::chrono::steady_clock;

void print_diags(const Diagnostics& diags, std::ostream& err) {
  for (const Diagnostic& d : diags.items()) err << "mapsleuth: " << render_diagnostic(d) << "\n";
}

// Progress of a batch on stderr: on a terminal one line redrawn in place
//   [#########           ] 37/120 inputs  4.2/s  ETA 0:21
// otherwise (a log file, a Slurm output file) one plain line per finished input.
class BatchProgress {
 public:
  BatchProgress(ProgressMode mode, bool quiet, size_t total, size_t finished)
      : bar_(!quiet && (mode == ProgressMode::kAlways ||
                        (mode == ProgressMode::kAuto && isatty(STDERR_FILENO) != 0))),
        lines_(!quiet && !bar_),
        total_(total),
        finished_(finished),
        start_(Clock::now()) {}

  /// One more input finished (called under the batch mutex).
  void finished(const std::string& name, const std::string& status, const std::string& verdict) {
    ++finished_;
    ++this_run_;
    if (lines_) {
      std::fprintf(stderr, "mapsleuth batch: [%zu/%zu] %s%s%s %s\n", finished_, total_,
                   status.c_str(), verdict.empty() ? "" : " ", verdict.c_str(),
                   escape_for_terminal(name).c_str());
      std::fflush(stderr);
    } else if (bar_) {
      auto now = Clock::now();
      // A redraw costs a write(2); ten a second is smooth enough for thousands of inputs.
      if (finished_ < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
      last_draw_ = now;
      draw(now);
    }
  }
  void done() {
    if (bar_ && this_run_ > 0) {
      draw(Clock::now());
      std::fprintf(stderr, "\n");
    }
  }
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  size_t this_run() const { return this_run_; }

 private:
  void draw(Clock::time_point now) {
    constexpr size_t kWidth = 24;
    double elapsed = std::chrono::duration<double>(now - start_).count();
    double rate = elapsed > 0 ? static_cast<double>(this_run_) / elapsed : 0.0;
    size_t filled = total_ == 0 ? kWidth : finished_ * kWidth / total_;
    std::string bar(filled, '#');
    bar.resize(kWidth, ' ');
    std::string eta = "-:--";
    if (rate > 0) {
      auto left = static_cast<u64>(std::llround(static_cast<double>(total_ - finished_) / rate));
      char buf[32];
      std::snprintf(buf, sizeof buf, "%llu:%02llu", static_cast<unsigned long long>(left / 60),
                    static_cast<unsigned long long>(left % 60));
      eta = buf;
    }
    std::fprintf(stderr, "\r\033[K[%s] %zu/%zu inputs  %.1f/s  ETA %s", bar.c_str(), finished_,
                 total_, rate, eta.c_str());
    std::fflush(stderr);
  }

  bool bar_;
  bool lines_;
  size_t total_;
  size_t finished_;
  size_t this_run_ = 0;
  Clock::time_point start_;
  Clock::time_point last_draw_{};
};

// Replaces every occurrence of `from` in `s` (the path an input was read from) with `to` (its
// list line), so that rows do not depend on where the list was run from.
void replace_all(std::string& s, const std::string& from, const std::string& to) {
  if (from.empty() || from == to) return;
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

void rename_input(reports::Report& r, const std::string& from, const std::string& to) {
  for (reports::InputRecord& in : r.inputs) in.path = to;
  for (reports::MapRecord& m : r.maps) m.input = to;
  for (reports::SourceRecord& s : r.sources) s.input = to;
  for (reports::Finding& f : r.findings) f.input = to;
  for (reports::DiagnosticRecord& d : r.diagnostics) {
    d.input = to;
    replace_all(d.message, from, to);
  }
}

// The --out root: created when missing; must be a real directory (not a symlink) when present.
// Unlike `scan --out`, it may hold files: they are the folders of inputs finished before a crash.
bool prepare_out_root(const std::string& dir, Diagnostics& diags) {
  struct stat st {};
  if (lstat(dir.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return true;
    diags.push(Diagnostic{ErrorCode::kWriteEscape, Severity::kError, dir, "", -1,
                          "--out exists and is not a directory"});
    return false;
  }
  if (mkdir(dir.c_str(), 0755) == 0) return true;
  diags.push(Diagnostic{ErrorCode::kIoWrite, Severity::kError, dir, "", -1,
                        "cannot create the --out directory"});
  return false;
}

// Shared state of one batch run. `mu` serialises the database and the progress display: SQLite
// has one writer per file anyway, and a commit is far shorter than an analysis.
struct BatchRun {
  BatchRun(const BatchOptions& o, const AnalysisSetup& s, const OutputWriter& w, ResultsDb& d,
           BatchProgress& p, std::string crash)
      : options(o), setup(s), write_outputs(w), db(d), progress(p), crash_on(std::move(crash)) {}

  const BatchOptions& options;
  const AnalysisSetup& setup;
  const OutputWriter& write_outputs;
  ResultsDb& db;
  BatchProgress& progress;
  std::string crash_on;
  std::mutex mu;
  Diagnostics errors;  ///< database and --out failures (under mu)
  std::atomic<bool> stop{false};
};

// Analyses one input and records it. STYLE R6: the per-input boundary; nothing escapes.
void process(BatchRun& run, const BatchEntry& entry) {
  if (run.stop.load()) return;
  {
    std::lock_guard lock(run.mu);
    if (!run.db.mark_running(entry.id, run.errors)) {
      run.stop = true;
      return;
    }
  }
  // Test hook (docs/batch.md): die here, the input marked running, as a crashing parser would.
  if (!run.crash_on.empty() && entry.line.find(run.crash_on) != std::string::npos) {
    std::raise(SIGKILL);
  }
  const BatchOptions& options = run.options;
  ScanOptions scan = options.scan;
  scan.inputs = {entry.path};
  scan.quiet = true;
  scan.progress = ProgressMode::kNever;
  scan.rebuild.write_files = !options.out_dir.empty();
  Diagnostics out_diags(entry.line, {});
  Analysis a;
  try {
    std::optional<reconstruct::SafeWriter> writer;
    if (!options.out_dir.empty()) {
      // A folder left by an attempt that died is removed first (remove_all does not follow
      // symlinks; the folder is ours, made by the safe writer).
      std::string dir = options.out_dir + "/" + entry.id;
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
      reconstruct::WriterOptions wopt;
      wopt.max_files = options.scan.max_files;
      auto opened = reconstruct::SafeWriter::open(dir, out_diags, wopt);
      if (opened.ok()) writer.emplace(std::move(opened).value());
    }
    // STYLE R10 exception, isolate: without it a worker waiting inside this input's parallel
    // passes may steal the next input's whole task, so more inputs than --jobs would be
    // `running` at once -- more memory, and more innocent suspects when the process dies.
    tbb::this_task_arena::isolate(
        [&] { a = analyze(scan, run.setup, writer ? &*writer : nullptr); });
    rename_input(a.report, entry.path, entry.line);
    for (reports::InputRecord& in : a.manifest.inputs) in.path = entry.line;
    for (reports::MapRecord& m : a.manifest.maps) m.input = entry.line;
    for (reports::ManifestFile& f : a.manifest.files) f.input = entry.line;
    if (writer) run.write_outputs(a.report, a.manifest, *writer, out_diags);
  } catch (const Interrupted&) {
    // A stop signal is not a crash: the input goes back to pending as it was, the run stops, and
    // the same command resumes it (docs/batch.md).
    std::lock_guard lock(run.mu);
    run.db.mark_interrupted(entry.id, run.errors);
    run.stop = true;
    throw;
  } catch (const std::exception& e) {
    a = Analysis{};
    reports::InputRecord in;
    in.path = entry.line;
    in.status = "failed";
    a.report.inputs.push_back(in);
    a.report.diagnostics.push_back({std::string(error_code_name(ErrorCode::kInputFailed)), "error",
                                    entry.line, std::nullopt,
                                    std::string("internal error while reading it: ") + e.what()});
  }
  std::lock_guard lock(run.mu);
  if (!out_diags.empty()) run.errors.append(out_diags);
  if (!run.db.record(entry.id, a.report, run.errors)) {
    run.stop = true;
    return;
  }
  std::string status =
      a.report.inputs.empty() || a.report.inputs[0].status == "failed" ? "failed" : "done";
  run.progress.finished(entry.line, status, status == "done" ? a.report.exposure.verdict : "");
}

}  // namespace

int run_batch(const BatchOptions& options, const OutputWriter& write_outputs, std::ostream& out,
              std::ostream& err) {
  Diagnostics diags("", "");
  auto list = read_batch_list(options.list_path, diags);
  print_diags(diags, err);
  diags.clear();
  if (!list.ok()) return kExitError;
  std::vector<BatchEntry> entries;
  for (BatchEntry& e : list.value()) {
    if (in_shard(e.id, options.shard)) entries.push_back(std::move(e));
  }

  struct stat st {};
  if (options.resume && stat(options.db_path.c_str(), &st) != 0) {
    err << "mapsleuth: " << escape_for_terminal(options.db_path)
        << ": E_DB_OPEN: --resume given but the database does not exist\n";
    return kExitError;
  }
  auto opened = ResultsDb::open(options.db_path, diags);
  if (!opened.ok()) {
    print_diags(diags, err);
    return kExitError;
  }
  ResultsDb& db = opened.value();
  std::vector<DbInput> rows;
  std::vector<std::string> ids;
  for (const BatchEntry& e : entries) {
    rows.push_back({e.id, e.line, "pending"});
    ids.push_back(e.id);
  }
  if (!db.check_meta(std::string(tool_version()), options.options_text, diags) ||
      !db.add_inputs(rows, diags)) {
    print_diags(diags, err);
    return kExitError;
  }
  auto setup = prepare_analysis(options.scan, diags);
  if (!setup.ok() || (!options.out_dir.empty() && !prepare_out_root(options.out_dir, diags))) {
    print_diags(diags, err);
    return kExitError;
  }
  auto plan = db.recover(ids, diags);
  if (!plan.ok()) {
    print_diags(diags, err);
    return kExitError;
  }
  for (const DbInput& q : plan.value().quarantined) {
    err << "mapsleuth: " << escape_for_terminal(q.path)
        << ": E_BATCH_QUARANTINED: the process died while it ran, " << q.crashes
        << " times; skipped from now on\n";
  }

  BatchProgress progress(options.scan.progress, options.scan.quiet, entries.size(),
                         plan.value().finished);
  const char* crash_on = std::getenv(kCrashHookEnv);
  BatchRun run(options, setup.value(), write_outputs, db, progress, crash_on ? crash_on : "");
  std::vector<const BatchEntry*> suspects;
  std::vector<const BatchEntry*> pending;
  {
    std::set<std::string_view> suspect_ids;
    std::set<std::string_view> pending_ids;
    for (const DbInput& in : plan.value().suspects) suspect_ids.insert(in.id);
    for (const DbInput& in : plan.value().pending) pending_ids.insert(in.id);
    for (const BatchEntry& e : entries) {
      if (suspect_ids.count(e.id) != 0U) suspects.push_back(&e);
      if (pending_ids.count(e.id) != 0U) pending.push_back(&e);
    }
  }
  // Inputs that were running when a process died run alone, so that if one of them kills the
  // process again, it is the only one running and the only one blamed (docs/batch.md).
  try {
    for (const BatchEntry* e : suspects) process(run, *e);
    // The rest in parallel, at most --jobs at a time (STYLE R10 parallel_for_each over inputs):
    // each body holds one input's analysis, writes its rows and drops it, so memory stays flat.
    tbb::parallel_for_each(pending.begin(), pending.end(),
                           [&](const BatchEntry* e) { process(run, *e); });
  } catch (const Interrupted& stop) {
    progress.done();
    print_diags(run.errors, err);
    err << "mapsleuth batch: E_INTERRUPTED: stopped by " << signal_name(stop.signal) << " after "
        << progress.this_run()
        << " inputs; every finished input is in the database, the interrupted ones are pending "
           "again: run the same command to resume\n";
    return 128 + stop.signal;
  }
  progress.done();
  print_diags(run.errors, err);

  auto counts = db.status_counts(diags);
  if (!counts.ok()) {
    print_diags(diags, err);
    return kExitError;
  }
  i64 done = 0;
  i64 unfinished = 0;
  i64 bad = 0;
  std::string summary;
  for (const auto& [status, n] : counts.value()) {
    if (status == "done") done += n;
    if (status == "failed" || status == "quarantined") bad += n;
    if (status == "pending" || status == "running") unfinished += n;
    if (n > 0) summary += (summary.empty() ? "" : ", ") + std::to_string(n) + " " + status;
  }
  if (!options.scan.quiet) {
    double secs = progress.seconds();
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.1f s, %.1f inputs/s", secs,
                  secs > 0 ? static_cast<double>(progress.this_run()) / secs : 0.0);
    out << "mapsleuth batch: shard " << options.shard.k << "/" << options.shard.n << ", "
        << entries.size() << (entries.size() == 1 ? " input" : " inputs") << "; database "
        << escape_for_terminal(options.db_path) << ": " << (summary.empty() ? "empty" : summary)
        << "\nthis run: " << progress.this_run() << " analysed in " << rate << "\n";
  }
  if (run.stop.load() || unfinished > 0) return kExitError;
  return bad > 0 ? kExitInvalid : kExitOk;
}

int run_merge(const std::vector<std::string>& shards, const std::string& db_path, bool quiet,
              std::ostream& out, std::ostream& err) {
  Diagnostics diags("", "");
  struct stat target {};
  bool target_exists = stat(db_path.c_str(), &target) == 0;
  for (const std::string& shard : shards) {
    struct stat st {};
    if (stat(shard.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      err << "mapsleuth: " << escape_for_terminal(shard) << ": E_DB_OPEN: no such database\n";
      return kExitError;
    }
    if (target_exists && st.st_dev == target.st_dev && st.st_ino == target.st_ino) {
      err << "mapsleuth: " << escape_for_terminal(shard)
          << ": E_DB_OPEN: is the --db database itself\n";
      return kExitError;
    }
  }
  auto opened = ResultsDb::open(db_path, diags);
  if (!opened.ok()) {
    print_diags(diags, err);
    return kExitError;
  }
  for (const std::string& shard : shards) {
    auto taken = opened.value().merge_from(shard, diags);
    if (!taken.ok()) {
      print_diags(diags, err);
      return kExitError;
    }
    if (!quiet) {
      out << "merge: " << escape_for_terminal(shard) << ": " << taken.value()
          << (taken.value() == 1 ? " input\n" : " inputs\n");
    }
  }
  auto counts = opened.value().status_counts(diags);
  if (!counts.ok()) {
    print_diags(diags, err);
    return kExitError;
  }
  if (!quiet) {
    out << "merge: " << escape_for_terminal(db_path) << ":";
    for (const auto& [status, n] : counts.value()) out << " " << n << " " << status;
    out << "\n";
  }
  return kExitOk;
}

Result<reports::Portfolio> read_portfolio(const std::string& db_path, Diagnostics& diags) {
  struct stat st {};
  if (stat(db_path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    diags.push(
        Diagnostic{ErrorCode::kDbOpen, Severity::kError, db_path, "", -1, "no such database"});
    return ErrorCode::kDbOpen;
  }
  auto db = ResultsDb::open(db_path, diags);
  if (!db.ok()) return db.error();
  return db.value().portfolio(diags);
}

}  // namespace mapsleuth::analyzer
