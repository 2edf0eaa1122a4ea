/* bench_forecast.c - rolling-origin accuracy of every method over a whole history
 *
 * usage: bench-forecast HISTORY CONFIG [MIN_TRAIN_DAYS [TITLE]]
 *
 * Reads HISTORY as `staffplan forecast` does (plan.ini CONFIG for the zone,
 * the interval and the queues), then for every series forecasts each
 * one-week window from the data before it (a one-week lead), stepping
 * back a week at a time from the end of the history while at least
 * MIN_TRAIN_DAYS (default 56) of history lie before the window.  Each
 * window refits the methods' parameters on its own past.  auto is scored
 * as it would have run: at each window it takes the method with the least
 * interval WAPE over the (up to 8) windows before it, week-average when
 * there are none.  Prints markdown: per series and method the interval,
 * day and week WAPE, bias, the ratio to week-average, auto's choices and
 * the hardest weeks.
 */
#include "staffplan/fcrun.h"
#include "staffplan/fileio.h"
#include "staffplan/input.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NM (FC_NMETHODS + 1) /* the methods, then auto */

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void series_bench(const struct sp_history *h, int i, int min_train)
{
	int T = h->nslots, maxo = h->nhist / 7 + 1;
	struct fc_cal cal = sp_history_cal(h);
	struct fc_series s = { &cal, h->nhist, h->series[i].vol, NULL, NULL };
	struct fc_origin *o = sp_xcalloc((size_t)maxo, sizeof(*o));
	int no = fc_backtest_origins(&s, 7, 0, maxo, o), k = 0;
	struct fc_score *per, tot[NM];
	double secs[FC_NMETHODS] = { 0 }, *out = sp_xcalloc((size_t)T * 7, sizeof(double));
	int chosen[FC_NMETHODS] = { 0 };

	/* oldest first; the windows before the first with MIN_TRAIN_DAYS are
	 * only there for auto's choice, as `staffplan forecast` would have
	 * backtested them at that time */
	struct fc_origin *all = o;
	int first = 0;
	o = sp_xcalloc((size_t)maxo, sizeof(*o));
	for (int j = no - 1; j >= 0; j--) {
		if (all[j].train_end < min_train)
			first = k + 1;
		o[k++] = all[j];
	}
	free(all);
	if (first >= no) {
		printf("\n(no window with %d days of training)\n", min_train);
		free(o);
		free(out);
		return;
	}
	per = sp_xcalloc((size_t)no * NM, sizeof(*per));
	memset(tot, 0, sizeof(tot));
	for (int m = 0; m < FC_NMETHODS; m++)
		for (int j = 0; j < no; j++) {
			double c0 = cpu_now();
			o[j].out = out;
			fc_forecast(&s, m, &o[j], 1);
			secs[m] += cpu_now() - c0;
			fc_score_add(&s, &o[j], &per[j * NM + m]);
			if (j >= first)
				fc_score_add(&s, &o[j], &tot[m]);
		}
	/* auto, as it would have chosen at each window */
	for (int j = first; j < no; j++) {
		int best = FC_WEEK_AVERAGE;
		double bw = INFINITY;
		for (int m = 0; m < FC_NMETHODS && j > 0; m++) {
			double a = 0, act = 0;
			for (int p = j - 1; p >= 0 && p >= j - FCR_BACKTEST_WEEKS; p--) {
				a += per[p * NM + m].abs_interval;
				act += per[p * NM + m].actual;
			}
			if (act > 0 && a / act < bw) {
				bw = a / act;
				best = m;
			}
		}
		chosen[best]++;
		o[j].out = out;
		fc_forecast(&s, best, &o[j], 1);
		fc_score_add(&s, &o[j], &per[j * NM + FC_NMETHODS]);
		fc_score_add(&s, &o[j], &tot[FC_NMETHODS]);
	}
	struct fc_accuracy base;
	fc_score_accuracy(&tot[FC_WEEK_AVERAGE], &base);
	printf("\n%d one-week windows (%d-minute intervals), the first from %04d-%02d-%02d, the "
	       "last to %04d-%02d-%02d.\n\n", no - first, h->interval_min, h->day[o[first].t0].year,
	       h->day[o[first].t0].month, h->day[o[first].t0].mday, h->day[h->nhist - 1].year,
	       h->day[h->nhist - 1].month, h->day[h->nhist - 1].mday);
	printf("| method | WAPE interval | WAPE day | WAPE week | bias | interval vs week-average "
	       "| day vs week-average | CPU s |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
	for (int m = 0; m < NM; m++) {
		struct fc_accuracy a;
		fc_score_accuracy(&tot[m], &a);
		printf("| %s | %.4f | %.4f | %.4f | %+.4f | %.3f | %.3f | ", m < FC_NMETHODS ?
		       fc_method_name(m) : "**auto**", a.wape_interval, a.wape_day, a.wape_week, a.bias,
		       a.wape_interval / base.wape_interval, a.wape_day / base.wape_day);
		if (m < FC_NMETHODS)
			printf("%.2f |\n", secs[m]);
		else
			printf("|\n");
	}
	printf("\nauto chose:");
	for (int m = 0; m < FC_NMETHODS; m++)
		if (chosen[m])
			printf(" %s %d,", fc_method_name(m), chosen[m]);
	printf(" (of %d windows)\n\nHardest windows for auto (interval WAPE; week-average's in "
	       "brackets):\n\n", no - first);
	/* the six worst windows */
	int nv = no - first, *idx = sp_xcalloc((size_t)nv, sizeof(int)), nw = nv < 6 ? nv : 6;
	for (int j = 0; j < nv; j++)
		idx[j] = first + j;
	for (int a = 0; a < nw; a++)
		for (int b = a + 1; b < nv; b++) {
			const struct fc_score *x = &per[idx[a] * NM + FC_NMETHODS],
					      *y = &per[idx[b] * NM + FC_NMETHODS];
			if (y->abs_interval / y->actual > x->abs_interval / x->actual) {
				int t = idx[a];
				idx[a] = idx[b];
				idx[b] = t;
			}
		}
	if (getenv("BENCH_WINDOWS"))
		for (int j = first; j < no; j++) {
			const struct fc_day *d = &h->day[o[j].t0];
			fprintf(stderr, "%04d-%02d-%02d", d->year, d->month, d->mday);
			for (int m = 0; m < NM; m++)
				fprintf(stderr, " %.4f", per[j * NM + m].abs_interval / per[j * NM + m].actual);
			fprintf(stderr, "\n");
		}
	for (int a = 0; a < nw; a++) {
		int j = idx[a];
		const struct fc_day *d = &h->day[o[j].t0];
		const struct fc_score *x = &per[j * NM + FC_NMETHODS], *w = &per[j * NM + FC_WEEK_AVERAGE];
		printf("- %04d-%02d-%02d (+7 days): %.3f (%.3f); daily volumes", d->year, d->month,
		       d->mday, x->abs_interval / x->actual, w->abs_interval / w->actual);
		for (int dd = 0; dd < 7; dd++) {
			double v = 0;
			int any = 0;
			for (int jj = 0; jj < T; jj++) {
				double y = h->series[i].vol[(size_t)(o[j].t0 + dd) * (size_t)T + (size_t)jj];
				if (!isnan(y)) {
					v += y;
					any = 1;
				}
			}
			if (any)
				printf(" %.0f", v);
			else
				printf(" -");
		}
		printf("\n");
	}
	free(idx);
	free(per);
	free(o);
	free(out);
}

int main(int argc, char **argv)
{
	struct sp_err err = SP_ERR_INIT;
	struct sp_input in;
	struct sp_history h;
	char *text = NULL, *ini = NULL;
	const char *queues[SP_MAX_QUEUES];
	int min_train = argc > 3 ? atoi(argv[3]) : 56;

	if (argc < 3) {
		fprintf(stderr, "usage: bench-forecast HISTORY CONFIG [MIN_TRAIN_DAYS [TITLE]]\n");
		return 2;
	}
	sp_input_init(&in);
	if (sp_read_file(argv[2], &ini, &err) != SP_OK ||
	    sp_input_load_config(&in, ini, argv[2], &err) != SP_OK ||
	    sp_read_file(argv[1], &text, &err) != SP_OK) {
		fprintf(stderr, "bench-forecast: %s\n", err.msg);
		return 1;
	}
	for (int q = 0; q < in.cfg.nqueues; q++)
		queues[q] = in.cfg.queues[q].name;
	double c0 = cpu_now();
	if (sp_history_load(&h, text, argv[1], &in.tz, in.cfg.interval_minutes, queues,
			    in.cfg.nqueues, "chat", "en", stderr, &err) != SP_OK) {
		fprintf(stderr, "bench-forecast: %s\n", err.msg);
		return 1;
	}
	printf("## %s\n\n%lld rows of %s, %d days, %d series; read in %.2f s CPU.\n",
	       argc > 4 ? argv[4] : argv[1], h.rows,
	       h.shape == SP_HIST_COUNTS ? "interval counts" : "contact records", h.nhist,
	       h.nseries, cpu_now() - c0);
	for (int i = 0; i < h.nseries; i++) {
		const struct sp_hseries *s = &h.series[i];
		printf("\n### %s / %s (%lld contacts", s->queue, s->lang, s->contacts);
		if (s->handled > 0)
			printf(", mean handle time %.0f s", s->handle_sum / s->handled);
		if (h.has_wait && h.has_abandon && s->abandoned > 0)
			printf(", mean patience %.0f s from %lld abandonments", s->waited_sum / (double)s->abandoned,
			       s->abandoned);
		printf(")\n");
		series_bench(&h, i, min_train);
	}
	sp_history_release(&h);
	sp_input_release(&in);
	free(text);
	free(ini);
	return 0;
}
