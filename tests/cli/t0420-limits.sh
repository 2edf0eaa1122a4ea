#!/bin/sh
# t0420-limits.sh - values beyond a real desk are refused at once, by place
#
# A forecast row of 1e30 or 1e308 contacts, a row worth more than 10 000
# Erlangs, an aht outside [1 s, 1 day], max_occupancy = 1e-9, absurd costs,
# penalties and solver limits in plan.ini, --set and agents.csv: each exits
# 2 within seconds (a timeout catches a search that would count for ever)
# with a message naming file:line and column, or the key, and the accepted
# range.  A what-if scenario scaling a row past the limit is refused when it
# runs, naming the interval.  5 000 Erlangs (valid) finish fast, under
# Erlang C and Erlang A, and the shipped data sets stay accepted.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

LIMIT=20  # seconds: far above what any case needs, far below "for ever"

# run ARGS...: rc, out, err; fails when the command had to be killed
run() {
	rc=0
	timeout $LIMIT "$SP_BIN" "$@" >out 2>err || rc=$?
	[ "$rc" -ne 124 ] || fail "'$*' still running after $LIMIT s"
}

# refused WHAT TEXT... : the last run exited 2 and stderr holds every TEXT
refused() {
	what=$1
	shift
	[ "$rc" -eq 2 ] || fail "$what: exit $rc, expected 2: $(cat err)"
	for text in "$@"; do
		grep -qF -- "$text" err || fail "$what: stderr lacks \"$text\": $(cat err)"
	done
	[ ! -s out ] || fail "$what: printed data: $(head -c 200 out)"
}

mkdir d
cp "$FX/plan.ini" "$FX/agents.csv" d/
fc() {
	{ echo 'start,queue,language,volume,aht'; echo '2027-03-22T09:00,chat,en,5,'; echo "$1"; } >d/forecast.csv
}

# --- forecast rows ------------------------------------------------------------
start=$(date +%s)
fc '2027-03-22T10:00,chat,en,1e30,'
run requirements d
refused "volume 1e30" "forecast.csv:3: column 'volume': '1e30' is out of range" \
	"expected a number of contacts in [0, 1000000]"
run plan d --out o --db p.db --time-limit 1
refused "plan, volume 1e30" "forecast.csv:3: column 'volume'" "[0, 1000000]"
[ ! -e p.db ] || [ "$(sqlite3 p.db 'SELECT count(*) FROM runs')" = 0 ] || fail "a refused plan stored a run"
fc '2027-03-22T10:00,chat,en,1e308,'
run requirements d
refused "volume 1e308" "forecast.csv:3: column 'volume': '1e308' is out of range"
[ $(($(date +%s) - start)) -le 5 ] || fail "refusing 1e30 and 1e308 took $(($(date +%s) - start)) s"

fc '2027-03-22T10:00,chat,en,900000,300'
run requirements d
refused "75 000 Erlangs" "forecast.csv:3: column 'volume'" "75000 Erlangs" \
	"expected at most 10000 Erlangs per interval, queue and language"
fc '2027-03-22T10:00,chat,en,5,0.5'
run requirements d
refused "aht 0.5" "forecast.csv:3: column 'aht': '0.5' is out of range" \
	"expected a handle time in seconds in [1, 86400]"
fc '2027-03-22T10:00,chat,en,5,100000'
run requirements d
refused "aht 100000" "forecast.csv:3: column 'aht'" "[1, 86400]"

# --- plan.ini and --set -----------------------------------------------------------
fc '2027-03-22T10:00,chat,en,5,'
cp d/plan.ini plan.good
# key VALUE SECTION: the fixture's plan.ini with one [SECTION] key added
ini() {
	cp plan.good d/plan.ini
	printf '[%s]\n%s = %s\n' "$3" "$1" "$2" >>d/plan.ini
	line=$(wc -l <d/plan.ini | tr -d ' ')
}
while read -r section key value range; do
	ini "$key" "$value" "$section"
	run requirements d
	refused "$section.$key = $value" "plan.ini:$line: key '$section.$key': '$value' is out of range" \
		"expected" "$range"
done <<'EOF'
service max_occupancy 1e-9 [0.05, 1]
service aht_seconds 0.5 [1, 86400]
service shrinkage 0.99 [0, 0.95]
service concurrency 1000 [1, 100]
service patience_seconds -1 [0, 86400]
service patience_seconds 1e6 [0, 86400]
service max_abandon_rate 0 [0.0001, 1]
queue.chat max_abandon_rate 2 [0.0001, 1]
queue.security min_agents 1e6 [0, 10000]
agents cost_per_hour 1e308 [0, 100000]
agents max_hours 200 [0, 168]
agents max_days 8 [0, 7]
costs understaffing_penalty 1e308 [0, 1000000]
costs preferred_off_penalty 1e12 [0, 100000]
costs change_penalty 1e308 [0, 1000000]
costs hire_cost_per_week 1e308 [0, 10000000]
costs night_premium 11 [0, 10]
solver time_limit_seconds 1e308 (0, 604800]
solver mip_gap 5 [0, 1]
EOF
cp plan.good d/plan.ini
run requirements d --set service.max_occupancy=1e-9
refused "--set max_occupancy" "--set: key 'service.max_occupancy': '1e-9' is out of range" "[0.05, 1]"
run requirements d --set agents.cost_per_hour=1e308
refused "--set cost_per_hour" "--set: key 'agents.cost_per_hour'" "[0, 100000]"

# --- agents.csv -------------------------------------------------------------------
for bad in 'cost_per_hour 1e308 [0, 100000]' 'cost_per_hour -1 [0, 100000]' 'max_hours 1e9 [0, 168]' \
	   'min_hours 200 [0, 168]' 'max_days 9 [0, 7]'; do
	set -- $bad
	printf 'id,name,languages,%s\na1,Ann,en,%s\n' "$1" "$2" >d/agents.csv
	run plan d --out o --db p.db --time-limit 1
	refused "agents.csv $1 = $2" "agents.csv:2: column '$1'" "$3 $4"
done
cp "$FX/agents.csv" d/

# --- a scaled scenario past the limit --------------------------------------------
run import config "$FX/plan.ini" --db s.db
run import forecast "$FX/forecast.csv" --db s.db
run import agents "$FX/agents.csv" --db s.db
[ "$rc" -eq 0 ] || fail "import exited $rc: $(cat err)"
run scenario create flood --scale language=en:1e30 --db s.db
[ "$rc" -eq 0 ] || fail "scenario create flood exited $rc: $(cat err)"
run scenario run flood --time-limit 1 --db s.db
[ "$rc" -eq 2 ] || fail "scenario run flood exited $rc, expected 2: $(cat err)"
grep -q "interval 2027-03-2.T..:..[^,]*, queue 'chat', language 'en': traffic .* Erlangs" err ||
	fail "scenario run flood: message does not name the cell: $(cat err)"
grep -qF "expected at most 10000 Erlangs" err || fail "scenario run flood: no limit in: $(cat err)"

# --- valid large traffic: 5 000 Erlangs -------------------------------------------
{ echo 'start,queue,language,volume,aht'; echo '2027-03-22T09:00,chat,en,60000,300'; } >d/forecast.csv
start=$(date +%s)
run requirements d
[ "$rc" -eq 0 ] || fail "5 000 Erlangs exited $rc: $(cat err)"
grep -q '^2027-03-22T09:00[^,]*,chat,en,60000,300,5000.000000,5883,' out ||
	fail "5 000 Erlangs: $(grep 60000 out)"
run requirements d --set service.patience_seconds=180 --set service.max_abandon_rate=0.02
[ "$rc" -eq 0 ] || fail "5 000 Erlangs, Erlang A exited $rc: $(cat err)"
agents=$(grep ',60000,' out | cut -d, -f7)
ab=$(grep ',60000,' out | cut -d, -f11)
[ "$agents" -ge 5000 ] && [ "$agents" -le 6000 ] || fail "5 000 Erlangs, Erlang A: N* $agents"
$PY -c "import sys; sys.exit(not 0 <= float('$ab') <= 0.02)" || fail "5 000 Erlangs: abandon rate $ab"
[ $(($(date +%s) - start)) -le 5 ] || fail "5 000 Erlangs took $(($(date +%s) - start)) s"

# --- what ships stays accepted ----------------------------------------------------
for dir in "$SP_ROOT"/data/* "$SP_ROOT"/tests/fixtures/cli/*; do
	[ -f "$dir/plan.ini" ] || continue
	run requirements "$dir"
	[ "$rc" -eq 0 ] || fail "requirements $dir exited $rc: $(cat err)"
done

echo "t0420: ok"
