// Tests parsers/archive_input.cpp. Fixtures are built in memory: tar headers and stored zips by
// hand (every hostile field under our control), compression and a deflate zip through libarchive's
// write-to-memory API (test code only). Cases mirror ../shared/hostile A01-A20 and R04.
#include "parsers/archive_input.h"

#include <archive.h>
#include <archive_entry.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "parsers/mapped_file.h"

namespace mapsleuth::parsers {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// ------------------------------------------------------------------------------------------------
// Fixture builders

struct TarItem {
  TarItem(std::string n, std::string d = {}, char t = '0', unsigned m = 0644, std::string l = {},
          u64 size = ~0ull)
      : name(std::move(n)),
        data(std::move(d)),
        type(t),
        mode(m),
        link(std::move(l)),
        declared(size) {}

  std::string name;
  std::string data;
  char type;
  unsigned mode;
  std::string link;
  u64 declared;  ///< size field when not data.size()
};

void put_octal(std::string& h, size_t at, size_t width, u64 value) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%0*llo", static_cast<int>(width - 1),
                static_cast<unsigned long long>(value));
  h.replace(at, width - 1, buf);
}

// One GNU tar header block ("ustar  \0" magic); names up to 100 bytes.
std::string tar_header(const TarItem& item) {
  std::string h(512, '\0');
  h.replace(0, std::min<size_t>(item.name.size(), 100), item.name.substr(0, 100));
  put_octal(h, 100, 8, item.mode);
  put_octal(h, 108, 8, 0);
  put_octal(h, 116, 8, 0);
  put_octal(h, 124, 12, item.declared != ~0ull ? item.declared : item.data.size());
  put_octal(h, 136, 12, 1577836800);
  h[156] = item.type;
  h.replace(157, std::min<size_t>(item.link.size(), 100), item.link.substr(0, 100));
  h.replace(257, 8, std::string("ustar  \0", 8));
  put_octal(h, 329, 8, item.type == '3' || item.type == '4' ? 1 : 0);
  put_octal(h, 337, 8, item.type == '3' || item.type == '4' ? 3 : 0);
  h.replace(148, 8, "        ");
  u64 sum = 0;
  for (unsigned char c : h) sum += c;
  put_octal(h, 148, 7, sum);
  h[155] = ' ';
  return h;
}

std::string tar_member(const TarItem& item) {
  std::string out = tar_header(item);
  out += item.data;
  out.append((512 - item.data.size() % 512) % 512, '\0');
  return out;
}

std::string tar(const std::vector<TarItem>& items, bool end = true) {
  std::string out;
  for (const TarItem& item : items) out += tar_member(item);
  if (end) out.append(1024, '\0');
  return out;
}

// A pax 'x' record set before `item`: path=name, so the name may exceed 100 bytes.
std::string pax_member(const TarItem& item) {
  std::string record = " path=" + item.name + "\n";
  size_t len = record.size() + 1;
  while (std::to_string(len).size() + record.size() != len) ++len;
  TarItem x{"PaxHeaders/x", std::to_string(len) + record, 'x'};
  TarItem body = item;
  body.name = "placeholder";
  return tar_member(x) + tar_member(body);
}

la_ssize_t append_cb(archive*, void* client, const void* buf, size_t n) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buf), n);
  return static_cast<la_ssize_t>(n);
}

// Compresses a stream with a libarchive write filter; `produce` writes the raw bytes in pieces.
std::string compress(
    int filter, const std::function<void(const std::function<void(std::string_view)>&)>& produce) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_raw(a);
  EXPECT_EQ(archive_write_add_filter(a, filter), ARCHIVE_OK);
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open2(a, &out, nullptr, append_cb, nullptr, nullptr);
  archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, "raw");
  archive_entry_set_filetype(e, AE_IFREG);
  archive_write_header(a, e);
  archive_entry_free(e);
  produce([&](std::string_view piece) { archive_write_data(a, piece.data(), piece.size()); });
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

std::string gzip(std::string_view raw) {
  return compress(ARCHIVE_FILTER_GZIP, [&](const auto& write) { write(raw); });
}

u32 crc32(std::string_view s) {
  u32 c = 0xFFFFFFFFu;
  for (unsigned char b : s) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

void le(std::string& s, u64 v, int bytes) {
  for (int i = 0; i < bytes; ++i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
}

struct ZipItem {
  ZipItem(std::string n, std::string d, std::string local = {}, bool u = false, u32 mode = 0100644,
          bool enc = false)
      : name(std::move(n)),
        data(std::move(d)),
        local_name(std::move(local)),
        utf8(u),
        unix_mode(mode),
        encrypted(enc) {}

  std::string name;  ///< central directory name
  std::string data;
  std::string local_name;  ///< local header name when it should differ
  bool utf8;               ///< general-purpose flag bit 11
  u32 unix_mode;
  bool encrypted;  ///< flag bit 0 (traditional PKWARE encryption)
};

// A zip of stored (uncompressed) entries, APPNOTE 4.3: local headers, central directory, EOCD.
std::string zip(const std::vector<ZipItem>& items) {
  std::string out, central;
  for (const ZipItem& item : items) {
    const std::string& local_name = item.local_name.empty() ? item.name : item.local_name;
    const u64 offset = out.size();
    const u32 crc = crc32(item.data);
    const u64 flags = (item.utf8 ? 0x800 : 0) | (item.encrypted ? 1 : 0);
    out += "PK\x03\x04";
    le(out, 20, 2), le(out, flags, 2), le(out, 0, 2), le(out, 0, 2), le(out, 0x21, 2);
    le(out, crc, 4), le(out, item.data.size(), 4), le(out, item.data.size(), 4);
    le(out, local_name.size(), 2), le(out, 0, 2);
    out += local_name;
    out += item.data;
    central += "PK\x01\x02";
    le(central, 0x0314, 2), le(central, 20, 2), le(central, flags, 2), le(central, 0, 2);
    le(central, 0, 2), le(central, 0x21, 2), le(central, crc, 4);
    le(central, item.data.size(), 4), le(central, item.data.size(), 4);
    le(central, item.name.size(), 2), le(central, 0, 2), le(central, 0, 2), le(central, 0, 2);
    le(central, 0, 2), le(central, u64{item.unix_mode} << 16, 4), le(central, offset, 4);
    central += item.name;
  }
  const u64 cd_offset = out.size();
  out += central;
  out += "PK\x05\x06";
  le(out, 0, 2), le(out, 0, 2), le(out, items.size(), 2), le(out, items.size(), 2);
  le(out, central.size(), 4), le(out, cd_offset, 4), le(out, 0, 2);
  return out;
}

// ------------------------------------------------------------------------------------------------
// Running an input

struct Outcome {
  InputStatus status = InputStatus::kOk;
  std::vector<std::string> files;  ///< "name=content" (content only when short)
  std::vector<ErrorCode> codes;
  Diagnostics diags{"test.tgz", ""};
};

Outcome read_all(std::string_view bytes, InputLimits limits = {}) {
  Outcome r;
  auto src = make_archive_input(bytes, detect_input_kind("test", bytes), limits);
  r.status = src->for_each_entry(
      [&](const Entry& e) {
        EXPECT_EQ(e.type, EntryType::kFile);
        EXPECT_EQ(e.bytes.size(), e.size);
        EXPECT_EQ(e.bytes.data()[e.size + kInputPadding - 1], '\0');
        r.files.push_back(
            e.name + "=" +
            (e.size <= 64 ? std::string(e.bytes) : "<" + std::to_string(e.size) + ">"));
        return true;
      },
      r.diags);
  for (const Diagnostic& d : r.diags.items()) r.codes.push_back(d.code);
  return r;
}

std::vector<TarItem> controls(const std::string& stem) {
  return {{"package/dist/" + stem + ".js", "// " + stem + "\n"},
          {"package/dist/" + stem + ".js.map", "{\"version\":3,\"x\":\"" + stem + "\"}"}};
}

std::vector<TarItem> concat(std::vector<TarItem> a, const std::vector<TarItem>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// ------------------------------------------------------------------------------------------------
// Tests

TEST(ArchiveInputTest, DeliversRegularEntriesOfTarAndTgz) {
  const std::string raw =
      tar(concat({{"package/", "", '5', 0755}, {"package/package.json", "{}"}}, controls("a")));
  for (const std::string& bytes : {raw, gzip(raw)}) {
    Outcome r = read_all(bytes);
    EXPECT_EQ(r.status, InputStatus::kOk);
    EXPECT_THAT(r.files, ElementsAre("package/package.json={}", "package/dist/a.js=// a\n",
                                     "package/dist/a.js.map={\"version\":3,\"x\":\"a\"}"));
    EXPECT_THAT(r.codes, IsEmpty());
  }
}

TEST(ArchiveInputTest, ReadsEveryInProcessCompression) {
  const std::string raw = tar(controls("z"));
  for (int filter : {ARCHIVE_FILTER_BZIP2, ARCHIVE_FILTER_XZ, ARCHIVE_FILTER_ZSTD,
                     ARCHIVE_FILTER_LZ4, ARCHIVE_FILTER_LZMA}) {
    const std::string bytes = compress(filter, [&](const auto& write) { write(raw); });
    Outcome r = read_all(bytes);
    EXPECT_EQ(r.status, InputStatus::kOk) << filter;
    EXPECT_EQ(r.files.size(), 2u) << filter;
  }
}

TEST(ArchiveInputTest, RejectsClimbingNamesOncePerEntryAndKeepsControls) {  // hostile A01
  const std::string bytes =
      gzip(tar(concat(concat(controls("first"), {{"../../a01-escape.txt", "x"},
                                                 {"../canary-link/a01.txt", "x"},
                                                 {"package/../../../a01.js.map", "x"}}),
                      controls("last"))));
  Outcome r = read_all(bytes);
  EXPECT_EQ(r.status, InputStatus::kOk);
  EXPECT_EQ(r.files.size(), 4u);
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kEntryTraversal, ErrorCode::kEntryTraversal,
                                   ErrorCode::kEntryTraversal));
  EXPECT_EQ(r.diags.items()[0].entry, "../../a01-escape.txt");
  EXPECT_EQ(r.diags.items()[0].input, "test.tgz");
}

TEST(ArchiveInputTest, RejectsAbsoluteDriveAndUncNames) {  // hostile A02
  const std::string bytes = gzip(tar(concat({{"/abs/x", "x"},
                                             {"////abs/x", "x"},
                                             {"/abs/a.js.map", "x"},
                                             {"C:\\x", "x"},
                                             {"\\\\srv\\share\\x", "x"}},
                                            controls("c"))));
  Outcome r = read_all(bytes);
  EXPECT_EQ(r.files.size(), 2u);
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kEntryAbsolute, ErrorCode::kEntryAbsolute,
                                   ErrorCode::kEntryAbsolute, ErrorCode::kEntryAbsolute,
                                   ErrorCode::kEntryAbsolute));
}

TEST(ArchiveInputTest, ReportsLinksAndKeepsFilesBehindThem) {  // hostile A05, A07
  const std::string bytes = tar({{"package/lib", "", '2', 0777, "/abs"},
                                 {"package/lib/a05.js.map", "inner"},
                                 {"package/dist/h.js.map", "", '1', 0644, "/secret/target.js.map"},
                                 {"package/dist/h.js.map", "real"},
                                 {"package/self", "", '1', 0644, "package/self"}});
  Outcome r = read_all(bytes);
  EXPECT_EQ(r.status, InputStatus::kOk);
  EXPECT_THAT(r.files, ElementsAre("package/lib/a05.js.map=inner", "package/dist/h.js.map=real"));
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kEntrySymlink, ErrorCode::kEntryHardlink,
                                   ErrorCode::kEntryHardlink));
  EXPECT_NE(r.diags.items()[0].message.find("-> /abs"), std::string::npos);
}

TEST(ArchiveInputTest, ReportsDevicesFifosAndDeliversSetuidFiles) {  // hostile A11
  const std::string bytes = gzip(tar(concat({{"package/dev/null2", "", '3', 0666},
                                             {"package/dev/blk", "", '4', 0600},
                                             {"package/dist/app.js.map", "", '6'},
                                             {"package/bin/run.sh", "#!/bin/sh\n", '0', 06755}},
                                            controls("c"))));
  Outcome r = read_all(bytes);
  EXPECT_THAT(r.files, ElementsAre("package/bin/run.sh=#!/bin/sh\n", "package/dist/c.js=// c\n",
                                   "package/dist/c.js.map={\"version\":3,\"x\":\"c\"}"));
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kEntryDevice, ErrorCode::kEntryDevice,
                                   ErrorCode::kEntryFifo, ErrorCode::kEntrySetuid));
}

TEST(ArchiveInputTest, KeepsDuplicateEntriesAndWarnsOnce) {  // hostile A12
  const std::string bytes =
      gzip(tar({{"package/dist/app.js.map", "first"}, {"package/dist/app.js.map", "second"}}));
  Outcome r = read_all(bytes);
  EXPECT_THAT(r.files,
              ElementsAre("package/dist/app.js.map=first", "package/dist/app.js.map=second"));
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kEntryDuplicate));
}

TEST(ArchiveInputTest, EscapesInvalidUtf8EntryNames) {  // hostile R04
  const std::string bytes =
      gzip(tar(concat(controls("c"), {{"package/dist/\xFF\xFE-r04.js.map", "inner"}})));
  Outcome r = read_all(bytes);
  EXPECT_EQ(r.status, InputStatus::kOk);
  ASSERT_EQ(r.files.size(), 3u);
  EXPECT_EQ(r.files[2], "package/dist/%FF%FE-r04.js.map=inner");
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kEntryNameEncoding));
}

TEST(ArchiveInputTest, ReadsPaxUtf8NamesUnderTheCLocale) {
  // The test process runs in the "C" locale, where libarchive alone returns NULL for these.
  const std::string bytes = pax_member({"package/caf\xC3\xA9.js", "x"}) +
                            pax_member({"package/" + std::string(150, 'a'), "y"}) +
                            std::string(1024, '\0');
  Outcome r = read_all(bytes);
  EXPECT_EQ(r.status, InputStatus::kOk);
  EXPECT_THAT(r.files,
              ElementsAre("package/caf\xC3\xA9.js=x", "package/" + std::string(150, 'a') + "=y"));
  EXPECT_THAT(r.codes, IsEmpty());
}

TEST(ArchiveInputTest, StopsAtTheEntryLimitQuickly) {  // hostile A17, at its full size
  std::string flood = tar(controls("c"), /*end=*/false);
  const std::string stream = compress(ARCHIVE_FILTER_GZIP, [&](const auto& write) {
    write(flood);
    TarItem empty{"package/e/000000", ""};
    for (int i = 0; i < 300000; ++i) {
      char digits[8];
      std::snprintf(digits, sizeof digits, "%06d", i);
      empty.name.replace(10, 6, digits);
      write(tar_header(empty));
    }
    write(std::string(1024, '\0'));
  });
  const auto start = std::chrono::steady_clock::now();
  Outcome r = read_all(stream);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.status, InputStatus::kPartial);
  EXPECT_EQ(r.files.size(), 200000u);  // the limit counts headers: 2 controls + 199,998 empties
  EXPECT_EQ(r.files[0], "package/dist/c.js=// c\n");
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kLimitEntries));
  EXPECT_LT(seconds, 20.0);
}

TEST(ArchiveInputTest, EntryOverTheByteLimitIsSkippedAndTheRestDelivered) {
  InputLimits limits;
  limits.max_entry_bytes = 100;
  const std::string bytes =
      gzip(tar(concat({{"package/big.js.map", std::string(1000, 'x')}}, controls("after"))));
  Outcome r = read_all(bytes, limits);
  EXPECT_EQ(r.status, InputStatus::kOk);
  EXPECT_EQ(r.files.size(), 2u);
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kLimitEntryBytes));
}

// 100 MiB of zeros behind two controls, gzip-compressed (~100 KiB): a small-scale hostile A15.
const std::string& zero_bomb() {
  static const std::string bomb = [] {
    TarItem big{"package/dist/vendor.js.map", "", '0', 0644, "", 100ull << 20};
    return compress(ARCHIVE_FILTER_GZIP, [&](const auto& write) {
      write(tar(controls("c"), /*end=*/false) + tar_header(big));
      const std::string zeros(1 << 20, '\0');
      for (int i = 0; i < 100; ++i) write(zeros);
      write(std::string(1024, '\0'));
    });
  }();
  return bomb;
}

TEST(ArchiveInputTest, BombOverBothLimitsStopsWithoutInflating) {  // hostile A15
  InputLimits limits;
  limits.max_entry_bytes = 1 << 20;
  limits.max_input_bytes = 10 << 20;
  const std::string& bomb = zero_bomb();
  const auto start = std::chrono::steady_clock::now();
  Outcome r = read_all(bomb, limits);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.0);
  EXPECT_EQ(r.status, InputStatus::kPartial);
  EXPECT_EQ(r.files.size(), 2u);
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kLimitEntryBytes, ErrorCode::kLimitInputBytes));
}

TEST(ArchiveInputTest, EntryThatWouldPassTheInputLimitStopsTheInput) {
  InputLimits limits;
  limits.max_input_bytes = 10 << 20;
  Outcome r = read_all(zero_bomb(), limits);
  EXPECT_EQ(r.status, InputStatus::kPartial);
  EXPECT_EQ(r.files.size(), 2u);
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kLimitInputBytes));
}

TEST(ArchiveInputTest, RatioWatchdogStopsABombAfter64MiB) {
  InputLimits limits;
  limits.max_ratio = 100;
  Outcome r = read_all(zero_bomb(), limits);
  EXPECT_EQ(r.status, InputStatus::kPartial);
  EXPECT_EQ(r.files.size(), 2u);
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kLimitRatio));
}

TEST(ArchiveInputTest, RatioWatchdogAlsoGuardsSkippedEntries) {
  InputLimits limits;
  limits.max_entry_bytes = 1 << 20;
  limits.max_ratio = 100;
  Outcome r = read_all(zero_bomb(), limits);
  EXPECT_EQ(r.status, InputStatus::kPartial);
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kLimitEntryBytes, ErrorCode::kLimitRatio));
}

TEST(ArchiveInputTest, BombWithinLimitsIsDelivered) {
  // gzip packs zeros about 1030:1, over the default ratio; a caller may raise it.
  InputLimits limits;
  limits.max_ratio = 1e6;
  Outcome r = read_all(zero_bomb(), limits);
  EXPECT_EQ(r.status, InputStatus::kOk);
  EXPECT_EQ(r.files.back(), "package/dist/vendor.js.map=<104857600>");
}

TEST(ArchiveInputTest, TruncatedGzipKeepsEarlierEntries) {  // hostile A20
  std::string noise(512 << 10, '\0');
  u32 x = 20;
  for (char& c : noise) c = static_cast<char>((x = x * 1103515245u + 12345u) >> 24);
  const std::string full = gzip(tar(concat(controls("c"), {{"package/dist/big.bin", noise}})));
  Outcome r = read_all(std::string_view(full).substr(0, full.size() / 2));
  EXPECT_EQ(r.status, InputStatus::kPartial);
  EXPECT_EQ(r.files.size(), 2u);
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kArchiveTruncated));
  EXPECT_EQ(r.diags.items()[0].entry, "package/dist/big.bin");
}

TEST(ArchiveInputTest, TruncatedTarKeepsEarlierEntries) {
  const std::string full =
      tar(concat(controls("c"), {{"package/dist/big.bin", std::string(4096, 'b')}}));
  Outcome r = read_all(std::string_view(full).substr(0, 512 * 6));
  EXPECT_EQ(r.status, InputStatus::kPartial);
  EXPECT_EQ(r.files.size(), 2u);
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kArchiveTruncated));
}

TEST(ArchiveInputTest, GarbageAndEmptyInputsFail) {
  for (std::string_view bytes : {std::string_view("not an archive at all"), std::string_view()}) {
    Outcome r = read_all(bytes);
    EXPECT_EQ(r.status, InputStatus::kFailed);
    EXPECT_THAT(r.files, IsEmpty());
    EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kArchiveRead));
  }
}

TEST(ArchiveInputTest, ReadsAStoredZip) {
  Outcome r = read_all(zip(
      {{"pkg/dist/", "", "", false, 040755}, {"pkg/dist/a.js", "a"}, {"pkg/dist/a.js.map", "{}"}}));
  EXPECT_EQ(r.status, InputStatus::kOk);
  EXPECT_THAT(r.files, ElementsAre("pkg/dist/a.js=a", "pkg/dist/a.js.map={}"));
  EXPECT_THAT(r.codes, IsEmpty());
}

TEST(ArchiveInputTest, ReadsADeflateZipWrittenByLibarchive) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_open2(a, &out, nullptr, append_cb, nullptr, nullptr);
  for (const char* name : {"x/one.js", "x/two.js"}) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    const std::string data(10000, name[2]);
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_write_header(a, e);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  Outcome r = read_all(out);
  EXPECT_EQ(r.status, InputStatus::kOk);
  EXPECT_THAT(r.files, ElementsAre("x/one.js=<10000>", "x/two.js=<10000>"));
}

TEST(ArchiveInputTest, ReportsZipNameMismatchAndNeverDeliversAClimbingName) {  // hostile A19
  const std::string bytes = zip({{"pkg/dist/a19.js.map", "evil", "../../../a19.js.map"},
                                 {"../../a19b.txt", "b"},
                                 {"pkg/dist/ctl.js", "ctl"}});
  Outcome r = read_all(bytes);
  EXPECT_EQ(r.status, InputStatus::kOk);
  EXPECT_THAT(r.files, ElementsAre("pkg/dist/ctl.js=ctl"));
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kZipNameMismatch, ErrorCode::kEntryTraversal,
                                   ErrorCode::kEntryTraversal));
  EXPECT_EQ(r.diags.items()[0].entry, "pkg/dist/a19.js.map");
  EXPECT_NE(r.diags.items()[0].message.find("../../../a19.js.map"), std::string::npos);
}

TEST(ArchiveInputTest, ReportsZipSymlinks) {
  Outcome r = read_all(zip({{"pkg/link", "/etc/passwd", "", false, 0120777}, {"pkg/a.js", "a"}}));
  EXPECT_THAT(r.files, ElementsAre("pkg/a.js=a"));
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kEntrySymlink));
}

TEST(ArchiveInputTest, ReadsUtf8FlaggedZipNamesAndReportsUndecodableOnes) {
  Outcome r = read_all(
      zip({{"caf\xC3\xA9.js", "x", "", true}, {"bad\xFF.js", "y", "", true}, {"ok.js", "z"}}));
  EXPECT_THAT(r.files, ElementsAre("caf\xC3\xA9.js=x", "ok.js=z"));
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kEntryName));
}

TEST(ArchiveInputTest, ReportsAnEncryptedZipEntryAndKeepsTheOthers) {
  Outcome r =
      read_all(zip({{"enc.js", std::string(12, '\x01') + "secret", "", false, 0100644, true},
                    {"ok.js", "fine"}}));
  EXPECT_EQ(r.status, InputStatus::kOk);
  EXPECT_THAT(r.files, ElementsAre("ok.js=fine"));
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kArchiveRead));
  EXPECT_EQ(r.diags.items()[0].entry, "enc.js");
}

TEST(ArchiveInputTest, FallsBackToLocalHeadersWhenTheCentralDirectoryIsCut) {
  const std::string full = zip({{"a.js", "aaaa"}, {"b.js", "bbbb"}});
  const size_t cd = full.find("PK\x01\x02");
  Outcome r = read_all(std::string_view(full).substr(0, cd));
  EXPECT_THAT(r.files, ElementsAre("a.js=aaaa", "b.js=bbbb"));
  EXPECT_NE(r.status, InputStatus::kFailed);
  EXPECT_TRUE(r.diags.has(ErrorCode::kArchiveRead));
}

TEST(ArchiveInputTest, ReadsTheZipInsideACrx) {
  const std::string z = zip({{"manifest.json", "{}"}, {"bg.js", "b"}});
  std::string v3 = "Cr24";
  le(v3, 3, 4), le(v3, 5, 4);
  v3 += "HDR!!" + z;
  std::string v2 = "Cr24";
  le(v2, 2, 4), le(v2, 3, 4), le(v2, 2, 4);
  v2 += "KEYSG" + z;
  for (const std::string& crx : {v3, v2}) {
    EXPECT_EQ(detect_input_kind("ext.crx", crx), InputKind::kZip);
    Outcome r = read_all(crx);
    EXPECT_EQ(r.status, InputStatus::kOk);
    EXPECT_THAT(r.files, ElementsAre("manifest.json={}", "bg.js=b"));
  }
}

TEST(ArchiveInputTest, MalformedCrxHeaderFails) {
  std::string crx = "Cr24";
  le(crx, 3, 4), le(crx, 1000, 4);
  EXPECT_FALSE(crx_zip_payload(crx).ok());
  Outcome r = read_all(crx);
  EXPECT_EQ(r.status, InputStatus::kFailed);
  EXPECT_THAT(r.codes, ElementsAre(ErrorCode::kArchiveRead));
  std::string v9 = "Cr24";
  le(v9, 9, 4), le(v9, 0, 4);
  EXPECT_FALSE(crx_zip_payload(v9).ok());
  EXPECT_EQ(crx_zip_payload("PK\x03\x04").value(), "PK\x03\x04");
}

TEST(ArchiveInputTest, CallbackStopsTheWalkAndReplayStartsOver) {
  const std::string bytes = gzip(tar(concat(controls("a"), controls("b"))));
  auto src = make_archive_input(bytes, InputKind::kTgz, {});
  EXPECT_EQ(src->kind(), InputKind::kTgz);
  Diagnostics diags;
  int seen = 0;
  EXPECT_EQ(src->for_each_entry([&](const Entry&) { return ++seen < 2; }, diags), InputStatus::kOk);
  EXPECT_EQ(seen, 2);
  seen = 0;
  EXPECT_EQ(src->for_each_entry([&](const Entry&) { return ++seen > 0; }, diags), InputStatus::kOk);
  EXPECT_EQ(seen, 4);
}

}  // namespace
}  // namespace mapsleuth::parsers
