// Tests for parsers/vlq.cpp: Base64 VLQ (ECMA-426 section 6), checked against the rules of
// reference_cli.py vlq_signed / tokenize_mappings.
#include "parsers/vlq.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

namespace mapsleuth::parsers {
namespace {

constexpr i64 kMin = -(i64{1} << 31);
constexpr i64 kMax = (i64{1} << 31) - 1;
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

struct Decoded {
  VlqStatus status;
  i64 value;
  size_t consumed;  // bytes p moved
};

Decoded decode(std::string_view s) {
  const char* p = s.data();
  i64 value = 0;
  const VlqStatus status = decode_vlq(p, s.data() + s.size(), value);
  return {status, value, static_cast<size_t>(p - s.data())};
}

std::string encode(i64 v) {
  std::string s;
  encode_vlq(v, s);
  return s;
}

TEST(VlqTest, RoundTripsEveryExtreme) {
  for (i64 v : {i64{0}, i64{1}, i64{-1}, i64{15}, i64{-15}, i64{16}, i64{-16}, i64{31}, i64{-31},
                i64{32}, i64{-32}, i64{511}, i64{512}, i64{-512}, kMax, -kMax, kMin}) {
    const std::string s = encode(v);
    const Decoded d = decode(s);
    EXPECT_EQ(d.status, VlqStatus::kOk) << v;
    EXPECT_EQ(d.value, v) << s;
    EXPECT_EQ(d.consumed, s.size()) << s;
  }
}

TEST(VlqTest, EncodesKnownDigitStrings) {
  EXPECT_EQ(encode(0), "A");
  EXPECT_EQ(encode(1), "C");
  EXPECT_EQ(encode(-1), "D");
  EXPECT_EQ(encode(15), "e");
  EXPECT_EQ(encode(-15), "f");
  EXPECT_EQ(encode(16), "gB");
  EXPECT_EQ(encode(-16), "hB");
  EXPECT_EQ(encode(kMax), "+/////D");  // valid-mapping-boundary-values.js.map
  EXPECT_EQ(encode(-kMax), "//////D");
  EXPECT_EQ(encode(kMin), "B");  // ECMA-426 section 6.1: "-0" is -2^31
}

TEST(VlqTest, MinusZeroDecodesAsMinusTwoToThe31) {
  EXPECT_EQ(decode("B").value, kMin);
  // A long "-0" with zero continuation digits is still -2^31.
  EXPECT_EQ(decode("hggggggA").value, kMin);
}

// ECMA-426 sections 6.1/6.2 spelled out, for checking the fast paths.
i64 spec_value(u64 unsigned_value) {
  const auto magnitude = static_cast<i64>(unsigned_value >> 1);
  if ((unsigned_value & 1) == 0) {
    return magnitude;
  }
  return magnitude == 0 ? kMin : -magnitude;
}

TEST(VlqTest, OneAndTwoDigitFastPathsMatchSlowPath) {
  for (size_t d = 0; d < 32; ++d) {
    const std::string one(1, kAlphabet[d]);
    // The same value with one or two zero continuation digits: the two-digit fast path, then the
    // general (slow) path.
    const std::string two = std::string(1, kAlphabet[d | 32]) + "A";
    const std::string three = std::string(1, kAlphabet[d | 32]) + "gA";
    const Decoded a = decode(one);
    const Decoded b = decode(two);
    const Decoded c = decode(three);
    ASSERT_EQ(a.status, VlqStatus::kOk);
    ASSERT_EQ(b.status, VlqStatus::kOk);
    ASSERT_EQ(c.status, VlqStatus::kOk);
    EXPECT_EQ(a.value, spec_value(d)) << one;
    EXPECT_EQ(b.value, a.value) << two;  // "hA" is a long "-0"
    EXPECT_EQ(c.value, a.value) << three;
    EXPECT_EQ(a.consumed, 1u);
    EXPECT_EQ(b.consumed, 2u);
    EXPECT_EQ(c.consumed, 3u);
  }
}

TEST(VlqTest, EveryTwoDigitVlqMatchesSpec) {
  for (size_t d0 = 32; d0 < 64; ++d0) {
    for (size_t d1 = 0; d1 < 32; ++d1) {
      const std::string s = {kAlphabet[d0], kAlphabet[d1]};
      const Decoded d = decode(s);
      ASSERT_EQ(d.status, VlqStatus::kOk) << s;
      EXPECT_EQ(d.value, spec_value((d0 & 31) | (d1 << 5))) << s;
      EXPECT_EQ(d.consumed, 2u) << s;
    }
  }
}

TEST(VlqTest, UnsignedTwoToThe32MinusOneIsInRange) {
  const Decoded d = decode("//////D");  // 0xFFFFFFFF: magnitude 2^31-1, negative
  EXPECT_EQ(d.status, VlqStatus::kOk);
  EXPECT_EQ(d.value, -kMax);
}

TEST(VlqTest, RejectsUnsignedTwoToThe32) {
  // invalid-mapping-segment-column-too-large.js.map: 4 << 30 == 2^32.
  const Decoded d = decode("ggggggE");
  EXPECT_EQ(d.status, VlqStatus::kOverflow);
  EXPECT_EQ(d.consumed, 7u);  // overflow consumes the whole VLQ
  EXPECT_EQ(decode(encode(kMax + 1)).status, VlqStatus::kOverflow);
  EXPECT_EQ(decode(encode(kMin - 1)).status, VlqStatus::kOverflow);
}

TEST(VlqTest, RejectsContinuationPast32Bits) {
  // Eighth digit lands at bit 35: any non-zero value there overflows.
  EXPECT_EQ(decode("gggggggB").status, VlqStatus::kOverflow);
  EXPECT_EQ(decode("ggggggggggggB").status, VlqStatus::kOverflow);
  // A non-zero digit deep inside a zero run overflows too, even with a zero terminal.
  EXPECT_EQ(decode("ggggggggggggggggggggghggA").status, VlqStatus::kOverflow);
}

TEST(VlqTest, AcceptsZeroContinuationDigitsPast32Bits) {
  const Decoded d = decode("iggggggA");  // 8 digits, value 1
  EXPECT_EQ(d.status, VlqStatus::kOk);
  EXPECT_EQ(d.value, 1);
  EXPECT_EQ(d.consumed, 8u);
}

TEST(VlqTest, DecodesMegabyteContinuationRunInLinearTime) {
  std::string s = "i" + std::string(1 << 20, 'g') + "A";
  const Decoded d = decode(s);
  EXPECT_EQ(d.status, VlqStatus::kOk);
  EXPECT_EQ(d.value, 1);
  EXPECT_EQ(d.consumed, s.size());
}

TEST(VlqTest, UnterminatedMegabyteRunIsDangling) {
  std::string s = "i" + std::string(1 << 20, 'g');
  const Decoded d = decode(s);
  EXPECT_EQ(d.status, VlqStatus::kDangling);
  EXPECT_EQ(d.consumed, s.size());  // p at end
}

TEST(VlqTest, EmptyInputIsDangling) {
  const Decoded d = decode("");
  EXPECT_EQ(d.status, VlqStatus::kDangling);
  EXPECT_EQ(d.consumed, 0u);
}

TEST(VlqTest, SeparatorAfterContinuationIsDangling) {
  for (std::string_view s : {"g,", "g;", "gggg;A"}) {
    const Decoded d = decode(s);
    EXPECT_EQ(d.status, VlqStatus::kDangling) << s;
    EXPECT_EQ(d.consumed, s.find_first_of(",;")) << s;
  }
}

TEST(VlqTest, SeparatorWhereVlqStartsIsBadChar) {
  EXPECT_EQ(decode(",").status, VlqStatus::kBadChar);
  EXPECT_EQ(decode(";").consumed, 0u);
}

TEST(VlqTest, RejectsEveryNonBase64Byte) {
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    if (kAlphabet.find(c) != std::string_view::npos) {
      continue;
    }
    const std::string first(1, c);
    const Decoded a = decode(first);
    EXPECT_EQ(a.status, VlqStatus::kBadChar) << b;
    EXPECT_EQ(a.consumed, 0u) << b;
    // After a continuation digit: p stops at the byte. Separators make it dangling instead.
    const std::string second = std::string("g") + c + "A";
    const Decoded d = decode(second);
    const bool sep = c == ',' || c == ';';
    EXPECT_EQ(d.status, sep ? VlqStatus::kDangling : VlqStatus::kBadChar) << b;
    EXPECT_EQ(d.consumed, 1u) << b;
  }
}

TEST(VlqTest, PaddingEqualsSignIsBadChar) {
  const Decoded d = decode("gB=");
  EXPECT_EQ(d.status, VlqStatus::kOk);  // the VLQ ends before '='
  EXPECT_EQ(decode("=").status, VlqStatus::kBadChar);
  EXPECT_EQ(decode("g=").status, VlqStatus::kBadChar);
}

TEST(VlqTest, GrammarErrorWinsOverOverflow) {
  // The spec tokenizes before it evaluates values: a bad byte or missing terminal digit after
  // overflowing digits is the error to report.
  EXPECT_EQ(decode("gggggggg!").status, VlqStatus::kBadChar);
  EXPECT_EQ(decode("gggggggg").status, VlqStatus::kDangling);
}

TEST(VlqTest, LeavesBytesAfterTheVlq) {
  const Decoded d = decode("gBAAA");
  EXPECT_EQ(d.value, 16);
  EXPECT_EQ(d.consumed, 2u);
}

TEST(VlqTest, RandomValuesRoundTrip) {
  std::mt19937_64 rng(426);
  std::uniform_int_distribution<i64> dist(kMin, kMax);
  std::string s;
  std::vector<i64> values;
  for (int i = 0; i < 100000; ++i) {
    const i64 v = (i % 3 == 0) ? dist(rng) >> (rng() % 31) : dist(rng);
    values.push_back(v);
    encode_vlq(v, s);
  }
  const char* p = s.data();
  const char* end = s.data() + s.size();
  for (i64 expected : values) {
    i64 v = 0;
    ASSERT_EQ(decode_vlq(p, end, v), VlqStatus::kOk);
    ASSERT_EQ(v, expected);
  }
  EXPECT_EQ(p, end);
}

TEST(VlqTest, StatusNamesAreStable) {
  EXPECT_EQ(vlq_status_name(VlqStatus::kOk), "ok");
  EXPECT_EQ(vlq_status_name(VlqStatus::kBadChar), "bad-char");
  EXPECT_EQ(vlq_status_name(VlqStatus::kOverflow), "overflow");
  EXPECT_EQ(vlq_status_name(VlqStatus::kDangling), "dangling");
}

}  // namespace
}  // namespace mapsleuth::parsers
