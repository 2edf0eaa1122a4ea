/* test_kpi.c - key figures from a run: coverage, service level, hours,
 * counts, fairness by contract
 *
 * Runs are built by hand with figures worked out on paper; the contract
 * groups include ties, an agent in no group (NaN) and the one-group case.
 */
#include "tests.h"

#include "staffplan/kpi.h"

#include <math.h>
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

TEST_SUITE(kpi)
{
	CU_pSuite s = CU_add_suite("kpi", NULL, NULL);

	CU_add_test(s, "coverage, service level, hours, counts", test_kpi_coverage_and_service_level);
	CU_add_test(s, "an empty run", test_kpi_empty_run);
	CU_add_test(s, "fairness: the widest contract group", test_kpi_fairness_widest_contract);
	CU_add_test(s, "fairness: a tie takes the first group", test_kpi_fairness_tie_takes_first_group);
}
