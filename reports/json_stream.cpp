#include "reports/json_stream.h"

#include <charconv>

#include "parsers/json_string.h"

namespace mapsleuth::reports {

void JsonStream::newline_indent(size_t depth) {
  buf_ += '\n';
  buf_.append(2 * depth, ' ');
}

// Writes what separates this value from the previous one: nothing after a key or at the top, else
// a comma (not for the first element), a newline and the indent of the enclosing array.
void JsonStream::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  Frame& f = stack_.back();
  if (f.count++ > 0) buf_ += ',';
  newline_indent(stack_.size());
}

JsonStream& JsonStream::key(std::string_view k) {
  Frame& f = stack_.back();
  if (f.count++ > 0) buf_ += ',';
  newline_indent(stack_.size());
  buf_ += '"';
  parsers::append_json_escaped(k, buf_);
  buf_ += "\": ";
  after_key_ = true;
  return *this;
}

JsonStream& JsonStream::begin_object() {
  before_value();
  buf_ += '{';
  stack_.push_back({true, 0});
  return *this;
}

JsonStream& JsonStream::begin_array() {
  before_value();
  buf_ += '[';
  stack_.push_back({false, 0});
  return *this;
}

JsonStream& JsonStream::end_object() {
  bool any = stack_.back().count > 0;
  stack_.pop_back();
  if (any) newline_indent(stack_.size());
  buf_ += '}';
  maybe_flush();
  return *this;
}

JsonStream& JsonStream::end_array() {
  bool any = stack_.back().count > 0;
  stack_.pop_back();
  if (any) newline_indent(stack_.size());
  buf_ += ']';
  maybe_flush();
  return *this;
}

JsonStream& JsonStream::string(std::string_view s) {
  before_value();
  buf_ += '"';
  parsers::append_json_escaped(s, buf_);
  buf_ += '"';
  maybe_flush();
  return *this;
}

JsonStream& JsonStream::number(u64 v) {
  before_value();
  char tmp[24];
  auto res = std::to_chars(tmp, tmp + sizeof tmp, v);
  buf_.append(tmp, res.ptr);
  return *this;
}

JsonStream& JsonStream::boolean(bool b) {
  before_value();
  buf_ += b ? "true" : "false";
  return *this;
}

JsonStream& JsonStream::null() {
  before_value();
  buf_ += "null";
  return *this;
}

JsonStream& JsonStream::field_strings(std::string_view k, const std::vector<std::string>& v) {
  key(k).begin_array();
  for (const std::string& s : v) string(s);
  return end_array();
}

void JsonStream::finish() {
  buf_ += '\n';
  flush();
}

void JsonStream::flush() {
  if (buf_.empty()) return;
  os_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
}

}  // namespace mapsleuth::reports
