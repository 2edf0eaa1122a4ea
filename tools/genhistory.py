#!/usr/bin/python3
"""genhistory.py - data/history/history.csv: nine weeks of what came in at the
example desk, for the README's walk-through (forecast -> plan)

usage: genhistory.py [--seed N] [--weeks N] EXAMPLE_FORECAST OUT

Reads the example week's forecast (data/example/forecast.csv) and writes the
weeks before it as interval counts start,queue,language,volume,aht in the
site's local time (Asia/Singapore: no DST), as an ACD export would: each
series' hourly volume is its forecast volume of the same weekday and hour
times a slow growth toward the example week, a day factor (busier at the
turn of the month), and Poisson noise; handle times vary around the
forecast's.  Closed intervals have no row.  Standard library only; the same
seed writes the same file."""
import argparse, csv, datetime, math, random

ap = argparse.ArgumentParser()
ap.add_argument('--seed', type=int, default=20261130)
ap.add_argument('--weeks', type=int, default=9)
ap.add_argument('forecast')
ap.add_argument('out')
a = ap.parse_args()
rng = random.Random(a.seed)

base = {}
first = None
for r in csv.DictReader(l for l in open(a.forecast) if not l.startswith('#')):
    t = datetime.datetime.fromisoformat(r['start'])
    first = t.date() if first is None or t.date() < first else first
    base[(t.weekday(), t.hour, r['queue'], r['language'])] = (float(r['volume']), float(r['aht'] or 0))

def poisson(lam):
    if lam < 30:
        l, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= l:
                return k
            k += 1
    return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))

start = first - datetime.timedelta(weeks=a.weeks)
rows = []
for d in range(7 * a.weeks):
    day = start + datetime.timedelta(days=d)
    grow = 0.85 + 0.15 * d / (7 * a.weeks)
    month = 1.15 if day.day <= 2 or day.day >= 30 else 1.0
    dayf = math.exp(rng.gauss(0, 0.06))
    for (wd, hour, q, lang), (v, aht) in sorted(base.items()):
        if wd != day.weekday():
            continue
        n = poisson(v * grow * month * dayf)
        h = aht * math.exp(rng.gauss(0, 0.1)) if n else 0
        rows.append('%sT%02d:00,%s,%s,%d,%s' % (day.isoformat(), hour, q, lang, n,
                                              '%.0f' % h if n else ''))
with open(a.out, 'w') as f:
    f.write('# what came in at the example desk, per hour, Asia/Singapore time\n')
    f.write('# written by tools/genhistory.py --seed %d --weeks %d data/example/forecast.csv\n'
            % (a.seed, a.weeks))
    f.write('start,queue,language,volume,aht\n')
    f.write('\n'.join(rows) + '\n')
