// Benchmarks for parsers/vlq.cpp and parsers/mappings.cpp (STYLE R20), on a real-sized map.
//
//   MAPSLEUTH_BENCH_MAP=/tmp/syn/cli.js.map ./mappings_bench
//
// The map is read once; its "mappings" string is extracted with simdjson On-Demand (which skips the
// ~40 MB of sourcesContent) and copied, so the timings cover the decoder alone. Throughput is
// reported over the bytes of the mappings string.
#include <benchmark/benchmark.h>
#include <simdjson.h>
#include <tbb/task_arena.h>

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/mappings.h"
#include "parsers/vlq.h"

namespace mapsleuth::parsers {
namespace {

struct BenchMap {
  std::string path;
  std::string error;  // non-empty if the map could not be loaded
  std::string mappings;
  u32 sources = 0;
  u32 names = 0;
};

const BenchMap& bench_map() {
  static const BenchMap map = [] {
    BenchMap m;
    const char* env = std::getenv("MAPSLEUTH_BENCH_MAP");
    m.path = env != nullptr ? env : "/tmp/syn/cli.js.map";
    simdjson::padded_string json;
    if (simdjson::padded_string::load(m.path).get(json)) {
      m.error = "cannot read " + m.path +
                "; generate it with: cd /work/shared/bench && npm ci && node make_synthetic.mjs "
                "--out /tmp/syn --index (or set MAPSLEUTH_BENCH_MAP)";
      return m;
    }
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document doc;
    simdjson::ondemand::object obj;
    if (parser.iterate(json).get(doc) || doc.get_object().get(obj)) {
      m.error = m.path + " is not a JSON object";
      return m;
    }
    for (auto field : obj) {
      std::string_view key;
      if (field.unescaped_key().get(key)) {
        break;
      }
      if (key == "mappings") {
        std::string_view text;
        if (field.value().get_string().get(text) == simdjson::SUCCESS) {
          m.mappings = text;
        }
      } else if (key == "sources" || key == "names") {
        simdjson::ondemand::array array;
        size_t n = 0;
        if (field.value().get_array().get(array) || array.count_elements().get(n)) {
          break;
        }
        (key == "sources" ? m.sources : m.names) = static_cast<u32>(n);
      }
    }
    if (m.mappings.empty()) {
      m.error = m.path + " has no \"mappings\" string";
    }
    return m;
  }();
  return map;
}

MappingsPart part_of(const BenchMap& map) {
  MappingsPart part;
  part.text = map.mappings;
  part.source_count = map.sources;
  part.name_count = map.names;
  return part;
}

void report(benchmark::State& state, const BenchMap& map, const MappingsStats& stats) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(map.mappings.size()));
  state.counters["segments"] = static_cast<double>(stats.segments);
  state.counters["threads"] = tbb::this_task_arena::max_concurrency();
}

void decode_bench(benchmark::State& state, bool parallel, bool store) {
  const BenchMap& map = bench_map();
  if (!map.error.empty()) {
    state.SkipWithError(map.error.c_str());
    return;
  }
  const MappingsPart part = part_of(map);
  DecodeOptions opt;
  opt.parallel = parallel;
  MappingsStats stats;
  std::vector<Mapping> out;
  for (auto _ : state) {
    Diagnostics diags;
    out.clear();
    stats = decode_mappings(part, store ? &out : nullptr, diags, opt);
    benchmark::DoNotOptimize(stats);
    benchmark::DoNotOptimize(out.data());
  }
  report(state, map, stats);
}

void BM_DecodeCount_Scalar(benchmark::State& state) { decode_bench(state, false, false); }
void BM_DecodeCount_Parallel(benchmark::State& state) { decode_bench(state, true, false); }
void BM_DecodeVector_Scalar(benchmark::State& state) { decode_bench(state, false, true); }
void BM_DecodeVector_Parallel(benchmark::State& state) { decode_bench(state, true, true); }

// The bare VLQ reader over the same bytes, separators stepped over: the floor for the decoders.
void BM_DecodeVlq(benchmark::State& state) {
  const BenchMap& map = bench_map();
  if (!map.error.empty()) {
    state.SkipWithError(map.error.c_str());
    return;
  }
  i64 sum = 0;
  for (auto _ : state) {
    const char* p = map.mappings.data();
    const char* end = p + map.mappings.size();
    while (p != end) {
      if (is_mappings_separator(*p)) {
        ++p;
        continue;
      }
      i64 v = 0;
      if (decode_vlq(p, end, v) != VlqStatus::kOk) {
        ++p;
      }
      sum += v;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(map.mappings.size()));
}

BENCHMARK(BM_DecodeVlq)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeCount_Scalar)->Unit(benchmark::kMillisecond);
// Parallel runs: wall time, and CPU summed over all threads (the work, whatever the machine's
// load).
BENCHMARK(BM_DecodeCount_Parallel)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();
BENCHMARK(BM_DecodeVector_Scalar)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeVector_Parallel)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

}  // namespace
}  // namespace mapsleuth::parsers

BENCHMARK_MAIN();
