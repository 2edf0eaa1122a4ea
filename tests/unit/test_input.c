/* test_input.c - forecast, agents and availability CSV files, horizon */
#include "tests.h"

#include "staffplan/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ASSERT_MSG(e, s) do { \
	if (!strstr((e).msg, (s))) \
		fprintf(stderr, "\n  message \"%s\" lacks \"%s\"\n", (e).msg, (s)); \
	CU_ASSERT_PTR_NOT_NULL(strstr((e).msg, (s))); } while (0)

typedef sp_status (*loader_fn)(struct sp_input *, const char *, const char *, struct sp_err *);

static time_t utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi };
	return timegm(&tm);
}

/* An input with ini loaded (NULL: defaults) and warnings silenced. */
static void setup(struct sp_input *in, const char *ini)
{
	struct sp_err err = SP_ERR_INIT;

	sp_input_init(in);
	in->warn = NULL;
	if (ini) {
		sp_status st = sp_input_load_config(in, ini, "plan.ini", &err);
		if (st != SP_OK)
			fprintf(stderr, "\n  setup: %s\n", err.msg);
		CU_ASSERT_EQUAL_FATAL(st, SP_OK);
	}
}

static const char base_agents[] = "id,name,languages\nx1,Base Agent,en\n";
static const char base_forecast[] = "start,language,volume\n2026-11-30T00:00,en,5\n";

/* What a failed load must leave untouched. */
struct snap {
	int nrows, nlangs, nagents, navail;
	struct sp_fc_row *rows;
	struct sp_agent *agents;
	struct sp_avail *avail;
	char *langs[SP_MAX_LANGS];
};

static void snap_take(struct snap *s, const struct sp_input *in)
{
	s->nrows = in->nrows;
	s->nlangs = in->nlangs;
	s->nagents = in->nagents;
	s->navail = in->navail;
	s->rows = malloc(sizeof(*s->rows) * (size_t)(in->nrows + 1));
	s->agents = malloc(sizeof(*s->agents) * (size_t)(in->nagents + 1));
	s->avail = malloc(sizeof(*s->avail) * (size_t)(in->navail + 1));
	if (in->nrows)
		memcpy(s->rows, in->rows, sizeof(*s->rows) * (size_t)in->nrows);
	if (in->nagents)
		memcpy(s->agents, in->agents, sizeof(*s->agents) * (size_t)in->nagents);
	if (in->navail)
		memcpy(s->avail, in->avail, sizeof(*s->avail) * (size_t)in->navail);
	memcpy(s->langs, in->langs, sizeof(s->langs));
}

static void snap_check_release(struct snap *s, const struct sp_input *in)
{
	CU_ASSERT_EQUAL(in->nrows, s->nrows);
	CU_ASSERT_EQUAL(in->nlangs, s->nlangs);
	CU_ASSERT_EQUAL(in->nagents, s->nagents);
	CU_ASSERT_EQUAL(in->navail, s->navail);
	if (in->nrows == s->nrows && s->nrows)
		CU_ASSERT_EQUAL(memcmp(in->rows, s->rows, sizeof(*s->rows) * (size_t)s->nrows), 0);
	if (in->nagents == s->nagents && s->nagents)
		CU_ASSERT_EQUAL(memcmp(in->agents, s->agents,
				       sizeof(*s->agents) * (size_t)s->nagents), 0);
	if (in->navail == s->navail && s->navail)
		CU_ASSERT_EQUAL(memcmp(in->avail, s->avail, sizeof(*s->avail) * (size_t)s->navail), 0);
	CU_ASSERT_EQUAL(memcmp(in->langs, s->langs, sizeof(s->langs)), 0);
	free(s->rows);
	free(s->agents);
	free(s->avail);
}

/*
 * Loads base agents and forecast under ini, then text with fn; expects
 * SP_ERR_INPUT, every non-NULL needle in the message and `in` unchanged.
 */
static void expect_bad(const char *ini, loader_fn fn, const char *file, const char *text,
		       const char *n1, const char *n2, const char *n3)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;
	struct snap s;

	setup(&in, ini);
	CU_ASSERT_EQUAL_FATAL(sp_input_load_agents(&in, base_agents, "base.csv", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(&in, base_forecast, "base.csv", &err), SP_OK);
	snap_take(&s, &in);
	CU_ASSERT_EQUAL(fn(&in, text, file, &err), SP_ERR_INPUT);
	if (n1)
		ASSERT_MSG(err, n1);
	if (n2)
		ASSERT_MSG(err, n2);
	if (n3)
		ASSERT_MSG(err, n3);
	snap_check_release(&s, &in);
	sp_input_release(&in);
}

#define FC(text, a, b, c) expect_bad(NULL, sp_input_load_forecast, "forecast.csv", text, a, b, c)
#define AG(text, a, b, c) expect_bad(NULL, sp_input_load_agents, "agents.csv", text, a, b, c)
#define AV(text, a, b, c) expect_bad(NULL, sp_input_load_availability, "availability.csv", text, a, b, c)

static const char london[] = "[site]\ntimezone = Europe/London\n";

/* ---- good input ----------------------------------------------------------- */

static char *fixture(const char *name)
{
	char rel[256], *text = NULL;
	struct sp_err err = SP_ERR_INIT;

	snprintf(rel, sizeof(rel), "tests/fixtures/input/%s", name);
	if (sp_read_file(test_path(rel), &text, &err) != SP_OK)
		fprintf(stderr, "\n  %s\n", err.msg);
	return text;
}

static void test_input_loads_fixture_set(void)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;
	char *ini = fixture("plan.ini"), *fc = fixture("forecast.csv");
	char *ag = fixture("agents.csv"), *av = fixture("availability.csv");
	int chat, email, sec;

	CU_ASSERT_PTR_NOT_NULL_FATAL(ini);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fc);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ag);
	CU_ASSERT_PTR_NOT_NULL_FATAL(av);
	setup(&in, ini);
	CU_ASSERT_STRING_EQUAL(in.tz.name, "Asia/Shanghai");
	CU_ASSERT_EQUAL(in.cfg.interval_minutes, 30);
	chat = sp_config_queue(&in.cfg, "chat");
	email = sp_config_queue(&in.cfg, "email");
	sec = sp_config_queue(&in.cfg, "security");
	CU_ASSERT_EQUAL(sec, 2);

	CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(&in, fc, "forecast.csv", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(in.nrows, 4);
	CU_ASSERT_EQUAL(in.rows[0].start, utc(2026, 11, 29, 16, 0));
	CU_ASSERT_EQUAL(in.rows[0].queue, chat);
	CU_ASSERT_DOUBLE_EQUAL(in.rows[0].volume, 12.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(in.rows[0].aht, 360, 1e-12);
	CU_ASSERT_EQUAL(in.rows[1].queue, email);
	CU_ASSERT_DOUBLE_EQUAL(in.rows[1].aht, 420, 1e-12);
	CU_ASSERT_EQUAL(in.rows[2].queue, sec);
	CU_ASSERT_DOUBLE_EQUAL(in.rows[2].aht, 360, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(in.rows[2].volume, 0, 1e-12);
	CU_ASSERT_EQUAL(in.rows[3].start, utc(2026, 11, 30, 1, 0));
	CU_ASSERT_EQUAL(in.rows[3].queue, chat);
	CU_ASSERT_DOUBLE_EQUAL(in.rows[3].aht, 300, 1e-12);
	CU_ASSERT_EQUAL_FATAL(in.nlangs, 4);
	CU_ASSERT_STRING_EQUAL(in.langs[in.rows[0].lang], "zh");
	CU_ASSERT_STRING_EQUAL(in.langs[in.rows[1].lang], "en");
	CU_ASSERT_STRING_EQUAL(in.langs[in.rows[2].lang], "zh-Hant");
	CU_ASSERT_STRING_EQUAL(in.langs[in.rows[3].lang], "ko");

	CU_ASSERT_EQUAL_FATAL(sp_input_load_agents(&in, ag, "agents.csv", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(in.nagents, 3);
	struct sp_agent *a = in.agents;
	CU_ASSERT_STRING_EQUAL(a[0].id, "a1");
	CU_ASSERT_STRING_EQUAL(a[0].name, "Li, Wei");
	CU_ASSERT_EQUAL(a[0].langs, (1u << sp_input_lang(&in, "zh", 0)) |
				    (1u << sp_input_lang(&in, "en", 0)));
	/* no queues: every queue that is not restricted */
	CU_ASSERT_EQUAL(a[0].queues, (1u << chat) | (1u << email));
	CU_ASSERT_STRING_EQUAL(a[0].email, "li@example.com");
	CU_ASSERT_STRING_EQUAL(a[0].timezone, "Asia/Shanghai");
	CU_ASSERT_DOUBLE_EQUAL(a[0].min_hours, 20, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(a[0].max_hours, 40, 1e-12);
	CU_ASSERT_EQUAL(a[0].max_days, 5);
	CU_ASSERT_DOUBLE_EQUAL(a[0].cost_per_hour, 25, 1e-12);
	CU_ASSERT_EQUAL(a[0].hypothetical, 0);
	CU_ASSERT_STRING_EQUAL(a[1].name, "Kim \"Minji\" Park");
	CU_ASSERT_EQUAL(a[1].queues, (1u << chat) | (1u << sec));
	CU_ASSERT_STRING_EQUAL(a[1].email, "");
	CU_ASSERT_STRING_EQUAL(a[1].timezone, "Asia/Seoul");
	CU_ASSERT_DOUBLE_EQUAL(a[1].min_hours, 0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(a[1].max_hours, 32, 1e-12);
	CU_ASSERT_EQUAL(a[1].max_days, 4);
	CU_ASSERT_DOUBLE_EQUAL(a[1].cost_per_hour, 30, 1e-12);
	CU_ASSERT_STRING_EQUAL(a[2].name, "山田 花子\n(night shift)");
	CU_ASSERT_EQUAL(a[2].queues, 1u << email);
	CU_ASSERT_EQUAL(a[2].langs, 1u << sp_input_lang(&in, "ja", 0));
	CU_ASSERT_EQUAL(in.nlangs, 5);

	CU_ASSERT_EQUAL_FATAL(sp_input_load_availability(&in, av, "availability.csv", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(in.navail, 2);
	CU_ASSERT_EQUAL(in.avail[0].agent, 0);
	CU_ASSERT_EQUAL(in.avail[0].type, SP_UNAVAILABLE);
	CU_ASSERT_EQUAL(in.avail[0].start, utc(2026, 11, 29, 16, 0));
	CU_ASSERT_EQUAL(in.avail[0].end, utc(2026, 11, 30, 16, 0));
	CU_ASSERT_EQUAL(in.avail[1].agent, 2);
	CU_ASSERT_EQUAL(in.avail[1].type, SP_PREFERRED_OFF);
	CU_ASSERT_EQUAL(in.avail[1].start, utc(2026, 12, 2, 0, 0));

	CU_ASSERT_EQUAL(sp_input_finish(&in, &err), SP_OK);
	CU_ASSERT_EQUAL(in.horizon_start, utc(2026, 11, 29, 16, 0));
	CU_ASSERT_EQUAL(in.ndays, 1);
	CU_ASSERT_EQUAL(in.nint, 48);
	sp_input_release(&in);
	free(ini);
	free(fc);
	free(ag);
	free(av);
}

static void test_input_forecast_columns_any_order_and_defaults(void)
{
	static const char text[] =
		"# leading comment\n"
		"\n"
		"  aht , Language,volume,Start\n"
		"\"90\",\"en\",\"1.5\",\"2026-11-30T01:00\"\n"
		",  ja , 0 ,  2026-11-30T02:00  \n"
		"   \n"
		"1e2,ko,2,2026-11-30T03:00+00:00\n";
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;

	setup(&in, "[service]\naht_seconds = 240\n");
	CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(&in, text, "f.csv", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(in.nrows, 3);
	CU_ASSERT_DOUBLE_EQUAL(in.rows[0].aht, 90, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(in.rows[0].volume, 1.5, 1e-12);
	CU_ASSERT_EQUAL(in.rows[0].queue, 0);
	CU_ASSERT_EQUAL(in.rows[0].start, utc(2026, 11, 30, 1, 0));
	CU_ASSERT_DOUBLE_EQUAL(in.rows[1].aht, 240, 1e-12);
	CU_ASSERT_STRING_EQUAL(in.langs[in.rows[1].lang], "ja");
	CU_ASSERT_DOUBLE_EQUAL(in.rows[2].aht, 100, 1e-12);
	/* loading more appends */
	CU_ASSERT_EQUAL(sp_input_load_forecast(&in, "start,language,volume,queue\n"
					       "2026-11-30T01:00,en,3,email\n", "g.csv", &err), SP_OK);
	CU_ASSERT_EQUAL(in.nrows, 4);
	CU_ASSERT_EQUAL(in.rows[3].queue, 1);
	CU_ASSERT_DOUBLE_EQUAL(in.rows[3].aht, 240, 1e-12);
	sp_input_release(&in);
}

static void test_input_repeated_starts_convert_alike(void)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;

	setup(&in, "[site]\ntimezone = Asia/Seoul\n");
	CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(&in, "start,language,volume,queue\n"
						     "2026-11-30T09:00,ko,1,chat\n"
						     "2026-11-30T10:00,ko,1,chat\n"
						     "2026-11-30T09:00,ko,1,email\n"
						     "2026-11-30T09:00,en,1,chat\n"
						     "2026-11-30T10:00,en,1,chat\n", "f.csv", &err), SP_OK);
	CU_ASSERT_EQUAL(in.rows[0].start, utc(2026, 11, 30, 0, 0));
	CU_ASSERT_EQUAL(in.rows[2].start, utc(2026, 11, 30, 0, 0));
	CU_ASSERT_EQUAL(in.rows[3].start, utc(2026, 11, 30, 0, 0));
	CU_ASSERT_EQUAL(in.rows[4].start, utc(2026, 11, 30, 1, 0));
	sp_input_release(&in);
}

static void test_input_warns_about_unknown_columns(void)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	setup(&in, NULL);
	in.warn = f;
	CU_ASSERT_EQUAL(sp_input_load_forecast(&in, "start,language,volume,comment\n"
					       "2026-11-30T01:00,en,1,\"hi, there\"\n",
					       "forecast.csv", &err), SP_OK);
	CU_ASSERT_EQUAL(sp_input_load_agents(&in, "id,name,languages,team\na,A,en,x\n",
					     "agents.csv", &err), SP_OK);
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "forecast.csv:1: unknown column 'comment' ignored"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "agents.csv:1: unknown column 'team' ignored"));
	free(out);
	sp_input_release(&in);
}

static void test_input_line_numbers_survive_multiline_fields(void)
{
	FC("start,language,volume,note\n"
	   "2026-11-30T01:00,en,1,\"line one\nline two\nline \"\"three\"\"\"\n"
	   "# comment\n"
	   "2026-11-30T02:00,en,-1,x\n",
	   "forecast.csv:6:", "column 'volume'", "'-1' is negative");
	AG("id,name,languages\r\n"
	   "b1,\"two\r\nlines\",en\r\n"
	   "b2,B,e\r\n",
	   "agents.csv:4:", "column 'languages'", "'e' is not a language tag");
}

static void test_input_agents_defaults_and_restricted_queues(void)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;

	setup(&in, "[agents]\nmin_hours = 8\nmax_hours = 30\nmax_days = 4\ncost_per_hour = 17\n"
	      "[queue.security]\nrestricted = true\n[queue.vip]\n");
	CU_ASSERT_EQUAL_FATAL(sp_input_load_agents(&in, "name,languages,id\n"
						   "Ann,en; zh ;,a\n", "agents.csv", &err), SP_OK);
	CU_ASSERT_EQUAL(in.agents[0].queues, (1u << 0) | (1u << 1) | (1u << 3));
	CU_ASSERT_DOUBLE_EQUAL(in.agents[0].min_hours, 8, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(in.agents[0].max_hours, 30, 1e-12);
	CU_ASSERT_EQUAL(in.agents[0].max_days, 4);
	CU_ASSERT_DOUBLE_EQUAL(in.agents[0].cost_per_hour, 17, 1e-12);
	CU_ASSERT_STRING_EQUAL(in.agents[0].timezone, "UTC");
	CU_ASSERT_STRING_EQUAL(in.agents[0].email, "");
	CU_ASSERT_EQUAL(in.nlangs, 2);
	CU_ASSERT_EQUAL(in.agents[0].langs, 3u);
	sp_input_release(&in);
}

/* ---- bad forecasts ------------------------------------------------------- */

static void test_input_rejects_unbalanced_quotes(void)
{
	FC("start,language,volume\n2026-11-30T01:00,\"en,5\n2026-11-30T02:00,en,5\n",
	   "forecast.csv:2:", "column 'language'", "never closed");
	FC("start,language,volume\n2026-11-30T01:00,e\"n,5\n",
	   "forecast.csv:2:", "column 'language'", "stray '\"'");
	FC("start,language,volume\n2026-11-30T01:00,\"en\"x,5\n",
	   "forecast.csv:2:", "column 'language'", "stray '\"'");
	AG("id,name,languages\nb1,\"Ann,en\n", "agents.csv:2:", "column 'name'", "never closed");
}

static void test_input_rejects_wrong_field_count(void)
{
	FC("start,language,volume\n2026-11-30T01:00,en\n",
	   "forecast.csv:2:", "column 'volume'", "2 fields, expected 3");
	FC("start,language,volume\n2026-11-30T01:00,en,5,9\n",
	   "forecast.csv:2:", "4 fields, expected 3", "extra field '9'");
}

static void test_input_rejects_missing_required_column(void)
{
	FC("start,language\n2026-11-30T01:00,en\n",
	   "forecast.csv:1:", "column 'volume'", "missing from the header");
	FC("# only a comment\n", "forecast.csv:1:", "no header row", NULL);
	FC("", "forecast.csv:1:", "no header row", NULL);
	FC("start,language,volume,Volume\n", "forecast.csv:1:", "column 'volume'",
	   "appears twice");
	AG("id,languages\nb1,en\n", "agents.csv:1:", "column 'name'", "missing from the header");
	AV("agent_id,start,end\nx1,2026-11-30T01:00,2026-11-30T02:00\n",
	   "availability.csv:1:", "column 'type'", "missing");
}

static void test_input_rejects_bad_volume_and_aht(void)
{
	FC("start,language,volume\n2026-11-30T01:00,en,-3\n",
	   "forecast.csv:2:", "column 'volume'", "'-3' is negative, expected a number of contacts in [0, 1000000]");
	FC("start,language,volume\n2026-11-30T01:00,en,lots\n",
	   "forecast.csv:2:", "column 'volume'", "'lots' is not a number");
	FC("start,language,volume\n2026-11-30T01:00,en,\n",
	   "forecast.csv:2:", "column 'volume'", "empty");
	FC("start,language,volume\n2026-11-30T01:00,en,\"1,5\"\n",
	   "forecast.csv:2:", "column 'volume'", "'1,5' is not a number");
	FC("start,language,volume,aht\n2026-11-30T01:00,en,5,0\n",
	   "forecast.csv:2:", "column 'aht'", "'0' is not positive");
	FC("start,language,volume,aht\n2026-11-30T01:00,en,5,-20\n",
	   "forecast.csv:2:", "column 'aht'", "negative");
}

static void test_input_rejects_undefined_queue(void)
{
	FC("start,language,volume,queue\n2026-11-30T01:00,en,5,chat\n2026-11-30T01:00,en,5,vip\n",
	   "forecast.csv:3:", "column 'queue'", "queue 'vip' is not defined in plan.ini");
	AG("id,name,languages,queues\nb1,B,en,chat;vip\n",
	   "agents.csv:2:", "column 'queues'", "queue 'vip' is not defined in plan.ini");
}

static void test_input_rejects_duplicate_forecast_rows(void)
{
	FC("start,language,volume\n2026-11-30T01:00,en,1\n2026-11-30T02:00,en,1\n"
	   "2026-11-30T01:00Z,en,2\n",
	   "forecast.csv:4:", "duplicate row", "also on line 2");
	FC("start,language,volume,queue\n2026-11-30T00:00,en,1,chat\n",
	   "forecast.csv:2:", "duplicate row", "earlier file");
}

static void test_input_rejects_times_off_the_grid(void)
{
	FC("start,language,volume\n2026-11-30T01:10,en,1\n",
	   "forecast.csv:2:", "column 'start'", "not on the 60-minute grid");
	FC("start,language,volume\n2026-11-30T01:00:30,en,1\n",
	   "forecast.csv:2:", "column 'start'", "grid");
	/* the grid is local: 00:00Z is 05:30 in India */
	expect_bad("[site]\ntimezone = Asia/Kolkata\n",
		   sp_input_load_forecast, "forecast.csv",
		   "start,language,volume\n2026-11-30T01:00,en,1\n2026-11-30T00:00Z,en,1\n",
		   "forecast.csv:3:", "column 'start'", "60-minute grid");
	expect_bad("[site]\ninterval_minutes = 15\ntimezone = Asia/Kathmandu\n",
		   sp_input_load_forecast, "forecast.csv",
		   "start,language,volume\n2026-11-30T01:15,en,1\n2026-11-30T01:05Z,en,1\n",
		   "forecast.csv:3:", "column 'start'", "15-minute grid");
	FC("start,language,volume\n2026-11-30 1:00,en,1\n",
	   "forecast.csv:2:", "column 'start'", "expected YYYY-MM-DDTHH:MM");
	FC("start,language,volume\n2026-02-30T01:00,en,1\n",
	   "forecast.csv:2:", "column 'start'", "no such date");
	FC("start,language,volume\n,en,1\n", "forecast.csv:2:", "column 'start'", "empty");
}

static void test_input_rejects_nonexistent_and_ambiguous_local_times(void)
{
	expect_bad(london, sp_input_load_forecast, "forecast.csv",
		   "start,language,volume\n2027-03-28T00:00,en,1\n2027-03-28T01:30,en,1\n",
		   "forecast.csv:3:", "column 'start'", "does not exist");
	expect_bad("[site]\ntimezone = Europe/London\ninterval_minutes = 30\n",
		   sp_input_load_forecast, "forecast.csv",
		   "start,language,volume\n2026-10-25T01:30,en,1\n",
		   "forecast.csv:2:", "column 'start'", "ambiguous");
	expect_bad(london, sp_input_load_availability, "availability.csv",
		   "agent_id,start,end,type\nx1,2026-10-25T01:00,2026-10-25T03:00,unavailable\n",
		   "availability.csv:2:", "column 'start'", "ambiguous");
}

static void test_input_explicit_offsets_resolve_dst(void)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;

	setup(&in, "[site]\ntimezone = Europe/London\ninterval_minutes = 30\n");
	CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(&in, "start,language,volume\n"
						     "2026-10-25T01:30+01:00,en,1\n"
						     "2026-10-25T01:30+00:00,en,2\n", "f.csv", &err),
			      SP_OK);
	CU_ASSERT_EQUAL(in.rows[0].start, utc(2026, 10, 25, 0, 30));
	CU_ASSERT_EQUAL(in.rows[1].start, utc(2026, 10, 25, 1, 30));
	sp_input_release(&in);
}

static void test_input_rejects_bad_language_tags(void)
{
	FC("start,language,volume\n2026-11-30T01:00,e,1\n",
	   "forecast.csv:2:", "column 'language'", "'e' is not a language tag");
	FC("start,language,volume\n2026-11-30T01:00,en_US,1\n",
	   "forecast.csv:2:", "column 'language'", "BCP 47");
	FC("start,language,volume\n2026-11-30T01:00,zh--Hant,1\n",
	   "forecast.csv:2:", "column 'language'", NULL);
	FC("start,language,volume\n2026-11-30T01:00,,1\n",
	   "forecast.csv:2:", "column 'language'", "empty");
}

static void test_input_rejects_invalid_utf8(void)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;
	char *text = fixture("forecast_latin1.csv");

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	setup(&in, NULL);
	CU_ASSERT_EQUAL(sp_input_load_forecast(&in, text, "forecast_latin1.csv", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "forecast_latin1.csv:3:");
	ASSERT_MSG(err, "column 'language'");
	ASSERT_MSG(err, "invalid UTF-8");
	CU_ASSERT_EQUAL(in.nrows, 0);
	CU_ASSERT_EQUAL(in.nlangs, 0);
	free(text);
	sp_input_release(&in);
}

/* ---- bad agents and availability ----------------------------------------- */

static void test_input_rejects_duplicate_agent_id(void)
{
	AG("id,name,languages\nb1,A,en\nb2,B,en\nb1,C,ko\n",
	   "agents.csv:4:", "column 'id'", "duplicate agent id 'b1' (also on line 2)");
	AG("id,name,languages\nx1,Again,en\n", "agents.csv:2:", "duplicate agent id 'x1'",
	   "earlier file");
}

static void test_input_rejects_bad_agent_fields(void)
{
	AG("id,name,languages,min_hours,max_hours\nb1,A,en,30,20\n",
	   "agents.csv:2:", "column 'min_hours'", "min_hours 30 is greater than max_hours 20");
	AG("id,name,languages,min_hours\nb1,A,en,45\n",
	   "agents.csv:2:", "column 'min_hours'", "greater than max_hours 40");
	AG("id,name,languages,max_hours\nb1,A,en,-1\n",
	   "agents.csv:2:", "column 'max_hours'", "negative");
	AG("id,name,languages,max_days\nb1,A,en,8\n",
	   "agents.csv:2:", "column 'max_days'", "out of range");
	AG("id,name,languages,max_days\nb1,A,en,2.5\n",
	   "agents.csv:2:", "column 'max_days'", "not a whole number");
	AG("id,name,languages,cost_per_hour\nb1,A,en,-5\n",
	   "agents.csv:2:", "column 'cost_per_hour'", "negative");
	AG("id,name,languages,timezone\nb1,A,en,Mars/Base\n",
	   "agents.csv:2:", "column 'timezone'", "unknown time zone 'Mars/Base'");
	AG("id,name,languages,timezone\nb1,A,en,UTC\nb2,B,en,right/Europe/London\n",
	   "agents.csv:3:", "column 'timezone'", "'right/Europe/London' is not an IANA zone name");
	AG("id,name,languages\n,A,en\n", "agents.csv:2:", "column 'id'", "empty");
	AG("id,name,languages\nb1,,en\n", "agents.csv:2:", "column 'name'", "empty");
	AG("id,name,languages\nb1,A,;\n", "agents.csv:2:", "column 'languages'", "no language");
	AG("id,name,languages\nb1,A,en;k\n", "agents.csv:2:", "column 'languages'", "'k'");
}

static void test_input_rejects_bad_availability(void)
{
	AV("agent_id,start,end,type\nzz,2026-11-30T01:00,2026-11-30T02:00,unavailable\n",
	   "availability.csv:2:", "column 'agent_id'", "no agent with id 'zz'");
	AV("agent_id,start,end,type\nx1,2026-11-30T02:00,2026-11-30T02:00,unavailable\n",
	   "availability.csv:2:", "column 'end'", "expected end > start");
	AV("agent_id,start,end,type\nx1,2026-11-30T01:00,2026-11-30T02:00,holiday\n",
	   "availability.csv:2:", "column 'type'", "expected unavailable or preferred_off");
	AV("agent_id,start,end,type\nx1,2026-11-30,2026-11-30T02:00,unavailable\n",
	   "availability.csv:2:", "column 'start'", "bad time");
}

/* ---- horizon ------------------------------------------------------------- */

/* A forecast with one row per interval from local day d0 for ndays days. */
static char *week_forecast(const char *date0, int ndays, int step_min)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int y, m, d;

	sscanf(date0, "%d-%d-%d", &y, &m, &d);
	fputs("start,language,volume\n", f);
	for (int day = 0; day < ndays; day++) {
		struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + day, .tm_hour = 12 };
		time_t t = timegm(&tm);
		gmtime_r(&t, &tm);
		for (int min = 0; min < 1440; min += step_min)
			fprintf(f, "%04d-%02d-%02dT%02d:%02d,en,1\n", tm.tm_year + 1900,
				tm.tm_mon + 1, tm.tm_mday, min / 60, min % 60);
	}
	fclose(f);
	return out;
}

static void test_input_finish_computes_week_horizon(void)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;
	char *text = week_forecast("2026-11-30", 7, 30);

	setup(&in, "[site]\ntimezone = Asia/Shanghai\ninterval_minutes = 30\n");
	CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(&in, text, "f.csv", &err), SP_OK);
	CU_ASSERT_EQUAL(in.nrows, 7 * 48);
	CU_ASSERT_EQUAL(sp_input_finish(&in, &err), SP_OK);
	CU_ASSERT_EQUAL(in.horizon_start, utc(2026, 11, 29, 16, 0));
	CU_ASSERT_EQUAL(in.ndays, 7);
	CU_ASSERT_EQUAL(in.nint, 7 * 48);
	free(text);
	sp_input_release(&in);
}

static void test_input_finish_rounds_out_to_whole_days(void)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;

	setup(&in, "[site]\ntimezone = Asia/Tokyo\n");
	CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(&in, "start,language,volume\n"
						     "2026-12-02T23:00,ja,1\n"
						     "2026-11-30T09:00,ja,1\n", "f.csv", &err), SP_OK);
	CU_ASSERT_EQUAL(sp_input_finish(&in, &err), SP_OK);
	CU_ASSERT_EQUAL(in.horizon_start, utc(2026, 11, 29, 15, 0));
	CU_ASSERT_EQUAL(in.ndays, 3);
	CU_ASSERT_EQUAL(in.nint, 72);
	sp_input_release(&in);
}

static void test_input_finish_counts_dst_days(void)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;
	char *text;

	/* spring forward: Sunday 2027-03-28 has 23 hours (01:00 does not exist) */
	setup(&in, london);
	text = strdup("start,language,volume\n2027-03-22T00:00,en,1\n2027-03-28T23:00,en,1\n");
	CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(&in, text, "f.csv", &err), SP_OK);
	CU_ASSERT_EQUAL(sp_input_finish(&in, &err), SP_OK);
	CU_ASSERT_EQUAL(in.horizon_start, utc(2027, 3, 22, 0, 0));
	CU_ASSERT_EQUAL(in.ndays, 7);
	CU_ASSERT_EQUAL(in.nint, 7 * 24 - 1);
	free(text);
	sp_input_release(&in);

	/* fall back: Sunday 2026-10-25 has 25 hours */
	setup(&in, london);
	text = week_forecast("2026-10-19", 6, 60);
	CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(&in, text, "f.csv", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(&in, "start,language,volume\n"
						     "2026-10-25T23:00,en,1\n", "g.csv", &err), SP_OK);
	CU_ASSERT_EQUAL(sp_input_finish(&in, &err), SP_OK);
	CU_ASSERT_EQUAL(in.horizon_start, utc(2026, 10, 18, 23, 0));
	CU_ASSERT_EQUAL(in.ndays, 7);
	CU_ASSERT_EQUAL(in.nint, 7 * 24 + 1);
	free(text);
	sp_input_release(&in);
}

static void test_input_finish_rejects_empty_or_off_grid_forecast(void)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;

	setup(&in, NULL);
	CU_ASSERT_EQUAL(sp_input_finish(&in, &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "no rows");
	CU_ASSERT_EQUAL(sp_input_load_forecast(&in, "start,language,volume\n", "f.csv", &err), SP_OK);
	CU_ASSERT_EQUAL(sp_input_finish(&in, &err), SP_ERR_INPUT);
	sp_input_release(&in);

	setup(&in, "[site]\ninterval_minutes = 30\n");
	CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(&in, "start,language,volume\n"
						     "2026-11-30T00:30,en,1\n", "f.csv", &err), SP_OK);
	CU_ASSERT_EQUAL(sp_input_set(&in, "site.interval_minutes", "60", &err), SP_OK);
	CU_ASSERT_EQUAL(sp_input_finish(&in, &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "column 'start'");
	ASSERT_MSG(err, "not on the 60-minute grid");
	sp_input_release(&in);

	/* refused while reading, at the row that makes the span too long */
	setup(&in, NULL);
	CU_ASSERT_EQUAL(sp_input_load_forecast(&in, "start,language,volume\n"
					       "2026-11-30T00:00,en,1\n"
					       "2026-12-01T00:00,en,1\n"
					       "2062-11-30T00:00,en,1\n"
					       "2026-12-02T00:00,en,1\n", "f.csv", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "f.csv:4: column 'start': rows from line 2 to line 4 span more than 42 days");
	ASSERT_MSG(err, "expected at most 6 whole weeks");
	CU_ASSERT_EQUAL(in.nrows, 0);
	sp_input_release(&in);
}

/* A horizon is up to a week, or whole weeks (SPEC 3.1, 7): 10 days is
 * refused naming the file, 14 and 42 days are 2 and 6 weeks, 43 too many. */
static void test_input_horizon_weeks(void)
{
	static const struct { const char *last; int ok, ndays, nweeks; } cases[] = {
		{ "2026-11-30T23:00", 1, 1, 1 },
		{ "2026-12-04T10:00", 1, 5, 1 },
		{ "2026-12-06T23:00", 1, 7, 1 },
		{ "2026-12-09T12:00", 0, 10, 0 },
		{ "2026-12-13T23:00", 1, 14, 2 },
		{ "2027-01-10T23:00", 1, 42, 6 },
		{ "2027-01-11T00:00", 0, 43, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sp_input in;
		struct sp_err err = SP_ERR_INIT;
		char text[200];

		setup(&in, "[site]\ntimezone = Europe/London\n");
		snprintf(text, sizeof(text), "start,language,volume\n2026-11-30T00:00,en,1\n%s,en,1\n",
			 cases[i].last);
		CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(&in, text, "w.csv", &err), SP_OK);
		if (cases[i].ok) {
			CU_ASSERT_EQUAL(sp_input_finish(&in, &err), SP_OK);
			CU_ASSERT_EQUAL(in.ndays, cases[i].ndays);
			CU_ASSERT_EQUAL(in.nweeks, cases[i].nweeks);
		} else {
			CU_ASSERT_EQUAL(sp_input_finish(&in, &err), SP_ERR_INPUT);
			ASSERT_MSG(err, "w.csv: column 'start'");
			ASSERT_MSG(err, "whole weeks");
		}
		sp_input_release(&in);
	}
}

/* ---- config through the input, files, languages -------------------------- */

static void test_input_config_errors_leave_input_unchanged(void)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;
	struct sp_config before;

	setup(&in, "[site]\ntimezone = Asia/Seoul\n");
	before = in.cfg;
	CU_ASSERT_EQUAL(sp_input_load_config(&in, "[agents]\nmin_hours = 50\n", "plan.ini", &err),
			SP_ERR_INPUT);
	ASSERT_MSG(err, "plan.ini: key 'agents.min_hours'");
	CU_ASSERT_EQUAL(sp_input_load_config(&in, "[service]\nshrinkage = 1.2\n", "plan.ini", &err),
			SP_ERR_INPUT);
	ASSERT_MSG(err, "plan.ini:2: key 'service.shrinkage'");
	CU_ASSERT_EQUAL(sp_input_set(&in, "site.timezone", "Nowhere", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "--set: key 'site.timezone'");
	CU_ASSERT_EQUAL(sp_input_set(&in, "agents.min_hours", "41", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "--set agents.min_hours=41");
	CU_ASSERT_EQUAL(memcmp(&in.cfg, &before, sizeof(before)), 0);
	CU_ASSERT_STRING_EQUAL(in.tz.name, "Asia/Seoul");
	CU_ASSERT_EQUAL(sp_input_set(&in, "site.timezone", "Asia/Tokyo", &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(in.tz.name, "Asia/Tokyo");
	CU_ASSERT_EQUAL(sp_input_set(&in, "queue.security.min_agents", "2", &err), SP_OK);
	CU_ASSERT_EQUAL(sp_config_queue(&in.cfg, "security"), 2);
	sp_input_release(&in);
}

static void test_input_read_file(void)
{
	struct sp_err err = SP_ERR_INIT;
	char *text = (char *)1;

	CU_ASSERT_EQUAL(sp_read_file(test_path("tests/fixtures/input/none.csv"), &text, &err),
			SP_ERR_IO);
	CU_ASSERT_PTR_NULL(text);
	ASSERT_MSG(err, "none.csv");
	CU_ASSERT_EQUAL(sp_read_file(test_path("tests/fixtures/input/forecast_utf16.csv"), &text,
				     &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "UTF-16");
	CU_ASSERT_EQUAL(sp_read_file(test_path("tests/fixtures/input"), &text, &err), SP_ERR_IO);
	CU_ASSERT_EQUAL(sp_read_file(test_path("tests/fixtures/input/agents.csv"), &text, &err),
			SP_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL(strncmp(text, "# agents", 8), 0);
	free(text);
}

static void test_agents_serve_a_forecast_language_in_any_case(void)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;

	/* the forecast says HE and zh-hant, the agents he and ZH-Hant */
	setup(&in, NULL);
	CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(&in, "start,language,volume\n"
						     "2026-11-30T00:00,HE,5\n"
						     "2026-11-30T00:00,zh-hant,5\n",
						     "forecast.csv", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(sp_input_load_agents(&in, "id,name,languages\n"
						   "a1,A,he;ZH-Hant\n", "agents.csv", &err), SP_OK);
	CU_ASSERT_EQUAL(in.nlangs, 2);
	CU_ASSERT_STRING_EQUAL(in.langs[in.rows[0].lang], "he");
	CU_ASSERT_STRING_EQUAL(in.langs[in.rows[1].lang], "zh-Hant");
	CU_ASSERT_EQUAL(in.agents[0].langs, (1u << in.rows[0].lang) | (1u << in.rows[1].lang));
	sp_input_release(&in);
}

static void test_input_lang_table(void)
{
	struct sp_input in;
	char tag[16];

	setup(&in, NULL);
	CU_ASSERT_EQUAL(sp_input_lang(&in, "en", 0), -1);
	CU_ASSERT_EQUAL(sp_input_lang(&in, "en", 1), 0);
	CU_ASSERT_EQUAL(sp_input_lang(&in, "zh", 1), 1);
	CU_ASSERT_EQUAL(sp_input_lang(&in, "en", 1), 0);
	/* BCP 47 tags are case-insensitive: one language, kept canonical */
	CU_ASSERT_EQUAL(sp_input_lang(&in, "EN", 0), 0);
	CU_ASSERT_EQUAL(sp_input_lang(&in, "ZH-hant", 1), 2);
	CU_ASSERT_STRING_EQUAL(in.langs[2], "zh-Hant");
	CU_ASSERT_EQUAL(sp_input_lang_find(&in, "zh-HANT"), 2);
	CU_ASSERT_EQUAL(sp_input_lang_find(&in, "ko"), -1);
	for (int i = 3; i < SP_MAX_LANGS; i++) {
		snprintf(tag, sizeof(tag), "x%d", i);
		CU_ASSERT_EQUAL(sp_input_lang(&in, tag, 1), i);
	}
	CU_ASSERT_EQUAL(sp_input_lang(&in, "full", 1), -1);
	CU_ASSERT_EQUAL(in.nlangs, SP_MAX_LANGS);
	sp_input_release(&in);
	sp_input_release(NULL);
}

TEST_SUITE(input)
{
	CU_pSuite s = CU_add_suite("input", NULL, NULL);

	CU_add_test(s, "horizon: a week or whole weeks", test_input_horizon_weeks);
	CU_add_test(s, "loads the fixture set", test_input_loads_fixture_set);
	CU_add_test(s, "forecast columns in any order, defaults", test_input_forecast_columns_any_order_and_defaults);
	CU_add_test(s, "repeated starts convert alike", test_input_repeated_starts_convert_alike);
	CU_add_test(s, "warns about unknown columns", test_input_warns_about_unknown_columns);
	CU_add_test(s, "line numbers survive multi-line fields", test_input_line_numbers_survive_multiline_fields);
	CU_add_test(s, "agent defaults and restricted queues", test_input_agents_defaults_and_restricted_queues);
	CU_add_test(s, "rejects unbalanced quotes", test_input_rejects_unbalanced_quotes);
	CU_add_test(s, "rejects wrong field count", test_input_rejects_wrong_field_count);
	CU_add_test(s, "rejects missing required column", test_input_rejects_missing_required_column);
	CU_add_test(s, "rejects bad volume and aht", test_input_rejects_bad_volume_and_aht);
	CU_add_test(s, "rejects undefined queue", test_input_rejects_undefined_queue);
	CU_add_test(s, "rejects duplicate forecast rows", test_input_rejects_duplicate_forecast_rows);
	CU_add_test(s, "rejects times off the grid", test_input_rejects_times_off_the_grid);
	CU_add_test(s, "rejects non-existent and ambiguous local times", test_input_rejects_nonexistent_and_ambiguous_local_times);
	CU_add_test(s, "explicit offsets resolve DST", test_input_explicit_offsets_resolve_dst);
	CU_add_test(s, "rejects bad language tags", test_input_rejects_bad_language_tags);
	CU_add_test(s, "rejects invalid UTF-8", test_input_rejects_invalid_utf8);
	CU_add_test(s, "rejects duplicate agent id", test_input_rejects_duplicate_agent_id);
	CU_add_test(s, "rejects bad agent fields", test_input_rejects_bad_agent_fields);
	CU_add_test(s, "rejects bad availability", test_input_rejects_bad_availability);
	CU_add_test(s, "finish computes a week horizon", test_input_finish_computes_week_horizon);
	CU_add_test(s, "finish rounds out to whole days", test_input_finish_rounds_out_to_whole_days);
	CU_add_test(s, "finish counts DST days", test_input_finish_counts_dst_days);
	CU_add_test(s, "finish rejects empty or off-grid forecast", test_input_finish_rejects_empty_or_off_grid_forecast);
	CU_add_test(s, "config errors leave input unchanged", test_input_config_errors_leave_input_unchanged);
	CU_add_test(s, "sp_read_file", test_input_read_file);
	CU_add_test(s, "language table", test_input_lang_table);
	CU_add_test(s, "agents serve a forecast language in any case",
		    test_agents_serve_a_forecast_language_in_any_case);
}
