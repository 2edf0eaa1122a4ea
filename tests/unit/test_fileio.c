/* test_fileio.c - whole-file reads and output files that replace the old
 * ones together (src/base/fileio.c) */
#include "tests.h"

#include "staffplan/fileio.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char *put(const char *dir, const char *name, const char *data, size_t len)
{
	static char path[4][512];
	static int k;
	char *p = path[k++ % 4];
	FILE *f;

	snprintf(p, 512, "%s/%s", dir, name);
	f = fopen(p, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
	return p;
}

static void test_read_file_whole_and_refusals(void)
{
	const char *dir = test_tmpdir();
	struct sp_err err = SP_ERR_INIT;
	char *s = (char *)1, path[600];

	CU_ASSERT_EQUAL(sp_read_file(put(dir, "a.csv", "id\n1\n", 5), &s, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(s, "id\n1\n");
	free(s);
	snprintf(path, sizeof(path), "%s/missing.csv", dir);
	CU_ASSERT_EQUAL(sp_read_file(path, &s, &err), SP_ERR_IO);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "missing.csv"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "No such file"));
	CU_ASSERT_EQUAL(sp_read_file(put(dir, "u16.csv", "\xFF\xFEi\0d\0", 6), &s, &err),
			SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "UTF-16"));
	CU_ASSERT_EQUAL(sp_read_file(put(dir, "nul.csv", "id\n1\nx\0y\n", 9), &s, &err),
			SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "nul.csv:3: NUL byte"));
	CU_ASSERT_EQUAL(sp_read_file(dir, &s, &err), SP_ERR_IO); /* a directory */
}

static void test_outset_replaces_together_or_not_at_all(void)
{
	const char *dir = test_tmpdir();
	struct sp_err err = SP_ERR_INIT;
	struct sp_outset set = { 0 };
	char a[600], b[600], c[600];
	char *s;

	snprintf(a, sizeof(a), "%s/a.txt", dir);
	snprintf(b, sizeof(b), "%s/b.txt", dir);
	snprintf(c, sizeof(c), "%s/c.txt", dir);
	put(dir, "a.txt", "old a", 5);
	put(dir, "c.txt", "old c", 5);
	/* abort: the old files stay, no temporary is left */
	CU_ASSERT_EQUAL(sp_outset_write(&set, a, "new a", 5, &err), SP_OK);
	CU_ASSERT_EQUAL(sp_outset_write(&set, b, "new b", 5, &err), SP_OK);
	s = test_slurp(a, NULL);
	CU_ASSERT_STRING_EQUAL(s, "old a");
	free(s);
	sp_outset_abort(&set);
	CU_ASSERT_EQUAL(test_count_entries(dir), 2);
	/* commit: both replaced, c removed */
	CU_ASSERT_EQUAL(sp_outset_write(&set, a, "new a", 5, &err), SP_OK);
	CU_ASSERT_EQUAL(sp_outset_write(&set, b, "new b", 5, &err), SP_OK);
	sp_outset_remove(&set, c);
	CU_ASSERT_EQUAL(sp_outset_commit(&set, &err), SP_OK);
	s = test_slurp(a, NULL);
	CU_ASSERT_STRING_EQUAL(s, "new a");
	free(s);
	s = test_slurp(b, NULL);
	CU_ASSERT_STRING_EQUAL(s, "new b");
	free(s);
	CU_ASSERT_EQUAL(test_count_entries(dir), 2);
}

static void test_write_into_missing_folder_fails_cleanly(void)
{
	const char *dir = test_tmpdir();
	struct sp_err err = SP_ERR_INIT;
	char p[600];

	snprintf(p, sizeof(p), "%s/no/such/dir/x.txt", dir);
	CU_ASSERT_EQUAL(sp_write_file(p, "x", 1, &err), SP_ERR_IO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no/such/dir"));
	snprintf(p, sizeof(p), "%s/made/deep", dir);
	CU_ASSERT_EQUAL(sp_mkdirs(p, &err), SP_OK);
	struct stat st;
	CU_ASSERT(stat(p, &st) == 0 && S_ISDIR(st.st_mode));
}

TEST_SUITE(fileio)
{
	CU_pSuite s = CU_add_suite("fileio", NULL, NULL);

	CU_add_test(s, "read file whole, and its refusals", test_read_file_whole_and_refusals);
	CU_add_test(s, "an output set replaces together or not at all",
		    test_outset_replaces_together_or_not_at_all);
	CU_add_test(s, "writing into a missing folder fails cleanly",
		    test_write_into_missing_folder_fails_cleanly);
}
