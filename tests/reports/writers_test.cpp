// Tests the report writers (reports/*_writer.cpp) on a Report built by hand: hostile names (NUL,
// ESC, CR, invalid UTF-8, HTML/script injection, U+2028, bidi overrides, CSV formulas) must leave
// every report well-formed and inert (hostile/README.md cases R01, R03, R04), and a small normal
// Report must give the committed golden files byte for byte (tests/reports/golden/; regenerate with
// MAPSLEUTH_UPDATE_GOLDEN=1 and review the diff, STYLE R16).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "parsers/json_string.h"
#include "reports/format.h"

namespace mapsleuth::reports {
namespace {

Finding simple_finding(std::string rule, std::string severity, std::string source, u64 line,
                       std::string fingerprint) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = std::move(severity);
  f.source = std::move(source);
  f.line = line;
  f.column = 1;
  f.fingerprint = std::move(fingerprint);
  f.redacted = "x...y";
  return f;
}

using namespace std::string_literals;
using nlohmann::json;

std::string render(Format f, const Report& r) {
  std::ostringstream os;
  write_report(f, r, os);
  return os.str();
}

std::string repaired(std::string_view s) {
  std::string out;
  parsers::repair_utf8(s, out);
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// Names an attacker controls, as they arrive from maps, archives and the command line.
std::vector<std::string> hostile_names() {
  return {
      "a\0b.js"s,
      "\x1b]2;pwned\x07title.js",
      "\x1b[31mred.js",
      "cr\rname.js",
      "tab\tname.js",
      "bs\bname.js",
      "new\nline.js",
      "bad\xff\xfe.js",
      "overlong\xc0\xaf.js",
      "cesu\xed\xa0\x80.js",
      "\"><img src=x onerror=alert(1)>.js",
      "</script><script>alert(1)</script>.js",
      "'><svg onload=alert(3)>.js",
      "<SVG ONLOAD=alert(4)>.js",
      "line\xe2\x80\xa8sep.js",
      "\xe2\x80\xae"
      "sj.exe",
      "=HYPERLINK(\"http://x\",\"y\")",
      "+cmd|' /C calc'!A0",
      "@SUM(1)",
      "-2+3",
      "pipe|star*under_score`tick[br]#hash",
      "csi\xc2\x9b"
      "31m.js",
      "webpack:///./src/a b?.js",
      "```fence```.js",
  };
}

Report hostile_report() {
  std::vector<std::string> names = hostile_names();
  Report r;
  r.tool_version = "0.1.0";
  r.options = {
      {"jobs", "4"}, {"first-party", names[10]}, {"first-party", names[0]}, {names[1], names[7]}};
  r.command_line = {"mapsleuth", "scan", names[7], names[1], "--out", names[6]};
  for (size_t i = 0; i < 3; ++i) {
    InputRecord in;
    in.path = names[i * 5];
    in.kind = "tgz";
    in.bytes = 1000 + i;
    in.sha256 = std::string(64, 'a');
    in.status = i == 2 ? "failed" : "ok";
    if (i == 1) in.package = Package{names[11], names[12]};
    r.inputs.push_back(in);
  }
  for (size_t i = 0; i < 4; ++i) {
    MapRecord m;
    m.input = names[i];
    m.path = names[(i + 10) % names.size()];
    m.origin = i % 2 ? "inline" : "file";
    m.linked_from = {names[i + 1], names[i + 2]};
    m.bytes = 5000 * (i + 1);
    m.sha256 = std::string(64, 'b');
    m.sources = 3;
    r.maps.push_back(m);
  }
  const char* classes[] = {"first_party", "dependency", "bundler", "virtual", names[13].c_str()};
  for (size_t i = 0; i < names.size(); ++i) {
    SourceRecord s;
    s.input = names[(i + 3) % names.size()];
    s.path = names[i];
    s.resolved = names[(i + 1) % names.size()];
    if (i % 3 != 2) s.file = names[(i + 2) % names.size()];
    if (i % 3 != 2) s.sha256 = std::string(64, 'c');
    s.bytes = 100 * (i + 1);
    s.lines = 10 + i;
    s.code_lines = 5 + i;
    s.cls = classes[i % 5];
    if (i % 5 == 1) s.package = names[(i + 4) % names.size()];
    s.rule = names[(i + 5) % names.size()];
    s.maps = {names[(i + 6) % names.size()]};
    s.shipped = i % 2 ? "no" : "identical";
    s.is_public = i % 2 == 0;
    s.public_reason = names[(i + 7) % names.size()];
    r.sources.push_back(s);
  }
  r.exposure.verdict = "high";
  r.exposure.first_party_sources = 7;
  for (size_t i = 0; i < 20; ++i) {
    r.exposure.by_directory.push_back({names[i % names.size()], i, 100 * (20 - i), 10 * i, i});
  }
  const char* severities[] = {"critical", "medium", "info", names[2].c_str()};
  for (size_t i = 0; i < names.size(); ++i) {
    Finding f;
    f.rule = names[(i + 1) % names.size()];
    f.severity = severities[i % 4];
    f.source = names[i];
    f.line = i;  // 0 for the first: SARIF must still say 1
    f.column = i % 2;
    f.fingerprint = names[(i + 2) % names.size()];
    f.redacted = names[(i + 3) % names.size()];
    f.message = names[(i + 4) % names.size()];
    r.findings.push_back(f);
  }
  const char* codes[] = {"F_SOURCE_REROOTED", "E_VLQ_OVERFLOW", "W_JSON_BOM", "E_MAP_VERSION"};
  const char* diag_severities[] = {"warning", "error", "warning", "info"};
  for (size_t i = 0; i < names.size(); ++i) {
    DiagnosticRecord d;
    d.code = codes[i % 4];
    d.severity = diag_severities[i % 4];
    d.input = names[i];
    if (i % 2) d.entry = names[(i + 1) % names.size()];
    d.message = names[(i + 2) % names.size()];
    r.diagnostics.push_back(d);
  }
  return r;
}

/// A small, plausible scan of an npm tarball: the golden report.
Report normal_report() {
  Report r;
  r.tool_version = "0.1.0";
  r.options = {{"jobs", "4"}, {"first-party", "src/**"}};
  r.command_line = {"mapsleuth", "scan", "acme-cli-1.4.2.tgz", "--out", "out", "--jobs", "4"};
  InputRecord in;
  in.path = "acme-cli-1.4.2.tgz";
  in.kind = "tgz";
  in.bytes = 48213;
  in.sha256 = "3f1c8a0e5b7d9f2a4c6e8b0d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a";
  in.package = Package{"acme-cli", "1.4.2"};
  r.inputs.push_back(in);

  r.totals = {412, 2, 1, 1, 0, 187334, 7, 6, 160512, 4217, 812, 20411, 61022, 4};
  MapRecord m1;
  m1.input = in.path;
  m1.path = "package/dist/cli.js.map";
  m1.linked_from = {"package/dist/cli.js"};
  m1.bytes = 180220;
  m1.sha256 = "9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9";
  m1.sources = 6;
  m1.sources_with_content = 5;
  m1.sc_bytes = 155000;
  m1.sc_lines = 4100;
  m1.names = 800;
  m1.segments = 20000;
  m1.gen_lines = 3;
  m1.mappings_bytes = 60000;
  m1.diagnostics = 1;
  MapRecord m2;
  m2.input = in.path;
  m2.path = "package/dist/worker.js#inline";
  m2.origin = "inline";
  m2.linked_from = {"package/dist/worker.js"};
  m2.bytes = 7114;
  m2.sha256 = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
  m2.sources = 1;
  m2.sources_with_content = 1;
  m2.sc_bytes = 5512;
  m2.sc_lines = 117;
  m2.names = 12;
  m2.segments = 411;
  m2.gen_lines = 1;
  m2.mappings_bytes = 1022;
  r.maps = {m1, m2};

  auto source = [&](std::string path, std::string file, std::string cls, u64 bytes, u64 lines,
                    std::string map) {
    SourceRecord s;
    s.input = in.path;
    s.path = path;
    s.resolved = path;
    s.file = std::move(file);
    s.sha256 = std::string(64, static_cast<char>('0' + lines % 10));
    s.bytes = bytes;
    s.lines = lines;
    s.code_lines = lines * 3 / 4;
    s.comment_lines = lines / 10;
    s.blank_lines = lines - s.code_lines - s.comment_lines;
    s.cls = std::move(cls);
    s.rule = "default";
    s.maps = {std::move(map)};
    s.generated_bytes = bytes / 3;
    return s;
  };
  r.sources.push_back(source("webpack:///./src/index.ts", "webpack/src/index.ts", "first_party",
                             52110, 1310, m1.path));
  r.sources.push_back(source("webpack:///./src/commands/deploy.ts",
                             "webpack/src/commands/deploy.ts", "first_party", 61200, 1502,
                             m1.path));
  r.sources.push_back(source("webpack:///./src/lib/config.ts", "webpack/src/lib/config.ts",
                             "first_party", 9800, 260, m1.path));
  r.sources.back().shipped = "identical";
  r.sources.back().is_public = true;
  r.sources.back().public_reason = "shipped-identical";
  r.sources.push_back(source("webpack:///./node_modules/kleur/index.mjs",
                             "webpack/node_modules/kleur/index.mjs", "dependency", 26890, 1025,
                             m1.path));
  r.sources.back().package = "kleur@4.1.5";
  r.sources.back().rule = "node_modules";
  r.sources.push_back(
      source("webpack/bootstrap", "webpack/bootstrap", "bundler", 4999, 3, m1.path));
  r.sources.back().rule = "webpack-runtime";
  SourceRecord missing =
      source("webpack:///./src/generated/schema.ts", "", "first_party", 0, 0, m1.path);
  missing.file.reset();
  missing.sha256.reset();
  r.sources.push_back(missing);
  r.sources.push_back(
      source("../src/worker/main.ts", "_up/src/worker/main.ts", "first_party", 5512, 117, m2.path));

  Exposure& e = r.exposure;
  e.verdict = "medium";
  e.first_party_sources = 4;
  e.first_party_bytes = 128622;
  e.first_party_lines = 3189;
  e.first_party_code_lines = 2390;
  e.first_party_new_sources = 3;
  e.first_party_new_bytes = 118822;
  e.first_party_new_lines = 2929;
  e.dependency_sources = 1;
  e.dependency_packages = 1;
  e.by_directory = {{"src", 4, 128622, 3189, 2390}};
  r.attribution = {61022, 42943, 8963, 1666, 0, 6810, 640};
  auto finding = [&](std::string rule, std::string severity, std::string source_name, u64 line,
                     u64 column, std::string fingerprint, std::string redacted, std::string message,
                     bool secret) {
    Finding f;
    f.rule = std::move(rule);
    f.severity = std::move(severity);
    f.input = in.path;
    f.source = std::move(source_name);
    f.line = line;
    f.column = column;
    f.fingerprint = std::move(fingerprint);
    f.redacted = std::move(redacted);
    f.message = std::move(message);
    f.secret = secret;
    f.live_format = secret;
    return f;
  };
  r.findings = {finding("internal-hostname", "medium", "webpack:///./src/lib/config.ts", 12, 18,
                        "5d41402abc4b2a76", "buil...corp", "internal host name", false),
                finding("aws-access-key-id", "critical", "webpack:///./src/commands/deploy.ts", 88,
                        25, "7d793037a0760186", "AKIA...(20 chars)", "AWS access key ID", true)};
  r.diagnostics = {{"W_SOURCE_NO_CONTENT", "warning", in.path, m1.path,
                    "webpack:///./src/generated/schema.ts: source has no sourcesContent entry"},
                   {"F_SOURCE_REROOTED", "warning", in.path, m2.path,
                    "../src/worker/main.ts: source name re-rooted beneath a safe prefix"}};
  return r;
}

// --- hostile names
// --------------------------------------------------------------------------------

TEST(WritersHostileTest, NoWriterThrowsAndEveryOutputIsValidUtf8) {
  Report r = hostile_report();
  for (Format f : kAllFormats) {
    std::string out;
    EXPECT_NO_THROW(out = render(f, r)) << format_name(f);
    EXPECT_FALSE(out.empty()) << format_name(f);
    EXPECT_TRUE(parsers::is_valid_utf8(out)) << format_name(f);
  }
}

TEST(WritersHostileTest, EveryWriterIsDeterministic) {
  Report r = hostile_report();
  Report copy = r;
  for (Format f : kAllFormats) EXPECT_EQ(render(f, r), render(f, copy)) << format_name(f);
}

TEST(WritersHostileTest, JsonParsesAndRoundTripsNamesWithReplacementCharacters) {
  Report r = hostile_report();
  json j = json::parse(render(Format::kJson, r));
  ASSERT_EQ(j["sources"].size(), r.sources.size());
  for (size_t i = 0; i < r.sources.size(); ++i) {
    const json& s = j["sources"][i];
    EXPECT_EQ(s["path"].get<std::string>(), repaired(r.sources[i].path)) << i;
    EXPECT_EQ(s["input"].get<std::string>(), repaired(r.sources[i].input)) << i;
    EXPECT_EQ(s["class"].get<std::string>(), repaired(r.sources[i].cls)) << i;
    if (r.sources[i].file) {
      EXPECT_EQ(s["file"].get<std::string>(), repaired(*r.sources[i].file)) << i;
    } else {
      EXPECT_TRUE(s["file"].is_null()) << i;
      EXPECT_TRUE(s["sha256"].is_null()) << i;
    }
    EXPECT_EQ(s["public"].get<bool>(), r.sources[i].is_public);
  }
  EXPECT_EQ(j["sources"][0]["path"].get<std::string>(), "a\0b.js"s);
  EXPECT_EQ(j["sources"][7]["path"].get<std::string>(), "bad\xEF\xBF\xBD\xEF\xBF\xBD.js");
  for (size_t i = 0; i < r.findings.size(); ++i) {
    EXPECT_EQ(j["findings"][i]["source"].get<std::string>(), repaired(r.findings[i].source));
    EXPECT_EQ(j["findings"][i]["redacted"].get<std::string>(), repaired(r.findings[i].redacted));
  }
  for (size_t i = 0; i < r.diagnostics.size(); ++i) {
    const json& d = j["diagnostics"][i];
    EXPECT_EQ(d["input"].get<std::string>(), repaired(r.diagnostics[i].input));
    if (r.diagnostics[i].entry) {
      EXPECT_EQ(d["entry"].get<std::string>(), repaired(*r.diagnostics[i].entry));
    } else {
      EXPECT_TRUE(d["entry"].is_null());
    }
  }
  EXPECT_EQ(j["inputs"][1]["package"]["name"].get<std::string>(),
            repaired(r.inputs[1].package->name));
  EXPECT_TRUE(j["inputs"][0]["package"].is_null());
  EXPECT_EQ(j["command_line"][2].get<std::string>(), repaired(r.command_line[2]));
}

TEST(WritersHostileTest, JsonOptionsAreAnObjectWithRepeatedKeysAsArrays) {
  Report r = hostile_report();
  json j = json::parse(render(Format::kJson, r));
  ASSERT_TRUE(j["options"].is_object());
  EXPECT_EQ(j["options"]["jobs"], "4");
  ASSERT_TRUE(j["options"]["first-party"].is_array());
  EXPECT_EQ(j["options"]["first-party"][0].get<std::string>(), repaired(r.options[1].second));
  EXPECT_EQ(j["options"]["first-party"][1].get<std::string>(), "a\0b.js"s);
  EXPECT_EQ(j["options"].size(), 3u);
}

TEST(WritersHostileTest, SarifParsesWithTheRequiredProperties) {
  Report r = hostile_report();
  json j = json::parse(render(Format::kSarif, r));
  EXPECT_EQ(j["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(j["version"], "2.1.0");
  ASSERT_EQ(j["runs"].size(), 1u);
  const json& run = j["runs"][0];
  const json& driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"], "mapsleuth");
  EXPECT_EQ(driver["version"], "0.1.0");
  EXPECT_TRUE(driver["informationUri"].is_string());
  std::set<std::string> rule_ids;
  for (const json& rule : driver["rules"]) {
    EXPECT_TRUE(rule["id"].is_string());
    EXPECT_TRUE(rule["shortDescription"]["text"].is_string());
    EXPECT_TRUE(rule_ids.insert(rule["id"].get<std::string>()).second) << "duplicate rule id";
    std::string level = rule["defaultConfiguration"]["level"];
    EXPECT_TRUE(level == "error" || level == "warning" || level == "note") << level;
  }
  size_t expected_diagnostics = 0;
  for (const DiagnosticRecord& d : r.diagnostics) {
    if (d.code.starts_with("F_") || (d.code.starts_with("E_") && d.severity == "error")) {
      ++expected_diagnostics;
    }
  }
  ASSERT_EQ(run["results"].size(), r.findings.size() + expected_diagnostics);
  for (size_t i = 0; i < run["results"].size(); ++i) {
    const json& res = run["results"][i];
    std::string level = res["level"];
    EXPECT_TRUE(level == "error" || level == "warning" || level == "note") << level;
    EXPECT_TRUE(res["message"]["text"].is_string());
    size_t index = res["ruleIndex"];
    ASSERT_LT(index, driver["rules"].size());
    EXPECT_EQ(driver["rules"][index]["id"], res["ruleId"]);
    std::string uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    for (char c : uri) {
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) ||
                  std::string_view("-._~/%").find(c) != std::string_view::npos)
          << "uri " << uri;
    }
    if (i < r.findings.size()) {
      const json& region = res["locations"][0]["physicalLocation"]["region"];
      EXPECT_GE(region["startLine"].get<u64>(), 1u);
      EXPECT_GE(region["startColumn"].get<u64>(), 1u);
      EXPECT_EQ(res["partialFingerprints"]["mapsleuth/v1"].get<std::string>(),
                repaired(r.findings[i].fingerprint));
      EXPECT_EQ(res["ruleId"].get<std::string>(), repaired(r.findings[i].rule));
    } else {
      std::string id = res["ruleId"];
      EXPECT_TRUE(id.starts_with("F_") || id.starts_with("E_")) << id;
      EXPECT_NE(id, "E_MAP_VERSION");  // severity info: not a result
    }
  }
  EXPECT_EQ(run["properties"]["verdict"], "high");
  EXPECT_EQ(run["properties"]["exposure"]["first_party_sources"], 7);
  EXPECT_EQ(run["invocations"][0]["executionSuccessful"], false);  // one input failed
  EXPECT_EQ(run["artifacts"].size(), r.inputs.size());
}

TEST(WritersHostileTest, MarkdownHasNoRawControlByteButNewline) {
  std::string md = render(Format::kMarkdown, hostile_report());
  for (size_t i = 0; i < md.size(); ++i) {
    auto c = static_cast<unsigned char>(md[i]);
    ASSERT_TRUE(c == '\n' || (c >= 0x20 && c != 0x7f)) << "byte " << int(c) << " at " << i;
  }
  EXPECT_EQ(md.find("\xc2\x9b"), std::string::npos);      // C1 CSI
  EXPECT_EQ(md.find("\xe2\x80\xae"), std::string::npos);  // RLO
  EXPECT_EQ(md.find("\xe2\x80\xa8"), std::string::npos);  // LINE SEPARATOR
  // Every '<' is backslash-escaped: no raw HTML tag can open from a name.
  for (size_t p = md.find('<'); p != std::string::npos; p = md.find('<', p + 1)) {
    ASSERT_GT(p, 0u);
    EXPECT_EQ(md[p - 1], '\\') << md.substr(p, 20);
  }
}

/// Counts the cell separators of a GFM table row: '|' not taken by a backslash escape.
size_t unescaped_pipes(std::string_view line) {
  size_t n = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
    } else if (line[i] == '|') {
      ++n;
    }
  }
  return n;
}

TEST(WritersHostileTest, MarkdownTableRowsKeepTheirColumnCount) {
  std::string md = render(Format::kMarkdown, hostile_report());
  std::istringstream in(md);
  std::string line;
  size_t expected = 0;
  size_t rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] != '|') {
      expected = 0;
      continue;
    }
    if (expected == 0) expected = unescaped_pipes(line);
    EXPECT_EQ(unescaped_pipes(line), expected) << line;
    ++rows;
  }
  EXPECT_GT(rows, 50u);
}

TEST(WritersHostileTest, HtmlIsInertAndHasTheCsp) {
  std::string html = render(Format::kHtml, hostile_report());
  std::string low = lower(html);
  EXPECT_NE(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                      "style-src 'unsafe-inline'\">"),
            std::string::npos);
  for (const char* bad : {"<img", "<script", "<svg onload", "onerror=alert(1)>", "<iframe"}) {
    EXPECT_EQ(low.find(bad), std::string::npos) << bad;
  }
  // hostile/make_hostile.py R01 forbid_in_html.
  for (const char* bad : {"<img src=x", "<script>alert", "<svg onload"}) {
    EXPECT_EQ(low.find(lower(bad)), std::string::npos) << bad;
  }
  EXPECT_EQ(std::count(html.begin(), html.end(), '\0'), 0);
  for (unsigned char c : html) ASSERT_TRUE(c == '\n' || c >= 0x20) << int(c);
  EXPECT_EQ(html.find("\xe2\x80\xae"), std::string::npos);
  EXPECT_NE(html.find("&lt;svg onload=alert(3)&gt;.js"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"treemap\""), std::string::npos);
  EXPECT_EQ(html.find("src="), html.find("src=x onerror"));  // no src= attribute of ours
}

/// RFC 4180 reader for the test: fields of each record, CRLF record ends.
std::vector<std::vector<std::string>> parse_csv(std::string_view s) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  bool field_started = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
      field_started = false;
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      rows.back().push_back(field);
      field.clear();
      field_started = false;
      rows.emplace_back();
      ++i;
    } else {
      EXPECT_NE(c, '"') << "stray quote at " << i;
      field += c;
      field_started = true;
    }
  }
  EXPECT_TRUE(rows.back().empty() && field.empty()) << "last record without CRLF";
  rows.pop_back();
  return rows;
}

TEST(WritersHostileTest, CsvQuotesCorrectlyAndNeutralisesFormulas) {
  Report r = hostile_report();
  std::vector<std::vector<std::string>> rows = parse_csv(render(Format::kCsv, r));
  ASSERT_EQ(rows.size(), r.sources.size() + 1);
  for (const auto& row : rows) ASSERT_EQ(row.size(), 15u);
  EXPECT_EQ(rows[0][0], "input");
  EXPECT_EQ(rows[0][14], "public");
  for (size_t i = 0; i < r.sources.size(); ++i) {
    const std::string& path = rows[i + 1][1];
    ASSERT_FALSE(path.empty());
    EXPECT_EQ(std::string_view("=+-@\t\r").find(path[0]), std::string_view::npos) << path;
    EXPECT_EQ(rows[i + 1][6], std::to_string(r.sources[i].bytes));
    EXPECT_EQ(rows[i + 1][14], r.sources[i].is_public ? "true" : "false");
  }
  EXPECT_EQ(rows[1][1], "a\\x00b.js");
  EXPECT_EQ(rows[5][1], "tab\tname.js");
  EXPECT_EQ(rows[7][1], "new\nline.js");
  EXPECT_EQ(rows[4][1], "cr\rname.js");
  EXPECT_EQ(rows[17][1], "'=HYPERLINK(\"http://x\",\"y\")");
  EXPECT_EQ(rows[18][1], "'+cmd|' /C calc'!A0");
  EXPECT_EQ(rows[3][2], "");  // i == 2: no file, no sha256
  EXPECT_EQ(rows[3][12], "");
  EXPECT_EQ(rows[2][12], std::string(64, 'c'));
}

TEST(WritersHostileTest, ManifestListsRebuiltFilesOnly) {
  Report r = hostile_report();
  json j = json::parse(render(Format::kManifest, r));
  EXPECT_EQ(j["schema"], "mapsleuth-manifest/1");
  EXPECT_EQ(j["tool"]["name"], "mapsleuth");
  size_t with_file = 0;
  for (const SourceRecord& s : r.sources) with_file += s.file ? 1 : 0;
  size_t listed = 0;
  for (const json& f : j["files"]) listed += f["sources"].size();
  EXPECT_EQ(listed, with_file);
  EXPECT_EQ(j["inputs"].size(), r.inputs.size());
  EXPECT_EQ(j["maps"].size(), r.maps.size());
}

// --- structure ----------------------------------------------------------------------------------

TEST(WritersTest, JsonKeysFollowDesignOrder) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(render(Format::kJson, normal_report()));
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"schema", "tool", "options", "command_line", "inputs",
                                            "totals", "maps", "sources", "exposure", "attribution",
                                            "findings", "diagnostics", "findings_suppressed",
                                            "findings_capped", "finding_counts", "rules"}));
  keys.clear();
  for (const auto& [k, v] : j["sources"][0].items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "path", "file", "sha256", "bytes", "lines", "code_lines", "comment_lines",
                      "blank_lines", "class", "package", "rule", "maps", "shipped", "public",
                      "generated_bytes", "input", "resolved", "public_reason", "ignored"}));
  EXPECT_EQ(j["schema"], "mapsleuth-report/1");
  EXPECT_EQ(j["attribution"]["by_class"]["bundler"], 1666);
  EXPECT_EQ(j["attribution"]["by_class"]["virtual"], 0);
  EXPECT_EQ(j["inputs"][0]["package"]["version"], "1.4.2");
  EXPECT_TRUE(j["sources"][0]["package"].is_null());
  EXPECT_EQ(j["sources"][3]["package"], "kleur@4.1.5");
}

TEST(WritersTest, EmptyReportGivesValidOutputs) {
  Report r;
  for (Format f : kAllFormats) {
    std::string out = render(f, r);
    EXPECT_FALSE(out.empty()) << format_name(f);
    if (f == Format::kJson || f == Format::kSarif || f == Format::kManifest) {
      json parsed;
      EXPECT_NO_THROW(parsed = json::parse(out)) << format_name(f);
    }
  }
  EXPECT_EQ(render(Format::kCsv, r).find("\r\n"), render(Format::kCsv, r).size() - 2);
}

TEST(WritersTest, FormatNamesRoundTrip) {
  for (Format f : kAllFormats) EXPECT_EQ(parse_format(format_name(f)), f);
  EXPECT_EQ(parse_format("md"), Format::kMarkdown);
  EXPECT_EQ(parse_format("JSON"), std::nullopt);
  EXPECT_EQ(parse_format(""), std::nullopt);
  EXPECT_EQ(format_file_name(Format::kSarif), "report.sarif");
  EXPECT_EQ(format_file_name(Format::kCsv), "sources.csv");
}

TEST(WritersTest, ManifestFromAManifestStruct) {
  Manifest m;
  m.tool_version = "0.1.0";
  m.files.push_back({"src/a.ts",
                     std::string(64, 'f'),
                     12,
                     "in.tgz",
                     {"webpack:///./src/a.ts"},
                     {"dist/a.js.map"}});
  std::ostringstream os;
  write_manifest(m, os);
  json j = json::parse(os.str());
  EXPECT_EQ(j["files"][0]["file"], "src/a.ts");
  EXPECT_EQ(j["files"][0]["bytes"], 12);
  EXPECT_EQ(j["files"][0]["maps"][0], "dist/a.js.map");
}

TEST(WritersTest, MarkdownAndHtmlCapLongTablesWithAnOthersRow) {
  Report r = normal_report();
  for (size_t i = 0; i < 30; ++i) {
    MapRecord m;
    m.path = "extra/" + std::to_string(i) + ".js.map";
    m.bytes = i;
    r.maps.push_back(m);
  }
  for (size_t i = 0; i < 60; ++i) {
    r.findings.push_back(simple_finding("r", "info", "s", 1, "fp"));
  }
  std::string md = render(Format::kMarkdown, r);
  EXPECT_NE(md.find("| \\[12 others\\] |"), std::string::npos);  // 32 maps, 20 shown
  EXPECT_NE(md.find("\\[12 more findings in report.json and report.sarif\\]"), std::string::npos);
  // The two real findings come first: error before warning before the notes.
  EXPECT_LT(md.find("aws-access-key-id"), md.find("internal-hostname"));
  std::string html = render(Format::kHtml, r);
  EXPECT_NE(html.find("[12 others]"), std::string::npos);
}

TEST(WritersTest, TreemapCapsRectanglesAndMergesTheRest) {
  Report r;
  for (size_t i = 0; i < 5000; ++i) {
    SourceRecord s;
    s.path = "src/d" + std::to_string(i % 7) + "/f" + std::to_string(i) + ".ts";
    s.file = s.path;
    s.bytes = 1 + i;
    s.cls = i % 11 ? "first_party" : "dependency";
    if (s.cls == "dependency") s.package = "pkg" + std::to_string(i % 3) + "@1.0.0";
    r.sources.push_back(s);
  }
  std::string html = render(Format::kHtml, r);
  size_t leaves = 0;
  for (const char* cls : {"fp", "dep", "bun", "vir", "oth"}) {
    std::string needle = "<rect class=\""s + cls + "\"";
    for (size_t p = html.find(needle); p != std::string::npos; p = html.find(needle, p + 1))
      ++leaves;
  }
  EXPECT_LE(leaves, 2000u);
  EXPECT_GT(leaves, 1000u);
  EXPECT_NE(html.find("[3,001 others]"), std::string::npos);
  EXPECT_EQ(html, render(Format::kHtml, r));
}

TEST(WritersTest, StreamsManyFindingsAndSources) {
  Report r;
  for (size_t i = 0; i < 20000; ++i) {
    r.findings.push_back(simple_finding("rule", "medium", "src/a.ts", i + 1, std::to_string(i)));
    SourceRecord s;
    s.path = "src/" + std::to_string(i) + ".ts";
    s.bytes = i;
    r.sources.push_back(s);
  }
  json j = json::parse(render(Format::kJson, r));
  EXPECT_EQ(j["findings"].size(), 20000u);
  EXPECT_EQ(j["sources"].size(), 20000u);
  json s = json::parse(render(Format::kSarif, r));
  EXPECT_EQ(s["runs"][0]["results"].size(), 20000u);
  EXPECT_EQ(s["runs"][0]["tool"]["driver"]["rules"].size(), 1u);
}

// --- golden files -------------------------------------------------------------------------------

std::filesystem::path golden_dir() {
  return std::filesystem::path(__FILE__).parent_path() / "golden";
}

class WritersGoldenTest : public testing::TestWithParam<Format> {};

TEST_P(WritersGoldenTest, MatchesTheCommittedFileByteForByte) {
  Format f = GetParam();
  std::string actual = render(f, normal_report());
  std::filesystem::path path = golden_dir() / format_file_name(f);
  const char* update = std::getenv("MAPSLEUTH_UPDATE_GOLDEN");
  if (update && std::string_view(update) == "1") {
    std::filesystem::create_directories(golden_dir());
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "updated " << path;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " missing; run with MAPSLEUTH_UPDATE_GOLDEN=1";
  std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(actual, expected) << path << " differs; review, then MAPSLEUTH_UPDATE_GOLDEN=1";
}

INSTANTIATE_TEST_SUITE_P(AllFormats, WritersGoldenTest, testing::ValuesIn(kAllFormats),
                         [](const testing::TestParamInfo<Format>& p) {
                           return std::string(format_name(p.param));
                         });

}  // namespace
}  // namespace mapsleuth::reports
