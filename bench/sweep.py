#!/usr/bin/python3
"""sweep.py - plans on generated desks with mutated rules, each roster
checked by tools/checkroster.py (make bench-sweep; bench/README.md)

A seeded stream of small desks (tools/geninstance.py: example, S-scarce,
the two DST weeks, tiny) whose plan.ini is changed at random within what
SPEC 3.4 allows: interval, shift lengths and start grid, start window,
breaks, rest, days in a row and off, night premium, Erlang A, shrinkage,
penalty, min_agents; a fifth with CBC; sometimes every min_hours 0, a horizon of 1-6 days, or
two weeks planned week after week (the second with the first as its
previous roster, stored or as a file with an agent the desk no longer has),
two or three weeks planned at once, and half the successful plans re-planned against
themselves after a forecast change (--baseline).  A case is BAD when the
planner exits other than 0, 2 or 3, a sanitizer speaks, or the checker
finds a violation; exit 2 and 3 must name what is wrong (shown).

usage: bench/sweep.py [--bin BUILD/staffplan] [--work DIR] [--bases A,B] N SEED
"""
import argparse
import configparser
import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = '/usr/bin/python3'
BASES = ['example', 'S-scarce', 'dst-london', 'dst-newyork', 'tiny']


def mutate(R, path):
    cp = configparser.ConfigParser(inline_comment_prefixes=(';',))
    cp.optionxform = str
    cp.read_string(open(path).read())
    iv = int(cp.get('site', 'interval_minutes', fallback='60'))
    ch = {}

    def put(sec, key, val):
        if not cp.has_section(sec):
            cp.add_section(sec)
        cp.set(sec, key, str(val))
        ch['%s.%s' % (sec, key)] = val

    if R.random() < .3:
        iv = R.choice([15, 30])
        put('site', 'interval_minutes', iv)
        if int(cp.get('shifts', 'start_step_minutes', fallback='60')) % iv:
            put('shifts', 'start_step_minutes', 60)
    if R.random() < .5:
        put('shifts', 'lengths_hours', ','.join(str(x) for x in sorted(R.sample([3, 4, 5, 6, 7, 8, 9, 10, 12],
                                                                                  R.randint(1, 4)))))
    if R.random() < .4:
        put('shifts', 'start_step_minutes', R.choice([m for m in (15, 30, 60, 120) if m % iv == 0]))
    if R.random() < .4:
        e = R.randint(0, 12)
        put('shifts', 'earliest_start', '%02d:00' % e)
        put('shifts', 'latest_start', '%02d:00' % R.randint(e, 23))
    if R.random() < .4:
        put('shifts', 'break_minutes', R.choice([0, iv, 2 * iv] if iv < 60 else [0, 60]))
        put('shifts', 'break_after_hours', R.choice([4, 5, 6, 8]))
        a = R.randint(1, 4)
        put('shifts', 'break_window_hours', '%d,%d' % (a, a + R.randint(0, 3)))
    if R.random() < .3:
        put('shifts', 'min_rest_hours', R.choice([0, 8, 11, 12, 14]))
    if R.random() < .3:
        put('shifts', 'max_consecutive_days', R.choice([1, 2, 3, 5, 6, 7]))
    if R.random() < .4:
        put('agents', 'min_consecutive_days_off', R.choice([0, 1, 2, 3]))
    if R.random() < .3:
        put('costs', 'night_premium', R.choice([0, 0.1, 0.5]))
        put('costs', 'night_start', R.choice(['20:00', '22:00', '23:30' if iv <= 30 else '23:00']))
        put('costs', 'night_end', R.choice(['05:00', '06:00', '08:00']))
    if R.random() < .3:
        put('service', 'patience_seconds', R.choice([0, 60, 180, 600]))
        put('service', 'max_abandon_rate', R.choice([1, 0.1, 0.05]))
    if R.random() < .3:
        put('service', 'shrinkage', R.choice([0, 0.1, 0.35]))
    if R.random() < .2:
        put('costs', 'understaffing_penalty', R.choice([0, 50, 5000]))
    for q in [s for s in cp.sections() if s.startswith('queue.')]:
        if R.random() < .2:
            put(q, 'min_agents', R.choice([0, 1, 2]))
    with open(path, 'w') as f:
        cp.write(f)
    return ch


def forecast_rows(d):
    rows = open(os.path.join(d, 'forecast.csv')).read().splitlines()
    head = [r for r in rows if r.startswith('#') or r.startswith('start')]
    data = [r for r in rows if r and not r.startswith('#') and not r.startswith('start')]
    return head, data


def keep_days(d, lo, hi):
    """Keeps the forecast rows of days lo .. hi - 1 after its first."""
    head, data = forecast_rows(d)
    d0 = dt.date.fromisoformat(min(r[:10] for r in data))
    a, b = [(d0 + dt.timedelta(days=x)).isoformat() for x in (lo, hi)]
    with open(os.path.join(d, 'forecast.csv'), 'w') as f:
        f.write('\n'.join(head + [r for r in data if a <= r[:10] < b]) + '\n')


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def check(d, out, *extra):
    c = run([PY, os.path.join(ROOT, 'tools/checkroster.py'), d, out, '--db', os.path.join(d, 'db')] + list(extra))
    lines = [x for x in (c.stdout + c.stderr).splitlines() if 'violation(s)' in x]
    line = lines[-1] if lines else (c.stdout + c.stderr).strip()[-200:]
    return ' 0 violation(s)' in line, line


def one(R, i, seed, work, binary, bases):
    base = R.choice(bases)
    d = os.path.join(work, 'c%d_%d' % (seed, i))
    shutil.rmtree(d, ignore_errors=True)
    whole = base not in ('tiny', 'M15-scarce')
    x = R.random()
    weeks2 = whole and x < .3
    nweeks = 2 if weeks2 else R.choice([2, 3]) if whole and x < .42 else 1
    run([PY, os.path.join(ROOT, 'tools/geninstance.py'), '--size', base, '--seed', str(R.randint(1, 999)),
         '--out', d, '--quiet'] + (['--weeks', str(nweeks)] if nweeks > 1 else []))
    ch = mutate(R, os.path.join(d, 'plan.ini'))
    if nweeks > 1 and not weeks2:
        ch['weeks'] = nweeks
    if R.random() < .4:
        path = os.path.join(d, 'agents.csv')
        rows = list(csv.reader(x for x in open(path, newline='') if not x.startswith('#')))
        if 'min_hours' in rows[0]:
            k = rows[0].index('min_hours')
            for r in rows[1:]:
                r[k] = '0'
            with open(path, 'w', newline='') as f:
                csv.writer(f).writerows(rows)
            ch['min_hours'] = 0
    db = os.path.join(d, 'db')
    extra = []
    if weeks2:
        # week after week: week 1 alone, then week 2 after it
        w1 = os.path.join(d, 'w1')
        os.makedirs(w1)
        for f in ('plan.ini', 'agents.csv', 'availability.csv', 'forecast.csv'):
            if os.path.exists(os.path.join(d, f)):
                shutil.copy(os.path.join(d, f), w1)
        keep_days(w1, 0, 7)
        keep_days(d, 7, 14)
        ch['week1'] = run([binary, 'plan', w1, '--out', os.path.join(w1, 'out'), '--db', db,
                           '--time-limit', '3', '--seed', str(i)]).returncode
        if ch['week1'] == 0 and R.random() < .5:
            # week 1 as a file from another system, with an agent it does not know
            prev = os.path.join(d, 'previous.csv')
            with open(os.path.join(w1, 'out', 'roster.csv'), newline='') as f:
                rows = list(csv.reader(f))
            if len(rows) > 1:
                rows.append(['GONE-1', 'Left, the "old" desk'] + rows[-1][2:])
            with open(prev, 'w', newline='') as f:
                csv.writer(f).writerows(rows)
            extra += ['--previous', prev]
            ch['previous'] = 'file'
    elif nweeks == 1 and R.random() < .25:
        n = R.randint(1, 6)
        keep_days(d, 0, n)
        ch['days'] = n
    out = os.path.join(d, 'out')
    solver = ['--solver', 'cbc'] if R.random() < .2 else []
    if solver:
        ch['solver'] = 'cbc'
    p = run([binary, 'plan', d, '--out', out, '--db', db, '--time-limit', '4', '--seed', str(i)] + solver + extra)
    err = p.stderr
    bad = 'runtime error' in err or 'Sanitizer' in err or p.returncode not in (0, 2, 3)
    note = ''
    if p.returncode == 0:
        ok, note = check(d, out)
        bad |= not ok
        m = re.search(r'run (\d+) stored', err)
        if ok and m and R.random() < .5:
            # a forecast change (volumes x1.2), re-planned against the run just stored
            head, data = forecast_rows(d)
            cols = [h for h in head if h.startswith('start')][0].split(',')
            vi = cols.index('volume')
            rows = []
            for r in data:
                c = next(csv.reader([r]))
                c[vi] = '%.2f' % (float(c[vi]) * 1.2)
                rows.append(','.join(c))
            fc2, out2 = os.path.join(d, 'fc2.csv'), os.path.join(d, 'out2')
            with open(fc2, 'w') as f:
                f.write('\n'.join(head + rows) + '\n')
            p2 = run([binary, 'plan', d, '--forecast', fc2, '--baseline', m.group(1), '--out', out2, '--db', db,
                      '--time-limit', '3', '--seed', str(i)])
            ch['replan'] = p2.returncode
            bad |= 'runtime error' in p2.stderr or 'Sanitizer' in p2.stderr or p2.returncode not in (0, 3)
            if p2.returncode == 0:
                ok2, line2 = check(d, out2, '--forecast', fc2, '--baseline', os.path.join(out, 'roster.csv'))
                bad |= not ok2
                note += ' | re-plan: ' + line2
            else:
                err += p2.stderr
    last = err.strip().splitlines()[-1][:200] if err.strip() else ''
    return bad, '%s %-11s exit %d %s | %s | %s' % ('BAD' if bad else 'ok ', base, p.returncode,
                                                     json.dumps(ch), last, note)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bin', default=os.path.join(ROOT, 'build-san/staffplan'))
    ap.add_argument('--work', default='/tmp/sp-sweep')
    ap.add_argument('--bases', default=','.join(BASES), help='geninstance sizes to draw from')
    ap.add_argument('n', type=int)
    ap.add_argument('seed', type=int)
    a = ap.parse_args()
    R = random.Random(a.seed)
    os.makedirs(a.work, exist_ok=True)
    nbad = 0
    for i in range(a.n):
        bad, line = one(R, i, a.seed, a.work, a.bin, a.bases.split(','))
        nbad += bad
        print(line, flush=True)
    print('%d cases, %d bad (seed %d, %s)' % (a.n, nbad, a.seed, a.work))
    return 1 if nbad else 0


if __name__ == '__main__':
    sys.exit(main())
