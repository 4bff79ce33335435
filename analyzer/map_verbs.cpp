#include "analyzer/map_verbs.h"

#include <simdjson.h>

#include <charconv>
#include <nlohmann/json.hpp>
#include <ostream>

#include "parsers/decoded_map.h"
#include "parsers/diagnostics.h"
#include "parsers/mapped_file.h"
#include "parsers/mapping_url.h"
#include "parsers/sources_content.h"

namespace mapsleuth::analyzer {
namespace {

using nlohmann::json;
using parsers::Mapping;
using parsers::SourceMap;

// A map file mapped read-only with padding (no copy: a leak-sized map is 60 MB and more) and
// parsed leniently or strictly.
struct LoadedMap {
  parsers::MappedFile bytes;
  Diagnostics diags;
  std::optional<SourceMap> map;
};

// The single-map verbs read what they are given, up to the largest map the scan would parse.
constexpr u64 kMaxMapVerbBytes = u64{4} << 30;

bool load_bytes(const std::string& path, parsers::MappedFile& bytes, std::ostream& err) {
  Diagnostics diags(path, {});
  auto loaded = parsers::MappedFile::open(path, diags, kMaxMapVerbBytes);
  if (!loaded.ok()) {
    err << "mapsleuth: " << escape_for_terminal(path) << ": E_IO_READ: cannot read file\n";
    return false;
  }
  bytes = std::move(loaded).value();
  return true;
}

bool load_map(const std::string& path, bool strict, LoadedMap& out, std::ostream& err) {
  if (!load_bytes(path, out.bytes, err)) return false;
  out.diags = Diagnostics(path, {});
  parsers::ParseOptions opt;
  opt.strict = strict;
  auto parsed = parsers::parse_source_map(out.bytes.bytes(), out.bytes.capacity(), out.diags, opt);
  if (parsed.ok()) out.map.emplace(std::move(parsed).value());
  return true;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json diagnostic_json(const Diagnostic& d) {
  json j = {{"code", error_code_name(d.code)}, {"message", d.message}};
  if (d.byte_offset >= 0) j["offset"] = d.byte_offset;
  return j;
}

json nullable(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

void print_failure(const LoadedMap& lm, std::ostream& out) {
  json errors = json::array();
  for (const Diagnostic& d : lm.diags.items()) errors.push_back(diagnostic_json(d));
  out << dump({{"error", "map cannot be decoded"}, {"errors", errors}}) << '\n';
}

bool parse_position(const std::string& s, u32& line, u32& column) {
  size_t colon = s.find(':');
  if (colon == std::string::npos) return false;
  const char* b = s.data();
  auto r1 = std::from_chars(b, b + colon, line);
  auto r2 = std::from_chars(b + colon + 1, b + s.size(), column);
  return r1.ec == std::errc() && r1.ptr == b + colon && r2.ec == std::errc() &&
         r2.ptr == b + s.size();
}

}  // namespace

int run_validate(const std::string& path, bool strict, std::ostream& out, std::ostream& err) {
  LoadedMap lm;
  if (!load_map(path, strict, lm, err)) return kExitError;
  json stats = json::object();
  if (lm.map) {
    parsers::DecodeOptions dopt;
    dopt.strict = strict;
    parsers::MapStats ms = parsers::decode_source_map(*lm.map, nullptr, lm.diags, dopt);
    parsers::ContentStats cs = parsers::measure_sources_content(*lm.map, lm.diags);
    stats = {{"index_map", lm.map->index_map},
             {"sections", lm.map->sections},
             {"sources", lm.map->sources.size()},
             {"sources_with_content", cs.with_content},
             {"sc_bytes", cs.bytes},
             {"sc_lines", cs.lines},
             {"names", lm.map->names.size()},
             {"segments", ms.segments},
             {"gen_lines", ms.gen_lines},
             {"mappings_bytes", ms.mappings_bytes}};
  }
  json errors = json::array();
  json warnings = json::array();
  for (const Diagnostic& d : lm.diags.items()) {
    (d.severity == Severity::kError ? errors : warnings).push_back(diagnostic_json(d));
  }
  bool valid = lm.map.has_value() && errors.empty();
  out << dump({{"valid", valid},
               {"strict", strict},
               {"errors", errors},
               {"warnings", warnings},
               {"stats", stats}})
      << '\n';
  return valid ? kExitOk : kExitInvalid;
}

int run_lookup(const std::string& path, const std::vector<std::string>& positions,
               std::ostream& out, std::ostream& err) {
  std::vector<std::pair<u32, u32>> queries;
  for (const std::string& p : positions) {
    u32 line = 0;
    u32 column = 0;
    if (!parse_position(p, line, column)) {
      err << "mapsleuth lookup: bad position '" << escape_for_terminal(p)
          << "' (expected LINE:COLUMN, 0-based)\n";
      return kExitError;
    }
    queries.emplace_back(line, column);
  }
  LoadedMap lm;
  if (!load_map(path, false, lm, err)) return kExitError;
  if (!lm.map) {
    print_failure(lm, out);
    return kExitInvalid;
  }
  std::vector<Mapping> mappings;
  parsers::decode_source_map(*lm.map, &mappings, lm.diags, parsers::DecodeOptions{});
  for (auto [line, column] : queries) {
    json j = {{"generated", {{"line", line}, {"column", column}}},
              {"source", nullptr},
              {"sourceIndex", nullptr},
              {"line", nullptr},
              {"column", nullptr},
              {"name", nullptr}};
    const Mapping* m = parsers::lookup_mapping(mappings, line, column);
    if (m != nullptr && m->source >= 0) {
      const parsers::Source& src = lm.map->sources[static_cast<size_t>(m->source)];
      j["source"] = nullable(src.url);
      j["sourceIndex"] = m->source;
      j["line"] = m->original_line;
      j["column"] = m->original_column;
      if (m->name >= 0) j["name"] = lm.map->names[static_cast<size_t>(m->name)];
    }
    out << dump(j) << '\n';
  }
  return kExitOk;
}

int run_sources(const std::string& path, std::ostream& out, std::ostream& err) {
  LoadedMap lm;
  if (!load_map(path, false, lm, err)) return kExitError;
  if (!lm.map) {
    print_failure(lm, out);
    return kExitInvalid;
  }
  json arr = json::array();
  for (size_t i = 0; i < lm.map->sources.size(); ++i) {
    const parsers::Source& s = lm.map->sources[i];
    arr.push_back({{"index", i},
                   {"source", nullable(s.url)},
                   {"name", nullable(s.name)},
                   {"ignored", s.ignored},
                   {"hasContent", s.content.is_string()}});
  }
  out << dump(arr) << '\n';
  return kExitOk;
}

int run_decode(const std::string& path, std::ostream& out, std::ostream& err) {
  LoadedMap lm;
  if (!load_map(path, false, lm, err)) return kExitError;
  if (!lm.map) {
    print_failure(lm, out);
    return kExitInvalid;
  }
  const SourceMap& map = *lm.map;
  std::vector<Mapping> mappings;
  parsers::decode_source_map(map, &mappings, lm.diags, parsers::DecodeOptions{});
  json sources = json::array();
  std::string content;
  for (size_t i = 0; i < map.sources.size(); ++i) {
    const parsers::Source& s = map.sources[i];
    json c = nullptr;
    if (parsers::source_content(map, i, content)) c = content;
    sources.push_back({{"url", nullable(s.url)}, {"content", c}, {"ignored", s.ignored}});
  }
  json maps = json::array();
  for (const Mapping& m : mappings) {
    json orig = nullptr;
    if (m.source >= 0) {
      orig = {{"sourceIndex", m.source}, {"line", m.original_line}, {"column", m.original_column}};
    }
    maps.push_back(
        {{"generatedPosition", {{"line", m.generated_line}, {"column", m.generated_column}}},
         {"originalPosition", orig},
         {"name", m.name >= 0 ? json(map.names[static_cast<size_t>(m.name)]) : json()}});
  }
  json record = {{"file", nullable(map.file)}, {"sources", sources}, {"mappings", maps}};
  if (map.debug_id) record["debugId"] = *map.debug_id;
  out << dump(record) << '\n';
  return kExitOk;
}

int run_extract_url(const std::string& path, std::ostream& out, std::ostream& err) {
  parsers::MappedFile bytes;
  if (!load_bytes(path, bytes, err)) return kExitError;
  auto kind = parsers::script_kind_for_name(path).value_or(parsers::ScriptKind::kJavaScript);
  std::string_view text = bytes.bytes();
  auto url = parsers::extract_mapping_url(text, kind);
  json j = {{"url", url ? json(std::string(url->url)) : json(nullptr)}};
  out << dump(j) << '\n';
  return kExitOk;
}

}  // namespace mapsleuth::analyzer
