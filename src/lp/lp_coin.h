/* lp_coin.h - the COIN-OR backend of lp.h (CLP for LPs, CBC for MIPs)
 *
 * Internal to lp.c, which dispatches here when a problem was created for
 * LP_SOLVER_CBC; each function has the meaning of its lp_* namesake.
 * Only lp_coin.c includes COIN-OR's headers.
 */
#ifndef STAFFPLAN_LP_COIN_H
#define STAFFPLAN_LP_COIN_H

#include "staffplan/error.h"

struct coin;

struct coin *coin_new(void);
void coin_free(struct coin *c);
int coin_add_row(struct coin *c, double lo, double hi);
int coin_add_col(struct coin *c, double cost, double lo, double hi, int integer, int n,
		 const int *rows, const double *vals);
int coin_add_row_coefs(struct coin *c, double lo, double hi, int n, const int *cols,
		       const double *vals);
void coin_set_obj_const(struct coin *c, double v);
void coin_set_col_bounds(struct coin *c, int col, double lo, double hi);
void coin_set_col_integer(struct coin *c, int col, int integer);
int coin_ncols(const struct coin *c);
int coin_nrows(const struct coin *c);
sp_status coin_solve(struct coin *c, double time_limit, struct sp_err *err);
double coin_obj(const struct coin *c);
double coin_value(const struct coin *c, int col);
double coin_dual(const struct coin *c, int row);
/* strong: with cuts (lp_set_strong_mip).  No progress reports: CBC's C
 * interface has no hook between nodes. */
sp_status coin_solve_mip(struct coin *c, double time_limit, double gap, int strong,
			 volatile int *stop, int *found, int *optimal, struct sp_err *err);
/* lp_set_dual_simplex, lp_set_mip_cuts, lp_set_mip_start (x: ncols values,
 * copied; NULL forgets; used by the next coin_solve_mip only). */
void coin_set_dual(struct coin *c, int on);
/* MIPs end after nodes branch-and-bound nodes (0: no limit); work: the
 * simplex iterations and nodes of every solve so far. */
void coin_set_node_limit(struct coin *c, long nodes);
void coin_work(const struct coin *c, long *iterations, long *nodes);
void coin_set_mip_cuts(struct coin *c, unsigned flags);
void coin_set_mip_start(struct coin *c, const double *x);
double coin_mip_obj(const struct coin *c);
double coin_mip_value(const struct coin *c, int col);
double coin_mip_bound(const struct coin *c);

#endif
