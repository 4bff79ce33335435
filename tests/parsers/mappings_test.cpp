// Tests for parsers/mappings.cpp: ECMA-426 section 9.2 semantics as reference_cli.py
// decode_mappings implements them, our salvage of grammar errors, diagnostics, and the agreement of
// the chunked parallel decoder with the scalar one.
#include "parsers/mappings.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "parsers/decoded_map.h"
#include "parsers/source_map.h"
#include "parsers/vlq.h"

namespace mapsleuth::parsers {

// Test-only equality and printing for the plain struct.
bool operator==(const Mapping& a, const Mapping& b) {
  return a.generated_line == b.generated_line && a.generated_column == b.generated_column &&
         a.source == b.source && a.original_line == b.original_line &&
         a.original_column == b.original_column && a.name == b.name;
}
void PrintTo(const Mapping& m, std::ostream* os) {
  *os << "{" << m.generated_line << ":" << m.generated_column << " src " << m.source << " "
      << m.original_line << ":" << m.original_column << " name " << m.name << "}";
}

namespace {

constexpr i64 kMax = (i64{1} << 31) - 1;
constexpr u32 kMaxU = 0x7fffffff;
constexpr u32 kU32Max = 0xffffffff;

Mapping unmapped(u32 line, u32 column) { return Mapping{line, column, -1, 0, 0, -1}; }
Mapping mapped(u32 line, u32 column, i32 source, u32 oline, u32 ocol, i32 name = -1) {
  return Mapping{line, column, source, oline, ocol, name};
}

struct Decoded {
  std::vector<Mapping> mappings;
  MappingsStats stats;
  Diagnostics diags;
};

MappingsPart part_of(std::string_view text, u32 sources = 1, u32 names = 1) {
  MappingsPart part;
  part.text = text;
  part.source_count = sources;
  part.name_count = names;
  return part;
}

Decoded decode_part(const MappingsPart& part, DecodeOptions opt = {}) {
  Decoded d;
  opt.parallel = false;
  d.stats = decode_mappings(part, &d.mappings, d.diags, opt);
  // The count-only path must agree on everything but the stored mappings.
  Diagnostics diags;
  const MappingsStats counted = decode_mappings(part, nullptr, diags, opt);
  EXPECT_EQ(counted.segments, d.stats.segments);
  EXPECT_EQ(counted.mapped, d.stats.mapped);
  EXPECT_EQ(counted.named, d.stats.named);
  EXPECT_EQ(counted.errors, d.stats.errors);
  EXPECT_EQ(diags.size(), d.diags.size());
  return d;
}

Decoded decode(std::string_view text, u32 sources = 1, u32 names = 1, DecodeOptions opt = {}) {
  return decode_part(part_of(text, sources, names), opt);
}

std::vector<ErrorCode> codes(const Diagnostics& diags) {
  std::vector<ErrorCode> out;
  for (const Diagnostic& d : diags.items()) {
    out.push_back(d.code);
  }
  return out;
}

std::vector<i64> offsets(const Diagnostics& diags) {
  std::vector<i64> out;
  for (const Diagnostic& d : diags.items()) {
    out.push_back(d.byte_offset);
  }
  return out;
}

std::string vlq(i64 v) {
  std::string s;
  encode_vlq(v, s);
  return s;
}

// ---- Lines and segment shapes
// --------------------------------------------------------------------

TEST(MappingsTest, EmptyStringHasNoLines) {
  const Decoded d = decode("");
  EXPECT_TRUE(d.mappings.empty());
  EXPECT_EQ(d.stats.gen_lines, 0u);
  EXPECT_EQ(d.stats.segments, 0u);
  EXPECT_TRUE(d.diags.empty());
}

TEST(MappingsTest, SemicolonsCountLinesPlusOne) {
  EXPECT_EQ(decode(";").stats.gen_lines, 2u);
  EXPECT_EQ(decode(";;;").stats.gen_lines, 4u);
  EXPECT_EQ(decode("A").stats.gen_lines, 1u);
  EXPECT_TRUE(decode(";;;").diags.empty());
  EXPECT_TRUE(decode(";;;").mappings.empty());
}

TEST(MappingsTest, OneFieldSegmentIsUnmapped) {
  const Decoded d = decode("C");
  EXPECT_EQ(d.mappings, (std::vector<Mapping>{unmapped(0, 1)}));
  EXPECT_EQ(d.stats.segments, 1u);
  EXPECT_EQ(d.stats.mapped, 0u);
}

TEST(MappingsTest, FourFieldSegmentMapsWithoutName) {
  const Decoded d = decode("CAEG");
  EXPECT_EQ(d.mappings, (std::vector<Mapping>{mapped(0, 1, 0, 2, 3)}));
  EXPECT_EQ(d.stats.mapped, 1u);
  EXPECT_EQ(d.stats.named, 0u);
}

TEST(MappingsTest, FiveFieldSegmentHasName) {
  const Decoded d = decode("CAAAC", 1, 2);
  EXPECT_EQ(d.mappings, (std::vector<Mapping>{mapped(0, 1, 0, 0, 0, 1)}));
  EXPECT_EQ(d.stats.named, 1u);
}

TEST(MappingsTest, TwoThreeAndSixFieldSegmentsAreSkippedWithoutDeltas) {
  for (std::string_view bad : {"CC", "CCC", "CCCCCC"}) {
    const std::string text = std::string(bad) + ",CAAA";
    const Decoded d = decode(text, 2);
    EXPECT_EQ(codes(d.diags), (std::vector{ErrorCode::kMappingsFieldCount})) << bad;
    EXPECT_EQ(offsets(d.diags), (std::vector<i64>{0})) << bad;
    // None of the bad segment's deltas applied: column 1, source 0.
    EXPECT_EQ(d.mappings, (std::vector<Mapping>{mapped(0, 1, 0, 0, 0)})) << bad;
    EXPECT_EQ(d.stats.segments, 1u) << bad;
  }
}

TEST(MappingsTest, ColumnResetsAtSemicolonOtherFieldsAccumulate) {
  // mapping-semantics-column-reset.js.map and mapping-semantics-relative-2.js.map
  EXPECT_EQ(decode("CAAA;CACA").mappings,
            (std::vector<Mapping>{mapped(0, 1, 0, 0, 0), mapped(1, 1, 0, 1, 0)}));
  EXPECT_EQ(decode("CCAEA;EACAC", 2, 2).mappings,
            (std::vector<Mapping>{mapped(0, 1, 1, 0, 2, 0), mapped(1, 2, 1, 1, 2, 1)}));
}

TEST(MappingsTest, UnsortedColumnsStayInTextOrder) {
  // vlq-valid-negative-digit.js.map: the caller sorts, the decoder does not.
  EXPECT_EQ(decode(";;eACG,bAAF").mappings,
            (std::vector<Mapping>{mapped(2, 15, 0, 1, 3), mapped(2, 2, 0, 1, 1)}));
}

// ---- Grammar errors: salvaged per segment ------------------------------------------------------

TEST(MappingsTest, DoubleCommaIsEmptySegment) {
  const Decoded d = decode("A,,C");
  EXPECT_EQ(codes(d.diags), (std::vector{ErrorCode::kMappingsEmptySegment}));
  EXPECT_EQ(offsets(d.diags), (std::vector<i64>{2}));
  EXPECT_EQ(d.mappings, (std::vector<Mapping>{unmapped(0, 0), unmapped(0, 1)}));
}

TEST(MappingsTest, LeadingAndTrailingCommasAreEmptySegments) {
  EXPECT_EQ(offsets(decode(",A").diags), (std::vector<i64>{0}));
  EXPECT_EQ(offsets(decode("A,").diags), (std::vector<i64>{2}));
  EXPECT_EQ(offsets(decode("A,;A").diags), (std::vector<i64>{2}));
  EXPECT_EQ(offsets(decode(";,").diags), (std::vector<i64>{1, 2}));
  EXPECT_EQ(decode(",,").diags.size(), 3u);  // three empty segments
}

TEST(MappingsTest, PaddingIsBadCharAndSkipsTheSegment) {
  // invalid-vlq-non-base64-char-padding.js.map
  const Decoded d = decode(";;A=");
  EXPECT_EQ(codes(d.diags), (std::vector{ErrorCode::kVlqBadChar}));
  EXPECT_EQ(offsets(d.diags), (std::vector<i64>{3}));
  EXPECT_TRUE(d.mappings.empty());
  EXPECT_EQ(d.stats.segments, 0u);
  EXPECT_EQ(d.stats.gen_lines, 3u);
}

TEST(MappingsTest, BadCharResumesAtNextSeparator) {
  const Decoded d = decode("CAAA,C!AAA,CAAA;E", 1);
  EXPECT_EQ(offsets(d.diags), (std::vector<i64>{6}));
  EXPECT_EQ(d.mappings,
            (std::vector<Mapping>{mapped(0, 1, 0, 0, 0), mapped(0, 2, 0, 0, 0), unmapped(1, 2)}));
}

TEST(MappingsTest, EveryNonBase64ByteIsReported) {
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    if (c == ',' || c == ';' || vlq_detail::kDigit[static_cast<u8>(c)] < 64) {
      continue;
    }
    const std::string text = std::string("A") + c + ",C";
    const Decoded d = decode(text);
    ASSERT_EQ(codes(d.diags), (std::vector{ErrorCode::kVlqBadChar})) << b;
    EXPECT_EQ(offsets(d.diags), (std::vector<i64>{1})) << b;
    EXPECT_EQ(d.mappings, (std::vector<Mapping>{unmapped(0, 1)})) << b;
  }
}

TEST(MappingsTest, DanglingContinuationPointsAtTheSeparatorOrEnd) {
  const Decoded a = decode("Ag,C");
  EXPECT_EQ(codes(a.diags), (std::vector{ErrorCode::kVlqDangling}));
  EXPECT_EQ(offsets(a.diags), (std::vector<i64>{2}));
  EXPECT_EQ(a.mappings, (std::vector<Mapping>{unmapped(0, 1)}));
  EXPECT_EQ(offsets(decode("Ag").diags), (std::vector<i64>{2}));
}

TEST(MappingsTest, MegabyteContinuationRuns) {
  const std::string run(1 << 20, 'g');
  const Decoded ok = decode("A,i" + run + "A");  // valid-mapping-large-vlq.js.map, scaled up
  EXPECT_TRUE(ok.diags.empty());
  EXPECT_EQ(ok.mappings, (std::vector<Mapping>{unmapped(0, 0), unmapped(0, 1)}));
  const Decoded dangling = decode("A,i" + run);
  EXPECT_EQ(codes(dangling.diags), (std::vector{ErrorCode::kVlqDangling}));
  EXPECT_EQ(offsets(dangling.diags), (std::vector<i64>{3 + (1 << 20)}));
}

// ---- Value semantics (ECMA-426 section 9.2.1.1)
// --------------------------------------------------

TEST(MappingsTest, NegativeColumnDropsSegmentAndSkipsItsOtherDeltas) {
  // Segment 1 takes the column to -1: dropped, its source delta (+1) NOT applied, but the column
  // state keeps -1, so segment 2 lands on column 0 with source 0.
  const Decoded d = decode("C,FCAA,CAAA", 2);
  EXPECT_EQ(codes(d.diags), (std::vector{ErrorCode::kMappingsNegativeColumn}));
  EXPECT_EQ(offsets(d.diags), (std::vector<i64>{2}));
  EXPECT_EQ(d.mappings, (std::vector<Mapping>{unmapped(0, 1), mapped(0, 0, 0, 0, 0)}));
  EXPECT_EQ(d.stats.segments, 3u);  // the dropped segment still counts
}

TEST(MappingsTest, NegativeColumnHidesOverflowInLaterFields) {
  // reference_cli.py never evaluates the other VLQs of a negative-column segment.
  const Decoded d = decode("DggggggEAA");
  EXPECT_EQ(codes(d.diags), (std::vector{ErrorCode::kMappingsNegativeColumn}));
}

TEST(MappingsTest, OverflowIsHardAndSkipsTheWholeSegment) {
  const Decoded d = decode("C,CggggggEAA,CAAA", 1);
  EXPECT_EQ(codes(d.diags), (std::vector{ErrorCode::kVlqOverflow}));
  EXPECT_EQ(offsets(d.diags), (std::vector<i64>{3}));
  EXPECT_EQ(d.diags.items()[0].severity, Severity::kError);
  // The overflowing segment's column delta is not applied either.
  EXPECT_EQ(d.mappings, (std::vector<Mapping>{unmapped(0, 1), mapped(0, 2, 0, 0, 0)}));
  EXPECT_EQ(d.stats.segments, 3u);
}

TEST(MappingsTest, SourceOutOfRangeKeepsMappingWithoutPosition) {
  const Decoded d = decode("ACAA,CDAA", 1);
  EXPECT_EQ(codes(d.diags), (std::vector{ErrorCode::kMappingsSourceIndex}));
  EXPECT_EQ(offsets(d.diags), (std::vector<i64>{1}));
  // The delta stays applied: the next segment's -1 brings the source back to 0.
  EXPECT_EQ(d.mappings, (std::vector<Mapping>{unmapped(0, 0), mapped(0, 1, 0, 0, 0)}));
  EXPECT_EQ(d.stats.mapped, 1u);
}

TEST(MappingsTest, NegativeSourceIsOutOfRange) {
  EXPECT_EQ(codes(decode("ADAA").diags), (std::vector{ErrorCode::kMappingsSourceIndex}));
}

TEST(MappingsTest, NegativeOriginalLineAndColumn) {
  const Decoded line = decode("AADA");
  EXPECT_EQ(codes(line.diags), (std::vector{ErrorCode::kMappingsOriginalLine}));
  EXPECT_EQ(offsets(line.diags), (std::vector<i64>{2}));
  EXPECT_EQ(line.mappings, (std::vector<Mapping>{unmapped(0, 0)}));
  const Decoded column = decode("AAAD");
  EXPECT_EQ(codes(column.diags), (std::vector{ErrorCode::kMappingsOriginalColumn}));
  EXPECT_EQ(offsets(column.diags), (std::vector<i64>{3}));
}

TEST(MappingsTest, NameOutOfRangeKeepsPosition) {
  const Decoded d = decode("AAAAC", 1, 1);
  EXPECT_EQ(codes(d.diags), (std::vector{ErrorCode::kMappingsNameIndex}));
  EXPECT_EQ(offsets(d.diags), (std::vector<i64>{4}));
  EXPECT_EQ(d.mappings, (std::vector<Mapping>{mapped(0, 0, 0, 0, 0, -1)}));
  EXPECT_EQ(d.stats.named, 0u);
  EXPECT_EQ(codes(decode("AAAAD", 1, 1).diags), (std::vector{ErrorCode::kMappingsNameIndex}));
}

TEST(MappingsTest, BoundaryValuesDecode) {
  // valid-mapping-boundary-values.js.map
  const Decoded d = decode("+/////DA+/////D+/////DA");
  EXPECT_TRUE(d.diags.empty());
  EXPECT_EQ(d.mappings, (std::vector<Mapping>{mapped(0, kMaxU, 0, kMaxU, kMaxU, 0)}));
}

TEST(MappingsTest, AccumulationPast32BitsIsValueRange) {
  // Two 2^31-1 deltas still fit a u32 column; a third does not (ecma426.md section 2.5).
  const std::string big = vlq(kMax);
  const Decoded d = decode(big + "," + big + "," + big + "," + vlq(-kMax));
  EXPECT_EQ(codes(d.diags), (std::vector{ErrorCode::kMappingsValueRange}));
  EXPECT_EQ(offsets(d.diags), (std::vector<i64>{16}));
  // The dropped segment's column stays in the state: the last one lands back on 2 * (2^31 - 1).
  EXPECT_EQ(d.mappings, (std::vector<Mapping>{unmapped(0, kMaxU), unmapped(0, 2 * kMaxU),
                                              unmapped(0, 2 * kMaxU)}));

  const Decoded line = decode("AA" + big + "A,AA" + big + "A,AA" + big + "A");
  EXPECT_EQ(codes(line.diags), (std::vector{ErrorCode::kMappingsValueRange}));
  EXPECT_EQ(line.mappings.size(), 3u);
  EXPECT_EQ(line.mappings[2].source, -1);
}

TEST(MappingsTest, PartOffsetsAndBasesApply) {
  MappingsPart part = part_of("CAAAA;CAAAA", 1, 1);
  part.line_offset = 10;
  part.column_offset = 5;
  part.source_base = 3;
  part.name_base = 7;
  const Decoded d = decode_part(part);
  EXPECT_TRUE(d.diags.empty());
  // The column offset applies to the part's first line only (ECMA-426 section 10.1).
  EXPECT_EQ(d.mappings,
            (std::vector<Mapping>{mapped(10, 6, 3, 0, 0, 7), mapped(11, 1, 3, 0, 0, 7)}));
}

TEST(MappingsTest, OffsetsPastU32AreValueRange) {
  MappingsPart columns = part_of("A,C;C");
  columns.column_offset = kU32Max;
  const Decoded c = decode_part(columns);
  EXPECT_EQ(codes(c.diags), (std::vector{ErrorCode::kMappingsValueRange}));
  EXPECT_EQ(c.mappings, (std::vector<Mapping>{unmapped(0, kU32Max), unmapped(1, 1)}));

  MappingsPart lines = part_of("A;A;A");
  lines.line_offset = kU32Max - 1;
  const Decoded l = decode_part(lines);
  EXPECT_EQ(codes(l.diags), (std::vector{ErrorCode::kMappingsValueRange}));
  EXPECT_EQ(offsets(l.diags), (std::vector<i64>{4}));
  EXPECT_EQ(l.mappings.size(), 2u);

  MappingsPart sources = part_of("AAAA,ACAA", 2);
  sources.source_base = static_cast<u32>(kMax);  // index 1 would not fit an i32
  const Decoded s = decode_part(sources);
  EXPECT_EQ(codes(s.diags), (std::vector{ErrorCode::kMappingsValueRange}));
  EXPECT_EQ(s.mappings[0].source, static_cast<i32>(kMax));
  EXPECT_EQ(s.mappings[1].source, -1);
}

TEST(MappingsTest, AppendsAfterExistingMappings) {
  std::vector<Mapping> out{unmapped(99, 99)};
  Diagnostics diags;
  decode_mappings(part_of("C"), &out, diags, DecodeOptions{});
  EXPECT_EQ(out, (std::vector<Mapping>{unmapped(99, 99), unmapped(0, 1)}));
}

TEST(MappingsTest, VisitStreamsTheSameMappingsWithoutStoring) {
  const MappingsPart part = part_of("CAAA,C!,AAAAC;,EACA", 1, 1);
  std::vector<Mapping> seen;
  Diagnostics diags;
  const MappingsStats stats = visit_mappings(
      part, [&](const Mapping& m) { seen.push_back(m); }, diags, DecodeOptions{});
  const Decoded d = decode_part(part);
  EXPECT_EQ(seen, d.mappings);
  EXPECT_EQ(stats.segments, d.stats.segments);
  EXPECT_EQ(stats.errors, d.stats.errors);
  EXPECT_EQ(codes(diags), codes(d.diags));
}

TEST(MappingsTest, SegmentLimitStopsDecoding) {
  DecodeOptions opt;
  opt.max_segments = 2;
  const Decoded d = decode("A,C;E,G", 1, 1, opt);
  EXPECT_EQ(codes(d.diags), (std::vector{ErrorCode::kLimitSegments}));
  EXPECT_EQ(offsets(d.diags), (std::vector<i64>{4}));
  EXPECT_EQ(d.diags.items()[0].severity, Severity::kError);
  EXPECT_EQ(d.mappings.size(), 2u);
  EXPECT_EQ(d.stats.segments, 2u);
}

// ---- Diagnostics: severity, messages, cap -------------------------------------------------------

TEST(MappingsTest, OptionalErrorsWarnWhenLenientAndFailWhenStrict) {
  DecodeOptions strict;
  strict.strict = true;
  for (std::string_view text : {"A,,A", "A=", "AA", "Ag", "F", "ACAA", "AADA", "AAAAC"}) {
    EXPECT_EQ(decode(text).diags.count(Severity::kError), 0u) << text;
    EXPECT_EQ(decode(text).diags.count(Severity::kWarning), 1u) << text;
    EXPECT_EQ(decode(text, 1, 1, strict).diags.count(Severity::kError), 1u) << text;
  }
  EXPECT_EQ(decode("ggggggE").diags.count(Severity::kError), 1u);  // hard in both modes
}

TEST(MappingsTest, MessageNamesSegmentAndLine) {
  const Decoded d = decode("A;A,A,A!");
  ASSERT_EQ(d.diags.size(), 1u);
  EXPECT_EQ(d.diags.items()[0].message,
            "character is not a base64 digit: byte 0x21 '!' in segment 2 at line 1");
  MappingsPart part = part_of("AAAAC");
  part.line_offset = 4;
  const Decoded n = decode_part(part);
  EXPECT_EQ(n.diags.items()[0].message,
            "name index is out of range: name index 1 not in [0, 1) in segment 0 at line 4");
}

TEST(MappingsTest, CapsDiagnosticsAtTwentyPerCode) {
  std::string text;
  for (int i = 0; i < 25; ++i) {
    text += "A=,";
  }
  text += "AA";  // one field-count error: a different code keeps its own budget
  const Decoded d = decode(text);
  EXPECT_EQ(d.stats.errors, 26u);
  ASSERT_EQ(d.diags.size(), 22u);
  EXPECT_EQ(d.diags.items()[19].code, ErrorCode::kVlqBadChar);
  EXPECT_EQ(d.diags.items()[20].code, ErrorCode::kMappingsFieldCount);
  const Diagnostic& last = d.diags.items()[21];
  EXPECT_EQ(last.code, ErrorCode::kVlqBadChar);
  EXPECT_EQ(last.byte_offset, -1);
  EXPECT_EQ(last.message, "character is not a base64 digit: 5 further occurrences suppressed");
}

// ---- Conformance maps
// ------------------------------------------------------------------------------

std::string conformance_dir() {
  const char* env = std::getenv("MAPSLEUTH_CONFORMANCE_DIR");
  return env != nullptr ? env : "/work/shared/conformance/resources";
}

struct MapFile {
  std::string mappings;
  u32 sources = 0;
  u32 names = 0;
};

bool load_map(const std::string& name, MapFile& out) {
  simdjson::padded_string json;
  if (simdjson::padded_string::load(conformance_dir() + "/" + name).get(json)) {
    return false;
  }
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc = parser.iterate(json);
  simdjson::ondemand::object obj = doc.get_object();
  for (auto field : obj) {
    std::string_view key = field.unescaped_key();
    if (key == "mappings") {
      out.mappings = std::string(std::string_view(field.value().get_string()));
    } else if (key == "sources" || key == "names") {
      simdjson::ondemand::array array = field.value().get_array();
      size_t n = 0;
      if (array.count_elements().get(n)) {
        return false;
      }
      (key == "sources" ? out.sources : out.names) = static_cast<u32>(n);
    }
  }
  return true;
}

struct ConformanceCase {
  const char* file;
  std::vector<Mapping> expected;  // from `reference_cli.py decode FILE`, in text order
  std::vector<ErrorCode> errors;  // our codes for the reference's errors
};

TEST(MappingsTest, AgreesWithReferenceOnConformanceMaps) {
  const std::vector<ConformanceCase> cases = {
      {"valid-mapping-large-vlq.js.map", {unmapped(0, 1)}, {}},
      {"valid-mapping-boundary-values.js.map", {mapped(0, kMaxU, 0, kMaxU, kMaxU, 0)}, {}},
      {"mapping-semantics-column-reset.js.map", {mapped(0, 1, 0, 0, 0), mapped(1, 1, 0, 1, 0)}, {}},
      {"mapping-semantics-relative-1.js.map", {mapped(0, 1, 1, 0, 0), mapped(0, 5, 1, 0, 4)}, {}},
      {"mapping-semantics-relative-2.js.map",
       {mapped(0, 1, 1, 0, 2, 0), mapped(1, 2, 1, 1, 2, 1)},
       {}},
      {"vlq-valid-negative-digit.js.map", {mapped(2, 15, 0, 1, 3), mapped(2, 2, 0, 1, 1)}, {}},
      {"vlq-valid-continuation-bit-present-1.js.map", {mapped(0, 15, 0, 0, 1)}, {}},
      {"valid-mapping-empty-groups.js.map", {}, {}},
      {"invalid-mapping-segment-column-too-large.js.map", {}, {ErrorCode::kVlqOverflow}},
      {"invalid-mapping-segment-source-index-too-large.js.map", {}, {ErrorCode::kVlqOverflow}},
      {"invalid-vlq-non-base64-char-padding.js.map", {}, {ErrorCode::kVlqBadChar}},
      {"invalid-mapping-segment-negative-relative-column.js.map",
       {unmapped(0, 1)},
       {ErrorCode::kMappingsNegativeColumn}},
  };
  for (const ConformanceCase& c : cases) {
    MapFile map;
    if (!load_map(c.file, map)) {
      GTEST_SKIP() << "conformance maps not found in " << conformance_dir();
    }
    const Decoded d = decode(map.mappings, map.sources, map.names);
    EXPECT_EQ(codes(d.diags), c.errors) << c.file;
    // The reference drops every mapping on a hard or grammar error; we salvage, so only compare
    // mappings where it kept them.
    if (c.errors.empty() || c.errors[0] == ErrorCode::kMappingsNegativeColumn) {
      EXPECT_EQ(d.mappings, c.expected) << c.file;
    }
  }
}

// ---- Scalar vs parallel
// --------------------------------------------------------------------------

struct Run {
  std::vector<Mapping> mappings;
  MappingsStats stats;
  Diagnostics diags;
};

Run run(const MappingsPart& part, DecodeOptions opt, bool store) {
  Run r;
  r.stats = decode_mappings(part, store ? &r.mappings : nullptr, r.diags, opt);
  return r;
}

void expect_same(const Run& a, const Run& b, const std::string& what) {
  EXPECT_EQ(a.mappings, b.mappings) << what;
  EXPECT_EQ(a.stats.segments, b.stats.segments) << what;
  EXPECT_EQ(a.stats.gen_lines, b.stats.gen_lines) << what;
  EXPECT_EQ(a.stats.mapped, b.stats.mapped) << what;
  EXPECT_EQ(a.stats.named, b.stats.named) << what;
  EXPECT_EQ(a.stats.errors, b.stats.errors) << what;
  ASSERT_EQ(a.diags.size(), b.diags.size()) << what;
  for (size_t i = 0; i < a.diags.size(); ++i) {
    const Diagnostic& x = a.diags.items()[i];
    const Diagnostic& y = b.diags.items()[i];
    EXPECT_EQ(x.code, y.code) << what << " #" << i;
    EXPECT_EQ(x.severity, y.severity) << what << " #" << i;
    EXPECT_EQ(x.byte_offset, y.byte_offset) << what << " #" << i;
    EXPECT_EQ(x.message, y.message) << what << " #" << i;
  }
}

/// Random valid mappings: `lines` lines of `min_per_line` to `max_per_line` segments, mostly small
/// deltas, columns never negative.
std::string random_mappings(std::mt19937_64& rng, int lines, int min_per_line, int max_per_line,
                            u32 sources, u32 names) {
  std::string s;
  i64 src = 0;
  i64 name = 0;
  i64 oline = 0;
  i64 ocol = 0;
  auto small = [&](i64 lo, i64 hi) { return std::uniform_int_distribution<i64>(lo, hi)(rng); };
  for (int l = 0; l < lines; ++l) {
    if (l > 0) {
      s += ';';
    }
    i64 col = 0;
    const int n = static_cast<int>(small(min_per_line, max_per_line));
    for (int k = 0; k < n; ++k) {
      if (k > 0) {
        s += ',';
      }
      const i64 dcol = small(0, 9) == 0 ? small(-col, 5000) : small(0, 20);
      col += dcol;
      s += vlq(dcol);
      const int shape = static_cast<int>(small(0, 9));
      if (shape == 0) {
        continue;  // 1 field
      }
      const i64 nsrc = small(0, sources - 1);
      s += vlq(nsrc - src);
      src = nsrc;
      const i64 nline = std::max<i64>(0, oline + small(-3, 5));
      s += vlq(nline - oline);
      oline = nline;
      const i64 ncol = small(0, 9) == 0 ? small(0, 100000) : small(0, 80);
      s += vlq(ncol - ocol);
      ocol = ncol;
      if (shape < 4) {
        const i64 nname = small(0, names - 1);
        s += vlq(nname - name);
        name = nname;
      }
    }
  }
  return s;
}

std::string corrupt(std::mt19937_64& rng, std::string s) {
  static const std::vector<std::string> kPieces = {",",       ";",
                                                   ",,",      "=",
                                                   "!",       "g",
                                                   "\xff",    "A",
                                                   "D",       "F",
                                                   "ggggggE", "AAAAAA",
                                                   "AA",      "+/////D",
                                                   "//////D", std::string(1, '\0'),
                                                   "B",       "gggggggggggggggggggA"};
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits && !s.empty(); ++e) {
    const size_t at = rng() % s.size();
    const std::string& piece = kPieces[rng() % kPieces.size()];
    switch (rng() % 3) {
      case 0:
        s.insert(at, piece);
        break;
      case 1:
        s.replace(at, 1, piece);
        break;
      default:
        s.erase(at, 1 + rng() % 3);
        break;
    }
  }
  return s;
}

void check_scalar_equals_parallel(const MappingsPart& part, size_t chunk, bool strict,
                                  const std::string& what) {
  DecodeOptions scalar;
  scalar.parallel = false;
  scalar.strict = strict;
  DecodeOptions parallel = scalar;
  parallel.parallel = true;
  parallel.chunk_bytes = chunk;
  for (bool store : {true, false}) {
    expect_same(run(part, scalar, store), run(part, parallel, store),
                what + (store ? " store" : " count"));
  }
}

TEST(MappingsParallelTest, MatchesScalarOnRandomValidMappings) {
  std::mt19937_64 rng(20260331);
  for (int iter = 0; iter < 40; ++iter) {
    const u32 sources = 1 + static_cast<u32>(rng() % 50);
    const u32 names = 1 + static_cast<u32>(rng() % 50);
    const std::string text =
        random_mappings(rng, 1 + static_cast<int>(rng() % 20), 0, 300, sources, names);
    MappingsPart part = part_of(text, sources, names);
    part.line_offset = static_cast<u32>(rng() % 3);
    part.column_offset = static_cast<u32>(rng() % 100);
    part.source_base = static_cast<u32>(rng() % 7);
    part.name_base = static_cast<u32>(rng() % 7);
    for (size_t chunk : {size_t{1}, size_t{7}, size_t{64}, size_t{1000}}) {
      check_scalar_equals_parallel(part, chunk, iter % 2 == 0,
                                   "valid iter " + std::to_string(iter));
    }
  }
}

TEST(MappingsParallelTest, MatchesScalarOnLongSingleLines) {
  std::mt19937_64 rng(426);
  for (int lines : {1, 3}) {
    const std::string text = random_mappings(rng, lines, 100000, 150000, 40, 30);
    const MappingsPart part = part_of(text, 40, 30);
    ASSERT_GT(text.size(), 500000u);
    check_scalar_equals_parallel(part, 64, false, "long lines " + std::to_string(lines));
    // A clean map must not fall back: the parallel path really ran.
    Diagnostics diags;
    MappingsStats stats;
    DecodeOptions opt;
    opt.chunk_bytes = 64;
    EXPECT_TRUE(mappings_detail::decode_parallel(part, nullptr, diags, opt, stats));
    EXPECT_GE(stats.segments, 100000u);
  }
}

TEST(MappingsParallelTest, MatchesScalarOnRandomCorruptedMappings) {
  std::mt19937_64 rng(7);
  for (int iter = 0; iter < 300; ++iter) {
    const u32 sources = 1 + static_cast<u32>(rng() % 5);
    const u32 names = static_cast<u32>(rng() % 3);
    const std::string text = corrupt(
        rng, random_mappings(rng, 1 + static_cast<int>(rng() % 6), 0, 60, sources + 2, names + 2));
    const MappingsPart part = part_of(text, sources, names);
    for (size_t chunk : {size_t{3}, size_t{64}}) {
      check_scalar_equals_parallel(part, chunk, iter % 3 == 0,
                                   "corrupt iter " + std::to_string(iter) + ": " + text);
    }
  }
}

TEST(MappingsParallelTest, RangeErrorsAndOverflowStayParallel) {
  // Out-of-range sources/names and overflow do not depend on a summary's missing piece: the
  // parallel path must handle them itself (and agree with scalar), not fall back.
  std::mt19937_64 rng(99);
  std::string text = random_mappings(rng, 2, 10000, 20000, 10, 10);
  text += ",AggggggEAA,AUAA,AAAAU;" + random_mappings(rng, 1, 10000, 20000, 10, 10);
  const MappingsPart part = part_of(text, 5, 5);
  check_scalar_equals_parallel(part, 64, false, "range errors");
  Diagnostics diags;
  MappingsStats stats;
  DecodeOptions opt;
  opt.chunk_bytes = 64;
  EXPECT_TRUE(mappings_detail::decode_parallel(part, nullptr, diags, opt, stats));
  EXPECT_GT(stats.errors, 20u);
}

TEST(MappingsParallelTest, FallsBackOnNegativeColumnAndGrammarErrors) {
  std::mt19937_64 rng(5);
  const std::string base = random_mappings(rng, 1, 1000, 2000, 5, 5);
  std::vector<std::string> texts(3, base);
  texts[0].append(",").append(vlq(-100000000)).append(",A,").append(base);  // negative column
  texts[1].append(",,A");                                                   // empty segment
  texts[2].append(",A!,").append(base);                                     // bad character
  for (const std::string& text : texts) {
    const MappingsPart part = part_of(text, 5, 5);
    Diagnostics diags;
    MappingsStats stats;
    DecodeOptions opt;
    opt.chunk_bytes = 64;
    std::vector<Mapping> out;
    EXPECT_FALSE(mappings_detail::decode_parallel(part, &out, diags, opt, stats));
    EXPECT_TRUE(out.empty());
    EXPECT_TRUE(diags.empty());
    check_scalar_equals_parallel(part, 64, false, "fallback");
  }
}

TEST(MappingsParallelTest, SegmentLimitFallsBackToScalarResult) {
  std::mt19937_64 rng(11);
  const std::string text = random_mappings(rng, 2, 2000, 5000, 5, 5);
  DecodeOptions scalar;
  scalar.parallel = false;
  scalar.max_segments = 1234;
  DecodeOptions parallel = scalar;
  parallel.parallel = true;
  parallel.chunk_bytes = 64;
  const MappingsPart part = part_of(text, 5, 5);
  expect_same(run(part, scalar, true), run(part, parallel, true), "limit");
  EXPECT_EQ(run(part, parallel, true).mappings.size(), 1234u);
}

// decode_source_map decodes an index map's sections in parallel when it only counts (validate,
// scan); what it reports must be what the serial decode into a vector reports, in the same order:
// each section's own errors, then the overlap of a section with the one before it.
TEST(DecodeSourceMap, IndexMapSectionsInParallelReportWhatTheSerialDecodeReports) {
  std::string doc = R"({"version":3,"sections":[)";
  for (int k = 0; k < 40; ++k) {
    // Every fifth section has a bad segment; every seventh reaches column 40 of its line, past
    // the next section's start at column 10 of the same line.
    std::string mappings = k % 5 == 0 ? "AAAA,C!AA" : k % 7 == 0 ? "AAAA,wCAAA" : "AAAA;AACA";
    const int line = k % 7 == 0 ? 2 * k + 1 : k % 7 == 1 ? 2 * k - 1 : 2 * k;
    const int column = k % 7 == 1 ? 10 : 0;
    doc += std::string(k ? "," : "") + R"({"offset":{"line":)" + std::to_string(line) +
           R"(,"column":)" + std::to_string(column) + R"(},"map":{"version":3,"sources":["s)" +
           std::to_string(k) + R"(.ts"],"mappings":")" + mappings + "\"}}";
  }
  doc += "]}";
  Diagnostics parse_diags;
  auto map = parse_source_map(doc, 0, parse_diags, ParseOptions{});
  ASSERT_TRUE(map.ok());
  ASSERT_EQ(map.value().parts.size(), 40U);
  for (const Diagnostic& d : parse_diags.items()) ADD_FAILURE() << d.message;

  Diagnostics counted("in", "cli.js.map");
  Diagnostics stored("in", "cli.js.map");
  std::vector<Mapping> mappings;
  MapStats a = decode_source_map(map.value(), nullptr, counted, DecodeOptions{});
  MapStats b = decode_source_map(map.value(), &mappings, stored, DecodeOptions{});
  EXPECT_EQ(a.segments, b.segments);
  EXPECT_EQ(a.gen_lines, b.gen_lines);
  EXPECT_EQ(a.mapped, b.mapped);
  EXPECT_TRUE(counted.has(ErrorCode::kIndexOrder));
  EXPECT_EQ(counted.size(), 12U);  // 8 bad segments, 4 overlaps
  ASSERT_EQ(counted.size(), stored.size());
  for (size_t i = 0; i < counted.size(); ++i) {
    const Diagnostic& x = counted.items()[i];
    const Diagnostic& y = stored.items()[i];
    EXPECT_EQ(x.code, y.code) << i;
    EXPECT_EQ(x.message, y.message) << i;
    EXPECT_EQ(x.byte_offset, y.byte_offset) << i;
    EXPECT_EQ(x.entry, "cli.js.map") << i;
  }
}

}  // namespace
}  // namespace mapsleuth::parsers
