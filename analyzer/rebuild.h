// Parse, rebuild and measure the maps of one discovered input (DESIGN section 3, steps 2-4):
// parse every map (in parallel), resolve and classify every source, deduplicate by resolved path,
// pick safe names, write the files beneath DIR/sources, and fill the report records.
#pragma once

#include <string>
#include <vector>

#include "analyzer/classify.h"
#include "analyzer/discover.h"
#include "parsers/source_map.h"
#include "reconstruct/safe_writer.h"
#include "reconstruct/source_path.h"
#include "reports/model.h"

namespace mapsleuth::analyzer {

struct RebuildOptions {
  parsers::ParseOptions parse;
  reconstruct::PathLimits path;
  std::vector<UserRule> rules;
  std::string sources_prefix = "sources/";  ///< where rebuilt files go, relative to DIR
  bool write_files = true;
};

/// What one input contributes to the report and the manifest.
struct RebuildResult {
  std::vector<reports::MapRecord> maps;
  std::vector<reports::SourceRecord> sources;
  std::vector<reports::ManifestFile> files;
  reports::Totals totals;
};

/// Rebuilds everything `input` carries. `writer` may be nullptr (nothing written, as in a dry run).
/// Diagnostics go to input.diags; nothing here throws on bad input.
RebuildResult rebuild_input(DiscoveredInput& input, const RebuildOptions& options,
                            reconstruct::SafeWriter* writer);

}  // namespace mapsleuth::analyzer
