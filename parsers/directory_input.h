// A folder of web assets as an InputSource, walked without following symlinks (DESIGN section 1;
// safe-io section 3.10).
#pragma once

#include <memory>
#include <string>

#include "parsers/input_source.h"

namespace mapsleuth::parsers {

/// Directory levels walked below the root (safe-io 6.2: path depth 64); deeper directories are
/// reported (E_LIMIT_PATH) and not entered.
inline constexpr int kMaxDirectoryDepth = 64;

/// Walks `root` from a descriptor, every step an *at() call relative to its parent's descriptor:
///  * entries are sorted by name (bytes) at each level and visited depth-first, so the order is
///    the same on every filesystem and every run;
///  * a symlink is reported (F_DIR_SYMLINK, with the target read by readlinkat) and never followed,
///    so links out of the tree and link loops cost one diagnostic each;
///  * FIFOs, sockets and devices are reported (W_DIR_SPECIAL_FILE) and never opened: the type
///    comes from fstatat(AT_SYMLINK_NOFOLLOW), and files are opened with O_NOFOLLOW|O_NONBLOCK and
///    re-checked with fstat against the same inode, so a swap in between cannot block or redirect;
///  * other filesystems (st_dev differs) and directories seen before (bind-mount loops) are not
///    entered (W_DIR_MOUNT);
///  * regular files are mapped one at a time (MappedFile::map_fd) and passed as views; a file over
///    max_entry_bytes is reported and never opened; the sum over max_input_bytes stops the walk.
/// The root itself is the path the user named, so a symlink there is followed.
std::unique_ptr<InputSource> make_directory_input(const std::string& root, InputLimits limits);

}  // namespace mapsleuth::parsers
