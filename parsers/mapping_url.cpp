#include "parsers/mapping_url.h"

#include <array>
#include <cstring>

namespace mapsleuth::parsers {
namespace {

constexpr std::string_view kDirective = "sourceMappingURL=";
constexpr std::string_view kDebugIdPrefix = "//# debugId=";
constexpr i64 kDebugIdLines =
    5;  // debug-ID proposal: "tools are required to examine the last 5 lines"

u8 byte_at(std::string_view s, i64 i) { return static_cast<u8>(s[static_cast<size_t>(i)]); }

// Two whitespace sets matter, and reference_cli.py uses both:
//  - kJs: ECMA-262 WhiteSpace (reference_cli.py JS_WS), what may precede `//` on a comment line:
//    TAB VT FF SP U+00A0 U+FEFF U+1680 U+2000-U+200A U+202F U+205F U+3000.
//  - kPython: Python's `\s` on str and str.rstrip() (both are Py_UNICODE_ISSPACE), used by the
//    directive regex and the CSS rule: TAB LF VT FF CR U+001C-U+001F SP U+0085 U+00A0 U+1680
//    U+2000-U+200A U+2028 U+2029 U+202F U+205F U+3000. Note: U+FEFF is not in it.
// Only well-formed, shortest-form UTF-8 encodings match. reference_cli.py decodes with
// errors="surrogateescape", so a stray byte is one non-space character there and here; because
// UTF-8 lead bytes are never continuation bytes, a sequence that matches here decodes to the same
// code point in Python whatever bytes precede it.
enum class SpaceSet : u8 { kJs, kPython };

constexpr bool is_ascii_space(u8 c, SpaceSet set) {
  if (set == SpaceSet::kJs) return c == '\t' || c == '\v' || c == '\f' || c == ' ';
  return (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f) || c == ' ';
}

// Length of the whitespace code point starting at s[i] (i < end), or 0.
i64 space_at(std::string_view s, i64 i, i64 end, SpaceSet set) {
  const u8 c = byte_at(s, i);
  if (c < 0x80) return is_ascii_space(c, set) ? 1 : 0;
  if (c == 0xC2) {
    if (i + 1 >= end) return 0;
    const u8 d = byte_at(s, i + 1);
    return d == 0xA0 || (d == 0x85 && set == SpaceSet::kPython) ? 2 : 0;
  }
  if (c != 0xE1 && c != 0xE2 && c != 0xE3 && c != 0xEF) return 0;
  if (i + 2 >= end) return 0;
  const u8 d = byte_at(s, i + 1);
  const u8 e = byte_at(s, i + 2);
  switch (c) {
    case 0xE1:  // U+1680
      return d == 0x9A && e == 0x80 ? 3 : 0;
    case 0xE2:
      if (d == 0x80) {
        if ((e >= 0x80 && e <= 0x8A) || e == 0xAF) return 3;  // U+2000-U+200A, U+202F
        if ((e == 0xA8 || e == 0xA9) && set == SpaceSet::kPython) return 3;  // U+2028, U+2029
        return 0;
      }
      return d == 0x81 && e == 0x9F ? 3 : 0;  // U+205F
    case 0xE3:                                // U+3000
      return d == 0x80 && e == 0x80 ? 3 : 0;
    default:  // 0xEF: U+FEFF
      return set == SpaceSet::kJs && d == 0xBB && e == 0xBF ? 3 : 0;
  }
}

// Length of the whitespace code point ending just before `end` (and starting at or after `begin`).
i64 space_before(std::string_view s, i64 begin, i64 end, SpaceSet set) {
  if (end - begin >= 1 && byte_at(s, end - 1) < 0x80) {
    return is_ascii_space(byte_at(s, end - 1), set) ? 1 : 0;
  }
  if (end - begin >= 2 && space_at(s, end - 2, end, set) == 2) return 2;
  if (end - begin >= 3 && space_at(s, end - 3, end, set) == 3) return 3;
  return 0;
}

// ECMA-426 11.1.2.1 splits on \r\n, \n, \r, U+2028 and U+2029 (E2 80 A8 / E2 80 A9).
bool ends_with_terminator(std::string_view s, i64 end) {
  if (end <= 0) return false;
  const u8 c = byte_at(s, end - 1);
  if (c == '\n' || c == '\r') return true;
  return (c == 0xA8 || c == 0xA9) && end >= 3 && byte_at(s, end - 2) == 0x80 &&
         byte_at(s, end - 3) == 0xE2;
}

// `pos` is just past a terminator; returns where the line before it ends (\r\n counts as one).
i64 skip_terminator_backward(std::string_view s, i64 pos) {
  const u8 c = byte_at(s, pos - 1);
  if (c == '\n') return pos >= 2 && byte_at(s, pos - 2) == '\r' ? pos - 2 : pos - 1;
  if (c == '\r') return pos - 1;
  return pos - 3;
}

// Last bytes of the line terminators: \n, \r, and A8 / A9 ending U+2028 / U+2029.
constexpr std::array<bool, 256> kTerminatorEnds = [] {
  std::array<bool, 256> t{};
  for (const u8 c : {u8{'\n'}, u8{'\r'}, u8{0xA8}, u8{0xA9}}) t[c] = true;
  return t;
}();

// Start of the line that ends at `end`: a plain backward scan, cost = the line's length.
i64 line_start(std::string_view s, i64 end) {
  i64 p = end;
  while (p > 0 && !(kTerminatorEnds[byte_at(s, p - 1)] && ends_with_terminator(s, p))) --p;
  return p;
}

// Bytes that can start a Python whitespace code point (ASCII ones, and the lead bytes C2 E1 E2 E3).
constexpr std::array<bool, 256> kPySpaceLeads = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = is_ascii_space(static_cast<u8>(c), SpaceSet::kPython) || c == 0xC2 || c == 0xE1 ||
           c == 0xE2 || c == 0xE3;
  }
  return t;
}();

// `^[@#]\s*sourceMappingURL=(\S*?)\s*$` (reference_cli.py MATCH_RE, Python `re` on str) over
// s[b, e). The lazy group followed by `\s*$` is the whole non-space run after '=' provided only
// whitespace follows it; `$` before a final newline adds nothing because `\s*` takes the newline.
std::optional<MappingUrl> match_directive(std::string_view s, i64 b, i64 e, i64 comment_offset) {
  if (b >= e || (s[b] != '@' && s[b] != '#')) return std::nullopt;
  const bool legacy_at = s[b] == '@';
  i64 i = b + 1;
  while (i < e) {
    const i64 n = space_at(s, i, e, SpaceSet::kPython);
    if (n == 0) break;
    i += n;
  }
  const auto directive_size = static_cast<i64>(kDirective.size());
  if (e - i < directive_size || s.substr(static_cast<size_t>(i), kDirective.size()) != kDirective) {
    return std::nullopt;
  }
  i += directive_size;
  const i64 url_begin = i;
  // Byte steps are safe: a continuation byte never starts a whitespace sequence.
  while (i < e && (!kPySpaceLeads[byte_at(s, i)] || space_at(s, i, e, SpaceSet::kPython) == 0)) {
    ++i;
  }
  const i64 url_end = i;
  while (i < e) {
    const i64 n = space_at(s, i, e, SpaceSet::kPython);
    if (n == 0) return std::nullopt;
    i += n;
  }
  return MappingUrl{
      s.substr(static_cast<size_t>(url_begin), static_cast<size_t>(url_end - url_begin)), url_begin,
      comment_offset, legacy_at};
}

// Bytes the backward line scan must look at: terminators, and the characters that make the result
// null wherever they sit on a line (see extract_js).
constexpr std::array<bool, 256> kLineScanStops = [] {
  std::array<bool, 256> t{};
  for (const u8 c : {u8{'\n'}, u8{'\r'}, u8{'"'}, u8{'\''}, u8{'`'}, u8{'/'}, u8{0xA8}, u8{0xA9}}) {
    t[c] = true;
  }
  return t;
}();

// ECMA-426 11.1.2.1 JavaScriptExtractSourceMapURL without parsing, as reference_cli.py
// extract_url_js, walking lines from the end in place.
//
// A line that holds `"` `'` a backtick or `*/` anywhere gives null: either they sit in a `//`
// comment (the spec returns null) or before it, where only whitespace may stand, so the line is
// code (null again). The backward scan therefore stops at the first such byte without finding the
// line start. PERF: one table lookup per byte of the lines walked, backward, then one per byte of
// the URL, forward: a 20 MB one-line data: URI comment takes 20 ms in Release (about 1 GB/s; 46 ms
// before the lead-byte tables). MappingUrlTest.TwentyMegabyteDataUriCommentIsLinear guards
// linearity. A code line with a quote near its end costs only the bytes after the quote.
std::optional<MappingUrl> extract_js(std::string_view text) {
  i64 end = static_cast<i64>(text.size());
  while (true) {
    i64 start = end;
    while (start > 0) {
      const u8 c = byte_at(text, start - 1);
      if (!kLineScanStops[c]) {
        --start;
        continue;
      }
      if (c == '"' || c == '\'' || c == '`') return std::nullopt;
      if (c == '/' && start >= 2 && byte_at(text, start - 2) == '*') return std::nullopt;
      if (c != '/' && ends_with_terminator(text, start)) break;
      --start;
    }
    i64 p = start;
    while (p < end) {
      const i64 n = space_at(text, p, end, SpaceSet::kJs);
      if (n == 0) break;
      p += n;
    }
    if (p < end) {
      // Not blank: it must be a `//` comment; `/*`, a lone `/` or any code ends the walk.
      if (text[p] != '/' || p + 1 >= end || text[p + 1] != '/') return std::nullopt;
      if (auto m = match_directive(text, p + 2, end, p)) return m;
      // Any other `//` comment: keep walking up.
    }
    if (start == 0) return std::nullopt;
    end = skip_terminator_backward(text, start);
  }
}

// CSS (ECMA-426 11.1.2.2 gives no algorithm), as reference_cli.py extract_url_css: strip trailing
// whitespace, require `*/` at the end, open at the last `/*`, trim spaces and tabs, match.
std::optional<MappingUrl> extract_css(std::string_view text) {
  i64 end = static_cast<i64>(text.size());
  while (end > 0) {
    const i64 n = space_before(text, 0, end, SpaceSet::kPython);
    if (n == 0) break;
    end -= n;
  }
  if (end < 2 || text[end - 2] != '*' || text[end - 1] != '/') return std::nullopt;
  const size_t open = text.substr(0, static_cast<size_t>(end)).rfind("/*");
  if (open == std::string_view::npos) return std::nullopt;
  i64 b = static_cast<i64>(open) + 2;
  i64 e = end - 2;
  if (b > e) return std::nullopt;  // "/*/": opener and closer share the '*'; empty body
  while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
  return match_directive(text, b, e, static_cast<i64>(open));
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The proposal's heuristic `^//# debugId=([a-fA-F0-9]{8}-...-[a-fA-F0-9]{12})$` on one line.
std::optional<std::string_view> match_debug_id(std::string_view line) {
  constexpr size_t kUuidSize = 36;
  if (line.size() != kDebugIdPrefix.size() + kUuidSize || !line.starts_with(kDebugIdPrefix)) {
    return std::nullopt;
  }
  const std::string_view uuid = line.substr(kDebugIdPrefix.size());
  for (size_t i = 0; i < kUuidSize; ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? uuid[i] != '-' : !is_hex(uuid[i])) return std::nullopt;
  }
  return uuid;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != b[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<ScriptKind> script_kind_for_name(std::string_view name) {
  const size_t slash = name.find_last_of("/\\");
  const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  const size_t dot = base.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string_view ext = base.substr(dot + 1);
  if (iequals(ext, "css")) return ScriptKind::kCss;
  for (const std::string_view js : {"js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx"}) {
    if (iequals(ext, js)) return ScriptKind::kJavaScript;
  }
  return std::nullopt;
}

std::optional<MappingUrl> extract_mapping_url(std::string_view text, ScriptKind kind) {
  return kind == ScriptKind::kCss ? extract_css(text) : extract_js(text);
}

std::vector<i64> other_mapping_url_mentions(std::string_view text,
                                            const std::optional<MappingUrl>& trailing) {
  // The trailing comment's directive sits right before its URL (the regex has no gap there).
  const i64 skip = trailing ? trailing->url_offset - static_cast<i64>(kDirective.size()) : i64{-1};
  std::vector<i64> out;
  for (size_t p = text.find(kDirective); p != std::string_view::npos;
       p = text.find(kDirective, p + kDirective.size())) {
    if (static_cast<i64>(p) != skip) out.push_back(static_cast<i64>(p));
  }
  return out;
}

std::optional<std::string_view> extract_debug_id(std::string_view text) {
  i64 end = static_cast<i64>(text.size());
  if (ends_with_terminator(text, end)) end = skip_terminator_backward(text, end);
  for (i64 k = 0; k < kDebugIdLines; ++k) {
    const i64 start = line_start(text, end);
    const auto line = text.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
    if (auto id = match_debug_id(line)) return id;
    if (start == 0) break;
    end = skip_terminator_backward(text, start);
  }
  return std::nullopt;
}

}  // namespace mapsleuth::parsers
