// Decoding the `mappings` string (ECMA-426 section 9.2) of one MappingsPart into Mapping records.
//
// Semantics follow ECMA-426 section 9.2.1.1 DecodeMappingsField step by step, as the reference
// oracle /work/shared/conformance/reference_cli.py does, with one deliberate difference: where the
// spec drops every mapping after a grammar error (section 9.2.2), we skip only the bad segment and
// report it (ecma426.md section 2.12, "salvage"). A map is valid iff no kError diagnostic results.
//
// Two drivers share one inner loop (SpanDecoder below): a scalar pass over the whole string, and a
// chunked two-pass parallel decoder for the 1-20-line, 100k-segments-per-line shape of real bundles
// (ecma426.md section 3.7). Both produce byte-identical mappings, stats and diagnostics.
#pragma once

#include <array>
#include <iterator>
#include <string_view>
#include <type_traits>
#include <vector>

#include "parsers/diagnostics.h"
#include "parsers/error_code.h"
#include "parsers/source_map.h"
#include "parsers/types.h"
#include "parsers/vlq.h"

namespace mapsleuth::parsers {

struct DecodeOptions {
  bool strict = false;  ///< optional errors are kError (validate --strict), else kWarning
  u64 max_segments = 200'000'000;  ///< more segments than this: kLimitSegments, decoding stops
  size_t chunk_bytes = 1 << 20;    ///< target chunk size of the parallel decoder
  bool parallel = true;            ///< allow the parallel decoder (used when text >= 2 chunks)
};

struct MappingsStats {
  u64 segments = 0;   ///< grammar-valid 1/4/5-field segments, also ones dropped later
  u64 gen_lines = 0;  ///< ';'-separated lines: "" -> 0, "A" -> 1, ";" -> 2
  u64 mapped = 0;     ///< stored mappings that have an original position (source != -1)
  u64 named = 0;      ///< stored mappings that have a name (name != -1)
  u64 errors = 0;     ///< diagnostics raised, including those the per-code cap suppressed
};

/// Decodes `part.text`. With `out`, APPENDS one Mapping per kept segment in text order (unsorted;
/// the caller stable-sorts, ECMA-426 section 9.1.2), with the part's line/column offsets and
/// source/name bases applied. With `out == nullptr` only counts and validates: nothing is stored
/// per segment (`validate` and `scan` on 60 MB maps). Diagnostics carry byte offsets into
/// `part.text` and are capped at 20 per code, plus one line saying how many more were suppressed.
/// Runs the parallel decoder when `opt.parallel` and the text is at least 2 * chunk_bytes; its
/// output is identical to the scalar one. Not reentrant on the same `diags`; otherwise thread-safe.
MappingsStats decode_mappings(const MappingsPart& part, std::vector<Mapping>* out,
                              Diagnostics& diags, const DecodeOptions& opt);

/// Streaming form (single-threaded, text order): calls `sink(const Mapping&)` for every mapping
/// decode_mappings would append, without storing them. For consumers such as attribution that fold
/// mappings as they come. `Sink` is any callable taking `const Mapping&`.
template <class Sink>
MappingsStats visit_mappings(const MappingsPart& part, Sink&& sink, Diagnostics& diags,
                             const DecodeOptions& opt);

// ---- Internal API shared by mappings.cpp, visit_mappings and the tests. -------------------------
namespace mappings_detail {

inline constexpr size_t kDiagnosticsPerCode = 20;
inline constexpr i64 kU32Max = 0xffffffff;

#define MAPSLEUTH_LIST_CODE(name, code, message) ErrorCode::name,
inline constexpr ErrorCode kAllErrorCodes[] = {MAPSLEUTH_ERROR_CODES(MAPSLEUTH_LIST_CODE)};
#undef MAPSLEUTH_LIST_CODE
inline constexpr size_t kErrorCodeCount = std::size(kAllErrorCodes);

/// The value a diagnostic is about (for its message).
enum class Field : u8 {
  kNone,
  kGeneratedColumn,
  kSource,
  kOriginalLine,
  kOriginalColumn,
  kName,
  kGeneratedLine,
};

/// Decoder state at an item boundary. Unbounded in the spec; i64 because 32-bit deltas accumulate
/// past 2^31 (ecma426.md section 2.5). Columns exclude the part's column_offset.
struct State {
  i64 line = 0;    ///< generated line within the part
  i64 column = 0;  ///< generated column; resets at ';' (section 9.2.1.1), may be negative
  i64 source = 0;  ///< source, original line/column and name accumulate across the whole string
  i64 original_line = 0;
  i64 original_column = 0;
  i64 name = 0;
  i64 item = 0;  ///< index of the current ','-separated item on the line (diagnostics only)

  bool operator==(const State&) const = default;
};

/// Per-part constants of the hot loop.
struct Limits {
  i64 line_offset = 0;
  i64 column_offset = 0;
  i64 source_count = 0;
  i64 source_base = 0;
  i64 source_end = 0;  ///< min(source_count, first index whose source_base + index overflows i32)
  i64 name_count = 0;
  i64 name_base = 0;
  i64 name_end = 0;
  u64 max_segments = 0;
  bool strict = false;

  static Limits of(const MappingsPart& part, const DecodeOptions& opt) noexcept;
};

/// A diagnostic before formatting: cheap to record in a worker, formatted once when merged.
struct PendingDiag {
  ErrorCode code = ErrorCode::kOk;
  Field field = Field::kNone;
  i64 offset = 0;  ///< byte offset in part.text
  i64 line = 0;    ///< generated line within the part
  i64 item = 0;    ///< segment index on that line
  i64 value = 0;   ///< the offending value, byte or field count, by code
};

/// Diagnostics of one span of the text. Keeps the first kDiagnosticsPerCode of each code and counts
/// the rest: the first N of the whole string are always among the first N of its spans, so merging
/// buffers in text order gives the scalar result exactly.
class DiagBuffer {
 public:
  void add(ErrorCode code, i64 offset, const State& at, Field field = Field::kNone, i64 value = 0);
  const std::vector<PendingDiag>& items() const noexcept { return items_; }
  u64 count(ErrorCode code) const noexcept { return counts_[static_cast<size_t>(code)]; }
  u64 total() const noexcept { return total_; }

 private:
  std::vector<PendingDiag> items_;
  std::array<u64, kErrorCodeCount> counts_{};
  u64 total_ = 0;
};

/// Formats the buffers of consecutive spans (text order) into `out`, applying the per-code cap and
/// strict/lenient severities. Returns the number of diagnostics raised, suppressed ones included.
u64 flush_diagnostics(const DiagBuffer* const* buffers, size_t count, const Limits& limits,
                      Diagnostics& out);

/// Reads the fields of one segment at p (p < end, *p not a separator) on the fast path. Returns 1,
/// 4 or 5 with p at the following separator or end; returns 0 for anything unusual (bad character,
/// dangling VLQ, overflow, 2/3/6+ fields) and leaves p unspecified: callers restart from the
/// segment start with tokenize_segment.
inline int read_segment(const char*& p, const char* end, i64 (&v)[5]) noexcept {
  constexpr auto kOk = VlqStatus::kOk;
  if (decode_vlq(p, end, v[0]) != kOk) {
    return 0;
  }
  if (p == end || is_mappings_separator(*p)) {
    return 1;
  }
  // A separator where field 2 or 3 should start is kBadChar from decode_vlq: 2/3 fields -> 0.
  if (decode_vlq(p, end, v[1]) != kOk || decode_vlq(p, end, v[2]) != kOk ||
      decode_vlq(p, end, v[3]) != kOk) {
    return 0;
  }
  if (p == end || is_mappings_separator(*p)) {
    return 4;
  }
  if (decode_vlq(p, end, v[4]) != kOk) {
    return 0;
  }
  if (p == end || is_mappings_separator(*p)) {
    return 5;
  }
  return 0;
}

/// The precise reading of one segment (tokenize_mappings in the reference, one segment at a time).
struct SegmentTokens {
  i64 values[5] = {};
  const char* starts[5] = {};
  bool overflow[5] = {};
  i64 fields = 0;                    ///< all VLQs read, also past 5
  VlqStatus error = VlqStatus::kOk;  ///< kBadChar or kDangling: a grammar error at error_at
  const char* error_at = nullptr;
  const char* end = nullptr;  ///< the separator or text end that closes the segment
};
SegmentTokens tokenize_segment(const char* seg, const char* end) noexcept;

/// The non-template half of the decoder: state, counters and the precise cold path. The template
/// half (SpanDecoder) owns the hot loop and the sink.
class DecoderCore {
 public:
  DecoderCore(const char* text, const Limits& limits, const State& start,
              DiagBuffer& diags) noexcept;

  const State& state() const noexcept { return state_; }
  u64 segments() const noexcept { return segments_; }
  u64 mapped() const noexcept { return mapped_; }
  u64 named() const noexcept { return named_; }
  bool stopped() const noexcept { return stopped_; }

 protected:
  /// Recomputes the per-line constants below for state_.line.
  void enter_line() noexcept;
  void empty_segment(const char* at);
  /// ECMA-426 section 9.2.1.1 step by step for a segment the fast path declined: reports, applies
  /// exactly the deltas the spec applies, fills `m` and sets `emit` if a mapping results. Returns
  /// the separator or end after the segment.
  const char* cold_segment(const char* seg, const char* end, Mapping& m, bool& emit);

  const char* text_;
  Limits lim_;
  State state_;
  DiagBuffer* diags_;
  u64 segments_ = 0;
  u64 mapped_ = 0;
  u64 named_ = 0;
  bool stopped_ = false;
  u32 line_abs_ = 0;  ///< state_.line + line_offset, when it fits
  u32 col_add_ = 0;   ///< column_offset on the part's line 0, else 0
  u64 col_end_ = 0;   ///< columns must be < this to fit u32 after col_add_; 0 if the line does not
};

/// Decodes spans of one mappings string, calling `sink(const Mapping&)` per kept mapping.
template <class Sink>
class SpanDecoder : public DecoderCore {
 public:
  SpanDecoder(const char* text, const Limits& limits, const State& start, DiagBuffer& diags,
              Sink& sink) noexcept
      : DecoderCore(text, limits, start, diags), sink_(sink) {}

  /// Decodes the items of [p, end) starting from the state given at construction. p is the text
  /// start or just after a separator; `final_span` says end is the end of the text (so "A," ends
  /// in an empty segment). A non-final span ends just after a separator. Returns false if decoding
  /// stopped at max_segments.
  bool run(const char* p, const char* end, bool final_span);

 private:
  Sink& sink_;
};

// PERF: mappings_bench BM_DecodeCount_Scalar / BM_DecodeVector_Scalar, synthetic cli.js.map (19.9
// MB of mappings, 3.65 M segments, 790 k lines; GCC 12 -O3 -march=x86-64-v3, shared 2-core box):
// 597 MB/s counting (33 ms), 361 MB/s into a vector (55 ms); BM_DecodeVlq (bare VLQs) 820-885 MB/s.
// Before: 346 / 286 MB/s. GCC vectorised the field additions through a stack array (one 32-byte
// load over four 8-byte stores: a store-forwarding stall on 45 % of samples), so the accumulators
// are scalar locals and decode_vlq's slow path returns by value. The common segment (1/4/5 fields,
// every index in range) makes no call; all else goes through cold_segment, which re-reads it.
template <class Sink>
bool SpanDecoder<Sink>::run(const char* p, const char* end, bool final_span) {
  bool prev_comma = p != text_ && p[-1] == ',';
  i64 line = 0;
  i64 column = 0;
  i64 source = 0;
  i64 original_line = 0;
  i64 original_column = 0;
  i64 name = 0;
  i64 item = 0;
  u64 segments = 0;
  u64 mapped = 0;
  u64 named = 0;
  u32 line_abs = 0;
  u32 col_add = 0;
  u64 col_end = 0;
  const u64 max_segments = lim_.max_segments;
  const auto source_end = static_cast<u64>(lim_.source_end);
  const auto name_end = static_cast<u64>(lim_.name_end);
  const auto source_base = static_cast<i32>(lim_.source_base);
  const auto name_base = static_cast<i32>(lim_.name_base);
  auto store = [&] {
    state_ = State{line, column, source, original_line, original_column, name, item};
    segments_ = segments;
    mapped_ = mapped;
    named_ = named;
  };
  auto load = [&] {
    line = state_.line;
    column = state_.column;
    source = state_.source;
    original_line = state_.original_line;
    original_column = state_.original_column;
    name = state_.name;
    item = state_.item;
    segments = segments_;
    mapped = mapped_;
    named = named_;
    line_abs = line_abs_;
    col_add = col_add_;
    col_end = col_end_;
  };
  auto new_line = [&] {
    ++line;
    column = 0;
    item = 0;
    store();
    enter_line();
    load();
  };
  load();

  for (;;) {
    if (p == end) {
      if (final_span && prev_comma) {  // "A," : the last segment is empty
        store();
        empty_segment(p);
        load();
      }
      break;
    }
    const char c = *p;
    if (c == ';') {
      if (prev_comma) {  // "A,;" : empty segment before the ';'
        store();
        empty_segment(p);
        load();
      }
      new_line();
      prev_comma = false;
      ++p;
      continue;
    }
    if (c == ',') {  // ",A" or "A,,B": empty segment before this ','
      store();
      empty_segment(p);
      load();
      ++item;
      prev_comma = true;
      ++p;
      continue;
    }

    const char* seg = p;
    i64 v[5];
    const int fields = read_segment(p, end, v);
    bool done = false;
    if (fields != 0 && segments < max_segments) [[likely]] {
      // Unsigned compares fold the "< 0" checks in: a negative i64 becomes a huge u64.
      const i64 col = column + v[0];
      if (fields == 1) {
        if (static_cast<u64>(col) < col_end) {
          column = col;
          ++segments;
          sink_(Mapping{line_abs, static_cast<u32>(col + col_add), -1, 0, 0, -1});
          done = true;
        }
      } else {
        const i64 src = source + v[1];
        const i64 ol = original_line + v[2];
        const i64 oc = original_column + v[3];
        const i64 nm = fields == 5 ? name + v[4] : name;
        if (static_cast<u64>(col) < col_end && static_cast<u64>(src) < source_end &&
            static_cast<u64>(ol) <= static_cast<u64>(kU32Max) &&
            static_cast<u64>(oc) <= static_cast<u64>(kU32Max) &&
            (fields == 4 || static_cast<u64>(nm) < name_end)) {
          column = col;
          source = src;
          original_line = ol;
          original_column = oc;
          name = nm;
          ++segments;
          ++mapped;
          named += fields == 5;
          sink_(Mapping{line_abs, static_cast<u32>(col + col_add),
                        static_cast<i32>(src) + source_base, static_cast<u32>(ol),
                        static_cast<u32>(oc), fields == 5 ? static_cast<i32>(nm) + name_base : -1});
          done = true;
        }
      }
    }
    if (!done) [[unlikely]] {
      store();
      Mapping m;
      bool emit = false;
      p = cold_segment(seg, end, m, emit);
      load();
      if (emit) {
        sink_(m);
      }
      if (stopped_) {
        return false;
      }
    }

    if (p == end) {
      break;  // the segment was the last item of the text
    }
    if (*p == ',') {
      ++item;
      prev_comma = true;
    } else {
      new_line();
      prev_comma = false;
    }
    ++p;
  }
  store();
  return true;
}

/// The chunked parallel decoder behind decode_mappings, exposed so tests and the fuzzer can force
/// it. Returns false, leaving `out` and `diags` untouched, when the text needs the scalar path:
/// fewer than two chunks, a grammar error, a negative or over-32-bit generated column or line, or
/// more than max_segments segments.
bool decode_parallel(const MappingsPart& part, std::vector<Mapping>* out, Diagnostics& diags,
                     const DecodeOptions& opt, MappingsStats& stats);

/// Runs a SpanDecoder over the whole text (the scalar path) and flushes its diagnostics.
template <class Sink>
MappingsStats decode_scalar(const MappingsPart& part, Sink& sink, Diagnostics& diags,
                            const DecodeOptions& opt) {
  const Limits limits = Limits::of(part, opt);
  DiagBuffer buffer;
  SpanDecoder<Sink> decoder(part.text.data(), limits, State{}, buffer, sink);
  decoder.run(part.text.data(), part.text.data() + part.text.size(), true);
  MappingsStats stats;
  stats.segments = decoder.segments();
  stats.gen_lines = part.text.empty() ? 0 : static_cast<u64>(decoder.state().line) + 1;
  stats.mapped = decoder.mapped();
  stats.named = decoder.named();
  const DiagBuffer* buffers[] = {&buffer};
  stats.errors = flush_diagnostics(buffers, 1, limits, diags);
  return stats;
}

}  // namespace mappings_detail

template <class Sink>
MappingsStats visit_mappings(const MappingsPart& part, Sink&& sink, Diagnostics& diags,
                             const DecodeOptions& opt) {
  std::remove_reference_t<Sink>& target = sink;  // lvalue or temporary, alive for the call
  return mappings_detail::decode_scalar(part, target, diags, opt);
}

}  // namespace mapsleuth::parsers
