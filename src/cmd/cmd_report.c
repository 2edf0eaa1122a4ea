/* cmd_report.c - `staffplan report`: write report.html for a stored run
 *
 * Loads one run from the database (the latest, --run ID, or the latest of
 * --scenario NAME) and writes the self-contained HTML report with
 * rpt_write_html().  Reads the database only; the output file is written to
 * a temporary name and renamed, so a failed report leaves the old file.
 */
#include "staffplan/cmd.h"
#include "staffplan/report.h"
#include "staffplan/store.h"

struct args {
	const char *out;
	long long run;
	const char *scenario;
};

static const struct sp_opt opts[] = {
	SP_OPT("out", SP_OPT_STRING, struct args, out, "FILE", "file to write (replaced atomically); required"),
	SP_OPT("run", SP_OPT_RUN_ID, struct args, run, "ID", "run to report (default: the latest run)"),
	SP_OPT("scenario", SP_OPT_STRING, struct args, scenario, "NAME", "the latest run of scenario NAME"),
	SP_OPT_END
};

static int run_report(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	const struct sp_cmd *cmd = &sp_cmd_report;
	const struct args *a = opts_;
	struct sp_run run;
	sp_status st;

	(void)argc;
	(void)argv;
	if (!a->out || !*a->out)
		return sp_cmd_usage_error(ctx, cmd, "--out FILE is required");
	if (a->run && a->scenario)
		return sp_cmd_usage_error(ctx, cmd, "--run and --scenario exclude each other");

	sp_run_init(&run);
	st = db_load_run(ctx->db, a->run, a->scenario, &run, &ctx->err);
	if (st == SP_OK)
		st = rpt_write_html(&run, NULL, a->out, &ctx->err);
	if (st == SP_OK)
		fprintf(stderr, "report: wrote %s (run %lld, scenario %s, %s)\n", a->out, (long long)run.id,
			run.scenario[0] ? run.scenario : "base", run.kpis.status);
	sp_run_release(&run);
	return st;
}

const struct sp_cmd sp_cmd_report = {
	.name = "report",
	.summary = "write report.html for a stored run",
	.usage =
	"usage: staffplan report --out FILE [--run ID | --scenario NAME] [--db FILE]\n"
	"\n"
	"Writes the report of a stored run as one self-contained HTML page (inline\n"
	"SVG and CSS, no script, nothing loaded from the network) that opens in\n"
	"any browser, also offline or as a mail attachment:\n"
	"\n"
	"  - key figures: objective, cost, paid hours, understaffed agent-hours,\n"
	"    coverage, service level, lower bound and gap, agents scheduled,\n"
	"    status and solve time, the abandon rate under Erlang A, and the\n"
	"    largest shortfalls; a table per week when the plan has several;\n"
	"  - a heat-map of understaffing by day and hour (site time), a row per\n"
	"    day of every week;\n"
	"  - required vs staffed agents over the horizon, one small chart per\n"
	"    queue and language (a strip per week);\n"
	"  - fairness: paid hours, night and weekend shifts per agent, over the\n"
	"    horizon and per week;\n"
	"  - one row of shift bars per agent across the weeks, breaks and\n"
	"    night/weekend shifts marked (the first 400 agents; roster.csv has\n"
	"    every shift).\n"
	"\n"
	"'staffplan plan' writes the same page as report.html in its --out\n"
	"directory.  docs/REPORT.md explains every chart.\n",
	.notes =
	"examples:\n"
	"  staffplan report --out report.html\n"
	"  staffplan report --run 12 --out week48.html\n"
	"  staffplan report --scenario ko-launch --out ko-launch.html\n",
	.flags = SP_NEEDS_DB,
	.opts = opts,
	.opts_size = sizeof(struct args),
	.run = run_report,
};
