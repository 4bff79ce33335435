// A streaming, pretty-printing JSON emitter for report.json, report.sarif and manifest.json.
//
// Why not one nlohmann::json document: a scan can produce a million sources or findings, and a DOM
// of them costs several times the report's size (DESIGN section 2: "writers stream"). JsonStream
// writes each token as it comes, through a 64 KiB buffer, so memory is O(depth). Strings go through
// parsers::append_json_escaped: always valid UTF-8 (U+FFFD for invalid input), so every JSON report
// parses even when names are hostile (STYLE R13).
//
// Layout is nlohmann's dump(2): 2-space indent, `"key": value`, empty containers as [] and {}, and
// a final newline from finish(). Numbers are unsigned integers only (STYLE R11: counts are
// integers).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reports/model.h"

namespace mapsleuth::reports {

class JsonStream {
 public:
  explicit JsonStream(std::ostream& os) : os_(os) { buf_.reserve(kFlushAt + 4096); }
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;
  ~JsonStream() { flush(); }

  // A value is either a container or a scalar; inside an object each value follows key().
  JsonStream& begin_object();
  JsonStream& end_object();
  JsonStream& begin_array();
  JsonStream& end_array();
  JsonStream& key(std::string_view k);
  JsonStream& string(std::string_view s);
  JsonStream& number(u64 v);
  JsonStream& boolean(bool b);
  JsonStream& null();
  JsonStream& string_or_null(const std::optional<std::string>& s) {
    return s ? string(*s) : null();
  }

  // key + value in one call. Distinct names on purpose: an overloaded field(k, "text") would pick
  // the bool overload (pointer-to-bool is a standard conversion, string_view a user-defined one).
  JsonStream& field_string(std::string_view k, std::string_view v) { return key(k).string(v); }
  JsonStream& field_number(std::string_view k, u64 v) { return key(k).number(v); }
  JsonStream& field_bool(std::string_view k, bool v) { return key(k).boolean(v); }
  JsonStream& field_null(std::string_view k) { return key(k).null(); }
  JsonStream& field_string_or_null(std::string_view k, const std::optional<std::string>& v) {
    return key(k).string_or_null(v);
  }
  JsonStream& field_strings(std::string_view k, const std::vector<std::string>& v);

  /// Ends the document with a newline and flushes. Call once, after the outermost container.
  void finish();

 private:
  static constexpr size_t kFlushAt = 1 << 16;

  void before_value();
  void newline_indent(size_t depth);
  void flush();
  void maybe_flush() {
    if (buf_.size() >= kFlushAt) flush();
  }

  struct Frame {
    bool object = false;
    u64 count = 0;
  };
  std::ostream& os_;
  std::string buf_;
  std::vector<Frame> stack_;
  bool after_key_ = false;
};

// report.json fragments that report.sarif (run.properties) and manifest.json reuse, so that the
// same figure has the same name and shape everywhere. Defined in json_writer.cpp.

/// `options` as an object in command-line order; a key given more than once becomes an array of
/// its values (a JSON object must not repeat a key).
void write_options(JsonStream& j, const std::vector<std::pair<std::string, std::string>>& options);
/// `exposure{verdict, first_party_..., by_directory[]}` (the value only; the caller writes the
/// key).
void write_exposure(JsonStream& j, const Exposure& e);
/// `attribution{generated_bytes, by_class{...}}` (the value only).
void write_attribution(JsonStream& j, const Attribution& a);
/// `package{name,version}` or null.
void write_package(JsonStream& j, const std::optional<Package>& p);

}  // namespace mapsleuth::reports
