/* sched.h - the roster optimiser: inputs and requirements in, a run out
 *
 * The method (docs/MODEL.md §4 gives it, §5 why its bound is valid;
 * bench/NOTES.md has the measurements):
 *  - a Lagrangian bound prices the coverage rows, so that each agent's
 *    best week is a small dynamic programme; a few seconds of it give a
 *    first lower bound, and its averaged weeks, rounded and descended, the
 *    starting roster (a re-plan starts from the baseline instead);
 *  - a local search improves the roster, every move priced exactly (per
 *    interval, a max-flow allocates agent time to queues and languages):
 *    a first-improvement descent, simulated annealing with moves aimed at
 *    understaffing, then a last descent;
 *  - beside it a bound thread raises the bound: the Lagrangian until it
 *    converges, then, where the model is small enough, stage 1 (agents who
 *    serve the same cells form groups; an aggregated model counts how many
 *    of each group work each shift, by column generation whose LP value is
 *    a bound, then a MIP over the generated columns) and stage 2 (per
 *    group, a small MIP gives those shifts to named agents under every
 *    per-agent rule), whose roster the search takes when it is better.
 *    Once the thread ends, a second searcher anneals on its core;
 *  - the search stops at the time limit or within the gap of the bound,
 *    and the roster is checked against every hard rule.
 * A horizon of several weeks is one solve (SPEC 7): hours, days and days
 * off hold per 7-day week, rest and consecutive days across the horizon
 * and from the roster before it (sched_opts.previous).
 */
#ifndef STAFFPLAN_SCHED_H
#define STAFFPLAN_SCHED_H

#include "staffplan/input.h"
#include "staffplan/lp.h"
#include "staffplan/previous.h"
#include "staffplan/req.h"
#include "staffplan/run.h"

/* A published roster to re-plan against (--baseline): one entry a shift. */
struct sched_baseline_shift {
	const char *agent_id;
	time_t start;
	int paid_minutes;
	time_t brk_start;
};

/* Restricts the shifts on offer (plan --shifts): start minute of the day,
 * paid length in minutes, allowed days (bit 0 = Monday). */
struct sched_offer {
	int start_min, length_min;
	unsigned days;
};

/* What the solver tells its caller while it runs (sched_opts.report). */
enum sched_report_kind {
	SCHED_PROGRESS,      /* a live progress line; each replaces the one before */
	SCHED_PROGRESS_END,  /* a phase's progress lines are over (msg NULL) */
	SCHED_TRACE,         /* one step of a phase, with its figures */
	SCHED_SUMMARY,       /* what a finished phase came to */
};

struct sched_progress {
	enum sched_report_kind kind;
	double elapsed;      /* seconds since the solve started */
	double incumbent;    /* objective of the best roster, NAN when not known */
	double bound;        /* best lower bound, NAN when none */
	double gap;          /* (incumbent - bound) / incumbent, NAN when not known */
	const char *msg;     /* the whole line, without a newline; valid during
			      * the call only */
};

struct sched_opts {
	double time_limit;           /* seconds for the whole solve (with a
				      * work limit: the wall-clock safety net) */
	/* The reproducible mode: > 0, the solve is driven by this much work
	 * (units of src/sched/clock.h, about a million a second) instead of
	 * the time, runs one thread, and gives the same roster on any
	 * machine for the same input, seed and work limit. */
	double work_limit;
	/* Seeds the searches' random streams; 0: the built-in ones. */
	unsigned long long seed;
	double gap;                  /* relative MIP gap */
	enum lp_solver solver;       /* for the LPs and MIPs (zero: GLPK) */
	const struct sched_baseline_shift *baseline; int nbaseline;
	const struct sched_offer *offers; int noffers; /* NULL: every shift of [shifts] */
	/* The roster before the horizon (SPEC 7), NULL for none: rest and
	 * consecutive days carry over, a shift still running at the start
	 * blocks its agent and counts as staffing (previous.h). */
	const struct sp_previous *previous;
	int hire_candidates;         /* what-if: hypothetical agents per language may be hired */
	volatile int *stop;          /* main()'s signal flag (stop.h): SP_STOP_SEARCH
				      * finishes with the incumbent, SP_STOP_NOW
				      * gives up (SP_ERR_TIMEOUT) */
	/* Reports, NULL for none; info is handed back.  Called from the
	 * solving thread and from the solver's bound thread, possibly at
	 * once: one stdio call per report is safe. */
	void (*report)(void *info, const struct sched_progress *p);
	void *report_info;
	int progress;                /* report live progress (SCHED_PROGRESS, _END) */
	int trace;                   /* report SCHED_TRACE (each costs a little) */
	int quiet;                   /* no SCHED_SUMMARY */
};

/* Solves and fills run (shifts, cells, agents, kpis; not id/scenario).
 * Returns SP_ERR_INFEASIBLE with the rule and agents named when the hard
 * rules cannot all hold, SP_ERR_TIMEOUT when no roster was found in time:
 * the time limit or a signal came while building the model (the message
 * says while doing what), or SP_STOP_NOW came at all. */
sp_status sched_solve(const struct sp_input *in, const struct sp_reqs *req,
		      const struct sched_opts *opts, struct sp_run *run, struct sp_err *err);

/* The Lagrangian lower bound alone (the bound on instances too large for
 * column generation), improved until opts->time_limit or convergence.
 * OUT: bound. */
sp_status sched_lagrange_bound(const struct sp_input *in, const struct sp_reqs *req,
			       const struct sched_opts *opts, double *bound, struct sp_err *err);

/* The bound of stage 1's column generation alone: the aggregated model's
 * LP with every row it separates (or, stopped by opts->time_limit, its
 * last Farley bound; -HUGE_VAL when no round finished).  OUT: bound. */
sp_status sched_stage1_bound(const struct sp_input *in, const struct sp_reqs *req,
			     const struct sched_opts *opts, double *bound, struct sp_err *err);

/* Writes the data section of models/roster.mod for this instance (every
 * column, agent and rule the solver uses), to cross-check the solver with
 * the plain agent-level model on small instances. */
sp_status sched_write_mathprog(const struct sp_input *in, const struct sp_reqs *req,
			       const struct sched_opts *opts, const char *path, struct sp_err *err);

#endif
