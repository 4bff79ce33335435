// JSON string unescaping with JSON.parse semantics (ECMA-426 section 7.1 ParseJSON) and U+FFFD for
// what UTF-8 cannot carry. We unescape ourselves instead of simdjson's get_string() because
// simdjson 3.0 fails the whole value on a lone surrogate escape ("\ud800"), which JSON.parse
// accepts; a map must not be lost for one odd string (reference/ecma426.md section 2.2).
#pragma once

#include <string>
#include <string_view>

#include "parsers/types.h"

namespace mapsleuth::parsers {

struct JsonStringIssues {
  i64 bad_escape_at =
      -1;  ///< offset (within raw) of an invalid escape or raw control byte; -1 if none
  u64 lone_surrogates = 0;  ///< lone surrogate escapes replaced by U+FFFD
};

/// Appends the unescaped form of `raw` (the bytes between the quotes of a JSON string, assumed
/// valid UTF-8) to `out`. Returns false when `raw` is not a valid JSON string body (bad escape, raw
/// control byte); `issues.bad_escape_at` then says where. Lone surrogates become U+FFFD and are
/// counted.
bool unescape_json_string(std::string_view raw, std::string& out, JsonStringIssues& issues);

/// What the unescaped form of a JSON string body would be, without building it.
struct JsonStringMeasure {
  i64 bytes = -1;  ///< UTF-8 bytes after unescaping; -1 when the body is invalid
  u64 newlines = 0;
  bool ends_with_newline = false;
};

/// Checks `raw` like unescape_json_string without building the result. Used to measure
/// sourcesContent (sc_bytes, sc_lines) without materialising 60 MB of strings.
JsonStringMeasure measure_json_string(std::string_view raw, JsonStringIssues& issues);

/// Escapes `s` as the body of a JSON string (no quotes). Invalid UTF-8 becomes U+FFFD, so the
/// result is always valid JSON and valid UTF-8.
void append_json_escaped(std::string_view s, std::string& out);

/// Replaces every invalid UTF-8 sequence of `in` by U+FFFD, per the WHATWG Encoding Standard's
/// UTF-8 decoder ("maximal subpart" replacement) - what TextDecoder does before JSON.parse sees a
/// map. Returns the number of replacements.
u64 repair_utf8(std::string_view in, std::string& out);

/// True when `s` is valid UTF-8 (no surrogates, no overlongs, <= U+10FFFF).
bool is_valid_utf8(std::string_view s) noexcept;

}  // namespace mapsleuth::parsers
