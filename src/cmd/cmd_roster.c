/* cmd_roster.c - `staffplan roster`: print a stored run's roster */
#include "staffplan/cmd.h"
#include "staffplan/store.h"

#include <getopt.h>
#include <stdlib.h>

static const char usage[] =
	"usage: staffplan roster [--run ID] [--scenario NAME] [--db F]\n\n"
	"Prints the roster of the latest run (or run ID, or the latest run of a\n"
	"scenario) as roster.csv to standard output, and its KPIs to stderr.\n";

static const struct option longopts[] = {
	{ "run", required_argument, NULL, 'r' },
	{ "scenario", required_argument, NULL, 's' },
	{ "db", required_argument, NULL, 'd' },
	{ NULL, 0, NULL, 0 },
};

static int run_roster(struct sp_ctx *ctx, int argc, char **argv)
{
	long long id = 0;
	const char *scenario = NULL;
	struct sp_run run;
	sp_status st;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'r') {
			if ((st = sp_cmd_parse_run_id(ctx, &sp_cmd_roster, "--run", optarg, &id)) != SP_OK)
				return st;
		} else if (c == 's')
			scenario = optarg;
		else if (c != 'd')
			return sp_cmd_usage_error(ctx, &sp_cmd_roster, "unknown option");
	}
	if ((st = db_load_run(ctx->db, id, scenario, &run, &ctx->err)) != SP_OK)
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
	.usage = usage,
	.flags = SP_NEEDS_DB,
	.run = run_roster,
};
