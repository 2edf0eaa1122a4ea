/* test_csv.c - the CSV reader (src/base/csv.c): records, lines, messages,
 * and the same result however the text is cut into pieces */
#include "tests.h"

#include "staffplan/buf.h"
#include "staffplan/csv.h"

#include <stdio.h>
#include <string.h>

enum { C_ID, C_NAME, C_NOTE, NCOLS };
static const struct sp_csv_col cols[NCOLS] = {
	{ "id", 1 }, { "name", 1 }, { "note", 0 },
};

/* Every record as "line|id|name|note;" (note "-" when the column is absent). */
static sp_status collect(struct sp_csv *rd, void *ud)
{
	struct buf *b = ud;
	const char *note = sp_csv_get(rd, C_NOTE);

	if (!strcmp(sp_csv_trimmed(rd, C_ID), "bad"))
		return sp_csv_fail(rd, C_ID, "'bad' is refused, expected anything else");
	buf_printf(b, "%d|%s|%s|%s;", sp_csv_line(rd), sp_csv_trimmed(rd, C_ID),
		   sp_csv_get(rd, C_NAME), sp_csv_has(rd, C_NOTE) ? note : "-");
	return SP_OK;
}

/* Parses text whole, then fed in pieces of every size from 1 to 7 bytes;
 * the results must agree.  Returns the whole-text result (caller frees)
 * and its message in err. */
static char *parse_all_ways(const char *text, sp_status *st, struct sp_err *err)
{
	struct buf whole = BUF_INIT;

	*st = sp_csv_parse(text, "t.csv", cols, NCOLS, collect, &whole, NULL, err);
	for (size_t piece = 1; piece <= 7; piece++) {
		struct buf b = BUF_INIT;
		struct sp_err e2 = SP_ERR_INIT;
		struct sp_csv *rd = sp_csv_new("t.csv", cols, NCOLS, collect, &b, NULL, &e2);
		sp_status s2 = SP_OK;
		size_t n = strlen(text);
		for (size_t i = 0; i < n && s2 == SP_OK; i += piece)
			s2 = sp_csv_feed(rd, text + i, n - i < piece ? n - i : piece);
		if (s2 == SP_OK)
			s2 = sp_csv_finish(rd);
		sp_csv_free(rd);
		CU_ASSERT_EQUAL(s2, *st);
		CU_ASSERT_STRING_EQUAL(b.s, whole.s);
		CU_ASSERT_STRING_EQUAL(e2.msg, err->msg);
		buf_release(&b);
	}
	return buf_detach(&whole);
}

static void check_ok(const char *text, const char *want)
{
	struct sp_err err = SP_ERR_INIT;
	sp_status st;
	char *got = parse_all_ways(text, &st, &err);

	CU_ASSERT_EQUAL(st, SP_OK);
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want))
		fprintf(stderr, "\n  got  %s\n  want %s\n", got, want);
	free(got);
}

static void check_err(const char *text, const char *want_msg)
{
	struct sp_err err = SP_ERR_INIT;
	sp_status st;
	char *got = parse_all_ways(text, &st, &err);

	CU_ASSERT_EQUAL(st, SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, want_msg));
	if (!strstr(err.msg, want_msg))
		fprintf(stderr, "\n  message '%s'\n  wanted  '%s'\n", err.msg, want_msg);
	free(got);
}

static void test_records_and_lines(void)
{
	check_ok("id,name\n1,Ann\n2,Bo\n", "2|1|Ann|-;3|2|Bo|-;");
	/* columns in any order and any case, comments and blank lines skipped */
	check_ok("# export\nNAME , ID,note\n\nAnn,1,x\n# c\n  \nBo,2,\n", "4|1|Ann|x;7|2|Bo|;");
	/* CRLF, a lone CR, no final newline */
	check_ok("id,name\r\n1,Ann\r2,Bo", "2|1|Ann|-;3|2|Bo|-;");
	/* a quoted field across lines keeps the line its record starts on */
	check_ok("id,name,note\n1,\"Ann, \"\"A\"\"\",\"two\nlines\"\n2,Bo,z\n",
		 "2|1|Ann, \"A\"|two\nlines;4|2|Bo|z;");
	/* a BOM is skipped, CJK text kept */
	check_ok("\xEF\xBB\xBFid,name\n1,\xE5\xBC\xA0\xE4\xBC\x9F\n", "2|1|\xE5\xBC\xA0\xE4\xBC\x9F|-;");
}

static void test_errors_name_file_line_column(void)
{
	check_err("id\n1\n", "t.csv:1: column 'name': missing from the header, expected a header "
		  "row naming at least id, name");
	check_err("id,name,id\n", "t.csv:1: column 'id': appears twice in the header");
	check_err("id,name\n1,Ann\n2\n", "t.csv:3: column 'name': missing, the row has 1 field");
	check_err("id,name\n1,Ann,x\n", "t.csv:2: column 'name': the row has 3 fields, expected 2");
	check_err("id,name\n1,A\"n\"n\n", "t.csv:2: column 'name': stray '\"'");
	check_err("id,name\n1,\"Ann\n", "t.csv:2: column 'name': the quoted field is never closed");
	check_err("id,name\n1,\xC0\xAF\n", "t.csv:2: column 'name': invalid UTF-8");
	check_err("", "t.csv:1: no header row");
	check_err("# only a comment\n", "t.csv:1: no header row");
	check_err("id,name\n1,Ann\nbad,Bo\n", "t.csv:3: column 'id': 'bad' is refused");
}

static void test_nul_byte_and_stop_after_error(void)
{
	struct buf b = BUF_INIT;
	struct sp_err err = SP_ERR_INIT;
	struct sp_csv *rd = sp_csv_new("n.csv", cols, NCOLS, collect, &b, NULL, &err);

	CU_ASSERT_EQUAL(sp_csv_feed(rd, "id,name\n1,A", 11), SP_OK);
	CU_ASSERT_EQUAL(sp_csv_feed(rd, "nn\n2,B\0o\n", 9), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "n.csv:3: NUL byte"));
	/* the reader stays failed: nothing more is delivered */
	CU_ASSERT_EQUAL(sp_csv_feed(rd, "3,C\n", 4), SP_ERR_INPUT);
	CU_ASSERT_STRING_EQUAL(b.s, "2|1|Ann|-;");
	sp_csv_free(rd);
	buf_release(&b);
}

static void test_unknown_column_warns(void)
{
	struct buf b = BUF_INIT;
	struct sp_err err = SP_ERR_INIT;
	char *out = NULL;
	size_t len = 0;
	FILE *w = open_memstream(&out, &len);

	CU_ASSERT_EQUAL(sp_csv_parse("id,name,colour\n1,Ann,red\n", "w.csv", cols, NCOLS, collect,
				     &b, w, &err), SP_OK);
	fclose(w);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "warning: w.csv:1: unknown column 'colour' ignored "
					   "(known columns: id, name, note)"));
	free(out);
	buf_release(&b);
}

/* Fields are written as they are unless a comma, quote, CR, LF, another
 * control character or a space at either end needs quoting; quotes inside
 * are doubled. */
static void test_write_field(void)
{
	char out[256] = "";
	FILE *f = fmemopen(out, sizeof(out), "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	const char *in[] = { "plain", "a,b", "say \"hi\"", "two\nlines", "", "caf\xc3\xa9",
			     "tab\there", "bell\a", " lead", "trail ", "in side" };
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		sp_csv_write_field(f, in[i]);
		fputc('|', f);
	}
	fclose(f);
	CU_ASSERT_STRING_EQUAL(out, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"||caf\xc3\xa9|"
				    "\"tab\there\"|\"bell\a\"|\" lead\"|\"trail \"|in side|");
}

TEST_SUITE(csv)
{
	CU_pSuite s = CU_add_suite("csv", NULL, NULL);

	CU_add_test(s, "records and lines, in any pieces", test_records_and_lines);
	CU_add_test(s, "errors name file, line and column", test_errors_name_file_line_column);
	CU_add_test(s, "fields written with RFC 4180 quoting", test_write_field);
	CU_add_test(s, "NUL byte; nothing after an error", test_nul_byte_and_stop_after_error);
	CU_add_test(s, "unknown column warns", test_unknown_column_warns);
}
