#!/bin/sh
# t0920-stop.sh - every phase of a big plan stops on SIGTERM and at the time limit
#
# data/example with 50 000 agents (the most a plan takes; generated here,
# about 3.5 MB) after a small plan stored a run and wrote o/:
#  - SIGTERM 1 s in (reading, grouping or building) ends it within 3 s
#    (~1 s on an idle machine): exit 4, a message naming SIGTERM and the
#    phase, the database and o/ byte for byte as they were, no temporary
#    file left;
#  - SIGTERM once the calendars are being written (their NAME.tmp.PID files
#    appear) abandons the writing the same way: no run stored, old outputs
#    in place, every temporary file removed;
#  - --time-limit 0.5 on six weeks of it at 30 minutes (building alone takes
#    1.8 s here; at a limit of 2 s a build 10 % faster finished its
#    starting roster in time and went on to write 880 000 shifts) exits 4
#    with "the time limit of 0.5 s ran out while ...", within a few seconds
#    of the limit, changing nothing.
# Every run is bounded by timeout(1): a stop that does not work fails the
# test instead of hanging it.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

EX=$SP_ROOT/data/example

# big DIR WEEKS MINUTES: data/example's inputs with 50 000 agents (its own
# 100, whose availability rows stay valid, and generated ones without
# min_hours), the forecast repeated over WEEKS weeks at MINUTES per interval
big() {
	mkdir -p "$1"
	$PY - "$EX" "$@" <<'PYEOF'
import csv, datetime, random, sys
ex, out, weeks, minutes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def rows(name):
    return list(csv.reader(l for l in open("%s/%s" % (ex, name), newline="") if not l.startswith("#")))
ini = open(ex + "/plan.ini").read().replace("interval_minutes = 60", "interval_minutes = %d" % minutes)
open(out + "/plan.ini", "w").write(ini)
open(out + "/availability.csv", "w").write(open(ex + "/availability.csv").read())
fc = rows("forecast.csv")
with open(out + "/forecast.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(fc[0])
    for wk in range(weeks):
        for r in fc[1:]:
            t = datetime.datetime.fromisoformat(r[0][:16]) + datetime.timedelta(days=7 * wk)
            for k in range(60 // minutes):
                s = t + datetime.timedelta(minutes=k * minutes)
                w.writerow([s.strftime("%Y-%m-%dT%H:%M"), r[1], r[2], "%g" % (float(r[3]) * minutes / 60), r[4]])
ag = rows("agents.csv")
random.seed(20261206)
with open(out + "/agents.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(ag[0])
    w.writerows(ag[1:])
    for i in range(50000 - len(ag) + 1):
        r = list(random.choice(ag[1:]))
        r[0], r[4], r[6] = "G%05d" % i, "g%05d@load.example" % i, "0"
        w.writerow(r)
PYEOF
}

# snapshot: one line per file of p.db and o/ with its checksum
snapshot() {
	find p.db o -type f | LC_ALL=C sort | xargs cksum
}

# stop LABEL WHEN ARGS...: runs the binary on ARGS with SIGTERM sent WHEN
# ("1": after a second; "write": once a calendar's temporary file exists);
# writes LABEL.rc, LABEL.err and LABEL.after (seconds from the signal to
# the exit); fails when it outlives the signal by 30 s (then killed)
stop() {
	$PY - "$SP_BIN" "$@" <<'PYEOF'
import glob, signal, subprocess, sys, time
binary, label, when, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
p = subprocess.Popen([binary] + args, stdout=subprocess.DEVNULL, stderr=open(label + ".err", "w"),
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
t0 = time.time()
while p.poll() is None and time.time() - t0 < 120:
    if when != "write" and time.time() - t0 >= float(when):
        break
    if when == "write" and glob.glob("o/ics/*.tmp.%d" % p.pid):
        break
    time.sleep(0.02)
if p.poll() is not None:
    print("%s: exited %d before the signal: %s" % (label, p.returncode, open(label + ".err").read()))
    sys.exit(1)
p.send_signal(signal.SIGTERM)
t1 = time.time()
try:
    rc = p.wait(timeout=30)
except subprocess.TimeoutExpired:
    p.kill()
    p.wait()
    print("%s: still running 30 s after SIGTERM (killed)" % label)
    sys.exit(1)
open(label + ".rc", "w").write("%d\n" % rc)
open(label + ".after", "w").write("%.2f\n" % (time.time() - t1))
PYEOF
}

# within SECONDS FILE: the float in FILE is at most SECONDS
within() {
	$PY -c 'import sys; sys.exit(not float(open(sys.argv[2]).read()) <= float(sys.argv[1]))' "$1" "$2"
}

# unchanged WHAT: p.db and o/ as snapshot before left them, no temp file
unchanged() {
	snapshot >now
	cmp -s before now || fail "$1: the database or o/ changed: $(diff before now | head -5)"
	left=$(find . -name '*.tmp.*' | head -n 3)
	[ -z "$left" ] || fail "$1: temporary files left: $left"
}

big w1 1 60
sp plan "$FX" --out o --db p.db --time-limit 5
[ "$rc" -eq 0 ] || fail "the first plan exited $rc: $(cat err)"
snapshot >before

# --- SIGTERM while reading or building ----------------------------------------------
stop early 1 plan w1 --out o --db p.db --time-limit 60 || fail "plan did not stop on SIGTERM"
[ "$(cat early.rc)" -eq 4 ] || fail "SIGTERM after 1 s: exit $(cat early.rc), expected 4: $(cat early.err)"
within 3 early.after || fail "SIGTERM after 1 s: stopped $(cat early.after) s after the signal, expected ~1"
grep -q "SIGTERM (or a second Ctrl-C) while .*: stopped, nothing stored or written" early.err ||
	fail "SIGTERM after 1 s: message: $(cat early.err)"
unchanged "SIGTERM after 1 s"

# --- SIGTERM while writing -------------------------------------------------------------
stop late write plan w1 --out o --db p.db --time-limit 3 || fail "plan did not stop on SIGTERM while writing"
[ "$(cat late.rc)" -eq 4 ] || fail "SIGTERM while writing: exit $(cat late.rc), expected 4: $(cat late.err)"
within 10 late.after || fail "SIGTERM while writing: stopped $(cat late.after) s after the signal"
grep -q "while writing '.*': stopped, nothing stored or written" late.err ||
	fail "SIGTERM while writing: message: $(cat late.err)"
unchanged "SIGTERM while writing"

# --- the time limit bounds building -----------------------------------------------------
big w6 6 30
start=$($PY -c 'import time; print(time.time())')
rc=0
timeout 60 "$SP_BIN" plan w6 --out o --db p.db --time-limit 0.5 >out.txt 2>err || rc=$?
took=$($PY -c "import time; print('%.1f' % (time.time() - $start))")
[ "$rc" -ne 124 ] || fail "--time-limit 0.5 still running after 60 s"
[ "$rc" -eq 4 ] || fail "--time-limit 0.5 on 50 000 agents x 6 weeks: exit $rc, expected 4: $(cat err)"
grep -q "the time limit of 0.5 s ran out while .*, before any roster: nothing stored or written" err ||
	fail "--time-limit 0.5: message: $(cat err)"
$PY -c "import sys; sys.exit(not $took <= 12)" || fail "--time-limit 0.5 took $took s"
unchanged "--time-limit 0.5"

echo "t0920: ok"
