#include "analyzer/classify.h"

#include <gtest/gtest.h>

namespace mapsleuth::analyzer {
namespace {

Classification classify(std::string_view raw, std::string_view resolved, bool ignored = false,
                        std::vector<UserRule> rules = {},
                        const std::map<std::string, std::string>* jsons = nullptr) {
  Classifier c(std::move(rules), jsons);
  return c.classify(raw, resolved, ignored);
}

TEST(ClassifyTest, PlainSourcesAreFirstPartyByDefault) {
  auto c = classify("src/a.ts", "src/a.ts");
  EXPECT_EQ(c.cls, SourceClass::kFirstParty);
  EXPECT_EQ(c.rule, "default");
}

TEST(ClassifyTest, NodeModulesAreDependenciesNamedByTheInnermostPackage) {
  auto c = classify("x", "node_modules/kleur/index.mjs");
  EXPECT_EQ(c.cls, SourceClass::kDependency);
  EXPECT_EQ(c.rule, "node_modules");
  EXPECT_EQ(c.package, "kleur");
  EXPECT_EQ(classify("x", "a/node_modules/@scope/pkg/lib/x.js").package, "@scope/pkg");
  EXPECT_EQ(classify("x", "node_modules/a/node_modules/b/i.js").package, "b");
  EXPECT_EQ(classify("x", "node_modules/.pnpm/b@1.0.0/node_modules/b/i.js").package, "b");
  // "my_node_modules/" is not a node_modules segment.
  EXPECT_EQ(classify("x", "src/my_node_modules/x.js").cls, SourceClass::kFirstParty);
}

TEST(ClassifyTest, DependencyVersionComesFromTheInputsPackageJson) {
  std::map<std::string, std::string> jsons{
      {"package/node_modules/ms/package.json", R"({"name":"ms","version":"2.1.3"})"}};
  auto c = classify("x", "package/node_modules/ms/index.js", false, {}, &jsons);
  EXPECT_EQ(c.package, "ms@2.1.3");
}

TEST(ClassifyTest, WebpackRuntimeAndExternalsAreBundler) {
  EXPECT_EQ(classify("webpack://qf/webpack/bootstrap", "webpack://qf/webpack/bootstrap").rule,
            "webpack-runtime");
  EXPECT_EQ(classify("webpack://qf/webpack/runtime/define property getters", "x").cls,
            SourceClass::kBundler);
  EXPECT_EQ(classify("webpack:///(webpack)/buildin/global.js", "x").rule, "webpack-runtime");
  EXPECT_EQ(classify(R"(webpack://qf/external node-commonjs "node:https")", "x").rule,
            "webpack-external");
  EXPECT_EQ(classify(R"(webpack://qf/external "fs")", "x").rule, "webpack-external");
  EXPECT_EQ(classify("webpack://qf/./src/external thing.ts", "x").cls, SourceClass::kFirstParty);
}

TEST(ClassifyTest, VirtualModulesHaveANulOrVirtualScheme) {
  EXPECT_EQ(classify(std::string_view("\0commonjsHelpers.js", 19), "x").cls, SourceClass::kVirtual);
  EXPECT_EQ(classify("virtual:my-module", "virtual:my-module").cls, SourceClass::kVirtual);
}

TEST(ClassifyTest, IgnoreListMeansThirdParty) {
  auto c = classify("lib/vendor.js", "lib/vendor.js", true);
  EXPECT_EQ(c.cls, SourceClass::kDependency);
  EXPECT_EQ(c.rule, "ignore-list");
}

TEST(ClassifyTest, UserRulesWinAndAreRecorded) {
  Diagnostics d;
  auto rules = parse_user_rules("+*/node_modules/@acme/*, -src/vendor/*, bundler:*/shim.js", d);
  ASSERT_TRUE(rules.ok());
  ASSERT_EQ(rules.value().size(), 3U);
  auto c = classify("x", "a/node_modules/@acme/core/i.js", false, rules.value());
  EXPECT_EQ(c.cls, SourceClass::kFirstParty);
  EXPECT_EQ(c.rule, "user:+*/node_modules/@acme/*");
  EXPECT_EQ(classify("x", "src/vendor/lib.js", false, rules.value()).cls, SourceClass::kDependency);
  EXPECT_EQ(classify("x", "a/shim.js", false, rules.value()).cls, SourceClass::kBundler);
}

TEST(ClassifyTest, BadUserRulesAreRejectedWithAClearError) {
  Diagnostics d;
  EXPECT_FALSE(parse_user_rules("weird:src/*", d).ok());
  EXPECT_TRUE(d.has(ErrorCode::kRulesSyntax));
  Diagnostics e;
  EXPECT_FALSE(parse_user_rules("+", e).ok());
}

}  // namespace
}  // namespace mapsleuth::analyzer
