#include "analyzer/policy.h"

#include <gtest/gtest.h>

namespace mapsleuth::analyzer {
namespace {

TEST(PolicyTest, EmptyObjectKeepsTheDesignDefaults) {
  Diagnostics d;
  auto p = parse_policy("{}", d);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.value().medium_lines, 1000U);
  EXPECT_EQ(p.value().high_lines, 20000U);
  EXPECT_EQ(p.value().critical_lines, 100000U);
  EXPECT_EQ(p.value().secret_verdict, Verdict::kHigh);
  EXPECT_EQ(p.value().live_credential_verdict, Verdict::kCritical);
  EXPECT_TRUE(p.value().check_fail_on_secret);
  EXPECT_EQ(p.value().check_max_new_lines, 0U);
}

TEST(PolicyTest, EveryKeyIsRead) {
  Diagnostics d;
  auto p = parse_policy(R"({"version": 1, "description": "team policy",
    "verdict": {"medium_lines": 10, "high_lines": 20, "critical_lines": 30, "secret": "medium",
                "live_credential": "high"},
    "check": {"max_new_lines": 50, "max_new_sources": 2, "fail_on_secret": false,
              "fail_verdict": "high"}})",
                        d);
  ASSERT_TRUE(p.ok()) << (d.empty() ? "" : d.items()[0].message);
  const Policy& v = p.value();
  EXPECT_EQ(v.medium_lines, 10U);
  EXPECT_EQ(v.high_lines, 20U);
  EXPECT_EQ(v.critical_lines, 30U);
  EXPECT_EQ(v.secret_verdict, Verdict::kMedium);
  EXPECT_EQ(v.live_credential_verdict, Verdict::kHigh);
  EXPECT_EQ(v.check_max_new_lines, 50U);
  EXPECT_EQ(v.check_max_new_sources, 2U);
  EXPECT_FALSE(v.check_fail_on_secret);
  EXPECT_EQ(v.check_fail_verdict, Verdict::kHigh);
}

TEST(PolicyTest, TyposAndBadValuesAreErrorsNamingTheKey) {
  struct Case {
    const char* json;
    const char* where;
  } cases[] = {
      {R"({"verdict": {"medium_line": 3}})", "verdict.medium_line"},
      {R"({"verdict": {"high_lines": -1}})", "verdict.high_lines"},
      {R"({"verdict": {"secret": "severe"}})", "verdict.secret"},
      {R"({"check": {"fail_on_secret": "yes"}})", "check.fail_on_secret"},
      {R"({"checks": {}})", "checks"},
      {R"({"version": 2})", "version"},
      {R"({"verdict": {"medium_lines": 50, "high_lines": 40}})", "verdict"},
  };
  for (const Case& c : cases) {
    Diagnostics d;
    auto p = parse_policy(c.json, d);
    EXPECT_FALSE(p.ok()) << c.json;
    ASSERT_FALSE(d.empty()) << c.json;
    EXPECT_EQ(d.items()[0].code, ErrorCode::kPolicySyntax);
    EXPECT_NE(d.items()[0].message.find(c.where), std::string::npos) << d.items()[0].message;
  }
}

TEST(PolicyTest, NotJsonIsAnError) {
  for (const char* text : {"", "[1]", "{", "\xff\xfe"}) {
    Diagnostics d;
    EXPECT_FALSE(parse_policy(text, d).ok());
    EXPECT_TRUE(d.has(ErrorCode::kPolicySyntax));
  }
}

TEST(PolicyTest, VerdictNamesRoundTrip) {
  for (Verdict v :
       {Verdict::kNone, Verdict::kLow, Verdict::kMedium, Verdict::kHigh, Verdict::kCritical}) {
    Verdict back = Verdict::kNone;
    ASSERT_TRUE(parse_verdict(verdict_name(v), back));
    EXPECT_EQ(back, v);
  }
  Verdict out = Verdict::kLow;
  EXPECT_FALSE(parse_verdict("CRITICAL", out));
  EXPECT_EQ(out, Verdict::kLow);
}

}  // namespace
}  // namespace mapsleuth::analyzer
