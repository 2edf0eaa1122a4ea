/* previous.c - the roster before the horizon: reading, checking, carry-over */
#include "input_int.h"
#include "staffplan/previous.h"
#include "staffplan/csv.h"
#include "staffplan/date.h"

#include <stdlib.h>
#include <string.h>

void sp_previous_init(struct sp_previous *p)
{
	memset(p, 0, sizeof(*p));
}

void sp_previous_release(struct sp_previous *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nunknown; i++)
		free(p->unknown[i]);
	free(p->unknown);
	free(p->shifts);
	memset(p, 0, sizeof(*p));
}

static int find_agent(const struct sp_input *in, const char *id)
{
	for (int a = 0; a < in->nagents; a++)
		if (!strcmp(in->agents[a].id, id))
			return a;
	return -1;
}

sp_status sp_previous_add(struct sp_previous *p, const struct sp_input *in,
			  const char *agent_id, time_t start, time_t end, time_t brk_start,
			  time_t brk_end, int line, struct sp_err *err)
{
	int a = find_agent(in, agent_id);

	if (end <= start)
		return sp_err_set(err, SP_ERR_INPUT, "shift of '%.60s' ends before it starts, "
				  "expected end > start", agent_id);
	if (brk_start && (brk_start < start || brk_end <= brk_start || brk_end > end))
		return sp_err_set(err, SP_ERR_INPUT, "break of '%.60s' is not inside its shift, "
				  "expected start <= break_start < break_end <= end", agent_id);
	if (a < 0) {
		for (int i = 0; i < p->nunknown; i++)
			if (!strcmp(p->unknown[i], agent_id))
				return SP_OK; /* said once */
		SP_GROW(p->unknown, p->nunknown + 1, p->capunknown);
		p->unknown[p->nunknown++] = sp_xstrdup(agent_id);
		if (in->warn) {
			if (line)
				fprintf(in->warn, "warning: %s:%d: agent '%.60s' is not in the agents "
					"file, its previous shifts are ignored\n", p->source, line, agent_id);
			else
				fprintf(in->warn, "warning: %s: agent '%.60s' is not in the agents "
					"file, its previous shifts are ignored\n", p->source, agent_id);
		}
		return SP_OK;
	}
	SP_GROW(p->shifts, p->n + 1, p->cap);
	p->shifts[p->n++] = (struct sp_prev_shift){ a, start, end, brk_start, brk_end, line };
	return SP_OK;
}

/* The rest of roster.csv's columns are known, and only paid_hours and
 * date are checked: a roster.csv as staffplan writes it is read without a
 * warning. */
enum { PV_AGENT, PV_START, PV_END, PV_BSTART, PV_BEND, PV_NAME, PV_DATE, PV_PAID, PV_QUEUES,
       PV_LANGS, PV_NCOLS };

static const struct sp_csv_col pv_cols[PV_NCOLS] = {
	[PV_AGENT] = { "agent_id", 1 },
	[PV_START] = { "start", 1 },
	[PV_END] = { "end", 1 },
	[PV_BSTART] = { "break_start", 0 },
	[PV_BEND] = { "break_end", 0 },
	[PV_NAME] = { "agent_name", 0 },
	[PV_DATE] = { "date", 0 },
	[PV_PAID] = { "paid_hours", 0 },
	[PV_QUEUES] = { "queues", 0 },
	[PV_LANGS] = { "languages", 0 },
};

struct pv_load {
	struct sp_previous *p;
	const struct sp_input *in;
	struct sp_err *err;
};

/* A roster time with its offset; empty is 0 when optional. */
static sp_status pv_time(struct sp_csv *rd, int col, int optional, time_t *out)
{
	const char *s = sp_csv_trimmed(rd, col);
	struct sp_iso t;

	*out = 0;
	if (!s || !*s) {
		if (optional)
			return SP_OK;
		return sp_csv_fail(rd, col, "the value is empty, expected a time like "
				   "2026-11-30T09:00+08:00");
	}
	switch (sp_iso_parse(s, &t)) {
	case SP_ISO_FORM:
		return sp_csv_fail(rd, col, "bad time '%.40s', expected YYYY-MM-DDTHH:MM followed "
				   "by Z or +HH:MM, as roster.csv writes it", s);
	case SP_ISO_RANGE:
		return sp_csv_fail(rd, col, "bad time '%.40s': no such date or time", s);
	}
	if (!t.has_offset)
		return sp_csv_fail(rd, col, "'%.40s' has no UTC offset, expected the offset as "
				   "roster.csv writes it (e.g. %.16s+08:00): without it a roster "
				   "from another time zone would be placed hours off", s, s);
	*out = sp_iso_instant(&t);
	return SP_OK;
}

/* The site-local day number of instant t. */
static long local_day(const struct sp_input *in, time_t t)
{
	struct sp_local l;

	sp_tz_local(&in->tz, t, &l);
	return sp_days_from_civil(l.year, l.month, l.day);
}

/* paid_hours and date, when given, must agree with the shift: a roster
 * from another system that says "ten" or -10 hours, or a date that is not
 * the day its start falls on, is not one to carry rules over from. */
static sp_status pv_check_paid_date(struct sp_csv *rd, const struct sp_input *in, time_t st,
				    time_t en)
{
	const char *v = sp_csv_trimmed(rd, PV_PAID);
	double paid;
	long day;
	char want[16];

	if (v && *v) {
		sp_status s = input_get_number(rd, PV_PAID, 0, difftime(en, st) / 3600, 1,
					       "paid hours, at most the shift's length", &paid);
		if (s != SP_OK)
			return s;
	}
	v = sp_csv_trimmed(rd, PV_DATE);
	if (!v || !*v)
		return SP_OK;
	sp_date_print(local_day(in, st), want);
	if (sp_date_parse(v, &day) != 0)
		return sp_csv_fail(rd, PV_DATE, "'%.40s' is not a date, expected YYYY-MM-DD, the "
				   "site-local day the shift starts (%s)", v, want);
	if (day != local_day(in, st))
		return sp_csv_fail(rd, PV_DATE, "'%.40s' is not the day the shift starts, expected "
				   "%s, the day of start '%.40s' in the site zone %s", v, want,
				   sp_csv_trimmed(rd, PV_START), in->tz.name);
	return SP_OK;
}

static sp_status pv_row(struct sp_csv *rd, void *ud)
{
	struct pv_load *l = ud;
	const char *id = sp_csv_trimmed(rd, PV_AGENT);
	time_t st, en, bs, be;
	sp_status s;

	if (!*id)
		return sp_csv_fail(rd, PV_AGENT, "the value is empty, expected an agent id");
	if ((s = pv_time(rd, PV_START, 0, &st)) != SP_OK ||
	    (s = pv_time(rd, PV_END, 0, &en)) != SP_OK ||
	    (s = pv_time(rd, PV_BSTART, 1, &bs)) != SP_OK ||
	    (s = pv_time(rd, PV_BEND, 1, &be)) != SP_OK)
		return s;
	if (!bs != !be)
		return sp_csv_fail(rd, bs ? PV_BEND : PV_BSTART, "the value is empty, expected "
				   "break_start and break_end both set or both empty");
	if (en <= st)
		return sp_csv_fail(rd, PV_END, "'%.40s' is not after start '%.40s', expected "
				   "end > start", sp_csv_trimmed(rd, PV_END),
				   sp_csv_trimmed(rd, PV_START));
	if (bs && (bs < st || be <= bs || be > en))
		return sp_csv_fail(rd, PV_BSTART, "the break is not inside the shift, expected "
				   "start <= break_start < break_end <= end");
	if ((s = pv_check_paid_date(rd, l->in, st, en)) != SP_OK)
		return s;
	if (sp_previous_add(l->p, l->in, id, st, en, bs, be, sp_csv_line(rd), l->err) != SP_OK)
		return sp_csv_error(rd, sp_csv_line(rd), "%s", l->err->msg);
	return SP_OK;
}

sp_status sp_previous_load_csv(struct sp_previous *p, const struct sp_input *in,
			       const char *text, const char *file, struct sp_err *err)
{
	struct sp_previous tmp;
	struct pv_load l = { &tmp, in, err };
	sp_status st;

	sp_previous_init(&tmp);
	snprintf(tmp.source, sizeof(tmp.source), "%s", file);
	st = sp_csv_parse(text, file, pv_cols, PV_NCOLS, pv_row, &l, in->warn, err);
	if (st == SP_OK) {
		for (int i = 0; i < tmp.nunknown; i++) {
			SP_GROW(p->unknown, p->nunknown + 1, p->capunknown);
			p->unknown[p->nunknown++] = tmp.unknown[i];
		}
		tmp.nunknown = 0;
		SP_GROW(p->shifts, p->n + tmp.n, p->cap);
		if (tmp.n)
			memcpy(p->shifts + p->n, tmp.shifts, (size_t)tmp.n * sizeof(*tmp.shifts));
		p->n += tmp.n;
		if (!p->source[0])
			memcpy(p->source, tmp.source, sizeof(p->source));
	}
	sp_previous_release(&tmp);
	return st;
}

static int shift_cmp(const void *x, const void *y)
{
	const struct sp_prev_shift *a = x, *b = y;

	if (a->agent != b->agent)
		return a->agent < b->agent ? -1 : 1;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* "roster.csv:12" or "run 4, 2026-11-29 22:00+00:00" for a message. */
static void where(const struct sp_previous *p, const struct sp_input *in,
		  const struct sp_prev_shift *s, char *out, size_t n)
{
	char t[32];

	if (s->line) {
		snprintf(out, n, "%s:%d", p->source, s->line);
		return;
	}
	sp_time_format(&in->tz, s->start, t);
	snprintf(out, n, "%s, shift at %s", p->source, t);
}

sp_status sp_previous_check(const struct sp_previous *p, const struct sp_input *in,
			    struct sp_err *err)
{
	struct sp_prev_shift *s;
	char w1[260], w2[260], t[32];
	sp_status st = SP_OK;

	for (int i = 0; i < p->n; i++) {
		if (p->shifts[i].start >= in->horizon_start) {
			where(p, in, &p->shifts[i], w1, sizeof(w1));
			sp_time_format(&in->tz, in->horizon_start, t);
			return sp_err_set(err, SP_ERR_INPUT, "%s: the previous roster has a shift of "
					  "'%s' starting inside the new horizon, expected every "
					  "previous shift to start before %s", w1,
					  in->agents[p->shifts[i].agent].id, t);
		}
	}
	if (p->n < 2)
		return SP_OK;
	s = sp_xmalloc((size_t)p->n * sizeof(*s));
	memcpy(s, p->shifts, (size_t)p->n * sizeof(*s));
	qsort(s, (size_t)p->n, sizeof(*s), shift_cmp);
	for (int i = 1; i < p->n; i++) {
		if (s[i].agent != s[i - 1].agent || s[i].start >= s[i - 1].end)
			continue;
		where(p, in, &s[i - 1], w1, sizeof(w1));
		where(p, in, &s[i], w2, sizeof(w2));
		st = sp_err_set(err, SP_ERR_INPUT, "%s and %s: two previous shifts of '%s' overlap, "
				"expected at most one shift at a time per agent", w1, w2,
				in->agents[s[i].agent].id);
		break;
	}
	free(s);
	return st;
}

void sp_previous_carry(const struct sp_previous *p, const struct sp_input *in, int a,
		       struct sp_carry *out)
{
	long h0 = local_day(in, in->horizon_start), day;
	unsigned char worked[64] = { 0 }; /* worked[k]: on day h0 - 1 - k */

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < p->n; i++) {
		const struct sp_prev_shift *s = &p->shifts[i];
		if (s->agent != a)
			continue;
		if (s->end > out->last_end)
			out->last_end = s->end;
		if (s->end > in->horizon_start && s->end > out->busy_until)
			out->busy_until = s->end;
		day = h0 - 1 - local_day(in, s->start);
		if (day >= 0 && day < (long)sizeof(worked))
			worked[day] = 1;
	}
	while (out->days_in_row < (int)sizeof(worked) && worked[out->days_in_row])
		out->days_in_row++;
}
