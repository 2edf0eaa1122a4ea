/* test_ics.c - iCalendar: calendars from publications, files from runs, DST, re-plans
 *
 * Escaping, folding, file names and UIDs are tested in test_ics_text.c, the
 * publications table with the files in test_publish.c.  Runs are built in
 * C (no solver); exported files are read back with a
 * small content-line reader below (unfold, split, unescape), and every
 * DTSTART/DTEND is turned back into a UTC instant through the system zone
 * database to compare with the shift.  tests/interop/ics_check.py does the
 * same with an independent parser (python3-icalendar) on a real plan.
 */
#include "tests.h"

#include "staffplan/ics.h"
#include "staffplan/tz.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- fixtures -------------------------------------------------------------- */

static time_t utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi };
	return timegm(&tm);
}

/* Local wall time in zone -> UTC (the test's own reading of the zone). */
static time_t local(const char *zone, int y, int mo, int d, int h, int mi)
{
	struct sp_tz tz;
	time_t t = 0;

	CU_ASSERT_FATAL(sp_tz_init(&tz, zone, NULL) == SP_OK);
	sp_tz_to_utc(&tz, y, mo, d, h, mi, &t);
	return t;
}

static void fx_run(struct sp_run *run, const char *site_tz, time_t horizon_start, int ndays)
{
	sp_run_init(run);
	snprintf(run->site_tz, sizeof(run->site_tz), "%s", site_tz);
	run->horizon_start = horizon_start;
	run->ndays = ndays;
}

static struct sp_run_shift *fx_shift(struct sp_run *run, const char *id, const char *name,
				     const char *tz, const char *date, time_t start, time_t end,
				     time_t brk_start, time_t brk_end)
{
	struct sp_run_shift *s = sp_run_add_shift(run, id, name, tz, "");

	snprintf(s->date, sizeof(s->date), "%s", date);
	s->start = start;
	s->end = end;
	s->brk_start = brk_start;
	s->brk_end = brk_end;
	s->paid_minutes = (int)((end - start - (brk_end - brk_start)) / 60);
	free(s->queues);
	free(s->langs);
	s->queues = sp_xstrdup("chat;security");
	s->langs = sp_xstrdup("en;zh");
	return s;
}

/* ---- reading exported files ------------------------------------------------ */

static int utf8_valid(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 :
			   (c & 0xF8) == 0xF0 ? 4 : 0;

		if (k == 0 || i + k > n || (k == 2 && c < 0xC2))
			return 0;
		for (size_t j = 1; j < k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
		i += k;
	}
	return 1;
}

/* Lexical checks of RFC 5545 3.1 on the raw bytes; returns the problems. */
static int lexical_problems(const char *s, size_t len)
{
	int bad = 0;
	size_t i = 0;

	if (len < 2 || memcmp(s + len - 2, "\r\n", 2))
		bad++;
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		bad++;
	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len;
		size_t n = end - i;

		if (n == 0 || s[end - 1] != '\r')
			bad++; /* bare LF or empty line */
		else
			n--;
		if (n > 75 || n == 0 || memchr(s + i, '\r', n) ||
		    !utf8_valid((const unsigned char *)s + i, n))
			bad++;
		for (size_t k = 0; k < n; k++)
			if ((unsigned char)s[i + k] < 0x20 && s[i + k] != '\t')
				bad++;
		i = end + 1;
	}
	return bad;
}

struct doc {
	char **lines; /* unfolded content lines */
	int n;
	int lexical;  /* lexical_problems() of the file */
};

static int doc_load(struct doc *d, const char *path)
{
	size_t len;
	char *s = test_slurp(path, &len), *line = NULL;
	size_t ll = 0;

	memset(d, 0, sizeof(*d));
	if (!s)
		return 0;
	d->lexical = lexical_problems(s, len);
	d->lines = sp_xcalloc(len + 1, sizeof(char *));
	for (size_t i = 0; i < len;) {
		size_t end = i;

		while (end < len && s[end] != '\r' && s[end] != '\n')
			end++;
		if (s[i] == ' ' && line) { /* continuation */
			line = sp_xrealloc(line, ll + (end - i));
			memcpy(line + ll, s + i + 1, end - i - 1);
			ll += end - i - 1;
			line[ll] = '\0';
		} else {
			if (line)
				d->lines[d->n++] = line;
			line = sp_xmalloc(end - i + 1);
			memcpy(line, s + i, end - i);
			ll = end - i;
			line[ll] = '\0';
		}
		i = end;
		while (i < len && (s[i] == '\r' || s[i] == '\n'))
			i++;
	}
	if (line)
		d->lines[d->n++] = line;
	free(s);
	return 1;
}

static void doc_free(struct doc *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->lines[i]);
	free(d->lines);
}

/* Name of a content line ("DTSTART" of "DTSTART;TZID=x:v") into out. */
static void line_name(const char *l, char out[64])
{
	size_t n = strcspn(l, ";:");

	snprintf(out, 64, "%.*s", (int)(n < 63 ? n : 63), l);
}

static const char *line_value(const char *l)
{
	const char *c = strchr(l, ':');
	return c ? c + 1 : "";
}

/* TEXT value unescaped (a new string). */
static char *unescape(const char *v)
{
	char *out = sp_xmalloc(strlen(v) + 1), *o = out;

	for (; *v; v++) {
		if (*v == '\\' && v[1]) {
			v++;
			*o++ = (*v == 'n' || *v == 'N') ? '\n' : *v;
		} else {
			*o++ = *v;
		}
	}
	*o = '\0';
	return out;
}

struct ev {
	const char *uid, *status, *summary, *transp, *agent, *date;
	const char *dtstart, *dtend; /* whole lines */
	int seq;
	int nprops[8];               /* UID DTSTAMP DTSTART DTEND SUMMARY SEQUENCE STATUS DESCRIPTION */
};

static const char *const once[8] = { "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY",
				     "SEQUENCE", "STATUS", "DESCRIPTION" };

/* Fills evs (up to max) from the VEVENTs of d; returns how many. */
static int doc_events(const struct doc *d, struct ev *evs, int max)
{
	int n = 0;
	struct ev *e = NULL;

	for (int i = 0; i < d->n; i++) {
		const char *l = d->lines[i];
		char name[64];

		if (!strcmp(l, "BEGIN:VEVENT")) {
			if (n == max)
				return n;
			e = &evs[n++];
			memset(e, 0, sizeof(*e));
			continue;
		}
		if (!strcmp(l, "END:VEVENT")) {
			e = NULL;
			continue;
		}
		if (!e)
			continue;
		line_name(l, name);
		for (int k = 0; k < 8; k++)
			if (!strcmp(name, once[k]))
				e->nprops[k]++;
		if (!strcmp(name, "UID"))
			e->uid = line_value(l);
		else if (!strcmp(name, "STATUS"))
			e->status = line_value(l);
		else if (!strcmp(name, "SUMMARY"))
			e->summary = line_value(l);
		else if (!strcmp(name, "TRANSP"))
			e->transp = line_value(l);
		else if (!strcmp(name, "X-STAFFPLAN-AGENT-ID"))
			e->agent = line_value(l);
		else if (!strcmp(name, "X-STAFFPLAN-DATE"))
			e->date = line_value(l);
		else if (!strcmp(name, "DTSTART"))
			e->dtstart = l;
		else if (!strcmp(name, "DTEND"))
			e->dtend = l;
		else if (!strcmp(name, "SEQUENCE"))
			e->seq = atoi(line_value(l));
	}
	return n;
}

static const struct ev *find_uid(const struct ev *evs, int n, const char *uid)
{
	for (int i = 0; i < n; i++)
		if (evs[i].uid && !strcmp(evs[i].uid, uid))
			return &evs[i];
	return NULL;
}

/* Count of lines equal to l. */
static int doc_count(const struct doc *d, const char *l)
{
	int c = 0;

	for (int i = 0; i < d->n; i++)
		c += !strcmp(d->lines[i], l);
	return c;
}

/* Lines of the (first) VTIMEZONE, 0 when there is none. */
static int vtimezone_lines(const struct doc *d)
{
	int n = 0, in = 0;

	for (int i = 0; i < d->n; i++) {
		if (!strcmp(d->lines[i], "BEGIN:VTIMEZONE"))
			in = 1;
		n += in;
		if (!strcmp(d->lines[i], "END:VTIMEZONE"))
			break;
	}
	return n;
}

static int doc_has_prefix(const struct doc *d, const char *prefix)
{
	for (int i = 0; i < d->n; i++)
		if (!strncmp(d->lines[i], prefix, strlen(prefix)))
			return 1;
	return 0;
}

/* The UTC instant a DTSTART/DTEND line denotes: "...:YYYYMMDDTHHMMSSZ" or
 * ";TZID=zone:YYYYMMDDTHHMMSS" (read by the IANA rules, first occurrence);
 * -1 when malformed, when the TZID has no VTIMEZONE in d, or when the wall
 * time is ambiguous or missing (a reader could pick another instant). */
static time_t line_instant(const struct doc *d, const char *l)
{
	const char *v = line_value(l);
	int y, mo, da, h, mi, s;
	char zone[128] = "", want[160];
	const char *tzid = strstr(l, ";TZID=");
	time_t t;
	struct sp_tz tz;

	if (!l || sscanf(v, "%4d%2d%2dT%2d%2d%2d", &y, &mo, &da, &h, &mi, &s) != 6)
		return -1;
	if (!tzid) {
		if (strlen(v) != 16 || v[15] != 'Z')
			return -1; /* floating */
		return utc(y, mo, da, h, mi) + s;
	}
	if (v[strlen(v) - 1] == 'Z')
		return -1; /* TZID on a UTC value */
	sscanf(tzid + 6, "%127[^:;]", zone);
	snprintf(want, sizeof(want), "TZID:%s", zone);
	if (doc_count(d, want) != 1 || sp_tz_init(&tz, zone, NULL) != SP_OK)
		return -1;
	if (sp_tz_to_utc(&tz, y, mo, da, h, mi, &t) != SP_LOCAL_OK)
		return -1;
	return t + s;
}

static const char *path_in(const char *dir, const char *file)
{
	static char buf[4][4200];
	static int next;
	char *b = buf[next++ % 4];

	if (snprintf(b, sizeof(buf[0]), "%s/%s", dir, file) >= (int)sizeof(buf[0]))
		CU_FAIL("path too long");
	return b;
}

/* ---- whole files ------------------------------------------------------------- */

/* Checks what every exported calendar must have; returns its event count. */
static int check_calendar(const struct doc *d)
{
	static const char *const cal_once[] = { "VERSION:2.0", "CALSCALE:GREGORIAN",
		"METHOD:PUBLISH", "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H",
		"BEGIN:VCALENDAR", "END:VCALENDAR" };
	struct ev evs[64];
	int n;

	CU_ASSERT_EQUAL(d->lexical, 0);
	CU_ASSERT_TRUE(d->n > 0 && !strcmp(d->lines[0], "BEGIN:VCALENDAR"));
	CU_ASSERT_TRUE(d->n > 0 && !strcmp(d->lines[d->n - 1], "END:VCALENDAR"));
	for (size_t i = 0; i < sizeof(cal_once) / sizeof(cal_once[0]); i++)
		CU_ASSERT_EQUAL(doc_count(d, cal_once[i]), 1);
	CU_ASSERT_TRUE(doc_has_prefix(d, "PRODID:-//staffplan//"));
	CU_ASSERT_TRUE(doc_has_prefix(d, "X-WR-CALNAME:"));
	CU_ASSERT_TRUE(doc_has_prefix(d, "NAME:"));
	CU_ASSERT_FALSE(doc_has_prefix(d, "TZID:/"));
	n = doc_events(d, evs, 64);
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < 8; k++)
			CU_ASSERT_EQUAL(evs[i].nprops[k], 1);
		CU_ASSERT_PTR_NULL(find_uid(evs, i, evs[i].uid)); /* unique per file */
		CU_ASSERT_TRUE(line_instant(d, evs[i].dtstart) > 0);
		CU_ASSERT_TRUE(line_instant(d, evs[i].dtend) > line_instant(d, evs[i].dtstart));
	}
	for (int i = 0; i < d->n; i++)
		if (!strncmp(d->lines[i], "DTSTAMP", 7)) {
			const char *v = line_value(d->lines[i]);
			CU_ASSERT_TRUE(strlen(v) == 16 && v[15] == 'Z');
		}
	return n;
}

/* The event of agent's shift (not its break) on date in d. */
static const struct ev *shift_event(const struct ev *evs, int n, const char *agent,
				    const char *date)
{
	for (int i = 0; i < n; i++)
		if (evs[i].agent && !strcmp(evs[i].agent, agent) && !strcmp(evs[i].date, date) &&
		    !strstr(evs[i].uid, "-break@"))
			return &evs[i];
	return NULL;
}

static void test_ics_export_calendar_properties(void)
{
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;
	const char *dir = test_tmpdir();
	struct doc d;
	struct ev evs[64];
	int n;

	fx_run(&run, "Asia/Shanghai", local("Asia/Shanghai", 2026, 11, 30, 0, 0), 7);
	fx_shift(&run, "a1", "Alice", "Europe/London", "2026-11-30",
		 utc(2026, 11, 30, 1, 0), utc(2026, 11, 30, 10, 0),
		 utc(2026, 11, 30, 5, 0), utc(2026, 11, 30, 6, 0));
	fx_shift(&run, "b2", "Bo", "Asia/Shanghai", "2026-12-01",
		 utc(2026, 12, 1, 0, 0), utc(2026, 12, 1, 4, 0), 0, 0);
	CU_ASSERT_EQUAL_FATAL(ics_write(&run, NULL, 0, NULL, dir, NULL, NULL, &err), SP_OK);
	CU_ASSERT_EQUAL(test_count_entries(dir), 3);

	CU_ASSERT_FATAL(doc_load(&d, path_in(dir, "a1.ics")));
	n = check_calendar(&d);
	CU_ASSERT_EQUAL(n, 2); /* shift + break */
	CU_ASSERT_EQUAL(doc_count(&d, "TZID:Europe/London"), 1);
	CU_ASSERT_EQUAL(doc_count(&d, "X-WR-CALNAME:Roster: Alice"), 1);
	CU_ASSERT_EQUAL(doc_count(&d, "X-STAFFPLAN-AGENT-ID:a1"), 3);
	doc_events(&d, evs, 64);
	CU_ASSERT_STRING_EQUAL(evs[0].dtstart, "DTSTART;TZID=Europe/London:20261130T010000");
	CU_ASSERT_STRING_EQUAL(evs[0].dtend, "DTEND;TZID=Europe/London:20261130T100000");
	CU_ASSERT_STRING_EQUAL(evs[0].summary, "Shift: chat\\, security (en\\, zh)");
	CU_ASSERT_STRING_EQUAL(evs[0].status, "CONFIRMED");
	CU_ASSERT_STRING_EQUAL(evs[0].transp, "OPAQUE");
	CU_ASSERT_EQUAL(evs[0].seq, 0);
	/* the break: its own transparent event, and in the description */
	CU_ASSERT_STRING_EQUAL(evs[1].transp, "TRANSPARENT");
	CU_ASSERT_STRING_EQUAL(evs[1].summary, "Break");
	CU_ASSERT_PTR_NOT_NULL(strstr(evs[1].uid, "-break@staffplan"));
	CU_ASSERT_EQUAL(line_instant(&d, evs[1].dtstart), utc(2026, 11, 30, 5, 0));
	CU_ASSERT_EQUAL(line_instant(&d, evs[1].dtend), utc(2026, 11, 30, 6, 0));
	CU_ASSERT_TRUE(doc_has_prefix(&d, "DESCRIPTION:Queues: chat\\, security\\nLanguages: en\\, zh\\nPaid time: 8 h\\nBreak: 05:00-06:00"));
	doc_free(&d);

	CU_ASSERT_FATAL(doc_load(&d, path_in(dir, "team.ics")));
	n = check_calendar(&d);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_EQUAL(doc_count(&d, "TZID:Asia/Shanghai"), 1);
	CU_ASSERT_EQUAL(doc_count(&d, "TZID:Europe/London"), 0); /* site zone only */
	doc_events(&d, evs, 64);
	CU_ASSERT_STRING_EQUAL(evs[0].dtstart, "DTSTART;TZID=Asia/Shanghai:20261130T090000");
	CU_ASSERT_STRING_EQUAL(evs[0].summary, "Alice: Shift: chat\\, security (en\\, zh)");
	CU_ASSERT_PTR_NOT_NULL(strstr(evs[0].uid, "team-sp-"));
	doc_free(&d);
	sp_run_release(&run);
}

static void test_ics_export_escapes_hostile_names(void)
{
	static const char *const names[] = {
		"Wang, Li; \"the boss\"",
		"Eve\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil",
		"王丽😀 김민준 さくら — a name long enough to need folding more than once, surely",
		"back\\slash\ttab",
		/* no space, ';' or ':' for libical's folder to break at */
		"王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽"
		"😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀é",
	};
	enum { NNAMES = (int)(sizeof(names) / sizeof(names[0])) };
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;
	const char *dir = test_tmpdir();
	struct doc d;
	struct ev evs[64];
	char id[16];
	int n;

	fx_run(&run, "UTC", utc(2026, 11, 30, 0, 0), 7);
	for (int i = 0; i < NNAMES; i++) {
		snprintf(id, sizeof(id), "n%d", i);
		fx_shift(&run, id, names[i], "Asia/Shanghai", "2026-11-30",
			 utc(2026, 11, 30, i, 0), utc(2026, 11, 30, i + 4, 0), 0, 0);
	}
	CU_ASSERT_EQUAL_FATAL(ics_write(&run, NULL, 0, NULL, dir, NULL, NULL, &err), SP_OK);
	CU_ASSERT_FATAL(doc_load(&d, path_in(dir, "team.ics")));
	n = check_calendar(&d);
	CU_ASSERT_EQUAL(n, NNAMES); /* nothing injected */
	CU_ASSERT_EQUAL(doc_count(&d, "UID:evil"), 0);
	doc_events(&d, evs, 64);
	for (int i = 0; i < NNAMES; i++) {
		char *sum;
		char want[512];
		const struct ev *e;

		snprintf(id, sizeof(id), "n%d", i);
		e = shift_event(evs, n, id, "2026-11-30");
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		sum = unescape(e->summary);
		snprintf(want, sizeof(want), "%s: Shift: chat, security (en, zh)",
			 i == 1 ? "Eve\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil" :
			 i == 3 ? "back\\slash tab" : names[i]);
		CU_ASSERT_STRING_EQUAL(sum, want);
		free(sum);
		/* UTC site: no TZID, no VTIMEZONE */
		CU_ASSERT_EQUAL(line_instant(&d, e->dtstart), utc(2026, 11, 30, i, 0));
		CU_ASSERT_PTR_NULL(strstr(e->dtstart, "TZID"));
	}
	CU_ASSERT_FALSE(doc_has_prefix(&d, "BEGIN:VTIMEZONE"));
	doc_free(&d);

	/* the agent calendar's name, folded and escaped */
	CU_ASSERT_FATAL(doc_load(&d, path_in(dir, "n2.ics")));
	check_calendar(&d);
	{
		char want[256], *esc = ics_text_escape(names[2]);

		snprintf(want, sizeof(want), "X-WR-CALNAME:Roster: %s", esc);
		CU_ASSERT_EQUAL(doc_count(&d, want), 1);
		snprintf(want, sizeof(want), "NAME:Roster: %s", esc);
		CU_ASSERT_EQUAL(doc_count(&d, want), 1);
		free(esc);
	}
	doc_free(&d);
	CU_ASSERT_FATAL(doc_load(&d, path_in(dir, "n0.ics")));
	CU_ASSERT_EQUAL(doc_count(&d, "X-WR-CALNAME:Roster: Wang\\, Li\\; \"the boss\""), 1);
	doc_free(&d);
	sp_run_release(&run);
}

static void test_ics_export_never_writes_outside_dir(void)
{
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;
	const char *base = test_tmpdir();
	char dir[512];
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/out/ics", base); /* created by the export */
	fx_run(&run, "UTC", utc(2026, 11, 30, 0, 0), 7);
	fx_shift(&run, "../../evil", "Evil", "UTC", "2026-11-30",
		 utc(2026, 11, 30, 1, 0), utc(2026, 11, 30, 5, 0), 0, 0);
	fx_shift(&run, "/tmp/abs", "Abs", "UTC", "2026-11-30",
		 utc(2026, 11, 30, 1, 0), utc(2026, 11, 30, 5, 0), 0, 0);
	fx_shift(&run, "team", "Not the team", "UTC", "2026-11-30",
		 utc(2026, 11, 30, 1, 0), utc(2026, 11, 30, 5, 0), 0, 0);
	CU_ASSERT_EQUAL_FATAL(ics_write(&run, NULL, 0, NULL, dir, NULL, NULL, &err), SP_OK);
	CU_ASSERT_EQUAL(test_count_entries(dir), 4);
	CU_ASSERT_EQUAL(test_count_entries(base), 1); /* just out/ */
	CU_ASSERT_NOT_EQUAL(stat(path_in(base, "evil.ics"), &st), 0);
	CU_ASSERT_EQUAL(stat(path_in(dir, "team.ics"), &st), 0);
	sp_run_release(&run);
}

/* The calendars replace the old files together: when one cannot be
 * written (here team.ics, written last), no file has changed and no
 * temporary file is left. */
static void test_ics_export_failure_changes_no_file(void)
{
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;
	const char *dir = test_tmpdir();
	size_t nb = 0, na = 0;

	fx_run(&run, "UTC", utc(2026, 11, 30, 0, 0), 7);
	fx_shift(&run, "ann", "Ann", "UTC", "2026-11-30", utc(2026, 11, 30, 9, 0), utc(2026, 11, 30, 13, 0), 0, 0);
	CU_ASSERT_EQUAL_FATAL(ics_write(&run, NULL, 0, NULL, dir, NULL, NULL, &err), SP_OK);
	char *before = test_slurp(path_in(dir, "ann.ics"), &nb);
	fx_shift(&run, "ann", "Ann", "UTC", "2026-12-01", utc(2026, 12, 1, 9, 0), utc(2026, 12, 1, 13, 0), 0, 0);
	CU_ASSERT_EQUAL_FATAL(remove(path_in(dir, "team.ics")), 0);
	CU_ASSERT_EQUAL_FATAL(mkdir(path_in(dir, "team.ics"), 0700), 0);
	CU_ASSERT_EQUAL(ics_write(&run, NULL, 0, NULL, dir, NULL, NULL, &err), SP_ERR_IO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "team.ics"));
	char *after = test_slurp(path_in(dir, "ann.ics"), &na);
	CU_ASSERT(before && after && na == nb && memcmp(before, after, nb) == 0);
	CU_ASSERT_EQUAL(test_count_entries(dir), 2); /* ann.ics and the team.ics directory */
	free(before);
	free(after);
	sp_run_release(&run);
}

static void test_ics_export_midnight_crossing(void)
{
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;
	const char *dir = test_tmpdir();
	struct doc d;
	struct ev evs[8];
	time_t s = local("Asia/Shanghai", 2026, 12, 3, 22, 0);

	fx_run(&run, "Asia/Shanghai", local("Asia/Shanghai", 2026, 11, 30, 0, 0), 7);
	fx_shift(&run, "night", "Night Owl", "Asia/Shanghai", "2026-12-03", s, s + 9 * 3600,
		 s + 4 * 3600, s + 5 * 3600);
	CU_ASSERT_EQUAL_FATAL(ics_write(&run, NULL, 0, NULL, dir, NULL, NULL, &err), SP_OK);
	CU_ASSERT_FATAL(doc_load(&d, path_in(dir, "night.ics")));
	CU_ASSERT_EQUAL(check_calendar(&d), 2);
	doc_events(&d, evs, 8);
	CU_ASSERT_STRING_EQUAL(evs[0].dtstart, "DTSTART;TZID=Asia/Shanghai:20261203T220000");
	CU_ASSERT_STRING_EQUAL(evs[0].dtend, "DTEND;TZID=Asia/Shanghai:20261204T070000");
	CU_ASSERT_STRING_EQUAL(evs[1].dtstart, "DTSTART;TZID=Asia/Shanghai:20261204T020000");
	CU_ASSERT_EQUAL(line_instant(&d, evs[0].dtend), s + 9 * 3600);
	CU_ASSERT_STRING_EQUAL(evs[0].date, "2026-12-03"); /* the day it starts */
	doc_free(&d);
	sp_run_release(&run);
}

/* A week of 22:00-06:00 local night shifts in zone from Monday y-mo-d;
 * checks every instant and returns the doc of the agent file in d. */
static void dst_week(const char *zone, int y, int mo, int d0, const char *dir, struct doc *d)
{
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;
	struct ev evs[32];
	char date[16], vt[160];
	struct sp_tz tz;
	int n;

	CU_ASSERT_FATAL(sp_tz_init(&tz, zone, NULL) == SP_OK);
	fx_run(&run, zone, local(zone, y, mo, d0, 0, 0), 7);
	for (int k = 0; k < 7; k++) {
		time_t day = sp_tz_add_days(&tz, run.horizon_start, k), s, e;
		struct sp_local l, l2;

		sp_tz_local(&tz, day, &l);
		sp_tz_to_utc(&tz, l.year, l.month, l.day, 22, 0, &s);
		sp_tz_local(&tz, sp_tz_add_days(&tz, day, 1), &l2);
		sp_tz_to_utc(&tz, l2.year, l2.month, l2.day, 6, 0, &e);
		snprintf(date, sizeof(date), "%04d-%02d-%02d", l.year, l.month, l.day);
		fx_shift(&run, "dst", "Dee Ess Tee", zone, date, s, e, 0, 0);
	}
	CU_ASSERT_EQUAL_FATAL(ics_write(&run, NULL, 0, NULL, dir, NULL, NULL, &err), SP_OK);
	CU_ASSERT_FATAL(doc_load(d, path_in(dir, "dst.ics")));
	n = check_calendar(d);
	CU_ASSERT_EQUAL(n, 7);
	snprintf(vt, sizeof(vt), "TZID:%s", zone);
	CU_ASSERT_EQUAL(doc_count(d, vt), 1);
	CU_ASSERT_EQUAL(doc_count(d, "BEGIN:VTIMEZONE"), 1);
	/* DST rules included, as one open-ended rule each (no 2037 split) */
	CU_ASSERT_EQUAL(doc_count(d, "BEGIN:DAYLIGHT"), 1);
	CU_ASSERT_EQUAL(doc_count(d, "BEGIN:STANDARD"), 1);
	CU_ASSERT_FALSE(doc_has_prefix(d, "RRULE:FREQ=YEARLY;UNTIL="));
	CU_ASSERT_TRUE(vtimezone_lines(d) <= 40);          /* truncated history */
	CU_ASSERT_FALSE(doc_has_prefix(d, "TZOFFSETFROM:-0001")); /* no LMT */
	doc_events(d, evs, 32);
	for (int k = 0; k < n; k++) {
		const struct sp_run_shift *s = &run.shifts[k];
		const struct ev *e = shift_event(evs, n, "dst", s->date);

		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		CU_ASSERT_EQUAL(line_instant(d, e->dtstart), s->start);
		CU_ASSERT_EQUAL(line_instant(d, e->dtend), s->end);
		CU_ASSERT_PTR_NOT_NULL(strstr(e->dtstart, ";TZID="));
		CU_ASSERT_PTR_NOT_NULL(strstr(e->dtstart, "T220000"));
		CU_ASSERT_PTR_NOT_NULL(strstr(e->dtend, "T060000"));
	}
	sp_run_release(&run);
}

static void test_ics_export_dst_london_2027w12(void)
{
	struct doc d;
	struct ev evs[32];
	const struct ev *e;

	dst_week("Europe/London", 2027, 3, 22, test_tmpdir(), &d);
	doc_events(&d, evs, 32);
	/* Saturday night into the spring-forward Sunday: 7 real hours */
	e = shift_event(evs, 7, "dst", "2027-03-27");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->dtend, "DTEND;TZID=Europe/London:20270328T060000");
	CU_ASSERT_EQUAL(line_instant(&d, e->dtstart), utc(2027, 3, 27, 22, 0));
	CU_ASSERT_EQUAL(line_instant(&d, e->dtend), utc(2027, 3, 28, 5, 0));
	e = shift_event(evs, 7, "dst", "2027-03-28");
	CU_ASSERT_EQUAL(line_instant(&d, e->dtstart), utc(2027, 3, 28, 21, 0));
	CU_ASSERT_EQUAL(doc_count(&d, "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"), 1);
	CU_ASSERT_EQUAL(doc_count(&d, "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"), 1);
	doc_free(&d);
}

static void test_ics_export_dst_newyork_2026w44(void)
{
	struct doc d;
	struct ev evs[32];
	const struct ev *e;

	dst_week("America/New_York", 2026, 10, 26, test_tmpdir(), &d);
	doc_events(&d, evs, 32);
	/* Saturday night into the fall-back Sunday: 9 real hours */
	e = shift_event(evs, 7, "dst", "2026-10-31");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->dtstart, "DTSTART;TZID=America/New_York:20261031T220000");
	CU_ASSERT_STRING_EQUAL(e->dtend, "DTEND;TZID=America/New_York:20261101T060000");
	CU_ASSERT_EQUAL(line_instant(&d, e->dtstart), utc(2026, 11, 1, 2, 0));
	CU_ASSERT_EQUAL(line_instant(&d, e->dtend), utc(2026, 11, 1, 11, 0));
	CU_ASSERT_EQUAL(doc_count(&d, "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"), 1);
	CU_ASSERT_EQUAL(doc_count(&d, "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"), 1);
	doc_free(&d);
}

/* A shift that starts or ends inside the repeated hour cannot be written as
 * a wall time every reader agrees on: it is written in UTC. */
static void test_ics_export_repeated_hour_written_in_utc(void)
{
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;
	const char *dir = test_tmpdir();
	struct doc d;
	struct ev evs[8];
	/* 01:30 EDT (first pass) and 01:30 EST (second pass) on 2026-11-01 */
	time_t first = utc(2026, 11, 1, 5, 30), second = utc(2026, 11, 1, 6, 30);

	fx_run(&run, "America/New_York", local("America/New_York", 2026, 10, 26, 0, 0), 7);
	fx_shift(&run, "a", "A", "America/New_York", "2026-11-01", first, first + 4 * 3600, 0, 0);
	fx_shift(&run, "b", "B", "America/New_York", "2026-11-01", second - 8 * 3600, second, 0, 0);
	CU_ASSERT_EQUAL_FATAL(ics_write(&run, NULL, 0, NULL, dir, NULL, NULL, &err), SP_OK);
	CU_ASSERT_FATAL(doc_load(&d, path_in(dir, "a.ics")));
	check_calendar(&d);
	doc_events(&d, evs, 8);
	CU_ASSERT_EQUAL(line_instant(&d, evs[0].dtstart), first);
	CU_ASSERT_EQUAL(line_instant(&d, evs[0].dtend), first + 4 * 3600);
	doc_free(&d);
	CU_ASSERT_FATAL(doc_load(&d, path_in(dir, "b.ics")));
	check_calendar(&d);
	doc_events(&d, evs, 8);
	CU_ASSERT_STRING_EQUAL(evs[0].dtend, "DTEND:20261101T063000Z");
	CU_ASSERT_EQUAL(line_instant(&d, evs[0].dtstart), second - 8 * 3600);
	CU_ASSERT_EQUAL(line_instant(&d, evs[0].dtend), second);
	doc_free(&d);
	sp_run_release(&run);
}

/* tzdata 2026f: British Columbia keeps -07 from 2026-11-01.  A VTIMEZONE
 * cut at 2026-01-01 must still say PST (-08) for January, although the
 * rule that brought PST ended in 2025. */
static void test_ics_export_zone_rule_change_in_year(void)
{
	const char *z = "America/Vancouver";
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;
	const char *dir = test_tmpdir();
	struct doc d;
	struct ev evs[8];
	time_t jan = local(z, 2026, 1, 15, 9, 0), nov = local(z, 2026, 11, 30, 9, 0);

	CU_ASSERT_EQUAL(jan, utc(2026, 1, 15, 17, 0));
	CU_ASSERT_EQUAL(nov, utc(2026, 11, 30, 16, 0));
	fx_run(&run, z, local(z, 2026, 1, 12, 0, 0), 365);
	fx_shift(&run, "v", "Van", z, "2026-01-15", jan, jan + 8 * 3600, 0, 0);
	fx_shift(&run, "v", "Van", z, "2026-11-30", nov, nov + 8 * 3600, 0, 0);
	CU_ASSERT_EQUAL_FATAL(ics_write(&run, NULL, 0, NULL, dir, NULL, NULL, &err), SP_OK);
	CU_ASSERT_FATAL(doc_load(&d, path_in(dir, "v.ics")));
	CU_ASSERT_EQUAL(check_calendar(&d), 2);
	doc_events(&d, evs, 8);
	CU_ASSERT_STRING_EQUAL(evs[0].dtstart, "DTSTART;TZID=America/Vancouver:20260115T090000");
	CU_ASSERT_STRING_EQUAL(evs[1].dtstart, "DTSTART;TZID=America/Vancouver:20261130T090000");
	CU_ASSERT_EQUAL(line_instant(&d, evs[0].dtstart), jan);
	CU_ASSERT_EQUAL(line_instant(&d, evs[1].dtstart), nov);
	CU_ASSERT_TRUE(doc_count(&d, "TZOFFSETTO:-0800") >= 1);
	doc_free(&d);
	sp_run_release(&run);
}

static void test_ics_export_rejects_two_shifts_a_day(void)
{
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;

	fx_run(&run, "UTC", utc(2026, 11, 30, 0, 0), 7);
	fx_shift(&run, "a", "A", "UTC", "2026-11-30", utc(2026, 11, 30, 1, 0),
		 utc(2026, 11, 30, 2, 0), 0, 0);
	fx_shift(&run, "a", "A", "UTC", "2026-11-30", utc(2026, 11, 30, 5, 0),
		 utc(2026, 11, 30, 6, 0), 0, 0);
	CU_ASSERT_EQUAL(ics_write(&run, NULL, 0, NULL, test_tmpdir(), NULL, NULL, &err), SP_ERR_INTERNAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "two shifts on 2026-11-30"));
	sp_run_release(&run);
}

/* A run nobody works in (a desk where no agent may take any shift) still
 * gets its team calendar, without events: the writer sorted its events
 * with qsort(NULL, 0, ...), which UBSan stops on. */
static void test_ics_export_run_without_shifts(void)
{
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;
	const char *dir = test_tmpdir();
	struct doc d;

	fx_run(&run, "UTC", utc(2026, 11, 30, 0, 0), 2);
	CU_ASSERT_EQUAL_FATAL(ics_write(&run, NULL, 0, NULL, dir, NULL, NULL, &err), SP_OK);
	CU_ASSERT_EQUAL(test_count_entries(dir), 1);
	CU_ASSERT_FATAL(doc_load(&d, path_in(dir, "team.ics")));
	CU_ASSERT_EQUAL(doc_count(&d, "BEGIN:VEVENT"), 0);
	CU_ASSERT_EQUAL(doc_count(&d, "END:VCALENDAR"), 1);
	doc_free(&d);
	sp_run_release(&run);
}

/* ---- re-plans: UID, SEQUENCE, CANCELLED ------------------------------------ */

/* What the publications table would remember: every export's rows, one
 * per (agent, date), the newest kept (the store's INSERT OR REPLACE). */
struct memo {
	struct ics_pub *p;
	int n;
};

static int memo_find(const struct memo *m, const struct ics_pub *q)
{
	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->p[i].agent_id, q->agent_id) && !strcmp(m->p[i].date, q->date))
			return i;
	return -1;
}

/* Takes ownership of next[0..n). */
static void memo_keep(struct memo *m, struct ics_pub *next, int n)
{
	for (int i = 0; i < n; i++) {
		int at = memo_find(m, &next[i]);

		if (at < 0) {
			m->p = sp_xrealloc(m->p, (size_t)(m->n + 1) * sizeof(*m->p));
			at = m->n++;
		} else {
			free(m->p[at].agent_id);
			free(m->p[at].uid);
			free(m->p[at].summary);
			free(m->p[at].queues);
			free(m->p[at].langs);
		}
		m->p[at] = next[i];
	}
	free(next);
}

static void memo_release(struct memo *m)
{
	ics_pubs_free(m->p, m->n);
	m->p = NULL;
	m->n = 0;
}

/* Rows of agent on date, or NULL. */
static const struct ics_pub *memo_get(const struct memo *m, const char *agent, const char *date)
{
	struct ics_pub q = { .agent_id = (char *)agent };

	snprintf(q.date, sizeof(q.date), "%s", date);
	int at = memo_find(m, &q);
	return at < 0 ? NULL : &m->p[at];
}

/* Exports run into dir with m's memory (NULL: none) and remembers the
 * result; returns ics_write()'s status. */
static sp_status export_run(struct memo *m, const struct sp_run *run, const char *dir)
{
	struct sp_err err = SP_ERR_INIT;
	struct ics_pub *next = NULL;
	int nnext = -1;
	sp_status st;

	st = ics_write(run, m ? m->p : NULL, m ? m->n : 0, NULL, dir, m ? &next : NULL, &nnext,
		       &err);
	if (st != SP_OK) {
		CU_ASSERT_PTR_NULL(next);
		CU_ASSERT_EQUAL(nnext, m ? 0 : -1);
		return st;
	}
	if (m)
		memo_keep(m, next, nnext);
	return st;
}

/* Week of 2027-03-22 (London DST on Sunday) for agents a, b, c. */
static void replan_run(struct sp_run *run, int version)
{
	const char *z = "Europe/London";

	fx_run(run, z, local(z, 2027, 3, 22, 0, 0), 7);
	run->id = version;
	sp_run_add_agent(run, "a", "Ann", z, "");
	sp_run_add_agent(run, "b", "Ben, Jr.", "America/New_York", "");
	sp_run_add_agent(run, "c", "Cy", z, "");
	/* a: Monday never changes; Tuesday moves in version 2 and loses its
	 * break in version 5 */
	fx_shift(run, "a", "Ann", z, "2027-03-22", local(z, 2027, 3, 22, 9, 0),
		 local(z, 2027, 3, 22, 17, 0), 0, 0);
	if (version == 5)
		fx_shift(run, "a", "Ann", z, "2027-03-23", local(z, 2027, 3, 23, 11, 0),
			 local(z, 2027, 3, 23, 17, 0), 0, 0);
	else if (version == 1)
		fx_shift(run, "a", "Ann", z, "2027-03-23", local(z, 2027, 3, 23, 9, 0),
			 local(z, 2027, 3, 23, 18, 0), local(z, 2027, 3, 23, 12, 0),
			 local(z, 2027, 3, 23, 13, 0));
	else
		fx_shift(run, "a", "Ann", z, "2027-03-23", local(z, 2027, 3, 23, 11, 0),
			 local(z, 2027, 3, 23, 20, 0), local(z, 2027, 3, 23, 14, 0),
			 local(z, 2027, 3, 23, 15, 0));
	/* b: one night shift in versions 1 and 4, none in 2 and 3 */
	if (version == 1 || version == 4)
		fx_shift(run, "b", "Ben, Jr.", "America/New_York", "2027-03-27",
			 local(z, 2027, 3, 27, 22, 0), local(z, 2027, 3, 28, 6, 0), 0, 0);
	/* c: new in version 2 */
	if (version >= 2)
		fx_shift(run, "c", "Cy", z, "2027-03-24", local(z, 2027, 3, 24, 8, 0),
			 local(z, 2027, 3, 24, 12, 0), 0, 0);
}

struct snap {
	struct doc d;
	struct ev evs[32];
	int n;
};

static void snap_load(struct snap *s, const char *dir, const char *file)
{
	memset(s, 0, sizeof(*s));
	CU_ASSERT_FATAL(doc_load(&s->d, path_in(dir, file)));
	s->n = check_calendar(&s->d);
	doc_events(&s->d, s->evs, 32);
}

static void export_version(struct memo *m, int version, const char *dir)
{
	struct sp_run run;

	replan_run(&run, version);
	CU_ASSERT_EQUAL(export_run(m, &run, dir), SP_OK);
	sp_run_release(&run);
}

static void test_ics_replan_keeps_uid_and_raises_sequence(void)
{
	struct memo m = { 0 }, *db = &m;
	const char *dir1 = test_tmpdir(), *dir2 = test_tmpdir();
	struct snap s1, s2;
	const struct ev *mon1, *mon2, *tue1, *tue2, *brk1, *brk2;
	char *uid = ics_shift_uid("a", "2027-03-23"), brk_uid[128];

	export_version(db, 1, dir1);
	export_version(db, 2, dir2);
	snap_load(&s1, dir1, "a.ics");
	snap_load(&s2, dir2, "a.ics");
	mon1 = shift_event(s1.evs, s1.n, "a", "2027-03-22");
	mon2 = shift_event(s2.evs, s2.n, "a", "2027-03-22");
	tue1 = shift_event(s1.evs, s1.n, "a", "2027-03-23");
	tue2 = shift_event(s2.evs, s2.n, "a", "2027-03-23");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mon1 && mon2 && tue1 && tue2);
	/* unchanged shift: same UID, same SEQUENCE */
	CU_ASSERT_STRING_EQUAL(mon1->uid, mon2->uid);
	CU_ASSERT_EQUAL(mon1->seq, 0);
	CU_ASSERT_EQUAL(mon2->seq, 0);
	/* moved shift: same UID, SEQUENCE up, new times */
	CU_ASSERT_STRING_EQUAL(tue1->uid, tue2->uid);
	CU_ASSERT_EQUAL(tue1->seq, 0);
	CU_ASSERT_EQUAL(tue2->seq, 1);
	CU_ASSERT_STRING_EQUAL(tue2->dtstart, "DTSTART;TZID=Europe/London:20270323T110000");
	CU_ASSERT_STRING_EQUAL(tue2->status, "CONFIRMED");
	CU_ASSERT_STRING_EQUAL(tue1->uid, uid);
	snprintf(brk_uid, sizeof(brk_uid), "%.*s-break@staffplan", (int)strcspn(uid, "@"), uid);
	free(uid);
	brk1 = find_uid(s1.evs, s1.n, brk_uid);
	brk2 = find_uid(s2.evs, s2.n, brk_uid);
	CU_ASSERT_PTR_NOT_NULL(brk1);
	CU_ASSERT_PTR_NOT_NULL(brk2);
	if (brk1 && brk2) {
		CU_ASSERT_EQUAL(brk2->seq, 1);
		CU_ASSERT_EQUAL(line_instant(&s2.d, brk2->dtstart), local("Europe/London", 2027, 3, 23, 14, 0));
	}
	doc_free(&s1.d);
	doc_free(&s2.d);

	/* team calendar follows the same SEQUENCE, with its own UIDs */
	snap_load(&s2, dir2, "team.ics");
	tue2 = shift_event(s2.evs, s2.n, "a", "2027-03-23");
	CU_ASSERT_PTR_NOT_NULL_FATAL(tue2);
	CU_ASSERT_EQUAL(tue2->seq, 1);
	CU_ASSERT_TRUE(!strncmp(tue2->uid, "team-", 5));
	doc_free(&s2.d);
	memo_release(db);
}

static void test_ics_replan_cancels_vanished_shift(void)
{
	struct memo m = { 0 }, *db = &m;
	const char *dir = test_tmpdir();
	struct snap s;
	const struct ev *e;
	char *sum;

	export_version(db, 1, dir);
	snap_load(&s, dir, "b.ics");
	e = shift_event(s.evs, s.n, "b", "2027-03-27");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->status, "CONFIRMED");
	CU_ASSERT_STRING_EQUAL(e->dtstart, "DTSTART;TZID=America/New_York:20270327T180000");
	doc_free(&s.d);

	/* version 2: b has no shift left, but still gets a calendar */
	export_version(db, 2, dir);
	snap_load(&s, dir, "b.ics");
	CU_ASSERT_EQUAL(s.n, 1);
	e = shift_event(s.evs, s.n, "b", "2027-03-27");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->status, "CANCELLED");
	CU_ASSERT_EQUAL(e->seq, 1);
	CU_ASSERT_EQUAL(line_instant(&s.d, e->dtstart), local("Europe/London", 2027, 3, 27, 22, 0));
	CU_ASSERT_EQUAL(line_instant(&s.d, e->dtend), local("Europe/London", 2027, 3, 28, 6, 0));
	sum = unescape(e->summary);
	CU_ASSERT_STRING_EQUAL(sum, "Cancelled: Shift: chat, security (en, zh)");
	free(sum);
	CU_ASSERT_EQUAL(doc_count(&s.d, "X-WR-CALNAME:Roster: Ben\\, Jr."), 1);
	doc_free(&s.d);
	snap_load(&s, dir, "team.ics");
	e = shift_event(s.evs, s.n, "b", "2027-03-27");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->status, "CANCELLED");
	CU_ASSERT_EQUAL(s.n, 5); /* a: 2 shifts and a break, b cancelled, c */
	doc_free(&s.d);

	/* version 3 = version 2 again: the cancellation stays, SEQUENCE too */
	export_version(db, 3, dir);
	snap_load(&s, dir, "b.ics");
	e = shift_event(s.evs, s.n, "b", "2027-03-27");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->status, "CANCELLED");
	CU_ASSERT_EQUAL(e->seq, 1);
	doc_free(&s.d);
	snap_load(&s, dir, "a.ics");
	e = shift_event(s.evs, s.n, "a", "2027-03-23");
	CU_ASSERT_EQUAL(e->seq, 1); /* unchanged since version 2 */
	doc_free(&s.d);

	/* version 4: the shift is back under the same UID, SEQUENCE up again */
	export_version(db, 4, dir);
	snap_load(&s, dir, "b.ics");
	e = shift_event(s.evs, s.n, "b", "2027-03-27");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->status, "CONFIRMED");
	CU_ASSERT_EQUAL(e->seq, 2);
	doc_free(&s.d);
	snap_load(&s, dir, "c.ics");
	e = shift_event(s.evs, s.n, "c", "2027-03-24");
	CU_ASSERT_EQUAL(e->seq, 0); /* c never changed */
	doc_free(&s.d);

	/* what the caller is given to remember */
	CU_ASSERT_EQUAL(m.n, 4);
	for (int i = 0; i < m.n; i++) {
		CU_ASSERT_EQUAL(m.p[i].run_id, 4);
		CU_ASSERT_EQUAL(m.p[i].cancelled, ICS_PUB_ACTIVE);
		if (!strcmp(m.p[i].agent_id, "b"))
			CU_ASSERT_EQUAL(m.p[i].sequence, 2);
	}
	CU_ASSERT_STRING_EQUAL(memo_get(&m, "a", "2027-03-23")->queues, "chat;security");
	CU_ASSERT_EQUAL(memo_get(&m, "a", "2027-03-23")->paid_minutes, 8 * 60);
	memo_release(db);
}

/* The break event of agent a's Tuesday shift. */
static const struct ev *tuesday_break(const struct snap *s)
{
	char *uid = ics_shift_uid("a", "2027-03-23"), want[128];

	snprintf(want, sizeof(want), "%.*s-break@staffplan", (int)strcspn(uid, "@"), uid);
	free(uid);
	return find_uid(s->evs, s->n, want);
}

static void test_ics_replan_keeps_removed_break_cancelled(void)
{
	struct memo m = { 0 }, *db = &m;
	const char *dir = test_tmpdir();
	struct snap s;
	const struct ev *e;

	export_version(db, 2, dir);
	/* version 5: the shift stays (shorter), its break goes */
	for (int round = 0; round < 2; round++) {
		export_version(db, 5, dir);
		snap_load(&s, dir, "a.ics");
		e = tuesday_break(&s);
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		CU_ASSERT_STRING_EQUAL(e->status, "CANCELLED");
		CU_ASSERT_EQUAL(e->seq, 1);
		CU_ASSERT_EQUAL(line_instant(&s.d, e->dtstart), local("Europe/London", 2027, 3, 23, 14, 0));
		e = shift_event(s.evs, s.n, "a", "2027-03-23");
		CU_ASSERT_STRING_EQUAL(e->status, "CONFIRMED");
		CU_ASSERT_EQUAL(e->seq, 1);
		doc_free(&s.d);
	}
	/* back to version 2: the break returns under its UID */
	export_version(db, 2, dir);
	snap_load(&s, dir, "a.ics");
	e = tuesday_break(&s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->status, "CONFIRMED");
	CU_ASSERT_EQUAL(e->seq, 2);
	doc_free(&s.d);
	memo_release(db);
}

static void test_ics_cancels_only_inside_horizon(void)
{
	struct memo m = { 0 }, *db = &m;
	const char *dir = test_tmpdir();
	struct sp_run run;
	struct stat st;

	export_version(db, 1, dir);
	/* the next week: last week's shifts are not cancelled */
	fx_run(&run, "Europe/London", local("Europe/London", 2027, 3, 29, 0, 0), 7);
	fx_shift(&run, "c", "Cy", "Europe/London", "2027-03-30",
		 local("Europe/London", 2027, 3, 30, 8, 0), local("Europe/London", 2027, 3, 30, 12, 0),
		 0, 0);
	unlink(path_in(dir, "b.ics"));
	/* the memory of the week before is passed too: it must be ignored */
	CU_ASSERT_EQUAL(export_run(db, &run, dir), SP_OK);
	CU_ASSERT_NOT_EQUAL(stat(path_in(dir, "b.ics"), &st), 0);
	CU_ASSERT_EQUAL(m.n, 4);
	for (int i = 0; i < m.n; i++)
		CU_ASSERT_EQUAL(m.p[i].cancelled, ICS_PUB_ACTIVE);
	sp_run_release(&run);
	memo_release(db);
}

/* A failed export (the directory cannot be written) gives no publications
 * back: the caller's memory stays as it was. */
static void test_ics_failed_export_changes_nothing(void)
{
	struct memo m = { 0 }, *db = &m;
	const char *dir = test_tmpdir();
	struct sp_run run;
	FILE *f;

	export_version(db, 1, dir);
	f = fopen(path_in(dir, "blocker"), "w"); /* a file where the directory should be */
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fclose(f);
	replan_run(&run, 2);
	CU_ASSERT_EQUAL(export_run(db, &run, path_in(dir, "blocker")), SP_ERR_IO);
	sp_run_release(&run);
	CU_ASSERT_EQUAL(m.n, 3);
	for (int i = 0; i < m.n; i++) {
		CU_ASSERT_EQUAL(m.p[i].sequence, 0);
		CU_ASSERT_EQUAL(m.p[i].cancelled, ICS_PUB_ACTIVE);
		CU_ASSERT_EQUAL(m.p[i].run_id, 1);
	}
	memo_release(db);
}

static void test_ics_export_without_db_has_sequence_zero(void)
{
	const char *dir = test_tmpdir();
	struct snap s;

	export_version(NULL, 1, dir);
	export_version(NULL, 2, dir);
	snap_load(&s, dir, "a.ics");
	for (int i = 0; i < s.n; i++) {
		CU_ASSERT_EQUAL(s.evs[i].seq, 0);
		CU_ASSERT_STRING_EQUAL(s.evs[i].status, "CONFIRMED");
	}
	doc_free(&s.d);
	/* without memory nothing is cancelled: b's old file stays as it was */
	snap_load(&s, dir, "b.ics");
	CU_ASSERT_STRING_EQUAL(s.evs[0].status, "CONFIRMED");
	doc_free(&s.d);
}

/* Week of 2027-03-22 in UTC: "Bob" works Monday in version 1; version 2
 * replaces him by "bob" (a case twin: both files get a hash). */
static void twin_run(struct sp_run *run, int version)
{
	const char *id = version == 1 ? "Bob" : "bob";

	fx_run(run, "UTC", utc(2027, 3, 22, 0, 0), 7);
	run->id = version;
	sp_run_add_agent(run, id, id, "UTC", "");
	fx_shift(run, id, id, "UTC", "2027-03-22", utc(2027, 3, 22, 9, 0), utc(2027, 3, 22, 17, 0), 0, 0);
}

static void export_twin(struct memo *m, int version, const char *dir)
{
	struct sp_run run;

	twin_run(&run, version);
	CU_ASSERT_EQUAL(export_run(m, &run, dir), SP_OK);
	sp_run_release(&run);
}

/* A re-plan that renames an agent's file (a case twin arrives) writes
 * the calendar, cancellations included, under the old name too: the old
 * file never keeps a removed shift CONFIRMED.  Later re-plans keep the
 * new names and leave the old file alone. */
static void test_ics_renamed_file_gets_the_cancellations(void)
{
	static const char *const twins[2] = { "Bob", "bob" };
	struct memo m = { 0 };
	const char *dir = test_tmpdir();
	char newname[64], *names[2], *old, *renamed, *again;

	ics_file_names(twins, 2, names);
	snprintf(newname, sizeof(newname), "%s.ics", names[0]);
	CU_ASSERT_STRING_NOT_EQUAL(newname, "Bob.ics");
	free(names[0]);
	free(names[1]);
	export_twin(&m, 1, dir);
	CU_ASSERT_EQUAL(test_count_entries(dir), 2); /* Bob.ics, team.ics */
	old = test_slurp(path_in(dir, "Bob.ics"), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	CU_ASSERT_PTR_NULL(strstr(old, "STATUS:CANCELLED"));
	free(old);
	export_twin(&m, 2, dir);
	old = test_slurp(path_in(dir, "Bob.ics"), NULL);
	renamed = test_slurp(path_in(dir, newname), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	CU_ASSERT_PTR_NOT_NULL_FATAL(renamed);
	CU_ASSERT_PTR_NOT_NULL(strstr(old, "STATUS:CANCELLED"));
	CU_ASSERT_PTR_NULL(strstr(old, "STATUS:CONFIRMED"));
	CU_ASSERT_STRING_EQUAL(old, renamed);
	CU_ASSERT_EQUAL(test_count_entries(dir), 4); /* + bob-<hash>.ics */
	free(renamed);

	/* the week again: the names stay, the old file is not written */
	CU_ASSERT_EQUAL(unlink(path_in(dir, "Bob.ics")), 0);
	export_twin(&m, 2, dir);
	again = test_slurp(path_in(dir, newname), NULL);
	CU_ASSERT_PTR_NOT_NULL(again);
	CU_ASSERT_EQUAL(test_count_entries(dir), 3);
	free(again);
	free(old);
	memo_release(&m);
}

/* A snapshot (a preview, an archive copy) has UIDs of its run alone:
 * never the published ones (whose SEQUENCE a file with SEQUENCE 0 and
 * other times would contradict), never another run's; breaks and
 * team.ics follow.  Otherwise the same calendar as an unpublished export. */
static void test_ics_snapshot_has_uids_of_its_own(void)
{
	const char *pub = test_tmpdir(), *dir = test_tmpdir();
	struct sp_err err = SP_ERR_INIT;
	struct sp_run run;
	struct snap p, s;
	char *uid = ics_snapshot_uid("a", "2027-03-23", 2);

	export_version(NULL, 2, pub);
	replan_run(&run, 2);
	CU_ASSERT_EQUAL_FATAL(ics_write_snapshot(&run, NULL, dir, &err), SP_OK);
	sp_run_release(&run);
	snap_load(&p, pub, "a.ics");
	snap_load(&s, dir, "a.ics");
	CU_ASSERT_EQUAL_FATAL(s.n, p.n);
	for (int i = 0; i < s.n; i++) {
		CU_ASSERT_PTR_NULL(find_uid(p.evs, p.n, s.evs[i].uid));
		CU_ASSERT_PTR_NOT_NULL(strstr(s.evs[i].uid, "-run2"));
		CU_ASSERT_EQUAL(s.evs[i].seq, 0);
		CU_ASSERT_STRING_EQUAL(s.evs[i].dtstart, p.evs[i].dtstart);
		CU_ASSERT_STRING_EQUAL(s.evs[i].status, "CONFIRMED");
	}
	CU_ASSERT_PTR_NOT_NULL(find_uid(s.evs, s.n, uid));
	doc_free(&p.d);
	doc_free(&s.d);
	snap_load(&s, dir, "team.ics");
	for (int i = 0; i < s.n; i++)
		CU_ASSERT_TRUE(!strncmp(s.evs[i].uid, "team-", 5) && strstr(s.evs[i].uid, "-run2"));
	doc_free(&s.d);
	free(uid);
}

/* ---- calendars from publications -------------------------------------------- */

static void test_ics_pub_range_covers_horizon_and_shifts(void)
{
	struct sp_run run;
	char from[16], to[16];

	fx_run(&run, "Europe/London", local("Europe/London", 2027, 3, 22, 0, 0), 7);
	ics_pub_range(&run, from, to);
	CU_ASSERT_STRING_EQUAL(from, "2027-03-22");
	CU_ASSERT_STRING_EQUAL(to, "2027-03-29");
	fx_shift(&run, "a", "A", "UTC", "2027-03-21", utc(2027, 3, 21, 9, 0), utc(2027, 3, 21, 12, 0), 0, 0);
	fx_shift(&run, "a", "A", "UTC", "2027-03-31", utc(2027, 3, 31, 9, 0), utc(2027, 3, 31, 12, 0), 0, 0);
	ics_pub_range(&run, from, to);
	CU_ASSERT_STRING_EQUAL(from, "2027-03-21");
	CU_ASSERT_STRING_EQUAL(to, "2027-04-01");
	sp_run_release(&run);
	/* no horizon and no shift: nothing to read */
	sp_run_init(&run);
	ics_pub_range(&run, from, to);
	CU_ASSERT_STRING_EQUAL(from, "");
	CU_ASSERT_STRING_EQUAL(to, "");
	sp_run_release(&run);
}

/* The files are built on ics_cal_*: the publications ics_write() returns
 * give the same bytes without the run (what a feed server does). */
static void test_ics_cal_from_publications_equals_the_files(void)
{
	struct memo m = { 0 };
	const char *dir = test_tmpdir();
	const char *z = "Europe/London";
	struct ics_cal_opts o = { z, "base", local(z, 2027, 3, 22, 0, 0), 0 };
	struct ics_agent agents[] = {
		{ "a", "Ann", z, "" }, { "b", "Ben, Jr.", "America/New_York", "" }, { "c", "Cy", z, "" },
	};
	struct ics_cal *cal;
	struct sp_err err = SP_ERR_INIT;
	struct buf b = BUF_INIT;
	size_t len = 0;
	char *file;
	int first = -1, n = 0;

	export_version(&m, 1, dir);
	export_version(&m, 2, dir); /* b cancelled, a moved: every kind of event */
	cal = ics_cal_new(&o);
	for (int i = 0; i < m.n; i++)
		if (!strcmp(m.p[i].agent_id, "b")) {
			first = first < 0 ? i : first;
			n++;
		}
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(ics_cal_agent(cal, &agents[1], &m.p[first], n, &b, &err), SP_OK);
	file = test_slurp(path_in(dir, "b.ics"), &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	CU_ASSERT_EQUAL(b.len, len);
	CU_ASSERT_TRUE(b.len == len && !memcmp(b.s, file, len));
	free(file);
	buf_reset(&b);
	ics_cal_team(cal, agents, 3, m.p, m.n, &b);
	file = test_slurp(path_in(dir, "team.ics"), &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	CU_ASSERT_TRUE(b.len == len && !memcmp(b.s, file, len));
	free(file);
	buf_release(&b);
	ics_cal_free(cal);
	memo_release(&m);
}

/* Rows read back from the store lack queues, languages and paid time: the
 * description says what the row knows. */
static void test_ics_cal_from_stored_rows(void)
{
	const char *z = "Asia/Shanghai";
	time_t s = local(z, 2026, 12, 1, 9, 0);
	struct ics_pub p = { .agent_id = (char *)"w1", .date = "2026-12-01",
			     .uid = (char *)"sp-0000000000000001-20261201@staffplan", .sequence = 3,
			     .start = s, .end = s + 9 * 3600, .brk_start = s + 4 * 3600,
			     .brk_end = s + 4 * 3600 + 30 * 60, .summary = (char *)"Shift: chat (zh)",
			     .cancelled = ICS_PUB_ACTIVE, .published_at = "2026-11-20T08:00:00Z" };
	struct ics_agent who = { "w1", "王丽, Li", NULL, NULL }; /* zone: the site's */
	struct ics_cal_opts o = { z, "", s, 0 };
	struct ics_cal *cal = ics_cal_new(&o);
	struct sp_err err = SP_ERR_INIT;
	struct buf b = BUF_INIT;
	const char *path = path_in(test_tmpdir(), "w1.ics");
	struct doc d;
	struct ev evs[4];
	FILE *f;

	CU_ASSERT_EQUAL_FATAL(ics_cal_agent(cal, &who, &p, 1, &b, &err), SP_OK);
	f = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fwrite(b.s, 1, b.len, f);
	fclose(f);
	CU_ASSERT_FATAL(doc_load(&d, path));
	CU_ASSERT_EQUAL(check_calendar(&d), 2);
	doc_events(&d, evs, 4);
	CU_ASSERT_EQUAL(evs[0].seq, 3);
	CU_ASSERT_STRING_EQUAL(evs[0].dtstart, "DTSTART;TZID=Asia/Shanghai:20261201T090000");
	CU_ASSERT_EQUAL(doc_count(&d, "DTSTAMP:20261120T080000Z"), 2);
	CU_ASSERT_EQUAL(doc_count(&d, "DESCRIPTION:Paid time: 8 h 30 min\\nBreak: 13:00-13:30 (unpaid)\\nTimes: Asia/Shanghai"), 1);
	CU_ASSERT_EQUAL(doc_count(&d, "X-WR-CALNAME:Roster: 王丽\\, Li"), 1);
	doc_free(&d);
	buf_release(&b);
	ics_cal_free(cal);
}

/* A publication of another agent is a caller's bug: refused, nothing added. */
static void test_ics_cal_rejects_another_agents_publication(void)
{
	struct ics_pub p = { .agent_id = (char *)"x", .date = "2026-12-01", .uid = (char *)"u@x",
			     .start = 1000, .end = 5000, .summary = (char *)"Shift" };
	struct ics_agent who = { "y", "Y", "UTC", "" };
	struct ics_cal_opts o = { "UTC", NULL, 0, 0 };
	struct ics_cal *cal = ics_cal_new(&o);
	struct sp_err err = SP_ERR_INIT;
	struct buf b = BUF_INIT;

	CU_ASSERT_EQUAL(ics_cal_agent(cal, &who, &p, 1, &b, &err), SP_ERR_INTERNAL);
	CU_ASSERT_EQUAL(b.len, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'x'"));
	/* no events: still a calendar, with its VTIMEZONE as the one component */
	CU_ASSERT_EQUAL(ics_cal_agent(cal, &who, NULL, 0, &b, &err), SP_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, "BEGIN:VCALENDAR\r\n"));
	CU_ASSERT_PTR_NULL(strstr(b.s, "BEGIN:VEVENT"));
	buf_release(&b);
	ics_cal_free(cal);
	ics_cal_free(NULL);
}

static int suite_cleanup(void)
{
	ics_cleanup();
	return 0;
}

TEST_SUITE(ics)
{
	CU_pSuite s = CU_add_suite("ics", NULL, suite_cleanup);

	CU_add_test(s, "export: calendar properties, zones, break", test_ics_export_calendar_properties);
	CU_add_test(s, "export: hostile names escaped", test_ics_export_escapes_hostile_names);
	CU_add_test(s, "export: never outside the directory", test_ics_export_never_writes_outside_dir);
	CU_add_test(s, "export: a failure changes no file", test_ics_export_failure_changes_no_file);
	CU_add_test(s, "export: shift across midnight", test_ics_export_midnight_crossing);
	CU_add_test(s, "export: Europe/London 2027-W12", test_ics_export_dst_london_2027w12);
	CU_add_test(s, "export: America/New_York 2026-W44", test_ics_export_dst_newyork_2026w44);
	CU_add_test(s, "export: repeated hour in UTC", test_ics_export_repeated_hour_written_in_utc);
	CU_add_test(s, "export: zone rule change in the year", test_ics_export_zone_rule_change_in_year);
	CU_add_test(s, "export: two shifts a day rejected", test_ics_export_rejects_two_shifts_a_day);
	CU_add_test(s, "export: a run without shifts", test_ics_export_run_without_shifts);
	CU_add_test(s, "replan: UID kept, SEQUENCE raised", test_ics_replan_keeps_uid_and_raises_sequence);
	CU_add_test(s, "replan: vanished shift CANCELLED", test_ics_replan_cancels_vanished_shift);
	CU_add_test(s, "replan: removed break stays CANCELLED", test_ics_replan_keeps_removed_break_cancelled);
	CU_add_test(s, "replan: cancel only inside horizon", test_ics_cancels_only_inside_horizon);
	CU_add_test(s, "replan: failed export changes nothing", test_ics_failed_export_changes_nothing);
	CU_add_test(s, "export: no db, SEQUENCE 0", test_ics_export_without_db_has_sequence_zero);
	CU_add_test(s, "snapshot: UIDs of its own", test_ics_snapshot_has_uids_of_its_own);
	CU_add_test(s, "replan: a renamed file's old name gets the cancellations",
		    test_ics_renamed_file_gets_the_cancellations);
	CU_add_test(s, "range: horizon and shift dates", test_ics_pub_range_covers_horizon_and_shifts);
	CU_add_test(s, "cal: publications give the files' bytes", test_ics_cal_from_publications_equals_the_files);
	CU_add_test(s, "cal: stored rows without details", test_ics_cal_from_stored_rows);
	CU_add_test(s, "cal: another agent's publication refused", test_ics_cal_rejects_another_agents_publication);
}
