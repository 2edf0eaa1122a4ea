/* events.c - the events file: outlier days to leave out, days to scale */
#include "staffplan/history.h"
#include "staffplan/config.h"
#include "staffplan/csv.h"
#include "staffplan/date.h"

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
	e.queue = opt_dup(sp_csv_trimmed(rd, E_QUEUE));
	e.lang = opt_dup(sp_csv_trimmed(rd, E_LANG));
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
		if ((e->queue && strcmp(e->queue, s->queue)) || (e->lang && strcmp(e->lang, s->lang)))
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
