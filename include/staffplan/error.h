/* error.h - status codes and the error buffer every library call fills
 *
 * Library code never prints and never exits: it returns an sp_status and,
 * on failure, leaves a message in a caller-provided struct sp_err.  Only
 * main() turns the status into an exit code (sp_exit_code()).
 */
#ifndef STAFFPLAN_ERROR_H
#define STAFFPLAN_ERROR_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

typedef enum {
	SP_OK = 0,
	SP_ERR_USAGE,      /* bad command line: exit 2 */
	SP_ERR_INPUT,      /* invalid input file or value: exit 2 */
	SP_ERR_IO,         /* file system: exit 1 */
	SP_ERR_DB,         /* SQLite: exit 1 */
	SP_ERR_SOLVER,     /* solver failure: exit 1 */
	SP_ERR_INFEASIBLE, /* no roster satisfies the hard rules: exit 3 */
	SP_ERR_TIMEOUT,    /* time limit before any roster: exit 4 */
	SP_ERR_NOMEM,      /* allocation failed: exit 1 */
	SP_ERR_INTERNAL    /* anything else: exit 1 */
} sp_status;

/* The buffer is fixed-size so that reporting an error never allocates. */
struct sp_err {
	sp_status code;
	char msg[1024];
};

#define SP_ERR_INIT { SP_OK, "" }

/* Sets code and formatted message; returns code so callers can write
 * `return sp_err_set(err, SP_ERR_IO, "cannot open '%s'", path);`.
 * err may be NULL (the message is then dropped). */
sp_status sp_err_set(struct sp_err *err, sp_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prepends "prefix: " to an existing message (adds context on the way up). */
sp_status sp_err_prefix(struct sp_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Maps a status to the process exit code of the command line contract. */
int sp_exit_code(sp_status code);

/* Broken invariants (bugs), never bad input. */
#define SP_ASSERT(x) do { if (!(x)) { \
	fprintf(stderr, "BUG: %s:%d: assertion '%s' failed\n", __FILE__, __LINE__, #x); \
	abort(); } } while (0)

/* Allocation wrappers: abort on out-of-memory (the only sane reaction in a
 * command-line planner: no half-written output, and SQLite's transaction
 * leaves the database as it was). */
void *sp_xmalloc(size_t n);
void *sp_xcalloc(size_t n, size_t size);
void *sp_xrealloc(void *p, size_t n);
char *sp_xstrdup(const char *s);

/* Grows *arr (element size sz) so that it holds at least need elements. */
#define SP_GROW(arr, need, cap) do { \
	if ((size_t)(need) > (size_t)(cap)) { \
		size_t sp_nc_ = (cap) ? (size_t)(cap) * 2 : 16; \
		while (sp_nc_ < (size_t)(need)) sp_nc_ *= 2; \
		(arr) = sp_xrealloc((arr), sp_nc_ * sizeof(*(arr))); \
		(cap) = sp_nc_; \
	} } while (0)

#endif
