#!/bin/sh
# t0610-compare-abandon.sh - scenario compare shows abandonment where it
# applies (Erlang A, SPEC 8)
#
# Over the small fixture: base (Erlang C) against a scenario with
# service.patience_seconds.  compare in csv, json and the table adds the
# rows abandon_rate and abandon_rate.QUEUE.LANGUAGE, empty / null / '-' for
# base and its differences, and the patient run's rate is the stored
# cells' rate weighted by arrivals, as in its kpis.json text; base against
# base has no such row; the --html page has the abandon rate row and bars.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

import_inputs "$FX"
sp schedule --time-limit 10
[ "$rc" -eq 0 ] || fail "schedule (base) exited $rc: $(cat err)"
sp scenario create patient --set service.patience_seconds=120
[ "$rc" -eq 0 ] || fail "scenario create exited $rc: $(cat err)"
sp scenario run patient --time-limit 10
[ "$rc" -eq 0 ] || fail "scenario run patient exited $rc: $(cat err)"

sp scenario compare base base --format csv
[ "$rc" -eq 0 ] || fail "compare base base exited $rc: $(cat err)"
! grep -q abandon out || fail "Erlang C only, yet an abandon row: $(grep abandon out)"

sp scenario compare base patient --format csv
[ "$rc" -eq 0 ] || fail "compare --format csv exited $rc: $(cat err)"
cp out cmp.csv
sp scenario compare base patient --format json
[ "$rc" -eq 0 ] || fail "compare --format json exited $rc: $(cat err)"
cp out cmp.json
sp scenario compare base patient --html cmp.html
[ "$rc" -eq 0 ] || fail "compare (table) exited $rc: $(cat err)"
grep -Eq '^abandon_rate +- +[0-9.]+ +-$' out || fail "table abandon_rate row: $(grep abandon_rate out || true)"
grep -q '<td>Abandon rate</td>' cmp.html || fail "the comparison page has no abandon rate row"
grep -q 'Projected abandon rate' cmp.html || fail "the comparison page has no abandon rate bars"

sqlite3 -separator '|' staffplan.db \
	"SELECT sum(c.arrivals * c.abandon_rate) / sum(c.arrivals), json_extract(r.kpis, '\$.abandon_rate')
	 FROM run_cells c JOIN runs r ON r.id = c.run_id
	 WHERE r.id = (SELECT max(id) FROM runs WHERE scenario = 'patient') AND c.abandon_rate IS NOT NULL" >stored.txt

$PY - <<'PYEOF' || fail "compare abandon numbers (see above)"
import csv, json, sys
errors = []
cells, kpi = (float(x) for x in open("stored.txt").read().strip().split("|"))
rows = {r[0]: r[1:] for r in csv.reader(open("cmp.csv", newline=""))}
js = json.load(open("cmp.json"))
if "abandon_rate" not in rows:
    errors.append("csv has no abandon_rate row")
else:
    base, patient, delta = rows["abandon_rate"]
    if base != "" or delta != "":
        errors.append("csv: base and delta should be empty, got %r %r" % (base, delta))
    if abs(float(patient) - cells) > 1e-5 or abs(kpi - cells) > 1e-9:
        errors.append("abandon rate: csv %s, cells %g, kpis.json %g" % (patient, cells, kpi))
    if not 0 < cells < 1:
        errors.append("abandon rate %g is not a share" % cells)
a = js.get("abandon_rate", {})
if a.get("base", 0) is not None or a.get("delta_patient", 0) is not None:
    errors.append("json: base and delta should be null: %r" % a)
if abs((a.get("patient") or -1) - cells) > 1e-9:
    errors.append("json abandon_rate %r, cells %g" % (a.get("patient"), cells))
pairs = [k for k in rows if k.startswith("abandon_rate.")]
if not pairs:
    errors.append("no abandon_rate.QUEUE.LANGUAGE rows")
for k in pairs:
    if rows[k][0] != "" or not rows[k][1]:
        errors.append("%s: %r" % (k, rows[k]))
if errors:
    print("\n".join(errors)); sys.exit(1)
PYEOF
echo "t0610: ok"
