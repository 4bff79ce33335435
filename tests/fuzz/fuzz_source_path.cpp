// Fuzzes sanitize_source_path (STYLE R17; DESIGN 6.1 `path_sanitize`): whatever the resolved name,
// the result is a relative path with no `..`, `.` or empty component, no NUL or control byte, no
// character Windows refuses, valid UTF-8, within PathLimits, and never a `.git` / `git~N` / device
// component once case-folded -- or the name is rejected, which only NUL and too many components may
// cause. Each flag has its diagnostic, and the same input gives the same path (determinism).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "reconstruct/source_path.h"

namespace {

using mapsleuth::Diagnostics;
using mapsleuth::ErrorCode;
using mapsleuth::reconstruct::collision_key;
using mapsleuth::reconstruct::PathLimits;
using mapsleuth::reconstruct::SafePath;
using mapsleuth::reconstruct::sanitize_source_path;

void check(bool ok) {
  if (!ok) std::abort();
}

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    char32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

void check_component(std::string_view c, const PathLimits& l) {
  check(!c.empty() && c != "." && c != ".." && c.size() <= l.max_component_bytes);
  check(c.back() != '.' && c.back() != ' ');
  std::string key = collision_key(c);
  while (!key.empty() && (key.back() == '.' || key.back() == ' ')) key.pop_back();
  check(key != ".git");
  check(!(key.size() > 4 && key.compare(0, 4, "git~") == 0 &&
          key.find_first_not_of("0123456789", 4) == std::string::npos));
  std::string base = key.substr(0, key.find('.'));
  while (!base.empty() && base.back() == ' ') base.pop_back();
  for (const char* dev : {"con", "prn", "aux", "nul", "conin$", "conout$", "clock$"}) {
    check(base != dev);
  }
  if (base.size() == 4 && (base.compare(0, 3, "com") == 0 || base.compare(0, 3, "lpt") == 0)) {
    check(base[3] < '0' || base[3] > '9');
  }
}

void check_path(const SafePath& p, const PathLimits& l) {
  std::string_view s = p.path;
  check(!s.empty() && s.size() <= l.max_path_bytes && valid_utf8(s));
  for (unsigned char c : s) {
    check(c >= 0x20 && c != 0x7F);
    check(std::string_view("<>:\"|?*\\").find(static_cast<char>(c)) == std::string_view::npos);
  }
  size_t depth = 0;
  size_t start = 0;
  for (;;) {
    size_t end = std::min(s.find('/', start), s.size());
    check_component(s.substr(start, end - start), l);
    ++depth;
    if (end == s.size()) break;
    start = end + 1;
  }
  check(depth <= l.max_depth);
}

void run(std::string_view name, const PathLimits& l) {
  Diagnostics diags;
  mapsleuth::Result<SafePath> r = sanitize_source_path(name, diags, l);
  if (!r.ok()) {
    check(r.error() == ErrorCode::kSourceNameRejected && diags.size() == 1);
    return;
  }
  const SafePath& p = r.value();
  check_path(p, l);
  check(diags.has(ErrorCode::kSourceRerooted) == p.rerooted);
  check(diags.has(ErrorCode::kSourceNameEscaped) == p.escaped);
  check(diags.has(ErrorCode::kSourceNameShortened) == p.shortened);
  check(diags.size() == size_t{p.rerooted} + size_t{p.escaped} + size_t{p.shortened});
  Diagnostics again;
  check(sanitize_source_path(name, again, l).value().path == p.path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view name(reinterpret_cast<const char*>(data), size);
  run(name, PathLimits{});
  // Tight limits drive the shortening and collapsing paths with short inputs.
  run(name, PathLimits{32, 64, 3, 64});
  return 0;
}
