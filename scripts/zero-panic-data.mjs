#!/usr/bin/env node
// Zeroes the data only panics read, once scripts/trap-panics.mjs has made them trap and
// wasm-opt has dropped the code that passed it: the `Location` of each panic site (a source
// file's path, a line and a column), the paths themselves, and the panics' messages.
// wasm-opt cannot drop data, since code reaches it by address; zeroed, it compresses to
// almost nothing, and memory starts zeroed anyway.
//
// A location is zeroed only if no code and no other data points into it any more, a path
// only if nothing but such locations points to it. A message is text that the code named
// before its panics trapped (the addresses trap-panics.mjs wrote) and no longer names: it
// is zeroed from there to the end of the text or to the next address still in use,
// whichever comes first.
//
//   scripts/zero-panic-data.mjs <module.wasm> <addresses.json>   (the module as it ships)
import { readFileSync, writeFileSync } from "node:fs";
import { eachSection } from "./lib/sections.mjs";
import { codeAddresses, readModule } from "./lib/wasm.mjs";

const [path, addresses] = process.argv.slice(2);
if (!addresses) {
  console.error("usage: zero-panic-data.mjs <module.wasm> <addresses.json>");
  process.exit(2);
}
const bytes = readFileSync(path);
const segments = dataSegments(bytes);
const low = Math.min(...segments.map((s) => s.address));
const high = Math.max(...segments.map((s) => s.address + s.length));
const memory = new Uint8Array(high);
for (const s of segments) memory.set(bytes.subarray(s.at, s.at + s.length), s.address);
const words = new DataView(memory.buffer);
// The first address of a 4-byte word, where pointers are.
const firstWord = low + ((4 - (low % 4)) % 4);

// The source paths of panic locations: ours (src/…, protocol/src/…) and the standard
// library's (/rustc/<commit>/library/…).
const text = new TextDecoder("latin1").decode(memory);
const paths = [...text.matchAll(/[\w/.-]*(?:src|library)\/[\w/.-]+\.rs/g)].map((m) => ({ at: m.index, length: m[0].length }));
// A location: the path's address and length, then the line and the column.
const pathAt = new Map(paths.map((p) => [p.at, p]));
const locations = [];
for (let at = firstWord; at + 16 <= high; at += 4) {
  const target = pathAt.get(words.getUint32(at, true));
  if (target && words.getUint32(at + 4, true) === target.length) locations.push(at);
}

// Everything that still points somewhere: the code's constants and the data's words.
const constants = [...codeAddresses(readModule(bytes).emitText())];
const pointers = new Map(); // target → addresses of the data words that hold it
for (let at = firstWord; at + 4 <= high; at += 4) {
  const target = words.getUint32(at, true);
  if (!pointers.has(target)) pointers.set(target, []);
  pointers.get(target).push(at);
}
const inside = (start, length) => (address) => address >= start && address < start + length;
const pointedAt = (start, length) => [...pointers.keys()].some(inside(start, length));

const dead = locations.filter((at) => !constants.some(inside(at, 16)) && !pointedAt(at, 16));
if (dead.length < locations.length) {
  throw new Error(`zero-panic-data: ${locations.length - dead.length} of ${locations.length} panic locations are still used (run scripts/trap-panics.mjs first)`);
}
const deadSet = new Set(dead);
const deadPaths = paths.filter(
  (p) => !constants.some(inside(p.at, p.length)) && [...pointers].every(([target, from]) => !inside(p.at, p.length)(target) || from.every((w) => deadSet.has(w))),
);
const zero = (start, length) => {
  for (const s of segments) {
    for (let address = Math.max(start, s.address); address < Math.min(start + length, s.address + s.length); address++) {
      bytes[s.at + address - s.address] = 0;
    }
  }
};
for (const at of dead) zero(at, 16);
for (const p of deadPaths) zero(p.at, p.length);

// Messages: printable text the code named before and names no more.
const MIN_MESSAGE = 4;
const named = new Set(constants);
const inUse = [...new Set([...constants, ...pointers.keys()])].filter((a) => a >= low && a < high).sort((a, b) => a - b);
const printable = (address) => memory[address] >= 0x20 && memory[address] < 0x7f;
let messages = 0, messageBytes = 0;
for (const start of JSON.parse(readFileSync(addresses, "utf8"))) {
  if (start < low || start >= high || named.has(start) || pointers.has(start) || !printable(start)) continue;
  const next = inUse.find((a) => a > start) ?? high;
  let end = start;
  while (end < next && printable(end)) end++;
  // Shorter runs are bytes of other data that happen to print (a line number, a pointer).
  if (end - start < MIN_MESSAGE) continue;
  if (process.env.ZERO_PANIC_DATA_LIST) console.log(JSON.stringify(text.slice(start, end)));
  zero(start, end - start);
  messages++;
  messageBytes += end - start;
}
writeFileSync(path, bytes);
const zeroed = dead.length * 16 + deadPaths.reduce((sum, p) => sum + p.length, 0);
console.log(
  `zero-panic-data: zeroed ${dead.length} panic locations, ${deadPaths.length} of ${paths.length} paths (${zeroed} bytes), ${messages} messages (${messageBytes} bytes)`,
);

/** The active data segments of a module: where each goes in memory and where it is in the file. */
function dataSegments(bytes) {
  const segments = [];
  eachSection(bytes, (id, reader) => {
    if (id !== 11) return;
    for (let count = reader.leb(); count > 0; count--) {
      // Flags 0: active, in memory 0, at an `i32.const` address.
      if (reader.leb() !== 0 || reader.byte() !== 0x41) throw new Error("zero-panic-data: a data segment of another form");
      const address = reader.leb();
      if (reader.byte() !== 0x0b) throw new Error("zero-panic-data: a data segment's address is not a constant");
      const length = reader.leb();
      segments.push({ address, length, at: reader.at });
      reader.at += length;
    }
  });
  return segments;
}
