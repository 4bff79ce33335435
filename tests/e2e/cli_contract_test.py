#!/usr/bin/env python3
"""Golden test 5: the command-line and output-directory contract of `scan` and `extract`.

    python3 cli_contract_test.py MAPSLEUTH PROJECT_SOURCE_DIR

* `scan` into an existing non-empty DIR: exit 2, a message on stderr naming DIR, nothing written
  (DIR and its parent unchanged); into an existing empty DIR: allowed.
* `--version`, `--help`, `scan --help`, `extract --help`: exit 0 with a usage text.
* an unknown option, a missing --out, no input: exit 2, a message, no DIR created.
* a missing input: exit 1, report.json (and the other outputs) written, that input `failed` with
  an error diagnostic; next to a good input, the good input's sources are still rebuilt.
* `extract`: exit 0, DIR holds sources/ and manifest.json only, the same tree as `scan`.
"""
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import e2e_common as ec  # noqa: E402

LEAKY = "packages/quillfeather-qf-cli-2.4.0.tgz"


def snapshot(root):
    """{relative path: (mode, size, mtime_ns)} of root and everything beneath it."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            st = os.lstat(full)
            out[os.path.relpath(full, root)] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return out


def cmd_result(checks, cmd, want_rc, what, cwd=None):
    rc, so, se = ec.run(cmd, cwd=cwd)
    checks.ok(rc == want_rc, "%s: `%s` exited %d, expected %d; stderr: %s"
              % (what, ec.show(cmd), rc, want_rc, se.strip()[-800:]))
    return rc, so, se


def main():
    tool, src, _ = ec.parse_argv()
    checks = ec.Checks("golden cli contract")
    leaky = os.path.join(src, "samples", LEAKY)
    esbuild_map = os.path.join(src, "samples", "dist", "esbuild", "qf.js.map")

    # 1. Existing non-empty DIR: refused, nothing written.
    parent = checks.tempdir()
    out = os.path.join(parent, "out")
    os.mkdir(out)
    with open(os.path.join(out, "evidence.txt"), "wb") as f:
        f.write(b"do not touch\n")
    before = snapshot(parent)
    rc, so, se = cmd_result(checks, [tool, "scan", leaky, "--out", out, "--quiet"], 2, "non-empty DIR")
    checks.ok(out in se and re.search(r"not empty", se, re.I) is not None,
              "non-empty DIR: stderr should name %s and say it is not empty; got %r" % (out, se.strip()))
    after = snapshot(parent)
    checks.eq(after, before, "non-empty DIR: DIR and its parent after a refused scan")
    checks.info("scan into a non-empty DIR: exit %d, stderr %r, nothing written" % (rc, se.strip()))

    # Existing empty DIR: allowed.
    out = os.path.join(checks.tempdir(), "empty")
    os.mkdir(out)
    cmd_result(checks, [tool, "scan", esbuild_map, "--out", out, "--quiet"], 0, "empty DIR")
    checks.ok(os.path.isfile(os.path.join(out, "report.json")), "empty DIR: report.json not written")

    # 2. Help and version.
    for args, needle in ((["--version"], r"\d+\.\d+\.\d+"), (["--help"], r"usage: mapsleuth"),
                         (["scan", "--help"], r"usage: mapsleuth scan"),
                         (["extract", "--help"], r"usage: mapsleuth extract")):
        rc, so, se = cmd_result(checks, [tool] + args, 0, " ".join(args))
        checks.ok(re.search(needle, so) is not None, "`mapsleuth %s`: stdout lacks %r: %r"
                  % (" ".join(args), needle, so[:300]))
    rc, so, _ = ec.run([tool, "scan", "--help"])
    checks.ok("--out" in so and "--jobs" in so, "`scan --help` does not describe --out and --jobs")
    checks.info("--version, --help, scan --help, extract --help: exit 0 with usage")

    # 3. Usage errors: exit 2, a message, no DIR.
    for args, needle, what in (
            (["scan", "--no-such-option", leaky, "--out", "@OUT@"], "--no-such-option", "unknown option"),
            (["scan", leaky], "--out", "missing --out"),
            (["scan", "--out", "@OUT@"], "", "no input"),
            (["extract", "--bogus", leaky, "--out", "@OUT@"], "--bogus", "extract unknown option")):
        out = os.path.join(checks.tempdir(), "out")
        cmd = [tool] + [out if a == "@OUT@" else a for a in args]
        rc, so, se = cmd_result(checks, cmd, 2, what)
        checks.ok(se.strip() != "" and needle in se, "%s: stderr should mention %r; got %r"
                  % (what, needle, se.strip()))
        checks.ok(not os.path.lexists(out), "%s: DIR %s was created" % (what, out))
        checks.info("%s: exit %d, %r" % (what, rc, se.strip().splitlines()[0] if se.strip() else ""))

    # 4. Missing input: report written, input failed, exit 1.
    missing = os.path.join(checks.tempdir(), "no-such-input.tgz")
    out = os.path.join(checks.tempdir(), "out")
    rc, so, se = cmd_result(checks, [tool, "scan", missing, "--out", out, "--quiet"], 1, "missing input")
    for name in ec.REPORT_FILES:
        checks.ok(os.path.isfile(os.path.join(out, name)), "missing input: DIR/%s not written" % name)
    if os.path.isfile(os.path.join(out, "report.json")):
        report = ec.load_json(os.path.join(out, "report.json"))
        recs = report["inputs"]
        checks.eq([(i["path"], i["status"]) for i in recs], [(missing, "failed")],
                  "missing input: inputs[] (path, status)")
        errs = [d for d in report["diagnostics"] if d["input"] == missing and d["severity"] == "error"]
        checks.ok(len(errs) >= 1, "missing input: no error diagnostic for %s" % missing)
        checks.eq(report["exposure"]["verdict"], "none", "missing input: verdict")
        checks.info("missing input: exit %d, status failed, diagnostic %s"
                    % (rc, errs[0]["code"] if errs else "-"))

    out = os.path.join(checks.tempdir(), "out")
    rc, so, se = cmd_result(checks, [tool, "scan", missing, esbuild_map, "--out", out, "--quiet"], 1,
                            "missing input next to a good one")
    if os.path.isfile(os.path.join(out, "report.json")):
        report = ec.load_json(os.path.join(out, "report.json"))
        checks.eq(sorted((i["path"], i["status"]) for i in report["inputs"]),
                  sorted([(missing, "failed"), (esbuild_map, "ok")]), "missing + good input: statuses")
        rebuilt = [s for s in report["sources"] if s["file"]]
        checks.eq(len(rebuilt), 102, "missing + good input: sources rebuilt from the good input")
        tree = ec.walk_tree(os.path.join(out, "sources"))
        checks.eq(len(tree), 102, "missing + good input: files under DIR/sources")
        checks.info("missing input next to a good one: exit %d, %d files still rebuilt" % (rc, len(tree)))

    # 5. extract: sources/ and manifest.json only, the same tree as scan.
    out_x = os.path.join(checks.tempdir(), "out")
    cmd_result(checks, [tool, "extract", leaky, "--out", out_x, "--quiet"], 0, "extract")
    if os.path.isdir(out_x):
        checks.eq(sorted(os.listdir(out_x)), ["manifest.json", "sources"], "extract: entries of DIR")
        out_s = os.path.join(checks.tempdir(), "out")
        ec.scan(checks, tool, [leaky], out_s)
        tx = ec.walk_tree(os.path.join(out_x, "sources"))
        ts = ec.walk_tree(os.path.join(out_s, "sources"))
        checks.ok(tx == ts and len(tx) == 102, "extract: sources/ (%d files) differs from scan's (%d)"
                  % (len(tx), len(ts)))
        if os.path.isfile(os.path.join(out_x, "manifest.json")):
            m = ec.load_json(os.path.join(out_x, "manifest.json"))
            checks.eq(sorted((f["file"], f["bytes"], f["sha256"]) for f in m["files"]),
                      sorted((p, v[1], v[2]) for p, v in tx.items()), "extract: manifest.json vs sources/")
        checks.info("extract: DIR holds %s, %d files identical to scan's"
                    % (sorted(os.listdir(out_x)), len(tx)))
    checks.finish()


if __name__ == "__main__":
    main()
