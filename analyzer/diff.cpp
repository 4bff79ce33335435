#include "analyzer/diff.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

namespace mapsleuth::analyzer {
namespace {

using reports::SourceRecord;

constexpr const char* kClasses[] = {"first_party", "dependency", "bundler", "virtual"};

// Sources with content, by resolved path; the first of a path wins (a ~2 variant is reported by the
// scan that produced it, and pairs up with nothing stable across releases).
std::map<std::string, const SourceRecord*> by_path(const reports::Report& r) {
  std::map<std::string, const SourceRecord*> out;
  for (const SourceRecord& s : r.sources) {
    if (s.sha256) out.emplace(s.resolved, &s);
  }
  return out;
}

std::set<std::string> packages_of(const reports::Report& r) {
  std::set<std::string> out;
  for (const SourceRecord& s : r.sources) {
    if (s.cls == "dependency" && s.package && s.sha256) out.insert(*s.package);
  }
  return out;
}

reports::DiffCounts& counts_for(reports::Diff& d, const std::string& cls) {
  for (reports::DiffCounts& c : d.by_class) {
    if (c.cls == cls) return c;
  }
  d.by_class.push_back(reports::DiffCounts{});
  d.by_class.back().cls = cls;
  return d.by_class.back();
}

int change_rank(const std::string& change) {
  return change == "added" ? 0 : change == "changed" ? 1 : 2;
}

}  // namespace

reports::DiffSide diff_side(const reports::Report& r) {
  reports::DiffSide s;
  const reports::Exposure& e = r.exposure;
  s.verdict = e.verdict;
  s.first_party_sources = e.first_party_sources;
  s.first_party_lines = e.first_party_lines;
  s.first_party_bytes = e.first_party_bytes;
  s.first_party_new_sources = e.first_party_new_sources;
  s.first_party_new_lines = e.first_party_new_lines;
  s.dependency_packages = e.dependency_packages;
  s.findings = r.findings.size();
  return s;
}

reports::Diff diff_reports(const reports::Report& old_report, const reports::Report& new_report) {
  reports::Diff d;
  d.old_side = diff_side(old_report);
  d.new_side = diff_side(new_report);
  for (const char* cls : kClasses) counts_for(d, cls);

  auto old_sources = by_path(old_report);
  auto new_sources = by_path(new_report);
  for (const auto& [path, n] : new_sources) {
    auto o = old_sources.find(path);
    reports::DiffCounts& c = counts_for(d, n->cls);
    if (o != old_sources.end() && *o->second->sha256 == *n->sha256) {
      ++c.unchanged;
      continue;
    }
    reports::SourceChange ch;
    ch.path = path;
    ch.cls = n->cls;
    ch.new_sha256 = n->sha256;
    ch.new_lines = n->lines;
    ch.new_bytes = n->bytes;
    if (o == old_sources.end()) {
      ch.change = "added";
      ++c.added;
      c.added_lines += n->lines;
    } else {
      ch.change = "changed";
      ch.old_sha256 = o->second->sha256;
      ch.old_lines = o->second->lines;
      ch.old_bytes = o->second->bytes;
      ++c.changed;
      c.changed_old_lines += o->second->lines;
      c.changed_new_lines += n->lines;
    }
    d.sources.push_back(std::move(ch));
  }
  for (const auto& [path, o] : old_sources) {
    if (new_sources.count(path) != 0U) continue;
    reports::SourceChange ch;
    ch.change = "removed";
    ch.path = path;
    ch.cls = o->cls;
    ch.old_sha256 = o->sha256;
    ch.old_lines = o->lines;
    ch.old_bytes = o->bytes;
    reports::DiffCounts& c = counts_for(d, o->cls);
    ++c.removed;
    c.removed_lines += o->lines;
    d.sources.push_back(std::move(ch));
  }
  std::stable_sort(d.sources.begin(), d.sources.end(), [](const auto& a, const auto& b) {
    int ra = change_rank(a.change);
    int rb = change_rank(b.change);
    return ra != rb ? ra < rb : a.path < b.path;
  });

  std::set<std::string> old_packages = packages_of(old_report);
  std::set<std::string> new_packages = packages_of(new_report);
  std::set_difference(new_packages.begin(), new_packages.end(), old_packages.begin(),
                      old_packages.end(), std::back_inserter(d.packages_added));
  std::set_difference(old_packages.begin(), old_packages.end(), new_packages.begin(),
                      new_packages.end(), std::back_inserter(d.packages_removed));

  std::unordered_set<std::string> old_prints;
  std::unordered_set<std::string> new_prints;
  for (const reports::Finding& f : old_report.findings) old_prints.insert(f.fingerprint);
  for (const reports::Finding& f : new_report.findings) new_prints.insert(f.fingerprint);
  for (const reports::Finding& f : new_report.findings) {
    if (old_prints.count(f.fingerprint) == 0U) d.findings_added.push_back(f);
  }
  for (const reports::Finding& f : old_report.findings) {
    if (new_prints.count(f.fingerprint) == 0U) d.findings_removed.push_back(f);
  }
  return d;
}

}  // namespace mapsleuth::analyzer
