/* design.c - minimum shift design: model, GLPK solve, inputs and outputs
 *
 * Candidates are every (start, length) on the slot grid inside a shift
 * type's windows.  The solver (design_solve; docs/SHIFT-DESIGN.md has the
 * model, the reasoning and the measurements) builds a greedy design, then
 * searches the zero-deviation model (fewest shifts with coverage equal to
 * the requirement: LP, restricted MIP, MIP, large neighbourhood search) and
 * finishes with the full weighted model, which also gives the lower bound.
 * Both models use tight linking bounds, change-point rows and differenced
 * coverage rows.  GLPK is used directly (callbacks for branching and
 * incumbents); its terminal output goes to the log and its fatal errors are
 * caught with the error hook plus longjmp.
 */
#include "staffplan/design.h"
#include "staffplan/date.h"
#include "staffplan/rng.h"
#include "staffplan/text.h"

#include <ctype.h>
#include <errno.h>
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---------------------------------------------------------------- problem */

void design_problem_init(struct design_problem *p)
{
	memset(p, 0, sizeof(*p));
	p->cyclic = 1;
	p->w_short = 1;
	p->w_over = 1;
	p->w_shifts = 60;
}

void design_problem_release(struct design_problem *p)
{
	if (!p)
		return;
	free(p->req);
	free(p->tpl);
	design_problem_init(p);
}

void design_problem_add_template(struct design_problem *p, const struct design_template *t)
{
	SP_GROW(p->tpl, p->ntpl + 1, p->captpl);
	p->tpl[p->ntpl++] = *t;
}

void design_problem_set_horizon(struct design_problem *p, int slot, int ndays, int cyclic)
{
	SP_ASSERT(slot > 0 && 1440 % slot == 0 && ndays >= 1 && ndays <= DESIGN_DAYS);
	free(p->req);
	p->slot = slot;
	p->ndays = ndays;
	p->cyclic = cyclic;
	p->nslots = ndays * (1440 / slot);
	p->req = sp_xcalloc((size_t)p->nslots, sizeof(int));
}

sp_status design_problem_check(const struct design_problem *p, struct sp_err *err)
{
	if (p->slot <= 0 || 1440 % p->slot || p->ndays < 1 || p->ndays > DESIGN_DAYS || !p->req)
		return sp_err_set(err, SP_ERR_INPUT, "no requirement curve");
	if (p->ntpl == 0)
		return sp_err_set(err, SP_ERR_INPUT, "no shift types");
	if (!(p->w_short >= 0 && p->w_over >= 0 && p->w_shifts >= 0))
		return sp_err_set(err, SP_ERR_INPUT, "weights must be >= 0");
	for (int i = 0; i < p->ntpl; i++) {
		const struct design_template *t = &p->tpl[i];
		if (t->len_lo <= 0 || t->len_hi < t->len_lo || t->start_lo < 0 ||
		    t->start_lo >= 1440 || t->start_hi < t->start_lo ||
		    t->start_hi >= t->start_lo + 1440 || !(t->days & DESIGN_ALL_DAYS))
			return sp_err_set(err, SP_ERR_INPUT, "shift type '%s': bad windows",
					  t->name);
		if ((t->start_lo + p->slot - 1) / p->slot * p->slot > t->start_hi ||
		    (t->len_lo + p->slot - 1) / p->slot * p->slot > t->len_hi)
			return sp_err_set(err, SP_ERR_INPUT, "shift type '%s': no start or no length "
					  "on the %d-minute slot grid", t->name, p->slot);
	}
	for (int t = 0; t < p->nslots; t++)
		if (p->req[t] < 0)
			return sp_err_set(err, SP_ERR_INPUT, "negative requirement in slot %d", t);
	return SP_OK;
}

/* ----------------------------------------------------------------- model */

/* Time plan, as shares of the time limit (docs/SHIFT-DESIGN.md). */
#define EXACT_SHARE 0.70  /* zero-deviation phases end here */
#define PROVE_SHARE 0.15  /* exact MIP over all candidates */
#define SUB_SHARE 0.07    /* one restricted MIP (LNS round) ... */
#define SUB_MAX 0.7       /* ... but at most this many seconds */
#define WINDOW_MINUTES 120 /* LNS window: candidates starting or ending this close */

struct dcand {
	int s, n;            /* start slot of the day, length in slots */
	unsigned days;
};

struct dvar {            /* x[k,d]: workers on candidate k on day d */
	int k, d;
	int first;           /* first covered slot (absolute, may be >= nslots) */
	int umin, umax;      /* min / max requirement over the covered slots */
	int end;             /* slot index of the end point, -1 past a non-cyclic end */
};

struct dmodel {
	const struct design_problem *p;
	int spd;             /* slots per day */
	struct dcand *c; int nc;
	struct dvar *v; int nv;
	int *ncover;         /* [nslots] variables covering each slot */
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct dcand *x = a, *y = b;
	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return x->n < y->n ? -1 : x->n > y->n;
}

/* Slot covered by the j-th slot of var v, or -1 past a non-cyclic end. */
static int var_slot(const struct dmodel *m, const struct dvar *v, int j)
{
	int t = v->first + j;
	if (t >= m->p->nslots) {
		if (!m->p->cyclic)
			return -1;
		t %= m->p->nslots;
	}
	return t;
}

static void model_release(struct dmodel *m)
{
	free(m->c);
	free(m->v);
	free(m->ncover);
	memset(m, 0, sizeof(*m));
}

static void model_build(struct dmodel *m, const struct design_problem *p)
{
	int slot = p->slot, cap = 0, capv = 0, n;

	memset(m, 0, sizeof(*m));
	m->p = p;
	m->spd = 1440 / slot;
	for (int i = 0; i < p->ntpl; i++) {
		const struct design_template *t = &p->tpl[i];
		int s0 = (t->start_lo + slot - 1) / slot * slot;
		for (int s = s0; s <= t->start_hi; s += slot) {
			int l0 = (t->len_lo + slot - 1) / slot * slot;
			for (int l = l0; l <= t->len_hi; l += slot) {
				/* a cyclic shift shorter than the horizon */
				if (l / slot > p->nslots || (p->cyclic && l / slot >= p->nslots))
					break;
				SP_GROW(m->c, m->nc + 1, cap);
				m->c[m->nc].s = (s % 1440) / slot;
				m->c[m->nc].n = l / slot;
				m->c[m->nc].days = t->days & DESIGN_ALL_DAYS;
				m->nc++;
			}
		}
	}
	/* merge duplicates (same start and length from several types) */
	qsort(m->c, (size_t)m->nc, sizeof(*m->c), cand_cmp);
	n = 0;
	for (int i = 0; i < m->nc; i++) {
		if (n && m->c[n - 1].s == m->c[i].s && m->c[n - 1].n == m->c[i].n)
			m->c[n - 1].days |= m->c[i].days;
		else
			m->c[n++] = m->c[i];
	}
	m->nc = n;
	for (int k = 0; k < m->nc; k++) {
		for (int d = 0; d < p->ndays; d++) {
			struct dvar v = { k, d, d * m->spd + m->c[k].s, INT32_MAX, 0, -1 };
			if (!(m->c[k].days & (1u << ((d + p->first_weekday) % DESIGN_DAYS))))
				continue; /* days are weekdays; horizon day 0 may not be Monday */
			for (int j = 0; j < m->c[k].n; j++) {
				int t = var_slot(m, &v, j);
				if (t < 0)
					break;
				if (p->req[t] < v.umin)
					v.umin = p->req[t];
				if (p->req[t] > v.umax)
					v.umax = p->req[t];
			}
			if (v.umax == 0)
				continue; /* never useful: it would only add excess */
			if (v.first + m->c[k].n < p->nslots)
				v.end = v.first + m->c[k].n;
			else if (p->cyclic)
				v.end = (v.first + m->c[k].n) % p->nslots;
			SP_GROW(m->v, m->nv + 1, capv);
			m->v[m->nv++] = v;
		}
	}
	/* how many variables cover each slot (over-cover needs a column only
	 * where some shift can be) */
	m->ncover = sp_xcalloc((size_t)p->nslots, sizeof(int));
	for (int i = 0; i < m->nv; i++)
		for (int j = 0; j < m->c[m->v[i].k].n; j++) {
			int t = var_slot(m, &m->v[i], j);
			if (t < 0)
				break;
			m->ncover[t]++;
		}
}

/* ---------------------------------------------------------- GLPK wrapper */

struct glpk_guard {
	jmp_buf jb;
	FILE *log;
};

static int glpk_term(void *info, const char *s)
{
	struct glpk_guard *g = info;
	if (g->log)
		fputs(s, g->log);
	return 1; /* never let GLPK print on its own */
}

static int glpk_silent(void *info, const char *s)
{
	(void)info;
	(void)s;
	return 1;
}

static void glpk_fatal(void *info)
{
	struct glpk_guard *g = info;
	longjmp(g->jb, 1);
}

/* A solve in progress: the problem, the incumbent and the bound. */
struct dsolve {
	struct dmodel *m;
	const struct design_opts *o;
	double deadline;
	int *inc;            /* [nv] workers of the incumbent */
	int have_inc;
	double inc_obj;      /* full objective of the incumbent */
	double bound;        /* proven lower bound on the full objective */
	/* the GLPK problem being solved (exact or full) */
	glp_prob *lp;
	int full;
	int *xcol;           /* [nv] column of x, 0 if absent */
	int *ycol;           /* [nc] column of y */
	int *ucol, *ocol;    /* [nslots] full model only */
	double *heur;        /* [ncols+1] solution to hand to GLPK, or NULL */
	double gbound;       /* best node bound seen in the current glp_intopt */
	double t0, last_progress;
};

static double full_objective(const struct dmodel *m, const int *x, long *shortp, long *overp,
			     int *usedp)
{
	const struct design_problem *p = m->p;
	int *cov = sp_xcalloc((size_t)p->nslots, sizeof(int));
	char *used = sp_xcalloc((size_t)m->nc, 1);
	long sh = 0, ov = 0;
	int nused = 0;

	for (int i = 0; i < m->nv; i++) {
		if (!x[i])
			continue;
		used[m->v[i].k] = 1;
		for (int j = 0; j < m->c[m->v[i].k].n; j++) {
			int t = var_slot(m, &m->v[i], j);
			if (t < 0)
				break;
			cov[t] += x[i];
		}
	}
	for (int t = 0; t < p->nslots; t++) {
		if (cov[t] < p->req[t])
			sh += p->req[t] - cov[t];
		else
			ov += cov[t] - p->req[t];
	}
	for (int k = 0; k < m->nc; k++)
		nused += used[k];
	free(cov);
	free(used);
	if (shortp)
		*shortp = sh * p->slot;
	if (overp)
		*overp = ov * p->slot;
	if (usedp)
		*usedp = nused;
	return p->w_short * (double)(sh * p->slot) + p->w_over * (double)(ov * p->slot) +
	       p->w_shifts * nused;
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
	double obj = full_objective(s->m, x, NULL, NULL, NULL);
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

/* Fills s->heur (GLPK column values) from workers x for the current model. */
static void heur_from(struct dsolve *s, const int *x)
{
	struct dmodel *m = s->m;
	int n = glp_get_num_cols(s->lp);

	free(s->heur);
	s->heur = sp_xcalloc((size_t)n + 1, sizeof(double));
	for (int i = 0; i < m->nv; i++) {
		if (!x[i])
			continue;
		if (s->xcol[i])
			s->heur[s->xcol[i]] = x[i];
		s->heur[s->ycol[m->v[i].k]] = 1;
	}
	if (s->full) {
		const struct design_problem *p = m->p;
		int *cov = sp_xcalloc((size_t)p->nslots, sizeof(int));
		for (int i = 0; i < m->nv; i++)
			for (int j = 0; x[i] && j < m->c[m->v[i].k].n; j++) {
				int t = var_slot(m, &m->v[i], j);
				if (t < 0)
					break;
				cov[t] += x[i];
			}
		for (int t = 0; t < p->nslots; t++) {
			if (cov[t] < p->req[t] && s->ucol[t])
				s->heur[s->ucol[t]] = p->req[t] - cov[t];
			if (cov[t] > p->req[t] && s->ocol[t])
				s->heur[s->ocol[t]] = cov[t] - p->req[t];
		}
		free(cov);
	}
}

static void ios_callback(glp_tree *tree, void *info)
{
	struct dsolve *s = info;
	int best = glp_ios_best_node(tree);

	if (best)
		s->gbound = glp_ios_node_bound(tree, best);
	if (now_s() > s->deadline)
		glp_ios_terminate(tree);
	report_progress(s, 0);
	switch (glp_ios_reason(tree)) {
	case GLP_IHEUR:
		if (s->heur) {
			glp_ios_heur_sol(tree, s->heur);
			free(s->heur);
			s->heur = NULL;
		}
		break;
	case GLP_IBRANCH: {
		/* branch on the "used" binaries first, the largest up: this
		 * fixes the shift set, and the worker counts follow (measured:
		 * better incumbents than GLPK's own choice) */
		glp_prob *lp = glp_ios_get_prob(tree);
		int bj = 0;
		double bv = -1;
		for (int k = 0; k < s->m->nc; k++) {
			int j = s->ycol[k];
			double v;
			if (!j || !glp_ios_can_branch(tree, j))
				continue;
			v = glp_get_col_prim(lp, j);
			if (v > bv) {
				bv = v;
				bj = j;
			}
		}
		if (bj)
			glp_ios_branch_upon(tree, bj, GLP_UP_BRNCH);
		break;
	}
	default:
		break;
	}
}

/* Points where the requirement changes: for slot boundary p (between p-1
 * and p), delta = req[p] - req[p-1] (req[-1] = 0 when not cyclic). */
static int point_delta(const struct design_problem *p, int t)
{
	int prev;
	if (t == 0)
		prev = p->cyclic ? p->req[p->nslots - 1] : 0;
	else
		prev = p->req[t - 1];
	return p->req[t] - prev;
}

static int is_integral(double v)
{
	return fabs(v - floor(v + 0.5)) < 1e-9;
}

/* Builds the exact (zero deviation) or the full model into s->lp.  Returns 0
 * when the exact model is trivially infeasible. */
static int build_lp(struct dsolve *s, int full, const char *allow, int cap_shifts)
{
	struct dmodel *m = s->m;
	const struct design_problem *p = m->p;
	int T = p->nslots, ncol = 0, nrow = 0, *ind, cap;
	double *val;
	int int_obj = full && is_integral(p->w_shifts) && is_integral(p->w_short * p->slot) &&
		      is_integral(p->w_over * p->slot);

	s->full = full;
	s->lp = glp_create_prob();
	glp_set_obj_dir(s->lp, GLP_MIN);
	s->xcol = sp_xcalloc((size_t)m->nv, sizeof(int));
	s->ycol = sp_xcalloc((size_t)m->nc, sizeof(int));
	s->ucol = sp_xcalloc((size_t)T, sizeof(int));
	s->ocol = sp_xcalloc((size_t)T, sizeof(int));
	cap = m->nc + m->nv + 2 * T + 8;
	ind = sp_xmalloc(sizeof(int) * (size_t)cap);
	val = sp_xmalloc(sizeof(double) * (size_t)cap);

	glp_add_cols(s->lp, m->nc);
	for (int k = 0; k < m->nc; k++) {
		s->ycol[k] = ++ncol;
		glp_set_col_kind(s->lp, ncol, GLP_BV);
		glp_set_obj_coef(s->lp, ncol, full ? p->w_shifts : 1.0);
		if (allow && !allow[k])
			glp_set_col_bnds(s->lp, ncol, GLP_FX, 0, 0);
	}
	for (int i = 0; i < m->nv; i++) {
		int ub = full ? m->v[i].umax : m->v[i].umin;
		if (ub <= 0 || (allow && !allow[m->v[i].k]))
			continue;
		s->xcol[i] = ++ncol;
		glp_add_cols(s->lp, 1);
		if (full)
			glp_set_col_kind(s->lp, ncol, GLP_IV);
		glp_set_col_bnds(s->lp, ncol, GLP_DB, 0, ub);
	}
	if (full) {
		for (int t = 0; t < T; t++) {
			/* u, o are integral at any integral x; declaring them
			 * integer lets GLPK round its bounds when the objective's
			 * coefficients are whole numbers */
			if (p->req[t] > 0) {
				s->ucol[t] = ++ncol;
				glp_add_cols(s->lp, 1);
				glp_set_col_bnds(s->lp, ncol, GLP_DB, 0, p->req[t]);
				glp_set_obj_coef(s->lp, ncol, p->w_short * p->slot);
				if (int_obj)
					glp_set_col_kind(s->lp, ncol, GLP_IV);
			}
			if (m->ncover[t]) {
				s->ocol[t] = ++ncol;
				glp_add_cols(s->lp, 1);
				glp_set_col_bnds(s->lp, ncol, GLP_LO, 0, 0);
				glp_set_obj_coef(s->lp, ncol, p->w_over * p->slot);
				if (int_obj)
					glp_set_col_kind(s->lp, ncol, GLP_IV);
			}
		}
	}
	/* coverage, differenced: row 0 is slot 0, row t > 0 is slot t minus slot
	 * t-1.  A shift then has +1 where it starts and -1 where it ends (a
	 * network matrix plus one row) instead of one entry per covered slot,
	 * which makes the simplex many times faster on 15-minute slots. */
	{
		int *cnt = sp_xcalloc((size_t)T + 1, sizeof(int)), *rind = NULL, *fill = NULL;
		double *rval = NULL;
		int nz = 0;
		/* entries: (row, col, val) bucketed by row */
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
				if (!c)
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
			for (int t = 0; full && t < T; t++) {
				if (s->ucol[t]) {
					ADD_ENTRY(t, s->ucol[t], 1.0, pass);
					if (t + 1 < T)
						ADD_ENTRY(t + 1, s->ucol[t], -1.0, pass);
				}
				if (s->ocol[t]) {
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
					free(cnt); free(rind); free(rval); free(fill);
					goto infeasible;
				}
				continue;
			}
			glp_add_rows(s->lp, 1);
			nrow++;
			glp_set_row_bnds(s->lp, nrow, GLP_FX, rhs, rhs);
			glp_set_mat_row(s->lp, nrow, len, rind + cnt[t] - 1, rval + cnt[t] - 1);
		}
		free(cnt); free(rind); free(rval); free(fill);
	}
	/* linking x <= U y */
	for (int i = 0; i < m->nv; i++) {
		if (!s->xcol[i])
			continue;
		ind[1] = s->xcol[i];
		val[1] = 1;
		ind[2] = s->ycol[m->v[i].k];
		val[2] = -(double)(full ? m->v[i].umax : m->v[i].umin);
		glp_add_rows(s->lp, 1);
		nrow++;
		glp_set_row_bnds(s->lp, nrow, GLP_UP, 0, 0);
		glp_set_mat_row(s->lp, nrow, 2, ind, val);
	}
	if (cap_shifts >= 0) {
		int len = 0;
		for (int k = 0; k < m->nc; k++)
			if (!allow || allow[k]) {
				ind[++len] = s->ycol[k];
				val[len] = 1;
			}
		glp_add_rows(s->lp, 1);
		nrow++;
		glp_set_row_bnds(s->lp, nrow, GLP_UP, 0, cap_shifts);
		glp_set_mat_row(s->lp, nrow, len, ind, val);
	}
	/* change points: a rise at p needs a start at p (or deviation around
	 * p), a fall needs an end at p */
	{
		int *starts = sp_xcalloc((size_t)T + 1, sizeof(int)), *sidx;
		int *ends = sp_xcalloc((size_t)T + 1, sizeof(int)), *eidx;
		int *fs, *fe;
		for (int i = 0; i < m->nv; i++) {
			if (!s->xcol[i])
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
		fs = sp_xcalloc((size_t)T, sizeof(int));
		fe = sp_xcalloc((size_t)T, sizeof(int));
		for (int i = 0; i < m->nv; i++) {
			if (!s->xcol[i])
				continue;
			sidx[starts[m->v[i].first] + fs[m->v[i].first]++] = i;
			if (m->v[i].end >= 0)
				eidx[ends[m->v[i].end] + fe[m->v[i].end]++] = i;
		}
		for (int t = 0; t < T; t++) {
			int dl = point_delta(p, t), len = 0, prev = t ? t - 1 : T - 1;
			int has_prev = t > 0 || p->cyclic;
			const int *lst = dl > 0 ? sidx + starts[t] : eidx + ends[t];
			int cnt = dl > 0 ? starts[t + 1] - starts[t] : ends[t + 1] - ends[t];
			if (dl == 0 || (dl < 0 && !has_prev))
				continue;
			for (int a = 0; a < cnt; a++) {
				ind[++len] = s->ycol[m->v[lst[a]].k];
				val[len] = full ? abs(dl) : 1;
			}
			if (full) {
				/* rise: u[t] + o[t-1]; fall: u[t-1] + o[t] */
				int uc = dl > 0 ? s->ucol[t] : (has_prev ? s->ucol[prev] : 0);
				int oc = dl > 0 ? (has_prev ? s->ocol[prev] : 0) : s->ocol[t];
				if (uc) {
					ind[++len] = uc;
					val[len] = 1;
				}
				if (oc) {
					ind[++len] = oc;
					val[len] = 1;
				}
			}
			if (!len) {
				free(starts); free(ends); free(sidx); free(eidx); free(fs); free(fe);
				goto infeasible;
			}
			glp_add_rows(s->lp, 1);
			nrow++;
			glp_set_row_bnds(s->lp, nrow, GLP_LO, full ? abs(dl) : 1, 0);
			glp_set_mat_row(s->lp, nrow, len, ind, val);
		}
		free(starts); free(ends); free(sidx); free(eidx); free(fs); free(fe);
	}
	free(ind);
	free(val);
	return 1;
infeasible:
	free(ind);
	free(val);
	return 0;
}

static void drop_lp(struct dsolve *s)
{
	if (s->lp)
		glp_delete_prob(s->lp);
	s->lp = NULL;
	free(s->xcol);
	free(s->ycol);
	free(s->ucol);
	free(s->ocol);
	free(s->heur);
	s->xcol = s->ycol = s->ucol = s->ocol = NULL;
	s->heur = NULL;
}


/* Runs branch and cut on s->lp until `until`.  Returns the glp_intopt
 * status of the MIP (GLP_OPT, GLP_FEAS, GLP_NOFEAS, GLP_UNDEF). */
static int run_mip(struct dsolve *s, double until, int *lp_infeasible)
{
	glp_smcp sm;
	glp_iocp io;
	double left = until - now_s();
	int ret;

	*lp_infeasible = 0;
	s->gbound = -HUGE_VAL;
	if (left <= 0.05)
		return GLP_UNDEF;
	glp_init_smcp(&sm);
	sm.msg_lev = GLP_MSG_OFF;
	sm.meth = GLP_DUALP;
	sm.tm_lim = (int)(left * 1000);
	ret = glp_simplex(s->lp, &sm);
	if (ret != 0 && ret != GLP_ETMLIM)
		return GLP_UNDEF;
	if (glp_get_status(s->lp) == GLP_NOFEAS) {
		*lp_infeasible = 1;
		return GLP_NOFEAS;
	}
	if (glp_get_status(s->lp) != GLP_OPT)
		return GLP_UNDEF;
	if (s->o->log)
		fprintf(s->o->log, "design: %s LP bound %g\n", s->full ? "full" : "exact",
			glp_get_obj_val(s->lp));
	glp_init_iocp(&io);
	io.msg_lev = s->o->log ? GLP_MSG_ON : GLP_MSG_OFF;
	io.out_frq = 1000;
	io.cb_func = ios_callback;
	io.cb_info = s;
	io.tm_lim = (int)((until - now_s()) * 1000);
	if (io.tm_lim <= 0)
		return GLP_UNDEF;
	/* measured (docs/SHIFT-DESIGN.md): in the zero-deviation model GLPK's
	 * cut generators cost more time at the root than they save (the
	 * change-point rows are ours); in the full model Gomory cuts tighten
	 * the reported bound */
	io.gmi_cuts = s->full ? GLP_ON : GLP_OFF;
	io.mir_cuts = GLP_OFF;
	io.cov_cuts = GLP_OFF;
	io.clq_cuts = GLP_OFF;
	io.br_tech = GLP_BR_DTH;
	io.bt_tech = GLP_BT_BLB;
	ret = glp_intopt(s->lp, &io);
	if (ret != 0 && ret != GLP_ETMLIM && ret != GLP_ESTOP)
		return GLP_UNDEF;
	return glp_mip_status(s->lp);
}

static void take_mip_solution(struct dsolve *s)
{
	int *x = sp_xcalloc((size_t)s->m->nv, sizeof(int));
	for (int i = 0; i < s->m->nv; i++)
		if (s->xcol[i])
			x[i] = (int)floor(glp_mip_col_val(s->lp, s->xcol[i]) + 0.5);
	offer_incumbent(s, x);
	free(x);
}

static int shift_cmp(const void *a, const void *b)
{
	const struct design_shift *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->length < y->length ? -1 : x->length > y->length;
}

static void fill_result(const struct dmodel *m, const int *x, struct design_result *r)
{
	int *idx = sp_xcalloc((size_t)m->nc, sizeof(int));
	int n = 0;

	for (int i = 0; i < m->nv; i++)
		if (x[i] && !idx[m->v[i].k])
			idx[m->v[i].k] = ++n;
	r->shifts = sp_xcalloc((size_t)n + 1, sizeof(*r->shifts));
	r->nshifts = n;
	for (int k = 0; k < m->nc; k++)
		if (idx[k]) {
			r->shifts[idx[k] - 1].start = m->c[k].s * m->p->slot;
			r->shifts[idx[k] - 1].length = m->c[k].n * m->p->slot;
		}
	for (int i = 0; i < m->nv; i++)
		if (x[i])
			r->shifts[idx[m->v[i].k] - 1].workers[(m->v[i].d + m->p->first_weekday) %
							    DESIGN_DAYS] += x[i];
	qsort(r->shifts, (size_t)n, sizeof(*r->shifts), shift_cmp);
	free(idx);
	design_evaluate(m->p, r);
}

/* Number of distinct candidates used by x. */
static int count_used(const struct dmodel *m, const int *x)
{
	char *used = sp_xcalloc((size_t)m->nc, 1);
	int n = 0;
	for (int i = 0; i < m->nv; i++)
		if (x[i] && !used[m->v[i].k]) {
			used[m->v[i].k] = 1;
			n++;
		}
	free(used);
	return n;
}

/* Reads the MIP's worker counts into x; 0 when some count is fractional
 * (x is continuous in the exact model: its LP was integral in every
 * measured case, and a fractional answer is simply not used). */
static int read_workers(const struct dsolve *s, int *x)
{
	for (int i = 0; i < s->m->nv; i++) {
		double v = s->xcol[i] ? glp_mip_col_val(s->lp, s->xcol[i]) : 0;
		if (fabs(v - floor(v + 0.5)) > 1e-6)
			return 0;
		x[i] = (int)floor(v + 0.5);
	}
	return 1;
}

/* Solves the exact model over the candidates in allow (NULL: all) with at
 * most cap shifts (-1: no cap), from the solution `from` (NULL: none).
 * Returns the shifts used by the answer copied to x, or -1 without one;
 * *proven is set when GLPK proved it optimal for that restricted model.
 * OUT: *bound, the best bound seen (or -1). */
static int exact_sub(struct dsolve *s, const char *allow, int cap, const int *from,
		     double until, int *x, int *proven, int *bound)
{
	int mst, lpinf, n = -1;

	*proven = 0;
	*bound = -1;
	if (build_lp(s, 0, allow, cap)) {
		if (from)
			heur_from(s, from);
		mst = run_mip(s, until, &lpinf);
		if ((mst == GLP_OPT || mst == GLP_FEAS) && read_workers(s, x)) {
			n = count_used(s->m, x);
			*proven = mst == GLP_OPT;
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
				int t = var_slot(m, &m->v[i], j);
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
			int t = var_slot(m, &m->v[bi], j);
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
	glp_smcp sm;
	int ok = 0;

	*lbx = 0;
	if (build_lp(s, 0, NULL, -1)) {
		glp_init_smcp(&sm);
		sm.msg_lev = GLP_MSG_OFF;
		sm.meth = GLP_DUALP;
		sm.tm_lim = (int)((until - now_s()) * 1000);
		if (sm.tm_lim > 0 && glp_simplex(s->lp, &sm) == 0 &&
		    glp_get_status(s->lp) == GLP_OPT) {
			ok = 1;
			*lbx = (int)ceil(glp_get_obj_val(s->lp) - 1e-6);
			for (int k = 0; k < s->m->nc; k++)
				support[k] = glp_get_col_prim(s->lp, s->ycol[k]) > 1e-6;
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

	while (ncur > lbx && now_s() + 0.1 < until) {
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

/* The phases; GLPK calls may longjmp out of here (see solve_guarded):
 *  0. greedy, for an answer whatever the time limit;
 *  1. the zero-deviation LP: is an exact cover possible, which candidates
 *     does it use, and a bound on the number of shifts;
 *  2. the zero-deviation MIP over the LP's candidates plus those that start
 *     at a rise and end at a fall (small, solved in a fraction of a second),
 *     then over all candidates from that solution, to improve or prove it;
 *  3. LNS on the zero-deviation model until EXACT_SHARE of the time;
 *  4. the full weighted model (shortage, excess) from the best solution:
 *     improves it if deviating pays and gives the lower bound. */
static void solve_phases(struct dsolve *s, double t0, double limit)
{
	const struct design_opts *o = s->o;
	struct dmodel *m = s->m;
	const struct design_problem *p = m->p;
	int spd = m->spd, nv = m->nv, nc = m->nc, ncur = -1, lbx = 0, mst, lpinf;
	char *up = sp_xcalloc((size_t)spd, 1), *dn = sp_xcalloc((size_t)spd, 1);
	char *allow = sp_xcalloc((size_t)nc, 1);
	int *cur = sp_xcalloc((size_t)nv + 1, sizeof(int));
	int *x = sp_xcalloc((size_t)nv + 1, sizeof(int));
	double exact_end = t0 + limit * EXACT_SHARE;
	double sub_t = limit * SUB_SHARE < SUB_MAX ? limit * SUB_SHARE : SUB_MAX;

	if (exact_end > s->deadline)
		exact_end = s->deadline;
	if (o->log)
		fprintf(o->log, "design: %d candidate shifts, %d shift-day variables, %d slots\n",
			nc, nv, p->nslots);
	for (int t = 0; t < p->nslots; t++) {
		int dl = point_delta(p, t);
		if (dl > 0)
			up[t % spd] = 1;
		if (dl < 0)
			dn[t % spd] = 1;
	}

	/* 0 */
	offer_incumbent(s, s->inc); /* no shifts at all */
	if (nv == 0) {
		/* no shift fits the horizon: the empty design is the only one */
		s->bound = s->inc_obj;
		goto out;
	}
	greedy(s, x);
	offer_incumbent(s, x);

	/* 1, 2 */
	if (exact_probe(s, exact_end, allow, &lbx)) {
		int proven, bound, n;
		double until;
		if (o->log)
			fprintf(o->log, "design: exact cover possible, LP bound %d shifts\n", lbx);
		for (int k = 0; k < nc; k++)
			allow[k] |= up[m->c[k].s] && dn[(m->c[k].s + m->c[k].n) % spd];
		until = now_s() + 2 * sub_t < exact_end ? now_s() + 2 * sub_t : exact_end;
		ncur = exact_sub(s, allow, -1, NULL, until, cur, &proven, &bound);
		if (o->log)
			fprintf(o->log, "design: restricted exact MIP: %d shifts\n", ncur);
		until = now_s() + limit * PROVE_SHARE;
		if (ncur < 0 || until > exact_end)
			until = exact_end; /* nothing yet: all the exact time */
		if (ncur != lbx) {
			n = exact_sub(s, NULL, -1, ncur >= 0 ? cur : NULL, until, x, &proven, &bound);
			if (n >= 0 && (ncur < 0 || n <= ncur)) {
				memcpy(cur, x, sizeof(int) * (size_t)nv);
				ncur = n;
			}
			if (proven && n == ncur)
				lbx = ncur;
			else if (bound > lbx)
				lbx = bound;
			if (o->log)
				fprintf(o->log, "design: exact MIP: %d shifts, bound %d\n", ncur, lbx);
		}
		if (ncur >= 0)
			offer_incumbent(s, cur);
	} else if (o->log) {
		fprintf(o->log, "design: no exact cover\n");
	}

	/* 3 */
	if (ncur > lbx)
		exact_lns(s, up, dn, cur, ncur, lbx, exact_end, sub_t);

	/* 4 */
	build_lp(s, 1, NULL, -1);
	heur_from(s, s->inc);
	mst = run_mip(s, s->deadline, &lpinf);
	if (mst == GLP_OPT || mst == GLP_FEAS)
		take_mip_solution(s);
	if (mst == GLP_OPT && fabs(glp_mip_obj_val(s->lp) - s->inc_obj) < 1e-6)
		s->bound = s->inc_obj;
	else if (s->gbound > s->bound)
		s->bound = s->gbound;
	else if (glp_get_status(s->lp) == GLP_OPT && glp_get_obj_val(s->lp) > s->bound)
		s->bound = glp_get_obj_val(s->lp);
	drop_lp(s);
out:
	free(up);
	free(dn);
	free(allow);
	free(cur);
	free(x);
}

/* GLPK's fatal errors land in glpk_fatal(), which jumps back here. */
static sp_status solve_guarded(struct dsolve *s, struct glpk_guard *g, double t0,
			       double limit, struct sp_err *err)
{
	if (setjmp(g->jb)) {
		/* GLPK's memory, including s->lp, is gone with its environment */
		glp_free_env();
		s->lp = NULL;
		return sp_err_set(err, SP_ERR_SOLVER, "GLPK internal error");
	}
	solve_phases(s, t0, limit);
	return SP_OK;
}

sp_status design_solve(const struct design_problem *p, const struct design_opts *o,
		       struct design_result *r, struct sp_err *err)
{
	static const struct design_opts dflt = { 10, NULL, NULL, NULL };
	struct glpk_guard guard;
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
	model_build(&m, p);
	memset(&s, 0, sizeof(s));
	s.m = &m;
	s.o = o;
	s.t0 = t0;
	s.deadline = t0 + limit * 0.97 - 0.05;
	s.inc = sp_xcalloc((size_t)m.nv + 1, sizeof(int));
	guard.log = o->log;
	glp_term_out(GLP_ON);
	glp_term_hook(glpk_term, &guard);
	glp_error_hook(glpk_fatal, &guard);
	st = solve_guarded(&s, &guard, t0, limit, err);
	/* leave GLPK silent (never printing on its own), not pointing at guard */
	glp_term_hook(glpk_silent, NULL);
	glp_error_hook(NULL, NULL);
	drop_lp(&s);
	if (st == SP_OK) {
		fill_result(&m, s.inc, r);
		r->lower_bound = s.bound > r->objective ? r->objective : s.bound;
		r->status = r->objective - r->lower_bound < 1e-6 ? "optimal" : "time_limit";
	}
	free(s.inc);
	model_release(&m);
	r->seconds = now_s() - t0;
	return st;
}

void design_evaluate(const struct design_problem *p, struct design_result *r)
{
	int spd = 1440 / p->slot;
	int *cov = sp_xcalloc((size_t)p->nslots, sizeof(int));
	long sh = 0, ov = 0;
	int used = 0;

	for (int i = 0; i < r->nshifts; i++) {
		const struct design_shift *f = &r->shifts[i];
		int any = 0;
		for (int d = 0; d < p->ndays; d++) {
			int first = d * spd + f->start / p->slot, n = f->length / p->slot;
			int w = f->workers[(d + p->first_weekday) % DESIGN_DAYS];
			if (!w)
				continue;
			any = 1;
			for (int j = 0; j < n; j++) {
				int t = first + j;
				if (t >= p->nslots) {
					if (!p->cyclic)
						break;
					t %= p->nslots;
				}
				cov[t] += w;
			}
		}
		used += any;
	}
	for (int t = 0; t < p->nslots; t++) {
		if (cov[t] < p->req[t])
			sh += p->req[t] - cov[t];
		else
			ov += cov[t] - p->req[t];
	}
	free(cov);
	r->shortage = sh * p->slot;
	r->excess = ov * p->slot;
	r->shifts_used = used;
	r->objective = p->w_short * (double)r->shortage + p->w_over * (double)r->excess +
		       p->w_shifts * used;
}

void design_result_release(struct design_result *r)
{
	if (!r)
		return;
	free(r->shifts);
	memset(r, 0, sizeof(*r));
}

/* ----------------------------------------------------------- CSV reading */

/* A small RFC 4180 reader over text in memory: quoted fields, CRLF, and
 * '#' comment lines; remembers the line each record starts on. */
struct csv_rd {
	const char *p, *end;
	const char *file;
	int line;            /* line of the current record */
	int next_line;       /* line of the next character */
	struct buf data;     /* fields, NUL-separated */
	size_t *off;
	int nf, capf;
};

static void csv_rd_init(struct csv_rd *r, const char *text, const char *file)
{
	memset(r, 0, sizeof(*r));
	r->p = text;
	r->end = text + strlen(text);
	r->file = file;
	r->next_line = 1;
	buf_init(&r->data);
	/* UTF-8 byte order mark */
	if (r->end - r->p >= 3 && !memcmp(r->p, "\xef\xbb\xbf", 3))
		r->p += 3;
}

static void csv_rd_release(struct csv_rd *r)
{
	buf_release(&r->data);
	free(r->off);
}

static const char *csv_field(const struct csv_rd *r, int i)
{
	return r->data.s + r->off[i];
}

static void csv_end_field(struct csv_rd *r, size_t start)
{
	SP_GROW(r->off, r->nf + 1, r->capf);
	r->off[r->nf++] = start;
	buf_putc(&r->data, '\0');
}

/* Reads the next record: 1 with a record, 0 at the end, or an error. */
static int csv_next(struct csv_rd *r, struct sp_err *err, sp_status *st)
{
	const char *p = r->p;
	size_t start;
	int quoted = 0;

	*st = SP_OK;
	/* skip blank and comment lines */
	for (;;) {
		if (p >= r->end) {
			r->p = p;
			return 0;
		}
		if (*p == '#' || *p == '\n' || (*p == '\r' && p + 1 < r->end && p[1] == '\n')) {
			while (p < r->end && *p != '\n')
				p++;
			if (p < r->end)
				p++;
			r->next_line++;
			continue;
		}
		break;
	}
	r->line = r->next_line;
	buf_reset(&r->data);
	r->nf = 0;
	start = 0;
	while (p < r->end) {
		char c = *p;
		if (quoted) {
			if (c == '"') {
				if (p + 1 < r->end && p[1] == '"') {
					buf_putc(&r->data, '"');
					p += 2;
					continue;
				}
				quoted = 0;
				p++;
				continue;
			}
			if (c == '\n')
				r->next_line++;
			buf_putc(&r->data, c);
			p++;
			continue;
		}
		if (c == '"' && r->data.len == start) {
			quoted = 1;
			p++;
			continue;
		}
		if (c == ',') {
			csv_end_field(r, start);
			start = r->data.len;
			p++;
			continue;
		}
		if (c == '\r' && p + 1 < r->end && p[1] == '\n')
			p++, c = '\n';
		if (c == '\n') {
			p++;
			r->next_line++;
			break;
		}
		buf_putc(&r->data, c);
		p++;
	}
	if (quoted) {
		*st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: unterminated quoted field", r->file,
				 r->line);
		return -1;
	}
	csv_end_field(r, start);
	r->p = p;
	return 1;
}

/* Column index of name in the header (blanks around names ignored), or -1. */
static int csv_col(const struct csv_rd *hdr, const char *name)
{
	for (int i = 0; i < hdr->nf; i++) {
		const char *f = csv_field(hdr, i);
		size_t n;
		while (*f == ' ')
			f++;
		n = strlen(f);
		while (n && f[n - 1] == ' ')
			n--;
		if (n == strlen(name) && !strncmp(f, name, n))
			return i;
	}
	return -1;
}

static int parse_long_str(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	while (*s == ' ')
		s++;
	errno = 0;
	v = strtol(s, &end, 10);
	while (*end == ' ')
		end++;
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* "HH:MM" (00:00..23:59, or up to 47:59 when wide) -> minutes. */
static int parse_clock(const char *s, int wide, int *out)
{
	int h, m, n = 0;

	while (*s == ' ')
		s++;
	if (sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || n < 4)
		return -1;
	s += n;
	while (*s == ' ')
		s++;
	if (*s || h < 0 || h > (wide ? 47 : 23) || m < 0 || m > 59)
		return -1;
	*out = h * 60 + m;
	return 0;
}

/* ------------------------------------------------------ requirements.csv */

/* ISO 8601 local time "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM|-HH:MM]": local day
 * number, minute of the day and UTC offset in minutes (INT32_MIN if none). */
static int parse_iso(const char *s, long *day, int *minute, int *offset)
{
	char tmp[64];
	struct sp_iso t;

	snprintf(tmp, sizeof(tmp), "%s", s);
	if (sp_iso_parse(sp_trim(tmp), &t) != SP_ISO_OK || t.sec != 0)
		return -1;
	*day = t.days;
	*minute = t.hour * 60 + t.min;
	*offset = t.has_offset ? t.offset_min : INT32_MIN;
	return 0;
}

struct req_entry {
	long day;
	int minute, offset, line;
	double sum;
};

static int req_entry_cmp(const void *a, const void *b)
{
	const struct req_entry *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->minute != y->minute)
		return x->minute < y->minute ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

sp_status design_load_requirements(struct design_problem *p, const char *text,
				   const char *file, const struct design_req_opts *o,
				   struct sp_err *err)
{
	static const struct design_req_opts none = { NULL, NULL, 0 };
	struct csv_rd r;
	struct req_entry *e = NULL;
	int ne = 0, cape = 0, c_start, c_req, c_queue, c_lang, nhdr, grid = 60, grid_line = 0;
	int slot, spd, rc;
	long dmin, dmax;
	sp_status st = SP_OK;

	if (!o)
		o = &none;
	csv_rd_init(&r, text, file);
	rc = csv_next(&r, err, &st);
	if (rc <= 0) {
		if (rc == 0)
			st = sp_err_set(err, SP_ERR_INPUT, "%s:1: empty file, expected a header row "
					"with columns start and required", file);
		goto out;
	}
	c_start = csv_col(&r, "start");
	c_req = csv_col(&r, "required");
	c_queue = csv_col(&r, "queue");
	c_lang = csv_col(&r, "language");
	nhdr = r.nf;
	if (c_start < 0 || c_req < 0) {
		st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: missing column '%s'", file, r.line,
				c_start < 0 ? "start" : "required");
		goto out;
	}
	if ((o->queue && c_queue < 0) || (o->language && c_lang < 0)) {
		st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: missing column '%s' to filter on", file,
				r.line, o->queue && c_queue < 0 ? "queue" : "language");
		goto out;
	}
	while ((rc = csv_next(&r, err, &st)) > 0) {
		struct req_entry x;
		const char *v;
		char *end;

		if (r.nf != nhdr) {
			st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: %d fields, the header has %d", file,
					r.line, r.nf, nhdr);
			goto out;
		}
		if (o->queue && strcmp(csv_field(&r, c_queue), o->queue))
			continue;
		if (o->language && strcmp(csv_field(&r, c_lang), o->language))
			continue;
		if (parse_iso(csv_field(&r, c_start), &x.day, &x.minute, &x.offset) != 0) {
			st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: column 'start': '%s' is not an "
					"ISO 8601 time YYYY-MM-DDTHH:MM", file, r.line,
					csv_field(&r, c_start));
			goto out;
		}
		v = csv_field(&r, c_req);
		errno = 0;
		x.sum = strtod(v, &end);
		while (*end == ' ')
			end++;
		if (errno || end == v || *end || !(x.sum >= 0) || x.sum > 1e7) {
			st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: column 'required': '%s' is not a "
					"number >= 0", file, r.line, v);
			goto out;
		}
		x.line = r.line;
		if (sp_gcd(grid, x.minute % 60) != grid) {
			grid = sp_gcd(grid, x.minute % 60);
			grid_line = r.line;
		}
		SP_GROW(e, ne + 1, cape);
		e[ne++] = x;
	}
	if (rc < 0)
		goto out;
	if (!ne) {
		st = sp_err_set(err, SP_ERR_INPUT, "%s: no requirement rows%s%s%s%s", file,
				o->queue ? " for queue " : "", o->queue ? o->queue : "",
				o->language ? " for language " : "", o->language ? o->language : "");
		goto out;
	}
	if (grid != 15 && grid != 30 && grid != 60) {
		st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: column 'start': not on a 15, 30 or "
				"60-minute grid", file, grid_line);
		goto out;
	}
	slot = o->slot ? o->slot : grid;
	if (slot > grid || grid % slot) {
		st = sp_err_set(err, SP_ERR_INPUT, "%s: slots of %d minutes do not divide the "
				"data's %d-minute intervals", file, slot, grid);
		goto out;
	}
	qsort(e, (size_t)ne, sizeof(*e), req_entry_cmp);
	dmin = e[0].day;
	dmax = e[ne - 1].day;
	if (dmax - dmin >= DESIGN_DAYS) {
		for (int i = 0; i < ne; i++)
			if (e[i].day - dmin >= DESIGN_DAYS) {
				st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: more than one week of data "
						"(shift design works on one week)", file, e[i].line);
				goto out;
			}
	}
	p->first_weekday = sp_weekday(dmin);
	design_problem_set_horizon(p, slot, (int)(dmax - dmin + 1), dmax - dmin + 1 == DESIGN_DAYS);
	spd = 1440 / slot;
	/* sum per instant, ceil, the larger of two instants on one local time */
	for (int i = 0; i < ne;) {
		int j = i, need;
		double sum = 0;
		while (j < ne && e[j].day == e[i].day && e[j].minute == e[i].minute &&
		       e[j].offset == e[i].offset)
			sum += e[j++].sum;
		need = (int)ceil(sum - 1e-9);
		for (int k = 0; k < grid / slot; k++) {
			int t = (int)(e[i].day - dmin) * spd + e[i].minute / slot + k;
			if (need > p->req[t])
				p->req[t] = need;
		}
		i = j;
	}
out:
	free(e);
	csv_rd_release(&r);
	return st;
}

/* ------------------------------------------------------------ shift types */

static const char *const day_names[DESIGN_DAYS] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

static int day_index(const char *s, size_t n)
{
	for (int d = 0; d < DESIGN_DAYS; d++)
		if (n == 3 && !strncasecmp(s, day_names[d], 3))
			return d;
	return -1;
}

/* "*", "mon-fri", "mon,wed,sat", "sat-mon" or a 0/1 mask Monday first. */
static int parse_days(const char *s, unsigned *out)
{
	unsigned mask = 0;

	while (*s == ' ')
		s++;
	if (!strcmp(s, "*") || !*s) {
		*out = DESIGN_ALL_DAYS;
		return 0;
	}
	if (strlen(s) == 7 && strspn(s, "01") == 7) {
		for (int d = 0; d < DESIGN_DAYS; d++)
			if (s[d] == '1')
				mask |= 1u << d;
		*out = mask;
		return mask ? 0 : -1;
	}
	while (*s) {
		const char *e = s;
		int a, b;
		while (*e && *e != ',')
			e++;
		if (e - s == 7 && s[3] == '-') {
			a = day_index(s, 3);
			b = day_index(s + 4, 3);
		} else {
			a = b = day_index(s, (size_t)(e - s));
		}
		if (a < 0 || b < 0)
			return -1;
		for (int d = a;; d = (d + 1) % DESIGN_DAYS) {
			mask |= 1u << d;
			if (d == b)
				break;
		}
		s = *e ? e + 1 : e;
	}
	*out = mask;
	return mask ? 0 : -1;
}

/* Minutes: "480", "8h", "7.5h". */
static int parse_minutes(const char *s, size_t n, int *out)
{
	char tmp[32], *end;
	double v;

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	errno = 0;
	v = strtod(tmp, &end);
	if (*end == 'h' && end[1] == '\0')
		v *= 60;
	else if (*end)
		return -1;
	if (errno || !(v > 0) || v > DESIGN_DAYS * 1440 || fabs(v - floor(v + 0.5)) > 1e-9)
		return -1;
	*out = (int)floor(v + 0.5);
	return 0;
}

sp_status design_parse_shift_type(const char *spec, struct design_template *t,
				  struct sp_err *err)
{
	const char *eq = strchr(spec, '='), *c1, *c2, *dash;
	int a, b;
	char tmp[16];

	memset(t, 0, sizeof(*t));
	if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof(t->name))
		goto bad;
	memcpy(t->name, spec, (size_t)(eq - spec));
	c1 = strchr(eq + 1, ',');
	if (!c1)
		goto bad;
	c2 = strchr(c1 + 1, ',');
	/* start window HH:MM-HH:MM (or a single HH:MM) */
	dash = memchr(eq + 1, '-', (size_t)(c1 - eq - 1));
	if (dash) {
		if ((size_t)(dash - eq - 1) >= sizeof(tmp) || (size_t)(c1 - dash - 1) >= sizeof(tmp))
			goto bad;
		memcpy(tmp, eq + 1, (size_t)(dash - eq - 1));
		tmp[dash - eq - 1] = '\0';
		if (parse_clock(tmp, 0, &a))
			goto bad;
		memcpy(tmp, dash + 1, (size_t)(c1 - dash - 1));
		tmp[c1 - dash - 1] = '\0';
		if (parse_clock(tmp, 0, &b))
			goto bad;
	} else {
		if ((size_t)(c1 - eq - 1) >= sizeof(tmp))
			goto bad;
		memcpy(tmp, eq + 1, (size_t)(c1 - eq - 1));
		tmp[c1 - eq - 1] = '\0';
		if (parse_clock(tmp, 0, &a))
			goto bad;
		b = a;
	}
	t->start_lo = a;
	t->start_hi = b >= a ? b : b + 1440;
	/* length window MIN-MAX (or one value) */
	{
		const char *ls = c1 + 1, *le = c2 ? c2 : c1 + 1 + strlen(c1 + 1);
		const char *d2 = memchr(ls, '-', (size_t)(le - ls));
		if (d2) {
			if (parse_minutes(ls, (size_t)(d2 - ls), &t->len_lo) ||
			    parse_minutes(d2 + 1, (size_t)(le - d2 - 1), &t->len_hi))
				goto bad;
		} else {
			if (parse_minutes(ls, (size_t)(le - ls), &t->len_lo))
				goto bad;
			t->len_hi = t->len_lo;
		}
		if (t->len_hi < t->len_lo)
			goto bad;
	}
	if (parse_days(c2 ? c2 + 1 : "*", &t->days))
		goto bad;
	return SP_OK;
bad:
	return sp_err_set(err, SP_ERR_INPUT,
			  "bad shift type '%s': expected NAME=HH:MM-HH:MM,MIN-MAX[,DAYS] "
			  "(e.g. 'early=05:00-08:00,420-540,mon-fri')", spec);
}

sp_status design_load_shift_types(struct design_problem *p, const char *text,
				  const char *file, struct sp_err *err)
{
	int lineno = 0;
	const char *s = text;

	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char line[512];
		struct design_template t;
		size_t a = 0;

		lineno++;
		while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		while (a < n && (s[a] == ' ' || s[a] == '\t'))
			a++;
		if (a < n && s[a] != '#') {
			sp_status st;
			if (n - a >= sizeof(line))
				return sp_err_set(err, SP_ERR_INPUT, "%s:%d: line too long", file,
						  lineno);
			memcpy(line, s + a, n - a);
			line[n - a] = '\0';
			st = design_parse_shift_type(line, &t, err);
			if (st != SP_OK)
				return sp_err_prefix(err, "%s:%d", file, lineno);
			design_problem_add_template(p, &t);
		}
		s = e ? e + 1 : s + strlen(s);
	}
	return SP_OK;
}

/* ---------------------------------------------------------- shifts (plan) */

sp_status design_load_shifts(const char *text, const char *file,
			     struct design_shift **out, int *n, struct sp_err *err)
{
	struct csv_rd r;
	struct design_shift *v = NULL;
	int nv = 0, capv = 0, c_start, c_len, c_day[DESIGN_DAYS], nhdr, rc;
	sp_status st = SP_OK;

	*out = NULL;
	*n = 0;
	csv_rd_init(&r, text, file);
	rc = csv_next(&r, err, &st);
	if (rc <= 0) {
		if (rc == 0)
			st = sp_err_set(err, SP_ERR_INPUT, "%s:1: empty file, expected the header "
					"start,length_minutes,mon,tue,wed,thu,fri,sat,sun", file);
		goto out;
	}
	nhdr = r.nf;
	c_start = csv_col(&r, "start");
	c_len = csv_col(&r, "length_minutes");
	if (c_start < 0 || c_len < 0) {
		st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: missing column '%s'", file, r.line,
				c_start < 0 ? "start" : "length_minutes");
		goto out;
	}
	for (int d = 0; d < DESIGN_DAYS; d++) {
		c_day[d] = csv_col(&r, day_names[d]);
		if (c_day[d] < 0) {
			st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: missing column '%s'", file, r.line,
					day_names[d]);
			goto out;
		}
	}
	while ((rc = csv_next(&r, err, &st)) > 0) {
		struct design_shift f;
		long l;

		memset(&f, 0, sizeof(f));
		if (r.nf != nhdr) {
			st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: %d fields, the header has %d", file,
					r.line, r.nf, nhdr);
			goto out;
		}
		if (parse_clock(csv_field(&r, c_start), 0, &f.start)) {
			st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: column 'start': '%s' is not HH:MM",
					file, r.line, csv_field(&r, c_start));
			goto out;
		}
		if (parse_long_str(csv_field(&r, c_len), 1, DESIGN_DAYS * 1440, &l)) {
			st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: column 'length_minutes': '%s' is "
					"not a whole number of minutes in [1, 10080]", file, r.line,
					csv_field(&r, c_len));
			goto out;
		}
		f.length = (int)l;
		for (int d = 0; d < DESIGN_DAYS; d++) {
			long w;
			if (parse_long_str(csv_field(&r, c_day[d]), 0, 1000000, &w)) {
				st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: column '%s': '%s' is not a "
						"number of workers >= 0", file, r.line, day_names[d],
						csv_field(&r, c_day[d]));
				goto out;
			}
			f.workers[d] = (int)w;
		}
		SP_GROW(v, nv + 1, capv);
		v[nv++] = f;
	}
	if (rc < 0)
		goto out;
	*out = v;
	*n = nv;
	v = NULL;
out:
	free(v);
	csv_rd_release(&r);
	return st;
}

/* ----------------------------------------------------------------- output */

static void put_num(struct buf *b, double v)
{
	if (!isfinite(v))
		buf_puts(b, "null");
	else if (fabs(v - floor(v + 0.5)) < 1e-9 && fabs(v) < 1e15)
		buf_printf(b, "%.0f", v);
	else
		buf_printf(b, "%.10g", v);
}

void design_write_json(const struct design_result *r, struct buf *out)
{
	buf_puts(out, "{\"objective\": ");
	put_num(out, r->objective);
	buf_printf(out, ", \"shortage_minutes\": %ld, \"excess_minutes\": %ld, "
		   "\"shifts_used\": %d, \"lower_bound\": ", r->shortage, r->excess,
		   r->shifts_used);
	put_num(out, r->lower_bound);
	buf_printf(out, ", \"seconds\": %.3f, \"shifts\": [", r->seconds);
	for (int i = 0; i < r->nshifts; i++) {
		const struct design_shift *f = &r->shifts[i];
		buf_printf(out, "%s\n  {\"start\": \"%02d:%02d\", \"length_minutes\": %d, "
			   "\"workers\": [", i ? "," : "", f->start / 60, f->start % 60, f->length);
		for (int d = 0; d < DESIGN_DAYS; d++)
			buf_printf(out, "%s%d", d ? ", " : "", f->workers[d]);
		buf_puts(out, "]}");
	}
	buf_puts(out, r->nshifts ? "\n]}\n" : "]}\n");
}

void design_write_csv(const struct design_result *r, struct buf *out)
{
	buf_puts(out, "start,length_minutes,mon,tue,wed,thu,fri,sat,sun\n");
	for (int i = 0; i < r->nshifts; i++) {
		const struct design_shift *f = &r->shifts[i];
		buf_printf(out, "%02d:%02d,%d", f->start / 60, f->start % 60, f->length);
		for (int d = 0; d < DESIGN_DAYS; d++)
			buf_printf(out, ",%d", f->workers[d]);
		buf_putc(out, '\n');
	}
}

void design_write_table(const struct design_problem *p, const struct design_result *r,
			struct buf *out)
{
	int tot[DESIGN_DAYS] = { 0 };

	buf_printf(out, "%-6s %-8s %-6s", "start", "end", "length");
	for (int d = 0; d < DESIGN_DAYS; d++)
		buf_printf(out, " %4.3s", &"MonTueWedThuFriSatSun"[3 * d]);
	buf_putc(out, '\n');
	for (int i = 0; i < r->nshifts; i++) {
		const struct design_shift *f = &r->shifts[i];
		int end = f->start + f->length, days = end / 1440;
		char ends[16];
		snprintf(ends, sizeof(ends), "%02d:%02d%s", end % 1440 / 60, end % 60,
			 days == 0 ? "" : days == 1 ? "+1" : "+n");
		buf_printf(out, "%02d:%02d  %-8s %2dh%02d ", f->start / 60, f->start % 60, ends,
			   f->length / 60, f->length % 60);
		for (int d = 0; d < DESIGN_DAYS; d++) {
			buf_printf(out, " %4d", f->workers[d]);
			tot[d] += f->workers[d];
		}
		buf_putc(out, '\n');
	}
	buf_printf(out, "%-22s", "workers");
	for (int d = 0; d < DESIGN_DAYS; d++)
		buf_printf(out, " %4d", tot[d]);
	buf_putc(out, '\n');
	buf_puts(out, "\nobjective ");
	put_num(out, r->objective);
	buf_puts(out, " = ");
	put_num(out, p->w_short);
	buf_printf(out, " x %ld min short + ", r->shortage);
	put_num(out, p->w_over);
	buf_printf(out, " x %ld min over + ", r->excess);
	put_num(out, p->w_shifts);
	buf_printf(out, " x %d shifts\nlower bound ", r->shifts_used);
	put_num(out, r->lower_bound);
	buf_printf(out, " (%s), %.2f s, %d-minute slots, %s %d-day horizon\n",
		   r->status ? r->status : "-", r->seconds, p->slot,
		   p->cyclic ? "cyclic" : "non-cyclic", p->ndays);
}
