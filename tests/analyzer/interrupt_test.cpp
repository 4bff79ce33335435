// Signals and inputs that change under us (analyzer/interrupt.h, discover.h check_input_unchanged;
// issue: reliability). The end-to-end side, with real signals and a real scan, is
// tests/e2e/faults_test.py.
#include "analyzer/interrupt.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "analyzer/discover.h"
#include "analyzer/scan.h"
#include "parsers/mapped_file.h"
#include "tests/scratch_dir.h"

namespace mapsleuth::analyzer {
namespace {

class Scratch : public testing_support::ScratchDir {
 public:
  Scratch() : ScratchDir("mapsleuth-interrupt") {}
};

class StopFlag : public ::testing::Test {
 protected:
  void TearDown() override { request_stop_for_test(0); }
};

TEST_F(StopFlag, CheckpointThrowsOnlyOnceAStopWasAsked) {
  EXPECT_EQ(stop_signal(), 0);
  EXPECT_NO_THROW(throw_if_interrupted());
  request_stop_for_test(SIGTERM);
  try {
    throw_if_interrupted();
    FAIL() << "no Interrupted";
  } catch (const Interrupted& i) {
    EXPECT_EQ(i.signal, SIGTERM);
  }
  EXPECT_STREQ(signal_name(SIGTERM), "SIGTERM");
  EXPECT_STREQ(signal_name(SIGINT), "SIGINT");
}

// STYLE R6's per-input catch turns exceptions into a failed input; a stop must not be one of them.
TEST_F(StopFlag, AnalyzeStopsTheWholeRunInsteadOfFailingAnInput) {
  Scratch s;
  ScanOptions opt;
  opt.inputs = {s.write("a.js.map", R"({"version":3,"sources":["a.ts"],"mappings":"AAAA"})"),
                s.write("b.js.map", R"({"version":3,"sources":["b.ts"],"mappings":"AAAA"})")};
  opt.findings = false;
  opt.quiet = true;
  Diagnostics diags;
  ASSERT_TRUE(analyze(opt, nullptr, diags).ok());
  request_stop_for_test(SIGINT);
  EXPECT_THROW(static_cast<void>(analyze(opt, nullptr, diags)), Interrupted);
}

TEST(InputChange, AnInputWrittenWhileReadIsPartialWithADiagnostic) {
  Scratch s;
  const std::string path = s.write("app.js.map", R"({"version":3,"sources":[],"mappings":""})");
  DiscoverLimits limits;
  auto before = parsers::stamp_of(path);
  DiscoveredInput input = discover_input(path, limits);
  check_input_unchanged(path, before, input);
  EXPECT_EQ(input.record.status, "ok");
  EXPECT_FALSE(input.diags.has(ErrorCode::kInputChanged));

  std::ofstream(path, std::ios::app) << "\n";
  check_input_unchanged(path, before, input);
  EXPECT_EQ(input.record.status, "partial");
  ASSERT_TRUE(input.diags.has(ErrorCode::kInputChanged));

  DiscoveredInput gone = discover_input(path, limits);
  std::filesystem::remove(path);
  check_input_unchanged(path, parsers::stamp_of(s.write("x", "")), gone);
  EXPECT_EQ(gone.record.status, "partial");
}

// An mmapped input truncated by another process raises SIGBUS on the next read of a lost page;
// that must end the run with a message and exit status 2, not a crash.
TEST(InputChangeDeathTest, AMappedInputThatShrinksEndsTheRunWithAMessage) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  Scratch s;
  const std::string path = s.write("big.map", std::string(1 << 20, 'x'));
  EXPECT_EXIT(
      {
        install_signal_handlers();
        Diagnostics diags;
        auto file = parsers::MappedFile::open(path, diags, 1 << 30);
        if (!file.ok()) std::_Exit(3);
        if (::truncate(path.c_str(), 0) != 0) std::_Exit(4);
        volatile char sink = 0;
        for (char c : file.value().bytes()) sink = static_cast<char>(sink + c);
        std::_Exit(5);  // not reached: the first lost page faults
      },
      ::testing::ExitedWithCode(2), "E_INPUT_CHANGED: an input file shrank");
}

}  // namespace
}  // namespace mapsleuth::analyzer
