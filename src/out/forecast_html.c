/* forecast_html.c - the forecast page: history, forecast and backtest errors
 *
 * One self-contained page (inline CSS and SVG, no network), in the
 * report's colours and fonts (src/out/report.c): a table of every series
 * with the method used and its backtest errors, then per series the last
 * weeks of history with the forecast after them, and the interval WAPE of
 * every method the backtest tried.  Written with buf.h only, so it can
 * move onto the report's shared HTML pieces as they appear.
 */
#include "staffplan/date.h"
#include "staffplan/fcrun.h"

#include <math.h>
#include <string.h>

#define HIST_DAYS 21   /* days of history drawn before the forecast */
#define CW 860.0       /* chart width and height */
#define CH 170.0
#define PADL 44.0
#define PADB 18.0

static const char css[] =
	"body{font:13px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK SC',"
	"'Microsoft YaHei',sans-serif;color:#1f2d3d;margin:18px 28px;background:#fff}"
	"h1{font-size:21px;margin:0 0 2px}"
	"h2{font-size:15px;margin:22px 0 8px;padding-bottom:3px;border-bottom:1px solid #d9e0e7}"
	".meta{color:#5b6b7b;margin:0 0 6px}.note{color:#5b6b7b;font-size:12px;margin:4px 0}"
	"table{border-collapse:collapse}td,th{padding:3px 10px 3px 0;text-align:left}"
	"th{font-weight:600;color:#3d4d5d;border-bottom:1px solid #d9e0e7}"
	"tr+tr td{border-top:1px solid #eef1f4}"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	".lg{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;color:#3d4d5d;margin:2px 0 8px}"
	".lg i{display:inline-block;width:14px;height:0;border-top:2px solid;vertical-align:3px;"
	"margin-right:5px}"
	"svg text{font-size:10px;fill:#5b6b7b}svg .gl{stroke:#d3dae1;stroke-width:1}"
	"svg .we{fill:#f7f3ea}svg .his{fill:none;stroke:#4e79a7;stroke-width:1}"
	"svg .fc{fill:none;stroke:#f28e2b;stroke-width:1.4}svg .cut{stroke:#1f2d3d;stroke-dasharray:3 3}"
	"svg .bar{fill:#a9cbe8}svg .bar.ch{fill:#4e79a7}";

static void esc(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '&': buf_puts(b, "&amp;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_putc(b, *s);
		}
	}
}

static void pct(struct buf *b, double v)
{
	if (isnan(v))
		buf_puts(b, "<td class=\"n\">&ndash;</td>");
	else
		buf_printf(b, "<td class=\"n\">%.1f %%</td>", 100 * v);
}

static void day_label(const struct fc_day *d, char out[16])
{
	static const char *const wd[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	snprintf(out, 16, "%s %02d-%02d", wd[d->wday % 7], d->month % 100, d->mday % 100);
}

/* History (the last HIST_DAYS days) then the forecast, one point per slot. */
static void chart(struct buf *b, const struct fcr *r, int i)
{
	const struct sp_history *h = r->h;
	const struct fcr_series *x = &r->s[i];
	int T = h->nslots, d0 = h->nhist - HIST_DAYS < 0 ? 0 : h->nhist - HIST_DAYS;
	int ndays = r->t0 + r->ndays - d0;
	double top = 0, w = (CW - PADL) / (ndays * T), hh = CH - PADB;

	for (int d = d0; d < h->nhist; d++)
		for (int j = 0; j < T; j++)
			if (x->actual[(size_t)d * (size_t)T + (size_t)j] > top)
				top = x->actual[(size_t)d * (size_t)T + (size_t)j];
	for (int k = 0; k < r->ndays * T; k++)
		if (x->res.out[k] > top)
			top = x->res.out[k];
	if (!(top > 0))
		top = 1;
	buf_printf(b, "<svg width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">",
		   CW, CH, CW, CH);
	for (int d = d0; d < r->t0 + r->ndays; d++) {
		double x0 = PADL + (d - d0) * T * w;
		char lab[16];
		if (h->day[d].wday >= 5)
			buf_printf(b, "<rect class=\"we\" x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%.1f\"/>",
				   x0, T * w, hh);
		buf_printf(b, "<line class=\"gl\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.1f\"/>", x0, x0, hh);
		if (ndays <= 21 || h->day[d].wday == 0) {
			day_label(&h->day[d], lab);
			buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", x0 + 2, CH - 5,
				   ndays <= 21 ? lab + 4 : lab);
		}
	}
	for (int k = 0; k <= 4; k++) {
		double y = hh - k * hh / 4.4;
		buf_printf(b, "<line class=\"gl\" x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\"/>"
			   "<text x=\"2\" y=\"%.1f\">%.0f</text>", PADL, y, CW, y, y + 3,
			   k * top / 4);
	}
	/* the history, broken where there is no data */
	int open = 0;
	for (int d = d0; d < h->nhist; d++)
		for (int j = 0; j < T; j++) {
			double v = x->actual[(size_t)d * (size_t)T + (size_t)j];
			double px = PADL + ((d - d0) * T + j + 0.5) * w;
			if (isnan(v) || !h->mult[(size_t)d * (size_t)T + (size_t)j]) {
				if (open)
					buf_puts(b, "\"/>");
				open = 0;
				continue;
			}
			buf_printf(b, "%s%.1f,%.1f", open ? " " : "<polyline class=\"his\" points=\"", px,
				   hh - v / top * hh / 1.1);
			open = 1;
		}
	if (open)
		buf_puts(b, "\"/>");
	buf_puts(b, "<polyline class=\"fc\" points=\"");
	for (int dd = 0; dd < r->ndays; dd++)
		for (int j = 0; j < T; j++) {
			if (!h->mult[(size_t)(r->t0 + dd) * (size_t)T + (size_t)j])
				continue;
			buf_printf(b, "%.1f,%.1f ", PADL + ((r->t0 - d0 + dd) * T + j + 0.5) * w,
				   hh - x->res.out[dd * T + j] / top * hh / 1.1);
		}
	buf_puts(b, "\"/>");
	double xc = PADL + (r->t0 - d0) * T * w;
	buf_printf(b, "<line class=\"cut\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.1f\"/></svg>\n",
		   xc, xc, hh);
}

/* Interval WAPE of each method the backtest tried, as bars. */
static void errors(struct buf *b, const struct fcr_series *x)
{
	double top = 0;
	int n = 0;

	for (int m = 0; m < FC_NMETHODS; m++)
		if (x->res.tried[m] && !isnan(x->res.acc[m].wape_interval)) {
			n++;
			if (x->res.acc[m].wape_interval > top)
				top = x->res.acc[m].wape_interval;
		}
	if (!n) {
		buf_puts(b, "<p class=\"note\">No backtest: the history is too short for a window "
			    "with a week of training before it.</p>\n");
		return;
	}
	buf_printf(b, "<svg width=\"420\" height=\"%d\" role=\"img\">", 16 * n + 4);
	int row = 0;
	for (int m = 0; m < FC_NMETHODS; m++) {
		const struct fc_accuracy *a = &x->res.acc[m];
		if (!x->res.tried[m] || isnan(a->wape_interval))
			continue;
		double y = 2 + 16 * row++, len = 230 * a->wape_interval / top;
		buf_printf(b, "<text x=\"0\" y=\"%.0f\">%s</text><rect class=\"bar%s\" x=\"100\" "
			   "y=\"%.0f\" width=\"%.1f\" height=\"11\"/><text x=\"%.1f\" y=\"%.0f\">"
			   "%.1f %%%s</text>", y + 10, fc_method_name(m),
			   m == x->res.method ? " ch" : "", y, len, 104 + len, y + 10,
			   100 * a->wape_interval, m == x->res.method ? " (used)" : "");
	}
	buf_puts(b, "</svg>\n");
}

void fcr_write_html(const struct fcr *r, const char *history_name, struct buf *b)
{
	const struct sp_history *h = r->h;
	const struct fc_day *f = &h->day[r->t0], *l = &h->day[r->t0 + r->ndays - 1];
	const struct fc_day *h0 = &h->day[0], *hl = &h->day[h->nhist - 1];

	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		    "<title>staffplan forecast</title>\n<style>");
	buf_puts(b, css);
	buf_puts(b, "</style></head><body>\n<h1>Forecast from ");
	esc(b, history_name);
	buf_printf(b, "</h1>\n<p class=\"meta\">History %04d-%02d-%02d to %04d-%02d-%02d (%d days, "
		   "%lld rows of %s) &middot; forecast %04d-%02d-%02d to %04d-%02d-%02d &middot; "
		   "%d-minute intervals in ", h0->year, h0->month, h0->mday, hl->year, hl->month,
		   hl->mday, h->nhist, h->rows,
		   h->shape == SP_HIST_COUNTS ? "interval counts" : "contact records", f->year,
		   f->month, f->mday, l->year, l->month, l->mday, h->interval_min);
	esc(b, h->tz.name);
	buf_printf(b, " &middot; method %s</p>\n", fc_method_name(r->o.method));
	buf_puts(b, "<p class=\"note\">Backtest: up to 8 windows of the forecast's length ending where "
		    "the history ends, each forecast from the data before it at the forecast's lead. "
		    "WAPE = &Sigma;|actual &minus; forecast| / &Sigma; actual, per interval, day and "
		    "week; bias = &Sigma;(forecast &minus; actual) / &Sigma; actual.</p>\n");
	buf_puts(b, "<h2>Series</h2>\n<table><tr><th>queue</th><th>language</th><th>method</th>"
		    "<th class=\"n\">WAPE interval</th><th class=\"n\">day</th><th class=\"n\">week"
		    "</th><th class=\"n\">bias</th><th class=\"n\">week-average</th>"
		    "<th class=\"n\">handle time</th><th class=\"n\">patience</th></tr>\n");
	for (int i = 0; i < h->nseries; i++) {
		const struct fcr_series *x = &r->s[i];
		const struct fc_accuracy *a = &x->res.acc[x->res.method];
		buf_puts(b, "<tr><td>");
		esc(b, h->series[i].queue);
		buf_puts(b, "</td><td>");
		esc(b, h->series[i].lang);
		buf_printf(b, "</td><td>%s</td>", fc_method_name(x->res.method));
		pct(b, a->wape_interval);
		pct(b, a->wape_day);
		pct(b, a->wape_week);
		pct(b, a->bias);
		pct(b, x->res.acc[FC_WEEK_AVERAGE].wape_interval);
		if (isnan(x->aht_mean))
			buf_puts(b, "<td class=\"n\">&ndash;</td>");
		else
			buf_printf(b, "<td class=\"n\">%.0f s</td>", x->aht_mean);
		if (isnan(x->patience))
			buf_puts(b, "<td class=\"n\">&ndash;</td>");
		else
			buf_printf(b, "<td class=\"n\">%.0f s</td>", x->patience);
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</table>\n");
	for (int i = 0; i < h->nseries; i++) {
		buf_puts(b, "<h2>");
		esc(b, h->series[i].queue);
		buf_puts(b, " &middot; ");
		esc(b, h->series[i].lang);
		buf_printf(b, " &middot; %s</h2>\n<div class=\"lg\"><span><i style=\"border-color:"
			   "#4e79a7\"></i>history (contacts per interval)</span><span><i style=\""
			   "border-color:#f28e2b\"></i>forecast</span></div>\n",
			   fc_method_name(r->s[i].res.method));
		chart(b, r, i);
		errors(b, &r->s[i]);
	}
	buf_puts(b, "</body></html>\n");
}
