#include "reconstruct/safe_writer.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <streambuf>
#include <system_error>
#include <utility>
#include <vector>

namespace mapsleuth::reconstruct {
namespace {

constexpr mode_t kFileMode = 0644;
constexpr mode_t kDirMode = 0755;
constexpr int kOpenat2Retries = 8;           // EAGAIN: a rename raced the lookup (openat2(2))
constexpr size_t kMaxWriteChunk = 1u << 30;  // Linux writes at most 0x7ffff000 bytes per call
constexpr size_t kStreamBuffer = size_t{64} * 1024;
constexpr size_t kTempNameStem = 200;  // `.` + stem + `.tmp.<pid>.<n>` stays under NAME_MAX

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    reset(std::exchange(o.fd_, -1));
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const noexcept { return fd_; }
  bool valid() const noexcept { return fd_ >= 0; }
  int release() noexcept { return std::exchange(fd_, -1); }
  void reset(int fd = -1) noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }
  /// Closes and returns 0 or the errno of close(2) (NFS and quotas report write errors here).
  int close_checked() noexcept {
    int fd = std::exchange(fd_, -1);
    return fd >= 0 && ::close(fd) != 0 ? errno : 0;
  }

 private:
  int fd_ = -1;
};

// -1 not probed yet, 0 unavailable (ENOSYS; EPERM or E2BIG from a seccomp filter), 1 available.
std::atomic<int> g_openat2{-1};

// O_NOFOLLOW | O_DIRECTORY on a symlink fails with ENOTDIR; call it ELOOP so the diagnostic says
// what happened (no decision depends on it: the open failed either way).
int name_symlink_error(int dirfd, const std::string& name, int err) {
  struct stat st {};
  if (err == ENOTDIR && ::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
      S_ISLNK(st.st_mode)) {
    return ELOOP;
  }
  return err;
}

// openat2(2) of `path` beneath `dirfd` with every RESOLVE_* restriction and O_NOFOLLOW, retried
// while a concurrent rename makes the lookup fail with EAGAIN. Returns the fd, or -1 with errno.
long openat2_beneath(int dirfd, const char* path, int flags, mode_t mode) {
  open_how how{};
  how.flags = static_cast<u64>(flags | O_NOFOLLOW | O_CLOEXEC);
  how.mode = (flags & O_CREAT) != 0 ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
  long fd = -1;
  for (int tries = 0; tries < kOpenat2Retries; ++tries) {
    fd = ::syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    if (fd >= 0 || errno != EAGAIN) break;
  }
  return fd;
}

// Opens one component `name` beneath `dirfd`. `name` is never empty, `.`, `..` and has no '/'
// (split_rel checked), so the fallback's single O_NOFOLLOW lookup cannot climb or follow either.
// Returns the fd, or -1 with errno (ELOOP for a symlink, EXDEV for an escape).
int open_component(int dirfd, const std::string& name, int flags, mode_t mode, bool walk_only) {
  if (!walk_only && g_openat2.load(std::memory_order_relaxed) != 0) {
    long fd = openat2_beneath(dirfd, name.c_str(), flags, mode);
    if (fd >= 0) {
      g_openat2.store(1, std::memory_order_relaxed);
      return static_cast<int>(fd);
    }
    if (errno == EAGAIN) return -1;
    if (errno != ENOSYS && errno != EPERM && errno != E2BIG) {
      errno = name_symlink_error(dirfd, name, errno);
      return -1;
    }
    g_openat2.store(0, std::memory_order_relaxed);  // safe-io.md 3.4: treat as "not available"
  }
  // O_PATH | O_NOFOLLOW would open a symlink itself, hence the fstat check after the open.
  Fd fd(::openat(dirfd, name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode));
  if (!fd.valid()) {
    errno = name_symlink_error(dirfd, name, errno);
    return -1;
  }
  struct stat st {};
  int err = ::fstat(fd.get(), &st) != 0 ? errno : 0;
  if (err == 0 && S_ISLNK(st.st_mode)) err = ELOOP;
  if (err == 0 && (flags & O_DIRECTORY) != 0 && !S_ISDIR(st.st_mode)) err = ENOTDIR;
  if (err != 0) {
    fd.reset();
    errno = err;
    return -1;
  }
  return fd.release();
}

// The fast path of write_file (PERF: a leak writes thousands of files, and on a virtual machine
// each system call costs microseconds): one openat2 creates `rel` beneath the root with the same
// RESOLVE_* containment the component walk gets, for the common case where its directories exist.
// Returns the fd, or -1 when openat2 is unavailable or the call failed for any reason (a missing
// directory, a symlink, a name taken): the caller then takes the component walk, which creates
// what is missing and reports exactly which component is in the way.
int create_beneath(int rootfd, std::string_view rel) {
  if (g_openat2.load(std::memory_order_relaxed) != 1) return -1;
  long fd =
      openat2_beneath(rootfd, std::string(rel).c_str(), O_WRONLY | O_CREAT | O_EXCL, kFileMode);
  return fd >= 0 ? static_cast<int>(fd) : -1;
}

// Whether the process umask keeps 0644 whole, so a created file needs no fchmod. Read from
// /proc/self/status (Linux 4.7+): calling umask(2) to learn it would change it for every thread.
bool umask_keeps_file_mode() {
  FILE* f = std::fopen("/proc/self/status", "re");
  if (f == nullptr) return false;
  unsigned mask = 0777;
  char line[256];
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::sscanf(line, "Umask: %o", &mask) == 1) break;
  }
  std::fclose(f);
  return (mask & kFileMode) == 0;
}

// Splits a relative path; false when it is empty, absolute, has NUL or an empty, `.` or `..`
// component (including a trailing '/').
bool split_rel(std::string_view rel, std::vector<std::string>& out) {
  if (rel.empty() || rel.front() == '/' || rel.find('\0') != std::string_view::npos) return false;
  size_t start = 0;
  for (;;) {
    size_t end = std::min(rel.find('/', start), rel.size());
    std::string_view c = rel.substr(start, end - start);
    if (c.empty() || c == "." || c == "..") return false;
    out.emplace_back(c);
    if (end == rel.size()) return true;
    start = end + 1;
  }
}

// write(2) until done: EINTR is retried, short writes continue. Returns 0 or an errno.
int write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, std::min(size, kMaxWriteChunk));
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return 0;
}

std::string errno_text(int err) { return std::generic_category().message(err); }

ErrorCode code_for(int err) {
  switch (err) {
    case ELOOP:
    case EXDEV:
      return ErrorCode::kWriteEscape;
    case EEXIST:
      return ErrorCode::kWriteExists;
    default:
      return ErrorCode::kIoWrite;
  }
}

// One diagnostic for a failed step; returns its code.
ErrorCode report(Diagnostics& diags, std::string_view rel, std::string_view step, int err) {
  ErrorCode code = code_for(err);
  std::string msg(rel);
  msg += ": ";
  msg += step;
  msg += ": ";
  if (err == ELOOP) {
    msg += "a symbolic link is in the way, not followed";
  } else if (err == EXDEV) {
    msg += "would leave the output directory";
  } else if (err == EFBIG) {
    msg += "file too large (EFBIG)";
  } else if (err == ENOSPC || err == EDQUOT) {
    msg += "no space left on the output file system (" + errno_text(err) + ")";
  } else {
    msg += errno_text(err);
  }
  diags.error(code, msg);
  return code;
}

bool directory_is_empty(int dirfd) {
  int dup = ::fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
  if (dup < 0) return false;
  DIR* d = ::fdopendir(dup);
  if (d == nullptr) {
    ::close(dup);
    return false;
  }
  bool empty = true;
  while (const dirent* e = ::readdir(d)) {
    std::string_view n = e->d_name;
    if (n != "." && n != "..") {
      empty = false;
      break;
    }
  }
  ::closedir(d);
  return empty;
}

// A streambuf onto a file descriptor; the first write error sticks and is read at commit().
class FdBuf : public std::streambuf {
 public:
  FdBuf() : buf_(kStreamBuffer) { reset_area(); }
  void attach(int fd) { fd_ = fd; }
  int error() const noexcept { return error_; }
  u64 written() const noexcept { return written_; }

  bool flush_buffer() {
    auto n = static_cast<size_t>(pptr() - pbase());
    if (n > 0 && error_ == 0) {
      error_ = write_all(fd_, pbase(), n);
      if (error_ == 0) written_ += n;
    }
    reset_area();
    return error_ == 0;
  }

 protected:
  int_type overflow(int_type ch) override {
    if (!flush_buffer()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (static_cast<size_t>(n) < buf_.size()) return std::streambuf::xsputn(s, n);
    if (!flush_buffer()) return 0;  // large pieces skip the buffer
    error_ = write_all(fd_, s, static_cast<size_t>(n));
    if (error_ != 0) return 0;
    written_ += static_cast<u64>(n);
    return n;
  }
  int sync() override { return flush_buffer() ? 0 : -1; }

 private:
  void reset_area() { setp(buf_.data(), buf_.data() + buf_.size()); }

  std::vector<char> buf_;
  int fd_ = -1;
  int error_ = 0;
  u64 written_ = 0;
};

}  // namespace

struct SafeWriter::State {
  std::string dir;
  Fd root;  // O_PATH | O_DIRECTORY: every operation is *at() relative to it
  WriterOptions options;
  Diagnostics* diags = nullptr;
  std::atomic<u64> files{0};
  std::atomic<u64> bytes{0};
  std::atomic<u64> reserved{0};  // files created plus writes in flight, for the limit
  std::atomic<u64> temp_serial{0};
  std::atomic<bool> limit_hit{false};
  bool chmod_files = true;  // false when the umask leaves kFileMode as created

  bool walk_only() const noexcept { return options.force_component_walk; }

  // Takes one slot of max_files; E_LIMIT_FILES once when they run out, then refusal.
  ErrorCode reserve(Diagnostics& sink) {
    if (limit_hit.load(std::memory_order_relaxed)) return ErrorCode::kLimitFiles;
    if (reserved.fetch_add(1) >= options.max_files) {
      reserved.fetch_sub(1);
      if (!limit_hit.exchange(true)) {
        sink.error(ErrorCode::kLimitFiles, std::to_string(options.max_files) +
                                               " files written; no more are created in " + dir);
      }
      return ErrorCode::kLimitFiles;
    }
    return ErrorCode::kOk;
  }
  void release() noexcept { reserved.fetch_sub(1); }
  void count(u64 n) noexcept {
    files.fetch_add(1);
    bytes.fetch_add(n);
  }

  // Opens the directory that holds the last component, creating the ones before it (mkdirat 0755
  // then fchmod, one component at a time, so no more than two fds are open per call). On failure
  // returns an invalid Fd, with `err` the errno and `step` naming the component.
  Fd open_parent(const std::vector<std::string>& comps, bool create, int& err,
                 std::string& step) const {
    Fd cur(::fcntl(root.get(), F_DUPFD_CLOEXEC, 0));
    if (!cur.valid()) {
      err = errno;
      step = "dup root";
      return cur;
    }
    for (size_t i = 0; i + 1 < comps.size(); ++i) {
      const std::string& c = comps[i];
      bool created = false;
      if (create) {
        if (::mkdirat(cur.get(), c.c_str(), kDirMode) == 0) {
          created = true;
        } else if (errno != EEXIST) {
          err = errno;
          step = "mkdir '" + c + "'";
          return Fd();
        }
      }
      // A directory we made needs a readable fd for fchmod; others are only walked through.
      int flags = created ? (O_RDONLY | O_DIRECTORY) : (O_PATH | O_DIRECTORY);
      Fd next(open_component(cur.get(), c, flags, 0, walk_only()));
      err = next.valid() ? 0 : errno;
      if (err == 0 && created && ::fchmod(next.get(), kDirMode) != 0) err = errno;
      if (err != 0) {
        step = "open directory '" + c + "'";
        return Fd();
      }
      cur = std::move(next);
    }
    return cur;
  }
};

struct AtomicFile::Impl {
  SafeWriter::State* st = nullptr;
  Diagnostics* diags = nullptr;
  std::string rel;
  std::string name;
  std::string temp;
  Replace replace = Replace::kYes;
  Fd parent;
  Fd file;
  FdBuf buf;
  std::ostream os{&buf};
  bool done = false;

  ErrorCode fail(std::string_view step, int err) {
    ErrorCode code = report(*diags, rel, step, err);
    discard();
    return code;
  }
  void discard() noexcept {
    if (done) return;
    file.reset();
    ::unlinkat(parent.get(), temp.c_str(), 0);
    done = true;
  }
};

AtomicFile::AtomicFile(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AtomicFile::AtomicFile(AtomicFile&&) noexcept = default;
AtomicFile& AtomicFile::operator=(AtomicFile&& o) noexcept {
  if (this != &o) {
    abort();
    impl_ = std::move(o.impl_);
  }
  return *this;
}
AtomicFile::~AtomicFile() { abort(); }

void AtomicFile::abort() noexcept {
  if (impl_) impl_->discard();
}

std::ostream& AtomicFile::stream() { return impl_->os; }

Result<u64> AtomicFile::append(std::string_view bytes) {
  if (!impl_ || impl_->done) return ErrorCode::kIoWrite;
  impl_->os.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (impl_->buf.error() != 0) return ErrorCode::kIoWrite;
  return static_cast<u64>(bytes.size());
}

Result<u64> AtomicFile::commit() {
  if (!impl_ || impl_->done) return ErrorCode::kIoWrite;
  Impl& m = *impl_;
  if (!m.buf.flush_buffer()) return m.fail("write", m.buf.error());
  if (m.st->options.durable && ::fsync(m.file.get()) != 0) return m.fail("fsync", errno);
  if (int err = m.file.close_checked(); err != 0) return m.fail("close", err);

  int pfd = m.parent.get();
  if (m.replace == Replace::kYes) {
    if (::renameat(pfd, m.temp.c_str(), pfd, m.name.c_str()) != 0) return m.fail("rename", errno);
  } else if (::renameat2(pfd, m.temp.c_str(), pfd, m.name.c_str(), RENAME_NOREPLACE) != 0) {
    if (errno != EINVAL && errno != ENOSYS) return m.fail("rename", errno);
    // The file system has no RENAME_NOREPLACE (safe-io.md 3.6): link never replaces either.
    if (::linkat(pfd, m.temp.c_str(), pfd, m.name.c_str(), 0) != 0) return m.fail("link", errno);
    ::unlinkat(pfd, m.temp.c_str(), 0);
  }
  if (m.st->options.durable) {
    // fsync(2): the directory entry needs an fsync of the directory itself.
    Fd dir(::openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.valid() || ::fsync(dir.get()) != 0) {
      report(*m.diags, m.rel, "fsync directory", errno);  // renamed already: keep the file
    }
  }
  m.done = true;
  m.st->count(m.buf.written());
  return m.buf.written();
}

SafeWriter::SafeWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
SafeWriter::SafeWriter(SafeWriter&&) noexcept = default;
SafeWriter& SafeWriter::operator=(SafeWriter&&) noexcept = default;
SafeWriter::~SafeWriter() = default;

Result<SafeWriter> SafeWriter::open(const std::string& dir, Diagnostics& diags,
                                    const WriterOptions& options) {
  if (dir.empty() || dir.find('\0') != std::string::npos) {
    diags.error(ErrorCode::kIoWrite, "output directory name is empty or contains NUL");
    return ErrorCode::kIoWrite;
  }
  bool created = ::mkdir(dir.c_str(), kDirMode) == 0;
  if (!created && errno != EEXIST) {
    diags.error(ErrorCode::kIoWrite,
                dir + ": cannot create the output directory: " + errno_text(errno));
    return ErrorCode::kIoWrite;
  }
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) {
    int err = errno;
    struct stat st {};
    if (err == ELOOP || (::lstat(dir.c_str(), &st) == 0 && S_ISLNK(st.st_mode))) {
      diags.error(ErrorCode::kWriteEscape, dir + ": the output directory is a symbolic link");
      return ErrorCode::kWriteEscape;
    }
    diags.error(ErrorCode::kIoWrite, dir + ": cannot open the output directory: " +
                                         (err == ENOTDIR ? "not a directory" : errno_text(err)));
    return ErrorCode::kIoWrite;
  }
  if (created) {
    if (::fchmod(fd.get(), kDirMode) != 0) {
      diags.error(ErrorCode::kIoWrite, dir + ": chmod: " + errno_text(errno));
      return ErrorCode::kIoWrite;
    }
  } else if (!directory_is_empty(fd.get())) {
    // safe-io.md 3.3: a previous run's tree would mix with this one, and O_EXCL would refuse it.
    diags.error(ErrorCode::kOutputNotEmpty, dir + ": choose a new or empty directory");
    return ErrorCode::kOutputNotEmpty;
  }
  auto state = std::make_unique<State>();
  state->root = Fd(::openat(fd.get(), ".", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!state->root.valid()) {
    diags.error(ErrorCode::kIoWrite,
                dir + ": cannot open the output directory: " + errno_text(errno));
    return ErrorCode::kIoWrite;
  }
  state->dir = dir;
  state->options = options;
  state->diags = &diags;
  state->chmod_files = !umask_keeps_file_mode();
  return SafeWriter(std::move(state));
}

Result<u64> SafeWriter::write_file(std::string_view rel_path, std::string_view bytes) {
  return write_file(rel_path, bytes, *state_->diags);
}

Result<u64> SafeWriter::write_file(std::string_view rel_path, std::string_view bytes,
                                   Diagnostics& diags) {
  State& st = *state_;
  std::vector<std::string> comps;
  if (!split_rel(rel_path, comps)) {
    diags.error(ErrorCode::kWriteEscape, "refused path '" + std::string(rel_path) +
                                             "': absolute, empty, '.', '..' or NUL component");
    return ErrorCode::kWriteEscape;
  }
  if (ErrorCode e = st.reserve(diags); e != ErrorCode::kOk) return e;

  int err = 0;
  std::string step;
  const std::string& name = comps.back();
  Fd parent;  // opened only by the component walk; the fast path removes a failed file by path
  Fd file(st.walk_only() ? -1 : create_beneath(st.root.get(), rel_path));
  if (!file.valid()) {
    parent = st.open_parent(comps, /*create=*/true, err, step);
    if (!parent.valid()) {
      st.release();
      return report(diags, rel_path, step, err);
    }
    file = Fd(
        open_component(parent.get(), name, O_WRONLY | O_CREAT | O_EXCL, kFileMode, st.walk_only()));
    if (!file.valid()) {
      err = errno;
      st.release();
      return report(diags, rel_path, "create", err);
    }
  }
  // From here the file is ours: on any failure remove it, a truncated copy is not evidence.
  auto fail = [&](std::string_view what, int error) {
    file.reset();
    if (parent.valid()) {
      ::unlinkat(parent.get(), name.c_str(), 0);
    } else {
      // Created by the fast path: its directories were there and are still ours (nothing else
      // writes beneath the root), so the name resolves to the file just created.
      ::unlinkat(st.root.get(), std::string(rel_path).c_str(), 0);
    }
    st.release();
    return report(diags, rel_path, what, error);
  };
  if (st.chmod_files && ::fchmod(file.get(), kFileMode) != 0) {
    return Result<u64>(fail("chmod", errno));
  }
  if (err = write_all(file.get(), bytes.data(), bytes.size()); err != 0) {
    return Result<u64>(fail("write", err));
  }
  if (st.options.durable && ::fsync(file.get()) != 0) return Result<u64>(fail("fsync", errno));
  if (err = file.close_checked(); err != 0) return Result<u64>(fail("close", err));
  st.count(bytes.size());
  return static_cast<u64>(bytes.size());
}

Result<AtomicFile> SafeWriter::begin_atomic(std::string_view rel_path, Replace replace) {
  return begin_atomic(rel_path, replace, *state_->diags);
}

Result<AtomicFile> SafeWriter::begin_atomic(std::string_view rel_path, Replace replace,
                                            Diagnostics& diags) {
  State& st = *state_;
  std::vector<std::string> comps;
  if (!split_rel(rel_path, comps)) {
    diags.error(ErrorCode::kWriteEscape, "refused path '" + std::string(rel_path) +
                                             "': absolute, empty, '.', '..' or NUL component");
    return ErrorCode::kWriteEscape;
  }
  // Not counted against max_files: that limit bounds what an input can make us create, and the
  // few report files are ours.
  auto impl = std::make_unique<AtomicFile::Impl>();
  impl->st = &st;
  impl->diags = &diags;
  impl->rel = rel_path;
  impl->name = comps.back();
  impl->replace = replace;
  int err = 0;
  std::string step;
  impl->parent = st.open_parent(comps, /*create=*/true, err, step);
  if (!impl->parent.valid()) {
    return report(diags, rel_path, step, err);
  }
  // `.<name>.tmp.<pid>.<n>`: hidden, unique per process and call, never a name we would write.
  std::string stem = impl->name.substr(0, kTempNameStem);
  while (!stem.empty() && (static_cast<unsigned char>(stem.back()) & 0x80) != 0) stem.pop_back();
  impl->temp = "." + stem + ".tmp." + std::to_string(::getpid()) + "." +
               std::to_string(st.temp_serial.fetch_add(1));
  impl->file = Fd(open_component(impl->parent.get(), impl->temp, O_WRONLY | O_CREAT | O_EXCL,
                                 kFileMode, st.walk_only()));
  if (!impl->file.valid()) {
    err = errno;
    return report(diags, rel_path, "create temporary", err);
  }
  if (::fchmod(impl->file.get(), kFileMode) != 0) return impl->fail("chmod", errno);
  impl->buf.attach(impl->file.get());
  return AtomicFile(std::move(impl));
}

Result<u64> SafeWriter::write_file_atomic(std::string_view rel_path, std::string_view bytes,
                                          Replace replace) {
  return write_file_atomic(rel_path, bytes, replace, *state_->diags);
}

Result<u64> SafeWriter::write_file_atomic(std::string_view rel_path, std::string_view bytes,
                                          Replace replace, Diagnostics& diags) {
  Result<AtomicFile> file = begin_atomic(rel_path, replace, diags);
  if (!file.ok()) return file.error();
  static_cast<void>(file.value().append(bytes));  // a write error sticks; commit() reports it
  return file.value().commit();
}

bool SafeWriter::exists(std::string_view rel_path) const {
  std::vector<std::string> comps;
  if (!split_rel(rel_path, comps)) return true;
  int err = 0;
  std::string step;
  Fd parent = state_->open_parent(comps, /*create=*/false, err, step);
  if (!parent.valid()) return err != ENOENT;
  struct stat st {};
  if (::fstatat(parent.get(), comps.back().c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) return true;
  return errno != ENOENT;
}

u64 SafeWriter::files() const noexcept { return state_->files.load(); }
u64 SafeWriter::bytes() const noexcept { return state_->bytes.load(); }
const std::string& SafeWriter::dir() const noexcept { return state_->dir; }

}  // namespace mapsleuth::reconstruct
