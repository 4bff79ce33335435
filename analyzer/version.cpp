#include "analyzer/version.h"

namespace mapsleuth::analyzer {

std::string_view tool_version() noexcept { return MAPSLEUTH_VERSION; }

}  // namespace mapsleuth::analyzer
