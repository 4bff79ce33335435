// The conformance interface verbs (validate, lookup, sources, decode, extract-url): one map or one
// script in, JSON on stdout. The contract is the header of
// ../shared/conformance/run_conformance.py.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace mapsleuth::analyzer {

/// Exit statuses of every verb (DESIGN section 1).
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitError = 2;

/// `validate [--strict] MAP`: {valid, errors, warnings, stats}; 0 valid, 1 invalid, 2 I/O error.
int run_validate(const std::string& path, bool strict, std::ostream& out, std::ostream& err);

/// `lookup MAP L:C...`: one JSON object per position (0-based line, UTF-16 column).
int run_lookup(const std::string& path, const std::vector<std::string>& positions,
               std::ostream& out, std::ostream& err);

/// `sources MAP`: [{index, source, name, ignored, hasContent}].
int run_sources(const std::string& path, std::ostream& out, std::ostream& err);

/// `decode MAP`: the Decoded Source Map Record (decoding/source-map-record.d.ts).
int run_decode(const std::string& path, std::ostream& out, std::ostream& err);

/// `extract-url FILE`: {"url": str|null} - the trailing sourceMappingURL of a JS or CSS file.
int run_extract_url(const std::string& path, std::ostream& out, std::ostream& err);

}  // namespace mapsleuth::analyzer
