// Finding the map a generated file names: the trailing `sourceMappingURL` comment (ECMA-426 section
// 11.1.2), the `debugId` comment (debug-ID proposal) and every other mention of the directive.
//
// Ownership (STYLE R8): every string_view returned here points into the `text` argument, which must
// outlive it; the rvalue overloads are deleted so a temporary cannot be passed by mistake.
//
// Cost: inputs are mmapped bundles (tens of MB, often one line, sometimes ending in an
// 18-million-byte data: URI). The JS and debugId walks start at the end and touch only the trailing
// lines they inspect; nothing is split or copied.
#pragma once

#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "parsers/types.h"

namespace mapsleuth::parsers {

enum class ScriptKind : u8 { kJavaScript, kCss };

/// A std::string rvalue: the overloads taking one are deleted, as their results would view a
/// temporary (STYLE R8). A template, not a plain `std::string&&` overload, so that a string literal
/// still picks the string_view overload instead of being ambiguous.
template <typename T>
concept TemporaryString = std::same_as<std::remove_cv_t<T>, std::string>;

/// Picks the kind from a file name's extension (ASCII case-insensitive): .css -> kCss; .js .mjs
/// .cjs .jsx .ts .mts .cts .tsx -> kJavaScript; anything else (including no extension) -> nullopt.
std::optional<ScriptKind> script_kind_for_name(std::string_view name);

/// The trailing sourceMappingURL comment of a file. All offsets are bytes into the scanned text.
struct MappingUrl {
  std::string_view url;     ///< the URL exactly as written (may be empty: `//# sourceMappingURL=`)
  i64 url_offset = -1;      ///< offset of `url` (also valid when `url` is empty)
  i64 comment_offset = -1;  ///< offset of the comment's `//` (JS) or `/*` (CSS)
  bool legacy_at = false;   ///< written with `@` (`//@`), the pre-2013 form (ECMA-426 11.1.2.1.1)
};

/// JS: ECMA-426 11.1.2.1 JavaScriptExtractSourceMapURL, "without parsing": walk lines from the end,
/// skip blank lines and `//` comments, stop at anything else; the first (= last in the file)
/// comment matching `^[@#]\s*sourceMappingURL=(\S*?)\s*$` gives the URL; a comment line holding `"`
/// `'` or a backtick or `*/` makes the result null. CSS (11.1.2.2 gives no algorithm): the file
/// must end, after whitespace, with a `/* ... */` comment whose body matches the same pattern. Both
/// follow conformance/reference_cli.py (extract_url_js, extract_url_css) exactly: `\s` is Python's
/// str whitespace set and both `@` and `#` are accepted for CSS too.
std::optional<MappingUrl> extract_mapping_url(std::string_view text, ScriptKind kind);
template <TemporaryString S>
std::optional<MappingUrl> extract_mapping_url(S&&, ScriptKind) = delete;

/// Byte offsets (ascending) of every "sourceMappingURL=" in `text` except the one of `trailing`:
/// decoys in strings, annotations of files concatenated into a bundle. Linear in `text`.
std::vector<i64> other_mapping_url_mentions(std::string_view text,
                                            const std::optional<MappingUrl>& trailing);
template <TemporaryString S>
std::vector<i64> other_mapping_url_mentions(S&&, const std::optional<MappingUrl>&) = delete;

/// Debug-ID proposal (tc39/ecma426 proposals/debug-id.md, stage 2): the UUID of a line that is
/// exactly `//# debugId=<8-4-4-4-12 hex>`, among the last 5 lines (a final line terminator does not
/// start a sixth line). When several match, the one nearest the end wins, as for sourceMappingURL.
std::optional<std::string_view> extract_debug_id(std::string_view text);
template <TemporaryString S>
std::optional<std::string_view> extract_debug_id(S&&) = delete;

}  // namespace mapsleuth::parsers
