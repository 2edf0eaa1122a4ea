/* kpi.c - the key figures that follow from a run: coverage, service level,
 * paid hours, agent counts, fairness
 *
 * Fairness groups agents by contract: sorting once instead of comparing
 * every pair keeps it linear-logarithmic for 10,000 agents; sums still run
 * in agent order, so the figures do not depend on how groups are found.
 */
#include "staffplan/kpi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static void fairness(const struct sp_run *run, const struct kpi_contract *contract,
		     struct sp_fairness *fa)
{
	int n = run->nagents, nm = 0;
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
		const struct sp_run_agent *ra = &run->agents[a];
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
	k->paid_hours = 0;
	for (int i = 0; i < run->nshifts; i++)
		k->paid_hours += run->shifts[i].paid_minutes / 60.0;
	k->agents_total = run->nagents;
	k->agents_scheduled = 0;
	for (int a = 0; a < run->nagents; a++)
		k->agents_scheduled += run->agents[a].shifts > 0;
	fairness(run, contract, &k->fairness);
}
