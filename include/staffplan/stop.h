/* stop.h - when a long command must stop: a signal, or its time limit
 *
 * main() owns the only signal handler (SIGINT, SIGTERM) and the one flag it
 * sets; the flag travels down as a pointer in the options of whatever runs
 * long (plan_request, the inputs, the solver, the output set), and every
 * phase -- reading, grouping, building, solving, writing -- looks at it
 * through a struct sp_stop.  Nothing below main() keeps a flag of its own.
 *
 * The flag's values, as the handler sets them:
 *   0               nothing asked;
 *   SP_STOP_SEARCH  a first Ctrl-C (SIGINT): end the search and keep the
 *                   best roster found (docs/COMMANDS.md); any phase without
 *                   a roster to keep gives up instead;
 *   SP_STOP_NOW     SIGTERM, or a second Ctrl-C: give up wherever it is,
 *                   keeping what was there before.
 */
#ifndef STAFFPLAN_STOP_H
#define STAFFPLAN_STOP_H

#include "staffplan/error.h"

#include <signal.h>

enum { SP_STOP_SEARCH = 1, SP_STOP_NOW = 2 };

/* The solver reads the flag as a volatile int (sched.h, lp.h). */
_Static_assert(sizeof(sig_atomic_t) == sizeof(int), "sig_atomic_t is an int");

struct sp_stop {
	volatile sig_atomic_t *signal; /* main's flag, borrowed; NULL: none */
	sig_atomic_t seen;             /* the flag's value already answered (the
					  Ctrl-C that ended the search): only a
					  later signal stops */
	double deadline;               /* sp_clock() value the time limit ends at; 0: none */
	double limit;                  /* that limit in seconds, for the message */
};

/* Seconds on a monotonic clock (never goes back; only differences mean anything). */
double sp_clock(void);

/* A stop on signal (may be NULL) with limit seconds from now (limit <= 0
 * or NaN: no time limit). */
void sp_stop_init(struct sp_stop *s, volatile sig_atomic_t *signal, double limit);

/* The same stop without its time limit, and answering the signals seen
 * so far: for work that must not be cut short by the clock (writing the
 * roster the limit ended the search with) but must end at the next signal. */
struct sp_stop sp_stop_signals_only(const struct sp_stop *s);

/* Has a signal come since s was made (or answered)?  s may be NULL. */
int sp_stop_signalled(const struct sp_stop *s);
/* ... or has the time limit run out? */
int sp_stop_due(const struct sp_stop *s);

/* SP_OK to go on; else SP_ERR_TIMEOUT with a message saying which (a
 * signal, or the time limit and its seconds) ended the command while
 * "doing" (e.g. "reading agents.csv") and that nothing was stored. */
sp_status sp_stop_check(const struct sp_stop *s, const char *doing, struct sp_err *err);

/* The same message for a stop already seen. */
sp_status sp_stop_error(const struct sp_stop *s, const char *doing, struct sp_err *err);

#endif
