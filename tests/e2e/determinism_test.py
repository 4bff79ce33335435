#!/usr/bin/env python3
"""Golden test 4: output does not depend on the thread count (STYLE R11).

    python3 determinism_test.py MAPSLEUTH PROJECT_SOURCE_DIR [INPUT]

Scans the leaky tarball and dist/site (default) with `--jobs=1` and `--jobs=2`, each from its own
working directory with the same relative `--out out`, and requires report.json, manifest.json,
sources.csv, report.md, report.html and report.sarif to be byte-identical, and the trees under
sources/ to hold the same paths with the same bytes.

The reports record the invocation (options.jobs, command_line), which necessarily differs between
the two runs. Only lines that mention `jobs` may differ, and only in the job count itself: on such
lines the digits 1 and 2 standing alone are normalised before comparing. Every other byte must
match.
"""
import difflib
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import e2e_common as ec  # noqa: E402

DEFAULT_INPUTS = ["packages/quillfeather-qf-cli-2.4.0.tgz", "dist/site"]
FILES = ["report.json", "manifest.json", "sources.csv", "report.md", "report.html", "report.sarif"]
JOB_DIGIT = re.compile(rb"(?<![0-9A-Za-z.])[12](?![0-9A-Za-z.])")


def normalise_jobs(data):
    lines = data.split(b"\n")
    changed = 0
    for i, line in enumerate(lines):
        if b"jobs" in line:
            new = JOB_DIGIT.sub(b"N", line)
            changed += new != line
            lines[i] = new
    return b"\n".join(lines), changed


def main():
    tool, src, rest = ec.parse_argv("[INPUT]")
    checks = ec.Checks("golden determinism")
    for rel in rest or DEFAULT_INPUTS:
        ec.select_inputs([rel])
        path = os.path.join(src, "samples", rel)
        dirs = []
        for jobs in (1, 2):
            cwd = os.path.join(checks.tempdir(), "jobs%d" % jobs)
            os.mkdir(cwd)
            ec.scan(checks, tool, [path], "out", extra=["--jobs=%d" % jobs], cwd=cwd)
            dirs.append(os.path.join(cwd, "out"))
        a, b = dirs
        for name in FILES:
            pa, pb = os.path.join(a, name), os.path.join(b, name)
            if not checks.ok(os.path.isfile(pa) and os.path.isfile(pb), "%s: %s missing" % (rel, name)):
                continue
            da, db = open(pa, "rb").read(), open(pb, "rb").read()
            if da == db:
                checks.ok(True, "")
                continue
            na, ca = normalise_jobs(da)
            nb, cb = normalise_jobs(db)
            if na == nb:
                checks.ok(True, "")
                checks.info("%s: %s identical except %d line(s) recording --jobs" % (rel, name, ca))
                continue
            diff = "".join(difflib.unified_diff(
                na.decode("utf-8", "replace").splitlines(True),
                nb.decode("utf-8", "replace").splitlines(True), "jobs1/" + name, "jobs2/" + name, n=0))
            checks.ok(False, "%s: %s differs between --jobs=1 and --jobs=2:\n%s"
                      % (rel, name, diff[:4000]))
        ta = ec.walk_tree(os.path.join(a, "sources"))
        tb = ec.walk_tree(os.path.join(b, "sources"))
        only = sorted(set(ta) ^ set(tb))
        checks.ok(not only, "%s: sources/ paths differ between --jobs=1 and --jobs=2: %s" % (rel, only[:10]))
        diff = sorted(p for p in set(ta) & set(tb) if ta[p] != tb[p])
        checks.ok(not diff, "%s: sources/ files differ between --jobs=1 and --jobs=2: %s" % (rel, diff[:10]))
        checks.info("%s: 6 report files and %d rebuilt files identical for --jobs=1 and --jobs=2"
                    % (rel, len(ta)))
    checks.finish()


if __name__ == "__main__":
    main()
