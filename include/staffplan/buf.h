/* buf.h - growable string buffer (after git's strbuf)
 *
 * Invariants: b->s is never NULL and always NUL-terminated; b->len is the
 * length without the NUL.  BUF_INIT points at a shared empty string, so an
 * initialised buffer needs no allocation until something is appended.
 */
#ifndef STAFFPLAN_BUF_H
#define STAFFPLAN_BUF_H

#include <stddef.h>

struct buf {
	char *s;
	size_t len;
	size_t cap; /* 0 while s points at the shared empty string */
};

extern char buf_empty_[1];
#define BUF_INIT { buf_empty_, 0, 0 }

void buf_init(struct buf *b);
void buf_release(struct buf *b);          /* frees; leaves b as BUF_INIT */
void buf_reset(struct buf *b);            /* empties, keeps memory */
void buf_add(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Returns the string; the caller owns it (free()); b is left empty. */
char *buf_detach(struct buf *b);

#endif
