#!/usr/bin/env bash
# Builds the mapsleuth sample corpus from samples/app with real bundlers.
#
#   samples/build.sh            npm ci (needs the npm registry), then build
#   SAMPLES_SKIP_NPM_CI=1 samples/build.sh
#                               reuse samples/app/node_modules (offline)
#
# Outputs (all committed): samples/dist/, samples/packages/*.tgz,
# samples/expected/{sources.tsv,counts.json,README.md}. The build is
# deterministic: running it twice gives identical bytes.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
APP="$HERE/app"
DIST="$HERE/dist"
PKGS="$HERE/packages"
EXPECTED="$HERE/expected"
STAGE="$HERE/.stage"

export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=499162500
export NO_UPDATE_NOTIFIER=1 npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
umask 022

log() { printf '\n==> %s\n' "$*" >&2; }

cd "$APP"
if [[ "${SAMPLES_SKIP_NPM_CI:-0}" != 1 ]]; then
  log "npm ci"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
fi
BIN="$APP/node_modules/.bin"

log "versions"
printf 'node %s, npm %s, esbuild %s, webpack %s, rollup %s, typescript %s\n' \
  "$(node --version)" "$(npm --version)" "$("$BIN/esbuild" --version)" \
  "$(node -p 'require("webpack/package.json").version')" "$("$BIN/rollup" --version | sed 's/^rollup v//')" \
  "$(node -p 'require("typescript/package.json").version')" >&2

rm -rf "$DIST" "$PKGS" "$STAGE"
mkdir -p "$DIST/site/assets" "$PKGS" "$EXPECTED"

log "esbuild: dist/esbuild/qf.js + qf.js.map, dist/site/assets/app.css + app.css.map"
node esbuild.config.mjs "$DIST/esbuild" "$DIST/site/assets"

log "webpack: dist/webpack/qf.js + qf.js.map"
"$BIN/webpack" --config webpack.config.js --env out="$DIST/webpack" >&2

log "rollup: dist/rollup/qf.js (inline map)"
OUT="$DIST/rollup/qf.js" "$BIN/rollup" --silent -c rollup.config.mjs

log "site: dist/site/"
cp web/index.html "$DIST/site/index.html"
cp "$DIST/webpack/qf.js" "$DIST/webpack/qf.js.map" "$DIST/site/assets/"

log "smoke test"
for b in esbuild webpack rollup; do
  out="$(node "$DIST/$b/qf.js" version)"
  [[ "$out" == qf/2.4.0* ]] || { echo "$b bundle does not run: $out" >&2; exit 1; }
done

# npm tarballs: 2.4.0 shipped the esbuild bundle WITH its map (the leak);
# 2.4.1 is the same bundle without the map and without the comment.
pack() { # VERSION WITH_MAP
  local version="$1" with_map="$2" dir="$STAGE/$1"
  mkdir -p "$dir/dist"
  node -e '
    const [version] = process.argv.slice(1);
    const pkg = {
      name: "@quillfeather/qf-cli",
      version,
      description: "Quillfeather Labs command-line client",
      license: "SEE LICENSE IN README.md",
      author: "Quillfeather Labs <opensource@quillfeather.dev>",
      homepage: "https://quillfeather.dev/cli",
      bin: { qf: "dist/qf.js" },
      files: ["dist"],
      engines: { node: ">=18" },
    };
    process.stdout.write(JSON.stringify(pkg, null, 2) + "\n");
  ' "$version" > "$dir/package.json"
  cp "$HERE/release/README.md" "$dir/README.md"
  if [[ "$with_map" == yes ]]; then
    cp "$DIST/esbuild/qf.js" "$DIST/esbuild/qf.js.map" "$dir/dist/"
  else
    sed '/^\/\/# sourceMappingURL=/d' "$DIST/esbuild/qf.js" > "$dir/dist/qf.js"
  fi
  chmod 644 "$dir"/*.json "$dir"/*.md "$dir"/dist/*
  chmod 755 "$dir/dist/qf.js"
  (cd "$dir" && npm pack --ignore-scripts --pack-destination "$PKGS" --loglevel=error >/dev/null)
}
log "npm pack: packages/quillfeather-qf-cli-2.4.0.tgz (leaky), -2.4.1.tgz (fixed)"
pack 2.4.0 yes
pack 2.4.1 no
rm -rf "$STAGE"

log "expected/sources.tsv"
{
  printf 'path\tsha256\tbytes\tbundles\n'
  node "$HERE/tools/sources.mjs" > "$EXPECTED/.bundles.tmp"
  { find src -type f; cut -f1 "$EXPECTED/.bundles.tmp"; } | sort -u | while IFS= read -r f; do
    sum="$(sha256sum "$f" | cut -d' ' -f1)"
    size="$(stat -c %s "$f")"
    in="$(awk -F'\t' -v p="$f" '$1 == p { print $2 }' "$EXPECTED/.bundles.tmp")"
    printf '%s\t%s\t%s\t%s\n' "$f" "$sum" "$size" "${in:--}"
  done
} > "$EXPECTED/sources.tsv"
rm -f "$EXPECTED/.bundles.tmp"

log "expected/counts.json"
node "$HERE/count.mjs" > "$EXPECTED/counts.json"

log "expected/README.md"
node "$HERE/tools/readme.mjs" > "$EXPECTED/README.md"

log "done"
(cd "$HERE" && find dist packages expected -type f | sort | xargs sha256sum) >&2
