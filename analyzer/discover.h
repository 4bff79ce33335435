// Discover (DESIGN section 3, step 1): read one input - archive, directory or single file - and
// keep what the later passes need: every map (files named .map and inline data: maps), the links
// from scripts to maps, the SHA-256 of every plain file (for "shipped identical") and package.json
// files. Serial per input; every problem is a diagnostic in DiscoveredInput::diags.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/diagnostics.h"
#include "parsers/input_source.h"
#include "parsers/mapped_file.h"
#include "parsers/mapping_url.h"
#include "parsers/parallel.h"
#include "parsers/source_map.h"
#include "reports/model.h"

namespace mapsleuth::analyzer {

/// Bytes followed by parsers::kInputPadding readable bytes (what simdjson needs), either owned or a
/// read-only mapping of a single input file.
class Blob {
 public:
  Blob() = default;
  static Blob copy_of(std::string_view bytes);
  /// Takes a buffer holding `size` bytes followed by kInputPadding readable bytes.
  static Blob adopt(std::unique_ptr<char[]> buffer, size_t size);
  /// An entry's bytes: its reader's buffer when it can be taken (Entry::take_bytes), else a copy.
  static Blob keep(const parsers::Entry& e);
  static Blob mapped(parsers::MappedFile file);

  std::string_view bytes() const noexcept { return view_; }
  u64 capacity() const noexcept { return view_.size() + parsers::kInputPadding; }

 private:
  parsers::MappedFile mapped_;
  std::unique_ptr<char[]> owned_;
  std::string_view view_;
};

/// A map found in an input, not yet parsed.
struct MapCandidate {
  std::string path;  ///< entry name; for an inline map, the name of the script carrying it
  bool inline_map = false;
  Blob bytes;
  std::string sha256;
  std::vector<std::string> linked_from;  ///< scripts whose trailing sourceMappingURL names it
};

/// A generated file (script or stylesheet) whose trailing comment links a map of the input: kept
/// for byte attribution (analyzer/attribution.h).
struct GeneratedFile {
  Blob bytes;
  parsers::ScriptKind kind = parsers::ScriptKind::kJavaScript;
};

struct DiscoverLimits {
  parsers::InputLimits input;
  u64 max_data_uri_bytes = 256ull << 20;
};

struct DiscoveredInput;

/// SHA-256 digests of large mapped files computed on a worker while the input is parsed: hashing a
/// leak-sized bundle and its map (90 MB) was the serial head of a scan (issue 7,
/// docs/benchmarks.md). start() returns a placeholder to store wherever the digest belongs (record,
/// files, maps); finish() waits and puts each digest in place of its placeholder. The bytes given
/// to start() must stay readable until finish() or destruction, which waits.
class PendingDigests {
 public:
  std::string start(std::string_view bytes);
  void finish(DiscoveredInput& input);
  bool empty() const noexcept { return digests_.empty(); }

 private:
  // The tasks write into digests_: declared first, so destroyed after the group has waited.
  std::vector<std::unique_ptr<std::string>> digests_;  // stable addresses for the tasks
  std::unique_ptr<parallel::TaskGroup> group_;
};

struct DiscoveredInput {
  reports::InputRecord record;
  std::vector<MapCandidate> maps;            ///< sorted by path, inline maps after file maps
  std::map<std::string, std::string> files;  ///< every plain file delivered: name -> sha256
  std::map<std::string, std::string> package_jsons;  ///< name -> bytes, for package@version
  std::map<std::string, GeneratedFile> generated;    ///< scripts named in maps' linked_from
  u64 file_count = 0;
  Diagnostics diags;
  PendingDigests digests;  ///< last: destroyed (so waited for) before the bytes it reads
};

/// Whether discover_input returns with every digest in place (kNow), or leaves the digests of the
/// mapped input file and its sibling map running for the caller to finish (kDeferred; rebuild_input
/// finishes them once the maps are parsed).
enum class Digests { kNow, kDeferred };

/// Reads one input as the user named it. Never throws on bad input; `record.status` tells whether
/// the input was read whole (ok), in part (partial: a limit, truncation) or not at all (failed).
DiscoveredInput discover_input(const std::string& path, const DiscoverLimits& limits,
                               Digests digests = Digests::kNow);

/// After an input was read and rebuilt: E_INPUT_CHANGED, and status partial, when the stamp of the
/// path the user named moved since `before` was taken (a file written, truncated or replaced; a
/// directory whose entries were added, removed or renamed -- its files are checked by the walk).
void check_input_unchanged(const std::string& path, const std::optional<parsers::FileStamp>& before,
                           DiscoveredInput& input);

/// The directory part of an entry name ("a/b/c.js" -> "a/b", "c.js" -> "").
std::string_view entry_dir(std::string_view name);
/// The last component of an entry name ("a/b/c.js" -> "c.js").
std::string_view entry_base_name(std::string_view name);

/// Resolves a sourceMappingURL found in the script `script` against the script's directory inside
/// the input. Returns the entry name, or an empty string after reporting why the URL is not
/// followed (remote, absolute, climbing out of the input).
std::string resolve_map_reference(std::string_view script, std::string_view url,
                                  Diagnostics& diags);

}  // namespace mapsleuth::analyzer
