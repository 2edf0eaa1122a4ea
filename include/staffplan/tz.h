/* tz.h - site time zone arithmetic: local wall time <-> UTC instants
 *
 * All instants are time_t (UTC seconds).  Conversions go through the system
 * zone database (/usr/share/zoneinfo) by switching TZ for the duration of a
 * call and restoring it, so a process can use several zones in turn; no
 * state is kept between calls besides the struct.
 */
#ifndef STAFFPLAN_TZ_H
#define STAFFPLAN_TZ_H

#include "staffplan/error.h"

#include <stddef.h>
#include <time.h>

struct sp_tz {
	char name[128];
};

/* Wall-clock fields of a local time (month 1..12, wday 0=Monday). */
struct sp_local {
	int year, month, day, hour, min, sec;
	int wday;
	int utcoff; /* seconds east of UTC at that instant */
};

enum { SP_LOCAL_OK = 0, SP_LOCAL_GAP = 1, SP_LOCAL_AMBIGUOUS = 2 };

/* Validates name (an IANA zone or "UTC") and fills tz.  A file of the zone
 * folder that is no zone a calendar client knows is refused, saying why
 * (sp_tz_refused). */
sp_status sp_tz_init(struct sp_tz *tz, const char *name, struct sp_err *err);

/* Why name, though the zone folder has a file of that name, is no zone to
 * plan in (right/ and posix/ copies, Factory, localtime, posixrules), or
 * NULL.  Calendars get the zone's name (TZID): one they do not know, or a
 * right/ zone whose clock counts leap seconds, puts events off. */
const char *sp_tz_refused(const char *name);

/* Converts a local wall time to UTC.  Returns SP_LOCAL_OK, SP_LOCAL_GAP (the
 * time does not exist; *out is then the instant with the pre-gap offset) or
 * SP_LOCAL_AMBIGUOUS (it exists twice; *out is the first occurrence). */
int sp_tz_to_utc(const struct sp_tz *tz, int year, int month, int day,
		 int hour, int min, time_t *out);

/* Breaks t down into local wall-clock fields of tz. */
void sp_tz_local(const struct sp_tz *tz, time_t t, struct sp_local *out);

/* Local midnight at the start of the local day that contains t. */
time_t sp_tz_day_start(const struct sp_tz *tz, time_t t);

/* Local midnight `days` calendar days after the local day of t. */
time_t sp_tz_add_days(const struct sp_tz *tz, time_t day_start, int days);

/* Parses "YYYY-MM-DDTHH:MM[:SS]" followed by nothing (site local time),
 * "Z" or "+HH:MM"/"-HH:MM".  On failure returns SP_ERR_INPUT with a message
 * naming what was expected (the caller adds file, line and column). */
sp_status sp_time_parse(const struct sp_tz *tz, const char *s, time_t *out,
			struct sp_err *err);

/* Formats t as "YYYY-MM-DDTHH:MM+hh:mm" in tz (SPEC output form). */
void sp_time_format(const struct sp_tz *tz, time_t t, char out[32]);
/* Formats the local date "YYYY-MM-DD" of t in tz. */
void sp_date_format(const struct sp_tz *tz, time_t t, char out[16]);

#endif
