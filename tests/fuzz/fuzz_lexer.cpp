// Fuzz target for analyzer/line_stats: every language's lexer over the same bytes. Aborts when a
// line is lost or counted twice (lines != code + comment + blank), when `lines` departs from the
// '\n' rule of line_stats.h, when a lexer disagrees with the others about which lines are blank
// (blankness is lexer-independent by definition), or when kOther reports comments.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "analyzer/line_stats.h"

namespace {

using mapsleuth::u64;
using mapsleuth::analyzer::count_line_stats;
using mapsleuth::analyzer::Language;
using mapsleuth::analyzer::LineStats;

void check(bool ok) {
  if (!ok) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  u64 newlines = 0;
  for (char c : text) {
    newlines += c == '\n';
  }
  const u64 lines = newlines + (!text.empty() && text.back() != '\n' ? 1 : 0);

  const LineStats other = count_line_stats(text, Language::kOther);
  check(other.comment_lines == 0 && other.todo_count == 0);
  for (Language lang : {Language::kJavaScript, Language::kCss, Language::kScss, Language::kOther}) {
    const LineStats s = count_line_stats(text, lang);
    check(s.lines == lines);
    check(s.lines == s.code_lines + s.comment_lines + s.blank_lines);
    check(s.blank_lines == other.blank_lines);
  }
  return 0;
}
