// Writers of `mapsleuth report --db`: portfolio.json (schema mapsleuth-portfolio/1), portfolio.md
// and portfolio.html (portfolio_writer.cpp). Same contract as reports/format.h: the model in,
// escaped bytes out, deterministic.
#pragma once

#include <ostream>

#include "reports/model.h"

namespace mapsleuth::reports {

void write_portfolio_json(const Portfolio& p, std::ostream& os);
void write_portfolio_markdown(const Portfolio& p, std::ostream& os);
/// Standalone like report.html: CSP `default-src 'none'`, no script, every name escaped.
void write_portfolio_html(const Portfolio& p, std::ostream& os);

}  // namespace mapsleuth::reports
