/* cmd_schedule.c - `staffplan schedule`: solve the stored inputs, store the run
 *
 * The same solve as `plan` (plan_solve) over the imported inputs, or a
 * scenario's; with --baseline the changes against that run are printed as
 * CSV to standard output.  A run of base is published to the calendar
 * feeds as it is stored, as `plan` publishes (SPEC 9); no file is written.
 */
#include "staffplan/cmd.h"
#include "staffplan/plan.h"
#include "staffplan/publish.h"

#include <math.h>

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
	SP_OPTS_REPLAN(struct args, rq, sets),
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
	if ((st = sp_cmd_solve(ctx, &a->rq, &a->sets, &res)) != SP_OK)
		goto done;
	if (a->rq.baseline && (st = plan_print_changes(&res.base, &res.run, stdout, &n, &ctx->err)) == SP_OK)
		fprintf(stderr, "staffplan: %d of %d baseline shifts changed\n", n, res.base.nshifts);
	fprintf(stderr, "staffplan: run %lld (scenario %s) stored in %s%s\n", (long long)res.run.id,
		a->rq.scenario, ctx->db_path,
		publish_is_preview(&res.run) ? "" : " and published to the calendar feeds");
	plan_summary_previous(&res, stderr);
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
	"                          [--previous RUN|FILE|none] [--shifts F] [--solver glpk|cbc]\n"
	"                          [--set SECTION.KEY=VALUE]...\n"
	"                          [--db F]\n\n"
	"Solves the imported inputs (scenario 'base', or NAME) and stores the run.\n"
	"A run of base is published to the calendar feeds ('staffplan feeds') at\n"
	"once, as 'plan' publishes; a what-if scenario's never is.\n"
	"With --baseline RUN the roster is re-planned against stored run RUN, moving\n"
	"as few shifts as the new numbers allow; the changes are printed as CSV.\n"
	"Labour rules carry over from the roster before the horizon (--previous).\n",
	.notes = "Then: 'staffplan roster', 'staffplan export ics', 'staffplan report'.\n",
	.flags = SP_NEEDS_DB,
	.opts = opts,
	.defaults = &defaults,
	.opts_size = sizeof(struct args),
	.run = run_schedule,
};
