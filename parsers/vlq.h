// Base64 VLQ (ECMA-426 section 6): the integer encoding inside `mappings`.
//
// A VLQ is a run of base64 digits, little-endian groups of 5 bits; bit 5 of a digit (values 32-63,
// 'g'-'/') means "another digit follows". Bit 0 of the accumulated unsigned value is the sign
// (section 6.1). The valid range is [-2^31, 2^31 - 1]; the unsigned form must stay below 2^32
// (section 6.2), and "-0" (unsigned 1, the digit 'B') means -2^31.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "parsers/types.h"

namespace mapsleuth::parsers {

enum class VlqStatus : u8 {
  kOk,        ///< one VLQ decoded; p is past its terminal digit
  kBadChar,   ///< p points at a byte that is not a base64 digit (or a separator where a VLQ starts)
  kOverflow,  ///< well-formed but outside 32 bits (ECMA-426 "throw"); p is past the terminal digit
  kDangling,  ///< input, ',' or ';' came before a terminal digit; p points at that end or separator
};

std::string_view vlq_status_name(VlqStatus s) noexcept;

namespace vlq_detail {

/// kDigit[byte]: 0-63 for the base64 alphabet (bit 5 = continuation), kSeparator for the `mappings`
/// separators ',' and ';', kInvalid for every other byte (ecma426.md section 2.4 recipe).
inline constexpr u8 kSeparator = 64;
inline constexpr u8 kInvalid = 128;

constexpr std::array<u8, 256> make_digit_table() {
  std::array<u8, 256> t{};
  for (auto& v : t) {
    v = kInvalid;
  }
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < kAlphabet.size(); ++i) {
    t[static_cast<u8>(kAlphabet[i])] = static_cast<u8>(i);
  }
  t[static_cast<u8>(',')] = kSeparator;
  t[static_cast<u8>(';')] = kSeparator;
  return t;
}
inline constexpr std::array<u8, 256> kDigit = make_digit_table();

/// kSingle[byte]: the signed value of a VLQ made of just this byte when it is a terminal digit
/// (section 6.1, "-0" = -2^31), else kNotSingle. 78-84 % of the values in real maps are one digit
/// (ecma426.md section 3.7); one load instead of kDigit then a value table.
inline constexpr i32 kNotSingle = 0x7fffffff;  // no single digit decodes to 2^31 - 1

constexpr std::array<i32, 256> make_single_table() {
  std::array<i32, 256> t{};
  for (size_t b = 0; b < 256; ++b) {
    const i32 d = kDigit[b];
    if (d >= 32) {
      t[b] = kNotSingle;
    } else if (d == 1) {
      t[b] = -2147483647 - 1;
    } else {
      t[b] = (d & 1) ? -(d >> 1) : (d >> 1);
    }
  }
  return t;
}
inline constexpr std::array<i32, 256> kSingle = make_single_table();

struct SlowResult {
  const char* next;  ///< where decode_vlq leaves p
  i64 value;         ///< 0 unless kOk
  VlqStatus status;
};

/// Every case the one-digit fast path does not take: multi-digit values and all errors. Takes and
/// returns by value so that the caller's cursor and values never have their address taken: with
/// `const char*&` GCC kept them in memory and the hot loop hit store-forwarding stalls.
SlowResult decode_vlq_slow(const char* p, const char* end) noexcept;

}  // namespace vlq_detail

/// True for the two `mappings` separators (ECMA-426 section 9.2.1 grammar).
inline bool is_mappings_separator(char c) noexcept {
  return vlq_detail::kDigit[static_cast<u8>(c)] == vlq_detail::kSeparator;
}

/// Decodes one VLQ starting at p (ECMA-426 section 6). On kOk `value` is in [-2^31, 2^31 - 1] and p
/// is past the VLQ. Zero-valued continuation digits are legal in any number (a 1 MB run of 'g' then
/// 'A' is 0, decoded in linear time); only a non-zero digit at bit >= 32 or an unsigned value
/// >= 2^32 overflows. Grammar problems win over overflow: a VLQ is read to its end before kOverflow
/// is returned. Never shifts by 32 or more. `value` is unspecified unless kOk.
inline VlqStatus decode_vlq(const char*& p, const char* end, i64& value) noexcept {
  if (p != end) [[likely]] {
    const i32 single = vlq_detail::kSingle[static_cast<u8>(*p)];
    if (single != vlq_detail::kNotSingle) [[likely]] {
      value = single;
      ++p;
      return VlqStatus::kOk;
    }
    // Two digits (most of the rest, ecma426.md section 3.7): at most 10 bits, no range check.
    const u32 d0 = vlq_detail::kDigit[static_cast<u8>(*p)];
    if (d0 >= 32 && d0 < 64 && end - p >= 2) {
      const u32 d1 = vlq_detail::kDigit[static_cast<u8>(p[1])];
      if (d1 < 32) {
        const u32 u = (d0 & 31u) | (d1 << 5);
        const auto magnitude = static_cast<i64>(u >> 1);
        if ((u & 1u) == 0) {
          value = magnitude;
        } else {
          value = magnitude == 0 ? -(i64{1} << 31) : -magnitude;  // "hA" is a long "-0"
        }
        p += 2;
        return VlqStatus::kOk;
      }
    }
  }
  const vlq_detail::SlowResult r = vlq_detail::decode_vlq_slow(p, end);
  p = r.next;
  value = r.value;
  return r.status;
}

/// Appends the VLQ of `value` (section 6, shortest form; -2^31 is written as "-0", i.e. "B").
/// Meant for tests and goldens. Values with |value| >= 2^31 (|value| < 2^62) are written with the
/// same rule, which yields a VLQ that decode_vlq rejects as kOverflow: tests use that.
void encode_vlq(i64 value, std::string& out);

}  // namespace mapsleuth::parsers
