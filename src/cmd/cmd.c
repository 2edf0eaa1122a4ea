/* cmd.c - helpers every subcommand shares (help flag, usage errors) */
#include "staffplan/cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int sp_cmd_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
	}
	return 0;
}

int sp_cmd_usage_error(struct sp_ctx *ctx, const struct sp_cmd *cmd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sp_err_set(&ctx->err, SP_ERR_USAGE, "%s (see 'staffplan help %s')", msg, cmd->name);
}


int sp_cmd_parse_run_id(struct sp_ctx *ctx, const struct sp_cmd *cmd, const char *opt,
			const char *arg, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || *out <= 0)
		return sp_cmd_usage_error(ctx, cmd, "%s '%s': expected a run id (a positive integer)", opt, arg);
	return SP_OK;
}
