#!/usr/bin/env python3
"""Crash recovery: kill -9 a batch at >= 20 seeded random points, resume each time; the database
passes `PRAGMA integrity_check` after every kill and ends equal to an uninterrupted run's.

    python3 crash_recovery_test.py MAPSLEUTH PROJECT_SOURCE_DIR [--seed S]

300 generated inputs (gen_inputs.py: packages, bundles, directories, maps, truncated archives),
--jobs 2. Each round starts the batch (the same command every time: running it again resumes),
reads its plain progress lines, and after a seeded random number of inputs finished in that
round (3 to 4) plus a seeded random delay of 0 to 10 ms, sends SIGKILL -- so the kill lands
anywhere: inside an analysis, between the `running` commit and the rows, inside a commit. After
24 kills the next round runs to the end (300 inputs leave room for 24 kills on a fast machine;
on a slow one, an ASan build, fewer inputs finish per round).

Why at least 3 inputs per round: a resumed run first re-runs, one at a time, the inputs that
were running when the previous process died (at most --jobs of them). Killing the process again
while one of those runs alone would be a second crash of that input and quarantine it -- which is
correct behaviour (quarantine_test.py tests it), but not what an operator's kill -9 is meant to
exercise here. After 3 finished inputs every suspect of the round has finished.
"""
import os
import random
import signal
import subprocess
import sys
import time

import scale_common as sc

INPUTS = 300
JOBS = 2
MIN_KILLS = 20
MAX_KILLS = 24


def main():
    tool, _src = sc.parse_argv()
    seed = 20261205
    if "--seed" in sys.argv:
        seed = int(sys.argv[sys.argv.index("--seed") + 1])
    checks = sc.Checks("scale crash_recovery (seed %d)" % seed)
    rng = random.Random(seed)
    list_path = sc.gen_inputs.generate(checks.scratch, INPUTS, seed=7)

    ref_db = os.path.join(checks.scratch, "reference.sqlite")
    rc, _, err = sc.batch(tool, list_path, ref_db, "--jobs", str(JOBS), "--quiet")
    checks.eq(rc, 1, "uninterrupted run exit status (truncated archives fail) " + err[-300:])
    reference = sc.canonical_dump.dump(ref_db)

    db = os.path.join(checks.scratch, "killed.sqlite")
    cmd = [tool, "batch", "--list", list_path, "--db", db, "--jobs", str(JOBS), "--progress",
           "never"]
    kills = 0
    rounds = 0
    t0 = time.monotonic()
    while True:
        rounds += 1
        if rounds > 200:
            checks.ok(False, "the batch never finished")
            break
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # Enough kills: let this round run to the end (bounds the test's time on slow builds).
        target = rng.randint(3, 4) if kills < MAX_KILLS else INPUTS + 1
        delay = rng.uniform(0.0, 0.010)
        seen = 0
        killed = False
        for line in p.stderr:
            if line.startswith(b"mapsleuth batch: ["):
                seen += 1
            if seen >= target:
                time.sleep(delay)
                p.send_signal(signal.SIGKILL)
                killed = True
                break
        p.stderr.close()
        rc = p.wait()
        if killed and rc == -signal.SIGKILL:
            kills += 1
            result = sc.canonical_dump.integrity(db)
            checks.ok(result == "ok", "integrity_check after kill %d: %s" % (kills, result))
            continue
        # The process finished on its own (fewer inputs left than the target, or it ended
        # between the last line and the signal).
        checks.ok(rc in (0, 1), "round %d ended with status %d" % (rounds, rc))
        break
    elapsed = time.monotonic() - t0
    checks.ok(kills >= MIN_KILLS, "only %d kills (want >= %d)" % (kills, MIN_KILLS))
    checks.info("%d kills in %d rounds, %.1f s" % (kills, rounds, elapsed))

    # One more run: everything is finished, nothing is analysed again.
    rc, out, _ = sc.batch(tool, list_path, db, "--jobs", str(JOBS), "--resume")
    checks.eq(rc, 1, "final resume exit status")
    checks.ok("this run: 0 analysed" in out, "final resume analysed something: " + out)
    st = sc.statuses(db)
    checks.eq(sum(1 for v in st.values() if v[0] == "quarantined"), 0, "quarantined inputs")
    retried = sum(1 for v in st.values() if v[1] > 1)
    checks.info("%d inputs ran more than once" % retried)
    checks.ok(retried > 0, "no input was ever interrupted: the kills missed")
    checks.same_dump(sc.canonical_dump.dump(db), reference, "killed-and-resumed vs uninterrupted")
    checks.finish()


if __name__ == "__main__":
    main()
