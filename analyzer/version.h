#pragma once

#include <string_view>

namespace mapsleuth::analyzer {

/// The tool version recorded in every report (`tool.version`).
std::string_view tool_version() noexcept;

}  // namespace mapsleuth::analyzer
