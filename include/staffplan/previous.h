/* previous.h - the roster before the horizon (SPEC 7), as the solver needs it
 *
 * Labour rules do not stop at the horizon's start: rest is kept from each
 * agent's last previous shift, consecutive days are counted from the days
 * worked before, and a shift still running at the start blocks its agent
 * and counts as staffing.  The previous roster comes from a stored run
 * (the plan layer converts it) or from a roster.csv in SPEC 5.2's format;
 * either way it becomes this list of shifts of known agents.
 */
#ifndef STAFFPLAN_PREVIOUS_H
#define STAFFPLAN_PREVIOUS_H

#include "staffplan/input.h"

#include <stdint.h>

struct sp_prev_shift {
	int agent;                  /* index into the input's agents */
	time_t start, end;          /* span, break included */
	time_t brk_start, brk_end;  /* 0, 0 without a break */
	int line;                   /* line in the roster file; 0 from a run */
};

struct sp_previous {
	char source[200];           /* "run 12", a file name, or "" for none */
	int64_t run_id;             /* the stored run, 0 otherwise */
	struct sp_prev_shift *shifts; int n, cap;
	char **unknown; int nunknown, capunknown; /* ids warned about, once each */
};

void sp_previous_init(struct sp_previous *p);
void sp_previous_release(struct sp_previous *p);

/* Adds a shift of the agent with id agent_id (exact match).  An id the
 * input does not know is skipped with a warning to in->warn naming
 * where (file and line, or the run), once per id.  Returns SP_ERR_INPUT when the
 * shift does not end after it starts or its break lies outside it. */
sp_status sp_previous_add(struct sp_previous *p, const struct sp_input *in,
			  const char *agent_id, time_t start, time_t end, time_t brk_start,
			  time_t brk_end, int line, struct sp_err *err);

/* Appends the shifts of a roster.csv text (columns agent_id, start, end,
 * break_start, break_end; others ignored).  Times must carry their UTC
 * offset, as roster.csv writes them: a roster exported in another zone
 * without offsets could not be placed in time.  Leaves p unchanged on
 * error (file:line: column 'x': ...). */
sp_status sp_previous_load_csv(struct sp_previous *p, const struct sp_input *in,
			       const char *text, const char *file, struct sp_err *err);

/* Checks the whole roster against the input's horizon: every shift starts
 * before the horizon (a roster that reaches into it is not a previous
 * one), and no agent has two shifts that overlap (both named). */
sp_status sp_previous_check(const struct sp_previous *p, const struct sp_input *in,
			    struct sp_err *err);

/* What the rules need of agent a: the end of its last previous shift
 * (0 when none), the days in a row it worked up to the day before the
 * horizon (by the site-local day each shift starts), and the end of a
 * shift still running at the horizon start (0 when none). */
struct sp_carry {
	time_t last_end;
	int days_in_row;
	time_t busy_until;
};
void sp_previous_carry(const struct sp_previous *p, const struct sp_input *in, int a,
		       struct sp_carry *out);

#endif
