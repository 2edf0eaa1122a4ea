/* methods.c - the same-interval methods, closed intervals and the dispatcher
 *
 * seasonal-naive, week-average and median look at the same local slot on
 * the same weekday in earlier weeks; fc_forecast runs any method and then
 * applies what every method shares: intervals closed in each recent week
 * stay exactly zero, slots that do not exist get nothing, event factors
 * multiply the day.
 */
#include "fc_int.h"
#include "staffplan/fault.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[FC_NMETHODS] = {
	[FC_SEASONAL_NAIVE] = "seasonal-naive",
	[FC_WEEK_AVERAGE] = "week-average",
	[FC_MEDIAN] = "median",
	[FC_HOLT_WINTERS] = "holt-winters",
	[FC_PROFILE] = "profile",
	[FC_MONTH_PROFILE] = "month-profile",
};

const char *fc_method_name(int method)
{
	if (method == FC_AUTO)
		return "auto";
	SP_ASSERT(method >= 0 && method < FC_NMETHODS);
	return names[method];
}

int fc_method_parse(const char *name)
{
	if (!strcmp(name, "auto"))
		return FC_AUTO;
	for (int m = 0; m < FC_NMETHODS; m++)
		if (!strcmp(name, names[m]))
			return m;
	return -2;
}

int fc_same_slot(const struct fc_series *s, int t, int end, int slot, int k, double *out)
{
	int n = 0;

	if (end > s->nhist)
		end = s->nhist;
	/* the latest day before end on t's weekday: days are consecutive
	 * local days, so weekdays repeat every 7 indices */
	int d = t - 7 * ((t - end) / 7 + 1);
	for (; d >= 0 && n < k; d -= 7) {
		double v = fc_fit(s, d, slot);
		if (!isnan(v))
			out[n++] = v;
	}
	return n;
}

int fc_full_day(const struct fc_series *s, int d)
{
	for (int j = 0; j < s->cal->nslots; j++)
		if (fc_mult(s->cal, d, j) && isnan(fc_fit(s, d, j)))
			return 0;
	return 1;
}

void fc_seasonal_naive(const struct fc_series *s, struct fc_origin *o, int no)
{
	int T = s->cal->nslots;

	for (int i = 0; i < no; i++)
		for (int dd = 0; dd < o[i].n; dd++)
			for (int j = 0; j < T; j++) {
				double v;
				o[i].out[dd * T + j] =
					fc_same_slot(s, o[i].t0 + dd, o[i].train_end, j, 1, &v) ? v : 0;
			}
}

void fc_week_average(const struct fc_series *s, struct fc_origin *o, int no)
{
	int T = s->cal->nslots;
	double v[FC_WEEKS_BACK];

	for (int i = 0; i < no; i++)
		for (int dd = 0; dd < o[i].n; dd++)
			for (int j = 0; j < T; j++) {
				int n = fc_same_slot(s, o[i].t0 + dd, o[i].train_end, j, FC_WEEKS_BACK, v);
				double sum = 0;
				for (int k = 0; k < n; k++)
					sum += v[k];
				o[i].out[dd * T + j] = n ? sum / n : 0;
			}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void fc_median(const struct fc_series *s, struct fc_origin *o, int no)
{
	int T = s->cal->nslots;
	double v[FC_WEEKS_BACK];

	for (int i = 0; i < no; i++)
		for (int dd = 0; dd < o[i].n; dd++)
			for (int j = 0; j < T; j++) {
				int n = fc_same_slot(s, o[i].t0 + dd, o[i].train_end, j, FC_WEEKS_BACK, v);
				double m = 0;
				if (n) {
					qsort(v, (size_t)n, sizeof(v[0]), cmp_double);
					m = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
				}
				o[i].out[dd * T + j] = m;
			}
}

/* Closed intervals, missing slots, negative values and event factors. */
static void finish(const struct fc_series *s, struct fc_origin *o)
{
	int T = s->cal->nslots;
	double v[FC_WEEKS_BACK];

	for (int dd = 0; dd < o->n; dd++) {
		int t = o->t0 + dd;
		double f = s->factor ? s->factor[t] : 1;
		for (int j = 0; j < T; j++) {
			double *x = &o->out[dd * T + j];
			int n = fc_same_slot(s, t, o->train_end, j, FC_WEEKS_BACK, v), open = 0;
			for (int k = 0; k < n && !open; k++)
				open = v[k] > 0;
			if (!open || !fc_mult(s->cal, t, j) || !(*x > 0) || isnan(f))
				*x = 0;
			else
				*x *= f;
		}
	}
}

int fc_plausible(const struct fc_series *s, const struct fc_origin *o, struct fc_peak *worst)
{
	int T = s->cal->nslots, ok = 1, end = o->train_end < s->nhist ? o->train_end : s->nhist;
	double *most = sp_xcalloc((size_t)T, sizeof(double)), ratio = 0;

	for (int j = 0; j < T; j++)
		for (int d = end - 1, n = 0; d >= 0 && n < FC_PLAUSIBLE_DAYS; d--) {
			double v = fc_fit(s, d, j);
			if (isnan(v))
				continue;
			n++;
			if (v > most[j])
				most[j] = v;
		}
	for (int dd = 0; dd < o->n; dd++) {
		int t = o->t0 + dd;
		double f = s->factor ? s->factor[t] : 1, v[FC_WEEKS_BACK];
		for (int j = 0; j < T; j++) {
			double x = o->out[dd * T + j], m = most[j];
			if (!(x > 0))
				continue;
			if (f > 0)
				x /= f;
			/* and the same weekdays the methods average over, which
			 * may reach back further (a desk rarely open on Saturday) */
			for (int k = fc_same_slot(s, t, o->train_end, j, FC_WEEKS_BACK, v); k-- > 0;)
				if (v[k] > m)
					m = v[k];
			if (x <= FC_IMPLAUSIBLE * m)
				continue;
			ok = 0;
			if (worst && (m > 0 ? x / m : INFINITY) > ratio) {
				ratio = m > 0 ? x / m : INFINITY;
				*worst = (struct fc_peak){ t, j, x, m };
			}
		}
	}
	free(most);
	return ok;
}

/* The fault SP_FAULT_FORECAST: the first interval of the first origin
 * that is not zero comes out a million times too high, as from a method
 * whose arithmetic broke down. */
static void blow_up(const struct fc_series *s, struct fc_origin *o)
{
	for (int k = 0; k < o->n * s->cal->nslots; k++)
		if (o->out[k] > 0) {
			o->out[k] *= 1e6;
			return;
		}
}

void fc_forecast(const struct fc_series *s, int method, struct fc_origin *o, int no)
{
	for (int i = 0; i < no; i++)
		SP_ASSERT(o[i].train_end >= 7 && o[i].train_end <= o[i].t0 &&
			  o[i].train_end <= s->nhist && o[i].t0 + o[i].n <= s->cal->ndays);
	switch (method) {
	case FC_SEASONAL_NAIVE: fc_seasonal_naive(s, o, no); break;
	case FC_WEEK_AVERAGE: fc_week_average(s, o, no); break;
	case FC_MEDIAN: fc_median(s, o, no); break;
	case FC_HOLT_WINTERS: fc_holt_winters(s, o, no); break;
	case FC_PROFILE: fc_profile(s, 0, o, no); break;
	case FC_MONTH_PROFILE: fc_profile(s, 1, o, no); break;
	default: SP_ASSERT(!"unknown forecast method");
	}
	for (int i = 0; i < no; i++)
		finish(s, &o[i]);
	if (sp_fault(SP_FAULT_FORECAST))
		blow_up(s, o);
}
