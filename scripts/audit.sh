#!/usr/bin/env bash
# Supply-chain checks with cargo-deny (deny.toml), run by `make test`:
#   - bans, licences, sources: always, offline (every crate from crates.io, under a licence
#     we can ship);
#   - advisories (RustSec): against the advisory database, which lives on GitHub. Where this
#     machine cannot reach it (the build machines reach crates.io, not GitHub), it is read from
#     CHAPEAU_ADVISORY_DB (a path or URL of a clone of rustsec/advisory-db), else from the copy
#     a previous run left in target/; with none of these, the check says so and is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo deny --offline check bans licenses sources

# Where cargo-deny looks for the database of deny.toml's `db-path` and the default URL.
db=target/advisory-dbs/advisory-db-3157b0e258782691
if [ -n "${CHAPEAU_ADVISORY_DB:-}" ]; then
  rm -rf "$db"
  mkdir -p "$(dirname "$db")"
  git clone --quiet "$CHAPEAU_ADVISORY_DB" "$db"
elif timeout 10 git ls-remote https://github.com/rustsec/advisory-db HEAD >/dev/null 2>&1; then
  cargo deny check advisories
  exit 0
fi
if [ -d "$db/crates" ]; then
  echo "audit: advisories from the database of $(git -C "$db" log -1 --format=%cs)"
  cargo deny --offline check advisories
else
  echo "audit: advisories SKIPPED: the RustSec database (github.com/rustsec/advisory-db) is unreachable from here;"
  echo "audit: set CHAPEAU_ADVISORY_DB to a clone of it to check (see docs/reliability.md)"
fi
