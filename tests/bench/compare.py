"""The peer comparison table of docs/benchmarks.md (issue 7), measured in one session.

    python3 tests/bench/compare.py --bin build/release/mapsleuth --syn /tmp/syn --peers /tmp/benchgen
                                   [--runs 5] [--scratch DIR] [--only ROW...]

--syn holds the synthetic leak of ../shared/bench (cli.js, cli.js.map, cli.index.js.map); --peers
is a copy of ../shared/bench with `npm ci` done (tests/bench/compare.sh prepares both). The commands of
one comparison run interleaved, --runs times; the table shows the median wall time and the peak
RSS (GNU time), and each row
the ratio that the issue sets a bar for, with the bar and whether it is met. Nothing here is a test:
the figures move with the machine, the ratios much less.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile


def run_once(cmd, scratch, cwd=None, pre=None):
    """Wall seconds and peak RSS (MB) of one run of `cmd`; `scratch` is emptied first (output
    directories must not exist), then `pre()` runs."""
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)
    if pre:
        pre()
    p = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    last = p.stderr.decode("utf-8", "replace").strip().splitlines()[-1].split()
    if p.returncode not in (0, 1):
        sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr.decode()[-2000:]))
    return float(last[0]), int(last[1]) / 1024


def measure(jobs, runs, scratch):
    """Runs the commands of one comparison interleaved (A B C, A B C, ...), so a machine whose
    speed drifts during the session moves every side of a ratio alike. `jobs` is a list of
    (cmd, cwd, pre); returns (median wall s, max peak RSS MB) per command."""
    walls = [[] for _ in jobs]
    rss = [[] for _ in jobs]
    for _ in range(runs):
        for k, (cmd, cwd, pre) in enumerate(jobs):
            wall, peak = run_once(cmd, scratch, cwd, pre)
            walls[k].append(wall)
            rss[k].append(peak)
    return [(statistics.median(w), max(r)) for w, r in zip(walls, rss)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--syn", required=True)
    ap.add_argument("--peers", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scratch", default=None, help="where outputs go (default: a directory in /dev/shm)")
    ap.add_argument("--only", nargs="*", default=None)
    a = ap.parse_args()
    tool = os.path.abspath(a.bin)
    syn = os.path.abspath(a.syn)
    peers = os.path.abspath(a.peers)
    # Output goes to tmpfs when there is one: on ext4, creating thousands of files right after the
    # previous run deleted as many makes the inode allocator scan its recently-deleted inodes
    # (perf: __ext4_new_inode -> find_inode_bit -> recently_deleted), and that system time grew from
    # 0.4 to 3 s over three identical runs, for mapsleuth and extract.mjs alike (docs/benchmarks.md).
    shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    scratch = a.scratch or tempfile.mkdtemp(prefix="mapsleuth-compare-", dir=shm)
    out = os.path.join(scratch, "out")
    js, flat, index = (os.path.join(syn, n) for n in ("cli.js", "cli.js.map", "cli.index.js.map"))
    map_mb = os.path.getsize(flat) / 1e6
    node = lambda *args: ["node"] + list(args)  # noqa: E731
    sme = os.path.join(peers, "node_modules", ".bin", "source-map-explorer")
    scan = lambda inputs, *extra: [tool, "scan"] + inputs + ["--out", out, "--quiet",  # noqa: E731
                                                             "--progress", "never"] + list(extra)
    rows = []
    want = lambda name: a.only is None or name in a.only  # noqa: E731

    def row(name, ours, theirs, bar, higher_is_better=True):
        ratio = theirs / ours if higher_is_better else ours / theirs
        met = ratio >= bar if higher_is_better else ratio <= bar
        rows.append((name, ratio, bar, met, higher_is_better))

    print("| Measurement | Command | wall s (median of %d) | peak RSS MB |" % a.runs)
    print("|---|---|---:|---:|")

    def shown(cmd):
        text = " ".join(os.path.relpath(c, peers) if c.startswith(peers) else
                        c.replace(syn + "/", "") for c in cmd)
        return text.replace(tool, "mapsleuth").replace(out, "DIR").replace(scratch, "SCRATCH")

    def compare(*entries):
        """entries: (label, cmd[, cwd[, pre]]); measured interleaved, printed, returned in order."""
        jobs = [(e[1], e[2] if len(e) > 2 else None, e[3] if len(e) > 3 else None) for e in entries]
        results = measure(jobs, a.runs, out)
        for e, (wall, rss) in zip(entries, results):
            print("| %s | `%s` | %.2f | %.0f |" % (e[0], shown(e[1]), wall, rss), flush=True)
        return results

    if want("decode"):
        (ours, _), (codec, _), (wasm, _) = compare(
            ("mapsleuth validate (parse + decode every segment)", [tool, "validate", flat]),
            ("sourcemap-codec decode", node("decode_only.mjs", flat), peers),
            ("source-map (WASM) construct + iterate", node("consumers.mjs", "source-map", flat), peers))
        row("validate vs sourcemap-codec decode_only.mjs", ours, codec, 8)
        row("validate vs source-map (WASM) consumers.mjs", ours, wasm, 5)
    if want("scan"):
        (ours, rss), (extract, _), (explorer, _) = compare(
            ("mapsleuth scan cli.js (everything, 4,700 files, 6 reports)", scan([js])),
            ("extract.mjs (writes the files only)", node("extract.mjs", out, flat), peers),
            ("source-map-explorer --json (attribution only)",
             [sme, js, flat, "--json", "--no-border-checks"], peers))
        row("scan vs extract.mjs (faster than)", ours, extract, 1)
        row("scan vs source-map-explorer --json", ours, explorer, 5)
        rows.append(("scan peak RSS / map size (%.1f MB)" % map_mb, rss / map_mb, 2.5, rss / map_mb <= 2.5,
                     False))
    if want("jobs"):
        (one, _), (two, _) = compare(("mapsleuth scan cli.js --jobs 1", scan([js], "--jobs", "1")),
                                     ("mapsleuth scan cli.js --jobs 2", scan([js], "--jobs", "2")))
        row("--jobs 2 vs --jobs 1 on the scan", two, one, 1.6)
    if want("index"):
        (f, _), (i, _) = compare(
            ("mapsleuth scan cli.js.map (flat map)", scan([flat])),
            ("mapsleuth scan cli.index.js.map (47-section index map)", scan([index])))
        row("index map / flat map", i, f, 1.15, higher_is_better=False)
    if want("scaling"):
        # One scan keeps every input's records for its single report, so its RSS may grow with the
        # inputs (linearly at worst); a batch sends each input's rows to SQLite and drops them, so
        # its RSS per worker must stay flat.
        counts = (1, 2, 4, 8)
        results = compare(*[("mapsleuth scan, %d copies of cli.js" % n, scan([js] * n)) for n in counts])
        base = results[0]
        for n, (wall, rss) in zip(counts[1:], results[1:]):
            rows.append(("scan %dx: time / (%d x one copy)" % (n, n), wall / (n * base[0]), 1.0,
                         wall / (n * base[0]) <= 1.0, False))
            rows.append(("scan %dx: RSS / (%d x one copy)" % (n, n), rss / (n * base[1]), 1.0,
                         rss / (n * base[1]) <= 1.0, False))
        copies = os.path.join(scratch, "copies")
        entries = []
        for n in counts:
            listing = os.path.join(copies, "list%d.txt" % n)
            os.makedirs(copies, exist_ok=True)
            with open(listing, "w") as f:
                for k in range(n):
                    d = os.path.join(copies, str(k))
                    if not os.path.isdir(d):
                        os.makedirs(d)
                        for name in ("cli.js", "cli.js.map"):
                            shutil.copyfile(os.path.join(syn, name), os.path.join(d, name))
                    f.write("%s/cli.js\n" % d)
            entries.append(("mapsleuth batch, %d copies (one database, trees in --out)" % n,
                            [tool, "batch", "--list", listing, "--db", os.path.join(out, "results.sqlite"),
                             "--out", os.path.join(out, "trees"), "--quiet", "--progress", "never"],
                            None, lambda: os.makedirs(out)))
        results = compare(*entries)
        base = results[0]
        for n, (wall, rss) in zip(counts[1:], results[1:]):
            # --jobs 0: one input in flight per core, each worker holding one input's analysis.
            workers = min(n, os.cpu_count() or 1)
            per_worker = rss / workers / base[1]
            rows.append(("batch %dx: time / (%d x one copy)" % (n, n), wall / (n * base[0]), 1.0,
                         wall / (n * base[0]) <= 1.0, False))
            rows.append(("batch %dx: RSS per worker (%d) / one copy" % (n, workers), per_worker, 1.25,
                         per_worker <= 1.25, False))

    print()
    print("| Ratio | Measured | Bar | Met |")
    print("|---|---:|---:|---|")
    for name, ratio, bar, met, higher in rows:
        print("| %s | %.2f%s | %s %.2f | %s |" % (name, ratio, "x" if higher else "", ">=" if higher else "<=",
                                                bar, "yes" if met else "**no**"))
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
