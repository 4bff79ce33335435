// Byte attribution: which original source every byte of a generated file (a bundle) comes from
// (DESIGN section 3 step 3, STYLE R12). bloaty's rule: segments label ranges, the first label wins,
// catch-alls take the rest, and every byte lands in exactly one bucket, so the buckets sum to the
// file size. docs/attribution.md has the definition with examples and the comparison with
// source-map-explorer.
//
// The buckets, in the order a byte is labelled (first label wins):
//  1. `map_comment`: the trailing `sourceMappingURL` comment found by
//     parsers::extract_mapping_url, from its `//` to the end of its line (JS; the terminator
//     excluded) or from its `/*` to the end of its `*/` (CSS).
//  2. `line_terminators`: the generated file's line terminators, ECMA-262 LineTerminatorSequence:
//     \n, \r\n (2 bytes, one terminator), a lone \r, U+2028 and U+2029 (3 bytes each). The same set
//     ECMA-426 11.1.2.1 splits on to find the comment; the spec does not yet say what a generated
//     line is (tc39/ecma426#212), and JS engines number lines with this set. CSS files use it too;
//     CSS Syntax newlines differ (form feed is one, U+2028/U+2029 are not), which matters only for
//     CSS that holds those characters raw.
//  3. a source index: on generated line L, a segment with a valid source owns the bytes from its
//     column to the next segment's column on L, or to the end of L. Columns are UTF-16 code units
//     (ECMA-426 section 5), converted per line with a forward cursor over the UTF-8 bytes.
//  4. `unmapped`: the rest: bytes before a line's first segment, bytes owned by 1-field segments
//     (no source) or by segments whose source index is invalid, lines without segments, and a
//     UTF-8 byte order mark at offset 0 (decoders strip it, so column 0 is the byte after it).
//
// Conversion details: a well-formed UTF-8 sequence (Unicode Table 3-7: no overlongs, no encoded
// surrogates, nothing above U+10FFFF) counts 1 code unit, or 2 for 4-byte sequences; every byte
// that does not start one counts 1 unit on its own (a stricter rule than WHATWG's "one U+FFFD per
// maximal subpart"; it only matters for files that are not UTF-8). A column that falls between
// the two units of a surrogate pair ends the range after the pair: a code point is never split.
// Segments on a line may come in any order: they are stably sorted by column and the first of
// equal columns wins. A column past the end of its line is clamped to the line end; a segment on a
// line past the end of the file is ignored. Both are counted and reported as warnings.
//
// Index maps: each part's mappings carry their section's line/column offsets, and a segment ends
// where the next segment on the line starts, whichever section that one comes from; between equal
// columns the earlier section wins.
//
// Cost: mappings are streamed (parsers::visit_mappings) and applied as they come: no memory per
// segment, one pass over the file. Only when a map's order needs it: if a line's columns go back,
// the map is redone buffering one line's segments at a time (a second decode); if index-map
// sections overlap or go back, all mappings are collected and sorted by line (O(segments) memory).
// Time is linear in the file and the mappings, plus the sorts of those fallbacks.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/mapping_url.h"
#include "parsers/mappings.h"
#include "parsers/source_map.h"
#include "parsers/types.h"

namespace mapsleuth {
class Diagnostics;
}  // namespace mapsleuth

namespace mapsleuth::analyzer {

/// Bytes of one generated file per bucket. Invariant (check_attribution): the sum of `by_source`,
/// `unmapped`, `line_terminators` and `map_comment` is `file_size`.
struct ByteAttribution {
  std::vector<u64> by_source;  ///< size == map.sources.size(); bytes owned by each source index
  u64 unmapped = 0;
  u64 line_terminators = 0;
  u64 map_comment = 0;
  u64 file_size = 0;
  // Not buckets: what did not fit (also reported as diagnostics).
  u64 segments_past_eol = 0;  ///< segments whose column lies past the end of their line (clamped)
  u64 segments_past_eof = 0;  ///< segments on lines the file does not have (ignored)

  /// Sum of all buckets.
  u64 total() const noexcept;
};

/// Labels of AttributedRange besides source indices (>= 0).
inline constexpr i64 kLabelUnmapped = -1;
inline constexpr i64 kLabelLineTerminators = -2;
inline constexpr i64 kLabelMapComment = -3;

/// One labelled byte range [begin, end) of the generated file (bloaty's --raw-map rows).
struct AttributedRange {
  u64 begin = 0;
  u64 end = 0;
  i64 label = kLabelUnmapped;  ///< a source index, or one of the kLabel* constants

  bool operator==(const AttributedRange&) const = default;
};

struct AttributionOptions {
  /// Which trailing-comment syntax `map_comment` looks for.
  parsers::ScriptKind kind = parsers::ScriptKind::kJavaScript;
  /// The result of parsers::extract_mapping_url(generated, kind) if the caller already has it
  /// (discover does; it costs a backward scan of the trailing comment lines, ~1 GB/s). nullptr:
  /// attribute_bytes runs it.
  const std::optional<parsers::MappingUrl>* comment = nullptr;
  /// When set, receives every labelled range in file order, adjacent ranges with equal labels
  /// merged; the ranges tile [0, file_size). For dumps and tests: it costs a push per range.
  std::vector<AttributedRange>* ranges = nullptr;
  /// Segments streamed per map at most (--max-segments); past it the rest is unmapped.
  u64 max_segments = parsers::DecodeOptions{}.max_segments;
};

/// Attributes every byte of `generated` to the sources of `map` (see the top of this file). Never
/// throws on bad input. Reports only what is specific to attribution into `diags`:
/// W_ATTRIBUTION_PAST_EOL and W_ATTRIBUTION_PAST_EOF, once each with a count. Problems of the
/// mappings themselves are the decoder's to report (decode_source_map); the segments it drops are
/// simply absent here, the ones it keeps without a source are unmapped.
ByteAttribution attribute_bytes(std::string_view generated, const parsers::SourceMap& map,
                                Diagnostics& diags, const AttributionOptions& options = {});

/// The byte range [first, second) of the trailing comment `url` (found by
/// parsers::extract_mapping_url on `generated`): JS from `//` to the end of its line, terminator
/// excluded; CSS from `/*` through the closing `*/`.
std::pair<u64, u64> map_comment_range(std::string_view generated, const parsers::MappingUrl& url,
                                      parsers::ScriptKind kind);

/// STYLE R12 (bloaty's CheckConsistency): true when the buckets sum exactly to the file size.
bool check_attribution(const ByteAttribution& a) noexcept;

}  // namespace mapsleuth::analyzer
