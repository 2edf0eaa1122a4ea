/* cmd_plan.c - `staffplan plan`: the whole pipeline in one go
 *
 * Reads the inputs, computes requirements, solves, then stores inputs and
 * run in one transaction and writes every output (plan_solve).  Nothing is
 * stored or written before the inputs have parsed and a roster exists, and
 * the database is opened only then (SP_LAZY_DB), so bad input leaves the
 * database and the output folder untouched, or uncreated.
 */
#include "staffplan/cmd.h"
#include "staffplan/plan.h"

#include <math.h>

struct args {
	struct plan_paths paths;
	struct plan_request rq;
	struct sp_strs sets;
};

static const struct args defaults = {
	.paths = { .dir = "data/example" },
	.rq = { .time_limit = NAN, .gap = NAN, .outdir = "out" },
};

static const struct sp_opt opts[] = {
	SP_OPT("config", SP_OPT_STRING, struct args, paths.config, "F", "take plan.ini from F instead of DIR"),
	SP_OPT("forecast", SP_OPT_STRING, struct args, paths.forecast, "F", "take forecast.csv from F"),
	SP_OPT("agents", SP_OPT_STRING, struct args, paths.agents, "F", "take agents.csv from F"),
	SP_OPT("availability", SP_OPT_STRING, struct args, paths.availability, "F",
	       "take availability.csv from F"),
	SP_OPT("out", SP_OPT_STRING, struct args, rq.outdir, "DIR",
	       "output folder (default out): requirements.csv, roster.csv,\n"
	       "coverage.csv, kpis.json, ics/, report.html, changes.csv"),
	SP_OPTS_SOLVE(struct args, rq),
	SP_OPTS_REPLAN(struct args, rq, sets),
	SP_OPT_END
};

static int run_plan(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	struct args *a = opts_;
	struct plan_result res;
	sp_status st;

	if (argc > 0)
		a->paths.dir = argv[0];
	a->rq.paths = &a->paths;
	st = sp_cmd_solve(ctx, &a->rq, &a->sets, &res);
	if (st == SP_OK) {
		if (a->rq.baseline)
			fprintf(stderr, "staffplan: %d of %d baseline shifts changed (see %s/changes.csv)\n",
				res.nchanges, res.base.nshifts, a->rq.outdir);
		fprintf(stderr, "staffplan: run %lld stored in %s, outputs in %s/\n", (long long)res.run.id,
			ctx->db_path, a->rq.outdir);
		plan_summary_previous(&res, stderr);
		if (res.forecast.id)
			fprintf(stderr, "staffplan: the forecast is stored forecast %lld (from %s, %s, method %s)\n",
				(long long)res.forecast.id, res.forecast.history_name,
				res.forecast.created_at, res.forecast.method);
		plan_summary(&res.run, stderr);
	}
	plan_result_release(&res);
	return st;
}

const struct sp_cmd sp_cmd_plan = {
	.name = "plan",
	.summary = "run the whole pipeline on a folder of inputs",
	.usage =
	"usage: staffplan plan [DIR] [--config F] [--forecast F] [--agents F] [--availability F]\n"
	"                      [--out DIR] [--db F] [--time-limit S] [--gap G] [--baseline RUN]\n"
	"                      [--previous RUN|FILE|none] [--shifts F] [--solver glpk|cbc]\n"
	"                      [--set SECTION.KEY=VALUE]...\n\n"
	"Runs the whole pipeline: forecast -> Erlang C requirements -> roster -> outputs.\n"
	"DIR holds plan.ini, forecast.csv, agents.csv and optional availability.csv\n"
	"(default data/example).  The inputs and the run are stored in the database.\n"
	"Labour rules carry over from the roster before the horizon (--previous).\n",
	.notes =
	"Exit status: 0 ok, 1 I/O or internal error, 2 invalid input, 3 no roster satisfies\n"
	"the hard rules, 4 stopped with nothing stored: the time limit before any roster,\n"
	"or SIGTERM, or Ctrl-C outside the search (Ctrl-C during it keeps the best roster).\n",
	.flags = SP_LAZY_DB,
	.opts = opts,
	.defaults = &defaults,
	.opts_size = sizeof(struct args),
	.max_args = 1,
	.run = run_plan,
};
