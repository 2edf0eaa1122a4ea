#!/bin/sh
# t0810-db-foreign.sh - --db on another program's SQLite file
#
# staffplan marks its databases (PRAGMA application_id) and refuses any
# other SQLite file: exit 2, a message saying so, the file byte for byte
# as it was (no tables added, no WAL switched on), no outputs written.
# plan checks it before the solve, not after: a solve of 60 s is refused
# at once, whatever --previous says.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

$PY - <<'PYEOF'
import sqlite3
c = sqlite3.connect("notes.db")
c.execute("CREATE TABLE notes(body TEXT)")
c.execute("INSERT INTO notes VALUES ('a shopping list')")
c.commit()
c.close()
PYEOF
cp notes.db notes.orig

for cmd in "plan $FX --out o1" "roster" "init" "import agents $FX/agents.csv" "schedule"; do
	# shellcheck disable=SC2086
	sp $cmd --db notes.db
	[ "$rc" -eq 2 ] || fail "$cmd on a foreign database exited $rc, expected 2: $(cat err)"
	grep -q "database 'notes.db' belongs to another application" err ||
		fail "$cmd: message does not say whose file it is: $(cat err)"
	cmp -s notes.db notes.orig || fail "$cmd changed the foreign database"
	[ ! -e notes.db-wal ] || fail "$cmd left a WAL file beside the foreign database"
done
[ ! -e o1 ] || fail "plan wrote outputs although it could not store the run"

# before any work: data/example would solve for the whole minute
for prev in "" "--previous none"; do
	start=$(date +%s)
	rc=0
	# shellcheck disable=SC2086
	timeout 60 "$SP_BIN" plan "$SP_ROOT/data/example" --out o2 --db notes.db --time-limit 60 $prev \
		>out 2>err || rc=$?
	took=$(($(date +%s) - start))
	[ "$rc" -eq 2 ] || fail "plan $prev on a foreign database exited $rc, expected 2: $(cat err)"
	[ "$took" -le 10 ] || fail "plan $prev on a foreign database solved first: refused after $took s"
	grep -q "belongs to another application" err || fail "plan $prev: $(cat err)"
	cmp -s notes.db notes.orig || fail "plan $prev changed the foreign database"
	[ ! -e o2 ] || fail "plan $prev wrote outputs beside a foreign database"
done

# its own databases it marks
sp init --db own.db
[ "$rc" -eq 0 ] || fail "init exited $rc: $(cat err)"
[ "$($PY -c 'import sqlite3; print(sqlite3.connect("own.db").execute("PRAGMA application_id").fetchone()[0])')" = 1397771342 ] ||
	fail "a new database does not carry staffplan's application_id"
echo "t0810: ok"
