/* ics_zone.c - VTIMEZONEs for the calendars, and wall times that denote the
 * exact instant
 *
 * libical builds the VTIMEZONEs from the system zone database; they are
 * truncated to the calendars' years, their TZID renamed to the bare IANA
 * name, and two of libical's habits are repaired (the 2037 split, the
 * observance lost at the cut-off).  Every wall time written is checked to
 * read back as the same instant both ways (ics_wall_time()).
 */
#include "ics_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

struct icaltimetype ics_utc_time(time_t t)
{
	return icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
}

static int utc_zone_name(const char *name)
{
	static const char *const utc[] = { "UTC", "Etc/UTC", "Etc/UCT", "UCT", "Universal",
		"Etc/Universal", "Zulu", "Etc/Zulu", NULL };

	for (int i = 0; utc[i]; i++)
		if (!strcmp(name, utc[i]))
			return 1;
	return 0;
}

/* libical writes a zone in two halves split at 2037, the end of the 32-bit
 * TZif data: yearly rules ending with UNTIL=2036/2037, then continuations
 * from 2037/2038 on.  Some continuations are wrong (America/St_Johns gets
 * -0330 -> -0130, America/Santiago a DAYLIGHT of -0300 -> -0300 at
 * 20380119T001407), and the UNTIL rules trip parsers built on dateutil
 * (python-icalendar's to_tz).  tzdata has nothing past 2037 but its POSIX
 * footer, the rule in force then, so the continuations are dropped and the
 * bounded rules run on: one open-ended RRULE per observance, the small
 * VTIMEZONE Outlook maps best.  Every instant written is checked against
 * the result (ics_wall_time()).  Nothing to do for a VTIMEZONE that starts
 * after the split (start_year). */
static void drop_2037_split(icalcomponent *vtz, int start_year)
{
	icalcomponent *sub[64];
	int n = 0;

	if (start_year >= 2036)
		return;
	for (icalcomponent *c = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT);
	     c && n < 64; c = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT))
		sub[n++] = c;
	for (int i = 0; i < n; i++) {
		icalproperty *rrule = icalcomponent_get_first_property(sub[i], ICAL_RRULE_PROPERTY);
		struct icalrecurrencetype r;

		if (icalcomponent_get_dtstart(sub[i]).year >= 2037) {
			icalcomponent_remove_component(vtz, sub[i]);
			icalcomponent_free(sub[i]);
			continue;
		}
		if (!rrule)
			continue;
		r = icalproperty_get_rrule(rrule);
		if (!icaltime_is_null_time(r.until) && r.until.year >= 2036) {
			r.until = icaltime_null_time();
			icalproperty_set_rrule(rrule, r);
		}
	}
}

/* libical's ms-compatible truncation keeps the observances that have an
 * onset after the cut-off, so it loses the one in force at the cut-off when
 * that one's rule ended before it: America/Vancouver cut at 2026 loses PST
 * (its rule ended 2025-11-02) and reads January 2026 as PDT.  Adds the
 * observance in force at the cut-off (offset from the zone database) when
 * the VTIMEZONE disagrees there. */
static void keep_start_observance(icalcomponent *vtz, const struct sp_tz *tz, time_t cut)
{
	icaltimezone *z = icaltimezone_new();
	icalcomponent *copy = icalcomponent_new_clone(vtz);
	struct icaltimetype at = ics_utc_time(cut);
	struct sp_local l;
	int have;

	if (!z || !icaltimezone_set_component(z, copy)) {
		icalcomponent_free(copy);
		if (z)
			icaltimezone_free(z, 1);
		return;
	}
	have = icaltimezone_get_utc_offset_of_utc_time(z, &at, NULL);
	icaltimezone_free(z, 1);
	sp_tz_local(tz, cut, &l);
	if (have == l.utcoff)
		return;
	icalcomponent *obs = icalcomponent_new_xstandard();
	struct icaltimetype start = icaltime_from_timet_with_zone(cut + l.utcoff, 0,
								  icaltimezone_get_utc_timezone());

	start.zone = NULL; /* a local wall time, as VTIMEZONE onsets are */
	icalcomponent_add_property(obs, icalproperty_new_tzoffsetfrom(l.utcoff));
	icalcomponent_add_property(obs, icalproperty_new_tzoffsetto(l.utcoff));
	icalcomponent_add_property(obs, icalproperty_new_dtstart(start));
	icalcomponent_add_component(vtz, obs);
}

int ics_zones_year(time_t first)
{
	struct tm tm;

	/* two days early: a site-local day may begin before its UTC date */
	first -= 2 * 86400;
	gmtime_r(&first, &tm);
	return tm.tm_year + 1900;
}

/* A new zone named name: its VTIMEZONE from 1 January of first's year
 * (ics_zones_year()). */
static struct ics_zone *zone_load(const char *name, time_t first)
{
	struct ics_zone *zn = sp_xcalloc(1, sizeof(*zn));
	struct tm tm;
	time_t cut;

	if (sp_tz_init(&zn->tz, name, NULL) != SP_OK) {
		snprintf(zn->tz.name, sizeof(zn->tz.name), "%s", name); /* UTC times */
		return zn;
	}
	if (utc_zone_name(name))
		return zn;
	zn->vtz = icaltzutil_fetch_timezone(name);
	if (!zn->vtz)
		return zn;
	/* history from 1 January of the first year written: the current
	 * rules, without the LMT-era definitions that break parsers */
	tm = (struct tm){ .tm_year = ics_zones_year(first) - 1900, .tm_mon = 0, .tm_mday = 1 };
	cut = timegm(&tm);
	icaltimezone_truncate_vtimezone(zn->vtz, ics_utc_time(cut), icaltime_null_time(), 1);
	icalproperty *tzid = icalcomponent_get_first_property(zn->vtz, ICAL_TZID_PROPERTY);
	zn->z = icaltimezone_new();
	if (!tzid || !zn->z) {
		icalcomponent_free(zn->vtz);
		zn->vtz = NULL;
		return zn;
	}
	icalproperty_set_tzid(tzid, name);
	drop_2037_split(zn->vtz, tm.tm_year + 1900);
	keep_start_observance(zn->vtz, &zn->tz, cut);
	icalcomponent *copy = icalcomponent_new_clone(zn->vtz);
	if (!icaltimezone_set_component(zn->z, copy)) {
		icalcomponent_free(copy);
		icalcomponent_free(zn->vtz);
		zn->vtz = NULL;
	}
	return zn;
}

const struct ics_zone *ics_zone_get(struct ics_zones *zs, const char *name)
{
	for (int i = 0; i < zs->n; i++)
		if (!strcmp(zs->v[i]->tz.name, name))
			return zs->v[i];
	SP_GROW(zs->v, zs->n + 1, zs->cap);
	zs->v[zs->n] = zone_load(name, zs->first);
	return zs->v[zs->n++];
}

void ics_zones_release(struct ics_zones *zs)
{
	for (int i = 0; i < zs->n; i++) {
		if (zs->v[i]->z)
			icaltimezone_free(zs->v[i]->z, 1);
		if (zs->v[i]->vtz)
			icalcomponent_free(zs->v[i]->vtz);
		free(zs->v[i]);
	}
	free(zs->v);
	memset(zs, 0, sizeof(*zs));
}

/* Wall time of t in zn when it denotes t both for a reader going by the
 * IANA rules (first occurrence of a repeated hour, RFC 5545 3.3.5) and for
 * one going by the VTIMEZONE (libical); 0 otherwise. */
int ics_wall_time(const struct ics_zone *zn, time_t t, struct icaltimetype *out)
{
	struct sp_local l;
	struct icaltimetype tt = icaltime_null_time();
	time_t back;

	if (!zn->vtz)
		return 0;
	sp_tz_local(&zn->tz, t, &l);
	sp_tz_to_utc(&zn->tz, l.year, l.month, l.day, l.hour, l.min, &back);
	if (back + l.sec != t)
		return 0;
	tt.year = l.year;
	tt.month = l.month;
	tt.day = l.day;
	tt.hour = l.hour;
	tt.minute = l.min;
	tt.second = l.sec;
	tt.is_date = 0;
	tt.zone = NULL;
	if (icaltime_as_timet_with_zone(tt, zn->z) != t)
		return 0;
	*out = tt;
	return 1;
}

void ics_hhmm(const struct ics_zone *zn, time_t t, char out[8])
{
	struct sp_local l;

	if (zn->vtz) {
		sp_tz_local(&zn->tz, t, &l);
	} else {
		struct tm tm;

		gmtime_r(&t, &tm);
		l.hour = tm.tm_hour;
		l.min = tm.tm_min;
	}
	snprintf(out, 8, "%02d:%02d", l.hour % 100, l.min % 100);
}

/* Zones come from the system database (icaltzutil), but libical keeps its
 * builtin list and a ring of temporary strings for the process. */
void ics_cleanup(void)
{
	icaltimezone_free_builtin_timezones();
	icalmemory_free_ring();
}
