// `mapsleuth check` output: text for CI logs and JSON for scripts.
#include <string>

#include "parsers/diagnostics.h"
#include "reports/document.h"
#include "reports/gate_format.h"
#include "reports/json_stream.h"

namespace mapsleuth::reports {
namespace {

std::string subject(const Report& r) {
  std::string out;
  for (const InputRecord& in : r.inputs) {
    if (!out.empty()) out += ", ";
    out += in.path;
    if (in.package) out += " (" + in.package->name + "@" + in.package->version + ")";
  }
  return out;
}

}  // namespace

void write_gate_text(const Report& r, const GateReport& g, std::ostream& os) {
  const Exposure& e = r.exposure;
  os << "mapsleuth check: " << (g.pass ? "PASS" : "FAIL") << " " << escape_for_terminal(subject(r))
     << "\n"
     << "  verdict " << e.verdict << "; " << with_commas(r.totals.maps) << " map(s), "
     << with_commas(e.first_party_sources) << " first-party source(s) ("
     << with_commas(e.first_party_new_sources) << " not already public), "
     << with_commas(r.findings.size()) << " finding(s), " << with_commas(e.secrets)
     << " secret(s)\n";
  for (const std::string& reason : g.reasons) {
    os << "  FAIL: " << escape_for_terminal(reason) << "\n";
  }
  for (const std::string& note : g.notes) os << "  note: " << escape_for_terminal(note) << "\n";
  if (!g.pass) {
    os << "  fix: stop shipping the maps (an .npmignore line '*.map' or a \"files\" list in "
          "package.json), or build without sourcesContent; rotate any secret listed\n";
  }
}

void write_gate_json(const Report& r, const GateReport& g, std::ostream& os) {
  const Exposure& e = r.exposure;
  JsonStream j(os);
  j.begin_object()
      .field_string("schema", "mapsleuth-check/1")
      .field_bool("pass", g.pass)
      .field_string("verdict", e.verdict)
      .field_strings("reasons", g.reasons)
      .field_strings("notes", g.notes);
  j.key("inputs").begin_array();
  for (const InputRecord& in : r.inputs) {
    j.begin_object().field_string("path", in.path).field_string("status", in.status);
    if (in.package) {
      j.key("package")
          .begin_object()
          .field_string("name", in.package->name)
          .field_string("version", in.package->version)
          .end_object();
    } else {
      j.field_null("package");
    }
    j.end_object();
  }
  j.end_array();
  j.key("exposure")
      .begin_object()
      .field_number("maps", r.totals.maps)
      .field_number("first_party_sources", e.first_party_sources)
      .field_number("first_party_lines", e.first_party_lines)
      .field_number("first_party_new_sources", e.first_party_new_sources)
      .field_number("first_party_new_lines", e.first_party_new_lines)
      .field_number("findings", r.findings.size())
      .field_number("secrets", e.secrets)
      .end_object();
  j.end_object().finish();
}

void write_diff_text(const Diff& d, std::ostream& os) {
  os << "mapsleuth diff: " << escape_for_terminal(d.old_side.path) << " -> "
     << escape_for_terminal(d.new_side.path) << "\n"
     << "  verdict " << d.old_side.verdict << " -> " << d.new_side.verdict << "\n"
     << "  first-party files " << with_commas(d.old_side.first_party_sources) << " -> "
     << with_commas(d.new_side.first_party_sources) << ", lines "
     << with_commas(d.old_side.first_party_lines) << " -> "
     << with_commas(d.new_side.first_party_lines) << "; not public before "
     << with_commas(d.old_side.first_party_new_lines) << " -> "
     << with_commas(d.new_side.first_party_new_lines) << " lines\n";
  for (const DiffCounts& c : d.by_class) {
    if (c.added + c.removed + c.changed + c.unchanged == 0) continue;
    os << "  " << c.cls << ": " << with_commas(c.added) << " added (" << with_commas(c.added_lines)
       << " lines), " << with_commas(c.removed) << " removed (" << with_commas(c.removed_lines)
       << " lines), " << with_commas(c.changed) << " changed, " << with_commas(c.unchanged)
       << " unchanged\n";
  }
  os << "  findings: " << with_commas(d.findings_added.size()) << " new, "
     << with_commas(d.findings_removed.size()) << " gone\n";
  if (!d.packages_added.empty() || !d.packages_removed.empty()) {
    os << "  dependency packages: " << with_commas(d.packages_added.size()) << " added, "
       << with_commas(d.packages_removed.size()) << " removed\n";
  }
}

}  // namespace mapsleuth::reports
