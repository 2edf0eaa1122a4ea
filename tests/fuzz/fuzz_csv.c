/* fuzz_csv.c - the CSV reader fed whole and in pieces must agree
 *
 * The first byte chooses the piece size; every record and every message
 * of the piecewise run must equal the whole-text run's.
 */
#include "fuzz.h"

#include "staffplan/buf.h"
#include "staffplan/csv.h"

#include <stdio.h>

static const struct sp_csv_col cols[] = { { "a", 1 }, { "b", 0 }, { "c", 0 } };

static sp_status row(struct sp_csv *rd, void *ud)
{
	struct buf *b = ud;

	buf_printf(b, "%d", sp_csv_line(rd));
	for (int c = 0; c < 3; c++) {
		const char *v = sp_csv_get(rd, c);
		buf_printf(b, "|%s", v ? v : "(none)");
	}
	buf_putc(b, '\n');
	return SP_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf whole = BUF_INIT, cut = BUF_INIT;
	struct sp_err e1 = SP_ERR_INIT, e2 = SP_ERR_INIT;
	size_t piece;
	char *text;
	sp_status s1, s2 = SP_OK;

	if (size < 1)
		return 0;
	piece = 1 + data[0] % 16;
	text = fuzz_text(data + 1, size - 1);
	s1 = sp_csv_parse(text, "f.csv", cols, 3, row, &whole, NULL, &e1);
	struct sp_csv *rd = sp_csv_new("f.csv", cols, 3, row, &cut, NULL, &e2);
	size_t n = strlen(text);
	for (size_t i = 0; i < n && s2 == SP_OK; i += piece)
		s2 = sp_csv_feed(rd, text + i, n - i < piece ? n - i : piece);
	if (s2 == SP_OK)
		s2 = sp_csv_finish(rd);
	sp_csv_free(rd);
	if (s1 != s2 || strcmp(whole.s, cut.s) || strcmp(e1.msg, e2.msg)) {
		fprintf(stderr, "whole (%d): %s%s\npieces of %zu (%d): %s%s\n", s1, whole.s, e1.msg,
			piece, s2, cut.s, e2.msg);
		abort();
	}
	buf_release(&whole);
	buf_release(&cut);
	free(text);
	return 0;
}
