// Tests the SVG treemap of reports/html_writer.cpp through its output: the squarified layout must
// tile the canvas without overlaps, keep area proportional to bytes and keep rectangles squarish.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "reports/format.h"

namespace mapsleuth::reports {
namespace {

struct SvgRect {
  std::string cls;
  double x, y, w, h;
  std::string title;
};

/// The value of attribute `name` in the tag text `tag` (our own attributes: no quotes inside).
std::string attribute(std::string_view tag, std::string_view name) {
  std::string needle = " " + std::string(name) + "=\"";
  size_t at = tag.find(needle);
  if (at == std::string_view::npos) return "";
  size_t from = at + needle.size();
  return std::string(tag.substr(from, tag.find('"', from) - from));
}

/// Every <rect ...><title>...</title> of the page (a hand parser: std::regex trips GCC 12's
/// -Wmaybe-uninitialized under ASan).
std::vector<SvgRect> rects_of(const std::string& html) {
  std::vector<SvgRect> out;
  for (size_t p = html.find("<rect "); p != std::string::npos; p = html.find("<rect ", p + 1)) {
    size_t close = html.find('>', p);
    std::string_view tag(html.data() + p, close - p);
    size_t title = close + 1;
    if (html.compare(title, 7, "<title>") != 0) continue;
    size_t title_end = html.find("</title>", title);
    out.push_back({attribute(tag, "class"), std::stod(attribute(tag, "x")),
                   std::stod(attribute(tag, "y")), std::stod(attribute(tag, "width")),
                   std::stod(attribute(tag, "height")),
                   html.substr(title + 7, title_end - title - 7)});
  }
  return out;
}

std::string html_of(const Report& r) {
  std::ostringstream os;
  write_html(r, os);
  return os.str();
}

Report three_directories(size_t n) {
  Report r;
  for (size_t i = 0; i < n; ++i) {
    SourceRecord s;
    s.path = "webpack://app/./" +
             std::string(i % 3 == 0   ? "src"
                         : i % 3 == 1 ? "lib"
                                      : "test") +
             "/f" + std::to_string(i) + ".ts";
    s.resolved = s.path;
    s.bytes = 1000 + 10 * i;
    r.sources.push_back(s);
  }
  return r;
}

TEST(HtmlTreemapTest, LeavesTileTheCanvasWithoutOverlap) {
  std::vector<SvgRect> rects = rects_of(html_of(three_directories(300)));
  std::vector<SvgRect> groups, leaves;
  for (const SvgRect& r : rects) (r.cls == "grp" ? groups : leaves).push_back(r);
  ASSERT_EQ(groups.size(), 3u);  // src, lib, test
  ASSERT_EQ(leaves.size(), 300u);
  constexpr double kEps = 0.11;  // coordinates are rounded to 0.1
  for (const SvgRect& r : rects) {
    EXPECT_GE(r.x, 0);
    EXPECT_GE(r.y, 0);
    EXPECT_LE(r.x + r.w, 960 + kEps);
    EXPECT_LE(r.y + r.h, 480 + kEps);
  }
  for (size_t a = 0; a < leaves.size(); ++a) {
    for (size_t b = a + 1; b < leaves.size(); ++b) {
      double ox = std::min(leaves[a].x + leaves[a].w, leaves[b].x + leaves[b].w) -
                  std::max(leaves[a].x, leaves[b].x);
      double oy = std::min(leaves[a].y + leaves[a].h, leaves[b].y + leaves[b].h) -
                  std::max(leaves[a].y, leaves[b].y);
      ASSERT_FALSE(ox > kEps && oy > kEps) << leaves[a].title << " overlaps " << leaves[b].title;
    }
  }
  double group_area = 0;
  for (const SvgRect& g : groups) group_area += g.w * g.h;
  EXPECT_NEAR(group_area, 960.0 * 480.0, 960.0 * 480.0 * 0.001);
}

TEST(HtmlTreemapTest, AreaIsProportionalToBytesAndRectanglesAreSquarish) {
  Report r = three_directories(90);
  std::vector<SvgRect> rects = rects_of(html_of(r));
  double max_aspect = 0;
  std::vector<double> density;  // area per byte, within the "src" group
  for (const SvgRect& s : rects) {
    if (s.cls == "grp") continue;
    max_aspect = std::max(max_aspect, std::max(s.w / s.h, s.h / s.w));
    if (s.title.find("/src/") == std::string::npos) continue;
    size_t open = s.title.find("(first_party, ");
    ASSERT_NE(open, std::string::npos) << s.title;
    std::string digits;
    for (size_t i = open + 14; i < s.title.size() && s.title[i] != ' '; ++i) {
      if (s.title[i] != ',') digits += s.title[i];
    }
    density.push_back(s.w * s.h / std::stod(digits));
  }
  ASSERT_EQ(density.size(), 30u);
  auto [lo, hi] = std::minmax_element(density.begin(), density.end());
  EXPECT_LT(*hi / *lo, 1.05);
  EXPECT_LT(max_aspect, 4.0);
}

TEST(HtmlTreemapTest, HostileNamesOnlyAppearEscapedInTitlesAndLabels) {
  Report r;
  SourceRecord s;
  s.path = "src/<svg onload=alert(1)>/</title><script>x</script>.ts";
  s.resolved = s.path;
  s.file = "src/a\"b'c&d.ts";
  s.bytes = 100;
  r.sources.push_back(s);
  std::string html = html_of(r);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<svg onload"), std::string::npos);
  EXPECT_NE(html.find("&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;.ts"), std::string::npos);
  EXPECT_NE(html.find(">a&quot;b&#39;c&amp;d.ts</text>"), std::string::npos);
}

TEST(HtmlTreemapTest, NoContentMeansNoSvg) {
  Report r;
  r.sources.push_back(SourceRecord{});
  std::string html = html_of(r);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("nothing to draw"), std::string::npos);
}

}  // namespace
}  // namespace mapsleuth::reports
