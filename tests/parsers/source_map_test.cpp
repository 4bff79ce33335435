// The JSON layer and field rules of the document parser (ECMA-426 sections 7.1, 9, 10).
#include "parsers/source_map.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parsers/diagnostics.h"

namespace mapsleuth::parsers {
namespace {

struct Parsed {
  std::string doc;  // owns the bytes the map views
  Diagnostics diags;
  Result<SourceMap> map = ErrorCode::kJsonSyntax;
};

// Parses `json` through the copying path (capacity 0), so every test also proves the map owns
// what it views.
std::unique_ptr<Parsed> parse(std::string json, bool strict = false) {
  auto p = std::make_unique<Parsed>();
  p->doc = std::move(json);
  ParseOptions opt;
  opt.strict = strict;
  p->map = parse_source_map(p->doc, 0, p->diags, opt);
  return p;
}

bool has_error(const Diagnostics& d) { return d.count(Severity::kError) > 0; }

TEST(SourceMapTest, ParsesAllTopLevelFields) {
  auto p = parse(R"({"version":3,"file":"out.js","sourceRoot":"/root","sources":["a.js",null],
    "sourcesContent":["A\n",null],"names":["x"],"mappings":"AAAAA;","ignoreList":[1],
    "debugId":"85314830-023f-4cf1-a267-535f4e37bb17"})");
  ASSERT_TRUE(p->map.ok());
  const SourceMap& m = p->map.value();
  EXPECT_FALSE(has_error(p->diags));
  EXPECT_EQ(m.file, "out.js");
  ASSERT_EQ(m.sources.size(), 2U);
  EXPECT_EQ(m.sources[0].url, "/root/a.js");
  EXPECT_EQ(m.sources[0].name, "a.js");
  EXPECT_FALSE(m.sources[1].url.has_value());
  EXPECT_TRUE(m.sources[0].content.is_string());
  EXPECT_EQ(m.sources[0].content.raw, "A\\n");
  EXPECT_EQ(m.sources[1].content.kind, RawString::Kind::kNull);
  EXPECT_FALSE(m.sources[0].ignored);
  EXPECT_TRUE(m.sources[1].ignored);
  EXPECT_EQ(m.names, std::vector<std::string>{"x"});
  ASSERT_EQ(m.parts.size(), 1U);
  EXPECT_EQ(m.parts[0].text, "AAAAA;");
  EXPECT_EQ(m.debug_id, "85314830-023f-4cf1-a267-535f4e37bb17");
}

TEST(SourceMapTest, RejectsNonObjectRootBeforeAnyField) {
  for (const char* doc : {"[]", "\"x\"", "3", "null", "true"}) {
    auto p = parse(doc);
    EXPECT_FALSE(p->map.ok()) << doc;
    EXPECT_EQ(p->map.error(), ErrorCode::kJsonNotObject) << doc;
    ASSERT_EQ(p->diags.size(), 1U);
  }
}

TEST(SourceMapTest, RejectsInvalidJson) {
  for (const char* doc : {"", "{", "<html>404</html>", R"({"version":3,})", R"({"a":[1,,2]})"}) {
    auto p = parse(doc);
    EXPECT_FALSE(p->map.ok()) << doc;
    EXPECT_TRUE(has_error(p->diags)) << doc;
  }
}

TEST(SourceMapTest, ReportsTrailingContentButKeepsTheObject) {
  for (const char* doc : {R"({"version":3,"sources":["a"],"mappings":""} {"x":1})",
                          R"({"version":3,"sources":["a"],"mappings":""} })"}) {
    auto p = parse(doc);
    EXPECT_TRUE(p->diags.has(ErrorCode::kJsonTrailingContent)) << doc;
    EXPECT_TRUE(has_error(p->diags));
  }
}

TEST(SourceMapTest, StripsBomAndXssiPrefixWithWarning) {
  auto p = parse("\xEF\xBB\xBF{\"version\":3,\"sources\":[],\"mappings\":\"\"}");
  ASSERT_TRUE(p->map.ok());
  EXPECT_TRUE(p->diags.has(ErrorCode::kJsonBom));
  EXPECT_FALSE(has_error(p->diags));
  auto q = parse(")]}'\n{\"version\":3,\"sources\":[],\"mappings\":\"\"}", true);
  ASSERT_TRUE(q->map.ok());
  EXPECT_TRUE(q->diags.has(ErrorCode::kJsonXssiPrefix));
  EXPECT_FALSE(has_error(q->diags));
}

// Found by fuzz_source_map: a prefix cut from a caller's capacity of 0 wrapped it to SIZE_MAX, so
// the unpadded buffer went to simdjson, which reads past the end of an unbalanced document. Under
// ASan (the asan preset) the exact-size heap buffer makes any over-read fail this test.
TEST(SourceMapTest, PrefixOnAnUnpaddedBufferIsCopiedNotOverread) {
  for (std::string prefix : {std::string("\xEF\xBB\xBF"), std::string(")]}'\n")}) {
    const std::string text = prefix + R"({"version":3,"sources":["a"],"sourcesContent":[""ec],)" +
                             R"("mappings":"","ignoreList":[0]})";
    std::vector<char> exact(text.begin(), text.end());
    Diagnostics diags;
    auto map = parse_source_map(std::string_view(exact.data(), exact.size()), 0, diags, {});
    EXPECT_FALSE(map.ok());
    EXPECT_TRUE(has_error(diags));
  }
}

TEST(SourceMapTest, DuplicateKeysLastWinsWithWarning) {
  auto p = parse(R"({"version":3,"sources":["first"],"sources":["second"],"mappings":""})");
  ASSERT_TRUE(p->map.ok());
  EXPECT_TRUE(p->diags.has(ErrorCode::kJsonDuplicateKey));
  ASSERT_EQ(p->map.value().sources.size(), 1U);
  EXPECT_EQ(p->map.value().sources[0].name, "second");
}

TEST(SourceMapTest, InvalidUtf8IsReplacedNotFatal) {
  auto p = parse("{\"version\":3,\"sources\":[\"a\xFF.js\"],\"mappings\":\"\"}");
  ASSERT_TRUE(p->map.ok());
  EXPECT_TRUE(p->diags.has(ErrorCode::kJsonInvalidUtf8));
  EXPECT_EQ(p->map.value().sources[0].name, "a\xEF\xBF\xBD.js");
}

TEST(SourceMapTest, LoneSurrogateInNameIsReplaced) {
  auto p = parse(R"({"version":3,"sources":["a\ud800.js"],"mappings":""})");
  ASSERT_TRUE(p->map.ok());
  EXPECT_TRUE(p->diags.has(ErrorCode::kJsonLoneSurrogate));
  EXPECT_EQ(p->map.value().sources[0].name, "a\xEF\xBF\xBD.js");
}

TEST(SourceMapTest, DeepNestingHitsTheDepthLimit) {
  std::string doc = "{\"version\":3,\"sources\":[],\"mappings\":\"\",\"x\":";
  doc += std::string(100000, '[') + std::string(100000, ']') + "}";
  auto p = parse(doc);
  EXPECT_FALSE(p->map.ok());
  EXPECT_TRUE(p->diags.has(ErrorCode::kLimitJsonDepth));
}

TEST(SourceMapTest, VersionThreePointZeroIsThree) {
  auto p = parse(R"({"version":3.0,"sources":[],"mappings":""})", true);
  ASSERT_TRUE(p->map.ok());
  EXPECT_FALSE(has_error(p->diags));
  for (const char* v : {"\"3\"", "2", "4", "null"}) {
    auto q = parse(std::string(R"({"version":)") + v + R"(,"sources":[],"mappings":""})", true);
    EXPECT_TRUE(q->diags.has(ErrorCode::kMapVersion)) << v;
    EXPECT_TRUE(has_error(q->diags)) << v;
    auto lenient = parse(std::string(R"({"version":)") + v + R"(,"sources":[],"mappings":""})");
    EXPECT_FALSE(has_error(lenient->diags)) << v;
  }
}

TEST(SourceMapTest, MissingMappingsOrSourcesAreHardErrors) {
  auto p = parse(R"({"version":3,"sources":["a"],"sourcesContent":["kept"]})");
  EXPECT_TRUE(p->diags.has(ErrorCode::kMapMappingsMissing));
  EXPECT_TRUE(has_error(p->diags));
  ASSERT_TRUE(p->map.ok()) << "sources and content are salvaged";
  EXPECT_EQ(p->map.value().sources[0].content.raw, "kept");
  auto q = parse(R"({"version":3,"mappings":""})");
  EXPECT_FALSE(q->map.ok());
  EXPECT_TRUE(q->diags.has(ErrorCode::kMapSourcesMissing));
}

TEST(SourceMapTest, WrongTypedItemsBecomeNullOrEmpty) {
  auto p = parse(R"({"version":3,"sources":["a",5,null],"sourcesContent":[1],"names":[2,"n"],
    "file":7,"sourceRoot":[],"mappings":""})");
  ASSERT_TRUE(p->map.ok());
  const SourceMap& m = p->map.value();
  EXPECT_FALSE(m.sources[1].name.has_value());
  EXPECT_EQ(m.sources[0].content.kind, RawString::Kind::kNull);
  EXPECT_EQ(m.names, (std::vector<std::string>{"", "n"}));
  EXPECT_FALSE(m.file.has_value());
  EXPECT_EQ(m.sources[0].url, "a");
  EXPECT_TRUE(p->diags.has(ErrorCode::kMapSourcesItem));
  EXPECT_TRUE(p->diags.has(ErrorCode::kMapSourcesContentItem));
  EXPECT_TRUE(p->diags.has(ErrorCode::kMapNamesItem));
  EXPECT_TRUE(p->diags.has(ErrorCode::kMapFileType));
  EXPECT_TRUE(p->diags.has(ErrorCode::kMapSourceRootType));
  EXPECT_FALSE(has_error(p->diags)) << "all optional in lenient mode";
}

TEST(SourceMapTest, SourcesContentShorterThanSourcesIsAbsent) {
  auto p =
      parse(R"({"version":3,"sources":["a","b","c"],"sourcesContent":["A",null],"mappings":""})");
  ASSERT_TRUE(p->map.ok());
  EXPECT_EQ(p->map.value().sources[2].content.kind, RawString::Kind::kAbsent);
}

TEST(SourceMapTest, EmptySourceRootAddsNothing) {
  auto p = parse(R"({"version":3,"sourceRoot":"","sources":["a.ts"],"mappings":""})");
  EXPECT_EQ(p->map.value().sources[0].url, "a.ts");
  auto q = parse(R"({"version":3,"sourceRoot":"x/","sources":["a.ts"],"mappings":""})");
  EXPECT_EQ(q->map.value().sources[0].url, "x/a.ts");
}

TEST(SourceMapTest, IgnoreListRules) {
  auto p = parse(R"({"version":3,"sources":["a","b"],"mappings":"","ignoreList":[0,-1,1.5,"x",7]})",
                 true);
  ASSERT_TRUE(p->map.ok());
  EXPECT_TRUE(p->map.value().sources[0].ignored);
  EXPECT_TRUE(p->diags.has(ErrorCode::kMapIgnoreListItem));
  EXPECT_TRUE(p->diags.has(ErrorCode::kMapIgnoreListRange));
  // x_google_ignoreList is used only when ignoreList is absent.
  auto q = parse(R"({"version":3,"sources":["a","b"],"mappings":"","x_google_ignoreList":[1]})");
  EXPECT_TRUE(q->map.value().sources[1].ignored);
  auto r = parse(R"({"version":3,"sources":["a","b"],"mappings":"","ignoreList":[],
    "x_google_ignoreList":[1]})");
  EXPECT_FALSE(r->map.value().sources[1].ignored);
}

TEST(SourceMapTest, InvalidDebugIdIsDropped) {
  auto p = parse(R"({"version":3,"sources":[],"mappings":"","debugId":"not a uuid"})", true);
  ASSERT_TRUE(p->map.ok());
  EXPECT_FALSE(p->map.value().debug_id.has_value());
  EXPECT_TRUE(p->diags.has(ErrorCode::kMapDebugId));
}

TEST(SourceMapTest, EscapedMappingsAreUnescapedIntoThePool) {
  auto p = parse(R"({"version":3,"sources":["a"],"mappings":"\u0041AAA"})");
  ASSERT_TRUE(p->map.ok());
  EXPECT_EQ(p->map.value().parts[0].text, "AAAA");
}

TEST(SourceMapTest, IndexMapSectionsAreFlattenedWithOffsets) {
  auto p = parse(R"({"version":3,"file":"x.js","sections":[
    {"offset":{"line":0,"column":0},"map":{"version":3,"sources":["a"],"names":["n"],"mappings":"AAAA"}},
    {"offset":{"line":2,"column":5},"map":{"version":3,"sourceRoot":"r","sources":["b","c"],
      "sourcesContent":["B"],"mappings":"AAAA","ignoreList":[1]}}]})");
  ASSERT_TRUE(p->map.ok());
  const SourceMap& m = p->map.value();
  EXPECT_FALSE(has_error(p->diags));
  EXPECT_TRUE(m.index_map);
  EXPECT_EQ(m.sections, 2U);
  ASSERT_EQ(m.sources.size(), 3U);
  EXPECT_EQ(m.sources[1].url, "r/b");
  EXPECT_EQ(m.sources[1].section, 1U);
  EXPECT_TRUE(m.sources[2].ignored);
  ASSERT_EQ(m.parts.size(), 2U);
  EXPECT_EQ(m.parts[1].line_offset, 2U);
  EXPECT_EQ(m.parts[1].column_offset, 5U);
  EXPECT_EQ(m.parts[1].source_base, 1U);
  EXPECT_EQ(m.parts[1].source_count, 2U);
  EXPECT_EQ(m.parts[1].name_base, 1U);
}

TEST(SourceMapTest, IndexMapBadSectionsAreSkippedNotFatal) {
  auto p = parse(R"({"version":3,"sections":[
    5,
    {"offset":{"line":0,"column":0},"map":{"version":3,"mappings":""}},
    {"offset":{"line":1,"column":0},"map":{"version":3,"sources":["kept"],"mappings":""}},
    {"map":{"version":3,"sources":["no-offset"],"mappings":""}}]})");
  ASSERT_TRUE(p->map.ok());
  const SourceMap& m = p->map.value();
  ASSERT_EQ(m.sources.size(), 1U);
  EXPECT_EQ(m.sources[0].name, "kept");
  EXPECT_TRUE(p->diags.has(ErrorCode::kIndexSectionType));
  EXPECT_TRUE(p->diags.has(ErrorCode::kIndexSectionInvalid));
  EXPECT_TRUE(p->diags.has(ErrorCode::kIndexOffset));
}

TEST(SourceMapTest, NestedIndexMapIsAcceptedLenientlyAndRejectedStrictly) {
  std::string doc = R"({"version":3,"sections":[{"offset":{"line":1,"column":2},"map":
    {"version":3,"sections":[{"offset":{"line":0,"column":3},"map":
      {"version":3,"sources":["deep"],"mappings":"AAAA"}}]}}]})";
  auto p = parse(doc);
  ASSERT_TRUE(p->map.ok());
  EXPECT_FALSE(has_error(p->diags));
  ASSERT_EQ(p->map.value().parts.size(), 1U);
  EXPECT_EQ(p->map.value().parts[0].line_offset, 1U);
  EXPECT_EQ(p->map.value().parts[0].column_offset, 5U);
  auto q = parse(doc, true);
  EXPECT_TRUE(q->diags.has(ErrorCode::kIndexNested));
  EXPECT_TRUE(has_error(q->diags));
}

TEST(SourceMapTest, SectionsOutOfOrderAreReported) {
  auto p = parse(R"({"version":3,"sections":[
    {"offset":{"line":5,"column":0},"map":{"version":3,"sources":[],"mappings":""}},
    {"offset":{"line":1,"column":0},"map":{"version":3,"sources":[],"mappings":""}}]})",
                 true);
  EXPECT_TRUE(p->diags.has(ErrorCode::kIndexOrder));
}

TEST(SourceMapTest, JsonSizeLimit) {
  Diagnostics d;
  ParseOptions opt;
  opt.max_json_bytes = 10;
  std::string doc = R"({"version":3,"sources":[],"mappings":""})";
  auto r = parse_source_map(doc, 0, d, opt);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(d.has(ErrorCode::kLimitJsonBytes));
}

}  // namespace
}  // namespace mapsleuth::parsers
