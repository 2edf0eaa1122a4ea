/* search_int.h - the local search's state, shared by search.c (descent and
 * annealing driver), search_draw.c (which move next), search_move.c
 * (moves: staging, exact pricing, keeping or undoing) and search_duo.c
 * (the second searcher and its locks)
 *
 * The small helpers that every move drawn calls (agent_works, the locks)
 * are static inline here, so that they stay inlined in search_move.c's
 * hot path as they were in one file.
 */
#ifndef STAFFPLAN_SEARCH_INT_H
#define STAFFPLAN_SEARCH_INT_H

#include "sched_int.h"
#include "staffplan/rng.h"

#include <stdatomic.h>
#include <threads.h>

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

/* ---- moves (search_move.c) ----------------------------------------------- */

/* Sets up L on s->assign: supplies, flows, understaffing, the lists of
 * agents per cell and columns per interval; ls_release frees it. */
void ls_init(struct ls *L, struct sched *s);
void ls_release(struct ls *L);
/* Supply and understaffing recomputed from s->assign. */
void ls_sync(struct ls *L);
/* Objective change of agent a working col (-1: none) on day d instead of
 * what it works now; applies the move when keep != 0. */
double ls_try_move(struct ls *L, int a, int d, int col, int keep);
/* Would agent a's week keep every rule (min_hours too when need_min) with
 * col on day d? */
int ls_move_allowed(struct sched *s, int a, int d, int col, int need_min);
/* Agent a's week re-planned (week.c) when that lowers the objective;
 * returns 1 when it did. */
int ls_replan_week(struct ls *L, int a);
/* One draw of the annealing at temperature T; returns 1 and the
 * objective change in *delta when the move was kept. */
int ls_anneal_step(struct ls *L, struct sp_rng *r, double T, double *delta);

/* Staging a move (search_move.c): mv_set sets agent a's slot of day d to
 * col (-1: none), noted for pricing and undoing; moved_ok: does the
 * staged move keep agent a's weeks within every rule; mv_rollback undoes
 * everything staged.  ls_draw_move (search_draw.c) stages one move drawn
 * with r and returns 1, or 0 with nothing staged. */
void mv_set(struct ls *L, int a, int d, int col);
int moved_ok(const struct ls *L, int a);
void mv_rollback(struct ls *L);
int ls_draw_move(struct ls *L, struct sp_rng *r);

/* Does agent a work any day of the horizon? */
static inline int agent_works(const struct sched *s, int a)
{
	for (int d = 0; d < s->ndays; d++)
		if (s->assign[(size_t)a * s->ndays + d] >= 0)
			return 1;
	return 0;
}

/* Paid hours of agent a in the week of day d. */
static inline double week_hours(const struct sched *s, int a, int d)
{
	return sched_week_minutes(s, a, sched_week(s, d)) / 60.0;
}

/* Would the interval list of col meet any understaffing or surplus? Cheap
 * filter before exact pricing. */
static inline int touches_short(const struct ls *L, int col)
{
	const struct sched *s = L->s;
	const struct scol *c = &s->cols[col];
	for (int i = 0; i < c->ncov; i++)
		if (L->under[s->cov_t[c->cov0 + i]] > 1e-9)
			return 1;
	return 0;
}


/* ---- the second searcher (search_duo.c) ---------------------------------- */

/* CPUs this process may run on. */
int duo_cpus_usable(void);
/* Starts the second searcher at temperature T on L's roster; NULL when no
 * thread can be had.  duo_stop ends and frees it. */
struct duo *duo_start(struct ls *L, double T);
/* Stops the second searcher between two of its moves (its kept moves
 * then in d->delta); duo_resume lets it go on. */
void duo_pause(struct duo *d);
void duo_resume(struct duo *d);
/* Stops and frees the second searcher (paused or not), adding its moves
 * drawn and taken; returns the objective change of the moves it kept
 * since the last pause. */
double duo_stop(struct ls *L, struct duo *d, long *iters, long *taken);

/* ---- the locks: inline, as every move drawn takes some ------------------- */

static inline atomic_uchar *lock_flag(const struct ls *L, int who, int code)
{
	return &L->duo->flag[who - 1][code >= 0 ? code : L->duo->nagents - 1 - code];
}

/* Raises this searcher's flag on agent code (interval t as code -1 - t);
 * 0 when it was raised already.  Not yet a lock: see took(). */
static inline int raise_flag(struct ls *L, int code)
{
	atomic_uchar *f = lock_flag(L, L->me, code);
	if (atomic_load_explicit(f, memory_order_relaxed))
		return 0;
	atomic_store_explicit(f, 1, memory_order_relaxed);
	L->held[L->nheld++] = code;
	return 1;
}

/* Releases the locks taken after the first keep. */
static inline void let_go(struct ls *L, int keep)
{
	while (L->nheld > keep)
		atomic_store_explicit(lock_flag(L, L->me, L->held[--L->nheld]), 0, memory_order_release);
}

/* After the fence: is agent code free of the other searcher? Reading its
 * flag down acquires what it wrote before it lowered the flag. */
static inline int took(const struct ls *L, int code)
{
	return !atomic_load_explicit(lock_flag(L, 3 - L->me, code), memory_order_acquire);
}

/* Locks agent code (interval t as code -1 - t) for the move being drawn:
 * 2 when locked now, 1 when already this searcher's (or alone), 0 when
 * the other searcher holds it (the flag is lowered again then).  One
 * flag is raised by an exchange, which orders it before the read as a
 * fence would, on a cache line that only this searcher writes. */
static inline int grab(struct ls *L, int code)
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

#endif
