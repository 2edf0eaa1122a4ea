#!/bin/sh
# t0700-replan.sh - re-planning a published week against a baseline run
#
# plan stores run 1; the forecast then changes on one day (en volume doubled
# on 2027-03-23) and `schedule --baseline 1` re-plans: the changes printed
# are exactly the difference between the two stored rosters per agent and
# day, fewer shifts move than the baseline has, and `plan --baseline` writes
# the same list to changes.csv.  Calendars exported for both runs keep UIDs
# and raise SEQUENCE for moved shifts; run 1 exported after run 2 is an
# archive copy that changes no publication.  An unknown baseline exits 2.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

sp plan "$FX" --out week --time-limit 10
[ "$rc" -eq 0 ] || fail "plan exited $rc: $(cat err)"
base=$(sqlite3 staffplan.db 'SELECT max(id) FROM runs')
[ "$base" = 1 ] || fail "plan stored run '$base', expected 1"
sp export ics --out cal --run 1
[ "$rc" -eq 0 ] || fail "export ics of run 1 exited $rc: $(cat err)"
cp -r cal cal1

# the same inputs, en volume doubled on a single day
$PY - "$FX/forecast.csv" forecast2.csv <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
w = csv.DictWriter(open(sys.argv[2], "w", newline=""), fieldnames=list(rows[0].keys()))
w.writeheader()
for r in rows:
    if r["start"].startswith("2027-03-23") and r["language"] == "en":
        r["volume"] = str(float(r["volume"]) * 2)
    w.writerow(r)
PYEOF
sp import forecast forecast2.csv
[ "$rc" -eq 0 ] || fail "import of the changed forecast exited $rc: $(cat err)"

sp schedule --baseline 1 --time-limit 10
[ "$rc" -eq 0 ] || fail "schedule --baseline 1 exited $rc: $(cat err)"
cp out changes.out
cp err changes.err
new=$(sqlite3 staffplan.db 'SELECT max(id) FROM runs')
[ "$new" = 2 ] || fail "schedule stored run '$new', expected 2"
[ "$(sqlite3 staffplan.db 'SELECT baseline FROM runs WHERE id = 2')" = 1 ] ||
	fail "run 2 does not record baseline 1"
sp roster --run 1
cp out roster1.csv
sp roster --run 2
cp out roster2.csv

summary=$(sed -n 's/^staffplan: \([0-9][0-9]* of [0-9][0-9]* baseline shifts changed\).*/\1/p' changes.err | head -n 1)
[ -n "$summary" ] || fail "schedule --baseline printed no 'N of M baseline shifts changed': $(cat changes.err)"
nchg=${summary%% of *}
rest=${summary#* of }
ntotal=${rest%% *}

$PY - "$nchg" "$ntotal" <<'PYEOF' || fail "changes list (see above)"
import csv, sys
nchg, ntotal = int(sys.argv[1]), int(sys.argv[2])
errors = []
def err(m): errors.append(m)
rows = list(csv.reader(open("changes.out", newline="")))
head = ["agent_id", "date", "change", "old_start", "old_end", "new_start", "new_end"]
if not rows or rows[0] != head:
    err("changes header %r, expected %r" % (rows[0] if rows else None, head))
listed = {}
for r in rows[1:]:
    d = dict(zip(head, r))
    if d["change"] not in ("added", "removed", "moved"):
        err("change kind %r" % d["change"])
    listed[(d["agent_id"], d["date"])] = d

def shifts(path):
    return {(r["agent_id"], r["date"]): r for r in csv.DictReader(open(path, newline=""))}
old, new = shifts("roster1.csv"), shifts("roster2.csv")
if ntotal != len(old):
    err("summary says %d baseline shifts, run 1 has %d" % (ntotal, len(old)))
expect = {}
for key in set(old) | set(new):
    o, n = old.get(key), new.get(key)
    if o and not n:
        expect[key] = "removed"
    elif n and not o:
        expect[key] = "added"
    elif (o["start"], o["end"], o["break_start"]) != (n["start"], n["end"], n["break_start"]):
        expect[key] = "moved"
for key, kind in sorted(expect.items()):
    if key not in listed:
        err("%s %s is %s but not listed" % (key[0], key[1], kind))
    elif listed[key]["change"] != kind:
        err("%s %s listed as %s, rosters say %s" % (key[0], key[1], listed[key]["change"], kind))
for key in listed:
    if key not in expect:
        err("%s %s listed but unchanged" % key)
if nchg != len(listed):
    err("summary says %d changes, the list has %d" % (nchg, len(listed)))
if nchg >= ntotal:
    err("re-planning one day changed %d of %d shifts: not fewer than all" % (nchg, ntotal))
for key, d in listed.items():
    if d["change"] == "moved":
        o, n = old[key], new[key]
        if (d["old_start"], d["old_end"], d["new_start"], d["new_end"]) != (o["start"], o["end"], n["start"], n["end"]):
            err("%s %s: listed times differ from the rosters" % key)
with open("moved.txt", "w") as f:
    for (a, day), d in sorted(listed.items()):
        f.write("%s %s %s\n" % (a, day.replace("-", ""), d["change"]))
if errors:
    print("\n".join(errors)); sys.exit(1)
PYEOF

# the kpis of the re-plan count the changes
k=$(sqlite3 staffplan.db "SELECT json_extract(kpis, '\$.changes') FROM runs WHERE id = 2")
[ "$k" = "$nchg" ] || fail "kpis changes = $k, the list has $nchg"

# calendars: same UID per agent and day, SEQUENCE raised for moved shifts,
# CANCELLED for removed ones
sp export ics --out cal --run 2
[ "$rc" -eq 0 ] || fail "export ics of run 2 exited $rc: $(cat err)"
$PY - <<'PYEOF' || fail "re-exported calendars (see above)"
import glob, os, re, sys
errors = []
def events(path):
    text = open(path, newline="").read().replace("\r\n ", "").replace("\r\n\t", "")
    out = {}
    for ev in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", text, re.S):
        props = {}
        for line in ev.split("\r\n"):
            if ":" in line:
                k, v = line.split(":", 1)
                props.setdefault(k.split(";")[0], v)
        out.setdefault(props.get("UID"), []).append(props)
    return out
for line in open("moved.txt"):
    agent, day, kind = line.split()
    new = os.path.join("cal", agent + ".ics")
    if not os.path.exists(new):
        errors.append("no calendar for %s after the re-plan" % agent); continue
    evs = events(new)
    mine = [p for uid, ps in evs.items() if uid and day in uid for p in ps
            if "SEQUENCE" in p and p.get("TRANSP") != "TRANSPARENT"]
    if not mine:
        errors.append("%s: no event with a UID for %s" % (agent, day)); continue
    if kind in ("moved", "removed") and not any(int(p["SEQUENCE"]) >= 1 for p in mine):
        errors.append("%s %s %s: SEQUENCE not raised" % (agent, day, kind))
    if kind == "removed" and not any(p.get("STATUS") == "CANCELLED" for p in mine):
        errors.append("%s %s removed: no STATUS:CANCELLED" % (agent, day))
    old = os.path.join("cal1", agent + ".ics")
    if kind == "moved" and os.path.exists(old):
        olduids = {u for u in events(old) if u and day in u}
        if not olduids & {u for u in evs if u and day in u}:
            errors.append("%s %s moved: the UID changed" % (agent, day))
if errors:
    print("\n".join(errors)); sys.exit(1)
PYEOF

# feeds only move forward: run 1 exported after run 2 is an archive copy
pubs() { sqlite3 staffplan.db 'SELECT count(*), sum(sequence), sum(cancelled), min(run_id), max(run_id) FROM publications'; }
before=$(pubs)
sp export ics --out archive1 --run 1
[ "$rc" -eq 0 ] || fail "export ics of run 1 after run 2 exited $rc: $(cat err)"
grep -q 'archive copy: run 2' err || fail "export of the older run did not say it is an archive copy: $(cat err)"
[ "$(pubs)" = "$before" ] || fail "exporting run 1 after run 2 changed the publications: $before -> $(pubs)"
! grep -q 'STATUS:CANCELLED' archive1/*.ics || fail "the archive copy of run 1 cancels shifts"
tr -d '\r' <archive1/team.ics | grep -q '^UID:team-sp-[0-9a-f]*-[0-9]*-run1@staffplan$' ||
	fail "the archive copy of run 1 has no UID of its own"
! tr -d '\r' <archive1/team.ics | grep -q '^UID:team-sp-[0-9a-f]*-[0-9]*@' ||
	fail "the archive copy of run 1 reuses published UIDs"

# plan --baseline writes the same list to changes.csv
sp plan "$FX" --forecast forecast2.csv --baseline 1 --out week2 --db plan2.db --time-limit 10
[ "$rc" -eq 2 ] || fail "plan --baseline 1 against a database without run 1 exited $rc, expected 2"
cp staffplan.db plan2.db
sp plan "$FX" --forecast forecast2.csv --baseline 1 --out week2 --db plan2.db --time-limit 10
[ "$rc" -eq 0 ] || fail "plan --baseline 1 exited $rc: $(cat err)"
[ -s week2/changes.csv ] || fail "plan --baseline wrote no changes.csv"
[ "$(head -n 1 week2/changes.csv)" = "$(head -n 1 changes.out)" ] || fail "changes.csv header differs"

sp schedule --baseline 999 --time-limit 5
[ "$rc" -eq 2 ] || fail "schedule --baseline 999 exited $rc, expected 2"
sp schedule --baseline abc --time-limit 5
[ "$rc" -eq 2 ] || fail "schedule --baseline abc exited $rc, expected 2"

echo "t0700: ok"
