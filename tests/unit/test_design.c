/* test_design.c - shift design: the problem's checks, the solver and the
 * evaluation of a design (inputs and outputs: test_design_io.c; the DBAI
 * reader: test_dbai.c) */
#include "tests.h"

#include "staffplan/design.h"

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

/* Every check of design_problem_check, through design_solve. */
static void test_design_rejects_bad_problems(void)
{
	struct design_problem p;
	struct design_result r;
	struct design_template t = { "day", 8 * 60, 9 * 60, 480, 480, DESIGN_ALL_DAYS };
	struct sp_err err = SP_ERR_INIT;
	static const struct {
		const char *what, *needle;
	} cases[] = {
		{ "no curve", "no requirement curve" },
		{ "no types", "no shift types" },
		{ "weight", "weights must be >= 0" },
		{ "length", "shift type 'day': bad windows" },
		{ "days", "shift type 'day': bad windows" },
		{ "window", "shift type 'day': bad windows" },
		{ "grid", "shift type 'day': no start or no length on the 60-minute slot grid" },
		{ "requirement", "negative requirement in slot 5" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		design_problem_init(&p);
		if (i > 0)
			design_problem_set_horizon(&p, 60, 7, 1);
		if (i > 1)
			design_problem_add_template(&p, &t);
		if (!strcmp(cases[i].what, "weight"))
			p.w_over = -1;
		else if (!strcmp(cases[i].what, "length"))
			p.tpl[0].len_lo = 0;
		else if (!strcmp(cases[i].what, "days"))
			p.tpl[0].days = 0;
		else if (!strcmp(cases[i].what, "window"))
			p.tpl[0].start_hi = p.tpl[0].start_lo + 1440;
		else if (!strcmp(cases[i].what, "grid"))
			p.tpl[0].len_lo = p.tpl[0].len_hi = 450;
		else if (!strcmp(cases[i].what, "requirement"))
			p.req[5] = -1;
		r.nshifts = 99;
		CU_ASSERT_EQUAL(design_solve(&p, NULL, &r, &err), SP_ERR_INPUT);
		if (!strstr(err.msg, cases[i].needle))
			fprintf(stderr, "\n  %s: message '%s' lacks '%s'\n", cases[i].what, err.msg,
				cases[i].needle);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, cases[i].needle));
		CU_ASSERT_EQUAL(r.nshifts, 0);
		CU_ASSERT_PTR_NULL(r.shifts);
		design_problem_release(&p);
	}
}

struct seen {
	int calls;
	double last_incumbent, last_bound, last_elapsed;
};

static void on_progress(void *info, double elapsed, double incumbent, double bound)
{
	struct seen *s = info;

	s->calls++;
	s->last_elapsed = elapsed;
	s->last_incumbent = incumbent;
	s->last_bound = bound;
}

/* Progress reaches the callback (at least on every new incumbent, the
 * last one being the answer) and the trace, GLPK's branch and bound
 * included, reaches the log: nothing goes to stderr on its own. */
static void test_design_reports_progress_and_trace(void)
{
	char *text = test_slurp(test_path(DBAI_FIXTURE), NULL), *trace;
	struct design_problem p;
	struct design_result r;
	struct sp_err err = SP_ERR_INIT;
	struct seen seen = { 0, 0, 0, 0 };
	FILE *log = tmpfile();
	struct design_opts o = { 10, log, on_progress, &seen };
	long n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL_FATAL(parse_text(&p, text, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(design_solve(&p, &o, &r, &err), SP_OK);
	CU_ASSERT(seen.calls >= 2);
	CU_ASSERT_DOUBLE_EQUAL(seen.last_incumbent, r.objective, 1e-9);
	CU_ASSERT(seen.last_bound <= r.objective + 1e-9);
	CU_ASSERT(seen.last_elapsed >= 0 && seen.last_elapsed <= r.seconds);
	n = ftell(log);
	CU_ASSERT_FATAL(n > 0);
	trace = calloc(1, (size_t)n + 1);
	rewind(log);
	CU_ASSERT_EQUAL(fread(trace, 1, (size_t)n, log), (size_t)n);
	CU_ASSERT_PTR_NOT_NULL(strstr(trace, "design: 39 candidate shifts, 263 shift-day variables, 168 slots"));
	CU_ASSERT_PTR_NOT_NULL(strstr(trace, "design: exact cover possible"));
	CU_ASSERT_PTR_NOT_NULL(strstr(trace, "mip = "));
	free(trace);
	fclose(log);
	design_result_release(&r);
	design_problem_release(&p);
	free(text);
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

	CU_add_test(s, "solves dbai to known optimum", test_design_solves_dbai_to_known_optimum);
	CU_add_test(s, "dbai ignores embedded solution", test_design_dbai_ignores_embedded_solution);
	CU_add_test(s, "wraps sunday night into monday", test_design_wraps_sunday_night_into_monday);
	CU_add_test(s, "reads requirements csv", test_design_reads_requirements_csv);
	CU_add_test(s, "short requirements horizon is open",
		    test_design_requirements_short_horizon_is_open);
	CU_add_test(s, "shift type days are weekdays", test_design_shift_type_days_are_weekdays);
	CU_add_test(s, "rejects bad problems", test_design_rejects_bad_problems);
	CU_add_test(s, "reports progress and trace", test_design_reports_progress_and_trace);
	CU_add_test(s, "respects time limit", test_design_respects_time_limit);
}
