#!/usr/bin/env node
// Writes the catalogs as the widget fetches them: each language's texts as one JSON array, in
// the order of the keys `src/i18n/mod.rs` declares, without the keys. Keyed, every visitor
// would download the 80 key names with their language (400 bytes brotli), and the module
// would carry them too, to look each text up. Translators keep editing the keyed files in
// src/i18n/catalogs/; trunk runs this after each build (Trunk.toml's hook) on its copy of
// them, so `trunk build` and `trunk serve` both serve arrays.
//
//   scripts/catalogs.mjs [dir]    (dir: the build's folder, by default $TRUNK_STAGING_DIR)
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = join(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? "dist", "catalogs");
const source = readFileSync(new URL("../src/i18n/mod.rs", import.meta.url), "utf8");
const declared = /^keys! \{([^}]*)\}/m.exec(source);
if (!declared) throw new Error("catalogs.mjs: no `keys! { … }` in src/i18n/mod.rs");
const keys = declared[1].split(",").map((key) => key.trim()).filter(Boolean);

for (const file of readdirSync(dir).filter((name) => name.endsWith(".json"))) {
  const path = join(dir, file);
  const catalog = JSON.parse(readFileSync(path, "utf8"));
  if (Array.isArray(catalog)) continue; // already written (a build reusing its folder)
  const texts = keys.map((key) => {
    if (typeof catalog[key] !== "string") throw new Error(`catalogs.mjs: ${file} has no text for ${key}`);
    return catalog[key];
  });
  writeFileSync(path, JSON.stringify(texts));
}
