#!/bin/sh
# bench/msd/run.sh - `staffplan design` on the DBAI minimum shift design
# benchmark (DataSet1-4, 263 instances); writes bench/MSD.md
#
#   make bench-msd                    # builds, then runs this script
#   SETS=DataSet1 sh bench/msd/run.sh # one data set
#
# Environment:
#   MSD_DATA    directory with DataSet1..4 and known_results.csv (default:
#               bench/msd-dbai, the copy in this repository)
#   SETS        data sets to run (default "DataSet1 DataSet2 DataSet3 DataSet4")
#   STAFFPLAN   binary (default build/staffplan)
#   TIME_LIMIT  --time-limit per instance in seconds (default 10)
#   RESULTS     report to write (default bench/MSD.md)
#
# Instances run one after the other (the solver is single-threaded).  Each
# run's JSON and stderr are kept in bench/out/msd/ (not tracked by git), the
# per-instance table in bench/out/msd/results.csv.  Wall time is measured
# around the whole process (parse, solve, output).
set -eu

cd "$(dirname "$0")/../.."

STAFFPLAN=${STAFFPLAN:-build/staffplan}
TIME_LIMIT=${TIME_LIMIT:-10}
SETS=${SETS:-DataSet1 DataSet2 DataSet3 DataSet4}
RESULTS=${RESULTS:-bench/MSD.md}
OUT=bench/out/msd
DATA=${MSD_DATA:-}

for arg in "$@"; do
	case $arg in
	-h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench/msd/run.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
	esac
done

if [ -z "$DATA" ]; then
	for d in bench/msd-dbai; do
		if [ -f "$d/known_results.csv" ]; then
			DATA=$d
			break
		fi
	done
fi
if [ -z "$DATA" ] || [ ! -f "$DATA/known_results.csv" ]; then
	echo "bench/msd/run.sh: no benchmark data (set MSD_DATA to the directory with" \
	     "DataSet1..4 and known_results.csv)" >&2
	exit 1
fi
if [ ! -x "$STAFFPLAN" ]; then
	echo "bench/msd/run.sh: '$STAFFPLAN' not found (run make first)" >&2
	exit 1
fi

mkdir -p "$OUT"
CSV=$OUT/results.csv
echo "dataset,instance,slot,known,objective,lower_bound,shortage,excess,shifts,seconds,wall,exit" > "$CSV"
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
started=$(date -u '+%Y-%m-%d %H:%M UTC')

# value of a top-level numeric key on the first line of the JSON output
json_num() {
	sed -n '1s/.*"'"$1"'": \([-0-9.eE+]*\).*/\1/p' "$2"
}

n=0
for set in $SETS; do
	[ -d "$DATA/$set" ] || { echo "bench/msd/run.sh: no $DATA/$set" >&2; exit 1; }
	for f in $(ls "$DATA/$set"/*.txt | sort -V); do
		inst=$(basename "$f" .txt)
		row=$(grep "^$set,$inst," "$DATA/known_results.csv" || true)
		slot=$(echo "$row" | cut -d, -f3)
		known=$(echo "$row" | cut -d, -f15)
		json=$OUT/$set-$inst.json
		t0=$(date +%s.%N)
		rc=0
		"$STAFFPLAN" design "$f" --format dbai --output json --time-limit "$TIME_LIMIT" \
			> "$json" 2> "$OUT/$set-$inst.log" || rc=$?
		t1=$(date +%s.%N)
		wall=$(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }')
		obj=$(json_num objective "$json")
		lb=$(json_num lower_bound "$json")
		sh_=$(json_num shortage_minutes "$json")
		ov=$(json_num excess_minutes "$json")
		used=$(json_num shifts_used "$json")
		secs=$(json_num seconds "$json")
		echo "$set,$inst,$slot,$known,$obj,$lb,$sh_,$ov,$used,$secs,$wall,$rc" >> "$CSV"
		n=$((n + 1))
		printf '%-9s %-16s known %-5s objective %-7s bound %-7s %5ss\n' "$set" "$inst" \
			"${known:--}" "${obj:-?}" "${lb:-?}" "$wall" >&2
	done
done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
ncpu=$(nproc 2>/dev/null || echo "?")
glpk=$(glpsol --version 2>/dev/null | head -1 | sed 's/.*Solver //' || true)
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

awk -F, -v data="$DATA" -v started="$started" -v cpu="${cpu:-unknown}" -v ncpu="$ncpu" -v glpk="${glpk:-?}" \
    -v limit="$TIME_LIMIT" -v lb0="$load_before" -v lb1="$load_after" -v n="$n" '
function fmt(x) { return sprintf("%.3f", x) }
NR == 1 { next }
{
	set = $1; sets[set] = 1; cnt[set]++
	if (!(set in order)) { order[set] = ++nsets; name[nsets] = set }
	obj = $5 + 0; known = $4; wall = $11 + 0
	tsum[set] += wall; if (wall > tmax[set]) tmax[set] = wall
	if ($12 != 0 || $5 == "") fail[set]++
	if ($6 != "" && $5 != "" && $5 - $6 < 1e-6) proven[set]++
	if (known != "") {
		hasknown[set] = 1
		r = obj / known; rsum[set] += r
		if (!(set in rmax) || r > rmax[set]) { rmax[set] = r; rmaxi[set] = $2 }
		if (obj <= known + 1e-6) reach[set]++
		if (obj < known - 1e-6) { below[set]++; lower[++nlower] = $0 }
		if (obj > known + 1e-6) miss[++nmiss] = $0
	}
	rows[NR] = $0
}
END {
	print "# Minimum shift design: the DBAI benchmark"
	print ""
	print "`make bench-msd` (`bench/msd/run.sh`) runs `staffplan design FILE --format dbai"
	print "--output json --time-limit " limit "` on every instance of the DBAI \"Rota\" minimum shift"
	print "design benchmark (DataSet1-4 in `" data "`; its `SOURCE.md` gives origin, format and"
	print "objective) one after the other, and compares the objective with the fitness"
	print "of the \"assumed optimal solution\" given in the instance file (DataSet1 and DataSet2;"
	print "DataSet3 and DataSet4 have no known value). The model and the solver are described"
	print "in `docs/SHIFT-DESIGN.md`."
	print ""
	print "Run: " started ", " n " instances, time limit " limit " s each; " cpu ", " ncpu \
	      " cores (shared: load average " lb0 " before, " lb1 " after); GLPK " glpk "."
	print "Time is wall-clock time of the whole process (read, solve, write)."
	print ""
	print "## Summary"
	print ""
	print "| data set | instances | reach known value | below known | mean ratio to known | worst ratio (instance) | proven optimal | mean time s | max time s | errors |"
	print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for (i = 1; i <= nsets; i++) {
		s = name[i]
		if (hasknown[s])
			printf "| %s | %d | %d | %d | %s | %s (%s) | %d | %.2f | %.2f | %d |\n", s, cnt[s], \
			       reach[s], below[s], fmt(rsum[s] / cnt[s]), fmt(rmax[s]), rmaxi[s], \
			       proven[s], tsum[s] / cnt[s], tmax[s], fail[s]
		else
			printf "| %s | %d | - | - | - | - | %d | %.2f | %.2f | %d |\n", s, cnt[s], \
			       proven[s], tsum[s] / cnt[s], tmax[s], fail[s]
	}
	print ""
	print "\"Reach\" means objective <= known value; \"proven optimal\" means the reported lower"
	print "bound equals the objective. Ratios are objective / known value (1 = the known value,"
	print "below 1 = better than the file says)."
	print ""
	if (nmiss) {
		print "## Above the known value"
		print ""
		print "| data set | instance | known | objective | lower bound | time s |"
		print "|---|---|---:|---:|---:|---:|"
		for (i = 1; i <= nmiss; i++) {
			split(miss[i], f, ",")
			printf "| %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[4], f[5], f[6], f[11]
		}
		print ""
	}
	if (nlower) {
		print "## Below the known value"
		print ""
		print "The instances were generated around a zero-deviation solution whose shift count"
		print "the file reports as \"assumed optimal\"; these runs found zero-deviation solutions"
		print "with fewer shifts (the objective terms are re-evaluated from the shifts printed;"
		print "`tests/unit/test_design.c` checks that this evaluation matches the reported terms)."
		print ""
		print "| data set | instance | known | objective | shifts | short min | over min | lower bound | time s |"
		print "|---|---|---:|---:|---:|---:|---:|---:|---:|"
		for (i = 1; i <= nlower; i++) {
			split(lower[i], f, ",")
			printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[4], \
			       f[5], f[9], f[7], f[8], f[6], f[11]
		}
		print ""
	}
	for (i = 1; i <= nsets; i++) {
		s = name[i]
		if (hasknown[s])
			continue
		print "## " s " (no known value)"
		print ""
		print "| instance | slot min | objective | lower bound | gap | shifts | short min | over min | time s |"
		print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
		for (r = 2; r <= NR; r++) {
			if (!(r in rows))
				continue
			split(rows[r], f, ",")
			if (f[1] != s)
				continue
			gap = (f[5] > 0) ? (f[5] - f[6]) / f[5] : 0
			printf "| %s | %s | %s | %s | %.1f%% | %s | %s | %s | %s |\n", f[2], f[3], f[5], \
			       f[6], 100 * gap, f[9], f[7], f[8], f[11]
		}
		print ""
	}
	print "## Every instance"
	print ""
	print "<details><summary>per-instance results (" n " rows)</summary>"
	print ""
	print "| data set | instance | slot | known | objective | lower bound | short | over | shifts | time s |"
	print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	for (r = 2; r <= NR; r++) {
		if (!(r in rows))
			continue
		split(rows[r], f, ",")
		printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[3], \
		       (f[4] == "" ? "-" : f[4]), f[5], f[6], f[7], f[8], f[9], f[11]
	}
	print ""
	print "</details>"
}' "$CSV" > "$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
echo "bench/msd/run.sh: wrote $RESULTS ($n instances)" >&2
