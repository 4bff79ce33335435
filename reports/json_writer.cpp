// report.json (DESIGN section 4, schema mapsleuth-report/1). Keys appear in the order DESIGN lists
// them; fields the model has beyond DESIGN follow the DESIGN fields of their object (`input`,
// `resolved`, ...), except the top-level `command_line`, which sits with `options` in the header.
// Arrays are streamed element by element through JsonStream: no DOM of the whole report.
#include <string>

#include "reports/format.h"
#include "reports/json_stream.h"

namespace mapsleuth::reports {

void write_options(JsonStream& j, const std::vector<std::pair<std::string, std::string>>& options) {
  // Group repeated keys, keeping the order of first appearance. Options are few: O(n^2) is fine.
  j.begin_object();
  for (size_t i = 0; i < options.size(); ++i) {
    const std::string& k = options[i].first;
    bool seen = false;
    size_t repeats = 0;
    for (size_t p = 0; p < options.size(); ++p) {
      if (options[p].first != k) continue;
      if (p < i) seen = true;
      ++repeats;
    }
    if (seen) continue;
    if (repeats == 1) {
      j.field_string(k, options[i].second);
      continue;
    }
    j.key(k).begin_array();
    for (size_t p = i; p < options.size(); ++p) {
      if (options[p].first == k) j.string(options[p].second);
    }
    j.end_array();
  }
  j.end_object();
}

void write_package(JsonStream& j, const std::optional<Package>& p) {
  if (!p) {
    j.null();
    return;
  }
  j.begin_object().field_string("name", p->name).field_string("version", p->version).end_object();
}

void write_exposure(JsonStream& j, const Exposure& e) {
  j.begin_object()
      .field_string("verdict", e.verdict)
      .field_number("first_party_sources", e.first_party_sources)
      .field_number("first_party_bytes", e.first_party_bytes)
      .field_number("first_party_lines", e.first_party_lines)
      .field_number("first_party_code_lines", e.first_party_code_lines)
      .field_number("first_party_new_sources", e.first_party_new_sources)
      .field_number("first_party_new_bytes", e.first_party_new_bytes)
      .field_number("first_party_new_lines", e.first_party_new_lines)
      .field_number("dependency_sources", e.dependency_sources)
      .field_number("dependency_packages", e.dependency_packages);
  j.key("by_directory").begin_array();
  for (const DirectoryExposure& d : e.by_directory) {
    j.begin_object()
        .field_string("directory", d.directory)
        .field_number("sources", d.sources)
        .field_number("bytes", d.bytes)
        .field_number("lines", d.lines)
        .field_number("code_lines", d.code_lines)
        .field_number("comment_lines", d.comment_lines)
        .field_number("blank_lines", d.blank_lines)
        .end_object();
  }
  j.end_array();
  j.key("by_class").begin_array();
  for (const ClassTotals& c : e.by_class) {
    j.begin_object()
        .field_string("class", c.cls)
        .field_number("sources", c.sources)
        .field_number("bytes", c.bytes)
        .field_number("lines", c.lines)
        .field_number("code_lines", c.code_lines)
        .field_number("comment_lines", c.comment_lines)
        .field_number("blank_lines", c.blank_lines)
        .end_object();
  }
  j.end_array();
  j.field_number("secrets", e.secrets).field_number("live_credentials", e.live_credentials);
  j.field_strings("reasons", e.reasons);
  j.end_object();
}

void write_attribution(JsonStream& j, const Attribution& a) {
  j.begin_object().field_number("generated_bytes", a.generated_bytes);
  j.key("by_class")
      .begin_object()
      .field_number("first_party", a.first_party)
      .field_number("dependency", a.dependency)
      .field_number("bundler", a.bundler)
      .field_number("virtual", a.virtual_)
      .field_number("unmapped", a.unmapped)
      .field_number("other", a.other)
      .end_object();
  j.field_number("line_terminators", a.line_terminators)
      .field_number("map_comment", a.map_comment)
      .field_number("files", a.files);
  j.end_object();
}

namespace {

void write_totals(JsonStream& j, const Totals& t) {
  j.begin_object()
      .field_number("files", t.files)
      .field_number("maps", t.maps)
      .field_number("maps_file", t.maps_file)
      .field_number("maps_inline", t.maps_inline)
      .field_number("index_maps", t.index_maps)
      .field_number("map_bytes", t.map_bytes)
      .field_number("sources", t.sources)
      .field_number("sources_with_content", t.sources_with_content)
      .field_number("sc_bytes", t.sc_bytes)
      .field_number("sc_lines", t.sc_lines)
      .field_number("names", t.names)
      .field_number("segments", t.segments)
      .field_number("mappings_bytes", t.mappings_bytes)
      .field_number("gen_lines", t.gen_lines)
      .end_object();
}

void write_input(JsonStream& j, const InputRecord& in) {
  j.begin_object()
      .field_string("path", in.path)
      .field_string("kind", in.kind)
      .field_number("bytes", in.bytes)
      // An input that could not be read has no hash: null, not "".
      .field_string_or_null(
          "sha256", in.sha256.empty() ? std::nullopt : std::optional<std::string>(in.sha256))
      .field_string("status", in.status);
  j.key("package");
  write_package(j, in.package);
  j.end_object();
}

void write_map(JsonStream& j, const MapRecord& m) {
  j.begin_object()
      .field_string("path", m.path)
      .field_string("origin", m.origin)
      .field_strings("linked_from", m.linked_from)
      .field_number("bytes", m.bytes)
      .field_string("sha256", m.sha256)
      .field_bool("index_map", m.index_map)
      .field_number("sections", m.sections)
      .field_number("sources", m.sources)
      .field_number("sources_with_content", m.sources_with_content)
      .field_number("sc_bytes", m.sc_bytes)
      .field_number("sc_lines", m.sc_lines)
      .field_number("names", m.names)
      .field_number("segments", m.segments)
      .field_number("gen_lines", m.gen_lines)
      .field_number("mappings_bytes", m.mappings_bytes)
      .field_bool("valid", m.valid)
      .field_number("diagnostics", m.diagnostics)
      .field_string("input", m.input)
      .end_object();
}

void write_source(JsonStream& j, const SourceRecord& s) {
  j.begin_object()
      .field_string("path", s.path)
      .field_string_or_null("file", s.file)
      .field_string_or_null("sha256", s.sha256)
      .field_number("bytes", s.bytes)
      .field_number("lines", s.lines)
      .field_number("code_lines", s.code_lines)
      .field_number("comment_lines", s.comment_lines)
      .field_number("blank_lines", s.blank_lines)
      .field_string("class", s.cls)
      .field_string_or_null("package", s.package)
      .field_string("rule", s.rule)
      .field_strings("maps", s.maps)
      .field_string("shipped", s.shipped)
      .field_bool("public", s.is_public)
      .field_number("generated_bytes", s.generated_bytes)
      .field_string("input", s.input)
      .field_string("resolved", s.resolved)
      .field_string("public_reason", s.public_reason)
      .field_bool("ignored", s.ignored)
      .end_object();
}

void write_finding(JsonStream& j, const Finding& f) {
  j.begin_object()
      .field_string("rule", f.rule)
      .field_string("severity", f.severity)
      .field_string("source", f.source)
      .field_number("line", f.line)
      .field_number("column", f.column)
      .field_string("fingerprint", f.fingerprint)
      .field_string("redacted", f.redacted)
      .field_string("message", f.message)
      .field_string("input", f.input)
      .field_string_or_null("file", f.file)
      .field_string("where", f.where)
      .field_bool("secret", f.secret)
      .field_bool("live_format", f.live_format)
      .end_object();
}

void write_finding_count(JsonStream& j, const FindingCount& c) {
  j.begin_object()
      .field_string("rule", c.rule)
      .field_string("key", c.key)
      .field_number("count", c.count)
      .field_number("sources", c.sources)
      .end_object();
}

void write_rule(JsonStream& j, const RuleRecord& r) {
  j.begin_object()
      .field_string("id", r.id)
      .field_string("description", r.description)
      .field_string("severity", r.severity)
      .field_bool("secret", r.secret)
      .end_object();
}

void write_diagnostic(JsonStream& j, const DiagnosticRecord& d) {
  j.begin_object()
      .field_string("code", d.code)
      .field_string("severity", d.severity)
      .field_string("input", d.input)
      .field_string_or_null("entry", d.entry)
      .field_string("message", d.message)
      .end_object();
}

}  // namespace

void write_json(const Report& r, std::ostream& os) {
  JsonStream j(os);
  j.begin_object().field_string("schema", r.schema);
  j.key("tool")
      .begin_object()
      .field_string("name", r.tool_name)
      .field_string("version", r.tool_version)
      .end_object();
  j.key("options");
  write_options(j, r.options);
  j.field_strings("command_line", r.command_line);

  j.key("inputs").begin_array();
  for (const InputRecord& in : r.inputs) write_input(j, in);
  j.end_array();
  j.key("totals");
  write_totals(j, r.totals);
  j.key("maps").begin_array();
  for (const MapRecord& m : r.maps) write_map(j, m);
  j.end_array();
  j.key("sources").begin_array();
  for (const SourceRecord& s : r.sources) write_source(j, s);
  j.end_array();
  j.key("exposure");
  write_exposure(j, r.exposure);
  j.key("attribution");
  write_attribution(j, r.attribution);
  j.key("findings").begin_array();
  for (const Finding& f : r.findings) write_finding(j, f);
  j.end_array();
  j.key("diagnostics").begin_array();
  for (const DiagnosticRecord& d : r.diagnostics) write_diagnostic(j, d);
  j.end_array();
  // Beyond DESIGN section 4's list (fields are added, never renamed or reordered).
  j.field_number("findings_suppressed", r.findings_suppressed);
  j.field_number("findings_capped", r.findings_capped);
  j.key("finding_counts").begin_array();
  for (const FindingCount& c : r.finding_counts) write_finding_count(j, c);
  j.end_array();
  j.key("rules").begin_array();
  for (const RuleRecord& rule : r.rules) write_rule(j, rule);
  j.end_array();
  j.end_object().finish();
}

}  // namespace mapsleuth::reports
