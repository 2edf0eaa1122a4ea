/* test_date.c - day numbers and ISO 8601 parsing (src/base/date.c) */
#include "tests.h"

#include "staffplan/date.h"

#include <time.h>

static void test_day_numbers_round_trip(void)
{
	CU_ASSERT_EQUAL(sp_days_from_civil(1970, 1, 1), 0);
	CU_ASSERT_EQUAL(sp_days_from_civil(2000, 3, 1), 11017);
	CU_ASSERT_EQUAL(sp_days_from_civil(1969, 12, 31), -1);
	/* every day of four centuries, against the C library */
	for (long d = -3000; d < 150000; d += 1) {
		int y, m, dd;
		sp_civil_from_days(d, &y, &m, &dd);
		CU_ASSERT_FATAL(sp_days_from_civil(y, m, dd) == d);
		time_t t = (time_t)d * 86400;
		struct tm tm;
		gmtime_r(&t, &tm);
		CU_ASSERT_FATAL(tm.tm_year + 1900 == y && tm.tm_mon + 1 == m && tm.tm_mday == dd);
		CU_ASSERT_FATAL(sp_weekday(d) == (tm.tm_wday + 6) % 7);
	}
}

static void test_date_parse_strict(void)
{
	long d;
	char out[16];

	CU_ASSERT_EQUAL(sp_date_parse("2026-11-30", &d), 0);
	sp_date_print(d, out);
	CU_ASSERT_STRING_EQUAL(out, "2026-11-30");
	CU_ASSERT_EQUAL(sp_weekday(d), 0); /* a Monday */
	CU_ASSERT_EQUAL(sp_date_parse("2024-02-29", &d), 0);
	CU_ASSERT_EQUAL(sp_date_parse("2026-02-29", &d), -1);
	CU_ASSERT_EQUAL(sp_date_parse("2026-13-01", &d), -1);
	CU_ASSERT_EQUAL(sp_date_parse("2026-1-01", &d), -1);
	CU_ASSERT_EQUAL(sp_date_parse("2026-01-01 ", &d), -1);
	CU_ASSERT_EQUAL(sp_date_parse("", &d), -1);
}

static void test_iso_parse_forms(void)
{
	struct sp_iso t;

	CU_ASSERT_EQUAL(sp_iso_parse("2026-11-30T09:15", &t), SP_ISO_OK);
	CU_ASSERT(!t.has_offset && t.hour == 9 && t.min == 15 && t.sec == 0);
	CU_ASSERT_EQUAL(sp_iso_parse("2026-11-30 09:15:07", &t), SP_ISO_OK);
	CU_ASSERT_EQUAL(t.sec, 7);
	CU_ASSERT_EQUAL(sp_iso_parse("2026-11-30T09:15Z", &t), SP_ISO_OK);
	CU_ASSERT(t.has_offset && t.offset_min == 0);
	CU_ASSERT_EQUAL(sp_iso_instant(&t), (time_t)1796030100);
	CU_ASSERT_EQUAL(sp_iso_parse("2026-11-30T17:15+08:00", &t), SP_ISO_OK);
	CU_ASSERT_EQUAL(t.offset_min, 480);
	CU_ASSERT_EQUAL(sp_iso_instant(&t), (time_t)1796030100);
	CU_ASSERT_EQUAL(sp_iso_parse("2026-11-30T05:45-03:30", &t), SP_ISO_OK);
	CU_ASSERT_EQUAL(sp_iso_instant(&t), (time_t)1796030100);
}

static void test_iso_parse_refuses(void)
{
	struct sp_iso t;

	CU_ASSERT_EQUAL(sp_iso_parse("2026-11-30", &t), SP_ISO_FORM);
	CU_ASSERT_EQUAL(sp_iso_parse("2026-11-30T9:15", &t), SP_ISO_FORM);
	CU_ASSERT_EQUAL(sp_iso_parse("2026-11-30T09:15+8", &t), SP_ISO_FORM);
	CU_ASSERT_EQUAL(sp_iso_parse("2026-11-30T09:15+19:00", &t), SP_ISO_FORM);
	CU_ASSERT_EQUAL(sp_iso_parse("2026-11-30T09:15 ", &t), SP_ISO_FORM);
	CU_ASSERT_EQUAL(sp_iso_parse("2026-11-30T09:15Zx", &t), SP_ISO_FORM);
	CU_ASSERT_EQUAL(sp_iso_parse("2026-11-31T09:15", &t), SP_ISO_RANGE);
	CU_ASSERT_EQUAL(sp_iso_parse("2026-11-30T24:00", &t), SP_ISO_RANGE);
	CU_ASSERT_EQUAL(sp_iso_parse("2026-11-30T23:60", &t), SP_ISO_RANGE);
}

TEST_SUITE(date)
{
	CU_pSuite s = CU_add_suite("date", NULL, NULL);

	CU_add_test(s, "day numbers round trip", test_day_numbers_round_trip);
	CU_add_test(s, "date parse is strict", test_date_parse_strict);
	CU_add_test(s, "iso parse forms", test_iso_parse_forms);
	CU_add_test(s, "iso parse refuses", test_iso_parse_refuses);
}
