"""Shared helpers of the batch-at-scale tests (tests/scale, label `scale`).

Each test is run as `python3 TEST.py MAPSLEUTH PROJECT_SOURCE_DIR` and prints what it checked;
it exits 1 with one message per failed check, keeping its scratch directory. Python 3 standard
library only.
"""
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import canonical_dump  # noqa: E402
import gen_inputs  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import e2e_common  # noqa: E402


class Checks(e2e_common.Checks):
    """The e2e Checks, with one scratch directory made up front (`self.scratch`)."""

    def __init__(self, title):
        super().__init__(title)
        self.scratch = self.tempdir(prefix="mapsleuth-scale-")

    def same_dump(self, a, b, what):
        """Compares two canonical dumps (bytes); shows the first differing line."""
        if a == b:
            return self.ok(True, "")
        la, lb = a.split(b"\n"), b.split(b"\n")
        for n, (x, y) in enumerate(zip(la, lb)):
            if x != y:
                return self.ok(False, "%s: dumps differ at line %d:\n  %r\n  %r" % (what, n + 1, x, y))
        return self.ok(False, "%s: dumps differ in length (%d vs %d lines)" % (what, len(la), len(lb)))


def parse_argv():
    """(MAPSLEUTH, PROJECT_SOURCE_DIR), absolute."""
    tool, src, _rest = e2e_common.parse_argv()
    return tool, src


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
