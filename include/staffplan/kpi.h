/* kpi.h - the key figures that follow from a run alone
 *
 * The solver fills what only it knows (objective, cost, understaffing,
 * preferred-off hours, changes, bound, gap, status, solve time).  Coverage,
 * service level, paid hours, agent counts and fairness follow from the
 * run's cells, shifts and agents (SPEC 5.4), so they are computed here,
 * next to the files that show them.
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
 * arrivals; 1 without arrivals), paid_hours, agents_scheduled (agents with
 * a shift), agents_total (run->nagents) and fairness: the spread of paid
 * hours, nights and weekends of run->agents within the contract group
 * (contract[i] is run->agents[i]'s; NULL: one group) where paid hours
 * spread most, the first such group on a tie.  An agent whose contract
 * holds a NaN is in no group.  The other fields are left as they are. */
void kpi_from_run(struct sp_run *run, const struct kpi_contract *contract);

#endif
