#!/usr/bin/python3
"""ics_check.py - check staffplan's iCalendar files with independent parsers

Usage: /usr/bin/python3 tests/interop/ics_check.py ICS_DIR ROSTER_CSV
           [--previous OLD_ICS_DIR] [--expect-sequence-up] [--expect-cancelled]
           [--expect-same]

Run it with Debian's /usr/bin/python3 (python3-icalendar 4.0.3, python3-dateutil):
another python3 first on PATH may lack them or have other versions.

For every ICS_DIR/*.ics it checks
  - the bytes: UTF-8 without BOM, CRLF everywhere, no empty line, every
    physical line at most 75 octets and valid UTF-8 on its own (a fold never
    splits a character), no control characters;
  - the calendar: parsed by python3-icalendar; VERSION 2.0, PRODID, CALSCALE,
    METHOD:PUBLISH, X-WR-CALNAME, REFRESH-INTERVAL;VALUE=DURATION,
    X-PUBLISHED-TTL each exactly once;
  - time zones: every TZID used has exactly one VTIMEZONE, bare IANA names,
    no TZID on a UTC value, no floating times;
  - events: UID, DTSTAMP (UTC), DTSTART, DTEND, SEQUENCE, STATUS, SUMMARY
    exactly once, DTEND after DTSTART, UIDs unique in the file, no RRULE;
  - instants: each DTSTART/DTEND read three ways - python3-icalendar (pytz
    by TZID name), zoneinfo by TZID name, and the file's own VTIMEZONE
    (python3-icalendar's Timezone.to_tz) - gives the UTC start/end of the
    matching roster.csv row (shift or break), and no wall time is ambiguous
    or missing in its zone;
  - coverage: every roster row is in team.ics and in exactly one agent file,
    once each; the team SUMMARY starts with the agent's name (escaping round
    trip) and the agent file's X-WR-CALNAME is "Roster: <name>"; a cancelled
    event has no active roster row.
With --previous OLD_ICS_DIR (the files of an earlier export of the same
week) it checks the update rules: every old UID is still published in the
same file, SEQUENCE never goes down and goes up when DTSTART, DTEND, STATUS
or SUMMARY changed (it may also go up for an event that did not change, e.g.
a break whose shift moved), and an old active shift missing from the roster
is now STATUS:CANCELLED.  --expect-sequence-up / --expect-cancelled require
at least one such event (to prove the second run exercised the rule);
--expect-same requires every old event unchanged with the same SEQUENCE (a
second export of the same run).

Exit status 0 when everything holds; otherwise 1 with one line per problem.
"""
import argparse
import csv
import datetime as dt
import io
import os
import re
import sys
from zoneinfo import ZoneInfo

import icalendar
from dateutil import tz as dtz

UTC = dt.timezone.utc
NAME_RE = re.compile(r'^[A-Za-z0-9_-][A-Za-z0-9._-]*\.ics$')
problems = []


def problem(where, what):
    problems.append('%s: %s' % (where, what))


# ---- bytes ------------------------------------------------------------------

def check_bytes(name, data):
    if data.startswith(b'\xef\xbb\xbf'):
        problem(name, 'starts with a byte order mark')
    if not data.endswith(b'\r\n'):
        problem(name, 'does not end with CRLF')
    lines = data.split(b'\r\n')[:-1]
    for i, line in enumerate(lines, 1):
        if b'\n' in line or b'\r' in line:
            problem(name, 'line %d: bare LF or CR' % i)
        if not line:
            problem(name, 'line %d: empty line' % i)
        if len(line) > 75:
            problem(name, 'line %d: %d octets (more than 75)' % (i, len(line)))
        try:
            line.decode('utf-8')
        except UnicodeDecodeError:
            problem(name, 'line %d: not valid UTF-8 on its own (fold inside a character?)' % i)
        if any(b < 0x20 and b != 0x09 for b in line) or b'\x7f' in line:
            problem(name, 'line %d: control character' % i)


def content_lines(data):
    """Unfolded content lines as (name, params dict, value) tuples."""
    text = data.decode('utf-8', 'replace').replace('\r\n ', '').replace('\r\n\t', '')
    out = []
    for raw in text.split('\r\n'):
        if not raw:
            continue
        m = re.match(r'([A-Za-z0-9-]+)((?:;[^:;]+)*):(.*)$', raw)
        if not m:
            out.append((raw, {}, ''))
            continue
        params = {}
        for p in m.group(2).split(';')[1:]:
            k, _, v = p.partition('=')
            params[k.upper()] = v
        out.append((m.group(1).upper(), params, m.group(3)))
    return out


# ---- structure --------------------------------------------------------------

def check_structure(name, lines):
    """Counts and zone references on the raw content lines."""
    top = {}
    depth = []
    tzids_used, vtz_ids = set(), []
    for prop, params, value in lines:
        if prop == 'BEGIN':
            depth.append(value)
            continue
        if prop == 'END':
            if not depth or depth[-1] != value:
                problem(name, 'END:%s does not close %s' % (value, depth[-1] if depth else 'nothing'))
            else:
                depth.pop()
            continue
        if depth == ['VCALENDAR']:
            top.setdefault(prop, []).append((params, value))
        if depth[-1:] == ['VTIMEZONE'] and prop == 'TZID':
            vtz_ids.append(value)
        if 'TZID' in params:
            tzids_used.add(params['TZID'])
            if value.endswith('Z'):
                problem(name, '%s has a TZID on a UTC value' % prop)
        if prop in ('DTSTART', 'DTEND') and depth[-1:] == ['VEVENT']:
            if 'TZID' not in params and not value.endswith('Z') and params.get('VALUE') != 'DATE':
                problem(name, '%s:%s is a floating time' % (prop, value))
        if prop == 'RRULE' and depth[-1:] == ['VEVENT']:
            problem(name, 'event with RRULE')
    for prop, want in (('VERSION', '2.0'), ('PRODID', None), ('CALSCALE', 'GREGORIAN'),
                       ('METHOD', 'PUBLISH'), ('X-WR-CALNAME', None),
                       ('REFRESH-INTERVAL', None), ('X-PUBLISHED-TTL', None)):
        got = top.get(prop, [])
        if len(got) != 1:
            problem(name, '%s appears %d times (want once)' % (prop, len(got)))
        elif want and got[0][1] != want:
            problem(name, '%s is %r, want %r' % (prop, got[0][1], want))
    ri = top.get('REFRESH-INTERVAL', [])
    if ri and ri[0][0].get('VALUE') != 'DURATION':
        problem(name, 'REFRESH-INTERVAL without VALUE=DURATION')
    for t in tzids_used:
        if vtz_ids.count(t) != 1:
            problem(name, 'TZID %r has %d VTIMEZONEs (want 1)' % (t, vtz_ids.count(t)))
        if t.startswith('/'):
            problem(name, 'TZID %r is not a bare IANA name' % t)
    for t in vtz_ids:
        if t not in tzids_used:
            problem(name, 'VTIMEZONE %r is not used' % t)
    return tzids_used


# ---- times ------------------------------------------------------------------

def vtimezones(cal, name):
    """TZID -> tzinfo built from the file's own VTIMEZONE definitions, by
    python3-icalendar's Timezone.to_tz() or, for a rule with UNTIL (the UTC
    form RFC 5545 3.3.10 requires in a VTIMEZONE, which to_tz() of
    python3-icalendar 4.0.3 rejects through dateutil), by dateutil's own
    VTIMEZONE reader."""
    zones = {}
    for vtz in cal.walk('VTIMEZONE'):
        tzid = str(vtz['TZID'])
        try:
            zones[tzid] = vtz.to_tz()
            continue
        except ValueError as e:
            if 'UNTIL' not in str(e):
                problem(name, 'VTIMEZONE %s unreadable by python3-icalendar: %s' % (tzid, e))
                continue
        except Exception as e:
            problem(name, 'VTIMEZONE %s unreadable by python3-icalendar: %s' % (tzid, e))
            continue
        text = vtz.to_ical().decode('utf-8').replace('\r\n ', '')
        text = '\r\n'.join(l for l in text.split('\r\n') if not l.startswith('X-'))
        try:
            zones[tzid] = DateutilZone(dtz.tzical(io.StringIO(text)).get(tzid))
        except Exception as e:
            problem(name, 'VTIMEZONE %s unreadable by dateutil: %s' % (tzid, e))
    return zones


class DateutilZone:
    """dateutil tzinfo with the localize() of the pytz zones to_tz() returns."""
    def __init__(self, tz):
        self.tz = tz

    def localize(self, wall):
        return wall.replace(tzinfo=self.tz, fold=0)

    def __getattr__(self, attr):
        return getattr(self.tz, attr)


def instant(prop, zones, name, what):
    """UTC datetime of a DTSTART/DTEND, read three ways; None on a problem."""
    v = prop.dt
    if not isinstance(v, dt.datetime):
        problem(name, '%s is a date, not a date-time' % what)
        return None
    if v.tzinfo is None:
        problem(name, '%s is floating' % what)
        return None
    tzid = prop.params.get('TZID')
    pyical = v.astimezone(UTC)  # python3-icalendar's own reading (pytz by name)
    if not tzid:
        return pyical
    wall = v.replace(tzinfo=None)
    try:
        zi = ZoneInfo(tzid)
    except Exception:
        problem(name, '%s: TZID %r unknown to zoneinfo' % (what, tzid))
        return None
    a = wall.replace(tzinfo=zi, fold=0).astimezone(UTC)
    b = wall.replace(tzinfo=zi, fold=1).astimezone(UTC)
    if a != b:
        problem(name, '%s: %s is ambiguous or missing in %s' % (what, wall, tzid))
    if a != pyical:
        problem(name, '%s: python3-icalendar reads %s, zoneinfo %s' % (what, pyical, a))
    if tzid in zones:
        c = zones[tzid].localize(wall).astimezone(UTC)
        if c != a:
            problem(name, '%s: the VTIMEZONE reads %s, zoneinfo %s' % (what, c, a))
    return a


def text_form(s):
    """A name as a TEXT value can carry it: CR LF and CR become LF, TAB a
    space, other control characters go (what the exporter promises)."""
    s = re.sub(r'\r\n?', '\n', s).replace('\t', ' ')
    return ''.join(c for c in s if c == '\n' or not (ord(c) < 0x20 or ord(c) == 0x7f))


def sweep_zones(name, zones, years):
    """The file's VTIMEZONEs against zoneinfo: the UTC offset every 15
    minutes through the given years."""
    for tzid, tzinfo in zones.items():
        try:
            zi = ZoneInfo(tzid)
        except Exception:
            continue
        t = dt.datetime(min(years), 1, 1, tzinfo=UTC)
        stop = dt.datetime(max(years) + 1, 1, 1, tzinfo=UTC)
        while t < stop:
            a = t.astimezone(zi).utcoffset()
            b = t.astimezone(getattr(tzinfo, 'tz', tzinfo)).utcoffset()
            if a != b:
                problem(name, 'VTIMEZONE %s: offset %s at %s, zoneinfo says %s' % (tzid, b, t, a))
                break
            t += dt.timedelta(minutes=15)


def roster_time(s):
    t = dt.datetime.fromisoformat(s)
    if t.tzinfo is None:
        raise ValueError('time without offset: %r' % s)
    return t.astimezone(UTC)


# ---- files ------------------------------------------------------------------

def read_roster(path):
    rows = {}
    with open(path, newline='', encoding='utf-8') as f:
        for r in csv.DictReader(f):
            key = (r['agent_id'], r['date'])
            if key in rows:
                problem(path, 'two rows for agent %r on %s' % key)
            rows[key] = {
                'name': text_form(r['agent_name']),
                'start': roster_time(r['start']), 'end': roster_time(r['end']),
                'break': (roster_time(r['break_start']), roster_time(r['break_end']))
                if r.get('break_start') else None,
            }
    return rows


def load_dir(d):
    """file name -> (calendar, list of event dicts)."""
    out = {}
    for fn in sorted(os.listdir(d)):
        if not fn.endswith('.ics'):
            if '.tmp.' in fn:
                problem(fn, 'temporary file left behind')
            continue
        if not NAME_RE.match(fn):
            problem(fn, 'file name outside [A-Za-z0-9._-] or hidden')
        data = open(os.path.join(d, fn), 'rb').read()
        check_bytes(fn, data)
        lines = content_lines(data)
        check_structure(fn, lines)
        try:
            cal = icalendar.Calendar.from_ical(data)
        except Exception as e:
            problem(fn, 'python3-icalendar cannot parse it: %s' % e)
            continue
        zones = vtimezones(cal, fn)
        events, uids = [], set()
        for i, ev in enumerate(cal.walk('VEVENT')):
            where = '%s: event %d' % (fn, i + 1)
            for prop in ('UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'SEQUENCE', 'STATUS', 'SUMMARY'):
                if prop not in ev:
                    problem(where, 'no %s' % prop)
                elif isinstance(ev[prop], list):
                    problem(where, '%s appears %d times' % (prop, len(ev[prop])))
            if 'DURATION' in ev:
                problem(where, 'DURATION besides DTEND')
            if any(p not in ev or isinstance(ev[p], list)
                   for p in ('UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'SEQUENCE', 'STATUS')):
                continue
            uid = str(ev['UID'])
            if uid in uids:
                problem(where, 'UID %s twice in the file' % uid)
            uids.add(uid)
            stamp = ev['DTSTAMP'].dt
            if not isinstance(stamp, dt.datetime) or stamp.utcoffset() != dt.timedelta(0):
                problem(where, 'DTSTAMP is not UTC')
            start = instant(ev['DTSTART'], zones, fn, '%s DTSTART' % uid)
            end = instant(ev['DTEND'], zones, fn, '%s DTEND' % uid)
            if start and end and end <= start:
                problem(where, 'DTEND %s not after DTSTART %s' % (end, start))
            events.append({
                'uid': uid, 'seq': int(ev['SEQUENCE']), 'status': str(ev['STATUS']),
                'summary': str(ev.get('SUMMARY', '')), 'start': start, 'end': end,
                'agent': str(ev.get('X-STAFFPLAN-AGENT-ID', '')),
                'date': str(ev.get('X-STAFFPLAN-DATE', '')),
                'break': str(ev.get('TRANSP', '')) == 'TRANSPARENT',
            })
        years = {e['start'].year for e in events if e['start']}
        sweep_zones(fn, zones, years | {y + 1 for y in years} if years else {dt.date.today().year})
        out[fn] = (cal, events)
    return out


def check_against_roster(files, roster):
    if 'team.ics' not in files:
        problem('team.ics', 'missing')
    seen_team, seen_agent = {}, {}
    for fn, (cal, events) in files.items():
        team = fn == 'team.ics'
        file_agent = str(cal.get('X-STAFFPLAN-AGENT-ID', ''))
        if not team and not file_agent:
            problem(fn, 'no X-STAFFPLAN-AGENT-ID')
        for e in events:
            where = '%s: %s' % (fn, e['uid'])
            key = (e['agent'], e['date'])
            if not team and e['agent'] != file_agent:
                problem(where, 'event of agent %r in the calendar of %r' % (e['agent'], file_agent))
            row = roster.get(key)
            if e['status'] == 'CANCELLED':
                if row and not e['break']:
                    problem(where, 'cancelled, but roster.csv has the shift of %r on %s' % key)
                continue
            if e['status'] != 'CONFIRMED':
                problem(where, 'STATUS %s' % e['status'])
            if not row:
                problem(where, 'no roster.csv row for agent %r on %s' % key)
                continue
            want = row['break'] if e['break'] else (row['start'], row['end'])
            if not want:
                problem(where, 'break event for a shift without a break')
            elif (e['start'], e['end']) != want:
                problem(where, 'UTC %s..%s, roster.csv has %s..%s' % (e['start'], e['end'], want[0], want[1]))
            if not e['break']:
                counter = seen_team if team else seen_agent
                counter[key] = counter.get(key, 0) + 1
                if team and not e['summary'].startswith(row['name'] + ': '):
                    problem(where, 'SUMMARY %r does not start with the name %r' % (e['summary'], row['name']))
                if not team and str(cal.get('X-WR-CALNAME', '')) != 'Roster: ' + row['name']:
                    problem(fn, 'X-WR-CALNAME %r, want %r' % (str(cal.get('X-WR-CALNAME')), 'Roster: ' + row['name']))
                    break
    for key, row in roster.items():
        if seen_team.get(key, 0) != 1:
            problem('team.ics', 'shift of %r on %s appears %d times' % (key[0], key[1], seen_team.get(key, 0)))
        if seen_agent.get(key, 0) != 1:
            problem('agent files', 'shift of %r on %s appears %d times' % (key[0], key[1], seen_agent.get(key, 0)))


def check_updates(old, new, roster, args):
    ups = cancels = 0
    for fn, (_, oevents) in old.items():
        if fn not in new:
            problem(fn, 'published before, missing now')
            continue
        nmap = {e['uid']: e for e in new[fn][1]}
        for o in oevents:
            n = nmap.get(o['uid'])
            where = '%s: %s' % (fn, o['uid'])
            if not n:
                problem(where, 'published before, missing now (must stay, CANCELLED if removed)')
                continue
            if n['seq'] < o['seq']:
                problem(where, 'SEQUENCE went down from %d to %d' % (o['seq'], n['seq']))
            changed = any(o[k] != n[k] for k in ('start', 'end', 'status', 'summary'))
            if changed and n['seq'] <= o['seq']:
                problem(where, 'changed but SEQUENCE stayed %d' % n['seq'])
            if args.expect_same and (changed or n['seq'] != o['seq']):
                problem(where, 'changed (SEQUENCE %d -> %d) in an export of the same run' % (o['seq'], n['seq']))
            if changed and n['seq'] > o['seq']:
                ups += 1
            if o['status'] == 'CONFIRMED' and not o['break'] and (o['agent'], o['date']) not in roster:
                if n['status'] != 'CANCELLED':
                    problem(where, 'shift gone from roster.csv but STATUS %s' % n['status'])
                else:
                    cancels += 1
    if args.expect_sequence_up and ups == 0:
        problem('--previous', 'no event changed with a higher SEQUENCE')
    if args.expect_cancelled and cancels == 0:
        problem('--previous', 'no shift was cancelled')
    return ups, cancels


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('ics_dir')
    ap.add_argument('roster_csv')
    ap.add_argument('--previous')
    ap.add_argument('--expect-sequence-up', action='store_true')
    ap.add_argument('--expect-cancelled', action='store_true')
    ap.add_argument('--expect-same', action='store_true')
    args = ap.parse_args()

    roster = read_roster(args.roster_csv)
    files = load_dir(args.ics_dir)
    check_against_roster(files, roster)
    nev = sum(len(ev) for _, ev in files.values())
    ncan = sum(1 for _, ev in files.values() for e in ev if e['status'] == 'CANCELLED')
    summary = '%d files, %d events (%d cancelled), %d roster rows' % (len(files), nev, ncan, len(roster))
    if args.previous:
        n = len(problems)
        old = load_dir(args.previous)  # checked when it was written: read only
        del problems[n:]
        ups, cancels = check_updates(old, files, roster, args)
        summary += '; against %s: %d events changed with a higher SEQUENCE, %d shifts cancelled' % (
            args.previous, ups, cancels)
    if problems:
        for p in problems[:100]:
            print('ics_check: ' + p, file=sys.stderr)
        print('ics_check: FAILED, %d problems (%s)' % (len(problems), summary), file=sys.stderr)
        return 1
    print('ics_check: ok, ' + summary)
    return 0


if __name__ == '__main__':
    sys.exit(main())
