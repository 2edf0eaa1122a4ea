/* test_eval.c - the solver's evaluator (src/sched/eval.c): the exact
 * objective of a hand-built roster, every hard rule reported by name when
 * broken (per week over two weeks, across the week boundary, from the
 * roster before the horizon), the search's incremental check against the
 * full one, a previous shift still running counted as staffing, the
 * min-hours repair, and the run it fills */
#include "sched_fixture.h"
#include "staffplan/kpi.h"

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

/* Two weeks of 8-hour shifts at 08:00 to 20:00 every 4 hours (no break), one agent
 * needed in every hour of the forecast's cell. */
static const char ini_two[] = "[service]\nshrinkage = 0\n[queue.chat]\nmin_agents = 1\n"
			      "[shifts]\nlengths_hours = 8\nearliest_start = 08:00\nlatest_start = 20:00\n"
			      "start_step_minutes = 240\nbreak_minutes = 0\nmin_rest_hours = 11\n"
			      "max_consecutive_days = 6\n[costs]\nunderstaffing_penalty = 100\n";

/* Agent a works the 08:00 shift on the days from d0 to d1. */
static void work(struct fx *x, int a, int d0, int d1)
{
	for (int d = d0; d <= d1; d++)
		*fx_slot(x, a, d) = fx_col(x, d, 8, 0, 480);
}

/* max_hours, max_days, min_hours and the days off hold in each week, not
 * over the horizon, and a broken rule names its week. */
static void test_eval_weekly_rules_per_week(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	char fc[2048], why[256];
	const char *ag = "id,name,languages,min_hours,max_hours,max_days\n"
			 "h,H,en,16,40,6\nd,D,en,0,60,5\nm,M,en,16,40,5\n";

	fx_days(fc, sizeof(fc), 14, 1);
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini_two, fc, ag, NULL, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(x.s.nweeks, 2);
	/* 40 hours in each week: 80 in all, within a weekly max_hours 40 */
	work(&x, 0, 0, 4);
	work(&x, 0, 7, 11);
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 0, why, sizeof(why)), 0);
	work(&x, 0, 5, 5);   /* 48 hours in week 1 */
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 0, why, sizeof(why)), 1);
	CU_ASSERT_STRING_EQUAL(why, "week 1 (2026-11-30 ..): 48.0 paid hours exceed max_hours = 40");
	/* six days in week 2 */
	work(&x, 1, 7, 12);
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 1, why, sizeof(why)), 1);
	CU_ASSERT_STRING_EQUAL(why, "week 2 (2026-12-07 ..): 6 working days exceed max_days = 5");
	/* 16 hours in week 1, none in week 2 */
	work(&x, 2, 0, 1);
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 2, why, sizeof(why)), 1);
	CU_ASSERT_STRING_EQUAL(why, "week 2 (2026-12-07 ..): min_hours = 16 cannot be reached "
			       "(0.0 paid hours scheduled)");
	CU_ASSERT_EQUAL(sched_check_rules(&x.s, 2, NULL, 0), 0);
	work(&x, 2, 9, 10);
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 2, NULL, 0), 0);
	fx_release(&x);

	/* two days off in a row inside each week: Friday and Sunday off in
	 * week 1 leave no such run there, though Sunday and the Monday after
	 * would make one across the weeks */
	char ini[1024];
	snprintf(ini, sizeof(ini), "%s[agents]\nmin_consecutive_days_off = 2\n", ini_two);
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, "id,name,languages\no,O,en\n", NULL, &err), SP_OK);
	work(&x, 0, 0, 3);
	work(&x, 0, 5, 5);
	work(&x, 0, 8, 9);
	CU_ASSERT_EQUAL(sched_check_rules(&x.s, 0, why, sizeof(why)), 1);
	CU_ASSERT_STRING_EQUAL(why, "week 1 (2026-11-30 ..): no run of min_consecutive_days_off = 2 days off");
	*fx_slot(&x, 0, 5) = -1;
	CU_ASSERT_EQUAL(sched_check_rules(&x.s, 0, NULL, 0), 0);
	fx_release(&x);
}

/* Rest and consecutive days run across the week boundary: Sunday 20:00
 * to Monday 04:00 leaves 4 hours before Monday 08:00, and Thursday to
 * Wednesday are seven days in a row though neither week has more than
 * four of them. */
static void test_eval_rest_and_runs_across_weeks(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	char fc[2048], why[256];

	fx_days(fc, sizeof(fc), 14, 1);
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini_two, fc, "id,name,languages\nr,R,en\nc,C,en\n", NULL, &err), SP_OK);
	*fx_slot(&x, 0, 6) = fx_col(&x, 6, 20, 0, 480);
	work(&x, 0, 7, 7);
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 0, why, sizeof(why)), 1);
	CU_ASSERT_STRING_EQUAL(why, "less than 11 hours of rest before the shift on day 8");
	CU_ASSERT_EQUAL(sched_check_change(&x.s, 0, (uint64_t)1 << 7, NULL, NULL, 0), 1);
	CU_ASSERT_EQUAL(sched_check_change(&x.s, 0, (uint64_t)1 << 6, NULL, NULL, 0), 1);
	*fx_slot(&x, 0, 7) = fx_col(&x, 7, 20, 0, 480);
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 0, NULL, 0), 0);
	work(&x, 1, 3, 9);
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 1, why, sizeof(why)), 1);
	CU_ASSERT_STRING_EQUAL(why, "more than max_consecutive_days = 6 days in a row");
	CU_ASSERT_EQUAL(sched_check_change(&x.s, 1, (uint64_t)1 << 9, NULL, NULL, 0), 1);
	*fx_slot(&x, 1, 6) = -1;
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 1, NULL, 0), 0);
	fx_release(&x);
}

static unsigned rnd(unsigned *x)
{
	*x = *x * 1103515245u + 12345u;
	return (*x >> 16) & 0x7fff;
}

/* The search's check of a change (sched_check_change) says what the full
 * check says, on random changes of one to three days of rosters that
 * kept the rules before: per week with min_hours as the search holds it
 * (a week short of it may stay short when it loses nothing), across
 * weeks, and from a previous roster (rest, days in a row). */
static void test_eval_change_check_agrees(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	char fc[2048], ini[1024];
	const char *ag = "id,name,languages,min_hours,max_hours,max_days\n"
			 "a,A,en,0,40,5\nb,B,en,16,24,3\nc,C,en,24,40,4\nd,D,en,8,32,5\n";

	snprintf(ini, sizeof(ini), "%s[agents]\nmin_consecutive_days_off = 2\n", ini_two);
	fx_days(fc, sizeof(fc), 14, 1);
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, ag, NULL, &err), SP_OK);
	/* c worked the five days before, the last until 23:00; d is still
	 * on duty at the start */
	for (int d = 25; d <= 29; d++) {
		char st[32], en[32];
		snprintf(st, sizeof(st), "2026-11-%02dT15:00", d);
		snprintf(en, sizeof(en), "2026-11-%02dT23:00", d);
		CU_ASSERT_EQUAL_FATAL(fx_prev(&x, "c", st, en, &err), SP_OK);
	}
	CU_ASSERT_EQUAL_FATAL(fx_prev(&x, "d", "2026-11-29T20:00", "2026-11-30T04:00", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(fx_rebuild(&x, &err), SP_OK);
	struct sched *s = &x.s;
	CU_ASSERT_EQUAL(s->carry_run[2], 5);
	unsigned seed = 5;
	int agree = 0, said_no = 0, said_yes = 0;
	for (int trial = 0; trial < 4000; trial++) {
		int a = (int)(rnd(&seed) % 4);
		int *row = &s->assign[(size_t)a * 14];
		/* a roster keeping the rules (min_hours aside): random shifts
		 * added while they keep them */
		for (int d = 0; d < 14; d++)
			row[d] = -1;
		for (int k = 0; k < 12; k++) {
			int d = (int)(rnd(&seed) % 14), old = row[d];
			row[d] = s->day_first[d] + (int)(rnd(&seed) % 2);
			if (sched_check_rules(s, a, NULL, 0))
				row[d] = old;
		}
		int before[2] = { sched_week_minutes(s, a, 0), sched_week_minutes(s, a, 1) };
		uint64_t mask = 0;
		int n = 1 + (int)(rnd(&seed) % 3);
		for (int k = 0; k < n; k++) {
			int d = (int)(rnd(&seed) % 14), r = (int)(rnd(&seed) % 3);
			row[d] = r == 2 ? -1 : s->day_first[d] + r;
			mask |= (uint64_t)1 << d;
		}
		int want = sched_check_rules(s, a, NULL, 0) != 0;
		for (int w = 0; w < 2 && !want; w++) {
			int m = sched_week_minutes(s, a, w);
			if (mask & ((uint64_t)0x7f << (7 * w)) && m < x.in.agents[a].min_hours * 60 && m < before[w])
				want = 1;
		}
		int added[2] = { sched_week_minutes(s, a, 0) - before[0], sched_week_minutes(s, a, 1) - before[1] };
		int got = sched_check_change(s, a, mask, added, NULL, 0) != 0;
		agree += got == want;
		said_no += got;
		said_yes += !got;
	}
	CU_ASSERT_EQUAL(agree, 4000);
	CU_ASSERT(said_no > 400 && said_yes > 400);
	fx_release(&x);
}

/* The roster before the horizon: rest after the last previous shift
 * blocks the first day's early shift, days worked in a row count on, and
 * a shift still running at the start blocks its agent and counts as
 * staffing, at no wage, without being a shift of the run. */
static void test_eval_previous_roster(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	char fc[2048], why[256];

	fx_days(fc, sizeof(fc), 14, 1);
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini_two, fc, "id,name,languages\nr,R,en\nc,C,en\nu,U,en\n", NULL,
				      &err), SP_OK);
	double empty = fx_objective(&x);
	CU_ASSERT_DOUBLE_EQUAL(empty, 100 * 24 * 14, 1e-6);
	/* r until 23:00 the evening before: no start before 10:00 */
	CU_ASSERT_EQUAL_FATAL(fx_prev(&x, "r", "2026-11-29T15:00", "2026-11-29T23:00", &err), SP_OK);
	/* c the six days before, maxc 6 */
	for (int d = 24; d <= 29; d++) {
		char st[32], en[32];
		snprintf(st, sizeof(st), "2026-11-%02dT08:00", d);
		snprintf(en, sizeof(en), "2026-11-%02dT16:00", d);
		CU_ASSERT_EQUAL_FATAL(fx_prev(&x, "c", st, en, &err), SP_OK);
	}
	/* u on duty 20:00 to 06:00 with an hour's break at 02:00 */
	CU_ASSERT_EQUAL_FATAL(sp_previous_add(&x.prev, &x.in, "u", fx_time(&x, "2026-11-29T20:00"),
					      fx_time(&x, "2026-11-30T06:00"), fx_time(&x, "2026-11-30T02:00"),
					      fx_time(&x, "2026-11-30T03:00"), 0, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(fx_rebuild(&x, &err), SP_OK);
	int m0 = fx_col(&x, 0, 8, 0, 480), e0 = fx_col(&x, 0, 20, 0, 480);
	CU_ASSERT(sched_blocked(&x.s, 0, m0));
	CU_ASSERT(!sched_blocked(&x.s, 0, e0));
	CU_ASSERT(!sched_blocked(&x.s, 0, fx_col(&x, 1, 8, 0, 480)));
	*fx_slot(&x, 0, 0) = m0;
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 0, why, sizeof(why)), 1);
	CU_ASSERT_STRING_EQUAL(why, "shift on day 1 starts less than min_rest_hours = 11 after its previous "
			       "shift (ended 2026-11-29T23:00+00:00)");
	*fx_slot(&x, 0, 0) = e0;
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 0, NULL, 0), 0);
	/* c: a seventh day in a row on day 1, not on day 2 */
	CU_ASSERT_EQUAL(x.s.carry_run[1], 6);
	work(&x, 1, 0, 0);
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 1, why, sizeof(why)), 1);
	CU_ASSERT_STRING_EQUAL(why, "more than max_consecutive_days = 6 days in a row (counting the 6 worked "
			       "just before the horizon)");
	CU_ASSERT_EQUAL(sched_check_change(&x.s, 1, 1, NULL, NULL, 0), 1);
	*fx_slot(&x, 1, 0) = -1;
	work(&x, 1, 1, 5);
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 1, NULL, 0), 0);
	/* u: blocked until 17:00 (06:00 + 11 hours), so 08:00 is out and
	 * 20:00 is in */
	CU_ASSERT(sched_blocked(&x.s, 2, m0) && !sched_blocked(&x.s, 2, e0));
	*fx_slot(&x, 2, 0) = m0;
	CU_ASSERT_EQUAL(sched_check_agent(&x.s, 2, why, sizeof(why)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "after its previous shift (ended 2026-11-30T06:00+00:00)"));
	*fx_slot(&x, 2, 0) = -1;
	/* its 00:00-06:00 less the break is staffing: 5 agent-hours less
	 * understaffing, and no wage */
	for (int d = 0; d < 14; d++)
		*fx_slot(&x, 0, d) = *fx_slot(&x, 1, d) = -1;
	struct seval ev;
	sched_evaluate(&x.s, &ev);
	CU_ASSERT_DOUBLE_EQUAL(ev.wages, 0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(ev.under_h, 24 * 14 - 5, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(ev.staffed[1], 1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(ev.staffed[2], 0, 1e-12); /* 02:00-03:00: the break */
	CU_ASSERT_DOUBLE_EQUAL(ev.staffed[5], 1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(ev.staffed[6], 0, 1e-12);
	seval_release(&ev);
	CU_ASSERT_DOUBLE_EQUAL(fx_objective(&x), empty - 100 * 5, 1e-6);
	/* as a run: coverage counts it, the roster does not list it */
	struct sp_run run;
	sp_run_init(&run);
	sched_to_run(&x.s, &run);
	CU_ASSERT_EQUAL(run.nshifts, 0);
	CU_ASSERT_DOUBLE_EQUAL(run.cells[0].staffed, 1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(run.cells[2].staffed, 0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.understaffing_agent_hours, 24 * 14 - 5, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.paid_hours, 0, 1e-12);
	sp_run_release(&run);
	fx_release(&x);
}

/* The run's fairness figures cover the horizon and each week. */
static void test_eval_fairness_per_week(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	char fc[2048];

	fx_days(fc, sizeof(fc), 14, 1);
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini_two, fc, "id,name,languages\np,P,en\nq,Q,en\n", NULL, &err), SP_OK);
	work(&x, 0, 0, 4);   /* p: 40 hours in week 1, 8 in week 2 */
	work(&x, 0, 7, 7);
	work(&x, 1, 8, 11);  /* q: none in week 1, 40 in week 2 */
	*fx_slot(&x, 1, 13) = fx_col(&x, 13, 20, 0, 480); /* a Sunday night */
	struct sp_run run;
	sp_run_init(&run);
	sched_to_run(&x.s, &run);
	const struct sp_run_kpis *k = &run.kpis;
	struct sp_fairness fw[2];
	CU_ASSERT_EQUAL_FATAL(kpi_nweeks(&run), 2);
	kpi_fairness_weeks(&run, NULL, fw);
	CU_ASSERT_DOUBLE_EQUAL(k->fairness.hours_min, 40, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(k->fairness.hours_max, 48, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(fw[0].hours_min, 0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(fw[0].hours_max, 40, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(fw[1].hours_min, 8, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(fw[1].hours_max, 40, 1e-9);
	CU_ASSERT_EQUAL(fw[0].weekends_max, 0);
	CU_ASSERT_EQUAL(fw[1].weekends_max, 1);
	CU_ASSERT_EQUAL(k->fairness.weekends_max, 1);
	sp_run_release(&run);
	fx_release(&x);
}

TEST_SUITE(eval)
{
	CU_pSuite s = CU_add_suite("eval", NULL, NULL);
	CU_add_test(s, "hand-built roster evaluated exactly", test_eval_hand_built_roster);
	CU_add_test(s, "rule checks name the rule", test_eval_rule_checks_name_the_rule);
	CU_add_test(s, "min-hours repair", test_eval_repair_min_hours);
	CU_add_test(s, "weekly rules per week, named by week", test_eval_weekly_rules_per_week);
	CU_add_test(s, "rest and runs across the week boundary", test_eval_rest_and_runs_across_weeks);
	CU_add_test(s, "the search's change check agrees with the full check", test_eval_change_check_agrees);
	CU_add_test(s, "the previous roster: rest, runs, a running shift", test_eval_previous_roster);
	CU_add_test(s, "fairness over the horizon and per week", test_eval_fairness_per_week);
}
