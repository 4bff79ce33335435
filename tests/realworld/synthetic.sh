#!/usr/bin/env bash
# The synthetic leak of ../shared/bench (4,700 sources, 59.5 MB map): scan the bundle, the map and
# the 47-section index map, and check each against the generator's own figures and an independent
# hash of every sourcesContent entry (Python's json + hashlib).
#
#   tests/realworld/synthetic.sh [path/to/mapsleuth]
#
# Generates the input into ${MAPSLEUTH_SYNTHETIC:-/tmp/syn} the first time (node, npm and the npm
# registry; ~30 s, ~1.5 GB RSS). Prints one line per check and "N passed, M failed". Not part of
# scripts/test: CI has no guaranteed network or node.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-$root/build/release/mapsleuth}"
syn="${MAPSLEUTH_SYNTHETIC:-/tmp/syn}"
if [ ! -f "$syn/synthetic.json" ]; then
  gen="$(mktemp -d "${TMPDIR:-/tmp}/mapsleuth-benchgen.XXXXXX")"
  cp -r "$root/../shared/bench/." "$gen/"
  (cd "$gen" && npm ci --no-audit --no-fund --silent && node make_synthetic.mjs --out "$syn" --index)
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/mapsleuth-synthetic.XXXXXX")"
trap 'rm -rf "$work"' EXIT
for input in cli.js cli.js.map cli.index.js.map; do
  "$bin" scan "$syn/$input" --out "$work/$input" --quiet --progress never
done
python3 - "$syn" "$work" <<'PY'
import hashlib, json, os, sys
syn, work = sys.argv[1], sys.argv[2]
expected = json.load(open(os.path.join(syn, "synthetic.json")))["expected"]
# Independent: every sourcesContent string of the flat map, hashed as UTF-8.
flat = json.load(open(os.path.join(syn, "cli.js.map"), encoding="utf-8"))
truth = {s: hashlib.sha256(c.encode("utf-8")).hexdigest()
         for s, c in zip(flat["sources"], flat["sourcesContent"]) if isinstance(c, str)}
passed = failed = 0
def check(name, ok, detail=""):
    global passed, failed
    print(("ok   " if ok else "FAIL ") + name + (": " + detail if detail else ""))
    passed, failed = passed + ok, failed + (not ok)
for input in ("cli.js", "cli.js.map", "cli.index.js.map"):
    out = os.path.join(work, input)
    r = json.load(open(os.path.join(out, "report.json")))
    t, e = r["totals"], r["exposure"]
    for ours, theirs in (("sources", "sources"), ("sources_with_content", "sources_with_content"),
                         ("segments", "segments"), ("sc_bytes", "sc_bytes"),
                         ("sc_lines", "sc_lines"), ("mappings_bytes", "mappings_bytes"),
                         ("gen_lines", "gen_lines")):
        if input == "cli.index.js.map" and ours in ("mappings_bytes", "gen_lines"):
            continue  # 47 separate mappings strings: bytes and ';' counts differ by construction
        check(f"{input} totals.{ours}", t[ours] == expected[theirs], f"{t[ours]} vs {expected[theirs]}")
    check(f"{input} first_party_sources", e["first_party_sources"] == expected["first_party_sources"],
          str(e["first_party_sources"]))
    check(f"{input} first_party_lines", e["first_party_lines"] == expected["first_party_lines"],
          str(e["first_party_lines"]))
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    bad = 0
    for f in manifest["files"]:
        data = open(os.path.join(out, "sources", f["file"]), "rb").read()
        src = f["sources"][0]
        if hashlib.sha256(data).hexdigest() != f["sha256"] or truth.get(src) != f["sha256"]:
            bad += 1
    check(f"{input} rebuilt files byte-exact", bad == 0 and len(manifest["files"]) == len(truth),
          f"{len(manifest['files'])} files, {bad} differ")
    if input == "cli.js":
        a = r["attribution"]
        parts = sum(a["by_class"][k] for k in ("first_party", "dependency", "bundler", "virtual", "unmapped", "other"))
        check("cli.js attribution sums to the file size",
              parts == a["generated_bytes"] == os.path.getsize(os.path.join(syn, "cli.js")),
              f"{parts} / {a['generated_bytes']}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
