// manifest.json (schema mapsleuth-manifest/1): the chain of custody of an extraction -- every input
// and map read, with SHA-256, and every rebuilt file with its hash, size, input, the original
// source strings that produced it and the maps that carried them (DESIGN sections 2 and 5).
#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "reports/format.h"
#include "reports/json_stream.h"

namespace mapsleuth::reports {
namespace {

void write_header(JsonStream& j, const std::string& tool_version) {
  j.begin_object().field_string("schema", kManifestSchema);
  j.key("tool")
      .begin_object()
      .field_string("name", "mapsleuth")
      .field_string("version", tool_version)
      .end_object();
}

void write_inputs_and_maps(JsonStream& j, const std::vector<InputRecord>& inputs,
                           const std::vector<MapRecord>& maps) {
  j.key("inputs").begin_array();
  for (const InputRecord& in : inputs) {
    j.begin_object()
        .field_string("path", in.path)
        .field_string("kind", in.kind)
        .field_number("bytes", in.bytes)
        .field_string("sha256", in.sha256)
        .field_string("status", in.status)
        .end_object();
  }
  j.end_array();
  j.key("maps").begin_array();
  for (const MapRecord& m : maps) {
    j.begin_object()
        .field_string("input", m.input)
        .field_string("path", m.path)
        .field_string("origin", m.origin)
        .field_number("bytes", m.bytes)
        .field_string("sha256", m.sha256)
        .end_object();
  }
  j.end_array();
}

}  // namespace

void write_manifest(const Manifest& m, std::ostream& os) {
  JsonStream j(os);
  write_header(j, m.tool_version);
  write_inputs_and_maps(j, m.inputs, m.maps);
  j.key("files").begin_array();
  for (const ManifestFile& f : m.files) {
    j.begin_object()
        .field_string("file", f.file)
        .field_string("sha256", f.sha256)
        .field_number("bytes", f.bytes)
        .field_string("input", f.input)
        .field_strings("sources", f.sources)
        .field_strings("maps", f.maps)
        .end_object();
  }
  j.end_array();
  j.end_object().finish();
}

// From a Report: one files[] entry per rebuilt file, i.e. per distinct (input, file) among the
// sources with a `file`, sorted by input then file (byte order) so the manifest reads like a tree.
// Several sources that were written to one file are listed together; their maps are merged in
// first-seen order. Only an index array is allocated, not a second copy of the sources.
void write_manifest(const Report& r, std::ostream& os) {
  JsonStream j(os);
  write_header(j, r.tool_version);
  write_inputs_and_maps(j, r.inputs, r.maps);

  std::vector<size_t> order;
  for (size_t i = 0; i < r.sources.size(); ++i) {
    if (r.sources[i].file) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const SourceRecord& x = r.sources[a];
    const SourceRecord& y = r.sources[b];
    if (x.input != y.input) return x.input < y.input;
    return *x.file < *y.file;
  });

  j.key("files").begin_array();
  std::vector<const std::string*> maps;
  for (size_t g = 0; g < order.size();) {
    const SourceRecord& first = r.sources[order[g]];
    size_t end = g + 1;
    while (end < order.size() && r.sources[order[end]].input == first.input &&
           *r.sources[order[end]].file == *first.file) {
      ++end;
    }
    j.begin_object().field_string("file", *first.file);
    j.field_string_or_null("sha256", first.sha256)
        .field_number("bytes", first.bytes)
        .field_string("input", first.input);
    j.key("sources").begin_array();
    maps.clear();
    for (size_t k = g; k < end; ++k) {
      const SourceRecord& s = r.sources[order[k]];
      j.string(s.path);
      for (const std::string& m : s.maps) {
        bool dup =
            std::any_of(maps.begin(), maps.end(), [&](const std::string* p) { return *p == m; });
        if (!dup) maps.push_back(&m);
      }
    }
    j.end_array();
    j.key("maps").begin_array();
    for (const std::string* m : maps) j.string(*m);
    j.end_array();
    j.end_object();
    g = end;
  }
  j.end_array();
  j.end_object().finish();
}

}  // namespace mapsleuth::reports
