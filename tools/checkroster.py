#!/usr/bin/python3
"""checkroster.py - an independent checker of one staffplan run, from SPEC.md

Reads the run's inputs (plan.ini, forecast.csv, agents.csv, availability.csv)
and its outputs (roster.csv, coverage.csv, requirements.csv, kpis.json) and
checks them against the SPEC alone: every hard rule of §4.2 and §7 per agent
and per 7-day week from the horizon start, the shift shapes the config
allows, a previous roster's carry-over (rest, days in a row, a shift still
running at the horizon start), the requirement of §4.1 (Erlang C recomputed),
the least understaffing any allocation of on-duty agent time to cells
achieves (a max-flow per interval, §4.2 "its time divisible among them"),
and every KPI of §5.4.  It shares no code with staffplan on purpose: an
independent reading of the SPEC finds what the planner's own tests cannot.

    checkroster.py INPUT_DIR OUT_DIR [--previous ROSTER|none] [--requirements F]
        [--config F] [--forecast F] [--agents F] [--availability F|none]
        [--set SECTION.KEY=VALUE]... [--baseline ROSTER] [--db F] [--quiet]

Prints one line per violation ("VIOLATION <rule>: ...", naming the agent,
day and week where there is one) and one per note (a figure the SPEC does
not fix exactly, such as fairness); exit 0 when there is no violation, 1
when there is one, 2 when an input cannot be read.  Python 3 standard
library only.
"""
import argparse
import configparser
import csv
import datetime as dt
import json
import math
import os
import sys
from collections import defaultdict
from zoneinfo import ZoneInfo

EPS = 1e-6


class Unreadable(Exception):
    """An input the checker cannot read: exit 2."""


# ---------------------------------------------------------------- config

DEFAULTS = {
    'site': {'timezone': 'UTC', 'interval_minutes': '60'},
    'service': {'aht_seconds': '300', 'target_service_level': '0.80',
                'target_answer_seconds': '60', 'max_occupancy': '0.85',
                'shrinkage': '0.30', 'bot_deflection': '0.0', 'concurrency': '1',
                'patience_seconds': '0', 'max_abandon_rate': '1'},
    'agents': {'min_hours': '0', 'max_hours': '40', 'max_days': '5',
               'cost_per_hour': '20', 'min_consecutive_days_off': '0'},
    'shifts': {'lengths_hours': '4,6,8,10', 'start_step_minutes': '60',
               'earliest_start': '00:00', 'latest_start': '23:00',
               'break_minutes': '60', 'break_after_hours': '6',
               'break_window_hours': '2,5', 'min_rest_hours': '11',
               'max_consecutive_days': '6'},
    'costs': {'understaffing_penalty': '500', 'preferred_off_penalty': '10',
              'night_premium': '0.0', 'night_start': '22:00', 'night_end': '06:00',
              'change_penalty': '50', 'hire_cost_per_week': '1500'},
}
SERVICE_KEYS = list(DEFAULTS['service'])


def hhmm(s):
    h, m = s.strip().split(':')
    return int(h) * 60 + int(m)


class Config:
    def __init__(self, path, sets):
        cp = configparser.ConfigParser(comment_prefixes=(';', '#'),
                                       inline_comment_prefixes=(';', '#'),
                                       interpolation=None)
        try:
            with open(path, encoding='utf-8') as f:
                cp.read_file(f)
        except (OSError, configparser.Error) as e:
            raise Unreadable('%s: %s' % (path, e))
        for s in sets:
            key, _, val = s.partition('=')
            sec, _, k = key.rpartition('.')
            if not sec or not _:
                raise Unreadable('--set %s: expected SECTION.KEY=VALUE' % s)
            if not cp.has_section(sec):
                cp.add_section(sec)
            cp.set(sec, k, val)
        self.cp = cp

        def get(sec, key):
            if cp.has_option(sec, key):
                return cp.get(sec, key).strip()
            return DEFAULTS[sec][key]
        try:
            self.tz = ZoneInfo(get('site', 'timezone'))
            self.interval = int(get('site', 'interval_minutes')) * 60
            a = {k: get('agents', k) for k in DEFAULTS['agents']}
            self.min_hours = float(a['min_hours'])
            self.max_hours = float(a['max_hours'])
            self.max_days = int(a['max_days'])
            self.cost_per_hour = float(a['cost_per_hour'])
            self.min_days_off = int(a['min_consecutive_days_off'])
            s = {k: get('shifts', k) for k in DEFAULTS['shifts']}
            self.lengths = [float(x) for x in s['lengths_hours'].split(',')]
            self.step = int(s['start_step_minutes'])
            self.earliest = hhmm(s['earliest_start'])
            self.latest = hhmm(s['latest_start'])
            self.break_min = float(s['break_minutes'])
            self.break_after = float(s['break_after_hours'])
            w = s['break_window_hours'].split(',')
            self.break_w = (float(w[0]), float(w[1]))
            self.min_rest = float(s['min_rest_hours'])
            self.max_consec = int(s['max_consecutive_days'])
            c = {k: get('costs', k) for k in DEFAULTS['costs']}
            self.under_pen = float(c['understaffing_penalty'])
            self.pref_pen = float(c['preferred_off_penalty'])
            self.night_premium = float(c['night_premium'])
            self.night_start = hhmm(c['night_start'])
            self.night_end = hhmm(c['night_end'])
            self.change_pen = float(c['change_penalty'])
            self.service = {k: float(get('service', k)) for k in SERVICE_KEYS}
            # queues: the [queue.NAME] sections plus chat and email (§3.1)
            self.queues = {}
            names = ['chat', 'email'] + [x[6:] for x in cp.sections() if x.startswith('queue.')]
            for q in names:
                sec = 'queue.' + q
                p = dict(self.service)
                for k in SERVICE_KEYS:
                    if cp.has_option(sec, k):
                        p[k] = float(cp.get(sec, k))
                p['min_agents'] = float(cp.get(sec, 'min_agents')) if cp.has_option(sec, 'min_agents') else 0.0
                r = cp.get(sec, 'restricted').strip().lower() if cp.has_option(sec, 'restricted') else 'false'
                p['restricted'] = r in ('true', 'yes', '1', 'on')
                self.queues[q] = p
        except (ValueError, KeyError, IndexError, LookupError) as e:
            raise Unreadable('%s: bad value: %s' % (path, e))


# ---------------------------------------------------------------- files and times

def read_csv(path, required):
    """[(line number, row dict)] of a CSV file with '#' comment lines."""
    try:
        with open(path, encoding='utf-8', newline='') as f:
            text = f.read()
    except OSError as e:
        raise Unreadable('cannot read %s: %s' % (path, e))
    lines = text.splitlines(keepends=True)
    keep = [(i + 1, l) for i, l in enumerate(lines) if not l.startswith('#') and l.strip()]
    if not keep:
        raise Unreadable('%s: no header row' % path)
    reader = csv.reader([l for _, l in keep])
    header = [h.strip() for h in next(reader)]
    for col in required:
        if col not in header:
            raise Unreadable('%s: no column %r' % (path, col))
    rows = []
    for (ln, _), vals in zip(keep[1:], reader):
        rows.append((ln, {h: (vals[i] if i < len(vals) else '') for i, h in enumerate(header)}))
    return rows


def parse_ts(s, tz, where):
    """Epoch seconds of an ISO 8601 time (local site time without an offset)."""
    s = s.strip()
    try:
        if s.endswith('Z'):
            s = s[:-1] + '+00:00'
        d = dt.datetime.fromisoformat(s)
    except ValueError:
        raise Unreadable('%s: bad time %r' % (where, s))
    if d.tzinfo is None:
        d = d.replace(tzinfo=tz)
    return int(round(d.timestamp()))


def local(ts, tz):
    return dt.datetime.fromtimestamp(ts, tz)


def midnight(day, tz):
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=tz).timestamp())


def overlap(a0, a1, b0, b1):
    return max(0, min(a1, b1) - max(a0, b0))


def lang(s):
    """A language tag for comparing: BCP 47 tags are case-insensitive (HE is he)."""
    return s.strip().lower()


def num(s, where):
    try:
        return float(s)
    except ValueError:
        raise Unreadable('%s: expected a number, got %r' % (where, s))


# ---------------------------------------------------------------- Erlang C (§4.1)

def erlang_nstar(lam, h, delta, t, target, occ):
    """(N*, service level of N*, traffic A) of §4.1, by the Erlang B recursion."""
    if lam <= 0:
        return 0, 1.0, 0.0
    a = lam * h / delta
    b = 1.0
    n = 0
    while True:
        n += 1
        b = a * b / (n + a * b)
        if n <= a:
            continue
        c = n * b / (n - a * (1 - b))
        sl = 1 - c * math.exp(-(n - a) * t / h)
        if sl >= target and a / n <= occ:
            return n, sl, a


def erlang_sl(n, lam, h, delta, t):
    """Projected service level with n agents (0 when n <= A: the queue grows)."""
    if lam <= 0:
        return 1.0
    a = lam * h / delta
    if n <= a:
        return 0.0
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    c = n * b / (n - a * (1 - b))
    return 1 - c * math.exp(-(n - a) * t / h)


# ---------------------------------------------------------------- max flow

def maxflow(groups, caps):
    """Greatest flow from agent groups [(capacity, [cell index])] to cells of
    capacity caps[i]: the most requirement on-duty time can cover (Dinic)."""
    ng, nc = len(groups), len(caps)
    src, snk = ng + nc, ng + nc + 1
    adj = [[] for _ in range(ng + nc + 2)]
    to, cap = [], []

    def edge(u, v, c):
        adj[u].append(len(to)); to.append(v); cap.append(c)
        adj[v].append(len(to)); to.append(u); cap.append(0.0)
    big = sum(g[0] for g in groups) + 1.0
    for i, (c, cells) in enumerate(groups):
        if c > 0:
            edge(src, i, c)
            for j in cells:
                edge(i, ng + j, big)
    for j, c in enumerate(caps):
        if c > 0:
            edge(ng + j, snk, c)
    flow = 0.0
    while True:
        level = [-1] * len(adj)
        level[src] = 0
        q = [src]
        for u in q:
            for e in adj[u]:
                if cap[e] > 1e-12 and level[to[e]] < 0:
                    level[to[e]] = level[u] + 1
                    q.append(to[e])
        if level[snk] < 0:
            return flow
        it = [0] * len(adj)

        def dfs(u, f):
            if u == snk:
                return f
            while it[u] < len(adj[u]):
                e = adj[u][it[u]]
                v = to[e]
                if cap[e] > 1e-12 and level[v] == level[u] + 1:
                    d = dfs(v, min(f, cap[e]))
                    if d > 1e-12:
                        cap[e] -= d
                        cap[e ^ 1] += d
                        return d
                it[u] += 1
            return 0.0
        while True:
            f = dfs(src, big)
            if f <= 1e-12:
                break
            flow += f


# ---------------------------------------------------------------- the checker

class Shift:
    def __init__(self, agent, start, end, paid, bs, be, queues, langs, day, line, src):
        self.agent, self.start, self.end, self.paid = agent, start, end, paid
        self.bs, self.be = bs, be
        self.queues, self.langs = queues, langs
        self.day, self.line, self.src = day, line, src

    def duty(self, t0, t1):
        """Seconds on duty (not on break) inside [t0, t1)."""
        d = overlap(self.start, self.end, t0, t1)
        if self.bs is not None:
            d -= overlap(self.bs, self.be, t0, t1)
        return d


class Checker:
    def __init__(self, args):
        self.args = args
        self.violations = 0
        self.notes = 0

    def bad(self, rule, msg, agent=None, day=None, week=None, where=None):
        self.violations += 1
        ctx = []
        if where:
            ctx.append(where)
        if agent is not None:
            ctx.append('agent %s' % agent)
        if day is not None:
            ctx.append('day %s' % day)
        if week is not None:
            ctx.append('week %d' % week)
        print('VIOLATION %s: %s%s' % (rule, ', '.join(ctx) + ': ' if ctx else '', msg))

    def note(self, msg):
        self.notes += 1
        if not self.args.quiet:
            print('note: %s' % msg)

    def kpi(self, k, name, mine, tol_rel=1e-8, tol_abs=1e-3):
        v = k.get(name)
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            self.bad('kpi-%s' % name, 'kpis.json has %r, expected the number %.6f' % (v, mine))
            return
        if abs(v - mine) > tol_abs + tol_rel * max(abs(v), abs(mine)):
            self.bad('kpi-%s' % name, 'kpis.json says %.6f, the checker computes %.6f (difference %+.6f)'
                     % (v, mine, v - mine))

    # ------------------------------------------------------------ inputs

    def load_inputs(self):
        a = self.args
        path = lambda opt, name: opt if opt else os.path.join(a.input_dir, name)
        self.cfg = cfg = Config(path(a.config, 'plan.ini'), a.set or [])
        tz = cfg.tz
        self.tz = tz
        fpath = path(a.forecast, 'forecast.csv')
        rows = read_csv(fpath, ['start', 'language', 'volume'])
        if not rows:
            raise Unreadable('%s: no rows' % fpath)
        self.fc = {}
        self.pairs = set()
        for ln, r in rows:
            w = '%s:%d' % (fpath, ln)
            q = r.get('queue', '').strip() or 'chat'
            l = lang(r['language'])
            ts = parse_ts(r['start'], tz, w)
            aht = r.get('aht', '').strip()
            aht = num(aht, w) if aht else None
            self.fc[(ts, q, l)] = (num(r['volume'], w), aht)
            self.pairs.add((q, l))
        days = sorted({local(ts, tz).date() for ts, _, _ in self.fc})
        self.day0 = days[0]
        ndays = (days[-1] - days[0]).days + 1
        if ndays > 7 and ndays % 7:
            raise Unreadable('%s: %d days, expected up to 7 or whole weeks (§3.1)' % (fpath, ndays))
        self.ndays = ndays
        self.days = [self.day0 + dt.timedelta(d) for d in range(ndays)]
        self.h0 = midnight(self.day0, tz)
        self.h1 = midnight(self.day0 + dt.timedelta(ndays), tz)
        self.intervals = list(range(self.h0, self.h1, cfg.interval))
        self.cells = sorted(self.pairs)

        apath = path(a.agents, 'agents.csv')
        self.agents = {}
        default_q = [q for q, p in cfg.queues.items() if not p['restricted']]
        for ln, r in read_csv(apath, ['id', 'name', 'languages']):
            w = '%s:%d' % (apath, ln)
            g = lambda k: r.get(k, '').strip()
            ag = {
                'name': r['name'],
                'langs': set(lang(x) for x in r['languages'].split(';') if x.strip()),
                'queues': set(x.strip() for x in g('queues').split(';') if x.strip()) or set(default_q),
                'min_hours': num(g('min_hours'), w) if g('min_hours') else cfg.min_hours,
                'max_hours': num(g('max_hours'), w) if g('max_hours') else cfg.max_hours,
                'max_days': int(num(g('max_days'), w)) if g('max_days') else cfg.max_days,
                'cph': num(g('cost_per_hour'), w) if g('cost_per_hour') else cfg.cost_per_hour,
            }
            self.agents[r['id']] = ag

        self.unavail = defaultdict(list)
        self.prefoff = defaultdict(list)
        avpath = path(a.availability, 'availability.csv')
        if a.availability != 'none' and os.path.exists(avpath):
            for ln, r in read_csv(avpath, ['agent_id', 'start', 'end', 'type']):
                w = '%s:%d' % (avpath, ln)
                iv = (parse_ts(r['start'], tz, w), parse_ts(r['end'], tz, w))
                t = r['type'].strip()
                if t == 'unavailable':
                    self.unavail[r['agent_id']].append(iv)
                elif t == 'preferred_off':
                    self.prefoff[r['agent_id']].append(iv)
                else:
                    raise Unreadable('%s: type %r' % (w, t))

    def load_roster(self, path, previous):
        """Shifts of a roster.csv (§5.2); a previous roster needs only
        agent_id, start and end (§7: "a roster.csv in §5.2's format")."""
        tz = self.tz
        out = []
        for ln, r in read_csv(path, ['agent_id', 'start', 'end']):
            w = '%s:%d' % (os.path.basename(path), ln)
            g = lambda k: r.get(k, '').strip()
            aid = r['agent_id']
            s, e = parse_ts(r['start'], tz, w), parse_ts(r['end'], tz, w)
            bs = parse_ts(g('break_start'), tz, w) if g('break_start') else None
            be = parse_ts(g('break_end'), tz, w) if g('break_end') else None
            if (bs is None) != (be is None):
                if previous:
                    raise Unreadable('%s: a break needs break_start and break_end' % w)
            paid = num(g('paid_hours'), w) if g('paid_hours') else None
            qs = [x for x in g('queues').split(';') if x]
            ls = [lang(x) for x in g('languages').split(';') if x]
            day = g('date') or local(s, tz).date().isoformat()
            sh = Shift(aid, s, e, paid, bs, be, qs, ls, day, ln, w)
            sh.row = r
            if previous and aid not in self.agents:
                self.note('%s: previous shift of agent %s, who is not in agents.csv: ignored (§7)' % (w, aid))
                continue
            out.append(sh)
        return out

    def load_stored_roster(self, db, run_id):
        """The shifts of stored run run_id, from the run's database (§6):
        what `staffplan roster --run ID` prints, read without staffplan."""
        import sqlite3
        try:
            con = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
            rows = con.execute('SELECT agent_id, start_utc, end_utc, break_start_utc, break_end_utc, '
                               'paid_minutes, queues, languages, date FROM run_shifts WHERE run_id = ? '
                               'ORDER BY seq', (run_id,)).fetchall()
            con.close()
        except sqlite3.Error as e:
            raise Unreadable('%s: %s' % (db, e))
        if not rows:
            raise Unreadable('%s: no shifts of run %d (is it the database of this run?)' % (db, run_id))
        out = []
        for k, (aid, s, e, bs, be, paid, qs, ls, day) in enumerate(rows, 1):
            w = '%s, run %d shift %d' % (db, run_id, k)
            if aid not in self.agents:
                self.note('%s: previous shift of agent %s, who is not in agents.csv: ignored (§7)' % (w, aid))
                continue
            out.append(Shift(aid, s, e, paid / 60, bs or None, be or None, [x for x in qs.split(';') if x],
                             [lang(x) for x in ls.split(';') if x], day, k, w))
        return out

    # ------------------------------------------------------------ rules

    def week_of(self, day):
        d = (dt.date.fromisoformat(day) - self.day0).days
        return d // 7 + 1 if 0 <= d < self.ndays else None

    def check_shift(self, sh):
        cfg, tz = self.cfg, self.tz
        ag = self.agents.get(sh.agent)
        wk = self.week_of(sh.day) if len(sh.day) == 10 else None
        ctx = dict(agent=sh.agent, day=sh.day, week=wk, where=sh.src)
        if ag is None:
            self.bad('agent', 'not in agents.csv', **ctx)
            return False
        if sh.row.get('agent_name', ag['name']) != ag['name']:
            self.bad('format', 'agent_name %r, agents.csv says %r' % (sh.row.get('agent_name'), ag['name']), **ctx)
        # times carry the site's offset at that instant (§5.2)
        for col in ('start', 'end', 'break_start', 'break_end'):
            v = sh.row.get(col, '').strip()
            if not v:
                continue
            d = dt.datetime.fromisoformat(v.replace('Z', '+00:00'))
            want = local(int(d.timestamp()), tz).utcoffset()
            if d.utcoffset() != want:
                self.bad('format', '%s %s does not carry the site offset %s' % (col, v, want), **ctx)
        ls = local(sh.start, tz)
        if ls.date().isoformat() != sh.day:
            self.bad('date', 'date %s, but the shift starts on site-local day %s' % (sh.day, ls.date()), **ctx)
        if wk is None:
            self.bad('horizon', 'the shift starts outside the horizon %s .. %s' % (self.days[0], self.days[-1]), **ctx)
        mins = ls.hour * 60 + ls.minute
        if ls.second or mins % cfg.step:
            self.bad('start-grid', 'starts at %s, not on the %d-minute grid' % (ls.strftime('%H:%M'), cfg.step), **ctx)
        if not cfg.earliest <= mins <= cfg.latest:
            self.bad('start-window', 'starts at %s, outside [%02d:%02d, %02d:%02d]' % (
                ls.strftime('%H:%M'), cfg.earliest // 60, cfg.earliest % 60, cfg.latest // 60, cfg.latest % 60), **ctx)
        if sh.paid is None or not any(abs(sh.paid - L) < EPS for L in cfg.lengths):
            self.bad('length', 'paid_hours %s is not one of lengths_hours %s' % (sh.paid, cfg.lengths), **ctx)
        paid = sh.paid or 0.0
        span = sh.end - sh.start
        # break_minutes = 0: no shift has a break (roster.csv leaves the
        # break columns empty, SPEC 5.2)
        if paid > cfg.break_after + EPS and cfg.break_min > 0:
            brk = cfg.break_min * 60
            if sh.bs is None:
                self.bad('break', '%g paid hours > break_after_hours %g but no break' % (paid, cfg.break_after), **ctx)
            else:
                off = sh.bs - sh.start
                if off % cfg.interval:
                    self.bad('break', 'break starts %g min after the shift start, not a whole number of intervals' % (off / 60), **ctx)
                if not cfg.break_w[0] * 3600 - EPS <= off <= cfg.break_w[1] * 3600 + EPS:
                    self.bad('break', 'break starts %g h into the shift, outside break_window_hours %g..%g' % (
                        off / 3600, cfg.break_w[0], cfg.break_w[1]), **ctx)
                if abs(sh.be - sh.bs - brk) > EPS:
                    self.bad('break', 'break lasts %g min, break_minutes is %g' % ((sh.be - sh.bs) / 60, cfg.break_min), **ctx)
                if sh.be > sh.end:
                    self.bad('break', 'break ends after the shift', **ctx)
            if abs(span - (paid * 3600 + brk)) > EPS:
                self.bad('span', 'lasts %g h from start to end, expected paid %g h + break %g min' % (
                    span / 3600, paid, cfg.break_min), **ctx)
        else:
            if sh.bs is not None and cfg.break_min <= 0:
                self.bad('break', 'has a break, but break_minutes is 0', **ctx)
            elif sh.bs is not None:
                self.bad('break', '%g paid hours <= break_after_hours %g but has a break' % (paid, cfg.break_after), **ctx)
            if abs(span - paid * 3600) > EPS:
                self.bad('span', 'lasts %g h from start to end, paid_hours is %g' % (span / 3600, paid), **ctx)
        for q in sh.queues:
            if q not in ag['queues']:
                self.bad('queue', 'serves queue %s; the agent may serve %s' % (q, ';'.join(sorted(ag['queues']))), **ctx)
        for l in sh.langs:
            if l not in ag['langs']:
                self.bad('language', 'serves language %s; the agent speaks %s' % (l, ';'.join(sorted(ag['langs']))), **ctx)
        if not sh.queues or not sh.langs:
            # §5.2 lists "those the agent serves in this shift": an empty
            # list is a shift that serves nothing, odd but not a broken rule
            self.note('%s: agent %s day %s: empty queues or languages column (counted as all the agent may serve)'
                      % (sh.src, sh.agent, sh.day))
        for u0, u1 in self.unavail.get(sh.agent, []):
            if overlap(sh.start, sh.end, u0, u1) > 0:
                self.bad('unavailable', 'the shift %s .. %s overlaps unavailable time %s .. %s' % (
                    local(sh.start, tz).strftime('%m-%d %H:%M'), local(sh.end, tz).strftime('%m-%d %H:%M'),
                    local(u0, tz).strftime('%m-%d %H:%M'), local(u1, tz).strftime('%m-%d %H:%M')), **ctx)
        return True

    def check_agent(self, aid, shifts, prev):
        cfg, tz = self.cfg, self.tz
        ag = self.agents[aid]
        byday = defaultdict(list)
        for sh in shifts:
            byday[sh.day].append(sh)
        for day, l in byday.items():
            if len(l) > 1:
                self.bad('one-shift-a-day', '%d shifts on one day' % len(l), agent=aid, day=day, week=self.week_of(day))
        # weekly rules, each 7-day week from the horizon start (§7)
        nweeks = (self.ndays + 6) // 7
        for w in range(nweeks):
            wdays = self.days[7 * w: 7 * w + 7]
            names = {d.isoformat() for d in wdays}
            ws = [sh for sh in shifts if sh.day in names]
            hours = sum(sh.paid or 0 for sh in ws)
            if hours < ag['min_hours'] - EPS or hours > ag['max_hours'] + EPS:
                self.bad('weekly-hours', '%g paid hours, allowed [%g, %g]' % (hours, ag['min_hours'], ag['max_hours']),
                         agent=aid, week=w + 1)
            nd = len({sh.day for sh in ws})
            if nd > ag['max_days']:
                self.bad('max-days', '%d days worked, max_days %d' % (nd, ag['max_days']), agent=aid, week=w + 1)
            # a week shorter than the run (a horizon of fewer days) has
            # no such rule, as the planner reads it (bench/NOTES-scarce.md)
            if 0 < cfg.min_days_off <= len(wdays):
                run = best = 0
                for d in wdays:
                    run = 0 if d.isoformat() in byday else run + 1
                    best = max(best, run)
                if best < cfg.min_days_off:
                    self.bad('days-off', 'longest run of days off %d < min_consecutive_days_off %d' % (best, cfg.min_days_off),
                             agent=aid, week=w + 1)
        # rest and overlap across the horizon and its start (§7)
        seq = sorted(prev + shifts, key=lambda s: (s.start, s.end))
        for a, b in zip(seq, seq[1:]):
            if a in prev and b in prev:
                continue
            if b.start < a.end:
                rule = 'previous-running' if a in prev else 'overlap'
                self.bad(rule, 'the shift starting %s overlaps the shift %s .. %s (%s)' % (
                    local(b.start, tz).strftime('%m-%d %H:%M'), local(a.start, tz).strftime('%m-%d %H:%M'),
                    local(a.end, tz).strftime('%m-%d %H:%M'), a.src), agent=aid, day=b.day, week=self.week_of(b.day))
            elif b.start - a.end < cfg.min_rest * 3600 - EPS:
                self.bad('rest', '%.2f h between the end of %s (%s) and the next start, min_rest_hours %g' % (
                    (b.start - a.end) / 3600, a.day, a.src, cfg.min_rest), agent=aid, day=b.day, week=self.week_of(b.day))
        # days in a row, counting the previous roster's days up to the horizon
        worked = {dt.date.fromisoformat(sh.day) for sh in prev + shifts}
        horizon = set(self.days)
        reported = set()
        for d in sorted(worked):
            if d in reported or (d - dt.timedelta(1)) in worked:
                continue
            run = [d]
            while run[-1] + dt.timedelta(1) in worked:
                run.append(run[-1] + dt.timedelta(1))
            reported.update(run)
            if len(run) > cfg.max_consec and any(x in horizon for x in run):
                day = run[cfg.max_consec]
                self.bad('consecutive-days', '%d days in a row %s .. %s, max_consecutive_days %d' % (
                    len(run), run[0], run[-1], cfg.max_consec), agent=aid, day=day.isoformat(),
                    week=self.week_of(day.isoformat()))

    # ------------------------------------------------------------ requirement

    def requirement(self):
        """r(q, l, t) of §4.1 for every cell, keyed (t, q, l)."""
        delta = self.cfg.interval
        req = {}
        self.arrivals = {}
        self.reqinfo = {}
        for q, l in self.cells:
            p = self.cfg.queues.get(q)
            if p is None:
                self.bad('forecast', 'queue %s is not known to plan.ini' % q)
                p = dict(self.cfg.service, min_agents=0.0, restricted=False)
            for t in self.intervals:
                v, aht = self.fc.get((t, q, l), (0.0, None))
                h = (aht if aht else p['aht_seconds']) / p['concurrency']
                lam = v * (1 - p['bot_deflection'])
                self.arrivals[(t, q, l)] = (lam, h, p)
                if p['patience_seconds'] > 0:
                    continue  # Erlang A (§8): taken from requirements.csv
                n, sl, a = erlang_nstar(lam, h, delta, p['target_answer_seconds'],
                                        p['target_service_level'], p['max_occupancy'])
                req[(t, q, l)] = max(n, p['min_agents']) / (1 - p['shrinkage'])
                self.reqinfo[(t, q, l)] = (n, sl, a)
        for (t, q, l) in self.fc:
            if not (self.h0 <= t < self.h1) or (t - self.h0) % delta:
                self.bad('forecast', 'row at %s (%s, %s) is not on the interval grid of the horizon' % (
                    local(t, self.tz).isoformat(), q, l))
        return req

    def check_requirements_csv(self, path, req):
        rows = read_csv(path, ['start', 'queue', 'language', 'agents', 'required'])
        got = {}
        for ln, r in rows:
            w = '%s:%d' % (os.path.basename(path), ln)
            key = (parse_ts(r['start'], self.tz, w), r['queue'], lang(r['language']))
            got[key] = (num(r['agents'], w), num(r['required'], w), w)
        missing = [k for k in self.arrivals if k not in got]
        extra = [k for k in got if k not in self.arrivals]
        if missing:
            t, q, l = missing[0]
            self.bad('requirements', '%d cells missing from requirements.csv, first %s %s %s' % (
                len(missing), local(t, self.tz).isoformat(), q, l))
        if extra:
            t, q, l = extra[0]
            self.bad('requirements', '%d cells in requirements.csv outside the forecast pairs/horizon, first %s %s %s' % (
                len(extra), local(t, self.tz).isoformat(), q, l))
        nbad = 0
        for k, (n, r, w) in got.items():
            if k in self.reqinfo:
                mine_n = self.reqinfo[k][0]
                if abs(n - mine_n) > EPS or abs(r - req[k]) > 1e-5 + 1e-6 * r:
                    nbad += 1
                    if nbad <= 5:
                        self.bad('requirement', '%s: agents %g required %g, the checker computes N* %d required %.6f' % (
                            w, n, r, mine_n, req[k]))
            elif k in self.arrivals:
                req[k] = r  # Erlang A: the run's own table
        if nbad > 5:
            self.bad('requirement', '%d more cells differ' % (nbad - 5))

    # ------------------------------------------------------------ staffing

    def staffing(self, shifts, req):
        """Least understaffing (agent-hours) any allocation achieves, per
        interval by max-flow; also returns per-interval duty groups."""
        delta = self.cfg.interval
        cidx = {c: i for i, c in enumerate(self.cells)}
        self.duty_groups = {}
        self.skill_groups = {}
        under = under_skill = 0.0
        self.flow_under = {}
        starts = sorted(shifts, key=lambda s: s.start)
        for t in self.intervals:
            groups = defaultdict(float)
            skill = defaultdict(float)
            for sh in starts:
                if sh.start >= t + delta:
                    break
                if sh.end <= t:
                    continue
                d = sh.duty(t, t + delta)
                if d <= 0:
                    continue
                ag = self.agents[sh.agent]
                qs = sh.queues or sorted(ag['queues'])
                ls = sh.langs or sorted(ag['langs'])
                # only what the agent may serve counts (a rule breach is reported apart)
                key = tuple(sorted(cidx[(q, l)] for q in qs for l in ls
                                   if (q, l) in cidx and q in ag['queues'] and l in ag['langs']))
                if key:
                    groups[key] += d / delta
                key = tuple(sorted(cidx[(q, l)] for q in ag['queues'] for l in ag['langs'] if (q, l) in cidx))
                if key:
                    skill[key] += d / delta
            g = [(c, list(k)) for k, c in groups.items()]
            self.duty_groups[t] = g
            self.skill_groups[t] = [(c, list(k)) for k, c in skill.items()]
            caps = [req.get((t, q, l), 0.0) for q, l in self.cells]
            f = maxflow(g, caps)
            u = max(0.0, sum(caps) - f)
            self.flow_under[t] = u
            under += u * delta / 3600
            under_skill += max(0.0, sum(caps) - maxflow(self.skill_groups[t], caps)) * delta / 3600
        if under_skill < under - 1e-6:
            # not a broken rule: the roster tells agents to serve less than they could
            self.note('the roster\'s queues/languages columns cost %.4f understaffed agent-hours: '
                      '%.4f if every agent served all it may serve' % (under - under_skill, under_skill))
        return under

    def check_coverage(self, path, req, kpis):
        rows = read_csv(path, ['start', 'queue', 'language', 'required', 'staffed', 'understaffed'])
        delta = self.cfg.interval
        got = {}
        for ln, r in rows:
            w = '%s:%d' % (os.path.basename(path), ln)
            key = (parse_ts(r['start'], self.tz, w), r['queue'], lang(r['language']))
            got[key] = (num(r['required'], w), num(r['staffed'], w), num(r['understaffed'], w),
                        num(r['service_level'], w) if r.get('service_level', '').strip() else None, w)
        missing = [k for k in req if k not in got]
        if missing:
            t, q, l = missing[0]
            self.bad('coverage', '%d cells missing from coverage.csv, first %s %s %s' % (
                len(missing), local(t, self.tz).isoformat(), q, l))
        nbad = 0
        sum_u = 0.0
        full = cells_pos = 0
        sl_num = sl_den = 0.0
        for k, (r, s, u, sl, w) in got.items():
            if k not in req:
                self.bad('coverage', '%s: a cell outside the forecast pairs or the horizon' % w)
                continue
            sum_u += u * delta / 3600
            probs = []
            if abs(r - req[k]) > 1e-5 + 1e-6 * r:
                probs.append('required %g, expected %.6f' % (r, req[k]))
            if abs(u - max(0.0, r - s)) > 1e-5:
                probs.append('understaffed %g, expected max(0, required - staffed) = %.6f' % (u, max(0.0, r - s)))
            if s < -EPS:
                probs.append('negative staffed')
            lam, h, p = self.arrivals[k]
            if p['patience_seconds'] == 0:
                # staffed is printed to 6 decimals: floor() may go either way
                # within half a unit of the last digit, so both are accepted
                ns = {int(math.floor((s + d) * (1 - p['shrinkage']) + 1e-9)) for d in (-5e-7, 5e-7)}
                sls = {n: erlang_sl(n, lam, h, delta, p['target_answer_seconds']) for n in sorted(ns)}
                n, mysl = max(sls.items())
                if sl is not None:
                    match = [x for x in sls.items() if abs(sl - x[1]) <= 1e-5]
                    if match:
                        n, mysl = match[0]
                    else:
                        probs.append('service_level %g, expected %.6f with %d agents' % (sl, mysl, n))
                if lam > 0:
                    sl_num += lam * mysl
                    sl_den += lam
            if probs:
                nbad += 1
                if nbad <= 10:
                    self.bad('coverage', '%s: %s' % (w, '; '.join(probs)))
            if r > 1e-9:
                cells_pos += 1
                if s >= r - 1e-6:
                    full += 1
        if nbad > 10:
            self.bad('coverage', '%d more coverage.csv rows are wrong' % (nbad - 10))
        # the allocation of coverage.csv must be one the on-duty agents can give
        # (against what the agents may serve, then against what roster.csv
        # says each serves in the shift: §5.2 and §5.3 must tell one story)
        for rule, groups, what in (('coverage-allocation', self.skill_groups, 'the on-duty agents can give'),
                                   ('coverage-vs-roster', self.duty_groups,
                                    'the on-duty agents can give to the queues and languages roster.csv lists')):
            nfeas = 0
            for t in self.intervals:
                caps = [got.get((t, q, l), (0, 0))[1] for q, l in self.cells]
                f = maxflow(groups[t], caps)
                if f < sum(caps) - 1e-4:
                    nfeas += 1
                    if nfeas <= 5:
                        busy = ', '.join('%s %s %.4f' % (q, l, c) for (q, l), c in zip(self.cells, caps) if c > 0)
                        self.bad(rule, 'interval %s: coverage.csv allocates %.4f agent-intervals (%s), %s at most %.4f'
                                 % (local(t, self.tz).isoformat(), sum(caps), busy, what, f))
            if nfeas > 5:
                self.bad(rule, '%d more intervals over-allocated' % (nfeas - 5))
            if nfeas:
                break
        return sum_u, (full / cells_pos if cells_pos else 1.0), (sl_num / sl_den if sl_den else None)

    # ------------------------------------------------------------ money

    def night_seconds(self, sh):
        cfg, tz = self.cfg, self.tz
        if cfg.night_start == cfg.night_end:
            return 0
        segs = [(sh.start, sh.end)] if sh.bs is None else [(sh.start, sh.bs), (sh.be, sh.end)]
        d0 = local(sh.start, tz).date() - dt.timedelta(1)
        d1 = local(sh.end, tz).date() + dt.timedelta(1)
        total = 0
        d = d0
        while d <= d1:
            def at(day, m):
                return int(dt.datetime(day.year, day.month, day.day, m // 60, m % 60, tzinfo=tz).timestamp())
            n0 = at(d, cfg.night_start)
            n1 = at(d + dt.timedelta(1) if cfg.night_end < cfg.night_start else d, cfg.night_end)
            for s0, s1 in segs:
                total += overlap(s0, s1, n0, n1)
            d += dt.timedelta(1)
        return total

    # ------------------------------------------------------------ the run

    def run(self):
        a = self.args
        self.load_inputs()
        out = a.out_dir
        shifts = self.load_roster(os.path.join(out, 'roster.csv'), False)
        try:
            with open(os.path.join(out, 'kpis.json'), encoding='utf-8') as f:
                kpis = json.load(f)
        except (OSError, ValueError) as e:
            raise Unreadable('kpis.json: %s' % e)
        pr = kpis.get('previous_run')
        prev = []
        if a.previous is None and isinstance(pr, str) and os.path.isfile(pr):
            # --previous FILE: kpis.json keeps the file name as given
            a.previous = pr
            self.note('previous roster %s, as kpis.json names it' % pr)
        elif a.previous is None and isinstance(pr, int) and not isinstance(pr, bool) and a.db:
            prev = self.load_stored_roster(a.db, pr)
            self.note('previous roster: run %d of %s, as kpis.json names it' % (pr, a.db))
        elif pr is not None and not a.previous:
            # said even under --quiet: an exit 0 must not hide rules nobody checked
            msg = ('kpis.json names previous_run %r but neither --previous nor --db was given: '
                   'carry-over rules unchecked' % (pr,))
            self.note(msg)
            if a.quiet:
                print('checkroster: %s' % msg, file=sys.stderr)
        if a.previous and a.previous != 'none':
            prev = self.load_roster(a.previous, True)

        good = [sh for sh in shifts if self.check_shift(sh)]
        by_agent = defaultdict(list)
        for sh in good:
            by_agent[sh.agent].append(sh)
        prev_by = defaultdict(list)
        for sh in prev:
            prev_by[sh.agent].append(sh)
        for aid in self.agents:
            self.check_agent(aid, by_agent.get(aid, []), prev_by.get(aid, []))

        req = self.requirement()
        rpath = a.requirements or os.path.join(out, 'requirements.csv')
        if os.path.exists(rpath):
            self.check_requirements_csv(rpath, req)
        else:
            self.bad('requirements', 'no %s (§5.1)' % rpath)
        # previous shifts running into the horizon count as staffing (§7)
        running = [sh for sh in prev if sh.end > self.h0]
        under = self.staffing(good + running, req)
        cpath = os.path.join(out, 'coverage.csv')
        if os.path.exists(cpath):
            cov_u, coverage, sl = self.check_coverage(cpath, req, kpis)
            if abs(cov_u - under) > 1e-3 + 1e-6 * under:
                self.bad('coverage-understaffing', 'coverage.csv sums to %.6f understaffed agent-hours; the least any '
                         'allocation of this roster gives is %.6f' % (cov_u, under))
        else:
            self.bad('coverage', 'no coverage.csv (§5.3)')
            coverage, sl = None, None

        # KPIs (§5.4)
        paid = sum(sh.paid or 0 for sh in good)
        cost = 0.0
        for sh in good:
            cph = self.agents[sh.agent]['cph']
            cost += cph * ((sh.paid or 0) + self.cfg.night_premium * self.night_seconds(sh) / 3600)
        pref = 0.0
        for sh in good:
            for p0, p1 in self.prefoff.get(sh.agent, []):
                pref += overlap(sh.start, sh.end, p0, p1) / 3600
        changes = kpis.get('changes') or 0
        if a.baseline:
            changes = self.count_changes(good, self.load_roster(a.baseline, True))
            self.kpi(kpis, 'changes', changes, 0, 0)
        elif changes:
            self.note('kpis.json counts %s changes; give --baseline ROSTER to check them' % changes)
        objective = cost + self.cfg.under_pen * under + self.cfg.pref_pen * pref + self.cfg.change_pen * changes
        self.kpi(kpis, 'paid_hours', paid)
        self.kpi(kpis, 'cost', cost)
        self.kpi(kpis, 'understaffing_agent_hours', under)
        self.kpi(kpis, 'objective', objective)
        if 'preferred_off_hours' in kpis:
            self.kpi(kpis, 'preferred_off_hours', pref)
        self.kpi(kpis, 'agents_scheduled', len(by_agent), 0, 0)
        self.kpi(kpis, 'agents_total', len(self.agents), 0, 0)
        if coverage is not None:
            self.kpi(kpis, 'coverage', coverage, 0, 1e-6)
        if sl is not None:
            self.kpi(kpis, 'service_level', sl, 0, 1e-6)
        lb, obj, gap = kpis.get('lower_bound'), kpis.get('objective'), kpis.get('gap')
        if isinstance(lb, (int, float)) and isinstance(obj, (int, float)):
            if lb > obj + 1e-6 * max(1.0, abs(obj)):
                self.bad('kpi-lower_bound', 'lower_bound %.6f > objective %.6f' % (lb, obj))
            if lb > objective + 1e-3 + 1e-6 * objective:
                self.bad('kpi-lower_bound', 'lower_bound %.6f > the checker\'s objective %.6f' % (lb, objective))
            if obj > 0 and isinstance(gap, (int, float)) and abs(gap - (obj - lb) / obj) > 1e-6:
                self.bad('kpi-gap', 'gap %.8f, (objective - lower_bound) / objective is %.8f' % (gap, (obj - lb) / obj))
        else:
            self.bad('kpi-lower_bound', 'objective or lower_bound missing or not a number')
        if kpis.get('status') not in ('optimal', 'feasible', 'time_limit'):
            self.bad('kpi-status', 'status %r' % kpis.get('status'))
        if kpis.get('status') == 'optimal' and isinstance(gap, (int, float)) and isinstance(kpis.get('mip_gap'), (int, float)):
            pass
        self.check_fairness(kpis.get('fairness'), good)
        return kpis, dict(objective=objective, cost=cost, paid=paid, under=under)

    def count_changes(self, new, base):
        """Shifts added, removed or moved against a baseline roster: one per
        (agent, day) whose shift differs (start, end or break)."""
        b = {(s.agent, s.day): (s.start, s.end, s.bs) for s in base}
        n = {(s.agent, s.day): (s.start, s.end, s.bs) for s in new}
        return sum(1 for k in set(b) | set(n) if b.get(k) != n.get(k))

    def check_fairness(self, fair, shifts):
        """§4.2: the spread of night and weekend shifts and of hours across
        agents of the same contract (same min_hours, max_hours, max_days).
        The SPEC does not say which contract kpis.json shows; the reading
        checked: the contract whose hours spread widest (the first such in
        agents.csv order), a night shift having paid time in the night
        window, a weekend shift starting on a Saturday or Sunday."""
        if not isinstance(fair, dict):
            self.bad('kpi-fairness', 'no fairness object in kpis.json')
            return
        hours = defaultdict(float)
        nights = defaultdict(int)
        weekends = defaultdict(int)
        for sh in shifts:
            hours[sh.agent] += sh.paid or 0
            if self.night_seconds(sh) > 0:
                nights[sh.agent] += 1
            if dt.date.fromisoformat(sh.day).weekday() >= 5:
                weekends[sh.agent] += 1
        groups = {}
        for i, ag in self.agents.items():
            groups.setdefault((ag['min_hours'], ag['max_hours'], ag['max_days']), []).append(i)
        best = None
        for ids in groups.values():
            hv = [hours[i] for i in ids]
            if best is None or max(hv) - min(hv) > best[0] + 1e-9:
                mean = sum(hv) / len(hv)
                best = (max(hv) - min(hv), {
                    'hours_min': min(hv), 'hours_max': max(hv),
                    'hours_stddev': math.sqrt(sum((x - mean) ** 2 for x in hv) / len(hv)),
                    'nights_min': min(nights[i] for i in ids), 'nights_max': max(nights[i] for i in ids),
                    'weekends_min': min(weekends[i] for i in ids), 'weekends_max': max(weekends[i] for i in ids)})
        for k, v in best[1].items():
            g = fair.get(k)
            if not isinstance(g, (int, float)):
                self.bad('kpi-fairness', 'fairness.%s is %r, expected a number' % (k, g))
            elif abs(g - v) > 1e-4 + 1e-6 * abs(v):
                self.note('fairness %s: kpis.json %g, the checker (widest contract) %g' % (k, g, v))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('input_dir')
    ap.add_argument('out_dir')
    ap.add_argument('--previous', help='the roster before the horizon (roster.csv format); default: the file '
                    'kpis.json names as previous_run, if it exists; none: no history')
    ap.add_argument('--requirements', help='requirement table (default OUT_DIR/requirements.csv)')
    ap.add_argument('--baseline', help='baseline roster.csv, to count changes')
    ap.add_argument('--db', help='the run\'s database: when kpis.json names a stored previous_run and no '
                    '--previous is given, its roster is read from there')
    ap.add_argument('--config')
    ap.add_argument('--forecast')
    ap.add_argument('--agents')
    ap.add_argument('--availability')
    ap.add_argument('--set', action='append', metavar='SECTION.KEY=VALUE')
    ap.add_argument('--quiet', action='store_true', help='no notes, no summary')
    args = ap.parse_args(argv)
    c = Checker(args)
    try:
        kpis, mine = c.run()
    except Unreadable as e:
        print('checkroster: %s' % e, file=sys.stderr)
        return 2
    if not args.quiet:
        print('checkroster: %d violation(s), %d note(s); objective %.2f (kpis %s), understaffing %.4f agent-hours' % (
            c.violations, c.notes, mine['objective'], kpis.get('objective'), mine['under']), file=sys.stderr)
    return 1 if c.violations else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
