#!/usr/bin/env node
// Compares one mapsleuth report.json with the independent counts of count.mjs, and prints the
// table of tests/realworld/check.sh.
//
//   node compare.mjs row LABEL SHAPE REPORT.json COUNT.json SCAN_STATUS   one JSON line on stdout
//   node compare.mjs table RESULTS.jsonl [--markdown]                      the table, then
//                                                                          "N passed, M failed"
//
// A package passes when the scan exited 0 with its input "ok", every field of `totals` equals
// count.mjs's, and so do four figures count.mjs derives from the same DESIGN.md definitions:
//   refs_missing        W_MAP_REF_MISSING diagnostics  vs  count.refs.dangling
//   maps_unreferenced   W_MAP_UNREFERENCED diagnostics vs  count.refs.unreferenced
//   first_party_sources exposure.first_party_sources   vs  count.origins.first_party
//   dependency_sources  exposure.dependency_sources    vs  count.origins.dependency
import { readFileSync } from "node:fs";

const TOTALS = [
  "files", "maps", "maps_file", "maps_inline", "index_maps", "map_bytes", "sources",
  "sources_with_content", "sc_bytes", "sc_lines", "names", "segments", "gen_lines", "mappings_bytes",
];

function row(label, shape, reportPath, countPath, scanStatus) {
  const out = { label, shape, ok: false, problems: [] };
  let report, count;
  try {
    count = JSON.parse(readFileSync(countPath, "utf8"));
  } catch (e) {
    out.problems.push(`count.mjs output unreadable: ${e.message}`);
  }
  if (scanStatus !== "0") out.problems.push(`mapsleuth scan exited ${scanStatus}`);
  try {
    report = JSON.parse(readFileSync(reportPath, "utf8"));
  } catch (e) {
    out.problems.push(e.code === "ENOENT" ? "mapsleuth scan wrote no report.json" : `report.json unreadable: ${e.message}`);
  }
  if (!report || !count) return out;
  const t = report.totals ?? {};
  const c = count.totals;
  for (const input of report.inputs ?? []) {
    if (input.status !== "ok") out.problems.push(`input status ${input.status}`);
  }
  for (const k of TOTALS) {
    if (t[k] !== c[k]) out.problems.push(`totals.${k}: mapsleuth ${t[k]} vs count ${c[k]}`);
  }
  const diag = (code) => (report.diagnostics ?? []).filter((d) => d.code === code).length;
  const e = report.exposure ?? {};
  const extra = [
    ["refs_missing", diag("W_MAP_REF_MISSING"), count.refs.dangling.length],
    ["maps_unreferenced", diag("W_MAP_UNREFERENCED"), count.refs.unreferenced.length],
    ["first_party_sources", e.first_party_sources, count.origins.first_party],
    ["dependency_sources", e.dependency_sources, count.origins.dependency],
  ];
  for (const [k, mine, theirs] of extra) {
    if (mine !== theirs) out.problems.push(`${k}: mapsleuth ${mine} vs count ${theirs}`);
  }
  out.ok = out.problems.length === 0;
  // Not a pass/fail figure: content mapsleuth counts as new first-party although the same bytes
  // ship under another path (docs/real-packages.md, "shipped" is decided by path).
  out.notes = [];
  if (count.origins.shipped_elsewhere > 0) {
    out.notes.push(`note: ${count.origins.shipped_elsewhere} first-party sources (${n(count.origins.shipped_elsewhere_lines)} lines) ` +
      `are byte-identical to a shipped file at another path; mapsleuth counts ${n(e.first_party_new_lines)} new first-party lines`);
  }
  out.count = { ...c, refs_missing: count.refs.dangling.length, maps_unreferenced: count.refs.unreferenced.length, ...count.origins };
  out.mapsleuth = {
    ...t,
    verdict: e.verdict,
    first_party_sources: e.first_party_sources,
    first_party_new_sources: e.first_party_new_sources,
    first_party_new_lines: e.first_party_new_lines,
    dependency_sources: e.dependency_sources,
  };
  return out;
}

const n = (x) => (typeof x === "number" ? x.toLocaleString("en-US") : String(x ?? "-"));

function table(resultsPath, markdown) {
  const rows = readFileSync(resultsPath, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const head = ["package", "maps f/i/x", "sources", "content", "sc_bytes", "segments", "dangling", "1st-party (new)", "verdict", "totals"];
  const cells = rows.map((r) => {
    const c = r.count ?? {};
    const m = r.mapsleuth ?? {};
    return [
      r.label,
      r.count ? `${c.maps_file}/${c.maps_inline}/${c.index_maps}` : "-",
      n(c.sources), n(c.sources_with_content), n(c.sc_bytes), n(c.segments), n(c.refs_missing),
      r.mapsleuth ? `${n(m.first_party_sources)} (${n(m.first_party_new_sources)})` : "-",
      m.verdict ?? "-",
      r.ok ? "match" : r.count && r.mapsleuth ? "MISMATCH" : "FAIL",
    ];
  });
  const lines = [];
  if (markdown) {
    lines.push(`| ${head.join(" | ")} |`, `| ${head.map((h, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`);
    for (const c of cells) lines.push(`| ${c.join(" | ")} |`);
  } else {
    const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
    const fmt = (c) => c.map((x, i) => (i === 0 ? String(x).padEnd(w[i]) : String(x).padStart(w[i]))).join("  ");
    lines.push(fmt(head), w.map((x) => "-".repeat(x)).join("  "));
    for (const c of cells) lines.push(fmt(c));
  }
  for (const r of rows) {
    for (const p of [...r.problems, ...(r.notes ?? [])]) lines.push(`${markdown ? "- " : ""}${r.label}: ${p}`);
  }
  const passed = rows.filter((r) => r.ok).length;
  lines.push("", `${passed} passed, ${rows.length - passed} failed`);
  process.stdout.write(lines.join("\n") + "\n");
  return rows.length > 0 && passed === rows.length;
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "row" && args.length === 5) {
  process.stdout.write(JSON.stringify(row(...args)) + "\n");
} else if (mode === "table" && args.length >= 1) {
  process.exit(table(args[0], args.includes("--markdown")) ? 0 : 1);
} else {
  process.stderr.write("usage: node compare.mjs row LABEL SHAPE REPORT.json COUNT.json SCAN_STATUS\n" +
    "       node compare.mjs table RESULTS.jsonl [--markdown]\n");
  process.exit(2);
}
