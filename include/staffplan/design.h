/* design.h - minimum shift design: which shifts to offer for a demand curve
 *
 * Given a requirement per slot over a (cyclic) week and shift types (windows
 * of start times and lengths, allowed days), choose shifts (start, length)
 * and the number of workers on each per day so that
 *     w_short * person-minutes short + w_over * person-minutes over
 *   + w_shifts * number of distinct shifts used
 * is minimal (Musliu, Schaerf, Slany, EJOR 2004; Di Gaspero et al., Annals
 * of OR 2007).  docs/SHIFT-DESIGN.md describes the model and the solver.
 *
 * Inputs come from the DBAI benchmark format (dbai_parse, src/design/dbai.c)
 * or from the requirements.csv of SPEC 5.1 plus shift types
 * (design_load_requirements, design_parse_shift_type: design_io.c, which
 * also writes the results).  Every input error is SP_ERR_INPUT with a
 * "FILE:LINE: ..." message ("FILE:LINE: column 'x': ..." for CSV).  The
 * problem and its evaluation are in design.c, the solver in design_solve.c.
 */
#ifndef STAFFPLAN_DESIGN_H
#define STAFFPLAN_DESIGN_H

#include "staffplan/buf.h"
#include "staffplan/error.h"

#include <stdio.h>

#define DESIGN_DAYS 7        /* output columns: Monday .. Sunday */
#define DESIGN_ALL_DAYS 0x7fu

/* A shift type: every start in [start_lo, start_hi] and every length in
 * [len_lo, len_hi] on the slot grid, on the days in `days`. */
struct design_template {
	char name[64];       /* UTF-8, for messages only */
	int start_lo;        /* minutes after midnight, 0..1439 */
	int start_hi;        /* start_lo..start_lo+1439 (past 1440 wraps to the next day) */
	int len_lo, len_hi;  /* minutes, 0 < len_lo <= len_hi */
	unsigned days;       /* bit d: allowed on day d (0 = Monday) */
};

/* The problem.  Owns req and tpl; release with design_problem_release(). */
struct design_problem {
	int slot;            /* minutes per slot: 15, 30 or 60 */
	int ndays;           /* days in the horizon, 1..7 */
	int first_weekday;   /* weekday of horizon day 0 (0 = Monday) */
	int cyclic;          /* the last day runs into the first */
	int nslots;          /* ndays * 1440 / slot */
	int *req;            /* [nslots] workers required, >= 0 */
	struct design_template *tpl;
	int ntpl, captpl;
	double w_short;      /* per person-minute short */
	double w_over;       /* per person-minute over */
	double w_shifts;     /* per distinct shift used */
};

/* One designed shift: start and length, workers per day Monday..Sunday. */
struct design_shift {
	int start;           /* minutes after midnight, 0..1439 */
	int length;          /* minutes */
	int workers[DESIGN_DAYS]; /* by weekday, Monday first */
};

/* How to solve; borrowed by design_solve() for its duration. */
struct design_opts {
	double time_limit;   /* seconds for the whole solve; <= 0: 10 */
	FILE *log;           /* solver trace (phases and GLPK's branch and bound),
			      * or NULL for silence: nothing else is printed */
	/* called when the incumbent or the bound changes, and about once a
	 * second; NULL for none */
	void (*progress)(void *info, double elapsed, double incumbent, double bound);
	void *progress_info;
};

/* A solution.  Owns shifts; release with design_result_release(). */
struct design_result {
	struct design_shift *shifts; /* used shifts, by start then length */
	int nshifts;
	long shortage;       /* person-minutes short over the horizon */
	long excess;         /* person-minutes over */
	int shifts_used;     /* == nshifts */
	double objective;
	double lower_bound;  /* proven bound on the objective */
	double seconds;      /* wall time of design_solve() */
	const char *status;  /* "optimal" (bound == objective) or "time_limit" */
};

void design_problem_init(struct design_problem *p);
void design_problem_release(struct design_problem *p); /* NULL-safe */

/* Appends a copy of t to p->tpl (p owns the copy). */
void design_problem_add_template(struct design_problem *p, const struct design_template *t);

/* Sets p->slot, p->ndays, p->nslots and allocates p->req (all zero);
 * first_weekday is left as it is (0 after design_problem_init()). */
void design_problem_set_horizon(struct design_problem *p, int slot, int ndays, int cyclic);

/* Parses a DBAI "Rota" benchmark instance (ISO-8859-1 text of length len).
 * Reads only the instance: #MinuteInterval, #DaysPerCycle, #FlagCyclical,
 * #Requirements, #Number of shift templates, #Shift templates and the
 * weights #UnderCover, #Overcover, #Shifts.  #DutiesPerWeek, the duty limits,
 * the average hours, the fitness and the embedded solution are ignored.
 * p must be freshly initialised; on error it may hold a partial problem
 * (release it).  Returns SP_ERR_INPUT with "FILE:LINE: ..." on bad input. */
sp_status dbai_parse(struct design_problem *p, const char *text, size_t len,
		     const char *file, struct sp_err *err);

/* Filter and grid for design_load_requirements(). */
struct design_req_opts {
	const char *queue;     /* only rows of this queue; NULL: all */
	const char *language;  /* only rows of this language; NULL: all */
	int slot;              /* slot minutes (15, 30, 60); 0: the data's interval */
};

/* Reads a requirements.csv (SPEC 5.1; columns start and required are used,
 * queue and language when filtering; names in any case and order, other
 * columns ignored, through csv.h) into p's horizon and req: the
 * requirement of a slot is ceil(sum of `required` over the rows of its
 * interval) (rows of the same start summed across queues and languages).
 * Local wall-clock time in `start` decides day and slot; the interval is
 * the finest grid the starts sit on (gcd with 60 minutes).  The horizon runs
 * from the first to the last local date (at most 7 days) and is cyclic when
 * it is exactly 7 days; p->first_weekday is the weekday of its first day.
 * When a local time occurs twice (DST fall-back), the larger requirement of
 * the two instants counts.  Does not touch templates or weights; on error
 * p is unchanged.  SP_ERR_INPUT with
 * "FILE:LINE: column 'x': ..." on bad input. */
sp_status design_load_requirements(struct design_problem *p, const char *text,
				   const char *file, const struct design_req_opts *o,
				   struct sp_err *err);

/* Reads shift types, one design_parse_shift_type() spec per line ('#'
 * comments and blank lines skipped), and appends them to p.
 * SP_ERR_INPUT with "FILE:LINE: ..." on bad input. */
sp_status design_load_shift_types(struct design_problem *p, const char *text,
				  const char *file, struct sp_err *err);

/* Parses a shift type "NAME=HH:MM-HH:MM,MIN-MAX[,DAYS]": start window
 * (the end may be earlier than the start: the window crosses midnight),
 * length window in minutes (or a single value), days "*" (default),
 * "mon-fri", "mon,wed,sat" or a 7-character 0/1 mask Monday first.
 * OUT: *t.  SP_ERR_INPUT "bad shift type 'SPEC': <the part that is wrong>;
 * expected ..." on error. */
sp_status design_parse_shift_type(const char *spec, struct design_template *t,
				  struct sp_err *err);

/* Checks p (slot, horizon, templates, weights) before solving; SP_ERR_INPUT. */
sp_status design_problem_check(const struct design_problem *p, struct sp_err *err);

/* Solves p within o->time_limit (o may be NULL: 10 s, silent).  OUT: *r,
 * the best design found (a greedy one at worst, so there is always one) with
 * its terms and a proven lower bound; release with design_result_release().
 * Returns SP_ERR_INPUT when p fails design_problem_check(), SP_ERR_SOLVER
 * on a GLPK internal error (r empty then; GLPK's environment of the
 * calling thread is freed, taking any other GLPK problem of the thread
 * with it: see lp_is_broken in lp.h).  Progress and trace go only to o. */
sp_status design_solve(const struct design_problem *p, const struct design_opts *o,
		       struct design_result *r, struct sp_err *err);

/* Computes shortage, excess, shifts_used and objective of r->shifts for p
 * (used by design_solve and to check solutions from elsewhere). */
void design_evaluate(const struct design_problem *p, struct design_result *r);

void design_result_release(struct design_result *r); /* NULL-safe */

/* Output: SPEC 5.7.  Appends to out. */
void design_write_json(const struct design_result *r, struct buf *out);
void design_write_csv(const struct design_result *r, struct buf *out);
void design_write_table(const struct design_problem *p, const struct design_result *r,
			struct buf *out);

/* Loads designed shifts written by `staffplan design --output csv`
 * (columns start,length_minutes,mon,tue,wed,thu,fri,sat,sun, matched by
 * name; '#' lines are comments) for `plan --shifts FILE`: a roster may then
 * only use these (start, length) pairs, on the days whose column is > 0.
 * text is the file's content, file its name for messages.
 * OUT: *out (a new array, caller frees with free()), *n.
 * SP_ERR_INPUT with "FILE:LINE: ..." on bad input; *out is NULL then. */
sp_status design_load_shifts(const char *text, const char *file,
			     struct design_shift **out, int *n, struct sp_err *err);

#endif
