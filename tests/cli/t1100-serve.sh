#!/bin/sh
# t1100-serve.sh - calendar feeds: feeds issue|revoke|list and serve over HTTP
#
# data/tiny is planned (its days moved by whole weeks to this week, inside
# the feed's window of 4 weeks back) and `staffplan serve --listen
# 127.0.0.1:0` started on the database; curl fetches.  An agent's feed is
# the published file byte for byte and a valid calendar (python3-icalendar);
# HEAD, 304 on If-None-Match (which wins over If-Modified-Since) and on an
# If-Modified-Since not older than Last-Modified; a wrong or revoked
# secret, traversal-like and very long paths and other paths are 404 with
# one body, POST 405; the log has a CLF line per request and no secret
# (a path that is no feed's, a secret split by dots in it, only by length).
# A what-if scenario exported changes no feed; a re-plan into the same
# database (the agent made unavailable on a day) shows through the same
# URL with a new ETag and a raised SEQUENCE, without a restart.  A fifth
# connection from one address is refused (--max-per-ip 4), idle and
# stalled ones are closed after --timeout.  An HTTP/1.1 request without
# Host gets 400, the absolute form is served.  SIGTERM exits 0.  The server
# is always stopped (trap).
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

PID=
# SIGTERM again each 0.2 s (one sent while the shell's child has not yet
# become staffplan is taken by the shell's own trap and lost), then KILL
stop_server() {
	[ -n "$PID" ] || return 0
	for _ in $(seq 1 100); do
		kill -TERM "$PID" 2>/dev/null || break
		sleep 0.2
	done
	kill -KILL "$PID" 2>/dev/null || :
	PID=
}
trap stop_server EXIT
trap 'stop_server; exit 1' INT TERM HUP

# ---- a planned week inside the window -----------------------------------------
cp -r "$SP_ROOT/data/tiny" tiny
first=$($PY - tiny <<'PYEOF'
import datetime as dt, pathlib, re, sys
d = pathlib.Path(sys.argv[1])
pat = re.compile(r'(\d{4}-\d{2}-\d{2})T')
texts = {f: (d / f).read_text() for f in ('forecast.csv', 'availability.csv')}
first = min(dt.date.fromisoformat(m) for m in pat.findall(texts['forecast.csv']))
today = dt.datetime.now(dt.timezone.utc).date()
shift = dt.timedelta(days=7 * ((today - first).days // 7))
for f, t in texts.items():
    (d / f).write_text(pat.sub(lambda m: (dt.date.fromisoformat(m.group(1)) + shift).isoformat() + 'T', t))
print(first + shift)
PYEOF
)
"$SP_BIN" plan tiny --out out --db feeds.db --time-limit 20 >plan.log 2>&1 || { cat plan.log; fail "plan exited $?"; }
[ -s out/ics/A001.ics ] || fail "plan wrote no calendar for A001"

# ---- addresses --------------------------------------------------------------------
rc=0
"$SP_BIN" feeds issue A001 NOPE --db feeds.db >out.csv 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "feeds issue with an unknown agent exited $rc, want 2"
grep -q "'NOPE'" err || fail "feeds issue did not name the unknown agent: $(cat err)"
[ ! -s out.csv ] || fail "feeds issue with an unknown agent printed addresses"
[ "$(sqlite3 feeds.db 'SELECT count(*) FROM feeds')" = 0 ] || fail "a refused feeds issue stored addresses"

"$SP_BIN" feeds issue A001 A002 --db feeds.db >issued.csv 2>err || fail "feeds issue: $(cat err)"
[ "$(head -n 1 issued.csv)" = "agent_id,url" ] || fail "feeds issue header: $(head -n 1 issued.csv)"
"$SP_BIN" feeds issue --team supervisors --db feeds.db >team.csv 2>err || fail "feeds issue --team: $(cat err)"
[ "$(head -n 1 team.csv)" = "team,url" ] || fail "feeds issue --team header: $(head -n 1 team.csv)"
url_of() { sed -n "s|^$1,http://127.0.0.1:8080||p" "$2"; }
A1=$(url_of A001 issued.csv)
A2=$(url_of A002 issued.csv)
TEAM=$(url_of supervisors team.csv)
for p in "$A1" "$A2" "$TEAM"; do
	case $p in /cal/????????????????????????????????.ics) ;; *) fail "unexpected feed path '$p'" ;; esac
done
secret_of() { s=${1#/cal/}; printf '%s' "${s%.ics}"; }
SECRETS="$(secret_of "$A1") $(secret_of "$A2") $(secret_of "$TEAM")"
"$SP_BIN" feeds revoke A002 --db feeds.db 2>err || fail "feeds revoke: $(cat err)"
rc=0
"$SP_BIN" feeds revoke A003 --db feeds.db 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "feeds revoke of an agent without an address exited $rc, want 2"
"$SP_BIN" feeds list --db feeds.db >list.csv 2>err || fail "feeds list: $(cat err)"
[ "$(head -n 1 list.csv)" = "kind,name,issued,last_fetched,revoked" ] || fail "feeds list header: $(head -n 1 list.csv)"
[ "$(grep -c '^agent,A002,.*,20[0-9-]*T[0-9:]*Z$' list.csv)" = 1 ] || fail "feeds list does not show A002 revoked: $(cat list.csv)"
for s in $SECRETS; do
	! grep -qF "$s" list.csv || fail "feeds list shows a secret"
	[ "$(sqlite3 feeds.db "SELECT count(*) FROM feeds WHERE secret_sha256 = '$s'")" = 0 ] || fail "a secret is stored"
done

# ---- the server ---------------------------------------------------------------------
: >serve.err # the background job opens it later
"$SP_BIN" serve --db feeds.db --listen 127.0.0.1:0 --log access.log --timeout 3 --max-per-ip 4 2>serve.err &
PID=$!
port=
for _ in $(seq 1 100); do
	port=$(sed -n 's|^staffplan serve: listening on http://127.0.0.1:\([0-9][0-9]*\)/.*|\1|p' serve.err)
	[ -n "$port" ] && break
	kill -0 "$PID" 2>/dev/null || { cat serve.err; fail "serve exited at start"; }
	sleep 0.1
done
[ -n "$port" ] || { cat serve.err; fail "serve printed no address"; }
BASE=http://127.0.0.1:$port

# get NAME PATH [curl options]: NAME.code, NAME.head, NAME.body
requests=0
get() {
	requests=$((requests + 1))
	g_name=$1 g_path=$2
	shift 2
	curl -sS --path-as-is -o "$g_name.body" -D "$g_name.head" -w '%{http_code}' "$@" "$BASE$g_path" \
		>"$g_name.code" || fail "curl $g_name ($g_path) failed"
}
code() { cat "$1.code"; }
hdr() { sed -n "s/^$2: *//Ip" "$1.head" | tr -d '\r'; }

get a1 "$A1"
[ "$(code a1)" = 200 ] || fail "GET of A001's feed: $(code a1)"
[ "$(hdr a1 Content-Type)" = "text/calendar; charset=utf-8" ] || fail "Content-Type '$(hdr a1 Content-Type)'"
[ "$(hdr a1 Cache-Control)" = "private, no-cache" ] || fail "Cache-Control '$(hdr a1 Cache-Control)'"
ETAG=$(hdr a1 ETag)
LM=$(hdr a1 Last-Modified)
case $ETAG in \"????????????????????????????????????????????????????????????????\") ;; *) fail "ETag '$ETAG'" ;; esac
[ -n "$LM" ] || fail "no Last-Modified"
[ "$ETAG" = "\"$(sha256sum a1.body | cut -d' ' -f1)\"" ] || fail "ETag is not the SHA-256 of the body"
cmp -s a1.body out/ics/A001.ics || fail "A001's feed differs from the published out/ics/A001.ics"
$PY - a1.body out/roster.csv A001 <<'PYEOF' || fail "A001's feed is not the calendar expected (above)"
import csv, sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
assert cal.name == 'VCALENDAR'
assert str(cal['REFRESH-INTERVAL'].to_ical(), 'ascii') == 'PT1H', cal['REFRESH-INTERVAL']
assert str(cal['X-PUBLISHED-TTL']) == 'PT1H'
shifts = [e for e in cal.walk('VEVENT') if not str(e['UID']).split('@')[0].endswith('-break')]
rows = [r for r in csv.DictReader(open(sys.argv[2])) if r['agent_id'] == sys.argv[3]]
assert len(shifts) == len(rows) > 0, (len(shifts), len(rows))
assert sorted(str(e['X-STAFFPLAN-DATE']) for e in shifts) == sorted(r['date'] for r in rows)
assert all(int(e['SEQUENCE']) == 0 and str(e['STATUS']) == 'CONFIRMED' for e in shifts)
PYEOF

get head "$A1" -I
[ "$(code head)" = 200 ] || fail "HEAD: $(code head)"
[ "$(hdr head Content-Length)" = "$(wc -c <a1.body | tr -d ' ')" ] || fail "HEAD Content-Length '$(hdr head Content-Length)'"
[ "$(hdr head ETag)" = "$ETAG" ] || fail "HEAD ETag differs"

# validators: If-None-Match decides when sent; If-Modified-Since otherwise
get inm "$A1" -H "If-None-Match: $ETAG"
[ "$(code inm)" = 304 ] && [ ! -s inm.body ] || fail "If-None-Match of the ETag: $(code inm), $(wc -c <inm.body) bytes"
[ "$(hdr inm ETag)" = "$ETAG" ] || fail "304 without the ETag"
get inmw "$A1" -H "If-None-Match: \"other\", W/$ETAG"
[ "$(code inmw)" = 304 ] || fail "If-None-Match list with the weak ETag: $(code inmw)"
get inmx "$A1" -H "If-None-Match: \"other\"" -H "If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT"
[ "$(code inmx)" = 200 ] || fail "a stale If-None-Match with a future If-Modified-Since: $(code inmx), want 200"
get ims "$A1" -H "If-Modified-Since: $LM"
[ "$(code ims)" = 304 ] || fail "If-Modified-Since of Last-Modified: $(code ims)"
older=$(date -u -d "@$(($(date -u -d "$LM" +%s) - 86400))" '+%a, %d %b %Y %H:%M:%S GMT')
get imso "$A1" -H "If-Modified-Since: $older"
[ "$(code imso)" = 200 ] || fail "If-Modified-Since a day before Last-Modified: $(code imso)"
get imsg "$A1" -H "If-Modified-Since: last tuesday"
[ "$(code imsg)" = 200 ] || fail "an invalid If-Modified-Since: $(code imsg)"

# refusals: one body whatever was wrong
wrong=/cal/$(secret_of "$A1" | tr 'A-Za-z' 'N-ZA-Mn-za-m').ics
long=/cal/$(head -c 4000 /dev/zero | tr '\0' a).ics
# A001's secret typed elsewhere, split by dots into runs shorter than 16
cut_secret() { secret_of "$A1" | cut -c"$1"; }
split=/x/$(cut_secret 1-15).$(cut_secret 16-30).$(cut_secret 31-)
n=0
for p in "$wrong" "$A2" /cal/../x /cal/%2e%2e/ /cal/%2e%2e/passwd.ics "$long" / /favicon.ico "$A1/" "$split" \
	"/cal/$A1" "$(printf '%s' "$A1" | sed 's/\.ics$//')" "/CAL${A1#/cal}"; do
	n=$((n + 1))
	get r$n "$p"
	[ "$(code r$n)" = 404 ] || fail "GET $p: $(code r$n), want 404"
	cmp -s r1.body r$n.body || fail "GET $p: a 404 body unlike the others"
	[ -z "$(hdr r$n ETag)" ] || fail "GET $p: a 404 with an ETag"
done
get post "$A1" -X POST -d x=1
[ "$(code post)" = 405 ] || fail "POST: $(code post), want 405"
[ "$(hdr post Allow)" = "GET, HEAD" ] || fail "405 Allow '$(hdr post Allow)'"
cmp -s r1.body post.body || fail "the 405 body differs from the 404 one"
get postw "$wrong" -X DELETE
[ "$(code postw)" = 405 ] || fail "DELETE of an unknown feed: $(code postw), want 405 as for a known one"
get huge "/cal/$(head -c 100000 /dev/zero | tr '\0' a).ics"
case $(code huge) in 414|431) ;; *) fail "a 100 kB path: $(code huge), want 414 or 431" ;; esac
get again "$A1"
[ "$(code again)" = 200 ] || fail "the server stopped answering after the long path: $(code again)"

# the team feed: every agent, its own UIDs
get team "$TEAM"
[ "$(code team)" = 200 ] || fail "GET of the team feed: $(code team)"
cmp -s team.body out/ics/team.ics || fail "the team feed differs from out/ics/team.ics"

# ---- a what-if changes no feed ----------------------------------------------------
pubs() { sqlite3 feeds.db 'SELECT count(*), sum(sequence), max(run_id), max(published_at) FROM publications'; }
before=$(pubs)
"$SP_BIN" scenario create more --scale language=en:3 --db feeds.db >/dev/null 2>err || fail "scenario create: $(cat err)"
"$SP_BIN" scenario run more --db feeds.db >/dev/null 2>err || fail "scenario run: $(cat err)"
wi=$(sqlite3 feeds.db "SELECT max(id) FROM runs WHERE scenario = 'more'")
"$SP_BIN" export ics --run "$wi" --out whatif --db feeds.db 2>err || fail "export of the what-if: $(cat err)"
grep -q "not published" err || fail "export of a what-if did not say it is not published: $(cat err)"
[ "$(pubs)" = "$before" ] || fail "exporting a what-if changed the publications: $before -> $(pubs)"
# the preview's UIDs are its own: none is a published one
tr -d '\r' <whatif/team.ics | sed -n 's/^UID://p' >whatif.uids
[ -s whatif.uids ] || fail "the what-if preview has no event"
! tr -d '\r' <out/ics/team.ics | sed -n 's/^UID://p' | grep -qxFf whatif.uids ||
	fail "the what-if preview reuses a published UID"
get wi1 "$A1" -H "If-None-Match: $ETAG"
[ "$(code wi1)" = 304 ] || fail "A001's feed changed after a what-if: $(code wi1)"
get wi2 "$TEAM"
cmp -s team.body wi2.body || fail "the team feed changed after a what-if"

# ---- a re-plan, seen through the same URL ----------------------------------------
day=$(sed -n 's/^A001,[^,]*,\([0-9-]*\),.*/\1/p' out/roster.csv | head -n 1)
next=$(date -u -d "$day + 1 day" +%F)
cp -r tiny tiny2
printf 'A001,%sT00:00,%sT00:00,unavailable\n' "$day" "$next" >>tiny2/availability.csv
# Last-Modified has whole seconds: the re-plan must publish in a later
# second than the first plan for If-Modified-Since to see it
sleep 1
"$SP_BIN" plan tiny2 --out out2 --db feeds.db --time-limit 20 --gap 0.05 >plan2.log 2>&1 || { cat plan2.log; fail "re-plan exited $?"; }
get re "$A1" -H "If-None-Match: $ETAG"
[ "$(code re)" = 200 ] || fail "after the re-plan the old ETag still matched: $(code re)"
[ "$(hdr re ETag)" != "$ETAG" ] || fail "the re-plan kept the ETag"
cmp -s re.body out2/ics/A001.ics || fail "A001's feed after the re-plan differs from out2/ics/A001.ics"
$PY - a1.body re.body "$day" <<'PYEOF' || fail "the re-plan is not in the feed as expected (above)"
import sys
from icalendar import Calendar
def events(path):
    cal = Calendar.from_ical(open(path, 'rb').read())
    return {str(e['UID']): e for e in cal.walk('VEVENT')}
old, new = events(sys.argv[1]), events(sys.argv[2])
assert set(old) <= set(new), 'UIDs lost'
gone = [e for e in new.values() if str(e['X-STAFFPLAN-DATE']) == sys.argv[3]
        and not str(e['UID']).split('@')[0].endswith('-break')]
assert len(gone) == 1, gone
assert str(gone[0]['STATUS']) == 'CANCELLED' and int(gone[0]['SEQUENCE']) == 1, gone[0]
assert all(int(new[u]['SEQUENCE']) >= int(old[u]['SEQUENCE']) for u in old)
PYEOF
get re2 "$A1" -H "If-Modified-Since: $LM"
[ "$(code re2)" = 200 ] || fail "after the re-plan If-Modified-Since of the old Last-Modified: $(code re2)"

# ---- limits: connections per address, idle and stalled clients ---------------------
$PY - "$port" <<'PYEOF' || fail "connection limits (above)"
import socket, sys, time
port = int(sys.argv[1])
def closed(s, wait):
    """True when the server closes s within wait seconds (whatever it sent first)."""
    s.settimeout(wait)
    try:
        while s.recv(4096):
            pass
        return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False
held = [socket.create_connection(('127.0.0.1', port)) for _ in range(4)]
held[0].sendall(b'GET /cal/stalled.ics HTTP/1.1\r\nHost: x\r\n')  # never finished
extra = socket.create_connection(('127.0.0.1', port))
assert closed(extra, 2), 'a fifth connection from one address was kept (--max-per-ip 4)'
t0 = time.monotonic()
for s in held:
    assert closed(s, 8), 'an idle or stalled connection outlived --timeout 3'
elapsed = time.monotonic() - t0
assert 2 <= elapsed <= 7, 'idle connections closed after %.1f s, want about 3' % elapsed
PYEOF
get after "$A1"
[ "$(code after)" = 200 ] || fail "no answer after the idle connections: $(code after)"

# ---- RFC 9112: Host required in HTTP/1.1, the absolute form accepted ---------------
$PY - "$port" "$A1" <<'PYEOF' || fail "request forms (above)"
import socket, sys
port, path = int(sys.argv[1]), sys.argv[2].encode()
def status(req):
    s = socket.create_connection(('127.0.0.1', port))
    s.settimeout(5)
    s.sendall(req)
    out = b''
    while True:
        d = s.recv(65536)
        if not d:
            break
        out += d
    s.close()
    return out.split(b'\r\n', 1)[0].split(b' ')[1].decode()
got = status(b'GET http://127.0.0.1' + path + b' HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
assert got == '200', 'the absolute form: %s, want 200' % got
got = status(b'GET ' + path + b' HTTP/1.1\r\nConnection: close\r\n\r\n')
assert got == '400', 'HTTP/1.1 without Host: %s, want 400' % got
got = status(b'GET ' + path + b' HTTP/1.0\r\n\r\n')
assert got == '200', 'HTTP/1.0 without Host: %s, want 200' % got
PYEOF
# in the access log: the two answered by the feed; the 400 is libmicrohttpd's own
requests=$((requests + 2))

# ---- the log, and SIGTERM -----------------------------------------------------------
t0=$(date +%s)
kill -TERM "$PID"
rc=0
wait "$PID" || rc=$?
PID=
[ "$rc" -eq 0 ] || { cat serve.err; fail "serve exited $rc on SIGTERM, want 0"; }
# nothing in flight is left waiting for (the stop waits up to 10 s for those)
[ $(($(date +%s) - t0)) -le 5 ] || fail "serve took $(($(date +%s) - t0)) s to stop"
grep -q '^staffplan serve: stopped after' serve.err || fail "serve did not report stopping: $(cat serve.err)"
lines=$(grep -Ec '^127\.0\.0\.1 - - \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9:]{8} \+0000\] "[A-Z]+ [^"]* HTTP/1\.[01]" [0-9]{3} ([0-9]+|-)$' access.log)
# one line per request but the 100 kB one and the one without Host, which
# libmicrohttpd refuses itself (not counted in requests)
[ "$lines" -eq $((requests - 1)) ] && [ "$(wc -l <access.log)" -eq "$lines" ] ||
	{ cat access.log; fail "$lines Common Log Format lines for $requests requests"; }
grep -q '"GET /cal/\[secret\]\.ics HTTP/1\.1" 304 -$' access.log || fail "no 304 line in the log"
grep -q '"POST /cal/\[secret\]\.ics HTTP/1\.1" 405 ' access.log || fail "no 405 line in the log"
for s in $SECRETS; do
	! grep -qF "$s" access.log serve.err || fail "a secret is in the log"
	! grep -qF "$(printf '%s' "$s" | tr 'A-Za-z' 'N-ZA-Mn-za-m')" access.log || fail "a wrong secret is in the log"
done
# a path that is no feed's shows only its length
! grep -qF "$(cut_secret 1-15)" access.log serve.err || fail "a secret split by dots is in the log"
grep -qF "\"GET [path:${#split}] HTTP/1.1\" 404 " access.log || fail "no length-only line for a path that is no feed's"
"$SP_BIN" feeds list --db feeds.db >list2.csv 2>err || fail "feeds list: $(cat err)"
grep -q '^agent,A001,[^,]*,20[0-9-]*T[0-9:]*Z,$' list2.csv || fail "feeds list shows no fetch of A001: $(cat list2.csv)"
echo "t1100: feeds of the week of $first served on port $port"
