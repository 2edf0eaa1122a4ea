/* cmd.c - helpers every subcommand shares (help flag, usage errors) */
#include "staffplan/cmd.h"

#include <stdarg.h>
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

