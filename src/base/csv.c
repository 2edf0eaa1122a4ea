/* csv.c - the CSV reader on libcsv: physical lines in, named fields out
 *
 * libcsv is fed one physical line at a time, so every record knows the
 * line it starts on (quoted fields may span lines) and '#' comment lines
 * and blank lines between records can be skipped before libcsv sees them.
 * A piece of text that ends inside a line waits in `pend` until the rest
 * of the line arrives.
 */
#include "staffplan/csv.h"
#include "staffplan/buf.h"
#include "staffplan/stop.h"
#include "staffplan/text.h"

#include <csv.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>

struct sp_csv {
	const char *file;
	const struct sp_csv_col *cols;
	int ncols;
	int idx[SP_CSV_MAX_COLS];  /* field index of cols[i]; -1 when absent */
	char **hdr;                /* header names as written */
	int nhdr;
	struct buf *f;             /* fields of the current record */
	int nf, ninit, capf;
	int line;                  /* physical line being fed */
	int row_line;              /* line the current record starts on */
	int in_record, have_header, failed, bom_checked;
	sp_status fail_st;         /* what a failed reader returns: SP_ERR_INPUT,
				      or the row function's own status */
	long nchecks;              /* sp_csv_check_stop calls */
	struct sp_err *err;
	FILE *warn;
	sp_csv_row_fn row;
	void *ud;
	struct csv_parser p;
	struct buf pend;           /* the start of a line not yet complete */
};

/* Name of field i for messages: the header's, or its position. */
static const char *field_name(const struct sp_csv *rd, int i, char *tmp, size_t n)
{
	if (rd->have_header && i >= 0 && i < rd->nhdr && rd->hdr[i][0])
		return rd->hdr[i];
	snprintf(tmp, n, "#%d", i + 1);
	return tmp;
}

static sp_status verror(struct sp_csv *rd, int line, const char *fmt, va_list ap)
{
	char msg[900];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	rd->failed = 1;
	return sp_err_set(rd->err, SP_ERR_INPUT, "%s:%d: %s", rd->file, line, msg);
}

sp_status sp_csv_error(struct sp_csv *rd, int line, const char *fmt, ...)
{
	va_list ap;
	sp_status st;

	va_start(ap, fmt);
	st = verror(rd, line, fmt, ap);
	va_end(ap);
	return st;
}

sp_status sp_csv_fail(struct sp_csv *rd, int col, const char *fmt, ...)
{
	char msg[800];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sp_csv_error(rd, rd->row_line, "column '%s': %s", rd->cols[col].name, msg);
}

char *sp_csv_get(struct sp_csv *rd, int col)
{
	int i = rd->idx[col];

	return i < 0 ? NULL : rd->f[i].s;
}

char *sp_csv_trimmed(struct sp_csv *rd, int col)
{
	char *s = sp_csv_get(rd, col);

	return s ? sp_trim(s) : NULL;
}

int sp_csv_has(const struct sp_csv *rd, int col)
{
	return rd->idx[col] >= 0;
}

int sp_csv_line(const struct sp_csv *rd)
{
	return rd->row_line;
}

const char *sp_csv_file(const struct sp_csv *rd)
{
	return rd->file;
}

/* "a, b, c": the names of the columns (only the required ones when
 * required_only), for messages. */
static void col_list(const struct sp_csv *rd, int required_only, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (int c = 0; c < rd->ncols; c++) {
		if (required_only && !rd->cols[c].required)
			continue;
		int w = snprintf(out + len, n - len, "%s%s", len ? ", " : "", rd->cols[c].name);
		if (w > 0 && (size_t)w < n - len)
			len += (size_t)w;
	}
}

static sp_status on_header(struct sp_csv *rd)
{
	char known[256];

	col_list(rd, 0, known, sizeof(known));
	rd->hdr = sp_xcalloc((size_t)rd->nf, sizeof(char *));
	rd->nhdr = rd->nf;
	for (int i = 0; i < rd->nf; i++)
		rd->hdr[i] = sp_xstrdup(sp_trim(rd->f[i].s));
	rd->have_header = 1;
	for (int i = 0; i < rd->nhdr; i++) {
		int c;
		for (c = 0; c < rd->ncols; c++)
			if (!strcasecmp(rd->hdr[i], rd->cols[c].name))
				break;
		if (c == rd->ncols) {
			if (rd->warn) {
				if (rd->hdr[i][0])
					fprintf(rd->warn, "warning: %s:%d: unknown column '%s' "
						"ignored (known columns: %s)\n", rd->file,
						rd->row_line, rd->hdr[i], known);
				else
					fprintf(rd->warn, "warning: %s:%d: unnamed column %d "
						"ignored\n", rd->file, rd->row_line, i + 1);
			}
			continue;
		}
		if (rd->idx[c] >= 0)
			return sp_csv_error(rd, rd->row_line, "column '%s': appears twice in the "
					    "header, expected each column once", rd->cols[c].name);
		rd->idx[c] = i;
	}
	for (int c = 0; c < rd->ncols; c++) {
		if (rd->cols[c].required && rd->idx[c] < 0) {
			char req[256];
			col_list(rd, 1, req, sizeof(req));
			return sp_csv_error(rd, rd->row_line, "column '%s': missing from the header, "
					    "expected a header row naming at least %s",
					    rd->cols[c].name, req);
		}
	}
	return SP_OK;
}

static void on_record(struct sp_csv *rd)
{
	char tmp[16];

	for (int i = 0; i < rd->nf; i++) {
		if (!sp_utf8_valid(rd->f[i].s, rd->f[i].len)) {
			sp_csv_error(rd, rd->row_line, "column '%s': invalid UTF-8, expected UTF-8 "
				     "text (re-save the file as UTF-8)",
				     field_name(rd, i, tmp, sizeof(tmp)));
			return;
		}
	}
	if (!rd->have_header) {
		on_header(rd);
		return;
	}
	if (rd->nf < rd->nhdr) {
		sp_csv_error(rd, rd->row_line, "column '%s': missing, the row has %d field%s, "
			     "expected %d as in the header", field_name(rd, rd->nf, tmp, sizeof(tmp)),
			     rd->nf, rd->nf == 1 ? "" : "s", rd->nhdr);
		return;
	}
	if (rd->nf > rd->nhdr) {
		sp_csv_error(rd, rd->row_line, "column '%s': the row has %d fields, expected %d as "
			     "in the header (extra field '%.40s')",
			     field_name(rd, rd->nhdr - 1, tmp, sizeof(tmp)), rd->nf, rd->nhdr,
			     rd->f[rd->nhdr].s);
		return;
	}
	sp_status st = rd->row(rd, rd->ud);
	if (st != SP_OK) {
		rd->failed = 1;
		rd->fail_st = st;
	}
}

static void cb_field(void *s, size_t len, void *data)
{
	struct sp_csv *rd = data;

	if (rd->failed)
		return;
	if (!rd->in_record) {
		/* a record that starts mid-line (after a lone CR) */
		rd->in_record = 1;
		rd->row_line = rd->line;
	}
	SP_GROW(rd->f, rd->nf + 1, rd->capf);
	if (rd->nf == rd->ninit)
		buf_init(&rd->f[rd->ninit++]);
	buf_reset(&rd->f[rd->nf]);
	buf_add(&rd->f[rd->nf], s ? s : "", s ? len : 0);
	rd->nf++;
}

static void cb_row(int c, void *data)
{
	struct sp_csv *rd = data;

	(void)c;
	if (!rd->failed)
		on_record(rd);
	rd->nf = 0;
	rd->in_record = 0;
}

static int blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!sp_is_space((unsigned char)s[i]))
			return 0;
	return 1;
}

struct sp_csv *sp_csv_new(const char *file, const struct sp_csv_col *cols, int ncols,
			  sp_csv_row_fn row, void *ud, FILE *warn, struct sp_err *err)
{
	struct sp_csv *rd = sp_xcalloc(1, sizeof(*rd));

	SP_ASSERT(ncols <= SP_CSV_MAX_COLS);
	rd->file = file;
	rd->cols = cols;
	rd->ncols = ncols;
	for (int c = 0; c < SP_CSV_MAX_COLS; c++)
		rd->idx[c] = -1;
	rd->row = row;
	rd->ud = ud;
	rd->warn = warn;
	rd->err = err;
	rd->fail_st = SP_ERR_INPUT;
	buf_init(&rd->pend);
	if (csv_init(&rd->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		SP_ASSERT(!"csv_init cannot fail without allocating");
	return rd;
}

void sp_csv_free(struct sp_csv *rd)
{
	if (!rd)
		return;
	for (int i = 0; i < rd->nhdr; i++)
		free(rd->hdr[i]);
	free(rd->hdr);
	for (int i = 0; i < rd->ninit; i++)
		buf_release(&rd->f[i]);
	free(rd->f);
	buf_release(&rd->pend);
	csv_free(&rd->p);
	free(rd);
}

/* One physical line of n bytes, its terminator included. */
static void feed_line(struct sp_csv *rd, const char *s, size_t n)
{
	char tmp[16];

	rd->line++;
	if (!rd->in_record) {
		if (s[0] == '#' || blank_line(s, n))
			return;
		rd->in_record = 1;
		rd->row_line = rd->line;
	}
	if (csv_parse(&rd->p, s, n, cb_field, cb_row, rd) != n && !rd->failed) {
		if (csv_error(&rd->p) == CSV_EPARSE)
			sp_csv_error(rd, rd->line, "column '%s': stray '\"' in the field, expected "
				     "the whole field in double quotes with inner quotes doubled "
				     "(\"\")", field_name(rd, rd->nf, tmp, sizeof(tmp)));
		else
			sp_csv_error(rd, rd->line, "%s", csv_strerror(csv_error(&rd->p)));
	}
}

/* Length of the complete line at the start of s[0..n) (LF, CRLF or a lone
 * CR included), 0 when the line is not complete yet: a CR as the last byte
 * may be the first half of a CRLF. */
static size_t line_len(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			return i + 1;
		if (s[i] == '\r') {
			if (i + 1 == n)
				return 0;
			return s[i + 1] == '\n' ? i + 2 : i + 1;
		}
	}
	return 0;
}

sp_status sp_csv_feed(struct sp_csv *rd, const char *data, size_t len)
{
	const char *nul = memchr(data, '\0', len);

	if (rd->failed)
		return rd->fail_st;
	if (nul) {
		/* the records before it are read: the message names its line */
		if (sp_csv_feed(rd, data, (size_t)(nul - data)) != SP_OK)
			return rd->fail_st;
		return sp_csv_error(rd, rd->line + 1, "NUL byte in the file, expected UTF-8 text");
	}
	if (!rd->bom_checked) {
		/* a BOM is skipped; it may itself arrive in pieces */
		static const char bom[] = "\xEF\xBB\xBF";
		size_t have = rd->pend.len, k = 0;
		while (have + k < 3 && k < len && data[k] == bom[have + k])
			k++;
		if (have + k < 3 && k == len) {
			buf_add(&rd->pend, data, len); /* still a prefix of a BOM */
			return SP_OK;
		}
		rd->bom_checked = 1;
		if (have + k == 3) {
			buf_reset(&rd->pend);
			data += k;
			len -= k;
		}
	}
	while (len && !rd->failed) {
		size_t n;
		if (rd->pend.len) {
			/* complete the waiting line with the start of data */
			size_t k = 0;
			if (rd->pend.s[rd->pend.len - 1] == '\r')
				k = data[0] == '\n';
			else if ((n = line_len(data, len)) > 0)
				k = n;
			else
				k = len;
			buf_add(&rd->pend, data, k);
			data += k;
			len -= k;
			n = line_len(rd->pend.s, rd->pend.len);
			if (!n && rd->pend.s[rd->pend.len - 1] == '\r' && len)
				n = rd->pend.len; /* a lone CR, now that a byte follows */
			if (!n)
				break;
			feed_line(rd, rd->pend.s, n);
			buf_reset(&rd->pend);
			continue;
		}
		if (!(n = line_len(data, len))) {
			buf_add(&rd->pend, data, len);
			break;
		}
		feed_line(rd, data, n);
		data += n;
		len -= n;
	}
	return rd->failed ? rd->fail_st : SP_OK;
}

sp_status sp_csv_finish(struct sp_csv *rd)
{
	char tmp[16];

	if (!rd->failed && rd->pend.len) {
		feed_line(rd, rd->pend.s, rd->pend.len);
		buf_reset(&rd->pend);
	}
	if (!rd->failed && csv_fini(&rd->p, cb_field, cb_row, rd) != 0 && !rd->failed)
		sp_csv_error(rd, rd->row_line, "column '%s': the quoted field is never closed, "
			     "expected a closing '\"'", field_name(rd, rd->nf, tmp, sizeof(tmp)));
	if (!rd->failed && !rd->have_header)
		sp_csv_error(rd, rd->line ? rd->line : 1, "no header row, expected a first line "
			     "naming the columns");
	return rd->failed ? rd->fail_st : SP_OK;
}

sp_status sp_csv_parse(const char *text, const char *file, const struct sp_csv_col *cols,
		       int ncols, sp_csv_row_fn row, void *ud, FILE *warn, struct sp_err *err)
{
	struct sp_csv *rd = sp_csv_new(file, cols, ncols, row, ud, warn, err);
	sp_status st = sp_csv_feed(rd, text, strlen(text));

	if (st == SP_OK)
		st = sp_csv_finish(rd);
	sp_csv_free(rd);
	return st;
}

/* Often enough that a 50 000-row file stops within milliseconds, rarely
 * enough that the clock costs nothing. */
#define STOP_EVERY 256

sp_status sp_csv_check_stop(struct sp_csv *rd, const struct sp_stop *stop)
{
	char doing[300];

	if (!stop || rd->nchecks++ % STOP_EVERY || !sp_stop_due(stop))
		return SP_OK;
	snprintf(doing, sizeof(doing), "reading %s (line %d)", rd->file, rd->row_line);
	return sp_stop_error(stop, doing, rd->err);
}

/* A comma, quote, CR or LF must be quoted; a tab or another control
 * character, or a space at either end, is quoted too, so that readers
 * which guess the delimiter or trim unquoted fields keep the value. */
static int needs_quotes(const char *s)
{
	size_t n = strlen(s);

	if (n && (s[0] == ' ' || s[n - 1] == ' '))
		return 1;
	for (; *s; s++)
		if (*s == ',' || *s == '"' || (unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

void sp_csv_write_field(FILE *f, const char *s)
{
	if (!needs_quotes(s)) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}
