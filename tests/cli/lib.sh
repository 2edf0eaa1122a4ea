# lib.sh - the start every tests/cli/t*.sh shares; sourced right after set -eu:
#   . "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"
# Checks the environment run.sh gives (SP_BIN, SP_ROOT) and defines fail,
# the small fixture (FX, checked to exist) and Debian's python (PY:
# python3-icalendar and the other Debian modules load there, not in
# whatever python3 is first on PATH).
: "${SP_BIN:?SP_BIN must name the staffplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository root}"

fail() { echo "FAIL: $*" >&2; exit 1; }
FX=$SP_ROOT/tests/fixtures/cli/small
[ -f "$FX/plan.ini" ] || fail "fixture $FX missing"
PY=/usr/bin/python3
