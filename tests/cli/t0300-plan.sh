#!/bin/sh
# t0300-plan.sh - `staffplan plan` end to end on the small fixture
#
# Exit 0; requirements.csv, roster.csv, coverage.csv, kpis.json, ics/ and
# report.html exist; CSV headers are exactly those of the documented formats;
# kpis.json has every documented key with sane values; the run is stored.
# A bad forecast exits 2 and creates neither the output folder nor the db.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

rc=0
$SP_BIN plan "$FX" --out out --db plan.db --time-limit 10 >stdout 2>stderr || rc=$?
[ "$rc" -eq 0 ] || fail "plan exited $rc: $(cat stderr)"

for f in requirements.csv roster.csv coverage.csv kpis.json report.html; do
	[ -s "out/$f" ] || fail "out/$f missing or empty"
done
[ -d out/ics ] || fail "out/ics/ missing"
[ -s out/ics/team.ics ] || fail "out/ics/team.ics missing"
leftover=$(find out -name '*.tmp.*' | head -n 1)
[ -z "$leftover" ] || fail "temporary file left behind: $leftover"

header() { head -n 1 "out/$1" | tr -d '\r'; }
[ "$(header requirements.csv)" = "start,queue,language,volume,aht,traffic,agents,required,service_level,asa,abandon_rate" ] ||
	fail "requirements.csv header: $(header requirements.csv)"
[ "$(header roster.csv)" = "agent_id,agent_name,date,start,end,paid_hours,break_start,break_end,queues,languages" ] ||
	fail "roster.csv header: $(header roster.csv)"
[ "$(header coverage.csv)" = "start,queue,language,required,staffed,understaffed,service_level" ] ||
	fail "coverage.csv header: $(header coverage.csv)"
grep -qi '<html' out/report.html || fail "report.html is not HTML"
grep -q 'BEGIN:VCALENDAR' out/ics/team.ics || fail "team.ics is not a calendar"

# Contents: every documented kpis.json key, consistent numbers, one
# calendar per scheduled agent, offsets on every roster time.
$PY - out <<'PYEOF' || fail "output contents (see above)"
import csv, json, math, os, re, sys
out = sys.argv[1]
errors = []
def err(m): errors.append(m)

k = json.load(open(os.path.join(out, "kpis.json")))
keys = ["objective", "cost", "paid_hours", "understaffing_agent_hours", "coverage",
        "service_level", "lower_bound", "gap", "agents_scheduled", "agents_total",
        "solve_seconds", "status", "fairness"]
for key in keys:
    if key not in k:
        err("kpis.json lacks '%s'" % key)
if not errors:
    if k["status"] not in ("optimal", "feasible", "time_limit"):
        err("status '%s'" % k["status"])
    for key in keys[:11]:
        if not isinstance(k[key], (int, float)) or isinstance(k[key], bool):
            err("kpis.json '%s' is not a number: %r" % (key, k[key]))
    if not isinstance(k["fairness"], dict):
        err("fairness is not an object")
if errors:
    print("\n".join(errors)); sys.exit(1)

ts = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(Z|[+-]\d\d:\d\d)$")
roster = list(csv.DictReader(open(os.path.join(out, "roster.csv"), newline="", encoding="utf-8")))
if not roster:
    err("roster.csv has no shift")
paid = 0.0
agents = set()
for i, r in enumerate(roster, 2):
    for c in ("start", "end"):
        if not ts.match(r[c]):
            err("roster.csv:%d: %s '%s' is not ISO 8601 with offset" % (i, c, r[c]))
    if bool(r["break_start"]) != bool(r["break_end"]):
        err("roster.csv:%d: one break column empty" % i)
    for c in ("break_start", "break_end"):
        if r[c] and not ts.match(r[c]):
            err("roster.csv:%d: %s '%s'" % (i, c, r[c]))
    if not re.match(r"^\d{4}-\d\d-\d\d$", r["date"]) or not r["start"].startswith(r["date"]):
        err("roster.csv:%d: date '%s' vs start '%s'" % (i, r["date"], r["start"]))
    paid += float(r["paid_hours"])
    agents.add(r["agent_id"])
if abs(paid - k["paid_hours"]) > 1e-6:
    err("paid hours: roster.csv sums to %g, kpis.json says %g" % (paid, k["paid_hours"]))
if k["agents_scheduled"] != len(agents):
    err("agents_scheduled %d but roster.csv has %d agents" % (k["agents_scheduled"], len(agents)))
if k["agents_total"] != 8:
    err("agents_total %d, the fixture has 8 agents" % k["agents_total"])
# names with commas survive CSV quoting
if roster and not any("," in r["agent_name"] for r in roster):
    err("agent names lost their comma")
for a in agents:
    if not os.path.exists(os.path.join(out, "ics", a + ".ics")):
        err("no ics/%s.ics for a scheduled agent" % a)

cov = list(csv.DictReader(open(os.path.join(out, "coverage.csv"), newline="")))
under = 0.0
for i, r in enumerate(cov, 2):
    rq, st, us = float(r["required"]), float(r["staffed"]), float(r["understaffed"])
    if abs(us - max(0.0, rq - st)) > 1e-5:
        err("coverage.csv:%d: understaffed %g != max(0, %g - %g)" % (i, us, rq, st))
    if not 0.0 <= float(r["service_level"]) <= 1.0:
        err("coverage.csv:%d: service_level %s" % (i, r["service_level"]))
    under += us
# hourly intervals: agent-hours = sum of understaffing
if abs(under - k["understaffing_agent_hours"]) > 1e-3 * max(1.0, under):
    err("understaffing: coverage.csv sums to %g, kpis.json says %g" % (under, k["understaffing_agent_hours"]))

req = list(csv.DictReader(open(os.path.join(out, "requirements.csv"), newline="")))
if not req:
    err("requirements.csv is empty")
cells = {(r["start"], r["queue"], r["language"]) for r in cov}
for i, r in enumerate(req, 2):
    if (r["start"], r["queue"], r["language"]) not in cells:
        err("requirements.csv:%d has no coverage.csv row" % i); break

obj, lb, gap = k["objective"], k["lower_bound"], k["gap"]
if lb > obj + 1e-6 * max(1.0, abs(obj)):
    err("lower_bound %g above objective %g" % (lb, obj))
if obj > 0 and abs(gap - (obj - lb) / obj) > 1e-6:
    err("gap %g != (objective - lower_bound) / objective = %g" % (gap, (obj - lb) / obj))
if k["cost"] > obj + 1e-6:
    err("cost %g above objective %g" % (k["cost"], obj))
if not 0 <= k["coverage"] <= 1 or not 0 <= k["service_level"] <= 1:
    err("coverage/service_level out of [0, 1]")
if errors:
    print("\n".join(errors)); sys.exit(1)
PYEOF

# The run is stored with its inputs; `roster` prints the same roster.
n=$(sqlite3 plan.db 'SELECT count(*) FROM runs')
[ "$n" = 1 ] || fail "plan stored $n runs, expected 1"
n=$(sqlite3 plan.db "SELECT count(*) FROM inputs WHERE scenario='base'")
[ "$n" = 4 ] || fail "plan stored $n inputs, expected 4"
rc=0
$SP_BIN roster --db plan.db >roster.out 2>err || rc=$?
[ "$rc" -eq 0 ] || fail "roster exited $rc: $(cat err)"
cmp -s roster.out out/roster.csv || fail "'staffplan roster' differs from roster.csv"

# --set is applied and validated.
rc=0
$SP_BIN plan "$FX" --out out2 --db plan.db --time-limit 10 --set service.no_such_key=1 >/dev/null 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "--set with an unknown key exited $rc, expected 2"
grep -q 'no_such_key' err || fail "--set unknown key: message does not name it: $(cat err)"
[ ! -e out2 ] || fail "--set error created the output folder"

# --- bad forecast: exit 2, nothing created ---------------------------------
sed '5s/,[0-9.]*$/,minus-one/' "$FX/forecast.csv" >bad-forecast.csv
rc=0
$SP_BIN plan "$FX" --forecast bad-forecast.csv --out badout --db bad.db --time-limit 10 >stdout 2>stderr || rc=$?
[ "$rc" -eq 2 ] || fail "plan with a bad forecast exited $rc, expected 2"
grep -q 'bad-forecast.csv:5' stderr || fail "bad forecast: stderr does not name bad-forecast.csv:5: $(cat stderr)"
[ ! -e badout ] || fail "plan with a bad forecast created the output folder"
[ ! -e bad.db ] || fail "plan with a bad forecast created the database"

# a failed plan does not touch an existing database either
before=$(sqlite3 plan.db .dump | cksum)
rc=0
$SP_BIN plan "$FX" --forecast bad-forecast.csv --out out --db plan.db --time-limit 10 >stdout 2>stderr || rc=$?
[ "$rc" -eq 2 ] || fail "second bad plan exited $rc"
[ "$(sqlite3 plan.db .dump | cksum)" = "$before" ] || fail "a failed plan changed the database"

# missing input folder
rc=0
$SP_BIN plan no-such-dir --out badout --db bad.db >stdout 2>stderr || rc=$?
[ "$rc" -eq 1 ] || [ "$rc" -eq 2 ] || fail "plan of a missing folder exited $rc"
grep -q 'no-such-dir' stderr || fail "missing folder: message does not name it: $(cat stderr)"
[ ! -e badout ] && [ ! -e bad.db ] || fail "plan of a missing folder created outputs"

echo "t0300: ok"
