#!/usr/bin/env bash
# Reproduces the peer comparison table of docs/benchmarks.md in one command (issue 7):
#
#   tests/bench/compare.sh [--runs N] [--only decode|scan|jobs|index|scaling ...]
#
# Builds the release preset if needed, copies ../shared/bench to ${MAPSLEUTH_BENCH:-/tmp/benchgen}
# and installs its pinned peers there (npm ci: needs node, npm and the network once), generates the
# synthetic leak into ${MAPSLEUTH_SYNTHETIC:-/tmp/syn} (about 20 s, 1.5 GB RSS, once), then runs
# tests/bench/compare.py, which prints the table and the ratios against the issue's bars.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED="$(pwd)/../shared"
gen="${MAPSLEUTH_BENCH:-/tmp/benchgen}"
syn="${MAPSLEUTH_SYNTHETIC:-/tmp/syn}"

[ -x build/release/mapsleuth ] || scripts/setup release >/dev/null
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "compare.sh: needs node and npm (apt-get install nodejs npm)" >&2
  exit 2
}
if [ ! -d "$gen/node_modules" ]; then
  mkdir -p "$gen"
  cp -r "$SHARED"/bench/. "$gen"/
  (cd "$gen" && npm ci --no-audit --no-fund --silent)
fi
if [ ! -f "$syn/cli.index.js.map" ]; then
  (cd "$gen" && node make_synthetic.mjs --out "$syn" --index >/dev/null)
fi
echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%F)"
exec python3 tests/bench/compare.py --bin build/release/mapsleuth --syn "$syn" --peers "$gen" "$@"
