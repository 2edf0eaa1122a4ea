/* req.h - Erlang C: required agents per interval, queue and language
 *
 * Erlang B is evaluated by its recursion, B(0) = 1,
 * B(n) = A·B(n-1) / (n + A·B(n-1)), which stays exact for thousands of
 * Erlangs where factorials and powers overflow.  C(N,A) follows from B.
 */
#ifndef STAFFPLAN_REQ_H
#define STAFFPLAN_REQ_H

#include "staffplan/input.h"

/* Probability of waiting C(n, a); 1 when n <= a. */
double erlang_c(int n, double a);

struct erlang_result {
	int agents;   /* N* */
	double sl;    /* service level with N* */
	double asa;   /* average speed of answer with N*, seconds */
};

/* Least N > a with SL(N) >= target and a/N <= max_occupancy, for traffic a
 * (Erlangs) and effective handle time aht (seconds).  a == 0 gives N* = 0,
 * SL 1, ASA 0. */
void erlang_staff(double a, double aht, const struct sp_service *svc, struct erlang_result *out);

/* Service level 1 - C(n,a)·exp(-(n-a)·t/aht); 0 when n <= a; 1 when a == 0. */
double erlang_sl(int n, double a, double aht, double target_answer);

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
	int *agents;
};

/* Computes the table for every (queue, language) pair that appears in the
 * forecast, over every interval of the horizon (no row: volume 0).  The
 * input must be finished (sp_input_finish). */
sp_status req_compute(const struct sp_input *in, struct sp_reqs *out, struct sp_err *err);
void req_release(struct sp_reqs *r);

/* Writes the table as CSV (SPEC columns), an aligned table or JSON. */
enum { REQ_CSV, REQ_TABLE, REQ_JSON };
sp_status req_write(const struct sp_reqs *r, const struct sp_input *in, int format,
		    FILE *f, struct sp_err *err);

#endif
