#include "analyzer/exposure.h"

#include <gtest/gtest.h>

namespace mapsleuth::analyzer {
namespace {

reports::SourceRecord source(std::string resolved, std::string cls, reports::u64 lines,
                             bool is_public = false) {
  reports::SourceRecord s;
  s.resolved = std::move(resolved);
  s.cls = std::move(cls);
  s.sha256 = "x";
  s.lines = lines;
  s.bytes = lines * 10;
  s.is_public = is_public;
  return s;
}

TEST(ExposureTest, NoFirstPartyContentIsVerdictNone) {
  reports::Report r;
  r.sources.push_back(source("node_modules/a/i.js", "dependency", 50000));
  compute_exposure(r);
  EXPECT_EQ(r.exposure.verdict, "none");
  EXPECT_EQ(r.exposure.dependency_sources, 1U);
}

TEST(ExposureTest, VerdictFollowsNewFirstPartyLines) {
  for (auto [lines, verdict] :
       std::vector<std::pair<reports::u64, std::string>>{{999, "low"},
                                                         {1000, "medium"},
                                                         {19999, "medium"},
                                                         {20000, "high"},
                                                         {100000, "critical"}}) {
    reports::Report r;
    r.sources.push_back(source("src/a.ts", "first_party", lines));
    compute_exposure(r);
    EXPECT_EQ(r.exposure.verdict, verdict) << lines;
  }
}

TEST(ExposureTest, PublicContentIsSubtractedFromNew) {
  reports::Report r;
  r.sources.push_back(source("src/a.ts", "first_party", 30000, true));
  r.sources.push_back(source("src/b.ts", "first_party", 10));
  compute_exposure(r);
  EXPECT_EQ(r.exposure.first_party_sources, 2U);
  EXPECT_EQ(r.exposure.first_party_lines, 30010U);
  EXPECT_EQ(r.exposure.first_party_new_sources, 1U);
  EXPECT_EQ(r.exposure.first_party_new_lines, 10U);
  EXPECT_EQ(r.exposure.verdict, "low");
}

TEST(ExposureTest, SourcesWithoutContentAreNotExposure) {
  reports::Report r;
  auto s = source("src/a.ts", "first_party", 10);
  s.sha256.reset();
  r.sources.push_back(s);
  compute_exposure(r);
  EXPECT_EQ(r.exposure.verdict, "none");
}

TEST(ExposureTest, DirectoriesAreNamedBelowTheCommonProjectDirectory) {
  reports::Report r;
  r.sources.push_back(source("/home/u/app/src/commands/a.ts", "first_party", 5));
  r.sources.push_back(source("/home/u/app/src/commands/b.ts", "first_party", 5));
  r.sources.push_back(source("/home/u/app/src/api/c.ts", "first_party", 20));
  r.sources.push_back(source("/home/u/app/src/index.ts", "first_party", 1));
  compute_exposure(r);
  ASSERT_EQ(r.exposure.by_directory.size(), 3U);
  EXPECT_EQ(r.exposure.by_directory[0].directory, "src/api");
  EXPECT_EQ(r.exposure.by_directory[1].directory, "src/commands");
  EXPECT_EQ(r.exposure.by_directory[1].sources, 2U);
  EXPECT_EQ(r.exposure.by_directory[2].directory, "src");
}

TEST(ExposureTest, WebpackAndRelativeFormsGroupTheSameWay) {
  reports::Report r;
  r.sources.push_back(source("webpack://qf/./src/commands/a.ts", "first_party", 5));
  r.sources.push_back(source("webpack://qf/./src/api/b.ts", "first_party", 5));
  compute_exposure(r);
  ASSERT_EQ(r.exposure.by_directory.size(), 2U);
  EXPECT_EQ(r.exposure.by_directory[0].directory, "src/api");
}

}  // namespace
}  // namespace mapsleuth::analyzer
