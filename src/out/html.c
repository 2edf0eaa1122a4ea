/* html.c - building blocks of the pages: escaping, numbers, the page, charts
 *
 * Shared by the report, the scenario comparison and any later page, so
 * that they escape the same way and look alike.  Charts are inline <svg>
 * without xmlns (HTML5 parsing needs none) with SVG <title> tooltips.
 */
#include "staffplan/html.h"

#include "staffplan/text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Series colours (colour-blind friendly order). */
static const char *const series_colour[8] = { "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1",
					      "#e15759", "#76b7b2", "#edc948", "#9c755f" };

/* ---------------------------------------------------------------- text */

/* Two passes when truncating: the ellipsis goes in only when the whole
 * text does not fit, so a text of exactly width columns stays whole. */
void html_esc_width(struct buf *b, const char *s, int width)
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

void html_esc(struct buf *b, const char *s)
{
	html_esc_width(b, s, 0);
}

/* ---------------------------------------------------------------- numbers */

char *html_num(char *out, size_t n, double v, int dec)
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

char *html_pct(char *out, size_t n, double v, int dec)
{
	if (!isfinite(v))
		snprintf(out, n, "\xE2\x80\x93");
	else
		snprintf(out, n, "%.*f %%", dec, v * 100.0);
	return out;
}

char *html_hours(char *out, size_t n, double h)
{
	if (fabs(h - floor(h + 0.5)) < 0.05)
		snprintf(out, n, "%.0f", h);
	else
		snprintf(out, n, "%.1f", h);
	return out;
}

double html_nice_ceil(double v)
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

char *html_tick(char *out, size_t n, double v)
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

/* ---------------------------------------------------------------- page */

/* One style sheet for every page, so they look alike; classes of charts
 * that only one page draws cost a few bytes on the others. */
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
	".sm{min-width:0}.smh{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 8px;font-size:12px}"
	".smh b{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:100%}"
	".smh span{color:#5b6b7b;white-space:nowrap}.smh .bad{color:#b91c1c}"
	".lg{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;color:#3d4d5d;margin:2px 0 8px}"
	".lg i{display:inline-block;width:14px;height:10px;margin-right:5px;vertical-align:-1px;border-radius:2px}"
	".lg i.ln{height:0;border-top:2px solid #1f2d3d;border-radius:0;vertical-align:3px}"
	"ol.hot{margin:4px 0 0 18px;padding:0}ol.hot li{margin:1px 0}"
	"svg{display:block;max-width:100%;height:auto;overflow:visible}"
	"svg text{font-size:10px;fill:#5b6b7b}"
	"svg .t{fill:#1f2d3d}svg .w{fill:#fff}"
	"svg .gl{stroke:#d3dae1;stroke-width:1}svg .gl2{stroke:#eef1f4;stroke-width:1}"
	"svg .wk{stroke:#7b8a99;stroke-width:1.3}td.bad{color:#b91c1c}"
	"table.wkt{font-size:12px}table.wkt td,table.wkt th{padding-right:9px}table.wkt td:first-child{white-space:nowrap}"
	"svg .req{fill:none;stroke:#1f2d3d;stroke-width:1.3;stroke-linejoin:round}"
	"svg .reqa{fill:#e4572e}svg .stfa{fill:#a9cbe8}"
	"svg .stf{fill:none;stroke:#4a86c0;stroke-width:1}"
	"svg .we{fill:#f7f3ea}svg .ni{fill:#5b3fa0;fill-opacity:.09}"
	"svg .k0{fill:#3a7bd5}svg .k1{fill:#5b3fa0}svg .k2{fill:#e8913a}svg .k3{fill:#9a3412}"
	"svg .bk{stroke:#8a96a3;stroke-width:1}"
	"svg .hb{fill:#7c93ab}"
	".sticky{position:sticky;top:0;background:#fff;z-index:1}"
	"@media print{.sticky{position:static}body{margin:8mm}}";

void html_page_begin(struct buf *b, const char *title)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"generator\" content=\"staffplan\">\n<title>");
	html_esc(b, title);
	buf_puts(b, "</title>\n<style>");
	buf_puts(b, page_css);
	buf_puts(b, "</style>\n</head>\n<body>\n");
}

void html_page_end(struct buf *b)
{
	buf_puts(b, "</body>\n</html>\n");
}

const char *html_series_colour(int k)
{
	return series_colour[(k % 8 + 8) % 8];
}

/* ---------------------------------------------------------------- charts */

void html_svg_hist(struct buf *b, const char *title, const char *what, const double *val, int n,
		   int integer)
{
	const double W = 300, H = 122, x0 = 26, w = W - x0 - 6, y0 = 14, yb = H - 20;
	double lo, hi, bw, top;
	int nb, cnt[40] = { 0 }, cmax = 0;
	char t[24];

	if (n < 1)
		return;
	lo = hi = val[0];
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
	buf_puts(b, "<div><h3>");
	html_esc(b, title);
	buf_puts(b, " <span class=\"note\">(");
	html_esc(b, what);
	buf_printf(b, " per bar)</span></h3><svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
		      "height=\"%.0f\" role=\"img\" aria-label=\"", W, H, W, H);
	html_esc(b, title);
	buf_puts(b, "\">");
	for (int k = 0; k < nb; k++) {
		double bx = x0 + w * k / nb, bwid = w / nb, h = (yb - y0) * cnt[k] / top;
		double lv = lo + k * bw;
		if (cnt[k]) {
			buf_printf(b, "<rect class=\"hb\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
				      "<title>%d ", bx + 1, yb - h, bwid - 2 > 1 ? bwid - 2 : 1, h, cnt[k]);
			html_esc(b, what);
			buf_printf(b, "</title></rect>"
				      "<text class=\"t\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>",
				   bx + bwid / 2, yb - h - 2, cnt[k]);
		}
		if (nb <= 12 || k % ((nb + 11) / 12) == 0) {
			if (integer && bw == 1)
				snprintf(t, sizeof(t), "%.0f", lv);
			else
				html_tick(t, sizeof(t), lv);
			buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
				   integer && bw == 1 ? bx + bwid / 2 : bx, yb + 12,
				   integer && bw == 1 ? "middle" : "start", t);
		}
	}
	buf_printf(b, "<path class=\"gl\" d=\"M%.1f %.1fH%.1f\"/></svg></div>\n", x0, yb, x0 + w);
}

void html_svg_hbars(struct buf *b, const char *title, const char *const *labels, int nl,
		    const double *v, int ns, int scale)
{
	const double lx = 70, w = 330, bh = 11, gap = 12, W = lx + w + 80;
	const int pct = scale != HTML_HBAR_NUM;
	double max = 0, H, y = 4;
	char s[32];

	for (int i = 0; i < nl * ns; i++)
		if (isfinite(v[i]) && v[i] > max)
			max = v[i];
	if (scale == HTML_HBAR_PCT)
		max = 1;
	else if (scale == HTML_HBAR_PCT_FIT)
		max = fmin(1, html_nice_ceil(max > 0 ? max * 100 : 1) / 100);
	else
		max = html_nice_ceil(max > 0 ? max : 1);
	H = nl * (ns * (bh + 2) + gap) + 22;
	buf_puts(b, "<div><h3>");
	html_esc(b, title);
	buf_printf(b, "</h3><svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
		      "role=\"img\" aria-label=\"", W, H, W, H);
	html_esc(b, title);
	buf_puts(b, "\">");
	for (int g = 0; g <= 4; g++) {
		double x = lx + w * g / 4;
		buf_printf(b, "<path class=\"gl%s\" d=\"M%.1f 0V%.1f\"/>", g ? "2" : "", x, H - 16);
		if (pct)
			snprintf(s, sizeof(s), "%g%%", max * 100 * g / 4);
		else
			html_tick(s, sizeof(s), max * g / 4);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x, H - 4, s);
	}
	for (int l = 0; l < nl; l++) {
		double gh = ns * (bh + 2);
		buf_printf(b, "<text class=\"t\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", lx - 6, y + gh / 2 + 3.5);
		html_esc_width(b, labels[l], 12);
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
					   pct ? html_pct(s, sizeof(s), x, 1) : html_num(s, sizeof(s), x, 1));
			}
			y += bh + 2;
		}
		y += gap;
	}
	buf_puts(b, "</svg></div>\n");
}

