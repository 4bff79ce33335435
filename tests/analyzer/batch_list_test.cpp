#include "analyzer/batch_list.h"

#include <gtest/gtest.h>

namespace mapsleuth::analyzer {
namespace {

TEST(BatchListTest, SkipsCommentsAndBlanksAndTrims) {
  Diagnostics d("list.txt", {});
  auto e =
      parse_batch_list("# inputs\n\n  a.tgz  \r\n\t# indented comment\n/abs/b.zip\nc", "lists/", d);
  ASSERT_EQ(e.size(), 3U);
  EXPECT_EQ(e[0].line, "a.tgz");
  EXPECT_EQ(e[0].path, "lists/a.tgz");
  EXPECT_EQ(e[0].line_no, 3U);
  EXPECT_EQ(e[1].path, "/abs/b.zip");  // absolute: as written
  EXPECT_EQ(e[2].line, "c");           // no final newline
  EXPECT_EQ(e[2].path, "lists/c");
  EXPECT_TRUE(d.empty());
}

TEST(BatchListTest, IdentityIsTheSha256OfTheTrimmedLine) {
  Diagnostics d;
  auto e = parse_batch_list("  abc\n", "", d);
  ASSERT_EQ(e.size(), 1U);
  // sha256("abc"), FIPS 180-2 appendix B.1.
  EXPECT_EQ(e[0].id, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(e[0].id, input_identity("abc"));
}

TEST(BatchListTest, RepeatedLineIsAnalysedOnceWithAWarning) {
  Diagnostics d("list.txt", {});
  auto e = parse_batch_list("a\nb\n a\n", "", d);
  ASSERT_EQ(e.size(), 2U);
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d.items()[0].code, ErrorCode::kBatchList);
  EXPECT_EQ(d.items()[0].severity, Severity::kWarning);
  EXPECT_NE(d.items()[0].message.find("line 3"), std::string::npos);
}

TEST(BatchListTest, UnreadableListIsAnError) {
  Diagnostics d;
  auto r = read_batch_list("/nonexistent/list.txt", d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), ErrorCode::kBatchList);
  EXPECT_TRUE(d.has(ErrorCode::kBatchList));
}

TEST(BatchListTest, ParsesShards) {
  auto s = parse_shard("2/3");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->k, 2U);
  EXPECT_EQ(s->n, 3U);
  for (const char* bad :
       {"0/3", "4/3", "3", "/3", "1/", "a/b", "1/0", "-1/2", "1/2x", "1/2000000"}) {
    EXPECT_FALSE(parse_shard(bad)) << bad;
  }
}

// N workers cover the list exactly once, and evenly: every identity lands in one shard only.
TEST(BatchListTest, ShardsPartitionTheInputs) {
  constexpr u64 kN = 7;
  std::vector<int> per_shard(kN, 0);
  for (int i = 0; i < 7000; ++i) {
    std::string id = input_identity("pkg-" + std::to_string(i) + ".tgz");
    int owners = 0;
    for (u64 k = 1; k <= kN; ++k) {
      if (in_shard(id, Shard{k, kN})) {
        ++owners;
        ++per_shard[k - 1];
      }
    }
    ASSERT_EQ(owners, 1) << id;
  }
  for (int n : per_shard) EXPECT_NEAR(n, 1000, 150);
  EXPECT_TRUE(in_shard(input_identity("x"), Shard{1, 1}));
}

// The split is part of the contract (docs/batch.md): a worker of another version or machine must
// compute the same shard. sha256("abc") starts ba7816bf8f01cfea = 13436514500253700074.
TEST(BatchListTest, ShardIsTheFirst64BitsModuloN) {
  std::string id = input_identity("abc");
  u64 h = 13436514500253700074ULL;
  for (u64 n : {2ULL, 3ULL, 10ULL, 1000ULL}) {
    EXPECT_TRUE(in_shard(id, Shard{h % n + 1, n})) << n;
  }
}

}  // namespace
}  // namespace mapsleuth::analyzer
