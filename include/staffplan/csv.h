/* csv.h - the one CSV reader: RFC 4180 records with columns found by name
 *
 * Every CSV input (forecast, agents, availability, history, requirement
 * curves, previous rosters) goes through this reader, so they all share
 * one behaviour: UTF-8 only (a BOM is skipped), a header row naming the
 * columns in any order (case-insensitive), unknown columns warned about
 * and ignored, '#' lines and blank lines between records skipped, quoted
 * fields that may span lines, and errors that read
 * "FILE:LINE: column 'x': <what is wrong, what was expected>".
 *
 * The text may arrive in pieces (sp_csv_feed), so a caller can refuse a
 * file as soon as a record shows it cannot be valid, without holding the
 * whole file; sp_csv_parse is the one-call form for a text in memory.
 */
#ifndef STAFFPLAN_CSV_H
#define STAFFPLAN_CSV_H

#include "staffplan/error.h"

#include <stddef.h>
#include <stdio.h>

#define SP_CSV_MAX_COLS 16

struct sp_csv_col {
	const char *name;
	int required;
};

struct sp_csv;

/* Called for every record after the header.  Return SP_OK to go on; any
 * other status stops the reader (set the message with sp_csv_fail). */
typedef sp_status (*sp_csv_row_fn)(struct sp_csv *rd, void *ud);

/* A reader of file (the name quoted in messages; borrowed, must outlive
 * the reader) with ncols <= SP_CSV_MAX_COLS known columns.  Warnings go
 * to warn (NULL: silent); errors to err.  Free with sp_csv_free(). */
struct sp_csv *sp_csv_new(const char *file, const struct sp_csv_col *cols, int ncols,
			  sp_csv_row_fn row, void *ud, FILE *warn, struct sp_err *err);
void sp_csv_free(struct sp_csv *rd);

/* Feeds the next len bytes (any split, even inside a character or a
 * CRLF).  Returns SP_ERR_INPUT (message in err) at the first bad record,
 * or the status a row function failed with; later calls then return the
 * same at once. */
sp_status sp_csv_feed(struct sp_csv *rd, const char *data, size_t len);

/* Ends the text: the last record, an unclosed quote, a missing header. */
sp_status sp_csv_finish(struct sp_csv *rd);

/* new + feed + finish + free over a NUL-terminated text. */
sp_status sp_csv_parse(const char *text, const char *file, const struct sp_csv_col *cols,
		       int ncols, sp_csv_row_fn row, void *ud, FILE *warn, struct sp_err *err);

/* In a row function: the field of column col (an index into cols) in the
 * current record, writable until the function returns; NULL when the
 * header has no such column.  sp_csv_trimmed strips ASCII white space. */
char *sp_csv_get(struct sp_csv *rd, int col);
char *sp_csv_trimmed(struct sp_csv *rd, int col);
/* Does the header name column col? */
int sp_csv_has(const struct sp_csv *rd, int col);
/* Line on which the current record starts (1-based, physical lines). */
int sp_csv_line(const struct sp_csv *rd);
const char *sp_csv_file(const struct sp_csv *rd);

/* In a row function, first: SP_OK, or (looking every few hundred records)
 * the SP_ERR_TIMEOUT of sp_stop_check (stop.h) naming the file and line,
 * which the function returns to end the reader with that status: a big
 * file gives up soon after a signal or the time limit.  stop may be NULL. */
struct sp_stop;
sp_status sp_csv_check_stop(struct sp_csv *rd, const struct sp_stop *stop);

/* Sets "FILE:LINE: column 'NAME': <fmt>" for column col of the current
 * record and returns SP_ERR_INPUT. */
sp_status sp_csv_fail(struct sp_csv *rd, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sets "FILE:LINE: <fmt>" and returns SP_ERR_INPUT. */
sp_status sp_csv_error(struct sp_csv *rd, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Writes s to f as one CSV field (RFC 4180): quoted, its quotes doubled,
 * when it holds a comma, quote, CR, LF or another control character, or
 * starts or ends with a space; as it is otherwise. */
void sp_csv_write_field(FILE *f, const char *s);

#endif
