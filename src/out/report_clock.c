/* report_clock.c - the report's time axis: site-local days and minutes
 *
 * Times in the report are site local.  The clock maps every interval of
 * the horizon to its local day and minute once; the week axes of the
 * charts are drawn from it.
 */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const rpt_wday_name[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const month_name[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

void rpt_clock_release(struct rpt_clock *c)
{
	free(c->day);
	free(c->dloc);
	free(c->iday);
	free(c->imin);
	memset(c, 0, sizeof(*c));
}

void rpt_clock_init(struct rpt_clock *c, const struct sp_run *run)
{
	time_t lo = run->horizon_start, hi = 0;
	int nd = run->ndays;

	memset(c, 0, sizeof(*c));
	c->step = (run->interval_minutes > 0 && run->interval_minutes <= 1440 ?
		   run->interval_minutes : 60) * 60L;
	c->night0 = run->night_start;
	c->nightlen = ((run->night_end - run->night_start) % 1440 + 1440) % 1440;
	if (!run->site_tz[0] || sp_tz_init(&c->tz, run->site_tz, NULL) != SP_OK) {
		c->tz_bad = run->site_tz[0] != '\0';
		sp_tz_init(&c->tz, "UTC", NULL);
	}
	if (lo == 0 || nd <= 0) {
		int have = 0;
		for (int i = 0; i < run->ncells; i++) {
			time_t t = run->cells[i].start;
			if (!have || t < lo)
				lo = t;
			if (!have || t + c->step > hi)
				hi = t + c->step;
			have = 1;
		}
		for (int i = 0; i < run->nshifts; i++) {
			if (!have || run->shifts[i].start < lo)
				lo = run->shifts[i].start;
			if (!have || run->shifts[i].start + 1 > hi)
				hi = run->shifts[i].start + 1;
			have = 1;
		}
		if (!have)
			lo = hi = run->horizon_start;
		lo = sp_tz_day_start(&c->tz, lo);
		nd = (int)((hi - lo + 86399) / 86400);
	}
	if (nd < 1)
		nd = 1;
	if (nd > 400)
		nd = 400;
	c->ndays = nd;
	c->day = sp_xcalloc((size_t)nd + 1, sizeof(*c->day));
	c->dloc = sp_xcalloc((size_t)nd + 1, sizeof(*c->dloc));
	c->day[0] = lo;
	for (int d = 1; d <= nd; d++)
		c->day[d] = sp_tz_add_days(&c->tz, lo, d);
	for (int d = 0; d <= nd; d++)
		sp_tz_local(&c->tz, c->day[d], &c->dloc[d]);
	c->hs = lo;
	c->he = c->day[nd];
	c->nint = (int)((c->he - c->hs + c->step - 1) / c->step);
	if (c->nint < 1)
		c->nint = 1;
	c->iday = sp_xcalloc((size_t)c->nint, sizeof(*c->iday));
	c->imin = sp_xcalloc((size_t)c->nint, sizeof(*c->imin));
	for (int i = 0, d = 0; i < c->nint; i++) {
		time_t t = c->hs + i * c->step;
		while (d + 1 < nd && t >= c->day[d + 1])
			d++;
		c->iday[i] = d;
		/* a day without an offset change is plain arithmetic */
		if (c->day[d + 1] - c->day[d] == 86400 && c->dloc[d].utcoff == c->dloc[d + 1].utcoff) {
			c->imin[i] = (int)((t - c->day[d]) / 60);
		} else {
			struct sp_local l;
			sp_tz_local(&c->tz, t, &l);
			c->imin[i] = l.hour * 60 + l.min;
		}
	}
}

int rpt_clock_index(const struct rpt_clock *c, time_t t)
{
	if (t < c->hs || t >= c->he)
		return -1;
	return (int)((t - c->hs) / c->step);
}

void rpt_clock_local(const struct rpt_clock *c, time_t t, int *day, int *min)
{
	int i = rpt_clock_index(c, t);
	struct sp_local l;

	if (i >= 0) {
		*day = c->iday[i];
		*min = c->imin[i] + (int)((t - (c->hs + i * c->step)) / 60);
		if (*min >= 1440 && *day + 1 < c->ndays) {
			*min -= 1440;
			(*day)++;
		}
		return;
	}
	sp_tz_local(&c->tz, t, &l);
	*day = t < c->hs ? -1 : c->ndays;
	*min = l.hour * 60 + l.min;
}

void rpt_day_label(const struct rpt_clock *c, int d, char *out, size_t n)
{
	const struct sp_local *l;

	if (d < 0 || d > c->ndays) {
		snprintf(out, n, "%s", d < 0 ? "before" : "after");
		return;
	}
	l = &c->dloc[d];
	snprintf(out, n, "%s %d %s", rpt_wday_name[l->wday % 7], l->day, month_name[(l->month + 11) % 12]);
}

double rpt_xt(const struct rpt_clock *c, time_t t, double x0, double w)
{
	double f = (double)(t - c->hs) / (double)(c->he - c->hs);

	if (f < 0)
		f = 0;
	if (f > 1)
		f = 1;
	return x0 + f * w;
}

void rpt_svg_week_grid(struct buf *b, const struct rpt_clock *c, double x0, double w, double y0,
		       double y1, double ylab, int long_labels)
{
	char lab[32];

	for (int d = 0; d < c->ndays; d++) {
		double a = rpt_xt(c, c->day[d], x0, w), z = rpt_xt(c, c->day[d + 1], x0, w);
		if (c->dloc[d].wday >= 5)
			buf_printf(b, "<rect class=\"we\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
				   a, y0, z - a, y1 - y0);
	}
	for (int d = 0; d <= c->ndays; d++) {
		double a = rpt_xt(c, c->day[d], x0, w);
		buf_printf(b, "<path class=\"gl\" d=\"M%.1f %.1fV%.1f\"/>", a, y0, y1);
	}
	if (ylab <= 0)
		return;
	for (int d = 0; d < c->ndays; d++) {
		double a = rpt_xt(c, c->day[d], x0, w), z = rpt_xt(c, c->day[d + 1], x0, w);
		if (long_labels)
			rpt_day_label(c, d, lab, sizeof(lab));
		else if (c->ndays > 14)
			snprintf(lab, sizeof(lab), "%d", c->dloc[d].day);
		else
			snprintf(lab, sizeof(lab), "%s %d", rpt_wday_name[c->dloc[d].wday % 7], c->dloc[d].day);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
			   (a + z) / 2, ylab, lab);
	}
}
