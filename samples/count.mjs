#!/usr/bin/env node
// Independent reference counts for the committed sample maps.
//
// Finds every source map under samples/dist and inside samples/packages/*.tgz
// (external *.map files, and inline data: URIs in the trailing
// sourceMappingURL comment of .js/.css files), parses each with JSON.parse,
// decodes `mappings` with @jridgewell/sourcemap-codec and prints one JSON
// document on stdout. The C++ golden tests compare mapsleuth's figures with
// these; the definitions are those of DESIGN.md section 4:
//
//   sources               length of `sources`
//   sources_with_content  entries of `sourcesContent` that are strings
//   sc_bytes              UTF-8 bytes of those strings (after JSON unescaping)
//   sc_lines              per string: 0 if empty, else count("\n") + (ends with "\n" ? 0 : 1)
//   names                 length of `names`
//   segments              decoded segments (1-, 4- or 5-field groups)
//   gen_lines             ";"-separated lines of `mappings` ("" is 0)
//   bytes                 size of the map JSON (decoded size for inline maps)
//   mappings_bytes        length of the `mappings` string
//
// Map keys are paths relative to samples/; a map inside a tarball is written
// "packages/NAME.tgz!/package/dist/qf.js.map".
import { readFileSync, readdirSync, statSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const samplesDir = fileURLToPath(new URL(".", import.meta.url));
const require = createRequire(join(samplesDir, "app", "package.json"));
const { decode } = require("@jridgewell/sourcemap-codec");

const SCRIPT_OR_STYLE = /\.(?:m?js|cjs|jsx|ts|mts|cts|tsx|css)$/;
// DESIGN.md: the last sourceMappingURL=, preceded on its line only by blanks and
// //# //@ /*# /*@, followed by the URL and then only whitespace and an optional */.
const TRAILING = /(?:^|\n)[ \t]*(?:\/\/[#@]|\/\*[#@])[ \t]*sourceMappingURL=(\S+?)[ \t]*(?:\*\/)?\s*$/;

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) out.push(...walk(full));
    else if (st.isFile()) out.push(full);
  }
  return out;
}

/** Minimal ustar reader: [{name, data}] for regular files. */
function untar(buf) {
  const out = [];
  let off = 0;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const str = (a, b) => header.subarray(a, b).toString("utf8").replace(/\0.*$/s, "");
    let name = str(0, 100);
    const prefix = str(345, 500);
    if (prefix) name = `${prefix}/${name}`;
    const size = parseInt(str(124, 136).trim() || "0", 8);
    const type = String.fromCharCode(header[156] || 48);
    off += 512;
    if (type === "0" || type === "\0") out.push({ name, data: buf.subarray(off, off + size) });
    off += Math.ceil(size / 512) * 512;
  }
  return out;
}

function inlineMap(text) {
  const m = TRAILING.exec(text);
  if (!m || !m[1].startsWith("data:")) return undefined;
  const url = m[1];
  const comma = url.indexOf(",");
  const meta = url.slice(5, comma);
  const payload = url.slice(comma + 1);
  return meta.split(";").includes("base64") ? Buffer.from(payload, "base64") : Buffer.from(decodeURIComponent(payload), "utf8");
}

function countsOf(jsonBytes, origin) {
  const map = JSON.parse(jsonBytes.toString("utf8"));
  const sections = Array.isArray(map.sections) ? map.sections.map((s) => s.map) : [map];
  const c = { origin, bytes: jsonBytes.length, sources: 0, sources_with_content: 0, sc_bytes: 0, sc_lines: 0, names: 0, segments: 0, gen_lines: 0, mappings_bytes: 0 };
  for (const m of sections) {
    c.sources += (m.sources ?? []).length;
    for (const s of m.sourcesContent ?? []) {
      if (typeof s !== "string") continue;
      c.sources_with_content++;
      c.sc_bytes += Buffer.byteLength(s, "utf8");
      if (s.length > 0) c.sc_lines += s.split("\n").length - 1 + (s.endsWith("\n") ? 0 : 1);
    }
    c.names += (m.names ?? []).length;
    const mappings = m.mappings ?? "";
    c.mappings_bytes += mappings.length;
    c.gen_lines += mappings === "" ? 0 : mappings.split(";").length;
    for (const line of decode(mappings)) c.segments += line.length;
  }
  return c;
}

/** Maps among named files: [{key, counts}]. */
function mapsIn(files) {
  const out = [];
  for (const { key, data } of files) {
    if (key.endsWith(".map")) {
      out.push({ key, counts: countsOf(data, "file") });
    } else if (SCRIPT_OR_STYLE.test(key)) {
      const inline = inlineMap(data.toString("utf8"));
      if (inline) out.push({ key, counts: countsOf(inline, "inline") });
    }
  }
  return out;
}

const rel = (p) => relative(samplesDir, p).split(sep).join("/");
const found = [];
found.push(...mapsIn(walk(join(samplesDir, "dist")).map((f) => ({ key: rel(f), data: readFileSync(f) }))));
for (const tgz of walk(join(samplesDir, "packages")).filter((f) => f.endsWith(".tgz"))) {
  const entries = untar(gunzipSync(readFileSync(tgz)));
  found.push(...mapsIn(entries.map((e) => ({ key: `${rel(tgz)}!/${e.name}`, data: e.data }))));
}

const result = { schema: "mapsleuth-sample-counts/1", maps: {} };
for (const { key, counts } of found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
  result.maps[key] = counts;
}
process.stdout.write(JSON.stringify(result, null, 2) + "\n");
