/* date.h - the one date parser: civil dates and ISO 8601 texts, no zone
 *
 * Day numbers count days since 1970-01-01 (negative before), so date
 * arithmetic is integer arithmetic.  Turning a local time into an instant
 * needs the site's zone: that is tz.h's job, built on this parser.
 */
#ifndef STAFFPLAN_DATE_H
#define STAFFPLAN_DATE_H

#include <time.h>

/* The fields of "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM|-HH:MM]". */
struct sp_iso {
	int year, month, day, hour, min, sec;
	long days;          /* day number of the date */
	int has_offset;     /* "Z" or an offset was written */
	int offset_min;     /* minutes east of UTC, when has_offset */
};

enum { SP_ISO_OK = 0, SP_ISO_FORM = -1, SP_ISO_RANGE = -2 };

/* Parses s: the date, 'T' or one space, HH:MM, optional :SS, then nothing,
 * "Z" or "+HH:MM"/"-HH:MM" (at most 18:59).  Returns SP_ISO_OK, SP_ISO_FORM
 * (not that shape) or SP_ISO_RANGE (no such date or time: 2026-02-30,
 * 24:00). */
int sp_iso_parse(const char *s, struct sp_iso *out);

/* The instant of a parsed time that has an offset. */
time_t sp_iso_instant(const struct sp_iso *t);

/* Parses exactly "YYYY-MM-DD", a real date.  0, or -1 when it is not. */
int sp_date_parse(const char *s, long *days);

/* Formats a day number as "YYYY-MM-DD". */
void sp_date_print(long days, char out[16]);

long sp_days_from_civil(int y, int m, int d);
void sp_civil_from_days(long days, int *y, int *m, int *d);
/* 0 = Monday ... 6 = Sunday. */
int sp_weekday(long days);
int sp_days_in_month(int y, int m);

#endif
