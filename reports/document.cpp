#include "reports/document.h"

#include <algorithm>
#include <map>
#include <string_view>

#include "reports/escape.h"

namespace mapsleuth::reports {

std::string human_bytes(u64 v) {
  static constexpr const char* kUnits[] = {"kB", "MB", "GB", "TB", "PB", "EB"};
  if (v < 1000) return std::to_string(v) + " B";
  u64 unit = 1000;
  size_t u = 0;
  for (;;) {
    u64 tenth = unit / 10;
    u64 tenths = v / tenth + (v % tenth >= tenth / 2 ? 1 : 0);
    if (tenths < 10000 || u + 1 == std::size(kUnits)) {
      return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " " + kUnits[u];
    }
    unit *= 1000;
    ++u;
  }
}

namespace {

Line plain(std::string s) { return Line{Span{std::move(s), Style::kPlain}}; }
Line strong(std::string s) { return Line{Span{std::move(s), Style::kStrong}}; }
Line code(std::string s) { return Line{Span{std::move(s), Style::kCode}}; }
Line num(u64 v) { return plain(with_commas(v)); }

Block paragraph(Line line) {
  Block b;
  b.kind = Block::Kind::kParagraph;
  b.line = std::move(line);
  return b;
}

Block table(std::vector<std::string> columns, std::vector<bool> numeric) {
  Block b;
  b.kind = Block::Kind::kTable;
  b.table.columns = std::move(columns);
  b.table.numeric = std::move(numeric);
  return b;
}

/// "3 files" / "1 file".
std::string count_of(u64 n, std::string_view one, std::string_view many) {
  return with_commas(n) + " " + std::string(n == 1 ? one : many);
}

u64 saturating_sub(u64 a, u64 b) { return a > b ? a - b : 0; }

/// 0 critical, 1 high, 2 medium, 3 low, 4 info and anything else.
int finding_rank(std::string_view severity) {
  constexpr std::string_view kOrder[] = {"critical", "high", "medium", "low"};
  for (int i = 0; i < 4; ++i) {
    if (severity == kOrder[i]) return i;
  }
  return 4;
}

int diagnostic_rank(std::string_view severity) {
  if (severity == "error") return 0;
  if (severity == "warning") return 1;
  if (severity == "info") return 2;
  return 3;
}

// --- sections -----------------------------------------------------------------------------------

Section verdict_section(const Report& r) {
  const Exposure& e = r.exposure;
  Section s{"Verdict and headline figures", "verdict", {}};
  std::string verdict = e.verdict;
  std::transform(verdict.begin(), verdict.end(), verdict.begin(),
                 [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
  Line head = strong("Verdict: " + verdict);
  head.push_back(
      {". First-party code exposed: " + count_of(e.first_party_sources, "file", "files") + ", " +
       count_of(e.first_party_lines, "line", "lines") + " (" +
       with_commas(e.first_party_code_lines) + " code), " +
       count_of(e.first_party_bytes, "byte", "bytes") + " (" + human_bytes(e.first_party_bytes) +
       "); not already public: " + count_of(e.first_party_new_sources, "file", "files") + ", " +
       count_of(e.first_party_new_lines, "line", "lines") + "."});
  s.blocks.push_back(paragraph(std::move(head)));
  if (!e.reasons.empty()) {
    Block why;
    why.kind = Block::Kind::kList;
    for (const std::string& reason : e.reasons) why.items.push_back(plain(reason));
    s.blocks.push_back(paragraph(plain("Why (policy rules that decided, docs/policy.md):")));
    s.blocks.push_back(std::move(why));
  }

  Block t = table({"first-party code", "files", "lines", "bytes"}, {false, true, true, true});
  t.table.rows.push_back({plain("exposed"), num(e.first_party_sources), num(e.first_party_lines),
                          num(e.first_party_bytes)});
  t.table.rows.push_back({plain("new (not already public)"), num(e.first_party_new_sources),
                          num(e.first_party_new_lines), num(e.first_party_new_bytes)});
  t.table.rows.push_back({plain("already public"),
                          num(saturating_sub(e.first_party_sources, e.first_party_new_sources)),
                          num(saturating_sub(e.first_party_lines, e.first_party_new_lines)),
                          num(saturating_sub(e.first_party_bytes, e.first_party_new_bytes))});
  s.blocks.push_back(std::move(t));

  u64 by_severity[5] = {0, 0, 0, 0, 0};
  for (const Finding& f : r.findings) ++by_severity[finding_rank(f.severity)];
  u64 diag[4] = {0, 0, 0, 0};
  for (const DiagnosticRecord& d : r.diagnostics) ++diag[diagnostic_rank(d.severity)];
  std::string text =
      "Dependencies: " + count_of(e.dependency_sources, "source", "sources") + " from " +
      count_of(e.dependency_packages, "package", "packages") +
      ". Findings: " + with_commas(r.findings.size()) + " (" + with_commas(by_severity[0]) +
      " critical, " + with_commas(by_severity[1]) + " high, " + with_commas(by_severity[2]) +
      " medium, " + with_commas(by_severity[3] + by_severity[4]) +
      " low or info). Diagnostics: " + with_commas(r.diagnostics.size()) + " (" +
      with_commas(diag[0]) + " error, " + with_commas(diag[1]) + " warning, " +
      with_commas(diag[2] + diag[3]) + " info). Maps: " + with_commas(r.totals.maps) + ", " +
      with_commas(r.totals.map_bytes) + " bytes.";
  s.blocks.push_back(paragraph(plain(std::move(text))));
  return s;
}

Section inputs_section(const Report& r) {
  Section s{"Inputs", "inputs", {}};
  if (r.inputs.empty()) {
    s.blocks.push_back(paragraph(plain("No inputs.")));
    return s;
  }
  Block t = table({"input", "kind", "bytes", "sha256", "status", "package"},
                  {false, false, true, false, false, false});
  for (const InputRecord& in : r.inputs) {
    std::string package = in.package ? in.package->name + "@" + in.package->version : "-";
    t.table.rows.push_back({plain(in.path), plain(in.kind), num(in.bytes), code(in.sha256),
                            plain(in.status), plain(std::move(package))});
  }
  s.blocks.push_back(std::move(t));
  return s;
}

Section classes_section(const Report& r) {
  Section s{"What leaked, by class", "classes", {}};
  struct Sums {
    u64 sources = 0, rebuilt = 0, bytes = 0, lines = 0, code_lines = 0;
  };
  Sums sums[5];  // kClasses, then anything else
  for (const SourceRecord& src : r.sources) {
    size_t k = 0;
    while (k < 4 && src.cls != kClasses[k]) ++k;
    Sums& x = sums[k];
    ++x.sources;
    x.rebuilt += src.file ? 1 : 0;
    x.bytes += src.bytes;
    x.lines += src.lines;
    x.code_lines += src.code_lines;
  }
  const Attribution& a = r.attribution;
  const u64 generated[4] = {a.first_party, a.dependency, a.bundler, a.virtual_};
  Block t =
      table({"class", "sources", "rebuilt", "bytes", "lines", "code lines", "generated bytes"},
            {false, true, true, true, true, true, true});
  for (size_t k = 0; k < 5; ++k) {
    if (k == 4 && sums[4].sources == 0) continue;
    const Sums& x = sums[k];
    t.table.rows.push_back({k < 4 ? code(kClasses[k]) : plain("(other class)"), num(x.sources),
                            num(x.rebuilt), num(x.bytes), num(x.lines), num(x.code_lines),
                            k < 4 ? num(generated[k]) : plain("-")});
  }
  t.table.rows.push_back({plain("[unmapped]"), plain("-"), plain("-"), plain("-"), plain("-"),
                          plain("-"), num(a.unmapped)});
  t.table.rows.push_back({plain("[other generated bytes]"), plain("-"), plain("-"), plain("-"),
                          plain("-"), plain("-"), num(a.other)});
  s.blocks.push_back(std::move(t));
  s.blocks.push_back(paragraph(plain(
      "bytes, lines and code lines measure the rebuilt original files; generated bytes are the "
      "bundle bytes the maps attribute to each class (" +
      with_commas(a.generated_bytes) + " in total).")));
  Block treemap;
  treemap.kind = Block::Kind::kTreemap;
  s.blocks.push_back(std::move(treemap));
  return s;
}

// What counts as already public and why (DESIGN section 4 "shipped", --public-tree, --baseline):
// first-party sources by the kind of reason, then the largest examples.
Section public_section(const Report& r) {
  Section s{"Already public", "public", {}};
  struct Kind {
    u64 sources = 0, lines = 0, bytes = 0;
  };
  std::vector<std::pair<std::string, Kind>> kinds;  // first appearance order, then sorted
  std::vector<const SourceRecord*> examples;
  for (const SourceRecord& src : r.sources) {
    if (src.cls != "first_party" || !src.sha256 || !src.is_public) continue;
    std::string kind = src.public_reason.substr(0, src.public_reason.find(':'));
    auto it =
        std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == kind; });
    if (it == kinds.end()) it = kinds.insert(kinds.end(), {kind, Kind{}});
    ++it->second.sources;
    it->second.lines += src.lines;
    it->second.bytes += src.bytes;
    examples.push_back(&src);
  }
  if (kinds.empty()) {
    s.blocks.push_back(paragraph(plain(
        "None of the first-party content was public before: it was not shipped as plain files in "
        "the input, and no --public-tree or --baseline held it.")));
    return s;
  }
  std::sort(kinds.begin(), kinds.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  s.blocks.push_back(paragraph(plain(
      "First-party sources whose exact bytes were public before this release are not counted as "
      "new: shipped-identical (a plain file of the input, same path), shipped-identical-as (same "
      "bytes under another name), public-tree (--public-tree), baseline (--baseline).")));
  Block t = table({"reason", "sources", "lines", "bytes"}, {false, true, true, true});
  for (const auto& [kind, k] : kinds) {
    t.table.rows.push_back({code(kind), num(k.sources), num(k.lines), num(k.bytes)});
  }
  s.blocks.push_back(std::move(t));
  std::stable_sort(
      examples.begin(), examples.end(),
      [](const SourceRecord* a, const SourceRecord* b) { return a->lines > b->lines; });
  Block e = table({"source", "lines", "why public"}, {false, true, false});
  size_t shown = std::min(examples.size(), kTopDirectories);
  for (size_t i = 0; i < shown; ++i) {
    e.table.rows.push_back(
        {plain(examples[i]->path), num(examples[i]->lines), plain(examples[i]->public_reason)});
  }
  if (shown < examples.size()) {
    e.table.rows.push_back(
        {plain("[" + with_commas(examples.size() - shown) + " others]"), plain(""), plain("")});
  }
  s.blocks.push_back(std::move(e));
  return s;
}

Section directories_section(const Report& r) {
  Section s{"Top first-party directories", "directories", {}};
  const auto& dirs = r.exposure.by_directory;
  if (dirs.empty()) {
    s.blocks.push_back(paragraph(plain("No first-party content.")));
    return s;
  }
  Block t = table({"directory", "sources", "bytes", "lines", "code lines"},
                  {false, true, true, true, true});
  size_t shown = std::min(dirs.size(), kTopDirectories);
  for (size_t i = 0; i < shown; ++i) {
    const DirectoryExposure& d = dirs[i];
    t.table.rows.push_back(
        {plain(d.directory), num(d.sources), num(d.bytes), num(d.lines), num(d.code_lines)});
  }
  if (shown < dirs.size()) {
    DirectoryExposure rest;
    for (size_t i = shown; i < dirs.size(); ++i) {
      rest.sources += dirs[i].sources;
      rest.bytes += dirs[i].bytes;
      rest.lines += dirs[i].lines;
      rest.code_lines += dirs[i].code_lines;
    }
    t.table.rows.push_back({plain("[" + with_commas(dirs.size() - shown) + " others]"),
                            num(rest.sources), num(rest.bytes), num(rest.lines),
                            num(rest.code_lines)});
  }
  s.blocks.push_back(std::move(t));
  return s;
}

Section maps_section(const Report& r) {
  Section s{"Maps", "maps", {}};
  const Totals& t = r.totals;
  s.blocks.push_back(paragraph(
      plain(count_of(t.maps, "map", "maps") + " (" +
            count_of(t.maps_file, "map file", "map files") + ", " + with_commas(t.maps_inline) +
            " inline, " + with_commas(t.index_maps) + " index maps), " + with_commas(t.map_bytes) +
            " bytes; " + count_of(t.sources, "source", "sources") + ", " +
            with_commas(t.sources_with_content) + " with content (" + with_commas(t.sc_bytes) +
            " bytes, " + with_commas(t.sc_lines) + " lines); " + with_commas(t.segments) +
            " segments on " + with_commas(t.gen_lines) + " generated lines.")));
  if (r.maps.empty()) return s;

  // Top kTopMaps by bytes; ties by report order, so the order is total and stable.
  std::vector<size_t> order(r.maps.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  size_t shown = std::min(order.size(), kTopMaps);
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(),
                    [&](size_t a, size_t b) {
                      if (r.maps[a].bytes != r.maps[b].bytes)
                        return r.maps[a].bytes > r.maps[b].bytes;
                      return a < b;
                    });
  Block b = table({"map", "input", "origin", "bytes", "sources", "with content", "content lines",
                   "valid", "diagnostics"},
                  {false, false, false, true, true, true, true, false, true});
  for (size_t k = 0; k < shown; ++k) {
    const MapRecord& m = r.maps[order[k]];
    b.table.rows.push_back({plain(m.path), plain(m.input), plain(m.origin), num(m.bytes),
                            num(m.sources), num(m.sources_with_content), num(m.sc_lines),
                            plain(m.valid ? "yes" : "no"), num(m.diagnostics)});
  }
  if (shown < order.size()) {
    MapRecord rest;
    for (size_t k = shown; k < order.size(); ++k) {
      const MapRecord& m = r.maps[order[k]];
      rest.bytes += m.bytes;
      rest.sources += m.sources;
      rest.sources_with_content += m.sources_with_content;
      rest.sc_lines += m.sc_lines;
      rest.diagnostics += m.diagnostics;
    }
    b.table.rows.push_back({plain("[" + with_commas(order.size() - shown) + " others]"), plain(""),
                            plain(""), num(rest.bytes), num(rest.sources),
                            num(rest.sources_with_content), num(rest.sc_lines), plain(""),
                            num(rest.diagnostics)});
  }
  s.blocks.push_back(std::move(b));
  return s;
}

// Aggregate rules (TODO markers, environment-variable and feature-flag names): one row per key,
// most frequent first.
void add_finding_counts(const Report& r, Section& s) {
  if (r.finding_counts.empty()) return;
  std::vector<size_t> order(r.finding_counts.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const FindingCount& x = r.finding_counts[a];
    const FindingCount& y = r.finding_counts[b];
    return x.rule != y.rule ? x.rule < y.rule : x.count > y.count;
  });
  s.blocks.push_back(paragraph(
      plain("Counted, not listed: names and markers that tell a reader about the code base "
            "(environment variables, feature flags, TODO markers).")));
  Block t = table({"rule", "name", "occurrences", "sources"}, {false, false, true, true});
  size_t shown = 0;
  for (size_t i : order) {
    if (shown++ == kTopFindings) break;
    const FindingCount& c = r.finding_counts[i];
    t.table.rows.push_back({plain(c.rule), plain(c.key), num(c.count), num(c.sources)});
  }
  if (order.size() > kTopFindings) {
    t.table.rows.push_back(
        {plain("[" + with_commas(order.size() - kTopFindings) + " more in report.json]"), plain(""),
         plain(""), plain("")});
  }
  s.blocks.push_back(std::move(t));
}

Section findings_section(const Report& r) {
  Section s{"Findings", "findings", {}};
  if (r.findings.empty()) {
    std::string text = "No findings";
    text += r.findings_suppressed > 0
                ? " (" + with_commas(r.findings_suppressed) + " suppressed by the allowlist)."
                : ".";
    s.blocks.push_back(paragraph(plain(std::move(text))));
    add_finding_counts(r, s);
    return s;
  }
  u64 secrets = 0;
  for (const Finding& f : r.findings) secrets += f.secret ? 1 : 0;
  s.blocks.push_back(paragraph(plain(
      count_of(r.findings.size(), "finding", "findings") + ", " +
      count_of(secrets, "secret", "secrets") + "; " + with_commas(r.findings_suppressed) +
      " suppressed by the allowlist. Secrets are redacted (at most 4 characters shown, then the "
      "length) and every finding has a stable fingerprint for allowlists and diffs; the most "
      "severe come first.")));
  Block t = table({"severity", "rule", "location", "match (redacted)", "fingerprint"},
                  {false, false, false, false, false});
  // The first kTopFindings in (severity, report order), one pass per severity rank.
  for (int rank = 0; rank < 5 && t.table.rows.size() < kTopFindings; ++rank) {
    for (const Finding& f : r.findings) {
      if (t.table.rows.size() == kTopFindings) break;
      if (finding_rank(f.severity) != rank) continue;
      t.table.rows.push_back(
          {plain(f.severity), plain(f.rule),
           plain(f.source + ":" + std::to_string(f.line) + ":" + std::to_string(f.column)),
           plain(f.redacted), code(f.fingerprint)});
    }
  }
  if (r.findings.size() > kTopFindings) {
    t.table.rows.push_back({plain("[" + with_commas(r.findings.size() - kTopFindings) +
                                  " more findings in report.json and report.sarif]"),
                            plain(""), plain(""), plain(""), plain("")});
  }
  s.blocks.push_back(std::move(t));
  add_finding_counts(r, s);
  return s;
}

Section diagnostics_section(const Report& r) {
  Section s{"Diagnostics", "diagnostics", {}};
  if (r.diagnostics.empty()) {
    s.blocks.push_back(paragraph(plain("No diagnostics.")));
    return s;
  }
  struct Group {
    u64 count = 0;
    int worst = 3;
    std::string severity;
    std::vector<const DiagnosticRecord*> examples;
  };
  std::map<std::string, Group> groups;  // ordered: deterministic
  for (const DiagnosticRecord& d : r.diagnostics) {
    Group& g = groups[d.code];
    ++g.count;
    int rank = diagnostic_rank(d.severity);
    if (rank < g.worst || g.severity.empty()) {
      g.worst = rank;
      g.severity = d.severity;
    }
    if (g.examples.size() < kDiagnosticExamples) g.examples.push_back(&d);
  }
  std::vector<const std::pair<const std::string, Group>*> order;
  for (const auto& entry : groups) order.push_back(&entry);
  std::stable_sort(order.begin(), order.end(),
                   [](const auto* a, const auto* b) { return a->second.worst < b->second.worst; });

  s.blocks.push_back(paragraph(
      plain(count_of(r.diagnostics.size(), "diagnostic", "diagnostics") + " under " +
            count_of(groups.size(), "code", "codes") +
            ": one per offending item (entry, map or source name); report.json lists every one. "
            "The first " +
            std::to_string(kDiagnosticExamples) + " of each code:")));
  Block t = table({"code", "severity", "count", "first messages"}, {false, false, true, false});
  for (const auto* entry : order) {
    const Group& g = entry->second;
    Line examples;
    for (const DiagnosticRecord* d : g.examples) {
      std::string text = examples.empty() ? "" : "; ";
      text += d->input;
      if (d->entry && !d->entry->empty() && *d->entry != d->input) text += ": " + *d->entry;
      text += ": " + d->message;
      examples.push_back({std::move(text), Style::kPlain});
    }
    t.table.rows.push_back(
        {code(entry->first), plain(g.severity), num(g.count), std::move(examples)});
  }
  s.blocks.push_back(std::move(t));
  return s;
}

Section method_section(const Report& r) {
  Section s{"Method", "method", {}};
  s.blocks.push_back(paragraph(plain(
      "Produced by " + r.tool_name + " " + r.tool_version + " (report schema " + r.schema +
      "). Inputs are read, never executed, and nothing is fetched from the network. Recovered "
      "code is not embedded in this report; it is under sources/ with the hashes of "
      "manifest.json.")));
  if (r.options.empty()) {
    s.blocks.push_back(paragraph(plain("Options: none (defaults).")));
  } else {
    Block t = table({"option", "value"}, {false, false});
    for (const auto& [k, v] : r.options) t.table.rows.push_back({code(k), plain(v)});
    s.blocks.push_back(std::move(t));
  }
  s.blocks.push_back(paragraph(plain("Definitions (DESIGN section 4):")));
  Block list;
  list.kind = Block::Kind::kList;
  static constexpr const char* kDefinitions[][2] = {
      {"map",
       "a .map file that parses as a version 3 source map, or a data: URI in the trailing "
       "sourceMappingURL comment of a script or stylesheet; an inline map's bytes are its "
       "decoded JSON size."},
      {"sources, with content",
       "entries of `sources` (summed over index-map sections), and the "
       "`sourcesContent` entries that are strings."},
      {"content bytes, content lines",
       "UTF-8 bytes of those strings after JSON unescaping; lines "
       "are 0 for an empty string, else the number of newlines "
       "plus 1 if it does not end with one."},
      {"class",
       "dependency: the resolved path has a node_modules segment; bundler: webpack "
       "runtime modules; virtual: names with a \\0 or \\0-style prefix; first_party: "
       "everything else with content. The rule that decided is recorded per source."},
      {"new (not already public)",
       "first-party content that is neither shipped identical as a "
       "plain file in the input, nor in --public-tree, nor in "
       "--baseline."},
      {"generated bytes",
       "each mapping segment owns the generated bytes up to the next segment "
       "on its line; every byte of a generated file lands in exactly one "
       "bucket, and the buckets sum to the file size."},
      {"verdict",
       "none: no first-party content; low: under 1,000 new first-party lines and no "
       "secret; medium: under 20,000; high: 20,000 or more, or any secret finding; "
       "critical: 100,000 or more, or a credential with a known live format (default "
       "policy)."},
  };
  for (const auto& d : kDefinitions) {
    Line item = strong(d[0]);
    item.push_back({std::string(": ") + d[1], Style::kPlain});
    list.items.push_back(std::move(item));
  }
  s.blocks.push_back(std::move(list));
  return s;
}

Section reproduce_section(const Report& r) {
  Section s{"Reproducibility", "reproduce", {}};
  if (r.command_line.empty()) {
    s.blocks.push_back(paragraph(plain("The command line was not recorded.")));
  } else {
    s.blocks.push_back(paragraph(plain("Command line:")));
    Block c;
    c.kind = Block::Kind::kCommand;
    for (const std::string& arg : r.command_line) {
      if (!c.text.empty()) c.text += ' ';
      c.text += shell_quote(arg);
    }
    s.blocks.push_back(std::move(c));
  }
  s.blocks.push_back(paragraph(plain(
      "The same inputs, options and version give byte-identical reports: no timestamps, no "
      "locale, and output independent of the thread count. The input hashes above identify what "
      "was analysed.")));
  return s;
}

}  // namespace

Document build_document(const Report& r) {
  Document doc;
  doc.title = "mapsleuth exposure report";
  std::string inputs;
  size_t listed = std::min<size_t>(r.inputs.size(), 5);
  for (size_t i = 0; i < listed; ++i) {
    if (i > 0) inputs += ", ";
    inputs += r.inputs[i].path;
  }
  if (listed < r.inputs.size()) inputs += " and " + with_commas(r.inputs.size() - listed) + " more";
  doc.subtitle = plain((r.inputs.size() == 1 ? "Input: " : "Inputs: ") +
                       (inputs.empty() ? std::string("none") : inputs) + ". " + r.tool_name + " " +
                       r.tool_version + ".");
  doc.sections.push_back(verdict_section(r));
  doc.sections.push_back(inputs_section(r));
  doc.sections.push_back(classes_section(r));
  doc.sections.push_back(directories_section(r));
  doc.sections.push_back(public_section(r));
  doc.sections.push_back(maps_section(r));
  doc.sections.push_back(findings_section(r));
  doc.sections.push_back(diagnostics_section(r));
  doc.sections.push_back(method_section(r));
  doc.sections.push_back(reproduce_section(r));
  return doc;
}

}  // namespace mapsleuth::reports
