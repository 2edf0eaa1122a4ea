/* test_fault.c - fault.h's points, and the Nth allocation failing anywhere
 * in a whole plan: the process ends with the message, nothing replaced
 *
 * An allocation fault aborts (fault.h says why), so each one runs in a
 * child process: the parent checks what the child left behind. */
#include "tests.h"

#include "staffplan/fault.h"
#include "staffplan/plan.h"
#include "staffplan/store.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_fault_points_count_and_fail(void)
{
	sp_fault_arm(SP_FAULT_WRITE, 3, 0);
	CU_ASSERT_FALSE(sp_fault(SP_FAULT_WRITE));
	CU_ASSERT_FALSE(sp_fault(SP_FAULT_WRITE));
	CU_ASSERT_TRUE(sp_fault(SP_FAULT_WRITE));
	CU_ASSERT_FALSE(sp_fault(SP_FAULT_WRITE)); /* not sticky: only the third */
	CU_ASSERT_EQUAL(sp_fault_count(SP_FAULT_WRITE), 4);
	sp_fault_arm(SP_FAULT_DB, 2, 1);
	CU_ASSERT_FALSE(sp_fault(SP_FAULT_DB));
	CU_ASSERT_TRUE(sp_fault(SP_FAULT_DB));
	CU_ASSERT_TRUE(sp_fault(SP_FAULT_DB)); /* sticky: a full disk stays full */
	sp_fault_arm(SP_FAULT_WRITE, 0, 0);
	sp_fault_arm(SP_FAULT_DB, 0, 0);
	CU_ASSERT_FALSE(sp_fault(SP_FAULT_DB));
	CU_ASSERT_EQUAL(sp_fault_count(SP_FAULT_DB), 0);
}

struct tdb {
	char path[600];
	struct sp_db *db;
};

static sp_status open_db(void *arg, int must_exist, struct sp_db **db, struct sp_err *err)
{
	struct tdb *t = arg;

	if (!t->db) {
		sp_status st = db_open(t->path, must_exist, &t->db, err);
		if (st != SP_OK)
			return st;
	}
	*db = t->db;
	return SP_OK;
}

/* plan data/tiny into out with the database at t->path. */
static sp_status plan_tiny(struct tdb *t, const char *out, struct sp_err *err)
{
	struct plan_paths tiny = { test_path("data/tiny"), NULL, NULL, NULL, NULL };
	struct plan_request rq = {
		.paths = &tiny, .time_limit = 2, .gap = 0.05, .quiet = 1, .outdir = out,
		.open_db = open_db, .open_db_arg = t,
	};
	struct plan_result res;
	sp_status st;

	plan_result_init(&res);
	res.in.warn = NULL;
	st = plan_solve(&rq, &res, err);
	plan_result_release(&res);
	db_close(t->db);
	t->db = NULL;
	return st;
}

static long long runs(const char *path)
{
	struct sp_db *db = NULL;
	struct sp_err err = SP_ERR_INIT;
	struct sp_run r;
	long long id = -1;

	if (db_open(path, 1, &db, &err) != SP_OK)
		return -1;
	sp_run_init(&r);
	if (db_load_run(db, 0, NULL, &r, &err) == SP_OK)
		id = r.id;
	sp_run_release(&r);
	db_close(db);
	return id;
}

/* Every output file of out (ics/ too) with its text; temporary files
 * ("NAME.tmp.PID") are a dead writer's, not outputs, and left out. */
static char *outputs(const char *out)
{
	static const char *const sub[] = { "", "/ics" };
	size_t cap = 1 << 16, len = 0;
	char *all = malloc(cap);

	all[0] = '\0';
	for (int k = 0; k < 2; k++) {
		char dir[700], path[1000];
		struct dirent **names;
		int n;

		snprintf(dir, sizeof(dir), "%s%s", out, sub[k]);
		if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
			continue;
		for (int i = 0; i < n; i++) {
			const char *name = names[i]->d_name;
			if (name[0] != '.' && strcmp(name, "ics") && !strstr(name, ".tmp.")) {
				size_t tl = 0;
				snprintf(path, sizeof(path), "%s/%s", dir, name);
				char *text = test_slurp(path, &tl);
				size_t need = len + strlen(path) + tl + 4;
				if (need > cap) {
					cap = need * 2;
					all = realloc(all, cap);
				}
				len += (size_t)sprintf(all + len, "%s\n", path);
				if (text)
					memcpy(all + len, text, tl);
				len += text ? tl : 0;
				all[len] = '\0';
				free(text);
			}
			free(names[i]);
		}
		free(names);
	}
	return all;
}

/* In a child: arm the nth allocation and plan; stderr to errpath.  The
 * exit status says how the child ended. */
static int child_plan(struct tdb *t, const char *out, long n, const char *errpath)
{
	pid_t pid;
	int status = 0;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		struct sp_err err = SP_ERR_INIT;
		int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		dup2(fd, 2);
		close(fd);
		signal(SIGABRT, SIG_DFL);
		sp_fault_arm(SP_FAULT_ALLOC, n, 0);
		_exit(plan_tiny(t, out, &err) == SP_OK ? 0 : 3);
	}
	CU_ASSERT_FATAL(pid > 0);
	waitpid(pid, &status, 0);
	return status;
}

/* The Nth allocation of a whole plan failing, N over the plan's
 * allocations (every one of the first 25, then sparser, about 60 runs in
 * all): each ends the process with the message, a non-zero status, no
 * output replaced and the database as it was; the next plan, without a
 * fault, stores run 2 and sweeps the temporary files they left. */
static void test_fault_every_allocation_aborts_cleanly(void)
{
	struct tdb t = { "", NULL };
	struct sp_err err = SP_ERR_INIT;
	char out[600], errpath[700];
	long total, n, tried = 0;

	snprintf(t.path, sizeof(t.path), "%s/alloc.db", test_tmpdir());
	snprintf(out, sizeof(out), "%s/out", test_tmpdir());
	snprintf(errpath, sizeof(errpath), "%s/stderr", test_tmpdir());
	/* how many allocations a plan makes: the point counts, never fails */
	sp_fault_arm(SP_FAULT_ALLOC, -1, 0);
	CU_ASSERT_EQUAL_FATAL(plan_tiny(&t, out, &err), SP_OK);
	total = sp_fault_count(SP_FAULT_ALLOC);
	sp_fault_arm(SP_FAULT_ALLOC, 0, 0);
	CU_ASSERT_FATAL(total > 100);
	if (getenv("SP_FAULT_TRACE"))
		fprintf(stderr, "a plan of data/tiny allocates %ld times\n", total);
	CU_ASSERT_EQUAL_FATAL(runs(t.path), 1);
	char *before = outputs(out);
	int status;

	long long stored = 1;
	for (n = 1; n <= total; n = n < 25 ? n + 1 : n + total / 35 + 1) {
		status = child_plan(&t, out, n, errpath);
		/* the search allocates as long as it runs, so a plan may make
		 * fewer than the count: one that ends before n lands whole */
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && n > total / 2) {
			free(before);
			before = outputs(out);
			CU_ASSERT_EQUAL(runs(t.path), ++stored);
			continue;
		}
		tried++;
		char *msg = test_slurp(errpath, NULL);
		CU_ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
		CU_ASSERT_PTR_NOT_NULL(msg && strstr(msg, "staffplan: fatal: out of memory"));
		if (!WIFSIGNALED(status) || !msg || !strstr(msg, "out of memory"))
			fprintf(stderr, "allocation %ld of %ld: status %#x, stderr: %s\n", n, total, status,
				msg ? msg : "(none)");
		free(msg);
		char *now = outputs(out);
		CU_ASSERT_STRING_EQUAL(now, before);
		free(now);
		CU_ASSERT_EQUAL(runs(t.path), stored);
	}
	CU_ASSERT(tried >= 40);
	/* the next plan lands whole and sweeps the dead writers' files */
	CU_ASSERT_EQUAL(plan_tiny(&t, out, &err), SP_OK);
	CU_ASSERT_EQUAL(runs(t.path), stored + 1);
	char ics[700];
	snprintf(ics, sizeof(ics), "%s/ics", out);
	DIR *d;
	struct dirent *e;
	for (int k = 0; k < 2; k++)
		if ((d = opendir(k ? ics : out))) {
			while ((e = readdir(d)))
				CU_ASSERT_PTR_NULL(strstr(e->d_name, ".tmp."));
			closedir(d);
		}
	free(before);
}

TEST_SUITE(fault)
{
	CU_pSuite s = CU_add_suite("fault", NULL, NULL);

	CU_add_test(s, "points count, fail once or for good", test_fault_points_count_and_fail);
	CU_add_test(s, "the Nth allocation of a plan: message, exit, nothing replaced",
		    test_fault_every_allocation_aborts_cleanly);
}
