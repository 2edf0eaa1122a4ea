/* ics.c - iCalendar export: agent calendars, the team calendar, publication memory
 *
 * libical builds the standard properties (it escapes TEXT and folds) and
 * the VTIMEZONEs (from the system zone database, truncated to the export's
 * years, TZID renamed to the bare IANA name).  libical 3.0.16 does not
 * escape ',' and ';' in X- properties, so those few lines (X-WR-CALNAME,
 * X-WR-CALDESC, X-STAFFPLAN-*) go through ics_text_escape()/ics_fold().
 * Components are serialised property by property so that those lines can
 * sit among libical's.  See docs/CALENDARS.md for the published layout.
 */
#include "staffplan/ics.h"
#include "staffplan/date.h"
#include "staffplan/fileio.h"
#include "staffplan/text.h"
#include "staffplan/store.h"
#include "staffplan/tz.h"
#include "staffplan/version.h"

#include <libical/ical.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define ICS_PRODID "-//staffplan//Roster Export " SP_VERSION "//EN"
#define ICS_TTL "PT1H"          /* REFRESH-INTERVAL and X-PUBLISHED-TTL */
#define ICS_NAME_PLAIN_MAX 64   /* longest id used as a file name as it is */
#define ICS_NAME_REDUCED_MAX 40 /* longest reduced id before the hash */
#define ICS_TEAM "team"        /* the team calendar's file name: no agent's */

/* A time zone as used by one export: the VTIMEZONE and a libical zone
 * built from it, to check that a wall time reads back as the same instant. */
struct ics_zone {
	struct sp_tz tz;
	icalcomponent *vtz;    /* NULL: write UTC times (UTC itself, or no zone data) */
	icaltimezone *z;       /* owns a clone of vtz */
};

/* One published shift: current (shift != NULL) or cancelled. */
struct ics_event {
	int agent;                        /* index into ics_ctx.agents */
	const char *agent_id;             /* borrowed: the run's or a publication's */
	char date[16];
	const struct sp_run_shift *shift; /* NULL for a cancelled shift */
	time_t start, end, brk_start, brk_end; /* cancelled: as last published */
	char *uid;                        /* of the shift event (agent calendar) */
	char *summary;                    /* agent calendar SUMMARY without status prefix */
	int sequence;
	int cancelled;
	time_t old_brk_start, old_brk_end; /* break of the last version, now gone */
	char stamp[32];                   /* when this sequence was first published */
};

struct ics_agent {
	const char *id, *name, *email, *tz; /* borrowed from the run or a publication */
	char *file;
};

struct ics_ctx {
	const struct sp_run *run;
	struct ics_agent *agents; int nagents, capagents;
	int *slot; size_t nslot;      /* agents by id: open addressing, -1 free */
	struct ics_event *events; int nevents, capevents;
	struct ics_zone *zones; int nzones, capzones;
	time_t now;
	char now_iso[32];
};

/* ---- text ---------------------------------------------------------------- */
/* Appends s cleaned for a TEXT value (see ics_text_escape), escaped or not. */
static void text_add(struct buf *b, const char *s, int escape)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)p);

	for (size_t i = 0; i < len;) {
		unsigned c = p[i];
		size_t n = sp_utf8_seq(p + i, len - i);

		if (n == 0) {
			buf_puts(b, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		if (n > 1) {
			buf_add(b, (const char *)p + i, n);
			i += n;
			continue;
		}
		i++;
		if (c == '\r') {
			if (p[i] == '\n')
				i++;
			c = '\n';
		}
		if (c == '\t')
			c = ' ';
		if (c == '\n') {
			buf_puts(b, escape ? "\\n" : "\n");
		} else if (c >= 0x20 && c != 0x7F) { /* other controls are dropped */
			if (escape && (c == '\\' || c == ';' || c == ','))
				buf_putc(b, '\\');
			buf_putc(b, (char)c);
		}
	}
}

char *ics_text_escape(const char *s)
{
	struct buf b = BUF_INIT;

	text_add(&b, s, 1);
	return buf_detach(&b);
}

/* s cleaned but not escaped, for libical's TEXT properties (which escape). */
static char *text_clean(const char *s)
{
	struct buf b = BUF_INIT;

	text_add(&b, s, 0);
	return buf_detach(&b);
}

void ics_fold(struct buf *b, const char *line, size_t len)
{
	size_t pos = 0, room = 75;

	while (len - pos > room) {
		size_t cut = pos + room;

		while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		if (cut == pos) /* not UTF-8 after all: cut anyway */
			cut = pos + room;
		buf_add(b, line + pos, cut - pos);
		buf_puts(b, "\r\n ");
		pos = cut;
		room = 74; /* the leading space counts */
	}
	buf_add(b, line + pos, len - pos);
	buf_puts(b, "\r\n");
}

/* NAME:escaped(value), folded. */
static void put_xtext(struct buf *b, const char *name, const char *value)
{
	struct buf line = BUF_INIT;
	char *esc = ics_text_escape(value);

	buf_puts(&line, name);
	buf_putc(&line, ':');
	buf_puts(&line, esc);
	ics_fold(b, line.s, line.len);
	free(esc);
	buf_release(&line);
}

/* "chat;email" -> "chat, email" */
static void list_add(struct buf *b, const char *list)
{
	for (const char *p = list ? list : ""; *p; p++) {
		if (*p == ';')
			buf_puts(b, ", ");
		else
			buf_putc(b, *p);
	}
}

/* ---- names and identifiers ----------------------------------------------- */

static int name_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

static int name_plain(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > ICS_NAME_PLAIN_MAX || id[0] == '.' || !strcasecmp(id, ICS_TEAM))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!name_char((unsigned char)id[i]))
			return 0;
	return 1;
}

static char *name_reduced(const char *id)
{
	struct buf b = BUF_INIT;
	int last_bad = 0;

	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		if (b.len >= ICS_NAME_REDUCED_MAX)
			break;
		if (name_char(*p) && !(b.len == 0 && *p == '.')) {
			buf_putc(&b, (char)*p);
			last_bad = 0;
		} else if (!last_bad) {
			buf_putc(&b, '_');
			last_bad = 1;
		}
	}
	if (b.len == 0)
		buf_puts(&b, "agent");
	buf_printf(&b, "-%08x", (unsigned)(sp_hash64(id) >> 32));
	return buf_detach(&b);
}

struct name_slot {
	const char *id;
	char *name;
	int index; /* in the caller's arrays */
};

static int cmp_slot(const void *a, const void *b)
{
	return strcmp(((const struct name_slot *)a)->id, ((const struct name_slot *)b)->id);
}

static int name_taken(const struct name_slot *slots, int upto, const char *name)
{
	if (!strcasecmp(name, ICS_TEAM))
		return 1;
	for (int k = 0; k < upto; k++)
		if (!strcasecmp(slots[k].name, name))
			return 1;
	return 0;
}

struct icase_item {
	const char *s;
	int i;
};

static int cmp_icase(const void *a, const void *b)
{
	return strcasecmp(((const struct icase_item *)a)->s, ((const struct icase_item *)b)->s);
}

/* Sets twin[i] for each of the n strings that another one equals but for
 * case (sorted, such strings are neighbours); returns 1 when there is any. */
static int icase_twins(const char *const *str, int n, unsigned char *twin)
{
	struct icase_item *v = sp_xcalloc((size_t)n + 1, sizeof(*v));
	int any = 0;

	for (int i = 0; i < n; i++)
		v[i] = (struct icase_item){ str[i], i };
	qsort(v, (size_t)n, sizeof(*v), cmp_icase);
	for (int k = 1; k < n; k++)
		if (!strcasecmp(v[k - 1].s, v[k].s))
			any = twin[v[k - 1].i] = twin[v[k].i] = 1;
	free(v);
	return any;
}

void ics_file_names(const char *const *ids, int n, char **names)
{
	struct name_slot *slots = sp_xcalloc((size_t)(n > 0 ? n : 1), sizeof(*slots));
	const char **str = sp_xcalloc((size_t)n + 1, sizeof(*str));
	unsigned char *twin = sp_xcalloc((size_t)n + 1, 1);

	/* an id is its own name unless another id differs from it only in
	 * case (file systems that ignore case would merge their files) */
	icase_twins(ids, n, twin);
	for (int i = 0; i < n; i++) {
		int plain = name_plain(ids[i]) && !twin[i];

		slots[i].id = ids[i];
		slots[i].name = plain ? sp_xstrdup(ids[i]) : name_reduced(ids[i]);
		slots[i].index = i;
	}
	/* a clash left (a hash collision, or a plain id that looks like a
	 * reduced one): suffixes in id order, so the result is order-free.
	 * Rare, so the search for a free suffix only runs then. */
	qsort(slots, (size_t)n, sizeof(*slots), cmp_slot);
	for (int k = 0; k < n; k++)
		str[k] = slots[k].name;
	str[n] = ICS_TEAM;
	memset(twin, 0, (size_t)n + 1);
	int clash = icase_twins(str, n + 1, twin);
	for (int k = 0; clash && k < n; k++) {
		if (!name_taken(slots, k, slots[k].name))
			continue;
		for (int suffix = 2;; suffix++) {
			struct buf b = BUF_INIT;

			buf_printf(&b, "%s-%d", slots[k].name, suffix);
			if (!name_taken(slots, k, b.s)) {
				free(slots[k].name);
				slots[k].name = buf_detach(&b);
				break;
			}
			buf_release(&b);
		}
	}
	for (int k = 0; k < n; k++)
		names[slots[k].index] = slots[k].name;
	free(twin);
	free(str);
	free(slots);
}

char *ics_shift_uid(const char *agent_id, const char *date)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "sp-%016llx-", (unsigned long long)sp_hash64(agent_id));
	for (const char *p = date; *p; p++)
		if (*p >= '0' && *p <= '9')
			buf_putc(&b, *p);
	buf_puts(&b, "@staffplan");
	return buf_detach(&b);
}

/* The break event's UID: "-break" before the '@' of the shift's UID. */
static char *break_uid(const char *uid)
{
	struct buf b = BUF_INIT;
	const char *at = strrchr(uid, '@');
	size_t n = at ? (size_t)(at - uid) : strlen(uid);

	buf_add(&b, uid, n);
	buf_puts(&b, "-break");
	buf_puts(&b, uid + n);
	return buf_detach(&b);
}

/* ---- time ---------------------------------------------------------------- */

static void iso_utc(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", (tm.tm_year + 1900) % 10000,
		 (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
		 tm.tm_sec % 100);
}

static time_t parse_iso_utc(const char *s, time_t fallback)
{
	struct sp_iso t;

	return sp_iso_parse(s, &t) == SP_ISO_OK && t.has_offset ? sp_iso_instant(&t) : fallback;
}

/* out = date ("YYYY-MM-DD") plus days; "" when date does not parse. */
static void date_add(const char *date, int days, char out[16])
{
	long d;

	out[0] = '\0';
	if (sp_date_parse(date, &d) == 0)
		sp_date_print(d + days, out);
}

static struct icaltimetype utc_time(time_t t)
{
	return icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
}

static int utc_zone_name(const char *name)
{
	static const char *const utc[] = { "UTC", "Etc/UTC", "Etc/UCT", "UCT", "Universal",
		"Etc/Universal", "Zulu", "Etc/Zulu", NULL };

	for (int i = 0; utc[i]; i++)
		if (!strcmp(name, utc[i]))
			return 1;
	return 0;
}

/* libical writes a zone in two halves split at 2037, the end of the 32-bit
 * TZif data: yearly rules ending with UNTIL=2036/2037, then continuations
 * from 2037/2038 on.  Some continuations are wrong (America/St_Johns gets
 * -0330 -> -0130, America/Santiago a DAYLIGHT of -0300 -> -0300 at
 * 20380119T001407), and the UNTIL rules trip parsers built on dateutil
 * (python-icalendar's to_tz).  tzdata has nothing past 2037 but its POSIX
 * footer, the rule in force then, so the continuations are dropped and the
 * bounded rules run on: one open-ended RRULE per observance, the small
 * VTIMEZONE Outlook maps best.  Every instant written is checked against
 * the result (wall_time()).  Nothing to do for a VTIMEZONE that starts
 * after the split (start_year). */
static void drop_2037_split(icalcomponent *vtz, int start_year)
{
	icalcomponent *sub[64];
	int n = 0;

	if (start_year >= 2036)
		return;
	for (icalcomponent *c = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT);
	     c && n < 64; c = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT))
		sub[n++] = c;
	for (int i = 0; i < n; i++) {
		icalproperty *rrule = icalcomponent_get_first_property(sub[i], ICAL_RRULE_PROPERTY);
		struct icalrecurrencetype r;

		if (icalcomponent_get_dtstart(sub[i]).year >= 2037) {
			icalcomponent_remove_component(vtz, sub[i]);
			icalcomponent_free(sub[i]);
			continue;
		}
		if (!rrule)
			continue;
		r = icalproperty_get_rrule(rrule);
		if (!icaltime_is_null_time(r.until) && r.until.year >= 2036) {
			r.until = icaltime_null_time();
			icalproperty_set_rrule(rrule, r);
		}
	}
}

/* libical's ms-compatible truncation keeps the observances that have an
 * onset after the cut-off, so it loses the one in force at the cut-off when
 * that one's rule ended before it: America/Vancouver cut at 2026 loses PST
 * (its rule ended 2025-11-02) and reads January 2026 as PDT.  Adds the
 * observance in force at the cut-off (offset from the zone database) when
 * the VTIMEZONE disagrees there. */
static void keep_start_observance(icalcomponent *vtz, const struct sp_tz *tz, time_t cut)
{
	icaltimezone *z = icaltimezone_new();
	icalcomponent *copy = icalcomponent_new_clone(vtz);
	struct icaltimetype at = utc_time(cut);
	struct sp_local l;
	int have;

	if (!z || !icaltimezone_set_component(z, copy)) {
		icalcomponent_free(copy);
		if (z)
			icaltimezone_free(z, 1);
		return;
	}
	have = icaltimezone_get_utc_offset_of_utc_time(z, &at, NULL);
	icaltimezone_free(z, 1);
	sp_tz_local(tz, cut, &l);
	if (have == l.utcoff)
		return;
	icalcomponent *obs = icalcomponent_new_xstandard();
	struct icaltimetype start = icaltime_from_timet_with_zone(cut + l.utcoff, 0,
								  icaltimezone_get_utc_timezone());

	start.zone = NULL; /* a local wall time, as VTIMEZONE onsets are */
	icalcomponent_add_property(obs, icalproperty_new_tzoffsetfrom(l.utcoff));
	icalcomponent_add_property(obs, icalproperty_new_tzoffsetto(l.utcoff));
	icalcomponent_add_property(obs, icalproperty_new_dtstart(start));
	icalcomponent_add_component(vtz, obs);
}

/* The zone named name, loaded once per export.  first: earliest instant
 * the export writes, where the VTIMEZONE history may start. */
static struct ics_zone *zone_get(struct ics_ctx *cx, const char *name, time_t first)
{
	struct ics_zone *zn;
	struct tm tm;
	time_t cut;

	for (int i = 0; i < cx->nzones; i++)
		if (!strcmp(cx->zones[i].tz.name, name))
			return &cx->zones[i];
	SP_GROW(cx->zones, cx->nzones + 1, cx->capzones);
	zn = &cx->zones[cx->nzones++];
	memset(zn, 0, sizeof(*zn));
	if (sp_tz_init(&zn->tz, name, NULL) != SP_OK) {
		snprintf(zn->tz.name, sizeof(zn->tz.name), "%s", name); /* UTC times */
		return zn;
	}
	if (utc_zone_name(name))
		return zn;
	zn->vtz = icaltzutil_fetch_timezone(name);
	if (!zn->vtz)
		return zn;
	/* history from 1 January of the first year written: the current
	 * rules, without the LMT-era definitions that break parsers */
	first -= 2 * 86400;
	gmtime_r(&first, &tm);
	tm = (struct tm){ .tm_year = tm.tm_year, .tm_mon = 0, .tm_mday = 1 };
	cut = timegm(&tm);
	icaltimezone_truncate_vtimezone(zn->vtz, utc_time(cut), icaltime_null_time(), 1);
	icalproperty *tzid = icalcomponent_get_first_property(zn->vtz, ICAL_TZID_PROPERTY);
	zn->z = icaltimezone_new();
	if (!tzid || !zn->z) {
		icalcomponent_free(zn->vtz);
		zn->vtz = NULL;
		return zn;
	}
	icalproperty_set_tzid(tzid, name);
	drop_2037_split(zn->vtz, tm.tm_year + 1900);
	keep_start_observance(zn->vtz, &zn->tz, cut);
	icalcomponent *copy = icalcomponent_new_clone(zn->vtz);
	if (!icaltimezone_set_component(zn->z, copy)) {
		icalcomponent_free(copy);
		icalcomponent_free(zn->vtz);
		zn->vtz = NULL;
	}
	return zn;
}

static void zones_free(struct ics_ctx *cx)
{
	for (int i = 0; i < cx->nzones; i++) {
		if (cx->zones[i].z)
			icaltimezone_free(cx->zones[i].z, 1);
		if (cx->zones[i].vtz)
			icalcomponent_free(cx->zones[i].vtz);
	}
	free(cx->zones);
}

/* Wall time of t in zn when it denotes t both for a reader going by the
 * IANA rules (first occurrence of a repeated hour, RFC 5545 3.3.5) and for
 * one going by the VTIMEZONE (libical); 0 otherwise. */
static int wall_time(const struct ics_zone *zn, time_t t, struct icaltimetype *out)
{
	struct sp_local l;
	struct icaltimetype tt = icaltime_null_time();
	time_t back;

	if (!zn->vtz)
		return 0;
	sp_tz_local(&zn->tz, t, &l);
	sp_tz_to_utc(&zn->tz, l.year, l.month, l.day, l.hour, l.min, &back);
	if (back + l.sec != t)
		return 0;
	tt.year = l.year;
	tt.month = l.month;
	tt.day = l.day;
	tt.hour = l.hour;
	tt.minute = l.min;
	tt.second = l.sec;
	tt.is_date = 0;
	tt.zone = NULL;
	if (icaltime_as_timet_with_zone(tt, zn->z) != t)
		return 0;
	*out = tt;
	return 1;
}

/* "HH:MM" of t in zn (UTC when zn has no rules). */
static void hhmm(const struct ics_zone *zn, time_t t, char out[8])
{
	struct sp_local l;

	if (zn->vtz) {
		sp_tz_local(&zn->tz, t, &l);
	} else {
		struct tm tm;

		gmtime_r(&t, &tm);
		l.hour = tm.tm_hour;
		l.min = tm.tm_min;
	}
	snprintf(out, 8, "%02d:%02d", l.hour % 100, l.min % 100);
}

/* ---- events -------------------------------------------------------------- */

/* The agent with this id, or where it would go in cx->slot (*at); -1 when
 * there is none.  A table, not a scan: bench XL has 10 000 agents and
 * 41 000 shifts. */
static int agent_find_at(const struct ics_ctx *cx, const char *id, size_t *at)
{
	size_t i = cx->nslot ? (size_t)sp_hash64(id) & (cx->nslot - 1) : 0;

	for (; cx->nslot && cx->slot[i] >= 0; i = (i + 1) & (cx->nslot - 1))
		if (!strcmp(cx->agents[cx->slot[i]].id, id))
			return cx->slot[i];
	*at = i;
	return -1;
}

static int agent_find(const struct ics_ctx *cx, const char *id)
{
	size_t at;

	return agent_find_at(cx, id, &at);
}

static int agent_add(struct ics_ctx *cx, const char *id, const char *name, const char *email,
		     const char *tz)
{
	struct ics_agent *a;
	size_t at;

	/* at most half full */
	if (2 * ((size_t)cx->nagents + 1) > cx->nslot) {
		free(cx->slot);
		cx->nslot = cx->nslot ? 2 * cx->nslot : 64;
		cx->slot = sp_xmalloc(cx->nslot * sizeof(int));
		for (size_t i = 0; i < cx->nslot; i++)
			cx->slot[i] = -1;
		for (int k = 0; k < cx->nagents; k++) {
			agent_find_at(cx, cx->agents[k].id, &at);
			cx->slot[at] = k;
		}
	}
	agent_find_at(cx, id, &at);
	cx->slot[at] = cx->nagents;
	SP_GROW(cx->agents, cx->nagents + 1, cx->capagents);
	a = &cx->agents[cx->nagents];
	memset(a, 0, sizeof(*a));
	a->id = id;
	a->name = name && *name ? name : id;
	a->email = email ? email : "";
	a->tz = tz && *tz ? tz : cx->run->site_tz;
	return cx->nagents++;
}

/* An agent that only has cancelled shifts: details from the run's agent
 * list when it is still there. */
static int agent_for_publication(struct ics_ctx *cx, const char *id)
{
	int a = agent_find(cx, id);

	if (a >= 0)
		return a;
	for (int i = 0; i < cx->run->nagents; i++) {
		const struct sp_run_agent *ra = &cx->run->agents[i];

		if (ra->id && !strcmp(ra->id, id))
			return agent_add(cx, ra->id, ra->name, ra->email, ra->tz);
	}
	return agent_add(cx, id, id, "", NULL);
}

static char *shift_summary(const struct sp_run_shift *s)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "Shift");
	if (s->queues && *s->queues) {
		buf_puts(&b, ": ");
		list_add(&b, s->queues);
	}
	if (s->langs && *s->langs) {
		buf_puts(&b, " (");
		list_add(&b, s->langs);
		buf_putc(&b, ')');
	}
	return buf_detach(&b);
}

static struct ics_event *event_add(struct ics_ctx *cx)
{
	struct ics_event *e;

	SP_GROW(cx->events, cx->nevents + 1, cx->capevents);
	e = &cx->events[cx->nevents++];
	memset(e, 0, sizeof(*e));
	return e;
}

static void events_free(struct ics_ctx *cx)
{
	for (int i = 0; i < cx->nevents; i++) {
		free(cx->events[i].uid);
		free(cx->events[i].summary);
	}
	free(cx->events);
}

static int cmp_event_key(const void *pa, const void *pb)
{
	const struct ics_event *a = pa, *b = pb;
	int c = strcmp(a->agent_id, b->agent_id);

	return c ? c : strcmp(a->date, b->date);
}

/* One event per shift of the run, ordered by agent id and date. */
static sp_status collect_shifts(struct ics_ctx *cx, struct sp_err *err)
{
	const struct sp_run *run = cx->run;

	for (int i = 0; i < run->nshifts; i++) {
		const struct sp_run_shift *s = &run->shifts[i];
		struct ics_event *e;
		int a = agent_find(cx, s->agent_id);

		if (a < 0)
			a = agent_add(cx, s->agent_id, s->agent_name, s->email, s->agent_tz);
		e = event_add(cx);
		e->agent = a;
		e->agent_id = cx->agents[a].id;
		snprintf(e->date, sizeof(e->date), "%s", s->date);
		e->shift = s;
		e->start = s->start;
		e->end = s->end;
		e->brk_start = s->brk_start;
		e->brk_end = s->brk_end;
		e->summary = shift_summary(s);
		e->uid = ics_shift_uid(s->agent_id, s->date);
		snprintf(e->stamp, sizeof(e->stamp), "%s", cx->now_iso);
	}
	qsort(cx->events, (size_t)cx->nevents, sizeof(*cx->events), cmp_event_key);
	for (int i = 1; i < cx->nevents; i++)
		if (!cmp_event_key(&cx->events[i - 1], &cx->events[i]))
			return sp_err_set(err, SP_ERR_INTERNAL,
					  "agent '%s' has two shifts on %s",
					  cx->agents[cx->events[i].agent].id, cx->events[i].date);
	return SP_OK;
}

/* Applies what was published before: same UID, SEQUENCE up on a change,
 * published shifts of the horizon [hfrom, hto) that are gone become
 * cancelled events.  prev is ordered by agent_id, date. */
static void merge_published(struct ics_ctx *cx, const struct sp_publication *prev, int nprev,
			    const char *hfrom, const char *hto)
{
	int nev = cx->nevents, i = 0, j = 0;

	while (j < nprev) {
		const struct sp_publication *p = &prev[j];
		int c = 1;

		if (i < nev) {
			const struct ics_event *e = &cx->events[i];

			c = strcmp(e->agent_id, p->agent_id);
			if (!c)
				c = strcmp(e->date, p->date);
		}
		if (c < 0) { /* a shift never published: as collected */
			i++;
			continue;
		}
		if (c == 0) {
			struct ics_event *e = &cx->events[i++];
			/* the break published as active; any other stored break
			 * is one published as cancelled */
			int active = p->cancelled == SP_PUB_ACTIVE;
			time_t bs = active ? p->brk_start : 0, be = active ? p->brk_end : 0;
			int changed = p->cancelled == SP_PUB_CANCELLED || p->start != e->start ||
				      p->end != e->end || bs != e->brk_start || be != e->brk_end ||
				      strcmp(p->summary, e->summary);

			free(e->uid);
			e->uid = sp_xstrdup(p->uid);
			e->sequence = p->sequence + (changed ? 1 : 0);
			if (!changed)
				snprintf(e->stamp, sizeof(e->stamp), "%s", p->published_at);
			if (e->brk_end <= e->brk_start && p->brk_end > p->brk_start) {
				/* the break is gone: keep publishing it cancelled */
				e->old_brk_start = p->brk_start;
				e->old_brk_end = p->brk_end;
			}
		} else if (strcmp(p->date, hfrom) >= 0 && strcmp(p->date, hto) < 0) {
			/* published, no longer planned: cancelled (again) */
			struct ics_event *e = event_add(cx);

			e->agent = agent_for_publication(cx, p->agent_id);
			e->agent_id = cx->agents[e->agent].id;
			snprintf(e->date, sizeof(e->date), "%s", p->date);
			e->start = p->start;
			e->end = p->end;
			e->brk_start = p->brk_start;
			e->brk_end = p->brk_end;
			e->uid = sp_xstrdup(p->uid);
			e->summary = sp_xstrdup(p->summary);
			e->cancelled = 1;
			if (p->cancelled == SP_PUB_CANCELLED) {
				e->sequence = p->sequence;
				snprintf(e->stamp, sizeof(e->stamp), "%s", p->published_at);
			} else {
				e->sequence = p->sequence + 1;
				snprintf(e->stamp, sizeof(e->stamp), "%s", cx->now_iso);
			}
		}
		j++;
	}
}

static sp_status record_published(const struct ics_ctx *cx, struct sp_db *db,
				  struct sp_err *err)
{
	for (int i = 0; i < cx->nevents; i++) {
		const struct ics_event *e = &cx->events[i];
		struct sp_publication p;
		sp_status st;

		memset(&p, 0, sizeof(p));
		p.agent_id = (char *)cx->agents[e->agent].id;
		snprintf(p.date, sizeof(p.date), "%s", e->date);
		p.uid = e->uid;
		p.sequence = e->sequence;
		p.start = e->start;
		p.end = e->end;
		p.brk_start = e->brk_start;
		p.brk_end = e->brk_end;
		p.summary = e->summary;
		p.cancelled = e->cancelled ? SP_PUB_CANCELLED : SP_PUB_ACTIVE;
		if (!e->cancelled && e->old_brk_end > e->old_brk_start) {
			p.brk_start = e->old_brk_start;
			p.brk_end = e->old_brk_end;
			p.cancelled = SP_PUB_BREAK_CANCELLED;
		}
		p.run_id = cx->run->id;
		snprintf(p.published_at, sizeof(p.published_at), "%s", e->stamp);
		st = db_put_publication(db, &p, err);
		if (st != SP_OK)
			return st;
	}
	return SP_OK;
}

/* ---- writing ------------------------------------------------------------- */

/* Serialises a libical property (folded, CRLF) onto b and frees it. */
static void put_prop(struct buf *b, icalproperty *p)
{
	char *s = icalproperty_as_ical_string_r(p);

	buf_puts(b, s);
	free(s);
	icalproperty_free(p);
}

static void put_text(struct buf *b, icalproperty *(*make)(const char *), const char *v)
{
	char *clean = text_clean(v);

	put_prop(b, make(clean));
	free(clean);
}

/* One calendar being written. */
struct ics_file {
	struct buf body;              /* the VEVENTs */
	const struct ics_zone *zone;  /* of every DTSTART/DTEND */
	int zone_used;                /* a TZID refers to zone: add its VTIMEZONE */
	int team;
};

static void put_time(struct ics_file *f, int is_start, time_t t)
{
	struct icaltimetype tt;
	icalproperty *p;

	if (wall_time(f->zone, t, &tt)) {
		p = is_start ? icalproperty_new_dtstart(tt) : icalproperty_new_dtend(tt);
		icalproperty_add_parameter(p, icalparameter_new_tzid(f->zone->tz.name));
		f->zone_used = 1;
	} else {
		tt = utc_time(t);
		p = is_start ? icalproperty_new_dtstart(tt) : icalproperty_new_dtend(tt);
	}
	put_prop(&f->body, p);
}

static int brk_current(const struct ics_event *e)
{
	return !e->cancelled && e->brk_end > e->brk_start;
}

/* Whether e has a break event: its current break, the break of a
 * cancelled shift, or a break the re-plan removed from a shift. */
static int has_break(const struct ics_event *e)
{
	return e->brk_end > e->brk_start || e->old_brk_end > e->old_brk_start;
}

static void describe_shift(const struct ics_file *f, const struct ics_event *e, struct buf *t)
{
	const struct sp_run_shift *s = e->shift;
	char t1[8], t2[8];

	if (s->queues && *s->queues) {
		buf_puts(t, "Queues: ");
		list_add(t, s->queues);
		buf_putc(t, '\n');
	}
	if (s->langs && *s->langs) {
		buf_puts(t, "Languages: ");
		list_add(t, s->langs);
		buf_putc(t, '\n');
	}
	buf_printf(t, "Paid time: %d h", s->paid_minutes / 60);
	if (s->paid_minutes % 60)
		buf_printf(t, " %02d min", s->paid_minutes % 60);
	buf_putc(t, '\n');
	if (brk_current(e)) {
		hhmm(f->zone, e->brk_start, t1);
		hhmm(f->zone, e->brk_end, t2);
		buf_printf(t, "Break: %s-%s (unpaid)\n", t1, t2);
	} else {
		buf_puts(t, "Break: none\n");
	}
}

/* One VEVENT: the shift (brk = 0) or its break (brk = 1). */
static void put_event(const struct ics_ctx *cx, struct ics_file *f, const struct ics_event *e,
		      int brk)
{
	const struct ics_agent *a = &cx->agents[e->agent];
	struct buf *b = &f->body, text = BUF_INIT;
	time_t stamp = parse_iso_utc(e->stamp, cx->now);
	int cancelled = e->cancelled;
	time_t from = e->start, to = e->end;

	if (brk) {
		int old = !e->cancelled && !brk_current(e);

		cancelled = cancelled || old;
		from = old ? e->old_brk_start : e->brk_start;
		to = old ? e->old_brk_end : e->brk_end;
	}

	buf_puts(b, "BEGIN:VEVENT\r\n");
	if (f->team)
		buf_puts(&text, "team-");
	buf_puts(&text, e->uid);
	if (brk) {
		char *u = break_uid(text.s);

		buf_reset(&text);
		buf_puts(&text, u);
		free(u);
	}
	put_prop(b, icalproperty_new_uid(text.s));
	buf_reset(&text);
	put_prop(b, icalproperty_new_dtstamp(utc_time(stamp)));
	put_prop(b, icalproperty_new_lastmodified(utc_time(stamp)));
	put_prop(b, icalproperty_new_sequence(e->sequence));
	put_prop(b, icalproperty_new_status(cancelled ? ICAL_STATUS_CANCELLED
						      : ICAL_STATUS_CONFIRMED));
	put_time(f, 1, from);
	put_time(f, 0, to);
	put_prop(b, icalproperty_new_transp(brk ? ICAL_TRANSP_TRANSPARENT : ICAL_TRANSP_OPAQUE));

	/* SUMMARY: "[Cancelled: ][Name: ]Shift: chat (en)" or "...Break" */
	if (cancelled)
		buf_puts(&text, "Cancelled: ");
	if (f->team)
		buf_printf(&text, "%s: ", a->name);
	buf_puts(&text, brk ? "Break" : e->summary);
	put_text(b, icalproperty_new_summary, text.s);
	buf_reset(&text);

	/* DESCRIPTION */
	if (f->team) {
		buf_printf(&text, "Agent: %s (%s)\n", a->name, a->id);
		if (*a->email)
			buf_printf(&text, "Email: %s\n", a->email);
	}
	if (e->cancelled)
		buf_printf(&text, "Removed from the roster by a re-plan.\nWas: %s\n", e->summary);
	else if (brk && cancelled)
		buf_printf(&text, "Break removed by a re-plan.\nShift: %s\n", e->summary);
	else if (brk)
		buf_printf(&text, "Unpaid break in: %s\n", e->summary);
	else
		describe_shift(f, e, &text);
	buf_printf(&text, "Times: %s", f->zone->vtz ? f->zone->tz.name : "UTC");
	put_text(b, icalproperty_new_description, text.s);
	buf_release(&text);

	put_xtext(b, "X-STAFFPLAN-AGENT-ID", a->id);
	put_xtext(b, "X-STAFFPLAN-DATE", e->date);
	buf_puts(b, "END:VEVENT\r\n");
}

/* The calendar of agent (the team when agent < 0) with events evs, in out. */
static void build_calendar(const struct ics_ctx *cx, int agent, const struct ics_zone *zone,
			   const struct ics_event *const *evs, int nev, struct buf *out)
{
	const struct sp_run *run = cx->run;
	struct ics_file f = { BUF_INIT, zone, 0, agent < 0 };
	struct buf name = BUF_INIT, desc = BUF_INIT;

	for (int k = 0; k < nev; k++) {
		put_event(cx, &f, evs[k], 0);
		if (has_break(evs[k]))
			put_event(cx, &f, evs[k], 1);
	}
	if (agent >= 0) {
		buf_printf(&name, "Roster: %s", cx->agents[agent].name);
		buf_printf(&desc, "Shifts of %s planned by staffplan", cx->agents[agent].name);
	} else {
		buf_puts(&name, "Roster: team");
		buf_puts(&desc, "All shifts planned by staffplan");
	}
	if (run->scenario[0] && strcmp(run->scenario, "base")) {
		buf_printf(&name, " (%s)", run->scenario);
		buf_printf(&desc, ", scenario %s", run->scenario);
	}

	buf_puts(out, "BEGIN:VCALENDAR\r\n");
	put_prop(out, icalproperty_new_version("2.0"));
	put_prop(out, icalproperty_new_prodid(ICS_PRODID));
	put_prop(out, icalproperty_new_calscale("GREGORIAN"));
	put_prop(out, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	put_text(out, icalproperty_new_name, name.s);
	put_xtext(out, "X-WR-CALNAME", name.s);
	put_xtext(out, "X-WR-CALDESC", desc.s);
	put_prop(out, icalproperty_new_refreshinterval(icaldurationtype_from_string(ICS_TTL)));
	put_xtext(out, "X-PUBLISHED-TTL", ICS_TTL);
	if (agent >= 0)
		put_xtext(out, "X-STAFFPLAN-AGENT-ID", cx->agents[agent].id);
	/* the VTIMEZONE when a TZID refers to it, or when the file would
	 * otherwise hold no component at all (RFC 5545 3.6) */
	if (zone->vtz && (f.zone_used || nev == 0)) {
		char *s = icalcomponent_as_ical_string_r(zone->vtz);

		buf_puts(out, s);
		free(s);
	}
	buf_add(out, f.body.s, f.body.len);
	buf_puts(out, "END:VCALENDAR\r\n");
	buf_release(&f.body);
	buf_release(&name);
	buf_release(&desc);
}

static int cmp_event_time(const void *pa, const void *pb)
{
	const struct ics_event *a = *(const struct ics_event *const *)pa;
	const struct ics_event *b = *(const struct ics_event *const *)pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return cmp_event_key(a, b);
}

static sp_status write_calendar(const struct ics_ctx *cx, struct sp_outset *set, const char *outdir,
				const char *file, int agent, const struct ics_zone *zone,
				const struct ics_event *const *evs, int nev, struct sp_err *err)
{
	struct buf text = BUF_INIT, path = BUF_INIT;
	sp_status st;

	build_calendar(cx, agent, zone, evs, nev, &text);
	buf_printf(&path, "%s/%s.ics", outdir, file);
	st = sp_outset_write(set, path.s, text.s, text.len, err);
	buf_release(&text);
	buf_release(&path);
	return st;
}

/* Every agent's calendar, then team.ics; events in time order, into set
 * (the caller's), or when it is NULL replacing the old files together, or
 * (on an error) none. */
static sp_status write_files(struct ics_ctx *cx, struct sp_outset *set, const char *outdir, time_t first,
			     struct sp_err *err)
{
	size_t cap = (size_t)(cx->nevents > 0 ? cx->nevents : 1);
	const struct ics_event **all = sp_xcalloc(cap, sizeof(*all));
	const struct ics_event **mine = sp_xcalloc(cap, sizeof(*mine));
	int *from = sp_xcalloc((size_t)cx->nagents + 2, sizeof(int));
	struct sp_outset own = { 0 }, *to = set ? set : &own;
	sp_status st = SP_OK;

	for (int i = 0; i < cx->nevents; i++)
		all[i] = &cx->events[i];
	qsort(all, (size_t)cx->nevents, sizeof(*all), cmp_event_time);
	/* each agent's events, still in time order: mine[from[a] .. from[a+1]) */
	for (int k = 0; k < cx->nevents; k++)
		from[all[k]->agent + 2]++;
	for (int a = 0; a < cx->nagents; a++)
		from[a + 2] += from[a + 1];
	for (int k = 0; k < cx->nevents; k++)
		mine[from[all[k]->agent + 1]++] = all[k];
	for (int a = 0; a < cx->nagents && st == SP_OK; a++)
		st = write_calendar(cx, to, outdir, cx->agents[a].file, a, zone_get(cx, cx->agents[a].tz, first),
				    mine + from[a], from[a + 1] - from[a], err);
	free(from);
	if (st == SP_OK)
		st = write_calendar(cx, to, outdir, ICS_TEAM, -1, zone_get(cx, cx->run->site_tz, first),
				    all, cx->nevents, err);
	if (!set && st == SP_OK)
		st = sp_outset_commit(&own, err);
	else if (!set)
		sp_outset_abort(&own);
	free(all);
	free(mine);
	return st;
}

static void assign_file_names(struct ics_ctx *cx)
{
	size_t cap = (size_t)(cx->nagents > 0 ? cx->nagents : 1);
	const char **ids = sp_xcalloc(cap, sizeof(*ids));
	char **names = sp_xcalloc(cap, sizeof(*names));

	for (int i = 0; i < cx->nagents; i++)
		ids[i] = cx->agents[i].id;
	ics_file_names(ids, cx->nagents, names);
	for (int i = 0; i < cx->nagents; i++)
		cx->agents[i].file = names[i];
	free(ids);
	free(names);
}

/* Earliest instant any file shows (where VTIMEZONE histories start). */
static time_t first_instant(const struct ics_ctx *cx)
{
	time_t first = cx->run->horizon_start ? cx->run->horizon_start : cx->now;

	for (int i = 0; i < cx->nevents; i++)
		if (cx->events[i].start < first)
			first = cx->events[i].start;
	return first;
}

/* Site dates [from, to) whose publications matter: the horizon, widened to
 * every date the run has a shift on. */
static void date_range(const struct ics_ctx *cx, char hfrom[16], char hto[16],
		       char from[16], char to[16])
{
	const struct sp_run *run = cx->run;
	struct sp_tz site;

	hfrom[0] = hto[0] = '\0';
	if (run->ndays > 0 && sp_tz_init(&site, run->site_tz, NULL) == SP_OK) {
		sp_date_format(&site, run->horizon_start, hfrom);
		date_add(hfrom, run->ndays, hto);
	}
	snprintf(from, 16, "%s", hfrom);
	snprintf(to, 16, "%s", hto);
	for (int i = 0; i < cx->nevents; i++) {
		char next[16];

		if (!from[0] || strcmp(cx->events[i].date, from) < 0)
			snprintf(from, 16, "%s", cx->events[i].date);
		date_add(cx->events[i].date, 1, next);
		if (strcmp(next, to) > 0)
			snprintf(to, 16, "%s", next);
	}
}

sp_status ics_export(const struct sp_run *run, struct sp_db *db, struct sp_outset *set, const char *outdir,
		     struct sp_err *err)
{
	struct ics_ctx cx;
	struct sp_publication *prev = NULL;
	int nprev = 0, in_tx = 0;
	sp_status st;

	memset(&cx, 0, sizeof(cx));
	cx.run = run;
	cx.now = time(NULL);
	iso_utc(cx.now, cx.now_iso);

	st = collect_shifts(&cx, err);
	if (st != SP_OK)
		goto done;
	if (db) {
		/* read and write the publications in one transaction */
		char hfrom[16], hto[16], from[16], to[16];

		st = db_begin(db, err);
		if (st != SP_OK)
			goto done;
		in_tx = 1;
		date_range(&cx, hfrom, hto, from, to);
		st = db_get_publications(db, from, to, &prev, &nprev, err);
		if (st != SP_OK)
			goto done;
		merge_published(&cx, prev, nprev, hfrom, hto);
	}
	assign_file_names(&cx);
	st = sp_mkdirs(outdir, err);
	if (st != SP_OK)
		goto done;
	if (db) {
		st = record_published(&cx, db, err);
		if (st != SP_OK)
			goto done;
	}
	st = write_files(&cx, set, outdir, first_instant(&cx), err);
	if (st != SP_OK)
		goto done;
	if (in_tx) {
		in_tx = 0;
		st = db_commit(db, err);
	}
done:
	if (in_tx)
		db_rollback(db);
	db_publications_free(prev, nprev);
	for (int i = 0; i < cx.nagents; i++)
		free(cx.agents[i].file);
	free(cx.agents);
	free(cx.slot);
	events_free(&cx);
	zones_free(&cx);
	return st;
}

void ics_cleanup(void)
{
	icaltimezone_free_builtin_timezones();
	icalmemory_free_ring();
}
