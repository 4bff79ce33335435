#include "analyzer/results_db.h"

#include <sqlite3.h>

#include <chrono>
#include <optional>
#include <set>
#include <utility>

#include "parsers/error_code.h"

namespace mapsleuth::analyzer {
namespace {

// docs/batch.md documents every table and column; keep the two in step. WITHOUT ROWID tables keep
// the rows of one input together in primary-key order, which is also the order a dump reads.
constexpr const char* kSchemaSql = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE inputs(
  id TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('pending', 'running', 'done', 'failed', 'quarantined')),
  kind TEXT, bytes INTEGER, sha256 TEXT, input_status TEXT, package TEXT,
  error_code TEXT, error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0, crashes INTEGER NOT NULL DEFAULT 0,
  started_at INTEGER, finished_at INTEGER) WITHOUT ROWID;
CREATE TABLE maps(
  input_id TEXT NOT NULL REFERENCES inputs(id), n INTEGER NOT NULL,
  path TEXT NOT NULL, origin TEXT NOT NULL, bytes INTEGER NOT NULL, sha256 TEXT NOT NULL,
  index_map INTEGER NOT NULL, sections INTEGER NOT NULL, sources INTEGER NOT NULL,
  sources_with_content INTEGER NOT NULL, sc_bytes INTEGER NOT NULL, sc_lines INTEGER NOT NULL,
  names INTEGER NOT NULL, segments INTEGER NOT NULL, gen_lines INTEGER NOT NULL,
  mappings_bytes INTEGER NOT NULL, valid INTEGER NOT NULL, diagnostics INTEGER NOT NULL,
  PRIMARY KEY (input_id, n)) WITHOUT ROWID;
CREATE TABLE sources(
  input_id TEXT NOT NULL REFERENCES inputs(id), n INTEGER NOT NULL,
  path TEXT NOT NULL, resolved TEXT NOT NULL, file TEXT, sha256 TEXT,
  bytes INTEGER NOT NULL, lines INTEGER NOT NULL, code_lines INTEGER NOT NULL,
  comment_lines INTEGER NOT NULL, blank_lines INTEGER NOT NULL, class TEXT NOT NULL,
  package TEXT, rule TEXT NOT NULL, maps TEXT NOT NULL, shipped TEXT NOT NULL,
  public INTEGER NOT NULL, public_reason TEXT NOT NULL, generated_bytes INTEGER NOT NULL,
  ignored INTEGER NOT NULL,
  PRIMARY KEY (input_id, n)) WITHOUT ROWID;
CREATE TABLE findings(
  input_id TEXT NOT NULL REFERENCES inputs(id), n INTEGER NOT NULL,
  rule TEXT NOT NULL, severity TEXT NOT NULL, source TEXT NOT NULL, file TEXT,
  target TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL, fingerprint TEXT NOT NULL,
  redacted TEXT NOT NULL, secret INTEGER NOT NULL, live_format INTEGER NOT NULL,
  PRIMARY KEY (input_id, n)) WITHOUT ROWID;
CREATE TABLE finding_counts(
  input_id TEXT NOT NULL REFERENCES inputs(id), rule TEXT NOT NULL, key TEXT NOT NULL,
  count INTEGER NOT NULL, sources INTEGER NOT NULL,
  PRIMARY KEY (input_id, rule, key)) WITHOUT ROWID;
CREATE TABLE diagnostics(
  input_id TEXT NOT NULL REFERENCES inputs(id), n INTEGER NOT NULL,
  code TEXT NOT NULL, severity TEXT NOT NULL, entry TEXT, message TEXT NOT NULL,
  PRIMARY KEY (input_id, n)) WITHOUT ROWID;
CREATE TABLE exposure(
  input_id TEXT PRIMARY KEY REFERENCES inputs(id),
  verdict TEXT NOT NULL, verdict_rank INTEGER NOT NULL,
  first_party_sources INTEGER NOT NULL, first_party_bytes INTEGER NOT NULL,
  first_party_lines INTEGER NOT NULL, first_party_code_lines INTEGER NOT NULL,
  first_party_new_sources INTEGER NOT NULL, first_party_new_bytes INTEGER NOT NULL,
  first_party_new_lines INTEGER NOT NULL, dependency_sources INTEGER NOT NULL,
  dependency_packages INTEGER NOT NULL, secrets INTEGER NOT NULL,
  live_credentials INTEGER NOT NULL, reasons TEXT NOT NULL,
  files INTEGER NOT NULL, maps INTEGER NOT NULL, sources INTEGER NOT NULL,
  sources_with_content INTEGER NOT NULL, sc_bytes INTEGER NOT NULL, sc_lines INTEGER NOT NULL,
  generated_bytes INTEGER NOT NULL, findings INTEGER NOT NULL,
  findings_suppressed INTEGER NOT NULL, findings_capped INTEGER NOT NULL) WITHOUT ROWID;
)sql";

// The per-input tables, in the order their rows are deleted and copied.
constexpr const char* kInputTables[] = {"maps",           "sources",     "findings",
                                        "finding_counts", "diagnostics", "exposure"};

// Ranks a status for merge: what got further wins.
constexpr const char* kRankSql =
    "CASE %s WHEN 'done' THEN 3 WHEN 'failed' THEN 3 WHEN 'quarantined' THEN 2 ELSE 1 END";

i64 verdict_rank(std::string_view verdict) {
  if (verdict == "critical") return 4;
  if (verdict == "high") return 3;
  if (verdict == "medium") return 2;
  if (verdict == "low") return 1;
  return 0;
}

i64 unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A prepared statement with positional binds; finalised on destruction. bind() takes the next
// parameter index, so a row reads as the list of its values.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return rc_ == SQLITE_OK || rc_ == SQLITE_DONE || rc_ == SQLITE_ROW; }
  Stmt& bind(std::string_view v) {
    if (ok()) {
      rc_ = sqlite3_bind_text64(stmt_, ++index_, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    return *this;
  }
  Stmt& bind(const char* v) { return bind(std::string_view(v)); }
  Stmt& bind(const std::string& v) { return bind(std::string_view(v)); }
  Stmt& bind(const std::optional<std::string>& v) {
    if (v) return bind(std::string_view(*v));
    if (ok()) rc_ = sqlite3_bind_null(stmt_, ++index_);
    return *this;
  }
  Stmt& bind(i64 v) {
    if (ok()) rc_ = sqlite3_bind_int64(stmt_, ++index_, v);
    return *this;
  }
  Stmt& bind(u64 v) { return bind(static_cast<i64>(v)); }
  Stmt& bind(bool v) { return bind(i64{v ? 1 : 0}); }

  /// Runs an INSERT/UPDATE once and resets for the next row.
  bool run() {
    if (!ok()) return false;
    rc_ = sqlite3_step(stmt_);
    bool done = rc_ == SQLITE_DONE;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    index_ = 0;
    if (done) rc_ = SQLITE_OK;
    return done;
  }
  /// Ends a query early (or after its last row) so it can be bound and run again.
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    index_ = 0;
    if (ok()) rc_ = SQLITE_OK;
  }
  /// Steps a query; true while there is a row.
  bool next() {
    if (!ok()) return false;
    rc_ = sqlite3_step(stmt_);
    return rc_ == SQLITE_ROW;
  }
  std::string text(int col) const {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    if (p == nullptr) return {};
    return {reinterpret_cast<const char*>(p),
            static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
  }
  std::optional<std::string> opt_text(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    return text(col);
  }
  i64 integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  u64 count(int col) const { return static_cast<u64>(std::max<i64>(0, integer(col))); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
  int index_ = 0;
};

std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += '\n';
    out += s;
  }
  return out;
}

}  // namespace

bool ResultsDb::fail(ErrorCode code, const std::string& what, Diagnostics& diags) {
  std::string msg = what;
  if (db_ != nullptr) msg += std::string(": ") + sqlite3_errmsg(db_);
  diags.push(Diagnostic{code, Severity::kError, path_, "", -1, msg});
  return false;
}

bool ResultsDb::exec(const char* sql, Diagnostics& diags) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) == SQLITE_OK) return true;
  std::string msg = err != nullptr ? err : "unknown error";
  sqlite3_free(err);
  diags.push(Diagnostic{ErrorCode::kDbWrite, Severity::kError, path_, "", -1, msg});
  return false;
}

Result<ResultsDb> ResultsDb::open(const std::string& path, Diagnostics& diags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  ResultsDb db(raw, path);
  if (rc != SQLITE_OK) {
    db.fail(ErrorCode::kDbOpen, "cannot open", diags);
    return ErrorCode::kDbOpen;
  }
  // A shard worker and a test reading the file at the same time wait for each other's short
  // transactions rather than fail.
  sqlite3_busy_timeout(raw, 30'000);
  // WAL: a commit is one append to the -wal file, readers never block the writer, and a process
  // killed mid-transaction leaves the last committed state (the uncommitted frames are ignored on
  // the next open). synchronous=NORMAL: in WAL mode a commit survives any process crash, kill -9
  // included, and only a power loss or kernel panic can lose the latest commits -- which then
  // merely redoes those inputs, never corrupts the file
  // (sqlite.org/pragma.html#pragma_synchronous). FULL would add one fsync per commit, two per
  // input, for no gain against the threat we test.
  if (!db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
               diags)) {
    return ErrorCode::kDbOpen;
  }
  i64 version = -1;
  {
    Stmt q(raw, "PRAGMA user_version");
    if (q.next()) version = q.integer(0);
  }
  i64 tables = 0;
  {
    Stmt q(raw, "SELECT count(*) FROM sqlite_schema");
    if (!q.next()) {
      db.fail(ErrorCode::kDbSchema, "not a results database", diags);
      return ErrorCode::kDbSchema;
    }
    tables = q.integer(0);
  }
  if (version == 0 && tables == 0) {
    std::string sql = std::string("BEGIN IMMEDIATE;") + kSchemaSql +
                      "PRAGMA user_version=" + std::to_string(kSchemaVersion) + "; COMMIT;";
    if (!db.exec(sql.c_str(), diags)) return ErrorCode::kDbOpen;
  } else if (version != kSchemaVersion) {
    db.fail(ErrorCode::kDbSchema,
            "schema version " + std::to_string(version) + ", expected " +
                std::to_string(kSchemaVersion),
            diags);
    return ErrorCode::kDbSchema;
  }
  return db;
}

ResultsDb::ResultsDb(ResultsDb&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

ResultsDb& ResultsDb::operator=(ResultsDb&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

ResultsDb::~ResultsDb() { sqlite3_close(db_); }

bool ResultsDb::check_meta(const std::string& tool_version, const std::string& options,
                           Diagnostics& diags) {
  const std::pair<const char*, const std::string*> wanted[] = {{"tool_version", &tool_version},
                                                               {"options", &options}};
  if (!exec("BEGIN IMMEDIATE", diags)) return false;
  bool ok = true;
  for (const auto& [key, value] : wanted) {
    Stmt q(db_, "SELECT value FROM meta WHERE key = ?");
    q.bind(key);
    if (q.next()) {
      if (q.text(0) != *value) {
        diags.push(Diagnostic{ErrorCode::kDbOptions, Severity::kError, path_, "", -1,
                              std::string(key) + " is '" + q.text(0) + "' in the database, '" +
                                  *value + "' now; use another --db or the same options"});
        ok = false;
      }
      continue;
    }
    Stmt ins(db_, "INSERT INTO meta(key, value) VALUES (?, ?)");
    if (!ins.bind(key).bind(*value).run()) ok = fail(ErrorCode::kDbWrite, "meta", diags);
  }
  {
    Stmt ins(db_, "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)");
    if (!ins.bind(kBatchSchema).run()) ok = fail(ErrorCode::kDbWrite, "meta", diags);
  }
  exec(ok ? "COMMIT" : "ROLLBACK", diags);
  return ok;
}

bool ResultsDb::add_inputs(const std::vector<DbInput>& inputs, Diagnostics& diags) {
  if (!exec("BEGIN IMMEDIATE", diags)) return false;
  Stmt ins(db_, "INSERT OR IGNORE INTO inputs(id, path, status) VALUES (?, ?, 'pending')");
  for (const DbInput& in : inputs) {
    if (!ins.bind(in.id).bind(in.path).run()) {
      fail(ErrorCode::kDbWrite, "adding inputs", diags);
      exec("ROLLBACK", diags);
      return false;
    }
  }
  return exec("COMMIT", diags);
}

Result<RunPlan> ResultsDb::recover(const std::vector<std::string>& wanted, Diagnostics& diags) {
  if (!exec("BEGIN IMMEDIATE", diags)) return ErrorCode::kDbWrite;
  std::string quarantine_sql =
      "UPDATE inputs SET crashes = crashes + 1, finished_at = NULL, status = CASE WHEN crashes + "
      "1 >= " +
      std::to_string(kMaxCrashes) +
      " THEN 'quarantined' ELSE 'pending' END, error_code = CASE WHEN crashes + 1 >= " +
      std::to_string(kMaxCrashes) + " THEN 'E_BATCH_QUARANTINED' ELSE NULL END, error = CASE " +
      "WHEN crashes + 1 >= " + std::to_string(kMaxCrashes) +
      " THEN 'the process died while it ran, ' || (crashes + 1) || ' times' ELSE NULL END " +
      "WHERE status = 'running' RETURNING id";
  std::set<std::string> newly_quarantined;
  {
    Stmt q(db_, quarantine_sql.c_str());
    while (q.next()) newly_quarantined.insert(q.text(0));
    if (!q.ok()) {
      fail(ErrorCode::kDbWrite, "recovering running inputs", diags);
      exec("ROLLBACK", diags);
      return ErrorCode::kDbWrite;
    }
  }
  if (!exec("COMMIT", diags)) return ErrorCode::kDbWrite;

  RunPlan plan;
  Stmt q(db_, "SELECT id, path, status, attempts, crashes FROM inputs WHERE id = ?");
  for (const std::string& id : wanted) {
    q.bind(id);
    if (q.next()) {
      DbInput in{q.text(0), q.text(1), q.text(2), q.integer(3), q.integer(4)};
      if (in.status == "pending") {
        (in.crashes > 0 ? plan.suspects : plan.pending).push_back(std::move(in));
      } else {
        ++plan.finished;
        if (newly_quarantined.count(in.id) != 0U) plan.quarantined.push_back(std::move(in));
      }
    }
    q.reset();
  }
  return plan;
}

bool ResultsDb::mark_running(const std::string& id, Diagnostics& diags) {
  Stmt q(db_,
         "UPDATE inputs SET status = 'running', attempts = attempts + 1, started_at = ? "
         "WHERE id = ?");
  if (!q.bind(unix_now()).bind(id).run()) return fail(ErrorCode::kDbWrite, "mark running", diags);
  return true;
}

bool ResultsDb::mark_interrupted(const std::string& id, Diagnostics& diags) {
  Stmt q(db_,
         "UPDATE inputs SET status = 'pending', attempts = attempts - 1, started_at = NULL "
         "WHERE id = ? AND status = 'running'");
  if (!q.bind(id).run()) return fail(ErrorCode::kDbWrite, "mark interrupted", diags);
  return true;
}

bool ResultsDb::record(const std::string& id, const reports::Report& r, Diagnostics& diags) {
  if (!exec("BEGIN IMMEDIATE", diags)) return false;
  bool ok = true;
  auto check = [&](bool step, const char* what) {
    if (!step && ok) ok = fail(ErrorCode::kDbWrite, std::string("writing ") + what, diags);
  };
  // A retried input may have rows of nothing (they are written only here, in this transaction),
  // but a merged-in copy may: start clean so the rows are exactly this report's.
  for (const char* table : kInputTables) {
    Stmt del(db_, (std::string("DELETE FROM ") + table + " WHERE input_id = ?").c_str());
    check(del.bind(id).run(), table);
  }

  const reports::InputRecord* in = r.inputs.empty() ? nullptr : &r.inputs.front();
  std::string status = in != nullptr && in->status == "failed" ? "failed" : "done";
  std::optional<std::string> error_code;
  std::optional<std::string> error;
  if (status == "failed") {
    for (const reports::DiagnosticRecord& d : r.diagnostics) {
      if (d.severity == "error") {
        error_code = d.code;
        error = d.message;
        break;
      }
    }
  }
  std::optional<std::string> package;
  if (in != nullptr && in->package) package = in->package->name + "@" + in->package->version;
  {
    Stmt q(db_,
           "UPDATE inputs SET status = ?, kind = ?, bytes = ?, sha256 = ?, input_status = ?, "
           "package = ?, error_code = ?, error = ?, finished_at = ? WHERE id = ?");
    q.bind(status)
        .bind(in != nullptr ? in->kind : std::string())
        .bind(in != nullptr ? in->bytes : u64{0})
        .bind(in != nullptr ? in->sha256 : std::string())
        .bind(in != nullptr ? in->status : std::string("failed"))
        .bind(package)
        .bind(error_code)
        .bind(error)
        .bind(unix_now())
        .bind(id);
    check(q.run(), "inputs");
  }
  {
    Stmt q(db_, "INSERT INTO maps VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    i64 n = 0;
    for (const reports::MapRecord& m : r.maps) {
      q.bind(id).bind(n++).bind(m.path).bind(m.origin).bind(m.bytes).bind(m.sha256);
      q.bind(m.index_map).bind(m.sections).bind(m.sources).bind(m.sources_with_content);
      q.bind(m.sc_bytes).bind(m.sc_lines).bind(m.names).bind(m.segments).bind(m.gen_lines);
      q.bind(m.mappings_bytes).bind(m.valid).bind(m.diagnostics);
      check(q.run(), "maps");
    }
  }
  {
    Stmt q(db_, "INSERT INTO sources VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    i64 n = 0;
    for (const reports::SourceRecord& s : r.sources) {
      q.bind(id).bind(n++).bind(s.path).bind(s.resolved).bind(s.file).bind(s.sha256);
      q.bind(s.bytes).bind(s.lines).bind(s.code_lines).bind(s.comment_lines).bind(s.blank_lines);
      q.bind(s.cls).bind(s.package).bind(s.rule).bind(join_lines(s.maps)).bind(s.shipped);
      q.bind(s.is_public).bind(s.public_reason).bind(s.generated_bytes).bind(s.ignored);
      check(q.run(), "sources");
    }
  }
  {
    Stmt q(db_, "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    i64 n = 0;
    for (const reports::Finding& f : r.findings) {
      q.bind(id).bind(n++).bind(f.rule).bind(f.severity).bind(f.source).bind(f.file);
      q.bind(f.where).bind(f.line).bind(f.column).bind(f.fingerprint).bind(f.redacted);
      q.bind(f.secret).bind(f.live_format);
      check(q.run(), "findings");
    }
  }
  {
    Stmt q(db_, "INSERT INTO finding_counts VALUES (?,?,?,?,?)");
    for (const reports::FindingCount& c : r.finding_counts) {
      q.bind(id).bind(c.rule).bind(c.key).bind(c.count).bind(c.sources);
      check(q.run(), "finding_counts");
    }
  }
  {
    Stmt q(db_, "INSERT INTO diagnostics VALUES (?,?,?,?,?,?)");
    i64 n = 0;
    for (const reports::DiagnosticRecord& d : r.diagnostics) {
      q.bind(id).bind(n++).bind(d.code).bind(d.severity).bind(d.entry).bind(d.message);
      check(q.run(), "diagnostics");
    }
  }
  {
    const reports::Exposure& e = r.exposure;
    Stmt q(db_, "INSERT INTO exposure VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    q.bind(id).bind(e.verdict).bind(verdict_rank(e.verdict)).bind(e.first_party_sources);
    q.bind(e.first_party_bytes).bind(e.first_party_lines).bind(e.first_party_code_lines);
    q.bind(e.first_party_new_sources).bind(e.first_party_new_bytes).bind(e.first_party_new_lines);
    q.bind(e.dependency_sources).bind(e.dependency_packages).bind(e.secrets);
    q.bind(e.live_credentials).bind(join_lines(e.reasons)).bind(r.totals.files);
    q.bind(r.totals.maps).bind(r.totals.sources).bind(r.totals.sources_with_content);
    q.bind(r.totals.sc_bytes).bind(r.totals.sc_lines).bind(r.attribution.generated_bytes);
    q.bind(static_cast<u64>(r.findings.size())).bind(r.findings_suppressed);
    q.bind(r.findings_capped);
    check(q.run(), "exposure");
  }
  if (!ok) {
    exec("ROLLBACK", diags);
    return false;
  }
  return exec("COMMIT", diags);
}

Result<i64> ResultsDb::merge_from(const std::string& other_path, Diagnostics& diags) {
  {
    Stmt attach(db_, "ATTACH DATABASE ? AS shard");
    if (!attach.bind(other_path).run()) {
      fail(ErrorCode::kDbOpen, "cannot attach " + other_path, diags);
      return ErrorCode::kDbOpen;
    }
  }
  auto detach = [&] { exec("DETACH DATABASE shard", diags); };
  {
    Stmt q(db_, "PRAGMA shard.user_version");
    i64 version = q.next() ? q.integer(0) : -1;
    if (version != kSchemaVersion) {
      diags.push(Diagnostic{ErrorCode::kDbSchema, Severity::kError, other_path, "", -1,
                            "schema version " + std::to_string(version) + ", expected " +
                                std::to_string(kSchemaVersion)});
      detach();
      return ErrorCode::kDbSchema;
    }
  }
  // The shard's tool version and options: recorded here when this database is new, else equal.
  std::string tool_version;
  std::string options;
  {
    Stmt q(db_, "SELECT key, value FROM shard.meta WHERE key IN ('tool_version', 'options')");
    while (q.next()) (q.text(0) == "options" ? options : tool_version) = q.text(1);
  }
  Diagnostics meta_diags(other_path, "");
  if (!check_meta(tool_version, options, meta_diags)) {
    for (const Diagnostic& d : meta_diags.items()) {
      diags.push(Diagnostic{d.code, d.severity, other_path, "", -1, d.message});
    }
    detach();
    return ErrorCode::kDbOptions;
  }
  if (!exec("BEGIN IMMEDIATE", diags)) {
    detach();
    return ErrorCode::kDbWrite;
  }
  auto abort_merge = [&](ErrorCode code) {
    exec("ROLLBACK", diags);
    detach();
    return code;
  };
  {
    Stmt q(db_,
           "SELECT s.id, s.path, s.status, m.status, s.sha256, m.sha256 FROM shard.inputs s "
           "JOIN main.inputs m ON m.id = s.id "
           "WHERE s.status IN ('done', 'failed') AND m.status IN ('done', 'failed') "
           "AND (s.status != m.status OR s.sha256 IS NOT m.sha256) ORDER BY s.id");
    bool conflict = false;
    while (q.next()) {
      conflict = true;
      diags.push(Diagnostic{ErrorCode::kDbMergeConflict, Severity::kError, other_path, q.text(1),
                            -1,
                            "input " + q.text(0) + ": " + q.text(2) + " sha256 " + q.text(4) +
                                " here, " + q.text(3) + " sha256 " + q.text(5) + " before"});
    }
    if (conflict) return abort_merge(ErrorCode::kDbMergeConflict);
  }
  auto rank = [](const char* col) {
    std::string s = kRankSql;
    s.replace(s.find("%s"), 2, col);
    return s;
  };
  std::string take_sql =
      "CREATE TEMP TABLE take AS SELECT s.id FROM shard.inputs s WHERE NOT EXISTS (SELECT 1 FROM "
      "main.inputs m WHERE m.id = s.id AND " +
      rank("m.status") + " >= " + rank("s.status") + ")";
  if (!exec("DROP TABLE IF EXISTS temp.take", diags) || !exec(take_sql.c_str(), diags)) {
    return abort_merge(ErrorCode::kDbWrite);
  }
  for (const char* table : kInputTables) {
    std::string del =
        std::string("DELETE FROM main.") + table + " WHERE input_id IN (SELECT id FROM temp.take)";
    if (!exec(del.c_str(), diags)) return abort_merge(ErrorCode::kDbWrite);
  }
  // A shard's `running` input was cut short there: pending here, with its attempts kept.
  if (!exec("INSERT OR REPLACE INTO main.inputs SELECT id, path, CASE status WHEN 'running' THEN "
            "'pending' ELSE status END, kind, bytes, sha256, input_status, package, error_code, "
            "error, attempts, crashes, started_at, finished_at FROM shard.inputs WHERE id IN "
            "(SELECT id FROM temp.take)",
            diags)) {
    return abort_merge(ErrorCode::kDbWrite);
  }
  for (const char* table : kInputTables) {
    std::string ins = std::string("INSERT INTO main.") + table + " SELECT * FROM shard." + table +
                      " WHERE input_id IN (SELECT id FROM temp.take)";
    if (!exec(ins.c_str(), diags)) return abort_merge(ErrorCode::kDbWrite);
  }
  i64 taken = 0;
  {
    Stmt q(db_, "SELECT count(*) FROM temp.take");
    if (q.next()) taken = q.integer(0);
  }
  if (!exec("DROP TABLE temp.take", diags) || !exec("COMMIT", diags)) {
    return abort_merge(ErrorCode::kDbWrite);
  }
  detach();
  return taken;
}

Result<std::vector<std::pair<std::string, i64>>> ResultsDb::status_counts(Diagnostics& diags) {
  std::vector<std::pair<std::string, i64>> out;
  Stmt q(db_, "SELECT count(*) FROM inputs WHERE status = ?");
  for (const char* status : {"pending", "running", "done", "failed", "quarantined"}) {
    q.bind(status);
    if (!q.next()) {
      fail(ErrorCode::kDbOpen, "reading inputs", diags);
      return ErrorCode::kDbOpen;
    }
    out.emplace_back(status, q.integer(0));
    q.reset();
  }
  return out;
}

Result<reports::Portfolio> ResultsDb::portfolio(Diagnostics& diags) {
  reports::Portfolio p;
  {
    Stmt q(db_, "SELECT value FROM meta WHERE key = 'tool_version'");
    if (q.next()) p.tool_version = q.text(0);
  }
  auto counts = status_counts(diags);
  if (!counts.ok()) return counts.error();
  for (const auto& [status, n] : counts.value()) p.by_status.emplace_back(status, n);
  for (const char* v : {"critical", "high", "medium", "low", "none"}) {
    p.by_verdict.emplace_back(v, 0);
  }

  // Ranking (docs/batch.md): verdict, new first-party lines, all first-party lines, secrets, then
  // the path and id so that ties have one order.
  Stmt q(db_,
         "SELECT i.id, i.path, i.status, i.kind, i.input_status, i.error_code, i.package, "
         "e.verdict, e.first_party_sources, e.first_party_lines, e.first_party_bytes, "
         "e.first_party_new_sources, e.first_party_new_lines, e.dependency_packages, e.maps, "
         "e.sources, e.findings, e.secrets "
         "FROM inputs i LEFT JOIN exposure e ON e.input_id = i.id "
         "ORDER BY coalesce(e.verdict_rank, -1) DESC, coalesce(e.first_party_new_lines, 0) DESC, "
         "coalesce(e.first_party_lines, 0) DESC, coalesce(e.secrets, 0) DESC, i.path, i.id");
  while (q.next()) {
    reports::PortfolioInput in;
    in.id = q.text(0);
    in.path = q.text(1);
    in.status = q.text(2);
    in.kind = q.text(3);
    in.input_status = q.text(4);
    in.error_code = q.text(5);
    in.package = q.opt_text(6);
    in.verdict = q.text(7);
    in.first_party_sources = q.count(8);
    in.first_party_lines = q.count(9);
    in.first_party_bytes = q.count(10);
    in.first_party_new_sources = q.count(11);
    in.first_party_new_lines = q.count(12);
    in.dependency_packages = q.count(13);
    in.maps = q.count(14);
    in.sources = q.count(15);
    in.findings = q.count(16);
    in.secrets = q.count(17);
    for (auto& [verdict, n] : p.by_verdict) n += verdict == in.verdict ? 1 : 0;
    p.maps += in.maps;
    p.sources += in.sources;
    p.first_party_sources += in.first_party_sources;
    p.first_party_lines += in.first_party_lines;
    p.first_party_bytes += in.first_party_bytes;
    p.first_party_new_lines += in.first_party_new_lines;
    p.findings += in.findings;
    p.secrets += in.secrets;
    p.inputs.push_back(std::move(in));
  }
  if (!q.ok()) {
    fail(ErrorCode::kDbOpen, "reading inputs", diags);
    return ErrorCode::kDbOpen;
  }
  Stmt rules(db_,
             "SELECT rule, min(severity), count(*), count(DISTINCT input_id) FROM findings "
             "GROUP BY rule ORDER BY count(*) DESC, rule");
  while (rules.next()) {
    p.rules.push_back({rules.text(0), rules.text(1), rules.count(2), rules.count(3)});
  }
  return p;
}

}  // namespace mapsleuth::analyzer
