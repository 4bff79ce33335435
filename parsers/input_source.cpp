#include "parsers/input_source.h"

#include <sys/stat.h>

#include <cstdio>

#include "parsers/mapped_file.h"

namespace mapsleuth::parsers {
namespace {

bool starts_with_bytes(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  s = s.substr(s.size() - suffix.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

bool ends_with_any_ci(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  for (std::string_view x : suffixes) {
    if (ends_with_ci(s, x)) return true;
  }
  return false;
}

// POSIX.1-1988 header checksum: the byte sum of the 512-byte header with the 8-byte checksum field
// (offset 148) read as spaces, stored as octal. Old tars summed signed chars; accept either.
bool valid_tar_checksum(std::string_view head) {
  if (head.size() < 512) return false;
  u64 stored = 0;
  size_t i = 148;
  while (i < 156 && (head[i] == ' ' || head[i] == '\0')) ++i;
  size_t digits = 0;
  for (; i < 156 && head[i] >= '0' && head[i] <= '7'; ++i, ++digits) {
    stored = stored * 8 + static_cast<u64>(head[i] - '0');
  }
  if (digits == 0 || (i < 156 && head[i] != ' ' && head[i] != '\0')) return false;
  u64 unsigned_sum = 0;
  i64 signed_sum = 0;
  for (size_t k = 0; k < 512; ++k) {
    const bool in_field = k >= 148 && k < 156;
    const auto u = in_field ? u8{' '} : static_cast<u8>(head[k]);
    unsigned_sum += u;
    signed_sum += in_field ? i64{' '} : static_cast<i64>(static_cast<signed char>(head[k]));
  }
  return stored == unsigned_sum || static_cast<i64>(stored) == signed_sum;
}

// Length of the valid UTF-8 sequence at s[i], or 0 (RFC 3629 table 3-7: no overlongs, no
// surrogates, nothing above U+10FFFF). NUL counts as invalid: it would cut a name in any C API.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  const auto b0 = static_cast<u8>(s[i]);
  if (b0 == 0) return 0;
  if (b0 < 0x80) return 1;
  auto cont = [&](size_t k, u8 lo = 0x80, u8 hi = 0xBF) {
    if (i + k >= s.size()) return false;
    const auto b = static_cast<u8>(s[i + k]);
    return b >= lo && b <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (b0 == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

// Copies `s`, escaping every byte that is not part of a valid UTF-8 sequence as %XX.
std::string escape_invalid_utf8(std::string_view s, bool* escaped) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_sequence_length(s, i);
    if (n > 0) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    char buf[4];
    std::snprintf(buf, sizeof buf, "%%%02X", static_cast<u8>(s[i]));
    out += buf;
    *escaped = true;
    ++i;
  }
  return out;
}

std::string_view entry_type_name(EntryType t) {
  switch (t) {
    case EntryType::kFile:
      return "file";
    case EntryType::kDirectory:
      return "directory";
    case EntryType::kSymlink:
      return "symlink";
    case EntryType::kHardlink:
      return "hard link";
    case EntryType::kDevice:
      return "device";
    case EntryType::kFifo:
      return "FIFO";
    case EntryType::kOther:
      return "special";
  }
  return "special";
}

/// In-memory input: each content is stored with kInputPadding zero bytes after it.
class MemoryInput final : public InputSource {
 public:
  MemoryInput(std::vector<std::pair<std::string, std::string>> files, InputKind kind,
              InputLimits limits)
      : files_(std::move(files)), kind_(kind), limits_(limits) {
    for (auto& [name, content] : files_) content.append(kInputPadding, '\0');
  }

  InputStatus for_each_entry(const EntryFn& fn, Diagnostics& diags) override {
    const InputLimits& limits = limits_;
    EntryGate gate(limits, diags);
    u64 total = 0;
    for (const auto& [name, content] : files_) {
      if (!gate.count()) return InputStatus::kPartial;
      Entry e;
      e.raw_name = name;
      e.type = EntryType::kFile;
      e.mode = 0644;
      e.size = content.size() - kInputPadding;
      e.bytes = std::string_view(content).substr(0, e.size);
      if (!gate.admit(e)) continue;
      if (e.size > limits.max_entry_bytes) {
        gate.report(ErrorCode::kLimitEntryBytes, Severity::kError, e.name,
                    std::to_string(e.size) + " bytes, above the limit of " +
                        std::to_string(limits.max_entry_bytes));
        continue;
      }
      total += e.size;
      if (total > limits.max_input_bytes) {
        gate.report(ErrorCode::kLimitInputBytes, Severity::kError, e.name,
                    "stopped after " + std::to_string(total - e.size) + " bytes, at the limit of " +
                        std::to_string(limits.max_input_bytes));
        return InputStatus::kPartial;
      }
      if (!fn(e)) break;
    }
    return InputStatus::kOk;
  }

  InputKind kind() const override { return kind_; }

 private:
  std::vector<std::pair<std::string, std::string>> files_;
  InputKind kind_;
  InputLimits limits_;
};

}  // namespace

std::string_view input_kind_name(InputKind kind) noexcept {
  switch (kind) {
    case InputKind::kTgz:
      return "tgz";
    case InputKind::kTar:
      return "tar";
    case InputKind::kZip:
      return "zip";
    case InputKind::kDir:
      return "dir";
    case InputKind::kJs:
      return "js";
    case InputKind::kCss:
      return "css";
    case InputKind::kMap:
      return "map";
    case InputKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

InputKind detect_input_kind(std::string_view name, std::string_view head) noexcept {
  // Content first: an npm tarball renamed .js is still a tarball.
  if (starts_with_bytes(head, "\x1f\x8b")) return InputKind::kTgz;
  if (starts_with_bytes(head, "BZh") && head.size() >= 10 && head[3] >= '1' && head[3] <= '9' &&
      head.substr(4, 6) == "1AY&SY") {
    return InputKind::kTgz;
  }
  constexpr std::string_view kXzMagic(
      "\xFD"
      "7zXZ\0",
      6);
  if (starts_with_bytes(head, kXzMagic)) return InputKind::kTgz;
  if (starts_with_bytes(head, "\x28\xB5\x2F\xFD")) return InputKind::kTgz;  // zstd frame
  if (head.size() >= 262 && head.substr(257, 5) == "ustar") return InputKind::kTar;
  if (valid_tar_checksum(head)) return InputKind::kTar;
  if (starts_with_bytes(head, "PK\x03\x04") || starts_with_bytes(head, "PK\x05\x06")) {
    return InputKind::kZip;
  }
  if (starts_with_bytes(head, "Cr24")) return InputKind::kZip;

  if (ends_with_any_ci(name, {".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"})) {
    return InputKind::kJs;
  }
  if (ends_with_ci(name, ".css")) return InputKind::kCss;
  if (ends_with_ci(name, ".map")) return InputKind::kMap;
  if (ends_with_any_ci(name, {".tgz", ".gz"})) return InputKind::kTgz;
  if (ends_with_ci(name, ".tar")) return InputKind::kTar;
  if (ends_with_any_ci(name, {".zip", ".vsix", ".jar", ".crx"})) return InputKind::kZip;

  // ECMA-426 section 7.1 lets a map start with the XSSI prefix; otherwise a JSON object.
  if (starts_with_bytes(head, ")]}")) return InputKind::kMap;
  std::string_view rest = head;
  if (starts_with_bytes(rest, "\xEF\xBB\xBF")) rest.remove_prefix(3);
  while (!rest.empty() &&
         (rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n' || rest[0] == '\r')) {
    rest.remove_prefix(1);
  }
  if (!rest.empty() && rest[0] == '{') return InputKind::kMap;
  return InputKind::kUnknown;
}

bool is_clean_utf8(std::string_view s) noexcept {
  for (size_t i = 0; i < s.size();) {
    // PERF: ASCII fast path; names are short, so no SIMD.
    if (static_cast<u8>(s[i]) - 1u < 0x7Fu) {
      ++i;
      continue;
    }
    const size_t n = utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string printable_name(std::string_view s) {
  bool escaped = false;
  return escape_for_terminal(escape_invalid_utf8(s, &escaped));
}

NormalisedName normalise_entry_name(std::string_view raw) {
  NormalisedName out;
  std::string text = is_clean_utf8(raw) ? std::string(raw) : escape_invalid_utf8(raw, &out.escaped);
  // Absolute: "/x", "\x", "\\srv\share", "\\?\C:\x"; drive-qualified "C:x" and "C:\x".
  auto drive = [](std::string_view t) {
    return t.size() >= 2 && t[1] == ':' &&
           ((t[0] >= 'A' && t[0] <= 'Z') || (t[0] >= 'a' && t[0] <= 'z'));
  };
  if ((!text.empty() && (text[0] == '/' || text[0] == '\\')) || drive(text)) {
    out.name = std::move(text);
    out.verdict = NameVerdict::kAbsolute;
    return out;
  }
  std::vector<std::string_view> parts;
  std::string_view rest = text;
  while (!rest.empty()) {
    const size_t cut = rest.find_first_of("/\\");
    const std::string_view part = rest.substr(0, cut);
    rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) {
        out.name = std::move(text);
        out.verdict = NameVerdict::kTraversal;
        return out;
      }
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  if (parts.empty()) {
    out.name = std::move(text);
    out.verdict = NameVerdict::kEmpty;
    return out;
  }
  // "./C:x" or "x/../C:x" would be delivered as the drive path "C:x" (found by fuzz_archive).
  if (drive(parts.front())) {
    out.name = std::move(text);
    out.verdict = NameVerdict::kAbsolute;
    return out;
  }
  std::string name;
  name.reserve(text.size());
  for (std::string_view p : parts) {
    if (!name.empty()) name += '/';
    name += p;
  }
  out.name = std::move(name);
  return out;
}

bool EntryGate::count() {
  ++entries_;
  if (entries_ == limits_.max_entries + 1) {
    diags_.error(ErrorCode::kLimitEntries,
                 "stopped after " + std::to_string(limits_.max_entries) + " entries, the limit");
  }
  return entries_ <= limits_.max_entries;
}

void EntryGate::report(ErrorCode code, Severity severity, std::string_view name,
                       std::string_view detail) {
  // The entry field carries the subject (STYLE R5); the message only the problem.
  std::string saved = diags_.entry();
  diags_.set_entry(printable_name(name));
  diags_.add(code, severity, detail);
  diags_.set_entry(std::move(saved));
}

bool EntryGate::admit(Entry& entry) {
  NormalisedName n = normalise_entry_name(entry.raw_name);
  entry.name = std::move(n.name);
  const std::string what(entry_type_name(entry.type));
  switch (n.verdict) {
    case NameVerdict::kOk:
      break;
    case NameVerdict::kAbsolute:
      report(ErrorCode::kEntryAbsolute, Severity::kError, entry.name, what + " not extracted");
      return false;
    case NameVerdict::kTraversal:
      report(ErrorCode::kEntryTraversal, Severity::kError, entry.name, what + " not extracted");
      return false;
    case NameVerdict::kEmpty:
      if (entry.type == EntryType::kDirectory) return false;  // "./" heads many tarballs
      report(ErrorCode::kEntryName, Severity::kError, entry.name, what + " not extracted");
      return false;
  }
  if (n.escaped) {
    report(ErrorCode::kEntryNameEncoding, Severity::kWarning, entry.name,
           "raw name has " + std::to_string(entry.raw_name.size()) + " bytes");
  }
  switch (entry.type) {
    case EntryType::kFile:
      break;
    case EntryType::kDirectory:
      return false;
    case EntryType::kSymlink:
      report(ErrorCode::kEntrySymlink, Severity::kWarning, entry.name,
             "-> " + printable_name(entry.link_target));
      return false;
    case EntryType::kHardlink:
      report(ErrorCode::kEntryHardlink, Severity::kWarning, entry.name,
             "=> " + printable_name(entry.link_target));
      return false;
    case EntryType::kDevice:
      report(ErrorCode::kEntryDevice, Severity::kWarning, entry.name, {});
      return false;
    case EntryType::kFifo:
      report(ErrorCode::kEntryFifo, Severity::kWarning, entry.name, {});
      return false;
    case EntryType::kOther:
      report(ErrorCode::kEntrySpecial, Severity::kWarning, entry.name, {});
      return false;
  }
  if ((entry.mode & (S_ISUID | S_ISGID)) != 0) {
    char mode[16];
    std::snprintf(mode, sizeof mode, "mode %04o", entry.mode & 07777);
    report(ErrorCode::kEntrySetuid, Severity::kWarning, entry.name, mode);
  }
  if (!delivered_.insert(entry.name).second) {
    report(ErrorCode::kEntryDuplicate, Severity::kWarning, entry.name, {});
  }
  return true;
}

std::unique_ptr<InputSource> make_memory_input(
    std::vector<std::pair<std::string, std::string>> files, InputKind kind, InputLimits limits) {
  return std::make_unique<MemoryInput>(std::move(files), kind, limits);
}

}  // namespace mapsleuth::parsers
