#!/usr/bin/python3
"""retail.py - a staffplan desk from a Curtois retail instance

usage: retail.py INSTANCE OUTDIR

INSTANCE is one of ../shared/realdata/retail-schedulingbenchmarks/*.txt
(schedulingbenchmarks.org's "Retail" set): a week of staff required per
15-minute slot and task, from 06:00 on the first day to 06:00 after the
seventh, and per staff member the least and most minutes of the week.
The desk:

  - a queue per task, one language; each slot's requirement is the
    file's Min exactly (Min = Max in these files; exact.py);
  - the operational day starts at 06:00: the desk's clock runs six hours
    behind the file's (the file's 06:00 is the desk's 00:00, UTC), so the
    week is exactly seven days;
  - shifts of 6 to 10 whole hours (the lengths the reference reader
    allows, on the hour), starting on any quarter-hour, no break;
  - each staff member an agent with min_hours and max_hours from the
    file's minutes, at most 6 days, 20 an hour; understaffing 500 an hour.

The instances state no other rules (days off, rest) and their published
values score a different penalty, so the runs are compared with their own
bound only.
"""
import csv, datetime, os, sys

from exact import service, volume

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)

section, ntasks, staff, cover = None, 0, [], []
with open(src) as f:
    for n, line in enumerate(f, 1):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('SECTION_'):
            section = line
            continue
        fields = line.split(',')
        if section == 'SECTION_TASKS':
            ntasks = int(line)
        elif section == 'SECTION_STAFF' and len(fields) == 3:
            staff.append((fields[0], int(fields[1]), int(fields[2])))
        elif section == 'SECTION_COVER' and len(fields) == 5:
            cover.append((int(fields[0]), fields[1], int(fields[2]), int(fields[3])))
        elif section in ('SECTION_STAFF', 'SECTION_COVER'):
            sys.exit('%s:%d: expected %s fields, got %r' % (src, n, 3 if section == 'SECTION_STAFF' else 5, line))
if not staff or not cover or ntasks < 1:
    sys.exit('%s: no staff, cover or tasks' % src)

# the file's day 1 06:00 is the desk's Monday 2026-11-30 00:00
first = datetime.datetime(2026, 11, 30) - datetime.timedelta(hours=6)
with open(os.path.join(out, 'forecast.csv'), 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['start', 'queue', 'language', 'volume'])
    for day, slot, task, k in cover:
        h, m = (int(x) for x in slot.split('-')[0].split(':'))
        t = first + datetime.timedelta(days=day - 1, hours=h, minutes=m)
        if k > 0:
            w.writerow([t.strftime('%Y-%m-%dT%H:%M'), 'task%d' % task, 'en', volume(k)])

with open(os.path.join(out, 'agents.csv'), 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['id', 'name', 'languages', 'min_hours', 'max_hours'])
    for sid, lo, hi in staff:
        w.writerow(['S%s' % sid, 'Staff %s' % sid, 'en', '%g' % (lo / 60), '%g' % (hi / 60)])

with open(os.path.join(out, 'plan.ini'), 'w') as f:
    f.write('; %s, bench/realdesk/retail.py\n' % os.path.basename(src))
    f.write('[site]\ntimezone = UTC\ninterval_minutes = 15\n\n')
    f.write('[service]\n%s\n' % service(900))
    for t in range(1, ntasks + 1):
        f.write('[queue.task%d]\n' % t)
    f.write('\n[agents]\nmax_days = 6\ncost_per_hour = 20\n\n')
    f.write('[shifts]\nlengths_hours = 6,7,8,9,10\nstart_step_minutes = 15\nearliest_start = 00:00\n'
            'latest_start = 23:45\nbreak_minutes = 0\n')
