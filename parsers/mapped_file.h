// Read-only views of files on disk: the one place in parsers/ that opens a path (DESIGN section 3:
// "inputs are mmaped where they are files"; safe-io section 3.10 for the open recipe).
#pragma once

#include <sys/stat.h>

#include <optional>
#include <string>
#include <string_view>

#include "parsers/diagnostics.h"
#include "parsers/result.h"
#include "parsers/types.h"

namespace mapsleuth::parsers {

/// Readable bytes guaranteed after the end of every view an input hands out; equals
/// SIMDJSON_PADDING, so a parser can use `bytes.size() + kInputPadding` as its capacity and never
/// copy.
inline constexpr u64 kInputPadding = 64;

/// What tells cheaply whether a file changed: device, inode, size, and the modification and change
/// times in nanoseconds. Any write moves ctime (even one that puts mtime back) and a replacement
/// changes the inode, so two equal stamps around a read mean the bytes read were the file's.
struct FileStamp {
  u64 dev = 0;
  u64 ino = 0;
  u64 size = 0;
  i64 mtime_ns = 0;
  i64 ctime_ns = 0;

  static FileStamp of(const struct stat& st) noexcept;
  bool operator==(const FileStamp&) const = default;
};

/// The stamp of `path` itself (lstat: a symlink is not followed); nullopt when it cannot be read.
std::optional<FileStamp> stamp_of(const std::string& path) noexcept;

/// "size 10 -> 12 bytes", "modified", "replaced": what differs between two stamps, for a message.
std::string describe_change(const FileStamp& before, const FileStamp& after);

/// A read-only private mapping of one regular file, followed by at least kInputPadding zero bytes.
///
/// Padding without a copy: the mapping is placed inside an anonymous reservation of
/// round_up(size + kInputPadding, page); the pages past the file's last page stay anonymous zero
/// pages, so reading the padding never faults (a file mapping would SIGBUS past EOF). The trade-off
/// against copying into a padded heap buffer: one extra mmap call and one extra page of address
/// space, versus a full copy (and twice the RSS) whenever size % page > page - 64.
///
/// Contract: the file must not shrink while mapped (SIGBUS). Inputs are evidence the user handed
/// us, not files another process edits; a concurrent truncation is outside the threat model.
/// Movable, not copyable; the view dies with the object.
class MappedFile {
 public:
  /// Opens `path` with O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC after an O_PATH probe, so a FIFO
  /// never blocks and a device is never opened (unless swapped in between, which the inode check
  /// after the open catches). Only regular files are mapped; a trailing symlink is refused.
  /// Reports E_IO_READ or E_LIMIT_INPUT_BYTES (size > max_bytes) into `diags`.
  static Result<MappedFile> open(const std::string& path, Diagnostics& diags, u64 max_bytes);

  /// Maps the first `size` bytes of an already opened and checked regular file. The descriptor may
  /// be closed afterwards. Returns E_IO_READ when mmap fails. No diagnostics: the caller knows the
  /// file's name.
  static Result<MappedFile> map_fd(int fd, u64 size);

  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  /// The file's bytes; empty for an empty file. bytes().data() is followed by kInputPadding
  /// readable zero bytes.
  std::string_view bytes() const noexcept;
  /// Bytes readable from bytes().data(): at least bytes().size() + kInputPadding.
  u64 capacity() const noexcept { return size_ + kInputPadding; }

 private:
  void reset() noexcept;

  void* base_ = nullptr;  ///< start of the reservation; nullptr for an empty file
  u64 map_len_ = 0;       ///< length of the reservation passed to munmap
  u64 size_ = 0;          ///< file bytes
};

}  // namespace mapsleuth::parsers
