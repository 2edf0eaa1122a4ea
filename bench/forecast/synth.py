#!/usr/bin/python3
"""synth.py - the speed case of bench-forecast: one year of 15-minute
interval counts for 60 series (20 languages x 3 queues) in Europe/London,
written time-major (every series of an interval together, as ACD exports
are) with the site's UTC offset on every start.

usage: synth.py OUT.csv [DAYS]
Volumes: a daily curve per language (its home hours), a weekly pattern,
slow growth and Poisson noise from a seeded generator, so every run
writes the same file."""
import datetime, math, random, sys
from zoneinfo import ZoneInfo

out, days = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 364
tz = ZoneInfo('Europe/London')
langs = ['zh', 'en', 'ko', 'ja', 'zh-Hant', 'th', 'vi', 'id', 'ms', 'tl',
         'de', 'fr', 'es', 'it', 'pt', 'ru', 'tr', 'ar', 'hi', 'pl']
queues = [('chat', 1.0), ('email', 0.4), ('security', 0.05)]
rng = random.Random(20261124)
peak = {l: (rng.uniform(0, 24), rng.uniform(20, 200)) for l in langs}
week = [1.0, 0.97, 0.95, 0.96, 0.93, 0.7, 0.65]

def poisson(lam):
    if lam < 30:
        l, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= l:
                return k
            k += 1
    return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))

start = datetime.datetime(2025, 1, 6, tzinfo=tz)
with open(out, 'w') as f:
    f.write('start,queue,language,volume\n')
    t = start.astimezone(datetime.timezone.utc)
    end = (start + datetime.timedelta(days=days)).astimezone(datetime.timezone.utc)
    while t < end:
        loc = t.astimezone(tz)
        stamp = loc.isoformat(timespec='minutes')
        h = loc.hour + loc.minute / 60
        grow = 1 + 0.3 * (t - start).days / 365
        for l in langs:
            centre, size = peak[l]
            d = min(abs(h - centre), 24 - abs(h - centre))
            base = size * math.exp(-d * d / 18) * week[loc.weekday()] * grow / 4
            for q, share in queues:
                f.write('%s,%s,%s,%d\n' % (stamp, q, l, poisson(base * share)))
        t += datetime.timedelta(minutes=15)
