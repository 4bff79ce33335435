// What the user handed us, as a sequence of named byte ranges (STYLE R14: parsers read bytes, not
// paths). Archives, directories and in-memory file sets sit behind one interface,
// InputSource::for_each_entry, and share one entry policy (DESIGN section 5, safe-io section 3):
// only regular files are delivered; links, devices, FIFOs and names that climb or are absolute are
// reported, one diagnostic per entry, and never delivered.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "parsers/diagnostics.h"
#include "parsers/mapped_file.h"  // kInputPadding
#include "parsers/types.h"

namespace mapsleuth::parsers {

enum class InputKind : u8 { kTgz, kTar, kZip, kDir, kJs, kCss, kMap, kUnknown };

/// "tgz", "tar", "zip", "dir", "js", "css", "map" (report.json `inputs[].kind`), "unknown".
std::string_view input_kind_name(InputKind kind) noexcept;

/// Recognises an input by content first (DESIGN section 1), then by name:
///   gzip 1f 8b, and bzip2/xz/zstd magics -> kTgz (a compressed stream; libarchive decides what is
///   inside); "ustar" at offset 257 or a valid tar header checksum -> kTar; PK\3\4, PK\5\6 -> kZip;
///   "Cr24" -> kZip (a CRX: make_archive_input skips its header). By name: .js .mjs .cjs .jsx .ts
///   .mts .cts .tsx -> kJs, .css -> kCss, .map -> kMap, .tgz .gz -> kTgz, .tar -> kTar, .zip .vsix
///   .jar .crx -> kZip. Last, a JSON object start ('{' after an optional BOM and blanks, or the
///   XSSI prefix ")]}") -> kMap. `head` is the first bytes of the input (512 or more for the tar
///   checks); `name` is only looked at, never opened. Directories are the caller's call.
InputKind detect_input_kind(std::string_view name, std::string_view head) noexcept;

enum class EntryType : u8 { kFile, kDirectory, kSymlink, kHardlink, kDevice, kFifo, kOther };

/// One entry of an input. Only kFile entries reach the callback of for_each_entry.
struct Entry {
  /// Normalised POSIX path relative to the input root: '/'-separated, no empty, "." or leading "./"
  /// components, ".." resolved lexically (a name that still climbs is never delivered), valid UTF-8
  /// (invalid bytes escaped as %XX, W_ENTRY_NAME_ENCODING). npm's "package/" prefix is kept.
  std::string name;
  std::string raw_name;  ///< the name as stored, bytes unchanged (may be invalid UTF-8)
  EntryType type = EntryType::kFile;
  u64 size = 0;  ///< bytes.size() for files
  /// The file's bytes. Valid only during the callback; bytes.data() is followed by at least
  /// kInputPadding (64, SIMDJSON_PADDING) readable bytes, so parsers need not copy.
  std::string_view bytes;
  /// Set by readers that hold the bytes in a buffer of their own (archives): during the callback,
  /// a consumer that keeps the bytes may take that buffer instead of copying it -- the same bytes,
  /// at the same address, followed by the same kInputPadding. Returns nullptr (copy instead) when
  /// the buffer is much larger than the entry. At most one call per entry.
  std::function<std::unique_ptr<char[]>()> take_bytes;
  std::string link_target;  ///< symlink or hard-link target; empty otherwise
  u32 mode = 0;             ///< permission bits as stored (never applied to anything)
};

/// Defaults from safe-io section 6.2.
struct InputLimits {
  /// Uncompressed bytes produced per input, skipped ones included.
  u64 max_input_bytes = 1ull << 30;
  u64 max_entry_bytes = 512ull << 20;
  u64 max_entries = 200000;  ///< headers of any type, not only files
  double max_ratio = 1000;   ///< uncompressed / compressed, checked once 64 MiB were produced
};

/// kOk: every entry was seen. kPartial: a limit, a read error or truncation stopped the input after
/// it started; what was delivered before stays valid. kFailed: nothing could be read.
enum class InputStatus : u8 { kOk, kPartial, kFailed };

/// Callback of for_each_entry: return false to stop early (the status stays kOk).
using EntryFn = std::function<bool(const Entry&)>;

class InputSource {
 public:
  virtual ~InputSource() = default;

  /// Calls fn for each regular file entry that passed the safety rules, in archive order
  /// (directory walks: sorted by name at each level, for determinism); every other entry becomes
  /// one diagnostic in `diags`. May be called again: each call starts from the beginning.
  virtual InputStatus for_each_entry(const EntryFn& fn, Diagnostics& diags) = 0;
  virtual InputKind kind() const = 0;
};

/// An input made of the given (name, content) pairs, in order, for tests and fuzzers. Names go
/// through the same policy as archive names (a "../x" pair is reported, not delivered).
std::unique_ptr<InputSource> make_memory_input(
    std::vector<std::pair<std::string, std::string>> files, InputKind kind = InputKind::kDir,
    InputLimits limits = {});

// ---------------------------------------------------------------------------------------------------
// The entry policy shared by every InputSource implementation.

enum class NameVerdict : u8 {
  kOk,
  kAbsolute,   ///< "/x", "\x", "C:x", "C:\x", "\\srv\share\x", "\\?\C:\x"
  kTraversal,  ///< ".." escapes the root after lexical normalisation
  kEmpty,      ///< nothing left after normalisation ("", ".", "./")
};

struct NormalisedName {
  /// Entry::name when verdict == kOk; otherwise the raw name with invalid UTF-8 escaped, to report.
  std::string name;
  NameVerdict verdict = NameVerdict::kOk;
  bool escaped = false;  ///< invalid UTF-8 bytes were escaped as %XX
};

/// Normalises an entry name. Both '/' and '\\' separate components for the climb and absolute
/// checks, because a consumer on Windows, or one that rewrites backslashes, would see "..\x" climb;
/// the delivered name uses '/' only.
NormalisedName normalise_entry_name(std::string_view raw);

/// True if `s` is valid UTF-8 without NUL (json_string.h is_valid_utf8 allows NUL; names must not).
bool is_clean_utf8(std::string_view s) noexcept;

/// `s` made safe to show: invalid UTF-8 bytes (and NUL) as %XX, then C0/C1 controls as \xNN
/// (escape_for_terminal). For names and link targets inside diagnostics.
std::string printable_name(std::string_view s);

/// Applies the entry policy for one input: counts entries, normalises names, reports every entry
/// that is not delivered, and remembers delivered names to flag duplicates. Not thread-safe.
class EntryGate {
 public:
  EntryGate(const InputLimits& limits, Diagnostics& diags) : limits_(limits), diags_(diags) {}

  /// Counts one entry header; false (after reporting E_LIMIT_ENTRIES once) when over the limit.
  bool count();
  /// Fills entry.name from entry.raw_name and decides whether the entry is delivered. Reports one
  /// diagnostic for anything not delivered (bad name first, else its type), plus F_ENTRY_SETUID
  /// (still delivered: the mode never reaches disk) and W_ENTRY_DUPLICATE (both delivered).
  /// Directories are neither delivered nor reported unless their name is bad.
  bool admit(Entry& entry);
  /// Reports `code` about the entry named `name` (through printable_name) with `detail`.
  void report(ErrorCode code, Severity severity, std::string_view name, std::string_view detail);

  const InputLimits& limits() const { return limits_; }
  Diagnostics& diags() { return diags_; }

 private:
  const InputLimits& limits_;
  Diagnostics& diags_;
  u64 entries_ = 0;
  std::unordered_set<std::string> delivered_;
};

}  // namespace mapsleuth::parsers
