#include "parsers/decoded_map.h"

#include <algorithm>

#include "parsers/diagnostics.h"

namespace mapsleuth::parsers {
namespace {

bool generated_less(const Mapping& a, const Mapping& b) {
  return a.generated_line != b.generated_line ? a.generated_line < b.generated_line
                                              : a.generated_column < b.generated_column;
}

// The greatest generated position in [first, last), or {-1, -1} when empty.
std::pair<i64, i64> last_position(const Mapping* first, const Mapping* last) {
  std::pair<i64, i64> best{-1, -1};
  for (const Mapping* m = first; m != last; ++m) {
    best = std::max(best, std::pair<i64, i64>(m->generated_line, m->generated_column));
  }
  return best;
}

}  // namespace

MapStats decode_source_map(const SourceMap& map, std::vector<Mapping>* out, Diagnostics& diags,
                           const DecodeOptions& options) {
  MapStats stats;
  std::vector<Mapping> scratch;
  const bool need_positions = map.parts.size() > 1;
  std::pair<i64, i64> prev_last{-1, -1};
  for (size_t k = 0; k < map.parts.size(); ++k) {
    const MappingsPart& part = map.parts[k];
    std::vector<Mapping>* sink = out;
    if (sink == nullptr && need_positions) {
      scratch.clear();
      sink = &scratch;
    }
    size_t before = sink != nullptr ? sink->size() : 0;
    MappingsStats s = decode_mappings(part, sink, diags, options);
    stats.segments += s.segments;
    stats.gen_lines += s.gen_lines;
    stats.mapped += s.mapped;
    stats.named += s.named;
    stats.mappings_bytes += part.text.size();
    if (!need_positions) continue;
    // ECMA-426 10.1 flags a section starting before the previous section's last mapping; the suite
    // (indexMapInvalidOverlap) also flags a start equal to it (conformance README, defect 3).
    std::pair<i64, i64> start(part.line_offset, part.column_offset);
    if (prev_last.first >= 0 && start <= prev_last) {
      diags.add(ErrorCode::kIndexOrder, options.strict ? Severity::kError : Severity::kWarning,
                "section " + std::to_string(k) + " starts at " + std::to_string(start.first) + ":" +
                    std::to_string(start.second) +
                    ", not after the previous section's last mapping " +
                    std::to_string(prev_last.first) + ":" + std::to_string(prev_last.second));
    }
    auto last = last_position(sink->data() + before, sink->data() + sink->size());
    if (last.first >= 0) prev_last = last;
  }
  if (out != nullptr) std::stable_sort(out->begin(), out->end(), generated_less);
  return stats;
}

const Mapping* lookup_mapping(const std::vector<Mapping>& sorted, u32 line, u32 column) {
  Mapping probe;
  probe.generated_line = line;
  probe.generated_column = column;
  // First mapping after (line, column); the one before it, if on the same line, is the answer.
  auto after = std::upper_bound(sorted.begin(), sorted.end(), probe, generated_less);
  if (after == sorted.begin()) return nullptr;
  const Mapping& hit = *(after - 1);
  if (hit.generated_line != line) return nullptr;
  // First of equal positions (stable order).
  probe.generated_column = hit.generated_column;
  return &*std::lower_bound(sorted.begin(), after, probe, generated_less);
}

}  // namespace mapsleuth::parsers
