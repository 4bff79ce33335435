// Tests the portfolio writers (reports/portfolio_writer.cpp): a hostile input name stays inert in
// every format, portfolio.json parses and keeps the ranking it was given, and the human formats
// cap the input table.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "reports/portfolio_format.h"

namespace mapsleuth::reports {
namespace {

Portfolio sample() {
  Portfolio p;
  p.tool_version = "0.1.0";
  p.by_status = {{"pending", 0}, {"running", 0}, {"done", 2}, {"failed", 1}, {"quarantined", 0}};
  p.by_verdict = {{"critical", 1}, {"high", 0}, {"medium", 0}, {"low", 1}, {"none", 1}};
  PortfolioInput a;
  a.id = "aa";
  a.path = "evil/<script>alert(1)</script>|`x`\x1b[31m.tgz";
  a.status = "done";
  a.verdict = "critical";
  a.first_party_new_lines = 1234;
  a.package = "@x/y@1.0.0";
  PortfolioInput b;
  b.id = "bb";
  b.path = "b.tgz";
  b.status = "done";
  b.verdict = "low";
  PortfolioInput c;
  c.id = "cc";
  c.path = "broken.tgz";
  c.status = "failed";
  c.verdict = "none";
  c.error_code = "E_ARCHIVE_READ";
  p.inputs = {a, b, c};
  p.rules = {{"aws-access-key-id", "critical", 3, 1}};
  return p;
}

TEST(PortfolioWriterTest, JsonParsesAndKeepsTheRanking) {
  std::ostringstream os;
  write_portfolio_json(sample(), os);
  auto j = nlohmann::json::parse(os.str());
  EXPECT_EQ(j["schema"], "mapsleuth-portfolio/1");
  ASSERT_EQ(j["inputs"].size(), 3U);
  EXPECT_EQ(j["inputs"][0]["id"], "aa");
  EXPECT_EQ(j["inputs"][0]["path"], "evil/<script>alert(1)</script>|`x`\x1b[31m.tgz");
  EXPECT_EQ(j["inputs"][0]["package"], "@x/y@1.0.0");
  EXPECT_TRUE(j["inputs"][1]["package"].is_null());
  EXPECT_EQ(j["totals"]["by_status"]["failed"], 1);
  EXPECT_EQ(j["rules"][0]["inputs"], 1);
}

TEST(PortfolioWriterTest, HtmlAndMarkdownEscapeNames) {
  std::ostringstream html;
  write_portfolio_html(sample(), html);
  EXPECT_EQ(html.str().find("<script"), std::string::npos);
  EXPECT_NE(html.str().find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.str().find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(html.str().find('\x1b'), std::string::npos);
  std::ostringstream md;
  write_portfolio_markdown(sample(), md);
  EXPECT_EQ(md.str().find('\x1b'), std::string::npos);
  EXPECT_EQ(md.str().find("<script>"), std::string::npos);
  EXPECT_NE(md.str().find("\\|"), std::string::npos);  // a pipe cannot break the table
  // A failed input shows its status and code, not a verdict.
  EXPECT_NE(md.str().find("failed (E\\_ARCHIVE\\_READ)"), std::string::npos) << md.str();
  EXPECT_NE(md.str().find("| 1,234 |"), std::string::npos);
}

TEST(PortfolioWriterTest, HumanFormatsCapTheInputTable) {
  Portfolio p = sample();
  p.inputs.resize(0);
  for (int i = 0; i < 510; ++i) {
    PortfolioInput in;
    in.id = std::to_string(i);
    in.path = "p" + std::to_string(i) + ".tgz";
    in.status = "done";
    in.verdict = "none";
    p.inputs.push_back(in);
  }
  std::ostringstream md;
  write_portfolio_markdown(p, md);
  EXPECT_NE(md.str().find("| p499.tgz |"), std::string::npos);
  EXPECT_EQ(md.str().find("| p500.tgz |"), std::string::npos);
  EXPECT_NE(md.str().find("[10 more in portfolio.json]"), std::string::npos);
  std::ostringstream html;
  write_portfolio_html(p, html);
  EXPECT_NE(html.str().find("10 more in portfolio.json"), std::string::npos);
}

}  // namespace
}  // namespace mapsleuth::reports
