// The only code in mapsleuth that creates files (DESIGN section 5; reference/safe-io.md section 3).
//
// The sanitiser (source_path.h) decides names; this class makes the kernel enforce containment:
// the output root is pinned by an O_PATH descriptor, every component beneath it is opened with
// openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV) (or,
// where openat2 is missing or filtered -- ENOSYS, EPERM, E2BIG -- by a component walk with
// O_NOFOLLOW that refuses `..`), files are created with O_CREAT | O_EXCL | O_NOFOLLOW and fixed
// modes (0644 files, 0755 directories, set with fchmod so the umask does not matter). Only regular
// files and directories are ever created; nothing is followed, truncated or replaced, except by
// `write_file_atomic(..., Replace::kYes)`, which renames over the target itself.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "parsers/diagnostics.h"
#include "parsers/result.h"
#include "parsers/types.h"

namespace mapsleuth::reconstruct {

struct WriterOptions {
  /// Files write_file creates (DESIGN 6.2); then E_LIMIT_FILES once, then refusal. Atomic writes
  /// (the reports) are not counted: the limit bounds what an input can make us create.
  u64 max_files = 100'000;
  bool durable = false;  ///< fsync every file, and the directory of every atomic rename
  bool force_component_walk = false;  ///< tests: take the no-openat2 fallback path
};

/// Whether an atomic write may replace an existing target (reports: yes; evidence: no).
enum class Replace { kNo, kYes };

class SafeWriter;

/// A file being written under a temporary name `.<name>.tmp.<pid>.<n>` in its final directory and
/// renamed into place by commit() (safe-io.md 3.6), so a killed run never leaves a half-written
/// report. Destroying it uncommitted removes the temporary file. Must not outlive its SafeWriter.
/// Not thread-safe; errors go to the sink given to begin_atomic (or SafeWriter::open).
class AtomicFile {
 public:
  AtomicFile(AtomicFile&&) noexcept;
  AtomicFile& operator=(AtomicFile&&) noexcept;
  ~AtomicFile();

  /// Appends bytes; returns the bytes appended, or the first write error (which commit() reports).
  Result<u64> append(std::string_view bytes);
  /// A buffered stream onto the file for the report writers; failures surface at commit().
  std::ostream& stream();
  /// Flushes, fsyncs when durable, renames into place; returns the file's size.
  Result<u64> commit();
  /// Removes the temporary file; later calls fail. Idempotent.
  void abort() noexcept;

 private:
  friend class SafeWriter;
  struct Impl;
  explicit AtomicFile(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Writes files beneath one output root. Paths given are relative, '/'-separated and should come
/// from sanitize_source_path (or be fixed report names); they are re-checked anyway and refused
/// with E_WRITE_ESCAPE when absolute, empty, with an empty, `.` or `..` component, or with NUL.
///
/// Thread safety: the methods may run concurrently (counters are atomic, every call walks from the
/// root fd), but the overloads without a Diagnostics& report to the sink given to open(), which is
/// not thread-safe: parallel callers pass their own sink.
class SafeWriter {
 public:
  /// Creates `dir` (mode 0755; its parent must exist) or takes it when it exists and is empty; a
  /// non-empty directory is refused with E_OUTPUT_NOT_EMPTY, a symlink or non-directory with
  /// E_WRITE_ESCAPE / E_IO_WRITE. `diags` must outlive the writer.
  static Result<SafeWriter> open(const std::string& dir, Diagnostics& diags,
                                 const WriterOptions& options = {});

  SafeWriter(SafeWriter&&) noexcept;
  SafeWriter& operator=(SafeWriter&&) noexcept;
  ~SafeWriter();

  /// Creates the parent directories and a new file `rel_path` holding `bytes`; returns the bytes
  /// written. An existing name is never touched (E_WRITE_EXISTS), a symlink anywhere in the path is
  /// refused (E_WRITE_ESCAPE), and ENOSPC, EDQUOT, EFBIG and other failures are E_IO_WRITE with the
  /// path; a partly written file is removed.
  Result<u64> write_file(std::string_view rel_path, std::string_view bytes);
  Result<u64> write_file(std::string_view rel_path, std::string_view bytes, Diagnostics& diags);

  /// Writes `bytes` to a temporary name and renames it to `rel_path`: over an existing file with
  /// Replace::kYes (renameat), never with Replace::kNo (renameat2 RENAME_NOREPLACE, else linkat +
  /// unlinkat; E_WRITE_EXISTS when taken).
  Result<u64> write_file_atomic(std::string_view rel_path, std::string_view bytes,
                                Replace replace = Replace::kYes);
  Result<u64> write_file_atomic(std::string_view rel_path, std::string_view bytes, Replace replace,
                                Diagnostics& diags);

  /// Starts an atomic write for streaming writers (`write_json(report, file.stream())`); the
  /// AtomicFile reports its own failures to `diags` (default: the sink given to open()).
  Result<AtomicFile> begin_atomic(std::string_view rel_path, Replace replace = Replace::kYes);
  Result<AtomicFile> begin_atomic(std::string_view rel_path, Replace replace, Diagnostics& diags);

  /// Whether the name is taken (a file, directory or symlink of any kind), or cannot be reached
  /// without following a symlink or crossing a non-directory -- such a name cannot be written
  /// either. A refused path (see above) counts as taken.
  bool exists(std::string_view rel_path) const;

  u64 files() const noexcept;  ///< files created (and atomic files committed)
  u64 bytes() const noexcept;  ///< bytes in them
  const std::string& dir() const noexcept;

 private:
  friend class AtomicFile;
  struct State;
  explicit SafeWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace mapsleuth::reconstruct
