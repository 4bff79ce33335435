#include "analyzer/vectorscan.h"

#include <new>

namespace mapsleuth::analyzer {
namespace {

struct CompileErrorDeleter {
  void operator()(hs_compile_error_t* e) const noexcept { hs_free_compile_error(e); }
};
using CompileError = std::unique_ptr<hs_compile_error_t, CompileErrorDeleter>;

}  // namespace

VectorscanScratch clone_scratch(const VectorscanScratch& prototype) {
  if (!prototype) {
    return nullptr;
  }
  hs_scratch_t* s = nullptr;
  if (hs_clone_scratch(prototype.get(), &s) != HS_SUCCESS) {
    throw std::bad_alloc();
  }
  return VectorscanScratch(s);
}

void fit_scratch(const VectorscanDatabase& db, VectorscanScratch& scratch) {
  hs_scratch_t* s = scratch.release();
  const hs_error_t rc = hs_alloc_scratch(db.get(), &s);
  scratch.reset(s);  // on failure Vectorscan leaves the old scratch as it was
  if (rc != HS_SUCCESS) {
    throw std::bad_alloc();
  }
}

VectorscanDatabase compile_patterns(const std::vector<const char*>& patterns, unsigned flags,
                                    std::vector<PatternError>& errors) {
  std::vector<unsigned> all_flags(patterns.size(), flags);
  std::vector<unsigned> ids(patterns.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    ids[i] = static_cast<unsigned>(i);
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* raw_error = nullptr;
  if (hs_compile_multi(patterns.data(), all_flags.data(), ids.data(),
                       static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr, &db,
                       &raw_error) == HS_SUCCESS) {
    return VectorscanDatabase(db);
  }
  const CompileError error(raw_error);
  // hs_compile_multi names only the first bad expression; compiling each alone names them all.
  const size_t before = errors.size();
  for (size_t i = 0; i < patterns.size(); ++i) {
    hs_database_t* one = nullptr;
    hs_compile_error_t* one_error = nullptr;
    if (hs_compile(patterns[i], flags, HS_MODE_BLOCK, nullptr, &one, &one_error) == HS_SUCCESS) {
      hs_free_database(one);
      continue;
    }
    const CompileError owned(one_error);
    errors.push_back({static_cast<i64>(i), owned ? owned->message : "rejected"});
  }
  if (errors.size() == before) {
    errors.push_back({-1, error ? error->message : "rejected"});
  }
  return nullptr;
}

}  // namespace mapsleuth::analyzer
