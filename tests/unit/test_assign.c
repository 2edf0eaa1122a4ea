/* test_assign.c - stage 2 (src/sched/assign.c): a group's shift counts
 * given to named agents by a small MIP, or greedily, every rule kept;
 * counts no agent can take are left out, not forced */
#include "sched_fixture.h"

#include <stdlib.h>

/* Two days of 4-hour shifts every two hours from 06:00; 11 hours rest. */
static const char ini[] = "[shifts]\nlengths_hours = 4\nearliest_start = 06:00\nlatest_start = 20:00\n"
			  "start_step_minutes = 120\nmin_rest_hours = 11\n";
static const char fc[] = "start,language,volume\n2026-11-30T09:00,en,5\n2026-12-01T09:00,en,5\n";

/* How many agents work column j. */
static int on_col(struct fx *x, int j)
{
	int n = 0;
	for (int a = 0; a < x->in.nagents; a++)
		n += *fx_slot(x, a, x->s.cols[j].day) == j;
	return n;
}

/* One late shift on the first day, two early and one afternoon shift on
 * the second: whoever works late (back after 6 hours) must take the
 * afternoon. */
static void assign_rest_case(int stopped)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	volatile int stop = stopped; /* stopped: the greedy assignment */
	struct sched_opts o = { 0 };

	o.time_limit = 10;
	o.stop = &stop;
	CU_ASSERT_EQUAL_FATAL(fx_load_opts(&x, ini, fc, "id,name,languages\na,A,en\nb,B,en\nc,C,en\n", NULL, &o,
					   &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(x.s.ngroups, 1);
	int late = fx_col(&x, 0, 20, 0, 240), early = fx_col(&x, 1, 6, 0, 240), noon = fx_col(&x, 1, 14, 0, 240);
	CU_ASSERT_FATAL(late >= 0 && early >= 0 && noon >= 0);
	int *cnt = sp_xcalloc((size_t)x.s.ncols, sizeof(int));
	cnt[late] = 1;
	cnt[early] = 2;
	cnt[noon] = 1;
	for (int a = 0; a < 3; a++) /* whatever was there goes */
		*fx_slot(&x, a, 0) = *fx_slot(&x, a, 1) = early;
	CU_ASSERT_EQUAL(sched_assign(&x.s, cnt, 2, &err), SP_OK);
	CU_ASSERT_EQUAL(on_col(&x, late), 1);
	CU_ASSERT_EQUAL(on_col(&x, early), 2);
	CU_ASSERT_EQUAL(on_col(&x, noon), 1);
	int day0 = 0;
	for (int a = 0; a < 3; a++)
		day0 += *fx_slot(&x, a, 0) >= 0;
	CU_ASSERT_EQUAL(day0, 1); /* the early shifts put there before are gone */
	for (int a = 0; a < 3; a++) {
		CU_ASSERT_EQUAL(sched_check_rules(&x.s, a, NULL, 0), 0);
		if (*fx_slot(&x, a, 0) == late)
			CU_ASSERT_EQUAL(*fx_slot(&x, a, 1), noon);
	}
	free(cnt);
	fx_release(&x);
}

static void test_assign_mip_keeps_rest(void)
{
	assign_rest_case(0);
}

static void test_assign_greedy_keeps_rest(void)
{
	assign_rest_case(1);
}

/* Four shifts for three agents who may work one day each: one is left
 * out, and no agent works two days. */
static void test_assign_leaves_out_what_nobody_can_take(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	const char *ag = "id,name,languages,max_days\na,A,en,1\nb,B,en,1\nc,C,en,1\n";

	for (int stopped = 0; stopped < 2; stopped++) {
		volatile int stop = stopped;
		struct sched_opts o = { 0 };
		o.time_limit = 10;
		o.stop = &stop;
		CU_ASSERT_EQUAL_FATAL(fx_load_opts(&x, ini, fc, ag, NULL, &o, &err), SP_OK);
		int d0 = fx_col(&x, 0, 10, 0, 240), d1 = fx_col(&x, 1, 10, 0, 240);
		CU_ASSERT_FATAL(d0 >= 0 && d1 >= 0);
		int *cnt = sp_xcalloc((size_t)x.s.ncols, sizeof(int));
		cnt[d0] = 2;
		cnt[d1] = 2;
		CU_ASSERT_EQUAL(sched_assign(&x.s, cnt, 2, &err), SP_OK);
		CU_ASSERT_EQUAL(on_col(&x, d0) + on_col(&x, d1), 3);
		for (int a = 0; a < 3; a++)
			CU_ASSERT_EQUAL(sched_check_rules(&x.s, a, NULL, 0), 0);
		free(cnt);
		fx_release(&x);
	}
}

TEST_SUITE(assign)
{
	CU_pSuite s = CU_add_suite("assign", NULL, NULL);
	CU_add_test(s, "MIP keeps the rest rule", test_assign_mip_keeps_rest);
	CU_add_test(s, "greedy keeps the rest rule", test_assign_greedy_keeps_rest);
	CU_add_test(s, "what nobody can take is left out", test_assign_leaves_out_what_nobody_can_take);
}
