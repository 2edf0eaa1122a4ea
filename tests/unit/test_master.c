/* test_master.c - stage 1's aggregated model (src/sched/master.c): the
 * counts its MIP chooses must be weeks the agents may work */
#include "sched_fixture.h"

#include <math.h>
#include <stdlib.h>

/* Both desks below: one 4-hour shift a day at 08:00 (EIGHT_OCLOCK, the
 * [shifts] of plan.ini), and a week of contacts at 09:00, one a day but
 * on the days in closed (a bit per day from Monday). */
#define EIGHT_OCLOCK "[shifts]\nlengths_hours = 4\nearliest_start = 08:00\nlatest_start = 08:00\n"

static void nine_oclock(char *fc, size_t n, unsigned closed)
{
	long d0 = sp_days_from_civil(2026, 11, 30);

	snprintf(fc, n, "start,language,volume\n");
	for (int d = 0; d < 7; d++) {
		char day[16];
		sp_date_print(d0 + d, day);
		snprintf(fc + strlen(fc), n - strlen(fc), "%sT09:00,en,%d\n", day, closed >> d & 1 ? 0 : 1);
	}
}

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
	char fc[512];

	nine_oclock(fc, sizeof(fc), 1u << 2 | 1u << 5);
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, "[agents]\nmin_consecutive_days_off = 2\n" EIGHT_OCLOCK, fc,
				     "id,name,languages,max_days\nw,W,en,5\n", NULL, &err),
			      SP_OK);
	CU_ASSERT_EQUAL_FATAL(x.s.ndays, 7);
	CU_ASSERT_EQUAL_FATAL(x.s.ngroups, 1);
	int *cnt = sp_xcalloc((size_t)x.s.ncols, sizeof(int));
	CU_ASSERT_EQUAL_FATAL(sched_stage1(&x.s, cnt, NULL, NULL, &err), SP_OK);
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

/* One day, six languages on chat and e-mail each needing at least 1.43
 * agents (one, with 30 % shrinkage), and 60 agents speaking one to three
 * of them (tests/fixtures/oneday): the LP staffs fractions of agents, so
 * the cover rows of many cell sets and their roundings are cut, and a
 * column meets those of every interval it covers: more than the scratch
 * a column's nonzeros went into, which held 65 plus one per interval (95
 * on one day).  Stage 1 wrote past it (AddressSanitizer stops this test
 * on that code), and a one-day cut of the CLI's medium desk crashed. */
static void test_master_short_horizon_many_rows(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	const char *names[] = { "plan.ini", "forecast.csv", "agents.csv" };
	char *text[3], path[4096];

	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", test_path("tests/fixtures/oneday"), names[i]);
		text[i] = test_slurp(path, NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text[i]);
	}
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, text[0], text[1], text[2], NULL, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(x.s.ndays, 1);
	x.s.lp_only = 1; /* the rows come from column generation; no MIP */
	int *cnt = sp_xcalloc((size_t)x.s.ngroups * x.s.ncols, sizeof(int));
	CU_ASSERT_EQUAL_FATAL(sched_stage1(&x.s, cnt, NULL, NULL, &err), SP_OK);
	CU_ASSERT(x.s.lb_valid);
	/* above nothing, below leaving every agent-hour short */
	double need = 0;
	for (size_t i = 0; i < (size_t)x.s.ncells * x.s.nint; i++)
		need += x.req.required[i] * x.s.step / 3600.0;
	CU_ASSERT(need > 200);
	CU_ASSERT(x.s.lower_bound > 0);
	CU_ASSERT(x.s.lower_bound < need * x.in.cfg.understaffing_penalty);
	lp_thread_done();
	free(cnt);
	for (int i = 0; i < 3; i++)
		free(text[i]);
	fx_release(&x);
}

/* One contact at 09:00 every day of a week, needing one agent (no
 * shrinkage), and agents who may work five days each: one agent leaves
 * two days short whatever the LP does, two cover the week.  The bound
 * thread reads this figure to go on with the slow Lagrangian after column
 * generation (on a desk short at its peaks the LP over groups can lie far
 * below the Lagrangian over agents: the CLI's medium, 57 926 against
 * 61 443); the figure is agent-intervals, here agent-hours. */
static double lp_short(const char *agents)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	char fc[512];

	nine_oclock(fc, sizeof(fc), 0);
	if (fx_load(&x, "[service]\nshrinkage = 0\n" EIGHT_OCLOCK, fc, agents, NULL, &err) != SP_OK) {
		CU_FAIL(err.msg);
		return NAN;
	}
	x.s.lp_only = 1;
	int *cnt = sp_xcalloc((size_t)x.s.ngroups * x.s.ncols, sizeof(int));
	double v = sched_stage1(&x.s, cnt, NULL, NULL, &err) == SP_OK && x.s.lb_valid ? x.s.cg_short : NAN;
	lp_thread_done();
	free(cnt);
	fx_release(&x);
	return v;
}

static void test_master_reports_lp_shortfall(void)
{
	double one = lp_short("id,name,languages,max_days\nw,W,en,5\n");
	double two = lp_short("id,name,languages,max_days\nw,W,en,5\nv,V,en,5\n");

	CU_ASSERT_DOUBLE_EQUAL(one, 2.0, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(two, 0.0, 1e-6);
}

TEST_SUITE(master)
{
	CU_pSuite s = CU_add_suite("master", NULL, NULL);
	CU_add_test(s, "stage 1's counts keep the days off", test_master_counts_keep_days_off);
	CU_add_test(s, "a column meeting more rows than a week has intervals", test_master_short_horizon_many_rows);
	CU_add_test(s, "the LP's shortfall, for the bound thread", test_master_reports_lp_shortfall);
}
