/* cmd_schedule.c - `staffplan schedule`: solve the stored inputs, store the run
 *
 * The same solve as `plan` (plan_solve) over the imported inputs, or a
 * scenario's; with --baseline the changes against that run are printed as
 * CSV to standard output.
 */
#include "staffplan/cmd.h"
#include "staffplan/plan.h"

#include <math.h>
#include <unistd.h>

struct args {
	struct plan_request rq;
	struct sp_strs sets;
};

static const struct args defaults = {
	.rq = { .scenario = "base", .time_limit = NAN, .gap = NAN },
};

static const struct sp_opt opts[] = {
	SP_OPT("scenario", SP_OPT_STRING, struct args, rq.scenario, "NAME",
	       "solve scenario NAME (default base, the imported inputs)"),
	SP_OPTS_SOLVE(struct args, rq),
	SP_OPT("baseline", SP_OPT_RUN_ID, struct args, rq.baseline, "RUN",
	       "re-plan against stored run RUN: change as few\nshifts as possible"),
	SP_OPT("set", SP_OPT_STRINGS, struct args, sets, "K=V",
	       "override a plan.ini key (repeatable),\ne.g. --set service.shrinkage=0.25"),
	SP_OPT_END
};

static int run_schedule(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	struct args *a = opts_;
	struct plan_result res;
	sp_status st;
	int n;

	(void)argc;
	(void)argv;
	a->rq.sets = a->sets.v;
	a->rq.nsets = a->sets.n;
	a->rq.progress_tty = isatty(2);
	a->rq.open_db = sp_ctx_open_db;
	a->rq.open_db_arg = ctx;
	plan_result_init(&res);
	if ((st = plan_solve(&a->rq, &res, &ctx->err)) != SP_OK)
		goto done;
	if (a->rq.baseline && (st = plan_print_changes(&res.base, &res.run, stdout, &n, &ctx->err)) == SP_OK)
		fprintf(stderr, "staffplan: %d of %d baseline shifts changed\n", n, res.base.nshifts);
	fprintf(stderr, "staffplan: run %lld (scenario %s) stored in %s\n", (long long)res.run.id,
		a->rq.scenario, ctx->db_path);
	plan_summary(&res.run, stderr);
done:
	plan_result_release(&res);
	return st;
}

const struct sp_cmd sp_cmd_schedule = {
	.name = "schedule",
	.summary = "solve the imported inputs and store the run",
	.usage =
	"usage: staffplan schedule [--scenario NAME] [--time-limit S] [--gap G] [--baseline RUN]\n"
	"                          [--shifts F] [--solver glpk|cbc] [--set SECTION.KEY=VALUE]...\n"
	"                          [--db F]\n\n"
	"Solves the imported inputs (scenario 'base', or NAME) and stores the run.\n"
	"With --baseline RUN the roster is re-planned against stored run RUN, moving\n"
	"as few shifts as the new numbers allow; the changes are printed as CSV.\n",
	.notes = "Then: 'staffplan roster', 'staffplan export ics', 'staffplan report'.\n",
	.flags = SP_NEEDS_DB,
	.opts = opts,
	.defaults = &defaults,
	.opts_size = sizeof(struct args),
	.run = run_schedule,
};
