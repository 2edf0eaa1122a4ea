/* eval.c - exact evaluation of a roster, hard-rule checks, min-hours
 * repair, and conversion of the solver's roster into a struct sp_run
 *
 * Staffing is evaluated exactly: in each interval, the on-duty time of each
 * skill group flows to the cells it may serve (a max-flow), so the
 * understaffing is the least any allocation of agent time can reach.
 */
#include "sched_int.h"
#include "staffplan/buf.h"
#include "staffplan/kpi.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Supply per group and interval: on-duty fractions of assigned shifts,
 * and of previous shifts still running at the start. */
double *sched_group_supply(const struct sched *s)
{
	double *sup = sp_xcalloc((size_t)s->ngroups * s->nint + 1, sizeof(double));

	if (s->fixsup)
		memcpy(sup, s->fixsup, (size_t)s->ngroups * s->nint * sizeof(double));

	for (int a = 0; a < s->in->nagents; a++)
		for (int d = 0; d < s->ndays; d++) {
			int col = s->assign[(size_t)a * s->ndays + d];
			if (col < 0)
				continue;
			const struct scol *c = &s->cols[col];
			for (int i = 0; i < c->ncov; i++)
				sup[(size_t)s->agent_group[a] * s->nint + s->cov_t[c->cov0 + i]] +=
					s->cov_f[c->cov0 + i];
		}
	return sup;
}

void seval_release(struct seval *ev)
{
	free(ev->staffed);
	ev->staffed = NULL;
}

void sched_evaluate(const struct sched *s, struct seval *ev)
{
	const struct sp_config *cfg = &s->in->cfg;
	double *sup = sched_group_supply(s);
	int G = s->ngroups, C = s->ncells;
	struct flow f;

	memset(ev, 0, sizeof(*ev));
	ev->staffed = sp_xcalloc((size_t)(C ? C : 1) * s->nint, sizeof(double));
	flow_init(&f, s, 1);
	for (int t = 0; t < s->nint; t++) {
		ev->under_h += flow_interval(&f, s, sup, t) * s->step / 3600.0;
		for (int c = 0; c < C; c++) {
			double r = s->req->required[(size_t)c * s->nint + t];
			ev->staffed[(size_t)c * s->nint + t] = r - f.need[c];
		}
		/* Time a group has left over still counts as staffed: give it to
		 * the first cell it serves that has demand in this interval. */
		for (int g = 0; g < G; g++) {
			double left = f.left[g];
			if (left <= 1e-12 || s->groups[g].ncells == 0)
				continue;
			int best = s->groups[g].cells[0];
			for (int i = 0; i < s->groups[g].ncells; i++)
				if (s->req->required[(size_t)s->groups[g].cells[i] * s->nint + t] > 0) {
					best = s->groups[g].cells[i];
					break;
				}
			ev->staffed[(size_t)best * s->nint + t] += left;
		}
	}
	flow_release(&f);
	free(sup);
	int *used = sp_xcalloc((size_t)(s->in->nagents ? s->in->nagents : 1), sizeof(int));
	for (int a = 0; a < s->in->nagents; a++)
		for (int d = 0; d < s->ndays; d++) {
			int col = s->assign[(size_t)a * s->ndays + d];
			ev->changes += sched_change(s, a, d, col);
			if (col < 0)
				continue;
			used[a] = 1;
			const struct scol *c = &s->cols[col];
			ev->wages += s->in->agents[a].cost_per_hour * c->wage_h;
			ev->pref_h += sched_pref_hours(s, a, col);
		}
	for (int a = 0; a < s->in->nagents; a++)
		if (used[a] && s->in->agents[a].hypothetical)
			ev->hires += 1;
	free(used);
	ev->objective = ev->wages + cfg->understaffing_penalty * ev->under_h +
			cfg->preferred_off_penalty * ev->pref_h + cfg->change_penalty * ev->changes +
			s->hire_cost * ev->hires;
}

/* ---- hard rules ---------------------------------------------------------- */

/* Says why a rule is broken, where the caller wants to know (why not
 * NULL): the search asks millions of times and only needs the answer. */
static int fail(char *why, size_t n, const char *fmt, ...)
{
	if (why) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, n, fmt, ap);
		va_end(ap);
	}
	return 1;
}

/* "week 2 (2026-12-07 ..): " before a rule broken in week w, "" when the
 * horizon is one week. */
static const char *week_prefix(const struct sched *s, int w, char *out, size_t n)
{
	size_t k = strlen(sched_week_label(s, w, out, n));
	if (k && k + 2 < n)
		memcpy(out + k, ": ", 3);
	return out;
}

/* One week's rules of agent a: paid hours within max_hours (and
 * min_hours: not checked with minmode 0; strictly with 1; with 2 the week
 * may stay short of it when it has not lost minutes, added being the paid
 * minutes a change added to it), days within max_days, and a run of
 * min_consecutive_days_off days off inside the week. */
static int check_week(const struct sched *s, int a, int w, int minmode, int added, char *why, size_t n)
{
	const struct sp_config *cfg = &s->in->cfg;
	const struct sp_agent *ag = &s->in->agents[a];
	const int *as = &s->assign[(size_t)a * s->ndays];
	int d0 = sched_week_first(s, w), len = sched_week_len(s, w);
	int minutes = 0, days = 0, off = 0, best_off = 0;
	char wl[64];

	for (int d = d0; d < d0 + len; d++) {
		if (as[d] < 0) {
			if (++off > best_off)
				best_off = off;
			continue;
		}
		off = 0;
		minutes += s->cols[as[d]].paid_min;
		days++;
	}
	double hours = minutes / 60.0; /* one division: this runs for every move drawn */
	if (hours > ag->max_hours + 1e-9)
		return fail(why, n, "%s%.1f paid hours exceed max_hours = %g",
			    why ? week_prefix(s, w, wl, sizeof(wl)) : "", hours, ag->max_hours);
	if (days > ag->max_days)
		return fail(why, n, "%s%d working days exceed max_days = %d",
			    why ? week_prefix(s, w, wl, sizeof(wl)) : "", days, ag->max_days);
	if (minmode && hours < ag->min_hours - 1e-9 && (minmode == 1 || added < 0))
		return fail(why, n, "%smin_hours = %g cannot be reached (%.1f paid hours scheduled)",
			    why ? week_prefix(s, w, wl, sizeof(wl)) : "", ag->min_hours, hours);
	/* adding a shift can break the days-off rule, so it is checked even
	 * when min_hours is not */
	if (cfg->min_consecutive_days_off > 0 && cfg->min_consecutive_days_off <= len &&
	    best_off < cfg->min_consecutive_days_off)
		return fail(why, n, "%sno run of min_consecutive_days_off = %d days off",
			    why ? week_prefix(s, w, wl, sizeof(wl)) : "", cfg->min_consecutive_days_off);
	return 0;
}

/* A shift on day d that the agent may not work (unavailable, or kept
 * from it by the previous roster). */
static int fail_blocked(const struct sched *s, int a, int d, int col, char *why, size_t n)
{
	char r[160] = "";

	if (why)
		sched_blocked_why(s, a, col, r, sizeof(r));
	return fail(why, n, "shift on day %d %s", d + 1, r);
}

static int fail_run(const struct sched *s, int a, int run, char *why, size_t n)
{
	int maxc = s->in->cfg.max_consecutive_days;
	int carried = s->carry_run && run > 0 ? s->carry_run[a] : 0;

	if (carried)
		return fail(why, n, "more than max_consecutive_days = %d days in a row (counting the %d "
			    "worked just before the horizon)", maxc, carried);
	return fail(why, n, "more than max_consecutive_days = %d days in a row", maxc);
}

/* Does the hiring candidate a work at all (a candidate not hired has no
 * contract to meet)? */
static int works(const struct sched *s, int a)
{
	for (int d = 0; d < s->ndays; d++)
		if (s->assign[(size_t)a * s->ndays + d] >= 0)
			return 1;
	return 0;
}

static int check_agent(const struct sched *s, int a, int ignore_min, char *why, size_t n)
{
	const struct sp_config *cfg = &s->in->cfg;
	const int *as = &s->assign[(size_t)a * s->ndays];
	int prev = -1, run = s->carry_run ? s->carry_run[a] : 0, from_start = 1;

	for (int d = 0; d < s->ndays; d++) {
		int col = as[d];
		if (col < 0) {
			run = 0;
			from_start = 0;
			continue;
		}
		const struct scol *c = &s->cols[col];
		if (sched_blocked(s, a, col))
			return fail_blocked(s, a, d, col, why, n);
		if (prev >= 0 && c->start - s->cols[prev].end < s->rest_s)
			return fail(why, n, "less than %g hours of rest before the shift on day %d",
				    cfg->min_rest_hours, d + 1);
		prev = col;
		if (++run > cfg->max_consecutive_days)
			return fail_run(s, a, from_start ? run : 0, why, n);
	}
	int minmode = ignore_min || (s->in->agents[a].hypothetical && !works(s, a)) ? 0 : 1;
	for (int w = 0; w < s->nweeks; w++)
		if (check_week(s, a, w, minmode, 0, why, n))
			return 1;
	return 0;
}

int sched_check_agent(const struct sched *s, int agent, char *why, size_t n)
{
	return check_agent(s, agent, 0, why, n);
}

int sched_check_rules(const struct sched *s, int agent, char *why, size_t n)
{
	return check_agent(s, agent, 1, why, n);
}

int sched_check_change(const struct sched *s, int a, uint64_t dmask, const int *added, char *why, size_t n)
{
	const struct sp_config *cfg = &s->in->cfg;
	const int *as = &s->assign[(size_t)a * s->ndays];
	int maxc = cfg->max_consecutive_days, D = s->ndays;
	unsigned wmask = 0;

	for (uint64_t m = dmask; m; m &= m - 1) {
		int d = __builtin_ctzll(m), col = as[d];
		wmask |= 1u << sched_week(s, d);
		if (col < 0)
			continue; /* a day off only lengthens rest and breaks runs */
		const struct scol *c = &s->cols[col];
		if (sched_blocked(s, a, col))
			return fail_blocked(s, a, d, col, why, n);
		/* rest against the nearest shifts before and after, as far as
		 * one can be too close */
		for (int p = d - 1; p >= 0 && p >= d - s->rest_days; p--)
			if (as[p] >= 0) {
				if (c->start - s->cols[as[p]].end < s->rest_s)
					return fail(why, n, "less than %g hours of rest before the shift on day %d",
						    cfg->min_rest_hours, d + 1);
				break;
			}
		for (int q = d + 1; q < D && q <= d + s->rest_days; q++)
			if (as[q] >= 0) {
				if (s->cols[as[q]].start - c->end < s->rest_s)
					return fail(why, n, "less than %g hours of rest before the shift on day %d",
						    cfg->min_rest_hours, q + 1);
				break;
			}
		/* the run of working days through d */
		int back = 0, fwd = 0, p = d - 1;
		for (; p >= 0 && as[p] >= 0 && back <= maxc; p--)
			back++;
		if (p < 0 && s->carry_run)
			back += s->carry_run[a];
		for (int q = d + 1; q < D && as[q] >= 0 && fwd <= maxc; q++)
			fwd++;
		if (back + 1 + fwd > maxc)
			return fail_run(s, a, p < 0 ? back + 1 + fwd : 0, why, n);
	}
	int minmode = added && !(s->in->agents[a].hypothetical && !works(s, a)) ? 2 : 0;
	for (unsigned m = wmask; m; m &= m - 1) {
		int w = __builtin_ctz(m);
		if (check_week(s, a, w, minmode, minmode ? added[w] : 0, why, n))
			return 1;
	}
	return 0;
}

int sched_week_minutes(const struct sched *s, int a, int w)
{
	const int *as = &s->assign[(size_t)a * s->ndays];
	int m = 0, d0 = sched_week_first(s, w), len = sched_week_len(s, w);

	for (int d = d0; d < d0 + len; d++)
		if (as[d] >= 0)
			m += s->cols[as[d]].paid_min;
	return m;
}

/* Agents below min_hours in a week get more hours there, a new shift on
 * a free day or a longer one on a worked day, the most hours first and
 * then the cheapest net of the understaffing they remove, even when they
 * do not pay. */
void sched_repair_min_hours(struct sched *s)
{
	const struct sp_config *cfg = &s->in->cfg;
	struct seval ev;
	size_t GT = (size_t)s->ngroups * s->nint;
	/* per group and interval, how many of its cells are short: what one
	 * of its agents more could help with (each cell weighs the same) */
	int *nshort = sp_xcalloc(GT + 1, sizeof(int));

	sched_evaluate(s, &ev);
	for (int g = 0; g < s->ngroups; g++)
		for (int i = 0; i < s->groups[g].ncells; i++) {
			size_t k = (size_t)s->groups[g].cells[i] * s->nint;
			for (int t = 0; t < s->nint; t++)
				nshort[(size_t)g * s->nint + t] += s->req->required[k + t] > ev.staffed[k + t];
		}
	for (int a = 0; a < s->in->nagents; a++) {
		const int *ns = &nshort[(size_t)s->agent_group[a] * s->nint];
		if (s->in->agents[a].hypothetical)
			continue; /* candidates are only hired when they pay */
		for (int w = 0; w < s->nweeks; w++) {
			int d0 = sched_week_first(s, w), d1 = d0 + sched_week_len(s, w);
			for (int tries = 0; tries < 4 * (d1 - d0); tries++) {
				double hours = sched_week_minutes(s, a, w) / 60.0;
				if (hours >= s->in->agents[a].min_hours - 1e-9)
					break;
				double best = -HUGE_VAL;
				int bd = -1, bc = -1;
				for (int d = d0; d < d1; d++) {
					/* a free day takes a shift; a worked day may take
					 * a longer one (an agent at max_days needs that) */
					int *slot = &s->assign[(size_t)a * s->ndays + d];
					int old = *slot;
					double oldh = old >= 0 ? s->cols[old].paid_min / 60.0 : 0;
					double oldc = old >= 0 ? sched_col_cost(s, a, old) : 0;
					for (int j = s->day_first[d]; j < s->day_first[d + 1]; j++) {
						if (sched_blocked(s, a, j) || s->cols[j].paid_min / 60.0 <= oldh)
							continue;
						const struct scol *c = &s->cols[j];
						double gain = (c->paid_min / 60.0 - oldh) * 1e3; /* more hours first */
						int cells = 0;
						for (int i = 0; i < c->ncov; i++)
							cells += ns[s->cov_t[c->cov0 + i]];
						gain += cfg->understaffing_penalty * 0.01 * cells;
						gain -= sched_col_cost(s, a, j) - oldc;
						if (gain <= best)
							continue;
						*slot = j;
						if (!sched_check_change(s, a, (uint64_t)1 << d, NULL, NULL, 0)) {
							best = gain;
							bd = d;
							bc = j;
						}
						*slot = old;
					}
				}
				if (bd < 0)
					break;
				s->assign[(size_t)a * s->ndays + bd] = bc;
			}
			if (sched_week_minutes(s, a, w) < s->in->agents[a].min_hours * 60 - 1e-6)
				sched_rescue_week(s, a, w);
		}
	}
	free(nshort);
	seval_release(&ev);
}

/* ---- conversion to a run ------------------------------------------------- */

static void add_unique(struct buf *b, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = b->s; *p;) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !strncmp(p, item, n))
			return;
		p += len + (e ? 1 : 0);
	}
	if (b->len)
		buf_putc(b, ';');
	buf_puts(b, item);
}

void sched_to_run(const struct sched *s, struct sp_run *run)
{
	const struct sp_input *in = s->in;
	const struct sp_config *cfg = &in->cfg;
	struct seval ev;
	struct buf qb = BUF_INIT, lb = BUF_INIT;

	sched_evaluate(s, &ev);
	snprintf(run->site_tz, sizeof(run->site_tz), "%s", in->tz.name);
	run->interval_minutes = cfg->interval_minutes;
	run->horizon_start = in->horizon_start;
	run->ndays = in->ndays;
	run->night_start = cfg->night_start;
	run->night_end = cfg->night_end;
	snprintf(run->solver, sizeof(run->solver), "%s", lp_solver_name(s->opts->solver));
	for (int a = 0; a < in->nagents; a++) {
		const struct sp_agent *ag = &in->agents[a];
		struct sp_run_agent *ra = sp_run_add_agent(run, ag->id, ag->name, ag->timezone, ag->email);
		for (int d = 0; d < s->ndays; d++) {
			int col = s->assign[(size_t)a * s->ndays + d];
			if (col < 0)
				continue;
			const struct scol *c = &s->cols[col];
			struct sp_run_shift *sh = sp_run_add_shift(run, ag->id, ag->name, ag->timezone, ag->email);
			struct sp_local l;
			sp_date_format(&in->tz, c->start, sh->date);
			sh->start = c->start;
			sh->end = c->end;
			sh->brk_start = c->bstart;
			sh->brk_end = c->bend;
			sh->paid_minutes = c->paid_min;
			buf_reset(&qb);
			buf_reset(&lb);
			for (int x = 0; x < s->ncells; x++) {
				if (!s->agent_cell[(size_t)a * s->ncells + x])
					continue;
				int demand = 0;
				for (int i = 0; i < c->ncov && !demand; i++)
					demand = s->req->required[(size_t)x * s->nint + s->cov_t[c->cov0 + i]] > 0;
				if (!demand)
					continue;
				add_unique(&qb, cfg->queues[s->req->cells[x].queue].name);
				add_unique(&lb, in->langs[s->req->cells[x].lang]);
			}
			free(sh->queues);
			free(sh->langs);
			sh->queues = sp_xstrdup(qb.s);
			sh->langs = sp_xstrdup(lb.s);
			ra->hours += c->paid_min / 60.0;
			ra->shifts++;
			ra->nights += c->night_h > 0;
			sp_tz_local(&in->tz, c->start, &l);
			ra->weekends += l.wday >= 5;
		}
	}
	buf_release(&qb);
	buf_release(&lb);

	/* cells and KPIs */
	struct sp_run_kpis *k = &run->kpis;
	run->cells = sp_xcalloc((size_t)s->ncells * s->nint + 1, sizeof(struct sp_run_cell));
	for (int t = 0; t < s->nint; t++)
		for (int x = 0; x < s->ncells; x++) {
			size_t i = (size_t)x * s->nint + t;
			struct sp_run_cell *rc = &run->cells[run->ncells++];
			const struct sp_queue_cfg *q = &cfg->queues[s->req->cells[x].queue];
			rc->start = s->req->start + (time_t)t * s->step;
			snprintf(rc->queue, sizeof(rc->queue), "%s", q->name);
			snprintf(rc->lang, sizeof(rc->lang), "%s", in->langs[s->req->cells[x].lang]);
			rc->volume = s->req->volume[i];
			rc->arrivals = s->req->arrivals[i];
			rc->required = s->req->required[i];
			/* time the flow parks where nobody is required is spare,
			 * not served: roster.csv lists only the cells with demand
			 * during a shift, and coverage.csv must agree with it */
			rc->staffed = rc->required > 0 ? ev.staffed[i] : 0;
			rc->understaffed = rc->required - rc->staffed > 1e-9 ? rc->required - rc->staffed : 0;
			rc->agents = s->req->agents[i];
			int nag = (int)floor(rc->staffed * (1 - q->svc.shrinkage) + 1e-9);
			struct erlang_queue eq;
			struct erlang_perf ep;
			req_erlang_queue(&q->svc, s->req->traffic[i], s->req->aht[i], &eq);
			erlang_eval(&eq, nag, &ep);
			rc->service_level = ep.sl;
			rc->abandon_rate = q->svc.patience_seconds > 0 ? ep.p_abandon : NAN;
		}
	k->objective = ev.objective;
	k->cost = ev.wages;
	k->understaffing_agent_hours = ev.under_h;
	k->preferred_off_hours = ev.pref_h;
	k->changes = (int)ev.changes;
	/* every term of the objective is >= 0, so 0 is a bound too */
	k->lower_bound = s->lb_valid ? fmax(0, fmin(s->lower_bound, k->objective)) : NAN;
	k->gap = s->lb_valid && k->objective > 0 ? (k->objective - k->lower_bound) / k->objective : NAN;
	if (s->lb_valid && k->gap < 0)
		k->gap = 0;
	/* judged against the gap this run was given (--gap), not the file's */
	snprintf(k->status, sizeof(k->status), "%s",
		 k->gap <= s->opts->gap + 1e-9 ? "optimal" : s->timed_out ? "time_limit" : "feasible");

	/* coverage, service level, hours, counts and fairness follow from the run */
	struct kpi_contract *contract = sp_xcalloc((size_t)in->nagents + 1, sizeof(*contract));
	for (int a = 0; a < in->nagents; a++)
		contract[a] = (struct kpi_contract){ in->agents[a].min_hours, in->agents[a].max_hours,
						     in->agents[a].max_days };
	kpi_from_run(run, contract);
	free(contract);
	seval_release(&ev);
}
