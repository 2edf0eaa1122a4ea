/* test_design_io.c - shift design inputs and outputs (src/design/design_io.c):
 * the requirements.csv loader and its messages, shift types, the designed
 * shifts loader of plan --shifts, and the exact text of the three writers */
#include "tests.h"

#include "staffplan/buf.h"
#include "staffplan/design.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loads csv (opts o, may be NULL) into a fresh problem p. */
static sp_status load(struct design_problem *p, const char *csv, const struct design_req_opts *o,
		      struct sp_err *err)
{
	design_problem_init(p);
	return design_load_requirements(p, csv, "r.csv", o, err);
}

static void expect_req_error(const char *csv, const struct design_req_opts *o, const char *needle)
{
	struct design_problem p;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL(load(&p, csv, o, &err), SP_ERR_INPUT);
	if (!strstr(err.msg, needle))
		fprintf(stderr, "\n  message '%s' lacks '%s'\n", err.msg, needle);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, needle));
	/* a failed load leaves the problem as it was */
	CU_ASSERT_PTR_NULL(p.req);
	CU_ASSERT_EQUAL(p.nslots, 0);
	design_problem_release(&p);
}

static void test_design_io_requirements_reject_bad_rows(void)
{
	struct design_req_opts en = { NULL, "en", 0 }, q = { "chat", NULL, 0 }, s60 = { NULL, NULL, 60 };

	expect_req_error("", NULL, "r.csv:1: no header row, expected a first line naming the columns");
	expect_req_error("start,agents\n2026-12-02T09:00,1\n", NULL,
			 "r.csv:1: column 'required': missing from the header, expected a header "
			 "row naming at least start, required");
	expect_req_error("start,required\n# comment\n2026-12-02T09:00,1\n2026-12-02 9am,1\n", NULL,
			 "r.csv:4: column 'start': '2026-12-02 9am' is not an ISO 8601 time, "
			 "expected YYYY-MM-DDTHH:MM[+HH:MM]");
	expect_req_error("start,required\n2026-02-30T09:00,1\n", NULL,
			 "r.csv:2: column 'start': '2026-02-30T09:00' is no such date or time");
	expect_req_error("start,required\n2026-12-02T09:00:30,1\n", NULL,
			 "r.csv:2: column 'start': '2026-12-02T09:00:30' has seconds");
	expect_req_error("start,required\n2026-12-02T09:00,-1\n", NULL,
			 "r.csv:2: column 'required': '-1' is not a number of agents, expected a "
			 "number from 0 to 10000000");
	expect_req_error("start,required\n2026-12-02T09:00,many\n", NULL,
			 "r.csv:2: column 'required': 'many' is not a number");
	expect_req_error("start,required\n2026-12-02T09:00,1,2\n", NULL,
			 "r.csv:2: column 'required': the row has 3 fields, expected 2");
	expect_req_error("start,required\n2026-12-02T09:00,1\n2026-12-02T09:10,1\n", NULL,
			 "r.csv:3: column 'start': a start at minute 10 is not on a 15, 30 or "
			 "60-minute grid");
	expect_req_error("start,required\n2026-12-01T09:00,1\n2026-12-08T09:00,1\n", NULL,
			 "r.csv:3: column 'start': 2026-12-08 is more than one week after the "
			 "first day 2026-12-01");
	expect_req_error("start,required\n\"2026-12-02T09:00,1\n", NULL,
			 "r.csv:2: column 'start': the quoted field is never closed");
	/* filtering on a column the file lacks */
	expect_req_error("start,required\n2026-12-02T09:00,1\n", &q,
			 "r.csv:1: column 'queue': missing from the header");
	expect_req_error("start,language,required\n2026-12-02T09:00,de,1\n", &en,
			 "r.csv: no requirement rows for language en");
	/* slots coarser than the data */
	expect_req_error("start,required\n2026-12-02T09:00,1\n2026-12-02T09:30,1\n", &s60,
			 "r.csv: slots of 60 minutes do not divide the data's 30-minute intervals");
}

/* Columns by name in any case and order, quoted fields, comments, a BOM;
 * rows of one instant summed before rounding up; at a DST fall-back the
 * two instants of one local time count the larger, not the sum. */
static void test_design_io_requirements_sum_and_fall_back(void)
{
	const char *csv =
		"\xef\xbb\xbf# exported\n"
		"Required,queue,START\n"
		"1.4,chat,2026-10-24T09:00+02:00\n"
		"2.2,\"e,mail\",2026-10-24T09:00+02:00\n"
		"3,chat,2026-10-25T02:00+02:00\n"
		"5,chat,2026-10-25T02:00+01:00\n"
		"0.5,chat,2026-10-25T03:00+01:00\n";
	struct design_problem p;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(load(&p, csv, NULL, &err), SP_OK);
	CU_ASSERT_EQUAL(p.slot, 60);
	CU_ASSERT_EQUAL(p.ndays, 2);
	CU_ASSERT_EQUAL(p.cyclic, 0);
	CU_ASSERT_EQUAL(p.first_weekday, 5); /* 2026-10-24 is a Saturday */
	CU_ASSERT_EQUAL(p.req[9], 4);         /* ceil(1.4 + 2.2) */
	CU_ASSERT_EQUAL(p.req[24 + 2], 5);    /* max(3, 5) */
	CU_ASSERT_EQUAL(p.req[24 + 3], 1);
	CU_ASSERT_EQUAL(p.req[10], 0);
	design_problem_release(&p);
}

static void test_design_io_parses_shift_types(void)
{
	struct design_template t;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL(design_parse_shift_type("F=05:00-08:00,420-540,*", &t, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(t.name, "F");
	CU_ASSERT_EQUAL(t.start_lo, 300);
	CU_ASSERT_EQUAL(t.start_hi, 480);
	CU_ASSERT_EQUAL(t.len_lo, 420);
	CU_ASSERT_EQUAL(t.len_hi, 540);
	CU_ASSERT_EQUAL(t.days, DESIGN_ALL_DAYS);
	CU_ASSERT_EQUAL(design_parse_shift_type("N=23:00-01:00,8h,mon-fri", &t, &err), SP_OK);
	CU_ASSERT_EQUAL(t.start_lo, 23 * 60);
	CU_ASSERT_EQUAL(t.start_hi, 25 * 60);
	CU_ASSERT_EQUAL(t.len_lo, 480);
	CU_ASSERT_EQUAL(t.len_hi, 480);
	CU_ASSERT_EQUAL(t.days, 0x1fu);
	CU_ASSERT_EQUAL(design_parse_shift_type("W=10:00,4h-7.5h,sat,sun", &t, &err), SP_OK);
	CU_ASSERT_EQUAL(t.start_lo, 600);
	CU_ASSERT_EQUAL(t.start_hi, 600);
	CU_ASSERT_EQUAL(t.len_lo, 240);
	CU_ASSERT_EQUAL(t.len_hi, 450);
	CU_ASSERT_EQUAL(t.days, 0x60u);
	CU_ASSERT_EQUAL(design_parse_shift_type("S=10:00,240,sun-mon", &t, &err), SP_OK);
	CU_ASSERT_EQUAL(t.days, 0x41u);
	CU_ASSERT_EQUAL(design_parse_shift_type("M=10:00,240,1010000", &t, &err), SP_OK);
	CU_ASSERT_EQUAL(t.days, 0x05u);
	CU_ASSERT_EQUAL(design_parse_shift_type("M=10:00,240,MON,Wed", &t, &err), SP_OK);
	CU_ASSERT_EQUAL(t.days, 0x05u);
}

static void expect_type_error(const char *spec, const char *needle)
{
	struct design_template t;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL(design_parse_shift_type(spec, &t, &err), SP_ERR_INPUT);
	if (!strstr(err.msg, needle))
		fprintf(stderr, "\n  message '%s' lacks '%s'\n", err.msg, needle);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, needle));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "expected NAME=HH:MM-HH:MM,MIN-MAX[,DAYS]"));
}

/* Each message names the spec and the part that is wrong. */
static void test_design_io_shift_type_errors_name_the_part(void)
{
	expect_type_error("05:00-08:00,420", "bad shift type '05:00-08:00,420': no NAME=");
	expect_type_error("F=05:00", "bad shift type 'F=05:00': no ',' after the start window");
	expect_type_error("F=25:00,420", "'F=25:00,420': the start window is not HH:MM");
	expect_type_error("F=5,420", "'F=5,420': the start window is not HH:MM");
	expect_type_error("F=05:00,540-420", "'F=05:00,540-420': the lengths are not");
	expect_type_error("F=05:00,0", "bad shift type 'F=05:00,0': the lengths are not");
	expect_type_error("F=05:00,7.25", "'F=05:00,7.25': the lengths are not");
	expect_type_error("F=05:00,420,funday", "'F=05:00,420,funday': the days are not");
	expect_type_error("F=05:00,420,0000000", "'F=05:00,420,0000000': the days are not");
}

static void test_design_io_loads_shift_type_files(void)
{
	struct design_problem p;
	struct sp_err err = SP_ERR_INIT;

	design_problem_init(&p);
	CU_ASSERT_EQUAL(design_load_shift_types(&p, "# types\r\nA=06:00,480\r\n\n B=14:00,480 \n",
						"t.txt", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(p.ntpl, 2);
	CU_ASSERT_STRING_EQUAL(p.tpl[1].name, "B");
	CU_ASSERT_EQUAL(p.tpl[1].start_lo, 14 * 60);
	CU_ASSERT_EQUAL(design_load_shift_types(&p, "C=06:00,480\nD=6,480\n", "t.txt", &err),
			SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "t.txt:2: bad shift type 'D=6,480': the start "
				      "window"));
	design_problem_release(&p);
}

/* The result every writer test prints. */
static struct design_shift sh[2] = {
	{ 5 * 60 + 30, 450, { 4, 4, 4, 4, 4, 4, 4 } },
	{ 22 * 60, 480, { 1, 0, 0, 0, 0, 0, 2 } },
};
static const struct design_result fixed = { sh, 2, 60, 0, 2, 180, 120, 0.5, "time_limit" };

static void test_design_io_writes_json(void)
{
	struct design_result r = fixed;
	struct buf b = BUF_INIT;
	json_error_t jerr;
	json_t *j;

	design_write_json(&r, &b);
	CU_ASSERT_STRING_EQUAL(b.s,
		"{\"objective\": 180, \"shortage_minutes\": 60, \"excess_minutes\": 0, "
		"\"shifts_used\": 2, \"lower_bound\": 120, \"seconds\": 0.500, \"shifts\": [\n"
		"  {\"start\": \"05:30\", \"length_minutes\": 450, \"workers\": [4, 4, 4, 4, 4, 4, 4]},\n"
		"  {\"start\": \"22:00\", \"length_minutes\": 480, \"workers\": [1, 0, 0, 0, 0, 0, 2]}\n"
		"]}\n");
	j = json_loads(b.s, 0, &jerr);
	CU_ASSERT_PTR_NOT_NULL(j);
	json_decref(j);
	/* fractions keep their digits; a missing bound is null; no shifts */
	r.nshifts = 0;
	r.objective = 180.25;
	r.lower_bound = NAN;
	buf_reset(&b);
	design_write_json(&r, &b);
	CU_ASSERT_STRING_EQUAL(b.s,
		"{\"objective\": 180.25, \"shortage_minutes\": 60, \"excess_minutes\": 0, "
		"\"shifts_used\": 2, \"lower_bound\": null, \"seconds\": 0.500, \"shifts\": []}\n");
	buf_release(&b);
}

static void test_design_io_writes_csv_that_reads_back(void)
{
	struct buf b = BUF_INIT;
	struct design_shift *back;
	struct sp_err err = SP_ERR_INIT;
	int n;

	design_write_csv(&fixed, &b);
	CU_ASSERT_STRING_EQUAL(b.s, "start,length_minutes,mon,tue,wed,thu,fri,sat,sun\n"
				    "05:30,450,4,4,4,4,4,4,4\n"
				    "22:00,480,1,0,0,0,0,0,2\n");
	CU_ASSERT_EQUAL_FATAL(design_load_shifts(b.s, "d.csv", &back, &n, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT(!memcmp(back, sh, sizeof(sh)));
	free(back);
	buf_release(&b);
}

static void test_design_io_writes_table(void)
{
	struct design_problem p;
	struct buf b = BUF_INIT;

	design_problem_init(&p);
	design_problem_set_horizon(&p, 60, 7, 1);
	design_write_table(&p, &fixed, &b);
	CU_ASSERT_STRING_EQUAL(b.s,
		"start  end      length  Mon  Tue  Wed  Thu  Fri  Sat  Sun\n"
		"05:30  13:00     7h30     4    4    4    4    4    4    4\n"
		"22:00  06:00+1   8h00     1    0    0    0    0    0    2\n"
		"workers                   5    4    4    4    4    4    6\n"
		"\n"
		"objective 180 = 1 x 60 min short + 1 x 0 min over + 60 x 2 shifts\n"
		"lower bound 120 (time_limit), 0.50 s, 60-minute slots, cyclic 7-day horizon\n");
	buf_release(&b);
	design_problem_release(&p);
}

static void expect_shifts_error(const char *csv, const char *needle)
{
	struct design_shift *v = (void *)1;
	int n = 5;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL(design_load_shifts(csv, "d.csv", &v, &n, &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NULL(v);
	CU_ASSERT_EQUAL(n, 0);
	if (!strstr(err.msg, needle))
		fprintf(stderr, "\n  message '%s' lacks '%s'\n", err.msg, needle);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, needle));
}

static void test_design_io_shifts_loader(void)
{
	struct design_shift *v;
	int n;
	struct sp_err err = SP_ERR_INIT;

	expect_shifts_error("start,length_minutes,mon,tue,wed,thu,fri,sat\n",
			    "d.csv:1: column 'sun': missing from the header");
	expect_shifts_error("sun,sat,fri,thu,wed,tue,mon,length_minutes,start\n"
			    "0,0,0,0,0,0,1,480,08:00\n"
			    "0,0,0,0,0,0,1,480,8h\n",
			    "d.csv:3: column 'start': '8h' is not a time of day, expected HH:MM");
	expect_shifts_error("start,length_minutes,mon,tue,wed,thu,fri,sat,sun\n"
			    "08:00,0,1,1,1,1,1,0,0\n",
			    "d.csv:2: column 'length_minutes': '0' is not a length, expected a whole "
			    "number of minutes from 1 to 10080");
	expect_shifts_error("start,length_minutes,mon,tue,wed,thu,fri,sat,sun\n"
			    "08:00,480,1,1,1,1,1,0,-1\n",
			    "d.csv:2: column 'sun': '-1' is not a number of workers");
	expect_shifts_error("", "d.csv:1: no header row");
	/* columns in any order, comments */
	CU_ASSERT_EQUAL(design_load_shifts("sun,sat,fri,thu,wed,tue,mon,length_minutes,start\n"
					   "# designed\n0,0,0,0,0,0,1,480, 08:00\n", "d.csv",
					   &v, &n, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(v[0].start, 480);
	CU_ASSERT_EQUAL(v[0].length, 480);
	CU_ASSERT_EQUAL(v[0].workers[0], 1);
	CU_ASSERT_EQUAL(v[0].workers[6], 0);
	free(v);
	/* a header alone: no shifts, not an error */
	CU_ASSERT_EQUAL(design_load_shifts("start,length_minutes,mon,tue,wed,thu,fri,sat,sun\n",
					   "d.csv", &v, &n, &err), SP_OK);
	CU_ASSERT_EQUAL(n, 0);
	free(v);
}

TEST_SUITE(design_io)
{
	CU_pSuite s = CU_add_suite("design_io", NULL, NULL);

	CU_add_test(s, "requirements reject bad rows (file:line: column)",
		    test_design_io_requirements_reject_bad_rows);
	CU_add_test(s, "requirements: sums, names, fall-back",
		    test_design_io_requirements_sum_and_fall_back);
	CU_add_test(s, "parses shift types", test_design_io_parses_shift_types);
	CU_add_test(s, "shift type errors name the part", test_design_io_shift_type_errors_name_the_part);
	CU_add_test(s, "loads shift type files", test_design_io_loads_shift_type_files);
	CU_add_test(s, "writes json", test_design_io_writes_json);
	CU_add_test(s, "writes csv that reads back", test_design_io_writes_csv_that_reads_back);
	CU_add_test(s, "writes table", test_design_io_writes_table);
	CU_add_test(s, "shifts loader", test_design_io_shifts_loader);
}
