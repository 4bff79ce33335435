// "Already public" (DESIGN section 4): content the world could read before this release. Plain
// files shipped in the same input are handled by rebuild (shipped: identical); this adds the two
// outside sources of truth - `--public-tree` (a checkout of the public repository, or any input
// read like one) and `--baseline` (the report.json of an earlier release) - and marks the sources
// whose bytes they hold, with the reason.
#pragma once

#include <string>
#include <unordered_map>

#include "analyzer/discover.h"
#include "parsers/diagnostics.h"
#include "reports/model.h"

namespace mapsleuth::analyzer {

class PublicContent {
 public:
  /// Every plain file of `path` (a directory, a tarball, a zip; read with the input rules of
  /// DESIGN section 5) counts as public. False (after a diagnostic) when it cannot be read whole.
  bool add_tree(const std::string& path, const DiscoverLimits& limits, Diagnostics& diags);
  /// Every source with content in an earlier report.json counts as public.
  bool add_baseline(const std::string& report_path, Diagnostics& diags);

  /// Why content with this SHA-256 is public ("public-tree:src/a.ts", "baseline:src/a.ts"), or
  /// nullptr. The first tree or baseline given wins, then the first name in sorted order.
  const std::string* reason_for(const std::string& sha256) const;
  bool empty() const noexcept { return by_sha_.empty(); }
  size_t size() const noexcept { return by_sha_.size(); }

  /// Marks every first-party source with content not yet public whose bytes are known here.
  /// Returns how many were marked.
  size_t mark(reports::Report& report) const;

 private:
  std::unordered_map<std::string, std::string> by_sha_;
};

}  // namespace mapsleuth::analyzer
