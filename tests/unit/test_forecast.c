/* test_forecast.c - the forecasting core: methods, closed intervals, DST
 * multiplicity, events, WAPE, backtest windows and auto's choice, on
 * synthetic series with known answers */
#include "staffplan/fault.h"
#include "staffplan/forecast.h"
#include "tests.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define T 4 /* slots per day in these series: 6-hour intervals */

/* A series of ndays history days plus horizon days, starting on a Monday,
 * 2026-01-05; every value NAN until set. */
struct ts {
	struct fc_day *day;
	unsigned char *mult;
	double *v;
	double *factor;
	struct fc_cal cal;
	struct fc_series s;
};

/* nhist history days of nslots slots a day, nall days in all (ts_init:
 * T slots). */
static void ts_init_slots(struct ts *x, int nhist, int nall, int nslots)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 2026, m = 1, d = 5;

	x->day = calloc((size_t)nall, sizeof(*x->day));
	x->mult = malloc((size_t)nall * (size_t)nslots);
	x->v = malloc((size_t)nhist * (size_t)nslots * sizeof(double));
	x->factor = NULL;
	memset(x->mult, 1, (size_t)nall * (size_t)nslots);
	for (int i = 0; i < nhist * nslots; i++)
		x->v[i] = NAN;
	for (int i = 0; i < nall; i++) {
		x->day[i] = (struct fc_day){ i % 7, y, m, d };
		if (++d > dm[m - 1]) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	x->cal = (struct fc_cal){ nall, nslots, x->day, x->mult };
	x->s = (struct fc_series){ &x->cal, nhist, x->v, NULL, NULL };
}

static void ts_init(struct ts *x, int nhist, int nall)
{
	ts_init_slots(x, nhist, nall, T);
}

static void ts_free(struct ts *x)
{
	free(x->day);
	free(x->mult);
	free(x->v);
	free(x->factor);
}

/* The weekly pattern every test series repeats: closed at night (slot 0),
 * busy mornings, weekends quieter. */
static double pattern(int wday, int slot)
{
	static const double shape[T] = { 0, 40, 30, 10 };
	return shape[slot] * (wday < 5 ? 1.0 + 0.1 * wday : 0.5);
}

static void forecast1(const struct fc_series *s, int method, int t0, int n, double *out)
{
	struct fc_origin o = { s->nhist, t0, n, out };
	fc_forecast(s, method, &o, 1);
}

static void test_methods_reproduce_a_steady_week(void)
{
	struct ts x;
	double out[14 * T];

	ts_init(&x, 70, 84);
	for (int d = 0; d < 70; d++)
		for (int j = 0; j < T; j++)
			x.v[d * T + j] = pattern(d % 7, j);
	for (int m = 0; m < FC_NMETHODS; m++) {
		/* holt-winters starts its indices shrunk toward the mean (its
		 * contacts-seen to contacts-expected ratios with a pseudo-contact,
		 * holtwinters.c) and comes back within 0.1 % */
		double tol = m == FC_HOLT_WINTERS ? 1e-3 : 1e-6;
		forecast1(&x.s, m, 70, 14, out);
		for (int dd = 0; dd < 14; dd++)
			for (int j = 0; j < T; j++) {
				double want = pattern((70 + dd) % 7, j);
				if (fabs(out[dd * T + j] - want) > tol * (1 + want))
					CU_FAIL_FATAL("a method does not reproduce a steady week");
				if (j == 0)
					CU_ASSERT_EQUAL(out[dd * T + j], 0.0); /* closed: exactly zero */
			}
	}
	ts_free(&x);
}

static void test_same_interval_methods_known_answers(void)
{
	struct ts x;
	double out[7 * T];

	/* slot 1 of week k holds k + 1: the last 8 weeks are 3..10 */
	ts_init(&x, 70, 77);
	for (int d = 0; d < 70; d++)
		for (int j = 0; j < T; j++)
			x.v[d * T + j] = j == 1 ? d / 7 + 1 : 5;
	x.v[69 * T + 1] = 100; /* the last Sunday, an outlier */
	forecast1(&x.s, FC_SEASONAL_NAIVE, 70, 7, out);
	CU_ASSERT_DOUBLE_EQUAL(out[0 * T + 1], 10, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(out[6 * T + 1], 100, 1e-12);
	forecast1(&x.s, FC_WEEK_AVERAGE, 70, 7, out);
	CU_ASSERT_DOUBLE_EQUAL(out[0 * T + 1], 6.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(out[6 * T + 1], (3 + 4 + 5 + 6 + 7 + 8 + 9 + 100) / 8.0, 1e-12);
	forecast1(&x.s, FC_MEDIAN, 70, 7, out);
	CU_ASSERT_DOUBLE_EQUAL(out[0 * T + 1], 6.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(out[6 * T + 1], 6.5, 1e-12); /* the outlier does not move it */
	/* a missing week is skipped, not read as zero: drop week 10 (days
	 * 63..69) and the average reaches back to weeks 2..9 */
	for (int d = 63; d < 70; d++)
		for (int j = 0; j < T; j++)
			x.v[d * T + j] = NAN;
	forecast1(&x.s, FC_WEEK_AVERAGE, 70, 7, out);
	CU_ASSERT_DOUBLE_EQUAL(out[0 * T + 1], 5.5, 1e-12);
	forecast1(&x.s, FC_SEASONAL_NAIVE, 70, 7, out);
	CU_ASSERT_DOUBLE_EQUAL(out[0 * T + 1], 9, 1e-12);
	ts_free(&x);
}

static void test_closed_intervals_stay_zero(void)
{
	struct ts x;
	double out[7 * T];

	/* slot 3 is open on Mondays only until 9 weeks ago, slot 2 on one
	 * Monday of the last 8: the first stays closed, the second does not */
	ts_init(&x, 84, 91);
	for (int d = 0; d < 84; d++)
		for (int j = 0; j < T; j++)
			x.v[d * T + j] = j == 1 ? 20 + d % 3 : 0;
	x.v[0 * T + 3] = x.v[7 * T + 3] = 50;
	x.v[77 * T + 2] = 8;
	for (int m = 0; m < FC_NMETHODS; m++) {
		forecast1(&x.s, m, 84, 7, out);
		CU_ASSERT_EQUAL(out[0 * T + 3], 0.0);
		CU_ASSERT_EQUAL(out[0 * T + 0], 0.0);
		CU_ASSERT_EQUAL(out[1 * T + 2], 0.0); /* Tuesday's slot 2 was never open */
		CU_ASSERT(out[0 * T + 1] > 0);
	}
	forecast1(&x.s, FC_WEEK_AVERAGE, 84, 7, out);
	CU_ASSERT_DOUBLE_EQUAL(out[0 * T + 2], 1.0, 1e-12);
	ts_free(&x);
}

static void test_dst_multiplicity_and_events(void)
{
	struct ts x;
	double out[7 * T];
	struct fc_score sc;
	struct fc_accuracy a;

	ts_init(&x, 56, 63);
	for (int d = 0; d < 56; d++)
		for (int j = 0; j < T; j++)
			x.v[d * T + j] = pattern(d % 7, j);
	/* day 58 (a Wednesday of the horizon) lacks slot 2 (spring), day 59
	 * has slot 1 twice (autumn); day 60 has an event doubling it */
	x.mult[58 * T + 2] = 0;
	x.mult[59 * T + 1] = 2;
	x.factor = malloc(63 * sizeof(double));
	for (int d = 0; d < 63; d++)
		x.factor[d] = d == 60 ? 2 : 1;
	x.s.factor = x.factor;
	forecast1(&x.s, FC_WEEK_AVERAGE, 56, 7, out);
	CU_ASSERT_EQUAL(out[2 * T + 2], 0.0);
	CU_ASSERT_DOUBLE_EQUAL(out[3 * T + 1], pattern(3, 1), 1e-9); /* per real interval */
	CU_ASSERT_DOUBLE_EQUAL(out[4 * T + 1], 2 * pattern(4, 1), 1e-9);
	/* scoring counts the doubled slot twice: an error of 1 in it is 2 */
	x.mult[50 * T + 1] = 2;
	struct fc_origin o = { 49, 49, 7, out };
	fc_forecast(&x.s, FC_WEEK_AVERAGE, &o, 1);
	memset(&sc, 0, sizeof(sc));
	out[1 * T + 1] += 1;
	fc_score_add(&x.s, &o, &sc);
	CU_ASSERT_DOUBLE_EQUAL(sc.abs_interval, 2, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(sc.err, 2, 1e-9);
	fc_score_accuracy(&sc, &a);
	CU_ASSERT_DOUBLE_EQUAL(a.wape_interval, 2 / sc.actual, 1e-12);
	ts_free(&x);
}

static void test_wape_day_week_and_bias(void)
{
	struct ts x;
	double out[14 * T];
	struct fc_score sc;
	struct fc_accuracy a;

	/* actual 10 in every slot; forecast 12 on the first slot of each day,
	 * 8 on the second, 10 elsewhere: interval errors 4 a day, day 0 */
	ts_init(&x, 28, 28);
	for (int i = 0; i < 28 * T; i++)
		x.v[i] = 10;
	for (int dd = 0; dd < 14; dd++)
		for (int j = 0; j < T; j++)
			out[dd * T + j] = j == 0 ? 12 : j == 1 ? 8 : 10;
	out[13 * T + 3] = 24; /* the last day 14 over */
	struct fc_origin o = { 14, 14, 14, out };
	memset(&sc, 0, sizeof(sc));
	fc_score_add(&x.s, &o, &sc);
	fc_score_accuracy(&sc, &a);
	CU_ASSERT_DOUBLE_EQUAL(sc.actual, 14 * T * 10, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(a.wape_interval, (14 * 4 + 14) / 560.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(a.wape_day, 14 / 560.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(a.wape_week, 14 / 560.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(a.bias, 14 / 560.0, 1e-12);
	CU_ASSERT_EQUAL(a.origins, 1);
	/* nothing scored: NAN, not a division by zero */
	memset(&sc, 0, sizeof(sc));
	fc_score_accuracy(&sc, &a);
	CU_ASSERT(isnan(a.wape_interval) && isnan(a.bias));
	ts_free(&x);
}

static void test_backtest_windows(void)
{
	struct ts x;
	struct fc_origin o[20];

	ts_init(&x, 70, 80);
	/* one-week windows, no lead: ends at 70, 63, ... while a week of
	 * training is left before them */
	int n = fc_backtest_origins(&x.s, 7, 0, 20, o);
	CU_ASSERT_EQUAL(n, 9);
	CU_ASSERT_EQUAL(o[0].t0, 63);
	CU_ASSERT_EQUAL(o[0].train_end, 63);
	CU_ASSERT_EQUAL(o[8].t0, 7);
	CU_ASSERT_EQUAL(fc_backtest_origins(&x.s, 7, 0, 8, o), 8);
	/* two weeks at a lead of 3 days: trained 3 days before each window */
	n = fc_backtest_origins(&x.s, 14, 3, 20, o);
	CU_ASSERT_EQUAL(o[0].t0, 56);
	CU_ASSERT_EQUAL(o[0].train_end, 53);
	CU_ASSERT_EQUAL(o[0].n, 14);
	CU_ASSERT_EQUAL(o[n - 1].train_end, 53 - 7 * (n - 1));
	CU_ASSERT(o[n - 1].train_end >= 7 && o[n - 1].train_end - 7 < 7);
	ts_free(&x);
}

static void test_auto_picks_the_least_backtest_error(void)
{
	struct ts x;
	struct fc_result r;

	/* a level jump 9 weeks before the end: only seasonal-naive (and, once
	 * most weeks are after the jump, the median) is exact everywhere */
	ts_init(&x, 140, 147);
	for (int d = 0; d < 140; d++)
		for (int j = 0; j < T; j++)
			x.v[d * T + j] = (d < 77 ? 1 : 10) * pattern(d % 7, j);
	fc_run(&x.s, FC_AUTO, 140, 7, 0, 8, &r);
	CU_ASSERT_EQUAL(r.method, FC_SEASONAL_NAIVE);
	for (int m = 0; m < FC_NMETHODS; m++) {
		CU_ASSERT(r.tried[m]);
		CU_ASSERT_EQUAL(r.acc[m].origins, 8);
		CU_ASSERT(r.acc[m].wape_interval >= r.acc[r.method].wape_interval);
	}
	CU_ASSERT_DOUBLE_EQUAL(r.acc[FC_SEASONAL_NAIVE].wape_interval, 0, 1e-12);
	CU_ASSERT(r.acc[FC_WEEK_AVERAGE].wape_interval > 0.05);
	CU_ASSERT_DOUBLE_EQUAL(r.out[1], 10 * pattern(0, 1), 1e-9);
	fc_result_release(&r);
	/* a fixed method is not backtested unless asked */
	fc_run(&x.s, FC_PROFILE, 140, 7, 0, 8, &r);
	CU_ASSERT_EQUAL(r.method, FC_PROFILE);
	CU_ASSERT(!r.tried[FC_PROFILE] && isnan(r.acc[FC_PROFILE].wape_interval));
	fc_result_release(&r);
	fc_run(&x.s, FC_PROFILE, 140, 7, 1, 8, &r);
	CU_ASSERT(r.tried[FC_PROFILE] && !r.tried[FC_WEEK_AVERAGE]);
	fc_result_release(&r);
	ts_free(&x);
}

static void test_auto_without_backtest_uses_week_average(void)
{
	struct ts x;
	struct fc_result r;

	ts_init(&x, 10, 17);
	for (int d = 0; d < 10; d++)
		for (int j = 0; j < T; j++)
			x.v[d * T + j] = pattern(d % 7, j);
	fc_run(&x.s, FC_AUTO, 10, 7, 0, 8, &r);
	CU_ASSERT_EQUAL(r.method, FC_WEEK_AVERAGE);
	for (int m = 0; m < FC_NMETHODS; m++)
		CU_ASSERT(!r.tried[m]);
	fc_result_release(&r);
	ts_free(&x);
}

static void test_month_profile_learns_the_month(void)
{
	struct ts x;
	struct fc_result r;
	double prof[7 * T];

	/* 26 weeks in which the first three days of a month carry 60 % more;
	 * forecast the week of 2026-07-06 .. 07-12 and the one holding
	 * 2026-08-01 (a Saturday: index 208) */
	ts_init(&x, 182, 217);
	for (int d = 0; d < 182; d++)
		for (int j = 0; j < T; j++)
			x.v[d * T + j] = pattern(d % 7, j) * (x.day[d].mday <= 3 ? 1.6 : 1.0);
	struct fc_origin o = { 182, 203, 7, prof };
	fc_forecast(&x.s, FC_PROFILE, &o, 1);
	double plain = prof[(208 - 203) * T + 1];
	fc_forecast(&x.s, FC_MONTH_PROFILE, &o, 1);
	double month = prof[(208 - 203) * T + 1], mid = prof[(206 - 203) * T + 1];
	CU_ASSERT(month > 1.25 * plain);
	CU_ASSERT(fabs(mid / pattern(206 % 7, 1) - 1) < 0.1); /* 2026-07-30: no effect */
	fc_run(&x.s, FC_AUTO, 182, 7, 0, 8, &r);
	CU_ASSERT(r.acc[FC_MONTH_PROFILE].wape_interval < r.acc[FC_PROFILE].wape_interval);
	CU_ASSERT(r.acc[FC_MONTH_PROFILE].wape_interval < r.acc[FC_WEEK_AVERAGE].wape_interval);
	fc_result_release(&r);
	ts_free(&x);
}

static void test_holt_winters_follows_a_level_shift(void)
{
	struct ts x;
	double hw[7 * T], wa[7 * T];

	/* volume steps up by half, three weeks before the end: the level
	 * follows, an 8-week average lags */
	ts_init(&x, 112, 119);
	for (int d = 0; d < 112; d++)
		for (int j = 0; j < T; j++)
			x.v[d * T + j] = pattern(d % 7, j) * (d < 91 ? 1.0 : 1.5);
	forecast1(&x.s, FC_HOLT_WINTERS, 112, 7, hw);
	forecast1(&x.s, FC_WEEK_AVERAGE, 112, 7, wa);
	double want = 1.5 * pattern(0, 1);
	CU_ASSERT(fabs(hw[1] - want) < fabs(wa[1] - want));
	CU_ASSERT(hw[1] > 1.2 * pattern(0, 1));
	ts_free(&x);
}

/* Three weeks of a real ticket log (tickets per hour, UTC; '.' a day
 * without any ticket: the weekends), 2011-10-21 .. 11-10 of
 * /work/shared/realdata/helpdesk-tickets-2010-2012.  Taylor's index
 * updates, which divide by the other index (tiny there), forecast 2.2e7
 * tickets in an hour of the week after. */
static const char *const sparse_weeks[21] = {
	"000000000000000102200100", "........................", "........................",
	"000000000000000001401001", "000000000000000210000011", "000000000000000003101002",
	"000000000000000100100033", "000000000000000020210000", "........................",
	"........................", "000000000000000000101000", "100000000000000000000000",
	"000000000000000002000000", "001000000000000000022021", "040000000000000002211000",
	"010000000000000000000000", "........................", "000000000000000001210010",
	"000000000000000001242010", "220000000000000003021040", "100000000000000001322001",
};

static void test_holt_winters_stays_within_a_sparse_series(void)
{
	struct ts x;
	double out[7 * 24], week = 0, total = 0;
	int days = 0;

	ts_init_slots(&x, 21, 28, 24);
	for (int d = 0; d < 21; d++)
		for (int j = 0; j < 24; j++)
			if (sparse_weeks[d][j] != '.')
				x.v[d * 24 + j] = sparse_weeks[d][j] - '0';
	for (int d = 0; d < 21; d++)
		if (sparse_weeks[d][0] != '.') {
			days++;
			for (int j = 0; j < 24; j++)
				total += x.v[d * 24 + j];
		}
	struct fc_origin o = { 21, 21, 7, out };
	fc_forecast(&x.s, FC_HOLT_WINTERS, &o, 1);
	for (int i = 0; i < 7 * 24; i++) {
		/* no hour above the busiest hour seen (4 tickets) */
		CU_ASSERT(out[i] >= 0 && out[i] <= 4);
		week += out[i];
	}
	/* the week after: about what a week carried (16 days with tickets
	 * in 3 weeks), not a multiple of it */
	CU_ASSERT(week > 0.5 * total / days * 5 && week < 2 * total / days * 7);
	CU_ASSERT(fc_plausible(&x.s, &o, NULL));
	ts_free(&x);
}

static void test_plausible_compares_with_the_slots_recent_most(void)
{
	struct ts x;
	double out[7 * T];
	struct fc_peak pk;

	ts_init(&x, 70, 77);
	for (int d = 0; d < 70; d++)
		for (int j = 0; j < T; j++)
			x.v[d * T + j] = pattern(d % 7, j);
	x.v[50 * T + 3] = 60; /* a Tuesday's evening (slot 3) once had 60 */
	struct fc_origin o = { 70, 70, 7, out };
	fc_forecast(&x.s, FC_WEEK_AVERAGE, &o, 1);
	CU_ASSERT(fc_plausible(&x.s, &o, NULL));
	/* Saturday evening usually carries 5; up to 3 x the 60 of any
	 * evening of the last 8 weeks is still a forecast */
	out[5 * T + 3] = 180;
	CU_ASSERT(fc_plausible(&x.s, &o, NULL));
	out[5 * T + 3] = 181;
	CU_ASSERT_FALSE(fc_plausible(&x.s, &o, &pk));
	CU_ASSERT_EQUAL(pk.day, 75);
	CU_ASSERT_EQUAL(pk.slot, 3);
	CU_ASSERT_DOUBLE_EQUAL(pk.value, 181, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(pk.recent_max, 60, 1e-9);
	/* the same on a day with an event factor of 2 is a launch, not a
	 * blow-up: the factor is divided out */
	x.factor = malloc(77 * sizeof(double));
	for (int d = 0; d < 77; d++)
		x.factor[d] = d == 75 ? 2 : 1;
	x.s.factor = x.factor;
	CU_ASSERT(fc_plausible(&x.s, &o, NULL));
	/* the 60 more than 8 weeks (56 days with data) before: forgotten */
	x.s.factor = NULL;
	out[5 * T + 3] = 3 * 10 * 1.4 + 1; /* over 3 x any weekday's 10 x 1.4 */
	CU_ASSERT(fc_plausible(&x.s, &o, NULL));
	x.v[50 * T + 3] = pattern(50 % 7, 3);
	x.v[10 * T + 3] = 60;
	CU_ASSERT_FALSE(fc_plausible(&x.s, &o, NULL));
	ts_free(&x);
}

static void test_auto_passes_over_a_method_that_blows_up(void)
{
	struct ts x;
	struct fc_result r, ref;
	int second = -1;

	/* the level jump of the test above: seasonal-naive is exact in the
	 * backtest; make its final forecast blow up (the 7th forecast: 6
	 * backtests first) and auto takes the next least WAPE instead */
	ts_init(&x, 140, 147);
	for (int d = 0; d < 140; d++)
		for (int j = 0; j < T; j++)
			x.v[d * T + j] = (d < 77 ? 1 : 10) * pattern(d % 7, j);
	fc_run(&x.s, FC_AUTO, 140, 7, 0, 8, &ref);
	CU_ASSERT_EQUAL(ref.method, FC_SEASONAL_NAIVE);
	for (int m = 0; m < FC_NMETHODS; m++) {
		CU_ASSERT_FALSE(ref.implausible[m]);
		if (m != FC_SEASONAL_NAIVE &&
		    (second < 0 || ref.acc[m].wape_interval < ref.acc[second].wape_interval))
			second = m;
	}
	sp_fault_arm(SP_FAULT_FORECAST, FC_NMETHODS + 1, 0);
	fc_run(&x.s, FC_AUTO, 140, 7, 0, 8, &r);
	sp_fault_arm(SP_FAULT_FORECAST, 0, 0);
	CU_ASSERT(r.implausible[FC_SEASONAL_NAIVE]);
	CU_ASSERT(r.peak[FC_SEASONAL_NAIVE].value > 1e6);
	CU_ASSERT_EQUAL(r.method, second);
	struct fc_origin fin = { 140, 140, 7, r.out };
	CU_ASSERT(fc_plausible(&x.s, &fin, NULL));
	fc_result_release(&r);
	/* a method asked for by name is kept, and flagged */
	sp_fault_arm(SP_FAULT_FORECAST, 1, 0);
	fc_run(&x.s, FC_HOLT_WINTERS, 140, 7, 0, 8, &r);
	sp_fault_arm(SP_FAULT_FORECAST, 0, 0);
	CU_ASSERT_EQUAL(r.method, FC_HOLT_WINTERS);
	CU_ASSERT(r.implausible[FC_HOLT_WINTERS]);
	fc_result_release(&r);
	fc_result_release(&ref);
	ts_free(&x);
}

static void test_method_names(void)
{
	for (int m = 0; m < FC_NMETHODS; m++)
		CU_ASSERT_EQUAL(fc_method_parse(fc_method_name(m)), m);
	CU_ASSERT_EQUAL(fc_method_parse("auto"), FC_AUTO);
	CU_ASSERT_EQUAL(fc_method_parse("arima"), -2);
	CU_ASSERT_EQUAL(fc_method_parse(""), -2);
	CU_ASSERT_STRING_EQUAL(fc_method_name(FC_AUTO), "auto");
}

TEST_SUITE(forecast)
{
	CU_pSuite s = CU_add_suite("forecast", NULL, NULL);

	CU_add_test(s, "methods reproduce a steady week", test_methods_reproduce_a_steady_week);
	CU_add_test(s, "same-interval methods known answers", test_same_interval_methods_known_answers);
	CU_add_test(s, "closed intervals stay zero", test_closed_intervals_stay_zero);
	CU_add_test(s, "DST multiplicity and events", test_dst_multiplicity_and_events);
	CU_add_test(s, "WAPE per interval, day, week and bias", test_wape_day_week_and_bias);
	CU_add_test(s, "backtest windows", test_backtest_windows);
	CU_add_test(s, "auto picks the least backtest error", test_auto_picks_the_least_backtest_error);
	CU_add_test(s, "auto without backtest uses week-average",
		    test_auto_without_backtest_uses_week_average);
	CU_add_test(s, "month-profile learns the month", test_month_profile_learns_the_month);
	CU_add_test(s, "holt-winters follows a level shift", test_holt_winters_follows_a_level_shift);
	CU_add_test(s, "holt-winters stays within a sparse series",
		    test_holt_winters_stays_within_a_sparse_series);
	CU_add_test(s, "plausible compares with the slot's recent most",
		    test_plausible_compares_with_the_slots_recent_most);
	CU_add_test(s, "auto passes over a method that blows up",
		    test_auto_passes_over_a_method_that_blows_up);
	CU_add_test(s, "method names", test_method_names);
}
