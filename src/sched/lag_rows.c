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

/* Rows only where every column covers interval t wholly or not at all
 * (on-duty counts are then whole).  The queues' and the desk's rows
 * (wide, the slow rule's) raised bench L's bound by 0.02 %; under the
 * fast rule they kept bench M's Lagrangian from converging near its LP
 * (docs/MODEL.md). */
void lag_rows_build(struct lag_rows *R, const struct sched *s, const int *fix_t, const double *fix_v, int nfix,
		    int wide)
{
	const double *req = s->req->required;
	int T = s->nint, C = s->ncells;
	unsigned char *whole = sp_xmalloc((size_t)T + 1);
	int *cells = sp_xmalloc(((size_t)C + 1) * sizeof(int));
	int cap = 0, capc = 0;

	memset(R, 0, sizeof(*R));
	memset(whole, 1, (size_t)T + 1);
	for (int i = 0; i < s->ncov; i++)
		if (s->cov_f[i] < 1 - 1e-9)
			whole[s->cov_t[i]] = 0;
	/* a previous shift that covers part of an interval makes its count
	 * fractional too */
	for (int i = 0; i < nfix; i++)
		if (fabs(fix_v[i] - round(fix_v[i])) > 1e-9)
			whole[fix_t[i]] = 0;
	R->m_c0 = sp_xcalloc(1, sizeof(int));
	R->m_g0 = sp_xcalloc(1, sizeof(int));
	for (int t = 0; t < T; t++) {
		if (!whole[t])
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
	free(whole);
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
}

int lag_rows_same(const struct lag_rows *x, int a, const struct lag_rows *y, int b)
{
	int n = x->m_c0[a + 1] - x->m_c0[a];

	return x->m_t[a] == y->m_t[b] && n == y->m_c0[b + 1] - y->m_c0[b] &&
	       !memcmp(&x->m_cell[x->m_c0[a]], &y->m_cell[y->m_c0[b]], (size_t)n * sizeof(int));
}
