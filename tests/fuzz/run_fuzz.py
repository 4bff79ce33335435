"""Runs the libFuzzer targets of the `fuzz` preset for a bounded time (issue: reliability).

    python3 tests/fuzz/run_fuzz.py --build build/fuzz [--seconds 60 | --cpu-seconds 3600]
                                   [--jobs 2] [--work DIR] [--keep] [TARGET...]

Each target fuzzes a scratch copy of its committed corpus (tests/fuzz/corpus/TARGET, never
written), with --timeout (default 10) wall seconds per input, a 2 GiB RSS limit and leak detection on. --seconds bounds
the wall time (libFuzzer -max_total_time); --cpu-seconds stops a target once it has used that much
CPU time, which is what a run niced behind other work needs to be comparable. A crash, a leak, a
timeout or an out-of-memory ends the target with a non-zero status and an artifact, whose path is
printed. --work keeps the grown corpora (to minimise into tests/fuzz/corpus with seed_corpus.sh).
The last line is "N passed, M failed", one per target.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STATUS = re.compile(r"^#(\d+)\s+\S+\s+cov: (\d+) ft: (\d+) corp: (\d+)")
INTERRUPTED = 72  # libFuzzer's -interrupted_exitcode: stopped by our SIGINT, not a finding


def cpu_seconds(pid):
    """utime + stime of a process, in seconds (Linux /proc)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


class Run:
    def __init__(self, target, binary, work, args):
        self.target = target
        self.corpus = os.path.join(work, target, "corpus")
        self.artifacts = os.path.join(work, target, "artifacts") + "/"
        self.log_path = os.path.join(work, target, "fuzz.log")
        os.makedirs(self.corpus, exist_ok=True)
        os.makedirs(self.artifacts, exist_ok=True)
        seeds = os.path.join(HERE, "corpus", target)
        cmd = [binary, "-timeout=%d" % args.timeout, "-rss_limit_mb=2048", "-detect_leaks=1",
               "-print_final_stats=1", "-artifact_prefix=" + self.artifacts, self.corpus]
        if os.path.isdir(seeds):
            cmd.append(seeds)
        if args.seconds:
            cmd.insert(1, "-max_total_time=%d" % args.seconds)
        self.cpu_budget = args.cpu_seconds
        self.started = time.time()
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        self.cpu = 0.0
        self.stopped = False

    def poll(self):
        """True when the target has finished."""
        if self.proc.poll() is not None:
            return True
        self.cpu = max(self.cpu, cpu_seconds(self.proc.pid))
        if self.cpu_budget and self.cpu >= self.cpu_budget and not self.stopped:
            self.stopped = True
            self.proc.send_signal(signal.SIGINT)
        return False

    def result(self):
        self.log.close()
        wall = time.time() - self.started
        with open(self.log_path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
        last = None
        for line in text.splitlines():
            m = STATUS.match(line)
            if m:
                last = m
        rc = self.proc.returncode
        ok = rc == 0 or (self.stopped and rc == INTERRUPTED)
        # slow-unit-* only says an input took over 10 s of wall time, which a niced run sees
        # whenever it waits for a core; crash-, leak-, timeout- and oom- files are findings.
        artifacts = sorted(a for a in (os.listdir(self.artifacts) if os.path.isdir(self.artifacts)
                                       else []) if not a.startswith("slow-unit-"))
        ok = ok and not artifacts
        stats = ("%s runs, cov %s, ft %s, corpus %s" % last.groups()) if last else "no status line"
        print("%s %s: %.0f s wall, %.0f s CPU, %s%s" % (
            "PASS" if ok else "FAIL", self.target, wall, self.cpu, stats,
            "" if ok else ", exit %d" % rc), flush=True)
        if not ok:
            for a in artifacts:
                print("  artifact: " + self.artifacts + a)
            tail = [l for l in text.splitlines() if "ERROR" in l or "SUMMARY" in l or "==" in l]
            for l in tail[:20]:
                print("  " + l)
            print("  log: " + self.log_path)
        return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, help="the fuzz preset's build directory")
    ap.add_argument("--seconds", type=int, default=0, help="wall seconds per target")
    ap.add_argument("--cpu-seconds", type=float, default=0, help="CPU seconds per target")
    ap.add_argument("--jobs", type=int, default=2, help="targets run at once")
    ap.add_argument("--timeout", type=int, default=10,
                    help="wall seconds one input may take (libFuzzer -timeout); raise it for runs "
                         "niced behind other work, whose wall time is not theirs")
    ap.add_argument("--work", help="working directory (kept); default: a scratch directory")
    ap.add_argument("targets", nargs="*")
    args = ap.parse_args()
    if not args.seconds and not args.cpu_seconds:
        ap.error("give --seconds or --cpu-seconds")

    fuzz_dir = os.path.join(args.build, "tests", "fuzz")
    targets = args.targets or sorted(
        n for n in os.listdir(fuzz_dir)
        if n.startswith("fuzz_") and os.access(os.path.join(fuzz_dir, n), os.X_OK)
        and os.path.isfile(os.path.join(fuzz_dir, n)))
    work = args.work or tempfile.mkdtemp(prefix="mapsleuth-fuzz-")
    pending = list(targets)
    running = []
    passed = failed = 0
    while pending or running:
        while pending and len(running) < args.jobs:
            t = pending.pop(0)
            running.append(Run(t, os.path.join(fuzz_dir, t), work, args))
        time.sleep(1)
        for r in list(running):
            if r.poll():
                running.remove(r)
                if r.result():
                    passed += 1
                else:
                    failed += 1
    if not args.work and not failed:
        shutil.rmtree(work, ignore_errors=True)
    elif failed:
        print("fuzz work directory kept: " + work)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
