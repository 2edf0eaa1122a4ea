/* sched.c - shift columns, agent groups, the aggregated stage-1 model and
 * the whole solve
 *
 * Stage 1 is solved by column generation: every candidate column (group,
 * day, start, length, break) is priced against the LP duals and only columns
 * with negative reduced cost enter GLPK.  The final LP value is a lower bound
 * of the full agent-level objective because every stage-1 row is a sum of
 * agent-level rows (docs/MODEL.md gives the argument row by row).
 *
 * sched_solve: the Lagrangian bound (lagrange.c) briefly, its starting
 * roster, then the search (search.c) in this thread while a second thread
 * improves the bound (the Lagrangian, then stages 1 and 2 where the model
 * is small enough) and offers stage 2's roster.
 */
#include "sched_int.h"
#include "staffplan/buf.h"
#include "staffplan/fileio.h"
#include "staffplan/lp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BIG_SLACK 1e4  /* per hour of unmet min_hours: an infeasibility marker */
#define FINE_GROUPS 50000  /* agents x columns up to which groups share contracts */
#define SMALL_COLUMNS 4000 /* up to this many candidate columns the MIP sees all */
#define STRONG_COLUMNS 1000 /* up to this many, the MIP also uses cuts */
#define MIP_COLUMNS 8000   /* above this many, stage 1 rounds the LP instead */
#define NCOPY (3 * NLEV) /* column copies: 3 classes x wage levels */
#define COLGEN_MAX 100000  /* groups x columns up to which column generation runs */
#define LAG_START 0.05     /* of the time limit: the Lagrangian before the starting roster */
#define LAG_SHARE 0.25     /* of the time limit: the Lagrangian when no thread can run */
#define ROUND_UP 0.25       /* LP values from this fraction up round to 1 */
#define PER_DAY 1 /* columns entering per group and day and pricing round (measured: 1 converges
                    * in 14 s on the example, 3 in 21 s, 6 in 26 s: small LPs re-solve faster) */

double sched_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double sched_elapsed(const struct sched *s) { return sched_now() - s->t0; }

static double overlap(time_t a0, time_t a1, time_t b0, time_t b1)
{
	time_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
	return hi > lo ? (double)(hi - lo) : 0.0;
}

/* Seconds of [a, b) inside the night window, in site local time; the
 * interval offsets give the local clock, so DST weeks are exact. */
static double night_seconds(const struct sched *s, time_t a, time_t b)
{
	const struct sp_config *cfg = &s->in->cfg;
	double total = 0;

	if (cfg->night_start == cfg->night_end)
		return 0;
	for (time_t t = a; t < b;) {
		long k = (long)(t - s->day_start[0]) / s->step;
		int off = k >= 0 && k < s->nint ? s->utcoff[k] : s->utcoff[k < 0 ? 0 : s->nint - 1];
		time_t next = s->day_start[0] + (time_t)(k + 1) * s->step;
		if (next > b)
			next = b;
		long lm = (long)(((t + off) % 86400 + 86400) % 86400) / 60;  /* local minute of day */
		long len = (long)(next - t) / 60;
		for (long m = 0; m < len; m++) {
			long x = (lm + m) % 1440;
			int in_night = cfg->night_start < cfg->night_end
					       ? (x >= cfg->night_start && x < cfg->night_end)
					       : (x >= cfg->night_start || x < cfg->night_end);
			total += in_night ? 60 : 0;
		}
		t = next;
	}
	return total;
}

static int offered(const struct sched *s, int day, int start_min, int len_min)
{
	if (!s->opts->offers)
		return 1;
	int wday = (day + s->day_wday0) % 7;
	for (int i = 0; i < s->opts->noffers; i++) {
		const struct sched_offer *o = &s->opts->offers[i];
		if (o->start_min == start_min && o->length_min == len_min && (o->days >> wday & 1))
			return 1;
	}
	return 0;
}

static void add_piece(struct sched *s, int t, double f)
{
	SP_GROW(s->cov_t, s->ncov + 1, s->capcov);
	s->cov_f = sp_xrealloc(s->cov_f, s->capcov * sizeof(double));
	s->cov_t[s->ncov] = t;
	s->cov_f[s->ncov] = f;
	s->ncov++;
}

/* Every (day, start, length, break) the [shifts] section allows. */
static void build_columns(struct sched *s)
{
	const struct sp_config *cfg = &s->in->cfg;
	struct sp_local l;

	s->day_first = sp_xcalloc((size_t)s->ndays + 1, sizeof(int));
	for (int d = 0; d < s->ndays; d++) {
		s->day_first[d] = s->ncols;
		sp_tz_local(&s->in->tz, s->day_start[d], &l);
		for (int m = cfg->earliest_start; m <= cfg->latest_start; m += cfg->start_step_minutes) {
			time_t start;
			if (sp_tz_to_utc(&s->in->tz, l.year, l.month, l.day, m / 60, m % 60, &start) ==
			    SP_LOCAL_GAP)
				continue; /* the start does not exist locally */
			for (int li = 0; li < cfg->nlengths; li++) {
				int paid = (int)lround(cfg->lengths_hours[li] * 60);
				if (!offered(s, d, m, paid))
					continue;
				int nb = 0, boffs[64];
				if (cfg->lengths_hours[li] > cfg->break_after_hours && cfg->break_minutes > 0) {
					int iv = cfg->interval_minutes;
					for (int b = 0; b <= paid && nb < 64; b += iv)
						if (b >= cfg->break_window_lo * 60 - 1e-9 &&
						    b <= cfg->break_window_hi * 60 + 1e-9 && b < paid)
							boffs[nb++] = b;
					if (nb == 0)
						continue; /* no legal break placement */
				} else {
					boffs[nb++] = -1;
				}
				for (int bi = 0; bi < nb; bi++) {
					struct scol c = { 0 };
					c.day = d;
					c.start = start;
					c.paid_min = paid;
					c.end = start + (time_t)paid * 60 +
						(boffs[bi] >= 0 ? (time_t)cfg->break_minutes * 60 : 0);
					if (boffs[bi] >= 0) {
						c.bstart = start + (time_t)boffs[bi] * 60;
						c.bend = c.bstart + (time_t)cfg->break_minutes * 60;
					}
					c.cov0 = s->ncov;
					long k0 = (long)(c.start - s->day_start[0]) / s->step;
					for (long k = k0 < 0 ? 0 : k0; k < s->nint; k++) {
						time_t i0 = s->day_start[0] + (time_t)k * s->step;
						time_t i1 = i0 + s->step;
						if (i0 >= c.end)
							break;
						double on = overlap(i0, i1, c.start, c.end) -
							    overlap(i0, i1, c.bstart, c.bend);
						if (on > 0)
							add_piece(s, (int)k, on / s->step);
					}
					c.ncov = s->ncov - c.cov0;
					c.night_h = (night_seconds(s, c.start, c.bstart ? c.bstart : c.end) +
						     (c.bstart ? night_seconds(s, c.bend, c.end) : 0)) / 3600.0;
					c.wage_h = c.paid_min / 60.0 + s->in->cfg.night_premium * c.night_h;
					SP_GROW(s->cols, s->ncols + 1, s->capcols);
					s->cols[s->ncols++] = c;
				}
			}
		}
	}
	s->day_first[s->ndays] = s->ncols;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Groups agents who may serve the same cells (hiring candidates apart).
 * Availability, contracts and wages stay per agent: stage 1 bounds each
 * column by how many may work it and sums the contracts. */
static void build_groups(struct sched *s)
{
	const struct sp_input *in = s->in;
	int n = in->nagents;
	/* Small instances also group by contract and wage: then the stage-1
	 * counts always split into valid weeks, and its MIP is exact. */
	int fine = (double)n * s->ncols <= FINE_GROUPS;

	s->agent_cell = sp_xcalloc((size_t)n * (size_t)(s->ncells ? s->ncells : 1), 1);
	s->agent_group = sp_xcalloc((size_t)(n ? n : 1), sizeof(int));
	s->groups = sp_xcalloc((size_t)(n ? n : 1), sizeof(struct sgroup));
	for (int a = 0; a < n; a++) {
		const struct sp_agent *ag = &in->agents[a];
		for (int c = 0; c < s->ncells; c++) {
			const struct sp_cell *cell = &s->req->cells[c];
			s->agent_cell[(size_t)a * s->ncells + c] =
				(ag->queues >> cell->queue & 1) && (ag->langs >> cell->lang & 1);
		}
		int g;
		for (g = 0; g < s->ngroups; g++) {
			int b = s->groups[g].agents[0];
			const struct sp_agent *bg = &in->agents[b];
			if (fine && (bg->min_hours != ag->min_hours || bg->max_hours != ag->max_hours ||
				     bg->max_days != ag->max_days || bg->cost_per_hour != ag->cost_per_hour))
				continue;
			if (in->agents[b].hypothetical == ag->hypothetical &&
			    !memcmp(&s->agent_cell[(size_t)a * s->ncells],
				    &s->agent_cell[(size_t)b * s->ncells], (size_t)s->ncells))
				break;
		}
		if (g == s->ngroups) {
			struct sgroup *gr = &s->groups[s->ngroups++];
			gr->agents = sp_xcalloc((size_t)n, sizeof(int));
			gr->hypothetical = ag->hypothetical;
			gr->cells = sp_xcalloc((size_t)(s->ncells ? s->ncells : 1), sizeof(int));
			for (int c = 0; c < s->ncells; c++)
				if (s->agent_cell[(size_t)a * s->ncells + c])
					gr->cells[gr->ncells++] = c;
		}
		struct sgroup *gr = &s->groups[g];
		gr->agents[gr->n++] = a;
		gr->sum_min_h += ag->min_hours;
		gr->sum_max_h += ag->max_hours;
		gr->sum_max_days += ag->max_days;
		s->agent_group[a] = g;
	}
	/* wage levels: the distinct wages, merged into NLEV buckets whose
	 * price is the least wage inside (a lower bound for every member) */
	for (int g = 0; g < s->ngroups; g++) {
		struct sgroup *gr = &s->groups[g];
		double *w = sp_xmalloc((size_t)gr->n * sizeof(double));
		int nd = 0;
		for (int i = 0; i < gr->n; i++)
			w[i] = in->agents[gr->agents[i]].cost_per_hour;
		qsort(w, (size_t)gr->n, sizeof(double), cmp_double);
		for (int i = 0; i < gr->n; i++)
			if (i == 0 || w[i] != w[i - 1])
				w[nd++] = w[i];
		gr->nlev = nd < NLEV ? nd : NLEV;
		for (int l = 0; l < gr->nlev; l++)
			gr->level_cost[l] = w[(size_t)l * nd / gr->nlev];
		gr->agent_level = sp_xmalloc((size_t)gr->n * sizeof(int));
		for (int i = 0; i < gr->n; i++) {
			double c = in->agents[gr->agents[i]].cost_per_hour;
			int l = 0;
			while (l + 1 < gr->nlev && gr->level_cost[l + 1] <= c)
				l++;
			gr->agent_level[i] = l;
			const struct sp_agent *ag = &in->agents[gr->agents[i]];
			gr->lev_n[l] += 1;
			gr->lev_min_h[l] += ag->min_hours;
			gr->lev_max_h[l] += ag->max_hours;
			gr->lev_max_days[l] += ag->max_days;
		}
		free(w);
	}
}

static void build_availability(struct sched *s)
{
	const struct sp_input *in = s->in;
	int words = (s->ncols + 63) / 64, rows = 0;

	s->blocked_row = sp_xmalloc(((size_t)in->nagents + 1) * sizeof(int));
	for (int a = 0; a < in->nagents; a++)
		s->blocked_row[a] = -1;
	/* a row for each agent whose unavailable time meets a column */
	for (int i = 0; i < in->navail; i++) {
		const struct sp_avail *av = &in->avail[i];
		int *r = &s->blocked_row[av->agent];
		if (av->type != SP_UNAVAILABLE)
			continue;
		for (int j = 0; j < s->ncols && *r < 0; j++)
			if (overlap(s->cols[j].start, s->cols[j].end, av->start, av->end) > 0)
				*r = words * rows++;
	}
	s->blocked = sp_xcalloc((size_t)words * rows + 1, sizeof(uint64_t));
	s->pref_h = sp_xcalloc((size_t)(in->nagents ? in->nagents : 1), sizeof(float *));
	for (int i = 0; i < in->navail; i++) {
		const struct sp_avail *av = &in->avail[i];
		for (int j = 0; j < s->ncols; j++) {
			const struct scol *c = &s->cols[j];
			double ov = overlap(c->start, c->end, av->start, av->end);
			if (ov <= 0)
				continue;
			if (av->type == SP_UNAVAILABLE) {
				s->blocked[s->blocked_row[av->agent] + j / 64] |= (uint64_t)1 << (j % 64);
			} else {
				if (!s->pref_h[av->agent])
					s->pref_h[av->agent] = sp_xcalloc((size_t)s->ncols, sizeof(float));
				s->pref_h[av->agent][j] += (float)(ov / 3600.0);
			}
		}
	}
}

static int find_agent(const struct sp_input *in, const char *id)
{
	for (int a = 0; a < in->nagents; a++)
		if (!strcmp(in->agents[a].id, id))
			return a;
	return -1;
}

static void build_baseline(struct sched *s)
{
	const struct sched_opts *o = s->opts;

	if (!o->baseline)
		return;
	s->base_col = sp_xmalloc((size_t)s->in->nagents * (size_t)s->ndays * sizeof(int));
	for (size_t i = 0; i < (size_t)s->in->nagents * (size_t)s->ndays; i++)
		s->base_col[i] = -1;
	for (int i = 0; i < o->nbaseline; i++) {
		const struct sched_baseline_shift *b = &o->baseline[i];
		int a = find_agent(s->in, b->agent_id);
		if (a < 0)
			continue;
		int d;
		for (d = 0; d < s->ndays && s->day_start[d + 1] <= b->start; d++)
			;
		if (d >= s->ndays || b->start < s->day_start[0])
			continue;
		int found = -2;
		for (int j = s->day_first[d]; j < s->day_first[d + 1]; j++)
			if (s->cols[j].start == b->start && s->cols[j].paid_min == b->paid_minutes &&
			    s->cols[j].bstart == b->brk_start)
				found = j;
		s->base_col[(size_t)a * s->ndays + d] = found;
	}
}

double sched_pref_hours(const struct sched *s, int agent, int col)
{
	return s->pref_h[agent] ? s->pref_h[agent][col] : 0.0;
}

int sched_change(const struct sched *s, int agent, int day, int col)
{
	if (!s->base_col)
		return 0;
	int b = s->base_col[(size_t)agent * s->ndays + day];
	if (b == -1)
		return col >= 0;
	return b != col;
}

/* Wages (with night premium) plus preferred-off penalty of one shift. */
double sched_col_cost(const struct sched *s, int agent, int col)
{
	const struct sp_config *cfg = &s->in->cfg;
	const struct scol *c = &s->cols[col];
	double rate = s->in->agents[agent].cost_per_hour;

	return rate * c->wage_h +
	       cfg->preferred_off_penalty * sched_pref_hours(s, agent, col);
}

/* ---- stage 1: aggregated master problem -------------------------------- */

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
	double *cut_coef;   /* coefficient of on-duty time: 1, or f for MIR cuts */
	unsigned char *whole; /* [t]: every column covers t fully or not at all */
	uint64_t *cut_mask; /* [cut*nw] */
	/* Contract rows per group and wage level (the agents of a level are
	 * known, so each row is a sum of their own rows; a group-wide row
	 * would let the cheapest level work everyone's min_hours).
	 * Hiring candidates share one contract: their level slot is 0. */
	int *day_row;       /* [(g*ndays + d)*NLEV + l] */
	int *hrs_row, *days_row; /* [g*NLEV + l], days_row -1 when slack */
	int nrt;            /* rest templates: (day, tau) */
	int *rt_day; time_t *rt_tau;
	int *rest_row;      /* [g*nrt + k] or -1 */
	int *col_rt0, *col_rtn, *col_rt; /* templates a column belongs to */
	int ncw, *cw_row;   /* consecutive-day windows: [g*ncw + w] */
	/* x copies: [(g*ncols + col)*NCOPY + copy] -> lp column or -1 */
	int *xcol;
	double *ub, *cost;  /* same indexing */
	int *slack;         /* per group: min-hours slack column */
	size_t *xlist; size_t nxl, capxl; /* x copies in the LP, as indices into xcol */
	int *hcol;          /* per hypothetical group: agents hired (else -1) */
	int *hrows, nh, caph; double *hvals; /* capacity rows of the group being built */
	double pen_change;
};

static void master_free(struct master *m)
{
	lp_free(m->lp);
	free(m->ucol);
	free(m->gmask);
	free(m->cut_row);
	free(m->cut_next);
	free(m->cut_head);
	free(m->cut_mask);
	free(m->cut_coef);
	free(m->whole);
	free(m->day_row);
	free(m->hrs_row);
	free(m->days_row);
	free(m->rt_day);
	free(m->rt_tau);
	free(m->rest_row);
	free(m->col_rt0);
	free(m->col_rtn);
	free(m->col_rt);
	free(m->cw_row);
	free(m->xcol);
	free(m->ub);
	free(m->cost);
	free(m->slack);
	free(m->xlist);
	free(m->hcol);
	free(m->hrows);
	free(m->hvals);
}

/* A row bounding group g's use of some capacity at coef per agent: the
 * right-hand side is n_g * coef, or, for hypothetical agents (hiring), coef
 * times the number hired, a variable added by close_group(). */
static int cap_row(const struct sched *s, struct master *m, int g, double coef)
{
	if (!s->groups[g].hypothetical)
		return lp_add_row(m->lp, -LP_INF, s->groups[g].n * coef);
	int row = lp_add_row(m->lp, -LP_INF, 0);
	SP_GROW(m->hrows, m->nh + 1, m->caph);
	m->hvals = sp_xrealloc(m->hvals, m->caph * sizeof(double));
	m->hrows[m->nh] = row;
	m->hvals[m->nh++] = -coef;
	return row;
}

static void close_group(const struct sched *s, struct master *m, int g)
{
	m->hcol[g] = -1;
	if (s->groups[g].hypothetical && m->nh)
		m->hcol[g] = lp_add_col(m->lp, s->in->cfg.hire_cost_per_week, 0, s->groups[g].n, 0,
					m->nh, m->hrows, m->hvals);
	m->nh = 0;
}

static int cmp_time(const void *a, const void *b)
{
	time_t x = *(const time_t *)a, y = *(const time_t *)b;
	return x < y ? -1 : x > y;
}

/* Rest templates: for day d and a time tau, the columns of day d ending after
 * tau and those of day d+1 starting before tau + min_rest pairwise conflict,
 * so an agent works at most one of them. */
static void build_rest_templates(struct sched *s, struct master *m)
{
	int cap = 0, capm = 0, nm = 0;
	time_t *ends = sp_xmalloc((size_t)(s->ncols ? s->ncols : 1) * sizeof(time_t));

	m->col_rt0 = sp_xcalloc((size_t)(s->ncols ? s->ncols : 1), sizeof(int));
	m->col_rtn = sp_xcalloc((size_t)(s->ncols ? s->ncols : 1), sizeof(int));
	/* membership lists are built per column below, in two passes */
	for (int d = 0; d + 1 < s->ndays; d++) {
		int ne = 0;
		for (int j = s->day_first[d]; j < s->day_first[d + 1]; j++)
			ends[ne++] = s->cols[j].end - 1;
		qsort(ends, (size_t)ne, sizeof(time_t), cmp_time);
		for (int i = 0; i < ne; i++) {
			if (i && ends[i] == ends[i - 1])
				continue;
			int any = 0;
			for (int j = s->day_first[d + 1]; j < s->day_first[d + 2] && !any; j++)
				any = s->cols[j].start < ends[i] + s->rest_s;
			if (!any)
				continue;
			SP_GROW(m->rt_day, m->nrt + 1, cap);
			m->rt_tau = sp_xrealloc(m->rt_tau, cap * sizeof(time_t));
			m->rt_day[m->nrt] = d;
			m->rt_tau[m->nrt] = ends[i];
			m->nrt++;
		}
	}
	free(ends);
	for (int j = 0; j < s->ncols; j++) {
		const struct scol *c = &s->cols[j];
		m->col_rt0[j] = nm;
		for (int k = 0; k < m->nrt; k++) {
			int in = (m->rt_day[k] == c->day && c->end > m->rt_tau[k]) ||
				 (m->rt_day[k] + 1 == c->day && c->start < m->rt_tau[k] + s->rest_s);
			if (!in)
				continue;
			SP_GROW(m->col_rt, nm + 1, capm);
			m->col_rt[nm++] = k;
		}
		m->col_rtn[j] = nm - m->col_rt0[j];
	}
}

static int meets(const uint64_t *a, const uint64_t *b, int nw)
{
	for (int w = 0; w < nw; w++)
		if (a[w] & b[w])
			return 1;
	return 0;
}

static double set_required(const struct sched *s, int t, const uint64_t *S)
{
	double r = 0;
	for (int c = 0; c < s->ncells; c++)
		if (S[c / 64] >> (c % 64) & 1)
			r += s->req->required[(size_t)c * s->nint + t];
	return r;
}

/* Adds a cover row for cell set S in interval t over the x columns in the
 * LP so far (xk[i]: copies with an LP column):
 *   mir == 0: U_t + n(S, t) >= r(S)            (min-cut row, exact)
 *   mir != 0: U_t + f n(S, t) >= f ceil(r(S))  (its mixed-integer rounding,
 *             f = frac(r(S)), valid where on-duty counts are whole) */
static void add_cut(const struct sched *s, struct master *m, int t, const uint64_t *S,
		    const size_t *xk, size_t nxk, int mir)
{
	double rhs = set_required(s, t, S), coef = 1;
	int n = 0, *cols = sp_xmalloc((nxk + 2) * sizeof(int));
	double *vals = sp_xmalloc((nxk + 2) * sizeof(double));

	if (mir) {
		coef = rhs - floor(rhs);
		rhs = coef * ceil(rhs);
	}
	cols[n] = m->ucol[t];
	vals[n++] = 1;
	for (size_t i = 0; i < nxk; i++) {
		size_t k = xk[i];
		int g = (int)(k / NCOPY / s->ncols), j = (int)(k / NCOPY % s->ncols);
		if (!meets(&m->gmask[(size_t)g * m->nw], S, m->nw))
			continue;
		const struct scol *col = &s->cols[j];
		for (int p = 0; p < col->ncov; p++)
			if (s->cov_t[col->cov0 + p] == t) {
				cols[n] = m->xcol[k];
				vals[n++] = coef * s->cov_f[col->cov0 + p];
			}
	}
	if (m->ncuts == m->capcuts) {
		m->capcuts = m->capcuts ? 2 * m->capcuts : 1024;
		m->cut_row = sp_xrealloc(m->cut_row, (size_t)m->capcuts * sizeof(int));
		m->cut_next = sp_xrealloc(m->cut_next, (size_t)m->capcuts * sizeof(int));
		m->cut_mask = sp_xrealloc(m->cut_mask, (size_t)m->capcuts * m->nw * sizeof(uint64_t));
		m->cut_coef = sp_xrealloc(m->cut_coef, (size_t)m->capcuts * sizeof(double));
	}
	m->cut_coef[m->ncuts] = coef;
	int k = m->ncuts++;
	m->cut_row[k] = lp_add_row_coefs(m->lp, rhs, LP_INF, n, cols, vals);
	memcpy(&m->cut_mask[(size_t)k * m->nw], S, (size_t)m->nw * sizeof(uint64_t));
	m->cut_next[k] = m->cut_head[t];
	m->cut_head[t] = k;
	free(cols);
	free(vals);
}

/* MIR rows for interval t: each single cell and each language's cells (the
 * sets the fractional requirements of one team live in); added when the
 * solution (supplies sup, understaffing u) violates them.  S is scratch. */
static int separate_mir(const struct sched *s, struct master *m, int t, const double *sup, double u,
			uint64_t *S)
{
	int added = 0;

	for (int c = 0; c < s->ncells; c++) {
		for (int kind = 0; kind < 2; kind++) {
			memset(S, 0, (size_t)m->nw * sizeof(uint64_t));
			if (kind == 0) {
				S[c / 64] |= 1ULL << (c % 64);
			} else {
				/* the cells of c's language, once per language */
				int first = 1;
				for (int x = 0; x < s->ncells; x++)
					if (s->req->cells[x].lang == s->req->cells[c].lang) {
						if (x < c)
							first = 0;
						S[x / 64] |= 1ULL << (x % 64);
					}
				if (!first)
					continue;
			}
			double r = set_required(s, t, S), f = r - floor(r);
			if (r <= 1e-9 || f < 1e-6 || f > 1 - 1e-6)
				continue;
			double n = 0;
			for (int g = 0; g < s->ngroups; g++)
				if (meets(&m->gmask[(size_t)g * m->nw], S, m->nw))
					n += sup[(size_t)g * s->nint + t];
			if (u + f * n < f * ceil(r) - 1e-6) {
				add_cut(s, m, t, S, m->xlist, m->nxl, 1);
				added++;
			}
		}
	}
	return added;
}

/* Adds the min-cut rows the solution xv (aligned with m->xlist) violates:
 * per interval, a max-flow of the groups' on-duty time to the cells gives
 * the true understaffing; when U_t is below it, the cells on the sink side
 * of the minimum cut form the violated set S.  Returns how many. */
static int separate_cover(const struct sched *s, struct master *m, const double *xv,
			  const double *uv)
{
	int G = s->ngroups, C = s->ncells, T = s->nint, added = 0;
	double *sup = sp_xcalloc((size_t)G * (T ? T : 1), sizeof(double));
	uint64_t *S = sp_xcalloc((size_t)m->nw, sizeof(uint64_t));
	struct flow f;

	for (size_t i = 0; i < m->nxl; i++) {
		if (xv[i] <= 1e-9)
			continue;
		size_t k = m->xlist[i];
		int g = (int)(k / NCOPY / s->ncols), j = (int)(k / NCOPY % s->ncols);
		const struct scol *c = &s->cols[j];
		for (int p = 0; p < c->ncov; p++)
			sup[(size_t)g * T + s->cov_t[c->cov0 + p]] += xv[i] * s->cov_f[c->cov0 + p];
	}
	flow_init(&f, s, 1);
	for (int t = 0; t < T; t++) {
		if (m->ucol[t] < 0)
			continue;
		double under = flow_interval(&f, s, sup, t);
		if (m->whole[t])
			added += separate_mir(s, m, t, sup, uv[t], S);
		if (under <= uv[t] + 1e-6 * (1 + under))
			continue;
		memset(S, 0, (size_t)m->nw * sizeof(uint64_t));
		int any = 0;
		for (int c = 0; c < C; c++)
			if (!flow_reaches(&f, c) && s->req->required[(size_t)c * T + t] > 1e-9) {
				S[c / 64] |= 1ULL << (c % 64);
				any = 1;
			}
		if (any) {
			add_cut(s, m, t, S, m->xlist, m->nxl, 0);
			added++;
		}
	}
	flow_release(&f);
	free(sup);
	free(S);
	return added;
}

static void master_rows(struct sched *s, struct master *m)
{
	const struct sp_config *cfg = &s->in->cfg;
	const struct sp_reqs *r = s->req;
	double dh = s->step / 3600.0;
	int G = s->ngroups, T = s->nint;

	m->lp = lp_new(s->opts->solver);
	m->nw = (s->ncells + 63) / 64 + 1;
	m->gmask = sp_xcalloc((size_t)G * m->nw, sizeof(uint64_t));
	for (int g = 0; g < G; g++)
		for (int i = 0; i < s->groups[g].ncells; i++) {
			int c = s->groups[g].cells[i];
			m->gmask[(size_t)g * m->nw + c / 64] |= 1ULL << (c % 64);
		}
	m->whole = sp_xmalloc((size_t)(T ? T : 1));
	memset(m->whole, 1, (size_t)(T ? T : 1));
	for (int i = 0; i < s->ncov; i++)
		if (s->cov_f[i] < 1 - 1e-9)
			m->whole[s->cov_t[i]] = 0;
	m->ucol = sp_xmalloc((size_t)(T ? T : 1) * sizeof(int));
	m->cut_head = sp_xmalloc((size_t)(T ? T : 1) * sizeof(int));
	uint64_t *all = sp_xcalloc((size_t)m->nw, sizeof(uint64_t));
	for (int t = 0; t < T; t++) {
		double total = 0;
		memset(all, 0, (size_t)m->nw * sizeof(uint64_t));
		for (int c = 0; c < s->ncells; c++)
			if (r->required[(size_t)c * T + t] > 1e-9) {
				total += r->required[(size_t)c * T + t];
				all[c / 64] |= 1ULL << (c % 64);
			}
		m->cut_head[t] = -1;
		m->ucol[t] = -1;
		if (total <= 0)
			continue;
		m->ucol[t] = lp_add_col(m->lp, cfg->understaffing_penalty * dh, 0, LP_INF, 0, 0, NULL, NULL);
		add_cut(s, m, t, all, NULL, 0, 0);   /* every cell: total supply */
	}
	free(all);
	m->day_row = sp_xmalloc((size_t)G * s->ndays * NLEV * sizeof(int));
	m->hrs_row = sp_xmalloc((size_t)G * NLEV * sizeof(int));
	m->days_row = sp_xmalloc((size_t)G * NLEV * sizeof(int));
	m->slack = sp_xmalloc((size_t)G * NLEV * sizeof(int));
	m->hcol = sp_xmalloc((size_t)G * sizeof(int));
	build_rest_templates(s, m);
	m->rest_row = sp_xmalloc((size_t)G * (m->nrt ? m->nrt : 1) * sizeof(int));
	int maxc = cfg->max_consecutive_days;
	m->ncw = s->ndays > maxc ? s->ndays - maxc : 0;
	m->cw_row = sp_xmalloc((size_t)G * (m->ncw ? m->ncw : 1) * sizeof(int));
	for (int g = 0; g < G; g++) {
		const struct sgroup *gr = &s->groups[g];
		for (int l = 0; l < NLEV; l++) {
			int *hrs = &m->hrs_row[(size_t)g * NLEV + l], *days = &m->days_row[(size_t)g * NLEV + l];
			int *slack = &m->slack[(size_t)g * NLEV + l];
			*hrs = *days = *slack = -1;
			for (int d = 0; d < s->ndays; d++)
				m->day_row[((size_t)g * s->ndays + d) * NLEV + l] = -1;
			if (gr->hypothetical) {
				if (l > 0)
					continue;
				for (int d = 0; d < s->ndays; d++)
					m->day_row[((size_t)g * s->ndays + d) * NLEV] = cap_row(s, m, g, 1);
				/* hired agents must reach min_hours only if hired:
				 * the aggregate keeps the upper limit (a relaxation) */
				*hrs = cap_row(s, m, g, gr->sum_max_h / gr->n);
				if (gr->sum_max_days < (double)gr->n * s->ndays)
					*days = cap_row(s, m, g, gr->sum_max_days / gr->n);
				continue;
			}
			if (l >= gr->nlev)
				continue;
			for (int d = 0; d < s->ndays; d++)
				m->day_row[((size_t)g * s->ndays + d) * NLEV + l] =
					lp_add_row(m->lp, -LP_INF, gr->lev_n[l]);
			*hrs = lp_add_row(m->lp, gr->lev_min_h[l], gr->lev_max_h[l]);
			if (gr->lev_min_h[l] > 0) {
				double one = 1.0;
				*slack = lp_add_col(m->lp, BIG_SLACK, 0, gr->lev_min_h[l], 0, 1, hrs, &one);
			}
			if (gr->lev_max_days[l] < gr->lev_n[l] * s->ndays)
				*days = lp_add_row(m->lp, -LP_INF, gr->lev_max_days[l]);
		}
		for (int k = 0; k < m->nrt; k++)
			m->rest_row[(size_t)g * m->nrt + k] = -1; /* added when violated */
		for (int w = 0; w < m->ncw; w++)
			m->cw_row[(size_t)g * m->ncw + w] = cap_row(s, m, g, maxc);
		close_group(s, m, g);
	}
}

/* Nonzeros of column (g, col) in the rows shared by every wage level;
 * returns the count. */
static int master_coefs(const struct sched *s, const struct master *m, int g, int col,
			int *rows, double *vals)
{
	const struct scol *c = &s->cols[col];
	int n = 0;

	for (int i = 0; i < c->ncov; i++) {
		int t = s->cov_t[c->cov0 + i];
		for (int k = m->cut_head[t]; k >= 0; k = m->cut_next[k])
			if (meets(&m->gmask[(size_t)g * m->nw], &m->cut_mask[(size_t)k * m->nw], m->nw)) {
				rows[n] = m->cut_row[k];
				vals[n++] = m->cut_coef[k] * s->cov_f[c->cov0 + i];
			}
	}
	for (int i = 0; i < m->col_rtn[col]; i++) {
		int row = m->rest_row[(size_t)g * m->nrt + m->col_rt[m->col_rt0[col] + i]];
		if (row >= 0) {
			rows[n] = row;
			vals[n++] = 1;
		}
	}
	int maxc = s->in->cfg.max_consecutive_days;
	for (int w = 0; w < m->ncw; w++)
		if (c->day >= w && c->day <= w + maxc) {
			rows[n] = m->cw_row[(size_t)g * m->ncw + w];
			vals[n++] = 1;
		}
	return n;
}

/* Nonzeros of column (g, col) in the contract rows of wage level l,
 * appended at rows + n; returns the new count. */
static int level_coefs(const struct sched *s, const struct master *m, int g, int col, int l,
		       int *rows, double *vals, int n)
{
	const struct scol *c = &s->cols[col];
	int lev = s->groups[g].hypothetical ? 0 : l;
	size_t gl = (size_t)g * NLEV + (size_t)lev;

	rows[n] = m->day_row[((size_t)g * s->ndays + c->day) * NLEV + (size_t)lev];
	vals[n++] = 1;
	rows[n] = m->hrs_row[gl];
	vals[n++] = c->paid_min / 60.0;
	if (m->days_row[gl] >= 0) {
		rows[n] = m->days_row[gl];
		vals[n++] = 1;
	}
	return n;
}

/* The dual value of column (g, col) in the rows of wage level l. */
static double level_dot(const struct sched *s, const struct master *m, int g, int col, int l,
			const double *dual)
{
	int rows[3];
	double vals[3], dot = 0;
	int n = level_coefs(s, m, g, col, l, rows, vals, 0);

	for (int i = 0; i < n; i++)
		dot += vals[i] * dual[rows[i]];
	return dot;
}

/* Splits group g's agents available for col into classes (holders of the
 * column in the baseline, free, preferring off) and wage levels, with each
 * copy's count and least cost: every agent costs at least its copy's price,
 * so the LP stays a bound. */
static void master_copies(const struct sched *s, struct master *m, int g, int col)
{
	const struct sgroup *gr = &s->groups[g];
	size_t k = ((size_t)g * s->ncols + col) * NCOPY;
	double half = m->pen_change / 2;
	double hours = s->cols[col].wage_h;
	double minpen[NLEV];

	for (int c = 0; c < NCOPY; c++)
		m->ub[k + c] = 0;
	for (int l = 0; l < NLEV; l++)
		minpen[l] = HUGE_VAL;
	for (int i = 0; i < gr->n; i++) {
		int a = gr->agents[i], l = gr->agent_level[i];
		if (sched_blocked(s, a, col))
			continue;
		double p = sched_pref_hours(s, a, col);
		int cls = s->base_col && s->base_col[(size_t)a * s->ndays + s->cols[col].day] == col ? 0
			  : p > 0 ? 2 : 1;
		m->ub[k + cls * NLEV + l] += 1;
		if (cls == 2 && p < minpen[l])
			minpen[l] = p;
	}
	for (int l = 0; l < NLEV; l++) {
		double wage = l < gr->nlev ? gr->level_cost[l] * hours : 0;
		m->cost[k + l] = wage - half;
		m->cost[k + NLEV + l] = wage + half;
		m->cost[k + 2 * NLEV + l] = wage + half +
			(m->ub[k + 2 * NLEV + l] > 0 ? minpen[l] * s->in->cfg.preferred_off_penalty : 0);
	}
}

static int col_open(const struct master *m, size_t k)
{
	for (int c = 0; c < NCOPY; c++)
		if (m->ub[k + c] > 0)
			return 1;
	return 0;
}

static int master_add_x(const struct sched *s, struct master *m, size_t k, int *rows, double *vals)
{
	int g = (int)(k / NCOPY / s->ncols), j = (int)(k / NCOPY % s->ncols);
	int n = master_coefs(s, m, g, j, rows, vals);
	n = level_coefs(s, m, g, j, (int)(k % NCOPY) % NLEV, rows, vals, n);
	m->xcol[k] = lp_add_col(m->lp, m->cost[k], 0, m->ub[k], 0, n, rows, vals);
	SP_GROW(m->xlist, m->nxl + 1, m->capxl);
	m->xlist[m->nxl++] = k;
	return m->xcol[k];
}

/* Adds the rest rows the solution xv (aligned with m->xlist) violates;
 * returns how many. */
static int separate_rest(const struct sched *s, struct master *m, const double *xv,
			 const double *hv, double *acc)
{
	int added = 0;
	size_t nk = (size_t)s->ngroups * (m->nrt ? m->nrt : 1);

	if (m->nrt == 0)
		return 0;
	memset(acc, 0, nk * sizeof(double));
	for (size_t i = 0; i < m->nxl; i++) {
		size_t k = m->xlist[i];
		double v = xv[i];
		if (v <= 1e-9)
			continue;
		int g = (int)(k / NCOPY / s->ncols), j = (int)(k / NCOPY % s->ncols);
		for (int r = 0; r < m->col_rtn[j]; r++)
			acc[(size_t)g * m->nrt + m->col_rt[m->col_rt0[j] + r]] += v;
	}
	int *cols = NULL;
	double *vals = NULL;
	size_t cap = 0;
	for (int g = 0; g < s->ngroups; g++)
		for (int r = 0; r < m->nrt; r++) {
			size_t gi = (size_t)g * m->nrt + r;
			double capv = s->groups[g].hypothetical ? hv[g] : s->groups[g].n;
			if (m->rest_row[gi] >= 0 || acc[gi] <= capv + 1e-6)
				continue;
			int n = 0;
			for (size_t i = 0; i < m->nxl; i++) {
				size_t k = m->xlist[i];
				int gg = (int)(k / NCOPY / s->ncols), j = (int)(k / NCOPY % s->ncols);
				if (gg != g)
					continue;
				for (int q = 0; q < m->col_rtn[j]; q++)
					if (m->col_rt[m->col_rt0[j] + q] == r) {
						SP_GROW(cols, (size_t)n + 2, cap);
						vals = sp_xrealloc(vals, cap * sizeof(double));
						cols[n] = m->xcol[k];
						vals[n++] = 1;
					}
			}
			if (s->groups[g].hypothetical && m->hcol[g] >= 0) {
				SP_GROW(cols, (size_t)n + 2, cap);
				vals = sp_xrealloc(vals, cap * sizeof(double));
				cols[n] = m->hcol[g];
				vals[n++] = -1;
			}
			m->rest_row[gi] = lp_add_row_coefs(m->lp, -LP_INF,
							   s->groups[g].hypothetical ? 0 : s->groups[g].n,
							   n, cols, vals);
			added++;
		}
	free(cols);
	free(vals);
	return added;
}

struct cand {
	double rc;
	size_t k;
};


static void progress(void *arg, double elapsed, double inc, double bound)
{
	(void)arg;
	fprintf(stderr, "\r  %6.1fs  incumbent %12.2f  bound %12.2f  gap %6.2f%%   ", elapsed, inc,
		bound, isnan(inc) || isnan(bound) || inc == 0 ? NAN : 100 * (inc - bound) / fabs(inc));
}

/* The current solution (LP, or MIP when mip != 0) of the x copies, U_t and
 * hires, in arrays aligned with m->xlist, intervals and groups. */
struct mvals {
	double *x, *u, *h;
};

static void read_values(const struct sched *s, const struct master *m, int mip, struct mvals *v)
{
	double (*get)(const struct lp *, int) = mip ? lp_mip_value : lp_value;

	v->x = sp_xrealloc(v->x, (m->nxl + 1) * sizeof(double));
	v->u = sp_xrealloc(v->u, ((size_t)s->nint + 1) * sizeof(double));
	v->h = sp_xrealloc(v->h, ((size_t)s->ngroups + 1) * sizeof(double));
	for (size_t i = 0; i < m->nxl; i++)
		v->x[i] = get(m->lp, m->xcol[m->xlist[i]]);
	for (int t = 0; t < s->nint; t++)
		v->u[t] = m->ucol[t] >= 0 ? get(m->lp, m->ucol[t]) : 0;
	for (int g = 0; g < s->ngroups; g++)
		v->h[g] = m->hcol[g] >= 0 ? get(m->lp, m->hcol[g]) : 0;
}

static void mvals_release(struct mvals *v)
{
	free(v->x);
	free(v->u);
	free(v->h);
}

/* Adds every rest and min-cut row that solution v violates; returns how many. */
static int separate(const struct sched *s, struct master *m, const struct mvals *v, double *acc)
{
	return separate_rest(s, m, v->x, v->h, acc) + separate_cover(s, m, v->x, v->u);
}

int sched_stopped(const struct sched *s)
{
	return s->opts->stop && *s->opts->stop;
}

double sched_bound(const struct sched *s)
{
	double b = s->lb_valid ? s->lower_bound : -HUGE_VAL;
	if (s->feed) {
		mtx_lock(&s->feed->lock);
		b = fmax(b, s->feed->value);
		mtx_unlock(&s->feed->lock);
	}
	return b;
}

/* Solves the LP in slices of at most two seconds, so that Ctrl-C and the
 * deadline (seconds since the start) are seen between them; GLPK resumes
 * from the basis each slice ends with. */
static sp_status solve_lp(struct sched *s, struct master *m, double deadline, struct sp_err *err)
{
	for (;;) {
		double left = deadline - sched_elapsed(s);
		if (left <= 0 || sched_stopped(s))
			return sp_err_set(err, SP_ERR_TIMEOUT, "time limit reached in the LP relaxation");
		sp_status st = lp_solve(m->lp, left < 2 ? left : 2, err);
		if (st != SP_ERR_TIMEOUT)
			return st;
	}
}

/* Solves the LP, adding violated rows until none is left.  OUT: v, the
 * values of the final LP (only when SP_OK). */
static sp_status solve_separated(struct sched *s, struct master *m, double *acc, double deadline,
				 struct mvals *v, struct sp_err *err)
{
	for (;;) {
		sp_status st = solve_lp(s, m, deadline, err);
		if (st != SP_OK)
			return st;
		read_values(s, m, 0, v);
		if (separate(s, m, v, acc) == 0)
			return SP_OK;
	}
}

/* Column generation, then integer counts from a MIP over the generated
 * columns (small models) or from rounding the LP (large ones).  OUT: cnt. */
static sp_status stage1(struct sched *s, int *cnt, struct sp_err *err)
{
	struct master m = { 0 };
	size_t nx = (size_t)s->ngroups * s->ncols * NCOPY;
	int *rows = NULL;
	double *vals = NULL, *dual = NULL, *acc = NULL;
	struct cand *cands = NULL;
	struct mvals mv = { 0 }, lpv = { 0 };
	size_t nlp = 0;     /* x copies lpv holds values for */
	sp_status st = SP_OK;
	double base_const = 0;
	const char *trace = getenv("STAFFPLAN_TRACE");

	m.pen_change = s->base_col ? s->in->cfg.change_penalty : 0;
	master_rows(s, &m);
	int maxnz = 64 + s->nint + m.nrt + m.ncw;
	rows = sp_xmalloc((size_t)maxnz * sizeof(int));
	vals = sp_xmalloc((size_t)maxnz * sizeof(double));
	m.xcol = sp_xmalloc((nx ? nx : 1) * sizeof(int));
	m.ub = sp_xmalloc((nx ? nx : 1) * sizeof(double));
	m.cost = sp_xmalloc((nx ? nx : 1) * sizeof(double));
	cands = sp_xmalloc((nx ? nx : 1) * sizeof(struct cand));
	acc = sp_xmalloc((size_t)s->ngroups * (m.nrt ? m.nrt : 1) * sizeof(double));
	for (size_t i = 0; i < nx; i++)
		m.xcol[i] = -1;
	for (int g = 0; g < s->ngroups; g++)
		for (int j = 0; j < s->ncols; j++)
			master_copies(s, &m, g, j);
	if (s->base_col)
		for (size_t i = 0; i < (size_t)s->in->nagents * s->ndays; i++)
			if (s->base_col[i] != -1)
				base_const += m.pen_change / 2;
	lp_set_obj_const(m.lp, base_const);
	/* The columns of the starting roster (s->assign) enter first: the
	 * first LP is then nearly feasible and its duals mean something,
	 * instead of pricing against understaffing everywhere. */
	for (size_t i = 0; i < (size_t)s->in->nagents * s->ndays; i++) {
		int col = s->assign[i];
		if (col < 0)
			continue;
		size_t k = ((size_t)s->agent_group[i / s->ndays] * s->ncols + col) * NCOPY;
		for (int c = 0; c < NCOPY; c++)
			if (m.ub[k + c] > 0 && m.xcol[k + c] < 0)
				master_add_x(s, &m, k + c, rows, vals);
	}

	double budget = s->opts->time_limit;
	/* Stage 1 runs in the bound thread, beside the search, so column
	 * generation may take 90 % of the time: a converged LP is a bound
	 * (on bench M, 19 rounds and 15 s of 30), an interrupted one only a
	 * weak Lagrangian (Farley) bound. */
	double cg_deadline = 0.9 * budget;
	int rounds = 0, converged = 0;
	s->lower_bound = -HUGE_VAL;
	for (;;) {
		st = solve_separated(s, &m, acc, cg_deadline, &lpv, err);
		if (st == SP_ERR_TIMEOUT && rounds > 0) {
			st = SP_OK; /* go on with the last LP solution and its bound */
			break;
		}
		if (st != SP_OK)
			goto done;
		nlp = m.nxl;
		rounds++;
		dual = sp_xrealloc(dual, (size_t)lp_nrows(m.lp) * sizeof(double));
		for (int i = 0; i < lp_nrows(m.lp); i++)
			dual[i] = lp_dual(m.lp, i);
		/* price every candidate; the Lagrangian (Farley) bound
		 * LP + sum of ub * min(0, reduced cost) is valid at any round.
		 * The best PER_DAY columns of each group and day enter: spread
		 * over the week, they move the LP further than a global top-N. */
		size_t nc = 0, npos = 0;
		double farley = 0;
		for (int g = 0; g < s->ngroups; g++)
			for (int d = 0; d < s->ndays; d++) {
				size_t first = nc;
				for (int j = s->day_first[d]; j < s->day_first[d + 1]; j++) {
					size_t k = ((size_t)g * s->ncols + j) * NCOPY;
					if (!col_open(&m, k))
						continue;
					int n = master_coefs(s, &m, g, j, rows, vals);
					double dot = 0;
					for (int i = 0; i < n; i++)
						dot += vals[i] * dual[rows[i]];
					for (int c = 0; c < NCOPY; c++) {
						if (m.ub[k + c] == 0 || m.xcol[k + c] >= 0)
							continue;
						double rc = m.cost[k + c] - dot -
							    level_dot(s, &m, g, j, c % NLEV, dual);
						if (rc >= -1e-7)
							continue;
						farley += rc * m.ub[k + c];
						npos++;
						/* keep the PER_DAY most negative, sorted, in [first, nc) */
						size_t i;
						if (nc - first < (size_t)PER_DAY)
							i = nc++;
						else if (rc < cands[nc - 1].rc)
							i = nc - 1;
						else
							continue;
						while (i > first && cands[i - 1].rc > rc) {
							cands[i] = cands[i - 1];
							i--;
						}
						cands[i].rc = rc;
						cands[i].k = k + c;
					}
				}
			}
		double lb = lp_obj(m.lp) + farley;
		if (lb > s->lower_bound)
			s->lower_bound = lb;
		if (trace)
			fprintf(stderr, "trace: round %d: LP %.2f, %zu columns price out, %zu enter, bound %.2f, %d rows, %.2fs\n",
				rounds, lp_obj(m.lp), npos, nc, lb, lp_nrows(m.lp), sched_elapsed(s));
		else if (s->opts->progress_tty)
			fprintf(stderr, "\r  %6.1fs  column generation round %d  LP %12.2f  bound %12.2f   ",
				sched_elapsed(s), rounds, lp_obj(m.lp), fmax(0, s->lower_bound));
		if (nc == 0) {
			converged = 1;
			break;
		}
		if (sched_elapsed(s) > cg_deadline || sched_stopped(s))
			break;
		for (size_t i = 0; i < nc; i++)
			master_add_x(s, &m, cands[i].k, rows, vals);
	}
	s->lb_valid = 1;
	int found = 0, optimal = 0, all = 0;
	if (converged) {
		/* Columns nearly as good as those in the LP give the MIP room to
		 * round; a small instance gets every column, so its MIP is exact. */
		size_t total = 0;
		for (size_t k = 0; k < nx; k++)
			total += m.ub[k] > 0;
		all = total <= SMALL_COLUMNS;
		for (int g = 0; g < s->ngroups && (all || m.nxl <= MIP_COLUMNS); g++)
			for (int j = 0; j < s->ncols; j++) {
				size_t k = ((size_t)g * s->ncols + j) * NCOPY;
				if (!col_open(&m, k))
					continue;
				int n = master_coefs(s, &m, g, j, rows, vals);
				double dot = 0;
				for (int i = 0; i < n; i++)
					dot += vals[i] * dual[rows[i]];
				for (int c = 0; c < NCOPY; c++)
					if (m.ub[k + c] > 0 && m.xcol[k + c] < 0 &&
					    (all || m.cost[k + c] - dot - level_dot(s, &m, g, j, c % NLEV, dual) <
							    0.02 * m.cost[k + c]))
						master_add_x(s, &m, k + c, rows, vals);
			}
	}
	if (!s->opts->quiet && s->opts->progress_tty)
		fprintf(stderr, "\nstage 1: %d groups, %d shift columns, %d pricing rounds%s, bound %.2f\n",
			s->ngroups, s->ncols, rounds, converged ? "" : " (stopped early)", s->lower_bound);
	if (trace)
		fprintf(stderr, "trace: %zu x columns after enrichment (converged %d) at %.2fs\n", m.nxl, converged,
			sched_elapsed(s));
	if (converged && m.nxl <= MIP_COLUMNS && !sched_stopped(s)) {
		/* Only a converged column set is worth a MIP: over a partial
		 * one, the annealing makes better use of the time.
		 * GLPK's cut rounds and feasibility pump ignore the time limit
		 * (measured: 131 s against 14 s on 3 082 columns), so only small
		 * models get them */
		lp_set_strong_mip(m.lp, m.nxl <= STRONG_COLUMNS);
		for (size_t i = 0; i < m.nxl; i++)
			lp_set_col_integer(m.lp, m.xcol[m.xlist[i]], 1);
		for (int g = 0; g < s->ngroups; g++)
			if (m.hcol[g] >= 0)
				lp_set_col_integer(m.lp, m.hcol[g], 1);
		/* rows are generated lazily, so an integer solution may break one
		 * the LP never needed: add those and solve again */
		for (int pass = 0; pass < 20 && !sched_stopped(s); pass++) {
			double mip_time = 0.95 * budget - sched_elapsed(s);
			if (mip_time < 1)
				mip_time = 1;
			if ((st = solve_lp(s, &m, sched_elapsed(s) + mip_time, err)) != SP_OK)
				break;
			st = lp_solve_mip(m.lp, mip_time, s->opts->gap,
					  s->opts->progress_tty ? progress : NULL, NULL, s->opts->stop, &found,
					  &optimal, err);
			if (s->opts->progress_tty)
				fputc('\n', stderr);
			if (st != SP_OK)
				break;
			if (trace)
				fprintf(stderr, "trace: stage-1 MIP on %zu columns: found %d optimal %d obj %.2f at %.2fs\n",
					m.nxl, found, optimal, found ? lp_mip_obj(m.lp) : NAN, sched_elapsed(s));
			if (!found)
				break;
			read_values(s, &m, 1, &mv);
			if (separate(s, &m, &mv, acc) == 0)
				break;
			found = optimal = 0;
		}
		if (st == SP_ERR_TIMEOUT)
			st = SP_OK; /* fall back to rounding the LP */
		if (st != SP_OK)
			goto done;
	}
	s->stage1_exact = optimal;
	/* Over every column, the MIP's optimum is itself a bound: the integer
	 * counts of any roster are a solution of it (within GLPK's relative
	 * gap of the best bound). */
	if (optimal && all) {
		double obj = lp_mip_obj(m.lp), b = obj - s->opts->gap * fabs(obj);
		if (b > s->lower_bound)
			s->lower_bound = b;
	}
	if (found) {
		for (size_t i = 0; i < m.nxl; i++)
			cnt[m.xlist[i] / NCOPY] += (int)lround(mv.x[i]);
	} else {
		/* round the last LP upwards from ROUND_UP: the local search
		 * removes a surplus shift cheaply, while finding the shift that
		 * fills a gap means searching every column */
		for (size_t i = 0; i < nlp; i++)
			cnt[m.xlist[i] / NCOPY] += (int)floor(lpv.x[i] + 1 - ROUND_UP);
	}
done:
	mvals_release(&mv);
	mvals_release(&lpv);
	free(rows);
	free(vals);
	free(dual);
	free(acc);
	free(cands);
	master_free(&m);
	return st;
}

int sched_bound_done(const struct sched *s)
{
	if (!s->feed)
		return 1;
	mtx_lock(&s->feed->lock);
	int done = s->feed->done;
	mtx_unlock(&s->feed->lock);
	return done;
}

double sched_take_roster(struct sched *s, double obj)
{
	if (!s->feed)
		return obj;
	mtx_lock(&s->feed->lock);
	if (s->feed->roster_new && s->feed->roster_obj < obj - 1e-6) {
		memcpy(s->assign, s->feed->roster, (size_t)s->in->nagents * s->ndays * sizeof(int));
		obj = s->feed->roster_obj;
	}
	s->feed->roster_new = 0;
	mtx_unlock(&s->feed->lock);
	return obj;
}

/* The bound thread, beside the search: the Lagrangian until it
 * converges, then (on models small enough) column generation and the
 * stage-1 MIP, whose bound is shared, and the stage-2 roster from its
 * counts, offered to the search.  It works on a shallow copy of the
 * solve with its own roster; only feed is shared. */
struct lag_job {
	struct sched *s;
	struct lag *L;
	int colgen;             /* run stage 1 and 2 after the Lagrangian */
	int *start;             /* the starting roster: seeds stage 1 */
	struct shared_bound feed;
	volatile int quit;      /* the search is over */
};

static void offer_bound(struct lag_job *j, double b)
{
	mtx_lock(&j->feed.lock);
	if (b > j->feed.value)
		j->feed.value = b;
	mtx_unlock(&j->feed.lock);
}

static void run_stages(struct lag_job *j)
{
	struct sched c = *j->s;
	struct sched_opts o = *j->s->opts;
	struct sp_err err;
	size_t na = (size_t)c.in->nagents * c.ndays;
	int *cnt = sp_xcalloc((size_t)c.ngroups * c.ncols + 1, sizeof(int));

	o.progress_tty = 0;  /* the search owns the terminal */
	o.stop = &j->quit;   /* Ctrl-C ends the search, which sets quit */
	c.opts = &o;
	c.feed = NULL;
	c.assign = j->start;
	c.lb_valid = 0;
	if (stage1(&c, cnt, &err) == SP_OK) {
		if (c.lb_valid)
			offer_bound(j, c.lower_bound);
		if (!c.base_col && !j->quit &&
		    sched_assign(&c, cnt, 0.6 * (o.time_limit - sched_elapsed(&c)), &err) == SP_OK) {
			/* Hires from rounded counts are guesses, and a hired
			 * week is hard to give back: unless stage 1 proved its
			 * counts, the roster goes without candidates and the
			 * search hires only where a whole week pays. */
			if (!c.stage1_exact)
				for (int a = 0; a < c.in->nagents; a++)
					if (c.in->agents[a].hypothetical)
						for (int d = 0; d < c.ndays; d++)
							c.assign[(size_t)a * c.ndays + d] = -1;
			sched_repair_min_hours(&c);
			struct seval ev;
			sched_evaluate(&c, &ev);
			mtx_lock(&j->feed.lock);
			memcpy(j->feed.roster, c.assign, na * sizeof(int));
			j->feed.roster_obj = ev.objective;
			j->feed.roster_new = 1;
			mtx_unlock(&j->feed.lock);
			if (getenv("STAFFPLAN_TRACE"))
				fprintf(stderr, "trace: stage-2 roster %.2f offered at %.2fs\n", ev.objective,
					sched_elapsed(&c));
			seval_release(&ev);
		}
	}
	lp_thread_done();
	free(cnt);
}

static int lag_thread(void *arg)
{
	struct lag_job *j = arg;
	double t_end = j->s->opts->time_limit;

	while (!j->quit && !sched_lag_converged(j->L) && sched_elapsed(j->s) < t_end && !sched_stopped(j->s))
		offer_bound(j, sched_lag_run(j->L, fmin(t_end, sched_elapsed(j->s) + 0.25)));
	if (j->colgen && !j->quit)
		run_stages(j);
	mtx_lock(&j->feed.lock);
	j->feed.done = 1;
	mtx_unlock(&j->feed.lock);
	return 0;
}

/* Starts the bound thread on job (s->feed then reads it); 0 when no
 * thread can be had. */
static int lag_start(struct sched *s, struct lag_job *j, thrd_t *th)
{
	size_t na = (size_t)s->in->nagents * s->ndays;

	if (!j->feed.roster)
		j->feed.roster = sp_xmalloc((na + 1) * sizeof(int));
	j->feed.value = sched_lag_bound(j->L);
	if (mtx_init(&j->feed.lock, mtx_plain) != thrd_success)
		return 0;
	if (thrd_create(th, lag_thread, j) != thrd_success) {
		mtx_destroy(&j->feed.lock);
		return 0;
	}
	s->feed = &j->feed;
	return 1;
}

/* Stops the bound thread (th NULL: none ran), takes the best bound, and
 * frees the Lagrangian. */
static void lag_finish(struct sched *s, struct lag_job *j, thrd_t *th)
{
	if (th) {
		j->quit = 1;
		thrd_join(*th, NULL);
		/* a roster offered after the search ended */
		struct seval ev;
		sched_evaluate(s, &ev);
		sched_take_roster(s, ev.objective);
		seval_release(&ev);
		mtx_destroy(&j->feed.lock);
	}
	s->feed = NULL;
	double b = fmax(sched_lag_bound(j->L), j->feed.value);
	if (b > -HUGE_VAL && (!s->lb_valid || b > s->lower_bound)) {
		s->lower_bound = b;
		s->lb_valid = 1;
	}
	sched_lag_destroy(j->L);
	free(j->feed.roster);
}

/* ---- the whole solve ------------------------------------------------------ */

static void sched_release(struct sched *s)
{
	free(s->day_start);
	free(s->utcoff);
	free(s->cols);
	free(s->day_first);
	free(s->cov_t);
	free(s->cov_f);
	for (int g = 0; g < s->ngroups; g++) {
		free(s->groups[g].agents);
		free(s->groups[g].cells);
		free(s->groups[g].agent_level);
	}
	free(s->groups);
	free(s->agent_group);
	free(s->agent_cell);
	free(s->blocked);
	free(s->blocked_row);
	if (s->pref_h)
		for (int a = 0; a < s->in->nagents; a++)
			free(s->pref_h[a]);
	free(s->pref_h);
	free(s->base_col);
	free(s->assign);
}

/* A re-plan starts from the published roster: every baseline shift that
 * is still offered and allowed is kept, and the local search then moves
 * only what pays more than change_penalty.  Shifts that now break a rule
 * (new unavailability, a changed contract) are dropped, latest first. */
static void start_from_baseline(struct sched *s)
{
	for (int a = 0; a < s->in->nagents; a++) {
		for (int d = 0; d < s->ndays; d++) {
			int b = s->base_col[(size_t)a * s->ndays + d];
			s->assign[(size_t)a * s->ndays + d] =
				b >= 0 && !sched_blocked(s, a, b) ? b : -1;
		}
		for (int d = s->ndays - 1; d >= 0 && sched_check_rules(s, a, NULL, 0); d--)
			s->assign[(size_t)a * s->ndays + d] = -1;
	}
}

/* Agents whose availability or contract cannot reach min_hours at all. */
static sp_status precheck(const struct sched *s, struct sp_err *err)
{
	struct buf names = BUF_INIT;
	int bad = 0;

	for (int a = 0; a < s->in->nagents; a++) {
		const struct sp_agent *ag = &s->in->agents[a];
		if (ag->min_hours <= 0)
			continue;
		double best[64] = { 0 };
		for (int j = 0; j < s->ncols; j++)
			if (!sched_blocked(s, a, j) && s->cols[j].paid_min / 60.0 > best[s->cols[j].day])
				best[s->cols[j].day] = s->cols[j].paid_min / 60.0;
		/* the max_days longest days */
		double total = 0;
		for (int k = 0; k < ag->max_days; k++) {
			int bi = -1;
			for (int d = 0; d < s->ndays; d++)
				if (best[d] > 0 && (bi < 0 || best[d] > best[bi]))
					bi = d;
			if (bi < 0)
				break;
			total += best[bi];
			best[bi] = 0;
		}
		if (total + 1e-9 < ag->min_hours) {
			if (bad++ < 10)
				buf_printf(&names, "%s'%s' (%.0f h possible)", bad > 1 ? ", " : "", ag->id, total);
		}
	}
	if (bad) {
		sp_err_set(err, SP_ERR_INFEASIBLE,
			   "rule min_hours cannot hold for %d agent(s): %s%s; lower min_hours or their unavailability",
			   bad, names.s, bad > 10 ? ", ..." : "");
		buf_release(&names);
		return SP_ERR_INFEASIBLE;
	}
	buf_release(&names);
	return SP_OK;
}

/* Builds columns, groups, availability and baseline for one solve. */
static sp_status sched_build(struct sched *s, const struct sp_input *in, const struct sp_reqs *req,
			     const struct sched_opts *opts, struct sp_err *err)
{
	struct sp_local l;

	if (in->ndays >= 63)
		return sp_err_set(err, SP_ERR_INPUT, "the forecast spans %d days; at most 62 can be planned at once",
				  in->ndays);
	s->in = in;
	s->req = req;
	s->opts = opts;
	s->t0 = sched_now();
	s->nint = in->nint;
	s->ndays = in->ndays;
	s->step = in->cfg.interval_minutes * 60;
	s->ncells = req->ncells;
	s->nagents = in->nagents;
	s->rest_s = in->cfg.min_rest_hours * 3600;
	s->day_start = sp_xmalloc(((size_t)s->ndays + 1) * sizeof(time_t));
	for (int d = 0; d <= s->ndays; d++)
		s->day_start[d] = sp_tz_add_days(&in->tz, in->horizon_start, d);
	s->utcoff = sp_xmalloc((size_t)(s->nint ? s->nint : 1) * sizeof(int));
	for (int t = 0; t < s->nint; t++) {
		sp_tz_local(&in->tz, in->horizon_start + (time_t)t * s->step, &l);
		s->utcoff[t] = l.utcoff;
	}
	sp_tz_local(&in->tz, in->horizon_start, &l);
	s->day_wday0 = l.wday;
	build_columns(s);
	build_groups(s);
	build_availability(s);
	build_baseline(s);
	return SP_OK;
}

sp_status sched_solve(const struct sp_input *in, const struct sp_reqs *req,
		      const struct sched_opts *opts, struct sp_run *run, struct sp_err *err)
{
	struct sched s = { 0 };
	sp_status st;

	if ((st = sched_build(&s, in, req, opts, err)) != SP_OK)
		goto done;
	st = precheck(&s, err);
	if (st != SP_OK)
		goto done;
	s.assign = sp_xmalloc(((size_t)in->nagents * s.ndays + 1) * sizeof(int));
	int trace = getenv("STAFFPLAN_TRACE") != NULL;
	if (trace)
		fprintf(stderr, "trace: built %d columns, %d groups in %.2fs\n", s.ncols, s.ngroups, sched_elapsed(&s));
	/* The Lagrangian first, briefly: its prices give the starting roster
	 * (the baseline is the start when re-planning), whose columns seed
	 * column generation.  Then the bound thread (the Lagrangian, stages 1
	 * and 2) runs beside the search, which reads its bound as it rises
	 * and takes its roster when better. */
	size_t na = (size_t)in->nagents * s.ndays;
	struct lag_job job = { .s = &s };
	thrd_t th;
	/* Column generation's master LP grows with groups x columns; beyond
	 * COLGEN_MAX its rounds cost minutes (bench L), and the Lagrangian
	 * bound stands alone. */
	job.colgen = (double)s.ngroups * s.ncols <= COLGEN_MAX;
	job.L = sched_lag_create(&s, !job.colgen);
	sched_lag_run(job.L, LAG_START * opts->time_limit);
	for (size_t i = 0; i < na; i++)
		s.assign[i] = -1;
	/* Without column generation the bound thread needs nothing from the
	 * starting roster, so it starts before the first descent instead of
	 * leaving its core idle there. */
	int threaded = 0;
	if (s.base_col) {
		start_from_baseline(&s);
	} else {
		sched_lag_roster(job.L, s.assign);
		sched_repair_min_hours(&s);
		if (!job.colgen)
			threaded = lag_start(&s, &job, &th);
		sched_descend(&s, 0.05 * opts->time_limit);
	}
	if (trace) {
		struct seval ev;
		sched_evaluate(&s, &ev);
		fprintf(stderr, "trace: starting roster at %.2fs, objective %.2f, Lagrangian bound %.2f\n",
			sched_elapsed(&s), ev.objective, s.feed ? sched_bound(&s) : sched_lag_bound(job.L));
		seval_release(&ev);
	}
	if (!threaded) {
		if (job.colgen) {
			job.start = sp_xmalloc((na + 1) * sizeof(int));
			memcpy(job.start, s.assign, na * sizeof(int));
		}
		threaded = lag_start(&s, &job, &th);
	}
	if (!threaded) /* the Lagrangian has its share, in turn */
		sched_lag_run(job.L, LAG_SHARE * opts->time_limit);
	sched_improve(&s, opts->time_limit - sched_elapsed(&s));
	lag_finish(&s, &job, threaded ? &th : NULL);
	free(job.start);
	if (trace)
		fprintf(stderr, "trace: search done at %.2fs, bound %.2f\n", sched_elapsed(&s), s.lower_bound);
	struct buf bad = BUF_INIT;
	int nbad = 0;
	for (int a = 0; a < in->nagents; a++) {
		char why[256];
		if (sched_check_agent(&s, a, why, sizeof(why))) {
			if (nbad++ < 5)
				buf_printf(&bad, "%sagent '%s': %s", nbad > 1 ? "; " : "", in->agents[a].id, why);
		}
	}
	if (nbad) {
		st = sp_err_set(err, SP_ERR_INFEASIBLE, "no roster satisfies the hard rules for %d agent(s): %s%s",
				nbad, bad.s, nbad > 5 ? "; ..." : "");
		buf_release(&bad);
		goto done;
	}
	buf_release(&bad);
	sched_to_run(&s, run);
	run->kpis.solve_seconds = sched_elapsed(&s);
	/* sched_to_run said time_limit if the clock ended the search short of
	 * the gap; Ctrl-C always says it */
	if (sched_stopped(&s))
		snprintf(run->kpis.status, sizeof(run->kpis.status), "time_limit");
done:
	sched_release(&s);
	return st;
}

sp_status sched_lagrange_bound(const struct sp_input *in, const struct sp_reqs *req,
			       const struct sched_opts *opts, double *bound, struct sp_err *err)
{
	struct sched s = { 0 };
	sp_status st = sched_build(&s, in, req, opts, err);

	*bound = -HUGE_VAL;
	if (st == SP_OK) {
		struct lag *L = sched_lag_create(&s, 1);
		*bound = sched_lag_run(L, opts->time_limit);
		sched_lag_destroy(L);
	}
	sched_release(&s);
	return st;
}

sp_status sched_write_mathprog(const struct sp_input *in, const struct sp_reqs *req,
			       const struct sched_opts *opts, const char *path, struct sp_err *err)
{
	struct sched s = { 0 };
	struct sp_out o;
	sp_status st;

	if ((st = sched_build(&s, in, req, opts, err)) != SP_OK)
		goto done;
	if ((st = sp_out_open(&o, path, err)) != SP_OK)
		goto done;
	FILE *f = o.f;
	fprintf(f, "data;\nset A :=");
	for (int a = 0; a < in->nagents; a++)
		fprintf(f, " %d", a + 1);
	fprintf(f, ";\nset J :=");
	for (int j = 0; j < s.ncols; j++)
		fprintf(f, " %d", j + 1);
	fprintf(f, ";\nset T :=");
	for (int t = 0; t < s.nint; t++)
		fprintf(f, " %d", t + 1);
	fprintf(f, ";\nset C :=");
	for (int c = 0; c < s.ncells; c++)
		fprintf(f, " %d", c + 1);
	fprintf(f, ";\nset D :=");
	for (int d = 0; d < s.ndays; d++)
		fprintf(f, " %d", d + 1);
	fprintf(f, ";\nparam day :=");
	for (int j = 0; j < s.ncols; j++)
		fprintf(f, " %d %d", j + 1, s.cols[j].day + 1);
	fprintf(f, ";\nparam paid :=");
	for (int j = 0; j < s.ncols; j++)
		fprintf(f, " %d %.17g", j + 1, s.cols[j].paid_min / 60.0);
	fprintf(f, ";\nparam cov :=");
	for (int j = 0; j < s.ncols; j++)
		for (int i = 0; i < s.cols[j].ncov; i++)
			fprintf(f, "\n %d %d %.17g", j + 1, s.cov_t[s.cols[j].cov0 + i] + 1,
				s.cov_f[s.cols[j].cov0 + i]);
	fprintf(f, ";\nparam cost :=");
	for (int a = 0; a < in->nagents; a++)
		for (int j = 0; j < s.ncols; j++)
			fprintf(f, "\n %d %d %.17g", a + 1, j + 1, sched_col_cost(&s, a, j));
	fprintf(f, ";\nparam blocked :=");
	for (int a = 0; a < in->nagents; a++)
		for (int j = 0; j < s.ncols; j++)
			if (sched_blocked(&s, a, j))
				fprintf(f, " %d %d 1", a + 1, j + 1);
	fprintf(f, ";\nparam skill :=");
	for (int a = 0; a < in->nagents; a++)
		for (int c = 0; c < s.ncells; c++)
			if (s.agent_cell[(size_t)a * s.ncells + c])
				fprintf(f, " %d %d 1", a + 1, c + 1);
	fprintf(f, ";\nparam req :=");
	for (int c = 0; c < s.ncells; c++)
		for (int t = 0; t < s.nint; t++)
			if (req->required[(size_t)c * s.nint + t] > 0)
				fprintf(f, "\n %d %d %.17g", c + 1, t + 1, req->required[(size_t)c * s.nint + t]);
	fprintf(f, ";\nparam minh :=");
	for (int a = 0; a < in->nagents; a++)
		fprintf(f, " %d %.17g", a + 1, in->agents[a].min_hours);
	fprintf(f, ";\nparam maxh :=");
	for (int a = 0; a < in->nagents; a++)
		fprintf(f, " %d %.17g", a + 1, in->agents[a].max_hours);
	fprintf(f, ";\nparam maxd :=");
	for (int a = 0; a < in->nagents; a++)
		fprintf(f, " %d %d", a + 1, in->agents[a].max_days);
	fprintf(f, ";\nparam maxc := %d;\nparam mcdo := %d;\nparam pen := %.17g;\nparam dh := %.17g;\n",
		in->cfg.max_consecutive_days, in->cfg.min_consecutive_days_off,
		in->cfg.understaffing_penalty, s.step / 3600.0);
	fprintf(f, "set CONF :=");
	for (int j = 0; j < s.ncols; j++)
		for (int k = 0; k < s.ncols; k++)
			if (s.cols[k].day > s.cols[j].day && s.cols[k].start - s.cols[j].end < s.rest_s)
				fprintf(f, " (%d,%d)", j + 1, k + 1);
	fprintf(f, ";\nend;\n");
	st = sp_out_commit(&o, err);
done:
	sched_release(&s);
	return st;
}
