/* buf.c - growable string buffer */
#include "staffplan/buf.h"
#include "staffplan/error.h"

#include <stdarg.h>
#include <string.h>

char buf_empty_[1];

void buf_init(struct buf *b)
{
	b->s = buf_empty_;
	b->len = 0;
	b->cap = 0;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->s);
	buf_init(b);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->s[0] = '\0';
}

static void grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t nc = b->cap ? b->cap : 64;
	while (nc < need)
		nc *= 2;
	if (b->cap) {
		b->s = sp_xrealloc(b->s, nc);
	} else {
		b->s = sp_xmalloc(nc);
		b->s[0] = '\0';
	}
	b->cap = nc;
}

void buf_add(struct buf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }
void buf_putc(struct buf *b, char c) { buf_add(b, &c, 1); }

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *buf_detach(struct buf *b)
{
	char *s = b->cap ? b->s : sp_xstrdup("");
	buf_init(b);
	return s;
}
