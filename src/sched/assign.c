/* assign.c - stage 2: give each group's shift counts to named agents
 *
 * One small MIP per group over the columns stage 1 chose for it: binary
 * z[a,k] (agent a works column k) with every per-agent rule: hours, days
 * and days off per week, rest and consecutive days across the horizon and
 * from the days worked just before it.
 * The objective weighs wages (they differ inside a group), shifts left
 * unassigned, preferred-off overlap and changes against a baseline.
 */
#include "sched_int.h"
#include "staffplan/lp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SHORT_COST 1000.0   /* per paid hour of a stage-1 shift left unassigned */
#define MINH_COST 1e5       /* per hour below min_hours */
#define ASSIGN_MIP_SIZE 300 /* agents x columns up to which a group gets a MIP */

static sp_status assign_group(struct sched *s, int g, const int *cnt, double limit,
			      struct sp_err *err)
{
	const struct sgroup *gr = &s->groups[g];
	const struct sp_config *cfg = &s->in->cfg;
	int *K = NULL, nk = 0;
	int *z = NULL;                       /* [i*nk + k] -> lp col or -1 */
	struct lp *lp = NULL;
	sp_status st = SP_OK;

	for (int j = 0; j < s->ncols; j++)
		if (cnt[(size_t)g * s->ncols + j] > 0) {
			K = sp_xrealloc(K, (size_t)(nk + 1) * sizeof(int));
			K[nk++] = j;
		}
	if (nk == 0 && gr->sum_min_h <= 0)
		goto done;
	lp = lp_new(s->opts->solver);
	/* rows first, columns carry their coefficients */
	int *cnt_row = sp_xmalloc((size_t)(nk ? nk : 1) * sizeof(int));
	for (int k = 0; k < nk; k++) {
		int c = cnt[(size_t)g * s->ncols + K[k]];
		cnt_row[k] = lp_add_row(lp, c, c);
		double one = 1.0;
		lp_add_col(lp, SHORT_COST * s->cols[K[k]].paid_min / 60.0, 0, c, 0, 1, &cnt_row[k], &one);
	}
	z = sp_xmalloc((size_t)gr->n * (nk ? nk : 1) * sizeof(int));
	int maxc = cfg->max_consecutive_days;
	int mcdo = cfg->min_consecutive_days_off;
	int NW = s->nweeks, D = s->ndays;
	int nw = D > maxc ? D - maxc : 0;
	int maxrows = 16 + 2 * maxc + mcdo + nk;
	int *rows = sp_xmalloc((size_t)maxrows * sizeof(int));
	double *vals = sp_xmalloc((size_t)maxrows * sizeof(double));
	int day_row[SCHED_MAX_DAYS], cw_row[SCHED_MAX_DAYS], cwc_row[8];
	int hrs_row[(SCHED_MAX_DAYS + 6) / 7], days_row[(SCHED_MAX_DAYS + 6) / 7];
	int off_row0[(SCHED_MAX_DAYS + 6) / 7]; /* per week, -1 without the rule */
	int *rr_row = sp_xmalloc((size_t)(nk ? nk : 1) * sizeof(int));
	for (int i = 0; i < gr->n; i++) {
		int a = gr->agents[i];
		const struct sp_agent *ag = &s->in->agents[a];
		int carry = s->carry_run ? s->carry_run[a] : 0;
		for (int d = 0; d < D; d++)
			day_row[d] = lp_add_row(lp, -LP_INF, 1);
		int hire_row = -1;
		if (gr->hypothetical) {
			/* a candidate costs the hire once it works at all */
			hire_row = lp_add_row(lp, -LP_INF, 0);
			double v = -D;
			lp_add_col(lp, s->hire_cost, 0, 1, 1, 1, &hire_row, &v);
		}
		/* hours and days hold per week */
		for (int w = 0; w < NW; w++) {
			hrs_row[w] = lp_add_row(lp, gr->hypothetical ? -LP_INF : ag->min_hours, ag->max_hours);
			if (!gr->hypothetical && ag->min_hours > 0) {
				double one = 1.0;
				lp_add_col(lp, MINH_COST, 0, ag->min_hours, 0, 1, &hrs_row[w], &one);
			}
			days_row[w] = lp_add_row(lp, -LP_INF, ag->max_days);
		}
		for (int w = 0; w < nw; w++)
			cw_row[w] = lp_add_row(lp, -LP_INF, maxc);
		/* windows reaching back into the run worked before the horizon:
		 * the one ending on day maxc - 1 - k holds k + 1 of those days */
		for (int k = 0; k < maxc; k++)
			cwc_row[k] = k < carry ? lp_add_row(lp, -LP_INF, maxc - (k + 1)) : -1;
		/* rest cliques over the support: columns of day d ending after tau
		 * and of day d+1 starting before tau + rest */
		for (int k = 0; k < nk; k++) {
			const struct scol *c = &s->cols[K[k]];
			int any = 0;
			for (int k2 = 0; k2 < nk && !any; k2++)
				any = s->cols[K[k2]].day == c->day + 1 &&
				      s->cols[K[k2]].start < c->end - 1 + s->rest_s;
			rr_row[k] = any ? lp_add_row(lp, -LP_INF, 1) : -1;
		}
		/* each week's days off include a run of mcdo: one of the week's
		 * windows of mcdo days is chosen, and all its days are off */
		for (int w = 0; w < NW; w++) {
			int len = sched_week_len(s, w);
			off_row0[w] = -1;
			if (mcdo <= 0 || mcdo > len)
				continue;
			int noff = len - mcdo + 1;
			int orow = lp_add_row(lp, 1, LP_INF);
			off_row0[w] = lp_nrows(lp);
			for (int x = 0; x < noff; x++)
				for (int d = 0; d < mcdo; d++)
					lp_add_row(lp, -LP_INF, 1);
			for (int x = 0; x < noff; x++) {
				int r2[8], n2 = 0;
				double v2[8];
				r2[n2] = orow;
				v2[n2++] = 1;
				for (int d = 0; d < mcdo; d++) {
					r2[n2] = off_row0[w] + x * mcdo + d;
					v2[n2++] = 1;
				}
				lp_add_col(lp, 0, 0, 1, 1, n2, r2, v2);
			}
		}
		for (int k = 0; k < nk; k++) {
			const struct scol *c = &s->cols[K[k]];
			int w = sched_week(s, c->day);
			z[(size_t)i * nk + k] = -1;
			if (sched_blocked(s, a, K[k]))
				continue;
			int n = 0;
			rows[n] = cnt_row[k]; vals[n++] = 1;
			rows[n] = day_row[c->day]; vals[n++] = 1;
			rows[n] = hrs_row[w]; vals[n++] = c->paid_min / 60.0;
			rows[n] = days_row[w]; vals[n++] = 1;
			if (hire_row >= 0) {
				rows[n] = hire_row; vals[n++] = 1;
			}
			for (int x = 0; x < nw; x++)
				if (c->day >= x && c->day <= x + maxc) {
					rows[n] = cw_row[x]; vals[n++] = 1;
				}
			for (int x = 0; x < maxc; x++)
				if (cwc_row[x] >= 0 && c->day <= maxc - 1 - x) {
					rows[n] = cwc_row[x]; vals[n++] = 1;
				}
			/* own clique (as the day-d member) and earlier columns' cliques */
			for (int k2 = 0; k2 < nk; k2++) {
				const struct scol *c2 = &s->cols[K[k2]];
				if (rr_row[k2] < 0)
					continue;
				time_t tau = c2->end - 1;
				int member = (c->day == c2->day && c->end > tau) ||
					     (c->day == c2->day + 1 && c->start < tau + s->rest_s);
				if (member) {
					rows[n] = rr_row[k2]; vals[n++] = 1;
				}
			}
			if (off_row0[w] >= 0) {
				int d0 = sched_week_first(s, w), noff = sched_week_len(s, w) - mcdo + 1;
				for (int x = 0; x < noff; x++) {
					int d = c->day - d0 - x;
					if (d >= 0 && d < mcdo) {
						rows[n] = off_row0[w] + x * mcdo + d; vals[n++] = 1;
					}
				}
			}
			double cost = sched_col_cost(s, a, K[k]); /* wages differ inside a group */
			if (s->base_col) {
				int b = s->base_col[(size_t)a * s->ndays + c->day];
				cost += b == -1 ? cfg->change_penalty : (b == K[k] ? -cfg->change_penalty : 0);
			}
			z[(size_t)i * nk + k] = lp_add_col(lp, cost, 0, 1, 1, n, rows, vals);
		}
	}
	free(rr_row);
	free(rows);
	free(vals);
	free(cnt_row);
	int found = 0, optimal = 0;
	st = sched_mip_solve(s, lp, limit, 1e-4, NULL, NULL, &found, &optimal, err);
	if (st == SP_ERR_INFEASIBLE) {
		st = SP_OK;   /* leave the group empty; the repair step reports rules */
		goto done;
	}
	if (st != SP_OK)
		goto done;
	if (!found)
		goto done;
	for (int i = 0; i < gr->n; i++)
		for (int k = 0; k < nk; k++) {
			int col = z[(size_t)i * nk + k];
			if (col >= 0 && lp_mip_value(lp, col) > 0.5)
				s->assign[(size_t)gr->agents[i] * s->ndays + s->cols[K[k]].day] = K[k];
		}
done:
	lp_free(lp);
	free(K);
	free(z);
	return st;
}

/* Greedy assignment for groups too large for a quick MIP: columns in time
 * order, each unit to the agent it costs least, preferring agents still
 * below min_hours in that week, among those whose roster stays within
 * every rule. */
static void assign_greedy(struct sched *s, int g, const int *cnt)
{
	const struct sgroup *gr = &s->groups[g];

	for (int j = 0; j < s->ncols; j++) {
		int need = cnt[(size_t)g * s->ncols + j];
		const struct scol *c = &s->cols[j];
		while (need-- > 0) {
			int best = -1;
			double best_score = HUGE_VAL;
			for (int i = 0; i < gr->n; i++) {
				int a = gr->agents[i];
				int *slot = &s->assign[(size_t)a * s->ndays + c->day];
				if (*slot >= 0 || sched_blocked(s, a, j))
					continue;
				double hours = sched_week_minutes(s, a, sched_week(s, c->day)) / 60.0;
				double deficit = s->in->agents[a].min_hours - hours;
				double score = sched_col_cost(s, a, j) - 100.0 * (deficit > 0 ? deficit : 0) +
					       s->in->cfg.change_penalty * sched_change(s, a, c->day, j);
				if (score >= best_score)
					continue;
				*slot = j;
				int ok = !sched_check_rules(s, a, NULL, 0);
				*slot = -1;
				if (ok) {
					best = a;
					best_score = score;
				}
			}
			if (best < 0)
				break; /* nobody can take it: the repair step fills the gap */
			s->assign[(size_t)best * s->ndays + c->day] = j;
		}
	}
}

sp_status sched_assign(struct sched *s, const int *cnt, double time_limit, struct sp_err *err)
{
	double work_total = 0;
	double *work = sp_xcalloc((size_t)(s->ngroups ? s->ngroups : 1), sizeof(double));

	for (size_t i = 0; i < (size_t)s->in->nagents * s->ndays; i++)
		s->assign[i] = -1;
	for (int g = 0; g < s->ngroups; g++) {
		for (int j = 0; j < s->ncols; j++)
			work[g] += cnt[(size_t)g * s->ncols + j] > 0;
		work[g] = (work[g] + 1) * s->groups[g].n;
		work_total += work[g];
	}
	double t_start = sched_elapsed(s);
	for (int g = 0; g < s->ngroups; g++) {
		double left = time_limit - (sched_elapsed(s) - t_start);
		double limit = left * work[g] / (work_total > 0 ? work_total : 1);
		work_total -= work[g];
		int support = 0;
		for (int j = 0; j < s->ncols; j++)
			support += cnt[(size_t)g * s->ncols + j] > 0;
		sp_status st = SP_OK;
		if (sched_stopped(s))
			assign_greedy(s, g, cnt);
		else if ((double)support * s->groups[g].n <= ASSIGN_MIP_SIZE)
			st = assign_group(s, g, cnt, limit > 1 ? 1 : (limit > 0.2 ? limit : 0.2), err);
		else {
			assign_greedy(s, g, cnt);
			sched_tick(s, WORK_ASSIGN * s->groups[g].n * support);
		}
		sched_trace(s, "group %d (%d agents, %d columns) assigned at %.2fs", g, s->groups[g].n, support,
			    sched_elapsed(s));
		if (st != SP_OK) {
			free(work);
			return st;
		}
	}
	free(work);
	return SP_OK;
}
