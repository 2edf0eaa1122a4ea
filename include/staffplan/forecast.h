/* forecast.h - contact volume forecasts from history: methods, backtest, auto
 *
 * The numerical core works on one series (a queue and a language) at a
 * time, laid out as a matrix of local days x local time-of-day slots
 * (nslots = 1440 / interval_minutes).  history.h builds that matrix in the
 * site time zone; the core does no I/O, no time zone arithmetic and keeps
 * no state, so series are forecast in parallel.
 *
 * Seasonal matching is by local time of day: slot s of a day is the
 * interval that starts s * interval_minutes after local midnight.  On the
 * spring DST day the skipped hour's slots do not exist (multiplicity 0:
 * no data, no forecast); on the autumn day the repeated hour's slots occur
 * twice (multiplicity 2): the history holds the mean of the two real
 * intervals and the forecast gives each of them the slot's value.
 */
#ifndef STAFFPLAN_FORECAST_H
#define STAFFPLAN_FORECAST_H

#include "staffplan/error.h"

enum fc_method {
	FC_SEASONAL_NAIVE,   /* the same local interval one week before */
	FC_WEEK_AVERAGE,     /* mean of the same interval over the last 8 weeks */
	FC_MEDIAN,           /* median of the same interval over the last 8 weeks */
	FC_HOLT_WINTERS,     /* double seasonal (daily, weekly) multiplicative */
	FC_PROFILE,          /* smoothed weekday totals x intraday shape */
	FC_MONTH_PROFILE,    /* profile with a day-of-month cycle */
	FC_NMETHODS
};
#define FC_AUTO (-1)
#define FC_METHOD_LIST "auto, seasonal-naive, week-average, median, holt-winters, profile, " \
	"month-profile"

/* "seasonal-naive", ...; "auto" for FC_AUTO. */
const char *fc_method_name(int method);
/* FC_AUTO, a method, or -2 when name is none of FC_METHOD_LIST. */
int fc_method_parse(const char *name);

/* A local day: weekday (0 = Monday) and date. */
struct fc_day {
	int wday, year, month, mday;
};

/* The days of history and horizon.  mult[d * nslots + s] is 0 when slot s
 * does not exist on day d (spring DST gap), 1 normally, 2 when it occurs
 * twice (autumn); NULL means 1 everywhere. */
struct fc_cal {
	int ndays, nslots;
	const struct fc_day *day;
	const unsigned char *mult;
};

/* One series.  Days 0 .. nhist-1 of cal are history.  fit holds what the
 * methods learn from (NAN: no data, an excluded day or a slot that does
 * not exist); actual what the backtest scores against (NULL: fit); factor
 * the event multiplier of every day of cal, applied to forecasts (NULL:
 * 1).  All borrowed. */
struct fc_series {
	const struct fc_cal *cal;
	int nhist;
	const double *fit;
	const double *actual;
	const double *factor;
};

/* A forecast of days t0 .. t0 + n - 1 of cal made from the history days
 * before train_end (train_end <= t0, train_end <= nhist).  out holds
 * n * nslots values (caller's memory): per real interval, >= 0, 0 where
 * the slot was zero (closed) in each of the last 8 same weekdays with
 * data or has no data at all, event factors applied. */
struct fc_origin {
	int train_end, t0, n;
	double *out;
};

/* Forecasts every origin with method (not FC_AUTO).  Origins sharing one
 * call share the parameter fit, made on the data before the earliest
 * train_end (Holt-Winters, profile).  Needs at least 7 days before each
 * train_end (SP_ASSERT). */
void fc_forecast(const struct fc_series *s, int method, struct fc_origin *o, int no);

/* A final forecast is taken for a numerical failure, not a forecast, when
 * an interval holds more than FC_IMPLAUSIBLE times the most its slot (the
 * same time of day) carried on any of the last FC_PLAUSIBLE_DAYS days
 * with data, or on the last 8 same weekdays with data.  The backtest
 * never sees the forecast made from the whole history, so a method can
 * score well in every window and still blow up there.  With counts, 8
 * same weekdays all at or below m are less likely than 1 in 100 000 when
 * the mean is 3 m (m >= 1); any day counts too, so that a monthly peak
 * seen on another weekday is no surprise; the same-interval methods never
 * exceed it; and a real jump (a launch) comes through the events'
 * factors, which are divided out before the comparison. */
#define FC_IMPLAUSIBLE 3.0
#define FC_PLAUSIBLE_DAYS 56

/* The interval of a forecast furthest above its slot's recent maximum. */
struct fc_peak {
	int day, slot;        /* day: a calendar index, as o->t0 */
	double value;         /* the forecast, event factor divided out */
	double recent_max;    /* the slot's most in those days */
};

/* Is o's forecast (o->out filled by fc_forecast) within FC_IMPLAUSIBLE
 * times each slot's recent maximum, seen from o->train_end?  Returns 1 if
 * so; 0 otherwise, with the worst interval (the highest ratio) in *worst
 * when worst is not NULL. */
int fc_plausible(const struct fc_series *s, const struct fc_origin *o, struct fc_peak *worst);

/* Error sums of backtest windows, added up over origins. */
struct fc_score {
	double abs_interval;  /* sum |actual - forecast| over scored intervals */
	double abs_day;       /* sum over days of |day actual - day forecast| */
	double abs_week;      /* the same over 7-day blocks from the window start */
	double err;           /* sum (forecast - actual) */
	double actual;        /* sum actual */
	int origins;
};

struct fc_accuracy {
	double wape_interval, wape_day, wape_week, bias; /* NAN when nothing was scored */
	int origins;
};

/* Adds the errors of o's forecast (o->out filled) against s's actuals:
 * only intervals with an actual count, each as often as it occurs (DST),
 * and a day or week counts its scored intervals only. */
void fc_score_add(const struct fc_series *s, const struct fc_origin *o, struct fc_score *sc);
/* WAPE = sum |actual - forecast| / sum actual; bias = sum (f - a) / sum a. */
void fc_score_accuracy(const struct fc_score *sc, struct fc_accuracy *out);

/* The rolling origins of a backtest: up to max windows of ndays days, the
 * latest ending where the history ends, each one week before the next;
 * each trained on the days up to gap days before its window (the lead of
 * the real forecast).  Keeps the windows with at least 7 training days.
 * Fills o[0 .. return-1] from the latest back (out = NULL). */
int fc_backtest_origins(const struct fc_series *s, int ndays, int gap, int max,
			struct fc_origin *o);

/* What forecasting one series gives. */
struct fc_result {
	int method;                          /* the method used (auto's choice) */
	int tried[FC_NMETHODS];              /* backtested */
	struct fc_accuracy acc[FC_NMETHODS]; /* of the tried methods */
	int implausible[FC_NMETHODS];        /* final forecast failed fc_plausible */
	struct fc_peak peak[FC_NMETHODS];    /* where, for those */
	double *out;                         /* horizon, n * nslots; caller frees */
};

/* Forecasts days t0 .. t0 + n - 1 from the whole history.  method FC_AUTO
 * backtests every method over the last norigins windows of n days (lead
 * t0 - nhist) and keeps the least interval WAPE (ties: the simpler method,
 * in enum order; no window fits: week-average), passing over a method
 * whose final forecast is implausible (fc_plausible) for the next best;
 * the ones passed over are flagged in r->implausible.  Another method is
 * backtested only when backtest != 0; a fixed method is used even when
 * implausible, and flagged.  Fills r; r->out is new memory. */
void fc_run(const struct fc_series *s, int method, int t0, int n, int backtest, int norigins,
	    struct fc_result *r);
void fc_result_release(struct fc_result *r);

#endif
