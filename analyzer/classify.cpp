#include "analyzer/classify.h"

#include <fnmatch.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace mapsleuth::analyzer {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool glob_match(const std::string& glob, std::string_view s) {
  std::string subject(s);
  return fnmatch(glob.c_str(), subject.c_str(), 0) == 0;
}

// webpack runtime modules (DESIGN: `webpack/bootstrap`, `(webpack)/...`, `external "x"`).
std::optional<std::string> bundler_rule(std::string_view raw) {
  std::string_view p = webpack_module_path(raw);
  if (p.substr(0, 2) == "./") p.remove_prefix(2);
  for (std::string_view prefix : {"webpack/bootstrap", "webpack/runtime/", "webpack/startup",
                                  "webpack/universalModuleDefinition", "webpack/before-startup",
                                  "webpack/after-startup", "(webpack)/"}) {
    if (p.substr(0, prefix.size()) == prefix) return "webpack-runtime";
  }
  // `external "fs"`, `external node-commonjs "node:https"`, `external commonjs2 "x"`.
  if (p.substr(0, 9) == "external ") {
    size_t quote = p.find('"');
    if (quote != std::string_view::npos && p.find(' ', 9) >= quote - 1) return "webpack-external";
  }
  if (p.substr(0, 8) == "ignored|") return "webpack-ignored";
  return std::nullopt;
}

bool is_virtual(std::string_view raw) {
  // rollup/vite virtual modules carry a NUL prefix ("\0commonjsHelpers.js") or a virtual: scheme.
  return raw.find('\0') != std::string_view::npos || raw.substr(0, 8) == "virtual:";
}

struct NodeModule {
  std::string name;          // "kleur" or "@scope/name"
  std::string package_json;  // "<prefix>node_modules/<name>/package.json"
};

// The package of the LAST node_modules segment (nested dependencies belong to the innermost one).
std::optional<NodeModule> node_module_of(std::string_view path) {
  size_t at = std::string_view::npos;
  for (size_t pos = path.find("node_modules/"); pos != std::string_view::npos;
       pos = path.find("node_modules/", pos + 1)) {
    if (pos == 0 || path[pos - 1] == '/') at = pos;
  }
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = path.substr(at + 13);
  // pnpm keeps packages under node_modules/.pnpm/<id>/node_modules/<name>: the last segment wins.
  size_t slash = rest.find('/');
  std::string name(rest.substr(0, slash));
  if (!name.empty() && name[0] == '@' && slash != std::string_view::npos) {
    size_t second = rest.find('/', slash + 1);
    name = std::string(rest.substr(0, second));
  }
  if (name.empty() || name == ".pnpm") return std::nullopt;
  NodeModule m;
  m.name = name;
  m.package_json = std::string(path.substr(0, at + 13)) + name + "/package.json";
  return m;
}

}  // namespace

std::string_view webpack_module_path(std::string_view s) {
  constexpr std::string_view kPrefix = "webpack://";
  if (s.substr(0, kPrefix.size()) != kPrefix) return s;
  s.remove_prefix(kPrefix.size());
  size_t slash = s.find('/');
  return slash == std::string_view::npos ? std::string_view() : s.substr(slash + 1);
}

std::string_view class_name(SourceClass c) noexcept {
  switch (c) {
    case SourceClass::kFirstParty:
      return "first_party";
    case SourceClass::kDependency:
      return "dependency";
    case SourceClass::kBundler:
      return "bundler";
    case SourceClass::kVirtual:
      return "virtual";
  }
  return "first_party";
}

Result<std::vector<UserRule>> parse_user_rules(std::string_view spec, Diagnostics& diags) {
  std::vector<std::string> lines;
  std::ifstream file{std::string(spec)};
  if (file) {
    std::string line;
    while (std::getline(file, line)) lines.push_back(line);
  } else {
    std::string s(spec);
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) lines.push_back(item);
  }
  std::vector<UserRule> rules;
  for (const std::string& line : lines) {
    std::string_view t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    UserRule r;
    r.text = std::string(t);
    if (t[0] == '+' || t[0] == '-') {
      r.cls = t[0] == '+' ? SourceClass::kFirstParty : SourceClass::kDependency;
      r.glob = std::string(trim(t.substr(1)));
    } else {
      size_t colon = t.find(':');
      std::string_view cls =
          colon == std::string_view::npos ? std::string_view() : t.substr(0, colon);
      bool known = false;
      for (SourceClass c : {SourceClass::kFirstParty, SourceClass::kDependency,
                            SourceClass::kBundler, SourceClass::kVirtual}) {
        if (cls == class_name(c)) {
          r.cls = c;
          known = true;
        }
      }
      if (!known) {
        diags.error(ErrorCode::kRulesSyntax,
                    "--first-party rule '" + r.text + "': expected +GLOB, -GLOB or CLASS:GLOB");
        return ErrorCode::kRulesSyntax;
      }
      r.glob = std::string(trim(t.substr(colon + 1)));
    }
    if (r.glob.empty()) {
      diags.error(ErrorCode::kRulesSyntax, "--first-party rule '" + r.text + "' has no pattern");
      return ErrorCode::kRulesSyntax;
    }
    rules.push_back(std::move(r));
  }
  return rules;
}

Classifier::Classifier(std::vector<UserRule> rules,
                       const std::map<std::string, std::string>* package_jsons)
    : rules_(std::move(rules)) {
  if (package_jsons == nullptr) return;
  for (const auto& [path, bytes] : *package_jsons) {
    auto j = nlohmann::json::parse(bytes, nullptr, false);
    if (j.is_object() && j.contains("version") && j["version"].is_string()) {
      versions_.emplace(path, j["version"].get<std::string>());
    }
  }
}

std::optional<std::string> Classifier::package_version(std::string_view package_json_path) const {
  auto it = versions_.find(package_json_path);
  if (it == versions_.end()) return std::nullopt;
  return it->second;
}

Classification Classifier::classify(std::string_view raw, std::string_view resolved,
                                    bool ignored) const {
  Classification c;
  for (const UserRule& r : rules_) {
    if (glob_match(r.glob, resolved) || glob_match(r.glob, raw)) {
      c.cls = r.cls;
      c.rule = "user:" + r.text;
      return c;
    }
  }
  if (is_virtual(raw)) {
    c.cls = SourceClass::kVirtual;
    c.rule = "virtual-module";
    return c;
  }
  if (auto rule = bundler_rule(raw)) {
    c.cls = SourceClass::kBundler;
    c.rule = *rule;
    return c;
  }
  if (auto nm = node_module_of(resolved)) {
    c.cls = SourceClass::kDependency;
    c.rule = "node_modules";
    auto version = package_version(nm->package_json);
    c.package = version ? nm->name + "@" + *version : nm->name;
    return c;
  }
  if (ignored) {
    // The generator's own statement that this is third-party code (ECMA-426 section 9 ignoreList).
    c.cls = SourceClass::kDependency;
    c.rule = "ignore-list";
    return c;
  }
  c.rule = "default";
  return c;
}

}  // namespace mapsleuth::analyzer
