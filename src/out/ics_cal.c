/* ics_cal.c - one calendar's text from publications: an agent's, or the team's
 *
 * libical builds the standard properties (it escapes TEXT and folds);
 * libical 3.0.16 does not escape ',' and ';' in X- properties, so those
 * few lines (X-WR-CALNAME, X-WR-CALDESC, X-STAFFPLAN-*) go through
 * ics_put_xtext().  Components are serialised property by property so that
 * those lines can sit among libical's.  Nothing here knows about runs or
 * files: a feed server and the file writer (ics.c) both call this.
 */
#include "ics_int.h"
#include "staffplan/date.h"
#include "staffplan/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ICS_PRODID "-//staffplan//Roster Export " SP_VERSION "//EN"
#define ICS_TTL "PT1H" /* REFRESH-INTERVAL and X-PUBLISHED-TTL */

struct ics_cal {
	char *site_tz, *scenario;
	time_t now;
	struct ics_zones zones;
};

/* One calendar being written. */
struct ics_file {
	struct buf body;              /* the VEVENTs */
	const struct ics_zone *zone;  /* of every DTSTART/DTEND */
	int zone_used;                /* a TZID refers to zone: add its VTIMEZONE */
	int team;
};

static const char *str0(const char *s)
{
	return s ? s : "";
}

struct ics_cal *ics_cal_new(const struct ics_cal_opts *o)
{
	struct ics_cal *cal = sp_xcalloc(1, sizeof(*cal));

	cal->site_tz = sp_xstrdup(o->site_tz && *o->site_tz ? o->site_tz : "UTC");
	cal->scenario = sp_xstrdup(str0(o->scenario));
	cal->now = o->now ? o->now : time(NULL);
	cal->zones.first = o->zones_from ? o->zones_from : cal->now;
	return cal;
}

void ics_cal_free(struct ics_cal *cal)
{
	if (!cal)
		return;
	ics_zones_release(&cal->zones);
	free(cal->site_tz);
	free(cal->scenario);
	free(cal);
}

/* ---- properties ----------------------------------------------------------- */

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
	char *clean = ics_text_clean(v);

	put_prop(b, make(clean));
	free(clean);
}

static void put_time(struct ics_file *f, int is_start, time_t t)
{
	struct icaltimetype tt;
	icalproperty *p;

	if (ics_wall_time(f->zone, t, &tt)) {
		p = is_start ? icalproperty_new_dtstart(tt) : icalproperty_new_dtend(tt);
		icalproperty_add_parameter(p, icalparameter_new_tzid(f->zone->tz.name));
		f->zone_used = 1;
	} else {
		tt = ics_utc_time(t);
		p = is_start ? icalproperty_new_dtstart(tt) : icalproperty_new_dtend(tt);
	}
	put_prop(&f->body, p);
}

/* ---- events --------------------------------------------------------------- */

static int brk_current(const struct ics_pub *p)
{
	return p->cancelled == ICS_PUB_ACTIVE && p->brk_end > p->brk_start;
}

/* Whether p has a break event: its current break, the break of a
 * cancelled shift, or a break the re-plan removed from a shift. */
static int has_break(const struct ics_pub *p)
{
	return p->brk_end > p->brk_start;
}

static time_t stamp_of(const struct ics_pub *p, time_t fallback)
{
	struct sp_iso t;

	return sp_iso_parse(p->published_at, &t) == SP_ISO_OK && t.has_offset ? sp_iso_instant(&t)
									       : fallback;
}

static void describe_shift(const struct ics_file *f, const struct ics_pub *p, struct buf *t)
{
	int paid = p->paid_minutes;
	char t1[8], t2[8];

	if (paid <= 0) /* not kept with the publication: the span less the break */
		paid = (int)((p->end - p->start - (brk_current(p) ? p->brk_end - p->brk_start : 0)) / 60);
	if (p->queues && *p->queues) {
		buf_puts(t, "Queues: ");
		ics_list_add(t, p->queues);
		buf_putc(t, '\n');
	}
	if (p->langs && *p->langs) {
		buf_puts(t, "Languages: ");
		ics_list_add(t, p->langs);
		buf_putc(t, '\n');
	}
	buf_printf(t, "Paid time: %d h", paid / 60);
	if (paid % 60)
		buf_printf(t, " %02d min", paid % 60);
	buf_putc(t, '\n');
	if (brk_current(p)) {
		ics_hhmm(f->zone, p->brk_start, t1);
		ics_hhmm(f->zone, p->brk_end, t2);
		buf_printf(t, "Break: %s-%s (unpaid)\n", t1, t2);
	} else {
		buf_puts(t, "Break: none\n");
	}
}

/* One VEVENT of agent a: the shift of p (brk = 0) or its break (brk = 1). */
static void put_event(const struct ics_cal *cal, struct ics_file *f, const struct ics_agent *a,
		      const struct ics_pub *p, int brk)
{
	struct buf *b = &f->body, text = BUF_INIT;
	time_t stamp = stamp_of(p, cal->now);
	int shift_cancelled = p->cancelled == ICS_PUB_CANCELLED;
	int cancelled = shift_cancelled || (brk && p->cancelled == ICS_PUB_BREAK_CANCELLED);
	time_t from = brk ? p->brk_start : p->start, to = brk ? p->brk_end : p->end;
	const char *summary = str0(p->summary);

	buf_puts(b, "BEGIN:VEVENT\r\n");
	if (f->team)
		buf_puts(&text, "team-");
	buf_puts(&text, str0(p->uid));
	if (brk) {
		char *u = ics_break_uid(text.s);

		buf_reset(&text);
		buf_puts(&text, u);
		free(u);
	}
	put_prop(b, icalproperty_new_uid(text.s));
	buf_reset(&text);
	put_prop(b, icalproperty_new_dtstamp(ics_utc_time(stamp)));
	put_prop(b, icalproperty_new_lastmodified(ics_utc_time(stamp)));
	put_prop(b, icalproperty_new_sequence(p->sequence));
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
	buf_puts(&text, brk ? "Break" : summary);
	put_text(b, icalproperty_new_summary, text.s);
	buf_reset(&text);

	/* DESCRIPTION */
	if (f->team) {
		buf_printf(&text, "Agent: %s (%s)\n", a->name, a->id);
		if (*a->email)
			buf_printf(&text, "Email: %s\n", a->email);
	}
	if (shift_cancelled)
		buf_printf(&text, "Removed from the roster by a re-plan.\nWas: %s\n", summary);
	else if (brk && cancelled)
		buf_printf(&text, "Break removed by a re-plan.\nShift: %s\n", summary);
	else if (brk)
		buf_printf(&text, "Unpaid break in: %s\n", summary);
	else
		describe_shift(f, p, &text);
	buf_printf(&text, "Times: %s", f->zone->vtz ? f->zone->tz.name : "UTC");
	put_text(b, icalproperty_new_description, text.s);
	buf_release(&text);

	ics_put_xtext(b, "X-STAFFPLAN-AGENT-ID", a->id);
	ics_put_xtext(b, "X-STAFFPLAN-DATE", p->date);
	buf_puts(b, "END:VEVENT\r\n");
}

/* ---- calendars ------------------------------------------------------------ */

/* An agent with the defaults filled in (ics.h: struct ics_agent). */
static struct ics_agent agent_shown(const struct ics_cal *cal, const struct ics_agent *a)
{
	struct ics_agent r;

	r.id = str0(a->id);
	r.name = a->name && *a->name ? a->name : r.id;
	r.tz = a->tz && *a->tz ? a->tz : cal->site_tz;
	r.email = str0(a->email);
	return r;
}

static int cmp_pub_time(const void *pa, const void *pb)
{
	const struct ics_pub *a = *(const struct ics_pub *const *)pa;
	const struct ics_pub *b = *(const struct ics_pub *const *)pb;
	int c;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	c = strcmp(str0(a->agent_id), str0(b->agent_id));
	return c ? c : strcmp(a->date, b->date);
}

/* pubs[0..n) as pointers in time order (a new array; caller frees). */
static const struct ics_pub **by_time(const struct ics_pub *pubs, int n)
{
	const struct ics_pub **v = sp_xcalloc((size_t)(n > 0 ? n : 1), sizeof(*v));

	for (int i = 0; i < n; i++)
		v[i] = &pubs[i];
	qsort(v, (size_t)n, sizeof(*v), cmp_pub_time);
	return v;
}

/* The calendar of agent (NULL: the team, agents of evs from who[k]) in out. */
static void build_calendar(const struct ics_cal *cal, const struct ics_agent *agent,
			   const struct ics_zone *zone, const struct ics_pub *const *evs,
			   const struct ics_agent *who, int nev, struct buf *out)
{
	struct ics_file f = { BUF_INIT, zone, 0, agent == NULL };
	struct buf name = BUF_INIT, desc = BUF_INIT;

	for (int k = 0; k < nev; k++) {
		const struct ics_agent *a = agent ? agent : &who[k];

		put_event(cal, &f, a, evs[k], 0);
		if (has_break(evs[k]))
			put_event(cal, &f, a, evs[k], 1);
	}
	if (agent) {
		buf_printf(&name, "Roster: %s", agent->name);
		buf_printf(&desc, "Shifts of %s planned by staffplan", agent->name);
	} else {
		buf_puts(&name, "Roster: team");
		buf_puts(&desc, "All shifts planned by staffplan");
	}
	if (cal->scenario[0] && strcmp(cal->scenario, "base")) {
		buf_printf(&name, " (%s)", cal->scenario);
		buf_printf(&desc, ", scenario %s", cal->scenario);
	}

	buf_puts(out, "BEGIN:VCALENDAR\r\n");
	put_prop(out, icalproperty_new_version("2.0"));
	put_prop(out, icalproperty_new_prodid(ICS_PRODID));
	put_prop(out, icalproperty_new_calscale("GREGORIAN"));
	put_prop(out, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	put_text(out, icalproperty_new_name, name.s);
	ics_put_xtext(out, "X-WR-CALNAME", name.s);
	ics_put_xtext(out, "X-WR-CALDESC", desc.s);
	put_prop(out, icalproperty_new_refreshinterval(icaldurationtype_from_string(ICS_TTL)));
	ics_put_xtext(out, "X-PUBLISHED-TTL", ICS_TTL);
	if (agent)
		ics_put_xtext(out, "X-STAFFPLAN-AGENT-ID", agent->id);
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

sp_status ics_cal_agent(struct ics_cal *cal, const struct ics_agent *agent,
			const struct ics_pub *pubs, int n, struct buf *out, struct sp_err *err)
{
	struct ics_agent a = agent_shown(cal, agent);
	const struct ics_pub **evs;

	for (int i = 0; i < n; i++)
		if (strcmp(str0(pubs[i].agent_id), a.id))
			return sp_err_set(err, SP_ERR_INTERNAL,
					  "publication of '%s' on %s in the calendar of '%s'",
					  str0(pubs[i].agent_id), pubs[i].date, a.id);
	evs = by_time(pubs, n);
	build_calendar(cal, &a, ics_zone_get(&cal->zones, a.tz), evs, NULL, n, out);
	free(evs);
	return SP_OK;
}

static int cmp_agent_id(const void *pa, const void *pb)
{
	return strcmp(((const struct ics_agent *)pa)->id, ((const struct ics_agent *)pb)->id);
}

void ics_cal_team(struct ics_cal *cal, const struct ics_agent *agents, int nagents,
		  const struct ics_pub *pubs, int n, struct buf *out)
{
	struct ics_agent *sorted = sp_xcalloc((size_t)nagents + 1, sizeof(*sorted));
	struct ics_agent *who = sp_xcalloc((size_t)n + 1, sizeof(*who));
	const struct ics_pub **evs = by_time(pubs, n);

	for (int i = 0; i < nagents; i++)
		sorted[i] = agent_shown(cal, &agents[i]);
	qsort(sorted, (size_t)nagents, sizeof(*sorted), cmp_agent_id);
	for (int k = 0; k < n; k++) {
		struct ics_agent key = { .id = str0(evs[k]->agent_id) };
		const struct ics_agent *hit =
			nagents ? bsearch(&key, sorted, (size_t)nagents, sizeof(*sorted), cmp_agent_id) : NULL;

		who[k] = hit ? *hit : agent_shown(cal, &key);
	}
	build_calendar(cal, NULL, ics_zone_get(&cal->zones, cal->site_tz), evs, who, n, out);
	free(evs);
	free(who);
	free(sorted);
}
