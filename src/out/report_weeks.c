/* report_weeks.c - the key figures of each week of a several-week horizon
 *
 * A plan of 2 to 6 weeks (SPEC 7) is judged week by week too: the weekly
 * contract rules apply per week and a bad week hides in a good horizon
 * total.  The figures follow the definitions of the horizon's (kpi.h):
 * coverage over cells with a requirement, service level and abandon rate
 * weighted by contacts.  Shifts count in the week of their date.
 */
#include "report_int.h"

#include "staffplan/html.h"
#include "staffplan/kpi.h"

#include <math.h>
#include <stdlib.h>

struct wsum {
	double paid_h, short_h;
	int cells, full;           /* cells with a requirement, fully staffed */
	double arr, slw;           /* arrivals, arrivals x service level */
	double ab_arr, ab_sum;     /* the same for the cells with an abandon rate */
	int ab_cells, agents;
};

void rpt_week_table(struct buf *b, const struct sp_run *run, const struct rpt_clock *c)
{
	const int nw = c->nweeks, na = run->nagents;
	struct wsum *ws;
	struct kpi_week *aw;
	struct kpi_shift *ks;
	double hfac = (double)c->step / 3600.0;
	int any_ab = 0, kw = kpi_nweeks(run);
	char s[5][32], lab[64];

	if (nw < 2)
		return;
	ws = sp_xcalloc((size_t)nw, sizeof(*ws));
	for (int i = 0; i < run->ncells; i++) {
		const struct sp_run_cell *cl = &run->cells[i];
		int t = rpt_clock_index(c, cl->start);
		struct wsum *w;

		if (t < 0)
			continue;
		w = &ws[c->iday[t] / 7 < nw ? c->iday[t] / 7 : nw - 1];
		if (cl->required > 1e-9) {
			w->cells++;
			w->full += cl->understaffed <= 1e-6;
		}
		if (cl->understaffed > 0)
			w->short_h += cl->understaffed * hfac;
		if (cl->arrivals > 0 && isfinite(cl->service_level)) {
			w->arr += cl->arrivals;
			w->slw += cl->arrivals * cl->service_level;
		}
		if (isfinite(cl->abandon_rate)) {
			w->ab_cells++;
			any_ab = 1;
			if (cl->arrivals > 0) {
				w->ab_arr += cl->arrivals;
				w->ab_sum += cl->arrivals * cl->abandon_rate;
			}
		}
	}
	ks = sp_xcalloc((size_t)run->nshifts + 1, sizeof(*ks));
	kpi_classify_shifts(run, ks);
	for (int i = 0; i < run->nshifts; i++)
		if (ks[i].week >= 0 && ks[i].week < nw)
			ws[ks[i].week].paid_h += run->shifts[i].paid_minutes / 60.0;
	free(ks);
	/* agents working: the kpi weeks are the clock's when the run names its
	 * horizon, which every run with several weeks does */
	aw = sp_xcalloc((size_t)na * (size_t)kw + 1, sizeof(*aw));
	kpi_agent_weeks(run, aw);
	for (int a = 0; a < na; a++)
		for (int w = 0; w < kw && w < nw; w++)
			ws[w].agents += aw[(size_t)a * (size_t)kw + (size_t)w].shifts > 0;
	free(aw);

	buf_puts(b, "<h3 style=\"margin-top:12px\">Week by week</h3>\n<table class=\"wkt\"><tr><th>week</th>"
		    "<th class=\"n\">paid h</th><th class=\"n\" title=\"agents with a shift in the week\">agents</th>"
		    "<th class=\"n\" title=\"understaffed agent-hours\">short</th><th class=\"n\">coverage</th>"
		    "<th class=\"n\" title=\"projected service level\">SL</th>");
	if (any_ab)
		buf_puts(b, "<th class=\"n\" title=\"projected share of contacts who hang up (Erlang A)\">abandon</th>");
	buf_puts(b, "</tr>\n");
	for (int w = 0; w < nw; w++) {
		const struct wsum *x = &ws[w];
		rpt_week_dates(c, w, lab, sizeof(lab));
		buf_printf(b, "<tr><td>%d \xC2\xB7 %s</td><td class=\"n\">%s</td><td class=\"n\">%d</td>"
			      "<td class=\"n%s\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>",
			   w + 1, lab, html_num(s[0], sizeof(s[0]), x->paid_h, 1), x->agents,
			   x->short_h >= 0.05 ? " bad" : "", html_num(s[1], sizeof(s[1]), x->short_h, 1),
			   html_pct(s[2], sizeof(s[2]), x->cells ? (double)x->full / x->cells : 1.0, 1),
			   html_pct(s[3], sizeof(s[3]), x->arr > 0 ? x->slw / x->arr : 1.0, 1));
		if (any_ab)
			buf_printf(b, "<td class=\"n\">%s</td>",
				   x->ab_cells ? html_pct(s[4], sizeof(s[4]), x->ab_arr > 0 ? x->ab_sum / x->ab_arr : 0, 1)
					       : "\xE2\x80\x93");
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</table>\n<p class=\"note\">Short: understaffed agent-hours. Shifts count in the week "
		    "they start.</p>\n");
	free(ws);
}
