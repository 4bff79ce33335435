#!/usr/bin/env python3
"""Throughput and memory of `mapsleuth batch` over many small generated packages.

    python3 tests/scale/bench_batch.py MAPSLEUTH [--inputs 1000] [--jobs N] [--out]

Generates N npm-style .tgz packages (gen_inputs.py --packages: 2-5 sources each, a map, a
package.json; a fake AWS key in every third), runs one batch over them, and samples the process's
resident set (/proc/PID/status VmRSS) every 20 ms against the inputs finished so far (its plain
progress lines). Prints the wall time, inputs/s, peak RSS (VmHWM) and the RSS at every tenth of
the run -- flat when nothing accumulates per input. --out also writes each input's tree and
reports. Not a ctest (timings); docs/benchmarks.md records its output.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_inputs  # noqa: E402


def rss_kb(pid, field):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main():
    args = sys.argv[1:]
    if not args:
        sys.stderr.write(__doc__)
        return 2
    tool = os.path.abspath(args[0])
    n = int(args[args.index("--inputs") + 1]) if "--inputs" in args else 1000
    jobs = args[args.index("--jobs") + 1] if "--jobs" in args else "0"
    work = tempfile.mkdtemp(prefix="mapsleuth-bench-")
    try:
        t = time.monotonic()
        list_path = gen_inputs.generate(work, n, seed=1, packages_only=True)
        size = sum(os.path.getsize(os.path.join(work, "in", f)) for f in os.listdir(os.path.join(work, "in")))
        print("generated %d packages, %.1f MB, in %.1f s" % (n, size / 1e6, time.monotonic() - t))
        db = os.path.join(work, "bench.sqlite")
        cmd = [tool, "batch", "--list", list_path, "--db", db, "--jobs", jobs, "--progress", "never"]
        if "--out" in args:
            cmd += ["--out", os.path.join(work, "out")]
        print("$ " + " ".join(cmd))
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        done = [0]

        def read_progress():
            for line in p.stderr:
                if line.startswith(b"mapsleuth batch: ["):
                    done[0] += 1

        reader = threading.Thread(target=read_progress)
        reader.start()
        samples = []  # (inputs done, rss kB)
        hwm = 0
        while p.poll() is None:
            r = rss_kb(p.pid, "VmRSS")
            h = rss_kb(p.pid, "VmHWM")
            if r is not None:
                samples.append((done[0], r))
            if h is not None:
                hwm = max(hwm, h)
            time.sleep(0.02)
        wall = time.monotonic() - t0
        reader.join()
        out = p.stdout.read().decode()
        print(out.strip())
        print("exit status %d, %d inputs in %.2f s: %.0f inputs/s" % (p.returncode, n, wall, n / wall))
        print("peak RSS (VmHWM) %.1f MB; database %.1f MB" % (hwm / 1024, os.path.getsize(db) / 1e6))
        row = []
        for tenth in range(1, 11):
            want = n * tenth // 10
            at = [r for d, r in samples if d <= want]
            if at:
                row.append("%d%%: %.1f" % (tenth * 10, at[-1] / 1024))
        print("RSS (MB) by inputs done: " + ", ".join(row))
        return 0 if p.returncode in (0, 1) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
