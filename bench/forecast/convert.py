#!/usr/bin/python3
"""convert.py - the real series of bench-forecast in staffplan's history shapes

usage: convert.py REALDATA OUTDIR

Writes into OUTDIR:
  bank1999.csv    interval counts start,volume: the Anonymous Bank's whole
                  1999 in 6-minute counts (all calls that reached the VRU);
  bank2003.csv    interval counts start,volume: the US bank's 164 weekdays
                  of 2003 in 5-minute counts (DateTime as written, with the
                  Z of the R export: the times are local clock times);
  aug1999.csv     contact records arrived,queue,language,handle_seconds,
                  waited_seconds,abandoned: August 1999 of the Anonymous
                  Bank, one row per call that asked for an agent (served,
                  or queued and hung up), queue = the service type;
  plan.ini        30-minute intervals, wall-clock time (UTC: the files hold
                  local clock times without offsets), a queue per type.
"""
import csv, os, sys

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)

with open(os.path.join(out, 'bank1999.csv'), 'w') as f:
    f.write('start,volume\n')
    for r in csv.DictReader(open(os.path.join(src, 'anonymous-bank-1999-6min', 'callcenter_1999_6min.csv'))):
        f.write('%sT%s,%s\n' % (r['date'], r['interval_start'], r['calls']))

with open(os.path.join(out, 'bank2003.csv'), 'w') as f:
    f.write('start,volume\n')
    for r in csv.DictReader(open(os.path.join(src, 'us-bank-5min-2003', 'bank_calls_5min.csv'))):
        f.write('%s,%s\n' % (r['DateTime'], r['Calls']))

types = set()
with open(os.path.join(out, 'aug1999.csv'), 'w') as f:
    f.write('arrived,queue,language,handle_seconds,waited_seconds,abandoned\n')
    rows = csv.DictReader(open(os.path.join(src, 'anonymous-bank-1999-08', 'august1999_calls.tsv')),
                          delimiter='\t')
    for r in rows:
        queued = r['q_start'] != '0:00:00'
        if r['outcome'] == 'PHANTOM' or (r['outcome'] == 'HANG' and not queued):
            continue
        h, m, s = r['vru_entry'].split(':')
        q = r['type'].lower()
        types.add(q)
        served = r['outcome'] == 'AGENT'
        f.write('%sT%02d:%s:%s,%s,he,%s,%s,%d\n' % (r['date'], int(h), m, s, q,
                r['ser_time'] if served else '', r['q_time'] if queued else '0',
                0 if served else 1))

with open(os.path.join(out, 'plan.ini'), 'w') as f:
    f.write('[site]\ntimezone = UTC\ninterval_minutes = 30\n')
    for q in sorted(types):
        if q not in ('chat', 'email'):
            f.write('[queue.%s]\n' % q)
