#!/bin/sh
# t0800-db-workflow.sh - the step-by-step workflow against one database
#
# init, import (all four inputs), schedule, roster, export ics, report, each
# as its own command on --db: exit codes, what each writes, and that the
# files agree with each other (roster vs calendars vs stored run).  The
# schedule is published to the feeds at once (a row per shift).  Steps
# out of order (schedule before import, roster before any run) exit 2 with a
# hint; missing required options exit 2.  The run keeps the night window it
# was planned with (a --set one here) and its solver, and the report drawn
# from the database shades that window.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

DB=week.db

sp init --db $DB
[ "$rc" -eq 0 ] || fail "init exited $rc: $(cat err)"

# out of order
sp schedule --db $DB --time-limit 5
[ "$rc" -eq 2 ] || fail "schedule before import exited $rc, expected 2"
grep -q import err || fail "schedule before import: no hint to import: $(cat err)"
sp roster --db $DB
[ "$rc" -eq 2 ] || fail "roster before any run exited $rc, expected 2"
grep -q schedule err || fail "roster before any run: no hint to schedule: $(cat err)"
sp export ics --out cal --db $DB
[ "$rc" -eq 2 ] || fail "export before any run exited $rc, expected 2"
[ ! -e cal ] || fail "export before any run created the folder"
sp report --out r.html --db $DB
[ "$rc" -eq 2 ] || fail "report before any run exited $rc, expected 2"
[ ! -e r.html ] || fail "report before any run wrote the file"

for kind in config forecast agents availability; do
	case $kind in config) f=plan.ini ;; *) f=$kind.csv ;; esac
	sp import $kind "$FX/$f" --db $DB
	[ "$rc" -eq 0 ] || fail "import $kind exited $rc: $(cat err)"
done

sp schedule --db $DB --time-limit 10 --set costs.night_start=23:00 --set costs.night_end=07:00
[ "$rc" -eq 0 ] || fail "schedule exited $rc: $(cat err)"
[ "$(sqlite3 $DB 'SELECT count(*) FROM runs')" = 1 ] || fail "schedule did not store one run"
got=$(sqlite3 $DB 'SELECT night_start, night_end, solver FROM runs')
[ "$got" = "1380|420|glpk" ] || fail "the run keeps night window and solver as '$got', expected 1380|420|glpk"
[ "$(sqlite3 $DB 'SELECT scenario FROM runs')" = base ] || fail "the run is not scenario base"
[ ! -e staffplan.db ] || fail "--db was ignored: staffplan.db created"
# SPEC 9: a schedule of base reaches the feeds as a plan does, before any export
grep -q 'published to the calendar feeds' err || fail "schedule does not say it published: $(cat err)"
got=$(sqlite3 $DB 'SELECT count(*), count(DISTINCT run_id), min(run_id) FROM publications')
[ "$got" = "$(sqlite3 $DB 'SELECT count(*) FROM run_shifts')|1|1" ] ||
	fail "schedule published '$got' (rows, runs, first run), expected every shift of run 1"

sp roster --db $DB
[ "$rc" -eq 0 ] || fail "roster exited $rc: $(cat err)"
cp out roster.csv
sp roster --db $DB --run 1
cmp -s out roster.csv || fail "roster --run 1 differs from the latest roster"
sp roster --db $DB --scenario base
cmp -s out roster.csv || fail "roster --scenario base differs from the latest roster"
sp roster --db $DB --run 99
[ "$rc" -eq 2 ] || fail "roster --run 99 exited $rc, expected 2"

sp export ics --out cal --db $DB
[ "$rc" -eq 0 ] || fail "export ics exited $rc: $(cat err)"
sp report --out report.html --db $DB
[ "$rc" -eq 0 ] || fail "report exited $rc: $(cat err)"
[ -s report.html ] || fail "report wrote nothing"
grep -qi '<html' report.html || fail "report.html is not HTML"
grep -qi '<svg' report.html || fail "report.html has no inline SVG"
grep -q 'night hours 23:00–07:00' report.html || fail "report.html does not shade the run's night window"
! grep -Eqi '<(script|link)[ >]|src="https?:' report.html || fail "report.html loads something from the network"
sp report --scenario base --out report2.html --db $DB
[ "$rc" -eq 0 ] && [ -s report2.html ] || fail "report --scenario base exited $rc"
leftover=$(find . -name '*.tmp.*' | head -n 1)
[ -z "$leftover" ] || fail "temporary file left behind: $leftover"

$PY - <<'PYEOF' || fail "roster vs calendars (see above)"
import csv, os, re, sys
errors = []
def err(m): errors.append(m)
shifts = list(csv.DictReader(open("roster.csv", newline="")))
if not shifts:
    err("the roster is empty")
per_agent = {}
for s in shifts:
    per_agent[s["agent_id"]] = per_agent.get(s["agent_id"], 0) + 1
files = sorted(f for f in os.listdir("cal") if f.endswith(".ics"))
want = sorted([a + ".ics" for a in per_agent] + ["team.ics"])
if files != want:
    err("calendar files %s, expected %s" % (files, want))

def check(path):
    raw = open(path, "rb").read()
    if b"\n" in raw.replace(b"\r\n", b""):
        err("%s: a line ends without CR LF" % path)
    for n, line in enumerate(raw.split(b"\r\n"), 1):
        if len(line) > 75:
            err("%s:%d: line of %d octets" % (path, n, len(line)))
    text = raw.decode("utf-8").replace("\r\n ", "")
    lines = text.split("\r\n")
    if lines[0] != "BEGIN:VCALENDAR" or "END:VCALENDAR" not in lines:
        err("%s: not a VCALENDAR" % path)
    for p in ("VERSION:2.0", "PRODID:"):
        if not any(l.startswith(p) for l in lines):
            err("%s: no %s" % (path, p))
    if lines.count("BEGIN:VEVENT") != lines.count("END:VEVENT"):
        err("%s: unbalanced VEVENT" % path)
    for tzid in set(re.findall(r";TZID=([^:;]+)", text)):
        if "TZID:" + tzid not in lines:
            err("%s: TZID %s without VTIMEZONE" % (path, tzid))
    # shift events: those whose UID is not a break's
    return [u for u in re.findall(r"^UID:(.*)$", text, re.M) if "break" not in u]

for a, n in per_agent.items():
    uids = check(os.path.join("cal", a + ".ics"))
    if len(uids) != n:
        err("%s.ics has %d shift events, the roster %d shifts" % (a, len(uids), n))
team = check(os.path.join("cal", "team.ics"))
if len(team) != len(shifts):
    err("team.ics has %d shift events, the roster %d shifts" % (len(team), len(shifts)))
if errors:
    print("\n".join(errors)); sys.exit(1)
PYEOF

# the database remembers what was published
n=$(sqlite3 $DB 'SELECT count(*) FROM publications')
[ "$n" -gt 0 ] || fail "export ics recorded no publication"
# exporting the same run again changes no SEQUENCE
cp -r cal cal.first
sp export ics --out cal --db $DB
[ "$rc" -eq 0 ] || fail "second export exited $rc"
seq1=$(cat cal.first/*.ics | grep -c '^SEQUENCE:0' || true)
seq2=$(cat cal/*.ics | grep -c '^SEQUENCE:0' || true)
[ "$seq1" = "$seq2" ] || fail "exporting the same run twice changed SEQUENCE numbers"

# required options
sp export ics --db $DB
[ "$rc" -eq 2 ] || fail "export without --out exited $rc, expected 2"
sp export pdf --out x --db $DB
[ "$rc" -eq 2 ] || fail "export pdf exited $rc, expected 2"
sp report --db $DB
[ "$rc" -eq 2 ] || fail "report without --out exited $rc, expected 2"
sp report --out x.html --run 1 --scenario base --db $DB
[ "$rc" -eq 2 ] || fail "report --run with --scenario exited $rc, expected 2"

echo "t0800: ok"
