#!/usr/bin/env node
// Lists the files under samples/app that the committed maps carry, and checks
// that every sourcesContent entry is byte-identical to the file on disk.
//
// Prints "PATH<TAB>BUNDLES" (PATH relative to samples/app, BUNDLES a comma
// list such as "esbuild,rollup,webpack,site-css") for each file, sorted.
// Exits 1 when a sourcesContent entry differs from the file it names.
//
// How each bundle's `sources` are resolved to files (see expected/README.md):
//   esbuild   "src/x.ts" relative to the app root; the sourceRoot
//             "/home/jdoe/work/qf-cli/" is the (fictional) developer's checkout
//   webpack   "webpack://qf-cli/./src/x.ts" -> "src/x.ts"; runtime modules
//             ("webpack/bootstrap", "external ...") are not files
//   rollup    relative to the bundle's directory (dist/rollup)
//   site-css  relative to the map's directory (dist/site/assets)
import { readFileSync, existsSync, statSync } from "node:fs";
import { join, dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const samplesDir = fileURLToPath(new URL("..", import.meta.url));
const appDir = join(samplesDir, "app");

function inlineMap(file) {
  const text = readFileSync(file, "utf8");
  const m = /sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/.exec(text);
  if (!m) throw new Error(`${file}: no inline map`);
  return JSON.parse(Buffer.from(m[1], "base64").toString("utf8"));
}

const bundles = [
  { name: "esbuild", map: JSON.parse(readFileSync(join(samplesDir, "dist/esbuild/qf.js.map"), "utf8")), base: appDir },
  {
    name: "webpack",
    map: JSON.parse(readFileSync(join(samplesDir, "dist/webpack/qf.js.map"), "utf8")),
    base: appDir,
    rewrite: (s) => s.replace(/^webpack:\/\/qf-cli\//, "").replace(/^\.\//, ""),
  },
  { name: "rollup", map: inlineMap(join(samplesDir, "dist/rollup/qf.js")), base: join(samplesDir, "dist/rollup") },
  { name: "site-css", map: JSON.parse(readFileSync(join(samplesDir, "dist/site/assets/app.css.map"), "utf8")), base: join(samplesDir, "dist/site/assets") },
];

const files = new Map(); // path relative to app -> Set(bundle)
let bad = 0;
for (const b of bundles) {
  b.map.sources.forEach((source, i) => {
    const s = b.rewrite ? b.rewrite(source) : source;
    const full = resolve(b.base, s);
    const rel = relative(appDir, full);
    if (rel.startsWith("..") || !existsSync(full) || !statSync(full).isFile()) return; // runtime/external module
    const content = b.map.sourcesContent?.[i];
    if (typeof content !== "string" || !Buffer.from(content, "utf8").equals(readFileSync(full))) {
      process.stderr.write(`MISMATCH ${b.name}: ${source} differs from ${rel}\n`);
      bad++;
    }
    const key = rel.split(sep).join("/");
    if (!files.has(key)) files.set(key, new Set());
    files.get(key).add(b.name);
  });
}
for (const key of [...files.keys()].sort()) {
  process.stdout.write(`${key}\t${[...files.get(key)].sort().join(",")}\n`);
}
process.exit(bad ? 1 : 0);
