/* test_search.c - the local search (src/sched/search.c, search_draw.c,
 * search_move.c, search_duo.c): the descent never worsens the objective,
 * keeps every rule, ends where no single-day move pays (checked by brute
 * force) and is deterministic, and one too short for a sweep over a fine
 * desk's columns still staffs it; the moves drawn keep every rule, some
 * are chains, a drop below min_hours stretches another shift, and three
 * agents rotate one day's shifts; the annealing keeps the best roster it
 * saw, also over two weeks with a previous roster; a stop request leaves
 * the roster as it was */
#include "sched_fixture.h"
#include "../../src/sched/search_int.h"

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

/* Does column col cover interval t? */
static int covers(const struct sched *s, int col, int t)
{
	for (int i = 0; col >= 0 && i < s->cols[col].ncov; i++)
		if (s->cov_t[s->cols[col].cov0 + i] == t)
			return 1;
	return 0;
}

/* Every move drawn leaves each agent it changes within every rule, and
 * undoing it restores the roster; among them are chains: one agent's
 * shift changed and an interval it covered, not covered any more, taken
 * by another agent's new shift. */
static void test_search_draws_keep_rules_and_chain(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	struct ls L;
	struct sp_rng r;
	int chains = 0, drawn = 0;

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, forecast(), agents, avail, &err), SP_OK);
	random_start(&x, 5);
	sched_descend(&x.s, 5);
	size_t n = (size_t)x.in.nagents * x.s.ndays;
	int *before = sp_xmalloc(n * sizeof(int));
	memcpy(before, x.s.assign, n * sizeof(int));
	ls_init(&L, &x.s);
	sp_rng_seed(&r, 7);
	for (int k = 0; k < 20000; k++) {
		if (!ls_draw_move(&L, &r))
			continue;
		drawn++;
		int ok = 1, chain = 0;
		for (int i = 0; i < L.nundo; i++)
			ok &= !sched_check_agent(&x.s, L.undo[i][0], NULL, 0);
		CU_ASSERT(ok);
		for (int i = 0; i < L.nundo && !chain; i++) {
			const int *u = L.undo[i];
			for (int j = 0; u[2] >= 0 && j < L.nundo && !chain; j++) {
				const int *v = L.undo[j];
				/* not a hand-over or a swap: another shift of b's */
				if (v[0] == u[0] || v[3] < 0 || v[3] == u[2])
					continue;
				for (int c = 0; c < x.s.cols[u[2]].ncov && !chain; c++) {
					int t = x.s.cov_t[x.s.cols[u[2]].cov0 + c];
					chain = !covers(&x.s, u[3], t) && covers(&x.s, v[3], t) && !covers(&x.s, v[2], t);
				}
			}
		}
		chains += chain;
		mv_rollback(&L);
		CU_ASSERT(!memcmp(before, x.s.assign, n * sizeof(int)));
	}
	CU_ASSERT(drawn > 1000);
	CU_ASSERT(chains > 50);
	ls_release(&L);
	free(before);
	fx_release(&x);
}

/* Drawn moves of agent p (on three 4-hour shifts of a desk without
 * demand, where only random moves are drawn) that leave it a shift fewer,
 * and those of them that also stretch another shift over its old span,
 * every rule kept and every move undone. */
static void count_drops(const char *agents_csv, int *drops, int *stretched)
{
	const char *ini468 = "[service]\nshrinkage = 0.3\n"
			     "[shifts]\nlengths_hours = 4,6,8\nearliest_start = 06:00\nlatest_start = 18:00\n"
			     "start_step_minutes = 120\nmin_rest_hours = 11\n";
	const char *none = "start,language,volume\n2026-11-30T08:00,en,0\n2026-12-02T08:00,en,0\n";
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	struct ls L;
	struct sp_rng r;

	*drops = *stretched = 0;
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini468, none, agents_csv, NULL, &err), SP_OK);
	for (int d = 0; d < 3; d++)
		*fx_slot(&x, 0, d) = fx_col(&x, d, 10, 0, 240);
	CU_ASSERT_FATAL(fx_all_valid(&x));
	int before[3] = { *fx_slot(&x, 0, 0), *fx_slot(&x, 0, 1), *fx_slot(&x, 0, 2) };
	ls_init(&L, &x.s);
	sp_rng_seed(&r, 3);
	for (int k = 0; k < 20000; k++) {
		if (!ls_draw_move(&L, &r))
			continue;
		CU_ASSERT(!sched_check_agent(&x.s, 0, NULL, 0));
		int drop = 0, longer = 0;
		for (int i = 0; i < L.nundo; i++) {
			const int *u = L.undo[i];
			/* a shift fewer (not one moved to a free day) */
			drop += (u[2] >= 0 && u[3] < 0) - (u[2] < 0 && u[3] >= 0);
			if (u[2] >= 0 && u[3] >= 0 && x.s.cols[u[3]].paid_min > x.s.cols[u[2]].paid_min &&
			    x.s.cols[u[3]].start <= x.s.cols[u[2]].start && x.s.cols[u[3]].end >= x.s.cols[u[2]].end)
				longer = 1;
		}
		drop = drop > 0;
		*drops += drop;
		*stretched += drop && longer;
		mv_rollback(&L);
		CU_ASSERT(!memcmp(before, x.s.assign, sizeof(before)));
	}
	ls_release(&L);
	fx_release(&x);
}

/* An agent on three 4-hour shifts against a 10-hour minimum: a drawn drop
 * comes with another of its shifts stretched to 6 hours over the old one
 * (search_draw.c's stretch_other), every rule kept; with the stretch off
 * every drop breaks min_hours and none is drawn.  Against a 12-hour
 * minimum only a stretch to 8 hours would do, which keeps the week's
 * hours and only trades a day for a longer shift: no drop is drawn. */
static void test_search_drop_stretches_another_shift(void)
{
	int drops, stretched;

	count_drops("id,name,languages,min_hours,max_days\np,P,en,10,3\n", &drops, &stretched);
	CU_ASSERT(stretched > 20);
	CU_ASSERT_EQUAL(drops, stretched);
	count_drops("id,name,languages,min_hours,max_days\np,P,en,12,3\n", &drops, &stretched);
	CU_ASSERT_EQUAL(drops, 0);
}

/* A zh agent at 40 on the zh morning, a zh;en one at 20 (at its
 * min_hours and max_days) on the en afternoon, an en one at 10 free: the
 * roster costs 240 where 120 would do (the zh;en agent on the morning,
 * the en one on the afternoon).  No move of one or two agents pays:
 * each leaves zh or en uncovered or breaks the zh;en agent's contract.
 * The rotation of the three (search_draw.c's draw_rotate) does, and a
 * search that takes only moves that pay finds it. */
static void test_search_rotates_three_agents(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	struct ls L;
	struct sp_rng r;
	const char *one = "[service]\nshrinkage = 0\n[shifts]\nlengths_hours = 4\nearliest_start = 08:00\n"
			  "latest_start = 12:00\nstart_step_minutes = 240\n[costs]\nunderstaffing_penalty = 200\n";
	const char *fc = "start,language,volume\n2026-11-30T08:00,zh,1\n2026-11-30T09:00,zh,1\n"
			 "2026-11-30T10:00,zh,1\n2026-11-30T11:00,zh,1\n2026-11-30T12:00,en,1\n"
			 "2026-11-30T13:00,en,1\n2026-11-30T14:00,en,1\n2026-11-30T15:00,en,1\n";

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, one, fc,
				      "id,name,languages,cost_per_hour,min_hours,max_days\n"
				      "z,Z,zh,40,0,1\nb,B,zh;en,20,4,1\nc,C,en,10,0,1\n",
				      NULL, &err), SP_OK);
	int am = fx_col(&x, 0, 8, 0, 240), pm = fx_col(&x, 0, 12, 0, 240);
	CU_ASSERT_FATAL(am >= 0 && pm >= 0);
	*fx_slot(&x, 0, 0) = am;
	*fx_slot(&x, 1, 0) = pm;
	*fx_slot(&x, 2, 0) = -1;
	CU_ASSERT_FATAL(fx_all_valid(&x));
	CU_ASSERT_DOUBLE_EQUAL(fx_objective(&x), 240, 1e-9);
	ls_init(&L, &x.s);
	sp_rng_seed(&r, 5);
	double delta;
	for (int k = 0; k < 20000; k++)
		ls_anneal_step(&L, &r, 1e-9, &delta);
	ls_release(&L);
	CU_ASSERT(fx_all_valid(&x));
	CU_ASSERT_DOUBLE_EQUAL(fx_objective(&x), 120, 1e-9);
	CU_ASSERT_EQUAL(*fx_slot(&x, 0, 0), -1);
	CU_ASSERT_EQUAL(*fx_slot(&x, 1, 0), am);
	CU_ASSERT_EQUAL(*fx_slot(&x, 2, 0), pm);
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

/* Two weeks, with a previous roster (b worked the five days before, c
 * is on duty until 03:00 of the first day, e ended at 23:00): the
 * descent and the annealing check each move on the days and weeks it
 * touches only, and still end on a roster that keeps every rule, no
 * worse than its start, where no single-day move (checked in full) pays. */
static void test_search_two_weeks_with_a_previous_roster(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	static char fc[32768];
	static const char *const lang[] = { "en", "ko" };
	const char *ini2 = "[service]\nshrinkage = 0.3\n"
			   "[shifts]\nlengths_hours = 4,8\nearliest_start = 06:00\nlatest_start = 18:00\n"
			   "start_step_minutes = 240\nbreak_minutes = 0\nmin_rest_hours = 11\n"
			   "max_consecutive_days = 5\n[agents]\nmin_consecutive_days_off = 2\n"
			   "[costs]\nunderstaffing_penalty = 200\n";
	const char *ag = "id,name,languages,cost_per_hour,min_hours,max_hours,max_days\n"
			 "a,A,en,20,0,24,3\nb,B,en;ko,25,8,16,2\nc,C,ko,18,8,24,3\nd,D,en,22,0,16,2\n"
			 "e,E,en;ko,30,4,24,3\n";
	size_t n = (size_t)snprintf(fc, sizeof(fc), "start,language,volume\n");
	long d0 = sp_days_from_civil(2026, 11, 30);

	for (int d = 0; d < 14; d++)
		for (int h = 7; h < 21; h++)
			for (int l = 0; l < 2; l++) {
				char day[16];
				int v = (h * 7 + d * 5 + l * 3) % 6 + (d % 7 == 1) * 2 - l;
				sp_date_print(d0 + d, day);
				n += (size_t)snprintf(fc + n, sizeof(fc) - n, "%sT%02d:00,%s,%d\n", day, h, lang[l],
						      v > 0 ? v : 0);
			}
	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini2, fc, ag, NULL, &err), SP_OK);
	for (int d = 25; d <= 29; d++) {
		char st[32], en[32];
		snprintf(st, sizeof(st), "2026-11-%02dT08:00", d);
		snprintf(en, sizeof(en), "2026-11-%02dT12:00", d);
		CU_ASSERT_EQUAL_FATAL(fx_prev(&x, "b", st, en, &err), SP_OK);
	}
	CU_ASSERT_EQUAL_FATAL(fx_prev(&x, "c", "2026-11-29T19:00", "2026-11-30T03:00", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(fx_prev(&x, "e", "2026-11-29T15:00", "2026-11-29T23:00", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(fx_rebuild(&x, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(x.s.nweeks, 2);
	random_start(&x, 4);
	CU_ASSERT_FATAL(fx_all_valid(&x));
	double before = fx_objective(&x);
	sched_descend(&x.s, 5);
	CU_ASSERT(fx_objective(&x) <= before + 1e-6);
	CU_ASSERT(fx_all_valid(&x));
	CU_ASSERT(!single_move_pays(&x, fx_objective(&x)));
	before = fx_objective(&x);
	sched_improve(&x.s, 2);
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

/* A 15-minute desk with 15-minute starts: 1 700 columns a day, each
 * covering up to 44 intervals, so that one descent sweep over all of
 * them (60 agents) takes several times the short descent given here,
 * under a work limit (the same on any machine).  The descent re-plans
 * weeks first: every agent gets its turn, and the day's demand ends
 * staffed (pricing every column of every day from the start, the descent
 * ended 83 agent-hours short: 45 700 against 7 200). */
static void test_search_short_descent_on_a_fine_desk(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	const char *fine = "[site]\ninterval_minutes = 15\n[service]\nshrinkage = 0\n"
			   "[shifts]\nstart_step_minutes = 15\nlatest_start = 23:45\n";
	char fc[8192], ag[4096];
	size_t n = (size_t)snprintf(fc, sizeof(fc), "start,language,volume\n");
	for (int q = 6 * 4; q < 22 * 4; q++)
		n += (size_t)snprintf(fc + n, sizeof(fc) - n, "2026-11-30T%02d:%02d,en,45\n", q / 4, q % 4 * 15);
	n = (size_t)snprintf(ag, sizeof(ag), "id,name,languages\n");
	for (int a = 0; a < 60; a++)
		n += (size_t)snprintf(ag + n, sizeof(ag) - n, "a%02d,A,en\n", a);
	struct sched_opts o = { .time_limit = 60, .work_limit = 1e6 };

	CU_ASSERT_EQUAL_FATAL(fx_load_opts(&x, fine, fc, ag, NULL, &o, &err), SP_OK);
	CU_ASSERT(x.s.day_first[1] - x.s.day_first[0] > 1500);
	sched_descend(&x.s, 0.1);
	struct seval ev;
	sched_evaluate(&x.s, &ev);
	CU_ASSERT(ev.under_h < 1e-6);
	seval_release(&ev);
	CU_ASSERT(fx_all_valid(&x));
	fx_release(&x);
}

TEST_SUITE(search)
{
	CU_pSuite s = CU_add_suite("search", NULL, NULL);
	CU_add_test(s, "descent: no worse, rules kept, local optimum, deterministic", test_search_descent);
	CU_add_test(s, "descent finds the peak shift", test_search_descent_finds_the_peak_shift);
	CU_add_test(s, "moves drawn keep the rules, some are chains", test_search_draws_keep_rules_and_chain);
	CU_add_test(s, "a drop below min_hours stretches another shift", test_search_drop_stretches_another_shift);
	CU_add_test(s, "three agents rotate one day's shifts", test_search_rotates_three_agents);
	CU_add_test(s, "annealing keeps the best roster", test_search_improve);
	CU_add_test(s, "stop leaves the roster", test_search_stop_leaves_the_roster);
	CU_add_test(s, "two weeks with a previous roster: rules kept, local optimum",
		    test_search_two_weeks_with_a_previous_roster);
	CU_add_test(s, "a short descent on a fine desk staffs the day", test_search_short_descent_on_a_fine_desk);
}
