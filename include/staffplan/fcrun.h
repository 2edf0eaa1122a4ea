/* fcrun.h - forecasting a whole history: every series, events, handle times
 *
 * What `staffplan forecast` does between reading the files and writing
 * them: each series of a history is backtested and forecast (in worker
 * threads: the numerical core is pure), its handle time forecast from
 * the same weekday's intervals, and the results are written as
 * forecast.csv (SPEC 3.1), the accuracy file (SPEC 8) and an HTML page.
 */
#ifndef STAFFPLAN_FCRUN_H
#define STAFFPLAN_FCRUN_H

#include "staffplan/buf.h"
#include "staffplan/forecast.h"
#include "staffplan/history.h"

#define FCR_BACKTEST_WEEKS 8

struct fcr_opts {
	int method;      /* FC_AUTO or an fc_method */
	int t0;          /* first horizon day (a calendar index >= h->nhist) */
	int weeks;       /* 1 .. 6 */
	int backtest;    /* backtest a fixed method too (for --accuracy, --html) */
	int norigins;    /* backtest windows, FCR_BACKTEST_WEEKS */
	int threads;     /* workers; 0: one per processor, at most 8 */
};

struct fcr_series {
	double *fit, *actual, *factor; /* the series as the core sees it (owned) */
	struct fc_result res;          /* res.out: the horizon, per slot */
	double *aht;                   /* horizon handle time per slot, NAN where
					  unknown; NULL without handle times */
	double aht_mean, patience;     /* seconds; NAN when unknown */
};

struct fcr {
	const struct sp_history *h;    /* borrowed */
	struct fcr_opts o;
	int t0, ndays;                 /* the horizon: days t0 .. t0 + ndays - 1 */
	struct fcr_series *s;          /* h->nseries */
};

/* Extends h's calendar over the horizon, applies ev (may be NULL) and
 * forecasts every series.  Release r with fcr_release(). */
void fcr_run(struct fcr *r, struct sp_history *h, const struct sp_events *ev,
	     const struct fcr_opts *o);
void fcr_release(struct fcr *r);

/* forecast.csv: start,queue,language,volume[,aht], every real interval of
 * the horizon for every series, times with the site's UTC offset. */
void fcr_write_forecast(const struct fcr *r, struct buf *out);

/* The accuracy file: queue,language,method,wape_interval,wape_day,
 * wape_week,bias (SPEC 8), then chosen (1 on the method the forecast
 * used), aht_seconds and patience_seconds (empty when unknown): one row
 * per series and method backtested; a series that could not be
 * backtested has one row, for its method, with empty errors. */
void fcr_write_accuracy(const struct fcr *r, struct buf *out);

/* One line per series and method whose final forecast was implausible
 * (fc_plausible): where and how far it went, and whether auto passed it
 * over (for which method) or a fixed --method kept it. */
void fcr_write_warnings(const struct fcr *r, struct buf *out);

/* A self-contained HTML page: per series, the last weeks of history and
 * the forecast, and the backtest's errors per method (src/out/forecast_html.c). */
void fcr_write_html(const struct fcr *r, const char *history_name, struct buf *out);

#endif
