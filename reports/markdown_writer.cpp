// report.md: the audit report as GitHub-flavoured Markdown (CommonMark 0.30 + GFM tables). The
// content comes from build_document (reports/document.h); this file only renders it, and every span
// passes markdown_escape -- which also turns every control byte, \n and \t included, into a visible
// escape, so the only raw C0 byte in the file is our own \n (hostile/README.md case R03).
#include <algorithm>
#include <string>

#include "reports/document.h"
#include "reports/escape.h"
#include "reports/format.h"

namespace mapsleuth::reports {
namespace {

/// A code span holds its text literally (backslash escapes do not work inside, and a `|` still ends
/// a GFM table cell), so only a conservative character set goes in one: hashes, codes, class and
/// option names. Anything else is rendered as escaped plain text.
bool code_span_safe(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '/' || c == ':' || c == '@' || c == '+' || c == '=' || c == ',' ||
           c == '_';
  });
}

void render_line(const Line& line, std::string& out) {
  for (const Span& span : line) {
    if (span.text.empty()) continue;
    switch (span.style) {
      case Style::kPlain:
        append_markdown_escaped(span.text, out);
        break;
      case Style::kStrong:
        out += "**";
        append_markdown_escaped(span.text, out);
        out += "**";
        break;
      case Style::kCode:
        if (code_span_safe(span.text)) {
          out += '`';
          out += span.text;
          out += '`';
        } else {
          append_markdown_escaped(span.text, out);
        }
        break;
    }
  }
}

void render_table(const Table& t, std::string& out) {
  out += '|';
  for (const std::string& c : t.columns) {
    out += ' ';
    append_markdown_escaped(c, out);
    out += " |";
  }
  out += "\n|";
  for (size_t i = 0; i < t.columns.size(); ++i)
    out += i < t.numeric.size() && t.numeric[i] ? " ---: |" : " --- |";
  out += '\n';
  for (const std::vector<Line>& row : t.rows) {
    out += '|';
    for (const Line& cell : row) {
      out += ' ';
      render_line(cell, out);
      out += " |";
    }
    out += '\n';
  }
}

/// A fenced block must be fenced by more backticks than any run inside it (CommonMark 4.5).
void render_command(const std::string& text, std::string& out) {
  size_t longest = 0;
  size_t run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<size_t>(3, longest + 1), '`');
  out += fence;
  out += "sh\n";
  out += text;  // shell_quote output: no control bytes, valid UTF-8
  out += '\n';
  out += fence;
  out += '\n';
}

void render_block(const Block& b, std::string& out) {
  switch (b.kind) {
    case Block::Kind::kParagraph:
      render_line(b.line, out);
      out += '\n';
      break;
    case Block::Kind::kTable:
      render_table(b.table, out);
      break;
    case Block::Kind::kList:
      for (const Line& item : b.items) {
        out += "- ";
        render_line(item, out);
        out += '\n';
      }
      break;
    case Block::Kind::kCommand:
      render_command(b.text, out);
      break;
    case Block::Kind::kTreemap:
      return;  // report.html only
  }
  out += '\n';
}

}  // namespace

void write_markdown(const Report& report, std::ostream& os) {
  Document doc = build_document(report);
  std::string out;
  out += "# ";
  append_markdown_escaped(doc.title, out);
  out += "\n\n";
  render_line(doc.subtitle, out);
  out += "\n\n";
  for (const Section& s : doc.sections) {
    out += "## ";
    append_markdown_escaped(s.title, out);
    out += "\n\n";
    for (const Block& b : s.blocks) render_block(b, out);
  }
  // One trailing newline, not a blank line.
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n')
    out.pop_back();
  os.write(out.data(), static_cast<std::streamsize>(out.size()));
}

}  // namespace mapsleuth::reports
