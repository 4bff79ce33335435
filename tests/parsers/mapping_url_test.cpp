// Tests parsers/mapping_url.cpp: the tc39/source-map-tests extract-url cases (the answers of
// conformance/reference_cli.py), then the unit cases of ECMA-426 11.1.2 the suite does not cover.
#include "parsers/mapping_url.h"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace mapsleuth::parsers {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> js_url(std::string_view text) {
  auto m = extract_mapping_url(text, ScriptKind::kJavaScript);
  return m ? std::optional<std::string>(m->url) : std::nullopt;
}
std::optional<std::string> css_url(std::string_view text) {
  auto m = extract_mapping_url(text, ScriptKind::kCss);
  return m ? std::optional<std::string>(m->url) : std::nullopt;
}

// STYLE R8: the views point into the argument, so a temporary must not compile.
template <typename T>
concept CanExtract = requires(T&& t) {
  extract_mapping_url(std::forward<T>(t), ScriptKind::kCss);
};
static_assert(CanExtract<std::string&>);
static_assert(CanExtract<std::string_view>);
static_assert(!CanExtract<std::string>);
static_assert(!CanExtract<const std::string>);
static_assert(CanExtract<const char (&)[4]>);  // literals stay unambiguous
template <typename T>
concept CanExtractDebugId = requires(T&& t) {
  extract_debug_id(std::forward<T>(t));
};
static_assert(!CanExtractDebugId<std::string>);

// ---- conformance: every case of source-map-spec-tests.json ----

// The suite lives next to the repository (../shared/conformance); MAPSLEUTH_CONFORMANCE_DIR
// overrides. tests/CMakeLists.txt is shared, so the default is found from this file's path.
fs::path conformance_dir() {
  if (const char* env = std::getenv("MAPSLEUTH_CONFORMANCE_DIR")) return env;
  return fs::path(__FILE__).parent_path() / ".." / ".." / ".." / "shared" / "conformance";
}

struct ConformanceCase {
  std::string name;
  std::string base_file;
  std::string source_map_file;
};

std::vector<ConformanceCase> load_conformance_cases() {
  std::vector<ConformanceCase> cases;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.load((conformance_dir() / "source-map-spec-tests.json").string()).get(doc)) return {};
  simdjson::dom::array tests;
  if (doc["tests"].get(tests)) return {};
  for (simdjson::dom::element t : tests) {
    std::string_view name, base, map;
    if (t["name"].get(name) || t["baseFile"].get(base) || t["sourceMapFile"].get(map)) continue;
    cases.push_back({std::string(name), std::string(base), std::string(map)});
  }
  return cases;
}

const std::vector<ConformanceCase>& conformance_cases() {
  static const std::vector<ConformanceCase> cases = load_conformance_cases();
  return cases;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(MappingUrlConformanceTest, SuiteIsPresent) {
  if (conformance_cases().empty() && !std::getenv("MAPSLEUTH_CONFORMANCE_DIR")) {
    GTEST_SKIP() << "conformance suite not found at " << conformance_dir();
  }
  EXPECT_EQ(conformance_cases().size(), 99u);
}

class MappingUrlConformance : public testing::TestWithParam<ConformanceCase> {};

TEST_P(MappingUrlConformance, ExtractsSourceMapFile) {
  const ConformanceCase& c = GetParam();
  const fs::path path = conformance_dir() / "resources" / c.base_file;
  ASSERT_TRUE(fs::exists(path)) << path;
  const std::string text = read_file(path);
  const auto kind = script_kind_for_name(c.base_file);
  ASSERT_TRUE(kind.has_value()) << c.base_file;
  const auto m = extract_mapping_url(text, *kind);
  ASSERT_TRUE(m.has_value()) << c.base_file;
  EXPECT_EQ(m->url, c.source_map_file);
}

INSTANTIATE_TEST_SUITE_P(SourceMapSpecTests, MappingUrlConformance,
                         testing::ValuesIn(conformance_cases()),
                         [](const testing::TestParamInfo<ConformanceCase>& p) {
                           return p.param.name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(MappingUrlConformance);

// ---- script kinds ----

TEST(MappingUrlTest, ScriptKindFromExtension) {
  EXPECT_EQ(script_kind_for_name("dist/app.css"), ScriptKind::kCss);
  EXPECT_EQ(script_kind_for_name("STYLE.CSS"), ScriptKind::kCss);
  for (const char* name : {"a.js", "a.min.js", "a.mjs", "a.cjs", "a.jsx", "a.ts", "a.d.ts", "a.mts",
                           "a.cts", "a.tsx", "C:\\src\\a.JS"}) {
    EXPECT_EQ(script_kind_for_name(name), ScriptKind::kJavaScript) << name;
  }
  for (const char* name :
       {"", "js", "a.map", "a.js.map", "a.json", "dir.js/readme", "a.", "a.jss"}) {
    EXPECT_EQ(script_kind_for_name(name), std::nullopt) << name;
  }
}

// ---- JavaScript (ECMA-426 11.1.2.1, without parsing) ----

TEST(MappingUrlTest, FindsTrailingCommentWithOffsets) {
  const std::string text = "code();\n//# sourceMappingURL=app.js.map\n";
  const auto m = extract_mapping_url(text, ScriptKind::kJavaScript);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->url, "app.js.map");
  EXPECT_EQ(m->comment_offset, 8);
  EXPECT_EQ(m->url_offset, 29);
  EXPECT_EQ(text.substr(static_cast<size_t>(m->url_offset), m->url.size()), "app.js.map");
  EXPECT_EQ(m->url.data(), text.data() + m->url_offset);  // a view, not a copy
  EXPECT_FALSE(m->legacy_at);
}

TEST(MappingUrlTest, LastCommentWins) {
  EXPECT_EQ(js_url("x\n//# sourceMappingURL=first.map\n//# sourceMappingURL=last.map"), "last.map");
}

TEST(MappingUrlTest, CodeAfterCommentMeansNoUrl) {
  EXPECT_EQ(js_url("//# sourceMappingURL=a.map\ncode();\n"), std::nullopt);
  EXPECT_EQ(js_url("//# sourceMappingURL=a.map\n;"), std::nullopt);
}

TEST(MappingUrlTest, LegacyAtFormIsAccepted) {
  const auto m = extract_mapping_url("x\n//@ sourceMappingURL=old.map", ScriptKind::kJavaScript);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->url, "old.map");
  EXPECT_TRUE(m->legacy_at);
}

TEST(MappingUrlTest, AllLineTerminators) {
  EXPECT_EQ(js_url("x\r\n//# sourceMappingURL=a.map\r\n"), "a.map");
  EXPECT_EQ(js_url("x\r//# sourceMappingURL=a.map\r"), "a.map");
  EXPECT_EQ(js_url("x\xE2\x80\xA8//# sourceMappingURL=a.map\xE2\x80\xA8"), "a.map");  // U+2028
  EXPECT_EQ(js_url("x\xE2\x80\xA9//# sourceMappingURL=a.map\xE2\x80\xA9"), "a.map");  // U+2029
  // A terminator after the comment puts the code on a line of its own.
  EXPECT_EQ(js_url("//# sourceMappingURL=a.map\xE2\x80\xA8x"), std::nullopt);
  EXPECT_EQ(js_url("//# sourceMappingURL=a.map\rx"), std::nullopt);
  // Without a terminator code and comment share a line: `x//#...` is code.
  EXPECT_EQ(js_url("x//# sourceMappingURL=a.map"), std::nullopt);
}

TEST(MappingUrlTest, SkipsBlankAndWhitespaceOnlyLines) {
  EXPECT_EQ(js_url("//# sourceMappingURL=a.map\n\n \t\v\f\n\xC2\xA0\xEF\xBB\xBF\xE3\x80\x80\n\r\n"),
            "a.map");
  // JS WhiteSpace may also precede `//`.
  EXPECT_EQ(js_url("x\n \t\xE2\x80\x80//# sourceMappingURL=a.map"), "a.map");
  // U+0085 is not JS WhiteSpace: the line is code.
  EXPECT_EQ(js_url("\xC2\x85//# sourceMappingURL=a.map"), std::nullopt);
}

TEST(MappingUrlTest, QuotesOrBlockCloseInCommentMeanNoUrl) {
  for (const char* bad : {"\"", "'", "`", "*/"}) {
    const std::string text = std::string("x\n//# sourceMappingURL=a.map") + bad;
    EXPECT_EQ(js_url(text), std::nullopt) << bad;
    // Also in another comment line walked over on the way up.
    const std::string below = std::string("//# sourceMappingURL=a.map\n// note ") + bad + "\n";
    EXPECT_EQ(js_url(below), std::nullopt) << bad;
  }
  // On a code line they mean no URL too (the line is code anyway).
  EXPECT_EQ(js_url("//# sourceMappingURL=a.map\nf('x')"), std::nullopt);
}

TEST(MappingUrlTest, BlockCommentLineStopsTheWalk) {
  EXPECT_EQ(js_url("/*# sourceMappingURL=a.map */"), std::nullopt);
  EXPECT_EQ(js_url("//# sourceMappingURL=a.map\n/* license */\n"), std::nullopt);
  EXPECT_EQ(js_url("//# sourceMappingURL=a.map\n/\n"), std::nullopt);  // a lone '/'
}

TEST(MappingUrlTest, OtherCommentLinesAreWalkedOver) {
  EXPECT_EQ(js_url("x\n//# sourceMappingURL=a.map\n// built by tool\n//\n"), "a.map");
  EXPECT_EQ(
      js_url("x\n//# sourceMappingURL=a.map\n//# debugId=85314830-023f-4cf1-a267-535f4e37bb17"),
      "a.map");
}

TEST(MappingUrlTest, DirectiveSyntax) {
  EXPECT_EQ(js_url("//#   sourceMappingURL=a.map  \t"), "a.map");
  EXPECT_EQ(js_url("//#\tsourceMappingURL=a.map"), "a.map");
  EXPECT_EQ(js_url("//#sourceMappingURL=a.map"), "a.map");
  EXPECT_EQ(js_url("//# sourceMappingURL="), "");                   // present but empty
  EXPECT_EQ(js_url("// # sourceMappingURL=a.map"), std::nullopt);   // text before '#'
  EXPECT_EQ(js_url("//# sourceMappingURL = a.map"), std::nullopt);  // space before '='
  EXPECT_EQ(js_url("//# sourcemappingurl=a.map"), std::nullopt);    // case-sensitive
  EXPECT_EQ(js_url("//# sourceMappingURL=a.map b"), std::nullopt);  // two words
  EXPECT_EQ(js_url("//! sourceMappingURL=a.map"), std::nullopt);
}

TEST(MappingUrlTest, RegexWhitespaceIsPythonStrWhitespace) {
  // reference_cli.py matches with Python's `\s` on str: U+0085, U+001C..U+001F and U+3000 end the
  // URL...
  EXPECT_EQ(js_url("//# sourceMappingURL=a.map\xC2\x85"), "a.map");
  EXPECT_EQ(js_url("//# sourceMappingURL=a.map\x1f"), "a.map");
  EXPECT_EQ(js_url("//#\xE3\x80\x80sourceMappingURL=a.map\xE3\x80\x80"), "a.map");
  // ...but U+FEFF is not `\s` there, so it is part of the URL.
  EXPECT_EQ(js_url("//# sourceMappingURL=a.map\xEF\xBB\xBF"), "a.map\xEF\xBB\xBF");
  // Bytes that are not UTF-8 are ordinary characters (surrogateescape).
  EXPECT_EQ(js_url("//# sourceMappingURL=a\xFF\xE2\x80.map"), "a\xFF\xE2\x80.map");
}

TEST(MappingUrlTest, EmptyAndTrivialInputs) {
  EXPECT_EQ(js_url(""), std::nullopt);
  EXPECT_EQ(js_url("\n\n  \n"), std::nullopt);
  EXPECT_EQ(js_url("/"), std::nullopt);
  EXPECT_EQ(js_url("//"), std::nullopt);
  EXPECT_EQ(css_url(""), std::nullopt);
  EXPECT_EQ(css_url("*/"), std::nullopt);
  EXPECT_EQ(css_url("/*/"), std::nullopt);  // the opener and the closer share the '*'
}

// Maps `tail` at the end of a region whose first `head_pages` pages are PROT_NONE: reading any byte
// before the tail page faults, which proves a walk touches only the tail.
class GuardedText {
 public:
  GuardedText(std::string_view tail, size_t head_pages) {
    page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t tail_pages = (tail.size() + page_ - 1) / page_ + 1;
    size_ = (head_pages + tail_pages) * page_;
    void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    base_ = static_cast<char*>(p);
    std::memcpy(base_ + size_ - tail.size(), tail.data(), tail.size());
    mprotect(base_, head_pages * page_, PROT_NONE);
    text_ = std::string_view(base_, size_);
  }
  ~GuardedText() {
    if (base_) munmap(base_, size_);
  }
  GuardedText(const GuardedText&) = delete;
  GuardedText& operator=(const GuardedText&) = delete;
  std::string_view text() const { return text_; }

 private:
  char* base_ = nullptr;
  size_t page_ = 0;
  size_t size_ = 0;
  std::string_view text_;
};

TEST(MappingUrlTest, WalkTouchesOnlyTheTail) {
  // The tail page starts with filler bytes ('\0' from mmap) that end in a terminator, as a bundle's
  // last code line would.
  const GuardedText with_comment(
      "x;\n//# debugId=85314830-023f-4cf1-a267-535f4e37bb17\n"
      "//# sourceMappingURL=app.js.map\n",
      256);
  ASSERT_FALSE(with_comment.text().empty());
  EXPECT_EQ(js_url(with_comment.text()), "app.js.map");
  EXPECT_EQ(extract_debug_id(with_comment.text()), "85314830-023f-4cf1-a267-535f4e37bb17");

  const GuardedText code_last("\nrun();\n\n", 256);
  EXPECT_EQ(js_url(code_last.text()), std::nullopt);

  const GuardedText css("\na{}\n/*# sourceMappingURL=app.css.map */\n", 256);
  EXPECT_EQ(css_url(css.text()), "app.css.map");
}

// A 20 MB one-line data: URI comment, the shape of an inlined map in a production bundle: the walk
// is one pass over the comment, whose cost is its own length.
TEST(MappingUrlTest, TwentyMegabyteDataUriCommentIsLinear) {
  constexpr size_t kPayload = 20u << 20;
  std::string text = "function f(){return 1}\n//# sourceMappingURL=data:application/json;base64,";
  const size_t url_begin = text.size() - std::string_view("data:application/json;base64,").size();
  text.reserve(text.size() + kPayload + 1);
  for (size_t i = 0; i < kPayload; ++i) text += "eyJ2ZXJzaW9uIjozfQ/+"[i % 20];
  text += '\n';
  const auto start = std::chrono::steady_clock::now();
  const auto m = extract_mapping_url(text, ScriptKind::kJavaScript);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->url_offset, static_cast<i64>(url_begin));
  EXPECT_EQ(m->url.size(), text.size() - 1 - url_begin);
  // Measured about 30 ms in Release (about 0.7 GB/s); the bound leaves room for sanitizers.
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 3000);

  // The same payload as one code line without quotes: still one pass, then no URL.
  text.replace(0, url_begin, "x=");
  EXPECT_EQ(js_url(text), std::nullopt);
}

// ---- CSS (ECMA-426 11.1.2.2; reference_cli.py extract_url_css) ----

TEST(MappingUrlTest, CssTrailingComment) {
  const std::string text = "a{color:red}\n/*# sourceMappingURL=app.css.map */\n";
  const auto m = extract_mapping_url(text, ScriptKind::kCss);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->url, "app.css.map");
  EXPECT_EQ(m->comment_offset, 13);
  EXPECT_EQ(m->url_offset, 34);
  EXPECT_EQ(css_url("a{}/*#sourceMappingURL=a.map*/"), "a.map");
  EXPECT_EQ(css_url("a{}\n/*#  sourceMappingURL=a.map \t */ \r\n\t\xE3\x80\x80\n"), "a.map");
}

TEST(MappingUrlTest, CssVariants) {
  // reference_cli.py takes `@` in CSS too, although only `/*# */` is the documented CSS form.
  const auto legacy = extract_mapping_url("/*@ sourceMappingURL=a.map */", ScriptKind::kCss);
  ASSERT_TRUE(legacy.has_value());
  EXPECT_TRUE(legacy->legacy_at);
  EXPECT_EQ(css_url("/*# sourceMappingURL=a.map */ a{}"), std::nullopt);  // rule after it
  EXPECT_EQ(css_url("//# sourceMappingURL=a.map"), std::nullopt);         // JS comment form
  EXPECT_EQ(css_url("/*# sourceMappingURL=a.map"), std::nullopt);         // unterminated
  EXPECT_EQ(css_url("/* x /*# sourceMappingURL=a.map */"), "a.map");      // the last "/*" opens
  EXPECT_EQ(css_url("/*# sourceMappingURL=a.map /* x */"), std::nullopt);
  EXPECT_EQ(css_url("/*\n# sourceMappingURL=a.map\n*/"),
            std::nullopt);  // only spaces, tabs trimmed
  EXPECT_EQ(css_url("/*# sourceMappingURL=a.map\n*/"), "a.map");
  EXPECT_EQ(css_url("/*# sourceMappingURL=a.map */\n/* other */"), std::nullopt);
  // The JS rule does not apply to CSS and the CSS rule does not apply to JS.
  EXPECT_EQ(js_url("/*# sourceMappingURL=a.map */"), std::nullopt);
}

// ---- other mentions (decoys, concatenated bundles) ----

TEST(MappingUrlTest, OtherMentionsExcludeTheTrailingComment) {
  const std::string text =
      "var s=\"//# sourceMappingURL=decoy.map\";\n"  // in a string literal
      "//# sourceMappingURL=vendor.js.map\n"         // a concatenated file's annotation
      "main();\n"
      "//# sourceMappingURL=app.js.map\n";
  const auto trailing = extract_mapping_url(text, ScriptKind::kJavaScript);
  ASSERT_TRUE(trailing.has_value());
  EXPECT_EQ(trailing->url, "app.js.map");
  const std::vector<i64> expected = {
      static_cast<i64>(text.find("sourceMappingURL=decoy")),
      static_cast<i64>(text.find("sourceMappingURL=vendor")),
  };
  EXPECT_EQ(other_mapping_url_mentions(text, trailing), expected);
  // Without a trailing comment every mention is "other".
  EXPECT_EQ(other_mapping_url_mentions(text, std::nullopt).size(), 3u);
  EXPECT_TRUE(other_mapping_url_mentions("no mention", std::nullopt).empty());
}

// ---- debugId (proposal) ----

TEST(MappingUrlTest, DebugIdOnTheLineAboveTheUrl) {
  const std::string text =
      "x();\n//# debugId=85314830-023f-4cf1-a267-535f4e37bb17\n//# sourceMappingURL=a.map\n";
  const auto id = extract_debug_id(text);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(*id, "85314830-023f-4cf1-a267-535f4e37bb17");
  EXPECT_EQ(id->data(), text.data() + text.find("8531"));
  EXPECT_EQ(extract_debug_id("//# debugId=85314830-023F-4CF1-A267-535F4E37BB17"),
            "85314830-023F-4CF1-A267-535F4E37BB17");
  EXPECT_EQ(extract_debug_id("a\r\n//# debugId=85314830-023f-4cf1-a267-535f4e37bb17\r\n"),
            "85314830-023f-4cf1-a267-535f4e37bb17");
}

TEST(MappingUrlTest, DebugIdOnlyInTheLastFiveLines) {
  const std::string id_line = "//# debugId=85314830-023f-4cf1-a267-535f4e37bb17\n";
  const std::string four_below = id_line + "1\n2\n3\n4\n";
  const std::string five_below = id_line + "1\n2\n3\n4\n5\n";
  EXPECT_TRUE(extract_debug_id(four_below).has_value());
  EXPECT_FALSE(extract_debug_id(five_below).has_value());
}

TEST(MappingUrlTest, DebugIdMustBeExact) {
  for (const char* bad : {"//# debugId=85314830-023f-4cf1-a267-535f4e37bb1",       // short
                          "//# debugId=85314830-023f-4cf1-a267-535f4e37bb17 ",     // trailing space
                          "//# debugId=85314830023f-4cf1-a267-535f4e37bb17-",      // dash moved
                          "//# debugId=g5314830-023f-4cf1-a267-535f4e37bb17",      // not hex
                          "//@ debugId=85314830-023f-4cf1-a267-535f4e37bb17",      // legacy '@'
                          " //# debugId=85314830-023f-4cf1-a267-535f4e37bb17"}) {  // indented
    EXPECT_FALSE(extract_debug_id(bad).has_value()) << bad;
  }
}

TEST(MappingUrlTest, DebugIdNearestTheEndWins) {
  EXPECT_EQ(extract_debug_id("//# debugId=00000000-0000-0000-0000-000000000001\n"
                             "//# debugId=00000000-0000-0000-0000-000000000002\n"),
            "00000000-0000-0000-0000-000000000002");
}

}  // namespace
}  // namespace mapsleuth::parsers
