// report.json written by reports/json_writer.cpp reads back into the same model
// (analyzer/report_reader.cpp): --baseline, diff and `report --in` depend on it.
#include <gtest/gtest.h>

#include <sstream>

#include "analyzer/report_reader.h"
#include "reports/format.h"

namespace mapsleuth::reports {
namespace {

Report sample() {
  Report r;
  r.tool_version = "1.2.3";
  r.options = {{"out", "x"}, {"first-party", "+a"}, {"first-party", "-b"}};
  r.command_line = {"mapsleuth", "scan", "in.tgz"};
  InputRecord in;
  in.path = "in.tgz";
  in.kind = "tgz";
  in.bytes = 10;
  in.sha256 = "ab";
  in.package = Package{"pkg", "1.0.0"};
  r.inputs.push_back(in);
  r.totals.maps = 1;
  r.totals.segments = 99;
  MapRecord m;
  m.path = "dist/a.js.map";
  m.linked_from = {"dist/a.js"};
  m.segments = 99;
  r.maps.push_back(m);
  SourceRecord s;
  s.input = "in.tgz";
  s.path = "webpack://x/./src/a\xff.ts";
  s.resolved = "webpack://x/./src/a.ts";
  s.file = "src/a.ts";
  s.sha256 = "cd";
  s.bytes = 5;
  s.lines = 2;
  s.code_lines = 1;
  s.comment_lines = 1;
  s.rule = "default";
  s.maps = {"dist/a.js.map"};
  s.generated_bytes = 4;
  r.sources.push_back(s);
  r.exposure.verdict = "low";
  r.exposure.first_party_sources = 1;
  r.exposure.reasons = {"low: because"};
  r.exposure.by_directory.push_back(DirectoryExposure{"src", 1, 5, 2, 1, 1, 0});
  r.exposure.by_class.push_back(ClassTotals{"first_party", 1, 5, 2, 1, 1, 0});
  r.attribution.generated_bytes = 10;
  r.attribution.first_party = 4;
  r.attribution.unmapped = 6;
  Finding f;
  f.rule = "email";
  f.severity = "low";
  f.input = "in.tgz";
  f.source = s.path;
  f.line = 1;
  f.column = 2;
  f.fingerprint = "0123";
  f.redacted = "a@b.example";
  f.secret = false;
  r.findings.push_back(f);
  r.finding_counts.push_back(FindingCount{"todo", "TODO", 3, 1});
  r.rules.push_back(RuleRecord{"email", "an e-mail address", "low", false});
  r.findings_suppressed = 2;
  r.diagnostics.push_back(DiagnosticRecord{"W_X", "warning", "in.tgz", std::nullopt, "m"});
  return r;
}

TEST(ReportRoundTripTest, WriteReadWriteIsStable) {
  std::ostringstream first;
  write_json(sample(), first);
  Diagnostics d;
  auto back = analyzer::read_report_json(first.str(), d);
  ASSERT_TRUE(back.ok());
  std::ostringstream second;
  write_json(back.value(), second);
  EXPECT_EQ(first.str(), second.str());
  EXPECT_TRUE(analyzer::looks_like_report_json(first.str()));
}

TEST(ReportRoundTripTest, RejectsOtherDocuments) {
  for (const char* text : {"", "[]", "{\"schema\": \"other/1\"}", "{", "null"}) {
    Diagnostics d;
    EXPECT_FALSE(analyzer::read_report_json(text, d).ok()) << text;
    EXPECT_TRUE(d.has(ErrorCode::kReportJson));
  }
  EXPECT_FALSE(analyzer::looks_like_report_json("{\"version\": 3}"));
}

}  // namespace
}  // namespace mapsleuth::reports
