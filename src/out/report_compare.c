/* report_compare.c - the scenario comparison page
 *
 * Key figures of several runs side by side (differences against the
 * first) and, per language, understaffing, projected service level and,
 * when a run has one (Erlang A), projected abandon rate as grouped bars.
 * Each run's horizon is named, since totals of a 4-week plan and of a
 * 1-week one do not compare.  Self-contained like report.html (html.h).
 */
#include "report_int.h"

#include "staffplan/fileio.h"
#include "staffplan/html.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct langstat {
	char lang[36];
	double *short_h, *arr, *slw; /* per run */
	double *ab_arr, *ab_sum;     /* arrivals and arrivals x abandon rate of
				      * the cells with one; ab_arr < 0: none */
};

/* "30 Nov 2026, 4 weeks" or "30 Nov 2026, 7 days": the horizon of run. */
static void put_horizon(struct buf *b, const struct sp_run *run)
{
	struct sp_tz tz;
	struct sp_local l;

	if (run->ndays <= 0)
		return;
	if (!run->site_tz[0] || sp_tz_init(&tz, run->site_tz, NULL) != SP_OK)
		sp_tz_init(&tz, "UTC", NULL);
	sp_tz_local(&tz, run->horizon_start, &l);
	buf_printf(b, ", %d %s %d, ", l.day, rpt_month_name(l.month), l.year);
	if (run->ndays % 7 == 0 && run->ndays > 7)
		buf_printf(b, "%d weeks", run->ndays / 7);
	else
		buf_printf(b, "%d day%s", run->ndays, run->ndays == 1 ? "" : "s");
}

sp_status rpt_write_compare_html(const struct sp_run *runs, const char *const *names, int n,
				 const char *path, struct sp_err *err)
{
	struct buf b = BUF_INIT;
	struct langstat *ls = NULL;
	double *vs = NULL, *vu = NULL, *va = NULL;
	const char **labels = NULL;
	int nl = 0, any_ab = 0, same_days = 1;
	size_t capl = 0;
	sp_status st;

	SP_ASSERT(path);
	if (n < 1 || !runs)
		return sp_err_set(err, SP_ERR_USAGE, "scenario compare: nothing to compare");
	/* per-language totals */
	for (int r = 0; r < n; r++) {
		double hfac = (runs[r].interval_minutes > 0 ? runs[r].interval_minutes : 60) / 60.0;
		for (int i = 0; i < runs[r].ncells; i++) {
			const struct sp_run_cell *cl = &runs[r].cells[i];
			int l;
			for (l = 0; l < nl; l++)
				if (!strcmp(ls[l].lang, cl->lang))
					break;
			if (l == nl) {
				SP_GROW(ls, nl + 1, capl);
				memset(&ls[nl], 0, sizeof(ls[nl]));
				snprintf(ls[nl].lang, sizeof(ls[nl].lang), "%s", cl->lang);
				ls[nl].short_h = sp_xcalloc((size_t)n, sizeof(double));
				ls[nl].arr = sp_xcalloc((size_t)n, sizeof(double));
				ls[nl].slw = sp_xcalloc((size_t)n, sizeof(double));
				ls[nl].ab_arr = sp_xcalloc((size_t)n, sizeof(double));
				ls[nl].ab_sum = sp_xcalloc((size_t)n, sizeof(double));
				for (int k = 0; k < n; k++)
					ls[nl].ab_arr[k] = -1;
				nl++;
			}
			if (cl->understaffed > 0)
				ls[l].short_h[r] += cl->understaffed * hfac;
			if (cl->arrivals > 0 && isfinite(cl->service_level)) {
				ls[l].arr[r] += cl->arrivals;
				ls[l].slw[r] += cl->arrivals * cl->service_level;
			}
			if (isfinite(cl->abandon_rate)) {
				any_ab = 1;
				if (ls[l].ab_arr[r] < 0)
					ls[l].ab_arr[r] = 0;
				if (cl->arrivals > 0) {
					ls[l].ab_arr[r] += cl->arrivals;
					ls[l].ab_sum[r] += cl->arrivals * cl->abandon_rate;
				}
			}
		}
		same_days &= runs[r].ndays == runs[0].ndays;
	}
	html_page_begin(&b, "staffplan scenario comparison");
	buf_puts(&b, "<h1>Scenario comparison</h1>\n<div class=\"lg\">");
	for (int r = 0; r < n; r++) {
		const char *nm = names && names[r] ? names[r] : runs[r].scenario;
		buf_printf(&b, "<span><i style=\"background:%s\"></i><b>", html_series_colour(r));
		html_esc(&b, nm);
		buf_puts(&b, "</b>");
		if (runs[r].id)
			buf_printf(&b, " run #%lld", (long long)runs[r].id);
		put_horizon(&b, &runs[r]);
		if (runs[r].created_at[0]) {
			buf_puts(&b, ", created ");
			html_esc(&b, runs[r].created_at);
		}
		if (!r && n > 1)
			buf_puts(&b, " (reference)");
		buf_puts(&b, "</span>");
	}
	buf_puts(&b, "</div>\n<h2>Key figures</h2>\n");
	if (n > 1)
		buf_puts(&b, "<p class=\"note\">Below each value: the difference against the first scenario; "
			     "green is better, red worse.</p>\n");
	if (!same_days)
		buf_puts(&b, "<p class=\"note warn\">The runs plan horizons of different length: cost, paid hours "
			     "and understaffing are totals over each run's own horizon.</p>\n");
	rpt_kpi_compare(&b, runs, names, n);
	buf_puts(&b, "<h2>By language</h2>\n");
	if (!nl) {
		buf_puts(&b, "<p class=\"note\">The runs have no coverage cells.</p>\n");
	} else {
		vu = sp_xcalloc((size_t)nl * (size_t)n, sizeof(double));
		vs = sp_xcalloc((size_t)nl * (size_t)n, sizeof(double));
		va = sp_xcalloc((size_t)nl * (size_t)n, sizeof(double));
		labels = sp_xcalloc((size_t)nl, sizeof(*labels));
		for (int l = 0; l < nl; l++) {
			for (int r = 0; r < n; r++) {
				vu[l * n + r] = ls[l].short_h[r];
				vs[l * n + r] = ls[l].arr[r] > 0 ? ls[l].slw[r] / ls[l].arr[r] : NAN;
				/* as kpi_abandon_rate: n/a without a cell that has one */
				va[l * n + r] = ls[l].ab_arr[r] < 0 ? NAN :
						ls[l].ab_arr[r] > 0 ? ls[l].ab_sum[r] / ls[l].ab_arr[r] : 0;
			}
		}
		for (int l = 0; l < nl; l++)
			labels[l] = ls[l].lang;
		buf_puts(&b, "<div class=\"row\">");
		html_svg_hbars(&b, "Understaffed agent-hours", labels, nl, vu, n, HTML_HBAR_NUM);
		html_svg_hbars(&b, "Projected service level (weighted by contacts)", labels, nl, vs, n,
			       HTML_HBAR_PCT);
		if (any_ab)
			html_svg_hbars(&b, "Projected abandon rate (Erlang A, weighted by contacts)", labels, nl, va,
				       n, HTML_HBAR_PCT_FIT);
		buf_puts(&b, "</div>\n");
	}
	buf_puts(&b, "<p class=\"note\">Generated by staffplan scenario compare.</p>\n");
	html_page_end(&b);
	st = sp_write_file(path, b.s, b.len, err);
	buf_release(&b);
	for (int l = 0; l < nl; l++) {
		free(ls[l].short_h);
		free(ls[l].arr);
		free(ls[l].slw);
		free(ls[l].ab_arr);
		free(ls[l].ab_sum);
	}
	free(ls);
	free(vu);
	free(vs);
	free(va);
	free(labels);
	return st;
}
