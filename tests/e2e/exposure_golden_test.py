#!/usr/bin/env python3
"""Golden test 3: the `exposure` object of report.json for each sample input.

    python3 exposure_golden_test.py MAPSLEUTH PROJECT_SOURCE_DIR [INPUT]

Compares `exposure` (rendered as indented JSON in the tool's key order) with
tests/e2e/golden/<input>.exposure.json exactly; regenerate with MAPSLEUTH_UPDATE_GOLDEN=1.
Independently of the golden: the leaky 2.4.0 tarball has a verdict other than none and as many
first-party sources as the esbuild map has src/*.ts sources (53); the fixed 2.4.1 tarball's
verdict is none; and for every input the figures add up from sources[] (first-party counts,
bytes, lines, distinct dependency packages, by_directory sums) and the verdict follows DESIGN
section 4 from the new first-party lines and the secret findings.
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import e2e_common as ec  # noqa: E402


# DESIGN section 4 default policy: none / low < 1,000 / medium < 20,000 / high / critical >= 100,000.
def design_verdict(e, findings):
    """DESIGN section 4 with the default policy (docs/policy.md): lines decide, then a secret
    raises the verdict to at least high and a credential in a live format to critical."""
    order = ["none", "low", "medium", "high", "critical"]
    secrets = [f for f in findings if f.get("secret")]
    lines = e["first_party_new_lines"]
    if e["first_party_sources"] == 0:
        verdict = "none"
    elif lines >= 100000:
        verdict = "critical"
    elif lines >= 20000:
        verdict = "high"
    elif lines >= 1000:
        verdict = "medium"
    else:
        verdict = "low"
    if secrets:
        verdict = max(verdict, "high", key=order.index)
    if any(f.get("live_format") for f in secrets):
        verdict = "critical"
    return verdict


def consistency(checks, rel, report):
    e = report["exposure"]
    fp = [s for s in report["sources"] if s["class"] == "first_party" and s["sha256"] is not None]
    new = [s for s in fp if not s["public"]]
    dep = [s for s in report["sources"] if s["class"] == "dependency" and s["sha256"] is not None]
    expect = {
        "first_party_sources": len(fp),
        "first_party_bytes": sum(s["bytes"] for s in fp),
        "first_party_lines": sum(s["lines"] for s in fp),
        "first_party_code_lines": sum(s["code_lines"] for s in fp),
        "first_party_new_sources": len(new),
        "first_party_new_bytes": sum(s["bytes"] for s in new),
        "first_party_new_lines": sum(s["lines"] for s in new),
        "dependency_sources": len(dep),
        "dependency_packages": len({s["package"] for s in dep if s["package"]}),
    }
    for k, v in expect.items():
        checks.eq(e[k], v, "%s: exposure.%s vs sources[]" % (rel, k))
    for k in ("sources", "bytes", "lines", "code_lines"):
        total = sum(d[k] for d in e["by_directory"])
        want = e["first_party_" + k] if k != "code_lines" else e["first_party_code_lines"]
        checks.eq(total, want, "%s: sum of exposure.by_directory[].%s" % (rel, k))
    checks.eq(e["verdict"], design_verdict(e, report["findings"]),
              "%s: verdict per DESIGN section 4 (%d new first-party lines, %d findings)"
              % (rel, e["first_party_new_lines"], len(report["findings"])))


def main():
    tool, src, rest = ec.parse_argv("[INPUT]")
    checks = ec.Checks("golden exposure")
    esbuild_map = ec.load_json(os.path.join(src, "samples", "dist", "esbuild", "qf.js.map"))
    src_ts = sum(1 for s in esbuild_map["sources"] if s.startswith("src/") and s.endswith(".ts"))
    checks.eq(src_ts, 53, "src/*.ts sources in samples/dist/esbuild/qf.js.map")
    for rel, _, _, _ in ec.select_inputs(rest):
        out = os.path.join(checks.tempdir(), "out")
        rc, _, _ = ec.scan(checks, tool, [os.path.join(src, "samples", rel)], out)
        if rc != 0:
            continue
        report = ec.load_json(os.path.join(out, "report.json"))
        e = report["exposure"]
        consistency(checks, rel, report)
        if rel == "packages/quillfeather-qf-cli-2.4.0.tgz":
            checks.ok(e["verdict"] != "none", "%s: leaky release has verdict none" % rel)
            checks.eq(e["first_party_sources"], src_ts,
                      "%s: first_party_sources vs src/*.ts in the esbuild map" % rel)
        if rel == "packages/quillfeather-qf-cli-2.4.1.tgz":
            checks.eq(e["verdict"], "none", "%s: verdict of the fixed release" % rel)
            checks.eq(e["first_party_sources"], 0, "%s: first_party_sources" % rel)
        checks.info("%s: verdict %s, %d first-party sources, %d lines (%d new), %d dependency "
                    "packages" % (rel, e["verdict"], e["first_party_sources"], e["first_party_lines"],
                                  e["first_party_new_lines"], e["dependency_packages"]))
        text = json.dumps(e, indent=2, ensure_ascii=True) + "\n"
        golden = os.path.join(ec.golden_dir(src), ec.golden_stem(rel) + ".exposure.json")
        ec.compare_golden(checks, golden, text, "%s: exposure" % rel)
    checks.finish()


if __name__ == "__main__":
    main()
