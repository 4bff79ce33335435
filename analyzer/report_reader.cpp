#include "analyzer/report_reader.h"

#include <nlohmann/json.hpp>

#include "parsers/mapped_file.h"

namespace mapsleuth::analyzer {
namespace {

using Json = nlohmann::ordered_json;  // keeps options{} in the order written
using reports::u64;

// Typed reads that leave the target alone when the field is missing or of another type.
void get(const Json& o, const char* key, std::string& out) {
  auto it = o.find(key);
  if (it != o.end() && it->is_string()) out = it->get<std::string>();
}
void get(const Json& o, const char* key, u64& out) {
  auto it = o.find(key);
  if (it != o.end() && it->is_number_unsigned()) out = it->get<u64>();
}
void get(const Json& o, const char* key, bool& out) {
  auto it = o.find(key);
  if (it != o.end() && it->is_boolean()) out = it->get<bool>();
}
void get(const Json& o, const char* key, std::optional<std::string>& out) {
  auto it = o.find(key);
  if (it != o.end() && it->is_string()) out = it->get<std::string>();
}
void get(const Json& o, const char* key, std::vector<std::string>& out) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_array()) return;
  for (const Json& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
}

// Calls fn(element) for each object in the array o[key].
template <class Fn>
void each_object(const Json& o, const char* key, Fn&& fn) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_array()) return;
  for (const Json& v : *it) {
    if (v.is_object()) fn(v);
  }
}

const Json& object_or_empty(const Json& o, const char* key) {
  static const Json kEmpty = Json::object();
  auto it = o.find(key);
  return it != o.end() && it->is_object() ? *it : kEmpty;
}

reports::InputRecord read_input(const Json& o) {
  reports::InputRecord in;
  get(o, "path", in.path);
  get(o, "kind", in.kind);
  get(o, "bytes", in.bytes);
  get(o, "sha256", in.sha256);
  get(o, "status", in.status);
  auto p = o.find("package");
  if (p != o.end() && p->is_object()) {
    reports::Package pkg;
    get(*p, "name", pkg.name);
    get(*p, "version", pkg.version);
    in.package = pkg;
  }
  return in;
}

reports::Totals read_totals(const Json& o) {
  reports::Totals t;
  get(o, "files", t.files);
  get(o, "maps", t.maps);
  get(o, "maps_file", t.maps_file);
  get(o, "maps_inline", t.maps_inline);
  get(o, "index_maps", t.index_maps);
  get(o, "map_bytes", t.map_bytes);
  get(o, "sources", t.sources);
  get(o, "sources_with_content", t.sources_with_content);
  get(o, "sc_bytes", t.sc_bytes);
  get(o, "sc_lines", t.sc_lines);
  get(o, "names", t.names);
  get(o, "segments", t.segments);
  get(o, "mappings_bytes", t.mappings_bytes);
  get(o, "gen_lines", t.gen_lines);
  return t;
}

reports::MapRecord read_map(const Json& o) {
  reports::MapRecord m;
  get(o, "input", m.input);
  get(o, "path", m.path);
  get(o, "origin", m.origin);
  get(o, "linked_from", m.linked_from);
  get(o, "bytes", m.bytes);
  get(o, "sha256", m.sha256);
  get(o, "index_map", m.index_map);
  get(o, "sections", m.sections);
  get(o, "sources", m.sources);
  get(o, "sources_with_content", m.sources_with_content);
  get(o, "sc_bytes", m.sc_bytes);
  get(o, "sc_lines", m.sc_lines);
  get(o, "names", m.names);
  get(o, "segments", m.segments);
  get(o, "gen_lines", m.gen_lines);
  get(o, "mappings_bytes", m.mappings_bytes);
  get(o, "valid", m.valid);
  get(o, "diagnostics", m.diagnostics);
  return m;
}

reports::SourceRecord read_source(const Json& o) {
  reports::SourceRecord s;
  get(o, "input", s.input);
  get(o, "path", s.path);
  get(o, "resolved", s.resolved);
  get(o, "file", s.file);
  get(o, "sha256", s.sha256);
  get(o, "bytes", s.bytes);
  get(o, "lines", s.lines);
  get(o, "code_lines", s.code_lines);
  get(o, "comment_lines", s.comment_lines);
  get(o, "blank_lines", s.blank_lines);
  get(o, "class", s.cls);
  get(o, "package", s.package);
  get(o, "rule", s.rule);
  get(o, "maps", s.maps);
  get(o, "shipped", s.shipped);
  get(o, "public", s.is_public);
  get(o, "public_reason", s.public_reason);
  get(o, "generated_bytes", s.generated_bytes);
  get(o, "ignored", s.ignored);
  if (s.resolved.empty()) s.resolved = s.path;
  return s;
}

reports::Exposure read_exposure(const Json& o) {
  reports::Exposure e;
  get(o, "verdict", e.verdict);
  get(o, "first_party_sources", e.first_party_sources);
  get(o, "first_party_bytes", e.first_party_bytes);
  get(o, "first_party_lines", e.first_party_lines);
  get(o, "first_party_code_lines", e.first_party_code_lines);
  get(o, "first_party_new_sources", e.first_party_new_sources);
  get(o, "first_party_new_bytes", e.first_party_new_bytes);
  get(o, "first_party_new_lines", e.first_party_new_lines);
  get(o, "dependency_sources", e.dependency_sources);
  get(o, "dependency_packages", e.dependency_packages);
  get(o, "secrets", e.secrets);
  get(o, "live_credentials", e.live_credentials);
  get(o, "reasons", e.reasons);
  each_object(o, "by_directory", [&](const Json& d) {
    reports::DirectoryExposure x;
    get(d, "directory", x.directory);
    get(d, "sources", x.sources);
    get(d, "bytes", x.bytes);
    get(d, "lines", x.lines);
    get(d, "code_lines", x.code_lines);
    get(d, "comment_lines", x.comment_lines);
    get(d, "blank_lines", x.blank_lines);
    e.by_directory.push_back(std::move(x));
  });
  each_object(o, "by_class", [&](const Json& c) {
    reports::ClassTotals x;
    get(c, "class", x.cls);
    get(c, "sources", x.sources);
    get(c, "bytes", x.bytes);
    get(c, "lines", x.lines);
    get(c, "code_lines", x.code_lines);
    get(c, "comment_lines", x.comment_lines);
    get(c, "blank_lines", x.blank_lines);
    e.by_class.push_back(std::move(x));
  });
  return e;
}

reports::Attribution read_attribution(const Json& o) {
  reports::Attribution a;
  get(o, "generated_bytes", a.generated_bytes);
  get(o, "line_terminators", a.line_terminators);
  get(o, "map_comment", a.map_comment);
  get(o, "files", a.files);
  const Json& c = object_or_empty(o, "by_class");
  get(c, "first_party", a.first_party);
  get(c, "dependency", a.dependency);
  get(c, "bundler", a.bundler);
  get(c, "virtual", a.virtual_);
  get(c, "unmapped", a.unmapped);
  get(c, "other", a.other);
  return a;
}

reports::Finding read_finding(const Json& o) {
  reports::Finding f;
  get(o, "rule", f.rule);
  get(o, "severity", f.severity);
  get(o, "input", f.input);
  get(o, "source", f.source);
  get(o, "file", f.file);
  get(o, "where", f.where);
  get(o, "line", f.line);
  get(o, "column", f.column);
  get(o, "fingerprint", f.fingerprint);
  get(o, "redacted", f.redacted);
  get(o, "message", f.message);
  get(o, "secret", f.secret);
  get(o, "live_format", f.live_format);
  return f;
}

}  // namespace

bool looks_like_report_json(std::string_view bytes) noexcept {
  std::string_view head = bytes.substr(0, 4096);
  size_t i = head.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && head[i] == '{' &&
         head.find(reports::kReportSchema) != std::string_view::npos;
}

Result<reports::Report> read_report_json(std::string_view json, Diagnostics& diags) {
  Json doc = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    diags.error(ErrorCode::kReportJson, "not a JSON object");
    return ErrorCode::kReportJson;
  }
  reports::Report r;
  std::string schema;
  get(doc, "schema", schema);
  if (schema != reports::kReportSchema) {
    diags.error(ErrorCode::kReportJson, "schema is not " + std::string(reports::kReportSchema));
    return ErrorCode::kReportJson;
  }
  const Json& tool = object_or_empty(doc, "tool");
  get(tool, "name", r.tool_name);
  get(tool, "version", r.tool_version);
  const Json& options = object_or_empty(doc, "options");
  for (const auto& [key, value] : options.items()) {
    if (value.is_string()) r.options.emplace_back(key, value.get<std::string>());
    if (!value.is_array()) continue;  // a repeated option is written as an array
    for (const Json& v : value) {
      if (v.is_string()) r.options.emplace_back(key, v.get<std::string>());
    }
  }
  get(doc, "command_line", r.command_line);
  each_object(doc, "inputs", [&](const Json& o) { r.inputs.push_back(read_input(o)); });
  r.totals = read_totals(object_or_empty(doc, "totals"));
  each_object(doc, "maps", [&](const Json& o) { r.maps.push_back(read_map(o)); });
  each_object(doc, "sources", [&](const Json& o) { r.sources.push_back(read_source(o)); });
  r.exposure = read_exposure(object_or_empty(doc, "exposure"));
  r.attribution = read_attribution(object_or_empty(doc, "attribution"));
  each_object(doc, "findings", [&](const Json& o) { r.findings.push_back(read_finding(o)); });
  get(doc, "findings_suppressed", r.findings_suppressed);
  get(doc, "findings_capped", r.findings_capped);
  each_object(doc, "finding_counts", [&](const Json& o) {
    reports::FindingCount c;
    get(o, "rule", c.rule);
    get(o, "key", c.key);
    get(o, "count", c.count);
    get(o, "sources", c.sources);
    r.finding_counts.push_back(std::move(c));
  });
  each_object(doc, "rules", [&](const Json& o) {
    reports::RuleRecord rule;
    get(o, "id", rule.id);
    get(o, "description", rule.description);
    get(o, "severity", rule.severity);
    get(o, "secret", rule.secret);
    r.rules.push_back(std::move(rule));
  });
  each_object(doc, "diagnostics", [&](const Json& o) {
    reports::DiagnosticRecord d;
    get(o, "code", d.code);
    get(o, "severity", d.severity);
    get(o, "input", d.input);
    get(o, "entry", d.entry);
    get(o, "message", d.message);
    r.diagnostics.push_back(std::move(d));
  });
  return r;
}

Result<reports::Report> read_report_file(const std::string& path, Diagnostics& diags) {
  auto file = parsers::MappedFile::open(path, diags, kMaxReportJsonBytes);
  if (!file.ok()) return file.error();
  return read_report_json(file.value().bytes(), diags);
}

}  // namespace mapsleuth::analyzer
