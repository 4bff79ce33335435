#include "analyzer/public_content.h"

#include "analyzer/report_reader.h"

namespace mapsleuth::analyzer {

bool PublicContent::add_tree(const std::string& path, const DiscoverLimits& limits,
                             Diagnostics& diags) {
  DiscoveredInput tree = discover_input(path, limits);
  // Only what stops the tree from being read is worth the user's eye here; the tree's own maps
  // and links are not under investigation.
  for (const Diagnostic& d : tree.diags.items()) {
    if (d.severity == Severity::kError) diags.push(d);
  }
  if (tree.record.status == "failed") return false;
  for (const auto& [name, sha] : tree.files) by_sha_.emplace(sha, "public-tree:" + name);
  return true;
}

bool PublicContent::add_baseline(const std::string& report_path, Diagnostics& diags) {
  Diagnostics d(report_path, {});
  auto report = read_report_file(report_path, d);
  diags.append(d);
  if (!report.ok()) return false;
  for (const reports::SourceRecord& s : report.value().sources) {
    if (s.sha256) by_sha_.emplace(*s.sha256, "baseline:" + s.resolved);
  }
  return true;
}

const std::string* PublicContent::reason_for(const std::string& sha256) const {
  auto it = by_sha_.find(sha256);
  return it == by_sha_.end() ? nullptr : &it->second;
}

size_t PublicContent::mark(reports::Report& report) const {
  size_t marked = 0;
  for (reports::SourceRecord& s : report.sources) {
    if (!s.sha256 || s.is_public || s.cls != "first_party") continue;
    if (const std::string* why = reason_for(*s.sha256)) {
      s.is_public = true;
      s.public_reason = *why;
      ++marked;
    }
  }
  return marked;
}

}  // namespace mapsleuth::analyzer
