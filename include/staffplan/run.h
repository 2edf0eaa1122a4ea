/* run.h - a solved run as users see it: shifts, coverage cells and KPIs
 *
 * This is the hand-over format between the solver and every output (CSV,
 * kpis.json, iCalendar, report) and what the database stores per run.  It is
 * self-contained (strings, UTC instants, the site zone name), so outputs can
 * be written from a run loaded back from SQLite without the inputs.
 * Ownership: a struct sp_run owns all its arrays and strings; release with
 * sp_run_release().
 */
#ifndef STAFFPLAN_RUN_H
#define STAFFPLAN_RUN_H

#include "staffplan/error.h"

#include <stdint.h>
#include <stdio.h>
#include <time.h>

struct sp_outset; /* fileio.h */

struct sp_run_shift {
	char *agent_id, *agent_name, *agent_tz, *email;
	char date[16];            /* site-local day the shift starts, YYYY-MM-DD */
	time_t start, end;        /* span, break included */
	time_t brk_start, brk_end;/* 0, 0 when there is no break */
	int paid_minutes;
	char *queues, *langs;     /* ';'-separated, served in this shift */
};

/* One interval x queue x language (coverage.csv plus what the report needs). */
struct sp_run_cell {
	time_t start;
	char queue[64], lang[36];
	double volume, arrivals;  /* arrivals = volume after bot deflection */
	double required, staffed, understaffed, service_level;
	double abandon_rate;      /* projected P(abandon) with the agents service_level
				   * counts; NAN when the queue is Erlang C (no patience) */
	int agents;               /* N* */
};

struct sp_fairness {
	/* per contract group (agents with the same min/max hours and max_days):
	 * the widest spread found over all groups */
	double hours_min, hours_max, hours_stddev;
	int nights_min, nights_max;     /* shifts with paid time in the night window */
	int weekends_min, weekends_max; /* shifts starting on Saturday or Sunday */
};

struct sp_run_kpis {
	double objective, cost, paid_hours, understaffing_agent_hours;
	double coverage, service_level, lower_bound, gap;
	double abandon_rate;          /* projected, weighted by arrivals over the cells
				       * that have one (kpi.h); NAN under Erlang C */
	double preferred_off_hours;   /* penalised overlap */
	int changes;                  /* shifts changed against the baseline */
	int agents_scheduled, agents_total;
	double solve_seconds;
	char status[16];              /* optimal | feasible | time_limit */
	/* how to solve it again: the searches' seed (0: built-in); with a
	 * work limit (> 0, the reproducible mode) the work done, and whether
	 * the time limit cut it short (then it may not repeat) */
	unsigned long long seed;
	double work_limit, work_done;
	int time_cut;
	struct sp_fairness fairness;
	int64_t forecast_id;          /* stored forecast (staffplan forecast --db) whose
					 text the run was given; 0: none */
};

struct sp_run_agent {
	char *id, *name, *tz, *email;
	double hours;                 /* paid hours in this run */
	int nights, weekends, shifts;
};

struct sp_run {
	int64_t id;                   /* database id, 0 until stored */
	char scenario[64];
	char created_at[32];          /* UTC, ISO 8601 */
	char site_tz[128];
	int interval_minutes;
	time_t horizon_start;
	int ndays;
	/* [costs] night window of the plan (site local minutes after midnight;
	 * start == end: no night), which the report shades and colours by */
	int night_start, night_end;
	char solver[8];               /* "glpk" or "cbc"; "" for runs stored before it was kept */
	int64_t baseline;             /* run id re-planned against, 0 = none */
	/* The roster before the horizon (SPEC 7): a stored run's id, or 0
	 * with previous_source naming a roster file; both empty: none */
	int64_t previous_run;
	char previous_source[200];
	struct sp_run_shift *shifts; int nshifts;
	struct sp_run_cell *cells; int ncells;
	struct sp_run_agent *agents; int nagents; /* every agent of the input */
	struct sp_run_kpis kpis;
};

void sp_run_init(struct sp_run *run);
void sp_run_release(struct sp_run *run);

/* Appends a shift; copies the strings.  Returns the new shift. */
struct sp_run_shift *sp_run_add_shift(struct sp_run *run, const char *agent_id,
				      const char *agent_name, const char *agent_tz,
				      const char *email);
struct sp_run_agent *sp_run_add_agent(struct sp_run *run, const char *id,
				      const char *name, const char *tz, const char *email);

/* Prints roster.csv to f. */
sp_status sp_run_print_roster(const struct sp_run *run, FILE *f, struct sp_err *err);
/* Output writers: to a temporary name, renamed into place at once (set
 * NULL) or when set is committed (fileio.h). */
sp_status sp_run_write_roster_csv(const struct sp_run *run, struct sp_outset *set, const char *path,
				  struct sp_err *err);
sp_status sp_run_write_coverage_csv(const struct sp_run *run, struct sp_outset *set, const char *path,
				    struct sp_err *err);
sp_status sp_run_write_kpis_json(const struct sp_run *run, struct sp_outset *set, const char *path,
				 struct sp_err *err);
/* kpis as a JSON text (caller frees); parse it back with sp_run_kpis_from_json. */
char *sp_run_kpis_to_json(const struct sp_run_kpis *k);
sp_status sp_run_kpis_from_json(struct sp_run_kpis *k, const char *json, struct sp_err *err);

#endif
