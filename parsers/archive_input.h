// Tar (every variant, plain or compressed) and zip inputs read from memory with libarchive's READ
// API only: no archive_read_extract, no archive_write_disk, no archive_read_disk (safe-io
// section 3.1).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "parsers/input_source.h"
#include "parsers/result.h"

namespace mapsleuth::parsers {

/// An InputSource over an archive held in memory (usually a MappedFile's bytes, which must outlive
/// the source: entries are read from `bytes` on every for_each_entry call).
///
/// Formats: zip (the seekable reader, which trusts the central directory) when the bytes start with
/// PK or a CRX header; otherwise tar in all its variants, behind any compression libarchive decodes
/// in-process (gzip, bzip2, xz, lzma, lzip, zstd, lz4, compress; filters that would run an external
/// program are never enabled), or a zip read by the streaming reader. `kind` is only what kind()
/// reports; the content decides the reader.
///
/// Limits: an entry whose declared size exceeds max_entry_bytes is reported (E_LIMIT_ENTRY_BYTES)
/// and skipped, unless skipping it would inflate past max_input_bytes: then the input stops there
/// (E_LIMIT_INPUT_BYTES, kPartial) instead of inflating a bomb to throw it away. Bytes produced,
/// read or skipped, count toward max_input_bytes; past 64 MiB produced, a ratio over max_ratio
/// stops the input (E_LIMIT_RATIO). A truncated stream is E_ARCHIVE_TRUNCATED with kPartial; every
/// entry delivered before it stays delivered.
std::unique_ptr<InputSource> make_archive_input(std::string_view bytes, InputKind kind,
                                                InputLimits limits);
/// Views into a temporary would dangle (STYLE R8).
std::unique_ptr<InputSource> make_archive_input(std::string&& bytes, InputKind kind,
                                                InputLimits limits) = delete;

/// The zip inside a Chrome extension: skips the "Cr24" header (version 2: 16 bytes plus public key
/// and signature; version 3: 12 bytes plus a protobuf header). E_ARCHIVE_READ when the header is
/// malformed or longer than the file; the bytes unchanged when they do not start with "Cr24".
Result<std::string_view> crx_zip_payload(std::string_view bytes);

}  // namespace mapsleuth::parsers
