/* main.c - staffplan entry point: finds the subcommand and runs it
 *
 * The only place that prints errors and decides the exit code.  Global
 * options: --version, help [CMD]; --db FILE is seen here (to open the
 * database for commands that need it) and again by the command itself.
 */
#include "staffplan/cmd.h"
#include "staffplan/ics.h"
#include "staffplan/store.h"
#include "staffplan/version.h"

#include <string.h>

static const struct sp_cmd *const sp_cmds[] = {
	&sp_cmd_plan,
	&sp_cmd_requirements,
	&sp_cmd_init,
	&sp_cmd_import,
	&sp_cmd_schedule,
	&sp_cmd_roster,
	&sp_cmd_export,
	&sp_cmd_report,
	&sp_cmd_scenario,
	&sp_cmd_design,
	&sp_cmd_forecast,
	NULL
};

static void print_help(FILE *f)
{
	fputs("usage: staffplan [--version] [help [COMMAND]] COMMAND [ARGS]\n\n"
	      "Shift scheduling and staffing for multilingual support desks.\n\n"
	      "commands:\n", f);
	for (int i = 0; sp_cmds[i]; i++)
		fprintf(f, "  %-14s %s\n", sp_cmds[i]->name, sp_cmds[i]->summary);
	fputs("\nRun 'staffplan help COMMAND' or 'staffplan COMMAND --help' for details.\n", f);
}

static const struct sp_cmd *find_cmd(const char *name)
{
	for (int i = 0; sp_cmds[i]; i++)
		if (!strcmp(sp_cmds[i]->name, name))
			return sp_cmds[i];
	return NULL;
}

/* --db is accepted by every database command; it is read here so the driver
 * can open the database before the command parses its own options. */
static const char *scan_db_path(int argc, char **argv)
{
	const char *path = "staffplan.db";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			path = argv[++i];
		else if (!strncmp(argv[i], "--db=", 5))
			path = argv[i] + 5;
	}
	return path;
}

static int run_cmd(const struct sp_cmd *cmd, int argc, char **argv)
{
	struct sp_ctx ctx = { 0 };
	sp_status st;

	if (sp_cmd_wants_help(argc, argv)) {
		fputs(cmd->usage, stdout);
		return 0;
	}
	ctx.db_path = scan_db_path(argc, argv);
	if (cmd->flags & SP_NEEDS_DB) {
		st = db_open(ctx.db_path, !(cmd->flags & SP_CREATES_DB), &ctx.db, &ctx.err);
		if (st != SP_OK)
			goto done;
	}
	st = (sp_status)cmd->run(&ctx, argc, argv);
done:
	db_close(ctx.db);
	ics_cleanup();
	if (st != SP_OK) {
		fprintf(stderr, "staffplan %s: %s\n", cmd->name,
			ctx.err.msg[0] ? ctx.err.msg : "failed");
	}
	return sp_exit_code(st);
}

int main(int argc, char **argv)
{
	const struct sp_cmd *cmd;

	if (argc < 2) {
		print_help(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("staffplan %s\n", SP_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		if (argc > 2) {
			cmd = find_cmd(argv[2]);
			if (!cmd) {
				fprintf(stderr, "staffplan: unknown command '%s'\n", argv[2]);
				return 2;
			}
			fputs(cmd->usage, stdout);
			return 0;
		}
		print_help(stdout);
		return 0;
	}
	cmd = find_cmd(argv[1]);
	if (!cmd) {
		fprintf(stderr, "staffplan: unknown command '%s' (see 'staffplan help')\n", argv[1]);
		return 2;
	}
	return run_cmd(cmd, argc - 1, argv + 1);
}
