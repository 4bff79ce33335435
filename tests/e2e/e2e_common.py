"""Shared helpers of the golden end-to-end tests (label `golden`) over samples/.

Every test script is run as

    python3 SCRIPT.py MAPSLEUTH PROJECT_SOURCE_DIR [INPUT]

where INPUT is one of the sample inputs below (relative to samples/); without it the script runs
every input. Python 3 standard library only. Each script prints what it checked and exits 1 with
one precise message per failed check. Scratch directories are removed on success and kept (their
path is printed) on failure.

Goldens live in tests/e2e/golden/; set MAPSLEUTH_UPDATE_GOLDEN=1 to rewrite them from the tool's
output, then review them as a diff before committing.
"""
import base64
import difflib
import hashlib
import json
import os
import posixpath
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile

# (input relative to samples/, expected inputs[].kind, counts.json keys of the maps it holds,
#  bundles column of expected/sources.tsv whose files the maps must rebuild byte-exact)
INPUTS = [
    ("packages/quillfeather-qf-cli-2.4.0.tgz", "tgz",
     ["packages/quillfeather-qf-cli-2.4.0.tgz!/package/dist/qf.js.map"], ["esbuild"]),
    ("packages/quillfeather-qf-cli-2.4.1.tgz", "tgz", [], []),
    ("dist/esbuild/qf.js", "js", ["dist/esbuild/qf.js.map"], ["esbuild"]),
    ("dist/esbuild/qf.js.map", "map", ["dist/esbuild/qf.js.map"], ["esbuild"]),
    ("dist/webpack/qf.js.map", "map", ["dist/webpack/qf.js.map"], ["webpack"]),
    ("dist/rollup/qf.js", "js", ["dist/rollup/qf.js"], ["rollup"]),
    ("dist/site", "dir", ["dist/site/assets/app.css.map", "dist/site/assets/qf.js.map"],
     ["webpack", "site-css"]),
]
INPUT_BY_NAME = {i[0]: i for i in INPUTS}

REPORT_FILES = ["report.json", "report.md", "report.html", "report.sarif", "manifest.json",
                "sources.csv"]
# Per-map figures of samples/expected/counts.json (JSON.parse + @jridgewell/sourcemap-codec).
COUNT_FIELDS = ["sources", "sources_with_content", "sc_bytes", "sc_lines", "names", "segments",
                "gen_lines", "mappings_bytes"]


class Checks:
    """Collects failed checks so one run reports all of them, then exits accordingly."""

    def __init__(self, title):
        self.title = title
        self.failures = []
        self.passed = 0
        self._scratch_dirs = []

    def ok(self, cond, msg):
        if cond:
            self.passed += 1
        else:
            self.failures.append(msg)
            print("FAIL: " + msg, flush=True)
        return cond

    def eq(self, actual, expected, what):
        return self.ok(actual == expected, "%s: expected %r, got %r" % (what, expected, actual))

    def info(self, msg):
        print("  " + msg, flush=True)

    def tempdir(self, prefix="mapsleuth-e2e-"):
        d = tempfile.mkdtemp(prefix=prefix)
        self._scratch_dirs.append(d)
        return d

    def finish(self):
        if self.failures:
            for d in self._scratch_dirs:
                print("kept scratch directory: " + d)
            print("%s: %d checks passed, %d FAILED" % (self.title, self.passed, len(self.failures)))
            sys.exit(1)
        for d in self._scratch_dirs:
            shutil.rmtree(d, ignore_errors=True)
        print("%s: all %d checks passed" % (self.title, self.passed))
        sys.exit(0)


def parse_argv(usage_extra=""):
    if len(sys.argv) < 3:
        sys.stderr.write("usage: %s MAPSLEUTH PROJECT_SOURCE_DIR %s\n" % (sys.argv[0], usage_extra))
        sys.exit(2)
    tool = os.path.abspath(sys.argv[1])
    src = os.path.abspath(sys.argv[2])
    rest = sys.argv[3:]
    return tool, src, rest


def run_cases(title, cases, run_case):
    """The main() of a script of named cases: `SCRIPT MAPSLEUTH SRC [CASE...]` runs the cases named
    (all of them without names) as run_case(checks, tool, src, name), then reports."""
    tool, src, rest = parse_argv("[CASE...]")
    names = rest or list(cases)
    for name in names:
        if name not in cases:
            sys.stderr.write("unknown case %r; known: %s\n" % (name, ", ".join(cases)))
            sys.exit(2)
    checks = Checks(title + " " + " ".join(names))
    for name in names:
        run_case(checks, tool, src, name)
    checks.finish()


def select_inputs(rest):
    if not rest:
        return list(INPUTS)
    out = []
    for name in rest:
        if name not in INPUT_BY_NAME:
            sys.stderr.write("unknown sample input %r; known: %s\n" % (name, ", ".join(INPUT_BY_NAME)))
            sys.exit(2)
        out.append(INPUT_BY_NAME[name])
    return out


def run(cmd, cwd=None, timeout=120):
    """Runs a command; returns (exit status, stdout text, stderr text)."""
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def show(cmd):
    return " ".join(cmd)


def sha256_bytes(data):
    return hashlib.sha256(data).hexdigest()


def sha256_file(path):
    with open(path, "rb") as f:
        return sha256_bytes(f.read())


def load_json(path):
    with open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"))


def golden_dir(src):
    return os.path.join(src, "tests", "e2e", "golden")


def golden_stem(input_rel):
    return input_rel.replace("/", "_")


def update_mode():
    return os.environ.get("MAPSLEUTH_UPDATE_GOLDEN", "") not in ("", "0")


def compare_golden(checks, path, actual, what):
    """Compares text with a golden file (exactly); rewrites it in update mode."""
    if update_mode():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="ascii", newline="\n") as f:
            f.write(actual)
        checks.info("updated golden %s" % os.path.relpath(path))
        checks.ok(True, "")
        return
    if not os.path.exists(path):
        checks.ok(False, "%s: golden file %s is missing; run with MAPSLEUTH_UPDATE_GOLDEN=1 and "
                         "review it" % (what, path))
        return
    with open(path, encoding="ascii") as f:
        expected = f.read()
    if expected == actual:
        checks.ok(True, "")
        checks.info("%s matches %s" % (what, os.path.basename(path)))
        return
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        "golden/" + os.path.basename(path), "actual", n=1))
    lines = diff.splitlines(True)
    if len(lines) > 80:
        diff = "".join(lines[:80]) + "... (%d more diff lines)\n" % (len(lines) - 80)
    checks.ok(False, "%s differs from golden %s (MAPSLEUTH_UPDATE_GOLDEN=1 regenerates it):\n%s"
              % (what, path, diff))


def escape_text(s):
    """ASCII-only, one-line rendering of an input-derived string for a golden file."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif 0x20 <= o < 0x7F:
            out.append(ch)
        elif o < 0x100:
            out.append("\\x%02x" % o)
        elif o < 0x10000:
            out.append("\\u%04x" % o)
        else:
            out.append("\\U%08x" % o)
    return "".join(out)


def scan(checks, tool, inputs, out, extra=(), expect_rc=0, cwd=None):
    """Runs `mapsleuth scan INPUTS --out OUT --quiet EXTRA`; checks the exit status."""
    cmd = [tool, "scan"] + list(inputs) + ["--out", out, "--quiet", "--progress", "never"] + list(extra)
    rc, so, se = run(cmd, cwd=cwd)
    checks.ok(rc == expect_rc, "`%s` exited %d, expected %d; stderr: %s"
              % (show(cmd), rc, expect_rc, se.strip()[-2000:]))
    return rc, so, se


def counts_key(input_rel, kind, map_path):
    """The samples/expected/counts.json key of a map that report.json names `map_path`."""
    if kind in ("tgz", "tar", "zip"):
        return input_rel + "!/" + map_path
    if kind == "dir":
        return posixpath.normpath(input_rel + "/" + map_path)
    return posixpath.normpath(posixpath.join(posixpath.dirname(input_rel), map_path))


def load_sources_tsv(src):
    rows = {}
    with open(os.path.join(src, "samples", "expected", "sources.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        assert header[:4] == ["path", "sha256", "bytes", "bundles"], header
        for line in f:
            path, sha, size, bundles = line.rstrip("\n").split("\t")
            rows[path] = {"sha256": sha, "bytes": int(size),
                          "bundles": [] if bundles == "-" else bundles.split(",")}
    return rows


def match_tsv(resolved, tsv):
    """The longest sources.tsv path that `resolved` ends with, on a '/' boundary (None if none)."""
    best = None
    for path in tsv:
        if resolved == path or resolved.endswith("/" + path):
            if best is None or len(path) > len(best):
                best = path
    return best


def package_lock_versions(src):
    lock = load_json(os.path.join(src, "samples", "app", "package-lock.json"))
    out = {}
    for key, val in lock.get("packages", {}).items():
        if key.startswith("node_modules/") and "version" in val:
            out[key[len("node_modules/"):]] = val["version"]
    return out


def node_module_name(path):
    """The package of the last node_modules segment of a path ("kleur", "@scope/name")."""
    parts = path.split("/")
    idx = [i for i, p in enumerate(parts) if p == "node_modules"]
    if not idx or idx[-1] + 1 >= len(parts):
        return None
    i = idx[-1] + 1
    if parts[i].startswith("@") and i + 1 < len(parts):
        return parts[i] + "/" + parts[i + 1]
    return parts[i]


def walk_tree(root):
    """{relative path: (kind, bytes, sha256)} of everything under root (symlinks not followed)."""
    out = {}
    if not os.path.lexists(root):
        return out
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            st = os.lstat(full)
            if stat.S_ISDIR(st.st_mode):
                continue
            if stat.S_ISREG(st.st_mode):
                out[rel] = ("file", st.st_size, sha256_file(full))
            else:
                out[rel] = ("other:%o" % stat.S_IFMT(st.st_mode), st.st_size, None)
    return out


def map_bytes_of(src, key):
    """The bytes of the map counts.json calls `key` (a file, a tarball member or an inline map)."""
    samples = os.path.join(src, "samples")
    if "!/" in key:
        archive, member = key.split("!/", 1)
        with tarfile.open(os.path.join(samples, archive), "r:*") as tar:
            return tar.extractfile(member).read()
    path = os.path.join(samples, key)
    with open(path, "rb") as f:
        data = f.read()
    if key.endswith(".map"):
        return data
    # an inline map: the data: URI of the trailing sourceMappingURL comment
    m = re.search(rb"sourceMappingURL=data:([^,]*),(\S+)\s*(\*/)?\s*$", data)
    if not m:
        raise ValueError("no inline map in " + path)
    payload = m.group(2)
    if m.group(1).endswith(b";base64"):
        return base64.b64decode(payload)
    from urllib.parse import unquote_to_bytes
    return unquote_to_bytes(payload)


B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def decode_mappings(mappings):
    """Independent ECMA-426 mappings decoder: a list of segments
    (gen_line, gen_col, src_idx|None, orig_line|None, orig_col|None, name_idx|None)."""
    segs = []
    src = oline = ocol = name = 0
    for line_no, line in (enumerate(mappings.split(";")) if mappings else []):
        gcol = 0
        for group in line.split(","):
            if not group:
                continue
            vals = []
            shift = value = 0
            for ch in group:
                digit = B64[ch]
                value += (digit & 31) << shift
                if digit & 32:
                    shift += 5
                else:
                    vals.append(-(value >> 1) if value & 1 else value >> 1)
                    shift = value = 0
            gcol += vals[0]
            if len(vals) == 1:
                segs.append((line_no, gcol, None, None, None, None))
                continue
            src += vals[1]
            oline += vals[2]
            ocol += vals[3]
            nm = None
            if len(vals) == 5:
                name += vals[4]
                nm = name
            segs.append((line_no, gcol, src, oline, ocol, nm))
    return segs
