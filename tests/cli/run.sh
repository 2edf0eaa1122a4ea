#!/bin/sh
# run.sh - runs every tests/cli/t*.sh against a built staffplan binary
#
# usage: SP_BIN=/abs/path/staffplan [SP_ROOT=repo] sh tests/cli/run.sh [PATTERN]...
#
# Each script runs in a fresh temporary working directory (mktemp -d) with
# SP_BIN (absolute path of the binary) and SP_ROOT (repository root, default:
# two levels above this file) in its environment.  A PATTERN keeps only the
# scripts whose name contains it.  One line per script: "ok NAME" or
# "FAIL NAME" followed by the script's output; the LAST line is always
# "N passed, M failed" (CI parses it).  Exit status 0 when nothing failed.
# SP_KEEP=1 keeps every temporary directory (failed ones are always kept).
# SP_TEST_TIMEOUT (seconds, default 600) bounds one script when timeout(1)
# is available.

LC_ALL=C
export LC_ALL

here=$(cd "$(dirname "$0")" && pwd) || exit 1
if [ -z "${SP_ROOT:-}" ]; then
	SP_ROOT=$(cd "$here/../.." && pwd) || exit 1
fi
export SP_ROOT

passed=0
failed=0

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

if [ -z "${SP_BIN:-}" ]; then
	echo "run.sh: SP_BIN is not set (absolute path of the staffplan binary)" >&2
	failed=1
	finish
fi
case $SP_BIN in
/*) ;;
*) SP_BIN=$(cd "$(dirname "$SP_BIN")" && pwd)/$(basename "$SP_BIN") ;;
esac
if [ ! -x "$SP_BIN" ]; then
	echo "run.sh: SP_BIN '$SP_BIN' is not an executable file" >&2
	failed=1
	finish
fi
export SP_BIN

limit=${SP_TEST_TIMEOUT:-600}
if command -v timeout >/dev/null 2>&1; then
	with_timeout="timeout -s KILL $limit"
else
	with_timeout=
fi

wanted() {
	[ $# -eq 1 ] && return 0
	name=$1
	shift
	for pat in "$@"; do
		case $name in *"$pat"*) return 0 ;; esac
	done
	return 1
}

found=0
for script in "$here"/t*.sh; do
	[ -f "$script" ] || continue
	name=$(basename "$script" .sh)
	wanted "$name" "$@" || continue
	found=$((found + 1))
	work=$(mktemp -d "${TMPDIR:-/tmp}/sp-cli-$name.XXXXXX") || {
		echo "FAIL $name (cannot create a temporary directory)"
		failed=$((failed + 1))
		continue
	}
	start=$(date +%s)
	rc=0
	(cd "$work" && exec $with_timeout sh "$script") >"$work/.log" 2>&1 </dev/null || rc=$?
	secs=$(( $(date +%s) - start ))
	if [ "$rc" -eq 0 ]; then
		echo "ok   $name (${secs}s)"
		passed=$((passed + 1))
		[ -n "${SP_KEEP:-}" ] || rm -rf "$work"
	else
		echo "FAIL $name (exit $rc after ${secs}s; kept $work)"
		sed 's/^/    /' "$work/.log"
		failed=$((failed + 1))
	fi
done

if [ "$found" -eq 0 ]; then
	echo "run.sh: no test script matched in $here" >&2
	failed=$((failed + 1))
fi
finish
