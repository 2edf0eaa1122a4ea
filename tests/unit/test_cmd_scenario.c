/* test_cmd_scenario.c - `staffplan scenario` (src/cmd/cmd_scenario.c):
 * list prints the whole list or, on a read error, nothing */
#include "tests.h"

#include "staffplan/cmd.h"
#include "staffplan/fault.h"
#include "staffplan/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Runs `scenario list --db path` with stdout in a file; OUT: *text, what
 * it printed (caller frees). */
static sp_status list(const char *path, char **text, struct sp_err *err)
{
	char w0[] = "scenario", w1[] = "list", w2[] = "--db", db_arg[512];
	char *argv[] = { w0, w1, w2, db_arg, NULL };
	struct sp_ctx ctx;
	FILE *out = tmpfile();
	int saved = dup(STDOUT_FILENO);

	snprintf(db_arg, sizeof(db_arg), "%s", path);
	memset(&ctx, 0, sizeof(ctx));
	fflush(stdout);
	dup2(fileno(out), STDOUT_FILENO);
	sp_status st = sp_cmd_run(&sp_cmd_scenario, &ctx, 4, argv);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	long len = ftell(out);
	*text = calloc(1, (size_t)(len > 0 ? len : 0) + 1);
	rewind(out);
	if (len > 0 && fread(*text, 1, (size_t)len, out) != (size_t)len)
		(*text)[0] = '\0';
	fclose(out);
	*err = ctx.err;
	return st;
}

static void test_cmd_scenario_list_all_or_nothing(void)
{
	char path[512], *text;
	struct sp_db *db = NULL;
	struct sp_err err = SP_ERR_INIT;
	int failed = 0;

	snprintf(path, sizeof(path), "%s/list.db", test_tmpdir());
	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_scenario(db, "a-up", "base", "scale language=ko 1.1\n", &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_scenario(db, "b-up", "base", "scale language=ja 1.2\n", &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_scenario(db, "c-up", "base", "scale language=zh 1.3\n", &err), SP_OK);
	db_close(db);

	CU_ASSERT_EQUAL(list(path, &text, &err), SP_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "a-up"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "c-up             from base         last run none   scale language=zh 1.3"));
	free(text);
	/* a read that fails at any step (opening the file, then each row):
	 * the error and not one row */
	for (long n = 1; n < 30; n++) {
		sp_fault_arm(SP_FAULT_DB, n, 0);
		sp_status st = list(path, &text, &err);
		sp_fault_arm(SP_FAULT_DB, 0, 0);
		if (st != SP_OK) {
			CU_ASSERT_STRING_EQUAL(text, "");
			failed += strstr(err.msg, "cannot list scenarios") != NULL;
		}
		free(text);
	}
	CU_ASSERT(failed >= 3); /* the reads of rows 1, 2 and 3 among them */
}

TEST_SUITE(cmd_scenario)
{
	CU_pSuite s = CU_add_suite("cmd_scenario", NULL, NULL);

	CU_add_test(s, "scenario list: all or nothing", test_cmd_scenario_list_all_or_nothing);
}
