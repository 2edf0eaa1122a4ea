/* sched_fixture.h - small solver instances for the unit tests of the
 * solver's parts (test_inst, test_week, test_eval, test_lagrange,
 * test_search, test_assign)
 *
 * An instance is built the way a solve builds it: CSV and INI texts
 * through the public sp_input loaders and req_compute, then sched_build
 * (src/sched/inst.c).  Horizons of several weeks come from fx_days; a
 * previous roster is added to x.prev after loading (the agents must be
 * known) and taken in by fx_rebuild.  Header-only, so each test file stays a file of its
 * own; the functions are static inline so that a file needs not use all.
 */
#ifndef STAFFPLAN_SCHED_FIXTURE_H
#define STAFFPLAN_SCHED_FIXTURE_H

#include "tests.h"

#include "../../src/sched/sched_int.h"
#include "staffplan/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fx {
	struct sp_input in;
	struct sp_reqs req;
	struct sched_opts opts;
	struct sp_previous prev; /* opts.previous after fx_rebuild */
	struct sched s;     /* borrows in, req and opts: fx must not move */
};

/* An empty roster in s.assign, for the instance just built. */
static inline void fx_empty_roster(struct fx *x)
{
	size_t n = (size_t)x->in.nagents * x->s.ndays;

	x->s.assign = sp_xmalloc((n + 1) * sizeof(int));
	for (size_t i = 0; i < n; i++)
		x->s.assign[i] = -1;
}

/* Loads the texts (avail may be NULL) and builds the instance with opts
 * (NULL: time_limit 10 s, gap 0, no reports), with an empty roster in
 * s.assign.  On an error the fixture is still released by fx_release. */
static inline sp_status fx_load_opts(struct fx *x, const char *ini, const char *forecast, const char *agents,
				     const char *avail, const struct sched_opts *opts, struct sp_err *err)
{
	sp_status st;

	memset(x, 0, sizeof(*x));
	sp_previous_init(&x->prev);
	sp_input_init(&x->in);
	x->in.warn = NULL;
	x->opts.time_limit = 10;
	if (opts)
		x->opts = *opts;
	if ((st = sp_input_load_config(&x->in, ini, "plan.ini", err)) != SP_OK ||
	    (st = sp_input_load_agents(&x->in, agents, "agents.csv", err)) != SP_OK ||
	    (st = sp_input_load_forecast(&x->in, forecast, "forecast.csv", err)) != SP_OK ||
	    (avail && (st = sp_input_load_availability(&x->in, avail, "availability.csv", err)) != SP_OK) ||
	    (st = sp_input_finish(&x->in, err)) != SP_OK || (st = req_compute(&x->in, &x->req, err)) != SP_OK ||
	    (st = sched_build(&x->s, &x->in, &x->req, &x->opts, err)) != SP_OK)
		return st;
	fx_empty_roster(x);
	return SP_OK;
}

static inline sp_status fx_load(struct fx *x, const char *ini, const char *forecast, const char *agents,
				const char *avail, struct sp_err *err)
{
	return fx_load_opts(x, ini, forecast, agents, avail, NULL, err);
}

static inline void fx_release(struct fx *x)
{
	sched_release(&x->s);
	req_release(&x->req);
	sp_input_release(&x->in);
	sp_previous_release(&x->prev);
}

/* Builds the instance again with x.prev as the previous roster (an
 * empty roster in s.assign). */
static inline sp_status fx_rebuild(struct fx *x, struct sp_err *err)
{
	sp_status st;

	sched_release(&x->s);
	memset(&x->s, 0, sizeof(x->s));
	x->opts.previous = &x->prev;
	if ((st = sp_previous_check(&x->prev, &x->in, err)) != SP_OK ||
	    (st = sched_build(&x->s, &x->in, &x->req, &x->opts, err)) != SP_OK)
		return st;
	fx_empty_roster(x);
	return SP_OK;
}

/* The instant of "YYYY-MM-DDTHH:MM" in the site's zone (UTC in most
 * fixtures), or with its own offset. */
static inline time_t fx_time(const struct fx *x, const char *iso)
{
	struct sp_iso t;
	time_t out = 0;

	if (sp_iso_parse(iso, &t) != SP_ISO_OK)
		return 0;
	if (t.has_offset)
		return sp_iso_instant(&t);
	sp_tz_to_utc(&x->in.tz, t.year, t.month, t.day, t.hour, t.min, &out);
	return out;
}

/* Adds a previous shift of agent id from start to end (site times). */
static inline sp_status fx_prev(struct fx *x, const char *id, const char *start, const char *end,
				struct sp_err *err)
{
	return sp_previous_add(&x->prev, &x->in, id, fx_time(x, start), fx_time(x, end), 0, 0, 0, err);
}

/* A forecast of days days from Monday 2026-11-30, volume v at 09:00 on
 * each (a horizon of that many days: 14 is two weeks). */
static inline void fx_days(char *out, size_t n, int days, double v)
{
	long d0 = sp_days_from_civil(2026, 11, 30);
	size_t k = (size_t)snprintf(out, n, "start,language,volume\n");

	for (int d = 0; d < days && k < n; d++) {
		char day[16];
		sp_date_print(d0 + d, day);
		k += (size_t)snprintf(out + k, n - k, "%sT09:00,en,%g\n", day, v);
	}
}

/* Agent a's slot on day d. */
static inline int *fx_slot(struct fx *x, int a, int d)
{
	return &x->s.assign[(size_t)a * x->s.ndays + d];
}

/* The column of day d starting at local hour:minute with paid length len
 * minutes (the first such, any break), or -1. */
static inline int fx_col(const struct fx *x, int d, int hour, int minute, int len)
{
	const struct sched *s = &x->s;

	for (int j = s->day_first[d]; j < s->day_first[d + 1]; j++) {
		struct sp_local l;
		sp_tz_local(&s->in->tz, s->cols[j].start, &l);
		if (l.hour == hour && l.min == minute && s->cols[j].paid_min == len)
			return j;
	}
	return -1;
}

/* The exact objective of the roster in s.assign. */
static inline double fx_objective(const struct fx *x)
{
	struct seval ev;

	sched_evaluate(&x->s, &ev);
	seval_release(&ev);
	return ev.objective;
}

/* Does every agent's week keep every hard rule? */
static inline int fx_all_valid(const struct fx *x)
{
	for (int a = 0; a < x->in.nagents; a++)
		if (sched_check_agent(&x->s, a, NULL, 0))
			return 0;
	return 1;
}

#endif
