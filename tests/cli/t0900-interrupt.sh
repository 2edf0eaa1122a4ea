#!/bin/sh
# t0900-interrupt.sh - Ctrl-C during a long solve stops cleanly
#
# plan tests/fixtures/cli/medium (60 agents, 6 languages, a week) with
# --time-limit 120 gets SIGINT after 2 seconds.  It must stop well before the
# limit (within 30 s of the signal) and stop cleanly: either exit 0 with the
# best roster found (kpis.json status time_limit, optimal or feasible), every
# output written and exactly one run stored whose status matches kpis.json,
# or exit 4 (no roster yet) with no output folder and no run stored.  Either
# way no *.tmp.* file is left.  The same through `schedule` on a database:
# the run is committed whole or not at all, the inputs are untouched.
# SP_SLOW=1 adds the bundled data/example week (100 agents).
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

INST=$SP_ROOT/tests/fixtures/cli/medium
[ -f "$INST/plan.ini" ] || fail "fixture $INST missing"

# interrupt LABEL DELAY ARGS...: runs the binary with SIGINT at its default
# disposition (a shell's background job would have it ignored), sends SIGINT
# after DELAY seconds, and fails when it does not exit within 30 s of that.
interrupt() {
	$PY - "$SP_BIN" "$@" <<'PYEOF'
import signal, subprocess, sys, time
binary, label, delay, args = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
def reset():
    signal.signal(signal.SIGINT, signal.SIG_DFL)
t0 = time.time()
p = subprocess.Popen([binary] + args, stdout=open(label + ".out", "w"),
                     stderr=open(label + ".err", "w"), preexec_fn=reset)
try:
    rc = p.wait(timeout=delay)
    print("%s: finished in %.1f s, before the interrupt: the instance is too small to"
          " test Ctrl-C, use a bigger one" % (label, time.time() - t0))
    sys.exit(1)
except subprocess.TimeoutExpired:
    p.send_signal(signal.SIGINT)
    t1 = time.time()
    try:
        rc = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        print("%s: still running 30 s after SIGINT (killed)" % label)
        sys.exit(1)
    print("%s: stopped %.1f s after SIGINT" % (label, time.time() - t1))
open(label + ".rc", "w").write("%d\n" % rc)
PYEOF
}

# --- plan -----------------------------------------------------------------
interrupt plan 2 plan "$INST" --out out --db plan.db --time-limit 120 || fail "plan did not stop on SIGINT"
rc=$(cat plan.rc)
leftover=$(find . -name '*.tmp.*' | head -n 1)
[ -z "$leftover" ] || fail "temporary file left behind: $leftover"
case $rc in
0)
	for f in requirements.csv roster.csv coverage.csv kpis.json report.html ics/team.ics; do
		[ -s "out/$f" ] || fail "interrupted plan did not write out/$f"
	done
	status=$($PY -c 'import json; print(json.load(open("out/kpis.json"))["status"])')
	case $status in
	time_limit | feasible | optimal) ;;
	*) fail "kpis.json status '$status'" ;;
	esac
	[ "$(sqlite3 plan.db 'SELECT count(*) FROM runs')" = 1 ] || fail "the interrupted plan did not store one run"
	[ "$(sqlite3 plan.db 'SELECT status FROM runs')" = "$status" ] || fail "stored status differs from kpis.json"
	n=$(sqlite3 plan.db 'SELECT count(*) FROM run_shifts')
	r=$($PY -c 'import csv; print(sum(1 for _ in csv.DictReader(open("out/roster.csv", newline=""))))')
	[ "$n" = "$r" ] || fail "stored run has $n shifts, roster.csv $r"
	sqlite3 plan.db 'PRAGMA integrity_check' | grep -q '^ok$' || fail "database integrity check failed"
	;;
4)
	[ ! -e out ] || fail "plan exited 4 after SIGINT but created the output folder"
	if [ -e plan.db ]; then
		[ "$(sqlite3 plan.db 'SELECT count(*) FROM runs')" = 0 ] || fail "plan exited 4 but stored a run"
	fi
	;;
*)
	fail "interrupted plan exited $rc, expected 0 (best roster) or 4 (none yet): $(cat plan.err)"
	;;
esac

# --- schedule on a database -----------------------------------------------------
for kind in config forecast agents availability; do
	case $kind in config) f=plan.ini ;; *) f=$kind.csv ;; esac
	rc=0
	$SP_BIN import $kind "$INST/$f" --db sched.db >/dev/null 2>err || rc=$?
	[ "$rc" -eq 0 ] || fail "import $kind exited $rc: $(cat err)"
done
before=$(sqlite3 sched.db "SELECT count(*) FROM inputs")
interrupt schedule 2 schedule --db sched.db --time-limit 120 || fail "schedule did not stop on SIGINT"
rc=$(cat schedule.rc)
[ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] || fail "interrupted schedule exited $rc: $(cat schedule.err)"
runs=$(sqlite3 sched.db 'SELECT count(*) FROM runs')
if [ "$rc" -eq 0 ]; then
	[ "$runs" = 1 ] || fail "interrupted schedule stored $runs runs, expected 1"
	s=$(sqlite3 sched.db 'SELECT count(*) FROM run_shifts')
	[ "$s" -gt 0 ] || fail "the stored run has no shift"
	rc=0
	$SP_BIN roster --db sched.db >roster.csv 2>err || rc=$?
	[ "$rc" -eq 0 ] || fail "roster after an interrupted schedule exited $rc"
else
	[ "$runs" = 0 ] || fail "schedule exited 4 but stored a run"
fi
[ "$(sqlite3 sched.db 'SELECT count(*) FROM inputs')" = "$before" ] || fail "the interrupted schedule changed the inputs"

# --- optional: the bundled example week ------------------------------------------
if [ -n "${SP_SLOW:-}" ]; then
	EX=$SP_ROOT/data/example
	interrupt example 3 plan "$EX" --out ex --db ex.db --time-limit 300 || fail "plan data/example did not stop on SIGINT"
	rc=$(cat example.rc)
	case $rc in
	0) [ -s ex/kpis.json ] || fail "interrupted plan of data/example wrote no kpis.json" ;;
	4) [ ! -e ex ] || fail "plan of data/example exited 4 but created the output folder" ;;
	*) fail "interrupted plan of data/example exited $rc: $(cat example.err)" ;;
	esac
	leftover=$(find . -name '*.tmp.*' | head -n 1)
	[ -z "$leftover" ] || fail "temporary file left behind: $leftover"
fi

echo "t0900: ok"
