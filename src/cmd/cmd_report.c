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

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static const char usage[] =
	"usage: staffplan report --out FILE [--run ID | --scenario NAME] [--db FILE]\n"
	"\n"
	"Writes the report of a stored run as one self-contained HTML page (inline\n"
	"SVG and CSS, no script, nothing loaded from the network) that opens in\n"
	"any browser, also offline or as a mail attachment:\n"
	"\n"
	"  - key figures: objective, cost, paid hours, understaffed agent-hours,\n"
	"    coverage, service level, lower bound and gap, agents scheduled,\n"
	"    status and solve time, and the largest shortfalls;\n"
	"  - a heat-map of understaffing by day and hour (site time);\n"
	"  - required vs staffed agents over the week, one small chart per queue\n"
	"    and language;\n"
	"  - fairness: paid hours, night and weekend shifts per agent;\n"
	"  - one row of shift bars per agent, breaks and night/weekend shifts\n"
	"    marked (the first 400 agents; roster.csv has every shift).\n"
	"\n"
	"'staffplan plan' writes the same page as report.html in its --out\n"
	"directory.  docs/REPORT.md explains every chart.\n"
	"\n"
	"options:\n"
	"  --out FILE       file to write (replaced atomically); required\n"
	"  --run ID         run to report (default: the latest run)\n"
	"  --scenario NAME  the latest run of scenario NAME\n"
	"  --db FILE        database (default: staffplan.db)\n"
	"  -h, --help       show this help\n"
	"\n"
	"examples:\n"
	"  staffplan report --out report.html\n"
	"  staffplan report --run 12 --out week48.html\n"
	"  staffplan report --scenario ko-launch --out ko-launch.html\n";

static const struct option longopts[] = {
	{ "out", required_argument, NULL, 'o' },
	{ "run", required_argument, NULL, 'r' },
	{ "scenario", required_argument, NULL, 's' },
	{ "db", required_argument, NULL, 'd' },
	{ NULL, 0, NULL, 0 },
};

static int run_report(struct sp_ctx *ctx, int argc, char **argv)
{
	const struct sp_cmd *cmd = &sp_cmd_report;
	const char *out = NULL, *scenario = NULL;
	long long id = 0;
	struct sp_run run;
	sp_status st;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'r':
			if ((st = sp_cmd_parse_run_id(ctx, cmd, "--run", optarg, &id)) != SP_OK)
				return st;
			break;
		case 's':
			scenario = optarg;
			break;
		case 'd':
			break; /* opened by the driver */
		case ':':
			return sp_cmd_usage_error(ctx, cmd, "option '%s' needs a value", argv[optind - 1]);
		default:
			return sp_cmd_usage_error(ctx, cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return sp_cmd_usage_error(ctx, cmd, "unexpected argument '%s'", argv[optind]);
	if (!out || !*out)
		return sp_cmd_usage_error(ctx, cmd, "--out FILE is required");
	if (id && scenario)
		return sp_cmd_usage_error(ctx, cmd, "--run and --scenario exclude each other");

	sp_run_init(&run);
	st = db_load_run(ctx->db, id, scenario, &run, &ctx->err);
	if (st == SP_OK)
		st = rpt_write_html(&run, NULL, out, &ctx->err);
	if (st == SP_OK)
		fprintf(stderr, "report: wrote %s (run %lld, scenario %s, %s)\n", out, (long long)run.id,
			run.scenario[0] ? run.scenario : "base", run.kpis.status);
	sp_run_release(&run);
	return st;
}

const struct sp_cmd sp_cmd_report = {
	.name = "report",
	.summary = "write report.html for a stored run",
	.usage = usage,
	.flags = SP_NEEDS_DB,
	.run = run_report,
};
