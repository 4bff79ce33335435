#include "reports/escape.h"

#include <cstdint>

#include "parsers/json_string.h"

namespace mapsleuth::reports {
namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kHexLower[] = "0123456789abcdef";

/// `s` itself when it is valid UTF-8, else its U+FFFD repair in `scratch`. Valid input (nearly
/// every name) costs one validation scan and no allocation.
std::string_view repaired(std::string_view s, std::string& scratch) {
  if (parsers::is_valid_utf8(s)) return s;
  scratch.clear();
  parsers::repair_utf8(s, scratch);
  return scratch;
}

/// Decodes the code point at `i` of valid UTF-8 and advances `i` past it.
std::uint32_t next_code_point(std::string_view s, size_t& i) {
  auto b = [&](size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[k])); };
  std::uint32_t c = b(i);
  if (c < 0x80) {
    i += 1;
    return c;
  }
  if (c < 0xE0) {
    std::uint32_t cp = ((c & 0x1F) << 6) | (b(i + 1) & 0x3F);
    i += 2;
    return cp;
  }
  if (c < 0xF0) {
    std::uint32_t cp = ((c & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
    i += 3;
    return cp;
  }
  std::uint32_t cp =
      ((c & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) | (b(i + 3) & 0x3F);
  i += 4;
  return cp;
}

/// Code points a report shows as an escape instead of the character: controls (C0, DEL, C1) and
/// the invisible ones that can hide or reorder text -- U+061C ALM, U+200B..U+200F zero-width and
/// marks, U+2028/U+2029 separators, U+202A..U+202E embeddings/overrides, U+2060..U+2064 and
/// U+2066..U+2069 isolates, U+FEFF BOM (Unicode TR9; CVE-2021-42574).
bool needs_visible_escape(std::uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

/// `\xNN` for C0 and DEL, `\uXXXX` for the rest (escape_for_terminal's notation).
void append_visible_escape(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += "\\x";
    out += kHexLower[cp >> 4];
    out += kHexLower[cp & 15];
    return;
  }
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHexLower[(cp >> shift) & 15];
}

/// Walks the code points of `s` (repaired); calls `ascii(c)` for printable ASCII and appends other
/// printable code points as they are.
template <typename AsciiFn>
void escape_visible(std::string_view s, std::string& out, AsciiFn&& ascii) {
  std::string scratch;
  std::string_view v = repaired(s, scratch);
  size_t i = 0;
  while (i < v.size()) {
    size_t start = i;
    std::uint32_t cp = next_code_point(v, i);
    if (needs_visible_escape(cp)) {
      append_visible_escape(cp, out);
    } else if (cp < 0x80) {
      ascii(static_cast<char>(cp), out);
    } else {
      out.append(v.substr(start, i - start));
    }
  }
}

}  // namespace

void append_html_escaped(std::string_view s, std::string& out) {
  escape_visible(s, out, [](char c, std::string& o) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      case '\'':
        o += "&#39;";
        break;
      default:
        o += c;
    }
  });
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  append_html_escaped(s, out);
  return out;
}

// CommonMark 0.30 section 2.4: any ASCII punctuation may be backslash-escaped. We escape the
// characters that can open inline markup or end a GFM table cell, plus the backslash itself (else
// an input "\" would escape our own escape of the next character).
void append_markdown_escaped(std::string_view s, std::string& out) {
  escape_visible(s, out, [](char c, std::string& o) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '#':
      case '|':
      case '&':
      case '~':
        o += '\\';
        o += c;
        break;
      default:
        o += c;
    }
  });
}

std::string markdown_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  append_markdown_escaped(s, out);
  return out;
}

void append_csv_field(std::string_view s, std::string& out) {
  bool formula = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                                s[0] == '\t' || s[0] == '\r');
  // PERF: the common field (an ASCII path, a hash, a class name) is copied as it is: sources.csv
  // for 1M sources (182 MB) takes 0.19 s instead of 1.0 s (this machine, output discarded). The
  // same shortcut in JsonStream gained only 7% over append_json_escaped and was dropped.
  unsigned char special = 0;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    special |= static_cast<unsigned char>(c < 0x20 || c >= 0x7F || c == ',' || c == '"');
  }
  if (!formula && special == 0) {
    out.append(s);
    return;
  }
  std::string body;
  body.reserve(s.size() + 2);
  if (formula) body += '\'';
  bool quote = false;
  std::string scratch;
  std::string_view v = repaired(s, scratch);
  size_t i = 0;
  while (i < v.size()) {
    size_t start = i;
    std::uint32_t cp = next_code_point(v, i);
    if (cp == '\t' || cp == '\r' || cp == '\n') {
      quote = quote || cp != '\t';
      body += static_cast<char>(cp);
    } else if (needs_visible_escape(cp)) {
      append_visible_escape(cp, body);
    } else {
      if (cp == ',' || cp == '"') quote = true;
      if (cp == '"') body += '"';
      body.append(v.substr(start, i - start));
    }
  }
  if (quote) out += '"';
  out += body;
  if (quote) out += '"';
}

std::string csv_field(std::string_view s) {
  std::string out;
  append_csv_field(s, out);
  return out;
}

std::string uri_percent_encode(std::string_view s) {
  std::string scratch;
  std::string_view v = repaired(s, scratch);
  std::string out;
  out.reserve(v.size() + 8);
  for (char ch : v) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += ch;
    } else {
      out += '%';
      out += kHexUpper[c >> 4];
      out += kHexUpper[c & 15];
    }
  }
  return out;
}

std::string shell_quote(std::string_view arg) {
  if (arg.empty()) return "''";
  bool bare = true;
  bool plain = parsers::is_valid_utf8(arg);  // representable inside '...'
  for (size_t i = 0; i < arg.size() && plain;) {
    auto c = static_cast<unsigned char>(arg[i]);
    bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '@' || c == '%' || c == '+' || c == '=' || c == ':' || c == ',' ||
                c == '.' || c == '/' || c == '-';
    bare = bare && safe;
    if (needs_visible_escape(next_code_point(arg, i))) plain = false;
  }
  if (plain && bare) return std::string(arg);
  std::string out;
  if (plain) {
    out += '\'';
    for (char c : arg) {
      if (c == '\'') {
        out += "'\\''";
      } else {
        out += c;
      }
    }
    out += '\'';
    return out;
  }
  // bash ANSI-C quoting. Each byte of an invalid sequence is written as \xNN, so the argument is
  // reproduced byte for byte; a valid sequence is kept or, when invisible, written as \uXXXX.
  out += "$'";
  size_t i = 0;
  while (i < arg.size()) {
    auto c = static_cast<unsigned char>(arg[i]);
    size_t len = c < 0x80 ? 1 : c < 0xC0 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF8 ? 4 : 0;
    if (len == 0 || i + len > arg.size() || !parsers::is_valid_utf8(arg.substr(i, len))) {
      out += "\\x";
      out += kHexLower[c >> 4];
      out += kHexLower[c & 15];
      ++i;
      continue;
    }
    size_t start = i;
    std::uint32_t cp = next_code_point(arg, i);
    if (needs_visible_escape(cp)) {
      append_visible_escape(cp, out);
    } else if (cp == '\'' || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else {
      out.append(arg.substr(start, i - start));
    }
  }
  out += '\'';
  return out;
}

}  // namespace mapsleuth::reports
