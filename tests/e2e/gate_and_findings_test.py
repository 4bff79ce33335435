#!/usr/bin/env python3
"""Golden test 8: the exposure verbs on samples/ - planted secrets, attribution, check, diff,
--public-tree and --baseline.

    python3 gate_and_findings_test.py MAPSLEUTH PROJECT_SOURCE_DIR

1. Every fake secret planted in samples/app/src (samples/README.md lists them) is reported by
   `scan` of the leaky tarball at its original file and line, as a secret, redacted: the report
   never shows more than 4 characters of the credential.
2. On every sample input the attribution buckets sum to generated_bytes; for a single bundle that
   is the bundle's size.
3. `check` fails the leaky tarball (exit 1) naming the first-party files and the secrets, passes
   the fixed one (exit 0); `diff leaky fixed` shows every first-party source removed, the verdict
   falling to none and every finding gone.
4. `--public-tree samples/app` makes every first-party source public (verdict from lines drops),
   and `--baseline` of the same release's report.json does the same.
5. `report --in report.json` renders report.md/.html/.sarif and sources.csv byte for byte as the
   scan did.
"""
import json
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import e2e_common as ec  # noqa: E402

LEAKY = "samples/packages/quillfeather-qf-cli-2.4.0.tgz"
FIXED = "samples/packages/quillfeather-qf-cli-2.4.1.tgz"

# (rule, the credential as written in samples/app/src); located by searching the sources.
PLANTED = [
    ("aws-access-key-id", "AKIAIOSFODNN7EXAMPLE"),
    ("aws-secret-access-key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ("github-token", "ghp_FAKEEXAMPLE0123456789abcdefghijKLMNO"),
    ("npm-token", "npm_FAKEEXAMPLE9z8y7x6w5v4u3t2s1r0qPONML"),
    ("stripe-secret-key", "sk_live_FAKEEXAMPLE4eC39HqLyjWDarjtT1zdp7dc"),
    ("slack-webhook", "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"),
    ("jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."),
    ("private-key", "-----BEGIN RSA PRIVATE KEY-----"),
    ("connection-string-password", "Tr0ub4dor-FAKE-EXAMPLE"),
]


# (rule, a part of the credential beyond what redaction may show); none may reach a report.
HIDDEN = [
    ("aws-access-key-id", "IOSFODNN7EXAMPLE"),
    ("aws-secret-access-key", "MDENG/bPxRfiCYEXAMPLEKEY"),
    ("github-token", "EXAMPLE0123456789abcdef"),
    ("npm-token", "EXAMPLE9z8y7x6w5v4u3t2s1r0q"),
    ("stripe-secret-key", "EXAMPLE4eC39HqLyjWDarjtT1zdp7dc"),
    ("slack-webhook", "B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"),
    ("jwt", "eyJzdWIiOiJzdmMtcWYtZGVwbG95ZXIi"),
    ("private-key", "FAKEFAKEFAKEFAKEEXAMPLEEXAMPLE"),
    ("connection-string-password", "Tr0ub4dor-FAKE-EXAMPLE"),
]


def locate(app_src, needle):
    """(path relative to app/, 1-based line) of the first line holding `needle`."""
    for root, _, files in sorted(os.walk(app_src)):
        for name in sorted(files):
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                for i, line in enumerate(f, 1):
                    if needle in line:
                        return os.path.relpath(path, os.path.dirname(app_src)), i
    return None, None


def planted_secrets(checks, tool, src):
    out = os.path.join(checks.tempdir(), "leaky")
    ec.scan(checks, tool, [os.path.join(src, LEAKY)], out)
    report = ec.load_json(os.path.join(out, "report.json"))
    findings = report["findings"]
    app_src = os.path.join(src, "samples", "app", "src")
    for rule, secret in PLANTED:
        path, line = locate(app_src, secret)
        if not checks.ok(path is not None, "planted %s not found in samples/app/src" % rule):
            continue
        hits = [f for f in findings if f["rule"] == rule and f["source"] == path
                and f["line"] == line]
        if checks.eq(len(hits), 1, "%s at %s:%d" % (rule, path, line)):
            checks.ok(hits[0]["secret"], "%s is reported as a secret" % rule)
    # Redaction: past its first 4 characters, no credential appears in any report file.
    blobs = {}
    for name in ec.REPORT_FILES:
        with open(os.path.join(out, name), "rb") as f:
            blobs[name] = f.read().decode("utf-8", "replace")
    for rule, value in HIDDEN:
        for name, text in blobs.items():
            checks.ok(value not in text, "%s shows the %s value unredacted" % (name, rule))
    checks.info("%d findings, %d planted secrets located" % (len(findings), len(PLANTED)))
    return out


def attribution_sums(checks, tool, src):
    for rel in ec.INPUT_BY_NAME:
        path = os.path.join(src, "samples", rel)
        out = os.path.join(checks.tempdir(), "attr")
        ec.scan(checks, tool, [path], out)
        a = ec.load_json(os.path.join(out, "report.json"))["attribution"]
        parts = sum(a["by_class"][k] for k in
                    ("first_party", "dependency", "bundler", "virtual", "unmapped", "other"))
        checks.eq(parts, a["generated_bytes"], "%s: attribution buckets sum" % rel)
        checks.eq(a["by_class"]["other"], a["line_terminators"] + a["map_comment"], "%s: other" % rel)
        if rel.endswith(".js"):
            checks.eq(a["generated_bytes"], os.path.getsize(path), "%s: bundle size" % rel)
            checks.ok(a["by_class"]["first_party"] > 0, "%s: first-party bytes" % rel)


def gate_and_diff(checks, tool, src, leaky_out):
    leaky, fixed = os.path.join(src, LEAKY), os.path.join(src, FIXED)
    rc, so, se = ec.run([tool, "check", leaky])
    checks.eq(rc, 1, "check leaky exit status (stderr %r)" % se[-300:])
    checks.ok("FAIL: 53 first-party source file(s)" in so, "check names the first-party files:\n" + so)
    checks.ok("package/dist/qf.js.map" in so, "check names the map")
    checks.ok(re.search(r"FAIL: 9 secret\(s\) would ship: .*github-token", so) is not None,
              "check names the secrets")
    checks.ok("ghp_FAKEEXAMPLE0123" not in so, "check output is redacted")
    rc, so, se = ec.run([tool, "check", fixed])
    checks.eq(rc, 0, "check fixed exit status: %s %s" % (so, se[-300:]))
    checks.ok(so.startswith("mapsleuth check: PASS"), "check fixed says PASS")
    rc, so, se = ec.run([tool, "check", "--json", leaky])
    j = json.loads(so)
    checks.eq((j["pass"], j["exposure"]["secrets"]), (False, 9), "check --json")

    out = os.path.join(checks.tempdir(), "diff")
    rc, so, se = ec.run([tool, "diff", leaky, fixed, "--out", out, "--json"])
    checks.eq(rc, 0, "diff exit status (stderr %r)" % se[-300:])
    d = json.loads(so)
    checks.eq(d, ec.load_json(os.path.join(out, "diff.json")), "diff --json equals diff.json")
    fp = d["by_class"][0]
    checks.eq((fp["class"], fp["removed"], fp["added"], fp["changed"]), ("first_party", 53, 0, 0),
              "diff: first-party sources removed")
    checks.eq((d["old"]["verdict"], d["new"]["verdict"]), ("critical", "none"), "diff verdicts")
    checks.eq(len(d["findings_removed"]), d["old"]["findings"], "diff: every finding gone")
    checks.ok(os.path.getsize(os.path.join(out, "diff.md")) > 0, "diff.md written")
    # A report.json and the input it came from are the same release.
    rc, so, se = ec.run([tool, "diff", os.path.join(leaky_out, "report.json"), leaky, "--json"])
    d = json.loads(so)
    checks.eq((d["old"]["kind"], d["new"]["kind"], len(d["sources"])), ("report", "input", 0),
              "diff report.json vs its input")


def public_content(checks, tool, src, leaky_out):
    leaky = os.path.join(src, LEAKY)
    for extra in (["--public-tree", os.path.join(src, "samples", "app")],
                  ["--baseline", os.path.join(leaky_out, "report.json")]):
        out = os.path.join(checks.tempdir(), "public")
        ec.scan(checks, tool, [leaky], out, extra=extra)
        r = ec.load_json(os.path.join(out, "report.json"))
        e = r["exposure"]
        checks.eq((e["first_party_sources"], e["first_party_new_sources"]), (53, 0),
                  "%s: first-party sources, new" % extra[0])
        reasons = {s["public_reason"].split(":")[0] for s in r["sources"]
                   if s["class"] == "first_party"}
        checks.eq(reasons, {extra[0].lstrip("-")}, "%s: public_reason" % extra[0])
        checks.eq(e["verdict"], "critical", "%s: secrets keep the verdict" % extra[0])
        rc, so, _ = ec.run([tool, "check", leaky] + extra + ["--no-findings"])
        checks.eq(rc, 0, "check %s --no-findings passes: %s" % (extra[0], so))


def rerender(checks, tool, leaky_out):
    """`report --in` renders the human formats from report.json byte for byte as scan did."""
    out = os.path.join(checks.tempdir(), "rerender")
    rc, so, se = ec.run([tool, "report", "--in", os.path.join(leaky_out, "report.json"),
                         "--out", out])
    checks.eq(rc, 0, "report --in exit status (stderr %r)" % se[-300:])
    for name in ("report.md", "report.html", "report.sarif", "sources.csv"):
        with open(os.path.join(leaky_out, name), "rb") as a, open(os.path.join(out, name), "rb") as b:
            checks.ok(a.read() == b.read(), "report --in: %s equals scan's" % name)
    rc, _, se = ec.run([tool, "report", "--in", os.path.join(leaky_out, "report.md"),
                        "--out", os.path.join(checks.tempdir(), "bad")])
    checks.eq(rc, 2, "report --in of a non-report")
    checks.ok("E_REPORT_JSON" in se, "report --in names the problem: %r" % se)


def main():
    tool, src, _ = ec.parse_argv()
    checks = ec.Checks("golden gate and findings")
    leaky_out = planted_secrets(checks, tool, src)
    attribution_sums(checks, tool, src)
    gate_and_diff(checks, tool, src, leaky_out)
    public_content(checks, tool, src, leaky_out)
    rerender(checks, tool, leaky_out)
    checks.finish()


if __name__ == "__main__":
    main()
