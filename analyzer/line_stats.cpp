// Line classes by lexing: see line_stats.h for the definitions. Each language is one loop over a
// byte cursor; a line's class is two flags (saw code, saw comment text) folded into the counters at
// every '\n' and once more at the end when the text does not end with '\n'.
#include "analyzer/line_stats.h"

#include <array>
#include <cstring>

namespace mapsleuth::analyzer {
namespace {

// ---------------------------------------------------------------------------------------------
// Bytes

/// Width of the whitespace character at p (p < end), or 0 when it is not whitespace. '\n' is not
/// whitespace here: callers handle it first. The multi-byte set is line_stats.h's list.
inline i64 ws_len(const u8* p, const u8* end) noexcept {
  const u8 c = *p;
  if (c < 0x80) {
    return (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') ? 1 : 0;
  }
  const i64 left = end - p;
  if (c == 0xC2) {
    return (left >= 2 && (p[1] == 0xA0 || p[1] == 0x85)) ? 2 : 0;  // NBSP, NEL
  }
  if (left < 3) {
    return 0;
  }
  const u8 b1 = p[1];
  const u8 b2 = p[2];
  switch (c) {
    case 0xE1:  // U+1680 OGHAM SPACE MARK
      return (b1 == 0x9A && b2 == 0x80) ? 3 : 0;
    case 0xE2:  // U+2000-U+200A, U+2028, U+2029, U+202F; U+205F
      if (b1 == 0x80) {
        return ((b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF) ? 3 : 0;
      }
      return (b1 == 0x81 && b2 == 0x9F) ? 3 : 0;
    case 0xE3:  // U+3000 IDEOGRAPHIC SPACE
      return (b1 == 0x80 && b2 == 0x80) ? 3 : 0;
    case 0xEF:  // U+FEFF BOM / ZWNBSP
      return (b1 == 0xBB && b2 == 0xBF) ? 3 : 0;
    default:
      return 0;
  }
}

constexpr bool is_word_byte(u8 c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// TODO, FIXME, HACK, XXX as whole words in the comment body [b, e). The bytes just outside the
/// body are comment delimiters or a line end, so b and e count as word boundaries.
u64 count_markers(const u8* b, const u8* e) noexcept {
  u64 n = 0;
  for (const u8* p = b; p < e; ++p) {
    const u8 c = *p;
    if (c != 'T' && c != 'F' && c != 'H' && c != 'X') {
      continue;
    }
    if (p > b && is_word_byte(p[-1])) {
      continue;
    }
    const std::string_view rest(reinterpret_cast<const char*>(p), static_cast<size_t>(e - p));
    size_t len = 0;
    if (rest.starts_with("TODO") || rest.starts_with("HACK")) {
      len = 4;
    } else if (rest.starts_with("FIXME")) {
      len = 5;
    } else if (rest.starts_with("XXX")) {
      len = 3;
    }
    if (len == 0 || (p + len < e && is_word_byte(p[len]))) {
      continue;
    }
    ++n;
    p += len - 1;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Lines

/// The open line's two flags and the finished lines' counters.
struct Tally {
  LineStats s;
  bool code = false;
  bool comment = false;

  void end_line() noexcept {
    ++s.lines;
    s.code_lines += code;
    s.comment_lines += !code && comment;
    s.blank_lines += !code && !comment;
    code = false;
    comment = false;
  }

  /// The counters once the lexer reached `end`: a last line without '\n' is still a line.
  LineStats finish(const u8* begin, const u8* end) noexcept {
    if (end != begin && end[-1] != '\n') {
      end_line();
    }
    return s;
  }
};

/// Advances over one character of string, template or comment text that is not '\n', raising
/// `flag` unless it is whitespace. Once the flag is up the line's class is settled: skip the check.
inline void step_text(const u8*& p, const u8* end, bool& flag) noexcept {
  if (flag) {
    ++p;
    return;
  }
  const i64 n = ws_len(p, end);
  if (n > 0) {
    p += n;
  } else {
    flag = true;
    ++p;
  }
}

/// Backslash escape in a string, template or regex at p. A backslash before '\n' (or "\r\n") is a
/// line continuation (ECMA-262 LineContinuation, CSS escaped newline): the line ends and the
/// literal goes on. Any other escaped byte is skipped (a multi-byte character's tail bytes are
/// then plain text bytes on a line that already has code).
inline void step_escape(const u8*& p, const u8* end, Tally& t) noexcept {
  t.code = true;
  const i64 left = end - p;
  if (left >= 2 && p[1] == '\n') {
    t.end_line();
    p += 2;
  } else if (left >= 3 && p[1] == '\r' && p[2] == '\n') {
    t.end_line();
    p += 3;
  } else {
    p += left >= 2 ? 2 : 1;
  }
}

/// A '...' or "..." string at p (its opening quote). An unescaped '\n' ends it unterminated (JS
/// and CSS alike), leaving p on the '\n': a stray quote in JSX text or a broken file costs at most
/// the rest of its line.
void scan_string(const u8*& p, const u8* end, Tally& t) noexcept {
  const u8 quote = *p++;
  t.code = true;
  while (p < end) {
    const u8 c = *p;
    if (c == quote) {
      t.code = true;  // the quote may be alone on a continuation line
      ++p;
      return;
    }
    if (c == '\\') {
      step_escape(p, end, t);
    } else if (c == '\n') {
      return;
    } else {
      step_text(p, end, t.code);
    }
  }
}

/// A block comment at p (its "/*"). Whitespace-only lines inside stay blank; markers are counted
/// over the whole body once its end is known.
void scan_block_comment(const u8*& p, const u8* end, Tally& t) noexcept {
  t.comment = true;
  p += 2;
  const u8* body = p;
  while (p < end) {
    const u8 c = *p;
    if (c == '*' && end - p >= 2 && p[1] == '/') {
      t.comment = true;  // a line holding only "*/" is a comment line
      t.s.todo_count += count_markers(body, p);
      p += 2;
      return;
    }
    if (c == '\n') {
      t.end_line();
      ++p;
    } else {
      step_text(p, end, t.comment);
    }
  }
  t.s.todo_count += count_markers(body, end);  // unterminated: the comment runs to the end
}

/// A line comment at p (its "//"); leaves p on the '\n' or at the end.
void scan_line_comment(const u8*& p, const u8* end, Tally& t) noexcept {
  t.comment = true;
  const u8* body = p + 2;
  const void* nl = std::memchr(body, '\n', static_cast<size_t>(end - body));
  p = nl != nullptr ? static_cast<const u8*>(nl) : end;
  t.s.todo_count += count_markers(body, p);
}

// ---------------------------------------------------------------------------------------------
// JavaScript / TypeScript
//
// One state machine for JS, TS, JSX and TSX. For line classes only two bytes depend on context:
// '/' (comment, regex or division) and '}' (end of a block, of an object literal or of a `${`
// substitution), decided from the previous significant token and a stack of brace kinds.
//
// Checked once against real tokenizers (ad-hoc scripts, not committed; Nov 2026): acorn 8.19's
// tokenizer on 2,613 .js/.mjs/.cjs files of samples/app/node_modules (686,164 lines) and the
// TypeScript 5.9.3 parser's leaf tokens on 1,261 .ts/.tsx/.d.ts/.js files (590,943 lines, 64 .tsx)
// gave identical per-file classes, except 12 hashbang lines that acorn calls comments.
//
// Known approximations; each mislexes a few bytes, never crashes or loops:
// * `if (x) /re/.test(s)`: '/' after ')' divides (parens are not tracked). Only a regex holding a
//   quote, a backquote or a comment opener then goes wrong, and a string or regex ends at its line.
// * A stray backquote in JSX text (`<p>press ` to start</p>`) opens a template literal running to
//   the next backquote: the lines between count as code.
// * `c ? x : {}` inside a block: a '{' after ':' is taken as a block, so a '/' after its '}' starts
//   a regex.

/// Byte classes of the JS code state.
enum JsClass : u8 {
  kJsWs,          // ASCII whitespace except '\n'
  kJsNewline,     // '\n'
  kJsIdent,       // [A-Za-z_$#\\]: identifier, keyword, private name, \u escape
  kJsDigit,       // [0-9]: numeric literal
  kJsHigh,        // >= 0x80: Unicode whitespace or identifier
  kJsQuote,       // ' "
  kJsBacktick,    // `
  kJsSlash,       // / : comment, regex or division
  kJsOpenBrace,   // {
  kJsCloseBrace,  // }
  kJsCloser,      // ) ]
  kJsSemicolon,   // ;
  kJsColon,       // :
  kJsDot,         // .
  kJsEquals,      // = (and =>)
  kJsPlusMinus,   // + - (and ++ --)
  kJsPunct,       // every other byte: an operator or punctuator that expects an operand next
};

constexpr std::array<u8, 256> make_js_classes() {
  std::array<u8, 256> t{};
  for (int c = 0; c < 256; ++c) {
    u8 k = kJsPunct;
    if (c >= 0x80) {
      k = kJsHigh;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c == '#' ||
        c == '\\') {
      k = kJsIdent;
    }
    if (c >= '0' && c <= '9') {
      k = kJsDigit;
    }
    t[static_cast<size_t>(c)] = k;
  }
  for (char c : {' ', '\t', '\r', '\v', '\f'}) {
    t[static_cast<u8>(c)] = kJsWs;
  }
  t['\n'] = kJsNewline;
  t['\''] = kJsQuote;
  t['"'] = kJsQuote;
  t['`'] = kJsBacktick;
  t['/'] = kJsSlash;
  t['{'] = kJsOpenBrace;
  t['}'] = kJsCloseBrace;
  t[')'] = kJsCloser;
  t[']'] = kJsCloser;
  t[';'] = kJsSemicolon;
  t[':'] = kJsColon;
  t['.'] = kJsDot;
  t['='] = kJsEquals;
  t['+'] = kJsPlusMinus;
  t['-'] = kJsPlusMinus;
  return t;
}
constexpr std::array<u8, 256> kJsClasses = make_js_classes();

/// Bytes that continue an ASCII identifier or a numeric literal ([0-9A-Za-z_.]: "1e3", "0x1F",
/// "1_000", "1.5"; an exponent sign splits the literal, which changes no decision below).
constexpr std::array<bool, 256> make_continue(bool dot) {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[static_cast<size_t>(c)] = is_word_byte(static_cast<u8>(c)) || c == '$' || c == '\\';
  }
  t['.'] = dot;
  return t;
}
constexpr std::array<bool, 256> kIdentContinue = make_continue(false);
constexpr std::array<bool, 256> kNumberContinue = make_continue(true);

/// The previous significant token, as far as the two ambiguous bytes need it: whether '/' starts a
/// regex or divides, and whether '{' opens a block or an object literal.
enum class Prev : u8 {
  kStatement,  // start, ';', '{', '}' ending a block, '=>': '/' is a regex, '{' a block
  kOperator,   // operators, '(', '[', ',', '?', '!'...: '/' is a regex, '{' an object literal
  kDot,        // '.': the next identifier is a property name, never a keyword
  kColon,      // ':': '/' is a regex; '{' is an object literal only inside one
  kOperand,    // number, string, template, regex, ')', ']', '}' ending an expression, x++: '/'
               // divides, '{' is a block (`if (x) {`, `f(): T[] {`)
  kIdent,      // identifier: as kOperand, unless it is one of the keywords below
};

enum class Keyword : u8 {
  kNone,
  kBeforeExpression,  // return typeof case in of new delete void throw yield await instanceof
  kBeforeStatement,   // else do try finally
};

/// ECMA-262 keywords after which an expression (so a regex) may start. Contextual ones (`of`,
/// `yield`, `await`) are taken as keywords: `of / 2` is rarer than `of /re/`.
Keyword keyword_of(const u8* b, const u8* e) noexcept {
  const std::string_view w(reinterpret_cast<const char*>(b), static_cast<size_t>(e - b));
  switch (w.size()) {
    case 2:
      if (w == "in" || w == "of") {
        return Keyword::kBeforeExpression;
      }
      if (w == "do") {
        return Keyword::kBeforeStatement;
      }
      break;
    case 3:
      if (w == "new") {
        return Keyword::kBeforeExpression;
      }
      if (w == "try") {
        return Keyword::kBeforeStatement;
      }
      break;
    case 4:
      if (w == "case" || w == "void") {
        return Keyword::kBeforeExpression;
      }
      if (w == "else") {
        return Keyword::kBeforeStatement;
      }
      break;
    case 5:
      if (w == "throw" || w == "yield" || w == "await") {
        return Keyword::kBeforeExpression;
      }
      break;
    case 6:
      if (w == "return" || w == "typeof" || w == "delete") {
        return Keyword::kBeforeExpression;
      }
      break;
    case 7:
      if (w == "finally") {
        return Keyword::kBeforeStatement;
      }
      break;
    case 10:
      if (w == "instanceof") {
        return Keyword::kBeforeExpression;
      }
      break;
    default:
      break;
  }
  return Keyword::kNone;
}

enum BraceKind : u8 { kBraceBlock, kBraceObject, kBraceTemplate };

/// What each open '{' is, so that its '}' knows whether it ends a block (a regex may follow), an
/// expression (a division may follow) or a `${` substitution (the template resumes). Fixed
/// capacity, no allocation: braces nested deeper than kCapacity are taken as blocks when they
/// close, so a template more than kCapacity braces down is lexed as code after its `}` (no crash,
/// only misclassified lines in such a file).
class BraceStack {
 public:
  void push(BraceKind kind) noexcept {
    if (depth_ < kCapacity) {
      kinds_[static_cast<size_t>(depth_)] = kind;
    }
    ++depth_;
  }
  BraceKind pop() noexcept {
    if (depth_ == 0) {
      return kBraceBlock;  // unbalanced '}'
    }
    --depth_;
    return depth_ < kCapacity ? kinds_[static_cast<size_t>(depth_)] : kBraceBlock;
  }
  BraceKind top() const noexcept {
    if (depth_ == 0 || depth_ > kCapacity) {
      return kBraceBlock;
    }
    return kinds_[static_cast<size_t>(depth_ - 1)];
  }

 private:
  static constexpr i64 kCapacity = 1024;
  std::array<BraceKind, kCapacity> kinds_;  // only [0, min(depth_, kCapacity)) is meaningful
  i64 depth_ = 0;
};

/// Template literal text from p (just past its '`' or a substitution's '}') to its closing '`'
/// (returns, p past it) or to a `${` (pushes kBraceTemplate, returns, p past the '{'). Every line
/// inside is code unless it is whitespace only.
void scan_template(const u8*& p, const u8* end, Tally& t, BraceStack& braces, Prev& prev) noexcept {
  while (p < end) {
    const u8 c = *p;
    if (c == '`') {
      t.code = true;
      ++p;
      prev = Prev::kOperand;
      return;
    }
    if (c == '$' && end - p >= 2 && p[1] == '{') {
      t.code = true;
      p += 2;
      braces.push(kBraceTemplate);
      prev = Prev::kOperator;
      return;
    }
    if (c == '\\') {
      step_escape(p, end, t);
    } else if (c == '\n') {
      t.end_line();
      ++p;
    } else {
      step_text(p, end, t.code);
    }
  }
}

/// A regex literal at p (its opening '/'): up to the first '/' outside a class `[...]`, not
/// escaped; flags are lexed after it as an identifier. A regex cannot hold a line terminator
/// (ECMA-262 RegularExpressionNonTerminator), so an unterminated one ends at its line's '\n'.
void scan_regex(const u8*& p, const u8* end, Tally& t) noexcept {
  t.code = true;
  ++p;
  bool in_class = false;
  while (p < end) {
    const u8 c = *p;
    if (c == '\n') {
      return;
    }
    if (c == '\\') {
      p += (end - p >= 2 && p[1] != '\n') ? 2 : 1;
      continue;
    }
    ++p;
    if (c == '[') {
      in_class = true;
    } else if (c == ']') {
      in_class = false;
    } else if (c == '/' && !in_class) {
      return;
    }
  }
}

/// The lexer state that outlives one token.
struct JsLexer {
  Tally t;
  BraceStack braces;
  Prev prev = Prev::kStatement;
  const u8* ident_begin = nullptr;  // the last identifier, classified lazily: only '/' and '{'
  const u8* ident_end = nullptr;    // after an identifier need to know if it was a keyword
  bool ident_is_property = false;

  Keyword last_keyword() const noexcept {
    return ident_is_property ? Keyword::kNone : keyword_of(ident_begin, ident_end);
  }

  /// The regex-vs-division rule of the "previous significant token" heuristic (as in sweet.js
  /// and esprima's tokenizer mode): a regex where an operand is expected.
  bool slash_starts_regex() const noexcept {
    switch (prev) {
      case Prev::kOperand:
        return false;
      case Prev::kIdent:
        return last_keyword() != Keyword::kNone;
      default:
        return true;
    }
  }

  /// Whether a '{' here opens an object literal: where an operand is expected.
  BraceKind open_brace_kind() const noexcept {
    switch (prev) {
      case Prev::kOperator:
      case Prev::kDot:
        return kBraceObject;
      case Prev::kColon:  // `{a: {b: 1}}` vs `case 1: {` and `label: {`
        return braces.top() == kBraceObject ? kBraceObject : kBraceBlock;
      case Prev::kIdent:  // `return {` vs `class A {` and `else {`
        return last_keyword() == Keyword::kBeforeExpression ? kBraceObject : kBraceBlock;
      default:
        return kBraceBlock;
    }
  }
};

// PERF: line_stats_bench BM_CountLineStatsTypeScript: 785 MB/s (5.2 MB generated TypeScript,
// 6.4 ms CPU time per pass; g++ 12 -O3 -march=x86-64-v3, AMD EPYC 2.6 GHz, 2 shared cores at load
// average 15, so wall time was 21.7 ms). Target: >= 200 MB/s. Identifiers are classified lazily
// (only before '/' and '{'), which keeps keyword checks off the common path.
LineStats count_js(const u8* begin, const u8* end) {
  const u8* p = begin;
  JsLexer x;
  Tally& t = x.t;
  // A hashbang line (ECMA-262 HashbangComment) is an interpreter directive: code.
  if (end - p >= 2 && p[0] == '#' && p[1] == '!') {
    t.code = true;
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    p = nl != nullptr ? static_cast<const u8*>(nl) : end;
  }
  while (p < end) {
    const u8 c = *p;
    switch (kJsClasses[c]) {
      case kJsWs:
        ++p;
        break;
      case kJsNewline:
        t.end_line();
        ++p;
        break;
      case kJsHigh:
        if (const i64 n = ws_len(p, end); n > 0) {
          p += n;
          break;
        }
        [[fallthrough]];
      case kJsIdent: {
        t.code = true;
        x.ident_begin = p++;
        while (p < end && (kIdentContinue[*p] || (*p >= 0x80 && ws_len(p, end) == 0))) {
          ++p;
        }
        x.ident_end = p;
        x.ident_is_property = x.prev == Prev::kDot;
        x.prev = Prev::kIdent;
        break;
      }
      case kJsDigit:
        t.code = true;
        ++p;
        while (p < end && kNumberContinue[*p]) {
          ++p;
        }
        x.prev = Prev::kOperand;
        break;
      case kJsQuote:
        scan_string(p, end, t);
        x.prev = Prev::kOperand;
        break;
      case kJsBacktick:
        t.code = true;
        ++p;
        scan_template(p, end, t, x.braces, x.prev);
        break;
      case kJsSlash: {
        const u8 next = end - p >= 2 ? p[1] : 0;
        if (next == '/') {
          scan_line_comment(p, end, t);
        } else if (next == '*') {
          scan_block_comment(p, end, t);
        } else if (x.slash_starts_regex()) {
          scan_regex(p, end, t);
          x.prev = Prev::kOperand;
        } else {
          t.code = true;
          ++p;
          x.prev = Prev::kOperator;
        }
        break;
      }
      case kJsOpenBrace:
        t.code = true;
        ++p;
        x.braces.push(x.open_brace_kind());
        x.prev = Prev::kStatement;
        break;
      case kJsCloseBrace: {
        t.code = true;
        ++p;
        const BraceKind kind = x.braces.pop();
        if (kind == kBraceTemplate) {
          scan_template(p, end, t, x.braces, x.prev);
        } else {
          x.prev = kind == kBraceObject ? Prev::kOperand : Prev::kStatement;
        }
        break;
      }
      case kJsCloser:
        t.code = true;
        ++p;
        x.prev = Prev::kOperand;
        break;
      case kJsSemicolon:
        t.code = true;
        ++p;
        x.prev = Prev::kStatement;
        break;
      case kJsColon:
        t.code = true;
        ++p;
        x.prev = Prev::kColon;
        break;
      case kJsDot:
        t.code = true;
        ++p;
        x.prev = Prev::kDot;
        break;
      case kJsEquals:  // "=>" is followed by a body: a block or an expression
        t.code = true;
        if (end - p >= 2 && p[1] == '>') {
          p += 2;
          x.prev = Prev::kStatement;
        } else {
          ++p;
          x.prev = Prev::kOperator;
        }
        break;
      case kJsPlusMinus:  // "x++ / 2": taken as postfix, the usual case before '/'
        t.code = true;
        if (end - p >= 2 && p[1] == c) {
          p += 2;
          x.prev = Prev::kOperand;
        } else {
          ++p;
          x.prev = Prev::kOperator;
        }
        break;
      default:  // kJsPunct
        t.code = true;
        ++p;
        x.prev = Prev::kOperator;
        break;
    }
  }
  return t.finish(begin, end);
}

// ---------------------------------------------------------------------------------------------
// CSS / SCSS / LESS

/// Bytes of a CSS identifier (CSS Syntax 3 "ident code point"; non-ASCII counts as one).
constexpr bool is_css_ident_byte(u8 c) { return is_word_byte(c) || c == '-' || c >= 0x80; }

/// CSS Syntax 3 section 4.3.6 "consume a url token": after `url(` and optional blanks, an
/// unquoted URL runs to ')' with escapes, and "/*" or "//" inside it are not comments. A quoted
/// argument is left to the string lexer. Returns with p past what it consumed.
void scan_css_url(const u8*& p, const u8* end, Tally& t) noexcept {
  t.code = true;
  p += 4;  // "url("
  while (p < end && (*p == ' ' || *p == '\t')) {
    ++p;
  }
  if (p == end || *p == '"' || *p == '\'') {
    return;
  }
  while (p < end) {
    const u8 c = *p;
    if (c == ')') {
      t.code = true;
      ++p;
      return;
    }
    if (c == '\n') {
      return;  // a bad url token ends at the line for our purposes
    }
    if (c == '\\') {
      step_escape(p, end, t);
    } else {
      step_text(p, end, t.code);  // after an escaped newline the next line needs its own check
    }
  }
}

bool at_url_function(const u8* begin, const u8* p, const u8* end) noexcept {
  if (end - p < 4 || (p > begin && is_css_ident_byte(p[-1]))) {
    return false;
  }
  return (p[0] | 0x20) == 'u' && (p[1] | 0x20) == 'r' && (p[2] | 0x20) == 'l' && p[3] == '(';
}

LineStats count_css(const u8* begin, const u8* end, bool line_comments) {
  Tally t;
  const u8* p = begin;
  while (p < end) {
    const u8 c = *p;
    switch (c) {
      case '\n':
        t.end_line();
        ++p;
        break;
      case '/': {
        const u8 next = end - p >= 2 ? p[1] : 0;
        if (next == '*') {
          scan_block_comment(p, end, t);
        } else if (next == '/' && line_comments) {
          scan_line_comment(p, end, t);
        } else {
          t.code = true;
          ++p;
        }
        break;
      }
      case '"':
      case '\'':
        scan_string(p, end, t);
        break;
      case 'u':
      case 'U':
        if (at_url_function(begin, p, end)) {
          scan_css_url(p, end, t);
        } else {
          t.code = true;
          ++p;
        }
        break;
      default:
        if (const i64 n = ws_len(p, end); n > 0) {
          p += n;
        } else {
          t.code = true;
          ++p;
        }
        break;
    }
  }
  return t.finish(begin, end);
}

// ---------------------------------------------------------------------------------------------
// Other

LineStats count_other(const u8* begin, const u8* end) {
  const u8* p = begin;
  Tally t;
  while (p < end) {
    if (*p == '\n') {
      t.end_line();
      ++p;
    } else if (t.code) {  // settled: jump to the line's end
      const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
      p = nl != nullptr ? static_cast<const u8*>(nl) : end;
    } else {
      step_text(p, end, t.code);
    }
  }
  return t.finish(begin, end);
}

/// ASCII case-insensitive equality; `lower` is lower case.
bool equals_ci(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) {
    return false;
  }
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    if (c != lower[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

Language language_for_path(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) {
    return Language::kOther;  // "Makefile", ".eslintrc"
  }
  const std::string_view ext = name.substr(dot);
  for (std::string_view js : {".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"}) {
    if (equals_ci(ext, js)) {
      return Language::kJavaScript;
    }
  }
  if (equals_ci(ext, ".css")) {
    return Language::kCss;
  }
  if (equals_ci(ext, ".scss") || equals_ci(ext, ".less")) {
    return Language::kScss;
  }
  return Language::kOther;
}

LineStats count_line_stats(std::string_view text, Language lang) {
  const u8* p = reinterpret_cast<const u8*>(text.data());
  const u8* end = p + text.size();
  switch (lang) {
    case Language::kJavaScript:
      return count_js(p, end);
    case Language::kCss:
      return count_css(p, end, /*line_comments=*/false);
    case Language::kScss:
      return count_css(p, end, /*line_comments=*/true);
    case Language::kOther:
      break;
  }
  return count_other(p, end);
}

}  // namespace mapsleuth::analyzer
