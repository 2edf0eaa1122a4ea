#!/bin/sh
# t0340-reproducible.sh - the reproducible mode: --seed and --work-limit
#
# plan of the example week with --work-limit 3M --seed 1 twice, the second
# time with two busy loops on the machine's cores: byte-identical roster.csv
# and coverage.csv, the same objective, bound and work done; kpis.json and
# the summary keep the seed and the work limit.  --seed 2 gives another
# roster (the week has ties), and both rosters keep every hard rule, as an
# independent check below reads them.  schedule and scenario run take the
# same options and store them with the run.  Bad values exit 2 with nothing
# written; a time limit that ends a work-limited solve says so.  On a desk
# short at its peaks the bound is the Lagrangian's slow rule's.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

EX=$SP_ROOT/data/example

sp plan "$EX" --work-limit 3M --seed 1 --out a --db a.db
[ "$rc" -eq 0 ] || fail "plan --work-limit 3M --seed 1 exited $rc: $(cat err)"
grep -q "reproducible: seed 1, work limit 3000000" err || fail "summary lacks the seed and work limit: $(cat err)"

# the same under load: two busy loops, ended by their own ids
sh -c 'while :; do :; done' &
busy1=$!
sh -c 'while :; do :; done' &
busy2=$!
rc=0
"$SP_BIN" plan "$EX" --work-limit 3M --seed 1 --out b --db b.db >out 2>err || rc=$?
kill "$busy1" "$busy2"
wait "$busy1" "$busy2" 2>/dev/null || true
[ "$rc" -eq 0 ] || fail "plan under load exited $rc: $(cat err)"
cmp a/roster.csv b/roster.csv || fail "roster.csv differs under load"
cmp a/coverage.csv b/coverage.csv || fail "coverage.csv differs under load"

sp plan "$EX" --work-limit 3M --seed 2 --out c --db c.db
[ "$rc" -eq 0 ] || fail "plan --seed 2 exited $rc: $(cat err)"
! cmp -s a/roster.csv c/roster.csv || fail "--seed 2 gave the roster of --seed 1"

$PY - a b c <<'PYEOF' || fail "kpis.json of the reproducible runs"
import json, sys
a, b, c = (json.load(open(d + "/kpis.json")) for d in sys.argv[1:])
for k in ("objective", "lower_bound", "gap", "work_done", "status"):
    assert a[k] == b[k], (k, a[k], b[k])
assert a["seed"] == 1 and c["seed"] == 2, (a["seed"], c["seed"])
assert a["work_limit"] == 3e6 and a["time_limit_cut"] is False, a
assert 0.9 * 3e6 < a["work_done"] <= 1.1 * 3e6, a["work_done"]
PYEOF

# every hard rule, read from the inputs and the roster alone
for d in a c; do
	$PY - "$EX" $d/roster.csv <<'PYEOF' || fail "roster $d breaks a rule"
import configparser, csv, sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
ex, roster = sys.argv[1], sys.argv[2]
ini = configparser.ConfigParser(inline_comment_prefixes=(";",))
ini.read(ex + "/plan.ini")
zone = ZoneInfo(ini["site"]["timezone"])
rest = timedelta(hours=float(ini["shifts"]["min_rest_hours"]))
max_run = int(ini["shifts"]["max_consecutive_days"])
lengths = {float(x) for x in ini["shifts"]["lengths_hours"].split(",")}
def rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(l for l in f if not l.startswith("#")))
agents = {r["id"]: r for r in rows(ex + "/agents.csv")}
off = {}
for r in rows(ex + "/availability.csv"):
    if r["type"] == "unavailable":
        t = lambda s: datetime.fromisoformat(s).replace(tzinfo=zone)
        off.setdefault(r["agent_id"], []).append((t(r["start"]), t(r["end"])))
shifts = {}
for r in rows(roster):
    shifts.setdefault(r["agent_id"], []).append(r)
for a, ag in agents.items():
    mine = sorted(shifts.get(a, []), key=lambda r: r["start"])
    hours = sum(float(r["paid_hours"]) for r in mine)
    assert float(ag["min_hours"] or 0) - 1e-9 <= hours <= float(ag["max_hours"]) + 1e-9, (a, hours)
    assert len(mine) <= int(ag["max_days"]), (a, len(mine))
    dates = [r["date"] for r in mine]
    assert len(set(dates)) == len(dates), (a, "two shifts a day")
    days = sorted(datetime.fromisoformat(d).date() for d in dates)
    run = 1
    for x, y in zip(days, days[1:]):
        run = run + 1 if (y - x).days == 1 else 1
        assert run <= max_run, (a, "days in a row")
    for x, y in zip(mine, mine[1:]):
        gap = datetime.fromisoformat(y["start"]) - datetime.fromisoformat(x["end"])
        assert gap >= rest, (a, "rest", x["end"], y["start"])
    for r in mine:
        assert float(r["paid_hours"]) in lengths, (a, r["paid_hours"])
        s, e = datetime.fromisoformat(r["start"]), datetime.fromisoformat(r["end"])
        for u0, u1 in off.get(a, []):
            assert e <= u0 or s >= u1, (a, "works while unavailable", r["start"])
assert set(shifts) <= set(agents), "unknown agents"
PYEOF
done

# schedule and scenario run: the same options, stored with the run
sp schedule --db a.db --work-limit 500k --seed 5
[ "$rc" -eq 0 ] || fail "schedule --work-limit 500k exited $rc: $(cat err)"
sp scenario run base --db a.db --work-limit 500k --seed 6
[ "$rc" -eq 0 ] || fail "scenario run --work-limit 500k exited $rc: $(cat err)"
got=$(sqlite3 a.db "SELECT json_extract(kpis, '\$.seed') || '/' || json_extract(kpis, '\$.work_limit')
                    FROM runs ORDER BY id" | tr '\n' ' ')
[ "$got" = "1/3000000.0 5/500000.0 6/500000.0 " ] || fail "stored seeds and work limits: $got"

# bad values: exit 2, nothing written
for bad in "--seed -1" "--seed x" "--seed 9223372036854775808" "--work-limit 0" "--work-limit 2.5" \
	   "--work-limit 5X" "--work-limit 1e16"; do
	sp plan "$EX" $bad --out bad --db bad.db
	[ "$rc" -eq 2 ] || fail "plan $bad exited $rc, expected 2"
	grep -q "expected a whole number" err || fail "plan $bad: message: $(cat err)"
	[ ! -e bad ] && [ ! -e bad.db ] || fail "plan $bad wrote output or a database"
done

# the time limit is the safety net: it ends the solve, and says so
sp plan "$EX" --work-limit 1G --time-limit 2 --out cut --db cut.db
[ "$rc" -eq 0 ] || fail "plan --work-limit 1G --time-limit 2 exited $rc: $(cat err)"
grep -q "the time limit cut it short" err || fail "no word of the cut: $(cat err)"
$PY -c 'import json,sys; k = json.load(open(sys.argv[1])); assert k["time_limit_cut"] is True and k["status"] == "time_limit" and k["work_done"] < 1e9, k' \
	cut/kpis.json || fail "kpis.json of the cut run"

# a desk short at its peaks (bench M-scarce): the Lagrangian's fast rule
# cools there without converging, 149 157 at most; the slow rule takes
# over from its prices within the Lagrangian's share of the work (148 841
# before it did, 165 922 after, at 10M)
$PY "$SP_ROOT/tools/geninstance.py" --size M-scarce --seed 20261130 --out ms --quiet
sp plan ms --work-limit 10M --seed 1 --out ms-out --db ms.db
[ "$rc" -eq 0 ] || fail "plan of M-scarce --work-limit 10M exited $rc: $(cat err)"
$PY -c 'import json,sys; k = json.load(open(sys.argv[1])); assert 160000 < k["lower_bound"] <= k["objective"], k' \
	ms-out/kpis.json || fail "M-scarce's bound in the reproducible mode: $(cat ms-out/kpis.json)"
exit 0
