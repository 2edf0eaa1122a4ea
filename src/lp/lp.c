/* lp.c - GLPK behind a small interface (the only file including glpk.h),
 * and the dispatch to the COIN-OR backend (lp_coin.c) for `--solver cbc` */
#include "staffplan/lp.h"

#include "lp_coin.h"

#include <glpk.h>
#include <setjmp.h>
#include <string.h>
#include <time.h>

struct lp {
	struct coin *coin; /* the COIN-OR backend, or NULL for GLPK */
	glp_prob *p;
	double mip_bound;
	double t0, time_limit;
	lp_progress_fn progress;
	void *arg;
	volatile int *stop;
	double last_report;
	int solved;
	int rows_added, cols_added; /* since the last solve: pick the simplex */
	int strong;   /* MIP with cuts and feasibility pump */
};

void lp_set_strong_mip(struct lp *lp, int on)
{
	lp->strong = on;
}

int lp_solver_parse(const char *name, enum lp_solver *out)
{
	if (!strcmp(name, "glpk"))
		*out = LP_SOLVER_GLPK;
	else if (!strcmp(name, "cbc"))
		*out = LP_SOLVER_CBC;
	else
		return -1;
	return 0;
}

const char *lp_solver_name(enum lp_solver s)
{
	return s == LP_SOLVER_CBC ? "cbc" : "glpk";
}

static int silent_hook(void *info, const char *s)
{
	(void)info;
	(void)s;
	return 1; /* swallow GLPK's terminal output */
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void quiet(void)
{
	glp_term_hook(silent_hook, NULL);
	glp_term_out(GLP_OFF);
}

struct lp *lp_new(enum lp_solver solver)
{
	struct lp *lp = sp_xcalloc(1, sizeof(*lp));
	if (solver == LP_SOLVER_CBC) {
		lp->coin = coin_new();
		return lp;
	}
	quiet();
	lp->p = glp_create_prob();
	glp_set_obj_dir(lp->p, GLP_MIN);
	lp->mip_bound = NAN;
	return lp;
}

void lp_free(struct lp *lp)
{
	if (!lp)
		return;
	coin_free(lp->coin);
	if (lp->p)
		glp_delete_prob(lp->p);
	free(lp);
}

static int bound_type(double lo, double hi)
{
	if (lo == -LP_INF && hi == LP_INF)
		return GLP_FR;
	if (hi == LP_INF)
		return GLP_LO;
	if (lo == -LP_INF)
		return GLP_UP;
	if (lo == hi)
		return GLP_FX;
	return GLP_DB;
}

int lp_add_row(struct lp *lp, double lo, double hi)
{
	if (lp->coin)
		return coin_add_row(lp->coin, lo, hi);
	int i = glp_add_rows(lp->p, 1);
	lp->rows_added = 1;
	glp_set_row_bnds(lp->p, i, bound_type(lo, hi), lo == -LP_INF ? 0 : lo, hi == LP_INF ? 0 : hi);
	return i - 1;
}

void lp_set_col_bounds(struct lp *lp, int col, double lo, double hi)
{
	if (lp->coin) {
		coin_set_col_bounds(lp->coin, col, lo, hi);
		return;
	}
	glp_set_col_bnds(lp->p, col + 1, bound_type(lo, hi), lo == -LP_INF ? 0 : lo,
			 hi == LP_INF ? 0 : hi);
}

void lp_set_col_integer(struct lp *lp, int col, int integer)
{
	if (lp->coin) {
		coin_set_col_integer(lp->coin, col, integer);
		return;
	}
	glp_set_col_kind(lp->p, col + 1, integer ? GLP_IV : GLP_CV);
}

int lp_add_col(struct lp *lp, double cost, double lo, double hi, int integer, int n,
	       const int *rows, const double *vals)
{
	if (lp->coin)
		return coin_add_col(lp->coin, cost, lo, hi, integer, n, rows, vals);
	int j = glp_add_cols(lp->p, 1);
	int ind[n + 1];

	lp->cols_added = 1;
	double val[n + 1];

	for (int k = 0; k < n; k++) {
		ind[k + 1] = rows[k] + 1;
		val[k + 1] = vals[k];
	}
	glp_set_mat_col(lp->p, j, n, ind, val);
	glp_set_obj_coef(lp->p, j, cost);
	lp_set_col_bounds(lp, j - 1, lo, hi);
	if (integer)
		glp_set_col_kind(lp->p, j, GLP_IV);
	return j - 1;
}

int lp_add_row_coefs(struct lp *lp, double lo, double hi, int n, const int *cols, const double *vals)
{
	if (lp->coin)
		return coin_add_row_coefs(lp->coin, lo, hi, n, cols, vals);
	int i = lp_add_row(lp, lo, hi) + 1;
	int *ind = sp_xmalloc(((size_t)n + 1) * sizeof(int));
	double *val = sp_xmalloc(((size_t)n + 1) * sizeof(double));

	for (int k = 0; k < n; k++) {
		ind[k + 1] = cols[k] + 1;
		val[k + 1] = vals[k];
	}
	glp_set_mat_row(lp->p, i, n, ind, val);
	free(ind);
	free(val);
	return i - 1;
}

void lp_set_obj_const(struct lp *lp, double c)
{
	if (lp->coin)
		coin_set_obj_const(lp->coin, c);
	else
		glp_set_obj_coef(lp->p, 0, c);
}

int lp_ncols(const struct lp *lp) { return lp->coin ? coin_ncols(lp->coin) : glp_get_num_cols(lp->p); }
int lp_nrows(const struct lp *lp) { return lp->coin ? coin_nrows(lp->coin) : glp_get_num_rows(lp->p); }

void lp_thread_done(void)
{
	glp_free_env();
}

sp_status lp_solve(struct lp *lp, double time_limit, struct sp_err *err)
{
	glp_smcp parm;
	int rc;

	if (lp->coin)
		return coin_solve(lp->coin, time_limit, err);
	quiet();
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_OFF;
	if (time_limit > 0)
		parm.tm_lim = (int)(time_limit * 1000);
	/* New rows keep the last basis dual feasible: the dual simplex then
	 * re-optimises; new columns keep it primal feasible. */
	if (lp->solved && lp->rows_added && !lp->cols_added)
		parm.meth = GLP_DUALP;
	lp->rows_added = lp->cols_added = 0;
	/* Only the first solve builds a starting basis; later solves (after
	 * columns or rows were added) warm-start from the last one. */
	if (!lp->solved)
		glp_adv_basis(lp->p, 0);
	lp->solved = 1;
	rc = glp_simplex(lp->p, &parm);
	if (rc == GLP_ETMLIM)
		return sp_err_set(err, SP_ERR_TIMEOUT, "time limit reached in the LP relaxation");
	if (rc != 0) {
		/* a singular basis after adding columns: restart from scratch */
		glp_std_basis(lp->p);
		rc = glp_simplex(lp->p, &parm);
	}
	if (rc != 0)
		return sp_err_set(err, SP_ERR_SOLVER, "GLPK simplex failed (code %d)", rc);
	switch (glp_get_status(lp->p)) {
	case GLP_OPT:
		return SP_OK;
	case GLP_NOFEAS:
	case GLP_INFEAS:
		return sp_err_set(err, SP_ERR_INFEASIBLE, "the LP relaxation is infeasible");
	default:
		return sp_err_set(err, SP_ERR_SOLVER, "the LP relaxation has no optimal solution (status %d)",
				  glp_get_status(lp->p));
	}
}

double lp_obj(const struct lp *lp)
{
	return lp->coin ? coin_obj(lp->coin) : glp_get_obj_val(lp->p);
}

double lp_value(const struct lp *lp, int col)
{
	return lp->coin ? coin_value(lp->coin, col) : glp_get_col_prim(lp->p, col + 1);
}

double lp_dual(const struct lp *lp, int row)
{
	return lp->coin ? coin_dual(lp->coin, row) : glp_get_row_dual(lp->p, row + 1);
}

static void mip_callback(glp_tree *tree, void *info)
{
	struct lp *lp = info;
	int reason = glp_ios_reason(tree);

	if (reason != GLP_ISELECT && reason != GLP_IBINGO && reason != GLP_IROWGEN)
		return;
	int best = glp_ios_best_node(tree);
	if (best)
		lp->mip_bound = glp_ios_node_bound(tree, best);
	double t = now() - lp->t0;
	if (lp->progress && t - lp->last_report >= 1.0) {
		double inc = glp_mip_status(glp_ios_get_prob(tree)) == GLP_FEAS ||
				     glp_mip_status(glp_ios_get_prob(tree)) == GLP_OPT
			     ? glp_mip_obj_val(glp_ios_get_prob(tree))
			     : NAN;
		lp->progress(lp->arg, t, inc, lp->mip_bound);
		lp->last_report = t;
	}
	if (lp->stop && *lp->stop)
		glp_ios_terminate(tree);
}

sp_status lp_solve_mip(struct lp *lp, double time_limit, double gap, lp_progress_fn progress,
		       void *arg, volatile int *stop, int *found, int *optimal, struct sp_err *err)
{
	glp_iocp parm;
	int rc, st;

	*found = 0;
	*optimal = 0;
	if (lp->coin)
		return coin_solve_mip(lp->coin, time_limit, gap, lp->strong, stop, found, optimal, err);
	quiet();
	if (glp_get_status(lp->p) != GLP_OPT) {
		sp_status s = lp_solve(lp, time_limit, err);
		if (s != SP_OK)
			return s;
	}
	glp_init_iocp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_OFF;
	parm.mip_gap = gap;
	parm.tm_lim = (int)(time_limit * 1000);
	if (parm.tm_lim < 1)
		parm.tm_lim = 1;
	/* Cuts and the feasibility pump help the stage-1 model but can run far
	 * past the time limit on the assignment models (GLPK checks the limit
	 * only between nodes), so they are opt-in. */
	if (lp->strong) {
		parm.fp_heur = GLP_ON;
		parm.mir_cuts = GLP_ON;
		parm.gmi_cuts = GLP_ON;
	}
	/* not GLP_BR_PCH: it initialises pseudocosts with one LP per
	 * fractional variable and ignores the time limit while doing so */
	parm.br_tech = GLP_BR_DTH;
	parm.bt_tech = GLP_BT_BLB;
	parm.cb_func = mip_callback;
	parm.cb_info = lp;
	lp->t0 = now();
	lp->last_report = 0;
	lp->progress = progress;
	lp->arg = arg;
	lp->stop = stop;
	lp->mip_bound = NAN;
	rc = glp_intopt(lp->p, &parm);
	st = glp_mip_status(lp->p);
	*found = st == GLP_OPT || st == GLP_FEAS;
	*optimal = st == GLP_OPT;
	if (*optimal)
		lp->mip_bound = glp_mip_obj_val(lp->p);
	if (rc != 0 && rc != GLP_ETMLIM && rc != GLP_ESTOP && rc != GLP_EMIPGAP && !*found)
		return sp_err_set(err, SP_ERR_SOLVER, "GLPK branch-and-bound failed (code %d)", rc);
	if (rc == GLP_EMIPGAP && *found)
		*optimal = 1;
	return SP_OK;
}

double lp_mip_obj(const struct lp *lp)
{
	return lp->coin ? coin_mip_obj(lp->coin) : glp_mip_obj_val(lp->p);
}

double lp_mip_value(const struct lp *lp, int col)
{
	return lp->coin ? coin_mip_value(lp->coin, col) : glp_mip_col_val(lp->p, col + 1);
}

double lp_mip_bound(const struct lp *lp)
{
	return lp->coin ? coin_mip_bound(lp->coin) : lp->mip_bound;
}

/* GLPK reports internal errors by calling this hook and then aborting; the
 * hook jumps back to lp_solve_mathprog so the caller gets an error code. */
struct mpl_guard {
	jmp_buf jb;
};

static void error_hook(void *info)
{
	struct mpl_guard *g = info;
	longjmp(g->jb, 1);
}

sp_status lp_solve_mathprog(const char *model, const char *data, double time_limit,
			    double *obj, struct sp_err *err)
{
	static struct mpl_guard guard; /* lives across longjmp; reset per call */
	glp_tran *volatile tran = NULL;
	glp_prob *volatile p = NULL;
	volatile sp_status st = SP_OK;

	*obj = NAN;
	quiet();
	if (setjmp(guard.jb)) {
		glp_error_hook(NULL, NULL);
		glp_free_env();
		return sp_err_set(err, SP_ERR_SOLVER, "GLPK failed on '%s'", model);
	}
	glp_error_hook(error_hook, &guard);
	tran = glp_mpl_alloc_wksp();
	p = glp_create_prob();
	if (glp_mpl_read_model(tran, model, 1) != 0) {
		st = sp_err_set(err, SP_ERR_INPUT, "cannot read MathProg model '%s'", model);
		goto done;
	}
	if (data && glp_mpl_read_data(tran, data) != 0) {
		st = sp_err_set(err, SP_ERR_INPUT, "cannot read MathProg data '%s'", data);
		goto done;
	}
	if (glp_mpl_generate(tran, NULL) != 0) {
		st = sp_err_set(err, SP_ERR_INPUT, "cannot generate model '%s'", model);
		goto done;
	}
	glp_mpl_build_prob(tran, p);
	glp_iocp parm;
	glp_init_iocp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_ON;
	parm.tm_lim = (int)(time_limit * 1000);
	int rc = glp_intopt(p, &parm);
	if (rc != 0 || glp_mip_status(p) != GLP_OPT) {
		st = sp_err_set(err, SP_ERR_SOLVER, "MathProg model not solved to optimality (code %d)", rc);
		goto done;
	}
	*obj = glp_mip_obj_val(p);
done:
	glp_error_hook(NULL, NULL);
	glp_mpl_free_wksp(tran);
	glp_delete_prob(p);
	return st;
}
