#include "analyzer/gate.h"

#include <algorithm>
#include <set>

namespace mapsleuth::analyzer {
namespace {

constexpr size_t kExamples = 5;

// "a, b, c and 12 more" from the first kExamples items.
std::string examples(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < kExamples; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > kExamples) out += " and " + with_commas(items.size() - kExamples) + " more";
  return out;
}

}  // namespace

GateResult evaluate_gate(const reports::Report& report, const Policy& policy) {
  GateResult g;
  const reports::Exposure& e = report.exposure;

  // New first-party content: the largest files first, so the log names what matters.
  std::vector<const reports::SourceRecord*> fresh;
  for (const reports::SourceRecord& s : report.sources) {
    if (s.sha256 && s.cls == "first_party" && !s.is_public) fresh.push_back(&s);
  }
  std::stable_sort(fresh.begin(), fresh.end(),
                   [](const auto* a, const auto* b) { return a->lines > b->lines; });
  if (e.first_party_new_lines > policy.check_max_new_lines ||
      e.first_party_new_sources > policy.check_max_new_sources) {
    std::vector<std::string> names;
    names.reserve(fresh.size());
    for (const auto* s : fresh) names.push_back(s->resolved);
    std::set<std::string> maps;
    for (const auto* s : fresh) maps.insert(s->maps.begin(), s->maps.end());
    g.reasons.push_back(with_commas(e.first_party_new_sources) + " first-party source file(s), " +
                        with_commas(e.first_party_new_lines) +
                        " lines, not already public would ship in the sourcesContent of " +
                        examples(std::vector<std::string>(maps.begin(), maps.end())) + ": " +
                        examples(names));
  }

  if (policy.check_fail_on_secret && e.secrets > 0) {
    std::vector<std::string> where;
    for (const reports::Finding& f : report.findings) {
      if (!f.secret) continue;
      where.push_back(f.rule + " at " + f.source + ":" + std::to_string(f.line) + ":" +
                      std::to_string(f.column) + " (" + f.redacted + ")");
    }
    g.reasons.push_back(with_commas(e.secrets) + " secret(s) would ship: " + examples(where));
  }

  Verdict verdict = Verdict::kNone;
  parse_verdict(e.verdict, verdict);
  if (policy.check_fail_verdict != Verdict::kNone && verdict >= policy.check_fail_verdict) {
    g.reasons.push_back("verdict " + e.verdict + " is at or above the policy's fail_verdict " +
                        std::string(verdict_name(policy.check_fail_verdict)));
  }

  for (const reports::InputRecord& in : report.inputs) {
    if (in.status != "ok") {
      g.reasons.push_back("input " + in.path + " could not be read whole (status " + in.status +
                          "): what it holds cannot be vouched for");
    }
  }
  g.pass = g.reasons.empty();

  u64 public_sources =
      e.first_party_sources - std::min(e.first_party_sources, e.first_party_new_sources);
  if (public_sources > 0) {
    g.notes.push_back(with_commas(public_sources) +
                      " first-party source(s) ship in maps but are already public");
  }
  if (!fresh.empty() && g.pass) {
    g.notes.push_back(with_commas(fresh.size()) +
                      " first-party source(s) not already public are within the policy's limits");
  }
  if (report.totals.maps > 0 && e.first_party_sources == 0) {
    g.notes.push_back(with_commas(report.totals.maps) +
                      " map(s) ship, with no first-party source content");
  }
  return g;
}

}  // namespace mapsleuth::analyzer
