#include "parsers/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace mapsleuth::parsers {
namespace {

// Zero bytes that an empty file's view points at, so bytes().data() + kInputPadding is readable.
constexpr char kEmptyPadded[kInputPadding] = {};

// Closes a descriptor on every return path.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  ~FdCloser() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string errno_text(const char* what, int err) {
  return std::string(what) + ": " + std::strerror(err);
}

}  // namespace

FileStamp FileStamp::of(const struct stat& st) noexcept {
  constexpr i64 kNs = 1'000'000'000;
  FileStamp s;
  s.dev = static_cast<u64>(st.st_dev);
  s.ino = static_cast<u64>(st.st_ino);
  s.size = static_cast<u64>(st.st_size);
  s.mtime_ns = static_cast<i64>(st.st_mtim.tv_sec) * kNs + st.st_mtim.tv_nsec;
  s.ctime_ns = static_cast<i64>(st.st_ctim.tv_sec) * kNs + st.st_ctim.tv_nsec;
  return s;
}

std::optional<FileStamp> stamp_of(const std::string& path) noexcept {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
  return FileStamp::of(st);
}

std::string describe_change(const FileStamp& before, const FileStamp& after) {
  if (before.dev != after.dev || before.ino != after.ino) return "replaced by another file";
  if (before.size != after.size) {
    return "size " + std::to_string(before.size) + " -> " + std::to_string(after.size) + " bytes";
  }
  return "modified (same size)";
}

Result<MappedFile> MappedFile::map_fd(int fd, u64 size) {
  MappedFile f;
  if (size == 0) return f;
  const u64 page = static_cast<u64>(::sysconf(_SC_PAGESIZE));
  const u64 reserve = (size + kInputPadding + page - 1) / page * page;
  // Anonymous reservation first, then the file over its start (MAP_FIXED replaces atomically).
  void* base = ::mmap(nullptr, reserve, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) return ErrorCode::kIoRead;
  if (::mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) {
    ::munmap(base, reserve);
    return ErrorCode::kIoRead;
  }
  f.base_ = base;
  f.map_len_ = reserve;
  f.size_ = size;
  return f;
}

Result<MappedFile> MappedFile::open(const std::string& path, Diagnostics& diags, u64 max_bytes) {
  // O_PATH opens nothing: a FIFO or device is inspected without being opened for reading.
  FdCloser probe(::open(path.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
  struct stat before {};
  if (probe.get() < 0 || ::fstat(probe.get(), &before) != 0) {
    diags.error(ErrorCode::kIoRead, errno_text("open", errno));
    return ErrorCode::kIoRead;
  }
  if (S_ISLNK(before.st_mode)) {
    diags.error(ErrorCode::kIoRead, "is a symbolic link; not followed");
    return ErrorCode::kIoRead;
  }
  if (!S_ISREG(before.st_mode)) {
    diags.error(ErrorCode::kIoRead, "not a regular file; not read");
    return ErrorCode::kIoRead;
  }
  FdCloser fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  struct stat st {};
  if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0) {
    diags.error(ErrorCode::kIoRead, errno_text("open", errno));
    return ErrorCode::kIoRead;
  }
  if (!S_ISREG(st.st_mode) || st.st_ino != before.st_ino || st.st_dev != before.st_dev) {
    diags.error(ErrorCode::kIoRead, "file changed while being opened; not read");
    return ErrorCode::kIoRead;
  }
  const auto size = static_cast<u64>(st.st_size);
  if (size > max_bytes) {
    diags.error(ErrorCode::kLimitInputBytes,
                std::to_string(size) + " bytes, above the limit of " + std::to_string(max_bytes));
    return ErrorCode::kLimitInputBytes;
  }
  Result<MappedFile> mapped = map_fd(fd.get(), size);
  if (!mapped.ok()) diags.error(ErrorCode::kIoRead, errno_text("mmap", errno));
  return mapped;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)),
      map_len_(std::exchange(other.map_len_, 0)),
      size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    reset();
    base_ = std::exchange(other.base_, nullptr);
    map_len_ = std::exchange(other.map_len_, 0);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

MappedFile::~MappedFile() { reset(); }

void MappedFile::reset() noexcept {
  if (base_ != nullptr) ::munmap(base_, map_len_);
  base_ = nullptr;
  map_len_ = 0;
  size_ = 0;
}

std::string_view MappedFile::bytes() const noexcept {
  if (base_ == nullptr) return {kEmptyPadded, kEmptyPadded};  // empty, padding readable after it
  return {static_cast<const char*>(base_), size_};
}

}  // namespace mapsleuth::parsers
