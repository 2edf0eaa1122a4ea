/* test_main.c - CUnit runner: registers every module's suite and runs them
 *
 * Suites are declared weak so a module's tests can be added in their own
 * file without touching the runner's build; every suite in the list below is
 * expected to exist in a complete tree (the runner says which are missing).
 */
#include "tests.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#pragma weak test_register_tz
#pragma weak test_register_config
#pragma weak test_register_input
#pragma weak test_register_erlang
#pragma weak test_register_model
#pragma weak test_register_store
#pragma weak test_register_ics
#pragma weak test_register_design
#pragma weak test_register_report
#pragma weak test_register_scenario
#pragma weak test_register_plan
#pragma weak test_register_flow
#pragma weak test_register_lp

static const struct {
	const char *name;
	void (*reg)(void);
} suites[] = {
	{ "tz", test_register_tz },
	{ "config", test_register_config },
	{ "input", test_register_input },
	{ "erlang", test_register_erlang },
	{ "model", test_register_model },
	{ "store", test_register_store },
	{ "ics", test_register_ics },
	{ "design", test_register_design },
	{ "report", test_register_report },
	{ "scenario", test_register_scenario },
	{ "plan", test_register_plan },
	{ "flow", test_register_flow },
	{ "lp", test_register_lp },
};

const char *test_path(const char *rel)
{
	static char buf[8][4096];
	static int next;
	const char *root = getenv("SP_ROOT");
	char *b = buf[next++ % 8];

	snprintf(b, sizeof(buf[0]), "%s/%s", root ? root : ".", rel);
	return b;
}

const char *test_tmpdir(void)
{
	static char buf[8][64];
	static int next;
	char *b = buf[next++ % 8];

	snprintf(b, sizeof(buf[0]), "/tmp/sp-test-XXXXXX");
	if (!mkdtemp(b))
		return "/tmp";
	return b;
}

int main(int argc, char **argv)
{
	unsigned failed;
	int missing = 0;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (argc > 1 && strcmp(argv[1], suites[i].name))
			continue;
		if (suites[i].reg)
			suites[i].reg();
		else {
			fprintf(stderr, "test suite '%s' is missing\n", suites[i].name);
			missing++;
		}
	}
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return (failed || missing) ? 1 : 0;
}
