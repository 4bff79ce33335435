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

reports::Finding secret_finding(bool live) {
  reports::Finding f;
  f.rule = live ? "github-token" : "generic-secret";
  f.severity = "high";
  f.secret = true;
  f.live_format = live;
  return f;
}

TEST(ExposureTest, SecretRaisesTheVerdictToHighAndALiveCredentialToCritical) {
  reports::Report r;
  r.sources.push_back(source("src/a.ts", "first_party", 10));
  r.findings.push_back(secret_finding(false));
  compute_exposure(r);
  EXPECT_EQ(r.exposure.verdict, "high");
  EXPECT_EQ(r.exposure.secrets, 1U);
  ASSERT_EQ(r.exposure.reasons.size(), 2U);
  EXPECT_EQ(r.exposure.reasons[0], "low: 10 first-party lines not public before (< 1000)");
  EXPECT_EQ(r.exposure.reasons[1], "high: 1 secret finding(s)");

  r.findings.push_back(secret_finding(true));
  compute_exposure(r);
  EXPECT_EQ(r.exposure.verdict, "critical");
  EXPECT_EQ(r.exposure.live_credentials, 1U);
}

TEST(ExposureTest, NonSecretFindingsDoNotRaiseTheVerdict) {
  reports::Report r;
  r.sources.push_back(source("src/a.ts", "first_party", 10));
  reports::Finding f;
  f.rule = "email-address";
  f.severity = "low";
  r.findings.push_back(f);
  compute_exposure(r);
  EXPECT_EQ(r.exposure.verdict, "low");
}

TEST(ExposureTest, PolicyThresholdsDecide) {
  Policy p;
  p.medium_lines = 5;
  p.high_lines = 8;
  p.critical_lines = 10;
  p.secret_verdict = Verdict::kMedium;
  reports::Report r;
  r.sources.push_back(source("src/a.ts", "first_party", 9));
  compute_exposure(r, p);
  EXPECT_EQ(r.exposure.verdict, "high");
  r.sources[0].lines = 4;
  r.findings.push_back(secret_finding(false));
  compute_exposure(r, p);
  EXPECT_EQ(r.exposure.verdict, "medium");
}

TEST(ExposureTest, TotalsPerClassCountEveryLineKind) {
  reports::Report r;
  auto a = source("src/a.ts", "first_party", 10);
  a.code_lines = 6;
  a.comment_lines = 3;
  a.blank_lines = 1;
  r.sources.push_back(a);
  r.sources.push_back(source("node_modules/x/i.js", "dependency", 7));
  compute_exposure(r);
  ASSERT_EQ(r.exposure.by_class.size(), 4U);
  EXPECT_EQ(r.exposure.by_class[0].cls, "first_party");
  EXPECT_EQ(r.exposure.by_class[0].comment_lines, 3U);
  EXPECT_EQ(r.exposure.by_class[0].blank_lines, 1U);
  EXPECT_EQ(r.exposure.by_class[1].lines, 7U);
  EXPECT_EQ(r.exposure.by_class[2].sources, 0U);
}

}  // namespace
}  // namespace mapsleuth::analyzer
