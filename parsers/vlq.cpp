#include "parsers/vlq.h"

namespace mapsleuth::parsers {

std::string_view vlq_status_name(VlqStatus s) noexcept {
  switch (s) {
    case VlqStatus::kOk:
      return "ok";
    case VlqStatus::kBadChar:
      return "bad-char";
    case VlqStatus::kOverflow:
      return "overflow";
    case VlqStatus::kDangling:
      return "dangling";
  }
  return "unknown";
}

namespace vlq_detail {

// ECMA-426 section 6.2 VLQUnsignedValue accumulates an unbounded integer and throws at >= 2^32. We
// accumulate in u64 and only shift digits that land below bit 35 (shift <= 30), so no shift is ever
// >= 64 (binaryen#8331 was UB from `digit << shift` with shift >= 32). Digits at shift >= 35 only
// matter when non-zero; zero ones are legal in any number (validMappingLargeVLQ), so the shift is
// capped instead of growing with the run length.
SlowResult decode_vlq_slow(const char* p, const char* end) noexcept {
  constexpr u64 kLimit = u64{1} << 32;
  constexpr int kLastShift = 30;  // bits 30..34: the last digit that can still be in range
  u64 acc = 0;
  int shift = 0;
  bool overflow = false;
  for (;;) {
    if (p == end) {
      return {p, 0, VlqStatus::kDangling};
    }
    const u8 d = kDigit[static_cast<u8>(*p)];
    if (d >= 64) {
      // A separator after a continuation digit ends the VLQ early (tokenize_mappings: "continuation
      // without terminal digit"); where a VLQ should start it is simply not a digit.
      return {p, 0, (d == kSeparator && shift > 0) ? VlqStatus::kDangling : VlqStatus::kBadChar};
    }
    const u64 bits = d & 31u;
    if (shift <= kLastShift) {
      acc |= bits << shift;
    } else if (bits != 0) {
      overflow = true;  // keep reading: a later bad char or dangling end is the error to report
    }
    ++p;
    if ((d & 32u) == 0) {
      break;
    }
    shift = shift <= kLastShift ? shift + 5 : kLastShift + 5;
  }
  if (overflow || acc >= kLimit) {
    return {p, 0, VlqStatus::kOverflow};
  }
  // Section 6.1 VLQSignedValue: acc < 2^32, so the magnitude acc >> 1 is < 2^31 and in range.
  const auto magnitude = static_cast<i64>(acc >> 1);
  i64 value = magnitude;
  if ((acc & 1u) != 0) {
    value = magnitude == 0 ? -(i64{1} << 31) : -magnitude;
  }
  return {p, value, VlqStatus::kOk};
}

}  // namespace vlq_detail

void encode_vlq(i64 value, std::string& out) {
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  u64 u = 0;
  if (value == -(i64{1} << 31)) {
    u = 1;  // section 6.1: "-0" is -2^31
  } else if (value < 0) {
    u = ((u64{0} - static_cast<u64>(value)) << 1) | 1u;  // unsigned: no UB for any value
  } else {
    u = static_cast<u64>(value) << 1;
  }
  do {
    u64 digit = u & 31u;
    u >>= 5;
    if (u != 0) {
      digit |= 32u;
    }
    out += kAlphabet[digit];
  } while (u != 0);
}

}  // namespace mapsleuth::parsers
