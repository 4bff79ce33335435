// rollup build of the qf CLI with an inline (data: URI) source map, as the
// 2.3.x releases were built.
// Usage: rollup -c rollup.config.mjs --environment OUT:FILE
import { builtinModules } from "node:module";
import esbuild from "rollup-plugin-esbuild";
import resolve from "@rollup/plugin-node-resolve";
import commonjs from "@rollup/plugin-commonjs";

export default {
  input: "src/bin.ts",
  output: {
    file: process.env.OUT || "../dist/rollup/qf.js",
    format: "cjs",
    sourcemap: "inline",
    banner: "#!/usr/bin/env node",
    generatedCode: "es2015",
  },
  external: [/^node:/, ...builtinModules],
  plugins: [
    resolve({ extensions: [".ts", ".mjs", ".js", ".json"], preferBuiltins: true }),
    commonjs(),
    esbuild({ target: "node18", sourceMap: true }),
  ],
  onwarn(warning, warn) {
    // semver has intentional circular requires
    if (warning.code === "CIRCULAR_DEPENDENCY") return;
    warn(warning);
  },
};
