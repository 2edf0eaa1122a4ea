/* html.h - building blocks of the self-contained pages staffplan writes
 *
 * The report, the scenario comparison and any other page share one look
 * and one set of rules: inline CSS and SVG, no script, nothing from the
 * network, every text from the data escaped, invalid UTF-8 replaced.
 * Everything appends to a struct buf (buf.h); nothing here writes files.
 */
#ifndef STAFFPLAN_HTML_H
#define STAFFPLAN_HTML_H

#include "staffplan/buf.h"

#include <stddef.h>

/* Appends s HTML-escaped (text and attribute values alike: & < > " ').
 * Invalid UTF-8 becomes U+FFFD, control characters a space.  NULL is "". */
void html_esc(struct buf *b, const char *s);

/* The same, truncated to width columns (> 0; wide characters, U+0800 and
 * up, count two) with an ellipsis "…" in the last column when s is wider;
 * width <= 0 does not truncate. */
void html_esc_width(struct buf *b, const char *s, int width);

/* Number formats; each writes at most n bytes to out and returns out.
 * A value that is not finite is shown as "–". */
char *html_num(char *out, size_t n, double v, int dec);  /* 12,345.6: ',' thousands */
char *html_pct(char *out, size_t n, double v, int dec);  /* share 0.834 as "83.4 %" */
char *html_hours(char *out, size_t n, double h);         /* 38, 37.5: no ".0" noise */
char *html_tick(char *out, size_t n, double v);          /* axis label: 0, 2.5, 10, 1.2k */

/* The least "nice" number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k) not below
 * v: the top of a chart's axis; 1 when v is not positive and finite. */
double html_nice_ceil(double v);

/* The page around the content: doctype, head with title (escaped) and the
 * shared style sheet, body; html_page_end closes body and html. */
void html_page_begin(struct buf *b, const char *title);
void html_page_end(struct buf *b);

/* Colour k of the series palette (colour-blind friendly order; cycles). */
const char *html_series_colour(int k);

/* A histogram <div> titled title: how many of val[0..n) fall in each bin
 * (integer != 0: bins of whole numbers), counted in what ("agents").
 * Nothing for n < 1. */
void html_svg_hist(struct buf *b, const char *title, const char *what, const double *val, int n,
		   int integer);

/* Scales of html_svg_hbars. */
enum { HTML_HBAR_NUM, HTML_HBAR_PCT, HTML_HBAR_PCT_FIT };

/* Grouped horizontal bars <div> titled title: for each of the nl labels,
 * ns bars v[l * ns + s] in the series colours; a value that is not finite
 * shows "n/a".  scale: HTML_HBAR_NUM numbers from 0 to a round top;
 * HTML_HBAR_PCT shares in [0, 1] on a 0-100 % axis; HTML_HBAR_PCT_FIT
 * shares on an axis up to a round top (small shares such as abandon
 * rates stay readable). */
void html_svg_hbars(struct buf *b, const char *title, const char *const *labels, int nl,
		    const double *v, int ns, int scale);

#endif
