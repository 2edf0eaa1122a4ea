/* ics.c - the calendars of a run: publications merged, files written
 *
 * A run's shifts become publications (struct ics_pub); merged with what
 * was published before they keep their UIDs, raise SEQUENCE on a change,
 * and shifts a re-plan dropped come back as cancelled ones.  The files are
 * then written with ics_cal.c, one per agent and team.ics, and replaced
 * together.  The caller stores the new publications (src/plan/publish.c):
 * this layer never sees the database.  See docs/CALENDARS.md.
 */
#include "ics_int.h"
#include "staffplan/date.h"
#include "staffplan/fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A publication being built, and the run shift it comes from. */
struct wev {
	struct ics_pub p;
	int shift;               /* index in run->shifts; -1: a cancelled shift */
};

/* The events of one agent: wev[first .. first + n) once sorted. */
struct wagent {
	struct ics_agent a;      /* borrowed from the run or the publications */
	char *file;
	char *old_file;          /* the name the agent's file had before, when it changed; or NULL */
	int first, n;
};

struct writer {
	const struct sp_run *run;
	struct wev *ev;
	int nev, cap;
	struct wagent *agents;
	int nagents;
	time_t now;
	char now_iso[32];
	int snapshot;            /* ics_write_snapshot(): UIDs of this run alone */
};

static const char *str0(const char *s)
{
	return s ? s : "";
}

void ics_pubs_free(struct ics_pub *p, int n)
{
	if (!p)
		return;
	for (int i = 0; i < n; i++) {
		free(p[i].agent_id);
		free(p[i].uid);
		free(p[i].summary);
		free(p[i].queues);
		free(p[i].langs);
	}
	free(p);
}

/* out = date ("YYYY-MM-DD") plus days; "" when date does not parse. */
static void date_add(const char *date, int days, char out[16])
{
	long d;

	out[0] = '\0';
	if (sp_date_parse(date, &d) == 0)
		sp_date_print(d + days, out);
}

/* The run's horizon as site dates [hfrom, hto); "" when it has none. */
static void horizon_dates(const struct sp_run *run, char hfrom[16], char hto[16])
{
	struct sp_tz site;

	hfrom[0] = hto[0] = '\0';
	if (run->ndays > 0 && sp_tz_init(&site, run->site_tz, NULL) == SP_OK) {
		sp_date_format(&site, run->horizon_start, hfrom);
		date_add(hfrom, run->ndays, hto);
	}
}

void ics_pub_range(const struct sp_run *run, char from[16], char to[16])
{
	horizon_dates(run, from, to);
	for (int i = 0; i < run->nshifts; i++) {
		const char *date = run->shifts[i].date;
		char next[16];

		if (!from[0] || strcmp(date, from) < 0)
			snprintf(from, 16, "%s", date);
		date_add(date, 1, next);
		if (strcmp(next, to) > 0)
			snprintf(to, 16, "%s", next);
	}
}

/* ---- publications of the run ------------------------------------------------ */

static char *shift_summary(const struct sp_run_shift *s)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "Shift");
	if (s->queues && *s->queues) {
		buf_puts(&b, ": ");
		ics_list_add(&b, s->queues);
	}
	if (s->langs && *s->langs) {
		buf_puts(&b, " (");
		ics_list_add(&b, s->langs);
		buf_putc(&b, ')');
	}
	return buf_detach(&b);
}

static struct wev *event_add(struct writer *w, int shift)
{
	struct wev *e;

	SP_GROW(w->ev, w->nev + 1, w->cap);
	e = &w->ev[w->nev++];
	memset(e, 0, sizeof(*e));
	e->shift = shift;
	return e;
}

static int cmp_key(const struct ics_pub *a, const struct ics_pub *b)
{
	int c = strcmp(a->agent_id, b->agent_id);

	return c ? c : strcmp(a->date, b->date);
}

static int cmp_wev(const void *a, const void *b)
{
	return cmp_key(&((const struct wev *)a)->p, &((const struct wev *)b)->p);
}

static int cmp_prev(const void *a, const void *b)
{
	const struct ics_pub *x = *(const struct ics_pub *const *)a;
	const struct ics_pub *y = *(const struct ics_pub *const *)b;
	int c = strcmp(str0(x->agent_id), str0(y->agent_id));

	return c ? c : strcmp(x->date, y->date);
}

/* Orders the events by agent and date.  A run without shifts has no
 * array at all, and qsort's may not be NULL even for none. */
static void sort_events(struct writer *w)
{
	if (w->nev > 1)
		qsort(w->ev, (size_t)w->nev, sizeof(*w->ev), cmp_wev);
}

/* One publication per shift of the run, as new, ordered by agent and date. */
static sp_status collect_shifts(struct writer *w, struct sp_err *err)
{
	const struct sp_run *run = w->run;

	for (int i = 0; i < run->nshifts; i++) {
		const struct sp_run_shift *s = &run->shifts[i];
		struct ics_pub *p = &event_add(w, i)->p;

		p->agent_id = sp_xstrdup(str0(s->agent_id));
		snprintf(p->date, sizeof(p->date), "%s", s->date);
		p->uid = w->snapshot ? ics_snapshot_uid(p->agent_id, s->date, run->id)
				     : ics_shift_uid(p->agent_id, s->date);
		p->start = s->start;
		p->end = s->end;
		p->brk_start = s->brk_start;
		p->brk_end = s->brk_end;
		p->summary = shift_summary(s);
		p->cancelled = ICS_PUB_ACTIVE;
		p->queues = sp_xstrdup(str0(s->queues));
		p->langs = sp_xstrdup(str0(s->langs));
		p->paid_minutes = s->paid_minutes;
		snprintf(p->published_at, sizeof(p->published_at), "%s", w->now_iso);
	}
	sort_events(w);
	for (int i = 1; i < w->nev; i++)
		if (!cmp_key(&w->ev[i - 1].p, &w->ev[i].p))
			return sp_err_set(err, SP_ERR_INTERNAL, "agent '%s' has two shifts on %s",
					  w->ev[i].p.agent_id, w->ev[i].p.date);
	return SP_OK;
}

/* A shift published before and planned again: its UID, SEQUENCE up when
 * anything shown changed, a break that is gone kept as cancelled. */
static void merge_one(struct wev *e, const struct ics_pub *p)
{
	struct ics_pub *n = &e->p;
	/* the break published as active; any other stored break is one
	 * published as cancelled */
	int active = p->cancelled == ICS_PUB_ACTIVE;
	time_t bs = active ? p->brk_start : 0, be = active ? p->brk_end : 0;
	int changed = p->cancelled == ICS_PUB_CANCELLED || p->start != n->start ||
		      p->end != n->end || bs != n->brk_start || be != n->brk_end ||
		      strcmp(str0(p->summary), n->summary);

	free(n->uid);
	n->uid = sp_xstrdup(str0(p->uid));
	n->sequence = p->sequence + (changed ? 1 : 0);
	if (!changed)
		snprintf(n->published_at, sizeof(n->published_at), "%s", p->published_at);
	if (n->brk_end <= n->brk_start && p->brk_end > p->brk_start) {
		/* the break is gone: keep publishing it cancelled */
		n->brk_start = p->brk_start;
		n->brk_end = p->brk_end;
		n->cancelled = ICS_PUB_BREAK_CANCELLED;
	}
}

/* A shift published before that the run no longer has: cancelled (again). */
static void cancel_one(struct writer *w, const struct ics_pub *p)
{
	struct ics_pub *n = &event_add(w, -1)->p;

	n->agent_id = sp_xstrdup(p->agent_id);
	snprintf(n->date, sizeof(n->date), "%s", p->date);
	n->uid = sp_xstrdup(str0(p->uid));
	n->start = p->start;
	n->end = p->end;
	n->brk_start = p->brk_start;
	n->brk_end = p->brk_end;
	n->summary = sp_xstrdup(str0(p->summary));
	n->cancelled = ICS_PUB_CANCELLED;
	if (p->cancelled == ICS_PUB_CANCELLED) {
		n->sequence = p->sequence;
		snprintf(n->published_at, sizeof(n->published_at), "%s", p->published_at);
	} else {
		n->sequence = p->sequence + 1;
		snprintf(n->published_at, sizeof(n->published_at), "%s", w->now_iso);
	}
}

/* Applies what was published before; cancels only inside the horizon. */
static void merge_published(struct writer *w, const struct ics_pub *prev, int nprev)
{
	const struct ics_pub **pv = sp_xcalloc((size_t)nprev + 1, sizeof(*pv));
	int nev = w->nev, i = 0, np = 0;
	char hfrom[16], hto[16];

	horizon_dates(w->run, hfrom, hto);
	for (int j = 0; j < nprev; j++)
		if (prev[j].agent_id)
			pv[np++] = &prev[j];
	qsort(pv, (size_t)np, sizeof(*pv), cmp_prev);
	for (int j = 0; j < np; j++) {
		const struct ics_pub *p = pv[j];
		int c = 1;

		while (i < nev && (c = cmp_key(&w->ev[i].p, p)) < 0)
			i++; /* a shift never published: as collected */
		if (i >= nev)
			c = 1;
		if (c == 0)
			merge_one(&w->ev[i++], p);
		else if (strcmp(p->date, hfrom) >= 0 && strcmp(p->date, hto) < 0)
			cancel_one(w, p);
	}
	free(pv);
}

/* ---- agents and files ------------------------------------------------------- */

static int cmp_run_agent(const void *a, const void *b)
{
	const struct sp_run_agent *x = *(const struct sp_run_agent *const *)a;
	const struct sp_run_agent *y = *(const struct sp_run_agent *const *)b;
	int c = strcmp(str0(x->id), str0(y->id));

	return c ? c : (x > y) - (x < y);
}

/* The agent of the events wev[first .. first + n): as the run's first
 * shift of the agent shows it, or (only cancelled shifts left) as the
 * run's agent list does, or just the id. */
static void agent_of(const struct writer *w, const struct sp_run_agent **byid, int first, int n,
		     struct wagent *ag)
{
	const struct sp_run *run = w->run;
	int shift = -1;

	memset(ag, 0, sizeof(*ag));
	ag->first = first;
	ag->n = n;
	ag->a.id = w->ev[first].p.agent_id;
	for (int k = first; k < first + n; k++)
		if (w->ev[k].shift >= 0 && (shift < 0 || w->ev[k].shift < shift))
			shift = w->ev[k].shift;
	if (shift >= 0) {
		const struct sp_run_shift *s = &run->shifts[shift];

		ag->a.name = s->agent_name;
		ag->a.tz = s->agent_tz;
		ag->a.email = s->email;
		return;
	}
	/* the first of the run's agents with this id */
	int lo = 0, hi = run->nagents;
	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (strcmp(str0(byid[mid]->id), ag->a.id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < run->nagents && !strcmp(str0(byid[lo]->id), ag->a.id)) {
		ag->a.name = byid[lo]->name;
		ag->a.tz = byid[lo]->tz;
		ag->a.email = byid[lo]->email;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A file name depends on the set of ids written with it (case twins get
 * a hash), so a re-plan that brings "bob" into the week of "Bob" renames
 * Bob's file.  Sets each agent's old_file to the name it had when the
 * previous publications of these dates were written (the names of their
 * ids), when that differs and no file of this write has it: the old file
 * then gets the calendar too, cancellations included, instead of keeping
 * shifts that are gone as CONFIRMED. */
static void find_old_names(struct writer *w, const struct ics_pub *prev, int nprev)
{
	const char **ids = sp_xcalloc((size_t)nprev + 1, sizeof(*ids));
	char **names;
	int n = 0;

	for (int j = 0; j < nprev; j++)
		if (prev[j].agent_id)
			ids[n++] = prev[j].agent_id;
	qsort(ids, (size_t)n, sizeof(*ids), cmp_str);
	int k = 0;
	for (int j = 0; j < n; j++)
		if (k == 0 || strcmp(ids[k - 1], ids[j]))
			ids[k++] = ids[j];
	n = k;
	names = sp_xcalloc((size_t)n + 1, sizeof(*names));
	ics_file_names(ids, n, names);
	for (int a = 0; a < w->nagents; a++) {
		struct wagent *ag = &w->agents[a];
		const char **at = bsearch(&ag->a.id, ids, (size_t)n, sizeof(*ids), cmp_str);
		const char *old = at ? names[at - ids] : NULL;
		int taken = !old || !strcmp(old, ag->file);

		for (int b = 0; b < w->nagents && !taken; b++)
			taken = !strcasecmp(old, w->agents[b].file);
		if (!taken)
			ag->old_file = sp_xstrdup(old);
	}
	for (int j = 0; j < n; j++)
		free(names[j]);
	free(names);
	free(ids);
}

/* Groups the sorted events by agent and names each agent's file (and the
 * old name of a renamed one, from prev[0..nprev)). */
static void collect_agents(struct writer *w, const struct ics_pub *prev, int nprev)
{
	const struct sp_run *run = w->run;
	const struct sp_run_agent **byid = sp_xcalloc((size_t)run->nagents + 1, sizeof(*byid));
	const char **ids;
	char **names;

	for (int i = 0; i < run->nagents; i++)
		byid[i] = &run->agents[i];
	qsort(byid, (size_t)run->nagents, sizeof(*byid), cmp_run_agent);
	w->agents = sp_xcalloc((size_t)w->nev + 1, sizeof(*w->agents));
	for (int k = 0; k < w->nev;) {
		int j = k + 1;

		while (j < w->nev && !strcmp(w->ev[j].p.agent_id, w->ev[k].p.agent_id))
			j++;
		agent_of(w, byid, k, j - k, &w->agents[w->nagents++]);
		k = j;
	}
	free(byid);
	ids = sp_xcalloc((size_t)w->nagents + 1, sizeof(*ids));
	names = sp_xcalloc((size_t)w->nagents + 1, sizeof(*names));
	for (int a = 0; a < w->nagents; a++)
		ids[a] = w->agents[a].a.id;
	ics_file_names(ids, w->nagents, names);
	for (int a = 0; a < w->nagents; a++)
		w->agents[a].file = names[a];
	free(ids);
	free(names);
	if (nprev > 0)
		find_old_names(w, prev, nprev);
}

/* Earliest instant any file shows (where VTIMEZONE histories start). */
static time_t first_instant(const struct writer *w, const struct ics_pub *pubs)
{
	time_t first = w->run->horizon_start ? w->run->horizon_start : w->now;

	for (int i = 0; i < w->nev; i++)
		if (pubs[i].start < first)
			first = pubs[i].start;
	return first;
}

static sp_status write_one(struct sp_outset *set, const char *outdir, const char *file,
			   const struct buf *text, struct sp_err *err)
{
	struct buf path = BUF_INIT;
	sp_status st;

	buf_printf(&path, "%s/%s.ics", outdir, file);
	st = sp_outset_write(set, path.s, text->s, text->len, err);
	buf_release(&path);
	return st;
}

/* Every agent's calendar, then team.ics, from pubs (ordered as w->ev). */
static sp_status write_files(struct writer *w, const struct ics_pub *pubs, struct sp_outset *set,
			     const char *outdir, struct sp_err *err)
{
	struct ics_cal_opts o = { w->run->site_tz, w->run->scenario, first_instant(w, pubs), w->now };
	struct ics_cal *cal = ics_cal_new(&o);
	struct ics_agent *all = sp_xcalloc((size_t)w->nagents + 1, sizeof(*all));
	struct buf text = BUF_INIT;
	sp_status st = SP_OK;

	for (int a = 0; a < w->nagents && st == SP_OK; a++) {
		const struct wagent *ag = &w->agents[a];

		all[a] = ag->a;
		buf_reset(&text);
		st = ics_cal_agent(cal, &ag->a, pubs + ag->first, ag->n, &text, err);
		if (st == SP_OK)
			st = write_one(set, outdir, ag->file, &text, err);
		if (st == SP_OK && ag->old_file)
			st = write_one(set, outdir, ag->old_file, &text, err);
	}
	if (st == SP_OK) {
		buf_reset(&text);
		ics_cal_team(cal, all, w->nagents, pubs, w->nev, &text);
		st = write_one(set, outdir, ICS_TEAM, &text, err);
	}
	buf_release(&text);
	free(all);
	ics_cal_free(cal);
	return st;
}

/* ics_write(), or ics_write_snapshot() when snapshot is set (then prev is
 * empty and next NULL). */
static sp_status write_run(const struct sp_run *run, int snapshot, const struct ics_pub *prev, int nprev,
			   struct sp_outset *set, const char *outdir, struct ics_pub **next, int *nnext,
			   struct sp_err *err)
{
	struct writer w;
	struct ics_pub *pubs = NULL;
	struct sp_outset own = { 0 };
	sp_status st;

	if (next) {
		*next = NULL;
		*nnext = 0;
	}
	memset(&w, 0, sizeof(w));
	w.run = run;
	w.snapshot = snapshot;
	w.now = time(NULL);
	ics_iso_utc(w.now, w.now_iso);

	st = collect_shifts(&w, err);
	if (st != SP_OK)
		goto done;
	merge_published(&w, prev, nprev);
	sort_events(&w);
	for (int i = 0; i < w.nev; i++)
		w.ev[i].p.run_id = run->id;
	collect_agents(&w, prev, nprev);
	/* the publications in one array: the calendars' input and the result */
	pubs = sp_xcalloc((size_t)w.nev + 1, sizeof(*pubs));
	for (int i = 0; i < w.nev; i++) {
		pubs[i] = w.ev[i].p;
		memset(&w.ev[i].p, 0, sizeof(w.ev[i].p));
	}
	/* no outdir: a run published to the feeds alone (`schedule`) */
	if (outdir) {
		st = sp_mkdirs(outdir, err);
		if (st == SP_OK)
			st = write_files(&w, pubs, set ? set : &own, outdir, err);
		if (!set && st == SP_OK)
			st = sp_outset_commit(&own, err);
		else if (!set)
			sp_outset_abort(&own);
	}
	if (st == SP_OK && next) {
		*next = pubs;
		*nnext = w.nev;
		pubs = NULL;
	}
done:
	ics_pubs_free(pubs, w.nev);
	for (int i = 0; i < w.nev; i++) {
		struct ics_pub *p = &w.ev[i].p;

		free(p->agent_id);
		free(p->uid);
		free(p->summary);
		free(p->queues);
		free(p->langs);
	}
	free(w.ev);
	for (int a = 0; a < w.nagents; a++) {
		free(w.agents[a].file);
		free(w.agents[a].old_file);
	}
	free(w.agents);
	return st;
}

sp_status ics_write(const struct sp_run *run, const struct ics_pub *prev, int nprev,
		    struct sp_outset *set, const char *outdir, struct ics_pub **next, int *nnext,
		    struct sp_err *err)
{
	return write_run(run, 0, prev, nprev, set, outdir, next, nnext, err);
}

sp_status ics_write_snapshot(const struct sp_run *run, struct sp_outset *set, const char *outdir,
			     struct sp_err *err)
{
	return write_run(run, 1, NULL, 0, set, outdir, NULL, NULL, err);
}
