// Reading a report.json back into the Report model: the baseline of `scan --baseline`, the two
// sides of `diff`, and the input of `report --in`. Tolerant in what it accepts (missing fields keep
// their defaults, unknown fields are ignored: schema mapsleuth-report/1 only ever gains fields),
// strict in what it must have (a JSON object with that schema).
#pragma once

#include <string>
#include <string_view>

#include "parsers/diagnostics.h"
#include "parsers/result.h"
#include "reports/model.h"

namespace mapsleuth::analyzer {

/// Parses a report.json. Errors (E_REPORT_JSON) say what is wrong; nothing throws.
Result<reports::Report> read_report_json(std::string_view json, Diagnostics& diags);

/// The largest report.json read back (the million-source report of a big batch stays far below).
inline constexpr u64 kMaxReportJsonBytes = u64{4} << 30;

/// Reads and parses the report.json at `path` (E_IO_READ or E_REPORT_JSON on failure).
Result<reports::Report> read_report_file(const std::string& path, Diagnostics& diags);

/// True when `bytes` starts like a report.json (a JSON object naming the mapsleuth-report schema
/// in its first kilobytes), so `diff` can take reports and inputs alike.
bool looks_like_report_json(std::string_view bytes) noexcept;

}  // namespace mapsleuth::analyzer
