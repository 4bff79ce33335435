#include "analyzer/exposure.h"

#include "analyzer/classify.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace mapsleuth::analyzer {
namespace {

using reports::u64;

std::string_view dir_of(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

// The path of a source inside its project, for grouping: the webpack:// scheme and namespace,
// leading
// "/", "./" and "../" are dropped ("webpack://ns/./src/a.ts" -> "src/a.ts",
// "/home/u/app/src/a.ts" -> "home/u/app/src/a.ts", "../../app/src/a.ts" -> "app/src/a.ts").
std::string_view project_path(std::string_view p) {
  p = webpack_module_path(p);
  for (;;) {
    if (p.substr(0, 1) == "/") {
      p.remove_prefix(1);
    } else if (p.substr(0, 2) == "./") {
      p.remove_prefix(2);
    } else if (p.substr(0, 3) == "../") {
      p.remove_prefix(3);
    } else {
      return p;
    }
  }
}

// The longest directory prefix, in whole components, shared by every path ("" when none).
std::string_view common_directory(const std::vector<std::string_view>& paths) {
  if (paths.empty()) return {};
  std::string_view prefix = dir_of(paths.front());
  for (std::string_view p : paths) {
    std::string_view d = dir_of(p);
    while (!prefix.empty() && !(d.substr(0, prefix.size()) == prefix &&
                                (d.size() == prefix.size() || d[prefix.size()] == '/'))) {
      prefix = dir_of(prefix);
    }
  }
  return prefix;
}

// Adds one source's figures to a DirectoryExposure or ClassTotals row.
template <class Row>
void add_source(Row& row, const reports::SourceRecord& s) {
  ++row.sources;
  row.bytes += s.bytes;
  row.lines += s.lines;
  row.code_lines += s.code_lines;
  row.comment_lines += s.comment_lines;
  row.blank_lines += s.blank_lines;
}

}  // namespace

void compute_exposure(reports::Report& report, const Policy& policy) {
  reports::Exposure& e = report.exposure;
  e = reports::Exposure{};
  std::set<std::string> packages;
  std::vector<std::string_view> first_party_paths;
  for (const reports::SourceRecord& s : report.sources) {
    if (!s.sha256) continue;  // exposure counts content, not names
    if (s.cls == "first_party") {
      ++e.first_party_sources;
      e.first_party_bytes += s.bytes;
      e.first_party_lines += s.lines;
      e.first_party_code_lines += s.code_lines;
      if (!s.is_public) {
        ++e.first_party_new_sources;
        e.first_party_new_bytes += s.bytes;
        e.first_party_new_lines += s.lines;
      }
      first_party_paths.push_back(project_path(s.resolved));
    } else if (s.cls == "dependency") {
      ++e.dependency_sources;
      if (s.package) packages.insert(*s.package);
    }
  }
  e.dependency_packages = packages.size();

  // by_directory speaks of "src/commands": the directory below the sources' common project
  // directory, named with that directory's last component.
  std::string_view common = common_directory(first_party_paths);
  size_t slash = common.rfind('/');
  std::string label(slash == std::string_view::npos ? common : common.substr(slash + 1));
  std::map<std::string, reports::DirectoryExposure> dirs;
  for (const reports::SourceRecord& s : report.sources) {
    if (!s.sha256 || s.cls != "first_party") continue;
    std::string_view rest = project_path(s.resolved).substr(common.size());
    if (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
    size_t cut = rest.find('/');
    std::string key = label;
    if (cut != std::string_view::npos) {
      key += (key.empty() ? "" : "/") + std::string(rest.substr(0, cut));
    }
    if (key.empty()) key = ".";
    reports::DirectoryExposure& d = dirs[key];
    d.directory = key;
    add_source(d, s);
  }
  for (auto& [key, d] : dirs) e.by_directory.push_back(d);
  std::sort(e.by_directory.begin(), e.by_directory.end(), [](const auto& a, const auto& b) {
    return a.bytes != b.bytes ? a.bytes > b.bytes : a.directory < b.directory;
  });

  for (const char* cls : {"first_party", "dependency", "bundler", "virtual"}) {
    reports::ClassTotals c;
    c.cls = cls;
    for (const reports::SourceRecord& s : report.sources) {
      if (s.sha256 && s.cls == cls) add_source(c, s);
    }
    e.by_class.push_back(std::move(c));
  }
  e.verdict = std::string(verdict_name(decide_verdict(report, policy)));
}

Verdict decide_verdict(reports::Report& report, const Policy& policy) {
  reports::Exposure& e = report.exposure;
  e.secrets = 0;
  e.live_credentials = 0;
  for (const reports::Finding& f : report.findings) {
    e.secrets += f.secret ? 1 : 0;
    e.live_credentials += f.secret && f.live_format ? 1 : 0;
  }
  e.reasons.clear();
  auto because = [&](Verdict v, std::string why) {
    e.reasons.push_back(std::string(verdict_name(v)) + ": " + std::move(why));
    return v;
  };
  Verdict by_lines = Verdict::kNone;
  std::string lines =
      std::to_string(e.first_party_new_lines) + " first-party lines not public before";
  if (e.first_party_sources == 0) {
    e.reasons.push_back("none: no first-party source content");
  } else if (e.first_party_new_lines >= policy.critical_lines) {
    by_lines =
        because(Verdict::kCritical, lines + " (>= " + std::to_string(policy.critical_lines) + ")");
  } else if (e.first_party_new_lines >= policy.high_lines) {
    by_lines = because(Verdict::kHigh, lines + " (>= " + std::to_string(policy.high_lines) + ")");
  } else if (e.first_party_new_lines >= policy.medium_lines) {
    by_lines =
        because(Verdict::kMedium, lines + " (>= " + std::to_string(policy.medium_lines) + ")");
  } else {
    by_lines = because(Verdict::kLow, lines + " (< " + std::to_string(policy.medium_lines) + ")");
  }
  Verdict v = by_lines;
  if (e.live_credentials > 0) {
    v = std::max(
        v, because(policy.live_credential_verdict,
                   std::to_string(e.live_credentials) + " credential(s) in a known live format"));
  }
  if (e.secrets > 0) {
    v = std::max(v,
                 because(policy.secret_verdict, std::to_string(e.secrets) + " secret finding(s)"));
  }
  return v;
}

}  // namespace mapsleuth::analyzer
