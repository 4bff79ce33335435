// Fuzz target for parsers/mapping_url.cpp and parsers/data_uri.cpp (STYLE R17).
//
// Differential: the fast in-place walk (from the end, over bytes) is compared with a literal port
// of conformance/reference_cli.py (extract_url_js / extract_url_css) that decodes the whole input
// to code points and splits it into lines, as Python does. Also checks that every returned view
// lies inside the input, that mention offsets are real, and that decode_data_uri keeps its
// diagnostics and output within bounds. Any violation aborts (libFuzzer reports it; the corpus
// ctest fails).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

#include "parsers/data_uri.h"
#include "parsers/mapping_url.h"

namespace {

using mapsleuth::i64;
using mapsleuth::u32;
using mapsleuth::u64;
using mapsleuth::u8;
namespace p = mapsleuth::parsers;

#define FUZZ_CHECK(cond)                                                            \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                 \
    }                                                                               \
  } while (0)

// ---- the oracle: reference_cli.py over code points ----

struct CodePoint {
  u32 cp;
  i64 offset;  // of its first byte
};

// Python's UTF-8 decoder with errors="surrogateescape": a byte that does not start a well-formed
// sequence becomes one lone surrogate U+DC80..U+DCFF.
std::vector<CodePoint> decode_utf8(std::string_view s) {
  std::vector<CodePoint> out;
  size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<u8>(s[i]);
    auto cont = [&](size_t k, u8 lo = 0x80, u8 hi = 0xBF) {
      return i + k < s.size() && static_cast<u8>(s[i + k]) >= lo && static_cast<u8>(s[i + k]) <= hi;
    };
    auto bits = [&](size_t k) { return static_cast<u32>(static_cast<u8>(s[i + k]) & 0x3F); };
    size_t len = 0;
    u32 cp = 0;
    if (b0 < 0x80) {
      len = 1;
      cp = b0;
    } else if (b0 >= 0xC2 && b0 <= 0xDF && cont(1)) {
      len = 2;
      cp = ((b0 & 0x1Fu) << 6) | bits(1);
    } else if (b0 >= 0xE0 && b0 <= 0xEF &&
               cont(1, b0 == 0xE0 ? 0xA0 : 0x80, b0 == 0xED ? 0x9F : 0xBF) && cont(2)) {
      len = 3;
      cp = ((b0 & 0x0Fu) << 12) | (bits(1) << 6) | bits(2);
    } else if (b0 >= 0xF0 && b0 <= 0xF4 &&
               cont(1, b0 == 0xF0 ? 0x90 : 0x80, b0 == 0xF4 ? 0x8F : 0xBF) && cont(2) && cont(3)) {
      len = 4;
      cp = ((b0 & 0x07u) << 18) | (bits(1) << 12) | (bits(2) << 6) | bits(3);
    } else {
      len = 1;
      cp = 0xDC00u + b0;
    }
    out.push_back({cp, static_cast<i64>(i)});
    i += len;
  }
  return out;
}

bool py_space(u32 c) {  // str.isspace(), which is also `\s` of Python's re on str
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

bool js_space(u32 c) {  // reference_cli.py JS_WS
  return c == 0x09 || c == 0x0B || c == 0x0C || c == 0x20 || c == 0xA0 || c == 0xFEFF ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

struct Found {
  i64 url_offset;
  i64 url_end;
  i64 comment_offset;
  bool legacy_at;
};

// MATCH_RE over cps[b, e); `end_offset` is the byte offset just past cps[e - 1].
std::optional<Found> oracle_match(const std::vector<CodePoint>& cps, size_t b, size_t e,
                                  i64 end_offset, i64 comment_offset) {
  auto offset_of = [&](size_t k) { return k < cps.size() ? cps[k].offset : end_offset; };
  if (b >= e || (cps[b].cp != '@' && cps[b].cp != '#')) return std::nullopt;
  size_t i = b + 1;
  while (i < e && py_space(cps[i].cp)) ++i;
  constexpr std::string_view kDirective = "sourceMappingURL=";
  for (const char c : kDirective) {
    if (i >= e || cps[i].cp != static_cast<u32>(c)) return std::nullopt;
    ++i;
  }
  const size_t url_begin = i;
  while (i < e && !py_space(cps[i].cp)) ++i;
  const size_t url_end = i;
  while (i < e && py_space(cps[i].cp)) ++i;
  if (i != e) return std::nullopt;
  return Found{offset_of(url_begin), url_end == e ? end_offset : offset_of(url_end), comment_offset,
               cps[b].cp == '@'};
}

std::optional<Found> oracle_js(std::string_view text) {
  const std::vector<CodePoint> cps = decode_utf8(text);
  const auto total = static_cast<i64>(text.size());
  // re.split(r"\r\n|\n|\r|\u2028|\u2029"): line k is cps[starts[k], ends[k]).
  std::vector<size_t> starts{0}, ends;
  for (size_t i = 0; i < cps.size(); ++i) {
    const u32 c = cps[i].cp;
    if (c == '\r' && i + 1 < cps.size() && cps[i + 1].cp == '\n') {
      ends.push_back(i);
      starts.push_back(i + 2);
      ++i;
    } else if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029) {
      ends.push_back(i);
      starts.push_back(i + 1);
    }
  }
  ends.push_back(cps.size());
  for (size_t k = starts.size(); k-- > 0;) {
    const size_t b = starts[k];
    const size_t e = ends[k];
    const i64 end_offset = e < cps.size() ? cps[e].offset : total;
    size_t pos = b;
    while (pos < e) {
      const u32 c = cps[pos].cp;
      if (c == '/' && pos + 1 < e) {
        ++pos;
        if (cps[pos].cp != '/') return std::nullopt;
        for (size_t q = pos + 1; q < e; ++q) {
          const u32 d = cps[q].cp;
          if (d == '"' || d == '\'' || d == '`') return std::nullopt;
          if (d == '*' && q + 1 < e && cps[q + 1].cp == '/') return std::nullopt;
        }
        if (auto m = oracle_match(cps, pos + 1, e, end_offset, cps[pos - 1].offset)) return m;
        pos = e;
      } else if (js_space(c)) {
        ++pos;
      } else {
        return std::nullopt;
      }
    }
  }
  return std::nullopt;
}

std::optional<Found> oracle_css(std::string_view text) {
  const std::vector<CodePoint> cps = decode_utf8(text);
  size_t n = cps.size();
  while (n > 0 && py_space(cps[n - 1].cp)) --n;  // src.rstrip()
  if (n < 2 || cps[n - 2].cp != '*' || cps[n - 1].cp != '/') return std::nullopt;
  size_t start = n;  // body.rfind("/*")
  for (size_t k = n - 1; k-- > 0;) {
    if (cps[k].cp == '/' && cps[k + 1].cp == '*') {
      start = k;
      break;
    }
  }
  if (start == n || start + 2 > n - 2) return std::nullopt;  // not found, or an empty slice
  size_t b = start + 2;
  size_t e = n - 2;
  while (b < e && (cps[b].cp == ' ' || cps[b].cp == '\t')) ++b;
  while (e > b && (cps[e - 1].cp == ' ' || cps[e - 1].cp == '\t')) --e;
  return oracle_match(cps, b, e, cps[e].offset, cps[start].offset);
}

// ---- properties ----

bool inside(std::string_view outer, std::string_view inner) {
  return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

void check_extraction(std::string_view text, p::ScriptKind kind) {
  const auto got = p::extract_mapping_url(text, kind);
  const auto want = kind == p::ScriptKind::kCss ? oracle_css(text) : oracle_js(text);
  FUZZ_CHECK(got.has_value() == want.has_value());
  if (got) {
    FUZZ_CHECK(inside(text, got->url));
    FUZZ_CHECK(got->url.data() == text.data() + got->url_offset);
    FUZZ_CHECK(got->url_offset == want->url_offset);
    FUZZ_CHECK(got->url_offset + static_cast<i64>(got->url.size()) == want->url_end);
    FUZZ_CHECK(got->comment_offset == want->comment_offset);
    FUZZ_CHECK(got->legacy_at == want->legacy_at);
  }
  constexpr std::string_view kDirective = "sourceMappingURL=";
  const std::vector<i64> mentions = p::other_mapping_url_mentions(text, got);
  size_t all = 0;
  for (size_t at = text.find(kDirective); at != std::string_view::npos;
       at = text.find(kDirective, at + 1)) {
    ++all;
  }
  FUZZ_CHECK(mentions.size() + (got ? 1 : 0) == all);
  for (size_t i = 0; i < mentions.size(); ++i) {
    const i64 m = mentions[i];
    FUZZ_CHECK(m >= 0 && m + static_cast<i64>(kDirective.size()) <= static_cast<i64>(text.size()));
    FUZZ_CHECK(text.substr(static_cast<size_t>(m), kDirective.size()) == kDirective);
    FUZZ_CHECK(i == 0 || mentions[i - 1] < m);
  }
}

void check_data_uri(std::string_view url, i64 url_offset, i64 text_size) {
  mapsleuth::Diagnostics diags;
  constexpr u64 kLimit = 1 << 16;
  auto r = p::decode_data_uri(url, diags, kLimit, url_offset);
  for (const auto& d : diags.items()) {
    FUZZ_CHECK(d.byte_offset >= url_offset && d.byte_offset <= text_size);
  }
  FUZZ_CHECK(r.ok() == (diags.count(mapsleuth::Severity::kError) == 0));
  if (r.ok()) {
    FUZZ_CHECK(r.value().bytes.size() <= kLimit);
    FUZZ_CHECK(r.value().bytes.size() <= url.size());  // neither decoding ever grows
    FUZZ_CHECK(!r.value().media_type.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto total = static_cast<i64>(size);
  check_extraction(text, p::ScriptKind::kJavaScript);
  check_extraction(text, p::ScriptKind::kCss);
  if (const auto id = p::extract_debug_id(text)) {
    FUZZ_CHECK(inside(text, *id) && id->size() == 36);
  }
  // The whole input as a URI, and the URI of a trailing comment at its real offset.
  check_data_uri(text, 0, total);
  if (const auto m = p::extract_mapping_url(text, p::ScriptKind::kJavaScript)) {
    if (p::is_data_uri(m->url)) check_data_uri(m->url, m->url_offset, total);
  }
  (void)p::script_kind_for_name(text);
  return 0;
}
