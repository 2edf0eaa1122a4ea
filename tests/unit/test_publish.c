/* test_publish.c - calendars and the publications table, moved together
 *
 * publish_calendars() and the plan pipeline with a real database: rows
 * recorded with the files, SEQUENCE raised on a re-plan, a what-if run
 * written as a preview with no row, and every failure before the commit
 * leaving both the database and the files as they were.
 * What the calendars contain is test_ics.c's business.
 */
#include "tests.h"

#include "staffplan/buf.h"
#include "staffplan/fault.h"
#include "staffplan/fileio.h"
#include "staffplan/plan.h"
#include "staffplan/publish.h"
#include "staffplan/store.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static time_t utc(int y, int mo, int d, int h)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h };
	return timegm(&tm);
}

static const char *path_in(const char *dir, const char *file)
{
	static char buf[4][4200];
	static int next;
	char *b = buf[next++ % 4];

	snprintf(b, sizeof(buf[0]), "%s/%s", dir, file);
	return b;
}

/* Week of 2027-03-22 in UTC: agent a works Monday (9-17) and Tuesday,
 * 9-17 in version 1 and 11-19 in version 2. */
static void week_run(struct sp_run *run, int version)
{
	sp_run_init(run);
	snprintf(run->site_tz, sizeof(run->site_tz), "UTC");
	run->horizon_start = utc(2027, 3, 22, 0);
	run->ndays = 7;
	run->interval_minutes = 60;
	run->id = version;
	sp_run_add_agent(run, "a", "Ann", "UTC", "");
	for (int d = 0; d < 2; d++) {
		struct sp_run_shift *s = sp_run_add_shift(run, "a", "Ann", "UTC", "");
		int h = d == 1 && version == 2 ? 11 : 9;

		snprintf(s->date, sizeof(s->date), "2027-03-%02d", (22 + d) % 100);
		s->start = utc(2027, 3, 22 + d, h);
		s->end = s->start + 8 * 3600;
		s->paid_minutes = 8 * 60;
	}
}

static struct sp_db *open_db(const char *dir)
{
	struct sp_db *db = NULL;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL(db_open(path_in(dir, "p.db"), 0, &db, &err), SP_OK);
	return db;
}

/* Sequence stored for a's Tuesday; -1 when there is no row. */
static int tuesday_sequence(struct sp_db *db)
{
	struct ics_pub *p = NULL;
	struct sp_err err = SP_ERR_INIT;
	int n = 0, seq = -1;

	CU_ASSERT_EQUAL(db_get_publications(db, "2027-03-23", "2027-03-24", &p, &n, &err), SP_OK);
	if (n == 1)
		seq = p[0].sequence;
	ics_pubs_free(p, n);
	return seq;
}

static int file_has(const char *path, const char *text)
{
	char *s = test_slurp(path, NULL);
	int has = s && strstr(s, text) != NULL;

	free(s);
	return has;
}

static void test_publish_records_rows_with_the_files(void)
{
	const char *dir = test_tmpdir();
	char ics[512];
	struct sp_db *db = open_db(dir);
	struct sp_err err = SP_ERR_INIT;
	struct ics_pub *p = NULL;
	struct sp_run run;
	int n = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	snprintf(ics, sizeof(ics), "%s/ics", dir);
	week_run(&run, 1);
	CU_ASSERT_EQUAL(publish_calendars(&run, db, NULL, ics, NULL, &err), SP_OK);
	sp_run_release(&run);
	CU_ASSERT_EQUAL(db_get_publications(db, "2027-03-22", "2027-03-29", &p, &n, &err), SP_OK);
	CU_ASSERT_EQUAL(n, 2);
	for (int i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(p[i].sequence, 0);
		CU_ASSERT_EQUAL(p[i].run_id, 1);
		CU_ASSERT_EQUAL(p[i].cancelled, ICS_PUB_ACTIVE);
	}
	ics_pubs_free(p, n);
	CU_ASSERT_TRUE(file_has(path_in(ics, "a.ics"), "SEQUENCE:0"));
	CU_ASSERT_TRUE(file_has(path_in(ics, "team.ics"), "X-STAFFPLAN-DATE:2027-03-23"));

	/* the re-plan moves Tuesday: the row and the file say SEQUENCE 1 */
	week_run(&run, 2);
	CU_ASSERT_EQUAL(publish_calendars(&run, db, NULL, ics, NULL, &err), SP_OK);
	sp_run_release(&run);
	CU_ASSERT_EQUAL(tuesday_sequence(db), 1);
	CU_ASSERT_TRUE(file_has(path_in(ics, "a.ics"), "SEQUENCE:1"));
	db_close(db);
}

/* Without a database: SEQUENCE 0 and no rows to keep. */
static void test_publish_without_db(void)
{
	const char *dir = test_tmpdir();
	struct sp_err err = SP_ERR_INIT;
	struct sp_run run;

	week_run(&run, 2);
	CU_ASSERT_EQUAL(publish_calendars(&run, NULL, NULL, dir, NULL, &err), SP_OK);
	sp_run_release(&run);
	CU_ASSERT_TRUE(file_has(path_in(dir, "a.ics"), "SEQUENCE:0"));
	CU_ASSERT_FALSE(file_has(path_in(dir, "a.ics"), "SEQUENCE:1"));
}

/* Removes run's first shift (the what-if below plans no Monday). */
static void drop_first_shift(struct sp_run *run)
{
	struct sp_run_shift *s = &run->shifts[0];

	free(s->agent_id);
	free(s->agent_name);
	free(s->agent_tz);
	free(s->email);
	free(s->queues);
	free(s->langs);
	memmove(run->shifts, run->shifts + 1, (size_t)(run->nshifts - 1) * sizeof(*run->shifts));
	run->nshifts--;
}

/* A what-if run's calendars are a preview (SPEC 9): SEQUENCE 0, nothing
 * cancelled, no row written, so base's UIDs, SEQUENCEs and feeds stay;
 * the preview's UIDs are its own. */
static void test_publish_what_if_is_a_preview(void)
{
	const char *dir = test_tmpdir();
	char ics[512], whatif[512];
	struct sp_db *db = open_db(dir);
	struct sp_err err = SP_ERR_INIT;
	struct ics_pub *p = NULL, *q = NULL;
	struct sp_run run;
	int n = 0, m = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	snprintf(ics, sizeof(ics), "%s/ics", dir);
	snprintf(whatif, sizeof(whatif), "%s/whatif", dir);
	week_run(&run, 1);
	CU_ASSERT_FALSE(publish_is_preview(&run)); /* "": a run stored before scenarios */
	snprintf(run.scenario, sizeof(run.scenario), "base");
	CU_ASSERT_FALSE(publish_is_preview(&run));
	CU_ASSERT_EQUAL(publish_calendars(&run, db, NULL, ics, NULL, &err), SP_OK);
	sp_run_release(&run);
	CU_ASSERT_EQUAL_FATAL(db_get_publications(db, "2027-03-22", "2027-03-29", &p, &n, &err), SP_OK);

	/* published, this run would cancel Monday and raise Tuesday */
	week_run(&run, 2);
	run.id = 3;
	snprintf(run.scenario, sizeof(run.scenario), "more");
	drop_first_shift(&run);
	CU_ASSERT_TRUE(publish_is_preview(&run));
	CU_ASSERT_EQUAL(publish_calendars(&run, db, NULL, whatif, NULL, &err), SP_OK);
	sp_run_release(&run);
	CU_ASSERT_TRUE(file_has(path_in(whatif, "a.ics"), "SEQUENCE:0"));
	CU_ASSERT_TRUE(file_has(path_in(whatif, "a.ics"), "DTSTART:20270323T110000Z"));
	CU_ASSERT_TRUE(file_has(path_in(whatif, "a.ics"), "(more)"));
	CU_ASSERT_FALSE(file_has(path_in(whatif, "a.ics"), "SEQUENCE:1"));
	CU_ASSERT_FALSE(file_has(path_in(whatif, "a.ics"), "CANCELLED"));
	CU_ASSERT_FALSE(file_has(path_in(whatif, "team.ics"), "X-STAFFPLAN-DATE:2027-03-22"));
	/* its own UIDs: a preview mailed or imported never clobbers base's
	 * Tuesday (SEQUENCE 0, other times) */
	for (int i = 0; i < n; i++) {
		char uid[200];

		snprintf(uid, sizeof(uid), "UID:%s\r\n", p[i].uid);
		CU_ASSERT_TRUE(file_has(path_in(ics, "a.ics"), uid));
		CU_ASSERT_FALSE(file_has(path_in(whatif, "a.ics"), uid));
	}
	CU_ASSERT_TRUE(file_has(path_in(whatif, "a.ics"), "-run3@staffplan"));

	/* the rows are base's, as they were */
	CU_ASSERT_EQUAL(db_get_publications(db, "2027-03-22", "2027-03-29", &q, &m, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(m, n);
	for (int i = 0; i < m; i++) {
		CU_ASSERT_STRING_EQUAL(q[i].uid, p[i].uid);
		CU_ASSERT_EQUAL(q[i].sequence, 0);
		CU_ASSERT_EQUAL(q[i].run_id, 1);
		CU_ASSERT_EQUAL(q[i].cancelled, ICS_PUB_ACTIVE);
		CU_ASSERT_STRING_EQUAL(q[i].published_at, p[i].published_at);
	}
	ics_pubs_free(p, n);
	ics_pubs_free(q, m);

	/* base's own re-plan still numbers from what base published */
	week_run(&run, 2);
	CU_ASSERT_EQUAL(publish_calendars(&run, db, NULL, ics, NULL, &err), SP_OK);
	sp_run_release(&run);
	CU_ASSERT_EQUAL(tuesday_sequence(db), 1);
	db_close(db);
}

/* Every publication row of the week as text, to compare states. */
static char *rows_text(struct sp_db *db)
{
	struct ics_pub *p = NULL;
	struct sp_err err = SP_ERR_INIT;
	struct buf b = BUF_INIT;
	int n = 0;

	CU_ASSERT_EQUAL(db_get_publications(db, "2027-03-22", "2027-03-29", &p, &n, &err), SP_OK);
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s %s %s %d %d %lld %s %lld %lld\n", p[i].agent_id, p[i].date, p[i].uid,
			   p[i].sequence, p[i].cancelled, (long long)p[i].run_id, p[i].published_at,
			   (long long)p[i].start, (long long)p[i].brk_start);
	ics_pubs_free(p, n);
	return buf_detach(&b);
}

/* Feeds only move forward: exporting run 1 after run 2 re-planned its
 * week writes an archive copy (UIDs of run 1 alone, nothing cancelled)
 * and changes no row, also inside the caller's transaction; run 2 itself
 * exports as it was published. */
static void test_publish_older_run_is_an_archive_copy(void)
{
	const char *dir = test_tmpdir();
	char ics[512], archive[512];
	struct sp_db *db = open_db(dir);
	struct sp_err err = SP_ERR_INIT;
	struct sp_outset set = { 0 };
	struct sp_run run;
	int64_t later = -1;
	char *before, *after;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	snprintf(ics, sizeof(ics), "%s/ics", dir);
	snprintf(archive, sizeof(archive), "%s/archive", dir);
	week_run(&run, 1);
	CU_ASSERT_EQUAL(publish_calendars(&run, db, NULL, ics, &later, &err), SP_OK);
	CU_ASSERT_EQUAL(later, 0);
	sp_run_release(&run);
	week_run(&run, 2); /* Monday cancelled, Tuesday moved */
	drop_first_shift(&run);
	CU_ASSERT_EQUAL(publish_calendars(&run, db, NULL, ics, &later, &err), SP_OK);
	CU_ASSERT_EQUAL(later, 0);
	sp_run_release(&run);
	before = rows_text(db);
	CU_ASSERT_PTR_NOT_NULL(strstr(before, " 1 1 2 ")); /* Monday: SEQUENCE 1, cancelled, run 2 */

	week_run(&run, 1);
	CU_ASSERT_EQUAL(publish_calendars(&run, db, NULL, archive, &later, &err), SP_OK);
	CU_ASSERT_EQUAL(later, 2);
	after = rows_text(db);
	CU_ASSERT_STRING_EQUAL(after, before);
	free(after);
	CU_ASSERT_TRUE(file_has(path_in(archive, "a.ics"), "-20270322-run1@staffplan"));
	CU_ASSERT_TRUE(file_has(path_in(archive, "a.ics"), "DTSTART:20270323T090000Z"));
	CU_ASSERT_FALSE(file_has(path_in(archive, "a.ics"), "SEQUENCE:1"));
	CU_ASSERT_FALSE(file_has(path_in(archive, "a.ics"), "CANCELLED"));
	CU_ASSERT_TRUE(file_has(path_in(ics, "a.ics"), "CANCELLED"));

	/* in the caller's transaction: it commits, nothing changed */
	CU_ASSERT_EQUAL_FATAL(db_begin(db, &err), SP_OK);
	CU_ASSERT_EQUAL(publish_calendars(&run, db, &set, archive, &later, &err), SP_OK);
	CU_ASSERT_EQUAL(later, 2);
	CU_ASSERT_EQUAL(db_commit(db, &err), SP_OK);
	CU_ASSERT_EQUAL(sp_outset_commit(&set, &err), SP_OK);
	sp_run_release(&run);
	after = rows_text(db);
	CU_ASSERT_STRING_EQUAL(after, before);
	free(after);

	/* the latest run again: published as it was, byte for byte */
	week_run(&run, 2);
	drop_first_shift(&run);
	CU_ASSERT_EQUAL(publish_calendars(&run, db, NULL, archive, &later, &err), SP_OK);
	CU_ASSERT_EQUAL(later, 0);
	sp_run_release(&run);
	after = rows_text(db);
	CU_ASSERT_STRING_EQUAL(after, before);
	free(after);
	CU_ASSERT_TRUE(file_has(path_in(archive, "a.ics"), "CANCELLED"));
	free(before);
	db_close(db);
}

/* The files cannot be written: no row changes. */
static void test_publish_file_failure_keeps_rows(void)
{
	const char *dir = test_tmpdir();
	struct sp_db *db = open_db(dir);
	struct sp_err err = SP_ERR_INIT;
	struct sp_run run;
	FILE *f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	week_run(&run, 1);
	CU_ASSERT_EQUAL(publish_calendars(&run, db, NULL, path_in(dir, "ics"), NULL, &err), SP_OK);
	sp_run_release(&run);
	f = fopen(path_in(dir, "blocker"), "w"); /* a file where the directory should be */
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fclose(f);
	week_run(&run, 2);
	CU_ASSERT_EQUAL(publish_calendars(&run, db, NULL, path_in(dir, "blocker"), NULL, &err), SP_ERR_IO);
	sp_run_release(&run);
	CU_ASSERT_EQUAL(tuesday_sequence(db), 0);
	db_close(db);
}

/* The rows cannot be read: no file changes. */
static void test_publish_db_failure_keeps_files(void)
{
	const char *dir = test_tmpdir();
	char ics[512];
	struct sp_db *db = open_db(dir);
	struct sp_err err = SP_ERR_INIT;
	struct sp_run run;
	sqlite3 *h = NULL;
	char *before, *after;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	snprintf(ics, sizeof(ics), "%s/ics", dir);
	week_run(&run, 1);
	CU_ASSERT_EQUAL(publish_calendars(&run, db, NULL, ics, NULL, &err), SP_OK);
	sp_run_release(&run);
	before = test_slurp(path_in(ics, "a.ics"), NULL);
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path_in(dir, "p.db"), &h), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(h, "DROP TABLE publications", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	week_run(&run, 2);
	CU_ASSERT_EQUAL(publish_calendars(&run, db, NULL, ics, NULL, &err), SP_ERR_DB);
	sp_run_release(&run);
	after = test_slurp(path_in(ics, "a.ics"), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(before);
	CU_ASSERT_PTR_NOT_NULL_FATAL(after);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(test_count_entries(ics), 2); /* no temporary file left */
	free(before);
	free(after);
	db_close(db);
}

/* With the caller's set and transaction the rows join the transaction and
 * the files wait for the set: the caller decides for both. */
static void test_publish_joins_the_callers_commit(void)
{
	const char *dir = test_tmpdir();
	char ics[512];
	struct sp_db *db = open_db(dir);
	struct sp_err err = SP_ERR_INIT;
	struct sp_outset set = { 0 };
	struct sp_run run;
	struct stat st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	snprintf(ics, sizeof(ics), "%s/ics", dir);
	week_run(&run, 1);
	CU_ASSERT_EQUAL_FATAL(db_begin(db, &err), SP_OK);
	CU_ASSERT_EQUAL(publish_calendars(&run, db, &set, ics, NULL, &err), SP_OK);
	CU_ASSERT_NOT_EQUAL(stat(path_in(ics, "a.ics"), &st), 0); /* staged only */
	db_rollback(db);
	sp_outset_abort(&set);
	CU_ASSERT_EQUAL(tuesday_sequence(db), -1);
	CU_ASSERT_EQUAL(test_count_entries(ics), 0);

	CU_ASSERT_EQUAL_FATAL(db_begin(db, &err), SP_OK);
	CU_ASSERT_EQUAL(publish_calendars(&run, db, &set, ics, NULL, &err), SP_OK);
	CU_ASSERT_EQUAL(db_commit(db, &err), SP_OK);
	CU_ASSERT_EQUAL(sp_outset_commit(&set, &err), SP_OK);
	CU_ASSERT_EQUAL(tuesday_sequence(db), 0);
	CU_ASSERT_EQUAL(stat(path_in(ics, "a.ics"), &st), 0);
	sp_run_release(&run);
	db_close(db);
}

/* The plan's outputs: a file that fails after the calendars were staged
 * (report.html here) rolls the publications back too. */
static void test_publish_pipeline_failure_keeps_rows(void)
{
	const char *dir = test_tmpdir();
	char out[512];
	struct sp_db *db = open_db(dir);
	struct sp_err err = SP_ERR_INIT;
	struct sp_run run;
	char tmp[256];

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	snprintf(out, sizeof(out), "%s/out", dir);
	week_run(&run, 1);
	CU_ASSERT_EQUAL(plan_write_outputs(NULL, NULL, &run, NULL, db, out, NULL, &err), SP_OK);
	sp_run_release(&run);
	CU_ASSERT_EQUAL(tuesday_sequence(db), 0);
	/* report.html's temporary name is taken by a directory */
	snprintf(tmp, sizeof(tmp), "report.html.tmp.%ld", (long)getpid());
	CU_ASSERT_EQUAL_FATAL(mkdir(path_in(out, tmp), 0700), 0);
	week_run(&run, 2);
	CU_ASSERT_EQUAL(plan_write_outputs(NULL, NULL, &run, NULL, db, out, NULL, &err), SP_ERR_IO);
	sp_run_release(&run);
	CU_ASSERT_EQUAL(tuesday_sequence(db), 0);
	CU_ASSERT_FALSE(file_has(path_in(out, "ics/a.ics"), "SEQUENCE:1"));
	rmdir(path_in(out, tmp));
	week_run(&run, 2);
	CU_ASSERT_EQUAL(plan_write_outputs(NULL, NULL, &run, NULL, db, out, NULL, &err), SP_OK);
	sp_run_release(&run);
	CU_ASSERT_EQUAL(tuesday_sequence(db), 1);
	CU_ASSERT_TRUE(file_has(path_in(out, "ics/a.ics"), "SEQUENCE:1"));
	db_close(db);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file of dir and dir/ics as "name\ncontent\n", sorted: what a
 * failed write must leave exactly as it was (temporaries included). */
static char *snapshot(const char *out)
{
	static const char *const sub[] = { "", "/ics" };
	struct buf b = BUF_INIT;

	for (int k = 0; k < 2; k++) {
		char dir[600], *names[64];
		int n = 0;
		DIR *d;
		struct dirent *e;

		snprintf(dir, sizeof(dir), "%s%s", out, sub[k]);
		if (!(d = opendir(dir)))
			continue;
		while ((e = readdir(d)) && n < 64)
			if (e->d_name[0] != '.' && strcmp(e->d_name, "ics"))
				names[n++] = strdup(e->d_name);
		closedir(d);
		qsort(names, (size_t)n, sizeof(*names), name_cmp);
		for (int i = 0; i < n; i++) {
			char *text = test_slurp(path_in(dir, names[i]), NULL);
			buf_printf(&b, "%s/%s\n%s\n", sub[k], names[i], text ? text : "(unreadable)");
			free(text);
			free(names[i]);
		}
	}
	return buf_detach(&b);
}

/* SQLite's way: the 1st, 2nd, ... write (or database step) of a re-plan's
 * outputs fails, and stays failing (a full disk).  Each time the error is
 * clean, the files and the publications are those of the plan before, and
 * no temporary file is left; once no fault is reached the re-plan lands. */
static void every_fault_keeps_state(enum sp_fault_kind kind)
{
	const char *dir = test_tmpdir();
	char out[512];
	struct sp_db *db = open_db(dir);
	struct sp_err err = SP_ERR_INIT;
	struct sp_run run;
	char *before;
	long n;
	sp_status st = SP_OK;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	snprintf(out, sizeof(out), "%s/out", dir);
	week_run(&run, 1);
	CU_ASSERT_EQUAL_FATAL(plan_write_outputs(NULL, NULL, &run, NULL, db, out, NULL, &err), SP_OK);
	sp_run_release(&run);
	before = snapshot(out);
	for (n = 1; n < 500; n++) {
		week_run(&run, 2);
		sp_fault_arm(kind, n, 1);
		st = plan_write_outputs(NULL, NULL, &run, NULL, db, out, NULL, &err);
		long reached = sp_fault_count(kind);
		sp_fault_arm(kind, 0, 0);
		sp_run_release(&run);
		if (st == SP_OK) {
			CU_ASSERT(reached < n); /* only a run that met no fault may land */
			break;
		}
		CU_ASSERT(st == SP_ERR_IO || st == SP_ERR_DB);
		if (getenv("SP_FAULT_TRACE"))
			fprintf(stderr, "fault %d at %ld (reached %ld): %s\n", kind, n, reached, err.msg);
		CU_ASSERT(err.msg[0] != '\0');
		char *now = snapshot(out);
		CU_ASSERT_STRING_EQUAL(now, before);
		free(now);
		CU_ASSERT_EQUAL(tuesday_sequence(db), 0);
	}
	CU_ASSERT_EQUAL(st, SP_OK);
	CU_ASSERT(n > 3); /* the faults were reached */
	CU_ASSERT_EQUAL(tuesday_sequence(db), 1);
	CU_ASSERT_TRUE(file_has(path_in(out, "ics/a.ics"), "SEQUENCE:1"));
	free(before);
	db_close(db);
}

static void test_publish_every_write_fault_keeps_state(void)
{
	every_fault_keeps_state(SP_FAULT_WRITE);
}

static void test_publish_every_database_fault_keeps_state(void)
{
	every_fault_keeps_state(SP_FAULT_DB);
}

TEST_SUITE(publish)
{
	CU_pSuite s = CU_add_suite("publish", NULL, NULL);

	CU_add_test(s, "rows recorded with the files", test_publish_records_rows_with_the_files);
	CU_add_test(s, "no database: SEQUENCE 0", test_publish_without_db);
	CU_add_test(s, "what-if: a preview, no row", test_publish_what_if_is_a_preview);
	CU_add_test(s, "an older run: an archive copy, no row", test_publish_older_run_is_an_archive_copy);
	CU_add_test(s, "file failure: rows unchanged", test_publish_file_failure_keeps_rows);
	CU_add_test(s, "database failure: files unchanged", test_publish_db_failure_keeps_files);
	CU_add_test(s, "caller's set and transaction decide", test_publish_joins_the_callers_commit);
	CU_add_test(s, "pipeline failure after the calendars: rows unchanged",
		    test_publish_pipeline_failure_keeps_rows);
	CU_add_test(s, "every write fault keeps files and rows", test_publish_every_write_fault_keeps_state);
	CU_add_test(s, "every database fault keeps files and rows",
		    test_publish_every_database_fault_keeps_state);
}
