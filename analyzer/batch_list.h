// The input list of `mapsleuth batch` and how it splits into shards (docs/batch.md "Identity and
// shards"). Pure functions of text, so every worker of a job array computes the same split.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/diagnostics.h"
#include "parsers/result.h"

namespace mapsleuth::analyzer {

/// One input of the list.
struct BatchEntry {
  std::string id;    ///< identity: SHA-256 hex of `line`
  std::string line;  ///< the line as written, blanks trimmed: the input's name everywhere
  std::string path;  ///< where it is read: `line`, or the list's directory + `line` when relative
  size_t line_no = 0;
};

/// The identity of an input: SHA-256 (hex) of its trimmed list line. The line, not the content:
/// a shard worker decides what is its own without reading any input, and the same list gives the
/// same split on every machine and in every working directory.
std::string input_identity(std::string_view line);

/// Parses a list: one input per line; blank lines and lines whose first non-blank character is
/// `#` are skipped; blanks around a line are trimmed; a relative path is prefixed with
/// `base_dir` (the list's directory with its trailing '/'; "" = relative to the working directory).
/// A line seen before is skipped (an input is analysed once), with a warning.
std::vector<BatchEntry> parse_batch_list(std::string_view text, const std::string& base_dir,
                                         Diagnostics& diags);

/// Reads and parses the list file (E_BATCH_LIST when it cannot be read or is not UTF-8 text).
Result<std::vector<BatchEntry>> read_batch_list(const std::string& list_path, Diagnostics& diags);

/// Shard K of N (1-based, as Slurm's SLURM_ARRAY_TASK_ID with --array=1-N).
struct Shard {
  u64 k = 1;
  u64 n = 1;
};

/// Parses "K/N" with 1 <= K <= N <= 1,000,000; nullopt otherwise.
std::optional<Shard> parse_shard(std::string_view text);

/// Whether the input with identity `id` belongs to `shard`: the first 16 hex digits of the
/// identity, read as a big-endian u64, modulo N equals K - 1. SHA-256 spreads any list evenly.
bool in_shard(std::string_view id, Shard shard);

}  // namespace mapsleuth::analyzer
