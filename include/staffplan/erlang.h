/* erlang.h - queueing formulas: Erlang B, Erlang C (M/M/N), Erlang A (M/M/N+M)
 *
 * Pure functions of a queue's traffic, handle time, patience and answer-time
 * target; nothing here knows plan.ini or the forecast (req.c maps those).
 * Every formula stays exact for thousands of Erlangs: no factorials or
 * powers, only recursions and incomplete gamma functions summed as series
 * or continued fractions in log space (docs/MODEL.md §1 gives the formulas).
 */
#ifndef STAFFPLAN_ERLANG_H
#define STAFFPLAN_ERLANG_H

#include "staffplan/error.h"

/* The largest traffic per interval, queue and language the formulas accept
 * (Erlangs).  The forecast loader refuses rows above it, so the N* search
 * below has a hard upper end. */
#define ERLANG_MAX_TRAFFIC 10000.0

/* The most agents erlang_staff will consider for one cell. */
#define ERLANG_MAX_AGENTS 1000000

/* One queue in one interval. */
struct erlang_queue {
	double traffic;    /* A = λ·h', Erlangs, >= 0 */
	double aht;        /* effective handle time h' in seconds, > 0 */
	double patience;   /* mean patience in seconds; 0: contacts never hang up (Erlang C) */
	double answer;     /* answer-time target t of the service level, seconds, >= 0 */
};

/* Performance of a queue with n agents. */
struct erlang_perf {
	double p_wait;     /* share of contacts that wait (all agents busy on arrival) */
	double sl;         /* service level; Erlang C: P(wait <= t); Erlang A: answered
			    * within t / (all contacts - those who hung up within t) */
	double asa;        /* mean wait of answered contacts, seconds (INFINITY for an
			    * unstable Erlang C queue, n <= A) */
	double p_abandon;  /* share of contacts that hang up (0 under Erlang C) */
	double occupancy;  /* load carried / n: A·(1 - p_abandon)/n, at most 1 */
};

/* Erlang B blocking probability B(n, a): 1 when n <= 0, 0 when a <= 0;
 * below 64 agents by the recursion B(0) = 1, B(k) = a·B(k-1) / (k + a·B(k-1)),
 * above through the incomplete gamma function (O(sqrt n) terms, same value). */
double erlang_b(int n, double a);

/* Probability of waiting C(n, a) in M/M/n; 1 when n <= a, 0 when a <= 0. */
double erlang_c(int n, double a);

/* Fills out with the performance of q staffed by n >= 0 agents: Erlang C
 * when q->patience is 0, Erlang A otherwise.  Zero traffic gives SL 1 and
 * nothing waits; n = 0 with traffic gives SL 0 (and every contact hangs up
 * under Erlang A). */
void erlang_eval(const struct erlang_queue *q, int n, struct erlang_perf *out);

/* What a staffing level must achieve. */
struct erlang_target {
	double service_level;   /* in (0, 1) */
	double max_occupancy;   /* in (0, 1] */
	double max_abandon;     /* in (0, 1]; ignored under Erlang C */
};

struct erlang_result {
	int agents;              /* N* */
	struct erlang_perf perf; /* with N* agents */
};

/* N*: the least N with SL(N) >= target, occupancy <= max_occupancy and
 * (Erlang A) P(abandon) <= max_abandon; under Erlang C also N > A.  Zero
 * traffic gives N* = 0.  The search starts at a lower bound of the answer,
 * gallops upwards and bisects (every condition is monotone in N), so it
 * costs O(N*) additions for the Erlang B recursion and O(log N*) queue
 * evaluations.  Returns SP_OK, or SP_ERR_INPUT (no message: the caller names
 * the cell) when the traffic is not in [0, ERLANG_MAX_TRAFFIC], a parameter
 * is out of its domain, or no N up to ERLANG_MAX_AGENTS meets the targets. */
sp_status erlang_staff(const struct erlang_queue *q, const struct erlang_target *t,
		       struct erlang_result *out);

#endif
