#include "analyzer/results_db.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

namespace mapsleuth::analyzer {
namespace {

namespace fs = std::filesystem;

class ResultsDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mapsleuth-results-db-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const char* name) const { return (dir_ / name).string(); }

  ResultsDb open(const char* name) {
    auto db = ResultsDb::open(path(name), diags_);
    EXPECT_TRUE(db.ok()) << (diags_.empty() ? "" : diags_.items()[0].message);
    return std::move(db).value();
  }

  static reports::Report report(const std::string& sha, const std::string& status = "ok") {
    reports::Report r;
    reports::InputRecord in;
    in.path = "a.tgz";
    in.kind = "tgz";
    in.sha256 = sha;
    in.status = status;
    r.inputs.push_back(in);
    reports::SourceRecord s;
    s.path = "src/a.ts";
    s.resolved = "src/a.ts";
    s.lines = 10;
    r.sources.push_back(s);
    r.exposure.verdict = "low";
    r.exposure.first_party_lines = 10;
    if (status == "failed") {
      r.diagnostics.push_back({"E_ARCHIVE_READ", "error", "a.tgz", std::nullopt, "truncated"});
    }
    return r;
  }

  std::vector<DbInput> inputs(std::initializer_list<const char*> ids) {
    std::vector<DbInput> out;
    for (const char* id : ids) out.push_back({id, std::string("path-") + id, "pending"});
    return out;
  }

  fs::path dir_;
  Diagnostics diags_;
};

TEST_F(ResultsDbTest, RecordsAnInputAndCountsStatuses) {
  ResultsDb db = open("a.sqlite");
  ASSERT_TRUE(db.check_meta("1.0", "opts", diags_));
  ASSERT_TRUE(db.add_inputs(inputs({"a", "b"}), diags_));
  ASSERT_TRUE(db.mark_running("a", diags_));
  ASSERT_TRUE(db.record("a", report("s1"), diags_));
  ASSERT_TRUE(db.mark_running("b", diags_));
  ASSERT_TRUE(db.record("b", report("s2", "failed"), diags_));
  auto counts = db.status_counts(diags_);
  ASSERT_TRUE(counts.ok());
  std::vector<std::pair<std::string, i64>> want = {
      {"pending", 0}, {"running", 0}, {"done", 1}, {"failed", 1}, {"quarantined", 0}};
  EXPECT_EQ(counts.value(), want);
  auto p = db.portfolio(diags_);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p.value().inputs.size(), 2U);
  EXPECT_EQ(p.value().inputs[0].id, "a");  // low ranks above the failed input's none
  EXPECT_EQ(p.value().inputs[1].error_code, "E_ARCHIVE_READ");
  EXPECT_EQ(p.value().first_party_lines, 20U);
}

TEST_F(ResultsDbTest, OtherOptionsAreRefused) {
  {
    ResultsDb db = open("a.sqlite");
    ASSERT_TRUE(db.check_meta("1.0", "opts", diags_));
  }
  ResultsDb db = open("a.sqlite");
  EXPECT_TRUE(db.check_meta("1.0", "opts", diags_));
  EXPECT_FALSE(db.check_meta("1.0", "other", diags_));
  EXPECT_TRUE(diags_.has(ErrorCode::kDbOptions));
}

TEST_F(ResultsDbTest, AnotherSchemaVersionIsRefused) {
  { ResultsDb db = open("a.sqlite"); }
  // A database from a future version (or another program): only user_version tells.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path("a.sqlite").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto db = ResultsDb::open(path("a.sqlite"), diags_);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error(), ErrorCode::kDbSchema);
  EXPECT_FALSE(ResultsDb::open(path("missing-dir/x.sqlite"), diags_).ok());
  EXPECT_TRUE(diags_.has(ErrorCode::kDbOpen));
}

// A process that dies leaves `running` rows: each crash counts once, the second quarantines.
TEST_F(ResultsDbTest, RunningInputsBecomeSuspectsThenQuarantined) {
  ResultsDb db = open("a.sqlite");
  ASSERT_TRUE(db.add_inputs(inputs({"a", "b", "c"}), diags_));
  std::vector<std::string> all = {"a", "b", "c"};
  ASSERT_TRUE(db.mark_running("a", diags_));
  ASSERT_TRUE(db.mark_running("b", diags_));
  // -- the process dies here --
  auto plan = db.recover(all, diags_);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan.value().suspects.size(), 2U);
  EXPECT_EQ(plan.value().suspects[0].crashes, 1);
  EXPECT_EQ(plan.value().pending.size(), 1U);
  EXPECT_TRUE(plan.value().quarantined.empty());
  // Suspects run alone: b finishes, a kills the process again.
  ASSERT_TRUE(db.mark_running("b", diags_));
  ASSERT_TRUE(db.record("b", report("s"), diags_));
  ASSERT_TRUE(db.mark_running("a", diags_));
  plan = db.recover(all, diags_);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan.value().quarantined.size(), 1U);
  EXPECT_EQ(plan.value().quarantined[0].id, "a");
  EXPECT_EQ(plan.value().quarantined[0].crashes, 2);
  EXPECT_EQ(plan.value().quarantined[0].attempts, 2);
  EXPECT_TRUE(plan.value().suspects.empty());
  EXPECT_EQ(plan.value().pending.size(), 1U);
  EXPECT_EQ(plan.value().finished, 2U);
  // Quarantine sticks.
  plan = db.recover(all, diags_);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan.value().quarantined.empty());
  EXPECT_EQ(plan.value().finished, 2U);
}

TEST_F(ResultsDbTest, MergeTakesWhatGotFurtherAndRefusesConflicts) {
  {
    ResultsDb s1 = open("s1.sqlite");
    ASSERT_TRUE(s1.check_meta("1.0", "opts", diags_));
    ASSERT_TRUE(s1.add_inputs(inputs({"a", "b"}), diags_));
    ASSERT_TRUE(s1.mark_running("a", diags_));
    ASSERT_TRUE(s1.record("a", report("sha-a"), diags_));
    ResultsDb s2 = open("s2.sqlite");
    ASSERT_TRUE(s2.check_meta("1.0", "opts", diags_));
    ASSERT_TRUE(s2.add_inputs(inputs({"b"}), diags_));
    ASSERT_TRUE(s2.mark_running("b", diags_));
    ASSERT_TRUE(s2.record("b", report("sha-b"), diags_));
    ResultsDb s3 = open("s3.sqlite");
    ASSERT_TRUE(s3.check_meta("1.0", "opts", diags_));
    ASSERT_TRUE(s3.add_inputs(inputs({"a"}), diags_));
    ASSERT_TRUE(s3.mark_running("a", diags_));
    ASSERT_TRUE(s3.record("a", report("sha-other"), diags_));
    ResultsDb s4 = open("s4.sqlite");
    ASSERT_TRUE(s4.check_meta("2.0", "opts", diags_));
  }
  ResultsDb all = open("all.sqlite");
  auto taken = all.merge_from(path("s1.sqlite"), diags_);
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(taken.value(), 2);  // a done, b pending
  taken = all.merge_from(path("s2.sqlite"), diags_);
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(taken.value(), 1);  // b done beats b pending
  taken = all.merge_from(path("s1.sqlite"), diags_);
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(taken.value(), 0);  // b pending does not replace b done
  auto counts = all.status_counts(diags_);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts.value()[2].second, 2);  // done

  EXPECT_EQ(all.merge_from(path("s3.sqlite"), diags_).error(), ErrorCode::kDbMergeConflict);
  EXPECT_EQ(all.merge_from(path("s4.sqlite"), diags_).error(), ErrorCode::kDbOptions);
  EXPECT_EQ(all.status_counts(diags_).value()[2].second, 2);
}

}  // namespace
}  // namespace mapsleuth::analyzer
