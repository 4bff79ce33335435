#include "parsers/decoded_map.h"

#include <algorithm>

#include "parsers/diagnostics.h"
#include "parsers/mappings.h"
#include "parsers/parallel.h"

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
  // One result per section. Counting only (out == nullptr: validate, scan), the sections decode
  // in parallel (PERF: an index map's sections had been decoded one after another, into a scratch
  // vector, only to find each one's last position: 1.21x the flat map's scan) and the results,
  // diagnostics included, are merged in section order, so the output is the serial one.
  struct Section {
    MappingsStats stats;
    std::pair<i64, i64> last{-1, -1};
    Diagnostics diags;
  };
  const bool need_positions = map.parts.size() > 1;
  std::vector<Section> sections(map.parts.size());
  auto decode = [&](size_t k, Diagnostics& sink_diags) {
    const MappingsPart& part = map.parts[k];
    Section& section = sections[k];
    if (out != nullptr) {
      size_t before = out->size();
      section.stats = decode_mappings(part, out, sink_diags, options);
      section.last = last_position(out->data() + before, out->data() + out->size());
    } else if (need_positions) {
      std::pair<i64, i64>& last = section.last;
      section.stats = visit_mappings(
          part,
          [&last](const Mapping& m) {
            last = std::max(last, std::pair<i64, i64>(m.generated_line, m.generated_column));
          },
          sink_diags, options);
    } else {
      section.stats = decode_mappings(part, nullptr, sink_diags, options);
    }
  };
  if (!need_positions) {
    for (size_t k = 0; k < sections.size(); ++k) decode(k, diags);
  } else {
    for (Section& section : sections) section.diags = Diagnostics(diags.input(), diags.entry());
    if (out == nullptr) {
      parallel::parallel_for(parallel::Range(0, sections.size(), 1), [&](const parallel::Range& r) {
        for (size_t k = r.begin(); k != r.end(); ++k) decode(k, sections[k].diags);
      });
    } else {
      for (size_t k = 0; k < sections.size(); ++k) decode(k, sections[k].diags);
    }
  }

  MapStats stats;
  std::pair<i64, i64> prev_last{-1, -1};
  for (size_t k = 0; k < sections.size(); ++k) {
    const Section& section = sections[k];
    const MappingsPart& part = map.parts[k];
    diags.append(section.diags);
    stats.segments += section.stats.segments;
    stats.gen_lines += section.stats.gen_lines;
    stats.mapped += section.stats.mapped;
    stats.named += section.stats.named;
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
    if (section.last.first >= 0) prev_last = section.last;
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
