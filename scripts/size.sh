#!/usr/bin/env bash
# What the widget weighs, as every visitor downloads it: one line per artifact,
#   name raw_bytes gzip_bytes brotli_bytes
# `loader` is the script tag's file; `widget` is everything the widget itself loads
# (glue JS + wasm; its CSS is compiled into the wasm).
set -euo pipefail
cd "$(dirname "$0")/.."
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

measure loader "$dist/embed.js"
measure widget "$dist/chapeau.js" "$dist/chapeau_bg.wasm"
