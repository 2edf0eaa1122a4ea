/* cmd_export.c - `staffplan export ics`: calendars of a stored run
 *
 * Loads a run from the database (the latest, or --run ID) and writes its
 * iCalendar files with ics_export(): DIR/<agent>.ics per agent and
 * DIR/team.ics.  The database remembers what was published, so exporting
 * a re-planned week keeps UIDs, raises SEQUENCE and publishes removed
 * shifts as CANCELLED.  Writes files and the publications table only.
 */
#include "staffplan/cmd.h"
#include "staffplan/ics.h"
#include "staffplan/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int export_run(struct sp_ctx *ctx, int argc, char **argv);

const struct sp_cmd sp_cmd_export = {
	.name = "export",
	.summary = "write the iCalendar files of a run",
	.usage =
	"usage: staffplan export ics --out DIR [--run ID] [--db FILE]\n"
	"\n"
	"Writes the roster of a stored run as iCalendar (RFC 5545) files that\n"
	"agents import into, or subscribe to from, Google Calendar, Outlook,\n"
	"Apple Calendar and Thunderbird:\n"
	"\n"
	"  DIR/<agent>.ics  one calendar per scheduled agent, in the agent's time\n"
	"                   zone (the id reduced to [A-Za-z0-9._-]; ids that\n"
	"                   change or clash get a short hash appended)\n"
	"  DIR/team.ics     every shift, in the site time zone\n"
	"\n"
	"Each shift is one event (queues and languages in the title, the break\n"
	"in the description) and its break a second, free-time event.  An event\n"
	"keeps its UID for the same agent and day across re-plans; when a\n"
	"re-plan of an exported week moves a shift its SEQUENCE goes up, and a\n"
	"shift it removes stays in the file as STATUS:CANCELLED.  The database\n"
	"remembers what was published; agents subscribed with 'staffplan feeds'\n"
	"see it.  A run of a what-if scenario is written as a preview (SEQUENCE 0,\n"
	"nothing cancelled) and never published (see docs/CALENDARS.md).\n"
	"\n"
	"options:\n"
	"  --out DIR    directory to write (created when missing); required\n"
	"  --run ID     run to export (default: the latest run)\n"
	"  --db FILE    database (default: staffplan.db)\n"
	"  -h, --help   show this help\n"
	"\n"
	"example:\n"
	"  staffplan export ics --out public/ics\n",
	.flags = SP_NEEDS_DB,
	.run = export_run,
};

static const struct option longopts[] = {
	{ "out", required_argument, NULL, 'o' },
	{ "run", required_argument, NULL, 'r' },
	{ "db", required_argument, NULL, 'd' },
	{ NULL, 0, NULL, 0 },
};

static int export_run(struct sp_ctx *ctx, int argc, char **argv)
{
	const struct sp_cmd *cmd = &sp_cmd_export;
	const char *out = NULL;
	long long run_id = 0;
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
			if ((st = sp_cmd_parse_run_id(ctx, cmd, "--run", optarg, &run_id)) != SP_OK)
				return st;
			break;
		case 'd':
			break; /* opened by the driver */
		case ':':
			return sp_cmd_usage_error(ctx, cmd, "option '%s' needs a value", argv[optind - 1]);
		default:
			return sp_cmd_usage_error(ctx, cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return sp_cmd_usage_error(ctx, cmd, "expected a format: ics");
	if (strcmp(argv[optind], "ics"))
		return sp_cmd_usage_error(ctx, cmd, "unknown format '%s', expected ics", argv[optind]);
	if (optind + 1 < argc)
		return sp_cmd_usage_error(ctx, cmd, "unexpected argument '%s'", argv[optind + 1]);
	if (!out || !*out)
		return sp_cmd_usage_error(ctx, cmd, "--out DIR is required");

	sp_run_init(&run);
	st = db_load_run(ctx->db, (int64_t)run_id, NULL, &run, &ctx->err);
	/* only what a supervisor publishes reaches agents (SPEC 9): a what-if
	 * run's calendars are a preview, written without the publications */
	int publish = !run.scenario[0] || !strcmp(run.scenario, "base");
	if (st == SP_OK)
		st = ics_export(&run, publish ? ctx->db : NULL, NULL, out, &ctx->err);
	if (st == SP_OK)
		fprintf(stderr, "exported run %lld: %d shifts to '%s'%s%s%s\n", (long long)run.id,
			run.nshifts, out, publish ? "" : " (what-if scenario '", publish ? "" : run.scenario,
			publish ? "" : "': a preview, not published; feeds unchanged)");
	sp_run_release(&run);
	ics_cleanup();
	return st;
}
