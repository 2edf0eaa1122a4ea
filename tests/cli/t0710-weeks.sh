#!/bin/sh
# t0710-weeks.sh - week after week: the roster before the horizon (SPEC 7)
#
# The small fixture's desk, one week at a time (February 2027, no DST
# change): week 1, then week 2 into the same database follows run 1 by
# default (the summary says so, kpis.json has previous_run 1, the run
# keeps it, the report names it); --previous none and --previous FILE
# (week 1's roster.csv); schedule and scenario run follow run 1 as well.
# Each bad previous roster exits 2 (a missing file 1) with a clear message
# and leaves the database and the outputs as they were: an unknown run, a
# run that ends after the new horizon starts, overlapping shifts, times
# without offsets, --previous RUN without a database (none is created).
# A run that ends before the horizon (a gap) is accepted with a warning.
# Horizons: 10 days exits 2 saying whole weeks; 14 days is planned and
# follows week 2 (only what this layer owns is checked: the run's horizon
# and its previous roster).
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

# fc-W.csv: the fixture's first day repeated for N days from a Monday
fixture_days fc-1.csv 2027-02-01 7     # week 1: 2027-02-01 .. 02-07
fixture_days fc-2.csv 2027-02-08 7     # week 2: 2027-02-08 .. 02-14
fixture_days fc-0.csv 2027-01-18 7     # a week before a gap
fixture_days fc-10d.csv 2027-02-15 10
fixture_days fc-14d.csv 2027-02-15 14  # weeks 3 and 4

runs() { sqlite3 staffplan.db 'SELECT count(*) FROM runs'; }
# the state a bad input must leave alone: every stored row, every output
state() { { sqlite3 staffplan.db .dump; cat w2/*.csv w2/kpis.json w2/report.html; } | md5sum; }

sp plan "$FX" --forecast fc-1.csv --out w1 --time-limit 5
[ "$rc" -eq 0 ] || fail "plan week 1 exited $rc: $(cat err)"
grep -q '^staffplan: previous: none' err || fail "week 1 summary does not say 'previous: none': $(cat err)"
[ "$($PY -c 'import json; print(json.load(open("w1/kpis.json"))["previous_run"])')" = None ] ||
	fail "week 1 kpis.json previous_run is not null"

# week 2 follows run 1 by default
sp plan "$FX" --forecast fc-2.csv --out w2 --time-limit 5
[ "$rc" -eq 0 ] || fail "plan week 2 exited $rc: $(cat err)"
grep -q '^staffplan: previous: run 1 (2027-02-01 .. 2027-02-07)$' err ||
	fail "week 2 summary does not name run 1: $(cat err)"
[ "$($PY -c 'import json; v = json.load(open("w2/kpis.json"))["previous_run"]; print(type(v).__name__, v)')" = "int 1" ] ||
	fail "week 2 kpis.json previous_run is not the number 1: $(grep previous_run w2/kpis.json)"
[ "$(sqlite3 staffplan.db 'SELECT previous_run FROM runs WHERE id = 2')" = 1 ] || fail "run 2 does not keep previous_run 1"
grep -q 'after run #1' w2/report.html || fail "the report of week 2 does not name run 1"

# --previous none, --previous FILE
sp plan "$FX" --forecast fc-2.csv --out w2 --time-limit 5 --previous none
[ "$rc" -eq 0 ] || fail "--previous none exited $rc: $(cat err)"
grep -q '^staffplan: previous: none' err || fail "--previous none: summary $(cat err)"
[ "$($PY -c 'import json; print(json.load(open("w2/kpis.json"))["previous_run"])')" = None ] ||
	fail "--previous none: kpis.json previous_run is not null"
cp w1/roster.csv roster-w1.csv
sp plan "$FX" --forecast fc-2.csv --out w2 --time-limit 5 --previous roster-w1.csv
[ "$rc" -eq 0 ] || fail "--previous roster-w1.csv exited $rc: $(cat err)"
n1=$(($(wc -l < roster-w1.csv) - 1))
grep -q "^staffplan: previous: roster-w1.csv ($n1 shifts)\$" err || fail "--previous FILE: summary $(cat err)"
! grep -q 'unknown column' err || fail "week 1's own roster.csv drew warnings: $(cat err)"
[ "$($PY -c 'import json; print(json.load(open("w2/kpis.json"))["previous_run"])')" = roster-w1.csv ] ||
	fail "--previous FILE: kpis.json previous_run is not the file name"
[ "$(sqlite3 staffplan.db 'SELECT previous_source FROM runs ORDER BY id DESC LIMIT 1')" = roster-w1.csv ] ||
	fail "--previous FILE: the run does not keep the file name"
grep -q 'after roster roster-w1.csv' w2/report.html || fail "the report does not name the roster file"

# schedule and scenario run (week 2's inputs are stored now) follow run 1
sp schedule --time-limit 5
[ "$rc" -eq 0 ] || fail "schedule exited $rc: $(cat err)"
grep -q '^staffplan: previous: run 1 ' err || fail "schedule does not follow run 1: $(cat err)"
sp scenario create busy --scale language=en:1.5
[ "$rc" -eq 0 ] || fail "scenario create exited $rc: $(cat err)"
sp scenario run busy --time-limit 5
[ "$rc" -eq 0 ] || fail "scenario run exited $rc: $(cat err)"
grep -q '^staffplan: previous: run 1 ' err || fail "scenario run does not follow run 1: $(cat err)"
last=$(sqlite3 staffplan.db 'SELECT max(id) FROM runs')
[ "$(sqlite3 staffplan.db "SELECT previous_run FROM runs WHERE id = $last")" = 1 ] ||
	fail "the scenario's run does not keep previous_run 1"
sp schedule --time-limit 5 --previous none
[ "$rc" -eq 0 ] || fail "schedule --previous none exited $rc: $(cat err)"
grep -q '^staffplan: previous: none' err || fail "schedule --previous none: $(cat err)"

# bad previous rosters: exit 2 (1 for a missing file), nothing changes
printf 'agent_id,start,end\na0,2027-02-05T08:00+00:00,2027-02-05T17:00+00:00\na0,2027-02-05T16:00+00:00,2027-02-05T20:00+00:00\n' > overlap.csv
printf 'agent_id,start,end\na0,2027-02-05T08:00,2027-02-05T17:00\n' > local.csv
before=$(state)
nruns=$(runs)
bad() { # bad STATUS NEEDLE ARGS...: plan week 2 with ARGS fails so
	want=$1 needle=$2
	shift 2
	sp plan "$FX" --forecast fc-2.csv --out w2 --time-limit 5 "$@"
	[ "$rc" -eq "$want" ] || fail "plan $* exited $rc, expected $want: $(cat err)"
	grep -qF -- "$needle" err || fail "plan $*: message lacks '$needle': $(cat err)"
	[ "$(runs)" = "$nruns" ] || fail "plan $* stored a run"
	[ "$(state)" = "$before" ] || fail "plan $* changed the database or the outputs"
}
bad 2 "--previous 99: no stored run 99, expected the id of a stored run" --previous 99
bad 2 "--previous 2: run 2 (2027-02-08 .. 2027-02-14) ends 2027-02-15T00:00+00:00, after this horizon starts (2027-02-08T00:00+00:00)" --previous 2
bad 2 "overlap.csv:2 and overlap.csv:3: two previous shifts of 'a0' overlap" --previous overlap.csv
bad 2 "local.csv:2: column 'start': '2027-02-05T08:00' has no UTC offset" --previous local.csv
bad 1 "cannot read 'missing.csv'" --previous missing.csv
bad 2 "--previous '': expected" --previous ''
sp plan "$FX" --forecast fc-2.csv --out fresh --time-limit 5 --previous 1 --db fresh.db
[ "$rc" -eq 2 ] || fail "--previous 1 without a database exited $rc, expected 2"
grep -q "no database 'fresh.db'" err || fail "--previous 1 without a database: $(cat err)"
[ ! -e fresh.db ] && [ ! -e fresh ] || fail "--previous 1 without a database created the database or the outputs"

# a run that ends before the horizon: a gap, accepted with a warning
sp plan "$FX" --forecast fc-0.csv --out w0 --time-limit 5
[ "$rc" -eq 0 ] || fail "plan of 2027-01-18 exited $rc: $(cat err)"
gap=$(sqlite3 staffplan.db 'SELECT max(id) FROM runs')
sp plan "$FX" --forecast fc-2.csv --out w2 --time-limit 5 --previous "$gap"
[ "$rc" -eq 0 ] || fail "--previous $gap (a gap) exited $rc: $(cat err)"
grep -q "^warning: --previous $gap: run $gap (2027-01-18 .. 2027-01-24) ends 2027-01-25T00:00+00:00, before this horizon starts (2027-02-08T00:00+00:00): a gap" err ||
	fail "the gap was not warned about: $(cat err)"

# horizons: 10 days is refused, 14 days is planned after week 2
before=$(state)
nruns=$(runs)
sp plan "$FX" --forecast fc-10d.csv --out w10 --time-limit 5
[ "$rc" -eq 2 ] || fail "a 10-day forecast exited $rc, expected 2"
grep -q 'expected up to 7 days or whole weeks' err || fail "the 10-day message does not ask for whole weeks: $(cat err)"
[ ! -e w10 ] && [ "$(runs)" = "$nruns" ] && [ "$(state)" = "$before" ] || fail "a 10-day forecast wrote or stored something"
sp plan "$FX" --forecast fc-14d.csv --out w34 --time-limit 10
[ "$rc" -eq 0 ] || fail "a 14-day forecast exited $rc: $(cat err)"
last=$(sqlite3 staffplan.db 'SELECT max(id) FROM runs')
[ "$(sqlite3 staffplan.db "SELECT ndays FROM runs WHERE id = $last")" = 14 ] || fail "the 14-day run is not 14 days"
# week 2's latest base run: the one with the gap before it
grep -q "^staffplan: previous: run $((last - 1)) (2027-02-08 .. 2027-02-14)\$" err ||
	fail "the 14-day plan does not follow week 2's latest base run: $(cat err)"
[ "$($PY -c 'import json; print(json.load(open("w34/kpis.json"))["previous_run"])')" = $((last - 1)) ] ||
	fail "the 14-day kpis.json previous_run"

echo "t0710: ok"
