/* lag_rows.h - the rounding rows the Lagrangian prices (lagrange.c)
 *
 * A rounding row is  sum u + f n(S,t) >= f ceil(r(S))  for a set S of
 * cells needing r(S) = k + f agents (0 < f < 1) in interval t, n(S,t)
 * the agents on duty who serve a cell of S; one on duty for a part a of
 * the interval counts min(a, f) / f (docs/MODEL.md §5.7).  Which sets
 * get one, and the groups whose agents count in n(S,t), is this
 * module's.
 */
#ifndef STAFFPLAN_LAG_ROWS_H
#define STAFFPLAN_LAG_ROWS_H

#include "sched_int.h"

/* Row m: the cells m_cell[m_c0[m] .. m_c0[m+1]) in interval m_t[m], the
 * groups serving one of them m_grp[m_g0[m] .. m_g0[m+1]), f = m_f[m] and
 * the right-hand side m_rhs[m]. */
struct lag_rows {
	int M, *m_t, *m_c0, *m_cell, *m_g0, *m_grp;
	double *m_f, *m_rhs;
	/* In an interval t some column covers in part, the rows group g
	 * meets: p_row[p_r0[g*T + t] .. p_r0[g*T + t + 1]) (else empty). */
	int *p_r0, *p_row;
};

/* Builds the rows of s's requirements: each cell's and each language's
 * cells', and with wide each queue's cells' and the whole desk's too,
 * and the rows of the intervals some column covers in part.
 * The nfix previous shifts still running (interval fix_t[i], on-duty
 * count fix_v[i]) make an interval's count fractional where they are. */
void lag_rows_build(struct lag_rows *R, const struct sched *s, const int *fix_t, const double *fix_v, int nfix,
		    int wide);
void lag_rows_release(struct lag_rows *R);
/* Is row a of x the same row as row b of y? */
int lag_rows_same(const struct lag_rows *x, int a, const struct lag_rows *y, int b);

#endif
