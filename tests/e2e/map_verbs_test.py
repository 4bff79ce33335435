#!/usr/bin/env python3
"""Golden test 6: the map verbs (validate, sources, decode, lookup) on the sample maps.

    python3 map_verbs_test.py MAPSLEUTH PROJECT_SOURCE_DIR

* `validate` on dist/esbuild/qf.js.map, dist/webpack/qf.js.map and dist/site/assets/app.css.map:
  exit 0, valid, no errors, stats equal to samples/expected/counts.json.
* `sources` on the esbuild and webpack maps: one entry per `sources` element, in order, each
  sourceRoot + source (ECMA-426), with content, not ignored.
* `decode` on the esbuild map: sources (url, content) as in the JSON, and every mapping equal to
  an independent decode of `mappings` (as many as counts.json's segments).
* `lookup` on the esbuild map: positions on segments, between segments, before the first segment
  of a line and past the last line give the greatest-lower-bound segment (or nulls), and every
  source found is a file of samples/app.
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import e2e_common as ec  # noqa: E402

ESBUILD = "dist/esbuild/qf.js.map"
VALIDATE = [ESBUILD, "dist/webpack/qf.js.map", "dist/site/assets/app.css.map"]


def with_root(root, source):
    if source is None:
        return None
    if not root:
        return source
    return root + source if root.endswith("/") else root + "/" + source


def main():
    tool, src, _ = ec.parse_argv()
    checks = ec.Checks("golden map verbs")
    samples = os.path.join(src, "samples")
    counts = ec.load_json(os.path.join(samples, "expected", "counts.json"))["maps"]

    # validate
    for rel in VALIDATE:
        cmd = [tool, "validate", os.path.join(samples, rel)]
        rc, so, se = ec.run(cmd)
        checks.eq(rc, 0, "`%s` exit status (stderr %r)" % (ec.show(cmd), se.strip()[-300:]))
        try:
            v = json.loads(so)
        except ValueError:
            checks.ok(False, "validate %s: stdout is not JSON: %r" % (rel, so[:300]))
            continue
        checks.eq((v.get("valid"), v.get("errors")), (True, []), "validate %s: (valid, errors)" % rel)
        stats = v.get("stats", {})
        for f in ec.COUNT_FIELDS:
            checks.eq(stats.get(f), counts[rel][f], "validate %s: stats.%s vs counts.json" % (rel, f))
        checks.info("validate %s: valid, stats equal counts.json (%d segments, %d warnings)"
                    % (rel, stats.get("segments", -1), len(v.get("warnings", []))))

    # sources
    for rel in (ESBUILD, "dist/webpack/qf.js.map"):
        m = ec.load_json(os.path.join(samples, rel))
        cmd = [tool, "sources", os.path.join(samples, rel)]
        rc, so, se = ec.run(cmd)
        checks.eq(rc, 0, "`%s` exit status" % ec.show(cmd))
        got = [(e.get("index"), e.get("source"), e.get("ignored"), e.get("hasContent"))
               for e in json.loads(so)] if rc == 0 else []
        want = [(i, with_root(m.get("sourceRoot"), s), False, True) for i, s in enumerate(m["sources"])]
        checks.eq(got, want, "sources %s: (index, source, ignored, hasContent)" % rel)
        checks.info("sources %s: %d entries, sourceRoot %r applied" % (rel, len(got), m.get("sourceRoot")))

    # decode (esbuild map) against an independent decoder
    path = os.path.join(samples, ESBUILD)
    m = ec.load_json(path)
    segs = ec.decode_mappings(m["mappings"])
    checks.eq(len(segs), counts[ESBUILD]["segments"], "independent decoder vs counts.json segments")
    cmd = [tool, "decode", path]
    rc, so, se = ec.run(cmd)
    checks.eq(rc, 0, "`%s` exit status" % ec.show(cmd))
    if rc == 0:
        d = json.loads(so)
        checks.eq(len(d["mappings"]), counts[ESBUILD]["segments"], "decode: mappings vs segments")
        checks.eq([(s.get("url"), s.get("content")) for s in d["sources"]],
                  [(with_root(m["sourceRoot"], s), c) for s, c in zip(m["sources"], m["sourcesContent"])],
                  "decode: sources (url, content)")
        got = []
        for e in d["mappings"]:
            g, o = e["generatedPosition"], e["originalPosition"]
            if o is None:
                got.append((g["line"], g["column"], None, None, None, None))
            else:
                got.append((g["line"], g["column"], o["sourceIndex"], o["line"], o["column"], e["name"]))
        want = [(l, c, s, ol, oc, None if n is None else m["names"][n]) for l, c, s, ol, oc, n in segs]
        first = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), None)
        checks.ok(got == want, "decode: mappings differ from the independent decode; first at #%s: "
                  "got %r, want %r" % (first, first is not None and got[first],
                                       first is not None and want[first]))
        checks.info("decode %s: %d mappings equal an independent VLQ decode" % (ESBUILD, len(got)))

    # lookup: greatest lower bound on the line (tc39 conformance contract)
    by_line = {}
    for seg in segs:
        by_line.setdefault(seg[0], []).append(seg)
    probes = []
    mapped = [s for s in segs if s[2] is not None]
    for i in range(0, len(mapped), max(1, len(mapped) // 12)):
        line, col = mapped[i][0], mapped[i][1]
        probes.append((line, col))
        line_segs = [s[1] for s in by_line[line]]
        nxt = [c for c in line_segs if c > col]
        if not nxt or nxt[0] > col + 1:
            probes.append((line, col + 1))  # between segments: still this one
    first_line = min(by_line)
    probes.append((first_line, by_line[first_line][0][1] - 1))  # before the first segment
    probes.append((0, 0))
    probes.append((counts[ESBUILD]["gen_lines"] + 3, 0))  # past the last line

    def expect(line, col):
        best = None
        for s in by_line.get(line, []):
            if s[1] <= col:
                best = s
        if best is None or best[2] is None:
            return (None, None, None, None, None)
        return (with_root(m["sourceRoot"], m["sources"][best[2]]), best[2], best[3], best[4],
                None if best[5] is None else m["names"][best[5]])

    cmd = [tool, "lookup", path] + ["%d:%d" % p for p in probes]
    rc, so, se = ec.run(cmd)
    checks.eq(rc, 0, "`mapsleuth lookup` exit status (stderr %r)" % se.strip()[-300:])
    lines = so.splitlines()
    checks.eq(len(lines), len(probes), "lookup: one JSON line per position")
    tsv = ec.load_sources_tsv(src)
    found = 0
    for (line, col), text in zip(probes, lines):
        r = json.loads(text)
        got = (r.get("source"), r.get("sourceIndex"), r.get("line"), r.get("column"), r.get("name"))
        checks.eq(got, expect(line, col), "lookup %d:%d (source, sourceIndex, line, column, name)"
                  % (line, col))
        if r.get("source"):
            rel = r["source"][len(m["sourceRoot"]):]
            # node_modules/ is not committed (samples/build.sh installs it): the independent
            # listing in expected/sources.tsv vouches for those; our own sources must exist.
            on_disk = rel.startswith("node_modules/") or os.path.isfile(
                os.path.join(samples, "app", rel))
            checks.ok(rel in tsv and on_disk,
                      "lookup %d:%d: source %s is not a file of samples/app" % (line, col, r["source"]))
            found += 1
    checks.info("lookup: %d positions, %d mapped to existing samples/app files, the rest null"
                % (len(probes), found))
    checks.finish()


if __name__ == "__main__":
    main()
