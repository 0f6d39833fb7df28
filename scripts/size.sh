#!/usr/bin/env bash
# What the widget weighs, as every visitor downloads it: one line per artifact,
#   name raw_bytes gzip_bytes brotli_bytes
# `loader` is the script tag's file; `widget` the module and its glue (the CSS is inside);
# `catalog-xx` each language's texts, of which a visitor downloads one; `first-open` what a
# first open downloads at most: the module, the glue and the heaviest catalog. `leptos-hello`
# and `leptos-counter` are Leptos' own examples built with the same profile and tools, the
# yardsticks the widget is compared with. Then the budgets: either one exceeded fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
dist=${DIST:-dist}

# Files travel one by one, so each is compressed alone and the sizes are added up.
measure() {
  local name=$1; shift
  local raw=0 gz=0 br=0 file
  for file in "$@"; do
    raw=$((raw + $(wc -c < "$file")))
    gz=$((gz + $(gzip -9 -c "$file" | wc -c)))
    br=$((br + $(brotli -q 11 -c "$file" | wc -c)))
  done
  printf '%s %d %d %d\n' "$name" "$raw" "$gz" "$br"
}

# Leptos' hello world and counter, built as `make widget` builds the widget (the release
# profile, wasm-bindgen, wasm-opt -Oz with the flags of index.html, terser on the glue).
baseline() {
  local crate=$1 out=target/size/$1
  cargo build --quiet --release --target wasm32-unknown-unknown -p "$crate"
  rm -rf "$out"
  wasm-bindgen --target web --no-typescript --remove-name-section --out-dir "$out" "target/wasm32-unknown-unknown/release/${crate//-/_}.wasm"
  local flags; flags=$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)
  # shellcheck disable=SC2086
  wasm-opt -Oz $flags "$out/${crate//-/_}_bg.wasm" -o "$out/${crate//-/_}_bg.wasm"
  terser --ecma 2020 --compress passes=2 --mangle --comments false --module "$out/${crate//-/_}.js" --output "$out/${crate//-/_}.js"
  echo "$out/${crate//-/_}.js" "$out/${crate//-/_}_bg.wasm"
}

line() { measure "$@" | tee -a "$report"; }
report=$(mktemp)
line loader "$dist/embed.js"
line widget "$dist/chapeau.js" "$dist/chapeau_bg.wasm"
# A first open downloads the module, its glue and the visitor's catalog: the heaviest catalog
# makes the heaviest first open.
for catalog in "$dist"/catalogs/*.json; do
  line "catalog-$(basename "$catalog" .json)" "$catalog"
done
heaviest=$(awk '$1 ~ /^catalog-/ { print $4, $1 }' "$report" | sort -n | tail -1 | cut -d' ' -f2)
line first-open "$dist/chapeau.js" "$dist/chapeau_bg.wasm" "$dist/catalogs/${heaviest#catalog-}.json"
hello=$(baseline size-hello)
counter=$(baseline size-counter)
# shellcheck disable=SC2086
line leptos-hello $hello
# shellcheck disable=SC2086
line leptos-counter $counter

brotli_of() { awk -v n="$1" '$1 == n { print $4 }' "$report"; }
awk -v w="$(brotli_of widget)" -v h="$(brotli_of leptos-hello)" -v c="$(brotli_of leptos-counter)" \
  'BEGIN { printf "ratio widget/leptos-hello %.1f, widget/leptos-counter %.1f (brotli, module and glue; goal: 3.5 times the counter)\n", w / h, w / c }'

# Budgets, in brotli bytes, both enforced: the loader's, and a first open's (module, glue and
# the heaviest catalog, with the CSS inside the module). The first open's is a guard against
# regressions, set a little above what the widget weighs on Leptos, gloo-net and serde
# (BENCHMARKS.md says what it is made of). A change that must make one heavier says so by
# raising it here, with the reason.
LOADER_BUDGET=2048
FIRST_OPEN_BUDGET=188416
loader=$(brotli_of loader) first=$(brotli_of first-open)
echo "budget loader $loader / $LOADER_BUDGET: $([ "$loader" -le $LOADER_BUDGET ] && echo ok || echo OVER)"
echo "budget first-open ($heaviest) $first / $FIRST_OPEN_BUDGET: $([ "$first" -le $FIRST_OPEN_BUDGET ] && echo ok || echo OVER)"
[ "$loader" -le $LOADER_BUDGET ] || { echo "size: the loader is over its budget" >&2; exit 1; }
[ "$first" -le $FIRST_OPEN_BUDGET ] || { echo "size: a first open is over its budget ($FIRST_OPEN_BUDGET brotli bytes)" >&2; exit 1; }
