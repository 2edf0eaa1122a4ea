/* sched.c - the whole solve: instance, precheck, the starting roster, the
 * search, and the bound thread beside it
 *
 * sched_solve: the Lagrangian bound (lagrange.c) briefly, its starting
 * roster, then the search (search.c) in this thread while a second thread
 * improves the bound (the Lagrangian; where the model is small enough,
 * stages 1 and 2 too, stage1.c and assign.c, with the Lagrangian's slow
 * rule before and after them) and offers stage 2's roster through the
 * feed (feed.c).  The final roster is checked against every hard rule.
 * Under a work limit (the reproducible mode, clock.h) the clock counts
 * work, and the bound thread's work runs in turn before the search, on
 * this thread: one input, seed and work limit, one roster.
 */
#include "sched_int.h"
#include "staffplan/buf.h"
#include "staffplan/lp.h"
#include "staffplan/stop.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLGEN_MAX 100000  /* groups x columns up to which column generation runs */
#define LAG_START 0.05     /* of the time limit: the Lagrangian before the starting roster */
#define LAG_SHARE 0.25     /* of the time limit: the Lagrangian when no thread can run */
#define STAGES_END 0.6     /* of the work limit: stages 1 and 2 end by then, in turn */
/* of the time limit: by FAST_COOL the fast rule must have converged or
 * still climb at full step, and by FAST_SHARE it must have converged, or
 * column generation (on bench M about half the time) is not expected to
 * finish after it, and the slow rule takes over.  On M-scarce the fast
 * rule was still walking after 29 s, frozen 18 % below the slow rule's
 * bound, its step cooling from iteration 800; on bench M at load 13 (the
 * fast rule then needs 25 s) it climbs at full step until iteration 1 300,
 * and a switch there left the bound 0.3 % lower than the fast rule's at the
 * end (bench/NOTES-scarce.md). */
#define FAST_COOL 0.3
#define FAST_SHARE 0.5
/* When the fast rule has converged, the slow rule goes on before column
 * generation while it climbs: SLOW_CLIMB above the fast rule's bound after
 * SLOW_PROBE iterations of one week (on M-scarce it stays flat for 300,
 * then gains 2 % in 100), for at most SLOW_FIRST of the time left
 * (lag_thread). */
#define SLOW_PROBE 500
#define SLOW_CLIMB 0.005
#define SLOW_FIRST 0.2

/* The bound thread, beside the search: the Lagrangian until it
 * converges, then (on models small enough) column generation and the
 * stage-1 MIP, whose bound is shared, and the stage-2 roster from its
 * counts, offered to the search.  It works on a shallow copy of the
 * solve with its own roster; only feed is shared. */
struct lag_job {
	struct sched *s;
	struct lag *L;
	int colgen;             /* run stage 1 and 2 after the Lagrangian */
	int *start;             /* the starting roster: seeds stage 1 */
	struct shared_bound feed;
	volatile int quit;      /* the search is over */
};

/* Stage 2 on stage 1's counts, and its roster offered to the search;
 * share: of the time left, what stage 2's MIPs may take. */
static void offer_counts(struct lag_job *j, struct sched *c, const int *cnt, int exact, double share)
{
	struct sp_err err;
	struct seval ev;

	if (sched_assign(c, cnt, share * (c->opts->time_limit - sched_elapsed(c)), &err) != SP_OK)
		return;
	/* Hires from counts not proven are guesses, and a hired week is hard
	 * to give back: unless stage 1 proved its counts, the roster goes
	 * without candidates and the search hires only where a whole week
	 * pays. */
	if (!exact)
		for (int a = 0; a < c->in->nagents; a++)
			if (c->in->agents[a].hypothetical)
				for (int d = 0; d < c->ndays; d++)
					c->assign[(size_t)a * c->ndays + d] = -1;
	sched_repair_min_hours(c);
	sched_evaluate(c, &ev);
	feed_offer_roster(&j->feed, c->assign, (size_t)c->in->nagents * c->ndays, ev.objective);
	sched_trace(c, "stage-2 roster %.2f offered at %.2fs", ev.objective, sched_elapsed(c));
	seval_release(&ev);
}

/* The stage-1 MIP's first solution (stage1_first_fn), while the MIP goes on. */
static void offer_first(void *arg, struct sched *s, const int *cnt)
{
	struct lag_job *j = arg;

	if (!j->quit && !s->base_col)
		offer_counts(j, s, cnt, 0, 0.2);
}

/* Stages 1 and 2, ending by until (seconds since the start); in_turn:
 * not beside the search but before it (the reproducible mode).  Returns 1
 * where the slow rule may still raise the bound: column generation gave
 * up (its first rounds said it could not converge in the time), or its LP
 * leaves agent-hours short.  On such a desk the LP over groups, which
 * prices a group at its least wage, fell far below the Lagrangian over
 * agent classes: the CLI's medium desk 57 926 against 61 443. */
static int run_stages(struct lag_job *j, double until, int in_turn)
{
	struct sched c = *j->s;
	struct sched_opts o = *j->s->opts;
	struct sp_err err;
	int *cnt = sp_xcalloc((size_t)c.ngroups * c.ncols + 1, sizeof(int));

	o.time_limit = until;
	if (!in_turn) {
		o.progress = 0;      /* the search owns the terminal */
		o.stop = &j->quit;   /* Ctrl-C ends the search, which sets quit */
	}
	c.opts = &o;
	c.feed = NULL;
	c.assign = j->start;
	c.lb_valid = 0;
	c.cg_probe = 1;
	if (sched_stage1(&c, cnt, offer_first, j, &err) == SP_OK) {
		if (c.lb_valid)
			feed_offer_bound(&j->feed, c.lower_bound);
		/* in turn, the search's share is not for stage 2 */
		if (c.stage1_counts && !c.base_col && !j->quit && !(in_turn && sched_elapsed(&c) >= until))
			offer_counts(j, &c, cnt, c.stage1_exact, 0.6);
	}
	lp_thread_done();
	free(cnt);
	return c.cg_gave_up || c.cg_short > 1e-6;
}

/* The Lagrangian until it converges or t_end (seconds since the start),
 * and no later than t_cool if its step is cooling by then. */
static void lag_walk(struct lag_job *j, double t_end, double t_cool)
{
	while (!j->quit && !sched_lag_converged(j->L) && sched_elapsed(j->s) < t_end && !sched_stopped(j->s)) {
		if (sched_elapsed(j->s) >= t_cool && sched_lag_cooling(j->L))
			break;
		feed_offer_bound(&j->feed, sched_lag_run(j->L, fmin(t_end, sched_elapsed(j->s) + 0.25)));
	}
}

/* The rule is chosen by what happens: the fast rule, then column
 * generation where the fast rule converges in the time, and the slow rule
 * from the best prices, briefly before column generation and, where it
 * climbed or run_stages says it may still gain, after it.  Where the fast
 * rule converged near the LP (bench M) the slow rule gains nothing in
 * SLOW_PROBE iterations, and column generation's LP is the bound; where
 * it froze low (desks short at their peaks) the slow rule climbs, and
 * column generation's LP over groups can be weaker still (M-scarce:
 * 166 140, the slow rule 181 525), so it has SLOW_FIRST of the time left
 * before column generation and all the time after.  The probe can miss
 * it: on the CLI's medium desk the slow rule stays flat for 500
 * iterations and then climbs past column generation's LP.  Every bound
 * found is offered; the feed keeps the highest. */
static int lag_thread(void *arg)
{
	struct lag_job *j = arg;
	struct lag *L = j->L;
	double T = j->s->opts->time_limit;
	int slow = j->colgen;

	lag_walk(j, j->colgen ? FAST_SHARE * T : T, j->colgen ? FAST_COOL * T : HUGE_VAL);
	if (j->colgen && !j->quit && !sched_lag_converged(L)) {
		sched_trace(j->s, "the fast rule has not converged by %.2fs: no column generation",
			    sched_elapsed(j->s));
	} else if (j->colgen && !j->quit) {
		double z0 = sched_lag_bound(L), until = sched_elapsed(j->s) + SLOW_FIRST * (T - sched_elapsed(j->s));
		int climbs = 1; /* until SLOW_PROBE iterations say otherwise */
		sched_lag_go_slow(L);
		while (!j->quit && !sched_lag_converged(L) && sched_elapsed(j->s) < until && !sched_stopped(j->s)) {
			if (sched_lag_rule_iterations(L) >= SLOW_PROBE / j->s->nweeks &&
			    !(climbs = sched_lag_bound(L) > z0 + SLOW_CLIMB * fabs(z0)))
				break;
			feed_offer_bound(&j->feed, sched_lag_run(L, fmin(until, sched_elapsed(j->s) + 0.1)));
		}
		slow = !j->quit && (run_stages(j, T, 0) || climbs);
	}
	if (slow && !j->quit) {
		sched_lag_go_slow(L);
		lag_walk(j, T, HUGE_VAL);
	}
	feed_end(&j->feed);
	return 0;
}

/* Starts the bound thread on job (s->feed then reads it); 0 when no
 * thread can be had. */
static int lag_start(struct sched *s, struct lag_job *j, thrd_t *th)
{
	size_t na = (size_t)s->in->nagents * s->ndays;

	if (!j->feed.roster)
		j->feed.roster = sp_xmalloc((na + 1) * sizeof(int));
	j->feed.value = sched_lag_bound(j->L);
	if (mtx_init(&j->feed.lock, mtx_plain) != thrd_success)
		return 0;
	if (thrd_create(th, lag_thread, j) != thrd_success) {
		mtx_destroy(&j->feed.lock);
		return 0;
	}
	s->feed = &j->feed;
	return 1;
}

/* The reproducible mode: what the bound thread does, in turn, before the
 * search (beside it, which bound or roster the search saw when would
 * hang on the load): the Lagrangian until it converges or has LAG_SHARE
 * of the work (the slow rule after the fast rule converged or cooled),
 * then stages 1 and 2 until STAGES_END, whose roster the search starts
 * from when it is better.  0 when no lock can be had. */
static int bound_in_turn(struct sched *s, struct lag_job *j)
{
	size_t na = (size_t)s->in->nagents * s->ndays;
	double T = s->opts->time_limit;

	j->feed.roster = sp_xmalloc((na + 1) * sizeof(int));
	j->feed.value = sched_lag_bound(j->L);
	if (mtx_init(&j->feed.lock, mtx_plain) != thrd_success)
		return 0;
	s->feed = &j->feed;
	/* the fast rule, the slow rule from its prices when it converged or
	 * cooled by half the share, as lag_thread does */
	lag_walk(j, LAG_SHARE * T, j->colgen ? LAG_SHARE / 2 * T : HUGE_VAL);
	if (j->colgen) {
		sched_lag_go_slow(j->L);
		lag_walk(j, LAG_SHARE * T, HUGE_VAL);
	}
	if (j->colgen && !sched_stopped(s))
		run_stages(j, STAGES_END * T, 1);
	feed_end(&j->feed);
	struct seval ev;
	sched_evaluate(s, &ev);
	sched_take_roster(s, ev.objective);
	seval_release(&ev);
	return 1;
}

/* Stops the bound thread (th NULL: none ran), takes the best bound, and
 * frees the Lagrangian. */
static void lag_finish(struct sched *s, struct lag_job *j, thrd_t *th)
{
	if (th) {
		j->quit = 1;
		thrd_join(*th, NULL);
	}
	if (s->feed) {
		/* a roster offered after the search ended */
		struct seval ev;
		sched_evaluate(s, &ev);
		sched_take_roster(s, ev.objective);
		seval_release(&ev);
		mtx_destroy(&j->feed.lock);
	}
	s->feed = NULL;
	double b = fmax(sched_lag_bound(j->L), j->feed.value);
	if (b > -HUGE_VAL && (!s->lb_valid || b > s->lower_bound)) {
		s->lower_bound = b;
		s->lb_valid = 1;
	}
	sched_lag_destroy(j->L);
	free(j->feed.roster);
}

/* A re-plan starts from the published roster: every baseline shift that
 * is still offered and allowed is kept, and the local search then moves
 * only what pays more than change_penalty.  Shifts that now break a rule
 * (new unavailability, a changed contract) are dropped, latest first. */
static void start_from_baseline(struct sched *s)
{
	for (int a = 0; a < s->in->nagents; a++) {
		for (int d = 0; d < s->ndays; d++) {
			int b = s->base_col[(size_t)a * s->ndays + d];
			s->assign[(size_t)a * s->ndays + d] =
				b >= 0 && !sched_blocked(s, a, b) ? b : -1;
		}
		week_fix(s, a, NULL, &s->assign[(size_t)a * s->ndays]);
		for (int d = s->ndays - 1; d >= 0 && sched_check_rules(s, a, NULL, 0); d--)
			s->assign[(size_t)a * s->ndays + d] = -1;
	}
}

/* What of the previous roster week_possible counts. */
enum { CARRY_BLOCKS = 1, CARRY_RUN = 2 };

/* The most paid hours agent a can work in week w: the longest shift of
 * each day that is not blocked (CARRY_BLOCKS: also by the previous
 * roster: a shift still running, the rest after its last shift), over any
 * set of days that keeps max_days, min_consecutive_days_off and
 * max_consecutive_days, a run from the horizon's first day counting the
 * days worked just before it with CARRY_RUN (a run from an earlier week
 * of the horizon is taken as short as can be).  Rest between the week's
 * own shifts is left out: a bound, never below what a roster reaches. */
static double week_possible(const struct sched *s, int a, int w, int carry)
{
	const struct sp_config *cfg = &s->in->cfg;
	const struct sp_agent *ag = &s->in->agents[a];
	int d0 = sched_week_first(s, w), len = sched_week_len(s, w);
	int run0 = carry & CARRY_RUN && d0 == 0 && s->carry_run ? s->carry_run[a] : 0;
	double best[7] = { 0 }, top = 0;

	for (int d = d0; d < d0 + len; d++)
		for (int j = s->day_first[d]; j < s->day_first[d + 1]; j++) {
			int blocked = carry & CARRY_BLOCKS ? sched_blocked(s, a, j)
					: sched_blocked(s, a, j) && !sched_carry_blocked(s, a, j);
			if (!blocked && s->cols[j].paid_min / 60.0 > best[d - d0])
				best[d - d0] = s->cols[j].paid_min / 60.0;
		}
	/* every set of days: 128 at most */
	for (unsigned m = 1; m < 1u << len; m++) {
		int days = 0, run = run0, off = 0, most_off = 0, ok = 1;
		double total = 0;
		for (int d = 0; d < len && ok; d++) {
			if (!(m >> d & 1)) {
				run = 0;
				if (++off > most_off)
					most_off = off;
				continue;
			}
			off = 0;
			days++;
			total += best[d];
			ok = best[d] > 0 && ++run <= cfg->max_consecutive_days;
		}
		if (ok && days <= ag->max_days && total > top &&
		    (cfg->min_consecutive_days_off <= 0 || cfg->min_consecutive_days_off > len ||
		     most_off >= cfg->min_consecutive_days_off))
			top = total;
	}
	return top;
}

/* Agents whose availability, contract or previous roster cannot reach
 * min_hours in some week at all. */
static sp_status precheck(const struct sched *s, struct sp_err *err)
{
	struct buf names = BUF_INIT;
	int bad = 0, carried = 0;
	char wl[64], t[32], t2[32];

	for (int a = 0; a < s->in->nagents; a++) {
		const struct sp_agent *ag = &s->in->agents[a];
		if (ag->min_hours <= 0 || ag->hypothetical)
			continue; /* a candidate not hired has no contract to meet */
		for (int w = 0; w < s->nweeks; w++) {
			double total = week_possible(s, a, w, CARRY_BLOCKS | CARRY_RUN);
			if (total + 1e-9 >= ag->min_hours)
				continue;
			if (bad++ < 10) {
				buf_printf(&names, "%s'%s'", bad > 1 ? ", " : "", ag->id);
				if (*sched_week_label(s, w, wl, sizeof(wl)))
					buf_printf(&names, " in %s", wl);
				buf_printf(&names, " (%.0f h possible", total);
				/* the previous roster is why: say how (each part of it
				 * that takes hours away) */
				if (week_possible(s, a, w, 0) + 1e-9 >= ag->min_hours) {
					carried++;
					int rest = s->last_end[a] && s->free_from[a] > s->day_start[0];
					if (rest) {
						sp_time_format(&s->in->tz, s->last_end[a], t);
						sp_time_format(&s->in->tz, s->free_from[a], t2);
						buf_printf(&names, ": its previous shift ends %s, and min_rest_hours = %g "
							   "allows no start before %s", t, s->in->cfg.min_rest_hours, t2);
					}
					if (week_possible(s, a, w, CARRY_BLOCKS) > total + 1e-9)
						buf_printf(&names, "%s it worked the %d days before the horizon, "
							   "max_consecutive_days = %d", rest ? ";" : ":",
							   s->carry_run[a], s->in->cfg.max_consecutive_days);
				}
				buf_printf(&names, ")");
			}
			break;
		}
	}
	if (bad) {
		sp_err_set(err, SP_ERR_INFEASIBLE,
			   "rule min_hours cannot hold for %d agent(s): %s%s; lower min_hours or their "
			   "unavailability%s", bad, names.s, bad > 10 ? ", ..." : "",
			   carried ? ", or plan with the previous roster in mind" : "");
		buf_release(&names);
		return SP_ERR_INFEASIBLE;
	}
	buf_release(&names);
	return SP_OK;
}

sp_status sched_solve(const struct sp_input *in, const struct sp_reqs *req,
		      const struct sched_opts *opts, struct sp_run *run, struct sp_err *err)
{
	struct sched s = { 0 };
	int stop0 = opts->stop ? *opts->stop : 0; /* a flag set before the call ends the search only */
	sp_status st;

	if ((st = sched_build(&s, in, req, opts, err)) != SP_OK)
		goto done;
	/* With a work limit the phases share out its nominal seconds (the
	 * clock counts work), opts->time_limit stays the safety net. */
	struct sched_opts wo;
	int counting = sched_counting(&s);
	if (counting) {
		wo = *opts;
		wo.time_limit = sclock_nominal(opts->work_limit);
		s.opts = opts = &wo;
	}
	st = precheck(&s, err);
	if (st != SP_OK)
		goto done;
	s.assign = sp_xmalloc(((size_t)in->nagents * s.ndays + 1) * sizeof(int));
	int trace = sched_tracing(&s);
	sched_trace(&s, "built %d columns, %d groups in %.2fs", s.ncols, s.ngroups, sched_elapsed(&s));
	/* The Lagrangian first, briefly: its prices give the starting roster
	 * (the baseline is the start when re-planning), whose columns seed
	 * column generation.  Then the bound thread (the Lagrangian, stages 1
	 * and 2) runs beside the search, which reads its bound as it rises
	 * and takes its roster when better. */
	size_t na = (size_t)in->nagents * s.ndays;
	struct lag_job job = { .s = &s };
	thrd_t th;
	/* Column generation's master LP grows with groups x columns; beyond
	 * COLGEN_MAX its rounds cost minutes (bench L), and the Lagrangian
	 * bound stands alone.  Below, the fast rule leaves it the time, and
	 * the bound thread turns to the slow rule if either will not
	 * converge (lag_thread). */
	job.colgen = (double)s.ngroups * s.ncols <= COLGEN_MAX;
	job.L = sched_lag_create(&s, !job.colgen);
	sched_lag_run(job.L, LAG_START * opts->time_limit);
	/* no roster yet: a signal that came since the start, or the time
	 * limit, ends the solve here without one */
	if ((opts->stop && *opts->stop != stop0) || sched_elapsed(&s) > opts->time_limit) {
		sched_lag_destroy(job.L);
		st = sp_err_set(err, SP_ERR_TIMEOUT, "building the starting roster (%d agents)", in->nagents);
		goto done;
	}
	for (size_t i = 0; i < na; i++)
		s.assign[i] = -1;
	/* Without column generation the bound thread needs nothing from the
	 * starting roster, so it starts before the first descent instead of
	 * leaving its core idle there. */
	int threaded = 0;
	if (s.base_col) {
		start_from_baseline(&s);
	} else {
		sched_lag_roster(job.L, s.assign);
		sched_repair_min_hours(&s);
		if (!job.colgen && !counting)
			threaded = lag_start(&s, &job, &th);
		sched_descend(&s, 0.05 * opts->time_limit);
	}
	if (trace) {
		struct seval ev;
		sched_evaluate(&s, &ev);
		sched_trace(&s, "starting roster at %.2fs, objective %.2f, Lagrangian bound %.2f", sched_elapsed(&s),
			    ev.objective, s.feed ? sched_bound(&s) : sched_lag_bound(job.L));
		seval_release(&ev);
	}
	int in_turn = 0;
	if (!threaded) {
		if (job.colgen) {
			job.start = sp_xmalloc((na + 1) * sizeof(int));
			memcpy(job.start, s.assign, na * sizeof(int));
		}
		if (counting) /* one thread: the same roster under any load */
			in_turn = bound_in_turn(&s, &job);
		else
			threaded = lag_start(&s, &job, &th);
	}
	if (!threaded && !in_turn) { /* the Lagrangian has its share, in turn, and alone */
		sched_lag_go_slow(job.L);
		sched_lag_run(job.L, LAG_SHARE * opts->time_limit);
	}
	sched_improve(&s, opts->time_limit - sched_elapsed(&s));
	lag_finish(&s, &job, threaded ? &th : NULL);
	free(job.start);
	sched_trace(&s, "search done at %.2fs, bound %.2f", sched_elapsed(&s), s.lower_bound);
	/* SIGTERM or a second Ctrl-C: no roster is wanted, so no time goes
	 * into checking one */
	if (opts->stop && *opts->stop == SP_STOP_NOW) {
		st = sp_err_set(err, SP_ERR_TIMEOUT, "solving (%d agents)", in->nagents);
		goto done;
	}
	struct buf bad = BUF_INIT;
	int nbad = 0;
	for (int a = 0; a < in->nagents; a++) {
		char why[256];
		if (sched_check_agent(&s, a, why, sizeof(why))) {
			if (nbad++ < 5)
				buf_printf(&bad, "%sagent '%s': %s", nbad > 1 ? "; " : "", in->agents[a].id, why);
		}
	}
	if (nbad) {
		/* the precheck found each week's days enough; it leaves out the
		 * rules between the week's shifts, so name them */
		const struct sp_config *cfg = &in->cfg;
		st = sp_err_set(err, SP_ERR_INFEASIBLE, "no roster satisfies the hard rules for %d agent(s): %s%s "
				"(between a week's shifts: min_rest_hours = %g, starts %02d:%02d-%02d:%02d; "
				"lower min_hours or relax one of them)",
				nbad, bad.s, nbad > 5 ? "; ..." : "", cfg->min_rest_hours,
				cfg->earliest_start / 60, cfg->earliest_start % 60, cfg->latest_start / 60,
				cfg->latest_start % 60);
		buf_release(&bad);
		goto done;
	}
	buf_release(&bad);
	sched_to_run(&s, run);
	run->kpis.solve_seconds = sclock_wall(s.clock);
	run->kpis.seed = opts->seed;
	run->kpis.work_limit = opts->work_limit;
	run->kpis.work_done = counting ? s.clock->work : 0;
	run->kpis.time_cut = s.clock->cut;
	/* sched_to_run said time_limit if the clock ended the search short of
	 * the gap; Ctrl-C always says it */
	if (sched_stopped(&s))
		snprintf(run->kpis.status, sizeof(run->kpis.status), "time_limit");
done:
	sched_release(&s);
	return st;
}

sp_status sched_lagrange_bound(const struct sp_input *in, const struct sp_reqs *req,
			       const struct sched_opts *opts, double *bound, struct sp_err *err)
{
	struct sched s = { 0 };
	sp_status st = sched_build(&s, in, req, opts, err);

	*bound = -HUGE_VAL;
	if (st == SP_OK) {
		struct lag *L = sched_lag_create(&s, 1);
		/* under a work limit, its nominal seconds (clock.h) */
		*bound = sched_lag_run(L, sched_counting(&s) ? sclock_nominal(opts->work_limit) : opts->time_limit);
		sched_lag_destroy(L);
	}
	sched_release(&s);
	return st;
}

sp_status sched_stage1_bound(const struct sp_input *in, const struct sp_reqs *req,
			     const struct sched_opts *opts, double *bound, struct sp_err *err)
{
	struct sched s = { 0 };
	sp_status st = sched_build(&s, in, req, opts, err);

	*bound = -HUGE_VAL;
	if (st == SP_OK) {
		size_t na = (size_t)in->nagents * s.ndays;
		int *cnt = sp_xcalloc((size_t)s.ngroups * s.ncols + 1, sizeof(int));
		s.assign = sp_xmalloc((na + 1) * sizeof(int));
		for (size_t i = 0; i < na; i++)
			s.assign[i] = -1; /* no seed: every column is priced in */
		s.lp_only = 1;
		st = sched_stage1(&s, cnt, NULL, NULL, err);
		if (st == SP_OK && s.lb_valid)
			*bound = s.lower_bound;
		lp_thread_done();
		free(cnt);
	}
	sched_release(&s);
	return st;
}
