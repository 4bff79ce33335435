#include "analyzer/findings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "parsers/parallel.h"
#include "reconstruct/sha256.h"

namespace mapsleuth::analyzer {
namespace {

// Fake credentials are assembled from pieces so that this file itself never holds a string a
// secret scanner would report (the same reason docs/rules.md shows them redacted).
const std::string kAlnum36 = "abcdefghijklmnopqrstuvwxyz0123456789";
const std::string kAwsKeyId = std::string("AK") + "IA" + "ABCDEFGHIJKLMNOP";
const std::string kAwsSecret = kAlnum36 + "ABCD";
const std::string kGithub = std::string("gh") + "p_" + kAlnum36;
const std::string kNpm = std::string("np") + "m_" + kAlnum36;
const std::string kStripe = std::string("sk_") + "live_" + "abcdefghijklmnopqrstuvwx0123";

const FindingsEngine& defaults() {
  static const FindingsEngine engine = [] {
    Diagnostics diags;
    Result<FindingsEngine> e = FindingsEngine::defaults(diags);
    EXPECT_TRUE(e.ok()) << (diags.empty() ? "" : diags.items()[0].message);
    return std::move(e).value();
  }();
  return engine;
}

ScanHits scan(std::string_view text, const FindingsEngine& e = defaults(),
              ScanTarget target = ScanTarget::kContent, FindingOptions options = {},
              std::string_view source = "src/app.ts") {
  ScanHits hits;
  e.scan(text, source, target, options, hits);
  return hits;
}

// Rule ids of the findings, and of the counts, in output order.
std::vector<std::string> rules_of(const ScanHits& h) {
  std::vector<std::string> ids;
  for (const SourceFinding& f : h.findings) {
    ids.push_back(f.rule);
  }
  for (const SourceCount& c : h.counts) {
    ids.push_back(c.rule + "=" + c.key);
  }
  return ids;
}

bool fires(std::string_view rule, std::string_view text) {
  ScanHits h = scan(text);
  return std::any_of(h.findings.begin(), h.findings.end(),
                     [&](const SourceFinding& f) { return f.rule == rule; }) ||
         std::any_of(h.counts.begin(), h.counts.end(),
                     [&](const SourceCount& c) { return c.rule == rule; });
}

Result<FindingsEngine> compile(std::string_view json, Diagnostics& diags) {
  return FindingsEngine::compile(json, "test.json", diags);
}

struct Example {
  std::string rule;
  std::string hit;   // an obviously fake example the rule reports
  std::string miss;  // a near miss it must not report
};

std::vector<Example> examples() {
  return {
      {"aws-access-key-id", "const id = '" + kAwsKeyId + "';",
       "const id = '" + kAwsKeyId.substr(0, 19) + "';"},
      {"aws-secret-access-key", "aws_secret_access_key = \"" + kAwsSecret + "\"",
       "aws_secret_access_key = \"" + kAwsSecret.substr(0, 39) + "\""},
      {"github-token", "token: '" + kGithub + "'", "token: 'ghx_" + kAlnum36 + "'"},
      {"gitlab-token", std::string("gl") + "pat-abcdefghij0123456789", "glpat-abcdefghij012345678"},
      {"slack-token", std::string("xo") + "xb-1234567890-abcdefghijKLMNOP",
       "xoxz-1234567890-abcdefghijKLMNOP"},
      {"slack-webhook",
       "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx",
       "https://hooks.slack.com/services/T000/B000"},
      {"stripe-secret-key", "stripe(\"" + kStripe + "\")",
       "stripe(\"sk_test_abcdefghijklmnopqrstuvwx0123\")"},
      {"google-api-key", std::string("AI") + "za" + kAlnum36.substr(0, 35),
       "AIza" + kAlnum36.substr(0, 34)},
      {"npm-token", "//registry.npmjs.org/:_authToken=" + kNpm, "npm_" + kAlnum36.substr(0, 35)},
      {"private-key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA" + kAlnum36 + "\n",
       "const HEADER = '-----BEGIN RSA PRIVATE KEY-----';"},
      {"jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnopqrstuvwxyz012345",
       "eyJhbGciOiJIUzI1NiJ9.notjson.abcdefghijklmnopqrstuvwxyz012345"},
      {"connection-string-password",
       "DATABASE_URL=postgres://app:Xk9mQ2vL7p@db.prod.internal:5432/app",
       "postgres://user:password@localhost/db"},
      {"url-password", "fetch('https://deploy:Zr8Kq2mW5n@registry.acme.io/')",
       "https://registry.acme.io:8443/x"},
      {"generic-secret", "const password = \"Tr0ub4dor&3x\";",
       "const password = \"password-input\";"},
      {"internal-host", "const api = 'https://wiki.acme.corp/display';",
       "const api = 'https://acme.com/x';"},
      {"private-ip-url", "fetch('http://10.0.12.7:8080/health')",
       "fetch('http://172.32.0.1/health')"},
      {"email-address", "// ask alice.smith@acme-corp.io", "<img src=\"logo@2x.png\">"},
      {"home-directory", "at /Users/alice/src/app.ts:3:7", "at /home/user/src/app.ts:3:7"},
      {"todo-marker", "// TODO: cache", "// TODOS are listed in todos.md"},
      {"confidential-marker", "// ACME Corp. CONFIDENTIAL - do not share",
       "client_type: \"confidential\""},
      {"license-header", "Copyright 2024 Acme. All rights reserved.", "all rights are ours"},
      {"env-var", "const url = process.env.API_URL;", "const e = process.environment;"},
      {"feature-flag", "if (useFeatureFlag(\"new-nav\")) {}", "if (isEnabled(flag)) {}"},
  };
}

TEST(FindingsTest, EveryDefaultRuleHasAnExample) {
  std::set<std::string> covered;
  for (const Example& ex : examples()) {
    covered.insert(ex.rule);
  }
  for (const Rule& r : defaults().rules()) {
    EXPECT_TRUE(covered.count(r.id)) << r.id;
  }
  EXPECT_EQ(defaults().rule_count(), covered.size());
}

TEST(FindingsTest, EachDefaultRuleFiresOnItsExampleAndNotOnTheNearMiss) {
  for (const Example& ex : examples()) {
    EXPECT_TRUE(fires(ex.rule, ex.hit)) << ex.rule << " on: " << ex.hit;
    EXPECT_FALSE(fires(ex.rule, ex.miss)) << ex.rule << " on: " << ex.miss;
  }
}

TEST(FindingsTest, DefaultRulesSkipPlaceholdersButNotDocumentedExampleKeys) {
  // AWS's and Slack's documented example credentials are reported: they are shaped like live ones
  // and samples/ relies on it; an allowlist entry drops them where they are known to be harmless.
  EXPECT_TRUE(fires("aws-access-key-id", "AKIAIOSFODNN7EXAMPLE"));
  EXPECT_TRUE(
      fires("slack-webhook",
            "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"));
  EXPECT_FALSE(fires("github-token", std::string("gh") + "p_" + std::string(36, 'x')));
  EXPECT_FALSE(fires("email-address", "mail me: jane@example.com"));
  EXPECT_FALSE(fires("email-address", "git clone git@github.com:acme/app.git"));
  EXPECT_FALSE(fires("connection-string-password", "mongodb://root:${DB_PASSWORD}@mongo:27017"));
  EXPECT_FALSE(fires("generic-secret", "const token = \"abcdefghijkl\";"));  // no digit
  EXPECT_FALSE(fires("internal-host", "this.local = 1; x.localhost"));
}

TEST(FindingsTest, ValuesAreWhatExtractSelects) {
  ScanHits h = scan(
      "const a = process.env.API_URL, b = process.env['DB_HOST'];\n"
      "featureFlag('beta-ui'); import.meta.env.VITE_KEY;");
  EXPECT_EQ(rules_of(h), (std::vector<std::string>{"env-var=API_URL", "env-var=DB_HOST",
                                                   "env-var=VITE_KEY", "feature-flag=beta-ui"}));
  ScanHits c = scan("postgres://app:Xk9mQ2vL7p@db.prod.internal:5432/app");
  ASSERT_FALSE(c.findings.empty());
  EXPECT_EQ(c.findings[0].redacted, "postgres://app:Xk\xE2\x80\xA6(10 chars)@db.prod.internal");
}

TEST(FindingsTest, LeftClassExtendsAMatchToTheTokenStart) {
  ScanHits h = scan("x = \"bob.smith+ci@acme-corp.io\"; y = redis.prod.internal:6379");
  ASSERT_EQ(h.findings.size(), 2u);
  EXPECT_EQ(h.findings[0].redacted, "bob.smith+ci@acme-corp.io");
  EXPECT_EQ(h.findings[1].redacted, "redis.prod.internal:6379");
}

TEST(FindingsTest, LinesAndColumnsCountCodePointsAndNewlinesOnly) {
  // "\xC3\xA9" (e acute) is 2 bytes and the emoji 4, each one column; "\r\n" ends one line.
  std::string text = "a\r\nb\r\n\xC3\xA9\xF0\x9F\x98\x80 id='" + kAwsKeyId + "'\r\n";
  text += "\n\t// TODO\n   " + kGithub;
  ScanHits h = scan(text);
  ASSERT_EQ(h.findings.size(), 2u);
  EXPECT_EQ(h.findings[0].rule, "aws-access-key-id");
  EXPECT_EQ(h.findings[0].line, 3u);
  EXPECT_EQ(h.findings[0].column, 8u);
  EXPECT_EQ(text.substr(h.findings[0].offset, h.findings[0].length), kAwsKeyId);
  EXPECT_EQ(h.findings[1].rule, "github-token");
  EXPECT_EQ(h.findings[1].line, 6u);
  EXPECT_EQ(h.findings[1].column, 4u);
  EXPECT_EQ(text.substr(h.findings[1].offset, h.findings[1].length), kGithub);
}

TEST(FindingsTest, ColumnsOnOneLongLineAndAtOffsetZero) {
  std::string text = kNpm;
  for (int i = 0; i < 50; ++i) {
    text += " " + std::string(1000, 'x') + " " + kNpm;
  }
  ScanHits h = scan(text);
  ASSERT_EQ(h.findings.size(), 51u);
  for (size_t i = 0; i < h.findings.size(); ++i) {
    EXPECT_EQ(h.findings[i].line, 1u);
    EXPECT_EQ(h.findings[i].column, 1 + i * (1002 + kNpm.size()));
    EXPECT_EQ(h.findings[i].offset, h.findings[i].column - 1);
  }
}

TEST(FindingsTest, InvalidUtf8CountsEveryNonContinuationByte) {
  // 0xFF and 0xFE count one column each, the stray continuation byte 0x80 none.
  std::string text = std::string("\xFF\xFE\x80 ") + kNpm;
  ScanHits h = scan(text);
  ASSERT_EQ(h.findings.size(), 1u);
  EXPECT_EQ(h.findings[0].column, 4u);
  EXPECT_EQ(h.findings[0].offset, 4u);
}

TEST(FindingsTest, FindingsAreOrderedByOffsetThenRule) {
  // The token is both a github-token and a generic-secret value; both start at different
  // offsets, and the later e-mail address comes last.
  ScanHits h = scan("x; token = '" + kGithub + "'; y = 'ann@acme-corp.io'");
  EXPECT_EQ(rules_of(h),
            (std::vector<std::string>{"generic-secret", "github-token", "email-address"}));
  for (size_t i = 1; i < h.findings.size(); ++i) {
    EXPECT_LE(h.findings[i - 1].offset, h.findings[i].offset);
  }
}

TEST(FindingsTest, RedactionShowsAtMostFourCharactersOfASecret) {
  EXPECT_EQ(redact_secret(kAwsKeyId), "AKIA\xE2\x80\xA6(20 chars)");
  EXPECT_EQ(redact_secret("hunter22"), "hu\xE2\x80\xA6(8 chars)");
  EXPECT_EQ(redact_secret("abc"), "\xE2\x80\xA6(3 chars)");
  EXPECT_EQ(redact_secret("a"), "\xE2\x80\xA6(1 char)");
  EXPECT_EQ(redact_secret(""), "\xE2\x80\xA6(0 chars)");
  // Code points, not bytes: 8 two-byte characters show 2 of them.
  EXPECT_EQ(redact_secret("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"),
            "\xC3\xA9\xC3\xA9\xE2\x80\xA6(8 chars)");
  // Stray continuation bytes are never shown in bulk.
  EXPECT_EQ(redact_secret(std::string(40, '\x80')), "\xE2\x80\xA6(0 chars)");
  EXPECT_LE(redact_secret(std::string(16, '\x80') + "abcdefghijklmnop").size(), 16u + 20u);
}

TEST(FindingsTest, ReportedSecretsNeverLeakMoreThanTheirPrefix) {
  const std::string ellipsis = "\xE2\x80\xA6(";
  size_t checked = 0;
  for (const Example& ex : examples()) {
    ScanHits redacted = scan(ex.hit);
    ScanHits shown = scan(ex.hit, defaults(), ScanTarget::kContent, {.show_secrets = true});
    ASSERT_EQ(redacted.findings.size(), shown.findings.size());
    for (size_t i = 0; i < redacted.findings.size(); ++i) {
      const std::string& r = redacted.findings[i].redacted;
      const std::string& full = shown.findings[i].redacted;
      if (!redacted.findings[i].secret) {
        EXPECT_EQ(r, full);
        continue;
      }
      // r = before + prefix + "...(N chars)" + after, full = before + value + after (ASCII).
      const size_t at = r.find(ellipsis);
      ASSERT_NE(at, std::string::npos) << r;
      const size_t close = r.find(" chars)", at);
      ASSERT_NE(close, std::string::npos) << r;
      const size_t n = std::stoul(r.substr(at + ellipsis.size()));
      const size_t after = r.size() - (close + 7);
      ASSERT_LE(after + n, full.size());
      const std::string value = full.substr(full.size() - after - n, n);
      const size_t before = full.size() - after - n;
      const std::string prefix = r.substr(before, at - before);
      EXPECT_LE(prefix.size(), std::min<size_t>(4, n / 4)) << ex.rule << ": " << r;
      EXPECT_EQ(value.substr(0, prefix.size()), prefix);
      for (size_t k = 1; k + 5 <= value.size(); ++k) {
        EXPECT_EQ(r.find(value.substr(k, 5)), std::string::npos) << ex.rule << ": " << r;
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 13u);  // every secret rule's example
}

TEST(FindingsTest, SecretsAreNeverShownThroughOtherRules) {
  // The e-mail rule sees "Xk9mQ2vL7p@db.prod.internal" inside the connection string: dropped.
  ScanHits c = scan("postgres://app:Xk9mQ2vL7p@db.prod.internal:5432/app");
  EXPECT_EQ(rules_of(c), (std::vector<std::string>{"connection-string-password", "internal-host"}));
  // The host rule's match holds the URL's password: shown masked.
  ScanHits u = scan("fetch('https://deploy:Zr8Kq2mW5n@build.acme.corp:8443/x')");
  ASSERT_EQ(rules_of(u), (std::vector<std::string>{"internal-host", "url-password"}));
  EXPECT_EQ(u.findings[0].redacted,
            "https://deploy:\xE2\x80\xA6(10 bytes hidden)@build.acme.corp:8443");
  // Also when the secret itself is allowlisted.
  FindingsEngine e = [] {
    Diagnostics diags;
    Result<FindingsEngine> r = compile(R"({"version": 1, "extends": "defaults"})", diags);
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(r.value()
                    .load_allowlist(R"({"version": 1, "allow": [{"rule": "url-password"}]})",
                                    "allow.json", diags)
                    .ok());
    return std::move(r).value();
  }();
  ScanHits a = scan("fetch('https://deploy:Zr8Kq2mW5n@build.acme.corp:8443/x')", e);
  ASSERT_EQ(rules_of(a), std::vector<std::string>{"internal-host"});
  EXPECT_EQ(a.findings[0].redacted, u.findings[0].redacted);
  EXPECT_EQ(a.suppressed, 1u);
}

TEST(FindingsTest, ShowSecretsShowsTheMatch) {
  ScanHits h =
      scan("k = '" + kStripe + "'", defaults(), ScanTarget::kContent, {.show_secrets = true});
  ASSERT_FALSE(h.findings.empty());
  EXPECT_EQ(h.findings[0].redacted, kStripe);
}

TEST(FindingsTest, FingerprintIsTheDocumentedHashAndIgnoresPosition) {
  ScanHits a = scan("token = '" + kGithub + "'");
  ScanHits b = scan("\n\n\n    other(); token = '" + kGithub + "'");
  ScanHits c = scan("token = '" + kGithub + "'", defaults(), ScanTarget::kContent, {}, "src/b.ts");
  ASSERT_EQ(a.findings.size(), 2u);  // generic-secret and github-token
  const SourceFinding& f = a.findings[1];
  EXPECT_EQ(f.rule, "github-token");
  EXPECT_EQ(f.fingerprint, finding_fingerprint("github-token", "src/app.ts", kGithub));
  std::string input = "github-token";
  input += '\0';
  input += "src/app.ts";
  input += '\0';
  input += kGithub;
  EXPECT_EQ(f.fingerprint, reconstruct::sha256_hex(input).substr(0, 16));
  EXPECT_EQ(b.findings[1].fingerprint, f.fingerprint);
  EXPECT_NE(b.findings[1].line, f.line);
  EXPECT_NE(c.findings[1].fingerprint, f.fingerprint);  // another file, another finding
}

TEST(FindingsTest, AggregateRulesCountPerValueAndMergeAcrossCalls) {
  ScanHits h = scan("// TODO a\n// FIXME b\n// TODO c\n/* HACK */ XXX\n");
  EXPECT_TRUE(h.findings.empty());
  std::vector<SourceCount> want = {{"todo-marker", "FIXME", 1},
                                   {"todo-marker", "HACK", 1},
                                   {"todo-marker", "TODO", 2},
                                   {"todo-marker", "XXX", 1}};
  EXPECT_EQ(h.counts, want);
  defaults().scan("TODO; process.env.HOME", "src/app.ts", ScanTarget::kContent, {}, h);
  want.insert(want.begin(), {"env-var", "HOME", 1});
  want[3].count = 3;
  EXPECT_EQ(h.counts, want);
}

TEST(FindingsTest, AggregateKeysPastTheLimitGoToOthers) {
  std::string text;
  for (int i = 0; i < 10; ++i) {
    text += "process.env.VAR_" + std::to_string(i) + ";\n";
  }
  ScanHits h = scan(text, defaults(), ScanTarget::kContent, {.max_keys_per_rule = 4});
  ASSERT_EQ(h.counts.size(), 5u);
  EXPECT_EQ(h.counts[0].key, "VAR_0");
  EXPECT_EQ(h.counts[4].key, "[others]");
  EXPECT_EQ(h.counts[4].count, 6u);
}

TEST(FindingsTest, PathsAreScannedOnlyByPathRules) {
  // home-directory has target "any"; e-mail addresses are content-only.
  ScanHits h =
      scan("webpack:///Users/alice/app/src/bob@acme-corp.io/x.ts", defaults(), ScanTarget::kPath);
  ASSERT_EQ(h.findings.size(), 1u);
  EXPECT_EQ(h.findings[0].rule, "home-directory");
  EXPECT_EQ(h.findings[0].column, 11u);
  EXPECT_EQ(h.findings[0].redacted, "/Users/alice/");
  EXPECT_TRUE(fires("home-directory", R"(const p = "C:\\Users\\bob\\proj\\a.ts";)"));
  EXPECT_TRUE(scan("C:/Users/bob/proj/a.ts", defaults(), ScanTarget::kPath).findings.size() == 1);
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
  Result<FindingsEngine> e = compile(kSmallRules, diags);
  EXPECT_TRUE(e.ok());
  return std::move(e).value();
}

TEST(FindingsEngineTest, BigInputsAreCappedPerRuleAndCounted) {
  std::string line = "k: '" + kGithub + "',\n";
  std::string text;
  text.reserve(8u << 20);
  u64 lines = 0;
  while (text.size() + line.size() <= (8u << 20)) {
    text += line;
    ++lines;
  }
  ScanHits h = scan(text);
  ASSERT_EQ(h.findings.size(), 1000u);
  EXPECT_EQ(h.capped, lines - 1000);
  EXPECT_EQ(h.findings.back().line, 1000u);
  EXPECT_EQ(h.findings.back().column, 5u);
}

TEST(FindingsEngineTest, BinaryInputIsScannedWithoutTrouble) {
  std::string bytes(1u << 20, '\0');
  u64 state = 0x243F6A8885A308D3ULL;
  for (char& c : bytes) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    c = static_cast<char>(state);
  }
  const size_t at = 500000;
  bytes.replace(at, kNpm.size() + 2, " " + kNpm + " ");
  ScanHits h = scan(bytes);
  auto it = std::find_if(h.findings.begin(), h.findings.end(),
                         [](const SourceFinding& f) { return f.rule == "npm-token"; });
  ASSERT_NE(it, h.findings.end());
  EXPECT_EQ(it->offset, at + 1);
  EXPECT_EQ(scan(std::string_view()).findings.size(), 0u);
}

TEST(FindingsEngineTest, ConcurrentScansMatchSequentialOnes) {
  std::vector<std::string> texts;
  texts.reserve(64);
  for (size_t i = 0; i < 64; ++i) {
    texts.push_back(std::string(i * 37, ' ') + "// TODO " + std::to_string(i) + "\nk = '" + kNpm +
                    "'; ann" + std::to_string(i) + "@acme-corp.io process.env.V" +
                    std::to_string(i % 5));
  }
  std::vector<ScanHits> serial(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    serial[i] = scan(texts[i]);
  }
  std::vector<ScanHits> concurrent(texts.size());
  parallel::parallel_for(parallel::Range(0, texts.size() * 4, 1), [&](const parallel::Range& r) {
    for (size_t k = r.begin(); k != r.end(); ++k) {
      const size_t i = k % texts.size();
      ScanHits h = scan(texts[i]);
      if (k < texts.size()) {
        concurrent[i] = std::move(h);
      }
    }
  });
  for (size_t i = 0; i < texts.size(); ++i) {
    ASSERT_EQ(concurrent[i].findings.size(), serial[i].findings.size());
    for (size_t j = 0; j < serial[i].findings.size(); ++j) {
      EXPECT_EQ(concurrent[i].findings[j].fingerprint, serial[i].findings[j].fingerprint);
      EXPECT_EQ(concurrent[i].findings[j].column, serial[i].findings[j].column);
    }
    EXPECT_EQ(concurrent[i].counts, serial[i].counts);
  }
}

TEST(FindingsEngineTest, EnginesMove) {
  FindingsEngine a = small_engine();
  FindingsEngine b = std::move(a);
  EXPECT_EQ(scan("tok_abcd1234", b).findings.size(), 1u);
  a = std::move(b);
  EXPECT_EQ(scan("tok_abcd1234", a).findings.size(), 1u);
  EXPECT_EQ(a.rule_count(), 2u);
  ASSERT_NE(a.find_rule("mail"), nullptr);
  EXPECT_EQ(a.find_rule("mail")->severity, RuleSeverity::kLow);
  EXPECT_EQ(a.find_rule("nope"), nullptr);
}

// One custom rule, compiled on the spot.
FindingsEngine one_rule(const std::string& fields) {
  Diagnostics diags;
  Result<FindingsEngine> e =
      compile(R"({"version": 1, "rules": [{"id": "r", )" + fields + "}]}", diags);
  EXPECT_TRUE(e.ok()) << (diags.empty() ? fields : diags.items()[0].message);
  return std::move(e).value();
}

// fuzz_rules: libstdc++ parses a back-reference number or a {n,m} bound into a long without an
// overflow check (undefined behaviour under UBSan); such a pattern is refused before it gets there.
TEST(FindingsEngineTest, RegexNumbersStdRegexWouldOverflowOnAreRefused) {
  const std::pair<const char*, const char*> bad[] = {
      {"extract", R"(\\1111111111111111111)"},
      {"extract", R"(a{1111111111111111111})"},
      {"extract", R"(a{1,99999999999999999999})"},
      {"left_class", R"([\\1111111111111111111])"},
  };
  for (const auto& [field, pattern] : bad) {
    Diagnostics diags;
    const std::string fields =
        std::string(R"("regex": "k_[a-z]+", ")") + field + R"(": ")" + pattern + "\"";
    EXPECT_FALSE(compile(R"({"version": 1, "rules": [{"id": "r", )" + fields + "}]}", diags).ok())
        << fields;
    ASSERT_FALSE(diags.empty()) << fields;
    EXPECT_NE(diags.items()[0].message.find("more than 9 digits"), std::string::npos)
        << diags.items()[0].message;
  }
  // Nine digits, an escaped backslash before digits, and digits outside braces are fine.
  one_rule(R"j("regex": "k_[a-z]+", "extract": "k_(a{000000001,000000002})")j");
  one_rule(R"("regex": "k_[a-z]+", "extract": "\\\\1234567890|x1234567890,1234567890")");
}

TEST(FindingsEngineTest, KeywordsMustOccurInTheMatchIgnoringCase) {
  FindingsEngine e = one_rule(R"("regex": "key_[A-Za-z]+", "keywords": ["secret", "pass"])");
  EXPECT_EQ(scan("key_SecretThing key_plain key_PASSx", e).findings.size(), 2u);
}

TEST(FindingsEngineTest, EntropyIsMeasuredOnTheValue) {
  FindingsEngine e = one_rule(R"("regex": "val_[a-z0-9]+", "extract": "_(.+)$", "entropy": 3.0)");
  ScanHits h = scan("val_aaaaaaaaaaaa val_a1b2c3d4e5f6", e);
  ASSERT_EQ(h.findings.size(), 1u);
  EXPECT_EQ(h.findings[0].offset, 17u);
  EXPECT_DOUBLE_EQ(shannon_entropy(""), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abab"), 1.0);
  std::string all(256, '\0');
  for (int i = 0; i < 256; ++i) {
    all[i] = static_cast<char>(i);
  }
  EXPECT_DOUBLE_EQ(shannon_entropy(all), 8.0);
}

TEST(FindingsEngineTest, StopwordsDropValuesContainingThem) {
  FindingsEngine e = one_rule(R"("regex": "(?i)id=[a-z]+", "stopwords": ["Dummy"])");
  EXPECT_EQ(scan("id=realone id=xDUMMYx", e).findings.size(), 1u);
}

TEST(FindingsEngineTest, LeftClassStopsAfter256Bytes) {
  FindingsEngine e = one_rule(R"("regex": "@x\\.io\\b", "left_class": "[a-z]")");
  EXPECT_EQ(scan(" " + std::string(256, 'a') + "@x.io", e).findings.size(), 1u);
  EXPECT_EQ(scan(" " + std::string(257, 'a') + "@x.io", e).findings.size(), 0u);
}

TEST(FindingsEngineTest, RegexArraysAreAlternativesOfOneRule) {
  FindingsEngine e = one_rule(R"("regex": ["alpha[0-9]", "beta[0-9]"], "aggregate": true)");
  ScanHits h = scan("alpha1 beta2 alpha1", e);
  EXPECT_EQ(h.counts, (std::vector<SourceCount>{{"r", "alpha1", 2}, {"r", "beta2", 1}}));
}

TEST(FindingsEngineTest, MatchesLongerThanTheLimitAreIgnored) {
  FindingsEngine e = one_rule(R"("regex": "BEGIN[^\\n]*END")");
  EXPECT_EQ(scan("BEGIN" + std::string(100, '.') + "END", e).findings.size(), 1u);
  EXPECT_EQ(scan("BEGIN" + std::string(kMaxMatchBytes, '.') + "END", e).findings.size(), 0u);
}

TEST(FindingsEngineTest, ExtractHandlesTheLongestMatchesOnWorkerThreads) {
  // Regression: libstdc++'s depth-first std::regex recursed once per byte and overflowed a TBB
  // worker's stack on this match under ASan; extract now runs the breadth-first executor.
  FindingsEngine e = one_rule(R"("regex": "BEGIN[^\n]*END", "extract": "BEGIN((?:a|b|[^x])*)END",
                                  "secret": true)");
  const std::string text = "BEGIN" + std::string(kMaxMatchBytes - 8, 'a') + "END";
  std::vector<size_t> found(8);
  // parallel_for is TBB's except under TSan, which cannot see TBB's hand-offs (parsers/parallel.h).
  parallel::parallel_for(parallel::Range(0, found.size(), 1), [&](const parallel::Range& r) {
    for (size_t i = r.begin(); i != r.end(); ++i) found[i] = scan(text, e).findings.size();
  });
  EXPECT_EQ(found, std::vector<size_t>(8, 1));
}

TEST(FindingsEngineTest, PathRulesIgnoreContent) {
  FindingsEngine e = one_rule(R"("regex": "secret-dir/", "target": "path")");
  EXPECT_EQ(scan("secret-dir/x", e).findings.size(), 0u);
  EXPECT_EQ(scan("secret-dir/x", e, ScanTarget::kPath).findings.size(), 1u);
}

TEST(FindingsEngineTest, LongMatchesAreShortenedForDisplay) {
  FindingsEngine e = one_rule(R"("regex": "BEGIN[^\\n]*END")");
  ScanHits h = scan("BEGIN" + std::string(1000, '.') + "END", e);
  ASSERT_EQ(h.findings.size(), 1u);
  EXPECT_EQ(h.findings[0].redacted,
            "BEGIN" + std::string(kMaxShownBytes - 5, '.') + "\xE2\x80\xA6");
}

}  // namespace
}  // namespace mapsleuth::analyzer
