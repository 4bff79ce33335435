#include "analyzer/scan.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "analyzer/exposure.h"
#include "analyzer/map_verbs.h"
#include "analyzer/version.h"
#include "reconstruct/safe_writer.h"

namespace mapsleuth::analyzer {
namespace {

using reports::Report;

// A one-line progress display on a terminal (stderr), silent otherwise.
class Progress {
 public:
  Progress(ProgressMode mode, bool quiet)
      : on_(!quiet && (mode == ProgressMode::kAlways ||
                       (mode == ProgressMode::kAuto && isatty(STDERR_FILENO) != 0))) {}
  ~Progress() { done(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void step(size_t index, size_t total, std::string_view what, std::string_view name) {
    if (!on_) return;
    std::string shown = escape_for_terminal(std::string(name));
    if (shown.size() > 50) shown = "..." + shown.substr(shown.size() - 47);
    std::fprintf(stderr, "\r\033[K[%zu/%zu] %.*s %s", index + 1, total,
                 static_cast<int>(what.size()), what.data(), shown.c_str());
    std::fflush(stderr);
    shown_ = true;
  }
  void done() {
    if (on_ && shown_) std::fprintf(stderr, "\r\033[K");
    shown_ = false;
  }

 private:
  bool on_;
  bool shown_ = false;
};

void add_totals(reports::Totals& into, const reports::Totals& t) {
  into.files += t.files;
  into.maps += t.maps;
  into.maps_file += t.maps_file;
  into.maps_inline += t.maps_inline;
  into.index_maps += t.index_maps;
  into.map_bytes += t.map_bytes;
  into.sources += t.sources;
  into.sources_with_content += t.sources_with_content;
  into.sc_bytes += t.sc_bytes;
  into.sc_lines += t.sc_lines;
  into.names += t.names;
  into.segments += t.segments;
  into.mappings_bytes += t.mappings_bytes;
  into.gen_lines += t.gen_lines;
}

void add_diagnostics(Report& report, const Diagnostics& diags) {
  for (const Diagnostic& d : diags.items()) {
    reports::DiagnosticRecord r;
    r.code = std::string(error_code_name(d.code));
    r.severity = std::string(severity_name(d.severity));
    r.input = d.input;
    if (!d.entry.empty()) r.entry = d.entry;
    r.message = d.message;
    if (d.byte_offset >= 0) r.message += " (byte " + std::to_string(d.byte_offset) + ")";
    report.diagnostics.push_back(std::move(r));
  }
}

std::string with_commas(u64 n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

// The human summary on stdout: the verdict and the figures a responder reads first.
void print_summary(const Report& r, const std::string& dir, bool extract_only, std::ostream& out) {
  const reports::Exposure& e = r.exposure;
  out << "mapsleuth " << (extract_only ? "extract" : "scan") << ": " << r.inputs.size()
      << (r.inputs.size() == 1 ? " input, " : " inputs, ") << with_commas(r.totals.maps)
      << " maps, " << with_commas(r.totals.sources) << " sources ("
      << with_commas(r.totals.sources_with_content) << " with content)\n";
  for (const reports::InputRecord& in : r.inputs) {
    if (in.status != "ok") {
      out << "  input " << escape_for_terminal(in.path) << ": " << in.status << "\n";
    }
  }
  if (!extract_only) {
    std::string verdict = e.verdict;
    for (char& c : verdict) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out << "verdict: " << verdict << "\n"
        << "first-party: " << with_commas(e.first_party_sources) << " files, "
        << with_commas(e.first_party_lines) << " lines (" << with_commas(e.first_party_code_lines)
        << " code), " << with_commas(e.first_party_bytes) << " bytes\n"
        << "not public before: " << with_commas(e.first_party_new_sources) << " files, "
        << with_commas(e.first_party_new_lines) << " lines, "
        << with_commas(e.first_party_new_bytes) << " bytes\n"
        << "dependencies: " << with_commas(e.dependency_sources) << " files from "
        << with_commas(e.dependency_packages) << " packages\n";
    size_t shown = 0;
    for (const reports::DirectoryExposure& d : e.by_directory) {
      if (shown == 0) out << "top directories:\n";
      if (++shown > 8) break;
      out << "  " << escape_for_terminal(d.directory) << ": " << with_commas(d.sources)
          << " files, " << with_commas(d.lines) << " lines\n";
    }
  }
  size_t errors = 0;
  for (const auto& d : r.diagnostics) errors += d.severity == "error" ? 1 : 0;
  out << "diagnostics: " << with_commas(r.diagnostics.size()) << " (" << with_commas(errors)
      << " errors)\n";
  out << (extract_only ? "manifest: " : "report: ") << escape_for_terminal(dir)
      << (extract_only ? "/manifest.json" : "/report.json") << "\n";
}

}  // namespace

int run_scan(const ScanOptions& options, const OutputWriter& write_outputs, std::ostream& out,
             std::ostream& err) {
  Diagnostics run_diags("", "");
  RebuildOptions rebuild = options.rebuild;
  if (!options.first_party_rules.empty()) {
    auto rules = parse_user_rules(options.first_party_rules, run_diags);
    if (!rules.ok()) {
      for (const Diagnostic& d : run_diags.items())
        err << "mapsleuth: " << render_diagnostic(d) << "\n";
      return kExitError;
    }
    rebuild.rules = std::move(rules).value();
  }

  // The output root: created here, refused when it holds anything (DESIGN section 5).
  reconstruct::WriterOptions wopt;
  wopt.max_files = options.max_files;
  auto opened = reconstruct::SafeWriter::open(options.out_dir, run_diags, wopt);
  if (!opened.ok()) {
    for (const Diagnostic& d : run_diags.items())
      err << "mapsleuth: " << render_diagnostic(d) << "\n";
    return kExitError;
  }
  reconstruct::SafeWriter writer = std::move(opened).value();

  Report report;
  report.tool_version = std::string(tool_version());
  report.options = options.option_record;
  report.command_line = options.command_line;
  reports::Manifest manifest;
  manifest.tool_version = report.tool_version;

  Progress progress(options.progress, options.quiet);
  bool any_failed = false;
  for (size_t k = 0; k < options.inputs.size(); ++k) {
    const std::string& path = options.inputs[k];
    // discover_input: archives, directories and files into maps, links and file hashes.
    progress.step(k, options.inputs.size(), "reading", path);
    DiscoveredInput input = discover_input(path, options.limits);
    // rebuild_input: parse and decode every map, rebuild, classify and measure every source.
    progress.step(k, options.inputs.size(), "rebuilding", path);
    rebuild.sources_prefix =
        options.inputs.size() == 1 ? "sources/" : "sources/" + std::to_string(k + 1) + "/";
    RebuildResult r = rebuild_input(input, rebuild, &writer);
    if (input.record.status != "ok") any_failed = true;
    report.inputs.push_back(input.record);
    add_totals(report.totals, r.totals);
    for (auto& m : r.maps) report.maps.push_back(std::move(m));
    for (auto& s : r.sources) {
      if (options.inputs.size() > 1 && s.file) s.file = std::to_string(k + 1) + "/" + *s.file;
      report.sources.push_back(std::move(s));
    }
    for (auto& f : r.files) {
      if (options.inputs.size() > 1) f.file = std::to_string(k + 1) + "/" + f.file;
      manifest.files.push_back(std::move(f));
    }
    add_diagnostics(report, input.diags);
  }
  progress.done();
  manifest.inputs = report.inputs;
  manifest.maps = report.maps;

  // compute_exposure: first-party figures, "already public" delta, verdict.
  compute_exposure(report);
  add_diagnostics(report, run_diags);
  run_diags.clear();
  bool written = write_outputs(report, manifest, writer, run_diags);
  for (const Diagnostic& d : run_diags.items())
    err << "mapsleuth: " << render_diagnostic(d) << "\n";
  if (!options.quiet) print_summary(report, options.out_dir, options.extract_only, out);
  if (!written) return kExitError;
  if (any_failed) {
    for (const reports::InputRecord& in : report.inputs) {
      if (in.status == "ok") continue;
      err << "mapsleuth: " << escape_for_terminal(in.path) << ": input " << in.status;
      for (const reports::DiagnosticRecord& d : report.diagnostics) {
        if (d.input == in.path && d.severity == "error") {
          err << ": " << d.code << ": " << escape_for_terminal(d.message);
          break;
        }
      }
      err << "\n";
    }
    return kExitInvalid;
  }
  return kExitOk;
}

}  // namespace mapsleuth::analyzer
