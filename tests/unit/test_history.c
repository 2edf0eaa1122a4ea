/* test_history.c - history files onto the grid: both shapes, the site zone
 * and its DST days, gaps, events, and every refusal with file:line:column */
#include "staffplan/fcrun.h"
#include "staffplan/input.h"
#include "tests.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const queues[] = { "chat", "email", "security" };

static sp_status load(struct sp_history *h, const char *text, const char *zone, int minutes,
		      struct sp_err *err)
{
	struct sp_tz tz;

	SP_ASSERT(sp_tz_init(&tz, zone, NULL) == SP_OK);
	return sp_history_load(h, text, "hist.csv", &tz, minutes, queues, 3, "chat", "en", NULL,
			       err);
}

static double cell(const struct sp_history *h, int series, int day, int slot)
{
	return h->series[series].vol[(size_t)day * (size_t)h->nslots + (size_t)slot];
}

/* Interval counts every step minutes from first (a UTC instant) for days
 * days of 24 hours and extra intervals more (a DST change in between),
 * formatted in zone with offsets; volume(t) as given. */
static char *counts_n(const char *zone, time_t first, int days, int extra, int step,
		      const char *series, double (*volume)(const struct sp_local *))
{
	struct sp_tz tz;
	struct buf b = BUF_INIT;
	char when[32];

	SP_ASSERT(sp_tz_init(&tz, zone, NULL) == SP_OK);
	buf_puts(&b, "start,queue,language,volume\n");
	for (time_t t = first; t < first + (time_t)days * 86400 + (time_t)extra * step * 60;
	     t += step * 60) {
		struct sp_local l;
		sp_tz_local(&tz, t, &l);
		sp_time_format(&tz, t, when);
		buf_printf(&b, "%s,%s,%g\n", when, series, volume(&l));
	}
	return buf_detach(&b);
}

static char *counts(const char *zone, time_t first, int days, int step, const char *series,
		    double (*volume)(const struct sp_local *))
{
	return counts_n(zone, first, days, 0, step, series, volume);
}

static double by_hour(const struct sp_local *l)
{
	return l->hour + 1;
}

static double flat(const struct sp_local *l)
{
	(void)l;
	return 3;
}

static void test_counts_summed_into_plan_intervals(void)
{
	struct sp_history h;
	struct sp_err err = SP_ERR_INIT;
	/* 2026-01-05 (Monday) 00:00 UTC, 14 days of 5-minute rows of 3 */
	char *text = counts("UTC", 1767571200, 14, 5, "chat,en", flat);

	CU_ASSERT_EQUAL_FATAL(load(&h, text, "UTC", 30, &err), SP_OK);
	CU_ASSERT_EQUAL(h.shape, SP_HIST_COUNTS);
	CU_ASSERT_EQUAL(h.source_min, 5);
	CU_ASSERT_EQUAL(h.nhist, 14);
	CU_ASSERT_EQUAL(h.nslots, 48);
	CU_ASSERT_EQUAL(h.nseries, 1);
	CU_ASSERT_EQUAL(h.day[0].wday, 0);
	CU_ASSERT_DOUBLE_EQUAL(cell(&h, 0, 3, 17), 18, 1e-12);
	CU_ASSERT_EQUAL(h.series[0].contacts, 14 * 288 * 3);
	sp_history_release(&h);
	/* a 60-minute plan takes the same file; a 2-minute one cannot split it */
	CU_ASSERT_EQUAL_FATAL(load(&h, text, "UTC", 60, &err), SP_OK);
	CU_ASSERT_DOUBLE_EQUAL(cell(&h, 0, 3, 17), 36, 1e-12);
	sp_history_release(&h);
	free(text);
	text = counts("UTC", 1767571200, 14, 60, "chat,en", flat);
	CU_ASSERT_EQUAL(load(&h, text, "UTC", 30, &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "hist.csv:2: column 'start': the history's rows are 60 "
					      "minutes apart, which does not divide the plan's 30"));
	CU_ASSERT_EQUAL(h.nseries, 0); /* left empty */
	free(text);
}

static void test_records_counted_with_handle_time_and_patience(void)
{
	struct sp_history h;
	struct sp_err err = SP_ERR_INIT;
	struct buf b = BUF_INIT;

	buf_puts(&b, "arrived,queue,language,handle_seconds,waited_seconds,abandoned\n");
	for (int d = 0; d < 7; d++) {
		/* per day: three chat/ko contacts in 09:00-10:00, one abandons */
		buf_printf(&b, "2026-03-%02dT09:05:10,chat,ko,200,10,0\n", 2 + d);
		buf_printf(&b, "2026-03-%02dT09:40,chat,ko,400,30,0\n", 2 + d);
		buf_printf(&b, "2026-03-%02dT09:59:59,chat,ko,,50,1\n", 2 + d);
		buf_printf(&b, "2026-03-%02dT13:00,email,ko,600,,\n", 2 + d);
	}
	CU_ASSERT_EQUAL_FATAL(load(&h, b.s, "Asia/Seoul", 60, &err), SP_OK);
	CU_ASSERT_EQUAL(h.shape, SP_HIST_RECORDS);
	CU_ASSERT(h.has_aht && h.has_wait && h.has_abandon);
	CU_ASSERT_EQUAL_FATAL(h.nseries, 2);
	int c = sp_history_find(&h, "chat", "ko"), e = sp_history_find(&h, "email", "ko");
	CU_ASSERT(c >= 0 && e >= 0);
	CU_ASSERT_DOUBLE_EQUAL(cell(&h, c, 2, 9), 3, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(cell(&h, c, 2, 10), 0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(cell(&h, e, 2, 13), 1, 1e-12);
	CU_ASSERT_EQUAL(h.series[c].contacts, 21);
	CU_ASSERT_DOUBLE_EQUAL(h.series[c].handle_sum / h.series[c].handled, 300, 1e-9);
	CU_ASSERT_EQUAL(h.series[c].abandoned, 7);
	/* patience: all waiting, served and abandoned, over abandonments */
	CU_ASSERT_DOUBLE_EQUAL(h.series[c].waited_sum / (double)h.series[c].abandoned, 90, 1e-9);
	/* before the first contact and after the last interval: unknown */
	CU_ASSERT(isnan(cell(&h, c, 0, 8)));
	CU_ASSERT(!isnan(cell(&h, c, 0, 9)));
	CU_ASSERT(isnan(cell(&h, c, 6, 14)));
	CU_ASSERT_DOUBLE_EQUAL(cell(&h, c, 6, 13), 0, 1e-12);
	sp_history_release(&h);
	buf_release(&b);
}

static void test_unsorted_rows_and_gaps(void)
{
	struct sp_history h, g;
	struct sp_err err = SP_ERR_INIT;
	char *text = counts("UTC", 1767571200, 21, 60, "email,ja", by_hour);
	char *lines[21 * 24 + 1] = { NULL }, *p = text;
	int n = 0;
	struct buf b = BUF_INIT;

	/* the same rows backwards, without the 10th day (a gap in the export) */
	while (*p && n < 21 * 24 + 1) {
		lines[n++] = p;
		p = strchr(p, '\n');
		*p++ = '\0';
	}
	CU_ASSERT_EQUAL_FATAL(n, 21 * 24 + 1);
	buf_puts(&b, "start,queue,language,volume\n");
	for (int i = n - 1; i > 0; i--)
		if ((i - 1) / 24 != 9)
			buf_printf(&b, "%s\n", lines[i]);
	CU_ASSERT_EQUAL_FATAL(load(&h, b.s, "UTC", 60, &err), SP_OK);
	CU_ASSERT_EQUAL(h.nhist, 21);
	CU_ASSERT_DOUBLE_EQUAL(cell(&h, 0, 4, 7), 8, 1e-12);
	CU_ASSERT(isnan(cell(&h, 0, 9, 7)));  /* no row that day: no data, not zero */
	/* sorted, the same series */
	buf_reset(&b);
	for (int i = 0; i < n; i++)
		if (i == 0 || (i - 1) / 24 != 9)
			buf_printf(&b, "%s\n", lines[i]);
	CU_ASSERT_EQUAL_FATAL(load(&g, b.s, "UTC", 60, &err), SP_OK);
	for (int i = 0; i < 21 * 24; i++)
		CU_ASSERT(isnan(h.series[0].vol[i]) ? isnan(g.series[0].vol[i])
						   : h.series[0].vol[i] == g.series[0].vol[i]);
	sp_history_release(&h);
	sp_history_release(&g);
	buf_release(&b);
	free(text);
}

/* text with the history of 14 days of 60-minute chat,en rows, then extra */
static char *base_with(const char *extra)
{
	char *text = counts("UTC", 1767571200, 14, 60, "chat,en", flat);
	struct buf b = BUF_INIT;
	buf_puts(&b, text);
	buf_puts(&b, extra);
	free(text);
	return buf_detach(&b);
}

static void expect_refused(const char *text, const char *zone, int minutes, const char *msg)
{
	struct sp_history h;
	struct sp_err err = SP_ERR_INIT;

	CU_ASSERT_EQUAL(load(&h, text, zone, minutes, &err), SP_ERR_INPUT);
	if (!strstr(err.msg, msg)) {
		fprintf(stderr, "\n  expected '%s'\n  in       '%s'\n", msg, err.msg);
		CU_FAIL("wrong message");
	}
	CU_ASSERT_EQUAL(h.nseries, 0);
	CU_ASSERT_PTR_NULL(h.series);
}

static void test_bad_rows_refused_with_file_line_column(void)
{
	char *t;

	/* 14 days x 24 rows: the header is line 1, extra rows from line 338 */
	t = base_with("2026-01-07T05:00+00:00,chat,en,4\n");
	expect_refused(t, "UTC", 60, "hist.csv:338: columns 'start', 'queue', 'language': a second "
		       "row for 2026-01-07T05:00+00:00, queue 'chat', language 'en' (the first is on "
		       "line 55)");
	free(t);
	t = base_with("2026-01-19T05:00+00:00,chat,en,-2\n");
	expect_refused(t, "UTC", 60, "hist.csv:338: column 'volume': '-2' is negative");
	free(t);
	t = base_with("2026-01-19T05:00+00:00,chat,en,\n");
	expect_refused(t, "UTC", 60, "hist.csv:338: column 'volume': the value is empty");
	free(t);
	t = base_with("2026-01-19T05:20+00:00,chat,en,1\n");
	expect_refused(t, "UTC", 60, "hist.csv:338: column 'start': 2026-01-19T05:20+00:00 is not on "
		       "the 60-minute grid of the history");
	free(t);
	t = base_with("2026-01-19T05:00:30Z,chat,en,1\n");
	expect_refused(t, "UTC", 60, "hist.csv:338: column 'start': 2026-01-19T05:00+00:00 is not on "
		       "a whole minute");
	free(t);
	t = base_with("2026-01-19T25:00,chat,en,1\n");
	expect_refused(t, "UTC", 60, "hist.csv:338: column 'start': bad time '2026-01-19T25:00'");
	free(t);
	t = base_with("2026-01-19T05:00Z,sales,en,1\n");
	expect_refused(t, "UTC", 60, "hist.csv:338: column 'queue': queue 'sales' is not defined in "
		       "plan.ini, expected one of chat, email, security");
	free(t);
	t = base_with("2026-01-19T05:00Z,chat,e_n,1\n");
	expect_refused(t, "UTC", 60, "hist.csv:338: column 'language': 'e_n' is not a language tag");
	free(t);
	/* a day of 15-minute rows in an hourly file: mixed lengths */
	struct buf b = BUF_INIT;
	t = counts("UTC", 1767571200, 14, 15, "chat,en", flat);
	buf_puts(&b, t);
	free(t);
	t = counts("UTC", 1767571200 + 14 * 86400, 1, 60, "chat,en", flat);
	buf_puts(&b, strchr(t, '\n') + 1);
	free(t);
	expect_refused(b.s, "UTC", 60, "hist.csv:1346: column 'start': the rows of 2026-01-19 for "
		       "queue 'chat', language 'en' are 60 minutes apart, but the history's rows are "
		       "15 minutes apart elsewhere: mixed interval lengths");
	buf_release(&b);
	/* ambiguous local time without an offset, in London's autumn */
	expect_refused("start,volume\n2024-10-20T01:00,1\n2024-10-27T01:30,1\n", "Europe/London", 30,
		       "hist.csv:3: column 'start': local time '2024-10-27T01:30' is ambiguous");
}

/* An ACD export writes aht 0 where nothing was handled (no contact came, or
 * all abandoned): that is no handle time, not a refusal of the file. */
static void test_counts_with_aht_zero_where_none_handled(void)
{
	struct sp_history h;
	struct sp_err err = SP_ERR_INIT;
	struct buf b = BUF_INIT;

	buf_puts(&b, "start,queue,language,volume,aht\n");
	for (int d = 0; d < 7; d++) {
		buf_printf(&b, "2026-03-%02dT08:00Z,chat,en,0,0\n", 2 + d);
		buf_printf(&b, "2026-03-%02dT09:00Z,chat,en,4,200\n", 2 + d);
		buf_printf(&b, "2026-03-%02dT10:00Z,chat,en,2,0\n", 2 + d); /* both abandoned */
	}
	CU_ASSERT_EQUAL_FATAL(load(&h, b.s, "UTC", 60, &err), SP_OK);
	CU_ASSERT(h.has_aht);
	CU_ASSERT_DOUBLE_EQUAL(cell(&h, 0, 2, 10), 2, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(h.series[0].handled, 28, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(h.series[0].handle_sum / h.series[0].handled, 200, 1e-9);
	sp_history_release(&h);
	buf_release(&b);
	expect_refused("start,volume,aht\n2026-01-05T00:00Z,1,-1\n", "UTC", 60,
		       "hist.csv:2: column 'aht': '-1' is negative, expected a handle time in seconds >= 0");
	expect_refused("start,volume,aht\n2026-01-05T00:00Z,1,86401\n", "UTC", 60,
		       "hist.csv:2: column 'aht': '86401' is out of range");
}

static void test_headers_and_short_histories(void)
{
	char *t;

	expect_refused("start,arrived,volume\n2026-01-05T00:00Z,2026-01-05T00:00Z,1\n", "UTC", 60,
		       "hist.csv:2: columns 'start' and 'arrived': the header names both");
	expect_refused("when,volume\n2026-01-05T00:00Z,1\n", "UTC", 60,
		       "hist.csv:2: column 'start' or 'arrived': missing from the header");
	expect_refused("start,queue\n2026-01-05T00:00Z,chat\n", "UTC", 60,
		       "hist.csv:2: column 'volume': missing from the header");
	expect_refused("start,volume\n", "UTC", 60, "hist.csv: no rows");
	t = counts("UTC", 1767571200, 6, 60, "chat,en", flat);
	expect_refused(t, "UTC", 60, "hist.csv: the history covers 6 days (2026-01-05 to 2026-01-10), "
		       "expected at least one week (7 days) of history");
	free(t);
	/* a year in another millennium (found by fuzz_history: the calendar
	 * of every day between took minutes and gigabytes) */
	expect_refused("start,volume\n3998-08-01T10:00Z,74\n1999-08-01T10:30Z,100\n", "UTC", 30,
		       "hist.csv: the history spans 730121 days (1999-08-01 to 3998-08-01), expected at most 3653");
	expect_refused("arrived\n2010-01-01T00:00Z\n2020-01-02T00:00Z\n", "UTC", 60,
		       "hist.csv: the history spans 3654 days (2010-01-01 to 2020-01-02)");
	/* where a real desk ends (found by fuzz_history: 1.3e107 contacts
	 * overflowed the contact count) */
	expect_refused("start,volume\n2026-01-05T00:00Z,1.3e107\n", "UTC", 60,
		       "hist.csv:2: column 'volume': '1.3e107' is out of range, expected a number of contacts "
		       ">= 0, at most 1000000");
	expect_refused("arrived,waited_seconds\n2026-01-05T00:00Z,1e300\n", "UTC", 60,
		       "hist.csv:2: column 'waited_seconds': '1e300' is out of range");
	expect_refused("arrived,handle_seconds\n2026-01-05T00:00Z,86401\n", "UTC", 60,
		       "hist.csv:2: column 'handle_seconds': '86401' is out of range");
	/* ten years to the day are read */
	struct sp_history h;
	struct sp_err err = SP_ERR_INIT;
	CU_ASSERT_EQUAL(load(&h, "arrived\n2010-01-01T00:00Z\n2020-01-01T00:00Z\n", "UTC", 60, &err), SP_OK);
	CU_ASSERT_EQUAL(h.nhist, 3653);
	sp_history_release(&h);
}

static void test_dst_days_in_history_and_horizon(void)
{
	struct sp_history h;
	struct sp_err err = SP_ERR_INIT;
	struct buf b = BUF_INIT;
	/* London, 2024-03-18 (Monday) 00:00 GMT, three weeks of hours: the
	 * clocks go forward on Sunday 03-31 at 01:00 GMT */
	char *text = counts_n("Europe/London", 1710720000, 21, -1, 60, "chat,en", by_hour);

	CU_ASSERT_EQUAL_FATAL(load(&h, text, "Europe/London", 60, &err), SP_OK);
	CU_ASSERT_EQUAL(h.nhist, 21);
	CU_ASSERT_EQUAL(h.iv_first[14] - h.iv_first[13], 23);
	CU_ASSERT_EQUAL(h.mult[13 * 24 + 1], 0);            /* 01:00 does not exist */
	CU_ASSERT(isnan(cell(&h, 0, 13, 1)));
	CU_ASSERT_DOUBLE_EQUAL(cell(&h, 0, 13, 2), 3, 1e-12); /* 02:00 BST */
	CU_ASSERT_DOUBLE_EQUAL(cell(&h, 0, 12, 1), 2, 1e-12);
	/* the horizon: a week from 2024-04-08; then the autumn week from
	 * 2024-10-21 with the repeated 01:00 on Sunday 10-27 */
	struct fcr r;
	struct fcr_opts o = { FC_WEEK_AVERAGE, 21, 1, 0, 8, 1 };
	fcr_run(&r, &h, NULL, &o);
	fcr_write_forecast(&r, &b);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, "2024-04-08T00:00+01:00,chat,en,1.00\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, "2024-04-14T23:00+01:00,chat,en,24.00\n"));
	fcr_release(&r);
	sp_history_release(&h);
	free(text);
	buf_reset(&b);
	/* autumn: the two 01:00 intervals of 10-27 hold 10 and 20 */
	text = counts_n("Europe/London", 1728860400, 21, 1, 60, "chat,en", by_hour);
	char *p = strstr(text, "2024-10-27T01:00+01:00,chat,en,2\n"), *q;
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	q = strstr(text, "2024-10-27T01:00+00:00,chat,en,2\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	memcpy(strchr(p, '\n') - 1, "9", 1);
	CU_ASSERT_EQUAL_FATAL(load(&h, text, "Europe/London", 60, &err), SP_OK);
	CU_ASSERT_EQUAL(h.iv_first[14] - h.iv_first[13], 25);
	CU_ASSERT_EQUAL(h.mult[13 * 24 + 1], 2);
	CU_ASSERT_DOUBLE_EQUAL(cell(&h, 0, 13, 1), (9 + 2) / 2.0, 1e-12); /* the mean of the two */
	CU_ASSERT_DOUBLE_EQUAL(cell(&h, 0, 13, 2), 3, 1e-12);
	/* forecast the autumn week one year on... within a year: the week of
	 * 2025-03-24 holds London's spring change (Sunday 03-30) */
	o.t0 = h.nhist + 140;
	fcr_run(&r, &h, NULL, &o);
	fcr_write_forecast(&r, &b);
	int rows = 0;
	for (const char *s = b.s; (s = strstr(s, "2025-03-30T")); s++)
		rows++;
	CU_ASSERT_EQUAL(rows, 23);
	CU_ASSERT_PTR_NULL(strstr(b.s, "2025-03-30T01:00"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, "2025-03-30T02:00+01:00,chat,en,3.00\n"));
	/* what plan reads: the rows load as a forecast of 7 days */
	struct sp_input in;
	sp_input_init(&in);
	in.warn = NULL;
	CU_ASSERT_EQUAL(sp_input_load_config(&in, "[site]\ntimezone = Europe/London\n", "plan.ini",
					     &err), SP_OK);
	CU_ASSERT_EQUAL(sp_input_load_forecast(&in, b.s, "forecast.csv", &err), SP_OK);
	CU_ASSERT_EQUAL(sp_input_finish(&in, &err), SP_OK);
	CU_ASSERT_EQUAL(in.ndays, 7);
	CU_ASSERT_EQUAL(in.nint, 7 * 24 - 1);
	sp_input_release(&in);
	fcr_release(&r);
	sp_history_release(&h);
	buf_release(&b);
	free(text);
}

static void test_events_exclude_and_scale(void)
{
	struct sp_history h;
	struct sp_events ev;
	struct sp_err err = SP_ERR_INIT;
	struct fcr r;
	struct buf b = BUF_INIT;
	char *text = counts("UTC", 1767571200, 28, 60, "chat,en", flat);

	/* the last Monday of history an outage (exclude), the first of the
	 * horizon a launch (x1.5), only for chat/en; email/en unaffected */
	CU_ASSERT_EQUAL_FATAL(load(&h, text, "UTC", 60, &err), SP_OK);
	for (int j = 0; j < 24; j++)
		h.series[0].vol[21 * 24 + j] = 0; /* the outage */
	CU_ASSERT_EQUAL_FATAL(sp_events_load(&ev, "date,queue,language,factor\n"
					     "2026-01-26,,,exclude\n"
					     "2026-02-02,chat,en,1.5\n"
					     "2026-02-03,email,,3\n", "events.csv", NULL, &err), SP_OK);
	CU_ASSERT_EQUAL(ev.n, 3);
	struct fcr_opts o = { FC_SEASONAL_NAIVE, 28, 1, 1, 8, 1 };
	fcr_run(&r, &h, &ev, &o);
	CU_ASSERT(isnan(r.s[0].fit[21 * 24 + 5]) && isnan(r.s[0].actual[21 * 24 + 5]));
	CU_ASSERT_DOUBLE_EQUAL(r.s[0].factor[28], 1.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(r.s[0].factor[29], 1, 1e-12);
	/* seasonal-naive skips the excluded Monday: 3, scaled */
	CU_ASSERT_DOUBLE_EQUAL(r.s[0].res.out[5], 4.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(r.s[0].res.out[24 + 5], 3, 1e-12);
	fcr_write_accuracy(&r, &b);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, "queue,language,method,wape_interval,wape_day,wape_week,"
					   "bias,chosen,aht_seconds,patience_seconds\n"
					   "chat,en,seasonal-naive,0.0000,0.0000,0.0000,0.0000,1,,\n"));
	fcr_release(&r);
	sp_events_release(&ev);
	struct sp_err e2 = SP_ERR_INIT;
	CU_ASSERT_EQUAL(sp_events_load(&ev, "date,factor\n2026-02-30,2\n", "events.csv", NULL, &e2),
			SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(e2.msg, "events.csv:2: column 'date': '2026-02-30' is not a date"));
	CU_ASSERT_EQUAL(sp_events_load(&ev, "date,factor\n2026-02-03,-1\n", "events.csv", NULL, &e2),
			SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(e2.msg, "events.csv:2: column 'factor': '-1' is not 'exclude' or "
					       "a number >= 0"));
	CU_ASSERT_EQUAL(sp_events_load(&ev, "date,queue\n2026-02-03,chat\n", "events.csv", NULL, &e2),
			SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(e2.msg, "column 'factor': missing from the header"));
	sp_history_release(&h);
	buf_release(&b);
	free(text);
}

static void test_language_tags_in_any_case_are_one_series(void)
{
	struct sp_history h;
	struct sp_events ev;
	struct sp_err err = SP_ERR_INIT;
	struct fcr r;
	char *text = counts("UTC", 1767571200, 28, 60, "chat,zh-hant", flat);
	char *warned = NULL;
	size_t wlen = 0;
	FILE *warn;

	/* the third week written in capitals is the same series, kept in the
	 * canonical case (zh-Hant), and an event in yet another case hits it */
	for (char *p = text; (p = strstr(p, "\n2026-01-2")) != NULL; p++)
		memcpy(strstr(p, ",zh-hant,"), ",ZH-HANT,", 9);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "2026-01-20T05:00+00:00,chat,ZH-HANT,3"));
	CU_ASSERT_EQUAL_FATAL(load(&h, text, "UTC", 60, &err), SP_OK);
	CU_ASSERT_EQUAL(h.nseries, 1);
	CU_ASSERT_DOUBLE_EQUAL(cell(&h, 0, 15, 5), 3, 1e-12);
	CU_ASSERT_STRING_EQUAL(h.series[0].lang, "zh-Hant");
	CU_ASSERT_EQUAL(sp_history_find(&h, "chat", "zh-Hant"), 0);
	CU_ASSERT_EQUAL_FATAL(sp_events_load(&ev, "date,queue,language,factor\n"
					     "2026-02-02,chat,Zh-hAnT,2\n"
					     "2026-02-03,Chat,,2\n"
					     "2026-02-03,,ko,2\n"
					     "2026-02-03,email,zh-Hant,2\n"
					     "2025-12-31,,,2\n"
					     "2026-02-09,,,2\n", "events.csv", NULL, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(ev.ev[0].lang, "zh-Hant");
	struct fcr_opts o = { FC_SEASONAL_NAIVE, 28, 1, 0, 8, 1 };
	warn = open_memstream(&warned, &wlen);
	sp_events_check(&ev, &h, 28, 7, warn);
	fclose(warn);
	/* one warning per event that changes nothing, naming its line */
	CU_ASSERT_PTR_NULL(strstr(warned, "events.csv:2:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(warned, "warning: events.csv:3: column 'queue': 'Chat' is the "
					      "queue of no series of the history, which has chat "
					      "(queue names are matched exactly)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(warned, "warning: events.csv:4: column 'language': 'ko' is the "
					      "language of no series of the history, which has zh-Hant"));
	CU_ASSERT_PTR_NOT_NULL(strstr(warned, "warning: events.csv:5: column 'queue': 'email'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(warned, "warning: events.csv:6: column 'date': 2025-12-31 is a "
					      "day of neither the history (2026-01-05 to 2026-02-01) "
					      "nor the forecast (2026-02-02 to 2026-02-08)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(warned, "warning: events.csv:7: column 'date': 2026-02-09"));
	fcr_run(&r, &h, &ev, &o);
	CU_ASSERT_DOUBLE_EQUAL(r.s[0].factor[28], 2, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(r.s[0].factor[29], 1, 1e-12);
	fcr_release(&r);
	sp_events_release(&ev);
	/* a language that is no tag at all is refused, where it stands */
	CU_ASSERT_EQUAL(sp_events_load(&ev, "date,queue,language,factor\n2026-02-02,,zh_TW,2\n",
				       "events.csv", NULL, &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "events.csv:2: column 'language': 'zh_TW' is not a "
					       "language tag"));
	sp_history_release(&h);
	free(warned);
	free(text);
}

TEST_SUITE(history)
{
	CU_pSuite s = CU_add_suite("history", NULL, NULL);

	CU_add_test(s, "counts summed into plan intervals", test_counts_summed_into_plan_intervals);
	CU_add_test(s, "counts with aht 0 where none handled",
		    test_counts_with_aht_zero_where_none_handled);
	CU_add_test(s, "records counted with handle time and patience",
		    test_records_counted_with_handle_time_and_patience);
	CU_add_test(s, "unsorted rows and gaps", test_unsorted_rows_and_gaps);
	CU_add_test(s, "bad rows refused with file, line, column",
		    test_bad_rows_refused_with_file_line_column);
	CU_add_test(s, "headers and short histories", test_headers_and_short_histories);
	CU_add_test(s, "DST days in history and horizon", test_dst_days_in_history_and_horizon);
	CU_add_test(s, "events exclude and scale", test_events_exclude_and_scale);
	CU_add_test(s, "language tags in any case are one series",
		    test_language_tags_in_any_case_are_one_series);
}
