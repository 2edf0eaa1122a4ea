#!/bin/sh
# t0930-hardening.sh - the findings of issue 35 that no other test covers
#
#  - more agents than a plan takes (50 001) are refused at the row that
#    makes them too many, at once, naming the file and the line;
#  - kill -9 while the outputs are being written leaves the stored runs
#    and the old outputs as they were; the next plan removes what the dead
#    writer left and lands whole;
#  - messages name their place: a requirement table that cannot be written
#    (/dev/full), a forecast spanning 213 days (refused at the row that
#    does it, in a big file, before the rest is read), a missing --agents
#    file (exit 1, as docs/COMMANDS.md says for a file that cannot be read);
#  - an agent whose id is a Windows device name (con, LPT1.x) gets a
#    calendar file that is not one, the same each week, with the UIDs
#    unchanged.
# The endless loops and range checks are t0420's, the foreign database
# t0810's, signals and the time limit t0920's, a run stored without its
# outputs t0910's.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

# run ARGS...: sp, bounded: a command that does not end fails the test
run() {
	rc=0
	timeout 60 "$SP_BIN" "$@" >out 2>err || rc=$?
	[ "$rc" -ne 124 ] || fail "'$*' still running after 60 s"
}

seconds() { $PY -c 'import time; print(time.time())'; }
took() { $PY -c "import time; print(time.time() - $1 <= $2)"; }

# --- 50 001 agents -----------------------------------------------------------------
mkdir many
cp "$FX/plan.ini" "$FX/forecast.csv" many/
$PY - <<'PYEOF'
with open("many/agents.csv", "w") as f:
    f.write("id,name,languages\n")
    for i in range(50001):
        f.write("m%05d,M,en\n" % i)
PYEOF
start=$(seconds)
run plan many --out o --db p.db --time-limit 5
[ "$rc" -eq 2 ] || fail "50 001 agents: exit $rc, expected 2: $(cat err)"
grep -q "agents.csv:50002: more than 50000 agents, expected at most 50000 in one plan" err ||
	fail "50 001 agents: message: $(cat err)"
[ "$(took "$start" 5)" = True ] || fail "50 001 agents were not refused at once"
[ ! -e o ] && [ ! -e p.db ] || fail "refusing 50 001 agents created outputs or a database"

# --- kill -9 while writing ----------------------------------------------------------------
mkdir wide
cp "$SP_ROOT/data/example/plan.ini" "$SP_ROOT/data/example/forecast.csv" \
	"$SP_ROOT/data/example/availability.csv" wide/
$PY - "$SP_ROOT/data/example/agents.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(l for l in open(sys.argv[1], newline="") if not l.startswith("#")))
with open("wide/agents.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerows(rows)
    for i in range(4000):
        r = list(rows[1 + i % (len(rows) - 1)])
        r[0], r[4], r[6] = "w%04d" % i, "w%04d@wide.example" % i, "0"
        w.writerow(r)
PYEOF
run plan "$FX" --out k --db k.db --time-limit 5
[ "$rc" -eq 0 ] || fail "first plan exited $rc: $(cat err)"
find k k.db -type f | LC_ALL=C sort | xargs cksum >before
$PY - "$SP_BIN" <<'PYEOF' || fail "kill -9 while writing"
import glob, signal, subprocess, sys, time
p = subprocess.Popen([sys.argv[1], "plan", "wide", "--out", "k", "--db", "k.db", "--time-limit", "4"],
                     stdout=subprocess.DEVNULL, stderr=open("kill.err", "w"))
t0 = time.time()
while p.poll() is None and time.time() - t0 < 120 and not glob.glob("k/ics/*.tmp.%d" % p.pid):
    time.sleep(0.005)
if p.poll() is not None:
    print("plan of 4 100 agents ended (%d) before writing a calendar: %s" % (p.returncode, open("kill.err").read()))
    sys.exit(1)
p.send_signal(signal.SIGKILL)
p.wait()
PYEOF
ls k/ics | grep -q '\.tmp\.' || fail "kill -9 while writing left no temporary file: too late to test"
find k k.db -type f ! -name '*.tmp.*' ! -name 'k.db-*' | LC_ALL=C sort | xargs cksum >now
cmp -s before now || fail "kill -9 while writing changed the outputs or the database: $(diff before now | head -5)"
[ "$(sqlite3 k.db 'SELECT count(*) FROM runs')" = 1 ] || fail "kill -9 while writing stored a run"
run plan "$FX" --out k --db k.db --time-limit 5
[ "$rc" -eq 0 ] || fail "the plan after kill -9 exited $rc: $(cat err)"
[ "$(sqlite3 k.db 'SELECT count(*) FROM runs')" = 2 ] || fail "the plan after kill -9 did not store its run"
left=$(find k -name '*.tmp.*' | head -n 3)
[ -z "$left" ] || fail "the plan after kill -9 left the dead writer's files: $left"

# --- messages with a place ---------------------------------------------------------------
if [ -w /dev/full ]; then
	rc=0
	"$SP_BIN" requirements "$FX" >/dev/full 2>err || rc=$?
	[ "$rc" -eq 1 ] || fail "requirements to /dev/full exited $rc, expected 1: $(cat err)"
	grep -q "cannot write the requirement table to standard output: No space left on device" err ||
		fail "requirements to /dev/full: message: $(cat err)"
fi

mkdir long
cp "$FX/plan.ini" "$FX/agents.csv" long/
$PY - <<'PYEOF'
import datetime
with open("long/forecast.csv", "w") as f:
    f.write("start,queue,language,volume\n2027-03-22T09:00,chat,en,5\n2027-10-20T09:00,chat,en,5\n")
    t = datetime.datetime(2027, 3, 22, 10)
    for i in range(300000):   # about 9 MB the reader must never get to
        f.write("%s,chat,en,5\n" % (t + datetime.timedelta(minutes=60 * (i % 150))).strftime("%Y-%m-%dT%H:%M"))
PYEOF
start=$(seconds)
run plan long --out o --db p.db --time-limit 5
[ "$rc" -eq 2 ] || fail "a 213-day forecast exited $rc, expected 2: $(cat err)"
grep -q "forecast.csv:3: column 'start': rows from line 2 to line 3 span more than 42 days" err ||
	fail "a 213-day forecast: message does not name the file and line: $(cat err)"
[ "$(took "$start" 5)" = True ] || fail "a 213-day forecast was read whole before it was refused"
[ ! -e o ] && [ ! -e p.db ] || fail "a refused forecast created outputs or a database"

run plan "$FX" --agents no-such-agents.csv --out o --db p.db
[ "$rc" -eq 1 ] || fail "a missing --agents file exited $rc, expected 1: $(cat err)"
grep -q "no-such-agents.csv" err || fail "a missing --agents file: message does not name it: $(cat err)"
[ ! -e o ] && [ ! -e p.db ] || fail "a missing --agents file created outputs or a database"

# --- Windows device names ------------------------------------------------------------------
mkdir dev
cp "$FX/plan.ini" "$FX/forecast.csv" dev/
sed -e 's/^a0,/con,/' -e 's/^a1,/LPT1.x,/' -e 's/^a2,/nul.,/' "$FX/agents.csv" >dev/agents.csv
grep -v '^a[012],' "$FX/availability.csv" >dev/availability.csv
for week in 1 2; do
	run plan dev --out d$week --db d.db --time-limit 5
	[ "$rc" -eq 0 ] || fail "plan with agents con, LPT1.x, nul. exited $rc: $(cat err)"
	ls d$week/ics >names$week
	if grep -iqE '^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)|\.\.ics$' names$week; then
		fail "a calendar file is a Windows device name: $(grep -iE '^(con|lpt1|nul)' names$week)"
	fi
	grep -h '^UID:' d$week/ics/con-*.ics | sort >uids$week
done
ls d1/ics/con-*.ics >/dev/null 2>&1 || fail "no calendar for agent con: $(cat names1)"
ls d1/ics/LPT1_x-*.ics >/dev/null 2>&1 || fail "no calendar for agent LPT1.x: $(cat names1)"
cmp -s names1 names2 || fail "the calendar file names changed between plans: $(diff names1 names2)"
[ -s uids1 ] && cmp -s uids1 uids2 || fail "the UIDs of agent con changed between plans"

echo "t0930: ok"
