// Fuzzes byte attribution (analyzer/attribution.cpp). The input is a source map, a NUL byte, and
// the generated file; without a NUL the whole input serves as both (a map attributing its own
// JSON text). Must never crash, and every run must satisfy STYLE R12: the buckets sum to the file
// size, the labelled ranges tile the file in order and add up to the same buckets, and asking for
// the ranges does not change the figures.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "analyzer/attribution.h"
#include "parsers/diagnostics.h"
#include "parsers/source_map.h"

namespace {

using mapsleuth::u64;
namespace analyzer = mapsleuth::analyzer;
namespace parsers = mapsleuth::parsers;

void check(bool ok) {
  if (!ok) {
    std::abort();
  }
}

void run(std::string_view generated, const parsers::SourceMap& map, parsers::ScriptKind kind) {
  mapsleuth::Diagnostics diags;
  std::vector<analyzer::AttributedRange> ranges;
  analyzer::AttributionOptions opt;
  opt.kind = kind;
  opt.ranges = &ranges;
  const analyzer::ByteAttribution a = analyzer::attribute_bytes(generated, map, diags, opt);
  check(analyzer::check_attribution(a));
  check(a.file_size == generated.size());
  check(a.by_source.size() == map.sources.size());

  std::vector<u64> by_source(map.sources.size(), 0);
  u64 unmapped = 0;
  u64 terminators = 0;
  u64 comment = 0;
  u64 at = 0;
  for (const analyzer::AttributedRange& r : ranges) {
    check(r.begin == at && r.begin < r.end);
    at = r.end;
    const u64 n = r.end - r.begin;
    if (r.label >= 0) {
      check(static_cast<u64>(r.label) < by_source.size());
      by_source[static_cast<size_t>(r.label)] += n;
    } else if (r.label == analyzer::kLabelUnmapped) {
      unmapped += n;
    } else if (r.label == analyzer::kLabelLineTerminators) {
      terminators += n;
    } else {
      check(r.label == analyzer::kLabelMapComment);
      comment += n;
    }
  }
  check(at == generated.size());
  check(by_source == a.by_source && unmapped == a.unmapped && terminators == a.line_terminators &&
        comment == a.map_comment);

  mapsleuth::Diagnostics quiet;
  const analyzer::ByteAttribution plain =
      analyzer::attribute_bytes(generated, map, quiet, analyzer::AttributionOptions{kind});
  check(plain.by_source == a.by_source && plain.unmapped == a.unmapped &&
        plain.map_comment == a.map_comment && plain.segments_past_eol == a.segments_past_eol &&
        plain.segments_past_eof == a.segments_past_eof);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view doc = nul == std::string_view::npos ? input : input.substr(0, nul);
  const std::string_view generated = nul == std::string_view::npos ? input : input.substr(nul + 1);
  mapsleuth::Diagnostics diags;
  parsers::ParseOptions opt;
  opt.max_json_bytes = 1 << 20;
  auto map = parsers::parse_source_map(doc, 0, diags, opt);
  if (!map.ok()) {
    return 0;
  }
  run(generated, map.value(), parsers::ScriptKind::kJavaScript);
  run(generated, map.value(), parsers::ScriptKind::kCss);
  return 0;
}
