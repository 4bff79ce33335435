// Writers of `mapsleuth diff`: diff.json (schema mapsleuth-diff/1) and diff.md (diff_writer.cpp).
// Same contract as reports/format.h: the model in, escaped bytes out, deterministic.
#pragma once

#include <ostream>

#include "reports/model.h"

namespace mapsleuth::reports {

void write_diff_json(const Diff& diff, std::ostream& os);
void write_diff_markdown(const Diff& diff, std::ostream& os);

}  // namespace mapsleuth::reports
