#!/usr/bin/env bash
# `make bench`: the collector's throughput on SQLite and PostgreSQL against a bare axum
# handler, then the widget's cost to a host page in headless Chromium. Results go to
# target/bench/ (one JSON line per measure) and to the terminal. Not a test: figures vary
# with the machine; BENCHMARKS.md says which machine gave them.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"
seconds=${BENCH_SECONDS:-10}
cargo build --profile server -p chapeau-collector -p chapeau-bench
load=target/server/chapeau-load

cat > "$out/sites.toml" <<'TOML'
[[site]]
id = "bench"
name = "Bench"
origins = ["https://bench.example"]

[[site.poll]]
id = "colour"
question = "Which colour next?"
options = [{ id = "green", label = "Green" }, { id = "orange", label = "Orange" }]
results = "always"
TOML

port=18190
bare_port=18191
pid=
first_pid=
bare_pid=
# Stops the server whose pid is $1, if there is one.
halt() { [ -n "$1" ] && kill "$1" 2>/dev/null && wait "$1" 2>/dev/null || true; }
stop() { halt "$pid"; pid=; }
trap 'stop; halt "$first_pid"; halt "$bare_pid"' EXIT

# The bare handler, idle until its runs: the interleaved pairs and its own full run.
$load bare --listen "127.0.0.1:$bare_port" & bare_pid=$!

# Starts a collector on $port over database $1, with limits out of the way: this measures the
# store, not the rate limiter.
start_collector() {
  RUST_LOG=warn target/server/chapeau-collector --listen "127.0.0.1:$port" --database "$1" \
    --sites "$out/sites.toml" --admin-password bench-password-0001 --min-dwell-ms 0 \
    --max-per-ip-per-minute 4000000000 --max-per-site-per-minute 4000000000 > "$out/collector.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" > /dev/null && return; sleep 0.1; done
  echo "the collector did not start:"; cat "$out/collector.log"; exit 1
}

# Saturates, checks that every 201 is a stored row (counted by the function named $2), then
# paces at half the rate; then saturates reads of a poll.
measure() {
  local name=$1 count_rows=$2
  local url="http://127.0.0.1:$port/v1/submissions"
  local saturated; saturated=$($load saturate --url "$url" --seconds "$seconds")
  local created; created=$(jq '.statuses["201"] // 0' <<< "$saturated")
  local stored; stored=$($count_rows)
  local rate; rate=$(jq '.rate' <<< "$saturated")
  local paced; paced=$($load pace --url "$url" --seconds "$seconds" --rate $((${rate%.*} / 2)))
  local poll; poll=$($load saturate --method get --url "http://127.0.0.1:$port/v1/sites/bench/polls/colour?visitor=bench-visitor-0001" --seconds "$seconds")
  jq -c --arg name "$name" --argjson stored "$stored" --argjson created "$created" --argjson paced "$paced" --argjson poll "$poll" \
    '{store: $name, submissions_per_s: .rate, created: $created, stored: $stored, every_201_stored: ($created == $stored),
      statuses: .statuses, at_half_rate: {rate: $paced.rate, p50_ms: $paced.p50_ms, p99_ms: $paced.p99_ms},
      poll_reads_per_s: $poll.rate}' <<< "$saturated" | tee -a "$out/results.jsonl"
}

: > "$out/results.jsonl"
echo "== collector on SQLite (WAL, synchronous=FULL)"
db="$out/bench.db"
rm -f "$db" "$db-wal" "$db-shm"
start_collector "sqlite://$db"
sqlite_rows() { sqlite3 "$db" 'SELECT count(*) FROM submissions'; }
measure sqlite sqlite_rows

# The ratio to the bare handler, from pairs of short runs one right after the other, the
# collector's then the bare handler's: a shared machine's speed drifts by a third from one
# minute to the next, far more than the two differ within a pair. The median pair counts.
# How far the bare handler's own rate spread across the pairs tells a quiet machine (a few
# per cent) from a busy one (a third or more), whose ratios swing with it.
# Each run also says where the two cores' time went: the CPU the server and the load generator
# each spent per request (user and system, from /proc and the shell's `time`), and how much
# of the cores was left idle or waiting on the disk (/proc/stat). Both share the two cores, so
# a ratio is made of these four costs and the idle share.
echo "== collector on SQLite against the bare handler, ${BENCH_PAIRS:-7} interleaved pairs"
ticks_per_s=$(getconf CLK_TCK)
# CPU ticks the process $1 has used, user and system.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# Idle (with I/O wait) and total ticks of all the cores.
core_ticks() { awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
# A 3 s saturating run of the server $1 (its pid $2), as chapeau-load reports it, with the CPU
# per request of the server and of the load generator, and the cores' idle share.
measured_run() {
  local timing; timing=$(mktemp)
  local server_before; server_before=$(cpu_ticks "$2")
  local cores_before; cores_before=$(core_ticks)
  local run; run=$( { TIMEFORMAT='%3U %3S'; time $load saturate --url "http://127.0.0.1:$1/v1/submissions" --seconds 3; } 2> "$timing")
  local cores_after; cores_after=$(core_ticks)
  local server_after; server_after=$(cpu_ticks "$2")
  jq -c --argjson server "$(( server_after - server_before ))" --argjson hz "$ticks_per_s" \
    --argjson client "$(awk '{ print $1 + $2 }' "$timing")" \
    --argjson idle "$(( ${cores_after% *} - ${cores_before% *} ))" --argjson total "$(( ${cores_after#* } - ${cores_before#* } ))" \
    '. + {server_us: ($server / $hz * 1e6 / .requests | round), client_us: ($client * 1e6 / .requests | round),
          idle_pct: ($idle / $total * 100 | round)}' <<< "$run"
  rm -f "$timing"
}
for _ in $(seq "${BENCH_PAIRS:-7}"); do
  c=$(measured_run "$port" "$pid")
  b=$(measured_run "$bare_port" "$bare_pid")
  jq -c --argjson b "$b" '{collector: .rate, all_201: ((.statuses["201"] // 0) == .requests), bare: $b.rate,
    cpu_us_per_request: {collector: .server_us, its_load: .client_us, bare: $b.server_us, bare_load: $b.client_us},
    idle_pct: {collector: .idle_pct, bare: $b.idle_pct}}' <<< "$c"
done | jq -sc 'def median: sort | .[length / 2 | floor];
  # Objects of the same keys, one object of each key'"'"'s median.
  def medians: . as $rows | reduce ($rows[0] | keys_unsorted[]) as $key ({}; .[$key] = ($rows | map(.[$key]) | median));
  {store: "sqlite against bare, interleaved", pairs: ., ratios: [.[] | .collector / .bare * 1000 | round / 1000]}
  | .median_ratio = (.ratios | median)
  | .bare_spread = ([.pairs[].bare] | (max - min) / median * 100 | round)
  | .median_cpu_us_per_request = (.pairs | map(.cpu_us_per_request) | medians)
  | .median_idle_pct = (.pairs | map(.idle_pct) | medians)' | tee -a "$out/results.jsonl"
stop

# What a submission costs in the collector's own code, counted rather than timed: callgrind
# counts the instructions run in user space (the kernel's work is not counted), the same from
# one run to the next whatever else the machine does (within a few tenths of a per cent, as
# group sizes vary). The bare handler's count per request is the yardstick.
echo "== instructions per request in user space (callgrind, 16 clients, SQLite)"
# Runs "$@" under callgrind on $port, loads $1 with 16 clients (after a warm-up that is not
# counted) and prints the instructions per answered request.
instructions() {
  local url=$1; shift
  local cg; cg=$(mktemp -d)
  valgrind --tool=callgrind --callgrind-out-file="$cg/out" "$@" > "$cg/log" 2>&1 & local vg=$!
  for _ in $(seq 200); do curl -s "http://127.0.0.1:$port/" > /dev/null && break; sleep 0.2; done
  $load saturate --url "$url" --seconds 2 --connections 16 > /dev/null
  callgrind_control -z "$vg" > /dev/null 2>&1
  local counted; counted=$($load saturate --url "$url" --seconds "$seconds" --connections 16)
  callgrind_control -d "$vg" > /dev/null 2>&1
  kill "$vg"; wait "$vg" 2>/dev/null || true
  local ir; ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$cg"/out.1)
  jq -n --argjson ir "$ir" --argjson counted "$counted" '$ir / $counted.requests | round'
  rm -rf "$cg"
}
db="$out/callgrind.db"
rm -f "$db" "$db-wal" "$db-shm"
collector_ir=$(RUST_LOG=warn instructions "http://127.0.0.1:$port/v1/submissions" target/server/chapeau-collector \
  --listen "127.0.0.1:$port" --database "sqlite://$db" --sites "$out/sites.toml" --admin-password bench-password-0001 \
  --min-dwell-ms 0 --max-per-ip-per-minute 4000000000 --max-per-site-per-minute 4000000000)
bare_ir=$(instructions "http://127.0.0.1:$port/v1/submissions" "$load" bare --listen "127.0.0.1:$port")
jq -nc --argjson c "$collector_ir" --argjson b "$bare_ir" \
  '{store: "user-space instructions per request (callgrind)", sqlite_submission: $c, bare_handler: $b}' | tee -a "$out/results.jsonl"

echo "== collector on PostgreSQL (a throwaway server with its durable defaults)"
export CHAPEAU_PG_PORT=54339 CHAPEAU_PG_DATA=/tmp/chapeau-bench-pg CHAPEAU_PG_DURABLE=1
pg=$(scripts/pg.sh start)
PGOPTIONS="-c client_min_messages=warning" psql "$pg" -qc "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" > /dev/null
start_collector "$pg"
pg_rows() { psql "$pg" -Atc 'SELECT count(*) FROM submissions'; }
measure postgres pg_rows
stop

# Two collectors on the one PostgreSQL, as behind a balancer, each loaded by its own 32
# clients at once: the total, and every 201 a stored row.
echo "== two collectors on one PostgreSQL"
PGOPTIONS="-c client_min_messages=warning" psql "$pg" -qc "TRUNCATE submissions CASCADE" > /dev/null
start_collector "$pg"
first_pid=$pid
port=$((port + 2))
start_collector "$pg"
second_pid=$pid
$load saturate --url "http://127.0.0.1:$((port - 2))/v1/submissions" --seconds "$seconds" --connections 32 > "$out/first.json" &
first_load=$!
$load saturate --url "http://127.0.0.1:$port/v1/submissions" --seconds "$seconds" --connections 32 > "$out/second.json"
wait "$first_load"
jq -c -s --argjson stored "$(pg_rows)" \
  '{store: "postgres, two collectors", submissions_per_s: (.[0].rate + .[1].rate), each: [.[0].rate, .[1].rate],
    created: (.[0].statuses["201"] + .[1].statuses["201"]), stored: $stored,
    every_201_stored: ((.[0].statuses["201"] + .[1].statuses["201"]) == $stored)}' \
  "$out/first.json" "$out/second.json" | tee -a "$out/results.jsonl"
halt "$first_pid"
stop
port=$((port - 2))
scripts/pg.sh stop

echo "== bare axum handler (204)"
bare=$($load saturate --url "http://127.0.0.1:$bare_port/v1/submissions" --seconds "$seconds")
halt "$bare_pid"; bare_pid=
jq -c '{store: "bare axum 204", submissions_per_s: .rate}' <<< "$bare" | tee -a "$out/results.jsonl"
jq -rs '(.[-1].submissions_per_s) as $bare | (.[] | select(.median_ratio) | "\(.median_ratio) (median of interleaved pairs, the bare handler spread by \(.bare_spread)% across them; these two separate runs: ") as $median | .[:-1][] | select(.at_half_rate) |
  "\(.store): \(.submissions_per_s) submissions/s (every 201 stored: \(.every_201_stored)), p50 \(.at_half_rate.p50_ms) ms, p99 \(.at_half_rate.p99_ms) ms at \(.at_half_rate.rate)/s; poll reads \(.poll_reads_per_s)/s; ratio to the bare handler "
  + (if .store == "sqlite" then $median else "" end)
  + "\((.submissions_per_s / $bare * 100 | round) / 100)" + (if .store == "sqlite" then ")" else "" end)' \
  "$out/results.jsonl"
jq -r 'select(.median_cpu_us_per_request) | .median_cpu_us_per_request as $cpu | .median_idle_pct as $idle |
  "where the two cores went, per request (medians of the pairs): the collector \($cpu.collector) µs of CPU and its load generator \($cpu.its_load) µs, the cores \($idle.collector)% idle; the bare handler \($cpu.bare) µs and its load generator \($cpu.bare_load) µs, the cores \($idle.bare)% idle"' \
  "$out/results.jsonl"

echo "== the widget on a host page (headless Chromium)"
node tests/bench/widget.mjs | tee "$out/widget.json"
