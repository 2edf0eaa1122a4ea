/* clock.h - the solve's clock: wall-clock seconds by default, or, in the
 * reproducible mode (sched_opts.work_limit), work counted in units that do
 * not depend on the machine
 *
 * Every phase of the solver reads the time through sched_elapsed and ends
 * at a share of the time limit.  In the reproducible mode sched_elapsed
 * returns work instead: units done / WORK_PER_SECOND, "nominal seconds",
 * and the time limit the phases share out is work_limit / WORK_PER_SECOND.
 * So every phase switch happens at the same fraction of the work as it
 * does of the time, and a solve that reads no other clock and runs one
 * thread at a time (sched.c sees to both) gives the same roster on any
 * machine and under any load.  The wall-clock limit still applies: when
 * it ends a solve first, the clock says so (sclock_cut) and the run is no
 * longer reproducible.
 *
 * Each kind of work is weighed by what it costs (the WORK_* weights,
 * measured on bench M, docs/MODEL.md section 6), so that the phases keep
 * about the shares of the time they have in the default mode.
 */
#ifndef STAFFPLAN_SCHED_CLOCK_H
#define STAFFPLAN_SCHED_CLOCK_H

/* Units per nominal second.  A unit is about a microsecond of one core
 * of the reference machine (the 2-core development machine, thread CPU
 * time measured on bench M), so a work limit of 30M is about 30 s there. */
#define WORK_PER_SECOND 1e6

/* What each kind of work costs, in units (measured as above; a kind
 * weighed wrong only moves its phase's end, never the repeatability). */
#define WORK_DRAW 0.36        /* an annealing move drawn (2.8 million a CPU second) */
#define WORK_TRY 1.7          /* a move priced exactly in a descent sweep */
#define WORK_REPLAN 25.0      /* a week re-planned by its dynamic programme */
#define WORK_LAG 7.0          /* one agent-week of a Lagrangian iteration */
#define WORK_PRICE 0.7        /* a (group, column) priced in column generation */
#define WORK_SIMPLEX 400.0    /* a simplex iteration on the stage-1 master LP */
#define WORK_NODE 1000.0      /* a branch-and-bound node, its LP iterations besides */
#define WORK_ASSIGN 1.0       /* an (agent, column) of stage 2's greedy assignment */

struct sclock {
	double t0;          /* monotonic seconds at the start */
	double wall_limit;  /* seconds: the limit, or the safety net of the work limit */
	double work_limit;  /* units; 0: the wall clock rules */
	double work;        /* units done (only counted with a work limit) */
	int cut;            /* the wall-clock limit ended a work-limited solve */
};

/* Monotonic seconds. */
double sclock_now(void);
/* Starts c now: the wall clock rules when work_limit <= 0. */
void sclock_start(struct sclock *c, double wall_limit, double work_limit);
/* Does work, rather than time, drive the solve? */
int sclock_counting(const struct sclock *c);
/* Seconds since the start, nominal ones (work done / WORK_PER_SECOND)
 * when work is counted. */
double sclock_elapsed(const struct sclock *c);
/* Real seconds since the start, whatever drives the solve. */
double sclock_wall(const struct sclock *c);
/* Real seconds left before the wall-clock limit (at least 0.01). */
double sclock_wall_left(const struct sclock *c);
/* Counts units of work done (nothing when the wall clock rules). */
void sclock_tick(struct sclock *c, double units);
/* Work-limited: has the wall-clock limit passed?  Then it stays cut.
 * Always 0 when the wall clock rules (its limit is the plan there). */
int sclock_cut(struct sclock *c);
/* The nominal time limit of a work limit, in seconds. */
double sclock_nominal(double work_limit);

#endif
