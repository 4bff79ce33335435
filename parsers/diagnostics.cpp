#include "parsers/diagnostics.h"

#include <algorithm>
#include <cstdio>

namespace mapsleuth {

std::string_view severity_name(Severity s) noexcept {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "error";
}

void Diagnostics::add(ErrorCode code, Severity severity, std::string_view detail, i64 byte_offset) {
  Diagnostic d;
  d.code = code;
  d.severity = severity;
  d.input = input_;
  d.entry = entry_;
  d.byte_offset = byte_offset;
  d.message = std::string(error_message(code));
  if (!detail.empty()) {
    d.message += ": ";
    d.message += detail;
  }
  items_.push_back(std::move(d));
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

size_t Diagnostics::count(Severity s) const noexcept {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(),
                                           [s](const Diagnostic& d) { return d.severity == s; }));
}

bool Diagnostics::has(ErrorCode code) const noexcept {
  return std::any_of(items_.begin(), items_.end(),
                     [code](const Diagnostic& d) { return d.code == code; });
}

std::string with_commas(u64 v) {
  std::string digits = std::to_string(v);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string escape_for_terminal(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  // C1 controls arrive as UTF-8 C2 80..C2 9F; escape them too.
  std::string result;
  result.reserve(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if (c == 0xC2 && i + 1 < out.size()) {
      auto n = static_cast<unsigned char>(out[i + 1]);
      if (n >= 0x80 && n <= 0x9F) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "\\u%04x", n);
        result += buf;
        ++i;
        continue;
      }
    }
    result += out[i];
  }
  return result;
}

std::string render_diagnostic(const Diagnostic& d, std::string_view text) {
  std::string out;
  if (!d.input.empty()) out += escape_for_terminal(d.input) + ": ";
  if (!d.entry.empty() && d.entry != d.input) out += escape_for_terminal(d.entry) + ": ";
  out += error_code_name(d.code);
  if (d.byte_offset >= 0) out += " @ byte " + std::to_string(d.byte_offset);
  out += ": " + escape_for_terminal(d.message);
  if (d.byte_offset >= 0 && static_cast<u64>(d.byte_offset) <= text.size()) {
    constexpr i64 kWindow = 40;
    i64 from = std::max<i64>(0, d.byte_offset - kWindow);
    i64 to = std::min<i64>(static_cast<i64>(text.size()), d.byte_offset + kWindow);
    std::string window;
    i64 caret = 0;
    for (i64 i = from; i < to; ++i) {
      std::string piece = escape_for_terminal(text.substr(static_cast<size_t>(i), 1));
      if (text[static_cast<size_t>(i)] == '\n' || text[static_cast<size_t>(i)] == '\t') {
        piece = " ";
      }
      if (i < d.byte_offset) caret += static_cast<i64>(piece.size());
      window += piece;
    }
    out += "\n    " + window + "\n    " + std::string(static_cast<size_t>(caret), ' ') + "^";
  }
  return out;
}

}  // namespace mapsleuth
