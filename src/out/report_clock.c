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

const char *rpt_month_name(int month)
{
	return month_name[((month - 1) % 12 + 12) % 12];
}

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
	c->nweeks = nd > 7 ? (nd + 6) / 7 : 1;
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

void rpt_week_dates(const struct rpt_clock *c, int w, char *out, size_t n)
{
	int d0 = 7 * w, d1 = 7 * w + 6;
	const struct sp_local *a, *z;

	if (d1 >= c->ndays)
		d1 = c->ndays - 1;
	if (w < 0 || d0 > d1) {
		snprintf(out, n, "%s", "");
		return;
	}
	a = &c->dloc[d0];
	z = &c->dloc[d1];
	if (a->month == z->month)
		snprintf(out, n, "%d\xE2\x80\x93%d %s", a->day, z->day, rpt_month_name(z->month));
	else
		snprintf(out, n, "%d %s \xE2\x80\x93 %d %s", a->day, rpt_month_name(a->month), z->day,
			 rpt_month_name(z->month));
}

void rpt_week_label(const struct rpt_clock *c, int w, char *out, size_t n)
{
	char dates[40];

	rpt_week_dates(c, w, dates, sizeof(dates));
	snprintf(out, n, dates[0] ? "Week %d \xC2\xB7 %s" : "Week %d", w + 1, dates);
}

int rpt_week_days(const struct rpt_clock *c, int w, int *d0, int *d1)
{
	*d0 = 7 * w;
	*d1 = 7 * w + 7 < c->ndays ? 7 * w + 7 : c->ndays;
	return *d1 - *d0;
}

double rpt_xt_days(const struct rpt_clock *c, int d0, int d1, time_t t, double x0, double w)
{
	double f = (double)(t - c->day[d0]) / (double)(c->day[d1] - c->day[d0]);

	if (f < 0)
		f = 0;
	if (f > 1)
		f = 1;
	return x0 + f * w;
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

void rpt_svg_days_grid(struct buf *b, const struct rpt_clock *c, int d0, int d1, double x0, double w,
		       double y0, double y1, double ylab, int labels)
{
	char lab[32];

	for (int d = d0; d < d1; d++) {
		double a = rpt_xt_days(c, d0, d1, c->day[d], x0, w), z = rpt_xt_days(c, d0, d1, c->day[d + 1], x0, w);
		if (c->dloc[d].wday >= 5)
			buf_printf(b, "<rect class=\"we\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
				   a, y0, z - a, y1 - y0);
	}
	for (int d = d0; d <= d1; d++) {
		double a = rpt_xt_days(c, d0, d1, c->day[d], x0, w);
		buf_printf(b, "<path class=\"%s\" d=\"M%.1f %.1fV%.1f\"/>",
			   d > 0 && d < c->ndays && d % 7 == 0 && c->nweeks > 1 ? "wk" : "gl", a, y0, y1);
	}
	if (ylab <= 0)
		return;
	for (int d = d0; d < d1; d++) {
		double a = rpt_xt_days(c, d0, d1, c->day[d], x0, w), z = rpt_xt_days(c, d0, d1, c->day[d + 1], x0, w);
		int wd = c->dloc[d].wday % 7;
		switch (labels) {
		case RPT_LAB_LONG: rpt_day_label(c, d, lab, sizeof(lab)); break;
		case RPT_LAB_WDAY: snprintf(lab, sizeof(lab), "%s", rpt_wday_name[wd]); break;
		case RPT_LAB_LETTER: snprintf(lab, sizeof(lab), "%.1s", rpt_wday_name[wd]); break;
		case RPT_LAB_DATE: snprintf(lab, sizeof(lab), "%d", c->dloc[d].day); break;
		default: snprintf(lab, sizeof(lab), "%s %d", rpt_wday_name[wd], c->dloc[d].day);
		}
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\"%s>%s</text>", (a + z) / 2, ylab,
			   wd >= 5 && labels == RPT_LAB_LETTER ? " class=\"t\"" : "", lab);
		if (labels == RPT_LAB_LETTER)
			buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>", (a + z) / 2,
				   ylab + 11, c->dloc[d].day);
	}
}

void rpt_svg_week_grid(struct buf *b, const struct rpt_clock *c, double x0, double w, double y0,
		       double y1, double ylab, int long_labels)
{
	rpt_svg_days_grid(b, c, 0, c->ndays, x0, w, y0, y1, ylab,
			  long_labels ? RPT_LAB_LONG : c->ndays > 14 ? RPT_LAB_DATE : RPT_LAB_SHORT);
}
