/* test_config.c - plan.ini defaults, INI reading, --set and range checks */
#include "tests.h"

#include "staffplan/config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Asserts that the error message contains s (and shows it when not). */
#define ASSERT_MSG(e, s) do { \
	if (!strstr((e).msg, (s))) \
		fprintf(stderr, "\n  message \"%s\" lacks \"%s\"\n", (e).msg, (s)); \
	CU_ASSERT_PTR_NOT_NULL(strstr((e).msg, (s))); } while (0)

/* Loads text over defaults; returns the status, cfg finished on success. */
static sp_status load(struct sp_config *cfg, const char *text, struct sp_err *err)
{
	sp_status st;

	sp_config_init(cfg);
	st = sp_config_load(cfg, text, "plan.ini", err);
	if (st == SP_OK)
		st = sp_config_finish(cfg, err);
	return st;
}

/* Expects text to fail with every needle in the message. */
static void expect_fail(const char *text, const char *n1, const char *n2)
{
	struct sp_config cfg;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL(load(&cfg, text, &err), SP_ERR_INPUT);
	ASSERT_MSG(err, n1);
	if (n2)
		ASSERT_MSG(err, n2);
}

static void test_config_defaults_match_documentation(void)
{
	struct sp_config c;
	struct sp_err err = SP_ERR_INIT;

	sp_config_init(&c);
	CU_ASSERT_EQUAL(sp_config_finish(&c, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(c.timezone, "UTC");
	CU_ASSERT_EQUAL(c.interval_minutes, 60);
	CU_ASSERT_DOUBLE_EQUAL(c.service.aht_seconds, 300, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.service.target_service_level, 0.80, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.service.target_answer_seconds, 60, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.service.max_occupancy, 0.85, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.service.shrinkage, 0.30, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.service.bot_deflection, 0.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.service.concurrency, 1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.service.patience_seconds, 0, 0);   /* Erlang C */
	CU_ASSERT_DOUBLE_EQUAL(c.service.max_abandon_rate, 1, 0);
	CU_ASSERT_EQUAL(c.nqueues, 2);
	CU_ASSERT_STRING_EQUAL(c.queues[0].name, "chat");
	CU_ASSERT_STRING_EQUAL(c.queues[1].name, "email");
	CU_ASSERT_EQUAL(sp_config_queue(&c, "chat"), 0);
	CU_ASSERT_EQUAL(sp_config_queue(&c, "email"), 1);
	CU_ASSERT_EQUAL(sp_config_queue(&c, "security"), -1);
	for (int q = 0; q < 2; q++) {
		CU_ASSERT_DOUBLE_EQUAL(c.queues[q].svc.aht_seconds, 300, 1e-12);
		CU_ASSERT_DOUBLE_EQUAL(c.queues[q].min_agents, 0, 1e-12);
		CU_ASSERT_EQUAL(c.queues[q].restricted, 0);
		CU_ASSERT_EQUAL(c.queues[q].set_mask, 0);
	}
	CU_ASSERT_DOUBLE_EQUAL(c.min_hours, 0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.max_hours, 40, 1e-12);
	CU_ASSERT_EQUAL(c.max_days, 5);
	CU_ASSERT_DOUBLE_EQUAL(c.cost_per_hour, 20, 1e-12);
	CU_ASSERT_EQUAL(c.min_consecutive_days_off, 0);
	CU_ASSERT_EQUAL(c.nlengths, 4);
	CU_ASSERT_DOUBLE_EQUAL(c.lengths_hours[0], 4, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.lengths_hours[3], 10, 1e-12);
	CU_ASSERT_EQUAL(c.start_step_minutes, 60);
	CU_ASSERT_EQUAL(c.earliest_start, 0);
	CU_ASSERT_EQUAL(c.latest_start, 23 * 60);
	CU_ASSERT_EQUAL(c.break_minutes, 60);
	CU_ASSERT_DOUBLE_EQUAL(c.break_after_hours, 6, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.break_window_lo, 2, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.break_window_hi, 5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.min_rest_hours, 11, 1e-12);
	CU_ASSERT_EQUAL(c.max_consecutive_days, 6);
	CU_ASSERT_DOUBLE_EQUAL(c.understaffing_penalty, 500, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.preferred_off_penalty, 10, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.night_premium, 0, 1e-12);
	CU_ASSERT_EQUAL(c.night_start, 22 * 60);
	CU_ASSERT_EQUAL(c.night_end, 6 * 60);
	CU_ASSERT_DOUBLE_EQUAL(c.change_penalty, 50, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.hire_cost_per_week, 1500, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.time_limit_seconds, 120, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.mip_gap, 0.01, 1e-12);
}

static void test_config_reads_every_section_with_comments(void)
{
	static const char text[] =
		"\xEF\xBB\xBF; staffplan settings\n"
		"# another comment style\n"
		"\n"
		"[site]\n"
		"  timezone = Asia/Shanghai   ; the site\n"
		"interval_minutes=30\r\n"
		"[ service ]\n"
		"aht_seconds = 420 # inline hash comment\n"
		"target_service_level = 0.9\n"
		"target_answer_seconds = 20\n"
		"max_occupancy = 1\n"
		"shrinkage = 0\n"
		"bot_deflection = 1\n"
		"concurrency = 2.5\n"
		"[agents]\n"
		"min_hours = 10\nmax_hours = 48\nmax_days = 6\ncost_per_hour = 31.5\n"
		"min_consecutive_days_off = 2\n"
		"[shifts]\n"
		"lengths_hours = 8, 10 ,4.5\n"
		"start_step_minutes = 30\n"
		"earliest_start = 6:00\n"
		"latest_start = 22:30\n"
		"break_minutes = 30\nbreak_after_hours = 5\nbreak_window_hours = 2.5,4\n"
		"min_rest_hours = 12\nmax_consecutive_days = 5\n"
		"[costs]\n"
		"understaffing_penalty = 900\npreferred_off_penalty = 0\nnight_premium = 0.25\n"
		"night_start = 23:00\nnight_end = 07:00\nchange_penalty = 5\n"
		"hire_cost_per_week = 2000\n"
		"[solver]\n"
		"time_limit_seconds = 30\nmip_gap = 0\n";
	struct sp_config c;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(load(&c, text, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(c.timezone, "Asia/Shanghai");
	CU_ASSERT_EQUAL(c.interval_minutes, 30);
	CU_ASSERT_DOUBLE_EQUAL(c.service.aht_seconds, 420, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.service.target_service_level, 0.9, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.service.target_answer_seconds, 20, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.service.max_occupancy, 1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.service.shrinkage, 0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.service.bot_deflection, 1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.service.concurrency, 2.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.min_hours, 10, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.max_hours, 48, 1e-12);
	CU_ASSERT_EQUAL(c.max_days, 6);
	CU_ASSERT_DOUBLE_EQUAL(c.cost_per_hour, 31.5, 1e-12);
	CU_ASSERT_EQUAL(c.min_consecutive_days_off, 2);
	CU_ASSERT_EQUAL(c.nlengths, 3);
	CU_ASSERT_DOUBLE_EQUAL(c.lengths_hours[2], 4.5, 1e-12);
	CU_ASSERT_EQUAL(c.start_step_minutes, 30);
	CU_ASSERT_EQUAL(c.earliest_start, 360);
	CU_ASSERT_EQUAL(c.latest_start, 22 * 60 + 30);
	CU_ASSERT_EQUAL(c.break_minutes, 30);
	CU_ASSERT_DOUBLE_EQUAL(c.break_after_hours, 5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.break_window_lo, 2.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.break_window_hi, 4, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.min_rest_hours, 12, 1e-12);
	CU_ASSERT_EQUAL(c.max_consecutive_days, 5);
	CU_ASSERT_DOUBLE_EQUAL(c.understaffing_penalty, 900, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.preferred_off_penalty, 0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.night_premium, 0.25, 1e-12);
	CU_ASSERT_EQUAL(c.night_start, 23 * 60);
	CU_ASSERT_EQUAL(c.night_end, 7 * 60);
	CU_ASSERT_DOUBLE_EQUAL(c.change_penalty, 5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.hire_cost_per_week, 2000, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.time_limit_seconds, 30, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.mip_gap, 0, 1e-12);
	/* the default queues follow [service] */
	CU_ASSERT_DOUBLE_EQUAL(c.queues[0].svc.aht_seconds, 420, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[1].svc.concurrency, 2.5, 1e-12);
}

static void test_config_queues_inherit_service(void)
{
	static const char text[] =
		"[service]\n"
		"aht_seconds = 400\n"
		"shrinkage = 0.2\n"
		"patience_seconds = 90\n"
		"[queue.email]\n"
		"aht_seconds = 900\n"
		"concurrency = 3\n"
		"max_abandon_rate = 0.05\n"
		"[queue.security]\n"
		"target_answer_seconds = 120\n"
		"patience_seconds = 0\n"
		"min_agents = 2\n"
		"restricted = yes\n"
		"[queue.vip]\n";
	struct sp_config c;
	struct sp_err err = SP_ERR_INIT;
	int sec, vip;

	CU_ASSERT_EQUAL_FATAL(load(&c, text, &err), SP_OK);
	CU_ASSERT_EQUAL(c.nqueues, 4);
	sec = sp_config_queue(&c, "security");
	vip = sp_config_queue(&c, "vip");
	CU_ASSERT_EQUAL(sec, 2);
	CU_ASSERT_EQUAL(vip, 3);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[0].svc.aht_seconds, 400, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[1].svc.aht_seconds, 900, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[1].svc.concurrency, 3, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[1].svc.shrinkage, 0.2, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[sec].svc.aht_seconds, 400, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[sec].svc.target_answer_seconds, 120, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[sec].min_agents, 2, 1e-12);
	CU_ASSERT_EQUAL(c.queues[sec].restricted, 1);
	CU_ASSERT_NOT_EQUAL(c.queues[sec].set_mask, 0);
	CU_ASSERT_EQUAL(c.queues[vip].restricted, 0);
	CU_ASSERT_EQUAL(c.queues[vip].set_mask, 0);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[vip].svc.shrinkage, 0.2, 1e-12);
	/* Erlang A where [service] has a patience, Erlang C where a queue sets 0 */
	CU_ASSERT_DOUBLE_EQUAL(c.queues[vip].svc.patience_seconds, 90, 0);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[sec].svc.patience_seconds, 0, 0);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[1].svc.max_abandon_rate, 0.05, 0);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[vip].svc.max_abandon_rate, 1, 0);

	/* a later [service] change reaches every key a queue did not set */
	CU_ASSERT_EQUAL(sp_config_set(&c, "service.aht_seconds", "500", &err), SP_OK);
	CU_ASSERT_EQUAL(sp_config_finish(&c, &err), SP_OK);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[0].svc.aht_seconds, 500, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[1].svc.aht_seconds, 900, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[sec].svc.aht_seconds, 500, 1e-12);
}

static void test_config_restricted_accepts_truth_words(void)
{
	static const char *const yes[] = { "true", "yes", "1", "TRUE", "Yes" };
	static const char *const no[] = { "false", "no", "0", "False" };
	struct sp_config c;
	struct sp_err err = SP_ERR_INIT;

	sp_config_init(&c);
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		CU_ASSERT_EQUAL(sp_config_set(&c, "queue.chat.restricted", yes[i], &err), SP_OK);
		CU_ASSERT_EQUAL(c.queues[0].restricted, 1);
		CU_ASSERT_EQUAL(sp_config_set(&c, "queue.chat.restricted", no[i % 4], &err), SP_OK);
		CU_ASSERT_EQUAL(c.queues[0].restricted, 0);
	}
	CU_ASSERT_EQUAL(sp_config_set(&c, "queue.chat.restricted", "maybe", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "--set: key 'queue.chat.restricted': 'maybe'");
	ASSERT_MSG(err, "expected true, false, yes, no, 1 or 0");
}

static void test_config_set_creates_queue(void)
{
	struct sp_config c;
	struct sp_err err = SP_ERR_INIT;
	int q;

	sp_config_init(&c);
	CU_ASSERT_EQUAL(sp_config_set(&c, "service.shrinkage", "0.25", &err), SP_OK);
	CU_ASSERT_EQUAL(sp_config_set(&c, "queue.security.min_agents", "2", &err), SP_OK);
	CU_ASSERT_EQUAL(sp_config_finish(&c, &err), SP_OK);
	q = sp_config_queue(&c, "security");
	CU_ASSERT_EQUAL_FATAL(q, 2);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[q].min_agents, 2, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[q].svc.shrinkage, 0.25, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.service.shrinkage, 0.25, 1e-12);
	CU_ASSERT_EQUAL(sp_config_set(&c, "queue.security.aht_seconds", "120", &err), SP_OK);
	CU_ASSERT_EQUAL(c.nqueues, 3);
	CU_ASSERT_DOUBLE_EQUAL(c.queues[q].svc.aht_seconds, 120, 1e-12);
	CU_ASSERT_EQUAL(sp_config_set(&c, "site.interval_minutes", "15", &err), SP_OK);
	CU_ASSERT_EQUAL(c.interval_minutes, 15);
	CU_ASSERT_EQUAL(sp_config_set(&c, "shifts.lengths_hours", "8,10", &err), SP_OK);
	CU_ASSERT_EQUAL(c.nlengths, 2);
	CU_ASSERT_EQUAL(sp_config_set(&c, "site.timezone", "Europe/London", &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(c.timezone, "Europe/London");
	CU_ASSERT_EQUAL(sp_config_set(&c, "queue.security.restricted", " yes ", &err), SP_OK);
	CU_ASSERT_EQUAL(c.queues[q].restricted, 1);
}

static void test_config_set_rejects_bad_keys_and_values(void)
{
	struct sp_config c, before;
	struct sp_err err = SP_ERR_INIT;

	sp_config_init(&c);
	before = c;
	CU_ASSERT_EQUAL(sp_config_set(&c, "shrinkage", "0.2", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "--set: key 'shrinkage'");
	ASSERT_MSG(err, "expected section.key");
	CU_ASSERT_EQUAL(sp_config_set(&c, "service.shrinkage", "1.2", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "--set: key 'service.shrinkage': '1.2' is out of range, expected a number in [0, 0.95]");
	CU_ASSERT_EQUAL(sp_config_set(&c, "service.nonsense", "1", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "--set: key 'service.nonsense': unknown key");
	CU_ASSERT_EQUAL(sp_config_set(&c, "bogus.key", "1", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "unknown section 'bogus'");
	/* a bad value must not create the queue it names */
	CU_ASSERT_EQUAL(sp_config_set(&c, "queue.security.min_agents", "-1", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "--set: key 'queue.security.min_agents'");
	CU_ASSERT_EQUAL(sp_config_set(&c, "queue.a b.min_agents", "1", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "bad queue name");
	CU_ASSERT_EQUAL(sp_config_set(&c, "queue.security.max_hours", "1", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "unknown key");
	CU_ASSERT_EQUAL(sp_config_set(&c, "site.timezone", "Mars/Olympus", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "'Mars/Olympus' is not a known time zone");
	CU_ASSERT_EQUAL(memcmp(&c, &before, sizeof(c)), 0);
}

static void test_config_rejects_unknown_key_with_line(void)
{
	expect_fail("[service]\n# c\nshrinkage = 0.3\nshrinkagee = 0.3\n",
		    "plan.ini:4: key 'service.shrinkagee': unknown key, expected one of",
		    "shrinkage");
	expect_fail("[sitee]\ntimezone = UTC\n", "plan.ini:1: unknown section 'sitee'", NULL);
	expect_fail("[site]\n\ntimezone = posix/Europe/Paris\n",
		    "plan.ini:3: key 'site.timezone': 'posix/Europe/Paris' is not an IANA zone name "
		    "a calendar knows: posix/ zones are copies", NULL);
	expect_fail("timezone = UTC\n", "plan.ini:1: key 'timezone': outside any section", NULL);
	expect_fail("[site]\ntimezone\n", "plan.ini:2:", "expected 'key = value'");
	expect_fail("[site\n", "plan.ini:1: malformed section header", NULL);
	expect_fail("[queue.]\n", "plan.ini:1: bad queue name", NULL);
	expect_fail("[agents]\n= 5\n", "plan.ini:2: missing key", NULL);
}

static void test_config_rejects_out_of_range_values(void)
{
	expect_fail("[service]\nshrinkage = 1.2\n",
		    "plan.ini:2: key 'service.shrinkage': '1.2' is out of range, expected a number in [0, 0.95]",
		    NULL);
	expect_fail("[service]\nshrinkage = 1\n", "'1' is out of range", NULL);
	expect_fail("[service]\nshrinkage = abc\n", "plan.ini:2: key 'service.shrinkage': 'abc' is not a number", NULL);
	expect_fail("[service]\nshrinkage =\n", "the value is empty", NULL);
	expect_fail("[service]\ntarget_service_level = 1\n", "expected a number in (0, 1)", NULL);
	expect_fail("[service]\nmax_occupancy = 0\n", "expected a number in [0.05, 1]", NULL);
	expect_fail("[service]\nbot_deflection = -0.1\n", "expected a number in [0, 1]", NULL);
	expect_fail("[service]\nconcurrency = 0.5\n", "service.concurrency", "'0.5' is out of range");
	expect_fail("[service]\naht_seconds = 0\n", "service.aht_seconds", "out of range");
	expect_fail("[service]\naht_seconds = 0x10\n", "'0x10' is not a number", NULL);
	expect_fail("[service]\naht_seconds = nan\n", "'nan' is not a number", NULL);
	expect_fail("[queue.chat]\nshrinkage = 1.5\n", "plan.ini:2: key 'queue.chat.shrinkage'", NULL);
	expect_fail("[queue.chat]\nmin_agents = -1\n", "key 'queue.chat.min_agents'", "expected a number in [0,");
	expect_fail("[site]\ninterval_minutes = 45\n",
		    "plan.ini:2: key 'site.interval_minutes': '45'", "expected 15, 30 or 60");
	expect_fail("[site]\ntimezone = Nowhere/Town\n", "plan.ini:2: key 'site.timezone'",
		    "expected an IANA time zone name");
	expect_fail("[agents]\nmax_days = 8\n", "key 'agents.max_days': '8' is out of range",
		    "expected a whole number in [0, 7]");
	expect_fail("[agents]\nmax_days = 2.5\n", "'2.5' is not a whole number", NULL);
	expect_fail("[shifts]\nstart_step_minutes = 7\n", "key 'shifts.start_step_minutes'",
		    "divide 1440");
	expect_fail("[shifts]\nstart_step_minutes = 0\n", "shifts.start_step_minutes", NULL);
	expect_fail("[shifts]\nearliest_start = 25:00\n", "key 'shifts.earliest_start': '25:00'",
		    "expected a time of day HH:MM");
	expect_fail("[shifts]\nlatest_start = 8\n", "shifts.latest_start", "HH:MM");
	expect_fail("[shifts]\nlengths_hours = 8,0\n", "key 'shifts.lengths_hours'", "length 0 is out of range");
	expect_fail("[shifts]\nlengths_hours = 8,25\n", "length 25 is out of range", NULL);
	expect_fail("[shifts]\nlengths_hours = 8;10\n", "'8;10' is not a number", NULL);
	expect_fail("[shifts]\nlengths_hours =\n", "shifts.lengths_hours': the value is empty", NULL);
	expect_fail("[shifts]\nlengths_hours = 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17\n",
		    "more than 16 lengths", NULL);
	expect_fail("[shifts]\nbreak_window_hours = 5,2\n", "key 'shifts.break_window_hours': '5,2'",
		    "a <= b");
	expect_fail("[shifts]\nbreak_window_hours = 2\n", "'2' has 1 value", NULL);
	expect_fail("[solver]\ntime_limit_seconds = 0\n", "key 'solver.time_limit_seconds'",
		    "expected a number in (0, 604800]");
	expect_fail("[solver]\nmip_gap = -0.01\n", "key 'solver.mip_gap'", "expected a number in [0, 1]");
	/* where a real desk ends: absurd values are typos, refused with the range */
	expect_fail("[service]\nmax_occupancy = 1e-9\n", "plan.ini:2: key 'service.max_occupancy': "
		    "'1e-9' is out of range, expected a number in [0.05, 1]", NULL);
	expect_fail("[service]\naht_seconds = 0.5\n", "expected a number in [1, 86400]", NULL);
	expect_fail("[service]\nconcurrency = 101\n", "expected a number in [1, 100]", NULL);
	expect_fail("[service]\npatience_seconds = -1\n", "key 'service.patience_seconds'",
		    "expected a number in [0, 86400]");
	expect_fail("[queue.chat]\npatience_seconds = 1e6\n", "key 'queue.chat.patience_seconds'",
		    "expected a number in [0, 86400]");
	expect_fail("[service]\nmax_abandon_rate = 0\n", "key 'service.max_abandon_rate'",
		    "expected a number in [0.0001, 1]");
	expect_fail("[service]\nmax_abandon_rate = 1.5\n", "max_abandon_rate", "[0.0001, 1]");
	expect_fail("[queue.chat]\nmin_agents = 20000\n", "expected a number in [0, 10000]", NULL);
	expect_fail("[agents]\ncost_per_hour = 1e308\n", "plan.ini:2: key 'agents.cost_per_hour': "
		    "'1e308' is out of range, expected a number in [0, 100000]", NULL);
	expect_fail("[costs]\nunderstaffing_penalty = 2e6\n", "costs.understaffing_penalty",
		    "expected a number in [0, 1000000]");
	expect_fail("[costs]\npreferred_off_penalty = 1e9\n", "expected a number in [0, 100000]", NULL);
	expect_fail("[costs]\nchange_penalty = 1e7\n", "expected a number in [0, 1000000]", NULL);
	expect_fail("[costs]\nhire_cost_per_week = 1e8\n", "expected a number in [0, 10000000]", NULL);
	expect_fail("[solver]\ntime_limit_seconds = 1e308\n", "expected a number in (0, 604800]", NULL);
	expect_fail("[solver]\nmip_gap = 2\n", "expected a number in [0, 1]", NULL);
	expect_fail("[costs]\nnight_start = 22h\n", "costs.night_start", NULL);
}

static void test_config_finish_checks_cross_rules(void)
{
	expect_fail("[agents]\nmin_hours = 50\nmax_hours = 40\n",
		    "key 'agents.min_hours': 50 is greater than agents.max_hours (40)",
		    "expected min_hours <= max_hours");
	expect_fail("[shifts]\nearliest_start = 10:00\nlatest_start = 09:00\n",
		    "key 'shifts.earliest_start': 10:00 is after shifts.latest_start (09:00)", NULL);
	/* the grid counts from midnight: 08:00 is its first point after 07:00 */
	expect_fail("[shifts]\nstart_step_minutes = 120\nearliest_start = 07:00\nlatest_start = 07:30\n",
		    "key 'shifts.start_step_minutes': no start on its 120-minute grid (counted from "
		    "midnight) lies between shifts.earliest_start 07:00 and shifts.latest_start 07:30",
		    NULL);
}

static void test_config_failed_load_leaves_config_unchanged(void)
{
	struct sp_config c, before;
	struct sp_err err = SP_ERR_INIT;

	sp_config_init(&c);
	before = c;
	CU_ASSERT_EQUAL(sp_config_load(&c, "[service]\nshrinkage = 0.1\n[queue.x]\n"
				       "min_agents = 1\n[agents]\nmax_days = 9\n", "p.ini", &err),
			SP_ERR_INPUT);
	ASSERT_MSG(err, "p.ini:6: key 'agents.max_days'");
	CU_ASSERT_EQUAL(memcmp(&c, &before, sizeof(c)), 0);
}

static void test_config_quoted_values_and_case(void)
{
	struct sp_config c;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL_FATAL(load(&c, "[SITE]\nTimeZone = \"Asia/Seoul\"\n[Queue.Security]\n"
			      "Restricted = TRUE\n", &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(c.timezone, "Asia/Seoul");
	CU_ASSERT_EQUAL(sp_config_queue(&c, "Security"), 2);
	CU_ASSERT_EQUAL(c.queues[2].restricted, 1);
}

static void test_config_too_many_queues(void)
{
	struct sp_config c;
	struct sp_err err = SP_ERR_INIT;
	char key[64];
	sp_status st = SP_OK;
	int i;

	sp_config_init(&c);
	for (i = 0; i < SP_MAX_QUEUES && st == SP_OK; i++) {
		snprintf(key, sizeof(key), "queue.q%d.min_agents", i);
		st = sp_config_set(&c, key, "1", &err);
	}
	CU_ASSERT_EQUAL(st, SP_ERR_INPUT);
	CU_ASSERT_EQUAL(c.nqueues, SP_MAX_QUEUES);
	ASSERT_MSG(err, "too many queues");
}

static void test_config_parse_number_is_strict(void)
{
	double v;

	CU_ASSERT_EQUAL(sp_parse_number("12", &v), SP_OK);
	CU_ASSERT_DOUBLE_EQUAL(v, 12, 0);
	CU_ASSERT_EQUAL(sp_parse_number(" -0.5 ", &v), SP_OK);
	CU_ASSERT_DOUBLE_EQUAL(v, -0.5, 0);
	CU_ASSERT_EQUAL(sp_parse_number("1e3", &v), SP_OK);
	CU_ASSERT_DOUBLE_EQUAL(v, 1000, 0);
	CU_ASSERT_EQUAL(sp_parse_number(".5", &v), SP_OK);
	CU_ASSERT_EQUAL(sp_parse_number("5.", &v), SP_OK);
	CU_ASSERT_EQUAL(sp_parse_number("", &v), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(sp_parse_number(".", &v), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(sp_parse_number("1,5", &v), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(sp_parse_number("0x10", &v), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(sp_parse_number("inf", &v), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(sp_parse_number("1e999", &v), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(sp_parse_number("1e", &v), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(sp_parse_number("12abc", &v), SP_ERR_INPUT);
}

TEST_SUITE(config)
{
	CU_pSuite s = CU_add_suite("config", NULL, NULL);

	CU_add_test(s, "defaults match documentation", test_config_defaults_match_documentation);
	CU_add_test(s, "reads every section with comments", test_config_reads_every_section_with_comments);
	CU_add_test(s, "queues inherit [service]", test_config_queues_inherit_service);
	CU_add_test(s, "restricted accepts truth words", test_config_restricted_accepts_truth_words);
	CU_add_test(s, "--set creates a queue", test_config_set_creates_queue);
	CU_add_test(s, "--set rejects bad keys and values", test_config_set_rejects_bad_keys_and_values);
	CU_add_test(s, "rejects unknown key with line", test_config_rejects_unknown_key_with_line);
	CU_add_test(s, "rejects out-of-range values", test_config_rejects_out_of_range_values);
	CU_add_test(s, "finish checks cross rules", test_config_finish_checks_cross_rules);
	CU_add_test(s, "failed load leaves config unchanged", test_config_failed_load_leaves_config_unchanged);
	CU_add_test(s, "quoted values and case", test_config_quoted_values_and_case);
	CU_add_test(s, "too many queues", test_config_too_many_queues);
	CU_add_test(s, "sp_parse_number is strict", test_config_parse_number_is_strict);
}
