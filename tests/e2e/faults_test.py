"""Fault injection (issue: reliability; DESIGN section 5): what a run does when the world fails it.

    python3 faults_test.py MAPSLEUTH PROJECT_SOURCE_DIR [CASE...]

Cases (CTest runs one per test, `golden.faults.<case>`):
  file_size_limit  RLIMIT_FSIZE (as `prlimit --fsize`) while writing: write(2) fails with EFBIG
  disk_full        a 256 KiB tmpfs as the output directory: ENOSPC (needs mount; skipped if not)
  unreadable       a file in a directory input that the user running the scan cannot read
  sigterm          SIGTERM mid-scan, once files are being written
  sigint           SIGINT (Ctrl-C) mid-scan
  previous_report  a second run aimed at a finished output directory, under the size limit

The contract checked in each: exit status and message say what happened; no report.json unless
the run completed (its presence is the statement of completion); no temporary file left; every
rebuilt file that exists is complete (byte-equal to the same file of an undisturbed run); a
previous report is never touched; and for a bad input file, the rest of the input is still read.
"""
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_common import load_json, run, run_cases, sha256_file  # noqa: E402

SAMPLE = "samples/packages/quillfeather-qf-cli-2.4.0.tgz"


def scan_cmd(tool, inputs, out, *extra):
    return [tool, "scan"] + list(inputs) + ["--out", out, "--quiet", "--progress", "never"] + \
        list(extra)


def files_under(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            out[os.path.relpath(p, root)] = p
    return out


def check_no_temporaries(checks, out, what):
    temps = [r for r in files_under(out) if ".tmp." in os.path.basename(r)]
    checks.ok(not temps, "%s: temporary files left behind: %s" % (what, temps[:5]))


def check_complete_files(checks, out, reference, what):
    """Every rebuilt file present is byte-equal to the undisturbed run's file of the same name."""
    ref = files_under(os.path.join(reference, "sources"))
    got = files_under(os.path.join(out, "sources")) if os.path.isdir(os.path.join(out, "sources")) \
        else {}
    bad = [r for r, p in got.items() if r not in ref or sha256_file(p) != sha256_file(ref[r])]
    checks.ok(not bad, "%s: %d rebuilt files are truncated or foreign: %s" % (what, len(bad), bad[:3]))
    checks.info("%s: %d of %d rebuilt files present, all complete" % (what, len(got), len(ref)))


def reference_run(checks, tool, src, inputs):
    ref = os.path.join(checks.tempdir(), "reference")
    rc, _, se = run(scan_cmd(tool, inputs, ref), cwd=src)
    checks.ok(rc == 0, "undisturbed run exited %d: %s" % (rc, se[-500:]))
    return ref


def check_write_failure(checks, tool, src, out, preexec, errno_name, what):
    ref = reference_run(checks, tool, src, [SAMPLE])
    p = subprocess.run(scan_cmd(tool, [SAMPLE], out), cwd=src, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, preexec_fn=preexec)
    err = p.stderr.decode("utf-8", "replace")
    checks.eq(p.returncode, 2, "%s: exit status" % what)
    checks.ok("E_IO_WRITE" in err and errno_name.lower() in err.lower(),
              "%s: stderr does not name E_IO_WRITE and %s: %s" % (what, errno_name, err[-800:]))
    checks.ok("did not complete" in err, "%s: stderr does not say the run is incomplete" % what)
    checks.ok(p.stdout == b"", "%s: a summary was printed for an incomplete run" % what)
    checks.ok(not os.path.exists(os.path.join(out, "report.json")),
              "%s: report.json written although the run did not complete" % what)
    check_no_temporaries(checks, out, what)
    check_complete_files(checks, out, ref, what)
    checks.info("%s: exit %d; %s" % (what, p.returncode, err.strip().splitlines()[-1][:160]))


def case_file_size_limit(checks, tool, src):
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
    check_write_failure(checks, tool, src, os.path.join(checks.tempdir(), "out"), limit, "EFBIG",
                        "file_size_limit")


def case_disk_full(checks, tool, src):
    mnt = os.path.join(checks.tempdir(), "small")
    os.mkdir(mnt)
    rc, _, se = run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt])
    if rc != 0:
        checks.info("disk_full: SKIPPED, cannot mount a tmpfs here (%s); file_size_limit covers "
                    "the same write path" % se.strip())
        return
    try:
        check_write_failure(checks, tool, src, os.path.join(mnt, "out"), None, "no space left",
                            "disk_full")
    finally:
        run(["umount", mnt])


def case_unreadable(checks, tool, src):
    root = checks.tempdir()
    inp = os.path.join(root, "in")
    shutil.copytree(os.path.join(src, "samples", "dist", "site"), inp)
    secret = os.path.join(inp, "assets", "locked.js.map")
    with open(secret, "w") as f:
        f.write(json.dumps({"version": 3, "sources": ["x.ts"], "sourcesContent": ["x"],
                            "mappings": "AAAA"}))
    os.chmod(secret, 0)
    out = os.path.join(root, "out")
    cmd = scan_cmd(tool, [inp], out)
    if os.geteuid() == 0:
        # root reads anything: run as nobody, with an output root nobody can create.
        os.chmod(root, 0o777)
        for d, dirs, names in os.walk(inp):
            os.chmod(d, 0o755)
        cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + cmd
    rc, _, se = run(cmd)
    checks.eq(rc, 1, "unreadable: exit status (an input not read whole)")
    report_path = os.path.join(out, "report.json")
    if not checks.ok(os.path.isfile(report_path), "unreadable: no report.json; stderr: " + se):
        return
    report = load_json(report_path)
    hits = [d for d in report["diagnostics"] if d["code"] == "E_IO_READ"]
    checks.ok(any(d.get("entry") == "assets/locked.js.map" for d in hits),
              "unreadable: no E_IO_READ naming locked.js.map: %s" % report["diagnostics"][:3])
    checks.eq(report["inputs"][0]["status"], "partial", "unreadable: input status")
    checks.ok(len(report["maps"]) == 2, "unreadable: the two readable maps were not both read")
    checks.ok("partial" in se and "E_IO_READ" in se, "unreadable: stderr does not say why: " + se)
    checks.info("unreadable: exit %d, %s" % (rc, hits[0]["message"] if hits else "-"))


def big_input(root, sources):
    """A map with many sources, so that rebuilding it takes long enough to be interrupted."""
    path = os.path.join(root, "big.js.map")
    body = "export const v = %d;\n" + "// filler line of a leaked source file\n" * 40
    with open(path, "w") as f:
        json.dump({"version": 3, "sources": ["src/m%05d.ts" % i for i in range(sources)],
                   "sourcesContent": [body % i for i in range(sources)],
                   "mappings": "AAAA"}, f)
    return path


def case_signal(checks, tool, signo, name):
    root = checks.tempdir()
    for attempt, sources in enumerate((20000, 80000)):
        inp = big_input(root, sources)
        out = os.path.join(root, "out%d" % attempt)
        p = subprocess.Popen(scan_cmd(tool, [inp], out), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        deadline = time.time() + 60
        while time.time() < deadline and p.poll() is None and \
                not os.path.isdir(os.path.join(out, "sources", "src")):
            time.sleep(0.005)
        p.send_signal(signo)
        so, se = p.communicate(timeout=60)
        if p.returncode == 0:
            checks.info("%s: the scan of %d sources finished before the signal; retrying larger"
                        % (name, sources))
            continue
        err = se.decode("utf-8", "replace")
        checks.eq(p.returncode, 128 + signo, "%s: exit status" % name)
        checks.ok("E_INTERRUPTED" in err and name in err and "no report was written" in err,
                  "%s: stderr does not say what happened: %r" % (name, err[-600:]))
        checks.ok(so == b"", "%s: a summary was printed for an interrupted run" % name)
        checks.ok(not os.path.exists(os.path.join(out, "report.json")),
                  "%s: report.json written by an interrupted run" % name)
        check_no_temporaries(checks, out, name)
        written = files_under(os.path.join(out, "sources"))
        bad = [r for r, pth in written.items()
               if not open(pth).read().startswith("export const v = %d;" % int(r[-8:-3]))]
        checks.ok(not bad, "%s: truncated rebuilt files: %s" % (name, bad[:3]))
        checks.info("%s: exit %d after %d of %d files; %s" % (
            name, p.returncode, len(written), sources, err.strip().splitlines()[-1][:120]))
        return
    checks.ok(False, "%s: the scan always finished before the signal" % name)


def case_sigterm(checks, tool, src):
    case_signal(checks, tool, signal.SIGTERM, "SIGTERM")


def case_sigint(checks, tool, src):
    case_signal(checks, tool, signal.SIGINT, "SIGINT")


def case_previous_report(checks, tool, src):
    out = os.path.join(checks.tempdir(), "out")
    rc, _, _ = run(scan_cmd(tool, [SAMPLE], out), cwd=src)
    checks.eq(rc, 1, "previous_report: first run (leaky sample: verdict fails)") if rc != 0 \
        else checks.ok(True, "")
    before = {r: sha256_file(p) for r, p in files_under(out).items()}

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))
    for cmd in (scan_cmd(tool, [SAMPLE], out),
                [tool, "report", "--in", os.path.join(out, "report.json"), "--out", out]):
        p = subprocess.run(cmd, cwd=src, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           preexec_fn=limit)
        err = p.stderr.decode("utf-8", "replace")
        checks.eq(p.returncode, 2, "previous_report: `%s` exit status" % " ".join(cmd[1:3]))
        checks.ok("E_OUTPUT_NOT_EMPTY" in err, "previous_report: stderr: " + err[-400:])
    after = {r: sha256_file(p) for r, p in files_under(out).items()}
    checks.ok(before == after, "previous_report: the previous output changed")
    checks.info("previous_report: %d files of the previous run unchanged" % len(after))


CASES = {
    "file_size_limit": case_file_size_limit,
    "disk_full": case_disk_full,
    "unreadable": case_unreadable,
    "sigterm": case_sigterm,
    "sigint": case_sigint,
    "previous_report": case_previous_report,
}


def main():
    run_cases("faults", CASES, lambda checks, tool, src, name: CASES[name](checks, tool, src))


if __name__ == "__main__":
    main()
