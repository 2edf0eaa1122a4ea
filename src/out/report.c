/* report.c - report.html: key figures, understaffing, required vs staffed
 *
 * A page is built in one struct buf and written through the caller's
 * output set (a temporary name, then rename).  Everything is inline (see
 * html.h).  Week series are drawn as step paths that emit a point only
 * when the value changes, which keeps a week of 15-minute data small.
 * Times are site local (report_clock.c); the fairness and schedule
 * sections are in report_agents.c, the KPI table in report_kpi.c.
 */
#include "report_int.h"

#include "staffplan/fileio.h"
#include "staffplan/html.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- cells */

/* Totals of a (queue, language) pair over the horizon or one week. */
struct pstat {
	double req_h, short_h;    /* agent-hours */
	double arr, slw;          /* arrivals and arrivals x service level */
	double ab_arr, ab_sum;    /* the same for the cells with an abandon rate */
	int ab_cells;             /* cells with an abandon rate (Erlang A) */
};

/* One (queue, language) series over the horizon. */
struct pair {
	const char *queue, *lang;
	int qorder;               /* first appearance of the queue */
	double *req, *stf;        /* per interval */
	double *hm;               /* understaffed agent-hours per local day x hour */
	struct pstat all, *wk;    /* the horizon, each week */
	double peak;
};

struct cellview {
	struct pair *p;
	int np;
	double *hm;               /* all pairs, ndays x 24 */
	double short_h;
};

/* Orders cell pointers by queue, language, start. */
static int cmp_cell(const void *a, const void *b)
{
	const struct sp_run_cell *x = *(const struct sp_run_cell *const *)a;
	const struct sp_run_cell *y = *(const struct sp_run_cell *const *)b;
	int c = strcmp(x->queue, y->queue);

	if (!c)
		c = strcmp(x->lang, y->lang);
	if (!c)
		c = (x->start > y->start) - (x->start < y->start);
	return c;
}

static void cells_release(struct cellview *v)
{
	for (int i = 0; i < v->np; i++) {
		free(v->p[i].req);
		free(v->p[i].stf);
		free(v->p[i].hm);
		free(v->p[i].wk);
	}
	free(v->p);
	free(v->hm);
	memset(v, 0, sizeof(*v));
}

/* Adds cell cl (an interval hfac hours long) to the totals t. */
static void pstat_add(struct pstat *t, const struct sp_run_cell *cl, double hfac)
{
	if (isfinite(cl->arrivals) && isfinite(cl->service_level) && cl->arrivals > 0) {
		t->arr += cl->arrivals;
		t->slw += cl->arrivals * cl->service_level;
	}
	if (isfinite(cl->abandon_rate)) {
		t->ab_cells++;
		if (isfinite(cl->arrivals) && cl->arrivals > 0) {
			t->ab_arr += cl->arrivals;
			t->ab_sum += cl->arrivals * cl->abandon_rate;
		}
	}
	t->req_h += cl->required * hfac;
	if (cl->understaffed > 0)
		t->short_h += cl->understaffed * hfac;
}

/* The abandon rate of t as kpi_abandon_rate defines it: NAN without cells
 * that have one. */
static double pstat_abandon(const struct pstat *t)
{
	return !t->ab_cells ? NAN : t->ab_arr > 0 ? t->ab_sum / t->ab_arr : 0.0;
}

/* "need 120 agent-h · short 4.5 · SL 84 % · abandon 3.1 %" (html). */
static void pstat_text(struct buf *b, const struct pstat *t, int marked)
{
	char s[48];

	buf_printf(b, "need %s agent-h", html_num(s, sizeof(s), t->req_h, 0));
	if (t->short_h >= 0.05)
		buf_printf(b, marked ? " \xC2\xB7 <span class=\"bad\">short %s</span>" : " \xC2\xB7 short %s",
			   html_num(s, sizeof(s), t->short_h, t->short_h >= 99.95 ? 0 : 1));
	if (t->arr > 0)
		buf_printf(b, " \xC2\xB7 SL %s", html_pct(s, sizeof(s), t->slw / t->arr, 0));
	if (t->ab_cells)
		buf_printf(b, " \xC2\xB7 abandon %s", html_pct(s, sizeof(s), pstat_abandon(t), 1));
}

static void cells_build(struct cellview *v, const struct sp_run *run, const struct rpt_clock *c)
{
	const struct sp_run_cell **idx = sp_xcalloc((size_t)run->ncells + 1, sizeof(*idx));
	const char **qs = sp_xcalloc((size_t)run->ncells + 1, sizeof(*qs));
	int nq = 0;
	double hfac = (double)c->step / 3600.0;
	size_t nhm = (size_t)c->ndays * 24;

	memset(v, 0, sizeof(*v));
	v->hm = sp_xcalloc(nhm, sizeof(double));
	for (int i = 0; i < run->ncells; i++) {
		int q;
		idx[i] = &run->cells[i];
		for (q = 0; q < nq; q++)
			if (!strcmp(qs[q], run->cells[i].queue))
				break;
		if (q == nq)
			qs[nq++] = run->cells[i].queue;
	}
	qsort(idx, (size_t)run->ncells, sizeof(*idx), cmp_cell);
	v->p = sp_xcalloc((size_t)run->ncells + 1, sizeof(*v->p));
	for (int k = 0; k < run->ncells; k++) {
		const struct sp_run_cell *cl = idx[k];
		struct pair *p;
		int i;

		if (!v->np || strcmp(v->p[v->np - 1].queue, cl->queue) ||
		    strcmp(v->p[v->np - 1].lang, cl->lang)) {
			p = &v->p[v->np++];
			p->queue = cl->queue;
			p->lang = cl->lang;
			for (p->qorder = 0; p->qorder < nq; p->qorder++)
				if (!strcmp(qs[p->qorder], cl->queue))
					break;
			p->req = sp_xcalloc((size_t)c->nint, sizeof(double));
			p->stf = sp_xcalloc((size_t)c->nint, sizeof(double));
			p->hm = sp_xcalloc(nhm, sizeof(double));
			p->wk = sp_xcalloc((size_t)c->nweeks, sizeof(*p->wk));
		}
		p = &v->p[v->np - 1];
		i = rpt_clock_index(c, cl->start);
		if (i < 0)
			continue;
		pstat_add(&p->all, cl, hfac);
		pstat_add(&p->wk[c->iday[i] / 7 < c->nweeks ? c->iday[i] / 7 : c->nweeks - 1], cl, hfac);
		p->req[i] += cl->required;
		p->stf[i] += cl->staffed;
		if (cl->understaffed > 0) {
			double u = cl->understaffed * hfac;
			size_t h = (size_t)c->iday[i] * 24 + (size_t)(c->imin[i] / 60 % 24);
			p->hm[h] += u;
			v->hm[h] += u;
			v->short_h += u;
		}
	}
	for (int k = 0; k < v->np; k++) {
		struct pair *p = &v->p[k];
		for (int i = 0; i < c->nint; i++) {
			if (p->req[i] > p->peak)
				p->peak = p->req[i];
			if (p->stf[i] > p->peak)
				p->peak = p->stf[i];
		}
	}
	free(idx);
	free(qs);
}

static int cmp_pair_size(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	return (x->all.req_h < y->all.req_h) - (x->all.req_h > y->all.req_h);
}

static int cmp_pair_show(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->qorder != y->qorder)
		return x->qorder - y->qorder;
	if (x->all.req_h != y->all.req_h)
		return (x->all.req_h < y->all.req_h) - (x->all.req_h > y->all.req_h);
	return strcmp(x->lang, y->lang);
}

/* Step path of v over intervals [i0, i1) on [x0, x0 + w]: y = yb - v * ys.
 * closed: an area down to the baseline.  Emits a vertex only where the
 * value changes. */
static void path_steps(struct buf *b, const double *v, int i0, int i1, double x0, double w, double yb,
		       double ys, int closed)
{
	double py = yb - v[i0] * ys;

	if (closed)
		buf_printf(b, "M%.1f %.1fV%.1f", x0, yb, py);
	else
		buf_printf(b, "M%.1f %.1f", x0, py);
	for (int i = i0 + 1; i < i1; i++) {
		double y = yb - v[i] * ys;
		if (fabs(y - py) >= 0.05) {
			buf_printf(b, "H%.1fV%.1f", x0 + w * (i - i0) / (i1 - i0), y);
			py = y;
		}
	}
	buf_printf(b, "H%.1f", x0 + w);
	if (closed)
		buf_printf(b, "V%.1fZ", yb);
}

/* One (queue, language) chart: the horizon on one axis up to a week, else
 * one strip per week (Monday under Monday when the horizon starts on one)
 * on a common scale, so weeks compare at a glance even at six weeks. */
static void chart_pair(struct buf *b, const struct rpt_clock *c, const struct pair *p)
{
	const int nw = c->nweeks;
	const double W = 440, x0 = nw > 1 ? 42 : 30, w = W - x0 - 4, y0 = 6;
	const double sh = nw == 1 ? 96 : nw == 2 ? 58 : nw <= 4 ? 44 : 36, gap = nw > 1 ? 6 : 0;
	const double H = y0 + nw * sh + (nw - 1) * gap + 16;
	double top = html_nice_ceil(p->peak > 0 ? p->peak * 1.04 : 1), ys = sh / top;
	char t1[16], t2[16], lab[64];

	buf_puts(b, "<div class=\"sm\"><div class=\"smh\"><b>");
	html_esc(b, p->queue);
	buf_puts(b, " \xC2\xB7 ");
	html_esc(b, p->lang);
	buf_puts(b, "</b><span>");
	pstat_text(b, &p->all, 1);
	buf_printf(b, "</span></div>\n<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
		      "role=\"img\" aria-label=\"required and staffed agents\">",
		   W, H, W, H);
	for (int k = 0; k < nw; k++) {
		int d0, d1, nd = rpt_week_days(c, k, &d0, &d1);
		int i0 = rpt_clock_index(c, c->day[d0]), i1 = d1 < c->ndays ? rpt_clock_index(c, c->day[d1]) : c->nint;
		double sy = y0 + k * (sh + gap), yb = sy + sh, ww = nw > 1 ? w * nd / 7.0 : w;

		if (i0 < 0 || i1 <= i0)
			continue;
		/* the week's figures as the strip's tooltip */
		buf_puts(b, "<g><title>");
		html_esc(b, p->queue);
		buf_puts(b, " \xC2\xB7 ");
		html_esc(b, p->lang);
		if (nw > 1) {
			rpt_week_label(c, k, lab, sizeof(lab));
			buf_printf(b, ", %s", lab);
		}
		buf_puts(b, ": ");
		pstat_text(b, nw > 1 ? &p->wk[k] : &p->all, 0);
		buf_printf(b, "</title><rect fill=\"#fff\" fill-opacity=\"0\" x=\"%.1f\" y=\"%.1f\" "
			      "width=\"%.1f\" height=\"%.1f\"/>", x0, sy, ww, sh);
		rpt_svg_days_grid(b, c, d0, d1, x0, ww, sy, yb, k == nw - 1 ? yb + 12 : 0,
				  nw > 1 ? RPT_LAB_WDAY : c->ndays > 14 ? RPT_LAB_DATE : RPT_LAB_SHORT);
		/* horizontal gridlines: half and top */
		for (int g = 1; g <= 2; g++)
			buf_printf(b, "<path class=\"gl2\" d=\"M%.1f %.1fH%.1f\"/>", x0, yb - (top * g / 2) * ys,
				   x0 + ww);
		if (nw == 1) {
			buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
				      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
				      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">0</text>",
				   x0 - 3, sy + 4, html_tick(t1, sizeof(t1), top), x0 - 3, yb - (top / 2) * ys + 3,
				   html_tick(t2, sizeof(t2), top / 2), x0 - 3, yb + 3);
		} else {
			/* the scale at the top, the week's first day at the bottom */
			buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
				      "<text class=\"t\" x=\"0\" y=\"%.1f\">%d %s</text>",
				   x0 - 3, sy + 7, html_tick(t1, sizeof(t1), top), yb - 1, c->dloc[d0].day,
				   rpt_month_name(c->dloc[d0].month));
		}
		/* red under required, blue staffed on top: red shows only where short */
		buf_puts(b, "<path class=\"reqa\" d=\"");
		path_steps(b, p->req, i0, i1, x0, ww, yb, ys, 1);
		buf_puts(b, "\"/><path class=\"stfa\" d=\"");
		path_steps(b, p->stf, i0, i1, x0, ww, yb, ys, 1);
		buf_puts(b, "\"/><path class=\"stf\" d=\"");
		path_steps(b, p->stf, i0, i1, x0, ww, yb, ys, 0);
		buf_puts(b, "\"/><path class=\"req\" d=\"");
		path_steps(b, p->req, i0, i1, x0, ww, yb, ys, 0);
		buf_printf(b, "\"/><path class=\"gl\" d=\"M%.1f %.1fH%.1f\"/></g>", x0, yb, x0 + ww);
	}
	buf_puts(b, "</svg></div>\n");
}

static void section_curves(struct buf *b, const struct rpt_clock *c, const struct cellview *v)
{
	struct pair *show;
	int n = v->np;

	buf_puts(b, "<h2>Required vs staffed, per queue and language</h2>\n"
		    "<div class=\"lg\"><span><i class=\"ln\"></i>required agents</span>"
		    "<span><i style=\"background:#a9cbe8\"></i>staffed (agent time on the queue)</span>"
		    "<span><i style=\"background:#e4572e\"></i>short: required above staffed</span>"
		    "<span><i style=\"background:#f7f3ea;border:1px solid #e4dccb\"></i>weekend</span>");
	if (c->nweeks > 1)
		buf_printf(b, "<span>one strip per week (%d weeks), all on the chart's own vertical scale</span>"
			      "<span>hover over a strip for its week's figures</span></div>\n", c->nweeks);
	else
		buf_puts(b, "<span>each chart has its own vertical scale</span></div>\n");
	if (!n) {
		buf_puts(b, "<p class=\"note\">The run has no coverage cells.</p>\n");
		return;
	}
	show = sp_xcalloc((size_t)n, sizeof(*show));
	memcpy(show, v->p, (size_t)n * sizeof(*show));
	if (n > RPT_MAX_CHARTS) {
		qsort(show, (size_t)n, sizeof(*show), cmp_pair_size);
		n = RPT_MAX_CHARTS;
	}
	qsort(show, (size_t)n, sizeof(*show), cmp_pair_show);
	buf_puts(b, "<div class=\"grid\">\n");
	for (int i = 0; i < n; i++)
		chart_pair(b, c, &show[i]);
	buf_puts(b, "</div>\n");
	if (n < v->np)
		buf_printf(b, "<p class=\"note\">Showing the %d largest of %d queue/language pairs; "
			      "coverage.csv has all of them.</p>\n", n, v->np);
	free(show);
}

/* ---------------------------------------------------------------- heat-map */

/* Sequential yellow-orange-red scale; f in (0, 1]. */
static void heat_colour(double f, char out[8])
{
	static const unsigned char stop[5][3] = {
		{ 255, 237, 160 }, { 254, 195, 90 }, { 248, 130, 55 }, { 222, 45, 38 }, { 140, 0, 30 }
	};
	double x = f * 4;
	int i = (int)x;
	double t;

	if (i >= 4) {
		i = 3;
		x = 4;
	}
	if (i < 0)
		i = 0;
	t = x - i;
	snprintf(out, 8, "#%02x%02x%02x",
		 (unsigned)(stop[i][0] + (stop[i + 1][0] - stop[i][0]) * t + 0.5) & 255u,
		 (unsigned)(stop[i][1] + (stop[i + 1][1] - stop[i][1]) * t + 0.5) & 255u,
		 (unsigned)(stop[i][2] + (stop[i + 1][2] - stop[i][2]) * t + 0.5) & 255u);
}

/* One row per day, in week groups headed by the week and its total when
 * the horizon has several weeks. */
static void section_heatmap(struct buf *b, const struct rpt_clock *c, const struct cellview *v)
{
	const int nw = c->nweeks;
	const double lx = 84, cw = 26, ch = nw > 1 ? 17 : 21, ty = 16, wh = nw > 1 ? 19 : 0;
	double max = 0, W, H, lgy, y = ty;
	char lab[64], col[8], s[32];

	for (size_t i = 0; i < (size_t)c->ndays * 24; i++)
		if (v->hm[i] > max)
			max = v->hm[i];
	W = lx + 24 * cw + 64;
	lgy = ty + c->ndays * ch + nw * wh + 14;
	H = lgy + 30;
	buf_puts(b, "<div><h3>Understaffing by day and hour (agent-hours short, site time)</h3>\n");
	buf_printf(b, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
		      "aria-label=\"understaffing heat-map\">", W, H, W, H);
	for (int h = 0; h < 24; h++)
		buf_printf(b, "<text x=\"%.1f\" y=\"11\" text-anchor=\"middle\">%02d</text>",
			   lx + h * cw + cw / 2, h);
	buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"11\" text-anchor=\"end\">day total</text>",
		   lx + 24 * cw + 60);
	for (int d = 0; d < c->ndays; d++) {
		double tot = 0;
		if (nw > 1 && d % 7 == 0) {
			double wt = 0;
			for (size_t i = (size_t)d * 24; i < (size_t)(d + 7 < c->ndays ? d + 7 : c->ndays) * 24; i++)
				wt += v->hm[i];
			rpt_week_label(c, d / 7, lab, sizeof(lab));
			buf_printf(b, "<path class=\"wk\" d=\"M0 %.1fH%.1f\"/>"
				      "<text class=\"t\" x=\"0\" y=\"%.1f\" font-weight=\"600\">%s</text>"
				      "<text class=\"t\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-weight=\"600\">"
				      "week %s</text>",
				   y + 2.5, W - 4, y + 14, lab, lx + 24 * cw + 60, y + 14,
				   html_num(s, sizeof(s), wt, 1));
			y += wh;
		}
		rpt_day_label(c, d, lab, sizeof(lab));
		buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
			   lx - 6, y + ch / 2 + 3.5, lab);
		for (int h = 0; h < 24; h++) {
			double u = v->hm[(size_t)d * 24 + (size_t)h];
			double f = max > 0 ? u / max : 0;
			tot += u;
			if (u >= 0.005)
				heat_colour(f, col);
			else
				snprintf(col, sizeof(col), "#f1f4f7");
			buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
				      "<title>%s %02d:00\xE2\x80\x93%02d:00: %.2f agent-hours short</title></rect>",
				   lx + h * cw + 0.5, y + 0.5, cw - 1, ch - 1, col, lab, h, (h + 1) % 24, u);
			if (u >= 0.05)
				buf_printf(b, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
					   f > 0.6 ? "w" : "t", lx + h * cw + cw / 2, y + ch / 2 + 3.5,
					   u >= 9.95 ? html_num(s, sizeof(s), u, 0) : html_num(s, sizeof(s), u, 1));
		}
		buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
			   lx + 24 * cw + 60, y + ch / 2 + 3.5, html_num(s, sizeof(s), tot, 1));
		y += ch;
	}
	/* legend: a gradient bar from 0 to the largest cell */
	buf_puts(b, "<defs><linearGradient id=\"hmg\">");
	for (int i = 0; i <= 4; i++) {
		heat_colour(i / 4.0, col);
		buf_printf(b, "<stop offset=\"%d%%\" stop-color=\"%s\"/>", i * 25, col);
	}
	buf_puts(b, "</linearGradient></defs>");
	buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"10\" fill=\"#f1f4f7\" stroke=\"#d3dae1\"/>"
		      "<text x=\"%.1f\" y=\"%.1f\">none</text>",
		   lx, lgy, lx + 18, lgy + 9);
	buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"220\" height=\"10\" fill=\"url(#hmg)\"/>",
		   lx + 60, lgy);
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%s</text><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
		   lx + 60, lgy + 22, max > 0 ? "0" : "", lx + 280, lgy + 22,
		   max > 0 ? html_num(s, sizeof(s), max, 2) : "");
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">agent-hours short in the hour; %s total %s</text>",
		   lx + 290, lgy + 9, nw > 1 ? "horizon" : "week", html_num(s, sizeof(s), v->short_h, 1));
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">summed over all queues and languages</text>",
		   lx + 290, lgy + 22);
	buf_puts(b, "</svg>\n");
	if (max <= 0)
		buf_puts(b, "<p class=\"note\">No understaffing: every interval is covered.</p>\n");
	buf_puts(b, "</div>\n");
}

/* Largest contiguous shortfalls: runs of hours of one pair on one day. */
struct hot {
	int pair, day, h0, h1;
	double sum, peak;
};

static void section_hotspots(struct buf *b, const struct rpt_clock *c, const struct cellview *v)
{
	struct hot top[5];
	int ntop = 0;
	char lab[32], s[32];

	for (int p = 0; p < v->np; p++) {
		for (int d = 0; d < c->ndays; d++) {
			const double *row = v->p[p].hm + (size_t)d * 24;
			for (int h = 0; h < 24; h++) {
				struct hot x = { p, d, h, h, 0, 0 };
				if (row[h] < 0.005)
					continue;
				while (h < 24 && row[h] >= 0.005) {
					x.sum += row[h];
					if (row[h] > x.peak)
						x.peak = row[h];
					x.h1 = h++;
				}
				int at = ntop;
				while (at > 0 && top[at - 1].sum < x.sum)
					at--;
				if (at >= 5)
					continue;
				if (ntop < 5)
					ntop++;
				memmove(&top[at + 1], &top[at], (size_t)(ntop - 1 - at) * sizeof(top[0]));
				top[at] = x;
			}
		}
	}
	if (!ntop)
		return;
	buf_puts(b, "<h3 style=\"margin-top:10px\">Largest shortfalls</h3><ol class=\"hot\">\n");
	for (int i = 0; i < ntop; i++) {
		const struct pair *p = &v->p[top[i].pair];
		rpt_day_label(c, top[i].day, lab, sizeof(lab));
		buf_puts(b, "<li><b>");
		html_esc(b, p->queue);
		buf_puts(b, " \xC2\xB7 ");
		html_esc(b, p->lang);
		buf_printf(b, "</b> %s %02d:00\xE2\x80\x93%02d:00: %s agent-h short</li>\n", lab,
			   top[i].h0, (top[i].h1 + 1) % 24 ? (top[i].h1 + 1) : 24,
			   html_num(s, sizeof(s), top[i].sum, 1));
	}
	buf_puts(b, "</ol>\n");
}

/* ---------------------------------------------------------------- report */

static void section_header(struct buf *b, const struct sp_run *run, const struct rpt_clock *c)
{
	char d0[32], d1[32];

	rpt_day_label(c, 0, d0, sizeof(d0));
	rpt_day_label(c, c->ndays - 1, d1, sizeof(d1));
	buf_puts(b, "<h1>Staffing plan");
	if (run->scenario[0]) {
		buf_puts(b, " \xE2\x80\x94 ");
		html_esc(b, run->scenario);
	}
	buf_printf(b, "</h1>\n<p class=\"meta\">%s %d \xE2\x80\x93 %s %d", d0, c->dloc[0].year, d1,
		   c->dloc[c->ndays - 1].year);
	if (c->nweeks > 1)
		buf_printf(b, " (%d weeks)", c->nweeks);
	buf_puts(b, " \xC2\xB7 times in ");
	html_esc(b, c->tz.name);
	buf_printf(b, " \xC2\xB7 %ld-minute intervals", c->step / 60);
	if (run->id)
		buf_printf(b, " \xC2\xB7 run #%lld", (long long)run->id);
	if (run->created_at[0]) {
		buf_puts(b, " \xC2\xB7 created ");
		html_esc(b, run->created_at);
	}
	if (run->baseline)
		buf_printf(b, " \xC2\xB7 re-planned against run #%lld", (long long)run->baseline);
	if (run->previous_run)
		buf_printf(b, " \xC2\xB7 after run #%lld", (long long)run->previous_run);
	else if (run->previous_source[0]) {
		buf_puts(b, " \xC2\xB7 after roster ");
		html_esc(b, run->previous_source);
	}
	if (run->solver[0]) {
		buf_puts(b, " \xC2\xB7 solver ");
		html_esc(b, run->solver);
	}
	buf_puts(b, "</p>\n");
	if (c->tz_bad) {
		buf_puts(b, "<p class=\"note warn\">Unknown site time zone '");
		html_esc(b, run->site_tz);
		buf_puts(b, "': times are shown in UTC.</p>\n");
	}
}

sp_status rpt_write_html(const struct sp_run *run, struct sp_outset *set, const char *path,
			 struct sp_err *err)
{
	struct buf b = BUF_INIT;
	struct rpt_clock c;
	struct cellview cv;
	sp_status st;
	char title[160];

	SP_ASSERT(run && path);
	rpt_clock_init(&c, run);
	cells_build(&cv, run, &c);

	snprintf(title, sizeof(title), "staffplan report%s%s", run->scenario[0] ? " \xE2\x80\x94 " : "",
		 run->scenario);
	html_page_begin(&b, title);
	section_header(&b, run, &c);
	buf_puts(&b, "<div class=\"row\"><div><h3>Key figures</h3>\n");
	rpt_kpi_table(&b, run);
	section_hotspots(&b, &c, &cv);
	rpt_week_table(&b, run, &c);
	buf_puts(&b, "</div>\n");
	section_heatmap(&b, &c, &cv);
	buf_puts(&b, "</div>\n");
	section_curves(&b, &c, &cv);
	rpt_agent_sections(&b, run, &c);
	buf_puts(&b, "<p class=\"note\">Generated by staffplan. Numbers are agent-hours (agents \xC3\x97 hours) "
		     "unless marked; the roster, coverage and KPIs are in roster.csv, coverage.csv and kpis.json.</p>\n");
	html_page_end(&b);

	st = sp_outset_write(set, path, b.s, b.len, err);
	buf_release(&b);
	cells_release(&cv);
	rpt_clock_release(&c);
	return st;
}
