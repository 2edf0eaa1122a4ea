/* report_agents.c - the report's people: fairness figures and schedule bars
 *
 * Who carries the burden (paid hours, night and weekend shifts per agent,
 * within one contract and overall) and every agent's week as bars.  The
 * rows are capped (RPT_MAX_AGENT_ROWS) so 10,000 agents still give a page
 * of reasonable size.
 */
#include "report_int.h"
#include "staffplan/date.h"
#include "staffplan/html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Weekday (0 = Monday) of a "YYYY-MM-DD" date, -1 when it does not parse. */
static int date_wday(const char *s)
{
	long d;

	return sp_date_parse(s, &d) ? -1 : sp_weekday(d);
}

struct arow {
	const char *id, *name;
	int first, n;             /* shifts in the sorted shift index */
	int has_stats;            /* hours/nights/weekends come from run->agents */
	double hours;
	int nights, weekends;
};

struct agentview {
	struct arow *rows;
	int nrows;                /* rows with shifts first, in agents.csv order */
	int nsched, nidle;
	int *sidx;                /* shift indices sorted by agent, start */
	unsigned char *kind;      /* per shift: bit 0 night, bit 1 weekend */
};

/* Orders shift pointers by agent id, start. */
static int cmp_shift(const void *a, const void *b)
{
	const struct sp_run_shift *x = *(const struct sp_run_shift *const *)a;
	const struct sp_run_shift *y = *(const struct sp_run_shift *const *)b;
	int c = strcmp(x->agent_id ? x->agent_id : "", y->agent_id ? y->agent_id : "");

	if (!c)
		c = (x->start > y->start) - (x->start < y->start);
	return c;
}

static int cmp_row_id(const void *a, const void *b)
{
	const struct arow *x = *(const struct arow *const *)a, *y = *(const struct arow *const *)b;

	return strcmp(x->id, y->id);
}

/* Does [m0, m0 + len) (local minutes after midnight) meet the night? */
static int in_night(const struct rpt_clock *c, long m0, long len)
{
	if (!c->nightlen)
		return 0;
	for (long k = -1; c->night0 + 1440 * k < m0 + len; k++) {
		long lo = c->night0 + 1440 * k, hi = lo + c->nightlen;
		if (lo < m0 + len && hi > m0)
			return 1;
	}
	return 0;
}

static unsigned char shift_kind(const struct rpt_clock *c, const struct sp_run_shift *s)
{
	int d, m, wd = date_wday(s->date), night = 0;

	if (s->brk_end > s->brk_start && s->brk_start > s->start) {
		rpt_clock_local(c, s->start, &d, &m);
		night |= in_night(c, m, (long)(s->brk_start - s->start) / 60);
		rpt_clock_local(c, s->brk_end, &d, &m);
		night |= in_night(c, m, (long)(s->end - s->brk_end) / 60);
	} else {
		rpt_clock_local(c, s->start, &d, &m);
		night |= in_night(c, m, (long)(s->end - s->start) / 60);
	}
	if (wd < 0) {
		rpt_clock_local(c, s->start, &d, &m);
		wd = d >= 0 && d < c->ndays ? c->dloc[d].wday : 0;
	}
	return (unsigned char)(night | (wd >= 5 ? 2 : 0));
}

static void agents_release(struct agentview *a)
{
	free(a->rows);
	free(a->sidx);
	free(a->kind);
	memset(a, 0, sizeof(*a));
}

static void agents_build(struct agentview *a, const struct sp_run *run, const struct rpt_clock *c)
{
	int ns = run->nshifts, nr;
	struct arow **byid, *rows;
	const struct sp_run_shift **sorted;

	memset(a, 0, sizeof(*a));
	rows = sp_xcalloc((size_t)run->nagents + (size_t)ns + 1, sizeof(*rows));
	byid = sp_xcalloc((size_t)run->nagents + 1, sizeof(*byid));
	a->sidx = sp_xcalloc((size_t)ns + 1, sizeof(*a->sidx));
	a->kind = sp_xcalloc((size_t)ns + 1, 1);
	for (int i = 0; i < run->nagents; i++) {
		const struct sp_run_agent *ag = &run->agents[i];
		rows[i].id = ag->id ? ag->id : "";
		rows[i].name = ag->name ? ag->name : rows[i].id;
		rows[i].has_stats = 1;
		rows[i].hours = ag->hours;
		rows[i].nights = ag->nights;
		rows[i].weekends = ag->weekends;
		byid[i] = &rows[i];
	}
	nr = run->nagents;
	qsort(byid, (size_t)run->nagents, sizeof(*byid), cmp_row_id);
	sorted = sp_xcalloc((size_t)ns + 1, sizeof(*sorted));
	for (int i = 0; i < ns; i++) {
		sorted[i] = &run->shifts[i];
		a->kind[i] = shift_kind(c, &run->shifts[i]);
	}
	qsort(sorted, (size_t)ns, sizeof(*sorted), cmp_shift);
	for (int i = 0; i < ns; i++)
		a->sidx[i] = (int)(sorted[i] - run->shifts);
	free(sorted);
	for (int k = 0; k < ns;) {
		const struct sp_run_shift *s = &run->shifts[a->sidx[k]];
		struct arow key = { .id = s->agent_id ? s->agent_id : "" }, *kp = &key, **hit;
		struct arow *r;
		int j = k;

		while (j < ns && !strcmp(run->shifts[a->sidx[j]].agent_id ? run->shifts[a->sidx[j]].agent_id : "",
					 key.id))
			j++;
		hit = run->nagents ? bsearch(&kp, byid, (size_t)run->nagents, sizeof(*byid), cmp_row_id) : NULL;
		if (hit && (*hit)->n == 0) {
			r = *hit;
		} else {
			r = &rows[nr++];
			r->id = key.id;
			r->name = s->agent_name ? s->agent_name : key.id;
		}
		r->first = k;
		r->n = j - k;
		if (!r->has_stats) {
			for (int t = k; t < j; t++) {
				r->hours += run->shifts[a->sidx[t]].paid_minutes / 60.0;
				r->nights += a->kind[a->sidx[t]] & 1;
				r->weekends += (a->kind[a->sidx[t]] >> 1) & 1;
			}
		}
		k = j;
	}
	/* scheduled rows first, keeping agents.csv order */
	a->rows = sp_xcalloc((size_t)nr + 1, sizeof(*a->rows));
	for (int i = 0; i < nr; i++)
		if (rows[i].n > 0)
			a->rows[a->nsched++] = rows[i];
	a->nrows = a->nsched;
	for (int i = 0; i < nr; i++)
		if (rows[i].n == 0)
			a->rows[a->nrows++] = rows[i];
	a->nidle = a->nrows - a->nsched;
	free(rows);
	free(byid);
}

/* "Mon 30 Nov 09:00" style time of t for tooltips. */
static void put_local_time(struct buf *b, const struct rpt_clock *c, time_t t, int with_day)
{
	int d, m;
	char lab[32];

	rpt_clock_local(c, t, &d, &m);
	if (with_day) {
		rpt_day_label(c, d, lab, sizeof(lab));
		buf_printf(b, "%s ", lab);
	}
	buf_printf(b, "%02d:%02d", m / 60 % 24, m % 60);
}

static void section_agents(struct buf *b, const struct sp_run *run, const struct rpt_clock *c,
			   const struct agentview *a)
{
	const double W = 1340, lx = 196, w = 1030, sx = lx + w + 10;
	int shown = a->nsched < RPT_MAX_AGENT_ROWS ? a->nsched : RPT_MAX_AGENT_ROWS;
	double rh = shown > 150 ? 12 : 17, bh = rh - 6, H = shown * rh + 4;
	char s[32];

	buf_printf(b, "<h2>Schedule per agent (%d scheduled", a->nsched);
	if (a->nidle)
		buf_printf(b, ", %d without shifts", a->nidle);
	buf_puts(b, ")</h2>\n<div class=\"lg\">"
		    "<span><i style=\"background:#3a7bd5\"></i>weekday shift</span>"
		    "<span><i style=\"background:#5b3fa0\"></i>weekday night</span>"
		    "<span><i style=\"background:#e8913a\"></i>weekend shift</span>"
		    "<span><i style=\"background:#9a3412\"></i>weekend night</span>"
		    "<span><i style=\"background:#fff;border:1px solid #8a96a3\"></i>gap in a bar = unpaid break</span>");
	if (c->nightlen) {
		int e = (c->night0 + c->nightlen) % 1440;
		buf_printf(b, "<span><i style=\"background:#eceaf6\"></i>night hours %02d:%02d\xE2\x80\x93%02d:%02d</span>",
			   c->night0 / 60, c->night0 % 60, e / 60, e % 60);
	}
	buf_puts(b, "<span>right: paid hours \xC2\xB7 night shifts \xC2\xB7 weekend shifts</span></div>\n");
	if (!a->nsched) {
		buf_puts(b, "<p class=\"note\">No shifts in this run.</p>\n");
		return;
	}
	/* sticky axis header */
	buf_printf(b, "<div class=\"sticky\"><svg viewBox=\"0 0 %.0f 18\" width=\"%.0f\" height=\"18\">", W, W);
	rpt_svg_week_grid(b, c, lx, w, 14, 18, 11, 1);
	buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"11\">hours \xC2\xB7 N \xC2\xB7 W</text></svg></div>\n", sx);
	buf_printf(b, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
		      "aria-label=\"shifts per agent\">", W, H, W, H);
	for (int r = 1; r < shown; r += 2)
		buf_printf(b, "<rect fill=\"#f7f9fb\" x=\"0\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\"/>",
			   2 + r * rh, W, rh);
	/* weekend tint, night bands, day grid */
	for (int d = 0; d < c->ndays; d++) {
		double x_a = rpt_xt(c, c->day[d], lx, w), x_b = rpt_xt(c, c->day[d + 1], lx, w);
		if (c->dloc[d].wday >= 5)
			buf_printf(b, "<rect class=\"we\" x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%.1f\"/>",
				   x_a, x_b - x_a, H);
	}
	/* per midnight d, the night that ends after it when the window wraps
	 * midnight, else the one that starts after it (xt clips to the week) */
	for (int d = 0; d <= c->ndays && c->nightlen; d++) {
		time_t n0 = c->day[d] + c->night0 * 60L - (c->night0 + c->nightlen > 1440 ? 86400 : 0);
		time_t n1 = n0 + c->nightlen * 60L;
		double x_a = rpt_xt(c, n0, lx, w), x_b = rpt_xt(c, n1, lx, w);
		if (x_b > x_a)
			buf_printf(b, "<rect class=\"ni\" x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%.1f\"/>",
				   x_a, x_b - x_a, H);
	}
	for (int d = 0; d <= c->ndays; d++)
		buf_printf(b, "<path class=\"gl\" d=\"M%.1f 0V%.1f\"/>", rpt_xt(c, c->day[d], lx, w), H);
	for (int r = 0; r < shown; r++) {
		const struct arow *row = &a->rows[r];
		double y = 2 + r * rh, by = y + (rh - bh) / 2;
		char h[16];

		buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\"%s>", lx - 6,
			   y + rh / 2 + 3.5, rh < 14 ? " style=\"font-size:9px\"" : "");
		html_esc_width(b, row->name, 30);
		buf_puts(b, "<title>");
		html_esc(b, row->name);
		buf_puts(b, " (");
		html_esc(b, row->id);
		buf_puts(b, ")</title></text>");
		for (int k = row->first; k < row->first + row->n; k++) {
			const struct sp_run_shift *sh = &run->shifts[a->sidx[k]];
			int brk = sh->brk_end > sh->brk_start && sh->brk_start > sh->start && sh->brk_end < sh->end;
			double xa = rpt_xt(c, sh->start, lx, w), xz = rpt_xt(c, sh->end, lx, w);

			if (xz <= xa)
				continue;
			buf_printf(b, "<g class=\"k%d\"><title>", a->kind[a->sidx[k]] & 3);
			put_local_time(b, c, sh->start, 1);
			buf_puts(b, "\xE2\x80\x93");
			put_local_time(b, c, sh->end, 0);
			if (brk) {
				buf_puts(b, ", break ");
				put_local_time(b, c, sh->brk_start, 0);
				buf_puts(b, "\xE2\x80\x93");
				put_local_time(b, c, sh->brk_end, 0);
			}
			buf_printf(b, ", %s h paid", html_hours(h, sizeof(h), sh->paid_minutes / 60.0));
			if (sh->queues && *sh->queues) {
				buf_puts(b, " \xC2\xB7 ");
				html_esc(b, sh->queues);
			}
			if (sh->langs && *sh->langs) {
				buf_puts(b, " \xC2\xB7 ");
				html_esc(b, sh->langs);
			}
			buf_puts(b, "</title>");
			if (brk) {
				double ba = rpt_xt(c, sh->brk_start, lx, w), bz = rpt_xt(c, sh->brk_end, lx, w);
				if (bz - ba < 1.5) { /* keep a short break visible */
					double mid = (ba + bz) / 2;
					ba = mid - 0.75;
					bz = mid + 0.75;
				}
				buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
					      "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
					      "<path class=\"bk\" d=\"M%.1f %.1fH%.1f\"/>",
					   xa, by, ba - xa > 0 ? ba - xa : 0, bh, bz, by,
					   xz - bz > 0 ? xz - bz : 0, bh, ba, by + bh / 2, bz);
			} else {
				buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
					   xa, by, xz - xa, bh);
			}
			buf_puts(b, "</g>");
		}
		buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\"%s>%s h \xC2\xB7 %d \xC2\xB7 %d</text>", sx,
			   y + rh / 2 + 3.5, rh < 14 ? " style=\"font-size:9px\"" : "",
			   html_hours(s, sizeof(s), row->hours), row->nights, row->weekends);
	}
	buf_puts(b, "</svg>\n");
	if (shown < a->nsched)
		buf_printf(b, "<p class=\"note warn\">Showing the first %d of %d scheduled agents (agents.csv "
			      "order); roster.csv and the calendars have every shift.</p>\n",
			   shown, a->nsched);
	if (a->nidle) {
		int lim = a->nidle < 40 ? a->nidle : 40;
		buf_puts(b, "<p class=\"note\">Without shifts: ");
		for (int i = 0; i < lim; i++) {
			if (i)
				buf_puts(b, ", ");
			html_esc_width(b, a->rows[a->nsched + i].name, 40);
		}
		if (lim < a->nidle)
			buf_printf(b, " and %d more", a->nidle - lim);
		buf_puts(b, ".</p>\n");
	}
}

static void section_fairness(struct buf *b, const struct sp_run *run, const struct agentview *a)
{
	const struct sp_fairness *f = &run->kpis.fairness;
	double *v;
	double mn[3], mx[3];
	char s1[32], s2[32], s3[32];
	static const char *const what[3] = { "Paid hours", "Night shifts", "Weekend shifts" };

	buf_puts(b, "<h2>Fairness: who carries the burden</h2>\n");
	if (!a->nsched) {
		buf_puts(b, "<p class=\"note\">No scheduled agents.</p>\n");
		return;
	}
	v = sp_xcalloc((size_t)a->nsched * 3, sizeof(double));
	for (int i = 0; i < a->nsched; i++) {
		v[i] = a->rows[i].hours;
		v[a->nsched + i] = a->rows[i].nights;
		v[2 * a->nsched + i] = a->rows[i].weekends;
	}
	for (int m = 0; m < 3; m++) {
		mn[m] = mx[m] = v[m * a->nsched];
		for (int i = 1; i < a->nsched; i++) {
			double x = v[m * a->nsched + i];
			if (x < mn[m])
				mn[m] = x;
			if (x > mx[m])
				mx[m] = x;
		}
	}
	buf_puts(b, "<div class=\"row\"><div><table><tr><th>per scheduled agent</th><th class=\"n\">min</th>"
		    "<th class=\"n\">max</th><th class=\"n\">spread</th>"
		    "<th class=\"n\" title=\"widest spread among agents with the same contract\">"
		    "same contract: min</th><th class=\"n\">max</th><th class=\"n\">spread</th></tr>\n");
	for (int m = 0; m < 3; m++) {
		double gmin = m == 0 ? f->hours_min : m == 1 ? f->nights_min : f->weekends_min;
		double gmax = m == 0 ? f->hours_max : m == 1 ? f->nights_max : f->weekends_max;
		int dec = m == 0 ? 1 : 0;
		buf_printf(b, "<tr><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>",
			   what[m], html_num(s1, sizeof(s1), mn[m], dec), html_num(s2, sizeof(s2), mx[m], dec),
			   html_num(s3, sizeof(s3), mx[m] - mn[m], dec));
		buf_printf(b, "<td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
			   html_num(s1, sizeof(s1), gmin, dec), html_num(s2, sizeof(s2), gmax, dec),
			   html_num(s3, sizeof(s3), gmax - gmin, dec));
	}
	buf_printf(b, "</table><p class=\"note\">Left: over all %d scheduled agents. Right: within one contract "
		      "group (same min/max hours and days), the widest found; hours standard deviation %s.</p></div></div>\n"
		      "<div class=\"row\">",
		   a->nsched, html_num(s1, sizeof(s1), f->hours_stddev, 2));
	html_svg_hist(b, "Paid hours per agent", "agents", v, a->nsched, 0);
	html_svg_hist(b, "Night shifts per agent", "agents", v + a->nsched, a->nsched, 1);
	html_svg_hist(b, "Weekend shifts per agent", "agents", v + 2 * a->nsched, a->nsched, 1);
	buf_puts(b, "</div>\n");
	free(v);
}

void rpt_agent_sections(struct buf *b, const struct sp_run *run, const struct rpt_clock *c)
{
	struct agentview av;

	agents_build(&av, run, c);
	section_fairness(b, run, &av);
	section_agents(b, run, c, &av);
	agents_release(&av);
}
