/* cmd_init.c - `staffplan init`: create (or migrate) the database */
#include "staffplan/cmd.h"
#include "staffplan/store.h"

static int run_init(struct sp_ctx *ctx, void *opts, int argc, char **argv)
{
	(void)opts;
	(void)argc;
	(void)argv;
	printf("initialised %s (schema version %d)\n", ctx->db_path, db_schema_version(ctx->db));
	return SP_OK;
}

const struct sp_cmd sp_cmd_init = {
	.name = "init",
	.summary = "create or migrate the database",
	.usage =
	"usage: staffplan init [--db F]\n\n"
	"Creates the database (default staffplan.db) with the current schema, or\n"
	"migrates an existing one forward.  Then import inputs with 'staffplan import'.\n",
	.flags = SP_NEEDS_DB | SP_CREATES_DB,
	.run = run_init,
};
