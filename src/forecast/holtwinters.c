/* holtwinters.c - double seasonal Holt-Winters (Taylor 2003), multiplicative
 *
 * y = level x daily index (period: one day of slots) x weekly index
 * (period: a week of slots), updated interval by interval.  Intervals
 * without data (missing days, excluded days, the spring DST gap) leave
 * the state as it is.  A slot whose expected value is zero (closed) does
 * not move the level.  Taylor's AR(1) error correction is left out: at a
 * lead of days its effect has died away (phi^T is nil).
 *
 * Taylor's index updates divide the observation by the other index
 * (y / (L W) for the daily one).  In a sparse series (a ticket log of 0
 * to 4 contacts an hour) that index is often tiny, or zero until a slot
 * first opens, and one contact then made the daily index, and with it
 * every other weekday's forecast of the slot, explode (604 million
 * contacts in an hour).  Here each index is multiplied instead by the
 * ratio of observed to expected contacts with HW_PRIOR pseudo-contacts on
 * both sides, (a + y) / (a + e): the posterior mean of the multiplier of
 * a Poisson rate under a Gamma(a, a) prior.  Where e is large that is
 * Taylor's y / e (busy series fit as before); where e is small an
 * observation moves the index only in proportion to e / (a + e), and one
 * step never more than by the factor 1 + y / a, whatever the level and
 * the other index are.  An initial index with no contact behind it is
 * the same shrunk ratio, a / (a + e), not zero, so no update needs to
 * divide by the level or an index to open a slot.
 *
 * The smoothing parameters are fitted on the last weeks of the training
 * data by least absolute error of the forecast made a week earlier (the
 * lead the backtest and the plan use), over a coarse grid refined by a
 * coordinate search.
 */
#include "fc_int.h"

#include <stdlib.h>
#include <string.h>

#define HW_EPS 1e-9
#define HW_INIT_DAYS 14   /* days that set the initial state */
#define HW_FIT_DAYS 84    /* days scored when fitting (after the initial ones) */
#define HW_CLIP 0.3
#define HW_PRIOR 1.0      /* pseudo-contacts of the index ratios (see above) */

struct hw_par {
	double a, d, w; /* level per day, daily index, weekly index */
};

struct hw {
	int T;
	double alpha;     /* level per interval */
	double dbar;      /* mean daily index of the open slots */
	double dsum;      /* the daily indices' sum, kept (hw_norm) */
	struct hw_par p;
	double L;
	double *D, *W;    /* T, 7T */
};

static void hw_alloc(struct hw *h, int T)
{
	memset(h, 0, sizeof(*h));
	h->T = T;
	h->D = sp_xcalloc((size_t)T, sizeof(double));
	h->W = sp_xcalloc((size_t)T * 7, sizeof(double));
}

static void hw_free(struct hw *h)
{
	free(h->D);
	free(h->W);
}

/* The initial state from the days from .. from + HW_INIT_DAYS - 1 (before
 * end): mean per weekly phase, split into level, daily and weekly
 * indices, each the shrunk ratio of contacts seen to contacts expected
 * (a slot without contacts gets a small index, not zero).  Returns the
 * number of slots of a day that had contacts (for alpha). */
static int hw_init(struct hw *h, const struct fc_series *s, int from, int end)
{
	int T = h->T, open = 0;
	double *sum = sp_xcalloc((size_t)T * 7, sizeof(double));
	int *cnt = sp_xcalloc((size_t)T * 7, sizeof(int));
	double tot = 0;
	long ntot = 0;

	for (int d = from; d < end && d < from + HW_INIT_DAYS; d++)
		for (int j = 0; j < T; j++) {
			double v = fc_fit(s, d, j);
			if (isnan(v))
				continue;
			sum[(d % 7) * T + j] += v;
			cnt[(d % 7) * T + j]++;
		}
	for (int p = 0; p < 7 * T; p++)
		if (cnt[p]) {
			sum[p] /= cnt[p];
			tot += sum[p];
			ntot++;
		}
	h->L = ntot ? tot / (double)ntot : 0;
	h->dsum = 0;
	for (int j = 0; j < T; j++) {
		double m = 0;
		int k = 0;
		for (int w = 0; w < 7; w++)
			if (cnt[w * T + j]) {
				m += sum[w * T + j];
				k++;
			}
		h->D[j] = (m + HW_PRIOR) / (k * h->L + HW_PRIOR);
		open += m > 0;
		h->dsum += h->D[j];
	}
	if (!open)
		open = T;
	h->dbar = h->dsum / open;
	for (int p = 0; p < 7 * T; p++)
		h->W[p] = cnt[p] ? (sum[p] + HW_PRIOR) / (h->D[p % T] * h->L + HW_PRIOR) : 1;
	free(sum);
	free(cnt);
	return open;
}

/* One observation y of day d, slot j.  The level moves by the error in
 * contacts (not by y / expected, whose noise explodes in quiet slots), and
 * an observation far outside what was expected (a holiday, an outage)
 * counts only as far as 30 % plus three Poisson deviations off.  The
 * indices move by the shrunk ratio of the file's comment, against the
 * moved level as Taylor's y / (L W) is. */
static inline void hw_step(struct hw *h, int d, int j, double y)
{
	int p = (d % 7) * h->T + j;
	double D = h->D[j], W = h->W[p], L = h->L, e = L * D * W, band, r;

	if (L <= HW_EPS)
		return; /* no contact in the first days: nothing to scale */
	band = HW_CLIP * e + 3 * sqrt(e);
	y = y < e - band ? e - band : y > e + band ? e + band : y;
	if (y < 0)
		y = 0;
	L += h->alpha * (y - e) / h->dbar;
	if (L <= HW_EPS)
		return;
	h->L = L;
	r = (HW_PRIOR + y) / (HW_PRIOR + L * D * W) - 1;
	h->D[j] = D * (1 + h->p.d * r);
	h->W[p] = W * (1 + h->p.w * r);
}

/* Level and indices are only defined up to a factor (L x D x W is what
 * counts), and nothing in the updates keeps the daily indices' sum where
 * it started, while the level's update divides by their initial mean
 * dbar: as the sum drifts, the level over- or under-reacts.  Rescaling D
 * to its initial sum and L the other way changes no forecast (Archibald
 * and Koehler 2003) and keeps dbar their mean (without it the 1999 bank
 * series' 8-week backtest WAPE was 0.215 instead of 0.210). */
static void hw_norm(struct hw *h)
{
	double sum = 0, c;

	for (int j = 0; j < h->T; j++)
		sum += h->D[j];
	if (h->dsum > HW_EPS && (c = sum / h->dsum) > HW_EPS) {
		for (int j = 0; j < h->T; j++)
			h->D[j] /= c;
		h->L *= c;
	}
}

static void hw_day(struct hw *h, const struct fc_series *s, int d)
{
	for (int j = 0; j < h->T; j++) {
		double v = fc_fit(s, d, j);
		if (!isnan(v))
			hw_step(h, d, j, v);
	}
	hw_norm(h);
}

static void hw_setpar(struct hw *h, struct hw_par p, int open)
{
	h->p = p;
	/* a level weight per day spread over the day's open intervals */
	h->alpha = 1 - pow(1 - p.a, 1.0 / open);
}

/* Sum of |y - forecast made 7 days before| over the days from + HW_INIT_DAYS
 * .. end - 1, the state started on the days from ... */
static double hw_loss(const struct fc_series *s, int from, int end, struct hw_par p,
		      struct hw *h, double *ringL, double *ringD)
{
	int T = h->T, open = hw_init(h, s, from, end);
	double loss = 0;

	hw_setpar(h, p, open);
	for (int d = from; d < end; d++) {
		int r = d % 7;
		if (d >= from + HW_INIT_DAYS) {
			/* the ring holds the state at the end of day d - 7; the
			 * weekly index of d's phases has not moved since */
			const double *Dp = ringD + (size_t)r * (size_t)T;
			for (int j = 0; j < T; j++) {
				double v = fc_fit(s, d, j);
				if (!isnan(v))
					loss += fabs(v - ringL[r] * Dp[j] * h->W[r * T + j]);
			}
		}
		hw_day(h, s, d);
		ringL[r] = h->L;
		memcpy(ringD + (size_t)r * (size_t)T, h->D, (size_t)T * sizeof(double));
	}
	return loss;
}

static double clampd(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* Parameters with the least loss on the training days before end. */
static struct hw_par hw_fit(const struct fc_series *s, int end)
{
	static const double ga[] = { 0.03, 0.12, 0.4 }, gd[] = { 0.0, 0.03, 0.15 },
			    gw[] = { 0.03, 0.1, 0.3 };
	struct hw_par best = { 0.12, 0.03, 0.1 }, p;
	int T = s->cal->nslots, from = end - HW_FIT_DAYS - HW_INIT_DAYS;
	double *ringL, *ringD, bl = INFINITY, l;
	struct hw h;

	if (from < 0)
		from = 0;
	if (end - from < HW_INIT_DAYS + 7)
		return best; /* too short to score anything: the middle of the grid */
	hw_alloc(&h, T);
	ringL = sp_xcalloc(7, sizeof(double));
	ringD = sp_xcalloc((size_t)T * 7, sizeof(double));
	for (int i = 0; i < 3; i++)
		for (int k = 0; k < 3; k++)
			for (int m = 0; m < 3; m++) {
				p = (struct hw_par){ ga[i], gd[k], gw[m] };
				if ((l = hw_loss(s, from, end, p, &h, ringL, ringD)) < bl) {
					bl = l;
					best = p;
				}
			}
	/* coordinate search: each parameter up and down by a shrinking step */
	for (double f = 1.7; f > 1.1; f = sqrt(f)) {
		for (int c = 0; c < 3; c++)
			for (int dir = -1; dir <= 1; dir += 2) {
				p = best;
				double *x = c == 0 ? &p.a : c == 1 ? &p.d : &p.w;
				*x = dir > 0 ? *x * f : *x / f;
				if (c == 1 && *x == 0)
					*x = dir > 0 ? 0.01 : 0;
				*x = clampd(*x, 0, c == 0 ? 0.9 : 0.6);
				if ((l = hw_loss(s, from, end, p, &h, ringL, ringD)) < bl) {
					bl = l;
					best = p;
				}
			}
	}
	free(ringL);
	free(ringD);
	hw_free(&h);
	return best;
}

static int cmp_origin(const void *a, const void *b)
{
	const struct fc_origin *x = *(const struct fc_origin *const *)a,
				*y = *(const struct fc_origin *const *)b;
	return (x->train_end > y->train_end) - (x->train_end < y->train_end);
}

void fc_holt_winters(const struct fc_series *s, struct fc_origin *o, int no)
{
	int T = s->cal->nslots, first = s->nhist, d = 0, open;
	struct fc_origin **ord = sp_xcalloc((size_t)no, sizeof(*ord));
	struct hw h;

	for (int i = 0; i < no; i++) {
		ord[i] = &o[i];
		if (o[i].train_end < first)
			first = o[i].train_end;
	}
	qsort(ord, (size_t)no, sizeof(*ord), cmp_origin);
	struct hw_par p = hw_fit(s, first);
	hw_alloc(&h, T);
	open = hw_init(&h, s, 0, first);
	hw_setpar(&h, p, open);
	for (int i = 0; i < no; i++) {
		struct fc_origin *x = ord[i];
		for (; d < x->train_end; d++)
			hw_day(&h, s, d);
		for (int dd = 0; dd < x->n; dd++) {
			int t = x->t0 + dd;
			for (int j = 0; j < T; j++)
				x->out[dd * T + j] = h.L * h.D[j] * h.W[(t % 7) * T + j];
		}
	}
	hw_free(&h);
	free(ord);
}
