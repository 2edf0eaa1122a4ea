/* lp_coin.c - COIN-OR CLP (linear programs) and CBC (mixed-integer programs)
 * behind lp.h, for `--solver cbc`
 *
 * CLP adds rows and columns in blocks: one at a time it copies its arrays on
 * every call.  So additions are kept here as pending and handed over just
 * before a solve; CLP keeps its basis across additions (new rows basic, new
 * columns at their lower bound), which is the warm start column generation
 * needs.  CBC takes a whole problem per solve, so the model's nonzeros are
 * also kept here as triplets.
 */
#include "lp_coin.h"

#include "staffplan/buf.h"
#include "staffplan/lp.h"

#include <coin/Cbc_C_Interface.h>
#include <coin/Clp_C_Interface.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct nz {
	int row, col;
	double val;
};

struct coin {
	Clp_Simplex *clp;
	int nrows, ncols;     /* the model, pending additions included */
	int crows, ccols;     /* rows and columns CLP has */
	double *rlo, *rhi;    /* per row */
	double *clo, *chi, *cost;
	char *integer;
	int ccap, rcap;
	struct nz *nz;        /* every nonzero, in the order given */
	size_t nnz, nzcap, nz_sent; /* nz[0, nz_sent) are in CLP */
	int bounds_changed;   /* on a column CLP has */
	int solved;
	int dual;             /* the last re-solve used the dual simplex */
	int always_dual;      /* coin_set_dual */
	unsigned cuts;        /* LP_CUT_* */
	double *mip_start;    /* [ncols] for the next MIP, or NULL */
	double obj_const;
	double *mip_x;        /* best integer solution, or NULL */
	double mip_obj, mip_bound;
	long node_limit;      /* coin_set_node_limit */
	long iters, nodes;    /* every solve's, for coin_work */
};

struct coin *coin_new(void)
{
	struct coin *c = sp_xcalloc(1, sizeof(*c));
	c->clp = Clp_newModel();
	Clp_setLogLevel(c->clp, 0);
	Clp_setOptimizationDirection(c->clp, 1);
	c->mip_bound = NAN;
	c->mip_obj = NAN;
	return c;
}

void coin_free(struct coin *c)
{
	if (!c)
		return;
	Clp_deleteModel(c->clp);
	free(c->rlo);
	free(c->rhi);
	free(c->clo);
	free(c->chi);
	free(c->cost);
	free(c->integer);
	free(c->nz);
	free(c->mip_x);
	free(c->mip_start);
	free(c);
}

void coin_set_dual(struct coin *c, int on) { c->always_dual = on; }
void coin_set_mip_cuts(struct coin *c, unsigned flags) { c->cuts = flags; }

void coin_set_mip_start(struct coin *c, const double *x)
{
	free(c->mip_start);
	c->mip_start = NULL;
	if (!x)
		return;
	c->mip_start = sp_xmalloc(((size_t)c->ncols + 1) * sizeof(double));
	memcpy(c->mip_start, x, (size_t)c->ncols * sizeof(double));
}

/* CLP and CBC take DBL_MAX (COIN_DBL_MAX) for "no bound" */
static double coin_bound(double v)
{
	return isinf(v) ? (v > 0 ? DBL_MAX : -DBL_MAX) : v;
}

int coin_add_row(struct coin *c, double lo, double hi)
{
	if (c->nrows == c->rcap) {
		c->rcap = c->rcap ? 2 * c->rcap : 256;
		c->rlo = sp_xrealloc(c->rlo, (size_t)c->rcap * sizeof(double));
		c->rhi = sp_xrealloc(c->rhi, (size_t)c->rcap * sizeof(double));
	}
	c->rlo[c->nrows] = coin_bound(lo);
	c->rhi[c->nrows] = coin_bound(hi);
	return c->nrows++;
}

static void add_nz(struct coin *c, int row, int col, double val)
{
	SP_GROW(c->nz, c->nnz + 1, c->nzcap);
	c->nz[c->nnz++] = (struct nz){ row, col, val };
}

int coin_add_col(struct coin *c, double cost, double lo, double hi, int integer, int n,
		 const int *rows, const double *vals)
{
	if (c->ncols == c->ccap) {
		c->ccap = c->ccap ? 2 * c->ccap : 256;
		c->clo = sp_xrealloc(c->clo, (size_t)c->ccap * sizeof(double));
		c->chi = sp_xrealloc(c->chi, (size_t)c->ccap * sizeof(double));
		c->cost = sp_xrealloc(c->cost, (size_t)c->ccap * sizeof(double));
		c->integer = sp_xrealloc(c->integer, (size_t)c->ccap);
	}
	int j = c->ncols++;
	c->clo[j] = coin_bound(lo);
	c->chi[j] = coin_bound(hi);
	c->cost[j] = cost;
	c->integer[j] = integer != 0;
	for (int k = 0; k < n; k++)
		add_nz(c, rows[k], j, vals[k]);
	return j;
}

int coin_add_row_coefs(struct coin *c, double lo, double hi, int n, const int *cols,
		       const double *vals)
{
	int i = coin_add_row(c, lo, hi);
	for (int k = 0; k < n; k++)
		add_nz(c, i, cols[k], vals[k]);
	return i;
}

void coin_set_obj_const(struct coin *c, double v) { c->obj_const = v; }
int coin_ncols(const struct coin *c) { return c->ncols; }
int coin_nrows(const struct coin *c) { return c->nrows; }

void coin_set_col_bounds(struct coin *c, int col, double lo, double hi)
{
	c->clo[col] = coin_bound(lo);
	c->chi[col] = coin_bound(hi);
	if (col < c->ccols)
		c->bounds_changed = 1;
}

void coin_set_col_integer(struct coin *c, int col, int integer) { c->integer[col] = integer != 0; }

/* Compressed sparse columns (by_col) of the nonzeros nz[from, nnz) whose
 * column is at least col0, or compressed rows of those whose column is
 * below col0; first is the index of the first column or row, n how many.
 * OUT: start (n + 1 entries), idx, val. */
static void compress(const struct coin *c, size_t from, int by_col, int first, int n, int col0,
		       CoinBigIndex *start, int *idx, double *val)
{
	memset(start, 0, ((size_t)n + 1) * sizeof(*start));
	for (size_t k = from; k < c->nnz; k++) {
		const struct nz *z = &c->nz[k];
		if (by_col ? z->col >= col0 : z->col < col0)
			start[(by_col ? z->col : z->row) - first + 1]++;
	}
	for (int i = 0; i < n; i++)
		start[i + 1] += start[i];
	CoinBigIndex *pos = sp_xmalloc(((size_t)n + 1) * sizeof(*pos));
	memcpy(pos, start, ((size_t)n + 1) * sizeof(*pos));
	for (size_t k = from; k < c->nnz; k++) {
		const struct nz *z = &c->nz[k];
		if (by_col ? z->col < col0 : z->col >= col0)
			continue;
		CoinBigIndex p = pos[(by_col ? z->col : z->row) - first]++;
		idx[p] = by_col ? z->row : z->col;
		val[p] = z->val;
	}
	free(pos);
}

/* Hands pending rows, then pending columns, to CLP.  A nonzero of a new
 * row on a column CLP has goes with the row; every other new nonzero is in
 * a new column and goes with it. */
static void sync(struct coin *c)
{
	size_t pend = c->nnz - c->nz_sent;
	int *idx = sp_xmalloc((pend + 1) * sizeof(int));
	double *val = sp_xmalloc((pend + 1) * sizeof(double));

	if (c->nrows > c->crows) {
		int n = c->nrows - c->crows;
		CoinBigIndex *start = sp_xmalloc(((size_t)n + 1) * sizeof(*start));
		compress(c, c->nz_sent, 0, c->crows, n, c->ccols, start, idx, val);
		Clp_addRows(c->clp, n, c->rlo + c->crows, c->rhi + c->crows, start, idx, val);
		free(start);
		c->crows = c->nrows;
	}
	if (c->ncols > c->ccols) {
		int n = c->ncols - c->ccols;
		CoinBigIndex *start = sp_xmalloc(((size_t)n + 1) * sizeof(*start));
		compress(c, c->nz_sent, 1, c->ccols, n, c->ccols, start, idx, val);
		Clp_addColumns(c->clp, n, c->clo + c->ccols, c->chi + c->ccols, c->cost + c->ccols,
			       start, idx, val);
		free(start);
		c->ccols = c->ncols;
	}
	c->nz_sent = c->nnz;
	if (c->bounds_changed) {
		Clp_chgColumnLower(c->clp, c->clo);
		Clp_chgColumnUpper(c->clp, c->chi);
		c->bounds_changed = 0;
	}
	free(idx);
	free(val);
}

sp_status coin_solve(struct coin *c, double time_limit, struct sp_err *err)
{
	int rows_added = c->nrows > c->crows, cols_added = c->ncols > c->ccols;

	sync(c);
	/* CLP counts the CPU time of the whole process, both threads: a
	 * time-limited solve may stop early, never late */
	Clp_setMaximumSeconds(c->clp, time_limit > 0 ? time_limit : -1);
	/* As with GLPK: new rows keep the last basis dual feasible, new
	 * columns keep it primal feasible.  A solve that ran out of time goes
	 * on with the method it had. */
	if (c->solved && (rows_added || cols_added))
		c->dual = rows_added && !cols_added;
	if (c->always_dual)
		Clp_dual(c->clp, 0);
	else if (!c->solved)
		Clp_initialSolve(c->clp);
	else if (c->dual)
		Clp_dual(c->clp, 0);
	else
		Clp_primal(c->clp, 0);
	c->solved = 1;
	c->iters += Clp_numberIterations(c->clp);
	switch (Clp_status(c->clp)) {
	case 0:
		return SP_OK;
	case 1:
		return sp_err_set(err, SP_ERR_INFEASIBLE, "the LP relaxation is infeasible");
	case 3:
		return sp_err_set(err, SP_ERR_TIMEOUT, "time limit reached in the LP relaxation");
	default:
		return sp_err_set(err, SP_ERR_SOLVER, "CLP did not solve the LP relaxation (status %d)",
				  Clp_status(c->clp));
	}
}

double coin_obj(const struct coin *c) { return Clp_objectiveValue(c->clp) + c->obj_const; }
double coin_value(const struct coin *c, int col) { return Clp_getColSolution(c->clp)[col]; }
double coin_dual(const struct coin *c, int row) { return Clp_getRowPrice(c->clp)[row]; }

sp_status coin_solve_mip(struct coin *c, double time_limit, double gap, int strong,
			 volatile int *stop, int *found, int *optimal, struct sp_err *err)
{
	size_t nnz = c->nnz;
	CoinBigIndex *start = sp_xmalloc(((size_t)c->ncols + 1) * sizeof(*start));
	int *idx = sp_xmalloc((nnz + 1) * sizeof(int));
	double *val = sp_xmalloc((nnz + 1) * sizeof(double));
	Cbc_Model *m = Cbc_newModel();
	char limit[32], ratio[32];

	*found = *optimal = 0;
	compress(c, 0, 1, 0, c->ncols, 0, start, idx, val);
	Cbc_loadProblem(m, c->ncols, c->nrows, start, idx, val, c->clo, c->chi, c->cost, c->rlo,
			c->rhi);
	for (int j = 0; j < c->ncols; j++)
		if (c->integer[j])
			Cbc_setInteger(m, j);
	snprintf(limit, sizeof(limit), "%.3f", time_limit > 0.01 ? time_limit : 0.01);
	snprintf(ratio, sizeof(ratio), "%g", gap);
	Cbc_setParameter(m, "log", "0");
	Cbc_setParameter(m, "sec", limit);
	Cbc_setParameter(m, "ratio", ratio);
	/* wall-clock seconds: CPU time counts both threads of the process */
	Cbc_setParameter(m, "timeM", "elapsed");
	if (!strong) {
		/* CBC reads its parameters in order: all off, then the chosen */
		static const struct { unsigned flag; const char *name; } gen[] = {
			{ LP_CUT_GOMORY, "gomoryCuts" },
			{ LP_CUT_MIR, "mixedIntegerRoundingCuts" },
			{ LP_CUT_COVER, "knapsackCuts" },
			{ LP_CUT_CLIQUE, "cliqueCuts" },
		};
		Cbc_setParameter(m, "cuts", "off");
		for (size_t k = 0; k < sizeof(gen) / sizeof(gen[0]); k++)
			if (c->cuts & gen[k].flag)
				Cbc_setParameter(m, gen[k].name, "on");
	}
	if (c->mip_start) {
		int *cols = sp_xmalloc(((size_t)c->ncols + 1) * sizeof(int));
		for (int j = 0; j < c->ncols; j++)
			cols[j] = j;
		Cbc_setMIPStartI(m, c->ncols, cols, c->mip_start);
		free(cols);
		free(c->mip_start);
		c->mip_start = NULL;
	}
	if (c->node_limit > 0)
		Cbc_setMaximumNodes(m, c->node_limit < INT_MAX ? (int)c->node_limit : INT_MAX);
	Cbc_solve(m);
	c->iters += Cbc_getIterationCount(m);
	c->nodes += Cbc_getNodeCount(m);

	const double *x = Cbc_bestSolution(m);
	free(c->mip_x);
	c->mip_x = NULL;
	c->mip_bound = Cbc_getBestPossibleObjValue(m) + c->obj_const;
	if (x) {
		c->mip_x = sp_xmalloc((size_t)c->ncols * sizeof(double));
		memcpy(c->mip_x, x, (size_t)c->ncols * sizeof(double));
		c->mip_obj = Cbc_getObjValue(m) + c->obj_const;
		*found = 1;
		*optimal = Cbc_isProvenOptimal(m) || Cbc_secondaryStatus(m) == 2;
		if (Cbc_isProvenOptimal(m))
			c->mip_bound = c->mip_obj;
	}
	/* CBC catches SIGINT itself while it solves, and stops: pass that on */
	if (stop && Cbc_status(m) == 5)
		*stop = 1;
	int abandoned = Cbc_isAbandoned(m);
	Cbc_deleteModel(m);
	free(start);
	free(idx);
	free(val);
	if (abandoned && !*found)
		return sp_err_set(err, SP_ERR_SOLVER, "CBC abandoned the MIP (numerical difficulties)");
	return SP_OK;
}

void coin_set_node_limit(struct coin *c, long nodes) { c->node_limit = nodes; }

void coin_work(const struct coin *c, long *iterations, long *nodes)
{
	*iterations = c->iters;
	*nodes = c->nodes;
}

double coin_mip_obj(const struct coin *c) { return c->mip_obj; }
double coin_mip_value(const struct coin *c, int col) { return c->mip_x ? c->mip_x[col] : NAN; }
double coin_mip_bound(const struct coin *c) { return c->mip_bound; }
