/* stage1_int.h - stage 1's aggregated master model, shared by master.c
 * (its rows, columns and lazily separated rows) and stage1.c (column
 * generation over it, then the stage-1 MIP)
 *
 * Variables x[g, d, shift] count the agents of group g on a shift, split
 * into NCOPY copies by class (baseline holders, free agents, agents who
 * prefer to be off) and wage level; every row is a sum of agent-level
 * rows, so the LP value is a lower bound (docs/MODEL.md §4.2, §5.2).
 */
#ifndef STAFFPLAN_STAGE1_INT_H
#define STAFFPLAN_STAGE1_INT_H

#include "sched_int.h"

#define NCOPY (3 * NLEV) /* column copies: 3 classes x wage levels */

struct master {
	struct lp *lp;
	/* Coverage: U_t (understaffing in interval t) and min-cut rows
	 * U_t + sum of n_g(t) over groups g serving some cell of S >= r(S),
	 * added for the cell sets S that the LP solution violates. */
	int *ucol;          /* [t] or -1 when nothing is required in t */
	int nw;             /* 64-bit words per cell set */
	uint64_t *gmask;    /* [g*nw]: cells of group g */
	int ncuts, capcuts;
	int *cut_row, *cut_next, *cut_head; /* cuts of interval t: from cut_head[t] */
	int *tcuts, maxtcuts; /* [t]: cuts of interval t, and the most of any */
	double *cut_coef;   /* coefficient of on-duty time: 1, or f for MIR cuts */
	unsigned char *whole; /* [t]: the previous shifts' supply in t is whole (MIR rows) */
	uint64_t *cut_mask; /* [cut*nw] */
	/* Contract rows per group and wage level (the agents of a level are
	 * known, so each row is a sum of their own rows; a group-wide row
	 * would let the cheapest level work everyone's min_hours).
	 * Hiring candidates share one contract: their level slot is 0. */
	int *day_row;       /* [(g*ndays + d)*NLEV + l] */
	int *hrs_row, *days_row; /* [(g*NLEV + l)*nweeks + w] (they hold per
				  * week), days_row -1 when slack */
	int nrt;            /* rest templates: (day, tau) */
	int *rt_day; time_t *rt_tau;
	int *rest_row;      /* [g*nrt + k] or -1 */
	int *col_rt0, *col_rtn, *col_rt; /* templates a column belongs to */
	int ncw, *cw_row;   /* consecutive-day windows: [g*ncw + w] */
	/* windows reaching back before the horizon, where the group's agents
	 * worked days in a row: [g*maxc + k] for the window that ends on day
	 * maxc - 1 - k, or -1 */
	int *cwc_row;
	/* days off (master_days_off): on duty or resting on day d, at most
	 * n_g: [g*ndays + d], or -1 */
	int *off_row;
	/* x copies: [(g*ncols + col)*NCOPY + copy] -> lp column or -1 */
	int *xcol;
	double *ub, *cost;  /* same indexing */
	int *slack;         /* per group, level and week: min-hours slack column */
	size_t *xlist; size_t nxl, capxl; /* x copies in the LP, as indices into xcol */
	int *hcol;          /* per hypothetical group: agents hired (else -1) */
	int *hrows, nh, caph; double *hvals; /* capacity rows of the group being built */
	/* One column's nonzeros (scratch for master_add_x and master_dot),
	 * grown with the cuts: a column meets every cut of each interval it
	 * covers, so a short horizon with many cells needs more than a week
	 * (one day, 14 cells: over 95) */
	int *nzrow; double *nzval; size_t capnz;
	int maxcov, maxrtn; /* most intervals, and rest templates, of a column */
	double pen_change;
};

/* The current solution (LP, or MIP when mip != 0) of the x copies, U_t and
 * hires, in arrays aligned with m->xlist, intervals and groups. */
struct mvals {
	double *x, *u, *h;
};

/* Creates m->lp with every row known up front (coverage of all cells per
 * interval, contracts per group and wage level, consecutive-day windows);
 * rest and cover rows are separated later.  m->pen_change is set by the
 * caller first. */
void master_rows(struct sched *s, struct master *m);
/* min_consecutive_days_off = k: each agent rests k days in a row in each
 * week.  Per group and week, integer columns o_s count the agents whose
 * run starts on day s, n_g in all, and on each day those on duty and those
 * resting in a run are at most n_g.  Every roster meets these rows (count
 * each agent's first run); for a group of one agent they are the rule
 * itself.  Without them the MIP chose weeks nobody may work: on S-scarce
 * (one agent a group) counts priced at 11 632.86 became a roster of
 * 15 494 once stage 2 dropped the shifts that left no two days off.
 * Added once, before the MIP: the LP's bound hardly moves with them (the
 * example not at all, bench M by 0.2), and from the start they cost
 * column generation a fifth more time on the example. */
void master_days_off(const struct sched *s, struct master *m);
void master_free(struct master *m);
/* Splits group g's agents available for col into the copies of (g, col):
 * each copy's agent count (ub) and least cost. */
void master_copies(const struct sched *s, struct master *m, int g, int col);
/* Adds copy k to the LP with its coefficients in every row so far;
 * returns its LP column. */
int master_add_x(const struct sched *s, struct master *m, size_t k);
/* The dual value of column (g, col) in the rows shared by every wage
 * level (uses m's scratch). */
double master_dot(const struct sched *s, const struct master *m, int g, int col, const double *dual);
/* The dual value of column (g, col) in the contract rows of wage level l. */
double master_level_dot(const struct sched *s, const struct master *m, int g, int col, int l,
			const double *dual);
/* Reads the LP (mip 0) or MIP solution into v (grown as needed). */
void master_read_values(const struct sched *s, const struct master *m, int mip, struct mvals *v);
void mvals_release(struct mvals *v);
/* Adds every rest and min-cut row that solution v violates; returns how
 * many.  acc: scratch of ngroups * max(nrt, 1). */
int master_separate(const struct sched *s, struct master *m, const struct mvals *v, double *acc);

/* Does any copy of (g, col) starting at k have agents?  Asked for every
 * column in every pricing round. */
static inline int master_col_open(const struct master *m, size_t k)
{
	for (int c = 0; c < NCOPY; c++)
		if (m->ub[k + c] > 0)
			return 1;
	return 0;
}

#endif
