#!/usr/bin/env python3
"""Golden test 9: every report.sarif validates against the official SARIF 2.1.0 JSON schema.

    python3 sarif_schema_test.py MAPSLEUTH PROJECT_SOURCE_DIR

Validates (draft-04, tests/sarif/sarif-2.1.0-rtm.5.json, tests/sarif/README.md says where it comes
from) the SARIF of: the leaky tarball (findings with rule metadata), the web folder, the writer's
golden (tests/reports/golden/report.sarif) and a map whose source names are hostile (markup,
control characters, invalid UTF-8, lone surrogates) - and checks that file is valid UTF-8 with the
hostile names escaped, never raw.
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
try:
    import jsonschema
except ImportError:  # scripts/setup installs Debian's python3-jsonschema for /usr/bin/python3
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != "/usr/bin/python3":
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise
import e2e_common as ec  # noqa: E402

HOSTILE_MAP = (b'{"version":3,"sources":['
               b'"src/<script>alert(1)</script>.ts",'
               b'"src/\\u0000nul\\u001b[31mred.ts",'
               b'"src/bidi\\u202egnp.ts",'
               b'"src/\xff\xfe-invalid.ts",'
               b'"src/\\ud800-lone.ts"],'
               b'"sourcesContent":["const k = \\"ghp_FAKEEXAMPLE0123456789abcdefghijKLMNO\\";\\n",'
               b'"a\\n","b\\n","c\\n","d\\n"],'
               b'"mappings":"AAAA;ACAA;ACAA;ACAA;ACAA"}')


def main():
    tool, src, _ = ec.parse_argv()
    checks = ec.Checks("golden sarif schema")
    with open(os.path.join(src, "tests", "sarif", "sarif-2.1.0-rtm.5.json"), "rb") as f:
        schema = ec.json.loads(f.read().decode("utf-8"))
    validator = jsonschema.Draft4Validator(schema)

    def validate(path, what):
        with open(path, "rb") as f:
            raw = f.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            checks.ok(False, "%s: not UTF-8: %s" % (what, e))
            return None
        doc = ec.json.loads(text)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors[:5]:
            checks.ok(False, "%s: %s at %s" % (what, e.message[:200], "/".join(map(str, e.path))))
        checks.ok(not errors, "%s validates against SARIF 2.1.0 (%d errors)" % (what, len(errors)))
        return text

    for rel in ("packages/quillfeather-qf-cli-2.4.0.tgz", "dist/site"):
        out = os.path.join(checks.tempdir(), "s")
        ec.scan(checks, tool, [os.path.join(src, "samples", rel)], out)
        text = validate(os.path.join(out, "report.sarif"), rel)
        if text and rel.endswith(".tgz"):
            doc = ec.json.loads(text)
            run = doc["runs"][0]
            ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
            checks.ok({"github-token", "aws-access-key-id", "private-key"} <= ids,
                      "rule metadata for the findings: %s" % sorted(ids)[:10])
            located = [r for r in run["results"] if r["ruleId"] == "github-token"]
            if checks.eq(len(located), 1, "one github-token result"):
                region = located[0]["locations"][0]["physicalLocation"]["region"]
                checks.eq((region["startLine"], region["startColumn"]), (13, 28),
                          "github-token region")
                checks.ok("partialFingerprints" in located[0], "partialFingerprints")
    validate(os.path.join(src, "tests", "reports", "golden", "report.sarif"), "writers golden")

    d = checks.tempdir()
    hostile = os.path.join(d, "hostile.js.map")
    with open(hostile, "wb") as f:
        f.write(HOSTILE_MAP)
    out = os.path.join(d, "out")
    ec.scan(checks, tool, [hostile], out)
    text = validate(os.path.join(out, "report.sarif"), "hostile names")
    if text:
        for raw in ("\x00", "\x1b", "\u202e", "\ufffe"):
            checks.ok(raw not in text, "raw %r in report.sarif" % raw)
        checks.ok("ghp_FAKEEXAMPLE0123" not in text, "secret redacted in report.sarif")
    checks.finish()


if __name__ == "__main__":
    main()
