// Fuzzes the findings engine's two file formats (STYLE R17; docs/rules.md): the bytes are compiled
// as a rules file and loaded as an allowlist. Neither may throw or crash; a rejected file has only
// E_RULES_SYNTAX / E_ALLOWLIST_SYNTAX errors and an accepted one none. Whatever compiles then
// scans a fixed text, and the results must hold the engine's invariants: findings in (offset,
// rule) order inside the text with 1-based positions, 16-hex fingerprints, secrets redacted,
// counts sorted and unique -- and an allowlist only moves findings into `suppressed`.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "analyzer/findings.h"

namespace {

using mapsleuth::Diagnostic;
using mapsleuth::Diagnostics;
using mapsleuth::ErrorCode;
using mapsleuth::Result;
using mapsleuth::Severity;
using mapsleuth::analyzer::FindingOptions;
using mapsleuth::analyzer::FindingsEngine;
using mapsleuth::analyzer::ScanHits;
using mapsleuth::analyzer::ScanTarget;
using mapsleuth::analyzer::SourceFinding;

void check(bool ok) {
  if (!ok) {
    std::abort();
  }
}

constexpr std::string_view kText =
    "const t = 'tok_abcd1234'; // TODO mail bob@acme.io\r\n"
    "process.env.API_URL; /Users/alice/x \xC3\xA9\xF0\x9F\x98\x80 \xFF\x80 tok_zzzz9999\n";

void check_diagnostics(const Diagnostics& diags, bool ok, ErrorCode code) {
  check(ok == diags.empty());
  for (const Diagnostic& d : diags.items()) {
    check(d.code == code && d.severity == Severity::kError);
  }
}

void check_hits(const ScanHits& h, std::string_view text) {
  for (size_t i = 0; i < h.findings.size(); ++i) {
    const SourceFinding& f = h.findings[i];
    check(f.offset + f.length <= text.size() && f.length > 0);
    check(f.line >= 1 && f.column >= 1 && f.fingerprint.size() == 16);
    check(f.fingerprint.find_first_not_of("0123456789abcdef") == std::string::npos);
    check(!f.secret || f.redacted.find("\xE2\x80\xA6(") != std::string::npos);
    if (i > 0) {
      const SourceFinding& p = h.findings[i - 1];
      check(p.offset < f.offset || (p.offset == f.offset && p.rule <= f.rule));
    }
  }
  for (size_t i = 1; i < h.counts.size(); ++i) {
    const auto& a = h.counts[i - 1];
    const auto& b = h.counts[i];
    check(a.rule < b.rule || (a.rule == b.rule && a.key < b.key));
  }
}

ScanHits scan(const FindingsEngine& e, ScanTarget target) {
  ScanHits h;
  e.scan(kText, "src/app.ts", target, FindingOptions{}, h);
  check_hits(h, kText);
  return h;
}

// A small engine the fuzzed allowlists are loaded into.
FindingsEngine& allow_engine() {
  static FindingsEngine engine = [] {
    Diagnostics diags;
    Result<FindingsEngine> e = FindingsEngine::compile(
        R"({"version": 1, "rules": [
          {"id": "tok", "regex": "\\btok_[a-z0-9]{8}\\b", "secret": true, "severity": "high"},
          {"id": "mail", "regex": "@[a-z]+\\.io\\b", "left_class": "[a-z.]", "severity": "low"}]})",
        "fuzz", diags);
    check(e.ok());
    return std::move(e).value();
  }();
  return engine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);

  Diagnostics rule_diags;
  Result<FindingsEngine> rules = FindingsEngine::compile(json, "fuzz.json", rule_diags);
  check_diagnostics(rule_diags, rules.ok(), ErrorCode::kRulesSyntax);
  if (rules.ok()) {
    check(rules.value().rule_count() > 0);
    scan(rules.value(), ScanTarget::kContent);
    scan(rules.value(), ScanTarget::kPath);
  }

  FindingsEngine& engine = allow_engine();
  const ScanHits before = scan(engine, ScanTarget::kContent);
  Diagnostics allow_diags;
  Result<size_t> allow = engine.load_allowlist(json, "fuzz.json", allow_diags);
  check_diagnostics(allow_diags, allow.ok(), ErrorCode::kAllowlistSyntax);
  if (allow.ok()) {
    const ScanHits after = scan(engine, ScanTarget::kContent);
    check(after.findings.size() + after.suppressed == before.findings.size() + before.suppressed);
    Diagnostics reset;
    check(engine.load_allowlist(R"({"version": 1, "allow": []})", "reset", reset).ok());
  }
  return 0;
}
