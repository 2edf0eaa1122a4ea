/* test_inst.c - the solver's instance (src/sched/inst.c): shift columns on
 * a DST day, past the horizon and with breaks; groups, blocked columns,
 * preferred time off and the baseline; a horizon too long to plan */
#include "sched_fixture.h"

#include <math.h>
#include <stdio.h>

/* Paid hours of column j summed over its coverage pieces (in intervals of
 * step seconds). */
static double covered_hours(const struct sched *s, int j)
{
	double h = 0;
	for (int p = 0; p < s->cols[j].ncov; p++)
		h += s->cov_f[s->cols[j].cov0 + p] * s->step / 3600.0;
	return h;
}

/* London springs forward at 01:00 on 2027-03-28: 01:00 and 01:30 do not
 * exist that day, so no shift starts then, and the day has 23 intervals. */
static void test_inst_dst_day_skips_missing_starts(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	const char *ini = "[site]\ntimezone = Europe/London\n"
			  "[shifts]\nlengths_hours = 4\nearliest_start = 00:00\nlatest_start = 03:00\n"
			  "start_step_minutes = 30\n";
	const char *fc = "start,language,volume\n2027-03-27T09:00,en,5\n2027-03-28T09:00,en,5\n";

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, "id,name,languages\na,A,en\n", NULL, &err), SP_OK);
	const struct sched *s = &x.s;
	CU_ASSERT_EQUAL(s->ndays, 2);
	CU_ASSERT_EQUAL(s->nint, 24 + 23);
	CU_ASSERT_EQUAL(s->day_first[1] - s->day_first[0], 7); /* 00:00 .. 03:00 every 30 min */
	CU_ASSERT_EQUAL(s->day_first[2] - s->day_first[1], 5);
	for (int j = s->day_first[1]; j < s->day_first[2]; j++) {
		struct sp_local l;
		sp_tz_local(&x.in.tz, s->cols[j].start, &l);
		CU_ASSERT(l.hour != 1);
		CU_ASSERT_EQUAL(s->cols[j].day, 1);
	}
	/* 02:00 BST is 01:00 UTC: an hour after the day's start */
	int j = fx_col(&x, 1, 2, 0, 240);
	CU_ASSERT_FATAL(j >= 0);
	CU_ASSERT_EQUAL(s->cols[j].start - s->day_start[1], 3600);
	CU_ASSERT_EQUAL(s->cols[j].end - s->cols[j].start, 4 * 3600);
	CU_ASSERT_DOUBLE_EQUAL(covered_hours(s, j), 4.0, 1e-9);
	/* the columns of a day are in order of start (the search relies on it) */
	for (int k = s->day_first[1] + 1; k < s->day_first[2]; k++)
		CU_ASSERT(s->cols[k - 1].start <= s->cols[k].start);
	fx_release(&x);
}

/* Starts sit on the start_step_minutes grid counted from midnight (SPEC
 * 4.2), not from earliest_start: with a 120-minute step and 07:00-11:00,
 * shifts start at 08:00 and 10:00 (they started at 07:00, 09:00 and 11:00,
 * which an independent checker refused). */
static void test_inst_starts_on_the_grid_from_midnight(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	const char *ini = "[shifts]\nlengths_hours = 4\nearliest_start = 07:00\nlatest_start = 11:00\n"
			  "start_step_minutes = 120\n";
	const char *fc = "start,language,volume\n2027-03-22T09:00,en,5\n";

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, "id,name,languages\na,A,en\n", NULL, &err), SP_OK);
	const struct sched *s = &x.s;
	CU_ASSERT_EQUAL(s->day_first[1] - s->day_first[0], 2);
	for (int j = s->day_first[0]; j < s->day_first[1]; j++) {
		struct sp_local l;
		sp_tz_local(&x.in.tz, s->cols[j].start, &l);
		CU_ASSERT_EQUAL(l.min, 0);
		CU_ASSERT(l.hour == 8 || l.hour == 10);
	}
	fx_release(&x);
}

/* A shift starting at 22:00 on the last day runs past the horizon: it
 * covers only the intervals inside it, but its night hours and wages are
 * the whole shift's. */
static void test_inst_shift_past_the_horizon(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	const char *ini = "[shifts]\nlengths_hours = 4\nearliest_start = 20:00\nlatest_start = 22:00\n"
			  "[costs]\nnight_premium = 0.25\nnight_start = 22:00\nnight_end = 06:00\n";
	const char *fc = "start,language,volume\n2026-11-30T09:00,en,5\n";

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, "id,name,languages\na,A,en\n", NULL, &err), SP_OK);
	const struct sched *s = &x.s;
	CU_ASSERT_EQUAL(s->nint, 24);
	int j = fx_col(&x, 0, 22, 0, 240);
	CU_ASSERT_FATAL(j >= 0);
	CU_ASSERT_EQUAL(s->cols[j].ncov, 2);
	for (int p = 0; p < s->cols[j].ncov; p++)
		CU_ASSERT(s->cov_t[s->cols[j].cov0 + p] < s->nint);
	CU_ASSERT_DOUBLE_EQUAL(covered_hours(s, j), 2.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(s->cols[j].night_h, 4.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(s->cols[j].wage_h, 4 + 0.25 * 4, 1e-9);
	/* 20:00-24:00: two night hours, all inside */
	j = fx_col(&x, 0, 20, 0, 240);
	CU_ASSERT_FATAL(j >= 0);
	CU_ASSERT_DOUBLE_EQUAL(covered_hours(s, j), 4.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(s->cols[j].night_h, 2.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(sched_col_cost(s, 0, j), 20 * (4 + 0.25 * 2), 1e-9);
	fx_release(&x);

	/* London's clocks go forward at 01:00 GMT on 2027-03-28, after a
	 * horizon ending that midnight: a 10-hour shift from Saturday 23:00
	 * works 23:00-06:00 BST of the night, six hours (it was charged
	 * seven, the horizon's last offset carried on) */
	ini = "[site]\ntimezone = Europe/London\n"
	      "[shifts]\nlengths_hours = 10\nearliest_start = 23:00\nlatest_start = 23:00\nbreak_minutes = 0\n"
	      "[costs]\nnight_premium = 0.25\nnight_start = 22:00\nnight_end = 06:00\n";
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, "start,language,volume\n2027-03-27T09:00,en,5\n",
				      "id,name,languages\na,A,en\n", NULL, &err), SP_OK);
	j = fx_col(&x, 0, 23, 0, 600);
	CU_ASSERT_FATAL(j >= 0);
	CU_ASSERT_EQUAL(x.s.cols[j].end - x.s.cols[j].start, 10 * 3600);
	CU_ASSERT_DOUBLE_EQUAL(x.s.cols[j].night_h, 6.0, 1e-9);
	fx_release(&x);
}

/* An 8-hour shift gets a 30-minute break at every half hour from 2 to 5
 * hours after its start, a 4-hour one none; a shift whose break window
 * lies past its end is not offered. */
static void test_inst_breaks_inside_the_window(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	const char *ini = "[site]\ninterval_minutes = 30\n"
			  "[shifts]\nlengths_hours = 4,8\nearliest_start = 08:00\nlatest_start = 08:00\n"
			  "break_minutes = 30\nbreak_after_hours = 6\nbreak_window_hours = 2,5\n";
	const char *fc = "start,language,volume\n2026-11-30T09:00,en,5\n";

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, "id,name,languages\na,A,en\n", NULL, &err), SP_OK);
	const struct sched *s = &x.s;
	int n8 = 0, n4 = 0, other = 0;
	for (int j = 0; j < s->ncols; j++) {
		const struct scol *c = &s->cols[j];
		if (c->paid_min == 240) {
			n4++;
			CU_ASSERT_EQUAL(c->bstart, 0);
			CU_ASSERT_EQUAL(c->end - c->start, 4 * 3600);
		} else if (c->paid_min == 480) {
			n8++;
			CU_ASSERT(c->bstart - c->start >= 2 * 3600 && c->bstart - c->start <= 5 * 3600);
			CU_ASSERT_EQUAL((c->bstart - c->start) % 1800, 0);
			CU_ASSERT_EQUAL(c->bend - c->bstart, 1800);
			CU_ASSERT_EQUAL(c->end - c->start, 8 * 3600 + 1800);
			CU_ASSERT_DOUBLE_EQUAL(covered_hours(s, j), 8.0, 1e-9);
			/* no piece inside the break */
			for (int p = 0; p < c->ncov; p++) {
				time_t i0 = s->day_start[0] + (time_t)s->cov_t[c->cov0 + p] * s->step;
				CU_ASSERT(i0 + s->step <= c->bstart || i0 >= c->bend);
			}
		} else {
			other++;
		}
	}
	CU_ASSERT_EQUAL(n4, 1);
	CU_ASSERT_EQUAL(n8, 7);
	CU_ASSERT_EQUAL(other, 0);
	fx_release(&x);

	/* 3 hours need a break after 2.5, and the window opens at 3 */
	const char *late = "[shifts]\nlengths_hours = 2,3\nearliest_start = 08:00\nlatest_start = 08:00\n"
			   "break_after_hours = 2.5\nbreak_window_hours = 3,5\n";
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, late, fc, "id,name,languages\na,A,en\n", NULL, &err), SP_OK);
	CU_ASSERT_EQUAL(x.s.ncols, 1);
	CU_ASSERT_EQUAL(x.s.cols[0].paid_min, 120);
	fx_release(&x);

	/* a 60-minute break on 30-minute intervals: still whole intervals */
	const char *ini60 = "[site]\ninterval_minutes = 30\n"
			    "[shifts]\nlengths_hours = 8\nearliest_start = 08:00\nlatest_start = 08:00\n"
			    "break_minutes = 60\nbreak_window_hours = 3,3\n";
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini60, fc, "id,name,languages\na,A,en\n", NULL, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(x.s.ncols, 1);
	CU_ASSERT_EQUAL(x.s.cols[0].bstart - x.s.cols[0].start, 3 * 3600);
	CU_ASSERT_EQUAL(x.s.cols[0].ncov, 16);
	fx_release(&x);
}

/* Agents with the same cells share a group; unavailable time blocks the
 * columns it meets, preferred time off costs per hour. */
static void test_inst_groups_blocked_and_preferences(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	const char *ini = "[shifts]\nlengths_hours = 4\nearliest_start = 08:00\nlatest_start = 12:00\n"
			  "start_step_minutes = 240\n[costs]\npreferred_off_penalty = 10\n";
	const char *fc = "start,language,volume\n2026-11-30T09:00,en,5\n2026-11-30T09:00,ko,5\n";
	const char *ag = "id,name,languages\na,A,en\nb,B,en\nc,C,en;ko\n";
	const char *av = "agent_id,start,end,type\n"
			 "a,2026-11-30T09:00,2026-11-30T10:00,unavailable\n"
			 "b,2026-11-30T13:00,2026-11-30T14:30,preferred_off\n";

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, ag, av, &err), SP_OK);
	const struct sched *s = &x.s;
	CU_ASSERT_EQUAL(s->ngroups, 2);
	CU_ASSERT_EQUAL(s->agent_group[0], s->agent_group[1]);
	CU_ASSERT_NOT_EQUAL(s->agent_group[0], s->agent_group[2]);
	CU_ASSERT_EQUAL(s->groups[s->agent_group[2]].ncells, 2);
	int morning = fx_col(&x, 0, 8, 0, 240), noon = fx_col(&x, 0, 12, 0, 240);
	CU_ASSERT_FATAL(morning >= 0 && noon >= 0);
	CU_ASSERT(sched_blocked(s, 0, morning));
	CU_ASSERT(!sched_blocked(s, 0, noon));
	CU_ASSERT(!sched_blocked(s, 1, morning));
	CU_ASSERT_DOUBLE_EQUAL(sched_pref_hours(s, 1, noon), 1.5, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(sched_pref_hours(s, 1, morning), 0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(sched_col_cost(s, 1, noon), 20 * 4 + 10 * 1.5, 1e-6);
	fx_release(&x);
}

/* With a baseline, keeping its shift is no change, and another shift or
 * none is one; without a baseline shift that day, any shift is one. */
static void test_inst_baseline_changes(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	const char *ini = "[shifts]\nlengths_hours = 4\nearliest_start = 08:00\nlatest_start = 12:00\n"
			  "start_step_minutes = 240\n";
	const char *fc = "start,language,volume\n2026-11-30T09:00,en,5\n2026-12-01T09:00,en,5\n";
	struct sched_opts o = { 0 };
	/* 2026-11-30T08:00 UTC */
	struct sched_baseline_shift bl[] = { { "a", 1796025600, 240, 0 }, { "ghost", 1796025600, 240, 0 } };

	o.time_limit = 10;
	o.baseline = bl;
	o.nbaseline = 2;
	CU_ASSERT_EQUAL_FATAL(fx_load_opts(&x, ini, fc, "id,name,languages\na,A,en\n", NULL, &o, &err), SP_OK);
	const struct sched *s = &x.s;
	int morning = fx_col(&x, 0, 8, 0, 240), noon = fx_col(&x, 0, 12, 0, 240);
	CU_ASSERT_FATAL(morning >= 0 && noon >= 0);
	CU_ASSERT_EQUAL(s->cols[morning].start, 1796025600);
	CU_ASSERT_EQUAL(sched_change(s, 0, 0, morning), 0);
	CU_ASSERT_EQUAL(sched_change(s, 0, 0, noon), 1);
	CU_ASSERT_EQUAL(sched_change(s, 0, 0, -1), 1);
	CU_ASSERT_EQUAL(sched_change(s, 0, 1, -1), 0);
	CU_ASSERT_EQUAL(sched_change(s, 0, 1, fx_col(&x, 1, 8, 0, 240)), 1);
	fx_release(&x);
}

/* 63 days cannot be planned at once: a clear error (the input refuses
 * more than 6 weeks), nothing built. */
static void test_inst_horizon_too_long(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	const char *fc = "start,language,volume\n2026-01-01T09:00,en,5\n2026-03-04T09:00,en,5\n";

	CU_ASSERT_EQUAL(fx_load(&x, "", fc, "id,name,languages\na,A,en\n", NULL, &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "expected at most 6 whole weeks"));
	CU_ASSERT_EQUAL(x.s.ncols, 0);
	fx_release(&x);
}

/* What a previous roster leaves the instance: the first start the rest
 * allows (earlier columns blocked, with the reason), the days in a row,
 * the on-duty time of a shift still running (its break excluded) as the
 * group's fixed supply, small groups split by what was carried; and the
 * weeks of a two-week horizon. */
static void test_inst_previous_roster_and_weeks(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	char fc[2048], why[160];
	const char *ini = "[shifts]\nlengths_hours = 4\nearliest_start = 06:00\nlatest_start = 18:00\n"
			  "start_step_minutes = 120\nmin_rest_hours = 10\n";

	fx_days(fc, sizeof(fc), 14, 5);
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, "id,name,languages\np,P,en\nq,Q,en\nr,R,en\n", NULL, &err),
			      SP_OK);
	const struct sched *s = &x.s;
	CU_ASSERT_EQUAL(s->nweeks, 2);
	CU_ASSERT_EQUAL(s->ngroups, 1);
	CU_ASSERT_PTR_NULL(s->fixsup);
	CU_ASSERT_STRING_EQUAL(sched_week_label(s, 1, why, sizeof(why)), "week 2 (2026-12-07 ..)");
	CU_ASSERT_EQUAL(sched_week_len(s, 1), 7);
	/* p: until 23:30, then 10 hours: 06:00 is out, 10:00 in */
	CU_ASSERT_EQUAL_FATAL(fx_prev(&x, "p", "2026-11-29T17:00", "2026-11-29T23:30", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(fx_prev(&x, "p", "2026-11-28T09:00", "2026-11-28T13:00", &err), SP_OK);
	/* q: on duty 22:00-04:30 with a break 01:00-01:30 */
	CU_ASSERT_EQUAL_FATAL(sp_previous_add(&x.prev, &x.in, "q", fx_time(&x, "2026-11-29T22:00"),
					      fx_time(&x, "2026-11-30T04:30"), fx_time(&x, "2026-11-30T01:00"),
					      fx_time(&x, "2026-11-30T01:30"), 0, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(fx_rebuild(&x, &err), SP_OK);
	CU_ASSERT_EQUAL(s->carry_run[0], 2);
	CU_ASSERT_EQUAL(s->carry_run[1], 1);
	CU_ASSERT_EQUAL(s->carry_run[2], 0);
	int six = fx_col(&x, 0, 6, 0, 240), ten = fx_col(&x, 0, 10, 0, 240), two = fx_col(&x, 0, 14, 0, 240);
	CU_ASSERT(sched_blocked(s, 0, six) && !sched_blocked(s, 0, ten));
	sched_blocked_why(s, 0, six, why, sizeof(why));
	CU_ASSERT_STRING_EQUAL(why, "starts less than min_rest_hours = 10 after its previous shift "
			       "(ended 2026-11-29T23:30+00:00)");
	/* q is free from 14:30 */
	CU_ASSERT(sched_blocked(s, 1, ten) && !sched_blocked(s, 1, fx_col(&x, 0, 18, 0, 240)));
	CU_ASSERT(sched_blocked(s, 1, two));
	CU_ASSERT(!sched_blocked(s, 2, six));
	CU_ASSERT(!sched_carry_blocked(s, 2, six));
	/* small instance: p, q and r each carried something else, so each
	 * is a group of its own; q's running shift is its group's supply */
	CU_ASSERT_EQUAL(s->ngroups, 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s->fixsup);
	int g = s->agent_group[1];
	CU_ASSERT_DOUBLE_EQUAL(sched_fixed(s, g, 0), 1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(sched_fixed(s, g, 1), 0.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(sched_fixed(s, g, 3), 1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(sched_fixed(s, g, 4), 0.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(sched_fixed(s, g, 5), 0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(sched_fixed(s, s->agent_group[0], 0), 0, 1e-12);
	fx_release(&x);
}

TEST_SUITE(inst)
{
	CU_pSuite s = CU_add_suite("inst", NULL, NULL);
	CU_add_test(s, "DST day skips missing starts", test_inst_dst_day_skips_missing_starts);
	CU_add_test(s, "starts on the grid from midnight", test_inst_starts_on_the_grid_from_midnight);
	CU_add_test(s, "shift past the horizon", test_inst_shift_past_the_horizon);
	CU_add_test(s, "breaks inside the window", test_inst_breaks_inside_the_window);
	CU_add_test(s, "groups, blocked columns, preferences", test_inst_groups_blocked_and_preferences);
	CU_add_test(s, "baseline changes", test_inst_baseline_changes);
	CU_add_test(s, "horizon too long", test_inst_horizon_too_long);
	CU_add_test(s, "previous roster and weeks", test_inst_previous_roster_and_weeks);
}
