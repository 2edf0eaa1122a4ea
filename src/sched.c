/* sched.c - shift columns, agent groups and the aggregated stage-1 model
 *
 * Stage 1 is solved by column generation: every candidate column (group,
 * day, start, length, break) is priced against the LP duals and only columns
 * with negative reduced cost enter GLPK.  The final LP value is a lower bound
 * of the full agent-level objective because every stage-1 row is a sum of
 * agent-level rows (docs/MODEL.md gives the argument row by row).
 */
#include "sched_int.h"
#include "staffplan/buf.h"
#include "staffplan/lp.h"

#include <math.h>
#include <string.h>
#include <time.h>

#define BIG_SLACK 1e5  /* per hour of unmet min_hours: an infeasibility marker */

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
					SP_GROW(s->cols, s->ncols + 1, s->capcols);
					s->cols[s->ncols++] = c;
				}
			}
		}
	}
	s->day_first[s->ndays] = s->ncols;
}

/* Groups agents with the same cells and contract; availability stays
 * per agent (stage 1 bounds each column by how many may work it). */
static void build_groups(struct sched *s)
{
	const struct sp_input *in = s->in;
	int n = in->nagents;

	s->agent_cell = sp_xcalloc((size_t)n * (size_t)(s->ncells ? s->ncells : 1), 1);
	s->agent_group = sp_xcalloc((size_t)n, sizeof(int));
	s->groups = sp_xcalloc((size_t)n, sizeof(struct sgroup));
	for (int a = 0; a < n; a++) {
		const struct sp_agent *ag = &in->agents[a];
		for (int c = 0; c < s->ncells; c++) {
			const struct sp_cell *cell = &s->req->cells[c];
			s->agent_cell[(size_t)a * s->ncells + c] =
				(ag->queues >> cell->queue & 1) && (ag->langs >> cell->lang & 1);
		}
		int g;
		for (g = 0; g < s->ngroups; g++) {
			const struct sp_agent *b = &in->agents[s->groups[g].agents[0]];
			if (b->min_hours == ag->min_hours && b->max_hours == ag->max_hours &&
			    b->max_days == ag->max_days && b->cost_per_hour == ag->cost_per_hour &&
			    b->hypothetical == ag->hypothetical &&
			    !memcmp(&s->agent_cell[(size_t)a * s->ncells],
				    &s->agent_cell[(size_t)s->groups[g].agents[0] * s->ncells],
				    (size_t)s->ncells))
				break;
		}
		if (g == s->ngroups) {
			struct sgroup *gr = &s->groups[s->ngroups++];
			gr->agents = sp_xcalloc((size_t)n, sizeof(int));
			gr->min_h = ag->min_hours;
			gr->max_h = ag->max_hours;
			gr->max_days = ag->max_days;
			gr->cost = ag->cost_per_hour;
			gr->hypothetical = ag->hypothetical;
			gr->cells = sp_xcalloc((size_t)(s->ncells ? s->ncells : 1), sizeof(int));
			for (int c = 0; c < s->ncells; c++)
				if (s->agent_cell[(size_t)a * s->ncells + c])
					gr->cells[gr->ncells++] = c;
		}
		s->groups[g].agents[s->groups[g].n++] = a;
		s->agent_group[a] = g;
	}
}

static void build_availability(struct sched *s)
{
	const struct sp_input *in = s->in;

	s->blocked = sp_xcalloc((size_t)in->nagents * (size_t)(s->ncols ? s->ncols : 1), 1);
	s->pref_h = sp_xcalloc((size_t)(in->nagents ? in->nagents : 1), sizeof(float *));
	for (int i = 0; i < in->navail; i++) {
		const struct sp_avail *av = &in->avail[i];
		for (int j = 0; j < s->ncols; j++) {
			const struct scol *c = &s->cols[j];
			double ov = overlap(c->start, c->end, av->start, av->end);
			if (ov <= 0)
				continue;
			if (av->type == SP_UNAVAILABLE) {
				s->blocked[(size_t)av->agent * s->ncols + j] = 1;
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

	return rate * (c->paid_min / 60.0 + cfg->night_premium * c->night_h) +
	       cfg->preferred_off_penalty * sched_pref_hours(s, agent, col);
}

/* ---- stage 1: aggregated master problem -------------------------------- */

struct master {
	struct lp *lp;
	int *alloc_row;     /* [g*nint + t] or -1 */
	int *cover_row;     /* [c*nint + t] or -1 */
	int *day_row;       /* [g*ndays + d] */
	int *hrs_row, *days_row;
	int nrt;            /* rest templates: (day, tau) */
	int *rt_day; time_t *rt_tau;
	int *rest_row;      /* [g*nrt + k] or -1 */
	int *col_rt0, *col_rtn, *col_rt; /* templates a column belongs to */
	int ncw, *cw_row;   /* consecutive-day windows: [g*ncw + w] */
	/* x copies: [(g*ncols + col)*3 + k] -> lp column or -1 */
	int *xcol;
	double *ub, *cost;  /* same indexing */
	int *slack;         /* per group: min-hours slack column */
	double pen_change;
};

static void master_free(struct master *m)
{
	lp_free(m->lp);
	free(m->alloc_row);
	free(m->cover_row);
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

static void master_rows(struct sched *s, struct master *m)
{
	const struct sp_config *cfg = &s->in->cfg;
	const struct sp_reqs *r = s->req;
	double dh = s->step / 3600.0;
	int G = s->ngroups, T = s->nint;

	m->lp = lp_new();
	m->alloc_row = sp_xmalloc((size_t)G * T * sizeof(int));
	m->cover_row = sp_xmalloc((size_t)(s->ncells ? s->ncells : 1) * T * sizeof(int));
	for (int c = 0; c < s->ncells; c++)
		for (int t = 0; t < T; t++) {
			size_t k = (size_t)c * T + t;
			m->cover_row[k] = r->required[k] > 1e-9 ? lp_add_row(m->lp, r->required[k], LP_INF) : -1;
			if (m->cover_row[k] >= 0) {
				int row = m->cover_row[k];
				double one = 1.0;
				lp_add_col(m->lp, cfg->understaffing_penalty * dh, 0, LP_INF, 0, 1, &row, &one);
			}
		}
	for (int g = 0; g < G; g++)
		for (int t = 0; t < T; t++) {
			const struct sgroup *gr = &s->groups[g];
			int rows[2], any = 0;
			double vals[2] = { 1.0, 1.0 };
			int arow = -1;
			for (int i = 0; i < gr->ncells; i++) {
				int cr = m->cover_row[(size_t)gr->cells[i] * T + t];
				if (cr < 0)
					continue;
				if (!any) {
					arow = lp_add_row(m->lp, -LP_INF, 0);
					any = 1;
				}
				rows[0] = arow;
				rows[1] = cr;
				lp_add_col(m->lp, 0, 0, LP_INF, 0, 2, rows, vals);
			}
			m->alloc_row[(size_t)g * T + t] = arow;
		}
	m->day_row = sp_xmalloc((size_t)G * s->ndays * sizeof(int));
	m->hrs_row = sp_xmalloc((size_t)G * sizeof(int));
	m->days_row = sp_xmalloc((size_t)G * sizeof(int));
	m->slack = sp_xmalloc((size_t)G * sizeof(int));
	for (int g = 0; g < G; g++) {
		const struct sgroup *gr = &s->groups[g];
		for (int d = 0; d < s->ndays; d++)
			m->day_row[(size_t)g * s->ndays + d] = lp_add_row(m->lp, -LP_INF, gr->n);
		m->hrs_row[g] = lp_add_row(m->lp, gr->n * gr->min_h, gr->n * gr->max_h);
		m->slack[g] = -1;
		if (gr->min_h > 0) {
			double one = 1.0;
			m->slack[g] = lp_add_col(m->lp, BIG_SLACK, 0, gr->n * gr->min_h, 0, 1,
						 &m->hrs_row[g], &one);
		}
		m->days_row[g] = gr->max_days < s->ndays ? lp_add_row(m->lp, -LP_INF, gr->n * gr->max_days) : -1;
	}
	build_rest_templates(s, m);
	m->rest_row = sp_xmalloc((size_t)G * (m->nrt ? m->nrt : 1) * sizeof(int));
	for (int g = 0; g < G; g++)
		for (int k = 0; k < m->nrt; k++)
			m->rest_row[(size_t)g * m->nrt + k] = lp_add_row(m->lp, -LP_INF, s->groups[g].n);
	int maxc = cfg->max_consecutive_days;
	m->ncw = s->ndays > maxc ? s->ndays - maxc : 0;
	m->cw_row = sp_xmalloc((size_t)G * (m->ncw ? m->ncw : 1) * sizeof(int));
	for (int g = 0; g < G; g++)
		for (int w = 0; w < m->ncw; w++)
			m->cw_row[(size_t)g * m->ncw + w] = lp_add_row(m->lp, -LP_INF, (double)s->groups[g].n * maxc);
}

/* Nonzeros of column (g, col); returns the count. */
static int master_coefs(const struct sched *s, const struct master *m, int g, int col,
			int *rows, double *vals)
{
	const struct scol *c = &s->cols[col];
	int n = 0;

	for (int i = 0; i < c->ncov; i++) {
		int row = m->alloc_row[(size_t)g * s->nint + s->cov_t[c->cov0 + i]];
		if (row >= 0) {
			rows[n] = row;
			vals[n++] = -s->cov_f[c->cov0 + i];
		}
	}
	rows[n] = m->day_row[(size_t)g * s->ndays + c->day];
	vals[n++] = 1;
	rows[n] = m->hrs_row[g];
	vals[n++] = c->paid_min / 60.0;
	if (m->days_row[g] >= 0) {
		rows[n] = m->days_row[g];
		vals[n++] = 1;
	}
	for (int i = 0; i < m->col_rtn[col]; i++) {
		rows[n] = m->rest_row[(size_t)g * m->nrt + m->col_rt[m->col_rt0[col] + i]];
		vals[n++] = 1;
	}
	int maxc = s->in->cfg.max_consecutive_days;
	for (int w = 0; w < m->ncw; w++)
		if (c->day >= w && c->day <= w + maxc) {
			rows[n] = m->cw_row[(size_t)g * m->ncw + w];
			vals[n++] = 1;
		}
	return n;
}

/* Splits group g's agents available for col into three classes (baseline
 * holders, free, preferring off) with their counts and least costs. */
static void master_copies(const struct sched *s, struct master *m, int g, int col)
{
	const struct sgroup *gr = &s->groups[g];
	size_t k = ((size_t)g * s->ncols + col) * 3;
	int nb = 0, nf = 0, np = 0;
	double minpen = HUGE_VAL;
	double half = m->pen_change / 2;
	double wage = gr->cost * (s->cols[col].paid_min / 60.0 +
				  s->in->cfg.night_premium * s->cols[col].night_h);

	for (int i = 0; i < gr->n; i++) {
		int a = gr->agents[i];
		if (s->blocked[(size_t)a * s->ncols + col])
			continue;
		if (s->base_col && s->base_col[(size_t)a * s->ndays + s->cols[col].day] == col) {
			nb++;
			continue;
		}
		double p = sched_pref_hours(s, a, col);
		if (p > 0) {
			np++;
			if (p < minpen)
				minpen = p;
		} else {
			nf++;
		}
	}
	m->ub[k] = nb;
	m->cost[k] = wage - half;
	m->ub[k + 1] = nf;
	m->cost[k + 1] = wage + half;
	m->ub[k + 2] = np;
	m->cost[k + 2] = wage + half + (np ? minpen * s->in->cfg.preferred_off_penalty : 0);
}

struct cand {
	double rc;
	size_t k;
};

static int cmp_cand(const void *a, const void *b)
{
	double x = ((const struct cand *)a)->rc, y = ((const struct cand *)b)->rc;
	return x < y ? -1 : x > y;
}

static void progress(void *arg, double elapsed, double inc, double bound)
{
	(void)arg;
	fprintf(stderr, "\r  %6.1fs  incumbent %12.2f  bound %12.2f  gap %6.2f%%   ", elapsed, inc,
		bound, isnan(inc) || isnan(bound) || inc == 0 ? NAN : 100 * (inc - bound) / fabs(inc));
}

/* Column generation, then a MIP over the generated columns.  OUT: cnt. */
static sp_status stage1(struct sched *s, int *cnt, struct sp_err *err)
{
	struct master m = { 0 };
	size_t nx = (size_t)s->ngroups * s->ncols * 3;
	int maxnz = 64 + s->nint + 0;
	int *rows = NULL;
	double *vals = NULL, *dual = NULL;
	struct cand *cands = NULL;
	sp_status st = SP_OK;
	double base_const = 0;

	m.pen_change = s->base_col ? s->in->cfg.change_penalty : 0;
	master_rows(s, &m);
	maxnz += m.nrt + m.ncw + 8;
	rows = sp_xmalloc((size_t)maxnz * sizeof(int));
	vals = sp_xmalloc((size_t)maxnz * sizeof(double));
	m.xcol = sp_xmalloc((nx ? nx : 1) * sizeof(int));
	m.ub = sp_xmalloc((nx ? nx : 1) * sizeof(double));
	m.cost = sp_xmalloc((nx ? nx : 1) * sizeof(double));
	cands = sp_xmalloc((nx ? nx : 1) * sizeof(struct cand));
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
	dual = sp_xmalloc((size_t)lp_nrows(m.lp) * sizeof(double));

	double budget = s->opts->time_limit;
	int iter = 0;
	s->lower_bound = -HUGE_VAL;
	for (;;) {
		st = lp_solve(m.lp, budget - sched_elapsed(s), err);
		if (st != SP_OK)
			goto done;
		iter++;
		for (int i = 0; i < lp_nrows(m.lp); i++)
			dual[i] = lp_dual(m.lp, i);
		size_t nc = 0;
		double farley = 0;
		for (int g = 0; g < s->ngroups; g++)
			for (int j = 0; j < s->ncols; j++) {
				size_t k = ((size_t)g * s->ncols + j) * 3;
				if (m.ub[k] + m.ub[k + 1] + m.ub[k + 2] == 0)
					continue;
				int n = master_coefs(s, &m, g, j, rows, vals);
				double dot = 0;
				for (int i = 0; i < n; i++)
					dot += vals[i] * dual[rows[i]];
				for (int c = 0; c < 3; c++) {
					if (m.ub[k + c] == 0 || m.xcol[k + c] >= 0)
						continue;
					double rc = m.cost[k + c] - dot;
					if (rc < -1e-7) {
						cands[nc].rc = rc;
						cands[nc++].k = k + c;
						farley += rc * m.ub[k + c];
					}
				}
			}
		double lb = lp_obj(m.lp) + farley;
		if (lb > s->lower_bound)
			s->lower_bound = lb;
		if (nc == 0 || sched_elapsed(s) > 0.4 * budget)
			break;
		qsort(cands, nc, sizeof(*cands), cmp_cand);
		size_t cap = 200 + 20 * (size_t)s->ngroups;
		for (size_t i = 0; i < nc && i < cap; i++) {
			size_t k = cands[i].k;
			int g = (int)(k / 3 / s->ncols), j = (int)(k / 3 % s->ncols);
			int n = master_coefs(s, &m, g, j, rows, vals);
			m.xcol[k] = lp_add_col(m.lp, m.cost[k], 0, m.ub[k], 0, n, rows, vals);
		}
		dual = sp_xrealloc(dual, (size_t)lp_nrows(m.lp) * sizeof(double));
	}
	s->lb_valid = 1;
	/* Columns that are nearly as good give the MIP room to round. */
	{
		size_t added = 0;
		for (int g = 0; g < s->ngroups && added < 20 * (size_t)s->ngroups + 200; g++)
			for (int j = 0; j < s->ncols; j++) {
				size_t k = ((size_t)g * s->ncols + j) * 3;
				if (m.ub[k] + m.ub[k + 1] + m.ub[k + 2] == 0)
					continue;
				int n = master_coefs(s, &m, g, j, rows, vals);
				double dot = 0;
				for (int i = 0; i < n; i++)
					dot += vals[i] * lp_dual(m.lp, rows[i]);
				for (int c = 0; c < 3; c++)
					if (m.ub[k + c] > 0 && m.xcol[k + c] < 0 &&
					    m.cost[k + c] - dot < 0.02 * m.cost[k + c]) {
						m.xcol[k + c] = lp_add_col(m.lp, m.cost[k + c], 0, m.ub[k + c],
									   0, n, rows, vals);
						added++;
					}
			}
	}
	if (!s->opts->quiet && s->opts->progress_tty)
		fprintf(stderr, "stage 1: %d groups, %d shift columns, %d LP rounds, bound %.2f\n",
			s->ngroups, s->ncols, iter, s->lower_bound);
	st = lp_solve(m.lp, budget - sched_elapsed(s), err);
	if (st != SP_OK)
		goto done;
	for (size_t k = 0; k < nx; k++)
		if (m.xcol[k] >= 0)
			lp_set_col_integer(m.lp, m.xcol[k], 1);
	int found = 0, optimal = 0;
	double mip_time = 0.5 * (budget - sched_elapsed(s));
	st = lp_solve_mip(m.lp, mip_time > 1 ? mip_time : 1, s->opts->gap,
			  s->opts->progress_tty ? progress : NULL, NULL, s->opts->stop, &found,
			  &optimal, err);
	if (s->opts->progress_tty)
		fputc('\n', stderr);
	if (st != SP_OK)
		goto done;
	if (!optimal)
		s->timed_out = 1;
	for (size_t k = 0; k < nx; k++) {
		if (m.xcol[k] < 0)
			continue;
		double v = found ? lp_mip_value(m.lp, m.xcol[k]) : floor(lp_value(m.lp, m.xcol[k]) + 1e-6);
		cnt[k / 3] += (int)lround(v);
	}
done:
	free(rows);
	free(vals);
	free(dual);
	free(cands);
	master_free(&m);
	return st;
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
	}
	free(s->groups);
	free(s->agent_group);
	free(s->agent_cell);
	free(s->blocked);
	if (s->pref_h)
		for (int a = 0; a < s->in->nagents; a++)
			free(s->pref_h[a]);
	free(s->pref_h);
	free(s->base_col);
	free(s->assign);
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
			if (!s->blocked[(size_t)a * s->ncols + j] && s->cols[j].paid_min / 60.0 > best[s->cols[j].day])
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

sp_status sched_solve(const struct sp_input *in, const struct sp_reqs *req,
		      const struct sched_opts *opts, struct sp_run *run, struct sp_err *err)
{
	struct sched s = { 0 };
	struct sp_local l;
	int *cnt = NULL;
	sp_status st;

	if (in->ndays >= 63)
		return sp_err_set(err, SP_ERR_INPUT, "the forecast spans %d days; at most 62 can be planned at once",
				  in->ndays);
	s.in = in;
	s.req = req;
	s.opts = opts;
	s.t0 = sched_now();
	s.nint = in->nint;
	s.ndays = in->ndays;
	s.step = in->cfg.interval_minutes * 60;
	s.ncells = req->ncells;
	s.nagents = in->nagents;
	s.rest_s = in->cfg.min_rest_hours * 3600;
	s.day_start = sp_xmalloc(((size_t)s.ndays + 1) * sizeof(time_t));
	for (int d = 0; d <= s.ndays; d++)
		s.day_start[d] = sp_tz_add_days(&in->tz, in->horizon_start, d);
	s.utcoff = sp_xmalloc((size_t)(s.nint ? s.nint : 1) * sizeof(int));
	for (int t = 0; t < s.nint; t++) {
		sp_tz_local(&in->tz, in->horizon_start + (time_t)t * s.step, &l);
		s.utcoff[t] = l.utcoff;
	}
	sp_tz_local(&in->tz, in->horizon_start, &l);
	s.day_wday0 = l.wday;
	build_columns(&s);
	build_groups(&s);
	build_availability(&s);
	build_baseline(&s);
	st = precheck(&s, err);
	if (st != SP_OK)
		goto done;
	s.assign = sp_xmalloc(((size_t)in->nagents * s.ndays + 1) * sizeof(int));
	cnt = sp_xcalloc((size_t)s.ngroups * s.ncols + 1, sizeof(int));
	st = stage1(&s, cnt, err);
	if (st != SP_OK)
		goto done;
	st = sched_assign(&s, cnt, 0.6 * (opts->time_limit - sched_elapsed(&s)), err);
	if (st != SP_OK)
		goto done;
	sched_repair_min_hours(&s);
	sched_improve(&s, opts->time_limit - sched_elapsed(&s));
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
	if (s.timed_out || (opts->stop && *opts->stop))
		snprintf(run->kpis.status, sizeof(run->kpis.status), "time_limit");
done:
	free(cnt);
	sched_release(&s);
	return st;
}
