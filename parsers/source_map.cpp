// Source-map document parser on simdjson On-Demand (ECMA-426 sections 9 and 10).
//
// One forward pass over the root object collects every field into a RawMap (duplicate keys: the
// last wins, as JSON.parse); then build_regular / build_index apply the spec's DecodeSourceMap and
// DecodeIndexSourceMap rules and flatten sections into one SourceMap. Strings stay raw views into
// the document until needed; sourcesContent is never copied here.
#include "parsers/source_map.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "parsers/diagnostics.h"
#include "parsers/json_string.h"

namespace mapsleuth::parsers {
namespace {

namespace od = simdjson::ondemand;

struct RawMap;

struct RawSection {
  i64 offset = -1;  // byte offset of the section value
  bool is_object = false;
  bool has_offset = false;
  bool offset_is_object = false;
  bool line_ok = false;
  bool column_ok = false;
  i64 line = 0;
  i64 column = 0;
  bool has_map = false;
  bool map_is_object = false;
  std::unique_ptr<RawMap> map;
};

// Every field of one map object as found, before any spec rule is applied.
struct RawMap {
  i64 offset = -1;
  bool has_version = false;
  bool version_is_3 = false;
  bool has_file = false;
  std::optional<std::string> file;
  bool has_source_root = false;
  std::optional<std::string> source_root;
  bool has_mappings = false;
  bool mappings_is_string = false;
  RawString mappings;
  bool has_sources = false;
  bool sources_is_array = false;
  std::vector<std::optional<std::string>> sources;
  std::vector<bool> source_item_bad;
  bool has_sources_content = false;
  bool sources_content_is_array = false;
  std::vector<RawString> sources_content;
  std::vector<bool> content_item_bad;
  bool has_names = false;
  bool names_is_array = false;
  std::vector<std::string> names;
  std::vector<bool> name_item_bad;
  struct IndexList {
    bool present = false;
    bool is_array = false;
    std::vector<i64> items;  // -1 for an item that is not a non-negative integer
    i64 offset = -1;
  };
  IndexList ignore_list;
  IndexList x_google_ignore_list;
  bool has_debug_id = false;
  std::optional<std::string> debug_id;
  bool has_sections = false;
  bool sections_is_array = false;
  std::vector<RawSection> sections;
  i64 sections_offset = -1;
};

class Parser {
 public:
  Parser(const char* base, Diagnostics& diags, const ParseOptions& opt)
      : base_(base), diags_(diags), opt_(opt) {}

  bool failed() const { return failed_; }

  // Parses the fields of `obj` into `out`. Returns false on a JSON-level failure (already
  // reported).
  bool read_map(od::object obj, RawMap& out, u32 nesting);

  void hard(ErrorCode code, std::string_view detail, i64 offset) {
    ++hard_errors_;
    diags_.error(code, detail, offset);
  }
  /// Hard errors (ECMA-426 "throw") seen so far; in strict mode severity alone cannot tell them
  /// from optional errors.
  u64 hard_errors() const { return hard_errors_; }
  void optional(ErrorCode code, std::string_view detail, i64 offset) {
    diags_.add(code, opt_.strict ? Severity::kError : Severity::kWarning, detail, offset);
  }
  void json_failure(simdjson::error_code e, i64 offset) {
    if (failed_) return;
    failed_ = true;
    ErrorCode code = ErrorCode::kJsonSyntax;
    if (e == simdjson::DEPTH_ERROR) code = ErrorCode::kLimitJsonDepth;
    hard(code, simdjson::error_message(e), offset);
  }

  i64 offset_of(std::string_view token) const {
    return token.data() != nullptr ? static_cast<i64>(token.data() - base_) : -1;
  }

 private:
  bool read_string(od::value& v, std::optional<std::string>& out, bool& wrong_type, i64& offset);
  bool read_raw_string(od::value& v, RawString& out);
  bool read_string_array(od::value& v, bool& is_array, std::vector<std::optional<std::string>>& out,
                         std::vector<bool>& bad, bool nullable);
  bool read_index_list(od::value& v, RawMap::IndexList& out);
  bool read_sections(od::value& v, RawMap& out, u32 nesting);
  bool skip_value(od::value& v, size_t depth = 1);
  // Calls fn(key, value) for each field when `v` is an object (is_object says whether it was);
  // anything else is walked by skip_value. False on a JSON failure or when fn returns false.
  template <typename Fn>
  bool read_object(od::value& v, i64 at, bool& is_object, Fn&& fn);

  const char* base_;
  Diagnostics& diags_;
  const ParseOptions& opt_;
  bool failed_ = false;
  u64 hard_errors_ = 0;
};

#define MAPSLEUTH_TRY_JSON(expr, offset) \
  do {                                   \
    auto _err = (expr);                  \
    if (_err) {                          \
      json_failure(_err, (offset));      \
      return false;                      \
    }                                    \
  } while (0)

template <typename Fn>
bool Parser::read_object(od::value& v, i64 at, bool& is_object, Fn&& fn) {
  od::json_type t;
  MAPSLEUTH_TRY_JSON(v.type().get(t), at);
  is_object = t == od::json_type::object;
  if (!is_object) return skip_value(v);
  od::object obj;
  MAPSLEUTH_TRY_JSON(v.get_object().get(obj), at);
  for (auto field : obj) {
    std::string_view key;
    MAPSLEUTH_TRY_JSON(field.unescaped_key().get(key), at);
    od::value fv;
    MAPSLEUTH_TRY_JSON(field.value().get(fv), at);
    if (!fn(key, fv)) return false;
  }
  return true;
}

std::string_view trim_token(std::string_view tok) {
  while (!tok.empty() &&
         (tok.back() == ' ' || tok.back() == '\n' || tok.back() == '\r' || tok.back() == '\t')) {
    tok.remove_suffix(1);
  }
  return tok;
}

bool Parser::read_raw_string(od::value& v, RawString& out) {
  std::string_view tok = trim_token(v.raw_json_token());
  out.kind = RawString::Kind::kString;
  out.offset = offset_of(tok);
  if (tok.size() < 2 || tok.front() != '"' || tok.back() != '"') {
    json_failure(simdjson::STRING_ERROR, out.offset);
    return false;
  }
  out.raw = tok.substr(1, tok.size() - 2);
  out.has_escapes = std::memchr(out.raw.data(), '\\', out.raw.size()) != nullptr;
  return true;
}

// Unescapes a short string (names, sources, file); large ones (sourcesContent) stay raw.
bool unescape_or_fail(Parser& p, const RawString& raw, std::string& out) {
  JsonStringIssues issues;
  if (!unescape_json_string(raw.raw, out, issues)) {
    p.json_failure(simdjson::STRING_ERROR, raw.offset + 1 + issues.bad_escape_at);
    return false;
  }
  if (issues.lone_surrogates > 0) {
    p.optional(ErrorCode::kJsonLoneSurrogate, {}, raw.offset);
  }
  return true;
}

bool Parser::read_string(od::value& v, std::optional<std::string>& out, bool& wrong_type,
                         i64& offset) {
  od::json_type t;
  MAPSLEUTH_TRY_JSON(v.type().get(t), -1);
  out.reset();
  wrong_type = false;
  if (t != od::json_type::string) {
    wrong_type = true;
    std::string_view tok;
    offset = offset_of(v.raw_json_token());
    return skip_value(v);
  }
  RawString raw;
  if (!read_raw_string(v, raw)) return false;
  offset = raw.offset;
  std::string s;
  if (!unescape_or_fail(*this, raw, s)) return false;
  out = std::move(s);
  return true;
}

// Walks a value we do not use, so that JSON errors inside it are still found (JSON.parse would
// reject them) - On-Demand alone would skip it unvalidated.
bool Parser::skip_value(od::value& v, size_t depth) {
  // Our own depth bound: simdjson On-Demand does not check depth for values we walk ourselves, and
  // the recursion below must not overflow the stack on [[[[... (hostile J02).
  if (depth > opt_.max_depth) {
    hard(ErrorCode::kLimitJsonDepth, "nesting deeper than " + std::to_string(opt_.max_depth), -1);
    failed_ = true;
    return false;
  }
  od::json_type t;
  MAPSLEUTH_TRY_JSON(v.type().get(t), -1);
  switch (t) {
    case od::json_type::array: {
      od::array arr;
      MAPSLEUTH_TRY_JSON(v.get_array().get(arr), -1);
      for (auto item : arr) {
        od::value iv;
        MAPSLEUTH_TRY_JSON(item.get(iv), -1);
        if (!skip_value(iv, depth + 1)) return false;
      }
      return true;
    }
    case od::json_type::object: {
      bool is_object = true;
      return read_object(v, -1, is_object, [&](std::string_view, od::value& fv) {
        return skip_value(fv, depth + 1);
      });
    }
    case od::json_type::string: {
      RawString raw;
      if (!read_raw_string(v, raw)) return false;
      JsonStringIssues issues;
      if (measure_json_string(raw.raw, issues).bytes < 0) {
        json_failure(simdjson::STRING_ERROR, raw.offset + 1 + issues.bad_escape_at);
        return false;
      }
      return true;
    }
    case od::json_type::number: {
      double d;
      MAPSLEUTH_TRY_JSON(v.get_double().get(d), -1);
      return true;
    }
    case od::json_type::boolean: {
      bool b;
      MAPSLEUTH_TRY_JSON(v.get_bool().get(b), -1);
      return true;
    }
    case od::json_type::null: {
      bool is_null = false;
      MAPSLEUTH_TRY_JSON(v.is_null().get(is_null), -1);
      if (!is_null) {
        json_failure(simdjson::N_ATOM_ERROR, -1);
        return false;
      }
      return true;
    }
  }
  return true;
}

bool Parser::read_string_array(od::value& v, bool& is_array,
                               std::vector<std::optional<std::string>>& out, std::vector<bool>& bad,
                               bool nullable) {
  out.clear();
  bad.clear();
  od::json_type t;
  MAPSLEUTH_TRY_JSON(v.type().get(t), -1);
  is_array = t == od::json_type::array;
  if (!is_array) return skip_value(v);
  od::array arr;
  MAPSLEUTH_TRY_JSON(v.get_array().get(arr), -1);
  for (auto item : arr) {
    od::value iv;
    MAPSLEUTH_TRY_JSON(item.get(iv), -1);
    od::json_type it;
    MAPSLEUTH_TRY_JSON(iv.type().get(it), -1);
    if (it == od::json_type::string) {
      RawString raw;
      if (!read_raw_string(iv, raw)) return false;
      std::string s;
      if (!unescape_or_fail(*this, raw, s)) return false;
      out.emplace_back(std::move(s));
      bad.push_back(false);
    } else {
      bool is_null = false;
      if (it == od::json_type::null) {
        MAPSLEUTH_TRY_JSON(iv.is_null().get(is_null), -1);
      } else if (!skip_value(iv)) {
        return false;
      }
      out.emplace_back(std::nullopt);
      bad.push_back(!(nullable && is_null));
    }
    if (out.size() > opt_.max_sources) {
      hard(ErrorCode::kLimitSources, "more than " + std::to_string(opt_.max_sources) + " entries",
           -1);
      failed_ = true;
      return false;
    }
  }
  return true;
}

bool Parser::read_index_list(od::value& v, RawMap::IndexList& out) {
  out = {};
  out.present = true;
  std::string_view tok;
  out.offset = offset_of(v.raw_json_token());
  od::json_type t;
  MAPSLEUTH_TRY_JSON(v.type().get(t), -1);
  out.is_array = t == od::json_type::array;
  if (!out.is_array) return skip_value(v);
  od::array arr;
  MAPSLEUTH_TRY_JSON(v.get_array().get(arr), -1);
  for (auto item : arr) {
    od::value iv;
    MAPSLEUTH_TRY_JSON(item.get(iv), -1);
    od::json_type it;
    MAPSLEUTH_TRY_JSON(iv.type().get(it), -1);
    i64 index = -1;
    if (it == od::json_type::number) {
      double d;
      MAPSLEUTH_TRY_JSON(iv.get_double().get(d), -1);
      // JSON numbers are doubles (ECMA-426 7.1): 2.0 is the integer 2.
      if (std::isfinite(d) && d >= 0 && std::floor(d) == d) {
        index = d < 9.2e18 ? static_cast<i64>(d) : std::numeric_limits<i64>::max();
      }
    } else if (!skip_value(iv)) {
      return false;
    }
    out.items.push_back(index);
  }
  return true;
}

bool read_offset_number(Parser& p, od::value& v, bool& ok, i64& value) {
  od::json_type t;
  auto err = v.type().get(t);
  if (err) {
    p.json_failure(err, -1);
    return false;
  }
  ok = false;
  value = 0;
  if (t == od::json_type::number) {
    double d;
    err = v.get_double().get(d);
    if (err) {
      p.json_failure(err, -1);
      return false;
    }
    if (std::isfinite(d) && d >= 0 && std::floor(d) == d && d < 4294967296.0) {
      ok = true;
      value = static_cast<i64>(d);
    }
  }
  return true;
}

bool Parser::read_sections(od::value& v, RawMap& out, u32 nesting) {
  out.sections.clear();
  od::json_type t;
  MAPSLEUTH_TRY_JSON(v.type().get(t), -1);
  out.sections_is_array = t == od::json_type::array;
  if (!out.sections_is_array) return skip_value(v);
  od::array arr;
  MAPSLEUTH_TRY_JSON(v.get_array().get(arr), -1);
  for (auto item : arr) {
    od::value sv;
    MAPSLEUTH_TRY_JSON(item.get(sv), -1);
    if (out.sections.size() >= opt_.max_sections) {
      hard(ErrorCode::kLimitSections, "more than " + std::to_string(opt_.max_sections), -1);
      failed_ = true;
      return false;
    }
    RawSection& sec = out.sections.emplace_back();
    sec.offset = offset_of(sv.raw_json_token());
    bool ok = read_object(sv, sec.offset, sec.is_object, [&](std::string_view key, od::value& fv) {
      if (key == "offset") {
        sec.has_offset = true;
        sec.line_ok = sec.column_ok = false;
        sec.line = sec.column = 0;
        return read_object(fv, sec.offset, sec.offset_is_object,
                           [&](std::string_view okey, od::value& ov) {
                             if (okey == "line") {
                               return read_offset_number(*this, ov, sec.line_ok, sec.line);
                             }
                             if (okey == "column") {
                               return read_offset_number(*this, ov, sec.column_ok, sec.column);
                             }
                             return skip_value(ov);
                           });
      }
      if (key == "map") {
        sec.has_map = true;
        sec.map.reset();
        od::json_type mt;
        MAPSLEUTH_TRY_JSON(fv.type().get(mt), sec.offset);
        sec.map_is_object = mt == od::json_type::object;
        if (!sec.map_is_object) return skip_value(fv);
        od::object mo;
        MAPSLEUTH_TRY_JSON(fv.get_object().get(mo), sec.offset);
        sec.map = std::make_unique<RawMap>();
        sec.map->offset = sec.offset;
        return read_map(mo, *sec.map, nesting + 1);
      }
      return skip_value(fv);
    });
    if (!ok) return false;
  }
  return true;
}

bool Parser::read_map(od::object obj, RawMap& out, u32 nesting) {
  std::vector<std::string> seen;
  for (auto field : obj) {
    std::string_view key_view;
    MAPSLEUTH_TRY_JSON(field.unescaped_key().get(key_view), out.offset);
    std::string key(key_view);
    od::value v;
    MAPSLEUTH_TRY_JSON(field.value().get(v), out.offset);
    std::string_view tok;
    i64 at = -1;
    at = offset_of(v.raw_json_token());
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      diags_.warning(ErrorCode::kJsonDuplicateKey, "\"" + key + "\"", at);
    } else {
      seen.push_back(key);
    }
    bool wrong = false;
    i64 ignored_offset = -1;
    if (key == "version") {
      out.has_version = true;
      out.version_is_3 = false;
      od::json_type t;
      MAPSLEUTH_TRY_JSON(v.type().get(t), at);
      if (t == od::json_type::number) {
        double d;
        MAPSLEUTH_TRY_JSON(v.get_double().get(d), at);
        out.version_is_3 = d == 3.0;  // "3.0" is the Number 3 (JSON.parse)
      } else if (!skip_value(v)) {
        return false;
      }
    } else if (key == "file") {
      out.has_file = true;
      if (!read_string(v, out.file, wrong, ignored_offset)) return false;
    } else if (key == "sourceRoot") {
      out.has_source_root = true;
      if (!read_string(v, out.source_root, wrong, ignored_offset)) return false;
    } else if (key == "mappings") {
      out.has_mappings = true;
      out.mappings = {};
      od::json_type t;
      MAPSLEUTH_TRY_JSON(v.type().get(t), at);
      out.mappings_is_string = t == od::json_type::string;
      if (out.mappings_is_string) {
        if (!read_raw_string(v, out.mappings)) return false;
      } else if (!skip_value(v)) {
        return false;
      }
    } else if (key == "sources") {
      out.has_sources = true;
      if (!read_string_array(v, out.sources_is_array, out.sources, out.source_item_bad, true)) {
        return false;
      }
    } else if (key == "names") {
      out.has_names = true;
      std::vector<std::optional<std::string>> names;
      if (!read_string_array(v, out.names_is_array, names, out.name_item_bad, false)) return false;
      out.names.clear();
      for (auto& n : names) out.names.push_back(n ? std::move(*n) : std::string());
    } else if (key == "sourcesContent") {
      out.has_sources_content = true;
      out.sources_content.clear();
      out.content_item_bad.clear();
      od::json_type t;
      MAPSLEUTH_TRY_JSON(v.type().get(t), at);
      out.sources_content_is_array = t == od::json_type::array;
      if (!out.sources_content_is_array) {
        if (!skip_value(v)) return false;
        continue;
      }
      od::array arr;
      MAPSLEUTH_TRY_JSON(v.get_array().get(arr), at);
      for (auto item : arr) {
        od::value iv;
        MAPSLEUTH_TRY_JSON(item.get(iv), at);
        od::json_type it;
        MAPSLEUTH_TRY_JSON(iv.type().get(it), at);
        RawString rs;
        bool bad = false;
        if (it == od::json_type::string) {
          // PERF: the bulk of a leak-sized map; kept as a raw view, validated and unescaped later
          // (in parallel, per source) by whoever needs the text.
          if (!read_raw_string(iv, rs)) return false;
        } else if (it == od::json_type::null) {
          bool is_null = false;
          MAPSLEUTH_TRY_JSON(iv.is_null().get(is_null), at);
          rs.kind = RawString::Kind::kNull;
        } else {
          std::string_view itok;
          rs.offset = offset_of(iv.raw_json_token());
          if (!skip_value(iv)) return false;
          rs.kind = RawString::Kind::kNull;
          bad = true;
        }
        out.sources_content.push_back(rs);
        out.content_item_bad.push_back(bad);
      }
    } else if (key == "ignoreList") {
      if (!read_index_list(v, out.ignore_list)) return false;
    } else if (key == "x_google_ignoreList") {
      if (!read_index_list(v, out.x_google_ignore_list)) return false;
    } else if (key == "debugId") {
      out.has_debug_id = true;
      if (!read_string(v, out.debug_id, wrong, ignored_offset)) return false;
    } else if (key == "sections") {
      out.has_sections = true;
      out.sections_offset = at;
      if (nesting >= opt_.max_map_nesting) {
        hard(ErrorCode::kLimitMapDepth,
             "index maps nested more than " + std::to_string(opt_.max_map_nesting) + " deep", at);
        failed_ = true;
        return false;
      }
      if (!read_sections(v, out, nesting)) return false;
    } else if (!skip_value(v)) {  // ECMA-426 9.4: unknown properties are ignored
      return false;
    }
  }
  return true;
}

// ---- Applying the spec rules -------------------------------------------------------------------

std::string source_prefix(const std::optional<std::string>& root) {
  // ECMA-426 9.3.1 DecodeSourceMapSources; an empty sourceRoot adds nothing (conformance README,
  // known defect 4: every browser and library does this).
  if (!root || root->empty()) return {};
  return root->back() == '/' ? *root : *root + "/";
}

// version, file and debugId rules shared by regular maps, index maps and section maps.
void check_fields(Parser& p, const RawMap& raw, std::string_view where) {
  std::string w(where);
  if (!raw.has_version || !raw.version_is_3) {
    p.optional(ErrorCode::kMapVersion, w + (raw.has_version ? "" : "version is missing"),
               raw.offset);
  }
  if (raw.has_file && !raw.file) p.optional(ErrorCode::kMapFileType, w, raw.offset);
  if (raw.has_debug_id && !(raw.debug_id && is_canonical_uuid(*raw.debug_id))) {
    p.optional(ErrorCode::kMapDebugId, w, raw.offset);
  }
}

// Decodes a regular map's fields into `out`, appending its sources/names and one MappingsPart.
// Returns false when the map cannot be decoded (hard error); diagnostics are already reported.
bool build_regular(Parser& p, const RawMap& raw, SourceMap& out, u32 section,
                   std::string_view where) {
  std::string w(where);
  check_fields(p, raw, where);
  if (!raw.has_sources || !raw.sources_is_array) {
    p.hard(ErrorCode::kMapSourcesMissing, w, raw.offset);
    return false;
  }
  bool mappings_ok = raw.has_mappings && raw.mappings_is_string;
  if (!mappings_ok) {
    // Hard error; we still keep sources and sourcesContent (the content is the evidence).
    p.hard(ErrorCode::kMapMappingsMissing, w, raw.offset);
  }
  if (raw.has_source_root && !raw.source_root) {
    p.optional(ErrorCode::kMapSourceRootType, w, raw.offset);
  }
  if (raw.has_sources_content && !raw.sources_content_is_array) {
    p.optional(ErrorCode::kMapSourcesContentType, w, raw.offset);
  }
  if (raw.has_names && !raw.names_is_array) p.optional(ErrorCode::kMapNamesType, w, raw.offset);
  for (size_t i = 0; i < raw.source_item_bad.size(); ++i) {
    if (raw.source_item_bad[i]) {
      p.optional(ErrorCode::kMapSourcesItem, w + "sources[" + std::to_string(i) + "]", raw.offset);
    }
  }
  for (size_t i = 0; i < raw.content_item_bad.size(); ++i) {
    if (raw.content_item_bad[i]) {
      p.optional(ErrorCode::kMapSourcesContentItem, w + "sourcesContent[" + std::to_string(i) + "]",
                 raw.sources_content[i].offset);
    }
  }
  for (size_t i = 0; i < raw.name_item_bad.size(); ++i) {
    if (raw.name_item_bad[i]) {
      p.optional(ErrorCode::kMapNamesItem, w + "names[" + std::to_string(i) + "]", raw.offset);
    }
  }

  // ignoreList wins even when malformed; x_google_ignoreList only when ignoreList is absent (9).
  const RawMap::IndexList& list =
      raw.ignore_list.present ? raw.ignore_list : raw.x_google_ignore_list;
  std::string list_name = raw.ignore_list.present ? "ignoreList" : "x_google_ignoreList";
  std::vector<bool> ignored(raw.sources.size(), false);
  if (list.present) {
    if (!list.is_array) p.optional(ErrorCode::kMapIgnoreListType, w + list_name, list.offset);
    for (size_t i = 0; i < list.items.size(); ++i) {
      i64 idx = list.items[i];
      std::string item = w + list_name + "[" + std::to_string(i) + "]";
      if (idx < 0) {
        p.optional(ErrorCode::kMapIgnoreListItem, item, list.offset);
      } else if (static_cast<u64>(idx) >= raw.sources.size()) {
        // Not a spec error; tc39/source-map-tests rejects it (ignoreListOutOfBounds1).
        p.optional(ErrorCode::kMapIgnoreListRange,
                   item + " = " + std::to_string(idx) + ", " + std::to_string(raw.sources.size()) +
                       " sources",
                   list.offset);
      } else {
        ignored[static_cast<size_t>(idx)] = true;
      }
    }
  }

  MappingsPart part;
  part.source_base = static_cast<u32>(out.sources.size());
  part.source_count = static_cast<u32>(raw.sources.size());
  part.name_base = static_cast<u32>(out.names.size());
  part.name_count = static_cast<u32>(raw.names.size());
  if (mappings_ok) {
    if (raw.mappings.has_escapes) {
      std::string& s = out.pool.emplace_back();
      if (!unescape_or_fail(p, raw.mappings, s)) return false;
      part.text = s;
    } else {
      part.text = raw.mappings.raw;
      part.text_offset = raw.mappings.offset + 1;
    }
  }

  std::string prefix = source_prefix(raw.source_root);
  for (size_t i = 0; i < raw.sources.size(); ++i) {
    Source& s = out.sources.emplace_back();
    s.name = raw.sources[i];
    if (s.name) s.url = prefix + *s.name;
    if (i < raw.sources_content.size()) s.content = raw.sources_content[i];
    s.ignored = ignored[i];
    s.section = section;
  }
  out.names.insert(out.names.end(), raw.names.begin(), raw.names.end());
  if (!out.source_root && raw.source_root) out.source_root = raw.source_root;
  if (mappings_ok) out.parts.push_back(part);
  return true;
}

bool build_index(Parser& p, const RawMap& raw, SourceMap& out, Diagnostics& diags,
                 const ParseOptions& opt, std::string_view where, u32 nesting);

// Decodes one section map into `out` through a private sink: a section that cannot be decoded is
// an optional error for the index map (ECMA-426 10.1), so its hard errors are demoted.
void build_section(Parser& p, const RawSection& sec, u32 index, i64 line, i64 column,
                   SourceMap& out, Diagnostics& diags, const ParseOptions& opt,
                   std::string_view where, u32 nesting) {
  std::string w = std::string(where) + "sections[" + std::to_string(index) + "]: ";
  Diagnostics sub(diags.input(), diags.entry());
  Parser sp(nullptr, sub, opt);
  size_t parts_before = out.parts.size();
  size_t sources_before = out.sources.size();
  size_t names_before = out.names.size();
  bool ok;
  if (sec.map->has_sections) {
    p.optional(ErrorCode::kIndexNested, w, sec.offset);
    ok = build_index(sp, *sec.map, out, sub, opt, w, nesting + 1);
  } else {
    ok = build_regular(sp, *sec.map, out, index, w);
  }
  // A section whose map hit a hard error is skipped with one optional error for the index map;
  // in lenient mode its hard errors are demoted to warnings, since the index map stays usable.
  bool hard_failure = !ok || sp.hard_errors() > 0;
  for (Diagnostic d : sub.items()) {
    if (hard_failure && !opt.strict && d.severity == Severity::kError) {
      d.severity = Severity::kWarning;
    }
    diags.push(std::move(d));
  }
  if (hard_failure) {
    p.optional(ErrorCode::kIndexSectionInvalid, w + "section skipped", sec.offset);
    out.parts.resize(parts_before);
    out.sources.resize(sources_before);
    out.names.resize(names_before);
    return;
  }
  for (size_t k = parts_before; k < out.parts.size(); ++k) {
    MappingsPart& part = out.parts[k];
    // Compose offsets: a mapping on the part's first line gets the column offset only when the
    // part itself starts on the section's first line (ECMA-426 10.1).
    if (part.line_offset == 0) part.column_offset += static_cast<u32>(column);
    part.line_offset += static_cast<u32>(line);
  }
  for (size_t k = sources_before; k < out.sources.size(); ++k) out.sources[k].section = index;
}

bool build_index(Parser& p, const RawMap& raw, SourceMap& out, Diagnostics& diags,
                 const ParseOptions& opt, std::string_view where, u32 nesting) {
  std::string w(where);
  check_fields(p, raw, where);
  if (!raw.sections_is_array) {
    p.hard(ErrorCode::kIndexSectionsType, w, raw.sections_offset);
    return false;
  }
  out.index_map = true;
  if (raw.has_mappings) {
    // Spec-silent (tc39/ecma426#81); the suite rejects indexMapInvalidBaseMappings.
    p.optional(ErrorCode::kIndexTopLevelMappings, w, raw.offset);
  }
  i64 prev_line = -1;
  i64 prev_column = -1;
  for (u32 i = 0; i < raw.sections.size(); ++i) {
    const RawSection& sec = raw.sections[i];
    std::string sw = w + "sections[" + std::to_string(i) + "]";
    if (!sec.is_object) {
      p.optional(ErrorCode::kIndexSectionType, sw, sec.offset);
      continue;
    }
    if (!sec.has_offset || !sec.offset_is_object) {
      p.hard(ErrorCode::kIndexOffset, sw + ": offset is missing or not an object", sec.offset);
      continue;  // salvage: the other sections are kept
    }
    if (!sec.line_ok) p.optional(ErrorCode::kIndexOffset, sw + ": offset.line", sec.offset);
    if (!sec.column_ok) p.optional(ErrorCode::kIndexOffset, sw + ": offset.column", sec.offset);
    i64 line = sec.line_ok ? sec.line : 0;
    i64 column = sec.column_ok ? sec.column : 0;
    if (prev_line >= 0 && std::pair(line, column) < std::pair(prev_line, prev_column)) {
      p.optional(ErrorCode::kIndexOrder, sw + ": offset before the previous section's", sec.offset);
    }
    if (!sec.has_map || !sec.map_is_object || !sec.map) {
      p.hard(ErrorCode::kIndexMap, sw, sec.offset);
      continue;
    }
    prev_line = line;
    prev_column = column;
    ++out.sections;
    build_section(p, sec, i, line, column, out, diags, opt, w, nesting);
  }
  return true;
}

}  // namespace

bool is_canonical_uuid(std::string_view s) noexcept {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

Result<SourceMap> parse_source_map(std::string_view doc, size_t capacity, Diagnostics& diags,
                                   const ParseOptions& opt) {
  SourceMap out;
  if (doc.size() > opt.max_json_bytes) {
    diags.error(ErrorCode::kLimitJsonBytes,
                std::to_string(doc.size()) + " > " + std::to_string(opt.max_json_bytes) + " bytes");
    return ErrorCode::kLimitJsonBytes;
  }
  // Prefixes a file on disk may carry: a UTF-8 BOM, and the XSSI guard ")]}'" whose first line
  // ECMA-426 11.2.1 removes for HTTP responses. Accepted with a warning.
  if (doc.size() >= 3 && std::memcmp(doc.data(), "\xEF\xBB\xBF", 3) == 0) {
    diags.warning(ErrorCode::kJsonBom, {}, 0);
    doc.remove_prefix(3);
    capacity = capacity > 3 ? capacity - 3 : 0;  // a caller without padding passes 0: no wrap
  }
  if (doc.size() >= 4 && std::memcmp(doc.data(), ")]}'", 4) == 0) {
    size_t nl = doc.find('\n');
    size_t cut = nl == std::string_view::npos ? doc.size() : nl + 1;
    diags.warning(ErrorCode::kJsonXssiPrefix, {}, 0);
    doc.remove_prefix(cut);
    capacity = capacity > cut ? capacity - cut : 0;
  }
  // Invalid UTF-8 is replaced by U+FFFD, as the UTF-8 decode before JSON.parse would (11.2.1), so
  // one stray byte does not cost the whole map.
  std::string repaired;
  if (!simdjson::validate_utf8(doc.data(), doc.size())) {
    u64 n = repair_utf8(doc, repaired);
    diags.warning(ErrorCode::kJsonInvalidUtf8, std::to_string(n) + " sequence(s) replaced");
    doc = repaired;
    capacity = 0;  // force the padded copy below
  }
  if (capacity < doc.size() + simdjson::SIMDJSON_PADDING) {
    out.owned_document = std::make_unique<char[]>(doc.size() + simdjson::SIMDJSON_PADDING);
    std::memcpy(out.owned_document.get(), doc.data(), doc.size());
    std::memset(out.owned_document.get() + doc.size(), 0, simdjson::SIMDJSON_PADDING);
    doc = std::string_view(out.owned_document.get(), doc.size());
    capacity = doc.size() + simdjson::SIMDJSON_PADDING;
  }
  out.document_bytes = doc.size();

  od::parser parser(std::max<size_t>(doc.size(), 64));
  simdjson::error_code err = parser.allocate(std::max<size_t>(doc.size(), 64), opt.max_depth);
  if (err) {
    diags.error(ErrorCode::kJsonSyntax, simdjson::error_message(err));
    return ErrorCode::kJsonSyntax;
  }
  Parser p(doc.data(), diags, opt);
  od::document d;
  err = parser.iterate(doc, capacity).get(d);
  if (err) {
    p.json_failure(err, 0);
    return err == simdjson::DEPTH_ERROR ? ErrorCode::kLimitJsonDepth : ErrorCode::kJsonSyntax;
  }
  // ECMA-426 9.1.1: the top level must be an object; check before touching any field.
  od::json_type root_type;
  err = d.type().get(root_type);
  if (err) {
    p.json_failure(err, 0);
    return ErrorCode::kJsonSyntax;
  }
  if (root_type != od::json_type::object) {
    diags.error(ErrorCode::kJsonNotObject, {}, 0);
    return ErrorCode::kJsonNotObject;
  }
  od::object root;
  err = d.get_object().get(root);
  if (err) {
    p.json_failure(err, 0);
    return ErrorCode::kJsonSyntax;
  }
  RawMap raw;
  raw.offset = 0;
  if (!p.read_map(root, raw, 0)) {
    return diags.has(ErrorCode::kLimitJsonDepth) ? ErrorCode::kLimitJsonDepth
                                                 : ErrorCode::kJsonSyntax;
  }
  // simdjson 3.0 has no document::at_end(); current_location() is OUT_OF_BOUNDS exactly at the end.
  const char* trailing = nullptr;
  if (!d.current_location().get(trailing)) {
    // JSON.parse throws; we report a hard error but keep the object we read (forensic salvage).
    diags.error(ErrorCode::kJsonTrailingContent, {}, static_cast<i64>(trailing - doc.data()));
  }

  out.file = raw.file;
  if (raw.debug_id && is_canonical_uuid(*raw.debug_id)) out.debug_id = raw.debug_id;
  bool ok = raw.has_sections ? build_index(p, raw, out, diags, opt, "", 0)
                             : build_regular(p, raw, out, 0, "");
  if (!ok) {
    return raw.has_sections ? ErrorCode::kIndexSectionsType : ErrorCode::kMapSourcesMissing;
  }
  return out;
}

}  // namespace mapsleuth::parsers
