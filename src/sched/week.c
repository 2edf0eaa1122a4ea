/* week.c - one agent's best week at given column earnings
 *
 * Both the Lagrangian (lagrange.c: an agent class's week at the current
 * prices) and the local search (search_move.c: an agent's week re-planned
 * against the rest of the roster) ask the same question: given what each
 * column earns, which week of shifts earns most net of its cost within
 * max_hours, min_hours, max_days and the days-off rule?  Per day only the
 * best column of each paid length can be part of the answer, so a dynamic
 * programme over days with state (hours, days worked, days-off run) solves
 * it exactly.  Rest and consecutive-day limits are not in the state:
 * week_fix_rest repairs a week afterwards where the caller needs a valid
 * one (the Lagrangian needs the relaxation).
 */
#include "sched_int.h"
#include "staffplan/text.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct week_dp {
	const struct sched *s;
	int unit;               /* minutes: every paid length is a multiple */
	int *col_len;           /* [col]: index into the shift lengths */
	double *colh;           /* [col]: paid hours, night premium included */
	int nlen, len_units[SP_MAX_LENGTHS];
	int lmin, lmax;         /* shortest and longest length, in units */
	int nst, H, D, O;       /* states: hours units x days x off-run */
	double *V;              /* [(ndays + 1) * nst] */
	int *from;              /* [ndays * nst]: predecessor state */
	signed char *pick;      /* [ndays * nst]: length index, -1 off */
	double *bestv;          /* [ndays * nlen] */
	int *bestj;
	/* week_prepare: per day and length x = d*nlen + li, its columns by
	 * paid hours (night premium included), then index (byh[byh0[x] ..
	 * byh0[x+1]]), and those that can be the best at some wage for the
	 * earnings prepared (cand[cand0[x] .. cand0[x+1]], by index) */
	int *byh0, *byh, *cand0, *cand;
	const double *colv;     /* the earnings prepared, NULL none */
	unsigned char *full;    /* [agent*ndays + d]: a column of day d is
				 * blocked for the agent or overlaps its
				 * preferred time off, so that day is priced
				 * over every column */
};

struct hcol {
	double h;
	int j;
};

static int hcol_cmp(const void *pa, const void *pb)
{
	const struct hcol *a = pa, *b = pb;

	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	return a->j - b->j;
}

/* The columns of each day and length by paid hours, and the days on
 * which the candidates of week_prepare do not serve an agent. */
static void index_columns(struct week_dp *W)
{
	const struct sched *s = W->s;
	int X = s->ndays * W->nlen;
	struct hcol *hc = sp_xmalloc(((size_t)s->ncols + 1) * sizeof(*hc));

	W->byh0 = sp_xcalloc((size_t)X + 1, sizeof(int));
	W->byh = sp_xmalloc(((size_t)s->ncols + 1) * sizeof(int));
	W->cand0 = sp_xcalloc((size_t)X + 1, sizeof(int));
	W->cand = sp_xmalloc(((size_t)s->ncols + 1) * sizeof(int));
	for (int j = 0; j < s->ncols; j++)
		W->byh0[s->cols[j].day * W->nlen + W->col_len[j] + 1]++;
	for (int x = 0; x < X; x++)
		W->byh0[x + 1] += W->byh0[x];
	int *fill = sp_xcalloc((size_t)X + 1, sizeof(int));
	for (int j = 0; j < s->ncols; j++) {
		int x = s->cols[j].day * W->nlen + W->col_len[j];
		hc[W->byh0[x] + fill[x]++] = (struct hcol){ W->colh[j], j };
	}
	for (int x = 0; x < X; x++)
		qsort(hc + W->byh0[x], (size_t)(W->byh0[x + 1] - W->byh0[x]), sizeof(*hc), hcol_cmp);
	for (int j = 0; j < s->ncols; j++)
		W->byh[j] = hc[j].j;
	free(fill);
	free(hc);
	W->full = sp_xcalloc((size_t)s->in->nagents * s->ndays + 1, 1);
	for (int a = 0; a < s->in->nagents; a++)
		for (int j = 0; j < s->ncols; j++)
			if (sched_blocked(s, a, j) || sched_pref_hours(s, a, j) > 0)
				W->full[(size_t)a * s->ndays + s->cols[j].day] = 1;
}

struct week_dp *week_dp_create(const struct sched *s)
{
	const struct sp_config *cfg = &s->in->cfg;
	struct week_dp *W = sp_xcalloc(1, sizeof(*W));

	W->s = s;
	W->col_len = sp_xmalloc(((size_t)s->ncols + 1) * sizeof(int));
	W->colh = sp_xmalloc(((size_t)s->ncols + 1) * sizeof(double));
	for (int j = 0; j < s->ncols; j++) {
		W->colh[j] = s->cols[j].wage_h;
		int li;
		for (li = 0; li < W->nlen && W->len_units[li] != s->cols[j].paid_min; li++)
			;
		if (li == W->nlen)
			W->len_units[W->nlen++] = s->cols[j].paid_min;
		W->col_len[j] = li;
		W->unit = sp_gcd(W->unit, s->cols[j].paid_min);
	}
	if (W->unit == 0)
		W->unit = 60;
	W->lmin = W->nlen ? INT_MAX : 0;
	for (int li = 0; li < W->nlen; li++) {
		W->len_units[li] /= W->unit;
		W->lmin = W->len_units[li] < W->lmin ? W->len_units[li] : W->lmin;
		W->lmax = W->len_units[li] > W->lmax ? W->len_units[li] : W->lmax;
	}
	/* the largest week any agent may work, in units */
	double maxh = 0;
	int maxd = 0;
	for (int a = 0; a < s->in->nagents; a++) {
		maxh = fmax(maxh, s->in->agents[a].max_hours);
		maxd = s->in->agents[a].max_days > maxd ? s->in->agents[a].max_days : maxd;
	}
	W->H = (int)floor(maxh * 60 / W->unit + 1e-9) + 1;
	W->D = (maxd < s->ndays ? maxd : s->ndays) + 1;
	int k = cfg->min_consecutive_days_off;
	W->O = k > 0 && k <= s->ndays ? k + 1 : 1;
	W->nst = W->H * W->D * W->O;
	W->V = sp_xmalloc(((size_t)s->ndays + 1) * W->nst * sizeof(double));
	W->from = sp_xmalloc(((size_t)s->ndays + 1) * W->nst * sizeof(int));
	W->pick = sp_xmalloc(((size_t)s->ndays + 1) * W->nst);
	W->bestv = sp_xmalloc(((size_t)s->ndays + 1) * (W->nlen + 1) * sizeof(double));
	W->bestj = sp_xmalloc(((size_t)s->ndays + 1) * (W->nlen + 1) * sizeof(int));
	return W;
}

void week_dp_destroy(struct week_dp *W)
{
	if (!W)
		return;
	free(W->col_len);
	free(W->colh);
	free(W->V);
	free(W->from);
	free(W->pick);
	free(W->bestv);
	free(W->bestj);
	free(W->byh0);
	free(W->byh);
	free(W->cand0);
	free(W->cand);
	free(W->full);
	free(W);
}

void week_prepare(struct week_dp *W, const double *colv)
{
	int X = W->s->ndays * W->nlen, n = 0;

	if (!W->byh0)
		index_columns(W); /* once, and only where week_prepare is used */
	/* At a wage w >= 0 column j costs w * colh[j] - colv[j]: one with no
	 * more paid hours and no less earnings is as good at every wage, so
	 * along the columns by hours only those earning more than all before
	 * them can be the best, and among equals the first by index, which is
	 * the one a scan of every column keeps. */
	for (int x = 0; x < X; x++) {
		int first = n;
		double most = -HUGE_VAL;
		W->cand0[x] = n;
		for (int p = W->byh0[x]; p < W->byh0[x + 1];) {
			int q = p, bj = W->byh[p];
			for (; q < W->byh0[x + 1] && W->colh[W->byh[q]] == W->colh[W->byh[p]]; q++)
				if (colv[W->byh[q]] > colv[bj])
					bj = W->byh[q];
			if (colv[bj] > most) {
				most = colv[bj];
				W->cand[n++] = bj;
			}
			p = q;
		}
		/* by index, as a scan of every column meets them */
		for (int i = first + 1; i < n; i++)
			for (int m = i; m > first && W->cand[m - 1] > W->cand[m]; m--) {
				int t = W->cand[m];
				W->cand[m] = W->cand[m - 1];
				W->cand[m - 1] = t;
			}
	}
	W->cand0[X] = n;
	W->colv = colv;
}

/* The best column of each day and length for agent a (bestv, bestj): of
 * the candidates on the days they serve a (prepared), else of every
 * column. */
static void best_columns(struct week_dp *W, int a, const double *colv, int prepared)
{
	const struct sched *s = W->s;
	const struct sp_config *cfg = &s->in->cfg;
	const struct sp_agent *ag = &s->in->agents[a];
	int nl = W->nlen;
	int own = s->pref_h[a] || s->base_col;

	for (int d = 0; d < s->ndays; d++) {
		int cands = prepared && !W->full[(size_t)a * s->ndays + d];
		for (int li = 0; li < nl; li++) {
			int x = d * nl + li;
			W->bestv[x] = HUGE_VAL;
			W->bestj[x] = -1;
			if (!cands)
				continue;
			for (int p = W->cand0[x]; p < W->cand0[x + 1]; p++) {
				int j = W->cand[p];
				double v = ag->cost_per_hour * W->colh[j] - colv[j];
				if (v < W->bestv[x]) {
					W->bestv[x] = v;
					W->bestj[x] = j;
				}
			}
		}
		if (cands)
			continue;
		for (int j = s->day_first[d]; j < s->day_first[d + 1]; j++) {
			if (sched_blocked(s, a, j))
				continue;
			double v = ag->cost_per_hour * W->colh[j] - colv[j];
			if (own)
				v += cfg->preferred_off_penalty * sched_pref_hours(s, a, j) +
				     cfg->change_penalty * sched_change(s, a, d, j);
			int x = d * nl + W->col_len[j];
			if (v < W->bestv[x]) {
				W->bestv[x] = v;
				W->bestj[x] = j;
			}
		}
	}
}

/* The dynamic programme over days, from the best columns. */
static double best_week(struct week_dp *W, int a, int *week)
{
	const struct sched *s = W->s;
	const struct sp_config *cfg = &s->in->cfg;
	const struct sp_agent *ag = &s->in->agents[a];
	int nd = s->ndays, nl = W->nlen, H = W->H, D = W->D, O = W->O, k = O - 1;
	int hmax = (int)floor(ag->max_hours * 60 / W->unit + 1e-9);
	int hmin = (int)ceil(ag->min_hours * 60 / W->unit - 1e-9);
	int dmax = ag->max_days < D - 1 ? ag->max_days : D - 1;
	double off_pen[64];

	if (hmax > H - 1)
		hmax = H - 1;
	for (int d = 0; d < nd; d++)
		off_pen[d] = cfg->change_penalty * sched_change(s, a, d, -1);
	/* After d days a week has worked n <= d of them, and between n times
	 * the shortest and n times the longest length: only those states are
	 * set and read (on bench L 46 of the 126 (hours, days) pairs). */
	double *V = W->V;
	V[0] = 0; /* no hours, no days, off run 0 (or satisfied when k = 0) */
	for (int o = 1; o < O; o++)
		V[o] = HUGE_VAL;
	for (int d = 0; d < nd; d++) {
		double *cur = &V[(size_t)d * W->nst], *nxt = cur + W->nst;
		int *from = &W->from[(size_t)d * W->nst];
		signed char *pick = &W->pick[(size_t)d * W->nst];
		int nmax = d < dmax ? d : dmax;
		for (int n = 0; n <= (d + 1 < dmax ? d + 1 : dmax); n++)
			for (int h = n * W->lmin; h <= n * W->lmax && h <= hmax; h++)
				for (int o = 0; o < O; o++)
					nxt[(h * D + n) * O + o] = HUGE_VAL;
		for (int n = 0; n <= nmax; n++)
			for (int h = n * W->lmin; h <= n * W->lmax && h <= hmax; h++)
				for (int o = 0; o < O; o++) {
					int i = (h * D + n) * O + o;
					double v = cur[i];
					if (v == HUGE_VAL)
						continue;
					/* off */
					int o2 = o == k ? k : o + 1;
					int i2 = (h * D + n) * O + o2;
					if (v + off_pen[d] < nxt[i2]) {
						nxt[i2] = v + off_pen[d];
						from[i2] = i;
						pick[i2] = -1;
					}
					if (n == dmax)
						continue;
					o2 = o == k ? k : 0;
					for (int li = 0; li < nl; li++) {
						double w = W->bestv[d * nl + li];
						int h2 = h + W->len_units[li];
						if (w == HUGE_VAL || h2 > hmax)
							continue;
						i2 = (h2 * D + n + 1) * O + o2;
						if (v + w < nxt[i2]) {
							nxt[i2] = v + w;
							from[i2] = i;
							pick[i2] = (signed char)li;
						}
					}
				}
	}
	const double *last = &V[(size_t)nd * W->nst];
	double best = HUGE_VAL;
	int bi = -1;
	for (int n = 0; n <= (nd < dmax ? nd : dmax); n++)
		for (int h = n * W->lmin; h <= n * W->lmax && h <= hmax; h++) {
			if (h < hmin && !(ag->hypothetical && n == 0))
				continue;
			int i = (h * D + n) * O + k;
			double v = last[i] + (ag->hypothetical && n > 0 ? cfg->hire_cost_per_week : 0);
			if (v < best) {
				best = v;
				bi = i;
			}
		}
	for (int d = nd - 1; d >= 0; d--) {
		if (bi < 0) {
			week[d] = -1;
			continue;
		}
		int li = W->pick[(size_t)d * W->nst + bi];
		week[d] = li < 0 ? -1 : W->bestj[d * nl + li];
		bi = W->from[(size_t)d * W->nst + bi];
	}
	return best;
}

double week_best(struct week_dp *W, int a, const double *colv, int *week)
{
	best_columns(W, a, colv, 0);
	return best_week(W, a, week);
}

double week_best_prepared(struct week_dp *W, int a, int *week)
{
	/* a baseline prices every column of every day */
	best_columns(W, a, W->colv, !W->s->base_col && W->s->in->agents[a].cost_per_hour >= 0);
	return best_week(W, a, week);
}

void week_fix_rest(const struct sched *s, int a, const double *colv, int *week)
{
	int prev = -1;

	for (int d = 0; d < s->ndays; d++) {
		int j = week[d];
		if (j < 0)
			continue;
		if (prev >= 0 && s->cols[j].start < s->cols[prev].end + s->rest_s) {
			double bv = HUGE_VAL;
			int bj = -1;
			for (int x = s->day_first[d]; x < s->day_first[d + 1]; x++) {
				if (s->cols[x].paid_min != s->cols[j].paid_min || sched_blocked(s, a, x) ||
				    s->cols[x].start < s->cols[prev].end + s->rest_s)
					continue;
				double v = sched_col_cost(s, a, x) - colv[x];
				if (v < bv) {
					bv = v;
					bj = x;
				}
			}
			week[d] = j = bj;
		}
		if (j >= 0)
			prev = j;
	}
}
