/* search_move.c - the local search's moves: staging them, pricing them
 * exactly, keeping or undoing them (search_draw.c draws them)
 *
 * Every move is priced exactly: wages, penalties, and the understaffing of
 * the intervals it touches.  Each interval keeps its max-flow allocation of
 * the groups' on-duty supply (intervals are independent of each other),
 * and a move only repairs it with a few augmenting paths (flow.c).  A move
 * is staged slot by slot, priced once, then kept or undone; the annealing
 * step (ls_anneal_step) is the hot path of the whole solver.
 */
#include "search_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void add_supply(struct ls *L, int g, int col, double sign)
{
	const struct sched *s = L->s;
	const struct scol *c = &s->cols[col];
	for (int i = 0; i < c->ncov; i++) {
		int t = s->cov_t[c->cov0 + i];
		L->dsup[(size_t)g * s->nint + t] += sign * s->cov_f[c->cov0 + i];
		if (!L->mark[t]) {
			L->mark[t] = 1;
			L->touched[L->ntouched++] = t;
		}
	}
}

/* A move is staged slot by slot (mv_set), priced once over every interval
 * it touches (mv_price), then kept (mv_commit) or undone (mv_rollback).
 * mv_set only writes the slot: most draws break a rule and are undone at
 * once, so their supply and wages are counted (mv_supply) only when the
 * move is priced. */
void mv_set(struct ls *L, int a, int d, int col)
{
	struct sched *s = L->s;
	int *slot = &s->assign[(size_t)a * s->ndays + d];
	int old = *slot;

	if (old == col)
		return;
	L->undo[L->nundo][0] = a;
	L->undo[L->nundo][1] = d;
	L->undo[L->nundo][2] = old;
	L->undo[L->nundo][3] = col;
	L->nundo++;
	if (s->in->agents[a].hypothetical) {
		/* the hire cost follows the days worked as they are now */
		int days = 0;
		for (int x = 0; x < s->ndays; x++)
			days += s->assign[(size_t)a * s->ndays + x] >= 0;
		int after = days - (old >= 0) + (col >= 0);
		L->mdelta += s->hire_cost * ((after > 0) - (days > 0));
	}
	*slot = col;
}

/* Counts the slots set since the last call into dsup (supply change per
 * group and interval, and the touched intervals) and mdelta (wages and
 * penalties). */
static void mv_supply(struct ls *L)
{
	const struct sched *s = L->s;
	double cp = s->in->cfg.change_penalty;

	for (; L->nsupplied < L->nundo; L->nsupplied++) {
		const int *u = L->undo[L->nsupplied];
		int a = u[0], d = u[1], old = u[2], col = u[3], g = s->agent_group[a];
		if (old >= 0) {
			add_supply(L, g, old, -1);
			L->mdelta -= sched_col_cost(s, a, old);
		}
		if (col >= 0) {
			add_supply(L, g, col, +1);
			L->mdelta += sched_col_cost(s, a, col);
		}
		L->mdelta += cp * (sched_change(s, a, d, col) - sched_change(s, a, d, old));
	}
}

/* The groups whose supply the staged move changes (one, or two for a
 * transfer between groups) into L->grp; returns how many. */
static int mv_groups(struct ls *L)
{
	int ng = 0;

	for (int k = 0; k < L->nundo; k++) {
		int g = L->s->agent_group[L->undo[k][0]], seen = 0;
		for (int i = 0; i < ng; i++)
			seen |= L->grp[i] == g;
		if (!seen)
			L->grp[ng++] = g;
	}
	return ng;
}

/* The least the staged move can change the objective by, without
 * repairing a flow.  In each interval the supply it adds removes at most
 * as much understaffing as there is, and none where nothing is taken
 * away and no group that gains has a path to a short cell (flow_gains);
 * the flow can give the cells no more than the supply left, and where one
 * group only loses supply, what no spare time can replace is lost
 * (flow_loss).  A move that costs more than the annealing would take
 * anyway needs no pricing. */
static double mv_floor(struct ls *L)
{
	const struct sched *s = L->s;
	double under = 0;

	mv_supply(L);
	int ng = mv_groups(L);

	for (int i = 0; i < L->ntouched; i++) {
		int t = L->touched[i], lost = -1;
		double add = 0, tot = L->tot[t];
		for (int k = 0; k < ng; k++) {
			double x = L->dsup[(size_t)L->grp[k] * s->nint + t];
			add += fmax(0, x);
			tot += x;
			if (x < -1e-12)
				lost = lost == -1 ? L->grp[k] : -2;
		}
		if (lost == -1 && add > 0 && L->under[t] > 0) {
			int path = 0;
			for (int k = 0; k < ng && !path; k++)
				path = L->dsup[(size_t)L->grp[k] * s->nint + t] > 1e-12 &&
				       flow_gains(&L->f, t, L->grp[k]);
			if (!path)
				add = 0;
		}
		double u = fmax(-fmin(add, L->under[t]), L->req[t] - L->under[t] - tot - 1e-9);
		if (lost >= 0 && add == 0)
			u = fmax(u, flow_loss(&L->f, t, lost, L->dsup[(size_t)lost * s->nint + t]) - 1e-9);
		under += u;
	}
	return L->mdelta + s->in->cfg.understaffing_penalty * under * s->step / 3600.0;
}

/* Objective change of the staged move; the understaffing it leaves is
 * stored (mv_rollback restores it). */
static double mv_price(struct ls *L)
{
	const struct sched *s = L->s;

	mv_supply(L);
	double delta = L->mdelta;
	int *grp = L->grp, ng = mv_groups(L);

	for (int i = 0; i < L->ntouched; i++) {
		int t = L->touched[i], one = -1, n = 0;
		double u = L->under[t];
		L->saved[i] = u;
		L->dgrp[i] = -1;
		for (int k = 0; k < ng; k++)
			if (fabs(L->dsup[(size_t)grp[k] * s->nint + t]) > 1e-12) {
				one = grp[k];
				n++;
			}
		double x1 = n == 1 ? L->dsup[(size_t)one * s->nint + t] : 0;
		struct dcache *e = n == 1 ? &L->dc[((size_t)t * s->ngroups + one) * 2 + (x1 > 0)] : NULL;
		if (e && e->ver == L->ver[t] && e->x == x1) {
			u += e->du;
			L->dgrp[i] = one;
		} else {
			for (int k = 0; k < ng; k++) {
				double x = L->dsup[(size_t)grp[k] * s->nint + t];
				if (fabs(x) > 1e-12)
					u = flow_add(&L->f, t, grp[k], x);
			}
			if (e) {
				e->x = x1;
				e->du = u - L->under[t];
				e->ver = L->ver[t];
			}
		}
		delta += s->in->cfg.understaffing_penalty * (u - L->under[t]) * s->step / 3600.0;
		L->under[t] = u;
	}
	L->npriced = L->ntouched;
	return delta;
}

static void mv_clear(struct ls *L)
{
	const struct sched *s = L->s;

	for (int i = 0; i < L->ntouched; i++) {
		L->mark[L->touched[i]] = 0;
		for (int k = 0; k < L->nundo; k++)
			L->dsup[(size_t)s->agent_group[L->undo[k][0]] * s->nint + L->touched[i]] = 0;
	}
	L->ntouched = L->npriced = L->nundo = L->nsupplied = 0;
	L->mdelta = 0;
}

/* Keeps the staged move, once priced: its supply change, in dsup, goes
 * into sup and tot only now, so that a move not kept leaves them
 * untouched (and a second searcher never sees a move that is only being
 * drawn). */
static void mv_commit(struct ls *L)
{
	const struct sched *s = L->s;
	int ng = mv_groups(L);

	for (int i = 0; i < L->ntouched; i++) {
		int t = L->touched[i], g = L->dgrp[i];
		for (int k = 0; k < ng; k++) {
			size_t x = (size_t)L->grp[k] * s->nint + t;
			L->sup[x] += L->dsup[x];
			L->tot[t] += L->dsup[x];
		}
		/* priced from dc: the flow is repaired now */
		if (g >= 0)
			L->under[t] = flow_add(&L->f, t, g, L->dsup[(size_t)g * s->nint + t]);
		L->ver[t]++;
	}
	flow_commit(&L->f);
	mv_clear(L);
}

void mv_rollback(struct ls *L)
{
	struct sched *s = L->s;

	for (int i = L->nundo - 1; i >= 0; i--)
		s->assign[(size_t)L->undo[i][0] * s->ndays + L->undo[i][1]] = L->undo[i][2];
	for (int i = 0; i < L->npriced; i++)
		L->under[L->touched[i]] = L->saved[i];
	flow_undo(&L->f);
	mv_clear(L);
}

/* Objective change of agent a working col (-1: none) on day d instead of
 * what it works now; applies the move when keep != 0. */
double ls_try_move(struct ls *L, int a, int d, int col, int keep)
{
	mv_set(L, a, d, col);
	double delta = mv_price(L);
	if (keep)
		mv_commit(L);
	else
		mv_rollback(L);
	return delta;
}

int ls_move_allowed(struct sched *s, int a, int d, int col, int need_min)
{
	int *slot = &s->assign[(size_t)a * s->ndays + d];
	int old = *slot;

	if (col >= 0 && sched_blocked(s, a, col))
		return 0;
	*slot = col;
	int bad = need_min ? sched_check_agent(s, a, NULL, 0)
			   : sched_check_change(s, a, (uint64_t)1 << d, NULL, NULL, 0);
	*slot = old;
	return !bad;
}

/* Does the staged move keep agent a's roster within every rule it can
 * break (min_hours too, but a week already short of it may stay short
 * when it loses nothing)?  Only the days the move changed for a and the
 * weeks they lie in are read: a horizon of four weeks costs a move what
 * one week does. */
int moved_ok(const struct ls *L, int a)
{
	const struct sched *s = L->s;
	int added[(SCHED_MAX_DAYS + 6) / 7];
	unsigned seen = 0;
	uint64_t days = 0;

	for (int k = 0; k < L->nundo; k++) {
		const int *u = L->undo[k];
		if (u[0] != a)
			continue;
		int w = sched_week(s, u[1]);
		if (!(seen >> w & 1)) {
			seen |= 1u << w;
			added[w] = 0;
		}
		added[w] += (u[3] >= 0 ? s->cols[u[3]].paid_min : 0) - (u[2] >= 0 ? s->cols[u[2]].paid_min : 0);
		days |= (uint64_t)1 << u[1];
	}
	return !sched_check_change(s, a, days, added, NULL, 0);
}

/* Stages agent a's week re-planned against the rest of the roster: each
 * column earns the understaffing it would remove were a's own shifts
 * gone (per interval, by max-flow, one agent more of a's group), and the
 * best week at those earnings (week.c) replaces a's.  A move that single
 * shifts cannot make: where every agent works its max_days, the days
 * themselves have to change, several at a time.  Returns 0 when the week
 * is a's own or breaks a rule.  Nothing may be staged before: its probes
 * of the flows end in flow_undo, which undoes every logged change. */
static int stage_week(struct ls *L, int a)
{
	struct sched *s = L->s;
	int T = s->nint, D = s->ndays, g = s->agent_group[a];
	double P = s->in->cfg.understaffing_penalty * s->step / 3600.0;
	int *wk = &s->assign[(size_t)a * D];

	if (s->in->agents[a].hypothetical)
		return 0;
	for (int d = 0; d < D; d++) {
		if (wk[d] < 0)
			continue;
		const struct scol *c = &s->cols[wk[d]];
		for (int i = 0; i < c->ncov; i++)
			L->own[s->cov_t[c->cov0 + i]] += s->cov_f[c->cov0 + i];
	}
	for (int t = 0; t < T; t++) {
		double own = L->own[t], u0 = L->under[t];
		L->gain[t] = 0;
		if (own <= 0 && u0 <= 0)
			continue;
		if (own > 0)
			u0 = flow_add(&L->f, t, g, -own);
		if (u0 > 0)
			L->gain[t] = u0 - flow_add(&L->f, t, g, 1);
		flow_undo(&L->f);
		L->own[t] = 0;
	}
	for (int j = 0; j < s->ncols; j++) {
		const struct scol *c = &s->cols[j];
		double v = 0;
		for (int i = 0; i < c->ncov; i++)
			v += s->cov_f[c->cov0 + i] * L->gain[s->cov_t[c->cov0 + i]];
		L->colv[j] = P * v;
	}
	if (week_best(L->wdp, a, L->colv, L->wk) == HUGE_VAL)
		return 0;
	week_fix(s, a, L->colv, L->wk);
	if (!memcmp(L->wk, wk, (size_t)D * sizeof(int)))
		return 0;
	for (int d = 0; d < D; d++)
		mv_set(L, a, d, L->wk[d]);
	if (moved_ok(L, a))
		return 1;
	mv_rollback(L);
	return 0;
}

/* Agent a's week re-planned when that lowers the objective; returns 1
 * when it did. */
int ls_replan_week(struct ls *L, int a)
{
	if (!stage_week(L, a))
		return 0;
	if (mv_price(L) < -1e-6) {
		mv_commit(L);
		return 1;
	}
	mv_rollback(L);
	return 0;
}

/* Locks every interval the staged move touches, all behind one fence; 0
 * when the other searcher holds one. */
static int mv_lock(struct ls *L)
{
	mv_supply(L);
	if (!L->duo)
		return 1;
	int first = L->nheld;
	for (int i = 0; i < L->ntouched; i++)
		raise_flag(L, -1 - L->touched[i]);
	if (L->nheld == first)
		return 1;
	atomic_thread_fence(memory_order_seq_cst);
	for (int i = first; i < L->nheld; i++)
		if (!took(L, L->held[i]))
			return 0;
	return 1;
}

/* Supply and understaffing recomputed from s->assign. */
void ls_sync(struct ls *L)
{
	/* in place: a second searcher shares the array */
	double *sup = sched_group_supply(L->s);
	if (L->sup) {
		memcpy(L->sup, sup, (size_t)L->s->ngroups * L->s->nint * sizeof(double));
		free(sup);
	} else {
		L->sup = sup;
	}
	for (int t = 0; t < L->s->nint; t++) {
		L->under[t] = flow_solve(&L->f, L->s, L->sup, t, t);
		L->ver[t]++;
		L->tot[t] = 0;
		for (int g = 0; g < L->s->ngroups; g++)
			L->tot[t] += L->sup[(size_t)g * L->s->nint + t];
	}
}

void ls_init(struct ls *L, struct sched *s)
{
	memset(L, 0, sizeof(*L));
	L->s = s;
	L->under = sp_xcalloc((size_t)s->nint + 1, sizeof(double));
	L->tot = sp_xcalloc((size_t)s->nint + 1, sizeof(double));
	L->req = sp_xcalloc((size_t)s->nint + 1, sizeof(double));
	for (int c = 0; c < s->ncells; c++)
		for (int t = 0; t < s->nint; t++)
			L->req[t] += s->req->required[(size_t)c * s->nint + t];
	L->saved = sp_xcalloc((size_t)s->nint + 1, sizeof(double));
	L->undo = sp_xmalloc(((size_t)s->ndays + 2) * sizeof(*L->undo));
	L->grp = sp_xmalloc(((size_t)s->ndays + 2) * sizeof(int));
	L->touched = sp_xmalloc(((size_t)s->nint + 1) * sizeof(int));
	L->mark = sp_xcalloc((size_t)s->nint + 1, 1);
	L->dsup = sp_xcalloc((size_t)s->ngroups * s->nint + 1, sizeof(double));
	L->dc = sp_xcalloc((size_t)s->nint * s->ngroups * 2 + 1, sizeof(*L->dc));
	L->ver = sp_xmalloc(((size_t)s->nint + 1) * sizeof(unsigned));
	for (int t = 0; t <= s->nint; t++)
		L->ver[t] = 1; /* dc's zeroed entries are not valid */
	L->dgrp = sp_xmalloc(((size_t)s->nint + 1) * sizeof(int));
	/* a lock is held at most once: room for every agent and interval */
	L->held = sp_xmalloc(((size_t)s->in->nagents + s->nint + 1) * sizeof(int));
	flow_init(&L->f, s, s->nint);
	L->wdp = week_dp_create(s);
	L->gain = sp_xcalloc((size_t)s->nint + 1, sizeof(double));
	L->own = sp_xcalloc((size_t)s->nint + 1, sizeof(double));
	L->colv = sp_xcalloc((size_t)s->ncols + 1, sizeof(double));
	L->wk = sp_xcalloc((size_t)s->ndays + 1, sizeof(int));
	ls_sync(L);
	/* agents per cell and columns per interval, for the aimed moves */
	int C = s->ncells, T = s->nint, n = s->in->nagents;
	L->ca0 = sp_xcalloc((size_t)C + 2, sizeof(int));
	for (int a = 0; a < n; a++)
		for (int c = 0; c < C; c++)
			L->ca0[c + 1] += s->agent_cell[(size_t)a * C + c];
	for (int c = 0; c < C; c++)
		L->ca0[c + 1] += L->ca0[c];
	L->ca = sp_xmalloc(((size_t)L->ca0[C] + 1) * sizeof(int));
	int *fill = sp_xcalloc((size_t)(C > T ? C : T) + 1, sizeof(int));
	for (int a = 0; a < n; a++)
		for (int c = 0; c < C; c++)
			if (s->agent_cell[(size_t)a * C + c])
				L->ca[L->ca0[c] + fill[c]++] = a;
	L->tc0 = sp_xcalloc((size_t)T + 2, sizeof(int));
	for (int i = 0; i < s->ncov; i++)
		L->tc0[s->cov_t[i] + 1]++;
	for (int x = 0; x < T; x++)
		L->tc0[x + 1] += L->tc0[x];
	L->tc = sp_xmalloc(((size_t)L->tc0[T] + 1) * sizeof(int));
	memset(fill, 0, ((size_t)(C > T ? C : T) + 1) * sizeof(int));
	for (int j = 0; j < s->ncols; j++)
		for (int p = 0; p < s->cols[j].ncov; p++) {
			int x = s->cov_t[s->cols[j].cov0 + p];
			L->tc[L->tc0[x] + fill[x]++] = j;
		}
	free(fill);
}

/* One draw of the annealing at temperature T: the move is kept when it
 * costs at most what this draw of the Metropolis rule allows
 * (exp(-delta / T) > u), so a move that cannot cost less than that is not
 * priced.  Returns 1 and its objective change in *delta when kept. */
int ls_anneal_step(struct ls *L, struct sp_rng *r, double T, double *delta)
{
	int kept = 0;

	if (ls_draw_move(L, r)) {
		double u = sp_rng_unit(r), allow = u > 0 ? fmax(1e-9, -T * log(u)) : HUGE_VAL;
		if (!mv_lock(L) || mv_floor(L) > allow || (*delta = mv_price(L)) > allow) {
			mv_rollback(L);
		} else {
			mv_commit(L);
			kept = 1;
		}
	}
	if (L->duo)
		let_go(L, 0);
	return kept;
}

void ls_release(struct ls *L)
{
	flow_release(&L->f);
	free(L->sup);
	free(L->under);
	free(L->tot);
	free(L->req);
	free(L->saved);
	free(L->undo);
	free(L->grp);
	free(L->touched);
	free(L->mark);
	free(L->dsup);
	free(L->dc);
	free(L->ver);
	free(L->dgrp);
	free(L->held);
	week_dp_destroy(L->wdp);
	free(L->gain);
	free(L->own);
	free(L->colv);
	free(L->wk);
	free(L->ca0);
	free(L->ca);
	free(L->tc0);
	free(L->tc);
}
