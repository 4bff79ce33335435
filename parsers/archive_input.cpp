#include "parsers/archive_input.h"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "parsers/mapped_file.h"

namespace mapsleuth::parsers {
namespace {

constexpr u64 kChunk = 1 << 20;           // bytes per archive_read_data call between limit checks
constexpr u64 kRatioFloor = 64ull << 20;  // safe-io 6.2: the ratio watchdog starts after 64 MiB
constexpr u64 kKeepBuffer = 64ull << 20;  // the entry buffer is released after a bigger entry
constexpr int kMaxRetries = 16;           // consecutive ARCHIVE_RETRY headers before giving up

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;
using FilterFn = int (*)(archive*);

// Compression filters libarchive can decode in-process. archive_read_support_filter_all() would
// also register lrzip, grzip and (without liblzo2) lzop, which fork an external program on a
// matching input; a registration answering ARCHIVE_WARN means exactly that, so it is dropped.
const std::vector<FilterFn>& native_filters() {
  static const std::vector<FilterFn> filters = [] {
    const FilterFn all[] = {archive_read_support_filter_gzip, archive_read_support_filter_bzip2,
                            archive_read_support_filter_xz,   archive_read_support_filter_lzma,
                            archive_read_support_filter_lzip, archive_read_support_filter_zstd,
                            archive_read_support_filter_lz4,  archive_read_support_filter_compress};
    std::vector<FilterFn> ok;
    for (FilterFn f : all) {
      ArchivePtr probe(archive_read_new(), archive_read_free);
      if (probe && f(probe.get()) == ARCHIVE_OK) ok.push_back(f);
    }
    return ok;
  }();
  return filters;
}

// libarchive converts names through the thread's LC_CTYPE. In the "C" locale a zip name flagged
// UTF-8 or a pax path with any non-ASCII byte comes back NULL (observed with 3.6.2), so reads run
// under a per-thread C.UTF-8 ctype (uselocale never touches other threads), and the callback runs
// under the caller's own locale.
locale_t utf8_ctype() {
  static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return loc;
}

class ScopedLocale {
 public:
  explicit ScopedLocale(locale_t loc)
      : previous_(loc != nullptr ? uselocale(loc) : static_cast<locale_t>(nullptr)) {}
  ScopedLocale(const ScopedLocale&) = delete;
  ScopedLocale& operator=(const ScopedLocale&) = delete;
  ~ScopedLocale() {
    if (previous_ != nullptr) uselocale(previous_);
  }
  locale_t previous() const { return previous_; }

 private:
  locale_t previous_;
};

std::string libarchive_error(archive* a) {
  const char* s = archive_error_string(a);
  return printable_name(s != nullptr ? s : "unknown libarchive error");
}

// libarchive has no error class for truncation; its messages do ("Truncated tar archive",
// "truncated gzip input", "Truncated ZIP file data", "Premature end of ...").
bool is_truncation(std::string_view message) {
  return message.find("runcated") != std::string_view::npos ||
         message.find("remature end") != std::string_view::npos;
}

std::string wide_to_utf8(const wchar_t* w) {
  std::string out;
  for (; *w != 0; ++w) {
    auto c = static_cast<u32>(*w);
    if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x110000) {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// The name as stored: UTF-8 when libarchive can give it, else the raw bytes (which the entry gate
// escapes, W_ENTRY_NAME_ENCODING; hostile R04), else the wide form.
std::string raw_entry_name(archive_entry* ae) {
  const char* utf8 = archive_entry_pathname_utf8(ae);
  if (utf8 != nullptr && is_clean_utf8(utf8)) return utf8;
  if (const char* raw = archive_entry_pathname(ae)) return raw;
  if (utf8 != nullptr) return utf8;
  if (const wchar_t* w = archive_entry_pathname_w(ae)) return wide_to_utf8(w);
  return {};
}

std::string link_target(const char* utf8, const char* raw) {
  if (utf8 != nullptr) return utf8;
  return raw != nullptr ? raw : "";
}

Entry describe(archive_entry* ae) {
  Entry e;
  e.raw_name = raw_entry_name(ae);
  e.mode = static_cast<u32>(archive_entry_mode(ae)) & 07777u;
  e.size = archive_entry_size_is_set(ae)
               ? static_cast<u64>(std::max<la_int64_t>(0, archive_entry_size(ae)))
               : 0;
  if (archive_entry_hardlink(ae) != nullptr || archive_entry_hardlink_utf8(ae) != nullptr) {
    e.type = EntryType::kHardlink;
    e.link_target = link_target(archive_entry_hardlink_utf8(ae), archive_entry_hardlink(ae));
    return e;
  }
  switch (archive_entry_filetype(ae)) {
    case AE_IFREG:
      e.type = EntryType::kFile;
      break;
    case AE_IFDIR:
      e.type = EntryType::kDirectory;
      break;
    case AE_IFLNK:
      e.type = EntryType::kSymlink;
      e.link_target = link_target(archive_entry_symlink_utf8(ae), archive_entry_symlink(ae));
      break;
    case AE_IFCHR:
    case AE_IFBLK:
      e.type = EntryType::kDevice;
      break;
    case AE_IFIFO:
      e.type = EntryType::kFifo;
      break;
    default:
      e.type = EntryType::kOther;
      break;
  }
  return e;
}

u64 read_le(std::string_view s, u64 at, int bytes) {
  u64 v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = v << 8 | static_cast<u8>(s[at + static_cast<u64>(i)]);
  return v;
}

bool has_signature(std::string_view s, u64 at, std::string_view sig) {
  return at <= s.size() && s.size() - at >= sig.size() && s.substr(at, sig.size()) == sig;
}

// The seekable zip reader lists entries from the central directory but takes each name from the
// local header (observed with 3.6.2), so a name that differs between the two (hostile A19: the
// central directory says pkg/dist/a19.js.map, the local header ../../../a19.js.map) reaches us as
// the local name only. This walks the central directory itself, APPNOTE 4.3.12-4.3.16, and reports
// each disagreement; the entry gate then judges the name libarchive gives. Bounded by the record
// count (at most max_entries) and by the bytes; malformed records end the walk quietly, since
// libarchive reports those.
void report_zip_name_mismatches(std::string_view zip, EntryGate& gate) {
  if (zip.size() < 22) return;
  const u64 lowest = zip.size() > 22 + 0xFFFF ? zip.size() - 22 - 0xFFFF : 0;
  u64 eocd = zip.size() - 22;
  while (!has_signature(zip, eocd, "PK\x05\x06")) {
    if (eocd == lowest) return;
    --eocd;
  }
  u64 count = read_le(zip, eocd + 10, 2);
  u64 cd_size = read_le(zip, eocd + 12, 4);
  u64 cd_offset = read_le(zip, eocd + 16, 4);
  u64 cd_end = eocd;
  if (eocd >= 20 && has_signature(zip, eocd - 20, "PK\x06\x07")) {
    const u64 z64 = read_le(zip, eocd - 20 + 8, 8);
    if (z64 < zip.size() && zip.size() - z64 >= 56 && has_signature(zip, z64, "PK\x06\x06")) {
      count = read_le(zip, z64 + 32, 8);
      cd_size = read_le(zip, z64 + 40, 8);
      cd_offset = read_le(zip, z64 + 48, 8);
      cd_end = z64;
    }
  }
  if (cd_size > cd_end) return;
  const u64 cd_start = cd_end - cd_size;
  // Bytes in front of the archive (self-extractor stub) shift every offset by the same amount.
  const u64 shift = cd_start - std::min(cd_start, cd_offset);
  count = std::min(count, gate.limits().max_entries);
  u64 p = cd_start;
  for (u64 k = 0; k < count; ++k) {
    if (cd_end - p < 46 || !has_signature(zip, p, "PK\x01\x02")) return;
    const u64 name_len = read_le(zip, p + 28, 2);
    const u64 extra_len = read_le(zip, p + 30, 2);
    const u64 comment_len = read_le(zip, p + 32, 2);
    if (cd_end - p - 46 < name_len + extra_len + comment_len) return;
    const std::string_view name = zip.substr(p + 46, name_len);
    u64 local = read_le(zip, p + 42, 4);
    if (local == 0xFFFFFFFF) {  // zip64 extra field 0x0001: the fields that overflowed, in order
      u64 x = p + 46 + name_len;
      const u64 x_end = x + extra_len;
      while (x_end - x >= 4) {
        const u64 id = read_le(zip, x, 2);
        const u64 len = read_le(zip, x + 2, 2);
        if (x_end - x - 4 < len) break;
        if (id == 1) {
          u64 at = x + 4;
          at += read_le(zip, p + 24, 4) == 0xFFFFFFFF ? 8 : 0;
          at += read_le(zip, p + 20, 4) == 0xFFFFFFFF ? 8 : 0;
          if (at + 8 <= x + 4 + len) local = read_le(zip, at, 8);
        }
        x += 4 + len;
      }
    }
    local += shift;
    if (local < zip.size() && zip.size() - local >= 30 && has_signature(zip, local, "PK\x03\x04")) {
      const u64 local_len = read_le(zip, local + 26, 2);
      if (zip.size() - local - 30 >= local_len) {
        const std::string_view local_name = zip.substr(local + 30, local_len);
        if (local_name != name) {
          gate.report(ErrorCode::kZipNameMismatch, Severity::kWarning, name,
                      "local header says " + printable_name(local_name));
        }
      }
    }
    p += 46 + name_len + extra_len + comment_len;
  }
}

// One entry's bytes plus kInputPadding, reused across entries. Unlike std::string::resize it
// does not zero what the decompressor is about to overwrite: zero-filling a 60 MB map's buffer
// first cost a memset and its page faults, 19% of a tarball scan's samples (perf).
class EntryBuffer {
 public:
  char* data() noexcept { return data_.get(); }
  size_t size() const noexcept { return size_; }
  /// Makes room for at least `n` bytes, keeping the first `keep`.
  void reserve(size_t n, size_t keep) {
    if (n <= size_) return;
    std::unique_ptr<char[]> bigger(new char[n]);  // NOLINT: uninitialised on purpose, see above
    if (keep > 0) std::memcpy(bigger.get(), data_.get(), keep);
    data_ = std::move(bigger);
    size_ = n;
  }
  void release() noexcept {
    data_.reset();
    size_ = 0;
  }
  /// Hands the buffer to a consumer that keeps `used` bytes (Entry::take_bytes), unless more than
  /// half of it would be wasted on them; the next entry then starts a new one.
  std::unique_ptr<char[]> take(size_t used) {
    if (size_ > 2 * (used + kInputPadding)) return nullptr;
    size_ = 0;
    return std::move(data_);
  }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
};

/// One pass over one libarchive reader. Owns the limit accounting of that pass.
class Pass {
 public:
  Pass(archive* a, bool zip, EntryGate& gate, EntryBuffer& buffer, locale_t caller_locale)
      : a_(a),
        zip_(zip),
        gate_(gate),
        limits_(gate.limits()),
        buffer_(buffer),
        caller_locale_(caller_locale) {}

  InputStatus run(const EntryFn& fn);
  u64 headers() const { return headers_; }

 private:
  enum class Next { kEntry, kStop };

  // Counts bytes the decompressor produced; false (after reporting) when a limit stops the input.
  bool charge(u64 bytes, std::string_view name);
  InputStatus fatal(std::string_view name);
  Next drain(u64 declared, std::string_view name, InputStatus* status);
  Next read_file(Entry& e, archive_entry* ae, const EntryFn& fn, InputStatus* status);

  archive* a_;
  bool zip_;
  EntryGate& gate_;
  const InputLimits& limits_;
  EntryBuffer& buffer_;
  locale_t caller_locale_;
  u64 headers_ = 0;
  u64 produced_ = 0;
};

bool Pass::charge(u64 bytes, std::string_view name) {
  if (produced_ + bytes > limits_.max_input_bytes) {
    gate_.report(ErrorCode::kLimitInputBytes, Severity::kError, name,
                 std::to_string(bytes) + " more bytes after " + std::to_string(produced_) +
                     " would pass the limit of " + std::to_string(limits_.max_input_bytes) +
                     "; input stopped");
    return false;
  }
  produced_ += bytes;
  // Per-entry compression in zip leaves the stream counter meaningless; zip bombs are bounded by
  // the byte limits alone.
  if (!zip_ && produced_ > kRatioFloor) {
    const auto consumed =
        static_cast<double>(std::max<la_int64_t>(1, archive_filter_bytes(a_, -1)));
    if (static_cast<double>(produced_) > limits_.max_ratio * consumed) {
      gate_.report(ErrorCode::kLimitRatio, Severity::kError, name,
                   std::to_string(produced_) + " bytes from " +
                       std::to_string(static_cast<u64>(consumed)) + " compressed; input stopped");
      return false;
    }
  }
  return true;
}

InputStatus Pass::fatal(std::string_view name) {
  const std::string message = libarchive_error(a_);
  const ErrorCode code =
      is_truncation(message) ? ErrorCode::kArchiveTruncated : ErrorCode::kArchiveRead;
  const std::string detail = message + "; stopped after " + std::to_string(headers_) + " entries";
  if (name.empty()) {
    gate_.diags().error(code, detail);
  } else {
    gate_.report(code, Severity::kError, name, detail);
  }
  return headers_ == 0 ? InputStatus::kFailed : InputStatus::kPartial;
}

InputStatus Pass::run(const EntryFn& fn) {
  int retries = 0;
  for (;;) {
    archive_entry* ae = nullptr;
    const int r = archive_read_next_header(a_, &ae);
    if (r == ARCHIVE_EOF) return InputStatus::kOk;
    if (r == ARCHIVE_FATAL) return fatal({});
    if (!gate_.count()) return InputStatus::kPartial;
    if (r == ARCHIVE_RETRY) {  // a damaged header; libarchive resynchronises at the next block
      gate_.diags().error(ErrorCode::kArchiveRead, libarchive_error(a_));
      if (++retries > kMaxRetries) return InputStatus::kPartial;
      continue;
    }
    retries = 0;
    ++headers_;
    Entry e = describe(ae);
    // ARCHIVE_WARN: the entry is usable (a name conversion, an odd header field); ARCHIVE_FAILED:
    // this entry's data cannot be read, and the data read below reports it.
    const std::string warning = r == ARCHIVE_WARN ? libarchive_error(a_) : std::string();
    InputStatus status = InputStatus::kOk;
    if (e.raw_name.empty()) {  // e.g. a zip name flagged UTF-8 that is not
      // GCC 12 warns (-Wrestrict, a false positive) on "#" + std::to_string().
      std::string label = std::to_string(headers_);
      label.insert(label.begin(), '#');
      gate_.report(ErrorCode::kEntryName, Severity::kError, label,
                   "name cannot be decoded (" + warning + "); not extracted");
      if (drain(e.size, label, &status) == Next::kStop) return status;
      continue;
    }
    if (!warning.empty()) {
      gate_.report(ErrorCode::kArchiveRead, Severity::kWarning, e.raw_name, warning);
    }
    if (!gate_.admit(e)) {
      if (drain(e.size, e.name, &status) == Next::kStop) return status;
      continue;
    }
    if (read_file(e, ae, fn, &status) == Next::kStop) return status;
  }
}

// Skipping an entry of a compressed tar inflates it (archive_read_data_skip included), so a bomb
// is either refused up front, when its declared size alone would pass the input limit, or read
// and discarded chunk by chunk under the same byte and ratio checks as delivered data. Zip entries
// are compressed one by one: libarchive skips them at the next header without inflating.
Pass::Next Pass::drain(u64 declared, std::string_view name, InputStatus* status) {
  if (zip_ || declared == 0) return Next::kEntry;
  if (produced_ + declared > limits_.max_input_bytes) {
    charge(declared, name);  // reports E_LIMIT_INPUT_BYTES
    *status = InputStatus::kPartial;
    return Next::kStop;
  }
  buffer_.reserve(kChunk, 0);
  for (;;) {
    const la_ssize_t n = archive_read_data(a_, buffer_.data(), kChunk);
    if (n == 0) return Next::kEntry;
    if (n == ARCHIVE_FATAL) {
      *status = fatal(name);
      return Next::kStop;
    }
    if (n < 0) return Next::kEntry;  // this entry only; the next header decides
    if (!charge(static_cast<u64>(n), name)) {
      *status = InputStatus::kPartial;
      return Next::kStop;
    }
  }
}

Pass::Next Pass::read_file(Entry& e, archive_entry* ae, const EntryFn& fn, InputStatus* status) {
  const bool declared = archive_entry_size_is_set(ae) != 0;
  if (declared && e.size > limits_.max_entry_bytes) {
    gate_.report(ErrorCode::kLimitEntryBytes, Severity::kError, e.name,
                 std::to_string(e.size) + " bytes declared, above the limit of " +
                     std::to_string(limits_.max_entry_bytes) + "; not extracted");
    return drain(e.size, e.name, status);
  }
  if (declared && produced_ + e.size > limits_.max_input_bytes) {
    charge(e.size, e.name);  // reports E_LIMIT_INPUT_BYTES
    *status = InputStatus::kPartial;
    return Next::kStop;
  }
  const u64 cap = limits_.max_entry_bytes;
  if (declared) buffer_.reserve(std::min(e.size, kKeepBuffer) + kInputPadding, 0);
  u64 used = 0;
  for (;;) {
    const u64 want = std::min(kChunk, cap + 1 - used);  // one byte over the cap detects it
    if (buffer_.size() < used + want + kInputPadding) {
      buffer_.reserve(std::max(used + want + kInputPadding,
                               std::min<u64>(2 * buffer_.size(), cap + 1 + kInputPadding)),
                      used);
    }
    const la_ssize_t n = archive_read_data(a_, buffer_.data() + used, want);
    if (n == 0) break;
    if (n == ARCHIVE_FATAL) {
      *status = fatal(e.name);
      return Next::kStop;
    }
    if (n < 0) {  // ARCHIVE_FAILED / WARN / RETRY: this entry only (encrypted, unsupported method)
      gate_.report(ErrorCode::kArchiveRead, Severity::kError, e.name,
                   libarchive_error(a_) + "; not extracted");
      return Next::kEntry;
    }
    used += static_cast<u64>(n);
    if (!charge(static_cast<u64>(n), e.name)) {
      *status = InputStatus::kPartial;
      return Next::kStop;
    }
    if (used > cap) {  // more data than declared, or no size declared
      gate_.report(ErrorCode::kLimitEntryBytes, Severity::kError, e.name,
                   "more than " + std::to_string(cap) + " bytes; not extracted, input stopped");
      *status = InputStatus::kPartial;
      return Next::kStop;
    }
  }
  std::memset(buffer_.data() + used, 0, kInputPadding);
  e.size = used;
  e.bytes = std::string_view(buffer_.data(), used);
  e.take_bytes = [this, used] { return buffer_.take(used); };
  bool more = true;
  {
    ScopedLocale callers(caller_locale_);
    more = fn(e);
  }
  if (buffer_.size() > kKeepBuffer) buffer_.release();
  if (!more) {
    *status = InputStatus::kOk;
    return Next::kStop;
  }
  return Next::kEntry;
}

class ArchiveInput final : public InputSource {
 public:
  ArchiveInput(std::string_view bytes, InputKind kind, InputLimits limits)
      : bytes_(bytes), kind_(kind), limits_(limits) {}

  InputStatus for_each_entry(const EntryFn& fn, Diagnostics& diags) override;
  InputKind kind() const override { return kind_; }

 private:
  InputStatus read(std::string_view data, bool zip, bool seekable, const EntryFn& fn,
                   EntryGate& gate, u64* headers);

  std::string_view bytes_;
  InputKind kind_;
  InputLimits limits_;
  EntryBuffer buffer_;
};

InputStatus ArchiveInput::read(std::string_view data, bool zip, bool seekable, const EntryFn& fn,
                               EntryGate& gate, u64* headers) {
  ScopedLocale utf8(utf8_ctype());
  ArchivePtr a(archive_read_new(), archive_read_free);
  if (!a) {
    gate.diags().error(ErrorCode::kArchiveRead, "out of memory");
    return InputStatus::kFailed;
  }
  if (zip) {
    seekable ? archive_read_support_format_zip_seekable(a.get())
             : archive_read_support_format_zip_streamable(a.get());
  } else {
    for (FilterFn f : native_filters()) f(a.get());
    archive_read_support_format_tar(a.get());
    archive_read_support_format_zip_streamable(a.get());
  }
  if (archive_read_open_memory(a.get(), data.data(), data.size()) != ARCHIVE_OK) {
    gate.diags().error(ErrorCode::kArchiveRead, libarchive_error(a.get()));
    return InputStatus::kFailed;
  }
  if (zip && seekable) report_zip_name_mismatches(data, gate);
  Pass pass(a.get(), zip, gate, buffer_, utf8.previous());
  const InputStatus status = pass.run(fn);
  *headers = pass.headers();
  return status;
}

InputStatus ArchiveInput::for_each_entry(const EntryFn& fn, Diagnostics& diags) {
  EntryGate gate(limits_, diags);
  Result<std::string_view> payload = crx_zip_payload(bytes_);
  if (!payload.ok()) {
    diags.error(ErrorCode::kArchiveRead, "malformed CRX header");
    return InputStatus::kFailed;
  }
  const std::string_view data = payload.value();
  const bool zip = data.substr(0, 2) == "PK";
  u64 headers = 0;
  InputStatus status = read(data, zip, /*seekable=*/true, fn, gate, &headers);
  if (zip && status == InputStatus::kFailed && headers == 0) {
    // No usable central directory (a cut-off zip): the local headers may still hold evidence.
    diags.warning(ErrorCode::kArchiveRead, "retrying with the local headers only");
    status = read(data, zip, /*seekable=*/false, fn, gate, &headers);
  }
  buffer_.release();
  return status;
}

}  // namespace

Result<std::string_view> crx_zip_payload(std::string_view bytes) {
  if (bytes.substr(0, 4) != "Cr24") return bytes;
  if (bytes.size() < 12) return ErrorCode::kArchiveRead;
  const u64 version = read_le(bytes, 4, 4);
  u64 header = 0;
  if (version == 2) {
    if (bytes.size() < 16) return ErrorCode::kArchiveRead;
    header = 16 + read_le(bytes, 8, 4) + read_le(bytes, 12, 4);
  } else if (version == 3) {
    header = 12 + read_le(bytes, 8, 4);
  } else {
    return ErrorCode::kArchiveRead;
  }
  if (header > bytes.size()) return ErrorCode::kArchiveRead;
  return bytes.substr(header);
}

std::unique_ptr<InputSource> make_archive_input(std::string_view bytes, InputKind kind,
                                                InputLimits limits) {
  return std::make_unique<ArchiveInput>(bytes, kind, limits);
}

}  // namespace mapsleuth::parsers
