#!/usr/bin/env node
// Shortens the names the WebAssembly module and its wasm-bindgen glue know each other by,
// and drops the module's sections that only describe the tools that made it.
// wasm-bindgen names each import `__wbg_<method>_<16 hex digits>`: about 130 of them, written
// in both files, and the hex does not compress. wasm-opt renames imports, exports and the
// import module (and prints what it renamed); this rewrites the glue to match.
//
//   scripts/minify-names.mjs <dir> <name>     (<dir>/<name>.js and <dir>/<name>_bg.wasm)
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eachSection } from "./lib/sections.mjs";
import { FEATURE_FLAGS } from "./lib/wasm.mjs";

const [dir, name] = process.argv.slice(2);
if (!dir || !name) {
  console.error("usage: minify-names.mjs <dir> <name>");
  process.exit(2);
}
const wasm = join(dir, `${name}_bg.wasm`);
const glue = join(dir, `${name}.js`);

// The producers and target-features sections say which tools made the module: no browser
// reads them.
const passes = ["--minify-imports-and-exports-and-modules", "--strip-producers", "--strip-target-features"];
const printed = execFileSync("wasm-opt", [wasm, ...passes, ...FEATURE_FLAGS, "-o", wasm], {
  encoding: "utf8",
});
// A last round of -Oz after that finds a little more (about 400 bytes brotli).
execFileSync("wasm-opt", [wasm, "-Oz", "--converge", ...FEATURE_FLAGS, "-o", wasm]);
const map = JSON.parse(printed.slice(printed.indexOf("{")));

let js = readFileSync(glue, "utf8");
const modules = new Set(map.imports.map(([module]) => module));
if (modules.size !== 1) throw new Error(`expected the glue's one import module, found ${[...modules]}`);
const escape = (s) => s.replace(/[$]/g, "\\$&");
const replaceAll = (pattern, replacement, what) => {
  const before = js;
  js = js.replace(pattern, replacement);
  if (js === before) throw new Error(`minify-names: ${what} is not in ${glue}`);
};
for (const [, from, to] of map.imports) {
  replaceAll(new RegExp(`(\\s)${escape(from)}:`, "g"), `$1${JSON.stringify(to)}:`, `import ${from}`);
}
// The one module, now called "a" or so: the module name of the module's first import.
const [module] = modules;
const renamed = firstImportModule(readFileSync(wasm));
replaceAll(JSON.stringify(module) + ":", JSON.stringify(renamed) + ":", `module ${module}`);
for (const [from, to] of map.exports) {
  // Exports the glue does not use (a few of wasm-bindgen's) need no rewriting.
  js = js.replace(new RegExp(`\\bwasm\\.${escape(from)}\\b`, "g"), `wasm[${JSON.stringify(to)}]`);
}
const left = js.match(/\bwasm\.[A-Za-z_$][\w$]*/g);
if (left) throw new Error(`minify-names: the glue still uses exports it lost: ${left.join(", ")}`);
writeFileSync(glue, js);

/** The module name of the first import in a WebAssembly binary. */
function firstImportModule(bytes) {
  let module;
  eachSection(bytes, (id, reader) => {
    if (id !== 2 || module !== undefined) return;
    reader.leb(); // the number of imports
    const length = reader.leb();
    module = new TextDecoder().decode(bytes.subarray(reader.at, reader.at + length));
  });
  if (module === undefined) throw new Error("minify-names: the module imports nothing");
  return module;
}
