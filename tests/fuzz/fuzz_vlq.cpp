// Differential fuzzer for parsers/vlq.cpp and parsers/mappings.cpp (STYLE R17; simdjson
// fuzz_implementations): the input is a `mappings` string, decoded by the scalar path and by the
// chunked parallel path with a tiny chunk size; mappings, stats and diagnostics must be identical,
// and every stored index must be in range. Aborts on any mismatch; must never crash.
//
// Input layout: byte 0 = source_count (low 6 bits) + strict (bit 7); byte 1 = name_count (low 6
// bits) + a column offset near 2^32 (bit 7, to reach the value-range paths) + chunk size (bit 6);
// the rest is the mappings text. Inputs shorter than 2 bytes are used as text with 1 source/name.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/mappings.h"
#include "parsers/vlq.h"

namespace {

using mapsleuth::Diagnostics;
using mapsleuth::i64;
using mapsleuth::u32;
using mapsleuth::parsers::DecodeOptions;
using mapsleuth::parsers::Mapping;
using mapsleuth::parsers::MappingsPart;
using mapsleuth::parsers::MappingsStats;
using mapsleuth::parsers::VlqStatus;

void check(bool ok) {
  if (!ok) {
    std::abort();
  }
}

struct Run {
  std::vector<Mapping> mappings;
  MappingsStats stats;
  Diagnostics diags;
};

Run decode(const MappingsPart& part, const DecodeOptions& opt, bool store) {
  Run r;
  r.stats = decode_mappings(part, store ? &r.mappings : nullptr, r.diags, opt);
  return r;
}

bool same_mapping(const Mapping& a, const Mapping& b) {
  return a.generated_line == b.generated_line && a.generated_column == b.generated_column &&
         a.source == b.source && a.original_line == b.original_line &&
         a.original_column == b.original_column && a.name == b.name;
}

void check_same(const Run& a, const Run& b) {
  check(a.mappings.size() == b.mappings.size());
  for (size_t i = 0; i < a.mappings.size(); ++i) {
    check(same_mapping(a.mappings[i], b.mappings[i]));
  }
  check(a.stats.segments == b.stats.segments && a.stats.gen_lines == b.stats.gen_lines &&
        a.stats.mapped == b.stats.mapped && a.stats.named == b.stats.named &&
        a.stats.errors == b.stats.errors);
  check(a.diags.size() == b.diags.size());
  for (size_t i = 0; i < a.diags.size(); ++i) {
    const auto& x = a.diags.items()[i];
    const auto& y = b.diags.items()[i];
    check(x.code == y.code && x.severity == y.severity && x.byte_offset == y.byte_offset &&
          x.message == y.message);
  }
}

void check_indices(const Run& r, const MappingsPart& part) {
  mapsleuth::u64 mapped = 0;
  mapsleuth::u64 named = 0;
  for (const Mapping& m : r.mappings) {
    check(m.source == -1 || (m.source >= static_cast<i64>(part.source_base) &&
                             m.source < static_cast<i64>(part.source_base) + part.source_count));
    check(m.name == -1 || (m.name >= static_cast<i64>(part.name_base) &&
                           m.name < static_cast<i64>(part.name_base) + part.name_count));
    mapped += m.source != -1;
    named += m.name != -1;
  }
  check(mapped == r.stats.mapped && named == r.stats.named);
  check(r.mappings.size() <= r.stats.segments);
  for (const auto& d : r.diags.items()) {
    check(d.byte_offset >= -1 && d.byte_offset <= static_cast<i64>(part.text.size()));
  }
}

// Every VLQ that decodes must survive encode -> decode unchanged.
void check_vlq_round_trips(std::string_view text) {
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (p != end) {
    i64 value = 0;
    const char* before = p;
    const VlqStatus s = mapsleuth::parsers::decode_vlq(p, end, value);
    if (s == VlqStatus::kOk) {
      std::string again;
      mapsleuth::parsers::encode_vlq(value, again);
      const char* q = again.data();
      i64 back = 0;
      check(mapsleuth::parsers::decode_vlq(q, again.data() + again.size(), back) == VlqStatus::kOk);
      check(back == value && q == again.data() + again.size());
      check(value >= -(i64{1} << 31) && value < (i64{1} << 31));
    }
    check(p >= before && p <= end);
    if (p == before) {
      ++p;  // bad char: step over it
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  MappingsPart part;
  DecodeOptions scalar;
  scalar.parallel = false;
  size_t chunk = 3;
  if (size >= 2) {
    part.source_count = data[0] & 0x3f;
    part.name_count = data[1] & 0x3f;
    scalar.strict = (data[0] & 0x80) != 0;
    if ((data[1] & 0x80) != 0) {
      part.column_offset = 0xffffffffu - 40;
    }
    if ((data[1] & 0x40) != 0) {
      chunk = 16;
    }
    part.source_base = 5;
    part.name_base = 2;
    data += 2;
    size -= 2;
  } else {
    part.source_count = 1;
    part.name_count = 1;
  }
  part.text = std::string_view(reinterpret_cast<const char*>(data), size);
  DecodeOptions parallel = scalar;
  parallel.parallel = true;
  parallel.chunk_bytes = chunk;

  const Run a = decode(part, scalar, true);
  check_indices(a, part);
  check_same(a, decode(part, parallel, true));
  const Run counted = decode(part, scalar, false);
  check(counted.mappings.empty());
  check(counted.stats.segments == a.stats.segments && counted.stats.mapped == a.stats.mapped &&
        counted.stats.named == a.stats.named && counted.stats.errors == a.stats.errors);
  check_same(counted, decode(part, parallel, false));
  check_vlq_round_trips(part.text);
  return 0;
}
