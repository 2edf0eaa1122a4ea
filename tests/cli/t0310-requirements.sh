#!/bin/sh
# t0310-requirements.sh - `staffplan requirements` in csv, table and json
#
# The CSV has the documented header; the JSON holds the same rows; the table
# has one line per row.  Every row is re-computed here with an independent
# Erlang C (Erlang B recursion) for the fixture's settings: traffic, N*,
# required = max(N*, min_agents) / (1 - shrinkage), service level and ASA,
# and an empty abandon_rate.  With a patience the queues are Erlang A: a
# few rows are re-computed from the birth-death chain summed directly, the
# tagged contact's pure-death chain for the answered share and mean wait,
# and uniformisation for the waits up to the answer-time target (MODEL.md
# §1: the share of all contacts answered within t, SPEC §8).
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
head = "start,queue,language,volume,aht,traffic,agents,required,service_level,asa,abandon_rate".split(",")
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
        if r["abandon_rate"] != "":
            err("%s: abandon_rate %r under Erlang C, expected empty" % (where, r["abandon_rate"]))

check(rows, 0.0, "req.csv")
for r, j in zip(rows, js):
    for k in head:
        if k not in j:
            err("json row lacks '%s'" % k); break
        if k == "abandon_rate":
            if j[k] is not None:
                err("json abandon_rate %r under Erlang C, expected null" % j[k])
        elif k in ("start", "queue", "language"):
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

# Erlang A: chat with a patience of 90 s and at most 4 % hanging up,
# security with 300 s; loads from half an Erlang to 30
cat >ea.csv <<'CSV'
start,queue,language,volume,aht
2027-03-22T09:00,chat,en,6,300
2027-03-22T09:00,chat,zh,40,420
2027-03-22T10:00,chat,en,360,300
2027-03-22T10:00,security,en,2,900
2027-03-22T11:00,chat,en,150,180
CSV
rc=0
$SP_BIN requirements --config "$FX/plan.ini" --forecast ea.csv --set service.patience_seconds=90 \
	--set queue.chat.max_abandon_rate=0.04 --set queue.security.patience_seconds=300 \
	>req.ea 2>err || rc=$?
[ "$rc" -eq 0 ] || fail "requirements with patience exited $rc: $(cat err)"
$SP_BIN requirements --config "$FX/plan.ini" --forecast ea.csv --set service.patience_seconds=90 \
	--set queue.chat.max_abandon_rate=0.04 --set queue.security.patience_seconds=300 \
	--format json >req.ea.json 2>err || fail "requirements --format json with patience: $(cat err)"

$PY - <<'PYEOF' || fail "Erlang A requirement rows (see above)"
import csv, json, math, sys
errors = []

def chain(n, a, h, p, t):
    """P(wait), P(abandon), service level, ASA and occupancy of M/M/n+M."""
    lam, mu, th = a / h, 1 / h, 1 / p
    logs = [0.0]
    for i in range(1, n + 1):
        logs.append(logs[-1] + math.log(lam / (i * mu)))
    j = 0
    while True:
        j += 1
        logs.append(logs[-1] + math.log(lam / (n * mu + j * th)))
        if logs[-1] < max(logs) - 50 and logs[-1] < logs[-2]:
            break
    top = max(logs)
    w = [math.exp(x - top) for x in logs]
    z = sum(w)
    pi = [x / z for x in w]
    pw = sum(pi[n:])
    ab = th * sum((i - n) * pi[i] for i in range(n, len(pi))) / lam
    occ = sum(min(i, n) * pi[i] for i in range(len(pi))) / n
    k_n = len(pi) - n
    # fate of a contact with k ahead: moves up at n*mu + k*th, hangs up at th
    served, wait_served, s, m = 1 - pw, 0.0, 1.0, 0.0
    for k in range(k_n):
        c = n * mu + k * th
        r = c + th
        m = c / r * (s / r + m)
        s = c / r * s
        served += pi[n + k] * s
        wait_served += pi[n + k] * m
    # uniformisation up to t
    big = n * mu + (k_n + 1) * th
    v = pi[n:]
    cum_s = cum_a = by_s = by_a = 0.0
    lt = big * t
    logp = -lt
    for step in range(int(lt + 12 * math.sqrt(lt) + 40) + 1):
        pn = math.exp(logp)
        by_s += pn * cum_s
        by_a += pn * cum_a
        nv = [0.0] * k_n
        for k in range(k_n):
            down, hang = (n * mu + k * th) / big, th / big
            if k == 0:
                cum_s += v[k] * down
            else:
                nv[k - 1] += v[k] * down
            cum_a += v[k] * hang
            nv[k] += v[k] * (1 - down - hang)
        v = nv
        logp += math.log(lt) - math.log(step + 1)
    return pw, ab, 1 - pw + by_s, wait_served / served, occ

# the fixture: [service] defaults (0.80 within 60 s, occupancy 0.85, shrinkage
# 0.30); security 0.90 within 30 s, min_agents 1
svc = {"chat": (0.80, 60.0, 0.85, 0.04, 90.0, 0.0), "security": (0.90, 30.0, 0.85, 1.0, 300.0, 1.0)}
rows = [r for r in csv.DictReader(open("req.ea", newline="")) if float(r["volume"]) > 0]
js = {(j["start"], j["queue"], j["language"]): j for j in json.load(open("req.ea.json"))}
if len(rows) != 5:
    errors.append("%d rows with contacts, expected 5" % len(rows))
for r in rows:
    target, t, occ_max, ab_max, p, mina = svc[r["queue"]]
    h, a = float(r["aht"]), float(r["volume"]) * float(r["aht"]) / 3600
    n = 1
    while True:
        pw, ab, sl, asa, occ = chain(n, a, h, p, t)
        if sl >= target and ab <= ab_max and occ <= occ_max:
            break
        n += 1
    where = "%s %s %s (A = %.3f)" % (r["start"], r["queue"], r["language"], a)
    got = (int(r["agents"]), float(r["service_level"]), float(r["abandon_rate"]), float(r["asa"]))
    if got[0] != n:
        errors.append("%s: agents %d, expected %d" % (where, got[0], n))
    elif abs(got[1] - sl) > 2e-6 or abs(got[2] - ab) > 2e-6 or abs(got[3] - asa) > 1e-3 * max(1, asa):
        errors.append("%s: sl %.6f ab %.6f asa %.4f, expected %.6f %.6f %.4f"
                      % (where, got[1], got[2], got[3], sl, ab, asa))
    if abs(float(r["required"]) - max(n, mina) / 0.7) > 1e-5:
        errors.append("%s: required %s" % (where, r["required"]))
    j = js.get((r["start"], r["queue"], r["language"]))
    if not j or j["abandon_rate"] is None or abs(j["abandon_rate"] - got[2]) > 1e-6:
        errors.append("%s: json abandon_rate %r" % (where, j and j["abandon_rate"]))
# the abandon limit binds at 10:00: 30 Erlangs need 34 agents for 4 %
ten = [r for r in rows if r["start"].startswith("2027-03-22T10:00") and r["queue"] == "chat"]
if not ten or float(ten[0]["abandon_rate"]) > 0.04:
    errors.append("chat at 10:00: %r" % ten)
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
