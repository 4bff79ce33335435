// Origin classification of a source (DESIGN section 4): first_party, dependency (with name@version
// when the input says so), bundler runtime, or virtual module - always with the rule that decided,
// so a reviewer can see why a file counts as leaked code.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/diagnostics.h"
#include "parsers/result.h"

namespace mapsleuth::analyzer {

enum class SourceClass : u8 { kFirstParty, kDependency, kBundler, kVirtual };

/// "first_party", "dependency", "bundler", "virtual" (report.json `sources[].class`).
std::string_view class_name(SourceClass c) noexcept;

struct Classification {
  SourceClass cls = SourceClass::kFirstParty;
  std::string rule;                    ///< e.g. "node_modules", "webpack-runtime", "user:+src/**"
  std::optional<std::string> package;  ///< "name@version", or "name" when no package.json says
};

/// The module path inside a webpack:// URL ("webpack://ns/./src/a.ts" -> "./src/a.ts",
/// "webpack:///x" -> "x"); any other string is returned as it is.
std::string_view webpack_module_path(std::string_view source);

/// A user rule from --first-party: `+GLOB` (first party), `-GLOB` (dependency) or `CLASS:GLOB`.
/// GLOB is an fnmatch(3) pattern without FNM_PATHNAME ('*' also matches '/'), matched against the
/// resolved source path and against the raw `sources` string.
struct UserRule {
  SourceClass cls = SourceClass::kFirstParty;
  std::string glob;
  std::string text;  ///< the rule as written, recorded as "user:<text>"
};

/// Parses RULES: the path of a file with one rule per line ('#' comments), or a comma-separated
/// list.
Result<std::vector<UserRule>> parse_user_rules(std::string_view spec, Diagnostics& diags);

class Classifier {
 public:
  /// `package_jsons` (entry name -> bytes) lets dependencies get their version; may be nullptr.
  /// Each is parsed here, once, not once per source of its package.
  Classifier(std::vector<UserRule> rules, const std::map<std::string, std::string>* package_jsons);

  /// `raw` is the `sources` entry, `resolved` the DESIGN "resolved source", `ignored` whether the
  /// map's ignoreList names it. User rules first, then virtual, bundler, node_modules, ignoreList.
  Classification classify(std::string_view raw, std::string_view resolved, bool ignored) const;

 private:
  std::optional<std::string> package_version(std::string_view package_json_path) const;

  std::vector<UserRule> rules_;
  std::map<std::string, std::string, std::less<>> versions_;  ///< package.json path -> "version"
};

}  // namespace mapsleuth::analyzer
