// Tests for reconstruct/source_path.cpp: resolution (DESIGN 4), re-rooting and escaping (DESIGN 5),
// the hostile P/R cases of ../shared/hostile/make_hostile.py, and injectivity as a property.
#include "reconstruct/source_path.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace mapsleuth::reconstruct {
namespace {

using namespace std::string_literals;

// ------------------------------------------------------------------ an independent safety check

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    char32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

// Returns "" when `p` is a safe relative path within `l`, else the reason.
std::string unsafe_reason(const std::string& p, const PathLimits& l = {}) {
  if (p.empty()) return "empty";
  if (p.size() > l.max_path_bytes) return "path too long";
  if (!valid_utf8(p)) return "invalid UTF-8";
  for (unsigned char c : p) {
    if (c < 0x20 || c == 0x7F) return "control byte";
    if (std::string_view("<>:\"|?*\\").find(static_cast<char>(c)) != std::string_view::npos) {
      return "Windows-invalid character";
    }
  }
  size_t depth = 0;
  size_t start = 0;
  for (;;) {
    size_t end = std::min(p.find('/', start), p.size());
    std::string c = p.substr(start, end - start);
    ++depth;
    if (c.empty() || c == "." || c == "..") return "bad component '" + c + "'";
    if (c.size() > l.max_component_bytes) return "component too long";
    if (c.back() == '.' || c.back() == ' ') return "trailing dot or space";
    std::string key = collision_key(c);
    while (!key.empty() && (key.back() == '.' || key.back() == ' ')) key.pop_back();
    if (key == ".git") return ".git component";
    if (key.rfind("git~", 0) == 0 && key.size() > 4 &&
        key.find_first_not_of("0123456789", 4) == std::string::npos) {
      return "git~N component";
    }
    std::string base = key.substr(0, key.find('.'));
    for (const char* dev : {"con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt0", "com0"}) {
      if (base == dev) return "device name";
    }
    if (end == p.size()) break;
    start = end + 1;
  }
  if (depth > l.max_depth) return "too deep";
  return "";
}

SafePath sanitize(std::string_view in, Diagnostics* sink = nullptr, const PathLimits& l = {}) {
  Diagnostics local;
  Result<SafePath> r = sanitize_source_path(in, sink ? *sink : local, l);
  EXPECT_TRUE(r.ok()) << in;
  if (!r.ok()) return {};
  EXPECT_EQ(unsafe_reason(r.value().path, l), "") << r.value().path;
  return r.value();
}

std::string S(std::string_view in) { return sanitize(in).path; }

// ------------------------------------------------------------------ resolve_source

TEST(ResolveSourceTest, JoinsSourceRootAddingSlashOnlyWhenNeeded) {
  EXPECT_EQ(resolve_source("a.js", "src", ""), "src/a.js");
  EXPECT_EQ(resolve_source("a.js", "src/", ""), "src/a.js");
  EXPECT_EQ(resolve_source("a.js", "lib/src", "dist"), "dist/lib/src/a.js");
  EXPECT_EQ(resolve_source("a.js", "C:\\build\\", ""), "C:\\build\\a.js");
}

TEST(ResolveSourceTest, EmptyOrAbsentSourceRootAddsNothing) {
  EXPECT_EQ(resolve_source("a.js", "", "dist"), "dist/a.js");
  EXPECT_EQ(resolve_source("a.js", std::nullopt, "dist"), "dist/a.js");
  EXPECT_EQ(resolve_source("a.js", std::nullopt, ""), "a.js");
}

TEST(ResolveSourceTest, KeepsUrlsWithASchemeAsTheyAre) {
  EXPECT_EQ(resolve_source("webpack:///./src/a.js", std::nullopt, "dist"), "webpack:///./src/a.js");
  EXPECT_EQ(resolve_source("https://x.test/a/../b.js", std::nullopt, "d"),
            "https://x.test/a/../b.js");
  EXPECT_EQ(resolve_source("data:text/javascript,1", std::nullopt, "d"), "data:text/javascript,1");
  EXPECT_EQ(resolve_source("./src/a.js", "webpack:///", "dist"), "webpack:///./src/a.js");
  EXPECT_EQ(resolve_source("src/a.js", "webpack://app", "dist"), "webpack://app/src/a.js");
  EXPECT_EQ(resolve_source("file:///abs/x", std::nullopt, "d"), "file:///abs/x");
}

TEST(ResolveSourceTest, KeepsAbsoluteAndWindowsPathsAsTheyAre) {
  EXPECT_EQ(resolve_source("/abs/../x", std::nullopt, "dist"), "/abs/../x");
  EXPECT_EQ(resolve_source("C:\\Users\\x.js", std::nullopt, "dist"), "C:\\Users\\x.js");
  EXPECT_EQ(resolve_source("C:../x.js", std::nullopt, "dist"), "C:../x.js");
  EXPECT_EQ(resolve_source("\\\\srv\\s\\x", std::nullopt, "dist"), "\\\\srv\\s\\x");
  EXPECT_EQ(resolve_source("x.js", "/root", "dist"), "/root/x.js");
}

TEST(ResolveSourceTest, ResolvesAgainstMapDirAndNormalises) {
  EXPECT_EQ(resolve_source("../src/a.js", std::nullopt, "dist/js"), "dist/src/a.js");
  EXPECT_EQ(resolve_source("./a.js", std::nullopt, "dist"), "dist/a.js");
  EXPECT_EQ(resolve_source("a//b/./c.js", std::nullopt, "dist/"), "dist/a/b/c.js");
  EXPECT_EQ(resolve_source("src/dir/", std::nullopt, ""), "src/dir/");
}

TEST(ResolveSourceTest, KeepsLeadingDotDotWhenEscapingTheInputRoot) {
  EXPECT_EQ(resolve_source("../../x.js", std::nullopt, "dist"), "../x.js");
  EXPECT_EQ(resolve_source("src/../../../p01c.js", std::nullopt, ""), "../../p01c.js");
  EXPECT_EQ(resolve_source("../../../../etc/cron.d/p01", std::nullopt, ""),
            "../../../../etc/cron.d/p01");
}

TEST(ResolveSourceTest, LeavesBackslashesForTheSanitiser) {
  EXPECT_EQ(resolve_source("..\\..\\x", std::nullopt, "dist"), "dist/..\\..\\x");
}

TEST(ResolveSourceTest, SingleLetterBeforeColonIsADriveNotAScheme) {
  EXPECT_EQ(resolve_source("c:foo", std::nullopt, "dist"), "c:foo");
  EXPECT_EQ(resolve_source("ab:c", std::nullopt, "dist"), "ab:c");
  EXPECT_EQ(resolve_source("src/c.js:stream", std::nullopt, "dist"), "dist/src/c.js:stream");
}

// ------------------------------------------------------------------ re-rooting rules

TEST(SanitizeTest, PlainRelativePathIsUnchangedAndSilent) {
  Diagnostics d;
  SafePath p = sanitize("src/components/App.tsx", &d);
  EXPECT_EQ(p.path, "src/components/App.tsx");
  EXPECT_FALSE(p.rerooted || p.escaped || p.shortened);
  EXPECT_TRUE(d.empty());
}

TEST(SanitizeTest, WebpackNamespacesStayDistinct) {
  EXPECT_EQ(S("webpack://ns/./src/a.js"), "webpack/ns/src/a.js");
  EXPECT_EQ(S("webpack:///./src/a.js"), "webpack/_/src/a.js");
  EXPECT_EQ(S("webpack://lib1/./src/a.js"), "webpack/lib1/src/a.js");
  EXPECT_EQ(S("webpack://lib2/./src/a.js"), "webpack/lib2/src/a.js");
  EXPECT_EQ(S("webpack://_/x.js"), "webpack/__/x.js");  // a host named `_` is not the empty host
  EXPECT_EQ(S("webpack:///webpack/bootstrap 1a2b"), "webpack/_/webpack/bootstrap 1a2b");
  EXPECT_EQ(S("webpack:///external \"react\""), "webpack/_/external %22react%22");
  EXPECT_EQ(S("webpack-internal:///./src/a.js"), "webpack-internal/_/src/a.js");
}

TEST(SanitizeTest, UrlSchemeReRootingIsInfoButFileUrlsWarn) {
  Diagnostics d;
  SafePath p = sanitize("webpack:///./src/a.js", &d);
  EXPECT_TRUE(p.rerooted);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].code, ErrorCode::kSourceRerooted);
  EXPECT_EQ(d.items()[0].severity, Severity::kInfo);

  Diagnostics f;
  EXPECT_EQ(sanitize("file:///abs/x", &f).path, "file/_/abs/x");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f.items()[0].severity, Severity::kWarning);
}

TEST(SanitizeTest, QueryAndFragmentAreKeptEscaped) {
  EXPECT_EQ(S("webpack:///./src/App.vue?vue&type=script&lang=ts"),
            "webpack/_/src/App.vue%3Fvue&type=script&lang=ts");
  EXPECT_EQ(S("https://h.test/a.js?v=1#L3"), "https/h.test/a.js%3Fv=1#L3");
}

TEST(SanitizeTest, OtherSchemesHostsAndOpaqueUrls) {
  EXPECT_EQ(S("https://example.com:8080/a/b.js"), "https/example.com%3A8080/a/b.js");
  EXPECT_EQ(S("node:fs"), "node/_opaque/fs");
  EXPECT_EQ(S("about:blank"), "about/_opaque/blank");
  EXPECT_EQ(S("node:/fs"), "node/_abs/fs");
  EXPECT_EQ(S("con://x/a.js"), "_con/x/a.js");
  EXPECT_EQ(S("webpack://../x.js"), "webpack/%2E%2E/x.js");  // a host is never `..`
  EXPECT_EQ(S("webpack://ns/../../x.js"), "webpack/ns/_up/_up/x.js");
  EXPECT_EQ(S("https://h.test"), "https/h.test/_");
}

TEST(SanitizeTest, DataUrisGetASyntheticHashedName) {
  Diagnostics d;
  SafePath p = sanitize("data:text/javascript;base64,Y29uc29sZS5sb2coMSk=", &d);
  ASSERT_EQ(p.path.size(), std::string("_data/").size() + 16 + 3);
  EXPECT_EQ(p.path.substr(0, 6), "_data/");
  EXPECT_EQ(p.path.substr(p.path.size() - 3), ".js");
  EXPECT_TRUE(p.rerooted);
  EXPECT_EQ(d.items().at(0).severity, Severity::kInfo);
  EXPECT_NE(S("data:text/css,a{}"), S("data:text/css,b{}"));
  EXPECT_EQ(S("DATA:text/css,a{}").substr(S("DATA:text/css,a{}").size() - 4), ".css");
  EXPECT_EQ(S("data:,x").size(), std::string("_data/").size() + 16);
}

TEST(SanitizeTest, AbsolutePathsGoUnderAbs) {
  EXPECT_EQ(S("/abs/x"), "_abs/abs/x");
  EXPECT_EQ(S("///abs/x"), "_abs/abs/x");
  EXPECT_EQ(S("//abs/x"), "_abs/abs/x");  // exactly two '/' is POSIX, not UNC
  EXPECT_EQ(S("/"), "_abs/_");
  EXPECT_EQ(S("/../x"), "_abs/_up/x");
  EXPECT_EQ(S("\\x"), "_abs/x");
}

TEST(SanitizeTest, ClimbingPathsGoUnderUp) {
  EXPECT_EQ(S("../../x"), "_up/_up/x");
  EXPECT_EQ(S("../../../../etc/cron.d/p01"), "_up/_up/_up/_up/etc/cron.d/p01");
  EXPECT_EQ(S("src/../../../x"), "_up/_up/x");
  EXPECT_EQ(S("../"), "_up/_");
  EXPECT_EQ(S("..\\..\\x"), "_up/_up/x");
  EXPECT_EQ(S("dist/..\\..\\..\\x"), "_up/_up/x");  // mixed separators cannot smuggle a climb
  Diagnostics d;
  sanitize("../x", &d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].code, ErrorCode::kSourceRerooted);
  EXPECT_EQ(d.items()[0].severity, Severity::kWarning);
  EXPECT_EQ(error_code_name(d.items()[0].code), "F_SOURCE_REROOTED");
}

TEST(SanitizeTest, DrivePathsGoUnderDrive) {
  EXPECT_EQ(S("C:\\x"), "_drive/C/x");
  EXPECT_EQ(S("C:/x"), "_drive/C/x");
  EXPECT_EQ(S("C:\\Users\\x\\p06.js"), "_drive/C/Users/x/p06.js");
  EXPECT_EQ(S("C:../x"), "_drive/C/_rel/_up/x");
  EXPECT_EQ(S("C:x"), "_drive/C/_rel/x");
  EXPECT_EQ(S("c:\\x"), "_drive/c/x");
  EXPECT_EQ(S("C:\\..\\x"), "_drive/C/_up/x");
}

TEST(SanitizeTest, UncPathsGoUnderUnc) {
  EXPECT_EQ(S("\\\\srv\\s\\x"), "_unc/srv/s/x");
  EXPECT_EQ(S("\\\\?\\C:\\x"), "_unc/_qm/C%3A/x");
  EXPECT_EQ(S("\\\\.\\pipe\\x"), "_unc/_dot/pipe/x");
  EXPECT_EQ(S("\\\\?\\UNC\\srv\\s\\x"), "_unc/_qm/UNC/srv/s/x");
  EXPECT_EQ(S("/\\srv\\x"), "_unc/srv/x");
}

TEST(SanitizeTest, EmptyAndDotComponentsAreDropped) {
  EXPECT_EQ(S("a//b/./c"), "a/b/c");
  EXPECT_EQ(S("./a"), "a");
  EXPECT_EQ(S(""), "_");
  EXPECT_EQ(S("."), "_");
  EXPECT_EQ(S("src/dir/"), "src/dir");
}

// ------------------------------------------------------------------ escapes

TEST(SanitizeTest, GitComponentsAndLookAlikesArePrefixed) {
  EXPECT_EQ(S(".git/config"), "_.git/config");
  EXPECT_EQ(S(".git/hooks/post-checkout"), "_.git/hooks/post-checkout");
  EXPECT_EQ(S("src/.GIT/hooks/pre-commit"), "src/_.GIT/hooks/pre-commit");
  EXPECT_EQ(S("git~1/config"), "_git~1/config");
  EXPECT_EQ(S("GIT~12/config"), "_GIT~12/config");
  EXPECT_EQ(S(".g\u200cit/hooks/x"), "_.g\u200cit/hooks/x");  // ZWNJ (HFS+ ignores it)
  EXPECT_EQ(S("\xEF\xBB\xBF.git/x"), "_\xEF\xBB\xBF.git/x");  // BOM
  EXPECT_EQ(S(".gi\xC2\xADt/x"), "_.gi\xC2\xADt/x");          // soft hyphen
  EXPECT_EQ(S(".G\xC4\xB0T/x").substr(0, 1),
            ".");  // dotted capital I folds to i + U+0307: not .git
  EXPECT_EQ(S("sub/.git/HEAD"), "sub/_.git/HEAD");
  EXPECT_EQ(S(".git./x"), ".git%2E/x");  // Windows would drop the dot; the escape keeps it
  EXPECT_EQ(S("_.git/x"), "__.git/x");   // so that `.git` and `_.git` stay apart
  EXPECT_EQ(S(".gitignore"), ".gitignore");
  EXPECT_EQ(S("git~a/x"), "git~a/x");
}

TEST(SanitizeTest, WindowsDeviceNamesArePrefixed) {
  EXPECT_EQ(S("con.js"), "_con.js");
  EXPECT_EQ(S("AUX"), "_AUX");
  EXPECT_EQ(S("nul.txt"), "_nul.txt");
  EXPECT_EQ(S("COM1"), "_COM1");
  EXPECT_EQ(S("lpt9.log"), "_lpt9.log");
  EXPECT_EQ(S("src/Prn.tar.gz"), "src/_Prn.tar.gz");
  EXPECT_EQ(S("com0"), "_com0");
  EXPECT_EQ(S("LPT0.x"), "_LPT0.x");
  EXPECT_EQ(S("com\xC2\xB9.txt"), "_com\xC2\xB9.txt");
  EXPECT_EQ(S("CONIN$"), "_CONIN$");
  EXPECT_EQ(S("con .js"), "_con .js");
  EXPECT_EQ(S("_con.js"), "__con.js");
  EXPECT_EQ(S("console.js"), "console.js");
  EXPECT_EQ(S("com10"), "com10");
  EXPECT_EQ(S("auxiliary/x"), "auxiliary/x");
}

TEST(SanitizeTest, TrailingDotsAndSpacesAndStreamsAreEscaped) {
  EXPECT_EQ(S("a.js."), "a.js%2E");
  EXPECT_EQ(S("b.js "), "b.js%20");
  EXPECT_EQ(S("b.js. ."), "b.js%2E%20%2E");
  EXPECT_EQ(S("src/c.js:stream"), "src/c.js%3Astream");
  EXPECT_EQ(S("..."), "%2E%2E%2E");
  EXPECT_EQ(S("src/a.js::$DATA"), "src/a.js%3A%3A$DATA");
  EXPECT_EQ(S("a.js::$DATA"), "a.js/_opaque/%3A$DATA");  // RFC 3986 reads `a.js:` as a scheme
}

TEST(SanitizeTest, ControlAndWindowsInvalidCharactersArePercentEscaped) {
  EXPECT_EQ(S("\x1b]2;pwned\x07.js"), "%1B]2;pwned%07.js");
  EXPECT_EQ(S("\x1b[31mred\x1b[0m.js"), "%1B[31mred%1B[0m.js");
  EXPECT_EQ(S("cr\rover.js"), "cr%0Dover.js");
  EXPECT_EQ(S("tab\tname.js"), "tab%09name.js");
  EXPECT_EQ(S("bs\bx.js"), "bs%08x.js");
  EXPECT_EQ(S("del\x7f.js"), "del%7F.js");
  EXPECT_EQ(S("c1\xC2\x85.js"), "c1%C2%85.js");
  EXPECT_EQ(S("a<b>c|d?e*f\"g.js"), "a%3Cb%3Ec%7Cd%3Fe%2Af%22g.js");
  EXPECT_EQ(S("\"><img src=x onerror=alert(1)>.js"), "%22%3E%3Cimg src=x onerror=alert(1)%3E.js");
  EXPECT_EQ(S("</script><script>alert(1)</script>.js"),
            "%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E.js");
  EXPECT_EQ(S("'><svg onload=alert(3)>.js"), "'%3E%3Csvg onload=alert(3)%3E.js");
  EXPECT_EQ(S("a\xE2\x80\xAE"
              "sj.exe"),
            "a%E2%80%AEsj.exe");  // right-to-left override
}

TEST(SanitizeTest, PercentIsEscapedSoTheSchemeStaysInjective) {
  EXPECT_EQ(S("100%.js"), "100%25.js");
  EXPECT_EQ(S("%2e%2e/x"), "%252e%252e/x");  // never decoded into `..`
  EXPECT_NE(S("a:b"), S("a%3Ab"));
}

TEST(SanitizeTest, InvalidUtf8BytesAreEscapedOneByOne) {
  EXPECT_EQ(S("a\xFF"
              "b.js"),
            "a%FFb.js");
  EXPECT_EQ(S("\xC0\xAF.js"), "%C0%AF.js");          // overlong '/'
  EXPECT_EQ(S("\xED\xA0\x80.js"), "%ED%A0%80.js");   // CESU-8 surrogate
  EXPECT_EQ(S("\xE2\x82"), "%E2%82");                // truncated sequence
  EXPECT_EQ(S("\xF4\x90\x80\x80"), "%F4%90%80%80");  // above U+10FFFF
}

TEST(SanitizeTest, ReplacementCharacterFromALoneSurrogateIsKept) {
  Diagnostics d;
  EXPECT_EQ(sanitize("\xEF\xBF\xBD-lone.js", &d).path, "\xEF\xBF\xBD-lone.js");
  EXPECT_TRUE(d.empty());
}

TEST(SanitizeTest, LiteralNamesThatReadAsMarkersGetOneMoreUnderscore) {
  EXPECT_EQ(S("_up/x"), "__up/x");
  EXPECT_EQ(S("_/x"), "__/x");
  EXPECT_EQ(S("__abs"), "___abs");
  EXPECT_EQ(S("_drive/C/x"), "__drive/C/x");
  EXPECT_EQ(S("_deep~0123456789abcdef/x"), "__deep~0123456789abcdef/x");
  EXPECT_EQ(S("up/abs/_x"), "up/abs/_x");
  EXPECT_NE(S("../x"), S("_up/x"));
  EXPECT_NE(S("webpack:///x"), S("webpack://_/x"));
}

TEST(SanitizeTest, EscapesAreReportedOncePerSourceWithTheirReasons) {
  Diagnostics d;
  SafePath p = sanitize("con/.git/a:b\x01.js.", &d);
  EXPECT_EQ(p.path, "_con/_.git/a%3Ab%01.js%2E");
  EXPECT_TRUE(p.escaped);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].code, ErrorCode::kSourceNameEscaped);
  const std::string& m = d.items()[0].message;
  for (const char* why : {".git", "device", "control", "invalid on Windows", "trailing"}) {
    EXPECT_NE(m.find(why), std::string::npos) << why << " in " << m;
  }
  EXPECT_EQ(m.find('\x01'), std::string::npos);  // the message shows no raw control byte
}

// ------------------------------------------------------------------ rejection

TEST(SanitizeTest, RejectsNamesWithNul) {
  Diagnostics d;
  Result<SafePath> r = sanitize_source_path("a\0b.js"s, d);
  EXPECT_EQ(r.error(), ErrorCode::kSourceNameRejected);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].severity, Severity::kError);
  EXPECT_EQ(sanitize_source_path("a.js\0.png"s, d).error(), ErrorCode::kSourceNameRejected);
}

TEST(SanitizeTest, RejectsMoreComponentsThanTheInputLimit) {
  std::string p16;
  for (int i = 0; i < 5000; ++i) p16 += "a/";
  p16 += "p16.js";
  Diagnostics d;
  EXPECT_EQ(sanitize_source_path(p16, d).error(), ErrorCode::kSourceNameRejected);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d.items()[0].message.find("5001 components"), std::string::npos);

  std::string ok;
  for (int i = 0; i < 4095; ++i) ok += "a/";
  SafePath p = sanitize(ok + "x.js");
  EXPECT_TRUE(p.shortened);
}

TEST(SanitizeTest, DataUrisAreNotCountedAsComponents) {
  std::string uri = "data:text/javascript;base64,";
  for (int i = 0; i < 5000; ++i) uri += "a/";
  EXPECT_EQ(S(uri).substr(0, 6), "_data/");
}

// ------------------------------------------------------------------ lengths

TEST(SanitizeTest, LongComponentIsShortenedWithHashAndExtension) {
  Diagnostics d;
  SafePath p = sanitize(std::string(10000, 'a') + ".js", &d);
  EXPECT_EQ(p.path.size(), 255u);
  EXPECT_EQ(p.path.substr(0, 243), std::string(243, 'a'));
  EXPECT_EQ(p.path[243], '~');
  EXPECT_EQ(p.path.substr(252), ".js");
  EXPECT_TRUE(p.shortened);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].code, ErrorCode::kSourceNameShortened);
  EXPECT_LE(d.items()[0].message.size(), 600u);  // long names are cut in messages

  SafePath q = sanitize(std::string(300, 'c') + ".js");
  EXPECT_EQ(q.path.size(), 255u);
  EXPECT_NE(q.path, sanitize(std::string(301, 'c') + ".js").path);
  EXPECT_EQ(S(std::string(252, 'c') + ".js"), std::string(252, 'c') + ".js");  // exactly 255
}

TEST(SanitizeTest, ShorteningKeepsUtf8AndEscapesWhole) {
  std::string e_acute;
  for (int i = 0; i < 300; ++i) e_acute += "\xC3\xA9";
  EXPECT_LE(S(e_acute).size(), 255u);  // valid UTF-8 is checked by sanitize()
  for (int shift = 0; shift < 3; ++shift) {
    std::string s = std::string(static_cast<size_t>(shift), 'x') + std::string(200, ':');
    std::string out = S("d/" + s).substr(2);
    EXPECT_LE(out.size(), 255u);
    size_t tilde = out.find('~');
    ASSERT_NE(tilde, std::string::npos);
    EXPECT_EQ((tilde - static_cast<size_t>(shift)) % 3, 0u) << out;  // no %XX cut in half
  }
}

TEST(SanitizeTest, LongPathIsCollapsedKeepingHeadAndFileName) {
  std::string p15;
  for (int i = 0; i < 40; ++i) p15 += std::string(250, 'b') + "/";
  p15.pop_back();
  p15 += ".js";
  Diagnostics d;
  SafePath p = sanitize(p15, &d);
  EXPECT_LE(p.path.size(), 1024u);
  EXPECT_NE(p.path.find("/_deep~"), std::string::npos);
  EXPECT_EQ(p.path.substr(p.path.size() - 253), std::string(250, 'b') + ".js");
  EXPECT_EQ(p.path.substr(0, 251), std::string(250, 'b') + "/");
  EXPECT_TRUE(p.shortened);
  EXPECT_EQ(d.size(), 1u);
}

TEST(SanitizeTest, DeepPathIsCollapsedToTheDepthLimit) {
  std::string deep;
  for (int i = 0; i < 100; ++i) {
    deep += 'd';
    deep += std::to_string(i);
    deep += '/';
  }
  std::string name = "webpack://ns/";
  name += deep;
  SafePath p = sanitize(name + "x.js");
  EXPECT_EQ(p.path.substr(0, 14), "webpack/ns/d0/");
  EXPECT_EQ(p.path.substr(p.path.size() - 5), "/x.js");
  EXPECT_EQ(std::count(p.path.begin(), p.path.end(), '/') + 1, 64);
  EXPECT_NE(sanitize(name + "y/x.js").path, p.path);
}

TEST(SanitizeTest, SmallLimitsAreHonouredAndRaisedToAFloor) {
  PathLimits l;
  l.max_component_bytes = 40;
  l.max_path_bytes = 100;
  l.max_depth = 4;
  SafePath p = sanitize("a/b/c/d/e/f/" + std::string(80, 'z') + ".txt", nullptr, l);
  EXPECT_LE(p.path.size(), 100u);
  EXPECT_EQ(std::count(p.path.begin(), p.path.end(), '/') + 1, 4);

  PathLimits tiny{1, 1, 1, 100};
  Diagnostics d;
  Result<SafePath> r = sanitize_source_path("a/b/c/d/" + std::string(100, 'q'), d, tiny);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(unsafe_reason(r.value().path, PathLimits{32, 64, 3, 1}), "");
}

TEST(SanitizeTest, OneDiagnosticOfEachKindPerSource) {
  Diagnostics d;
  SafePath p = sanitize("../" + std::string(300, 'x') + ":.js", &d);
  EXPECT_TRUE(p.rerooted && p.escaped && p.shortened);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_TRUE(d.has(ErrorCode::kSourceRerooted));
  EXPECT_TRUE(d.has(ErrorCode::kSourceNameEscaped));
  EXPECT_TRUE(d.has(ErrorCode::kSourceNameShortened));
}

// ------------------------------------------------------------------ the hostile P/R catalogue

struct HostileCase {
  const char* id;
  std::vector<std::string> names;  // as resolve_source gives them for a map at the input root
  size_t min_diagnostics;          // from make_hostile.py (the plain control adds none)
  size_t rejected = 0;
};

TEST(SanitizeTest, HostileCataloguePNamesAreSafeAndReported) {
  const std::string abs = "/tmp/mapsleuth-hostile-abs";
  std::string long_path;
  for (int i = 0; i < 40; ++i) long_path += std::string(250, 'b') + "/";
  long_path.back() = '.';
  long_path += "js";
  std::string p16;
  for (int i = 0; i < 5000; ++i) p16 += "a/";
  const std::vector<HostileCase> cases = {
      {"P01",
       {"../../../../etc/cron.d/p01", "../../canary-link/p01.js", "../canary-link/p01b.js",
        "src/../../../p01c.js"},
       4},
      {"P02", {abs + "/p02/passwd", "//" + abs + "/p02/x.js", "file://" + abs + "/p02/y.js"}, 2},
      {"P03",
       {"webpack:///./src/a.js", "webpack://lib1/./src/a.js", "webpack://lib2/./src/a.js",
        "webpack:///webpack/bootstrap 1a2b", "webpack:///external \"react\""},
       2},
      {"P06",
       {"C:\\Users\\x\\p06.js", "C:../p06b.js", "\\\\srv\\s\\p06c.js", "\\\\?\\C:\\p06d.js",
        "..\\..\\..\\p07.js"},
       5},
      {"P11", {"src/A.ts", "src/a.ts", "src/\xC3\xA9.js", "src/e\xCC\x81.js", "src/dup.js"}, 0},
      {"P13",
       {"con.js", "AUX", "nul.txt", "COM1", "lpt9.log", "a.js.", "b.js ", "src/c.js:stream"},
       8},
      {"P15", {std::string(10000, 'a') + ".js", std::string(300, 'c') + ".js", long_path}, 3},
      {"P16", {p16 + "p16.js"}, 1, 1},
      {"P19",
       {".git/config", ".git/hooks/post-checkout", "src/.GIT/hooks/pre-commit", "git~1/config",
        ".g\u200cit/hooks/x", "sub/.git/HEAD"},
       4},
      {"R01",
       {"\"><img src=x onerror=alert(1)>.js", "</script><script>alert(1)</script>.js",
        "'><svg onload=alert(3)>.js", "src/r02.js"},
       0},
      {"R03",
       {"\x1b]2;pwned\x07.js", "\x1b[31mred\x1b[0m.js", "cr\rover.js", "tab\tname.js", "bs\bx.js"},
       0},
      {"R04", {"src/r04.js", "\xEF\xBF\xBD-lone.js"}, 0},
  };
  for (const auto& c : cases) {
    Diagnostics d;
    std::set<std::string> outputs;
    size_t rejected = 0;
    for (const auto& raw : c.names) {
      std::string name = resolve_source(raw, std::nullopt, "");
      size_t before = d.size();
      Result<SafePath> r = sanitize_source_path(name, d);
      if (!r.ok()) {
        ++rejected;
        continue;
      }
      EXPECT_EQ(unsafe_reason(r.value().path), "") << c.id << ": " << r.value().path;
      EXPECT_LE(d.size() - before, 3u) << c.id;
      EXPECT_TRUE(outputs.insert(r.value().path).second) << c.id << ": " << r.value().path;
      if (std::string_view(c.id).substr(0, 1) == "P" && std::string_view(c.id) != "P11") {
        EXPECT_GT(d.size(), before) << c.id << ": " << name << " was not reported";
      }
    }
    EXPECT_GE(d.size(), c.min_diagnostics) << c.id;
    EXPECT_EQ(rejected, c.rejected) << c.id;
  }
}

// ------------------------------------------------------------------ properties

// Names in normal form (no empty, `.` or inner `..` components, no separator inside a component)
// under distinct roots must map to distinct paths (no shortening happens at these sizes).
TEST(SanitizePropertyTest, DistinctNormalisedNamesGiveDistinctPaths) {
  // clang-format off
  const std::vector<std::string> roots = {
      "", "/", "../", "../../", "webpack://ns/", "webpack:///", "webpack://_/", "webpack://lib1/",
      "WEBPACK://ns/", "https://h:80/", "file:///", "node:", "C:\\", "C:", "c:\\", "D:\\",
      "C:..\\", "\\\\srv\\", "\\\\?\\", "\\\\.\\", "data:text/css,"};
  const std::vector<std::string> pieces = {
      "a", "A", "b", "_", "__", ".", "..", "git", ".git", "GIT", "~1", "con", "CON", "nul", ".js",
      ":", "%", "%3A", "%25", "?", "<", "*", "|", "\"", " ", "\x01", "\x1b", "\x7f", "\xC2\x85",
      "\xC3\xA9", "e\xCC\x81", "\xE2\x80\x8C", "\xE2\x80\xAE", "\xFF", "\xC0\xAF",
      "\xED\xA0\x80", "\xEF\xBF\xBD", "up", "abs", "drive", "rel", "unc", "qm", "dot", "opaque",
      "data", "deep~", "~2", "$", "\xC2\xB9", "com", "lpt", "\xEF\xBB\xBF"};
  // clang-format on
  std::mt19937 rng(20240501);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  std::map<std::string, std::string> seen;  // safe path -> input
  for (int iter = 0; iter < 60000; ++iter) {
    const std::string& root = roots[pick(roots.size())];
    bool windows = root.find('\\') != std::string::npos || (root.size() == 2 && root[1] == ':');
    std::string name = root;
    size_t ncomp = 1 + pick(4);
    for (size_t i = 0; i < ncomp; ++i) {
      std::string comp;
      do {
        comp.clear();
        for (size_t k = 1 + pick(4); k > 0; --k) comp += pieces[pick(pieces.size())];
      } while (comp == "." || comp == "..");
      if (i > 0) name += windows ? '\\' : '/';
      name += comp;
    }
    Diagnostics d;
    Result<SafePath> r = sanitize_source_path(name, d);
    ASSERT_TRUE(r.ok()) << name;
    ASSERT_EQ(unsafe_reason(r.value().path), "") << r.value().path;
    ASSERT_FALSE(r.value().shortened);
    auto [it, fresh] = seen.emplace(r.value().path, name);
    if (!fresh && it->second != name) {
      ADD_FAILURE() << "collision: '" << it->second << "' and '" << name << "' -> "
                    << r.value().path;
      break;
    }
  }
}

// Random bytes, biased to separators, dots and specials: always safe or cleanly rejected.
TEST(SanitizePropertyTest, RandomBytesAreSafeOrRejected) {
  const std::string alphabet = "/\\..:_~%aAgiGIt C\x01\x7f\xC3\xA9\xFF\xE2\x80\x8C\x00";
  std::mt19937 rng(7);
  for (int iter = 0; iter < 50000; ++iter) {
    std::string s;
    for (size_t n = rng() % 48; n > 0; --n) {
      s += (rng() % 8 == 0) ? static_cast<char>(rng() & 0xFF) : alphabet[rng() % alphabet.size()];
    }
    Diagnostics d;
    Result<SafePath> r = sanitize_source_path(s, d);
    if (!r.ok()) {
      EXPECT_NE(s.find('\0'), std::string::npos);
      continue;
    }
    ASSERT_EQ(unsafe_reason(r.value().path), "") << r.value().path;
    Diagnostics again;
    ASSERT_EQ(sanitize_source_path(s, again).value().path, r.value().path);  // deterministic
  }
}

// ------------------------------------------------------------------ collision keys and suffixes

TEST(CollisionKeyTest, FoldsCaseNormalisationAndIgnorables) {
  EXPECT_EQ(collision_key("src/A.ts"), collision_key("src/a.ts"));
  EXPECT_EQ(collision_key("src/\xC3\xA9.js"), collision_key("src/e\xCC\x81.js"));  // NFC vs NFD
  EXPECT_EQ(collision_key("src/\xC3\x89.js"), collision_key("src/e\xCC\x81.js"));  // and case
  EXPECT_EQ(collision_key("src/a\xE2\x80\x8C"
                          "b"),
            collision_key("src/ab"));  // ZWNJ
  EXPECT_EQ(collision_key("Stra\xC3\x9F"
                          "e"),
            collision_key("STRASSE"));  // full folding
  EXPECT_NE(collision_key("src/a.ts"), collision_key("src/b.ts"));
  EXPECT_EQ(collision_key("A\xFF"), "a\xFF");  // not UTF-8: ASCII folding only
}

TEST(CollisionSuffixTest, GoesBeforeTheLastExtensionOfTheLastComponent) {
  EXPECT_EQ(with_collision_suffix("src/a.ts", 2), "src/a~2.ts");
  EXPECT_EQ(with_collision_suffix("a.tar.gz", 3), "a.tar~3.gz");
  EXPECT_EQ(with_collision_suffix("src/.env", 2), "src/.env~2");
  EXPECT_EQ(with_collision_suffix("a.b/Makefile", 10), "a.b/Makefile~10");
  EXPECT_EQ(with_collision_suffix("x", 2), "x~2");
}

TEST(CollisionSuffixTest, StaysWithinLimitsAndNeverMakesGitShortNames) {
  std::string long_name = std::string(251, 'n') + ".js";
  std::string out = with_collision_suffix("d/" + long_name, 12);
  EXPECT_EQ(out.size(), 2u + 255u);
  EXPECT_EQ(out.substr(out.size() - 6), "~12.js");
  EXPECT_EQ(with_collision_suffix("src/git", 2), "src/_git~2");
  EXPECT_EQ(with_collision_suffix("src/GIT", 1), "src/_GIT~1");
  EXPECT_EQ(unsafe_reason(with_collision_suffix("src/git", 2)), "");
  std::string utf8;
  for (int i = 0; i < 127; ++i) utf8 += "\xC3\xA9";
  EXPECT_TRUE(valid_utf8(with_collision_suffix(utf8 + ".js", 99)));
}

}  // namespace
}  // namespace mapsleuth::reconstruct
