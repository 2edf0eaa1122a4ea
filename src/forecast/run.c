/* run.c - every series of a history forecast, in worker threads
 *
 * The series are independent and the numerical core keeps no state, so
 * workers take series from a shared counter; the time zone (which is not
 * thread-safe) is only touched before the threads start, when the
 * calendar is extended over the horizon.
 */
#include "staffplan/fcrun.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Handle time of each horizon slot: contacts' handle seconds over the same
 * weekday's slot in the last 8 weeks, else the slot over the last 8 weeks
 * of any weekday, else the series' mean. */
static double *forecast_aht(const struct sp_history *h, int i, int t0, int n)
{
	const struct sp_hseries *s = &h->series[i];
	int T = h->nslots;
	double *out = sp_xcalloc((size_t)n * (size_t)T, sizeof(double));
	double mean = s->handled > 0 ? s->handle_sum / s->handled : NAN;

	for (int dd = 0; dd < n; dd++)
		for (int j = 0; j < T; j++) {
			double hs = 0, hc = 0, as = 0, ac = 0;
			for (int d = h->nhist - 1; d >= 0 && d >= h->nhist - 56; d--) {
				size_t c = (size_t)d * (size_t)T + (size_t)j;
				as += s->hsum[c];
				ac += s->hcnt[c];
				if ((t0 + dd - d) % 7 == 0) {
					hs += s->hsum[c];
					hc += s->hcnt[c];
				}
			}
			out[dd * T + j] = hc > 0 ? hs / hc : ac > 0 ? as / ac : mean;
		}
	return out;
}

static void run_series(struct fcr *r, int i)
{
	const struct sp_history *h = r->h;
	struct fcr_series *x = &r->s[i];
	struct fc_cal cal = sp_history_cal(h);
	struct fc_series s = { &cal, h->nhist, x->fit, x->actual, x->factor };
	const struct sp_hseries *hs = &h->series[i];

	fc_run(&s, r->o.method, r->t0, r->ndays, r->o.backtest, r->o.norigins, &x->res);
	x->aht = h->has_aht ? forecast_aht(h, i, r->t0, r->ndays) : NULL;
	x->aht_mean = hs->handled > 0 ? hs->handle_sum / (double)hs->handled : NAN;
	x->patience = h->has_wait && h->has_abandon && hs->abandoned > 0 ?
		hs->waited_sum / (double)hs->abandoned : NAN;
}

struct pool {
	struct fcr *r;
	pthread_mutex_t mu;
	int next;
};

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		int i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->r->h->nseries)
			return NULL;
		run_series(p->r, i);
	}
}

void fcr_run(struct fcr *r, struct sp_history *h, const struct sp_events *ev,
	     const struct fcr_opts *o)
{
	int T = h->nslots, nthreads = o->threads;
	size_t nh = (size_t)h->nhist * (size_t)T;
	struct pool p;

	memset(r, 0, sizeof(*r));
	r->h = h;
	r->o = *o;
	r->t0 = o->t0;
	r->ndays = 7 * o->weeks;
	SP_ASSERT(r->t0 >= h->nhist && h->nhist >= 7 && o->weeks >= 1);
	sp_history_extend(h, r->t0 + r->ndays);
	r->s = sp_xcalloc((size_t)(h->nseries ? h->nseries : 1), sizeof(*r->s));
	for (int i = 0; i < h->nseries; i++) {
		struct fcr_series *x = &r->s[i];
		x->fit = sp_xcalloc(nh, sizeof(double));
		x->actual = sp_xcalloc(nh, sizeof(double));
		x->factor = sp_xcalloc((size_t)h->ndays, sizeof(double));
		memcpy(x->fit, h->series[i].vol, nh * sizeof(double));
		memcpy(x->actual, h->series[i].vol, nh * sizeof(double));
		for (int d = 0; d < h->ndays; d++)
			x->factor[d] = 1;
		sp_events_apply(ev, h, i, x->fit, x->actual, x->factor);
	}
	if (nthreads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		nthreads = n < 1 ? 1 : n > 8 ? 8 : (int)n;
	}
	if (nthreads > h->nseries)
		nthreads = h->nseries;
	p.r = r;
	p.next = 0;
	pthread_mutex_init(&p.mu, NULL);
	pthread_t *th = sp_xcalloc((size_t)(nthreads > 1 ? nthreads : 1), sizeof(pthread_t));
	int started = 0;
	for (int k = 1; k < nthreads; k++)
		if (pthread_create(&th[started], NULL, worker, &p) == 0)
			started++;
	worker(&p); /* this thread works too; with no thread started it does all */
	for (int k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	pthread_mutex_destroy(&p.mu);
	free(th);
}

void fcr_release(struct fcr *r)
{
	if (!r || !r->s)
		return;
	for (int i = 0; r->h && i < r->h->nseries; i++) {
		free(r->s[i].fit);
		free(r->s[i].actual);
		free(r->s[i].factor);
		free(r->s[i].aht);
		fc_result_release(&r->s[i].res);
	}
	free(r->s);
	memset(r, 0, sizeof(*r));
}
