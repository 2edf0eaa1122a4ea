/* ics_int.h - what the iCalendar files (ics.c, ics_cal.c, ics_text.c,
 * ics_zone.c) share: text helpers, the VTIMEZONE cache, libical types
 *
 * Only src/out/ics*.c include this header (and so <libical/ical.h>).
 */
#ifndef STAFFPLAN_ICS_INT_H
#define STAFFPLAN_ICS_INT_H

#include "staffplan/ics.h"
#include "staffplan/tz.h"

#include <libical/ical.h>

#define ICS_TEAM "team" /* the team calendar's file name: never an agent's */

/* ---- ics_text.c ---- */

/* s cleaned as ics_text_escape() does but not escaped (a new string), for
 * libical's TEXT properties, which escape themselves. */
char *ics_text_clean(const char *s);
/* Appends "NAME:escaped(value)" folded: the X- properties libical 3.0.16
 * leaves unescaped. */
void ics_put_xtext(struct buf *b, const char *name, const char *value);
/* Appends a ';'-separated list as "chat, email". */
void ics_list_add(struct buf *b, const char *list);
/* The break event's UID: "-break" before the '@' of uid (a new string). */
char *ics_break_uid(const char *uid);
/* "YYYY-MM-DDTHH:MM:SSZ" of t. */
void ics_iso_utc(time_t t, char out[32]);

/* ---- ics_zone.c ---- */

/* A time zone as the calendars use it: the VTIMEZONE and a libical zone
 * built from it, to check that a wall time reads back as the same instant. */
struct ics_zone {
	struct sp_tz tz;
	icalcomponent *vtz;    /* NULL: write UTC times (UTC itself, or no zone data) */
	icaltimezone *z;       /* owns a clone of vtz */
};

/* The zones loaded so far; each is loaded once.  first: the earliest
 * instant a calendar shows (VTIMEZONE histories start in its year). */
struct ics_zones {
	struct ics_zone **v;
	int n, cap;
	time_t first;
};

/* The zone named name (never NULL; a zone that cannot be loaded writes UTC
 * times).  The pointer stays valid until ics_zones_release(). */
const struct ics_zone *ics_zone_get(struct ics_zones *zs, const char *name);
void ics_zones_release(struct ics_zones *zs);
/* Wall time of t in zn when it denotes t both for a reader going by the
 * IANA rules and for one going by the VTIMEZONE; 0 otherwise. */
int ics_wall_time(const struct ics_zone *zn, time_t t, struct icaltimetype *out);
/* "HH:MM" of t in zn (UTC when zn has no rules). */
void ics_hhmm(const struct ics_zone *zn, time_t t, char out[8]);
struct icaltimetype ics_utc_time(time_t t);

#endif
