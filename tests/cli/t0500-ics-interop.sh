#!/bin/sh
# t0500-ics-interop.sh - iCalendar files of real plans, read by python3-icalendar
#
# Plans the bundled example and the DST weeks (data/dst-london, and
# data/dst-newyork when present) and checks every exported .ics against
# roster.csv with tests/interop/ics_check.py, run by Debian's /usr/bin/python3
# (python3-icalendar), not whatever python3 is first on PATH.  Then re-plans
# the London week without one scheduled agent and checks the update rules
# (same UIDs, SEQUENCE up, removed shifts CANCELLED), and runs `export ics`
# from the database (same run: byte-identical team.ics, same SEQUENCEs).
# Env: SP_BIN (staffplan binary), SP_ROOT (repo root); runs in a scratch
# working directory; exit 0 = pass.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

CHECK="$SP_ROOT/tests/interop/ics_check.py"
failed=0
# a failure that does not stop the later steps (reported, exit 1 at the end)
soft_fail() { echo "FAIL: $*" >&2; failed=1; }

"$PY" -c 'import icalendar, dateutil' 2>/dev/null ||
	fail "$PY lacks python3-icalendar/python3-dateutil (make deps)"

# plan DIR OUT DB: plans DIR (time limit from its plan.ini) or fails
plan() {
	"$SP_BIN" plan "$1" --out "$2" --db "$3" >"$2.log" 2>&1 ||
		{ cat "$2.log" >&2; fail "plan $1 failed"; }
}

# 1. the bundled example week (several zones, 100 agents)
if "$SP_BIN" plan "$SP_ROOT/data/example" --out example --db example.db >example.log 2>&1; then
	"$PY" "$CHECK" example/ics example/roster.csv || soft_fail "example: ics_check failed"
else
	cat example.log >&2
	soft_fail "plan data/example failed (the calendar checks below still run)"
fi

# 2. the weeks with the London spring-forward and the New York fall-back
[ -d "$SP_ROOT/data/dst-london" ] || fail "data/dst-london missing"
for inst in dst-london dst-newyork; do
	[ -d "$SP_ROOT/data/$inst" ] || continue
	plan "$SP_ROOT/data/$inst" $inst $inst.db
	"$PY" "$CHECK" $inst/ics $inst/roster.csv || fail "$inst: ics_check failed"
done
grep -q '^TZID:Europe/London' dst-london/ics/team.ics ||
	fail "dst-london: no Europe/London VTIMEZONE in team.ics"

# 3. re-plan the London week without its first scheduled agent (and with
#    min_hours 0, so that the smaller team cannot make the week infeasible)
mkdir in2
cp "$SP_ROOT"/data/dst-london/* in2/
gone=$("$PY" -c 'import csv, sys; print(next(csv.DictReader(open(sys.argv[1], newline="")))["agent_id"])' \
	dst-london/roster.csv)
"$PY" - "$gone" in2 <<'PYEOF'
import csv, os, sys
gone, d = sys.argv[1], sys.argv[2]
for name, col in (('agents.csv', 'id'), ('availability.csv', 'agent_id')):
    path = os.path.join(d, name)
    if not os.path.exists(path):
        continue
    with open(path, newline='', encoding='utf-8') as f:
        lines = f.read().splitlines(keepends=True)
    comments = [l for l in lines if l.startswith('#')]
    rows = list(csv.reader([l for l in lines if not l.startswith('#')]))
    if not rows:
        continue
    head, body = rows[0], rows[1:]
    keep = [r for r in body if not (len(r) > head.index(col) and r[head.index(col)] == gone)]
    if 'min_hours' in head:
        for r in keep:
            if len(r) > head.index('min_hours'):
                r[head.index('min_hours')] = '0'
    with open(path, 'w', newline='', encoding='utf-8') as f:
        f.writelines(comments)
        w = csv.writer(f, lineterminator='\n')
        w.writerow(head)
        w.writerows(keep)
PYEOF
"$SP_BIN" plan in2 --out replan --db dst-london.db --set agents.min_hours=0 >replan.log 2>&1 ||
	{ cat replan.log >&2; fail "re-plan failed"; }
"$PY" "$CHECK" replan/ics replan/roster.csv --previous dst-london/ics \
	--expect-sequence-up --expect-cancelled || fail "re-plan: ics_check failed"
grep -q '^STATUS:CANCELLED' replan/ics/team.ics || fail "re-plan: nothing cancelled in team.ics"

# 4. export from the database: the latest run again, nothing new to publish
"$SP_BIN" export ics --out export --db dst-london.db >export.log 2>&1 ||
	{ cat export.log >&2; fail "export ics failed"; }
"$PY" "$CHECK" export replan/roster.csv --previous replan/ics --expect-same ||
	fail "export ics: ics_check failed"
cmp -s replan/ics/team.ics export/team.ics || fail "export ics: team.ics differs from the plan's"

# 5. usage errors exit 2
set +e
"$SP_BIN" export ics --db dst-london.db >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "export ics without --out: exit $rc, want 2"
"$SP_BIN" export ics --out x --run abc --db dst-london.db >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "export ics --run abc: exit $rc, want 2"
"$SP_BIN" export pdf --out x --db dst-london.db >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "export pdf: exit $rc, want 2"
exit $failed
