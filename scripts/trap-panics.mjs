#!/usr/bin/env node
// Makes every panic of the widget's module trap where it starts, as its panic handler does
// where it ends (src/lib.rs: `unreachable`), so that what only a panic used goes away.
//
// `core`'s panic functions come precompiled: each builds a message and its arguments, with
// pointers to the functions that would format them, before it reaches the handler. Nothing
// ever formats them, since the handler traps first, but the module kept that code and the
// formatting functions (their table entries are taken). Stable Rust cannot build `core`
// without it (nightly's `-Cpanic=immediate-abort` does exactly this). Here each of those
// functions, which never return, becomes a trap, and the formatting functions, which only a
// panic's message reaches, become traps too; wasm-opt then drops what they called and
// inlines the traps.
//
// Safe only in a module that never formats at run time and whose panics trap: the script
// checks both, and stops otherwise (a module with `std`'s panic machinery, or with
// `core::fmt::write`, is refused).
//
// It also writes, to <addresses.json>, every address the module's code names before the
// change, for scripts/zero-panic-data.mjs to tell what only panics named.
//
//   scripts/trap-panics.mjs <module.wasm> <addresses.json>   (the module with its names: `--debuginfo`)
import { readFileSync, writeFileSync } from "node:fs";
import binaryen from "binaryen";
import { codeAddresses, readModule } from "./lib/wasm.mjs";

const [path, addresses] = process.argv.slice(2);
if (!addresses) {
  console.error("usage: trap-panics.mjs <module.wasm> <addresses.json>");
  process.exit(2);
}

// `core[<hash>]::…` and `alloc[<hash>]::…`, as the name section spells them.
const crate = (name) => `^(?:<)?${name}\\[[0-9a-f]+\\]::`;
/** Functions that never return: each one panics. */
const DIVERGING = new RegExp(
  [
    `${crate("core")}panicking::`,
    `${crate("core")}slice::index::slice_\\w*fail`,
    `${crate("core")}(?:result|option)::\\w*_failed`,
    `${crate("core")}cell::(?:lazy::)?panic_`,
    `${crate("alloc")}alloc::handle_alloc_error`,
    `${crate("alloc")}raw_vec::(?:handle_error|capacity_overflow)`,
  ].join("|"),
);
/** Formatting, which only a panic's message reaches in a module that never formats. */
const FORMATTING = new RegExp(`${crate("core")}fmt::|as ${crate("core").slice(1)}fmt::(?:Display|Debug)>::fmt`);
/** What would mean the module formats or handles panics at run time. */
const REFUSED = /core\[[0-9a-f]+\]::fmt::write$|std\[[0-9a-f]+\]::panicking::/;

const module = readModule(readFileSync(path));
const functions = [];
for (let i = 0; i < module.getNumFunctions(); i++) {
  const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
  if (!info.module) functions.push(info); // not an import
}
if (!functions.some((f) => /[a-z]::[a-z]/.test(f.name))) {
  throw new Error(`trap-panics: ${path} has no function names (build it with --debuginfo)`);
}
const refused = functions.filter((f) => REFUSED.test(f.name)).map((f) => f.name);
if (refused.length) throw new Error(`trap-panics: ${path} formats or handles panics at run time: ${refused.join(", ")}`);

const trapped = new Set(functions.filter((f) => DIVERGING.test(f.name) || FORMATTING.test(f.name)).map((f) => f.name));
// A formatting function called by anything but another trapped function would be reached
// without a panic: refuse rather than break it.
const text = module.emitText();
// A name in the text format: `$name`, or `$"name with spaces"`.
const NAME = String.raw`\$(?:"((?:[^"\\]|\\.)*)"|([^\s()]+))`;
const name = (m) => m[1] ?? m[2];
let current = null;
for (const line of text.split("\n")) {
  const func = line.match(new RegExp(String.raw`^ \(func ${NAME}`));
  if (func) current = name(func);
  for (const call of line.matchAll(new RegExp(String.raw`\(call ${NAME}`, "g"))) {
    const callee = name(call);
    if (FORMATTING.test(callee) && trapped.has(callee) && !trapped.has(current)) {
      throw new Error(`trap-panics: ${current} calls ${callee} outside a panic`);
    }
  }
}
for (const info of functions.filter((f) => trapped.has(f.name))) {
  module.removeFunction(info.name);
  module.addFunction(info.name, info.params, info.results, [], module.unreachable());
}
if (!module.validate()) throw new Error("trap-panics: the module no longer validates");
writeFileSync(path, module.emitBinary());
writeFileSync(addresses, JSON.stringify([...codeAddresses(text)].sort((a, b) => a - b)));
console.log(`trap-panics: ${trapped.size} functions of panics and their messages now trap`);
