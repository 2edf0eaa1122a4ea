/* report.h - report.html and the scenario comparison page
 *
 * Both pages are self-contained HTML5: inline CSS and inline SVG, no script,
 * no fonts or images from the network, so they open from a mail attachment
 * or a file share.  Every text taken from the run (agent names, queues,
 * languages, scenario names) is HTML-escaped; invalid UTF-8 is replaced.
 * Times are shown in the run's site time zone (run->site_tz).  What each
 * chart shows is explained for planners in docs/REPORT.md.
 */
#ifndef STAFFPLAN_REPORT_H
#define STAFFPLAN_REPORT_H

#include "staffplan/error.h"
#include "staffplan/run.h"

/* At most this many agents get a schedule row; the page says how many were
 * left out and points to roster.csv (keeps 10,000-agent pages usable). */
#define RPT_MAX_AGENT_ROWS 400
/* At most this many (queue, language) small multiples, largest demand first. */
#define RPT_MAX_CHARTS 48

/* Writes report.html for run to path: KPI table, understaffing heat-map
 * (local day x hour), required vs staffed per (queue, language), fairness
 * figures and per-agent schedule bars.  A horizon of several weeks (more
 * than 7 days) gets a week-by-week table, the heat-map's days grouped by
 * week, one strip per week in each chart, fairness per week and each
 * week's hours per agent; cells with an abandon rate (Erlang A) add it to
 * the KPI table, the tables and the charts.  Borrows run (not modified).
 * The file is written to a temporary name and renamed into place (at once
 * when set is NULL, else when set is committed), so on error path is left
 * as it was.
 * Returns SP_OK, or SP_ERR_IO (cannot write path; message names it). */
sp_status rpt_write_html(const struct sp_run *run, struct sp_outset *set, const char *path,
			 struct sp_err *err);

/* Writes the scenario comparison page for runs[0..n-1] to path: KPIs side by
 * side with differences against runs[0], each run's horizon, and
 * per-language understaffing and service level bars (and abandon rate
 * bars when a run has one).  names[i] labels runs[i]; names or names[i] may be
 * NULL (then runs[i].scenario is used).  Borrows runs and names.  Written
 * atomically like rpt_write_html.
 * Returns SP_OK, SP_ERR_USAGE when n < 1, or SP_ERR_IO. */
sp_status rpt_write_compare_html(const struct sp_run *runs, const char *const *names, int n,
				 const char *path, struct sp_err *err);

#endif
