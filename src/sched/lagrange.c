/* lagrange.c - a Lagrangian lower bound, and a starting roster rounded
 * from its averaged weeks
 *
 * Pricing the coverage rows of SPEC §4.2 at pi(c,t) (what one more agent
 * in cell c and interval t is worth) splits the model into one problem per
 * agent: the roster that earns most at those prices within each week's
 * max_hours, min_hours, max_days and days-off rule (one programme per
 * week: nothing else ties the weeks together).  Rest and consecutive-day
 * limits are left out, which only weakens the bound; the columns the
 * previous roster's rest forbids stay forbidden, and a previous shift
 * still running earns its group's price at no cost, a constant of every
 * subproblem (docs/MODEL.md §5.9).  For any prices
 *
 *   L(pi, rho) = sum r pi + sum rho f ceil(r(S)) + sum r min(0, P - pi - rho)
 *                + sum over agents of their best roster's cost - earnings
 *                - sum over running previous shifts of phi(t) mu_g(t)
 *
 * is at most the optimum (P: the understaffing penalty per agent and
 * interval).  rho prices the mixed-integer rounding rows of fractional
 * requirements r(S) = k + f (a cell or a language needing 1.43 agents needs
 * two or pays for the rest), which the plain LP misses.  The volume
 * algorithm (Barahona and Anbil, 2000) moves the prices towards the best
 * bound.  Every iteration costs one pass over agents and columns, so this
 * scales where column generation's master LP does not (bench L and XL).
 *
 * Agents with the same cells, contract, wage and no availability or
 * baseline of their own share one subproblem.
 */
#include "lag_rows.h"
#include "sched_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* How the volume algorithm moves lambda and alpha (sched_lag_run): the
 * Polyak target above the best bound, the factor after 20 steps that do
 * not improve, the cap on lambda, the least alpha_max (0: alpha stays
 * 0.1), and the least gain in 1 000 iterations (a share of the bound; 0:
 * none) below which the bound stops and frees its core for the search. */
struct vol_rule {
	double target, cool, lmax, amin, stall;
};
/* column generation or the slow rule follows.  Where the fast rule
 * crawls, it stops: on M-scarce it spent iterations 3 000 to 5 000 (2.2 s)
 * gaining 0.015 %, and the slow rule from where it stopped converged higher and
 * sooner (181 525 at 25 s against 181 261, still climbing, at 28 s) */
static const struct vol_rule rule_fast = { 0.03, 0.66, 2, 0, 1e-3 };
/* the only bound; its lambda rises as far as improving steps take it (at
 * most about 900 on bench L): a cap of 10 kept it at the cap for most of
 * a 300 s run and left the bound 0.15 % lower.  On bench L it gains under
 * 0.005 % per 1 000 iterations after about 90 s of 295, and 0.007 % more
 * in all by the end; a second searcher makes more of that core. */
static const struct vol_rule rule_slow = { 0.08, 0.95, 1000, 0.001, 5e-5 };

struct lag {
	struct sched *s;
	int C, T, G, K;         /* cells, intervals, groups, agent classes */
	double P;               /* understaffing penalty per agent-interval */
	int *cls_agent;         /* [class]: its first agent */
	double *cls_n;          /* [class]: agents sharing it */
	struct lag_rows R;      /* the rounding rows (lag_rows.c) */
	/* per subproblem solve */
	double *mu;             /* [g*T + t]: what group g earns per agent on duty */
	int *arg;               /* [g*T + t]: the cell it earns it in, -1 none */
	double *colv;           /* [ncols]: earnings of one column, for one group */
	double *xa, *xv;        /* [t]: the last part a priced there, and its part_extra */
	/* a column whose pieces are whole intervals, run[4j] .. run[4j+1] and
	 * run[4j+2] .. run[4j+3] (half-open; the break between), earns the
	 * difference of prefix sums pre[]; run[4j] = -1: sum its pieces */
	int *run;
	double *pre;            /* [T + 1] */
	double *sup;            /* [g*T + t]: on-duty agents of the best weeks */
	double *Y, *U, *N;      /* staffing, understaffing [c*T + t], set supply [m] */
	double *ucoef;          /* [c*T + t]: price of understaffing */
	/* previous shifts still running at the start (s->fixsup): on duty at
	 * no cost, so each earns its group's price where it covers, a
	 * constant of every subproblem (fix_g, fix_t, fix_v: nfix entries) */
	int nfix, *fix_g, *fix_t;
	double *fix_v;
	struct week_dp *wdp;    /* the best-week dynamic programme */
	int *week;              /* [class*ndays + d]: best week of the last solve */
	int *cls_of;            /* [agent]: its class */
	/* the volume algorithm: multipliers (pi, then rho), best and trial,
	 * the averaged primal (Y, U, N), the direction, and per class the
	 * weeks seen with their averaged weights (an approximate LP solution
	 * per class, rounded into a roster by sched_lag_roster) */
	size_t CT, n;
	double *best, *trial, *avg, *g, *v;
	double zbest, zmark, lambda, alpha, amax;
	double zk;              /* zbest at the last thousandth iteration */
	const struct vol_rule *rule;
	int red, it, done;
	int it0;                /* the iteration the rule began at */
	int *pool;              /* [(class*NPOOL + i)*ndays + d] */
	double *poolw;          /* [class*NPOOL + i] */
};

#define NPOOL 12 /* weeks remembered per class */

/* Agents whose subproblem is theirs alone: own availability, preferences,
 * a baseline week. */
static int agent_unique(const struct sched *s, int a)
{
	return s->pref_h[a] || s->base_col || s->blocked_row[a] >= 0;
}

static int same_contract(const struct sp_agent *x, const struct sp_agent *y)
{
	return x->min_hours == y->min_hours && x->max_hours == y->max_hours && x->max_days == y->max_days &&
	       x->cost_per_hour == y->cost_per_hour && x->hypothetical == y->hypothetical;
}

static void build_classes(struct lag *L)
{
	const struct sched *s = L->s;
	int n = s->in->nagents;
	unsigned char *alone = sp_xcalloc((size_t)n + 1, 1); /* per class */

	L->cls_agent = sp_xmalloc(((size_t)n + 1) * sizeof(int));
	L->cls_of = sp_xmalloc(((size_t)n + 1) * sizeof(int));
	L->cls_n = sp_xcalloc((size_t)n + 1, sizeof(double));
	for (int a = 0; a < n; a++) {
		int k = L->K, own = agent_unique(s, a);
		for (int c = 0; c < L->K && !own && k == L->K; c++) {
			int b = L->cls_agent[c];
			if (!alone[c] && s->agent_group[b] == s->agent_group[a] &&
			    same_contract(&s->in->agents[a], &s->in->agents[b]))
				k = c;
		}
		if (k == L->K) {
			alone[k] = (unsigned char)own;
			L->cls_agent[L->K++] = a;
		}
		L->cls_of[a] = k;
		L->cls_n[k] += 1;
	}
	free(alone);
	/* by group, so that column earnings are computed once per group */
	int *order = sp_xmalloc(((size_t)L->K + 1) * sizeof(int));
	double *cnt = sp_xmalloc(((size_t)L->K + 1) * sizeof(double));
	int *renum = sp_xmalloc(((size_t)L->K + 1) * sizeof(int));
	int k = 0;
	for (int g = 0; g < s->ngroups; g++)
		for (int c = 0; c < L->K; c++)
			if (s->agent_group[L->cls_agent[c]] == g) {
				renum[c] = k;
				order[k] = L->cls_agent[c];
				cnt[k++] = L->cls_n[c];
			}
	for (int a = 0; a < n; a++)
		L->cls_of[a] = renum[L->cls_of[a]];
	free(renum);
	memcpy(L->cls_agent, order, (size_t)L->K * sizeof(int));
	memcpy(L->cls_n, cnt, (size_t)L->K * sizeof(double));
	free(order);
	free(cnt);
}

/* The runs of whole intervals each column covers (column_values). */
static void build_runs(struct lag *L)
{
	const struct sched *s = L->s;

	L->run = sp_xmalloc((4 * (size_t)s->ncols + 1) * sizeof(int));
	L->pre = sp_xmalloc(((size_t)L->T + 1) * sizeof(double));
	for (int j = 0; j < s->ncols; j++) {
		const struct scol *c = &s->cols[j];
		int *r = &L->run[4 * (size_t)j], nrun = 0, ok = c->ncov > 0;
		for (int p = 0; p < c->ncov && ok; p++) {
			int t = s->cov_t[c->cov0 + p];
			ok = s->cov_f[c->cov0 + p] == 1.0;
			if (nrun > 0 && t == r[2 * nrun - 1]) {
				r[2 * nrun - 1] = t + 1;
			} else if (nrun < 2) {
				r[2 * nrun] = t;
				r[2 * nrun + 1] = t + 1;
				nrun++;
			} else {
				ok = 0;
			}
		}
		if (!ok)
			r[0] = -1;
		else if (nrun == 1)
			r[2] = r[3] = 0;
	}
}

static void lag_init(struct lag *L, struct sched *s, int alone)
{
	const struct sp_config *cfg = &s->in->cfg;
	memset(L, 0, sizeof(*L));
	L->s = s;
	L->C = s->ncells;
	L->T = s->nint;
	L->G = s->ngroups;
	L->P = cfg->understaffing_penalty * s->step / 3600.0;
	L->wdp = week_dp_create(s);
	build_classes(L);
	for (int g = 0; s->fixsup && g < L->G; g++)
		for (int t = 0; t < L->T; t++) {
			double v = s->fixsup[(size_t)g * L->T + t];
			if (v <= 0)
				continue;
			L->fix_g = sp_xrealloc(L->fix_g, ((size_t)L->nfix + 1) * sizeof(int));
			L->fix_t = sp_xrealloc(L->fix_t, ((size_t)L->nfix + 1) * sizeof(int));
			L->fix_v = sp_xrealloc(L->fix_v, ((size_t)L->nfix + 1) * sizeof(double));
			L->fix_g[L->nfix] = g;
			L->fix_t[L->nfix] = t;
			L->fix_v[L->nfix++] = v;
		}
	lag_rows_build(&L->R, s, L->fix_t, L->fix_v, L->nfix, alone);
	build_runs(L);
	size_t CT = (size_t)L->C * L->T + 1, GT = (size_t)L->G * L->T + 1;
	L->mu = sp_xmalloc(GT * sizeof(double));
	L->arg = sp_xmalloc(GT * sizeof(int));
	L->sup = sp_xmalloc(GT * sizeof(double));
	L->colv = sp_xmalloc(((size_t)s->ncols + 1) * sizeof(double));
	L->xa = sp_xmalloc(((size_t)L->T + 1) * sizeof(double));
	L->xv = sp_xmalloc(((size_t)L->T + 1) * sizeof(double));
	L->Y = sp_xmalloc(CT * sizeof(double));
	L->U = sp_xmalloc(CT * sizeof(double));
	L->ucoef = sp_xmalloc(CT * sizeof(double));
	L->N = sp_xmalloc(((size_t)L->R.M + 1) * sizeof(double));
	L->week = sp_xmalloc(((size_t)L->K + 1) * s->ndays * sizeof(int));
	L->CT = (size_t)L->C * L->T;
	L->n = L->CT + (size_t)L->R.M;
	L->best = sp_xcalloc(L->n + 1, sizeof(double));
	L->trial = sp_xcalloc(L->n + 1, sizeof(double));
	L->avg = sp_xcalloc(2 * L->CT + L->R.M + 1, sizeof(double));
	L->g = sp_xcalloc(L->n + 1, sizeof(double));
	L->v = sp_xcalloc(L->n + 1, sizeof(double));
	L->pool = sp_xmalloc(((size_t)L->K * NPOOL + 1) * s->ndays * sizeof(int));
	L->poolw = sp_xcalloc((size_t)L->K * NPOOL + 1, sizeof(double));
}

static void lag_release(struct lag *L)
{
	week_dp_destroy(L->wdp);
	free(L->run);
	free(L->pre);
	free(L->cls_agent);
	free(L->cls_n);
	lag_rows_release(&L->R);
	free(L->mu);
	free(L->arg);
	free(L->sup);
	free(L->colv);
	free(L->xa);
	free(L->xv);
	free(L->Y);
	free(L->U);
	free(L->ucoef);
	free(L->N);
	free(L->week);
	free(L->cls_of);
	free(L->best);
	free(L->trial);
	free(L->avg);
	free(L->g);
	free(L->v);
	free(L->pool);
	free(L->poolw);
	free(L->fix_g);
	free(L->fix_t);
	free(L->fix_v);
}

/* What a part a of interval t on duty earns group g at the rounding
 * rows' prices rho beyond the share a of what a whole interval earns
 * there (mu): sched_mir_coef(a, f) is min(a, f), not a f. */
static double part_extra(const struct lag *L, int g, int t, double a, const double *rho)
{
	const struct lag_rows *R = &L->R;
	size_t gt = (size_t)g * L->T + t;
	double v = 0;

	for (int i = R->p_r0[gt]; i < R->p_r0[gt + 1]; i++) {
		int m = R->p_row[i];
		v += rho[m] * (sched_mir_coef(a, R->m_f[m]) - a * R->m_f[m]);
	}
	return v;
}

/* Earnings of every column for group g at the prices in mu (and rho, the
 * rounding rows' prices, for the parts of intervals). */
static void column_values(struct lag *L, int g, const double *rho)
{
	const struct sched *s = L->s;
	const double *mu = &L->mu[(size_t)g * L->T];
	double *pre = L->pre;

	for (int t = 0; t < L->T; t++)
		L->xa[t] = -1;
	pre[0] = 0;
	for (int t = 0; t < L->T; t++)
		pre[t + 1] = pre[t] + mu[t];
	for (int j = 0; j < s->ncols; j++) {
		const int *r = &L->run[4 * (size_t)j];
		if (r[0] >= 0) {
			L->colv[j] = pre[r[1]] - pre[r[0]] + pre[r[3]] - pre[r[2]];
			continue;
		}
		const struct scol *c = &s->cols[j];
		double v = 0;
		for (int p = 0; p < c->ncov; p++) {
			int t = s->cov_t[c->cov0 + p];
			double a = s->cov_f[c->cov0 + p];
			v += a * mu[t];
			if (a < 1 - 1e-9) {
				/* most intervals see one part: the same end or break */
				if (L->xa[t] != a) {
					L->xa[t] = a;
					L->xv[t] = part_extra(L, g, t, a, rho);
				}
				v += L->xv[t];
			}
		}
		L->colv[j] = v;
	}
}

/* What one agent of each group earns per interval on duty (mu), and in
 * which cell (arg), at multipliers pi and rho. */
static void set_mu(struct lag *L, const double *pi, const double *rho)
{
	const struct sched *s = L->s;
	int T = L->T;

	for (int g = 0; g < L->G; g++) {
		const struct sgroup *gr = &s->groups[g];
		for (int t = 0; t < T; t++) {
			double m = 0;
			int arg = -1;
			for (int i = 0; i < gr->ncells; i++) {
				double p = pi[(size_t)gr->cells[i] * T + t];
				if (p > m) {
					m = p;
					arg = gr->cells[i];
				}
			}
			L->mu[(size_t)g * T + t] = m;
			L->arg[(size_t)g * T + t] = arg;
		}
	}
	for (int m = 0; m < L->R.M; m++)
		for (int i = L->R.m_g0[m]; i < L->R.m_g0[m + 1]; i++)
			L->mu[(size_t)L->R.m_grp[i] * T + L->R.m_t[m]] += L->R.m_f[m] * rho[m];
}

/* L(pi, rho) and the staffing of its best weeks (Y, U, N). */
static double solve_sub(struct lag *L, const double *pi, const double *rho)
{
	const struct sched *s = L->s;
	const double *req = s->req->required;
	int T = L->T;
	double z = 0;

	set_mu(L, pi, rho);
	memset(L->sup, 0, ((size_t)L->G * T + 1) * sizeof(double));
	/* N[m] first takes what the parts of intervals add beyond their
	 * share (in agents: sched_mir_coef / f - a) */
	memset(L->N, 0, ((size_t)L->R.M + 1) * sizeof(double));
	int g_done = -1;
	for (int k = 0; k < L->K; k++) {
		int a = L->cls_agent[k], g = s->agent_group[a];
		if (g != g_done) {
			column_values(L, g, rho);
			week_prepare(L->wdp, L->colv);
			g_done = g;
		}
		int *week = &L->week[(size_t)k * s->ndays];
		double v = week_best_prepared(L->wdp, a, week); /* all off when none is valid */
		z += L->cls_n[k] * v;
		for (int d = 0; d < s->ndays; d++) {
			if (week[d] < 0)
				continue;
			const struct scol *c = &s->cols[week[d]];
			for (int p = 0; p < c->ncov; p++) {
				int t = s->cov_t[c->cov0 + p];
				double f = s->cov_f[c->cov0 + p];
				size_t gt = (size_t)g * T + t;
				L->sup[gt] += L->cls_n[k] * f;
				for (int i = L->R.p_r0[gt]; f < 1 - 1e-9 && i < L->R.p_r0[gt + 1]; i++) {
					int m = L->R.p_row[i];
					L->N[m] += L->cls_n[k] * (sched_mir_coef(f, L->R.m_f[m]) / L->R.m_f[m] - f);
				}
			}
		}
	}
	/* the shifts still running from before: their supply, and what it
	 * earns at these prices, at no cost */
	for (int i = 0; i < L->nfix; i++) {
		size_t gt = (size_t)L->fix_g[i] * T + L->fix_t[i];
		L->sup[gt] += L->fix_v[i];
		z -= L->fix_v[i] * L->mu[gt];
	}
	size_t CT = L->CT;
	memset(L->Y, 0, CT * sizeof(double));
	for (int g = 0; g < L->G; g++)
		for (int t = 0; t < T; t++) {
			int c = L->arg[(size_t)g * T + t];
			if (c >= 0)
				L->Y[(size_t)c * T + t] += L->sup[(size_t)g * T + t];
		}
	for (size_t i = 0; i < CT; i++)
		L->ucoef[i] = L->P - pi[i];
	for (int m = 0; m < L->R.M; m++) {
		for (int i = L->R.m_c0[m]; i < L->R.m_c0[m + 1]; i++)
			L->ucoef[(size_t)L->R.m_cell[i] * T + L->R.m_t[m]] -= rho[m];
		double n = 0;
		for (int i = L->R.m_g0[m]; i < L->R.m_g0[m + 1]; i++)
			n += L->sup[(size_t)L->R.m_grp[i] * T + L->R.m_t[m]];
		L->N[m] += n;
		z += rho[m] * L->R.m_rhs[m];
	}
	for (size_t i = 0; i < CT; i++) {
		z += pi[i] * req[i];
		L->U[i] = L->ucoef[i] < 0 ? req[i] : 0;
		z += L->U[i] * L->ucoef[i];
	}
	/* some agent has no valid week at all: no bound (the final rule
	 * check names the agent) */
	return z == HUGE_VAL ? -HUGE_VAL : z;
}

/* Starting prices: an hour on duty worth a little more than it costs, so
 * the first best weeks are neither empty nor everything. */
static void initial_prices(const struct lag *L, double *pi)
{
	const struct sched *s = L->s;
	double wage = 0;

	for (int a = 0; a < s->in->nagents; a++)
		wage += s->in->agents[a].cost_per_hour / s->in->nagents;
	double p = fmin(L->P, 1.2 * wage * s->step / 3600.0);
	for (size_t i = 0; i < L->CT; i++)
		pi[i] = s->req->required[i] > 1e-9 ? p : 0;
}

/* Mixes the last solve into the averages at weight alpha: staffing (Y,
 * U, N) into avg, and each class's week into its pool, where a full pool
 * gives up its lightest week. */
static void average(struct lag *L, double alpha)
{
	int nd = L->s->ndays;
	size_t CT = L->CT;

	for (size_t i = 0; i < CT; i++) {
		L->avg[i] = alpha * L->Y[i] + (1 - alpha) * L->avg[i];
		L->avg[CT + i] = alpha * L->U[i] + (1 - alpha) * L->avg[CT + i];
	}
	for (int m = 0; m < L->R.M; m++)
		L->avg[2 * CT + m] = alpha * L->N[m] + (1 - alpha) * L->avg[2 * CT + m];

	for (int k = 0; k < L->K; k++) {
		const int *wk = &L->week[(size_t)k * nd];
		double *w = &L->poolw[(size_t)k * NPOOL];
		int *pool = &L->pool[(size_t)k * NPOOL * nd];
		int found = -1, light = 0;
		for (int i = 0; i < NPOOL; i++) {
			w[i] *= 1 - alpha;
			if (w[i] > 0 && !memcmp(&pool[i * nd], wk, (size_t)nd * sizeof(int)))
				found = i;
			if (w[i] < w[light])
				light = i;
		}
		if (found < 0) {
			found = light;
			memcpy(&pool[found * nd], wk, (size_t)nd * sizeof(int));
			w[found] = 0;
		}
		w[found] += alpha;
	}
}

/* The subgradient of the rows at staffing (Y, U, N) into out; returns
 * its dot product with dir (or its squared norm when dir is out). */
static double subgradient(const struct lag *L, const double *Y, const double *U, const double *N, double *out,
			  const double *dir)
{
	const double *req = L->s->req->required;
	size_t CT = L->CT;
	double dot = 0;

	for (size_t i = 0; i < CT; i++) {
		out[i] = req[i] > 1e-9 ? req[i] - Y[i] - U[i] : 0;
		dot += out[i] * dir[i];
	}
	for (int m = 0; m < L->R.M; m++) {
		double u = 0;
		for (int i = L->R.m_c0[m]; i < L->R.m_c0[m + 1]; i++)
			u += U[(size_t)L->R.m_cell[i] * L->T + L->R.m_t[m]];
		out[CT + m] = L->R.m_rhs[m] - u - L->R.m_f[m] * N[m];
		dot += out[CT + m] * dir[CT + m];
	}
	return dot;
}

/* A walk under rule from the best prices: their bound, and the averaged
 * weeks and the step afresh. */
static void walk_from(struct lag *L, const struct vol_rule *rule, double lambda)
{
	L->rule = rule;
	L->zbest = solve_sub(L, L->best, L->best + L->CT);
	average(L, 1);
	L->lambda = lambda;
	L->alpha = L->amax = 0.1;
	L->zmark = L->zk = L->zbest;
	L->red = 0;
	L->it0 = L->it;
	L->done = L->zbest == -HUGE_VAL;
}

struct lag *sched_lag_create(struct sched *s, int alone)
{
	struct lag *L = sp_xmalloc(sizeof(*L));
	lag_init(L, s, alone);
	initial_prices(L, L->best);
	walk_from(L, alone ? &rule_slow : &rule_fast, 0.1);
	return L;
}

void sched_lag_destroy(struct lag *L)
{
	if (!L)
		return;
	lag_release(L);
	free(L);
}

double sched_lag_bound(const struct lag *L)
{
	return L->zbest;
}

int sched_lag_converged(const struct lag *L)
{
	return L->done;
}

int sched_lag_rule_iterations(const struct lag *L)
{
	return L->it - L->it0;
}

int sched_lag_cooling(const struct lag *L)
{
	return L->lambda < L->rule->lmax / 2;
}

void sched_lag_go_slow(struct lag *L)
{
	if (L->rule == &rule_slow)
		return;
	/* the old rows, to carry their prices over */
	struct lag old = *L;
	lag_rows_build(&L->R, L->s, L->fix_t, L->fix_v, L->nfix, 1);
	size_t CT = L->CT;
	L->n = CT + (size_t)L->R.M;
	L->N = sp_xrealloc(L->N, ((size_t)L->R.M + 1) * sizeof(double));
	L->best = sp_xcalloc(L->n + 1, sizeof(double));
	memcpy(L->best, old.best, CT * sizeof(double));
	L->trial = sp_xcalloc(L->n + 1, sizeof(double));
	L->avg = sp_xcalloc(2 * CT + L->R.M + 1, sizeof(double));
	L->g = sp_xcalloc(L->n + 1, sizeof(double));
	L->v = sp_xcalloc(L->n + 1, sizeof(double));
	/* lag_rows_build adds, interval by interval, the cells' and languages'
	 * rows first and then the queues' and the desk's: the old rows are
	 * a subsequence of the new, in the same order */
	for (int m = 0, i = 0; m < L->R.M; m++)
		L->best[CT + m] = i < old.R.M && lag_rows_same(&L->R, m, &old.R, i) ? old.best[CT + i++] : 0;
	lag_rows_release(&old.R);
	free(old.best);
	free(old.trial);
	free(old.avg);
	free(old.g);
	free(old.v);
	/* the same prices (the new rows at 0) give the same bound; the
	 * walk starts afresh from them (the slow rule's cap is higher) */
	walk_from(L, &rule_slow, fmax(0.1, L->lambda));
	sched_trace(L->s, "lagrange: slow rule from iteration %d, bound %.2f, %d rounding rows at %.2fs", L->it,
		    L->zbest, L->R.M, sched_elapsed(L->s));
}

/* The volume algorithm: from the best multipliers, a step along the
 * subgradient of the averaged primal (which damps the zigzag of plain
 * subgradient steps), the step length by Polyak's rule towards a target
 * above the best bound, lambda raised after improving steps (up to a cap)
 * and lowered after 20 that do not improve.  rule_fast (lowered by a
 * third, as Barahona and Anbil do) converges within seconds on the
 * example and bench M, where column generation follows and needs the
 * time.  Where the Lagrangian is the only bound it has the whole time
 * limit, and rule_slow lowers lambda 5 % at a time and averages over
 * ever more iterations (alpha chosen per step, its cap halved as the bound
 * slows): on bench L the fast rule froze the bound at 1 321 261 after
 * 5 300 iterations; the slow one with alpha fixed at 0.1 at 1 361 028; with
 * the adaptive alpha it reaches 1 421 158 after 12 000, and 1 423 860
 * with lambda free to rise (docs/MODEL.md). */
double sched_lag_run(struct lag *L, double t_end)
{
	struct sched *s = L->s;
	size_t CT = L->CT, n = L->n;
	int trace = sched_tracing(s);

	while (!L->done) {
		if (sched_elapsed(s) > t_end || sched_stopped(s))
			break;
		L->it++;
		sched_tick(s, WORK_LAG * s->in->nagents * s->nweeks);
		double norm = subgradient(L, L->avg, L->avg + CT, L->avg + 2 * CT, L->g, L->g);
		if (norm < 1e-12) {
			L->done = 1; /* the averaged weeks meet every row: optimal */
			break;
		}
		double step = L->lambda * fmax(L->rule->target * fabs(L->zbest), 1e-6) / norm;
		for (size_t i = 0; i < n; i++) {
			double x = L->best[i] + step * L->g[i];
			L->trial[i] = x < 0 ? 0 : i < CT && x > L->P ? L->P : x;
		}
		double z = solve_sub(L, L->trial, L->trial + CT);
		double vg = subgradient(L, L->Y, L->U, L->N, L->v, L->g);
		if (L->rule->amin > 0) {
			/* alpha minimises |alpha v + (1 - alpha) g|, within a
			 * tenth of alpha_max and alpha_max */
			double vv = 0;
			for (size_t i = 0; i < n; i++)
				vv += L->v[i] * L->v[i];
			double den = vv - 2 * vg + norm, a = den > 1e-12 ? (norm - vg) / den : L->amax;
			L->alpha = fmin(L->amax, fmax(L->amax / 10, a));
		}
		average(L, L->alpha);
		if (z > L->zbest) {
			L->zbest = z;
			memcpy(L->best, L->trial, n * sizeof(double));
			L->red = 0;
			if (vg >= 0)
				L->lambda = fmin(L->rule->lmax, 1.1 * L->lambda);
		} else if (++L->red >= 20) {
			L->lambda = fmax(1e-4, L->rule->cool * L->lambda);
			L->red = 0;
		}
		if (L->it % 100 == 0) {
			sched_trace(s, "lagrange %d: bound %.2f, lambda %.4f at %.2fs", L->it, L->zbest, L->lambda,
				    sched_elapsed(s));
			/* a longer average as the bound slows: alpha_max halved
			 * after 100 iterations that gained under 0.5 % */
			if (L->rule->amin > 0 && L->zbest - L->zmark < 5e-3 * fabs(L->zbest))
				L->amax = fmax(L->rule->amin, L->amax / 2);
			/* converged: under 0.01 % in 100 iterations at small steps */
			if (L->zbest - L->zmark < 1e-4 * fabs(L->zbest) && L->lambda < 1e-3)
				L->done = 1;
			L->zmark = L->zbest;
		}
		/* stalled: under the rule's share in 1 000 iterations of one
		 * week, that is in about the same time on any horizon (an
		 * iteration of n weeks costs n times one of a week; bench L
		 * over four weeks gained 0.04 % in its last 400 s) */
		if ((L->it - L->it0) % (1000 / s->nweeks) == 0) {
			if (L->zbest - L->zk < L->rule->stall * fabs(L->zbest))
				L->done = 1;
			L->zk = L->zbest;
		}
	}
	if (trace && L->done) {
		/* the averaged weeks are no LP solution: they leave rows unmet,
		 * so their understaffing says little of the LP's */
		double short_h = 0, unmet_h = 0, h = s->step / 3600.0;
		for (size_t i = 0; i < CT; i++) {
			short_h += L->avg[CT + i] * h;
			unmet_h += fmax(0, s->req->required[i] - L->avg[i] - L->avg[CT + i]) * h;
		}
		sched_trace(s, "lagrange converged: %d classes, %d rounding rows, %d iterations, bound %.2f "
			    "(averaged weeks: %.1f agent-hours short, %.1f unmet) at %.2fs", L->K, L->R.M, L->it,
			    L->zbest, short_h, unmet_h, sched_elapsed(s));
	}
	return L->zbest;
}

/* Gives agent a (whose group's earnings are in L->colv) the pooled week
 * of its class furthest behind its share (weight times class size; given
 * counts the weeks handed out), held to the rest rule and the other
 * rules.  Works on s->assign. */
static void round_agent(struct lag *L, int a, int *given)
{
	struct sched *s = L->s;
	int nd = s->ndays, k = L->cls_of[a], bi = -1;
	const double *w = &L->poolw[(size_t)k * NPOOL];
	double sum = 0, most = -HUGE_VAL;
	int *wk = &s->assign[(size_t)a * nd];

	for (int i = 0; i < NPOOL; i++)
		sum += w[i];
	for (int i = 0; i < NPOOL; i++) {
		double behind = w[i] / sum * L->cls_n[k] - given[k * NPOOL + i];
		if (w[i] > 0 && behind > most) {
			most = behind;
			bi = i;
		}
	}
	for (int d = 0; d < nd; d++)
		wk[d] = -1;
	if (bi < 0 || s->in->agents[a].hypothetical)
		return; /* candidates are hired by the search, where a week pays */
	given[k * NPOOL + bi]++;
	memcpy(wk, &L->pool[((size_t)k * NPOOL + bi) * nd], (size_t)nd * sizeof(int));
	week_fix(s, a, L->colv, wk);
	for (int d = nd - 1; d >= 0 && sched_check_rules(s, a, NULL, 0); d--)
		wk[d] = -1;
}

void sched_lag_roster(struct lag *L, int *assign)
{
	struct sched *s = L->s;
	int *given = sp_xcalloc((size_t)L->K * NPOOL + 1, sizeof(int));
	int *save = s->assign;

	s->assign = assign;
	set_mu(L, L->best, L->best + L->CT);
	for (int g = 0; g < s->ngroups; g++) {
		column_values(L, g, L->best + L->CT); /* for fix_rest */
		for (int x = 0; x < s->groups[g].n; x++)
			round_agent(L, s->groups[g].agents[x], given);
	}
	s->assign = save;
	free(given);
}
