#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the test suite, from Debian's packages.
#   scripts/pg.sh start   start it (if not running) and print its URL
#   scripts/pg.sh stop    stop it and delete its data
# CHAPEAU_PG_PORT and CHAPEAU_PG_DATA choose another server; CHAPEAU_PG_DURABLE=1 keeps
# PostgreSQL's durable defaults (fsync, synchronous commit), as `make bench` needs.
# Its data lives in a temporary folder; nothing else on the machine is touched.
set -euo pipefail

PORT=${CHAPEAU_PG_PORT:-54329}
DATA=${CHAPEAU_PG_DATA:-/tmp/chapeau-test-pg}
URL="postgres://chapeau@127.0.0.1:$PORT/postgres"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "pg.sh: PostgreSQL is not installed (scripts/setup.sh test installs it)" >&2; exit 1; }

# initdb refuses to run as root: run the server as the postgres user then.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
      if [ ! -f "$DATA/PG_VERSION" ]; then
        rm -rf "$DATA" && mkdir -p "$DATA"
        [ "$(id -u)" -ne 0 ] || chown postgres: "$DATA"
        as_owner "$bin/initdb" -D "$DATA" -U chapeau --auth=trust -E UTF8 >/dev/null
      fi
      # Durability does not matter for a throwaway test server; speed does.
      fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
      [ "${CHAPEAU_PG_DURABLE:-}" != 1 ] || fast=""
      as_owner "$bin/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start \
        -o "-h 127.0.0.1 -p $PORT -k $DATA $fast -c max_connections=300" >/dev/null
      # Each test makes a database of its own and leaves it for a look after a failure; on a
      # server just started nobody uses those of earlier runs, which would pile up otherwise.
      psql "$URL" -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 'chapeau\_test\_%'" |
        while read -r name; do psql "$URL" -qc "DROP DATABASE \"$name\"" >/dev/null; done
    fi
    echo "$URL"
    ;;
  stop)
    if [ -f "$DATA/PG_VERSION" ]; then
      as_owner "$bin/pg_ctl" -D "$DATA" -w -m fast stop >/dev/null 2>&1 || true
      rm -rf "$DATA"
    fi
    ;;
  *)
    echo "usage: scripts/pg.sh start|stop" >&2
    exit 2
    ;;
esac
