#!/usr/bin/env python3
"""Golden test 7: dependency versions and shipped first-party files, on a folder built from
samples/ at test time.

    python3 package_versions_test.py MAPSLEUTH PROJECT_SOURCE_DIR

No sample input holds a dependency's package.json, so the corpus never exercises `name@version`
nor `shipped`. This test lays out, in a temporary folder T:

    T/dist/rollup/qf.js                      samples/dist/rollup/qf.js (inline map; sources are
                                             ../../app/src/... and ../../app/node_modules/...)
    T/app/node_modules/kleur/package.json    version from samples/app/package-lock.json
    T/app/node_modules/semver/package.json   idem (ms gets none)
    T/app/src/version.ts                     identical copy of samples/app/src/version.ts
    T/app/src/bin.ts                         samples/app/src/bin.ts plus one line

and checks: kleur and semver are `name@version` with the lock's versions, ms is the bare name;
version.ts is shipped `identical` and public, bin.ts shipped `different` and not public, every
other source shipped `no`; first_party_new_* excludes exactly version.ts.
"""
import json
import os
import shutil
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import e2e_common as ec  # noqa: E402


def main():
    tool, src, _ = ec.parse_argv()
    checks = ec.Checks("golden package versions")
    samples = os.path.join(src, "samples")
    lock = ec.package_lock_versions(src)
    root = os.path.join(checks.tempdir(), "T")
    os.makedirs(os.path.join(root, "dist", "rollup"))
    shutil.copyfile(os.path.join(samples, "dist", "rollup", "qf.js"),
                    os.path.join(root, "dist", "rollup", "qf.js"))
    for pkg in ("kleur", "semver"):
        d = os.path.join(root, "app", "node_modules", pkg)
        os.makedirs(d)
        with open(os.path.join(d, "package.json"), "w") as f:
            json.dump({"name": pkg, "version": lock[pkg]}, f)
    os.makedirs(os.path.join(root, "app", "src"))
    shutil.copyfile(os.path.join(samples, "app", "src", "version.ts"),
                    os.path.join(root, "app", "src", "version.ts"))
    with open(os.path.join(samples, "app", "src", "bin.ts"), "rb") as f:
        bin_ts = f.read()
    with open(os.path.join(root, "app", "src", "bin.ts"), "wb") as f:
        f.write(bin_ts + b"// changed after the build\n")

    out = os.path.join(checks.tempdir(), "out")
    rc, _, _ = ec.scan(checks, tool, [root], out)
    if rc == 0:
        report = ec.load_json(os.path.join(out, "report.json"))
        packages = {}
        for s in report["sources"]:
            if s["class"] == "dependency":
                packages.setdefault(ec.node_module_name(s["resolved"]), set()).add(s["package"])
        checks.eq(packages.get("kleur"), {"kleur@" + lock["kleur"]}, "package of kleur's sources")
        checks.eq(packages.get("semver"), {"semver@" + lock["semver"]}, "package of semver's sources")
        checks.eq(packages.get("ms"), {"ms"}, "package of ms's sources (no package.json)")
        shipped = {s["resolved"]: (s["shipped"], s["public"]) for s in report["sources"]
                   if s["shipped"] != "no" or s["public"]}
        checks.eq(shipped, {"app/src/version.ts": ("identical", True),
                            "app/src/bin.ts": ("different", False)},
                  "sources with shipped != no or public (resolved: (shipped, public))")
        e = report["exposure"]
        fp = [s for s in report["sources"] if s["class"] == "first_party"]
        version_ts = [s for s in fp if s["resolved"] == "app/src/version.ts"]
        if checks.eq(len(version_ts), 1, "first-party app/src/version.ts"):
            v = version_ts[0]
            checks.eq((e["first_party_sources"], e["first_party_new_sources"]), (53, 52),
                      "exposure (first_party_sources, first_party_new_sources)")
            checks.eq(e["first_party_new_bytes"], e["first_party_bytes"] - v["bytes"],
                      "exposure.first_party_new_bytes")
            checks.eq(e["first_party_new_lines"], e["first_party_lines"] - v["lines"],
                      "exposure.first_party_new_lines")
        checks.eq(e["dependency_packages"], 3, "exposure.dependency_packages")
        checks.info("versions: %s; shipped: %s; first-party new %d of %d"
                    % (sorted("%s" % sorted(v) for v in packages.values()), shipped,
                       e["first_party_new_sources"], e["first_party_sources"]))
    checks.finish()


if __name__ == "__main__":
    main()
