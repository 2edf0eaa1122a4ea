/* search.c - local search on a roster: the first-improvement descent, the
 * simulated annealing, and the order in which a solve runs them
 *
 * A first-improvement descent finds a local optimum; simulated annealing
 * then crosses the plateaus the descent stops on, with a second searcher
 * (search_duo.c) once the bound thread's core is free.  The moves and
 * their exact pricing are search_move.c's.
 */
#include "search_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Live progress on a terminal: incumbent (the roster's objective, or obj
 * when it is a number), bound and gap. */
static void show_progress(const struct sched *s, const char *what, int n, double obj)
{
	if (!sched_showing(s))
		return;
	if (isnan(obj)) {
		struct seval ev;
		sched_evaluate(s, &ev);
		obj = ev.objective;
		seval_release(&ev);
	}
	double b = sched_bound(s), lb = b > -HUGE_VAL ? fmax(0, b) : NAN;
	double pct = obj > 0 ? 100 * (obj - lb) / obj : 0.0;
	char num[16] = "";
	if (n >= 0)
		snprintf(num, sizeof(num), " %-4d", n);
	sched_progress(s, obj, lb, pct / 100, "  %6.1fs  %s%s  incumbent %12.2f  bound %12.2f  gap %6.2f%%   ",
		       sched_elapsed(s), what, num, obj, lb, pct);
}

/* A move priced (and kept when keep), counted as work: under a work
 * limit the descents end where the same number of moves was priced. */
static double try_move(struct ls *L, int a, int d, int col, int keep)
{
	sched_tick(L->s, WORK_TRY);
	return ls_try_move(L, a, d, col, keep);
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
		if (!s->in->agents[a].hypothetical || agent_works(s, a))
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
					double dl = try_move(L, a, d, j, 0) - (nadd ? 0 : s->hire_cost);
					if (dl < best && ls_move_allowed(s, a, d, j, 0)) {
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
 * candidates, whole weeks at a time.  changes: also try every column on
 * every day (0: only the week re-plan and dropping a shift). */
static void descend(struct ls *L, double t_end, int max_sweeps, int hire, int changes)
{
	struct sched *s = L->s;

	for (int sweep = 0; sweep < max_sweeps; sweep++) {
		/* hiring first: a sweep over thousands of agents may not finish
		 * in the time it is given */
		int improved = hire ? hire_sweep(L, t_end) : 0;
		for (int a = 0; a < s->in->nagents; a++) {
			if (sched_elapsed(s) > t_end || sched_stopped(s))
				return;
			if (s->in->agents[a].hypothetical && !agent_works(s, a))
				continue; /* not hired: only hire_sweep hires */
			/* the whole week re-planned first, then each day */
			sched_tick(s, WORK_REPLAN * s->nweeks);
			if (ls_replan_week(L, a))
				improved++;
			for (int d = 0; d < s->ndays; d++) {
				/* min_hours holds per week: the hours of d's week */
				double h = week_hours(s, a, d);
				int below = h < s->in->agents[a].min_hours - 1e-9;
				int old = s->assign[(size_t)a * s->ndays + d];
				double oldh = old >= 0 ? s->cols[old].paid_min / 60.0 : 0;
				double best = -1e-6;
				int bc = -2;
				/* removal */
				if (old >= 0 && !below && h - oldh >= s->in->agents[a].min_hours - 1e-9 &&
				    ls_move_allowed(s, a, d, -1, 0)) {
					double dl = try_move(L, a, d, -1, 0);
					if (dl < best) {
						best = dl;
						bc = -1;
					}
				}
				/* add or change */
				for (int j = s->day_first[d]; changes && j < s->day_first[d + 1]; j++) {
					if (j == old || sched_blocked(s, a, j))
						continue;
					double nh = h - oldh + s->cols[j].paid_min / 60.0;
					if (below ? nh <= h : (nh < s->in->agents[a].min_hours - 1e-9))
						continue;
					if (!below && !touches_short(L, j) &&
					    (old < 0 || sched_col_cost(s, a, j) >= sched_col_cost(s, a, old)))
						continue;
					double dl = try_move(L, a, d, j, 0);
					if ((below ? dl - 1e4 * (nh - h) : dl) < best && ls_move_allowed(s, a, d, j, 0)) {
						best = below ? dl - 1e4 * (nh - h) : dl;
						bc = j;
					}
				}
				if (bc != -2) {
					try_move(L, a, d, bc, 1);
					improved++;
				}
			}
		}
		show_progress(s, "descent sweep", sweep + 1, NAN);
		sched_trace(s, "local search sweep %d: %d moves at %.2fs", sweep, improved, sched_elapsed(s));
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

static void anneal(struct ls *L, double t_end)
{
	struct sched *s = L->s;
	size_t na = (size_t)s->in->nagents * s->ndays;
	int *best = sp_xmalloc((na + 1) * sizeof(int));
	struct seval ev;
	struct sp_rng r = { 0x9E3779B97F4A7C15ULL };
	if (s->opts->seed) /* --seed: another stream (the same on any machine) */
		sp_rng_seed(&r, s->opts->seed);
	double t0 = sched_elapsed(s), span = t_end - t0;
	/* hot enough to take an extra shift now and then (a twentieth of an
	 * agent-hour of understaffing; half was worse on M and L, a fiftieth
	 * on M), cold enough at the end to take nothing that costs.  Per
	 * agent-hour, not per interval: what a move changes (wages, and the
	 * understaffing summed over its hours) does not depend on the
	 * interval's length.  Per interval, the 15-minute desks annealed four
	 * times colder than the hourly ones; at equal work the change took
	 * the real retail weeks' gap from 1.74 % to 0.13 %, bench L 0.11 %
	 * lower and an M-scarce of 15-minute intervals 0.29 %
	 * (bench/NOTES-scarce.md, fifth session). */
	double T0 = 0.05 * s->in->cfg.understaffing_penalty, T1 = 0.5;
	long iters = 0, taken = 0;
	int checkpoint = 0;
	double shown = 0;   /* when progress was last shown */
	double synced = 0;  /* when the second searcher was last paused */
	struct duo *duo = NULL;
	/* two searchers race for the same moves: not under a work limit */
	int two = !sched_counting(s) && duo_cpus_usable() >= 2;
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
			sched_tick(s, 256 * WORK_DRAW); /* the draws since the last look */
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
				descend(L, fmin(t_end, sched_elapsed(s) + 0.05 * span), 1, checkpoint >= 2, 1);
				sched_evaluate(s, &ev);
				cur = ev.objective;
				sched_trace(s, "checkpoint %d: objective %.2f (hires %.0f, wages %.2f, short %.2f), T %.2f",
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
		if (!ls_anneal_step(L, &r, T, &delta))
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
		sched_trace(s, "second searcher from %.2fs: %ld moves drawn, %ld taken", started, it2, tk2);
		iters += it2;
		taken += tk2;
	}
	/* back to the best roster seen, supply and understaffing with it */
	memcpy(s->assign, best, na * sizeof(int));
	ls_sync(L);
	if (sched_tracing(s)) {
		/* the thread's own CPU time: on a shared machine, moves per
		 * CPU second compare builds where moves per second do not */
		struct timespec cpu;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
		sched_trace(s, "annealing: %ld moves drawn, %ld taken, best %.2f at %.2fs (thread CPU %.2fs)", iters,
			    taken, bestv, sched_elapsed(s), (double)cpu.tv_sec + cpu.tv_nsec * 1e-9);
	}
out:
	free(best);
}


/* Descent sweeps until t_end.  Where a sweep that prices every column of
 * every day would clearly outlast the time (its estimate, agents x pieces
 * of coverage x WORK_TRY / 8 as bench M's columns cover 8 intervals on
 * average, above twice the time), sweeps that only re-plan weeks (one
 * dynamic programme over all columns per agent) go first until they gain
 * nothing, and the full sweeps follow while the time lasts.
 *
 * A 15-minute desk with 15-minute starts has ten times the columns of an
 * hourly one, each covering four times the intervals: on M-scarce in
 * quarters of an hour (200 agents, 18 228 columns) no full sweep ended in
 * the starting descent's 1.5 s or the first descent's 5 s, and the
 * annealing began from a roster 1 000 agent-hours short.  The week
 * re-plans take it within 10 % of the annealed roster in under 0.1 s.  At
 * equal work the roster came out 1.2 % lower there, 0.2 % lower on a
 * generated 15-minute desk (M15-scarce, 4 of 4 seeds) and 0.04 % on bench
 * L (bench/NOTES-scarce.md, sixth session).  Where the full sweeps about
 * fit they go first as before: re-plans first on hourly M-scarce, with
 * half a second of descent for a 0.57 s sweep, ended 0.1-0.65 % higher. */
static void descend_first(struct ls *L, double t_end)
{
	struct sched *s = L->s;
	double sweep = (double)s->in->nagents * s->ncov * WORK_TRY / 8 / WORK_PER_SECOND;

	if (sweep > 2 * (t_end - sched_elapsed(s))) {
		sched_trace(s, "first descent: week re-plans first (a full sweep would take %.1f s)", sweep);
		descend(L, t_end, 50, 0, 0);
	}
	descend(L, t_end, 50, 0, 1);
}

void sched_descend(struct sched *s, double time_limit)
{
	struct ls L;

	ls_init(&L, s);
	descend_first(&L, sched_elapsed(s) + time_limit);
	sched_progress_end(s);
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
	descend_first(&L, sched_elapsed(s) + time_limit / 6);
	/* annealing takes what is left but a little, for a final descent */
	anneal(&L, t_end - 0.03 * (t_end - sched_elapsed(s)));
	descend(&L, t_end, 50, 1, 1);
	sched_progress_end(s);
	ls_release(&L);
}
