#!/bin/sh
# run.sh - make bench-forecast: forecast accuracy on the real series and the
# speed of auto on 60 series (results: bench/FORECAST.md)
#
# 1. convert.py turns the three real series of /work/shared/realdata (or
#    $REALDATA) into history files at a 30-minute plan interval;
# 2. build/bench-forecast scores every method and auto on one-week windows
#    over each whole series, at a one-week lead (bench_forecast.c);
# 3. `staffplan forecast` runs on each file as a planner would, with its
#    own 8-week backtest (the accuracy files show auto's choices);
# 4. synth.py writes a year of 15-minute history for 60 series; `staffplan
#    forecast` runs it with week-average, then auto with its backtest,
#    in the same run, and reports CPU and wall time of each.
# Markdown goes to stdout and to $OUT (default bench/forecast/last-run.md).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$root/build/staffplan
bench=$root/build/bench-forecast
real=${REALDATA:-/work/shared/realdata}
out=${OUT:-$root/bench/forecast/last-run.md}
py=/usr/bin/python3
work=$(mktemp -d "${TMPDIR:-/tmp}/sp-bench-forecast.XXXXXX")
trap 'rm -rf "$work"' EXIT

{
echo "# make bench-forecast, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) processors, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start."
echo
$py "$root/bench/forecast/convert.py" "$real" "$work"
$bench "$work/bank1999.csv" "$work/plan.ini" 56 "Anonymous Bank 1999 (6-minute counts summed to 30 minutes)"
echo
$bench "$work/bank2003.csv" "$work/plan.ini" 56 "US bank 2003 weekdays (5-minute counts summed to 30 minutes)"
echo
$bench "$work/aug1999.csv" "$work/plan.ini" 14 "Anonymous Bank August 1999 (contact records counted per 30 minutes)"
echo
echo "## staffplan forecast on each file (its own 8-week backtest; the method used has chosen = 1)"
for f in bank1999 bank2003 aug1999; do
	echo
	echo "### $f"
	echo
	"$bin" forecast "$work/$f.csv" --config "$work/plan.ini" --accuracy "$work/$f-acc.csv" \
		--out "$work/$f-fc.csv" 2>"$work/$f.err" || { cat "$work/$f.err"; exit 1; }
	sed 's/^staffplan: //' "$work/$f.err" | grep -v '^staffplan forecast: note'
	echo
	echo '```'
	cat "$work/$f-acc.csv"
	echo '```'
done
echo
echo "## Speed: one year of 15-minute history, 60 series (20 languages x 3 queues)"
echo
$py "$root/bench/forecast/synth.py" "$work/synth.csv"
printf '[site]\ntimezone = Europe/London\ninterval_minutes = 15\n[queue.security]\n' >"$work/synth.ini"
echo "$(wc -l <"$work/synth.csv") lines, $(du -m "$work/synth.csv" | cut -f1) MB; load average $(cut -d' ' -f1-3 /proc/loadavg) before the runs."
echo
echo "| run | wall s | user s | sys s |"
echo "|---|---:|---:|---:|"
for m in week-average auto; do
	/usr/bin/time -f "%e %U %S" -o "$work/time" "$bin" forecast "$work/synth.csv" \
		--config "$work/synth.ini" --method "$m" --accuracy "$work/acc-$m.csv" --out "$work/fc-$m.csv" \
		2>"$work/$m.err" || { cat "$work/$m.err"; exit 1; }
	read -r wall user sys <"$work/time"
	echo "| --method $m --accuracy | $wall | $user | $sys |"
done
echo
sed 's/^staffplan: //' "$work/auto.err"
} | tee "$out"
