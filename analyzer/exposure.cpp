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

}  // namespace

void compute_exposure(reports::Report& report, const VerdictPolicy& policy) {
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
    ++d.sources;
    d.bytes += s.bytes;
    d.lines += s.lines;
    d.code_lines += s.code_lines;
  }
  for (auto& [key, d] : dirs) e.by_directory.push_back(d);
  std::sort(e.by_directory.begin(), e.by_directory.end(), [](const auto& a, const auto& b) {
    return a.bytes != b.bytes ? a.bytes > b.bytes : a.directory < b.directory;
  });

  u64 secrets = 0;  // secret findings raise the verdict to high (DESIGN section 4)
  for (const reports::Finding& f : report.findings) secrets += f.severity == "error" ? 1 : 0;
  if (e.first_party_sources == 0) {
    e.verdict = secrets > 0 ? "high" : "none";
  } else if (e.first_party_new_lines >= policy.critical_lines) {
    e.verdict = "critical";
  } else if (e.first_party_new_lines >= policy.high_lines || secrets > 0) {
    e.verdict = "high";
  } else if (e.first_party_new_lines >= policy.medium_lines) {
    e.verdict = "medium";
  } else {
    e.verdict = "low";
  }
}

}  // namespace mapsleuth::analyzer
