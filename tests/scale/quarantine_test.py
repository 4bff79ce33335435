#!/usr/bin/env python3
"""Quarantine: an input that crashes the process twice is quarantined; the rest completes.

    python3 quarantine_test.py MAPSLEUTH PROJECT_SOURCE_DIR

The test hook MAPSLEUTH_TEST_CRASH_ON=pkg-0004 makes the process SIGKILL itself whenever that
input starts (docs/batch.md "Test hook"). The same batch command is run again after each death,
as a scheduler's requeue would: the first run dies (pkg-0004 and whatever ran beside it become
suspects), the second re-runs the suspects one at a time and dies on pkg-0004 alone, the third
quarantines it and finishes everything else. Checked: exactly two deaths, pkg-0004 `quarantined`
with E_BATCH_QUARANTINED after 2 attempts and 2 crashes, no other input quarantined, and every
other input's rows byte-identical to a run without the hook.
"""
import os
import signal

import scale_common as sc

CRASHER = "pkg-0004"


def main():
    tool, _src = sc.parse_argv()
    checks = sc.Checks("scale quarantine")
    list_path = sc.gen_inputs.generate(checks.scratch, 24, seed=3)
    ref_db = os.path.join(checks.scratch, "reference.sqlite")
    sc.batch(tool, list_path, ref_db, "--jobs", "2", "--quiet")

    db = os.path.join(checks.scratch, "crashy.sqlite")
    env = dict(os.environ, MAPSLEUTH_TEST_CRASH_ON=CRASHER)
    deaths = 0
    rc = None
    err = ""
    for _ in range(6):
        rc, _out, err = sc.batch(tool, list_path, db, "--jobs", "2", env=env)
        if rc != -signal.SIGKILL:
            break
        deaths += 1
        checks.eq(sc.canonical_dump.integrity(db), "ok", "integrity_check after death %d" % deaths)
    checks.eq(deaths, 2, "process deaths before the input was quarantined")
    checks.eq(rc, 1, "exit status of the run that quarantined it")
    checks.ok("E_BATCH_QUARANTINED" in err and "in/" + CRASHER in err,
              "the quarantine is announced on stderr: " + err[-400:])
    st = sc.statuses(db)
    crasher = [k for k in st if CRASHER in k]
    checks.eq(len(crasher), 1, "crasher rows")
    status, attempts, crashes, code = st[crasher[0]]
    checks.eq((status, attempts, crashes, code), ("quarantined", 2, 2, "E_BATCH_QUARANTINED"),
              "crasher status, attempts, crashes, error_code")
    others = {k: v for k, v in st.items() if CRASHER not in k}
    checks.eq(sorted(set(v[0] for v in others.values())), ["done", "failed"],
              "statuses of the other inputs")
    ref = sc.statuses(ref_db)
    for path, v in sorted(others.items()):
        checks.eq(v[0], ref[path][0], path + " status vs the run without the hook")

    con = sc.canonical_dump.connect(db)
    crasher_id = con.execute("SELECT id FROM inputs WHERE path LIKE ?",
                             ("%" + CRASHER + "%",)).fetchone()[0]
    rows = sum(con.execute("SELECT count(*) FROM %s WHERE input_id = ?" % t,
                           (crasher_id,)).fetchone()[0]
               for t in ("maps", "sources", "findings", "diagnostics", "exposure"))
    con.close()
    checks.eq(rows, 0, "rows of the quarantined input (all or nothing)")
    checks.same_dump(sc.canonical_dump.dump(db, [crasher_id]),
                     sc.canonical_dump.dump(ref_db, [crasher_id]),
                     "other inputs vs the run without the hook")

    # Quarantine sticks: a further run analyses nothing and still reports it (exit 1).
    rc, out, _ = sc.batch(tool, list_path, db, "--resume", env=env)
    checks.eq(rc, 1, "exit status of a later run")
    checks.ok("this run: 0 analysed" in out and "1 quarantined" in out, "later run: " + out)
    checks.finish()


if __name__ == "__main__":
    main()
