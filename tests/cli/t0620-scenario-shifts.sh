#!/bin/sh
# t0620-scenario-shifts.sh - `scenario run NAME --shifts F` offers only F's shifts
#
# Over the small fixture imported as base, a scenario solved with a shifts
# file (the CSV of `staffplan design --output csv`) stores a roster whose
# every shift starts and lasts as one of the offered shifts, while the same
# scenario without it uses others; `schedule --shifts` does the same for
# base.  A shifts file with a bad row exits 2 naming FILE:LINE, a missing
# one names the file, and neither stores a run.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

import_inputs "$FX"
sp scenario create busy --scale language=en:1.5
[ "$rc" -eq 0 ] || fail "create busy exited $rc: $(cat err)"

cat >shifts.csv <<'CSV'
start,length_minutes,mon,tue,wed,thu,fri,sat,sun
08:00,480,1,1,1,1,1,1,1
13:00,240,1,1,1,1,1,1,1
CSV

# only_offered LABEL: every shift of roster.csv (from out) is 08:00 for 8 h
# or 13:00 for 4 h, site time (Europe/London, +00:00 in March)
only_offered() {
	$PY - "$1" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open("out", newline="")))
if not rows:
    print("%s: no shift" % sys.argv[1]); sys.exit(1)
bad = [(r["agent_id"], r["start"], r["paid_hours"]) for r in rows
       if (r["start"][11:16], float(r["paid_hours"])) not in (("08:00", 8.0), ("13:00", 4.0))]
if bad:
    print("%s: shifts not offered: %s" % (sys.argv[1], bad[:5])); sys.exit(1)
PYEOF
}

sp scenario run busy --shifts shifts.csv --time-limit 10
[ "$rc" -eq 0 ] || fail "scenario run busy --shifts exited $rc: $(cat err)"
grep -q 'run 1 (scenario busy) stored' err || fail "scenario run: no 'run 1 (scenario busy) stored': $(cat err)"
sp roster --scenario busy
[ "$rc" -eq 0 ] || fail "roster --scenario busy exited $rc"
only_offered "scenario run busy --shifts" || fail "scenario run --shifts used shifts it was not offered"

# the control: without --shifts the solver picks other starts
sp scenario run busy --time-limit 10
[ "$rc" -eq 0 ] || fail "scenario run busy exited $rc: $(cat err)"
sp roster --scenario busy
if only_offered control >/dev/null; then
	fail "without --shifts the roster still uses only the offered shifts: the test proves nothing"
fi

sp schedule --shifts shifts.csv --time-limit 10
[ "$rc" -eq 0 ] || fail "schedule --shifts exited $rc: $(cat err)"
sp roster --scenario base
only_offered "schedule --shifts" || fail "schedule --shifts used shifts it was not offered"

# bad and missing shifts files store nothing
runs=$(sqlite3 staffplan.db 'SELECT count(*) FROM runs')
printf 'start,length_minutes,mon,tue,wed,thu,fri,sat,sun\n08:00,480,1,1,1,1,1,1,1\n25:00,240,1,1,1,1,1,1,1\n' >bad.csv
sp scenario run busy --shifts bad.csv --time-limit 5
[ "$rc" -eq 2 ] || fail "scenario run --shifts bad.csv exited $rc, expected 2"
grep -q 'bad.csv:3' err || fail "bad shifts file: message does not name bad.csv:3: $(cat err)"
sp scenario run busy --shifts no-such.csv --time-limit 5
[ "$rc" -eq 1 ] || [ "$rc" -eq 2 ] || fail "missing shifts file exited $rc"
grep -q 'no-such.csv' err || fail "missing shifts file: message does not name it: $(cat err)"
[ "$(sqlite3 staffplan.db 'SELECT count(*) FROM runs')" = "$runs" ] || fail "a refused --shifts stored a run"

echo "t0620: ok"
