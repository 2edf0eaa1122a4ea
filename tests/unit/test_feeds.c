/* test_feeds.c - calendar feeds: addresses, the calendar served, HTTP pieces
 *
 * Each test works on its own database under test_tmpdir().  Runs are built
 * in C (no solver), stored with db_save_run and published with the real
 * publish_calendars(), so the feed is compared with the files the same
 * database wrote.  SQLite is used directly only to look at what was stored.
 */
#include "tests.h"

#include "staffplan/digest.h"
#include "staffplan/fault.h"
#include "staffplan/feeds.h"
#include "staffplan/ics.h"
#include "staffplan/publish.h"
#include "staffplan/serve.h"
#include "staffplan/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- fixtures -------------------------------------------------------------- */

static time_t utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi };

	return timegm(&tm);
}

static const char *db_path(const char *name)
{
	static char buf[4][256];
	static int next;
	char *b = buf[next++ % 4];

	snprintf(b, sizeof(buf[0]), "%s/%s", test_tmpdir(), name);
	return b;
}

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

static void add_shift(struct sp_run *run, const char *id, const char *name, const char *tz, const char *date,
		      time_t start, time_t end, time_t bs, time_t be)
{
	/* the e-mail the agent list has, as a solved run's shifts carry it */
	struct sp_run_shift *s = sp_run_add_shift(run, id, name, tz, strcmp(id, "ann") ? "" : "ann@example.org");

	snprintf(s->date, sizeof(s->date), "%s", date);
	s->start = start;
	s->end = end;
	s->brk_start = bs;
	s->brk_end = be;
	s->paid_minutes = (int)((end - start - (be - bs)) / 60);
	free(s->queues);
	free(s->langs);
	s->queues = sp_xstrdup("chat;security");
	s->langs = sp_xstrdup("en");
}

/* A London week: Ann (London) on Monday and Tuesday, Ben (New York) on
 * Monday; replan moves Ann's Monday, drops her Tuesday and her break. */
static void make_run(struct sp_run *run, int replan)
{
	sp_run_init(run);
	snprintf(run->site_tz, sizeof(run->site_tz), "Europe/London");
	run->horizon_start = utc(2027, 3, 22, 0, 0);
	run->ndays = 7;
	sp_run_add_agent(run, "ann", "Ann Lee", "Europe/London", "ann@example.org");
	sp_run_add_agent(run, "ben", "Ben, Jr.", "America/New_York", "");
	sp_run_add_agent(run, "cy", "Cy", "Europe/London", "");
	if (!replan) {
		add_shift(run, "ann", "Ann Lee", "Europe/London", "2027-03-22", utc(2027, 3, 22, 9, 0),
			  utc(2027, 3, 22, 17, 0), utc(2027, 3, 22, 13, 0), utc(2027, 3, 22, 13, 30));
		add_shift(run, "ann", "Ann Lee", "Europe/London", "2027-03-23", utc(2027, 3, 23, 9, 0),
			  utc(2027, 3, 23, 17, 0), 0, 0);
	} else {
		add_shift(run, "ann", "Ann Lee", "Europe/London", "2027-03-22", utc(2027, 3, 22, 10, 0),
			  utc(2027, 3, 22, 18, 0), 0, 0);
	}
	add_shift(run, "ben", "Ben, Jr.", "America/New_York", "2027-03-22", utc(2027, 3, 22, 14, 0),
		  utc(2027, 3, 22, 22, 0), 0, 0);
}

/* Stores and publishes run (plan's order: save, then export) into dir. */
static void publish(struct sp_db *db, struct sp_run *run, const char *dir)
{
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(db_save_run(db, run, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(publish_calendars(run, db, NULL, dir, NULL, &err), SP_OK);
}

/* A database with run 1 published; *db stays open. */
static const char *fixture(const char *name, struct sp_db **db, const char **dir)
{
	const char *path = db_path(name);
	static char out[300];
	struct sp_err err = SP_ERR_INIT;
	struct sp_run run;

	snprintf(out, sizeof(out), "%s.ics", path);
	*dir = out;
	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, db, &err), SP_OK);
	make_run(&run, 0);
	publish(*db, &run, out);
	sp_run_release(&run);
	return path;
}

/* Issues one address for subject; secret (FEED_SECRET_LEN + 1) gets it. */
static sp_status issue(struct sp_db *db, int kind, const char *subject, char *secret, struct sp_err *err)
{
	struct sp_feed_grant g = { kind, subject, "" };

	CU_ASSERT_EQUAL_FATAL(feed_secret_new(secret, g.hash, err), SP_OK);
	return db_feeds_issue(db, &g, 1, err);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* body with its folded lines joined (RFC 5545 3.1); caller frees. */
static char *unfold(const char *body)
{
	char *u = sp_xstrdup(body), *o = u;

	for (const char *p = body; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t')) {
			p += 2;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return u;
}

static const time_t now_mar = 1805976000; /* 2027-03-25T12:00:00Z */

/* ---- addresses ------------------------------------------------------------- */

static void test_feeds_store_hashes_never_secrets(void)
{
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	const char *dir, *path = fixture("hash.db", &db, &dir);
	char secret[FEED_SECRET_LEN + 1], hash[SP_SHA256_HEX], sql[200], *file;
	size_t len;

	CU_ASSERT_EQUAL(issue(db, SP_FEED_AGENT, "ann", secret, &err), SP_OK);
	CU_ASSERT_EQUAL(strlen(secret), FEED_SECRET_LEN);
	CU_ASSERT_TRUE(feed_secret_shaped(secret, strlen(secret)));
	sp_sha256_hex(secret, strlen(secret), hash);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM feeds WHERE secret_sha256 = '%s' AND subject = 'ann'"
		 " AND kind = 'agent' AND revoked_at IS NULL", hash);
	CU_ASSERT_EQUAL(raw_int(path, sql), 1);
	db_close(db);
	/* not in any byte of the database (the WAL is checkpointed at close) */
	file = test_slurp(path, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	CU_ASSERT_PTR_NULL(memmem(file, len, secret, strlen(secret)));
	CU_ASSERT_PTR_NOT_NULL(memmem(file, len, hash, strlen(hash)));
	free(file);
}

static void test_feeds_issue_again_revokes_the_old_address(void)
{
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct feed_service *svc = NULL;
	struct feed_doc doc;
	const char *dir, *path = fixture("again.db", &db, &dir);
	char s1[FEED_SECRET_LEN + 1], s2[FEED_SECRET_LEN + 1];
	int found = -1;

	CU_ASSERT_EQUAL(issue(db, SP_FEED_AGENT, "ann", s1, &err), SP_OK);
	CU_ASSERT_EQUAL(issue(db, SP_FEED_AGENT, "ann", s2, &err), SP_OK);
	CU_ASSERT_STRING_NOT_EQUAL(s1, s2);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM feeds WHERE subject = 'ann'"), 2);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM feeds WHERE subject = 'ann' AND revoked_at IS NULL"), 1);
	CU_ASSERT_EQUAL_FATAL(feed_service_new(path, &svc, &err), SP_OK);
	CU_ASSERT_EQUAL(feed_service_get(svc, s1, strlen(s1), now_mar, &doc, &found, &err), SP_OK);
	CU_ASSERT_EQUAL(found, 0);
	CU_ASSERT_PTR_NULL(doc.body);
	CU_ASSERT_EQUAL(feed_service_get(svc, s2, strlen(s2), now_mar, &doc, &found, &err), SP_OK);
	CU_ASSERT_EQUAL(found, 1);
	feed_doc_release(&doc);
	feed_service_free(svc);
	db_close(db);
}

static void test_feeds_unknown_agents_refused_nothing_written(void)
{
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	const char *dir, *path = fixture("unknown.db", &db, &dir);
	struct sp_feed_grant g[3] = { { SP_FEED_AGENT, "ann", "" }, { SP_FEED_AGENT, "nobody", "" },
				      { SP_FEED_AGENT, "ghost", "" } };
	char secret[FEED_SECRET_LEN + 1];

	for (int i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(feed_secret_new(secret, g[i].hash, &err), SP_OK);
	CU_ASSERT_EQUAL(db_feeds_issue(db, g, 3, &err), SP_ERR_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'nobody'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'ghost'"));
	CU_ASSERT_PTR_NULL(strstr(err.msg, "'ann'"));
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM feeds"), 0);
	/* an agent known from a base run is fine, a team needs no agent */
	CU_ASSERT_EQUAL(db_feeds_issue(db, g, 1, &err), SP_OK);
	CU_ASSERT_EQUAL(issue(db, SP_FEED_TEAM, "supervisors", secret, &err), SP_OK);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM feeds"), 2);
	db_close(db);
}

/* A write that fails while addresses are issued (a full disk at any of
 * its statements, the last INSERT included) leaves every address as it
 * was: the old one still answers, no new one is stored. */
static void test_feeds_failed_issue_keeps_the_old_addresses(void)
{
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	const char *dir, *path = fixture("full.db", &db, &dir);
	struct sp_feed_grant g[2] = { { SP_FEED_AGENT, "ann", "" }, { SP_FEED_TEAM, "sup", "" } };
	char s1[FEED_SECRET_LEN + 1], secret[FEED_SECRET_LEN + 1], hash[SP_SHA256_HEX], sql[200];
	int last_insert = 0;

	CU_ASSERT_EQUAL_FATAL(issue(db, SP_FEED_AGENT, "ann", s1, &err), SP_OK);
	sp_sha256_hex(s1, strlen(s1), hash);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM feeds WHERE secret_sha256 = '%s' AND revoked_at IS NULL",
		 hash);
	for (int i = 0; i < 2; i++)
		CU_ASSERT_EQUAL(feed_secret_new(secret, g[i].hash, &err), SP_OK);
	for (long n = 1; n < 50; n++) {
		err = (struct sp_err)SP_ERR_INIT;
		sp_fault_arm(SP_FAULT_DB, n, 0);
		sp_status st = db_feeds_issue(db, g, 2, &err);
		sp_fault_arm(SP_FAULT_DB, 0, 0);
		if (st == SP_OK)
			break;
		CU_ASSERT_EQUAL(st, SP_ERR_DB);
		last_insert |= strstr(err.msg, "cannot store the address of team 'sup'") != NULL;
		CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM feeds"), 1);
		CU_ASSERT_EQUAL(raw_int(path, sql), 1);
	}
	CU_ASSERT(last_insert);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM feeds"), 3);
	CU_ASSERT_EQUAL(raw_int(path, sql), 0);
	db_close(db);
}

static void test_feeds_agents_of_what_if_runs_are_unknown(void)
{
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	const char *path = db_path("whatif.db");
	struct sp_run run;
	char secret[FEED_SECRET_LEN + 1];
	char **ids = NULL;
	int n = -1;

	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	make_run(&run, 0);
	snprintf(run.scenario, sizeof(run.scenario), "ko-launch");
	CU_ASSERT_EQUAL(db_save_run(db, &run, &err), SP_OK);
	sp_run_release(&run);
	CU_ASSERT_EQUAL(issue(db, SP_FEED_AGENT, "ann", secret, &err), SP_ERR_USAGE);
	CU_ASSERT_EQUAL(db_feed_agents(db, &ids, &n, &err), SP_OK);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_PTR_NULL(ids);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM feeds"), 0);
	db_close(db);
}

static void test_feeds_revoke_and_list(void)
{
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct feed_service *svc = NULL;
	struct feed_doc doc;
	const char *dir, *path = fixture("revoke.db", &db, &dir);
	char sa[FEED_SECRET_LEN + 1], sb[FEED_SECRET_LEN + 1], st[FEED_SECRET_LEN + 1];
	const char *both[] = { "ann", "ben" }, *missing[] = { "ann", "cy" }, *team[] = { "sup" };
	struct sp_feed *f = NULL;
	int n = 0, found = -1;

	CU_ASSERT_EQUAL(issue(db, SP_FEED_AGENT, "ann", sa, &err), SP_OK);
	CU_ASSERT_EQUAL(issue(db, SP_FEED_AGENT, "ben", sb, &err), SP_OK);
	CU_ASSERT_EQUAL(issue(db, SP_FEED_TEAM, "sup", st, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(feed_service_new(path, &svc, &err), SP_OK);

	/* cy has no address: nothing is revoked, ann's still works */
	CU_ASSERT_EQUAL(db_feeds_revoke(db, SP_FEED_AGENT, missing, 2, &err), SP_ERR_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'cy'"));
	CU_ASSERT_EQUAL(feed_service_get(svc, sa, strlen(sa), now_mar, &doc, &found, &err), SP_OK);
	CU_ASSERT_EQUAL(found, 1);
	feed_doc_release(&doc);

	/* revoked: unknown to the same, still open service at once */
	CU_ASSERT_EQUAL(db_feeds_revoke(db, SP_FEED_AGENT, both, 2, &err), SP_OK);
	CU_ASSERT_EQUAL(feed_service_get(svc, sa, strlen(sa), now_mar, &doc, &found, &err), SP_OK);
	CU_ASSERT_EQUAL(found, 0);
	CU_ASSERT_EQUAL(feed_service_get(svc, sb, strlen(sb), now_mar, &doc, &found, &err), SP_OK);
	CU_ASSERT_EQUAL(found, 0);
	CU_ASSERT_EQUAL(feed_service_get(svc, st, strlen(st), now_mar, &doc, &found, &err), SP_OK);
	CU_ASSERT_EQUAL(found, 1);
	feed_doc_release(&doc);
	CU_ASSERT_EQUAL(db_feeds_revoke(db, SP_FEED_AGENT, both, 1, &err), SP_ERR_USAGE); /* again */
	CU_ASSERT_EQUAL(db_feeds_revoke(db, SP_FEED_TEAM, team, 1, &err), SP_OK);
	CU_ASSERT_EQUAL(feed_service_get(svc, st, strlen(st), now_mar, &doc, &found, &err), SP_OK);
	CU_ASSERT_EQUAL(found, 0);

	/* fetches are written by flush, and listed */
	CU_ASSERT_EQUAL(db_feeds_list(db, &f, &n, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_STRING_EQUAL(f[0].subject, "ann");
	CU_ASSERT_EQUAL(f[0].kind, SP_FEED_AGENT);
	CU_ASSERT_NOT_EQUAL(f[0].revoked_at[0], '\0');
	CU_ASSERT_EQUAL(f[0].fetched_at[0], '\0');
	CU_ASSERT_STRING_EQUAL(f[2].subject, "sup");
	CU_ASSERT_EQUAL(f[2].kind, SP_FEED_TEAM);
	db_feeds_free(f, n);
	CU_ASSERT_EQUAL(feed_service_flush(svc, &err), SP_OK);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT count(*) FROM feeds WHERE fetched_at = '2027-03-25T12:00:00Z'"), 2);
	CU_ASSERT_EQUAL(feed_service_flush(svc, &err), SP_OK); /* nothing new: harmless */
	feed_service_free(svc);
	db_close(db);
}

static void test_feeds_secret_shapes_and_urls(void)
{
	char *u;

	CU_ASSERT_TRUE(feed_secret_shaped("abcdefghijABCDEFGHIJ0123456789-_", 32));
	CU_ASSERT_FALSE(feed_secret_shaped("abcdefghijABCDEFGHIJ0123456789-_x", 33));
	CU_ASSERT_FALSE(feed_secret_shaped("abcdefghijABCDEFGHIJ0123456789-", 31));
	CU_ASSERT_FALSE(feed_secret_shaped("abcdefghijABCDEFGHIJ012345678/.-", 32));
	CU_ASSERT_FALSE(feed_secret_shaped("abcdefghijABCDEFGHIJ0123456789%2", 32));
	u = feed_url("https://cal.example.com//", "S");
	CU_ASSERT_STRING_EQUAL(u, "https://cal.example.com/cal/S.ics");
	free(u);
	u = feed_url(FEED_BASE_URL, "S");
	CU_ASSERT_STRING_EQUAL(u, "http://127.0.0.1:8080/cal/S.ics");
	free(u);
}

/* ---- the calendar ---------------------------------------------------------- */

/* The body of subject's feed at now through a fresh service. */
static char *fetch(const char *path, struct sp_db *db, int kind, const char *subject, time_t now,
		   struct feed_doc *doc)
{
	struct sp_err err = SP_ERR_INIT;
	struct feed_service *svc = NULL;
	char secret[FEED_SECRET_LEN + 1];
	int found = 0;

	CU_ASSERT_EQUAL_FATAL(issue(db, kind, subject, secret, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(feed_service_new(path, &svc, &err), SP_OK);
	CU_ASSERT_EQUAL(feed_service_get(svc, secret, strlen(secret), now, doc, &found, &err), SP_OK);
	CU_ASSERT_EQUAL(found, 1);
	feed_service_free(svc);
	return doc->body;
}

static char *file_in(const char *dir, const char *name)
{
	char p[400];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return test_slurp(p, NULL);
}

static void test_feeds_calendar_is_the_published_file(void)
{
	struct sp_db *db = NULL;
	struct feed_doc doc;
	const char *dir, *path = fixture("same.db", &db, &dir);
	char *file, hash[SP_SHA256_HEX], want[70];

	/* the agent's feed is byte for byte the file export wrote */
	fetch(path, db, SP_FEED_AGENT, "ann", now_mar, &doc);
	file = file_in(dir, "ann.ics");
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc.body);
	CU_ASSERT_EQUAL(doc.len, strlen(file));
	CU_ASSERT_STRING_EQUAL(doc.body, file);
	CU_ASSERT_PTR_NOT_NULL(strstr(doc.body, "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(doc.body, "X-PUBLISHED-TTL:PT1H\r\n"));
	CU_ASSERT_EQUAL(count(doc.body, "BEGIN:VEVENT"), 3); /* two shifts, one break */
	/* what the run planned, which the publications table does not keep */
	char *u = unfold(doc.body);
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "DESCRIPTION:Queues: chat\\, security\\nLanguages: en\\n"
				      "Paid time: 7 h 30 min\\nBreak: 13:00-13:30 (unpaid)\\n"));
	free(u);
	sp_sha256_hex(doc.body, doc.len, hash);
	snprintf(want, sizeof(want), "\"%s\"", hash);
	CU_ASSERT_STRING_EQUAL(doc.etag, want);
	CU_ASSERT_EQUAL(doc.last_modified,
			(time_t)raw_int(path, "SELECT max(strftime('%s', published_at)) FROM publications"));
	free(file);
	feed_doc_release(&doc);

	/* the team feed: every agent, team- UIDs, the site zone: team.ics */
	fetch(path, db, SP_FEED_TEAM, "sup", now_mar, &doc);
	file = file_in(dir, "team.ics");
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	CU_ASSERT_STRING_EQUAL(doc.body, file);
	CU_ASSERT_EQUAL(count(doc.body, "UID:team-"), 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(doc.body, "Ben\\, Jr.: Shift"));
	free(file);
	feed_doc_release(&doc);
	db_close(db);
}

static void test_feeds_shift_the_run_no_longer_holds(void)
{
	struct sp_db *db = NULL;
	struct feed_doc doc;
	const char *dir, *path = fixture("gone.db", &db, &dir);
	sqlite3 *h = NULL;
	char *u;

	/* the run's shifts are gone (a database edited by hand): the feed
	 * still shows every publication, without queues and languages, the
	 * span less the break as paid time */
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &h), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(h, "DELETE FROM run_shifts", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	fetch(path, db, SP_FEED_AGENT, "ann", now_mar, &doc);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc.body);
	u = unfold(doc.body);
	CU_ASSERT_EQUAL(count(u, "BEGIN:VEVENT"), 3);
	CU_ASSERT_PTR_NULL(strstr(u, "Queues:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "DESCRIPTION:Paid time: 7 h 30 min\\nBreak: 13:00-13:30 (unpaid)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "DESCRIPTION:Paid time: 8 h\\nBreak: none"));
	free(u);
	feed_doc_release(&doc);
	db_close(db);
}

/* A Singapore week from Monday monday (UTC midnight of that date): sg works
 * two days from day `from` (0: Monday), 09:00-17:00 local. */
static void make_sg_week(struct sp_run *run, time_t monday, int from)
{
	char date[16];
	struct tm tm;

	sp_run_init(run);
	snprintf(run->site_tz, sizeof(run->site_tz), "Asia/Singapore");
	run->horizon_start = monday - 8 * 3600;
	run->ndays = 7;
	sp_run_add_agent(run, "sg", "Siew", "Asia/Singapore", "");
	for (int d = from; d < from + 2; d++) {
		time_t day = monday + d * 86400;

		gmtime_r(&day, &tm);
		strftime(date, sizeof(date), "%Y-%m-%d", &tm);
		add_shift(run, "sg", "Siew", "Asia/Singapore", date, day + 3600, day + 9 * 3600, 0, 0);
	}
}

static void test_feeds_zones_start_as_in_the_files(void)
{
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct feed_service *svc = NULL;
	struct feed_doc d1, d2;
	const char *path = db_path("zones.db");
	char dec[300], jan[300], secret[FEED_SECRET_LEN + 1], *file_dec, *file_jan;
	struct sp_run run;
	int found = 0;

	/* the last week of 2026, then the first of 2027, each in its files */
	snprintf(dec, sizeof(dec), "%s.dec", path);
	snprintf(jan, sizeof(jan), "%s.jan", path);
	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	make_sg_week(&run, utc(2026, 12, 28, 0, 0), 0);
	publish(db, &run, dec);
	sp_run_release(&run);
	make_sg_week(&run, utc(2027, 1, 4, 0, 0), 0);
	publish(db, &run, jan);
	sp_run_release(&run);
	file_dec = file_in(dec, "sg.ics");
	file_jan = file_in(jan, "sg.ics");
	CU_ASSERT_PTR_NOT_NULL_FATAL(file_dec);
	CU_ASSERT_PTR_NOT_NULL_FATAL(file_jan);
	/* a zone without DST: its VTIMEZONE names the year it starts in */
	CU_ASSERT_PTR_NOT_NULL(strstr(file_dec, "DTSTART:20260101T080000"));
	CU_ASSERT_PTR_NOT_NULL(strstr(file_jan, "DTSTART:20270101T080000"));

	/* one service, both years: while December is in the window the
	 * VTIMEZONE starts in 2026, as December's file has it; once only
	 * January is, the feed is January's file byte for byte */
	CU_ASSERT_EQUAL_FATAL(issue(db, SP_FEED_AGENT, "sg", secret, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(feed_service_new(path, &svc, &err), SP_OK);
	CU_ASSERT_EQUAL(feed_service_get(svc, secret, strlen(secret), utc(2027, 1, 6, 12, 0), &d1, &found, &err),
			SP_OK);
	CU_ASSERT_EQUAL_FATAL(found, 1);
	CU_ASSERT_EQUAL(count(d1.body, "BEGIN:VEVENT"), 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(d1.body, "DTSTART:20260101T080000"));
	CU_ASSERT_PTR_NULL(strstr(d1.body, "DTSTART:20270101T080000"));
	CU_ASSERT_EQUAL(feed_service_get(svc, secret, strlen(secret), utc(2027, 1, 28, 12, 0), &d2, &found, &err),
			SP_OK);
	CU_ASSERT_EQUAL_FATAL(found, 1);
	CU_ASSERT_STRING_EQUAL(d2.body, file_jan);
	feed_doc_release(&d2);
	/* December again: the 2026 context is still there, the same body */
	CU_ASSERT_EQUAL(feed_service_get(svc, secret, strlen(secret), utc(2027, 1, 6, 13, 0), &d2, &found, &err),
			SP_OK);
	CU_ASSERT_STRING_EQUAL(d2.etag, d1.etag);
	feed_doc_release(&d1);
	feed_doc_release(&d2);
	free(file_jan);

	/* a week from Monday 3 January 2028 whose first shift is Wednesday's:
	 * the file's VTIMEZONE starts in 2027 (the horizon starts then, in
	 * UTC, two days early), and so does the feed's */
	make_sg_week(&run, utc(2028, 1, 3, 0, 0), 2);
	publish(db, &run, jan);
	sp_run_release(&run);
	file_jan = file_in(jan, "sg.ics");
	CU_ASSERT_PTR_NOT_NULL_FATAL(file_jan);
	CU_ASSERT_PTR_NOT_NULL(strstr(file_jan, "DTSTART:20270101T080000"));
	CU_ASSERT_EQUAL(feed_service_get(svc, secret, strlen(secret), utc(2028, 1, 20, 12, 0), &d1, &found, &err),
			SP_OK);
	CU_ASSERT_EQUAL_FATAL(found, 1);
	CU_ASSERT_STRING_EQUAL(d1.body, file_jan);
	feed_doc_release(&d1);
	feed_service_free(svc);
	free(file_dec);
	free(file_jan);
	db_close(db);
}

static void test_feeds_replan_shows_through_an_open_service(void)
{
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct feed_service *svc = NULL;
	struct feed_doc d1, d2, d3;
	const char *dir, *path = fixture("replan.db", &db, &dir);
	char secret[FEED_SECRET_LEN + 1], *file;
	struct sp_run run;
	int found = 0;

	CU_ASSERT_EQUAL_FATAL(issue(db, SP_FEED_AGENT, "ann", secret, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(feed_service_new(path, &svc, &err), SP_OK);
	CU_ASSERT_EQUAL(feed_service_get(svc, secret, strlen(secret), now_mar, &d1, &found, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(found, 1);
	CU_ASSERT_EQUAL(feed_service_get(svc, secret, strlen(secret), now_mar, &d2, &found, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(d1.etag, d2.etag); /* nothing changed: same validators */
	CU_ASSERT_EQUAL(d1.last_modified, d2.last_modified);
	feed_doc_release(&d2);

	/* a re-plan committed by another connection while the service runs */
	make_run(&run, 1);
	publish(db, &run, dir);
	sp_run_release(&run);
	CU_ASSERT_EQUAL(feed_service_get(svc, secret, strlen(secret), now_mar, &d3, &found, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(found, 1);
	CU_ASSERT_STRING_NOT_EQUAL(d3.etag, d1.etag);
	CU_ASSERT_TRUE(d3.last_modified >= d1.last_modified);
	file = file_in(dir, "ann.ics");
	CU_ASSERT_STRING_EQUAL(d3.body, file);
	free(file);
	/* Monday moved (SEQUENCE 1, break now cancelled), Tuesday cancelled */
	CU_ASSERT_EQUAL(count(d3.body, "SEQUENCE:1\r\n"), 3);
	CU_ASSERT_EQUAL(count(d3.body, "STATUS:CANCELLED"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(d3.body, "DTSTART;TZID=Europe/London:20270322T100000"));
	CU_ASSERT_EQUAL(count(d3.body, "UID:sp-"), count(d1.body, "UID:sp-"));
	feed_doc_release(&d1);
	feed_doc_release(&d3);
	feed_service_free(svc);
	db_close(db);
}

static void test_feeds_rename_alone_changes_the_body(void)
{
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct feed_service *svc = NULL;
	struct feed_doc d1, d2;
	const char *dir, *path = fixture("rename.db", &db, &dir);
	char secret[FEED_SECRET_LEN + 1];
	struct sp_run run;
	int found = 0;

	CU_ASSERT_EQUAL_FATAL(issue(db, SP_FEED_TEAM, "sup", secret, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(feed_service_new(path, &svc, &err), SP_OK);
	CU_ASSERT_EQUAL(feed_service_get(svc, secret, strlen(secret), now_mar, &d1, &found, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(found, 1);
	/* the same shifts published again by a run that renames Ben: no
	 * SEQUENCE moves, yet the team calendar is no longer the kept one */
	make_run(&run, 0);
	for (int i = 0; i < run.nshifts; i++)
		if (!strcmp(run.shifts[i].agent_id, "ben")) {
			free(run.shifts[i].agent_name);
			run.shifts[i].agent_name = sp_xstrdup("Benjamin");
		}
	free(run.agents[1].name);
	run.agents[1].name = sp_xstrdup("Benjamin");
	publish(db, &run, dir);
	sp_run_release(&run);
	CU_ASSERT_EQUAL(raw_int(path, "SELECT max(sequence) FROM publications"), 0);
	CU_ASSERT_EQUAL(feed_service_get(svc, secret, strlen(secret), now_mar, &d2, &found, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(found, 1);
	CU_ASSERT_STRING_NOT_EQUAL(d1.etag, d2.etag);
	CU_ASSERT_PTR_NOT_NULL(strstr(d2.body, "Benjamin: Shift"));
	CU_ASSERT_PTR_NULL(strstr(d2.body, "Ben\\, Jr."));
	feed_doc_release(&d1);
	feed_doc_release(&d2);
	feed_service_free(svc);
	db_close(db);
}

static void test_feeds_many_feeds_keep_their_own_bodies(void)
{
	enum { N = 700 }; /* past the first growth of the service's table */
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct feed_service *svc = NULL;
	struct feed_doc doc;
	const char *dir, *path = fixture("many.db", &db, &dir);
	static char secret[N + 1][FEED_SECRET_LEN + 1];
	char name[16], *team = NULL, *ann = NULL;
	int found = 0, ok = 1;

	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		CU_ASSERT_EQUAL_FATAL(issue(db, SP_FEED_TEAM, name, secret[i], &err), SP_OK);
	}
	CU_ASSERT_EQUAL_FATAL(issue(db, SP_FEED_AGENT, "ann", secret[N], &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(feed_service_new(path, &svc, &err), SP_OK);
	for (int round = 0; round < 2; round++)
		for (int i = 0; i <= N; i++) {
			CU_ASSERT_EQUAL(feed_service_get(svc, secret[i], FEED_SECRET_LEN, now_mar, &doc, &found,
							 &err), SP_OK);
			char **want = i < N ? &team : &ann;
			if (!*want)
				*want = sp_xstrdup(doc.body);
			ok &= found && !strcmp(doc.body, *want);
			feed_doc_release(&doc);
		}
	CU_ASSERT_TRUE(ok);
	CU_ASSERT_PTR_NOT_NULL(strstr(team, "UID:team-"));
	CU_ASSERT_PTR_NULL(strstr(ann, "UID:team-"));
	free(team);
	free(ann);
	feed_service_free(svc);
	db_close(db);
}

static void test_feeds_window_starts_four_weeks_back(void)
{
	struct sp_db *db = NULL;
	struct feed_doc doc;
	const char *dir, *path = fixture("window.db", &db, &dir);
	char from[16];

	feed_window_start(utc(2027, 4, 19, 23, 59), from);
	CU_ASSERT_STRING_EQUAL(from, "2027-03-22");
	/* on 19 April Monday 22 March is still shown, Tuesday too */
	fetch(path, db, SP_FEED_AGENT, "ann", utc(2027, 4, 19, 12, 0), &doc);
	CU_ASSERT_EQUAL(count(doc.body, "BEGIN:VEVENT"), 3);
	feed_doc_release(&doc);
	/* on 20 April only Tuesday */
	fetch(path, db, SP_FEED_AGENT, "ann", utc(2027, 4, 20, 12, 0), &doc);
	CU_ASSERT_EQUAL(count(doc.body, "BEGIN:VEVENT"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(doc.body, "X-STAFFPLAN-DATE:2027-03-23"));
	feed_doc_release(&doc);
	/* in May nothing: still a valid calendar (a VTIMEZONE), no Last-Modified */
	fetch(path, db, SP_FEED_AGENT, "ann", utc(2027, 5, 1, 0, 0), &doc);
	CU_ASSERT_EQUAL(count(doc.body, "BEGIN:VEVENT"), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(doc.body, "BEGIN:VTIMEZONE"));
	CU_ASSERT_PTR_NOT_NULL(strstr(doc.body, "X-WR-CALNAME:Roster: Ann Lee"));
	CU_ASSERT_EQUAL(doc.last_modified, 0);
	feed_doc_release(&doc);
	db_close(db);
}

static void test_feeds_service_refuses_malformed_and_wrong_secrets(void)
{
	struct sp_err err = SP_ERR_INIT;
	struct sp_db *db = NULL;
	struct feed_service *svc = NULL;
	struct feed_doc doc;
	const char *dir, *path = fixture("wrong.db", &db, &dir);
	char secret[FEED_SECRET_LEN + 1], other[FEED_SECRET_LEN + 1], hash[SP_SHA256_HEX];
	int found = -1;

	CU_ASSERT_EQUAL_FATAL(issue(db, SP_FEED_AGENT, "ann", secret, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(feed_secret_new(other, hash, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(feed_service_new(path, &svc, &err), SP_OK);
	CU_ASSERT_EQUAL(feed_service_get(svc, other, strlen(other), now_mar, &doc, &found, &err), SP_OK);
	CU_ASSERT_EQUAL(found, 0);
	CU_ASSERT_EQUAL(feed_service_get(svc, secret, strlen(secret) - 1, now_mar, &doc, &found, &err), SP_OK);
	CU_ASSERT_EQUAL(found, 0);
	CU_ASSERT_EQUAL(feed_service_get(svc, "../../etc/passwd", 16, now_mar, &doc, &found, &err), SP_OK);
	CU_ASSERT_EQUAL(found, 0);
	/* the hash itself is no secret: it opens nothing */
	sp_sha256_hex(secret, strlen(secret), hash);
	CU_ASSERT_EQUAL(feed_service_get(svc, hash, strlen(hash), now_mar, &doc, &found, &err), SP_OK);
	CU_ASSERT_EQUAL(found, 0);
	feed_service_free(svc);
	db_close(db);
	/* no database, or one without the feeds table: refused at start */
	CU_ASSERT_EQUAL(feed_service_new(db_path("missing.db"), &svc, &err), SP_ERR_DB);
	CU_ASSERT_PTR_NULL(svc);
	path = db_path("old.db");
	sqlite3 *h = NULL;
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &h), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(h, "CREATE TABLE publications(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	CU_ASSERT_EQUAL(feed_service_new(path, &svc, &err), SP_ERR_DB);
	CU_ASSERT_PTR_NULL(svc);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "old.db"));
}

/* ---- HTTP pieces ----------------------------------------------------------- */

static void test_feeds_http_paths(void)
{
	const char *s;
	size_t n;

	CU_ASSERT_TRUE(serve_feed_path("/cal/abc.ics", &s, &n));
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_EQUAL(strncmp(s, "abc", 3), 0);
	CU_ASSERT_TRUE(serve_feed_path("/cal/.ics", &s, &n));
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_FALSE(serve_feed_path("/cal/../x.ics", &s, &n));
	CU_ASSERT_FALSE(serve_feed_path("/cal/a/b.ics", &s, &n));
	CU_ASSERT_FALSE(serve_feed_path("/cal/abc.ics/", &s, &n));
	CU_ASSERT_FALSE(serve_feed_path("/cal/abc", &s, &n));
	CU_ASSERT_FALSE(serve_feed_path("/CAL/abc.ics", &s, &n));
	CU_ASSERT_FALSE(serve_feed_path("/", &s, &n));
	CU_ASSERT_FALSE(serve_feed_path("", &s, &n));
	/* the absolute form (RFC 9112 3.2.2): the path after the authority */
	CU_ASSERT_TRUE(serve_feed_path("http://127.0.0.1:8080/cal/abc.ics", &s, &n));
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_EQUAL(strncmp(s, "abc", 3), 0);
	CU_ASSERT_TRUE(serve_feed_path("HTTPS://cal.example.com/cal/abc.ics", &s, &n));
	CU_ASSERT_TRUE(serve_feed_path("http://u@h/cal/abc.ics", &s, &n));
	CU_ASSERT_FALSE(serve_feed_path("http://cal.example.com", &s, &n));
	CU_ASSERT_FALSE(serve_feed_path("http://h/x/cal/abc.ics", &s, &n));
	CU_ASSERT_FALSE(serve_feed_path("ftp://h/cal/abc.ics", &s, &n));
	CU_ASSERT_FALSE(serve_feed_path("//h/cal/abc.ics", &s, &n));
	CU_ASSERT_PTR_NULL(s);
}

static void test_feeds_http_validators(void)
{
	const char *e = "\"abc\"";
	time_t lm = 1805976000; /* Thu, 25 Mar 2027 12:00:00 GMT */
	char date[32];
	time_t t;

	CU_ASSERT_TRUE(serve_etag_listed("\"abc\"", e));
	CU_ASSERT_TRUE(serve_etag_listed("W/\"abc\"", e));
	CU_ASSERT_TRUE(serve_etag_listed("\"x\", W/\"y\" ,\"abc\"", e));
	CU_ASSERT_TRUE(serve_etag_listed("*", e));
	CU_ASSERT_FALSE(serve_etag_listed("\"abcd\"", e));
	CU_ASSERT_FALSE(serve_etag_listed("\"ab\"", e));
	CU_ASSERT_FALSE(serve_etag_listed("abc", e));
	CU_ASSERT_FALSE(serve_etag_listed("\"abc", e));
	CU_ASSERT_FALSE(serve_etag_listed("", e));

	serve_http_date(lm, date);
	CU_ASSERT_STRING_EQUAL(date, "Thu, 25 Mar 2027 12:00:00 GMT");
	CU_ASSERT_EQUAL(serve_http_date_parse(date, &t), 0);
	CU_ASSERT_EQUAL(t, lm);
	CU_ASSERT_EQUAL(serve_http_date_parse("Thursday, 25-Mar-27 12:00:00 GMT", &t), 0);
	CU_ASSERT_EQUAL(t, lm);
	CU_ASSERT_EQUAL(serve_http_date_parse("Thu Mar 25 12:00:00 2027", &t), 0);
	CU_ASSERT_EQUAL(t, lm);
	CU_ASSERT_EQUAL(serve_http_date_parse("Thu, 25 Mar 2027 12:00:00 CET", &t), -1);
	CU_ASSERT_EQUAL(serve_http_date_parse("Thu, 25 Foo 2027 12:00:00 GMT", &t), -1);
	CU_ASSERT_EQUAL(serve_http_date_parse("Thu, 25 Mar 2027 25:00:00 GMT", &t), -1);
	CU_ASSERT_EQUAL(serve_http_date_parse("Thu, 25 Mar 2027 12:00:00 GMT x", &t), -1);
	CU_ASSERT_EQUAL(serve_http_date_parse("yesterday", &t), -1);
	CU_ASSERT_EQUAL(serve_http_date_parse("", &t), -1);

	/* If-Modified-Since: 304 only when not older than Last-Modified */
	CU_ASSERT_TRUE(serve_not_modified(NULL, "Thu, 25 Mar 2027 12:00:00 GMT", e, lm));
	CU_ASSERT_TRUE(serve_not_modified(NULL, "Fri, 26 Mar 2027 00:00:00 GMT", e, lm));
	CU_ASSERT_FALSE(serve_not_modified(NULL, "Thu, 25 Mar 2027 11:59:59 GMT", e, lm));
	CU_ASSERT_FALSE(serve_not_modified(NULL, "garbage", e, lm));
	CU_ASSERT_FALSE(serve_not_modified(NULL, "Fri, 26 Mar 2027 00:00:00 GMT", e, 0));
	CU_ASSERT_FALSE(serve_not_modified(NULL, NULL, e, lm));
	/* If-None-Match decides alone when sent */
	CU_ASSERT_FALSE(serve_not_modified("\"old\"", "Fri, 26 Mar 2027 00:00:00 GMT", e, lm));
	CU_ASSERT_TRUE(serve_not_modified("\"abc\"", "Thu, 01 Jan 2015 00:00:00 GMT", e, lm));
}

/* serve_decide()'s lookup in these tests: fake->found says whether the
 * secret "live0123..." is live, fake->fail makes it fail. */
struct fake {
	int calls, fail;
	const char *live;
};

static sp_status fake_lookup(void *arg, const char *secret, size_t len, struct feed_doc *doc, int *found,
			     struct sp_err *err)
{
	struct fake *f = arg;

	f->calls++;
	memset(doc, 0, sizeof(*doc));
	*found = 0;
	if (f->fail)
		return sp_err_set(err, SP_ERR_DB, "database 'x.db': cannot read publications");
	if (len != strlen(f->live) || memcmp(secret, f->live, len))
		return SP_OK;
	doc->body = sp_xstrdup("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
	doc->len = strlen(doc->body);
	snprintf(doc->etag, sizeof(doc->etag), "\"abc\"");
	doc->last_modified = 1805976000; /* Thu, 25 Mar 2027 12:00:00 GMT */
	doc->feed_id = 7;
	*found = 1;
	return SP_OK;
}

/* Decides method url [inm [ims]] against f; returns the status. */
static unsigned decide(struct fake *f, const char *method, const char *url, const char *inm, const char *ims,
		       struct serve_answer *a)
{
	struct serve_request rq = { method, url, inm, ims };

	serve_decide(&rq, fake_lookup, f, a);
	return a->status;
}

static void test_feeds_http_decisions(void)
{
	struct fake f = { 0, 0, "live0123456789abcdefghijklmnopqr" };
	struct serve_answer a, nf;
	const char *feed = "/cal/live0123456789abcdefghijklmnopqr.ics";

	/* not a feed path, another method: decided without a lookup */
	CU_ASSERT_EQUAL(decide(&f, "GET", "/favicon.ico", NULL, NULL, &nf), 404);
	CU_ASSERT_PTR_NOT_NULL_FATAL(nf.text);
	CU_ASSERT_EQUAL(nf.body_len, strlen(nf.text));
	CU_ASSERT_EQUAL(decide(&f, "HEAD", "/cal/a/b.ics", NULL, NULL, &a), 404);
	CU_ASSERT_EQUAL(a.body_len, 0);
	CU_ASSERT_EQUAL(decide(&f, "POST", feed, NULL, NULL, &a), 405);
	CU_ASSERT_PTR_EQUAL(a.text, nf.text);
	CU_ASSERT_EQUAL(decide(&f, "DELETE", "/cal/unknown.ics", NULL, NULL, &a), 405);
	CU_ASSERT_EQUAL(decide(&f, "get", feed, NULL, NULL, &a), 405); /* methods are case-sensitive */
	CU_ASSERT_EQUAL(f.calls, 0);

	/* an unknown secret: the same 404 as a wrong path */
	CU_ASSERT_EQUAL(decide(&f, "GET", "/cal/other.ics", NULL, NULL, &a), 404);
	CU_ASSERT_PTR_EQUAL(a.text, nf.text);
	CU_ASSERT_EQUAL(a.body_len, nf.body_len);
	CU_ASSERT_PTR_NULL(a.doc.body);
	CU_ASSERT_EQUAL(f.calls, 1);

	/* the feed: 200, HEAD without the body, 304 on the validators */
	CU_ASSERT_EQUAL(decide(&f, "GET", feed, NULL, NULL, &a), 200);
	CU_ASSERT_EQUAL(a.body_len, a.doc.len);
	CU_ASSERT_STRING_EQUAL(a.doc.etag, "\"abc\"");
	serve_answer_release(&a);
	CU_ASSERT_PTR_NULL(a.doc.body);
	CU_ASSERT_EQUAL(decide(&f, "HEAD", feed, NULL, NULL, &a), 200);
	CU_ASSERT_EQUAL(a.body_len, 0);
	CU_ASSERT_NOT_EQUAL(a.doc.len, 0);
	serve_answer_release(&a);
	CU_ASSERT_EQUAL(decide(&f, "GET", feed, "W/\"abc\"", NULL, &a), 304);
	CU_ASSERT_EQUAL(a.body_len, 0);
	CU_ASSERT_STRING_EQUAL(a.doc.etag, "\"abc\""); /* a 304 carries the validators */
	serve_answer_release(&a);
	CU_ASSERT_EQUAL(decide(&f, "GET", feed, "\"old\"", "Fri, 26 Mar 2027 00:00:00 GMT", &a), 200);
	serve_answer_release(&a);
	CU_ASSERT_EQUAL(decide(&f, "GET", feed, NULL, "Thu, 25 Mar 2027 12:00:00 GMT", &a), 304);
	serve_answer_release(&a);
	CU_ASSERT_EQUAL(decide(&f, "GET", feed, NULL, "Thu, 25 Mar 2027 11:59:59 GMT", &a), 200);
	serve_answer_release(&a);

	/* the database fails: 503, its message, nothing of the secret */
	f.fail = 1;
	CU_ASSERT_EQUAL(decide(&f, "GET", feed, NULL, NULL, &a), 503);
	CU_ASSERT_PTR_NULL(a.doc.body);
	CU_ASSERT_PTR_NOT_NULL(a.text);
	CU_ASSERT_EQUAL(a.body_len, strlen(a.text));
	CU_ASSERT_PTR_NOT_NULL(strstr(a.err.msg, "x.db"));
	CU_ASSERT_PTR_NULL(strstr(a.err.msg, "live0123"));
	CU_ASSERT_EQUAL(decide(&f, "HEAD", feed, NULL, NULL, &a), 503);
	CU_ASSERT_EQUAL(a.body_len, 0);
	serve_answer_release(NULL);
}

static void test_feeds_log_hides_secrets(void)
{
	const char *secret = "Cz4WeA_RyxLwEGFo_SlMZfj4aqSZ7fzp";
	char out[300], url[200];

	serve_log_path("/cal/Cz4WeA_RyxLwEGFo_SlMZfj4aqSZ7fzp.ics", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "/cal/[secret].ics");
	/* any other path only by its length, whatever it holds */
	serve_log_path("/cal/Cz4WeA_Ryx", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "[path:15]");
	snprintf(url, sizeof(url), "/calendar/%s.ics", secret);
	serve_log_path(url, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "[path:46]");
	/* a secret split by dots into runs shorter than 16 (QA's case) */
	snprintf(url, sizeof(url), "/x/%.15s.%.15s.%s", secret, secret + 15, secret + 30);
	serve_log_path(url, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "[path:37]");
	serve_log_path("/a b\"\\\n\x01\xc3\xa9", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "[path:10]");
	serve_log_path("/favicon.ico", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "[path:12]");
	memset(url, 'a', sizeof(url) - 1);
	url[0] = '/';
	url[sizeof(url) - 1] = '\0';
	serve_log_path(url, out, 32);
	CU_ASSERT_STRING_EQUAL(out, "[path:199]");

	/* the request: known methods and versions as they are, others by length */
	serve_log_request("GET", "/cal/Cz4WeA_RyxLwEGFo_SlMZfj4aqSZ7fzp.ics", "HTTP/1.1", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "GET /cal/[secret].ics HTTP/1.1");
	snprintf(url, sizeof(url), "%.15s.%.15s.%s", secret, secret + 15, secret + 30);
	serve_log_request(url, "/", url, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "[method:34] [path:1] [version:34]");
	CU_ASSERT_PTR_NULL(strstr(out, "Cz4"));

	/* notes: long base64url runs hidden, bytes escaped, cut with "..." */
	snprintf(url, sizeof(url), "cannot read '/x%s'", secret + 3);
	serve_log_text(url, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "cannot read '/[secret]'");
	serve_log_text("/a b\"\\\n\x01\xc3\xa9", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "/a b\\x22\\x5C\\x0A\\x01\\xC3\\xA9");
	memset(url, '.', sizeof(url) - 1);
	url[sizeof(url) - 1] = '\0';
	serve_log_text(url, out, 24);
	CU_ASSERT_EQUAL(strlen(out), 23);
	CU_ASSERT_STRING_EQUAL(out + 20, "...");
}

TEST_SUITE(feeds)
{
	CU_pSuite s = CU_add_suite("feeds", NULL, NULL);

	CU_add_test(s, "store hashes never secrets", test_feeds_store_hashes_never_secrets);
	CU_add_test(s, "issue again revokes the old address", test_feeds_issue_again_revokes_the_old_address);
	CU_add_test(s, "unknown agents refused, nothing written", test_feeds_unknown_agents_refused_nothing_written);
	CU_add_test(s, "a failed issue keeps the old addresses", test_feeds_failed_issue_keeps_the_old_addresses);
	CU_add_test(s, "agents of what-if runs are unknown", test_feeds_agents_of_what_if_runs_are_unknown);
	CU_add_test(s, "revoke and list", test_feeds_revoke_and_list);
	CU_add_test(s, "secret shapes and urls", test_feeds_secret_shapes_and_urls);
	CU_add_test(s, "calendar is the published file", test_feeds_calendar_is_the_published_file);
	CU_add_test(s, "a shift the run no longer holds", test_feeds_shift_the_run_no_longer_holds);
	CU_add_test(s, "zones start as in the files", test_feeds_zones_start_as_in_the_files);
	CU_add_test(s, "re-plan shows through an open service", test_feeds_replan_shows_through_an_open_service);
	CU_add_test(s, "rename alone changes the body", test_feeds_rename_alone_changes_the_body);
	CU_add_test(s, "many feeds keep their own bodies", test_feeds_many_feeds_keep_their_own_bodies);
	CU_add_test(s, "window starts four weeks back", test_feeds_window_starts_four_weeks_back);
	CU_add_test(s, "service refuses malformed and wrong secrets",
		    test_feeds_service_refuses_malformed_and_wrong_secrets);
	CU_add_test(s, "http paths", test_feeds_http_paths);
	CU_add_test(s, "http validators", test_feeds_http_validators);
	CU_add_test(s, "http decisions", test_feeds_http_decisions);
	CU_add_test(s, "log hides secrets", test_feeds_log_hides_secrets);
}
