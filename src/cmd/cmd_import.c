/* cmd_import.c - `staffplan import KIND FILE`: validate and store one input
 *
 * The new file is parsed together with the inputs already stored (a
 * forecast needs the config's queues and zone, availability needs agents);
 * only a file that parses is stored, in one transaction, as scenario base.
 */
#include "staffplan/cmd.h"
#include "staffplan/pipeline.h"
#include "staffplan/store.h"

#include <string.h>

static const char usage[] =
	"usage: staffplan import config|forecast|agents|availability FILE [--db F]\n\n"
	"Validates FILE against the inputs already imported and stores it in the\n"
	"database as part of scenario 'base'.  An invalid file changes nothing.\n";

/* Parses whatever subset of inputs is present, in dependency order. */
static sp_status validate(const struct pipe_texts *t, struct sp_err *err)
{
	struct sp_input in;
	sp_status st;

	sp_input_init(&in);
	st = sp_input_load_config(&in, t->text[PIPE_CONFIG] ? t->text[PIPE_CONFIG] : "",
				  t->name[PIPE_CONFIG] ? t->name[PIPE_CONFIG] : "(defaults)", err);
	if (st == SP_OK && t->text[PIPE_AGENTS])
		st = sp_input_load_agents(&in, t->text[PIPE_AGENTS], t->name[PIPE_AGENTS], err);
	if (st == SP_OK && t->text[PIPE_FORECAST]) {
		st = sp_input_load_forecast(&in, t->text[PIPE_FORECAST], t->name[PIPE_FORECAST], err);
		if (st == SP_OK)
			st = sp_input_finish(&in, err);
	}
	if (st == SP_OK && t->text[PIPE_AVAIL]) {
		if (!t->text[PIPE_AGENTS])
			st = sp_err_set(err, SP_ERR_USAGE, "import agents before availability");
		else
			st = sp_input_load_availability(&in, t->text[PIPE_AVAIL], t->name[PIPE_AVAIL], err);
	}
	sp_input_release(&in);
	return st;
}

static int run_import(struct sp_ctx *ctx, int argc, char **argv)
{
	struct pipe_texts t = { 0 };
	const char *args[2];
	int nargs = 0, kind = -1;
	sp_status st;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db")) {
			i++;
			continue;
		}
		if (!strncmp(argv[i], "--db=", 5))
			continue;
		if (argv[i][0] == '-' && argv[i][1])
			return sp_cmd_usage_error(ctx, &sp_cmd_import, "unknown option '%s'", argv[i]);
		if (nargs == 2)
			return sp_cmd_usage_error(ctx, &sp_cmd_import, "unexpected argument '%s'", argv[i]);
		args[nargs++] = argv[i];
	}
	if (nargs != 2)
		return sp_cmd_usage_error(ctx, &sp_cmd_import, "expected KIND and FILE");
	for (int k = 0; k < 4; k++)
		if (!strcmp(args[0], pipe_kinds[k]))
			kind = k;
	if (kind < 0)
		return sp_cmd_usage_error(ctx, &sp_cmd_import,
					  "unknown input '%s', expected config, forecast, agents or availability", args[0]);
	if ((st = db_get_input(ctx->db, "base", "config", &t.name[0], &t.text[0], &ctx->err)) != SP_OK)
		goto done;
	for (int k = 1; k < 4; k++)
		if ((st = db_get_input(ctx->db, "base", pipe_kinds[k], &t.name[k], &t.text[k], &ctx->err)) != SP_OK)
			goto done;
	free(t.name[kind]);
	free(t.text[kind]);
	t.name[kind] = sp_xstrdup(args[1]);
	t.text[kind] = NULL;
	if ((st = sp_read_file(args[1], &t.text[kind], &ctx->err)) != SP_OK)
		goto done;
	if ((st = validate(&t, &ctx->err)) != SP_OK)
		goto done;
	if ((st = db_put_input(ctx->db, "base", pipe_kinds[kind], t.name[kind], t.text[kind], &ctx->err)) != SP_OK)
		goto done;
	printf("imported %s from %s\n", pipe_kinds[kind], args[1]);
done:
	pipe_texts_release(&t);
	return st;
}

const struct sp_cmd sp_cmd_import = {
	.name = "import",
	.summary = "validate and store an input file in the database",
	.usage = usage,
	.flags = SP_NEEDS_DB | SP_CREATES_DB,
	.run = run_import,
};
