// Benchmarks for analyzer/attribution.cpp (STYLE R20) on the synthetic leak: a 30.8 MB bundle, its
// 59.5 MB map (3.65 M segments, 790 k generated lines) and the same map as a 47-section index map;
// plus, built in memory, the one-line shape of real minified bundles (BM_Attribute_OneLine_*).
//
//   MAPSLEUTH_BENCH_MAP=/tmp/syn/cli.js.map ./attribution_bench
//
// The bundle is MAPSLEUTH_BENCH_JS (default: the map path without ".map"), the index map
// MAPSLEUTH_BENCH_INDEX_MAP (default: cli.index.js.map next to the map). Throughput is over the
// bundle's bytes. With MAPSLEUTH_ATTRIBUTION_DUMP=FILE the per-source figures of both maps are
// written to FILE as JSON first (docs/attribution.md compares them with source-map-explorer).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyzer/attribution.h"
#include "parsers/diagnostics.h"
#include "parsers/mappings.h"
#include "parsers/source_map.h"
#include "parsers/vlq.h"

namespace mapsleuth::analyzer {
namespace {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return false;
  }
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

struct LoadedMap {
  std::string path;
  std::string doc;  // the SourceMap views into its own padded copy of this
  parsers::SourceMap map;
  bool ok = false;
};

struct BenchInput {
  std::string error;  // non-empty if the inputs could not be loaded
  std::string js_path;
  std::string js;
  LoadedMap regular;
  LoadedMap index;
};

bool load_map(LoadedMap& m) {
  if (!read_file(m.path, m.doc)) {
    return false;
  }
  Diagnostics diags;
  auto r = parsers::parse_source_map(m.doc, 0, diags);
  if (!r.ok()) {
    return false;
  }
  m.map = std::move(r).value();
  m.ok = true;
  return true;
}

const BenchInput& bench_input() {
  static const BenchInput input = [] {
    BenchInput in;
    in.regular.path = env_or("MAPSLEUTH_BENCH_MAP", "/tmp/syn/cli.js.map");
    const std::string& map_path = in.regular.path;
    const std::string base =
        map_path.ends_with(".map") ? map_path.substr(0, map_path.size() - 4) : map_path;
    in.js_path = env_or("MAPSLEUTH_BENCH_JS", base);
    const size_t slash = map_path.rfind('/');
    in.index.path =
        env_or("MAPSLEUTH_BENCH_INDEX_MAP",
               map_path.substr(0, slash == std::string::npos ? 0 : slash + 1) + "cli.index.js.map");
    if (!read_file(in.js_path, in.js) || !load_map(in.regular)) {
      in.error = "cannot read " + in.js_path + " or " + map_path +
                 "; generate them with: cd /work/shared/bench && npm ci && node make_synthetic.mjs "
                 "--out /tmp/syn --index (or set MAPSLEUTH_BENCH_MAP / MAPSLEUTH_BENCH_JS)";
    }
    load_map(in.index);  // optional
    return in;
  }();
  return input;
}

void attribute_bench(benchmark::State& state, bool index) {
  const BenchInput& in = bench_input();
  if (!in.error.empty()) {
    state.SkipWithError(in.error.c_str());
    return;
  }
  const LoadedMap& m = index ? in.index : in.regular;
  if (!m.ok) {
    state.SkipWithError(("cannot load " + m.path).c_str());
    return;
  }
  ByteAttribution a;
  for (auto _ : state) {
    Diagnostics diags;
    a = attribute_bytes(in.js, m.map, diags);
    benchmark::DoNotOptimize(a.by_source.data());
  }
  if (!check_attribution(a)) {
    state.SkipWithError("check_attribution failed");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(in.js.size()));
  state.counters["mapped_pct"] =
      100.0 * static_cast<double>(a.total() - a.unmapped - a.line_terminators - a.map_comment) /
      static_cast<double>(a.file_size);
}

void BM_Attribute(benchmark::State& state) { attribute_bench(state, false); }
void BM_Attribute_IndexMap(benchmark::State& state) { attribute_bench(state, true); }

// The decoder alone, streaming into a sink that only counts: the floor under BM_Attribute.
void BM_VisitMappingsOnly(benchmark::State& state) {
  const BenchInput& in = bench_input();
  if (!in.error.empty()) {
    state.SkipWithError(in.error.c_str());
    return;
  }
  u64 n = 0;
  for (auto _ : state) {
    Diagnostics diags;
    for (const parsers::MappingsPart& part : in.regular.map.parts) {
      parsers::visit_mappings(
          part, [&](const parsers::Mapping& m) { n += m.generated_column; }, diags,
          parsers::DecodeOptions{});
    }
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(in.js.size()));
}

/// The shape of real minified bundles (reference/ecma426.md 3.7): one 30 MB generated line with
/// 3.75 M segments, one every 8 UTF-16 units, 4,700 sources each owning a contiguous run (a
/// bundle concatenates modules), mostly 1-character VLQs, a `"` every 100 units (code has string
/// literals; extract_mapping_url stops at the last one). `utf8`: every 64th unit is U+00E9 (2
/// bytes), so the whole line goes through the UTF-16 cursor instead of the ASCII shortcut.
struct OneLine {
  std::string js;
  std::string doc;
  parsers::SourceMap map;
};

const OneLine& one_line(bool utf8) {
  static const auto build = [](bool with_utf8) {
    constexpr u64 kUnits = 30'000'000;
    constexpr u64 kStep = 8;
    constexpr u64 kSources = 4'700;
    OneLine o;
    o.js.reserve(kUnits + kUnits / 64 + 1);
    for (u64 u = 0; u < kUnits; ++u) {
      if (with_utf8 && u % 64 == 63) {
        o.js += "\xC3\xA9";
      } else {
        o.js += u % 100 == 99 ? '"' : static_cast<char>('a' + u % 26);
      }
    }
    std::string mappings;
    i64 source = 0;
    for (u64 u = 0; u < kUnits; u += kStep) {
      if (u > 0) {
        mappings += ',';
      }
      parsers::encode_vlq(u == 0 ? 0 : static_cast<i64>(kStep), mappings);
      const auto next = static_cast<i64>(u * kSources / kUnits);
      parsers::encode_vlq(next - source, mappings);
      source = next;
      mappings += "AC";  // original line +0, original column +1
    }
    o.doc = R"({"version":3,"sources":[)";
    for (u64 i = 0; i < kSources; ++i) {
      o.doc += (i > 0 ? ",\"s" : "\"s") + std::to_string(i) + ".ts\"";
    }
    o.doc += R"(],"names":[],"mappings":")" + mappings + "\"}";
    Diagnostics diags;
    auto r = parsers::parse_source_map(o.doc, 0, diags);
    if (r.ok()) {
      o.map = std::move(r).value();
    }
    return o;
  };
  static const OneLine ascii = build(false);
  static const OneLine non_ascii = build(true);
  return utf8 ? non_ascii : ascii;
}

void one_line_bench(benchmark::State& state, bool utf8) {
  const OneLine& o = one_line(utf8);
  ByteAttribution a;
  for (auto _ : state) {
    Diagnostics diags;
    a = attribute_bytes(o.js, o.map, diags);
    benchmark::DoNotOptimize(a.by_source.data());
  }
  if (!check_attribution(a) || a.unmapped != 0) {
    state.SkipWithError("unexpected attribution");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(o.js.size()));
}

void BM_Attribute_OneLine_Ascii(benchmark::State& state) { one_line_bench(state, false); }
void BM_Attribute_OneLine_Utf8(benchmark::State& state) { one_line_bench(state, true); }

BENCHMARK(BM_Attribute)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Attribute_IndexMap)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_VisitMappingsOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Attribute_OneLine_Ascii)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Attribute_OneLine_Utf8)->Unit(benchmark::kMillisecond);

nlohmann::json dump_one(const BenchInput& in, const LoadedMap& m) {
  Diagnostics diags;
  const ByteAttribution a = attribute_bytes(in.js, m.map, diags);
  nlohmann::json sources = nlohmann::json::array();
  for (size_t i = 0; i < a.by_source.size(); ++i) {
    const auto& name = m.map.sources[i].name;
    sources.push_back({{"name", name ? nlohmann::json(*name) : nlohmann::json(nullptr)},
                       {"bytes", a.by_source[i]}});
  }
  nlohmann::json warnings = nlohmann::json::array();
  for (const Diagnostic& d : diags.items()) {
    warnings.push_back(d.message);
  }
  return {{"map", m.path},
          {"file_size", a.file_size},
          {"unmapped", a.unmapped},
          {"line_terminators", a.line_terminators},
          {"map_comment", a.map_comment},
          {"segments_past_eol", a.segments_past_eol},
          {"segments_past_eof", a.segments_past_eof},
          {"check_attribution", check_attribution(a)},
          {"warnings", warnings},
          {"sources", sources}};
}

int dump(const std::string& path) {
  const BenchInput& in = bench_input();
  if (!in.error.empty()) {
    return 1;
  }
  nlohmann::json out = {{"bundle", in.js_path}, {"regular", dump_one(in, in.regular)}};
  if (in.index.ok) {
    out["index"] = dump_one(in, in.index);
  }
  std::ofstream f(path, std::ios::binary);
  f << out.dump(1) << '\n';
  return f ? 0 : 1;
}

}  // namespace
}  // namespace mapsleuth::analyzer

int main(int argc, char** argv) {
  try {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
      return 1;
    }
    if (const char* path = std::getenv("MAPSLEUTH_ATTRIBUTION_DUMP")) {
      if (mapsleuth::analyzer::dump(path) != 0) {
        return 1;
      }
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
  } catch (const std::exception& e) {  // nlohmann::json or std::bad_alloc
    std::fprintf(stderr, "attribution_bench: %s\n", e.what());
    return 1;
  }
}
