/* kpi.h - the key figures that follow from a run alone
 *
 * The solver fills what only it knows (objective, cost, understaffing,
 * preferred-off hours, changes, bound, gap, status, solve time).  Coverage,
 * service level, abandon rate, paid hours, agent counts and fairness
 * follow from the run's cells, shifts and agents (SPEC 5.4), so they are
 * computed here, next to the files that show them; so are the figures of
 * each week of a several-week horizon, which the report shows.
 */
#ifndef STAFFPLAN_KPI_H
#define STAFFPLAN_KPI_H

#include "staffplan/run.h"

/* An agent's contract: agents with equal values are compared for fairness. */
struct kpi_contract {
	double min_hours, max_hours;
	int max_days;
};

/* Sets run->kpis.coverage (share of cells with requirement > 0 that are
 * fully staffed; 1 without such cells), service_level (weighted by
 * arrivals; 1 without arrivals), abandon_rate (kpi_abandon_rate),
 * paid_hours, agents_scheduled (agents with a shift), agents_total
 * (run->nagents) and fairness: the spread of paid hours, nights and
 * weekends of run->agents within the contract group (contract[i] is
 * run->agents[i]'s; NULL: one group) where paid hours spread most, the
 * first such group on a tie.  An agent whose contract holds a NaN is in no
 * group.  The other fields are left as they are. */
void kpi_from_run(struct sp_run *run, const struct kpi_contract *contract);

/* The projected abandon rate of run (SPEC 8, Erlang A): the cells'
 * abandon_rate weighted by arrivals, over the cells that have one (queues
 * with patience_seconds > 0); 0 when those cells have no arrivals; NAN
 * when no cell has one (Erlang C everywhere, or a run stored before). */
double kpi_abandon_rate(const struct sp_run *run);

/* ---- weeks of the horizon (SPEC 7: 7-day weeks from the horizon start) */

/* How many weeks run's horizon has: (ndays + 6) / 7, at least 1. */
int kpi_nweeks(const struct sp_run *run);

/* What the figures count of one shift. */
struct kpi_shift {
	int day, week;            /* of the horizon, by its date; -1 outside */
	unsigned char night;      /* paid time inside the run's night window */
	unsigned char weekend;    /* its date is a Saturday or Sunday */
};

/* Fills ks[0..run->nshifts) from the shifts' dates and times in the site
 * zone (UTC when run->site_tz is unknown) and run->night_start/end. */
void kpi_classify_shifts(const struct sp_run *run, struct kpi_shift *ks);

/* One agent's figures in one week. */
struct kpi_week {
	double hours;             /* paid hours of the shifts dated in the week */
	int shifts, nights, weekends;
};

/* aw[a * kpi_nweeks(run) + w] = run->agents[a]'s figures in week w, from
 * run->shifts matched by agent id (shifts outside the horizon or of ids
 * not in run->agents are not counted).  aw has nagents * nweeks entries. */
void kpi_agent_weeks(const struct sp_run *run, struct kpi_week *aw);

/* fw[w] for every week w < kpi_nweeks(run): the week's fairness by the
 * rule kpi_from_run applies to the horizon (contract as there), over the
 * agents' figures of that week. */
void kpi_fairness_weeks(const struct sp_run *run, const struct kpi_contract *contract,
			struct sp_fairness *fw);

#endif
