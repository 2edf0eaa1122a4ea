#!/bin/sh
# t0130-options.sh - one mistake, one message, in every command
#
# The solve options (--time-limit, --gap, --solver) of plan, schedule and
# scenario run, and design's --time-limit, refuse the same bad values with
# exit 2 and the same message; an unknown option, a missing value and a
# stray argument read alike in every command (feeds and serve too).  A refused command line
# creates no database and no output folder, and changes no stored run.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

import_inputs "$FX" --db s.db
before=$(sqlite3 s.db .dump | cksum)

# refused LABEL EXPECTED CMD...: exit 2 and, between "staffplan NAME: " and
# " (see 'staffplan help NAME')", exactly EXPECTED
refused() {
	label=$1
	want=$2
	shift 2
	sp "$@"
	[ "$rc" -eq 2 ] || fail "$label: exited $rc, expected 2: $(cat err)"
	[ ! -s out ] || fail "$label: printed on stdout: $(cat out)"
	got=$(sed -n "s/^staffplan [a-z]*: \(.*\) (see 'staffplan help [a-z]*')\$/\1/p" err)
	[ "$got" = "$want" ] || fail "$label: message '$(cat err)', expected '$want'"
}

solvers="plan|$FX|--out|o|--db|new.db schedule|--db|s.db scenario|run|base|--db|s.db"
for c in $solvers; do
	# shellcheck disable=SC2086
	set -- $(echo "$c" | tr '|' ' ')
	name="$*"
	refused "$name --gap ''" "--gap '': expected a number >= 0" "$@" --gap ''
	refused "$name --gap -1" "--gap '-1': expected a number >= 0" "$@" --gap -1
	refused "$name --gap 1%" "--gap '1%': expected a number >= 0" "$@" --gap 1%
	refused "$name --time-limit 0" "--time-limit '0': expected seconds > 0" "$@" --time-limit 0
	refused "$name --time-limit ''" "--time-limit '': expected seconds > 0" "$@" --time-limit ''
	refused "$name --time-limit nan" "--time-limit 'nan': expected seconds > 0" "$@" --time-limit nan
	refused "$name --time-limit 5m" "--time-limit '5m': expected seconds > 0" "$@" --time-limit 5m
	refused "$name --solver highs" "--solver 'highs': expected glpk or cbc" "$@" --solver highs
	refused "$name --time-limit" "option '--time-limit' needs a value" "$@" --time-limit
	refused "$name --frobnicate" "unknown option '--frobnicate'" "$@" --frobnicate
done
refused "design --time-limit 0" "--time-limit '0': expected seconds > 0" design --time-limit 0
refused "plan --baseline 0" "--baseline '0': expected a run id (a positive integer)" plan "$FX" --baseline 0 --db new.db
refused "schedule --baseline x" "--baseline 'x': expected a run id (a positive integer)" schedule --baseline x --db s.db
refused "scenario run --candidates 0" "--candidates '0': expected a whole number from 1 to 1000" \
	scenario run base --recommend-hires --candidates 0 --db s.db
refused "plan with two folders" "unexpected argument 'extra'" plan "$FX" extra --db new.db
refused "schedule with an argument" "unexpected argument 'extra'" schedule extra --db s.db
refused "scenario run without NAME" "expected one scenario NAME" scenario run --db s.db
refused "serve --threads 0" "--threads '0': expected a whole number from 1 to 64" serve --threads 0 --db new.db
refused "serve --timeout 5m" "--timeout '5m': expected a whole number from 1 to 3600" serve --timeout 5m --db new.db
refused "serve with an argument" "unexpected argument 'extra'" serve extra --db new.db
refused "feeds without an action" "expected issue, revoke or list" feeds
refused "feeds with an option first" "unknown subcommand '--all', expected issue, revoke or list" feeds --all issue --db new.db
refused "feeds revoke --all" "unknown option '--all'" feeds revoke --all --db new.db
refused "feeds list with an agent" "unexpected argument 'A1'" feeds list A1 --db new.db
refused "feeds issue without agents" "issue: give agent ids, --all or --team NAME (one of them)" feeds issue --db s.db
refused "feeds issue two ways" "issue: give agent ids, --all or --team NAME (one of them)" feeds issue A1 --all --db s.db
refused "feeds revoke without agents" "revoke: give agent ids or --team NAME (one of them)" feeds revoke --db s.db
refused "feeds issue --team" "--team 'a b': use 1-64 letters, digits, '.', '_' or '-'" feeds issue --team 'a b' --db s.db
refused "feeds issue --base-url" "--base-url 'https:///x': expected http:// or https:// and a host, without spaces, quotes or a query" \
	feeds issue --all --base-url https:///x --db s.db

# the same unknown option in every command and subcommand
for c in plan requirements init "import config x" schedule roster "export ics" report \
	"scenario create x" "scenario run x" "scenario list" "scenario compare x" design \
	"feeds issue x" "feeds revoke x" "feeds list" serve; do
	# shellcheck disable=SC2086
	refused "$c --frobnicate" "unknown option '--frobnicate'" $c --frobnicate --db new.db
done

[ ! -e new.db ] || fail "a refused command line created the database"
[ ! -e o ] || fail "a refused command line created the output folder"
[ "$(sqlite3 s.db .dump | cksum)" = "$before" ] || fail "a refused command line changed the database"

# --help wins over a mistake, anywhere before --
rc=0
$SP_BIN plan --gap -1 --help >out 2>err || rc=$?
[ "$rc" -eq 0 ] && grep -q '^usage: staffplan plan' out || fail "plan --gap -1 --help: exit $rc, $(cat err)"
rc=0
$SP_BIN scenario run base --help >out 2>err || rc=$?
[ "$rc" -eq 0 ] && grep -q "options of 'scenario run'" out || fail "scenario run --help: exit $rc"
grep -q -- '--shifts F' out || fail "scenario run --help does not offer --shifts"

echo "t0130: ok"
