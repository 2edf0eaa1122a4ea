/* error.c - sp_err helpers and checked allocation */
#include "staffplan/error.h"
#include "staffplan/fault.h"

#include <string.h>

sp_status sp_err_set(struct sp_err *err, sp_status code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

sp_status sp_err_prefix(struct sp_err *err, const char *fmt, ...)
{
	char prefix[256], old[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return SP_ERR_INTERNAL;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* truncation of an over-long message is acceptable */
	size_t n = strlen(prefix);
	if (n > sizeof(err->msg) - 3)
		n = sizeof(err->msg) - 3;
	memcpy(err->msg, prefix, n);
	memcpy(err->msg + n, ": ", 2);
	size_t rest = sizeof(err->msg) - n - 3;
	size_t ol = strnlen(old, rest);
	memcpy(err->msg + n + 2, old, ol);
	err->msg[n + 2 + ol] = '\0';
	return err->code;
}

int sp_exit_code(sp_status code)
{
	switch (code) {
	case SP_OK: return 0;
	case SP_ERR_USAGE:
	case SP_ERR_INPUT: return 2;
	case SP_ERR_INFEASIBLE: return 3;
	case SP_ERR_TIMEOUT: return 4;
	default: return 1;
	}
}

/* Out of memory ends the process, on purpose (fault.h says why). */
static void *check(void *p, size_t n)
{
	if (!p) {
		fprintf(stderr, "staffplan: fatal: out of memory (%zu bytes); nothing more was stored or "
			"written\n", n);
		abort();
	}
	return p;
}

/* The allocation fault point (fault.h): a NULL as malloc would give. */
#define FAULTY(call) (sp_fault(SP_FAULT_ALLOC) ? NULL : (call))

void *sp_xmalloc(size_t n) { return check(FAULTY(malloc(n ? n : 1)), n); }
void *sp_xcalloc(size_t n, size_t size)
{
	return check(FAULTY(calloc(n ? n : 1, size ? size : 1)), n * size);
}
void *sp_xrealloc(void *p, size_t n) { return check(FAULTY(realloc(p, n ? n : 1)), n); }
char *sp_xstrdup(const char *s) { return check(FAULTY(strdup(s ? s : "")), s ? strlen(s) + 1 : 1); }
