/* main.c - staffplan entry point: the command table, help, version, dispatch
 *
 * The only place that prints errors and decides the exit code, and the
 * only signal handler (stop.h).  Parsing a command's options, --db and
 * --help belong to the driver (src/cmd/cmd.c).
 */
#include "staffplan/cmd.h"
#include "staffplan/stop.h"
#include "staffplan/version.h"

#include <signal.h>
#include <string.h>

/* What SIGINT and SIGTERM asked (stop.h's values): a handler can only set
 * a flag, and this is the process's one.  Everything below main() gets a
 * pointer to it. */
static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	stop_flag = sig == SIGTERM || stop_flag ? SP_STOP_NOW : SP_STOP_SEARCH;
}

/* Installed by the driver only for commands that look at the flag: the
 * others keep the default, so Ctrl-C ends them at once. */
static void catch_signals(void)
{
	struct sigaction sa = { 0 };

	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sa.sa_flags = SA_RESTART; /* a read or write in flight finishes */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

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
	&sp_cmd_feeds,
	&sp_cmd_serve,
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

int main(int argc, char **argv)
{
	const struct sp_cmd *cmd;
	struct sp_ctx ctx = { .stop = &stop_flag, .catch_signals = catch_signals };
	sp_status st;

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
			sp_cmd_print_usage(cmd, stdout);
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
	st = sp_cmd_run(cmd, &ctx, argc - 1, argv + 1);
	if (st != SP_OK)
		fprintf(stderr, "staffplan %s: %s\n", cmd->name, ctx.err.msg[0] ? ctx.err.msg : "failed");
	return sp_exit_code(st);
}
