/* input.h - the planning inputs: forecast, agents, availability, config
 *
 * CSV files are RFC 4180 (libcsv), UTF-8, header row required, columns
 * matched by name, unknown columns warned about, '#' lines are comments.
 * Every error names "FILE:LINE: column 'x': <what is wrong, what was
 * expected>" and returns SP_ERR_INPUT.  Parsers take text in memory plus the
 * file name to quote, so the database can re-parse what it stored.
 */
#ifndef STAFFPLAN_INPUT_H
#define STAFFPLAN_INPUT_H

#include "staffplan/config.h"
#include "staffplan/fileio.h"
#include "staffplan/tz.h"

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define SP_MAX_LANGS 64
#define SP_MAX_WEEKS 6
/* Where a real desk ends (docs/INPUTS.md): larger values are refused. */
#define SP_MAX_VOLUME 1000000.0          /* contacts per interval, queue and language */
#define SP_MAX_AGENTS 50000              /* agents in one plan (bench XL has 10 000) */
#define SP_MAX_TRAFFIC 10000.0           /* Erlangs per interval, queue and language: the
					  * queueing formulas' domain (erlang.h) */
#define SP_MAX_COST_PER_HOUR 100000.0    /* agents.csv cost_per_hour */

struct sp_fc_row {
	time_t start;
	int queue;       /* index into cfg.queues */
	int lang;        /* index into input.langs */
	double volume;   /* [0, SP_MAX_VOLUME] */
	double aht;      /* seconds, [1, 86400] (queue default when the column is absent) */
};

struct sp_agent {
	char *id, *name, *email, *timezone; /* owned; email may be "" */
	uint64_t langs;                     /* bit i: input.langs[i] */
	uint32_t queues;                    /* bit q: cfg.queues[q] */
	double min_hours, max_hours, cost_per_hour;
	int max_days;
	int hypothetical;                   /* added by a what-if hire */
};

enum { SP_UNAVAILABLE = 0, SP_PREFERRED_OFF = 1 };

struct sp_avail {
	int agent;        /* index into input.agents */
	time_t start, end;
	int type;         /* SP_UNAVAILABLE or SP_PREFERRED_OFF */
};

struct sp_input {
	struct sp_config cfg;
	struct sp_tz tz;                    /* cfg.timezone */
	char *langs[SP_MAX_LANGS];          /* owned BCP 47 tags, first-seen order */
	int nlangs;
	struct sp_fc_row *rows; int nrows, caprows;
	struct sp_agent *agents; int nagents, capagents;
	struct sp_avail *avail; int navail, capavail;
	time_t horizon_start;               /* local midnight of the first day */
	int ndays;                          /* whole local days covered */
	int nweeks;                         /* 7-day weeks from horizon_start, the
					     * last one may be short (SPEC 7) */
	int nint;                           /* intervals in the horizon */
	FILE *warn;                         /* where warnings go (stderr); NULL = silent */
	char *forecast_file;                /* owned: the forecast's name, for messages */
	const struct sp_stop *stop;         /* borrowed, NULL: none; the CSV loaders give
					     * up with its SP_ERR_TIMEOUT when it says
					     * (stop.h), and so does the solver */
};

/* Initialises an empty input with default config; warnings to stderr. */
void sp_input_init(struct sp_input *in);
void sp_input_release(struct sp_input *in);

/* Index of language tag, adding it when add != 0; -1 if absent and not
 * added, or the table is full.  Tags are matched and kept in the case
 * sp_lang_tag() gives them: "HE", "He" and "he" are one language. */
int sp_input_lang(struct sp_input *in, const char *tag, int add);
/* The same lookup, never adding. */
int sp_input_lang_find(const struct sp_input *in, const char *tag);

/* Loaders.  Config must be loaded (and finished) before the CSV files;
 * agents before availability.  Each leaves `in` unchanged on error.
 *
 * sp_input_load_config parses text over the current config (the defaults
 * after sp_input_init), runs sp_config_finish and sets in->tz.  The CSV
 * loaders append: loading a second forecast adds rows (a row that repeats
 * an already loaded (start, queue, language) is an error), a second agents
 * file adds agents (ids stay unique).  Defaults are resolved at load time
 * (a forecast row without aht takes the queue's aht_seconds, an agent
 * without queues every non-restricted queue), so apply --set overrides
 * before loading the CSV files.  Warnings (unknown columns) go to in->warn. */
sp_status sp_input_load_config(struct sp_input *in, const char *text,
			       const char *file, struct sp_err *err);

/* Applies one --set override (sp_config_set) to in->cfg, re-runs
 * sp_config_finish and re-initialises in->tz; leaves `in` unchanged on
 * error ("--set: key 'section.key': ..."). */
sp_status sp_input_set(struct sp_input *in, const char *key, const char *value,
		       struct sp_err *err);
sp_status sp_input_load_forecast(struct sp_input *in, const char *text,
				 const char *file, struct sp_err *err);
sp_status sp_input_load_agents(struct sp_input *in, const char *text,
			       const char *file, struct sp_err *err);
sp_status sp_input_load_availability(struct sp_input *in, const char *text,
				     const char *file, struct sp_err *err);

/* Computes horizon_start/ndays/nweeks/nint from the forecast rows (span
 * rounded out to whole local days) and checks rows sit on the interval
 * grid.  A horizon is up to 7 days, or 2 to SP_MAX_WEEKS whole weeks
 * (SPEC 3.1, 7); anything else is SP_ERR_INPUT. */
sp_status sp_input_finish(struct sp_input *in, struct sp_err *err);

#endif
