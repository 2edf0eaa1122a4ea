/* sched.h - the roster optimiser: inputs and requirements in, a run out
 *
 * Two stages (docs/MODEL.md):
 *  1. agents with the same skills and contract form groups; an aggregated
 *     model chooses how many agents of each group work each shift, by column
 *     generation over shift columns (its LP value is the reported lower
 *     bound), then a GLPK MIP over the generated columns;
 *  2. per group, a small MIP assigns those shifts to named agents under every
 *     per-agent rule (rest, consecutive days, days off, availability);
 * then the roster is evaluated exactly (max-flow allocation of agent time to
 * queues and languages) and improved greedily.
 */
#ifndef STAFFPLAN_SCHED_H
#define STAFFPLAN_SCHED_H

#include "staffplan/input.h"
#include "staffplan/lp.h"
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

struct sched_opts {
	double time_limit;           /* seconds for the whole solve */
	double gap;                  /* relative MIP gap */
	enum lp_solver solver;       /* for the LPs and MIPs (zero: GLPK) */
	const struct sched_baseline_shift *baseline; int nbaseline;
	const struct sched_offer *offers; int noffers; /* NULL: every shift of [shifts] */
	int hire_candidates;         /* what-if: hypothetical agents per language may be hired */
	volatile int *stop;          /* set by a signal handler: finish with the incumbent */
	int progress_tty;            /* print live progress to stderr */
	int quiet;                   /* no summary line */
};

/* Solves and fills run (shifts, cells, agents, kpis; not id/scenario).
 * Returns SP_ERR_INFEASIBLE with the rule and agents named when the hard
 * rules cannot all hold, SP_ERR_TIMEOUT when no roster was found in time. */
sp_status sched_solve(const struct sp_input *in, const struct sp_reqs *req,
		      const struct sched_opts *opts, struct sp_run *run, struct sp_err *err);

/* The Lagrangian lower bound alone (the bound on instances too large for
 * column generation), improved until opts->time_limit or convergence.
 * OUT: bound. */
sp_status sched_lagrange_bound(const struct sp_input *in, const struct sp_reqs *req,
			       const struct sched_opts *opts, double *bound, struct sp_err *err);

/* Writes the data section of models/roster.mod for this instance (every
 * column, agent and rule the solver uses), to cross-check the solver with
 * the plain agent-level model on small instances. */
sp_status sched_write_mathprog(const struct sp_input *in, const struct sp_reqs *req,
			       const struct sched_opts *opts, const char *path, struct sp_err *err);

#endif
