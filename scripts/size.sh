#!/usr/bin/env bash
# What the widget weighs, as every visitor downloads it: one line per artifact,
#   name raw_bytes gzip_bytes brotli_bytes
# `loader` is the script tag's file; `widget` is everything the widget itself loads
# (glue JS + wasm; its CSS and catalogs are compiled into the wasm). `leptos-hello` and
# `leptos-counter` are Leptos' own examples built with the same profile and tools, the
# yardsticks the widget is compared with. Then the budgets: the loader's fails the run.
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

# Leptos' hello world and counter, built as `make widget` builds the widget (wasm-bindgen,
# wasm-opt -Oz with the flags of index.html, terser on the glue).
baseline() {
  local crate=$1 out=target/size/$1
  cargo build --quiet --release --target wasm32-unknown-unknown -p "$crate"
  rm -rf "$out"
  wasm-bindgen --target web --no-typescript --remove-name-section --out-dir "$out" "target/wasm32-unknown-unknown/release/${crate//-/_}.wasm"
  local flags; flags=$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)
  # shellcheck disable=SC2086
  wasm-opt -Oz $flags "$out/${crate//-/_}_bg.wasm" -o "$out/${crate//-/_}_bg.wasm"
  scripts/minify-names.mjs "$out" "${crate//-/_}"
  terser --ecma 2020 --compress passes=2 --mangle --comments false --module "$out/${crate//-/_}.js" --output "$out/${crate//-/_}.js"
  echo "$out/${crate//-/_}.js" "$out/${crate//-/_}_bg.wasm"
}

line() { measure "$@" | tee -a "$report"; }
report=$(mktemp)
line loader "$dist/embed.js"
line widget "$dist/chapeau.js" "$dist/chapeau_bg.wasm"
hello=$(baseline size-hello)
counter=$(baseline size-counter)
# shellcheck disable=SC2086
line leptos-hello $hello
# shellcheck disable=SC2086
line leptos-counter $counter

brotli_of() { awk -v n="$1" '$1 == n { print $4 }' "$report"; }
awk -v w="$(brotli_of widget)" -v h="$(brotli_of leptos-hello)" -v c="$(brotli_of leptos-counter)" \
  'BEGIN { printf "ratio widget/leptos-hello %.1f, widget/leptos-counter %.1f (brotli)\n", w / h, w / c }'

# Budgets, in brotli bytes (issue 5). The loader's is enforced. The widget's (everything a first
# open downloads) is not met yet: until it is, a ceiling a little above its present size keeps
# it from growing unnoticed. A change that must make it heavier says so by raising the ceiling.
LOADER_BUDGET=2048
WIDGET_BUDGET=61440
WIDGET_CEILING=168960
loader=$(brotli_of loader) widget=$(brotli_of widget)
echo "budget loader $loader / $LOADER_BUDGET: $([ "$loader" -le $LOADER_BUDGET ] && echo ok || echo OVER)"
echo "budget widget $widget / $WIDGET_BUDGET: $([ "$widget" -le $WIDGET_BUDGET ] && echo ok || echo "not met, over by $((widget - WIDGET_BUDGET))")"
echo "ceiling widget $widget / $WIDGET_CEILING: $([ "$widget" -le $WIDGET_CEILING ] && echo ok || echo OVER)"
[ "$loader" -le $LOADER_BUDGET ] || { echo "size: the loader is over its budget" >&2; exit 1; }
[ "$widget" -le $WIDGET_CEILING ] || { echo "size: the widget grew over its ceiling ($WIDGET_CEILING brotli bytes)" >&2; exit 1; }
