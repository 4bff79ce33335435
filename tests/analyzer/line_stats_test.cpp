#include "analyzer/line_stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <ostream>
#include <random>
#include <string>

namespace mapsleuth::analyzer {

// gtest prints this on failure (found by ADL).
void PrintTo(const LineStats& s, std::ostream* os) {
  *os << "{lines " << s.lines << ", code " << s.code_lines << ", comment " << s.comment_lines
      << ", blank " << s.blank_lines << ", todo " << s.todo_count << "}";
}

namespace {

/// Expected stats from the three classes; lines is their sum.
LineStats want(u64 code, u64 comment, u64 blank, u64 todo = 0) {
  return LineStats{code + comment + blank, code, comment, blank, todo};
}

LineStats js(std::string_view text) { return count_line_stats(text, Language::kJavaScript); }
LineStats css(std::string_view text) { return count_line_stats(text, Language::kCss); }
LineStats scss(std::string_view text) { return count_line_stats(text, Language::kScss); }
LineStats other(std::string_view text) { return count_line_stats(text, Language::kOther); }

constexpr std::array<Language, 4> kAllLanguages = {Language::kJavaScript, Language::kCss,
                                                   Language::kScss, Language::kOther};

TEST(LineStatsTest, EmptyTextHasNoLines) {
  for (Language lang : kAllLanguages) {
    EXPECT_EQ(count_line_stats("", lang), LineStats{});
  }
}

TEST(LineStatsTest, OneLineWithoutNewlineIsOneLine) {
  EXPECT_EQ(js("x"), want(1, 0, 0));
  EXPECT_EQ(js("x\n"), want(1, 0, 0));
  EXPECT_EQ(js("x\ny"), want(2, 0, 0));
  EXPECT_EQ(js("\n"), want(0, 0, 1));
  EXPECT_EQ(js("  "), want(0, 0, 1));
  EXPECT_EQ(other("a\n\nb"), want(2, 0, 1));
}

TEST(LineStatsTest, CrlfCountsOnceAndLoneCrIsWhitespace) {
  EXPECT_EQ(js("a\r\n\r\n// c\r\nb"), want(2, 1, 1));
  EXPECT_EQ(js("a\rb\r\n"), want(1, 0, 0));  // one line: a lone '\r' breaks nothing
  EXPECT_EQ(js("\r\r\n"), want(0, 0, 1));
  EXPECT_EQ(css("a {}\r\n/* c */\r\n"), want(1, 1, 0));
}

TEST(LineStatsTest, WhitespaceOnlyLinesAreBlankIncludingUnicodeSpaces) {
  // tab, NBSP, BOM, U+2003 EM SPACE, U+3000, U+2028, NEL
  const std::string text =
      "\t \n\xC2\xA0\n\xEF\xBB\xBF\t\n\xE2\x80\x83\n\xE3\x80\x80\n\xE2\x80\xA8\n\xC2\x85\v\f\n";
  for (Language lang : kAllLanguages) {
    EXPECT_EQ(count_line_stats(text, lang), want(0, 0, 7));
  }
  // A BOM before code is not code by itself, and NBSP between tokens is whitespace.
  EXPECT_EQ(js("\xEF\xBB\xBF// header\nlet\xC2\xA0x = 1;\n"), want(1, 1, 0));
  // Non-space Unicode is code (U+00E9, U+200B ZERO WIDTH SPACE is not White_Space).
  EXPECT_EQ(js("\xC3\xA9\n\xE2\x80\x8B\n"), want(2, 0, 0));
}

TEST(LineStatsTest, LineCommentOnlyLineIsComment) {
  EXPECT_EQ(js("// x\n"), want(0, 1, 0));
  EXPECT_EQ(js("   // indented\n//\n"), want(0, 2, 0));
  EXPECT_EQ(js("/* one-line block */\n"), want(0, 1, 0));
}

TEST(LineStatsTest, CodeWithTrailingCommentIsCode) {
  EXPECT_EQ(js("f(); // call\n"), want(1, 0, 0));
  EXPECT_EQ(js("f(); /* call */\n"), want(1, 0, 0));
  EXPECT_EQ(js("/* lead */ f();\n"), want(1, 0, 0));
}

TEST(LineStatsTest, MultiLineBlockCommentWithCodeAfterCloseOnLastLine) {
  EXPECT_EQ(js("/**\n * Doc.\n *\n */ export const a = 1;\n"), want(1, 3, 0));
  EXPECT_EQ(js("a(); /* start\n middle\n end */\n"), want(1, 2, 0));
}

TEST(LineStatsTest, WhitespaceOnlyLineInsideBlockCommentIsBlank) {
  EXPECT_EQ(js("/*\n\n   \n*/\n"), want(0, 2, 2));
}

TEST(LineStatsTest, BlockCommentOpenerInsideStringIsCode) {
  EXPECT_EQ(js("const a = \"/*\";\nb();\n// c\n"), want(2, 1, 0));
  EXPECT_EQ(js("const a = '/*';\nb();\n"), want(2, 0, 0));
  EXPECT_EQ(js("const a = 'it\\'s /*';\nb();\n"), want(2, 0, 0));  // escaped quote
}

TEST(LineStatsTest, LineCommentOpenerInsideStringAndTemplateIsCode) {
  EXPECT_EQ(js("const u = 'http://x';\n"), want(1, 0, 0));
  EXPECT_EQ(js("const u = `//`;\n// real\n"), want(1, 1, 0));
  EXPECT_EQ(js("const u = `\n// not a comment\n/* nor this */\n`;\n"), want(4, 0, 0));
}

TEST(LineStatsTest, MultiLineTemplateWithSubstitutionsAndNestedTemplate) {
  const std::string_view text =
      "const s = `line one\n"
      "${ '//' } two\n"
      "\n"
      "${ cond ? `inner ${ x /* c */ } //` : { a: 1 }.a } three\n"
      "`; // done\n"
      "// after\n";
  EXPECT_EQ(js(text), want(4, 1, 1));
  // The object literal's '}' inside a substitution does not end it.
  EXPECT_EQ(js("t = `${ {a: `${'}'}`} }`\n// c\n"), want(1, 1, 0));
}

TEST(LineStatsTest, RegexLiteralContainingCommentOpenersIsCode) {
  EXPECT_EQ(js("const re = /\\/\\/|\\/\\*/g;\nnext();\n"), want(2, 0, 0));
  EXPECT_EQ(js("if (/^\\/\\//.test(s)) {}\n// c\n"), want(1, 1, 0));
  EXPECT_EQ(js("return /\\/*x/;\nnext();\n"), want(2, 0, 0));
}

TEST(LineStatsTest, DivisionChainThenCommentIsCodeLine) {
  EXPECT_EQ(js("x = a / b / c; // comment\n// c\n"), want(1, 1, 0));
  EXPECT_EQ(js("x = a / b / c; /* comment\nstill */\n"), want(1, 1, 0));
  EXPECT_EQ(js("x = 4 / 2 / 1; /* c\n */\n"), want(1, 1, 0));
}

TEST(LineStatsTest, SlashInsideRegexClassDoesNotEndRegex) {
  // Without the class rule the regex would end at [/ and "]/*" would open a comment.
  EXPECT_EQ(js("const re = /[/]/*x*/;\nnext();\n"), want(2, 0, 0));
  EXPECT_EQ(js("s.split(/[/\\\\]/); /* a\n b */\n"), want(1, 1, 0));
}

TEST(LineStatsTest, SlashAfterCloseParenOrBracketDivides) {
  // As a regex, "/ 2; /" would hide the comment opener; as division it starts a comment.
  EXPECT_EQ(js("y = (a + b) / 2; /* c\n c */\n"), want(1, 1, 0));
  EXPECT_EQ(js("y = a[0] / 2; /* c\n c */\n"), want(1, 1, 0));
  EXPECT_EQ(js("y = a++ / 2; /* c\n c */\n"), want(1, 1, 0));
  EXPECT_EQ(js("y = x.return / 2; /* c\n c */\n"), want(1, 1, 0));  // property, not keyword
}

TEST(LineStatsTest, SlashAfterKeywordOrBlockBraceStartsRegex) {
  // As division, the "/*" inside would open a comment swallowing the next line.
  EXPECT_EQ(js("return /[/*]/.test(s);\nnext();\n"), want(2, 0, 0));
  EXPECT_EQ(js("x = typeof /a/*2;\nnext();\n"), want(2, 0, 0));
  EXPECT_EQ(js("case /[/*]/:\nnext();\n"), want(2, 0, 0));
  EXPECT_EQ(js("function f() {}\n/[/*]/.test(s);\nnext();\n"), want(3, 0, 0));
}

TEST(LineStatsTest, SlashAfterObjectLiteralBraceDivides) {
  EXPECT_EQ(js("n = {a: 1}.a / 2; /* c\n */\n"), want(1, 1, 0));
  EXPECT_EQ(js("n = f({}) / 2; /* c\n */\n"), want(1, 1, 0));
  EXPECT_EQ(js("return {} / 2; /* c\n */\n"), want(1, 1, 0));
}

TEST(LineStatsTest, JsxTextLineIsCode) {
  const std::string_view text =
      "return (\n"
      "  <div className=\"a\">\n"
      "    Don't click http://x.com\n"
      "    {/* a JSX comment */}\n"
      "  </div>\n"
      ");\n"
      "// after\n";
  EXPECT_EQ(js(text), want(6, 1, 0));
  EXPECT_EQ(js("const a = <br/>;\n// c\n"), want(1, 1, 0));
}

TEST(LineStatsTest, TypeScriptGenericsAreCode) {
  const std::string_view text =
      "const xs: Array<string> = [];\n"
      "function f<T extends Map<string, number>>(x: T): T { return x; }\n"
      "const r = xs.length / 2; // half\n"
      "/* done */\n";
  EXPECT_EQ(js(text), want(3, 1, 0));
}

TEST(LineStatsTest, CssCommentOnlyLinesAndStrings) {
  const std::string_view text =
      "/* header\n"
      "   more */\n"
      "a::before { content: \"/*\"; }\n"
      "b { c: 'x' } /* trailing */\n"
      "\n"
      "// not a comment in CSS\n";
  EXPECT_EQ(css(text), want(3, 2, 1));
}

TEST(LineStatsTest, CssUnquotedUrlIsCode) {
  EXPECT_EQ(css("a { background: url(data:x/*y) }\nb {}\n"), want(2, 0, 0));
  EXPECT_EQ(css("a { background: url( \"/*\" ) }\nb {}\n"), want(2, 0, 0));
}

TEST(LineStatsTest, ScssLineCommentsButNotInsideUrl) {
  const std::string_view text =
      "// scss comment\n"
      "$c: red; // trailing\n"
      "a { background: url(http://x.com/a.png); }\n"
      "b { background: URL(//cdn/a.png) }\n"
      "c { background: url(\"http://x\"); }\n"
      "d { x: my-url(1) } // comment after a non-url function\n";
  EXPECT_EQ(scss(text), want(5, 1, 0));
  EXPECT_EQ(count_line_stats(text, Language::kCss), want(6, 0, 0));
}

TEST(LineStatsTest, TodoMarkersCountOnlyInComments) {
  const std::string_view text =
      "// TODO: one FIXME(bob) two\n"
      "/* HACK\n"
      "   XXX */\n"
      "const s = 'TODO FIXME';\n"
      "TODO();\n"
      "// TODOS XXXX todo MYTODO TODO_x\n"
      "/*TODO*/\n";
  const LineStats s = js(text);
  EXPECT_EQ(s.todo_count, 5U);
  EXPECT_EQ(s, want(2, 5, 0, 5));
  EXPECT_EQ(scss("// FIXME\na { b: 'TODO' }\n/* XXX */\n").todo_count, 2U);
  EXPECT_EQ(other("// TODO\n").todo_count, 0U);
}

TEST(LineStatsTest, UnterminatedConstructsAtEndJustEnd) {
  EXPECT_EQ(js("a = 'open\nb();\n"), want(2, 0, 0));  // a string ends at its line
  EXPECT_EQ(js("a = 'open"), want(1, 0, 0));
  EXPECT_EQ(js("a = 'x\\"), want(1, 0, 0));  // escape as the last byte
  EXPECT_EQ(js("/* open\n\n TODO"), want(0, 2, 1, 1));
  EXPECT_EQ(js("t = `open\n\nmore"), want(2, 0, 1));
  EXPECT_EQ(js("t = `${ `${"), want(1, 0, 0));
  EXPECT_EQ(js("x = /re[/\n// c\n"), want(1, 1, 0));  // a regex ends at its line
  EXPECT_EQ(js("/"), want(1, 0, 0));
  EXPECT_EQ(js("}}}}/x/"), want(1, 0, 0));  // unbalanced braces
  EXPECT_EQ(css("a { content: 'x\n/* c"), want(1, 1, 0));
  EXPECT_EQ(scss("a { b: url(x"), want(1, 0, 0));
  EXPECT_EQ(scss("url("), want(1, 0, 0));
}

TEST(LineStatsTest, StringLineContinuationKeepsStringOpen) {
  EXPECT_EQ(js("s = 'a \\\n// still string';\n// c\n"), want(2, 1, 0));
  EXPECT_EQ(js("s = 'a \\\r\n/* still string';\nnext();\n"), want(3, 0, 0));
  EXPECT_EQ(css("a { content: \"x\\\n/* y\"; }\n"), want(2, 0, 0));
  // The closing quote or ')' alone on a continuation line is code.
  EXPECT_EQ(js("s = 'a \\\n'"), want(2, 0, 0));
  EXPECT_EQ(css("a {\n  content: \"x\\\n\"\n}\n"), want(4, 0, 0));
  EXPECT_EQ(css("a { b: url(x\\\n)"), want(2, 0, 0));
}

TEST(LineStatsTest, HashbangLineIsCode) {
  EXPECT_EQ(js("#!/usr/bin/env node // x\n// c\nmain();\n"), want(2, 1, 0));
  EXPECT_EQ(js("#!/usr/bin/env node"), want(1, 0, 0));
}

TEST(LineStatsTest, DeepNestingBeyondBraceCapacityDoesNotCrash) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) {
    deep += "`${";
  }
  deep += "\n";
  for (int i = 0; i < 5000; ++i) {
    deep += "}`";
  }
  deep += "\n// c\n";
  const LineStats s = js(deep);
  EXPECT_EQ(s.lines, 3U);
  EXPECT_EQ(s.lines, s.code_lines + s.comment_lines + s.blank_lines);
  std::string braces(100000, '{');
  braces += "\n" + std::string(100000, '}') + "/x/\n";
  EXPECT_EQ(js(braces), want(2, 0, 0));
}

TEST(LineStatsTest, OtherCountsOnlyBlankAndCode) {
  EXPECT_EQ(other("// c\n/* d */\n\n  x\n"), want(3, 0, 1));
}

TEST(LineStatsTest, LanguageForPathByExtensionCaseInsensitive) {
  for (std::string_view p : {"a.js", "b/c.MJS", "x.cjs", "App.JSX", "t.ts", "x.d.ts", "m.mts",
                             "c.cts", "C.Tsx", "webpack:///./src/a.ts"}) {
    EXPECT_EQ(language_for_path(p), Language::kJavaScript) << p;
  }
  EXPECT_EQ(language_for_path("s.css"), Language::kCss);
  EXPECT_EQ(language_for_path("S.SCSS"), Language::kScss);
  EXPECT_EQ(language_for_path("s.less"), Language::kScss);
  for (std::string_view p : {"", "Makefile", ".js", "a.json", "a.css.map", "a.vue", "a.svelte",
                             "dir.ts/file", "a.jsxx", "a."}) {
    EXPECT_EQ(language_for_path(p), Language::kOther) << p;
  }
}

/// The '\n' rule of line_stats.h, computed the obvious way.
u64 newline_rule(std::string_view s) {
  if (s.empty()) {
    return 0;
  }
  return static_cast<u64>(std::count(s.begin(), s.end(), '\n')) + (s.back() != '\n' ? 1 : 0);
}

TEST(LineStatsTest, RandomInputsKeepLineInvariants) {
  // Pieces that open, close and escape every construct, mixed at random (seeded: reproducible).
  static constexpr std::array<std::string_view, 36> kPieces = {
      "/",  "*",        "/*",       "*/",      "//", "'",         "\"", "`",
      "${", "}",        "{",        "\\",      "\n", "\r\n",      "\r", " ",
      "\t", "\xC2\xA0", "\xE2\x80", "a",       "1",  "(",         ")",  "[",
      "]",  "TODO",     "url(",     "return ", "=",  "x = a / b", "#!", "\xEF\xBB\xBF",
      ":",  "++",       ".",        "\xFF"};
  std::mt19937_64 rng(20240607);
  std::uniform_int_distribution<size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 120);
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text;
    for (int n = length(rng); n > 0; --n) {
      text += kPieces[piece(rng)];
    }
    const u64 lines = newline_rule(text);
    const LineStats base = count_line_stats(text, Language::kOther);
    ASSERT_EQ(base.comment_lines, 0U) << text;
    for (Language lang : kAllLanguages) {
      const LineStats s = count_line_stats(text, lang);
      const int id = static_cast<int>(lang);
      ASSERT_EQ(s.lines, lines) << id << ": " << text;
      ASSERT_EQ(s.lines, s.code_lines + s.comment_lines + s.blank_lines) << id << ": " << text;
      // Blankness does not depend on the lexer: whitespace-only lines are blank everywhere.
      ASSERT_EQ(s.blank_lines, base.blank_lines) << id << ": " << ::testing::PrintToString(text);
    }
  }
}

}  // namespace
}  // namespace mapsleuth::analyzer
