/* test_tz.c - local time <-> UTC, DST gaps and folds, formatting */
#include "tests.h"
#include "staffplan/tz.h"

#include <string.h>

static time_t utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi };
	return timegm(&tm);
}

static void test_tz_rejects_unknown_zone(void)
{
	struct sp_tz tz;
	struct sp_err err = SP_ERR_INIT;
	CU_ASSERT_EQUAL(sp_tz_init(&tz, "Mars/Olympus", &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "Mars/Olympus"));
	CU_ASSERT_EQUAL(sp_tz_init(&tz, "../etc/passwd", &err), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(sp_tz_init(&tz, "Europe/London", &err), SP_OK);
	CU_ASSERT_EQUAL(sp_tz_init(&tz, "UTC", &err), SP_OK);
	/* files of the zone folder that are no zone a calendar knows */
	CU_ASSERT_EQUAL(sp_tz_init(&tz, "right/Europe/London", &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "time zone 'right/Europe/London' is not an IANA zone "
					       "name a calendar knows: right/ zones count leap seconds"));
	CU_ASSERT_EQUAL(sp_tz_init(&tz, "posix/Asia/Tokyo", &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "use the name without posix/"));
	CU_ASSERT_EQUAL(sp_tz_init(&tz, "Factory", &err), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(sp_tz_init(&tz, "localtime", &err), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(sp_tz_init(&tz, "posixrules", &err), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(sp_tz_init(&tz, "leapseconds", &err), SP_ERR_INPUT); /* a table, no zone */
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unknown time zone 'leapseconds'"));
	CU_ASSERT_PTR_NULL(sp_tz_refused("Europe/London"));
	CU_ASSERT_EQUAL(sp_tz_init(&tz, "US/Eastern", &err), SP_OK); /* IANA's own links */
	CU_ASSERT_EQUAL(sp_tz_init(&tz, "Etc/GMT+5", &err), SP_OK);
}

static void test_tz_london_spring_gap_and_autumn_fold(void)
{
	struct sp_tz tz;
	time_t t;
	sp_tz_init(&tz, "Europe/London", NULL);
	CU_ASSERT_EQUAL(sp_tz_to_utc(&tz, 2027, 3, 28, 1, 30, &t), SP_LOCAL_GAP);
	CU_ASSERT_EQUAL(t, utc(2027, 3, 28, 1, 30)); /* read at the offset before the gap */
	CU_ASSERT_EQUAL(sp_tz_to_utc(&tz, 2027, 3, 28, 2, 0, &t), SP_LOCAL_OK);
	CU_ASSERT_EQUAL(t, utc(2027, 3, 28, 1, 0));
	CU_ASSERT_EQUAL(sp_tz_to_utc(&tz, 2026, 10, 25, 1, 30, &t), SP_LOCAL_AMBIGUOUS);
	CU_ASSERT_EQUAL(t, utc(2026, 10, 25, 0, 30)); /* first occurrence (BST) */
	CU_ASSERT_EQUAL(sp_tz_to_utc(&tz, 2026, 7, 1, 9, 0, &t), SP_LOCAL_OK);
	CU_ASSERT_EQUAL(t, utc(2026, 7, 1, 8, 0));
}

/* Offsets that change for good rather than for the summer: Moscow went
 * from +04 to +03 on 2014-10-26 (a fold between two standard times),
 * Minsk from +02 to +03 on 2011-03-27 (a gap whose wall times take the
 * offset before it).  mktime's DST flag tells neither apart. */
static void test_tz_offset_changes_without_dst(void)
{
	struct sp_tz tz;
	time_t t;
	sp_tz_init(&tz, "Europe/Moscow", NULL);
	CU_ASSERT_EQUAL(sp_tz_to_utc(&tz, 2014, 10, 26, 1, 30, &t), SP_LOCAL_AMBIGUOUS);
	CU_ASSERT_EQUAL(t, utc(2014, 10, 25, 21, 30)); /* first occurrence (+04) */
	CU_ASSERT_EQUAL(sp_tz_to_utc(&tz, 2014, 10, 26, 2, 30, &t), SP_LOCAL_OK);
	CU_ASSERT_EQUAL(t, utc(2014, 10, 25, 23, 30));
	sp_tz_init(&tz, "Europe/Minsk", NULL);
	CU_ASSERT_EQUAL(sp_tz_to_utc(&tz, 2011, 3, 27, 2, 30, &t), SP_LOCAL_GAP);
	CU_ASSERT_EQUAL(t, utc(2011, 3, 27, 0, 30)); /* read at +02 */
	CU_ASSERT_EQUAL(sp_tz_to_utc(&tz, 2011, 3, 27, 3, 0, &t), SP_LOCAL_OK);
	CU_ASSERT_EQUAL(t, utc(2011, 3, 27, 0, 0));
}

static void test_tz_parse_forms(void)
{
	struct sp_tz tz;
	struct sp_err err = SP_ERR_INIT;
	time_t t;
	sp_tz_init(&tz, "Asia/Shanghai", NULL);
	CU_ASSERT_EQUAL(sp_time_parse(&tz, "2026-11-30T09:00", &t, &err), SP_OK);
	CU_ASSERT_EQUAL(t, utc(2026, 11, 30, 1, 0));
	CU_ASSERT_EQUAL(sp_time_parse(&tz, "2026-11-30T09:00Z", &t, &err), SP_OK);
	CU_ASSERT_EQUAL(t, utc(2026, 11, 30, 9, 0));
	CU_ASSERT_EQUAL(sp_time_parse(&tz, "2026-11-30T09:00-05:00", &t, &err), SP_OK);
	CU_ASSERT_EQUAL(t, utc(2026, 11, 30, 14, 0));
	CU_ASSERT_EQUAL(sp_time_parse(&tz, "2026-02-30T09:00", &t, &err), SP_ERR_INPUT);
	CU_ASSERT_EQUAL(sp_time_parse(&tz, "30/11/2026 09:00", &t, &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "expected YYYY-MM-DDTHH:MM"));
	sp_tz_init(&tz, "America/New_York", NULL);
	CU_ASSERT_EQUAL(sp_time_parse(&tz, "2026-11-01T01:30", &t, &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "ambiguous"));
	CU_ASSERT_EQUAL(sp_time_parse(&tz, "2026-03-08T02:30", &t, &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "does not exist"));
}

static void test_tz_format_with_offset_across_dst(void)
{
	struct sp_tz tz;
	char b[32];
	sp_tz_init(&tz, "America/New_York", NULL);
	sp_time_format(&tz, utc(2026, 11, 1, 5, 30), b); /* 01:30 EDT */
	CU_ASSERT_STRING_EQUAL(b, "2026-11-01T01:30-04:00");
	sp_time_format(&tz, utc(2026, 11, 1, 6, 30), b); /* 01:30 EST */
	CU_ASSERT_STRING_EQUAL(b, "2026-11-01T01:30-05:00");
	sp_tz_init(&tz, "Asia/Kolkata", NULL);
	sp_time_format(&tz, utc(2026, 11, 30, 3, 30), b);
	CU_ASSERT_STRING_EQUAL(b, "2026-11-30T09:00+05:30");
}

/* Local days across a DST change are 23 and 25 hours long. */
static void test_tz_days_across_dst(void)
{
	struct sp_tz tz;
	sp_tz_init(&tz, "Europe/London", NULL);
	time_t d0 = sp_tz_day_start(&tz, utc(2027, 3, 28, 12, 0));
	CU_ASSERT_EQUAL(d0, utc(2027, 3, 28, 0, 0));
	CU_ASSERT_EQUAL(sp_tz_add_days(&tz, d0, 1) - d0, 23 * 3600);
	time_t f0 = sp_tz_day_start(&tz, utc(2026, 10, 25, 12, 0));
	CU_ASSERT_EQUAL(sp_tz_add_days(&tz, f0, 1) - f0, 25 * 3600);
	struct sp_local l;
	sp_tz_local(&tz, utc(2026, 11, 30, 12, 0), &l);
	CU_ASSERT_EQUAL(l.wday, 0); /* Monday */
}

TEST_SUITE(tz)
{
	CU_pSuite s = CU_add_suite("tz", NULL, NULL);
	CU_add_test(s, "unknown zones are rejected", test_tz_rejects_unknown_zone);
	CU_add_test(s, "London spring gap and autumn fold", test_tz_london_spring_gap_and_autumn_fold);
	CU_add_test(s, "offsets that change without DST", test_tz_offset_changes_without_dst);
	CU_add_test(s, "local, Z and offset forms; bad dates", test_tz_parse_forms);
	CU_add_test(s, "output carries the offset of the instant", test_tz_format_with_offset_across_dst);
	CU_add_test(s, "23- and 25-hour days", test_tz_days_across_dst);
}
