/* design_int.h - the candidate model design.c builds and design_solve.c
 * solves: internal to src/design/
 *
 * A candidate is a (start, length) on the slot grid inside some shift
 * type's windows; a variable is a candidate started on one day of the
 * horizon, x[i] workers on it.  Solutions are int arrays over variables.
 */
#ifndef STAFFPLAN_DESIGN_INT_H
#define STAFFPLAN_DESIGN_INT_H

#include "staffplan/design.h"

struct dcand {
	int s, n;            /* start slot of the day, length in slots */
	unsigned days;       /* weekdays some shift type allows it on */
};

struct dvar {            /* x[k,d]: workers on candidate k on day d */
	int k, d;
	int first;           /* first covered slot (absolute, may be >= nslots) */
	int umin, umax;      /* min / max requirement over the covered slots */
	int end;             /* slot index of the end point, -1 past a non-cyclic end */
};

/* Borrows p, which must outlive the model; release with dmodel_release(). */
struct dmodel {
	const struct design_problem *p;
	int spd;             /* slots per day */
	struct dcand *c; int nc;  /* sorted by start, then length */
	struct dvar *v; int nv;   /* by candidate, then day */
	int *ncover;         /* [nslots] variables covering each slot */
};

/* Builds the candidates of p (which passed design_problem_check) and the
 * variables that cover some positive requirement. */
void dmodel_build(struct dmodel *m, const struct design_problem *p);
void dmodel_release(struct dmodel *m); /* NULL-safe */

/* Slot covered by the j-th slot of v, or -1 past a non-cyclic end.
 * Inline: the greedy and the coverage loops call it per covered slot. */
static inline int dmodel_slot(const struct dmodel *m, const struct dvar *v, int j)
{
	int t = v->first + j;
	if (t >= m->p->nslots) {
		if (!m->p->cyclic)
			return -1;
		t %= m->p->nslots;
	}
	return t;
}

/* OUT: cov[nslots], the workers of solution x in each slot. */
void dmodel_cover(const struct dmodel *m, const int *x, int *cov);

/* The weighted objective of x; OUT (each may be NULL): person-minutes
 * short and over, distinct candidates used. */
double dmodel_objective(const struct dmodel *m, const int *x, long *shortp, long *overp,
			int *usedp);

/* Distinct candidates x uses. */
int dmodel_count_used(const struct dmodel *m, const int *x);

/* OUT: *r, the shifts of x by start then length, with their terms (r must
 * be empty; release with design_result_release()). */
void dmodel_result(const struct dmodel *m, const int *x, struct design_result *r);

/* Requirement change at slot boundary t (between t-1 and t): r[t] - r[t-1],
 * with r[-1] = r[nslots-1] in a cyclic horizon and 0 otherwise. */
int design_point_delta(const struct design_problem *p, int t);

#endif
