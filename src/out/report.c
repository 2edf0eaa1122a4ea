/* report.c - report.html and the scenario comparison page
 *
 * A page is built in one struct buf and written with sp_write_file (a
 * temporary name, then rename).  Everything is inline: CSS in <style>, charts
 * as <svg> without xmlns (HTML5 parsing needs none), tooltips as SVG <title>,
 * no script.  Week series are drawn as step paths that emit a point only when
 * the value changes, which keeps a week of 15-minute data small; the agent
 * rows are capped (RPT_MAX_AGENT_ROWS) so 10,000 agents still give a page of
 * reasonable size.  Times are site local: a struct clock maps every interval
 * of the horizon to its local day and minute once, because each sp_tz_local
 * call switches the process time zone.
 */
#include "staffplan/report.h"

#include "staffplan/buf.h"
#include "staffplan/date.h"
#include "staffplan/fileio.h"
#include "staffplan/text.h"
#include "staffplan/tz.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const wday_name[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const month_name[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
/* Series colours of the comparison page (colour-blind friendly order). */
static const char *const series_colour[8] = { "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1",
					      "#e15759", "#76b7b2", "#edc948", "#9c755f" };

/* ---------------------------------------------------------------- text */
/* Appends s HTML-escaped (text and attribute values alike).  Invalid UTF-8
 * becomes U+FFFD, control characters a space.  width > 0 truncates to that
 * many columns (wide East Asian characters count two) and adds an ellipsis. */
static void put_esc_w(struct buf *b, const char *s, int width)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *end = p + strlen((const char *)p);
	int used = 0, total = 0;
	size_t start = b->len;

	if (width > 0) {
		for (const unsigned char *q = p; *q;) {
			int len = (int)sp_utf8_seq(q, (size_t)(end - q));
			total += len >= 3 ? 2 : 1; /* U+0800 and up: CJK, kana, hangul are wide */
			q += len ? len : 1;
		}
		if (total <= width)
			width = 0;
	}
	while (*p) {
		int len = (int)sp_utf8_seq(p, (size_t)(end - p));
		int w = len >= 3 ? 2 : 1;

		if (width > 0 && used + w > width - 1) {
			while (b->len > start && b->s[b->len - 1] == ' ')
				b->s[--b->len] = '\0';
			buf_puts(b, "\xE2\x80\xA6");
			return;
		}
		used += w;
		if (len == 0) {
			buf_puts(b, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		if (len > 1) {
			buf_add(b, (const char *)p, (size_t)len);
			p += len;
			continue;
		}
		switch (*p) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		default:
			buf_putc(b, (*p < 0x20 || *p == 0x7F) ? ' ' : (char)*p);
		}
		p++;
	}
}

static void put_esc(struct buf *b, const char *s)
{
	put_esc_w(b, s, 0);
}

/* Formats v with dec decimals and ',' thousands separators; "–" when v is
 * not finite.  Returns out. */
static char *fmt_num(char *out, size_t n, double v, int dec)
{
	char raw[64];
	size_t il, k = 0;
	const char *dot;
	int neg;

	if (!isfinite(v)) {
		snprintf(out, n, "\xE2\x80\x93");
		return out;
	}
	if (fabs(v) >= 1e15) {
		snprintf(out, n, "%.3g", v);
		return out;
	}
	snprintf(raw, sizeof(raw), "%.*f", dec, fabs(v));
	neg = v < 0 && strspn(raw, "0.") != strlen(raw);
	dot = strchr(raw, '.');
	il = dot ? (size_t)(dot - raw) : strlen(raw);
	if (neg && k + 1 < n)
		out[k++] = '-';
	for (size_t i = 0; raw[i] && k + 1 < n; i++) {
		if (i < il && i > 0 && (il - i) % 3 == 0 && k + 1 < n)
			out[k++] = ',';
		if (k + 1 < n)
			out[k++] = raw[i];
	}
	out[k] = '\0';
	return out;
}

/* Share in [0, 1] as "83.4 %"; "–" when not finite. */
static char *fmt_pct(char *out, size_t n, double v, int dec)
{
	if (!isfinite(v))
		snprintf(out, n, "\xE2\x80\x93");
	else
		snprintf(out, n, "%.*f %%", dec, v * 100.0);
	return out;
}

/* Hours without trailing ".0" noise: 38 h, 37.5 h. */
static char *fmt_hours(char *out, size_t n, double h)
{
	if (fabs(h - floor(h + 0.5)) < 0.05)
		snprintf(out, n, "%.0f", h);
	else
		snprintf(out, n, "%.1f", h);
	return out;
}

/* The least "nice" number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k) not below v. */
static double nice_ceil(double v)
{
	static const double m[] = { 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 };
	double p;

	if (!(v > 0) || !isfinite(v))
		return 1;
	p = pow(10, floor(log10(v)));
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (m[i] * p >= v * (1 - 1e-9))
			return m[i] * p;
	return 10 * p;
}

/* Short tick label: 0, 2.5, 10, 1.2k. */
static char *fmt_tick(char *out, size_t n, double v)
{
	if (fabs(v) >= 10000)
		snprintf(out, n, "%.0fk", v / 1000);
	else if (fabs(v) >= 1000)
		snprintf(out, n, "%.1fk", v / 1000);
	else if (fabs(v - floor(v)) < 1e-9)
		snprintf(out, n, "%.0f", v);
	else if (fabs(v * 10 - floor(v * 10 + 0.5)) < 1e-6)
		snprintf(out, n, "%.1f", v);
	else
		snprintf(out, n, "%.2f", v);
	return out;
}

/* ---------------------------------------------------------------- time */

struct clock {
	struct sp_tz tz;
	int tz_bad;               /* site_tz unknown: UTC shown instead */
	time_t hs, he;            /* horizon [hs, he) */
	long step;                /* interval length in seconds */
	int nint, ndays;
	time_t *day;              /* ndays + 1 local midnights */
	struct sp_local *dloc;    /* local date of each day (and the one after) */
	int *iday, *imin;         /* per interval: day index, local minute of day */
	int night0, nightlen;     /* the run's night window: local start minute,
				   * length in minutes (0: no night) */
};

static void clock_release(struct clock *c)
{
	free(c->day);
	free(c->dloc);
	free(c->iday);
	free(c->imin);
	memset(c, 0, sizeof(*c));
}

/* Horizon from the run; when horizon_start/ndays are unset, from the data. */
static void clock_init(struct clock *c, const struct sp_run *run)
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

/* Interval index of t, or -1 outside the horizon. */
static int clock_index(const struct clock *c, time_t t)
{
	if (t < c->hs || t >= c->he)
		return -1;
	return (int)((t - c->hs) / c->step);
}

/* Local day index (may be -1 or ndays outside the horizon) and minute of day. */
static void clock_local(const struct clock *c, time_t t, int *day, int *min)
{
	int i = clock_index(c, t);
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

/* "Mon 30 Nov" for day d of the horizon. */
static void day_label(const struct clock *c, int d, char *out, size_t n)
{
	const struct sp_local *l;

	if (d < 0 || d > c->ndays) {
		snprintf(out, n, "%s", d < 0 ? "before" : "after");
		return;
	}
	l = &c->dloc[d];
	snprintf(out, n, "%s %d %s", wday_name[l->wday % 7], l->day, month_name[(l->month + 11) % 12]);
}

/* x coordinate of instant t on a week axis [x0, x0 + w], clipped. */
static double xt(const struct clock *c, time_t t, double x0, double w)
{
	double f = (double)(t - c->hs) / (double)(c->he - c->hs);

	if (f < 0)
		f = 0;
	if (f > 1)
		f = 1;
	return x0 + f * w;
}

/* Weekday (0 = Monday) of a "YYYY-MM-DD" date, -1 when it does not parse. */
static int date_wday(const char *s)
{
	long d;

	return sp_date_parse(s, &d) ? -1 : sp_weekday(d);
}

/* ---------------------------------------------------------------- page */

static const char page_css[] =
	"*{box-sizing:border-box}"
	"body{font:13px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK SC',"
	"'Microsoft YaHei',sans-serif;color:#1f2d3d;margin:18px 28px;background:#fff}"
	"h1{font-size:21px;margin:0 0 2px}"
	"h2{font-size:15px;margin:22px 0 8px;padding-bottom:3px;border-bottom:1px solid #d9e0e7}"
	"h3{font-size:13px;margin:0 0 4px}"
	".meta{color:#5b6b7b;margin:0 0 6px}.note{color:#5b6b7b;font-size:12px;margin:4px 0}"
	".warn{color:#9a3412}"
	".row{display:flex;gap:32px;align-items:flex-start;flex-wrap:wrap}"
	"table{border-collapse:collapse}"
	"th,td{padding:3px 10px 3px 0;text-align:left;vertical-align:top}"
	"th{font-weight:600;color:#3d4d5d;border-bottom:1px solid #d9e0e7}"
	"tr+tr td{border-top:1px solid #eef1f4}"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	"td.h{color:#6b7b8b;font-size:11.5px;line-height:1.3}table.kpi{width:520px}table.kpi td:first-child{white-space:nowrap}"
	".st{display:inline-block;padding:0 7px;border-radius:9px;font-weight:600;font-size:12px}"
	".st-optimal{background:#dcfce7;color:#166534}.st-feasible{background:#fef9c3;color:#854d0e}"
	".st-other{background:#fee2e2;color:#991b1b}"
	".d{display:block;font-size:11px;color:#8a96a3}.d.good{color:#15803d}.d.bad{color:#b91c1c}"
	".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(400px,1fr));gap:10px 22px}"
	".sm{min-width:0}.smh{display:flex;justify-content:space-between;gap:8px;font-size:12px}"
	".smh b{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}"
	".smh span{color:#5b6b7b;white-space:nowrap}.smh .bad{color:#b91c1c}"
	".lg{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;color:#3d4d5d;margin:2px 0 8px}"
	".lg i{display:inline-block;width:14px;height:10px;margin-right:5px;vertical-align:-1px;border-radius:2px}"
	".lg i.ln{height:0;border-top:2px solid #1f2d3d;border-radius:0;vertical-align:3px}"
	"ol.hot{margin:4px 0 0 18px;padding:0}ol.hot li{margin:1px 0}"
	"svg{display:block;max-width:100%;height:auto;overflow:visible}"
	"svg text{font-size:10px;fill:#5b6b7b}"
	"svg .t{fill:#1f2d3d}svg .w{fill:#fff}"
	"svg .gl{stroke:#d3dae1;stroke-width:1}svg .gl2{stroke:#eef1f4;stroke-width:1}"
	"svg .req{fill:none;stroke:#1f2d3d;stroke-width:1.3;stroke-linejoin:round}"
	"svg .reqa{fill:#e4572e}svg .stfa{fill:#a9cbe8}"
	"svg .stf{fill:none;stroke:#4a86c0;stroke-width:1}"
	"svg .we{fill:#f7f3ea}svg .ni{fill:#5b3fa0;fill-opacity:.09}"
	"svg .k0{fill:#3a7bd5}svg .k1{fill:#5b3fa0}svg .k2{fill:#e8913a}svg .k3{fill:#9a3412}"
	"svg .bk{stroke:#8a96a3;stroke-width:1}"
	"svg .hb{fill:#7c93ab}"
	".sticky{position:sticky;top:0;background:#fff;z-index:1}"
	"@media print{.sticky{position:static}body{margin:8mm}}";

static void page_begin(struct buf *b, const char *title)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"generator\" content=\"staffplan\">\n<title>");
	put_esc(b, title);
	buf_puts(b, "</title>\n<style>");
	buf_puts(b, page_css);
	buf_puts(b, "</style>\n</head>\n<body>\n");
}

static void page_end(struct buf *b)
{
	buf_puts(b, "</body>\n</html>\n");
}

/* ---------------------------------------------------------------- KPIs */

enum { KF_STATUS, KF_MONEY, KF_HOURS, KF_PCT, KF_GAP, KF_AGENTS, KF_SEC };

struct kpi_def {
	const char *label, *hint;
	size_t off;   /* offset of the field in struct sp_run_kpis */
	int fmt;
	int better;   /* -1 lower is better, +1 higher is better, 0 neither */
};

#define KOFF(f) offsetof(struct sp_run_kpis, f)
static const struct kpi_def kpi_defs[] = {
	{ "Status", "optimal, feasible or time_limit", KOFF(status), KF_STATUS, 0 },
	{ "Objective", "wages + understaffing and other penalties (what is minimised)", KOFF(objective), KF_MONEY, -1 },
	{ "Cost", "wages including night premium", KOFF(cost), KF_MONEY, -1 },
	{ "Paid hours", "sum of paid shift hours", KOFF(paid_hours), KF_HOURS, 0 },
	{ "Understaffed agent-hours", "requirement the roster leaves uncovered", KOFF(understaffing_agent_hours), KF_HOURS, -1 },
	{ "Coverage", "share of interval cells with demand that are fully staffed", KOFF(coverage), KF_PCT, 1 },
	{ "Service level", "projected, weighted by contacts after the bot", KOFF(service_level), KF_PCT, 1 },
	{ "Lower bound", "no roster can have a smaller objective", KOFF(lower_bound), KF_MONEY, 0 },
	{ "Gap", "(objective \xE2\x88\x92 lower bound) / objective", KOFF(gap), KF_GAP, -1 },
	{ "Agents scheduled", "with at least one shift / in the input", KOFF(agents_scheduled), KF_AGENTS, 0 },
	{ "Solve seconds", "solver wall time", KOFF(solve_seconds), KF_SEC, 0 },
};
#define NKPI ((int)(sizeof(kpi_defs) / sizeof(kpi_defs[0])))

static double kpi_get(const struct sp_run_kpis *k, const struct kpi_def *d)
{
	const char *p = (const char *)k + d->off;
	double v;
	int iv;

	if (d->fmt == KF_AGENTS) {
		memcpy(&iv, p, sizeof(iv));
		return iv;
	}
	if (d->fmt == KF_STATUS)
		return NAN;
	memcpy(&v, p, sizeof(v));
	return v;
}

static void kpi_status_html(struct buf *b, const char *status)
{
	const char *cls = !strcmp(status, "optimal") ? "optimal" :
			  !strcmp(status, "feasible") ? "feasible" : "other";

	buf_printf(b, "<span class=\"st st-%s\">", cls);
	put_esc(b, status[0] ? status : "unknown");
	buf_puts(b, "</span>");
}

static void kpi_value_html(struct buf *b, const struct sp_run_kpis *k, const struct kpi_def *d)
{
	char s[64];
	double v = kpi_get(k, d);

	switch (d->fmt) {
	case KF_STATUS: {
		char st[sizeof(k->status) + 1];
		memcpy(st, k->status, sizeof(k->status));
		st[sizeof(k->status)] = '\0';
		kpi_status_html(b, st);
		return;
	}
	case KF_MONEY: fmt_num(s, sizeof(s), v, 2); break;
	case KF_HOURS: fmt_num(s, sizeof(s), v, 1); break;
	case KF_PCT: fmt_pct(s, sizeof(s), v, 1); break;
	case KF_GAP: fmt_pct(s, sizeof(s), v, 2); break;
	case KF_SEC: fmt_num(s, sizeof(s), v, 1); break;
	case KF_AGENTS: {
		char a[32], t[32];
		snprintf(s, sizeof(s), "%s / %s", fmt_num(a, sizeof(a), k->agents_scheduled, 0),
			 fmt_num(t, sizeof(t), k->agents_total, 0));
		break;
	}
	default: s[0] = '\0';
	}
	buf_puts(b, s);
}

/* Difference of run k against base k0, coloured by whether it is better. */
static void kpi_delta_html(struct buf *b, const struct sp_run_kpis *k, const struct sp_run_kpis *k0,
			   const struct kpi_def *d)
{
	double v = kpi_get(k, d), v0 = kpi_get(k0, d), dv = v - v0;
	const char *cls = "";
	char s[160], r[48];

	if (d->fmt == KF_STATUS || !isfinite(dv))
		return;
	if (fabs(dv) < 1e-9) {
		buf_puts(b, "<span class=\"d\">\xC2\xB1" "0</span>");
		return;
	}
	if (d->better)
		cls = (dv * d->better > 0) ? " good" : " bad";
	switch (d->fmt) {
	case KF_PCT:
	case KF_GAP:
		snprintf(s, sizeof(s), "%+.*f pp", d->fmt == KF_GAP ? 2 : 1, dv * 100);
		break;
	case KF_AGENTS:
	case KF_SEC:
		fmt_num(r, sizeof(r), dv, d->fmt == KF_SEC ? 1 : 0);
		snprintf(s, sizeof(s), "%s%s%s", dv > 0 ? "+" : "", r, d->fmt == KF_SEC ? " s" : "");
		break;
	default:
		fmt_num(r, sizeof(r), dv, d->fmt == KF_MONEY ? 2 : 1);
		if (fabs(v0) > 1e-9)
			snprintf(s, sizeof(s), "%s%s (%+.1f %%)", dv > 0 ? "+" : "", r, dv / fabs(v0) * 100);
		else
			snprintf(s, sizeof(s), "%s%s", dv > 0 ? "+" : "", r);
	}
	buf_printf(b, "<span class=\"d%s\">%s</span>", cls, s);
}

static void kpi_table(struct buf *b, const struct sp_run *run)
{
	const struct sp_run_kpis *k = &run->kpis;
	char s[64];

	buf_puts(b, "<table class=\"kpi\">\n");
	for (int i = 0; i < NKPI; i++) {
		buf_printf(b, "<tr><td>%s</td><td class=\"n\">", kpi_defs[i].label);
		kpi_value_html(b, k, &kpi_defs[i]);
		buf_printf(b, "</td><td class=\"h\">%s</td></tr>\n", kpi_defs[i].hint);
	}
	if (k->preferred_off_hours > 0)
		buf_printf(b, "<tr><td>Preferred-off hours worked</td><td class=\"n\">%s</td>"
			      "<td class=\"h\">shift time overlapping a preferred day off</td></tr>\n",
			   fmt_num(s, sizeof(s), k->preferred_off_hours, 1));
	if (run->baseline)
		buf_printf(b, "<tr><td>Shifts changed</td><td class=\"n\">%d</td>"
			      "<td class=\"h\">added, removed or moved against run #%lld</td></tr>\n",
			   k->changes, (long long)run->baseline);
	buf_puts(b, "</table>\n");
}

/* ---------------------------------------------------------------- cells */

/* One (queue, language) series over the horizon. */
struct pair {
	const char *queue, *lang;
	int qorder;               /* first appearance of the queue */
	double *req, *stf;        /* per interval */
	double *hm;               /* understaffed agent-hours per local day x hour */
	double req_h, short_h;    /* agent-hours */
	double arr, slw;          /* arrivals and arrivals x service level */
	double peak;
};

struct cellview {
	struct pair *p;
	int np;
	double *hm;               /* all pairs, ndays x 24 */
	double short_h;
};

/* Orders cell pointers by queue, language, start. */
static int cmp_cell(const void *a, const void *b)
{
	const struct sp_run_cell *x = *(const struct sp_run_cell *const *)a;
	const struct sp_run_cell *y = *(const struct sp_run_cell *const *)b;
	int c = strcmp(x->queue, y->queue);

	if (!c)
		c = strcmp(x->lang, y->lang);
	if (!c)
		c = (x->start > y->start) - (x->start < y->start);
	return c;
}

static void cells_release(struct cellview *v)
{
	for (int i = 0; i < v->np; i++) {
		free(v->p[i].req);
		free(v->p[i].stf);
		free(v->p[i].hm);
	}
	free(v->p);
	free(v->hm);
	memset(v, 0, sizeof(*v));
}

static void cells_build(struct cellview *v, const struct sp_run *run, const struct clock *c)
{
	const struct sp_run_cell **idx = sp_xcalloc((size_t)run->ncells + 1, sizeof(*idx));
	const char **qs = sp_xcalloc((size_t)run->ncells + 1, sizeof(*qs));
	int nq = 0;
	double hfac = (double)c->step / 3600.0;
	size_t nhm = (size_t)c->ndays * 24;

	memset(v, 0, sizeof(*v));
	v->hm = sp_xcalloc(nhm, sizeof(double));
	for (int i = 0; i < run->ncells; i++) {
		int q;
		idx[i] = &run->cells[i];
		for (q = 0; q < nq; q++)
			if (!strcmp(qs[q], run->cells[i].queue))
				break;
		if (q == nq)
			qs[nq++] = run->cells[i].queue;
	}
	qsort(idx, (size_t)run->ncells, sizeof(*idx), cmp_cell);
	v->p = sp_xcalloc((size_t)run->ncells + 1, sizeof(*v->p));
	for (int k = 0; k < run->ncells; k++) {
		const struct sp_run_cell *cl = idx[k];
		struct pair *p;
		int i;

		if (!v->np || strcmp(v->p[v->np - 1].queue, cl->queue) ||
		    strcmp(v->p[v->np - 1].lang, cl->lang)) {
			p = &v->p[v->np++];
			p->queue = cl->queue;
			p->lang = cl->lang;
			for (p->qorder = 0; p->qorder < nq; p->qorder++)
				if (!strcmp(qs[p->qorder], cl->queue))
					break;
			p->req = sp_xcalloc((size_t)c->nint, sizeof(double));
			p->stf = sp_xcalloc((size_t)c->nint, sizeof(double));
			p->hm = sp_xcalloc(nhm, sizeof(double));
		}
		p = &v->p[v->np - 1];
		if (isfinite(cl->arrivals) && isfinite(cl->service_level) && cl->arrivals > 0) {
			p->arr += cl->arrivals;
			p->slw += cl->arrivals * cl->service_level;
		}
		i = clock_index(c, cl->start);
		if (i < 0)
			continue;
		p->req[i] += cl->required;
		p->stf[i] += cl->staffed;
		p->req_h += cl->required * hfac;
		if (cl->understaffed > 0) {
			double u = cl->understaffed * hfac;
			size_t h = (size_t)c->iday[i] * 24 + (size_t)(c->imin[i] / 60 % 24);
			p->short_h += u;
			p->hm[h] += u;
			v->hm[h] += u;
			v->short_h += u;
		}
	}
	for (int k = 0; k < v->np; k++) {
		struct pair *p = &v->p[k];
		for (int i = 0; i < c->nint; i++) {
			if (p->req[i] > p->peak)
				p->peak = p->req[i];
			if (p->stf[i] > p->peak)
				p->peak = p->stf[i];
		}
	}
	free(idx);
	free(qs);
}

static int cmp_pair_size(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	return (x->req_h < y->req_h) - (x->req_h > y->req_h);
}

static int cmp_pair_show(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->qorder != y->qorder)
		return x->qorder - y->qorder;
	if (x->req_h != y->req_h)
		return (x->req_h < y->req_h) - (x->req_h > y->req_h);
	return strcmp(x->lang, y->lang);
}

/* Vertical day gridlines, weekend tint and day labels of a week axis. */
static void svg_week_grid(struct buf *b, const struct clock *c, double x0, double w, double y0,
			  double y1, double ylab, int long_labels)
{
	char lab[32];

	for (int d = 0; d < c->ndays; d++) {
		double a = xt(c, c->day[d], x0, w), z = xt(c, c->day[d + 1], x0, w);
		if (c->dloc[d].wday >= 5)
			buf_printf(b, "<rect class=\"we\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
				   a, y0, z - a, y1 - y0);
	}
	for (int d = 0; d <= c->ndays; d++) {
		double a = xt(c, c->day[d], x0, w);
		buf_printf(b, "<path class=\"gl\" d=\"M%.1f %.1fV%.1f\"/>", a, y0, y1);
	}
	if (ylab <= 0)
		return;
	for (int d = 0; d < c->ndays; d++) {
		double a = xt(c, c->day[d], x0, w), z = xt(c, c->day[d + 1], x0, w);
		if (long_labels)
			day_label(c, d, lab, sizeof(lab));
		else if (c->ndays > 14)
			snprintf(lab, sizeof(lab), "%d", c->dloc[d].day);
		else
			snprintf(lab, sizeof(lab), "%s %d", wday_name[c->dloc[d].wday % 7], c->dloc[d].day);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
			   (a + z) / 2, ylab, lab);
	}
}

/* Step path of v over the horizon: y = yb - v * ys.  closed: an area down to
 * the baseline.  Emits a vertex only where the value changes. */
static void path_steps(struct buf *b, const struct clock *c, const double *v, double x0, double w,
		       double yb, double ys, int closed)
{
	double py = yb - v[0] * ys;

	if (closed)
		buf_printf(b, "M%.1f %.1fV%.1f", x0, yb, py);
	else
		buf_printf(b, "M%.1f %.1f", x0, py);
	for (int i = 1; i < c->nint; i++) {
		double y = yb - v[i] * ys;
		if (fabs(y - py) >= 0.05) {
			buf_printf(b, "H%.1fV%.1f", x0 + w * i / c->nint, y);
			py = y;
		}
	}
	buf_printf(b, "H%.1f", x0 + w);
	if (closed)
		buf_printf(b, "V%.1fZ", yb);
}

static void chart_pair(struct buf *b, const struct clock *c, const struct pair *p)
{
	const double W = 440, H = 118, x0 = 30, w = W - x0 - 4, y0 = 6, yb = H - 16;
	double top = nice_ceil(p->peak > 0 ? p->peak * 1.04 : 1), ys = (yb - y0) / top;
	char t1[16], t2[16], s[48];

	buf_puts(b, "<div class=\"sm\"><div class=\"smh\"><b>");
	put_esc(b, p->queue);
	buf_puts(b, " \xC2\xB7 ");
	put_esc(b, p->lang);
	buf_printf(b, "</b><span>need %s agent-h", fmt_num(s, sizeof(s), p->req_h, 0));
	if (p->short_h >= 0.05)
		buf_printf(b, " \xC2\xB7 <span class=\"bad\">short %s</span>",
			   fmt_num(s, sizeof(s), p->short_h, 1));
	if (p->arr > 0)
		buf_printf(b, " \xC2\xB7 SL %s", fmt_pct(s, sizeof(s), p->slw / p->arr, 0));
	buf_printf(b, "</span></div>\n<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
		      "role=\"img\" aria-label=\"required and staffed agents\">",
		   W, H, W, H);
	svg_week_grid(b, c, x0, w, y0, yb, H - 4, 0);
	/* horizontal gridlines and y labels: 0, half, top */
	for (int g = 1; g <= 2; g++) {
		double y = yb - (top * g / 2) * ys;
		buf_printf(b, "<path class=\"gl2\" d=\"M%.1f %.1fH%.1f\"/>", x0, y, x0 + w);
	}
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
		      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
		      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">0</text>",
		   x0 - 3, y0 + 4, fmt_tick(t1, sizeof(t1), top), x0 - 3, yb - (top / 2) * ys + 3,
		   fmt_tick(t2, sizeof(t2), top / 2), x0 - 3, yb + 3);
	/* red under required, blue staffed on top: red shows only where short */
	buf_puts(b, "<path class=\"reqa\" d=\"");
	path_steps(b, c, p->req, x0, w, yb, ys, 1);
	buf_puts(b, "\"/><path class=\"stfa\" d=\"");
	path_steps(b, c, p->stf, x0, w, yb, ys, 1);
	buf_puts(b, "\"/><path class=\"stf\" d=\"");
	path_steps(b, c, p->stf, x0, w, yb, ys, 0);
	buf_puts(b, "\"/><path class=\"req\" d=\"");
	path_steps(b, c, p->req, x0, w, yb, ys, 0);
	buf_printf(b, "\"/><path class=\"gl\" d=\"M%.1f %.1fH%.1f\"/></svg></div>\n", x0, yb, x0 + w);
}

static void section_curves(struct buf *b, const struct clock *c, const struct cellview *v)
{
	struct pair *show;
	int n = v->np;

	buf_puts(b, "<h2>Required vs staffed, per queue and language</h2>\n"
		    "<div class=\"lg\"><span><i class=\"ln\"></i>required agents</span>"
		    "<span><i style=\"background:#a9cbe8\"></i>staffed (agent time on the queue)</span>"
		    "<span><i style=\"background:#e4572e\"></i>short: required above staffed</span>"
		    "<span><i style=\"background:#f7f3ea;border:1px solid #e4dccb\"></i>weekend</span>"
		    "<span>each chart has its own vertical scale</span></div>\n");
	if (!n) {
		buf_puts(b, "<p class=\"note\">The run has no coverage cells.</p>\n");
		return;
	}
	show = sp_xcalloc((size_t)n, sizeof(*show));
	memcpy(show, v->p, (size_t)n * sizeof(*show));
	if (n > RPT_MAX_CHARTS) {
		qsort(show, (size_t)n, sizeof(*show), cmp_pair_size);
		n = RPT_MAX_CHARTS;
	}
	qsort(show, (size_t)n, sizeof(*show), cmp_pair_show);
	buf_puts(b, "<div class=\"grid\">\n");
	for (int i = 0; i < n; i++)
		chart_pair(b, c, &show[i]);
	buf_puts(b, "</div>\n");
	if (n < v->np)
		buf_printf(b, "<p class=\"note\">Showing the %d largest of %d queue/language pairs; "
			      "coverage.csv has all of them.</p>\n", n, v->np);
	free(show);
}

/* ---------------------------------------------------------------- heat-map */

/* Sequential yellow-orange-red scale; f in (0, 1]. */
static void heat_colour(double f, char out[8])
{
	static const unsigned char stop[5][3] = {
		{ 255, 237, 160 }, { 254, 195, 90 }, { 248, 130, 55 }, { 222, 45, 38 }, { 140, 0, 30 }
	};
	double x = f * 4;
	int i = (int)x;
	double t;

	if (i >= 4) {
		i = 3;
		x = 4;
	}
	if (i < 0)
		i = 0;
	t = x - i;
	snprintf(out, 8, "#%02x%02x%02x",
		 (unsigned)(stop[i][0] + (stop[i + 1][0] - stop[i][0]) * t + 0.5) & 255u,
		 (unsigned)(stop[i][1] + (stop[i + 1][1] - stop[i][1]) * t + 0.5) & 255u,
		 (unsigned)(stop[i][2] + (stop[i + 1][2] - stop[i][2]) * t + 0.5) & 255u);
}

static void section_heatmap(struct buf *b, const struct clock *c, const struct cellview *v)
{
	const double lx = 84, cw = 26, ch = 21, ty = 16;
	double max = 0, W, H, lgy;
	char lab[32], col[8], s[32];

	for (size_t i = 0; i < (size_t)c->ndays * 24; i++)
		if (v->hm[i] > max)
			max = v->hm[i];
	W = lx + 24 * cw + 64;
	lgy = ty + c->ndays * ch + 14;
	H = lgy + 30;
	buf_puts(b, "<div><h3>Understaffing by day and hour (agent-hours short, site time)</h3>\n");
	buf_printf(b, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
		      "aria-label=\"understaffing heat-map\">", W, H, W, H);
	for (int h = 0; h < 24; h++)
		buf_printf(b, "<text x=\"%.1f\" y=\"11\" text-anchor=\"middle\">%02d</text>",
			   lx + h * cw + cw / 2, h);
	buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"11\" text-anchor=\"end\">day total</text>",
		   lx + 24 * cw + 60);
	for (int d = 0; d < c->ndays; d++) {
		double y = ty + d * ch, tot = 0;
		day_label(c, d, lab, sizeof(lab));
		buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
			   lx - 6, y + ch / 2 + 3.5, lab);
		for (int h = 0; h < 24; h++) {
			double u = v->hm[(size_t)d * 24 + (size_t)h];
			double f = max > 0 ? u / max : 0;
			tot += u;
			if (u >= 0.005)
				heat_colour(f, col);
			else
				snprintf(col, sizeof(col), "#f1f4f7");
			buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
				      "<title>%s %02d:00\xE2\x80\x93%02d:00: %.2f agent-hours short</title></rect>",
				   lx + h * cw + 0.5, y + 0.5, cw - 1, ch - 1, col, lab, h, (h + 1) % 24, u);
			if (u >= 0.05)
				buf_printf(b, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
					   f > 0.6 ? "w" : "t", lx + h * cw + cw / 2, y + ch / 2 + 3.5,
					   u >= 9.95 ? fmt_num(s, sizeof(s), u, 0) : fmt_num(s, sizeof(s), u, 1));
		}
		buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
			   lx + 24 * cw + 60, y + ch / 2 + 3.5, fmt_num(s, sizeof(s), tot, 1));
	}
	/* legend: a gradient bar from 0 to the largest cell */
	buf_puts(b, "<defs><linearGradient id=\"hmg\">");
	for (int i = 0; i <= 4; i++) {
		heat_colour(i / 4.0, col);
		buf_printf(b, "<stop offset=\"%d%%\" stop-color=\"%s\"/>", i * 25, col);
	}
	buf_puts(b, "</linearGradient></defs>");
	buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"10\" fill=\"#f1f4f7\" stroke=\"#d3dae1\"/>"
		      "<text x=\"%.1f\" y=\"%.1f\">none</text>",
		   lx, lgy, lx + 18, lgy + 9);
	buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"220\" height=\"10\" fill=\"url(#hmg)\"/>",
		   lx + 60, lgy);
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%s</text><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
		   lx + 60, lgy + 22, max > 0 ? "0" : "", lx + 280, lgy + 22,
		   max > 0 ? fmt_num(s, sizeof(s), max, 2) : "");
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">agent-hours short in the hour; week total %s</text>",
		   lx + 290, lgy + 9, fmt_num(s, sizeof(s), v->short_h, 1));
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">summed over all queues and languages</text>",
		   lx + 290, lgy + 22);
	buf_puts(b, "</svg>\n");
	if (max <= 0)
		buf_puts(b, "<p class=\"note\">No understaffing: every interval is covered.</p>\n");
	buf_puts(b, "</div>\n");
}

/* Largest contiguous shortfalls: runs of hours of one pair on one day. */
struct hot {
	int pair, day, h0, h1;
	double sum, peak;
};

static void section_hotspots(struct buf *b, const struct clock *c, const struct cellview *v)
{
	struct hot top[5];
	int ntop = 0;
	char lab[32], s[32];

	for (int p = 0; p < v->np; p++) {
		for (int d = 0; d < c->ndays; d++) {
			const double *row = v->p[p].hm + (size_t)d * 24;
			for (int h = 0; h < 24; h++) {
				struct hot x = { p, d, h, h, 0, 0 };
				if (row[h] < 0.005)
					continue;
				while (h < 24 && row[h] >= 0.005) {
					x.sum += row[h];
					if (row[h] > x.peak)
						x.peak = row[h];
					x.h1 = h++;
				}
				int at = ntop;
				while (at > 0 && top[at - 1].sum < x.sum)
					at--;
				if (at >= 5)
					continue;
				if (ntop < 5)
					ntop++;
				memmove(&top[at + 1], &top[at], (size_t)(ntop - 1 - at) * sizeof(top[0]));
				top[at] = x;
			}
		}
	}
	if (!ntop)
		return;
	buf_puts(b, "<h3 style=\"margin-top:10px\">Largest shortfalls</h3><ol class=\"hot\">\n");
	for (int i = 0; i < ntop; i++) {
		const struct pair *p = &v->p[top[i].pair];
		day_label(c, top[i].day, lab, sizeof(lab));
		buf_puts(b, "<li><b>");
		put_esc(b, p->queue);
		buf_puts(b, " \xC2\xB7 ");
		put_esc(b, p->lang);
		buf_printf(b, "</b> %s %02d:00\xE2\x80\x93%02d:00: %s agent-h short</li>\n", lab,
			   top[i].h0, (top[i].h1 + 1) % 24 ? (top[i].h1 + 1) : 24,
			   fmt_num(s, sizeof(s), top[i].sum, 1));
	}
	buf_puts(b, "</ol>\n");
}

/* ---------------------------------------------------------------- agents */

struct arow {
	const char *id, *name;
	int first, n;             /* shifts in the sorted shift index */
	int has_stats;            /* hours/nights/weekends come from run->agents */
	double hours;
	int nights, weekends;
};

struct agentview {
	struct arow *rows;
	int nrows;                /* rows with shifts first, in agents.csv order */
	int nsched, nidle;
	int *sidx;                /* shift indices sorted by agent, start */
	unsigned char *kind;      /* per shift: bit 0 night, bit 1 weekend */
};

/* Orders shift pointers by agent id, start. */
static int cmp_shift(const void *a, const void *b)
{
	const struct sp_run_shift *x = *(const struct sp_run_shift *const *)a;
	const struct sp_run_shift *y = *(const struct sp_run_shift *const *)b;
	int c = strcmp(x->agent_id ? x->agent_id : "", y->agent_id ? y->agent_id : "");

	if (!c)
		c = (x->start > y->start) - (x->start < y->start);
	return c;
}

static int cmp_row_id(const void *a, const void *b)
{
	const struct arow *x = *(const struct arow *const *)a, *y = *(const struct arow *const *)b;

	return strcmp(x->id, y->id);
}

/* Does [m0, m0 + len) (local minutes after midnight) meet the night? */
static int in_night(const struct clock *c, long m0, long len)
{
	if (!c->nightlen)
		return 0;
	for (long k = -1; c->night0 + 1440 * k < m0 + len; k++) {
		long lo = c->night0 + 1440 * k, hi = lo + c->nightlen;
		if (lo < m0 + len && hi > m0)
			return 1;
	}
	return 0;
}

static unsigned char shift_kind(const struct clock *c, const struct sp_run_shift *s)
{
	int d, m, wd = date_wday(s->date), night = 0;

	if (s->brk_end > s->brk_start && s->brk_start > s->start) {
		clock_local(c, s->start, &d, &m);
		night |= in_night(c, m, (long)(s->brk_start - s->start) / 60);
		clock_local(c, s->brk_end, &d, &m);
		night |= in_night(c, m, (long)(s->end - s->brk_end) / 60);
	} else {
		clock_local(c, s->start, &d, &m);
		night |= in_night(c, m, (long)(s->end - s->start) / 60);
	}
	if (wd < 0) {
		clock_local(c, s->start, &d, &m);
		wd = d >= 0 && d < c->ndays ? c->dloc[d].wday : 0;
	}
	return (unsigned char)(night | (wd >= 5 ? 2 : 0));
}

static void agents_release(struct agentview *a)
{
	free(a->rows);
	free(a->sidx);
	free(a->kind);
	memset(a, 0, sizeof(*a));
}

static void agents_build(struct agentview *a, const struct sp_run *run, const struct clock *c)
{
	int ns = run->nshifts, nr;
	struct arow **byid, *rows;
	const struct sp_run_shift **sorted;

	memset(a, 0, sizeof(*a));
	rows = sp_xcalloc((size_t)run->nagents + (size_t)ns + 1, sizeof(*rows));
	byid = sp_xcalloc((size_t)run->nagents + 1, sizeof(*byid));
	a->sidx = sp_xcalloc((size_t)ns + 1, sizeof(*a->sidx));
	a->kind = sp_xcalloc((size_t)ns + 1, 1);
	for (int i = 0; i < run->nagents; i++) {
		const struct sp_run_agent *ag = &run->agents[i];
		rows[i].id = ag->id ? ag->id : "";
		rows[i].name = ag->name ? ag->name : rows[i].id;
		rows[i].has_stats = 1;
		rows[i].hours = ag->hours;
		rows[i].nights = ag->nights;
		rows[i].weekends = ag->weekends;
		byid[i] = &rows[i];
	}
	nr = run->nagents;
	qsort(byid, (size_t)run->nagents, sizeof(*byid), cmp_row_id);
	sorted = sp_xcalloc((size_t)ns + 1, sizeof(*sorted));
	for (int i = 0; i < ns; i++) {
		sorted[i] = &run->shifts[i];
		a->kind[i] = shift_kind(c, &run->shifts[i]);
	}
	qsort(sorted, (size_t)ns, sizeof(*sorted), cmp_shift);
	for (int i = 0; i < ns; i++)
		a->sidx[i] = (int)(sorted[i] - run->shifts);
	free(sorted);
	for (int k = 0; k < ns;) {
		const struct sp_run_shift *s = &run->shifts[a->sidx[k]];
		struct arow key = { .id = s->agent_id ? s->agent_id : "" }, *kp = &key, **hit;
		struct arow *r;
		int j = k;

		while (j < ns && !strcmp(run->shifts[a->sidx[j]].agent_id ? run->shifts[a->sidx[j]].agent_id : "",
					 key.id))
			j++;
		hit = run->nagents ? bsearch(&kp, byid, (size_t)run->nagents, sizeof(*byid), cmp_row_id) : NULL;
		if (hit && (*hit)->n == 0) {
			r = *hit;
		} else {
			r = &rows[nr++];
			r->id = key.id;
			r->name = s->agent_name ? s->agent_name : key.id;
		}
		r->first = k;
		r->n = j - k;
		if (!r->has_stats) {
			for (int t = k; t < j; t++) {
				r->hours += run->shifts[a->sidx[t]].paid_minutes / 60.0;
				r->nights += a->kind[a->sidx[t]] & 1;
				r->weekends += (a->kind[a->sidx[t]] >> 1) & 1;
			}
		}
		k = j;
	}
	/* scheduled rows first, keeping agents.csv order */
	a->rows = sp_xcalloc((size_t)nr + 1, sizeof(*a->rows));
	for (int i = 0; i < nr; i++)
		if (rows[i].n > 0)
			a->rows[a->nsched++] = rows[i];
	a->nrows = a->nsched;
	for (int i = 0; i < nr; i++)
		if (rows[i].n == 0)
			a->rows[a->nrows++] = rows[i];
	a->nidle = a->nrows - a->nsched;
	free(rows);
	free(byid);
}

/* "Mon 30 Nov 09:00" style time of t for tooltips. */
static void put_local_time(struct buf *b, const struct clock *c, time_t t, int with_day)
{
	int d, m;
	char lab[32];

	clock_local(c, t, &d, &m);
	if (with_day) {
		day_label(c, d, lab, sizeof(lab));
		buf_printf(b, "%s ", lab);
	}
	buf_printf(b, "%02d:%02d", m / 60 % 24, m % 60);
}

static void section_agents(struct buf *b, const struct sp_run *run, const struct clock *c,
			   const struct agentview *a)
{
	const double W = 1340, lx = 196, w = 1030, sx = lx + w + 10;
	int shown = a->nsched < RPT_MAX_AGENT_ROWS ? a->nsched : RPT_MAX_AGENT_ROWS;
	double rh = shown > 150 ? 12 : 17, bh = rh - 6, H = shown * rh + 4;
	char s[32];

	buf_printf(b, "<h2>Schedule per agent (%d scheduled", a->nsched);
	if (a->nidle)
		buf_printf(b, ", %d without shifts", a->nidle);
	buf_puts(b, ")</h2>\n<div class=\"lg\">"
		    "<span><i style=\"background:#3a7bd5\"></i>weekday shift</span>"
		    "<span><i style=\"background:#5b3fa0\"></i>weekday night</span>"
		    "<span><i style=\"background:#e8913a\"></i>weekend shift</span>"
		    "<span><i style=\"background:#9a3412\"></i>weekend night</span>"
		    "<span><i style=\"background:#fff;border:1px solid #8a96a3\"></i>gap in a bar = unpaid break</span>");
	if (c->nightlen) {
		int e = (c->night0 + c->nightlen) % 1440;
		buf_printf(b, "<span><i style=\"background:#eceaf6\"></i>night hours %02d:%02d\xE2\x80\x93%02d:%02d</span>",
			   c->night0 / 60, c->night0 % 60, e / 60, e % 60);
	}
	buf_puts(b, "<span>right: paid hours \xC2\xB7 night shifts \xC2\xB7 weekend shifts</span></div>\n");
	if (!a->nsched) {
		buf_puts(b, "<p class=\"note\">No shifts in this run.</p>\n");
		return;
	}
	/* sticky axis header */
	buf_printf(b, "<div class=\"sticky\"><svg viewBox=\"0 0 %.0f 18\" width=\"%.0f\" height=\"18\">", W, W);
	svg_week_grid(b, c, lx, w, 14, 18, 11, 1);
	buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"11\">hours \xC2\xB7 N \xC2\xB7 W</text></svg></div>\n", sx);
	buf_printf(b, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
		      "aria-label=\"shifts per agent\">", W, H, W, H);
	for (int r = 1; r < shown; r += 2)
		buf_printf(b, "<rect fill=\"#f7f9fb\" x=\"0\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\"/>",
			   2 + r * rh, W, rh);
	/* weekend tint, night bands, day grid */
	for (int d = 0; d < c->ndays; d++) {
		double x_a = xt(c, c->day[d], lx, w), x_b = xt(c, c->day[d + 1], lx, w);
		if (c->dloc[d].wday >= 5)
			buf_printf(b, "<rect class=\"we\" x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%.1f\"/>",
				   x_a, x_b - x_a, H);
	}
	/* per midnight d, the night that ends after it when the window wraps
	 * midnight, else the one that starts after it (xt clips to the week) */
	for (int d = 0; d <= c->ndays && c->nightlen; d++) {
		time_t n0 = c->day[d] + c->night0 * 60L - (c->night0 + c->nightlen > 1440 ? 86400 : 0);
		time_t n1 = n0 + c->nightlen * 60L;
		double x_a = xt(c, n0, lx, w), x_b = xt(c, n1, lx, w);
		if (x_b > x_a)
			buf_printf(b, "<rect class=\"ni\" x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%.1f\"/>",
				   x_a, x_b - x_a, H);
	}
	for (int d = 0; d <= c->ndays; d++)
		buf_printf(b, "<path class=\"gl\" d=\"M%.1f 0V%.1f\"/>", xt(c, c->day[d], lx, w), H);
	for (int r = 0; r < shown; r++) {
		const struct arow *row = &a->rows[r];
		double y = 2 + r * rh, by = y + (rh - bh) / 2;
		char h[16];

		buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\"%s>", lx - 6,
			   y + rh / 2 + 3.5, rh < 14 ? " style=\"font-size:9px\"" : "");
		put_esc_w(b, row->name, 30);
		buf_puts(b, "<title>");
		put_esc(b, row->name);
		buf_puts(b, " (");
		put_esc(b, row->id);
		buf_puts(b, ")</title></text>");
		for (int k = row->first; k < row->first + row->n; k++) {
			const struct sp_run_shift *sh = &run->shifts[a->sidx[k]];
			int brk = sh->brk_end > sh->brk_start && sh->brk_start > sh->start && sh->brk_end < sh->end;
			double xa = xt(c, sh->start, lx, w), xz = xt(c, sh->end, lx, w);

			if (xz <= xa)
				continue;
			buf_printf(b, "<g class=\"k%d\"><title>", a->kind[a->sidx[k]] & 3);
			put_local_time(b, c, sh->start, 1);
			buf_puts(b, "\xE2\x80\x93");
			put_local_time(b, c, sh->end, 0);
			if (brk) {
				buf_puts(b, ", break ");
				put_local_time(b, c, sh->brk_start, 0);
				buf_puts(b, "\xE2\x80\x93");
				put_local_time(b, c, sh->brk_end, 0);
			}
			buf_printf(b, ", %s h paid", fmt_hours(h, sizeof(h), sh->paid_minutes / 60.0));
			if (sh->queues && *sh->queues) {
				buf_puts(b, " \xC2\xB7 ");
				put_esc(b, sh->queues);
			}
			if (sh->langs && *sh->langs) {
				buf_puts(b, " \xC2\xB7 ");
				put_esc(b, sh->langs);
			}
			buf_puts(b, "</title>");
			if (brk) {
				double ba = xt(c, sh->brk_start, lx, w), bz = xt(c, sh->brk_end, lx, w);
				if (bz - ba < 1.5) { /* keep a short break visible */
					double mid = (ba + bz) / 2;
					ba = mid - 0.75;
					bz = mid + 0.75;
				}
				buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
					      "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
					      "<path class=\"bk\" d=\"M%.1f %.1fH%.1f\"/>",
					   xa, by, ba - xa > 0 ? ba - xa : 0, bh, bz, by,
					   xz - bz > 0 ? xz - bz : 0, bh, ba, by + bh / 2, bz);
			} else {
				buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
					   xa, by, xz - xa, bh);
			}
			buf_puts(b, "</g>");
		}
		buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\"%s>%s h \xC2\xB7 %d \xC2\xB7 %d</text>", sx,
			   y + rh / 2 + 3.5, rh < 14 ? " style=\"font-size:9px\"" : "",
			   fmt_hours(s, sizeof(s), row->hours), row->nights, row->weekends);
	}
	buf_puts(b, "</svg>\n");
	if (shown < a->nsched)
		buf_printf(b, "<p class=\"note warn\">Showing the first %d of %d scheduled agents (agents.csv "
			      "order); roster.csv and the calendars have every shift.</p>\n",
			   shown, a->nsched);
	if (a->nidle) {
		int lim = a->nidle < 40 ? a->nidle : 40;
		buf_puts(b, "<p class=\"note\">Without shifts: ");
		for (int i = 0; i < lim; i++) {
			if (i)
				buf_puts(b, ", ");
			put_esc_w(b, a->rows[a->nsched + i].name, 40);
		}
		if (lim < a->nidle)
			buf_printf(b, " and %d more", a->nidle - lim);
		buf_puts(b, ".</p>\n");
	}
}

/* ---------------------------------------------------------------- fairness */

/* Histogram of n values: number of agents per bin. */
static void svg_hist(struct buf *b, const char *title, const double *val, int n, int integer)
{
	const double W = 300, H = 122, x0 = 26, w = W - x0 - 6, y0 = 14, yb = H - 20;
	double lo = val[0], hi = val[0], bw, top;
	int nb, cnt[40] = { 0 }, cmax = 0;
	char t[24];

	for (int i = 1; i < n; i++) {
		if (val[i] < lo)
			lo = val[i];
		if (val[i] > hi)
			hi = val[i];
	}
	if (integer) {
		bw = 1;
		lo = floor(lo);
		while ((hi - lo) / bw + 1 > 30)
			bw *= 2;
	} else {
		static const double widths[] = { 1, 2, 4, 5, 8, 10, 20, 40, 50, 100 };
		size_t k = 0;
		while (k + 1 < sizeof(widths) / sizeof(widths[0]) && (hi - lo) / widths[k] > 14)
			k++;
		bw = widths[k];
		lo = floor(lo / bw) * bw;
	}
	nb = (int)floor((hi - lo) / bw) + 1;
	if (nb > 40)
		nb = 40;
	if (nb < 1)
		nb = 1;
	for (int i = 0; i < n; i++) {
		int k = (int)floor((val[i] - lo) / bw + 1e-9);
		if (k >= nb)
			k = nb - 1;
		if (k < 0)
			k = 0;
		if (++cnt[k] > cmax)
			cmax = cnt[k];
	}
	top = cmax > 0 ? cmax : 1;
	buf_printf(b, "<div><h3>%s <span class=\"note\">(agents per bar)</span></h3>"
		      "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
		      "role=\"img\" aria-label=\"%s\">", title, W, H, W, H, title);
	for (int k = 0; k < nb; k++) {
		double bx = x0 + w * k / nb, bwid = w / nb, h = (yb - y0) * cnt[k] / top;
		double lv = lo + k * bw;
		if (cnt[k])
			buf_printf(b, "<rect class=\"hb\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
				      "<title>%d agents</title></rect>"
				      "<text class=\"t\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>",
				   bx + 1, yb - h, bwid - 2 > 1 ? bwid - 2 : 1, h, cnt[k], bx + bwid / 2,
				   yb - h - 2, cnt[k]);
		if (nb <= 12 || k % ((nb + 11) / 12) == 0) {
			if (integer && bw == 1)
				snprintf(t, sizeof(t), "%.0f", lv);
			else
				fmt_tick(t, sizeof(t), lv);
			buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
				   integer && bw == 1 ? bx + bwid / 2 : bx, yb + 12,
				   integer && bw == 1 ? "middle" : "start", t);
		}
	}
	buf_printf(b, "<path class=\"gl\" d=\"M%.1f %.1fH%.1f\"/></svg></div>\n", x0, yb, x0 + w);
}

static void section_fairness(struct buf *b, const struct sp_run *run, const struct agentview *a)
{
	const struct sp_fairness *f = &run->kpis.fairness;
	double *v;
	double mn[3], mx[3];
	char s1[32], s2[32], s3[32];
	static const char *const what[3] = { "Paid hours", "Night shifts", "Weekend shifts" };

	buf_puts(b, "<h2>Fairness: who carries the burden</h2>\n");
	if (!a->nsched) {
		buf_puts(b, "<p class=\"note\">No scheduled agents.</p>\n");
		return;
	}
	v = sp_xcalloc((size_t)a->nsched * 3, sizeof(double));
	for (int i = 0; i < a->nsched; i++) {
		v[i] = a->rows[i].hours;
		v[a->nsched + i] = a->rows[i].nights;
		v[2 * a->nsched + i] = a->rows[i].weekends;
	}
	for (int m = 0; m < 3; m++) {
		mn[m] = mx[m] = v[m * a->nsched];
		for (int i = 1; i < a->nsched; i++) {
			double x = v[m * a->nsched + i];
			if (x < mn[m])
				mn[m] = x;
			if (x > mx[m])
				mx[m] = x;
		}
	}
	buf_puts(b, "<div class=\"row\"><div><table><tr><th>per scheduled agent</th><th class=\"n\">min</th>"
		    "<th class=\"n\">max</th><th class=\"n\">spread</th>"
		    "<th class=\"n\" title=\"widest spread among agents with the same contract\">"
		    "same contract: min</th><th class=\"n\">max</th><th class=\"n\">spread</th></tr>\n");
	for (int m = 0; m < 3; m++) {
		double gmin = m == 0 ? f->hours_min : m == 1 ? f->nights_min : f->weekends_min;
		double gmax = m == 0 ? f->hours_max : m == 1 ? f->nights_max : f->weekends_max;
		int dec = m == 0 ? 1 : 0;
		buf_printf(b, "<tr><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>",
			   what[m], fmt_num(s1, sizeof(s1), mn[m], dec), fmt_num(s2, sizeof(s2), mx[m], dec),
			   fmt_num(s3, sizeof(s3), mx[m] - mn[m], dec));
		buf_printf(b, "<td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
			   fmt_num(s1, sizeof(s1), gmin, dec), fmt_num(s2, sizeof(s2), gmax, dec),
			   fmt_num(s3, sizeof(s3), gmax - gmin, dec));
	}
	buf_printf(b, "</table><p class=\"note\">Left: over all %d scheduled agents. Right: within one contract "
		      "group (same min/max hours and days), the widest found; hours standard deviation %s.</p></div></div>\n"
		      "<div class=\"row\">",
		   a->nsched, fmt_num(s1, sizeof(s1), f->hours_stddev, 2));
	svg_hist(b, "Paid hours per agent", v, a->nsched, 0);
	svg_hist(b, "Night shifts per agent", v + a->nsched, a->nsched, 1);
	svg_hist(b, "Weekend shifts per agent", v + 2 * a->nsched, a->nsched, 1);
	buf_puts(b, "</div>\n");
	free(v);
}

/* ---------------------------------------------------------------- report */

static void section_header(struct buf *b, const struct sp_run *run, const struct clock *c)
{
	char d0[32], d1[32];

	day_label(c, 0, d0, sizeof(d0));
	day_label(c, c->ndays - 1, d1, sizeof(d1));
	buf_puts(b, "<h1>Staffing plan");
	if (run->scenario[0]) {
		buf_puts(b, " \xE2\x80\x94 ");
		put_esc(b, run->scenario);
	}
	buf_printf(b, "</h1>\n<p class=\"meta\">%s %d \xE2\x80\x93 %s %d \xC2\xB7 times in ",
		   d0, c->dloc[0].year, d1, c->dloc[c->ndays - 1].year);
	put_esc(b, c->tz.name);
	buf_printf(b, " \xC2\xB7 %ld-minute intervals", c->step / 60);
	if (run->id)
		buf_printf(b, " \xC2\xB7 run #%lld", (long long)run->id);
	if (run->created_at[0]) {
		buf_puts(b, " \xC2\xB7 created ");
		put_esc(b, run->created_at);
	}
	if (run->baseline)
		buf_printf(b, " \xC2\xB7 re-planned against run #%lld", (long long)run->baseline);
	if (run->solver[0]) {
		buf_puts(b, " \xC2\xB7 solver ");
		put_esc(b, run->solver);
	}
	buf_puts(b, "</p>\n");
	if (c->tz_bad) {
		buf_puts(b, "<p class=\"note warn\">Unknown site time zone '");
		put_esc(b, run->site_tz);
		buf_puts(b, "': times are shown in UTC.</p>\n");
	}
}

sp_status rpt_write_html(const struct sp_run *run, struct sp_outset *set, const char *path,
			 struct sp_err *err)
{
	struct buf b = BUF_INIT;
	struct clock c;
	struct cellview cv;
	struct agentview av;
	sp_status st;
	char title[160];

	SP_ASSERT(run && path);
	clock_init(&c, run);
	cells_build(&cv, run, &c);
	agents_build(&av, run, &c);

	snprintf(title, sizeof(title), "staffplan report%s%s", run->scenario[0] ? " \xE2\x80\x94 " : "",
		 run->scenario);
	page_begin(&b, title);
	section_header(&b, run, &c);
	buf_puts(&b, "<div class=\"row\"><div><h3>Key figures</h3>\n");
	kpi_table(&b, run);
	section_hotspots(&b, &c, &cv);
	buf_puts(&b, "</div>\n");
	section_heatmap(&b, &c, &cv);
	buf_puts(&b, "</div>\n");
	section_curves(&b, &c, &cv);
	section_fairness(&b, run, &av);
	section_agents(&b, run, &c, &av);
	buf_puts(&b, "<p class=\"note\">Generated by staffplan. Numbers are agent-hours (agents \xC3\x97 hours) "
		     "unless marked; the roster, coverage and KPIs are in roster.csv, coverage.csv and kpis.json.</p>\n");
	page_end(&b);

	st = sp_outset_write(set, path, b.s, b.len, err);
	buf_release(&b);
	agents_release(&av);
	cells_release(&cv);
	clock_release(&c);
	return st;
}

/* ---------------------------------------------------------------- compare */

struct langstat {
	char lang[36];
	double *short_h, *arr, *slw; /* per run */
};

/* Grouped horizontal bars: nl groups (labels) of ns bars (series).
 * v[l * ns + s]; NAN draws no bar.  pct: values are shares in [0, 1]. */
static void svg_hbars(struct buf *b, const char *title, const struct langstat *ls, int nl,
		      const double *v, int ns, int pct)
{
	const double lx = 70, w = 330, bh = 11, gap = 12, W = lx + w + 80;
	double max = 0, H, y = 4;
	char s[32];

	for (int i = 0; i < nl * ns; i++)
		if (isfinite(v[i]) && v[i] > max)
			max = v[i];
	max = pct ? 1 : nice_ceil(max > 0 ? max : 1);
	H = nl * (ns * (bh + 2) + gap) + 22;
	buf_printf(b, "<div><h3>%s</h3><svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
		      "role=\"img\" aria-label=\"%s\">", title, W, H, W, H, title);
	for (int g = 0; g <= 4; g++) {
		double x = lx + w * g / 4;
		buf_printf(b, "<path class=\"gl%s\" d=\"M%.1f 0V%.1f\"/>", g ? "2" : "", x, H - 16);
		if (pct)
			snprintf(s, sizeof(s), "%d%%", g * 25);
		else
			fmt_tick(s, sizeof(s), max * g / 4);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x, H - 4, s);
	}
	for (int l = 0; l < nl; l++) {
		double gh = ns * (bh + 2);
		buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", lx - 6, y + gh / 2 + 3.5);
		put_esc_w(b, ls[l].lang, 12);
		buf_puts(b, "</text>");
		for (int k = 0; k < ns; k++) {
			double x = v[l * ns + k], bw;
			if (!isfinite(x)) {
				buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">n/a</text>", lx + 3, y + bh - 2);
			} else {
				bw = w * (x > 0 ? x : 0) / max;
				buf_printf(b, "<rect fill=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
					      "<text x=\"%.1f\" y=\"%.1f\">%s</text>",
					   series_colour[k % 8], lx, y, bw, bh, lx + bw + 3, y + bh - 2,
					   pct ? fmt_pct(s, sizeof(s), x, 1) : fmt_num(s, sizeof(s), x, 1));
			}
			y += bh + 2;
		}
		y += gap;
	}
	buf_puts(b, "</svg></div>\n");
}

sp_status rpt_write_compare_html(const struct sp_run *runs, const char *const *names, int n,
				 const char *path, struct sp_err *err)
{
	struct buf b = BUF_INIT;
	struct langstat *ls = NULL;
	double *vs = NULL, *vu = NULL;
	int nl = 0;
	size_t capl = 0;
	sp_status st;

	SP_ASSERT(path);
	if (n < 1 || !runs)
		return sp_err_set(err, SP_ERR_USAGE, "scenario compare: nothing to compare");
	/* per-language totals */
	for (int r = 0; r < n; r++) {
		double hfac = (runs[r].interval_minutes > 0 ? runs[r].interval_minutes : 60) / 60.0;
		for (int i = 0; i < runs[r].ncells; i++) {
			const struct sp_run_cell *cl = &runs[r].cells[i];
			int l;
			for (l = 0; l < nl; l++)
				if (!strcmp(ls[l].lang, cl->lang))
					break;
			if (l == nl) {
				SP_GROW(ls, nl + 1, capl);
				memset(&ls[nl], 0, sizeof(ls[nl]));
				snprintf(ls[nl].lang, sizeof(ls[nl].lang), "%s", cl->lang);
				ls[nl].short_h = sp_xcalloc((size_t)n, sizeof(double));
				ls[nl].arr = sp_xcalloc((size_t)n, sizeof(double));
				ls[nl].slw = sp_xcalloc((size_t)n, sizeof(double));
				nl++;
			}
			if (cl->understaffed > 0)
				ls[l].short_h[r] += cl->understaffed * hfac;
			if (cl->arrivals > 0 && isfinite(cl->service_level)) {
				ls[l].arr[r] += cl->arrivals;
				ls[l].slw[r] += cl->arrivals * cl->service_level;
			}
		}
	}
	page_begin(&b, "staffplan scenario comparison");
	buf_puts(&b, "<h1>Scenario comparison</h1>\n<div class=\"lg\">");
	for (int r = 0; r < n; r++) {
		const char *nm = names && names[r] ? names[r] : runs[r].scenario;
		buf_printf(&b, "<span><i style=\"background:%s\"></i><b>", series_colour[r % 8]);
		put_esc(&b, nm);
		buf_puts(&b, "</b>");
		if (runs[r].id)
			buf_printf(&b, " run #%lld", (long long)runs[r].id);
		if (runs[r].created_at[0]) {
			buf_puts(&b, ", ");
			put_esc(&b, runs[r].created_at);
		}
		if (!r && n > 1)
			buf_puts(&b, " (reference)");
		buf_puts(&b, "</span>");
	}
	buf_puts(&b, "</div>\n<h2>Key figures</h2>\n");
	if (n > 1)
		buf_puts(&b, "<p class=\"note\">Below each value: the difference against the first scenario; "
			     "green is better, red worse.</p>\n");
	buf_puts(&b, "<table><tr><th></th>");
	for (int r = 0; r < n; r++) {
		buf_puts(&b, "<th class=\"n\">");
		put_esc_w(&b, names && names[r] ? names[r] : runs[r].scenario, 24);
		buf_puts(&b, "</th>");
	}
	buf_puts(&b, "</tr>\n");
	for (int k = 0; k < NKPI; k++) {
		buf_printf(&b, "<tr><td>%s</td>", kpi_defs[k].label);
		for (int r = 0; r < n; r++) {
			buf_puts(&b, "<td class=\"n\">");
			kpi_value_html(&b, &runs[r].kpis, &kpi_defs[k]);
			if (r)
				kpi_delta_html(&b, &runs[r].kpis, &runs[0].kpis, &kpi_defs[k]);
			buf_puts(&b, "</td>");
		}
		buf_puts(&b, "</tr>\n");
	}
	buf_puts(&b, "</table>\n<h2>By language</h2>\n");
	if (!nl) {
		buf_puts(&b, "<p class=\"note\">The runs have no coverage cells.</p>\n");
	} else {
		vu = sp_xcalloc((size_t)nl * (size_t)n, sizeof(double));
		vs = sp_xcalloc((size_t)nl * (size_t)n, sizeof(double));
		for (int l = 0; l < nl; l++) {
			for (int r = 0; r < n; r++) {
				vu[l * n + r] = ls[l].short_h[r];
				vs[l * n + r] = ls[l].arr[r] > 0 ? ls[l].slw[r] / ls[l].arr[r] : NAN;
			}
		}
		buf_puts(&b, "<div class=\"row\">");
		svg_hbars(&b, "Understaffed agent-hours", ls, nl, vu, n, 0);
		svg_hbars(&b, "Projected service level (weighted by contacts)", ls, nl, vs, n, 1);
		buf_puts(&b, "</div>\n");
	}
	buf_puts(&b, "<p class=\"note\">Generated by staffplan scenario compare.</p>\n");
	page_end(&b);
	st = sp_write_file(path, b.s, b.len, err);
	buf_release(&b);
	for (int l = 0; l < nl; l++) {
		free(ls[l].short_h);
		free(ls[l].arr);
		free(ls[l].slw);
	}
	free(ls);
	free(vu);
	free(vs);
	return st;
}
