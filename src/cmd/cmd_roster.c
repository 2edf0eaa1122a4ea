/* cmd_roster.c - `staffplan roster`: print a stored run's roster */
#include "staffplan/cmd.h"
#include "staffplan/store.h"

struct args {
	long long run;
	const char *scenario;
};

static const struct sp_opt opts[] = {
	SP_OPT("run", SP_OPT_RUN_ID, struct args, run, "ID", "the run to print (default: the latest run)"),
	SP_OPT("scenario", SP_OPT_STRING, struct args, scenario, "NAME", "the latest run of scenario NAME"),
	SP_OPT_END
};

static int run_roster(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	const struct args *a = opts_;
	struct sp_run run;
	sp_status st;

	(void)argc;
	(void)argv;
	if ((st = db_load_run(ctx->db, a->run, a->scenario, &run, &ctx->err)) != SP_OK)
		return st;
	st = sp_run_print_roster(&run, stdout, &ctx->err);
	fprintf(stderr, "run %lld (%s, %s): %d shifts, objective %.2f, status %s\n", (long long)run.id,
		run.scenario, run.created_at, run.nshifts, run.kpis.objective, run.kpis.status);
	sp_run_release(&run);
	return st;
}

const struct sp_cmd sp_cmd_roster = {
	.name = "roster",
	.summary = "print the roster of a stored run",
	.usage =
	"usage: staffplan roster [--run ID] [--scenario NAME] [--db F]\n\n"
	"Prints the roster of the latest run (or run ID, or the latest run of a\n"
	"scenario) as roster.csv to standard output, and its KPIs to stderr.\n",
	.flags = SP_NEEDS_DB,
	.opts = opts,
	.opts_size = sizeof(struct args),
	.run = run_roster,
};
