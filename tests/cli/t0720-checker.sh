#!/bin/sh
# t0720-checker.sh - tools/checkroster.py, the independent checker of a run
# against SPEC.md, on a two-week plan after a previous roster (SPEC 7)
#
# The small fixture's desk over two weeks (2027-02-08 .. 02-21) after a
# hand-made previous roster: a0's shift runs four hours into the horizon,
# a1 worked the six days before it, a2 finished at 23:00 the evening
# before; min_consecutive_days_off = 2.  The checker must pass week 1 and
# the two-week plan, and then fail, naming the rule, on each corruption:
# a second shift on a day, a language or queue the agent lacks, a start off
# the grid, a shift over a0's running shift, a seventh day in a row for a1,
# a rest too short, a break outside its window, a paid length not offered,
# unavailable time, weekly hours, days and days off, a staffed figure the
# agents cannot give, a changed objective; an unreadable run exits 2.  A
# week 2 planned after the stored week 1 is checked against the run's
# database (--db), and --quiet without it says the carry-over is unchecked.
# One day with min_consecutive_days_off = 2 has no such rule for either
# side; two days have it, nobody works, and the plan warns.
# The plans run in the reproducible mode (--work-limit, --seed), so the
# corruptions always find the shifts they edit, also under a sanitizer.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"
CHECK="$PY $SP_ROOT/tools/checkroster.py"

fixture_days fc-1.csv 2027-02-01 7
fixture_days fc-2w.csv 2027-02-08 14
$PY - <<'PYEOF'
import csv
# the roster before 2027-02-08 (London, UTC+00:00 in February)
with open("prev.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["agent_id", "start", "end"])
    w.writerow(["a0", "2027-02-07T22:00+00:00", "2027-02-08T02:00+00:00"])
    for d in range(2, 8):
        w.writerow(["a1", "2027-02-%02dT08:00+00:00" % d, "2027-02-%02dT12:00+00:00" % d])
    w.writerow(["a2", "2027-02-07T15:00+00:00", "2027-02-07T23:00+00:00"])
PYEOF

# week 1 alone, then two weeks after prev.csv
sp plan "$FX" --forecast fc-1.csv --out w1 --work-limit 3M --seed 1 --time-limit 60 --previous none
[ "$rc" -eq 0 ] || fail "plan week 1 exited $rc: $(cat err)"
rc=0
$CHECK "$FX" w1 --forecast fc-1.csv > chk 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "the checker finds fault with week 1 (exit $rc): $(cat chk)"

# break_minutes = 0: no shift has a break, 8-hour shifts included (their
# break columns empty, SPEC 5.2); a break there is a violation
NB="--set shifts.break_minutes=0"
sp plan "$FX" --forecast fc-1.csv --out nb --work-limit 3M --seed 1 --time-limit 60 --previous none $NB
[ "$rc" -eq 0 ] || fail "plan with break_minutes = 0 exited $rc: $(cat err)"
grep -q ',8,,,' nb/roster.csv || fail "break_minutes = 0: no 8-hour shift without a break: $(cat nb/roster.csv)"
rc=0
$CHECK "$FX" nb --forecast fc-1.csv $NB > chk 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "break_minutes = 0: the checker finds fault (exit $rc): $(cat chk)"
grep -q ',8,[^,]' w1/roster.csv || fail "week 1 has no 8-hour shift with a break: $(cat w1/roster.csv)"
rc=0
$CHECK "$FX" w1 --forecast fc-1.csv $NB > chk 2>&1 || rc=$?
[ "$rc" -eq 1 ] && grep -q '^VIOLATION break: .*break_minutes is 0' chk ||
	fail "breaks under break_minutes = 0: the checker exited $rc: $(cat chk)"

# one day and two days off in a row: a horizon shorter than the run has
# no such rule, for the planner and the checker alike
fixture_days fc-1d.csv 2027-02-01 1
sp plan "$FX" --forecast fc-1d.csv --out d1 --work-limit 1M --seed 1 --time-limit 60 --previous none \
	--set agents.min_consecutive_days_off=2
[ "$rc" -eq 0 ] || fail "plan of one day exited $rc: $(cat err)"
rc=0
$CHECK "$FX" d1 --forecast fc-1d.csv --set agents.min_consecutive_days_off=2 > chk 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "one day, min_consecutive_days_off = 2: the checker finds fault (exit $rc): $(cat chk)"
# two days and the same rule: both days off for everyone, and the plan
# says so
fixture_days fc-2d.csv 2027-02-01 2
sp plan "$FX" --forecast fc-2d.csv --out d2 --work-limit 1M --seed 1 --time-limit 60 --previous none \
	--set agents.min_consecutive_days_off=2
[ "$rc" -eq 0 ] || fail "plan of two days exited $rc: $(cat err)"
grep -q '^warning: min_consecutive_days_off = 2 in a horizon of 2 days: each agent may work at most 0 of them$' err ||
	fail "two days, min_consecutive_days_off = 2: no warning: $(cat err)"
[ "$(wc -l < d2/roster.csv)" -eq 1 ] || fail "two days, min_consecutive_days_off = 2: shifts planned: $(cat d2/roster.csv)"
rc=0
$CHECK "$FX" d2 --forecast fc-2d.csv --set agents.min_consecutive_days_off=2 > chk 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "two days, min_consecutive_days_off = 2: the checker finds fault (exit $rc): $(cat chk)"

SET="--set agents.min_consecutive_days_off=2"
sp plan "$FX" --forecast fc-2w.csv --out w2 --work-limit 3M --seed 1 --time-limit 60 --previous prev.csv $SET
[ "$rc" -eq 0 ] || fail "plan of two weeks after prev.csv exited $rc: $(cat err)"
rc=0
$CHECK "$FX" w2 --forecast fc-2w.csv --previous prev.csv $SET > chk 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "the checker finds fault with the two-week plan (exit $rc): $(cat chk)"
# the carry-over is in force: a0 waits for its running shift and 11 h of rest,
# a1 has no seventh day in a row
! grep -q '^a0,[^,]*,2027-02-08,2027-02-08T\(0\|1[0-2]\)' w2/roster.csv || fail "a0 starts within 11 h of its running shift"
! grep -q '^a1,[^,]*,2027-02-08,' w2/roster.csv || fail "a1 works a seventh day in a row"

# mutate KIND: copies w2 to m-KIND and corrupts one thing in it (or writes
# the input file the checker is then given)
mutate() {
	rm -rf "m-$1"
	cp -r w2 "m-$1"
	$PY - "$1" "m-$1" <<'PYEOF'
import csv, datetime as dt, json, sys
kind, d = sys.argv[1], sys.argv[2]
with open(d + "/roster.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
cols = list(rows[0].keys())
t = lambda s: dt.datetime.fromisoformat(s)
iso = lambda x: x.isoformat(timespec="minutes")
def shift(agent, start, hours):
    s = t(start)
    return {"agent_id": agent, "agent_name": "Agent, " + agent[1:], "date": s.date().isoformat(),
            "start": iso(s), "end": iso(s + dt.timedelta(hours=hours)), "paid_hours": str(hours),
            "break_start": "", "break_end": "", "queues": "chat", "languages": "en" if agent == "a0" else "zh"}
def days(agent):
    return {r["date"] for r in rows if r["agent_id"] == agent}
if kind == "second-shift":
    r = dict(rows[0]); rows.insert(1, r)
elif kind == "language":
    rows[0]["languages"] = "xx"
elif kind == "queue":
    r = next(r for r in rows if r["agent_id"] in ("a2", "a3", "a4", "a5", "a6", "a7"))
    r["queues"] = "security"
elif kind == "grid":
    for k in ("start", "end", "break_start", "break_end"):
        if rows[0][k]:
            rows[0][k] = iso(t(rows[0][k]) + dt.timedelta(minutes=30))
elif kind == "running":
    rows = [r for r in rows if not (r["agent_id"] == "a0" and r["date"] == "2027-02-08")]
    rows.append(shift("a0", "2027-02-08T01:00+00:00", 4))
elif kind == "seventh-day":
    rows.append(shift("a1", "2027-02-08T14:00+00:00", 4))
elif kind == "rest":
    # an agent's shift moved to 19:00-23:00 and the next day's to 03:00:
    # 4 hours of rest, whatever the roster looked like
    done = False
    for r in list(rows):
        day = t(r["start"]).date()
        if day >= dt.date(2027, 2, 21):
            continue
        a, nxt = r["agent_id"], (day + dt.timedelta(days=1)).isoformat()
        rows = [x for x in rows if not (x["agent_id"] == a and x["date"] in (day.isoformat(), nxt))]
        rows.append(shift(a, day.isoformat() + "T19:00+00:00", 4))
        rows.append(shift(a, nxt + "T03:00+00:00", 4))
        done = True
        break
    assert done, "no place for a short rest"
elif kind == "break":
    r = next(r for r in rows if r["break_start"])
    s = t(r["start"])
    r["break_start"], r["break_end"] = iso(s + dt.timedelta(hours=1)), iso(s + dt.timedelta(hours=2))
elif kind == "length":
    r = next(r for r in rows if not r["break_start"])
    r["paid_hours"] = "5"; r["end"] = iso(t(r["start"]) + dt.timedelta(hours=5))
elif kind == "unavailable":
    r = rows[0]
    with open(d + "/unavail.csv", "w") as f:
        f.write("agent_id,start,end,type\n%s,%s,%s,unavailable\n" % (r["agent_id"], r["start"], r["end"]))
elif kind == "coverage":
    with open(d + "/coverage.csv", newline="") as f:
        cov = list(csv.reader(f))
    cov[1][4] = "99.000000"
    with open(d + "/coverage.csv", "w", newline="") as f:
        csv.writer(f).writerows(cov)
elif kind == "objective":
    with open(d + "/kpis.json") as f:
        k = json.load(f)
    k["objective"] += 100
    with open(d + "/kpis.json", "w") as f:
        json.dump(k, f)
with open(d + "/roster.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=cols); w.writeheader(); w.writerows(rows)
PYEOF
}

# expect KIND RULE [CHECKER ARGS...]: the checker exits 1 on m-KIND with a
# VIOLATION line of RULE
expect() {
	kind=$1 rule=$2
	shift 2
	rc=0
	$CHECK "$FX" "m-$kind" --forecast fc-2w.csv --previous prev.csv $SET "$@" > chk 2>&1 || rc=$?
	[ "$rc" -eq 1 ] || fail "$kind: the checker exited $rc, expected 1: $(cat chk)"
	grep -q "^VIOLATION $rule: " chk || fail "$kind: no '$rule' violation: $(cat chk)"
}
for kind in second-shift language queue grid running seventh-day rest break length unavailable coverage objective; do
	mutate "$kind"
done
expect second-shift one-shift-a-day
expect language language
expect queue queue
expect grid start-grid
expect running previous-running
expect seventh-day consecutive-days
expect rest rest
expect break break
expect length length
expect unavailable unavailable --availability m-unavailable/unavail.csv
expect coverage coverage-allocation
expect objective kpi-objective
# the rules of the week, against tighter limits than the plan had
mutate none
expect none max-days --set agents.max_days=1
expect none days-off --set agents.min_consecutive_days_off=7
$PY -c 'import sys; sys.stdout.writelines(l.replace(",0,24,", ",0,1,") for l in open(sys.argv[1]))' "$FX/agents.csv" > tight.csv
expect none weekly-hours --agents tight.csv

# week 2 after week 1 as a stored run (kpis.json: "previous_run": 1): the
# carry-over is checked against the run's database, and --quiet without it
# says on stderr that it was not (an exit 0 must not hide unchecked rules)
fixture_days fc-1b.csv 2027-02-08 7
sp plan "$FX" --forecast fc-1.csv --out s1 --db two.db --work-limit 3M --seed 1 --time-limit 60 --previous none
[ "$rc" -eq 0 ] || fail "plan week 1 into two.db exited $rc: $(cat err)"
sp plan "$FX" --forecast fc-1b.csv --out s2 --db two.db --work-limit 3M --seed 1 --time-limit 60
[ "$rc" -eq 0 ] || fail "plan week 2 after the stored week 1 exited $rc: $(cat err)"
grep -q '"previous_run": 1' s2/kpis.json || fail "week 2 does not name run 1: $(cat s2/kpis.json)"
rc=0
$CHECK "$FX" s2 --forecast fc-1b.csv --quiet > chk 2>&1 || rc=$?
[ "$rc" -eq 0 ] && grep -q '^checkroster: .*carry-over rules unchecked' chk ||
	fail "--quiet with a stored previous run and no --db: exit $rc, $(cat chk)"
rc=0
$CHECK "$FX" s2 --forecast fc-1b.csv --db two.db > chk 2>&1 || rc=$?
[ "$rc" -eq 0 ] && grep -q '^note: previous roster: run 1 of two.db' chk ||
	fail "--db: the checker exited $rc: $(cat chk)"
# the agent who worked latest on Sunday 02-07 starts again at midnight
rm -rf m-stored
cp -r s2 m-stored
$PY - s1/roster.csv m-stored/roster.csv <<'PYEOF'
import csv, sys
w1 = [r for r in csv.DictReader(open(sys.argv[1], newline="")) if r["date"] == "2027-02-07"]
late = max(w1, key=lambda r: r["end"])
assert late["end"] >= "2027-02-07T13:00", "nobody worked late on Sunday: %s" % late
with open(sys.argv[2], newline="") as f:
    rows = list(csv.DictReader(f))
cols = list(rows[0].keys())
rows = [r for r in rows if not (r["agent_id"] == late["agent_id"] and r["date"] == "2027-02-08")]
rows.append(dict(late, date="2027-02-08", start="2027-02-08T00:00+00:00", end="2027-02-08T04:00+00:00",
                 paid_hours="4", break_start="", break_end=""))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=cols); w.writeheader(); w.writerows(rows)
PYEOF
rc=0
$CHECK "$FX" m-stored --forecast fc-1b.csv --db two.db > chk 2>&1 || rc=$?
[ "$rc" -eq 1 ] && grep -q '^VIOLATION rest: ' chk ||
	fail "a rest too short after the stored week 1: the checker exited $rc: $(cat chk)"

# an unreadable run: exit 2
rm m-none/roster.csv
rc=0
$CHECK "$FX" m-none --forecast fc-2w.csv > chk 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "a run without roster.csv: the checker exited $rc, expected 2"
grep -q 'roster.csv' chk || fail "a run without roster.csv: the message does not name it: $(cat chk)"

echo "t0720: ok"
