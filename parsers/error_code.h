// The closed set of diagnostic codes (STYLE R4). The string of each code is stable: reports, tests
// and users' scripts depend on it. Prefixes: E_ = the item is invalid (an ECMA-426 hard or optional
// error, or a broken input), W_ = valid but unusual or salvaged, F_ = a security-relevant fact
// about the input (a finding about the package, not a parse failure).
//
// One table: X(enumerator, "CODE", "default message"). Add new codes at the end of their group.
#pragma once

#include <string_view>

namespace mapsleuth {

#define MAPSLEUTH_ERROR_CODES(X)                                                                   \
  X(kOk, "OK", "no error")                                                                         \
  /* JSON layer (ECMA-426 section 7.1 ParseJSON) */                                                \
  X(kJsonSyntax, "E_JSON_SYNTAX", "not valid JSON")                                                \
  X(kJsonNotObject, "E_JSON_NOT_OBJECT", "top-level JSON value is not an object")                  \
  X(kJsonTrailingContent, "E_JSON_TRAILING_CONTENT", "content after the top-level JSON value")     \
  X(kJsonInvalidUtf8, "W_JSON_INVALID_UTF8", "invalid UTF-8 replaced by U+FFFD")                   \
  X(kJsonLoneSurrogate, "W_JSON_LONE_SURROGATE", "lone surrogate escape replaced by U+FFFD")       \
  X(kJsonBom, "W_JSON_BOM", "UTF-8 byte order mark stripped")                                      \
  X(kJsonXssiPrefix, "W_JSON_XSSI_PREFIX", "XSSI prefix )]}' stripped")                            \
  X(kJsonDuplicateKey, "W_JSON_DUPLICATE_KEY", "duplicate key; the last value wins")               \
  /* Source-map fields (ECMA-426 sections 9, 9.1.2) */                                             \
  X(kMapVersion, "E_MAP_VERSION", "version is not the number 3")                                   \
  X(kMapMappingsMissing, "E_MAP_MAPPINGS", "mappings is missing or not a string")                  \
  X(kMapSourcesMissing, "E_MAP_SOURCES", "sources is missing or not an array")                     \
  X(kMapSourcesItem, "E_MAP_SOURCES_ITEM", "sources entry is neither a string nor null")           \
  X(kMapFileType, "E_MAP_FILE", "file is not a string")                                            \
  X(kMapSourceRootType, "E_MAP_SOURCE_ROOT", "sourceRoot is not a string")                         \
  X(kMapSourcesContentType, "E_MAP_SOURCES_CONTENT", "sourcesContent is not an array")             \
  X(kMapSourcesContentItem, "E_MAP_SOURCES_CONTENT_ITEM",                                          \
    "sourcesContent entry is neither a string nor null")                                           \
  X(kMapNamesType, "E_MAP_NAMES", "names is not an array")                                         \
  X(kMapNamesItem, "E_MAP_NAMES_ITEM", "names entry is not a string")                              \
  X(kMapIgnoreListType, "E_MAP_IGNORE_LIST", "ignoreList is not an array")                         \
  X(kMapIgnoreListItem, "E_MAP_IGNORE_LIST_ITEM",                                                  \
    "ignoreList entry is not a non-negative integer")                                              \
  X(kMapIgnoreListRange, "E_MAP_IGNORE_LIST_RANGE", "ignoreList entry is not an index of sources") \
  X(kMapDebugId, "E_MAP_DEBUG_ID", "debugId is not a canonical UUID")                              \
  X(kMapNoContent, "W_SOURCE_NO_CONTENT", "source has no sourcesContent entry")                    \
  /* Base64 VLQ and mappings (ECMA-426 sections 6, 9.2) */                                         \
  X(kVlqBadChar, "E_VLQ_BAD_CHAR", "character is not a base64 digit")                              \
  X(kVlqOverflow, "E_VLQ_OVERFLOW", "VLQ value exceeds 32 bits")                                   \
  X(kVlqDangling, "E_VLQ_DANGLING", "VLQ ends with a continuation digit")                          \
  X(kMappingsEmptySegment, "E_MAPPINGS_EMPTY_SEGMENT", "empty segment")                            \
  X(kMappingsFieldCount, "E_MAPPINGS_FIELD_COUNT", "segment does not have 1, 4 or 5 fields")       \
  X(kMappingsNegativeColumn, "E_MAPPINGS_NEGATIVE_COLUMN", "generated column is negative")         \
  X(kMappingsSourceIndex, "E_MAPPINGS_SOURCE_INDEX", "source index is out of range")               \
  X(kMappingsOriginalLine, "E_MAPPINGS_ORIGINAL_LINE", "original line is negative")                \
  X(kMappingsOriginalColumn, "E_MAPPINGS_ORIGINAL_COLUMN", "original column is negative")          \
  X(kMappingsNameIndex, "E_MAPPINGS_NAME_INDEX", "name index is out of range")                     \
  X(kMappingsValueRange, "E_MAPPINGS_VALUE_RANGE", "accumulated value does not fit 32 bits")       \
  /* Index maps (ECMA-426 section 10) */                                                           \
  X(kIndexSectionsType, "E_INDEX_SECTIONS", "sections is not an array")                            \
  X(kIndexSectionType, "E_INDEX_SECTION", "section is not an object")                              \
  X(kIndexOffset, "E_INDEX_OFFSET", "section offset is missing or malformed")                      \
  X(kIndexMap, "E_INDEX_MAP", "section map is missing or not an object")                           \
  X(kIndexSectionInvalid, "E_INDEX_SECTION_MAP", "section map is invalid")                         \
  X(kIndexOrder, "E_INDEX_ORDER", "sections overlap or are out of order")                          \
  X(kIndexNested, "E_INDEX_NESTED", "section map is itself an index map")                          \
  X(kIndexTopLevelMappings, "E_INDEX_MAPPINGS", "index map also has mappings or sources")          \
  /* sourceMappingURL and data: URIs (ECMA-426 section 11) */                                      \
  X(kDataUriMalformed, "E_DATA_URI", "malformed data: URI")                                        \
  X(kDataUriBase64, "E_DATA_URI_BASE64", "invalid base64 in data: URI")                            \
  X(kDataUriMediaType, "W_DATA_URI_MEDIA_TYPE", "data: URI media type is not JSON")                \
  X(kDataUriPercent, "E_DATA_URI_PERCENT", "invalid percent escape in data: URI")                  \
  X(kDataUriFragment, "W_DATA_URI_FRAGMENT", "data: URI fragment ignored")                         \
  /* Limits (DESIGN section 5) */                                                                  \
  X(kLimitInputBytes, "E_LIMIT_INPUT_BYTES", "input exceeds the byte limit")                       \
  X(kLimitEntryBytes, "E_LIMIT_ENTRY_BYTES", "entry exceeds the byte limit")                       \
  X(kLimitEntries, "E_LIMIT_ENTRIES", "input has more entries than the limit")                     \
  X(kLimitJsonBytes, "E_LIMIT_JSON_BYTES", "JSON document exceeds the byte limit")                 \
  X(kLimitJsonDepth, "E_LIMIT_JSON_DEPTH", "JSON nesting exceeds the depth limit")                 \
  X(kLimitSegments, "E_LIMIT_SEGMENTS", "mappings exceed the segment limit")                       \
  X(kLimitSections, "E_LIMIT_SECTIONS", "index map exceeds the section limit")                     \
  X(kLimitSources, "E_LIMIT_SOURCES", "map exceeds the source limit")                              \
  X(kLimitFiles, "E_LIMIT_FILES", "files written exceed the limit")                                \
  X(kLimitPath, "E_LIMIT_PATH", "path exceeds the length or depth limit")                          \
  X(kLimitDataUri, "E_LIMIT_DATA_URI", "data: URI exceeds the size limit")                         \
  X(kLimitMapDepth, "E_LIMIT_MAP_DEPTH", "map reference chain exceeds the depth limit")            \
  /* Inputs: archives, directories (DESIGN sections 1, 5) */                                       \
  X(kInputKind, "E_INPUT_KIND", "input kind is not recognised")                                    \
  X(kArchiveRead, "E_ARCHIVE_READ", "archive cannot be read")                                      \
  X(kArchiveTruncated, "E_ARCHIVE_TRUNCATED", "archive is truncated")                              \
  X(kEntryName, "E_ENTRY_NAME", "entry name is empty or cannot be decoded")                        \
  X(kEntrySymlink, "F_ENTRY_SYMLINK", "symbolic link entry not extracted")                         \
  X(kEntryHardlink, "F_ENTRY_HARDLINK", "hard link entry not extracted")                           \
  X(kEntryDevice, "F_ENTRY_DEVICE", "device entry not extracted")                                  \
  X(kEntryFifo, "F_ENTRY_FIFO", "FIFO entry not extracted")                                        \
  X(kEntrySpecial, "F_ENTRY_SPECIAL", "socket or unknown entry type not extracted")                \
  X(kEntrySetuid, "F_ENTRY_SETUID", "setuid/setgid file; content kept, mode ignored")              \
  X(kEntryTraversal, "F_ENTRY_TRAVERSAL", "entry name climbs out of the input root")               \
  X(kEntryAbsolute, "F_ENTRY_ABSOLUTE", "entry name is absolute, a drive or a UNC path")           \
  X(kEntryNameEncoding, "W_ENTRY_NAME_ENCODING", "entry name is not UTF-8; bytes escaped as %XX")  \
  X(kEntryDuplicate, "W_ENTRY_DUPLICATE", "entry name seen before; both kept")                     \
  X(kZipNameMismatch, "W_ZIP_NAME_MISMATCH", "zip local and central directory names differ")       \
  X(kDirSymlink, "F_DIR_SYMLINK", "symbolic link in the directory not followed")                   \
  X(kDirSpecialFile, "W_DIR_SPECIAL_FILE", "special file in the directory not read")               \
  X(kDirMount, "W_DIR_MOUNT", "mount point or directory loop not crossed")                         \
  X(kLimitRatio, "E_LIMIT_RATIO", "decompression ratio exceeds the limit")                         \
  /* Source names and writing (DESIGN section 5, reference/safe-io.md) */                          \
  X(kSourceRerooted, "F_SOURCE_REROOTED", "source name re-rooted beneath a safe prefix")           \
  X(kSourceNameRejected, "E_SOURCE_NAME_REJECTED", "source name cannot be made safe; not rebuilt") \
  X(kSourceNameEscaped, "W_SOURCE_NAME_ESCAPED", "source name escaped for a safe file name")       \
  X(kSourceNameShortened, "W_SOURCE_NAME_SHORTENED", "source name shortened to the path limits")   \
  X(kSourceCollision, "W_SOURCE_COLLISION", "source name collides with another; ~N suffix added")  \
  X(kWriteEscape, "E_WRITE_ESCAPE", "write refused: path leaves the output root or has a symlink") \
  X(kWriteExists, "E_WRITE_EXISTS", "write refused: the file already exists")                      \
  X(kOutputNotEmpty, "E_OUTPUT_NOT_EMPTY", "output directory exists and is not empty")             \
  /* Discovery and rebuild (analyzer) */                                                           \
  X(kMapUnreferenced, "W_MAP_UNREFERENCED", "map is not referenced by any script")                 \
  X(kMapRefMissing, "W_MAP_REF_MISSING", "sourceMappingURL names a map that is not in the input")  \
  X(kMapRefRemote, "F_MAP_REF_REMOTE", "sourceMappingURL is remote; never fetched")                \
  X(kMapRefAbsolute, "F_MAP_REF_ABSOLUTE", "sourceMappingURL is an absolute path; never read")     \
  X(kMapRefEscapes, "F_MAP_REF_ESCAPES", "sourceMappingURL climbs out of the input; never read")   \
  X(kMapRefNotTrailing, "W_MAP_REF_NOT_TRAILING", "sourceMappingURL mention that is not trailing") \
  X(kMapNotAMap, "E_MAP_INVALID", "file named .map is not a source map")                           \
  X(kSourceContentConflict, "W_SOURCE_CONTENT_CONFLICT",                                           \
    "same source path with different content; kept as a second file")                              \
  X(kSourceDuplicate, "W_SOURCE_DUPLICATE",                                                        \
    "source listed twice in one map with the same content; written once")                          \
  X(kInputFailed, "E_INPUT_FAILED", "input cannot be read as a whole")                             \
  X(kRulesSyntax, "E_RULES_SYNTAX", "rules cannot be parsed")                                      \
  X(kAllowlistSyntax, "E_ALLOWLIST_SYNTAX", "allowlist cannot be parsed")                          \
  X(kPolicySyntax, "E_POLICY_SYNTAX", "policy file cannot be parsed")                              \
  X(kReportJson, "E_REPORT_JSON", "report.json cannot be read")                                    \
  X(kAttributionPastEol, "W_ATTRIBUTION_PAST_EOL",                                                 \
    "mappings point past the end of their generated line; clamped to it")                          \
  X(kAttributionPastEof, "W_ATTRIBUTION_PAST_EOF",                                                 \
    "mappings are on generated lines past the end of the file; ignored")                           \
  /* I/O */                                                                                        \
  X(kIoRead, "E_IO_READ", "cannot read file")                                                      \
  X(kIoWrite, "E_IO_WRITE", "cannot write file")                                                   \
  X(kInputChanged, "E_INPUT_CHANGED", "input changed while it was being read")                     \
  X(kInterrupted, "E_INTERRUPTED", "stopped by a signal before the run completed")                 \
  /* Batch results database (docs/batch.md) */                                                     \
  X(kDbOpen, "E_DB_OPEN", "results database cannot be opened or created")                          \
  X(kDbSchema, "E_DB_SCHEMA", "results database has another schema version or is not one")         \
  X(kDbOptions, "E_DB_OPTIONS", "results database was made with other analysis options")           \
  X(kDbWrite, "E_DB_WRITE", "results database write failed")                                       \
  X(kDbMergeConflict, "E_DB_MERGE_CONFLICT",                                                       \
    "same input finished with different content in two databases")                                 \
  X(kBatchList, "E_BATCH_LIST", "batch list cannot be read")                                       \
  X(kBatchQuarantined, "E_BATCH_QUARANTINED", "input crashed the process twice; quarantined")

enum class ErrorCode {
#define MAPSLEUTH_X(name, code, message) name,
  MAPSLEUTH_ERROR_CODES(MAPSLEUTH_X)
#undef MAPSLEUTH_X
};

/// The stable string of a code, e.g. "E_VLQ_OVERFLOW".
std::string_view error_code_name(ErrorCode code) noexcept;
/// The default one-line message of a code.
std::string_view error_message(ErrorCode code) noexcept;

}  // namespace mapsleuth
