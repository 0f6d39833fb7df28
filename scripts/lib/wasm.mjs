// What scripts/trap-panics.mjs and scripts/zero-panic-data.mjs both read in a module.
import binaryen from "binaryen";

/** A module read with the features the release build is optimised with (index.html's
 * data-wasm-opt-params), which it then declares: not all of binaryen's, which later tools
 * may not read. */
export function readModule(bytes) {
  const module = binaryen.readBinary(bytes);
  const F = binaryen.Features;
  module.setFeatures(F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt | F.SignExt | F.MutableGlobals | F.ReferenceTypes | F.Multivalue);
  return module;
}

/** Every value the code could use as an address: each `i32.const`, and both halves of each
 * `i64.const` (wasm-opt stores a pointer and a length together as one). `text` is the
 * module in the text format. */
export function codeAddresses(text) {
  const addresses = new Set();
  for (const [, value] of text.matchAll(/i32\.const (-?\d+)/g)) addresses.add(Number(value) >>> 0);
  for (const [, value] of text.matchAll(/i64\.const (-?\d+)/g)) {
    const bits = BigInt.asUintN(64, BigInt(value));
    addresses.add(Number(bits & 0xffffffffn));
    addresses.add(Number(bits >> 32n));
  }
  return addresses;
}
