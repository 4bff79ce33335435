// sourcesContent: measuring and unescaping the strings a map carries, one task per source.
#pragma once

#include <string>
#include <string_view>

#include "parsers/source_map.h"

namespace mapsleuth {
class Diagnostics;
}  // namespace mapsleuth

namespace mapsleuth::parsers {

struct ContentStats {
  u64 with_content = 0;  ///< sourcesContent entries that are strings
  u64 bytes = 0;         ///< UTF-8 bytes of those strings after JSON unescaping (sc_bytes)
  u64 lines = 0;         ///< sum of count_lines over them (sc_lines)
};

/// DESIGN section 4: 0 for an empty string, else the number of '\n' plus 1 if it does not end
/// with '\n'.
u64 count_lines(std::string_view text) noexcept;

/// Validates and measures every sourcesContent string of `map` in parallel (tbb::parallel_for)
/// without materialising them. An invalid escape is a hard JSON error (JSON.parse would throw),
/// reported with its byte offset; the entry is then not counted.
ContentStats measure_sources_content(const SourceMap& map, Diagnostics& diags);

/// Unescapes the content of source `index` into `out`. Returns false when the source has no string
/// content or its escapes are invalid.
bool source_content(const SourceMap& map, size_t index, std::string& out);

}  // namespace mapsleuth::parsers
