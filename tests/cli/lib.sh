# lib.sh - the start every tests/cli/t*.sh shares; sourced right after set -eu:
#   . "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"
# Checks the environment run.sh gives (SP_BIN, SP_ROOT) and defines fail,
# the small fixture (FX, checked to exist) and Debian's python (PY:
# python3-icalendar and the other Debian modules load there, not in
# whatever python3 is first on PATH), and three helpers: sp (run staffplan
# into ./out and ./err, status in rc), import_inputs (a folder's inputs) and
# fixture_days (the fixture's day as a forecast of several days).
: "${SP_BIN:?SP_BIN must name the staffplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository root}"

fail() { echo "FAIL: $*" >&2; exit 1; }
FX=$SP_ROOT/tests/fixtures/cli/small
[ -f "$FX/plan.ini" ] || fail "fixture $FX missing"
PY=/usr/bin/python3

# sp ARGS...: runs staffplan with stdout in ./out, stderr in ./err, the
# exit status in rc
sp() {
	rc=0
	"$SP_BIN" "$@" >out 2>err || rc=$?
}

# import_inputs DIR [ARGS...]: imports plan.ini, forecast.csv, agents.csv
# and availability.csv of DIR (ARGS e.g. --db F), or fails
import_inputs() {
	dir=$1
	shift
	for kind in config forecast agents availability; do
		case $kind in config) f=plan.ini ;; *) f=$kind.csv ;; esac
		sp import $kind "$dir/$f" "$@"
		[ "$rc" -eq 0 ] || fail "import $kind exited $rc: $(cat err)"
	done
}

# fixture_days OUT FIRST NDAYS: a forecast of the small fixture's first day
# (2027-03-22) repeated for NDAYS days from FIRST (YYYY-MM-DD), into OUT
fixture_days() {
	$PY - "$FX/forecast.csv" "$@" <<'PYEOF'
import csv, datetime as dt, sys
src, out, first, ndays = sys.argv[1], sys.argv[2], dt.date.fromisoformat(sys.argv[3]), int(sys.argv[4])
day0 = [r for r in csv.DictReader(open(src, newline="")) if r["start"].startswith("2027-03-22")]
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["start", "queue", "language", "volume"])
    for d in range(ndays):
        day = (first + dt.timedelta(days=d)).isoformat()
        for r in day0:
            w.writerow([day + r["start"][10:], r["queue"], r["language"], r["volume"]])
PYEOF
}
