/* test_run.c - struct sp_run and its files: roster.csv, coverage.csv, kpis.json
 *
 * A run built by hand (two agents, one with a break and a name that needs
 * quoting) written out and compared byte for byte with SPEC 5.2-5.4; the
 * KPIs read back from their JSON; and the ways writing can fail.
 */
#include "tests.h"

#include "staffplan/fileio.h"
#include "staffplan/run.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static time_t utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi };
	return timegm(&tm);
}

static const char *path_in(const char *dir, const char *file)
{
	static char buf[2][4200];
	static int next;
	char *b = buf[next++ % 2];

	snprintf(b, sizeof(buf[0]), "%s/%s", dir, file);
	return b;
}

/* Singapore (+08:00), 30 Nov 2026: Wang works 09:00-18:00 with a break at
 * 13:00, "O'Brien, Noah" 20:00-00:00 without one. */
static void fx_run(struct sp_run *run)
{
	struct sp_run_shift *s;
	struct sp_run_cell *c;

	sp_run_init(run);
	snprintf(run->site_tz, sizeof(run->site_tz), "Asia/Singapore");
	run->horizon_start = utc(2026, 11, 29, 16, 0);
	run->ndays = 1;
	run->interval_minutes = 60;
	sp_run_add_agent(run, "w1", "王丽", "", "wang@example.com");
	sp_run_add_agent(run, "n2", "O'Brien, \"Noah\"", "Europe/Dublin", "");
	s = sp_run_add_shift(run, "w1", "王丽", "", "wang@example.com");
	snprintf(s->date, sizeof(s->date), "2026-11-30");
	s->start = utc(2026, 11, 30, 1, 0);
	s->end = utc(2026, 11, 30, 10, 0);
	s->brk_start = utc(2026, 11, 30, 5, 0);
	s->brk_end = utc(2026, 11, 30, 6, 0);
	s->paid_minutes = 480;
	free(s->queues);
	free(s->langs);
	s->queues = sp_xstrdup("chat;email");
	s->langs = sp_xstrdup("zh;en");
	s = sp_run_add_shift(run, "n2", "O'Brien, \"Noah\"", "Europe/Dublin", "");
	snprintf(s->date, sizeof(s->date), "2026-11-30");
	s->start = utc(2026, 11, 30, 12, 0);
	s->end = utc(2026, 11, 30, 16, 0);
	s->paid_minutes = 240;
	free(s->queues);
	s->queues = sp_xstrdup("chat");
	run->cells = sp_xcalloc(2, sizeof(*run->cells));
	run->ncells = 2;
	c = &run->cells[0];
	c->start = utc(2026, 11, 30, 1, 0);
	snprintf(c->queue, sizeof(c->queue), "chat");
	snprintf(c->lang, sizeof(c->lang), "zh");
	c->required = 2.5;
	c->staffed = 2;
	c->understaffed = 0.5;
	c->service_level = 0.8125;
	c = &run->cells[1];
	c->start = utc(2026, 11, 30, 2, 0);
	snprintf(c->queue, sizeof(c->queue), "voice, premium"); /* needs quoting */
	snprintf(c->lang, sizeof(c->lang), "en");
	c->required = 1;
	c->staffed = 1;
	c->service_level = 1;
}

static void test_run_roster_csv_exact(void)
{
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;
	const char *path = path_in(test_tmpdir(), "roster.csv");
	char *got;

	fx_run(&run);
	CU_ASSERT_EQUAL_FATAL(sp_run_write_roster_csv(&run, NULL, path, &err), SP_OK);
	got = test_slurp(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_STRING_EQUAL(got,
		"agent_id,agent_name,date,start,end,paid_hours,break_start,break_end,queues,languages\n"
		"w1,王丽,2026-11-30,2026-11-30T09:00+08:00,2026-11-30T18:00+08:00,8,"
		"2026-11-30T13:00+08:00,2026-11-30T14:00+08:00,chat;email,zh;en\n"
		"n2,\"O'Brien, \"\"Noah\"\"\",2026-11-30,2026-11-30T20:00+08:00,2026-12-01T00:00+08:00,4,,,"
		"chat,\n");
	free(got);
	sp_run_release(&run);
}

static void test_run_coverage_csv_exact(void)
{
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;
	const char *path = path_in(test_tmpdir(), "coverage.csv");
	char *got;

	fx_run(&run);
	CU_ASSERT_EQUAL_FATAL(sp_run_write_coverage_csv(&run, NULL, path, &err), SP_OK);
	got = test_slurp(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_STRING_EQUAL(got,
		"start,queue,language,required,staffed,understaffed,service_level\n"
		"2026-11-30T09:00+08:00,chat,zh,2.500000000,2.000000000,0.500000000,0.812500\n"
		"2026-11-30T10:00+08:00,\"voice, premium\",en,1.000000000,1.000000000,0.000000000,1.000000\n");
	free(got);
	sp_run_release(&run);
}

static void test_run_kpis_json_exact(void)
{
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;
	const char *path = path_in(test_tmpdir(), "kpis.json");
	char *got;

	fx_run(&run);
	run.kpis = (struct sp_run_kpis){
		.objective = 1584.5, .cost = 1500, .paid_hours = 12, .understaffing_agent_hours = 0.5,
		.coverage = 0.5, .service_level = 0.875, .lower_bound = 1500, .gap = NAN,
		.preferred_off_hours = 0, .changes = 3, .agents_scheduled = 2, .agents_total = 2,
		.solve_seconds = 0.25, .status = "time_limit", .abandon_rate = NAN,
		.fairness = { 4, 8, 2, 0, 1, 0, 0 },
	};
	CU_ASSERT_EQUAL_FATAL(sp_run_write_kpis_json(&run, NULL, path, &err), SP_OK);
	got = test_slurp(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_STRING_EQUAL(got,
		"{\n"
		"  \"objective\": 1584.5,\n"
		"  \"cost\": 1500.0,\n"
		"  \"paid_hours\": 12.0,\n"
		"  \"understaffing_agent_hours\": 0.5,\n"
		"  \"coverage\": 0.5,\n"
		"  \"service_level\": 0.875,\n"
		"  \"lower_bound\": 1500.0,\n"
		"  \"gap\": null,\n"
		"  \"agents_scheduled\": 2,\n"
		"  \"agents_total\": 2,\n"
		"  \"solve_seconds\": 0.25,\n"
		"  \"status\": \"time_limit\",\n"
		"  \"fairness\": {\n"
		"    \"hours_min\": 4.0,\n"
		"    \"hours_max\": 8.0,\n"
		"    \"hours_stddev\": 2.0,\n"
		"    \"nights_min\": 0,\n"
		"    \"nights_max\": 1,\n"
		"    \"weekends_min\": 0,\n"
		"    \"weekends_max\": 0\n"
		"  },\n"
		"  \"preferred_off_hours\": 0.0,\n"
		"  \"changes\": 3,\n"
		"  \"abandon_rate\": null,\n"
		"  \"seed\": 0,\n"
		"  \"previous_run\": null\n"
		"}\n");
	free(got);
	sp_run_release(&run);
}

static void test_run_kpis_json_round_trip(void)
{
	struct sp_run_kpis k = {
		.objective = 1.0 / 3, .cost = 12345.678, .paid_hours = 80, .understaffing_agent_hours = 2.25,
		.coverage = 0.9875, .service_level = 0.8, .lower_bound = NAN, .gap = INFINITY,
		.preferred_off_hours = 1.5, .changes = 7, .agents_scheduled = 6, .agents_total = 8,
		.solve_seconds = 3.5, .status = "optimal", .abandon_rate = 0.0425,
		.fairness = { 0, 12, 6, 1, 2, 0, 3 },
		.seed = 9007199254740993ULL, .work_limit = 3e7, .work_done = 2.9e7, .time_cut = 1,
	}, back;
	struct sp_err err = SP_ERR_INIT;
	char *json = sp_run_kpis_to_json(&k);

	CU_ASSERT_EQUAL_FATAL(sp_run_kpis_from_json(&back, json, &err), SP_OK);
	CU_ASSERT_DOUBLE_EQUAL(back.objective, k.objective, 1e-9); /* 10 significant digits */
	CU_ASSERT_DOUBLE_EQUAL(back.cost, k.cost, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(back.paid_hours, 80, 0);
	CU_ASSERT_DOUBLE_EQUAL(back.understaffing_agent_hours, 2.25, 0);
	CU_ASSERT_DOUBLE_EQUAL(back.coverage, 0.9875, 0);
	CU_ASSERT_DOUBLE_EQUAL(back.service_level, 0.8, 0);
	CU_ASSERT_TRUE(isnan(back.lower_bound)); /* not finite: null, read back as NaN */
	CU_ASSERT_TRUE(isnan(back.gap));
	CU_ASSERT_DOUBLE_EQUAL(back.preferred_off_hours, 1.5, 0);
	CU_ASSERT_EQUAL(back.changes, 7);
	CU_ASSERT_DOUBLE_EQUAL(back.abandon_rate, 0.0425, 0);
	CU_ASSERT_EQUAL(back.agents_scheduled, 6);
	CU_ASSERT_EQUAL(back.agents_total, 8);
	CU_ASSERT_DOUBLE_EQUAL(back.solve_seconds, 3.5, 0);
	CU_ASSERT_STRING_EQUAL(back.status, "optimal");
	CU_ASSERT_EQUAL(memcmp(&back.fairness, &k.fairness, sizeof(k.fairness)), 0);
	/* what repeats the run: the seed exactly (a JSON integer, not a double) */
	CU_ASSERT_EQUAL(back.seed, 9007199254740993ULL);
	CU_ASSERT_DOUBLE_EQUAL(back.work_limit, 3e7, 0);
	CU_ASSERT_DOUBLE_EQUAL(back.work_done, 2.9e7, 0);
	CU_ASSERT_EQUAL(back.time_cut, 1);
	free(json);
	/* a text without some keys: missing numbers are NaN, counts 0 */
	CU_ASSERT_EQUAL(sp_run_kpis_from_json(&back, "{\"cost\": 5, \"status\": \"feasible\"}", &err), SP_OK);
	CU_ASSERT_DOUBLE_EQUAL(back.cost, 5, 0);
	CU_ASSERT_TRUE(isnan(back.objective));
	CU_ASSERT_TRUE(isnan(back.abandon_rate)); /* a run from before Erlang A */
	CU_ASSERT_EQUAL(back.agents_total, 0);
	CU_ASSERT_STRING_EQUAL(back.status, "feasible");
	CU_ASSERT_EQUAL(back.seed, 0);           /* a run from before --seed */
	CU_ASSERT_EQUAL(back.work_limit, 0);     /* no work limit: the wall clock ruled */
	CU_ASSERT_EQUAL(back.time_cut, 0);
}

static void test_run_kpis_json_rejects_bad_text(void)
{
	struct sp_run_kpis k;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL(sp_run_kpis_from_json(&k, "{\"cost\": ", &err), SP_ERR_DB);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not valid JSON"));
	CU_ASSERT_EQUAL(sp_run_kpis_from_json(&k, "[1, 2]", &err), SP_ERR_DB);
	CU_ASSERT_DOUBLE_EQUAL(k.cost, 0, 0); /* cleared, not half-filled */
}

/* Nothing is written where it cannot be, and a bad zone is an input error
 * before any file is touched. */
static void test_run_write_failures(void)
{
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;
	const char *dir = test_tmpdir();
	FILE *ro;

	fx_run(&run);
	CU_ASSERT_EQUAL_FATAL(mkdir(path_in(dir, "taken"), 0700), 0);
	CU_ASSERT_EQUAL(sp_run_write_roster_csv(&run, NULL, path_in(dir, "none/roster.csv"), &err), SP_ERR_IO);
	CU_ASSERT_EQUAL(sp_run_write_coverage_csv(&run, NULL, path_in(dir, "taken"), &err), SP_ERR_IO);
	CU_ASSERT_EQUAL(sp_run_write_kpis_json(&run, NULL, path_in(dir, "none/kpis.json"), &err), SP_ERR_IO);
	CU_ASSERT_EQUAL(test_count_entries(dir), 1); /* just "taken", no temporary file */
	snprintf(run.site_tz, sizeof(run.site_tz), "Mars/Olympus");
	CU_ASSERT_EQUAL(sp_run_write_roster_csv(&run, NULL, path_in(dir, "roster.csv"), &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "Mars/Olympus"));
	CU_ASSERT_EQUAL(sp_run_write_coverage_csv(&run, NULL, path_in(dir, "coverage.csv"), &err), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(test_count_entries(dir), 1);
	/* a stream that refuses writes */
	snprintf(run.site_tz, sizeof(run.site_tz), "UTC");
	ro = fopen("/dev/null", "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ro);
	CU_ASSERT_EQUAL(sp_run_print_roster(&run, ro, &err), SP_ERR_IO);
	fclose(ro);
	sp_run_release(&run);
}

static void test_run_lifecycle(void)
{
	struct sp_run run;
	char id[16];

	sp_run_init(&run);
	CU_ASSERT_STRING_EQUAL(run.scenario, "base");
	CU_ASSERT_STRING_EQUAL(run.kpis.status, "feasible");
	CU_ASSERT_EQUAL(run.night_start, 22 * 60);
	CU_ASSERT_EQUAL(run.night_end, 6 * 60);
	for (int i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "a%d", i);
		struct sp_run_shift *s = sp_run_add_shift(&run, id, "N", "UTC", "e");
		sp_run_add_agent(&run, id, NULL, NULL, NULL);
		CU_ASSERT_PTR_NOT_EQUAL(s->agent_id, (char *)id); /* copied */
		CU_ASSERT_STRING_EQUAL(s->queues, "");
	}
	CU_ASSERT_EQUAL(run.nshifts, 1000);
	CU_ASSERT_STRING_EQUAL(run.shifts[999].agent_id, "a999");
	CU_ASSERT_STRING_EQUAL(run.agents[0].id, "a0");
	CU_ASSERT_STRING_EQUAL(run.agents[0].name, ""); /* NULL strings become "" */
	sp_run_release(&run);
	CU_ASSERT_EQUAL(run.nshifts, 0);
	CU_ASSERT_PTR_NULL(run.shifts);
	CU_ASSERT_STRING_EQUAL(run.scenario, "base"); /* ready for reuse */
	sp_run_release(&run);
}

TEST_SUITE(run)
{
	CU_pSuite s = CU_add_suite("run", NULL, NULL);

	CU_add_test(s, "roster.csv exact", test_run_roster_csv_exact);
	CU_add_test(s, "coverage.csv exact", test_run_coverage_csv_exact);
	CU_add_test(s, "kpis.json exact", test_run_kpis_json_exact);
	CU_add_test(s, "kpis JSON round trip", test_run_kpis_json_round_trip);
	CU_add_test(s, "kpis JSON: bad text refused", test_run_kpis_json_rejects_bad_text);
	CU_add_test(s, "write failures", test_run_write_failures);
	CU_add_test(s, "init, add, release", test_run_lifecycle);
}
