/* stage1.c - stage 1: column generation over the aggregated master model
 * (master.c), then integer counts per group and shift from a MIP over the
 * generated columns (small models only)
 *
 * Every candidate column (group, day, start, length, break, copy) is
 * priced against the LP duals and only columns with negative reduced cost
 * enter.  The LP value is a lower bound of the agent-level objective
 * because every row is a sum of agent-level rows, and the Farley bound
 * keeps an interrupted column generation a true bound (docs/MODEL.md
 * section 4).  Runs in the bound thread (sched.c), beside the search.
 */
#include "stage1_int.h"
#include "staffplan/lp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SMALL_COLUMNS 4000 /* up to this many candidate columns the MIP sees all */
#define STRONG_COLUMNS 1000 /* up to this many, the MIP also uses cuts */
#define MIP_COLUMNS 8000   /* above this many, stage 1 gives no counts */
/* With s->cg_probe, column generation gives up when its first LP takes
 * more than CG_PROBE of its time, or when rounds 2 to CG_PROBE_ROUNDS + 1
 * say (or, not ended by then, would say) that CG_ROUNDS rounds at their
 * pace would not fit (bench M converges
 * in about 20 rounds, the first, which solves the LP from scratch, the
 * longest; on M-scarce one round took 20-40 s of a 30 s run,
 * bench/NOTES-scarce.md), so the Lagrangian can have the time. */
#define CG_PROBE 0.2
#define CG_PROBE_ROUNDS 3
#define CG_ROUNDS 20

/* By when (seconds into column generation) round r >= 2 must end for
 * CG_ROUNDS rounds at the pace of rounds 2 to r to fit in cg_time, the
 * first having taken round1. */
static double pace_end(double round1, double cg_time, int r)
{
	return round1 + (cg_time - round1) * (r - 1) / (CG_ROUNDS - 1);
}
#define PER_DAY 1 /* columns entering per group and day and pricing round (measured: 1 converges
                    * in 14 s on the example, 3 in 21 s, 6 in 26 s: small LPs re-solve faster) */

struct cand {
	double rc;
	size_t k;
};

/* The stage-1 MIP's progress (arg: the solve), as a live line. */
static void mip_progress(void *arg, double elapsed, double inc, double bound)
{
	double pct = isnan(inc) || isnan(bound) || inc == 0 ? NAN : 100 * (inc - bound) / fabs(inc);

	sched_progress(arg, inc, bound, pct / 100, "  %6.1fs  incumbent %12.2f  bound %12.2f  gap %6.2f%%   ",
		       elapsed, inc, bound, pct);
}

/* Solves the LP in slices of at most two seconds, so that Ctrl-C and the
 * deadline (seconds since the start) are seen between them; GLPK resumes
 * from the basis each slice ends with. */
static sp_status solve_lp(struct sched *s, struct master *m, double deadline, struct sp_err *err)
{
	for (;;) {
		double left = deadline - sched_elapsed(s);
		if (left <= 0 || sched_stopped(s))
			return sp_err_set(err, SP_ERR_TIMEOUT, "time limit reached in the LP relaxation");
		sp_status st = sched_lp_solve(s, m->lp, left < 2 ? left : 2, err);
		if (st != SP_ERR_TIMEOUT)
			return st;
	}
}

/* Solves the LP, adding violated rows until none is left.  OUT: v, the
 * values of the final LP (only when SP_OK). */
static sp_status solve_separated(struct sched *s, struct master *m, double *acc, double deadline,
				 struct mvals *v, struct sp_err *err)
{
	for (;;) {
		sp_status st = solve_lp(s, m, deadline, err);
		if (st != SP_OK)
			return st;
		master_read_values(s, m, 0, v);
		if (master_separate(s, m, v, acc) == 0)
			return SP_OK;
	}
}

/* The counts of the MIP solution last read into mv, added to cnt. */
static void add_counts(const struct master *m, const struct mvals *mv, int *cnt)
{
	for (size_t i = 0; i < m->nxl; i++)
		cnt[m->xlist[i] / NCOPY] += (int)lround(mv->x[i]);
}

/* Column generation, then integer counts from a MIP over the generated
 * columns (small models; s->stage1_counts says whether it found them).
 * OUT: cnt. */
sp_status sched_stage1(struct sched *s, int *cnt, stage1_first_fn on_first, void *arg, struct sp_err *err)
{
	struct master m = { 0 };
	size_t nx = (size_t)s->ngroups * s->ncols * NCOPY;
	double *dual = NULL, *acc = NULL;
	struct cand *cands = NULL;
	struct mvals mv = { 0 }, lpv = { 0 };
	sp_status st = SP_OK;
	double base_const = 0;
	int trace = sched_tracing(s);

	m.pen_change = s->base_col ? s->in->cfg.change_penalty : 0;
	master_rows(s, &m);
	m.xcol = sp_xmalloc((nx ? nx : 1) * sizeof(int));
	m.ub = sp_xmalloc((nx ? nx : 1) * sizeof(double));
	m.cost = sp_xmalloc((nx ? nx : 1) * sizeof(double));
	cands = sp_xmalloc((nx ? nx : 1) * sizeof(struct cand));
	acc = sp_xmalloc((size_t)s->ngroups * (m.nrt ? m.nrt : 1) * sizeof(double));
	for (size_t i = 0; i < nx; i++)
		m.xcol[i] = -1;
	for (int g = 0; g < s->ngroups; g++)
		for (int j = 0; j < s->ncols; j++)
			master_copies(s, &m, g, j);
	if (s->base_col)
		for (size_t i = 0; i < (size_t)s->in->nagents * s->ndays; i++)
			if (s->base_col[i] != -1)
				base_const += m.pen_change / 2;
	lp_set_obj_const(m.lp, base_const);
	/* The columns of the starting roster (s->assign) enter first: the
	 * first LP is then nearly feasible and its duals mean something,
	 * instead of pricing against understaffing everywhere. */
	for (size_t i = 0; i < (size_t)s->in->nagents * s->ndays; i++) {
		int col = s->assign[i];
		if (col < 0)
			continue;
		size_t k = ((size_t)s->agent_group[i / s->ndays] * s->ncols + col) * NCOPY;
		for (int c = 0; c < NCOPY; c++)
			if (m.ub[k + c] > 0 && m.xcol[k + c] < 0)
				master_add_x(s, &m, k + c);
	}

	double budget = s->opts->time_limit;
	/* Stage 1 runs in the bound thread, beside the search, so column
	 * generation may take 90 % of the time: a converged LP is a bound
	 * (on bench M, 19 rounds and 15 s of 30), an interrupted one only a
	 * weak Lagrangian (Farley) bound. */
	double cg_deadline = 0.9 * budget;
	int rounds = 0, converged = 0;
	double cg_start = sched_elapsed(s), cg_time = cg_deadline - cg_start, round1 = 0;
	s->lower_bound = -HUGE_VAL;
	s->cg_gave_up = s->stage1_counts = 0;
	s->cg_short = 0;
	for (;;) {
		/* the first round by CG_PROBE of the time, rounds 2 to
		 * CG_PROBE_ROUNDS + 1 by when the pace check below would give
		 * up: a round that never ends must not keep the Lagrangian from
		 * the time either (M-scarce once kept the fast rule's bound,
		 * 18 % low, to the end) */
		int probing = s->cg_probe && rounds <= CG_PROBE_ROUNDS;
		double until = !probing   ? cg_deadline
			       : rounds == 0 ? cg_start + CG_PROBE * cg_time
					     : cg_start + pace_end(round1, cg_time, rounds + 1);
		st = solve_separated(s, &m, acc, fmin(cg_deadline, until), &lpv, err);
		if (st == SP_ERR_TIMEOUT && probing && !sched_stopped(s) && sched_elapsed(s) < cg_deadline) {
			sched_trace(s, "column generation gave up: round %d took past %.2fs", rounds + 1, until);
			s->cg_gave_up = 1;
			st = SP_OK;
			goto done;
		}
		if (st == SP_ERR_TIMEOUT && rounds > 0) {
			st = SP_OK; /* go on with the last LP solution and its bound */
			break;
		}
		if (st != SP_OK)
			goto done;
		rounds++;
		dual = sp_xrealloc(dual, (size_t)lp_nrows(m.lp) * sizeof(double));
		for (int i = 0; i < lp_nrows(m.lp); i++)
			dual[i] = lp_dual(m.lp, i);
		/* price every candidate; the Lagrangian (Farley) bound
		 * LP + sum of ub * min(0, reduced cost) is valid at any round.
		 * The best PER_DAY columns of each group and day enter: spread
		 * over the week, they move the LP further than a global top-N. */
		size_t nc = 0, npos = 0;
		double farley = 0;
		for (int g = 0; g < s->ngroups; g++)
			for (int d = 0; d < s->ndays; d++) {
				size_t first = nc;
				for (int j = s->day_first[d]; j < s->day_first[d + 1]; j++) {
					size_t k = ((size_t)g * s->ncols + j) * NCOPY;
					if (!master_col_open(&m, k))
						continue;
					double dot = master_dot(s, &m, g, j, dual);
					for (int c = 0; c < NCOPY; c++) {
						if (m.ub[k + c] == 0 || m.xcol[k + c] >= 0)
							continue;
						double rc = m.cost[k + c] - dot -
							    master_level_dot(s, &m, g, j, c % NLEV, dual);
						if (rc >= -1e-7)
							continue;
						farley += rc * m.ub[k + c];
						npos++;
						/* keep the PER_DAY most negative, sorted, in [first, nc) */
						size_t i;
						if (nc - first < (size_t)PER_DAY)
							i = nc++;
						else if (rc < cands[nc - 1].rc)
							i = nc - 1;
						else
							continue;
						while (i > first && cands[i - 1].rc > rc) {
							cands[i] = cands[i - 1];
							i--;
						}
						cands[i].rc = rc;
						cands[i].k = k + c;
					}
				}
			}
		sched_tick(s, WORK_PRICE * s->ngroups * s->ncols);
		double lb = lp_obj(m.lp) + farley;
		if (lb > s->lower_bound)
			s->lower_bound = lb;
		if (trace)
			sched_trace(s, "round %d: LP %.2f, %zu columns price out, %zu enter, bound %.2f, %d rows, %.2fs",
				    rounds, lp_obj(m.lp), npos, nc, lb, lp_nrows(m.lp), sched_elapsed(s));
		else
			sched_progress(s, NAN, fmax(0, s->lower_bound), NAN,
				       "  %6.1fs  column generation round %d  LP %12.2f  bound %12.2f   ",
				       sched_elapsed(s), rounds, lp_obj(m.lp), fmax(0, s->lower_bound));
		if (nc == 0) {
			converged = 1;
			break;
		}
		if (sched_elapsed(s) > cg_deadline || sched_stopped(s))
			break;
		double spent = sched_elapsed(s) - cg_start;
		if (rounds == 1)
			round1 = spent;
		else if (s->cg_probe && rounds <= CG_PROBE_ROUNDS + 1 && spent > pace_end(round1, cg_time, rounds)) {
			sched_trace(s, "column generation gave up: %d rounds took %.2fs of %.2fs", rounds, spent,
				    cg_time);
			s->cg_gave_up = 1;
			break;
		}
		for (size_t i = 0; i < nc; i++)
			master_add_x(s, &m, cands[i].k);
	}
	s->lb_valid = 1; /* the Farley bound of every round is one */
	for (int t = 0; converged && t < s->nint; t++)
		s->cg_short += lpv.u[t];
	if (s->cg_gave_up || s->lp_only)
		goto done;
	int found = 0, optimal = 0, all = 0;
	if (converged) {
		/* Columns nearly as good as those in the LP give the MIP room to
		 * round; a small instance gets every column, so its MIP is exact. */
		size_t total = 0;
		for (size_t k = 0; k < nx; k++)
			total += m.ub[k] > 0;
		all = total <= SMALL_COLUMNS;
		for (int g = 0; g < s->ngroups && (all || m.nxl <= MIP_COLUMNS); g++)
			for (int j = 0; j < s->ncols; j++) {
				size_t k = ((size_t)g * s->ncols + j) * NCOPY;
				if (!master_col_open(&m, k))
					continue;
				double dot = master_dot(s, &m, g, j, dual);
				for (int c = 0; c < NCOPY; c++)
					if (m.ub[k + c] > 0 && m.xcol[k + c] < 0 &&
					    (all || m.cost[k + c] - dot - master_level_dot(s, &m, g, j, c % NLEV, dual) <
							    0.02 * m.cost[k + c]))
						master_add_x(s, &m, k + c);
			}
	}
	if (!s->opts->quiet && sched_showing(s)) {
		sched_progress_end(s);
		sched_summary(s, s->lower_bound, "stage 1: %d groups, %d shift columns, %d pricing rounds%s, bound %.2f",
			      s->ngroups, s->ncols, rounds, converged ? "" : " (stopped early)", s->lower_bound);
	}
	sched_trace(s, "%zu x columns after enrichment (converged %d) at %.2fs", m.nxl, converged,
		    sched_elapsed(s));
	if (converged && m.nxl <= MIP_COLUMNS && !sched_stopped(s)) {
		/* Only a converged column set is worth a MIP: over a partial
		 * one, the annealing makes better use of the time.
		 * GLPK's cut rounds and feasibility pump ignore the time limit
		 * (measured: 131 s against 14 s on 3 082 columns), so only small
		 * models get them */
		lp_set_strong_mip(m.lp, m.nxl <= STRONG_COLUMNS);
		/* GLPK's branching alone found 13 707 on S-scarce where the
		 * search reaches 11 811-12 077; its proximity heuristic found
		 * 11 791 (the first solution of its own search, on a copy of
		 * the root problem), which the search took to 11 623-11 649 */
		lp_set_mip_cuts(m.lp, LP_HEUR_PROXIMITY);
		for (size_t i = 0; i < m.nxl; i++)
			lp_set_col_integer(m.lp, m.xcol[m.xlist[i]], 1);
		for (int g = 0; g < s->ngroups; g++)
			if (m.hcol[g] >= 0)
				lp_set_col_integer(m.lp, m.hcol[g], 1);
		master_days_off(s, &m); /* else stage 2 may get weeks nobody may work */
		/* rows are generated lazily, so an integer solution may break one
		 * the LP never needed: add those and solve again */
		for (int pass = 0; pass < 20 && !sched_stopped(s); pass++) {
			double mip_time = 0.95 * budget - sched_elapsed(s);
			if (mip_time < 1)
				mip_time = 1;
			if ((st = solve_lp(s, &m, sched_elapsed(s) + mip_time, err)) != SP_OK)
				break;
			int early = on_first && pass == 0 && lp_set_mip_first(m.lp);
			st = sched_mip_solve(s, m.lp, mip_time, s->opts->gap, sched_showing(s) ? mip_progress : NULL,
					     s, &found, &optimal, err);
			sched_progress_end(s);
			if (st != SP_OK)
				break;
			sched_trace(s, "stage-1 MIP on %zu columns: found %d optimal %d obj %.2f at %.2fs%s", m.nxl,
				    found, optimal, found ? lp_mip_obj(m.lp) : NAN, sched_elapsed(s),
				    early && found ? " (its first)" : "");
			if (!found)
				break;
			master_read_values(s, &m, 1, &mv);
			if (early && !optimal) {
				/* The first solution goes to the search now: on
				 * S-scarce proximity search finds it after 8 s of
				 * the MIP's 25, and the rest of the MIP found no
				 * better, so the search had 0.5 s to polish it.
				 * The MIP goes on from it, on the same rows (so
				 * that the start stays feasible) and without
				 * proximity search, which has had its turn. */
				int *c1 = sp_xcalloc((size_t)s->ngroups * s->ncols + 1, sizeof(int));
				add_counts(&m, &mv, c1);
				on_first(arg, s, c1);
				free(c1);
				double *x = sp_xmalloc(((size_t)lp_ncols(m.lp) + 1) * sizeof(double));
				for (int c = 0; c < lp_ncols(m.lp); c++)
					x[c] = lp_mip_value(m.lp, c);
				lp_set_mip_start(m.lp, x);
				free(x);
				lp_set_mip_cuts(m.lp, 0);
				found = 0;
				continue;
			}
			if (master_separate(s, &m, &mv, acc) == 0)
				break;
			found = optimal = 0;
		}
		if (st == SP_ERR_TIMEOUT)
			st = SP_OK; /* no counts, the bound stands */
		if (st != SP_OK)
			goto done;
	}
	s->stage1_exact = optimal;
	s->stage1_counts = found;
	/* Over every column, the MIP's optimum is itself a bound: the integer
	 * counts of any roster are a solution of it (within GLPK's relative
	 * gap of the best bound). */
	if (optimal && all) {
		double obj = lp_mip_obj(m.lp), b = obj - s->opts->gap * fabs(obj);
		if (b > s->lower_bound)
			s->lower_bound = b;
	}
	/* no counts without a MIP: rounding the LP up from a quarter made
	 * rosters two to four times the search's (the example 124 941
	 * against 60 264, bench M 420 910), never taken */
	if (found)
		add_counts(&m, &mv, cnt);
done:
	mvals_release(&mv);
	mvals_release(&lpv);
	free(dual);
	free(acc);
	free(cands);
	master_free(&m);
	return st;
}
