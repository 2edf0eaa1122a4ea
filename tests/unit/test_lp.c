/* test_lp.c - lp.h with each backend: GLPK and COIN-OR (CLP, CBC)
 *
 * The same small problems, whose optima and duals are worked out by hand,
 * solved by both: warm-started re-solves after rows and columns are added
 * (what column generation does), a MIP whose optimum differs from its LP
 * relaxation, and an infeasible LP.  Then the controls a search uses (the
 * dual simplex from the slack basis, cut choice, MIP starts, branching
 * order, the trace) and GLPK's internal errors, which must come back as
 * SP_ERR_SOLVER instead of aborting the process.
 */
#include "tests.h"
#include "staffplan/lp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const enum lp_solver solvers[] = { LP_SOLVER_GLPK, LP_SOLVER_CBC };
#define NSOLVERS (sizeof(solvers) / sizeof(solvers[0]))

/* min x + 2y  s.t.  x + y >= 2,  x - y <= 1,  x, y >= 0:
 * x = 1.5, y = 0.5, objective 2.5, duals 1.5 and -0.5.
 * Then y >= 1 is added (x = 1, y = 1, objective 3), then a column z of cost
 * 0.5 in the first row (x = 0, y = 1, z = 1, objective 2.5), then a
 * constant 10. */
static void test_lp_rows_and_columns_added_after_a_solve(void)
{
	for (size_t k = 0; k < NSOLVERS; k++) {
		struct sp_err err = SP_ERR_INIT;
		struct lp *lp = lp_new(solvers[k]);
		int r0 = lp_add_row(lp, 2, LP_INF), r1 = lp_add_row(lp, -LP_INF, 1);
		int rows[2] = { r0, r1 };
		double vx[2] = { 1, 1 }, vy[2] = { 1, -1 };
		int x = lp_add_col(lp, 1, 0, LP_INF, 0, 2, rows, vx);
		int y = lp_add_col(lp, 2, 0, LP_INF, 0, 2, rows, vy);

		CU_ASSERT_EQUAL_FATAL(lp_solve(lp, 10, &err), SP_OK);
		CU_ASSERT_DOUBLE_EQUAL(lp_obj(lp), 2.5, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_value(lp, x), 1.5, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_value(lp, y), 0.5, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_dual(lp, r0), 1.5, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_dual(lp, r1), -0.5, 1e-9);

		double one = 1;
		int r2 = lp_add_row_coefs(lp, 1, LP_INF, 1, &y, &one);
		CU_ASSERT_EQUAL(lp_nrows(lp), 3);
		CU_ASSERT_EQUAL_FATAL(lp_solve(lp, 10, &err), SP_OK);
		CU_ASSERT_DOUBLE_EQUAL(lp_obj(lp), 3, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_value(lp, x), 1, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_value(lp, y), 1, 1e-9);

		int z = lp_add_col(lp, 0.5, 0, LP_INF, 0, 1, &r0, &one);
		CU_ASSERT_EQUAL(lp_ncols(lp), 3);
		CU_ASSERT_EQUAL_FATAL(lp_solve(lp, 10, &err), SP_OK);
		CU_ASSERT_DOUBLE_EQUAL(lp_obj(lp), 2.5, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_value(lp, x), 0, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_value(lp, z), 1, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_dual(lp, r2), 1.5, 1e-9);

		/* a bound changed after solving, and a constant */
		lp_set_col_bounds(lp, z, 0, 0.5);
		lp_set_obj_const(lp, 10);
		CU_ASSERT_EQUAL_FATAL(lp_solve(lp, 10, &err), SP_OK);
		CU_ASSERT_DOUBLE_EQUAL(lp_obj(lp), 10 + 2 + 0.25 + 0.5, 1e-9);
		lp_free(lp);
	}
}

/* Knapsack: max 8a + 11b + 6c + 4d with weights 5, 7, 4, 3 and capacity 14.
 * The LP takes a, b and half of c (22); the best integer choice is b, c, d
 * (21).  Minimised as its negative. */
static void test_lp_mip_optimum_below_its_relaxation(void)
{
	const double value[4] = { 8, 11, 6, 4 }, weight[4] = { 5, 7, 4, 3 };

	for (size_t k = 0; k < NSOLVERS; k++) {
		struct sp_err err = SP_ERR_INIT;
		struct lp *lp = lp_new(solvers[k]);
		int cap = lp_add_row(lp, -LP_INF, 14), col[4];
		int found = 0, optimal = 0;

		for (int i = 0; i < 4; i++)
			col[i] = lp_add_col(lp, -value[i], 0, 1, 1, 1, &cap, &weight[i]);
		CU_ASSERT_EQUAL_FATAL(lp_solve(lp, 10, &err), SP_OK);
		CU_ASSERT_DOUBLE_EQUAL(lp_obj(lp), -22, 1e-9);
		CU_ASSERT_EQUAL_FATAL(lp_solve_mip(lp, 10, 0, NULL, NULL, NULL, &found, &optimal, &err),
				      SP_OK);
		CU_ASSERT(found);
		CU_ASSERT(optimal);
		CU_ASSERT_DOUBLE_EQUAL(lp_mip_obj(lp), -21, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_mip_value(lp, col[0]), 0, 1e-9);
		for (int i = 1; i < 4; i++)
			CU_ASSERT_DOUBLE_EQUAL(lp_mip_value(lp, col[i]), 1, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_mip_bound(lp), -21, 1e-6);
		lp_free(lp);
	}
}

/* A knapsack of 24 items whose values are their weights plus a little:
 * the LP bound is loose, and branch-and-bound takes many nodes.  Builds
 * it into a new problem. */
static struct lp *hard_knapsack(enum lp_solver solver)
{
	struct lp *lp = lp_new(solver);
	int cap = lp_add_row(lp, -LP_INF, 1001);

	for (int i = 0; i < 24; i++) {
		double w = 100 + 7 * i + (i % 5) * 13, v = -(w + (i % 3));
		lp_add_col(lp, v, 0, 1, 1, 1, &cap, &w);
	}
	return lp;
}

/* The work counters count every solve, and a work limit ends a MIP after
 * that many nodes or simplex iterations: what the solver's reproducible
 * mode counts instead of seconds. */
static void test_lp_node_limit_and_work(void)
{
	for (size_t k = 0; k < NSOLVERS; k++) {
		struct sp_err err = SP_ERR_INIT;
		struct lp *lp = hard_knapsack(solvers[k]);
		long it = -1, nd = -1, it2, nd2;
		int found = 0, optimal = 0;

		lp_work(lp, &it, &nd);
		CU_ASSERT_EQUAL(it, 0);
		CU_ASSERT_EQUAL(nd, 0);
		CU_ASSERT_EQUAL_FATAL(lp_solve(lp, 10, &err), SP_OK);
		lp_work(lp, &it, &nd);
		CU_ASSERT(it > 0);
		CU_ASSERT_EQUAL(nd, 0);
		CU_ASSERT_EQUAL_FATAL(lp_solve_mip(lp, 60, 0, NULL, NULL, NULL, &found, &optimal, &err), SP_OK);
		CU_ASSERT(found && optimal);
		double best = lp_mip_obj(lp);
		lp_work(lp, &it2, &nd2);
		CU_ASSERT(it2 > it);   /* the nodes' LPs count too */
		if (solvers[k] == LP_SOLVER_GLPK)
			CU_ASSERT(nd2 > 3);
		lp_free(lp);

		/* the same with at most 2 nodes: GLPK stops short of the proof */
		lp = hard_knapsack(solvers[k]);
		lp_set_work_limit(lp, 2, 0, 1);
		CU_ASSERT_EQUAL_FATAL(lp_solve(lp, 10, &err), SP_OK);
		CU_ASSERT_EQUAL_FATAL(lp_solve_mip(lp, 60, 0, NULL, NULL, NULL, &found, &optimal, &err), SP_OK);
		lp_work(lp, &it, &nd);
		CU_ASSERT(nd <= 2 + (solvers[k] == LP_SOLVER_CBC)); /* CBC counts its root apart */
		if (solvers[k] == LP_SOLVER_GLPK) {
			CU_ASSERT_FALSE(optimal);
			CU_ASSERT(!found || lp_mip_obj(lp) >= best - 1e-9);
		}
		lp_free(lp);

		/* GLPK: a budget of simplex iterations ends the search too,
		 * however few nodes it has taken (a node's LP runs to its end) */
		if (solvers[k] == LP_SOLVER_GLPK) {
			lp = hard_knapsack(solvers[k]);
			CU_ASSERT_EQUAL_FATAL(lp_solve(lp, 10, &err), SP_OK);
			lp_work(lp, &it, &nd);
			lp_set_work_limit(lp, 4, 1, 0);
			CU_ASSERT_EQUAL_FATAL(lp_solve_mip(lp, 60, 0, NULL, NULL, NULL, &found, &optimal, &err), SP_OK);
			lp_work(lp, &it2, &nd2);
			CU_ASSERT_FALSE(optimal);
			CU_ASSERT(it2 - it >= 4);
			CU_ASSERT(it2 - it < 40);
			CU_ASSERT(nd2 < 10);
			lp_free(lp);
		}
	}
}

/* GLPK after lp_set_mip_first ends at its first integer solution, short
 * of the proof, and a solve from it (lp_set_mip_start) goes on to the
 * optimum: stage 1 hands its MIP's first solution to the search so. */
static void test_lp_mip_first_then_on_from_it(void)
{
	struct sp_err err = SP_ERR_INIT;
	struct lp *lp = hard_knapsack(LP_SOLVER_GLPK);
	int found = 0, optimal = 0;
	long it, nd, it1, nd1;

	CU_ASSERT_EQUAL_FATAL(lp_solve_mip(lp, 60, 0, NULL, NULL, NULL, &found, &optimal, &err), SP_OK);
	CU_ASSERT_FATAL(found && optimal);
	double best = lp_mip_obj(lp);
	lp_work(lp, &it, &nd);
	lp_free(lp);

	lp = hard_knapsack(LP_SOLVER_GLPK);
	CU_ASSERT_FATAL(lp_set_mip_first(lp));
	CU_ASSERT_EQUAL_FATAL(lp_solve_mip(lp, 60, 0, NULL, NULL, NULL, &found, &optimal, &err), SP_OK);
	CU_ASSERT_FATAL(found);
	CU_ASSERT_FALSE(optimal);
	CU_ASSERT(lp_mip_obj(lp) >= best - 1e-9);
	lp_work(lp, &it1, &nd1);
	CU_ASSERT(nd1 < nd);
	double x[24];
	for (int j = 0; j < 24; j++)
		x[j] = lp_mip_value(lp, j);
	lp_set_mip_start(lp, x);
	/* the flag went with that solve: this one runs to the proof */
	CU_ASSERT_EQUAL_FATAL(lp_solve_mip(lp, 60, 0, NULL, NULL, NULL, &found, &optimal, &err), SP_OK);
	CU_ASSERT(found && optimal);
	CU_ASSERT_DOUBLE_EQUAL(lp_mip_obj(lp), best, 1e-9);
	lp_free(lp);

	/* CBC cannot: it says so, and solves on to the proof */
	lp = hard_knapsack(LP_SOLVER_CBC);
	CU_ASSERT_FALSE(lp_set_mip_first(lp));
	CU_ASSERT_EQUAL_FATAL(lp_solve_mip(lp, 60, 0, NULL, NULL, NULL, &found, &optimal, &err), SP_OK);
	CU_ASSERT(found && optimal);
	lp_free(lp);
}

/* x >= 2 as a row, x <= 1 as a bound. */
static void test_lp_infeasible_is_reported(void)
{
	for (size_t k = 0; k < NSOLVERS; k++) {
		struct sp_err err = SP_ERR_INIT;
		struct lp *lp = lp_new(solvers[k]);
		int r = lp_add_row(lp, 2, LP_INF);
		double one = 1;

		lp_add_col(lp, 1, 0, 1, 0, 1, &r, &one);
		CU_ASSERT_EQUAL(lp_solve(lp, 10, &err), SP_ERR_INFEASIBLE);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "infeasible"));
		lp_free(lp);
	}
}

/* The first problem again, with every solve by the dual simplex from the
 * all-slack basis: the same optimum and duals, and the same warm re-solve
 * after a row is added. */
static void test_lp_dual_simplex_from_slack_basis(void)
{
	for (size_t k = 0; k < NSOLVERS; k++) {
		struct sp_err err = SP_ERR_INIT;
		struct lp *lp = lp_new(solvers[k]);
		int r0 = lp_add_row(lp, 2, LP_INF), r1 = lp_add_row(lp, -LP_INF, 1);
		int rows[2] = { r0, r1 };
		double vx[2] = { 1, 1 }, vy[2] = { 1, -1 }, one = 1;
		int x, y;

		lp_set_dual_simplex(lp, 1);
		x = lp_add_col(lp, 1, 0, LP_INF, 0, 2, rows, vx);
		y = lp_add_col(lp, 2, 0, LP_INF, 0, 2, rows, vy);
		CU_ASSERT_EQUAL_FATAL(lp_solve(lp, 10, &err), SP_OK);
		CU_ASSERT_DOUBLE_EQUAL(lp_obj(lp), 2.5, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_value(lp, x), 1.5, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_dual(lp, r0), 1.5, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_dual(lp, r1), -0.5, 1e-9);
		lp_add_row_coefs(lp, 1, LP_INF, 1, &y, &one);
		CU_ASSERT_EQUAL_FATAL(lp_solve(lp, 10, &err), SP_OK);
		CU_ASSERT_DOUBLE_EQUAL(lp_obj(lp), 3, 1e-9);
		/* and infeasibility is still found */
		lp_add_row_coefs(lp, -LP_INF, 0.5, 1, &y, &one);
		CU_ASSERT_EQUAL(lp_solve(lp, 10, &err), SP_ERR_INFEASIBLE);
		lp_free(lp);
	}
}

/* 2a + 2b + 2c + 3d = 5 over binaries, min a + b + c + 10d: d and one of
 * a, b, c (objective 11) while the LP is 2.5; three optima. */
static struct lp *odd_knapsack(enum lp_solver s, int col[4])
{
	struct lp *lp = lp_new(s);
	int r = lp_add_row(lp, 5, 5);
	const double w[4] = { 2, 2, 2, 3 }, c[4] = { 1, 1, 1, 10 };

	for (int i = 0; i < 4; i++)
		col[i] = lp_add_col(lp, c[i], 0, 1, 1, 1, &r, &w[i]);
	return lp;
}

static void test_lp_mip_start_is_kept_among_equals(void)
{
	for (size_t k = 0; k < NSOLVERS; k++) {
		struct sp_err err = SP_ERR_INIT;
		int col[4], found, optimal, chosen = -1;
		const double start[4] = { 1, 0, 0, 1 }, bad[4] = { 1, 1, 1, 1 };
		struct lp *lp = odd_knapsack(solvers[k], col);

		/* without a start GLPK settles on b (whatever its rules pick,
		 * it is not a: that is what makes the start visible) */
		CU_ASSERT_EQUAL_FATAL(lp_solve_mip(lp, 10, 0, NULL, NULL, NULL, &found, &optimal,
						   &err), SP_OK);
		for (int i = 0; i < 3; i++)
			if (lp_mip_value(lp, col[i]) > 0.5)
				chosen = i;
		CU_ASSERT(solvers[k] != LP_SOLVER_GLPK || chosen != 0);
		lp_set_mip_start(lp, start);
		CU_ASSERT_EQUAL_FATAL(lp_solve_mip(lp, 10, 0, NULL, NULL, NULL, &found, &optimal,
						   &err), SP_OK);
		CU_ASSERT(found && optimal);
		CU_ASSERT_DOUBLE_EQUAL(lp_mip_obj(lp), 11, 1e-9);
		/* GLPK keeps the start: no later solution is strictly better.
		 * (CBC's preprocessing solves this one before it looks at a
		 * start, so only the optimum is checked there.) */
		if (solvers[k] == LP_SOLVER_GLPK)
			CU_ASSERT_DOUBLE_EQUAL(lp_mip_value(lp, col[0]), 1, 1e-9);
		/* an infeasible start is dropped, the optimum still found */
		lp_set_mip_start(lp, bad);
		CU_ASSERT_EQUAL_FATAL(lp_solve_mip(lp, 10, 0, NULL, NULL, NULL, &found, &optimal,
						   &err), SP_OK);
		CU_ASSERT(found && optimal);
		CU_ASSERT_DOUBLE_EQUAL(lp_mip_obj(lp), 11, 1e-9);
		lp_free(lp);
	}
}

/* max 10a + 13b + 7c + 8d + 9e + 4f, weights 5, 7, 4, 5, 6, 3, capacity
 * 15, a knapsack that needs several branchings: every column marked to be
 * branched on first, with every cut generator and heuristic on (proximity
 * search too, whose solutions GLPK checks before it takes them), still gives the
 * optimum (GLPK stops the process if it is told to branch on a column it
 * may not branch on). */
static void test_lp_branch_order_and_cuts_keep_the_optimum(void)
{
	const double value[6] = { 10, 13, 7, 8, 9, 4 }, weight[6] = { 5, 7, 4, 5, 6, 3 };

	for (size_t k = 0; k < NSOLVERS; k++) {
		struct sp_err err = SP_ERR_INIT;
		struct lp *lp = lp_new(solvers[k]);
		int cap = lp_add_row(lp, -LP_INF, 15), col[6], found = 0, optimal = 0;

		for (int i = 0; i < 6; i++)
			col[i] = lp_add_col(lp, -value[i], 0, 1, 1, 1, &cap, &weight[i]);
		for (int i = 5; i >= 0; i--)
			lp_set_col_branch_first(lp, col[i]);
		lp_set_mip_cuts(lp, LP_CUT_GOMORY | LP_CUT_MIR | LP_CUT_COVER | LP_CUT_CLIQUE |
				    LP_HEUR_FPUMP | LP_HEUR_PROXIMITY);
		CU_ASSERT_EQUAL_FATAL(lp_solve(lp, 10, &err), SP_OK);
		CU_ASSERT_EQUAL_FATAL(lp_solve_mip(lp, 10, 0, NULL, NULL, NULL, &found, &optimal,
						   &err), SP_OK);
		CU_ASSERT(found && optimal);
		/* the LP takes a, b and 3/4 of c (28.25); the only best
		 * choice within 15 is a, b, f (27), then a, c, e (26) */
		CU_ASSERT_DOUBLE_EQUAL(lp_mip_obj(lp), -27, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(lp_mip_value(lp, col[0]) + lp_mip_value(lp, col[1]) +
				       lp_mip_value(lp, col[5]), 3, 1e-9);
		lp_free(lp);
	}
}

static void collect(void *arg, const char *text)
{
	struct { char buf[4096]; size_t n; int calls; } *c = arg;
	size_t len = strlen(text);

	c->calls++;
	if (c->n + len < sizeof(c->buf)) {
		memcpy(c->buf + c->n, text, len + 1);
		c->n += len;
	}
}

/* GLPK's branch-and-bound trace goes to the log function, and only there;
 * CBC has none. */
static void test_lp_trace_goes_to_the_log_function(void)
{
	for (size_t k = 0; k < NSOLVERS; k++) {
		struct { char buf[4096]; size_t n; int calls; } log = { "", 0, 0 };
		struct sp_err err = SP_ERR_INIT;
		int col[4], found, optimal;
		struct lp *lp = odd_knapsack(solvers[k], col);

		lp_set_log(lp, collect, &log);
		CU_ASSERT_EQUAL_FATAL(lp_solve_mip(lp, 10, 0, NULL, NULL, NULL, &found, &optimal,
						   &err), SP_OK);
		CU_ASSERT(optimal);
		if (solvers[k] == LP_SOLVER_GLPK) {
			CU_ASSERT(log.calls > 0);
			CU_ASSERT_PTR_NOT_NULL(strstr(log.buf, "mip = "));
		} else {
			CU_ASSERT_EQUAL(log.calls, 0);
		}
		/* without a log function, nothing is called */
		lp_set_log(lp, NULL, NULL);
		log.calls = 0;
		CU_ASSERT_EQUAL(lp_solve_mip(lp, 10, 0, NULL, NULL, NULL, &found, &optimal, &err),
				SP_OK);
		CU_ASSERT_EQUAL(log.calls, 0);
		lp_free(lp);
	}
}

/* A time limit beyond GLPK's int milliseconds is no limit, not a crash. */
static void test_lp_huge_time_limit_is_no_limit(void)
{
	for (size_t k = 0; k < NSOLVERS; k++) {
		struct sp_err err = SP_ERR_INIT;
		int col[4], found, optimal;
		struct lp *lp = odd_knapsack(solvers[k], col);

		CU_ASSERT_EQUAL(lp_solve(lp, 1e12, &err), SP_OK);
		CU_ASSERT_EQUAL(lp_solve_mip(lp, 1e12, 0, NULL, NULL, NULL, &found, &optimal, &err),
				SP_OK);
		CU_ASSERT(optimal);
		lp_free(lp);
	}
}

/* A NaN coefficient trips an assertion inside GLPK's branch and bound.
 * GLPK would abort the process; here the solve returns SP_ERR_SOLVER with
 * GLPK's message, every GLPK problem of the thread reports itself broken
 * (GLPK's memory is gone), a COIN-OR problem is untouched, and new GLPK
 * problems work. */
static void test_lp_glpk_internal_error_is_returned(void)
{
	struct sp_err err = SP_ERR_INIT;
	struct lp *other = lp_new(LP_SOLVER_GLPK), *coin = lp_new(LP_SOLVER_CBC), *lp, *again;
	int c[2], cols[4], found = 1, optimal = 1;
	double v[2] = { NAN, 1 };

	lp = lp_new(LP_SOLVER_GLPK);
	c[0] = lp_add_col(lp, 1, 0, LP_INF, 1, 0, NULL, NULL);
	c[1] = lp_add_col(lp, 1, 0, LP_INF, 1, 0, NULL, NULL);
	lp_add_row_coefs(lp, 1, LP_INF, 2, c, v);
	CU_ASSERT_FALSE(lp_is_broken(lp));
	CU_ASSERT_EQUAL(lp_solve_mip(lp, 10, 0, NULL, NULL, NULL, &found, &optimal, &err),
			SP_ERR_SOLVER);
	CU_ASSERT_FALSE(found);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "GLPK internal error: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "Error detected in file"));
	CU_ASSERT(lp_is_broken(lp));
	CU_ASSERT(lp_is_broken(other));
	CU_ASSERT_FALSE(lp_is_broken(coin));
	/* a broken problem says so on every solve */
	CU_ASSERT_EQUAL(lp_solve(other, 10, &err), SP_ERR_SOLVER);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no longer exists"));
	lp_free(lp);
	lp_free(other);

	again = odd_knapsack(LP_SOLVER_GLPK, cols);
	CU_ASSERT_FALSE(lp_is_broken(again));
	CU_ASSERT_EQUAL(lp_solve_mip(again, 10, 0, NULL, NULL, NULL, &found, &optimal, &err),
			SP_OK);
	CU_ASSERT_DOUBLE_EQUAL(lp_mip_obj(again), 11, 1e-9);
	lp_free(again);
	lp_free(coin);
}

static void test_lp_solver_names(void)
{
	enum lp_solver s = LP_SOLVER_CBC;

	CU_ASSERT_EQUAL(lp_solver_parse("glpk", &s), 0);
	CU_ASSERT_EQUAL(s, LP_SOLVER_GLPK);
	CU_ASSERT_EQUAL(lp_solver_parse("cbc", &s), 0);
	CU_ASSERT_EQUAL(s, LP_SOLVER_CBC);
	CU_ASSERT_EQUAL(lp_solver_parse("highs", &s), -1);
	CU_ASSERT_EQUAL(lp_solver_parse("", &s), -1);
	CU_ASSERT_EQUAL(s, LP_SOLVER_CBC);
}

TEST_SUITE(lp)
{
	CU_pSuite s = CU_add_suite("lp", NULL, NULL);
	CU_add_test(s, "rows and columns added after a solve (both solvers)",
		    test_lp_rows_and_columns_added_after_a_solve);
	CU_add_test(s, "MIP optimum below its LP relaxation (both solvers)",
		    test_lp_mip_optimum_below_its_relaxation);
	CU_add_test(s, "an infeasible LP is reported (both solvers)", test_lp_infeasible_is_reported);
	CU_add_test(s, "dual simplex from the slack basis (both solvers)",
		    test_lp_dual_simplex_from_slack_basis);
	CU_add_test(s, "a MIP start is kept among equal optima",
		    test_lp_mip_start_is_kept_among_equals);
	CU_add_test(s, "the first integer solution, then on from it", test_lp_mip_first_then_on_from_it);
	CU_add_test(s, "branching order and cuts keep the optimum (both solvers)",
		    test_lp_branch_order_and_cuts_keep_the_optimum);
	CU_add_test(s, "the trace goes to the log function", test_lp_trace_goes_to_the_log_function);
	CU_add_test(s, "a huge time limit is no limit", test_lp_huge_time_limit_is_no_limit);
	CU_add_test(s, "a GLPK internal error is returned, not an abort",
		    test_lp_glpk_internal_error_is_returned);
	CU_add_test(s, "solver names", test_lp_solver_names);
	CU_add_test(s, "a node limit ends a MIP; work is counted (both solvers)", test_lp_node_limit_and_work);
}
