// Line statistics of rebuilt source files: lines, code lines, comment lines, blank lines, and
// TODO-style markers inside comments (DESIGN section 4, sources[] {lines, code_lines,
// comment_lines, blank_lines}).
//
// Counting uses a real lexer, not a regex over lines: a `//` inside a string, a `/*` inside a regex
// literal or a template literal spanning ten lines must not change the classes. One pass over the
// bytes, no allocation, linear in the input whatever it holds (hostile input included).
#pragma once

#include <string_view>

#include "parsers/types.h"

namespace mapsleuth::analyzer {

/// Which lexer classifies a file's lines.
enum class Language : u8 {
  /// .js .mjs .cjs .jsx .ts .mts .cts .tsx: one lexer for all of them. `//` and `/* */` comments,
  /// '...' and "..." strings with escapes and backslash-newline continuations, template literals
  /// with nested `${ ... }` substitutions, regex literals (regex vs division decided by the
  /// previous
  /// significant token), a `#!` first line (code). JSX text and TypeScript generics are lexed as
  /// ordinary tokens; a quote in JSX text opens a string that ends at the end of its line at the
  /// latest, so it cannot swallow later lines (a stray backquote in JSX text can; see the .cpp).
  kJavaScript,
  /// .css: `/* */` comments only; strings with escapes; `url(...)` unquoted is code.
  kCss,
  /// .scss .less: kCss plus `//` line comments (never inside `url(http://x)`).
  kScss,
  /// Anything else, including .vue and .svelte for now (they mix HTML, script and style blocks and
  /// would need a block splitter first): lines are only blank or code, comment_lines is 0.
  kOther,
};

/// The language of `path` by its extension, case-insensitive ("A.TSX" is kJavaScript). Only the
/// final extension counts ("x.d.ts" is .ts, "x.css.map" is kOther); no extension is kOther.
Language language_for_path(std::string_view path);

/// Line classes of one text. Invariant: lines == code_lines + comment_lines + blank_lines.
///
/// * `lines`: 0 for empty text, else the number of '\n' plus 1 if the text does not end with '\n'
///   (the sc_lines rule of DESIGN section 4). "\r\n" therefore counts once; a lone '\r' is
///   whitespace, not a line break.
/// * Every line is exactly one of:
///   - blank: only whitespace. Whitespace is ASCII space, \t, \v, \f, \r and the UTF-8 encodings of
///     U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000 and U+FEFF
///     (ECMA-262 WhiteSpace and LineTerminator minus \n, plus NEL). A whitespace-only line is blank
///     even inside a block comment or a template literal, as cloc and tokei count it.
///   - comment: comment text (delimiters included) and no code. Lines inside a multi-line block
///     comment are comment lines.
///   - code: at least one byte of a code token. A line with code and a trailing comment is code; a
///     line inside a multi-line string or template literal is code.
/// * `todo_count`: occurrences of TODO, FIXME, HACK or XXX inside comments, upper case, as whole
///   words (not next to [A-Za-z0-9_]): "TODO:" and "FIXME(bob)" count, "TODOS" and "XXXX" do not.
///   Always 0 for kOther and for markers in code or strings.
struct LineStats {
  u64 lines = 0;
  u64 code_lines = 0;
  u64 comment_lines = 0;
  u64 blank_lines = 0;
  u64 todo_count = 0;

  bool operator==(const LineStats&) const = default;
};

/// Classifies every line of `text` (see LineStats). Any bytes are accepted: invalid UTF-8 is code
/// or comment text, constructs left open at the end (string, comment, template, regex) simply end
/// there. Reads `text` only; keeps nothing.
LineStats count_line_stats(std::string_view text, Language lang);

}  // namespace mapsleuth::analyzer
