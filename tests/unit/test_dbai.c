/* test_dbai.c - the DBAI "Rota" instance reader (src/design/dbai.c): a
 * benchmark instance, a small hand-written one, and every way a file can
 * be wrong, each named by file and line */
#include "tests.h"

#include "staffplan/design.h"

#include <stdlib.h>
#include <string.h>

#define DBAI_FIXTURE "tests/fixtures/design/dbai-RandomExample1.txt"

/* One open day of hourly slots, one template: 06:00 for 8 hours. */
static const char small[] =
	"#MinuteInterval:\n60\n\n"
	"#DaysPerCycle:\n1\n\n"
	"#FlagCyclical: yes or no\nno\n\n"
	"#Requirements:\n0 0 0 0 0 0 2 2 2 2 2 2 2 2 0 0 0 0 0 0 0 0 0 1\n\n"
	"#Number of shift templates\n1\n\n"
	"#Shift templates\n"
	"#Abbr, Full name, Start, + Minutes,  -Minutes, Length, +Minutes, -Minutes, available days\n"
	"D Day shift 6:0 0 0 480 0 0 1111100\n\n"
	"# Weights about the criteria\n"
	"#UnderCover:\n2\n\n#Overcover:\n1\n\n#DutiesPerWeek:\n1000\n\n#Shifts:\n30\n\n"
	"#Fitness of assumed optimal Solution:\n# 90\n";

/* Replaces the first `from` in text by `to`; a new string (NULL if absent). */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t a;
	char *out;

	if (!at)
		return NULL;
	a = (size_t)(at - text);
	out = malloc(strlen(text) - strlen(from) + strlen(to) + 1);
	memcpy(out, text, a);
	strcpy(out + a, to);
	strcat(out, at + strlen(from));
	return out;
}

static void test_dbai_reads_a_small_instance(void)
{
	struct design_problem p;
	struct sp_err err = SP_ERR_INIT;

	design_problem_init(&p);
	CU_ASSERT_EQUAL_FATAL(dbai_parse(&p, small, strlen(small), "s.txt", &err), SP_OK);
	CU_ASSERT_EQUAL(p.slot, 60);
	CU_ASSERT_EQUAL(p.ndays, 1);
	CU_ASSERT_EQUAL(p.cyclic, 0);
	CU_ASSERT_EQUAL(p.nslots, 24);
	CU_ASSERT_EQUAL(p.req[5], 0);
	CU_ASSERT_EQUAL(p.req[6], 2);
	CU_ASSERT_EQUAL(p.req[13], 2);
	CU_ASSERT_EQUAL(p.req[23], 1);
	CU_ASSERT_EQUAL_FATAL(p.ntpl, 1);
	CU_ASSERT_STRING_EQUAL(p.tpl[0].name, "D");
	CU_ASSERT_EQUAL(p.tpl[0].start_lo, 360);
	CU_ASSERT_EQUAL(p.tpl[0].start_hi, 360);
	CU_ASSERT_EQUAL(p.tpl[0].len_lo, 480);
	CU_ASSERT_EQUAL(p.tpl[0].len_hi, 480);
	CU_ASSERT_EQUAL(p.tpl[0].days, 0x1fu);
	/* the weights are the instance's own; #DutiesPerWeek is not one */
	CU_ASSERT_DOUBLE_EQUAL(p.w_short, 2, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(p.w_over, 1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(p.w_shifts, 30, 1e-12);
	design_problem_release(&p);
}

/* DataSet1/RandomExample1 as distributed: CRLF lines, ISO-8859-1 names,
 * a start window that crosses no midnight and one that does not either. */
static void test_dbai_reads_a_benchmark_instance(void)
{
	struct design_problem p;
	struct sp_err err = SP_ERR_INIT;
	size_t len;
	char *text = test_slurp(test_path(DBAI_FIXTURE), &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	design_problem_init(&p);
	CU_ASSERT_EQUAL_FATAL(dbai_parse(&p, text, len, "x.txt", &err), SP_OK);
	CU_ASSERT_EQUAL(p.slot, 60);
	CU_ASSERT_EQUAL(p.ndays, 7);
	CU_ASSERT_EQUAL(p.cyclic, 1);
	CU_ASSERT_EQUAL(p.nslots, 168);
	CU_ASSERT_EQUAL(p.req[7], 3);
	CU_ASSERT_EQUAL(p.req[11], 18);
	CU_ASSERT_EQUAL(p.req[167], 0);
	CU_ASSERT_EQUAL(p.ntpl, 4);
	/* "F Frühschicht 6:0 120 60 480 60 60 *" */
	CU_ASSERT_STRING_EQUAL(p.tpl[0].name, "F");
	CU_ASSERT_EQUAL(p.tpl[0].start_lo, 5 * 60);
	CU_ASSERT_EQUAL(p.tpl[0].start_hi, 8 * 60);
	CU_ASSERT_EQUAL(p.tpl[0].len_lo, 420);
	CU_ASSERT_EQUAL(p.tpl[0].len_hi, 540);
	CU_ASSERT_EQUAL(p.tpl[0].days, DESIGN_ALL_DAYS);
	/* "N Nachtschicht 22:0 60 60 ..." */
	CU_ASSERT_EQUAL(p.tpl[3].start_lo, 21 * 60);
	CU_ASSERT_EQUAL(p.tpl[3].start_hi, 23 * 60);
	CU_ASSERT_DOUBLE_EQUAL(p.w_shifts, 60, 1e-12);
	design_problem_release(&p);
	free(text);
}

/* A start window reaching past midnight, and an ISO-8859-1 abbreviation. */
static void test_dbai_window_past_midnight_and_latin1(void)
{
	char *t = replace(small, "D Day shift 6:0 0 0", "\xdc Night 23:0 120 60");
	struct design_problem p;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	design_problem_init(&p);
	CU_ASSERT_EQUAL_FATAL(dbai_parse(&p, t, strlen(t), "s.txt", &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(p.tpl[0].name, "\xc3\x9c"); /* U+00DC in UTF-8 */
	CU_ASSERT_EQUAL(p.tpl[0].start_lo, 22 * 60);
	CU_ASSERT_EQUAL(p.tpl[0].start_hi, 25 * 60);
	design_problem_release(&p);
	free(t);
}

/* Parses small with `from` replaced by `to` (or text itself when from is
 * NULL); the error must be SP_ERR_INPUT and hold needle. */
static void expect_error(const char *text, const char *from, const char *to, const char *needle)
{
	char *t = from ? replace(text, from, to) : strdup(text);
	struct design_problem p;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	design_problem_init(&p);
	CU_ASSERT_EQUAL(dbai_parse(&p, t, strlen(t), "s.txt", &err), SP_ERR_INPUT);
	if (!strstr(err.msg, needle))
		fprintf(stderr, "\n  message '%s' lacks '%s'\n", err.msg, needle);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, needle));
	design_problem_release(&p);
	free(t);
}

static void test_dbai_rejects_bad_instances(void)
{
	/* sections missing, empty, repeated or out of place */
	expect_error("", NULL, NULL, "s.txt: missing section '#MinuteInterval'");
	expect_error(small, "#Shifts:", "#Nothing:", "s.txt: missing section '#Shifts'");
	expect_error(small, "#Overcover:\n1\n", "#Overcover:\n\n",
		     "s.txt:24: section '#Overcover' has no value");
	expect_error(small, "#Shifts:\n30", "#Shifts:\n30\n#Overcover:\n2",
		     "s.txt:32: #Overcover given twice (first on line 24)");
	expect_error(small, "#MinuteInterval:\n60", "60\n#MinuteInterval:\n60",
		     "s.txt:1: value before any '#' label");
	expect_error(small, "#MinuteInterval:\n60", "#MinuteInterval:\n60\n30",
		     "s.txt:3: unexpected second value for #MinuteInterval");
	expect_error(small, "#MinuteInterval:\n60", "#MinuteInterval:\n60 30",
		     "s.txt:2: #MinuteInterval takes one value, found '60 30'");
	/* values */
	expect_error(small, "#MinuteInterval:\n60", "#MinuteInterval:\n7",
		     "s.txt:2: #MinuteInterval 7 does not divide a day");
	expect_error(small, "#DaysPerCycle:\n1", "#DaysPerCycle:\n8",
		     "s.txt:5: #DaysPerCycle: '8' is not an integer in [1, 7]");
	expect_error(small, "\nno\n", "\nperhaps\n",
		     "s.txt:8: #FlagCyclical: expected yes or no, found 'perhaps'");
	expect_error(small, "0 0 0 0 0 0 2", "0 0 0 0 0 0 x",
		     "s.txt:11: requirement: 'x' is not an integer");
	expect_error(small, "0 0 0 0 0 0 2", "0 0 0 0 0 0 0 2",
		     "s.txt:11: #Requirements has 25 values, expected 24 (1 days of 60-minute slots)");
	expect_error(small, "#UnderCover:\n2", "#UnderCover:\n-1",
		     "s.txt:22: #UnderCover: '-1' is not a weight >= 0");
	/* templates */
	expect_error(small, "#Number of shift templates\n1", "#Number of shift templates\n2",
		     "#Number of shift templates says 2, found 1 templates");
	expect_error(small, "#Number of shift templates\n1", "#Number of shift templates\n0",
		     "s.txt:14: #Number of shift templates: '0' is not an integer in [1, 10000]");
	expect_error(small, "D Day shift 6:0 0 0 480 0 0 1111100\n",
		     "D Day shift 6:0 0 0 480 0 0 1111100\nE Late 14:0 0 0 480 0 0 *\n",
		     "s.txt:19: more shift templates than the 1 announced");
	expect_error(small, "D Day shift 6:0 0 0", "D Day shift 6h 0 0",
		     "s.txt:18: shift template 'D': start '6h' is not H:M");
	expect_error(small, "D Day shift 6:0 0 0 480 0 0 1111100", "D 6:0 0 0 480 0 0",
		     "s.txt:18: shift template needs 9 fields (abbreviation, name, start, "
		     "+min, -min, length, +min, -min, days), found 7");
	expect_error(small, "6:0 0 0 480 0 0 1111100", "6:0 0 0 480 0 0 1111",
		     "s.txt:18: shift template 'D': days '1111' is neither '*' nor a 0/1 mask");
	expect_error(small, "6:0 0 0 480 0 0", "6:0 720 720 480 0 0",
		     "s.txt:18: shift template 'D': start window spans a whole day");
	expect_error(small, "6:0 0 0 480 0 0", "6:0 0 0 480 0 480",
		     "s.txt:18: shift template 'D': shortest length 0 is not > 0");
	expect_error(small, "6:0 0 0 480 0 0", "6:0 0 0 480 0 x",
		     "s.txt:18: length -minutes: 'x' is not an integer");
}

/* A NUL byte is refused with its line, even though the length covers it. */
static void test_dbai_rejects_nul_bytes(void)
{
	char text[sizeof(small)];
	struct design_problem p;
	struct sp_err err = SP_ERR_INIT;

	memcpy(text, small, sizeof(small));
	text[strstr(text, "#DaysPerCycle") - text + 2] = '\0';
	design_problem_init(&p);
	CU_ASSERT_EQUAL(dbai_parse(&p, text, sizeof(small) - 1, "s.txt", &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "s.txt:4: NUL byte"));
	design_problem_release(&p);
}

TEST_SUITE(dbai)
{
	CU_pSuite s = CU_add_suite("dbai", NULL, NULL);

	CU_add_test(s, "reads a small instance", test_dbai_reads_a_small_instance);
	CU_add_test(s, "reads a benchmark instance", test_dbai_reads_a_benchmark_instance);
	CU_add_test(s, "window past midnight, ISO-8859-1 name",
		    test_dbai_window_past_midnight_and_latin1);
	CU_add_test(s, "rejects bad instances", test_dbai_rejects_bad_instances);
	CU_add_test(s, "rejects NUL bytes", test_dbai_rejects_nul_bytes);
}
