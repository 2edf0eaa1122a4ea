/* search.c - local search on a roster: exact incremental moves
 *
 * Every move is priced exactly: wages, penalties, and the understaffing of
 * the intervals it touches.  Each interval keeps its max-flow allocation of
 * the groups' on-duty supply (intervals are independent of each other),
 * and a move only repairs it with a few augmenting paths.  A
 * first-improvement descent finds a local optimum; simulated annealing then
 * crosses the plateaus the descent stops on.
 */
#include "sched_int.h"
#include "staffplan/rng.h"

#include <math.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct duo;

/* What a change x of one group's supply did to an interval's
 * understaffing (du), valid while the interval's committed flow is the
 * one it was priced on (ver). */
struct dcache {
	double x, du;
	unsigned ver;
};

struct ls {
	struct sched *s;
	double *sup;     /* [g*nint + t] on-duty supply */
	double *under;   /* [t] understaffing (agents) */
	double *tot;     /* [t]: on-duty supply of all groups */
	double *req;     /* [t]: requirement of all cells */
	struct flow f;   /* state t: interval t's allocation */
	int *touched; int ntouched;
	unsigned char *mark;
	double *saved;   /* [nint]: understaffing before the move being priced */
	/* the staged move: slots set ({agent, day, old, new}, at most
	 * ndays + 2), how many of them mv_supply has counted into dsup and
	 * mdelta, wage and penalty change, and how many touched intervals
	 * mv_price has re-flowed */
	int (*undo)[4], nundo, nsupplied, npriced;
	int *grp;        /* [ndays + 2]: mv_price's distinct groups */
	double mdelta;
	int *ca0, *ca;   /* agents serving cell c: ca[ca0[c] .. ca0[c+1]) */
	int *tc0, *tc;   /* columns on duty in interval t: tc[tc0[t] .. tc0[t+1]) */
	double *dsup;    /* [g*nint + t]: supply change of the staged move,
			  * added to sup and tot when it is kept */
	/* Most moves change one group's supply in an interval, and the same
	 * change of the same group is priced again and again between two
	 * kept moves there: dc remembers its effect, per sign, and a move
	 * priced from it repairs the flow only when it is kept.  Shared by
	 * both searchers, as the flows are. */
	struct dcache *dc; /* [(t*ngroups + g)*2 + (x > 0)] */
	unsigned *ver;   /* [t]: raised whenever interval t's flow changes */
	int *dgrp;       /* [i]: the group whose change touched interval i was
			  * priced from dc (flow not repaired), else -1 */
	/* two searchers (struct duo): this one's id and the locks it holds
	 * for the move it draws (agent a as a, interval t as -1 - t) */
	struct duo *duo; /* NULL when searching alone */
	int me, *held, nheld;
	/* week re-planning (stage_week) */
	struct week_dp *wdp;
	double *gain;    /* [t]: understaffing one more agent of the group removes */
	double *own;     /* [t]: the agent's own on-duty time */
	double *colv;    /* [col]: what the column earns */
	int *wk;         /* [ndays]: the week planned */
};

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
static void mv_set(struct ls *L, int a, int d, int col)
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
		L->mdelta += s->in->cfg.hire_cost_per_week * ((after > 0) - (days > 0));
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

static void mv_rollback(struct ls *L)
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
static double try_move(struct ls *L, int a, int d, int col, int keep)
{
	mv_set(L, a, d, col);
	double delta = mv_price(L);
	if (keep)
		mv_commit(L);
	else
		mv_rollback(L);
	return delta;
}

static int move_allowed(struct sched *s, int a, int d, int col, int need_min)
{
	int *slot = &s->assign[(size_t)a * s->ndays + d];
	int old = *slot;

	if (col >= 0 && sched_blocked(s, a, col))
		return 0;
	*slot = col;
	int bad = need_min ? sched_check_agent(s, a, NULL, 0) : sched_check_rules(s, a, NULL, 0);
	*slot = old;
	return !bad;
}

static double agent_hours(const struct sched *s, int a)
{
	int m = 0;
	for (int d = 0; d < s->ndays; d++) {
		int col = s->assign[(size_t)a * s->ndays + d];
		if (col >= 0)
			m += s->cols[col].paid_min;
	}
	return m / 60.0;
}

/* Would the interval list of col meet any understaffing or surplus? Cheap
 * filter before exact pricing. */
static int touches_short(const struct ls *L, int col)
{
	const struct sched *s = L->s;
	const struct scol *c = &s->cols[col];
	for (int i = 0; i < c->ncov; i++)
		if (L->under[s->cov_t[c->cov0 + i]] > 1e-9)
			return 1;
	return 0;
}

/* Is agent a's week valid (min_hours too, unless the week was already
 * short of it and has not lost hours)? */
static int week_ok(const struct sched *s, int a, double hours_before)
{
	if (hours_before < s->in->agents[a].min_hours - 1e-9)
		return agent_hours(s, a) >= hours_before - 1e-9 && !sched_check_rules(s, a, NULL, 0);
	return !sched_check_agent(s, a, NULL, 0);
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
	week_fix_rest(s, a, L->colv, L->wk);
	if (!memcmp(L->wk, wk, (size_t)D * sizeof(int)))
		return 0;
	double ha = agent_hours(s, a);
	for (int d = 0; d < D; d++)
		mv_set(L, a, d, L->wk[d]);
	if (week_ok(s, a, ha))
		return 1;
	mv_rollback(L);
	return 0;
}

/* Agent a's week re-planned when that lowers the objective; returns 1
 * when it did. */
static int replan_week(struct ls *L, int a)
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

/* Live progress on a terminal: incumbent (the roster's objective, or obj
 * when it is a number), bound and gap. */
static void show_progress(const struct sched *s, const char *what, int n, double obj)
{
	if (!s->opts->progress_tty)
		return;
	if (isnan(obj)) {
		struct seval ev;
		sched_evaluate(s, &ev);
		obj = ev.objective;
		seval_release(&ev);
	}
	double b = sched_bound(s), lb = b > -HUGE_VAL ? fmax(0, b) : NAN;
	fprintf(stderr, "\r  %6.1fs  %s", sched_elapsed(s), what);
	if (n >= 0)
		fprintf(stderr, " %-4d", n);
	fprintf(stderr, "  incumbent %12.2f  bound %12.2f  gap %6.2f%%   ", obj, lb,
		obj > 0 ? 100 * (obj - lb) / obj : 0.0);
}

/* Hiring (scenario run --recommend-hires): a candidate only pays off over
 * a whole week, which single-shift moves never see because the first shift
 * carries the whole hire cost.  So each idle candidate's week is built
 * greedily, best shift first while shifts still help, and kept when the
 * week as a whole lowers the objective.  Returns the candidates hired. */
static int hire_sweep(struct ls *L, double t_end)
{
	struct sched *s = L->s;
	int hired = 0;

	for (int a = 0; a < s->in->nagents; a++) {
		if (!s->in->agents[a].hypothetical || agent_hours(s, a) > 0)
			continue;
		if (sched_elapsed(s) > t_end || sched_stopped(s))
			break;
		double total = 0;
		int added[64], nadd = 0;
		for (;;) {
			double best = 0;
			int bd = -1, bc = -1;
			for (int d = 0; d < s->ndays; d++) {
				if (s->assign[(size_t)a * s->ndays + d] >= 0)
					continue;
				for (int j = s->day_first[d]; j < s->day_first[d + 1]; j++) {
					if (sched_blocked(s, a, j) || !touches_short(L, j))
						continue;
					/* the hire cost is in the first shift's price:
					 * judge shifts by what they add besides it */
					double dl = try_move(L, a, d, j, 0) - (nadd ? 0 : s->in->cfg.hire_cost_per_week);
					if (dl < best && move_allowed(s, a, d, j, 0)) {
						best = dl;
						bd = d;
						bc = j;
					}
				}
			}
			if (bd < 0 || nadd == 64)
				break;
			total += try_move(L, a, bd, bc, 1);
			added[nadd++] = bd;
		}
		if (nadd && total < -1e-6 && !sched_check_agent(s, a, NULL, 0)) {
			hired++;
			continue;
		}
		for (int i = 0; i < nadd; i++)
			try_move(L, a, added[i], -1, 1);
	}
	return hired;
}

/* First-improvement sweeps over agents and days until a sweep finds
 * nothing or time runs out.  Agents below min_hours only take moves that
 * add hours (their week is not valid yet).  hire: also try hiring
 * candidates, whole weeks at a time. */
static void descend(struct ls *L, double t_end, int max_sweeps, int hire)
{
	struct sched *s = L->s;

	for (int sweep = 0; sweep < max_sweeps; sweep++) {
		/* hiring first: a sweep over thousands of agents may not finish
		 * in the time it is given */
		int improved = hire ? hire_sweep(L, t_end) : 0;
		for (int a = 0; a < s->in->nagents; a++) {
			if (sched_elapsed(s) > t_end || sched_stopped(s))
				return;
			double h = agent_hours(s, a);
			if (s->in->agents[a].hypothetical && h == 0)
				continue; /* not hired: only hire_sweep hires */
			/* the whole week re-planned first, then each day */
			if (replan_week(L, a)) {
				h = agent_hours(s, a);
				improved++;
			}
			int below = h < s->in->agents[a].min_hours - 1e-9;
			for (int d = 0; d < s->ndays; d++) {
				int old = s->assign[(size_t)a * s->ndays + d];
				double oldh = old >= 0 ? s->cols[old].paid_min / 60.0 : 0;
				double best = -1e-6;
				int bc = -2;
				/* removal */
				if (old >= 0 && !below && h - oldh >= s->in->agents[a].min_hours - 1e-9 &&
				    move_allowed(s, a, d, -1, 0)) {
					double dl = try_move(L, a, d, -1, 0);
					if (dl < best) {
						best = dl;
						bc = -1;
					}
				}
				/* add or change */
				for (int j = s->day_first[d]; j < s->day_first[d + 1]; j++) {
					if (j == old || sched_blocked(s, a, j))
						continue;
					double nh = h - oldh + s->cols[j].paid_min / 60.0;
					if (below ? nh <= h : (nh < s->in->agents[a].min_hours - 1e-9))
						continue;
					if (!below && !touches_short(L, j) &&
					    (old < 0 || sched_col_cost(s, a, j) >= sched_col_cost(s, a, old)))
						continue;
					double dl = try_move(L, a, d, j, 0);
					if ((below ? dl - 1e4 * (nh - h) : dl) < best && move_allowed(s, a, d, j, 0)) {
						best = below ? dl - 1e4 * (nh - h) : dl;
						bc = j;
					}
				}
				if (bc != -2) {
					try_move(L, a, d, bc, 1);
					h = agent_hours(s, a);
					below = h < s->in->agents[a].min_hours - 1e-9;
					improved++;
				}
			}
		}
		show_progress(s, "descent sweep", sweep + 1, NAN);
		if (getenv("STAFFPLAN_TRACE"))
			fprintf(stderr, "trace: local search sweep %d: %d moves at %.2fs\n", sweep, improved,
				sched_elapsed(s));
		if (!improved)
			return;
	}
}

/* ---- simulated annealing ---------------------------------------------------
 *
 * The descent stops where every single move costs something, typically with
 * every agent at min_hours and the last gaps filled by extra hours.  Getting
 * rid of those takes chains: move an agent's shift to another day or to
 * another agent, then drop the extra one.  Annealing walks such chains: it
 * draws moves at random, takes every one that does not cost more, and one
 * that does with probability exp(-delta / T) as T cools.  Only weeks that
 * keep every hard rule (min_hours included) are ever visited, and the best
 * roster seen is kept.
 */

/* ---- two searchers --------------------------------------------------------
 *
 * Once the bound thread has ended, its core anneals beside this one, on
 * the same roster.  Two moves that share no agent and no interval commute
 * exactly: an interval's understaffing depends on the supplies in it
 * alone, an agent's rules and wages on its own week.  So a searcher locks
 * every agent and interval a move reads before reading it, and drops the
 * move when the other searcher holds one.  Every move is priced against
 * the roster as it is, with nothing copied and nothing stale (two copies
 * of the roster, merged now and then, raced for the same slack and did
 * worse than one searcher; docs/MODEL.md section 6).  The main searcher
 * pauses the second for whatever reads the whole roster: the best roster
 * seen, the checkpoint sweeps, the bound thread's roster.
 */
/* The locks are one flag per searcher, agent and interval (agent a at
 * [a], interval t at [nagents + t]), each searcher's in an array that only
 * it writes.  A searcher raises its flags, fences once, and then reads the
 * other's (Dekker): of two searchers that want the same agent or interval
 * at least one sees the other's flag and drops its move.  A whole move's
 * intervals thus cost one fence; a compare-and-swap per lock, each on a
 * cache line that both cores write, took about a tenth of the search's
 * time. */
struct duo {
	atomic_uchar *flag[2];     /* [me - 1]: the flags searcher me raised */
	int nagents;
	struct ls W;               /* the second searcher's own scratch */
	thrd_t th;
	atomic_int pause, paused, stop;
	/* written by one side while the other waits on pause/paused */
	double T;                  /* temperature, set by the main searcher */
	double delta;              /* objective change of the second's kept moves */
	long iters, taken;
};

static atomic_uchar *lock_flag(const struct ls *L, int who, int code)
{
	return &L->duo->flag[who - 1][code >= 0 ? code : L->duo->nagents - 1 - code];
}

/* Raises this searcher's flag on agent code (interval t as code -1 - t);
 * 0 when it was raised already.  Not yet a lock: see took(). */
static int raise_flag(struct ls *L, int code)
{
	atomic_uchar *f = lock_flag(L, L->me, code);
	if (atomic_load_explicit(f, memory_order_relaxed))
		return 0;
	atomic_store_explicit(f, 1, memory_order_relaxed);
	L->held[L->nheld++] = code;
	return 1;
}

/* Releases the locks taken after the first keep. */
static void let_go(struct ls *L, int keep)
{
	while (L->nheld > keep)
		atomic_store_explicit(lock_flag(L, L->me, L->held[--L->nheld]), 0, memory_order_release);
}

/* After the fence: is agent code free of the other searcher? Reading its
 * flag down acquires what it wrote before it lowered the flag. */
static int took(const struct ls *L, int code)
{
	return !atomic_load_explicit(lock_flag(L, 3 - L->me, code), memory_order_acquire);
}

/* Locks agent code (interval t as code -1 - t) for the move being drawn:
 * 2 when locked now, 1 when already this searcher's (or alone), 0 when
 * the other searcher holds it (the flag is lowered again then).  One
 * flag is raised by an exchange, which orders it before the read as a
 * fence would, on a cache line that only this searcher writes. */
static int grab(struct ls *L, int code)
{
	if (!L->duo)
		return 1;
	atomic_uchar *f = lock_flag(L, L->me, code);
	if (atomic_load_explicit(f, memory_order_relaxed))
		return 1;
	atomic_exchange_explicit(f, 1, memory_order_seq_cst);
	L->held[L->nheld++] = code;
	if (!atomic_load_explicit(lock_flag(L, 3 - L->me, code), memory_order_seq_cst))
		return 2;
	let_go(L, L->nheld - 1);
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

/* Any column of day d (-1 when the day has none). */
static int col_any(const struct sched *s, int d, struct sp_rng *r)
{
	int n = s->day_first[d + 1] - s->day_first[d];
	return n > 0 ? s->day_first[d] + sp_rng_below(r, n) : -1;
}

/* A column of day e like col (same local start and length, the break at
 * the same offset), or a random one of day e when there is none. */
static int col_like(const struct sched *s, int col, int e, struct sp_rng *r)
{
	const struct scol *c = &s->cols[col];
	time_t shift = s->day_start[e] - s->day_start[c->day];

	for (int j = s->day_first[e]; j < s->day_first[e + 1]; j++) {
		const struct scol *x = &s->cols[j];
		if (x->paid_min == c->paid_min && x->start - c->start == shift &&
		    (x->bstart ? x->bstart - x->start : -1) == (c->bstart ? c->bstart - c->start : -1))
			return j;
	}
	return col_any(s, e, r);
}

/* A column of the same day near col: another start a few steps away, or
 * another length or break, or (one time in four) any column of the day. */
static int col_near(const struct sched *s, int col, struct sp_rng *r)
{
	const struct scol *c = &s->cols[col];
	int lo = s->day_first[c->day], n = s->day_first[c->day + 1] - lo;
	if (sp_rng_below(r, 4) == 0)
		return col_any(s, c->day, r);
	time_t want = c->start + (time_t)(sp_rng_below(r, 7) - 3) * s->step;
	/* a day's columns are in order of start (build_columns): those that
	 * start at want are [a, b), col among them when want is its start */
	int a = lo, b = lo + n;
	while (a < b) {
		int mid = a + (b - a) / 2;
		if (s->cols[mid].start < want)
			a = mid + 1;
		else
			b = mid;
	}
	for (b = a; b < lo + n && s->cols[b].start == want; b++)
		;
	int own = col >= a && col < b, nc = b - a - own;
	if (nc <= 0)
		return col_any(s, c->day, r);
	int j = a + sp_rng_below(r, nc);
	return own && j >= col ? j + 1 : j;
}

/* A random agent who shares a cell with agent a (maybe a itself). */
static int agent_like(const struct ls *L, int a, struct sp_rng *r)
{
	const struct sgroup *gr = &L->s->groups[L->s->agent_group[a]];
	if (gr->ncells == 0)
		return a;
	int c = gr->cells[sp_rng_below(r, gr->ncells)];
	return L->ca[L->ca0[c] + sp_rng_below(r, L->ca0[c + 1] - L->ca0[c])];
}

static int col_covers(const struct sched *s, int col, int t)
{
	const struct scol *c = &s->cols[col];
	for (int i = 0; i < c->ncov; i++)
		if (s->cov_t[c->cov0 + i] == t)
			return 1;
	return 0;
}

/* An interval short of staff (into *t), a cell short in it, and an agent
 * of that cell; -1 when the draw finds none. */
static int short_agent(struct ls *L, struct sp_rng *r, int *t)
{
	const struct sched *s = L->s;

	*t = -1;
	for (int k = 0; k < 8 && *t < 0; k++) {
		int x = sp_rng_below(r, s->nint), got = grab(L, -1 - x);
		if (got && L->under[x] > 1e-9)
			*t = x;
		else if (got == 2)
			let_go(L, L->nheld - 1);
	}
	if (*t < 0)
		return -1;
	const double *need = L->f.need + (size_t)*t * s->ncells;
	int c = -1, n = 0;
	for (int x = 0; x < s->ncells; x++)
		if (need[x] > 1e-9 && L->ca0[x + 1] > L->ca0[x] && sp_rng_below(r, ++n) == 0)
			c = x;
	if (c < 0)
		return -1;
	int a = L->ca[L->ca0[c] + sp_rng_below(r, L->ca0[c + 1] - L->ca0[c])];
	return grab(L, a) ? a : -1;
}

/* Stages a move aimed at understaffing: an interval short of staff, a
 * cell short in it, an agent of that cell, and a shift of the agent
 * covering the interval, on a free day or instead of that day's shift;
 * when the week then breaks max_hours or max_days, another of its shifts
 * goes.  Random moves rarely find these on thousands of agents.  Where
 * every agent of the cell already works its days, a fill only pays as
 * part of a trade, so the agent may instead swap shifts with an agent
 * like it who covers the interval, or hand the shift it gives up to one
 * who is free. */
static int draw_fill(struct ls *L, struct sp_rng *r)
{
	struct sched *s = L->s;
	int t, D = s->ndays, a = short_agent(L, r, &t);

	if (a < 0 || L->tc0[t + 1] == L->tc0[t])
		return 0;
	int j = L->tc[L->tc0[t] + sp_rng_below(r, L->tc0[t + 1] - L->tc0[t])], e = s->cols[j].day;
	double ha = agent_hours(s, a);
	if (s->in->agents[a].hypothetical || sched_blocked(s, a, j) ||
	    s->assign[(size_t)a * D + e] == j)
		return 0;
	int old = s->assign[(size_t)a * D + e], x = e;
	/* half the time, a takes the shift of an agent like it that covers
	 * t, and that agent takes a's shift of the day (or its day off):
	 * agents of different skills trade the hours they are on duty */
	for (int k = sp_rng_below(r, 2) ? 0 : 8; k < 8; k++) {
		int b = agent_like(L, a, r);
		if (b == a || !grab(L, b))
			continue;
		int bc = s->assign[(size_t)b * D + e];
		if (bc < 0 || bc == old || !col_covers(s, bc, t) || s->in->agents[b].hypothetical ||
		    sched_blocked(s, a, bc) || (old >= 0 && sched_blocked(s, b, old)))
			continue;
		double hb = agent_hours(s, b);
		mv_set(L, a, e, bc);
		mv_set(L, b, e, old);
		if (week_ok(s, a, ha) && week_ok(s, b, hb))
			return 1;
		mv_rollback(L);
		return 0;
	}
	mv_set(L, a, e, j);
	if (!week_ok(s, a, ha)) {
		x = sp_rng_below(r, D);
		old = s->assign[(size_t)a * D + x];
		if (x == e || old < 0) {
			mv_rollback(L);
			return 0;
		}
		mv_set(L, a, x, -1);
		if (!week_ok(s, a, ha)) {
			mv_rollback(L);
			return 0;
		}
	}
	/* the shift a gave up, half the time to an agent like a who is free
	 * that day: where staff is short everywhere, the hole it leaves is
	 * what makes the fill cost more than it gains */
	if (old >= 0 && sp_rng_below(r, 2))
		for (int k = 0; k < 4; k++) {
			int b = agent_like(L, a, r);
			if (b != a && grab(L, b) && !s->in->agents[b].hypothetical && s->assign[(size_t)b * D + x] < 0 &&
			    move_allowed(s, b, x, old, 0)) {
				mv_set(L, b, x, old);
				break;
			}
		}
	return 1;
}

/* Stages one random move whose weeks keep every rule; returns 0 (nothing
 * staged) when the draw gives none. */
static int draw_move(struct ls *L, struct sp_rng *r)
{
	struct sched *s = L->s;
	int N = s->in->nagents, D = s->ndays;
	if (sp_rng_below(r, 4) == 0)
		return draw_fill(L, r);
	int a = sp_rng_below(r, N), kind = sp_rng_below(r, 10), b = -1;
	if (!grab(L, a))
		return 0;
	int *wk = &s->assign[(size_t)a * D];
	int d = sp_rng_below(r, D), old = wk[d];
	double ha = agent_hours(s, a), hb = 0;

	if (old < 0) {
		/* add a shift on a free day */
		if (kind >= 2)
			return 0;
		int j = col_any(s, d, r);
		if (j < 0 || sched_blocked(s, a, j))
			return 0;
		mv_set(L, a, d, j);
	} else if (kind < 4) {
		/* change the shift: another start, length or break */
		int j = col_near(s, old, r);
		if (sched_blocked(s, a, j))
			return 0;
		mv_set(L, a, d, j);
	} else if (kind < 6) {
		/* move the shift to a free day */
		int e = sp_rng_below(r, D);
		if (wk[e] >= 0)
			return 0;
		int j = sp_rng_below(r, 2) ? col_like(s, old, e, r) : col_any(s, e, r);
		if (j < 0 || sched_blocked(s, a, j))
			return 0;
		mv_set(L, a, d, -1);
		mv_set(L, a, e, j);
	} else if (kind < 9) {
		/* give the shift to another agent, or swap shifts with one
		 * who works that day; half the time a transfer comes with
		 * one of b's shifts on a day a is free, so that agents at
		 * max_days can trade days */
		b = agent_like(L, a, r);
		if (b == a || !grab(L, b))
			return 0;
		int bc = s->assign[(size_t)b * D + d];
		if (bc == old || sched_blocked(s, b, old) ||
		    (bc >= 0 && sched_blocked(s, a, bc)))
			return 0;
		hb = agent_hours(s, b);
		mv_set(L, a, d, bc);
		mv_set(L, b, d, old);
		int e = sp_rng_below(r, D), be = s->assign[(size_t)b * D + e];
		if (bc < 0 && sp_rng_below(r, 2) && e != d && be >= 0 && wk[e] < 0 &&
		    !sched_blocked(s, a, be)) {
			mv_set(L, b, e, -1);
			mv_set(L, a, e, be);
		}
	} else if (s->in->agents[a].hypothetical) {
		/* a hiring candidate is let go with its whole week: dropping
		 * one shift never gives back the hire cost */
		for (int e = 0; e < D; e++)
			mv_set(L, a, e, -1);
	} else {
		/* drop the shift */
		mv_set(L, a, d, -1);
	}
	/* hiring is decided whole weeks at a time (hire_sweep), never here */
	int hires = (s->in->agents[a].hypothetical && ha == 0 && agent_hours(s, a) > 0) ||
		    (b >= 0 && s->in->agents[b].hypothetical && hb == 0);
	if (!hires && week_ok(s, a, ha) && (b < 0 || week_ok(s, b, hb)))
		return 1;
	mv_rollback(L);
	return 0;
}

/* Supply and understaffing recomputed from s->assign. */
static void ls_sync(struct ls *L)
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

static void ls_init(struct ls *L, struct sched *s)
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
static int anneal_step(struct ls *L, struct sp_rng *r, double T, double *delta)
{
	int kept = 0;

	if (draw_move(L, r)) {
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

static int second_searcher(void *arg)
{
	struct duo *d = arg;
	struct sp_rng r = { 0xD1B54A32D192ED03ULL };

	while (!atomic_load(&d->stop)) {
		if (atomic_load(&d->pause)) {
			atomic_store(&d->paused, 1);
			while (atomic_load(&d->pause) && !atomic_load(&d->stop))
				thrd_yield();
			atomic_store(&d->paused, 0);
			continue;
		}
		double delta;
		d->iters++;
		if (anneal_step(&d->W, &r, d->T, &delta)) {
			d->delta += delta;
			d->taken++;
		}
	}
	return 0;
}

/* Stops the second searcher between two of its moves (its kept moves
 * then in d->delta); resume lets it go on. */
static void duo_pause(struct duo *d)
{
	atomic_store(&d->pause, 1);
	while (!atomic_load(&d->paused))
		thrd_yield();
}

static void duo_resume(struct duo *d)
{
	atomic_store(&d->pause, 0);
}

static void duo_free(struct duo *d)
{
	struct ls *W = &d->W;

	free(W->touched);
	free(W->mark);
	free(W->saved);
	free(W->undo);
	free(W->grp);
	free(W->dsup);
	free(W->dgrp);
	free(W->held);
	flow_unfork(&W->f);
	free(d->flag[0]);
	free(d->flag[1]);
	free(d);
}

/* Starts the second searcher at temperature T: a shallow copy of L that
 * shares the roster, supplies and flows and has its own scratch.  NULL
 * when no thread can be had. */
static struct duo *duo_start(struct ls *L, double T)
{
	const struct sched *s = L->s;
	struct duo *d = sp_xcalloc(1, sizeof(*d));
	struct ls *W = &d->W;

	/* 64 bytes more each: the two arrays share no cache line */
	d->nagents = s->in->nagents;
	for (int k = 0; k < 2; k++) {
		size_t n = (size_t)s->in->nagents + s->nint + 64;
		d->flag[k] = sp_xmalloc(n * sizeof(atomic_uchar));
		for (size_t i = 0; i < n; i++)
			atomic_init(&d->flag[k][i], 0);
	}
	atomic_init(&d->pause, 0);
	atomic_init(&d->paused, 0);
	atomic_init(&d->stop, 0);
	d->T = T;
	*W = *L;
	W->touched = sp_xmalloc(((size_t)s->nint + 1) * sizeof(int));
	W->mark = sp_xcalloc((size_t)s->nint + 1, 1);
	W->saved = sp_xcalloc((size_t)s->nint + 1, sizeof(double));
	W->undo = sp_xmalloc(((size_t)s->ndays + 2) * sizeof(*W->undo));
	W->grp = sp_xmalloc(((size_t)s->ndays + 2) * sizeof(int));
	W->dsup = sp_xcalloc((size_t)s->ngroups * s->nint + 1, sizeof(double));
	W->dgrp = sp_xmalloc(((size_t)s->nint + 1) * sizeof(int));
	W->held = sp_xmalloc(((size_t)s->in->nagents + s->nint + 1) * sizeof(int));
	flow_fork(&W->f, &L->f);
	W->wdp = NULL; /* week re-plans are the main searcher's */
	W->duo = d;
	W->me = 2;
	if (thrd_create(&d->th, second_searcher, d) != thrd_success) {
		duo_free(d);
		return NULL;
	}
	L->duo = d;
	L->me = 1;
	return d;
}

/* Stops and frees the second searcher (paused or not), adding its moves
 * drawn and taken; returns the objective change of the moves it kept
 * since the last pause. */
static double duo_stop(struct ls *L, struct duo *d, long *iters, long *taken)
{
	atomic_store(&d->stop, 1);
	thrd_join(d->th, NULL);
	L->duo = NULL;
	*iters = d->iters;
	*taken = d->taken;
	double delta = d->delta;
	duo_free(d);
	return delta;
}

/* CPUs this process may run on: a CPU set (taskset, a container's
 * cpuset) may give it fewer than the machine has online, and a second
 * searcher on the first one's core would only halve its moves. */
static int cpus_usable(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		return CPU_COUNT(&set);
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

static void anneal(struct ls *L, double t_end)
{
	struct sched *s = L->s;
	size_t na = (size_t)s->in->nagents * s->ndays;
	int *best = sp_xmalloc((na + 1) * sizeof(int));
	struct seval ev;
	struct sp_rng r = { 0x9E3779B97F4A7C15ULL };
	double t0 = sched_elapsed(s), span = t_end - t0;
	/* hot enough to take an extra shift now and then (a twentieth of an
	 * agent-interval of understaffing; on bench L a tenth gave 1.92-2.19 %
	 * in five runs, a twentieth 1.92-1.99 % in four, a fortieth 2.21 %;
	 * half was worse on M and L, a fiftieth on M), cold enough at the end
	 * to take nothing that costs */
	double T0 = 0.05 * s->in->cfg.understaffing_penalty * s->step / 3600.0, T1 = 0.5;
	long iters = 0, taken = 0;
	int checkpoint = 0;
	double shown = 0;   /* when progress was last shown */
	double synced = 0;  /* when the second searcher was last paused */
	struct duo *duo = NULL;
	int two = cpus_usable() >= 2;
	double started = 0;

	if (span <= 0.5)
		goto out;
	sched_evaluate(s, &ev);
	double cur = ev.objective, bestv = cur;
	seval_release(&ev);
	memcpy(best, s->assign, na * sizeof(int));
	double T = T0;
	for (;; iters++) {
		if ((iters & 255) == 0) {
			double now = sched_elapsed(s), frac = (now - t0) / span;
			int end = frac >= 1 || sched_stopped(s);
			T = T0 * pow(T1 / T0, frac);
			int ckpt = frac >= 0.25 * (checkpoint + 1);
			/* with two searchers, the roster is whole only while the
			 * second is paused: so is what follows, every 20 ms */
			if (duo && !end && !ckpt && now - synced < 0.02)
				goto step;
			if (duo) {
				duo_pause(duo);
				cur += duo->delta;
				duo->delta = 0;
				duo->T = T;
				synced = now;
				if (cur < bestv - 1e-6) {
					bestv = cur;
					memcpy(best, s->assign, na * sizeof(int));
				}
			}
			/* the bound thread's roster, when it beats the best */
			double o = sched_take_roster(s, bestv);
			if (o < bestv) {
				ls_sync(L);
				cur = bestv = o;
				memcpy(best, s->assign, na * sizeof(int));
			}
			if (end) {
				s->timed_out = 1; /* the gap was not reached */
				break;
			}
			/* at each quarter, a descent sweep: random draws rarely
			 * hit the one column that still pays */
			if (ckpt) {
				checkpoint++;
				ls_sync(L); /* no rounding drift from repaired flows */
				descend(L, fmin(t_end, sched_elapsed(s) + 0.05 * span), 1, checkpoint >= 2);
				sched_evaluate(s, &ev);
				cur = ev.objective;
				if (getenv("STAFFPLAN_TRACE"))
					fprintf(stderr, "trace: checkpoint %d: objective %.2f (hires %.0f, "
						"wages %.2f, short %.2f), T %.2f\n",
						checkpoint, cur, ev.hires, ev.wages, ev.under_h, T);
				seval_release(&ev);
				if (cur < bestv - 1e-6) {
					bestv = cur;
					memcpy(best, s->assign, na * sizeof(int));
				}
			}
			/* close enough to the bound: stop, as a MIP solver would */
			double lb = sched_bound(s);
			if (lb > -HUGE_VAL && bestv > 0 && (bestv - lb) / bestv <= s->opts->gap + 1e-9)
				break;
			if (sched_elapsed(s) - shown >= 0.5) {
				shown = sched_elapsed(s);
				show_progress(s, "annealing    ", -1, bestv);
			}
			if (duo) {
				duo_resume(duo);
			} else if (two && frac < 0.95 && sched_bound_done(s)) {
				/* the bound thread's core is free: a second searcher */
				duo = duo_start(L, T);
				started = sched_elapsed(s);
			}
		}
step:;
		double delta;
		if (!anneal_step(L, &r, T, &delta))
			continue;
		cur += delta;
		taken++;
		/* alone, the roster is whole between moves */
		if (!duo && cur < bestv - 1e-6) {
			bestv = cur;
			memcpy(best, s->assign, na * sizeof(int));
		}
	}
	if (duo) {
		long it2, tk2;
		cur += duo_stop(L, duo, &it2, &tk2);
		if (cur < bestv - 1e-6) {
			bestv = cur;
			memcpy(best, s->assign, na * sizeof(int));
		}
		if (getenv("STAFFPLAN_TRACE"))
			fprintf(stderr, "trace: second searcher from %.2fs: %ld moves drawn, %ld taken\n", started,
				it2, tk2);
		iters += it2;
		taken += tk2;
	}
	/* back to the best roster seen, supply and understaffing with it */
	memcpy(s->assign, best, na * sizeof(int));
	ls_sync(L);
	if (getenv("STAFFPLAN_TRACE")) {
		/* the thread's own CPU time: on a shared machine, moves per
		 * CPU second compare builds where moves per second do not */
		struct timespec cpu;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
		fprintf(stderr, "trace: annealing: %ld moves drawn, %ld taken, best %.2f at %.2fs (thread CPU %.2fs)\n",
			iters, taken, bestv, sched_elapsed(s), (double)cpu.tv_sec + cpu.tv_nsec * 1e-9);
	}
out:
	free(best);
}

static void ls_release(struct ls *L)
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

void sched_descend(struct sched *s, double time_limit)
{
	struct ls L;

	ls_init(&L, s);
	descend(&L, sched_elapsed(s) + time_limit, 50, 0);
	if (s->opts->progress_tty)
		fputc('\n', stderr);
	ls_release(&L);
}

void sched_improve(struct sched *s, double time_limit)
{
	struct ls L;
	double t_end = sched_elapsed(s) + time_limit;

	ls_init(&L, s);
	/* On thousands of agents one sweep can outlast the time limit: the
	 * descent gets a sixth of it, the annealing's aimed moves the rest.
	 * Hiring waits for the second half of the annealing: against the
	 * rough roster of the first descent, a hire looks better than it is,
	 * and a hired week is hard to give back. */
	descend(&L, sched_elapsed(s) + time_limit / 6, 50, 0);
	/* annealing takes what is left but a little, for a final descent */
	anneal(&L, t_end - 0.03 * (t_end - sched_elapsed(s)));
	descend(&L, t_end, 50, 1);
	if (s->opts->progress_tty)
		fputc('\n', stderr);
	ls_release(&L);
}
