/* report_kpi.c - the key figures table of the report and of the comparison
 *
 * One table of definitions (label, hint, field, format, which way is
 * better) drives both pages, so they show the same figures the same way.
 * The abandon rate is there only when a run has one (Erlang A).
 */
#include "report_int.h"
#include "staffplan/html.h"
#include "staffplan/kpi.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { KF_STATUS, KF_MONEY, KF_HOURS, KF_PCT, KF_GAP, KF_AGENTS, KF_SEC };

struct kpi_def {
	const char *label, *hint;
	size_t off;   /* offset of the field in struct sp_run_kpis */
	int fmt;
	int better;   /* -1 lower is better, +1 higher is better, 0 neither */
	int optional; /* shown only when some run has a finite value */
};

#define KOFF(f) offsetof(struct sp_run_kpis, f)
static const struct kpi_def kpi_defs[] = {
	{ "Status", "optimal, feasible or time_limit", KOFF(status), KF_STATUS, 0, 0 },
	{ "Objective", "wages + understaffing and other penalties (what is minimised)", KOFF(objective), KF_MONEY, -1, 0 },
	{ "Cost", "wages including night premium", KOFF(cost), KF_MONEY, -1, 0 },
	{ "Paid hours", "sum of paid shift hours", KOFF(paid_hours), KF_HOURS, 0, 0 },
	{ "Understaffed agent-hours", "requirement the roster leaves uncovered", KOFF(understaffing_agent_hours), KF_HOURS, -1, 0 },
	{ "Coverage", "share of interval cells with demand that are fully staffed", KOFF(coverage), KF_PCT, 1, 0 },
	{ "Service level", "projected, weighted by contacts after the bot", KOFF(service_level), KF_PCT, 1, 0 },
	{ "Abandon rate", "projected share of contacts who hang up before an answer (Erlang A), weighted by contacts",
	  KOFF(abandon_rate), KF_PCT, -1, 1 },
	{ "Lower bound", "no roster can have a smaller objective", KOFF(lower_bound), KF_MONEY, 0, 0 },
	{ "Gap", "(objective \xE2\x88\x92 lower bound) / objective", KOFF(gap), KF_GAP, -1, 0 },
	{ "Agents scheduled", "with at least one shift / in the input", KOFF(agents_scheduled), KF_AGENTS, 0, 0 },
	{ "Solve seconds", "solver wall time", KOFF(solve_seconds), KF_SEC, 0, 0 },
};
#define NKPI ((int)(sizeof(kpi_defs) / sizeof(kpi_defs[0])))

static double kpi_get(const struct sp_run_kpis *k, const struct kpi_def *d)
{
	const char *p = (const char *)k + d->off;
	double v;
	int iv;

	if (d->fmt == KF_AGENTS) {
		memcpy(&iv, p, sizeof(iv));
		return iv;
	}
	if (d->fmt == KF_STATUS)
		return NAN;
	memcpy(&v, p, sizeof(v));
	return v;
}

static void kpi_status_html(struct buf *b, const char *status)
{
	const char *cls = !strcmp(status, "optimal") ? "optimal" :
			  !strcmp(status, "feasible") ? "feasible" : "other";

	buf_printf(b, "<span class=\"st st-%s\">", cls);
	html_esc(b, status[0] ? status : "unknown");
	buf_puts(b, "</span>");
}

static void kpi_value_html(struct buf *b, const struct sp_run_kpis *k, const struct kpi_def *d)
{
	char s[64];
	double v = kpi_get(k, d);

	switch (d->fmt) {
	case KF_STATUS: {
		char st[sizeof(k->status) + 1];
		memcpy(st, k->status, sizeof(k->status));
		st[sizeof(k->status)] = '\0';
		kpi_status_html(b, st);
		return;
	}
	case KF_MONEY: html_num(s, sizeof(s), v, 2); break;
	case KF_HOURS: html_num(s, sizeof(s), v, 1); break;
	case KF_PCT: html_pct(s, sizeof(s), v, 1); break;
	case KF_GAP: html_pct(s, sizeof(s), v, 2); break;
	case KF_SEC: html_num(s, sizeof(s), v, 1); break;
	case KF_AGENTS: {
		char a[32], t[32];
		snprintf(s, sizeof(s), "%s / %s", html_num(a, sizeof(a), k->agents_scheduled, 0),
			 html_num(t, sizeof(t), k->agents_total, 0));
		break;
	}
	default: s[0] = '\0';
	}
	buf_puts(b, s);
}

/* Difference of run k against base k0, coloured by whether it is better. */
static void kpi_delta_html(struct buf *b, const struct sp_run_kpis *k, const struct sp_run_kpis *k0,
			   const struct kpi_def *d)
{
	double v = kpi_get(k, d), v0 = kpi_get(k0, d), dv = v - v0;
	const char *cls = "";
	char s[160], r[48];

	if (d->fmt == KF_STATUS || !isfinite(dv))
		return;
	if (fabs(dv) < 1e-9) {
		buf_puts(b, "<span class=\"d\">\xC2\xB1" "0</span>");
		return;
	}
	if (d->better)
		cls = (dv * d->better > 0) ? " good" : " bad";
	switch (d->fmt) {
	case KF_PCT:
	case KF_GAP:
		snprintf(s, sizeof(s), "%+.*f pp", d->fmt == KF_GAP ? 2 : 1, dv * 100);
		break;
	case KF_AGENTS:
	case KF_SEC:
		html_num(r, sizeof(r), dv, d->fmt == KF_SEC ? 1 : 0);
		snprintf(s, sizeof(s), "%s%s%s", dv > 0 ? "+" : "", r, d->fmt == KF_SEC ? " s" : "");
		break;
	default:
		html_num(r, sizeof(r), dv, d->fmt == KF_MONEY ? 2 : 1);
		if (fabs(v0) > 1e-9)
			snprintf(s, sizeof(s), "%s%s (%+.1f %%)", dv > 0 ? "+" : "", r, dv / fabs(v0) * 100);
		else
			snprintf(s, sizeof(s), "%s%s", dv > 0 ? "+" : "", r);
	}
	buf_printf(b, "<span class=\"d%s\">%s</span>", cls, s);
}

/* The figures of run as the pages show them: the abandon rate from the
 * cells, so that runs stored before kpis.json had it show it too. */
static struct sp_run_kpis shown_kpis(const struct sp_run *run)
{
	struct sp_run_kpis k = run->kpis;

	k.abandon_rate = kpi_abandon_rate(run);
	return k;
}

void rpt_kpi_table(struct buf *b, const struct sp_run *run)
{
	const struct sp_run_kpis kv = shown_kpis(run), *k = &kv;
	char s[64];

	buf_puts(b, "<table class=\"kpi\">\n");
	for (int i = 0; i < NKPI; i++) {
		if (kpi_defs[i].optional && !isfinite(kpi_get(k, &kpi_defs[i])))
			continue;
		buf_printf(b, "<tr><td>%s</td><td class=\"n\">", kpi_defs[i].label);
		kpi_value_html(b, k, &kpi_defs[i]);
		buf_printf(b, "</td><td class=\"h\">%s</td></tr>\n", kpi_defs[i].hint);
	}
	if (k->preferred_off_hours > 0)
		buf_printf(b, "<tr><td>Preferred-off hours worked</td><td class=\"n\">%s</td>"
			      "<td class=\"h\">shift time overlapping a preferred day off</td></tr>\n",
			   html_num(s, sizeof(s), k->preferred_off_hours, 1));
	if (run->baseline)
		buf_printf(b, "<tr><td>Shifts changed</td><td class=\"n\">%d</td>"
			      "<td class=\"h\">added, removed or moved against run #%lld</td></tr>\n",
			   k->changes, (long long)run->baseline);
	buf_puts(b, "</table>\n");
}

void rpt_kpi_compare(struct buf *b, const struct sp_run *runs, const char *const *names, int n)
{
	struct sp_run_kpis *kv = sp_xcalloc((size_t)n + 1, sizeof(*kv));

	for (int r = 0; r < n; r++)
		kv[r] = shown_kpis(&runs[r]);
	buf_puts(b, "<table><tr><th></th>");
	for (int r = 0; r < n; r++) {
		buf_puts(b, "<th class=\"n\">");
		html_esc_width(b, names && names[r] ? names[r] : runs[r].scenario, 24);
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr>\n");
	for (int k = 0; k < NKPI; k++) {
		int any = !kpi_defs[k].optional;
		for (int r = 0; r < n && !any; r++)
			any = isfinite(kpi_get(&kv[r], &kpi_defs[k]));
		if (!any)
			continue;
		buf_printf(b, "<tr><td>%s</td>", kpi_defs[k].label);
		for (int r = 0; r < n; r++) {
			buf_puts(b, "<td class=\"n\">");
			kpi_value_html(b, &kv[r], &kpi_defs[k]);
			if (r)
				kpi_delta_html(b, &kv[r], &kv[0], &kpi_defs[k]);
			buf_puts(b, "</td>");
		}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</table>\n");
	free(kv);
}
