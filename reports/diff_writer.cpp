// diff.json (schema mapsleuth-diff/1) and diff.md: the exposure delta between two releases.
#include <string>

#include "reports/diff_format.h"
#include "reports/document.h"
#include "reports/escape.h"
#include "reports/json_stream.h"

namespace mapsleuth::reports {
namespace {

void write_side(JsonStream& j, const DiffSide& s) {
  j.begin_object()
      .field_string("path", s.path)
      .field_string("kind", s.kind)
      .field_string("verdict", s.verdict)
      .field_number("first_party_sources", s.first_party_sources)
      .field_number("first_party_lines", s.first_party_lines)
      .field_number("first_party_bytes", s.first_party_bytes)
      .field_number("first_party_new_sources", s.first_party_new_sources)
      .field_number("first_party_new_lines", s.first_party_new_lines)
      .field_number("dependency_packages", s.dependency_packages)
      .field_number("findings", s.findings)
      .end_object();
}

void write_finding_brief(JsonStream& j, const Finding& f) {
  j.begin_object()
      .field_string("rule", f.rule)
      .field_string("severity", f.severity)
      .field_string("source", f.source)
      .field_number("line", f.line)
      .field_number("column", f.column)
      .field_string("fingerprint", f.fingerprint)
      .field_string("redacted", f.redacted)
      .end_object();
}

std::string md(std::string_view s) { return markdown_escape(s); }

}  // namespace

void write_diff_json(const Diff& d, std::ostream& os) {
  JsonStream j(os);
  j.begin_object().field_string("schema", d.schema);
  j.key("tool")
      .begin_object()
      .field_string("name", "mapsleuth")
      .field_string("version", d.tool_version)
      .end_object();
  j.key("old");
  write_side(j, d.old_side);
  j.key("new");
  write_side(j, d.new_side);
  j.key("by_class").begin_array();
  for (const DiffCounts& c : d.by_class) {
    j.begin_object()
        .field_string("class", c.cls)
        .field_number("added", c.added)
        .field_number("removed", c.removed)
        .field_number("changed", c.changed)
        .field_number("unchanged", c.unchanged)
        .field_number("added_lines", c.added_lines)
        .field_number("removed_lines", c.removed_lines)
        .field_number("changed_old_lines", c.changed_old_lines)
        .field_number("changed_new_lines", c.changed_new_lines)
        .end_object();
  }
  j.end_array();
  j.field_strings("packages_added", d.packages_added);
  j.field_strings("packages_removed", d.packages_removed);
  j.key("sources").begin_array();
  for (const SourceChange& s : d.sources) {
    j.begin_object()
        .field_string("change", s.change)
        .field_string("path", s.path)
        .field_string("class", s.cls)
        .field_string_or_null("old_sha256", s.old_sha256)
        .field_string_or_null("new_sha256", s.new_sha256)
        .field_number("old_lines", s.old_lines)
        .field_number("new_lines", s.new_lines)
        .field_number("old_bytes", s.old_bytes)
        .field_number("new_bytes", s.new_bytes)
        .end_object();
  }
  j.end_array();
  j.key("findings_added").begin_array();
  for (const Finding& f : d.findings_added) write_finding_brief(j, f);
  j.end_array();
  j.key("findings_removed").begin_array();
  for (const Finding& f : d.findings_removed) write_finding_brief(j, f);
  j.end_array();
  j.end_object().finish();
}

void write_diff_markdown(const Diff& d, std::ostream& os) {
  std::string out = "# mapsleuth diff\n\n";
  out += "| | old | new |\n| --- | --- | --- |\n";
  out += "| compared | " + md(d.old_side.path) + " | " + md(d.new_side.path) + " |\n";
  out += "| verdict | " + md(d.old_side.verdict) + " | " + md(d.new_side.verdict) + " |\n";
  auto row = [&](const char* name, u64 a, u64 b) {
    out += std::string("| ") + name + " | " + with_commas(a) + " | " + with_commas(b) + " |\n";
  };
  row("first-party files", d.old_side.first_party_sources, d.new_side.first_party_sources);
  row("first-party lines", d.old_side.first_party_lines, d.new_side.first_party_lines);
  row("first-party bytes", d.old_side.first_party_bytes, d.new_side.first_party_bytes);
  row("not public before: files", d.old_side.first_party_new_sources,
      d.new_side.first_party_new_sources);
  row("not public before: lines", d.old_side.first_party_new_lines,
      d.new_side.first_party_new_lines);
  row("dependency packages", d.old_side.dependency_packages, d.new_side.dependency_packages);
  row("findings", d.old_side.findings, d.new_side.findings);

  out +=
      "\n## Sources by class\n\n| class | added | removed | changed | unchanged | lines added | "
      "lines removed |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (const DiffCounts& c : d.by_class) {
    out += "| " + md(c.cls) + " | " + with_commas(c.added) + " | " + with_commas(c.removed) +
           " | " + with_commas(c.changed) + " | " + with_commas(c.unchanged) + " | " +
           with_commas(c.added_lines) + " | " + with_commas(c.removed_lines) + " |\n";
  }
  constexpr size_t kShown = 200;
  out += "\n## First-party changes\n\n";
  size_t shown = 0;
  size_t total = 0;
  for (const SourceChange& s : d.sources) {
    if (s.cls != "first_party") continue;
    ++total;
    if (shown == kShown) continue;
    if (shown++ == 0) {
      out += "| change | source | old lines | new lines |\n| --- | --- | ---: | ---: |\n";
    }
    out += "| " + md(s.change) + " | " + md(s.path) + " | " + with_commas(s.old_lines) + " | " +
           with_commas(s.new_lines) + " |\n";
  }
  if (total == 0) out += "No first-party source was added, removed or changed.\n";
  if (total > kShown) out += "\n[" + with_commas(total - kShown) + " more in diff.json]\n";
  out += "\n## Findings\n\n" + with_commas(d.findings_added.size()) + " new, " +
         with_commas(d.findings_removed.size()) + " gone (matched by fingerprint).\n";
  if (!d.findings_added.empty()) {
    out += "\n| new finding | location | match |\n| --- | --- | --- |\n";
    for (size_t i = 0; i < d.findings_added.size() && i < kShown; ++i) {
      const Finding& f = d.findings_added[i];
      out += "| " + md(f.rule) + " | " +
             md(f.source + ":" + std::to_string(f.line) + ":" + std::to_string(f.column)) + " | " +
             md(f.redacted) + " |\n";
    }
  }
  if (!d.packages_added.empty() || !d.packages_removed.empty()) {
    out += "\n## Dependency packages\n\n";
    for (const std::string& p : d.packages_added) out += "- added: " + md(p) + "\n";
    for (const std::string& p : d.packages_removed) out += "- removed: " + md(p) + "\n";
  }
  os << out;
}

}  // namespace mapsleuth::reports
