/* clock.c - the solve's clock (clock.h): wall-clock seconds, or work
 * counted in machine-independent units; and the LP and MIP solves of the
 * solver under it
 *
 * The solver reads the clock where it used to read the time; with a work
 * limit, an LP or MIP is given no time slice that could end it at a
 * load-dependent point: it runs to its end (or to a node limit the work
 * left buys) and then counts its simplex iterations and nodes.
 */
#include "clock.h"
#include "sched_int.h"
#include "staffplan/lp.h"

#include <math.h>
#include <time.h>

double sclock_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void sclock_start(struct sclock *c, double wall_limit, double work_limit)
{
	c->t0 = sclock_now();
	c->wall_limit = wall_limit;
	c->work_limit = work_limit > 0 ? work_limit : 0;
	c->work = 0;
	c->cut = 0;
}

int sclock_counting(const struct sclock *c) { return c->work_limit > 0; }

double sclock_wall(const struct sclock *c) { return sclock_now() - c->t0; }

double sclock_elapsed(const struct sclock *c)
{
	return sclock_counting(c) ? c->work / WORK_PER_SECOND : sclock_wall(c);
}

double sclock_wall_left(const struct sclock *c)
{
	return fmax(0.01, c->wall_limit - sclock_wall(c));
}

void sclock_tick(struct sclock *c, double units)
{
	/* the wall clock rules: nothing is written, so the bound thread and
	 * the second searcher may call this beside the search */
	if (sclock_counting(c))
		c->work += units;
}

int sclock_cut(struct sclock *c)
{
	if (sclock_counting(c) && !c->cut && sclock_wall(c) > c->wall_limit)
		c->cut = 1;
	return c->cut;
}

double sclock_nominal(double work_limit) { return work_limit / WORK_PER_SECOND; }

/* ---- the solver's side ------------------------------------------------------ */

double sched_elapsed(const struct sched *s) { return sclock_elapsed(s->clock); }

void sched_tick(const struct sched *s, double units) { sclock_tick(s->clock, units); }

int sched_counting(const struct sched *s) { return sclock_counting(s->clock); }

/* Counts what lp did since *it0 / *nd0 (updated). */
static void count_lp(const struct sched *s, const struct lp *lp, long *it0, long *nd0)
{
	long it, nd;
	lp_work(lp, &it, &nd);
	sched_tick(s, WORK_SIMPLEX * (double)(it - *it0) + WORK_NODE * (double)(nd - *nd0));
	*it0 = it;
	*nd0 = nd;
}

sp_status sched_lp_solve(const struct sched *s, struct lp *lp, double seconds, struct sp_err *err)
{
	if (!sched_counting(s))
		return lp_solve(lp, seconds, err);
	long it, nd;
	lp_work(lp, &it, &nd);
	/* to the end, whatever it takes: only the safety net may cut it */
	sp_status st = lp_solve(lp, sclock_wall_left(s->clock), err);
	count_lp(s, lp, &it, &nd);
	return st;
}

sp_status sched_mip_solve(const struct sched *s, struct lp *lp, double seconds, double gap,
			  lp_progress_fn progress, void *arg, int *found, int *optimal, struct sp_err *err)
{
	if (!sched_counting(s))
		return lp_solve_mip(lp, seconds, gap, progress, arg, s->opts->stop, found, optimal, err);
	long it, nd;
	lp_work(lp, &it, &nd);
	/* the nodes and simplex iterations the nominal seconds buy (GLPK
	 * stops between them, the root always solved: it may take a little
	 * more); nodes only would let a node's cut rounds and LPs run on,
	 * 90 nominal seconds for a share of 17 on a 15-agent desk */
	lp_set_work_limit(lp, fmax(1, seconds) * WORK_PER_SECOND, WORK_SIMPLEX, WORK_NODE);
	sp_status st = lp_solve_mip(lp, sclock_wall_left(s->clock), gap, progress, arg, s->opts->stop, found,
				    optimal, err);
	lp_set_work_limit(lp, 0, 0, 0);
	count_lp(s, lp, &it, &nd);
	return st;
}
