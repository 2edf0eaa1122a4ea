#!/bin/sh
# t0320-solver.sh - `--solver cbc`: the same pipeline with COIN-OR CLP and CBC
#
# plan with --solver cbc exits 0 with a valid run (status, bound at most the
# objective, every output); the tiny week reaches its proven optimum 1584
# with either solver, and schedule --solver cbc stores a second run.  An
# unknown solver name exits 2 and creates neither the output folder nor the
# database, for plan, schedule and scenario run.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

rc=0
$SP_BIN plan "$FX" --solver cbc --out out --db cbc.db --time-limit 10 >stdout 2>stderr || rc=$?
[ "$rc" -eq 0 ] || fail "plan --solver cbc exited $rc: $(cat stderr)"
for f in requirements.csv roster.csv coverage.csv kpis.json report.html ics/team.ics; do
	[ -s "out/$f" ] || fail "out/$f missing or empty"
done
$PY - out/kpis.json <<'PYEOF' || fail "kpis.json of the cbc run"
import json, sys
k = json.load(open(sys.argv[1]))
assert k["status"] in ("optimal", "feasible", "time_limit"), k["status"]
assert 0 < k["lower_bound"] <= k["objective"] + 1e-6, (k["lower_bound"], k["objective"])
PYEOF

for s in glpk cbc; do
	rc=0
	$SP_BIN plan "$SP_ROOT/data/tiny" --solver $s --out tiny-$s --db tiny-$s.db >stdout 2>stderr || rc=$?
	[ "$rc" -eq 0 ] || fail "plan data/tiny --solver $s exited $rc: $(cat stderr)"
	obj=$($PY -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["objective"])' tiny-$s/kpis.json)
	[ "$obj" = "1584.00" ] || fail "data/tiny with $s: objective $obj, expected the optimum 1584.00"
done

rc=0
$SP_BIN plan "$FX" --solver highs --out badout --db bad.db >stdout 2>stderr || rc=$?
[ "$rc" -eq 2 ] || fail "plan --solver highs exited $rc, expected 2"
grep -q "expected glpk or cbc" stderr || fail "plan --solver highs: message: $(cat stderr)"
[ ! -e badout ] && [ ! -e bad.db ] || fail "plan --solver highs created output or a database"

before=$(sqlite3 cbc.db .dump | cksum)
for cmd in "schedule" "scenario run base"; do
	rc=0
	$SP_BIN $cmd --solver highs --db cbc.db >stdout 2>stderr || rc=$?
	[ "$rc" -eq 2 ] || fail "$cmd --solver highs exited $rc, expected 2"
	grep -q "expected glpk or cbc" stderr || fail "$cmd --solver highs: message: $(cat stderr)"
done
[ "$(sqlite3 cbc.db .dump | cksum)" = "$before" ] || fail "a rejected --solver changed the database"

# the stored inputs solved again through schedule, with CBC
rc=0
$SP_BIN schedule --solver cbc --time-limit 5 --db cbc.db >stdout 2>stderr || rc=$?
[ "$rc" -eq 0 ] || fail "schedule --solver cbc exited $rc: $(cat stderr)"
[ "$(sqlite3 cbc.db 'SELECT count(*) FROM runs')" = 2 ] || fail "schedule --solver cbc stored no run"
exit 0
