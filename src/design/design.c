/* design.c - the minimum shift design problem and its candidate model
 *
 * The problem (design.h) is a requirement curve plus shift types and
 * weights; the model (design_int.h) is every (start, length) on the slot
 * grid inside a shift type's windows, started on each allowed day.  Here
 * are the problem's checks, the model's construction and the evaluation of
 * a design; design_solve.c searches, design_io.c reads and writes.
 */
#include "design_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

static int cand_cmp(const void *a, const void *b)
{
	const struct dcand *x = a, *y = b;
	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return x->n < y->n ? -1 : x->n > y->n;
}

void dmodel_release(struct dmodel *m)
{
	if (!m)
		return;
	free(m->c);
	free(m->v);
	free(m->ncover);
	memset(m, 0, sizeof(*m));
}

void dmodel_build(struct dmodel *m, const struct design_problem *p)
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
				int t = dmodel_slot(m, &v, j);
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
			int t = dmodel_slot(m, &m->v[i], j);
			if (t < 0)
				break;
			m->ncover[t]++;
		}
}

void dmodel_cover(const struct dmodel *m, const int *x, int *cov)
{
	memset(cov, 0, sizeof(int) * (size_t)m->p->nslots);
	for (int i = 0; i < m->nv; i++)
		for (int j = 0; x[i] && j < m->c[m->v[i].k].n; j++) {
			int t = dmodel_slot(m, &m->v[i], j);
			if (t < 0)
				break;
			cov[t] += x[i];
		}
}

/* Person-slots short and over of coverage cov. */
static void deviation(const struct design_problem *p, const int *cov, long *sh, long *ov)
{
	*sh = *ov = 0;
	for (int t = 0; t < p->nslots; t++) {
		if (cov[t] < p->req[t])
			*sh += p->req[t] - cov[t];
		else
			*ov += cov[t] - p->req[t];
	}
}

static double weigh(const struct design_problem *p, long short_min, long over_min, int used)
{
	return p->w_short * (double)short_min + p->w_over * (double)over_min + p->w_shifts * used;
}

int dmodel_count_used(const struct dmodel *m, const int *x)
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

double dmodel_objective(const struct dmodel *m, const int *x, long *shortp, long *overp,
			int *usedp)
{
	const struct design_problem *p = m->p;
	int *cov = sp_xmalloc(sizeof(int) * (size_t)p->nslots);
	int used = dmodel_count_used(m, x);
	long sh, ov;

	dmodel_cover(m, x, cov);
	deviation(p, cov, &sh, &ov);
	free(cov);
	if (shortp)
		*shortp = sh * p->slot;
	if (overp)
		*overp = ov * p->slot;
	if (usedp)
		*usedp = used;
	return weigh(p, sh * p->slot, ov * p->slot, used);
}

int design_point_delta(const struct design_problem *p, int t)
{
	int prev;
	if (t == 0)
		prev = p->cyclic ? p->req[p->nslots - 1] : 0;
	else
		prev = p->req[t - 1];
	return p->req[t] - prev;
}

/* ----------------------------------------------------------------- result */

static int shift_cmp(const void *a, const void *b)
{
	const struct design_shift *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->length < y->length ? -1 : x->length > y->length;
}

void dmodel_result(const struct dmodel *m, const int *x, struct design_result *r)
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


void design_evaluate(const struct design_problem *p, struct design_result *r)
{
	int spd = 1440 / p->slot;
	int *cov = sp_xcalloc((size_t)p->nslots, sizeof(int));
	long sh, ov;
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
	deviation(p, cov, &sh, &ov);
	free(cov);
	r->shortage = sh * p->slot;
	r->excess = ov * p->slot;
	r->shifts_used = used;
	r->objective = weigh(p, r->shortage, r->excess, used);
}

void design_result_release(struct design_result *r)
{
	if (!r)
		return;
	free(r->shifts);
	memset(r, 0, sizeof(*r));
}
