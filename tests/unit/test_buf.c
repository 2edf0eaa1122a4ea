/* test_buf.c - the growable string buffer and the error buffer
 * (src/base/buf.c, src/base/error.c) */
#include "tests.h"

#include "staffplan/buf.h"
#include "staffplan/error.h"

#include <string.h>

static void test_buf_grows_and_detaches(void)
{
	struct buf b = BUF_INIT;

	CU_ASSERT_STRING_EQUAL(b.s, "");
	for (int i = 0; i < 10000; i++)
		buf_printf(&b, "%d,", i % 10);
	CU_ASSERT_EQUAL(b.len, 20000);
	CU_ASSERT_EQUAL(b.s[b.len], '\0');
	buf_reset(&b);
	CU_ASSERT_EQUAL(b.len, 0);
	CU_ASSERT_STRING_EQUAL(b.s, "");
	buf_puts(&b, "ab");
	buf_putc(&b, 'c');
	buf_add(&b, "def", 2);
	char *s = buf_detach(&b);
	CU_ASSERT_STRING_EQUAL(s, "abcde");
	CU_ASSERT_STRING_EQUAL(b.s, "");
	free(s);
	/* detaching an empty buffer still gives a string the caller frees */
	s = buf_detach(&b);
	CU_ASSERT_STRING_EQUAL(s, "");
	free(s);
	buf_release(&b);
	buf_release(&b);
}

static void test_err_set_prefix_and_exit_codes(void)
{
	struct sp_err err = SP_ERR_INIT;
	char big[3000];

	CU_ASSERT_EQUAL(sp_err_set(&err, SP_ERR_INPUT, "line %d: bad", 7), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(sp_err_prefix(&err, "cannot import '%s'", "a.csv"), SP_ERR_INPUT);
	CU_ASSERT_STRING_EQUAL(err.msg, "cannot import 'a.csv': line 7: bad");
	/* a message longer than the buffer is cut, never overflows */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	sp_err_set(&err, SP_ERR_IO, "%s", big);
	CU_ASSERT_EQUAL(strlen(err.msg), sizeof(err.msg) - 1);
	CU_ASSERT_EQUAL(sp_err_set(NULL, SP_ERR_DB, "dropped"), SP_ERR_DB);
	CU_ASSERT_EQUAL(sp_exit_code(SP_OK), 0);
	CU_ASSERT_EQUAL(sp_exit_code(SP_ERR_USAGE), 2);
	CU_ASSERT_EQUAL(sp_exit_code(SP_ERR_INPUT), 2);
	CU_ASSERT_EQUAL(sp_exit_code(SP_ERR_IO), 1);
	CU_ASSERT_EQUAL(sp_exit_code(SP_ERR_DB), 1);
	CU_ASSERT_EQUAL(sp_exit_code(SP_ERR_INFEASIBLE), 3);
	CU_ASSERT_EQUAL(sp_exit_code(SP_ERR_TIMEOUT), 4);
}

TEST_SUITE(buf)
{
	CU_pSuite s = CU_add_suite("buf", NULL, NULL);

	CU_add_test(s, "buf grows and detaches", test_buf_grows_and_detaches);
	CU_add_test(s, "err set, prefix and exit codes", test_err_set_prefix_and_exit_codes);
}
