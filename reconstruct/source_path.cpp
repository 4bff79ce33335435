#include "reconstruct/source_path.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "reconstruct/sha256.h"

namespace mapsleuth::reconstruct {
namespace {

// Markers we put into paths. Each is '_' + a word, and a literal component that folds to
// '_'* + such a word gets one more '_' (see `needs_prefix`), so no source name can forge one.
constexpr std::string_view kMarkUp = "_up";
constexpr std::string_view kMarkAbs = "_abs";
constexpr std::string_view kMarkDrive = "_drive";
constexpr std::string_view kMarkRel = "_rel";
constexpr std::string_view kMarkUnc = "_unc";
constexpr std::string_view kMarkQm = "_qm";
constexpr std::string_view kMarkDot = "_dot";
constexpr std::string_view kMarkOpaque = "_opaque";
constexpr std::string_view kMarkData = "_data";
constexpr std::string_view kMarkEmpty = "_";  // empty host, or nothing left after the root
constexpr std::string_view kMarkDeepPrefix =
    "_deep~";  // + 16 hex: the collapsed middle of a long path
constexpr std::string_view kMarkerWords[] = {"up", "abs", "drive",  "rel", "unc",
                                             "qm", "dot", "opaque", "data"};

constexpr size_t kMaxExtensionBytes = 16;  // a longer "extension" is not kept when shortening
constexpr size_t kDisplayBytes = 160;      // original names in messages are cut here

// Why a component was escaped; one W_SOURCE_NAME_ESCAPED lists them all.
enum Reason : unsigned {
  kControl = 1u << 0,
  kWindowsChar = 1u << 1,
  kPercent = 1u << 2,
  kBidi = 1u << 3,
  kInvalidUtf8 = 1u << 4,
  kTrailing = 1u << 5,
  kGit = 1u << 6,
  kDevice = 1u << 7,
  kMarker = 1u << 8,
};

constexpr std::pair<Reason, std::string_view> kReasonNames[] = {
    {kGit, ".git look-alike"},
    {kDevice, "Windows device name"},
    {kMarker, "reads as a mapsleuth marker"},
    {kControl, "control characters"},
    {kWindowsChar, "characters invalid on Windows"},
    {kTrailing, "trailing dot or space"},
    {kBidi, "bidirectional controls"},
    {kInvalidUtf8, "invalid UTF-8"},
    {kPercent, "'%' (the escape character)"},
};

enum class RootKind { kRelative, kAbsolute, kDrive, kUnc, kFileUrl, kUrl, kData };

bool is_sep(char c) { return c == '/' || c == '\\'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(s[i]) != prefix[i]) return false;
  }
  return true;
}

// RFC 3986 section 3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":". We require two characters,
// because `C:` is a Windows drive. Returns the scheme's length, or 0.
size_t scheme_length(std::string_view s) {
  if (s.empty() || !is_alpha(s[0])) return 0;
  for (size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') return i >= 2 ? i : 0;
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return 0;
  }
  return 0;
}

bool is_drive(std::string_view s) { return s.size() >= 2 && is_alpha(s[0]) && s[1] == ':'; }

// Length (1-4) of the well-formed UTF-8 sequence at s[i], or 0 (RFC 3629 section 4: no overlongs,
// no surrogates, nothing above U+10FFFF).
size_t utf8_length(std::string_view s, size_t i, char32_t& cp) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  size_t n = 0;
  char32_t min = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 2, cp = c & 0x1Fu, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, cp = c & 0x0Fu, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, cp = c & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool is_bidi_control(char32_t cp) {
  // Unicode UAX #9 explicit formatting characters ("Trojan Source", CVE-2021-42574).
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

unsigned escape_reason(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return kControl;
  switch (cp) {
    case '<':
    case '>':
    case ':':
    case '"':
    case '|':
    case '?':
    case '*':
    case '\\':
      return kWindowsChar;  // Win32 naming rules; ':' also opens an NTFS alternate data stream
    case '%':
      return kPercent;
    default:
      return is_bidi_control(cp) ? unsigned{kBidi} : 0u;
  }
}

void append_pct(std::string& out, char byte) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  auto b = static_cast<unsigned char>(byte);
  out += '%';
  out += kHex[b >> 4];
  out += kHex[b & 15];
}

// NFC + case fold + default-ignorables removed. ASCII needs only lower-casing (no ASCII code point
// is ignorable or composes), which keeps the common case off utf8proc's allocation.
std::string fold(std::string_view s) {
  std::string out(s);
  bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return (c & 0x80) == 0; });
  if (!ascii) {
    utf8proc_uint8_t* mapped = nullptr;
    auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                                  UTF8PROC_STABLE | UTF8PROC_IGNORE);
    utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                      static_cast<utf8proc_ssize_t>(s.size()), &mapped, options);
    if (n >= 0) {
      out.assign(reinterpret_cast<const char*>(mapped), static_cast<size_t>(n));
      std::free(mapped);
      return out;
    }
    std::free(mapped);  // invalid UTF-8: fall back to ASCII folding of the bytes
  }
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

std::string_view strip_trailing_dots_spaces(std::string_view s) {
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

// `.git` and its NTFS 8.3 short name `git~N` (git's is_ntfs_dotgit); `folded` is already folded,
// so HFS+ ignorables and case are gone. Windows also drops trailing dots and spaces.
bool is_git_like(std::string_view folded) {
  std::string_view s = strip_trailing_dots_spaces(folded);
  if (s == ".git") return true;
  if (s.size() <= 4 || s.substr(0, 4) != "git~") return false;
  return std::all_of(s.begin() + 4, s.end(), is_digit);
}

// Win32 reserved device names, with or without an extension ("Naming Files, Paths, and
// Namespaces").
bool is_device_name(std::string_view folded) {
  std::string_view base = folded.substr(0, folded.find('.'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  if (base == "con" || base == "prn" || base == "aux" || base == "nul" || base == "conin$" ||
      base == "conout$" || base == "clock$") {
    return true;
  }
  if (base.size() < 4 || (base.substr(0, 3) != "com" && base.substr(0, 3) != "lpt")) return false;
  std::string_view n = base.substr(3);
  if (n.size() == 1 && is_digit(n[0])) return true;
  // Superscript one, two, three (U+00B9, U+00B2, U+00B3) count as digits here.
  return n == "\xC2\xB9" || n == "\xC2\xB2" || n == "\xC2\xB3";
}

bool is_marker_word(std::string_view w) {
  if (w.substr(0, 5) == "deep~") return true;
  return std::find(std::begin(kMarkerWords), std::end(kMarkerWords), w) != std::end(kMarkerWords);
}

// A component that could be dangerous on disk (its fold, as it stands).
bool is_dangerous(std::string_view component) {
  std::string f = fold(component);
  return is_git_like(f) || is_device_name(f);
}

// Whether an escaped component gets a leading '_'. With R = fold(c) minus its leading '_'s (k of
// them): R git-like or a device name, or k >= 1 and R empty or a marker word. Prefixing is then
// injective, because fold('_' + c) == '_' + fold(c) keeps R and raises k: a prefixed name is never
// the unprefixed form of another, and never a marker (markers have k == 1 and are not prefixed).
unsigned needs_prefix(std::string_view escaped) {
  std::string f = fold(escaped);
  size_t k = std::min(f.find_first_not_of('_'), f.size());
  std::string_view rest = std::string_view(f).substr(k);
  if (is_git_like(rest)) return kGit;
  if (is_device_name(rest)) return kDevice;
  if (k >= 1 && (rest.empty() || is_marker_word(rest))) return kMarker;
  return 0;
}

// Escapes one component (no separators inside) and adds the '_' prefix when needed.
std::string safe_component(std::string_view c, unsigned& reasons) {
  std::string out;
  out.reserve(c.size() + 8);
  size_t trail = strip_trailing_dots_spaces(c).size();
  for (size_t i = 0; i < c.size();) {
    if (i >= trail) {
      append_pct(out, c[i++]);
      reasons |= kTrailing;
      continue;
    }
    char32_t cp = 0;
    size_t n = utf8_length(c, i, cp);
    if (n == 0) {
      append_pct(out, c[i++]);
      reasons |= kInvalidUtf8;
      continue;
    }
    if (unsigned r = escape_reason(cp)) {
      for (size_t k = 0; k < n; ++k) append_pct(out, c[i + k]);
      reasons |= r;
    } else {
      out.append(c.substr(i, n));
    }
    i += n;
  }
  if (unsigned r = needs_prefix(out)) {
    out.insert(out.begin(), '_');
    reasons |= r;
  }
  return out;
}

// Largest cut <= `cut` that splits neither a UTF-8 sequence nor a %XX escape of `s`.
size_t safe_cut(std::string_view s, size_t cut) {
  cut = std::min(cut, s.size());
  while (cut > 0 && cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  if (cut >= 1 && s[cut - 1] == '%') {
    cut -= 1;
  } else if (cut >= 2 && s[cut - 2] == '%') {
    cut -= 2;
  }
  return cut;
}

// safe-io.md 3.9: prefix + '~' + 8 hex of SHA-256 + the original extension, <= max bytes.
std::string shorten_component(std::string_view c, size_t max) {
  std::string_view ext;
  size_t dot = c.rfind('.');
  if (dot != std::string_view::npos && dot > 0 && c.size() - dot <= kMaxExtensionBytes) {
    ext = c.substr(dot);
  }
  std::string suffix(1, '~');
  suffix += sha256_hex(c).substr(0, 8);
  suffix += ext;
  std::string out(c.substr(0, safe_cut(c, max - suffix.size())));
  out += suffix;
  // A cut can leave `git~<digits>` or a device name; one more '_' (and one byte less) defuses it.
  if (is_dangerous(out)) {
    out.assign(1, '_');
    out += shorten_component(c, max - 1);
  }
  return out;
}

struct Split {
  size_t ups = 0;                       // leading `..` that climbed above the root
  std::vector<std::string_view> names;  // the remaining components, normalised
};

// Splits on '/' and '\', drops empty and `.` components and folds `a/..`.
Split normalise(std::string_view rest) {
  Split out;
  size_t start = 0;
  while (start <= rest.size()) {
    size_t end = start;
    while (end < rest.size() && !is_sep(rest[end])) ++end;
    std::string_view seg = rest.substr(start, end - start);
    if (seg == "..") {
      if (!out.names.empty()) {
        out.names.pop_back();
      } else {
        ++out.ups;
      }
    } else if (!seg.empty() && seg != ".") {
      out.names.push_back(seg);
    }
    start = end + 1;
  }
  return out;
}

// The original name for a message: controls, bidi controls and invalid bytes as %XX, cut short.
std::string display(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (out.size() >= kDisplayBytes) {
      out += "...";
      break;
    }
    char32_t cp = 0;
    size_t n = utf8_length(s, i, cp);
    if (n == 0) {
      append_pct(out, s[i++]);
      continue;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp)) {
      for (size_t k = 0; k < n; ++k) append_pct(out, s[i + k]);
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string data_extension(std::string_view uri) {
  std::string_view rest = uri.substr(5);  // after "data:"
  std::string type(rest.substr(0, rest.find_first_of(";,")));
  std::transform(type.begin(), type.end(), type.begin(), ascii_lower);
  if (type == "text/javascript" || type == "application/javascript" ||
      type == "application/x-javascript") {
    return ".js";
  }
  if (type == "text/css") return ".css";
  if (type == "application/json") return ".json";
  if (type == "text/typescript" || type == "application/typescript") return ".ts";
  if (type == "text/html") return ".html";
  return "";
}

std::string join(const std::vector<std::string>& comps) {
  std::string out;
  for (const auto& c : comps) {
    if (!out.empty()) out += '/';
    out += c;
  }
  return out;
}

size_t joined_size(const std::vector<std::string>& comps) {
  size_t n = comps.empty() ? 0 : comps.size() - 1;
  for (const auto& c : comps) n += c.size();
  return n;
}

// Keeps the leading components and the file name, replacing the middle by `_deep~<hash>` so the
// result fits `max_path_bytes` and `max_depth`; the hash covers the whole resolved name.
std::vector<std::string> collapse(std::vector<std::string> comps, std::string_view resolved,
                                  const PathLimits& limits) {
  std::string mid = std::string(kMarkDeepPrefix) + sha256_hex(resolved).substr(0, 16);
  std::string tail = std::move(comps.back());
  size_t tail_budget = std::min(limits.max_component_bytes, limits.max_path_bytes - mid.size() - 1);
  if (tail.size() > tail_budget) tail = shorten_component(tail, tail_budget);
  std::vector<std::string> out;
  size_t bytes = mid.size() + 1 + tail.size();
  for (size_t i = 0; i + 1 < comps.size(); ++i) {
    if (out.size() + 3 > limits.max_depth || bytes + comps[i].size() + 1 > limits.max_path_bytes) {
      break;
    }
    bytes += comps[i].size() + 1;
    out.push_back(std::move(comps[i]));
  }
  out.push_back(std::move(mid));
  out.push_back(std::move(tail));
  return out;
}

PathLimits clamp(const PathLimits& in) {
  PathLimits l = in;
  l.max_component_bytes = std::max<size_t>(l.max_component_bytes, 32);
  l.max_path_bytes = std::max<size_t>(l.max_path_bytes, 64);
  l.max_depth = std::max<size_t>(l.max_depth, 3);
  l.max_input_components = std::max<size_t>(l.max_input_components, 1);
  return l;
}

std::string normalize_posix(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = std::min(path.find('/', start), path.size());
    std::string_view seg = path.substr(start, end - start);
    if (seg == "..") {
      if (!out.empty() && out.back() != "..") {
        out.pop_back();
      } else {
        out.push_back(seg);
      }
    } else if (!seg.empty() && seg != ".") {
      out.push_back(seg);
    }
    start = end + 1;
  }
  std::string result;
  for (auto seg : out) {
    if (!result.empty()) result += '/';
    result += seg;
  }
  if (!result.empty() && path.back() == '/') result += '/';
  return result;
}

}  // namespace

std::string resolve_source(std::string_view source, std::optional<std::string_view> source_root,
                           std::string_view map_dir) {
  std::string joined;
  if (source_root && !source_root->empty()) {
    joined.assign(*source_root);
    if (!is_sep(joined.back())) joined += '/';
  }
  joined += source;
  if (scheme_length(joined) > 0 || is_drive(joined) || (!joined.empty() && is_sep(joined[0]))) {
    return joined;
  }
  std::string full(map_dir);
  if (!full.empty()) full += '/';
  full += joined;
  return normalize_posix(full);
}

Result<SafePath> sanitize_source_path(std::string_view resolved, Diagnostics& diags,
                                      const PathLimits& in_limits) {
  const PathLimits limits = clamp(in_limits);
  if (resolved.find('\0') != std::string_view::npos) {
    diags.error(ErrorCode::kSourceNameRejected, "contains NUL: " + display(resolved));
    return ErrorCode::kSourceNameRejected;
  }

  SafePath out;
  unsigned reasons = 0;
  RootKind kind = RootKind::kRelative;
  size_t ups = 0;
  std::vector<std::string> comps;

  if (starts_with_ci(resolved, "data:")) {
    // The URI is its own content; a name derived from it would be long and meaningless.
    kind = RootKind::kData;
    comps = {std::string(kMarkData), sha256_hex(resolved).substr(0, 16) + data_extension(resolved)};
  } else {
    size_t seps = static_cast<size_t>(std::count_if(resolved.begin(), resolved.end(), is_sep));
    if (seps >= limits.max_input_components) {
      diags.error(ErrorCode::kSourceNameRejected, std::to_string(seps + 1) + " components (limit " +
                                                      std::to_string(limits.max_input_components) +
                                                      "): " + display(resolved));
      return ErrorCode::kSourceNameRejected;
    }
    std::string_view rest = resolved;
    if (is_drive(resolved)) {
      kind = RootKind::kDrive;
      comps = {std::string(kMarkDrive), std::string(1, resolved[0])};
      rest = resolved.substr(2);
      if (rest.empty() || !is_sep(rest[0])) comps.emplace_back(kMarkRel);  // `C:x`: drive-relative
    } else if (resolved.size() >= 2 && is_sep(resolved[0]) && is_sep(resolved[1]) &&
               !(resolved[0] == '/' && resolved[1] == '/') &&
               (resolved.size() == 2 || !is_sep(resolved[2]))) {
      // `\\srv\share`, `\/srv`: UNC. Exactly two '/' is POSIX (implementation-defined) -> _abs.
      kind = RootKind::kUnc;
      comps = {std::string(kMarkUnc)};
      rest = resolved.substr(2);
      std::string_view first = rest.substr(0, std::min(rest.size(), rest.find_first_of("/\\")));
      if (first == "?" || first == ".") {  // `\\?\` (no parsing) and `\\.\` (device) namespaces
        comps.emplace_back(first == "?" ? kMarkQm : kMarkDot);
        rest.remove_prefix(first.size());
      }
    } else if (size_t n = scheme_length(resolved); n > 0) {
      std::string_view scheme = resolved.substr(0, n);
      kind = starts_with_ci(scheme, "file") && n == 4 ? RootKind::kFileUrl : RootKind::kUrl;
      comps = {safe_component(scheme, reasons)};
      rest = resolved.substr(n + 1);
      if (rest.size() >= 2 && is_sep(rest[0]) && is_sep(rest[1])) {
        rest.remove_prefix(2);
        size_t host_end = std::min(rest.size(), rest.find_first_of("/\\"));
        std::string_view host = rest.substr(0, host_end);
        comps.push_back(host.empty() ? std::string(kMarkEmpty) : safe_component(host, reasons));
        rest.remove_prefix(host_end);
      } else if (!rest.empty() && is_sep(rest[0])) {
        comps.emplace_back(kMarkAbs);  // `x:/p`: no authority, absolute path
      } else {
        comps.emplace_back(kMarkOpaque);  // `node:fs`, `about:blank`: no authority
      }
    } else if (!resolved.empty() && is_sep(resolved[0])) {
      kind = RootKind::kAbsolute;
      comps = {std::string(kMarkAbs)};
    }
    Split split = normalise(rest);
    ups = split.ups;
    comps.insert(comps.end(), ups, std::string(kMarkUp));
    for (auto name : split.names) comps.push_back(safe_component(name, reasons));
    if (split.names.empty()) comps.emplace_back(kMarkEmpty);
  }

  for (auto& c : comps) {
    if (c.size() > limits.max_component_bytes) {
      c = shorten_component(c, limits.max_component_bytes);
      out.shortened = true;
    }
  }
  if (comps.size() > limits.max_depth || joined_size(comps) > limits.max_path_bytes) {
    comps = collapse(std::move(comps), resolved, limits);
    out.shortened = true;
  }
  out.path = join(comps);
  out.escaped = reasons != 0;
  out.rerooted = kind != RootKind::kRelative || ups > 0;

  std::string arrow = display(resolved) + " -> " + display(out.path);
  if (out.rerooted) {
    bool climbs = kind == RootKind::kAbsolute || kind == RootKind::kDrive ||
                  kind == RootKind::kUnc || kind == RootKind::kFileUrl || ups > 0;
    diags.add(ErrorCode::kSourceRerooted, climbs ? Severity::kWarning : Severity::kInfo, arrow);
  }
  if (out.escaped) {
    std::string why;
    for (auto [bit, name] : kReasonNames) {
      if ((reasons & bit) == 0) continue;
      if (!why.empty()) why += ", ";
      why += name;
    }
    diags.warning(ErrorCode::kSourceNameEscaped, "(" + why + ") " + arrow);
  }
  if (out.shortened) diags.warning(ErrorCode::kSourceNameShortened, arrow);
  return out;
}

std::string collision_key(std::string_view safe_path) { return fold(safe_path); }

std::string with_collision_suffix(std::string_view safe_path, int n, const PathLimits& in_limits) {
  const PathLimits limits = clamp(in_limits);
  size_t slash = safe_path.rfind('/');
  std::string_view dir = slash == std::string_view::npos ? "" : safe_path.substr(0, slash + 1);
  std::string_view last = safe_path.substr(dir.size());
  size_t dot = last.rfind('.');
  if (dot == std::string_view::npos || dot == 0) dot = last.size();
  std::string_view stem = last.substr(0, dot);
  std::string_view ext = last.substr(dot);
  std::string tag(1, '~');
  tag += std::to_string(n);

  size_t room = limits.max_path_bytes > dir.size() ? limits.max_path_bytes - dir.size() : 0;
  size_t max_last = std::min(limits.max_component_bytes, room);
  if (tag.size() + ext.size() + 1 > max_last) {  // no room for the extension: suffix at the end
    stem = last;
    ext = {};
  }
  std::string name;
  for (size_t budget = max_last;; --budget) {
    size_t keep = budget > tag.size() + ext.size() ? budget - tag.size() - ext.size() : 0;
    name.assign(stem.substr(0, safe_cut(stem, keep)));
    name += tag;
    name += ext;
    if (is_dangerous(name)) name.insert(name.begin(), '_');  // `git` + `~2` reads as `git~2`
    if (name.size() <= max_last || keep == 0) break;
  }
  return std::string(dir) + name;
}

}  // namespace mapsleuth::reconstruct
