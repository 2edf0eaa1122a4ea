/* test_kpi.c - key figures from a run: coverage, service level, hours,
 * counts, fairness by contract
 *
 * Runs are built by hand with figures worked out on paper; the contract
 * groups include ties, an agent in no group (NaN) and the one-group case.
 * The weeks of a two-week horizon: shifts by their date, nights by the
 * paid time (a break over the night start does not count), weekends.
 */
#include "tests.h"

#include "staffplan/kpi.h"
#include "staffplan/tz.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void add_cell(struct sp_run *run, double required, double understaffed, double arrivals,
		     double sl)
{
	struct sp_run_cell *c;

	run->cells = sp_xrealloc(run->cells, (size_t)(run->ncells + 1) * sizeof(*run->cells));
	c = &run->cells[run->ncells++];
	memset(c, 0, sizeof(*c));
	c->required = required;
	c->understaffed = understaffed;
	c->staffed = required - understaffed;
	c->arrivals = arrivals;
	c->service_level = sl;
}

static void add_agent(struct sp_run *run, const char *id, double hours, int nights, int weekends)
{
	struct sp_run_agent *a = sp_run_add_agent(run, id, id, "", "");

	a->hours = hours;
	a->nights = nights;
	a->weekends = weekends;
	a->shifts = hours > 0;
}

static void test_kpi_coverage_and_service_level(void)
{
	struct sp_run run;
	struct sp_run_shift *s;

	sp_run_init(&run);
	run.kpis.objective = 42; /* the solver's: left alone */
	add_cell(&run, 2, 0, 10, 0.8);
	add_cell(&run, 3, 1e-7, 30, 0.9); /* short by less than 1e-6: fully staffed */
	add_cell(&run, 1, 0.5, 0, 0.1);   /* short; no contacts: no weight */
	add_cell(&run, 0, 0, 0, 1);       /* no requirement: not counted */
	s = sp_run_add_shift(&run, "a", "A", "", "");
	s->paid_minutes = 450;
	s = sp_run_add_shift(&run, "a", "A", "", "");
	s->paid_minutes = 90;
	add_agent(&run, "a", 9, 0, 0);
	add_agent(&run, "b", 0, 0, 0);
	kpi_from_run(&run, NULL);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.coverage, 2.0 / 3, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.service_level, (8 + 27) / 40.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.paid_hours, 9, 1e-12);
	CU_ASSERT_EQUAL(run.kpis.agents_scheduled, 1);
	CU_ASSERT_EQUAL(run.kpis.agents_total, 2);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.objective, 42, 0);
	sp_run_release(&run);
}

static void test_kpi_empty_run(void)
{
	struct sp_run run;

	sp_run_init(&run);
	run.kpis.paid_hours = 99; /* recomputed, not added to */
	kpi_from_run(&run, NULL);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.coverage, 1, 0);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.service_level, 1, 0);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.paid_hours, 0, 0);
	CU_ASSERT_EQUAL(run.kpis.agents_total, 0);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.fairness.hours_max, 0, 0);
	CU_ASSERT_EQUAL(run.kpis.fairness.nights_max, 0);
	sp_run_release(&run);
}

/* Full-timers spread 38-30 (8 h), part-timers 20-4 (16 h): the
 * part-timers' figures are the ones reported. */
static void test_kpi_fairness_widest_contract(void)
{
	const struct kpi_contract full = { 32, 40, 5 }, part = { 0, 20, 3 };
	const struct kpi_contract contract[] = { full, part, full, part, { NAN, 40, 5 } };
	struct sp_run run;
	const struct sp_fairness *f = &run.kpis.fairness;

	sp_run_init(&run);
	add_agent(&run, "f1", 38, 2, 1);
	add_agent(&run, "p1", 20, 1, 2);
	add_agent(&run, "f2", 30, 0, 0);
	add_agent(&run, "p2", 4, 3, 0);
	add_agent(&run, "x", 100, 9, 9); /* no contract group */
	kpi_from_run(&run, contract);
	CU_ASSERT_DOUBLE_EQUAL(f->hours_min, 4, 0);
	CU_ASSERT_DOUBLE_EQUAL(f->hours_max, 20, 0);
	CU_ASSERT_DOUBLE_EQUAL(f->hours_stddev, 8, 1e-12); /* mean 12: sqrt(208 - 144) */
	CU_ASSERT_EQUAL(f->nights_min, 1);
	CU_ASSERT_EQUAL(f->nights_max, 3);
	CU_ASSERT_EQUAL(f->weekends_min, 0);
	CU_ASSERT_EQUAL(f->weekends_max, 2);

	/* one group for all (NULL): everyone, x included */
	kpi_from_run(&run, NULL);
	CU_ASSERT_DOUBLE_EQUAL(f->hours_min, 4, 0);
	CU_ASSERT_DOUBLE_EQUAL(f->hours_max, 100, 0);
	CU_ASSERT_EQUAL(f->nights_max, 9);
	sp_run_release(&run);
}

/* Two groups with the same spread: the one whose first agent comes first. */
static void test_kpi_fairness_tie_takes_first_group(void)
{
	const struct kpi_contract a = { 10, 20, 5 }, b = { 0, 20, 5 };
	const struct kpi_contract contract[] = { a, b, b, a };
	struct sp_run run;

	sp_run_init(&run);
	add_agent(&run, "a1", 10, 1, 0);
	add_agent(&run, "b1", 0, 5, 0);
	add_agent(&run, "b2", 10, 5, 0);
	add_agent(&run, "a2", 20, 2, 0);
	kpi_from_run(&run, contract);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.fairness.hours_min, 10, 0); /* group a */
	CU_ASSERT_EQUAL(run.kpis.fairness.nights_min, 1);
	CU_ASSERT_EQUAL(run.kpis.fairness.nights_max, 2);
	sp_run_release(&run);
}

/* Erlang A cells weigh by arrivals; Erlang C cells (NaN) stay out. */
static void test_kpi_abandon_rate(void)
{
	struct sp_run run;

	sp_run_init(&run);
	CU_ASSERT_TRUE(isnan(run.kpis.abandon_rate)); /* a new run is Erlang C */
	add_cell(&run, 1, 0, 10, 0.9);
	run.cells[0].abandon_rate = NAN;
	kpi_from_run(&run, NULL);
	CU_ASSERT_TRUE(isnan(run.kpis.abandon_rate));
	CU_ASSERT_TRUE(isnan(kpi_abandon_rate(&run)));
	add_cell(&run, 1, 0, 30, 0.9);
	run.cells[1].abandon_rate = 0.02;
	add_cell(&run, 1, 0, 10, 0.9);
	run.cells[2].abandon_rate = 0.10;
	add_cell(&run, 1, 0, 0, 0.9); /* no contacts: no weight */
	run.cells[3].abandon_rate = 0.9;
	kpi_from_run(&run, NULL);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.abandon_rate, (30 * 0.02 + 10 * 0.10) / 40, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.service_level, 0.9, 1e-12);
	/* cells with a rate but no contacts at all: nobody hangs up */
	run.cells[1].arrivals = run.cells[2].arrivals = 0;
	CU_ASSERT_DOUBLE_EQUAL(kpi_abandon_rate(&run), 0, 0);
	sp_run_release(&run);
}

/* A shift of agent id on local date y-m-d from hh:mm for len minutes,
 * with a break of blen minutes boff minutes after the start (blen 0: none),
 * all in Asia/Singapore (UTC+8, no DST). */
static void add_local_shift(struct sp_run *run, const char *id, const char *date, int y, int m, int d,
			    int hh, int mm, int len, int boff, int blen)
{
	struct sp_tz tz;
	struct sp_run_shift *s = sp_run_add_shift(run, id, id, "", "");

	CU_ASSERT_FATAL(sp_tz_init(&tz, "Asia/Singapore", NULL) == SP_OK);
	CU_ASSERT_FATAL(sp_tz_to_utc(&tz, y, m, d, hh, mm, &s->start) == SP_LOCAL_OK);
	s->end = s->start + len * 60;
	if (blen) {
		s->brk_start = s->start + boff * 60;
		s->brk_end = s->brk_start + blen * 60;
	}
	s->paid_minutes = len - blen;
	snprintf(s->date, sizeof(s->date), "%s", date);
}

/* Two weeks from Monday 30 Nov 2026 with the night 22:00-06:00. */
static void two_week_run(struct sp_run *run)
{
	struct sp_tz tz;

	sp_run_init(run);
	snprintf(run->site_tz, sizeof(run->site_tz), "Asia/Singapore");
	CU_ASSERT_FATAL(sp_tz_init(&tz, "Asia/Singapore", NULL) == SP_OK);
	CU_ASSERT_FATAL(sp_tz_to_utc(&tz, 2026, 11, 30, 0, 0, &run->horizon_start) == SP_LOCAL_OK);
	run->ndays = 14;
	run->interval_minutes = 60;
	add_agent(run, "a", 24, 1, 1);
	add_agent(run, "b", 8, 0, 1);
	add_local_shift(run, "a", "2026-11-30", 2026, 11, 30, 9, 0, 480, 0, 0);    /* Mon, week 1 */
	add_local_shift(run, "a", "2026-12-05", 2026, 12, 5, 22, 0, 480, 0, 0);    /* Sat night */
	/* Tue 8 Dec 13:00-22:30, break 21:30-22:30: the night minutes are
	 * all in the unpaid break, so it is not a night shift */
	add_local_shift(run, "a", "2026-12-08", 2026, 12, 8, 13, 0, 570, 510, 60);
	add_local_shift(run, "b", "2026-12-14", 2026, 12, 14, 9, 0, 480, 0, 0);    /* after the horizon */
	add_local_shift(run, "b", "garbled", 2026, 12, 13, 10, 0, 480, 0, 0);      /* Sun 13 Dec by its start */
	add_local_shift(run, "b", "2026-11-29", 2026, 11, 29, 10, 0, 480, 0, 0);   /* before */
	add_local_shift(run, "z", "2026-12-01", 2026, 12, 1, 10, 0, 480, 0, 0);    /* not an agent */
}

static void test_kpi_weeks_classify_shifts(void)
{
	struct sp_run run;
	struct kpi_shift ks[7];

	two_week_run(&run);
	CU_ASSERT_EQUAL(kpi_nweeks(&run), 2);
	kpi_classify_shifts(&run, ks);
	CU_ASSERT(ks[0].day == 0 && ks[0].week == 0 && !ks[0].night && !ks[0].weekend);
	CU_ASSERT(ks[1].day == 5 && ks[1].week == 0 && ks[1].night && ks[1].weekend);
	CU_ASSERT(ks[2].day == 8 && ks[2].week == 1 && !ks[2].night && !ks[2].weekend);
	CU_ASSERT(ks[3].day == -1 && ks[3].week == -1);
	CU_ASSERT(ks[4].day == 13 && ks[4].week == 1 && ks[4].weekend);
	CU_ASSERT(ks[5].day == -1 && ks[5].week == -1 && ks[5].weekend); /* a Sunday */
	/* the break ends at 22:30: moved to 21:00-22:00, the paid half hour
	 * 22:00-22:30 makes it a night shift */
	run.shifts[2].brk_start -= 1800;
	run.shifts[2].brk_end -= 1800;
	kpi_classify_shifts(&run, ks);
	CU_ASSERT(ks[2].night);
	/* no night window at all (start == end) */
	run.night_start = run.night_end = 0;
	kpi_classify_shifts(&run, ks);
	CU_ASSERT(!ks[1].night && !ks[2].night);
	sp_run_release(&run);
}

static void test_kpi_nweeks(void)
{
	struct sp_run run;

	sp_run_init(&run);
	CU_ASSERT_EQUAL(kpi_nweeks(&run), 1); /* no horizon known */
	run.ndays = 3;
	CU_ASSERT_EQUAL(kpi_nweeks(&run), 1);
	run.ndays = 7;
	CU_ASSERT_EQUAL(kpi_nweeks(&run), 1);
	run.ndays = 14;
	CU_ASSERT_EQUAL(kpi_nweeks(&run), 2);
	run.ndays = 42;
	CU_ASSERT_EQUAL(kpi_nweeks(&run), 6);
	sp_run_release(&run);
}

static void test_kpi_agent_weeks_and_fairness(void)
{
	struct sp_run run;
	struct kpi_week aw[4];
	struct sp_fairness fw[2];
	const struct kpi_contract apart[] = { { 0, 40, 5 }, { 10, 40, 5 } };

	two_week_run(&run);
	kpi_agent_weeks(&run, aw);
	/* a: Mon day + Sat night in week 1, the Tuesday in week 2 */
	CU_ASSERT_DOUBLE_EQUAL(aw[0].hours, 16, 0);
	CU_ASSERT(aw[0].shifts == 2 && aw[0].nights == 1 && aw[0].weekends == 1);
	CU_ASSERT_DOUBLE_EQUAL(aw[1].hours, 8.5, 0);
	CU_ASSERT(aw[1].shifts == 1 && aw[1].nights == 0 && aw[1].weekends == 0);
	/* b: only the Sunday inside the horizon counts */
	CU_ASSERT(aw[2].shifts == 0 && aw[2].hours == 0);
	CU_ASSERT_DOUBLE_EQUAL(aw[3].hours, 8, 0);
	CU_ASSERT(aw[3].shifts == 1 && aw[3].weekends == 1 && aw[3].nights == 0);

	kpi_fairness_weeks(&run, NULL, fw);
	CU_ASSERT_DOUBLE_EQUAL(fw[0].hours_min, 0, 0);
	CU_ASSERT_DOUBLE_EQUAL(fw[0].hours_max, 16, 0);
	CU_ASSERT_DOUBLE_EQUAL(fw[0].hours_stddev, 8, 1e-12);
	CU_ASSERT(fw[0].nights_min == 0 && fw[0].nights_max == 1);
	CU_ASSERT(fw[0].weekends_min == 0 && fw[0].weekends_max == 1);
	CU_ASSERT_DOUBLE_EQUAL(fw[1].hours_min, 8, 0);
	CU_ASSERT_DOUBLE_EQUAL(fw[1].hours_max, 8.5, 0);
	CU_ASSERT(fw[1].nights_max == 0 && fw[1].weekends_min == 0 && fw[1].weekends_max == 1);
	/* one agent per contract: no spread anywhere, the first group shown */
	kpi_fairness_weeks(&run, apart, fw);
	CU_ASSERT_DOUBLE_EQUAL(fw[0].hours_min, 16, 0);
	CU_ASSERT_DOUBLE_EQUAL(fw[0].hours_max, 16, 0);
	CU_ASSERT_DOUBLE_EQUAL(fw[1].hours_max - fw[1].hours_min, 0, 0);
	/* the horizon's fairness from run->agents is unchanged by the weeks */
	kpi_from_run(&run, NULL);
	CU_ASSERT_DOUBLE_EQUAL(run.kpis.fairness.hours_max, 24, 0);
	sp_run_release(&run);
}

TEST_SUITE(kpi)
{
	CU_pSuite s = CU_add_suite("kpi", NULL, NULL);

	CU_add_test(s, "coverage, service level, hours, counts", test_kpi_coverage_and_service_level);
	CU_add_test(s, "an empty run", test_kpi_empty_run);
	CU_add_test(s, "fairness: the widest contract group", test_kpi_fairness_widest_contract);
	CU_add_test(s, "fairness: a tie takes the first group", test_kpi_fairness_tie_takes_first_group);
	CU_add_test(s, "abandon rate weighted by arrivals, NaN under Erlang C", test_kpi_abandon_rate);
	CU_add_test(s, "weeks of the horizon", test_kpi_nweeks);
	CU_add_test(s, "shifts: day, week, night by paid time, weekend", test_kpi_weeks_classify_shifts);
	CU_add_test(s, "agent weeks and fairness per week", test_kpi_agent_weeks_and_fairness);
}
