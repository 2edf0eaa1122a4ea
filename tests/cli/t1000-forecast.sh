#!/bin/sh
# t1000-forecast.sh - `staffplan forecast` end to end, then `plan` on its output
#
# Four weeks of interval counts for the small desk (London, hourly, chat in
# en and zh on weekdays) give a forecast of the week of 2027-03-22, whose
# Sunday has 23 hours; plan takes it and names the stored forecast.
# Contact records give handle times and patience.  Unsorted rows are
# accepted; duplicated rows, negative volumes, times off the grid, mixed
# interval lengths, less than a week, an unknown method exit 2 with
# file:line and write nothing: the old output and the database stay.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

$PY - <<'EOF'
import datetime, random
rng = random.Random(7)
rows = []
day = datetime.date(2027, 2, 22)              # a Monday, four weeks before
while day < datetime.date(2027, 3, 22):
    if day.weekday() < 5:
        for h in range(8, 17):
            for lang, base in (('en', 9), ('zh', 5)):
                v = base * (1.3 if h in (10, 11) else 1.0) + rng.randint(0, 2)
                rows.append('%sT%02d:00,chat,%s,%d' % (day.isoformat(), h, lang, v))
    day += datetime.timedelta(days=1)
open('hist.csv', 'w').write('start,queue,language,volume\n' + '\n'.join(rows) + '\n')
shuffled = rows[:]
rng.shuffle(shuffled)
open('shuffled.csv', 'w').write('start,queue,language,volume\n' + '\n'.join(shuffled) + '\n')
# contact records: the same weeks, a handful of calls a weekday hour
recs = []
day = datetime.date(2027, 2, 22)
while day < datetime.date(2027, 3, 22):
    if day.weekday() < 5:
        for h in range(9, 12):
            for k in range(3):
                ab = 1 if k == 2 else 0
                recs.append('%sT%02d:%02d:07,en,%s,%d,%d' % (day.isoformat(), h, 10 * k,
                            '' if ab else 240 + 60 * k, 20 + 10 * k, ab))
    day += datetime.timedelta(days=1)
open('records.csv', 'w').write('arrived,language,handle_seconds,waited_seconds,abandoned\n' +
                               '\n'.join(recs) + '\n')
EOF

rc=0
$SP_BIN forecast hist.csv --config "$FX/plan.ini" --out fc.csv --accuracy acc.csv --html fc.html \
	--db plan.db >stdout 2>stderr || rc=$?
[ "$rc" -eq 0 ] || fail "forecast exited $rc: $(cat stderr)"
grep -q 'forecast of 2 series for 1 week from 2027-03-22' stderr || fail "summary: $(cat stderr)"
grep -q 'stored as forecast 1 in plan.db' stderr || fail "not stored: $(cat stderr)"
[ "$(head -n 1 fc.csv)" = "start,queue,language,volume" ] || fail "fc.csv header: $(head -n 1 fc.csv)"
[ "$(head -n 1 acc.csv)" = "queue,language,method,wape_interval,wape_day,wape_week,bias,chosen,aht_seconds,patience_seconds" ] ||
	fail "acc.csv header: $(head -n 1 acc.csv)"
grep -q '<svg' fc.html || fail "fc.html has no chart"
if grep -qE '(src|href)="?https?:' fc.html; then fail "fc.html loads something from the network"; fi
leftover=$(find . -name '*.tmp.*' | head -n 1)
[ -z "$leftover" ] || fail "temporary file left behind: $leftover"

$PY - <<'EOF' || fail "forecast contents (see above)"
import csv, sys
errors = []
rows = list(csv.DictReader(open('fc.csv')))
# 6 days of 24 hours and the spring Sunday of 23, for chat/en and chat/zh
if len(rows) != 2 * (6 * 24 + 23):
    errors.append('%d rows, expected %d' % (len(rows), 2 * (6 * 24 + 23)))
sunday = [r for r in rows if r['start'].startswith('2027-03-28')]
if any(r['start'].startswith('2027-03-28T01:') for r in sunday):
    errors.append('a row at 01:00 on the spring Sunday, which does not exist')
if not any(r['start'] == '2027-03-28T02:00+01:00' for r in sunday):
    errors.append('no 02:00+01:00 row on the spring Sunday')
for r in rows:
    h = int(r['start'][11:13]); v = float(r['volume'])
    wd = r['start'][:10] < '2027-03-27'
    if (not wd or h < 8 or h > 16) and v != 0:
        errors.append('closed interval %s %s has %s' % (r['start'], r['language'], v))
    if wd and 8 <= h <= 16 and not v > 0:
        errors.append('open interval %s %s has %s' % (r['start'], r['language'], v))
acc = list(csv.DictReader(open('acc.csv')))
chosen = [a for a in acc if a['chosen'] == '1']
if len(chosen) != 2 or len(acc) != 2 * 6:
    errors.append('accuracy rows: %d, chosen %d' % (len(acc), len(chosen)))
for a in acc:
    if not a['wape_interval'] or float(a['wape_interval']) > 1:
        errors.append('accuracy row %r' % a)
if errors:
    print('\n'.join(errors)); sys.exit(1)
EOF

# plan on the forecast names the stored forecast
rc=0
$SP_BIN plan "$FX" --forecast fc.csv --out out --db plan.db --time-limit 10 >stdout 2>stderr || rc=$?
[ "$rc" -eq 0 ] || fail "plan on the forecast exited $rc: $(cat stderr)"
grep -q 'the forecast is stored forecast 1 (from hist.csv' stderr || fail "plan does not name the forecast: $(cat stderr)"
$PY -c "import json,sys; k=json.load(open('out/kpis.json')); sys.exit(0 if k.get('forecast_id') == 1 else 1)" ||
	fail "kpis.json forecast_id: $(grep forecast_id out/kpis.json)"
# the fixture's own forecast is not a stored one
$SP_BIN plan "$FX" --out out2 --db plan.db --time-limit 10 >stdout 2>stderr || fail "plan exited: $(cat stderr)"
if grep -q '"forecast_id"' out2/kpis.json; then fail "forecast_id for an unknown forecast: $(grep forecast_id out2/kpis.json)"; fi

# unsorted rows give the same forecast; the default output is stdout
$SP_BIN forecast shuffled.csv --config "$FX/plan.ini" >shuffled-fc.csv 2>stderr || fail "unsorted: $(cat stderr)"
cmp -s fc.csv shuffled-fc.csv || fail "unsorted rows give another forecast"

# contact records: handle time per interval, mean handle time and patience
$SP_BIN forecast records.csv --config "$FX/plan.ini" --method week-average --weeks 2 --out rec.csv \
	--accuracy rec-acc.csv 2>stderr || fail "records: $(cat stderr)"
grep -q "has no queue column\|has no language column" stderr && fail "records note: $(cat stderr)"
[ "$(head -n 1 rec.csv)" = "start,queue,language,volume,aht" ] || fail "rec.csv header: $(head -n 1 rec.csv)"
grep -q '^2027-03-22T09:00+00:00,chat,en,3.00,270.0$' rec.csv || fail "rec.csv 09:00: $(grep 2027-03-22T09:00 rec.csv)"
[ "$(grep -c '^2027-0[34]' rec.csv)" -eq $((13 * 24 + 23)) ] || fail "rec.csv rows: $(wc -l <rec.csv)"
grep -q '^chat,en,week-average,.*,1,270.0,90.0$' rec-acc.csv || fail "rec-acc.csv: $(cat rec-acc.csv)"

# bad input: exit 2, a message with file and line, nothing written
echo "old forecast" >keep.csv
echo "old accuracy" >keep-acc.csv
count() { sqlite3 plan.db 'SELECT count(*) FROM forecasts'; }
[ "$(count)" -eq 1 ] || fail "forecasts stored: $(count)"
bad() { # NAME EXPECTED-MESSAGE FILE [ARGS...]
	name=$1 msg=$2 file=$3
	shift 3
	rc=0
	$SP_BIN forecast "$file" --config "$FX/plan.ini" --out keep.csv --accuracy keep-acc.csv \
		--html bad.html --db plan.db "$@" >stdout 2>stderr || rc=$?
	[ "$rc" -eq 2 ] || fail "$name: exit $rc, expected 2: $(cat stderr)"
	grep -qF -- "$msg" stderr || fail "$name: expected '$msg' in: $(cat stderr)"
	[ "$(cat keep.csv)" = "old forecast" ] || fail "$name: the old forecast was overwritten"
	[ "$(cat keep-acc.csv)" = "old accuracy" ] || fail "$name: the old accuracy was overwritten"
	[ ! -e bad.html ] || fail "$name: wrote bad.html"
	[ ! -s stdout ] || fail "$name: wrote to stdout"
	[ "$(count)" -eq 1 ] || fail "$name: stored a forecast"
	leftover=$(find . -name '*.tmp.*' | head -n 1)
	[ -z "$leftover" ] || fail "$name: temporary file left behind: $leftover"
}
{ cat hist.csv; sed -n 5p hist.csv; } >dup.csv
bad duplicate "dup.csv:$(($(wc -l <hist.csv) + 1)): columns 'start', 'queue', 'language': a second row for 2027-02-22T09:00+00:00, queue 'chat', language 'zh' (the first is on line 5)" dup.csv
sed '7s/,[0-9]*$/,-3/' hist.csv >neg.csv
bad negative "neg.csv:7: column 'volume': '-3' is negative" neg.csv
{ cat hist.csv; echo "2027-03-01T09:30,chat,en,4"; } >offgrid.csv
bad off-grid "column 'start': 2027-03-01T09:30+00:00 is not on the 60-minute grid of the history" offgrid.csv
{ awk -F, 'NR == 1 || $1 < "2027-03-15"' hist.csv
  for d in 15 16 17 18 19; do for h in 08 09 10 11 12 13 14 15 16; do for m in 00 15 30 45; do
	echo "2027-03-${d}T$h:$m,chat,en,2"; echo "2027-03-${d}T$h:$m,chat,zh,1"
  done; done; done; } >mixed.csv
bad mixed-lengths "are 60 minutes apart, but the history's rows are 15 minutes apart elsewhere: mixed interval lengths" mixed.csv
head -n 30 hist.csv >short.csv
bad short "short.csv: the history covers 2 days (2027-02-22 to 2027-02-23), expected at least one week (7 days)" short.csv
bad method "--method 'arima': expected auto, seasonal-naive, week-average, median, holt-winters, profile or month-profile" hist.csv --method arima
bad weeks "--weeks '7': expected a whole number from 1 to 6" hist.csv --weeks 7
bad start "--start '2027-03-01': expected a day after the history, which ends on 2027-03-19" hist.csv --start 2027-03-01
printf 'date,queue,language,factor\n2027-03-24,chat,en,lots\n' >events.csv
bad events "events.csv:2: column 'factor': 'lots' is not 'exclude' or a number >= 0" hist.csv --events events.csv
bad queue "--queue 'sales': not a queue of plan.ini" records.csv --queue sales
bad language "--language 'e_n': not a language tag" hist.csv --language e_n
rc=0
$SP_BIN forecast missing.csv --config "$FX/plan.ini" --out keep.csv 2>stderr || rc=$?
[ "$rc" -eq 1 ] || fail "a missing history exited $rc, expected 1"
[ "$(cat keep.csv)" = "old forecast" ] || fail "a missing history overwrote the forecast"

# events scale a day and leave an outlier out
printf 'date,queue,language,factor\n2027-03-24,chat,,2\n2027-03-15,,,exclude\n' >events.csv
$SP_BIN forecast hist.csv --config "$FX/plan.ini" --method week-average --events events.csv --out ev.csv 2>stderr ||
	fail "events: $(cat stderr)"
$PY - <<'EOF' || fail "events contents (see above)"
import csv, sys
base = {(r['start'], r['language']): float(r['volume']) for r in csv.DictReader(open('fc.csv'))}
ev = {(r['start'], r['language']): float(r['volume']) for r in csv.DictReader(open('ev.csv'))}
k = ('2027-03-24T10:00+00:00', 'en')
if not ev[k] > 1.5 * ev[('2027-03-23T10:00+00:00', 'en')]:
    print('the scaled Wednesday is not scaled: %s' % ev[k]); sys.exit(1)
EOF
exit 0
