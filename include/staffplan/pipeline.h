/* pipeline.h - the steps every planning command shares
 *
 * Loading inputs (from files or from the database), applying --set
 * overrides, solving, storing and writing the outputs of a run.  Commands
 * (plan, schedule, scenario run) differ only in where inputs come from.
 */
#ifndef STAFFPLAN_PIPELINE_H
#define STAFFPLAN_PIPELINE_H

#include "staffplan/input.h"
#include "staffplan/req.h"
#include "staffplan/run.h"
#include "staffplan/sched.h"

struct sp_db;

/* Input file paths; NULL entries are taken from dir (plan.ini,
 * forecast.csv, agents.csv, availability.csv; availability is optional). */
struct pipe_paths {
	const char *dir, *config, *forecast, *agents, *availability;
};

/* The four input texts with the names to quote in messages. */
struct pipe_texts {
	char *name[4];
	char *text[4];   /* availability may be NULL */
};
enum { PIPE_CONFIG, PIPE_FORECAST, PIPE_AGENTS, PIPE_AVAIL };
extern const char *const pipe_kinds[4]; /* "config", "forecast", ... */

void pipe_texts_release(struct pipe_texts *t);
sp_status pipe_read_paths(const struct pipe_paths *p, struct pipe_texts *out, struct sp_err *err);
sp_status pipe_read_db(struct sp_db *db, const char *scenario, struct pipe_texts *out, struct sp_err *err);

/* Parses the texts into in (initialised by the caller), applying the
 * "section.key=value" overrides after plan.ini.  hook, when non-NULL, edits
 * the input after the files are read and before the horizon is fixed
 * (scenarios scale the forecast and add hires there). */
sp_status pipe_parse(struct sp_input *in, const struct pipe_texts *t, const char *const *sets,
		     int nsets, sp_status (*hook)(struct sp_input *, void *, struct sp_err *),
		     void *hook_arg, struct sp_err *err);

/* Stores every text as the inputs of scenario, in the caller's transaction. */
sp_status pipe_store_texts(struct sp_db *db, const char *scenario, const struct pipe_texts *t,
			   struct sp_err *err);

/* Baseline shifts from a stored run (the strings stay owned by run). */
struct sched_baseline_shift *pipe_baseline(const struct sp_run *run, int *n);

/* Writes requirements.csv (unless in or req is NULL), roster.csv,
 * coverage.csv, kpis.json, ics/, report.html and, when base is not NULL,
 * changes.csv (shifts added, removed, moved against base; the number of
 * changed agent-days in *nchanges) into outdir (created).  They replace
 * the old files together: on an error none has changed.  db (may be NULL)
 * remembers the published calendars. */
sp_status pipe_write_outputs(const struct sp_input *in, const struct sp_reqs *req,
			     const struct sp_run *run, const struct sp_run *base, struct sp_db *db,
			     const char *outdir, int *nchanges, struct sp_err *err);

/* The same list printed to f. */
sp_status pipe_print_changes(const struct sp_run *base, const struct sp_run *run, FILE *f, int *n,
			     struct sp_err *err);

/* One-line summary of a solved run for stderr. */
void pipe_summary(const struct sp_run *run, FILE *f);

/* Has the solver report on stderr: live progress when tty (stderr is a
 * terminal), and a trace line per phase when the environment sets
 * STAFFPLAN_TRACE (docs/MODEL.md section 7). */
void pipe_watch_solve(struct sched_opts *opts, int tty);

/* The stop flag Ctrl-C sets while a solve runs (the solver then returns its
 * best roster); pipe_catch_interrupt installs the handler. */
volatile int *pipe_catch_interrupt(void);

#endif
