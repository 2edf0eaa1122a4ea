/* search_duo.c - the second searcher: once the bound thread has ended, its
 * core anneals beside the main searcher, on the same roster
 *
 * Two moves that share no agent and no interval commute exactly: an
 * interval's understaffing depends on the supplies in it alone, an agent's
 * rules and wages on its own week.  So a searcher locks every agent and
 * interval a move reads before reading it (the flags of search_int.h),
 * and drops the move when the other searcher holds one.  Every move is
 * priced against the roster as it is, with nothing copied and nothing
 * stale (two copies of the roster, merged now and then, raced for the
 * same slack and did worse than one searcher; bench/NOTES.md §10).
 * The main searcher pauses the second for whatever reads the whole roster:
 * the best roster seen, the checkpoint sweeps, the bound thread's roster.
 */
#include "search_int.h"

#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

static int second_searcher(void *arg)
{
	struct duo *d = arg;
	struct sp_rng r = { 0xD1B54A32D192ED03ULL };
	if (d->W.s->opts->seed) /* --seed: a stream apart from the main searcher's */
		sp_rng_seed(&r, d->W.s->opts->seed ^ 0xD1B54A32D192ED03ULL);

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
		if (ls_anneal_step(&d->W, &r, d->T, &delta)) {
			d->delta += delta;
			d->taken++;
		}
	}
	return 0;
}

/* Stops the second searcher between two of its moves (its kept moves
 * then in d->delta); resume lets it go on. */
void duo_pause(struct duo *d)
{
	atomic_store(&d->pause, 1);
	while (!atomic_load(&d->paused))
		thrd_yield();
}

void duo_resume(struct duo *d)
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
struct duo *duo_start(struct ls *L, double T)
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
double duo_stop(struct ls *L, struct duo *d, long *iters, long *taken)
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
int duo_cpus_usable(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		return CPU_COUNT(&set);
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}
