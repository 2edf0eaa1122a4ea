/* kpi.c - the key figures that follow from a run: coverage, service level,
 * abandon rate, paid hours, agent counts, fairness, and the figures of
 * each week of the horizon
 *
 * Fairness groups agents by contract: sorting once instead of comparing
 * every pair keeps it linear-logarithmic for 10,000 agents; sums still run
 * in agent order, so the figures do not depend on how groups are found.
 * The horizon's fairness and each week's go through the same code, on
 * per-agent figures, so a week is judged exactly like the horizon.
 */
#include "staffplan/kpi.h"

#include "staffplan/date.h"
#include "staffplan/tz.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* What fairness looks at of one agent (over the horizon or one week). */
struct afig {
	double hours;
	int nights, weekends;
};

struct member {
	const struct kpi_contract *c; /* NULL: the one group */
	int agent;
};

static int cmp_member(const void *pa, const void *pb)
{
	const struct member *a = pa, *b = pb;

	if (a->c && b->c) {
		if (a->c->min_hours != b->c->min_hours)
			return a->c->min_hours < b->c->min_hours ? -1 : 1;
		if (a->c->max_hours != b->c->max_hours)
			return a->c->max_hours < b->c->max_hours ? -1 : 1;
		if (a->c->max_days != b->c->max_days)
			return a->c->max_days < b->c->max_days ? -1 : 1;
	}
	return a->agent - b->agent;
}

static int same_contract(const struct member *a, const struct member *b)
{
	return !a->c || (a->c->min_hours == b->c->min_hours && a->c->max_hours == b->c->max_hours &&
			 a->c->max_days == b->c->max_days);
}

/* Spread of hours, nights and weekends inside one group. */
struct spread {
	double hmin, hmax, sum, sq;
	int nmin, nmax, wmin, wmax, cnt;
};

static void fairness(int n, const struct afig *fig, const struct kpi_contract *contract,
		     struct sp_fairness *fa)
{
	int nm = 0;
	struct member *m = sp_xcalloc((size_t)n + 1, sizeof(*m));
	int *group = sp_xcalloc((size_t)n + 1, sizeof(*group)); /* first member's index */
	struct spread *g = sp_xcalloc((size_t)n + 1, sizeof(*g));
	double worst = -1;

	memset(fa, 0, sizeof(*fa));
	for (int a = 0; a < n; a++) {
		const struct kpi_contract *c = contract ? &contract[a] : NULL;

		group[a] = -1;
		if (c && (isnan(c->min_hours) || isnan(c->max_hours)))
			continue;
		m[nm++] = (struct member){ c, a };
	}
	qsort(m, (size_t)nm, sizeof(*m), cmp_member);
	for (int k = 0; k < nm; k++)
		group[m[k].agent] = k && same_contract(&m[k - 1], &m[k]) ? group[m[k - 1].agent]
									 : m[k].agent;
	for (int a = 0; a < n; a++) {
		const struct afig *ra = &fig[a];
		struct spread *s;

		if (group[a] < 0)
			continue;
		s = &g[group[a]];
		if (!s->cnt) {
			s->hmin = HUGE_VAL;
			s->hmax = -HUGE_VAL;
			s->nmin = s->wmin = 1 << 30;
		}
		s->hmin = fmin(s->hmin, ra->hours);
		s->hmax = fmax(s->hmax, ra->hours);
		s->sum += ra->hours;
		s->sq += ra->hours * ra->hours;
		s->nmin = ra->nights < s->nmin ? ra->nights : s->nmin;
		s->nmax = ra->nights > s->nmax ? ra->nights : s->nmax;
		s->wmin = ra->weekends < s->wmin ? ra->weekends : s->wmin;
		s->wmax = ra->weekends > s->wmax ? ra->weekends : s->wmax;
		s->cnt++;
	}
	/* groups in the order of their first agent: the first widest wins */
	for (int a = 0; a < n; a++) {
		const struct spread *s = &g[a];
		double mean;

		if (group[a] != a || s->hmax - s->hmin <= worst)
			continue;
		worst = s->hmax - s->hmin;
		mean = s->sum / s->cnt;
		fa->hours_min = s->hmin;
		fa->hours_max = s->hmax;
		fa->hours_stddev = sqrt(fmax(0, s->sq / s->cnt - mean * mean));
		fa->nights_min = s->nmin;
		fa->nights_max = s->nmax;
		fa->weekends_min = s->wmin;
		fa->weekends_max = s->wmax;
	}
	free(m);
	free(group);
	free(g);
}

double kpi_abandon_rate(const struct sp_run *run)
{
	double w = 0, sum = 0;
	int have = 0;

	for (int i = 0; i < run->ncells; i++) {
		const struct sp_run_cell *c = &run->cells[i];

		if (!isfinite(c->abandon_rate))
			continue;
		have = 1;
		if (c->arrivals > 0) {
			w += c->arrivals;
			sum += c->arrivals * c->abandon_rate;
		}
	}
	if (!have)
		return NAN;
	return w > 0 ? sum / w : 0.0;
}

void kpi_from_run(struct sp_run *run, const struct kpi_contract *contract)
{
	struct sp_run_kpis *k = &run->kpis;
	double sl_w = 0, sl_sum = 0;
	int pos = 0, full = 0;

	for (int i = 0; i < run->ncells; i++) {
		const struct sp_run_cell *c = &run->cells[i];

		if (c->required > 1e-9) {
			pos++;
			full += c->understaffed <= 1e-6;
		}
		sl_w += c->arrivals;
		sl_sum += c->arrivals * c->service_level;
	}
	k->coverage = pos ? (double)full / pos : 1.0;
	k->service_level = sl_w > 0 ? sl_sum / sl_w : 1.0;
	k->abandon_rate = kpi_abandon_rate(run);
	k->paid_hours = 0;
	for (int i = 0; i < run->nshifts; i++)
		k->paid_hours += run->shifts[i].paid_minutes / 60.0;
	k->agents_total = run->nagents;
	k->agents_scheduled = 0;
	for (int a = 0; a < run->nagents; a++)
		k->agents_scheduled += run->agents[a].shifts > 0;
	struct afig *fig = sp_xcalloc((size_t)run->nagents + 1, sizeof(*fig));
	for (int a = 0; a < run->nagents; a++)
		fig[a] = (struct afig){ run->agents[a].hours, run->agents[a].nights, run->agents[a].weekends };
	fairness(run->nagents, fig, contract, &k->fairness);
	free(fig);
}

/* ---------------------------------------------------------------- weeks */

int kpi_nweeks(const struct sp_run *run)
{
	return run->ndays > 7 ? (run->ndays + 6) / 7 : 1;
}

/* Does [m0, m0 + len) (local minutes after midnight) meet a night of the
 * window that starts at minute night0 and lasts nightlen minutes? */
static int in_night(int night0, int nightlen, long m0, long len)
{
	if (nightlen <= 0)
		return 0;
	for (long k = -1; night0 + 1440 * k < m0 + len; k++) {
		long lo = night0 + 1440 * k, hi = lo + nightlen;
		if (lo < m0 + len && hi > m0)
			return 1;
	}
	return 0;
}

/* Paid segment [a, b) of a shift at night?  Read on the local clock at a:
 * a segment across a clock change keeps a's offset, which can move the
 * night's edge by that hour on that one night. */
static int seg_night(const struct sp_tz *tz, int night0, int nightlen, time_t a, time_t b)
{
	struct sp_local l;

	if (b <= a)
		return 0;
	sp_tz_local(tz, a, &l);
	return in_night(night0, nightlen, l.hour * 60L + l.min, (long)(b - a) / 60);
}

void kpi_classify_shifts(const struct sp_run *run, struct kpi_shift *ks)
{
	struct sp_tz tz;
	struct sp_local l;
	int night0 = run->night_start;
	int nightlen = ((run->night_end - run->night_start) % 1440 + 1440) % 1440;
	long d0 = 0;

	if (!run->site_tz[0] || sp_tz_init(&tz, run->site_tz, NULL) != SP_OK)
		sp_tz_init(&tz, "UTC", NULL);
	if (run->ndays > 0) {
		sp_tz_local(&tz, run->horizon_start, &l);
		d0 = sp_days_from_civil(l.year, l.month, l.day);
	}
	for (int i = 0; i < run->nshifts; i++) {
		const struct sp_run_shift *s = &run->shifts[i];
		struct kpi_shift *k = &ks[i];
		long day;
		int brk = s->brk_end > s->brk_start && s->brk_start > s->start;

		if (sp_date_parse(s->date, &day) != 0) {
			sp_tz_local(&tz, s->start, &l);
			day = sp_days_from_civil(l.year, l.month, l.day);
		}
		k->weekend = sp_weekday(day) >= 5;
		k->day = run->ndays > 0 && day >= d0 && day - d0 < run->ndays ? (int)(day - d0) : -1;
		k->week = k->day >= 0 ? k->day / 7 : -1;
		if (brk)
			k->night = (unsigned char)(seg_night(&tz, night0, nightlen, s->start, s->brk_start) |
						   seg_night(&tz, night0, nightlen, s->brk_end, s->end));
		else
			k->night = (unsigned char)seg_night(&tz, night0, nightlen, s->start, s->end);
	}
}

/* An agent's id and index, sorted by id to find a shift's agent. */
struct idref {
	const char *id;
	int agent;
};

static int cmp_idref(const void *pa, const void *pb)
{
	const struct idref *a = pa, *b = pb;

	return strcmp(a->id, b->id);
}

void kpi_agent_weeks(const struct sp_run *run, struct kpi_week *aw)
{
	int nw = kpi_nweeks(run), n = run->nagents;
	struct idref *ids = sp_xcalloc((size_t)n + 1, sizeof(*ids));
	struct kpi_shift *ks = sp_xcalloc((size_t)run->nshifts + 1, sizeof(*ks));

	memset(aw, 0, (size_t)n * (size_t)nw * sizeof(*aw));
	for (int a = 0; a < n; a++)
		ids[a] = (struct idref){ run->agents[a].id ? run->agents[a].id : "", a };
	qsort(ids, (size_t)n, sizeof(*ids), cmp_idref);
	kpi_classify_shifts(run, ks);
	for (int i = 0; i < run->nshifts; i++) {
		const struct sp_run_shift *s = &run->shifts[i];
		struct idref key = { s->agent_id ? s->agent_id : "", 0 }, *hit;
		struct kpi_week *w;

		if (ks[i].week < 0 || ks[i].week >= nw || !n)
			continue;
		hit = bsearch(&key, ids, (size_t)n, sizeof(*ids), cmp_idref);
		if (!hit)
			continue;
		w = &aw[(size_t)hit->agent * (size_t)nw + (size_t)ks[i].week];
		w->hours += s->paid_minutes / 60.0;
		w->shifts++;
		w->nights += ks[i].night;
		w->weekends += ks[i].weekend;
	}
	free(ks);
	free(ids);
}

void kpi_fairness_weeks(const struct sp_run *run, const struct kpi_contract *contract,
			struct sp_fairness *fw)
{
	int nw = kpi_nweeks(run), n = run->nagents;
	struct kpi_week *aw = sp_xcalloc((size_t)n * (size_t)nw + 1, sizeof(*aw));
	struct afig *fig = sp_xcalloc((size_t)n + 1, sizeof(*fig));

	kpi_agent_weeks(run, aw);
	for (int w = 0; w < nw; w++) {
		for (int a = 0; a < n; a++) {
			const struct kpi_week *x = &aw[(size_t)a * (size_t)nw + (size_t)w];
			fig[a] = (struct afig){ x->hours, x->nights, x->weekends };
		}
		fairness(n, fig, contract, &fw[w]);
	}
	free(fig);
	free(aw);
}
