/* cmd_init.c - `staffplan init`: create (or migrate) the database */
#include "staffplan/cmd.h"
#include "staffplan/store.h"

#include <string.h>

static const char usage[] =
	"usage: staffplan init [--db F]\n\n"
	"Creates the database (default staffplan.db) with the current schema, or\n"
	"migrates an existing one forward.  Then import inputs with 'staffplan import'.\n";

static int run_init(struct sp_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '-' && (i == 1 || strcmp(argv[i - 1], "--db")))
			return sp_cmd_usage_error(ctx, &sp_cmd_init, "unexpected argument '%s'", argv[i]);
	printf("initialised %s (schema version %d)\n", ctx->db_path, db_schema_version(ctx->db));
	return SP_OK;
}

const struct sp_cmd sp_cmd_init = {
	.name = "init",
	.summary = "create or migrate the database",
	.usage = usage,
	.flags = SP_NEEDS_DB | SP_CREATES_DB,
	.run = run_init,
};
