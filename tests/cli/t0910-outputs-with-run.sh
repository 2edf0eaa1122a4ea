#!/bin/sh
# t0910-outputs-with-run.sh - the stored run and its outputs move together
#
# A plan whose outputs cannot be written (--out names a file, not a
# folder) exits 1 and stores no run; the database and the old outputs are
# as they were.  Temporary files a killed writer left ("NAME.tmp.PID" of a
# process that no longer runs) are removed by the next plan into the
# folder; a running process's are not.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

runs() { $PY -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from runs").fetchone()[0])' "$1"; }

sp plan "$FX" --out out1 --db p.db --time-limit 5
[ "$rc" -eq 0 ] || fail "first plan exited $rc: $(cat err)"
[ "$(runs p.db)" = 1 ] || fail "expected 1 stored run"

: >notadir
sp plan "$FX" --out notadir --db p.db --time-limit 5
[ "$rc" -eq 1 ] || fail "plan into a file as --out exited $rc, expected 1: $(cat err)"
grep -q "notadir" err || fail "the message does not name the output folder: $(cat err)"
[ "$(runs p.db)" = 1 ] || fail "a run was stored although its outputs could not be written"

# leftovers of a writer that died (pid 999999999 cannot run) go, a live one's stay
dead=999999999
: >"out1/roster.csv.tmp.$dead"
: >"out1/ics/team.ics.tmp.$dead"
: >"out1/kpis.json.tmp.1"
cp out1/roster.csv roster.before
sp plan "$FX" --out out1 --db p.db --time-limit 5
[ "$rc" -eq 0 ] || fail "second plan exited $rc: $(cat err)"
[ ! -e "out1/roster.csv.tmp.$dead" ] || fail "a dead writer's temporary file was left in out1/"
[ ! -e "out1/ics/team.ics.tmp.$dead" ] || fail "a dead writer's temporary file was left in out1/ics/"
[ -e out1/kpis.json.tmp.1 ] || fail "a running process's temporary file was removed"
[ "$(runs p.db)" = 2 ] || fail "expected 2 stored runs"
ls out1 out1/ics | grep -q '\.tmp\.[0-9]*$' && [ "$(ls out1 out1/ics | grep -c '\.tmp\.')" = 1 ] ||
	fail "unexpected temporary files: $(ls out1 out1/ics | grep '\.tmp\.')"
echo "t0910: ok"
