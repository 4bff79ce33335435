#include "parsers/json_string.h"

#include <cstring>

namespace mapsleuth::parsers {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool read_hex4(std::string_view s, size_t at, u32& value) noexcept {
  if (at + 4 > s.size()) return false;
  value = 0;
  for (size_t i = 0; i < 4; ++i) {
    int h = hex_value(s[at + i]);
    if (h < 0) return false;
    value = value * 16 + static_cast<u32>(h);
  }
  return true;
}

size_t utf8_length(u32 cp) noexcept {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

void append_utf8(u32 cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

constexpr u32 kReplacement = 0xFFFD;

// Walks a JSON string body, calling emit_bytes(view) for literal runs and emit_cp(code point) for
// escapes. One walker for unescape and measure keeps their rules identical.
template <typename Bytes, typename CodePoint>
bool walk_json_string(std::string_view raw, JsonStringIssues& issues, Bytes&& emit_bytes,
                      CodePoint&& emit_cp) {
  size_t i = 0;
  const size_t n = raw.size();
  while (i < n) {
    // Literal run up to the next backslash; raw control bytes are invalid JSON.
    size_t run = i;
    while (run < n && raw[run] != '\\') {
      if (static_cast<unsigned char>(raw[run]) < 0x20) {
        issues.bad_escape_at = static_cast<i64>(run);
        return false;
      }
      ++run;
    }
    if (run > i) emit_bytes(raw.substr(i, run - i));
    if (run == n) break;
    i = run + 1;  // past the backslash
    if (i >= n) {
      issues.bad_escape_at = static_cast<i64>(run);
      return false;
    }
    char c = raw[i++];
    switch (c) {
      case '"':
        emit_cp('"');
        break;
      case '\\':
        emit_cp('\\');
        break;
      case '/':
        emit_cp('/');
        break;
      case 'b':
        emit_cp('\b');
        break;
      case 'f':
        emit_cp('\f');
        break;
      case 'n':
        emit_cp('\n');
        break;
      case 'r':
        emit_cp('\r');
        break;
      case 't':
        emit_cp('\t');
        break;
      case 'u': {
        u32 cp = 0;
        if (!read_hex4(raw, i, cp)) {
          issues.bad_escape_at = static_cast<i64>(run);
          return false;
        }
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          u32 low = 0;
          if (i + 6 <= n && raw[i] == '\\' && raw[i + 1] == 'u' && read_hex4(raw, i + 2, low) &&
              low >= 0xDC00 && low <= 0xDFFF) {
            i += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else {
            ++issues.lone_surrogates;
            cp = kReplacement;
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          ++issues.lone_surrogates;
          cp = kReplacement;
        }
        emit_cp(cp);
        break;
      }
      default:
        issues.bad_escape_at = static_cast<i64>(run);
        return false;
    }
  }
  return true;
}

}  // namespace

bool unescape_json_string(std::string_view raw, std::string& out, JsonStringIssues& issues) {
  if (std::memchr(raw.data(), '\\', raw.size()) == nullptr) {
    // PERF: the common case for sourcesContent of minified-away code is still escapes ("\n"), but
    // names and sources rarely have any; skip the walker for them.
    for (size_t i = 0; i < raw.size(); ++i) {
      if (static_cast<unsigned char>(raw[i]) < 0x20) {
        issues.bad_escape_at = static_cast<i64>(i);
        return false;
      }
    }
    out.append(raw);
    return true;
  }
  out.reserve(out.size() + raw.size());
  return walk_json_string(
      raw, issues, [&](std::string_view bytes) { out.append(bytes); },
      [&](u32 cp) { append_utf8(cp, out); });
}

JsonStringMeasure measure_json_string(std::string_view raw, JsonStringIssues& issues) {
  // Raw newlines are invalid inside JSON strings, so every '\n' of the result comes from an escape.
  JsonStringMeasure m;
  i64 size = 0;
  bool ok = walk_json_string(
      raw, issues,
      [&](std::string_view bytes) {
        size += static_cast<i64>(bytes.size());
        m.ends_with_newline = false;
      },
      [&](u32 cp) {
        size += static_cast<i64>(utf8_length(cp));
        m.ends_with_newline = cp == '\n';
        m.newlines += cp == '\n' ? 1 : 0;
      });
  m.bytes = ok ? size : -1;
  return m;
}

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when the bytes there are not one; then
// `maximal_subpart` is the length of the longest valid prefix (at least 1), which the WHATWG
// decoder replaces by a single U+FFFD before it looks at the next byte again.
size_t valid_sequence_length(std::string_view s, size_t i, size_t& maximal_subpart) noexcept {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  maximal_subpart = 1;
  if (c < 0x80) return 1;
  size_t need = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  for (size_t k = 1; k <= need; ++k) {
    if (i + k >= s.size()) return 0;
    unsigned char t = b(i + k);
    if (k == 1 ? (t < lo || t > hi) : (t < 0x80 || t > 0xBF)) return 0;
    maximal_subpart = k + 1;
  }
  return need + 1;
}

}  // namespace

bool is_valid_utf8(std::string_view s) noexcept {
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t sub = 0;
    size_t len = valid_sequence_length(s, i, sub);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

u64 repair_utf8(std::string_view in, std::string& out) {
  u64 replaced = 0;
  out.reserve(out.size() + in.size() + 16);
  size_t i = 0;
  while (i < in.size()) {
    size_t sub = 0;
    size_t len = valid_sequence_length(in, i, sub);
    if (len == 0) {
      append_utf8(kReplacement, out);
      ++replaced;
      // WHATWG: a lead byte followed by a valid-but-truncated continuation consumes the subpart.
      i += sub;  // the byte that broke the sequence starts over (WHATWG)
    } else {
      out.append(in.substr(i, len));
      i += len;
    }
  }
  return replaced;
}

void append_json_escaped(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t sub = 0;
      size_t len = valid_sequence_length(s, i, sub);
      if (len == 0) {
        out += "\xEF\xBF\xBD";
        i += sub;
      } else {
        out.append(s.substr(i, len));
        i += len;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
}

}  // namespace mapsleuth::parsers
