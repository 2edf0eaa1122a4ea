/* cmd_import.c - `staffplan import KIND FILE`: validate and store one input
 *
 * The new file is parsed together with the inputs already stored (a
 * forecast needs the config's queues and zone, availability needs agents);
 * only a file that parses is stored, as scenario base (plan_import).
 */
#include "staffplan/cmd.h"
#include "staffplan/plan.h"

static int run_import(struct sp_ctx *ctx, void *opts, int argc, char **argv)
{
	int kind = plan_input_kind(argv[0]);
	sp_status st;

	(void)opts;
	(void)argc;
	if (kind < 0)
		return sp_cmd_usage_error(ctx, &sp_cmd_import,
					  "unknown input '%s', expected config, forecast, agents or availability", argv[0]);
	if ((st = plan_import(ctx->db, kind, argv[1], &ctx->err)) == SP_OK)
		printf("imported %s from %s\n", argv[0], argv[1]);
	return st;
}

const struct sp_cmd sp_cmd_import = {
	.name = "import",
	.summary = "validate and store an input file in the database",
	.usage =
	"usage: staffplan import config|forecast|agents|availability FILE [--db F]\n\n"
	"Validates FILE against the inputs already imported and stores it in the\n"
	"database as part of scenario 'base'.  An invalid file changes nothing.\n",
	.flags = SP_NEEDS_DB | SP_CREATES_DB,
	.min_args = 2,
	.max_args = 2,
	.args_hint = "KIND and FILE",
	.run = run_import,
};
