/* test_previous.c - the roster before the horizon (src/input/previous.c):
 * reading a roster.csv, refusing what cannot be a previous roster, and
 * the carry-over each agent brings (SPEC 7) */
#include "tests.h"

#include "staffplan/previous.h"

#include <string.h>

/* A desk in London whose horizon starts Monday 2026-11-30 00:00 (GMT). */
static void desk(struct sp_input *in)
{
	struct sp_err err = SP_ERR_INIT;

	sp_input_init(in);
	in->warn = NULL;
	CU_ASSERT_EQUAL_FATAL(sp_input_load_config(in, "[site]\ntimezone = Europe/London\n",
						   "plan.ini", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(sp_input_load_agents(in, "id,name,languages\nA1,Ann,en\nB2,Bo,en\n",
						   "agents.csv", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(in, "start,language,volume\n"
						     "2026-11-30T00:00,en,1\n"
						     "2026-12-06T23:00,en,1\n", "f.csv", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(sp_input_finish(in, &err), SP_OK);
}

#define HDR "agent_id,agent_name,date,start,end,paid_hours,break_start,break_end,queues,languages\n"

static void test_previous_reads_roster_and_carries(void)
{
	struct sp_input in;
	struct sp_previous p;
	struct sp_err err = SP_ERR_INIT;
	struct sp_carry c;
	const char *csv = HDR
		"A1,Ann,2026-11-26,2026-11-26T09:00+00:00,2026-11-26T17:00+00:00,8,,,chat,en\n"
		"A1,Ann,2026-11-27,2026-11-27T09:00+00:00,2026-11-27T17:00+00:00,8,,,chat,en\n"
		"A1,Ann,2026-11-28,2026-11-28T09:00+00:00,2026-11-28T17:00+00:00,8,,,chat,en\n"
		"A1,Ann,2026-11-29,2026-11-29T14:00+00:00,2026-11-29T23:00+00:00,8,"
		"2026-11-29T18:00+00:00,2026-11-29T19:00+00:00,chat,en\n"
		/* B2 works a night shift into the horizon, written in +08:00 */
		"B2,Bo,2026-11-29,2026-11-30T06:00+08:00,2026-11-30T14:00+08:00,8,,,chat,en\n"
		"B2,Bo,2026-11-27,2026-11-27T09:00Z,2026-11-27T17:00Z,8,,,chat,en\n";

	desk(&in);
	sp_previous_init(&p);
	CU_ASSERT_EQUAL_FATAL(sp_previous_load_csv(&p, &in, csv, "prev.csv", &err), SP_OK);
	CU_ASSERT_EQUAL(p.n, 6);
	CU_ASSERT_STRING_EQUAL(p.source, "prev.csv");
	CU_ASSERT_EQUAL(sp_previous_check(&p, &in, &err), SP_OK);
	sp_previous_carry(&p, &in, 0, &c);
	CU_ASSERT_EQUAL(c.last_end, in.horizon_start - 3600);
	CU_ASSERT_EQUAL(c.days_in_row, 4);
	CU_ASSERT_EQUAL(c.busy_until, 0);
	sp_previous_carry(&p, &in, 1, &c);
	CU_ASSERT_EQUAL(c.busy_until, in.horizon_start + 6 * 3600);
	CU_ASSERT_EQUAL(c.last_end, in.horizon_start + 6 * 3600);
	/* worked Sunday (the day its shift starts in London), not Saturday */
	CU_ASSERT_EQUAL(c.days_in_row, 1);
	sp_previous_release(&p);
	sp_input_release(&in);
}

static void test_previous_unknown_agent_warns_once(void)
{
	struct sp_input in;
	struct sp_previous p;
	struct sp_err err = SP_ERR_INIT;
	char *out = NULL;
	size_t len = 0;

	desk(&in);
	in.warn = open_memstream(&out, &len);
	sp_previous_init(&p);
	CU_ASSERT_EQUAL(sp_previous_load_csv(&p, &in, HDR
					     "Z9,Zed,,2026-11-28T09:00Z,2026-11-28T17:00Z,8,,,,\n"
					     "Z9,Zed,,2026-11-29T09:00Z,2026-11-29T17:00Z,8,,,,\n"
					     "A1,Ann,,2026-11-29T09:00Z,2026-11-29T17:00Z,8,,,,\n",
					     "p.csv", &err), SP_OK);
	fclose(in.warn);
	CU_ASSERT_EQUAL(p.n, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "warning: p.csv:2: agent 'Z9' is not in the agents file"));
	CU_ASSERT_PTR_NULL(strstr(out, "p.csv:3"));
	free(out);
	sp_previous_release(&p);
	sp_input_release(&in);
}

static void expect_refused(const char *rows, const char *want)
{
	struct sp_input in;
	struct sp_previous p;
	struct sp_err err = SP_ERR_INIT;
	char text[2048];
	sp_status st;

	desk(&in);
	sp_previous_init(&p);
	snprintf(text, sizeof(text), "%s%s", HDR, rows);
	st = sp_previous_load_csv(&p, &in, text, "prev.csv", &err);
	if (st == SP_OK) {
		st = sp_previous_check(&p, &in, &err); /* loaded: the check must refuse */
	} else {
		CU_ASSERT_EQUAL(p.n, 0); /* a refused file adds nothing */
	}
	CU_ASSERT_EQUAL(st, SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, want));
	if (!strstr(err.msg, want))
		fprintf(stderr, "\n  message '%s'\n  wanted  '%s'\n", err.msg, want);
	sp_previous_release(&p);
	sp_input_release(&in);
}

static void test_previous_refuses_bad_rosters(void)
{
	/* a roster from another zone written without offsets */
	expect_refused("A1,Ann,,2026-11-29T09:00,2026-11-29T17:00,8,,,,\n",
		       "prev.csv:2: column 'start': '2026-11-29T09:00' has no UTC offset");
	/* overlapping shifts of one agent: both lines named */
	expect_refused("A1,Ann,,2026-11-28T09:00Z,2026-11-28T17:00Z,8,,,,\n"
		       "B2,Bo,,2026-11-28T09:00Z,2026-11-28T17:00Z,8,,,,\n"
		       "A1,Ann,,2026-11-28T16:00Z,2026-11-28T20:00Z,4,,,,\n",
		       "prev.csv:2 and prev.csv:4: two previous shifts of 'A1' overlap");
	/* a shift that starts inside the new horizon */
	expect_refused("A1,Ann,,2026-11-30T09:00Z,2026-11-30T17:00Z,8,,,,\n",
		       "prev.csv:2: the previous roster has a shift of 'A1' starting inside");
	expect_refused("A1,Ann,,2026-11-29T09:00Z,2026-11-29T08:00Z,8,,,,\n",
		       "prev.csv:2: column 'end': '2026-11-29T08:00Z' is not after start");
	expect_refused("A1,Ann,,2026-11-29T09:00Z,2026-11-29T17:00Z,8,2026-11-29T18:00Z,"
		       "2026-11-29T19:00Z,,\n", "prev.csv:2: column 'break_start': the break is "
		       "not inside the shift");
	expect_refused("A1,Ann,,2026-11-29T09:00Z,2026-11-29T17:00Z,8,2026-11-29T12:00Z,,,\n",
		       "column 'break_end': the value is empty");
	expect_refused("A1,Ann,,2026-11-31T09:00Z,2026-11-29T17:00Z,8,,,,\n",
		       "column 'start': bad time '2026-11-31T09:00Z': no such date");
	expect_refused(",Ann,,2026-11-29T09:00Z,2026-11-29T17:00Z,8,,,,\n",
		       "column 'agent_id': the value is empty");
	/* paid_hours and date, when given, must agree with the shift */
	expect_refused("A1,Ann,,2026-11-29T09:00Z,2026-11-29T17:00Z,ten,,,,\n",
		       "prev.csv:2: column 'paid_hours': 'ten' is not a number, expected paid "
		       "hours, at most the shift's length in (0, 8]");
	expect_refused("A1,Ann,,2026-11-29T09:00Z,2026-11-29T17:00Z,-10,,,,\n",
		       "prev.csv:2: column 'paid_hours': '-10' is negative");
	expect_refused("A1,Ann,,2026-11-29T09:00Z,2026-11-29T17:00Z,0,,,,\n",
		       "prev.csv:2: column 'paid_hours': '0' is not positive");
	expect_refused("A1,Ann,,2026-11-29T09:00Z,2026-11-29T17:00Z,9,,,,\n",
		       "prev.csv:2: column 'paid_hours': '9' is out of range");
	expect_refused("A1,Ann,2026-11-28,2026-11-29T09:00Z,2026-11-29T17:00Z,8,,,,\n",
		       "prev.csv:2: column 'date': '2026-11-28' is not the day the shift starts, "
		       "expected 2026-11-29, the day of start '2026-11-29T09:00Z' in the site zone "
		       "Europe/London");
	expect_refused("A1,Ann,Sunday,2026-11-29T09:00Z,2026-11-29T17:00Z,8,,,,\n",
		       "prev.csv:2: column 'date': 'Sunday' is not a date, expected YYYY-MM-DD");
}

TEST_SUITE(previous)
{
	CU_pSuite s = CU_add_suite("previous", NULL, NULL);

	CU_add_test(s, "reads a roster and carries rest, days and running shifts",
		    test_previous_reads_roster_and_carries);
	CU_add_test(s, "an unknown agent is warned about once", test_previous_unknown_agent_warns_once);
	CU_add_test(s, "refuses rosters that cannot be a previous week",
		    test_previous_refuses_bad_rosters);
}
