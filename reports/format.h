// The report formats and the one switch that picks a writer (STYLE R13, bloaty
// RollupOutput::Print).
//
// Every writer is `void write_<format>(const Report&, std::ostream&)`: it reads the model the
// analyzer filled, escapes every input-derived string with the one function of its format
// (reports/escape.h) and streams to `os`. Writers never throw on odd input, never read the clock,
// the locale or the environment, and never iterate a hash container: the same Report gives the same
// bytes (R11). They do not flush or check `os`; the caller checks `os` after the call (and writes
// to a temp name that it renames, DESIGN section 5).
#pragma once

#include <array>
#include <optional>
#include <ostream>
#include <string_view>

#include "reports/model.h"

namespace mapsleuth::reports {

enum class Format { kJson, kMarkdown, kHtml, kSarif, kCsv, kManifest };

inline constexpr std::array<Format, 6> kAllFormats = {Format::kJson, Format::kMarkdown,
                                                      Format::kHtml, Format::kSarif,
                                                      Format::kCsv,  Format::kManifest};

inline constexpr const char* kManifestSchema = "mapsleuth-manifest/1";
/// SARIF tool.driver.informationUri. Placeholder until the project has a public home.
inline constexpr const char* kToolInformationUri = "https://github.com/mapsleuth/mapsleuth";

/// The name used on the command line: json, markdown, html, sarif, csv, manifest.
inline std::string_view format_name(Format f) noexcept {
  switch (f) {
    case Format::kJson:
      return "json";
    case Format::kMarkdown:
      return "markdown";
    case Format::kHtml:
      return "html";
    case Format::kSarif:
      return "sarif";
    case Format::kCsv:
      return "csv";
    case Format::kManifest:
      return "manifest";
  }
  return "json";
}

/// The file a scan writes for the format, relative to DIR.
inline std::string_view format_file_name(Format f) noexcept {
  switch (f) {
    case Format::kJson:
      return "report.json";
    case Format::kMarkdown:
      return "report.md";
    case Format::kHtml:
      return "report.html";
    case Format::kSarif:
      return "report.sarif";
    case Format::kCsv:
      return "sources.csv";
    case Format::kManifest:
      return "manifest.json";
  }
  return "report.json";
}

/// Inverse of format_name; also accepts "md". Case-sensitive. nullopt for anything else.
inline std::optional<Format> parse_format(std::string_view name) noexcept {
  for (Format f : kAllFormats) {
    if (name == format_name(f)) return f;
  }
  if (name == "md") return Format::kMarkdown;
  return std::nullopt;
}

/// report.json, schema mapsleuth-report/1, keys in DESIGN section 4 order (json_writer.cpp).
void write_json(const Report& report, std::ostream& os);
/// report.md: the audit report a person files (markdown_writer.cpp).
void write_markdown(const Report& report, std::ostream& os);
/// report.html: standalone, CSP `default-src 'none'`, no script, inline SVG treemap
/// (html_writer.cpp).
void write_html(const Report& report, std::ostream& os);
/// report.sarif: SARIF 2.1.0, one run; findings plus the diagnostics a reviewer should see.
void write_sarif(const Report& report, std::ostream& os);
/// sources.csv: one RFC 4180 row per source (csv_writer.cpp).
void write_csv(const Report& report, std::ostream& os);
/// manifest.json (mapsleuth-manifest/1) derived from the report: every rebuilt file with its hash,
/// input, original source strings and maps (manifest_writer.cpp).
void write_manifest(const Report& report, std::ostream& os);
/// manifest.json from a Manifest filled elsewhere (e.g. by `extract`, which has no full Report).
void write_manifest(const Manifest& manifest, std::ostream& os);

inline void write_report(Format format, const Report& report, std::ostream& os) {
  switch (format) {
    case Format::kJson:
      return write_json(report, os);
    case Format::kMarkdown:
      return write_markdown(report, os);
    case Format::kHtml:
      return write_html(report, os);
    case Format::kSarif:
      return write_sarif(report, os);
    case Format::kCsv:
      return write_csv(report, os);
    case Format::kManifest:
      return write_manifest(report, os);
  }
}

}  // namespace mapsleuth::reports
