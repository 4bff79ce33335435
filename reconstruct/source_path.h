// Source names -> safe relative file names (DESIGN sections 4 and 5, reference/safe-io.md 3).
//
// Two steps, kept apart so the report can show both: `resolve_source` computes the "Resolved
// source" of DESIGN section 4 (a string, still hostile); `sanitize_source_path` maps it to a
// relative path that is safe to create beneath DIR/sources on Linux, macOS and Windows. Source
// names are re-rooted rather than dropped, because their content is the evidence (DESIGN 5). The
// string sanitiser decides the name; the kernel enforces containment (SafeWriter): neither alone
// is enough.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "parsers/diagnostics.h"
#include "parsers/result.h"
#include "parsers/types.h"

namespace mapsleuth::reconstruct {

/// DESIGN section 4 "Resolved source": `source_root` (plus '/' unless it already ends with a
/// separator; an empty or absent root adds nothing) + `source`. URLs with a scheme (`webpack://`,
/// `file://`, `https://`, `data:`, ...; a scheme has at least two characters, so `C:` is a drive)
/// and absolute paths (`/x`, `\x`, `C:\x`, `C:x`, `\\srv\x`) are returned as they are. Any other
/// path is joined to `map_dir` (the map's directory inside the input, POSIX, "" for the root) and
/// POSIX-normalised: empty and `.` segments dropped, `a/..` folded, leading `..` kept when the path
/// climbs out of the input root, a trailing '/' kept. Only '/' separates here; backslashes stay in
/// the name for the sanitiser.
std::string resolve_source(std::string_view source, std::optional<std::string_view> source_root,
                           std::string_view map_dir);

/// Bounds on a sanitised path (reference/safe-io.md section 3.9; DESIGN 6.2). Values below a small
/// floor (component 32, path 64, depth 3, input components 1) are raised to it.
struct PathLimits {
  size_t max_component_bytes = 255;    ///< after escaping; longer components are shortened
  size_t max_path_bytes = 1024;        ///< whole relative path; longer paths are collapsed
  size_t max_depth = 64;               ///< components; deeper paths are collapsed
  size_t max_input_components = 4096;  ///< separators + 1 in the name; more is rejected (P16)
};

/// A sanitised source path and what was done to get it (each flag has had its diagnostic).
struct SafePath {
  std::string path;        ///< relative, '/'-separated, valid UTF-8, within the limits
  bool rerooted = false;   ///< placed under a prefix: `_up`, `_abs`, `_drive`, `_unc`, a scheme...
  bool escaped = false;    ///< bytes written as %XX, or a component prefixed with '_'
  bool shortened = false;  ///< a component or the whole path was cut and hashed
};

/// Maps a resolved source name to a safe relative path, to be placed beneath DIR/sources.
///
/// Roots (the rest of the name follows as components):
///   `src/a.js`                -> `src/a.js`
///   `../../x`                 -> `_up/_up/x`
///   `/abs/x`, `///abs/x`      -> `_abs/abs/x`
///   `webpack://ns/./src/a.js` -> `webpack/ns/src/a.js`
///   `webpack:///./a.js`       -> `webpack/_/a.js`          (empty host -> `_`)
///   `file:///abs/x`           -> `file/_/abs/x`
///   `node:fs`, `x:/p`         -> `node/_opaque/fs`, `x/_abs/p`   (no authority)
///   `data:...`                -> `_data/<16 hex of SHA-256>[.js|.css|.json|.ts|.html]`
///   `C:\x`, `C:/x`            -> `_drive/C/x`
///   `C:x`, `C:../x`           -> `_drive/C/_rel/x`, `_drive/C/_rel/_up/x`   (drive-relative)
///   `\\srv\s\x`               -> `_unc/srv/s/x`
///   `\\?\C:\x`, `\\.\x`       -> `_unc/_qm/C%3A/x`, `_unc/_dot/x`
/// '\' separates components like '/' everywhere (it does on Windows, where a literal one would be
/// dangerous). Empty and `.` components are dropped and `a/..` folded; a `..` that climbs above the
/// root becomes `_up`. A name with no component left ends in `_` (`../` -> `_up/_`).
///
/// Escapes, per component: C0/C1 controls, DEL, `<>:"|?*`, '%', bidi controls (U+061C, U+200E/F,
/// U+202A-E, U+2066-9), invalid UTF-8 bytes and a trailing run of dots/spaces become `%XX`
/// (upper-case hex of each byte). Then one more leading '_' goes on a component that is `.git` or
/// `git~N` (after NFC, case folding and removing default-ignorable code points), a Windows device
/// name (CON PRN AUX NUL COM0-9 LPT0-9, COM/LPT + superscript 1-3, CONIN$ CONOUT$ CLOCK$; any case,
/// any extension), or '_' followed by one of those or by a marker word (`_`, `_up`, `_abs`, ...).
/// So markers never come from a literal name, and the mapping is injective on normalised names (a
/// property test checks it), except for: shortened names (hash); '\' vs '/' and `C:\` vs `C:/`
/// (one path on Windows); a relative name whose first component equals a scheme (`webpack/x` vs
/// `webpack:x`). The writer's collision keys resolve those. URLs are not percent-decoded:
/// `%2e%2e` stays `%252e%252e`, never `..`.
///
/// Lengths: a component over `max_component_bytes` becomes prefix + `~` + 8 hex of its SHA-256 +
/// its extension (<= 16 bytes), cut on a UTF-8 and %XX boundary; a path over `max_path_bytes` or
/// `max_depth` keeps its leading components and its file name and replaces the middle by
/// `_deep~<16 hex of SHA-256 of the whole name>`.
///
/// Diagnostics, at most one of each per call: F_SOURCE_REROOTED (warning for `_up`, `_abs`,
/// `_drive`, `_unc` and `file:`; info for other schemes and `data:`), W_SOURCE_NAME_ESCAPED,
/// W_SOURCE_NAME_SHORTENED. Rejected with E_SOURCE_NAME_REJECTED (error), that code returned: a
/// name containing NUL; a name with more than `max_input_components` components. A lone surrogate
/// reaches us already replaced by U+FFFD (W_JSON_LONE_SURROGATE from the parser); U+FFFD is a
/// valid character and is kept -- whether to rebuild such a source is the caller's decision, since
/// only it knows that a replacement happened.
Result<SafePath> sanitize_source_path(std::string_view resolved, Diagnostics& diags,
                                      const PathLimits& limits = {});

/// The key under which two safe paths collide on a case-insensitive or normalising file system:
/// NFC + Unicode case folding + default-ignorable code points removed (utf8proc COMPOSE | CASEFOLD
/// | STABLE | IGNORE). `src/A.ts` and `src/a.ts`, NFC and NFD `e-acute` share a key. Input that is
/// not valid UTF-8 (never a sanitised path) is keyed by its ASCII-lower-cased bytes.
std::string collision_key(std::string_view safe_path);

/// `src/a.ts`, 2 -> `src/a~2.ts`: `~n` goes before the last extension of the last component
/// (`.env` -> `.env~2`, `a.tar.gz` -> `a.tar~2.gz`). The stem is cut to keep the limits; a result
/// that would read as `git~N` or a device name gets a leading '_'. The result may itself be taken:
/// callers check it against their collision set and try n + 1.
std::string with_collision_suffix(std::string_view safe_path, int n, const PathLimits& limits = {});

}  // namespace mapsleuth::reconstruct
