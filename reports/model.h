// The Report model (DESIGN section 4, schema mapsleuth-report/1): plain structs filled by the analyzer
// and read by every writer. Header-only; every library may include it (STYLE R1).
#pragma once

namespace mapsleuth::reports {

inline constexpr const char* kReportSchema = "mapsleuth-report/1";

}  // namespace mapsleuth::reports
