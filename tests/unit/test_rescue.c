/* test_rescue.c - re-planning a week the min_hours repair cannot fill
 * (src/sched/rescue.c): where a fourth shift fits only once the days off
 * are moved together, the repair now finds a valid week; it keeps rest
 * against the week before; and where no week reaches min_hours it leaves
 * the week as it was */
#include "sched_fixture.h"

/* 8-hour shifts from 08:00 to 20:00 every 4 hours, at most 3 days in a row and a run of
 * 3 days off every week. */
static const char ini_tight[] = "[service]\nshrinkage = 0\n[queue.chat]\nmin_agents = 1\n"
				"[shifts]\nlengths_hours = 8\nearliest_start = 08:00\nlatest_start = 20:00\n"
				"start_step_minutes = 240\nbreak_minutes = 0\nmin_rest_hours = 11\n"
				"max_consecutive_days = 3\n[agents]\nmin_consecutive_days_off = 3\n"
				"[costs]\nunderstaffing_penalty = 100\n";

static void work(struct fx *x, int a, int d0, int d1, int hour)
{
	for (int d = d0; d <= d1; d++)
		*fx_slot(x, a, d) = fx_col(x, d, hour, 0, 480);
}

static int days_worked(struct fx *x, int a, int d0, int len)
{
	int n = 0;

	for (int d = d0; d < d0 + len; d++)
		n += *fx_slot(x, a, d) >= 0;
	return n;
}

/* Tue-Thu worked: Mon or Fri makes four in a row, Sat or Sun splits the
 * days off, so no shift can be added; Mon-Wed and Sun (or the like) can. */
static void test_rescue_moves_the_days_off_together(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	char fc[1024], why[256];

	fx_days(fc, sizeof(fc), 7, 1);
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini_tight, fc, "id,name,languages,min_hours,max_hours,max_days\n"
						   "a,A,en,32,40,5\n", NULL, &err), SP_OK);
	work(&x, 0, 1, 3, 8);
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 0, why, sizeof(why)), 1); /* 24 of 32 hours */
	sched_repair_min_hours(&x.s);
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 0, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(sched_week_minutes(&x.s, 0, 0), 32 * 60);
	CU_ASSERT_EQUAL(days_worked(&x, 0, 0, 7), 4);
	fx_release(&x);
}

/* Week 1 ends with a Sunday night shift (to Monday 04:00): week 2's
 * re-planned shifts keep 11 hours of rest after it and three days in a
 * row at most across the boundary; week 1 stays as it was. */
static void test_rescue_keeps_rest_across_weeks(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	char fc[2048], why[256];
	int week1[7];

	fx_days(fc, sizeof(fc), 14, 1);
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini_tight, fc, "id,name,languages,min_hours,max_hours,max_days\n"
						   "a,A,en,32,40,5\n", NULL, &err), SP_OK);
	work(&x, 0, 0, 2, 8);
	work(&x, 0, 6, 6, 20);
	work(&x, 0, 8, 10, 8);
	memcpy(week1, x.s.assign, sizeof(week1));
	CU_ASSERT_EQUAL(sched_rescue_week(&x.s, 0, 1), 1);
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 0, why, sizeof(why)), 0);
	CU_ASSERT(sched_week_minutes(&x.s, 0, 1) >= 32 * 60);
	CU_ASSERT_EQUAL(memcmp(week1, x.s.assign, sizeof(week1)), 0);
	int mon = *fx_slot(&x, 0, 7);
	CU_ASSERT(mon < 0 || x.s.cols[mon].start - x.s.cols[*fx_slot(&x, 0, 6)].end >= 11 * 3600);
	fx_release(&x);
}

/* 48 hours need six shifts; the rules allow four a week: the week is left
 * as it was and the call says so. */
static void test_rescue_leaves_an_impossible_week(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	char fc[1024];
	int before[7];

	fx_days(fc, sizeof(fc), 7, 1);
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini_tight, fc, "id,name,languages,min_hours,max_hours,max_days\n"
						   "a,A,en,48,48,6\n", NULL, &err), SP_OK);
	work(&x, 0, 1, 3, 8);
	memcpy(before, x.s.assign, sizeof(before));
	CU_ASSERT_EQUAL(sched_rescue_week(&x.s, 0, 0), 0);
	CU_ASSERT_EQUAL(memcmp(before, x.s.assign, sizeof(before)), 0);
	fx_release(&x);
}

TEST_SUITE(rescue)
{
	CU_pSuite s = CU_add_suite("rescue", NULL, NULL);
	CU_add_test(s, "the days off moved together", test_rescue_moves_the_days_off_together);
	CU_add_test(s, "rest across the week boundary", test_rescue_keeps_rest_across_weeks);
	CU_add_test(s, "an impossible week left as it was", test_rescue_leaves_an_impossible_week);
}
