// From a parsed SourceMap to decoded mappings: every MappingsPart through the VLQ decoder, the
// index-map overlap rule that needs decoded positions, the spec's stable sort, and lookup.
#pragma once

#include <vector>

#include "parsers/mappings.h"
#include "parsers/source_map.h"

namespace mapsleuth {
class Diagnostics;
}  // namespace mapsleuth

namespace mapsleuth::parsers {

struct MapStats {
  u64 segments = 0;        ///< decoded 1-, 4- and 5-field groups, over all parts
  u64 gen_lines = 0;       ///< ';'-separated lines of each part's mappings, summed
  u64 mapped = 0;          ///< segments with an original position
  u64 named = 0;           ///< segments with a name
  u64 mappings_bytes = 0;  ///< bytes of the mappings strings
};

/// Decodes all parts of `map`. With `out`, the mappings are appended and then stably sorted by
/// generated (line, column) as ECMA-426 9.1.2 requires; with nullptr only counts are kept (no
/// per-segment storage, except one section at a time for the index-map overlap check).
MapStats decode_source_map(const SourceMap& map, std::vector<Mapping>* out, Diagnostics& diags,
                           const DecodeOptions& options);

/// The mapping a generated position resolves to: on the same generated line, the greatest column
/// <= `column`, the first of equal positions (reference/ecma426.md 2.11). nullptr when none.
/// `sorted` must come from decode_source_map.
const Mapping* lookup_mapping(const std::vector<Mapping>& sorted, u32 line, u32 column);

}  // namespace mapsleuth::parsers
