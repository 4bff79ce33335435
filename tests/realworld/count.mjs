#!/usr/bin/env node
// Independent counts of the source maps in one npm tarball (or a directory), for
// tests/realworld/check.sh. Nothing here shares code with mapsleuth: the tarball is unpacked
// with the system `tar`, every map is read with JSON.parse and `mappings` is decoded with
// @jridgewell/sourcemap-codec (pinned in package-lock.json; `npm ci` in this folder).
//
//   node count.mjs PACKAGE.tgz|DIR [--maps]
//
// prints one JSON document: {totals, refs, shapes, origins[, maps]}. The definitions are those of
// DESIGN.md section 4 (../shared/DESIGN.md):
//
//   map            a file whose name ends in ".map" (any case) that parses as a JSON object with
//                  version 3 and a string `mappings` or an array `sections`; or a data: URI in
//                  the trailing sourceMappingURL comment of a .js/.mjs/.cjs/.jsx/.ts/.mts/.cts/
//                  .tsx/.css file
//   trailing       the last "sourceMappingURL=" of the file, preceded on its line only by blanks
//   comment        and //# //@ /*# /*@ plus blanks, followed by the URL (no blanks) and then only
//                  whitespace and an optional "*/" to the end of the file
//   files          regular files in the input
//   map_bytes      bytes of the map JSON (the decoded size for an inline map)
//   sources        length of `sources` (index maps: summed over sections)
//   sources_with_content  entries of `sourcesContent` that are strings
//   sc_bytes       UTF-8 bytes of those strings (after JSON unescaping)
//   sc_lines       per string: 0 if empty, else count("\n") + (ends with "\n" ? 0 : 1)
//   names          length of `names`
//   segments       decoded segments (1-, 4- or 5-field groups)
//   gen_lines      ";"-separated lines of `mappings` ("" is 0)
//   mappings_bytes UTF-8 bytes of the `mappings` string
//
// Beyond `totals` (compared by check.sh as well, see compare.mjs):
//   refs     scripts whose trailing comment names a non-data URL; `linked`: the URL (query and
//            fragment dropped, percent-decoded) resolves against the script's directory to a
//            file of the input whose name ends in ".map"; `dangling`: it does not (the named
//            file is absent, or present but not a .map); `remote`: a URL with a scheme or an
//            absolute path, not followed; `unreferenced`: .map files that no script names
//   origins  the sources with string content, deduplicated by resolved source (DESIGN.md
//            section 4) and content, classified with the default rules: dependency (a
//            node_modules segment), bundler (webpack://NS/webpack/..., (webpack)/...,
//            external ...), virtual (a NUL character), first_party (the rest);
//            `shipped_elsewhere` (and its lines): first-party contents byte-identical to a
//            plain file of the input other than the one their resolved path names
//   shapes   descriptive only: maps with all/no/some content, ignore lists, sourceRoot,
//            families of source names
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, lstatSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const require = createRequire(join(here, "package.json"));
const { decode } = require("@jridgewell/sourcemap-codec");

const SCRIPT_OR_STYLE = /\.(?:js|mjs|cjs|jsx|ts|mts|cts|tsx|css)$/i;
const KEY = "sourceMappingURL=";

/** Every regular file under dir as [{name, path}], names relative and "/"-separated, sorted. */
function walk(dir, prefix = "") {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    const name = prefix ? `${prefix}/${entry}` : entry;
    const st = lstatSync(full); // never follow symlinks
    if (st.isDirectory()) out.push(...walk(full, name));
    else if (st.isFile()) out.push({ name, path: full });
  }
  return out;
}

/** The URL of the trailing sourceMappingURL comment (DESIGN.md section 4), or null. */
export function trailingUrl(text) {
  const at = text.lastIndexOf(KEY);
  if (at < 0) return null;
  let lineStart = at;
  while (lineStart > 0 && !"\n\r\u2028\u2029".includes(text[lineStart - 1])) lineStart--;
  if (!/^[ \t]*(?:\/\/[#@]|\/\*[#@])[ \t]*$/.test(text.slice(lineStart, at))) return null;
  const m = /^(\S+?)\s*(?:\*\/)?\s*$/.exec(text.slice(at + KEY.length));
  return m ? m[1] : null;
}

/** Bytes of a data: URI's payload (base64 or percent-encoded), or null if it is not one. */
export function dataUriBytes(url) {
  if (!/^data:/i.test(url)) return null;
  const comma = url.indexOf(",");
  if (comma < 0) return null;
  const params = url.slice(5, comma).split(";").map((s) => s.trim().toLowerCase());
  let payload = url.slice(comma + 1);
  const hash = payload.indexOf("#");
  if (hash >= 0) payload = payload.slice(0, hash); // a fragment is not part of the data
  if (params.includes("base64")) return Buffer.from(decodeURIComponentBytes(payload).toString("latin1"), "base64");
  return decodeURIComponentBytes(payload);
}

/** Percent-decoding at the byte level; a malformed escape stays as it is. */
function decodeURIComponentBytes(s) {
  const src = Buffer.from(s, "utf8");
  const out = [];
  const hex = (c) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);
  for (let i = 0; i < src.length; i++) {
    if (src[i] === 37 && i + 2 < src.length && hex(src[i + 1]) >= 0 && hex(src[i + 2]) >= 0) {
      out.push(hex(src[i + 1]) * 16 + hex(src[i + 2]));
      i += 2;
    } else out.push(src[i]);
  }
  return Buffer.from(out);
}

/** The parsed map if the bytes are a source map by DESIGN's definition, else null. */
function parseMap(bytes) {
  let doc;
  try {
    doc = JSON.parse(bytes.toString("utf8"));
  } catch {
    return null;
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc) || doc.version !== 3) return null;
  if (typeof doc.mappings !== "string" && !Array.isArray(doc.sections)) return null;
  return doc;
}

const zero = () => ({
  sources: 0, sources_with_content: 0, sc_bytes: 0, sc_lines: 0, names: 0,
  segments: 0, gen_lines: 0, mappings_bytes: 0,
});

/** Counts of one map document; an index map sums its sections' maps. */
function countsOf(doc, into = zero()) {
  if (Array.isArray(doc.sections)) {
    for (const s of doc.sections) if (s && typeof s.map === "object" && s.map !== null) countsOf(s.map, into);
    return into;
  }
  into.sources += Array.isArray(doc.sources) ? doc.sources.length : 0;
  for (const s of Array.isArray(doc.sourcesContent) ? doc.sourcesContent : []) {
    if (typeof s !== "string") continue;
    into.sources_with_content++;
    into.sc_bytes += Buffer.byteLength(s, "utf8");
    if (s.length > 0) into.sc_lines += s.split("\n").length - 1 + (s.endsWith("\n") ? 0 : 1);
  }
  into.names += Array.isArray(doc.names) ? doc.names.length : 0;
  const mappings = typeof doc.mappings === "string" ? doc.mappings : "";
  into.mappings_bytes += Buffer.byteLength(mappings, "utf8");
  into.gen_lines += mappings === "" ? 0 : mappings.split(";").length;
  for (const line of decode(mappings)) into.segments += line.length;
  return into;
}

/** Describes the sources of a map for the shape column: scheme/prefix families. */
function sourceFamilies(doc, fam = new Map()) {
  if (Array.isArray(doc.sections)) {
    for (const s of doc.sections) if (s && s.map) sourceFamilies(s.map, fam);
    return fam;
  }
  for (const src of Array.isArray(doc.sources) ? doc.sources : []) {
    let f;
    if (typeof src !== "string") f = "null";
    else if (src.startsWith("webpack://")) f = "webpack://";
    else if (/^[a-z][a-z0-9+.-]+:/i.test(src)) f = src.slice(0, src.indexOf(":") + 1);
    else if (src.startsWith("/")) f = "absolute";
    else if (src.includes("\0")) f = "virtual";
    else if (src.split("/").includes("node_modules")) f = "node_modules";
    else if (src.startsWith("../")) f = "../";
    else f = "relative";
    fam.set(f, (fam.get(f) ?? 0) + 1);
  }
  return fam;
}

/**
 * DESIGN.md section 4, "resolved source": sourceRoot (+ "/" if needed) + source; URLs with a
 * scheme and absolute paths are kept; other paths resolve against the map's directory,
 * POSIX-normalised, keeping leading "../" when they escape the input root.
 */
export function resolveSource(mapDir, sourceRoot, source) {
  let s = source;
  if (typeof sourceRoot === "string" && sourceRoot !== "") s = (sourceRoot.endsWith("/") ? sourceRoot : `${sourceRoot}/`) + source;
  if (/^[a-z][a-z0-9+.-]+:/i.test(s) || s.startsWith("/")) return s;
  return posix.normalize(posix.join(mapDir, s));
}

/** Every (resolved source, content) pair of a map whose content is a string. */
function collectSources(doc, mapDir, into) {
  if (Array.isArray(doc.sections)) {
    for (const s of doc.sections) if (s && typeof s.map === "object" && s.map !== null) collectSources(s.map, mapDir, into);
    return;
  }
  const sources = Array.isArray(doc.sources) ? doc.sources : [];
  const contents = Array.isArray(doc.sourcesContent) ? doc.sourcesContent : [];
  sources.forEach((src, i) => {
    if (typeof src !== "string" || typeof contents[i] !== "string") return;
    const key = resolveSource(mapDir, doc.sourceRoot, src);
    if (!into.has(key)) into.set(key, new Set());
    into.get(key).add(contents[i]);
  });
}

/**
 * Origin classes of the deduplicated sources with content (DESIGN.md section 4): one file per
 * resolved path and distinct content. Informational: default rules only.
 */
function originCounts(origins, fileHashes, fileHashOf) {
  const out = { first_party: 0, dependency: 0, bundler: 0, virtual: 0, shipped_elsewhere: 0, shipped_elsewhere_lines: 0 };
  for (const [key, contents] of origins) {
    let cls;
    const rest = key.replace(/^webpack:\/\/[^/]*\//, "");
    if (key.includes("\0")) cls = "virtual";
    else if (key.startsWith("webpack:") && /^(?:webpack\/|\(webpack\)\/|external )/.test(rest)) cls = "bundler";
    else if (key.split("/").includes("node_modules")) cls = "dependency";
    else cls = "first_party";
    out[cls] += contents.size;
    if (cls !== "first_party") continue;
    // First-party content that is byte-identical to a plain file of the input other than the
    // one its resolved path names (DESIGN's "shipped" looks at that path only).
    for (const content of contents) {
      const h = sha256(content);
      // webpack://NS/./x names a project path: also at the root and under npm's package/.
      const rest = key.startsWith("webpack://") ? key.replace(/^webpack:\/\/[^/]*\//, "").replace(/^(?:\.\/)+/, "") : null;
      const own = [key, ...(rest ? [rest, `package/${rest}`] : [])];
      if (fileHashes.has(h) && !own.some((p) => fileHashOf.get(p) === h)) {
        out.shipped_elsewhere++;
        out.shipped_elsewhere_lines += content.length === 0 ? 0 : content.split("\n").length - 1 + (content.endsWith("\n") ? 0 : 1);
      }
    }
  }
  return out;
}

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

function countInput(input, withMaps) {
  let root = input;
  let tmp = null;
  if (!lstatSync(input).isDirectory()) {
    tmp = mkdtempSync(join(tmpdir(), "mapsleuth-realworld-"));
    // --no-same-owner/--no-same-permissions: plain files we can read, whoever runs this.
    execFileSync("tar", ["-xzf", input, "-C", tmp, "--no-same-owner", "--no-same-permissions"], { stdio: ["ignore", "ignore", "inherit"] });
    root = tmp;
  }
  try {
    const files = walk(root);
    const names = new Set(files.map((f) => f.name));
    const totals = { files: files.length, maps: 0, maps_file: 0, maps_inline: 0, index_maps: 0, map_bytes: 0, ...zero() };
    const maps = [];
    const shapes = { with_content: 0, without_content: 0, partial_content: 0, ignore_list: 0, source_root: 0, families: {} };
    const refs = { scripts_with_url: 0, linked: 0, dangling: [], remote: 0, unreferenced: [] };
    const referenced = new Set();
    const origins = new Map(); // resolved source -> Set of contents
    const addMap = (path, origin, bytes, doc) => {
      collectSources(doc, posix.dirname(path), origins);
      const c = countsOf(doc);
      const index = Array.isArray(doc.sections);
      totals.maps++;
      totals[origin === "file" ? "maps_file" : "maps_inline"]++;
      if (index) totals.index_maps++;
      totals.map_bytes += bytes.length;
      for (const k of Object.keys(c)) totals[k] += c[k];
      if (c.sources_with_content === 0) shapes.without_content++;
      else if (c.sources_with_content === c.sources) shapes.with_content++;
      else shapes.partial_content++;
      if (Array.isArray(doc.ignoreList) || Array.isArray(doc.x_google_ignoreList)) shapes.ignore_list++;
      if (typeof doc.sourceRoot === "string" && doc.sourceRoot !== "") shapes.source_root++;
      for (const [f, n] of sourceFamilies(doc)) shapes.families[f] = (shapes.families[f] ?? 0) + n;
      if (withMaps) maps.push({ path, origin, index_map: index, bytes: bytes.length, ...c });
    };
    for (const f of files) {
      if (/\.map$/i.test(f.name)) {
        const bytes = readFileSync(f.path);
        const doc = parseMap(bytes);
        if (doc) addMap(f.name, "file", bytes, doc);
      } else if (SCRIPT_OR_STYLE.test(f.name)) {
        const text = readFileSync(f.path, "utf8");
        const url = trailingUrl(text);
        if (url === null) continue;
        const data = dataUriBytes(url);
        if (data !== null) {
          const doc = parseMap(data);
          if (doc) addMap(f.name, "inline", data, doc);
          continue;
        }
        refs.scripts_with_url++;
        if (/^[a-z][a-z0-9+.-]+:/i.test(url) || url.startsWith("/")) {
          refs.remote++;
          continue;
        }
        let rel = url.replace(/[?#].*$/, "");
        try {
          rel = decodeURIComponent(rel);
        } catch { /* keep it as written */ }
        const target = posix.normalize(posix.join(posix.dirname(f.name), rel));
        if (names.has(target) && /\.map$/i.test(target)) {
          refs.linked++;
          referenced.add(target);
        } else refs.dangling.push(`${f.name} -> ${url}`);
      }
    }
    for (const f of files) if (/\.map$/i.test(f.name) && !referenced.has(f.name)) refs.unreferenced.push(f.name);
    const fileHashOf = new Map(files.map((f) => [f.name, sha256(readFileSync(f.path))]));
    const out = { input, totals, refs, shapes, origins: originCounts(origins, new Set(fileHashOf.values()), fileHashOf) };
    if (withMaps) out.maps = maps;
    return out;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const withMaps = args.includes("--maps");
  const inputs = args.filter((a) => !a.startsWith("--"));
  if (inputs.length !== 1) {
    process.stderr.write("usage: node count.mjs PACKAGE.tgz|DIR [--maps]\n");
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(countInput(inputs[0], withMaps), null, 2) + "\n");
}
