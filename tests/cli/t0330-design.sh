#!/bin/sh
# t0330-design.sh - `staffplan requirements` then `staffplan design` on it
#
# The small fixture's requirement table and the shift design of its curve
# (small enough to be proven optimal in well under a second, so the design
# is the same on every run) are compared with the golden files in
# tests/cli/expect/; the JSON's "seconds" is the only field masked.  The
# CSV written with --out reads back through `plan --shifts`' loader shape
# (same bytes as stdout).  Bad inputs: a missing file exits 1; a bad row
# exits 2 naming file, line and column; bad options and shift types exit 2;
# nothing reaches stdout then.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"
EXP=$SP_ROOT/tests/cli/expect

same() { # same GOLDEN FILE WHAT
	cmp -s "$1" "$2" || { diff "$1" "$2" | head -20 >&2; fail "$3 differs from $(basename "$1")"; }
}

rc=0
$SP_BIN requirements "$FX" >req.csv 2>err || rc=$?
[ "$rc" -eq 0 ] || fail "requirements exited $rc: $(cat err)"
same "$EXP/t0330-requirements.csv" req.csv "requirements"

# the design of the fixture's curve, proven optimal
for out in json csv table; do
	rc=0
	$SP_BIN design req.csv --output $out --time-limit 20 >design.$out 2>err.$out || rc=$?
	[ "$rc" -eq 0 ] || fail "design --output $out exited $rc: $(cat err.$out)"
	grep -q "design: .* lower bound .*, optimal, " err.$out ||
		fail "design --output $out: not proven optimal: $(cat err.$out)"
done
sed 's/"seconds": [0-9.]*/"seconds": S/' design.json >design.json.masked
same "$EXP/t0330-design.json" design.json.masked "design --output json"
same "$EXP/t0330-design.csv" design.csv "design --output csv"
grep -q "^lower bound .* (optimal), " design.table || fail "the table does not say optimal"
$PY - <<'PYEOF' || fail "the json and csv outputs disagree (see above)"
import csv, json
j = json.load(open("design.json"))
rows = list(csv.DictReader(open("design.csv", newline="")))
assert j["objective"] == j["lower_bound"], "not optimal"
assert len(rows) == len(j["shifts"]) == j["shifts_used"], "shift counts"
for r, s in zip(rows, j["shifts"]):
    assert r["start"] == s["start"] and int(r["length_minutes"]) == s["length_minutes"], (r, s)
    days = "mon tue wed thu fri sat sun".split()
    assert [int(r[d]) for d in days] == s["workers"], (r, s)
    assert s["workers"][3:] == [0, 0, 0, 0], "workers after the 3-day horizon"
PYEOF

# --out writes the same bytes atomically; a DBAI-looking file is no CSV
rc=0
$SP_BIN design req.csv --output csv --out shifts.csv --time-limit 20 >stdout 2>err || rc=$?
[ "$rc" -eq 0 ] || fail "design --out exited $rc: $(cat err)"
[ ! -s stdout ] || fail "design --out also printed to stdout"
same "$EXP/t0330-design.csv" shifts.csv "design --out shifts.csv"

# a missing file: exit 1, named
rc=0
$SP_BIN design nope.csv >out 2>err || rc=$?
[ "$rc" -eq 1 ] || fail "a missing file exited $rc, expected 1"
grep -q "nope.csv" err || fail "a missing file: stderr does not name it: $(cat err)"
[ ! -s out ] || fail "a missing file printed data"

# bad rows: exit 2, file, line and column named
bad_row() { # bad_row LINE COLUMN SED-EXPRESSION
	sed "$3" req.csv >bad.csv
	rc=0
	$SP_BIN design bad.csv >out 2>err || rc=$?
	[ "$rc" -eq 2 ] || fail "bad $2 on line $1 exited $rc, expected 2: $(cat err)"
	grep -q "bad.csv:$1: column '$2': " err ||
		fail "bad $2 on line $1: stderr does not name bad.csv:$1: column '$2': $(cat err)"
	[ ! -s out ] || fail "bad $2 on line $1 printed data"
}
bad_row 5 required '5s/,[0-9.]*,[0-9.]*,[0-9.]*,[0-9.]*$/,x,0.9,1,/'
bad_row 7 start '7s/^[^,]*/2027-03-22 2am/'
bad_row 9 start '9s/^[^,]*/2027-02-30T02:00/'
head -n 1 req.csv | sed 's/required/needed/' >bad.csv
tail -n +2 req.csv >>bad.csv
rc=0
$SP_BIN design bad.csv >out 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "a missing column exited $rc, expected 2"
grep -q "bad.csv:1: column 'required': missing from the header" err ||
	fail "a missing column: $(cat err)"

# bad shift types and options: exit 2
printf 'early=05:00-08:00,420-540\nlate=25:00,480\n' >types.txt
rc=0
$SP_BIN design req.csv --shift-types types.txt >out 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "a bad shift type exited $rc, expected 2"
grep -q "types.txt:2: bad shift type 'late=25:00,480': the start window" err ||
	fail "a bad shift type: $(cat err)"
rc=0
$SP_BIN design req.csv --output xml >out 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "--output xml exited $rc, expected 2"
grep -q xml err || fail "--output xml: message does not name it"
[ ! -s out ] || fail "--output xml printed data"

echo "t0330: ok"
