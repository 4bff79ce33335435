// report.html: one standalone file with the content of report.md (reports/document.h) plus an
// inline SVG treemap of the rebuilt sources. Safety (DESIGN section 5, hostile/README.md case R01):
//  * a CSP meta tag `default-src 'none'; style-src 'unsafe-inline'` -- no script, no fetch, no
//    image, font or frame can run or load even if an escape were missed;
//  * no <script>, no external resource, no link to anything outside the page;
//  * every input-derived string passes html_escape, in text and in <title> hover texts alike; input
//    never lands in an attribute, a tag or element name, a CSS class or an id;
//  * recovered code is never embedded.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reports/document.h"
#include "reports/escape.h"
#include "reports/format.h"

namespace mapsleuth::reports {
namespace {

constexpr const char* kStyle = R"(
:root{color-scheme:light}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2125;margin:0;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:18px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid #dde1e6}
p,li,td,th{overflow-wrap:anywhere}
nav{font-size:13px;margin:8px 0 16px}
nav a{margin-right:12px;color:#2456a6}
.subtitle{color:#4a535c;margin:0}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
th,td{border:1px solid #dde1e6;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f5}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
pre{background:#f0f2f5;padding:8px 12px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
figure{margin:12px 0}
figcaption{font-size:12px;color:#4a535c;margin-top:4px}
svg.treemap{width:100%;height:auto;border:1px solid #dde1e6;background:#fafbfc}
svg.treemap text{font:10px system-ui,sans-serif;pointer-events:none;fill:#1d2125}
svg.treemap text.g{font-weight:600}
svg.treemap rect{stroke:#fff;stroke-width:0.5}
svg.treemap rect.grp{fill:#e4e7eb;stroke:#9aa3ad;stroke-width:1}
.fp{fill:#e07a5f;background:#e07a5f}.dep{fill:#6d9dc5;background:#6d9dc5}
.bun{fill:#a390c9;background:#a390c9}.vir{fill:#8fbf8f;background:#8fbf8f}
.oth{fill:#b8bec6;background:#b8bec6}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;vertical-align:middle}
)";

// --- treemap ------------------------------------------------------------------------------------

constexpr double kWidth = 960;
constexpr double kHeight = 480;
constexpr size_t kMaxRects = 2000;  ///< leaf rectangles, the "others" rectangle included
constexpr double kCharWidth = 6.0;  ///< average advance of a 10px sans-serif glyph

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
};

/// Squarified treemap (Bruls, Huizing, van Wijk, "Squarified Treemaps", 2000): rows are laid
/// along the shorter side of what is left and grow while the worst aspect ratio improves. `areas`
/// must be sorted in descending order; they are scaled to fill `r`. Deterministic: the same areas
/// give the same rectangles (plain double arithmetic, no reordering).
std::vector<Rect> squarify(const std::vector<double>& areas, Rect r) {
  std::vector<Rect> out(areas.size());
  double total = 0;
  for (double a : areas) total += a;
  if (total <= 0 || r.w <= 0 || r.h <= 0) return out;
  double scale = r.w * r.h / total;
  size_t i = 0;
  while (i < areas.size()) {
    double side = std::min(r.w, r.h);
    if (side <= 0) break;
    size_t j = i;
    double sum = 0;
    double worst = INFINITY;
    while (j < areas.size()) {
      double a_max = areas[i] * scale;
      double a_min = areas[j] * scale;
      double s = sum + a_min;
      double w = std::max(side * side * a_max / (s * s), s * s / (side * side * a_min));
      if (j > i && w > worst) break;
      sum = s;
      worst = w;
      ++j;
    }
    double thick = sum / side;
    double pos = 0;
    for (size_t k = i; k < j; ++k) {
      double len = thick > 0 ? areas[k] * scale / thick : 0;
      if (r.w >= r.h) {
        out[k] = {r.x, r.y + pos, thick, len};  // a column at the left
      } else {
        out[k] = {r.x + pos, r.y, len, thick};  // a row at the top
      }
      pos += len;
    }
    if (r.w >= r.h) {
      r.x += thick;
      r.w = std::max(0.0, r.w - thick);
    } else {
      r.y += thick;
      r.h = std::max(0.0, r.h - thick);
    }
    i = j;
  }
  return out;
}

/// One decimal, no locale (snprintf's %f honours LC_NUMERIC).
void append_coord(double v, std::string& out) {
  long long tenths = std::llround(v * 10);
  if (tenths < 0) tenths = 0;
  out += std::to_string(tenths / 10);
  if (tenths % 10 != 0) {
    out += '.';
    out += static_cast<char>('0' + tenths % 10);
  }
}

/// The CSS class of a source class: a fixed name, never the input string.
const char* css_class(std::string_view cls) {
  if (cls == "first_party") return "fp";
  if (cls == "dependency") return "dep";
  if (cls == "bundler") return "bun";
  if (cls == "virtual") return "vir";
  return "oth";
}

/// The `exposure.by_directory` entry a first-party source falls in, so that the treemap and the
/// "Top first-party directories" table agree: the longest `directory` whose components occur whole
/// in the resolved path (`src/commands` in `/home/u/app/src/commands/x.ts`). nullptr when none
/// does.
const std::string* directory_of(const Exposure& e, std::string_view resolved) {
  const std::string* best = nullptr;
  for (const DirectoryExposure& d : e.by_directory) {
    if (d.directory.empty() || (best && best->size() >= d.directory.size())) continue;
    for (size_t at = resolved.find(d.directory); at != std::string_view::npos;
         at = resolved.find(d.directory, at + 1)) {
      size_t end = at + d.directory.size();
      if ((at == 0 || resolved[at - 1] == '/') && end < resolved.size() && resolved[end] == '/') {
        best = &d.directory;
        break;
      }
    }
  }
  return best;
}

/// Treemap group of a source: for first-party code its by_directory entry, else the top-level
/// directory of its resolved path (after a URL's scheme and namespace: `webpack://ns/./src/a.ts`
/// is in `src`; `.`/`..` are skipped); the package for dependencies; one group each for bundler
/// and virtual modules.
std::string group_key(const Report& r, const SourceRecord& s) {
  if (s.cls == "dependency") return s.package ? *s.package : std::string("node_modules");
  if (s.cls == "bundler") return "[bundler]";
  if (s.cls == "virtual") return "[virtual]";
  if (s.cls != "first_party") return "[" + s.cls + "]";
  std::string_view p = s.resolved.empty() ? s.path : s.resolved;
  if (const std::string* dir = directory_of(r.exposure, p)) return *dir;
  if (size_t scheme = p.find("://"); scheme != std::string_view::npos) {
    p.remove_prefix(scheme + 3);
    size_t slash = p.find('/');
    p.remove_prefix(slash == std::string_view::npos ? p.size() : slash);
  }
  while (!p.empty()) {
    size_t slash = p.find('/');
    if (slash == std::string_view::npos) break;  // a file name: no directory left
    std::string_view part = p.substr(0, slash);
    p.remove_prefix(slash + 1);
    if (part.empty() || part == "." || part == "..") continue;
    return std::string(part);
  }
  return "[top level]";
}

std::string_view base_name(std::string_view p) {
  while (!p.empty() && p.back() == '/') p.remove_suffix(1);
  size_t slash = p.rfind('/');
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

/// Approximate rendered width of escaped HTML text: one glyph per entity and per code point.
double text_width(std::string_view escaped) {
  size_t glyphs = 0;
  for (size_t i = 0; i < escaped.size(); ++i) {
    auto c = static_cast<unsigned char>(escaped[i]);
    if (c == '&') {
      size_t semi = escaped.find(';', i);
      if (semi != std::string_view::npos) i = semi;
    }
    if ((c & 0xC0) != 0x80) ++glyphs;
  }
  return static_cast<double>(glyphs) * kCharWidth;
}

void append_rect(const Rect& r, const char* cls, std::string& out) {
  out += "<rect class=\"";
  out += cls;
  out += "\" x=\"";
  append_coord(r.x, out);
  out += "\" y=\"";
  append_coord(r.y, out);
  out += "\" width=\"";
  append_coord(r.w, out);
  out += "\" height=\"";
  append_coord(r.h, out);
  out += "\">";
}

/// A label at the top-left of `r`, only when it fits.
void append_label(const Rect& r, const std::string& escaped, const char* cls, std::string& out) {
  if (r.h < 13 || text_width(escaped) + 6 > r.w) return;
  out += "<text";
  if (*cls) {
    out += " class=\"";
    out += cls;
    out += '"';
  }
  out += " x=\"";
  append_coord(r.x + 3, out);
  out += "\" y=\"";
  append_coord(r.y + 11, out);
  out += "\">";
  out += escaped;
  out += "</text>\n";
}

std::string count_of_sources(u64 n) { return with_commas(n) + (n == 1 ? " source" : " sources"); }

bool visible(const Rect& r) { return std::llround(r.w * 10) > 0 && std::llround(r.h * 10) > 0; }

struct Leaf {
  size_t source = SIZE_MAX;  ///< SIZE_MAX: the "others" leaf
  u64 bytes = 0;
};

struct Group {
  std::string key;
  u64 bytes = 0;
  std::vector<Leaf> leaves;
};

void render_treemap(const Report& r, std::string& out) {
  // Sources with rebuilt bytes; past kMaxRects - 1 of them the smallest merge into one rectangle.
  std::vector<size_t> leaves;
  u64 without_bytes = 0;
  for (size_t i = 0; i < r.sources.size(); ++i) {
    if (r.sources[i].bytes > 0) {
      leaves.push_back(i);
    } else {
      ++without_bytes;
    }
  }
  if (leaves.empty()) {
    out += "<p>No rebuilt source has content: nothing to draw.</p>\n";
    return;
  }
  auto larger = [&](size_t a, size_t b) {
    if (r.sources[a].bytes != r.sources[b].bytes) return r.sources[a].bytes > r.sources[b].bytes;
    return a < b;
  };
  Group others{"", 0, {}};
  u64 others_count = 0;
  if (leaves.size() > kMaxRects) {
    std::nth_element(leaves.begin(), leaves.begin() + (kMaxRects - 1), leaves.end(), larger);
    for (size_t k = kMaxRects - 1; k < leaves.size(); ++k)
      others.bytes += r.sources[leaves[k]].bytes;
    others_count = leaves.size() - (kMaxRects - 1);
    leaves.resize(kMaxRects - 1);
    // Built around the number: `"[" + std::string` trips GCC 12's false -Wrestrict (PR 105329).
    others.key = with_commas(others_count);
    others.key.insert(others.key.begin(), '[');
    others.key += " others]";
    others.leaves.push_back({SIZE_MAX, others.bytes});
  }
  std::sort(leaves.begin(), leaves.end(), larger);

  std::map<std::string, size_t> index;  // ordered: deterministic
  std::vector<Group> groups;
  for (size_t i : leaves) {
    std::string key = group_key(r, r.sources[i]);
    auto [it, inserted] = index.emplace(key, groups.size());
    if (inserted) groups.push_back({std::move(key), 0, {}});
    Group& g = groups[it->second];
    g.bytes += r.sources[i].bytes;
    g.leaves.push_back({i, r.sources[i].bytes});  // already in (bytes desc, index) order
  }
  std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
    if (a.bytes != b.bytes) return a.bytes > b.bytes;
    return a.key < b.key;
  });
  if (others_count > 0) {
    auto at = std::lower_bound(groups.begin(), groups.end(), others,
                               [](const Group& a, const Group& b) { return a.bytes > b.bytes; });
    groups.insert(at, std::move(others));
  }

  std::vector<double> group_areas;
  for (const Group& g : groups) group_areas.push_back(static_cast<double>(g.bytes));
  std::vector<Rect> group_rects = squarify(group_areas, {0, 0, kWidth, kHeight});

  out += "<figure>\n<svg class=\"treemap\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ";
  append_coord(kWidth, out);
  out += ' ';
  append_coord(kHeight, out);
  out += "\" role=\"img\" aria-labelledby=\"treemap-title\">\n";
  out +=
      "<title id=\"treemap-title\">Rebuilt sources by bytes, grouped by top-level directory or "
      "package</title>\n";
  for (size_t gi = 0; gi < groups.size(); ++gi) {
    const Group& g = groups[gi];
    Rect gr = group_rects[gi];
    if (!visible(gr)) continue;
    std::string key = html_escape(g.key);
    append_rect(gr, "grp", out);
    out += "<title>";
    out += key;
    out += ": ";
    u64 count =
        g.leaves.size() == 1 && g.leaves[0].source == SIZE_MAX ? others_count : g.leaves.size();
    out += count_of_sources(count);
    out += ", ";
    out += with_commas(g.bytes);
    out += " bytes</title></rect>\n";
    Rect inner = gr;
    if (inner.w > 4 && inner.h > 4) inner = {gr.x + 2, gr.y + 2, gr.w - 4, gr.h - 4};
    if (inner.h > 30 && inner.w > 40) {
      append_label({gr.x, gr.y, gr.w, 13}, key, "g", out);
      inner.y += 12;
      inner.h -= 12;
    }
    std::vector<double> areas;
    for (const Leaf& l : g.leaves) areas.push_back(static_cast<double>(l.bytes));
    std::vector<Rect> rects = squarify(areas, inner);
    for (size_t li = 0; li < g.leaves.size(); ++li) {
      if (!visible(rects[li])) continue;
      const Leaf& l = g.leaves[li];
      if (l.source == SIZE_MAX) {
        append_rect(rects[li], "oth", out);
        out += "<title>";
        out += key;
        out += ": the smallest sources, ";
        out += with_commas(l.bytes);
        out += " bytes</title></rect>\n";
        continue;
      }
      const SourceRecord& s = r.sources[l.source];
      append_rect(rects[li], css_class(s.cls), out);
      out += "<title>";
      append_html_escaped(s.path, out);
      out += " (";
      append_html_escaped(s.cls, out);
      if (s.package) {
        out += ", ";
        append_html_escaped(*s.package, out);
      }
      out += ", ";
      out += with_commas(s.bytes);
      out += " bytes, ";
      out += with_commas(s.lines);
      out += " lines)</title></rect>\n";
      append_label(rects[li], html_escape(base_name(s.file ? *s.file : s.path)), "", out);
    }
  }
  out += "</svg>\n<figcaption>Area is proportional to rebuilt bytes; hover for the source name. ";
  out += with_commas(leaves.size());
  out += " sources drawn";
  if (others_count > 0) {
    out += ", the ";
    out += with_commas(others_count);
    out += " smallest merged into one grey rectangle";
  }
  if (without_bytes > 0) {
    out += "; ";
    out += with_commas(without_bytes);
    out += " without content not drawn";
  }
  out +=
      ".<span class=\"legend\"><span class=\"fp\"></span>first_party<span class=\"dep\"></span>"
      "dependency<span class=\"bun\"></span>bundler<span class=\"vir\"></span>virtual"
      "<span class=\"oth\"></span>other</span></figcaption>\n</figure>\n";
}

// --- document -----------------------------------------------------------------------------------

void render_line(const Line& line, std::string& out) {
  for (const Span& span : line) {
    switch (span.style) {
      case Style::kPlain:
        append_html_escaped(span.text, out);
        break;
      case Style::kStrong:
        out += "<strong>";
        append_html_escaped(span.text, out);
        out += "</strong>";
        break;
      case Style::kCode:
        out += "<code>";
        append_html_escaped(span.text, out);
        out += "</code>";
        break;
    }
  }
}

void render_table(const Table& t, std::string& out) {
  auto numeric = [&](size_t i) { return i < t.numeric.size() && t.numeric[i]; };
  out += "<table>\n<thead><tr>";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    out += numeric(i) ? "<th class=\"n\">" : "<th>";
    append_html_escaped(t.columns[i], out);
    out += "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const std::vector<Line>& row : t.rows) {
    out += "<tr>";
    for (size_t i = 0; i < row.size(); ++i) {
      out += numeric(i) ? "<td class=\"n\">" : "<td>";
      render_line(row[i], out);
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
}

void render_block(const Report& r, const Block& b, std::string& out) {
  switch (b.kind) {
    case Block::Kind::kParagraph:
      out += "<p>";
      render_line(b.line, out);
      out += "</p>\n";
      return;
    case Block::Kind::kTable:
      render_table(b.table, out);
      return;
    case Block::Kind::kList:
      out += "<ul>\n";
      for (const Line& item : b.items) {
        out += "<li>";
        render_line(item, out);
        out += "</li>\n";
      }
      out += "</ul>\n";
      return;
    case Block::Kind::kCommand:
      out += "<pre><code>";
      append_html_escaped(b.text, out);
      out += "</code></pre>\n";
      return;
    case Block::Kind::kTreemap:
      render_treemap(r, out);
      return;
  }
}

}  // namespace

void write_html(const Report& report, std::ostream& os) {
  Document doc = build_document(report);
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'\">\n";
  out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  append_html_escaped(doc.title, out);
  out += "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<main>\n<h1>";
  append_html_escaped(doc.title, out);
  out += "</h1>\n<p class=\"subtitle\">";
  render_line(doc.subtitle, out);
  out += "</p>\n<nav>";
  for (const Section& s : doc.sections) {
    out += "<a href=\"#";
    out += s.id;  // ours, [a-z-]
    out += "\">";
    append_html_escaped(s.title, out);
    out += "</a>";
  }
  out += "</nav>\n";
  for (const Section& s : doc.sections) {
    out += "<section id=\"";
    out += s.id;
    out += "\">\n<h2>";
    append_html_escaped(s.title, out);
    out += "</h2>\n";
    for (const Block& b : s.blocks) render_block(report, b, out);
    out += "</section>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  os.write(out.data(), static_cast<std::streamsize>(out.size()));
}

}  // namespace mapsleuth::reports
