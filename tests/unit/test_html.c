/* test_html.c - page building blocks: escaping, truncation, numbers, charts
 *
 * Names come from agents.csv and reach the report, the comparison page and
 * any later page through these functions: markup, control characters,
 * broken UTF-8 and wide characters must all come out as safe, valid text.
 */
#include "tests.h"

#include "staffplan/html.h"
#include "staffplan/text.h"

#include <math.h>
#include <string.h>

/* html_esc_width(s, width) as a string (a static buffer). */
static const char *esc(const char *s, int width)
{
	static char out[512];
	struct buf b = BUF_INIT;

	html_esc_width(&b, s, width);
	snprintf(out, sizeof(out), "%s", b.s);
	buf_release(&b);
	return out;
}

static void test_html_escapes_markup_and_controls(void)
{
	struct buf b = BUF_INIT;

	CU_ASSERT_STRING_EQUAL(esc("<b>Tom & \"Jerry\" 'x'</b>", 0),
			       "&lt;b&gt;Tom &amp; &quot;Jerry&quot; &#39;x&#39;&lt;/b&gt;");
	CU_ASSERT_STRING_EQUAL(esc("a\tb\nc\rd\x01" "e\x7f" "f", 0), "a b c d e f");
	CU_ASSERT_STRING_EQUAL(esc("王丽 김민준 😀", 0), "王丽 김민준 😀");
	CU_ASSERT_STRING_EQUAL(esc(NULL, 0), "");
	/* html_esc appends, and is html_esc_width without a width */
	buf_puts(&b, "x=");
	html_esc(&b, "<&>");
	CU_ASSERT_STRING_EQUAL(b.s, "x=&lt;&amp;&gt;");
	buf_release(&b);
}

static void test_html_invalid_utf8_becomes_replacement(void)
{
	const char *s;

	CU_ASSERT_STRING_EQUAL(esc("x\xffy", 0), "x\xEF\xBF\xBDy");
	/* overlong '/', a UTF-16 surrogate, a sequence cut short: one U+FFFD
	 * per byte that starts no valid character */
	s = esc("\xc0\xaf|\xed\xa0\x80|\xe4\xb8", 0);
	CU_ASSERT_TRUE(sp_utf8_valid(s, strlen(s)));
	CU_ASSERT_STRING_EQUAL(s, "\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|"
				  "\xEF\xBF\xBD\xEF\xBF\xBD");
}

static void test_html_width_truncates_by_columns(void)
{
	CU_ASSERT_STRING_EQUAL(esc("abcdefghij", 10), "abcdefghij"); /* fits exactly */
	CU_ASSERT_STRING_EQUAL(esc("abcdefghij", 5), "abcd\xE2\x80\xA6");
	/* wide characters count two: 6 of them are 12 columns */
	CU_ASSERT_STRING_EQUAL(esc("王丽王丽王丽", 12), "王丽王丽王丽");
	CU_ASSERT_STRING_EQUAL(esc("王丽王丽王丽", 7), "王丽王\xE2\x80\xA6");
	CU_ASSERT_STRING_EQUAL(esc("王丽王丽王丽", 8), "王丽王\xE2\x80\xA6");
	CU_ASSERT_STRING_EQUAL(esc("😀😀😀", 4), "😀\xE2\x80\xA6");
	/* an entity is one column; spaces before the ellipsis go */
	CU_ASSERT_STRING_EQUAL(esc("a&b&c&d", 4), "a&amp;b\xE2\x80\xA6");
	CU_ASSERT_STRING_EQUAL(esc("ab   cdefgh", 5), "ab\xE2\x80\xA6");
	/* never cuts inside a character, even a broken one */
	CU_ASSERT_TRUE(sp_utf8_valid(esc("é\xff王丽王丽", 5), strlen(esc("é\xff王丽王丽", 5))));
	CU_ASSERT_STRING_EQUAL(esc("abc", -1), "abc");
}

static void test_html_numbers(void)
{
	char s[64];

	CU_ASSERT_STRING_EQUAL(html_num(s, sizeof(s), 1234567.891, 2), "1,234,567.89");
	CU_ASSERT_STRING_EQUAL(html_num(s, sizeof(s), -1234.5, 1), "-1,234.5");
	CU_ASSERT_STRING_EQUAL(html_num(s, sizeof(s), -0.04, 1), "0.0"); /* no "-0.0" */
	CU_ASSERT_STRING_EQUAL(html_num(s, sizeof(s), 999, 0), "999");
	CU_ASSERT_STRING_EQUAL(html_num(s, sizeof(s), NAN, 2), "\xE2\x80\x93");
	CU_ASSERT_STRING_EQUAL(html_num(s, 5, 1234567, 0), "1,23"); /* bounded by n */
	CU_ASSERT_STRING_EQUAL(html_pct(s, sizeof(s), 0.834, 1), "83.4 %");
	CU_ASSERT_STRING_EQUAL(html_pct(s, sizeof(s), INFINITY, 1), "\xE2\x80\x93");
	CU_ASSERT_STRING_EQUAL(html_hours(s, sizeof(s), 38.02), "38");
	CU_ASSERT_STRING_EQUAL(html_hours(s, sizeof(s), 37.5), "37.5");
	CU_ASSERT_STRING_EQUAL(html_tick(s, sizeof(s), 12000), "12k");
	CU_ASSERT_STRING_EQUAL(html_tick(s, sizeof(s), 1234), "1.2k");
	CU_ASSERT_STRING_EQUAL(html_tick(s, sizeof(s), 2.5), "2.5");
	CU_ASSERT_STRING_EQUAL(html_tick(s, sizeof(s), 0.25), "0.25");
	CU_ASSERT_DOUBLE_EQUAL(html_nice_ceil(7), 8, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(html_nice_ceil(101), 150, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(html_nice_ceil(0.3), 0.3, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(html_nice_ceil(0), 1, 0);
	CU_ASSERT_DOUBLE_EQUAL(html_nice_ceil(NAN), 1, 0);
}

static void test_html_page_and_charts(void)
{
	struct buf b = BUF_INIT;
	const double v[] = { 1, 1, 2 };
	const double bars[] = { 3, NAN };
	const char *labels[] = { "<ko>" };

	html_page_begin(&b, "a <title> & more");
	html_page_end(&b);
	CU_ASSERT_EQUAL(strncmp(b.s, "<!DOCTYPE html>\n", 16), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, "<title>a &lt;title&gt; &amp; more</title>"));
	CU_ASSERT_PTR_NULL(strstr(b.s, "http"));
	CU_ASSERT_STRING_EQUAL(b.s + b.len - 16, "</body>\n</html>\n");
	buf_reset(&b);

	html_svg_hist(&b, "Nights", "agents", v, 0, 1); /* nothing to count */
	CU_ASSERT_EQUAL(b.len, 0);
	html_svg_hist(&b, "N<i>", "agents", v, 3, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, "<title>2 agents</title>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, "<title>1 agents</title>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, "<h3>N&lt;i&gt; <span"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, "aria-label=\"N&lt;i&gt;\""));
	buf_reset(&b);

	html_svg_hbars(&b, "Short", labels, 1, bars, 2, HTML_HBAR_NUM);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, "&lt;ko&gt;"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, ">n/a</text>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, html_series_colour(0)));
	CU_ASSERT_PTR_NULL(strstr(b.s, html_series_colour(1))); /* its value is n/a */
	CU_ASSERT_STRING_EQUAL(html_series_colour(9), html_series_colour(1));
	buf_reset(&b);

	/* shares: a fixed 0-100 % axis, or one fitted to small shares */
	const double shares[] = { 0.062, 0.09 };
	html_svg_hbars(&b, "SL", labels, 1, shares, 2, HTML_HBAR_PCT);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, ">100%</text>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, ">9.0 %</text>"));
	buf_reset(&b);
	html_svg_hbars(&b, "Abandon", labels, 1, shares, 2, HTML_HBAR_PCT_FIT);
	CU_ASSERT_PTR_NULL(strstr(b.s, ">100%</text>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, ">10%</text>"));  /* 9 % rounds up to 10 % */
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, ">5%</text>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, ">6.2 %</text>"));
	/* the largest bar spans the axis: 0.09 of 0.10 x 330 units */
	CU_ASSERT_PTR_NOT_NULL(strstr(b.s, "width=\"297.0\""));
	buf_release(&b);
}

TEST_SUITE(html)
{
	CU_pSuite s = CU_add_suite("html", NULL, NULL);

	CU_add_test(s, "escapes markup and controls", test_html_escapes_markup_and_controls);
	CU_add_test(s, "invalid UTF-8 becomes U+FFFD", test_html_invalid_utf8_becomes_replacement);
	CU_add_test(s, "width truncates by columns", test_html_width_truncates_by_columns);
	CU_add_test(s, "numbers", test_html_numbers);
	CU_add_test(s, "page and charts", test_html_page_and_charts);
}
