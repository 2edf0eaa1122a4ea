/* design_solve.c - the shift design search: greedy, zero-deviation MIP and
 * LNS, then the full weighted model for the lower bound
 *
 * docs/SHIFT-DESIGN.md has the models, the phases and the measurements
 * behind the constants here.  Every LP and MIP goes through lp.h (GLPK):
 * the models start from the all-slack basis with the dual simplex, branch
 * on the "shift used" binaries first, and take the incumbent as a MIP
 * start.
 */
#include "design_int.h"

#include "staffplan/lp.h"
#include "staffplan/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Time plan, as shares of the time limit (docs/SHIFT-DESIGN.md). */
#define EXACT_SHARE 0.70  /* zero-deviation phases end here */
#define PROVE_SHARE 0.15  /* exact MIP over all candidates */
#define SUB_SHARE 0.07    /* one restricted MIP (LNS round) ... */
#define SUB_MAX 0.7       /* ... but at most this many seconds */
#define WINDOW_MINUTES 120 /* LNS window: candidates starting or ending this close */

enum mip_outcome { MIP_NONE, MIP_FEASIBLE, MIP_OPTIMAL };

/* A solve in progress: the model, the incumbent and the bound. */
struct dsolve {
	struct dmodel *m;
	const struct design_opts *o;
	double t0, deadline, last_progress;
	int *inc;            /* [nv] workers of the incumbent */
	int have_inc;
	double inc_obj;      /* full objective of the incumbent */
	double bound;        /* proven lower bound on the full objective */
	/* the LP or MIP being solved (exact or full model) */
	struct lp *lp;
	int full;
	int *xcol;           /* [nv] column of x, -1 if absent */
	int *ycol;           /* [nc] column of y */
	int *ucol, *ocol;    /* [nslots] full model only, -1 if absent */
	double gbound;       /* best bound of the current MIP, -HUGE_VAL if none */
	double root;         /* LP value of the current MIP's root, NAN if none */
	/* a GLPK internal error ends the solve: GLPK's memory is gone */
	sp_status failed;
	struct sp_err *err;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void report_progress(struct dsolve *s, int force)
{
	double t = now_s();

	if (!s->o->progress || (!force && t - s->last_progress < 1.0))
		return;
	s->last_progress = t;
	s->o->progress(s->o->progress_info, t - s->t0, s->inc_obj,
		       s->full && s->gbound > s->bound ? s->gbound : s->bound);
}

static void offer_incumbent(struct dsolve *s, const int *x)
{
	double obj = dmodel_objective(s->m, x, NULL, NULL, NULL);
	if (!s->have_inc || obj < s->inc_obj - 1e-9) {
		memcpy(s->inc, x, sizeof(int) * (size_t)s->m->nv);
		s->inc_obj = obj;
		s->have_inc = 1;
		if (s->o->log)
			fprintf(s->o->log, "design: incumbent %g (%.2fs left)\n", obj,
				s->deadline - now_s());
		report_progress(s, 1);
	}
}

/* lp.h's MIP progress: the node bound for our own report. */
static void mip_progress(void *arg, double elapsed, double incumbent, double bound)
{
	struct dsolve *s = arg;

	(void)elapsed;
	(void)incumbent; /* the MIP's, not the design's */
	if (!isnan(bound))
		s->gbound = bound;
	report_progress(s, 0);
}

static void log_text(void *arg, const char *text)
{
	fputs(text, arg);
}

/* Notes a failed LP or MIP step; returns 1 when it ends the whole solve
 * (a GLPK internal error), 0 when the step merely found nothing. */
static int step_failed(struct dsolve *s, sp_status st, const struct sp_err *e)
{
	if (st == SP_ERR_SOLVER && lp_is_broken(s->lp) && s->failed == SP_OK)
		s->failed = sp_err_set(s->err, SP_ERR_SOLVER, "%s", e->msg);
	return s->failed != SP_OK;
}

static int *new_cols(int n)
{
	int *c = sp_xmalloc(sizeof(int) * ((size_t)n + 1));
	for (int i = 0; i <= n; i++)
		c[i] = -1;
	return c;
}

/* Offers workers x as the MIP start of the current model. */
static void start_from(struct dsolve *s, const int *x)
{
	struct dmodel *m = s->m;
	double *v = sp_xcalloc((size_t)lp_ncols(s->lp) + 1, sizeof(double));

	for (int i = 0; i < m->nv; i++) {
		if (!x[i])
			continue;
		if (s->xcol[i] >= 0)
			v[s->xcol[i]] = x[i];
		v[s->ycol[m->v[i].k]] = 1;
	}
	if (s->full) {
		const struct design_problem *p = m->p;
		int *cov = sp_xmalloc(sizeof(int) * (size_t)p->nslots);
		dmodel_cover(m, x, cov);
		for (int t = 0; t < p->nslots; t++) {
			if (cov[t] < p->req[t] && s->ucol[t] >= 0)
				v[s->ucol[t]] = p->req[t] - cov[t];
			if (cov[t] > p->req[t] && s->ocol[t] >= 0)
				v[s->ocol[t]] = cov[t] - p->req[t];
		}
		free(cov);
	}
	lp_set_mip_start(s->lp, v);
	free(v);
}

static int is_integral(double v)
{
	return fabs(v - floor(v + 0.5)) < 1e-9;
}

/* Adds the coverage rows, differenced: row 0 is slot 0, row t > 0 is slot
 * t minus slot t-1.  A shift then has +1 where it starts and -1 where it
 * ends (a network matrix plus one row) instead of one entry per covered
 * slot, which makes the simplex many times faster on 15-minute slots.
 * Returns 0 when a row has no column but a non-zero right-hand side. */
static int add_cover_rows(struct dsolve *s)
{
	struct dmodel *m = s->m;
	const struct design_problem *p = m->p;
	int T = p->nslots, ok = 1, nz;
	int *cnt = sp_xcalloc((size_t)T + 1, sizeof(int)), *rind = NULL, *fill = NULL;
	double *rval = NULL;

	/* entries (row, col, val) bucketed by row: count, then fill */
#define ADD_ENTRY(row, col, v, pass) do { \
		if ((pass) == 0) cnt[(row) + 1]++; \
		else { int at_ = cnt[row] + fill[row]++; rind[at_] = (col); rval[at_] = (v); } \
	} while (0)
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			for (int t = 0; t < T; t++)
				cnt[t + 1] += cnt[t];
			nz = cnt[T];
			rind = sp_xmalloc(sizeof(int) * (size_t)(nz + 1));
			rval = sp_xmalloc(sizeof(double) * (size_t)(nz + 1));
			fill = sp_xcalloc((size_t)T, sizeof(int));
		}
		for (int i = 0; i < m->nv; i++) {
			int f = m->v[i].first, e = f + m->c[m->v[i].k].n, c = s->xcol[i];
			if (c < 0)
				continue;
			if (f == 0 || (p->cyclic && e > T))
				ADD_ENTRY(0, c, 1.0, pass);
			if (f > 0)
				ADD_ENTRY(f, c, 1.0, pass);
			if (e < T)
				ADD_ENTRY(e, c, -1.0, pass);
			else if (p->cyclic && e - T > 0)
				ADD_ENTRY(e - T, c, -1.0, pass);
		}
		for (int t = 0; s->full && t < T; t++) {
			if (s->ucol[t] >= 0) {
				ADD_ENTRY(t, s->ucol[t], 1.0, pass);
				if (t + 1 < T)
					ADD_ENTRY(t + 1, s->ucol[t], -1.0, pass);
			}
			if (s->ocol[t] >= 0) {
				ADD_ENTRY(t, s->ocol[t], -1.0, pass);
				if (t + 1 < T)
					ADD_ENTRY(t + 1, s->ocol[t], 1.0, pass);
			}
		}
	}
#undef ADD_ENTRY
	for (int t = 0; t < T; t++) {
		int rhs = t ? p->req[t] - p->req[t - 1] : p->req[0], len = cnt[t + 1] - cnt[t];
		if (!len) {
			if (rhs != 0) {
				ok = 0;
				break;
			}
			continue;
		}
		lp_add_row_coefs(s->lp, rhs, rhs, len, rind + cnt[t], rval + cnt[t]);
	}
	free(cnt);
	free(rind);
	free(rval);
	free(fill);
	return ok;
}

/* Adds the change-point rows: a rise at boundary t needs a shift starting
 * at t (or deviation around t), a fall needs one ending there.  ind, val
 * have room for every column.  Returns 0 when a row cannot be met. */
static int add_change_rows(struct dsolve *s, int *ind, double *val)
{
	struct dmodel *m = s->m;
	const struct design_problem *p = m->p;
	int T = p->nslots, ok = 1;
	int *starts = sp_xcalloc((size_t)T + 1, sizeof(int)), *sidx;
	int *ends = sp_xcalloc((size_t)T + 1, sizeof(int)), *eidx;
	int *fs = sp_xcalloc((size_t)T, sizeof(int)), *fe = sp_xcalloc((size_t)T, sizeof(int));

	for (int i = 0; i < m->nv; i++) {
		if (s->xcol[i] < 0)
			continue;
		starts[m->v[i].first + 1]++;
		if (m->v[i].end >= 0)
			ends[m->v[i].end + 1]++;
	}
	for (int t = 0; t < T; t++) {
		starts[t + 1] += starts[t];
		ends[t + 1] += ends[t];
	}
	sidx = sp_xmalloc(sizeof(int) * (size_t)(starts[T] + 1));
	eidx = sp_xmalloc(sizeof(int) * (size_t)(ends[T] + 1));
	for (int i = 0; i < m->nv; i++) {
		if (s->xcol[i] < 0)
			continue;
		sidx[starts[m->v[i].first] + fs[m->v[i].first]++] = i;
		if (m->v[i].end >= 0)
			eidx[ends[m->v[i].end] + fe[m->v[i].end]++] = i;
	}
	for (int t = 0; t < T; t++) {
		int dl = design_point_delta(p, t), len = 0, prev = t ? t - 1 : T - 1;
		int has_prev = t > 0 || p->cyclic;
		const int *lst = dl > 0 ? sidx + starts[t] : eidx + ends[t];
		int cnt = dl > 0 ? starts[t + 1] - starts[t] : ends[t + 1] - ends[t];
		if (dl == 0 || (dl < 0 && !has_prev))
			continue;
		for (int a = 0; a < cnt; a++) {
			ind[len] = s->ycol[m->v[lst[a]].k];
			val[len++] = s->full ? abs(dl) : 1;
		}
		if (s->full) {
			/* rise: u[t] + o[t-1]; fall: u[t-1] + o[t] */
			int uc = dl > 0 ? s->ucol[t] : (has_prev ? s->ucol[prev] : -1);
			int oc = dl > 0 ? (has_prev ? s->ocol[prev] : -1) : s->ocol[t];
			if (uc >= 0) {
				ind[len] = uc;
				val[len++] = 1;
			}
			if (oc >= 0) {
				ind[len] = oc;
				val[len++] = 1;
			}
		}
		if (!len) {
			ok = 0;
			break;
		}
		lp_add_row_coefs(s->lp, s->full ? abs(dl) : 1, LP_INF, len, ind, val);
	}
	free(starts);
	free(ends);
	free(sidx);
	free(eidx);
	free(fs);
	free(fe);
	return ok;
}

/* Builds the exact (zero-deviation) or the full model into s->lp over the
 * candidates in allow (NULL: all), with at most cap_shifts shifts (-1: no
 * cap).  Returns 0 when the exact model is trivially infeasible. */
static int build_lp(struct dsolve *s, int full, const char *allow, int cap_shifts)
{
	struct dmodel *m = s->m;
	const struct design_problem *p = m->p;
	int T = p->nslots, ok, *ind;
	double *val;
	int int_obj = full && is_integral(p->w_shifts) && is_integral(p->w_short * p->slot) &&
		      is_integral(p->w_over * p->slot);

	s->full = full;
	s->lp = lp_new(LP_SOLVER_GLPK);
	/* costs >= 0 and every column at its lower bound 0: the all-slack
	 * basis is dual feasible */
	lp_set_dual_simplex(s->lp, 1);
	/* measured (docs/SHIFT-DESIGN.md): in the zero-deviation model GLPK's
	 * cut generators cost more time at the root than they save (the
	 * change-point rows are ours); in the full model Gomory cuts tighten
	 * the reported bound */
	lp_set_mip_cuts(s->lp, full ? LP_CUT_GOMORY : 0);
	if (s->o->log)
		lp_set_log(s->lp, log_text, s->o->log);
	s->xcol = new_cols(m->nv);
	s->ycol = new_cols(m->nc);
	s->ucol = new_cols(T);
	s->ocol = new_cols(T);
	ind = sp_xmalloc(sizeof(int) * (size_t)(m->nc + m->nv + 2 * T + 8));
	val = sp_xmalloc(sizeof(double) * (size_t)(m->nc + m->nv + 2 * T + 8));

	for (int k = 0; k < m->nc; k++)
		s->ycol[k] = lp_add_col(s->lp, full ? p->w_shifts : 1.0, 0,
					allow && !allow[k] ? 0 : 1, 1, 0, NULL, NULL);
	/* branch on the "used" binaries first, the largest up: this fixes the
	 * shift set, and the worker counts follow (measured: better
	 * incumbents than GLPK's own choice) */
	for (int k = 0; k < m->nc; k++)
		lp_set_col_branch_first(s->lp, s->ycol[k]);
	for (int i = 0; i < m->nv; i++) {
		int ub = full ? m->v[i].umax : m->v[i].umin;
		if (ub <= 0 || (allow && !allow[m->v[i].k]))
			continue;
		s->xcol[i] = lp_add_col(s->lp, 0, 0, ub, full, 0, NULL, NULL);
	}
	for (int t = 0; full && t < T; t++) {
		/* u, o are integral at any integral x; declaring them integer
		 * lets GLPK round its bounds when the objective's coefficients
		 * are whole numbers */
		if (p->req[t] > 0)
			s->ucol[t] = lp_add_col(s->lp, p->w_short * p->slot, 0, p->req[t], int_obj,
						0, NULL, NULL);
		if (m->ncover[t])
			s->ocol[t] = lp_add_col(s->lp, p->w_over * p->slot, 0, LP_INF, int_obj,
						0, NULL, NULL);
	}
	ok = add_cover_rows(s);
	/* linking x <= U y */
	for (int i = 0; ok && i < m->nv; i++) {
		if (s->xcol[i] < 0)
			continue;
		ind[0] = s->xcol[i];
		val[0] = 1;
		ind[1] = s->ycol[m->v[i].k];
		val[1] = -(double)(full ? m->v[i].umax : m->v[i].umin);
		lp_add_row_coefs(s->lp, -LP_INF, 0, 2, ind, val);
	}
	if (ok && cap_shifts >= 0) {
		int len = 0;
		for (int k = 0; k < m->nc; k++)
			if (!allow || allow[k]) {
				ind[len] = s->ycol[k];
				val[len++] = 1;
			}
		lp_add_row_coefs(s->lp, -LP_INF, cap_shifts, len, ind, val);
	}
	if (ok)
		ok = add_change_rows(s, ind, val);
	free(ind);
	free(val);
	return ok;
}

static void drop_lp(struct dsolve *s)
{
	lp_free(s->lp);
	s->lp = NULL;
	free(s->xcol);
	free(s->ycol);
	free(s->ucol);
	free(s->ocol);
	s->xcol = s->ycol = s->ucol = s->ocol = NULL;
}

/* The LP relaxation, then branch and cut on s->lp until `until`. */
static enum mip_outcome run_mip(struct dsolve *s, double until)
{
	struct sp_err e = SP_ERR_INIT;
	double left = until - now_s();
	int found, optimal;
	sp_status st;

	s->gbound = -HUGE_VAL;
	s->root = NAN;
	if (left <= 0.05)
		return MIP_NONE;
	st = lp_solve(s->lp, left, &e);
	if (st != SP_OK) {
		step_failed(s, st, &e);
		return MIP_NONE;
	}
	s->root = lp_obj(s->lp);
	if (s->o->log)
		fprintf(s->o->log, "design: %s LP bound %g\n", s->full ? "full" : "exact", s->root);
	left = until - now_s();
	if (left < 0.001)
		return MIP_NONE;
	st = lp_solve_mip(s->lp, left, 0, mip_progress, s, NULL, &found, &optimal, &e);
	if (st != SP_OK) {
		step_failed(s, st, &e);
		return MIP_NONE;
	}
	if (!isnan(lp_mip_bound(s->lp)))
		s->gbound = lp_mip_bound(s->lp);
	return optimal ? MIP_OPTIMAL : found ? MIP_FEASIBLE : MIP_NONE;
}

static void take_mip_solution(struct dsolve *s)
{
	int *x = sp_xcalloc((size_t)s->m->nv + 1, sizeof(int));
	for (int i = 0; i < s->m->nv; i++)
		if (s->xcol[i] >= 0)
			x[i] = (int)floor(lp_mip_value(s->lp, s->xcol[i]) + 0.5);
	offer_incumbent(s, x);
	free(x);
}

/* Reads the MIP's worker counts into x; 0 when some count is fractional
 * (x is continuous in the exact model: its LP was integral in every
 * measured case, and a fractional answer is simply not used). */
static int read_workers(const struct dsolve *s, int *x)
{
	for (int i = 0; i < s->m->nv; i++) {
		double v = s->xcol[i] >= 0 ? lp_mip_value(s->lp, s->xcol[i]) : 0;
		if (fabs(v - floor(v + 0.5)) > 1e-6)
			return 0;
		x[i] = (int)floor(v + 0.5);
	}
	return 1;
}

/* Solves the exact model over the candidates in allow (NULL: all) with at
 * most cap shifts (-1: no cap), from the solution `from` (NULL: none).
 * Returns the shifts used by the answer copied to x, or -1 without one;
 * *proven is set when it was proven optimal for that restricted model.
 * OUT: *bound, the best bound seen (or -1). */
static int exact_sub(struct dsolve *s, const char *allow, int cap, const int *from,
		     double until, int *x, int *proven, int *bound)
{
	enum mip_outcome mo;
	int n = -1;

	*proven = 0;
	*bound = -1;
	if (build_lp(s, 0, allow, cap)) {
		if (from)
			start_from(s, from);
		mo = run_mip(s, until);
		if (mo != MIP_NONE && read_workers(s, x)) {
			n = dmodel_count_used(s->m, x);
			*proven = mo == MIP_OPTIMAL;
		}
		if (s->gbound > -HUGE_VAL)
			*bound = (int)ceil(s->gbound - 1e-6);
	}
	drop_lp(s);
	return n;
}

/* Greedy: add the worker (shift, day) with the best gain in the weighted
 * objective until none improves it.  O(workers x variables x length). */
static void greedy(struct dsolve *s, int *x)
{
	const struct dmodel *m = s->m;
	const struct design_problem *p = m->p;
	int *cov = sp_xcalloc((size_t)p->nslots, sizeof(int));
	char *used = sp_xcalloc((size_t)m->nc, 1);

	memset(x, 0, sizeof(int) * (size_t)m->nv);
	while (now_s() < s->deadline) {
		double best = 1e-9;
		int bi = -1;
		for (int i = 0; i < m->nv; i++) {
			double g = used[m->v[i].k] ? 0 : -p->w_shifts;
			for (int j = 0; j < m->c[m->v[i].k].n; j++) {
				int t = dmodel_slot(m, &m->v[i], j);
				if (t < 0)
					break;
				g += cov[t] < p->req[t] ? p->w_short * p->slot : -p->w_over * p->slot;
			}
			if (g > best) {
				best = g;
				bi = i;
			}
		}
		if (bi < 0)
			break;
		x[bi]++;
		used[m->v[bi].k] = 1;
		for (int j = 0; j < m->c[m->v[bi].k].n; j++) {
			int t = dmodel_slot(m, &m->v[bi], j);
			if (t < 0)
				break;
			cov[t]++;
		}
	}
	free(cov);
	free(used);
}

/* Zero-deviation LP over all candidates: 0 when no exact cover exists (or
 * no answer in time); else 1, with *lbx the rounded-up LP bound on the
 * number of shifts and support[k] set for the candidates the LP uses. */
static int exact_probe(struct dsolve *s, double until, char *support, int *lbx)
{
	struct sp_err e = SP_ERR_INIT;
	int ok = 0;

	*lbx = 0;
	if (build_lp(s, 0, NULL, -1) && until - now_s() >= 0.001) {
		sp_status st = lp_solve(s->lp, until - now_s(), &e);
		if (st == SP_OK) {
			ok = 1;
			*lbx = (int)ceil(lp_obj(s->lp) - 1e-6);
			for (int k = 0; k < s->m->nc; k++)
				support[k] = lp_value(s->lp, s->ycol[k]) > 1e-6;
		} else {
			step_failed(s, st, &e);
		}
	}
	drop_lp(s);
	return ok;
}

/* Large neighbourhood search on the zero-deviation model.  A neighbourhood
 * allows the candidates anchored at both ends: the start is a time of day
 * where the requirement rises somewhere in the week or where a current
 * shift starts or ends (a hand-over), and likewise the end.  Each round
 * solves the restricted MIP for at most n-1 shifts, or, after forbidding
 * one or two current shifts, for at most n (a plateau move). */
static int exact_lns(struct dsolve *s, const char *up, const char *dn, int *cur, int ncur,
		     int lbx, double until, double sub_t)
{
	const struct dmodel *m = s->m;
	int spd = m->spd, nc = m->nc, nv = m->nv, iter = 0, better = 0;
	char *allow = sp_xcalloc((size_t)nc, 1);
	char *sa = sp_xcalloc((size_t)spd, 1), *ea = sp_xcalloc((size_t)spd, 1);
	int *x = sp_xcalloc((size_t)nv + 1, sizeof(int));
	struct sp_rng rs = { 0x9e3779b97f4a7c15ull };

	while (ncur > lbx && now_s() + 0.1 < until && s->failed == SP_OK) {
		int forbid = sp_rng_below(&rs, 3), widen = sp_rng_below(&rs, 3);
		int got, proven, bound, window, center;
		double sub_end = now_s() + sub_t < until ? now_s() + sub_t : until;

		iter++;
		memset(sa, 0, (size_t)spd);
		memset(ea, 0, (size_t)spd);
		for (int i = 0; i < nv; i++)
			if (cur[i]) {
				int k = m->v[i].k;
				sa[m->c[k].s] = 1;
				ea[(m->c[k].s + m->c[k].n) % spd] = 1;
			}
		window = sp_rng_below(&rs, 2);
		center = sp_rng_below(&rs, spd);
		for (int k = 0; k < nc; k++) {
			int st = m->c[k].s, en = (m->c[k].s + m->c[k].n) % spd;
			int okst = up[st] || sa[st] || ea[st], oken = dn[en] || ea[en] || sa[en];
			if (window) {
				int ds = abs(st - center), de = abs(en - center);
				ds = ds < spd - ds ? ds : spd - ds;
				de = de < spd - de ? de : spd - de;
				allow[k] = okst && oken && (ds * m->p->slot <= WINDOW_MINUTES ||
							    de * m->p->slot <= WINDOW_MINUTES);
			} else {
				allow[k] = (okst && oken) ||
					   (widen && (okst || oken) && sp_rng_below(&rs, 8) == 0);
			}
		}
		for (int i = 0; i < nv; i++)
			if (cur[i])
				allow[m->v[i].k] = 1;
		for (int f = 0; f < forbid; f++) {
			int pick = sp_rng_below(&rs, nv), tries = 0;
			while (!cur[pick] && tries++ < nv)
				pick = (pick + 1) % nv;
			allow[m->v[pick].k] = 0;
		}
		got = exact_sub(s, allow, forbid ? ncur : ncur - 1, NULL, sub_end, x, &proven,
				&bound);
		if (got >= 0 && got <= ncur) {
			better += got < ncur;
			memcpy(cur, x, sizeof(int) * (size_t)nv);
			ncur = got;
			offer_incumbent(s, cur);
		}
	}
	if (s->o->log)
		fprintf(s->o->log, "design: LNS %d rounds, %d improvements, %d shifts\n", iter,
			better, ncur);
	free(allow);
	free(sa);
	free(ea);
	free(x);
	return ncur;
}

/* Phases 1 and 2: the zero-deviation LP, then the MIP over the LP's
 * candidates plus those that start at a rise and end at a fall (small,
 * solved in a fraction of a second), then over all candidates from that
 * solution, to improve or prove it.  OUT: cur, the best exact cover found.
 * Returns its number of shifts (-1: none); *lbx a bound on it. */
static int exact_phase(struct dsolve *s, const char *up, const char *dn, double limit,
		       double exact_end, double sub_t, int *cur, int *lbx)
{
	const struct design_opts *o = s->o;
	const struct dmodel *m = s->m;
	char *allow = sp_xcalloc((size_t)m->nc, 1);
	int *x = sp_xcalloc((size_t)m->nv + 1, sizeof(int));
	int proven, bound, n, ncur = -1;
	double until;

	if (!exact_probe(s, exact_end, allow, lbx)) {
		if (o->log && s->failed == SP_OK)
			fprintf(o->log, "design: no exact cover\n");
		goto out;
	}
	if (o->log)
		fprintf(o->log, "design: exact cover possible, LP bound %d shifts\n", *lbx);
	for (int k = 0; k < m->nc; k++)
		allow[k] |= up[m->c[k].s] && dn[(m->c[k].s + m->c[k].n) % m->spd];
	until = now_s() + 2 * sub_t < exact_end ? now_s() + 2 * sub_t : exact_end;
	ncur = exact_sub(s, allow, -1, NULL, until, cur, &proven, &bound);
	if (o->log)
		fprintf(o->log, "design: restricted exact MIP: %d shifts\n", ncur);
	until = now_s() + limit * PROVE_SHARE;
	if (ncur < 0 || until > exact_end)
		until = exact_end; /* nothing yet: all the exact time */
	if (ncur != *lbx && s->failed == SP_OK) {
		n = exact_sub(s, NULL, -1, ncur >= 0 ? cur : NULL, until, x, &proven, &bound);
		if (n >= 0 && (ncur < 0 || n <= ncur)) {
			memcpy(cur, x, sizeof(int) * (size_t)m->nv);
			ncur = n;
		}
		if (proven && n == ncur)
			*lbx = ncur;
		else if (bound > *lbx)
			*lbx = bound;
		if (o->log)
			fprintf(o->log, "design: exact MIP: %d shifts, bound %d\n", ncur, *lbx);
	}
	if (ncur >= 0)
		offer_incumbent(s, cur);
out:
	free(allow);
	free(x);
	return ncur;
}

/* Phase 4: the full weighted model (shortage, excess) from the incumbent:
 * improves it if deviating pays, and gives the lower bound. */
static void full_phase(struct dsolve *s)
{
	enum mip_outcome mo;

	build_lp(s, 1, NULL, -1);
	start_from(s, s->inc);
	mo = run_mip(s, s->deadline);
	if (mo != MIP_NONE)
		take_mip_solution(s);
	if (mo == MIP_OPTIMAL && fabs(lp_mip_obj(s->lp) - s->inc_obj) < 1e-6)
		s->bound = s->inc_obj;
	else if (s->gbound > s->bound)
		s->bound = s->gbound;
	else if (!isnan(s->root) && s->root > s->bound)
		s->bound = s->root;
	drop_lp(s);
}

/* The phases, within limit seconds from t0:
 *  0. greedy, for an answer whatever the time limit;
 *  1, 2. exact_phase;
 *  3. LNS on the zero-deviation model until EXACT_SHARE of the time;
 *  4. full_phase. */
static void solve_phases(struct dsolve *s, double t0, double limit)
{
	const struct dmodel *m = s->m;
	const struct design_problem *p = m->p;
	int spd = m->spd, ncur, lbx = 0;
	char *up = sp_xcalloc((size_t)spd, 1), *dn = sp_xcalloc((size_t)spd, 1);
	int *cur = sp_xcalloc((size_t)m->nv + 1, sizeof(int));
	int *x = sp_xcalloc((size_t)m->nv + 1, sizeof(int));
	double exact_end = t0 + limit * EXACT_SHARE;
	double sub_t = limit * SUB_SHARE < SUB_MAX ? limit * SUB_SHARE : SUB_MAX;

	if (exact_end > s->deadline)
		exact_end = s->deadline;
	if (s->o->log)
		fprintf(s->o->log, "design: %d candidate shifts, %d shift-day variables, %d slots\n",
			m->nc, m->nv, p->nslots);
	for (int t = 0; t < p->nslots; t++) {
		int dl = design_point_delta(p, t);
		if (dl > 0)
			up[t % spd] = 1;
		if (dl < 0)
			dn[t % spd] = 1;
	}

	offer_incumbent(s, s->inc); /* no shifts at all */
	if (m->nv == 0) {
		/* no shift fits the horizon: the empty design is the only one */
		s->bound = s->inc_obj;
		goto out;
	}
	greedy(s, x);
	offer_incumbent(s, x);
	ncur = exact_phase(s, up, dn, limit, exact_end, sub_t, cur, &lbx);
	if (ncur > lbx && s->failed == SP_OK)
		exact_lns(s, up, dn, cur, ncur, lbx, exact_end, sub_t);
	if (s->failed == SP_OK)
		full_phase(s);
out:
	free(up);
	free(dn);
	free(cur);
	free(x);
}

sp_status design_solve(const struct design_problem *p, const struct design_opts *o,
		       struct design_result *r, struct sp_err *err)
{
	static const struct design_opts dflt = { 10, NULL, NULL, NULL };
	struct dmodel m;
	struct dsolve s;
	double t0 = now_s(), limit;
	sp_status st;

	memset(r, 0, sizeof(*r));
	if (!o)
		o = &dflt;
	st = design_problem_check(p, err);
	if (st != SP_OK)
		return st;
	limit = o->time_limit > 0 ? o->time_limit : 10;
	dmodel_build(&m, p);
	memset(&s, 0, sizeof(s));
	s.m = &m;
	s.o = o;
	s.t0 = t0;
	s.deadline = t0 + limit * 0.97 - 0.05;
	s.inc = sp_xcalloc((size_t)m.nv + 1, sizeof(int));
	s.err = err;
	solve_phases(&s, t0, limit);
	st = s.failed;
	if (st == SP_OK) {
		dmodel_result(&m, s.inc, r);
		r->lower_bound = s.bound > r->objective ? r->objective : s.bound;
		r->status = r->objective - r->lower_bound < 1e-6 ? "optimal" : "time_limit";
	}
	free(s.inc);
	dmodel_release(&m);
	r->seconds = now_s() - t0;
	return st;
}
