#!/bin/sh
# bench/pacu/run.sh - `staffplan plan` on a real hospital demand week (the
# PACU week of pymwts, ../shared/realdata/tour-pymwts-pacu), with enough
# staff and short of it; writes bench/PACU.md
#
#   make bench-pacu
#   SEEDS="1 2 3" TIME_LIMIT=29 sh bench/pacu/run.sh
#
# Environment:
#   PACU_DATA   directory with d02_pacu_1week.dmd (default:
#               ../shared/realdata/tour-pymwts-pacu beside the repository)
#   STAFFPLAN   binary (default build/staffplan)
#   TIME_LIMIT  --time-limit per run in seconds (default 29)
#   SEEDS       --seed of each run (default "101 102 103")
#   RESULTS     report to write (default bench/PACU.md)
#
# Each desk is built by bench/pacu/make-desk.py (its header says how the
# demand becomes a requirement); runs use --gap 0, so a run stops early
# only when its roster is proven optimal.  Outputs are kept in
# bench/out/pacu/ (not tracked by git).
set -eu

cd "$(dirname "$0")/../.."

STAFFPLAN=${STAFFPLAN:-build/staffplan}
TIME_LIMIT=${TIME_LIMIT:-29}
SEEDS=${SEEDS:-101 102 103}
RESULTS=${RESULTS:-bench/PACU.md}
DATA=${PACU_DATA:-../shared/realdata/tour-pymwts-pacu}
OUT=bench/out/pacu
PY=/usr/bin/python3

for arg in "$@"; do
	case $arg in
	-h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench/pacu/run.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
	esac
done
if [ ! -f "$DATA/d02_pacu_1week.dmd" ]; then
	echo "bench/pacu/run.sh: no $DATA/d02_pacu_1week.dmd (set PACU_DATA)" >&2
	exit 1
fi
if [ ! -x "$STAFFPLAN" ]; then
	echo "bench/pacu/run.sh: '$STAFFPLAN' not found (run make first)" >&2
	exit 1
fi

# desk: name, agents, understaffing penalty per agent-hour
DESKS="covered-60:60:120 short-44:44:120 short-36:36:500"
rm -rf "$OUT"
mkdir -p "$OUT"
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
started=$(date -u '+%Y-%m-%d %H:%M UTC')
CSV=$OUT/results.csv
echo "desk,agents,penalty,seed,objective,lower_bound,gap,short_h,shifts,solve_s,exit,checker" > "$CSV"
for spec in $DESKS; do
	name=${spec%%:*}
	rest=${spec#*:}
	agents=${rest%%:*}
	pen=${rest#*:}
	$PY bench/pacu/make-desk.py "$DATA/d02_pacu_1week.dmd" "$OUT/$name" "$agents" "$pen"
	for seed in $SEEDS; do
		o=$OUT/$name-$seed
		rc=0
		"$STAFFPLAN" plan "$OUT/$name" --out "$o" --db "$o.db" --time-limit "$TIME_LIMIT" --gap 0 \
			--seed "$seed" > "$o.log" 2>&1 || rc=$?
		chk=ok
		$PY tools/checkroster.py --quiet "$OUT/$name" "$o" > "$o.check" 2>&1 || chk=fail
		$PY - "$o/kpis.json" "$name,$agents,$pen,$seed" "$rc,$chk" >> "$CSV" <<'EOF'
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
out.write('''# A real demand week: the PACU of pymwts

`make bench-pacu` (`bench/pacu/run.sh`). The demand is a real hospital week
(post-anaesthesia care unit, staff required per half-hour, 1 600 staff-hours,
peaks of 35 at midday, 2-3 at night; `../shared/realdata/tour-pymwts-pacu`),
turned into one queue whose requirement is the file's count exactly
(`bench/pacu/make-desk.py`). Nurses work 8 or 10 hours, 40 h and 5 days a week
at most, 20 an hour. *covered-60* has staff to spare and the tour model's
understaffing price (6 times the labour of the period: 120 an hour);
*short-44* has 1 760 hours for a week that needs more where its peaks fall;
*short-36* has 1 440 hours against 1 600 and the default penalty of 500.
One queue and identical agents: the whole problem is where the shifts lie.
What the runs say, and the tour model's published optimum as a cross-check,
is in `bench/NOTES-scarce.md` ("A real demand week").

Run: %s, `--time-limit %s --gap 0`, %s; load average %s before, %s after.

| desk | agents | penalty | seed | objective | lower bound | gap | short agent-h | shifts | solve s | exit | `checkroster.py` |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
''' % (sys.argv[3], sys.argv[7], sys.argv[4], sys.argv[5], sys.argv[6]))
for r in rows:
    gap = '%.2f %%' % (100 * float(r['gap'])) if r['gap'] else '-'
    out.write('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' % (
        r['desk'], r['agents'], r['penalty'], r['seed'], r['objective'], r['lower_bound'], gap,
        r['short_h'], r['shifts'], r['solve_s'], r['exit'], r['checker']))
EOF
echo "bench/pacu/run.sh: wrote $RESULTS"
