#include "parsers/mappings.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <limits>
#include <string>

#include "parsers/parallel.h"

namespace mapsleuth::parsers {
namespace mappings_detail {
namespace {

constexpr i64 kI32Max = std::numeric_limits<i32>::max();

// Hard errors are the spec's "throw" (ECMA-426 section 6.2) and our own limits; every other code
// the decoder raises is an "optionally report an error" (section 4.1.2): kError only in strict
// mode.
Severity severity_of(ErrorCode code, bool strict) {
  if (code == ErrorCode::kVlqOverflow || code == ErrorCode::kLimitSegments) {
    return Severity::kError;
  }
  return strict ? Severity::kError : Severity::kWarning;
}

std::string_view field_name(Field f) {
  switch (f) {
    case Field::kNone:
      return "value";
    case Field::kGeneratedColumn:
      return "generated column";
    case Field::kSource:
      return "source index";
    case Field::kOriginalLine:
      return "original line";
    case Field::kOriginalColumn:
      return "original column";
    case Field::kName:
      return "name index";
    case Field::kGeneratedLine:
      return "generated line";
  }
  return "value";
}

constexpr Field kFieldOfVlq[5] = {Field::kGeneratedColumn, Field::kSource, Field::kOriginalLine,
                                  Field::kOriginalColumn, Field::kName};

std::string format_detail(const PendingDiag& d, const Limits& lim) {
  std::string where =
      "segment " + std::to_string(d.item) + " at line " + std::to_string(d.line + lim.line_offset);
  switch (d.code) {
    case ErrorCode::kVlqBadChar: {
      char buf[32];
      if (d.value > 0x20 && d.value < 0x7f) {
        std::snprintf(buf, sizeof buf, "byte 0x%02x '%c'", static_cast<unsigned>(d.value),
                      static_cast<char>(d.value));
      } else {
        std::snprintf(buf, sizeof buf, "byte 0x%02x", static_cast<unsigned>(d.value));
      }
      return std::string(buf) + " in " + where;
    }
    case ErrorCode::kVlqOverflow:
      return std::string(field_name(d.field)) + " of " + where;
    case ErrorCode::kMappingsFieldCount:
      return std::to_string(d.value) + " fields in " + where;
    case ErrorCode::kMappingsSourceIndex:
      return "source index " + std::to_string(d.value) + " not in [0, " +
             std::to_string(lim.source_count) + ") in " + where;
    case ErrorCode::kMappingsNameIndex:
      return "name index " + std::to_string(d.value) + " not in [0, " +
             std::to_string(lim.name_count) + ") in " + where;
    case ErrorCode::kMappingsNegativeColumn:
    case ErrorCode::kMappingsOriginalLine:
    case ErrorCode::kMappingsOriginalColumn:
    case ErrorCode::kMappingsValueRange:
      return std::string(field_name(d.field)) + " " + std::to_string(d.value) + " in " + where;
    case ErrorCode::kLimitSegments:
      return "limit of " + std::to_string(d.value) + " segments reached at " + where;
    default:
      return where;
  }
}

const char* skip_to_separator(const char* p, const char* end) noexcept {
  while (p != end && !is_mappings_separator(*p)) {
    ++p;
  }
  return p;
}

}  // namespace

Limits Limits::of(const MappingsPart& part, const DecodeOptions& opt) noexcept {
  Limits lim;
  lim.line_offset = part.line_offset;
  lim.column_offset = part.column_offset;
  lim.source_count = part.source_count;
  lim.source_base = part.source_base;
  // Indices are stored as i32 after adding the base; an index that would not fit is out of range.
  lim.source_end = std::clamp<i64>(kI32Max - lim.source_base + 1, 0, lim.source_count);
  lim.name_count = part.name_count;
  lim.name_base = part.name_base;
  lim.name_end = std::clamp<i64>(kI32Max - lim.name_base + 1, 0, lim.name_count);
  lim.max_segments = opt.max_segments;
  lim.strict = opt.strict;
  return lim;
}

void DiagBuffer::add(ErrorCode code, i64 offset, const State& at, Field field, i64 value) {
  ++total_;
  if (counts_[static_cast<size_t>(code)]++ >= kDiagnosticsPerCode) {
    return;
  }
  items_.push_back(PendingDiag{code, field, offset, at.line, at.item, value});
}

u64 flush_diagnostics(const DiagBuffer* const* buffers, size_t count, const Limits& limits,
                      Diagnostics& out) {
  std::array<u64, kErrorCodeCount> totals{};
  u64 all = 0;
  for (size_t b = 0; b < count; ++b) {
    for (const PendingDiag& d : buffers[b]->items()) {
      if (totals[static_cast<size_t>(d.code)]++ >= kDiagnosticsPerCode) {
        continue;
      }
      out.add(d.code, severity_of(d.code, limits.strict), format_detail(d, limits), d.offset);
    }
    // Re-count from the buffer's totals: its kept items are only the first N of each code.
    for (size_t c = 0; c < kErrorCodeCount; ++c) {
      const auto code = static_cast<ErrorCode>(c);
      const u64 kept = std::min<u64>(buffers[b]->count(code), kDiagnosticsPerCode);
      totals[c] += buffers[b]->count(code) - kept;
    }
    all += buffers[b]->total();
  }
  for (size_t c = 0; c < kErrorCodeCount; ++c) {
    if (totals[c] <= kDiagnosticsPerCode) {
      continue;
    }
    const auto code = static_cast<ErrorCode>(c);
    out.add(code, severity_of(code, limits.strict),
            std::to_string(totals[c] - kDiagnosticsPerCode) + " further occurrences suppressed");
  }
  return all;
}

SegmentTokens tokenize_segment(const char* seg, const char* end) noexcept {
  SegmentTokens t;
  const char* q = seg;
  for (;;) {
    const char* start = q;
    i64 v = 0;
    const VlqStatus s = decode_vlq(q, end, v);
    if (s == VlqStatus::kBadChar || s == VlqStatus::kDangling) {
      t.error = s;
      t.error_at = q;
      t.end = skip_to_separator(q, end);
      return t;
    }
    if (t.fields < 5) {
      t.values[t.fields] = s == VlqStatus::kOk ? v : 0;
      t.starts[t.fields] = start;
      t.overflow[t.fields] = s == VlqStatus::kOverflow;
    }
    ++t.fields;
    if (q == end || is_mappings_separator(*q)) {
      break;
    }
  }
  t.end = q;
  return t;
}

DecoderCore::DecoderCore(const char* text, const Limits& limits, const State& start,
                         DiagBuffer& diags) noexcept
    : text_(text), lim_(limits), state_(start), diags_(&diags) {
  enter_line();
}

void DecoderCore::enter_line() noexcept {
  const i64 line_abs = state_.line + lim_.line_offset;
  // ECMA-426 section 10.1: a section's column offset applies to its first line only.
  col_add_ = state_.line == 0 ? static_cast<u32>(lim_.column_offset) : 0;
  if (line_abs > kU32Max) {
    line_abs_ = 0;
    col_end_ = 0;  // every segment takes the cold path, which reports kMappingsValueRange
  } else {
    line_abs_ = static_cast<u32>(line_abs);
    col_end_ = static_cast<u64>(kU32Max - col_add_) + 1;
  }
}

void DecoderCore::empty_segment(const char* at) {
  diags_->add(ErrorCode::kMappingsEmptySegment, at - text_, state_);
}

const char* DecoderCore::cold_segment(const char* seg, const char* end, Mapping& m, bool& emit) {
  emit = false;
  const SegmentTokens t = tokenize_segment(seg, end);
  // Grammar (section 9.2.1) first, as the spec tokenizes the whole string before decoding values.
  if (t.error == VlqStatus::kBadChar) {
    diags_->add(ErrorCode::kVlqBadChar, t.error_at - text_, state_, Field::kNone,
                static_cast<u8>(*t.error_at));
    return t.end;
  }
  if (t.error == VlqStatus::kDangling) {
    diags_->add(ErrorCode::kVlqDangling, t.error_at - text_, state_);
    return t.end;
  }
  if (t.fields != 1 && t.fields != 4 && t.fields != 5) {
    diags_->add(ErrorCode::kMappingsFieldCount, seg - text_, state_, Field::kNone, t.fields);
    return t.end;
  }
  if (segments_ >= lim_.max_segments) {
    diags_->add(ErrorCode::kLimitSegments, seg - text_, state_, Field::kNone,
                static_cast<i64>(lim_.max_segments));
    stopped_ = true;
    return t.end;
  }
  ++segments_;
  // Section 9.2.1.1 decodes the generated column, checks it, and only then the other fields: a
  // negative column drops the segment before their VLQs are evaluated (so their overflow is moot)
  // while the column state keeps the negative value.
  if (t.overflow[0]) {
    diags_->add(ErrorCode::kVlqOverflow, t.starts[0] - text_, state_, Field::kGeneratedColumn);
    return t.end;
  }
  const i64 column = state_.column + t.values[0];
  if (column < 0) {
    diags_->add(ErrorCode::kMappingsNegativeColumn, t.starts[0] - text_, state_,
                Field::kGeneratedColumn, column);
    state_.column = column;
    return t.end;
  }
  for (i64 k = 1; k < t.fields; ++k) {
    if (t.overflow[k]) {
      diags_->add(ErrorCode::kVlqOverflow, t.starts[k] - text_, state_, kFieldOfVlq[k]);
      return t.end;
    }
  }
  state_.column = column;

  // Values the spec leaves unbounded but a Mapping stores in 32 bits (ecma426.md section 2.5).
  bool keep = true;
  if (col_end_ == 0) {
    diags_->add(ErrorCode::kMappingsValueRange, seg - text_, state_, Field::kGeneratedLine,
                state_.line + lim_.line_offset);
    keep = false;
  } else if (static_cast<u64>(column) >= col_end_) {
    diags_->add(ErrorCode::kMappingsValueRange, t.starts[0] - text_, state_,
                Field::kGeneratedColumn, column + col_add_);
    keep = false;
  }
  m = Mapping{line_abs_, static_cast<u32>(column + col_add_), -1, 0, 0, -1};
  if (t.fields >= 4) {
    state_.source += t.values[1];
    state_.original_line += t.values[2];
    state_.original_column += t.values[3];
    bool position = true;
    const i64 source = state_.source;
    if (source < 0 || source >= lim_.source_count) {
      diags_->add(ErrorCode::kMappingsSourceIndex, t.starts[1] - text_, state_, Field::kSource,
                  source);
      position = false;
    } else if (source >= lim_.source_end) {
      diags_->add(ErrorCode::kMappingsValueRange, t.starts[1] - text_, state_, Field::kSource,
                  source + lim_.source_base);
      position = false;
    }
    auto check_u32 = [&](i64 value, ErrorCode negative, Field field, const char* at) {
      if (value < 0) {
        diags_->add(negative, at - text_, state_, field, value);
        position = false;
      } else if (value > kU32Max) {
        diags_->add(ErrorCode::kMappingsValueRange, at - text_, state_, field, value);
        position = false;
      }
    };
    check_u32(state_.original_line, ErrorCode::kMappingsOriginalLine, Field::kOriginalLine,
              t.starts[2]);
    check_u32(state_.original_column, ErrorCode::kMappingsOriginalColumn, Field::kOriginalColumn,
              t.starts[3]);
    if (position) {
      m.source = static_cast<i32>(source + lim_.source_base);
      m.original_line = static_cast<u32>(state_.original_line);
      m.original_column = static_cast<u32>(state_.original_column);
    }
    if (t.fields == 5) {
      state_.name += t.values[4];
      const i64 name = state_.name;
      if (name < 0 || name >= lim_.name_count) {
        diags_->add(ErrorCode::kMappingsNameIndex, t.starts[4] - text_, state_, Field::kName, name);
      } else if (name >= lim_.name_end) {
        diags_->add(ErrorCode::kMappingsValueRange, t.starts[4] - text_, state_, Field::kName,
                    name + lim_.name_base);
      } else {
        m.name = static_cast<i32>(name + lim_.name_base);
      }
    }
  }
  if (keep) {
    emit = true;
    mapped_ += m.source >= 0;
    named_ += m.name >= 0;
  }
  return t.end;
}

}  // namespace mappings_detail

namespace {

using mappings_detail::DiagBuffer;
using mappings_detail::kU32Max;
using mappings_detail::Limits;
using mappings_detail::SpanDecoder;
using mappings_detail::State;

struct CountSink {
  void operator()(const Mapping&) const noexcept {}
};

struct VectorSink {
  std::vector<Mapping>* out;
  void operator()(const Mapping& m) { out->push_back(m); }
};

/// Writes into a pre-sized slice; never past its end (a count mismatch is caught, not UB).
struct SliceSink {
  Mapping* next;
  Mapping* end;
  bool overrun = false;
  void operator()(const Mapping& m) noexcept {
    if (next == end) {
      overrun = true;
      return;
    }
    *next++ = m;
  }
};

// ---- Parallel decoder (ecma426.md section 3.7 "Design consequences") ----------------------------
//
// Pass 1 decodes each chunk's deltas from a zero state and summarises them; a serial exclusive
// prefix over the summaries gives every chunk its absolute start state and output index; pass 2
// re-decodes each chunk from that state with the same SpanDecoder as the scalar path, so mappings
// and diagnostics agree by construction. What a summary cannot capture makes us fall back to the
// scalar path: a negative generated column (the spec then skips the segment's other deltas, which
// depend on absolute state), a generated column or line past 32 bits (changes the stored count), a
// grammar error, and the segment limit.
//
// No separate bad-byte mask (STYLE R7) in either pass: the terminal-digit test that every VLQ needs
// (kSingle / kDigit) already rejects bad bytes, so a mask would add work without removing a branch.

/// Running extremes of one accumulated field relative to the chunk start, over the values the
/// decoder checks (every value after a change: all fields change only in segments that check them).
struct Range {
  i64 lo = std::numeric_limits<i64>::max();
  i64 hi = std::numeric_limits<i64>::min();
  void add(i64 v) noexcept {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const noexcept { return lo > hi; }
  /// All values within [min, max] once shifted by `start`.
  bool within(i64 start, i64 min, i64 max) const noexcept {
    return empty() || (start + lo >= min && start + hi <= max);
  }
};

struct ChunkSummary {
  u64 segments = 0;   // grammar-valid segments
  u64 emitted = 0;    // of which not dropped for kVlqOverflow: the chunk's share of `out`
  u64 positions = 0;  // emitted 4/5-field segments (all mapped when the chunk is clean)
  u64 names = 0;      // emitted 5-field segments
  u64 semis = 0;
  bool has_semi = false;
  i64 item_tail = 0;    // ',' after the last ';' (or since the chunk start)
  i64 column_tail = 0;  // column delta sum after the last ';' (absolute when has_semi)
  Range head_column;    // running column before the first ';', relative to the start column
  bool body_column_bad = false;  // after a ';' a column went negative or past u32
  i64 delta[4] = {};             // source, original line, original column, name sums
  Range range[4];
  bool overflow = false;  // a kVlqOverflow segment: pass 2 must run to report it
  bool grammar = false;   // any grammar error: fall back
};

ChunkSummary summarize_chunk(const char* text, const char* p, const char* end, bool final_span) {
  ChunkSummary s;
  bool prev_comma = p != text && p[-1] == ',';
  i64 column = 0;
  i64 acc[4] = {};
  Range line_column;
  auto close_line = [&] {
    if (!s.has_semi) {
      s.head_column = line_column;
    } else if (!line_column.within(0, 0, kU32Max)) {
      s.body_column_bad = true;
    }
    line_column = Range{};
  };
  for (;;) {
    if (p == end) {
      s.grammar |= final_span && prev_comma;
      break;
    }
    const char c = *p;
    if (c == ',' || (c == ';' && prev_comma)) {
      s.grammar = true;  // empty segment
      return s;
    }
    if (c != ';') {
      const char* seg = p;
      i64 v[5];
      const int fields = mappings_detail::read_segment(p, end, v);
      if (fields == 0) [[unlikely]] {
        const auto t = mappings_detail::tokenize_segment(seg, end);
        if (t.error != VlqStatus::kOk || (t.fields != 1 && t.fields != 4 && t.fields != 5)) {
          s.grammar = true;
          return s;
        }
        // read_segment declines valid-grammar segments only for overflow: dropped, no deltas. Probe
        // the column anyway when it decoded, so a negative one still forces the fallback.
        ++s.segments;
        s.overflow = true;
        if (!t.overflow[0]) {
          line_column.add(column + t.values[0]);
        }
        p = t.end;
      } else {
        ++s.segments;
        ++s.emitted;
        column += v[0];
        line_column.add(column);
        if (fields >= 4) {
          ++s.positions;
          for (int k = 0; k < 3; ++k) {
            acc[k] += v[k + 1];
            s.range[k].add(acc[k]);
          }
          if (fields == 5) {
            ++s.names;
            acc[3] += v[4];
            s.range[3].add(acc[3]);
          }
        }
      }
      if (p == end) {
        break;
      }
    }
    if (*p == ',') {
      ++s.item_tail;
      prev_comma = true;
    } else {
      close_line();
      ++s.semis;
      s.has_semi = true;
      s.item_tail = 0;
      column = 0;
      prev_comma = false;
    }
    ++p;
  }
  close_line();
  s.column_tail = column;
  for (int k = 0; k < 4; ++k) {
    s.delta[k] = acc[k];
  }
  return s;
}

/// Chunk starts: 0, then just after the first separator at or past each chunk_bytes step.
std::vector<size_t> split_chunks(std::string_view text, size_t chunk_bytes) {
  std::vector<size_t> bounds{0};
  const size_t n = text.size();
  for (;;) {
    const size_t target = bounds.back() + chunk_bytes;
    if (target >= n) {
      break;
    }
    const char* q = text.data() + target;
    while (q != text.data() + n && !is_mappings_separator(*q)) {
      ++q;
    }
    const auto b = static_cast<size_t>(q - text.data()) + 1;
    if (b >= n) {
      break;
    }
    bounds.push_back(b);
  }
  bounds.push_back(n);
  return bounds;
}

}  // namespace

namespace mappings_detail {

bool decode_parallel(const MappingsPart& part, std::vector<Mapping>* out, Diagnostics& diags,
                     const DecodeOptions& opt, MappingsStats& stats) {
  const std::string_view text = part.text;
  const std::vector<size_t> bounds = split_chunks(text, std::max<size_t>(opt.chunk_bytes, 1));
  const size_t chunks = bounds.size() - 1;
  if (chunks < 2) {
    return false;
  }
  const char* base = text.data();

  // Pass 1: summaries. A grammar error anywhere means fallback, so later chunks stop early.
  std::vector<ChunkSummary> sums(chunks);
  std::atomic<bool> fallback{false};
  parallel::parallel_for(parallel::Range(0, chunks, 1), [&](const parallel::Range& r) {
    for (size_t i = r.begin(); i != r.end(); ++i) {
      if (fallback.load(std::memory_order_relaxed)) {
        return;
      }
      sums[i] = summarize_chunk(base, base + bounds[i], base + bounds[i + 1], i + 1 == chunks);
      if (sums[i].grammar) {
        fallback.store(true, std::memory_order_relaxed);
      }
    }
  });
  if (fallback.load()) {
    return false;
  }

  // Exclusive prefix (serial: a few hundred chunks at the default size).
  const Limits lim = Limits::of(part, opt);
  std::vector<State> starts(chunks + 1);
  std::vector<u64> first_out(chunks + 1, 0);
  std::vector<char> clean(chunks, 0);
  State s;
  u64 segments = 0;
  for (size_t i = 0; i < chunks; ++i) {
    const ChunkSummary& c = sums[i];
    starts[i] = s;
    const i64 col_add = s.line == 0 ? lim.column_offset : 0;
    if (c.body_column_bad || !c.head_column.within(s.column, 0, kU32Max - col_add)) {
      return false;
    }
    clean[i] = !c.overflow && c.range[0].within(s.source, 0, lim.source_end - 1) &&
               c.range[1].within(s.original_line, 0, kU32Max) &&
               c.range[2].within(s.original_column, 0, kU32Max) &&
               c.range[3].within(s.name, 0, lim.name_end - 1);
    s.line += static_cast<i64>(c.semis);
    s.column = c.has_semi ? c.column_tail : s.column + c.column_tail;
    s.item = c.has_semi ? c.item_tail : s.item + c.item_tail;
    s.source += c.delta[0];
    s.original_line += c.delta[1];
    s.original_column += c.delta[2];
    s.name += c.delta[3];
    segments += c.segments;
    first_out[i + 1] = first_out[i] + c.emitted;
  }
  starts[chunks] = s;
  if (segments > opt.max_segments || s.line + lim.line_offset > kU32Max) {
    return false;
  }

  // Pass 2: every chunk when storing, only the ones with something to report when counting.
  std::vector<size_t> todo;
  for (size_t i = 0; i < chunks; ++i) {
    if (out != nullptr || !clean[i]) {
      todo.push_back(i);
    }
  }
  const size_t old_size = out != nullptr ? out->size() : 0;
  if (out != nullptr) {
    out->resize(old_size + first_out[chunks]);
  }
  std::vector<DiagBuffer> buffers(chunks);
  struct Pass2 {
    u64 mapped = 0;
    u64 named = 0;
    bool ok = true;
  };
  std::vector<Pass2> results(chunks);
  parallel::parallel_for(parallel::Range(0, todo.size(), 1), [&](const parallel::Range& r) {
    for (size_t j = r.begin(); j != r.end(); ++j) {
      const size_t i = todo[j];
      const char* b = base + bounds[i];
      const char* e = base + bounds[i + 1];
      const bool final_span = i + 1 == chunks;
      Pass2& res = results[i];
      u64 segs = 0;
      State end_state;
      if (out != nullptr) {
        Mapping* slice = out->data() + old_size;
        SliceSink sink{slice + first_out[i], slice + first_out[i + 1]};
        SpanDecoder<SliceSink> dec(base, lim, starts[i], buffers[i], sink);
        res.ok = dec.run(b, e, final_span) && !sink.overrun && sink.next == sink.end;
        segs = dec.segments();
        end_state = dec.state();
        res.mapped = dec.mapped();
        res.named = dec.named();
      } else {
        CountSink sink;
        SpanDecoder<CountSink> dec(base, lim, starts[i], buffers[i], sink);
        res.ok = dec.run(b, e, final_span);
        segs = dec.segments();
        end_state = dec.state();
        res.mapped = dec.mapped();
        res.named = dec.named();
      }
      // The summaries promised this; anything else is a bug, caught here.
      res.ok = res.ok && segs == sums[i].segments && end_state == starts[i + 1];
    }
  });
  for (size_t i : todo) {
    if (!results[i].ok) {
      if (out != nullptr) {
        out->resize(old_size);
      }
      return false;
    }
  }

  stats.segments = segments;
  stats.gen_lines = static_cast<u64>(s.line) + 1;
  for (size_t i = 0; i < chunks; ++i) {
    const bool ran = out != nullptr || !clean[i];
    stats.mapped += ran ? results[i].mapped : sums[i].positions;
    stats.named += ran ? results[i].named : sums[i].names;
  }
  std::vector<const DiagBuffer*> ptrs(chunks);
  for (size_t i = 0; i < chunks; ++i) {
    ptrs[i] = &buffers[i];
  }
  stats.errors = mappings_detail::flush_diagnostics(ptrs.data(), chunks, lim, diags);
  return true;
}

}  // namespace mappings_detail

namespace {

/// Upper bound on the segments of `text`: non-separator bytes that start an item. Unlike a count of
/// separators it cannot be inflated by ",,,," into a huge reservation.
u64 count_item_starts(std::string_view text) noexcept {
  if (text.empty()) {
    return 0;
  }
  auto sep = [&](size_t i) { return static_cast<u64>(text[i] == ',' || text[i] == ';'); };
  u64 n = 1 - sep(0);
  // Written without a loop-carried flag so that it vectorises.
  for (size_t i = 1; i < text.size(); ++i) {
    n += sep(i - 1) & (1 - sep(i));
  }
  return n;
}

}  // namespace

// PERF: mappings_bench BM_Decode{Count,Vector}_Parallel, same map and box as SpanDecoder::run, 20
// chunks of 1 MB: total work (process CPU) 31 ms counting and 81 ms storing, vs 32 / 53 ms scalar.
// Counting a clean map is pass 1 alone (no more work than scalar), so it scales with cores; storing
// is pass 1 + pass 2 + value-initialising `out`, 1.5x the scalar work: a gain from 2 idle cores
// on. (Wall time could not be measured: the box gave a 2-thread spin loop 0.96 CPUs.)
MappingsStats decode_mappings(const MappingsPart& part, std::vector<Mapping>* out,
                              Diagnostics& diags, const DecodeOptions& opt) {
  const size_t chunk = std::max<size_t>(opt.chunk_bytes, 1);
  if (opt.parallel && part.text.size() / 2 >= chunk) {
    MappingsStats stats;
    if (mappings_detail::decode_parallel(part, out, diags, opt, stats)) {
      return stats;
    }
  }
  if (out == nullptr) {
    CountSink sink;
    return mappings_detail::decode_scalar(part, sink, diags, opt);
  }
  // Reserving the upper bound avoids regrowing (and copying) a vector of millions of mappings.
  const u64 upper = std::min<u64>(count_item_starts(part.text), opt.max_segments);
  out->reserve(out->size() + static_cast<size_t>(upper));
  VectorSink sink{out};
  return mappings_detail::decode_scalar(part, sink, diags, opt);
}

}  // namespace mapsleuth::parsers
