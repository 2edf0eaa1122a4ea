#!/bin/sh
# t0410-bad-input.sh - damaged inputs: a clear message, and nothing lost
#
# Forty seeded damages of the small fixture, one file each: truncated
# files, a deleted or repeated row, a field replaced by junk (empty, -1,
# 1e309, nan, a 5 000-character string, an impossible date, a quote), NUL
# and invalid UTF-8 bytes, a BOM with CRLF line ends, a renamed header
# column, and plan.ini keys set to junk.  Each plan runs against the same
# database and output folder.  Every run must exit 0, 2, 3 or 4 (never a
# crash); one that fails must say why on stderr and leave the stored runs
# and the previous outputs exactly as they were.
set -eu
. "${SP_ROOT:?SP_ROOT must name the repository root}/tests/cli/lib.sh"

rc=0
$SP_BIN plan "$FX" --out out --db plan.db --time-limit 5 >stdout 2>stderr || rc=$?
[ "$rc" -eq 0 ] || fail "the undamaged fixture exited $rc: $(cat stderr)"

# cases/N/ holds the damaged inputs, cases/N/what says what was done
$PY - "$FX" cases <<'EOF'
import os, random, shutil, sys

src, out = sys.argv[1], sys.argv[2]
rng = random.Random(20261124)
junk = ['', '-1', '1e309', 'nan', 'x' * 5000, '2026-13-45T25:61', '"', ';;;', 'en;en', '24:00']

def damage_csv(text):
    lines = text.split('\n')
    body = [i for i, l in enumerate(lines) if l and not l.startswith('#')]
    kind = rng.randrange(7)
    if kind == 0:
        cut = rng.randrange(len(text))
        return text[:cut], 'truncated at byte %d' % cut
    if kind == 1 and len(body) > 1:
        i = rng.choice(body[1:])
        del lines[i]
        return '\n'.join(lines), 'row %d deleted' % (i + 1)
    if kind == 2:
        i = rng.choice(body[1:] or body)
        lines.insert(i, lines[i])
        return '\n'.join(lines), 'row %d repeated' % (i + 1)
    if kind == 3 and len(body) > 1:
        i = rng.choice(body[1:])
        fields = lines[i].split(',')
        c, j = rng.randrange(len(fields)), rng.choice(junk)
        fields[c] = j
        lines[i] = ','.join(fields)
        return '\n'.join(lines), 'row %d field %d set to %r' % (i + 1, c + 1, j[:20])
    if kind == 4:
        at = rng.randrange(len(text))
        return text[:at] + '\x00\udcc3("\r' + text[at:], 'NUL and invalid UTF-8 at byte %d' % at
    if kind == 5:
        return '\ufeff' + text.replace('\n', '\r\n'), 'BOM and CRLF'
    fields = lines[body[0]].split(',')
    c = rng.randrange(len(fields))
    fields[c] += 'x'
    lines[body[0]] = ','.join(fields)
    return '\n'.join(lines), 'header column %d renamed' % (c + 1)

def damage_ini(text):
    lines = text.split('\n')
    i = rng.choice([i for i, l in enumerate(lines) if '=' in l and not l.lstrip().startswith(';')])
    key, j = lines[i].split('=')[0].strip(), rng.choice(junk + ['0', '100000', 'Mars/Phobos'])
    lines[i] = '%s = %s' % (key, j)
    return '\n'.join(lines), 'plan.ini line %d: %s set to %r' % (i + 1, key, j[:20])

for n in range(40):
    d = os.path.join(out, str(n))
    shutil.copytree(src, d)
    name = rng.choice(['agents.csv', 'availability.csv', 'forecast.csv', 'plan.ini'])
    path = os.path.join(d, name)
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        text = f.read()
    text, what = damage_ini(text) if name == 'plan.ini' else damage_csv(text)
    with open(path, 'w', encoding='utf-8', errors='surrogateescape', newline='') as f:
        f.write(text)
    with open(os.path.join(d, 'what'), 'w') as f:
        f.write('%s: %s\n' % (name, what))
EOF

runs() { sqlite3 plan.db 'SELECT count(*) FROM runs'; }
sums() { find out -type f | LC_ALL=C sort | xargs sha256sum; }
stored=$(runs)
before=$(sums)
failures=0
for n in $(seq 0 39); do
	what=$(cat "cases/$n/what")
	rm -f "cases/$n/what"
	rc=0
	$SP_BIN plan "cases/$n" --out out --db plan.db --time-limit 2 >stdout 2>stderr || rc=$?
	case $rc in
	0)
		stored=$((stored + 1))
		[ "$(runs)" = "$stored" ] || fail "$what: exit 0 but no run stored"
		before=$(sums)
		;;
	2 | 3 | 4)
		failures=$((failures + 1))
		grep -q '^staffplan plan: ..*' stderr || fail "$what: exit $rc without a message: $(cat stderr)"
		[ "$(runs)" = "$stored" ] || fail "$what: exit $rc but the stored runs changed"
		[ "$(sums)" = "$before" ] || fail "$what: exit $rc but the previous outputs changed"
		;;
	*)
		fail "$what: exit $rc: $(tail -n 5 stderr)"
		;;
	esac
done
# the damages must reach the checks, not just pass through
[ "$failures" -ge 20 ] || fail "only $failures of 40 damaged inputs were refused"
