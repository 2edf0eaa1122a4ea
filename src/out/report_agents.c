/* report_agents.c - the report's people: fairness figures and schedule bars
 *
 * Who carries the burden (paid hours, night and weekend shifts per agent,
 * within one contract and overall, and per week of a several-week
 * horizon) and every agent's horizon as bars, one strip of all its days
 * with week separators.  Which shift is a night or weekend one, and which
 * week it counts in, is kpi.c's rule (kpi_classify_shifts), the one the
 * figures use.  The rows are capped (RPT_MAX_AGENT_ROWS) so 10,000 agents
 * still give a page of reasonable size.
 */
#include "report_int.h"
#include "staffplan/html.h"
#include "staffplan/kpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Width of one week's hours in the right column of the schedule. */
#define RPT_WKCOL 30

struct arow {
	const char *id, *name;
	int first, n;             /* shifts in the sorted shift index */
	int has_stats;            /* hours/nights/weekends come from run->agents */
	double hours;
	int nights, weekends;
	struct kpi_week *wk;      /* per week of the horizon (agentview.wk) */
};

struct agentview {
	struct arow *rows;
	int nrows;                /* rows with shifts first, in agents.csv order */
	int nsched, nidle;
	int nweeks;
	int *sidx;                /* shift indices sorted by agent, start */
	unsigned char *kind;      /* per shift: bit 0 night, bit 1 weekend */
	struct kpi_week *wk;      /* nrows x nweeks, in row order */
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

static void agents_release(struct agentview *a)
{
	free(a->rows);
	free(a->sidx);
	free(a->kind);
	free(a->wk);
	memset(a, 0, sizeof(*a));
}

static void agents_build(struct agentview *a, const struct sp_run *run, const struct rpt_clock *c)
{
	int ns = run->nshifts, nr;
	struct arow **byid, *rows;
	const struct sp_run_shift **sorted;
	struct kpi_shift *ks;

	memset(a, 0, sizeof(*a));
	a->nweeks = c->nweeks;
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
	ks = sp_xcalloc((size_t)ns + 1, sizeof(*ks));
	kpi_classify_shifts(run, ks);
	for (int i = 0; i < ns; i++) {
		sorted[i] = &run->shifts[i];
		a->kind[i] = (unsigned char)(ks[i].night | ks[i].weekend << 1);
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
	/* each row's weeks, from its shifts */
	a->wk = sp_xcalloc((size_t)a->nrows * (size_t)a->nweeks + 1, sizeof(*a->wk));
	for (int r = 0; r < a->nrows; r++) {
		struct arow *row = &a->rows[r];
		row->wk = &a->wk[(size_t)r * (size_t)a->nweeks];
		for (int k = row->first; k < row->first + row->n; k++) {
			int i = a->sidx[k], w = ks[i].week;
			if (w < 0 || w >= a->nweeks)
				continue;
			row->wk[w].hours += run->shifts[i].paid_minutes / 60.0;
			row->wk[w].shifts++;
			row->wk[w].nights += ks[i].night;
			row->wk[w].weekends += ks[i].weekend;
		}
	}
	free(ks);
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

/* The right column of a row: paid hours (per week beyond one week),
 * nights and weekend shifts over the horizon. */
static void row_figures(struct buf *b, const struct arow *row, int nweeks, double sx, double y, int small)
{
	char s[32];
	const char *fs = small ? " style=\"font-size:9px\"" : "";

	if (nweeks == 1) {
		buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\"%s>%s h \xC2\xB7 %d \xC2\xB7 %d</text>", sx, y,
			   fs, html_hours(s, sizeof(s), row->hours), row->nights, row->weekends);
		return;
	}
	for (int w = 0; w < nweeks; w++)
		buf_printf(b, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\"%s>%s</text>",
			   row->wk[w].shifts ? "t" : "", sx + RPT_WKCOL * (w + 1) - 4, y, fs,
			   row->wk[w].shifts ? html_hours(s, sizeof(s), row->wk[w].hours) : "\xC2\xB7");
	buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\"%s>%d \xC2\xB7 %d</text>",
		   sx + RPT_WKCOL * nweeks + 6, y, fs, row->nights, row->weekends);
}

/* The agent's name, with its figures week by week as the tooltip. */
static void row_label(struct buf *b, const struct rpt_clock *c, const struct arow *row, double x, double y,
		      int small)
{
	char s[32], lab[64];

	buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\"%s>", x, y,
		   small ? " style=\"font-size:9px\"" : "");
	html_esc_width(b, row->name, 30);
	buf_puts(b, "<title>");
	html_esc(b, row->name);
	buf_puts(b, " (");
	html_esc(b, row->id);
	buf_puts(b, ")");
	for (int w = 0; w < c->nweeks && c->nweeks > 1; w++) {
		rpt_week_label(c, w, lab, sizeof(lab));
		buf_printf(b, "\n%s: %s h paid, %d shift%s, %d night, %d weekend", lab,
			   html_hours(s, sizeof(s), row->wk[w].hours), row->wk[w].shifts,
			   row->wk[w].shifts == 1 ? "" : "s", row->wk[w].nights, row->wk[w].weekends);
	}
	buf_puts(b, "</title></text>");
}

static void section_agents(struct buf *b, const struct sp_run *run, const struct rpt_clock *c,
			   const struct agentview *a)
{
	const int nw = c->nweeks;
	/* beyond a week the bars get narrower so that each week's hours fit */
	const double W = 1340, lx = 196, rc = nw > 1 ? RPT_WKCOL * nw + 58 : 104, w = W - lx - 10 - rc;
	const double sx = lx + w + 10, hh = nw > 1 ? 38 : 18, pxday = w / c->ndays;
	int shown = a->nsched < RPT_MAX_AGENT_ROWS ? a->nsched : RPT_MAX_AGENT_ROWS;
	double rh = shown > 150 ? 12 : 17, bh = rh - 6, H = shown * rh + 4;
	char lab[64];

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
	if (nw > 1)
		buf_puts(b, "<span>right: paid hours in each week \xC2\xB7 night shifts \xC2\xB7 weekend shifts "
			    "over the horizon; hover a name for its weeks</span></div>\n");
	else
		buf_puts(b, "<span>right: paid hours \xC2\xB7 night shifts \xC2\xB7 weekend shifts</span></div>\n");
	if (!a->nsched) {
		buf_puts(b, "<p class=\"note\">No shifts in this run.</p>\n");
		return;
	}
	/* sticky axis header: beyond a week, the weeks over their days */
	buf_printf(b, "<div class=\"sticky\"><svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\">", W, hh,
		   W, hh);
	if (nw == 1) {
		rpt_svg_week_grid(b, c, lx, w, 14, 18, 11, 1);
		buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"11\">hours \xC2\xB7 N \xC2\xB7 W</text>", sx);
	} else {
		for (int k = 0; k < nw; k++) {
			int d0, d1;
			rpt_week_days(c, k, &d0, &d1);
			double xa = rpt_xt(c, c->day[d0], lx, w), xz = rpt_xt(c, c->day[d1], lx, w);
			rpt_week_label(c, k, lab, sizeof(lab));
			if (xz - xa < 120) /* too narrow for "Week 2 · 7–13 Dec" */
				snprintf(lab, sizeof(lab), "Week %d", k + 1);
			buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"10\" text-anchor=\"middle\" "
				      "font-weight=\"600\">%s</text>", (xa + xz) / 2, lab);
			buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">wk%d</text>",
				   sx + RPT_WKCOL * (k + 1) - 4, hh - 14, k + 1);
		}
		rpt_svg_days_grid(b, c, 0, c->ndays, lx, w, hh - 2, hh, 22, pxday >= 50 ? RPT_LAB_SHORT : RPT_LAB_LETTER);
		buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\">hours</text>"
			      "<text class=\"t\" x=\"%.1f\" y=\"%.1f\">N \xC2\xB7 W</text>",
			   sx, hh - 26, sx + RPT_WKCOL * nw + 6, hh - 14);
	}
	buf_puts(b, "</svg></div>\n");
	buf_printf(b, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
		      "aria-label=\"shifts per agent\">", W, H, W, H);
	for (int r = 1; r < shown; r += 2)
		buf_printf(b, "<rect fill=\"#f7f9fb\" x=\"0\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\"/>",
			   2 + r * rh, W, rh);
	/* weekend tint, night bands, day grid (a darker line between weeks) */
	for (int d = 0; d < c->ndays; d++) {
		double x_a = rpt_xt(c, c->day[d], lx, w), x_b = rpt_xt(c, c->day[d + 1], lx, w);
		if (c->dloc[d].wday >= 5)
			buf_printf(b, "<rect class=\"we\" x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%.1f\"/>",
				   x_a, x_b - x_a, H);
	}
	/* per midnight d, the night that ends after it when the window wraps
	 * midnight, else the one that starts after it (xt clips to the horizon) */
	for (int d = 0; d <= c->ndays && c->nightlen; d++) {
		time_t n0 = c->day[d] + c->night0 * 60L - (c->night0 + c->nightlen > 1440 ? 86400 : 0);
		time_t n1 = n0 + c->nightlen * 60L;
		double x_a = rpt_xt(c, n0, lx, w), x_b = rpt_xt(c, n1, lx, w);
		if (x_b > x_a)
			buf_printf(b, "<rect class=\"ni\" x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%.1f\"/>",
				   x_a, x_b - x_a, H);
	}
	for (int d = 0; d <= c->ndays; d++)
		buf_printf(b, "<path class=\"%s\" d=\"M%.1f 0V%.1f\"/>",
			   nw > 1 && d % 7 == 0 && d > 0 && d < c->ndays ? "wk" : "gl", rpt_xt(c, c->day[d], lx, w), H);
	for (int r = 0; r < shown; r++) {
		const struct arow *row = &a->rows[r];
		double y = 2 + r * rh, by = y + (rh - bh) / 2;
		char h[16];

		row_label(b, c, row, lx - 6, y + rh / 2 + 3.5, rh < 14);
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
		row_figures(b, row, nw, sx, y + rh / 2 + 3.5, rh < 14);
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

/* Each week's spread of hours, nights and weekend shifts over the agents
 * scheduled in the horizon (an agent off for a week counts with 0). */
static void fairness_weeks(struct buf *b, const struct rpt_clock *c, const struct agentview *a)
{
	char s[6][32], lab[64];

	buf_puts(b, "<div><table><tr><th>week</th><th class=\"n\" title=\"agents with a shift "
		    "in the week\">working</th><th class=\"n\">hours min</th><th class=\"n\">max</th>"
		    "<th class=\"n\">spread</th><th class=\"n\">nights min</th><th class=\"n\">max</th>"
		    "<th class=\"n\">weekend min</th><th class=\"n\">max</th></tr>\n");
	for (int w = 0; w < a->nweeks; w++) {
		double hmin = 0, hmax = 0;
		int nmin = 0, nmax = 0, wmin = 0, wmax = 0, working = 0;
		for (int i = 0; i < a->nsched; i++) {
			const struct kpi_week *x = &a->rows[i].wk[w];
			if (!i || x->hours < hmin)
				hmin = x->hours;
			if (!i || x->hours > hmax)
				hmax = x->hours;
			if (!i || x->nights < nmin)
				nmin = x->nights;
			if (!i || x->nights > nmax)
				nmax = x->nights;
			if (!i || x->weekends < wmin)
				wmin = x->weekends;
			if (!i || x->weekends > wmax)
				wmax = x->weekends;
			working += x->shifts > 0;
		}
		rpt_week_label(c, w, lab, sizeof(lab));
		buf_printf(b, "<tr><td>%s</td><td class=\"n\">%d</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
			      "<td class=\"n\">%s</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
			      "<td class=\"n\">%d</td><td class=\"n\">%d</td></tr>\n",
			   lab, working, html_num(s[0], sizeof(s[0]), hmin, 1), html_num(s[1], sizeof(s[1]), hmax, 1),
			   html_num(s[2], sizeof(s[2]), hmax - hmin, 1), nmin, nmax, wmin, wmax);
	}
	buf_puts(b, "</table><p class=\"note\">Each week (7 days from the horizon start, shifts in the week they "
		    "start) over the same agents: one off for a week counts with 0 hours.</p></div>");
}

static void section_fairness(struct buf *b, const struct sp_run *run, const struct rpt_clock *c,
			     const struct agentview *a)
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
	buf_printf(b, "</table><p class=\"note\">Left: over all %d scheduled agents%s. Right: within one contract "
		      "group (same min/max hours and days), the widest found; hours standard deviation %s.</p></div>",
		   a->nsched, a->nweeks > 1 ? ", over the whole horizon" : "",
		   html_num(s1, sizeof(s1), f->hours_stddev, 2));
	if (a->nweeks > 1)
		fairness_weeks(b, c, a);
	buf_puts(b, "</div>\n<div class=\"row\">");
	html_svg_hist(b, a->nweeks > 1 ? "Paid hours per agent, horizon" : "Paid hours per agent", "agents", v,
		      a->nsched, 0);
	if (a->nweeks > 1) {
		double *wv = sp_xcalloc((size_t)a->nsched * (size_t)a->nweeks + 1, sizeof(double));
		int n = 0;
		for (int i = 0; i < a->nsched; i++)
			for (int w = 0; w < a->nweeks; w++)
				if (a->rows[i].wk[w].shifts)
					wv[n++] = a->rows[i].wk[w].hours;
		html_svg_hist(b, "Paid hours per agent and week", "agent-weeks with a shift", wv, n, 0);
		free(wv);
	}
	html_svg_hist(b, "Night shifts per agent", "agents", v + a->nsched, a->nsched, 1);
	html_svg_hist(b, "Weekend shifts per agent", "agents", v + 2 * a->nsched, a->nsched, 1);
	buf_puts(b, "</div>\n");
	free(v);
}

void rpt_agent_sections(struct buf *b, const struct sp_run *run, const struct rpt_clock *c)
{
	struct agentview av;

	agents_build(&av, run, c);
	section_fairness(b, run, c, &av);
	section_agents(b, run, c, &av);
	agents_release(&av);
}
