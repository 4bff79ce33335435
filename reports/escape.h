// One escaping function per output format (STYLE R13: "writers are dumb and all escape"). Every
// string that came from an input -- paths, source names, package names, messages -- passes through
// the function of the format it lands in; the writers never emit such a string any other way.
//
// Shared rules, so that a reviewer reads the same thing in every report:
//  * invalid UTF-8 becomes U+FFFD (WHATWG "maximal subpart" replacement, parsers::repair_utf8), so
//    every report is valid UTF-8 and the JSON report shows the same replacement characters;
//  * in the human-facing formats (HTML, Markdown, CSV) control and invisible code points are made
//    visible: C0 and DEL as `\xNN`, C1, U+2028/U+2029, bidi controls, zero-width characters and the
//    BOM as `\uXXXX` (terminal style, as parsers' escape_for_terminal). A name can therefore
//    neither drive a terminal nor reorder or hide text in a rendered report (Trojan Source,
//    CVE-2021-42574).
//
// JSON strings (report.json, report.sarif, manifest.json) use parsers::append_json_escaped through
// reports/json_stream.h.
#pragma once

#include <string>
#include <string_view>

namespace mapsleuth::reports {

/// Appends `s` escaped for HTML text and for attribute values in either quote style:
/// & < > " ' become &amp; &lt; &gt; &quot; &#39;; controls become visible escapes (see above).
void append_html_escaped(std::string_view s, std::string& out);
std::string html_escape(std::string_view s);

/// Appends `s` escaped for CommonMark/GFM inline text, including table cells: the punctuation that
/// can start markup (\ ` * _ [ ] < > # | & ~) is backslash-escaped; every control byte, \n and \t
/// included, becomes a visible escape, so no raw C0 byte ever reaches report.md from a name.
void append_markdown_escaped(std::string_view s, std::string& out);
std::string markdown_escape(std::string_view s);

/// One CSV field per RFC 4180: quoted (with "" for ") when it holds , " CR or LF. A field that a
/// spreadsheet would evaluate (first character = + - @ TAB CR) gets a leading ' (OWASP "CSV
/// injection"). \t \r \n are kept (inside quotes); other controls become visible escapes.
void append_csv_field(std::string_view s, std::string& out);
std::string csv_field(std::string_view s);

/// RFC 3986 percent-encoding for a URI reference built from a path (SARIF artifactLocation.uri):
/// unreserved characters (ALPHA DIGIT - . _ ~) and '/' stay; every other byte of the UTF-8 form
/// (after U+FFFD repair) becomes %XX, upper-case. ':' is encoded, so `webpack:///x` stays a
/// relative reference instead of turning into a scheme.
std::string uri_percent_encode(std::string_view s);

/// Quotes one argument for a POSIX shell so the command line in a report can be pasted back:
/// bare when it only holds [A-Za-z0-9_@%+=:,./-], else '...'; an argument with control bytes,
/// invalid UTF-8 or invisible code points uses bash $'...' with \xNN / \uXXXX, which reproduces the
/// exact bytes while keeping the report free of raw control bytes.
std::string shell_quote(std::string_view arg);

}  // namespace mapsleuth::reports
