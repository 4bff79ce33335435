#!/usr/bin/env bash
# The Slurm path for real: starts a one-node cluster on localhost (slurm_cluster.sh), submits a
# 4-task job array over samples/ plus generated inputs with the documented script
# (docs/scale/slurm-array.sh), waits for the dependent merge job, and compares the merged database
# (canonical dump) and its portfolio with a single-process batch over the same list.
#
#   tests/scale/slurm_test.sh MAPSLEUTH PROJECT_SOURCE_DIR
#
# Exit 0 passed, 1 failed, 77 skipped (the cluster cannot start here: not root, Slurm or munge
# missing, a daemon refused; the one-line reason is printed). Needs about 15 s, most of it the node
# registering. The daemons are stopped on every exit path.
set -uo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 MAPSLEUTH PROJECT_SOURCE_DIR" >&2
  exit 2
fi
BIN=$(realpath "$1")
SRC=$(realpath "$2")
SHARDS=4
WORK=$(mktemp -d /tmp/mapsleuth-slurm-XXXXXX)
# shellcheck source=tests/scale/slurm_cluster.sh
source "$SRC/tests/scale/slurm_cluster.sh"

passed=0
failed=0
check() {  # check CONDITION-STATUS MESSAGE
  if [ "$1" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $2"
  fi
}
finish() {
  slurm_cluster_stop
  if [ "$failed" -eq 0 ]; then
    rm -rf "$WORK"
    echo "scale slurm: all $passed checks passed"
    exit 0
  fi
  echo "kept scratch directory: $WORK"
  echo "scale slurm: $passed checks passed, $failed FAILED"
  exit 1
}
trap slurm_cluster_stop EXIT
trap 'exit 1' INT TERM  # so that the EXIT trap stops the daemons under `timeout` and Ctrl-C too

t0=$(date +%s%N)
elapsed() { echo "$((($(date +%s%N) - t0) / 1000000))" | sed -E 's/([0-9]*)([0-9]{3})$/\1.\2/; s/^\./0./'; }
if ! slurm_cluster_start "$WORK/cluster"; then
  echo "scale slurm: SKIPPED: cannot start a local Slurm cluster: $SLURM_CLUSTER_REASON"
  rm -rf "$WORK"
  exit 77
fi
echo "  cluster up in $(elapsed) s: $(sinfo -h -o '%P %a %D %T %N' | head -1)"

# 60 generated inputs (packages, bundles, folders, maps, truncated archives) plus the samples.
python3 "$SRC/tests/scale/gen_inputs.py" "$WORK/data" 60 >/dev/null
for s in packages/quillfeather-qf-cli-2.4.0.tgz packages/quillfeather-qf-cli-2.4.1.tgz \
  dist/esbuild/qf.js dist/webpack/qf.js.map dist/rollup/qf.js dist/site; do
  echo "$SRC/samples/$s" >>"$WORK/data/list.txt"
done
LIST=$WORK/data/list.txt

# The documented command, as written in docs/scale.md.
ids=$(MAPSLEUTH=$BIN "$SRC/docs/scale/slurm-array.sh" "$LIST" "$WORK/run" "$SHARDS")
check $? "slurm-array.sh submitted: $ids"
read -r array_id merge_id <<<"$ids"
echo "  submitted array job $array_id (tasks 1-$SHARDS) and merge job $merge_id (afterok)"

# Wait for both jobs to leave the queue (at most 120 s).
for _ in $(seq 1 240); do
  [ -z "$(squeue -h -j "$array_id,$merge_id" 2>/dev/null)" ] && break
  sleep 0.5
done
for k in $(seq 1 "$SHARDS"); do
  state=$(scontrol show job "${array_id}_$k" 2>/dev/null | grep -o 'JobState=[A-Z]*' | head -1)
  check "$([ "$state" = JobState=COMPLETED ] && echo 0 || echo 1)" "array task $k: $state"
  echo "  array task $k: ${state#JobState=}, $(tail -1 "$WORK/run/logs/shard-$k.log" 2>/dev/null)"
done
state=$(scontrol show job "$merge_id" 2>/dev/null | grep -o 'JobState=[A-Z]*' | head -1)
check "$([ "$state" = JobState=COMPLETED ] && echo 0 || echo 1)" "merge job: $state"
echo "  merge job: ${state#JobState=}"
sed 's/^/    /' "$WORK/run/logs/merge.log" 2>/dev/null

# Every shard did its own part: the shard databases hold disjoint inputs that cover the list.
total=0
for k in $(seq 1 "$SHARDS"); do
  n=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from inputs").fetchone()[0])' "$WORK/run/shards/shard-$k.sqlite" 2>/dev/null || echo 0)
  total=$((total + n))
done
check "$([ "$total" -eq 66 ] && echo 0 || echo 1)" "shards hold $total inputs, the list 66"

# The same list in one process.
"$BIN" batch --list "$LIST" --db "$WORK/single.sqlite" --progress never --quiet 2>/dev/null
rc=$?
check "$([ "$rc" -le 1 ] && echo 0 || echo 1)" "single-process batch exit status $rc"
python3 "$SRC/tests/scale/canonical_dump.py" "$WORK/single.sqlite" >"$WORK/single.dump"
python3 "$SRC/tests/scale/canonical_dump.py" "$WORK/run/all.sqlite" >"$WORK/slurm.dump"
cmp -s "$WORK/single.dump" "$WORK/slurm.dump"
check $? "merged Slurm database differs from the single-process one (diff $WORK/single.dump $WORK/slurm.dump)"
echo "  canonical dumps: $(wc -l <"$WORK/slurm.dump") lines, $(sha256sum <"$WORK/slurm.dump" | cut -c1-16) (slurm) vs $(sha256sum <"$WORK/single.dump" | cut -c1-16) (single)"
"$BIN" report --db "$WORK/single.sqlite" --out "$WORK/single-report" >/dev/null
cmp -s "$WORK/single-report/portfolio.json" "$WORK/run/report/portfolio.json"
check $? "portfolio.json of the merge job differs from the single-process one"
echo "  total $(elapsed) s"
finish
