"""Shared helpers of the batch-at-scale tests (tests/scale, label `scale`).

Each test is run as `python3 TEST.py MAPSLEUTH PROJECT_SOURCE_DIR` and prints what it checked;
it exits 1 with one message per failed check, keeping its scratch directory. Python 3 standard
library only.
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import canonical_dump  # noqa: E402
import gen_inputs  # noqa: E402


class Checks:
    def __init__(self, title):
        self.title = title
        self.failures = []
        self.passed = 0
        self.scratch = tempfile.mkdtemp(prefix="mapsleuth-scale-")

    def ok(self, cond, msg):
        if cond:
            self.passed += 1
        else:
            self.failures.append(msg)
            print("FAIL: " + msg, flush=True)
        return cond

    def eq(self, actual, expected, what):
        return self.ok(actual == expected, "%s: expected %r, got %r" % (what, expected, actual))

    def same_dump(self, a, b, what):
        """Compares two canonical dumps (bytes); shows the first differing line."""
        if a == b:
            return self.ok(True, "")
        la, lb = a.split(b"\n"), b.split(b"\n")
        for n, (x, y) in enumerate(zip(la, lb)):
            if x != y:
                return self.ok(False, "%s: dumps differ at line %d:\n  %r\n  %r" % (what, n + 1, x, y))
        return self.ok(False, "%s: dumps differ in length (%d vs %d lines)" % (what, len(la), len(lb)))

    def info(self, msg):
        print("  " + msg, flush=True)

    def finish(self):
        if self.failures:
            print("kept scratch directory: " + self.scratch)
            print("%s: %d checks passed, %d FAILED" % (self.title, self.passed, len(self.failures)))
            sys.exit(1)
        shutil.rmtree(self.scratch, ignore_errors=True)
        print("%s: all %d checks passed" % (self.title, self.passed))
        sys.exit(0)


def parse_argv():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: %s MAPSLEUTH PROJECT_SOURCE_DIR\n" % sys.argv[0])
        sys.exit(2)
    return os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])


def batch(tool, list_path, db, *extra, env=None, timeout=300):
    """Runs `mapsleuth batch` to the end; returns (exit status, stdout, stderr)."""
    cmd = [tool, "batch", "--list", list_path, "--db", db, "--progress", "never"] + list(extra)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                       env=env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def statuses(db):
    con = canonical_dump.connect(db)
    try:
        return {r[0]: r[1:] for r in con.execute(
            "SELECT path, status, attempts, crashes, error_code FROM inputs")}
    finally:
        con.close()
