/* test_master.c - stage 1's aggregated model (src/sched/master.c): the
 * counts its MIP chooses must be weeks the agents may work */
#include "sched_fixture.h"

#include <stdlib.h>

/* One agent, one 4-hour shift a day at 08:00, five days at most and two
 * days off in a row.  Contacts come every day but Wednesday and Saturday,
 * so the cheapest week by the contract rows alone works the other five
 * days and rests on two days apart.  Stage 1's counts must keep the rule:
 * stage 2 cannot give an agent a week that breaks it, and on S-scarce the
 * shifts it dropped made counts priced at 11 633 a roster of 15 494. */
static void test_master_counts_keep_days_off(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	const char *ini = "[agents]\nmin_consecutive_days_off = 2\n"
			  "[shifts]\nlengths_hours = 4\nearliest_start = 08:00\nlatest_start = 08:00\n";
	char fc[512] = "start,language,volume\n";
	long d0 = sp_days_from_civil(2026, 11, 30);

	for (int d = 0; d < 7; d++) {
		char day[16];
		sp_date_print(d0 + d, day);
		snprintf(fc + strlen(fc), sizeof(fc) - strlen(fc), "%sT09:00,en,%d\n", day,
			 d == 2 || d == 5 ? 0 : 1);
	}
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, "id,name,languages,max_days\nw,W,en,5\n", NULL, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(x.s.ndays, 7);
	CU_ASSERT_EQUAL_FATAL(x.s.ngroups, 1);
	int *cnt = sp_xcalloc((size_t)x.s.ncols, sizeof(int));
	CU_ASSERT_EQUAL_FATAL(sched_stage1(&x.s, cnt, &err), SP_OK);
	CU_ASSERT_FATAL(x.s.stage1_counts);
	/* the counts as the agent's week */
	int days = 0;
	for (int j = 0; j < x.s.ncols; j++) {
		CU_ASSERT(cnt[j] >= 0 && cnt[j] <= 1);
		if (cnt[j] > 0) {
			*fx_slot(&x, 0, x.s.cols[j].day) = j;
			days++;
		}
	}
	CU_ASSERT_EQUAL(days, 4); /* not the five the contract allows */
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 0, NULL, 0), 0);
	lp_thread_done();
	free(cnt);
	fx_release(&x);
}

TEST_SUITE(master)
{
	CU_pSuite s = CU_add_suite("master", NULL, NULL);
	CU_add_test(s, "stage 1's counts keep the days off", test_master_counts_keep_days_off);
}
