#!/usr/bin/env bash
# Rebuilds the committed seed corpora (tests/fuzz/corpus/TARGET) from what they hold now, from the
# conformance maps, samples/ and the hostile generator, and from any grown corpora of long runs
# (run_fuzz.py --work DIR), minimised by libFuzzer so that only a small set covering the same code
# stays: -set_cover_merge=1 picks a near-minimal set of inputs, and -use_counters=0 makes its
# features plain edges rather than edge hit-count buckets, which would keep thousands of inputs
# that only loop more often. The fuzzers grow the hit-count variety back within seconds.
# Files named regress-* (inputs that once crashed) are always kept as they are, under that name.
#
#   tests/fuzz/seed_corpus.sh [WORK_DIR_OF_LONG_RUNS]       (needs the asan tree: scripts/setup asan)
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED="$(pwd)/../shared"
WORK=${1:-}
BIN=build/asan/tests/fuzz
MAX_BYTES=65536  # seeds above this are not taken; the corpus stays small

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 "$SHARED/hostile/make_hostile.py" "$scratch/hostile" >/dev/null

# seeds TARGET FILE...: copies the small ones into the target's extra seed directory.
seeds() {
  local target=$1
  shift
  mkdir -p "$scratch/seeds/$target"
  local f
  for f in "$@"; do
    if [ ! -f "$f" ] || [ "$(stat -c %s "$f")" -gt "$MAX_BYTES" ]; then continue; fi
    cp "$f" "$scratch/seeds/$target/$(echo "$f" | sha1sum | cut -c1-12)-$(basename "$f")"
  done
}
shopt -s nullglob globstar
seeds fuzz_source_map "$SHARED"/conformance/**/*.map "$scratch"/hostile/[IJV]*/**/*.map samples/dist/**/*.map
seeds fuzz_attribution "$SHARED"/conformance/**/*.map
seeds fuzz_mapping_url samples/dist/**/*.js samples/dist/**/*.css "$scratch"/hostile/U*/**/*.js
seeds fuzz_archive "$scratch"/hostile/A*/*.tgz "$scratch"/hostile/A*/*.tar "$scratch"/hostile/A*/*.zip \
  samples/packages/*.tgz
seeds fuzz_lexer samples/app/**/*.ts samples/app/**/*.js samples/app/**/*.css
seeds fuzz_policy docs/policy.md
# fuzz_vlq reads two header bytes (source and name counts) before the mappings text.
mkdir -p "$scratch/seeds/fuzz_vlq"
python3 - "$scratch/seeds/fuzz_vlq" "$SHARED"/conformance/resources/*.map <<'EOF'
import hashlib, json, sys
for path in sys.argv[2:]:
    try:
        m = json.load(open(path, encoding="utf-8"))
        text = m.get("mappings") if isinstance(m, dict) else None
    except (ValueError, UnicodeDecodeError):
        continue
    if isinstance(text, str) and 0 < len(text) <= 4096:
        data = b"\x05\x05" + text.encode()
        open("%s/%s" % (sys.argv[1], hashlib.sha1(data).hexdigest()[:12]), "wb").write(data)
EOF

for bin in "$BIN"/fuzz_*; do
  target=$(basename "$bin")
  corpus=tests/fuzz/corpus/$target
  mkdir -p "$corpus" "$scratch/merged/$target"
  inputs=("$corpus")
  [ -d "$scratch/seeds/$target" ] && inputs+=("$scratch/seeds/$target")
  if [ -n "$WORK" ] && [ -d "$WORK/$target/corpus" ]; then
    # A snapshot: a long run may still be adding and removing files there.
    cp -r "$WORK/$target/corpus" "$scratch/grown-$target"
    inputs+=("$scratch/grown-$target")
  fi
  "$bin" -set_cover_merge=1 -use_counters=0 -timeout=30 -rss_limit_mb=4096 \
    "$scratch/merged/$target" "${inputs[@]}" >"$scratch/$target.log" 2>&1 ||
    { tail -20 "$scratch/$target.log"; exit 1; }
  find "$corpus" -type f ! -name 'regress-*' -delete
  # libFuzzer names a merged input by the SHA-1 of its bytes: drop the copies of regress-* files.
  for f in "$corpus"/regress-*; do
    rm -f "$scratch/merged/$target/$(sha1sum <"$f" | cut -c1-40)"
  done
  cp "$scratch/merged/$target"/* "$corpus"/ 2>/dev/null || true
  echo "$target: $(find "$corpus" -type f | wc -l) files, $(du -sk "$corpus" | cut -f1) KiB"
done
