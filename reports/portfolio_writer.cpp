// portfolio.json, portfolio.md and portfolio.html: many inputs of a batch database at a glance,
// most exposed first (docs/batch.md "Portfolio").
#include <string>

#include "parsers/diagnostics.h"
#include "reports/escape.h"
#include "reports/json_stream.h"
#include "reports/portfolio_format.h"

namespace mapsleuth::reports {
namespace {

// Rows past this many stay in portfolio.json only; the human formats say how many.
constexpr size_t kShownInputs = 500;

std::string md(std::string_view s) { return markdown_escape(s); }

std::string package_text(const PortfolioInput& in) { return in.package ? *in.package : ""; }

// The cells of one input row, unescaped, in table order.
std::vector<std::string> input_cells(size_t rank, const PortfolioInput& in) {
  // A finished input shows its verdict; any other its batch status (failed, quarantined, ...).
  std::string verdict = in.status == "done" && !in.verdict.empty() ? in.verdict : in.status;
  if (!in.error_code.empty()) verdict += " (" + in.error_code + ")";
  return {std::to_string(rank),
          in.path,
          package_text(in),
          verdict,
          with_commas(in.first_party_new_lines),
          with_commas(in.first_party_lines),
          with_commas(in.first_party_sources),
          with_commas(in.secrets),
          with_commas(in.findings),
          with_commas(in.maps)};
}

constexpr const char* kInputHeader[] = {"#",
                                        "input",
                                        "package",
                                        "verdict",
                                        "new first-party lines",
                                        "first-party lines",
                                        "first-party files",
                                        "secrets",
                                        "findings",
                                        "maps"};

std::vector<std::pair<std::string, std::string>> totals(const Portfolio& p) {
  std::vector<std::pair<std::string, std::string>> out;
  u64 inputs = 0;
  for (const auto& [status, n] : p.by_status) inputs += n;
  out.emplace_back("inputs", with_commas(inputs));
  for (const auto& [status, n] : p.by_status) out.emplace_back("  " + status, with_commas(n));
  for (const auto& [verdict, n] : p.by_verdict) {
    out.emplace_back("verdict " + verdict, with_commas(n));
  }
  out.emplace_back("maps", with_commas(p.maps));
  out.emplace_back("sources", with_commas(p.sources));
  out.emplace_back("first-party files", with_commas(p.first_party_sources));
  out.emplace_back("first-party lines", with_commas(p.first_party_lines));
  out.emplace_back("first-party bytes", with_commas(p.first_party_bytes));
  out.emplace_back("new first-party lines", with_commas(p.first_party_new_lines));
  out.emplace_back("findings", with_commas(p.findings));
  out.emplace_back("secrets", with_commas(p.secrets));
  return out;
}

constexpr const char* kStyle =
    "body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}"
    "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "th{background:#f3f3f3}";

}  // namespace

void write_portfolio_json(const Portfolio& p, std::ostream& os) {
  JsonStream j(os);
  j.begin_object().field_string("schema", p.schema);
  j.key("tool")
      .begin_object()
      .field_string("name", "mapsleuth")
      .field_string("version", p.tool_version)
      .end_object();
  j.key("totals").begin_object();
  j.key("by_status").begin_object();
  for (const auto& [status, n] : p.by_status) j.field_number(status, n);
  j.end_object();
  j.key("by_verdict").begin_object();
  for (const auto& [verdict, n] : p.by_verdict) j.field_number(verdict, n);
  j.end_object();
  j.field_number("maps", p.maps)
      .field_number("sources", p.sources)
      .field_number("first_party_sources", p.first_party_sources)
      .field_number("first_party_lines", p.first_party_lines)
      .field_number("first_party_bytes", p.first_party_bytes)
      .field_number("first_party_new_lines", p.first_party_new_lines)
      .field_number("findings", p.findings)
      .field_number("secrets", p.secrets)
      .end_object();
  j.key("inputs").begin_array();
  for (const PortfolioInput& in : p.inputs) {
    j.begin_object()
        .field_string("id", in.id)
        .field_string("path", in.path)
        .field_string("status", in.status)
        .field_string("kind", in.kind)
        .field_string("input_status", in.input_status)
        .field_string("error_code", in.error_code)
        .field_string_or_null("package", in.package)
        .field_string("verdict", in.verdict)
        .field_number("first_party_sources", in.first_party_sources)
        .field_number("first_party_lines", in.first_party_lines)
        .field_number("first_party_bytes", in.first_party_bytes)
        .field_number("first_party_new_sources", in.first_party_new_sources)
        .field_number("first_party_new_lines", in.first_party_new_lines)
        .field_number("dependency_packages", in.dependency_packages)
        .field_number("maps", in.maps)
        .field_number("sources", in.sources)
        .field_number("findings", in.findings)
        .field_number("secrets", in.secrets)
        .end_object();
  }
  j.end_array();
  j.key("rules").begin_array();
  for (const PortfolioRule& r : p.rules) {
    j.begin_object()
        .field_string("rule", r.rule)
        .field_string("severity", r.severity)
        .field_number("findings", r.findings)
        .field_number("inputs", r.inputs)
        .end_object();
  }
  j.end_array().end_object();
  j.finish();
}

void write_portfolio_markdown(const Portfolio& p, std::ostream& os) {
  std::string out = "# mapsleuth portfolio\n\n";
  out +=
      "Every input of the batch database, most exposed first (verdict, then new first-party "
      "lines). Tool " +
      md(p.tool_version) + ".\n\n## Totals\n\n| | |\n| --- | ---: |\n";
  for (const auto& [name, value] : totals(p)) out += "| " + md(name) + " | " + value + " |\n";
  out += "\n## Inputs\n\n|";
  for (const char* h : kInputHeader) out += std::string(" ") + h + " |";
  out += "\n|";
  for (size_t i = 0; i < std::size(kInputHeader); ++i) out += i < 4 ? " --- |" : " ---: |";
  out += "\n";
  for (size_t i = 0; i < p.inputs.size() && i < kShownInputs; ++i) {
    out += "|";
    for (const std::string& cell : input_cells(i + 1, p.inputs[i])) out += " " + md(cell) + " |";
    out += "\n";
  }
  if (p.inputs.size() > kShownInputs) {
    out += "\n[" + with_commas(p.inputs.size() - kShownInputs) + " more in portfolio.json]\n";
  }
  out += "\n## Findings by rule\n\n";
  if (p.rules.empty()) {
    out += "No findings.\n";
  } else {
    out += "| rule | severity | findings | inputs |\n| --- | --- | ---: | ---: |\n";
    for (const PortfolioRule& r : p.rules) {
      out += "| " + md(r.rule) + " | " + md(r.severity) + " | " + with_commas(r.findings) + " | " +
             with_commas(r.inputs) + " |\n";
    }
  }
  os << out;
}

void write_portfolio_html(const Portfolio& p, std::ostream& os) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<title>mapsleuth portfolio</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<h1>mapsleuth portfolio</h1>\n<p>Tool ";
  append_html_escaped(p.tool_version, out);
  out += ". Most exposed first.</p>\n<h2>Totals</h2>\n<table>\n";
  for (const auto& [name, value] : totals(p)) {
    out += "<tr><th>";
    append_html_escaped(name, out);
    out += "</th><td class=\"n\">" + value + "</td></tr>\n";
  }
  out += "</table>\n<h2>Inputs</h2>\n<table>\n<tr>";
  for (const char* h : kInputHeader) out += std::string("<th>") + h + "</th>";
  out += "</tr>\n";
  for (size_t i = 0; i < p.inputs.size() && i < kShownInputs; ++i) {
    out += "<tr>";
    size_t col = 0;
    for (const std::string& cell : input_cells(i + 1, p.inputs[i])) {
      bool numeric = col == 0 || col >= 4;  // rank and figures; path, package, verdict are text
      ++col;
      out += numeric ? "<td class=\"n\">" : "<td>";
      append_html_escaped(cell, out);
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
  if (p.inputs.size() > kShownInputs) {
    out += "<p>" + with_commas(p.inputs.size() - kShownInputs) + " more in portfolio.json</p>\n";
  }
  out +=
      "<h2>Findings by rule</h2>\n<table>\n<tr><th>rule</th><th>severity</th><th>findings</th>"
      "<th>inputs</th></tr>\n";
  for (const PortfolioRule& r : p.rules) {
    out += "<tr><td>";
    append_html_escaped(r.rule, out);
    out += "</td><td>";
    append_html_escaped(r.severity, out);
    out += "</td><td class=\"n\">" + with_commas(r.findings) + "</td><td class=\"n\">" +
           with_commas(r.inputs) + "</td></tr>\n";
  }
  out += "</table>\n</body>\n</html>\n";
  os.write(out.data(), static_cast<std::streamsize>(out.size()));
}

}  // namespace mapsleuth::reports
