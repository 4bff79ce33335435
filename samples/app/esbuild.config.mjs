// Release build of the qf CLI with esbuild (the build that shipped 2.4.0).
// Usage: node esbuild.config.mjs OUT_DIR SITE_ASSETS_DIR
import * as esbuild from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";

const appDir = dirname(fileURLToPath(import.meta.url));
const [outDir, siteAssetsDir] = process.argv.slice(2);
if (!outDir || !siteAssetsDir) {
  console.error("usage: node esbuild.config.mjs OUT_DIR SITE_ASSETS_DIR");
  process.exit(2);
}

// 1. The CLI bundle. The output file is placed (virtually, write: false) at
//    the app root so that `sources` come out as "src/...", as they did on the
//    developer's machine; sourceRoot records where that machine kept the repo.
const cli = await esbuild.build({
  absWorkingDir: appDir,
  entryPoints: ["src/bin.ts"],
  outfile: join(appDir, "qf.js"),
  bundle: true,
  platform: "node",
  target: "node18",
  format: "cjs",
  minify: true,
  sourcemap: "linked",
  sourcesContent: true,
  sourceRoot: "/home/jdoe/work/qf-cli/",
  banner: { js: "#!/usr/bin/env node" },
  legalComments: "none",
  charset: "utf8",
  write: false,
  logLevel: "warning",
});
mkdirSync(outDir, { recursive: true });
for (const file of cli.outputFiles) {
  writeFileSync(join(outDir, basename(file.path)), file.contents);
}

// 2. The status-page stylesheet: a CSS bundle with an external .css.map, written
//    where it is served, so its `sources` are relative paths that climb out of
//    the site folder ("../../../app/web/styles/...").
await esbuild.build({
  absWorkingDir: appDir,
  entryPoints: ["web/styles/main.css"],
  outfile: join(siteAssetsDir, "app.css"),
  bundle: true,
  minify: true,
  sourcemap: "linked",
  sourcesContent: true,
  charset: "utf8",
  logLevel: "warning",
});
