# lib.sh - the start every tests/cli/t*.sh shares; sourced right after set -eu:
#   . "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"
# Checks the environment run.sh gives (SP_BIN, SP_ROOT) and defines fail,
# the small fixture (FX, checked to exist) and Debian's python (PY:
# python3-icalendar and the other Debian modules load there, not in
# whatever python3 is first on PATH), and two helpers: sp (run staffplan
# into ./out and ./err, status in rc) and import_inputs (a folder's inputs).
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
