// The allowlist of the findings engine (docs/rules.md "Allowlist"): every kind of entry, AND
// semantics, counting, and the errors of a bad file.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/findings.h"

namespace mapsleuth::analyzer {
namespace {

ScanHits scan(std::string_view text, const FindingsEngine& e,
              ScanTarget target = ScanTarget::kContent, FindingOptions options = {},
              std::string_view source = "src/app.ts") {
  ScanHits hits;
  e.scan(text, source, target, options, hits);
  return hits;
}

std::vector<std::string> rules_of(const ScanHits& h) {
  std::vector<std::string> ids;
  for (const SourceFinding& f : h.findings) {
    ids.push_back(f.rule);
  }
  return ids;
}

// A small rule set for the allowlist and engine-mechanics tests (compiles in milliseconds).
constexpr std::string_view kSmallRules = R"({
  "version": 1,
  "rules": [
    {"id": "tok", "regex": "\\btok_[a-z0-9]{8}\\b", "secret": true, "severity": "high"},
    {"id": "mail", "regex": "@[a-z]+\\.io\\b", "left_class": "[a-z.]", "severity": "low"}
  ]
})";

FindingsEngine small_engine() {
  Diagnostics diags;
  Result<FindingsEngine> e = FindingsEngine::compile(kSmallRules, "test.json", diags);
  EXPECT_TRUE(e.ok());
  return std::move(e).value();
}

TEST(FindingsAllowlistTest, SuppressesByFingerprintAndCountsIt) {
  FindingsEngine e = small_engine();
  const std::string text = "a = tok_abcd1234; b = tok_efgh5678; c = bob@acme.io";
  ScanHits before = scan(text, e);
  ASSERT_EQ(before.findings.size(), 3u);
  Diagnostics diags;
  std::string allow = R"({"version": 1, "allow": [{"fingerprint": ")" +
                      before.findings[0].fingerprint + R"(", "comment": "rotated"}]})";
  Result<size_t> n = e.load_allowlist(allow, "allow.json", diags);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n.value(), 1u);
  ScanHits after = scan(text, e);
  EXPECT_EQ(after.suppressed, 1u);
  ASSERT_EQ(after.findings.size(), 2u);
  EXPECT_EQ(after.findings[0].fingerprint, before.findings[1].fingerprint);
}

TEST(FindingsAllowlistTest, SuppressesByRuleAndPathGlob) {
  FindingsEngine e = small_engine();
  Diagnostics diags;
  ASSERT_TRUE(
      e.load_allowlist(R"({"version": 1, "allow": [{"rule": "mail", "path": "src/legal/*"}]})",
                       "allow.json", diags)
          .ok());
  const std::string text = "bob@acme.io tok_abcd1234";
  ScanHits legal = scan(text, e, ScanTarget::kContent, {}, "src/legal/terms.ts");
  EXPECT_EQ(rules_of(legal), std::vector<std::string>{"tok"});
  EXPECT_EQ(legal.suppressed, 1u);
  ScanHits app = scan(text, e, ScanTarget::kContent, {}, "src/app.ts");
  EXPECT_EQ(rules_of(app), (std::vector<std::string>{"mail", "tok"}));
  EXPECT_EQ(app.suppressed, 0u);
}

TEST(FindingsAllowlistTest, SuppressesByRegexOnTheMatchedText) {
  FindingsEngine e = small_engine();
  Diagnostics diags;
  ASSERT_TRUE(e.load_allowlist(R"({"version": 1, "allow": [{"regex": "^bob@"}, {"rule": "tok"}]})",
                               "allow.json", diags)
                  .ok());
  ScanHits h = scan("bob@acme.io ann@acme.io tok_abcd1234", e);
  ASSERT_EQ(h.findings.size(), 1u);
  EXPECT_EQ(h.findings[0].redacted, "ann@acme.io");
  EXPECT_EQ(h.suppressed, 2u);
}

TEST(FindingsAllowlistTest, AllGivenFieldsMustMatch) {
  FindingsEngine e = small_engine();
  Diagnostics diags;
  ASSERT_TRUE(e.load_allowlist(R"({"version": 1, "allow": [{"rule": "tok", "regex": "9999"}]})",
                               "allow.json", diags)
                  .ok());
  ScanHits h = scan("tok_abcd1234 tok_abcd9999", e);
  ASSERT_EQ(h.findings.size(), 1u);
  EXPECT_EQ(h.findings[0].offset, 0u);
}

TEST(FindingsAllowlistTest, SuppressedFindingsDoNotCountTowardsTheCap) {
  FindingsEngine e = small_engine();
  Diagnostics diags;
  ASSERT_TRUE(
      e.load_allowlist(R"({"version": 1, "allow": [{"regex": "^tok_0"}]})", "a", diags).ok());
  ScanHits h = scan("tok_0aaaaaaa tok_0bbbbbbb tok_1ccccccc tok_2dddddd2", e, ScanTarget::kContent,
                    {.max_findings_per_rule = 1});
  EXPECT_EQ(h.findings.size(), 1u);
  EXPECT_EQ(h.suppressed, 2u);
  EXPECT_EQ(h.capped, 1u);
}

TEST(FindingsAllowlistTest, BadAllowlistsAreDiagnosedAndKeepThePreviousOne) {
  FindingsEngine e = small_engine();
  Diagnostics diags;
  ASSERT_TRUE(e.load_allowlist(R"({"version": 1, "allow": [{"rule": "tok"}]})", "a", diags).ok());
  const std::pair<std::string_view, std::string_view> bad[] = {
      {R"({"version": 1, "allow": [{"fingerprint": "xyz"}]})",
       "allow[0]: \"fingerprint\" must be 16 hex"},
      {R"({"version": 1, "allow": [{}]})", "allow[0]: an entry needs at least one of"},
      {R"({"version": 1, "allow": [{"rule": "tok", "glob": "x"}]})",
       "allow[0]: unknown field \"glob\""},
      {R"({"version": 1, "allow": [{"rule": "tok"}, {"regex": "(a"}]})",
       "allow[1]: \"regex\" rejected by Vectorscan"},
      {R"({"version": 1, "allow": {}})", "\"allow\" must be an array"},
      {R"({"version": 2, "allow": []})", "\"version\" must be the number 1"},
      {"[1, 2", "allowlist cannot be parsed: parse error at line 1"},
  };
  for (const auto& [json, message] : bad) {
    Diagnostics d;
    EXPECT_FALSE(e.load_allowlist(json, "allow.json", d).ok()) << json;
    ASSERT_FALSE(d.empty()) << json;
    EXPECT_EQ(d.items()[0].code, ErrorCode::kAllowlistSyntax);
    EXPECT_EQ(d.items()[0].input, "allow.json");
    EXPECT_NE(d.items()[0].message.find(message), std::string::npos) << d.items()[0].message;
  }
  EXPECT_EQ(scan("tok_abcd1234", e).suppressed, 1u);  // the first allowlist still applies
}

}  // namespace
}  // namespace mapsleuth::analyzer
