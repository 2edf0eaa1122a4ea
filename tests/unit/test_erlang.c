/* test_erlang.c - Erlang B/C/A formulas and the N* search (src/req/erlang.c)
 *
 * Erlang C against published values; Erlang A against the 30 abandon rates
 * callcentretools.com publishes, and against an independent oracle: the
 * birth-death chain summed directly, the answered share and mean wait from
 * the tagged contact's pure-death chain, and the service level by
 * uniformisation.  The search must give what a plain scan gives.
 */
#include "tests.h"
#include "staffplan/erlang.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the oracle -------------------------------------------------------- */

/*
 * M/M/n+M (or M/M/n with p = 0) by brute force: the stationary law of the
 * number in system, then a contact's fate from the number ahead of it.  With
 * k ahead it moves up at rate nμ + kθ and hangs up at rate θ, so
 * s_k = P(answered | k) and m_k = E[wait; answered | k] follow one state at
 * a time, and P(answered within t) comes from uniformising that chain.
 */
static void oracle(int n, double a, double h, double p, double t, struct erlang_perf *o)
{
	double lam = a / h, mu = 1 / h, th = p > 0 ? 1 / p : 0;
	int cap = n + 4096, len = n + 1;
	double *l = malloc((size_t)cap * sizeof(double));

	l[0] = 0;
	for (int i = 1; i <= n; i++)
		l[i] = l[i - 1] + log(lam / (i * mu));
	double top = l[n];
	for (int j = 1;; j++) {
		if (len == cap)
			l = realloc(l, (size_t)(cap *= 2) * sizeof(double));
		l[len] = l[len - 1] + log(lam / (n * mu + j * th));
		top = l[len] > top ? l[len] : top;
		len++;
		if (l[len - 1] < top - 60 && l[len - 1] < l[len - 2])
			break;
	}
	for (int i = 0; i < n; i++)
		top = l[i] > top ? l[i] : top;
	double z = 0;
	for (int i = 0; i < len; i++)
		z += exp(l[i] - top);
	double *pi = malloc((size_t)len * sizeof(double));
	for (int i = 0; i < len; i++)
		pi[i] = exp(l[i] - top) / z;
	int k_n = len - n;
	double pw = 0, eq = 0, busy = 0;
	for (int i = 0; i < len; i++) {
		busy += (i < n ? i : n) * pi[i];
		if (i >= n) {
			pw += pi[i];
			eq += (i - n) * pi[i];
		}
	}
	double served = 1 - pw, waited_served = 0, s = 1, m = 0;
	for (int k = 0; k < k_n; k++) {
		double c = n * mu + k * th, r = c + th;
		m = c / r * (s / r + m);
		s = c / r * s;
		served += pi[n + k] * s;
		waited_served += pi[n + k] * m;
	}
	/* uniformisation of the waiting contacts up to t */
	double big = n * mu + (k_n + 1) * th, lt = big * t;
	double *v = malloc((size_t)k_n * sizeof(double)), *w = malloc((size_t)k_n * sizeof(double));
	for (int k = 0; k < k_n; k++)
		v[k] = pi[n + k];
	double cum_s = 0, cum_a = 0, by_s = 0, by_a = 0, logp = -lt;
	int steps = (int)(lt + 12 * sqrt(lt) + 40);
	for (int step = 0; step <= steps && t > 0; step++) {
		double pn = exp(logp);
		by_s += pn * cum_s;
		by_a += pn * cum_a;
		memset(w, 0, (size_t)k_n * sizeof(double));
		for (int k = 0; k < k_n; k++) {
			double down = (n * mu + k * th) / big, hang = th / big;
			if (k == 0)
				cum_s += v[k] * down;
			else
				w[k - 1] += v[k] * down;
			cum_a += v[k] * hang;
			w[k] += v[k] * (1 - down - hang);
		}
		memcpy(v, w, (size_t)k_n * sizeof(double));
		logp += log(lt) - log(step + 1.0);
	}
	o->p_wait = pw;
	o->p_abandon = lam > 0 ? th * eq / lam : 0;
	o->occupancy = busy / n;
	o->asa = waited_served / served;
	o->sl = 1 - pw + by_s;
	free(l);
	free(pi);
	free(v);
	free(w);
}

static struct erlang_queue queue(double a, double h, double p, double t)
{
	struct erlang_queue q = { a, h, p, t };
	return q;
}

/* ---- Erlang C ---------------------------------------------------------- */

static const struct erlang_target t_80_085 = { 0.8, 0.85, 1.0 };

/* callcentrehelper / CRAN ErlangC: 100 calls per 30 min, AHT 180 s, 80/20 */
static void test_erlang_c_textbook_10_erlangs(void)
{
	struct erlang_queue q = queue(10.0, 180, 0, 20);
	struct erlang_result r;

	CU_ASSERT_EQUAL_FATAL(erlang_staff(&q, &t_80_085, &r), SP_OK);
	CU_ASSERT_EQUAL(r.agents, 14);
	CU_ASSERT_DOUBLE_EQUAL(r.perf.sl, 0.88835, 5e-5);
	CU_ASSERT_DOUBLE_EQUAL(r.perf.asa, 7.8359, 5e-4);
	CU_ASSERT_DOUBLE_EQUAL(r.perf.p_abandon, 0, 0);
	CU_ASSERT_DOUBLE_EQUAL(erlang_c(14, 10.0), 0.1741319, 1e-6);
}

static void test_erlang_c_process_rows(void)
{
	struct erlang_queue q = queue(10.0, 180, 0, 20);
	struct erlang_perf p;

	CU_ASSERT_DOUBLE_EQUAL(erlang_c(11, 10.0), 0.6821182, 1e-6);
	erlang_eval(&q, 11, &p);
	CU_ASSERT_DOUBLE_EQUAL(p.sl, 0.3896138, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(p.p_wait, 0.6821182, 1e-6);
	erlang_eval(&q, 13, &p);
	CU_ASSERT_DOUBLE_EQUAL(p.sl, 0.795595, 1e-5);
	CU_ASSERT_EQUAL(erlang_c(10, 10.0), 1.0);
	erlang_eval(&q, 9, &p);
	CU_ASSERT_EQUAL(p.sl, 0.0);
	CU_ASSERT(isinf(p.asa));
	CU_ASSERT_DOUBLE_EQUAL(erlang_b(0, 3.0), 1.0, 0);
	/* B(2, 1) = (1/2) / (1 + 1 + 1/2) */
	CU_ASSERT_DOUBLE_EQUAL(erlang_b(2, 1.0), 0.2, 1e-15);
}

/* Splits a CSV line without quotes in place; returns the field count. */
static int split(char *line, char **fld, int max)
{
	int n = 0;
	for (char *p = line; n < max && p;) {
		fld[n++] = p;
		p = strchr(p, ',');
		if (p)
			*p++ = '\0';
	}
	return n;
}

/* From 64 agents on, B comes from the incomplete gamma function: it must
 * be the recursion's value, from far below A to far above. */
static void test_erlang_b_gamma_matches_recursion(void)
{
	static const double traffic[] = { 0.5, 30, 63.5, 64, 100, 999.9, 5000, 10000 };
	double worst = 0;

	for (size_t i = 0; i < sizeof(traffic) / sizeof(traffic[0]); i++) {
		double a = traffic[i], b = 1;
		for (int n = 1; n <= 40000; n++) {
			b = a * b / (n + a * b);
			if (n < 60 || (n % 7 && n != 64 && abs(n - (int)a) > 3))
				continue;
			double g = erlang_b(n, a);
			if (b < 1e-290)   /* both underflow towards 0 */
				break;
			double rel = fabs(g - b) / b;
			worst = rel > worst ? rel : worst;
			if (rel > 1e-11)
				printf("\nB(%d, %g): %.17g, recursion %.17g", n, a, g, b);
		}
	}
	CU_ASSERT(worst <= 1e-11);
	/* C from it, against the published 10-Erlang value and a large case */
	CU_ASSERT_DOUBLE_EQUAL(erlang_c(14, 10.0), 0.1741319, 1e-6);
	CU_ASSERT(erlang_b(200, 0.001) == 0 || erlang_b(200, 0.001) < 1e-300);
	CU_ASSERT_DOUBLE_EQUAL(erlang_b(100, 1e4), 1 - 100 / 1e4, 1e-4);
}

/* Every row of the shared Erlang C reference table. */
static void test_erlang_c_reference_table(void)
{
	FILE *f = fopen(test_path("tests/fixtures/erlang_c_reference.csv"), "r");
	char line[2048];
	int checked = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fgets(line, sizeof(line), f));
	while (fgets(line, sizeof(line), f)) {
		/* id,calls,interval_s,aht_s,target_sl,target_answer_s,max_occupancy,
		 * shrinkage,agents_given,traffic,agents,p_wait,service_level,asa_s,... */
		char *fld[20] = { 0 };
		split(line, fld, 20);
		double calls = atof(fld[1]), iv = atof(fld[2]), aht = atof(fld[3]);
		double a = calls * aht / iv;
		struct erlang_queue q = queue(a, aht, 0, atof(fld[5]));
		struct erlang_perf p;
		CU_ASSERT_DOUBLE_EQUAL(a, atof(fld[9]), 1e-3);
		if (*fld[8]) {
			int nn = atoi(fld[8]);
			erlang_eval(&q, nn, &p);
			CU_ASSERT_DOUBLE_EQUAL(erlang_c(nn, a), atof(fld[11]), 1e-5);
			CU_ASSERT_DOUBLE_EQUAL(p.p_wait, atof(fld[11]), 1e-5);
			if (*fld[12])
				CU_ASSERT_DOUBLE_EQUAL(p.sl, atof(fld[12]), 1e-5);
			CU_ASSERT_DOUBLE_EQUAL(p.asa, atof(fld[13]), 1e-3);
		} else {
			struct erlang_target t = { atof(fld[4]), *fld[6] ? atof(fld[6]) : 1.0, 1.0 };
			struct erlang_result r;
			CU_ASSERT_EQUAL_FATAL(erlang_staff(&q, &t, &r), SP_OK);
			CU_ASSERT_EQUAL(r.agents, atoi(fld[10]));
			CU_ASSERT_DOUBLE_EQUAL(r.perf.sl, atof(fld[12]), 1e-5);
			CU_ASSERT_DOUBLE_EQUAL(r.perf.asa, atof(fld[13]), 1e-3 * (1 + atof(fld[13])));
		}
		checked++;
	}
	fclose(f);
	CU_ASSERT(checked >= 4);
}

/* Large traffic: the recursion stays finite and monotone where factorials overflow. */
static void test_erlang_c_large_traffic(void)
{
	struct erlang_queue q = queue(10000.0, 300, 0, 20);
	struct erlang_target t = { 0.8, 1.0, 1.0 };
	struct erlang_result r;
	struct erlang_perf p;

	CU_ASSERT_EQUAL_FATAL(erlang_staff(&q, &t, &r), SP_OK);
	CU_ASSERT(r.agents > 10000 && r.agents < 10200);
	CU_ASSERT(r.perf.sl >= 0.8 && r.perf.sl < 1.0);
	CU_ASSERT(isfinite(r.perf.asa));
	/* one agent fewer misses the target */
	erlang_eval(&q, r.agents - 1, &p);
	CU_ASSERT(p.sl < 0.8);
	double c1 = erlang_c(10050, 10000.0), c2 = erlang_c(10100, 10000.0);
	CU_ASSERT(c1 > c2 && c2 > 0 && c1 < 1);
}

static void test_erlang_c_zero_traffic_and_occupancy_cap(void)
{
	struct erlang_queue q = queue(0, 180, 0, 20);
	struct erlang_result r;

	CU_ASSERT_EQUAL(erlang_staff(&q, &t_80_085, &r), SP_OK);
	CU_ASSERT_EQUAL(r.agents, 0);
	CU_ASSERT_EQUAL(r.perf.sl, 1.0);
	/* occupancy 0.85 binds at high traffic: N >= A / 0.85 */
	q.traffic = 1000.0;
	CU_ASSERT_EQUAL(erlang_staff(&q, &t_80_085, &r), SP_OK);
	CU_ASSERT_EQUAL(r.agents, (int)ceil(1000.0 / 0.85));
	CU_ASSERT(1000.0 / r.agents <= 0.85);
	/* an occupancy limit that makes A/N an integer exactly */
	struct erlang_target half = { 0.01, 0.5, 1.0 };
	q.traffic = 50;
	CU_ASSERT_EQUAL(erlang_staff(&q, &half, &r), SP_OK);
	CU_ASSERT_EQUAL(r.agents, 100);
}

/* The least N found by scanning every N upwards, as the search used to. */
static int scan(const struct erlang_queue *q, const struct erlang_target *t)
{
	struct erlang_perf p;

	if (q->traffic <= 0)
		return 0;
	for (int n = 1;; n++) {
		erlang_eval(q, n, &p);
		if (p.sl >= t->service_level && p.occupancy <= t->max_occupancy &&
		    (q->patience > 0 ? p.p_abandon <= t->max_abandon : n > q->traffic))
			return n;
	}
}

/* Galloping and bisection give the scan's answer, for both models. */
static void test_erlang_search_matches_scan(void)
{
	static const double traffic[] = { 0.004, 0.3, 1, 2.5, 7.9, 10, 33.3, 57.1111, 120, 480.5 };
	static const double patience[] = { 0, 20, 120, 900 };
	static const struct erlang_target targets[] = {
		{ 0.8, 0.85, 1.0 }, { 0.95, 1.0, 0.02 }, { 0.5, 0.6, 0.5 }, { 0.999, 0.95, 0.001 },
	};
	int cases = 0, bad = 0;

	for (size_t i = 0; i < sizeof(traffic) / sizeof(traffic[0]); i++)
		for (size_t j = 0; j < sizeof(patience) / sizeof(patience[0]); j++)
			for (size_t k = 0; k < sizeof(targets) / sizeof(targets[0]); k++) {
				struct erlang_queue q = queue(traffic[i], 240, patience[j], 30);
				struct erlang_result r;
				CU_ASSERT_EQUAL_FATAL(erlang_staff(&q, &targets[k], &r), SP_OK);
				int want = scan(&q, &targets[k]);
				if (r.agents != want) {
					bad++;
					printf("\nA %g p %g target %zu: search %d, scan %d", traffic[i],
					       patience[j], k, r.agents, want);
				}
				cases++;
			}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(cases, 160);
}

/* ---- Erlang A ---------------------------------------------------------- */

/* The 30 published abandon rates, each within 0.01 percentage points. */
static void test_erlang_a_published_abandon_rates(void)
{
	FILE *f = fopen(test_path("tests/fixtures/erlang_a_reference.csv"), "r");
	char line[2048];
	int checked = 0;
	double worst = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fgets(line, sizeof(line), f));
	while (fgets(line, sizeof(line), f)) {
		/* source_file,calls,period_s,aht_s,mean_patience_s,agents,offered_erlangs,
		 * sl_target_s,pub_abandon_pct,pub_sl_pct_erlangC,pub_occupancy_pct_erlangC,
		 * pub_asa_s_erlangC,pub_answered_immediately_pct_erlangC,calc_erlangA_p_abandon,
		 * calc_erlangA_p_wait,calc_erlangA_mean_wait_all_s,calc_erlangA_occupancy */
		char *fld[20] = { 0 };
		CU_ASSERT_EQUAL_FATAL(split(line, fld, 20), 17);
		double a = atof(fld[1]) * atof(fld[3]) / atof(fld[2]);
		struct erlang_queue q = queue(a, atof(fld[3]), atof(fld[4]), atof(fld[7]));
		struct erlang_perf p;
		erlang_eval(&q, atoi(fld[5]), &p);
		double d = fabs(100 * p.p_abandon - atof(fld[8]));
		worst = d > worst ? d : worst;
		CU_ASSERT(d <= 0.01);
		/* the data set's own chain computation, to its printed digits */
		CU_ASSERT_DOUBLE_EQUAL(p.p_abandon, atof(fld[13]), 1e-6);
		CU_ASSERT_DOUBLE_EQUAL(p.p_wait, atof(fld[14]), 1e-6);
		CU_ASSERT_DOUBLE_EQUAL(p.p_abandon * q.patience, atof(fld[15]), 1e-3);
		CU_ASSERT_DOUBLE_EQUAL(p.occupancy, atof(fld[16]), 1e-6);
		checked++;
	}
	fclose(f);
	CU_ASSERT_EQUAL(checked, 30);
	printf(" [max |difference| %.4f pp] ", worst);
}

/* Against the oracle, where T is summed as a series (N > A), by the
 * continued fraction (N < A, long patience), and across the two. */
static void test_erlang_a_matches_birth_death_oracle(void)
{
	static const struct { int n; double a, h, p, t; } c[] = {
		{ 58, 57.1111, 257, 60, 20 }, { 12, 10, 180, 60, 20 }, { 3, 1, 100, 1000, 10 },
		{ 20, 10, 300, 600, 30 }, { 8, 10, 180, 300, 60 },   /* CF, and series below t */
		{ 5, 10, 180, 300, 20 }, { 1, 4, 300, 900, 60 },     /* CF at both points */
		{ 40, 50, 120, 45, 0 }, { 2, 0.3, 600, 5, 120 }, { 30, 25, 60, 3600, 15 },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct erlang_queue q = queue(c[i].a, c[i].h, c[i].p, c[i].t);
		struct erlang_perf p, o;
		erlang_eval(&q, c[i].n, &p);
		oracle(c[i].n, c[i].a, c[i].h, c[i].p, c[i].t, &o);
		CU_ASSERT_DOUBLE_EQUAL(p.p_wait, o.p_wait, 1e-12);
		CU_ASSERT_DOUBLE_EQUAL(p.p_abandon, o.p_abandon, 1e-12);
		CU_ASSERT_DOUBLE_EQUAL(p.occupancy, o.occupancy, 1e-12);
		CU_ASSERT_DOUBLE_EQUAL(p.sl, o.sl, 1e-10);
		CU_ASSERT_DOUBLE_EQUAL(p.asa, o.asa, 1e-9 * (1 + o.asa));
		if (fabs(p.sl - o.sl) > 1e-10 || fabs(p.asa - o.asa) > 1e-9 * (1 + o.asa) ||
		    fabs(p.p_abandon - o.p_abandon) > 1e-12)
			printf("\ncase %zu: sl %.15g/%.15g asa %.15g/%.15g ab %.15g/%.15g", i, p.sl, o.sl,
			       p.asa, o.asa, p.p_abandon, o.p_abandon);
	}
}

/* Patience far beyond the waits: Erlang A becomes Erlang C. */
static void test_erlang_a_tends_to_erlang_c(void)
{
	struct erlang_queue c = queue(10, 180, 0, 20), a = c;
	struct erlang_perf pc, pa;
	struct erlang_result rc, ra;
	double prev = 1;

	for (int n = 11; n <= 20; n++) {
		erlang_eval(&c, n, &pc);
		a.patience = 1e9;
		erlang_eval(&a, n, &pa);
		CU_ASSERT_DOUBLE_EQUAL(pa.p_wait, pc.p_wait, 1e-6);
		CU_ASSERT_DOUBLE_EQUAL(pa.sl, pc.sl, 1e-6);
		CU_ASSERT_DOUBLE_EQUAL(pa.asa, pc.asa, 1e-4 * pc.asa);
		CU_ASSERT(pa.p_abandon < 1e-6);
		/* and the gap closes as the patience grows */
		a.patience = 1e4;
		erlang_eval(&a, n, &pa);
		double gap = fabs(pa.sl - pc.sl);
		a.patience = 1e6;
		erlang_eval(&a, n, &pa);
		CU_ASSERT(fabs(pa.sl - pc.sl) <= gap);
		CU_ASSERT(pa.p_abandon < prev);
		prev = pa.p_abandon;
	}
	a.patience = 1e9;
	CU_ASSERT_EQUAL(erlang_staff(&c, &t_80_085, &rc), SP_OK);
	CU_ASSERT_EQUAL(erlang_staff(&a, &t_80_085, &ra), SP_OK);
	CU_ASSERT_EQUAL(ra.agents, rc.agents);
}

/* Every probability in [0, 1] and monotone in N, from N far below A to far
 * above, short and long patience, with and without an answer-time target. */
static void check_monotone(double a, double h, double p, double t, int from, int to)
{
	struct erlang_queue q = queue(a, h, p, t);
	struct erlang_perf prev, cur;
	int bad = 0;

	erlang_eval(&q, from, &prev);
	for (int n = from + 1; n <= to; n++) {
		erlang_eval(&q, n, &cur);
		bad += !(cur.p_wait >= 0 && cur.p_wait <= 1 && cur.sl >= 0 && cur.sl <= 1 &&
			 cur.p_abandon >= 0 && cur.p_abandon <= cur.p_wait &&
			 cur.occupancy >= 0 && cur.occupancy <= 1 && isfinite(cur.asa) && cur.asa >= 0);
		bad += !(cur.sl >= prev.sl - 1e-12 && cur.p_abandon <= prev.p_abandon + 1e-15 &&
			 cur.p_wait <= prev.p_wait + 1e-15 && cur.occupancy <= prev.occupancy + 1e-15);
		if (bad) {
			printf("\nA %g p %g t %g: not monotone or out of range at N = %d "
			       "(sl %.17g after %.17g, ab %.17g after %.17g)", a, p, t, n, cur.sl, prev.sl,
			       cur.p_abandon, prev.p_abandon);
			break;
		}
		prev = cur;
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_erlang_a_consistent_and_monotone(void)
{
	check_monotone(57.1111, 257, 60, 20, 1, 120);
	check_monotone(10, 180, 3600, 60, 1, 40);
	check_monotone(10, 180, 5, 60, 1, 40);
	check_monotone(0.2, 300, 120, 0, 1, 10);
	check_monotone(500, 30, 600, 20, 300, 700);
	check_monotone(100, 0.5, 86400, 20, 60, 160);   /* patience 170 000 handle times */
}

/* Large N and A: finite, consistent with the oracle, on both sides of A. */
static void test_erlang_a_large_traffic_exact(void)
{
	struct erlang_queue q = queue(5000, 300, 180, 20);
	struct erlang_perf p, o;

	for (int n = 4900; n <= 5150; n += 50) {
		erlang_eval(&q, n, &p);
		oracle(n, 5000, 300, 180, 20, &o);
		CU_ASSERT(isfinite(p.sl) && isfinite(p.asa) && isfinite(p.p_abandon));
		CU_ASSERT_DOUBLE_EQUAL(p.p_wait, o.p_wait, 1e-10);
		CU_ASSERT_DOUBLE_EQUAL(p.p_abandon, o.p_abandon, 1e-12);
		CU_ASSERT_DOUBLE_EQUAL(p.sl, o.sl, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(p.asa, o.asa, 1e-8 * (1 + o.asa));
		CU_ASSERT_DOUBLE_EQUAL(p.occupancy, o.occupancy, 1e-10);
	}
	check_monotone(5000, 300, 180, 20, 4800, 5200);
	/* ten thousand Erlangs, patience a day: the search ends and one agent
	 * fewer misses a target */
	struct erlang_queue big = queue(ERLANG_MAX_TRAFFIC, 300, 86400, 20);
	struct erlang_target t = { 0.9, 0.95, 0.01 };
	struct erlang_result r;
	CU_ASSERT_EQUAL_FATAL(erlang_staff(&big, &t, &r), SP_OK);
	CU_ASSERT(r.agents > 10000 && r.agents < 10600);
	erlang_eval(&big, r.agents - 1, &p);
	CU_ASSERT(p.sl < 0.9 || p.p_abandon > 0.01 || p.occupancy > 0.95);
}

/* Without a limit on abandonment the answer can lie below A: N > A is not
 * required under Erlang A; a tight abandon limit raises N*. */
static void test_erlang_a_staffing_targets(void)
{
	struct erlang_queue q = queue(57.1111, 257, 60, 20);
	struct erlang_target loose = { 0.8, 1.0, 1.0 }, tight = { 0.8, 1.0, 0.01 };
	struct erlang_result r;

	CU_ASSERT_EQUAL(erlang_staff(&q, &loose, &r), SP_OK);
	CU_ASSERT(r.agents <= 58);
	CU_ASSERT(r.perf.sl >= 0.8);
	CU_ASSERT_EQUAL(erlang_staff(&q, &tight, &r), SP_OK);
	/* published: 67 agents abandon 1.23 %, 68 agents 0.97 % */
	CU_ASSERT_EQUAL(r.agents, 68);
	CU_ASSERT(r.perf.p_abandon <= 0.01);
}

/* The search refuses what it cannot finish instead of looping. */
static void test_erlang_search_refuses_out_of_domain(void)
{
	struct erlang_queue q = queue(1e30, 300, 0, 20);
	struct erlang_target t = t_80_085;
	struct erlang_result r;

	CU_ASSERT_EQUAL(erlang_staff(&q, &t, &r), SP_ERR_INPUT);
	q.traffic = NAN;
	CU_ASSERT_EQUAL(erlang_staff(&q, &t, &r), SP_ERR_INPUT);
	q.traffic = ERLANG_MAX_TRAFFIC * 1.0001;
	CU_ASSERT_EQUAL(erlang_staff(&q, &t, &r), SP_ERR_INPUT);
	q.traffic = 100;
	t.max_occupancy = 1e-9;   /* would need 1e11 agents */
	CU_ASSERT_EQUAL(erlang_staff(&q, &t, &r), SP_ERR_INPUT);
	t = t_80_085;
	t.service_level = 1;
	CU_ASSERT_EQUAL(erlang_staff(&q, &t, &r), SP_ERR_INPUT);
	t = t_80_085;
	q.aht = 0;
	CU_ASSERT_EQUAL(erlang_staff(&q, &t, &r), SP_ERR_INPUT);
	/* the largest traffic accepted, with the smallest occupancy limit */
	q = queue(ERLANG_MAX_TRAFFIC, 300, 0, 20);
	t.max_occupancy = 0.05;
	CU_ASSERT_EQUAL(erlang_staff(&q, &t, &r), SP_OK);
	CU_ASSERT_EQUAL(r.agents, 200000);
}

TEST_SUITE(erlang)
{
	CU_pSuite s = CU_add_suite("erlang", NULL, NULL);
	CU_add_test(s, "Erlang C: textbook 10 Erlangs: 14 agents, SL 0.8884, ASA 7.84 s",
		    test_erlang_c_textbook_10_erlangs);
	CU_add_test(s, "Erlang C: published process rows for N = 11..13", test_erlang_c_process_rows);
	CU_add_test(s, "Erlang B: gamma form equals the recursion", test_erlang_b_gamma_matches_recursion);
	CU_add_test(s, "Erlang C: reference table rows", test_erlang_c_reference_table);
	CU_add_test(s, "Erlang C: 10 000 Erlangs stay exact", test_erlang_c_large_traffic);
	CU_add_test(s, "Erlang C: zero traffic and occupancy cap",
		    test_erlang_c_zero_traffic_and_occupancy_cap);
	CU_add_test(s, "search gives the scan's N* (Erlang C and A)", test_erlang_search_matches_scan);
	CU_add_test(s, "Erlang A: 30 published abandon rates within 0.01 pp",
		    test_erlang_a_published_abandon_rates);
	CU_add_test(s, "Erlang A: birth-death oracle (series, fraction, mixed)",
		    test_erlang_a_matches_birth_death_oracle);
	CU_add_test(s, "Erlang A tends to Erlang C as patience grows", test_erlang_a_tends_to_erlang_c);
	CU_add_test(s, "Erlang A: probabilities in [0, 1], monotone in N",
		    test_erlang_a_consistent_and_monotone);
	CU_add_test(s, "Erlang A: 5 000 and 10 000 Erlangs exact", test_erlang_a_large_traffic_exact);
	CU_add_test(s, "Erlang A: N* below A, abandon limit", test_erlang_a_staffing_targets);
	CU_add_test(s, "search refuses out-of-domain input", test_erlang_search_refuses_out_of_domain);
}
