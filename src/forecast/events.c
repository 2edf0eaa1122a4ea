/* events.c - the events file: outlier days to leave out, days to scale
 *
 * An event's language is read as every tag is (text.h), so it matches a
 * series in any case; its queue, an identifier of plan.ini, must match
 * exactly.  An event that matches no series, or falls on no day of the
 * history or the forecast, changes nothing: sp_events_check says so. */
#include "staffplan/history.h"
#include "staffplan/config.h"
#include "staffplan/csv.h"
#include "staffplan/date.h"
#include "staffplan/buf.h"
#include "staffplan/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { E_DATE, E_QUEUE, E_LANG, E_FACTOR, E_NCOLS };

static const struct sp_csv_col cols[E_NCOLS] = {
	[E_DATE] = { "date", 1 },
	[E_QUEUE] = { "queue", 0 },
	[E_LANG] = { "language", 0 },
	[E_FACTOR] = { "factor", 1 },
};

static char *opt_dup(const char *s)
{
	return s && *s ? sp_xstrdup(s) : NULL;
}

static sp_status on_row(struct sp_csv *rd, void *ud)
{
	struct sp_events *ev = ud;
	struct sp_event e = { 0, NULL, NULL, 0, sp_csv_line(rd) };
	const char *s = sp_csv_trimmed(rd, E_DATE);
	char tag[SP_LANG_MAX] = "";

	if (sp_date_parse(s, &e.day) != 0)
		return sp_csv_fail(rd, E_DATE, "'%.60s' is not a date, expected YYYY-MM-DD (a local "
				   "date of the site)", s);
	s = sp_csv_trimmed(rd, E_FACTOR);
	if (!strcmp(s, "exclude")) {
		e.factor = NAN;
	} else if (sp_parse_number(s, &e.factor) != SP_OK || !isfinite(e.factor) || e.factor < 0) {
		return sp_csv_fail(rd, E_FACTOR, "'%.60s' is not 'exclude' or a number >= 0, expected "
				   "'exclude' (leave the day out of fitting) or a factor such as "
				   "1.3 or 0.2 for the day's forecast", s);
	}
	s = sp_csv_trimmed(rd, E_LANG);
	if (*s && !sp_lang_tag(s, tag))
		return sp_csv_fail(rd, E_LANG, "'%.60s' is not a language tag, expected a BCP 47 tag "
				   "such as zh, en, ko, ja or zh-Hant, or nothing for every language", s);
	e.lang = opt_dup(tag);
	e.queue = opt_dup(sp_csv_trimmed(rd, E_QUEUE));
	SP_GROW(ev->ev, ev->n + 1, ev->cap);
	ev->ev[ev->n++] = e;
	return SP_OK;
}

sp_status sp_events_load(struct sp_events *ev, const char *text, const char *file, FILE *warn,
			 struct sp_err *err)
{
	sp_status st;

	memset(ev, 0, sizeof(*ev));
	ev->file = sp_xstrdup(file);
	st = sp_csv_parse(text, file, cols, E_NCOLS, on_row, ev, warn, err);
	if (st != SP_OK)
		sp_events_release(ev);
	return st;
}

void sp_events_release(struct sp_events *ev)
{
	if (!ev)
		return;
	for (int i = 0; i < ev->n; i++) {
		free(ev->ev[i].queue);
		free(ev->ev[i].lang);
	}
	free(ev->ev);
	free(ev->file);
	memset(ev, 0, sizeof(*ev));
}

/* Does event e apply to series s? */
static int matches(const struct sp_event *e, const struct sp_hseries *s)
{
	return (!e->queue || !strcmp(e->queue, s->queue)) && (!e->lang || !strcmp(e->lang, s->lang));
}

/* Appends the distinct values of the series' queues (lang 0) or
 * languages (1) to b, comma-separated. */
static void list_series(const struct sp_history *h, int lang, struct buf *b)
{
	for (int i = 0; i < h->nseries; i++) {
		const char *v = lang ? h->series[i].lang : h->series[i].queue;
		int seen = 0;
		for (int k = 0; k < i && !seen; k++)
			seen = !strcmp(v, lang ? h->series[k].lang : h->series[k].queue);
		if (!seen)
			buf_printf(b, "%s%s", b->len ? ", " : "", v);
	}
}

void sp_events_check(const struct sp_events *ev, const struct sp_history *h, int t0, int ndays,
		     FILE *warn)
{
	const struct fc_day *d0 = &h->day[0];
	long first = sp_days_from_civil(d0->year, d0->month, d0->mday);

	for (int k = 0; ev && k < ev->n; k++) {
		const struct sp_event *e = &ev->ev[k];
		struct buf known = BUF_INIT;
		int any = 0, queue = 0, lang = 0;
		long d = e->day - first;
		for (int i = 0; i < h->nseries; i++) {
			any |= matches(e, &h->series[i]);
			queue |= !e->queue || !strcmp(e->queue, h->series[i].queue);
			lang |= !e->lang || !strcmp(e->lang, h->series[i].lang);
		}
		if (!queue) {
			list_series(h, 0, &known);
			fprintf(warn, "warning: %s:%d: column 'queue': '%s' is the queue of no series "
				"of the history, which has %s (queue names are matched exactly): the "
				"event changes nothing\n", ev->file, e->line, e->queue, known.s);
		} else if (!lang) {
			list_series(h, 1, &known);
			fprintf(warn, "warning: %s:%d: column 'language': '%s' is the language of no "
				"series of the history, which has %s: the event changes nothing\n",
				ev->file, e->line, e->lang, known.s);
		} else if (!any) {
			fprintf(warn, "warning: %s:%d: no series of the history has queue '%s' and "
				"language '%s': the event changes nothing\n", ev->file, e->line,
				e->queue, e->lang);
		} else if (d < 0 || (d >= h->nhist && d < t0) || d >= t0 + ndays) {
			char day[16], h0[16], h1[16], f0[16], f1[16];
			sp_date_print(e->day, day);
			sp_date_print(first, h0);
			sp_date_print(first + h->nhist - 1, h1);
			sp_date_print(first + t0, f0);
			sp_date_print(first + t0 + ndays - 1, f1);
			fprintf(warn, "warning: %s:%d: column 'date': %s is a day of neither the history "
				"(%s to %s) nor the forecast (%s to %s): the event changes nothing\n",
				ev->file, e->line, day, h0, h1, f0, f1);
		}
		buf_release(&known);
	}
}

void sp_events_apply(const struct sp_events *ev, const struct sp_history *h, int i, double *fit,
		     double *actual, double *factor)
{
	const struct sp_hseries *s = &h->series[i];
	const struct fc_day *d0 = &h->day[0];
	long first = sp_days_from_civil(d0->year, d0->month, d0->mday);
	int T = h->nslots;

	for (int k = 0; ev && k < ev->n; k++) {
		const struct sp_event *e = &ev->ev[k];
		long d = e->day - first;
		if (!matches(e, s))
			continue;
		if (d < 0 || d >= h->ndays)
			continue;
		if (isnan(e->factor)) {
			/* an outlier: neither learnt from nor scored */
			for (int j = 0; d < h->nhist && j < T; j++)
				fit[d * T + j] = actual[d * T + j] = NAN;
			continue;
		}
		factor[d] *= e->factor;
		for (int j = 0; d < h->nhist && j < T; j++)
			fit[d * T + j] = factor[d] > 0 ? actual[d * T + j] / factor[d] : NAN;
	}
}
