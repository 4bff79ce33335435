#include "analyzer/gate.h"

#include <gtest/gtest.h>

#include "analyzer/exposure.h"

namespace mapsleuth::analyzer {
namespace {

reports::SourceRecord source(std::string path, reports::u64 lines, bool is_public = false) {
  reports::SourceRecord s;
  s.resolved = std::move(path);
  s.sha256 = "x";
  s.lines = lines;
  s.cls = "first_party";
  s.is_public = is_public;
  s.maps = {"dist/cli.js.map"};
  return s;
}

reports::Report report_with(std::vector<reports::SourceRecord> sources) {
  reports::Report r;
  r.inputs.push_back(reports::InputRecord{});
  r.sources = std::move(sources);
  return r;
}

TEST(GateTest, NewFirstPartyContentFailsAndNamesTheFiles) {
  reports::Report r = report_with({source("src/big.ts", 500), source("src/small.ts", 5)});
  compute_exposure(r);
  GateResult g = evaluate_gate(r, Policy{});
  EXPECT_FALSE(g.pass);
  ASSERT_EQ(g.reasons.size(), 1U);
  EXPECT_NE(g.reasons[0].find("2 first-party source file(s), 505 lines"), std::string::npos);
  EXPECT_NE(g.reasons[0].find("dist/cli.js.map: src/big.ts, src/small.ts"), std::string::npos)
      << g.reasons[0];
}

TEST(GateTest, PublicContentPasses) {
  reports::Report r = report_with({source("src/a.ts", 500, true)});
  compute_exposure(r);
  GateResult g = evaluate_gate(r, Policy{});
  EXPECT_TRUE(g.pass);
  ASSERT_EQ(g.notes.size(), 1U);
}

TEST(GateTest, NoMapsPasses) {
  reports::Report r = report_with({});
  compute_exposure(r);
  EXPECT_TRUE(evaluate_gate(r, Policy{}).pass);
}

TEST(GateTest, PolicyLimitsAllowSomeNewContent) {
  Policy p;
  p.check_max_new_lines = 600;
  p.check_max_new_sources = 1;
  reports::Report r = report_with({source("src/a.ts", 500)});
  compute_exposure(r, p);
  EXPECT_TRUE(evaluate_gate(r, p).pass);
  r.sources.push_back(source("src/b.ts", 1));
  compute_exposure(r, p);
  EXPECT_FALSE(evaluate_gate(r, p).pass);
}

TEST(GateTest, ASecretFailsEvenWithPublicContent) {
  reports::Report r = report_with({source("src/a.ts", 5, true)});
  reports::Finding f;
  f.rule = "github-token";
  f.source = "src/a.ts";
  f.line = 3;
  f.column = 9;
  f.redacted = "ghp_...";
  f.secret = true;
  r.findings.push_back(f);
  compute_exposure(r);
  GateResult g = evaluate_gate(r, Policy{});
  EXPECT_FALSE(g.pass);
  ASSERT_EQ(g.reasons.size(), 1U);
  EXPECT_NE(g.reasons[0].find("github-token at src/a.ts:3:9 (ghp_...)"), std::string::npos);

  Policy lenient;
  lenient.check_fail_on_secret = false;
  compute_exposure(r, lenient);
  EXPECT_TRUE(evaluate_gate(r, lenient).pass);
}

TEST(GateTest, FailVerdictAndUnreadInputsFail) {
  Policy p;
  p.check_max_new_lines = 1'000'000;
  p.check_max_new_sources = 1'000'000;
  p.check_fail_verdict = Verdict::kMedium;
  reports::Report r = report_with({source("src/a.ts", 5000)});
  compute_exposure(r, p);
  EXPECT_FALSE(evaluate_gate(r, p).pass);
  reports::Report partial = report_with({});
  partial.inputs[0].status = "partial";
  compute_exposure(partial, p);
  GateResult g = evaluate_gate(partial, p);
  EXPECT_FALSE(g.pass);
  EXPECT_NE(g.reasons[0].find("status partial"), std::string::npos);
}

}  // namespace
}  // namespace mapsleuth::analyzer
