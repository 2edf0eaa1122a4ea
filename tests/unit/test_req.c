/* test_req.c - the requirement table (src/req/req.c): cells, min_agents,
 * shrinkage, Erlang A queues, the written formats and refused traffic
 *
 * The formulas themselves are tested in test_erlang.c; here the table must
 * apply them to the right traffic and settings.
 */
#include "tests.h"
#include "staffplan/req.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char ini[] =
	"[site]\ntimezone = UTC\ninterval_minutes = 60\n"
	"[service]\naht_seconds = 300\nshrinkage = 0.25\ntarget_answer_seconds = 30\n"
	"[queue.chat]\nconcurrency = 2\npatience_seconds = 120\nmax_abandon_rate = 0.05\n"
	"[queue.security]\nmin_agents = 2\nrestricted = yes\n";

/* chat (Erlang A) and email and security (Erlang C), one day */
static const char forecast[] =
	"start,queue,language,volume,aht\n"
	"2026-11-30T09:00,chat,en,120,400\n"
	"2026-11-30T09:00,email,en,30,\n"
	"2026-11-30T10:00,security,ko,4,600\n";

static sp_status load(struct sp_input *in, const char *fc, struct sp_err *err)
{
	sp_status st;

	sp_input_init(in);
	in->warn = NULL;
	if ((st = sp_input_load_config(in, ini, "plan.ini", err)) != SP_OK ||
	    (st = sp_input_load_agents(in, "id,name,languages\n", "agents.csv", err)) != SP_OK ||
	    (st = sp_input_load_forecast(in, fc, "forecast.csv", err)) != SP_OK)
		return st;
	return sp_input_finish(in, err);
}

static int cell_of(const struct sp_input *in, const struct sp_reqs *r, const char *queue,
		   const char *lang)
{
	for (int c = 0; c < r->ncells; c++)
		if (!strcmp(in->cfg.queues[r->cells[c].queue].name, queue) &&
		    !strcmp(in->langs[r->cells[c].lang], lang))
			return c;
	return -1;
}

static void test_req_table_applies_the_queue_settings(void)
{
	struct sp_input in;
	struct sp_reqs r = { 0 };
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(load(&in, forecast, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(req_compute(&in, &r, &err), SP_OK);
	CU_ASSERT_EQUAL(r.ncells, 3);
	CU_ASSERT_EQUAL(r.nint, 24);
	CU_ASSERT_EQUAL(r.step, 3600);
	int chat = cell_of(&in, &r, "chat", "en"), mail = cell_of(&in, &r, "email", "en");
	int sec = cell_of(&in, &r, "security", "ko");
	CU_ASSERT_FATAL(chat >= 0 && mail >= 0 && sec >= 0);

	/* chat 09:00: 120 contacts of 400 s, two at a time, patience 120 s */
	size_t k = (size_t)chat * r.nint + 9;
	CU_ASSERT_DOUBLE_EQUAL(r.traffic[k], 120 * 200.0 / 3600, 1e-12);
	struct erlang_queue q;
	req_erlang_queue(&in.cfg.queues[r.cells[chat].queue].svc, r.traffic[k], r.aht[k], &q);
	CU_ASSERT_DOUBLE_EQUAL(q.aht, 200, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(q.patience, 120, 0);
	CU_ASSERT_DOUBLE_EQUAL(q.answer, 30, 0);
	struct erlang_target t = { 0.8, 0.85, 0.05 };
	struct erlang_result er;
	CU_ASSERT_EQUAL_FATAL(erlang_staff(&q, &t, &er), SP_OK);
	CU_ASSERT_EQUAL(r.agents[k], er.agents);
	CU_ASSERT_DOUBLE_EQUAL(r.sl[k], er.perf.sl, 0);
	CU_ASSERT_DOUBLE_EQUAL(r.abandon[k], er.perf.p_abandon, 0);
	CU_ASSERT(r.abandon[k] > 0 && r.abandon[k] <= 0.05);
	CU_ASSERT_DOUBLE_EQUAL(r.required[k], er.agents / 0.75, 1e-12);
	/* an Erlang A interval without contacts: nothing abandons */
	CU_ASSERT_EQUAL(r.agents[(size_t)chat * r.nint + 3], 0);
	CU_ASSERT_DOUBLE_EQUAL(r.abandon[(size_t)chat * r.nint + 3], 0, 0);

	/* email takes the [service] aht and stays Erlang C */
	k = (size_t)mail * r.nint + 9;
	CU_ASSERT_DOUBLE_EQUAL(r.aht[k], 300, 0);
	CU_ASSERT(isnan(r.abandon[k]));
	CU_ASSERT(r.agents[k] > r.traffic[k]);

	/* security: min_agents 2 in every interval, even without contacts */
	for (int i = 0; i < r.nint; i++) {
		k = (size_t)sec * r.nint + (size_t)i;
		CU_ASSERT(r.required[k] >= 2 / 0.75 - 1e-12);
		CU_ASSERT(isnan(r.abandon[k]));
	}
	CU_ASSERT_EQUAL(r.agents[(size_t)sec * r.nint], 0);
	req_release(&r);
	CU_ASSERT_PTR_NULL(r.abandon);
	req_release(&r);   /* a released table releases again harmlessly */
	sp_input_release(&in);
}

static char *write_table(const struct sp_reqs *r, const struct sp_input *in, int format)
{
	char *text = NULL;
	size_t len = 0;
	struct sp_err err = SP_ERR_INIT;
	FILE *f = open_memstream(&text, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(req_write(r, in, format, f, "memory", &err), SP_OK);
	fclose(f);
	return text;
}

/* The line of text that starts with start and names queue, or NULL. */
static const char *line_of(const char *text, const char *start, const char *queue)
{
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n'), *q = strstr(p, queue);
		if (!strncmp(p, start, strlen(start)) && q && (!nl || q < nl))
			return p;
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static void test_req_write_abandon_rate_column(void)
{
	struct sp_input in;
	struct sp_reqs r = { 0 };
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(load(&in, forecast, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(req_compute(&in, &r, &err), SP_OK);

	char *csv = write_table(&r, &in, REQ_CSV);
	CU_ASSERT(!strncmp(csv, "start,queue,language,volume,aht,traffic,agents,required,"
			   "service_level,asa,abandon_rate\n", 82));
	const char *l = line_of(csv, "2026-11-30T09:00+00:00", "email");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_EQUAL(strchr(l, '\n')[-1], ',');           /* empty under Erlang C */
	l = line_of(csv, "2026-11-30T09:00+00:00", "chat");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	const char *last = strchr(l, '\n');
	while (last[-1] != ',')
		last--;
	CU_ASSERT_DOUBLE_EQUAL(atof(last), r.abandon[(size_t)cell_of(&in, &r, "chat", "en") * r.nint + 9],
			       1e-6);
	free(csv);

	char *js = write_table(&r, &in, REQ_JSON);
	CU_ASSERT_PTR_NOT_NULL(strstr(js, "\"abandon_rate\": null}"));
	CU_ASSERT_PTR_NOT_NULL(strstr(js, "\"queue\": \"chat\""));
	const char *c = strstr(js, "\"volume\": 120,");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	c = strstr(c, "\"abandon_rate\": 0.0");
	CU_ASSERT_PTR_NOT_NULL(c);
	free(js);

	char *tb = write_table(&r, &in, REQ_TABLE);
	CU_ASSERT_PTR_NOT_NULL(strstr(tb, "abandon\n"));
	l = line_of(tb, "2026-11-30T09:00+00:00", "email");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_EQUAL(strchr(l, '\n')[-1], '-');
	free(tb);
	req_release(&r);
	sp_input_release(&in);
}

/* A what-if scale can push a row past the traffic the formulas accept:
 * the table is refused with the cell named, not computed for ever. */
static void test_req_refuses_traffic_beyond_the_limit(void)
{
	struct sp_input in;
	struct sp_reqs r;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(load(&in, forecast, &err), SP_OK);
	for (int i = 0; i < in.nrows; i++)
		if (in.rows[i].queue == sp_config_queue(&in.cfg, "email"))
			in.rows[i].volume *= 1e30;   /* as scenario scaling would */
	memset(&r, 0x5a, sizeof(r));
	CU_ASSERT_EQUAL(req_compute(&in, &r, &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "interval 2026-11-30T09:00+00:00, queue 'email', language 'en'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "expected at most 10000 Erlangs"));
	CU_ASSERT_EQUAL(r.ncells, 0);
	CU_ASSERT_PTR_NULL(r.agents);
	req_release(&r);
	sp_input_release(&in);
}

/* A full disk: the message names where and why. */
static void test_req_write_failure_names_the_file(void)
{
	struct sp_input in;
	struct sp_reqs r;
	struct sp_err err = SP_ERR_INIT;
	FILE *f = fopen("/dev/full", "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL_FATAL(load(&in, forecast, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(req_compute(&in, &r, &err), SP_OK);
	CU_ASSERT_EQUAL(req_write(&r, &in, REQ_CSV, f, "out/requirements.csv", &err), SP_ERR_IO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot write the requirement table to "
					  "out/requirements.csv: No space left on device"));
	fclose(f);
	req_release(&r);
	sp_input_release(&in);
}

TEST_SUITE(req)
{
	CU_pSuite s = CU_add_suite("req", NULL, NULL);
	CU_add_test(s, "table applies traffic, min_agents, shrinkage and the queue model",
		    test_req_table_applies_the_queue_settings);
	CU_add_test(s, "abandon_rate last: empty, null or '-' under Erlang C",
		    test_req_write_abandon_rate_column);
	CU_add_test(s, "a write failure names the file and the reason", test_req_write_failure_names_the_file);
	CU_add_test(s, "traffic beyond the limit is refused, naming the cell",
		    test_req_refuses_traffic_beyond_the_limit);
}
