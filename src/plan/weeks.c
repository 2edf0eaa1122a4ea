/* weeks.c - week after week: which roster came before a plan's horizon
 *
 * --previous names a stored run, a roster.csv or none; without it the
 * latest run of scenario base that ends exactly where the new horizon
 * starts is the week before (SPEC 7).  Either way the roster becomes a
 * struct sp_previous checked against the new horizon before the solve, so
 * a bad one stops the plan with nothing stored or written.
 */
#include "plan_int.h"
#include "staffplan/store.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Where a run's horizon ends: horizon_start + ndays local days of its
 * site zone.  SP_ERR_INPUT when the stored zone is unknown here. */
static sp_status horizon_end(const char *site_tz, time_t start, int ndays, struct sp_tz *tz, time_t *end,
			     struct sp_err *err)
{
	sp_status st;

	if (strcmp(tz->name, site_tz) && (st = sp_tz_init(tz, site_tz, err)) != SP_OK)
		return st;
	*end = sp_tz_add_days(tz, start, ndays);
	return SP_OK;
}

/* "run 12 (2026-11-30 .. 2026-12-06)": its first and last local day. */
static void describe_run(int64_t id, const struct sp_tz *tz, time_t start, time_t end, char *out, size_t n)
{
	char d0[16], d1[16];

	sp_date_format(tz, start, d0);
	sp_date_format(tz, end - 1, d1);
	snprintf(out, n, "run %lld (%s .. %s)", (long long)id, d0, d1);
}

/* The shifts of a stored run as a previous roster. */
static sp_status from_run(const struct sp_run *run, const struct sp_input *in, struct sp_previous *prev,
			  struct sp_err *err)
{
	sp_status st;

	snprintf(prev->source, sizeof(prev->source), "run %lld", (long long)run->id);
	prev->run_id = run->id;
	for (int i = 0; i < run->nshifts; i++) {
		const struct sp_run_shift *s = &run->shifts[i];
		if ((st = sp_previous_add(prev, in, s->agent_id, s->start, s->end, s->brk_start, s->brk_end, 0,
					  err)) != SP_OK)
			return st;
	}
	return SP_OK;
}

int plan_previous_run_id(const char *spec, long long *id)
{
	char *end;

	*id = 0;
	for (const char *c = spec; *c; c++)
		if (!isdigit((unsigned char)*c))
			return 0;
	errno = 0;
	*id = strtoll(spec, &end, 10);
	if (errno)
		*id = 0; /* too large: no run has that id */
	return *spec != '\0';
}

/* --previous RUN: run id of db, ending at or before in's start. */
static sp_status load_run(struct sp_db *db, const char *spec, long long id, const struct sp_input *in,
			  struct sp_previous *prev, char *what, size_t size, struct sp_err *err)
{
	struct sp_run run;
	struct sp_tz tz = { "" };
	time_t end;
	char t0[32], t1[32];
	sp_status st;

	if (id <= 0)
		return sp_err_set(err, SP_ERR_USAGE, "--previous %s: expected the id of a stored run (a positive "
				  "integer), a roster.csv file or none", spec);
	if (!db)
		return sp_err_set(err, SP_ERR_USAGE, "--previous %s: no database to find run %lld in, expected "
				  "the id of a stored run (see 'staffplan roster')", spec, id);
	if ((st = db_load_run(db, id, NULL, &run, err)) != SP_OK) {
		if (st == SP_ERR_USAGE)
			sp_err_set(err, SP_ERR_USAGE, "--previous %s: no stored run %lld, expected the id of a "
				   "stored run (see 'staffplan roster')", spec, id);
		return st;
	}
	if ((st = horizon_end(run.site_tz, run.horizon_start, run.ndays, &tz, &end, err)) != SP_OK)
		goto done;
	describe_run(run.id, &tz, run.horizon_start, end, what, size);
	sp_time_format(&tz, end, t0);
	sp_time_format(&in->tz, in->horizon_start, t1);
	if (end > in->horizon_start) {
		st = sp_err_set(err, SP_ERR_INPUT, "--previous %s: %s ends %s, after this horizon starts (%s), "
				"expected a run that ends where this horizon starts or before (the week before)",
				spec, what, t0, t1);
		goto done;
	}
	if (end < in->horizon_start && in->warn)
		fprintf(in->warn, "warning: --previous %s: %s ends %s, before this horizon starts (%s): "
			"a gap, accepted (rest holds across it)\n",
			spec, what, t0, t1);
	st = from_run(&run, in, prev, err);
done:
	sp_run_release(&run);
	return st;
}

struct find_arg {
	time_t start;             /* the new horizon's */
	struct sp_tz tz;          /* of the last run looked at */
	int64_t id;               /* OUT: the run found, 0 for none */
	time_t end;
};

static int ends_at_start(void *arg, const struct db_run_head *h)
{
	struct find_arg *f = arg;
	struct sp_err ignored = SP_ERR_INIT;
	time_t end;

	/* a run whose zone this system does not know cannot be placed: skip it */
	if (horizon_end(h->site_tz, h->horizon_start, h->ndays, &f->tz, &end, &ignored) != SP_OK)
		return 0;
	if (end != f->start)
		return 0;
	f->id = h->id;
	f->end = end;
	return 1;
}

/* No --previous: the latest base run ending where in starts, or none. */
static sp_status load_default(struct sp_db *db, const struct sp_input *in, struct sp_previous *prev,
			      char *what, size_t size, struct sp_err *err)
{
	struct find_arg f = { .start = in->horizon_start };
	struct sp_run run;
	char d[16];
	sp_status st;

	sp_date_format(&in->tz, in->horizon_start, d);
	snprintf(what, size, "none (no stored run of scenario base ends where this horizon starts, %s)", d);
	if (!db)
		return SP_OK;
	if ((st = db_list_runs(db, "base", ends_at_start, &f, err)) != SP_OK || !f.id)
		return st;
	if ((st = db_load_run(db, f.id, NULL, &run, err)) != SP_OK)
		return st;
	describe_run(run.id, &f.tz, run.horizon_start, f.end, what, size);
	st = from_run(&run, in, prev, err);
	sp_run_release(&run);
	return st;
}

sp_status plan_load_previous(struct sp_db *db, const char *spec, const struct sp_input *in,
			     struct sp_previous *prev, char *what, size_t size, struct sp_err *err)
{
	char *text = NULL;
	long long id;
	sp_status st;

	sp_previous_init(prev);
	snprintf(what, size, "none (--previous none)");
	if (spec && !strcmp(spec, "none"))
		return SP_OK;
	if (spec && !*spec)
		return sp_err_set(err, SP_ERR_USAGE, "--previous '': expected the id of a stored run, a "
				  "roster.csv file or none");
	if (!spec)
		st = load_default(db, in, prev, what, size, err);
	else if (plan_previous_run_id(spec, &id))
		st = load_run(db, spec, id, in, prev, what, size, err);
	else if ((st = sp_read_file(spec, &text, err)) == SP_OK &&
		 (st = sp_previous_load_csv(prev, in, text, spec, err)) == SP_OK)
		snprintf(what, size, "%s (%d shift%s)", spec, prev->n, prev->n == 1 ? "" : "s");
	free(text);
	if (st == SP_OK)
		st = sp_previous_check(prev, in, err);
	if (st != SP_OK)
		sp_previous_release(prev);
	return st;
}
