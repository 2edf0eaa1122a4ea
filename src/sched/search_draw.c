/* search_draw.c - which move the local search tries next: drawn at
 * random (another start, length or day, a trade between agents alike) or
 * aimed at understaffing (a fill of a short interval, a chain that moves
 * one agent's shift and covers the hole it leaves with another's), or a
 * rotation of one day's shifts among three agents
 *
 * A move is only staged here (mv_set) and checked against the rules of
 * the agents it changes (moved_ok); search_move.c prices it and keeps or
 * undoes it.
 */
#include "search_int.h"

#include <math.h>
#include <time.h>

/* A random day of the week of day d: a shift moved or traded within its
 * week keeps the week's hours and days, where one moved to another week
 * would mostly break max_hours there and min_hours here (on a horizon of
 * one week, any day). */
static int day_like(const struct sched *s, int d, struct sp_rng *r)
{
	int w = sched_week(s, d);
	return sched_week_first(s, w) + sp_rng_below(r, sched_week_len(s, w));
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
		mv_set(L, a, e, bc);
		mv_set(L, b, e, old);
		if (moved_ok(L, a) && moved_ok(L, b))
			return 1;
		mv_rollback(L);
		return 0;
	}
	mv_set(L, a, e, j);
	if (!moved_ok(L, a)) {
		x = day_like(s, e, r);
		old = s->assign[(size_t)a * D + x];
		if (x == e || old < 0) {
			mv_rollback(L);
			return 0;
		}
		mv_set(L, a, x, -1);
		if (!moved_ok(L, a)) {
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
			    ls_move_allowed(s, b, x, old, 0)) {
				mv_set(L, b, x, old);
				break;
			}
		}
	return 1;
}

/* Stages a chain: agent a's shift of a day changes (another start, length
 * or break), and an agent b who shares a cell with a covers an interval
 * the old shift covered and the new one does not, with a shift covering
 * it (on a free day, or instead of b's shift that day; when b's week then
 * breaks max_hours or max_days, another of its shifts goes).  Where the
 * speakers of a short language work all their hours, moving one toward a
 * peak leaves a hole that costs the full penalty, and a dear agent's hours
 * only pass to a cheap one with a shift of the cheap one's: each half
 * costs more than a cold annealing takes, the chain priced as one may
 * not. */
static int draw_chain(struct ls *L, struct sp_rng *r)
{
	struct sched *s = L->s;
	int D = s->ndays, a = sp_rng_below(r, s->in->nagents), d = sp_rng_below(r, D);

	if (!grab(L, a) || s->in->agents[a].hypothetical)
		return 0;
	int old = s->assign[(size_t)a * D + d];
	if (old < 0)
		return 0;
	int j = sp_rng_below(r, 4) ? col_near(s, old, r) : -1;
	if (j == old || (j >= 0 && sched_blocked(s, a, j)))
		return 0;
	/* the hole: an interval old covers and j does not, in one pass (a
	 * column's intervals are in order, build_columns) */
	const struct scol *c = &s->cols[old];
	const int *nt = j >= 0 ? &s->cov_t[s->cols[j].cov0] : NULL;
	int nn = j >= 0 ? s->cols[j].ncov : 0, p = 0, t = -1, n = 0;
	for (int i = 0; i < c->ncov; i++) {
		int x = s->cov_t[c->cov0 + i];
		while (p < nn && nt[p] < x)
			p++;
		if ((p == nn || nt[p] != x) && sp_rng_below(r, ++n) == 0)
			t = x;
	}
	if (t < 0)
		return 0;
	int b = agent_like(L, a, r);
	if (b == a || !grab(L, b) || s->in->agents[b].hypothetical)
		return 0;
	int k = L->tc[L->tc0[t] + sp_rng_below(r, L->tc0[t + 1] - L->tc0[t])], e = s->cols[k].day;
	if (sched_blocked(s, b, k) || s->assign[(size_t)b * D + e] == k)
		return 0;
	mv_set(L, a, d, j);
	mv_set(L, b, e, k);
	if (moved_ok(L, a) && moved_ok(L, b))
		return 1;
	int x = day_like(s, e, r);
	if (x != e && s->assign[(size_t)b * D + x] >= 0) {
		mv_set(L, b, x, -1);
		if (moved_ok(L, a) && moved_ok(L, b))
			return 1;
	}
	mv_rollback(L);
	return 0;
}

/* A column of col's day whose span holds col's and that pays the least
 * that is at least `more` and less than `less` minutes more (-1 none),
 * drawn evenly among those: the hours made up, no more.  A day's columns
 * are in order of start (build_columns): none after col's start can hold
 * it. */
static int col_stretch(const struct sched *s, int col, int more, int less, struct sp_rng *r)
{
	const struct scol *c = &s->cols[col];
	int best = -1, n = 0, len = 0;

	for (int j = s->day_first[c->day]; j < s->day_first[c->day + 1] && s->cols[j].start <= c->start; j++) {
		const struct scol *x = &s->cols[j];
		if (x->end < c->end || x->paid_min < c->paid_min + more ||
		    x->paid_min >= c->paid_min + less || (best >= 0 && x->paid_min > len))
			continue;
		if (best < 0 || x->paid_min < len)
			n = 0, len = x->paid_min;
		if (sp_rng_below(r, ++n) == 0)
			best = j;
	}
	return best;
}

/* After a's shift of day d, `gone` paid minutes long, is dropped
 * (staged): where a's week falls below min_hours, one of a's other shifts
 * that week is stretched to make the hours up, by less than the hours
 * dropped.  A part-timer on three 6-hour shifts against a 15-hour minimum
 * reaches 7 + 8 only this way: dropping alone breaks min_hours, and
 * lengthening first pays for hours nobody needs (the Curtois retail weeks
 * of bench/REALDESKS.md).  A stretch that keeps the week's hours only
 * trades a day for a longer shift; on bench L (most agents at their
 * minimum) those were 4 % of all draws, one in 2 000 of them kept, and
 * cost 0.15 % at equal work (bench/NOTES-scarce.md). */
static void stretch_other(struct ls *L, int a, int d, int gone, struct sp_rng *r)
{
	struct sched *s = L->s;
	int w = sched_week(s, d), d0 = sched_week_first(s, w), n = 0, e = -1;
	int *wk = &s->assign[(size_t)a * s->ndays];
	int more = (int)ceil(s->in->agents[a].min_hours * 60 - 1e-9) - sched_week_minutes(s, a, w);

	if (more <= 0 || more >= gone)
		return;
	for (int x = d0; x < d0 + sched_week_len(s, w); x++)
		if (x != d && wk[x] >= 0 && sp_rng_below(r, ++n) == 0)
			e = x;
	int j = e >= 0 ? col_stretch(s, wk[e], more, gone, r) : -1;
	if (j >= 0 && !sched_blocked(s, a, j))
		mv_set(L, a, e, j);
}

/* Stages a rotation of one day's shifts among three agents: b (who
 * shares a cell with a) takes a's shift, c (who shares a cell with b)
 * takes b's, and a takes c's, or none where c is free.  Hours pass from a
 * dear agent of one language through a bilingual to a cheap agent of the
 * other only this way: either trade of two alone leaves a language
 * uncovered or breaks the bilingual's contract. */
static int draw_rotate(struct ls *L, struct sp_rng *r)
{
	struct sched *s = L->s;
	int D = s->ndays, a = sp_rng_below(r, s->in->nagents), d = sp_rng_below(r, D);

	if (!grab(L, a) || s->in->agents[a].hypothetical)
		return 0;
	int old = s->assign[(size_t)a * D + d], b = agent_like(L, a, r);
	if (old < 0 || b == a || !grab(L, b) || s->in->agents[b].hypothetical)
		return 0;
	int bc = s->assign[(size_t)b * D + d], c = agent_like(L, b, r);
	if (bc < 0 || bc == old || c == a || c == b || !grab(L, c) || s->in->agents[c].hypothetical)
		return 0;
	int cc = s->assign[(size_t)c * D + d];
	if (cc == bc || cc == old || sched_blocked(s, b, old) || sched_blocked(s, c, bc) ||
	    (cc >= 0 && sched_blocked(s, a, cc)))
		return 0;
	mv_set(L, b, d, old);
	mv_set(L, c, d, bc);
	mv_set(L, a, d, cc);
	if (cc < 0)
		stretch_other(L, a, d, s->cols[old].paid_min, r);
	if (moved_ok(L, a) && moved_ok(L, b) && moved_ok(L, c))
		return 1;
	mv_rollback(L);
	return 0;
}

/* Stages one random move whose weeks keep every rule; returns 0 (nothing
 * staged) when the draw gives none. */
int ls_draw_move(struct ls *L, struct sp_rng *r)
{
	struct sched *s = L->s;
	int N = s->in->nagents, D = s->ndays;
	if (sp_rng_below(r, 4) == 0)
		return draw_fill(L, r);
	if (sp_rng_below(r, 8) == 0)
		return draw_chain(L, r);
	if (sp_rng_below(r, 8) == 0)
		return draw_rotate(L, r);
	int a = sp_rng_below(r, N), kind = sp_rng_below(r, 10), b = -1;
	if (!grab(L, a))
		return 0;
	int *wk = &s->assign[(size_t)a * D];
	int d = sp_rng_below(r, D), old = wk[d];
	/* a hiring candidate idle before the move (hiring is hire_sweep's) */
	int a_idle = s->in->agents[a].hypothetical && !agent_works(s, a), b_idle = 0;

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
		int e = day_like(s, d, r);
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
		b_idle = s->in->agents[b].hypothetical && !agent_works(s, b);
		mv_set(L, a, d, bc);
		mv_set(L, b, d, old);
		int e = day_like(s, d, r), be = s->assign[(size_t)b * D + e];
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
		/* drop the shift; where that leaves a's week below min_hours,
		 * another of its shifts that week takes the hours */
		mv_set(L, a, d, -1);
		stretch_other(L, a, d, s->cols[old].paid_min, r);
	}
	/* hiring is decided whole weeks at a time (hire_sweep), never here */
	int hires = (a_idle && agent_works(s, a)) || b_idle;
	if (!hires && moved_ok(L, a) && (b < 0 || moved_ok(L, b)))
		return 1;
	mv_rollback(L);
	return 0;
}

