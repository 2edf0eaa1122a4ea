/* test_eval.c - the solver's evaluator (src/sched/eval.c): the exact
 * objective of a hand-built roster, every hard rule reported by name when
 * broken, the min-hours repair, and the run it fills */
#include "sched_fixture.h"

#include <math.h>

/* Half an agent of en and half of ko on chat in every hour of one day;
 * night from 22:00 at a quarter more. */
static const char ini_day[] = "[service]\nshrinkage = 0\n[queue.chat]\nmin_agents = 0.5\n"
			      "[shifts]\nlengths_hours = 4\nearliest_start = 06:00\nlatest_start = 20:00\n"
			      "[costs]\nnight_premium = 0.25\nnight_start = 22:00\nnight_end = 06:00\n"
			      "understaffing_penalty = 500\n";
static const char fc_day[] = "start,language,volume\n2026-11-30T08:00,en,0\n2026-11-30T08:00,ko,0\n";

static int cell(const struct fx *x, const char *lang)
{
	for (int c = 0; c < x->req.ncells; c++)
		if (!strcmp(x->in.langs[x->req.cells[c].lang], lang))
			return c;
	return -1;
}

/* b (en and ko) works 20:00-24:00, two hours of it at night; e (en)
 * works 08:00-12:00.  b's hour splits between the two cells, e's covers
 * en only: 24 agent-hours required, 4 + 2 covered. */
static void test_eval_hand_built_roster(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	struct seval ev;

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini_day, fc_day, "id,name,languages\nb,B,en;ko\ne,E,en\n", NULL, &err),
			      SP_OK);
	int en = cell(&x, "en"), ko = cell(&x, "ko"), T = x.s.nint;
	CU_ASSERT_FATAL(en >= 0 && ko >= 0);
	CU_ASSERT_DOUBLE_EQUAL(x.req.required[(size_t)en * T + 3], 0.5, 1e-12);
	int late = fx_col(&x, 0, 20, 0, 240), morning = fx_col(&x, 0, 8, 0, 240);
	CU_ASSERT_FATAL(late >= 0 && morning >= 0);
	*fx_slot(&x, 0, 0) = late;
	*fx_slot(&x, 1, 0) = morning;
	sched_evaluate(&x.s, &ev);
	CU_ASSERT_DOUBLE_EQUAL(ev.wages, 20 * (4 + 0.25 * 2) + 20 * 4, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(ev.under_h, 24 - 6, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(ev.objective, 170 + 500 * 18, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(ev.staffed[(size_t)en * T + 21], 0.5, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(ev.staffed[(size_t)ko * T + 21], 0.5, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(ev.staffed[(size_t)ko * T + 9], 0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(ev.staffed[(size_t)en * T + 9], 1.0, 1e-9); /* e's spare half too */
	CU_ASSERT_DOUBLE_EQUAL(ev.pref_h + ev.changes + ev.hires, 0, 1e-12);
	seval_release(&ev);
	CU_ASSERT_PTR_NULL(ev.staffed);

	/* the same as a run */
	struct sp_run run;
	sp_run_init(&run);
	sched_to_run(&x.s, &run);
	CU_ASSERT_EQUAL(run.nshifts, 2);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.objective, 9170, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.cost, 170, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.understaffing_agent_hours, 18, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.paid_hours, 8, 1e-9);
	CU_ASSERT_EQUAL(run.kpis.agents_scheduled, 2);
	CU_ASSERT(isnan(run.kpis.lower_bound)); /* no bound was computed */
	CU_ASSERT_STRING_EQUAL(run.kpis.status, "feasible");
	CU_ASSERT_EQUAL(run.ncells, 2 * T);
	sp_run_release(&run);

	/* both on duty 20:00-24:00: each cell gets its half, nothing short there */
	*fx_slot(&x, 1, 0) = late;
	sched_evaluate(&x.s, &ev);
	CU_ASSERT_DOUBLE_EQUAL(ev.under_h, 24 - 4, 1e-9);
	seval_release(&ev);
	fx_release(&x);
}

/* Four days of 4-hour shifts; one agent a rule, each week breaking it. */
static const char ini_week[] = "[shifts]\nlengths_hours = 4\nearliest_start = 06:00\nlatest_start = 20:00\n"
			       "min_rest_hours = 11\nmax_consecutive_days = 2\n"
			       "[agents]\nmin_consecutive_days_off = 2\n";
static const char fc_week[] = "start,language,volume\n2026-11-30T09:00,en,5\n2026-12-01T09:00,en,5\n"
			      "2026-12-02T09:00,en,5\n2026-12-03T09:00,en,5\n";

static void test_eval_rule_checks_name_the_rule(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	/* min_consecutive_days_off 2 over four days: every valid week has
	 * two free days in a row */
	const char *ag = "id,name,languages,min_hours,max_hours,max_days\n"
			 "rest,R,en,0,40,5\nrun,U,en,0,40,5\nhours,H,en,0,6,5\ndays,D,en,0,40,1\n"
			 "minh,M,en,12,40,5\noff,O,en,0,40,5\naway,A,en,0,40,5\nfine,F,en,8,40,5\n";
	const char *av = "agent_id,start,end,type\naway,2026-12-02T11:00,2026-12-02T12:00,unavailable\n";
	char why[256];

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini_week, fc_week, ag, av, &err), SP_OK);
	int early[4], ten[4], late[4];
	for (int d = 0; d < 4; d++) {
		early[d] = fx_col(&x, d, 6, 0, 240);
		ten[d] = fx_col(&x, d, 10, 0, 240);
		late[d] = fx_col(&x, d, 20, 0, 240);
		CU_ASSERT_FATAL(early[d] >= 0 && ten[d] >= 0 && late[d] >= 0);
	}
	*fx_slot(&x, 0, 0) = late[0];   /* ends at 24:00, back at 06:00 */
	*fx_slot(&x, 0, 1) = early[1];
	for (int d = 0; d < 3; d++)     /* three days in a row */
		*fx_slot(&x, 1, d) = ten[d];
	*fx_slot(&x, 2, 0) = ten[0];    /* 8 hours over 6 */
	*fx_slot(&x, 2, 3) = ten[3];
	*fx_slot(&x, 3, 0) = ten[0];    /* two days over one */
	*fx_slot(&x, 3, 3) = ten[3];
	*fx_slot(&x, 4, 0) = ten[0];    /* 4 hours under 12 */
	*fx_slot(&x, 5, 0) = ten[0];    /* no two days off in a row */
	*fx_slot(&x, 5, 2) = ten[2];
	*fx_slot(&x, 6, 2) = ten[2];    /* meets 11:00-12:00 unavailable */
	*fx_slot(&x, 7, 0) = ten[0];    /* 8 hours, two days off after */
	*fx_slot(&x, 7, 1) = ten[1];

	static const char *const rule[] = { "rest", "max_consecutive_days", "max_hours", "max_days",
					    "min_hours", "min_consecutive_days_off", "unavailable" };
	for (int a = 0; a < 7; a++) {
		why[0] = 0;
		CU_ASSERT_EQUAL(sched_check_agent(&x.s, a, why, sizeof(why)), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(why, rule[a]));
		/* without min_hours only the min_hours week passes */
		CU_ASSERT_EQUAL(sched_check_rules(&x.s, a, NULL, 0), a != 4);
	}
	why[0] = 0;
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 7, why, sizeof(why)), 0);
	CU_ASSERT_STRING_EQUAL(why, "");
	fx_release(&x);
}

/* An agent below min_hours is given shifts until it reaches them, and
 * keeps every other rule. */
static void test_eval_repair_min_hours(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	const char *ag = "id,name,languages,min_hours,max_days\nm,M,en,12,2\nz,Z,en,0,5\n";

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini_week, fc_week, ag, NULL, &err), SP_OK);
	CU_ASSERT(sched_check_agent(&x.s, 0, NULL, 0));
	sched_repair_min_hours(&x.s);
	/* two days of at most 4 hours cannot make 12: as close as it gets */
	int days = 0;
	for (int d = 0; d < 4; d++)
		days += *fx_slot(&x, 0, d) >= 0;
	CU_ASSERT_EQUAL(days, 2);
	CU_ASSERT_EQUAL(sched_check_rules(&x.s, 0, NULL, 0), 0);
	for (int d = 0; d < 4; d++)
		CU_ASSERT_EQUAL(*fx_slot(&x, 1, d), -1); /* z had nothing to reach */
	fx_release(&x);

	/* two days at most (two off in a row out of four): 8 hours */
	ag = "id,name,languages,min_hours\nm,M,en,8\n";
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini_week, fc_week, ag, NULL, &err), SP_OK);
	sched_repair_min_hours(&x.s);
	CU_ASSERT(fx_all_valid(&x));
	fx_release(&x);
}

TEST_SUITE(eval)
{
	CU_pSuite s = CU_add_suite("eval", NULL, NULL);
	CU_add_test(s, "hand-built roster evaluated exactly", test_eval_hand_built_roster);
	CU_add_test(s, "rule checks name the rule", test_eval_rule_checks_name_the_rule);
	CU_add_test(s, "min-hours repair", test_eval_repair_min_hours);
}
