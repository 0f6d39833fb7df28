# Chapeau: `make run` for the demo, `make test` for every suite.
# Every target installs what it needs first (scripts/setup.sh), skipping what is there.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# Browser tests: Debian's Chromium through its ChromeDriver.
WASM_TEST_ENV := CHROMEDRIVER=/usr/bin/chromedriver \
	WASM_BINDGEN_TEST_WEBDRIVER_JSON=$(CURDIR)/tests/webdriver.json \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner

.PHONY: run test setup widget collector size size-by-crate bench fuzz audit test-native test-wasm test-e2e screenshots clean

## The demo: the collector on http://127.0.0.1:8080 with SQLite in ./data, serving a brand page.
run: setup widget
	cargo run --profile server -p chapeau-collector

## Every suite: native, in-browser component tests, end to end, the size report and the
## supply-chain audit.
test: setup-test
	$(MAKE) test-native
	$(MAKE) test-wasm
	$(MAKE) widget
	$(MAKE) test-e2e
	$(MAKE) size
	$(MAKE) audit

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh test

## The widget in release mode, optimised as it ships, into ./dist: trunk builds the module
## (wasm-bindgen, then wasm-opt); terser minifies the loader and the wasm-bindgen glue.
TERSER := terser --ecma 2020 --compress passes=2 --mangle --comments false
widget:
	trunk build --release
	$(TERSER) loader/embed.js --output dist/embed.js
	$(TERSER) --module dist/chapeau.js --output dist/chapeau.js

## A collector for `trunk serve` to proxy to (debug build, demo settings).
collector:
	cargo run -p chapeau-collector

# The collector's suites run on SQLite and on a throwaway PostgreSQL server.
test-native:
	export CHAPEAU_TEST_POSTGRES=$$(scripts/pg.sh start); cargo test --workspace

# With the script tag's exports (the `embed` feature): the tests mount the widget as the
# loader does, and as a Leptos app does through the `Chapeau` component.
test-wasm:
	$(WASM_TEST_ENV) cargo test --target wasm32-unknown-unknown -p chapeau --features embed --test web

test-e2e:
	cargo build --profile server -p chapeau-collector
	cd examples/leptos-app && trunk build
	playwright test --config tests/e2e/playwright.config.mjs

## The README's pictures, retaken from the widget and the collector as they are built: the
## end-to-end specs that take them write into docs/screenshots (`make test` writes its own
## into the test results).
screenshots: setup-test widget
	cargo build --profile server -p chapeau-collector
	CHAPEAU_SCREENSHOTS=docs/screenshots playwright test --config tests/e2e/playwright.config.mjs a11y feedback inbox isolation questions

## cargo-deny: licences, sources, bans, and RustSec advisories where the database is reachable.
audit:
	scripts/setup.sh test
	scripts/audit.sh

## The property tests of parsing (submissions, the embed's attributes, stored outbox and
## receipts) with many more cases than `make test` runs: FUZZ_CASES each (default 100,000).
fuzz:
	PROPTEST_CASES=$${FUZZ_CASES:-100000} cargo test --release -p chapeau-protocol --test fuzz
	PROPTEST_CASES=$${FUZZ_CASES:-100000} cargo test --release -p chapeau --test properties

## One line per artifact: name raw_bytes gzip_bytes brotli_bytes.
size:
	scripts/setup.sh size
	[ -f dist/chapeau_bg.wasm ] || $(MAKE) widget
	scripts/size.sh

## Where the widget's module bytes go, by crate (twiggy), for BENCHMARKS.md.
size-by-crate:
	scripts/setup.sh breakdown
	[ -f target/wasm32-unknown-unknown/release/chapeau.wasm ] || $(MAKE) widget
	scripts/size-by-crate.sh

## Throughput of the collector (SQLite, PostgreSQL, a bare handler) and the widget's cost to
## a host page in Chromium: figures, not tests (see BENCHMARKS.md).
bench:
	scripts/setup.sh bench
	$(MAKE) widget
	scripts/bench.sh

clean:
	scripts/pg.sh stop
	rm -rf dist target tests/e2e/results
