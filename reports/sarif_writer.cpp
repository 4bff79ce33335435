// report.sarif: SARIF 2.1.0 (OASIS, errata 01), one run, for code-scanning dashboards.
//
// Results are (a) one per Finding, located at the original source `file:line:column`, and (b) one
// per diagnostic worth a reviewer's eye -- every F_ code (a security-relevant fact about the input,
// parsers/error_code.h) and every E_ code with severity error -- located at the input (and entry).
// W_ and info diagnostics stay in report.json. The exposure figures and the verdict go to
// run.properties (section 3.8 property bags), with the same names as in report.json.
//
// Shape (section numbers of the 2.1.0 specification): sarifLog 3.13 {$schema, version, runs};
// run 3.14 {tool, invocations, artifacts, results, properties}; toolComponent 3.19 {name, version,
// informationUri, rules}; reportingDescriptor 3.49 {id, shortDescription, defaultConfiguration 3.50
// {level}}; result 3.27 {ruleId, ruleIndex, level, message, locations, partialFingerprints};
// region 3.30 startLine/startColumn are 1-based, so 0 ("unknown") is written as 1.
#include <map>
#include <string>

#include "parsers/error_code.h"
#include "parsers/json_string.h"
#include "reports/escape.h"
#include "reports/format.h"
#include "reports/json_stream.h"

namespace mapsleuth::reports {
namespace {

constexpr const char* kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF level (3.27.10) of a finding severity: critical and high are errors, medium and low
/// warnings, info a note.
std::string_view finding_level(std::string_view severity) {
  if (severity == "critical" || severity == "high") return "error";
  if (severity == "info") return "note";
  return "warning";
}

std::string_view diagnostic_level(std::string_view severity) {
  if (severity == "error") return "error";
  if (severity == "info") return "note";
  return "warning";
}

/// STYLE: F_ codes always; E_ codes when they are errors. The rest is noise in a dashboard.
bool worth_a_result(const DiagnosticRecord& d) {
  std::string_view code = d.code;
  if (code.starts_with("F_")) return true;
  return code.starts_with("E_") && d.severity == "error";
}

/// The default message of a diagnostic code, from the one table in parsers/error_code.h.
std::string code_description(std::string_view code) {
#define MAPSLEUTH_X(name, str, message) \
  if (code == str) return message;
  MAPSLEUTH_ERROR_CODES(MAPSLEUTH_X)
#undef MAPSLEUTH_X
  return "mapsleuth diagnostic " + std::string(code);
}

/// Rule ids as they will read after JSON escaping (U+FFFD repair), so two ids that differ only in
/// invalid bytes are one rule, not two rules with the same id.
std::string rule_id(std::string_view id) {
  std::string out;
  if (parsers::is_valid_utf8(id)) return std::string(id);
  parsers::repair_utf8(id, out);
  return out;
}

struct Rule {
  std::string description;
  std::string_view level;
  u64 index = 0;
};

/// Every ruleId any result uses, sorted by id (std::map: deterministic, unlike a hash map). Finding
/// rules take the first finding's message as description and its level as default.
std::map<std::string, Rule> collect_rules(const Report& r) {
  std::map<std::string, Rule> rules;
  for (const Finding& f : r.findings) {
    std::string id = rule_id(f.rule);
    if (rules.count(id)) continue;
    std::string text = f.message.empty() ? "mapsleuth finding rule " + id : f.message;
    rules.emplace(std::move(id), Rule{std::move(text), finding_level(f.severity)});
  }
  for (const DiagnosticRecord& d : r.diagnostics) {
    std::string id = rule_id(d.code);
    if (!worth_a_result(d) || rules.count(id)) continue;
    rules.emplace(std::move(id), Rule{code_description(d.code), diagnostic_level(d.severity)});
  }
  u64 index = 0;
  for (auto& [id, rule] : rules) rule.index = index++;
  return rules;
}

void write_rules(JsonStream& j, const std::map<std::string, Rule>& rules) {
  j.key("rules").begin_array();
  for (const auto& [id, rule] : rules) {
    j.begin_object().field_string("id", id);
    j.key("shortDescription").begin_object().field_string("text", rule.description).end_object();
    j.key("defaultConfiguration").begin_object().field_string("level", rule.level).end_object();
    j.end_object();
  }
  j.end_array();
}

void write_invocation(JsonStream& j, const Report& r) {
  bool ok = true;
  for (const InputRecord& in : r.inputs) ok = ok && in.status != "failed";
  std::string command;
  for (const std::string& arg : r.command_line) {
    if (!command.empty()) command += ' ';
    command += shell_quote(arg);
  }
  j.key("invocations").begin_array().begin_object();
  j.field_bool("executionSuccessful", ok);
  if (!r.command_line.empty()) {
    j.field_string("commandLine", command);
    j.field_strings("arguments", r.command_line);
  }
  j.end_object().end_array();
}

/// The inputs, the artifacts the run analysed (3.24, roles analysisTarget).
void write_artifacts(JsonStream& j, const Report& r) {
  j.key("artifacts").begin_array();
  for (const InputRecord& in : r.inputs) {
    j.begin_object();
    j.key("location").begin_object().field_string("uri", uri_percent_encode(in.path)).end_object();
    j.field_number("length", in.bytes);
    j.key("roles").begin_array().string("analysisTarget").end_array();
    if (!in.sha256.empty()) {
      j.key("hashes").begin_object().field_string("sha-256", in.sha256).end_object();
    }
    j.end_object();
  }
  j.end_array();
}

void write_location(JsonStream& j, std::string_view path, u64 line, u64 column, bool region) {
  j.key("locations").begin_array().begin_object();
  j.key("physicalLocation").begin_object();
  j.key("artifactLocation")
      .begin_object()
      .field_string("uri", uri_percent_encode(path))
      .end_object();
  if (region) {
    j.key("region")
        .begin_object()
        .field_number("startLine", line == 0 ? 1 : line)
        .field_number("startColumn", column == 0 ? 1 : column)
        .end_object();
  }
  j.end_object().end_object().end_array();
}

void write_finding_result(JsonStream& j, const Finding& f, const Rule& rule) {
  std::string text = f.message.empty() ? f.rule : f.message;
  if (!f.redacted.empty()) text += ": " + f.redacted;
  j.begin_object()
      .field_string("ruleId", f.rule)
      .field_number("ruleIndex", rule.index)
      .field_string("level", finding_level(f.severity));
  j.key("message").begin_object().field_string("text", text).end_object();
  write_location(j, f.source, f.line, f.column, true);
  if (!f.fingerprint.empty()) {
    j.key("partialFingerprints")
        .begin_object()
        .field_string("mapsleuth/v1", f.fingerprint)
        .end_object();
  }
  j.key("properties")
      .begin_object()
      .field_string("severity", f.severity)
      .field_string("redacted", f.redacted)
      .end_object();
  j.end_object();
}

// A diagnostic's location is its input, or `input/entry` when it names an entry inside the input
// (an archive member or a file of a directory): the closest thing to a path a viewer can open.
void write_diagnostic_result(JsonStream& j, const DiagnosticRecord& d, const Rule& rule) {
  std::string where = d.input;
  if (d.entry && !d.entry->empty() && *d.entry != d.input) {
    if (!where.empty() && where.back() != '/') where += '/';
    where += *d.entry;
  }
  j.begin_object()
      .field_string("ruleId", d.code)
      .field_number("ruleIndex", rule.index)
      .field_string("level", diagnostic_level(d.severity));
  j.key("message")
      .begin_object()
      .field_string("text", d.message.empty() ? rule.description : d.message)
      .end_object();
  write_location(j, where, 0, 0, false);
  j.key("properties")
      .begin_object()
      .field_string("severity", d.severity)
      .field_string("input", d.input)
      .field_string_or_null("entry", d.entry)
      .end_object();
  j.end_object();
}

void write_run_properties(JsonStream& j, const Report& r) {
  j.key("properties").begin_object();
  j.field_string("schema", r.schema).field_string("verdict", r.exposure.verdict);
  j.key("exposure");
  write_exposure(j, r.exposure);
  j.key("attribution");
  write_attribution(j, r.attribution);
  j.key("options");
  write_options(j, r.options);
  j.end_object();
}

}  // namespace

void write_sarif(const Report& r, std::ostream& os) {
  std::map<std::string, Rule> rules = collect_rules(r);
  JsonStream j(os);
  j.begin_object().field_string("$schema", kSarifSchema).field_string("version", "2.1.0");
  j.key("runs").begin_array().begin_object();

  j.key("tool").begin_object().key("driver").begin_object();
  j.field_string("name", "mapsleuth")
      .field_string("version", r.tool_version)
      .field_string("informationUri", kToolInformationUri);
  write_rules(j, rules);
  j.end_object().end_object();
  // Finding columns count code points (analyzer/findings.h), not UTF-16 units (3.14.17).
  j.field_string("columnKind", "unicodeCodePoints");

  write_invocation(j, r);
  write_artifacts(j, r);

  j.key("results").begin_array();
  for (const Finding& f : r.findings)
    write_finding_result(j, f, rules.find(rule_id(f.rule))->second);
  for (const DiagnosticRecord& d : r.diagnostics) {
    if (worth_a_result(d)) write_diagnostic_result(j, d, rules.find(rule_id(d.code))->second);
  }
  j.end_array();

  write_run_properties(j, r);
  j.end_object().end_array();
  j.end_object().finish();
}

}  // namespace mapsleuth::reports
