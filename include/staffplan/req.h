/* req.h - the requirement table: required agents per interval, queue and language
 *
 * For every (queue, language) pair of the forecast and every interval of the
 * horizon: traffic, N* (src/req/erlang.c: Erlang C, or Erlang A when the
 * queue has a patience), the required agents after min_agents and shrinkage,
 * and the service level, ASA and abandon rate of N* (SPEC §4.1, §8).
 */
#ifndef STAFFPLAN_REQ_H
#define STAFFPLAN_REQ_H

#include "staffplan/erlang.h"
#include "staffplan/input.h"

/* A (queue, language) pair of the forecast: a "cell". */
struct sp_cell {
	int queue, lang;
};

/* The requirement table: arrays indexed [cell * nint + interval]. */
struct sp_reqs {
	int ncells, nint;
	time_t start;         /* horizon start */
	int step;             /* interval seconds */
	struct sp_cell *cells;
	double *volume, *arrivals, *aht, *traffic, *required, *sl, *asa;
	double *abandon;      /* P(abandon) with N*; NAN where the queue is Erlang C */
	int *agents;
};

/* The queue model of one cell and interval: traffic (Erlangs), the row's
 * handle time aht (seconds, before concurrency) and the queue's service
 * settings (concurrency, patience, answer-time target) as erlang.h wants
 * them.  Used by the table and by the roster's projected service level. */
void req_erlang_queue(const struct sp_service *svc, double traffic, double aht,
		      struct erlang_queue *out);

/* Computes the table for every (queue, language) pair that appears in the
 * forecast, over every interval of the horizon (no row: volume 0).  The
 * input must be finished (sp_input_finish).  Returns SP_ERR_INPUT, naming
 * the interval, queue and language, when a cell's traffic exceeds
 * ERLANG_MAX_TRAFFIC (possible after a what-if --scale) or no staffing
 * level meets its targets; *out is then left empty.  Caller releases *out
 * with req_release(). */
sp_status req_compute(const struct sp_input *in, struct sp_reqs *out, struct sp_err *err);
void req_release(struct sp_reqs *r);

/* Writes the table as CSV (SPEC §5.1 columns, abandon_rate last and empty
 * under Erlang C), an aligned table or JSON (abandon_rate null under
 * Erlang C) to f; where names f in messages ("standard output", a path). */
enum { REQ_CSV, REQ_TABLE, REQ_JSON };
sp_status req_write(const struct sp_reqs *r, const struct sp_input *in, int format,
		    FILE *f, const char *where, struct sp_err *err);

#endif
