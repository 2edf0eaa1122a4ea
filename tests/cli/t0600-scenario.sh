#!/bin/sh
# t0600-scenario.sh - what-if scenarios: create, run, list, compare
#
# Over the small fixture imported as base: scenarios with --scale, --from
# and --set (hire.LANG) are created and listed; invalid ones (unknown
# language, factor <= 0, unknown selector key, unknown --set key, existing
# name, 'base') exit 2 and leave `scenario list` unchanged; compare prints
# csv and json whose numbers match the stored runs, and a forecast scaled up
# never has less understaffing than base.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

import_inputs "$FX"
sp schedule --time-limit 10
[ "$rc" -eq 0 ] || fail "schedule (base) exited $rc: $(cat err)"

# --- create and list ---------------------------------------------------------
sp scenario list
[ "$rc" -eq 0 ] || fail "scenario list exited $rc"
[ ! -s out ] || fail "scenario list of a fresh database is not empty: $(cat out)"

sp scenario create en-up --scale language=en:2
[ "$rc" -eq 0 ] || fail "create en-up exited $rc: $(cat err)"
sp scenario create en-up-mon --from en-up --scale queue=chat,day=mon:1.2 --set service.bot_deflection=0.1
[ "$rc" -eq 0 ] || fail "create en-up-mon exited $rc: $(cat err)"
sp scenario create zh-hire --set hire.zh=2
[ "$rc" -eq 0 ] || fail "create zh-hire exited $rc: $(cat err)"
sp scenario create mornings --scale hours=08-12:1.5 --scale day=2027-03-23:1.1
[ "$rc" -eq 0 ] || fail "create mornings exited $rc: $(cat err)"

sp scenario list
[ "$rc" -eq 0 ] || fail "scenario list exited $rc"
cp out list.before
for name in en-up en-up-mon zh-hire mornings; do
	grep -q "^$name " list.before || fail "scenario list does not show $name: $(cat list.before)"
done
grep '^en-up-mon ' list.before | grep -q 'en-up' || fail "list does not show en-up-mon's base"

# --- invalid scenarios: exit 2, nothing stored --------------------------------
bad() {
	label=$1
	shift
	sp scenario create bad "$@"
	[ "$rc" -eq 2 ] || fail "$label: create exited $rc, expected 2: $(cat err)"
	[ -s err ] || fail "$label: no message"
	sp scenario list
	cmp -s out list.before || fail "$label: scenario list changed: $(cat out)"
}
bad "unknown language" --scale language=xx:1.3
bad "factor 0" --scale language=en:0
bad "negative factor" --scale language=en:-1
bad "factor not a number" --scale language=en:abc
bad "no factor" --scale language=en
bad "unknown selector key" --scale colour=red:1.2
bad "unknown queue" --scale queue=phone:1.2
bad "bad day" --scale day=someday:1.2
bad "bad hours" --scale hours=12-08:1.2
bad "unknown --set key" --set service.no_such_key=1
bad "out-of-range --set" --set service.shrinkage=2
bad "bad hire count" --set hire.ja=many
bad "unknown base" --from no-such-scenario --scale language=en:1.1
sp scenario create en-up --scale language=en:3
[ "$rc" -eq 2 ] || fail "re-creating en-up exited $rc, expected 2"
sp scenario create base --scale language=en:3
[ "$rc" -eq 2 ] || fail "a scenario named base: exit $rc, expected 2"
sp scenario list
cmp -s out list.before || fail "scenario list changed after refused creates"
# messages name what is wrong
sp scenario create bad --scale language=xx:1.3
grep -q "'xx'" err || fail "unknown language: message does not name 'xx': $(cat err)"
sp scenario create bad --scale colour=red:1.2
grep -q "colour" err || fail "unknown key: message does not name 'colour': $(cat err)"

# --- run and compare -----------------------------------------------------------
for name in en-up en-up-mon zh-hire; do
	sp scenario run $name --time-limit 10
	[ "$rc" -eq 0 ] || fail "scenario run $name exited $rc: $(cat err)"
done
sp scenario list
grep '^en-up ' out | grep -vq 'last run none' || fail "list does not show en-up's run: $(cat out)"

sp scenario compare base en-up zh-hire --format csv
[ "$rc" -eq 0 ] || fail "compare --format csv exited $rc: $(cat err)"
cp out cmp.csv
sp scenario compare base en-up zh-hire --format json
[ "$rc" -eq 0 ] || fail "compare --format json exited $rc: $(cat err)"
cp out cmp.json
sp scenario compare base en-up zh-hire
[ "$rc" -eq 0 ] || fail "compare (table) exited $rc: $(cat err)"
grep -q understaffing out || fail "compare table shows no understaffing row"
sp scenario compare base en-up --html cmp.html
[ "$rc" -eq 0 ] && [ -s cmp.html ] || fail "compare --html exited $rc or wrote nothing"

sqlite3 -separator '|' staffplan.db \
	"SELECT scenario, json(kpis) FROM runs r WHERE id = (SELECT max(id) FROM runs WHERE scenario = r.scenario)" >kpis.txt

$PY - <<'PYEOF' || fail "compare numbers (see above)"
import csv, json, sys
errors = []
def err(m): errors.append(m)
names = ["base", "en-up", "zh-hire"]
rows = list(csv.reader(open("cmp.csv", newline="")))
if rows[0] != ["metric"] + names + ["delta_en-up", "delta_zh-hire"]:
    err("csv header %r" % rows[0])
csvv = {r[0]: [float(x) for x in r[1:]] for r in rows[1:]}
js = json.load(open("cmp.json"))
stored = {}
for line in open("kpis.txt"):
    scen, k = line.split("|", 1)
    stored[scen] = json.loads(k)
metrics = {"objective": "objective", "cost": "cost", "paid_hours": "paid_hours",
           "agents_used": "agents_scheduled",
           "understaffing_agent_hours": "understaffing_agent_hours",
           "coverage": "coverage", "service_level": "service_level"}
for m, key in metrics.items():
    if m not in csvv:
        err("csv lacks metric %s" % m); continue
    if m not in js:
        err("json lacks metric %s" % m); continue
    v = csvv[m]
    for i, n in enumerate(names):
        want = stored[n][key]
        if abs(v[i] - want) > 1e-4 * max(1.0, abs(want)):
            err("csv %s[%s] = %g, stored run says %g" % (m, n, v[i], want))
        if abs(js[m][n] - want) > 1e-6 * max(1.0, abs(want)):
            err("json %s[%s] = %g, stored run says %g" % (m, n, js[m][n], want))
    for i, n in enumerate(names[1:], 1):
        d = v[len(names) + i - 1]
        if abs(d - (v[i] - v[0])) > 1e-4 * max(1.0, abs(v[i])):
            err("csv delta_%s for %s = %g, expected %g" % (n, m, d, v[i] - v[0]))
        if abs(js[m]["delta_" + n] - (js[m][n] - js[m]["base"])) > 1e-6 * max(1.0, abs(js[m][n])):
            err("json delta_%s for %s is not the difference" % (n, m))
u = csvv.get("understaffing_agent_hours")
if u:
    if u[1] < u[0] - 1e-6:
        err("en volume doubled but understaffing fell: base %g, en-up %g" % (u[0], u[1]))
    if u[1] <= u[0]:
        err("en volume doubled on an understaffed desk but understaffing did not rise: %g vs %g" % (u[0], u[1]))
ue = csvv.get("understaffing.chat.en")
if not ue:
    err("compare has no understaffing.chat.en row")
elif ue[1] < ue[0] - 1e-6:
    err("understaffing.chat.en fell when en was scaled up: %g -> %g" % (ue[0], ue[1]))
if stored["zh-hire"]["agents_total"] != stored["base"]["agents_total"] + 2:
    err("hire.zh=2: agents_total %d, base %d" % (stored["zh-hire"]["agents_total"], stored["base"]["agents_total"]))
if errors:
    print("\n".join(errors)); sys.exit(1)
PYEOF

# hires speak the hired language and en
sp roster --scenario zh-hire
[ "$rc" -eq 0 ] || fail "roster --scenario zh-hire exited $rc"
n=$(grep -c '^hire-zh-' out || true)
[ "$n" -gt 0 ] || fail "the hired zh agents got no shift"

# --- bad compare calls --------------------------------------------------------
sp scenario compare base en-up --format xml
[ "$rc" -eq 2 ] || fail "compare --format xml exited $rc, expected 2"
sp scenario compare base mornings
[ "$rc" -eq 2 ] || fail "compare with a scenario never run exited $rc, expected 2"
grep -q mornings err || fail "compare: message does not name the scenario never run"
sp scenario compare base no-such
[ "$rc" -eq 2 ] || fail "compare with an unknown scenario exited $rc, expected 2"
sp scenario run no-such --time-limit 5
[ "$rc" -eq 2 ] || fail "run of an unknown scenario exited $rc, expected 2"
sp scenario frobnicate
[ "$rc" -eq 2 ] || fail "unknown scenario subcommand exited $rc, expected 2"

echo "t0600: ok"
