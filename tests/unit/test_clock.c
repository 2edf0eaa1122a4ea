/* test_clock.c - the solver's clock (src/sched/clock.c) and the
 * reproducible mode it makes
 *
 * The clock alone: wall-clock seconds by default, work counted and
 * nothing else under a work limit, the time limit as the safety net.
 * Then whole solves of the example week under a work limit: the same
 * seed gives the same roster with the machine idle and with every core
 * kept busy, another seed another roster that keeps every rule too.
 */
#include "sched_fixture.h"

#include <math.h>
#include <stdatomic.h>
#include <threads.h>
#include <time.h>

static void pause_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&t, NULL);
}

static void test_clock_wall_mode_counts_seconds_not_work(void)
{
	struct sclock c;

	sclock_start(&c, 0.001, 0);
	CU_ASSERT_FALSE(sclock_counting(&c));
	sclock_tick(&c, 5e6);
	CU_ASSERT_EQUAL(c.work, 0);
	pause_ms(20);
	CU_ASSERT(sclock_elapsed(&c) >= 0.019);
	CU_ASSERT(fabs(sclock_elapsed(&c) - sclock_wall(&c)) < 0.01);
	/* past its limit, but the wall clock's limit is the plan, no cut */
	CU_ASSERT_FALSE(sclock_cut(&c));
}

static void test_clock_work_mode_counts_work_only(void)
{
	struct sclock c;

	sclock_start(&c, 3600, 2e6);
	CU_ASSERT(sclock_counting(&c));
	CU_ASSERT_EQUAL(sclock_elapsed(&c), 0);
	pause_ms(20);
	CU_ASSERT_EQUAL(sclock_elapsed(&c), 0);     /* time passing is no work */
	CU_ASSERT(sclock_wall(&c) >= 0.019);        /* the wall clock still runs */
	sclock_tick(&c, 3e6);
	CU_ASSERT_DOUBLE_EQUAL(sclock_elapsed(&c), 3e6 / WORK_PER_SECOND, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(sclock_nominal(2e6), 2e6 / WORK_PER_SECOND, 1e-12);
	CU_ASSERT_FALSE(sclock_cut(&c));
	CU_ASSERT(sclock_wall_left(&c) > 3599);
}

static void test_clock_time_limit_cuts_a_work_limited_solve(void)
{
	struct sclock c;

	sclock_start(&c, 0.01, 1e12);
	CU_ASSERT_FALSE(sclock_cut(&c));
	pause_ms(30);
	CU_ASSERT(sclock_cut(&c));
	CU_ASSERT(c.cut);
	CU_ASSERT_DOUBLE_EQUAL(sclock_wall_left(&c), 0.01, 1e-12); /* never 0: a solver reads 0 as none */
}

/* ---- whole solves ----------------------------------------------------------- */

struct busy {
	atomic_int stop;
	atomic_ulong spins;
};

static int spin(void *arg)
{
	struct busy *b = arg;
	while (!atomic_load(&b->stop))
		atomic_fetch_add(&b->spins, 1);
	return 0;
}

/* The example week, loaded as plan would load it; 0 when it cannot be. */
static int load_example(struct fx *x)
{
	char *ini = test_slurp(test_path("data/example/plan.ini"), NULL);
	char *fc = test_slurp(test_path("data/example/forecast.csv"), NULL);
	char *ag = test_slurp(test_path("data/example/agents.csv"), NULL);
	char *av = test_slurp(test_path("data/example/availability.csv"), NULL);
	struct sp_err err = SP_ERR_INIT;
	int ok = ini && fc && ag && av && fx_load(x, ini, fc, ag, av, &err) == SP_OK;
	if (!ok)
		fprintf(stderr, "\n  data/example: %s\n", err.msg);
	free(ini);
	free(fc);
	free(ag);
	free(av);
	return ok;
}

/* Solves x's instance with a work limit and seed into run (released by
 * the caller), with nbusy threads spinning beside it. */
static sp_status solve_work(struct fx *x, double work, unsigned long long seed, int nbusy, struct sp_run *run)
{
	struct sched_opts o = { 0 };
	struct sp_err err = SP_ERR_INIT;
	struct busy b;
	thrd_t th[4];
	int n = 0;

	o.time_limit = 600; /* the safety net: far away */
	o.work_limit = work;
	o.seed = seed;
	o.gap = 0;          /* no early end: the whole work limit */
	o.quiet = 1;
	atomic_init(&b.stop, 0);
	atomic_init(&b.spins, 0);
	for (int i = 0; i < nbusy && i < 4; i++)
		if (thrd_create(&th[n], spin, &b) == thrd_success)
			n++;
	sp_run_init(run);
	sp_status st = sched_solve(&x->in, &x->req, &o, run, &err);
	atomic_store(&b.stop, 1);
	for (int i = 0; i < n; i++)
		thrd_join(th[i], NULL);
	if (st != SP_OK)
		fprintf(stderr, "\n  sched_solve: %s\n", err.msg);
	CU_ASSERT(n == nbusy);
	CU_ASSERT(nbusy == 0 || atomic_load(&b.spins) > 0);
	return st;
}

/* Do two runs hold the same shifts, in the same order? */
static int same_roster(const struct sp_run *a, const struct sp_run *b)
{
	if (a->nshifts != b->nshifts)
		return 0;
	for (int i = 0; i < a->nshifts; i++) {
		const struct sp_run_shift *p = &a->shifts[i], *q = &b->shifts[i];
		if (strcmp(p->agent_id, q->agent_id) || p->start != q->start || p->end != q->end ||
		    p->brk_start != q->brk_start || p->paid_minutes != q->paid_minutes)
			return 0;
	}
	return 1;
}

static void test_clock_same_work_same_roster_under_load(void)
{
	struct fx x;
	struct sp_run quiet, loaded, other;

	if (!load_example(&x)) {
		CU_FAIL("data/example did not load");
		fx_release(&x);
		return;
	}
	CU_ASSERT_EQUAL_FATAL(solve_work(&x, 3e6, 7, 0, &quiet), SP_OK);
	/* both cores busy besides: a wall-clock solve would do less work */
	CU_ASSERT_EQUAL_FATAL(solve_work(&x, 3e6, 7, 2, &loaded), SP_OK);
	CU_ASSERT(quiet.nshifts > 0);
	CU_ASSERT(same_roster(&quiet, &loaded));
	CU_ASSERT_EQUAL(quiet.kpis.objective, loaded.kpis.objective);
	CU_ASSERT_EQUAL(quiet.kpis.lower_bound, loaded.kpis.lower_bound);
	CU_ASSERT_EQUAL(quiet.kpis.work_done, loaded.kpis.work_done);
	/* what solves it again is kept with the run */
	CU_ASSERT_EQUAL(quiet.kpis.seed, 7);
	CU_ASSERT_EQUAL(quiet.kpis.work_limit, 3e6);
	CU_ASSERT(quiet.kpis.work_done > 0.9 * 3e6 && quiet.kpis.work_done < 1.2 * 3e6);
	CU_ASSERT_FALSE(quiet.kpis.time_cut);
	CU_ASSERT(quiet.kpis.solve_seconds > 0); /* wall seconds, not nominal */

	/* another seed: the example week has ties, so another roster; the
	 * solve checks every hard rule of it before it returns SP_OK */
	CU_ASSERT_EQUAL_FATAL(solve_work(&x, 3e6, 8, 0, &other), SP_OK);
	CU_ASSERT_FALSE(same_roster(&quiet, &other));
	CU_ASSERT_EQUAL(other.kpis.seed, 8);
	sp_run_release(&quiet);
	sp_run_release(&loaded);
	sp_run_release(&other);
	fx_release(&x);
}

static void test_clock_time_limit_is_the_safety_net(void)
{
	struct fx x;
	struct sp_run run;
	struct sched_opts o = { 0 };
	struct sp_err err = SP_ERR_INIT;

	if (!load_example(&x)) {
		CU_FAIL("data/example did not load");
		fx_release(&x);
		return;
	}
	/* a billion seconds of work in half a second: cut, and said so */
	o.time_limit = 0.5;
	o.work_limit = 1e15;
	o.gap = 0;
	o.quiet = 1;
	sp_run_init(&run);
	CU_ASSERT_EQUAL_FATAL(sched_solve(&x.in, &x.req, &o, &run, &err), SP_OK);
	CU_ASSERT(run.kpis.time_cut);
	CU_ASSERT_STRING_EQUAL(run.kpis.status, "time_limit");
	CU_ASSERT(run.kpis.work_done < 1e15);
	CU_ASSERT(run.kpis.solve_seconds < 10);
	sp_run_release(&run);
	fx_release(&x);
}

TEST_SUITE(clock)
{
	CU_pSuite s = CU_add_suite("clock", NULL, NULL);
	CU_add_test(s, "wall mode counts seconds, not work", test_clock_wall_mode_counts_seconds_not_work);
	CU_add_test(s, "work mode counts work only", test_clock_work_mode_counts_work_only);
	CU_add_test(s, "the time limit cuts a work-limited solve", test_clock_time_limit_cuts_a_work_limited_solve);
	CU_add_test(s, "same work and seed, same roster, idle or loaded",
		    test_clock_same_work_same_roster_under_load);
	CU_add_test(s, "the time limit is a work limit's safety net", test_clock_time_limit_is_the_safety_net);
}
