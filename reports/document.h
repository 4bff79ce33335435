// The human-readable report as a small document -- title, sections of paragraphs, tables, lists and
// a command line -- built once from a Report and rendered by markdown_writer.cpp and
// html_writer.cpp. One builder, two renderers: report.md and report.html cannot drift apart in
// content.
//
// Text in the document is NOT escaped: spans hold raw strings (input-derived or ours) and each
// renderer escapes every span with its format's function (reports/escape.h). That keeps the rule
// "every input string passes one escaping function" checkable in one place per format.
//
// The document is bounded whatever the report's size: long lists are cut to a top N plus an
// "[N others]" row (STYLE R12, bloaty SortAndAggregateRows); only counts scan the whole report.
#pragma once

#include <string>
#include <vector>

#include "parsers/diagnostics.h"
#include "reports/model.h"

namespace mapsleuth::reports {

enum class Style {
  kPlain,
  kStrong,
  kCode,  ///< monospace; renderers fall back to plain text for characters a code span can't hold
};

struct Span {
  std::string text;
  Style style = Style::kPlain;
};

using Line = std::vector<Span>;

struct Table {
  std::vector<std::string> columns;  ///< header texts (ours)
  std::vector<bool> numeric;         ///< right-aligned columns
  std::vector<std::vector<Line>> rows;
};

struct Block {
  enum class Kind {
    kParagraph,  ///< `line`
    kTable,      ///< `table`
    kList,       ///< `items`, one bullet each
    kCommand,    ///< `text`: a shell command line, already shell-quoted (escape.h shell_quote)
    kTreemap,    ///< where report.html puts its SVG treemap; Markdown renders nothing
  };
  Kind kind = Kind::kParagraph;
  Line line;
  Table table;
  std::vector<Line> items;
  std::string text;
};

struct Section {
  std::string title;
  std::string id;  ///< stable anchor, [a-z-] only
  std::vector<Block> blocks;
};

struct Document {
  std::string title;
  Line subtitle;
  std::vector<Section> sections;
};

// Display limits (the [N others] row carries the rest).
inline constexpr size_t kTopDirectories = 15;
inline constexpr size_t kTopMaps = 20;
inline constexpr size_t kTopFindings = 50;
inline constexpr size_t kDiagnosticExamples = 3;

/// Builds the document. Deterministic: sorts are total orders (ties broken by report index).
Document build_document(const Report& report);

/// 1234567 -> "1,234,567" (parsers/diagnostics.h).
using ::mapsleuth::with_commas;
/// 1234567 -> "1.2 MB" (decimal units, one decimal, round half up; integer arithmetic only).
std::string human_bytes(u64 v);

/// Class names in display order and the "other" bucket for anything else.
inline constexpr const char* kClasses[] = {"first_party", "dependency", "bundler", "virtual"};

}  // namespace mapsleuth::reports
