// What the scripts that rework the widget's module share: its features, and how to read it.
import binaryen from "binaryen";

const F = binaryen.Features;
/** The features the release build is optimised with (index.html's data-wasm-opt-params), by
 * wasm-opt's names for them, as binaryen's API names them. */
const FEATURES = {
  "bulk-memory": F.BulkMemory | F.BulkMemoryOpt,
  "nontrapping-float-to-int": F.NontrappingFPToInt,
  "sign-ext": F.SignExt,
  "mutable-globals": F.MutableGlobals,
  "reference-types": F.ReferenceTypes,
  multivalue: F.Multivalue,
};

/** wasm-opt's flags for those features. */
export const FEATURE_FLAGS = Object.keys(FEATURES).map((feature) => `--enable-${feature}`);

/** A module read with those features, which it then declares: not all of binaryen's, which
 * later tools may not read. */
export function readModule(bytes) {
  const module = binaryen.readBinary(bytes);
  module.setFeatures(Object.values(FEATURES).reduce((all, feature) => all | feature));
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
