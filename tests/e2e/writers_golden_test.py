#!/usr/bin/env python3
"""Golden test 11: every writer's output on samples/, byte for byte.

    python3 writers_golden_test.py MAPSLEUTH PROJECT_SOURCE_DIR

Scans the leaky tarball and the web folder, from a scratch directory where `samples` links to the
repository's samples/ and with `--out out`, so the paths the reports record are the same on every
machine, and compares report.json, report.md, report.html, report.sarif, sources.csv and
manifest.json with tests/e2e/golden/writers/<input>/. Together with determinism_test.py (--jobs 1
vs 2) this pins the writers: same input, same bytes. MAPSLEUTH_UPDATE_GOLDEN=1 rewrites the goldens;
review the diff before committing.
"""
import difflib
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import e2e_common as ec  # noqa: E402

INPUTS = ["packages/quillfeather-qf-cli-2.4.0.tgz", "dist/site"]


def main():
    tool, src, _ = ec.parse_argv()
    checks = ec.Checks("golden writers")
    for rel in INPUTS:
        work = checks.tempdir()
        os.symlink(os.path.join(src, "samples"), os.path.join(work, "samples"))
        ec.scan(checks, tool, ["samples/" + rel], "out", cwd=work)
        golden = os.path.join(ec.golden_dir(src), "writers", ec.golden_stem(rel))
        for name in ec.REPORT_FILES:
            with open(os.path.join(work, "out", name), "rb") as f:
                actual = f.read()
            path = os.path.join(golden, name)
            if ec.update_mode():
                os.makedirs(golden, exist_ok=True)
                with open(path, "wb") as f:
                    f.write(actual)
                checks.info("updated golden %s" % os.path.relpath(path, src))
                continue
            if not checks.ok(os.path.exists(path), "%s: golden %s missing; run with "
                             "MAPSLEUTH_UPDATE_GOLDEN=1 and review it" % (rel, path)):
                continue
            with open(path, "rb") as f:
                expected = f.read()
            if checks.ok(actual == expected, "%s: %s differs from its golden" % (rel, name)):
                continue
            diff = difflib.unified_diff(expected.decode("utf-8", "replace").splitlines(True),
                                        actual.decode("utf-8", "replace").splitlines(True),
                                        "golden", "actual", n=1)
            print("".join(list(diff)[:60]))
    checks.finish()


if __name__ == "__main__":
    main()
