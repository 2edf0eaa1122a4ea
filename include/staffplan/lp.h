/* lp.h - linear and mixed-integer programs, solved by GLPK or COIN-OR
 *
 * Rows and columns are 0-based here.  GLPK's terminal output is captured
 * (never printed), and GLPK's fatal-error hook is installed so an internal
 * GLPK error becomes an SP_ERR_SOLVER return instead of an abort.  Only
 * lp.c includes <glpk.h>; only lp_coin.c COIN-OR's headers.  The COIN-OR
 * backend reports no MIP progress (CBC's C interface has no hook for it).
 */
#ifndef STAFFPLAN_LP_H
#define STAFFPLAN_LP_H

#include "staffplan/error.h"

#include <math.h>

struct lp;

#define LP_INF HUGE_VAL

/* Which solver a problem goes to: GLPK (the default), or COIN-OR's CLP for
 * LPs and CBC for MIPs. */
enum lp_solver { LP_SOLVER_GLPK, LP_SOLVER_CBC };

/* "glpk" or "cbc" -> *out; returns -1 for any other name. */
int lp_solver_parse(const char *name, enum lp_solver *out);
/* The name lp_solver_parse takes for s. */
const char *lp_solver_name(enum lp_solver s);

/* Progress report during a MIP solve (elapsed seconds, incumbent objective
 * or NAN, best bound or NAN). */
typedef void (*lp_progress_fn)(void *arg, double elapsed, double incumbent, double bound);

struct lp *lp_new(enum lp_solver solver); /* minimisation; caller frees with lp_free() */
void lp_free(struct lp *lp);

int lp_add_row(struct lp *lp, double lo, double hi);        /* returns row index */
/* Adds a column with objective coefficient cost, bounds [lo, hi] (LP_INF for
 * none), integer when integer != 0, and n nonzeros (rows[i], vals[i]). */
int lp_add_col(struct lp *lp, double cost, double lo, double hi, int integer,
	       int n, const int *rows, const double *vals);
/* Adds a row with its nonzeros over existing columns (cuts added lazily). */
int lp_add_row_coefs(struct lp *lp, double lo, double hi, int n, const int *cols, const double *vals);
void lp_set_obj_const(struct lp *lp, double c);
void lp_set_col_bounds(struct lp *lp, int col, double lo, double hi);
void lp_set_col_integer(struct lp *lp, int col, int integer);
int lp_ncols(const struct lp *lp);
int lp_nrows(const struct lp *lp);

/* Solves the LP relaxation (warm-started from the last basis).  Returns
 * SP_OK with an optimal solution, SP_ERR_INFEASIBLE, or SP_ERR_SOLVER. */
sp_status lp_solve(struct lp *lp, double time_limit, struct sp_err *err);
/* Frees GLPK's memory of the calling thread; a thread that used this
 * interface calls it before it ends. */
void lp_thread_done(void);
double lp_obj(const struct lp *lp);
double lp_value(const struct lp *lp, int col);
double lp_dual(const struct lp *lp, int row);

/* Solves the MIP from the current LP basis within time_limit seconds and
 * relative gap.  *found is set when an integer solution exists (read it with
 * lp_mip_value); *optimal when it was proven optimal within the gap.
 * Ctrl-C handling belongs to the caller (stop flag): when *stop becomes
 * non-zero the search ends with the incumbent. */
sp_status lp_solve_mip(struct lp *lp, double time_limit, double gap,
		       lp_progress_fn progress, void *arg, volatile int *stop,
		       int *found, int *optimal, struct sp_err *err);
/* Lets lp_solve_mip use cuts and the feasibility pump (off by default:
 * they can overrun the time limit on large models). */
void lp_set_strong_mip(struct lp *lp, int on);
double lp_mip_obj(const struct lp *lp);
double lp_mip_value(const struct lp *lp, int col);
double lp_mip_bound(const struct lp *lp);   /* best bound seen (NAN if none) */

/* Reads a GNU MathProg model and data file, builds and solves it as a MIP;
 * OUT: *obj the optimal objective.  Used to check the API-built models. */
sp_status lp_solve_mathprog(const char *model, const char *data, double time_limit,
			    double *obj, struct sp_err *err);

#endif
