// discover_input's digests (analyzer/discover.h): computed beside the parse when deferred, always
// the SHA-256 of the bytes, and never read after the mapping they hash is gone.
#include "analyzer/discover.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "reconstruct/sha256.h"
#include "tests/scratch_dir.h"

namespace mapsleuth::analyzer {
namespace {

class Scratch : public testing_support::ScratchDir {
 public:
  Scratch() : ScratchDir("mapsleuth-discover") {}
};

const std::string kMap =
    R"({"version":3,"sources":["a.ts"],"sourcesContent":["x"],"mappings":"AAAA"})";
const std::string kScript = "x;\n//# sourceMappingURL=app.js.map\n";

bool is_hex_digest(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST(DeferredDigests, AScriptAndItsSiblingMapAreHashedOnceFinished) {
  Scratch s;
  s.write("app.js.map", kMap);
  const std::string script = s.write("app.js", kScript);
  DiscoveredInput input = discover_input(script, DiscoverLimits{}, Digests::kDeferred);
  ASSERT_EQ(input.maps.size(), 1u);
  EXPECT_FALSE(input.digests.empty());
  EXPECT_FALSE(is_hex_digest(input.record.sha256));  // a placeholder until finished

  input.digests.finish(input);
  EXPECT_TRUE(input.digests.empty());
  EXPECT_EQ(input.record.sha256, reconstruct::sha256_hex(kScript));
  EXPECT_EQ(input.files.at("app.js"), reconstruct::sha256_hex(kScript));
  EXPECT_EQ(input.maps[0].sha256, reconstruct::sha256_hex(kMap));
  EXPECT_EQ(input.files.at("app.js.map"), reconstruct::sha256_hex(kMap));
  input.digests.finish(input);  // idempotent
  EXPECT_EQ(input.maps[0].sha256, reconstruct::sha256_hex(kMap));
}

TEST(DeferredDigests, NowAndDeferredGiveTheSameInput) {
  Scratch s;
  s.write("app.js.map", kMap);
  const std::string script = s.write("app.js", kScript);
  const std::string map = s.write("other.js.map", kMap);
  for (const std::string& path : {script, map}) {
    DiscoveredInput now = discover_input(path, DiscoverLimits{});
    DiscoveredInput later = discover_input(path, DiscoverLimits{}, Digests::kDeferred);
    later.digests.finish(later);
    EXPECT_TRUE(now.digests.empty());
    EXPECT_TRUE(is_hex_digest(now.record.sha256)) << path;
    EXPECT_EQ(now.record.sha256, later.record.sha256) << path;
    EXPECT_EQ(now.files, later.files) << path;
    ASSERT_EQ(now.maps.size(), later.maps.size()) << path;
    for (size_t i = 0; i < now.maps.size(); ++i) {
      EXPECT_EQ(now.maps[i].sha256, later.maps[i].sha256) << path;
    }
  }
}

TEST(DeferredDigests, AScriptWithoutASiblingMapIsHashedAtOnce) {
  // Its mapping is not kept, so nothing may still read it once discover_input returns.
  Scratch s;
  const std::string script = s.write("lone.js", "console.log(1);\n");
  DiscoveredInput input = discover_input(script, DiscoverLimits{}, Digests::kDeferred);
  EXPECT_TRUE(input.digests.empty());
  EXPECT_EQ(input.record.sha256, reconstruct::sha256_hex("console.log(1);\n"));
}

TEST(DeferredDigests, AnInputDroppedUnfinishedWaitsForItsDigests) {
  // The destructor waits before the mapping goes (under ASan a read after unmap would fault).
  Scratch s;
  const std::string big(8u << 20, 'a');
  const std::string map =
      s.write("big.js.map", R"({"version":3,"sources":[],"mappings":"","x":")" + big + "\"}");
  for (int i = 0; i < 4; ++i) {
    DiscoveredInput input = discover_input(map, DiscoverLimits{}, Digests::kDeferred);
    EXPECT_FALSE(input.digests.empty());
  }
}

}  // namespace
}  // namespace mapsleuth::analyzer
