/* master.c - stage 1's aggregated master model: its rows, its columns and
 * their coefficients, and the rest and coverage rows added lazily where an
 * LP or MIP solution violates them
 *
 * Coverage rows are min-cut rows U_t + n(S, t) >= r(S) for cell sets S
 * (a max-flow per interval finds the violated S), and their mixed-integer
 * roundings (a column on duty for part of an interval with its own
 * coefficient, sched_mir_coef) but where a previous shift still running
 * covers part of one.  Rest rows are
 * cliques of columns on consecutive days too close for min_rest.
 */
#include "stage1_int.h"
#include "staffplan/lp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BIG_SLACK 1e4  /* per hour of unmet min_hours: an infeasibility marker */

void master_free(struct master *m)
{
	lp_free(m->lp);
	free(m->ucol);
	free(m->gmask);
	free(m->cut_row);
	free(m->cut_next);
	free(m->cut_head);
	free(m->cut_mask);
	free(m->cut_coef);
	free(m->whole);
	free(m->day_row);
	free(m->hrs_row);
	free(m->days_row);
	free(m->rt_day);
	free(m->rt_tau);
	free(m->rest_row);
	free(m->off_row);
	free(m->tcuts);
	free(m->nzrow);
	free(m->nzval);
	free(m->col_rt0);
	free(m->col_rtn);
	free(m->col_rt);
	free(m->cw_row);
	free(m->cwc_row);
	free(m->xcol);
	free(m->ub);
	free(m->cost);
	free(m->slack);
	free(m->xlist);
	free(m->hcol);
	free(m->hrows);
	free(m->hvals);
}

/* A row bounding group g's use of some capacity at coef per agent: the
 * right-hand side is n_g * coef, or, for hypothetical agents (hiring), coef
 * times the number hired, a variable added by close_group(). */
static int cap_row(const struct sched *s, struct master *m, int g, double coef)
{
	if (!s->groups[g].hypothetical)
		return lp_add_row(m->lp, -LP_INF, s->groups[g].n * coef);
	int row = lp_add_row(m->lp, -LP_INF, 0);
	SP_GROW(m->hrows, m->nh + 1, m->caph);
	m->hvals = sp_xrealloc(m->hvals, m->caph * sizeof(double));
	m->hrows[m->nh] = row;
	m->hvals[m->nh++] = -coef;
	return row;
}

static void close_group(const struct sched *s, struct master *m, int g)
{
	m->hcol[g] = -1;
	if (s->groups[g].hypothetical && m->nh)
		m->hcol[g] = lp_add_col(m->lp, s->hire_cost, 0, s->groups[g].n, 0,
					m->nh, m->hrows, m->hvals);
	m->nh = 0;
}

static int cmp_time(const void *a, const void *b)
{
	time_t x = *(const time_t *)a, y = *(const time_t *)b;
	return x < y ? -1 : x > y;
}

/* Rest templates: for day d and a time tau, the columns of day d ending after
 * tau and those of day d+1 starting before tau + min_rest pairwise conflict,
 * so an agent works at most one of them. */
static void build_rest_templates(struct sched *s, struct master *m)
{
	int cap = 0, capm = 0, nm = 0;
	time_t *ends = sp_xmalloc((size_t)(s->ncols ? s->ncols : 1) * sizeof(time_t));

	m->col_rt0 = sp_xcalloc((size_t)(s->ncols ? s->ncols : 1), sizeof(int));
	m->col_rtn = sp_xcalloc((size_t)(s->ncols ? s->ncols : 1), sizeof(int));
	/* membership lists are built per column below, in two passes */
	for (int d = 0; d + 1 < s->ndays; d++) {
		int ne = 0;
		for (int j = s->day_first[d]; j < s->day_first[d + 1]; j++)
			ends[ne++] = s->cols[j].end - 1;
		qsort(ends, (size_t)ne, sizeof(time_t), cmp_time);
		for (int i = 0; i < ne; i++) {
			if (i && ends[i] == ends[i - 1])
				continue;
			int any = 0;
			for (int j = s->day_first[d + 1]; j < s->day_first[d + 2] && !any; j++)
				any = s->cols[j].start < ends[i] + s->rest_s;
			if (!any)
				continue;
			SP_GROW(m->rt_day, m->nrt + 1, cap);
			m->rt_tau = sp_xrealloc(m->rt_tau, cap * sizeof(time_t));
			m->rt_day[m->nrt] = d;
			m->rt_tau[m->nrt] = ends[i];
			m->nrt++;
		}
	}
	free(ends);
	for (int j = 0; j < s->ncols; j++) {
		const struct scol *c = &s->cols[j];
		m->col_rt0[j] = nm;
		for (int k = 0; k < m->nrt; k++) {
			int in = (m->rt_day[k] == c->day && c->end > m->rt_tau[k]) ||
				 (m->rt_day[k] + 1 == c->day && c->start < m->rt_tau[k] + s->rest_s);
			if (!in)
				continue;
			SP_GROW(m->col_rt, nm + 1, capm);
			m->col_rt[nm++] = k;
		}
		m->col_rtn[j] = nm - m->col_rt0[j];
	}
}

static int meets(const uint64_t *a, const uint64_t *b, int nw)
{
	for (int w = 0; w < nw; w++)
		if (a[w] & b[w])
			return 1;
	return 0;
}

static double set_required(const struct sched *s, int t, const uint64_t *S)
{
	double r = 0;
	for (int c = 0; c < s->ncells; c++)
		if (S[c / 64] >> (c % 64) & 1)
			r += s->req->required[(size_t)c * s->nint + t];
	return r;
}

/* The on-duty time in interval t of previous shifts still running whose
 * groups serve a cell of S. */
static double set_fixed(const struct sched *s, const struct master *m, int t, const uint64_t *S)
{
	double f = 0;
	for (int g = 0; s->fixsup && g < s->ngroups; g++)
		if (meets(&m->gmask[(size_t)g * m->nw], S, m->nw))
			f += s->fixsup[(size_t)g * s->nint + t];
	return f;
}

/* Sizes the nonzero scratch for the longest column the rows allow: its
 * cuts, rest templates, consecutive-day windows (those reaching back
 * before the horizon too), a days-off row and three contract rows. */
static void fit_scratch(const struct sched *s, struct master *m)
{
	size_t need = (size_t)m->maxcov * (size_t)m->maxtcuts + (size_t)m->maxrtn + (size_t)m->ncw +
		      (size_t)s->in->cfg.max_consecutive_days + 4;

	if (need > m->capnz) {
		m->capnz = 2 * need;
		m->nzrow = sp_xrealloc(m->nzrow, m->capnz * sizeof(int));
		m->nzval = sp_xrealloc(m->nzval, m->capnz * sizeof(double));
	}
}

/* Adds a cover row for cell set S in interval t over the x columns in the
 * LP so far (xk[i]: copies with an LP column):
 *   mir == 0: U_t + n(S, t) >= r(S)            (min-cut row, exact)
 *   mir != 0: U_t + f n(S, t) >= f ceil(r(S))  (its mixed-integer rounding,
 *             f = frac(r(S)); a column on duty for a part a of t counts
 *             min(a, f), sched_mir_coef) */
static void add_cut(const struct sched *s, struct master *m, int t, const uint64_t *S,
		    const size_t *xk, size_t nxk, int mir)
{
	double rhs = set_required(s, t, S), coef = 1;
	int n = 0, *cols = sp_xmalloc((nxk + 2) * sizeof(int));
	double *vals = sp_xmalloc((nxk + 2) * sizeof(double));

	if (mir) {
		coef = rhs - floor(rhs);
		rhs = coef * ceil(rhs);
	}
	/* previous shifts still running: on duty whatever x is */
	rhs -= coef * set_fixed(s, m, t, S);
	cols[n] = m->ucol[t];
	vals[n++] = 1;
	for (size_t i = 0; i < nxk; i++) {
		size_t k = xk[i];
		int g = (int)(k / NCOPY / s->ncols), j = (int)(k / NCOPY % s->ncols);
		if (!meets(&m->gmask[(size_t)g * m->nw], S, m->nw))
			continue;
		const struct scol *col = &s->cols[j];
		for (int p = 0; p < col->ncov; p++)
			if (s->cov_t[col->cov0 + p] == t) {
				cols[n] = m->xcol[k];
				vals[n++] = sched_mir_coef(s->cov_f[col->cov0 + p], coef);
			}
	}
	if (m->ncuts == m->capcuts) {
		m->capcuts = m->capcuts ? 2 * m->capcuts : 1024;
		m->cut_row = sp_xrealloc(m->cut_row, (size_t)m->capcuts * sizeof(int));
		m->cut_next = sp_xrealloc(m->cut_next, (size_t)m->capcuts * sizeof(int));
		m->cut_mask = sp_xrealloc(m->cut_mask, (size_t)m->capcuts * m->nw * sizeof(uint64_t));
		m->cut_coef = sp_xrealloc(m->cut_coef, (size_t)m->capcuts * sizeof(double));
	}
	m->cut_coef[m->ncuts] = coef;
	int k = m->ncuts++;
	m->cut_row[k] = lp_add_row_coefs(m->lp, rhs, LP_INF, n, cols, vals);
	memcpy(&m->cut_mask[(size_t)k * m->nw], S, (size_t)m->nw * sizeof(uint64_t));
	m->cut_next[k] = m->cut_head[t];
	m->cut_head[t] = k;
	if (++m->tcuts[t] > m->maxtcuts) {
		m->maxtcuts = m->tcuts[t];
		fit_scratch(s, m);
	}
	free(cols);
	free(vals);
}

/* The columns of the LP solution on duty for part of an interval: in
 * interval t, group pg[i], share pa[i], count px[i] for i in
 * pt0[t] .. pt0[t + 1). */
struct parts {
	int *pt0, *pg;
	double *pa, *px;
};

/* MIR rows for interval t: each single cell, each language's cells and
 * each queue's cells (the sets the fractional requirements of one team
 * live in), and the whole desk, as the slow Lagrangian has them
 * (lagrange.c); added when the solution (supplies sup and parts P,
 * understaffing u) violates them.  The desk's row lifted S-scarce's LP
 * from 10 963 to 11 360 (bench/NOTES-scarce.md).  S is scratch. */
static int separate_mir(const struct sched *s, struct master *m, int t, const double *sup,
			const struct parts *P, double u, uint64_t *S)
{
	int added = 0, nq = s->in->cfg.nqueues;

	/* set i: cell i (i < C), language i - C (i < C + nlangs), queue
	 * i - C - nlangs, then the desk */
	int nsets = s->ncells + s->in->nlangs + nq + 1;
	for (int i = 0; i < nsets; i++) {
		int any = 0;
		memset(S, 0, (size_t)m->nw * sizeof(uint64_t));
		for (int x = 0; x < s->ncells; x++) {
			const struct sp_cell *cl = &s->req->cells[x];
			int in = i < s->ncells			  ? x == i
				 : i < s->ncells + s->in->nlangs ? cl->lang == i - s->ncells
				 : i < nsets - 1		  ? cl->queue == i - s->ncells - s->in->nlangs
								  : 1;
			if (in && s->req->required[(size_t)x * s->nint + t] > 1e-9) {
				S[x / 64] |= 1ULL << (x % 64);
				any++;
			}
		}
		/* a group set of one cell is that cell's row */
		if (!any || (i >= s->ncells && any < 2))
			continue;
		double r = set_required(s, t, S), f = r - floor(r);
		if (r <= 1e-9 || f < 1e-6 || f > 1 - 1e-6)
			continue;
		double duty = 0; /* the row's left-hand side but u */
		for (int g = 0; g < s->ngroups; g++)
			if (meets(&m->gmask[(size_t)g * m->nw], S, m->nw))
				duty += f * sup[(size_t)g * s->nint + t];
		for (int p = P->pt0[t]; p < P->pt0[t + 1]; p++)
			if (meets(&m->gmask[(size_t)P->pg[p] * m->nw], S, m->nw))
				duty += P->px[p] * (sched_mir_coef(P->pa[p], f) - f * P->pa[p]);
		if (u + duty < f * ceil(r) - 1e-6) {
			add_cut(s, m, t, S, m->xlist, m->nxl, 1);
			added++;
		}
	}
	return added;
}

/* Adds the min-cut rows the solution xv (aligned with m->xlist) violates:
 * per interval, a max-flow of the groups' on-duty time to the cells gives
 * the true understaffing; when U_t is below it, the cells on the sink side
 * of the minimum cut form the violated set S.  Returns how many. */
static int separate_cover(const struct sched *s, struct master *m, const double *xv,
			  const double *uv)
{
	int G = s->ngroups, C = s->ncells, T = s->nint, added = 0;
	double *sup = sp_xcalloc((size_t)G * (T ? T : 1), sizeof(double));
	uint64_t *S = sp_xcalloc((size_t)m->nw, sizeof(uint64_t));
	struct flow f;
	struct parts P = { sp_xcalloc((size_t)T + 2, sizeof(int)), NULL, NULL, NULL };

	/* twice: count the parts per interval, then place them */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < m->nxl; i++) {
			if (xv[i] <= 1e-9)
				continue;
			size_t k = m->xlist[i];
			int g = (int)(k / NCOPY / s->ncols), j = (int)(k / NCOPY % s->ncols);
			const struct scol *c = &s->cols[j];
			for (int p = 0; p < c->ncov; p++) {
				int t = s->cov_t[c->cov0 + p];
				double a = s->cov_f[c->cov0 + p];
				if (pass == 0)
					sup[(size_t)g * T + t] += xv[i] * a;
				if (a >= 1 - 1e-9)
					continue;
				if (pass == 0) {
					P.pt0[t + 2]++;
					continue;
				}
				int at = P.pt0[t + 1]++;
				P.pg[at] = g;
				P.pa[at] = a;
				P.px[at] = xv[i];
			}
		}
		if (pass == 0) {
			for (int t = 2; t < T + 2; t++)
				P.pt0[t] += P.pt0[t - 1];
			P.pg = sp_xmalloc(((size_t)P.pt0[T + 1] + 1) * sizeof(int));
			P.pa = sp_xmalloc(((size_t)P.pt0[T + 1] + 1) * sizeof(double));
			P.px = sp_xmalloc(((size_t)P.pt0[T + 1] + 1) * sizeof(double));
		}
	}
	if (s->fixsup)
		for (size_t i = 0; i < (size_t)G * T; i++)
			sup[i] += s->fixsup[i];
	flow_init(&f, s, 1);
	for (int t = 0; t < T; t++) {
		if (m->ucol[t] < 0)
			continue;
		double under = flow_interval(&f, s, sup, t);
		if (m->whole[t])
			added += separate_mir(s, m, t, sup, &P, uv[t], S);
		if (under <= uv[t] + 1e-6 * (1 + under))
			continue;
		memset(S, 0, (size_t)m->nw * sizeof(uint64_t));
		int any = 0;
		for (int c = 0; c < C; c++)
			if (!flow_reaches(&f, c) && s->req->required[(size_t)c * T + t] > 1e-9) {
				S[c / 64] |= 1ULL << (c % 64);
				any = 1;
			}
		if (any) {
			add_cut(s, m, t, S, m->xlist, m->nxl, 0);
			added++;
		}
	}
	flow_release(&f);
	free(sup);
	free(S);
	free(P.pt0);
	free(P.pg);
	free(P.pa);
	free(P.px);
	return added;
}

void master_rows(struct sched *s, struct master *m)
{
	const struct sp_config *cfg = &s->in->cfg;
	const struct sp_reqs *r = s->req;
	double dh = s->step / 3600.0;
	int G = s->ngroups, T = s->nint;

	m->lp = lp_new(s->opts->solver);
	m->nw = (s->ncells + 63) / 64 + 1;
	m->gmask = sp_xcalloc((size_t)G * m->nw, sizeof(uint64_t));
	for (int g = 0; g < G; g++)
		for (int i = 0; i < s->groups[g].ncells; i++) {
			int c = s->groups[g].cells[i];
			m->gmask[(size_t)g * m->nw + c / 64] |= 1ULL << (c % 64);
		}
	m->whole = sp_xmalloc((size_t)(T ? T : 1));
	memset(m->whole, 1, (size_t)(T ? T : 1));
	for (int g = 0; s->fixsup && g < G; g++)
		for (int t = 0; t < T; t++) {
			double v = s->fixsup[(size_t)g * T + t];
			if (fabs(v - round(v)) > 1e-9)
				m->whole[t] = 0;
		}
	m->ucol = sp_xmalloc((size_t)(T ? T : 1) * sizeof(int));
	m->cut_head = sp_xmalloc((size_t)(T ? T : 1) * sizeof(int));
	m->tcuts = sp_xcalloc((size_t)(T ? T : 1), sizeof(int));
	for (int j = 0; j < s->ncols; j++)
		if (s->cols[j].ncov > m->maxcov)
			m->maxcov = s->cols[j].ncov;
	uint64_t *all = sp_xcalloc((size_t)m->nw, sizeof(uint64_t));
	for (int t = 0; t < T; t++) {
		double total = 0;
		memset(all, 0, (size_t)m->nw * sizeof(uint64_t));
		for (int c = 0; c < s->ncells; c++)
			if (r->required[(size_t)c * T + t] > 1e-9) {
				total += r->required[(size_t)c * T + t];
				all[c / 64] |= 1ULL << (c % 64);
			}
		m->cut_head[t] = -1;
		m->ucol[t] = -1;
		if (total <= 0)
			continue;
		m->ucol[t] = lp_add_col(m->lp, cfg->understaffing_penalty * dh, 0, LP_INF, 0, 0, NULL, NULL);
		add_cut(s, m, t, all, NULL, 0, 0);   /* every cell: total supply */
	}
	free(all);
	int NW = s->nweeks;
	m->day_row = sp_xmalloc((size_t)G * s->ndays * NLEV * sizeof(int));
	m->hrs_row = sp_xmalloc((size_t)G * NLEV * NW * sizeof(int));
	m->days_row = sp_xmalloc((size_t)G * NLEV * NW * sizeof(int));
	m->slack = sp_xmalloc((size_t)G * NLEV * NW * sizeof(int));
	m->hcol = sp_xmalloc((size_t)G * sizeof(int));
	build_rest_templates(s, m);
	for (int j = 0; j < s->ncols; j++)
		if (m->col_rtn[j] > m->maxrtn)
			m->maxrtn = m->col_rtn[j];
	m->rest_row = sp_xmalloc((size_t)G * (m->nrt ? m->nrt : 1) * sizeof(int));
	int maxc = cfg->max_consecutive_days;
	m->ncw = s->ndays > maxc ? s->ndays - maxc : 0;
	m->cw_row = sp_xmalloc((size_t)G * (m->ncw ? m->ncw : 1) * sizeof(int));
	m->cwc_row = sp_xmalloc((size_t)G * maxc * sizeof(int));
	m->off_row = sp_xmalloc((size_t)G * s->ndays * sizeof(int));
	for (size_t i = 0; i < (size_t)G * s->ndays; i++)
		m->off_row[i] = -1; /* master_days_off, before the MIP */
	for (int g = 0; g < G; g++) {
		const struct sgroup *gr = &s->groups[g];
		for (int l = 0; l < NLEV; l++) {
			for (int d = 0; d < s->ndays; d++)
				m->day_row[((size_t)g * s->ndays + d) * NLEV + l] = -1;
			for (int w = 0; w < NW; w++) {
				size_t x = ((size_t)g * NLEV + l) * NW + w;
				m->hrs_row[x] = m->days_row[x] = m->slack[x] = -1;
			}
			if (gr->hypothetical) {
				if (l > 0)
					continue;
				for (int d = 0; d < s->ndays; d++)
					m->day_row[((size_t)g * s->ndays + d) * NLEV] = cap_row(s, m, g, 1);
				/* hired agents must reach min_hours only if hired:
				 * the aggregate keeps the upper limit (a relaxation) */
				for (int w = 0; w < NW; w++) {
					size_t x = (size_t)g * NLEV * NW + w;
					m->hrs_row[x] = cap_row(s, m, g, gr->sum_max_h / gr->n);
					if (gr->sum_max_days < (double)gr->n * sched_week_len(s, w))
						m->days_row[x] = cap_row(s, m, g, gr->sum_max_days / gr->n);
				}
				continue;
			}
			if (l >= gr->nlev)
				continue;
			for (int d = 0; d < s->ndays; d++)
				m->day_row[((size_t)g * s->ndays + d) * NLEV + l] =
					lp_add_row(m->lp, -LP_INF, gr->lev_n[l]);
			/* hours and days hold per week: a sum of each agent's
			 * own rows of that week */
			for (int w = 0; w < NW; w++) {
				size_t x = ((size_t)g * NLEV + l) * NW + w;
				m->hrs_row[x] = lp_add_row(m->lp, gr->lev_min_h[l], gr->lev_max_h[l]);
				if (gr->lev_min_h[l] > 0) {
					double one = 1.0;
					m->slack[x] = lp_add_col(m->lp, BIG_SLACK, 0, gr->lev_min_h[l], 0, 1,
								 &m->hrs_row[x], &one);
				}
				if (gr->lev_max_days[l] < gr->lev_n[l] * sched_week_len(s, w))
					m->days_row[x] = lp_add_row(m->lp, -LP_INF, gr->lev_max_days[l]);
			}
		}
		for (int k = 0; k < m->nrt; k++)
			m->rest_row[(size_t)g * m->nrt + k] = -1; /* added when violated */
		for (int w = 0; w < m->ncw; w++)
			m->cw_row[(size_t)g * m->ncw + w] = cap_row(s, m, g, maxc);
		/* The window of maxc + 1 days that ends on day maxc - 1 - k
		 * starts k + 1 days before the horizon: an agent who worked the
		 * r days before it in a row works at most maxc - min(r, k + 1)
		 * of its days inside the horizon.  Summed over the group; only
		 * where that says more than one shift a day does. */
		for (int k = 0; k < maxc; k++) {
			double cap = 0;
			int days = maxc - k < s->ndays ? maxc - k : s->ndays;
			m->cwc_row[(size_t)g * maxc + k] = -1;
			if (!s->any_carry_run || gr->hypothetical)
				continue;
			for (int i = 0; i < gr->n; i++) {
				int run = s->carry_run[gr->agents[i]];
				cap += maxc - (run < k + 1 ? run : k + 1);
			}
			if (cap < (double)gr->n * days - 1e-9)
				m->cwc_row[(size_t)g * maxc + k] = lp_add_row(m->lp, -LP_INF, cap);
		}
		close_group(s, m, g);
	}
	fit_scratch(s, m);
}

/* Nonzeros of column (g, col) in the rows shared by every wage level,
 * into m's scratch (a const master's scratch is still scratch); returns
 * the count. */
static int master_coefs(const struct sched *s, const struct master *m, int g, int col)
{
	int *rows = m->nzrow;
	double *vals = m->nzval;
	const struct scol *c = &s->cols[col];
	int n = 0;

	for (int i = 0; i < c->ncov; i++) {
		int t = s->cov_t[c->cov0 + i];
		for (int k = m->cut_head[t]; k >= 0; k = m->cut_next[k])
			if (meets(&m->gmask[(size_t)g * m->nw], &m->cut_mask[(size_t)k * m->nw], m->nw)) {
				rows[n] = m->cut_row[k];
				vals[n++] = sched_mir_coef(s->cov_f[c->cov0 + i], m->cut_coef[k]);
			}
	}
	for (int i = 0; i < m->col_rtn[col]; i++) {
		int row = m->rest_row[(size_t)g * m->nrt + m->col_rt[m->col_rt0[col] + i]];
		if (row >= 0) {
			rows[n] = row;
			vals[n++] = 1;
		}
	}
	int maxc = s->in->cfg.max_consecutive_days;
	for (int w = 0; w < m->ncw; w++)
		if (c->day >= w && c->day <= w + maxc) {
			rows[n] = m->cw_row[(size_t)g * m->ncw + w];
			vals[n++] = 1;
		}
	for (int k = 0; k < maxc && c->day <= maxc - 1 - k; k++)
		if (m->cwc_row[(size_t)g * maxc + k] >= 0) {
			rows[n] = m->cwc_row[(size_t)g * maxc + k];
			vals[n++] = 1;
		}
	if (m->off_row[(size_t)g * s->ndays + c->day] >= 0) {
		rows[n] = m->off_row[(size_t)g * s->ndays + c->day];
		vals[n++] = 1;
	}
	return n;
}

double master_dot(const struct sched *s, const struct master *m, int g, int col, const double *dual)
{
	int n = master_coefs(s, m, g, col);
	double dot = 0;

	for (int i = 0; i < n; i++)
		dot += m->nzval[i] * dual[m->nzrow[i]];
	return dot;
}

/* Nonzeros of column (g, col) in the contract rows of wage level l,
 * appended at rows + n; returns the new count. */
static int level_coefs(const struct sched *s, const struct master *m, int g, int col, int l,
		       int *rows, double *vals, int n)
{
	const struct scol *c = &s->cols[col];
	int lev = s->groups[g].hypothetical ? 0 : l;
	size_t gl = ((size_t)g * NLEV + (size_t)lev) * s->nweeks + (size_t)sched_week(s, c->day);

	rows[n] = m->day_row[((size_t)g * s->ndays + c->day) * NLEV + (size_t)lev];
	vals[n++] = 1;
	rows[n] = m->hrs_row[gl];
	vals[n++] = c->paid_min / 60.0;
	if (m->days_row[gl] >= 0) {
		rows[n] = m->days_row[gl];
		vals[n++] = 1;
	}
	return n;
}

/* The dual value of column (g, col) in the rows of wage level l. */
double master_level_dot(const struct sched *s, const struct master *m, int g, int col, int l,
			const double *dual)
{
	int rows[3];
	double vals[3], dot = 0;
	int n = level_coefs(s, m, g, col, l, rows, vals, 0);

	for (int i = 0; i < n; i++)
		dot += vals[i] * dual[rows[i]];
	return dot;
}

/* Splits group g's agents available for col into classes (holders of the
 * column in the baseline, free, preferring off) and wage levels, with each
 * copy's count and least cost: every agent costs at least its copy's price,
 * so the LP stays a bound. */
void master_copies(const struct sched *s, struct master *m, int g, int col)
{
	const struct sgroup *gr = &s->groups[g];
	size_t k = ((size_t)g * s->ncols + col) * NCOPY;
	double half = m->pen_change / 2;
	double hours = s->cols[col].wage_h;
	double minpen[NLEV];

	for (int c = 0; c < NCOPY; c++)
		m->ub[k + c] = 0;
	for (int l = 0; l < NLEV; l++)
		minpen[l] = HUGE_VAL;
	for (int i = 0; i < gr->n; i++) {
		int a = gr->agents[i], l = gr->agent_level[i];
		if (sched_blocked(s, a, col))
			continue;
		double p = sched_pref_hours(s, a, col);
		int cls = s->base_col && s->base_col[(size_t)a * s->ndays + s->cols[col].day] == col ? 0
			  : p > 0 ? 2 : 1;
		m->ub[k + cls * NLEV + l] += 1;
		if (cls == 2 && p < minpen[l])
			minpen[l] = p;
	}
	for (int l = 0; l < NLEV; l++) {
		double wage = l < gr->nlev ? gr->level_cost[l] * hours : 0;
		m->cost[k + l] = wage - half;
		m->cost[k + NLEV + l] = wage + half;
		m->cost[k + 2 * NLEV + l] = wage + half +
			(m->ub[k + 2 * NLEV + l] > 0 ? minpen[l] * s->in->cfg.preferred_off_penalty : 0);
	}
}

int master_add_x(const struct sched *s, struct master *m, size_t k)
{
	int g = (int)(k / NCOPY / s->ncols), j = (int)(k / NCOPY % s->ncols);
	int n = master_coefs(s, m, g, j);
	n = level_coefs(s, m, g, j, (int)(k % NCOPY) % NLEV, m->nzrow, m->nzval, n);
	m->xcol[k] = lp_add_col(m->lp, m->cost[k], 0, m->ub[k], 0, n, m->nzrow, m->nzval);
	SP_GROW(m->xlist, m->nxl + 1, m->capxl);
	m->xlist[m->nxl++] = k;
	return m->xcol[k];
}

/* Adds the rest rows the solution xv (aligned with m->xlist) violates;
 * returns how many. */
static int separate_rest(const struct sched *s, struct master *m, const double *xv,
			 const double *hv, double *acc)
{
	int added = 0;
	size_t nk = (size_t)s->ngroups * (m->nrt ? m->nrt : 1);

	if (m->nrt == 0)
		return 0;
	memset(acc, 0, nk * sizeof(double));
	for (size_t i = 0; i < m->nxl; i++) {
		size_t k = m->xlist[i];
		double v = xv[i];
		if (v <= 1e-9)
			continue;
		int g = (int)(k / NCOPY / s->ncols), j = (int)(k / NCOPY % s->ncols);
		for (int r = 0; r < m->col_rtn[j]; r++)
			acc[(size_t)g * m->nrt + m->col_rt[m->col_rt0[j] + r]] += v;
	}
	int *cols = NULL;
	double *vals = NULL;
	size_t cap = 0;
	for (int g = 0; g < s->ngroups; g++)
		for (int r = 0; r < m->nrt; r++) {
			size_t gi = (size_t)g * m->nrt + r;
			double capv = s->groups[g].hypothetical ? hv[g] : s->groups[g].n;
			if (m->rest_row[gi] >= 0 || acc[gi] <= capv + 1e-6)
				continue;
			int n = 0;
			for (size_t i = 0; i < m->nxl; i++) {
				size_t k = m->xlist[i];
				int gg = (int)(k / NCOPY / s->ncols), j = (int)(k / NCOPY % s->ncols);
				if (gg != g)
					continue;
				for (int q = 0; q < m->col_rtn[j]; q++)
					if (m->col_rt[m->col_rt0[j] + q] == r) {
						SP_GROW(cols, (size_t)n + 2, cap);
						vals = sp_xrealloc(vals, cap * sizeof(double));
						cols[n] = m->xcol[k];
						vals[n++] = 1;
					}
			}
			if (s->groups[g].hypothetical && m->hcol[g] >= 0) {
				SP_GROW(cols, (size_t)n + 2, cap);
				vals = sp_xrealloc(vals, cap * sizeof(double));
				cols[n] = m->hcol[g];
				vals[n++] = -1;
			}
			m->rest_row[gi] = lp_add_row_coefs(m->lp, -LP_INF,
							   s->groups[g].hypothetical ? 0 : s->groups[g].n,
							   n, cols, vals);
			added++;
		}
	free(cols);
	free(vals);
	return added;
}

void master_read_values(const struct sched *s, const struct master *m, int mip, struct mvals *v)
{
	double (*get)(const struct lp *, int) = mip ? lp_mip_value : lp_value;

	v->x = sp_xrealloc(v->x, (m->nxl + 1) * sizeof(double));
	v->u = sp_xrealloc(v->u, ((size_t)s->nint + 1) * sizeof(double));
	v->h = sp_xrealloc(v->h, ((size_t)s->ngroups + 1) * sizeof(double));
	for (size_t i = 0; i < m->nxl; i++)
		v->x[i] = get(m->lp, m->xcol[m->xlist[i]]);
	for (int t = 0; t < s->nint; t++)
		v->u[t] = m->ucol[t] >= 0 ? get(m->lp, m->ucol[t]) : 0;
	for (int g = 0; g < s->ngroups; g++)
		v->h[g] = m->hcol[g] >= 0 ? get(m->lp, m->hcol[g]) : 0;
}

void mvals_release(struct mvals *v)
{
	free(v->x);
	free(v->u);
	free(v->h);
}

/* Adds every rest and min-cut row that solution v violates; returns how many. */
int master_separate(const struct sched *s, struct master *m, const struct mvals *v, double *acc)
{
	return separate_rest(s, m, v->x, v->h, acc) + separate_cover(s, m, v->x, v->u);
}

void master_days_off(const struct sched *s, struct master *m)
{
	int k = s->in->cfg.min_consecutive_days_off, D = s->ndays, G = s->ngroups;
	int rows[8];
	double ones[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };

	if (k <= 0)
		return;
	/* the x copies in the LP, by group and day (a CSR list) */
	int *first = sp_xcalloc((size_t)G * D + 2, sizeof(int));
	int *col = sp_xmalloc((m->nxl + 1) * sizeof(int));
	double *one = sp_xmalloc((m->nxl + 1) * sizeof(double));
	for (size_t i = 0; i < m->nxl; i++) {
		size_t gc = m->xlist[i] / NCOPY;
		first[gc / s->ncols * D + s->cols[gc % s->ncols].day + 2]++;
	}
	for (int i = 2; i < G * D + 2; i++)
		first[i] += first[i - 1];
	for (size_t i = 0; i < m->nxl; i++) {
		size_t gc = m->xlist[i] / NCOPY;
		int at = first[gc / s->ncols * D + s->cols[gc % s->ncols].day + 1]++;
		col[at] = m->xcol[m->xlist[i]];
		one[at] = 1;
	}
	for (int g = 0; g < G; g++) {
		int n = s->groups[g].n;
		if (s->groups[g].hypothetical)
			continue; /* hiring: a relaxation without it */
		for (int w = 0; w < s->nweeks; w++) {
			int d0 = sched_week_first(s, w), len = sched_week_len(s, w);
			if (k > len)
				continue;
			rows[0] = lp_add_row(m->lp, n, LP_INF);
			for (int d = d0; d < d0 + len; d++) {
				size_t gd = (size_t)g * D + d;
				m->off_row[gd] = lp_add_row_coefs(m->lp, -LP_INF, n, first[gd + 1] - first[gd],
								  col + first[gd], one + first[gd]);
			}
			for (int d = d0; d + k <= d0 + len; d++) {
				for (int i = 0; i < k; i++)
					rows[1 + i] = m->off_row[(size_t)g * D + d + i];
				lp_add_col(m->lp, 0, 0, n, 1, k + 1, rows, ones);
			}
		}
	}
	free(first);
	free(col);
	free(one);
}
