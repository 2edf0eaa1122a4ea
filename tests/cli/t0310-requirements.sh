#!/bin/sh
# t0310-requirements.sh - `staffplan requirements` in csv, table and json
#
# The CSV has the documented header; the JSON holds the same rows; the table
# has one line per row.  Every row is re-computed here with an independent
# Erlang C (Erlang B recursion) for the fixture's settings: traffic, N*,
# required = max(N*, min_agents) / (1 - shrinkage), service level and ASA.
# --set takes effect; a bad --format exits 2.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

for fmt in csv table json; do
	rc=0
	$SP_BIN requirements "$FX" --format $fmt >req.$fmt 2>err || rc=$?
	[ "$rc" -eq 0 ] || fail "requirements --format $fmt exited $rc: $(cat err)"
	[ -s req.$fmt ] || fail "requirements --format $fmt printed nothing"
done
rc=0
$SP_BIN requirements "$FX" >req.default 2>err || rc=$?
[ "$rc" -eq 0 ] || fail "requirements exited $rc"
cmp -s req.default req.csv || fail "the default format is not csv"
rc=0
$SP_BIN requirements --config "$FX/plan.ini" --forecast "$FX/forecast.csv" >req.flags 2>err || rc=$?
[ "$rc" -eq 0 ] || fail "requirements --config --forecast exited $rc: $(cat err)"
cmp -s req.flags req.csv || fail "--config/--forecast give another table than DIR"

rc=0
$SP_BIN requirements "$FX" --set service.bot_deflection=0.5 >req.half 2>err || rc=$?
[ "$rc" -eq 0 ] || fail "requirements --set exited $rc: $(cat err)"

$PY - <<'PYEOF' || fail "requirement table contents (see above)"
import csv, json, math, sys
errors = []
def err(m):
    errors.append(m)
    if len(errors) > 10:
        print("\n".join(errors)); sys.exit(1)

rows = list(csv.reader(open("req.csv", newline="")))
head = "start,queue,language,volume,aht,traffic,agents,required,service_level,asa".split(",")
if rows[0] != head:
    err("csv header %r" % rows[0])
rows = [dict(zip(head, r)) for r in rows[1:]]
js = json.load(open("req.json"))
if not isinstance(js, list) or len(js) != len(rows):
    err("json has %s rows, csv %d" % (len(js) if isinstance(js, list) else type(js), len(rows)))
table = [l for l in open("req.table") if l.strip()]
if len(table) != len(rows) + 1:
    err("table has %d lines, expected %d rows + header" % (len(table), len(rows)))

# The fixture's plan.ini: [service] defaults, [queue.security] min_agents 1,
# target 0.9 within 30 s; shrinkage 0.30 everywhere; hourly intervals.
svc = {"chat": (0.80, 60.0, 0.85, 0.0), "email": (0.80, 60.0, 0.85, 0.0),
       "security": (0.90, 30.0, 0.85, 1.0)}
shrink, step = 0.30, 3600.0

def erlang(n, a, h, t):
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    c = n * b / (n - a * (1 - b))
    return 1 - c * math.exp(-(n - a) * t / h), c * h / (n - a)

def staff(a, h, target, t, occ):
    if a <= 0:
        return 0, 1.0, 0.0
    n = int(math.floor(a)) + 1
    while True:
        sl, asa = erlang(n, a, h, t)
        if sl >= target and a / n <= occ:
            return n, sl, asa
        n += 1

def check(rows, deflect, label):
    for i, r in enumerate(rows, 2):
        target, t, occ, mina = svc[r["queue"]]
        v, h = float(r["volume"]), float(r["aht"])
        a = v * (1 - deflect) * h / step
        n, sl, asa = staff(a, h, target, t, occ)
        req = max(n, mina) / (1 - shrink)
        where = "%s line %d (%s %s %s)" % (label, i, r["start"], r["queue"], r["language"])
        if abs(float(r["traffic"]) - a) > 1e-5:
            err("%s: traffic %s, expected %.6f" % (where, r["traffic"], a))
        if int(r["agents"]) != n:
            err("%s: agents %s, expected %d" % (where, r["agents"], n))
        if abs(float(r["required"]) - req) > 1e-5:
            err("%s: required %s, expected %.6f" % (where, r["required"], req))
        if abs(float(r["service_level"]) - sl) > 1e-5:
            err("%s: service_level %s, expected %.6f" % (where, r["service_level"], sl))
        if abs(float(r["asa"]) - asa) > 1e-3 * max(1.0, asa):
            err("%s: asa %s, expected %.4f" % (where, r["asa"], asa))

check(rows, 0.0, "req.csv")
for r, j in zip(rows, js):
    for k in head:
        if k not in j:
            err("json row lacks '%s'" % k); break
        if k in ("start", "queue", "language"):
            if j[k] != r[k]:
                err("json %s %r != csv %r" % (k, j[k], r[k]))
        elif abs(float(j[k]) - float(r[k])) > 1e-4 * max(1.0, abs(float(r[k]))):
            err("json %s %r != csv %r at %s" % (k, j[k], r[k], r["start"]))
if not any(r["queue"] == "security" for r in rows):
    err("no security row: min_agents must apply to every interval of the pair")

half = list(csv.DictReader(open("req.half", newline="")))
if len(half) != len(rows):
    err("--set bot_deflection changed the row count")
check(half, 0.5, "--set service.bot_deflection=0.5")
if errors:
    print("\n".join(errors)); sys.exit(1)
PYEOF

# bad --format and bad --set
rc=0
$SP_BIN requirements "$FX" --format xml >out 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "--format xml exited $rc, expected 2"
grep -q xml err || fail "--format xml: message does not name it"
[ ! -s out ] || fail "--format xml printed data"
rc=0
$SP_BIN requirements "$FX" --set service.shrinkage=1.5 >out 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "--set service.shrinkage=1.5 exited $rc, expected 2"
grep -q shrinkage err || fail "--set out of range: message does not name the key"

# a forecast row with an unknown queue names file and line
{ head -n 1 "$FX/forecast.csv"; echo '2027-03-22T00:00,phone,en,4'; } >q.csv
rc=0
$SP_BIN requirements --config "$FX/plan.ini" --forecast q.csv >out 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "unknown queue exited $rc, expected 2"
grep -q 'q.csv:2' err || fail "unknown queue: stderr does not name q.csv:2: $(cat err)"

echo "t0310: ok"
