/* plan.h - planning: from inputs to a stored run and its output files
 *
 * plan_solve is the one place a roster is made.  `plan` (inputs from
 * files), `schedule` and `scenario run` (inputs stored in the database, with
 * a scenario's changes) differ only in the request they fill: --set
 * overrides, a baseline to re-plan against, the shifts on offer (--shifts),
 * hire candidates, the roster before the horizon (--previous), solver
 * limits, an output folder.  The commands above
 * (src/cmd) call this module, never the requirement or roster code below it.
 */
#ifndef STAFFPLAN_PLAN_H
#define STAFFPLAN_PLAN_H

#include "staffplan/input.h"
#include "staffplan/previous.h"
#include "staffplan/req.h"
#include "staffplan/run.h"
#include "staffplan/sched.h"
#include "staffplan/store.h"

#include <signal.h>

struct sp_db;

/* Input file paths; NULL entries are taken from dir (plan.ini,
 * forecast.csv, agents.csv, availability.csv; availability is optional). */
struct plan_paths {
	const char *dir, *config, *forecast, *agents, *availability;
};

/* Opens the database when plan_solve first needs it (see open_db below).
 * must_exist != 0 refuses to create a missing file.  OUT: *db, borrowed:
 * it stays open after plan_solve and the opener's owner closes it. */
typedef sp_status (*plan_open_db_fn)(void *arg, int must_exist, struct sp_db **db, struct sp_err *err);

/* What to solve and what to do with the run.  All pointers are borrowed. */
struct plan_request {
	/* the inputs: these files when paths is non-NULL (stored, as scenario
	 * base, in the transaction that stores the run); otherwise the stored
	 * inputs with the changes of scenario (NULL: "base"), the run stored
	 * under that scenario's name */
	const struct plan_paths *paths;
	const char *scenario;
	const char *const *sets; int nsets; /* "section.key=value", after plan.ini and the scenario's */
	int hire_candidates;     /* stored inputs: > 0 hypothetical agents per language
				    the model may hire (scenario run --recommend-hires) */
	const char *shifts;      /* offer only the shifts of this CSV (design's); NULL: every shift */
	long long baseline;      /* re-plan against this stored run; 0: none */
	/* The roster before the horizon (SPEC 7), as --previous gives it:
	 * "none", a stored run's id (digits only), or a roster.csv path; NULL:
	 * the default (plan_load_previous).  It is independent of baseline:
	 * the baseline is this horizon's published roster, the previous one
	 * the week before it. */
	const char *previous;
	double time_limit, gap;  /* NAN: the config's [solver] values */
	unsigned long long seed; /* the searches' random streams (0: built-in) */
	double work_limit;       /* > 0: the reproducible mode (sched_opts.work_limit);
				    time_limit NAN then means ten times its nominal
				    seconds, at least the config's */
	enum lp_solver solver;
	int progress_tty;        /* live progress on stderr */
	/* main()'s signal flag (stop.h), NULL: none.  Every phase watches it
	 * and the time limit: reading, building and solving give up with
	 * SP_ERR_TIMEOUT (nothing stored) when no roster exists yet, a first
	 * Ctrl-C during the search keeps the best roster, SIGTERM or a second
	 * Ctrl-C gives up wherever it comes, and one during the writing
	 * abandons it (the old files and rows stay). */
	volatile sig_atomic_t *stop;
	int quiet;               /* no summary line from the solver */
	const char *outdir;      /* write every output file here; NULL: none */
	/* The database is opened only when needed: before the solve (must
	 * exist) for the baseline, a previous run or stored inputs, and to look
	 * for the default previous run (a missing database, SP_ERR_USAGE from
	 * the opener as db_open returns it, then means: none); otherwise after
	 * the solve, to store the run; so bad input or a failed solve creates
	 * no database. */
	plan_open_db_fn open_db;
	void *open_db_arg;
};

/* What plan_solve made; owns everything.  plan_result_init before use,
 * plan_result_release after (also after an error). */
struct plan_result {
	struct sp_input in;      /* the inputs as solved (overrides and changes applied) */
	struct sp_reqs req;      /* their requirements */
	struct sp_run run;       /* the stored run: run.id is set */
	struct sp_run base;      /* the baseline run (empty without one) */
	struct sp_previous prev; /* the roster before the horizon as solved with */
	char previous[256];      /* which, for the summary (plan_load_previous's what) */
	int nchanges;            /* agent-days changed against base (written to changes.csv) */
	struct sp_fc_stored forecast; /* the stored forecast (`forecast --db`) whose text
					 the run was given from a file; .id 0: none */
};
void plan_result_init(struct plan_result *r);
void plan_result_release(struct plan_result *r);

/* Reads and parses the inputs, computes the requirements, loads the
 * previous roster (plan_load_previous) and the baseline, solves, stores the
 * run with the previous roster it followed (and, from files, the inputs)
 * in the transaction that publishes the outputs into rq->outdir (both
 * land, or neither).  Without rq->outdir a run of scenario base is still
 * published to the calendar feeds, in the transaction that stores it
 * (publish_calendars() without files); a what-if's never is.  The time limit bounds reading, building and solving
 * (the solver gets what is left); a first Ctrl-C during the solve keeps the
 * best roster found (see rq->stop for the rest).  Nothing is stored or
 * written unless the inputs are valid and a roster exists: SP_ERR_INPUT/
 * SP_ERR_USAGE for input, SP_ERR_INFEASIBLE, SP_ERR_TIMEOUT (the time
 * limit or a signal before a roster, or a signal while writing), SP_ERR_DB,
 * SP_ERR_IO. */
sp_status plan_solve(const struct plan_request *rq, struct plan_result *res, struct sp_err *err);

/* The requirement table of the config and forecast of p (the agents are not
 * read) with the overrides applied, written to f in format (REQ_CSV,
 * REQ_TABLE or REQ_JSON). */
sp_status plan_requirements(const struct plan_paths *p, const char *const *sets, int nsets, int format,
			    FILE *f, struct sp_err *err);

/* The index of an input kind (config, forecast, agents, availability), or -1. */
int plan_input_kind(const char *name);
/* Checks the file at path as input kind (plan_input_kind) together with the
 * inputs already stored, and stores it as scenario base, replacing the old
 * one.  A file that does not parse changes nothing (SP_ERR_INPUT naming
 * FILE:LINE, or SP_ERR_USAGE: availability before agents). */
sp_status plan_import(struct sp_db *db, int kind, const char *path, struct sp_err *err);

/* Writes requirements.csv (unless in or req is NULL), roster.csv,
 * coverage.csv, kpis.json, ics/, report.html and, when base is not NULL,
 * changes.csv (shifts added, removed, moved against base; the number of
 * changed agent-days in *nchanges) into outdir (created).  They replace
 * the old files together: on an error none has changed.  db (may be NULL)
 * remembers the published calendars. */
sp_status plan_write_outputs(const struct sp_input *in, const struct sp_reqs *req,
			     const struct sp_run *run, const struct sp_run *base, struct sp_db *db,
			     const char *outdir, int *nchanges, struct sp_err *err);

/* The same list of changes printed to f as CSV; OUT: *n changes. */
sp_status plan_print_changes(const struct sp_run *base, const struct sp_run *run, FILE *f, int *n,
			     struct sp_err *err);

/* One-line summary of a solved run for stderr. */
void plan_summary(const struct sp_run *run, FILE *f);
/* "staffplan: previous: <res->previous>" on a line of its own. */
void plan_summary_previous(const struct plan_result *res, FILE *f);

/* The roster before in's horizon (SPEC 7) from spec, --previous's value:
 *  - "none": no roster (OUT: prev empty);
 *  - digits: stored run N of db, whatever its scenario: its shifts, agents
 *    matched by id (sp_previous_add: unknown ids warned about once).  An
 *    unknown run, or no database (db NULL), is SP_ERR_USAGE; a run whose
 *    horizon ends after in's starts is SP_ERR_INPUT naming both instants
 *    (a run of the same horizon is no previous roster); one that ends
 *    before is accepted with a warning to in->warn (a gap);
 *  - anything else: a roster.csv file (sp_previous_load_csv: SP_ERR_IO when
 *    it cannot be read, SP_ERR_INPUT naming file:line when it is not a
 *    roster with UTC offsets);
 *  - NULL: the latest run of scenario base whose horizon (horizon_start +
 *    ndays local days in the run's site zone) ends exactly where in's
 *    starts; none when there is none or db is NULL.
 * Every roster found is then checked against in's horizon
 * (sp_previous_check: no shift starts inside it, no agent has two that
 * overlap).  OUT: prev (initialised here; release with
 * sp_previous_release, also on error), what (for the summary: "run 12
 * (2026-11-30 .. 2026-12-06)", "week1/roster.csv (23 shifts)", "none
 * (...)").  Reads db, writes nothing. */
sp_status plan_load_previous(struct sp_db *db, const char *spec, const struct sp_input *in,
			     struct sp_previous *prev, char *what, size_t size, struct sp_err *err);

#endif
