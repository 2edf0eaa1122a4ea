/* report_int.h - what the report's files share: the site clock, the KPI
 * table, the agent sections
 *
 * report.c writes report.html from its parts: report_clock.c maps instants
 * to site-local days, weeks and minutes, report_kpi.c draws the KPI table
 * (also for report_compare.c), report_weeks.c the week-by-week table of a
 * several-week horizon, report_agents.c the fairness and schedule
 * sections.
 */
#ifndef STAFFPLAN_REPORT_INT_H
#define STAFFPLAN_REPORT_INT_H

#include "staffplan/buf.h"
#include "staffplan/report.h"
#include "staffplan/tz.h"

#include <stddef.h>
#include <time.h>

/* ---- report_clock.c ---- */

/* Every interval of the horizon mapped to its local day and minute once,
 * because each sp_tz_local call switches the process time zone. */
struct rpt_clock {
	struct sp_tz tz;
	int tz_bad;               /* site_tz unknown: UTC shown instead */
	time_t hs, he;            /* horizon [hs, he) */
	long step;                /* interval length in seconds */
	int nint, ndays;
	int nweeks;               /* 7-day weeks from the start (SPEC 7); 1 up to 7 days */
	time_t *day;              /* ndays + 1 local midnights */
	struct sp_local *dloc;    /* local date of each day (and the one after) */
	int *iday, *imin;         /* per interval: day index, local minute of day */
	int night0, nightlen;     /* the run's night window: local start minute,
				   * length in minutes (0: no night) */
};

/* Horizon from the run; when horizon_start/ndays are unset, from the data. */
void rpt_clock_init(struct rpt_clock *c, const struct sp_run *run);
void rpt_clock_release(struct rpt_clock *c);
/* Interval index of t, or -1 outside the horizon. */
int rpt_clock_index(const struct rpt_clock *c, time_t t);
/* Local day index (may be -1 or ndays outside the horizon) and minute of day. */
void rpt_clock_local(const struct rpt_clock *c, time_t t, int *day, int *min);
/* "Mon 30 Nov" for day d of the horizon. */
void rpt_day_label(const struct rpt_clock *c, int d, char *out, size_t n);
/* "7–13 Dec" (or "28 Dec – 3 Jan") for week w of the horizon ("" when
 * there is no such week), and "Week 2 · 7–13 Dec". */
void rpt_week_dates(const struct rpt_clock *c, int w, char *out, size_t n);
void rpt_week_label(const struct rpt_clock *c, int w, char *out, size_t n);
/* Days [*d0, *d1) of week w (the last one may be short); returns their number. */
int rpt_week_days(const struct rpt_clock *c, int w, int *d0, int *d1);
/* x coordinate of instant t on the horizon's axis [x0, x0 + w], clipped. */
double rpt_xt(const struct rpt_clock *c, time_t t, double x0, double w);
/* The same on an axis of days [d0, d1) only (a week's strip). */
double rpt_xt_days(const struct rpt_clock *c, int d0, int d1, time_t t, double x0, double w);
/* Day labels of rpt_svg_days_grid. */
enum { RPT_LAB_SHORT, RPT_LAB_LONG, RPT_LAB_WDAY, RPT_LAB_LETTER, RPT_LAB_DATE };
/* Vertical day gridlines (a darker line where a week begins), weekend tint
 * and (ylab > 0) day labels of an axis of days [d0, d1): RPT_LAB_SHORT
 * "Mon 30", _LONG "Mon 30 Nov", _WDAY "Mon", _DATE "30", _LETTER "M" with
 * the date on a second line 11 units below. */
void rpt_svg_days_grid(struct buf *b, const struct rpt_clock *c, int d0, int d1, double x0, double w,
		       double y0, double y1, double ylab, int labels);
/* rpt_svg_days_grid over the horizon; long_labels: "Mon 30 Nov", else "Mon 30"
 * (just the date beyond 14 days). */
void rpt_svg_week_grid(struct buf *b, const struct rpt_clock *c, double x0, double w, double y0,
		       double y1, double ylab, int long_labels);
extern const char *const rpt_wday_name[7];
/* "Jan".."Dec" for month 1..12. */
const char *rpt_month_name(int month);

/* ---- report_kpi.c ---- */

/* The KPI table of one run (report.html). */
void rpt_kpi_table(struct buf *b, const struct sp_run *run);
/* The KPI table of runs[0..n) side by side, with differences against
 * runs[0]; names[i] (or runs[i].scenario) heads the columns. */
void rpt_kpi_compare(struct buf *b, const struct sp_run *runs, const char *const *names, int n);

/* ---- report_weeks.c ---- */

/* The "Week by week" table of a horizon of several weeks (nothing for one
 * week): paid hours, agents working, understaffing, coverage, service
 * level and, under Erlang A, abandon rate of each week. */
void rpt_week_table(struct buf *b, const struct sp_run *run, const struct rpt_clock *c);

/* ---- report_agents.c ---- */

/* The fairness section and the per-agent schedule bars. */
void rpt_agent_sections(struct buf *b, const struct sp_run *run, const struct rpt_clock *c);

#endif
