#!/bin/sh
# check.sh - render report.html and the scenario comparison page in a real
# browser (headless Chromium) and check that the screenshots are pages
#
# Run by `make check-report`.  Installs Debian's chromium with apt-get when it
# is missing (as root).  Pages come from a real run when the planner works
# (`$BIN plan data/tiny`, else data/example, then `report` and `scenario
# compare --html`), and from a real two-week run under Erlang A built from
# data/example by tests/report/multiweek.py; fixture pages written by the
# report unit tests (tests/unit/test_report.c with SP_REPORT_KEEP: one week,
# 2 and 6 weeks, the comparisons) are always rendered too.  Every page must
# fit the 1400-pixel window's width (nothing cut at the right edge).  The
# screenshots stay in $SP_REPORT_OUT (default: a new /tmp directory) for a
# human to look at.
#
# Environment: BIN (staffplan binary, default build/staffplan), CC,
# LIBSTAFFPLAN (default build/libstaffplan.a), LIBS (the Makefile's),
# SP_REPORT_OUT, SP_REPORT_TIME_LIMIT (solver seconds, default 60).
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$ROOT/build/staffplan}
CC=${CC:-cc}
LIBSTAFFPLAN=${LIBSTAFFPLAN:-$ROOT/build/libstaffplan.a}
LIBS=${LIBS:--lglpk -lClp -lCbcSolver -lical -lsqlite3 -lcsv -ljansson -lnettle -lmicrohttpd -lm -pthread}
OUT=${SP_REPORT_OUT:-$(mktemp -d /tmp/sp-report-check.XXXXXX)}
TL=${SP_REPORT_TIME_LIMIT:-60}
fail=0
checked=0

say() { printf '%s\n' "check-report: $*"; }
bad() { printf '%s\n' "check-report: FAIL: $*" >&2; fail=1; }

mkdir -p "$OUT/fixture" "$OUT/real" "$OUT/weeks" || exit 1

# --- a browser -------------------------------------------------------------
if ! command -v chromium >/dev/null 2>&1; then
	if [ "$(id -u)" != 0 ]; then
		say "chromium is missing; install it (apt-get install chromium) or run as root" >&2
		exit 1
	fi
	say "installing chromium with apt-get"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >"$OUT/apt.log" 2>&1 ||
		{ say "apt-get install chromium failed, see $OUT/apt.log" >&2; exit 1; }
fi
# CJK agent names need a CJK font to show as text rather than boxes
if [ "$(id -u)" = 0 ] && command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
	say "installing fonts-noto-cjk for CJK names"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >>"$OUT/apt.log" 2>&1 ||
		say "fonts-noto-cjk not installed; CJK names may render as boxes"
fi

# --- pages from a real run ---------------------------------------------------
real_report=
real_compare=
DATA=
for d in data/tiny data/example; do
	if [ -f "$ROOT/$d/forecast.csv" ]; then DATA=$ROOT/$d; break; fi
done
if [ -x "$BIN" ] && [ -n "$DATA" ]; then
	db=$OUT/real/plan.db
	rm -f "$db"
	say "planning $DATA (time limit ${TL}s)"
	if (cd "$OUT/real" && "$BIN" plan "$DATA" --out "$OUT/real/out" --db "$db" --time-limit "$TL") \
		>"$OUT/real/plan.log" 2>&1 && [ -f "$OUT/real/out/report.html" ]; then
		real_report=$OUT/real/out/report.html
		if "$BIN" report --out "$OUT/real/report-cmd.html" --db "$db" >"$OUT/real/report.log" 2>&1; then
			[ -s "$OUT/real/report-cmd.html" ] || bad "'staffplan report' wrote no file"
		else
			bad "'staffplan report --out' failed: $(tail -n 1 "$OUT/real/report.log")"
		fi
		if (cd "$OUT/real" &&
		    "$BIN" scenario create more-bot --set service.bot_deflection=0.2 --db "$db" &&
		    "$BIN" scenario run more-bot --time-limit "$TL" --db "$db" &&
		    "$BIN" scenario compare base more-bot --html "$OUT/real/compare.html" --db "$db") \
			>"$OUT/real/scenario.log" 2>&1 && [ -f "$OUT/real/compare.html" ]; then
			real_compare=$OUT/real/compare.html
		else
			say "scenario compare not ready ($(tail -n 1 "$OUT/real/scenario.log")); using the fixture"
		fi
	else
		say "planner not ready ($(tail -n 1 "$OUT/real/plan.log" 2>/dev/null)); using fixtures only"
	fi
else
	say "no $BIN or no data/tiny, data/example; using fixtures only"
fi

# --- a real plan of two weeks under Erlang A ------------------------------------
real_weeks=
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if [ -x "$BIN" ] && [ -f "$ROOT/data/example/forecast.csv" ] &&
	"$PY" "$ROOT/tests/report/multiweek.py" "$ROOT/data/example" "$OUT/weeks/in" 2 --patience 180 \
		>"$OUT/weeks/gen.log" 2>&1; then
	say "planning two weeks of data/example under Erlang A (time limit ${TL}s)"
	if (cd "$OUT/weeks" && "$BIN" plan "$OUT/weeks/in" --out "$OUT/weeks/out" --db "$OUT/weeks/plan.db" \
		--time-limit "$TL") >"$OUT/weeks/plan.log" 2>&1 && [ -f "$OUT/weeks/out/report.html" ]; then
		real_weeks=$OUT/weeks/out/report.html
		grep -q '"abandon_rate": [0-9]' "$OUT/weeks/out/kpis.json" ||
			bad "two weeks under Erlang A: kpis.json has no abandon_rate"
		grep -q '(2 weeks)' "$real_weeks" || bad "two weeks: the report does not say 2 weeks"
		grep -q '>Abandon rate<' "$real_weeks" || bad "two weeks under Erlang A: no abandon rate in the report"
	else
		say "two-week plan failed ($(tail -n 1 "$OUT/weeks/plan.log")); fixtures only"
	fi
fi

# --- fixture pages from the unit tests ---------------------------------------
runner=$OUT/report-tests
# the report's tests against the library `make` built (a hand-kept list of
# the report's sources broke whenever a helper they use moved)
if $CC -std=c11 -O1 -D_GNU_SOURCE -I"$ROOT/include" -I"$ROOT/tests/unit" \
	"$ROOT/tests/unit/test_main.c" "$ROOT/tests/unit/test_report.c" "$LIBSTAFFPLAN" \
	-lcunit $LIBS -o "$runner" 2>"$OUT/cc.log"; then
	SP_ROOT=$ROOT SP_REPORT_KEEP=$OUT/fixture "$runner" report >"$OUT/fixture/tests.log" 2>&1 ||
		bad "report unit tests failed, see $OUT/fixture/tests.log"
else
	bad "cannot build the report test runner, see $OUT/cc.log"
fi

# --- render and inspect ------------------------------------------------------
# Decodes the PNG with the standard library only and prints
# "WIDTH HEIGHT COLOURS DOMINANT_SHARE CONTENT_BOTTOM EDGE_ROWS" (content
# bottom: the lowest row that is not plain background; edge rows: rows
# whose 12 pixels left of the scroll bar are not white, where a page wider
# than the window would be cut).
png_stats() {
	python3 - "$1" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
if data[:8] != b'\x89PNG\r\n\x1a\n':
    sys.exit("not a PNG")
pos, idat = 8, b''
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    pos += 12 + n
    if kind == b'IHDR':
        w, h, depth, ctype, _, _, inter = struct.unpack('>IIBBBBB', body)
    elif kind == b'IDAT':
        idat += body
if depth != 8 or inter or ctype not in (0, 2, 4, 6):
    sys.exit("unsupported PNG format")
bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
raw, stride = zlib.decompress(idat), w * bpp
prev, p, counts, bottom, edge = bytearray(stride), 0, {}, 0, 0
for y in range(h):
    f, line = raw[p], bytearray(raw[p + 1:p + 1 + stride])
    p += 1 + stride
    if f == 1:
        for i in range(bpp, stride): line[i] = (line[i] + line[i - bpp]) & 255
    elif f == 2:
        for i in range(stride): line[i] = (line[i] + prev[i]) & 255
    elif f == 3:
        for i in range(stride):
            line[i] = (line[i] + (((line[i - bpp] if i >= bpp else 0) + prev[i]) >> 1)) & 255
    elif f == 4:
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    row = bytes(line)
    px = [row[i:i + bpp] for i in range(0, stride, bpp * 2)]  # every other pixel
    for q in px:
        counts[q] = counts.get(q, 0) + 1
    if any(q != px[0] for q in px):
        bottom = y
    band = row[(w - 27) * bpp:(w - 15) * bpp]
    if any(band[i:i + 3] != b'\xff\xff\xff' for i in range(0, len(band), bpp)):
        edge += 1
    prev = line
total = sum(counts.values())
print(w, h, len(counts), "%.4f" % (max(counts.values()) / total), bottom, edge)
EOF
}

# render NAME HTML MIN_CONTENT_BOTTOM
render() {
	name=$1 html=$2 minbottom=$3
	png=$OUT/$name.png
	prof=$(mktemp -d /tmp/sp-chromium.XXXXXX)
	rm -f "$png"
	checked=$((checked + 1))
	timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" --window-size=1400,2000 --screenshot="$png" \
		"file://$html" >"$OUT/$name.chromium.log" 2>&1
	rc=$?
	rm -rf "$prof"
	if [ $rc -ne 0 ] || [ ! -s "$png" ]; then
		bad "$name: chromium wrote no screenshot (exit $rc, see $OUT/$name.chromium.log)"
		return
	fi
	if ! stats=$(png_stats "$png"); then
		bad "$name: cannot read $png"
		return
	fi
	set -- $stats
	size=$(wc -c <"$png")
	say "$name: ${1}x$2, $size bytes, $3 colours, background ${4}, content to row $5, $6 rows at the edge"
	[ "$1" = 1400 ] && [ "$2" = 2000 ] || bad "$name: screenshot is ${1}x$2, expected 1400x2000"
	[ "$size" -gt 20000 ] || bad "$name: screenshot is only $size bytes"
	[ "$3" -ge 40 ] || bad "$name: only $3 colours (blank or unstyled page?)"
	awk "BEGIN { exit !($4 < 0.99) }" || bad "$name: one colour covers $4 of the page"
	[ "$5" -ge "$minbottom" ] || bad "$name: content ends at row $5, expected below $minbottom"
	[ "$6" = 0 ] || bad "$name: $6 rows reach the right edge of the 1400-pixel window (too wide)"
	# the browser must parse every chart the file has
	svgs=$(grep -o '<svg' "$html" | wc -l)
	dom=$(mktemp -d /tmp/sp-chromium.XXXXXX)
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$dom" --dump-dom "file://$html" >"$OUT/$name.dom.html" 2>/dev/null
	rm -rf "$dom"
	domsvgs=$(grep -o '<svg' "$OUT/$name.dom.html" | wc -l)
	[ "$svgs" -gt 0 ] && [ "$svgs" = "$domsvgs" ] ||
		bad "$name: file has $svgs <svg>, the browser's DOM $domsvgs"
	! grep -q 'http' "$html" || bad "$name: the page refers to the network (http)"
}

[ -f "$OUT/fixture/report.html" ] && render fixture-report "$OUT/fixture/report.html" 1500
[ -f "$OUT/fixture/compare.html" ] && render fixture-compare "$OUT/fixture/compare.html" 500
[ -f "$OUT/fixture/large.html" ] && render fixture-large "$OUT/fixture/large.html" 1900
[ -f "$OUT/fixture/weeks2.html" ] && render fixture-weeks2 "$OUT/fixture/weeks2.html" 1900
[ -f "$OUT/fixture/weeks6.html" ] && render fixture-weeks6 "$OUT/fixture/weeks6.html" 1900
[ -f "$OUT/fixture/compare-weeks.html" ] && render fixture-compare-weeks "$OUT/fixture/compare-weeks.html" 500
[ -n "$real_report" ] && render real-report "$real_report" 1000
[ -n "$real_compare" ] && render real-compare "$real_compare" 300
[ -n "$real_weeks" ] && render real-weeks2 "$real_weeks" 1900

[ "$checked" -gt 0 ] || bad "no page was rendered"
if [ $fail -ne 0 ]; then
	say "FAILED (pages and screenshots in $OUT)"
	exit 1
fi
say "ok: $checked pages rendered (screenshots in $OUT)"
