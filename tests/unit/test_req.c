/* test_erlang.c - Erlang C against published values and large traffic */
#include "tests.h"
#include "staffplan/req.h"

#include <math.h>
#include <string.h>

static const struct sp_service svc_80_20 = { 180, 0.8, 20, 0.85, 0.3, 0, 1 };

/* callcentrehelper / CRAN ErlangC: 100 calls per 30 min, AHT 180 s, 80/20 */
static void test_erlang_textbook_10_erlangs(void)
{
	struct erlang_result r;
	erlang_staff(10.0, 180, &svc_80_20, &r);
	CU_ASSERT_EQUAL(r.agents, 14);
	CU_ASSERT_DOUBLE_EQUAL(r.sl, 0.88835, 5e-5);
	CU_ASSERT_DOUBLE_EQUAL(r.asa, 7.8359, 5e-4);
	CU_ASSERT_DOUBLE_EQUAL(erlang_c(14, 10.0), 0.1741319, 1e-6);
}

static void test_erlang_process_rows(void)
{
	CU_ASSERT_DOUBLE_EQUAL(erlang_c(11, 10.0), 0.6821182, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(erlang_sl(11, 10.0, 180, 20), 0.3896138, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(erlang_sl(13, 10.0, 180, 20), 0.795595, 1e-5);
	CU_ASSERT_EQUAL(erlang_c(10, 10.0), 1.0);
	CU_ASSERT_EQUAL(erlang_sl(9, 10.0, 180, 20), 0.0);
}

/* Every row of the shared reference table with a staffing answer. */
static void test_erlang_reference_table(void)
{
	FILE *f = fopen(test_path("tests/fixtures/erlang_c_reference.csv"), "r");
	char line[2048];
	int checked = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fgets(line, sizeof(line), f);
	while (fgets(line, sizeof(line), f)) {
		/* id,calls,interval_s,aht_s,target_sl,target_answer_s,max_occupancy,
		 * shrinkage,agents_given,traffic,agents,p_wait,service_level,asa_s,... */
		char *fld[20] = { 0 };
		int n = 0;
		for (char *p = line; n < 20 && p;) {
			fld[n++] = p;
			p = strchr(p, ',');
			if (p)
				*p++ = '\0';
		}
		double calls = atof(fld[1]), iv = atof(fld[2]), aht = atof(fld[3]);
		double a = calls * aht / iv;
		CU_ASSERT_DOUBLE_EQUAL(a, atof(fld[9]), 1e-3);
		if (*fld[8]) {
			int nn = atoi(fld[8]);
			CU_ASSERT_DOUBLE_EQUAL(erlang_c(nn, a), atof(fld[11]), 1e-5);
			if (*fld[12])
				CU_ASSERT_DOUBLE_EQUAL(erlang_sl(nn, a, aht, atof(fld[5])), atof(fld[12]), 1e-5);
			CU_ASSERT_DOUBLE_EQUAL(erlang_c(nn, a) * aht / (nn - a), atof(fld[13]), 1e-3);
		} else {
			struct sp_service s = { aht, atof(fld[4]), atof(fld[5]),
						*fld[6] ? atof(fld[6]) : 1.0, 0, 0, 1 };
			struct erlang_result r;
			erlang_staff(a, aht, &s, &r);
			CU_ASSERT_EQUAL(r.agents, atoi(fld[10]));
			CU_ASSERT_DOUBLE_EQUAL(r.sl, atof(fld[12]), 1e-5);
			CU_ASSERT_DOUBLE_EQUAL(r.asa, atof(fld[13]), 1e-3 * (1 + atof(fld[13])));
		}
		checked++;
	}
	fclose(f);
	CU_ASSERT(checked >= 4);
}

/* Large traffic: the recursion stays finite and monotone where factorials overflow. */
static void test_erlang_large_traffic(void)
{
	struct sp_service s = { 300, 0.8, 20, 1.0, 0, 0, 1 };
	struct erlang_result r;

	erlang_staff(10000.0, 300, &s, &r);
	CU_ASSERT(r.agents > 10000 && r.agents < 10200);
	CU_ASSERT(r.sl >= 0.8 && r.sl < 1.0);
	CU_ASSERT(isfinite(r.asa));
	/* one agent fewer misses the target */
	CU_ASSERT(erlang_sl(r.agents - 1, 10000.0, 300, 20) < 0.8);
	double c1 = erlang_c(10050, 10000.0), c2 = erlang_c(10100, 10000.0);
	CU_ASSERT(c1 > c2 && c2 > 0 && c1 < 1);
}

static void test_erlang_zero_traffic_and_occupancy_cap(void)
{
	struct erlang_result r;
	erlang_staff(0, 180, &svc_80_20, &r);
	CU_ASSERT_EQUAL(r.agents, 0);
	/* occupancy 0.85 binds at high traffic: N >= A / 0.85 */
	erlang_staff(1000.0, 180, &svc_80_20, &r);
	CU_ASSERT(r.agents >= (int)ceil(1000.0 / 0.85));
	CU_ASSERT(1000.0 / r.agents <= 0.85);
}

TEST_SUITE(req)
{
	CU_pSuite s = CU_add_suite("req", NULL, NULL);
	CU_add_test(s, "textbook 10 Erlangs: 14 agents, SL 0.8884, ASA 7.84 s", test_erlang_textbook_10_erlangs);
	CU_add_test(s, "published process rows for N = 11..13", test_erlang_process_rows);
	CU_add_test(s, "reference table rows", test_erlang_reference_table);
	CU_add_test(s, "10 000 Erlangs stay exact", test_erlang_large_traffic);
	CU_add_test(s, "zero traffic and occupancy cap", test_erlang_zero_traffic_and_occupancy_cap);
}
