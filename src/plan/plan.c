/* plan.c - the one solve every planning command runs, and its output files
 *
 * plan_solve reads the inputs (files, or the database with a scenario's
 * changes), computes the requirements, solves, stores the run in one
 * transaction and writes the outputs.  The database is opened through the
 * caller's opener only when it is needed, so bad input creates none.
 */
#include "plan_int.h"
#include "staffplan/digest.h"
#include "staffplan/design.h"
#include "staffplan/fileio.h"
#include "staffplan/publish.h"
#include "staffplan/report.h"
#include "staffplan/scenario.h"
#include "staffplan/stop.h"
#include "staffplan/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void plan_result_init(struct plan_result *r)
{
	memset(r, 0, sizeof(*r));
	sp_input_init(&r->in);
	sp_run_init(&r->run);
	sp_run_init(&r->base);
	sp_previous_init(&r->prev);
}

void plan_result_release(struct plan_result *r)
{
	sp_input_release(&r->in);
	req_release(&r->req);
	sp_run_release(&r->run);
	sp_run_release(&r->base);
	sp_previous_release(&r->prev);
	db_forecast_release(&r->forecast);
}

/* The inputs of the request, parsed into in; from files, t keeps the texts. */
static sp_status load_inputs(const struct plan_request *rq, struct sp_db **db, struct plan_texts *t,
			     struct sp_input *in, struct sp_err *err)
{
	const char *name = rq->scenario ? rq->scenario : "base";
	char *changes = NULL;
	sp_status st;

	if (rq->paths) {
		if ((st = plan_read_paths(rq->paths, t, err)) != SP_OK)
			return st;
		return plan_parse(in, t, rq->sets, rq->nsets, NULL, NULL, err);
	}
	if ((st = rq->open_db(rq->open_db_arg, 1, db, err)) != SP_OK ||
	    (st = scen_resolve(*db, name, &changes, err)) != SP_OK)
		return st;
	st = scen_load(*db, changes, rq->sets, rq->nsets, rq->hire_candidates, in, err);
	free(changes);
	return st;
}

/* The shifts of a design CSV, each offered on every day: the roster
 * decides the days.  OUT: *offers (caller frees), *n. */
static sp_status load_offers(const char *path, struct sched_offer **offers, int *n, struct sp_err *err)
{
	struct design_shift *shifts = NULL;
	char *text = NULL;
	sp_status st;

	*offers = NULL;
	*n = 0;
	if ((st = sp_read_file(path, &text, err)) != SP_OK)
		return st;
	st = design_load_shifts(text, path, &shifts, n, err);
	free(text);
	if (st != SP_OK)
		return st;
	*offers = sp_xcalloc((size_t)*n + 1, sizeof(**offers));
	for (int i = 0; i < *n; i++) {
		(*offers)[i].start_min = shifts[i].start;
		(*offers)[i].length_min = shifts[i].length;
		(*offers)[i].days = 0x7f;
	}
	free(shifts);
	return SP_OK;
}

/* Baseline shifts from a stored run (the strings stay owned by run). */
static struct sched_baseline_shift *baseline_shifts(const struct sp_run *run, int *n)
{
	struct sched_baseline_shift *b = sp_xcalloc((size_t)run->nshifts + 1, sizeof(*b));
	for (int i = 0; i < run->nshifts; i++) {
		b[i].agent_id = run->shifts[i].agent_id;
		b[i].start = run->shifts[i].start;
		b[i].paid_minutes = run->shifts[i].paid_minutes;
		b[i].brk_start = run->shifts[i].brk_start;
	}
	*n = run->nshifts;
	return b;
}

/* The run, and the input texts when there are (from files), in one transaction. */
static sp_status write_outputs(const struct sp_input *in, const struct sp_reqs *req,
			       const struct sp_run *run, const struct sp_run *base, struct sp_db *db,
			       struct sp_run *to_store, const struct plan_texts *t, const char *outdir,
			       const struct sp_stop *stop, int *nchanges, struct sp_err *err);

/* Stores the run (and the texts) in one transaction; a signal before the
 * commit (stop, may be NULL) rolls it back.  publish: the run's calendars
 * are published to the feeds in that transaction too, without files (a
 * run of base stored without an output folder, as `schedule` stores it:
 * SPEC 9, a schedule reaches agents as a plan does; a what-if's is not,
 * publish_calendars() knows). */
static sp_status store(struct sp_db *db, const struct plan_texts *t, struct sp_run *run, int publish,
		       const struct sp_stop *stop, struct sp_err *err)
{
	sp_status st;

	if ((st = db_begin(db, err)) != SP_OK)
		return st;
	if ((t && (st = plan_store_texts(db, "base", t, err)) != SP_OK) ||
	    (st = db_save_run(db, run, err)) != SP_OK ||
	    (publish && (st = publish_calendars(run, db, NULL, NULL, NULL, err)) != SP_OK) ||
	    (st = sp_stop_check(stop, "storing the run", err)) != SP_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db, err);
}

/* The solver's reports on the stream info, as a terminal shows them: each
 * progress line overwrites the last, and a finished phase ends it. */
static void print_solver_report(void *info, const struct sched_progress *p)
{
	FILE *f = info;

	switch (p->kind) {
	case SCHED_PROGRESS: fprintf(f, "\r%s", p->msg); break;
	case SCHED_PROGRESS_END: fputc('\n', f); break;
	case SCHED_TRACE: fprintf(f, "trace: %s\n", p->msg); break;
	case SCHED_SUMMARY: fprintf(f, "%s\n", p->msg); break;
	}
}

/* Has the solver report on stderr: live progress when tty (stderr is a
 * terminal), and a trace line per phase when the environment sets
 * STAFFPLAN_TRACE (docs/MODEL.md §6). */
static void watch_solve(struct sched_opts *opts, int tty)
{
	opts->report = print_solver_report;
	opts->report_info = stderr;
	opts->progress = tty;
	opts->trace = getenv("STAFFPLAN_TRACE") != NULL;
}

/* The database, when it exists, is opened before the solve whatever the
 * request needs of it: the default previous roster is looked for there,
 * and a --db that is another application's file (SP_ERR_INPUT from the
 * opener) or no SQLite file at all is refused before any work rather than
 * after it.  A missing one (SP_ERR_USAGE from the opener, as db_open
 * returns it) holds no runs and is created once a run is stored; only a
 * previous run id needs it to exist. */
static sp_status open_for_previous(const struct plan_request *rq, struct sp_db **db, struct sp_err *err)
{
	struct sp_err missing = SP_ERR_INIT;
	long long id;
	sp_status st;

	if (*db)
		return SP_OK;
	st = rq->open_db(rq->open_db_arg, 1, db, &missing);
	if (st == SP_OK)
		return SP_OK;
	if (st == SP_ERR_USAGE && !(rq->previous && plan_previous_run_id(rq->previous, &id)))
		return SP_OK;
	*err = missing;
	if (st == SP_ERR_USAGE)
		sp_err_set(err, st, "--previous %s: %s", rq->previous, missing.msg);
	return st;
}

/* Warns once per (queue, language) that requires agents when no agent may
 * serve it: the solver just leaves it understaffed, and a plan with 16 %
 * coverage and no word why is how a typo in agents.csv (or nobody hired
 * for a language) shows otherwise. */
static void warn_unserved(const struct sp_input *in, const struct sp_reqs *req)
{
	for (int c = 0; in->warn && c < req->ncells; c++) {
		const struct sp_cell *cl = &req->cells[c];
		double hours = 0;
		int served = 0;
		for (int t = 0; t < req->nint; t++)
			hours += req->required[(size_t)c * (size_t)req->nint + (size_t)t] * req->step / 3600.0;
		for (int a = 0; a < in->nagents && !served; a++)
			served = (in->agents[a].queues >> cl->queue & 1u) &&
				 (in->agents[a].langs >> cl->lang & 1u);
		if (hours > 0 && !served)
			fprintf(in->warn, "warning: queue '%s', language '%s': %.1f agent-hours required "
				"and no agent serves both: all of it will be understaffed\n",
				in->cfg.queues[cl->queue].name, in->langs[cl->lang], hours);
	}
}

/* Warns when a horizon of fewer than seven days (longer ones are whole
 * weeks) leaves min_consecutive_days_off most of it: the rule holds inside
 * the horizon, so a two-day plan with the rule at 2 has nobody work
 * (data/example cut to two days: 0 shifts, every hour understaffed) and
 * the roster alone would not say why.  A horizon shorter than the run has
 * no such rule. */
static void warn_days_off(const struct sp_input *in)
{
	int k = in->cfg.min_consecutive_days_off, n = in->ndays;

	if (in->warn && k > 0 && n < 7 && n >= k)
		fprintf(in->warn, "warning: min_consecutive_days_off = %d in a horizon of %d days: "
			"each agent may work at most %d of them\n", k, n, n - k);
}

sp_status plan_solve(const struct plan_request *rq, struct plan_result *res, struct sp_err *err)
{
	struct plan_texts t = { 0 };
	struct sp_db *db = NULL;
	struct sched_opts so = { 0 };
	struct sched_offer *offers = NULL;
	struct sched_baseline_shift *bl = NULL;
	struct sp_stop stop, wstop;
	double t0 = sp_clock();
	sp_status st;

	/* the clock runs from here: --time-limit bounds the reading too; the
	 * config's limit, once read, counts from the same start */
	sp_stop_init(&stop, rq->stop, rq->time_limit);
	res->in.stop = &stop;
	if ((st = load_inputs(rq, &db, &t, &res->in, err)) != SP_OK)
		goto done;
	if (isnan(rq->time_limit)) {
		stop.limit = res->in.cfg.time_limit_seconds;
		/* a work limit's safety net: room for a machine ten times slower */
		if (rq->work_limit > 0)
			stop.limit = fmax(stop.limit, fmin(10 * rq->work_limit / 1e6, 1e6));
		stop.deadline = t0 + stop.limit;
	}
	if ((st = sp_stop_check(&stop, "reading the inputs", err)) != SP_OK)
		goto done;
	if (rq->shifts && (st = load_offers(rq->shifts, &offers, &so.noffers, err)) != SP_OK)
		goto done;
	if ((st = req_compute(&res->in, &res->req, err)) != SP_OK)
		goto done;
	warn_unserved(&res->in, &res->req);
	warn_days_off(&res->in);
	if ((st = open_for_previous(rq, &db, err)) != SP_OK ||
	    (st = plan_load_previous(db, rq->previous, &res->in, &res->prev, res->previous,
				     sizeof(res->previous), err)) != SP_OK)
		goto done;
	if (rq->baseline) {
		if ((!db && (st = rq->open_db(rq->open_db_arg, 1, &db, err)) != SP_OK) ||
		    (st = db_load_run(db, rq->baseline, NULL, &res->base, err)) != SP_OK)
			goto done;
		bl = baseline_shifts(&res->base, &so.nbaseline);
	}
	if ((st = sp_stop_check(&stop, "computing the requirements", err)) != SP_OK)
		goto done;
	/* the solver has what is left of the limit */
	so.time_limit = stop.limit - (sp_clock() - t0);
	so.seed = rq->seed;
	so.work_limit = rq->work_limit;
	so.gap = isnan(rq->gap) ? res->in.cfg.mip_gap : rq->gap;
	so.solver = rq->solver;
	so.baseline = bl;
	so.previous = res->prev.source[0] ? &res->prev : NULL; /* "": none */
	so.offers = offers;
	so.stop = rq->stop;
	watch_solve(&so, rq->progress_tty);
	so.quiet = rq->quiet;
	if ((st = sched_solve(&res->in, &res->req, &so, &res->run, err)) != SP_OK) {
		/* the solver gives up when the limit or a signal comes before
		 * it has a roster, or on SIGTERM; its message says while doing
		 * what, this one what stopped it */
		if (st == SP_ERR_TIMEOUT && sp_stop_due(&stop)) {
			char doing[sizeof(err->msg)];
			snprintf(doing, sizeof(doing), "%s", err->msg);
			sp_stop_error(&stop, doing, err);
		}
		goto done;
	}
	/* a first Ctrl-C ended the search with the roster kept; SIGTERM or a
	 * second Ctrl-C wants nothing kept */
	if (rq->stop && *rq->stop == SP_STOP_NOW) {
		st = sp_stop_error(&stop, "solving", err);
		goto done;
	}
	/* writing is not cut short by the clock (the roster it found must
	 * land), only by a signal that comes now */
	wstop = sp_stop_signals_only(&stop);
	res->in.stop = NULL;
	if (!rq->paths)
		snprintf(res->run.scenario, sizeof(res->run.scenario), "%s", rq->scenario ? rq->scenario : "base");
	res->run.baseline = rq->baseline;
	res->run.previous_run = res->prev.run_id;
	if (!res->prev.run_id)
		snprintf(res->run.previous_source, sizeof(res->run.previous_source), "%s", res->prev.source);
	if (!db && (st = rq->open_db(rq->open_db_arg, 0, &db, err)) != SP_OK)
		goto done;
	/* a forecast.csv that `staffplan forecast --db` stored: the run names it */
	if (rq->paths && t.text[PLAN_FORECAST]) {
		char sha[SP_SHA256_HEX];
		sp_sha256_hex(t.text[PLAN_FORECAST], strlen(t.text[PLAN_FORECAST]), sha);
		if ((st = db_find_forecast(db, sha, &res->forecast, err)) != SP_OK)
			goto done;
		res->run.kpis.forecast_id = res->forecast.id;
	}
	/* the run is stored in the transaction that publishes its outputs:
	 * both land, or neither (issue: a run stored without its outputs) */
	if (rq->outdir)
		st = write_outputs(&res->in, &res->req, &res->run, rq->baseline ? &res->base : NULL, db,
				   &res->run, rq->paths ? &t : NULL, rq->outdir, &wstop, &res->nchanges, err);
	else
		st = store(db, rq->paths ? &t : NULL, &res->run, 1, &wstop, err);
done:
	res->in.stop = NULL; /* stop lives on this stack */
	free(offers);
	free(bl);
	plan_texts_release(&t);
	return st;
}

sp_status plan_requirements(const struct plan_paths *p, const char *const *sets, int nsets, int format,
			    FILE *f, struct sp_err *err)
{
	/* requirements need no agents: read none, parse an empty list */
	struct plan_paths only = { p->dir, p->config, p->forecast, "/dev/null", "/dev/null" };
	struct plan_texts t = { 0 };
	struct sp_input in;
	struct sp_reqs req = { 0 };
	sp_status st;

	sp_input_init(&in);
	if ((st = plan_read_paths(&only, &t, err)) != SP_OK)
		goto done;
	free(t.text[PLAN_AGENTS]);
	t.text[PLAN_AGENTS] = sp_xstrdup("id,name,languages\n");
	free(t.text[PLAN_AVAIL]);
	t.text[PLAN_AVAIL] = NULL;
	if ((st = plan_parse(&in, &t, sets, nsets, NULL, NULL, err)) != SP_OK ||
	    (st = req_compute(&in, &req, err)) != SP_OK ||
	    (st = req_write(&req, &in, format, f, "standard output", err)) != SP_OK)
		goto done;
done:
	plan_texts_release(&t);
	req_release(&req);
	sp_input_release(&in);
	return st;
}

static sp_status write_requirements(const struct sp_input *in, const struct sp_reqs *req,
				    struct sp_outset *set, const char *path, struct sp_err *err)
{
	struct sp_out o;
	sp_status st = sp_out_open_in(&o, set, path, err);
	if (st != SP_OK)
		return st;
	if ((st = req_write(req, in, REQ_CSV, o.f, path, err)) != SP_OK) {
		sp_out_abort(&o);
		return st;
	}
	return sp_out_commit(&o, err);
}

static sp_status write_changes(const struct sp_run *base, const struct sp_run *run, struct sp_outset *set,
			       const char *path, int *n, struct sp_err *err)
{
	struct sp_out o;
	sp_status st;

	if ((st = sp_out_open_in(&o, set, path, err)) != SP_OK)
		return st;
	if ((st = plan_print_changes(base, run, o.f, n, err)) != SP_OK) {
		sp_out_abort(&o);
		return st;
	}
	return sp_out_commit(&o, err);
}

/* Writes the outputs of run; with to_store (and db), first stores to_store
 * (and the input texts t, when not NULL) in the same transaction, so the
 * database and the files change together. */
static sp_status write_outputs(const struct sp_input *in, const struct sp_reqs *req,
			       const struct sp_run *run, const struct sp_run *base, struct sp_db *db,
			       struct sp_run *to_store, const struct plan_texts *t, const char *outdir,
			       const struct sp_stop *stop, int *nchanges, struct sp_err *err)
{
	char path[4096];
	struct sp_outset set = { .stop = stop };
	sp_status st;

	if ((st = sp_mkdirs(outdir, err)) != SP_OK)
		return st;
	/* what an interrupted write of an earlier run left behind */
	sp_clean_stale_temps(outdir);
#define OUT(name) (snprintf(path, sizeof(path), "%s/%s", outdir, name), path)
	sp_clean_stale_temps(OUT("ics"));
	/* the publications commit once every file is staged (publish.h) */
	if (db && (st = db_begin(db, err)) != SP_OK)
		return st;
	/* the calendars are published below, with their files */
	if (db && to_store && (st = store(db, t, to_store, 0, NULL, err)) != SP_OK) {
		db_rollback(db);
		return st;
	}
	if ((in && req && (st = write_requirements(in, req, &set, OUT("requirements.csv"), err)) != SP_OK) ||
	    (st = sp_run_write_roster_csv(run, &set, OUT("roster.csv"), err)) != SP_OK ||
	    (st = sp_run_write_coverage_csv(run, &set, OUT("coverage.csv"), err)) != SP_OK ||
	    (st = sp_run_write_kpis_json(run, &set, OUT("kpis.json"), err)) != SP_OK ||
	    (st = publish_calendars(run, db, &set, OUT("ics"), NULL, err)) != SP_OK ||
	    (st = rpt_write_html(run, &set, OUT("report.html"), err)) != SP_OK ||
	    (base && (st = write_changes(base, run, &set, OUT("changes.csv"), nchanges, err)) != SP_OK)) {
		sp_outset_abort(&set);
		if (db)
			db_rollback(db);
		return st;
	}
	/* without a baseline an old changes.csv would list another run's changes */
	if (!base)
		sp_outset_remove(&set, OUT("changes.csv"));
#undef OUT
	/* the files on disk before the rows commit: after it only renames
	 * remain, which a signal no longer stops */
	if ((st = sp_stop_check(stop, "writing the outputs", err)) != SP_OK ||
	    (st = sp_outset_sync(&set, err)) != SP_OK ||
	    (st = sp_stop_check(stop, "writing the outputs", err)) != SP_OK) {
		sp_outset_abort(&set);
		if (db)
			db_rollback(db);
		return st;
	}
	if (db && (st = db_commit(db, err)) != SP_OK) {
		sp_outset_abort(&set);
		return st;
	}
	return sp_outset_commit(&set, err);
}

sp_status plan_write_outputs(const struct sp_input *in, const struct sp_reqs *req,
			     const struct sp_run *run, const struct sp_run *base, struct sp_db *db,
			     const char *outdir, int *nchanges, struct sp_err *err)
{
	return write_outputs(in, req, run, base, db, NULL, NULL, outdir, NULL, nchanges, err);
}

static const struct sp_run_shift *find_shift(const struct sp_run *r, const char *agent, const char *date)
{
	for (int i = 0; i < r->nshifts; i++)
		if (!strcmp(r->shifts[i].agent_id, agent) && !strcmp(r->shifts[i].date, date))
			return &r->shifts[i];
	return NULL;
}

sp_status plan_print_changes(const struct sp_run *base, const struct sp_run *run, FILE *f, int *n,
			     struct sp_err *err)
{
	struct sp_tz tz;
	char a[32], b[32], c[32], d[32];
	sp_status st;

	*n = 0;
	if ((st = sp_tz_init(&tz, run->site_tz, err)) != SP_OK)
		return st;
	fputs("agent_id,date,change,old_start,old_end,new_start,new_end\n", f);
	for (int i = 0; i < base->nshifts; i++) {
		const struct sp_run_shift *old = &base->shifts[i];
		const struct sp_run_shift *now = find_shift(run, old->agent_id, old->date);
		if (now && now->start == old->start && now->end == old->end && now->brk_start == old->brk_start)
			continue;
		sp_time_format(&tz, old->start, a);
		sp_time_format(&tz, old->end, b);
		c[0] = d[0] = '\0';
		if (now) {
			sp_time_format(&tz, now->start, c);
			sp_time_format(&tz, now->end, d);
		}
		fprintf(f, "%s,%s,%s,%s,%s,%s,%s\n", old->agent_id, old->date, now ? "moved" : "removed", a, b, c, d);
		(*n)++;
	}
	for (int i = 0; i < run->nshifts; i++) {
		const struct sp_run_shift *now = &run->shifts[i];
		if (find_shift(base, now->agent_id, now->date))
			continue;
		sp_time_format(&tz, now->start, c);
		sp_time_format(&tz, now->end, d);
		fprintf(f, "%s,%s,added,,,%s,%s\n", now->agent_id, now->date, c, d);
		(*n)++;
	}
	if (ferror(f))
		return sp_err_set(err, SP_ERR_IO, "cannot write the list of changes");
	return SP_OK;
}

void plan_summary_previous(const struct plan_result *res, FILE *f)
{
	fprintf(f, "staffplan: previous: %s\n", res->previous);
}

void plan_summary(const struct sp_run *run, FILE *f)
{
	const struct sp_run_kpis *k = &run->kpis;
	fprintf(f, "staffplan: %d shifts for %d/%d agents, objective %.2f, lower bound %.2f, gap %.2f%%, "
		   "understaffed %.2f agent-hours, coverage %.1f%%, status %s, %.1f s\n",
		run->nshifts, k->agents_scheduled, k->agents_total, k->objective, k->lower_bound,
		100 * k->gap, k->understaffing_agent_hours, 100 * k->coverage, k->status, k->solve_seconds);
	if (k->work_limit > 0)
		fprintf(f, "staffplan: reproducible: seed %llu, work limit %.0f, work done %.0f%s\n", k->seed,
			k->work_limit, k->work_done,
			k->time_cut ? "; the time limit cut it short, so another run may differ" : "");
}
