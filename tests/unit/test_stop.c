/* test_stop.c - stop.h: the signal flag, the deadline, and the readers and
 * writers that give up when it says */
#include "tests.h"

#include "staffplan/fileio.h"
#include "staffplan/input.h"
#include "staffplan/stop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_stop_signal_and_deadline(void)
{
	volatile sig_atomic_t flag = 0;
	struct sp_stop s, w;
	struct sp_err err = SP_ERR_INIT;

	sp_stop_init(&s, &flag, 0); /* no time limit */
	CU_ASSERT_FALSE(sp_stop_due(&s));
	CU_ASSERT_EQUAL(sp_stop_check(&s, "reading", &err), SP_OK);
	CU_ASSERT_FALSE(sp_stop_due(NULL));
	flag = SP_STOP_SEARCH;
	CU_ASSERT_TRUE(sp_stop_signalled(&s));
	CU_ASSERT_EQUAL(sp_stop_check(&s, "reading agents.csv", &err), SP_ERR_TIMEOUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "interrupted while reading agents.csv"));
	/* the Ctrl-C that ended the search is answered: only a later one stops */
	w = sp_stop_signals_only(&s);
	CU_ASSERT_FALSE(sp_stop_due(&w));
	flag = SP_STOP_NOW;
	CU_ASSERT_EQUAL(sp_stop_check(&w, "writing", &err), SP_ERR_TIMEOUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "SIGTERM"));

	flag = 0;
	sp_stop_init(&s, &flag, 0.01);
	CU_ASSERT_FALSE(sp_stop_due(&s));
	usleep(20000);
	CU_ASSERT_TRUE(sp_stop_due(&s));
	CU_ASSERT_EQUAL(sp_stop_check(&s, "building the model", &err), SP_ERR_TIMEOUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "time limit of 0.01 s ran out while building the model"));
	/* writing is not cut short by the clock */
	w = sp_stop_signals_only(&s);
	CU_ASSERT_FALSE(sp_stop_due(&w));
}

/* A flag raised before the agents file is read: the loader gives up with
 * SP_ERR_TIMEOUT naming the file, and the input stays as it was. */
static void test_stop_ends_a_loader(void)
{
	volatile sig_atomic_t flag = SP_STOP_NOW;
	struct sp_stop s;
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;
	char *text = malloc(2000 * 16 + 64);
	size_t len = (size_t)sprintf(text, "id,name,languages\n");

	for (int i = 0; i < 2000; i++)
		len += (size_t)sprintf(text + len, "a%d,A,en\n", i);
	sp_input_init(&in);
	in.warn = NULL;
	sp_stop_init(&s, &flag, 0);
	s.seen = 0;
	in.stop = &s;
	CU_ASSERT_EQUAL(sp_input_load_agents(&in, text, "agents.csv", &err), SP_ERR_TIMEOUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "while reading agents.csv (line"));
	CU_ASSERT_EQUAL(in.nagents, 0);
	/* without the flag the same text loads */
	flag = 0;
	CU_ASSERT_EQUAL(sp_input_load_agents(&in, text, "agents.csv", &err), SP_OK);
	CU_ASSERT_EQUAL(in.nagents, 2000);
	sp_input_release(&in);
	free(text);
}

/* A set told to stop takes no more files; aborting leaves nothing. */
static void test_stop_ends_an_output_set(void)
{
	volatile sig_atomic_t flag = 0;
	struct sp_stop s;
	struct sp_outset set = { 0 };
	struct sp_err err = SP_ERR_INIT;
	char a[4096], b[4096];
	const char *dir = test_tmpdir();

	snprintf(a, sizeof(a), "%s/a.txt", dir);
	snprintf(b, sizeof(b), "%s/b.txt", dir);
	sp_stop_init(&s, &flag, 0);
	set.stop = &s;
	CU_ASSERT_EQUAL(sp_outset_write(&set, a, "a\n", 2, &err), SP_OK);
	flag = SP_STOP_SEARCH;
	CU_ASSERT_EQUAL(sp_outset_write(&set, b, "b\n", 2, &err), SP_ERR_TIMEOUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "b.txt"));
	sp_outset_abort(&set);
	CU_ASSERT_EQUAL(access(a, F_OK), -1);
	CU_ASSERT_EQUAL(access(b, F_OK), -1);
	CU_ASSERT_EQUAL(test_count_entries(dir), 0);
}

TEST_SUITE(stop)
{
	CU_pSuite s = CU_add_suite("stop", NULL, NULL);

	CU_add_test(s, "a signal, then the deadline", test_stop_signal_and_deadline);
	CU_add_test(s, "a signal ends a CSV loader", test_stop_ends_a_loader);
	CU_add_test(s, "a signal ends an output set", test_stop_ends_an_output_set);
}
