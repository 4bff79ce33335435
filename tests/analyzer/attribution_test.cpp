#include "analyzer/attribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "parsers/decoded_map.h"
#include "parsers/diagnostics.h"
#include "parsers/vlq.h"

namespace mapsleuth::analyzer {

// gtest prints this on failure (found by ADL).
void PrintTo(const ByteAttribution& a, std::ostream* os) {
  *os << "{by_source [";
  for (size_t i = 0; i < a.by_source.size(); ++i) {
    *os << (i ? " " : "") << a.by_source[i];
  }
  *os << "], unmapped " << a.unmapped << ", eol " << a.line_terminators << ", comment "
      << a.map_comment << ", size " << a.file_size << ", past_eol " << a.segments_past_eol
      << ", past_eof " << a.segments_past_eof << "}";
}

void PrintTo(const AttributedRange& r, std::ostream* os) {
  *os << "[" << r.begin << ", " << r.end << ") " << r.label;
}

namespace {

using parsers::encode_vlq;

/// One segment at an absolute generated column; kNoSource makes it a 1-field segment.
constexpr i64 kNoSource = -1000;
struct Seg {
  i64 column = 0;
  i64 source = kNoSource;
};
using Lines = std::vector<std::vector<Seg>>;

/// Encodes segments (absolute columns and sources, in the given order) as a mappings string.
std::string encode(const Lines& lines) {
  std::string out;
  i64 source = 0;
  for (size_t l = 0; l < lines.size(); ++l) {
    if (l > 0) {
      out += ';';
    }
    i64 column = 0;
    for (size_t i = 0; i < lines[l].size(); ++i) {
      const Seg& s = lines[l][i];
      if (i > 0) {
        out += ',';
      }
      encode_vlq(s.column - column, out);
      column = s.column;
      if (s.source != kNoSource) {
        encode_vlq(s.source - source, out);
        source = s.source;
        out += "AA";  // original line and column deltas 0
      }
    }
  }
  return out;
}

std::string sources_json(size_t n, const std::string& prefix) {
  std::string out = "[";
  for (size_t i = 0; i < n; ++i) {
    out += (i ? ",\"" : "\"") + prefix + std::to_string(i) + ".js\"";
  }
  return out + "]";
}

std::string map_json(size_t sources, const std::string& mappings, const std::string& prefix = "s") {
  return R"({"version":3,"sources":)" + sources_json(sources, prefix) +
         R"(,"names":[],"mappings":")" + mappings + "\"}";
}

struct Section {
  i64 line = 0;
  i64 column = 0;
  size_t sources = 1;
  std::string mappings;
};

std::string index_map_json(const std::vector<Section>& sections) {
  std::string out = R"({"version":3,"sections":[)";
  for (size_t k = 0; k < sections.size(); ++k) {
    const Section& s = sections[k];
    out += (k ? "," : "") + std::string(R"({"offset":{"line":)") + std::to_string(s.line) +
           R"(,"column":)" + std::to_string(s.column) +
           "},\"map\":" + map_json(s.sources, s.mappings, "p" + std::to_string(k) + "_") + "}";
  }
  return out + "]}";
}

parsers::SourceMap parse(const std::string& json) {
  Diagnostics diags;
  auto r = parsers::parse_source_map(json, 0, diags);  // capacity 0: the map owns a copy
  EXPECT_TRUE(r.ok()) << json;
  return r.ok() ? std::move(r).value() : parsers::SourceMap{};
}

/// Attributes and checks the invariants every test relies on: R12 and ranges tiling the file.
ByteAttribution run(std::string_view text, const parsers::SourceMap& map,
                    Diagnostics* diags = nullptr,
                    parsers::ScriptKind kind = parsers::ScriptKind::kJavaScript,
                    std::vector<AttributedRange>* ranges_out = nullptr) {
  Diagnostics local;
  std::vector<AttributedRange> ranges;
  AttributionOptions opt;
  opt.kind = kind;
  opt.ranges = &ranges;
  ByteAttribution a = attribute_bytes(text, map, diags != nullptr ? *diags : local, opt);
  EXPECT_TRUE(check_attribution(a));
  EXPECT_EQ(a.file_size, text.size());
  EXPECT_EQ(a.by_source.size(), map.sources.size());
  // The ranges tile [0, size) and sum to the buckets.
  ByteAttribution from_ranges;
  from_ranges.by_source.assign(map.sources.size(), 0);
  u64 at = 0;
  for (const AttributedRange& r : ranges) {
    EXPECT_EQ(r.begin, at);
    EXPECT_LT(r.begin, r.end);
    at = r.end;
    const u64 n = r.end - r.begin;
    if (r.label >= 0) {
      from_ranges.by_source.at(static_cast<size_t>(r.label)) += n;
    } else if (r.label == kLabelUnmapped) {
      from_ranges.unmapped += n;
    } else if (r.label == kLabelLineTerminators) {
      from_ranges.line_terminators += n;
    } else {
      EXPECT_EQ(r.label, kLabelMapComment);
      from_ranges.map_comment += n;
    }
  }
  EXPECT_EQ(at, text.size());
  EXPECT_EQ(from_ranges.by_source, a.by_source);
  EXPECT_EQ(from_ranges.unmapped, a.unmapped);
  EXPECT_EQ(from_ranges.line_terminators, a.line_terminators);
  EXPECT_EQ(from_ranges.map_comment, a.map_comment);
  // Without the ranges sink the figures are the same.
  Diagnostics quiet;
  ByteAttribution plain = attribute_bytes(text, map, quiet, AttributionOptions{kind});
  EXPECT_EQ(plain.by_source, a.by_source);
  EXPECT_EQ(plain.unmapped, a.unmapped);
  if (ranges_out != nullptr) {
    *ranges_out = std::move(ranges);
  }
  return a;
}

/// The expected result, built bucket by bucket.
struct Want {
  std::vector<u64> by_source;
  u64 unmapped = 0;
  u64 eol = 0;
  u64 comment = 0;
};

void expect(const ByteAttribution& a, const Want& w) {
  EXPECT_EQ(a.by_source, w.by_source);
  EXPECT_EQ(a.unmapped, w.unmapped);
  EXPECT_EQ(a.line_terminators, w.eol);
  EXPECT_EQ(a.map_comment, w.comment);
}

// ---- Lines and segments -------------------------------------------------------------------------

TEST(AttributionTest, TwoSourcesOnOneLineSplitAtTheSecondColumn) {
  const auto map = parse(map_json(2, encode({{{0, 0}, {3, 1}}})));
  expect(run("abcdefg", map), {{3, 4}});
}

TEST(AttributionTest, BytesBeforeTheFirstSegmentAreUnmapped) {
  const auto map = parse(map_json(1, encode({{{2, 0}}})));
  expect(run("abcdef", map), {{4}, 2});
}

TEST(AttributionTest, OneFieldSegmentsOwnUnmappedBytes) {
  const auto map = parse(map_json(2, encode({{{0, 0}, {2}, {4, 1}}})));
  expect(run("abcdef", map), {{2, 2}, 2});
}

TEST(AttributionTest, LinesWithoutSegmentsAreUnmapped) {
  const auto map = parse(map_json(1, encode({{}, {{0, 0}}})));
  expect(run("ab\ncd\nef", map), {{2}, 4, 2});
}

TEST(AttributionTest, SegmentOwnsBytesToTheEndOfItsLineNotBeyond) {
  const auto map = parse(map_json(1, encode({{{1, 0}}})));
  expect(run("abc\ndef\n", map), {{2}, 1 + 3, 2});
}

TEST(AttributionTest, SameSourceOnEveryLineSumsOverLines) {
  const auto map = parse(map_json(1, encode({{{0, 0}}, {{0, 0}}, {{0, 0}}})));
  expect(run("ab\ncde\nf", map), {{6}, 0, 2});
}

// ---- Line terminators ---------------------------------------------------------------------------

TEST(AttributionTest, CrLfIsOneTerminatorOfTwoBytes) {
  const auto map = parse(map_json(2, encode({{{0, 0}}, {{0, 1}}})));
  expect(run("ab\r\ncd\r\n", map), {{2, 2}, 0, 4});
}

TEST(AttributionTest, LoneCrAndUnicodeSeparatorsEndLines) {
  // a \r b U+2028 c U+2029 d: four lines (ECMA-262 LineTerminator), terminators 1 + 3 + 3 bytes.
  const auto map = parse(map_json(4, encode({{{0, 0}}, {{0, 1}}, {{0, 2}}, {{0, 3}}})));
  expect(run("a\rb\xE2\x80\xA8"
             "c\xE2\x80\xA9"
             "d",
             map),
         {{1, 1, 1, 1}, 0, 7});
}

TEST(AttributionTest, NextLineOrNelIsNotATerminator) {
  // U+0085 (C2 85) is not a JS line terminator: one line, two units.
  const auto map = parse(map_json(2, encode({{{0, 0}, {1, 1}}})));
  expect(run("\xC2\x85x", map), {{2, 1}});
}

TEST(AttributionTest, TrailingNewlineStartsAnEmptyLastLine) {
  // Line 1 exists (empty), so a segment there is neither past the end of the file nor of the line.
  const auto map = parse(map_json(1, encode({{{0, 0}}, {{0, 0}}})));
  Diagnostics diags;
  const auto a = run("ab\n", map, &diags);
  expect(a, {{2}, 0, 1});
  EXPECT_TRUE(diags.empty());
}

// ---- UTF-16 columns -----------------------------------------------------------------------------

TEST(AttributionTest, ColumnsCountUtf16UnitsOverMultibyteCharacters) {
  // U+00E9 (2 bytes) and U+4E2D (3 bytes) are one unit each.
  const auto map = parse(map_json(3, encode({{{0, 0}, {1, 1}, {2, 2}}})));
  expect(run("\xC3\xA9\xE4\xB8\xAD"
             "x",
             map),
         {{2, 3, 1}});
}

TEST(AttributionTest, AstralCharactersCountTwoUnits) {
  // a U+1F600 b: units a=0, U+1F600=1..2, b=3.
  const auto map = parse(map_json(3, encode({{{0, 0}, {1, 1}, {3, 2}}})));
  expect(run("a\xF0\x9F\x98\x80"
             "b",
             map),
         {{1, 4, 1}});
}

TEST(AttributionTest, ColumnInsideASurrogatePairDoesNotSplitIt) {
  // Column 2 is the low surrogate of U+1F600: the pair stays with the segment that owns its first
  // unit.
  const auto map = parse(map_json(2, encode({{{0, 0}, {2, 1}}})));
  expect(run("a\xF0\x9F\x98\x80"
             "b",
             map),
         {{5, 1}});
}

TEST(AttributionTest, InvalidUtf8CountsOneUnitPerByte) {
  // FF, a truncated 3-byte lead (E4 B8), an overlong (C0 80), an encoded surrogate (ED A0 80): each
  // byte is one unit. Units: FF=0 E4=1 B8=2 C0=3 80=4 ED=5 A0=6 80=7 x=8.
  const std::string text =
      "\xFF\xE4\xB8\xC0\x80\xED\xA0\x80"
      "x";
  const auto map = parse(map_json(2, encode({{{1, 0}, {8, 1}}})));
  expect(run(text, map), {{7, 1}, 1});
}

TEST(AttributionTest, LongAsciiRunsBeforeAndAfterMultibyte) {
  // Exercises the 8-byte steps of the cursor on a non-ASCII line.
  const std::string text = std::string(21, 'a') + "\xC3\xA9" + std::string(19, 'b');
  const auto map = parse(map_json(3, encode({{{0, 0}, {20, 1}, {22, 2}}})));
  expect(run(text, map), {{20, 3, 19}});
}

TEST(AttributionTest, ByteOrderMarkIsUnmappedAndNotAColumn) {
  const auto map = parse(map_json(2, encode({{{0, 0}, {1, 1}}})));
  expect(run("\xEF\xBB\xBF"
             "ab",
             map),
         {{1, 1}, 3});
}

// ---- Hostile segments ---------------------------------------------------------------------------

TEST(AttributionTest, UnsortedSegmentsAreSortedByColumn) {
  const auto map = parse(map_json(3, encode({{{4, 1}, {0, 0}, {2, 2}}})));
  expect(run("abcdef", map), {{2, 2, 2}});
}

TEST(AttributionTest, FirstOfEqualColumnsWins) {
  const auto map = parse(map_json(2, encode({{{2, 1}, {2, 0}}})));
  expect(run("abcd", map), {{0, 2}, 2});
}

TEST(AttributionTest, ColumnsPastTheLineEndClampAndWarn) {
  const auto map = parse(map_json(2, encode({{{1, 0}, {9, 1}}, {{0, 1}}})));
  Diagnostics diags;
  const auto a = run("abc\nd", map, &diags);
  expect(a, {{2, 1}, 1, 1});
  EXPECT_EQ(a.segments_past_eol, 1u);
  EXPECT_TRUE(diags.has(ErrorCode::kAttributionPastEol));
}

TEST(AttributionTest, ColumnAtTheLineEndIsNotPastIt) {
  // TypeScript maps the position just after a line's last character (microsoft/TypeScript#34695).
  const auto map = parse(map_json(2, encode({{{0, 0}, {3, 1}}})));
  Diagnostics diags;
  const auto a = run("ab\xC3\xA9\n", map, &diags);
  expect(a, {{4, 0}, 0, 1});
  EXPECT_EQ(a.segments_past_eol, 0u);
  EXPECT_TRUE(diags.empty());
}

TEST(AttributionTest, PastEolOnANonAsciiLineIsCounted) {
  const auto map = parse(map_json(2, encode({{{0, 0}, {5, 1}}})));
  const auto a = run("\xC3\xA9\xC3\xA9", map);
  expect(a, {{4, 0}});
  EXPECT_EQ(a.segments_past_eol, 1u);
}

TEST(AttributionTest, LinesPastTheEndOfTheFileAreIgnoredAndWarn) {
  const auto map = parse(map_json(1, encode({{{0, 0}}, {}, {}, {{0, 0}, {1, 0}}})));
  Diagnostics diags;
  const auto a = run("ab\n", map, &diags);
  expect(a, {{2}, 0, 1});
  EXPECT_EQ(a.segments_past_eof, 2u);
  ASSERT_TRUE(diags.has(ErrorCode::kAttributionPastEof));
  EXPECT_NE(diags.items().back().message.find("line 3"), std::string::npos)
      << diags.items().back().message;
}

TEST(AttributionTest, InvalidSourceIndicesAreUnmapped) {
  // Source 5 of 2: the decoder keeps the segment without a source (ECMA-426 9.2.1.1).
  const auto map = parse(map_json(2, encode({{{0, 0}, {2, 5}, {4, 1}}})));
  expect(run("abcdef", map), {{2, 2}, 2});
}

TEST(AttributionTest, NegativeColumnSegmentIsDroppedByTheDecoder) {
  // "D" is column -1: the decoder drops the segment; the line has no segments left.
  const auto map = parse(map_json(1, "DAAA"));
  expect(run("abc", map), {{0}, 3});
}

TEST(AttributionTest, EmptyFileHasNoBytes) {
  const auto map = parse(map_json(1, encode({{{0, 0}}})));
  Diagnostics diags;
  const auto a = run("", map, &diags);
  expect(a, {{0}});
  EXPECT_TRUE(diags.empty());
}

TEST(AttributionTest, EmptyFileWithMappingsOnLaterLines) {
  const auto map = parse(map_json(1, encode({{}, {}, {{0, 0}}})));
  const auto a = run("", map);
  expect(a, {{0}});
  EXPECT_EQ(a.segments_past_eof, 1u);
}

TEST(AttributionTest, NoMappingsAtAll) {
  const auto map = parse(map_json(0, ""));
  expect(run("abc\ndef", map), {{}, 6, 1});
}

// ---- The map comment ----------------------------------------------------------------------------

TEST(AttributionTest, TrailingJsCommentIsItsOwnBucket) {
  const std::string comment = "//# sourceMappingURL=a.js.map";
  const auto map = parse(map_json(1, encode({{{0, 0}}})));
  expect(run("abc\n" + comment + "\n", map), {{3}, 0, 2, comment.size()});
}

TEST(AttributionTest, MapCommentWinsOverASegmentCoveringIt) {
  // A segment at column 0 of the comment line would own it; the comment label comes first. The
  // blanks before `//` and after the URL: blanks before are the segment's, after are the comment's.
  const std::string line = "  //# sourceMappingURL=a.js.map  ";
  const auto map = parse(map_json(1, encode({{{0, 0}}, {{0, 0}}})));
  std::vector<AttributedRange> ranges;
  const auto a = run("abc\n" + line, map, nullptr, parsers::ScriptKind::kJavaScript, &ranges);
  expect(a, {{5}, 0, 1, line.size() - 2});
  const std::vector<AttributedRange> want = {
      {0, 3, 0}, {3, 4, kLabelLineTerminators}, {4, 6, 0}, {6, 4 + line.size(), kLabelMapComment}};
  EXPECT_EQ(ranges, want);
}

TEST(AttributionTest, MentionThatIsNotTrailingIsOrdinaryCode) {
  const std::string text = "//# sourceMappingURL=a.js.map\ncode()";
  const auto map = parse(map_json(1, encode({{{0, 0}}, {{0, 0}}})));
  expect(run(text, map), {{text.size() - 1}, 0, 1});
}

TEST(AttributionTest, CssCommentEndsAtItsCloser) {
  const std::string comment = "/*# sourceMappingURL=a.css.map */";
  const std::string text = "a{b:c}" + comment + "\n";
  const auto map = parse(map_json(1, encode({{{0, 0}}})));
  expect(run(text, map, nullptr, parsers::ScriptKind::kCss), {{6}, 0, 1, comment.size()});
}

TEST(AttributionTest, CssCommentSpanningATerminatorKeepsItInTheComment) {
  // extract_css accepts a newline inside the comment body; first label wins: comment.
  const std::string comment = "/*# sourceMappingURL=a.css.map\n*/";
  const auto map = parse(map_json(1, encode({{{0, 0}}})));
  const auto a = run("x" + comment, map, nullptr, parsers::ScriptKind::kCss);
  expect(a, {{1}, 0, 0, comment.size()});
}

TEST(AttributionTest, KnownCommentIsUsedAsGiven) {
  const std::string text = "abc\n//# sourceMappingURL=a.js.map";
  const auto map = parse(map_json(1, encode({{{0, 0}}})));
  const std::optional<parsers::MappingUrl> none;
  AttributionOptions opt;
  opt.comment = &none;  // the caller says there is none
  Diagnostics diags;
  const auto a = attribute_bytes(text, map, diags, opt);
  EXPECT_TRUE(check_attribution(a));
  expect(a, {{3}, 29, 1, 0});
}

// ---- Index maps ---------------------------------------------------------------------------------

TEST(AttributionTest, IndexMapSectionsOnTheSameLineSplitAtTheSecondOffset) {
  const auto map = parse(index_map_json({{0, 0, 1, "AAAA"}, {0, 3, 1, "AAAA"}}));
  ASSERT_EQ(map.parts.size(), 2u);
  expect(run("abcdefg", map), {{3, 4}});
}

TEST(AttributionTest, IndexMapSectionsOnDifferentLines) {
  const auto map = parse(index_map_json({{0, 0, 1, "AAAA;AAAA"}, {2, 0, 2, "AAAA,ECAA"}}));
  expect(run("ab\ncd\nefgh\n", map), {{4, 2, 2}, 0, 3});
}

TEST(AttributionTest, IndexMapSectionColumnOffsetAppliesToItsFirstLineOnly) {
  // Section 1 at (1, 2): its line 0 segment lands at column 2, its line 1 segment at column 0.
  const auto map = parse(index_map_json({{0, 0, 1, "AAAA"}, {1, 2, 1, "AAAA;AAAA"}}));
  expect(run("ab\ncdef\ngh", map), {{2, 4}, 2, 2});
}

TEST(AttributionTest, OverlappingIndexMapSectionsFallBackToSortedOrder) {
  // Section 0 covers lines 0-2, section 1 starts on line 1: the stream goes back a line.
  const auto map = parse(index_map_json({{0, 0, 1, "AAAA;;AAAA"}, {1, 0, 1, "AAAA"}}));
  std::vector<AttributedRange> ranges;
  const auto a = run("ab\ncd\nef", map, nullptr, parsers::ScriptKind::kJavaScript, &ranges);
  expect(a, {{4, 2}, 0, 2});
  EXPECT_EQ(ranges.size(), 5u);
}

TEST(AttributionTest, OverlappingSectionsOnOneLineInterleave) {
  // Section 0 maps columns 0 and 4, section 1 (offset column 2) maps column 2 and 3 of line 0:
  // each segment ends where the next one starts, whatever section it comes from; with equal
  // columns (4) the earlier section wins.
  const auto map = parse(index_map_json({{0, 0, 1, "AAAA,IAAA"}, {0, 2, 1, "AAAA,CAAA,CAAA"}}));
  expect(run("abcdefgh", map), {{2 + 4, 2}});
}

// ---- Property test against a naive oracle
// ---------------------------------------------------------

/// Code-point decoding by value (not by Table 3-7 byte ranges, as attribution.cpp does): returns
/// the length of the well-formed sequence at s[i], or 0.
size_t oracle_utf8_length(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t n = 0;
  u32 cp = 0;
  if ((b & 0xE0) == 0xC0) {
    n = 2;
    cp = b & 0x1Fu;
  } else if ((b & 0xF0) == 0xE0) {
    n = 3;
    cp = b & 0x0Fu;
  } else if ((b & 0xF8) == 0xF0) {
    n = 4;
    cp = b & 0x07u;
  } else {
    return 0;
  }
  if (i + n > s.size()) {
    return 0;
  }
  for (size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (c & 0x3Fu);
  }
  const u32 min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
  if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    return 0;
  }
  return n;
}

/// Per-byte labels computed the slow, obvious way: label the comment, then the terminators, then
/// each line's segments from the fully sorted mapping list.
ByteAttribution oracle(std::string_view text, const parsers::SourceMap& map,
                       parsers::ScriptKind kind) {
  const size_t size = text.size();
  constexpr i64 kNone = -100;
  std::vector<i64> label(size, kNone);
  if (auto url = parsers::extract_mapping_url(text, kind)) {
    size_t end = static_cast<size_t>(url->url_offset) + url->url.size();
    if (kind == parsers::ScriptKind::kCss) {
      end = text.find("*/", end) + 2;
    } else {
      while (end < size && text[end] != '\n' && text[end] != '\r' &&
             text.substr(end, 3) != "\xE2\x80\xA8" && text.substr(end, 3) != "\xE2\x80\xA9") {
        ++end;
      }
    }
    for (size_t i = static_cast<size_t>(url->comment_offset); i < end; ++i) {
      label[i] = kLabelMapComment;
    }
  }
  // Lines: [start, end) plus the terminator length.
  struct Line {
    size_t start, end, term;
  };
  std::vector<Line> lines;
  size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  for (size_t i = 0; i < start; ++i) {
    if (label[i] == kNone) {
      label[i] = kLabelUnmapped;
    }
  }
  size_t i = start;
  while (true) {
    if (i == size) {
      lines.push_back({start, i, 0});
      break;
    }
    size_t term = 0;
    if (text[i] == '\n') {
      term = 1;
    }
    if (text[i] == '\r') {
      term = i + 1 < size && text[i + 1] == '\n' ? 2 : 1;
    }
    if (text.substr(i, 3) == "\xE2\x80\xA8" || text.substr(i, 3) == "\xE2\x80\xA9") {
      term = 3;
    }
    if (term == 0) {
      ++i;
      continue;
    }
    lines.push_back({start, i, term});
    for (size_t k = i; k < i + term; ++k) {
      if (label[k] == kNone) {
        label[k] = kLabelLineTerminators;
      }
    }
    i += term;
    start = i;
  }
  std::vector<parsers::Mapping> mappings;
  Diagnostics quiet;
  parsers::decode_source_map(map, &mappings, quiet, parsers::DecodeOptions{});
  ByteAttribution out;
  out.by_source.assign(map.sources.size(), 0);
  out.file_size = size;
  for (size_t l = 0; l < lines.size(); ++l) {
    const Line& line = lines[l];
    // Byte offset of every unit boundary: boundary[u] = first byte whose units-before >= u.
    std::vector<size_t> unit_start;  // byte where unit u begins (both units of a pair: its start)
    for (size_t b = line.start; b < line.end;) {
      const size_t n = oracle_utf8_length(text, b);
      unit_start.push_back(b);
      if (n == 4) {
        unit_start.push_back(b);
      }
      b += n == 0 ? 1 : n;
    }
    const u64 units = unit_start.size();
    auto byte_of = [&](u64 column) -> size_t {
      if (column >= units) {
        return line.end;
      }
      size_t b = unit_start[column];
      // The second unit of a pair: the boundary is after the pair.
      if (column > 0 && unit_start[column - 1] == b) {
        b += 4;
      }
      return b;
    };
    std::vector<parsers::Mapping> on_line;
    for (const auto& m : mappings) {
      if (m.generated_line == l) {
        on_line.push_back(m);
      }
    }
    for (size_t k = 0; k < on_line.size(); ++k) {
      if (k > 0 && on_line[k].generated_column == on_line[k - 1].generated_column) {
        continue;
      }
      if (on_line[k].generated_column > units) {
        ++out.segments_past_eol;
      }
      size_t next = k + 1;
      while (next < on_line.size() &&
             on_line[next].generated_column == on_line[k].generated_column) {
        ++next;
      }
      const size_t from = byte_of(on_line[k].generated_column);
      const size_t to = next < on_line.size() ? byte_of(on_line[next].generated_column) : line.end;
      const i32 src = on_line[k].source;
      const i64 owner =
          src >= 0 && static_cast<size_t>(src) < map.sources.size() ? src : kLabelUnmapped;
      for (size_t b = from; b < to; ++b) {
        if (label[b] == kNone) {
          label[b] = owner;
        }
      }
    }
  }
  for (const auto& m : mappings) {
    out.segments_past_eof += m.generated_line >= lines.size();
  }
  for (const i64 x : label) {
    if (x >= 0) {
      ++out.by_source[static_cast<size_t>(x)];
    } else if (x == kLabelLineTerminators) {
      ++out.line_terminators;
    } else if (x == kLabelMapComment) {
      ++out.map_comment;
    } else {
      ++out.unmapped;
    }
  }
  return out;
}

std::string random_text(std::mt19937_64& rng) {
  static const std::vector<std::string> kPieces = {
      "a",
      "bc",
      "defgh",
      "0123456789abcdef",
      " ",
      "\n",
      "\n",
      "\r\n",
      "\r",
      "\xC3\xA9",          // U+00E9
      "\xE4\xB8\xAD",      // U+4E2D
      "\xF0\x9F\x98\x80",  // U+1F600
      "\xE2\x80\xA8",      // U+2028, a line terminator
      "\xE2\x80\xA9",      // U+2029, a line terminator
      "\xFF",              // invalid byte
      "\xE4\xB8",          // truncated sequence
      "\xED\xA0\x80",      // encoded surrogate, invalid
      "\xC2\x85",          // U+0085, not a terminator
      "\xE2\x80",          // truncated sequence
      "\xF0\x9F\x98",      // truncated sequence
  };
  std::string out;
  if (rng() % 8 == 0) {
    out += "\xEF\xBB\xBF";
  }
  const size_t n = rng() % 40;
  for (size_t i = 0; i < n; ++i) {
    out += kPieces[rng() % kPieces.size()];
  }
  switch (rng() % 4) {
    case 0:
      out += "\n//# sourceMappingURL=x.js.map";
      break;
    case 1:
      out += "\n//# sourceMappingURL=x.js.map \n\n";
      break;
    case 2:
      out += "/*# sourceMappingURL=x.css.map */";
      break;
    default:
      break;
  }
  return out;
}

/// Random mappings: random columns (also unsorted, equal and past the line end), random sources
/// (also out of range) and 1-field segments.
std::string random_mappings(std::mt19937_64& rng, size_t sources) {
  Lines lines(rng() % 12);
  for (auto& line : lines) {
    line.resize(rng() % 6);
    for (Seg& s : line) {
      s.column = static_cast<i64>(rng() % 30);
      const u64 r = rng() % 10;
      s.source = r == 0   ? kNoSource
                 : r == 1 ? static_cast<i64>(sources + rng() % 3)
                          : static_cast<i64>(rng() % (sources + 1));
      if (s.source == static_cast<i64>(sources)) {
        s.source = 0;
      }
    }
  }
  return encode(lines);
}

void expect_same(const ByteAttribution& a, const ByteAttribution& want, const std::string& what) {
  EXPECT_EQ(a.by_source, want.by_source) << what;
  EXPECT_EQ(a.unmapped, want.unmapped) << what;
  EXPECT_EQ(a.line_terminators, want.line_terminators) << what;
  EXPECT_EQ(a.map_comment, want.map_comment) << what;
  EXPECT_EQ(a.segments_past_eol, want.segments_past_eol) << what;
  EXPECT_EQ(a.segments_past_eof, want.segments_past_eof) << what;
}

/// Makes sure a random test reaches every bucket and both warnings, not just the easy cases.
struct Coverage {
  int sourced = 0, unmapped = 0, eol = 0, comment = 0, past_eol = 0, past_eof = 0;

  void add(const ByteAttribution& a) {
    sourced += std::any_of(a.by_source.begin(), a.by_source.end(), [](u64 n) { return n > 0; });
    unmapped += a.unmapped > 0;
    eol += a.line_terminators > 0;
    comment += a.map_comment > 0;
    past_eol += a.segments_past_eol > 0;
    past_eof += a.segments_past_eof > 0;
  }
  void expect_varied() const {
    for (const int n : {sourced, unmapped, eol, comment, past_eol, past_eof}) {
      EXPECT_GT(n, 50);
    }
  }
};

TEST(AttributionTest, RandomRegularMapsMatchTheOracle) {
  std::mt19937_64 rng(20260405);
  Coverage seen;
  for (int iter = 0; iter < 3000; ++iter) {
    const std::string text = random_text(rng);
    const size_t sources = 1 + rng() % 4;
    const auto map = parse(map_json(sources, random_mappings(rng, sources)));
    const auto kind = rng() % 2 ? parsers::ScriptKind::kJavaScript : parsers::ScriptKind::kCss;
    const ByteAttribution a = run(text, map, nullptr, kind);
    ASSERT_TRUE(check_attribution(a));
    expect_same(a, oracle(text, map, kind), "iteration " + std::to_string(iter));
    if (HasFailure()) {
      return;
    }
    seen.add(a);
  }
  seen.expect_varied();
}

TEST(AttributionTest, RandomIndexMapsMatchTheOracle) {
  std::mt19937_64 rng(7);
  Coverage seen;
  int backwards = 0;
  for (int iter = 0; iter < 2000; ++iter) {
    const std::string text = random_text(rng);
    std::vector<Section> sections(1 + rng() % 3);
    i64 line = 0;
    for (Section& s : sections) {
      // Mostly ordered offsets, sometimes overlapping or going back (the fallback path).
      const i64 before = line;
      line = rng() % 4 == 0 ? static_cast<i64>(rng() % 3) : line + static_cast<i64>(rng() % 3);
      backwards += line < before;
      s.line = line;
      s.column = static_cast<i64>(rng() % 6);
      s.sources = 1 + rng() % 3;
      s.mappings = random_mappings(rng, s.sources);
    }
    const auto map = parse(index_map_json(sections));
    const ByteAttribution a = run(text, map);
    ASSERT_TRUE(check_attribution(a));
    expect_same(a, oracle(text, map, parsers::ScriptKind::kJavaScript),
                "iteration " + std::to_string(iter));
    if (HasFailure()) {
      return;
    }
    seen.add(a);
  }
  seen.expect_varied();
  EXPECT_GT(backwards, 50);
}

TEST(AttributionTest, LongLinesMatchTheOracle) {
  // Lines long enough for the 8-byte paths, many segments per line.
  std::mt19937_64 rng(99);
  for (int iter = 0; iter < 200; ++iter) {
    std::string text;
    const size_t pieces = 50 + rng() % 400;
    for (size_t i = 0; i < pieces; ++i) {
      const u64 r = rng() % 100;
      text += r < 80   ? std::string(1 + rng() % 12, static_cast<char>('a' + rng() % 26))
              : r < 90 ? std::string("\xC3\xA9")
              : r < 95 ? std::string("\xF0\x9F\x98\x80")
              : r < 98 ? std::string("\n")
                       : std::string("\r\n");
    }
    Lines lines(1 + rng() % 5);
    for (auto& line : lines) {
      line.resize(rng() % 300);
      for (Seg& s : line) {
        s = Seg{static_cast<i64>(rng() % 1200), static_cast<i64>(rng() % 8)};
      }
      if (rng() % 2) {
        std::sort(line.begin(), line.end(),
                  [](const Seg& a, const Seg& b) { return a.column < b.column; });
      }
    }
    const auto map = parse(map_json(8, encode(lines)));
    const ByteAttribution a = run(text, map);
    expect_same(a, oracle(text, map, parsers::ScriptKind::kJavaScript),
                "iteration " + std::to_string(iter));
    if (HasFailure()) {
      return;
    }
  }
}

}  // namespace
}  // namespace mapsleuth::analyzer
