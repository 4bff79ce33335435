#include "analyzer/rebuild.h"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "analyzer/attribution.h"
#include "analyzer/interrupt.h"
#include "analyzer/line_stats.h"
#include "parsers/decoded_map.h"
#include "parsers/parallel.h"
#include "parsers/sources_content.h"
#include "reconstruct/sha256.h"

namespace mapsleuth::analyzer {
namespace {

using parsers::SourceMap;

struct ParsedMap {
  Diagnostics diags;
  std::optional<SourceMap> map;
  parsers::MapStats stats;
  parsers::ContentStats content;
  std::vector<ByteAttribution> attributions;  // one per generated file linking the map
};

// One (map, source index) pair.
struct Item {
  size_t map = 0;
  size_t index = 0;
  std::string raw;  // the `sources` entry ("" when null)
  std::string resolved;
  bool ignored = false;
  bool has_content = false;
  bool content_ok = false;
  std::string content;
  std::string sha256;
  LineStats stats;
};

// Sources with the same resolved path: one variant per distinct content, first content first.
struct Group {
  std::string resolved;
  std::vector<std::vector<size_t>> variants;  // item indices; variants[k][0] holds the content
  std::vector<size_t> without_content;
};

void parse_maps(DiscoveredInput& input, const RebuildOptions& options,
                std::vector<ParsedMap>& parsed) {
  parsed.resize(input.maps.size());
  // PERF: maps in parallel; inside one big map the decoder and the content pass are parallel too.
  parallel::parallel_for(parallel::Range(0, input.maps.size(), 1), [&](const parallel::Range& r) {
    for (size_t i = r.begin(); i != r.end(); ++i) {
      throw_if_interrupted();
      const MapCandidate& c = input.maps[i];
      ParsedMap& p = parsed[i];
      p.diags = Diagnostics(input.diags.input(), c.path);
      auto m =
          parsers::parse_source_map(c.bytes.bytes(), c.bytes.capacity(), p.diags, options.parse);
      if (!m.ok()) {
        p.diags.error(ErrorCode::kMapNotAMap, "not rebuilt");
        continue;
      }
      p.map.emplace(std::move(m).value());
      // attribute_bytes: every byte of each bundle linking the map, to a source or a catch-all
      // bucket (STYLE R12). PERF: it streams the mappings on one thread, so it runs beside the
      // parallel decode and content measure, with its own diagnostics appended after theirs.
      Diagnostics attribution_diags(p.diags.input(), c.path);
      parallel::TaskGroup attributing;
      attributing.run([&] {
        for (const std::string& script : c.linked_from) {
          auto g = input.generated.find(script);
          if (g == input.generated.end()) continue;
          AttributionOptions aopt;
          aopt.kind = g->second.kind;
          aopt.max_segments = options.decode.max_segments;
          p.attributions.push_back(
              attribute_bytes(g->second.bytes.bytes(), *p.map, attribution_diags, aopt));
        }
      });
      parsers::DecodeOptions dopt = options.decode;
      dopt.strict = options.parse.strict;
      p.stats = parsers::decode_source_map(*p.map, nullptr, p.diags, dopt);
      p.content = parsers::measure_sources_content(*p.map, p.diags);
      attributing.wait();
      p.diags.append(attribution_diags);
    }
  });
}

reports::MapRecord map_record(const MapCandidate& c, const ParsedMap& p) {
  reports::MapRecord r;
  r.path = c.path;
  r.origin = c.inline_map ? "inline" : "file";
  r.linked_from = c.linked_from;
  r.bytes = c.bytes.bytes().size();
  r.sha256 = c.sha256;
  const SourceMap& m = *p.map;
  r.index_map = m.index_map;
  r.sections = m.sections;
  r.sources = m.sources.size();
  r.sources_with_content = p.content.with_content;
  r.sc_bytes = p.content.bytes;
  r.sc_lines = p.content.lines;
  r.names = m.names.size();
  r.segments = p.stats.segments;
  r.gen_lines = p.stats.gen_lines;
  r.mappings_bytes = p.stats.mappings_bytes;
  r.diagnostics = p.diags.size();
  r.valid = p.diags.count(Severity::kError) == 0;
  return r;
}

void add_totals(reports::Totals& t, const reports::MapRecord& r) {
  ++t.maps;
  ++(r.origin == "inline" ? t.maps_inline : t.maps_file);
  t.index_maps += r.index_map ? 1 : 0;
  t.map_bytes += r.bytes;
  t.sources += r.sources;
  t.sources_with_content += r.sources_with_content;
  t.sc_bytes += r.sc_bytes;
  t.sc_lines += r.sc_lines;
  t.names += r.names;
  t.segments += r.segments;
  t.mappings_bytes += r.mappings_bytes;
  t.gen_lines += r.gen_lines;
}

// The path a webpack:// source has inside the project ("webpack://ns/./src/a.ts" -> "src/a.ts");
// "" for other sources.
std::string webpack_relative(std::string_view s) {
  std::string_view p = webpack_module_path(s);
  if (p.size() == s.size()) return {};
  while (p.substr(0, 2) == "./") p.remove_prefix(2);
  return std::string(p);
}

// DESIGN "shipped": the resolved path is also a plain file of the input. webpack:// sources name
// project paths; they are looked up at the root and under npm's package/ folder.
std::string shipped_state(const DiscoveredInput& input, const std::string& resolved,
                          const std::string& sha256) {
  std::vector<std::string> candidates{resolved};
  std::string wp = webpack_relative(resolved);
  if (!wp.empty()) {
    candidates.push_back(wp);
    candidates.push_back("package/" + wp);
  }
  std::string state = "no";
  for (const std::string& c : candidates) {
    auto it = input.files.find(c);
    if (it == input.files.end()) continue;
    if (it->second == sha256) return "identical";
    state = "different";
  }
  return state;
}

// Turns the per-content hits into report findings, in record order, plus what the source names
// and the maps' sourceRoot reveal (home directories, user names: path-target rules).
void collect_findings(const DiscoveredInput& input, const std::vector<ParsedMap>& parsed,
                      const RebuildOptions& options,
                      const std::vector<std::pair<size_t, size_t>>& contents,
                      std::vector<ScanHits>& hits, RebuildResult& result) {
  const FindingsEngine& engine = *options.findings;
  std::vector<size_t> content_of(result.sources.size(), ~size_t{0});
  for (size_t i = 0; i < contents.size(); ++i) content_of[contents[i].first] = i;
  auto add = [&](const ScanHits& h, const reports::SourceRecord& s, const char* where) {
    for (const SourceFinding& sf : h.findings) {
      reports::Finding f;
      f.rule = sf.rule;
      f.severity = std::string(rule_severity_name(sf.severity));
      f.input = input.record.path;
      f.source = s.path;
      f.file = s.file;
      f.where = where;
      f.line = sf.line;
      f.column = sf.column;
      f.fingerprint = sf.fingerprint;
      f.redacted = sf.redacted;
      if (const Rule* rule = engine.find_rule(sf.rule)) f.message = rule->description;
      f.secret = sf.secret;
      f.live_format = sf.live_format;
      result.findings.push_back(std::move(f));
    }
    for (const SourceCount& c : h.counts) {
      auto& [count, sources] = result.counts[{c.rule, c.key}];
      count += c.count;
      ++sources;
    }
    result.findings_suppressed += h.suppressed;
    result.findings_capped += h.capped;
  };
  // A sourceRoot ("/home/jdoe/work/app/") is said once per map, not once per source.
  for (size_t i = 0; i < parsed.size(); ++i) {
    if (!parsed[i].map || !parsed[i].map->source_root) continue;
    ScanHits h;
    engine.scan(*parsed[i].map->source_root, input.maps[i].path, ScanTarget::kPath,
                options.finding_options, h);
    reports::SourceRecord where;
    where.path = input.maps[i].path;
    add(h, where, "source_root");
  }
  for (size_t r = 0; r < result.sources.size(); ++r) {
    const reports::SourceRecord& s = result.sources[r];
    ScanHits in_name;
    engine.scan(s.path, s.path, ScanTarget::kPath, options.finding_options, in_name);
    add(in_name, s, "path");
    if (content_of[r] != ~size_t{0}) add(hits[content_of[r]], s, "content");
  }
}

}  // namespace

RebuildResult rebuild_input(DiscoveredInput& input, const RebuildOptions& options,
                            reconstruct::SafeWriter* writer) {
  RebuildResult result;
  std::vector<ParsedMap> parsed;
  parse_maps(input, options, parsed);
  // The digests of the mapped input and its map ran beside the parse (discover_input, kDeferred).
  input.digests.finish(input);
  // Every bundle is attributed now and nothing later reads one: unmap them before the sources are
  // unescaped, so a bundle and the rebuilt contents are never resident together (peak RSS of a
  // leak-sized scan: issue 7, docs/benchmarks.md).
  input.generated.clear();

  // Maps that parsed become records; their diagnostics join the input's, in map order (R11).
  std::vector<size_t> record_of(parsed.size(), ~size_t{0});
  for (size_t i = 0; i < parsed.size(); ++i) {
    if (parsed[i].map) {
      record_of[i] = result.maps.size();
      result.maps.push_back(map_record(input.maps[i], parsed[i]));
      result.maps.back().input = input.record.path;
      add_totals(result.totals, result.maps.back());
    }
    input.diags.append(parsed[i].diags);
  }
  result.totals.files = input.file_count;

  // Every (map, source) pair, resolved against the map's directory inside the input.
  std::vector<Item> items;
  for (size_t i = 0; i < parsed.size(); ++i) {
    if (!parsed[i].map) continue;
    const SourceMap& m = *parsed[i].map;
    std::string map_dir(entry_dir(input.maps[i].path));
    for (size_t k = 0; k < m.sources.size(); ++k) {
      const parsers::Source& s = m.sources[k];
      Item it;
      it.map = i;
      it.index = k;
      it.raw = s.name.value_or("");
      it.resolved = s.url ? reconstruct::resolve_source(*s.url, std::nullopt, map_dir)
                          : "_null/" + std::string(entry_base_name(input.maps[i].path)) + "/" +
                                std::to_string(k);
      it.ignored = s.ignored;
      it.has_content = s.content.is_string();
      items.push_back(std::move(it));
    }
  }

  // Unescape, hash and count lines of every content, one task per source.
  parallel::parallel_for(parallel::Range(0, items.size(), 8), [&](const parallel::Range& r) {
    for (size_t i = r.begin(); i != r.end(); ++i) {
      throw_if_interrupted();
      Item& it = items[i];
      if (!it.has_content) continue;
      it.content_ok = parsers::source_content(*parsed[it.map].map, it.index, it.content);
      if (!it.content_ok) continue;
      it.sha256 = reconstruct::sha256_hex(it.content);
      it.stats = count_line_stats(it.content, language_for_path(it.resolved));
    }
  });

  // Deduplicate by resolved path (DESIGN section 4): first content wins; a different content under
  // the same path is kept as a second file and reported.
  std::vector<Group> groups;
  std::unordered_map<std::string, size_t> group_of;
  for (size_t i = 0; i < items.size(); ++i) {
    Item& it = items[i];
    auto [pos, inserted] = group_of.emplace(it.resolved, groups.size());
    if (inserted) groups.push_back(Group{it.resolved, {}, {}});
    Group& g = groups[pos->second];
    if (!it.content_ok) {
      g.without_content.push_back(i);
      continue;
    }
    auto same = std::find_if(g.variants.begin(), g.variants.end(),
                             [&](const auto& v) { return items[v.front()].sha256 == it.sha256; });
    if (same != g.variants.end()) {
      // The same module in two bundles is normal; the same name twice inside one map is not.
      bool same_map =
          std::any_of(same->begin(), same->end(), [&](size_t j) { return items[j].map == it.map; });
      if (same_map) {
        Diagnostics d(input.diags.input(), input.maps[it.map].path);
        d.info(ErrorCode::kSourceDuplicate,
               escape_for_terminal(it.raw) + " (sources[" + std::to_string(it.index) + "])");
        input.diags.append(d);
      }
      same->push_back(i);
      it.content.clear();
      it.content.shrink_to_fit();
    } else {
      if (!g.variants.empty()) {
        Diagnostics d(input.diags.input(), input.maps[it.map].path);
        d.warning(ErrorCode::kSourceContentConflict,
                  escape_for_terminal(it.resolved) + " (variant " +
                      std::to_string(g.variants.size() + 1) + ")");
        input.diags.append(d);
      }
      g.variants.push_back({i});
    }
  }
  std::sort(groups.begin(), groups.end(),
            [](const Group& a, const Group& b) { return a.resolved < b.resolved; });

  // Plain files of the input by content, first name in sorted order wins (deterministic).
  std::unordered_map<std::string, std::string> content_index;
  for (const auto& [name, sha] : input.files) content_index.emplace(sha, name);
  Classifier classifier(options.rules, &input.package_jsons);
  std::unordered_set<std::string> taken_keys;
  struct PendingWrite {
    size_t record;
    size_t item;
    std::string rel;
  };
  std::vector<PendingWrite> writes;
  auto fill_common = [&](reports::SourceRecord& r, const std::vector<size_t>& members) {
    const Item& first = items[members.front()];
    r.input = input.record.path;
    r.path = first.raw;
    r.resolved = first.resolved;
    for (size_t m : members) {
      const std::string& mp = input.maps[items[m].map].path;
      if (std::find(r.maps.begin(), r.maps.end(), mp) == r.maps.end()) r.maps.push_back(mp);
      r.ignored = r.ignored || items[m].ignored;
    }
    Classification c = classifier.classify(first.raw, first.resolved, r.ignored);
    r.cls = std::string(class_name(c.cls));
    r.rule = c.rule;
    r.package = c.package;
  };

  constexpr size_t kNoRecord = ~size_t{0};
  std::vector<size_t> record_of_item(items.size(), kNoRecord);
  std::vector<std::pair<size_t, size_t>> contents;  // (record, item) of every rebuilt content
  for (const Group& g : groups) {
    for (size_t v = 0; v < g.variants.size(); ++v) {
      const std::vector<size_t>& members = g.variants[v];
      const Item& first = items[members.front()];
      for (size_t m : members) record_of_item[m] = result.sources.size();
      contents.emplace_back(result.sources.size(), members.front());
      reports::SourceRecord r;
      fill_common(r, members);
      r.sha256 = first.sha256;
      r.bytes = first.content.size();
      r.lines = first.stats.lines;
      r.code_lines = first.stats.code_lines;
      r.comment_lines = first.stats.comment_lines;
      r.blank_lines = first.stats.blank_lines;
      r.shipped = shipped_state(input, first.resolved, first.sha256);
      if (r.shipped == "identical") {
        r.is_public = true;
        r.public_reason = "shipped-identical";
      } else if (auto same = content_index.find(first.sha256); same != content_index.end()) {
        // DESIGN section 1 promises to subtract *content* shipped as plain files: the same bytes
        // under another name (rxjs dist/esm5, popper's .js.flow copies) are public too.
        r.is_public = true;
        r.public_reason = "shipped-identical-as:" + same->second;
      }
      // A safe relative name beneath DIR/sources (DESIGN section 5), unique once case-folded.
      Diagnostics d(input.diags.input(), input.maps[first.map].path);
      auto safe = reconstruct::sanitize_source_path(first.resolved, d, options.path);
      if (safe.ok()) {
        std::string name = safe.value().path;
        if (v > 0) {
          name = reconstruct::with_collision_suffix(name, static_cast<int>(v) + 1, options.path);
        }
        int n = 2;
        std::string candidate = name;
        while (!taken_keys.insert(reconstruct::collision_key(candidate)).second) {
          candidate = reconstruct::with_collision_suffix(name, n++, options.path);
        }
        if (candidate != name) {
          d.warning(ErrorCode::kSourceCollision,
                    escape_for_terminal(name) + " -> " + escape_for_terminal(candidate));
        }
        r.file = candidate;
        writes.push_back({result.sources.size(), members.front(), candidate});
      }
      input.diags.append(d);
      result.sources.push_back(std::move(r));
    }
    if (g.variants.empty()) {
      for (size_t m : g.without_content) record_of_item[m] = result.sources.size();
      reports::SourceRecord r;
      fill_common(r, g.without_content);
      const Item& first = items[g.without_content.front()];
      Diagnostics d(input.diags.input(), input.maps[first.map].path);
      d.info(ErrorCode::kMapNoContent, escape_for_terminal(first.raw));
      input.diags.append(d);
      result.sources.push_back(std::move(r));
    }
  }

  // Sources without content may still own generated bytes (and a name may hold a secret).
  for (size_t i = 0; i < items.size(); ++i) {
    if (record_of_item[i] == kNoRecord) continue;
    for (const ByteAttribution& a : parsed[items[i].map].attributions) {
      if (items[i].index < a.by_source.size()) {
        result.sources[record_of_item[i]].generated_bytes += a.by_source[items[i].index];
      }
    }
  }
  for (const ParsedMap& p : parsed) {
    for (const ByteAttribution& a : p.attributions) {
      ++result.attribution.files;
      result.attribution.generated_bytes += a.file_size;
      result.attribution.unmapped += a.unmapped;
      result.attribution.line_terminators += a.line_terminators;
      result.attribution.map_comment += a.map_comment;
    }
  }

  // Write the files and run the findings rules in parallel, one task per rebuilt content: names
  // are unique, the writer is thread-safe with one sink per call, and every per-task result is
  // merged in index order, so nothing depends on the thread count (STYLE R11).
  std::vector<Diagnostics> write_diags(writes.size());
  std::vector<char> write_ok(writes.size(), 1);
  std::vector<size_t> write_of_record(result.sources.size(), kNoRecord);
  for (size_t w = 0; w < writes.size(); ++w) write_of_record[writes[w].record] = w;
  std::vector<ScanHits> hits(contents.size());
  bool writing = writer != nullptr && options.write_files;
  parallel::parallel_for(parallel::Range(0, contents.size(), 4), [&](const parallel::Range& r) {
    for (size_t i = r.begin(); i != r.end(); ++i) {
      throw_if_interrupted();
      auto [record, item] = contents[i];
      const Item& it = items[item];
      if (options.findings != nullptr) {
        options.findings->scan(it.content, result.sources[record].path, ScanTarget::kContent,
                               options.finding_options, hits[i]);
      }
      size_t w = write_of_record[record];
      if (!writing || w == kNoRecord) continue;
      write_diags[w] = Diagnostics(input.diags.input(), input.maps[it.map].path);
      auto written =
          writer->write_file(options.sources_prefix + writes[w].rel, it.content, write_diags[w]);
      write_ok[w] = written.ok() ? 1 : 0;
    }
  });
  for (size_t i = 0; i < writes.size(); ++i) {
    const PendingWrite& w = writes[i];
    reports::SourceRecord& r = result.sources[w.record];
    const Item& it = items[w.item];
    input.diags.append(write_diags[i]);
    if (write_ok[i] == 0) {
      r.file.reset();
      continue;
    }
    reports::ManifestFile f;
    f.file = w.rel;
    f.sha256 = it.sha256;
    f.bytes = it.content.size();
    f.input = input.record.path;
    f.sources.push_back(r.path);
    f.maps = r.maps;
    result.files.push_back(std::move(f));
  }
  if (options.findings != nullptr) collect_findings(input, parsed, options, contents, hits, result);
  return result;
}

}  // namespace mapsleuth::analyzer
