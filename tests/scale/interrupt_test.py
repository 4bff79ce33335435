#!/usr/bin/env python3
"""SIGTERM and SIGINT into a running batch: a stop is not a crash (docs/batch.md).

    python3 interrupt_test.py MAPSLEUTH PROJECT_SOURCE_DIR

A batch of 600 generated inputs at --jobs 2 gets SIGTERM once 20 inputs are done. Checked: exit
status 143 and E_INTERRUPTED on stderr; `PRAGMA integrity_check` ok; no input left `running`, none
with a crash counted, none quarantined (the inputs cut short are `pending` again with their attempt
taken back); then the same command, run again, finishes, and the final database equals an
uninterrupted run's canonical dump. Then the same with SIGINT (exit 130).
"""
import os
import signal
import subprocess
import time

import scale_common as sc


def interrupted_run(checks, tool, list_path, db, signo, name):
    cmd = [tool, "batch", "--list", list_path, "--db", db, "--jobs", "2", "--progress", "never"]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    done = 0
    while time.time() < deadline and p.poll() is None:
        if os.path.exists(db):
            try:
                con = sc.canonical_dump.connect(db)
                done = con.execute("SELECT count(*) FROM inputs WHERE status = 'done'").fetchone()[0]
                con.close()
            except Exception:  # noqa: BLE001 -- the schema may not exist yet
                done = 0
        if done >= 20:
            break
        time.sleep(0.01)
    p.send_signal(signo)
    out, err = p.communicate(timeout=120)
    err = err.decode("utf-8", "replace")
    checks.eq(p.returncode, 128 + signo, "%s: exit status" % name)
    checks.ok("E_INTERRUPTED" in err and name in err and "resume" in err,
              "%s: stderr says what happened: %r" % (name, err[-400:]))
    checks.eq(sc.canonical_dump.integrity(db), "ok", "%s: integrity_check" % name)
    st = sc.statuses(db)
    by_status = {}
    for status, attempts, crashes, _code in st.values():
        by_status[status] = by_status.get(status, 0) + 1
        checks.ok(crashes == 0, "%s: a stop counted as a crash" % name)
        checks.ok(status == "done" or status == "failed" or attempts == 0,
                  "%s: an unfinished input keeps an attempt" % name)
    checks.ok("running" not in by_status and "quarantined" not in by_status,
              "%s: statuses after the stop: %s" % (name, by_status))
    checks.ok(by_status.get("pending", 0) > 0, "%s: the batch finished before the signal" % name)
    checks.info("%s after %d done: %s" % (name, done, by_status))


def main():
    tool, _src = sc.parse_argv()
    checks = sc.Checks("scale interrupt")
    list_path = sc.gen_inputs.generate(checks.scratch, 600, seed=5)
    ref_db = os.path.join(checks.scratch, "reference.sqlite")
    sc.batch(tool, list_path, ref_db, "--jobs", "2", "--quiet")
    reference = sc.canonical_dump.dump(ref_db)
    for signo, name in ((signal.SIGTERM, "SIGTERM"), (signal.SIGINT, "SIGINT")):
        db = os.path.join(checks.scratch, name + ".sqlite")
        interrupted_run(checks, tool, list_path, db, signo, name)
        rc, _out, err = sc.batch(tool, list_path, db, "--jobs", "2", "--quiet")
        checks.ok(rc in (0, 1), "%s: the resumed run exited %d: %s" % (name, rc, err[-300:]))
        checks.same_dump(sc.canonical_dump.dump(db), reference,
                         "%s: interrupted and resumed vs uninterrupted" % name)
    checks.finish()


if __name__ == "__main__":
    main()
