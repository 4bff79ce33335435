// Tests parsers/directory_input.cpp and parsers/mapped_file.cpp (the two readers that touch the
// filesystem) on real trees in a scratch directory: symlink loops and links out of the tree, a
// FIFO that must not block (hostile D01-D03), sockets, setuid files, limits and order.
#include "parsers/directory_input.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "parsers/mapped_file.h"
#include "tests/scratch_dir.h"

namespace mapsleuth::parsers {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ScratchDir : public testing_support::ScratchDir {
 public:
  ScratchDir() : testing_support::ScratchDir("mapsleuth-input") {}

  void symlink(const std::string& target, const std::string& rel) const {
    ASSERT_EQ(::symlink(target.c_str(), path(rel).c_str()), 0);
  }
  void fifo(const std::string& rel) const { ASSERT_EQ(::mkfifo(path(rel).c_str(), 0644), 0); }
  void socket(const std::string& rel) const {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const std::string p = path(rel);
    ASSERT_LT(p.size(), sizeof addr.sun_path);
    std::copy(p.begin(), p.end(), addr.sun_path);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ::close(fd);
  }
};

struct Walked {
  InputStatus status = InputStatus::kOk;
  std::vector<std::string> files;  ///< "name=content"
  std::vector<ErrorCode> codes;
  Diagnostics diags{"dir", ""};
};

Walked walk(const std::string& root, InputLimits limits = {}) {
  Walked w;
  auto src = make_directory_input(root, limits);
  EXPECT_EQ(src->kind(), InputKind::kDir);
  w.status = src->for_each_entry(
      [&](const Entry& e) {
        EXPECT_EQ(e.bytes.size(), e.size);
        EXPECT_EQ(e.bytes.data()[e.size + kInputPadding - 1], '\0');
        w.files.push_back(e.name + "=" + std::string(e.bytes));
        return true;
      },
      w.diags);
  for (const Diagnostic& d : w.diags.items()) w.codes.push_back(d.code);
  return w;
}

TEST(DirectoryInputTest, WalksDepthFirstSortedByName) {
  ScratchDir d;
  d.write("in/b.js", "b");
  d.write("in/a/z.js", "z");
  d.write("in/a/b/c.js", "c");
  d.write("in/c.map", "m");
  d.write("in/A.js", "A");
  d.write("in/empty.js", "");
  d.mkdir("in/emptydir");
  Walked w = walk(d.path("in"));
  EXPECT_EQ(w.status, InputStatus::kOk);
  EXPECT_THAT(w.files,
              ElementsAre("A.js=A", "a/b/c.js=c", "a/z.js=z", "b.js=b", "c.map=m", "empty.js="));
  EXPECT_THAT(w.codes, IsEmpty());
}

TEST(DirectoryInputTest, ReportsSymlinksAndNeverFollowsThem) {  // hostile D01, D02
  ScratchDir d;
  d.write("outside/leak.js.map", "SECRET");
  d.write("in/ctl.js", "ctl");
  d.symlink("../outside", "in/evil");
  d.symlink(d.path("outside"), "in/evil_abs");
  d.symlink("../outside/leak.js.map", "in/leak3.js.map");
  d.symlink("b", "in/a");
  d.symlink("a", "in/b");
  d.symlink(".", "in/loop");
  d.symlink("..", "in/up");
  d.mkdir("in/deep");
  d.symlink("../deep", "in/deep/x");
  Walked w = walk(d.path("in"));
  EXPECT_EQ(w.status, InputStatus::kOk);
  EXPECT_THAT(w.files, ElementsAre("ctl.js=ctl"));
  EXPECT_EQ(w.codes.size(), 8u);
  for (ErrorCode c : w.codes) EXPECT_EQ(c, ErrorCode::kDirSymlink);
  EXPECT_EQ(w.diags.items()[0].entry, "a");
  EXPECT_NE(w.diags.items()[0].message.find("-> b"), std::string::npos);
}

TEST(DirectoryInputTest, NeverOpensAFifoOrSocket) {  // hostile D03
  ScratchDir d;
  d.write("in/app.js", "//# sourceMappingURL=app.js.map\n");
  d.fifo("in/app.js.map");
  d.socket("in/sock");
  Walked w = walk(d.path("in"));  // would block forever if the FIFO were opened for reading
  EXPECT_THAT(w.files, ElementsAre("app.js=//# sourceMappingURL=app.js.map\n"));
  EXPECT_THAT(w.codes, ElementsAre(ErrorCode::kDirSpecialFile, ErrorCode::kDirSpecialFile));
  EXPECT_NE(w.diags.items()[0].message.find("FIFO"), std::string::npos);
}

TEST(DirectoryInputTest, DeliversSetuidFilesWithAFinding) {
  ScratchDir d;
  d.write("in/run.sh", "#!/bin/sh\n");
  ASSERT_EQ(::chmod(d.path("in/run.sh").c_str(), 04755), 0);
  Walked w = walk(d.path("in"));
  EXPECT_THAT(w.files, ElementsAre("run.sh=#!/bin/sh\n"));
  EXPECT_THAT(w.codes, ElementsAre(ErrorCode::kEntrySetuid));
}

TEST(DirectoryInputTest, EscapesInvalidUtf8AndRejectsBackslashClimbs) {
  ScratchDir d;
  d.write("in/bad\xFF.js", "x");
  d.write("in/..\\..\\evil.js", "e");
  Walked w = walk(d.path("in"));
  EXPECT_THAT(w.files, ElementsAre("bad%FF.js=x"));
  EXPECT_THAT(w.codes, ElementsAre(ErrorCode::kEntryTraversal, ErrorCode::kEntryNameEncoding));
}

TEST(DirectoryInputTest, AppliesEntryAndInputByteLimits) {
  ScratchDir d;
  d.write("in/a.js", "12345678");
  d.write("in/b.js", "1234");
  d.write("in/c.js", "1234");
  d.write("in/d.js", "1234");
  InputLimits limits;
  limits.max_entry_bytes = 4;
  limits.max_input_bytes = 8;
  Walked w = walk(d.path("in"), limits);
  EXPECT_EQ(w.status, InputStatus::kPartial);
  EXPECT_THAT(w.files, ElementsAre("b.js=1234", "c.js=1234"));
  EXPECT_THAT(w.codes, ElementsAre(ErrorCode::kLimitEntryBytes, ErrorCode::kLimitInputBytes));
}

TEST(DirectoryInputTest, StopsAtTheEntryLimit) {
  ScratchDir d;
  for (const char* n : {"a", "b", "c", "d"}) d.write(std::string("in/") + n, n);
  InputLimits limits;
  limits.max_entries = 3;
  Walked w = walk(d.path("in"), limits);
  EXPECT_EQ(w.status, InputStatus::kPartial);
  EXPECT_THAT(w.files, ElementsAre("a=a", "b=b", "c=c"));
  EXPECT_THAT(w.codes, ElementsAre(ErrorCode::kLimitEntries));
}

TEST(DirectoryInputTest, StopsDescendingAtTheDepthLimit) {
  ScratchDir d;
  std::string deep = "in";
  for (int i = 0; i < kMaxDirectoryDepth + 5; ++i) deep += "/d";
  d.write(deep + "/too-deep.js", "x");
  d.write("in/top.js", "t");
  Walked w = walk(d.path("in"));
  EXPECT_EQ(w.status, InputStatus::kOk);
  EXPECT_THAT(w.files, ElementsAre("top.js=t"));
  EXPECT_THAT(w.codes, ElementsAre(ErrorCode::kLimitPath));
}

TEST(DirectoryInputTest, MissingRootFails) {
  ScratchDir d;
  Walked w = walk(d.path("nope"));
  EXPECT_EQ(w.status, InputStatus::kFailed);
  EXPECT_THAT(w.codes, ElementsAre(ErrorCode::kIoRead));
}

TEST(DirectoryInputTest, CallbackCanStop) {
  ScratchDir d;
  d.write("in/a", "a");
  d.write("in/b", "b");
  auto src = make_directory_input(d.path("in"), {});
  Diagnostics diags;
  int seen = 0;
  EXPECT_EQ(src->for_each_entry([&](const Entry&) { return ++seen < 1; }, diags), InputStatus::kOk);
  EXPECT_EQ(seen, 1);
}

// A file written while it is read (issue: reliability, fault injection): the walk compares the
// file's stamp before mapping with the one after delivering it.
TEST(DirectoryInputTest, FileChangedWhileReadIsReportedAndTheInputIsPartial) {
  ScratchDir d;
  d.write("in/a.js", "a");
  d.write("in/b.js", "b");
  auto src = make_directory_input(d.path("in"), {});
  Diagnostics diags;
  std::vector<std::string> seen;
  InputStatus status = src->for_each_entry(
      [&](const Entry& e) {
        seen.push_back(e.name);
        if (e.name == "a.js") std::ofstream(d.path("in/a.js"), std::ios::app) << "more";
        return true;
      },
      diags);
  EXPECT_EQ(status, InputStatus::kPartial);
  EXPECT_THAT(seen, ElementsAre("a.js", "b.js"));  // the rest of the input is still read
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].code, ErrorCode::kInputChanged);
  EXPECT_EQ(diags.items()[0].entry, "a.js");
  EXPECT_NE(diags.items()[0].message.find("size 1 -> 5 bytes"), std::string::npos);
}

TEST(DirectoryInputTest, UnreadableFileIsReportedAndTheInputIsPartial) {
  if (::geteuid() == 0) {
    GTEST_SKIP() << "root reads mode-0 files; faults_test.py covers it as nobody";
  }
  ScratchDir d;
  d.write("in/a.js", "a");
  d.write("in/b.js", "b");
  ASSERT_EQ(::chmod(d.path("in/a.js").c_str(), 0), 0);
  Walked w = walk(d.path("in"));
  EXPECT_EQ(w.status, InputStatus::kPartial);
  EXPECT_THAT(w.files, ElementsAre("b.js=b"));
  EXPECT_THAT(w.codes, ElementsAre(ErrorCode::kIoRead));
}

TEST(FileStampTest, MovesWithEveryWriteAndReplacement) {
  ScratchDir d;
  d.write("f", "abc");
  auto a = stamp_of(d.path("f"));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(stamp_of(d.path("f")), a);
  EXPECT_EQ(a->size, 3u);
  std::ofstream(d.path("f"), std::ios::app) << "d";
  auto b = stamp_of(d.path("f"));
  EXPECT_NE(b, a);
  EXPECT_EQ(describe_change(*a, *b), "size 3 -> 4 bytes");
  d.write("g", "abcd");
  ASSERT_EQ(::rename(d.path("g").c_str(), d.path("f").c_str()), 0);
  auto c = stamp_of(d.path("f"));
  EXPECT_EQ(describe_change(*b, *c), "replaced by another file");
  EXPECT_FALSE(stamp_of(d.path("missing")).has_value());
}

TEST(MappedFileTest, MapsBytesFollowedByZeroPadding) {
  ScratchDir d;
  const long page = ::sysconf(_SC_PAGESIZE);
  // Sizes around a page boundary: the padding must be readable even when the file ends a page.
  for (long size : {1L, 100L, page - 64, page - 1, page, page + 1, 3 * page}) {
    const std::string content(static_cast<size_t>(size), 'q');
    d.write("f", content);
    Diagnostics diags;
    Result<MappedFile> f = MappedFile::open(d.path("f"), diags, 1 << 20);
    ASSERT_TRUE(f.ok()) << size;
    EXPECT_EQ(f.value().bytes(), content);
    EXPECT_EQ(f.value().capacity(), static_cast<u64>(size) + kInputPadding);
    for (u64 i = 0; i < kInputPadding; ++i) {
      EXPECT_EQ(f.value().bytes().data()[static_cast<u64>(size) + i], '\0');
    }
    EXPECT_TRUE(diags.empty());
  }
}

TEST(MappedFileTest, EmptyFileIsAnEmptyPaddedView) {
  ScratchDir d;
  d.write("empty", "");
  Diagnostics diags;
  Result<MappedFile> f = MappedFile::open(d.path("empty"), diags, 10);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f.value().bytes().empty());
  EXPECT_EQ(f.value().bytes().data()[kInputPadding - 1], '\0');
}

TEST(MappedFileTest, RefusesFifosSymlinksDirectoriesAndMissingFiles) {
  ScratchDir d;
  d.write("real", "x");
  d.fifo("fifo");
  d.symlink("real", "link");
  d.mkdir("dir");
  for (const char* name : {"fifo", "link", "dir", "missing"}) {
    Diagnostics diags;
    Result<MappedFile> f = MappedFile::open(d.path(name), diags, 10);
    EXPECT_EQ(f.error(), ErrorCode::kIoRead) << name;
    EXPECT_TRUE(diags.has(ErrorCode::kIoRead)) << name;
  }
}

TEST(MappedFileTest, RefusesFilesOverTheLimit) {
  ScratchDir d;
  d.write("big", std::string(11, 'x'));
  Diagnostics diags;
  EXPECT_EQ(MappedFile::open(d.path("big"), diags, 10).error(), ErrorCode::kLimitInputBytes);
  EXPECT_TRUE(diags.has(ErrorCode::kLimitInputBytes));
}

TEST(MappedFileTest, MovesOwnership) {
  ScratchDir d;
  d.write("f", "hello");
  Diagnostics diags;
  Result<MappedFile> f = MappedFile::open(d.path("f"), diags, 10);
  ASSERT_TRUE(f.ok());
  MappedFile a = std::move(f).value();
  MappedFile b;
  b = std::move(a);
  EXPECT_EQ(b.bytes(), "hello");
  EXPECT_TRUE(a.bytes().empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
}

}  // namespace
}  // namespace mapsleuth::parsers
