#!/bin/sh
# bench/feeds/run.sh - calendar feeds under load: `make bench-feeds`
#
# Plans a desk of 2,000 agents (tools/geninstance.py size L, its week moved
# to the current one so that it is inside the feeds' 4-week window), issues
# feeds for 1,000 of the agents who have shifts, starts `staffplan serve`
# on a loopback port and runs wrk (Debian wrk 4.1) with 50 connections for
# DURATION seconds over those 1,000 URLs picked at random (pick.lua):
#   cold   the server just started: every feed is written once on the way
#   warm   the same server again, each body already written once
#   idle   warm, with 200 more connections held open doing nothing or
#          stalled mid-request (idle.py), replaced when the server times
#          them out
# for each THREADS value (serve --threads).  Results: a table on stdout and
# in bench/out/feeds/results.md; bench/FEEDS.md discusses them.
#
# Environment: THREADS (default "1 2 4"), DURATION (20), CONNECTIONS (50),
# IDLE (200), FEEDS (1000), SEED (20261130), TIME_LIMIT (60: the roster's
# quality does not matter here), STAFFPLAN (build/staffplan), REPLAN=1 to
# plan again over an existing bench/out/feeds/L.db.
set -eu

cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
STAFFPLAN=${STAFFPLAN:-build/staffplan}
THREADS=${THREADS:-1 2 4}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-50}
IDLE=${IDLE:-200}
FEEDS=${FEEDS:-1000}
SEED=${SEED:-20261130}
TIME_LIMIT=${TIME_LIMIT:-60}
OUT=bench/out/feeds
DB=$OUT/L.db

command -v wrk >/dev/null || { echo "bench-feeds: wrk is missing (apt-get install wrk, or make deps)" >&2; exit 1; }
[ -x "$STAFFPLAN" ] || { echo "bench-feeds: no $STAFFPLAN (run make)" >&2; exit 1; }
mkdir -p "$OUT"

PID=
IDLE_PID=
# SIGTERM repeated until the server is gone (one sent before the child
# became staffplan is lost to this shell's trap), then KILL
cleanup() {
	[ -z "$IDLE_PID" ] || kill "$IDLE_PID" 2>/dev/null || :
	[ -n "$PID" ] || return 0
	for _ in $(seq 1 100); do
		kill -TERM "$PID" 2>/dev/null || break
		sleep 0.2
	done
	kill -KILL "$PID" 2>/dev/null || :
}
trap cleanup EXIT
trap 'cleanup; exit 1' INT TERM HUP

# ---- the desk, planned once ---------------------------------------------------
if [ ! -s "$DB" ] || [ -n "${REPLAN:-}" ]; then
	rm -rf "$OUT/L" "$DB" "$DB-wal" "$DB-shm"
	$PY tools/geninstance.py --size L --seed "$SEED" --out "$OUT/L" 2>"$OUT/generate.log"
	# the week moved by whole weeks to the current one
	$PY - "$OUT/L" <<'PYEOF'
import datetime as dt, pathlib, re, sys
d = pathlib.Path(sys.argv[1])
pat = re.compile(r'(\d{4}-\d{2}-\d{2})T')
texts = {f: (d / f).read_text() for f in ('forecast.csv', 'availability.csv')}
first = min(dt.date.fromisoformat(m) for m in pat.findall(texts['forecast.csv']))
shift = dt.timedelta(days=7 * ((dt.datetime.now(dt.timezone.utc).date() - first).days // 7))
for f, t in texts.items():
    (d / f).write_text(pat.sub(lambda m: (dt.date.fromisoformat(m.group(1)) + shift).isoformat() + 'T', t))
PYEOF
	echo "bench-feeds: planning L (2,000 agents, --time-limit $TIME_LIMIT)" >&2
	"$STAFFPLAN" plan "$OUT/L" --out "$OUT/plan" --db "$DB" --time-limit "$TIME_LIMIT" 2>"$OUT/plan.log" ||
		{ cat "$OUT/plan.log" >&2; exit 1; }
fi
# shellcheck disable=SC2046
"$STAFFPLAN" feeds issue $(sqlite3 "$DB" "SELECT DISTINCT agent_id FROM publications ORDER BY agent_id LIMIT $FEEDS") \
	--db "$DB" >"$OUT/feeds.csv" 2>/dev/null
sed -n 's|^[^,]*,http://127.0.0.1:8080||p' "$OUT/feeds.csv" >"$OUT/paths.txt"
nfeeds=$(wc -l <"$OUT/paths.txt" | tr -d ' ')
FEED_PATHS=$PWD/$OUT/paths.txt
export FEED_PATHS

# ---- one configuration --------------------------------------------------------
# result NAME: the RESULT line of the last wrk run as a table row
row() {
	sed -n 's/^RESULT //p' "$OUT/wrk.out" | tr ' ' '\n' | sed -n "s/^$1=//p"
}
# CPU time (user + system, clock ticks) the server has used so far
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
run_wrk() { # label [idle note]
	c0=$(cpu_ticks)
	wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/feeds/pick.lua "http://127.0.0.1:$port" \
		>"$OUT/wrk.out" 2>&1 || { cat "$OUT/wrk.out" >&2; exit 1; }
	c1=$(cpu_ticks)
	cp "$OUT/wrk.out" "$OUT/wrk-$t-$(printf '%s' "$1" | tr -c 'a-z0-9' '-').out"
	rps=$(row rps)
	p50=$(row p50_us)
	p99=$(row p99_us)
	errs=$(($(row non2xx) + $(row connect) + $(row read) + $(row write) + $(row timeout)))
	awk -v t="$t" -v run="$1" -v rps="$rps" -v p50="$p50" -v p99="$p99" -v e="$errs" -v idle="${2:-}" \
		-v n="$(row requests)" -v cpu="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" \
		'BEGIN { printf "| %s | %s | %.0f | %.1f | %.1f | %s | %.0f | %s |\n", t, run, rps, p50 / 1000,
			 p99 / 1000, e, cpu * 1e6 / hz / n, idle }' | tee -a "$OUT/results.md"
}

{
	echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), Linux $(uname -r);" \
		"load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "Client: $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), -t2 -c$CONNECTIONS -d${DURATION}s, $nfeeds feed URLs at random"
	echo
	echo "| threads | run | requests/s | p50 ms | p99 ms | errors | server CPU µs/request | idle connections |"
	echo "|---:|---|---:|---:|---:|---:|---:|---|"
} | tee "$OUT/results.md"
: >"$OUT/idle-all.out"

for t in $THREADS; do
	: >"$OUT/serve.err"
	"$STAFFPLAN" serve --db "$DB" --listen 127.0.0.1:0 --threads "$t" --log "$OUT/access.log" 2>"$OUT/serve.err" &
	PID=$!
	port=
	for _ in $(seq 1 100); do
		port=$(sed -n 's|^staffplan serve: listening on http://127.0.0.1:\([0-9][0-9]*\)/.*|\1|p' "$OUT/serve.err")
		[ -n "$port" ] && break
		sleep 0.1
	done
	[ -n "$port" ] || { cat "$OUT/serve.err" >&2; exit 1; }
	run_wrk cold
	run_wrk warm
	rm -f "$OUT/idle.ready"
	$PY bench/feeds/idle.py 127.0.0.1 "$port" "$IDLE" "$((DURATION + 5))" "$OUT/idle.ready" >"$OUT/idle.out" &
	IDLE_PID=$!
	while [ ! -s "$OUT/idle.ready" ]; do sleep 0.1; done
	run_wrk "warm + $IDLE idle" "$(tr -d '\n' <"$OUT/idle.ready") open"
	wait "$IDLE_PID" || :
	IDLE_PID=
	sed "s/^/threads $t: /" "$OUT/idle.out" >>"$OUT/idle-all.out"
	kill -TERM "$PID"
	rc=0
	wait "$PID" || rc=$?
	PID=
	[ "$rc" -eq 0 ] || { echo "bench-feeds: serve exited $rc on SIGTERM" >&2; cat "$OUT/serve.err" >&2; exit 1; }
done
{
	echo
	echo "idle.py (per THREADS value):"
	sed 's/^/    /' "$OUT/idle-all.out"
} | tee -a "$OUT/results.md"
echo "bench-feeds: wrk outputs in $OUT/wrk-*.out, table in $OUT/results.md" >&2
