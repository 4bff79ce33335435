// The decoded source-map document (ECMA-426 section 9 "Decoded Source Map Record"), before the
// `mappings` string is decoded. Regular maps and index maps share this shape: an index map's
// sections are flattened into one list of sources and names plus one MappingsPart per section
// (section 10.1).
//
// Ownership (STYLE R8): string_views point into the document bytes the caller passed to
// parse_source_map (which must outlive this object) or into `pool`, which this object owns.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/types.h"

namespace mapsleuth::parsers {

/// A JSON string kept as its raw token (between the quotes, escapes intact) until someone needs it.
/// `sourcesContent` strings are the bulk of a leak-sized map; they are unescaped in parallel later.
struct RawString {
  enum class Kind : u8 { kAbsent, kNull, kString };
  Kind kind = Kind::kAbsent;
  std::string_view
      raw;          ///< the JSON text between the quotes (escapes intact); empty unless kString
  i64 offset = -1;  ///< byte offset of the opening quote in the document
  bool has_escapes = false;

  bool is_string() const noexcept { return kind == Kind::kString; }
};

/// One decoded `sources` entry.
struct Source {
  std::optional<std::string> name;  ///< the raw `sources` entry (unescaped); nullopt for null
  std::optional<std::string> url;   ///< sourceRoot prefix + name (what `lookup` prints), or nullopt
  RawString content;                ///< the matching `sourcesContent` entry
  bool ignored = false;             ///< listed in ignoreList (or x_google_ignoreList)
  u32 section = 0;                  ///< index-map section that declared it (0 for regular maps)
};

/// The `mappings` string of one regular map or one index-map section, plus where its indices land
/// in the flattened source and name lists (ECMA-426 section 10.1 offsets).
struct MappingsPart {
  std::string_view text;  ///< the mappings string (unescaped; views the document or the pool)
  i64 text_offset = -1;   ///< byte offset of `text` in the document, -1 if it had to be unescaped
  u32 line_offset = 0;    ///< added to every generated line
  u32 column_offset = 0;  ///< added to generated columns on the part's first line only
  u32 source_base = 0;    ///< index of this part's first source in SourceMap::sources
  u32 source_count = 0;
  u32 name_base = 0;  ///< index of this part's first name in SourceMap::names
  u32 name_count = 0;
};

struct SourceMap {
  bool index_map = false;
  std::optional<std::string> file;
  std::optional<std::string>
      source_root;  ///< of a regular map; per-section roots are folded into urls
  std::optional<std::string> debug_id;
  std::vector<Source> sources;
  std::vector<std::string> names;
  std::vector<MappingsPart>
      parts;               ///< one for a regular map; one per kept section for an index map
  u32 sections = 0;        ///< number of sections in an index map (0 for a regular map)
  u64 document_bytes = 0;  ///< size of the JSON document after BOM / XSSI stripping

  /// Strings that could not be views into the document (unescaped mappings). A deque so that
  /// views into earlier entries stay valid as it grows.
  std::deque<std::string> pool;
  /// The document itself when it had to be copied (padding, BOM, invalid UTF-8 repaired); views
  /// point into it. A unique_ptr so moving the SourceMap never moves the bytes.
  std::unique_ptr<char[]> owned_document;
};

/// One decoded mapping (ECMA-426 Decoded Mapping Record), 24 bytes: mold's stated exception for
/// packed per-item structs counted in millions (STYLE R20). -1 means null.
struct Mapping {
  u32 generated_line = 0;
  u32 generated_column = 0;
  i32 source = -1;  ///< index into SourceMap::sources, or -1 (1-field segment or bad position)
  u32 original_line = 0;
  u32 original_column = 0;
  i32 name = -1;  ///< index into SourceMap::names, or -1
};

}  // namespace mapsleuth::parsers

namespace mapsleuth {
class Diagnostics;
}  // namespace mapsleuth

#include "parsers/result.h"

namespace mapsleuth::parsers {

struct ParseOptions {
  bool strict = false;                ///< every ECMA-426 "optionally report an error" is an error
  u64 max_json_bytes = 256ull << 20;  ///< E_LIMIT_JSON_BYTES beyond this
  size_t max_depth = 64;              ///< JSON nesting; source maps need about 5
  u64 max_sources = 1'000'000;        ///< per map, summed over sections
  u64 max_sections = 10'000;          ///< index-map sections
  u32 max_map_nesting = 4;            ///< index maps inside index maps (lenient mode only)
};

/// Parses a source-map document (regular or index map) with simdjson On-Demand and reports every
/// problem into `diags`: hard errors (ECMA-426 "throw") always with Severity::kError, optional
/// errors with kError in strict mode and kWarning otherwise, so a map is valid iff no kError was
/// reported. Lenient salvage: whatever can be kept is kept (a bad section is skipped, a bad item
/// becomes null). Returns an error only when nothing usable remains (not JSON, not an object, no
/// `sources`).
///
/// `doc` must outlive the result (string_views point into it). If `capacity` < doc.size() +
/// SIMDJSON_PADDING the document is copied into a padded buffer owned by the result.
Result<SourceMap> parse_source_map(std::string_view doc, size_t capacity, Diagnostics& diags,
                                   const ParseOptions& options = {});
Result<SourceMap> parse_source_map(std::string&&, size_t, Diagnostics&,
                                   const ParseOptions& = {}) = delete;  // views into the argument

/// True when `raw` (a JSON string body) is a canonical 8-4-4-4-12 hex UUID (debugId proposal).
bool is_canonical_uuid(std::string_view s) noexcept;

}  // namespace mapsleuth::parsers
