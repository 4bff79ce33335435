#!/usr/bin/env bash
# Real npm packages: mapsleuth's totals against an independent count.
#
#   tests/realworld/check.sh [--markdown] [--only NAME@VERSION]... [path/to/mapsleuth]
#
# Without a path: $MAPSLEUTH, else the most recently built build/*/mapsleuth.
#
# For every package pinned in manifest.json: fetch the tarball with `npm pack NAME@VERSION` into
# a cache outside the repository (${MAPSLEUTH_REALWORLD_CACHE:-${XDG_CACHE_HOME:-~/.cache}/
# mapsleuth-realworld}), refuse it unless its sha512 equals the pinned integrity, run
# `mapsleuth scan TARBALL`, count the same figures with count.mjs (tar + JSON.parse +
# @jridgewell/sourcemap-codec) and compare them (compare.mjs). Prints one table and a last line
# "N passed, M failed"; exits 0 only if every package matches.
#
# Needs node >= 18, npm, tar and the npm registry (the first time; later runs use the cache).
# Not part of the default test run: CI has no guaranteed network. docs/real-packages.md has
# the table and what each package exercises.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
markdown=""
only=()
bin=""
while [ $# -gt 0 ]; do
  case "$1" in
    --markdown) markdown="--markdown" ;;
    --only) shift; only+=("${1:?--only needs NAME@VERSION}") ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) echo "check.sh: unknown option $1" >&2; exit 2 ;;
    *) bin="$1" ;;
  esac
  shift
done

if [ -z "$bin" ] && [ -n "${MAPSLEUTH:-}" ]; then bin="$MAPSLEUTH"; fi
if [ -z "$bin" ]; then
  # The most recently built of the usual places (a stale build dir must not win).
  for candidate in "$root"/build/*/mapsleuth; do
    if [ -x "$candidate" ] && { [ -z "$bin" ] || [ "$candidate" -nt "$bin" ]; }; then bin="$candidate"; fi
  done
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "check.sh: no mapsleuth binary; build one (cmake --preset release && cmake --build --preset release) or pass its path" >&2
  exit 2
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
echo "check.sh: $bin ($("$bin" --version 2>/dev/null || echo 'no --version'))" >&2

cache="${MAPSLEUTH_REALWORLD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mapsleuth-realworld}"
mkdir -p "$cache"

if [ ! -f "$here/node_modules/@jridgewell/sourcemap-codec/package.json" ]; then
  echo "check.sh: installing the pinned @jridgewell/sourcemap-codec (npm ci)" >&2
  (cd "$here" && npm ci --no-audit --no-fund --silent) >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/mapsleuth-realworld.XXXXXX")"
trap 'rm -rf "$work"' EXIT
results="$work/results.jsonl"
: >"$results"

sha512_of() {
  node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
}

# name \t version \t integrity \t shape, one line per pinned package
node -e '
  const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const p of m.packages) console.log([p.name, p.version, p.integrity, p.shape].join("\t"));
' "$here/manifest.json" >"$work/packages.tsv"

fail_row() { # label shape message
  node -e 'console.log(JSON.stringify({label: process.argv[1], shape: process.argv[2], ok: false, problems: [process.argv[3]]}))' "$1" "$2" "$3" >>"$results"
}

while IFS=$'\t' read -r name version integrity shape; do
  spec="$name@$version"
  if [ ${#only[@]} -gt 0 ]; then
    wanted=""
    for o in "${only[@]}"; do [ "$o" = "$spec" ] && wanted=1; done
    [ -n "$wanted" ] || continue
  fi
  file="$(printf '%s' "$name" | sed -e 's/^@//' -e 's#/#-#')-$version.tgz"
  tgz="$cache/$file"
  if [ ! -f "$tgz" ] || [ "$(sha512_of "$tgz")" != "$integrity" ]; then
    rm -f "$tgz"
    echo "check.sh: npm pack $spec" >&2
    if ! (cd "$cache" && npm pack "$spec" --silent >/dev/null 2>"$work/npm.err") || [ ! -f "$tgz" ]; then
      fail_row "$spec" "$shape" "npm pack failed: $(tail -n 1 "$work/npm.err" 2>/dev/null)"
      continue
    fi
  fi
  actual="$(sha512_of "$tgz")"
  if [ "$actual" != "$integrity" ]; then
    mv -f "$tgz" "$tgz.rejected"
    fail_row "$spec" "$shape" "integrity mismatch: pinned $integrity, got $actual (kept as $tgz.rejected)"
    continue
  fi
  slug="$(printf '%s' "$file" | sed 's/\.tgz$//')"
  status=0
  "$bin" scan "$tgz" --out "$work/$slug" --progress never --quiet --format json \
    >"$work/$slug.scan.out" 2>"$work/$slug.scan.err" || status=$?
  if ! node "$here/count.mjs" "$tgz" >"$work/$slug.count.json" 2>"$work/$slug.count.err"; then
    fail_row "$spec" "$shape" "count.mjs failed: $(tail -n 1 "$work/$slug.count.err")"
    continue
  fi
  node "$here/compare.mjs" row "$spec" "$shape" "$work/$slug/report.json" "$work/$slug.count.json" "$status" >>"$results"
done <"$work/packages.tsv"

node "$here/compare.mjs" table "$results" $markdown
