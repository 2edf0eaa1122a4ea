#!/bin/sh
# t0820-db-lock.sh - a command behind another writer waits, it does not fail
#
# A plan holds the database's write lock while it writes its outputs (a
# week of 10 000 agents: 3.5 s); a second command that starts then must
# wait for it and store its own work, not fail "database is locked" and
# lose it.  Here another connection holds the lock for 7 s (the wait was
# 5 s once) while `import agents` runs.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

sp import config "$FX/plan.ini" --db t.db
[ "$rc" -eq 0 ] || fail "import config exited $rc: $(cat err)"

$PY - <<'PYEOF' &
import sqlite3, time
c = sqlite3.connect("t.db", timeout=10, isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open("locked", "w").close()
time.sleep(7)
c.execute("COMMIT")
PYEOF
holder=$!
n=0
while [ ! -e locked ]; do
	n=$((n + 1))
	[ "$n" -lt 100 ] || fail "the lock holder did not start"
	sleep 0.1
done

start=$(date +%s)
rc=0
timeout 60 "$SP_BIN" import agents "$FX/agents.csv" --db t.db >out 2>err || rc=$?
took=$(($(date +%s) - start))
wait "$holder"
[ "$rc" -eq 0 ] || fail "import behind a 7 s lock exited $rc after $took s: $(cat err)"
[ "$took" -ge 5 ] || fail "import did not wait for the lock ($took s)"
stored=$($PY -c 'import sqlite3; print(sqlite3.connect("t.db").execute(
"SELECT count(*) FROM inputs WHERE kind = '"'agents'"'").fetchone()[0])')
[ "$stored" = 1 ] || fail "the agents were not stored ($stored rows)"
