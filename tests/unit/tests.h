/* tests.h - suite registration and shared helpers for the CUnit runner */
#ifndef STAFFPLAN_TESTS_H
#define STAFFPLAN_TESTS_H

#include <CUnit/CUnit.h>
#include <stddef.h>

/* Each tests/unit/test_<module>.c opens its registration function with
 * TEST_SUITE(module) { CU_pSuite s = CU_add_suite("module", ...); ... }.
 * A constructor hands it to the runner before main() runs, so a new test
 * file needs no other edit: the Makefile links every tests/unit/test_*.c. */
void test_suite_add(const char *name, void (*reg)(void));
#define TEST_SUITE(name)                                                        \
	static void test_register_##name(void);                                 \
	__attribute__((constructor)) static void test_add_##name(void)          \
	{                                                                       \
		test_suite_add(#name, test_register_##name);                    \
	}                                                                       \
	static void test_register_##name(void)

/* Path of a file under the source tree (SP_ROOT, default "."). */
const char *test_path(const char *rel);
/* A fresh temporary directory for one test, under $TMPDIR or /tmp; the
 * runner removes it when all tests have run (SP_KEEP=1 keeps it). */
const char *test_tmpdir(void);

/* The contents of the file at path, NUL-terminated, its length in *len
 * (len may be NULL); NULL when it cannot be read.  The caller frees. */
char *test_slurp(const char *path, size_t *len);
/* Entries of dir other than dot files; -1 when it cannot be read. */
int test_count_entries(const char *dir);

#endif
