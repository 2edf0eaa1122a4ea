/* tz.c - local wall time <-> UTC through the system zone database
 *
 * glibc only converts in the zone named by TZ, so a call switches TZ to its
 * zone (see tz_enter).  Not thread-safe: only the main thread converts
 * times (the solve's threads never do).
 */
#include "staffplan/tz.h"
#include "staffplan/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* glibc re-reads the zone file whenever TZ changes, which costs ~100 us, so
 * TZ is left naming the zone of the last call and only switched when a call
 * asks for another zone.  Nothing else in staffplan reads TZ (libical has
 * its own zone handling). */
static void tz_enter(const struct sp_tz *tz)
{
	const char *cur = getenv("TZ");
	char spec[160];

	/* a leading ':' makes glibc read the zone file, never a POSIX rule */
	snprintf(spec, sizeof(spec), ":%s", tz->name);
	if (cur && !strcmp(cur, spec))
		return;
	setenv("TZ", spec, 1);
	tzset();
}

const char *sp_tz_refused(const char *name)
{
	if (!strncmp(name, "right/", 6))
		return "right/ zones count leap seconds, so every event would come out 27 s "
		       "early; use the name without right/";
	if (!strncmp(name, "posix/", 6))
		return "posix/ zones are copies kept for POSIX systems; use the name without posix/";
	if (!strcmp(name, "Factory"))
		return "Factory is a placeholder for machines whose zone is not set";
	if (!strcmp(name, "localtime") || !strcmp(name, "posixrules"))
		return "it is this machine's default zone file, not the name of a zone";
	return NULL;
}

/* Is path a compiled zone file (it starts with "TZif")?  The zone folder
 * also holds tables and lists (leapseconds, tzdata.zi), which glibc would
 * silently read as UTC. */
static int is_tzif(const char *path)
{
	char magic[4];
	FILE *f = fopen(path, "rb");
	int ok = f && fread(magic, 1, 4, f) == 4 && !memcmp(magic, "TZif", 4);

	if (f)
		fclose(f);
	return ok;
}

sp_status sp_tz_init(struct sp_tz *tz, const char *name, struct sp_err *err)
{
	char path[512];
	struct stat st;
	const char *why;

	if (!name || !*name || strlen(name) >= sizeof(tz->name) || strstr(name, "..") ||
	    name[0] == '/')
		return sp_err_set(err, SP_ERR_INPUT, "unknown time zone '%s', expected an IANA name like 'Europe/London'",
				  name ? name : "");
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_-+", *p))
			return sp_err_set(err, SP_ERR_INPUT, "unknown time zone '%s', expected an IANA name like 'Europe/London'", name);
	if ((why = sp_tz_refused(name)) != NULL)
		return sp_err_set(err, SP_ERR_INPUT, "time zone '%s' is not an IANA zone name a calendar "
				  "knows: %s", name, why);
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name);
	if (strcmp(name, "UTC") && (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !is_tzif(path)))
		return sp_err_set(err, SP_ERR_INPUT, "unknown time zone '%s', expected an IANA name like 'Europe/London'", name);
	snprintf(tz->name, sizeof(tz->name), "%s", name);
	return SP_OK;
}

/* Seconds east of UTC at t in the zone TZ names. */
static long offset_at(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return tm.tm_gmtoff;
}

/* Without mktime, whose DST flag cannot tell two standard offsets apart
 * (Minsk's +02 -> +03 in 2011), and which re-parses the zone's rule
 * string several times a call (Debian's zone files leave out the
 * transitions that the rule gives): 80 times slower over two years of
 * quarter hours in 30 zones, and half of writing bench L's calendars.  A
 * wall time w stands for w - o, o the offset in force then; every offset
 * lies within a day of w read as UTC, so the offsets a day before and a
 * day after (at most one change lies between, in any zone's rules) give
 * the candidates, and a candidate holds when its own offset is the one it
 * was made with. */
int sp_tz_to_utc(const struct sp_tz *tz, int year, int month, int day, int hour, int min,
		 time_t *out)
{
	struct tm w = { .tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_hour = hour, .tm_min = min };
	time_t x = timegm(&w);

	tz_enter(tz);
	long before = offset_at(x - 86400), after = offset_at(x + 86400);
	time_t t0 = x - before, t1 = x - after;
	int ok0 = offset_at(t0) == before, ok1 = after == before ? ok0 : offset_at(t1) == after;
	if (ok0 && ok1 && t0 != t1) {
		*out = t0 < t1 ? t0 : t1;
		return SP_LOCAL_AMBIGUOUS;
	}
	if (ok0 || ok1) {
		*out = ok0 ? t0 : t1;
		return SP_LOCAL_OK;
	}
	/* gap: interpret with the offset in force before it */
	*out = t0;
	return SP_LOCAL_GAP;
}

void sp_tz_local(const struct sp_tz *tz, time_t t, struct sp_local *out)
{
	struct tm tm;

	tz_enter(tz);
	localtime_r(&t, &tm);
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
	out->hour = tm.tm_hour;
	out->min = tm.tm_min;
	out->sec = tm.tm_sec;
	out->wday = (tm.tm_wday + 6) % 7;
	out->utcoff = (int)tm.tm_gmtoff;
}

time_t sp_tz_add_days(const struct sp_tz *tz, time_t day_start, int days)
{
	struct sp_local l;
	time_t out;

	sp_tz_local(tz, day_start, &l);
	int y, m, d;
	sp_civil_from_days(sp_days_from_civil(l.year, l.month, l.day) + days, &y, &m, &d);
	/* midnight may not exist (a few zones change at 00:00): the gap rule
	 * then gives the first instant of the day */
	sp_tz_to_utc(tz, y, m, d, 0, 0, &out);
	return out;
}

time_t sp_tz_day_start(const struct sp_tz *tz, time_t t)
{
	return sp_tz_add_days(tz, t, 0);
}

sp_status sp_time_parse(const struct sp_tz *tz, const char *s, time_t *out, struct sp_err *err)
{
	struct sp_iso t;
	static const char expect[] = "expected YYYY-MM-DDTHH:MM, optionally followed by Z or +HH:MM";

	switch (sp_iso_parse(s, &t)) {
	case SP_ISO_FORM:
		return sp_err_set(err, SP_ERR_INPUT, "bad time '%s', %s", s, expect);
	case SP_ISO_RANGE:
		return sp_err_set(err, SP_ERR_INPUT, "bad time '%s': no such date or time", s);
	}
	if (t.has_offset) {
		*out = sp_iso_instant(&t);
		return SP_OK;
	}
	switch (sp_tz_to_utc(tz, t.year, t.month, t.day, t.hour, t.min, out)) {
	case SP_LOCAL_GAP:
		return sp_err_set(err, SP_ERR_INPUT,
				  "local time '%s' does not exist in %s (daylight-saving change), expected a time with an explicit offset like +01:00",
				  s, tz->name);
	case SP_LOCAL_AMBIGUOUS:
		return sp_err_set(err, SP_ERR_INPUT,
				  "local time '%s' is ambiguous in %s (it occurs twice at the daylight-saving change), expected a time with an explicit offset like +01:00",
				  s, tz->name);
	default:
		*out += t.sec;
		return SP_OK;
	}
}

void sp_time_format(const struct sp_tz *tz, time_t t, char out[32])
{
	struct sp_local l;
	int off;

	sp_tz_local(tz, t, &l);
	off = l.utcoff;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d%c%02d:%02d", l.year % 10000, l.month % 100,
		 l.day % 100, l.hour % 100, l.min % 100, sign, (off / 3600) % 100, (off / 60) % 60);
}

void sp_date_format(const struct sp_tz *tz, time_t t, char out[16])
{
	struct sp_local l;

	sp_tz_local(tz, t, &l);
	snprintf(out, 16, "%04d-%02d-%02d", l.year % 10000, l.month % 100, l.day % 100);
}
