/* profile.c - weekday totals x intraday shape (profile, month-profile)
 *
 * A day's total is forecast by exponential smoothing of daily totals with
 * a level and a factor per weekday; a day far from what was expected (a
 * holiday, an outage) moves them only as far as one 30 % off would.  The
 * intraday shape of a weekday is the mean share of each slot over its last
 * 8 days with data, leaving out days whose total is more than 25 % off
 * their median, smoothed across neighbouring slots as much as the history
 * says pays.  month-profile adds a day-of-month cycle (pay days, statement
 * runs): days count from the first of the month up to the 15th and from
 * the last of the month back after it, so month ends line up; the factor
 * of each day is a kernel mean of the history's ratios, shrunk toward 1
 * while few months back it.
 */
#include "fc_int.h"

#include <stdlib.h>
#include <string.h>

#define PF_CLIP 0.3        /* a day moves the level at most as 30 % off would */
#define PF_OUTLIER 0.25    /* shape days more than 25 % off their median are left out */
#define PF_INIT_DAYS 28
#define PF_FIT_DAYS 112    /* days scored when fitting the smoothing */
#define PF_NPOS 31         /* day-of-month positions */

struct pf {
	const struct fc_series *s;
	int T;
	double *Y;          /* standard day totals (NAN: no data) */
	double *shape0;     /* 7 x T: weekday shapes to complete partial days */
	double mf[PF_NPOS]; /* day-of-month factors */
	double L, fac[7];
};

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int month_pos(const struct fc_day *d)
{
	if (d->mday <= 15)
		return d->mday - 1;
	return PF_NPOS - (days_in_month(d->year, d->month) - d->mday + 1);
}

/* Shares of slots of the full day d (NULL when it has no volume). */
static int day_shares(const struct fc_series *s, int d, double *sh)
{
	int T = s->cal->nslots;
	double tot = 0;

	if (!fc_full_day(s, d))
		return 0;
	for (int j = 0; j < T; j++)
		tot += fc_mult(s->cal, d, j) ? fc_fit(s, d, j) : 0;
	if (!(tot > 0))
		return 0;
	for (int j = 0; j < T; j++)
		sh[j] = fc_mult(s->cal, d, j) ? fc_fit(s, d, j) / tot : 0;
	return 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The raw shape of day t's weekday from the full days before end: mean
 * share over the latest FC_WEEKS_BACK of them, outlier totals left out.
 * Returns 0 when there is none. */
static int raw_shape(const struct pf *p, int t, int end, double *sh)
{
	const struct fc_series *s = p->s;
	int T = p->T, days[FC_WEEKS_BACK], n = 0, used = 0;
	double tot[FC_WEEKS_BACK], sorted[FC_WEEKS_BACK], med;
	double *tmp = sp_xcalloc((size_t)T, sizeof(double));

	for (int d = t - 7 * ((t - end) / 7 + 1); d >= 0 && n < FC_WEEKS_BACK; d -= 7)
		if (!isnan(p->Y[d]) && p->Y[d] > 0 && fc_full_day(s, d)) {
			days[n] = d;
			tot[n] = sorted[n] = p->Y[d];
			n++;
		}
	qsort(sorted, (size_t)n, sizeof(double), cmp_double);
	med = n ? (n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2) : 0;
	memset(sh, 0, (size_t)T * sizeof(double));
	for (int pass = 0; pass < 2 && !used; pass++)
		for (int k = 0; k < n; k++) {
			/* pass 1 keeps every day when all were outliers */
			if (pass == 0 && n >= 3 && fabs(tot[k] / med - 1) > PF_OUTLIER)
				continue;
			if (!day_shares(s, days[k], tmp))
				continue;
			for (int j = 0; j < T; j++)
				sh[j] += tmp[j];
			used++;
		}
	free(tmp);
	for (int j = 0; used && j < T; j++)
		sh[j] /= used;
	return used > 0;
}

/* Smooths sh across neighbouring open slots by lam and renormalises. */
static void smooth_shape(double *sh, int T, double lam, double *tmp)
{
	double z = 0;

	memcpy(tmp, sh, (size_t)T * sizeof(double));
	for (int j = 0; j < T; j++) {
		if (tmp[j] <= 0)
			continue;
		double a = j > 0 ? tmp[j - 1] : tmp[j], b = j < T - 1 ? tmp[j + 1] : tmp[j];
		sh[j] = (1 - 2 * lam) * tmp[j] + lam * (a + b);
	}
	for (int j = 0; j < T; j++)
		z += sh[j];
	for (int j = 0; z > 0 && j < T; j++)
		sh[j] /= z;
}

/* Standard day totals: a day with slots missing (the DST gap, the ends of
 * the history) is scaled up by the share its slots usually carry. */
static void day_totals(struct pf *p, int end)
{
	const struct fc_series *s = p->s;
	int T = p->T;
	double *cnt = sp_xcalloc(7, sizeof(double)), *tmp = sp_xcalloc((size_t)T, sizeof(double));

	memset(p->shape0, 0, (size_t)T * 7 * sizeof(double));
	for (int d = end - 1; d >= 0 && d >= end - 7 * FC_WEEKS_BACK; d--)
		if (day_shares(s, d, tmp)) {
			for (int j = 0; j < T; j++)
				p->shape0[(d % 7) * T + j] += tmp[j];
			cnt[d % 7]++;
		}
	for (int w = 0; w < 7; w++)
		for (int j = 0; cnt[w] && j < T; j++)
			p->shape0[w * T + j] /= cnt[w];
	for (int d = 0; d < end; d++) {
		double sum = 0, cover = 0;
		int any = 0;
		for (int j = 0; j < T; j++) {
			double v = fc_fit(s, d, j);
			if (!fc_mult(s->cal, d, j) || isnan(v))
				continue;
			sum += v;
			cover += p->shape0[(d % 7) * T + j];
			any = 1;
		}
		if (!any)
			p->Y[d] = NAN;
		else if (fc_full_day(s, d))
			p->Y[d] = sum;
		else
			p->Y[d] = cover > 0.5 ? sum / cover : NAN;
	}
	free(cnt);
	free(tmp);
}

/* Level and weekday factors from the first days with data. */
static void pf_init(struct pf *p, int end)
{
	double sum[7] = { 0 }, all = 0;
	int cnt[7] = { 0 }, nall = 0;

	for (int d = 0; d < end && d < PF_INIT_DAYS; d++) {
		double y = p->Y[d];
		if (isnan(y))
			continue;
		y /= p->mf[month_pos(&p->s->cal->day[d])];
		sum[d % 7] += y;
		cnt[d % 7]++;
	}
	for (int w = 0; w < 7; w++)
		if (cnt[w]) {
			all += sum[w] / cnt[w];
			nall++;
		}
	p->L = nall ? all / nall : 0;
	for (int w = 0; w < 7; w++)
		p->fac[w] = cnt[w] && p->L > 0 ? sum[w] / cnt[w] / p->L : 0;
}

/* Runs the smoothing over days 0 .. end - 1.  With loss, adds the error of
 * the forecast made 7 days before each day after the first weeks; with
 * ratio, stores each day's total over its one-step expectation without
 * the day-of-month factor (NAN when none). */
static void pf_filter(struct pf *p, int end, double a, double g, double *loss, double *ratio)
{
	double ringL[7], ringF[7][7];

	pf_init(p, end);
	for (int d = 0; d < end; d++) {
		int w = d % 7;
		double y = p->Y[d], m = p->mf[month_pos(&p->s->cal->day[d])];
		if (loss && d >= PF_INIT_DAYS && d >= end - PF_FIT_DAYS && !isnan(y))
			*loss += fabs(y - ringL[w] * ringF[w][w] * m);
		if (ratio)
			ratio[d] = NAN;
		if (!isnan(y) && p->fac[w] > 0.02 && p->L > 0 && m > 0) {
			double e = p->L * p->fac[w], r = y / m / e;
			if (ratio)
				ratio[d] = y / e;
			r = r < 1 - PF_CLIP ? 1 - PF_CLIP : r > 1 + PF_CLIP ? 1 + PF_CLIP : r;
			double yc = r * e;
			p->L = a * (yc / p->fac[w]) + (1 - a) * p->L;
			p->fac[w] = g * (yc / p->L) + (1 - g) * p->fac[w];
		}
		ringL[w] = p->L;
		memcpy(ringF[w], p->fac, sizeof(p->fac));
	}
}

/* Day-of-month factors from the ratios of the days before end: the median
 * ratio of each position (a holiday on it does not count, a pay day that
 * always is does), a kernel mean over its neighbours, then shrunk toward 1
 * by empirical Bayes: as far as the position's estimate is noisy (the
 * days' spread over the months behind it) compared with how much the
 * positions really differ (their spread beyond that noise).  A month or
 * two of history, or a desk without a monthly cycle, gives factors near 1. */
static void pf_month(struct pf *p, int end, const double *ratio)
{
	static const double kern[] = { 1, 2, 3, 2, 1 };
	double med[PF_NPOS], est[PF_NPOS], var[PF_NPOS], *v = sp_xcalloc((size_t)end + 1, sizeof(double));
	double dev = 0, tau2 = 0, noise = 0;
	int cnt[PF_NPOS], nd = 0, npos = 0;

	for (int k = 0; k < PF_NPOS; k++) {
		int n = 0;
		/* positions repeat about monthly: scan the days at this one */
		for (int d = 0; d < end; d++)
			if (!isnan(ratio[d]) && month_pos(&p->s->cal->day[d]) == k)
				v[n++] = ratio[d];
		cnt[k] = n;
		qsort(v, (size_t)n, sizeof(double), cmp_double);
		med[k] = n ? (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) : 1;
		/* the days' spread around their position: a robust variance */
		for (int i = 0; i < n; i++) {
			dev += fabs(v[i] - med[k]);
			nd++;
		}
	}
	free(v);
	double s2 = nd ? pow(1.4826 * dev / nd, 2) : 0;
	for (int k = 0; k < PF_NPOS; k++) {
		double num = 0, den = 0, vv = 0;
		for (int i = 0; i < 5; i++) {
			int kk = (k + i - 2 + PF_NPOS) % PF_NPOS;
			if (!cnt[kk])
				continue;
			num += kern[i] * med[kk];
			den += kern[i];
			/* a median of n has about pi/2 times the variance of a mean */
			vv += kern[i] * kern[i] * 1.57 * s2 / cnt[kk];
		}
		est[k] = den > 0 ? num / den : 1;
		var[k] = den > 0 ? vv / (den * den) : INFINITY;
		if (den > 0) {
			tau2 += (est[k] - 1) * (est[k] - 1);
			noise += var[k];
			npos++;
		}
	}
	tau2 = npos ? (tau2 - noise) / npos : 0;
	if (tau2 < 0)
		tau2 = 0;
	for (int k = 0; k < PF_NPOS; k++)
		p->mf[k] = tau2 > 0 && isfinite(var[k]) ? 1 + tau2 / (tau2 + var[k]) * (est[k] - 1) : 1;
}

struct pf_par {
	double a, g, lam;
};

static struct pf_par pf_fit(struct pf *p, int end)
{
	static const double ga[] = { 0.01, 0.03, 0.07, 0.15, 0.3 },
			    gg[] = { 0.02, 0.05, 0.1, 0.2, 0.35 },
			    gl[] = { 0, 0.05, 0.1, 0.2 };
	struct pf_par best = { 0.07, 0.1, 0.05 };
	double bl = INFINITY, l, *sh, *tmp, ll[4] = { 0 };
	int T = p->T;

	if (end - PF_INIT_DAYS >= 14) {
		for (int i = 0; i < 5; i++)
			for (int k = 0; k < 5; k++) {
				l = 0;
				pf_filter(p, end, ga[i], gg[k], &l, NULL);
				if (l < bl) {
					bl = l;
					best.a = ga[i];
					best.g = gg[k];
				}
			}
	}
	/* shape smoothing: the shape from before each of the last 4 weeks'
	 * full days against the day itself, at its own total */
	sh = sp_xcalloc((size_t)T, sizeof(double));
	tmp = sp_xcalloc((size_t)T, sizeof(double));
	int scored = 0;
	for (int d = end - 28 < 7 ? 7 : end - 28; d < end; d++) {
		if (isnan(p->Y[d]) || !(p->Y[d] > 0) || !fc_full_day(p->s, d))
			continue;
		if (!raw_shape(p, d, d, sh))
			continue;
		double *keep = sp_xcalloc((size_t)T, sizeof(double));
		memcpy(keep, sh, (size_t)T * sizeof(double));
		for (int c = 0; c < 4; c++) {
			memcpy(sh, keep, (size_t)T * sizeof(double));
			smooth_shape(sh, T, gl[c], tmp);
			for (int j = 0; j < T; j++)
				if (fc_mult(p->s->cal, d, j))
					ll[c] += fabs(fc_fit(p->s, d, j) - p->Y[d] * sh[j]);
		}
		free(keep);
		scored++;
	}
	if (scored) {
		int c = 0;
		for (int k = 1; k < 4; k++)
			if (ll[k] < ll[c])
				c = k;
		best.lam = gl[c];
	}
	free(sh);
	free(tmp);
	return best;
}

void fc_profile(const struct fc_series *s, int month, struct fc_origin *o, int no)
{
	int T = s->cal->nslots, first = s->nhist;
	struct pf p;
	double *ratio = sp_xcalloc((size_t)s->nhist, sizeof(double));
	double *sh = sp_xcalloc((size_t)T, sizeof(double)), *tmp = sp_xcalloc((size_t)T, sizeof(double));

	memset(&p, 0, sizeof(p));
	p.s = s;
	p.T = T;
	p.Y = sp_xcalloc((size_t)s->nhist, sizeof(double));
	p.shape0 = sp_xcalloc((size_t)T * 7, sizeof(double));
	for (int k = 0; k < PF_NPOS; k++)
		p.mf[k] = 1;
	for (int i = 0; i < no; i++)
		if (o[i].train_end < first)
			first = o[i].train_end;
	day_totals(&p, first);
	struct pf_par par = pf_fit(&p, first);
	for (int i = 0; i < no; i++) {
		int end = o[i].train_end;
		day_totals(&p, end);
		for (int k = 0; k < PF_NPOS; k++)
			p.mf[k] = 1;
		/* the day-of-month factors and the smoothing refine each other */
		for (int it = 0; month && it < 2; it++) {
			pf_filter(&p, end, par.a, par.g, NULL, ratio);
			pf_month(&p, end, ratio);
		}
		pf_filter(&p, end, par.a, par.g, NULL, NULL);
		for (int dd = 0; dd < o[i].n; dd++) {
			int t = o[i].t0 + dd;
			double tot = p.L * p.fac[t % 7] * p.mf[month_pos(&s->cal->day[t])];
			if (!raw_shape(&p, t, end, sh))
				memset(sh, 0, (size_t)T * sizeof(double));
			smooth_shape(sh, T, par.lam, tmp);
			for (int j = 0; j < T; j++)
				o[i].out[dd * T + j] = tot * sh[j];
		}
	}
	free(p.Y);
	free(p.shape0);
	free(ratio);
	free(sh);
	free(tmp);
}
