// Benchmarks for analyzer/findings (STYLE R20): the default rules over a deterministic ~8 MB
// corpus of TypeScript-like sources (see make_corpus), scanned as one text, as ~2,000 files of
// ~4 KB each with one ScanHits per file (per-call overhead), in parallel over those files, and as
// a minified bundle (the same statements on one 8 MB line).
//
// Dec 2026, g++ 12 -O3 -march=x86-64-v3, AMD EPYC, 2 shared cores at load average 2-4 (CPU-time
// rates, +-25% between runs): one text 300-440 MB/s, 2,000 files 300-450 MB/s, minified line
// 240-370 MB/s, files in parallel 610-660 MB/s wall on 2 cores; npm's own 6.5 MB of JavaScript
// through MAPSLEUTH_FINDINGS_BENCH_FILE 1.15-1.6 GB/s. docs/rules.md "Performance" has details.
#include <benchmark/benchmark.h>
#include <tbb/parallel_for.h>

#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/findings.h"

namespace {

using mapsleuth::u64;
using mapsleuth::analyzer::FindingOptions;
using mapsleuth::analyzer::FindingsEngine;
using mapsleuth::analyzer::ScanHits;
using mapsleuth::analyzer::ScanTarget;

// Mostly ordinary code; one statement in ~16 is followed by something a rule reports (a TODO, an
// env read, a feature flag, an internal URL, an e-mail address), and one fake token every ~50 KB.
std::string make_corpus(size_t target_bytes, bool minified) {
  std::string out;
  out.reserve(target_bytes + 4096);
  u64 state = 0x9E3779B97F4A7C15ULL;
  auto next = [&state](u64 n) {  // xorshift64: same text on every run and machine
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state % n;
  };
  auto put = [&out](std::initializer_list<std::string_view> parts) {
    for (std::string_view part : parts) {
      out += part;
    }
  };
  const std::string_view nl = minified ? ";" : "\n";
  for (u64 i = 0; out.size() < target_bytes; ++i) {
    const std::string num = std::to_string(i);
    const std::string_view n = num;
    switch (next(8)) {
      case 0:
        put({"/**", nl, " * Computes the value of item ", n, " from the raw input.", nl,
             " * @param input the raw input", nl, " */", nl});
        break;
      case 1:
        put({"import { Service", n, ", type Options } from './service/", n, "';", nl});
        break;
      case 2:
        put({"export class Store", n, "<T extends Record<string, unknown>> {", nl,
             "  private readonly items: Map<string, Array<T>> = new Map();", nl,
             "  get(key: string): T | undefined { return this.items.get(key)?.[0]; }", nl, "}",
             nl});
        break;
      case 3:
        put({"const url", n, " = `${base}/api/v2/items/${id}?page=", n, "`; // paginated", nl});
        break;
      case 4:
        put({"export function handler", n, "(req: Request, res: Response): void {", nl,
             "  if (!req.url.startsWith('http://') && req.url !== \"/*\") {", nl,
             "    res.status(404).send({ error: 'not found', code: ", n, " });", nl, "  }", nl, "}",
             nl});
        break;
      case 5:
        put({"const ratio", n, " = (total - used) / total * 100;", nl});
        break;
      case 6:
        put({"  return items.filter((x) => x.id !== ", n, ").map((x) => ({ ...x }));", nl});
        break;
      default:
        put({"const token", n, " = await fetchToken({ scope: 'read', audience: aud });", nl});
        break;
    }
    switch (next(64)) {
      case 0:
        put({"// TODO(bob): cache this, see https://wiki.acme.corp/display/ENG/Page", n, nl});
        break;
      case 1:
        put({"const apiBase", n, " = process.env.API_BASE_URL ?? 'https://api.example.com/';", nl});
        break;
      case 2:
        put({"if (isEnabled('new-checkout-", n, "')) track('checkout'); // FIXME", nl});
        break;
      case 3:
        put({"/* questions: bob.smith", n, "@acme-corp.io */", nl});
        break;
      default:
        break;
    }
    if (i % 400 == 399) {
      put({"const githubToken = 'ghp_Zq8Lr2Vt6Yp0Wm4Xk9Jd3Hs7Gf1Bn5Cv", n.substr(0, 2), "00';",
           nl});
    }
  }
  return out;
}

const FindingsEngine& engine() {
  static const FindingsEngine e = [] {
    mapsleuth::Diagnostics d;
    auto r = FindingsEngine::defaults(d);
    if (!r.ok()) {
      std::abort();
    }
    return std::move(r).value();
  }();
  return e;
}

const std::string& source_corpus() {
  static const std::string text = make_corpus(8u << 20, false);
  return text;
}

const std::string& minified_corpus() {
  static const std::string text = make_corpus(8u << 20, true);
  return text;
}

// The corpus cut into ~4 KB "files" at line ends.
const std::vector<std::string_view>& files() {
  static const std::vector<std::string_view> parts = [] {
    std::vector<std::string_view> v;
    std::string_view s = source_corpus();
    while (!s.empty()) {
      size_t cut = s.find('\n', std::min<size_t>(4096, s.size() - 1));
      cut = cut == std::string_view::npos ? s.size() : cut + 1;
      v.push_back(s.substr(0, cut));
      s.remove_prefix(cut);
    }
    return v;
  }();
  return parts;
}

void set_rate(benchmark::State& state, size_t bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
}

void BM_ScanOneText(benchmark::State& state) {
  const std::string& text = source_corpus();
  size_t findings = 0;
  for (auto _ : state) {
    ScanHits hits;
    engine().scan(text, "src/all.ts", ScanTarget::kContent, FindingOptions{}, hits);
    findings = hits.findings.size();
    benchmark::DoNotOptimize(hits);
  }
  state.counters["findings"] = static_cast<double>(findings);
  set_rate(state, text.size());
}
BENCHMARK(BM_ScanOneText)->Unit(benchmark::kMillisecond);

void BM_ScanMinified(benchmark::State& state) {
  const std::string& text = minified_corpus();
  for (auto _ : state) {
    ScanHits hits;
    engine().scan(text, "dist/app.js", ScanTarget::kContent, FindingOptions{}, hits);
    benchmark::DoNotOptimize(hits);
  }
  set_rate(state, text.size());
}
BENCHMARK(BM_ScanMinified)->Unit(benchmark::kMillisecond);

void BM_ScanManyFiles(benchmark::State& state) {
  for (auto _ : state) {
    for (std::string_view f : files()) {
      ScanHits hits;
      engine().scan(f, "src/file.ts", ScanTarget::kContent, FindingOptions{}, hits);
      benchmark::DoNotOptimize(hits);
    }
  }
  set_rate(state, source_corpus().size());
}
BENCHMARK(BM_ScanManyFiles)->Unit(benchmark::kMillisecond);

// The caller's pattern: one ScanHits per file, files scanned by TBB workers. Wall-time rate.
void BM_ScanManyFilesParallel(benchmark::State& state) {
  const std::vector<std::string_view>& parts = files();
  for (auto _ : state) {
    std::vector<ScanHits> hits(parts.size());
    tbb::parallel_for(size_t{0}, parts.size(), [&](size_t i) {
      engine().scan(parts[i], "src/file.ts", ScanTarget::kContent, FindingOptions{}, hits[i]);
    });
    benchmark::DoNotOptimize(hits);
  }
  set_rate(state, source_corpus().size());
}
BENCHMARK(BM_ScanManyFilesParallel)->Unit(benchmark::kMillisecond)->UseRealTime();

// A real file, when MAPSLEUTH_FINDINGS_BENCH_FILE names one (e.g. a concatenation of a
// project's sources); registered in main() so that the default run needs no file.
void BM_ScanFile(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    ScanHits hits;
    engine().scan(text, "file", ScanTarget::kContent, FindingOptions{}, hits);
    benchmark::DoNotOptimize(hits);
  }
  set_rate(state, text.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::string file_text;
  if (const char* path = std::getenv("MAPSLEUTH_FINDINGS_BENCH_FILE")) {
    std::ifstream in(path, std::ios::binary);
    file_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    benchmark::RegisterBenchmark("BM_ScanFile", BM_ScanFile, file_text)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
    return 1;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
