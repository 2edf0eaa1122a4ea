/* cmd_export.c - `staffplan export ics`: calendars of a stored run
 *
 * Loads a run from the database (the latest, or --run ID) and writes its
 * iCalendar files with publish_calendars(): DIR/<agent>.ics per agent and
 * DIR/team.ics.  The database remembers what was published, so exporting
 * a re-planned week keeps UIDs, raises SEQUENCE and publishes removed
 * shifts as CANCELLED.  A run of a what-if scenario is only previewed
 * (publish_is_preview()), and a base run that a later run has re-planned
 * is only an archive copy: their files are written, the publications and
 * so the calendar feeds stay as they were (feeds only move forward).
 * Writes files and the publications table only.
 */
#include "staffplan/cmd.h"
#include "staffplan/publish.h"
#include "staffplan/store.h"

#include <stdint.h>
#include <string.h>

struct args {
	const char *out;
	long long run;
};

static const struct sp_opt opts[] = {
	SP_OPT("out", SP_OPT_STRING, struct args, out, "DIR", "directory to write (created when missing); required"),
	SP_OPT("run", SP_OPT_RUN_ID, struct args, run, "ID", "run to export (default: the latest run)"),
	SP_OPT_END
};

static int export_run(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	const struct sp_cmd *cmd = &sp_cmd_export;
	const struct args *a = opts_;
	struct sp_run run;
	int64_t later = 0;
	sp_status st;

	(void)argc;
	if (strcmp(argv[0], "ics"))
		return sp_cmd_usage_error(ctx, cmd, "unknown format '%s', expected ics", argv[0]);
	if (!a->out || !*a->out)
		return sp_cmd_usage_error(ctx, cmd, "--out DIR is required");

	sp_run_init(&run);
	st = db_load_run(ctx->db, (int64_t)a->run, NULL, &run, &ctx->err);
	if (st == SP_OK)
		st = publish_calendars(&run, ctx->db, NULL, a->out, &later, &ctx->err);
	if (st == SP_OK && publish_is_preview(&run))
		fprintf(stderr, "exported run %lld: %d shifts to '%s' (what-if scenario '%s': a preview, "
			"not published; feeds unchanged)\n", (long long)run.id, run.nshifts, a->out, run.scenario);
	else if (st == SP_OK && later)
		fprintf(stderr, "exported run %lld: %d shifts to '%s' (an archive copy: run %lld has "
			"published these dates since; feeds unchanged)\n", (long long)run.id, run.nshifts,
			a->out, (long long)later);
	else if (st == SP_OK)
		fprintf(stderr, "exported run %lld: %d shifts to '%s'\n", (long long)run.id,
			run.nshifts, a->out);
	sp_run_release(&run);
	return st;
}

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
	"see it.  A run of a what-if scenario is written as a preview (UIDs of its\n"
	"own, SEQUENCE 0, nothing cancelled) and never published; so is an older\n"
	"run of a week that a later run has re-planned (an archive copy: feeds\n"
	"only move forward).  See docs/CALENDARS.md.\n",
	.notes =
	"example:\n"
	"  staffplan export ics --out public/ics\n",
	.flags = SP_NEEDS_DB,
	.opts = opts,
	.opts_size = sizeof(struct args),
	.min_args = 1,
	.max_args = 1,
	.args_hint = "a format: ics",
	.run = export_run,
};
