#!/usr/bin/env bash
# Runs `mapsleuth batch` as a Slurm job array: one array task per shard, then one job, started
# only when every shard succeeded (--dependency=afterok), that merges the shard databases and
# writes the portfolio report. docs/scale.md explains it; tests/scale/slurm_test.sh runs it.
#
#   docs/scale/slurm-array.sh LIST WORKDIR [SHARDS]        (on a login node; default 4 shards)
#
# LIST is the batch list (one input per line; relative lines are relative to LIST's folder), on
# storage every node sees, as is WORKDIR, which receives:
#   WORKDIR/shards/shard-K.sqlite    one results database per array task
#   WORKDIR/logs/                    Slurm output of every task
#   WORKDIR/all.sqlite               the merged database
#   WORKDIR/report/                  portfolio.json, portfolio.md, portfolio.html
# Prints the two job ids ("ARRAY_JOB_ID MERGE_JOB_ID") on stdout.
#
# Environment: MAPSLEUTH (the binary; default `mapsleuth` on PATH), MAPSLEUTH_JOBS (threads per
# task; default the CPUs Slurm gives it), SBATCH_ARGS (extra sbatch options for both jobs, e.g.
# "--partition=batch --time=04:00:00"), MAPSLEUTH_BATCH_ARGS (extra `batch` options, e.g. a
# policy: they must be the same for every shard).
#
# A task that dies (node failure, preemption, kill -9) can simply be run again -- `scontrol
# requeue`, or resubmitting the same task: `batch` resumes its shard database, retries what was
# running and quarantines an input that crashed the process twice. An input that fails
# (exit status 1: e.g. a truncated archive) is a result recorded in the database, not a task
# failure; only exit status 2 (a usage, database or I/O error) fails the task and so holds the
# merge back.
set -euo pipefail

mode=${1:-}
case "$mode" in
  task | merge) shift ;;
  *) mode=submit ;;
esac
if [ $# -lt 2 ]; then
  echo "usage: $0 LIST WORKDIR [SHARDS]" >&2
  exit 2
fi
LIST=$(realpath "$1")
WORKDIR=$(realpath -m "$2")
SHARDS=${3:-4}
MAPSLEUTH=${MAPSLEUTH:-mapsleuth}

case "$mode" in
  submit)
    mkdir -p "$WORKDIR/shards" "$WORKDIR/logs"
    export MAPSLEUTH
    # sbatch copies this script; the mode argument tells the copy what to do.
    # shellcheck disable=SC2086
    array_id=$(sbatch --parsable ${SBATCH_ARGS:-} --job-name=mapsleuth-batch \
      --array="1-$SHARDS" --output="$WORKDIR/logs/shard-%a.log" --export=ALL \
      "$0" task "$LIST" "$WORKDIR" "$SHARDS")
    array_id=${array_id%%;*}
    # shellcheck disable=SC2086
    merge_id=$(sbatch --parsable ${SBATCH_ARGS:-} --job-name=mapsleuth-merge \
      --dependency="afterok:$array_id" --kill-on-invalid-dep=yes \
      --output="$WORKDIR/logs/merge.log" --export=ALL \
      "$0" merge "$LIST" "$WORKDIR" "$SHARDS")
    echo "${array_id} ${merge_id%%;*}"
    ;;
  task)
    k=${SLURM_ARRAY_TASK_ID:?not running as a Slurm array task}
    n=${SLURM_ARRAY_TASK_COUNT:-$SHARDS}
    status=0
    # shellcheck disable=SC2086
    "$MAPSLEUTH" batch --list "$LIST" --db "$WORKDIR/shards/shard-$k.sqlite" --shard "$k/$n" \
      --jobs "${MAPSLEUTH_JOBS:-${SLURM_CPUS_ON_NODE:-0}}" --progress never \
      ${MAPSLEUTH_BATCH_ARGS:-} || status=$?
    # 1 = some inputs failed or were quarantined: recorded results, the shard is complete.
    [ "$status" -le 1 ]
    ;;
  merge)
    shards=()
    for k in $(seq 1 "$SHARDS"); do shards+=("$WORKDIR/shards/shard-$k.sqlite"); done
    "$MAPSLEUTH" merge "${shards[@]}" --db "$WORKDIR/all.sqlite"
    rm -rf "$WORKDIR/report"
    "$MAPSLEUTH" report --db "$WORKDIR/all.sqlite" --out "$WORKDIR/report"
    ;;
esac
