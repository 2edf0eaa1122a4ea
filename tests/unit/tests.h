/* tests.h - suite registration and shared helpers for the CUnit runner */
#ifndef STAFFPLAN_TESTS_H
#define STAFFPLAN_TESTS_H

#include <CUnit/CUnit.h>
#include <stddef.h>

/* Each tests/test_<module>.c defines one of these; tests/test_main.c lists them. */
void test_register_tz(void);
void test_register_config(void);
void test_register_input(void);
void test_register_erlang(void);
void test_register_req(void);
void test_register_sched(void);
void test_register_store(void);
void test_register_ics(void);
void test_register_design(void);
void test_register_report(void);
void test_register_scenario(void);
void test_register_plan(void);
void test_register_flow(void);
void test_register_lp(void);

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
