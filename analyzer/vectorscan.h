// Owning handles and the compile call of Vectorscan (libvectorscan, <hs/hs.h>), for the findings
// engine. Internal to mapsleuth_analyzer: Vectorscan is a private dependency, so only .cpp files
// of analyzer/ include this header, never a public one.
#pragma once

#include <hs/hs.h>

#include <memory>
#include <string>
#include <vector>

#include "parsers/types.h"

namespace mapsleuth::analyzer {

struct VectorscanDatabaseDeleter {
  void operator()(hs_database_t* db) const noexcept { hs_free_database(db); }
};
struct VectorscanScratchDeleter {
  void operator()(hs_scratch_t* s) const noexcept { hs_free_scratch(s); }
};
using VectorscanDatabase = std::unique_ptr<hs_database_t, VectorscanDatabaseDeleter>;
/// Single-user: one per thread scanning at a time (Vectorscan returns HS_SCRATCH_IN_USE else).
using VectorscanScratch = std::unique_ptr<hs_scratch_t, VectorscanScratchDeleter>;

/// A copy of `prototype` for another thread, or null for a null prototype. Throws
/// std::bad_alloc when Vectorscan cannot allocate it.
VectorscanScratch clone_scratch(const VectorscanScratch& prototype);

/// Grows `scratch` (allocating it when null) so that it can also scan `db`. Throws
/// std::bad_alloc when Vectorscan cannot allocate it.
void fit_scratch(const VectorscanDatabase& db, VectorscanScratch& scratch);

struct PatternError {
  i64 index = -1;  ///< the pattern Vectorscan rejects, or -1 when only the whole set fails
  std::string message;
};

/// Compiles `patterns` (C strings; expression id = index) with `flags` each into one block-mode
/// database. On failure returns null and fills `errors`: every pattern Vectorscan rejects on its
/// own, or one entry with index -1 when only their combination is too large.
VectorscanDatabase compile_patterns(const std::vector<const char*>& patterns, unsigned flags,
                                    std::vector<PatternError>& errors);

}  // namespace mapsleuth::analyzer
