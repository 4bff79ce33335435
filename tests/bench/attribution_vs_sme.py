#!/usr/bin/env python3
"""Compares mapsleuth's byte attribution with source-map-explorer's (docs/attribution.md).

usage: attribution_vs_sme.py compare OURS.json SME.json [regular|index]
       attribution_vs_sme.py cases ATTRIBUTION_BENCH SME_DIR

compare: OURS.json is written by attribution_bench with MAPSLEUTH_ATTRIBUTION_DUMP=OURS.json,
SME.json by `npx source-map-explorer BUNDLE MAP --json --no-border-checks > SME.json`.
source-map-explorer keys files by source name (equal names merge) and drops sources that own no
byte; its special rows are [unmapped], [EOLs], [sourceMappingURL] and [no source]. Prints one
comparison table in Markdown; exits 1 if any figure differs.

cases: writes small bundles where the two definitions part (CRLF, U+2028, surrogate pairs, ...)
into a temporary directory, runs attribution_bench (dump only) and source-map-explorer (from
SME_DIR, which has node_modules/.bin/source-map-explorer) on each, and prints a table.
"""
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def vlq(v: int) -> str:
    v = (-v << 1) | 1 if v < 0 else v << 1
    out = ""
    while True:
        digit = v & 31
        v >>= 5
        out += B64[digit | (32 if v else 0)]
        if not v:
            return out


def encode(lines) -> str:
    """lines: [[(column, source or None), ...], ...] with absolute values."""
    out, source = [], 0
    for line in lines:
        segs, column = [], 0
        for col, src in line:
            seg = vlq(col - column)
            column = col
            if src is not None:
                seg += vlq(src - source) + "AA"
                source = src
            segs.append(seg)
        out.append(",".join(segs))
    return ";".join(out)


# name, bundle bytes, segments per line, why the figures part (or "" when they agree)
CASES = [
    ("lf", b"ab\ncd\n", [[(0, 0)], [(0, 1)]], ""),
    ("crlf", b"ab\r\ncd\r\n", [[(0, 0)], [(0, 1)]], ""),
    ("multibyte", "\u00e9\u4e2dx".encode(), [[(0, 0), (1, 1), (2, 2)]], ""),
    ("astral", "a\U0001F600b".encode(), [[(0, 0), (1, 1), (3, 2)]], ""),
    ("lone-cr", b"ab\rcd\nef", [[(0, 0)], [(0, 1)], [(0, 2)]],
     "SME splits lines on \\n only (\\r\\n if the file has one): \\r is inside a line"),
    ("mixed-eol", b"ab\r\ncd\nef", [[(0, 0)], [(0, 1)], [(0, 2)]],
     "one \\r\\n makes SME split on \\r\\n only: the \\n is inside line 1"),
    ("u2028", "a\u2028b\u2029c".encode(), [[(0, 0)], [(0, 1)], [(0, 2)]],
     "U+2028/U+2029 end a line here (ECMA-262), not in SME"),
    ("split-pair", "a\U0001F600b".encode(), [[(0, 0), (2, 1)]],
     "column 2 is the low surrogate: SME cuts the pair and counts 3 bytes for each half"),
    ("invalid-utf8", b"\xffab", [[(0, 0), (1, 1)]],
     "Node decodes 0xFF as U+FFFD, 3 bytes re-encoded: SME's total is 5 for this 3-byte file"),
    ("bom", "\ufeffab".encode(), [[(0, 0), (1, 1)]], ""),
    ("leading-blank", b"  ab\ncd", [[(2, 0)], [(0, 1)]],
     "SME trim()s the file: line 0 loses its leading blanks, columns shift"),
    ("equal-columns", b"abcd", [[(2, 0), (2, 1)]],
     "equal columns: the first in the map wins here; in SME the last after its sort wins"),
    ("equal-columns-2", b"abcd", [[(2, 1), (2, 0)]], ""),
    ("one-field", b"abcd", [[(0, 0), (2, None)]],
     "a 1-field segment's bytes: unmapped here, [no source] in SME"),
    ("comment", b"ab\n//# sourceMappingURL=x.js.map\n", [[(0, 0)]], ""),
    ("comment-blanks", b"ab\n//# sourceMappingURL=x.js.map  \n", [[(0, 0)]],
     "blanks after the URL: part of the comment here, trimmed by SME (unmapped)"),
    ("comment-no-space", b"ab\n//#sourceMappingURL=x.js.map\n", [[(0, 0)]],
     "ECMA-426 allows no blank after //#; SME's regex needs one (comment is unmapped there)"),
    ("comment-not-last", b"//# sourceMappingURL=x.js.map\nab", [[], [(0, 0)]],
     "not trailing (code follows), so ordinary text here; SME cuts the first match anywhere, "
     "trim()s, lines shift up"),
    ("past-eol", b"ab\ncd", [[(0, 0), (5, 1)], [(0, 1)]], ""),
]


def run_cases(bench: str, sme_dir: str) -> int:
    sme_bin = os.path.join(sme_dir, "node_modules", ".bin", "source-map-explorer")
    print("| case | bundle bytes | mapsleuth: sources / unmapped / EOL / comment "
          "| source-map-explorer: sources / unmapped (+[no source]) / EOLs / comment | why |")
    print("| --- | ---: | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for name, js, lines, why in CASES:
            sources = 1 + max((s for line in lines for _, s in line if s is not None), default=0)
            js_path = os.path.join(tmp, name + ".js")
            with open(js_path, "wb") as f:
                f.write(js)
            with open(js_path + ".map", "w") as f:
                json.dump({"version": 3, "sources": [f"s{i}.js" for i in range(sources)],
                           "names": [], "mappings": encode(lines)}, f)
            dump = os.path.join(tmp, name + ".ours.json")
            env = dict(os.environ, MAPSLEUTH_BENCH_MAP=js_path + ".map", MAPSLEUTH_BENCH_JS=js_path,
                       MAPSLEUTH_BENCH_INDEX_MAP=os.path.join(tmp, "none"),
                       MAPSLEUTH_ATTRIBUTION_DUMP=dump)
            subprocess.run([bench, "--benchmark_filter=^$"], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ours = json.load(open(dump))["regular"]
            res = subprocess.run([sme_bin, js_path, js_path + ".map", "--json",
                                  "--no-border-checks"], capture_output=True, text=True,
                                 cwd=sme_dir)
            files = {k: v["size"] for k, v in json.loads(res.stdout)["results"][0]["files"].items()}
            theirs = [files.get(f"s{i}.js", 0) for i in range(sources)]
            a = (f"{[s['bytes'] for s in ours['sources']]} / {ours['unmapped']} / "
                 f"{ours['line_terminators']} / {ours['map_comment']}")
            nosrc = files.get("[no source]")
            b = (f"{theirs} / {files.get('[unmapped]', 0)}{f' (+{nosrc})' if nosrc else ''} / "
                 f"{files.get('[EOLs]', 0)} / {files.get('[sourceMappingURL]', 0)}")
            print(f"| {name} | {len(js)} | {a} | {b} | {why or 'same'} |")
    return 0


def compare(ours_path: str, sme_path: str, which: str) -> int:
    ours = json.load(open(ours_path))[which]
    sme = json.load(open(sme_path))["results"][0]
    files = {k: v["size"] for k, v in sme["files"].items()}

    by_name = defaultdict(int)
    count = defaultdict(int)
    for s in ours["sources"]:
        by_name[s["name"]] += s["bytes"]
        count[s["name"]] += 1
    special = {"[unmapped]", "[EOLs]", "[sourceMappingURL]", "[no source]"}
    theirs = {k: v for k, v in files.items() if k not in special}

    rows = [
        ("file size", ours["file_size"], sme["totalBytes"]),
        ("sources (sum)", sum(by_name.values()), sme["mappedBytes"] - files.get("[no source]", 0)),
        ("unmapped", ours["unmapped"], files.get("[unmapped]", 0) + files.get("[no source]", 0)),
        ("line terminators", ours["line_terminators"], files.get("[EOLs]", 0)),
        ("map comment", ours["map_comment"], files.get("[sourceMappingURL]", 0)),
    ]
    print(f"map: {ours['map']} ({which})")
    print("| bucket | mapsleuth | source-map-explorer | difference |")
    print("| --- | ---: | ---: | ---: |")
    differ = False
    for name, a, b in rows:
        differ |= a != b
        print(f"| {name} | {a:,} | {b:,} | {a - b:+,} |")

    names = set(by_name) | set(theirs)
    exact = sum(1 for n in names if by_name.get(n, 0) == theirs.get(n, 0))
    zero_ours = sum(1 for n in by_name if by_name[n] == 0)
    missing = sorted(n for n in by_name if n not in theirs)
    extra = sorted(n for n in theirs if n not in by_name)
    dups = sum(1 for n in count if count[n] > 1)
    diffs = sorted(
        ((abs(by_name.get(n, 0) - theirs.get(n, 0)), n) for n in names), reverse=True
    )
    print()
    print(f"sources in the map: {len(ours['sources']):,}; distinct names: {len(by_name):,}"
          f" (names listed more than once: {dups})")
    print(f"names with the same byte count in both: {exact:,} of {len(names):,}")
    print(f"owning no byte (absent from source-map-explorer): {zero_ours}; absent there but"
          f" non-zero here: {sum(1 for n in missing if by_name[n] != 0)}; only there: {len(extra)}")
    if diffs and diffs[0][0] > 0:
        differ = True
        print("largest differences:")
        for d, n in diffs[:10]:
            if d == 0:
                break
            print(f"  {n}: mapsleuth {by_name.get(n, 0):,}, "
                  f"source-map-explorer {theirs.get(n, 0):,}")
    else:
        print("largest per-source difference: 0 bytes")
    for n in missing:
        if by_name[n] == 0:
            print(f"  no bytes: {n}")
    return 1 if differ else 0


def main() -> int:
    if len(sys.argv) >= 4 and sys.argv[1] == "compare":
        return compare(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "regular")
    if len(sys.argv) == 4 and sys.argv[1] == "cases":
        return run_cases(sys.argv[2], sys.argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
