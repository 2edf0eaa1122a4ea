/* cmd.h - subcommand table entries and the context they run in
 *
 * How to add a subcommand:
 *  1. write src/cmd_<name>.c that defines `const struct sp_cmd sp_cmd_<name>`
 *     with .name, .usage (the full --help text), .flags and .run;
 *  2. declare it below and add it to sp_cmds[] in src/main.c;
 *  3. document it in README.md and docs/COMMANDS.md, add tests/cli/ cases.
 * .run returns an sp_status; main() prints ctx->err and maps the status to
 * the exit code.  A command never calls exit().
 */
#ifndef STAFFPLAN_CMD_H
#define STAFFPLAN_CMD_H

#include "staffplan/error.h"

struct sp_db;

enum {
	SP_NEEDS_DB = 1 << 0, /* driver opens and migrates --db before .run */
	SP_CREATES_DB = 1 << 1, /* ... and may create it (init, import) */
};

struct sp_ctx {
	const char *db_path;   /* --db, default "staffplan.db" */
	struct sp_db *db;      /* open when the command has SP_NEEDS_DB */
	int verbose;
	struct sp_err err;
};

struct sp_cmd {
	const char *name;
	const char *summary;   /* one line for `staffplan help` */
	const char *usage;     /* full text for --help / help CMD */
	unsigned flags;
	int (*run)(struct sp_ctx *ctx, int argc, char **argv);
};

extern const struct sp_cmd sp_cmd_plan;
extern const struct sp_cmd sp_cmd_requirements;
extern const struct sp_cmd sp_cmd_init;
extern const struct sp_cmd sp_cmd_import;
extern const struct sp_cmd sp_cmd_schedule;
extern const struct sp_cmd sp_cmd_roster;
extern const struct sp_cmd sp_cmd_export;
extern const struct sp_cmd sp_cmd_report;
extern const struct sp_cmd sp_cmd_design;
extern const struct sp_cmd sp_cmd_scenario;
extern const struct sp_cmd sp_cmd_forecast;

/* Shared option handling: every command accepts -h/--help; returns 1 when
 * argv holds -h or --help (the caller then prints usage and returns 0). */
int sp_cmd_wants_help(int argc, char **argv);

/* Prints a usage error for cmd to ctx->err and returns SP_ERR_USAGE. */
int sp_cmd_usage_error(struct sp_ctx *ctx, const struct sp_cmd *cmd,
		       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Parses a run id given to option opt ("--run", "--baseline"); a usage
 * error naming the option and the value when it is not a positive integer. */
int sp_cmd_parse_run_id(struct sp_ctx *ctx, const struct sp_cmd *cmd, const char *opt,
			const char *arg, long long *out);

#endif
