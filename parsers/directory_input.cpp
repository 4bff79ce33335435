#include "parsers/directory_input.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>
#include <vector>

#include "parsers/mapped_file.h"

namespace mapsleuth::parsers {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string errno_detail(const char* call) {
  return std::string(call) + ": " + std::strerror(errno);
}

std::string_view special_kind(mode_t mode) {
  if (S_ISFIFO(mode)) return "FIFO";
  if (S_ISSOCK(mode)) return "socket";
  if (S_ISCHR(mode)) return "character device";
  if (S_ISBLK(mode)) return "block device";
  return "special file";
}

// Names of one directory, sorted by bytes. Reads at most `limit` names: past the entry limit the
// input is partial anyway, and a directory of millions of names must not cost millions of strings.
bool list_directory(int dirfd, u64 limit, std::vector<std::string>* names) {
  const int dup = ::fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
  if (dup < 0) return false;
  DIR* dir = ::fdopendir(dup);
  if (dir == nullptr) {
    ::close(dup);
    return false;
  }
  while (names->size() < limit) {
    errno = 0;
    const dirent* d = ::readdir(dir);
    if (d == nullptr) break;
    if (std::strcmp(d->d_name, ".") == 0 || std::strcmp(d->d_name, "..") == 0) continue;
    names->emplace_back(d->d_name);
  }
  const bool ok = errno == 0;
  ::closedir(dir);
  std::sort(names->begin(), names->end());
  return ok;
}

class Walk {
 public:
  Walk(EntryGate& gate, const EntryFn& fn, dev_t root_dev)
      : gate_(gate), fn_(fn), root_dev_(root_dev) {}

  /// Visits the directory open as `dirfd`, whose path relative to the root is `prefix` (raw
  /// bytes, "" or ending in '/'). False when the walk must stop; status() says why.
  bool visit(int dirfd, const std::string& prefix, int depth);
  InputStatus status() const { return status_; }
  void remember(dev_t dev, ino_t ino) { seen_.emplace(dev, ino); }

 private:
  bool visit_directory(int dirfd, const std::string& name, const std::string& path,
                       const struct stat& st, int depth);
  bool visit_file(int dirfd, const std::string& name, const std::string& path,
                  const struct stat& st);

  EntryGate& gate_;
  const EntryFn& fn_;
  dev_t root_dev_;
  std::set<std::pair<dev_t, ino_t>> seen_;
  u64 total_ = 0;
  InputStatus status_ = InputStatus::kOk;
};

bool Walk::visit(int dirfd, const std::string& prefix, int depth) {
  std::vector<std::string> names;
  if (!list_directory(dirfd, gate_.limits().max_entries + 1, &names)) {
    gate_.report(ErrorCode::kIoRead, Severity::kError, prefix.empty() ? "." : prefix,
                 errno_detail("readdir"));
  }
  for (const std::string& name : names) {
    if (!gate_.count()) {
      status_ = InputStatus::kPartial;
      return false;
    }
    const std::string path = prefix + name;
    struct stat st {};
    if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      gate_.report(ErrorCode::kIoRead, Severity::kError, path, errno_detail("fstatat"));
      continue;
    }
    if (S_ISLNK(st.st_mode)) {
      char target[4096];
      const ssize_t n = ::readlinkat(dirfd, name.c_str(), target, sizeof target);
      const std::string shown =
          n < 0 ? "(unreadable)" : printable_name(std::string_view(target, static_cast<size_t>(n)));
      gate_.report(ErrorCode::kDirSymlink, Severity::kWarning, path, "-> " + shown);
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      if (!visit_directory(dirfd, name, path, st, depth)) return false;
      continue;
    }
    if (S_ISREG(st.st_mode)) {
      if (!visit_file(dirfd, name, path, st)) return false;
      continue;
    }
    gate_.report(ErrorCode::kDirSpecialFile, Severity::kWarning, path, special_kind(st.st_mode));
  }
  return true;
}

bool Walk::visit_directory(int dirfd, const std::string& name, const std::string& path,
                           const struct stat& st, int depth) {
  Entry e;
  e.raw_name = path;
  e.type = EntryType::kDirectory;
  gate_.admit(e);  // reports a name that climbs (backslashes count as separators)
  if (normalise_entry_name(path).verdict != NameVerdict::kOk) return true;
  if (depth + 1 > kMaxDirectoryDepth) {
    gate_.report(ErrorCode::kLimitPath, Severity::kError, path,
                 "deeper than " + std::to_string(kMaxDirectoryDepth) + " levels; not walked");
    return true;
  }
  if (st.st_dev != root_dev_) {
    gate_.report(ErrorCode::kDirMount, Severity::kWarning, path, "another filesystem");
    return true;
  }
  if (!seen_.emplace(st.st_dev, st.st_ino).second) {
    gate_.report(ErrorCode::kDirMount, Severity::kWarning, path, "directory seen before");
    return true;
  }
  Fd sub(::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  struct stat now {};
  if (sub.get() < 0 || ::fstat(sub.get(), &now) != 0) {
    gate_.report(ErrorCode::kIoRead, Severity::kError, path, errno_detail("openat"));
    return true;
  }
  if (now.st_dev != st.st_dev || now.st_ino != st.st_ino) {
    gate_.report(ErrorCode::kIoRead, Severity::kError, path, "changed while walking; not walked");
    return true;
  }
  return visit(sub.get(), path + "/", depth + 1);
}

bool Walk::visit_file(int dirfd, const std::string& name, const std::string& path,
                      const struct stat& st) {
  const InputLimits& limits = gate_.limits();
  Entry e;
  e.raw_name = path;
  e.type = EntryType::kFile;
  e.mode = static_cast<u32>(st.st_mode) & 07777u;
  if (!gate_.admit(e)) return true;
  auto size = static_cast<u64>(st.st_size);
  if (size > limits.max_entry_bytes) {
    gate_.report(ErrorCode::kLimitEntryBytes, Severity::kError, e.name,
                 std::to_string(size) + " bytes, above the limit of " +
                     std::to_string(limits.max_entry_bytes) + "; not read");
    return true;
  }
  if (total_ + size > limits.max_input_bytes) {
    gate_.report(ErrorCode::kLimitInputBytes, Severity::kError, e.name,
                 std::to_string(size) + " more bytes after " + std::to_string(total_) +
                     " would pass the limit of " + std::to_string(limits.max_input_bytes) +
                     "; walk stopped");
    status_ = InputStatus::kPartial;
    return false;
  }
  // O_NONBLOCK: should a FIFO be swapped in after fstatat, opening it still cannot block.
  Fd fd(::openat(dirfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  struct stat now {};
  if (fd.get() < 0 || ::fstat(fd.get(), &now) != 0) {
    gate_.report(ErrorCode::kIoRead, Severity::kError, e.name, errno_detail("openat"));
    status_ = InputStatus::kPartial;  // the walk goes on, but the input was not read whole
    return true;
  }
  if (!S_ISREG(now.st_mode) || now.st_dev != st.st_dev || now.st_ino != st.st_ino) {
    gate_.report(ErrorCode::kDirSpecialFile, Severity::kWarning, e.name,
                 "changed while walking; not read");
    return true;
  }
  // Map what fstat says now, within the limits: files grow, and sparse files claim terabytes.
  size = static_cast<u64>(now.st_size);
  if (size > limits.max_entry_bytes || total_ + size > limits.max_input_bytes) {
    gate_.report(ErrorCode::kLimitEntryBytes, Severity::kError, e.name,
                 "grew to " + std::to_string(size) + " bytes, past the entry limit of " +
                     std::to_string(limits.max_entry_bytes) + " or the input limit of " +
                     std::to_string(limits.max_input_bytes) + "; not read");
    return true;
  }
  Result<MappedFile> mapped = MappedFile::map_fd(fd.get(), size);
  if (!mapped.ok()) {
    gate_.report(ErrorCode::kIoRead, Severity::kError, e.name, errno_detail("mmap"));
    status_ = InputStatus::kPartial;
    return true;
  }
  total_ += size;
  e.bytes = mapped.value().bytes();
  e.size = size;
  const bool go_on = fn_(e);
  // What was read must be what the file held: compare with the stamp taken before mapping.
  struct stat after {};
  if (::fstat(fd.get(), &after) == 0 && !(FileStamp::of(after) == FileStamp::of(now))) {
    gate_.report(ErrorCode::kInputChanged, Severity::kError, e.name,
                 describe_change(FileStamp::of(now), FileStamp::of(after)) +
                     " while it was read; what was read may mix two versions");
    status_ = InputStatus::kPartial;
  }
  return go_on;
}

class DirectoryInput final : public InputSource {
 public:
  DirectoryInput(std::string root, InputLimits limits) : root_(std::move(root)), limits_(limits) {}

  InputStatus for_each_entry(const EntryFn& fn, Diagnostics& diags) override {
    EntryGate gate(limits_, diags);
    Fd root(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    struct stat st {};
    if (root.get() < 0 || ::fstat(root.get(), &st) != 0) {
      diags.error(ErrorCode::kIoRead, errno_detail("open"));
      return InputStatus::kFailed;
    }
    Walk walk(gate, fn, st.st_dev);
    walk.remember(st.st_dev, st.st_ino);
    walk.visit(root.get(), "", 0);
    return walk.status();
  }

  InputKind kind() const override { return InputKind::kDir; }

 private:
  std::string root_;
  InputLimits limits_;
};

}  // namespace

std::unique_ptr<InputSource> make_directory_input(const std::string& root, InputLimits limits) {
  return std::make_unique<DirectoryInput>(root, limits);
}

}  // namespace mapsleuth::parsers
