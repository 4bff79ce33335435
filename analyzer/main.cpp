// mapsleuth: source-map and bundle forensics. Verbs in the git style (DESIGN section 1); each verb
// parses its own options with Boost.Program_options and has --help.
#include <sys/stat.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <functional>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analyzer/batch.h"
#include "analyzer/diff.h"
#include "analyzer/gate.h"
#include "analyzer/interrupt.h"
#include "analyzer/map_verbs.h"
#include "analyzer/report_reader.h"
#include "analyzer/scan.h"
#include "analyzer/version.h"
#include "parsers/diagnostics.h"
#include "parsers/mapped_file.h"
#include "parsers/parallel.h"
#include "reports/diff_format.h"
#include "reports/format.h"
#include "reports/gate_format.h"
#include "reports/portfolio_format.h"

namespace po = boost::program_options;

namespace mapsleuth::analyzer {
namespace {

struct Verb;
using VerbFn = int (*)(const Verb&, const std::vector<std::string>&);

struct Verb {
  const char* name;
  const char* usage;    // argument synopsis
  const char* summary;  // one line for `mapsleuth --help`
  VerbFn run;
};

std::optional<tbb::global_control> g_parallelism;

// Parses `args` for one verb, adding the options every verb has. Returns nullopt after printing
// the verb's help; throws po::error on bad usage (main prints the usage line, exit 2).
std::optional<po::variables_map> parse_verb(const Verb& verb, const std::vector<std::string>& args,
                                            po::options_description visible,
                                            const po::positional_options_description& positional,
                                            const po::options_description& hidden) {
  visible.add_options()("help,h", "show this help")("jobs,j", po::value<int>()->default_value(0),
                                                    "worker threads (0 = all cores)");
  po::options_description all;
  all.add(visible).add(hidden);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  if (vm.count("help") != 0U) {
    std::cout << "usage: mapsleuth " << verb.name << " " << verb.usage << "\n\n"
              << verb.summary << "\n\n"
              << visible << "\n";
    return std::nullopt;
  }
  po::notify(vm);
  int jobs = vm["jobs"].as<int>();
  if (jobs < 0) throw po::error("--jobs must be 0 or more");
  if (jobs > 0) {
    // STYLE R10: one global_control in main sets the parallelism of every TBB algorithm.
    g_parallelism.emplace(tbb::global_control::max_allowed_parallelism, static_cast<size_t>(jobs));
  }
  return vm;
}

// Verbs of the conformance interface: one path, maybe --strict.
std::optional<std::pair<std::string, bool>> single_path(const Verb& verb,
                                                        const std::vector<std::string>& args,
                                                        bool has_strict) {
  po::options_description visible("Options");
  if (has_strict) visible.add_options()("strict", "every ECMA-426 optional error is an error");
  po::options_description hidden;
  hidden.add_options()("path", po::value<std::string>()->required(), "input");
  po::positional_options_description pos;
  pos.add("path", 1);
  auto vm = parse_verb(verb, args, visible, pos, hidden);
  if (!vm) return std::nullopt;
  return std::pair((*vm)["path"].as<std::string>(), has_strict && vm->count("strict") != 0U);
}

int verb_validate(const Verb& verb, const std::vector<std::string>& args) {
  auto p = single_path(verb, args, true);
  return p ? run_validate(p->first, p->second, std::cout, std::cerr) : kExitOk;
}

int verb_sources(const Verb& verb, const std::vector<std::string>& args) {
  auto p = single_path(verb, args, false);
  return p ? run_sources(p->first, std::cout, std::cerr) : kExitOk;
}

int verb_decode(const Verb& verb, const std::vector<std::string>& args) {
  auto p = single_path(verb, args, false);
  return p ? run_decode(p->first, std::cout, std::cerr) : kExitOk;
}

int verb_extract_url(const Verb& verb, const std::vector<std::string>& args) {
  auto p = single_path(verb, args, false);
  return p ? run_extract_url(p->first, std::cout, std::cerr) : kExitOk;
}

int verb_lookup(const Verb& verb, const std::vector<std::string>& args) {
  po::options_description visible("Options");
  po::options_description hidden;
  hidden.add_options()("path", po::value<std::string>()->required(), "map")(
      "positions", po::value<std::vector<std::string>>()->multitoken(), "positions");
  po::positional_options_description pos;
  pos.add("path", 1).add("positions", -1);
  auto vm = parse_verb(verb, args, visible, pos, hidden);
  if (!vm) return kExitOk;
  std::vector<std::string> positions;
  if (vm->count("positions") != 0U) positions = (*vm)["positions"].as<std::vector<std::string>>();
  return run_lookup((*vm)["path"].as<std::string>(), positions, std::cout, std::cerr);
}

// Each report file appears atomically (temp + rename): a killed run never leaves half a report.
bool write_reports(const std::vector<reports::Format>& formats, const reports::Report& report,
                   const reports::Manifest& manifest, reconstruct::SafeWriter& writer,
                   Diagnostics& diags) {
  // PERF: the formats are rendered into their temporary files in parallel (each writer reads the
  // report only), then committed in order, each with its own diagnostics appended in that order.
  struct Rendered {
    reports::Format format;
    std::optional<reconstruct::AtomicFile> file;
    Diagnostics diags;
  };
  std::vector<Rendered> rendered;
  rendered.reserve(formats.size());
  for (reports::Format f : formats) rendered.push_back({f, std::nullopt, Diagnostics()});
  parallel::parallel_for(parallel::Range(0, rendered.size(), 1), [&](const parallel::Range& r) {
    for (size_t i = r.begin(); i != r.end(); ++i) {
      Rendered& out = rendered[i];
      auto file = writer.begin_atomic(reports::format_file_name(out.format),
                                      reconstruct::Replace::kYes, out.diags);
      if (!file.ok()) continue;
      out.file.emplace(std::move(file).value());
      if (out.format == reports::Format::kManifest) {
        reports::write_manifest(manifest, out.file->stream());
      } else {
        reports::write_report(out.format, report, out.file->stream());
      }
    }
  });
  // report.json last, and only when everything else was written: its presence says the run
  // completed (docs/reliability.md), so a full disk never leaves one beside missing formats.
  std::stable_partition(rendered.begin(), rendered.end(),
                        [](const Rendered& r) { return r.format != reports::Format::kJson; });
  bool ok = true;
  for (Rendered& r : rendered) {
    if (r.format == reports::Format::kJson && !ok) {
      if (r.file) r.file->abort();
    } else {
      ok = r.file && r.file->commit().ok() && ok;
    }
    diags.append(r.diags);
  }
  return ok;
}

// Reads a small option file (policy, rules) whole; false after a message on stderr.
bool read_option_file(const std::string& path, const char* what, std::string& out) {
  Diagnostics d(path, {});
  auto file = parsers::MappedFile::open(path, d, 16u << 20);
  if (!file.ok()) {
    std::cerr << "mapsleuth: cannot read the " << what << " file " << escape_for_terminal(path)
              << "\n";
    return false;
  }
  out.assign(file.value().bytes());
  return true;
}

// The options every analysing verb (scan, extract, check, diff) shares.
struct AnalysisArgs {
  std::string progress = "auto";
  std::string policy_file;
};

void add_analysis_options(po::options_description& visible, ScanOptions& opt, AnalysisArgs& args,
                          bool exposure) {
  visible.add_options()("first-party", po::value<std::string>(&opt.first_party_rules),
                        "classification rules: a file, or a comma-separated list of +GLOB, -GLOB, "
                        "CLASS:GLOB")(
      "progress", po::value<std::string>(&args.progress)->default_value("auto"),
      "progress display on stderr: auto|always|never")("quiet,q", "no summary on stdout");
  if (exposure) {
    visible.add_options()(
        "public-tree", po::value<std::vector<std::string>>(&opt.public_trees)->composing(),
        "content found in this directory or archive is already public (repeatable)")(
        "baseline", po::value<std::vector<std::string>>(&opt.baselines)->composing(),
        "report.json of an earlier release: its sources are already public (repeatable)")(
        "policy", po::value<std::string>(&args.policy_file),
        "policy file: verdict thresholds and check rules (docs/policy.md)")(
        "rules", po::value<std::string>(&opt.rules_file),
        "findings rules file (docs/rules.md); default: the built-in rules")(
        "allowlist", po::value<std::string>(&opt.allowlist_file),
        "findings to suppress: fingerprints, rule + path globs, regexes (docs/rules.md)")(
        "show-secrets", po::bool_switch(&opt.show_secrets),
        "show secrets in full in the reports (redacted by default)")("no-findings",
                                                                     "skip the findings rules");
  }
  po::options_description limits("Limits (DESIGN section 5)");
  limits.add_options()("max-input-bytes",
                       po::value<u64>(&opt.limits.input.max_input_bytes)->default_value(1ull << 30),
                       "uncompressed bytes read per input")(
      "max-entry-bytes",
      po::value<u64>(&opt.limits.input.max_entry_bytes)->default_value(512ull << 20),
      "bytes per archive entry or file")(
      "max-entries", po::value<u64>(&opt.limits.input.max_entries)->default_value(200000),
      "entries per input")(
      "max-json-bytes",
      po::value<u64>(&opt.rebuild.parse.max_json_bytes)->default_value(256ull << 20),
      "bytes per source map")("max-json-depth",
                              po::value<size_t>(&opt.rebuild.parse.max_depth)->default_value(64),
                              "JSON nesting depth")(
      "max-sections", po::value<u64>(&opt.rebuild.parse.max_sections)->default_value(10000),
      "index-map sections")("max-sources",
                            po::value<u64>(&opt.rebuild.parse.max_sources)->default_value(1000000),
                            "sources per map")(
      "max-map-nesting", po::value<u32>(&opt.rebuild.parse.max_map_nesting)->default_value(4),
      "index maps nested inside index maps (lenient mode)")(
      "max-segments", po::value<u64>(&opt.rebuild.decode.max_segments)->default_value(200'000'000),
      "mappings segments per map")(
      "max-path-bytes", po::value<size_t>(&opt.rebuild.path.max_path_bytes)->default_value(1024),
      "bytes of a rebuilt file's path; longer ones are shortened")(
      "max-path-depth", po::value<size_t>(&opt.rebuild.path.max_depth)->default_value(64),
      "components of a rebuilt file's path; deeper ones are shortened")(
      "max-files", po::value<u64>(&opt.max_files)->default_value(100000), "files written")(
      "max-data-uri-bytes",
      po::value<u64>(&opt.limits.max_data_uri_bytes)->default_value(256ull << 20),
      "decoded bytes of an inline data: map");
  visible.add(limits);
}

// Applies what add_analysis_options parsed: progress mode, policy file, and the record of the
// invocation (report.json options{} and command_line). Throws po::error on bad usage.
bool finish_analysis_options(const Verb& verb, const std::vector<std::string>& args,
                             const po::variables_map& vm, const AnalysisArgs& a, ScanOptions& opt) {
  opt.quiet = vm.count("quiet") != 0U;
  opt.findings = vm.count("no-findings") == 0U;
  if (a.progress == "always") {
    opt.progress = ProgressMode::kAlways;
  } else if (a.progress == "never") {
    opt.progress = ProgressMode::kNever;
  } else if (a.progress != "auto") {
    throw po::error("--progress must be auto, always or never");
  }
  if (!a.policy_file.empty()) {
    std::string text;
    if (!read_option_file(a.policy_file, "policy", text)) return false;
    Diagnostics d(a.policy_file, {});
    auto policy = parse_policy(text, d);
    for (const Diagnostic& x : d.items()) {
      std::cerr << "mapsleuth: " << render_diagnostic(x) << "\n";
    }
    if (!policy.ok()) return false;
    opt.policy = policy.value();
  }
  // What report.json records under options{} (the inputs are listed in inputs[]).
  for (const auto& [name, value] : vm) {
    // The thread count never changes the output (STYLE R11), so it is not recorded.
    if (name == "input" || name == "help" || name == "jobs" || name == "old" || name == "new") {
      continue;
    }
    std::string text;
    const auto& v = value.value();
    if (const auto* str = boost::any_cast<std::string>(&v)) {
      text = *str;
    } else if (const auto* n = boost::any_cast<u64>(&v)) {
      text = std::to_string(*n);
    } else if (const auto* i = boost::any_cast<int>(&v)) {
      text = std::to_string(*i);
    } else if (const auto* z = boost::any_cast<size_t>(&v)) {
      text = std::to_string(*z);
    } else if (const auto* w = boost::any_cast<u32>(&v)) {
      text = std::to_string(*w);
    } else if (const auto* l = boost::any_cast<std::vector<std::string>>(&v)) {
      for (const std::string& item : *l) text += (text.empty() ? "" : ",") + item;
    } else if (const auto* b = boost::any_cast<bool>(&v)) {
      if (!*b) continue;  // a switch left off is not an option given
      text = "true";
    } else if (v.empty()) {
      text = "true";  // a flag without a value (--quiet)
    } else {
      throw std::logic_error("option --" + name + " has a type options{} cannot record");
    }
    opt.option_record.emplace_back(name, text);
  }
  opt.command_line.push_back("mapsleuth");
  opt.command_line.push_back(verb.name);
  for (size_t i = 0; i < args.size(); ++i) {
    // --jobs is left out of the recorded command line for the same reason.
    const std::string& arg = args[i];
    if (arg == "--jobs" || arg == "-j") {
      ++i;
      continue;
    }
    if (arg.rfind("--jobs=", 0) == 0 || (arg.rfind("-j", 0) == 0 && arg.size() > 2)) continue;
    opt.command_line.push_back(arg);
  }
  return true;
}

// scan and extract share their options; extract writes only the tree and manifest.json.
int scan_like(const Verb& verb, const std::vector<std::string>& args, bool extract_only) {
  ScanOptions opt;
  opt.extract_only = extract_only;
  AnalysisArgs a;
  std::vector<std::string> formats;
  std::vector<reports::Format> chosen;
  po::options_description visible("Options");
  visible.add_options()("out,o", po::value<std::string>(&opt.out_dir)->required(),
                        "output directory (created; must not exist or be empty)");
  if (!extract_only) {
    visible.add_options()(
        "format", po::value<std::vector<std::string>>(&formats)->composing(),
        "writers to run (repeatable): json, markdown, html, sarif, csv, manifest; "
        "default: all");
  }
  add_analysis_options(visible, opt, a, !extract_only);
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::vector<std::string>>(&opt.inputs), "inputs");
  po::positional_options_description pos;
  pos.add("input", extract_only ? 1 : -1);
  auto vm = parse_verb(verb, args, visible, pos, hidden);
  if (!vm) return kExitOk;
  if (opt.inputs.empty()) throw po::error("at least one INPUT is required");
  for (const std::string& f : formats) {
    auto parsed = reports::parse_format(f);
    if (!parsed) throw po::error("unknown --format '" + f + "'");
    chosen.push_back(*parsed);
  }
  if (!finish_analysis_options(verb, args, *vm, a, opt)) return kExitError;
  if (extract_only) {
    chosen = {reports::Format::kManifest};
  } else if (chosen.empty()) {
    chosen.assign(reports::kAllFormats.begin(), reports::kAllFormats.end());
  }
  return run_scan(
      opt,
      [&](const reports::Report& r, const reports::Manifest& m, reconstruct::SafeWriter& w,
          Diagnostics& d) { return write_reports(chosen, r, m, w, d); },
      std::cout, std::cerr);
}

// Prints the diagnostics of a run that could not start.
void print_run_diagnostics(const Diagnostics& diags) {
  for (const Diagnostic& d : diags.items()) {
    std::cerr << "mapsleuth: " << render_diagnostic(d) << "\n";
  }
}

int verb_check(const Verb& verb, const std::vector<std::string>& args) {
  ScanOptions opt;
  AnalysisArgs a;
  bool json = false;
  po::options_description visible("Options");
  visible.add_options()("json", po::bool_switch(&json), "print the result as JSON");
  add_analysis_options(visible, opt, a, true);
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::vector<std::string>>(&opt.inputs), "inputs");
  po::positional_options_description pos;
  pos.add("input", -1);
  auto vm = parse_verb(verb, args, visible, pos, hidden);
  if (!vm) return kExitOk;
  if (opt.inputs.empty()) throw po::error("at least one INPUT is required");
  if (!finish_analysis_options(verb, args, *vm, a, opt)) return kExitError;
  opt.rebuild.write_files = false;
  Diagnostics run_diags("", "");
  auto analysis = analyze(opt, nullptr, run_diags);
  if (!analysis.ok()) {
    print_run_diagnostics(run_diags);
    return kExitError;
  }
  const reports::Report& r = analysis.value().report;
  GateResult gate = evaluate_gate(r, opt.policy);
  reports::GateReport out{gate.pass, gate.reasons, gate.notes};
  if (json) {
    reports::write_gate_json(r, out, std::cout);
  } else {
    reports::write_gate_text(r, out, std::cout);
  }
  return gate.pass ? kExitOk : kExitInvalid;
}

// One side of a diff: a report.json as it is, or an input analysed in memory.
std::optional<reports::Report> diff_side_report(const std::string& path, ScanOptions opt,
                                                reports::DiffSide& side) {
  side.path = path;
  Diagnostics d(path, {});
  struct stat st {};
  if (stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
    auto file = parsers::MappedFile::open(path, d, kMaxReportJsonBytes);
    if (file.ok() && looks_like_report_json(file.value().bytes())) {
      side.kind = "report";
      auto r = read_report_json(file.value().bytes(), d);
      print_run_diagnostics(d);
      if (!r.ok()) return std::nullopt;
      return std::move(r).value();
    }
  }
  side.kind = "input";
  opt.inputs = {path};
  opt.rebuild.write_files = false;
  auto analysis = analyze(opt, nullptr, d);
  if (!analysis.ok()) {
    print_run_diagnostics(d);
    return std::nullopt;
  }
  return std::move(analysis.value().report);
}

// One file of write_new_files: its name and what writes its bytes.
using FileBody = std::function<void(std::ostream&)>;

// Writes each file atomically into DIR, which must be new or empty (report --in, report --db);
// false after printing why.
bool write_new_files(const std::string& out_dir,
                     const std::vector<std::pair<std::string, FileBody>>& files) {
  Diagnostics out_diags("", "");
  auto writer = reconstruct::SafeWriter::open(out_dir, out_diags, {});
  if (!writer.ok()) {
    print_run_diagnostics(out_diags);
    return false;
  }
  bool ok = true;
  for (const auto& [name, body] : files) {
    auto out = writer.value().begin_atomic(name, reconstruct::Replace::kYes, out_diags);
    if (!out.ok()) {
      ok = false;
      continue;
    }
    body(out.value().stream());
    ok = out.value().commit().ok() && ok;
  }
  print_run_diagnostics(out_diags);
  return ok;
}

// `report --db batch.sqlite --out DIR`: the portfolio of a batch (docs/batch.md).
int write_portfolio(const std::string& db_path, const std::string& out_dir) {
  Diagnostics d(db_path, {});
  auto portfolio = read_portfolio(db_path, d);
  if (!portfolio.ok()) {
    print_run_diagnostics(d);
    return kExitError;
  }
  const reports::Portfolio& p = portfolio.value();
  const bool ok = write_new_files(
      out_dir, {{"portfolio.json", [&](std::ostream& o) { reports::write_portfolio_json(p, o); }},
                {"portfolio.md", [&](std::ostream& o) { reports::write_portfolio_markdown(p, o); }},
                {"portfolio.html", [&](std::ostream& o) { reports::write_portfolio_html(p, o); }}});
  if (!ok) return kExitError;
  std::cout << "report: " << escape_for_terminal(out_dir) << " (portfolio of "
            << portfolio.value().inputs.size() << " inputs from " << escape_for_terminal(db_path)
            << ")\n";
  return kExitOk;
}

// `report --in report.json --out DIR`: the human formats again from a report.json, e.g. after a
// writer improved, or on another machine than the scan's. The report is read, never recomputed.
// `report --db` writes the portfolio of a batch database instead.
int verb_report(const Verb& verb, const std::vector<std::string>& args) {
  std::string in_path;
  std::string db_path;
  std::string out_dir;
  std::vector<std::string> formats;
  po::options_description visible("Options");
  visible.add_options()("in", po::value<std::string>(&in_path), "a report.json written by scan")(
      "db", po::value<std::string>(&db_path),
      "a batch database: write portfolio.json, portfolio.md and portfolio.html")(
      "out,o", po::value<std::string>(&out_dir)->required(),
      "output directory (created; must not exist or be empty)")(
      "format", po::value<std::vector<std::string>>(&formats)->composing(),
      "writers to run (repeatable): json, markdown, html, sarif, csv, manifest; default: "
      "markdown, html, sarif, csv");
  po::options_description hidden;
  po::positional_options_description pos;
  auto vm = parse_verb(verb, args, visible, pos, hidden);
  if (!vm) return kExitOk;
  if (in_path.empty() == db_path.empty()) throw po::error("give one of --in and --db");
  if (!db_path.empty()) {
    if (!formats.empty()) throw po::error("--format applies to --in only");
    return write_portfolio(db_path, out_dir);
  }
  std::vector<reports::Format> chosen;
  for (const std::string& f : formats) {
    auto parsed = reports::parse_format(f);
    if (!parsed) throw po::error("unknown --format '" + f + "'");
    chosen.push_back(*parsed);
  }
  if (chosen.empty()) {
    chosen = {reports::Format::kMarkdown, reports::Format::kHtml, reports::Format::kSarif,
              reports::Format::kCsv};
  }
  Diagnostics d(in_path, {});
  auto report = read_report_file(in_path, d);
  if (!report.ok()) {
    print_run_diagnostics(d);
    return kExitError;
  }
  std::vector<std::pair<std::string, FileBody>> files;
  files.reserve(chosen.size());
  for (reports::Format f : chosen) {
    files.emplace_back(reports::format_file_name(f),
                       [&, f](std::ostream& o) { reports::write_report(f, report.value(), o); });
  }
  const bool ok = write_new_files(out_dir, files);
  if (!ok) return kExitError;
  std::cout << "report: " << escape_for_terminal(out_dir) << " (" << chosen.size()
            << (chosen.size() == 1 ? " file" : " files") << " from " << escape_for_terminal(in_path)
            << ")\n";
  return kExitOk;
}

int verb_diff(const Verb& verb, const std::vector<std::string>& args) {
  ScanOptions opt;
  AnalysisArgs a;
  std::string old_path;
  std::string new_path;
  std::string out_dir;
  bool json = false;
  po::options_description visible("Options");
  visible.add_options()("out,o", po::value<std::string>(&out_dir),
                        "also write diff.json and diff.md into this directory (created)")(
      "json", po::bool_switch(&json), "print diff.json on stdout instead of the summary");
  add_analysis_options(visible, opt, a, true);
  po::options_description hidden;
  hidden.add_options()("old", po::value<std::string>(&old_path)->required(), "old")(
      "new", po::value<std::string>(&new_path)->required(), "new");
  po::positional_options_description pos;
  pos.add("old", 1).add("new", 1);
  auto vm = parse_verb(verb, args, visible, pos, hidden);
  if (!vm) return kExitOk;
  if (!finish_analysis_options(verb, args, *vm, a, opt)) return kExitError;
  reports::DiffSide old_side;
  reports::DiffSide new_side;
  auto old_report = diff_side_report(old_path, opt, old_side);
  if (!old_report) return kExitError;
  auto new_report = diff_side_report(new_path, opt, new_side);
  if (!new_report) return kExitError;
  reports::Diff diff = diff_reports(*old_report, *new_report);
  diff.tool_version = std::string(tool_version());
  diff.old_side.path = old_side.path;
  diff.old_side.kind = old_side.kind;
  diff.new_side.path = new_side.path;
  diff.new_side.kind = new_side.kind;
  if (!out_dir.empty()) {
    Diagnostics d("", "");
    auto writer = reconstruct::SafeWriter::open(out_dir, d, {});
    bool ok = writer.ok();
    for (auto [name, fn] : {std::pair{"diff.json", &reports::write_diff_json},
                            std::pair{"diff.md", &reports::write_diff_markdown}}) {
      if (!ok) break;
      auto file = writer.value().begin_atomic(name, reconstruct::Replace::kYes, d);
      ok = file.ok();
      if (!ok) break;
      fn(diff, file.value().stream());
      ok = file.value().commit().ok();
    }
    print_run_diagnostics(d);
    if (!ok) return kExitError;
  }
  if (json) {
    reports::write_diff_json(diff, std::cout);
  } else {
    reports::write_diff_text(diff, std::cout);
  }
  return kExitOk;
}

// `batch --list FILE --db OUT.sqlite`: many inputs into one results database (docs/batch.md).
int verb_batch(const Verb& verb, const std::vector<std::string>& args) {
  BatchOptions opt;
  AnalysisArgs a;
  std::string shard;
  std::vector<std::string> formats;
  po::options_description visible("Options");
  visible.add_options()("list", po::value<std::string>(&opt.list_path)->required(),
                        "file with one input per line (# comments; relative to the file)")(
      "db", po::value<std::string>(&opt.db_path)->required(),
      "results database (SQLite): created, or continued when it exists")(
      "out,o", po::value<std::string>(&opt.out_dir),
      "also write each input's rebuilt tree and reports into DIR/<identity>/")(
      "format", po::value<std::vector<std::string>>(&formats)->composing(),
      "writers for --out (repeatable): json, markdown, html, sarif, csv, manifest; default: all")(
      "shard", po::value<std::string>(&shard)->default_value("1/1"),
      "K/N: analyse only the inputs of shard K of N (split by identity)")(
      "resume", po::bool_switch(&opt.resume),
      "continue an existing database (the same command without it does too, or starts one)");
  add_analysis_options(visible, opt.scan, a, true);
  po::options_description hidden;
  po::positional_options_description pos;
  auto vm = parse_verb(verb, args, visible, pos, hidden);
  if (!vm) return kExitOk;
  auto parsed_shard = parse_shard(shard);
  if (!parsed_shard) throw po::error("--shard must be K/N with 1 <= K <= N");
  opt.shard = *parsed_shard;
  std::vector<reports::Format> chosen;
  for (const std::string& f : formats) {
    auto parsed = reports::parse_format(f);
    if (!parsed) throw po::error("unknown --format '" + f + "'");
    chosen.push_back(*parsed);
  }
  if (chosen.empty()) chosen.assign(reports::kAllFormats.begin(), reports::kAllFormats.end());
  if (!finish_analysis_options(verb, args, *vm, a, opt.scan)) return kExitError;
  // meta.options: the options that change what is recorded. Where the list, database and --out
  // are, the shard, and how progress is shown do not, so shards and resumes may differ in them.
  for (const auto& [name, value] : opt.scan.option_record) {
    if (name == "list" || name == "db" || name == "out" || name == "format" || name == "shard" ||
        name == "resume" || name == "progress" || name == "quiet") {
      continue;
    }
    if (!opt.options_text.empty()) opt.options_text += ' ';
    opt.options_text += name;
    opt.options_text += '=';
    opt.options_text += value;
  }
  return run_batch(
      opt,
      [&](const reports::Report& r, const reports::Manifest& m, reconstruct::SafeWriter& w,
          Diagnostics& d) { return write_reports(chosen, r, m, w, d); },
      std::cout, std::cerr);
}

// `merge A.sqlite B.sqlite... --db OUT.sqlite`: shard databases into one.
int verb_merge(const Verb& verb, const std::vector<std::string>& args) {
  std::string db_path;
  std::vector<std::string> shards;
  po::options_description visible("Options");
  visible.add_options()("db", po::value<std::string>(&db_path)->required(),
                        "the merged database (created, or extended when it exists)")(
      "quiet,q", "no summary on stdout");
  po::options_description hidden;
  hidden.add_options()("shard", po::value<std::vector<std::string>>(&shards), "shards");
  po::positional_options_description pos;
  pos.add("shard", -1);
  auto vm = parse_verb(verb, args, visible, pos, hidden);
  if (!vm) return kExitOk;
  if (shards.empty()) throw po::error("at least one shard database is required");
  return run_merge(shards, db_path, vm->count("quiet") != 0U, std::cout, std::cerr);
}

int verb_scan(const Verb& verb, const std::vector<std::string>& args) {
  return scan_like(verb, args, false);
}

int verb_extract(const Verb& verb, const std::vector<std::string>& args) {
  return scan_like(verb, args, true);
}

const std::vector<Verb>& verbs() {
  static const std::vector<Verb> kVerbs = {
      {"scan", "INPUT... --out DIR",
       "Full analysis: find every map, rebuild the sources, classify and measure them, write "
       "report.json/.md/.html/.sarif, sources.csv and manifest.json. Exit 0 done, 1 an input "
       "failed as a whole, 2 usage or internal error.",
       verb_scan},
      {"extract", "INPUT --out DIR", "Rebuild the original source tree and manifest.json only.",
       verb_extract},
      {"check", "INPUT... [--policy FILE]",
       "Pre-publish gate: fail when first-party content that is not already public, or a secret, "
       "would ship. Exit 0 pass, 1 fail, 2 error.",
       verb_check},
      {"batch", "--list FILE --db OUT.sqlite [--out DIR] [--shard K/N] [--resume]",
       "Many inputs into one SQLite results database, one transaction per input; resumable "
       "after kill -9; --shard splits the list for a job array. Exit 0 all done, 1 some failed "
       "or quarantined, 2 error.",
       verb_batch},
      {"merge", "A.sqlite B.sqlite... --db OUT.sqlite",
       "Merge shard databases into one. Exit 0, 2 error (conflict, schema, options).", verb_merge},
      {"report", "(--in REPORT.json | --db FILE.sqlite) --out DIR [--format F]...",
       "Render report.md, report.html, report.sarif and sources.csv again from a report.json, "
       "or the portfolio (portfolio.json/.md/.html) of a batch database. Exit 0, 2 error.",
       verb_report},
      {"diff", "OLD NEW [--out DIR]",
       "Exposure delta between two inputs or two report.json: sources added, removed and "
       "changed, lines, findings. Exit 0, 2 error.",
       verb_diff},
      {"validate", "[--strict] MAP",
       "ECMA-426 validation; JSON {valid, errors, warnings, stats} on stdout. Exit 0 valid, 1 "
       "invalid, 2 error.",
       verb_validate},
      {"lookup", "MAP LINE:COLUMN...",
       "Original position of 0-based generated positions (UTF-16 columns), one JSON object per "
       "line.",
       verb_lookup},
      {"sources", "MAP", "Decoded sources with ignoreList flags, as a JSON array.", verb_sources},
      {"decode", "MAP", "The Decoded Source Map Record as JSON.", verb_decode},
      {"extract-url", "FILE", "The sourceMappingURL a JS or CSS file links to, as {\"url\": ...}.",
       verb_extract_url},
  };
  return kVerbs;
}

void print_main_help() {
  std::cout << "mapsleuth " << tool_version()
            << " - source-map and bundle forensics\n\n"
               "usage: mapsleuth VERB [OPTIONS] ARGS...\n"
               "       mapsleuth --version | --help\n\nVerbs:\n";
  for (const Verb& v : verbs()) {
    std::cout << "  " << v.name << " " << v.usage << "\n      " << v.summary << "\n";
  }
  std::cout << "\n`mapsleuth VERB --help` describes a verb's options.\n";
}

}  // namespace

int main_impl(int argc, char** argv) {
  install_signal_handlers();
  if (argc < 2) {
    print_main_help();
    return kExitError;
  }
  std::string first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    print_main_help();
    return kExitOk;
  }
  if (first == "--version" || first == "-V") {
    std::cout << "mapsleuth " << tool_version() << "\n";
    return kExitOk;
  }
  const auto& all = verbs();
  auto it = std::find_if(all.begin(), all.end(), [&](const Verb& v) { return first == v.name; });
  if (it == all.end()) {
    std::cerr << "mapsleuth: unknown verb '" << escape_for_terminal(first)
              << "' (see mapsleuth --help)\n";
    return kExitError;
  }
  std::vector<std::string> args(argv + 2, argv + argc);
  try {
    return it->run(*it, args);
  } catch (const po::error& e) {
    std::cerr << "mapsleuth " << it->name << ": " << escape_for_terminal(e.what())
              << "\nusage: mapsleuth " << it->name << " " << it->usage << "\n";
    return kExitError;
  } catch (const Interrupted& stop) {
    // Temporary files were removed while unwinding; what was already written stays as evidence.
    std::cerr << "mapsleuth " << it->name << ": E_INTERRUPTED: stopped by "
              << signal_name(stop.signal)
              << " before the run completed; no report was written, and files already written "
                 "under the output directory are partial\n";
    return 128 + stop.signal;
  }
}

}  // namespace mapsleuth::analyzer

int main(int argc, char** argv) {
  try {
    return mapsleuth::analyzer::main_impl(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "mapsleuth: internal error: " << mapsleuth::escape_for_terminal(e.what()) << "\n";
    return mapsleuth::analyzer::kExitError;
  }
}
