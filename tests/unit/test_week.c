/* test_week.c - one agent's best week at column earnings (src/sched/week.c)
 * against brute force over every week of a four-day instance and of each
 * week of a two-week one, the prepared variant the Lagrangian uses, and
 * the repair of rest and consecutive days (with days carried over) */
#include "sched_fixture.h"

#include <math.h>
#include <stdio.h>

/* Four days, shifts of 4 or 6 hours at 08:00, 12:00 and 16:00 (the late
 * 6-hour one with two night hours), two days off in a row. */
static const char ini[] = "[shifts]\nlengths_hours = 4,6\nearliest_start = 08:00\nlatest_start = 16:00\n"
			  "start_step_minutes = 240\nbreak_minutes = 0\nmin_rest_hours = 11\n"
			  "[agents]\nmin_consecutive_days_off = 2\n"
			  "[costs]\nnight_premium = 0.5\nnight_start = 20:00\nnight_end = 08:00\n";
static const char fc[] = "start,language,volume\n2026-11-30T11:00,en,5\n2026-12-01T11:00,en,5\n"
			 "2026-12-02T11:00,en,5\n2026-12-03T11:00,en,5\n";
/* a: the defaults; b: 8-14 hours on at most 3 days; c: unavailable on
 * the second morning, prefers the third afternoon off; d: 30 hours in two
 * days of at most 6, which no week gives */
static const char agents[] = "id,name,languages,cost_per_hour,min_hours,max_hours,max_days\n"
			     "a,A,en,20,0,40,5\nb,B,en,25,8,14,3\nc,C,en,15,12,20,4\nd,D,en,20,30,40,2\n";
static const char avail[] = "agent_id,start,end,type\n"
			    "c,2026-12-01T08:00,2026-12-01T14:00,unavailable\n"
			    "c,2026-12-02T17:00,2026-12-02T19:00,preferred_off\n";

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

/* A 16:00-22:00 shift leaves 10 hours before the next day's 08:00 one:
 * the second moves to the later start of its length that pays most, or
 * goes when none is late enough. */
static void test_week_fix(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, agents, NULL, &err), SP_OK);
	const struct sched *s = &x.s;
	double colv[24] = { 0 };
	int late = fx_col(&x, 0, 16, 0, 360), early = fx_col(&x, 1, 8, 0, 240);
	int mid = fx_col(&x, 1, 12, 0, 240), after = fx_col(&x, 1, 16, 0, 240);
	CU_ASSERT_FATAL(late >= 0 && early >= 0 && mid >= 0 && after >= 0);
	colv[after] = 100; /* 16:00 earns most */
	int week[4] = { late, early, -1, -1 };
	week_fix(s, 0, colv, week);
	CU_ASSERT_EQUAL(week[0], late);
	CU_ASSERT_EQUAL(week[1], after);
	colv[after] = 0;
	colv[mid] = 100;
	week[1] = early;
	week_fix(s, 0, colv, week);
	CU_ASSERT_EQUAL(week[1], mid);
	/* with 23 hours of rest no start of the next day is late enough */
	fx_release(&x);
	char ini23[512];
	snprintf(ini23, sizeof(ini23), "%s", ini);
	char *p = strstr(ini23, "min_rest_hours = 11");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	memcpy(p, "min_rest_hours = 23", 19);
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini23, fc, agents, NULL, &err), SP_OK);
	int last = fx_col(&x, 3, 8, 0, 240), w2[4] = { late, early, -1, last };
	week_fix(&x.s, 0, colv, w2);
	CU_ASSERT_EQUAL(w2[0], late);
	CU_ASSERT_EQUAL(w2[1], -1);
	CU_ASSERT_EQUAL(w2[3], last); /* day 2 is off: day 3 keeps its shift */
	fx_release(&x);
}

/* Two weeks (2026-11-30 .. 2026-12-13), a 4- or 8-hour shift at 08:00
 * each day, a day off in a row per week.  e: 8-16 hours on at most 2 days
 * a week; f: 12 hours a week at least; g: a hiring candidate who must
 * work 8 hours a week once hired. */
static const char ini2[] = "[shifts]\nlengths_hours = 4,8\nearliest_start = 08:00\nlatest_start = 08:00\n"
			   "break_minutes = 0\n[agents]\nmin_consecutive_days_off = 1\n"
			   "[costs]\nhire_cost_per_week = 100\n";
static const char agents2[] = "id,name,languages,cost_per_hour,min_hours,max_hours,max_days\n"
			      "e,E,en,20,8,16,2\nf,F,en,10,12,40,5\n";

/* The best of agent a's week w alone (days [7w, 7w + 7)), with strict
 * min_hours: the weekly rules are all the programme keeps, and they
 * split by week. */
static double brute_week(const struct sched *s, int a, const double *colv, int w)
{
	const struct sp_agent *ag = &s->in->agents[a];
	int d0 = 7 * w, pick[7];
	double best = HUGE_VAL;

	for (int d = 0; d < 7; d++)
		pick[d] = -1;
	for (;;) {
		int days = 0, run = 0, best_off = 0, bad = 0;
		double hours = 0, v = 0;
		for (int d = 0; d < 7; d++) {
			int j = pick[d];
			if (j < 0) {
				best_off = ++run > best_off ? run : best_off;
				continue;
			}
			run = 0;
			bad |= sched_blocked(s, a, j);
			days++;
			hours += s->cols[j].paid_min / 60.0;
			v += sched_col_cost(s, a, j) - colv[j];
		}
		if (!bad && hours <= ag->max_hours + 1e-9 && hours >= ag->min_hours - 1e-9 && days <= ag->max_days &&
		    best_off >= s->in->cfg.min_consecutive_days_off && v < best)
			best = v;
		int d = 0;
		for (; d < 7; d++) {
			int j = pick[d] < 0 ? s->day_first[d0 + d] : pick[d] + 1;
			if (j < s->day_first[d0 + d + 1]) {
				pick[d] = j;
				break;
			}
			pick[d] = -1;
		}
		if (d == 7)
			return best;
	}
}

/* Over two weeks, hours, days and days off hold per week: e works 16
 * hours in each week (not 16 in all), f at least 12 in each, and the
 * candidate g is hired for the horizon (twice the weekly hire cost) or
 * not at all. */
static void test_week_two_weeks(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	char fc2[2048] = "start,language,volume\n", ag[512];

	for (int d = 0; d < 14; d++)
		snprintf(fc2 + strlen(fc2), sizeof(fc2) - strlen(fc2), "2026-%s-%02dT09:00,en,5\n",
			 d < 1 ? "11" : "12", d < 1 ? 30 : d);
	snprintf(ag, sizeof(ag), "%sg,G,en,15,8,40,5\n", agents2);
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini2, fc2, ag, NULL, &err), SP_OK);
	x.in.agents[2].hypothetical = 1; /* as a what-if hire makes it */
	const struct sched *s = &x.s;
	CU_ASSERT_EQUAL_FATAL(s->ndays, 14);
	CU_ASSERT_EQUAL_FATAL(s->nweeks, 2);
	CU_ASSERT_EQUAL_FATAL(s->ncols, 28);
	CU_ASSERT_DOUBLE_EQUAL(s->hire_cost, 200, 1e-9);
	struct week_dp *W = week_dp_create(s);
	double colv[28];
	int week[14];
	unsigned seed = 3;
	int hired = 0, idle = 0;
	for (int round = 0; round < 30; round++) {
		/* from nothing to well above any wage (g's pays its hire
		 * in some rounds, not in others) */
		for (int j = 0; j < s->ncols; j++)
			colv[j] = (double)(rnd(&seed) % (round % 2 ? 400 : 70));
		for (int a = 0; a < 3; a++) {
			double want = brute_week(s, a, colv, 0) + brute_week(s, a, colv, 1);
			if (a == 2) /* the candidate: idle, or hired for both weeks */
				want = fmin(0, want + s->hire_cost);
			double got = week_best(W, a, colv, week);
			CU_ASSERT_DOUBLE_EQUAL(got, want, 1e-9);
			/* the week it wrote costs what it says, and keeps the rules */
			int works = 0;
			for (int d = 0; d < 14; d++)
				works |= week[d] >= 0;
			double v = a == 2 && works ? s->hire_cost : 0;
			for (int d = 0; d < 14; d++) {
				if (week[d] >= 0)
					v += sched_col_cost(s, a, week[d]) - colv[week[d]];
				x.s.assign[(size_t)a * 14 + d] = week[d];
			}
			CU_ASSERT_DOUBLE_EQUAL(v, got, 1e-9);
			if (a == 2) {
				hired += got < 0;
				idle += got == 0;
			}
		}
	}
	CU_ASSERT(hired > 0 && idle > 0); /* both answers were met */
	/* e may work 16 hours in each week: 32 in all */
	for (int j = 0; j < s->ncols; j++)
		colv[j] = 100 * s->cols[j].paid_min / 60.0;
	week_best(W, 0, colv, week);
	int h0 = 0, h1 = 0;
	for (int d = 0; d < 14; d++)
		if (week[d] >= 0)
			*(d < 7 ? &h0 : &h1) += s->cols[week[d]].paid_min;
	CU_ASSERT_EQUAL(h0, 16 * 60);
	CU_ASSERT_EQUAL(h1, 16 * 60);
	week_dp_destroy(W);
	fx_release(&x);
}

/* max_consecutive_days across the horizon and from the days worked just
 * before it: week_fix drops the day that makes a run too long. */
static void test_week_fix_runs(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	struct sp_previous prev;
	struct sched_opts o = { 0 };
	char fc2[2048] = "start,language,volume\n";

	for (int d = 0; d < 14; d++)
		snprintf(fc2 + strlen(fc2), sizeof(fc2) - strlen(fc2), "2026-%s-%02dT09:00,en,5\n",
			 d < 1 ? "11" : "12", d < 1 ? 30 : d);
	sp_previous_init(&prev);
	o.time_limit = 10;
	o.previous = &prev;
	const char *ini3 = "[shifts]\nlengths_hours = 4\nearliest_start = 08:00\nlatest_start = 08:00\n"
			   "max_consecutive_days = 3\n";
	/* first without history: days 5..9 worked, five in a row across
	 * the weekend lose day 8 */
	CU_ASSERT_EQUAL_FATAL(fx_load_opts(&x, ini3, fc2, "id,name,languages\na,A,en\n", NULL, &o, &err), SP_OK);
	int wk[14];
	for (int d = 0; d < 14; d++)
		wk[d] = d >= 5 && d <= 9 ? x.s.day_first[d] : -1;
	week_fix(&x.s, 0, NULL, wk);
	for (int d = 0; d < 14; d++)
		CU_ASSERT_EQUAL(wk[d] >= 0, d >= 5 && d <= 9 && d != 8);
	/* two days worked before the horizon: of days 0..3 only one more in
	 * a row, then day 2 and 3 */
	fx_release(&x);
	CU_ASSERT_EQUAL_FATAL(fx_load_opts(&x, ini3, fc2, "id,name,languages\na,A,en\n", NULL, &o, &err), SP_OK);
	/* 2026-11-28 and 29, 08:00-12:00 UTC */
	CU_ASSERT_EQUAL_FATAL(sp_previous_add(&prev, &x.in, "a", 1795852800, 1795867200, 0, 0, 0, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(sp_previous_add(&prev, &x.in, "a", 1795939200, 1795953600, 0, 0, 0, &err), SP_OK);
	sched_release(&x.s);
	memset(&x.s, 0, sizeof(x.s));
	CU_ASSERT_EQUAL_FATAL(sched_build(&x.s, &x.in, &x.req, &x.opts, &err), SP_OK);
	CU_ASSERT_EQUAL(x.s.carry_run[0], 2);
	for (int d = 0; d < 14; d++)
		wk[d] = d <= 3 ? x.s.day_first[d] : -1;
	week_fix(&x.s, 0, NULL, wk);
	CU_ASSERT(wk[0] >= 0 && wk[1] < 0 && wk[2] >= 0 && wk[3] >= 0);
	sp_previous_release(&prev);
	fx_release(&x);
}

TEST_SUITE(week)
{
	CU_pSuite s = CU_add_suite("week", NULL, NULL);
	CU_add_test(s, "best week matches brute force", test_week_best_matches_brute_force);
	CU_add_test(s, "prepared best week agrees", test_week_prepared_agrees);
	CU_add_test(s, "rest repair", test_week_fix);
	CU_add_test(s, "two weeks: the weekly rules per week, a hire for the horizon", test_week_two_weeks);
	CU_add_test(s, "runs across the horizon and from before it", test_week_fix_runs);
}
