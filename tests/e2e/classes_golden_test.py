#!/usr/bin/env python3
"""Golden test 2: per-source classification of each sample input.

    python3 classes_golden_test.py MAPSLEUTH PROJECT_SOURCE_DIR [INPUT]

Compares one line per source, `class<TAB>rule<TAB>package<TAB>path` (sorted, package `-` when
null, path escaped to ASCII), with tests/e2e/golden/<input>.classes.txt exactly; regenerate with
MAPSLEUTH_UPDATE_GOLDEN=1. Independently of the golden, every source is checked against what the
corpus says it is (samples/expected): files under src/ and web/ are first_party by the default
rule; node_modules files are dependencies named after their node_modules segment (with
`@version` only when a package.json in the input says so, and then the package-lock version);
webpack's bootstrap/runtime modules and externals are bundler code; and the ignoreList flags.
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import e2e_common as ec  # noqa: E402

# Expected class counts per input: (first_party, dependency, bundler, virtual).
EXPECTED_CLASSES = {
    "packages/quillfeather-qf-cli-2.4.0.tgz": (53, 49, 0, 0),
    "packages/quillfeather-qf-cli-2.4.1.tgz": (0, 0, 0, 0),
    "dist/esbuild/qf.js": (53, 49, 0, 0),
    "dist/esbuild/qf.js.map": (53, 49, 0, 0),
    "dist/webpack/qf.js.map": (53, 49, 16, 0),
    "dist/rollup/qf.js": (53, 49, 0, 0),
    "dist/site": (57, 49, 16, 0),  # + the 4 web/styles CSS partials of the CSS map
}
WEBPACK_RUNTIME = ("webpack://qf-cli/webpack/bootstrap", "webpack://qf-cli/webpack/runtime/")
WEBPACK_EXTERNAL = "webpack://qf-cli/external "


def classes_text(report):
    lines = []
    for s in report["sources"]:
        lines.append("\t".join([s["class"], s["rule"], s["package"] or "-", ec.escape_text(s["path"])]))
    return "".join(line + "\n" for line in sorted(lines))


def sanity(checks, rel, report, tsv, lock):
    versions_found = 0
    deps = 0
    for s in report["sources"]:
        name = ec.escape_text(s["path"])
        got = (s["class"], s["rule"], s["package"])
        hit = ec.match_tsv(s.get("resolved") or s["path"], tsv)
        if hit is not None and (hit.startswith("src/") or hit.startswith("web/")):
            checks.eq(got, ("first_party", "default", None), "%s: classification of %s" % (rel, name))
        elif hit is not None and hit.startswith("node_modules/"):
            deps += 1
            pkg = ec.node_module_name(hit)
            ok = s["class"] == "dependency" and s["rule"] == "node_modules" and s["package"] in (
                pkg, "%s@%s" % (pkg, lock.get(pkg)))
            checks.ok(ok, "%s: classification of %s: expected (dependency, node_modules, %s[@%s]), "
                          "got %r" % (rel, name, pkg, lock.get(pkg), got))
            if s["package"] and "@" in s["package"][1:]:
                versions_found += 1
        elif s["path"].startswith(WEBPACK_RUNTIME):
            checks.eq(got, ("bundler", "webpack-runtime", None), "%s: classification of %s" % (rel, name))
        elif s["path"].startswith(WEBPACK_EXTERNAL):
            checks.eq(got, ("bundler", "webpack-external", None), "%s: classification of %s" % (rel, name))
        else:
            checks.ok(False, "%s: source %s is neither a samples/app file nor webpack runtime" % (rel, name))
        # rollup marks its node_modules sources with x_google_ignoreList; nothing else is ignored.
        expect_ignored = rel == "dist/rollup/qf.js" and hit is not None and hit.startswith("node_modules/")
        checks.eq(s.get("ignored"), expect_ignored, "%s: ignored flag of %s" % (rel, name))
    counts = tuple(sum(1 for s in report["sources"] if s["class"] == c)
                   for c in ("first_party", "dependency", "bundler", "virtual"))
    checks.eq(counts, EXPECTED_CLASSES[rel], "%s: (first_party, dependency, bundler, virtual) counts" % rel)
    # No sample input holds a node_modules/*/package.json (the tarball ships only its own), so no
    # version can be known: the package is the bare name. (package_versions_test covers @version.)
    checks.eq(versions_found, 0, "%s: dependencies with a version" % rel)
    checks.info("%s: classes (first_party, dependency, bundler, virtual) = %r; dependency versions "
                "found: %d of %d (no package.json of a dependency inside the input)"
                % (rel, counts, versions_found, deps))


def main():
    tool, src, rest = ec.parse_argv("[INPUT]")
    tsv = ec.load_sources_tsv(src)
    lock = ec.package_lock_versions(src)
    checks = ec.Checks("golden classes")
    for rel, _, _, _ in ec.select_inputs(rest):
        out = os.path.join(checks.tempdir(), "out")
        rc, _, _ = ec.scan(checks, tool, [os.path.join(src, "samples", rel)], out)
        if rc != 0:
            continue
        report = ec.load_json(os.path.join(out, "report.json"))
        sanity(checks, rel, report, tsv, lock)
        golden = os.path.join(ec.golden_dir(src), ec.golden_stem(rel) + ".classes.txt")
        ec.compare_golden(checks, golden, classes_text(report), "%s: classes" % rel)
    checks.finish()


if __name__ == "__main__":
    main()
