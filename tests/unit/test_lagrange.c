/* test_lagrange.c - the Lagrangian bound (src/sched/lagrange.c): never
 * above the optimum found by brute force over every roster of tiny
 * instances, rising from its first prices, and its rounded roster keeping
 * the rules; no bound when an agent has no valid week */
#include "sched_fixture.h"

#include <math.h>

/* The least objective over every roster whose weeks keep every rule:
 * each agent and day off or on any column of the day. */
static double brute_optimum(struct fx *x)
{
	struct sched *s = &x->s;
	size_t n = (size_t)x->in.nagents * s->ndays;
	double best = HUGE_VAL;

	for (size_t i = 0; i < n; i++)
		s->assign[i] = -1;
	for (;;) {
		if (fx_all_valid(x)) {
			double v = fx_objective(x);
			if (v < best)
				best = v;
		}
		size_t i = 0;
		for (; i < n; i++) {
			int d = (int)(i % (size_t)s->ndays);
			int j = s->assign[i] < 0 ? s->day_first[d] : s->assign[i] + 1;
			if (j < s->day_first[d + 1]) {
				s->assign[i] = j;
				break;
			}
			s->assign[i] = -1;
		}
		if (i == n)
			return best;
	}
}

/* Two days of 4-hour shifts at 06:00, 10:00 and 14:00; 30 % shrinkage
 * makes the requirements fractional (1.43 agents for one contact an hour). */
static const char ini[] = "[service]\nshrinkage = 0.3\n"
			  "[shifts]\nlengths_hours = 4\nearliest_start = 06:00\nlatest_start = 14:00\n"
			  "start_step_minutes = 240\nmin_rest_hours = 11\n"
			  "[costs]\nunderstaffing_penalty = 100\n";
static const char fc[] = "start,language,volume\n"
			 "2026-11-30T08:00,en,1\n2026-11-30T09:00,en,1\n2026-11-30T10:00,en,3\n"
			 "2026-11-30T11:00,en,1\n2026-11-30T12:00,ko,1\n2026-11-30T13:00,ko,1\n"
			 "2026-12-01T10:00,en,1\n2026-12-01T11:00,en,2\n2026-12-01T15:00,ko,1\n";

static void check_bound(const char *agents, int alone)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, agents, NULL, &err), SP_OK);
	double opt = brute_optimum(&x);
	CU_ASSERT_FATAL(opt < HUGE_VAL);
	struct lag *L = sched_lag_create(&x.s, alone);
	double first = sched_lag_bound(L), last = first;
	CU_ASSERT(first > -HUGE_VAL);
	CU_ASSERT(first <= opt + 1e-6 * opt);
	/* in slices: the best bound never falls, and stays a bound */
	for (int k = 0; k < 40 && !sched_lag_converged(L); k++) {
		double b = sched_lag_run(L, sched_elapsed(&x.s) + 0.05);
		CU_ASSERT(b >= last);
		CU_ASSERT(b <= opt + 1e-6 * opt);
		last = b;
	}
	/* the first prices are a guess: the volume algorithm improves on it */
	CU_ASSERT(last > first + 0.01 * fabs(first));
	CU_ASSERT(last >= 0.95 * opt);   /* here it comes within 0.01 */
	/* the rounded roster keeps every rule but min_hours */
	sched_lag_roster(L, x.s.assign);
	for (int a = 0; a < x.in.nagents; a++)
		CU_ASSERT_EQUAL(sched_check_rules(&x.s, a, NULL, 0), 0);
	sched_lag_destroy(L);
	fx_release(&x);
}

static void test_lagrange_bound_below_brute_force(void)
{
	/* an en agent, a bilingual one, a ko one who must work a shift */
	const char *ag = "id,name,languages,cost_per_hour,min_hours\nx,X,en,20,0\ny,Y,en;ko,25,0\nz,Z,ko,18,4\n";
	check_bound(ag, 0);
	check_bound(ag, 1);
	/* two alike agents share a subproblem */
	check_bound("id,name,languages,cost_per_hour\nx,X,en,20\nw,W,en,20\ny,Y,en;ko,25\n", 1);
}

/* Twelve hours in two days of at most one 4-hour shift: no week is
 * valid, so there is no bound (the solve's rule check names the agent). */
static void test_lagrange_no_valid_week(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, "id,name,languages,min_hours\nx,X,en,12\n", NULL, &err), SP_OK);
	struct lag *L = sched_lag_create(&x.s, 1);
	CU_ASSERT_EQUAL(sched_lag_bound(L), -HUGE_VAL);
	CU_ASSERT(sched_lag_converged(L));
	CU_ASSERT_EQUAL(sched_lag_run(L, 10), -HUGE_VAL);
	sched_lag_destroy(L);
	sched_lag_destroy(NULL);
	fx_release(&x);
}

TEST_SUITE(lagrange)
{
	CU_pSuite s = CU_add_suite("lagrange", NULL, NULL);
	CU_add_test(s, "bound below the brute-force optimum, rising", test_lagrange_bound_below_brute_force);
	CU_add_test(s, "no valid week, no bound", test_lagrange_no_valid_week);
}
