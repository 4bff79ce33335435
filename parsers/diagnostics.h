// Diagnostics: every problem a parser meets goes into a sink; parsers never print or throw (R4).
// Positions are byte offsets; lines, columns and context are computed when rendered (R5).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/error_code.h"
#include "parsers/types.h"

namespace mapsleuth {

enum class Severity { kError, kWarning, kInfo };

std::string_view severity_name(Severity s) noexcept;

struct Diagnostic {
  ErrorCode code = ErrorCode::kOk;
  Severity severity = Severity::kError;
  std::string input;     ///< the input as the user named it (tarball, folder, file)
  std::string entry;     ///< entry inside the input (archive member, map path); empty if none
  i64 byte_offset = -1;  ///< offset inside the entry's bytes, or -1
  std::string message;   ///< subject first, then the problem (STYLE R5)
};

/// Collects diagnostics for one document or input. Not thread-safe: one sink per task; merge after.
class Diagnostics {
 public:
  Diagnostics() = default;
  Diagnostics(std::string input, std::string entry)
      : input_(std::move(input)), entry_(std::move(entry)) {}

  /// Records a diagnostic; `detail` is appended to the code's default message when not empty.
  void add(ErrorCode code, Severity severity, std::string_view detail = {}, i64 byte_offset = -1);
  void error(ErrorCode code, std::string_view detail = {}, i64 byte_offset = -1) {
    add(code, Severity::kError, detail, byte_offset);
  }
  void warning(ErrorCode code, std::string_view detail = {}, i64 byte_offset = -1) {
    add(code, Severity::kWarning, detail, byte_offset);
  }
  void info(ErrorCode code, std::string_view detail = {}, i64 byte_offset = -1) {
    add(code, Severity::kInfo, detail, byte_offset);
  }
  void append(const Diagnostics& other);
  /// Records an already-built diagnostic (re-homed from another sink) as it is.
  void push(Diagnostic d) { items_.push_back(std::move(d)); }

  const std::vector<Diagnostic>& items() const noexcept { return items_; }
  bool empty() const noexcept { return items_.empty(); }
  size_t size() const noexcept { return items_.size(); }
  size_t count(Severity s) const noexcept;
  bool has(ErrorCode code) const noexcept;
  void clear() noexcept { items_.clear(); }

  const std::string& input() const noexcept { return input_; }
  const std::string& entry() const noexcept { return entry_; }
  void set_entry(std::string entry) { entry_ = std::move(entry); }

 private:
  std::string input_;
  std::string entry_;
  std::vector<Diagnostic> items_;
};

/// Renders `subject: CODE @ byte N: message` plus, when `text` is given, a +-40-byte window with a
/// caret under the offset (STYLE R5: bundles are one long line). Control bytes are escaped.
std::string render_diagnostic(const Diagnostic& d, std::string_view text = {});

/// Escapes C0/C1 control bytes and DEL as \xNN so terminal output cannot be hijacked (DESIGN 5).
std::string escape_for_terminal(std::string_view s);

/// 1234567 -> "1,234,567". No locale: output must not depend on LC_NUMERIC (STYLE R11).
std::string with_commas(u64 v);

}  // namespace mapsleuth
