#!/usr/bin/env python3
"""Shards and merge: shard 1/3 + 2/3 + 3/3 merged equals the unsharded run.

    python3 shard_merge_test.py MAPSLEUTH PROJECT_SOURCE_DIR

Over 45 generated inputs plus the samples/ inputs: the unsharded run with --jobs 1 and --jobs 2
gives one canonical dump; the three shards are disjoint and cover the list; merging them (in any
order, and again) gives that dump; `report --db` writes the same portfolio from the merged and
the unsharded database. Also: a merge that meets one input finished with different content is
refused with E_DB_MERGE_CONFLICT and changes nothing; a batch with other analysis options on an
existing database is refused with E_DB_OPTIONS; --out writes each input's reports beneath
DIR/<identity>/.
"""
import json
import os
import shutil
import subprocess

import scale_common as sc

SAMPLES = ["packages/quillfeather-qf-cli-2.4.0.tgz", "packages/quillfeather-qf-cli-2.4.1.tgz",
           "dist/esbuild/qf.js", "dist/webpack/qf.js.map", "dist/site"]


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def ids(db):
    con = sc.canonical_dump.connect(db)
    try:
        return {r[0] for r in con.execute("SELECT id FROM inputs")}
    finally:
        con.close()


def main():
    tool, src = sc.parse_argv()
    checks = sc.Checks("scale shard_merge")
    d = checks.scratch
    extra = [os.path.join(src, "samples", s) for s in SAMPLES]
    list_path = sc.gen_inputs.generate(d, 45, seed=11, extra_lines=extra)
    db = lambda name: os.path.join(d, name + ".sqlite")  # noqa: E731

    rc, _, err = sc.batch(tool, list_path, db("whole-j2"), "--jobs", "2")
    checks.eq(rc, 1, "unsharded exit status " + err[-200:])
    rc, _, _ = sc.batch(tool, list_path, db("whole-j1"), "--jobs", "1")
    checks.eq(rc, 1, "unsharded --jobs 1 exit status")
    whole = sc.canonical_dump.dump(db("whole-j2"))
    checks.same_dump(sc.canonical_dump.dump(db("whole-j1")), whole, "--jobs 1 vs --jobs 2")
    all_ids = ids(db("whole-j2"))
    checks.eq(len(all_ids), 50, "inputs in the unsharded database")

    shard_ids = []
    for k in (1, 2, 3):
        rc, out, err = sc.batch(tool, list_path, db("shard%d" % k), "--shard", "%d/3" % k,
                                "--jobs", "1")
        checks.ok(rc in (0, 1), "shard %d/3 exit status %d: %s" % (k, rc, err[-200:]))
        shard_ids.append(ids(db("shard%d" % k)))
        checks.info("shard %d/3: %d inputs" % (k, len(shard_ids[-1])))
        checks.ok(len(shard_ids[-1]) > 0, "shard %d/3 is empty" % k)
    checks.eq(sum(len(s) for s in shard_ids), len(all_ids), "shard sizes add up")
    checks.eq(set().union(*shard_ids), all_ids, "shards cover the list")

    shards = [db("shard%d" % k) for k in (1, 2, 3)]
    rc, out, err = run([tool, "merge"] + shards + ["--db", db("merged")])
    checks.eq(rc, 0, "merge exit status " + err)
    checks.same_dump(sc.canonical_dump.dump(db("merged")), whole, "merged shards vs unsharded")
    rc, out, _ = run([tool, "merge"] + shards + ["--db", db("merged")])
    checks.ok(rc == 0 and out.count(": 0 inputs") == 3, "merging again takes nothing: " + out)
    checks.same_dump(sc.canonical_dump.dump(db("merged")), whole, "merged twice vs unsharded")
    rc, _, _ = run([tool, "merge", shards[2], shards[0], shards[1], "--db", db("merged-312")])
    checks.same_dump(sc.canonical_dump.dump(db("merged-312")), whole, "merge order 3,1,2")

    # The portfolio is a function of the database contents.
    for name in ("merged", "whole-j2"):
        rc, _, err = run([tool, "report", "--db", db(name), "--out", os.path.join(d, "pf-" + name)])
        checks.eq(rc, 0, "report --db %s: %s" % (name, err))
    for f in ("portfolio.json", "portfolio.md", "portfolio.html"):
        a = open(os.path.join(d, "pf-merged", f), "rb").read()
        b = open(os.path.join(d, "pf-whole-j2", f), "rb").read()
        checks.ok(a == b, f + " differs between merged and unsharded")
    pf = json.load(open(os.path.join(d, "pf-merged", "portfolio.json")))
    checks.eq(pf["schema"], "mapsleuth-portfolio/1", "portfolio schema")
    checks.eq(len(pf["inputs"]), 50, "portfolio inputs")
    rank = {"critical": 4, "high": 3, "medium": 2, "low": 1, "none": 0, "": -1}
    keys = [(rank[i["verdict"]], i["first_party_new_lines"]) for i in pf["inputs"]]
    checks.ok(keys == sorted(keys, reverse=True), "portfolio inputs ranked by exposure")
    checks.eq(sum(pf["totals"]["by_status"].values()), 50, "portfolio status totals")
    html = open(os.path.join(d, "pf-merged", "portfolio.html")).read()
    checks.ok("default-src 'none'" in html and "<script" not in html, "portfolio.html CSP")

    # Same line, different bytes, finished in two databases: a conflict, nothing merged.
    other = os.path.join(d, "other")
    other_list = sc.gen_inputs.generate(other, 3, seed=99)
    sc.batch(tool, other_list, db("other"))
    shutil.copy(db("merged"), db("conflict"))
    before = sc.canonical_dump.dump(db("conflict"))
    rc, _, err = run([tool, "merge", db("other"), "--db", db("conflict")])
    checks.eq(rc, 2, "conflicting merge exit status")
    checks.ok("E_DB_MERGE_CONFLICT" in err, "conflict diagnostic: " + err[-300:])
    checks.same_dump(sc.canonical_dump.dump(db("conflict")), before, "database after a refused merge")

    # Other analysis options on an existing database.
    rc, _, err = sc.batch(tool, list_path, db("whole-j2"), "--no-findings")
    checks.eq(rc, 2, "batch with other options exit status")
    checks.ok("E_DB_OPTIONS" in err, "options diagnostic: " + err[-300:])
    rc, _, err = sc.batch(tool, list_path, db("missing"), "--resume")
    checks.ok(rc == 2 and "E_DB_OPEN" in err and not os.path.exists(db("missing")),
              "--resume without a database: %d %s" % (rc, err))

    # --out: each input's reports beneath DIR/<identity>/, named by its list line.
    out_dir = os.path.join(d, "out")
    rc, _, err = sc.batch(tool, list_path, db("with-out"), "--shard", "2/3", "--out", out_dir,
                          "--format", "json")
    checks.ok(rc in (0, 1), "batch --out exit status %d %s" % (rc, err[-200:]))
    checks.eq(sorted(os.listdir(out_dir)), sorted(shard_ids[1]), "--out folders")
    con = sc.canonical_dump.connect(db("with-out"))
    for ident, path in con.execute("SELECT id, path FROM inputs WHERE status = 'done'"):
        report = json.load(open(os.path.join(out_dir, ident, "report.json")))
        checks.eq(report["inputs"][0]["path"], path, "report.json inputs[0].path of " + path)
    con.close()
    checks.same_dump(sc.canonical_dump.dump(db("with-out")), sc.canonical_dump.dump(db("shard2")),
                     "--out does not change the database")
    checks.finish()


if __name__ == "__main__":
    main()
