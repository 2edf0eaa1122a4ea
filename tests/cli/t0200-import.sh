#!/bin/sh
# t0200-import.sh - init and import of every input kind, and what a bad import leaves
#
# init creates the database; each kind imports; a file with an error exits 2,
# names FILE:LINE on stderr and leaves the database byte-for-byte unchanged
# (sqlite3 .dump before and after); a missing file exits 1 or 2 and names it.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

# --- init ---------------------------------------------------------------
rc=0
$SP_BIN init >out 2>err || rc=$?
[ "$rc" -eq 0 ] || fail "init exited $rc: $(cat err)"
[ -f staffplan.db ] || fail "init did not create staffplan.db"
v=$(sqlite3 staffplan.db 'PRAGMA user_version')
[ "$v" -ge 1 ] || fail "schema user_version is '$v' after init"
for t in inputs scenarios runs; do
	n=$(sqlite3 staffplan.db "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='$t'")
	[ "$n" = 1 ] || fail "table '$t' missing after init"
done
rc=0
$SP_BIN init --db other.db >out 2>err || rc=$?
[ "$rc" -eq 0 ] && [ -f other.db ] || fail "init --db other.db failed ($rc)"
# init again migrates nothing and keeps the data
rc=0
$SP_BIN init >out 2>err || rc=$?
[ "$rc" -eq 0 ] || fail "second init exited $rc"

# --- import each kind ---------------------------------------------------
# availability needs agents first
rc=0
$SP_BIN import availability "$FX/availability.csv" --db other.db >out 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "availability before agents exited $rc, expected 2"
grep -q agents err || fail "availability before agents: message does not say agents: $(cat err)"

for kind in config forecast agents availability; do
	case $kind in
	config) f=plan.ini ;;
	*) f=$kind.csv ;;
	esac
	rc=0
	$SP_BIN import $kind "$FX/$f" >out 2>err || rc=$?
	[ "$rc" -eq 0 ] || fail "import $kind exited $rc: $(cat err)"
	n=$(sqlite3 staffplan.db "SELECT count(*) FROM inputs WHERE scenario='base' AND kind='$kind'")
	[ "$n" = 1 ] || fail "import $kind stored $n rows"
	# the stored text is the file
	rm -f stored
	sqlite3 staffplan.db "SELECT writefile('stored', content) FROM inputs WHERE scenario='base' AND kind='$kind'" >/dev/null
	cmp -s stored "$FX/$f" || fail "import $kind: stored content differs from the file"
done
# re-importing replaces
rc=0
$SP_BIN import forecast "$FX/forecast.csv" >out 2>err || rc=$?
[ "$rc" -eq 0 ] || fail "re-import forecast exited $rc"
n=$(sqlite3 staffplan.db "SELECT count(*) FROM inputs")
[ "$n" = 4 ] || fail "expected 4 stored inputs, found $n"

# --- bad inputs: exit 2, FILE:LINE in stderr, database unchanged ---------
snapshot() { sqlite3 staffplan.db .dump | grep -v '^PRAGMA' ; }
snapshot >before.sql

# expect_bad NAME FILE KIND LINE: import must fail with exit 2 and NAME:LINE
expect_bad() {
	rc=0
	$SP_BIN import "$3" "$2" >out 2>err || rc=$?
	[ "$rc" -eq 2 ] || fail "$1: import $3 exited $rc, expected 2: $(cat err)"
	grep -q "$2:$4" err || fail "$1: stderr does not name '$2:$4': $(cat err)"
	snapshot >after.sql
	cmp -s before.sql after.sql || fail "$1: failed import changed the database"
}

# negative volume on line 4
sed '4s/,[0-9.]*$/,-3/' "$FX/forecast.csv" >neg.csv
grep -q ',-3$' neg.csv || fail "test setup: could not make neg.csv"
expect_bad "negative volume" neg.csv forecast 4
# not a number on line 6
sed '6s/,[0-9.]*$/,lots/' "$FX/forecast.csv" >nan.csv
expect_bad "non-numeric volume" nan.csv forecast 6
# a start off the hourly grid on line 3
sed '3s/T00:00,/T00:20,/' "$FX/forecast.csv" >grid.csv
grep -q 'T00:20,' grid.csv || fail "test setup: could not make grid.csv"
expect_bad "off-grid start" grid.csv forecast 3
# a local time that does not exist (Europe/London, clocks go forward 2027-03-28 01:00)
{ head -n 1 "$FX/forecast.csv"; echo '2027-03-22T00:00,chat,en,1'; echo '2027-03-28T01:00,chat,en,1'; } >gap.csv
expect_bad "non-existent local time" gap.csv forecast 3
# missing required column
{ echo 'start,queue,volume'; echo '2027-03-22T00:00,chat,1'; } >nolang.csv
expect_bad "missing language column" nolang.csv forecast 1
# duplicate agent id on line 3
printf 'id,name,languages\na1,"Agent, 1",en\na1,Other,zh\n' >dup.csv
expect_bad "duplicate agent id" dup.csv agents 3
# availability for an unknown agent on line 2
printf 'agent_id,start,end,type\nnobody,2027-03-22T00:00,2027-03-23T00:00,unavailable\n' >who.csv
expect_bad "unknown agent" who.csv availability 2
# availability with an unknown type on line 3
printf 'agent_id,start,end,type\na0,2027-03-22T00:00,2027-03-22T04:00,unavailable\na0,2027-03-23T00:00,2027-03-23T04:00,holiday\n' >typ.csv
expect_bad "unknown availability type" typ.csv availability 3
# unknown plan.ini key on line 3
printf '[site]\ntimezone = Europe/London\nfoo = 1\n' >key.ini
expect_bad "unknown config key" key.ini config 3
# out-of-range value on line 2
printf '[site]\ninterval_minutes = 45\n' >range.ini
expect_bad "interval_minutes out of range" range.ini config 2

# --- missing file and unknown kind ---------------------------------------
rc=0
$SP_BIN import forecast does-not-exist.csv >out 2>err || rc=$?
[ "$rc" -eq 1 ] || [ "$rc" -eq 2 ] || fail "missing file exited $rc, expected 1 or 2"
grep -q 'does-not-exist.csv' err || fail "missing file: message does not name it: $(cat err)"
snapshot >after.sql
cmp -s before.sql after.sql || fail "missing file changed the database"

rc=0
$SP_BIN import roster "$FX/agents.csv" >out 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "unknown kind exited $rc, expected 2"
rc=0
$SP_BIN import forecast >out 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "import without FILE exited $rc, expected 2"

# --- the database refuses what it does not know ---------------------------
sqlite3 future.db 'PRAGMA user_version = 99'
rc=0
$SP_BIN import config "$FX/plan.ini" --db future.db >out 2>err || rc=$?
[ "$rc" -eq 1 ] || fail "database with a future schema: exit $rc, expected 1"
grep -q 'schema version' err || fail "future schema: message does not say so: $(cat err)"

echo "t0200: ok"
