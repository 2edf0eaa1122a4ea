/* test_store_forecast.c - stored forecasts: round trip, lookup by digest,
 * a failed store leaves nothing, and a version-3 database migrates */
#include "staffplan/digest.h"
#include "staffplan/store.h"
#include "tests.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *path_of(const char *name)
{
	static char p[4096];
	snprintf(p, sizeof(p), "%s/%s", test_tmpdir(), name);
	return p;
}

static void fill(struct sp_fc_stored *f, const char *content)
{
	static struct sp_fc_stored_series s[2];

	memset(f, 0, sizeof(*f));
	f->history_name = (char *)"history.csv";
	snprintf(f->history_sha256, sizeof(f->history_sha256), "%064d", 7);
	sp_sha256_hex(content, strlen(content), f->forecast_sha256);
	snprintf(f->start, sizeof(f->start), "2027-03-22");
	f->weeks = 1;
	f->method = (char *)"auto";
	snprintf(f->site_tz, sizeof(f->site_tz), "Europe/London");
	f->interval_minutes = 60;
	f->content = (char *)content;
	f->accuracy = (char *)"queue,language\n";
	s[0] = (struct sp_fc_stored_series){ (char *)"chat", (char *)"en", (char *)"month-profile",
					     0.12, 0.05, 0.03, -0.01, 300, NAN };
	s[1] = (struct sp_fc_stored_series){ (char *)"chat", (char *)"zh", (char *)"week-average",
					     NAN, NAN, NAN, NAN, NAN, 95 };
	f->series = s;
	f->nseries = 2;
}

static void test_forecast_round_trip(void)
{
	struct sp_db *db = NULL;
	struct sp_err err = SP_ERR_INIT;
	struct sp_fc_stored f, g;
	const char *text = "start,queue,language,volume\n2027-03-22T09:00+00:00,chat,en,3.00\n";
	char sha[65];

	CU_ASSERT_EQUAL_FATAL(db_open(path_of("fc.db"), 0, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_schema_version(db), 6); /* 5 the previous roster, 6 feeds */
	fill(&f, text);
	CU_ASSERT_EQUAL(db_put_forecast(db, &f, &err), SP_OK);
	CU_ASSERT_EQUAL(f.id, 1);
	CU_ASSERT_EQUAL(db_put_forecast(db, &f, &err), SP_OK);
	CU_ASSERT_EQUAL(f.id, 2);
	sp_sha256_hex(text, strlen(text), sha);
	CU_ASSERT_EQUAL_FATAL(db_find_forecast(db, sha, &g, &err), SP_OK);
	CU_ASSERT_EQUAL(g.id, 2); /* the latest with that text */
	CU_ASSERT_STRING_EQUAL(g.history_name, "history.csv");
	CU_ASSERT_STRING_EQUAL(g.method, "auto");
	CU_ASSERT_STRING_EQUAL(g.start, "2027-03-22");
	CU_ASSERT_EQUAL(g.interval_minutes, 60);
	CU_ASSERT_PTR_NULL(g.content);
	CU_ASSERT_EQUAL_FATAL(g.nseries, 2);
	CU_ASSERT_STRING_EQUAL(g.series[0].method, "month-profile");
	CU_ASSERT_DOUBLE_EQUAL(g.series[0].wape_interval, 0.12, 1e-12);
	CU_ASSERT(isnan(g.series[0].patience_seconds));
	CU_ASSERT(isnan(g.series[1].wape_interval));
	CU_ASSERT_DOUBLE_EQUAL(g.series[1].patience_seconds, 95, 1e-12);
	db_forecast_release(&g);
	CU_ASSERT_EQUAL(db_find_forecast(db, "00", &g, &err), SP_OK);
	CU_ASSERT_EQUAL(g.id, 0);
	db_forecast_release(&g);
	db_close(db);
}

static void test_failed_store_leaves_nothing(void)
{
	struct sp_db *db = NULL;
	struct sp_err err = SP_ERR_INIT;
	struct sp_fc_stored f, g;
	struct sp_fc_stored_series dup[2];
	const char *text = "start,queue,language,volume\n";

	CU_ASSERT_EQUAL_FATAL(db_open(path_of("fail.db"), 0, &db, &err), SP_OK);
	fill(&f, text);
	/* the same series twice breaks the primary key half way */
	dup[0] = dup[1] = f.series[0];
	f.series = dup;
	CU_ASSERT_EQUAL(db_put_forecast(db, &f, &err), SP_ERR_DB);
	CU_ASSERT_EQUAL(f.id, 0);
	CU_ASSERT_EQUAL(db_find_forecast(db, f.forecast_sha256, &g, &err), SP_OK);
	CU_ASSERT_EQUAL(g.id, 0);
	db_forecast_release(&g);
	db_close(db);
}

static void test_version_3_database_migrates(void)
{
	const char *path = path_of("v3.db");
	struct sp_db *db = NULL;
	struct sp_err err = SP_ERR_INIT;
	struct sp_fc_stored f;
	sqlite3 *h;

	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	db_close(db);
	/* back to what version 3 had */
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &h), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(h, "DROP TABLE forecast_series; DROP TABLE forecasts;"
				     "ALTER TABLE runs DROP COLUMN previous_run;"
				     "ALTER TABLE runs DROP COLUMN previous_source;"
				     "PRAGMA user_version = 3;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	CU_ASSERT_EQUAL_FATAL(db_open(path, 1, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_schema_version(db), 6); /* 5 the previous roster, 6 feeds */
	fill(&f, "x");
	CU_ASSERT_EQUAL(db_put_forecast(db, &f, &err), SP_OK);
	CU_ASSERT_EQUAL(f.id, 1);
	db_close(db);
}

TEST_SUITE(store_forecast)
{
	CU_pSuite s = CU_add_suite("store_forecast", NULL, NULL);

	CU_add_test(s, "forecast round trip", test_forecast_round_trip);
	CU_add_test(s, "failed store leaves nothing", test_failed_store_leaves_nothing);
	CU_add_test(s, "version 3 database migrates", test_version_3_database_migrates);
}
