/* date.c - civil day numbers (H. Hinnant's algorithms) and ISO 8601 texts */
#include "staffplan/date.h"

#include <stdio.h>

long sp_days_from_civil(int y, int m, int d)
{
	long yy = (long)y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void sp_civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int sp_weekday(long days)
{
	return (int)(((days + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
}

int sp_days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

/* "YYYY-MM-DD" at s: the fields, 1 when the shape is right. */
static int date_fields(const char *s, int *y, int *m, int *d)
{
	return digits(s, 4, y) && s[4] == '-' && digits(s + 5, 2, m) && s[7] == '-' &&
	       digits(s + 8, 2, d);
}

static int date_valid(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= sp_days_in_month(y, m);
}

int sp_date_parse(const char *s, long *days)
{
	int y, m, d;

	if (!date_fields(s, &y, &m, &d) || s[10] || !date_valid(y, m, d))
		return -1;
	*days = sp_days_from_civil(y, m, d);
	return 0;
}

void sp_date_print(long days, char out[16])
{
	int y, m, d;

	sp_civil_from_days(days, &y, &m, &d);
	snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
}

int sp_iso_parse(const char *s, struct sp_iso *t)
{
	const char *p;
	int oh, om;

	t->sec = 0;
	t->has_offset = 0;
	t->offset_min = 0;
	if (!date_fields(s, &t->year, &t->month, &t->day) || (s[10] != 'T' && s[10] != ' ') ||
	    !digits(s + 11, 2, &t->hour) || s[13] != ':' || !digits(s + 14, 2, &t->min))
		return SP_ISO_FORM;
	p = s + 16;
	if (*p == ':') {
		if (!digits(p + 1, 2, &t->sec))
			return SP_ISO_FORM;
		p += 3;
	}
	if (*p == 'Z') {
		t->has_offset = 1;
		p++;
	} else if (*p == '+' || *p == '-') {
		if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) || oh > 18 ||
		    om > 59)
			return SP_ISO_FORM;
		t->has_offset = 1;
		t->offset_min = (*p == '-' ? -1 : 1) * (oh * 60 + om);
		p += 6;
	}
	if (*p)
		return SP_ISO_FORM;
	if (!date_valid(t->year, t->month, t->day) || t->hour > 23 || t->min > 59 || t->sec > 59)
		return SP_ISO_RANGE;
	t->days = sp_days_from_civil(t->year, t->month, t->day);
	return SP_ISO_OK;
}

time_t sp_iso_instant(const struct sp_iso *t)
{
	return (time_t)t->days * 86400 + t->hour * 3600 + t->min * 60 + t->sec -
	       (time_t)t->offset_min * 60;
}
