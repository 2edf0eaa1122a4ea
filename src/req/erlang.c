/* erlang.c - Erlang B, C and A performance and the N* search
 *
 * Erlang A (M/M/N+M, Palm): arrivals λ, handle time h (rate μ = 1/h), N
 * agents, exponential patience of mean p (rate θ = 1/p).  With x = Nμ/θ and
 * y = λ/θ, the waiting states N+j of the birth-death chain weigh
 * q_j = y^j / ((x+1)...(x+j)), and everything follows from
 *
 *   T(a, z) = Σ_{n>=0} z^n / ((a+1)...(a+n)) = a e^z z^-a γ(a, z),
 *
 * γ the lower incomplete gamma function (Mandelbaum & Zeltyn's A(x, y)):
 * S = T(x, y), P(wait) = 1 / (1 + (1/B - 1)/S) with B Erlang B, P(abandon |
 * wait) = E[queue | wait]/y, and a waiting contact's offered wait V has
 * e^{-θV} ~ Beta(x, j+1) given j ahead, so P(V > t | wait) = γ(x, y e^{-θt})
 * / γ(x, y) and P(answered after t | answered after waiting) = γ(x+1,
 * y e^{-θt}) / γ(x+1, y).  The mean wait of answered contacts is -∂T/∂x
 * over T (times P(wait)·p·N/A).  docs/MODEL.md §1 derives these.
 *
 * T is summed as its series when z < a + 1 (positive terms, no
 * cancellation) and through the continued fraction of the upper incomplete
 * gamma function otherwise (modified Lentz, carrying ∂/∂a alongside), in log
 * space with Stirling's series where a is large, so N and A in the thousands
 * with long patience neither overflow nor lose digits.  Erlang B comes from
 * the same functions, 1/B(N, A) = Γ(N+1) e^A A^-N Q(N+1, A) with Q the
 * regularised upper gamma, in O(sqrt N) terms instead of the recursion's N
 * (which stays for small N, where it is cheaper).
 */
#include "staffplan/erlang.h"

#include <float.h>
#include <math.h>

#define EPS_SERIES 1e-17
#define EPS_CF 4e-16
#define TINY 1e-300
/* Loop guards: never reached for inputs within the documented ranges
 * (a series of T needs about 9·sqrt(a) + 40 terms when z is near a). */
#define MAX_TERMS 200000000L

static const double LN_SQRT_2PI = 0.91893853320467274178;

/* ---- special functions ------------------------------------------------- */

/* log(1 + u) - u for u > -1, accurate when u is small. */
static double log1pmx(double u)
{
	if (fabs(u) < 0.1) {
		double term = -u * u / 2, sum = term, p = u * u;
		for (int k = 3; k < 40; k++) {
			p *= -u;
			term = -p / k;
			sum += term;
			if (fabs(term) < 1e-18 * fabs(sum))
				break;
		}
		return sum;
	}
	return log1p(u) - u;
}

/* e^-s - 1 + s >= 0, accurate for small s. */
static double em1ps(double s)
{
	if (s < 0.01) {
		double term = s * s / 2, sum = term;
		for (int k = 3; k < 20; k++) {
			term *= -s / k;
			sum += term;
		}
		return sum;
	}
	return expm1(-s) + s;
}

/* lgamma(a+1) - ((a + 1/2) ln a - a + ln sqrt(2π)), Stirling's series for a >= 15. */
static double stirling_rest(double a)
{
	double r = 1 / a, r2 = r * r;
	return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 -
		r2 * (1.0 / 1188)))));
}

/* log(Γ(a+1) e^z z^-a), the size of T(a, z) when z is well above a. */
static double log_e1(double a, double z)
{
	if (a < 15)
		return lgamma(a + 1) + z - a * log(z);
	/* the big terms of lgamma and z - a ln z cancel analytically */
	return 0.5 * log(a) + LN_SQRT_2PI + stirling_rest(a) - a * log1pmx((z - a) / a);
}

/* ψ(a+1) - ln a (ψ the digamma function), a > 0. */
static double digamma1_mlog(double a)
{
	if (a >= 10) {
		double r = 1 / a, r2 = r * r;
		return r / 2 - r2 * (1.0 / 12 - r2 * (1.0 / 120 - r2 * (1.0 / 252 -
			r2 * (1.0 / 240 - r2 * (1.0 / 132)))));
	}
	double v = a + 1, acc = 0;
	while (v < 10)
		acc -= 1 / v, v += 1;
	double r = 1 / v, r2 = r * r;
	double psi = log(v) - r / 2 - r2 * (1.0 / 12 - r2 * (1.0 / 120 - r2 * (1.0 / 252 -
		r2 * (1.0 / 240 - r2 * (1.0 / 132)))));
	return psi + acc - log(a);
}

/* T(a, z) and what the queue needs of it, for a > 0, z >= 0. */
struct tval {
	int cf;          /* 1: continued fraction (z >= a + 1); 0: series */
	double log_t;    /* log T */
	double mean_n;   /* series only: Σ n·t_n / T, the mean queue given waiting */
	double dlog;     /* (∂T/∂a) / T */
	double q;        /* cf only: Γ(a, z)/Γ(a), the regularised upper gamma */
	double log_q;    /* cf only: log q, which q may underflow */
};

static void t_series(double a, double z, struct tval *o)
{
	double t = 1, tail = 0, sn = 0, h = 0, sd = 0;

	for (long n = 1; n < MAX_TERMS; n++) {
		double r = z / (a + n);
		t *= r;
		h += 1 / (a + n);
		tail += t;
		sn += n * t;
		sd += t * h;
		/* the terms after n shrink by at most r1 < 1 each */
		double r1 = z / (a + n + 1), rest = t * r1 / (1 - r1);
		double rest_n = t * r1 * (n / (1 - r1) + 1 / ((1 - r1) * (1 - r1)));
		double rest_h = rest * (h + 1 / ((a + n + 1) * (1 - r1)));
		if (rest <= EPS_SERIES * (1 + tail) && rest_n <= EPS_SERIES * sn &&
		    rest_h <= EPS_SERIES * sd)
			break;
	}
	double T = 1 + tail;
	o->cf = 0;
	o->log_t = log1p(tail);
	o->mean_n = sn / T;
	o->dlog = -sd / T;
	o->q = 0;
	o->log_q = -INFINITY;
}

/* Γ(a, z) e^z z^-a by its continued fraction (modified Lentz) with the
 * derivative in a carried as a dual number; z >= a + 1. */
static void t_cf(double a, double z, struct tval *o)
{
	double b = z + 1 - a, db = -1;
	double c = 1 / TINY, dc = 0;
	double d = 1 / b, dd = -db / (b * b);
	double h = d, dh = dd;

	for (long i = 1; i < MAX_TERMS; i++) {
		double an = -i * (i - a), dan = (double)i;
		b += 2;
		double dn = an * d + b, ddn = dan * d + an * dd + db;
		if (fabs(dn) < TINY)
			dn = TINY, ddn = 0;
		double cn = b + an / c, dcn = db + (dan * c - an * dc) / (c * c);
		if (fabs(cn) < TINY)
			cn = TINY, dcn = 0;
		d = 1 / dn;
		dd = -ddn / (dn * dn);
		c = cn;
		dc = dcn;
		double del = d * c, ddel = dd * c + d * dc;
		dh = dh * del + h * ddel;
		h *= del;
		if (fabs(del - 1) <= EPS_CF && fabs(ddel * h) <= 1e-15 * fabs(dh) + TINY)
			break;
	}
	/* T = Γ(a+1) e^z z^-a - a·h, and Q = a·h / (Γ(a+1) e^z z^-a) */
	double le1 = log_e1(a, z);
	double log_q = log(a * h) - le1;
	if (log_q > 0)
		log_q = 0;
	double q = exp(log_q);
	o->cf = 1;
	o->q = q;
	o->log_q = log_q;
	o->log_t = le1 + log1p(-q);
	o->mean_n = 0;
	/* ∂T/∂a = E1·(ψ(a+1) - ln z) - (h + a·∂h/∂a) */
	double psi_lnz = digamma1_mlog(a) - log1p((z - a) / a);
	o->dlog = (psi_lnz - q * (1 / a + dh / h)) / (1 - q);
}

static void t_eval(double a, double z, struct tval *o)
{
	if (z < a + 1)
		t_series(a, z, o);
	else
		t_cf(a, z, o);
}

/* log(γ(a, z e^-s) / γ(a, z)) for s >= 0; hi is T(a, z), already evaluated. */
static double log_gamma_ratio(double a, double z, double s, const struct tval *hi)
{
	struct tval lo;
	double z1 = z * exp(-s);

	if (s <= 0)
		return 0;
	if (z1 <= 0)
		return -INFINITY;
	t_eval(a, z1, &lo);
	if (!lo.cf && !hi->cf)   /* prefactors z^a e^-z of the two, taken together */
		return (z - a) * s - z * em1ps(s) + lo.log_t - hi->log_t;
	if (lo.cf)               /* regularised: P = 1 - Q at both points */
		return log1p(-lo.q) - log1p(-hi->q);
	return lo.log_t - log_e1(a, z1) - log1p(-hi->q);
}

/* ---- Erlang B ------------------------------------------------------------ */

/* 1/B(n, a) as its logarithm and r1 = 1/B - 1 (which may be +inf when B
 * underflows), both without cancellation. */
struct binv {
	double log_r;
	double r1;
};

/* Below this many agents the recursion is cheaper than the gamma functions. */
#define B_RECURSION_MAX 64

static void b_inverse(int n, double a, struct binv *o)
{
	if (n <= 0) {
		o->log_r = 0;
		o->r1 = 0;
		return;
	}
	if (n < B_RECURSION_MAX) {
		/* B(k) = a·B(k-1) / (k + a·B(k-1)) and 1 - B(k) = k / (k + a·B(k-1)) */
		double b = 1, one_minus_b = 0;
		for (int k = 1; k <= n; k++) {
			double d = k + a * b;
			one_minus_b = k / d;
			b = a * b / d;
		}
		o->log_r = -log(b);
		o->r1 = one_minus_b / b;
		return;
	}
	/* Q(n+1, a): from the continued fraction when a >= n + 2, else 1 - P */
	struct tval tv;
	double np1 = n + 1.0, log_q;
	t_eval(np1, a, &tv);
	log_q = tv.cf ? tv.log_q : log1p(-exp(tv.log_t - log_e1(np1, a)));
	o->log_r = log_e1(n, a) + log_q;
	o->r1 = expm1(o->log_r);
}

double erlang_b(int n, double a)
{
	struct binv bi;

	if (n <= 0)
		return 1.0;
	if (!(a > 0))
		return 0.0;
	b_inverse(n, a, &bi);
	return exp(-bi.log_r);
}

double erlang_c(int n, double a)
{
	struct binv bi;

	if (a <= 0)
		return 0.0;
	if (n <= a)
		return 1.0;
	b_inverse(n, a, &bi);
	/* C = n·B / (n - a(1 - B)) = n / (n + (n - a)(1/B - 1)) */
	return n / (n + (n - a) * bi.r1);
}

/* ---- performance with n agents ------------------------------------------ */

static double clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Erlang C with n > 0 agents; bi is 1/B(n, A). */
static void eval_c(const struct erlang_queue *q, int n, const struct binv *bi,
		   struct erlang_perf *o)
{
	double a = q->traffic;

	o->p_abandon = 0;
	if (n <= a) {
		o->p_wait = 1;
		o->sl = 0;
		o->asa = INFINITY;
		o->occupancy = 1;
		return;
	}
	double c = n / (n + (n - a) * bi->r1);
	o->p_wait = c;
	o->sl = clamp01(1.0 - c * exp(-(n - a) * q->answer / q->aht));
	o->asa = c * q->aht / (n - a);
	o->occupancy = a / n;
}

/* Erlang A with n > 0 agents; bi is 1/B(n, A) (see the comment atop). */
static void eval_a(const struct erlang_queue *q, int n, const struct binv *bi,
		   struct erlang_perf *o)
{
	double a = q->traffic, p = q->patience, ratio = p / q->aht;
	double x = n * ratio, y = a * ratio, rho = a / n, s = q->answer / p;
	struct tval ts, t1;

	t_eval(x, y, &ts);
	/* P(wait) = 1 / (1 + (1/B - 1)/S); 1/B overflows far above A */
	double pw = 1 / (1 + exp(log(bi->r1) - ts.log_t));
	double ab_w = ts.cf ? 1 - (1 - exp(-ts.log_t)) / rho : ts.mean_n / y;
	ab_w = clamp01(ab_w);
	double pab = pw * ab_w, served_w = 1 - ab_w;

	/* k = P(answered after t | answered after waiting) */
	double k = 1;
	if (s > 0) {
		t_eval(x + 1, y, &t1);
		k = exp(log_gamma_ratio(x + 1, y, s, &t1));
	}
	double answered_t = (1 - pw) + pw * served_w * (1 - k);

	o->p_wait = pw;
	o->p_abandon = pab;
	o->sl = clamp01(answered_t); /* SPEC 8: of all contacts, answered within t */
	/* E[wait; answered] = P(wait)·(-∂T/∂x / T)·p/ρ */
	o->asa = pw * (-ts.dlog) * p / rho / (1 - pab);
	o->occupancy = clamp01(a * (1 - pab) / n);
}

/* Performance with n agents; bi is 1/B(n, A). */
static void eval_n(const struct erlang_queue *q, int n, const struct binv *bi,
		   struct erlang_perf *o)
{
	if (!(q->traffic > 0)) {
		o->p_wait = 0;
		o->sl = 1;
		o->asa = 0;
		o->p_abandon = 0;
		o->occupancy = 0;
		return;
	}
	if (n <= 0) {
		o->p_wait = 1;
		o->sl = 0;
		o->asa = INFINITY;
		o->p_abandon = q->patience > 0 ? 1 : 0;
		o->occupancy = 0;
		return;
	}
	if (q->patience > 0 && q->traffic * (q->patience / q->aht) > 0)
		eval_a(q, n, bi, o);
	else
		eval_c(q, n, bi, o);
}

void erlang_eval(const struct erlang_queue *q, int n, struct erlang_perf *out)
{
	struct binv bi = { 0, 0 };

	if (n > 0 && q->traffic > 0)
		b_inverse(n, q->traffic, &bi);
	eval_n(q, n, &bi, out);
}

/* ---- N* ----------------------------------------------------------------- */

static int meets(const struct erlang_queue *q, const struct erlang_target *t, int n,
		 struct erlang_perf *p)
{
	erlang_eval(q, n, p);
	if (!(p->sl >= t->service_level) || !(p->occupancy <= t->max_occupancy))
		return 0;
	if (q->patience > 0)
		return p->p_abandon <= t->max_abandon;
	return n > q->traffic;
}

sp_status erlang_staff(const struct erlang_queue *q, const struct erlang_target *t,
		       struct erlang_result *out)
{
	double a = q->traffic;
	struct erlang_perf perf, hi_perf;

	out->agents = 0;
	erlang_eval(q, 0, &out->perf);
	if (!(a >= 0 && a <= ERLANG_MAX_TRAFFIC) || !(q->aht > 0 && isfinite(q->aht)) ||
	    !(q->patience >= 0 && isfinite(q->patience)) || !(q->answer >= 0 && isfinite(q->answer)) ||
	    !(t->service_level > 0 && t->service_level < 1) ||
	    !(t->max_occupancy > 0 && t->max_occupancy <= 1) ||
	    !(t->max_abandon > 0 && t->max_abandon <= 1))
		return SP_ERR_INPUT;
	if (a == 0)
		return SP_OK;
	/* At cap, P(wait) is below e^-800: every target is met (the service
	 * level is below 1, the abandon limit above 0).  Beyond ERLANG_MAX_AGENTS
	 * the occupancy limit is absurd for the traffic. */
	double cap_d = ceil(a / t->max_occupancy) + ceil(a) + 40 * ceil(sqrt(a)) + 1000;
	if (!(cap_d <= ERLANG_MAX_AGENTS))
		return SP_ERR_INPUT;
	int cap = (int)cap_d;

	/* lo fails (0 stands for "no agents"), hi meets the targets */
	int lo, hi, first;
	if (q->patience > 0) {
		/* N* carries A(1 - P(abandon)) >= A(1 - max_abandon) at an occupancy
		 * <= max_occupancy, so every N below that over max_occupancy fails
		 * (the factor keeps a rounded-up quotient from excluding N*) */
		double bound = ceil(a * (1 - t->max_abandon) / t->max_occupancy * (1 - 1e-12));
		lo = bound > 1 ? (int)bound - 1 : 0;
		/* first try the Erlang C answer (cheap): abandonment usually lowers
		 * the need, so the bisection below it is short */
		struct erlang_queue c = *q;
		struct erlang_result rc;
		c.patience = 0;
		first = erlang_staff(&c, t, &rc) == SP_OK ? rc.agents : (int)ceil(a);
		if (first <= lo)
			first = lo + 1;
	} else {
		/* every N below max(floor(A) + 1, A / max_occupancy) fails */
		int m = (int)ceil(a / t->max_occupancy);
		while (m > 1 && a / (m - 1) <= t->max_occupancy)
			m--;
		while (a / m > t->max_occupancy)
			m++;
		first = (int)floor(a) + 1 > m ? (int)floor(a) + 1 : m;
		lo = first - 1;
	}
	if (first > cap)
		first = cap;
	if (meets(q, t, first, &perf)) {
		hi = first;
		hi_perf = perf;
	} else {
		/* gallop: first + 1, + 2, + 4, ... until the targets hold */
		lo = first;
		for (int step = 1;; step *= 2) {
			if (lo >= cap)
				return SP_ERR_INPUT;
			hi = step > cap - lo ? cap : lo + step;
			if (meets(q, t, hi, &perf)) {
				hi_perf = perf;
				break;
			}
			lo = hi;
		}
	}
	/* bisect on the monotone conditions */
	while (hi - lo > 1) {
		int mid = lo + (hi - lo) / 2;
		if (meets(q, t, mid, &perf)) {
			hi = mid;
			hi_perf = perf;
		} else {
			lo = mid;
		}
	}
	out->agents = hi;
	out->perf = hi_perf;
	return SP_OK;
}
