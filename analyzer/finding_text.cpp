#include "analyzer/finding_text.h"

#include <algorithm>
#include <cmath>

#include "reconstruct/sha256.h"

namespace mapsleuth::analyzer {
namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The first `max` bytes of `s`, cut back to a UTF-8 boundary.
std::string_view head(std::string_view s, size_t max) {
  if (s.size() <= max) {
    return s;
  }
  size_t cut = max;
  for (int i = 0; i < 3 && cut > 0 && is_continuation(s[cut]); ++i) {
    --cut;
  }
  return s.substr(0, cut);
}

// The last `max` bytes of `s`, cut forward to a UTF-8 boundary.
std::string_view tail(std::string_view s, size_t max) {
  if (s.size() <= max) {
    return s;
  }
  size_t cut = s.size() - max;
  for (int i = 0; i < 3 && cut < s.size() && is_continuation(s[cut]); ++i) {
    ++cut;
  }
  return s.substr(cut);
}

}  // namespace

double shannon_entropy(std::string_view bytes) noexcept {
  if (bytes.empty()) {
    return 0;
  }
  u64 counts[256] = {};
  for (char c : bytes) {
    ++counts[static_cast<unsigned char>(c)];
  }
  double h = 0;
  const auto n = static_cast<double>(bytes.size());
  for (u64 k : counts) {
    if (k == 0) {
      continue;
    }
    const double p = static_cast<double>(k) / n;
    h -= p * std::log2(p);
  }
  return h;
}

std::string redact_secret(std::string_view value) {
  const u64 n = count_code_points(value);
  const u64 shown = std::min<u64>(4, n / 4);
  // The bytes of the first `shown` code points, never more than 16.
  size_t bytes = 0;
  for (u64 seen = 0; shown > 0 && bytes < value.size() && bytes < 16; ++bytes) {
    if (!is_continuation(value[bytes]) && seen++ == shown) {
      break;
    }
  }
  std::string out(value.substr(0, bytes));
  out += kEllipsis;
  out += "(" + std::to_string(n) + (n == 1 ? " char)" : " chars)");
  return out;
}

std::string finding_fingerprint(std::string_view rule, std::string_view source,
                                std::string_view value) {
  std::string input;
  input.reserve(rule.size() + source.size() + value.size() + 2);
  input += rule;
  input += '\0';
  input += source;
  input += '\0';
  input += value;
  return reconstruct::sha256_hex(input).substr(0, 16);
}

// PERF: the column count of LineLocator, which a long minified line makes the hot part; a
// branch-free count the compiler vectorises (findings_bench BM_ScanMinified).
u64 count_code_points(std::string_view s) noexcept {
  u64 n = 0;
  for (char c : s) {
    n += is_continuation(c) ? 0 : 1;
  }
  return n;
}

bool contains_icase(std::string_view hay, std::string_view lower_needle) noexcept {
  auto lower = [](unsigned char c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; };
  if (lower_needle.size() > hay.size()) {
    return false;
  }
  for (size_t i = 0; i + lower_needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < lower_needle.size() && lower(static_cast<unsigned char>(hay[i + k])) ==
                                          static_cast<unsigned char>(lower_needle[k])) {
      ++k;
    }
    if (k == lower_needle.size()) {
      return true;
    }
  }
  return false;
}

std::string clip(std::string_view s, size_t max) {
  std::string out(head(s, max));
  if (out.size() < s.size()) {
    out += kEllipsis;
  }
  return out;
}

std::string shown_text(std::string_view match, size_t vfrom, size_t vlen, bool redact) {
  if (!redact) {
    return clip(match, kMaxShownBytes);
  }
  const std::string_view before = match.substr(0, vfrom);
  const std::string_view after = match.substr(vfrom + vlen);
  std::string out;
  if (before.size() > kContextBytes) {
    out += kEllipsis;
  }
  out += tail(before, kContextBytes);
  out += redact_secret(match.substr(vfrom, vlen));
  out += head(after, kContextBytes);
  if (after.size() > kContextBytes) {
    out += kEllipsis;
  }
  return out;
}

std::string masked_text(std::string_view text, u64 from, u64 to,
                        const std::vector<std::pair<u64, u64>>& hidden) {
  std::string shown;
  u64 at = from;
  for (auto [lo, hi] : hidden) {
    lo = std::clamp(lo, at, to);
    hi = std::min(hi, to);
    if (hi <= lo) {
      continue;
    }
    shown += text.substr(at, lo - at);
    shown += kEllipsis;
    shown += "(" + std::to_string(hi - lo) + " bytes hidden)";
    at = hi;
  }
  shown += text.substr(at, to - at);
  return clip(shown, kMaxShownBytes);
}

TextPosition LineLocator::at(u64 offset) {
  offset = std::clamp<u64>(offset, pos_, text_.size());
  const std::string_view gap = text_.substr(pos_, offset - pos_);
  const size_t last_newline = gap.rfind('\n');
  if (last_newline == std::string_view::npos) {
    here_.column += count_code_points(gap);
  } else {
    here_.line += static_cast<u64>(std::count(gap.begin(), gap.end(), '\n'));
    here_.column = 1 + count_code_points(gap.substr(last_newline + 1));
  }
  pos_ = offset;
  return here_;
}

}  // namespace mapsleuth::analyzer
