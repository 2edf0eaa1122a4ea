/* test_lp.c - lp.h with each backend: GLPK and COIN-OR (CLP, CBC)
 *
 * The same small problems, whose optima and duals are worked out by hand,
 * solved by both: warm-started re-solves after rows and columns are added
 * (what column generation does), a MIP whose optimum differs from its LP
 * relaxation, and an infeasible LP.
 */
#include "tests.h"
#include "staffplan/lp.h"

#include <math.h>
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
	CU_add_test(s, "solver names", test_lp_solver_names);
}
