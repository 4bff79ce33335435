#include "parsers/json_string.h"

#include <gtest/gtest.h>

namespace mapsleuth::parsers {
namespace {

std::string unescape(std::string_view raw, JsonStringIssues* issues_out = nullptr) {
  std::string out;
  JsonStringIssues issues;
  EXPECT_TRUE(unescape_json_string(raw, out, issues)) << raw;
  if (issues_out != nullptr) *issues_out = issues;
  return out;
}

TEST(JsonStringTest, UnescapesEveryEscape) {
  EXPECT_EQ(unescape(R"(a\"b\\c\/d\be\ff\ng\rh\ti)"), "a\"b\\c/d\be\ff\ng\rh\ti");
  EXPECT_EQ(unescape(R"(\u0041\u00e9\u20ac)"), "A\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(unescape(R"(\ud83d\ude00)"), "\xF0\x9F\x98\x80");
}

TEST(JsonStringTest, LoneSurrogatesBecomeReplacementCharacter) {
  JsonStringIssues issues;
  EXPECT_EQ(unescape(R"(a\ud800b)", &issues),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(issues.lone_surrogates, 1U);
  EXPECT_EQ(unescape(R"(\udc00)", &issues), "\xEF\xBF\xBD");
  EXPECT_EQ(unescape(R"(\ud800\u0041)", &issues),
            "\xEF\xBF\xBD"
            "A");
}

TEST(JsonStringTest, RejectsBadEscapesWithOffset) {
  for (std::string_view bad : {R"(ab\x)", R"(\u12)", R"(\u12g4)", "tab\there", "x\\"}) {
    std::string out;
    JsonStringIssues issues;
    EXPECT_FALSE(unescape_json_string(bad, out, issues)) << bad;
    EXPECT_GE(issues.bad_escape_at, 0);
  }
  std::string out;
  JsonStringIssues issues;
  ASSERT_FALSE(unescape_json_string(R"(abc\q)", out, issues));
  EXPECT_EQ(issues.bad_escape_at, 3);
}

TEST(JsonStringTest, MeasureAgreesWithUnescape) {
  for (std::string_view raw :
       {"", "abc", R"(line\nline\n)", R"(a\u00e9\ud83d\ude00\n)", R"(\ud800x)", "x\\ny"}) {
    JsonStringIssues issues;
    JsonStringMeasure m = measure_json_string(raw, issues);
    std::string s = unescape(raw);
    EXPECT_EQ(m.bytes, static_cast<i64>(s.size())) << raw;
    EXPECT_EQ(m.newlines, static_cast<u64>(std::count(s.begin(), s.end(), '\n'))) << raw;
    EXPECT_EQ(m.ends_with_newline, !s.empty() && s.back() == '\n') << raw;
  }
}

TEST(JsonStringTest, RepairsInvalidUtf8LikeWhatwgDecoder) {
  std::string out;
  EXPECT_EQ(repair_utf8("a\xFF"
                        "b",
                        out),
            1U);
  EXPECT_EQ(out,
            "a\xEF\xBF\xBD"
            "b");
  out.clear();
  // Overlong C0 AF: two ill-formed bytes, two replacements.
  EXPECT_EQ(repair_utf8("\xC0\xAF", out), 2U);
  out.clear();
  // CESU-8 surrogate ED A0 80: ED is a valid lead but A0 is out of its range -> 3 replacements.
  EXPECT_EQ(repair_utf8("\xED\xA0\x80", out), 3U);
  out.clear();
  // Truncated sequence E2 82 then 'A': the maximal subpart E2 82 is one replacement.
  EXPECT_EQ(repair_utf8("\xE2\x82"
                        "A",
                        out),
            1U);
  EXPECT_EQ(out,
            "\xEF\xBF\xBD"
            "A");
  EXPECT_TRUE(is_valid_utf8(out));
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));
}

TEST(JsonStringTest, EscapingAlwaysGivesValidJsonAndUtf8) {
  std::string out;
  append_json_escaped("a\"b\\\n\x01\x7F\xFF", out);
  EXPECT_EQ(out, "a\\\"b\\\\\\n\\u0001\\u007f\xEF\xBF\xBD");
  EXPECT_TRUE(is_valid_utf8(out));
}

}  // namespace
}  // namespace mapsleuth::parsers
