/* test_week.c - one agent's best week at column earnings (src/sched/week.c)
 * against brute force over every week of a four-day instance, the
 * prepared variant the Lagrangian uses, and the rest repair */
#include "sched_fixture.h"

#include <math.h>
#include <stdio.h>

/* Four days, shifts of 4 or 6 hours at 06:00, 10:00 and 14:00 (the late
 * 6-hour one with two night hours), two days off in a row. */
static const char ini[] = "[shifts]\nlengths_hours = 4,6\nearliest_start = 06:00\nlatest_start = 14:00\n"
			  "start_step_minutes = 240\nbreak_minutes = 0\nmin_rest_hours = 11\n"
			  "[agents]\nmin_consecutive_days_off = 2\n"
			  "[costs]\nnight_premium = 0.5\nnight_start = 18:00\nnight_end = 06:00\n";
static const char fc[] = "start,language,volume\n2026-11-30T09:00,en,5\n2026-12-01T09:00,en,5\n"
			 "2026-12-02T09:00,en,5\n2026-12-03T09:00,en,5\n";
/* a: the defaults; b: 8-14 hours on at most 3 days; c: unavailable on
 * the second morning, prefers the third afternoon off; d: 30 hours in two
 * days of at most 6, which no week gives */
static const char agents[] = "id,name,languages,cost_per_hour,min_hours,max_hours,max_days\n"
			     "a,A,en,20,0,40,5\nb,B,en,25,8,14,3\nc,C,en,15,12,20,4\nd,D,en,20,30,40,2\n";
static const char avail[] = "agent_id,start,end,type\n"
			    "c,2026-12-01T06:00,2026-12-01T12:00,unavailable\n"
			    "c,2026-12-02T15:00,2026-12-02T17:00,preferred_off\n";

static unsigned rnd(unsigned *x)
{
	*x = *x * 1103515245u + 12345u;
	return (*x >> 16) & 0x7fff;
}

/* The cost of agent a's week (cost minus earnings), or HUGE_VAL when it
 * breaks max_hours, min_hours, max_days, the days-off rule or
 * availability: the rules week_best keeps. */
static double week_cost(const struct sched *s, int a, const double *colv, const int *week)
{
	const struct sp_agent *ag = &s->in->agents[a];
	int k = s->in->cfg.min_consecutive_days_off, days = 0, run = 0, best_off = 0;
	double hours = 0, v = 0;

	for (int d = 0; d < s->ndays; d++) {
		int j = week[d];
		if (j < 0) {
			best_off = ++run > best_off ? run : best_off;
			continue;
		}
		run = 0;
		if (sched_blocked(s, a, j))
			return HUGE_VAL;
		days++;
		hours += s->cols[j].paid_min / 60.0;
		v += sched_col_cost(s, a, j) - colv[j];
	}
	if (hours > ag->max_hours + 1e-9 || hours < ag->min_hours - 1e-9 || days > ag->max_days ||
	    (k > 0 && k <= s->ndays && best_off < k))
		return HUGE_VAL;
	return v;
}

/* The least week_cost over every week (each day off or any of its
 * columns). */
static double brute_best(const struct sched *s, int a, const double *colv)
{
	int week[8], D = s->ndays;
	double best = HUGE_VAL;

	for (int d = 0; d < D; d++)
		week[d] = -1;
	for (;;) {
		double v = week_cost(s, a, colv, week);
		if (v < best)
			best = v;
		int d = 0;
		for (; d < D; d++) {
			/* next choice of day d: off, then its columns in order */
			int j = week[d] < 0 ? s->day_first[d] : week[d] + 1;
			if (j < s->day_first[d + 1]) {
				week[d] = j;
				break;
			}
			week[d] = -1;
		}
		if (d == D)
			return best;
	}
}

static void test_week_best_matches_brute_force(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, agents, avail, &err), SP_OK);
	const struct sched *s = &x.s;
	CU_ASSERT_EQUAL_FATAL(s->ndays, 4);
	CU_ASSERT_EQUAL_FATAL(s->ncols, 4 * 6);
	struct week_dp *W = week_dp_create(s);
	double colv[24];
	int week[4], nfound = 0;
	unsigned seed = 7;
	for (int round = 0; round < 40; round++) {
		/* earnings from nothing to well above any wage */
		for (int j = 0; j < s->ncols; j++)
			colv[j] = (double)(rnd(&seed) % 300);
		for (int a = 0; a < x.in.nagents; a++) {
			double want = brute_best(s, a, colv), got = week_best(W, a, colv, week);
			if (want == HUGE_VAL) {
				CU_ASSERT_EQUAL(got, HUGE_VAL);
				continue;
			}
			nfound++;
			CU_ASSERT_DOUBLE_EQUAL(got, want, 1e-9);
			CU_ASSERT_DOUBLE_EQUAL(week_cost(s, a, colv, week), got, 1e-9);
		}
	}
	/* a, b and c have valid weeks every time, d never */
	CU_ASSERT_EQUAL(nfound, 40 * 3);
	week_dp_destroy(W);
	fx_release(&x);
}

/* week_best_prepared picks the same week as week_best: for agents with
 * their own availability it prices every column anyway. */
static void test_week_prepared_agrees(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, agents, avail, &err), SP_OK);
	const struct sched *s = &x.s;
	struct week_dp *W = week_dp_create(s);
	double colv[24];
	int w1[4], w2[4];
	unsigned seed = 11;
	for (int round = 0; round < 40; round++) {
		for (int j = 0; j < s->ncols; j++)
			colv[j] = (double)(rnd(&seed) % 300);
		week_prepare(W, colv);
		for (int a = 0; a < x.in.nagents; a++) {
			double v1 = week_best(W, a, colv, w1), v2 = week_best_prepared(W, a, w2);
			if (v1 == HUGE_VAL) {
				CU_ASSERT_EQUAL(v2, HUGE_VAL);
				continue;
			}
			CU_ASSERT_DOUBLE_EQUAL(v1, v2, 1e-9);
			CU_ASSERT(!memcmp(w1, w2, sizeof(w1)));
		}
	}
	week_dp_destroy(W);
	fx_release(&x);
}

/* A 14:00-20:00 shift leaves 10 hours before the next day's 06:00 one:
 * the second moves to the later start of its length that pays most, or
 * goes when none is late enough. */
static void test_week_fix_rest(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, agents, NULL, &err), SP_OK);
	const struct sched *s = &x.s;
	double colv[24] = { 0 };
	int late = fx_col(&x, 0, 14, 0, 360), early = fx_col(&x, 1, 6, 0, 240);
	int mid = fx_col(&x, 1, 10, 0, 240), after = fx_col(&x, 1, 14, 0, 240);
	CU_ASSERT_FATAL(late >= 0 && early >= 0 && mid >= 0 && after >= 0);
	colv[after] = 100; /* 14:00 earns most */
	int week[4] = { late, early, -1, -1 };
	week_fix_rest(s, 0, colv, week);
	CU_ASSERT_EQUAL(week[0], late);
	CU_ASSERT_EQUAL(week[1], after);
	colv[after] = 0;
	colv[mid] = 100;
	week[1] = early;
	week_fix_rest(s, 0, colv, week);
	CU_ASSERT_EQUAL(week[1], mid);
	/* with 23 hours of rest no start of the next day is late enough */
	fx_release(&x);
	char ini23[512];
	snprintf(ini23, sizeof(ini23), "%s", ini);
	char *p = strstr(ini23, "min_rest_hours = 11");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	memcpy(p, "min_rest_hours = 23", 19);
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini23, fc, agents, NULL, &err), SP_OK);
	int last = fx_col(&x, 3, 6, 0, 240), w2[4] = { late, early, -1, last };
	week_fix_rest(&x.s, 0, colv, w2);
	CU_ASSERT_EQUAL(w2[0], late);
	CU_ASSERT_EQUAL(w2[1], -1);
	CU_ASSERT_EQUAL(w2[3], last); /* day 2 is off: day 3 keeps its shift */
	fx_release(&x);
}

TEST_SUITE(week)
{
	CU_pSuite s = CU_add_suite("week", NULL, NULL);
	CU_add_test(s, "best week matches brute force", test_week_best_matches_brute_force);
	CU_add_test(s, "prepared best week agrees", test_week_prepared_agrees);
	CU_add_test(s, "rest repair", test_week_fix_rest);
}
