/* test_search.c - the local search (src/sched/search.c, search_move.c,
 * search_duo.c): the descent never worsens the objective, keeps every
 * rule, ends where no single-day move pays (checked by brute force) and
 * is deterministic; the annealing keeps the best roster it saw; a stop
 * request leaves the roster as it was */
#include "sched_fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Three days; 4- and 8-hour shifts every two hours from 06:00 (the 8-hour
 * ones with a break); en and ko demand in the day, more on the second. */
static const char ini[] = "[service]\nshrinkage = 0.3\n"
			  "[shifts]\nlengths_hours = 4,8\nearliest_start = 06:00\nlatest_start = 18:00\n"
			  "start_step_minutes = 120\nmin_rest_hours = 11\n"
			  "[costs]\nunderstaffing_penalty = 200\n";
static const char agents[] = "id,name,languages,cost_per_hour,min_hours,max_days\n"
			     "a,A,en,20,0,3\nb,B,en;ko,25,8,2\nc,C,ko,18,0,3\nd,D,en,22,0,2\ne,E,en;ko,30,0,3\n";
static const char avail[] = "agent_id,start,end,type\nc,2026-12-01T06:00,2026-12-01T14:00,unavailable\n"
			    "a,2026-12-02T16:00,2026-12-02T20:00,preferred_off\n";

static char *forecast(void)
{
	static char fc[8192];
	static const char *const lang[] = { "en", "ko" };
	size_t n = (size_t)snprintf(fc, sizeof(fc), "start,language,volume\n");
	for (int d = 0; d < 3; d++)
		for (int h = 7; h < 21; h++)
			for (int l = 0; l < 2; l++) {
				int v = (h * 7 + d * 5 + l * 3) % 6 + (d == 1) * 2 - l;
				n += (size_t)snprintf(fc + n, sizeof(fc) - n, "2026-%s-%02dT%02d:00,%s,%d\n",
						      d == 0 ? "11" : "12", d == 0 ? 30 : d, h, lang[l], v > 0 ? v : 0);
			}
	return fc;
}

static unsigned rnd(unsigned *x)
{
	*x = *x * 1103515245u + 12345u;
	return (*x >> 16) & 0x7fff;
}

/* A random roster whose weeks keep every rule: random shifts, the days
 * that break a rule dropped (latest first), min_hours repaired. */
static void random_start(struct fx *x, unsigned seed)
{
	struct sched *s = &x->s;

	for (int a = 0; a < x->in.nagents; a++) {
		for (int d = 0; d < s->ndays; d++) {
			int n = s->day_first[d + 1] - s->day_first[d];
			int j = s->day_first[d] + (int)(rnd(&seed) % (unsigned)n);
			*fx_slot(x, a, d) = rnd(&seed) % 2 && !sched_blocked(s, a, j) ? j : -1;
		}
		for (int d = s->ndays - 1; d >= 0 && sched_check_rules(s, a, NULL, 0); d--)
			*fx_slot(x, a, d) = -1;
	}
	sched_repair_min_hours(s);
}

/* Does some single-day change (another column, or none) of one agent's
 * week that keeps every rule lower the objective below obj? */
static int single_move_pays(struct fx *x, double obj)
{
	struct sched *s = &x->s;

	for (int a = 0; a < x->in.nagents; a++)
		for (int d = 0; d < s->ndays; d++) {
			int *slot = fx_slot(x, a, d), old = *slot, better = 0;
			for (int j = s->day_first[d] - 1; j < s->day_first[d + 1] && !better; j++) {
				*slot = j < s->day_first[d] ? -1 : j;
				if (*slot != old && !sched_check_agent(s, a, NULL, 0))
					better = fx_objective(x) < obj - 1e-6;
			}
			*slot = old;
			if (better)
				return 1;
		}
	return 0;
}

static void test_search_descent(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, forecast(), agents, avail, &err), SP_OK);
	size_t n = (size_t)x.in.nagents * x.s.ndays;
	int *start = sp_xmalloc(n * sizeof(int)), *first = sp_xmalloc(n * sizeof(int));
	for (unsigned seed = 1; seed <= 4; seed++) {
		random_start(&x, seed);
		CU_ASSERT_FATAL(fx_all_valid(&x));
		memcpy(start, x.s.assign, n * sizeof(int));
		double before = fx_objective(&x);
		sched_descend(&x.s, 5);
		double after = fx_objective(&x);
		CU_ASSERT(after <= before + 1e-6);
		CU_ASSERT(fx_all_valid(&x));
		CU_ASSERT(!single_move_pays(&x, after));
		/* the same start, the same roster */
		memcpy(first, x.s.assign, n * sizeof(int));
		memcpy(x.s.assign, start, n * sizeof(int));
		sched_descend(&x.s, 5);
		CU_ASSERT(!memcmp(first, x.s.assign, n * sizeof(int)));
	}
	free(start);
	free(first);
	fx_release(&x);
}

/* One agent, one contact an hour from 08:00 to 12:00 (one agent needed):
 * from an empty roster the descent finds the shift, 4 hours at 20. */
static void test_search_descent_finds_the_peak_shift(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	const char *one = "[service]\nshrinkage = 0\n[shifts]\nlengths_hours = 4\nearliest_start = 06:00\n"
			  "latest_start = 12:00\n";
	const char *fc = "start,language,volume\n2026-11-30T08:00,en,1\n2026-11-30T09:00,en,1\n"
			 "2026-11-30T10:00,en,1\n2026-11-30T11:00,en,1\n";

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, one, fc, "id,name,languages\nx,X,en\n", NULL, &err), SP_OK);
	sched_descend(&x.s, 5);
	CU_ASSERT_EQUAL(*fx_slot(&x, 0, 0), fx_col(&x, 0, 8, 0, 240));
	CU_ASSERT_DOUBLE_EQUAL(fx_objective(&x), 80, 1e-9);
	fx_release(&x);
}

/* The annealing (with a second searcher where two CPUs are free) ends on
 * the best roster it saw: no worse than its start, every rule kept. */
static void test_search_improve(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, forecast(), agents, avail, &err), SP_OK);
	random_start(&x, 9);
	CU_ASSERT_FATAL(fx_all_valid(&x));
	double before = fx_objective(&x);
	sched_improve(&x.s, 1.5);
	CU_ASSERT(fx_objective(&x) <= before + 1e-6);
	CU_ASSERT(fx_all_valid(&x));
	CU_ASSERT(!single_move_pays(&x, fx_objective(&x)));
	fx_release(&x);
}

/* Ctrl-C before the search: the roster stays as it was. */
static void test_search_stop_leaves_the_roster(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	volatile int stop = 1;
	struct sched_opts o = { 0 };

	o.time_limit = 10;
	o.stop = &stop;
	CU_ASSERT_EQUAL_FATAL(fx_load_opts(&x, ini, forecast(), agents, avail, &o, &err), SP_OK);
	random_start(&x, 3);
	size_t n = (size_t)x.in.nagents * x.s.ndays;
	int *start = sp_xmalloc(n * sizeof(int));
	memcpy(start, x.s.assign, n * sizeof(int));
	sched_improve(&x.s, 2);
	CU_ASSERT(!memcmp(start, x.s.assign, n * sizeof(int)));
	sched_descend(&x.s, 2);
	CU_ASSERT(!memcmp(start, x.s.assign, n * sizeof(int)));
	free(start);
	fx_release(&x);
}

TEST_SUITE(search)
{
	CU_pSuite s = CU_add_suite("search", NULL, NULL);
	CU_add_test(s, "descent: no worse, rules kept, local optimum, deterministic", test_search_descent);
	CU_add_test(s, "descent finds the peak shift", test_search_descent_finds_the_peak_shift);
	CU_add_test(s, "annealing keeps the best roster", test_search_improve);
	CU_add_test(s, "stop leaves the roster", test_search_stop_leaves_the_roster);
}
