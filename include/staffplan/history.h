/* history.h - contact history on the plan's interval grid, in the site zone
 *
 * A history file is told apart by its header (SPEC 8):
 *  - interval counts "start,queue,language,volume[,aht]", at any interval
 *    length that divides the plan's interval_minutes (summed into it);
 *  - contact records "arrived,queue,language[,handle_seconds]
 *    [,waited_seconds][,abandoned]", one row per contact, counted per
 *    interval.
 * queue and language may be absent (one series; the defaults given name
 * it).  Rows may come in any order.  Interval counts refuse a second row
 * for the same (start, queue, language), naming both lines; contact
 * records have many rows per interval by nature.
 *
 * The history is laid out per series as local days x time-of-day slots
 * (forecast.h).  A day without any row at all (a gap in the export, a
 * weekend the desk does not report) has no data; on a day with rows, an
 * interval without a row had no contacts.  Intervals before the first
 * row's and after the last row's interval are unknown, not zero.
 */
#ifndef STAFFPLAN_HISTORY_H
#define STAFFPLAN_HISTORY_H

#include "staffplan/error.h"
#include "staffplan/forecast.h"
#include "staffplan/tz.h"

#include <stdio.h>
#include <time.h>

enum { SP_HIST_COUNTS = 1, SP_HIST_RECORDS = 2 };

/* The longest history read: ten years from the first row's day to the
 * last's (a date in another century is a typo, and the calendar would
 * hold every day between). */
#define SP_HIST_MAX_DAYS 3653

struct sp_hseries {
	char *queue, *lang;     /* owned */
	double *vol;            /* nhist * nslots contacts per slot; NAN: no data */
	double *hsum, *hcnt;    /* handle seconds and contacts they cover, per
				   slot (NULL when the file has no handle times) */
	long long contacts;     /* records: rows; counts: sum of volume, rounded */
	double handled, handle_sum;   /* contacts with a handle time, its sum */
	double waited_sum;            /* records: seconds waited by all contacts */
	long long abandoned;          /* records: contacts that abandoned */
};

struct sp_history {
	int shape;              /* SP_HIST_COUNTS or SP_HIST_RECORDS */
	int has_queue, has_lang, has_aht, has_wait, has_abandon;
	int interval_min;       /* the plan's */
	int source_min;         /* counts: the file's own interval length */
	struct sp_tz tz;
	long long rows;
	/* calendar: nhist days of history, then horizon days (sp_history_extend) */
	int nhist, ndays, nslots;
	time_t *day_start;      /* ndays + 1 local midnights */
	struct fc_day *day;     /* ndays */
	unsigned char *mult;    /* ndays * nslots, forecast.h's multiplicity */
	int *iv_first;          /* ndays + 1: day d's real intervals are
				   iv_first[d] .. iv_first[d + 1] - 1 */
	short *iv_slot;         /* the slot of each real interval */
	int iv_cap;             /* iv_slot's allocated length */
	time_t first, end;      /* instants the history covers: [first, end) */
	struct sp_hseries *series;
	int nseries;
};

/* Reads text (len bytes; file is the name quoted in messages) onto the
 * grid of interval_min minutes in tz.  def_queue and def_lang name the
 * series of a file without those columns (def_lang as sp_lang_tag()
 * writes it); the file's language tags are read through sp_lang_tag().  Queues must be in queues[]
 * (nqueues names, e.g. plan.ini's, which always has chat and email).
 * Warnings (unknown columns) go to warn.  On error h is left empty and
 * err says "FILE:LINE: column 'x': ..." (SP_ERR_INPUT).  Fewer than 7
 * days of history, or more than SP_HIST_MAX_DAYS, is an error that says
 * what is needed.  Release h with
 * sp_history_release(). */
sp_status sp_history_load(struct sp_history *h, const char *text, const char *file,
			  const struct sp_tz *tz, int interval_min, const char *const *queues,
			  int nqueues, const char *def_queue, const char *def_lang, FILE *warn,
			  struct sp_err *err);
void sp_history_release(struct sp_history *h);

/* Extends the calendar to ndays days (history and horizon). */
void sp_history_extend(struct sp_history *h, int ndays);

/* The calendar as forecast.h sees it (borrows h). */
struct fc_cal sp_history_cal(const struct sp_history *h);

/* Index of series (queue, lang), or -1. */
int sp_history_find(const struct sp_history *h, const char *queue, const char *lang);

/* ---- events (src/forecast/events.c) ------------------------------------
 * "date,queue,language,factor": an empty queue or language matches every
 * series (a language in any case: it is read through sp_lang_tag()); factor
 * "exclude" drops the day from fitting and scoring (an outlier: treated as
 * missing, not as zero), a number >= 0 multiplies the forecast of that day
 * (a launch, a holiday) and, on a day of history, divides what the methods
 * learn from it (so a known holiday does not drag the weeks after it
 * down).  Several events on one day multiply. */
struct sp_event {
	long day;               /* date.h day number of the local date */
	char *queue, *lang;     /* owned; NULL: any */
	double factor;          /* NAN: exclude */
	int line;
};

struct sp_events {
	struct sp_event *ev;
	int n, cap;
	char *file;             /* owned; the name quoted in warnings */
};

/* Reads an events file; on error ev is left empty and err names
 * FILE:LINE: column.  Release with sp_events_release(). */
sp_status sp_events_load(struct sp_events *ev, const char *text, const char *file, FILE *warn,
			 struct sp_err *err);
void sp_events_release(struct sp_events *ev);

/* Warns on warn ("warning: FILE:LINE: column 'x': ...") about every event
 * that changes nothing: its queue is no series' queue (matched exactly:
 * queues are plan.ini's identifiers), its language no series' language,
 * no series has both, or its date is neither a day of the history nor
 * one of the horizon's days t0 .. t0 + ndays - 1 (calendar indices). */
void sp_events_check(const struct sp_events *ev, const struct sp_history *h, int t0, int ndays,
		     FILE *warn);

/* Applies ev to series i of h: fit, actual (history days, nhist * nslots,
 * copies of the series' volumes) and factor (h->ndays, ones) are edited
 * in place.  A day outside the calendar is ignored. */
void sp_events_apply(const struct sp_events *ev, const struct sp_history *h, int i, double *fit,
		     double *actual, double *factor);

#endif
