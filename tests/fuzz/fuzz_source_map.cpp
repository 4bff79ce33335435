// Fuzzes the source-map document parser (regular and index maps) end to end: parse in lenient and
// strict mode, decode every part, measure sourcesContent, look a few positions up. Must never
// crash, and strict mode must never call valid what lenient mode calls invalid.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "parsers/decoded_map.h"
#include "parsers/diagnostics.h"
#include "parsers/sources_content.h"

namespace {

bool run(std::string_view doc, bool strict) {
  using namespace mapsleuth;
  Diagnostics diags;
  parsers::ParseOptions opt;
  opt.strict = strict;
  opt.max_json_bytes = 1 << 20;
  auto map = parsers::parse_source_map(doc, 0, diags, opt);
  if (!map.ok()) return false;
  parsers::DecodeOptions dopt;
  dopt.strict = strict;
  dopt.chunk_bytes = 64;  // exercise the parallel path on small inputs
  std::vector<parsers::Mapping> mappings;
  parsers::MapStats stats = parsers::decode_source_map(map.value(), &mappings, diags, dopt);
  if (mappings.size() > stats.segments) std::abort();
  parsers::ContentStats cs = parsers::measure_sources_content(map.value(), diags);
  if (cs.with_content > map.value().sources.size()) std::abort();
  for (const parsers::Mapping& m : mappings) {
    if (m.source >= static_cast<int32_t>(map.value().sources.size())) std::abort();
    if (m.name >= static_cast<int32_t>(map.value().names.size())) std::abort();
    const parsers::Mapping* hit =
        parsers::lookup_mapping(mappings, m.generated_line, m.generated_column);
    if (hit == nullptr || hit->generated_line != m.generated_line ||
        hit->generated_column != m.generated_column) {
      std::abort();
    }
  }
  std::string content;
  for (size_t i = 0; i < map.value().sources.size() && i < 16; ++i) {
    parsers::source_content(map.value(), i, content);
  }
  return diags.count(Severity::kError) == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view doc(reinterpret_cast<const char*>(data), size);
  bool lenient_valid = run(doc, false);
  bool strict_valid = run(doc, true);
  if (strict_valid && !lenient_valid) std::abort();
  return 0;
}
