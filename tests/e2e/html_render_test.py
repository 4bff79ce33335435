#!/usr/bin/env python3
"""Golden test 10: report.html renders in a real browser, standalone and quiet.

    python3 html_render_test.py MAPSLEUTH PROJECT_SOURCE_DIR

Scans the leaky sample, opens its report.html in headless Chromium (Debian's chromium, which
scripts/setup installs) and takes a PNG screenshot. The page must load with no console message at
all - a CSP violation ("... violates the following Content Security Policy directive ... blocked"),
a failed resource load or a script error would each print one - and the screenshot must be a real
image. A control page that loads an image and runs a script under the same CSP must produce
exactly those messages, so the test can tell a quiet page from a deaf browser.

docs/report-screenshot.png is this screenshot of the sample (README links it); regenerate it with
    MAPSLEUTH_SCREENSHOT=docs/report-screenshot.png ctest --preset release -R golden.html_render
"""
import os
import shutil
import struct
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import e2e_common as ec  # noqa: E402

CONTROL = ("<!doctype html><html><head><meta http-equiv=\"Content-Security-Policy\" "
           "content=\"default-src 'none'; style-src 'unsafe-inline'\"></head><body>"
           "<img src=\"https://example.invalid/x.png\"><script>console.log(1)</script>"
           "</body></html>")


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def render(browser, html_path, png_path, width=1280, height=1800):
    cmd = [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--no-first-run", "--enable-logging=stderr", "--v=0",
           "--user-data-dir=" + os.path.join(os.path.dirname(png_path), "profile"),
           "--window-size=%d,%d" % (width, height), "--screenshot=" + png_path,
           "file://" + os.path.abspath(html_path)]
    rc, so, se = ec.run(cmd, timeout=120)
    console = [line for line in (so + se).splitlines() if ":CONSOLE" in line]
    return rc, console


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    tool, src, _ = ec.parse_argv()
    checks = ec.Checks("golden html render")
    browser = chromium()
    if not checks.ok(browser is not None,
                     "no Chromium on PATH: scripts/setup installs Debian's chromium package"):
        checks.finish()
    work = checks.tempdir()

    control = os.path.join(work, "control.html")
    with open(control, "w") as f:
        f.write(CONTROL)
    rc, console = render(browser, control, os.path.join(work, "control.png"), 400, 300)
    checks.ok(any("violates" in c and "blocked" in c for c in console),
              "the control page's CSP violations reach the log (browser rc %d): %s" % (rc, console))

    out = os.path.join(work, "scan")
    ec.scan(checks, tool, [os.path.join(src, "samples", "packages",
                                        "quillfeather-qf-cli-2.4.0.tgz")], out)
    png = os.path.join(work, "report.png")
    rc, console = render(browser, os.path.join(out, "report.html"), png)
    checks.eq(rc, 0, "chromium exit status")
    checks.eq(console, [], "console messages while loading report.html")
    size = png_size(png) if os.path.exists(png) else None
    checks.eq(size, (1280, 1800), "screenshot PNG dimensions")
    if size:
        checks.ok(os.path.getsize(png) > 50000, "screenshot holds a rendered page (%d bytes)"
                  % os.path.getsize(png))
    target = os.environ.get("MAPSLEUTH_SCREENSHOT")
    if target and size:
        shutil.copyfile(png, os.path.join(src, target) if not os.path.isabs(target) else target)
        checks.info("screenshot written to " + target)
    checks.finish()


if __name__ == "__main__":
    main()
