#!/usr/bin/python3
"""pacu.py - a staffplan desk from a real hospital demand week

usage: pacu.py DMD OUTDIR AGENTS [PENALTY]

DMD is ../shared/realdata/tour-pymwts-pacu/d02_pacu_1week.dmd: staff
required per half-hour (`prd day week dmd`, day 1 = Sunday as in pymwts's
weekend patterns) in a post-anaesthesia care unit, a week of 24-hour
demand with sharp midday peaks.  The desk:

  - one queue, one language; each half-hour's requirement is the file's
    count exactly (exact.py);
  - shifts of 8 and 10 hours, no break, starting on any half-hour (the
    tour model's lengths: 16 and 20 periods);
  - AGENTS full-time nurses, 40 h and 5 days a week at most, no minimum,
    20 an hour; understaffing PENALTY an hour (default 120: the tour
    model's first tier, 6 times the labour of the period).

The week is dated Sunday 2026-11-29 .. Saturday 2026-12-05 (UTC).
"""
import csv, datetime, os, sys

from exact import service, volume

SUNDAY = datetime.datetime(2026, 11, 29)

dmd, out, agents = sys.argv[1], sys.argv[2], int(sys.argv[3])
penalty = float(sys.argv[4]) if len(sys.argv) > 4 else 120.0
os.makedirs(out, exist_ok=True)

rows = []
with open(dmd) as f:
    head = f.readline().split()
    if head != ['prd', 'day', 'week', 'dmd']:
        sys.exit('%s: expected the header "prd day week dmd", got %r' % (dmd, head))
    for line in f:
        prd, day, week, k = (int(x) for x in line.split())
        if week == 1 and k > 0:
            rows.append((day, prd, k))

with open(os.path.join(out, 'forecast.csv'), 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['start', 'queue', 'language', 'volume'])
    for day, prd, k in sorted(rows):
        t = SUNDAY + datetime.timedelta(days=day - 1, minutes=(prd - 1) * 30)
        w.writerow([t.strftime('%Y-%m-%dT%H:%M'), 'care', 'en', volume(k)])

with open(os.path.join(out, 'agents.csv'), 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['id', 'name', 'languages'])
    for a in range(1, agents + 1):
        w.writerow(['N%03d' % a, 'Nurse %d' % a, 'en'])

with open(os.path.join(out, 'plan.ini'), 'w') as f:
    f.write("""; PACU demand week (pymwts d02), bench/realdesk/pacu.py
[site]
timezone = UTC
interval_minutes = 30

[queue.care]
%s
[agents]
min_hours = 0
max_hours = 40
max_days = 5
cost_per_hour = 20

[shifts]
lengths_hours = 8,10
start_step_minutes = 30
earliest_start = 00:00
latest_start = 23:30
break_minutes = 0

[costs]
understaffing_penalty = %g
""" % (service(1800), penalty))
