#include "analyzer/rules_file.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "analyzer/findings.h"

namespace mapsleuth::analyzer {
namespace {

// Compiles `json` and returns every diagnostic message (all must be E_RULES_SYNTAX errors).
std::vector<std::string> errors_of(std::string_view json) {
  Diagnostics diags;
  Result<FindingsEngine> e = FindingsEngine::compile(json, "rules.json", diags);
  EXPECT_FALSE(e.ok()) << json;
  EXPECT_FALSE(diags.empty()) << json;
  std::vector<std::string> messages;
  for (const Diagnostic& d : diags.items()) {
    EXPECT_EQ(d.code, ErrorCode::kRulesSyntax);
    EXPECT_EQ(d.severity, Severity::kError);
    EXPECT_EQ(d.input, "rules.json");
    messages.push_back(d.message);
  }
  return messages;
}

// The first diagnostic of `json` contains `want`.
void expect_error(std::string_view json, std::string_view want) {
  std::vector<std::string> m = errors_of(json);
  ASSERT_FALSE(m.empty());
  EXPECT_NE(m[0].find(want), std::string::npos) << "got: " << m[0] << "\nwant: " << want;
}

std::string rules(std::string_view rule) {
  return R"({"version": 1, "rules": [{"id": "ok", "regex": "ok_[0-9]+"}, )" + std::string(rule) +
         "]}";
}

TEST(RulesFileTest, DefaultRulesParse) {
  Diagnostics diags;
  Result<RulesFile> file = parse_rules_file(default_rules_json(), "<default rules>", diags);
  ASSERT_TRUE(file.ok());
  EXPECT_TRUE(diags.empty());
  EXPECT_GE(file.value().rules.size(), 20u);
  for (const Rule& r : file.value().rules) {
    EXPECT_FALSE(r.description.empty()) << r.id;
    EXPECT_FALSE(r.regexes.empty()) << r.id;
  }
}

TEST(RulesFileTest, ReadsEveryField) {
  Diagnostics diags;
  Result<RulesFile> file = parse_rules_file(R"json({
    // comments are allowed
    "version": 1,
    "rules": [{
      "id": "my.rule-1", "description": "d", "regex": ["a+", "b+"], "left_class": "[a-z]",
      "extract": "(x)", "keywords": ["KEY"], "stopwords": ["Stop"], "entropy": 2.5,
      "severity": "low", "secret": true, "live_format": true, "target": "any", "comment": "c"
    }]
  })json",
                                            "rules.json", diags);
  ASSERT_TRUE(file.ok()) << (diags.empty() ? "" : diags.items()[0].message);
  const Rule& r = file.value().rules.at(0);
  EXPECT_EQ(r.id, "my.rule-1");
  EXPECT_EQ(r.regexes, (std::vector<std::string>{"a+", "b+"}));
  EXPECT_EQ(r.left_class, "[a-z]");
  EXPECT_EQ(r.extract, "(x)");
  EXPECT_EQ(r.keywords, std::vector<std::string>{"key"});
  EXPECT_EQ(r.stopwords, std::vector<std::string>{"stop"});
  EXPECT_DOUBLE_EQ(r.entropy, 2.5);
  EXPECT_EQ(r.severity, RuleSeverity::kLow);
  EXPECT_EQ(r.target, RuleTarget::kAny);
  EXPECT_TRUE(r.secret && r.live_format && !r.aggregate);
}

TEST(RulesFileTest, SyntaxErrorsSayWhere) {
  Diagnostics diags;
  EXPECT_FALSE(
      FindingsEngine::compile("{\"version\": 1,\n \"rules\": [}", "rules.json", diags).ok());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].code, ErrorCode::kRulesSyntax);
  EXPECT_EQ(diags.items()[0].byte_offset, 26);
  EXPECT_EQ(diags.items()[0].input, "rules.json");
  EXPECT_NE(
      diags.items()[0].message.find("rules cannot be parsed: parse error at line 2, column 12"),
      std::string::npos)
      << diags.items()[0].message;
  expect_error("[]", "rules cannot be parsed: the top-level value is not an object");
  expect_error(R"({"rules": []})", "\"version\" must be the number 1");
  expect_error(R"({"version": 1})", "\"rules\" is missing");
  expect_error(R"({"version": 1, "rules": {}})", "\"rules\" must be an array");
  expect_error(R"({"version": 1, "rules": []})", "no rules to run");
  expect_error(R"({"version": 1, "rules": [], "extra": 1})", "unknown field \"extra\"");
}

TEST(RulesFileTest, RuleErrorsNameTheRuleIndexAndId) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"7", "rules[1]: a rule must be an object"},
      {R"({"regex": "x"})", "rules[1]: \"id\" is missing"},
      {R"({"id": "bad id", "regex": "x"})", "rules[1] \"bad id\": \"id\" must match"},
      {R"({"id": "ok", "regex": "x"})", "rules[1] \"ok\": duplicate id"},
      {R"({"id": "r"})", "rules[1] \"r\": \"regex\" is missing"},
      {R"({"id": "r", "regex": ""})", "rules[1] \"r\": \"regex\" must have 1 to 4096 bytes"},
      {R"({"id": "r", "regex": 5})", "rules[1] \"r\": \"regex\" must be a string or an array"},
      {R"({"id": "r", "regex": ["a", 5]})", "rules[1] \"r\": \"regex\"[1] must be a string"},
      {R"({"id": "r", "regex": "a\u0000b"})", "\"regex\" holds a NUL byte"},
      {R"({"id": "r", "regex": "x", "keyword": ["a"]})",
       "rules[1] \"r\": unknown field \"keyword\""},
      {R"({"id": "r", "regex": "x", "severity": "urgent"})", "\"severity\" must be one of"},
      {R"({"id": "r", "regex": "x", "target": "file"})", "\"target\" must be one of"},
      {R"({"id": "r", "regex": "x", "secret": "yes"})", "\"secret\" must be true or false"},
      {R"({"id": "r", "regex": "x", "entropy": 9})", "\"entropy\" must be a number from 0 to 8"},
      {R"({"id": "r", "regex": "x", "keywords": "a"})", "\"keywords\" must be an array"},
      {R"({"id": "r", "regex": "x", "stopwords": [""]})", "\"stopwords\" must hold non-empty"},
      {R"({"id": "r", "regex": "x", "left_class": "a-z"})", "\"left_class\" must be one bracket"},
      {R"({"id": "r", "regex": "x", "aggregate": true, "secret": true})", "cannot be \"secret\""},
      {R"({"id": "r", "regex": "x", "live_format": true})", "\"live_format\" needs \"secret\""},
      {R"({"id": "r", "regex": "x(", "severity": "low"})",
       "rules[1] \"r\": \"regex\": rejected by Vectorscan"},
      {R"({"id": "r", "regex": ["x", "(a)\\1"]})",
       "rules[1] \"r\": \"regex\"[1]: rejected by Vectorscan"},
      {R"({"id": "r", "regex": "x*"})", "rules[1] \"r\": \"regex\": rejected by Vectorscan"},
      {R"({"id": "r", "regex": "x", "extract": "(a)\\1"})",
       "rules[1] \"r\": \"extract\" is not a valid regex"},
      {R"({"id": "r", "regex": "x", "extract": "("})",
       "rules[1] \"r\": \"extract\" is not a valid regex"},
      {R"({"id": "r", "regex": "x", "left_class": "[z-a]"})",
       "\"left_class\" is not a valid regex"},
  };
  for (const auto& [rule, want] : cases) {
    expect_error(rules(rule), want);
  }
}

TEST(RulesFileTest, EveryBadRuleIsReported) {
  std::vector<std::string> m = errors_of(R"({"version": 1, "rules": [
    {"id": "a", "regex": "x", "severity": "bad"},
    {"id": "b", "regex": "y("},
    {"id": "c", "regex": "z("},
    {"id": "d", "regex": "w", "extract": "["}
  ]})");
  ASSERT_EQ(m.size(), 1u);  // parsing stops the compile: only "a" is reported
  m = errors_of(R"({"version": 1, "rules": [
    {"id": "b", "regex": "y("}, {"id": "c", "regex": "z("}, {"id": "d", "regex": "w", "extract": "["}
  ]})");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_NE(m[0].find("rules[2] \"d\": \"extract\""), std::string::npos) << m[0];
  EXPECT_NE(m[1].find("rules[0] \"b\""), std::string::npos) << m[1];
  EXPECT_NE(m[2].find("rules[1] \"c\""), std::string::npos) << m[2];
}

TEST(RulesFileTest, ExtendsDefaultsDisablesAndOverrides) {
  Diagnostics diags;
  Result<FindingsEngine> e = FindingsEngine::compile(R"({
    "version": 1, "extends": "defaults", "disable": ["email-address"],
    "rules": [
      {"id": "todo-marker", "regex": "\\bTODO\\b", "severity": "low", "aggregate": true},
      {"id": "ticket", "regex": "\\bACME-[0-9]{1,6}\\b", "severity": "info", "aggregate": true}
    ]})",
                                                     "rules.json", diags);
  ASSERT_TRUE(e.ok()) << (diags.empty() ? "" : diags.items()[0].message);
  Result<FindingsEngine> d = FindingsEngine::defaults(diags);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(e.value().rule_count(), d.value().rule_count());  // one removed, one added
  EXPECT_EQ(e.value().find_rule("email-address"), nullptr);
  ASSERT_NE(e.value().find_rule("todo-marker"), nullptr);
  EXPECT_EQ(e.value().find_rule("todo-marker")->severity, RuleSeverity::kLow);
  EXPECT_EQ(e.value().rules().back().id, "ticket");
  ScanHits h;
  e.value().scan("TODO FIXME ACME-12 a@acme-corp.io", "x", ScanTarget::kContent, {}, h);
  EXPECT_TRUE(h.findings.empty());
  EXPECT_EQ(h.counts,
            (std::vector<SourceCount>{{"ticket", "ACME-12", 1}, {"todo-marker", "TODO", 1}}));
}

TEST(RulesFileTest, ExtendsErrors) {
  expect_error(R"({"version": 1, "extends": "gitleaks"})", "\"extends\" can only be \"defaults\"");
  expect_error(R"({"version": 1, "disable": ["x"], "rules": []})", "\"disable\" needs \"extends\"");
  expect_error(R"({"version": 1, "extends": "defaults", "disable": ["nope"]})",
               "rules cannot be parsed: \"disable\": no default rule \"nope\"");
}

TEST(RulesFileTest, HostileDocumentsNeverThrow) {
  std::string deep(100000, '[');
  const std::string docs[] = {
      "",
      deep,
      "{\"version\": 1e999, \"rules\": []}",
      "{\"version\": 1, \"rules\": [{\"id\": \"\xFF\xFE\", \"regex\": \"x\"}]}",
      "{\"version\": 1, \"rules\": [{\"id\": \"r\", \"regex\": \"\xC3(\"}]}",
      R"({"version": 1, "rules": [{"id": "r", "regex": "x", "extract": "a{99999999}"}]})",
  };
  for (const std::string& doc : docs) {
    Diagnostics diags;
    EXPECT_NO_THROW({ (void)FindingsEngine::compile(doc, "rules.json", diags); });
    EXPECT_FALSE(diags.empty());
    Diagnostics allow;
    EXPECT_NO_THROW({ (void)parse_allowlist(doc, "allow.json", allow); });
    EXPECT_FALSE(allow.empty());
  }
}

TEST(RulesFileTest, SeverityNamesAndLevels) {
  EXPECT_EQ(rule_severity_name(RuleSeverity::kCritical), "critical");
  EXPECT_EQ(rule_severity_name(RuleSeverity::kInfo), "info");
  EXPECT_EQ(rule_severity_level(RuleSeverity::kCritical), "error");
  EXPECT_EQ(rule_severity_level(RuleSeverity::kHigh), "error");
  EXPECT_EQ(rule_severity_level(RuleSeverity::kMedium), "warning");
  EXPECT_EQ(rule_severity_level(RuleSeverity::kLow), "note");
  EXPECT_EQ(rule_severity_level(RuleSeverity::kInfo), "note");
}

}  // namespace
}  // namespace mapsleuth::analyzer
