/* inst.c - one solve's instance: shift columns with their coverage pieces,
 * agent groups and wage levels, the blocked-column bits, preferred time
 * off, the baseline, and the accessors every other file of the solver
 * reads them through
 *
 * A column is one start, paid length and break placement on one day (its
 * coverage a list of (interval, on-duty fraction) pieces); a group is the
 * agents who may serve the same cells.  docs/MODEL.md §4.1.
 */
#include "sched_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FINE_GROUPS 50000  /* agents x columns up to which groups share contracts */

static double overlap(time_t a0, time_t a1, time_t b0, time_t b1)
{
	time_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
	return hi > lo ? (double)(hi - lo) : 0.0;
}

/* Seconds of [a, b) inside the night window, in site local time; the
 * interval offsets give the local clock, so DST weeks are exact, and past
 * the horizon (a last shift running on) the time zone gives it: a clock
 * change there moves the night's end too. */
static double night_seconds(const struct sched *s, time_t a, time_t b)
{
	const struct sp_config *cfg = &s->in->cfg;
	double total = 0;

	if (cfg->night_start == cfg->night_end)
		return 0;
	for (time_t t = a; t < b;) {
		long k = (long)(t - s->day_start[0]) / s->step;
		int off;
		if (k >= 0 && k < s->nint) {
			off = s->utcoff[k];
		} else {
			struct sp_local l;
			sp_tz_local(&s->in->tz, t, &l);
			off = l.utcoff;
		}
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
	int cap = s->capcov;

	SP_GROW(s->cov_t, s->ncov + 1, s->capcov);
	/* only when it grew: a realloc per piece copied the whole array each
	 * time under ASan (minutes for six weeks of 30-minute columns) */
	if (s->capcov != cap || !s->cov_f)
		s->cov_f = sp_xrealloc(s->cov_f, s->capcov * sizeof(double));
	s->cov_t[s->ncov] = t;
	s->cov_f[s->ncov] = f;
	s->ncov++;
}

/* A signal that came while building (the flag is no longer stop0, its
 * value at the start: a caller may have set it before, to end the search
 * at once), or the time limit: the solve has no roster yet, so
 * sched_build gives up (a time limit of 0 is none). */
static int build_stopped(const struct sched *s, int stop0)
{
	return (s->opts->stop && *s->opts->stop != stop0) ||
	       (s->opts->time_limit > 0 && sched_elapsed(s) > s->opts->time_limit);
}

/* The message is what was being done (plan/ says what stopped it). */
static sp_status build_stop_error(const struct sched *s, const char *doing, struct sp_err *err)
{
	return sp_err_set(err, SP_ERR_TIMEOUT, "%s (%d agents, %d columns)", doing, s->in->nagents, s->ncols);
}

/* Every (day, start, length, break) the [shifts] section allows; stops
 * early (sched_build says why) when build_stopped. */
static void build_columns(struct sched *s, int stop0)
{
	const struct sp_config *cfg = &s->in->cfg;
	struct sp_local l;

	s->day_first = sp_xcalloc((size_t)s->ndays + 1, sizeof(int));
	for (int d = 0; d < s->ndays; d++) {
		if (build_stopped(s, stop0))
			return;
		s->day_first[d] = s->ncols;
		sp_tz_local(&s->in->tz, s->day_start[d], &l);
		for (int m = sp_config_first_start(cfg); m <= cfg->latest_start; m += cfg->start_step_minutes) {
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
static void build_groups(struct sched *s, int stop0)
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
		if (a % 256 == 0 && build_stopped(s, stop0))
			return; /* sched_build says why */
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
			/* and by what the previous roster left them: the days in
			 * a row (stage 1's carry rows are the group's) and the
			 * first start the rest allows */
			if (fine && s->carry_run &&
			    (s->carry_run[b] != s->carry_run[a] || s->free_from[b] != s->free_from[a]))
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
	/* a row for each agent whose unavailable time meets a column, or
	 * whom the previous roster keeps from a column (a shift still
	 * running, the rest after the last one) */
	for (int i = 0; i < in->navail; i++) {
		const struct sp_avail *av = &in->avail[i];
		int *r = &s->blocked_row[av->agent];
		if (av->type != SP_UNAVAILABLE)
			continue;
		for (int j = 0; j < s->ncols && *r < 0; j++)
			if (overlap(s->cols[j].start, s->cols[j].end, av->start, av->end) > 0)
				*r = words * rows++;
	}
	for (int a = 0; s->free_from && a < in->nagents; a++)
		if (s->blocked_row[a] < 0 && s->ncols > 0 && s->cols[0].start < s->free_from[a])
			s->blocked_row[a] = words * rows++;
	s->blocked = sp_xcalloc((size_t)words * rows + 1, sizeof(uint64_t));
	for (int a = 0; s->free_from && a < in->nagents; a++)
		for (int j = 0; j < s->ncols; j++)
			if (s->cols[j].start < s->free_from[a])
				s->blocked[s->blocked_row[a] + j / 64] |= (uint64_t)1 << (j % 64);
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

/* What the previous roster leaves each agent (SPEC 7): the days in a
 * row, the first start the rest allows, and the on-duty time of a shift
 * still running at the start, which counts as its group's staffing in
 * the intervals it covers (its break excluded, only inside the horizon).
 * Needs the columns (for the first start) but not the groups; the fixed
 * supply is summed per group by build_fixed once groups are known. */
static void build_carry(struct sched *s)
{
	const struct sp_previous *p = s->opts->previous;
	const struct sp_input *in = s->in;
	size_t n = (size_t)in->nagents + 1;

	if (!p || p->n == 0)
		return;
	s->carry_run = sp_xcalloc(n, sizeof(int));
	s->free_from = sp_xcalloc(n, sizeof(time_t));
	s->busy_until = sp_xcalloc(n, sizeof(time_t));
	s->last_end = sp_xcalloc(n, sizeof(time_t));
	for (int a = 0; a < in->nagents; a++) {
		struct sp_carry c;
		sp_previous_carry(p, in, a, &c);
		s->carry_run[a] = c.days_in_row;
		s->any_carry_run |= c.days_in_row > 0;
		s->busy_until[a] = c.busy_until;
		s->last_end[a] = c.last_end;
		if (c.last_end)
			s->free_from[a] = c.last_end + (time_t)llround(s->rest_s);
	}
}

double sched_prev_cover(const struct sched *s, const struct sp_prev_shift *x, int t)
{
	time_t i0 = s->day_start[0] + (time_t)t * s->step, i1 = i0 + s->step;

	return (overlap(i0, i1, x->start, x->end) - overlap(i0, i1, x->brk_start, x->brk_end)) / s->step;
}

/* The on-duty time of the previous shifts still running at the start,
 * per group and interval. */
static void build_fixed(struct sched *s)
{
	const struct sp_previous *p = s->opts->previous;

	if (!p)
		return;
	for (int i = 0; i < p->n; i++) {
		const struct sp_prev_shift *x = &p->shifts[i];
		if (x->end <= s->day_start[0] || x->agent < 0 || x->agent >= s->in->nagents)
			continue;
		if (!s->fixsup)
			s->fixsup = sp_xcalloc((size_t)s->ngroups * s->nint + 1, sizeof(double));
		int g = s->agent_group[x->agent];
		for (int t = 0; t < s->nint && s->day_start[0] + (time_t)t * s->step < x->end; t++) {
			double on = sched_prev_cover(s, x, t);
			if (on > 0)
				s->fixsup[(size_t)g * s->nint + t] += on;
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

int sched_stopped(const struct sched *s)
{
	/* with a work limit, the time limit is the safety net (clock.h) */
	return (s->opts->stop && *s->opts->stop) || (s->clock && sclock_cut(s->clock));
}

void sched_release(struct sched *s)
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
	free(s->carry_run);
	free(s->free_from);
	free(s->busy_until);
	free(s->last_end);
	free(s->fixsup);
	free(s->assign);
	free(s->clock);
}

const char *sched_week_label(const struct sched *s, int w, char *out, size_t n)
{
	char day[16];

	if (s->nweeks <= 1) {
		if (n)
			out[0] = 0;
		return out;
	}
	sp_date_format(&s->in->tz, s->day_start[sched_week_first(s, w)], day);
	snprintf(out, n, "week %d (%s ..)", w + 1, day);
	return out;
}

void sched_blocked_why(const struct sched *s, int a, int col, char *out, size_t n)
{
	char t[32];

	if (!sched_carry_blocked(s, a, col)) {
		snprintf(out, n, "overlaps unavailable time");
	} else if (s->busy_until[a] && s->cols[col].start < s->busy_until[a]) {
		sp_time_format(&s->in->tz, s->busy_until[a], t);
		snprintf(out, n, "starts while its previous shift still runs (until %s)", t);
	} else {
		sp_time_format(&s->in->tz, s->last_end[a], t);
		snprintf(out, n, "starts less than min_rest_hours = %g after its previous shift (ended %s)",
			 s->in->cfg.min_rest_hours, t);
	}
}

/* Builds columns, groups, availability and baseline for one solve. */
sp_status sched_build(struct sched *s, const struct sp_input *in, const struct sp_reqs *req,
		      const struct sched_opts *opts, struct sp_err *err)
{
	struct sp_local l;
	int stop0 = opts->stop ? *opts->stop : 0;

	if (in->ndays > SCHED_MAX_DAYS)
		return sp_err_set(err, SP_ERR_INPUT, "the forecast spans %d days; at most %d can be planned at once",
				  in->ndays, SCHED_MAX_DAYS);
	s->in = in;
	s->req = req;
	s->opts = opts;
	s->clock = sp_xmalloc(sizeof(*s->clock));
	sclock_start(s->clock, opts->time_limit, opts->work_limit);
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
	s->nweeks = in->nweeks > 0 ? in->nweeks : 1;
	s->hire_cost = in->cfg.hire_cost_per_week * s->nweeks;
	build_columns(s, stop0);
	if (build_stopped(s, stop0))
		return build_stop_error(s, "building the columns", err);
	/* how far back a shift can still be too close to the next one: a
	 * column ends at most reach after its day's start, and days are at
	 * least 23 hours long */
	time_t reach = 0;
	for (int j = 0; j < s->ncols; j++)
		if (s->cols[j].end - s->day_start[s->cols[j].day] > reach)
			reach = s->cols[j].end - s->day_start[s->cols[j].day];
	s->rest_days = (int)((reach + s->rest_s + 3600) / 86400) + 1;
	build_carry(s);
	if (build_stopped(s, stop0))
		return build_stop_error(s, "carrying the previous roster over", err);
	build_groups(s, stop0);
	if (build_stopped(s, stop0))
		return build_stop_error(s, "grouping the agents", err);
	build_fixed(s);
	build_availability(s);
	build_baseline(s);
	if (build_stopped(s, stop0))
		return build_stop_error(s, "building the model", err);
	return SP_OK;
}
