#!/bin/sh
# t0100-help.sh - --help, help CMD, --version and unknown commands
#
# Every subcommand prints its usage on --help / -h / `help CMD` with exit 0;
# --version prints "staffplan X.Y.Z"; an unknown command or `help` of an
# unknown command exits 2 and says so on stderr.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

commands="plan requirements init import schedule roster export report scenario design feeds serve"

for cmd in $commands; do
	for how in "$cmd --help" "$cmd -h" "help $cmd"; do
		rc=0
		# shellcheck disable=SC2086
		$SP_BIN $how >out 2>err || rc=$?
		[ "$rc" -eq 0 ] || fail "'staffplan $how' exited $rc, expected 0: $(cat err)"
		grep -qi 'usage' out || fail "'staffplan $how' printed no usage on stdout"
		grep -q "$cmd" out || fail "'staffplan $how' usage does not name '$cmd'"
	done
done

# The command list names every command.
rc=0
$SP_BIN help >out 2>err || rc=$?
[ "$rc" -eq 0 ] || fail "'staffplan help' exited $rc"
for cmd in $commands; do
	grep -Eq "^[[:space:]]+$cmd([[:space:]]|\$)" out || fail "'staffplan help' does not list '$cmd'"
done
rc=0
$SP_BIN --help >out 2>err || rc=$?
[ "$rc" -eq 0 ] || fail "'staffplan --help' exited $rc"

# Help does not touch the working directory (no database created).
[ ! -e staffplan.db ] || fail "--help created staffplan.db"

rc=0
$SP_BIN --version >out 2>err || rc=$?
[ "$rc" -eq 0 ] || fail "'staffplan --version' exited $rc"
grep -Eq '^staffplan [0-9]+\.[0-9]+\.[0-9]+' out || fail "--version printed '$(cat out)'"

rc=0
$SP_BIN no-such-command >out 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "unknown command exited $rc, expected 2"
grep -q "no-such-command" err || fail "unknown command: stderr does not name it: $(cat err)"
[ ! -s out ] || fail "unknown command wrote to stdout"

rc=0
$SP_BIN help no-such-command >out 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "'help no-such-command' exited $rc, expected 2"

rc=0
$SP_BIN >out 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "no command exited $rc, expected 2"

# A bad option of a command is a usage error.
rc=0
$SP_BIN requirements --no-such-option >out 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "'requirements --no-such-option' exited $rc, expected 2"

echo "t0100: ok"
