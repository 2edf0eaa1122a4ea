/* cmd_schedule.c - `staffplan schedule`: solve the stored inputs, store the run */
#include "staffplan/cmd.h"
#include "staffplan/pipeline.h"
#include "staffplan/scenario.h"
#include "staffplan/store.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

static const char usage[] =
	"usage: staffplan schedule [--scenario NAME] [--time-limit S] [--gap G] [--baseline RUN]\n"
	"                          [--solver glpk|cbc] [--set SECTION.KEY=VALUE]... [--db F]\n\n"
	"Solves the imported inputs (scenario 'base', or NAME) and stores the run.\n"
	"With --baseline RUN the roster is re-planned against stored run RUN, moving\n"
	"as few shifts as the new numbers allow; the changes are printed as CSV.\n"
	"--solver cbc solves the LPs and MIPs with COIN-OR CLP and CBC instead of GLPK.\n"
	"Then: 'staffplan roster', 'staffplan export ics', 'staffplan report'.\n";

static const struct option longopts[] = {
	{ "scenario", required_argument, NULL, 's' },
	{ "time-limit", required_argument, NULL, 't' },
	{ "gap", required_argument, NULL, 'g' },
	{ "baseline", required_argument, NULL, 'b' },
	{ "set", required_argument, NULL, 'S' },
	{ "db", required_argument, NULL, 'd' },
	{ "solver", required_argument, NULL, 'x' },
	{ NULL, 0, NULL, 0 },
};

static int run_schedule(struct sp_ctx *ctx, int argc, char **argv)
{
	struct scen_run_opts o = { NAN, NAN, 0, NULL, 0, 0, isatty(2), LP_SOLVER_GLPK };
	const char *name = "base";
	const char **sets = sp_xcalloc((size_t)argc + 1, sizeof(char *));
	struct sp_run run, base;
	sp_status st = SP_OK;
	char *end;
	int c;

	sp_run_init(&run);
	sp_run_init(&base);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's': name = optarg; break;
		case 'S': sets[o.nsets++] = optarg; break;
		case 'd': break;
		case 't':
			o.time_limit = strtod(optarg, &end);
			if (*end || o.time_limit <= 0)
				st = sp_cmd_usage_error(ctx, &sp_cmd_schedule, "--time-limit '%s': expected seconds > 0", optarg);
			break;
		case 'g':
			o.gap = strtod(optarg, &end);
			if (*end || o.gap < 0)
				st = sp_cmd_usage_error(ctx, &sp_cmd_schedule, "--gap '%s': expected a number >= 0", optarg);
			break;
		case 'x':
			if (lp_solver_parse(optarg, &o.solver) != 0)
				st = sp_cmd_usage_error(ctx, &sp_cmd_schedule, "--solver '%s': expected glpk or cbc", optarg);
			break;
		case 'b':
			st = sp_cmd_parse_run_id(ctx, &sp_cmd_schedule, "--baseline", optarg, &o.baseline);
			break;
		default:
			st = sp_cmd_usage_error(ctx, &sp_cmd_schedule, "unknown option");
		}
		if (st != SP_OK)
			goto done;
	}
	o.sets = sets;
	if ((st = scen_run(ctx->db, name, &o, &run, &ctx->err)) != SP_OK)
		goto done;
	if (o.baseline) {
		int n;
		if ((st = db_load_run(ctx->db, o.baseline, NULL, &base, &ctx->err)) != SP_OK)
			goto done;
		if ((st = pipe_print_changes(&base, &run, stdout, &n, &ctx->err)) == SP_OK)
			fprintf(stderr, "staffplan: %d of %d baseline shifts changed\n", n, base.nshifts);
	}
	fprintf(stderr, "staffplan: run %lld (scenario %s) stored in %s\n", (long long)run.id, name, ctx->db_path);
	pipe_summary(&run, stderr);
done:
	free(sets);
	sp_run_release(&run);
	sp_run_release(&base);
	return st;
}

const struct sp_cmd sp_cmd_schedule = {
	.name = "schedule",
	.summary = "solve the imported inputs and store the run",
	.usage = usage,
	.flags = SP_NEEDS_DB,
	.run = run_schedule,
};
