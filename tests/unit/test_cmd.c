/* test_cmd.c - the subcommand driver: option tables, help, --db, operands
 *
 * A test command declares one option of every kind; sp_cmd_run parses
 * command lines against it and its .run records what it was given.  Every
 * kind is checked with good values and bad ones (the message names the
 * option and the value), and so are unknown options, missing values, "--",
 * repeated options, --db and --help, the operand counts, the database
 * flags and subcommands.
 */
#include "tests.h"
#include "staffplan/cmd.h"
#include "staffplan/lp.h"
#include "staffplan/store.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

struct args {
	int flag;
	const char *name;
	struct sp_strs sets;
	double seconds, number;
	int count;
	long long run;
	enum lp_solver solver;
	int format;
	int verbose;
};

static const char *const formats[] = { "csv", "table", "json", NULL };

static const struct args defaults = { .name = "default", .seconds = NAN, .number = NAN, .count = 10, .format = 1 };

static const struct sp_opt opts[] = {
	SP_OPT("flag", SP_OPT_FLAG, struct args, flag, NULL, "a flag"),
	SP_OPT("name", SP_OPT_STRING, struct args, name, "NAME", "a string"),
	SP_OPT("set", SP_OPT_STRINGS, struct args, sets, "K=V", "repeatable"),
	SP_OPT("time-limit", SP_OPT_SECONDS, struct args, seconds, "S", "seconds"),
	SP_OPT("gap", SP_OPT_NUMBER, struct args, number, "G", "a number\nsecond line of help"),
	SP_OPT_RANGE("count", struct args, count, 1, 1000, "N", "a count"),
	SP_OPT("run", SP_OPT_RUN_ID, struct args, run, "ID", "a run id"),
	SP_OPT("solver", SP_OPT_SOLVER, struct args, solver, NULL, "a solver"),
	SP_OPT_CHOICE("format", struct args, format, formats, "a choice"),
	SP_OPT_SHORT('v', "verbose", SP_OPT_FLAG, struct args, verbose, NULL, "short too"),
	SP_OPT_END
};

/* What the last .run saw. */
static struct {
	int calls;
	struct args a;
	char *sets[8];
	int nsets;
	char *operands[8];
	int noperands;
	char *name;
	int had_db;
	const char *db_path;
} seen;

static void forget(void)
{
	for (int i = 0; i < seen.nsets; i++)
		free(seen.sets[i]);
	for (int i = 0; i < seen.noperands; i++)
		free(seen.operands[i]);
	free(seen.name);
	memset(&seen, 0, sizeof(seen));
}

static int record(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	const struct args *a = opts_;

	seen.calls++;
	seen.a = *a;
	seen.a.sets.v = NULL;
	seen.name = a->name ? strdup(a->name) : NULL;
	for (int i = 0; i < a->sets.n && i < 8; i++)
		seen.sets[seen.nsets++] = strdup(a->sets.v[i]);
	for (int i = 0; i < argc && i < 8; i++)
		seen.operands[seen.noperands++] = strdup(argv[i]);
	seen.had_db = ctx->db != NULL;
	seen.db_path = ctx->db_path;
	return SP_OK;
}

static const struct sp_cmd test_cmd = {
	.name = "tcmd",
	.summary = "a test command",
	.usage = "usage: staffplan tcmd [options] [A [B]]\n",
	.notes = "notes at the end\n",
	.opts = opts,
	.defaults = &defaults,
	.opts_size = sizeof(struct args),
	.max_args = 2,
	.run = record,
};

/* Runs cmd over the words of line (split at spaces; "''" is an empty word)
 * with help going to a temporary file; OUT: *help_text when non-NULL (caller
 * frees). */
static sp_status run_line(const struct sp_cmd *cmd, const char *line, struct sp_ctx *ctx, char **help_text)
{
	char buf[1024], *words[64];
	int n = 0;
	FILE *out = tmpfile();

	forget();
	snprintf(buf, sizeof(buf), "%s %s", cmd->name, line);
	for (char *save = NULL, *w = strtok_r(buf, " ", &save); w && n < 63; w = strtok_r(NULL, " ", &save))
		words[n++] = strcmp(w, "''") ? w : w + 2;
	words[n] = NULL;
	memset(ctx, 0, sizeof(*ctx));
	ctx->out = out;
	sp_status st = sp_cmd_run(cmd, ctx, n, words);
	if (help_text) {
		long len = ftell(out);
		*help_text = calloc(1, (size_t)len + 1);
		rewind(out);
		if (len > 0 && fread(*help_text, 1, (size_t)len, out) != (size_t)len)
			(*help_text)[0] = '\0';
	}
	fclose(out);
	/* the words are gone: keep no pointer into them */
	seen.a.name = NULL;
	seen.db_path = NULL;
	return st;
}

#define ASSERT_MSG(e, s) do { \
	if (!strstr((e).msg, (s))) \
		fprintf(stderr, "\n  message \"%s\" lacks \"%s\"\n", (e).msg, (s)); \
	CU_ASSERT_PTR_NOT_NULL(strstr((e).msg, (s))); } while (0)

/* line must be refused as a usage error whose message holds needle, and
 * .run must not run. */
static void expect_refused(const char *line, const char *needle)
{
	struct sp_ctx ctx;
	sp_status st = run_line(&test_cmd, line, &ctx, NULL);

	if (st != SP_ERR_USAGE)
		fprintf(stderr, "\n  '%s' returned %d (%s)\n", line, (int)st, ctx.err.msg);
	CU_ASSERT_EQUAL(st, SP_ERR_USAGE);
	CU_ASSERT_EQUAL(seen.calls, 0);
	ASSERT_MSG(ctx.err, needle);
	ASSERT_MSG(ctx.err, "(see 'staffplan help tcmd')");
}

static void test_cmd_parses_every_kind(void)
{
	struct sp_ctx ctx;

	CU_ASSERT_EQUAL_FATAL(run_line(&test_cmd, "--flag --name x --set a=1 --time-limit 2.5 --gap 0 "
				       "--count 7 --run 12 --solver cbc --format json -v one two", &ctx, NULL), SP_OK);
	CU_ASSERT_EQUAL(seen.calls, 1);
	CU_ASSERT_EQUAL(seen.a.flag, 1);
	CU_ASSERT(seen.name && !strcmp(seen.name, "x"));
	CU_ASSERT_EQUAL(seen.nsets, 1);
	CU_ASSERT_STRING_EQUAL(seen.sets[0], "a=1");
	CU_ASSERT_DOUBLE_EQUAL(seen.a.seconds, 2.5, 0);
	CU_ASSERT_DOUBLE_EQUAL(seen.a.number, 0, 0);
	CU_ASSERT_EQUAL(seen.a.count, 7);
	CU_ASSERT_EQUAL(seen.a.run, 12);
	CU_ASSERT_EQUAL(seen.a.solver, LP_SOLVER_CBC);
	CU_ASSERT_EQUAL(seen.a.format, 2);
	CU_ASSERT_EQUAL(seen.a.verbose, 1);
	CU_ASSERT_EQUAL_FATAL(seen.noperands, 2);
	CU_ASSERT_STRING_EQUAL(seen.operands[0], "one");
	CU_ASSERT_STRING_EQUAL(seen.operands[1], "two");

	/* nothing given: the defaults, and --opt=value is the same as --opt value */
	CU_ASSERT_EQUAL_FATAL(run_line(&test_cmd, "", &ctx, NULL), SP_OK);
	CU_ASSERT_EQUAL(seen.a.flag, 0);
	CU_ASSERT(seen.name && !strcmp(seen.name, "default"));
	CU_ASSERT(isnan(seen.a.seconds) && isnan(seen.a.number));
	CU_ASSERT_EQUAL(seen.a.count, 10);
	CU_ASSERT_EQUAL(seen.a.format, 1);
	CU_ASSERT_EQUAL(seen.a.solver, LP_SOLVER_GLPK);
	CU_ASSERT_EQUAL(seen.noperands, 0);
	CU_ASSERT_EQUAL_FATAL(run_line(&test_cmd, "--time-limit=30 --solver=glpk --format=csv", &ctx, NULL), SP_OK);
	CU_ASSERT_DOUBLE_EQUAL(seen.a.seconds, 30, 0);
	CU_ASSERT_EQUAL(seen.a.format, 0);
	forget();
}

static void test_cmd_refuses_bad_values_alike(void)
{
	expect_refused("--time-limit 0", "--time-limit '0': expected seconds > 0");
	expect_refused("--time-limit -1", "--time-limit '-1': expected seconds > 0");
	expect_refused("--time-limit abc", "--time-limit 'abc': expected seconds > 0");
	expect_refused("--time-limit ''", "--time-limit '': expected seconds > 0");
	expect_refused("--time-limit nan", "--time-limit 'nan': expected seconds > 0");
	expect_refused("--time-limit inf", "--time-limit 'inf': expected seconds > 0");
	expect_refused("--time-limit 10s", "--time-limit '10s'");
	expect_refused("--time-limit 1e7", "--time-limit '1e7': expected at most 1000000 seconds");
	expect_refused("--gap -0.01", "--gap '-0.01': expected a number >= 0");
	expect_refused("--gap ''", "--gap '': expected a number >= 0");
	expect_refused("--gap 1%", "--gap '1%': expected a number >= 0");
	expect_refused("--count 0", "--count '0': expected a whole number from 1 to 1000");
	expect_refused("--count 1001", "--count '1001'");
	expect_refused("--count 2.5", "--count '2.5'");
	expect_refused("--count 99999999999999999999", "--count '99999999999999999999'");
	expect_refused("--run 0", "--run '0': expected a run id (a positive integer)");
	expect_refused("--run -3", "--run '-3': expected a run id");
	expect_refused("--run abc", "--run 'abc': expected a run id");
	expect_refused("--run 1.5", "--run '1.5': expected a run id");
	expect_refused("--solver highs", "--solver 'highs': expected glpk or cbc");
	expect_refused("--format xml", "--format 'xml': expected csv, table or json");
	expect_refused("--format ''", "--format '': expected csv, table or json");
	forget();
}

static void test_cmd_refuses_bad_command_lines(void)
{
	expect_refused("--no-such", "unknown option '--no-such'");
	expect_refused("--no-such=1", "unknown option '--no-such'");
	expect_refused("-x", "unknown option '-x'");
	expect_refused("--name", "option '--name' needs a value");
	expect_refused("--flag=1", "option '--flag' takes no value");
	expect_refused("a b c", "unexpected argument 'c'");
	/* the first mistake is the one reported */
	expect_refused("--gap -1 --run 0", "--gap '-1'");
	expect_refused("--no-such --gap -1", "unknown option '--no-such'");
	forget();
}

static void test_cmd_repeated_options_and_double_dash(void)
{
	struct sp_ctx ctx;

	/* a single value: the last wins; a repeatable one: all, in order */
	CU_ASSERT_EQUAL_FATAL(run_line(&test_cmd, "--set a=1 --name first --set b=2 --name second --set a=3",
				       &ctx, NULL), SP_OK);
	CU_ASSERT_EQUAL_FATAL(seen.nsets, 3);
	CU_ASSERT_STRING_EQUAL(seen.sets[0], "a=1");
	CU_ASSERT_STRING_EQUAL(seen.sets[1], "b=2");
	CU_ASSERT_STRING_EQUAL(seen.sets[2], "a=3");
	CU_ASSERT(seen.name && !strcmp(seen.name, "second"));

	/* after "--" everything is an operand, even what looks like an option */
	CU_ASSERT_EQUAL_FATAL(run_line(&test_cmd, "--flag -- --help", &ctx, NULL), SP_OK);
	CU_ASSERT_EQUAL(seen.calls, 1);
	CU_ASSERT_EQUAL(seen.a.flag, 1);
	CU_ASSERT_EQUAL_FATAL(seen.noperands, 1);
	CU_ASSERT_STRING_EQUAL(seen.operands[0], "--help");
	CU_ASSERT_EQUAL_FATAL(run_line(&test_cmd, "one -- -x", &ctx, NULL), SP_OK);
	CU_ASSERT_EQUAL_FATAL(seen.noperands, 2);
	CU_ASSERT_STRING_EQUAL(seen.operands[0], "one");
	CU_ASSERT_STRING_EQUAL(seen.operands[1], "-x");
	/* options may follow operands; '-' alone is an operand (stdin) */
	CU_ASSERT_EQUAL_FATAL(run_line(&test_cmd, "- --flag", &ctx, NULL), SP_OK);
	CU_ASSERT_EQUAL(seen.a.flag, 1);
	CU_ASSERT_EQUAL_FATAL(seen.noperands, 1);
	CU_ASSERT_STRING_EQUAL(seen.operands[0], "-");
	forget();
}

static void test_cmd_consumes_db_and_help(void)
{
	struct sp_ctx ctx;
	char *help = NULL;

	CU_ASSERT_EQUAL_FATAL(run_line(&test_cmd, "one --db other.db two", &ctx, NULL), SP_OK);
	CU_ASSERT_EQUAL(seen.noperands, 2);
	CU_ASSERT_STRING_EQUAL(ctx.db_path, "other.db");
	CU_ASSERT_EQUAL_FATAL(run_line(&test_cmd, "--db=x.db", &ctx, NULL), SP_OK);
	CU_ASSERT_STRING_EQUAL(ctx.db_path, "x.db");
	CU_ASSERT_EQUAL(seen.noperands, 0);
	CU_ASSERT_EQUAL_FATAL(run_line(&test_cmd, "", &ctx, NULL), SP_OK);
	CU_ASSERT_STRING_EQUAL(ctx.db_path, "staffplan.db");
	CU_ASSERT_FALSE(seen.had_db); /* no database flag: nothing opened */

	/* help wins over every mistake and runs nothing */
	static const char *const lines[] = { "--help", "-h", "a b c --help", "--gap -1 -h", "--no-such --help" };
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		CU_ASSERT_EQUAL(run_line(&test_cmd, lines[i], &ctx, &help), SP_OK);
		CU_ASSERT_EQUAL(seen.calls, 0);
		CU_ASSERT(help && !strncmp(help, "usage: staffplan tcmd", 21));
		free(help);
	}
	forget();
}

static void test_cmd_usage_lists_every_option(void)
{
	struct sp_ctx ctx;
	char *help = NULL;

	CU_ASSERT_EQUAL_FATAL(run_line(&test_cmd, "--help", &ctx, &help), SP_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(help);
	static const char *const want[] = {
		"usage: staffplan tcmd", "options:\n", "--flag ", "--name NAME ", "--set K=V ", "--time-limit S ",
		"--gap G ", "--count N ", "--run ID ", "--solver glpk|cbc ", "--format csv|table|json\n",
		"-v, --verbose ", "-h, --help ", "a number\n", "second line of help\n", "notes at the end\n",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (!strstr(help, want[i]))
			fprintf(stderr, "\n  help lacks \"%s\":\n%s", want[i], help);
		CU_ASSERT_PTR_NOT_NULL(strstr(help, want[i]));
	}
	/* a command without a database does not offer --db */
	CU_ASSERT_PTR_NULL(strstr(help, "--db"));
	free(help);
}

/* ---- the database flags ----------------------------------------------------- */

static int lazy_opened;

static int open_lazily(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	struct sp_db *db = NULL;
	const struct args *a = opts_;

	(void)argc;
	(void)argv;
	seen.had_db = ctx->db != NULL;
	if (!a->flag)
		return SP_OK;
	sp_status st = sp_ctx_db(ctx, a->verbose, &db);
	if (st == SP_OK) {
		struct sp_db *again = NULL;
		lazy_opened = db != NULL;
		CU_ASSERT_EQUAL(sp_ctx_db(ctx, 1, &again), SP_OK);
		CU_ASSERT_PTR_EQUAL(again, db); /* opened once */
	}
	return st;
}

static void test_cmd_database_flags(void)
{
	struct sp_cmd needs = test_cmd, creates = test_cmd, lazy = test_cmd;
	struct sp_ctx ctx;
	char line[600], path[512];

	needs.flags = SP_NEEDS_DB;
	creates.flags = SP_NEEDS_DB | SP_CREATES_DB;
	lazy.flags = SP_LAZY_DB;
	lazy.run = open_lazily;

	/* SP_NEEDS_DB: a missing database is refused before .run */
	snprintf(path, sizeof(path), "%s/flags.db", test_tmpdir());
	snprintf(line, sizeof(line), "--db %s", path);
	CU_ASSERT_EQUAL(run_line(&needs, line, &ctx, NULL), SP_ERR_USAGE);
	CU_ASSERT_EQUAL(seen.calls, 0);
	ASSERT_MSG(ctx.err, "no database");
	CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
	/* SP_CREATES_DB creates it; .run finds it open; the driver closes it */
	CU_ASSERT_EQUAL(run_line(&creates, line, &ctx, NULL), SP_OK);
	CU_ASSERT_TRUE(seen.had_db);
	CU_ASSERT_PTR_NULL(ctx.db);
	CU_ASSERT_EQUAL(access(path, F_OK), 0);
	CU_ASSERT_EQUAL(run_line(&needs, line, &ctx, NULL), SP_OK);
	CU_ASSERT_TRUE(seen.had_db);
	/* a bad option is reported before the database is looked at */
	CU_ASSERT_EQUAL(run_line(&needs, "--db no-such.db --gap x", &ctx, NULL), SP_ERR_USAGE);
	ASSERT_MSG(ctx.err, "--gap 'x'");

	/* SP_LAZY_DB: nothing until the command asks */
	snprintf(path, sizeof(path), "%s/lazy.db", test_tmpdir());
	snprintf(line, sizeof(line), "--db %s", path);
	CU_ASSERT_EQUAL(run_line(&lazy, line, &ctx, NULL), SP_OK);
	CU_ASSERT_FALSE(seen.had_db);
	CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
	/* asked for an existing one (-v here): refused, nothing created */
	snprintf(line, sizeof(line), "--db %s --flag -v", path);
	CU_ASSERT_EQUAL(run_line(&lazy, line, &ctx, NULL), SP_ERR_USAGE);
	CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
	/* asked to create */
	snprintf(line, sizeof(line), "--db %s --flag", path);
	lazy_opened = 0;
	CU_ASSERT_EQUAL(run_line(&lazy, line, &ctx, NULL), SP_OK);
	CU_ASSERT_TRUE(lazy_opened);
	CU_ASSERT_EQUAL(access(path, F_OK), 0);
	CU_ASSERT_PTR_NULL(ctx.db);
	forget();
}

/* ---- subcommands ------------------------------------------------------------- */

static const struct sp_cmd sub_one = {
	.name = "one", .opts = opts, .defaults = &defaults, .opts_size = sizeof(struct args),
	.min_args = 1, .max_args = 1, .args_hint = "one NAME", .run = record,
};
/* a subcommand without options gets no options struct to read */
static int record_call(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	(void)ctx;
	(void)opts_;
	seen.calls++;
	for (int i = 0; i < argc && i < 8; i++)
		seen.operands[seen.noperands++] = strdup(argv[i]);
	return SP_OK;
}

static const struct sp_cmd sub_two = { .name = "two", .run = record_call };
static const struct sp_cmd *const subs[] = { &sub_one, &sub_two, NULL };
static const struct sp_cmd parent = {
	.name = "tparent", .summary = "subcommands", .usage = "usage: staffplan tparent one|two\n", .subs = subs,
};

static void test_cmd_subcommands(void)
{
	struct sp_ctx ctx;
	char *help = NULL;

	CU_ASSERT_EQUAL_FATAL(run_line(&parent, "one NAME --gap 0.5", &ctx, NULL), SP_OK);
	CU_ASSERT_EQUAL(seen.calls, 1);
	CU_ASSERT_DOUBLE_EQUAL(seen.a.number, 0.5, 0);
	CU_ASSERT_EQUAL_FATAL(seen.noperands, 1);
	CU_ASSERT_STRING_EQUAL(seen.operands[0], "NAME");
	CU_ASSERT_EQUAL(run_line(&parent, "two", &ctx, NULL), SP_OK);
	CU_ASSERT_EQUAL(seen.calls, 1);

	CU_ASSERT_EQUAL(run_line(&parent, "", &ctx, NULL), SP_ERR_USAGE);
	ASSERT_MSG(ctx.err, "expected one or two (see 'staffplan help tparent')");
	CU_ASSERT_EQUAL(run_line(&parent, "three", &ctx, NULL), SP_ERR_USAGE);
	ASSERT_MSG(ctx.err, "unknown subcommand 'three', expected one or two");
	CU_ASSERT_EQUAL(run_line(&parent, "one", &ctx, NULL), SP_ERR_USAGE);
	ASSERT_MSG(ctx.err, "expected one NAME (see 'staffplan help tparent')");
	CU_ASSERT_EQUAL(run_line(&parent, "one NAME --gap x", &ctx, NULL), SP_ERR_USAGE);
	ASSERT_MSG(ctx.err, "--gap 'x': expected a number >= 0 (see 'staffplan help tparent')");
	CU_ASSERT_EQUAL(run_line(&parent, "two extra", &ctx, NULL), SP_ERR_USAGE);
	ASSERT_MSG(ctx.err, "unexpected argument 'extra'");
	CU_ASSERT_EQUAL(seen.calls, 0);

	/* help of the parent, from anywhere */
	static const char *const lines[] = { "--help", "-h", "one --help", "three -h" };
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		CU_ASSERT_EQUAL(run_line(&parent, lines[i], &ctx, &help), SP_OK);
		CU_ASSERT(help && strstr(help, "usage: staffplan tparent") && strstr(help, "options of 'tparent one':"));
		free(help);
	}
	forget();
}

TEST_SUITE(cmd)
{
	CU_pSuite s = CU_add_suite("cmd", NULL, NULL);
	CU_add_test(s, "every option kind is parsed into its field", test_cmd_parses_every_kind);
	CU_add_test(s, "bad values: one message per kind", test_cmd_refuses_bad_values_alike);
	CU_add_test(s, "unknown options, missing values, operands", test_cmd_refuses_bad_command_lines);
	CU_add_test(s, "repeated options and --", test_cmd_repeated_options_and_double_dash);
	CU_add_test(s, "--db and --help are the driver's", test_cmd_consumes_db_and_help);
	CU_add_test(s, "the usage lists every option", test_cmd_usage_lists_every_option);
	CU_add_test(s, "SP_NEEDS_DB, SP_CREATES_DB, SP_LAZY_DB", test_cmd_database_flags);
	CU_add_test(s, "subcommands from a table", test_cmd_subcommands);
}
