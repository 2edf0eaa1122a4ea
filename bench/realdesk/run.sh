#!/bin/sh
# bench/realdesk/run.sh - `staffplan plan` on desks built from real demand
# (../shared/realdata): the PACU week of pymwts (a hospital unit,
# half-hourly) with staff to spare and short of it, and the Curtois retail
# weeks (15-minute cover per task); writes bench/REALDESKS.md
#
#   make bench-real
#   SEEDS="1 2 3" TIME_LIMIT=29 sh bench/realdesk/run.sh
#
# Environment:
#   REALDATA    the realdata directory (default: ../shared/realdata beside
#               the repository)
#   STAFFPLAN   binary (default build/staffplan)
#   TIME_LIMIT  --time-limit per run in seconds (default 29)
#   SEEDS       --seed of each PACU run (default "101 102 103"); the retail
#               desks run once each, with the first
#   RESULTS     report to write (default bench/REALDESKS.md)
#
# Each desk is built by bench/realdesk/pacu.py or retail.py (their headers
# say how the demand becomes a requirement); runs use --gap 0, so a run
# stops early only when its roster is proven optimal, and every roster goes
# through tools/checkroster.py.  Outputs are kept in bench/out/realdesk/
# (not tracked by git).
set -eu

cd "$(dirname "$0")/../.."

STAFFPLAN=${STAFFPLAN:-build/staffplan}
TIME_LIMIT=${TIME_LIMIT:-29}
SEEDS=${SEEDS:-101 102 103}
RESULTS=${RESULTS:-bench/REALDESKS.md}
DATA=${REALDATA:-../shared/realdata}
OUT=bench/out/realdesk
PY=/usr/bin/python3
PACU=$DATA/tour-pymwts-pacu/d02_pacu_1week.dmd
RETAIL=$DATA/retail-schedulingbenchmarks

for arg in "$@"; do
	case $arg in
	-h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench/realdesk/run.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
	esac
done
if [ ! -f "$PACU" ] || [ ! -f "$RETAIL/1_7_10_1.txt" ]; then
	echo "bench/realdesk/run.sh: no $PACU or $RETAIL/1_7_10_1.txt (set REALDATA)" >&2
	exit 1
fi
if [ ! -x "$STAFFPLAN" ]; then
	echo "bench/realdesk/run.sh: '$STAFFPLAN' not found (run make first)" >&2
	exit 1
fi

rm -rf "$OUT"
mkdir -p "$OUT"
# the desks: PACU's name:nurses:penalty, and every retail week
for spec in covered-60:60:120 short-44:44:120 short-36:36:500; do
	name=${spec%%:*}
	rest=${spec#*:}
	$PY bench/realdesk/pacu.py "$PACU" "$OUT/pacu-$name" "${rest%%:*}" "${rest#*:}"
done
for f in "$RETAIL"/*_7_*.txt; do
	$PY bench/realdesk/retail.py "$f" "$OUT/retail-$(basename "$f" .txt)"
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
started=$(date -u '+%Y-%m-%d %H:%M UTC')
CSV=$OUT/results.csv
echo "desk,agents,seed,objective,lower_bound,gap,short_h,shifts,solve_s,exit,checker" > "$CSV"
first=${SEEDS%% *}
for desk in $(cd "$OUT" && ls -d pacu-* retail-*); do
	case $desk in pacu-*) seeds=$SEEDS ;; *) seeds=$first ;; esac
	agents=$(($(grep -vc '^#' "$OUT/$desk/agents.csv") - 1))
	for seed in $seeds; do
		o=$OUT/$desk-$seed
		rc=0
		"$STAFFPLAN" plan "$OUT/$desk" --out "$o" --db "$o.db" --time-limit "$TIME_LIMIT" --gap 0 \
			--seed "$seed" > "$o.log" 2>&1 || rc=$?
		chk=ok
		$PY tools/checkroster.py --quiet "$OUT/$desk" "$o" > "$o.check" 2>&1 || chk=fail
		$PY - "$o/kpis.json" "$desk,$agents,$seed" "$rc,$chk" >> "$CSV" <<'EOF'
import json, sys
try:
    k = json.load(open(sys.argv[1]))
except OSError:
    print('%s,,,,,,,%s' % (sys.argv[2], sys.argv[3]))
    sys.exit(0)
shifts = sum(1 for _ in open(sys.argv[1].replace('kpis.json', 'roster.csv'))) - 1
print('%s,%.2f,%.2f,%.4f,%.2f,%d,%.1f,%s' % (sys.argv[2], k['objective'], k['lower_bound'], k['gap'],
      k['understaffing_agent_hours'], shifts, k['solve_seconds'], sys.argv[3]))
EOF
	done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || echo "?")
$PY - "$CSV" "$RESULTS" "$started" "$cpu" "$load_before" "$load_after" "$TIME_LIMIT" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
out = open(sys.argv[2], 'w')
out.write('''# Desks from real demand

`make bench-real` (`bench/realdesk/run.sh`), on two sources of
`../shared/realdata` that no generator of ours made:

- **pacu-***: a real hospital week (post-anaesthesia care unit, staff
  required per half-hour, 1 600 staff-hours, peaks of 35 at midday, 2-3 at
  night; pymwts) as one queue whose requirement is the file's count exactly
  (`bench/realdesk/pacu.py`). Nurses work 8 or 10 hours, 40 h and 5 days a
  week at most, 20 an hour. *covered-60* has staff to spare and the tour
  model's understaffing price (6 times the labour of the period: 120 an
  hour); *short-44* has 1 760 hours for a week that needs more where its
  peaks fall; *short-36* has 1 440 hours against 1 600 and the default
  penalty of 500. One queue and identical agents: the whole problem is
  where the shifts lie.
- **retail-***: the ten smallest Curtois retail weeks
  (schedulingbenchmarks.org; 10-20 staff, 1-3 tasks, staff required per
  15 minutes and task, each person's least and most minutes of the week)
  as a queue per task (`bench/realdesk/retail.py`: shifts of 6-10 hours, at
  most 6 days, 20 an hour). Their minimum hours add up to more than the
  cover needs, so the bound is mostly those wages.

What the runs say, and the tour model's published optimum as a cross-check,
is in `bench/NOTES-scarce.md` ("Desks from real demand").

Run: %s, `--time-limit %s --gap 0`, %s; load average %s before, %s after.

| desk | agents | seed | objective | lower bound | gap | short agent-h | shifts | solve s | exit | `checkroster.py` |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
''' % (sys.argv[3], sys.argv[7], sys.argv[4], sys.argv[5], sys.argv[6]))
for r in rows:
    gap = '%.2f %%' % (100 * float(r['gap'])) if r['gap'] else '-'
    out.write('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' % (
        r['desk'], r['agents'], r['seed'], r['objective'], r['lower_bound'], gap,
        r['short_h'], r['shifts'], r['solve_s'], r['exit'], r['checker']))
EOF
echo "bench/realdesk/run.sh: wrote $RESULTS"
