// Tests parsers/data_uri.cpp: the WHATWG fetch data: URL processor and forgiving-base64 decode,
// plus the diagnostics a forensic report needs (offsets, escaped characters, limits).
#include "parsers/data_uri.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "parsers/mapping_url.h"

namespace mapsleuth::parsers {
namespace {

constexpr u64 kNoLimit = u64{1} << 40;
constexpr std::string_view kVersion3 = R"({"version":3})";

struct Decoded {
  Result<DataUri> result;
  Diagnostics diags;
};

Decoded decode(std::string_view url, u64 max_bytes = kNoLimit, i64 url_offset = 0) {
  Diagnostics diags;
  Result<DataUri> r = decode_data_uri(url, diags, max_bytes, url_offset);
  return {std::move(r), std::move(diags)};
}

// The decoded bytes of a URI that must decode without any diagnostic.
std::string clean_bytes(std::string_view url) {
  Decoded d = decode(url);
  EXPECT_TRUE(d.result.ok()) << url;
  EXPECT_TRUE(d.diags.empty()) << url << ": "
                               << (d.diags.empty() ? "" : d.diags.items()[0].message);
  return d.result.ok() ? d.result.value().bytes : std::string("<error>");
}

TEST(DataUriTest, RecognisesTheScheme) {
  EXPECT_TRUE(is_data_uri("data:,"));
  EXPECT_TRUE(is_data_uri("DATA:application/json,{}"));
  EXPECT_TRUE(is_data_uri("Data:x"));
  EXPECT_FALSE(is_data_uri("data"));
  EXPECT_FALSE(is_data_uri(" data:,"));
  EXPECT_FALSE(is_data_uri("app.js.map"));
  EXPECT_FALSE(is_data_uri(""));
}

TEST(DataUriTest, Base64WithAndWithoutPadding) {
  EXPECT_EQ(clean_bytes("data:application/json;base64,eyJ2ZXJzaW9uIjozfQ=="), kVersion3);
  EXPECT_EQ(clean_bytes("data:application/json;base64,eyJ2ZXJzaW9uIjozfQ"), kVersion3);
  EXPECT_EQ(clean_bytes("data:application/json;base64,YWI="), "ab");
  EXPECT_EQ(clean_bytes("data:application/json;base64,YWI"), "ab");
  EXPECT_EQ(clean_bytes("data:application/json;base64,YWJj"), "abc");
  EXPECT_EQ(clean_bytes("data:application/json;base64,"), "");
}

TEST(DataUriTest, RecordsMediaTypeAndCharset) {
  Decoded d = decode("data:Application/JSON;charset=utf-8;base64,eyJ2ZXJzaW9uIjozfQ==");
  ASSERT_TRUE(d.result.ok());
  EXPECT_EQ(d.result.value().media_type, "application/json");
  EXPECT_EQ(d.result.value().charset, "utf-8");
  EXPECT_TRUE(d.result.value().base64);
  EXPECT_TRUE(d.diags.empty());
  // Quoted values, and the first charset wins.
  Decoded q = decode("data:application/json;charset=\"UTF-8\";charset=latin1,{}");
  ASSERT_TRUE(q.result.ok());
  EXPECT_EQ(q.result.value().charset, "UTF-8");
  EXPECT_FALSE(q.result.value().base64);
}

TEST(DataUriTest, Base64MarkerIsCaseInsensitiveAndSpaceTolerant) {
  EXPECT_EQ(clean_bytes("data:application/json;BASE64,YWI="), "ab");
  EXPECT_EQ(clean_bytes("data:application/json; base64,YWI="), "ab");
  EXPECT_EQ(clean_bytes("data:application/json;base64 ,YWI="), "ab");  // trailing space trimmed
}

TEST(DataUriTest, Base64IgnoresAsciiWhitespace) {
  EXPECT_EQ(clean_bytes("data:application/json;base64, eyJ2ZXJz\taW9u\nIjoz\ffQ\r= ="), kVersion3);
  // A percent-encoded space is decoded first, then ignored by base64 (fetch decodes, then base64s).
  EXPECT_EQ(clean_bytes("data:application/json;base64,YW%20I%3D"), "ab");
}

TEST(DataUriTest, Base64ForgivingRules) {
  struct Case {
    std::string_view body;
    std::optional<std::string_view> bytes;  // nullopt: must fail
  };
  // The forgiving-base64 decode rules of WHATWG Infra, case by case.
  const Case cases[] = {
      {"", ""},
      {"abcd", "i\xB7\x1D"},
      {"ab", "i"},
      {"abc", "i\xB7"},
      {"a", {}},
      {"abcde", {}},
      {"=", {}},
      {"==", {}},
      {"ab=", {}},
      {"ab==", "i"},
      {"ab===", {}},
      {"abc=", "i\xB7"},
      {"abc==", {}},
      {"abcd=", {}},
      {"a===", {}},
      {"====", {}},
      {"=a", {}},
      {"a=b", {}},
      {"ab=c", {}},
      {"abc=d=", {}},
      {"/A", "\xFC"},
      {"//A", "\xFF\xF0"},
      {"////A", {}},
      {"A/", "\x03"},
      {"AA/", std::string_view("\x00\x0F", 2)},
      {"ab= =", "i"},
  };
  for (const Case& c : cases) {
    const std::string url = "data:application/json;base64," + std::string(c.body);
    Decoded d = decode(url);
    if (c.bytes) {
      ASSERT_TRUE(d.result.ok()) << c.body;
      EXPECT_EQ(d.result.value().bytes, std::string(*c.bytes)) << c.body;
    } else {
      EXPECT_EQ(d.result.error(), ErrorCode::kDataUriBase64) << c.body;
      EXPECT_TRUE(d.diags.has(ErrorCode::kDataUriBase64)) << c.body;
    }
  }
}

TEST(DataUriTest, BadBase64CharacterNamesOffsetAndEscapedCharacter) {
  //                   0         1         2         3
  //                   0123456789012345678901234567890123
  const std::string url = "data:application/json;base64,eyJ2!ZXJz";
  Decoded d = decode(url, kNoLimit, 1000);
  EXPECT_EQ(d.result.error(), ErrorCode::kDataUriBase64);
  ASSERT_EQ(d.diags.size(), 1u);
  const Diagnostic& diag = d.diags.items()[0];
  EXPECT_EQ(diag.severity, Severity::kError);
  EXPECT_EQ(diag.byte_offset, 1000 + 33);
  EXPECT_EQ(diag.message, "invalid base64 in data: URI: character '!' at URI byte 33");

  Decoded ctrl =
      decode(std::string("data:application/json;base64,ab\x01"
                         "c",
                         33));
  ASSERT_EQ(ctrl.diags.size(), 1u);
  EXPECT_NE(ctrl.diags.items()[0].message.find("'\\x01' at URI byte 31"), std::string::npos)
      << ctrl.diags.items()[0].message;
  Decoded high = decode("data:application/json;base64,ab\xC3\xA9");
  ASSERT_EQ(high.diags.size(), 1u);
  EXPECT_NE(high.diags.items()[0].message.find("'\\xc3'"), std::string::npos);
  // A '%' that is not an escape reaches base64 as itself.
  Decoded pct = decode("data:application/json;base64,ab%zz");
  EXPECT_EQ(pct.result.error(), ErrorCode::kDataUriBase64);
}

TEST(DataUriTest, UrlSafeAlphabetIsAnErrorThatSaysSo) {
  for (const char* url :
       {"data:application/json;base64,ab-c", "data:application/json;base64,ab_c"}) {
    Decoded d = decode(url);
    EXPECT_EQ(d.result.error(), ErrorCode::kDataUriBase64) << url;
    ASSERT_EQ(d.diags.size(), 1u);
    EXPECT_NE(d.diags.items()[0].message.find("URL-safe base64 alphabet"), std::string::npos)
        << d.diags.items()[0].message;
    EXPECT_EQ(d.diags.items()[0].byte_offset, 31);
  }
}

TEST(DataUriTest, PaddingAndLengthErrorsSayWhy) {
  Decoded pad = decode("data:application/json;base64,ab=");
  ASSERT_EQ(pad.diags.size(), 1u);
  EXPECT_EQ(pad.diags.items()[0].byte_offset, 31);
  EXPECT_NE(pad.diags.items()[0].message.find("do not complete a 4-character group"),
            std::string::npos);
  Decoded after = decode("data:application/json;base64,ab==cd");
  ASSERT_EQ(after.diags.size(), 1u);
  EXPECT_NE(after.diags.items()[0].message.find("follows '=' padding"), std::string::npos);
  Decoded dangling = decode("data:application/json;base64,abcde");
  ASSERT_EQ(dangling.diags.size(), 1u);
  EXPECT_NE(dangling.diags.items()[0].message.find("length % 4 == 1"), std::string::npos);
}

TEST(DataUriTest, PercentEncodedJson) {
  Decoded d = decode("data:application/json;charset=utf-8,%7B%22version%22%3A3%7D");
  ASSERT_TRUE(d.result.ok());
  EXPECT_EQ(d.result.value().bytes, kVersion3);
  EXPECT_FALSE(d.result.value().base64);
  EXPECT_EQ(d.result.value().charset, "utf-8");
  EXPECT_TRUE(d.diags.empty());
  // Raw JSON needs no escapes; bytes of any value pass through; lower-case hex works.
  EXPECT_EQ(clean_bytes(R"(data:application/json,{"version":3})"), kVersion3);
  EXPECT_EQ(clean_bytes("data:application/json,%ff%C3%A9"), "\xFF\xC3\xA9");
}

TEST(DataUriTest, MalformedPercentIsKeptLiterallyWithOneWarning) {
  Decoded d = decode("data:application/json,%7B%ZZ%4", kNoLimit, 50);
  ASSERT_TRUE(d.result.ok());
  EXPECT_EQ(d.result.value().bytes, "{%ZZ%4");
  ASSERT_EQ(d.diags.size(), 1u);
  const Diagnostic& diag = d.diags.items()[0];
  EXPECT_EQ(diag.code, ErrorCode::kDataUriPercent);
  EXPECT_EQ(diag.severity, Severity::kWarning);
  EXPECT_EQ(diag.byte_offset, 50 + 25);
  EXPECT_NE(diag.message.find("(1 more)"), std::string::npos) << diag.message;
  EXPECT_EQ(clean_bytes("data:application/json,100%25"), "100%");
}

TEST(DataUriTest, TabsAndNewlinesAreRemovedAsTheUrlParserDoes) {
  EXPECT_EQ(clean_bytes("data:application/\njson,{\"a\":\t1}\r\n"), "{\"a\":1}");
  EXPECT_EQ(clean_bytes("data:application/json,%7\n"
                        "B"),
            "{");  // even inside an escape
}

TEST(DataUriTest, MissingCommaIsMalformed) {
  Decoded d = decode("data:application/json;base64");
  EXPECT_EQ(d.result.error(), ErrorCode::kDataUriMalformed);
  ASSERT_EQ(d.diags.size(), 1u);
  EXPECT_EQ(d.diags.items()[0].severity, Severity::kError);
  EXPECT_EQ(decode("data:").result.error(), ErrorCode::kDataUriMalformed);
  // A ',' only in the fragment does not count.
  EXPECT_EQ(decode("data:application/json#,{}").result.error(), ErrorCode::kDataUriMalformed);
}

TEST(DataUriTest, NotADataUriIsMalformed) {
  Decoded d = decode("app.js.map");
  EXPECT_EQ(d.result.error(), ErrorCode::kDataUriMalformed);
  EXPECT_TRUE(d.diags.has(ErrorCode::kDataUriMalformed));
}

TEST(DataUriTest, FragmentIsDroppedWithAWarning) {
  Decoded d = decode("data:application/json,{\"a\":\"#x\"}");
  ASSERT_TRUE(d.result.ok());
  EXPECT_EQ(d.result.value().bytes, "{\"a\":\"");
  ASSERT_EQ(d.diags.size(), 1u);
  EXPECT_EQ(d.diags.items()[0].code, ErrorCode::kDataUriFragment);
  EXPECT_EQ(d.diags.items()[0].byte_offset, 28);
  EXPECT_EQ(clean_bytes("data:application/json,%23"), "#");
}

TEST(DataUriTest, TrailingControlsAndSpacesAreTrimmed) {
  EXPECT_EQ(clean_bytes(std::string("data:application/json,{} \x01\x00", 27)), "{}");
}

TEST(DataUriTest, MediaTypesThatAreNotJsonWarnButDecode) {
  for (const char* json : {"data:application/json,{}", "data:text/json,{}",
                           "data:application/x.map+json,{}", "data:APPLICATION/JSON ,{}"}) {
    Decoded d = decode(json);
    ASSERT_TRUE(d.result.ok()) << json;
    EXPECT_TRUE(d.diags.empty()) << json;
  }
  for (const char* other : {"data:text/plain,{}", "data:,{}", "data:;base64,e30=",
                            "data:application/javascript,{}", "data:json,{}"}) {
    Decoded d = decode(other);
    ASSERT_TRUE(d.result.ok()) << other;
    EXPECT_EQ(d.result.value().bytes, "{}") << other;
    ASSERT_EQ(d.diags.size(), 1u) << other;
    EXPECT_EQ(d.diags.items()[0].code, ErrorCode::kDataUriMediaType) << other;
    EXPECT_EQ(d.diags.items()[0].severity, Severity::kWarning) << other;
  }
}

TEST(DataUriTest, DefaultMediaTypeIsTextPlainUsAscii) {
  for (const char* url : {"data:,x", "data:nonsense,x", "data:\xE2\x80\xA0,x"}) {
    Decoded d = decode(url);
    ASSERT_TRUE(d.result.ok()) << url;
    EXPECT_EQ(d.result.value().media_type, "text/plain") << url;
    EXPECT_EQ(d.result.value().charset, "US-ASCII") << url;
  }
  Decoded params = decode("data:;charset=utf-8,x");  // a leading ';' means text/plain
  EXPECT_EQ(params.result.value().media_type, "text/plain");
  EXPECT_EQ(params.result.value().charset, "utf-8");
  // A control character in the type is percent-encoded by the URL parser, not trimmed.
  Decoded ff = decode("data:application/json\f,x");
  EXPECT_EQ(ff.result.value().media_type, "application/json%0c");
}

TEST(DataUriTest, Base64NotLastParameterIsNotDecoded) {
  Decoded d = decode("data:application/json;base64;charset=utf-8,e30=");
  ASSERT_TRUE(d.result.ok());
  EXPECT_FALSE(d.result.value().base64);
  EXPECT_EQ(d.result.value().bytes, "e30=");
  EXPECT_EQ(d.result.value().charset, "utf-8");
  ASSERT_EQ(d.diags.size(), 1u);
  EXPECT_EQ(d.diags.items()[0].code, ErrorCode::kDataUriMediaType);
  EXPECT_NE(d.diags.items()[0].message.find("not the last one"), std::string::npos);
}

TEST(DataUriTest, SizeLimitIsCheckedBeforeDecoding) {
  const std::string b64 = "data:application/json;base64," + std::string(100, 'A');  // 75 bytes
  EXPECT_EQ(decode(b64, 75).result.value().bytes.size(), 75u);
  Decoded over = decode(b64, 74, 10);
  EXPECT_EQ(over.result.error(), ErrorCode::kLimitDataUri);
  ASSERT_EQ(over.diags.size(), 1u);
  EXPECT_EQ(over.diags.items()[0].byte_offset, 10 + 29);
  EXPECT_NE(over.diags.items()[0].message.find("decodes to 75 bytes, above the limit of 74"),
            std::string::npos)
      << over.diags.items()[0].message;

  const std::string pct = "data:application/json," + std::string(30, '%') + "41";  // 30 bytes
  EXPECT_EQ(decode(pct, 29).result.error(), ErrorCode::kLimitDataUri);
  EXPECT_EQ(decode(pct, 30).result.value().bytes.size(), 30u);
  EXPECT_EQ(decode("data:application/json,%41%42%43", 3).result.value().bytes, "ABC");
  // Whitespace and padding make the cheap bound exceed the limit; the exact count does not.
  EXPECT_EQ(decode("data:application/json;base64,YW  I=     ", 2).result.value().bytes, "ab");
  EXPECT_EQ(decode("data:application/json;base64,YWI=", 1).result.error(),
            ErrorCode::kLimitDataUri);
}

// An 18-million-character inlined map, as found at the end of real bundles: linear decoding.
TEST(DataUriTest, LargeBase64PayloadDecodesInLinearTime) {
  constexpr size_t kGroups = 4'500'000;  // 18 MB of base64
  std::string url = "data:application/json;charset=utf-8;base64,";
  url.reserve(url.size() + kGroups * 4);
  for (size_t i = 0; i < kGroups; ++i) url += "eyJ9";
  const auto start = std::chrono::steady_clock::now();
  Decoded d = decode(url, 64u << 20);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(d.result.ok());
  EXPECT_EQ(d.result.value().bytes.size(), kGroups * 3);
  EXPECT_EQ(d.result.value().bytes.substr(0, 6), "{\"}{\"}");
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 5000);
}

// The path a scan takes: find the trailing comment, decode its data: URI, report in file offsets.
TEST(DataUriTest, DecodesTheUrlOfATrailingComment) {
  const std::string js = "f();\n//# sourceMappingURL=data:application/json;base64,e30-\n";
  const auto m = extract_mapping_url(js, ScriptKind::kJavaScript);
  ASSERT_TRUE(m.has_value());
  ASSERT_TRUE(is_data_uri(m->url));
  Diagnostics diags;
  const Result<DataUri> r = decode_data_uri(m->url, diags, kNoLimit, m->url_offset);
  EXPECT_EQ(r.error(), ErrorCode::kDataUriBase64);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].byte_offset, static_cast<i64>(js.find('-')));
}

}  // namespace
}  // namespace mapsleuth::parsers
