/* lp.c - GLPK behind a small interface (the only file including glpk.h),
 * and the dispatch to the COIN-OR backend (lp_coin.c) for `--solver cbc`
 *
 * Every GLPK solve runs inside a guard: GLPK reports an internal error by
 * printing it, calling the error hook and then abort(), so the hook
 * longjmps back to the guarded call, which frees GLPK's environment (GLPK
 * leaves it in an undefined state) and returns SP_ERR_SOLVER.
 */
#include "staffplan/lp.h"

#include "lp_coin.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <string.h>
#include <time.h>

/* Freeing GLPK's environment frees every GLPK object of the thread.  This
 * counts those frees, per thread as GLPK's environment is, so that a
 * struct lp knows whether its glp_prob still exists. */
static _Thread_local unsigned long env_gen;

struct lp {
	struct coin *coin; /* the COIN-OR backend, or NULL for GLPK */
	glp_prob *p;       /* NULL once a GLPK internal error freed it */
	unsigned long gen; /* env_gen when p was created */
	double mip_bound;
	double t0, time_limit;
	lp_progress_fn progress;
	void *arg;
	volatile int *stop;
	double last_report;
	int solved;
	int rows_added, cols_added; /* since the last solve: pick the simplex */
	int strong;   /* MIP with cuts and feasibility pump */
	int dual;     /* lp_set_dual_simplex */
	unsigned cuts; /* LP_CUT_* / LP_HEUR_* */
	lp_log_fn log;
	void *log_arg;
	double *start; /* [1..ncols] MIP start, or NULL */
	int first;     /* lp_set_mip_first (GLPK only) */
	int *branch;   /* GLPK columns to branch on first, in order */
	int nbranch, capbranch;
	double work_limit; /* lp_set_work_limit; 0: none */
	double per_it, per_node;
	long it0;          /* simplex iterations when the current MIP solve began */
	long nodes;        /* branch-and-bound nodes of every MIP solve so far */
	long nodes0;       /* nodes when the current MIP solve began */
};

/* One guarded GLPK call: the error hook jumps to jb.  GLPK's output during
 * the call goes to the problem's log (if any), and its last lines are kept
 * for the error message. */
struct guard {
	jmp_buf jb;
	const struct lp *lp;
	char tail[400];
	size_t n;
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

/* GLPK's time limits are int milliseconds; a huge limit is no limit. */
static int msec(double seconds)
{
	double ms = seconds * 1000;
	return ms >= (double)INT_MAX ? INT_MAX : ms <= 0 ? 0 : (int)ms;
}

static int guard_term(void *info, const char *s)
{
	struct guard *g = info;
	size_t len = strlen(s);

	if (g->lp && g->lp->log)
		g->lp->log(g->lp->log_arg, s);
	if (len >= sizeof(g->tail)) {
		s += len - (sizeof(g->tail) - 1);
		len = sizeof(g->tail) - 1;
	}
	if (g->n + len >= sizeof(g->tail)) {
		size_t drop = g->n + len - (sizeof(g->tail) - 1);
		memmove(g->tail, g->tail + drop, g->n - drop);
		g->n -= drop;
	}
	memcpy(g->tail + g->n, s, len);
	g->n += len;
	g->tail[g->n] = '\0';
	return 1;
}

static void guard_fatal(void *info)
{
	struct guard *g = info;
	longjmp(g->jb, 1);
}

/* Installs the hooks; the caller then does `if (setjmp(g->jb)) return
 * guard_failed(...)` (setjmp must run in the guarded function's frame). */
static void guard_begin(struct guard *g, const struct lp *lp)
{
	g->lp = lp;
	g->n = 0;
	g->tail[0] = '\0';
	glp_term_hook(guard_term, g);
	glp_term_out(GLP_ON);
	glp_error_hook(guard_fatal, g);
}

static void guard_end(void)
{
	glp_error_hook(NULL, NULL);
	quiet();
}

/* After the longjmp: GLPK's environment is undefined; freeing it frees
 * every GLPK object of the thread (lp's problem among them). */
static sp_status guard_failed(struct guard *g, struct lp *lp, const char *what,
			      struct sp_err *err)
{
	char msg[sizeof(g->tail)];
	size_t n = 0;

	for (const char *s = g->tail; *s && n + 3 < sizeof(msg); s++) {
		if (*s != '\n')
			msg[n++] = *s;
		else if (s[1])
			msg[n++] = ';', msg[n++] = ' ';
	}
	msg[n] = '\0';
	glp_free_env();
	env_gen++;
	if (lp)
		lp->p = NULL;
	return sp_err_set(err, SP_ERR_SOLVER, "GLPK internal error%s%s: %s", what ? " on " : "",
			  what ? what : "", n ? msg : "no message");
}

static int alive(const struct lp *lp)
{
	return lp->p && lp->gen == env_gen;
}

/* The GLPK problem of lp, which must exist (using a broken lp is a bug). */
static glp_prob *prob(const struct lp *lp)
{
	SP_ASSERT(alive(lp));
	return lp->p;
}

int lp_is_broken(const struct lp *lp)
{
	return !lp->coin && !alive(lp);
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
	lp->gen = env_gen;
	glp_set_obj_dir(lp->p, GLP_MIN);
	lp->mip_bound = NAN;
	return lp;
}

void lp_free(struct lp *lp)
{
	if (!lp)
		return;
	coin_free(lp->coin);
	if (alive(lp))
		glp_delete_prob(lp->p);
	free(lp->start);
	free(lp->branch);
	free(lp);
}

void lp_set_log(struct lp *lp, lp_log_fn fn, void *arg)
{
	lp->log = fn;
	lp->log_arg = arg;
}

void lp_set_dual_simplex(struct lp *lp, int on)
{
	lp->dual = on;
	if (lp->coin)
		coin_set_dual(lp->coin, on);
}

void lp_set_work_limit(struct lp *lp, double budget, double per_iteration, double per_node)
{
	lp->work_limit = budget > 0 ? budget : 0;
	lp->per_it = per_iteration;
	lp->per_node = per_node;
	if (lp->coin) {
		double nodes = budget > 0 && per_node > 0 ? fmax(1, floor(budget / per_node)) : 0;
		coin_set_node_limit(lp->coin, nodes < 1e9 ? (long)nodes : 1000000000L);
	}
}

/* The work of the current MIP solve so far reaches the work limit. */
static int over_work(struct lp *lp, glp_prob *p)
{
	return lp->work_limit > 0 &&
	       lp->per_it * (double)(glp_get_it_cnt(p) - lp->it0) + lp->per_node * (double)(lp->nodes - lp->nodes0) >=
		       lp->work_limit;
}

void lp_work(const struct lp *lp, long *iterations, long *nodes)
{
	if (lp->coin) {
		coin_work(lp->coin, iterations, nodes);
		return;
	}
	*iterations = alive(lp) ? glp_get_it_cnt(lp->p) : 0;
	*nodes = lp->nodes;
}

void lp_set_mip_cuts(struct lp *lp, unsigned flags)
{
	lp->cuts = flags;
	if (lp->coin)
		coin_set_mip_cuts(lp->coin, flags);
}

void lp_set_mip_start(struct lp *lp, const double *x)
{
	int n = lp_ncols(lp);

	if (lp->coin) {
		coin_set_mip_start(lp->coin, x);
		return;
	}
	free(lp->start);
	lp->start = NULL;
	if (!x)
		return;
	lp->start = sp_xmalloc(((size_t)n + 1) * sizeof(double));
	lp->start[0] = 0;
	memcpy(lp->start + 1, x, (size_t)n * sizeof(double));
}

int lp_set_mip_first(struct lp *lp)
{
	lp->first = !lp->coin;
	return lp->first;
}

void lp_set_col_branch_first(struct lp *lp, int col)
{
	if (lp->coin)
		return;
	SP_ASSERT(col >= 0 && col < lp_ncols(lp));
	SP_GROW(lp->branch, lp->nbranch + 1, lp->capbranch);
	lp->branch[lp->nbranch++] = col + 1;
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
	int i = glp_add_rows(prob(lp), 1);
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
	glp_set_col_bnds(prob(lp), col + 1, bound_type(lo, hi), lo == -LP_INF ? 0 : lo,
			 hi == LP_INF ? 0 : hi);
}

void lp_set_col_integer(struct lp *lp, int col, int integer)
{
	if (lp->coin) {
		coin_set_col_integer(lp->coin, col, integer);
		return;
	}
	glp_set_col_kind(prob(lp), col + 1, integer ? GLP_IV : GLP_CV);
}

int lp_add_col(struct lp *lp, double cost, double lo, double hi, int integer, int n,
	       const int *rows, const double *vals)
{
	if (lp->coin)
		return coin_add_col(lp->coin, cost, lo, hi, integer, n, rows, vals);
	int j = glp_add_cols(prob(lp), 1);
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
		glp_set_obj_coef(prob(lp), 0, c);
}

int lp_ncols(const struct lp *lp) { return lp->coin ? coin_ncols(lp->coin) : glp_get_num_cols(prob(lp)); }
int lp_nrows(const struct lp *lp) { return lp->coin ? coin_nrows(lp->coin) : glp_get_num_rows(prob(lp)); }

void lp_thread_done(void)
{
	glp_free_env();
	env_gen++;
}

static sp_status broken(struct sp_err *err)
{
	return sp_err_set(err, SP_ERR_SOLVER, "GLPK internal error earlier in this thread: "
			  "the problem no longer exists");
}

static sp_status simplex(struct lp *lp, double time_limit, struct sp_err *err)
{
	glp_smcp parm;
	int rc;

	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_OFF;
	if (time_limit > 0)
		parm.tm_lim = msec(time_limit);
	if (lp->dual) {
		/* from the current basis, the all-slack one at first */
		parm.meth = GLP_DUALP;
	} else {
		/* New rows keep the last basis dual feasible: the dual simplex
		 * then re-optimises; new columns keep it primal feasible. */
		if (lp->solved && lp->rows_added && !lp->cols_added)
			parm.meth = GLP_DUALP;
		/* Only the first solve builds a starting basis; later solves
		 * (after columns or rows were added) warm-start from the last. */
		if (!lp->solved)
			glp_adv_basis(lp->p, 0);
	}
	lp->rows_added = lp->cols_added = 0;
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

sp_status lp_solve(struct lp *lp, double time_limit, struct sp_err *err)
{
	struct guard g;
	sp_status st;

	if (lp->coin)
		return coin_solve(lp->coin, time_limit, err);
	if (!alive(lp))
		return broken(err);
	guard_begin(&g, NULL);
	if (setjmp(g.jb))
		return guard_failed(&g, lp, NULL, err);
	st = simplex(lp, time_limit, err);
	guard_end();
	return st;
}

double lp_obj(const struct lp *lp)
{
	return lp->coin ? coin_obj(lp->coin) : glp_get_obj_val(prob(lp));
}

double lp_value(const struct lp *lp, int col)
{
	return lp->coin ? coin_value(lp->coin, col) : glp_get_col_prim(prob(lp), col + 1);
}

double lp_dual(const struct lp *lp, int row)
{
	return lp->coin ? coin_dual(lp->coin, row) : glp_get_row_dual(prob(lp), row + 1);
}

/* Of the columns marked by lp_set_col_branch_first, the one GLPK may
 * branch on with the largest LP value (the first of equals); 0 if none. */
static int branch_column(const struct lp *lp, glp_tree *tree)
{
	glp_prob *p = glp_ios_get_prob(tree);
	double bv = -1;
	int bj = 0;

	for (int k = 0; k < lp->nbranch; k++) {
		int j = lp->branch[k];
		double v;
		if (!glp_ios_can_branch(tree, j))
			continue;
		v = glp_get_col_prim(p, j);
		if (v > bv) {
			bv = v;
			bj = j;
		}
	}
	return bj;
}

static void mip_callback(glp_tree *tree, void *info)
{
	struct lp *lp = info;
	glp_prob *p = glp_ios_get_prob(tree);
	int best = glp_ios_best_node(tree);
	double t = now() - lp->t0;
	int over = over_work(lp, p);
	int have = glp_mip_status(p) == GLP_FEAS || glp_mip_status(p) == GLP_OPT;

	if (best)
		lp->mip_bound = glp_ios_node_bound(tree, best);
	/* GLPK checks its time limit only between LP solves; cut rounds and
	 * heuristics at one node can run far past it */
	if (t > lp->time_limit || (lp->stop && *lp->stop) || over || (lp->first && have))
		glp_ios_terminate(tree);
	if (lp->progress && t - lp->last_report >= 1.0) {
		lp->progress(lp->arg, t, have ? glp_mip_obj_val(p) : NAN, lp->mip_bound);
		lp->last_report = t;
	}
	switch (glp_ios_reason(tree)) {
	case GLP_IPREPRO:
		/* a node was taken from the active list, its LP not solved yet:
		 * past the work limit it is not (terminated above), so it does
		 * not count */
		if (!over)
			lp->nodes++;
		break;
	case GLP_IHEUR:
		if (lp->start) {
			glp_ios_heur_sol(tree, lp->start);
			free(lp->start);
			lp->start = NULL;
		}
		break;
	case GLP_IBRANCH: {
		int j = branch_column(lp, tree);
		if (j)
			glp_ios_branch_upon(tree, j, GLP_UP_BRNCH);
		break;
	}
	default:
		break;
	}
}

/* The longest proximity search (LP_HEUR_PROXIMITY), in milliseconds: a
 * stop waits for it.  On S-scarce 5 s found nothing better than branching,
 * 8-13 s took stage 1's MIP from 13 707 to 11 791. */
#define PROXIMITY_MS 10000

static sp_status intopt(struct lp *lp, double time_limit, double gap, int *found,
			int *optimal, struct sp_err *err)
{
	unsigned cuts = lp->strong ? LP_CUT_GOMORY | LP_CUT_MIR | LP_HEUR_FPUMP | (lp->cuts & LP_HEUR_PROXIMITY)
				   : lp->cuts;
	glp_iocp parm;
	int rc, st;

	if (glp_get_status(lp->p) != GLP_OPT) {
		sp_status s = simplex(lp, time_limit, err);
		if (s != SP_OK)
			return s;
	}
	glp_init_iocp(&parm);
	parm.msg_lev = lp->log ? GLP_MSG_ON : GLP_MSG_OFF;
	if (lp->log)
		parm.out_frq = 1000;
	parm.presolve = GLP_OFF;
	parm.mip_gap = gap;
	parm.tm_lim = msec(time_limit);
	if (parm.tm_lim < 1)
		parm.tm_lim = 1;
	/* Cuts and the feasibility pump help the stage-1 model but can run far
	 * past the time limit on the assignment models (GLPK checks the limit
	 * only between nodes), so they are opt-in. */
	parm.fp_heur = cuts & LP_HEUR_FPUMP ? GLP_ON : GLP_OFF;
	parm.mir_cuts = cuts & LP_CUT_MIR ? GLP_ON : GLP_OFF;
	parm.gmi_cuts = cuts & LP_CUT_GOMORY ? GLP_ON : GLP_OFF;
	parm.cov_cuts = cuts & LP_CUT_COVER ? GLP_ON : GLP_OFF;
	parm.clq_cuts = cuts & LP_CUT_CLIQUE ? GLP_ON : GLP_OFF;
	if (cuts & LP_HEUR_PROXIMITY && !lp->work_limit) {
		/* half the time, so that branching goes on after it, and
		 * PROXIMITY_MS at most: it never looks at the stop flag */
		parm.ps_heur = GLP_ON;
		parm.ps_tm_lim = parm.tm_lim / 2 < PROXIMITY_MS ? parm.tm_lim / 2 : PROXIMITY_MS;
		if (parm.ps_tm_lim < 1)
			parm.ps_tm_lim = 1;
	}
	/* not GLP_BR_PCH: it initialises pseudocosts with one LP per
	 * fractional variable and ignores the time limit while doing so */
	parm.br_tech = GLP_BR_DTH;
	parm.bt_tech = GLP_BT_BLB;
	parm.cb_func = mip_callback;
	parm.cb_info = lp;
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

sp_status lp_solve_mip(struct lp *lp, double time_limit, double gap, lp_progress_fn progress,
		       void *arg, volatile int *stop, int *found, int *optimal, struct sp_err *err)
{
	struct guard g;
	sp_status st;

	*found = 0;
	*optimal = 0;
	if (lp->coin)
		return coin_solve_mip(lp->coin, time_limit, gap, lp->strong, stop, found, optimal, err);
	if (!alive(lp))
		return broken(err);
	lp->t0 = now();
	lp->time_limit = time_limit;
	lp->last_report = 0;
	lp->progress = progress;
	lp->arg = arg;
	lp->stop = stop;
	lp->mip_bound = NAN;
	lp->nodes0 = lp->nodes;
	lp->it0 = glp_get_it_cnt(lp->p);
	guard_begin(&g, lp);
	if (setjmp(g.jb))
		return guard_failed(&g, lp, NULL, err);
	st = intopt(lp, time_limit, gap, found, optimal, err);
	guard_end();
	free(lp->start); /* a start not used (no first node) is forgotten too */
	lp->start = NULL;
	lp->first = 0;
	return st;
}

double lp_mip_obj(const struct lp *lp)
{
	return lp->coin ? coin_mip_obj(lp->coin) : glp_mip_obj_val(prob(lp));
}

double lp_mip_value(const struct lp *lp, int col)
{
	return lp->coin ? coin_mip_value(lp->coin, col) : glp_mip_col_val(prob(lp), col + 1);
}

double lp_mip_bound(const struct lp *lp)
{
	return lp->coin ? coin_mip_bound(lp->coin) : lp->mip_bound;
}

/* The MathProg translator and its problem; both live across the guard's
 * longjmp, hence volatile. */
static sp_status mathprog(const char *model, const char *data, double time_limit, double *obj,
			  glp_tran *volatile *tran, glp_prob *volatile *p, struct sp_err *err)
{
	glp_iocp parm;
	int rc;

	*tran = glp_mpl_alloc_wksp();
	*p = glp_create_prob();
	if (glp_mpl_read_model(*tran, model, 1) != 0)
		return sp_err_set(err, SP_ERR_INPUT, "cannot read MathProg model '%s'", model);
	if (data && glp_mpl_read_data(*tran, data) != 0)
		return sp_err_set(err, SP_ERR_INPUT, "cannot read MathProg data '%s'", data);
	if (glp_mpl_generate(*tran, NULL) != 0)
		return sp_err_set(err, SP_ERR_INPUT, "cannot generate model '%s'", model);
	glp_mpl_build_prob(*tran, *p);
	glp_init_iocp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_ON;
	parm.tm_lim = msec(time_limit);
	rc = glp_intopt(*p, &parm);
	if (rc != 0 || glp_mip_status(*p) != GLP_OPT)
		return sp_err_set(err, SP_ERR_SOLVER, "MathProg model not solved to optimality (code %d)", rc);
	*obj = glp_mip_obj_val(*p);
	return SP_OK;
}

sp_status lp_solve_mathprog(const char *model, const char *data, double time_limit,
			    double *obj, struct sp_err *err)
{
	glp_tran *volatile tran = NULL;
	glp_prob *volatile p = NULL;
	struct guard g;
	sp_status st;

	*obj = NAN;
	guard_begin(&g, NULL);
	if (setjmp(g.jb))
		return guard_failed(&g, NULL, model, err);
	st = mathprog(model, data, time_limit, obj, &tran, &p, err);
	if (tran)
		glp_mpl_free_wksp(tran);
	if (p)
		glp_delete_prob(p);
	guard_end();
	return st;
}
