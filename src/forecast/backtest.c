/* backtest.c - rolling-origin backtest, WAPE and auto's choice
 *
 * The windows of the backtest end where the history ends and step back a
 * week at a time; each is forecast from the days up to the real forecast's
 * lead before it, as the real forecast will be.  Errors are pooled over
 * the windows: WAPE = sum |actual - forecast| / sum actual.
 */
#include "fc_int.h"

#include <stdlib.h>
#include <string.h>

void fc_score_add(const struct fc_series *s, const struct fc_origin *o, struct fc_score *sc)
{
	const double *act = s->actual ? s->actual : s->fit;
	int T = s->cal->nslots;
	double wa = 0, wf = 0;

	for (int dd = 0; dd < o->n; dd++) {
		int t = o->t0 + dd;
		double da = 0, df = 0;
		if (t < s->nhist) {
			for (int j = 0; j < T; j++) {
				double a = act[(long)t * T + j], f = o->out[dd * T + j];
				int m = fc_mult(s->cal, t, j);
				if (isnan(a) || !m)
					continue;
				sc->abs_interval += m * fabs(a - f);
				sc->err += m * (f - a);
				sc->actual += m * a;
				da += m * a;
				df += m * f;
			}
		}
		sc->abs_day += fabs(da - df);
		wa += da;
		wf += df;
		if (dd % 7 == 6 || dd == o->n - 1) {
			sc->abs_week += fabs(wa - wf);
			wa = wf = 0;
		}
	}
	sc->origins++;
}

void fc_score_accuracy(const struct fc_score *sc, struct fc_accuracy *out)
{
	out->origins = sc->origins;
	if (!(sc->actual > 0)) {
		out->wape_interval = out->wape_day = out->wape_week = out->bias = NAN;
		return;
	}
	out->wape_interval = sc->abs_interval / sc->actual;
	out->wape_day = sc->abs_day / sc->actual;
	out->wape_week = sc->abs_week / sc->actual;
	out->bias = sc->err / sc->actual;
}

int fc_backtest_origins(const struct fc_series *s, int ndays, int gap, int max, struct fc_origin *o)
{
	int n = 0;

	for (int j = 0; j < max; j++) {
		int t0 = s->nhist - ndays - 7 * j, train_end = t0 - gap;
		if (train_end < 7)
			break;
		o[n++] = (struct fc_origin){ train_end, t0, ndays, NULL };
	}
	return n;
}

/* Backtests method over o[0..no-1] (their out buffers given). */
static void backtest(const struct fc_series *s, int method, struct fc_origin *o, int no,
		     struct fc_accuracy *acc)
{
	struct fc_score sc;

	memset(&sc, 0, sizeof(sc));
	fc_forecast(s, method, o, no);
	for (int i = 0; i < no; i++)
		fc_score_add(s, &o[i], &sc);
	fc_score_accuracy(&sc, acc);
}

void fc_run(const struct fc_series *s, int method, int t0, int n, int do_backtest, int norigins,
	    struct fc_result *r)
{
	int T = s->cal->nslots, gap = t0 - s->nhist;
	struct fc_origin *o = sp_xcalloc((size_t)norigins + 1, sizeof(*o));
	double *buf;
	int no;

	SP_ASSERT(gap >= 0 && n > 0);
	memset(r, 0, sizeof(*r));
	for (int m = 0; m < FC_NMETHODS; m++)
		r->acc[m] = (struct fc_accuracy){ NAN, NAN, NAN, NAN, 0 };
	no = fc_backtest_origins(s, n, gap, norigins, o);
	buf = sp_xcalloc((size_t)(no ? no : 1) * (size_t)n * (size_t)T, sizeof(double));
	for (int i = 0; i < no; i++)
		o[i].out = buf + (size_t)i * (size_t)n * (size_t)T;
	if (no && (method == FC_AUTO || do_backtest))
		for (int m = 0; m < FC_NMETHODS; m++) {
			if (method != FC_AUTO && m != method)
				continue;
			backtest(s, m, o, no, &r->acc[m]);
			r->tried[m] = 1;
		}
	free(buf);
	free(o);
	r->out = sp_xcalloc((size_t)n * (size_t)T, sizeof(double));
	struct fc_origin fin = { s->nhist, t0, n, r->out };
	if (method != FC_AUTO) {
		r->method = method;
		fc_forecast(s, method, &fin, 1);
		r->implausible[method] = !fc_plausible(s, &fin, &r->peak[method]);
		return;
	}
	/* auto: the least interval WAPE whose final forecast is plausible
	 * (forecast.h says why the backtest alone is not enough); strictly
	 * less, so ties keep the simpler method.  Week-average, the last
	 * resort, never exceeds the recent maximum. */
	for (;;) {
		double best = INFINITY;
		r->method = FC_WEEK_AVERAGE;
		for (int m = 0; m < FC_NMETHODS; m++)
			if (r->tried[m] && !r->implausible[m] && r->acc[m].wape_interval < best) {
				best = r->acc[m].wape_interval;
				r->method = m;
			}
		fc_forecast(s, r->method, &fin, 1);
		if (fc_plausible(s, &fin, &r->peak[r->method]))
			return;
		r->implausible[r->method] = 1;
		if (r->method == FC_WEEK_AVERAGE)
			return; /* only a test's injected fault gets here */
	}
}

void fc_result_release(struct fc_result *r)
{
	if (!r)
		return;
	free(r->out);
	r->out = NULL;
}
