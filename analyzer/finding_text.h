// How a finding is shown, identified and located (docs/rules.md "Redaction", "Fingerprint",
// "Positions"): the redacted display text, the fingerprint, the entropy test, and byte offsets
// turned into 1-based lines and code-point columns. Pure functions of their arguments.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/types.h"

namespace mapsleuth::analyzer {

/// Bytes of text kept on each side of a redacted value, and at most in a shown match.
inline constexpr u64 kContextBytes = 48;
inline constexpr u64 kMaxShownBytes = 200;
/// U+2026 HORIZONTAL ELLIPSIS in UTF-8: marks cut or redacted text.
inline constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

/// Shannon entropy of `bytes` in bits per byte (0 for empty text, at most 8).
double shannon_entropy(std::string_view bytes) noexcept;

/// `AKIA<U+2026>(20 chars)`: the first min(4, n / 4) code points of a value of n code points,
/// U+2026 and n. A value of fewer than 4 code points shows none of them; at most 16 bytes are
/// ever shown, whatever the bytes (stray UTF-8 continuation bytes count towards that ceiling).
std::string redact_secret(std::string_view value);

/// First 16 hex digits of SHA-256(rule NUL source NUL value).
std::string finding_fingerprint(std::string_view rule, std::string_view source,
                                std::string_view value);

/// Code points of UTF-8 text: the bytes that are not continuation bytes (10xxxxxx).
u64 count_code_points(std::string_view s) noexcept;

/// Whether `hay` contains `lower_needle` (already lower case), ignoring ASCII case.
bool contains_icase(std::string_view hay, std::string_view lower_needle) noexcept;

/// `s` cut to at most `max` bytes at a UTF-8 boundary, with U+2026 appended when cut.
std::string clip(std::string_view s, size_t max);

/// What a report shows of `match` whose value is [vfrom, vfrom + vlen): with `redact`, the value
/// is replaced by redact_secret(value) and the text around it cut to kContextBytes each side;
/// without, the match clipped to kMaxShownBytes.
std::string shown_text(std::string_view match, size_t vfrom, size_t vlen, bool redact);

/// text[from, to) clipped to kMaxShownBytes, each of the `hidden` ranges (text offsets, sorted
/// by start, possibly overlapping) replaced by U+2026 and "(N bytes hidden)".
std::string masked_text(std::string_view text, u64 from, u64 to,
                        const std::vector<std::pair<u64, u64>>& hidden);

struct TextPosition {
  u64 line = 1;    ///< 1-based; lines end at '\n' only ("\r\n" is one end, a lone '\r' none)
  u64 column = 1;  ///< 1-based, in code points (see count_code_points)
};

/// Turns byte offsets into positions walking forward once over the text, however many offsets:
/// each call must pass an offset not smaller than the previous one (and at most text.size()).
class LineLocator {
 public:
  explicit LineLocator(std::string_view text) : text_(text) {}
  TextPosition at(u64 offset);

 private:
  std::string_view text_;
  u64 pos_ = 0;
  TextPosition here_;
};

}  // namespace mapsleuth::analyzer
