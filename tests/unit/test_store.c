/* test_store.c - the SQLite store: schema versions, inputs, transactions, runs
 *
 * Every test works on its own database file under test_tmpdir().  SQLite is
 * used directly only to craft databases the store must migrate or refuse.
 */
#include "tests.h"

#include "staffplan/cmd.h"
#include "staffplan/fault.h"
#include "staffplan/publish.h"
#include "staffplan/run.h"
#include "staffplan/store.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The schema version db_open creates today (schema_v[] in src/store.c). */
#define SCHEMA_NOW 6

#define ASSERT_MSG(e, s) do { \
	if (!strstr((e).msg, (s))) \
		fprintf(stderr, "\n  message \"%s\" lacks \"%s\"\n", (e).msg, (s)); \
	CU_ASSERT_PTR_NOT_NULL(strstr((e).msg, (s))); } while (0)

/* A new database path in a fresh directory. */
static const char *db_path(const char *name)
{
	static char buf[4][256];
	static int next;
	char *b = buf[next++ % 4];

	snprintf(b, sizeof(buf[0]), "%s/%s", test_tmpdir(), name);
	return b;
}

static int file_exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

/* Runs sql on path with plain SQLite (to craft old or foreign databases). */
static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *h = NULL;

	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &h), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

/* Single integer from a query on path, -1 on error. */
static long long raw_int(const char *path, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* Overwrites the second half of the root page of table in the closed
 * database at path with 'A's, as a bad disk or a torn copy would: the
 * page's header still counts its rows, their cells are garbage. */
static void damage_table(const char *path, const char *table)
{
	char sql[256];
	long long root, size;
	FILE *f;

	/* the rows in the main file, not in a -wal beside it */
	raw_exec(path, "PRAGMA wal_checkpoint(TRUNCATE)");
	snprintf(sql, sizeof(sql), "SELECT rootpage FROM sqlite_master WHERE type='table' AND name='%s'", table);
	root = raw_int(path, sql);
	size = raw_int(path, "PRAGMA page_size");
	CU_ASSERT_FATAL(root > 1 && size >= 512);
	f = fopen(path, "r+b");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL_FATAL(fseek(f, (long)((root - 1) * size + size / 2), SEEK_SET), 0);
	for (long long i = 0; i < size / 2; i++)
		fputc('A', f);
	CU_ASSERT_EQUAL(fclose(f), 0);
}

static int has_table(const char *path, const char *table)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='%s'", table);
	return raw_int(path, sql) == 1;
}

/* Expects input (scenario, kind) to hold exactly name/content (NULL: absent). */
static void expect_input(struct sp_db *db, const char *scenario, const char *kind,
			 const char *name, const char *content)
{
	struct sp_err err = SP_ERR_INIT;
	char *n = (char *)1, *c = (char *)1;

	CU_ASSERT_EQUAL(db_get_input(db, scenario, kind, &n, &c, &err), SP_OK);
	if (!name) {
		CU_ASSERT_PTR_NULL(n);
		CU_ASSERT_PTR_NULL(c);
	} else {
		CU_ASSERT_PTR_NOT_NULL_FATAL(n);
		CU_ASSERT_PTR_NOT_NULL_FATAL(c);
		CU_ASSERT_STRING_EQUAL(n, name);
		CU_ASSERT_STRING_EQUAL(c, content);
	}
	if (n != (char *)1)
		free(n);
	if (c != (char *)1)
		free(c);
}

/* ---- schema ------------------------------------------------------------- */

static void test_store_open_creates_current_schema(void)
{
	const char *path = db_path("new.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;

	CU_ASSERT_FALSE(file_exists(path));
	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL(db_schema_version(db), SCHEMA_NOW);
	db_close(db);
	CU_ASSERT_TRUE(file_exists(path));
	CU_ASSERT_EQUAL(raw_int(path, "PRAGMA user_version"), SCHEMA_NOW);
	CU_ASSERT_TRUE(has_table(path, "inputs"));
	CU_ASSERT_TRUE(has_table(path, "scenarios"));
	CU_ASSERT_TRUE(has_table(path, "runs"));
	CU_ASSERT_TRUE(has_table(path, "run_shifts"));
	CU_ASSERT_TRUE(has_table(path, "run_cells"));
	CU_ASSERT_TRUE(has_table(path, "run_agents"));
	CU_ASSERT_TRUE(has_table(path, "publications"));
}

static void test_store_must_exist_refuses_missing_file(void)
{
	const char *path = db_path("missing.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = (struct sp_db *)1;

	/* a missing database is a usage error: the message says to run init */
	CU_ASSERT_EQUAL(db_open(path, 1, &db, &err), SP_ERR_USAGE);
	CU_ASSERT_PTR_NULL(db);
	ASSERT_MSG(err, "missing.db");
	ASSERT_MSG(err, "staffplan init");
	CU_ASSERT_FALSE(file_exists(path));
}

static void test_store_reopen_keeps_data(void)
{
	const char *path = db_path("keep.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;

	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_input(db, "base", "forecast", "f.csv", "start,language,volume\n", &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_scenario(db, "ko-up", "base", "scale language=ko 1.3\n", &err), SP_OK);
	db_close(db);

	db = NULL;
	CU_ASSERT_EQUAL_FATAL(db_open(path, 1, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_schema_version(db), SCHEMA_NOW);
	expect_input(db, "base", "forecast", "f.csv", "start,language,volume\n");
	char *base = NULL, *changes = NULL;
	CU_ASSERT_EQUAL(db_get_scenario(db, "ko-up", &base, &changes, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(base ? base : "", "base");
	CU_ASSERT_STRING_EQUAL(changes ? changes : "", "scale language=ko 1.3\n");
	free(base);
	free(changes);
	db_close(db);
}

static void test_store_migrates_version_0_without_tables(void)
{
	const char *path = db_path("v0.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	FILE *f = fopen(path, "w"); /* an empty file is an empty SQLite database */

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fclose(f);
	CU_ASSERT_EQUAL(raw_int(path, "PRAGMA user_version"), 0);
	CU_ASSERT_EQUAL_FATAL(db_open(path, 1, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_schema_version(db), SCHEMA_NOW);
	CU_ASSERT_EQUAL(db_put_input(db, "base", "config", "plan.ini", "[site]\n", &err), SP_OK);
	expect_input(db, "base", "config", "plan.ini", "[site]\n");
	db_close(db);
	CU_ASSERT_EQUAL(raw_int(path, "PRAGMA user_version"), SCHEMA_NOW);
	CU_ASSERT_TRUE(has_table(path, "runs"));

	/* a version-0 file that SQLite itself created (header written) */
	path = db_path("v0b.db");
	raw_exec(path, "PRAGMA user_version = 0; VACUUM;");
	db = NULL;
	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_schema_version(db), SCHEMA_NOW);
	db_close(db);
}

static void test_store_refuses_future_schema(void)
{
	const char *path = db_path("future.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = (struct sp_db *)1;
	char sql[64], want[64];

	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", SCHEMA_NOW + 41);
	raw_exec(path, sql);
	CU_ASSERT_EQUAL(db_open(path, 0, &db, &err), SP_ERR_DB);
	CU_ASSERT_PTR_NULL(db);
	snprintf(want, sizeof(want), "schema version %d", SCHEMA_NOW + 41);
	ASSERT_MSG(err, want);
	ASSERT_MSG(err, "future.db");
	ASSERT_MSG(err, "upgrade");
	/* refused, not touched */
	CU_ASSERT_EQUAL(raw_int(path, "PRAGMA user_version"), SCHEMA_NOW + 41);
	CU_ASSERT_FALSE(has_table(path, "inputs"));
}

static void test_store_refuses_non_database_file(void)
{
	const char *path = db_path("text.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = (struct sp_db *)1;
	FILE *f = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (int i = 0; i < 200; i++)
		fputs("this is not an SQLite database, it is a CSV file\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(db_open(path, 0, &db, &err), SP_ERR_DB);
	CU_ASSERT_PTR_NULL(db);
	ASSERT_MSG(err, "text.db");
}

/* ---- inputs and scenarios ------------------------------------------------- */

static void test_store_input_round_trip(void)
{
	const char *path = db_path("inputs.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	const char *agents = "id,name,languages\n"
			     "a1,\"Lee, Min-jun \"\"MJ\"\"\",ko;en\n"
			     "a2,王芳,zh\r\n"
			     "a3,Zoë Ørsted,en\n";

	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	expect_input(db, "base", "agents", NULL, NULL);
	CU_ASSERT_EQUAL(db_put_input(db, "base", "agents", "équipe/agents.csv", agents, &err), SP_OK);
	expect_input(db, "base", "agents", "équipe/agents.csv", agents);
	/* other kinds and scenarios are separate */
	expect_input(db, "base", "forecast", NULL, NULL);
	expect_input(db, "other", "agents", NULL, NULL);
	CU_ASSERT_EQUAL(db_put_input(db, "base", "availability", "a.csv", "", &err), SP_OK);
	expect_input(db, "base", "availability", "a.csv", "");
	/* a second import replaces the first */
	CU_ASSERT_EQUAL(db_put_input(db, "base", "agents", "new.csv", "id,name,languages\n", &err), SP_OK);
	expect_input(db, "base", "agents", "new.csv", "id,name,languages\n");
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM inputs WHERE kind='agents'"), 1);
	db_close(db);
}

static void test_store_rollback_leaves_data_unchanged(void)
{
	const char *path = db_path("tx.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	char *base = NULL, *changes = NULL;

	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_input(db, "base", "forecast", "old.csv", "old\n", &err), SP_OK);

	CU_ASSERT_EQUAL(db_begin(db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_input(db, "base", "forecast", "new.csv", "new\n", &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_input(db, "base", "agents", "agents.csv", "id\n", &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_scenario(db, "s1", "base", "set hire.ja=1\n", &err), SP_OK);
	expect_input(db, "base", "forecast", "new.csv", "new\n"); /* visible inside */
	db_rollback(db);

	expect_input(db, "base", "forecast", "old.csv", "old\n");
	expect_input(db, "base", "agents", NULL, NULL);
	CU_ASSERT_EQUAL(db_get_scenario(db, "s1", &base, &changes, &err), SP_ERR_USAGE);
	CU_ASSERT_PTR_NULL(base);
	CU_ASSERT_PTR_NULL(changes);

	/* a nested save inside a rolled-back transaction is gone too */
	struct sp_run run;
	sp_run_init(&run);
	snprintf(run.site_tz, sizeof(run.site_tz), "UTC");
	CU_ASSERT_EQUAL(db_begin(db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_save_run(db, &run, &err), SP_OK);
	db_rollback(db);
	sp_run_release(&run);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM runs"), 0);

	/* commit keeps; closing with an open transaction rolls back */
	CU_ASSERT_EQUAL(db_begin(db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_input(db, "base", "config", "c.ini", "[site]\n", &err), SP_OK);
	CU_ASSERT_EQUAL(db_commit(db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_begin(db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_input(db, "base", "forecast", "lost.csv", "lost\n", &err), SP_OK);
	db_close(db);

	db = NULL;
	CU_ASSERT_EQUAL_FATAL(db_open(path, 1, &db, &err), SP_OK);
	expect_input(db, "base", "config", "c.ini", "[site]\n");
	expect_input(db, "base", "forecast", "old.csv", "old\n");
	db_close(db);
}

struct listed {
	int n;
	char text[256];
};

static void collect(void *arg, const char *name, const char *base, const char *changes, int64_t last)
{
	struct listed *l = arg;
	size_t len = strlen(l->text);

	(void)changes;
	l->n++;
	snprintf(l->text + len, sizeof(l->text) - len, "%s<%s:%lld;", name, base ? base : "(null)",
		 (long long)last);
}

static void test_store_scenarios_unique_and_listed(void)
{
	const char *path = db_path("scen.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	char *base = NULL, *changes = NULL;

	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_scenario(db, "zeta", "base", "set hire.ja=5\n", &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_scenario(db, "alpha", "zeta", "scale language=ko 1.3\n", &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_scenario(db, "alpha", "base", "", &err), SP_ERR_USAGE);
	ASSERT_MSG(err, "alpha");
	CU_ASSERT_EQUAL(db_get_scenario(db, "alpha", &base, &changes, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(base ? base : "", "zeta"); /* the failed put changed nothing */
	CU_ASSERT_STRING_EQUAL(changes ? changes : "", "scale language=ko 1.3\n");
	free(base);
	free(changes);
	CU_ASSERT_EQUAL(db_get_scenario(db, "nope", &base, &changes, &err), SP_ERR_USAGE);
	ASSERT_MSG(err, "nope");

	/* listed by name, with the latest run of each */
	struct sp_run run;
	sp_run_init(&run);
	snprintf(run.scenario, sizeof(run.scenario), "zeta");
	snprintf(run.site_tz, sizeof(run.site_tz), "UTC");
	CU_ASSERT_EQUAL(db_save_run(db, &run, &err), SP_OK);
	sp_run_release(&run);
	struct listed l = { 0 };
	CU_ASSERT_EQUAL(db_list_scenarios(db, collect, &l, &err), SP_OK);
	CU_ASSERT_EQUAL(l.n, 2);
	CU_ASSERT_STRING_EQUAL(l.text, "alpha<zeta:0;zeta<base:1;");
	db_close(db);
}

/* ---- runs ------------------------------------------------------------- */

/* A run with every field set to a value that survives storage exactly. */
static void build_run(struct sp_run *run, const char *scenario)
{
	struct sp_run_shift *s;
	struct sp_run_agent *a;
	struct sp_run_kpis *k = &run->kpis;

	sp_run_init(run);
	snprintf(run->scenario, sizeof(run->scenario), "%s", scenario);
	snprintf(run->created_at, sizeof(run->created_at), "2026-11-22T10:11:12Z");
	snprintf(run->site_tz, sizeof(run->site_tz), "Asia/Singapore");
	run->interval_minutes = 30;
	run->horizon_start = 1796227200;  /* 2026-12-01T00:00+08:00 */
	run->ndays = 7;
	run->night_start = 23 * 60 + 30;
	run->night_end = 7 * 60;
	snprintf(run->solver, sizeof(run->solver), "cbc");
	run->baseline = 42;
	run->previous_run = 41;

	a = sp_run_add_agent(run, "a-01", "Lee, Min-jun \"MJ\"", "Asia/Seoul", "mj@example.org");
	a->hours = 37.5;
	a->nights = 2;
	a->weekends = 1;
	a->shifts = 2;
	a = sp_run_add_agent(run, "王芳", "王芳", "Asia/Shanghai", "");
	a->hours = 0;
	a = sp_run_add_agent(run, "z3", "Zoë", "Europe/Berlin", "zoe@example.org");
	a->hours = 4.25;
	a->shifts = 1;

	s = sp_run_add_shift(run, "a-01", "Lee, Min-jun \"MJ\"", "Asia/Seoul", "mj@example.org");
	snprintf(s->date, sizeof(s->date), "2026-12-01");
	s->start = run->horizon_start + 9 * 3600;
	s->end = s->start + 9 * 3600;
	s->brk_start = s->start + 4 * 3600;
	s->brk_end = s->brk_start + 3600;
	s->paid_minutes = 480;
	free(s->queues);
	free(s->langs);
	s->queues = sp_xstrdup("chat;security");
	s->langs = sp_xstrdup("ko;en");
	s = sp_run_add_shift(run, "a-01", "Lee, Min-jun \"MJ\"", "Asia/Seoul", "mj@example.org");
	snprintf(s->date, sizeof(s->date), "2026-12-02");
	s->start = run->horizon_start + 86400 + 22 * 3600; /* crosses midnight */
	s->end = s->start + 6 * 3600 + 1800;
	s->paid_minutes = 390;
	free(s->queues);
	free(s->langs);
	s->queues = sp_xstrdup("email");
	s->langs = sp_xstrdup("en");
	s = sp_run_add_shift(run, "z3", "Zoë", "Europe/Berlin", "zoe@example.org");
	snprintf(s->date, sizeof(s->date), "2026-12-06");
	s->start = run->horizon_start + 5 * 86400 + 1800;
	s->end = s->start + 4 * 3600 + 900;
	s->paid_minutes = 255;

	run->cells = sp_xcalloc(3, sizeof(*run->cells));
	run->ncells = 3;
	for (int i = 0; i < 3; i++) {
		struct sp_run_cell *c = &run->cells[i];
		c->start = run->horizon_start + i * 1800;
		snprintf(c->queue, sizeof(c->queue), "%s", i == 2 ? "security" : "chat");
		snprintf(c->lang, sizeof(c->lang), "%s", i == 1 ? "zh-Hant" : "ko");
		c->volume = 12.5 + i;
		c->arrivals = 9.375 + i;
		c->required = 4.2857142857142856 + i; /* 3 / 0.7: not a short decimal */
		c->staffed = 3.0 + 0.5 * i;
		c->understaffed = c->required > c->staffed ? c->required - c->staffed : 0;
		c->service_level = 0.123456789012345 * (i + 1);
		/* security is Erlang C: no abandon rate */
		c->abandon_rate = i == 2 ? NAN : 0.0123456789012345 * (i + 1);
		c->agents = 3 + i;
	}

	k->objective = 241680.25;
	k->cost = 3680.5;
	k->paid_hours = 184;
	k->understaffing_agent_hours = 476.125;
	k->coverage = 0.046875;
	k->service_level = 0.8125;
	k->lower_bound = 237840.75;
	k->gap = 0.015625;
	k->preferred_off_hours = 2.5;
	k->changes = 3;
	k->agents_scheduled = 2;
	k->agents_total = 3;
	k->solve_seconds = 1.25;
	snprintf(k->status, sizeof(k->status), "time_limit");
	k->fairness.hours_min = 4.25;
	k->fairness.hours_max = 37.5;
	k->fairness.hours_stddev = 16.5;
	k->fairness.nights_min = 0;
	k->fairness.nights_max = 2;
	k->fairness.weekends_min = 0;
	k->fairness.weekends_max = 1;
}

/* Relative closeness for values stored as JSON text. */
#define ASSERT_CLOSE(a, b) CU_ASSERT_DOUBLE_EQUAL((a), (b), 1e-9 * (fabs(b) > 1 ? fabs(b) : 1))

static void expect_same_run(const struct sp_run *got, const struct sp_run *want)
{
	CU_ASSERT_STRING_EQUAL(got->scenario, want->scenario);
	CU_ASSERT_STRING_EQUAL(got->created_at, want->created_at);
	CU_ASSERT_STRING_EQUAL(got->site_tz, want->site_tz);
	CU_ASSERT_EQUAL(got->interval_minutes, want->interval_minutes);
	CU_ASSERT_EQUAL(got->horizon_start, want->horizon_start);
	CU_ASSERT_EQUAL(got->ndays, want->ndays);
	CU_ASSERT_EQUAL(got->night_start, want->night_start);
	CU_ASSERT_EQUAL(got->night_end, want->night_end);
	CU_ASSERT_STRING_EQUAL(got->solver, want->solver);
	CU_ASSERT_EQUAL(got->baseline, want->baseline);
	CU_ASSERT_EQUAL(got->previous_run, want->previous_run);
	CU_ASSERT_STRING_EQUAL(got->previous_source, want->previous_source);

	CU_ASSERT_EQUAL_FATAL(got->nagents, want->nagents);
	for (int i = 0; i < want->nagents; i++) {
		const struct sp_run_agent *g = &got->agents[i], *w = &want->agents[i];
		CU_ASSERT_STRING_EQUAL(g->id, w->id);
		CU_ASSERT_STRING_EQUAL(g->name, w->name);
		CU_ASSERT_STRING_EQUAL(g->tz, w->tz);
		CU_ASSERT_STRING_EQUAL(g->email, w->email);
		CU_ASSERT_EQUAL(g->hours, w->hours);
		CU_ASSERT_EQUAL(g->nights, w->nights);
		CU_ASSERT_EQUAL(g->weekends, w->weekends);
		CU_ASSERT_EQUAL(g->shifts, w->shifts);
	}
	CU_ASSERT_EQUAL_FATAL(got->nshifts, want->nshifts);
	for (int i = 0; i < want->nshifts; i++) {
		const struct sp_run_shift *g = &got->shifts[i], *w = &want->shifts[i];
		CU_ASSERT_STRING_EQUAL(g->agent_id, w->agent_id);
		CU_ASSERT_STRING_EQUAL(g->agent_name, w->agent_name);
		CU_ASSERT_STRING_EQUAL(g->agent_tz, w->agent_tz);
		CU_ASSERT_STRING_EQUAL(g->email, w->email);
		CU_ASSERT_STRING_EQUAL(g->date, w->date);
		CU_ASSERT_EQUAL(g->start, w->start);
		CU_ASSERT_EQUAL(g->end, w->end);
		CU_ASSERT_EQUAL(g->brk_start, w->brk_start);
		CU_ASSERT_EQUAL(g->brk_end, w->brk_end);
		CU_ASSERT_EQUAL(g->paid_minutes, w->paid_minutes);
		CU_ASSERT_STRING_EQUAL(g->queues, w->queues);
		CU_ASSERT_STRING_EQUAL(g->langs, w->langs);
	}
	CU_ASSERT_EQUAL_FATAL(got->ncells, want->ncells);
	for (int i = 0; i < want->ncells; i++) {
		const struct sp_run_cell *g = &got->cells[i], *w = &want->cells[i];
		CU_ASSERT_EQUAL(g->start, w->start);
		CU_ASSERT_STRING_EQUAL(g->queue, w->queue);
		CU_ASSERT_STRING_EQUAL(g->lang, w->lang);
		/* REAL columns: bit-exact */
		CU_ASSERT_EQUAL(g->volume, w->volume);
		CU_ASSERT_EQUAL(g->arrivals, w->arrivals);
		CU_ASSERT_EQUAL(g->required, w->required);
		CU_ASSERT_EQUAL(g->staffed, w->staffed);
		CU_ASSERT_EQUAL(g->understaffed, w->understaffed);
		CU_ASSERT_EQUAL(g->service_level, w->service_level);
		if (isnan(w->abandon_rate)) {
			CU_ASSERT(isnan(g->abandon_rate));
		} else {
			CU_ASSERT_EQUAL(g->abandon_rate, w->abandon_rate);
		}
		CU_ASSERT_EQUAL(g->agents, w->agents);
	}
	const struct sp_run_kpis *g = &got->kpis, *w = &want->kpis;
	ASSERT_CLOSE(g->objective, w->objective);
	ASSERT_CLOSE(g->cost, w->cost);
	ASSERT_CLOSE(g->paid_hours, w->paid_hours);
	ASSERT_CLOSE(g->understaffing_agent_hours, w->understaffing_agent_hours);
	ASSERT_CLOSE(g->coverage, w->coverage);
	ASSERT_CLOSE(g->service_level, w->service_level);
	ASSERT_CLOSE(g->lower_bound, w->lower_bound);
	ASSERT_CLOSE(g->gap, w->gap);
	ASSERT_CLOSE(g->preferred_off_hours, w->preferred_off_hours);
	ASSERT_CLOSE(g->solve_seconds, w->solve_seconds);
	CU_ASSERT_EQUAL(g->changes, w->changes);
	CU_ASSERT_EQUAL(g->agents_scheduled, w->agents_scheduled);
	CU_ASSERT_EQUAL(g->agents_total, w->agents_total);
	CU_ASSERT_STRING_EQUAL(g->status, w->status);
	ASSERT_CLOSE(g->fairness.hours_min, w->fairness.hours_min);
	ASSERT_CLOSE(g->fairness.hours_max, w->fairness.hours_max);
	ASSERT_CLOSE(g->fairness.hours_stddev, w->fairness.hours_stddev);
	CU_ASSERT_EQUAL(g->fairness.nights_min, w->fairness.nights_min);
	CU_ASSERT_EQUAL(g->fairness.nights_max, w->fairness.nights_max);
	CU_ASSERT_EQUAL(g->fairness.weekends_min, w->fairness.weekends_min);
	CU_ASSERT_EQUAL(g->fairness.weekends_max, w->fairness.weekends_max);
}

static void test_store_run_round_trip(void)
{
	const char *path = db_path("runs.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct sp_run run, other, got;

	build_run(&run, "ko-up");
	build_run(&other, "base");
	other.kpis.objective = 1000;
	other.previous_run = 0; /* followed a roster file */
	snprintf(other.previous_source, sizeof(other.previous_source), "week47/roster, \"v2\".csv");
	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(run.id, 0);
	CU_ASSERT_EQUAL_FATAL(db_save_run(db, &run, &err), SP_OK);
	CU_ASSERT_TRUE(run.id > 0);
	CU_ASSERT_EQUAL_FATAL(db_save_run(db, &other, &err), SP_OK);
	CU_ASSERT_TRUE(other.id > run.id);

	/* by id */
	CU_ASSERT_EQUAL_FATAL(db_load_run(db, run.id, NULL, &got, &err), SP_OK);
	CU_ASSERT_EQUAL(got.id, run.id);
	expect_same_run(&got, &run);
	sp_run_release(&got);
	/* latest of a scenario */
	CU_ASSERT_EQUAL_FATAL(db_load_run(db, 0, "ko-up", &got, &err), SP_OK);
	CU_ASSERT_EQUAL(got.id, run.id);
	expect_same_run(&got, &run);
	sp_run_release(&got);
	/* latest overall */
	CU_ASSERT_EQUAL_FATAL(db_load_run(db, 0, NULL, &got, &err), SP_OK);
	CU_ASSERT_EQUAL(got.id, other.id);
	expect_same_run(&got, &other);
	sp_run_release(&got);
	db_close(db);

	/* survives closing the database */
	db = NULL;
	CU_ASSERT_EQUAL_FATAL(db_open(path, 1, &db, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(db_load_run(db, run.id, NULL, &got, &err), SP_OK);
	expect_same_run(&got, &run);
	sp_run_release(&got);
	db_close(db);
	sp_run_release(&run);
	sp_run_release(&other);
}

/* A version-1 file: a run stored, then the columns version 2 added taken
 * away again (SQLite >= 3.35), as it was before. */
static void test_store_migrates_version_1_runs(void)
{
	const char *path = db_path("v1.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct sp_run run, got;

	build_run(&run, "base");
	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(db_save_run(db, &run, &err), SP_OK);
	db_close(db);
	raw_exec(path, "ALTER TABLE runs DROP COLUMN night_start; ALTER TABLE runs DROP COLUMN night_end;"
		       "ALTER TABLE runs DROP COLUMN solver; ALTER TABLE run_cells DROP COLUMN abandon_rate;"
		       "ALTER TABLE runs DROP COLUMN previous_run; ALTER TABLE runs DROP COLUMN previous_source;"
		       "DROP TABLE forecast_series; DROP TABLE forecasts; PRAGMA user_version = 1;");
	CU_ASSERT_EQUAL_FATAL(raw_int(path, "PRAGMA user_version"), 1);

	db = NULL;
	CU_ASSERT_EQUAL_FATAL(db_open(path, 1, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_schema_version(db), SCHEMA_NOW);
	CU_ASSERT_EQUAL_FATAL(db_load_run(db, run.id, NULL, &got, &err), SP_OK);
	/* what the report assumed for every run before: SPEC's 22:00-06:00 */
	CU_ASSERT_EQUAL(got.night_start, 22 * 60);
	CU_ASSERT_EQUAL(got.night_end, 6 * 60);
	CU_ASSERT_STRING_EQUAL(got.solver, "");
	CU_ASSERT_EQUAL(got.nshifts, run.nshifts);
	CU_ASSERT_STRING_EQUAL(got.scenario, "base");
	/* cells stored before version 3 have no abandon rate */
	CU_ASSERT_EQUAL_FATAL(got.ncells, run.ncells);
	for (int i = 0; i < got.ncells; i++)
		CU_ASSERT(isnan(got.cells[i].abandon_rate));
	/* runs stored before version 4 followed no previous roster */
	CU_ASSERT_EQUAL(got.previous_run, 0);
	CU_ASSERT_STRING_EQUAL(got.previous_source, "");
	sp_run_release(&got);
	db_close(db);
	sp_run_release(&run);
}

struct heads {
	int64_t id[8];
	char scenario[8][64];
	time_t start[8];
	int ndays[8], n, stop_after;
};

static int collect_head(void *arg, const struct db_run_head *h)
{
	struct heads *hs = arg;

	if (hs->n < 8) {
		hs->id[hs->n] = h->id;
		snprintf(hs->scenario[hs->n], sizeof(hs->scenario[0]), "%s", h->scenario);
		hs->start[hs->n] = h->horizon_start;
		hs->ndays[hs->n] = h->ndays;
		CU_ASSERT_STRING_EQUAL(h->site_tz, "Asia/Singapore");
	}
	return ++hs->n == hs->stop_after;
}

/* db_list_runs: newest first, one scenario or all, stopped by fn. */
static void test_store_list_runs_newest_first(void)
{
	const char *path = db_path("heads.db");
	const char *scen[4] = { "base", "ko-up", "base", "base" };
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct sp_run run;
	struct heads hs;
	int64_t ids[4];

	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	memset(&hs, 0, sizeof(hs));
	CU_ASSERT_EQUAL(db_list_runs(db, "base", collect_head, &hs, &err), SP_OK);
	CU_ASSERT_EQUAL(hs.n, 0);
	for (int i = 0; i < 4; i++) {
		build_run(&run, scen[i]);
		run.horizon_start += (time_t)i * 7 * 86400;
		run.ndays = 7 + i;
		CU_ASSERT_EQUAL_FATAL(db_save_run(db, &run, &err), SP_OK);
		ids[i] = run.id;
		sp_run_release(&run);
	}
	memset(&hs, 0, sizeof(hs));
	CU_ASSERT_EQUAL(db_list_runs(db, "base", collect_head, &hs, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(hs.n, 3);
	CU_ASSERT_EQUAL(hs.id[0], ids[3]);
	CU_ASSERT_EQUAL(hs.id[1], ids[2]);
	CU_ASSERT_EQUAL(hs.id[2], ids[0]);
	CU_ASSERT_EQUAL(hs.start[0], 1796227200 + 3 * 7 * 86400);
	CU_ASSERT_EQUAL(hs.ndays[0], 10);
	CU_ASSERT_STRING_EQUAL(hs.scenario[2], "base");
	memset(&hs, 0, sizeof(hs));
	CU_ASSERT_EQUAL(db_list_runs(db, NULL, collect_head, &hs, &err), SP_OK);
	CU_ASSERT_EQUAL(hs.n, 4);
	CU_ASSERT_STRING_EQUAL(hs.scenario[2], "ko-up");
	memset(&hs, 0, sizeof(hs));
	hs.stop_after = 2;
	CU_ASSERT_EQUAL(db_list_runs(db, NULL, collect_head, &hs, &err), SP_OK);
	CU_ASSERT_EQUAL(hs.n, 2);
	db_close(db);
}

/* Another program's SQLite file is refused and left byte for byte as it
 * was; staffplan's own files are marked, and older ones adopted. */
static void test_store_refuses_other_applications(void)
{
	const char *path = db_path("other.db"), *marked = db_path("marked.db");
	const char *old = db_path("old.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	char *before, *after;
	size_t n1 = 0, n2 = 0;

	raw_exec(path, "CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES('keep me');");
	before = test_slurp(path, &n1);
	CU_ASSERT_EQUAL(db_open(path, 1, &db, &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NULL(db);
	ASSERT_MSG(err, "belongs to another application");
	ASSERT_MSG(err, "left unchanged");
	after = test_slurp(path, &n2);
	CU_ASSERT_FATAL(before && after);
	CU_ASSERT(n1 == n2 && !memcmp(before, after, n1));
	CU_ASSERT(!file_exists(db_path("other.db-wal")));
	free(before);
	free(after);

	raw_exec(marked, "PRAGMA application_id = 42; CREATE TABLE runs(id INTEGER);"
			 "PRAGMA user_version = 2;");
	CU_ASSERT_EQUAL(db_open(marked, 1, &db, &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "application_id is not staffplan's");

	/* a staffplan file from before the mark: migrated and marked */
	CU_ASSERT_EQUAL_FATAL(db_open(old, 0, &db, &err), SP_OK);
	db_close(db);
	raw_exec(old, "PRAGMA application_id = 0;");
	CU_ASSERT_EQUAL(raw_int(old, "PRAGMA application_id"), 0);
	CU_ASSERT_EQUAL_FATAL(db_open(old, 1, &db, &err), SP_OK);
	db_close(db);
	CU_ASSERT_EQUAL(raw_int(old, "PRAGMA application_id"), 0x53504C4E);
}

static void test_store_run_without_shifts_or_cells(void)
{
	const char *path = db_path("empty-run.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct sp_run run, got;

	sp_run_init(&run);
	snprintf(run.site_tz, sizeof(run.site_tz), "UTC");
	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(db_save_run(db, &run, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(db_load_run(db, run.id, NULL, &got, &err), SP_OK);
	CU_ASSERT_EQUAL(got.nshifts, 0);
	CU_ASSERT_EQUAL(got.ncells, 0);
	CU_ASSERT_EQUAL(got.nagents, 0);
	CU_ASSERT_STRING_EQUAL(got.scenario, "base");
	CU_ASSERT_TRUE(got.created_at[0] != '\0'); /* stamped on save */
	sp_run_release(&got);
	sp_run_release(&run);
	db_close(db);
}

static void test_store_load_missing_run_is_usage_error(void)
{
	const char *path = db_path("norun.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct sp_run got, run;

	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_load_run(db, 0, NULL, &got, &err), SP_ERR_USAGE);
	CU_ASSERT_EQUAL(got.nshifts, 0);
	sp_run_release(&got);
	build_run(&run, "base");
	CU_ASSERT_EQUAL(db_save_run(db, &run, &err), SP_OK);
	sp_run_release(&run);

	err = (struct sp_err)SP_ERR_INIT;
	CU_ASSERT_EQUAL(db_load_run(db, 12345, NULL, &got, &err), SP_ERR_USAGE);
	ASSERT_MSG(err, "12345");
	CU_ASSERT_EQUAL(got.nshifts, 0);
	CU_ASSERT_EQUAL(got.ncells, 0);
	sp_run_release(&got);
	err = (struct sp_err)SP_ERR_INIT;
	CU_ASSERT_EQUAL(db_load_run(db, 0, "never-run", &got, &err), SP_ERR_USAGE);
	ASSERT_MSG(err, "never-run");
	sp_run_release(&got);
	db_close(db);
}

/* ---- publications ----------------------------------------------------- */

static void test_store_publications_round_trip(void)
{
	const char *path = db_path("pub.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct ics_pub p = { 0 }, *got = NULL;
	int n = -1;

	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	const char *dates[] = { "2026-11-30", "2026-12-06", "2026-12-07" };
	for (int i = 0; i < 3; i++) {
		p.agent_id = (char *)(i == 1 ? "a1" : "a2");
		snprintf(p.date, sizeof(p.date), "%s", dates[i]);
		p.uid = (char *)"sp-1@staffplan";
		p.sequence = i;
		p.start = 1796000000 + i;
		p.end = p.start + 3600;
		p.brk_start = i ? p.start + 60 : 0;
		p.brk_end = i ? p.start + 120 : 0;
		p.summary = (char *)"chat en";
		p.cancelled = i == 2 ? ICS_PUB_BREAK_CANCELLED : ICS_PUB_ACTIVE;
		p.run_id = 7;
		snprintf(p.published_at, sizeof(p.published_at), "2026-11-22T00:00:0%dZ", i);
		CU_ASSERT_EQUAL(db_put_publication(db, &p, &err), SP_OK);
	}
	CU_ASSERT_EQUAL(db_get_publications(db, "2026-11-30", "2026-12-07", &got, &n, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_STRING_EQUAL(got[0].agent_id, "a1"); /* ordered by agent, date */
	CU_ASSERT_STRING_EQUAL(got[0].date, "2026-12-06");
	CU_ASSERT_EQUAL(got[0].sequence, 1);
	CU_ASSERT_EQUAL(got[0].start, 1796000001);
	CU_ASSERT_EQUAL(got[0].brk_start, 1796000061);
	CU_ASSERT_EQUAL(got[0].brk_end, 1796000121);
	CU_ASSERT_STRING_EQUAL(got[0].summary, "chat en");
	CU_ASSERT_EQUAL(got[0].run_id, 7);
	CU_ASSERT_STRING_EQUAL(got[0].published_at, "2026-11-22T00:00:01Z");
	CU_ASSERT_STRING_EQUAL(got[1].agent_id, "a2");
	CU_ASSERT_EQUAL(got[1].brk_start, 0);
	CU_ASSERT_EQUAL(got[1].cancelled, ICS_PUB_ACTIVE);
	ics_pubs_free(got, n);

	/* replacing the row of (agent, date) */
	p.agent_id = (char *)"a1";
	snprintf(p.date, sizeof(p.date), "2026-12-06");
	p.sequence = 5;
	p.cancelled = ICS_PUB_CANCELLED;
	CU_ASSERT_EQUAL(db_put_publication(db, &p, &err), SP_OK);
	CU_ASSERT_EQUAL(db_get_publications(db, "2026-12-06", "2026-12-08", &got, &n, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_EQUAL(got[0].sequence, 5);
	CU_ASSERT_EQUAL(got[0].cancelled, ICS_PUB_CANCELLED);
	CU_ASSERT_EQUAL(got[1].cancelled, ICS_PUB_BREAK_CANCELLED);
	ics_pubs_free(got, n);
	ics_pubs_free(NULL, 0);
	db_close(db);
	db_close(NULL);
}

/* ---- damaged files -------------------------------------------------------- */

/* A run whose shifts cannot be read fails to load (SP_ERR_DB, exit 1); it
 * never loads as a run without shifts, which a roster would print and an
 * export would publish as every shift cancelled.  So does a failure at any
 * step of the load (fault injection: each read fails as a full disk). */
static void test_store_damaged_run_fails_to_load(void)
{
	const char *path = db_path("damaged.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct sp_run run, got;
	sp_status st = SP_OK;
	long n;

	build_run(&run, "base");
	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(db_save_run(db, &run, &err), SP_OK);
	for (n = 1; n < 100; n++) {
		sp_fault_arm(SP_FAULT_DB, n, 0);
		st = db_load_run(db, run.id, NULL, &got, &err);
		long reached = sp_fault_count(SP_FAULT_DB);
		sp_fault_arm(SP_FAULT_DB, 0, 0);
		if (st == SP_OK) {
			CU_ASSERT(reached < n);
			expect_same_run(&got, &run);
			sp_run_release(&got);
			break;
		}
		CU_ASSERT_EQUAL(st, SP_ERR_DB);
		CU_ASSERT_EQUAL(got.nshifts, 0);
		CU_ASSERT_PTR_NULL(got.shifts);
		ASSERT_MSG(err, "damaged.db");
	}
	CU_ASSERT_EQUAL(st, SP_OK);
	CU_ASSERT(n > 5); /* the run, its agents, shifts, cells counted and read */
	db_close(db);

	damage_table(path, "run_shifts");
	db = NULL;
	CU_ASSERT_EQUAL_FATAL(db_open(path, 1, &db, &err), SP_OK);
	err = (struct sp_err)SP_ERR_INIT;
	CU_ASSERT_EQUAL(db_load_run(db, run.id, NULL, &got, &err), SP_ERR_DB);
	ASSERT_MSG(err, "damaged.db");
	ASSERT_MSG(err, "shifts");
	ASSERT_MSG(err, "malformed");
	CU_ASSERT_EQUAL(got.nshifts, 0);
	CU_ASSERT_EQUAL(got.nagents, 0);
	sp_run_release(&got);
	CU_ASSERT_EQUAL(db_load_run(db, 0, "base", &got, &err), SP_ERR_DB);
	sp_run_release(&got);
	db_close(db);
	sp_run_release(&run);
}

static int count_heads(void *arg, const struct db_run_head *h)
{
	(void)h;
	++*(int *)arg;
	return 0;
}

/* A damaged scenarios or runs table is an error, never "no scenario" (a
 * usage error) or a shorter list. */
static void test_store_damaged_tables_are_errors(void)
{
	const char *path = db_path("damaged-lists.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct sp_run run;
	struct listed l = { 0 };
	char *base = NULL, *changes = NULL;
	int nruns = 0;

	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_scenario(db, "ko-up", "base", "scale language=ko 1.3\n", &err), SP_OK);
	build_run(&run, "ko-up");
	CU_ASSERT_EQUAL(db_save_run(db, &run, &err), SP_OK);
	sp_run_release(&run);
	db_close(db);
	damage_table(path, "scenarios");
	damage_table(path, "runs");

	db = NULL;
	CU_ASSERT_EQUAL_FATAL(db_open(path, 1, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_get_scenario(db, "ko-up", &base, &changes, &err), SP_ERR_DB);
	ASSERT_MSG(err, "malformed");
	CU_ASSERT_PTR_NULL(base);
	CU_ASSERT_PTR_NULL(changes);
	CU_ASSERT_EQUAL(db_list_scenarios(db, collect, &l, &err), SP_ERR_DB);
	ASSERT_MSG(err, "cannot list scenarios");
	CU_ASSERT_EQUAL(l.n, 0);
	CU_ASSERT_EQUAL(db_list_runs(db, NULL, count_heads, &nruns, &err), SP_ERR_DB);
	ASSERT_MSG(err, "cannot read runs");
	CU_ASSERT_EQUAL(nruns, 0);
	CU_ASSERT_EQUAL(db_load_run(db, 0, NULL, &run, &err), SP_ERR_DB);
	ASSERT_MSG(err, "cannot read runs");
	sp_run_release(&run);
	db_close(db);
}

/* `export ics` of a run whose shifts cannot be read stops before it
 * publishes: exit 1, no file written, the publications as they were (none
 * cancelled), so no agent's calendar is wiped. */
static void test_store_damaged_run_is_not_published(void)
{
	const char *path = db_path("publish-damaged.db");
	char out1[512], out2[512];
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct sp_ctx ctx;
	struct sp_run run;

	snprintf(out1, sizeof(out1), "%s/ics1", test_tmpdir());
	snprintf(out2, sizeof(out2), "%s/ics2", test_tmpdir());
	build_run(&run, "base");
	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(db_save_run(db, &run, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(publish_calendars(&run, db, NULL, out1, NULL, &err), SP_OK);
	db_close(db);
	sp_run_release(&run);
	CU_ASSERT_EQUAL_FATAL(raw_int(path, "SELECT count(*) FROM publications"), 3);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM publications WHERE cancelled != 0"), 0);

	damage_table(path, "run_shifts");
	char *argv[] = { (char *)"export", (char *)"ics", (char *)"--out", out2, (char *)"--db",
			 (char *)path, NULL };
	memset(&ctx, 0, sizeof(ctx));
	CU_ASSERT_EQUAL(sp_cmd_run(&sp_cmd_export, &ctx, 6, argv), SP_ERR_DB);
	CU_ASSERT_EQUAL(sp_exit_code(SP_ERR_DB), 1);
	ASSERT_MSG(ctx.err, "shifts");
	CU_ASSERT_FALSE(file_exists(out2));
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM publications"), 3);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM publications WHERE cancelled != 0"), 0);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT max(sequence) FROM publications"), 0);
}

/* An open of a new file that fails at any step (a full disk, sticky)
 * leaves the file, never deletes it (another command may be using it),
 * and the file holds no table (the migration is one transaction): the
 * next open migrates it whole. */
static void test_store_failed_first_open_is_finished_later(void)
{
	const char *path = db_path("failed-first.db");
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	sp_status st = SP_OK;
	long n;

	for (n = 1; n < 50; n++) {
		sp_fault_arm(SP_FAULT_DB, n, 1);
		st = db_open(path, 0, &db, &err);
		long reached = sp_fault_count(SP_FAULT_DB);
		sp_fault_arm(SP_FAULT_DB, 0, 0);
		if (st == SP_OK) {
			CU_ASSERT(reached < n);
			break;
		}
		CU_ASSERT_EQUAL(st, SP_ERR_DB);
		CU_ASSERT_PTR_NULL(db);
		CU_ASSERT_TRUE(file_exists(path));
		CU_ASSERT_EQUAL(raw_int(path, "PRAGMA user_version"), 0);
		CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM sqlite_master"), 0);
	}
	CU_ASSERT_EQUAL(st, SP_OK);
	CU_ASSERT(n > 3);
	CU_ASSERT_EQUAL(db_schema_version(db), SCHEMA_NOW);
	db_close(db);
	CU_ASSERT_TRUE(has_table(path, "runs"));
}

/* ---- read-only files ------------------------------------------------------ */

/* What db_open(path, must exist) says in a child that may not write what
 * the modes forbid: "ok", or its message.  Under root, for whom modes mean
 * nothing, the child is nobody (65534). */
static const char *open_as_reader(const char *path)
{
	static char said[sizeof(((struct sp_err *)0)->msg)];
	int fd[2];
	ssize_t n;
	pid_t pid;

	CU_ASSERT_FATAL(pipe(fd) == 0);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		struct sp_err err = SP_ERR_INIT;
		struct sp_db *db = NULL;
		const char *msg;

		close(fd[0]);
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(1);
		msg = db_open(path, 1, &db, &err) == SP_OK ? "ok" : err.msg;
		db_close(db);
		_exit(write(fd[1], msg, strlen(msg)) < 0);
	}
	close(fd[1]);
	n = read(fd[0], said, sizeof(said) - 1); /* one write of less than PIPE_BUF */
	said[n > 0 ? n : 0] = '\0';
	close(fd[0]);
	CU_ASSERT_EQUAL(waitpid(pid, NULL, 0), pid);
	return said;
}

/* A staffplan database in folder dir (made with mode), the file read-only,
 * at schema version (SCHEMA_NOW: up to date).  Returns its path. */
static const char *readonly_db(const char *dir, const char *name, mode_t mode, int version)
{
	static char path[512];
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	char sql[64];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	CU_ASSERT_EQUAL_FATAL(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/%s/sp.db", dir, name);
	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	db_close(db); /* the last one out: no -wal or -shm left */
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
	raw_exec(path, sql);
	CU_ASSERT_EQUAL(chmod(path, 0444), 0);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	CU_ASSERT_EQUAL(chmod(path, mode), 0);
	snprintf(path, sizeof(path), "%s/%s/sp.db", dir, name);
	return path;
}

/* A read-only database opens for the commands that only read when it
 * needs no migration; otherwise the message says it is read-only (not
 * that its header cannot be read) and what would be written. */
static void test_store_read_only_database(void)
{
	const char *dir = test_tmpdir();
	const char *said;
	char sub[512];

	CU_ASSERT_EQUAL_FATAL(chmod(dir, 0755), 0); /* for nobody to reach */
	said = open_as_reader(readonly_db(dir, "rw-folder", 0777, SCHEMA_NOW));
	CU_ASSERT_STRING_EQUAL(said, "ok");

	/* in WAL mode it cannot be read without creating its -shm file */
	said = open_as_reader(readonly_db(dir, "ro-folder", 0555, SCHEMA_NOW));
	CU_ASSERT_PTR_NOT_NULL(strstr(said, "ro-folder/sp.db' is read-only"));
	CU_ASSERT_PTR_NOT_NULL(strstr(said, "-shm"));
	CU_ASSERT_PTR_NULL(strstr(said, "header"));

	said = open_as_reader(readonly_db(dir, "old", 0777, SCHEMA_NOW - 1));
	CU_ASSERT_PTR_NOT_NULL(strstr(said, "old/sp.db' is read-only and needs migrating"));
	CU_ASSERT_PTR_NOT_NULL(strstr(said, "staffplan init"));

	/* the runner removes the folders */
	snprintf(sub, sizeof(sub), "%s/ro-folder", dir);
	CU_ASSERT_EQUAL(chmod(sub, 0755), 0);
}

/* ---- commands at once ----------------------------------------------------- */

/* Child of test_store_concurrent_opens: waits until the parent lets every
 * child go at once, opens path and stores one input, exits 0 on success. */
static void open_and_import(const char *path, int go, int i)
{
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	char kind[16], c;
	sp_status st;

	if (read(go, &c, 1) < 0) /* EOF: the parent closed its end */
		_exit(9);
	snprintf(kind, sizeof(kind), "kind%d", i);
	st = db_open(path, 0, &db, &err);
	if (st == SP_OK)
		st = db_put_input(db, "base", kind, "f.csv", "x\n", &err);
	db_close(db);
	if (st != SP_OK)
		fprintf(stderr, "\n  process %d: %s\n", i, err.msg);
	_exit(st == SP_OK ? 0 : 1); /* _exit: the runner's cleanup is the parent's */
}

/* Commands opening the same database at once (two `init`s on a new file,
 * a `plan` and an `init`, or any two on a file of an older schema) all
 * succeed and leave the whole schema with what each stored: the one that
 * waits for the write lock finds the migration done instead of doing it
 * again, and none removes a file that another one is using.  NPROC
 * processes, let go together, on NROUNDS files: new ones and, every other
 * round, one at schema version 4 (whose next step adds columns, which
 * cannot be done twice). */
static void test_store_concurrent_opens(void)
{
	enum { NPROC = 3, NROUNDS = 12 };

	for (int round = 0; round < NROUNDS; round++) {
		char name[32];
		int go[2], ok = 0;
		pid_t pid[NPROC];

		snprintf(name, sizeof(name), "race%d.db", round);
		const char *path = db_path(name);
		if (round % 2) {
			struct sp_err err = SP_ERR_INIT;
			struct sp_db *db = NULL;

			CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
			db_close(db);
			raw_exec(path, "ALTER TABLE runs DROP COLUMN previous_run;"
				       "ALTER TABLE runs DROP COLUMN previous_source; PRAGMA user_version = 4;");
		}
		CU_ASSERT_EQUAL_FATAL(pipe(go), 0);
		for (int i = 0; i < NPROC; i++) {
			pid[i] = fork();
			CU_ASSERT_FATAL(pid[i] >= 0);
			if (pid[i] == 0) {
				close(go[1]);
				open_and_import(path, go[0], i);
			}
		}
		close(go[0]);
		close(go[1]); /* go */
		for (int i = 0; i < NPROC; i++) {
			int status = 0;

			CU_ASSERT_EQUAL(waitpid(pid[i], &status, 0), pid[i]);
			ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
		}
		CU_ASSERT_EQUAL(ok, NPROC);
		CU_ASSERT_TRUE(file_exists(path));
		CU_ASSERT_EQUAL(raw_int(path, "PRAGMA user_version"), SCHEMA_NOW);
		CU_ASSERT_EQUAL(raw_int(path, "PRAGMA application_id"), 0x53504C4E);
		CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM inputs"), NPROC);
		CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM pragma_table_info('runs')"
					      " WHERE name IN ('previous_run', 'previous_source')"), 2);
		CU_ASSERT_TRUE(has_table(path, "feeds"));
	}
}

TEST_SUITE(store)
{
	CU_pSuite s = CU_add_suite("store", NULL, NULL);

	CU_add_test(s, "refuses other applications' files, unchanged", test_store_refuses_other_applications);
	CU_add_test(s, "db_open creates the current schema", test_store_open_creates_current_schema);
	CU_add_test(s, "runs of version 1 get the default night window", test_store_migrates_version_1_runs);
	CU_add_test(s, "must_exist refuses a missing file", test_store_must_exist_refuses_missing_file);
	CU_add_test(s, "reopening keeps data", test_store_reopen_keeps_data);
	CU_add_test(s, "user_version 0 without tables migrates", test_store_migrates_version_0_without_tables);
	CU_add_test(s, "a future schema is refused", test_store_refuses_future_schema);
	CU_add_test(s, "a non-database file is refused", test_store_refuses_non_database_file);
	CU_add_test(s, "db_put_input/db_get_input round trip", test_store_input_round_trip);
	CU_add_test(s, "rollback leaves data unchanged", test_store_rollback_leaves_data_unchanged);
	CU_add_test(s, "scenarios are unique and readable", test_store_scenarios_unique_and_listed);
	CU_add_test(s, "db_save_run/db_load_run round trip", test_store_run_round_trip);
	CU_add_test(s, "a run without shifts or cells", test_store_run_without_shifts_or_cells);
	CU_add_test(s, "db_list_runs: newest first, by scenario", test_store_list_runs_newest_first);
	CU_add_test(s, "db_load_run of a missing run is a usage error", test_store_load_missing_run_is_usage_error);
	CU_add_test(s, "publications round trip and replace", test_store_publications_round_trip);
	CU_add_test(s, "a damaged run fails to load, never loads without shifts",
		    test_store_damaged_run_fails_to_load);
	CU_add_test(s, "damaged scenarios and runs tables are errors", test_store_damaged_tables_are_errors);
	CU_add_test(s, "a damaged run is not exported: nothing published or cancelled",
		    test_store_damaged_run_is_not_published);
	CU_add_test(s, "a failed first open leaves the file for the next to finish",
		    test_store_failed_first_open_is_finished_later);
	CU_add_test(s, "commands opening one database at once all succeed", test_store_concurrent_opens);
	CU_add_test(s, "a read-only database: read, or said to be read-only", test_store_read_only_database);
}
