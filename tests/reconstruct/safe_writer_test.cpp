// Tests for reconstruct/safe_writer.cpp: containment (DESIGN 5, reference/safe-io.md 3), fixed
// modes, O_EXCL, atomic replacement, the files limit and write errors. Every test runs twice: with
// openat2 and with the O_NOFOLLOW component walk that replaces it where openat2 is filtered.
#include "reconstruct/safe_writer.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace mapsleuth {
// Prints codes by name in assertion failures.
void PrintTo(ErrorCode code, std::ostream* os) { *os << error_code_name(code); }
}  // namespace mapsleuth

namespace mapsleuth::reconstruct {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    out.push_back(fs::relative(e.path(), dir).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class SafeWriterTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "mapsleuth-writer-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    base_ = tmpl;
    out_ = base_ / "out";
    outside_ = base_ / "outside";
    fs::create_directory(outside_);
    options_.force_component_walk = GetParam();
  }
  void TearDown() override { fs::remove_all(base_); }  // does not follow symlinks

  SafeWriter open_writer(const WriterOptions* options = nullptr) {
    Result<SafeWriter> w = SafeWriter::open(out_.string(), diags_, options ? *options : options_);
    EXPECT_TRUE(w.ok()) << (diags_.empty() ? "" : diags_.items().back().message);
    return std::move(w).value();
  }

  fs::path base_, out_, outside_;
  Diagnostics diags_;
  WriterOptions options_;
};

// ------------------------------------------------------------------ open

TEST_P(SafeWriterTest, CreatesTheOutputDirectory) {
  SafeWriter w = open_writer();
  EXPECT_TRUE(fs::is_directory(out_));
  EXPECT_EQ(mode_of(out_), 0755u);
  EXPECT_EQ(w.dir(), out_.string());
}

TEST_P(SafeWriterTest, AcceptsAnExistingEmptyDirectory) {
  fs::create_directory(out_);
  Result<SafeWriter> w = SafeWriter::open(out_.string(), diags_, options_);
  EXPECT_TRUE(w.ok());
  EXPECT_TRUE(diags_.empty());
}

TEST_P(SafeWriterTest, RefusesANonEmptyDirectory) {
  fs::create_directory(out_);
  std::ofstream(out_ / "old.txt") << "previous run";
  Result<SafeWriter> w = SafeWriter::open(out_.string(), diags_, options_);
  EXPECT_EQ(w.error(), ErrorCode::kOutputNotEmpty);
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_EQ(error_code_name(diags_.items()[0].code), "E_OUTPUT_NOT_EMPTY");
  EXPECT_EQ(slurp(out_ / "old.txt"), "previous run");
}

TEST_P(SafeWriterTest, RefusesASymlinkAFileOrAMissingParent) {
  fs::create_directory_symlink(outside_, out_);
  EXPECT_EQ(SafeWriter::open(out_.string(), diags_, options_).error(), ErrorCode::kWriteEscape);
  fs::remove(out_);
  std::ofstream(out_) << "a file";
  EXPECT_EQ(SafeWriter::open(out_.string(), diags_, options_).error(), ErrorCode::kIoWrite);
  EXPECT_EQ(SafeWriter::open((base_ / "no/such/dir").string(), diags_, options_).error(),
            ErrorCode::kIoWrite);
  EXPECT_EQ(SafeWriter::open("", diags_, options_).error(), ErrorCode::kIoWrite);
  EXPECT_EQ(diags_.size(), 4u);
  EXPECT_TRUE(fs::is_empty(outside_));
}

// ------------------------------------------------------------------ write_file

TEST_P(SafeWriterTest, CreatesNestedFilesWithFixedModesWhateverTheUmask) {
  mode_t old = ::umask(077);
  SafeWriter w = open_writer();
  Result<u64> n = w.write_file("sources/webpack/_/src/a.js", "hello");
  ::umask(old);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n.value(), 5u);
  EXPECT_EQ(slurp(out_ / "sources/webpack/_/src/a.js"), "hello");
  EXPECT_EQ(mode_of(out_ / "sources/webpack/_/src/a.js"), 0644u);
  EXPECT_EQ(mode_of(out_ / "sources/webpack/_/src"), 0755u);
  EXPECT_EQ(mode_of(out_ / "sources"), 0755u);
  ASSERT_TRUE(w.write_file("sources/webpack/_/src/b.js", "").ok());  // reuses directories
  ASSERT_TRUE(w.write_file("top.txt", "x").ok());
  EXPECT_EQ(w.files(), 3u);
  EXPECT_EQ(w.bytes(), 6u);
  EXPECT_TRUE(diags_.empty());
}

TEST_P(SafeWriterTest, RefusesToOverwriteAnExistingFile) {
  SafeWriter w = open_writer();
  ASSERT_TRUE(w.write_file("a/x.txt", "first").ok());
  EXPECT_EQ(w.write_file("a/x.txt", "second").error(), ErrorCode::kWriteExists);
  EXPECT_EQ(slurp(out_ / "a/x.txt"), "first");
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_NE(diags_.items()[0].message.find("a/x.txt"), std::string::npos);
  EXPECT_EQ(w.files(), 1u);
}

TEST_P(SafeWriterTest, NeverFollowsAPlantedDirectorySymlink) {
  SafeWriter w = open_writer();
  fs::create_directory_symlink(outside_, out_ / "evil");
  fs::create_directories(out_ / "a");
  fs::create_directory_symlink(outside_, out_ / "a/b");
  fs::create_directory_symlink("..", out_ / "up");
  for (const char* rel : {"evil/x.txt", "evil/deeper/x.txt", "a/b/x.txt", "up/x.txt"}) {
    Diagnostics d;
    EXPECT_EQ(w.write_file(rel, "escaped", d).error(), ErrorCode::kWriteEscape) << rel;
    ASSERT_EQ(d.size(), 1u) << rel;
    EXPECT_NE(d.items()[0].message.find("symbolic link"), std::string::npos);
  }
  EXPECT_TRUE(fs::is_empty(outside_));
  EXPECT_FALSE(fs::exists(base_ / "x.txt"));
  EXPECT_EQ(w.files(), 0u);
}

TEST_P(SafeWriterTest, NeverWritesThroughAPlantedFileSymlink) {
  SafeWriter w = open_writer();
  std::ofstream(outside_ / "target") << "untouched";
  fs::create_symlink(outside_ / "target", out_ / "f");
  fs::create_symlink(outside_ / "missing", out_ / "dangling");
  EXPECT_FALSE(w.write_file("f", "x").ok());
  EXPECT_FALSE(w.write_file("dangling", "x").ok());
  EXPECT_EQ(w.write_file_atomic("f", "x", Replace::kNo).error(), ErrorCode::kWriteExists);
  EXPECT_EQ(slurp(outside_ / "target"), "untouched");
  EXPECT_FALSE(fs::exists(outside_ / "missing"));
  // A replacing rename swaps the link itself for a regular file; the target is not written.
  ASSERT_TRUE(w.write_file_atomic("f", "report", Replace::kYes).ok());
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(out_ / "f")));
  EXPECT_EQ(slurp(out_ / "f"), "report");
  EXPECT_EQ(slurp(outside_ / "target"), "untouched");
}

TEST_P(SafeWriterTest, RefusesPathsThatAreNotCleanRelativePaths) {
  SafeWriter w = open_writer();
  using namespace std::string_literals;
  for (std::string rel : {""s, "/etc/passwd"s, "../x"s, "a/../../x"s, "a/../x"s, "a//b"s, "./a"s,
                          "a/."s, "a/"s, ".."s, "a\0b"s}) {
    Diagnostics d;
    EXPECT_EQ(w.write_file(rel, "x", d).error(), ErrorCode::kWriteEscape) << rel;
    EXPECT_EQ(d.size(), 1u);
    EXPECT_EQ(w.write_file_atomic(rel, "x", Replace::kYes, d).error(), ErrorCode::kWriteEscape);
    EXPECT_TRUE(w.exists(rel)) << rel;  // a refused name counts as taken
  }
  EXPECT_TRUE(fs::is_empty(out_));
  EXPECT_TRUE(fs::is_empty(outside_));
}

TEST_P(SafeWriterTest, FileInTheWayOfADirectoryIsAnError) {
  SafeWriter w = open_writer();
  ASSERT_TRUE(w.write_file("src", "a file").ok());
  Diagnostics d;
  EXPECT_EQ(w.write_file("src/a.js", "x", d).error(), ErrorCode::kIoWrite);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d.items()[0].message.find("src/a.js"), std::string::npos);
  EXPECT_EQ(slurp(out_ / "src"), "a file");
}

TEST_P(SafeWriterTest, ExistsReportsTakenNamesWithoutFollowing) {
  SafeWriter w = open_writer();
  ASSERT_TRUE(w.write_file("a/b.txt", "x").ok());
  fs::create_directory_symlink(outside_, out_ / "link");
  std::ofstream(outside_ / "secret") << "s";
  EXPECT_TRUE(w.exists("a/b.txt"));
  EXPECT_TRUE(w.exists("a"));
  EXPECT_FALSE(w.exists("a/c.txt"));
  EXPECT_FALSE(w.exists("nope/c.txt"));
  EXPECT_TRUE(w.exists("link"));
  EXPECT_TRUE(w.exists("link/secret"));  // unreachable without following: taken
  EXPECT_TRUE(w.exists("a/b.txt/c"));    // a file in the way
}

// ------------------------------------------------------------------ atomic writes

TEST_P(SafeWriterTest, AtomicWriteCreatesAndReplaces) {
  SafeWriter w = open_writer();
  ASSERT_TRUE(w.write_file_atomic("report.json", "v1").ok());
  Result<u64> n = w.write_file_atomic("report.json", "version 2");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n.value(), 9u);
  EXPECT_EQ(slurp(out_ / "report.json"), "version 2");
  EXPECT_EQ(mode_of(out_ / "report.json"), 0644u);
  EXPECT_EQ(listing(out_), std::vector<std::string>{"report.json"});  // no temp left
}

TEST_P(SafeWriterTest, AtomicWriteWithoutReplaceRefusesAnExistingTarget) {
  SafeWriter w = open_writer();
  ASSERT_TRUE(w.write_file_atomic("r/manifest.json", "one", Replace::kNo).ok());
  EXPECT_EQ(w.write_file_atomic("r/manifest.json", "two", Replace::kNo).error(),
            ErrorCode::kWriteExists);
  EXPECT_EQ(slurp(out_ / "r/manifest.json"), "one");
  EXPECT_EQ(listing(out_), (std::vector<std::string>{"r", "r/manifest.json"}));
  EXPECT_EQ(diags_.size(), 1u);
}

TEST_P(SafeWriterTest, AtomicFileStreamsAndAppearsOnlyOnCommit) {
  SafeWriter w = open_writer();
  Result<AtomicFile> f = w.begin_atomic("reports/report.md");
  ASSERT_TRUE(f.ok());
  std::string expected;
  for (int i = 0; i < 20000; ++i) {
    std::string line = "| row " + std::to_string(i) + " |\n";
    f.value().stream() << line;
    expected += line;
  }
  std::string big(300000, 'z');  // larger than the stream buffer
  ASSERT_TRUE(f.value().append(big).ok());
  expected += big;
  EXPECT_FALSE(w.exists("reports/report.md"));
  Result<u64> n = f.value().commit();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n.value(), expected.size());
  EXPECT_EQ(slurp(out_ / "reports/report.md"), expected);
  EXPECT_EQ(listing(out_), (std::vector<std::string>{"reports", "reports/report.md"}));
  EXPECT_FALSE(f.value().commit().ok());  // once only
}

TEST_P(SafeWriterTest, AbandonedAtomicFileLeavesNothing) {
  SafeWriter w = open_writer();
  {
    Result<AtomicFile> f = w.begin_atomic("report.html");
    ASSERT_TRUE(f.ok());
    f.value().stream() << "<html>half";
  }
  Result<AtomicFile> g = w.begin_atomic("report.sarif");
  ASSERT_TRUE(g.ok());
  g.value().abort();
  g.value().abort();
  EXPECT_TRUE(fs::is_empty(out_));
  EXPECT_EQ(w.files(), 0u);
}

TEST_P(SafeWriterTest, DurableWritesSucceed) {
  WriterOptions o = options_;
  o.durable = true;
  SafeWriter w = open_writer(&o);
  ASSERT_TRUE(w.write_file("a/b.txt", "x").ok());
  ASSERT_TRUE(w.write_file_atomic("a/report.json", "{}", Replace::kNo).ok());
  EXPECT_TRUE(diags_.empty());
}

// ------------------------------------------------------------------ limits and errors

TEST_P(SafeWriterTest, FilesLimitIsReportedOnceThenWritesAreRefused) {
  WriterOptions o = options_;
  o.max_files = 3;
  SafeWriter w = open_writer(&o);
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(w.write_file(std::string("f") + std::to_string(i), "x").ok());
  EXPECT_EQ(w.write_file("f3", "x").error(), ErrorCode::kLimitFiles);
  EXPECT_EQ(w.write_file("f4", "x").error(), ErrorCode::kLimitFiles);
  // The reports still get written: the limit is on what the input makes us create.
  EXPECT_TRUE(w.write_file_atomic("report.json", "x").ok());
  EXPECT_EQ(w.files(), 4u);
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_EQ(error_code_name(diags_.items()[0].code), "E_LIMIT_FILES");
  EXPECT_FALSE(fs::exists(out_ / "f3"));
}

TEST_P(SafeWriterTest, FailedWritesDoNotUseUpTheLimit) {
  WriterOptions o = options_;
  o.max_files = 2;
  SafeWriter w = open_writer(&o);
  ASSERT_TRUE(w.write_file("a", "x").ok());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(w.write_file("a", "x").error(), ErrorCode::kWriteExists);
  EXPECT_TRUE(w.write_file("b", "x").ok());
}

// RLIMIT_FSIZE with SIGXFSZ ignored makes write(2) fail with EFBIG, as a full disk fails with
// ENOSPC: the same path. In a child, so the limit does not touch the test runner.
TEST_P(SafeWriterTest, WriteErrorIsReportedWithThePathAndThePartialFileRemoved) {
  SafeWriter w = open_writer();
  ASSERT_TRUE(w.write_file("keep.txt", "ok").ok());
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit lim{4096, 4096};
    if (::setrlimit(RLIMIT_FSIZE, &lim) != 0) ::_exit(10);
    Diagnostics d;
    Result<u64> r = w.write_file("src/big.js", std::string(100000, 'b'), d);
    if (r.ok() || r.error() != ErrorCode::kIoWrite) ::_exit(11);
    if (d.size() != 1 || d.items()[0].message.find("src/big.js") == std::string::npos) ::_exit(12);
    if (d.items()[0].message.find("too large") == std::string::npos) ::_exit(13);
    if (w.exists("src/big.js")) ::_exit(14);
    Diagnostics a;
    Result<u64> t = w.write_file_atomic("report.json", std::string(100000, 'r'), Replace::kYes, a);
    if (t.ok() || a.size() != 1 || w.exists("report.json")) ::_exit(15);
    ::_exit(w.files() == 1 ? 0 : 16);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(listing(out_), (std::vector<std::string>{"keep.txt", "src"}));
}

TEST_P(SafeWriterTest, ConcurrentWritersCountEveryFile) {
  SafeWriter w = open_writer();
  std::vector<std::thread> threads;
  std::vector<Diagnostics> sinks(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        std::string rel =
            "shared/d" + std::to_string(i % 7) + "/t" + std::to_string(t) + "_" + std::to_string(i);
        EXPECT_TRUE(w.write_file(rel, "abc", sinks[static_cast<size_t>(t)]).ok()) << rel;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(w.files(), 400u);
  EXPECT_EQ(w.bytes(), 1200u);
  for (const auto& s : sinks) EXPECT_TRUE(s.empty());
}

TEST_P(SafeWriterTest, MovedWriterKeepsWorking) {
  SafeWriter w = open_writer();
  SafeWriter moved = std::move(w);
  ASSERT_TRUE(moved.write_file("a.txt", "x").ok());
  EXPECT_EQ(moved.files(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Openat2AndComponentWalk, SafeWriterTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& param) {
                           return param.param ? "ComponentWalk" : "Openat2";
                         });

}  // namespace
}  // namespace mapsleuth::reconstruct
