/* cmd_requirements.c - `staffplan requirements`: the Erlang C table to stdout */
#include "staffplan/cmd.h"
#include "staffplan/plan.h"

struct args {
	struct plan_paths paths;
	int format;                 /* index in formats[] */
	struct sp_strs sets;
};

static const char *const formats[] = { "csv", "table", "json", NULL };
static const int format_ids[] = { REQ_CSV, REQ_TABLE, REQ_JSON };

static const struct args defaults = { .paths = { .dir = "data/example" } };

static const struct sp_opt opts[] = {
	SP_OPT("config", SP_OPT_STRING, struct args, paths.config, "F", "take plan.ini from F instead of DIR"),
	SP_OPT("forecast", SP_OPT_STRING, struct args, paths.forecast, "F", "take forecast.csv from F"),
	SP_OPT_CHOICE("format", struct args, format, formats, "csv (default), an aligned table, or JSON"),
	SP_OPT("set", SP_OPT_STRINGS, struct args, sets, "K=V",
	       "override a plan.ini key (repeatable),\ne.g. --set service.shrinkage=0.25"),
	SP_OPT_END
};

static int run_requirements(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	struct args *a = opts_;

	if (argc > 0)
		a->paths.dir = argv[0];
	return plan_requirements(&a->paths, a->sets.v, a->sets.n, format_ids[a->format], stdout, &ctx->err);
}

const struct sp_cmd sp_cmd_requirements = {
	.name = "requirements",
	.summary = "print required agents per interval, queue and language",
	.usage =
	"usage: staffplan requirements [DIR] [--config F] [--forecast F] [--format csv|table|json]\n"
	"                              [--set SECTION.KEY=VALUE]...\n\n"
	"Prints required agents per interval, queue and language (Erlang C with bot\n"
	"deflection, concurrency, occupancy cap, shrinkage and min_agents):\n"
	"start,queue,language,volume,aht,traffic,agents,required,service_level,asa\n"
	"DIR defaults to data/example.\n",
	.opts = opts,
	.defaults = &defaults,
	.opts_size = sizeof(struct args),
	.max_args = 1,
	.run = run_requirements,
};
