/* test_main.c - CUnit runner: runs every suite the test files registered
 *
 * `run-tests` runs them all; `run-tests NAME` runs the one suite NAME.
 */
#include "tests.h"

#include <CUnit/Basic.h>
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The suites, in the order their files were linked (test_suite_add). */
static struct {
	const char *name;
	void (*reg)(void);
} suites[64];
static int nsuites;

void test_suite_add(const char *name, void (*reg)(void))
{
	if (nsuites == (int)(sizeof(suites) / sizeof(suites[0]))) {
		fputs("test_suite_add: too many suites, raise suites[] in test_main.c\n", stderr);
		exit(1);
	}
	suites[nsuites].name = name;
	suites[nsuites++].reg = reg;
}

const char *test_path(const char *rel)
{
	static char buf[8][4096];
	static int next;
	const char *root = getenv("SP_ROOT");
	char *b = buf[next++ % 8];

	snprintf(b, sizeof(buf[0]), "%s/%s", root ? root : ".", rel);
	return b;
}

char *test_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (s = malloc((size_t)n + 1)) && fread(s, 1, (size_t)n, f) == (size_t)n) {
		s[n] = '\0';
		if (len)
			*len = (size_t)n;
	} else {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

int test_count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/* The directories test_tmpdir made, removed when the run ends. */
struct tmpdirs {
	char **path;
	int n;
};

static struct tmpdirs made;

const char *test_tmpdir(void)
{
	const char *root = getenv("TMPDIR");
	size_t len = strlen(root && *root ? root : "/tmp") + sizeof("/sp-test-XXXXXX");
	char *b = malloc(len), **grown = realloc(made.path, (made.n + 1) * sizeof(*made.path));

	if (!b || !grown) {
		fputs("test_tmpdir: out of memory\n", stderr);
		exit(1);
	}
	made.path = grown;
	snprintf(b, len, "%s/sp-test-XXXXXX", root && *root ? root : "/tmp");
	/* a test without its own directory would write where others read */
	if (!mkdtemp(b)) {
		perror(b);
		exit(1);
	}
	made.path[made.n++] = b;
	return b;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (remove(path))
		perror(path);
	return 0;
}

/* Removes every directory test_tmpdir made, unless SP_KEEP is set (as
 * for the CLI tests: to look at what a failing test left). */
static void tmpdirs_remove(struct tmpdirs *t)
{
	for (int i = 0; i < t->n; i++) {
		if (!getenv("SP_KEEP"))
			nftw(t->path[i], remove_entry, 16, FTW_DEPTH | FTW_PHYS);
		free(t->path[i]);
	}
	free(t->path);
	t->path = NULL;
	t->n = 0;
}

int main(int argc, char **argv)
{
	unsigned failed;
	int missing = 0, found = 0;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	for (int i = 0; i < nsuites; i++) {
		if (argc > 1 && strcmp(argv[1], suites[i].name))
			continue;
		suites[i].reg();
		found++;
	}
	if (argc > 1 && !found) {
		fprintf(stderr, "no test suite named '%s'\n", argv[1]);
		missing = 1;
	}
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	tmpdirs_remove(&made);
	return (failed || missing) ? 1 : 0;
}
