#include "parsers/sources_content.h"

#include <algorithm>

#include "parsers/diagnostics.h"
#include "parsers/json_string.h"
#include "parsers/parallel.h"

namespace mapsleuth::parsers {

u64 count_lines(std::string_view text) noexcept {
  if (text.empty()) return 0;
  auto newlines = static_cast<u64>(std::count(text.begin(), text.end(), '\n'));
  return newlines + (text.back() == '\n' ? 0 : 1);
}

ContentStats measure_sources_content(const SourceMap& map, Diagnostics& diags) {
  const size_t n = map.sources.size();
  std::vector<JsonStringMeasure> measures(n);
  std::vector<i64> bad_at(n, -1);
  // PERF: one task per source; a leak-sized map has thousands of strings of a few KB each.
  parallel::parallel_for(parallel::Range(0, n, 16), [&](const parallel::Range& r) {
    for (size_t i = r.begin(); i != r.end(); ++i) {
      const RawString& c = map.sources[i].content;
      if (!c.is_string()) continue;
      JsonStringIssues issues;
      measures[i] = measure_json_string(c.raw, issues);
      if (measures[i].bytes < 0) bad_at[i] = c.offset + 1 + issues.bad_escape_at;
    }
  });
  // Reduce in index order so diagnostics and sums never depend on the thread count (STYLE R11).
  ContentStats stats;
  for (size_t i = 0; i < n; ++i) {
    if (!map.sources[i].content.is_string()) continue;
    if (bad_at[i] >= 0) {
      diags.error(ErrorCode::kJsonSyntax,
                  "invalid escape in sourcesContent[" + std::to_string(i) + "]", bad_at[i]);
      continue;
    }
    const JsonStringMeasure& m = measures[i];
    ++stats.with_content;
    stats.bytes += static_cast<u64>(m.bytes);
    if (m.bytes > 0) stats.lines += m.newlines + (m.ends_with_newline ? 0 : 1);
  }
  return stats;
}

bool source_content(const SourceMap& map, size_t index, std::string& out) {
  out.clear();
  if (index >= map.sources.size() || !map.sources[index].content.is_string()) return false;
  JsonStringIssues issues;
  return unescape_json_string(map.sources[index].content.raw, out, issues);
}

}  // namespace mapsleuth::parsers
