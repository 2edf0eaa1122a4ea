#!/usr/bin/python3
"""multiweek.py - a several-week plan input from a one-week one (SPEC 7)

Writes DIR/forecast.csv with the source week repeated WEEKS times (dates
shifted by 7 days each time, volumes varied a little per week so the weeks
differ), DIR/availability.csv shifted the same way, and copies plan.ini and
agents.csv.  --patience S sets [service] patience_seconds (Erlang A).
Used by tests/report/check.sh to look at multi-week reports.

usage: multiweek.py SRC_DIR DIR WEEKS [--patience S]
"""
import csv
import datetime
import os
import re
import shutil
import sys


def shift_time(text, days):
    """'2026-11-30T09:00+08:00' moved by days (the offset kept as written)."""
    m = re.match(r'(\d{4}-\d{2}-\d{2})(T.*)$', text)
    if not m:
        sys.exit("multiweek.py: not an ISO time: %r" % text)
    d = datetime.date.fromisoformat(m.group(1)) + datetime.timedelta(days=days)
    return d.isoformat() + m.group(2)


def repeat(src, dst, weeks, time_cols, scale_col=None):
    with open(src, newline='', encoding='utf-8') as f:
        lines = f.read().splitlines()
    comments = [ln for ln in lines if ln.startswith('#')]
    rows = list(csv.reader([ln for ln in lines if not ln.startswith('#')]))
    head, body = rows[0], rows[1:]
    idx = [head.index(c) for c in time_cols]
    vol = head.index(scale_col) if scale_col else -1
    with open(dst, 'w', newline='', encoding='utf-8') as f:
        for c in comments:
            f.write(c + '\n')
        w = csv.writer(f, lineterminator='\n')
        w.writerow(head)
        for k in range(weeks):
            # week 2 a little busier, week 3 quieter: the weeks differ
            factor = (1.0, 1.12, 0.9, 1.05, 0.95, 1.2)[k % 6]
            for r in body:
                r = list(r)
                for i in idx:
                    r[i] = shift_time(r[i], 7 * k)
                if vol >= 0:
                    r[vol] = '%.2f' % (float(r[vol]) * factor)
                w.writerow(r)


def main(argv):
    if len(argv) not in (4, 6) or (len(argv) == 6 and argv[4] != '--patience'):
        sys.exit(__doc__.split('\n\n')[2])
    src, dst, weeks = argv[1], argv[2], int(argv[3])
    if not 1 <= weeks <= 6:
        sys.exit("multiweek.py: WEEKS must be 1 to 6")
    os.makedirs(dst, exist_ok=True)
    repeat(os.path.join(src, 'forecast.csv'), os.path.join(dst, 'forecast.csv'), weeks,
           ['start'], 'volume')
    if os.path.exists(os.path.join(src, 'availability.csv')):
        repeat(os.path.join(src, 'availability.csv'), os.path.join(dst, 'availability.csv'),
               weeks, ['start', 'end'])
    shutil.copy(os.path.join(src, 'agents.csv'), os.path.join(dst, 'agents.csv'))
    with open(os.path.join(src, 'plan.ini'), encoding='utf-8') as f:
        ini = f.read()
    if len(argv) == 6:
        ini = re.sub(r'(\[service\]\n)', r'\1patience_seconds = %s\n' % argv[5], ini, count=1)
    with open(os.path.join(dst, 'plan.ini'), 'w', encoding='utf-8') as f:
        f.write(ini)


if __name__ == '__main__':
    main(sys.argv)
