// Tests reports/escape.cpp: one escaping function per format (STYLE R13).
#include "reports/escape.h"

#include <gtest/gtest.h>

#include <string>

namespace mapsleuth::reports {
namespace {

using namespace std::string_literals;

TEST(HtmlEscapeTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(html_escape("<a href='x'>&\""), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
  EXPECT_EQ(html_escape("\"><img src=x onerror=alert(1)>"),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
}

TEST(HtmlEscapeTest, MakesControlsAndInvisibleCodePointsVisible) {
  EXPECT_EQ(html_escape("a\x1b[31m"), "a\\x1b[31m");
  EXPECT_EQ(html_escape("a\0b"s), "a\\x00b");
  EXPECT_EQ(html_escape("a\nb\tc\rd\x7f"), "a\\x0ab\\x09c\\x0dd\\x7f");
  EXPECT_EQ(html_escape("x\xe2\x80\xa8y"), "x\\u2028y");  // LINE SEPARATOR
  EXPECT_EQ(html_escape("\xe2\x80\xae"
                        "evil"),
            "\\u202eevil");  // RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(html_escape("\xc2\x9b"
                        "31m"),
            "\\u009b31m");  // C1 CSI
  EXPECT_EQ(html_escape("\xef\xbb\xbf"), "\\ufeff");
}

TEST(HtmlEscapeTest, ReplacesInvalidUtf8WithReplacementCharacter) {
  EXPECT_EQ(html_escape("a\xff"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(html_escape("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // CESU surrogate
  EXPECT_EQ(html_escape("caf\xc3\xa9 \xe6\x97\xa5"), "caf\xc3\xa9 \xe6\x97\xa5");  // valid stays
}

TEST(MarkdownEscapeTest, EscapesInlineMarkupAndTablePipes) {
  EXPECT_EQ(markdown_escape("a|b*c_d`e[f]g<h>#i\\j&k~l"),
            "a\\|b\\*c\\_d\\`e\\[f\\]g\\<h\\>\\#i\\\\j\\&k\\~l");
  EXPECT_EQ(markdown_escape("src/app.min.js (1)"), "src/app.min.js (1)");
}

TEST(MarkdownEscapeTest, NeverEmitsRawControlBytesNotEvenNewlineOrTab) {
  EXPECT_EQ(markdown_escape("a\nb\tc"), "a\\x0ab\\x09c");
  EXPECT_EQ(markdown_escape("\x1b]2;pwned\x07"), "\\x1b\\]2;pwned\\x07");
  EXPECT_EQ(markdown_escape("\xff"), "\xEF\xBF\xBD");
}

TEST(CsvFieldTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(csv_field("plain/path.js"), "plain/path.js");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("a\nb"), "\"a\nb\"");
  EXPECT_EQ(csv_field("a\r\nb"), "\"a\r\nb\"");
  EXPECT_EQ(csv_field("a\tb"), "a\tb");
}

TEST(CsvFieldTest, NeutralisesFormulaInjection) {
  EXPECT_EQ(csv_field("=1+1"), "'=1+1");
  EXPECT_EQ(csv_field("+1"), "'+1");
  EXPECT_EQ(csv_field("-2"), "'-2");
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_field("\t=1"), "'\t=1");
  EXPECT_EQ(csv_field("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_field("a=1"), "a=1");
}

TEST(CsvFieldTest, EscapesOtherControlsAndRepairsUtf8) {
  EXPECT_EQ(csv_field("a\x1b[31m"), "a\\x1b[31m");
  EXPECT_EQ(csv_field("a\0b"s), "a\\x00b");
  EXPECT_EQ(csv_field("a\xff"), "a\xEF\xBF\xBD");
}

TEST(UriPercentEncodeTest, KeepsUnreservedAndSlash) {
  EXPECT_EQ(uri_percent_encode("src/a-b_c.d~e/F9.js"), "src/a-b_c.d~e/F9.js");
  EXPECT_EQ(uri_percent_encode("src/a b.js"), "src/a%20b.js");
  EXPECT_EQ(uri_percent_encode("#?%[]@!$&'()*+,;="),
            "%23%3F%25%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D");
  EXPECT_EQ(uri_percent_encode("C:\\x"), "C%3A%5Cx");
}

TEST(UriPercentEncodeTest, EncodesColonSoASchemeStaysARelativeReference) {
  EXPECT_EQ(uri_percent_encode("webpack:///./src/x.js"), "webpack%3A///./src/x.js");
}

TEST(UriPercentEncodeTest, EncodesUtf8BytesAfterRepair) {
  EXPECT_EQ(uri_percent_encode("caf\xc3\xa9"), "caf%C3%A9");
  EXPECT_EQ(uri_percent_encode("\xff"), "%EF%BF%BD");
  EXPECT_EQ(uri_percent_encode("a\0b"s), "a%00b");
}

TEST(ShellQuoteTest, LeavesSafeArgumentsBare) {
  EXPECT_EQ(shell_quote("scan"), "scan");
  EXPECT_EQ(shell_quote("--out=build/x-1.tgz"), "--out=build/x-1.tgz");
  EXPECT_EQ(shell_quote(""), "''");
}

TEST(ShellQuoteTest, SingleQuotesSpacesAndMetacharacters) {
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote("$(rm -rf ~)"), "'$(rm -rf ~)'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote("caf\xc3\xa9"), "'caf\xc3\xa9'");
}

TEST(ShellQuoteTest, UsesAnsiCQuotingForControlsAndInvalidBytes) {
  EXPECT_EQ(shell_quote("a\x1b[31m"), "$'a\\x1b[31m'");
  EXPECT_EQ(shell_quote("\xff\xfe"), "$'\\xff\\xfe'");
  EXPECT_EQ(shell_quote("'\\\n"), "$'\\'\\\\\\x0a'");
  EXPECT_EQ(shell_quote("x\xe2\x80\xaey"), "$'x\\u202ey'");
  EXPECT_EQ(shell_quote("caf\xc3\xa9\x01"), "$'caf\xc3\xa9\\x01'");
}

}  // namespace
}  // namespace mapsleuth::reports
