/* sched_int.h - the solver's internals, shared by every file of src/sched
 *
 * Who owns what (each file's own header says the rest):
 *   inst.c      struct sched: columns, coverage pieces, groups, blocked
 *               bits, preferences, baseline; the accessors
 *   clock.c     struct sclock: seconds, or work with a work limit
 *   feed.c      struct shared_bound: what the bound thread hands the search
 *   report.c    reports to the caller (progress, trace, summary)
 *   flow.c      struct flow: per-interval max-flow of agent time to cells
 *   week.c      struct week_dp: one agent's best week at column earnings
 *   eval.c      struct seval: exact evaluation, rule checks, min-hours
 *               repair, the run
 *   lagrange.c  struct lag: the Lagrangian bound and its starting roster
 *   stage1.c    stage 1 (with master.c, through stage1_int.h)
 *   assign.c    stage 2
 *   search.c    the local search (with search_move.c and search_duo.c,
 *               through search_int.h)
 *   sched.c     the whole solve and the bound thread; mathprog.c the
 *               MathProg data writer
 * Dependencies run one way: inst, report and feed at the bottom; flow,
 * week and eval above them; lagrange, stage1, assign and search above
 * those; sched.c on top.  tests/unit/test_{inst,flow,week,eval,...}.c
 * include this header to test the parts.
 */
#ifndef STAFFPLAN_SCHED_INT_H
#define STAFFPLAN_SCHED_INT_H

#include "clock.h"
#include "staffplan/lp.h"
#include "staffplan/sched.h"

#include <stdint.h>
#include <threads.h>

/* The longest horizon the solver takes: a day is a bit of a 64-bit mask
 * (sched_check_change).  The input allows 6 weeks (SPEC 3.1). */
#define SCHED_MAX_DAYS 62

/* A shift column: one start, paid length and break placement on one day.
 * Its coverage is a list of (interval, on-duty fraction) pieces. */
struct scol {
	int day;
	time_t start, end;      /* span, break included */
	time_t bstart, bend;    /* 0, 0 without break */
	int paid_min;
	double night_h;         /* paid hours inside the night window */
	double wage_h;          /* paid hours with the night premium added:
				 * an agent's wages are rate * wage_h */
	int cov0, ncov;         /* pieces in sched.cov_t/cov_f */
};

/* Agents who may serve the same cells.  Contracts and wages may differ:
 * stage 1 bounds the group by the sums of its agents' limits and prices
 * each column per wage level (NLEV levels, cheapest first). */
#define NLEV 4
struct sgroup {
	int *agents, n;
	int *cells, ncells;     /* cells it may serve (any positive demand) */
	double sum_min_h, sum_max_h, sum_max_days;
	double level_cost[NLEV]; /* least wage per hour of each level */
	/* per level: agents and the sums of their contracts */
	double lev_n[NLEV], lev_min_h[NLEV], lev_max_h[NLEV], lev_max_days[NLEV];
	int *agent_level;       /* per member: its level */
	int nlev;
	int hypothetical;
};

/* What the bound thread shares with the search, under lock: its bound
 * (read through sched_bound()) and a roster it built from stage 1's
 * counts (taken by the search when better than its own). */
struct shared_bound {
	mtx_t lock;
	double value;
	int *roster;            /* [agent*ndays + d], valid when roster_new */
	double roster_obj;
	int roster_new;
	int done;               /* the bound thread has ended: its core is free */
};

struct sched {
	const struct sp_input *in;
	const struct sp_reqs *req;
	const struct sched_opts *opts;
	int nint, ndays, step, ncells, nagents;
	time_t *day_start;      /* ndays + 1 entries */
	int *utcoff;            /* local UTC offset per interval */
	struct scol *cols; int ncols, capcols;
	int *day_first;         /* cols of day d: [day_first[d], day_first[d+1]),
				 * in order of start */
	int *cov_t; double *cov_f; int ncov, capcov;
	struct sgroup *groups; int ngroups;
	int *agent_group;
	unsigned char *agent_cell;   /* [agent*ncells + c]: may serve */
	/* Columns that overlap an agent's unavailable time, one bit each, in
	 * a row per agent who has any (read through sched_blocked) */
	uint64_t *blocked;
	int *blocked_row;            /* [agent]: first word of its row, or -1 */
	float **pref_h;              /* per agent: NULL or [ncols] hours preferred off */
	int *base_col;               /* [agent*ndays + d]: baseline col, -1 none, -2 not offered */
	double rest_s;               /* min rest, seconds */
	int rest_days;               /* a shift more than this many days before
				      * another cannot be too close to it */
	int day_wday0;               /* weekday of day 0, 0 = Monday */
	/* Weeks (SPEC 7): week w is days [7w, 7w + 7) of the horizon, the
	 * last one shorter only when the horizon is (up to 7 days, one week).
	 * max_hours, min_hours, max_days and min_consecutive_days_off hold per
	 * week; rest and consecutive days across the horizon. */
	int nweeks;
	double hire_cost;            /* a hired candidate: hire_cost_per_week x nweeks */
	/* The roster before the horizon (opts->previous), per agent: the days
	 * in a row worked up to day -1 (carry_run), the first start the rest
	 * after the last previous shift allows (free_from; 0 none: such
	 * columns are blocked too), the end of a shift still running at the
	 * start (busy_until, 0 none; it is blocked until then), and the
	 * on-duty time that running shift gives its group per interval
	 * (fixsup[g*nint + t], NULL when no shift runs into the horizon):
	 * staffing at no cost, in every supply the solver counts. */
	int *carry_run;
	time_t *free_from, *busy_until, *last_end;
	double *fixsup;
	int any_carry_run;           /* some agent has carry_run > 0 */
	struct sclock *clock;        /* owned; shared by shallow copies (clock.h) */
	/* results */
	int *assign;                 /* [agent*ndays + d]: col or -1 */
	double lower_bound;
	int lb_valid;
	int timed_out;
	int stage1_exact;            /* stage 1 proved its integer counts optimal */
	int stage1_counts;           /* stage 1 found integer counts (a MIP's) */
	/* stage 1's column generation (stage1.c): cg_probe (in) lets it
	 * give up when its first rounds say it cannot converge in the time,
	 * and cg_gave_up (out) says it did; lp_only (in) stops it after the
	 * LP, with no MIP and no counts; cg_short (out): the agent-intervals
	 * its converged LP leaves short, 0 when it did not converge */
	int cg_probe, cg_gave_up, lp_only;
	double cg_short;
	struct shared_bound *feed;   /* NULL unless a bound thread runs */
};

/* ---- the instance (inst.c) ---------------------------------------------- */

/* Builds columns, groups, availability and baseline for one solve into s
 * (zeroed by the caller), which borrows in, req and opts; they must outlive
 * it.  SP_ERR_INPUT when the horizon is too long.  sched_release frees
 * what s owns (also after a failed build). */
sp_status sched_build(struct sched *s, const struct sp_input *in, const struct sp_reqs *req,
		      const struct sched_opts *opts, struct sp_err *err);
void sched_release(struct sched *s);
/* ---- the clock (clock.c) -------------------------------------------------- */

/* Seconds since sched_build: nominal ones, work done, under a work limit
 * (clock.h); the phases read the time through this alone. */
double sched_elapsed(const struct sched *s);
/* Counts units of work done (WORK_* of clock.h); nothing without a work
 * limit. */
void sched_tick(const struct sched *s, double units);
/* Does a work limit drive the solve (the reproducible mode)? */
int sched_counting(const struct sched *s);
/* lp_solve and lp_solve_mip under the clock: as they are without a work
 * limit; with one, the LP runs to its end and the MIP to the nodes that
 * seconds (nominal) buy, each within the wall-clock limit only, and then
 * counts its iterations and nodes. */
sp_status sched_lp_solve(const struct sched *s, struct lp *lp, double seconds, struct sp_err *err);
sp_status sched_mip_solve(const struct sched *s, struct lp *lp, double seconds, double gap,
			  lp_progress_fn progress, void *arg, int *found, int *optimal, struct sp_err *err);

/* ---- the instance, continued (inst.c) -------------------------------------- */

/* Ctrl-C (or SIGTERM) asked the solve to stop, or the wall-clock limit
 * passed under a work limit. */
int sched_stopped(const struct sched *s);
/* Wages (with night premium) plus the preferred-off penalty of agent
 * working col. */
double sched_col_cost(const struct sched *s, int agent, int col);
/* Hours of col inside agent's preferred time off. */
double sched_pref_hours(const struct sched *s, int agent, int col);
/* Change count of giving agent col on day d (col -1 = no shift) vs baseline. */
int sched_change(const struct sched *s, int agent, int day, int col);
/* The week of day d, and its first day and length. */
static inline int sched_week(const struct sched *s, int d) { (void)s; return d / 7; }
static inline int sched_week_first(const struct sched *s, int w) { (void)s; return 7 * w; }
static inline int sched_week_len(const struct sched *s, int w)
{
	return s->ndays - 7 * w < 7 ? s->ndays - 7 * w : 7;
}
/* "week 2 (2026-12-07 ..)" for messages, "" when the horizon is one
 * week.  Returns out. */
const char *sched_week_label(const struct sched *s, int w, char *out, size_t n);
/* The on-duty fraction of interval t that previous shift x covers (its
 * break excluded; 0 outside it). */
double sched_prev_cover(const struct sched *s, const struct sp_prev_shift *x, int t);
/* Fixed supply of group g in interval t (a previous shift still running). */
static inline double sched_fixed(const struct sched *s, int g, int t)
{
	return s->fixsup ? s->fixsup[(size_t)g * s->nint + t] : 0.0;
}
/* What an agent on duty for the share a (0 < a <= 1) of an interval adds
 * to the left-hand side of a rounding row  sum u + ... >= f ceil(r)  of
 * fraction f: the mixed-integer rounding coefficient of an integer count
 * whose coefficient is a in  sum u + sum a x >= r,  f for a whole
 * interval and min(a, f) for a part (docs/MODEL.md §5.7).  With f = 1 it
 * is a itself (the exact row). */
static inline double sched_mir_coef(double a, double f)
{
	return a >= 1 - 1e-9 ? f : a < f ? a : f;
}
/* Does col overlap agent a's unavailable time?  The search asks for
 * every move it draws: as bits, and only for the agents who have any,
 * the rows stay in cache (bench L: 400 of 2 000 agents, 134 KB, where a
 * byte per agent and column took 5 MB). */
static inline int sched_blocked(const struct sched *s, int a, int col)
{
	int r = s->blocked_row[a];
	return r >= 0 && (s->blocked[r + col / 64] >> (col % 64) & 1);
}
/* Is col blocked for agent a by the previous roster (a shift still
 * running, or the rest after it) rather than by unavailability? */
static inline int sched_carry_blocked(const struct sched *s, int a, int col)
{
	return s->free_from && s->cols[col].start < s->free_from[a];
}
/* Why col is blocked for agent a, for a message (into out, n bytes). */
void sched_blocked_why(const struct sched *s, int a, int col, char *out, size_t n);

/* ---- reports to the caller (report.c) ------------------------------------ */

/* Does the caller want trace messages (then compute what they show)? */
int sched_tracing(const struct sched *s);
/* Does it want live progress lines? */
int sched_showing(const struct sched *s);
/* A trace message (printf format, no newline), when tracing. */
void sched_trace(const struct sched *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A live progress line with its figures (NAN when not known), when showing. */
void sched_progress(const struct sched *s, double incumbent, double bound, double gap, const char *fmt,
		    ...) __attribute__((format(printf, 5, 6)));
/* The phase whose progress was shown is over, when showing. */
void sched_progress_end(const struct sched *s);
/* A finished phase's summary, unless opts->quiet. */
void sched_summary(const struct sched *s, double bound, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- the feed (feed.c) --------------------------------------------------- */

/* The bound thread's side: a bound (kept when higher), a roster of n slots
 * with its objective, and that the thread has ended. */
void feed_offer_bound(struct shared_bound *f, double b);
void feed_offer_roster(struct shared_bound *f, const int *assign, size_t n, double obj);
void feed_end(struct shared_bound *f);
/* The search's side.  The best lower bound known now (-HUGE_VAL when
 * none): lower_bound when valid, or what the bound thread has found,
 * whichever is higher. */
double sched_bound(const struct sched *s);
/* Has the bound thread ended (or none runs), so that the search may use
 * the second core? */
int sched_bound_done(const struct sched *s);
/* Copies into s->assign the bound thread's roster when it is new and its
 * objective is below obj; returns its objective then, else obj. */
double sched_take_roster(struct sched *s, double obj);

/* Allocation of on-duty time to cells, by max-flow (flow.c): source ->
 * group g (supply sup[g*nint + t]) -> the cells g serves -> sink
 * (requirement).  A flow keeps nstates interval states; state k's arrays
 * start at left + k*G, need + k*C and fl + k*E (state 0 is what
 * flow_interval fills).  The residual graph of each state is also kept as
 * bit sets (wg words for a set of groups, wc for one of cells), so that a
 * search for an augmenting path visits a layer of nodes with a few word
 * operations instead of an edge at a time. */
struct flow {
	int G, C, E, nstates;
	int wg, wc;
	int *ge0;       /* edges of group g: ge0[g] .. ge0[g+1] */
	int *ecell, *egroup; /* [e]: the cell and the group of edge e */
	int *edge;      /* [g*C + c]: the edge from g to c, -1 when g does not serve c */
	uint64_t *serves;   /* [c*wg]: the groups that serve cell c */
	uint64_t *cells_of; /* [g*wc]: the cells group g serves */
	double *left;   /* [k*G + g]: supply the flow did not use */
	double *need;   /* [k*C + c]: requirement the flow did not meet */
	double *fl;     /* [k*E + e]: time of edge e's group given to its cell */
	/* per state k, kept with the values above: */
	uint64_t *spare;   /* [k*wg]: groups with supply left */
	uint64_t *unmet;   /* [k*wc]: cells still short */
	uint64_t *givers;  /* [(k*C + c)*wg]: groups giving time to cell c */
	uint64_t *given;   /* [(k*G + g)*wc]: cells group g gives time to */
	/* a search's scratch (a fork has its own): its layers of nodes, the
	 * nodes it reached (groups, then cells; for a forward search from
	 * every group with time to spare that ends without a path, the source
	 * side of a minimum cut), and the path it found */
	uint64_t *lay, *seen;
	int *path;
	/* flow_add's undo log */
	struct flow_log { int what, k, i; double v; } *log;
	size_t nlog, caplog;
	int logging;
	double *shortv;  /* [k]: flow_short(k), kept by flow_solve and flow_add */
	/* per state k, where the committed maximum flow can still change
	 * (valid[k]; computed when first needed): reached[k*(wg + wc)], the
	 * groups then cells reachable from the groups with time to spare;
	 * gains[k*wg], the groups that reach a cell still short.  A move's
	 * first change of a state searches only where these say a path can
	 * be; its later changes search everywhere (moved[k], the states in
	 * moved_list). */
	unsigned char *valid, *moved;
	uint64_t *reached, *gains;
	int *moved_list, nmoved;
};

void flow_init(struct flow *f, const struct sched *s, int nstates);
void flow_release(struct flow *f);
/* w shares f's states and gets its own scratch, so that two threads may
 * change different states at once; flow_unfork frees what it got. */
void flow_fork(struct flow *w, const struct flow *f);
void flow_unfork(struct flow *w);
/* Solves interval t from scratch into state 0; returns the understaffing
 * in agents. */
double flow_interval(struct flow *f, const struct sched *s, const double *sup, int t);
/* The same into state k. */
double flow_solve(struct flow *f, const struct sched *s, const double *sup, int t, int k);
/* Understaffing of state k, in agents. */
double flow_short(const struct flow *f, int k);
/* After flow_solve (or flow_interval): whether cell c is reachable from
 * the groups with time to spare, that is on the source side of a minimum
 * cut (the cells that are not form the violated coverage set, master.c). */
int flow_reaches(const struct flow *f, int c);
/* Group g's supply in state k changes by delta: the flow is repaired and
 * every value it overwrites logged until flow_commit or flow_undo.
 * Returns the new understaffing. */
double flow_add(struct flow *f, int k, int g, double delta);
/* The least understaffing that group g's supply in state k falling by
 * -delta adds, without changing the flow; 0 when the state was changed
 * since flow_commit or flow_undo (or delta >= 0). */
double flow_loss(struct flow *f, int k, int g, double delta);
/* Can more supply of group g lower state k's understaffing?  0 only when
 * no residual path leads from g to a cell still short (the state as
 * flow_commit or flow_undo left it); 1 otherwise. */
int flow_gains(struct flow *f, int k, int g);
void flow_commit(struct flow *f);
void flow_undo(struct flow *f);

/* One agent's best week at column earnings (week.c). */
struct week_dp;
struct week_dp *week_dp_create(const struct sched *s);
void week_dp_destroy(struct week_dp *W);
/* Agent a's best roster over the horizon when column j earns colv[j]:
 * per day the best column of each length, then per 7-day week a dynamic
 * programme over its days with state (hours, days worked, days-off run),
 * within max_hours, min_hours, max_days and the days-off rule of each
 * week but not rest or max consecutive days.  Writes week[ndays] (-1 off)
 * and returns its cost (wages, preferences, changes, a hire) minus
 * earnings, HUGE_VAL when some week has no valid choice. */
double week_best(struct week_dp *W, int a, const double *colv, int *week);
/* The same for many agents at one set of earnings (the Lagrangian's
 * classes of a group): week_prepare keeps, per day and length, the few
 * columns that can be the best at some wage, and week_best_prepared
 * picks among them, where colv is the array week_prepare was given (its
 * contents unchanged since).  On a day with unavailability or preferred
 * time off, and with a baseline, an agent is priced over every column, as
 * by week_best. */
void week_prepare(struct week_dp *W, const double *colv);
double week_best_prepared(struct week_dp *W, int a, int *week);
/* Keeps agent a's roster within the rest rule and max_consecutive_days
 * (counting the days worked just before the horizon): a shift starting
 * too soon after the previous one moves to the best later start of its
 * day with the same paid length (at earnings colv; NULL: none), or goes;
 * then a day that makes a run too long goes. */
void week_fix(const struct sched *s, int a, const double *colv, int *week);

/* ---- evaluation and rules (eval.c) ---------------------------------------- */

struct seval {
	double wages, under_h, pref_h, changes, hires;
	double objective;
	double *staffed;   /* [cell*nint + t] */
};
/* The exact objective of s->assign and its terms into ev (which owns
 * staffed afterwards: seval_release). */
void sched_evaluate(const struct sched *s, struct seval *ev);
void seval_release(struct seval *ev);
/* On-duty supply per group and interval [g*nint + t] of s->assign; the
 * caller frees it. */
double *sched_group_supply(const struct sched *s);
/* Checks every hard rule of one agent's week; returns 0 when fine, else
 * writes the broken rule into why (unless why is NULL). */
int sched_check_agent(const struct sched *s, int agent, char *why, size_t n);
/* The same without min_hours: can this week still take more shifts? */
int sched_check_rules(const struct sched *s, int agent, char *why, size_t n);
/* The rules agent a's roster can break by a change of the days in dmask
 * (bit d: day d changed; the rest of the roster kept them before): the
 * weekly rules of the weeks those days lie in, rest and consecutive days
 * around the changed days.  The search asks for every move it draws, so
 * a horizon of several weeks costs a move no more than one week does.
 * added (NULL: min_hours not checked) holds, per week touched, the paid
 * minutes the change added to it (less when it took some away): min_hours
 * holds when the week reaches it, or was short of it before and has lost
 * nothing. */
int sched_check_change(const struct sched *s, int a, uint64_t dmask, const int *added, char *why, size_t n);
/* Paid minutes of agent a in week w. */
int sched_week_minutes(const struct sched *s, int a, int w);
/* Adds shifts to agents below min_hours (cheapest first); where that
 * cannot reach it, re-plans the week with sched_rescue_week. */
void sched_repair_min_hours(struct sched *s);
/* Re-plans agent a's week w (the other weeks kept) to some week within
 * [min_hours, max_hours] that keeps every rule, if one exists (rescue.c):
 * 1 when it did, 0 when the week is left as it was. */
int sched_rescue_week(struct sched *s, int a, int w);
/* Fills the run from s->assign. */
void sched_to_run(const struct sched *s, struct sp_run *run);

/* ---- bounds and rosters --------------------------------------------------- */

/* Lagrangian lower bound (lagrange.c).  create solves the first
 * subproblem (its bound is -HUGE_VAL when some agent has no valid week at
 * all); run improves the multipliers until t_end (seconds since the
 * start) or convergence and returns the best bound so far; roster rounds
 * the averaged weeks into a roster assign[agent*ndays + d] that keeps
 * every rule but min_hours.  alone: no column generation follows, so the
 * multipliers may move slowly towards a higher bound. */
struct lag;
struct lag *sched_lag_create(struct sched *s, int alone);
double sched_lag_run(struct lag *L, double t_end);
double sched_lag_bound(const struct lag *L);
int sched_lag_converged(const struct lag *L);
void sched_lag_roster(struct lag *L, int *assign);
void sched_lag_destroy(struct lag *L);
/* Is the step below half its cap (the walk has been failing to improve)? */
int sched_lag_cooling(const struct lag *L);
/* Switches a Lagrangian made for column generation (alone 0) to the rule
 * of one that stands alone, with its wider rounding rows, from the best
 * prices so far (sched.c: once the fast rule has converged or stalls). */
void sched_lag_go_slow(struct lag *L);
/* Iterations since the rule began (the slow rule: since sched_lag_go_slow). */
int sched_lag_rule_iterations(const struct lag *L);
/* Stage 1 (stage1.c): column generation from the columns of s->assign,
 * then, where a MIP over its columns finds them, integer counts
 * cnt[g*ncols + col] (zeroed by the caller); sets s->lower_bound,
 * lb_valid, stage1_exact and stage1_counts.  Where on_first is not NULL,
 * the MIP's first solution, unless it is proven optimal, goes to
 * on_first(arg, s, counts) at once, and the MIP goes on from it. */
typedef void (*stage1_first_fn)(void *arg, struct sched *s, const int *cnt);
sp_status sched_stage1(struct sched *s, int *cnt, stage1_first_fn on_first, void *arg, struct sp_err *err);
/* Stage 2 (assign.c): fills s->assign from per-group column counts
 * cnt[g*ncols + col]. */
sp_status sched_assign(struct sched *s, const int *cnt, double time_limit, struct sp_err *err);
/* Local search on s->assign (search.c): first-improvement descent, then
 * simulated annealing for what is left of time_limit, then descent again. */
void sched_improve(struct sched *s, double time_limit);
/* The descent alone, without hiring: a quick local optimum. */
void sched_descend(struct sched *s, double time_limit);

#endif
