/* lag_rows.c - the rounding rows the Lagrangian prices: which sets of
 * cells get one, in which intervals (lag_rows.h)
 */
#include "lag_rows.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void add_set(struct lag_rows *R, const struct sched *s, int t, const int *cells, int nc, double r,
		    int *cap, int *capc)
{
	if (R->M + 1 >= *cap) {
		*cap = *cap ? 2 * *cap : 1024;
		R->m_t = sp_xrealloc(R->m_t, (size_t)*cap * sizeof(int));
		R->m_f = sp_xrealloc(R->m_f, (size_t)*cap * sizeof(double));
		R->m_rhs = sp_xrealloc(R->m_rhs, (size_t)*cap * sizeof(double));
		R->m_c0 = sp_xrealloc(R->m_c0, ((size_t)*cap + 1) * sizeof(int));
		R->m_g0 = sp_xrealloc(R->m_g0, ((size_t)*cap + 1) * sizeof(int));
	}
	int m = R->M++, nc0 = R->m_c0[m], ng0 = R->m_g0[m];
	R->m_t[m] = t;
	R->m_f[m] = r - floor(r);
	R->m_rhs[m] = R->m_f[m] * ceil(r);
	if (nc0 + nc > *capc || ng0 + s->ngroups > *capc) {
		while (nc0 + nc > *capc || ng0 + s->ngroups > *capc)
			*capc = *capc ? 2 * *capc : 4096;
		R->m_cell = sp_xrealloc(R->m_cell, (size_t)*capc * sizeof(int));
		R->m_grp = sp_xrealloc(R->m_grp, (size_t)*capc * sizeof(int));
	}
	memcpy(&R->m_cell[nc0], cells, (size_t)nc * sizeof(int));
	R->m_c0[m + 1] = nc0 + nc;
	int ng = ng0;
	for (int g = 0; g < s->ngroups; g++) {
		int meets = 0;
		for (int i = 0; i < nc && !meets; i++)
			meets = s->agent_cell[(size_t)s->groups[g].agents[0] * s->ncells + cells[i]];
		if (meets)
			R->m_grp[ng++] = g;
	}
	R->m_g0[m + 1] = ng;
}

/* The rounding row of interval t for the cells with a requirement there
 * whose queue (by 0) or language (by 1) is key, or all of them (by 2),
 * when there are two or more and they need a fractional number of
 * agents.  cells: room for every cell. */
static void add_cells_set(struct lag_rows *R, const struct sched *s, int t, int by, int key, int *cells,
			  int *cap, int *capc)
{
	int nc = 0;
	double r = 0;

	for (int c = 0; c < s->ncells; c++) {
		double rc = s->req->required[(size_t)c * s->nint + t];
		int k = by == 0 ? s->req->cells[c].queue : by == 1 ? s->req->cells[c].lang : key;
		if (k == key && rc > 1e-9) {
			cells[nc++] = c;
			r += rc;
		}
	}
	if (nc >= 2 && r - floor(r) > 1e-6 && ceil(r) - r > 1e-6)
		add_set(R, s, t, cells, nc, r, cap, capc);
}

/* The rows of each group in the intervals some column covers in part
 * (part[t]): R->p_r0, R->p_row. */
static void index_parts(struct lag_rows *R, const struct sched *s, const unsigned char *part)
{
	int T = s->nint;
	size_t GT = (size_t)s->ngroups * T;

	R->p_r0 = sp_xcalloc(GT + 2, sizeof(int));
	for (int m = 0; m < R->M; m++)
		for (int i = R->m_g0[m]; part[R->m_t[m]] && i < R->m_g0[m + 1]; i++)
			R->p_r0[(size_t)R->m_grp[i] * T + R->m_t[m] + 2]++;
	for (size_t i = 2; i < GT + 2; i++)
		R->p_r0[i] += R->p_r0[i - 1];
	R->p_row = sp_xmalloc(((size_t)R->p_r0[GT + 1] + 1) * sizeof(int));
	for (int m = 0; m < R->M; m++)
		for (int i = R->m_g0[m]; part[R->m_t[m]] && i < R->m_g0[m + 1]; i++)
			R->p_row[R->p_r0[(size_t)R->m_grp[i] * T + R->m_t[m] + 1]++] = m;
}

/* Rows in every interval but where a previous shift still running makes
 * the on-duty count fractional; an agent on duty for part of an interval
 * enters with its own coefficient (sched_mir_coef).  The queues' and the
 * desk's rows, and any in intervals some column covers in part (wide, the
 * slow rule's): the first raised bench L's bound by 0.02 %, and under the
 * fast rule they kept bench M's Lagrangian from converging near its LP
 * (docs/MODEL.md); the last, in every interval of bench M with shifts on
 * the half hour, left its fast rule 1.3 % lower when it gave way to the
 * slow rule. */
void lag_rows_build(struct lag_rows *R, const struct sched *s, const int *fix_t, const double *fix_v, int nfix,
		    int wide)
{
	const double *req = s->req->required;
	int T = s->nint, C = s->ncells;
	unsigned char *whole = sp_xmalloc((size_t)T + 1);
	int *cells = sp_xmalloc(((size_t)C + 1) * sizeof(int));
	unsigned char *part = sp_xcalloc((size_t)T + 1, 1);
	int cap = 0, capc = 0;

	memset(R, 0, sizeof(*R));
	memset(whole, 1, (size_t)T + 1);
	for (int i = 0; i < s->ncov; i++)
		if (s->cov_f[i] < 1 - 1e-9)
			part[s->cov_t[i]] = 1;
	/* the previous shifts are constants of the row, and a fractional
	 * constant would change its rounding */
	for (int i = 0; i < nfix; i++)
		if (fabs(fix_v[i] - round(fix_v[i])) > 1e-9)
			whole[fix_t[i]] = 0;
	R->m_c0 = sp_xcalloc(1, sizeof(int));
	R->m_g0 = sp_xcalloc(1, sizeof(int));
	for (int t = 0; t < T; t++) {
		if (!whole[t] || (part[t] && !wide))
			continue;
		for (int c = 0; c < C; c++) {
			double r = req[(size_t)c * T + t];
			if (r > 1e-9 && r - floor(r) > 1e-6 && ceil(r) - r > 1e-6)
				add_set(R, s, t, &c, 1, r, &cap, &capc);
		}
		for (int lang = 0; lang < s->in->nlangs; lang++)
			add_cells_set(R, s, t, 1, lang, cells, &cap, &capc);
		for (int q = 0; wide && q < s->in->cfg.nqueues; q++)
			add_cells_set(R, s, t, 0, q, cells, &cap, &capc);
		if (wide)
			add_cells_set(R, s, t, 2, 0, cells, &cap, &capc);
	}
	index_parts(R, s, part);
	free(whole);
	free(part);
	free(cells);
}

void lag_rows_release(struct lag_rows *R)
{
	free(R->m_t);
	free(R->m_f);
	free(R->m_rhs);
	free(R->m_c0);
	free(R->m_cell);
	free(R->m_g0);
	free(R->m_grp);
	free(R->p_r0);
	free(R->p_row);
}

int lag_rows_same(const struct lag_rows *x, int a, const struct lag_rows *y, int b)
{
	int n = x->m_c0[a + 1] - x->m_c0[a];

	return x->m_t[a] == y->m_t[b] && n == y->m_c0[b + 1] - y->m_c0[b] &&
	       !memcmp(&x->m_cell[x->m_c0[a]], &y->m_cell[y->m_c0[b]], (size_t)n * sizeof(int));
}
