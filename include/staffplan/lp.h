/* lp.h - linear and mixed-integer programs, solved by GLPK or COIN-OR
 *
 * Rows and columns are 0-based here.  GLPK's terminal output is captured
 * (never printed; lp_set_log passes its trace on), and GLPK's fatal-error
 * hook is installed around every solve so an internal GLPK error becomes an
 * SP_ERR_SOLVER return instead of an abort (see lp_is_broken).  Only lp.c
 * includes <glpk.h>; only lp_coin.c COIN-OR's headers.
 *
 * What the COIN-OR backend cannot do, because CBC's C interface has no hook
 * for it: MIP progress reports, the trace of lp_set_log, and branching
 * priorities (lp_set_col_branch_first); those calls are accepted and have
 * no effect there.  Everything else behaves the same with both backends.
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

/* Work, for a solve that must give the same result on any machine (the
 * solver's reproducible mode): counted in steps, not seconds.  The work
 * limit ends each later lp_solve_mip once per_iteration x its simplex
 * iterations + per_node x its branch-and-bound nodes reach budget (0, the
 * default: none); the time limit still applies besides.  GLPK looks
 * between the steps of its search, so a node's LP is never cut; CBC
 * counts nodes only (budget / per_node of them).
 * lp_work: the simplex iterations and nodes of every solve of lp so far. */
void lp_set_work_limit(struct lp *lp, double budget, double per_iteration, double per_node);
void lp_work(const struct lp *lp, long *iterations, long *nodes);

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
 * relative gap (GLPK: the limit is also checked at each callback point
 * inside a node, not only between nodes).  *found is set when an integer
 * solution exists (read it with lp_mip_value); *optimal when it was proven
 * optimal within the gap.  progress (may be NULL) is called at most once a
 * second.  Ctrl-C handling belongs to the caller (stop flag): when *stop
 * becomes non-zero the search ends with the incumbent. */
sp_status lp_solve_mip(struct lp *lp, double time_limit, double gap,
		       lp_progress_fn progress, void *arg, volatile int *stop,
		       int *found, int *optimal, struct sp_err *err);
/* Lets lp_solve_mip use cuts and the feasibility pump (off by default:
 * they can overrun the time limit on large models). */
void lp_set_strong_mip(struct lp *lp, int on);
double lp_mip_obj(const struct lp *lp);
double lp_mip_value(const struct lp *lp, int col);
double lp_mip_bound(const struct lp *lp);   /* best bound seen (NAN if none) */

/* ---- Controls for callers that drive the search (shift design's MIPs
 * and LNS rounds): all optional, each off until set. */

/* Receives the solver's trace: pieces of text, lines end in '\n'. */
typedef void (*lp_log_fn)(void *arg, const char *text);

/* Sends GLPK's branch-and-bound trace of this problem (about one line a
 * second, and the summary) to fn; NULL (the default) keeps it silent.
 * COIN-OR: no effect, CBC stays silent. */
void lp_set_log(struct lp *lp, lp_log_fn fn, void *arg);

/* on != 0: every lp_solve of this problem runs the dual simplex from the
 * current basis; before the first solve that is the all-slack basis (no
 * crash basis).  Pays when that basis is dual feasible (costs >= 0 and
 * columns at a lower bound of 0): no phase 1 is needed.  CLP likewise. */
void lp_set_dual_simplex(struct lp *lp, int on);

/* Cut generators and heuristics lp_solve_mip may use (default none). */
enum {
	LP_CUT_GOMORY = 1u << 0, /* Gomory mixed-integer cuts */
	LP_CUT_MIR = 1u << 1,    /* mixed-integer rounding */
	LP_CUT_COVER = 1u << 2,  /* knapsack covers */
	LP_CUT_CLIQUE = 1u << 3,
	LP_HEUR_FPUMP = 1u << 4, /* feasibility pump */
	/* proximity search (GLPK; CBC has heuristics of its own): at the
	 * root, MIPs for the solution nearest the last (over the 0-1
	 * columns) that costs less, for half the time and 10 s at most (a
	 * stop waits for it); timed by the clock, so a solve under a work
	 * limit goes without */
	LP_HEUR_PROXIMITY = 1u << 5
};
/* Picks exactly these for GLPK.  CBC: cuts off, then the named generators
 * on; its heuristics stay as CBC sets them (the pump is on there anyway).
 * lp_set_strong_mip(lp, 1) takes precedence for the cuts and the pump. */
void lp_set_mip_cuts(struct lp *lp, unsigned flags);

/* A known solution for the next lp_solve_mip: x holds lp_ncols(lp) values
 * (copied; NULL forgets the start).  GLPK offers it as a heuristic
 * solution at the first node, CBC takes it as its MIP start; both drop it
 * when it is infeasible.  It is forgotten after that solve. */
void lp_set_mip_start(struct lp *lp, const double *x);

/* The next lp_solve_mip ends as soon as it holds an integer solution
 * (found set, optimal not), for a caller that uses the first one before it
 * searches on (from it, as lp_set_mip_start).  Forgotten after that solve.
 * Returns 0 where the backend cannot (COIN-OR), 1 otherwise. */
int lp_set_mip_first(struct lp *lp);

/* Branches on col (an integer column) before any unmarked one: at each
 * branching GLPK takes, of the marked columns it may branch on, the one
 * with the largest value in the node's LP, and explores its up branch
 * first; with none left it falls back to its own rule.  Columns are
 * considered in the order they were marked.  COIN-OR: no effect. */
void lp_set_col_branch_first(struct lp *lp, int col);

/* After lp_solve or lp_solve_mip returned SP_ERR_SOLVER: was it a GLPK
 * internal error ("GLPK internal error: ..." in the message, e.g. an
 * assertion on a NaN coefficient)?  GLPK's environment of the calling
 * thread is then freed, and with it every GLPK problem of that thread:
 * each reports lp_is_broken, and only lp_free may be called on it.  An
 * ordinary failure (simplex trouble, no solution) leaves the problem
 * usable and returns 0.  COIN-OR problems never break. */
int lp_is_broken(const struct lp *lp);

/* Reads a GNU MathProg model and data file, builds and solves it as a MIP;
 * OUT: *obj the optimal objective.  Used to check the API-built models. */
sp_status lp_solve_mathprog(const char *model, const char *data, double time_limit,
			    double *obj, struct sp_err *err);

#endif
