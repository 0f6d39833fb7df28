#!/usr/bin/env bash
# Where the widget's module bytes go, by crate: the release module as `make widget` builds it,
# run through wasm-bindgen and wasm-opt with its function names kept, then twiggy (from
# crates.io). Sizes are raw bytes of the optimised module (code and data), before compression.
# Generic code is counted under the crate that defines it: a closure of ours that Leptos runs
# appears under `tachys`, `reactive_graph` or `core`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
module=target/wasm32-unknown-unknown/release/chapeau.wasm
[ -f "$module" ] || { echo "size-by-crate: build the widget first (make widget)" >&2; exit 1; }
out=target/size/names
rm -rf "$out"
wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$out" "$module"
flags=$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)
# shellcheck disable=SC2086
wasm-opt -Oz $flags --debuginfo "$out/chapeau_bg.wasm" -o "$out/named.wasm"
twiggy top -n 1000000 --format csv "$out/named.wasm" > "$out/top.csv"
python3 - "$out/top.csv" <<'PY'
import collections, csv, re, sys
sizes = collections.Counter()
for row in csv.DictReader(open(sys.argv[1])):
    name, size = row['Name'], int(row['ShallowSize'])
    if 'names" subsection' in name:
        continue  # kept for this count only: the shipped module has no names
    if name.startswith('data segment'):
        crate = '(data: strings, the CSS, tables)'
    elif name.startswith('import ') or 'externref shim' in name or name.startswith(('elem[', 'code[', 'table[')):
        crate = '(wasm-bindgen imports, shims and tables)'
    else:
        found = re.search(r'([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::', name)
        crate = found.group(1) if found else '(other)'
    sizes[crate] += size
total = sum(sizes.values())
print(f"{'bytes':>8} {'share':>6}  crate")
for crate, size in sizes.most_common():
    if size * 200 < total:
        continue
    print(f"{size:8d} {100 * size / total:5.1f}%  {crate}")
rest = sum(s for s in sizes.values() if s * 200 < total)
print(f"{rest:8d} {100 * rest / total:5.1f}%  (others, under 0.5% each)")
print(f"{total:8d} 100.0%  module, optimised, names aside")
PY
