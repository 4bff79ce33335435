// Byte attribution (see attribution.h for the rules). One forward pass over the generated file,
// one line at a time, driven by the streamed mappings: a line is opened (its end found) at its
// first segment, each segment closes the previous segment's range, and the first mapping of a
// later line closes the open line and every line before the new one.
#include "analyzer/attribution.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "parsers/diagnostics.h"
#include "parsers/mappings.h"

namespace mapsleuth::analyzer {
namespace {

constexpr u64 kOnes = 0x0101010101010101ull;
constexpr u64 kHighBits = 0x8080808080808080ull;

inline u64 load8(const u8* p) noexcept {
  u64 w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

/// Nonzero iff some byte of `w` equals `b` (exact as a whole; the bit positions are not).
inline u64 has_byte(u64 w, u8 b) noexcept {
  const u64 x = w ^ (kOnes * b);
  return (x - kOnes) & ~x & kHighBits;
}

/// Where a generated line ends. `end` is the first byte of its terminator (or the file end),
/// `next` the first byte of the following line (`next == end` only for the last line).
struct LineSpan {
  u64 end = 0;
  u64 next = 0;
  bool ascii = true;  ///< no byte >= 0x80 in [start, end): UTF-16 column == byte offset
};

/// Finds the end of the line starting at `pos` (ECMA-262 LineTerminatorSequence: \n, \r\n, \r,
/// U+2028, U+2029) and whether it is pure ASCII.
// PERF: attribution_bench BM_Attribute on the synthetic cli.js (30.8 MB, 790 k lines): eight bytes
// per step while no byte is \n, \r or >= 0x80.
LineSpan scan_line(const u8* base, u64 pos, u64 size) noexcept {
  LineSpan s;
  u64 p = pos;
  for (;;) {
    while (p + 8 <= size) {
      const u64 w = load8(base + p);
      if ((has_byte(w, '\n') | has_byte(w, '\r') | (w & kHighBits)) != 0) {
        break;
      }
      p += 8;
    }
    // A stop byte is within the next 8 bytes, or the tail is shorter than 8: go bytewise up to
    // the first stop byte, then back to the word loop.
    const u64 limit = std::min(size, p + 8);
    for (; p < limit; ++p) {
      const u8 c = base[p];
      if (c == '\n') {
        s.end = p;
        s.next = p + 1;
        return s;
      }
      if (c == '\r') {
        s.end = p;
        s.next = p + 1 < size && base[p + 1] == '\n' ? p + 2 : p + 1;
        return s;
      }
      if (c >= 0x80) {
        s.ascii = false;
        if (c == 0xE2 && p + 2 < size && base[p + 1] == 0x80 &&
            (base[p + 2] == 0xA8 || base[p + 2] == 0xA9)) {
          s.end = p;
          s.next = p + 3;
          return s;
        }
        ++p;
        break;
      }
    }
    if (p >= size) {
      s.end = size;
      s.next = size;
      return s;
    }
  }
}

inline bool is_continuation(u8 c) noexcept { return (c & 0xC0) == 0x80; }

/// Length of the well-formed UTF-8 sequence at p (p < end, *p >= 0x80) per Unicode Table 3-7, or
/// 0 when the byte does not start one.
inline u64 utf8_length(const u8* p, const u8* end) noexcept {
  const u8 c = p[0];
  const auto left = static_cast<u64>(end - p);
  if (c >= 0xC2 && c <= 0xDF) {
    return left >= 2 && is_continuation(p[1]) ? 2 : 0;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3) {
      return 0;
    }
    const u8 lo = c == 0xE0 ? 0xA0 : 0x80;  // no overlongs
    const u8 hi = c == 0xED ? 0x9F : 0xBF;  // no encoded surrogates
    return p[1] >= lo && p[1] <= hi && is_continuation(p[2]) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4) {
      return 0;
    }
    const u8 lo = c == 0xF0 ? 0x90 : 0x80;  // no overlongs
    const u8 hi = c == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    return p[1] >= lo && p[1] <= hi && is_continuation(p[2]) && is_continuation(p[3]) ? 4 : 0;
  }
  return 0;
}

/// A position on a non-ASCII line: a byte pointer and the UTF-16 units before it.
struct Utf16Cursor {
  const u8* p = nullptr;
  u64 units = 0;

  /// Moves forward by whole code points until `units >= target` or the line end. Never moves
  /// back: the segments of a line are visited in column order, so a line costs one pass.
  void seek(u64 target, const u8* end) noexcept {
    while (units < target && p < end) {
      if (target - units >= 8 && end - p >= 8 && (load8(p) & kHighBits) == 0) {
        p += 8;
        units += 8;
        continue;
      }
      if (*p < 0x80) {
        ++p;
        ++units;
        continue;
      }
      const u64 n = utf8_length(p, end);
      if (n == 0) {  // not UTF-8: one unit per byte (attribution.h)
        ++p;
        ++units;
      } else {
        p += n;
        units += n == 4 ? 2 : 1;
      }
    }
  }
};

/// One buffered segment of a line (kBuffered mode).
struct LineSegment {
  u32 column = 0;
  i32 source = -1;
};

/// What push() made of a mapping.
enum class Push : u8 {
  kOk,
  kColumnBack,  ///< kStreaming only: a column below the previous one on the line
  kLineBack,    ///< a line below the current one
};

/// How the Attributor receives a line's segments.
enum class Mode : u8 {
  /// Each segment is applied as it arrives: no memory per segment. Needs columns in order within
  /// each line (equal ones are fine).
  kStreaming,
  /// A line's segments are buffered, stably sorted by column at the line's end, then applied.
  kBuffered,
};

/// The line-by-line state machine: feed mappings in line order with push(), then finish(). Both
/// modes apply the same step() to the same sorted sequence of segments, so a map that both accept
/// gets the same result from both.
class Attributor {
 public:
  Attributor(std::string_view text, u64 sources, std::pair<u64, u64> comment,
             std::vector<AttributedRange>* ranges, Mode mode)
      : base_(reinterpret_cast<const u8*>(text.data())),
        size_(text.size()),
        comment_begin_(comment.first),
        comment_end_(comment.second),
        ranges_(ranges),
        mode_(mode) {
    out_.by_source.assign(sources, 0);
    out_.file_size = size_;
    // A UTF-8 BOM is not part of line 0: decoders strip it before columns are counted.
    if (size_ >= 3 && base_[0] == 0xEF && base_[1] == 0xBB && base_[2] == 0xBF) {
      add(kLabelUnmapped, 0, 3);
      pos_ = 3;
    }
  }

  /// One mapping. Anything but kOk means it was ignored and the caller must start over in a mode
  /// that accepts the order.
  Push push(u32 line, u32 column, i32 source) {
    if (line != line_) [[unlikely]] {
      if (line < line_) {
        return Push::kLineBack;
      }
      move_to(line);
    }
    if (at_eof_) [[unlikely]] {
      if (out_.segments_past_eof++ == 0) {
        first_past_eof_line_ = line_;
      }
      return Push::kOk;
    }
    if (mode_ == Mode::kBuffered) {
      if (!segments_.empty() && column < segments_.back().column) {
        unsorted_ = true;
      }
      segments_.push_back(LineSegment{column, source});
      return Push::kOk;
    }
    if (!line_open_) {
      open_line();
    } else if (column < last_column_) {
      return Push::kColumnBack;
    }
    step(column, source);
    return Push::kOk;
  }

  /// Attributes the current line and every line after it; returns the result.
  ByteAttribution finish() {
    close_line();
    while (!at_eof_) {
      close_line();
    }
    return std::move(out_);
  }

  u64 first_past_eol_line() const noexcept { return first_past_eol_line_; }
  u64 first_past_eof_line() const noexcept { return first_past_eof_line_; }

 private:
  /// Closes lines up to `line`, which becomes the current one.
  void move_to(u64 line) {
    close_line();
    while (line_ < line && !at_eof_) {
      close_line();
    }
    line_ = line;
  }

  /// Starts attributing line `line_`: finds its end; nothing before the first segment is owned.
  void open_line() {
    span_ = scan_line(base_, pos_, size_);
    cursor_ = Utf16Cursor{base_ + pos_, 0};
    from_ = pos_;
    owner_ = kLabelUnmapped;
    has_segment_ = false;
    line_open_ = true;
  }

  /// bloaty's rule, one segment at a time, columns non-decreasing: the previous segment owns the
  /// bytes up to this one's column, the first of equal columns wins.
  void step(u32 column, i32 source) {
    if (has_segment_ && column == last_column_) {
      return;
    }
    u64 at;
    if (span_.ascii) {
      const u64 length = span_.end - pos_;
      if (column > length) {
        note_past_eol();
      }
      at = pos_ + std::min<u64>(column, length);
    } else {
      cursor_.seek(column, base_ + span_.end);
      if (cursor_.units < column) {
        note_past_eol();
      }
      at = static_cast<u64>(cursor_.p - base_);
    }
    add(owner_, from_, at);
    from_ = at;
    owner_ = label_of(source);
    last_column_ = column;
    has_segment_ = true;
  }

  /// Finishes line `line_` (buffered segments first, in kBuffered mode) and its terminator, and
  /// moves to the next line. A line without segments is unmapped.
  void close_line() {
    if (at_eof_) {
      return;
    }
    if (!segments_.empty()) {
      if (unsorted_) {
        std::stable_sort(
            segments_.begin(), segments_.end(),
            [](const LineSegment& a, const LineSegment& b) { return a.column < b.column; });
        unsorted_ = false;
      }
      open_line();
      for (const LineSegment& seg : segments_) {
        step(seg.column, seg.source);
      }
      segments_.clear();
    }
    if (!line_open_) {
      open_line();
    }
    add(owner_, from_, span_.end);
    add(kLabelLineTerminators, span_.end, span_.next);
    at_eof_ = span_.next == span_.end;
    pos_ = span_.next;
    line_open_ = false;
    ++line_;
  }

  i64 label_of(i32 source) const noexcept {
    return source >= 0 && static_cast<u64>(source) < out_.by_source.size() ? source
                                                                           : kLabelUnmapped;
  }

  void note_past_eol() noexcept {
    if (out_.segments_past_eol++ == 0) {
      first_past_eol_line_ = line_;
    }
  }

  /// Labels [begin, end): the part inside the map comment goes to map_comment (first label).
  void add(i64 label, u64 begin, u64 end) {
    if (begin >= end) {
      return;
    }
    if (end <= comment_begin_ || begin >= comment_end_) [[likely]] {
      credit(label, begin, end);
      return;
    }
    credit(label, begin, std::max(begin, comment_begin_));
    credit(kLabelMapComment, std::max(begin, comment_begin_), std::min(end, comment_end_));
    credit(label, std::min(end, comment_end_), end);
  }

  void credit(i64 label, u64 begin, u64 end) {
    if (begin >= end) {
      return;
    }
    const u64 n = end - begin;
    if (label >= 0) {
      out_.by_source[static_cast<size_t>(label)] += n;
    } else if (label == kLabelUnmapped) {
      out_.unmapped += n;
    } else if (label == kLabelLineTerminators) {
      out_.line_terminators += n;
    } else {
      out_.map_comment += n;
    }
    if (ranges_ != nullptr) {
      if (!ranges_->empty() && ranges_->back().end == begin && ranges_->back().label == label) {
        ranges_->back().end = end;
      } else {
        ranges_->push_back(AttributedRange{begin, end, label});
      }
    }
  }

  const u8* base_;
  u64 size_;
  u64 comment_begin_;
  u64 comment_end_;
  std::vector<AttributedRange>* ranges_;
  Mode mode_;
  ByteAttribution out_;
  u64 pos_ = 0;   ///< first byte of line `line_`
  u64 line_ = 0;  ///< the current line (u64: a file may have 2^32 lines)
  bool at_eof_ = false;
  // The open line (open_line .. close_line).
  bool line_open_ = false;
  LineSpan span_;
  Utf16Cursor cursor_;
  u64 from_ = 0;  ///< start of the range the current owner holds
  i64 owner_ = kLabelUnmapped;
  u32 last_column_ = 0;
  bool has_segment_ = false;
  // kBuffered only: the current line's segments, reused across lines.
  std::vector<LineSegment> segments_;
  bool unsorted_ = false;
  u64 first_past_eol_line_ = 0;
  u64 first_past_eof_line_ = 0;
};

/// One mapping reduced to what attribution needs, for the sorted fallback.
struct LinePoint {
  u32 line = 0;
  u32 column = 0;
  i32 source = -1;
};

/// Streams every part of `map` into `a` in order; stops at the first mapping `a` refuses.
Push stream_parts(const parsers::SourceMap& map, Attributor& a, Diagnostics& decoder_diags,
                  const parsers::DecodeOptions& decode) {
  Push result = Push::kOk;
  for (const parsers::MappingsPart& part : map.parts) {
    parsers::visit_mappings(
        part,
        [&](const parsers::Mapping& m) {
          if (result == Push::kOk) {
            result = a.push(m.generated_line, m.generated_column, m.source);
          }
        },
        decoder_diags, decode);
    if (result != Push::kOk) {
      break;
    }
  }
  return result;
}

}  // namespace

u64 ByteAttribution::total() const noexcept {
  u64 sum = unmapped + line_terminators + map_comment;
  for (const u64 n : by_source) {
    sum += n;
  }
  return sum;
}

bool check_attribution(const ByteAttribution& a) noexcept { return a.total() == a.file_size; }

std::pair<u64, u64> map_comment_range(std::string_view generated, const parsers::MappingUrl& url,
                                      parsers::ScriptKind kind) {
  const u64 size = generated.size();
  const auto begin = static_cast<u64>(std::max<i64>(url.comment_offset, 0));
  u64 end = std::min(size, static_cast<u64>(std::max<i64>(url.url_offset, 0)) + url.url.size());
  if (kind == parsers::ScriptKind::kCss) {
    // extract_css matched `/* ... */` at the very end of the file, before trailing whitespace.
    const size_t close = generated.find("*/", end);
    end = close == std::string_view::npos ? size : close + 2;
  } else {
    // The comment runs to its line's end; only whitespace follows the URL there.
    end = scan_line(reinterpret_cast<const u8*>(generated.data()), end, size).end;
  }
  return {std::min(begin, end), end};
}

// Three tries, each only when the previous one meets an order it cannot handle; all three give the
// same result for the maps they accept (AttributionTest.*MatchTheOracle):
//  1. kStreaming: no memory per segment. Real maps are in order: each part's lines ascend by
//     construction (';' only moves forward) and generators usually emit ascending columns.
//  2. kBuffered, when a line's columns go back (ECMA-426 allows it; reference/ecma426.md 2.5):
//     one line's segments in memory. Decodes the mappings a second time.
//  3. Collect and sort by line, when lines go back: only possible across index-map sections that
//     overlap or are out of order. O(segments) memory; a third decode at most.
// PERF: attribution_bench on a shared 2-core box (docs/attribution.md): BM_Attribute, synthetic
// cli.js (30.8 MB, 790 k lines, 3.65 M segments) 65-78 ms CPU, of which the decoder alone
// (BM_VisitMappingsOnly) 40-47 ms; BM_Attribute_OneLine_Ascii (30 MB, 3.75 M segments on one
// line) 34-59 ms, 116 ms when every line was buffered before being applied (a 30 MB vector grown
// per call; a quarter of the time in page faults). Per segment the sink is a compare and a few
// adds; each byte is scanned once by scan_line and at most once more by Utf16Cursor.
ByteAttribution attribute_bytes(std::string_view generated, const parsers::SourceMap& map,
                                Diagnostics& diags, const AttributionOptions& options) {
  std::pair<u64, u64> comment{0, 0};
  {
    std::optional<parsers::MappingUrl> found;
    const std::optional<parsers::MappingUrl>* url = options.comment;
    if (url == nullptr) {
      found = parsers::extract_mapping_url(generated, options.kind);
      url = &found;
    }
    if (url->has_value()) {
      comment = map_comment_range(generated, **url, options.kind);
    }
  }

  // The decoder's own diagnostics are decode_source_map's to report; here they would be copies.
  Diagnostics decoder_diags;
  parsers::DecodeOptions decode;
  decode.max_segments = options.max_segments;
  const size_t ranges_before = options.ranges != nullptr ? options.ranges->size() : 0;
  auto fresh = [&](Mode mode) {
    if (options.ranges != nullptr) {
      options.ranges->resize(ranges_before);
    }
    return Attributor(generated, map.sources.size(), comment, options.ranges, mode);
  };

  Attributor attributor = fresh(Mode::kStreaming);
  Push result = stream_parts(map, attributor, decoder_diags, decode);
  if (result == Push::kColumnBack) {
    attributor = fresh(Mode::kBuffered);
    result = stream_parts(map, attributor, decoder_diags, decode);
  }
  if (result == Push::kLineBack) {
    // Stable: between equal lines the part order (and text order) decides, as when streaming.
    std::vector<LinePoint> points;
    for (const parsers::MappingsPart& part : map.parts) {
      parsers::visit_mappings(
          part,
          [&](const parsers::Mapping& m) {
            points.push_back(LinePoint{m.generated_line, m.generated_column, m.source});
          },
          decoder_diags, decode);
    }
    std::stable_sort(points.begin(), points.end(),
                     [](const LinePoint& a, const LinePoint& b) { return a.line < b.line; });
    attributor = fresh(Mode::kBuffered);
    for (const LinePoint& p : points) {
      attributor.push(p.line, p.column, p.source);
    }
  }

  ByteAttribution out = attributor.finish();
  if (out.segments_past_eol > 0) {
    diags.warning(ErrorCode::kAttributionPastEol,
                  std::to_string(out.segments_past_eol) + " segment(s), the first on line " +
                      std::to_string(attributor.first_past_eol_line()));
  }
  if (out.segments_past_eof > 0) {
    diags.warning(ErrorCode::kAttributionPastEof,
                  std::to_string(out.segments_past_eof) + " segment(s), the first on line " +
                      std::to_string(attributor.first_past_eof_line()));
  }
  return out;
}

}  // namespace mapsleuth::analyzer
