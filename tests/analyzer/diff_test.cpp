#include "analyzer/diff.h"

#include <gtest/gtest.h>

namespace mapsleuth::analyzer {
namespace {

reports::SourceRecord source(std::string path, std::string sha, reports::u64 lines,
                             std::string cls = "first_party") {
  reports::SourceRecord s;
  s.path = path;
  s.resolved = std::move(path);
  s.sha256 = std::move(sha);
  s.lines = lines;
  s.bytes = lines * 10;
  s.cls = std::move(cls);
  return s;
}

reports::Finding finding(std::string fp) {
  reports::Finding f;
  f.rule = "r";
  f.fingerprint = std::move(fp);
  return f;
}

TEST(DiffTest, AddedRemovedChangedAndUnchangedByResolvedPath) {
  reports::Report a;
  a.sources = {source("src/same.ts", "1", 10), source("src/gone.ts", "2", 20),
               source("src/edit.ts", "3", 30)};
  reports::Report b;
  b.sources = {source("src/same.ts", "1", 10), source("src/edit.ts", "4", 35),
               source("src/new.ts", "5", 7)};
  reports::Diff d = diff_reports(a, b);
  ASSERT_EQ(d.sources.size(), 3U);
  EXPECT_EQ(d.sources[0].change, "added");
  EXPECT_EQ(d.sources[0].path, "src/new.ts");
  EXPECT_EQ(d.sources[1].change, "changed");
  EXPECT_EQ(d.sources[1].old_lines, 30U);
  EXPECT_EQ(d.sources[1].new_lines, 35U);
  EXPECT_EQ(d.sources[2].change, "removed");
  EXPECT_EQ(d.sources[2].path, "src/gone.ts");
  const reports::DiffCounts& fp = d.by_class[0];
  EXPECT_EQ(fp.cls, "first_party");
  EXPECT_EQ(fp.added, 1U);
  EXPECT_EQ(fp.removed, 1U);
  EXPECT_EQ(fp.changed, 1U);
  EXPECT_EQ(fp.unchanged, 1U);
  EXPECT_EQ(fp.added_lines, 7U);
  EXPECT_EQ(fp.removed_lines, 20U);
}

TEST(DiffTest, SourcesWithoutContentAreNotCompared) {
  reports::Report a;
  a.sources = {source("src/a.ts", "1", 10)};
  a.sources[0].sha256.reset();
  reports::Report b;
  reports::Diff d = diff_reports(a, b);
  EXPECT_TRUE(d.sources.empty());
}

TEST(DiffTest, FindingsMatchByFingerprint) {
  reports::Report a;
  a.findings = {finding("aa"), finding("bb")};
  reports::Report b;
  b.findings = {finding("bb"), finding("cc")};
  reports::Diff d = diff_reports(a, b);
  ASSERT_EQ(d.findings_added.size(), 1U);
  EXPECT_EQ(d.findings_added[0].fingerprint, "cc");
  ASSERT_EQ(d.findings_removed.size(), 1U);
  EXPECT_EQ(d.findings_removed[0].fingerprint, "aa");
}

TEST(DiffTest, DependencyPackagesAddedAndRemoved) {
  reports::Report a;
  a.sources = {source("node_modules/x/i.js", "1", 1, "dependency")};
  a.sources[0].package = "x@1.0.0";
  reports::Report b;
  b.sources = {source("node_modules/x/i.js", "2", 1, "dependency")};
  b.sources[0].package = "x@1.1.0";
  reports::Diff d = diff_reports(a, b);
  EXPECT_EQ(d.packages_added, std::vector<std::string>{"x@1.1.0"});
  EXPECT_EQ(d.packages_removed, std::vector<std::string>{"x@1.0.0"});
  EXPECT_EQ(d.by_class[1].changed, 1U);
}

TEST(DiffTest, SameReportHasNoChanges) {
  reports::Report a;
  a.sources = {source("src/a.ts", "1", 10), source("src/b.ts", "2", 3)};
  a.findings = {finding("aa")};
  reports::Diff d = diff_reports(a, a);
  EXPECT_TRUE(d.sources.empty());
  EXPECT_TRUE(d.findings_added.empty());
  EXPECT_TRUE(d.findings_removed.empty());
  EXPECT_EQ(d.by_class[0].unchanged, 2U);
}

}  // namespace
}  // namespace mapsleuth::analyzer
