/* test_scenario.c - what-if change lists: parsing, inheritance, applying them
 *
 * scen_load tests use a temporary database holding a small base: site zone
 * Asia/Seoul (so day and hour selectors work on local time), Monday
 * 2027-03-22 and Tuesday 2027-03-23, hourly rows for chat/ko, chat/en,
 * email/ko and email/zh with distinct volumes, and a restricted security
 * queue.  Every scaled load is compared row by row with the unscaled one.
 */
#include "tests.h"

#include "staffplan/buf.h"
#include "staffplan/input.h"
#include "staffplan/scenario.h"
#include "staffplan/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ASSERT_MSG(e, s) do { \
	if (!strstr((e).msg, (s))) \
		fprintf(stderr, "\n  message \"%s\" lacks \"%s\"\n", (e).msg, (s)); \
	CU_ASSERT_PTR_NOT_NULL(strstr((e).msg, (s))); } while (0)

/* ---- scen_add_scale / scen_add_set ---------------------------------------- */

/* Expects buf line `line` (0-based) to be "scale SEL FACTOR". */
static void expect_scale_line(const char *text, int line, const char *sel, double factor)
{
	const char *p = text;
	char want[256];

	for (int i = 0; i < line && p; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	snprintf(want, sizeof(want), "scale %s ", sel);
	if (strncmp(p, want, strlen(want)))
		fprintf(stderr, "\n  line \"%.*s\" does not start with \"%s\"\n",
			(int)strcspn(p, "\n"), p, want);
	CU_ASSERT_EQUAL_FATAL(strncmp(p, want, strlen(want)), 0);
	char *end;
	double f = strtod(p + strlen(want), &end);
	CU_ASSERT_EQUAL(f, factor);
	CU_ASSERT_EQUAL(*end, '\n');
}

static void test_scen_add_scale_parses_selectors(void)
{
	struct buf b = BUF_INIT;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL(scen_add_scale(&b, "language=ko:1.3", &err), SP_OK);
	CU_ASSERT_EQUAL(scen_add_scale(&b, "queue=chat,day=mon:1.2", &err), SP_OK);
	CU_ASSERT_EQUAL(scen_add_scale(&b, "hours=08-12:0.5", &err), SP_OK);
	expect_scale_line(b.s, 0, "language=ko", 1.3);
	expect_scale_line(b.s, 1, "queue=chat,day=mon", 1.2);
	expect_scale_line(b.s, 2, "hours=08-12", 0.5);
	buf_release(&b);
}

static void test_scen_add_scale_accepts_equals_before_factor(void)
{
	struct buf b = BUF_INIT;
	struct sp_err err = SP_ERR_INIT;

	/* scenario.h: "SEL=FACTOR" with the last '=' before a number */
	CU_ASSERT_EQUAL(scen_add_scale(&b, "language=ko=1.3", &err), SP_OK);
	if (b.len)
		expect_scale_line(b.s, 0, "language=ko", 1.3);
	else
		fprintf(stderr, "\n  scen_add_scale(\"language=ko=1.3\"): %s\n", err.msg);
	buf_release(&b);
}

static void test_scen_add_scale_rejects_bad_arguments(void)
{
	static const char *const bad[] = {
		"x", "language=ko:0", "language=ko:-1", "language=ko:abc", "language=ko:",
		":1.2", "language=ko:1.3x", "language=ko:inf", "language=ko:nan", "language=ko:-0",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct buf b = BUF_INIT;
		struct sp_err err = SP_ERR_INIT;

		buf_puts(&b, "kept\n");
		if (scen_add_scale(&b, bad[i], &err) != SP_ERR_USAGE)
			fprintf(stderr, "\n  scen_add_scale(\"%s\") was not refused\n", bad[i]);
		CU_ASSERT_EQUAL(err.code, SP_ERR_USAGE);
		CU_ASSERT_STRING_EQUAL(b.s, "kept\n");
		ASSERT_MSG(err, bad[i]);
		buf_release(&b);
	}
}

static void test_scen_add_set_checks_syntax(void)
{
	struct buf b = BUF_INIT;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL(scen_add_set(&b, "service.bot_deflection=0.25", &err), SP_OK);
	CU_ASSERT_EQUAL(scen_add_set(&b, "hire.ja=2", &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(b.s, "set service.bot_deflection=0.25\nset hire.ja=2\n");
	CU_ASSERT_EQUAL(scen_add_set(&b, "=1", &err), SP_ERR_USAGE);
	CU_ASSERT_EQUAL(scen_add_set(&b, "novalue", &err), SP_ERR_USAGE);
	ASSERT_MSG(err, "novalue");
	CU_ASSERT_EQUAL(scen_add_set(&b, "a.b=1\nscale language=en 9", &err), SP_ERR_USAGE);
	CU_ASSERT_STRING_EQUAL(b.s, "set service.bot_deflection=0.25\nset hire.ja=2\n");
	buf_release(&b);
}

/* ---- a database with base inputs ---------------------------------------- */

static const char *const row_kinds[4][2] = {
	{ "chat", "ko" }, { "chat", "en" }, { "email", "ko" }, { "email", "zh" },
};

/* Opens a new database holding the base inputs described at the top. */
static struct sp_db *base_db(void)
{
	char path[256];
	struct sp_db *db = NULL;
	struct sp_err err = SP_ERR_INIT;
	struct buf fc = BUF_INIT;

	snprintf(path, sizeof(path), "%s/scen.db", test_tmpdir());
	if (db_open(path, 0, &db, &err) != SP_OK) {
		fprintf(stderr, "\n  %s\n", err.msg);
		return NULL;
	}
	buf_puts(&fc, "start,queue,language,volume\n");
	for (int d = 0; d < 2; d++)
		for (int h = 0; h < 24; h++)
			for (int k = 0; k < 4; k++)
				buf_printf(&fc, "2027-03-%02dT%02d:00,%s,%s,%g\n", 22 + d, h, row_kinds[k][0],
					   row_kinds[k][1], 1 + 0.25 * ((d * 24 + h) * 4 + k));
	if (db_put_input(db, "base", "config", "plan.ini",
			 "[site]\ntimezone = Asia/Seoul\ninterval_minutes = 60\n"
			 "[queue.security]\nrestricted = true\n[agents]\nmax_hours = 32\n",
			 &err) != SP_OK ||
	    db_put_input(db, "base", "forecast", "forecast.csv", fc.s, &err) != SP_OK ||
	    db_put_input(db, "base", "agents", "agents.csv",
			 "id,name,languages,queues\na1,Kim,ko;en,\na2,Wang,zh,chat;email;security\n",
			 &err) != SP_OK) {
		fprintf(stderr, "\n  %s\n", err.msg);
		db_close(db);
		db = NULL;
	}
	buf_release(&fc);
	return db;
}

/* scen_load into a fresh input; returns the status (in is initialised). */
static sp_status load(struct sp_db *db, const char *changes, const char *const *sets, int nsets,
		      int hires, struct sp_input *in, struct sp_err *err)
{
	sp_input_init(in);
	in->warn = NULL;
	return scen_load(db, changes, sets, nsets, hires, in, err);
}

static int find_row(const struct sp_input *in, const struct sp_input *other, const struct sp_fc_row *r)
{
	const char *q = other->cfg.queues[r->queue].name, *l = other->langs[r->lang];
	for (int i = 0; i < in->nrows; i++) {
		const struct sp_fc_row *x = &in->rows[i];
		if (x->start == r->start && !strcmp(in->cfg.queues[x->queue].name, q) &&
		    !strcmp(in->langs[x->lang], l))
			return i;
	}
	return -1;
}

typedef int (*row_pred)(const struct sp_input *in, const struct sp_fc_row *r);

/* Loads changes and expects exactly the rows where pred holds to be
 * multiplied by factor, every other row unchanged; returns the number of
 * rows scaled. */
static int expect_scaled(const char *changes, row_pred pred, double factor)
{
	struct sp_db *db = base_db();
	struct sp_input plain, scaled;
	struct sp_err err = SP_ERR_INIT;
	int nscaled = 0, bad = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL_FATAL(load(db, "", NULL, 0, 0, &plain, &err), SP_OK);
	if (load(db, changes, NULL, 0, 0, &scaled, &err) != SP_OK)
		fprintf(stderr, "\n  scen_load(\"%s\"): %s\n", changes, err.msg);
	CU_ASSERT_EQUAL_FATAL(err.code, SP_OK);
	CU_ASSERT_EQUAL(plain.nrows, 4 * 48);
	CU_ASSERT_EQUAL(scaled.nrows, plain.nrows);
	for (int i = 0; i < plain.nrows; i++) {
		const struct sp_fc_row *r = &plain.rows[i];
		int j = find_row(&scaled, &plain, r);
		CU_ASSERT_TRUE_FATAL(j >= 0);
		double want = pred(&plain, r) ? r->volume * factor : r->volume;
		nscaled += pred(&plain, r);
		if (fabs(scaled.rows[j].volume - want) > 1e-12 * want) {
			if (bad++ < 3)
				fprintf(stderr, "\n  \"%s\": row %d volume %g, expected %g\n", changes, i,
					scaled.rows[j].volume, want);
		}
		CU_ASSERT_EQUAL(scaled.rows[j].aht, r->aht);
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(scaled.nagents, plain.nagents);
	sp_input_release(&plain);
	sp_input_release(&scaled);
	db_close(db);
	return nscaled;
}

static int lang_is(const struct sp_input *in, const struct sp_fc_row *r, const char *tag)
{
	return !strcmp(in->langs[r->lang], tag);
}

static int queue_is(const struct sp_input *in, const struct sp_fc_row *r, const char *q)
{
	return !strcmp(in->cfg.queues[r->queue].name, q);
}

static struct sp_local local_of(const struct sp_input *in, const struct sp_fc_row *r)
{
	struct sp_local l;
	sp_tz_local(&in->tz, r->start, &l);
	return l;
}

static int is_ko(const struct sp_input *in, const struct sp_fc_row *r) { return lang_is(in, r, "ko"); }
static int is_chat_monday(const struct sp_input *in, const struct sp_fc_row *r)
{
	return queue_is(in, r, "chat") && local_of(in, r).wday == 0;
}
static int is_morning(const struct sp_input *in, const struct sp_fc_row *r)
{
	struct sp_local l = local_of(in, r);
	return l.hour >= 8 && l.hour < 12;
}
static int is_monday(const struct sp_input *in, const struct sp_fc_row *r) { return local_of(in, r).wday == 0; }
static int is_tuesday_date(const struct sp_input *in, const struct sp_fc_row *r)
{
	struct sp_local l = local_of(in, r);
	return l.year == 2027 && l.month == 3 && l.day == 23;
}
static int is_ko_email_tue_evening(const struct sp_input *in, const struct sp_fc_row *r)
{
	struct sp_local l = local_of(in, r);
	return lang_is(in, r, "ko") && queue_is(in, r, "email") && l.wday == 1 && l.hour >= 18;
}
static int never(const struct sp_input *in, const struct sp_fc_row *r) { (void)in; (void)r; return 0; }

static void test_scen_load_scales_language(void)
{
	CU_ASSERT_EQUAL(expect_scaled("scale language=ko 1.3\n", is_ko, 1.3), 2 * 48);
}

static void test_scen_load_scales_queue_and_day(void)
{
	CU_ASSERT_EQUAL(expect_scaled("scale queue=chat,day=mon 1.2\n", is_chat_monday, 1.2), 2 * 24);
}

static void test_scen_load_scales_hours_in_local_time(void)
{
	/* Asia/Seoul is UTC+9: 08-12 local is 23-03 UTC */
	CU_ASSERT_EQUAL(expect_scaled("scale hours=08-12 2\n", is_morning, 2), 4 * 4 * 2);
}

static void test_scen_load_scales_weekday_and_date(void)
{
	CU_ASSERT_EQUAL(expect_scaled("scale day=mon 3\n", is_monday, 3), 4 * 24);
	CU_ASSERT_EQUAL(expect_scaled("scale day=2027-03-23 0.5\n", is_tuesday_date, 0.5), 4 * 24);
	CU_ASSERT_EQUAL(expect_scaled("scale day=2027-03-29 0.5\n", never, 1), 0);
}

static void test_scen_load_combines_every_part_of_a_selector(void)
{
	CU_ASSERT_EQUAL(expect_scaled("scale language=ko,queue=email,day=tue,hours=18-24 4\n",
				      is_ko_email_tue_evening, 4), 6);
}

static void test_scen_load_applies_changes_in_sequence(void)
{
	/* ko x2 then ko x1.5: ko rows x3 */
	CU_ASSERT_EQUAL(expect_scaled("scale language=ko 2\nscale language=ko 1.5\n", is_ko, 3), 2 * 48);
}

static void test_scen_load_applies_config_sets(void)
{
	struct sp_db *db = base_db();
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;
	const char *extra[] = { "service.shrinkage=0.2" };

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL_FATAL(load(db, "set service.bot_deflection=0.25\n", extra, 1, 0, &in, &err), SP_OK);
	CU_ASSERT_DOUBLE_EQUAL(in.cfg.service.bot_deflection, 0.25, 1e-15);
	CU_ASSERT_DOUBLE_EQUAL(in.cfg.service.shrinkage, 0.2, 1e-15);
	int chat = sp_config_queue(&in.cfg, "chat");
	CU_ASSERT_TRUE_FATAL(chat >= 0);
	CU_ASSERT_DOUBLE_EQUAL(in.cfg.queues[chat].svc.bot_deflection, 0.25, 1e-15);
	sp_input_release(&in);
	db_close(db);
}

static void test_scen_load_hire_adds_agents_speaking_lang_and_en(void)
{
	struct sp_db *db = base_db();
	struct sp_input plain, in;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL_FATAL(load(db, "", NULL, 0, 0, &plain, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(load(db, "set hire.ja=2\n", NULL, 0, 0, &in, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(in.nagents, plain.nagents + 2);
	int ja = sp_input_lang(&in, "ja", 0), en = sp_input_lang(&in, "en", 0);
	int chat = sp_config_queue(&in.cfg, "chat"), email = sp_config_queue(&in.cfg, "email");
	int sec = sp_config_queue(&in.cfg, "security");
	CU_ASSERT_TRUE_FATAL(ja >= 0 && en >= 0 && chat >= 0 && email >= 0 && sec >= 0);
	for (int i = plain.nagents; i < in.nagents; i++) {
		const struct sp_agent *a = &in.agents[i];
		CU_ASSERT_EQUAL(a->langs, (1ULL << ja) | (1ULL << en));
		CU_ASSERT_TRUE(a->queues & (1U << chat));
		CU_ASSERT_TRUE(a->queues & (1U << email));
		CU_ASSERT_FALSE(a->queues & (1U << sec)); /* restricted */
		CU_ASSERT_DOUBLE_EQUAL(a->max_hours, 32, 1e-12);
		for (int j = 0; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(a->id, in.agents[j].id);
	}
	/* the base agents are untouched */
	for (int i = 0; i < plain.nagents; i++) {
		CU_ASSERT_STRING_EQUAL(in.agents[i].id, plain.agents[i].id);
		CU_ASSERT_EQUAL(in.agents[i].queues, plain.agents[i].queues);
	}
	sp_input_release(&in);

	/* hire.LANG=0 adds nobody */
	CU_ASSERT_EQUAL_FATAL(load(db, "set hire.ko=0\n", NULL, 0, 0, &in, &err), SP_OK);
	CU_ASSERT_EQUAL(in.nagents, plain.nagents);
	sp_input_release(&in);
	sp_input_release(&plain);
	db_close(db);
}

static void test_scen_load_hire_candidates_are_hypothetical(void)
{
	struct sp_db *db = base_db();
	struct sp_input plain, in;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL_FATAL(load(db, "", NULL, 0, 0, &plain, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(load(db, "", NULL, 0, 2, &in, &err), SP_OK);
	CU_ASSERT_EQUAL(in.nagents, plain.nagents + 2 * in.nlangs);
	for (int i = 0; i < plain.nagents; i++)
		CU_ASSERT_FALSE(in.agents[i].hypothetical);
	for (int i = plain.nagents; i < in.nagents; i++)
		CU_ASSERT_TRUE(in.agents[i].hypothetical);
	sp_input_release(&in);
	sp_input_release(&plain);
	db_close(db);
}

/* Expects changes to be refused with SP_ERR_INPUT naming needle. */
static void expect_refused(struct sp_db *db, const char *changes, const char *needle)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;
	sp_status st = load(db, changes, NULL, 0, 0, &in, &err);

	if (st != SP_ERR_INPUT)
		fprintf(stderr, "\n  scen_load(\"%s\") returned %d, expected SP_ERR_INPUT (%s)\n", changes,
			(int)st, err.msg);
	CU_ASSERT_EQUAL(st, SP_ERR_INPUT);
	if (st != SP_OK)
		ASSERT_MSG(err, needle);
	sp_input_release(&in);
}

static void test_scen_load_rejects_bad_changes(void)
{
	struct sp_db *db = base_db();

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	expect_refused(db, "scale language=xx 1.3\n", "xx");
	expect_refused(db, "scale queue=phone 1.3\n", "phone");
	expect_refused(db, "scale colour=red 1.3\n", "colour");
	expect_refused(db, "scale day=funday 1.3\n", "funday");
	expect_refused(db, "scale hours=12-08 1.3\n", "12-08");
	expect_refused(db, "scale hours=00-25 1.3\n", "00-25");
	expect_refused(db, "scale language 1.3\n", "language");
	expect_refused(db, "set service.no_such_key=1\n", "no_such_key");
	expect_refused(db, "set service.shrinkage=1.5\n", "shrinkage");
	expect_refused(db, "set hire.ja=lots\n", "lots");
	expect_refused(db, "set hire.ja=-1\n", "hire.ja");
	db_close(db);
}

static void test_scen_load_rejects_factor_not_positive(void)
{
	struct sp_db *db = base_db();

	/* stored change lists are checked again when loaded (scenario.h) */
	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	expect_refused(db, "scale language=ko 0\n", "language=ko");
	expect_refused(db, "scale language=ko -1\n", "language=ko");
	expect_refused(db, "scale language=ko abc\n", "language=ko");
	db_close(db);
}

static void test_scen_load_without_inputs_fails_cleanly(void)
{
	char path[256];
	struct sp_db *db = NULL;
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;

	snprintf(path, sizeof(path), "%s/empty.db", test_tmpdir());
	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_NOT_EQUAL(load(db, "scale language=ko 2\n", NULL, 0, 0, &in, &err), SP_OK);
	CU_ASSERT_TRUE(err.msg[0] != '\0');
	sp_input_release(&in);
	db_close(db);
}

/* ---- scen_resolve ---------------------------------------------------------- */

static void test_scen_resolve_concatenates_bases_first(void)
{
	struct sp_db *db = base_db();
	struct sp_err err = SP_ERR_INIT;
	char *changes = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL(db_put_scenario(db, "a", "base", "scale language=ko 1.5\n", &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_scenario(db, "b", "a", "set service.shrinkage=0.2\nset hire.ja=1\n", &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_scenario(db, "c", "b", "scale day=mon 2\n", &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_scenario(db, "side", "a", "", &err), SP_OK);

	CU_ASSERT_EQUAL(scen_resolve(db, "c", &changes, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(changes ? changes : "(null)",
			       "scale language=ko 1.5\nset service.shrinkage=0.2\nset hire.ja=1\nscale day=mon 2\n");
	free(changes);
	changes = NULL;
	CU_ASSERT_EQUAL(scen_resolve(db, "a", &changes, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(changes ? changes : "(null)", "scale language=ko 1.5\n");
	free(changes);
	changes = NULL;
	CU_ASSERT_EQUAL(scen_resolve(db, "side", &changes, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(changes ? changes : "(null)", "scale language=ko 1.5\n");
	free(changes);
	changes = NULL;
	CU_ASSERT_EQUAL(scen_resolve(db, "base", &changes, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(changes ? changes : "(null)", "");
	free(changes);
	changes = (char *)1;
	CU_ASSERT_EQUAL(scen_resolve(db, "nope", &changes, &err), SP_ERR_USAGE);
	CU_ASSERT_PTR_NULL(changes);
	ASSERT_MSG(err, "nope");

	/* the resolved list loads: ko x1.5 everywhere, then x2 on Monday */
	changes = NULL;
	CU_ASSERT_EQUAL_FATAL(scen_resolve(db, "c", &changes, &err), SP_OK);
	struct sp_input plain, in;
	CU_ASSERT_EQUAL_FATAL(load(db, "", NULL, 0, 0, &plain, &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(load(db, changes, NULL, 0, 0, &in, &err), SP_OK);
	CU_ASSERT_DOUBLE_EQUAL(in.cfg.service.shrinkage, 0.2, 1e-15);
	CU_ASSERT_EQUAL(in.nagents, plain.nagents + 1);
	for (int i = 0; i < plain.nrows; i++) {
		const struct sp_fc_row *r = &plain.rows[i];
		int j = find_row(&in, &plain, r);
		CU_ASSERT_TRUE_FATAL(j >= 0);
		double f = (is_ko(&plain, r) ? 1.5 : 1) * (is_monday(&plain, r) ? 2 : 1);
		CU_ASSERT_DOUBLE_EQUAL(in.rows[j].volume, r->volume * f, 1e-12 * r->volume * f);
	}
	sp_input_release(&in);
	sp_input_release(&plain);
	free(changes);
	db_close(db);
}

static void test_scen_resolve_stops_on_a_cycle(void)
{
	struct sp_db *db = base_db();
	struct sp_err err = SP_ERR_INIT;
	char *changes = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL(db_put_scenario(db, "x", "y", "scale language=ko 2\n", &err), SP_OK);
	CU_ASSERT_EQUAL(db_put_scenario(db, "y", "x", "scale language=en 2\n", &err), SP_OK);
	CU_ASSERT_NOT_EQUAL(scen_resolve(db, "x", &changes, &err), SP_OK);
	CU_ASSERT_PTR_NULL(changes);
	ASSERT_MSG(err, "x");
	free(changes);
	db_close(db);
}

/* ---- scen_create ---------------------------------------------------------- */

static void test_scen_create_stores_only_what_loads(void)
{
	struct sp_db *db = base_db();
	struct sp_err err = SP_ERR_INIT;
	char *base = NULL, *changes = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL(scen_create(db, "ko-up", "base", "scale language=ko 1.5\n", &err), SP_OK);
	CU_ASSERT_EQUAL(scen_create(db, "ko-up-hire", "ko-up", "set hire.ja=1\n", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(db_get_scenario(db, "ko-up-hire", &base, &changes, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(base, "ko-up");
	CU_ASSERT_STRING_EQUAL(changes, "set hire.ja=1\n"); /* its own changes only */
	free(base);
	free(changes);

	/* refused: an unknown language, a bad key, an unknown base, a
	 * change that only fails with its base's (hours of a queue it
	 * does not know), and an existing name; none is stored */
	CU_ASSERT_EQUAL(scen_create(db, "bad", "base", "scale language=xx 2\n", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "xx");
	CU_ASSERT_EQUAL(scen_create(db, "bad", "ko-up", "set service.no_such_key=1\n", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "no_such_key");
	CU_ASSERT_EQUAL(scen_create(db, "bad", "no-such", "scale language=ko 2\n", &err), SP_ERR_USAGE);
	ASSERT_MSG(err, "no-such");
	CU_ASSERT_EQUAL(db_put_scenario(db, "broken", "base", "scale queue=phone 2\n", &err), SP_OK);
	CU_ASSERT_EQUAL(scen_create(db, "bad", "broken", "scale language=ko 2\n", &err), SP_ERR_INPUT);
	ASSERT_MSG(err, "phone");
	CU_ASSERT_NOT_EQUAL(scen_create(db, "ko-up", "base", "scale language=ko 3\n", &err), SP_OK);
	base = changes = NULL;
	CU_ASSERT_EQUAL(db_get_scenario(db, "bad", &base, &changes, &err), SP_ERR_USAGE);
	CU_ASSERT_PTR_NULL(changes);
	CU_ASSERT_EQUAL_FATAL(db_get_scenario(db, "ko-up", &base, &changes, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(changes, "scale language=ko 1.5\n");
	free(base);
	free(changes);
	db_close(db);
}

TEST_SUITE(scenario)
{
	CU_pSuite s = CU_add_suite("scenario", NULL, NULL);

	CU_add_test(s, "scen_add_scale parses selectors", test_scen_add_scale_parses_selectors);
	CU_add_test(s, "scen_add_scale accepts SEL=FACTOR", test_scen_add_scale_accepts_equals_before_factor);
	CU_add_test(s, "scen_add_scale rejects bad arguments", test_scen_add_scale_rejects_bad_arguments);
	CU_add_test(s, "scen_add_set checks syntax", test_scen_add_set_checks_syntax);
	CU_add_test(s, "scen_resolve concatenates bases first", test_scen_resolve_concatenates_bases_first);
	CU_add_test(s, "scen_resolve stops on a cycle", test_scen_resolve_stops_on_a_cycle);
	CU_add_test(s, "scen_create stores only what loads", test_scen_create_stores_only_what_loads);
	CU_add_test(s, "scale language=ko", test_scen_load_scales_language);
	CU_add_test(s, "scale queue=chat,day=mon", test_scen_load_scales_queue_and_day);
	CU_add_test(s, "scale hours=08-12 in local time", test_scen_load_scales_hours_in_local_time);
	CU_add_test(s, "scale day=mon and day=DATE", test_scen_load_scales_weekday_and_date);
	CU_add_test(s, "a selector's parts all apply", test_scen_load_combines_every_part_of_a_selector);
	CU_add_test(s, "changes apply in sequence", test_scen_load_applies_changes_in_sequence);
	CU_add_test(s, "set and extra sets reach the config", test_scen_load_applies_config_sets);
	CU_add_test(s, "set hire.ja=2 adds ja+en agents", test_scen_load_hire_adds_agents_speaking_lang_and_en);
	CU_add_test(s, "hire candidates are hypothetical", test_scen_load_hire_candidates_are_hypothetical);
	CU_add_test(s, "bad selectors and keys are SP_ERR_INPUT", test_scen_load_rejects_bad_changes);
	CU_add_test(s, "a stored factor <= 0 is SP_ERR_INPUT", test_scen_load_rejects_factor_not_positive);
	CU_add_test(s, "no base inputs fails cleanly", test_scen_load_without_inputs_fails_cleanly);
}
