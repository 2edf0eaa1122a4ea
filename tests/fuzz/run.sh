#!/bin/sh
# run.sh - runs every fuzz harness for SECONDS seconds over its corpus
#
# The committed seeds (tests/fuzz/corpus/NAME) are read; what the fuzzer
# finds goes to build-fuzz/corpus/NAME, so a run never changes the tree.
# A crash, a sanitizer report, a leak or a hang (-timeout) fails the run;
# the input that did it is left in build-fuzz/ (crash-*, timeout-*).
set -u
SECONDS_EACH=${1:-60}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/build-fuzz
status=0
for bin in "$OUT"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=${bin##*/fuzz_}
	seeds=$ROOT/tests/fuzz/corpus/$name
	work=$OUT/corpus/$name
	mkdir -p "$work"
	echo "fuzz $name: $SECONDS_EACH s"
	if ! (cd "$OUT" && "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 "$work" "$seeds" >"$OUT/fuzz_$name.log" 2>&1); then
		echo "fuzz $name: FAILED, see $OUT/fuzz_$name.log"
		tail -n 30 "$OUT/fuzz_$name.log"
		status=1
	else
		grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$OUT/fuzz_$name.log" |
			sed "s/^/fuzz $name: /"
	fi
done
exit $status
