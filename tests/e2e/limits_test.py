"""Every limit of DESIGN section 5 is an option with a default, and hitting it is one clear
diagnostic, not a crash; the good data beside it stays (DESIGN section 5, issue: reliability).

    python3 limits_test.py MAPSLEUTH PROJECT_SOURCE_DIR [CASE...]

Each case builds a small input in a scratch directory that holds one thing over the limit next to a
good map, scans it with the limit lowered on the command line, and checks: the exit status, the
diagnostic code (and that its message names the limit), the input status, that the good map was
still rebuilt byte-exact, and that `scan --help` documents the option with its default. CTest runs
one case per test (`golden.limits.<case>`).
"""
import base64
import io
import json
import os
import sys
import tarfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_common import load_json, run, run_cases, scan  # noqa: E402

GOOD_SOURCE = "export const good = 1;\n"
GOOD_MAP = {"version": 3, "file": "good.js", "sources": ["src/good.ts"],
            "sourcesContent": [GOOD_SOURCE], "names": [], "mappings": "AAAA"}


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def map_json(sources, mappings="AAAA", contents=None, **extra):
    m = {"version": 3, "sources": sources, "names": [], "mappings": mappings}
    m["sourcesContent"] = contents if contents is not None else ["// %s\n" % s for s in sources]
    m.update(extra)
    return json.dumps(m)


def tgz(path, files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        for name, data in files:
            data = data if isinstance(data, bytes) else data.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    write(path, buf.getvalue())


def good_dir(root):
    """A directory input with the good map in it; returns its path."""
    write(os.path.join(root, "in", "good.js.map"), json.dumps(GOOD_MAP))
    return os.path.join(root, "in")


def nested_index(depth):
    """An index map whose first section nests `depth` index maps down to a regular map."""
    inner = json.loads(map_json(["deep.ts"]))
    for _ in range(depth):
        inner = {"version": 3, "sections": [{"offset": {"line": 0, "column": 0}, "map": inner}]}
    return json.dumps(inner)


def index_map(n):
    return json.dumps({"version": 3, "sections": [
        {"offset": {"line": i, "column": 0}, "map": json.loads(map_json(["s%d.ts" % i]))}
        for i in range(n)]})


# case -> (option, value, default shown by --help, builder(root) -> input path, diagnostic code,
#          expected input status, expected exit status)
def case_input_bytes(root):
    d = good_dir(root)
    write(os.path.join(d, "zz-big.txt"), "x" * 20000)  # walked after good.js.map (sorted)
    return d


def case_entry_bytes(root):
    p = os.path.join(root, "pkg.tgz")
    tgz(p, [("package/big.js", "x" * 5000), ("package/good.js.map", json.dumps(GOOD_MAP))])
    return p


def case_entries(root):
    p = os.path.join(root, "pkg.tgz")
    tgz(p, [("package/good.js.map", json.dumps(GOOD_MAP))]
        + [("package/f%02d.txt" % i, "x") for i in range(10)])
    return p


def case_json_bytes(root):
    d = good_dir(root)
    write(os.path.join(d, "huge.js.map"), map_json(["h.ts"], contents=["y" * 5000]))
    return d


def case_json_depth(root):
    d = good_dir(root)
    write(os.path.join(d, "deep.js.map"), map_json(["d.ts"], x_nested=[[[[[[[[[[1]]]]]]]]]]))
    return d


def case_segments(root):
    d = good_dir(root)
    write(os.path.join(d, "many.js.map"), map_json(["m.ts"], mappings="AAAA," * 40 + "AAAA"))
    return d


def case_sections(root):
    d = good_dir(root)
    write(os.path.join(d, "index.js.map"), index_map(5))
    return d


def case_sources(root):
    d = good_dir(root)
    write(os.path.join(d, "wide.js.map"), map_json(["w%d.ts" % i for i in range(8)]))
    return d


def case_files(root):
    d = good_dir(root)
    write(os.path.join(d, "wide.js.map"), map_json(["w%d.ts" % i for i in range(8)]))
    return d


def case_path_bytes(root):
    d = good_dir(root)
    write(os.path.join(d, "long.js.map"), map_json(["src/" + "n" * 200 + "/long.ts"]))
    return d


def case_path_depth(root):
    d = good_dir(root)
    write(os.path.join(d, "depth.js.map"), map_json(["/".join("d%d" % i for i in range(12)) + "/x.ts"]))
    return d


def case_data_uri(root):
    d = good_dir(root)
    inline = base64.b64encode(map_json(["inline.ts"], contents=["z" * 3000]).encode()).decode()
    write(os.path.join(d, "inline.js"),
          "var a=1;\n//# sourceMappingURL=data:application/json;base64," + inline + "\n")
    return d


def case_map_nesting(root):
    d = good_dir(root)
    write(os.path.join(d, "nested.js.map"), nested_index(3))
    return d


CASES = {
    # name: (option, low value, default, builder, code, message must mention, status, exit)
    "input_bytes": ("--max-input-bytes", "10000", "1073741824", case_input_bytes,
                    "E_LIMIT_INPUT_BYTES", "10000", "partial", 1),
    "entry_bytes": ("--max-entry-bytes", "1000", "536870912", case_entry_bytes,
                    "E_LIMIT_ENTRY_BYTES", "1000", "ok", 0),
    "entries": ("--max-entries", "4", "200000", case_entries, "E_LIMIT_ENTRIES", "4", "partial", 1),
    "json_bytes": ("--max-json-bytes", "1000", "268435456", case_json_bytes, "E_LIMIT_JSON_BYTES",
                   "1000", "ok", 0),
    "json_depth": ("--max-json-depth", "6", "64", case_json_depth, "E_LIMIT_JSON_DEPTH", "6", "ok", 0),
    "segments": ("--max-segments", "10", "200000000", case_segments, "E_LIMIT_SEGMENTS", "10", "ok", 0),
    "sections": ("--max-sections", "2", "10000", case_sections, "E_LIMIT_SECTIONS", "2", "ok", 0),
    "sources": ("--max-sources", "3", "1000000", case_sources, "E_LIMIT_SOURCES", "3", "ok", 0),
    "files": ("--max-files", "4", "100000", case_files, "E_LIMIT_FILES", "4", "ok", 0),
    "path_bytes": ("--max-path-bytes", "100", "1024", case_path_bytes, "W_SOURCE_NAME_SHORTENED",
                   "", "ok", 0),
    "path_depth": ("--max-path-depth", "4", "64", case_path_depth, "W_SOURCE_NAME_SHORTENED", "",
                   "ok", 0),
    "data_uri": ("--max-data-uri-bytes", "1000", "268435456", case_data_uri, "E_LIMIT_DATA_URI",
                 "1000", "ok", 0),
    "map_nesting": ("--max-map-nesting", "1", "4", case_map_nesting, "E_LIMIT_MAP_DEPTH", "1", "ok",
                    0),
}


def check_case(checks, tool, name):
    option, value, default, build, code, mention, status, want_rc = CASES[name]
    rc, help_text, _ = run([tool, "scan", "--help"])
    checks.ok(rc == 0 and (option + " arg (=" + default + ")") in help_text,
              "%s: `scan --help` does not document %s with default %s" % (name, option, default))

    root = checks.tempdir()
    src = build(root)
    out = os.path.join(root, "out")
    rc, _, stderr = scan(checks, tool, [src], out, extra=[option, value], expect_rc=want_rc)
    checks.ok("Sanitizer" not in stderr and "Assertion" not in stderr,
              "%s: sanitizer or assertion output: %s" % (name, stderr[-500:]))
    report_path = os.path.join(out, "report.json")
    if not checks.ok(os.path.isfile(report_path), "%s: no report.json" % name):
        return
    report = load_json(report_path)
    hits = [d for d in report["diagnostics"] if d["code"] == code]
    if checks.ok(hits, "%s: no %s diagnostic; codes: %s"
                 % (name, code, sorted({d["code"] for d in report["diagnostics"]}))):
        checks.ok(all(mention in d["message"] for d in hits),
                  "%s: %s message does not name the limit %s: %r" % (name, code, mention,
                                                                     hits[0]["message"]))
        checks.info("%s %s -> %s: %s" % (option, value, code, hits[0]["message"]))
    checks.eq(report["inputs"][0]["status"], status, "%s: input status" % name)

    # The good map beside the offender is still rebuilt, byte-exact.
    good = [s for s in report["sources"] if s["path"] == "src/good.ts"]
    if checks.ok(len(good) == 1 and good[0].get("file"), "%s: good source not rebuilt" % name):
        with open(os.path.join(out, "sources", good[0]["file"]), encoding="utf-8") as f:
            checks.eq(f.read(), GOOD_SOURCE, "%s: rebuilt good source" % name)

    # Under the default limit the same input has no such diagnostic.
    out2 = os.path.join(root, "out-default")
    scan(checks, tool, [src], out2, expect_rc=0)
    if os.path.isfile(os.path.join(out2, "report.json")):
        again = load_json(os.path.join(out2, "report.json"))
        checks.ok(not [d for d in again["diagnostics"] if d["code"] == code],
                  "%s: %s also raised under the default limit" % (name, code))


def main():
    run_cases("limits", CASES, lambda checks, tool, src, name: check_case(checks, tool, name))


if __name__ == "__main__":
    main()
