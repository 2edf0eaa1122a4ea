/* config.h - plan.ini: every key, its default and its valid range
 *
 * A config starts from the documented defaults (sp_config_init), then takes
 * an INI text (sp_config_load) and --set overrides (sp_config_set), then is
 * resolved (sp_config_finish: queues inherit unset [service] keys).  The key
 * table lives in config.c; an unknown key or an out-of-range value is an
 * SP_ERR_INPUT error that names file, line and key.
 */
#ifndef STAFFPLAN_CONFIG_H
#define STAFFPLAN_CONFIG_H

#include "staffplan/error.h"

#define SP_MAX_QUEUES 32
#define SP_MAX_LENGTHS 16

struct sp_service {
	double aht_seconds;            /* [1, 86400] */
	double target_service_level;   /* (0, 1) */
	double target_answer_seconds;  /* >= 0 */
	double max_occupancy;          /* [0.05, 1] */
	double shrinkage;              /* [0, 0.95] */
	double bot_deflection;         /* [0, 1] */
	double concurrency;            /* [1, 100] */
	double patience_seconds;       /* [0, 86400]; 0: Erlang C, > 0: Erlang A */
	double max_abandon_rate;       /* [0.0001, 1]; used under Erlang A */
};

struct sp_queue_cfg {
	char name[64];
	struct sp_service svc;   /* resolved by sp_config_finish */
	unsigned set_mask;       /* which svc fields the section set itself */
	double min_agents;       /* >= 0 */
	int restricted;          /* only agents listing the queue serve it */
};

struct sp_config {
	/* [site] */
	char timezone[128];
	int interval_minutes;            /* 15, 30 or 60 */
	/* [service] */
	struct sp_service service;
	/* [queue.NAME]; chat and email always exist (indices 0 and 1) */
	struct sp_queue_cfg queues[SP_MAX_QUEUES];
	int nqueues;
	/* [agents] */
	double min_hours, max_hours;
	int max_days;
	double cost_per_hour;
	int min_consecutive_days_off;
	/* [shifts] (times of day in minutes after midnight) */
	double lengths_hours[SP_MAX_LENGTHS];
	int nlengths;
	int start_step_minutes;
	int earliest_start, latest_start;
	int break_minutes;
	double break_after_hours;
	double break_window_lo, break_window_hi; /* hours after shift start */
	double min_rest_hours;
	int max_consecutive_days;
	/* [costs] */
	double understaffing_penalty, preferred_off_penalty;
	double night_premium;
	int night_start, night_end;
	double change_penalty, hire_cost_per_week;
	/* [solver] */
	double time_limit_seconds, mip_gap;
};

/* Fills cfg with the documented defaults (queues chat and email). */
void sp_config_init(struct sp_config *cfg);

/* Parses INI text; file names the source in messages.  Stops at the first
 * error: "FILE:LINE: key 'section.key': <problem>, expected <what>". */
sp_status sp_config_load(struct sp_config *cfg, const char *text,
			 const char *file, struct sp_err *err);

/* Applies one "section.key" = value override (as --set does). */
sp_status sp_config_set(struct sp_config *cfg, const char *key,
			const char *value, struct sp_err *err);

/* Resolves inheritance and checks cross-key rules (min_hours <= max_hours,
 * earliest_start <= latest_start, break window order, ...). */
sp_status sp_config_finish(struct sp_config *cfg, struct sp_err *err);

/* The first shift start the config allows: the first point of the
 * start_step_minutes grid, counted from midnight (SPEC 4.2), at or after
 * earliest_start; later ones follow every start_step_minutes up to
 * latest_start. */
int sp_config_first_start(const struct sp_config *cfg);

/* Index of queue name, or -1. */
int sp_config_queue(const struct sp_config *cfg, const char *name);

/* Parses a plain decimal number ("12", "-0.5", "1e3"; surrounding blanks
 * allowed; no hex, inf or nan) into *out.  Returns SP_OK or SP_ERR_INPUT
 * (without a message: the caller knows file, line and column). */
sp_status sp_parse_number(const char *s, double *out);

#endif
