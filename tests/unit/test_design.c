/* test_design.c - shift design: DBAI reader, requirements input, solver, outputs */
#include "tests.h"

#include "staffplan/buf.h"
#include "staffplan/design.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DBAI_FIXTURE "tests/fixtures/design/dbai-RandomExample1.txt"
#define REQ_FIXTURE "tests/fixtures/design/requirements.csv"

static sp_status parse_text(struct design_problem *p, const char *text, struct sp_err *err)
{
	design_problem_init(p);
	return dbai_parse(p, text, strlen(text), "inst.txt", err);
}

/* Replaces the first occurrence of `from` in *text by `to` (new string). */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t a, n;
	char *out;

	if (!at)
		return NULL;
	a = (size_t)(at - text);
	n = strlen(text) - strlen(from) + strlen(to);
	out = malloc(n + 1);
	memcpy(out, text, a);
	memcpy(out + a, to, strlen(to));
	strcpy(out + a + strlen(to), at + strlen(from));
	return out;
}

static void test_design_dbai_parses_instance(void)
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
	CU_ASSERT_EQUAL(p.req[166], 0);
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
	CU_ASSERT_DOUBLE_EQUAL(p.w_short, 1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(p.w_over, 1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(p.w_shifts, 60, 1e-12);
	design_problem_release(&p);
	free(text);
}

static void solve_text(const char *text, struct design_result *r)
{
	struct design_problem p;
	struct design_opts o = { 10, NULL, NULL, NULL };
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(parse_text(&p, text, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(design_solve(&p, &o, r, &err), SP_OK);
	design_problem_release(&p);
}

static void test_design_solves_dbai_to_known_optimum(void)
{
	struct design_result r;
	char *text = test_slurp(test_path(DBAI_FIXTURE), NULL);
	struct design_problem p;
	struct sp_err err = SP_ERR_INIT;
	struct design_result again;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	solve_text(text, &r);
	/* known optimum of DataSet1/RandomExample1: 8 shifts x 60, no deviation */
	CU_ASSERT_DOUBLE_EQUAL(r.objective, 480, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(r.lower_bound, 480, 1e-9);
	CU_ASSERT_STRING_EQUAL(r.status, "optimal");
	CU_ASSERT_EQUAL(r.shortage, 0);
	CU_ASSERT_EQUAL(r.excess, 0);
	CU_ASSERT_EQUAL(r.shifts_used, 8);
	CU_ASSERT_EQUAL(r.nshifts, 8);
	/* the reported terms are those of the shifts */
	CU_ASSERT_EQUAL_FATAL(parse_text(&p, text, &err), SP_OK);
	memset(&again, 0, sizeof(again));
	again.shifts = r.shifts;
	again.nshifts = r.nshifts;
	design_evaluate(&p, &again);
	CU_ASSERT_DOUBLE_EQUAL(again.objective, r.objective, 1e-9);
	/* every shift fits a template window */
	for (int i = 0; i < r.nshifts; i++) {
		int ok = 0;
		for (int t = 0; t < p.ntpl; t++) {
			int s = r.shifts[i].start;
			if (s < p.tpl[t].start_lo)
				s += 1440;
			ok |= s <= p.tpl[t].start_hi && r.shifts[i].length >= p.tpl[t].len_lo &&
			      r.shifts[i].length <= p.tpl[t].len_hi;
		}
		CU_ASSERT(ok);
	}
	design_problem_release(&p);
	design_result_release(&r);
	free(text);
}

static void test_design_dbai_ignores_embedded_solution(void)
{
	char *text = test_slurp(test_path(DBAI_FIXTURE), NULL), *cut, *garbled;
	struct design_result a, b, c;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	solve_text(text, &a);
	/* delete the fitness and the solution sections */
	cut = strdup(text);
	*strstr(cut, "#Fitness of assumed optimal Solution") = '\0';
	CU_ASSERT_PTR_NULL(strstr(cut, "#Optimal Solution"));
	solve_text(cut, &b);
	/* a wrong embedded solution and fitness change nothing either */
	garbled = replace(text, "# 480", "# 1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(garbled);
	{
		char *g2 = replace(garbled, "# 1:  8:0    420       4  4  4  4  4  0  0",
				   "# 1:  3:0    600       9  9  9  9  9  9  9");
		CU_ASSERT_PTR_NOT_NULL_FATAL(g2);
		free(garbled);
		garbled = g2;
	}
	solve_text(garbled, &c);
	CU_ASSERT_DOUBLE_EQUAL(a.objective, b.objective, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(a.objective, c.objective, 1e-9);
	CU_ASSERT_EQUAL_FATAL(a.nshifts, b.nshifts);
	CU_ASSERT_EQUAL_FATAL(a.nshifts, c.nshifts);
	CU_ASSERT(!memcmp(a.shifts, b.shifts, sizeof(*a.shifts) * (size_t)a.nshifts));
	CU_ASSERT(!memcmp(a.shifts, c.shifts, sizeof(*a.shifts) * (size_t)a.nshifts));
	design_result_release(&a);
	design_result_release(&b);
	design_result_release(&c);
	free(text);
	free(cut);
	free(garbled);
}

static void expect_input_error(const char *text, const char *needle)
{
	struct design_problem p;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL(parse_text(&p, text, &err), SP_ERR_INPUT);
	if (!strstr(err.msg, needle))
		fprintf(stderr, "\n  message '%s' lacks '%s'\n", err.msg, needle);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, needle));
	design_problem_release(&p);
}

static void test_design_dbai_rejects_bad_input(void)
{
	char *text = test_slurp(test_path(DBAI_FIXTURE), NULL), *bad;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	/* a missing section */
	bad = replace(text, "#Requirements:", "#Remarks:");
	CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
	expect_input_error(bad, "missing section '#Requirements'");
	free(bad);
	bad = replace(text, "#Shifts:", "#Nothing:");
	expect_input_error(bad, "missing section '#Shifts'");
	free(bad);
	/* one requirement value too few: named with the line of the values */
	bad = replace(text, "0 0 0 0 0 0 0 3 11", "0 0 0 0 0 0 3 11");
	CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
	expect_input_error(bad, "inst.txt:11: #Requirements has 167 values, expected 168");
	free(bad);
	/* a value that is not a number */
	bad = replace(text, "0 0 0 0 0 0 0 3 11", "0 0 0 0 0 0 x 3 11");
	expect_input_error(bad, "inst.txt:11: requirement: 'x'");
	free(bad);
	/* more templates than announced */
	bad = replace(text, "#Number of shift templates\r\n4", "#Number of shift templates\r\n3");
	CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
	expect_input_error(bad, "more shift templates than the 3 announced");
	free(bad);
	/* a broken template line */
	bad = replace(text, "T Tagschicht 10:0 60 60", "T Tagschicht 10h 60 60");
	CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
	expect_input_error(bad, "start '10h' is not H:M");
	free(bad);
	bad = replace(text, "\r\nyes\r\n", "\r\nperhaps\r\n");
	expect_input_error(bad, "#FlagCyclical: expected yes or no");
	free(bad);
	expect_input_error("", "missing section '#MinuteInterval'");
	free(text);
}

/* A hand-built week: 2 workers needed from 22:00 to 06:00 every night. */
static void night_problem(struct design_problem *p, int cyclic)
{
	struct design_template t = { "night", 22 * 60, 22 * 60, 480, 480, DESIGN_ALL_DAYS };

	design_problem_init(p);
	design_problem_set_horizon(p, 60, 7, cyclic);
	for (int d = 0; d < 7; d++)
		for (int h = 0; h < 24; h++)
			if (h >= 22 || h < 6)
				p->req[d * 24 + h] = 2;
	design_problem_add_template(p, &t);
	p->w_shifts = 100;
}

static void test_design_wraps_sunday_night_into_monday(void)
{
	struct design_problem p;
	struct design_result r;
	struct design_opts o = { 5, NULL, NULL, NULL };
	struct sp_err err = SP_ERR_INIT;
	struct design_shift sun = { 22 * 60, 480, { 0, 0, 0, 0, 0, 0, 1 } };
	struct design_result e = { &sun, 1, 0, 0, 0, 0, 0, 0, NULL };

	night_problem(&p, 1);
	CU_ASSERT_EQUAL_FATAL(design_solve(&p, &o, &r, &err), SP_OK);
	CU_ASSERT_EQUAL(r.shortage, 0);
	CU_ASSERT_EQUAL(r.excess, 0);
	CU_ASSERT_EQUAL_FATAL(r.nshifts, 1);
	CU_ASSERT_EQUAL(r.shifts[0].start, 22 * 60);
	for (int d = 0; d < 7; d++)
		CU_ASSERT_EQUAL(r.shifts[0].workers[d], 2);
	CU_ASSERT_DOUBLE_EQUAL(r.objective, 100, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(r.lower_bound, 100, 1e-9);
	design_result_release(&r);
	/* one worker on Sunday 22:00 covers Monday 00:00-06:00 of the same week */
	design_evaluate(&p, &e);
	CU_ASSERT_EQUAL(e.shortage, (2 * 8 * 7 - 8) * 60);
	CU_ASSERT_EQUAL(e.excess, 0);
	design_problem_release(&p);

	/* without the wrap, Monday 00:00-06:00 cannot be covered */
	night_problem(&p, 0);
	CU_ASSERT_EQUAL_FATAL(design_solve(&p, &o, &r, &err), SP_OK);
	CU_ASSERT_EQUAL(r.shortage, 2 * 6 * 60);
	CU_ASSERT_EQUAL(r.excess, 0);
	CU_ASSERT_DOUBLE_EQUAL(r.objective, 100 + 720, 1e-9);
	design_result_release(&r);
	e.shortage = e.excess = 0;
	design_evaluate(&p, &e);
	CU_ASSERT_EQUAL(e.shortage, (2 * 8 * 7 - 2) * 60); /* Sunday 22-24 only */
	design_problem_release(&p);
}

static void test_design_reads_requirements_csv(void)
{
	char *text = test_slurp(test_path(REQ_FIXTURE), NULL);
	struct design_problem p;
	struct design_req_opts ro = { NULL, NULL, 0 };
	struct design_template t;
	struct design_result r;
	struct design_opts o = { 5, NULL, NULL, NULL };
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	design_problem_init(&p);
	CU_ASSERT_EQUAL_FATAL(design_load_requirements(&p, text, "requirements.csv", &ro, &err),
			      SP_OK);
	CU_ASSERT_EQUAL(p.slot, 60);
	CU_ASSERT_EQUAL(p.ndays, 7);
	CU_ASSERT_EQUAL(p.cyclic, 1);
	CU_ASSERT_EQUAL(p.first_weekday, 0); /* 2026-11-30 is a Monday */
	CU_ASSERT_EQUAL(p.req[7], 0);
	CU_ASSERT_EQUAL(p.req[8], 4);        /* ceil(1.4 + 2.2) */
	CU_ASSERT_EQUAL(p.req[6 * 24 + 15], 4);
	CU_ASSERT_EQUAL(p.req[6 * 24 + 16], 0);
	CU_ASSERT_EQUAL(design_parse_shift_type("day=08:00,480", &t, &err), SP_OK);
	design_problem_add_template(&p, &t);
	CU_ASSERT_EQUAL_FATAL(design_solve(&p, &o, &r, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(r.nshifts, 1);
	CU_ASSERT_EQUAL(r.shifts[0].start, 8 * 60);
	CU_ASSERT_EQUAL(r.shifts[0].length, 480);
	CU_ASSERT_EQUAL(r.shifts[0].workers[0], 4);
	CU_ASSERT_EQUAL(r.shifts[0].workers[6], 4);
	CU_ASSERT_EQUAL(r.shortage + r.excess, 0);
	CU_ASSERT_DOUBLE_EQUAL(r.objective, 60, 1e-9); /* default weights 1,1,60 */
	design_result_release(&r);
	design_problem_release(&p);

	/* filtered per language, finer slots */
	ro.language = "en";
	ro.slot = 30;
	design_problem_init(&p);
	CU_ASSERT_EQUAL_FATAL(design_load_requirements(&p, text, "requirements.csv", &ro, &err),
			      SP_OK);
	CU_ASSERT_EQUAL(p.slot, 30);
	CU_ASSERT_EQUAL(p.req[16], 2);       /* ceil(1.4), Monday 08:00 */
	CU_ASSERT_EQUAL(p.req[17], 2);       /* Monday 08:30 */
	design_problem_release(&p);
	ro.language = "ko";
	design_problem_init(&p);
	CU_ASSERT_EQUAL(design_load_requirements(&p, text, "requirements.csv", &ro, &err),
			SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no requirement rows"));
	design_problem_release(&p);
	free(text);
}

static void test_design_requirements_short_horizon_is_open(void)
{
	const char *csv =
		"start,queue,language,required\n"
		"2026-12-02T09:00,chat,en,1\n"      /* a Wednesday */
		"2026-12-03T23:00,chat,en,0.5\n";
	struct design_problem p;
	struct design_result r;
	struct design_opts o = { 5, NULL, NULL, NULL };
	struct design_template t;
	struct sp_err err = SP_ERR_INIT;

	design_problem_init(&p);
	CU_ASSERT_EQUAL_FATAL(design_load_requirements(&p, csv, "r.csv", NULL, &err), SP_OK);
	CU_ASSERT_EQUAL(p.ndays, 2);
	CU_ASSERT_EQUAL(p.cyclic, 0);
	CU_ASSERT_EQUAL(p.first_weekday, 2);
	CU_ASSERT_EQUAL(p.req[9], 1);
	CU_ASSERT_EQUAL(p.req[24 + 23], 1);
	CU_ASSERT_EQUAL(design_parse_shift_type("x=09:00,60", &t, &err), SP_OK);
	design_problem_add_template(&p, &t);
	CU_ASSERT_EQUAL(design_parse_shift_type("y=23:00,120", &t, &err), SP_OK);
	design_problem_add_template(&p, &t);
	p.w_shifts = 10;
	CU_ASSERT_EQUAL_FATAL(design_solve(&p, &o, &r, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(r.nshifts, 2);
	/* workers land in the Wednesday and Thursday columns; the 23:00 shift
	 * runs past the horizon and counts no excess there */
	CU_ASSERT_EQUAL(r.shifts[0].workers[2], 1);
	CU_ASSERT_EQUAL(r.shifts[1].workers[3], 1);
	CU_ASSERT_EQUAL(r.excess, 0);
	design_result_release(&r);
	design_problem_release(&p);
}

static void test_design_shift_type_days_are_weekdays(void)
{
	/* Wednesday and Thursday; the type is allowed on Thursdays only */
	const char *csv = "start,required\n2026-12-02T09:00,1\n2026-12-03T09:00,2\n";
	struct design_problem p;
	struct design_result r;
	struct design_opts o = { 5, NULL, NULL, NULL };
	struct design_template t;
	struct sp_err err = SP_ERR_INIT;

	design_problem_init(&p);
	CU_ASSERT_EQUAL_FATAL(design_load_requirements(&p, csv, "r.csv", NULL, &err), SP_OK);
	CU_ASSERT_EQUAL(design_parse_shift_type("x=09:00,60,thu", &t, &err), SP_OK);
	design_problem_add_template(&p, &t);
	p.w_shifts = 1;
	CU_ASSERT_EQUAL_FATAL(design_solve(&p, &o, &r, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(r.nshifts, 1);
	CU_ASSERT_EQUAL(r.shifts[0].workers[2], 0);
	CU_ASSERT_EQUAL(r.shifts[0].workers[3], 2);
	CU_ASSERT_EQUAL(r.shortage, 60);
	design_result_release(&r);
	/* a type that fits no day of the horizon: the empty design, proven */
	p.tpl[0].days = 1u << 6;
	CU_ASSERT_EQUAL_FATAL(design_solve(&p, &o, &r, &err), SP_OK);
	CU_ASSERT_EQUAL(r.nshifts, 0);
	CU_ASSERT_EQUAL(r.shortage, 180);
	CU_ASSERT_STRING_EQUAL(r.status, "optimal");
	design_result_release(&r);
	/* a type with no start on the slot grid is an input error */
	CU_ASSERT_EQUAL(design_parse_shift_type("y=09:10-09:50,60", &t, &err), SP_OK);
	design_problem_add_template(&p, &t);
	CU_ASSERT_EQUAL(design_solve(&p, &o, &r, &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "shift type 'y': no start or no length"));
	design_problem_release(&p);
}

static void expect_req_error(const char *csv, const char *needle)
{
	struct design_problem p;
	struct sp_err err = SP_ERR_INIT;

	design_problem_init(&p);
	CU_ASSERT_EQUAL(design_load_requirements(&p, csv, "r.csv", NULL, &err), SP_ERR_INPUT);
	if (!strstr(err.msg, needle))
		fprintf(stderr, "\n  message '%s' lacks '%s'\n", err.msg, needle);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, needle));
	design_problem_release(&p);
}

static void test_design_requirements_reject_bad_rows(void)
{
	expect_req_error("", "r.csv:1: empty file");
	expect_req_error("start,agents\n2026-12-02T09:00,1\n", "missing column 'required'");
	expect_req_error("start,required\n# comment\n2026-12-02T09:00,1\n2026-12-02 9am,1\n",
			 "r.csv:4: column 'start'");
	expect_req_error("start,required\n2026-02-30T09:00,1\n", "r.csv:2: column 'start'");
	expect_req_error("start,required\n2026-12-02T09:00,-1\n", "r.csv:2: column 'required'");
	expect_req_error("start,required\n2026-12-02T09:00,1,2\n", "r.csv:2: 3 fields");
	expect_req_error("start,required\n2026-12-02T09:10,1\n", "r.csv:2: column 'start': not on");
	expect_req_error("start,required\n2026-12-01T09:00,1\n2026-12-08T09:00,1\n",
			 "r.csv:3: more than one week");
	expect_req_error("start,required\n\"2026-12-02T09:00,1\n", "unterminated quoted field");
}

static void test_design_parses_shift_types(void)
{
	struct design_template t;
	struct sp_err err = SP_ERR_INIT;
	struct design_problem p;

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
	CU_ASSERT_EQUAL(t.len_hi, 450);
	CU_ASSERT_EQUAL(t.days, 0x60u);
	CU_ASSERT_EQUAL(design_parse_shift_type("S=10:00,240,sun-mon", &t, &err), SP_OK);
	CU_ASSERT_EQUAL(t.days, 0x41u);
	CU_ASSERT_EQUAL(design_parse_shift_type("M=10:00,240,1010000", &t, &err), SP_OK);
	CU_ASSERT_EQUAL(t.days, 0x05u);
	CU_ASSERT_EQUAL(design_parse_shift_type("05:00-08:00,420", &t, &err), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(design_parse_shift_type("F=25:00,420", &t, &err), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(design_parse_shift_type("F=05:00,540-420", &t, &err), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(design_parse_shift_type("F=05:00,420,funday", &t, &err), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(design_parse_shift_type("F=05:00,0", &t, &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "bad shift type 'F=05:00,0'"));

	design_problem_init(&p);
	CU_ASSERT_EQUAL(design_load_shift_types(&p, "# types\nA=06:00,480\n\n B=14:00,480 \n",
						"t.txt", &err), SP_OK);
	CU_ASSERT_EQUAL(p.ntpl, 2);
	CU_ASSERT_EQUAL(design_load_shift_types(&p, "C=06:00,480\nD=6,480\n", "t.txt", &err),
			SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "t.txt:2: bad shift type 'D=6,480'"));
	design_problem_release(&p);
}

static void test_design_json_has_spec_keys(void)
{
	static const char *const keys[] = {
		"objective", "shortage_minutes", "excess_minutes", "shifts_used",
		"lower_bound", "seconds", "shifts"
	};
	struct design_shift sh[2] = {
		{ 5 * 60 + 30, 450, { 4, 4, 4, 4, 4, 4, 4 } },
		{ 22 * 60, 480, { 1, 0, 0, 0, 0, 0, 2 } },
	};
	struct design_result r = { sh, 2, 60, 0, 2, 180, 120, 0.5, "time_limit" };
	struct buf b = BUF_INIT;
	json_error_t jerr;
	json_t *j, *s0;

	design_write_json(&r, &b);
	j = json_loads(b.s, 0, &jerr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_EQUAL(json_object_size(j), sizeof(keys) / sizeof(keys[0]));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		CU_ASSERT_PTR_NOT_NULL(json_object_get(j, keys[i]));
	CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_object_get(j, "objective")), 180, 1e-9);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "shortage_minutes")), 60);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "shifts_used")), 2);
	CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_object_get(j, "lower_bound")), 120, 1e-9);
	CU_ASSERT_EQUAL(json_array_size(json_object_get(j, "shifts")), 2);
	s0 = json_array_get(json_object_get(j, "shifts"), 0);
	CU_ASSERT_EQUAL(json_object_size(s0), 3);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(s0, "start")), "05:30");
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(s0, "length_minutes")), 450);
	CU_ASSERT_EQUAL(json_array_size(json_object_get(s0, "workers")), 7);
	json_decref(j);

	/* CSV: the columns of SPEC 5.7, read back by the plan --shifts loader */
	buf_reset(&b);
	design_write_csv(&r, &b);
	CU_ASSERT_EQUAL(strncmp(b.s, "start,length_minutes,mon,tue,wed,thu,fri,sat,sun\n"
				"05:30,450,4,4,4,4,4,4,4\n22:00,480,1,0,0,0,0,0,2\n", b.len), 0);
	{
		struct design_shift *back;
		int n;
		struct sp_err err = SP_ERR_INIT;
		CU_ASSERT_EQUAL_FATAL(design_load_shifts(b.s, "d.csv", &back, &n, &err), SP_OK);
		CU_ASSERT_EQUAL_FATAL(n, 2);
		CU_ASSERT(!memcmp(back, sh, sizeof(sh)));
		free(back);
	}
	buf_reset(&b);
	design_write_table(&(struct design_problem){ .slot = 60, .ndays = 7, .cyclic = 1,
						     .w_short = 1, .w_over = 1, .w_shifts = 60 },
			   &r, &b);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, "22:00  06:00+1"));
	buf_release(&b);
}

static void test_design_shifts_loader_rejects_bad_rows(void)
{
	struct design_shift *v = (void *)1;
	int n = 5;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL(design_load_shifts("start,length_minutes,mon,tue,wed,thu,fri,sat\n",
					   "d.csv", &v, &n, &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NULL(v);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "d.csv:1: missing column 'sun'"));
	CU_ASSERT_EQUAL(design_load_shifts("sun,sat,fri,thu,wed,tue,mon,length_minutes,start\n"
					   "0,0,0,0,0,0,1,480,08:00\n"
					   "0,0,0,0,0,0,1,480,8h\n", "d.csv", &v, &n, &err),
			SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "d.csv:3: column 'start'"));
	CU_ASSERT_EQUAL(design_load_shifts("start,length_minutes,mon,tue,wed,thu,fri,sat,sun\n"
					   "08:00,480,1,1,1,1,1,0,-1\n", "d.csv", &v, &n, &err),
			SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "d.csv:2: column 'sun'"));
	/* columns in any order */
	CU_ASSERT_EQUAL(design_load_shifts("sun,sat,fri,thu,wed,tue,mon,length_minutes,start\n"
					   "# designed\n0,0,0,0,0,0,1,480,08:00\n", "d.csv",
					   &v, &n, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(v[0].start, 480);
	CU_ASSERT_EQUAL(v[0].workers[0], 1);
	CU_ASSERT_EQUAL(v[0].workers[6], 0);
	free(v);
}

/* A generated instance like DBAI's (15-minute slots, 24 random shifts):
 * the solver must stop within the time limit with a consistent answer. */
static void test_design_respects_time_limit(void)
{
	struct design_problem p;
	struct design_result r, e;
	struct design_opts o = { 1.0, NULL, NULL, NULL };
	struct sp_err err = SP_ERR_INIT;
	static const char *const types[] = {
		"M=05:00-08:00,420-540", "D=09:00-11:00,420-540",
		"E=13:00-15:00,420-540", "N=21:00-23:00,420-540",
	};
	uint32_t seed = 12345;

	design_problem_init(&p);
	design_problem_set_horizon(&p, 15, 7, 1);
	p.w_shifts = 15;
	for (int i = 0; i < 4; i++) {
		struct design_template t;
		CU_ASSERT_EQUAL_FATAL(design_parse_shift_type(types[i], &t, &err), SP_OK);
		design_problem_add_template(&p, &t);
	}
	for (int s = 0; s < 24; s++) {
		const struct design_template *t = &p.tpl[s % 4];
		int start, len, w;
		seed = seed * 1103515245u + 12345u;
		start = t->start_lo + (int)((seed >> 8) % (uint32_t)((t->start_hi - t->start_lo) / 15 + 1)) * 15;
		seed = seed * 1103515245u + 12345u;
		len = t->len_lo + (int)((seed >> 8) % 9u) * 15;
		for (int d = 0; d < 7; d++) {
			seed = seed * 1103515245u + 12345u;
			w = (int)((seed >> 8) % 5u);
			for (int j = 0; j < len / 15; j++)
				p.req[(d * 96 + start / 15 + j) % p.nslots] += w;
		}
	}
	CU_ASSERT_EQUAL_FATAL(design_solve(&p, &o, &r, &err), SP_OK);
	CU_ASSERT(r.seconds <= 1.3);
	CU_ASSERT(r.lower_bound <= r.objective + 1e-9);
	memset(&e, 0, sizeof(e));
	design_evaluate(&p, &e); /* no shifts at all */
	CU_ASSERT(r.objective < e.objective / 4);
	memset(&e, 0, sizeof(e));
	e.shifts = r.shifts;
	e.nshifts = r.nshifts;
	design_evaluate(&p, &e);
	CU_ASSERT_DOUBLE_EQUAL(e.objective, r.objective, 1e-9);
	design_result_release(&r);
	design_problem_release(&p);
}

TEST_SUITE(design)
{
	CU_pSuite s = CU_add_suite("design", NULL, NULL);

	CU_add_test(s, "dbai parses instance", test_design_dbai_parses_instance);
	CU_add_test(s, "solves dbai to known optimum", test_design_solves_dbai_to_known_optimum);
	CU_add_test(s, "dbai ignores embedded solution", test_design_dbai_ignores_embedded_solution);
	CU_add_test(s, "dbai rejects bad input", test_design_dbai_rejects_bad_input);
	CU_add_test(s, "wraps sunday night into monday", test_design_wraps_sunday_night_into_monday);
	CU_add_test(s, "reads requirements csv", test_design_reads_requirements_csv);
	CU_add_test(s, "short requirements horizon is open",
		    test_design_requirements_short_horizon_is_open);
	CU_add_test(s, "shift type days are weekdays", test_design_shift_type_days_are_weekdays);
	CU_add_test(s, "requirements reject bad rows", test_design_requirements_reject_bad_rows);
	CU_add_test(s, "parses shift types", test_design_parses_shift_types);
	CU_add_test(s, "json has spec keys", test_design_json_has_spec_keys);
	CU_add_test(s, "shifts loader rejects bad rows", test_design_shifts_loader_rejects_bad_rows);
	CU_add_test(s, "respects time limit", test_design_respects_time_limit);
}
