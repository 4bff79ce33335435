// Tests parsers/input_source.cpp: kind detection, the entry-name policy and the in-memory input.
#include "parsers/input_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mapsleuth::parsers {
namespace {

using ::testing::ElementsAre;

std::string tar_header(std::string_view name, char type = '0') {
  std::string h(512, '\0');
  h.replace(0, name.size(), name);
  h.replace(100, 7, "0000644");
  h.replace(124, 11, "00000000000");
  h[156] = type;
  h.replace(148, 8, "        ");
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%06o", sum);
  h.replace(148, 7, std::string(buf, 6) + '\0');
  return h;
}

TEST(DetectInputKindTest, RecognisesMagicsBeforeNames) {
  EXPECT_EQ(detect_input_kind("x.js", "\x1f\x8b\x08\x00"), InputKind::kTgz);
  EXPECT_EQ(detect_input_kind("x", "BZh91AY&SY...."), InputKind::kTgz);
  EXPECT_EQ(detect_input_kind("x", std::string_view("\xFD"
                                                    "7zXZ\0\0",
                                                    7)),
            InputKind::kTgz);
  EXPECT_EQ(detect_input_kind("x", "\x28\xB5\x2F\xFD...."), InputKind::kTgz);
  EXPECT_EQ(detect_input_kind("x.map", "PK\x03\x04rest"), InputKind::kZip);
  EXPECT_EQ(detect_input_kind("x", "PK\x05\x06rest"), InputKind::kZip);
  EXPECT_EQ(detect_input_kind("x", "Cr24\x03\0\0\0"), InputKind::kZip);
}

TEST(DetectInputKindTest, RecognisesTarByUstarMagicOrChecksum) {
  std::string ustar(512, '\0');
  ustar.replace(257, 6, "ustar ");
  EXPECT_EQ(detect_input_kind("pkg", ustar), InputKind::kTar);
  // A v7 header has no magic: only its checksum says tar.
  EXPECT_EQ(detect_input_kind("pkg", tar_header("package/a.js")), InputKind::kTar);
  std::string broken = tar_header("package/a.js");
  broken[0] = 'q';
  EXPECT_EQ(detect_input_kind("pkg", broken), InputKind::kUnknown);
  EXPECT_EQ(detect_input_kind("pkg", std::string(512, '\0')), InputKind::kUnknown);
}

TEST(DetectInputKindTest, FallsBackToNameThenJsonObject) {
  for (const char* js : {"a.js", "a.MJS", "a.cjs", "a.jsx", "a.ts", "a.mts", "a.cts", "a.tsx"}) {
    EXPECT_EQ(detect_input_kind(js, "console.log(1)"), InputKind::kJs) << js;
  }
  EXPECT_EQ(detect_input_kind("a.css", "body{}"), InputKind::kCss);
  EXPECT_EQ(detect_input_kind("a.js.map", "garbage"), InputKind::kMap);
  EXPECT_EQ(detect_input_kind("p.tgz", "garbage"), InputKind::kTgz);
  EXPECT_EQ(detect_input_kind("p.tar", "garbage"), InputKind::kTar);
  EXPECT_EQ(detect_input_kind("p.vsix", "garbage"), InputKind::kZip);
  EXPECT_EQ(detect_input_kind("noext", "\xEF\xBB\xBF \n {\"version\":3}"), InputKind::kMap);
  EXPECT_EQ(detect_input_kind("noext", ")]}'\n{}"), InputKind::kMap);
  EXPECT_EQ(detect_input_kind("noext", "hello"), InputKind::kUnknown);
  EXPECT_EQ(detect_input_kind("", ""), InputKind::kUnknown);
}

TEST(InputKindNameTest, MatchesReportVocabulary) {
  EXPECT_EQ(input_kind_name(InputKind::kTgz), "tgz");
  EXPECT_EQ(input_kind_name(InputKind::kTar), "tar");
  EXPECT_EQ(input_kind_name(InputKind::kZip), "zip");
  EXPECT_EQ(input_kind_name(InputKind::kDir), "dir");
  EXPECT_EQ(input_kind_name(InputKind::kJs), "js");
  EXPECT_EQ(input_kind_name(InputKind::kCss), "css");
  EXPECT_EQ(input_kind_name(InputKind::kMap), "map");
}

TEST(NormaliseEntryNameTest, CleansHarmlessNames) {
  EXPECT_EQ(normalise_entry_name("package/dist/a.js").name, "package/dist/a.js");
  EXPECT_EQ(normalise_entry_name("./package//dist/./a.js").name, "package/dist/a.js");
  EXPECT_EQ(normalise_entry_name("package/lib/../dist/a.js").name, "package/dist/a.js");
  EXPECT_EQ(normalise_entry_name("dir\\a.js").name, "dir/a.js");
  EXPECT_EQ(normalise_entry_name("dir/").name, "dir");
  EXPECT_EQ(normalise_entry_name("a:b.js").name, "a:b.js");  // not a drive: two letters
  EXPECT_EQ(normalise_entry_name("...").verdict, NameVerdict::kOk);
}

TEST(NormaliseEntryNameTest, RejectsClimbingNames) {
  for (const char* n :
       {"../x", "../../x", "package/../../x", "a/b/../../../x", "..\\..\\x", ".."}) {
    EXPECT_EQ(normalise_entry_name(n).verdict, NameVerdict::kTraversal) << n;
  }
}

TEST(NormaliseEntryNameTest, RejectsAbsoluteDriveAndUncNames) {
  for (const char* n :
       {"/abs/x", "////abs/x", "C:\\x", "c:/x", "C:x", "\\\\srv\\share\\x", "\\\\?\\C:\\x", "\\x",
        // a drive reached by normalisation (fuzz_archive found the first)
        "./.../../a:9.js.map", "./C:x", "x/../c:/y"}) {
    EXPECT_EQ(normalise_entry_name(n).verdict, NameVerdict::kAbsolute) << n;
  }
}

TEST(NormaliseEntryNameTest, FlagsEmptyNames) {
  for (const char* n : {"", ".", "./", "a/..", "//"}) {
    // "//" is absolute; the rest leave nothing.
    const NameVerdict v = normalise_entry_name(n).verdict;
    EXPECT_TRUE(v == NameVerdict::kEmpty || v == NameVerdict::kAbsolute) << n;
  }
  EXPECT_EQ(normalise_entry_name("./").verdict, NameVerdict::kEmpty);
}

TEST(NormaliseEntryNameTest, EscapesInvalidUtf8) {
  NormalisedName n = normalise_entry_name("package/\xFF\xFE-r04.js.map");
  EXPECT_EQ(n.verdict, NameVerdict::kOk);
  EXPECT_TRUE(n.escaped);
  EXPECT_EQ(n.name, "package/%FF%FE-r04.js.map");
  EXPECT_TRUE(is_clean_utf8(n.name));
  NormalisedName ok = normalise_entry_name("src/caf\xC3\xA9.js");
  EXPECT_FALSE(ok.escaped);
  EXPECT_EQ(ok.name, "src/caf\xC3\xA9.js");
  EXPECT_EQ(normalise_entry_name(std::string_view("a\0b", 3)).name, "a%00b");
}

TEST(IsValidUtf8Test, RejectsOverlongsSurrogatesAndTruncation) {
  EXPECT_TRUE(is_clean_utf8("plain"));
  EXPECT_TRUE(is_clean_utf8("\xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_clean_utf8("\xC0\xAF"));
  EXPECT_FALSE(is_clean_utf8("\xED\xA0\x80"));
  EXPECT_FALSE(is_clean_utf8("\xE2\x82"));
  EXPECT_FALSE(is_clean_utf8("\xF4\x90\x80\x80"));
}

TEST(PrintableNameTest, EscapesControlsAndInvalidBytes) {
  EXPECT_EQ(printable_name("a\x1b]2;x\x07.js"), "a\\x1b]2;x\\x07.js");
  EXPECT_EQ(printable_name("\xFF"), "%FF");
}

// Delivers every entry of `src`, returning "name=content" strings.
std::vector<std::string> collect(InputSource& src, Diagnostics& diags,
                                 InputStatus* status = nullptr) {
  std::vector<std::string> out;
  InputStatus s = src.for_each_entry(
      [&](const Entry& e) {
        EXPECT_EQ(e.type, EntryType::kFile);
        EXPECT_EQ(e.bytes.size(), e.size);
        // The padding promise: kInputPadding readable bytes after the data.
        EXPECT_EQ(e.bytes.data()[e.size + 63], '\0');
        out.push_back(e.name + "=" + std::string(e.bytes));
        return true;
      },
      diags);
  if (status != nullptr) *status = s;
  return out;
}

TEST(MemoryInputTest, DeliversControlsAndReportsBadNamesOnce) {
  auto src = make_memory_input({{"package/first.js", "1"},
                                {"../../x", "evil"},
                                {"/abs/x", "evil"},
                                {"C:\\x", "evil"},
                                {"\\\\srv\\share\\x", "evil"},
                                {"package/last.js", "2"}});
  Diagnostics diags("mem", "");
  InputStatus status;
  EXPECT_THAT(collect(*src, diags, &status),
              ElementsAre("package/first.js=1", "package/last.js=2"));
  EXPECT_EQ(status, InputStatus::kOk);
  ASSERT_EQ(diags.size(), 4u);
  EXPECT_EQ(diags.items()[0].code, ErrorCode::kEntryTraversal);
  EXPECT_EQ(diags.items()[0].entry, "../../x");
  EXPECT_EQ(diags.items()[1].code, ErrorCode::kEntryAbsolute);
  EXPECT_EQ(diags.items()[2].code, ErrorCode::kEntryAbsolute);
  EXPECT_EQ(diags.items()[3].code, ErrorCode::kEntryAbsolute);
  EXPECT_EQ(diags.items()[3].input, "mem");
}

TEST(MemoryInputTest, KeepsDuplicatesAndWarnsOnTheSecond) {
  auto src = make_memory_input({{"a.js", "1"}, {"./a.js", "2"}});
  Diagnostics diags;
  EXPECT_THAT(collect(*src, diags), ElementsAre("a.js=1", "a.js=2"));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].code, ErrorCode::kEntryDuplicate);
  EXPECT_EQ(diags.items()[0].severity, Severity::kWarning);
}

TEST(MemoryInputTest, EscapesControlCharactersInDiagnosticEntries) {
  auto src = make_memory_input({{"/\x1b[31mred", "x"}});
  Diagnostics diags;
  collect(*src, diags);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].entry, "/\\x1b[31mred");
}

TEST(MemoryInputTest, StopsAtTheEntryLimit) {
  InputLimits limits;
  limits.max_entries = 2;
  auto src =
      make_memory_input({{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}}, InputKind::kDir, limits);
  Diagnostics diags;
  InputStatus status;
  EXPECT_THAT(collect(*src, diags, &status), ElementsAre("a=1", "b=2"));
  EXPECT_EQ(status, InputStatus::kPartial);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].code, ErrorCode::kLimitEntries);
}

TEST(MemoryInputTest, AppliesByteLimits) {
  InputLimits limits;
  limits.max_entry_bytes = 4;
  limits.max_input_bytes = 6;
  auto src = make_memory_input({{"big", "123456"}, {"a", "1234"}, {"b", "1234"}, {"c", "1"}},
                               InputKind::kDir, limits);
  Diagnostics diags;
  InputStatus status;
  EXPECT_THAT(collect(*src, diags, &status), ElementsAre("a=1234"));
  EXPECT_EQ(status, InputStatus::kPartial);
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_EQ(diags.items()[0].code, ErrorCode::kLimitEntryBytes);
  EXPECT_EQ(diags.items()[1].code, ErrorCode::kLimitInputBytes);
}

TEST(MemoryInputTest, CallbackCanStopEarlyAndInputCanBeReplayed) {
  auto src = make_memory_input({{"a", "1"}, {"b", "2"}});
  Diagnostics diags;
  int calls = 0;
  EXPECT_EQ(src->for_each_entry([&](const Entry&) { return ++calls < 1; }, diags),
            InputStatus::kOk);
  EXPECT_EQ(calls, 1);
  EXPECT_THAT(collect(*src, diags), ElementsAre("a=1", "b=2"));
  EXPECT_EQ(src->kind(), InputKind::kDir);
}

TEST(EntryGateTest, ReportsEachNonFileTypeOnceAndDeliversSetuidFiles) {
  InputLimits limits;
  Diagnostics diags;
  EntryGate gate(limits, diags);
  auto admit = [&](std::string name, EntryType type, u32 mode = 0644, std::string target = {}) {
    Entry e;
    e.raw_name = std::move(name);
    e.type = type;
    e.mode = mode;
    e.link_target = std::move(target);
    return gate.admit(e);
  };
  EXPECT_FALSE(admit("p/dir/", EntryType::kDirectory));
  EXPECT_FALSE(admit("./", EntryType::kDirectory));
  EXPECT_TRUE(diags.empty());
  EXPECT_FALSE(admit("p/lib", EntryType::kSymlink, 0777, "/abs"));
  EXPECT_FALSE(admit("p/h", EntryType::kHardlink, 0644, "p/self"));
  EXPECT_FALSE(admit("p/dev", EntryType::kDevice));
  EXPECT_FALSE(admit("p/app.js.map", EntryType::kFifo));
  EXPECT_FALSE(admit("p/sock", EntryType::kOther));
  EXPECT_TRUE(admit("p/run.sh", EntryType::kFile, 06755));
  EXPECT_FALSE(admit("../lib", EntryType::kSymlink, 0777, "/x"));  // one diagnostic: the name
  EXPECT_FALSE(admit("a/..", EntryType::kFile));
  std::vector<ErrorCode> codes;
  for (const Diagnostic& d : diags.items()) codes.push_back(d.code);
  EXPECT_THAT(codes, ElementsAre(ErrorCode::kEntrySymlink, ErrorCode::kEntryHardlink,
                                 ErrorCode::kEntryDevice, ErrorCode::kEntryFifo,
                                 ErrorCode::kEntrySpecial, ErrorCode::kEntrySetuid,
                                 ErrorCode::kEntryTraversal, ErrorCode::kEntryName));
  EXPECT_NE(diags.items()[0].message.find("-> /abs"), std::string::npos);
}

}  // namespace
}  // namespace mapsleuth::parsers
