/* cmd.h - subcommands as data: their options, the context they run in, the driver
 *
 * Each subcommand is one `const struct sp_cmd` in src/cmd/cmd_<name>.c.  It
 * declares its options in a table (struct sp_opt: long name, kind, where the
 * value goes, help line); the driver (src/cmd/cmd.c) parses every command
 * with the same getopt_long loop, so one mistake gets one message whatever
 * the command, consumes --db and -h/--help, opens the database the flags ask
 * for, and calls .run with the parsed options and the operands.
 *
 * How to add a subcommand (src/cmd/cmd_roster.c is a small example):
 *  1. write src/cmd/cmd_<name>.c holding
 *     - `struct args`, one field per option value (plus a struct sp_strs
 *       for each repeatable option; a command that solves embeds a struct
 *       plan_request rq and takes SP_OPTS_SOLVE), and, when a value must
 *       not start at zero, `static const struct args defaults`;
 *     - `static const struct sp_opt opts[]`: one SP_OPT(...) line per
 *       option (SP_OPT_CHOICE, SP_OPT_RANGE, SP_OPT_SHORT for the others),
 *       ended by SP_OPT_END;
 *     - `static int run_<name>(struct sp_ctx *ctx, void *opts, int argc,
 *       char **argv)`, which reads `struct args *a = opts` and the operands;
 *     - `const struct sp_cmd sp_cmd_<name>` with .name, .summary, .usage
 *       (synopsis and description; the options are listed from the table),
 *       .notes, .flags (SP_NEEDS_DB...), .opts, .defaults, .opts_size =
 *       sizeof(struct args), .min_args/.max_args/.args_hint, .run;
 *  2. declare it below and add it to sp_cmds[] in src/main.c (one line);
 *  3. document it in README.md and docs/COMMANDS.md, add a tests/cli/ case
 *     (and unit tests for whatever it adds below cmd/).
 * .run calls plan/, out/, store/ and design/, never sched_solve or
 * req_compute; it returns an sp_status and leaves the message in ctx->err
 * (sp_cmd_usage_error for a usage error); main() prints it and maps the
 * status to the exit code.  A command never calls exit().
 *
 * Converting a command that has its own getopt_long loop is mechanical:
 *  - each `case` of the loop becomes one table line: its kind makes the
 *    check and the message, so the hand-written check and message go;
 *  - the variables the cases set become the fields of struct args, their
 *    initial values the defaults; run reads a->x where it read x;
 *  - the `struct option` array, optind/opterr, `case 'd': break;` for --db
 *    and any scan of argv for --help go;
 *  - .run gets the operands only: argv[optind] becomes argv[0], argc -
 *    optind becomes argc, and "unexpected argument"/"expected ..." checks
 *    become .max_args/.min_args/.args_hint;
 *  - .usage keeps the synopsis and description; its option lines move to
 *    the table's help strings.
 */
#ifndef STAFFPLAN_CMD_H
#define STAFFPLAN_CMD_H

#include "staffplan/error.h"

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

struct sp_db;
struct plan_request;
struct plan_result;

enum {
	SP_NEEDS_DB = 1 << 0,   /* the driver opens and migrates --db before .run ... */
	SP_CREATES_DB = 1 << 1, /* ... and may create it (init, import) */
	SP_LAZY_DB = 1 << 2,    /* the command opens --db itself, through sp_ctx_db(),
				   only once it has something to read or store */
};

/* What an option's value is, and so the check the driver makes and the type
 * of the field it writes (at struct sp_opt.offset in the options struct). */
enum sp_opt_kind {
	SP_OPT_FLAG,    /* no value; int, set to 1 */
	SP_OPT_STRING,  /* const char * (borrows argv); given twice, the last wins */
	SP_OPT_STRINGS, /* repeatable; struct sp_strs, every value in order */
	SP_OPT_SECONDS, /* double, a finite number > 0 */
	SP_OPT_NUMBER,  /* double, a finite number >= 0 */
	SP_OPT_INT,     /* int, a whole number in [.min, .max] */
	SP_OPT_RUN_ID,  /* long long, a positive integer */
	SP_OPT_SOLVER,  /* enum lp_solver, a name lp_solver_parse() knows */
	SP_OPT_ENUM,    /* int, the index of the value in .choices */
	SP_OPT_SEED,    /* unsigned long long, a whole number from 0 to 2^63 - 1 */
	SP_OPT_COUNT,   /* double, a whole number > 0, or one with a suffix k, M or G
			   (thousands, millions, billions: 2.5M), at most 1e15 */
};

/* The values of a repeatable option; the strings borrow argv and the array
 * belongs to the driver (valid while .run runs). */
struct sp_strs {
	const char **v;
	int n;
};

struct sp_opt {
	const char *name;       /* long name without "--"; NULL ends a table */
	enum sp_opt_kind kind;
	size_t offset;          /* of the field in the command's options struct */
	const char *arg;        /* the value's name in the help ("F", "S"); NULL for
				   flags, and for enums and solvers (their choices show) */
	const char *help;       /* one line for --help; '\n' continues it */
	const char *const *choices; /* SP_OPT_ENUM: the values, NULL-terminated */
	int min, max;           /* SP_OPT_INT: the range */
	char short_name;        /* also -c (0: none) */
};
#define SP_OPT_END { NULL, SP_OPT_FLAG, 0, NULL, NULL, NULL, 0, 0, 0 }

/* Table lines (positional, so that no field is forgotten): the option's
 * name, kind, the options struct type and field its value goes to, the
 * value's name in the help, the help line. */
#define SP_OPT(name, kind, type, field, arg, help) \
	{ name, kind, offsetof(type, field), arg, help, NULL, 0, 0, 0 }
/* ... an SP_OPT_ENUM over the NULL-terminated list choices */
#define SP_OPT_CHOICE(name, type, field, choices, help) \
	{ name, SP_OPT_ENUM, offsetof(type, field), NULL, help, choices, 0, 0, 0 }
/* ... an SP_OPT_INT in [min, max] */
#define SP_OPT_RANGE(name, type, field, min, max, arg, help) \
	{ name, SP_OPT_INT, offsetof(type, field), arg, help, NULL, min, max, 0 }
/* ... any kind, also spelled -c */
#define SP_OPT_SHORT(c, name, kind, type, field, arg, help) \
	{ name, kind, offsetof(type, field), arg, help, NULL, 0, 0, c }

/* The options of every command that solves (plan, schedule, scenario run),
 * into the struct plan_request (plan.h) at field rq of the options struct
 * type: one place, so the three commands cannot drift apart. */
#define SP_OPTS_SOLVE(type, rq)                                                    \
	SP_OPT("time-limit", SP_OPT_SECONDS, type, rq.time_limit, "S",             \
	       "seconds the solver may use\n"                                      \
	       "(default: [solver] time_limit_seconds)"),                          \
	SP_OPT("gap", SP_OPT_NUMBER, type, rq.gap, "G",                            \
	       "stop within this relative gap of the bound,\n"                     \
	       "e.g. 0.01 (default: [solver] mip_gap)"),                           \
	SP_OPT("solver", SP_OPT_SOLVER, type, rq.solver, NULL,                     \
	       "glpk (default), or cbc: COIN-OR CLP and CBC\n"                     \
	       "for the LPs and MIPs"),                                            \
	SP_OPT("shifts", SP_OPT_STRING, type, rq.shifts, "F",                      \
	       "offer only the shifts in F, the CSV of\n"                          \
	       "'staffplan design --output csv'"),                                 \
	SP_OPT("seed", SP_OPT_SEED, type, rq.seed, "N",                            \
	       "seed of the search's random moves (default 0,\n"                   \
	       "the built-in one); kept with the run"),                            \
	SP_OPT("work-limit", SP_OPT_COUNT, type, rq.work_limit, "N",               \
	       "reproducible mode: stop after N units of work\n"                   \
	       "(about a million a second, e.g. 30M) instead of\n"                 \
	       "at the time limit; one thread; the same input,\n"                  \
	       "seed and N give the same roster on any machine.\n"                 \
	       "--time-limit is then a safety net (default: ten\n"                 \
	       "times N / 1M seconds, at least the config's)")
/* ... and of the two that re-plan and take overrides (plan, schedule):
 * --baseline into rq.baseline, --previous into rq.previous, --set into the
 * struct sp_strs sets. */
#define SP_OPTS_REPLAN(type, rq, sets)                                             \
	SP_OPT("baseline", SP_OPT_RUN_ID, type, rq.baseline, "RUN",                \
	       "re-plan against stored run RUN: change as few\n"                   \
	       "shifts as possible"),                                              \
	SP_OPT("previous", SP_OPT_STRING, type, rq.previous, "RUN|FILE|none",      \
	       "the roster before this horizon, whose rest and days\n"             \
	       "in a row carry over: stored run RUN, a roster.csv\n"               \
	       "FILE, or none (default: the latest base run that\n"                \
	       "ends where this horizon starts)"),                                 \
	SP_OPT("set", SP_OPT_STRINGS, type, sets, "K=V",                           \
	       "override a plan.ini key (repeatable),\n"                           \
	       "e.g. --set service.shrinkage=0.25")

struct sp_ctx {
	const char *db_path;   /* --db, default "staffplan.db" */
	struct sp_db *db;      /* open when the command has SP_NEEDS_DB, or once
				  sp_ctx_db() opened it; the driver closes it */
	FILE *out;             /* where --help goes (NULL: stdout) */
	struct sp_err err;
	/* main()'s signal flag (stop.h) and what installs its handler; the
	 * driver installs it only for a command that watches the flag
	 * (sp_cmd_solve), so Ctrl-C still ends any other at once.  NULL: none. */
	volatile sig_atomic_t *stop;
	void (*catch_signals)(void);
};

#define SP_MANY 1000000        /* .max_args: no limit */

struct sp_cmd {
	const char *name;
	const char *summary;   /* one line for `staffplan help` */
	const char *usage;     /* synopsis and description, for --help / help CMD */
	const char *notes;     /* printed after the options (exit status, examples); may be NULL */
	unsigned flags;
	const struct sp_opt *opts; /* ended by SP_OPT_END; NULL: none */
	const void *defaults;  /* the options struct before parsing; NULL: all zero */
	size_t opts_size;      /* sizeof the options struct */
	int min_args, max_args;/* operands after the options */
	const char *args_hint; /* said when fewer than min_args: "expected <args_hint>" */
	/* opts: the parsed options struct; argc/argv: the operands only. */
	int (*run)(struct sp_ctx *ctx, void *opts, int argc, char **argv);
	/* A command made of subcommands (scenario) has no .run: argv[1] names one
	 * of these (NULL-terminated), which is then parsed and run as above. */
	const struct sp_cmd *const *subs;
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
extern const struct sp_cmd sp_cmd_feeds;
extern const struct sp_cmd sp_cmd_serve;

/* Runs cmd with argv[0] its name and argv[1..] its arguments: prints the
 * usage for -h/--help (anywhere before "--"; then nothing else happens),
 * parses the options, sets ctx->db_path from --db, checks the operand count,
 * opens the database for SP_NEEDS_DB, calls .run, and closes the database.
 * ctx comes zeroed, but for .out (and .db_path, the default --db).  Returns
 * the status; the message is in ctx->err. */
sp_status sp_cmd_run(const struct sp_cmd *cmd, struct sp_ctx *ctx, int argc, char **argv);

/* The full help of cmd: usage, an options section built from the table
 * (with --db for database commands, and -h), notes. */
void sp_cmd_print_usage(const struct sp_cmd *cmd, FILE *f);

/* The database of --db, opened on the first call and kept in ctx->db (later
 * calls return it whatever must_exist says).  must_exist refuses to create
 * a missing file.  Returns SP_OK or the status with ctx->err set. */
sp_status sp_ctx_db(struct sp_ctx *ctx, int must_exist, struct sp_db **db);

/* plan_solve (plan.h) for a command: rq as its options left it, with the
 * overrides sets (may be NULL), live progress when stderr is a terminal,
 * the database of --db opened when plan_solve needs it, and SIGINT and
 * SIGTERM caught into ctx->stop (stop.h) from here on.  OUT: res,
 * initialised here; the caller releases it with plan_result_release(). */
sp_status sp_cmd_solve(struct sp_ctx *ctx, struct plan_request *rq, const struct sp_strs *sets,
		       struct plan_result *res);

/* Sets a usage error of cmd in ctx->err: the formatted message and a pointer
 * to `staffplan help CMD`.  Returns SP_ERR_USAGE. */
int sp_cmd_usage_error(struct sp_ctx *ctx, const struct sp_cmd *cmd,
		       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
