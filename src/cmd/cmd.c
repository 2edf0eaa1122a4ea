/* cmd.c - the subcommand driver: option tables parsed, help, --db, operands
 *
 * Every command's options go through the one getopt_long loop below, so a
 * given mistake (a time limit that is not seconds > 0, an unknown option, a
 * missing value) reads the same in every command.  The first error is the
 * one reported, but the loop runs to the end: -h/--help anywhere before "--"
 * prints the usage instead, as users expect of a command that went wrong.
 */
#include "staffplan/cmd.h"
#include "staffplan/ics.h"
#include "staffplan/lp.h"
#include "staffplan/plan.h"
#include "staffplan/store.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
	OPT_BASE = 256,         /* getopt_long val of table entry i: OPT_BASE + i */
	SECONDS_MAX = 1000000,  /* the largest SP_OPT_SECONDS, 11.6 days */
};

static sp_status vusage(struct sp_err *err, const struct sp_cmd *top, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	return sp_err_set(err, SP_ERR_USAGE, "%s (see 'staffplan help %s')", msg, top->name);
}

static sp_status usage(struct sp_err *err, const struct sp_cmd *top, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static sp_status usage(struct sp_err *err, const struct sp_cmd *top, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sp_status st = vusage(err, top, fmt, ap);
	va_end(ap);
	return st;
}

int sp_cmd_usage_error(struct sp_ctx *ctx, const struct sp_cmd *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sp_status st = vusage(&ctx->err, cmd, fmt, ap);
	va_end(ap);
	return st;
}

static int count_opts(const struct sp_opt *o)
{
	int n = 0;
	while (o && o[n].name)
		n++;
	return n;
}

/* "a, b or c" from a NULL-terminated list. */
static void join_choices(const char *const *c, char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; c[i] && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s", i == 0 ? "" : c[i + 1] ? ", " : " or ", c[i]);
}

static void solver_names(const char **names)
{
	int n = 0;
	for (int s = LP_SOLVER_GLPK; s <= LP_SOLVER_CBC; s++)
		names[n++] = lp_solver_name((enum lp_solver)s);
	names[n] = NULL;
}

static int parse_double(const char *s, double *out)
{
	char *end;
	errno = 0;
	*out = strtod(s, &end);
	return !errno && end != s && !*end && isfinite(*out);
}

/* Checks one value and stores it where the table says. */
static sp_status set_value(const struct sp_cmd *top, const struct sp_opt *o, const char *arg, void *opts,
			   struct sp_err *err)
{
	char *field = (char *)opts + o->offset, *end;
	double d;

	switch (o->kind) {
	case SP_OPT_FLAG:
		*(int *)field = 1;
		return SP_OK;
	case SP_OPT_STRING:
		*(const char **)field = arg;
		return SP_OK;
	case SP_OPT_STRINGS: {
		struct sp_strs *s = (struct sp_strs *)field;
		s->v = sp_xrealloc(s->v, (size_t)(s->n + 2) * sizeof(*s->v));
		s->v[s->n++] = arg;
		s->v[s->n] = NULL;
		return SP_OK;
	}
	case SP_OPT_SECONDS:
		if (!parse_double(arg, &d) || d <= 0)
			return usage(err, top, "--%s '%s': expected seconds > 0", o->name, arg);
		/* solvers count their limits in milliseconds in an int */
		if (d > SECONDS_MAX)
			return usage(err, top, "--%s '%s': expected at most %d seconds", o->name, arg, SECONDS_MAX);
		*(double *)field = d;
		return SP_OK;
	case SP_OPT_NUMBER:
		if (!parse_double(arg, &d) || d < 0)
			return usage(err, top, "--%s '%s': expected a number >= 0", o->name, arg);
		*(double *)field = d;
		return SP_OK;
	case SP_OPT_INT: {
		errno = 0;
		long v = strtol(arg, &end, 10);
		if (errno || end == arg || *end || v < o->min || v > o->max)
			return usage(err, top, "--%s '%s': expected a whole number from %d to %d", o->name, arg,
				     o->min, o->max);
		*(int *)field = (int)v;
		return SP_OK;
	}
	case SP_OPT_RUN_ID: {
		errno = 0;
		long long v = strtoll(arg, &end, 10);
		if (errno || end == arg || *end || v <= 0)
			return usage(err, top, "--%s '%s': expected a run id (a positive integer)", o->name, arg);
		*(long long *)field = v;
		return SP_OK;
	}
	case SP_OPT_SEED: {
		errno = 0;
		unsigned long long v = strtoull(arg, &end, 10);
		if (errno || end == arg || *end || arg[0] == '-' || arg[0] == '+' || v > (unsigned long long)LLONG_MAX)
			return usage(err, top, "--%s '%s': expected a whole number from 0 to %lld", o->name, arg,
				     LLONG_MAX);
		*(unsigned long long *)field = v;
		return SP_OK;
	}
	case SP_OPT_COUNT: {
		errno = 0;
		d = strtod(arg, &end);
		double mult = *end == 'k' ? 1e3 : *end == 'M' ? 1e6 : *end == 'G' ? 1e9 : 1;
		if (mult > 1)
			end++;
		d *= mult;
		if (errno || end == arg || *end || !isfinite(d) || d < 1 || d != floor(d) || d > 1e15)
			return usage(err, top, "--%s '%s': expected a whole number from 1 to 1e15, "
				     "or one with a suffix k, M or G (e.g. 30M)", o->name, arg);
		*(double *)field = d;
		return SP_OK;
	}
	case SP_OPT_SOLVER:
		if (lp_solver_parse(arg, (enum lp_solver *)field) != 0) {
			const char *names[8];
			char list[128];
			solver_names(names);
			join_choices(names, list, sizeof(list));
			return usage(err, top, "--%s '%s': expected %s", o->name, arg, list);
		}
		return SP_OK;
	case SP_OPT_ENUM:
		for (int i = 0; o->choices[i]; i++)
			if (!strcmp(arg, o->choices[i])) {
				*(int *)field = i;
				return SP_OK;
			}
		char list[256];
		join_choices(o->choices, list, sizeof(list));
		return usage(err, top, "--%s '%s': expected %s", o->name, arg, list);
	}
	SP_ASSERT(!"unknown option kind");
	return SP_ERR_INTERNAL;
}

/* The option as the user wrote it, without "=value". */
static void spelled(const char *arg, char *out, size_t size)
{
	snprintf(out, size, "%.*s", (int)strcspn(arg, "="), arg);
}

static sp_status parse(const struct sp_cmd *top, const struct sp_cmd *cmd, struct sp_ctx *ctx, void *opts,
		       int argc, char **argv, int *first, int *help)
{
	int n = count_opts(cmd->opts), c, li;
	struct option *lo = sp_xcalloc((size_t)n + 3, sizeof(*lo));
	char shorts[64] = ":h", name[128];
	size_t ns = 2;
	struct sp_err err = SP_ERR_INIT, first_err = SP_ERR_INIT;

	*help = 0;
	for (int i = 0; i < n; i++) {
		const struct sp_opt *o = &cmd->opts[i];
		lo[i].name = o->name;
		lo[i].has_arg = o->kind == SP_OPT_FLAG ? no_argument : required_argument;
		lo[i].val = OPT_BASE + i;
		if (o->short_name && ns + 2 < sizeof(shorts)) {
			shorts[ns++] = o->short_name;
			if (o->kind != SP_OPT_FLAG)
				shorts[ns++] = ':';
		}
	}
	shorts[ns] = '\0';
	lo[n] = (struct option){ "db", required_argument, NULL, OPT_BASE + n };
	lo[n + 1] = (struct option){ "help", no_argument, NULL, 'h' };

	optind = 0; /* glibc: a full re-initialisation, also of a half-read "-abc" */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, lo, &li)) != -1) {
		sp_status st = SP_OK;
		int idx = c >= OPT_BASE ? c - OPT_BASE : -1;

		for (int i = 0; idx < 0 && i < n; i++)
			if (c == cmd->opts[i].short_name)
				idx = i;
		if (c == 'h') {
			*help = 1;
		} else if (idx == n) {
			ctx->db_path = optarg;
		} else if (c == ':') {
			spelled(argv[optind - 1], name, sizeof(name));
			st = usage(&err, top, "option '%s' needs a value", name);
		} else if (c == '?') {
			spelled(argv[optind - 1], name, sizeof(name));
			if (optopt >= OPT_BASE || optopt == 'h')
				st = usage(&err, top, "option '%s' takes no value", name);
			else if (optopt)
				st = usage(&err, top, "unknown option '-%c'", optopt);
			else
				st = usage(&err, top, "unknown option '%s'", name);
		} else {
			SP_ASSERT(idx >= 0 && idx < n);
			st = set_value(top, &cmd->opts[idx], optarg, opts, &err);
		}
		if (st != SP_OK && first_err.code == SP_OK)
			first_err = err;
	}
	*first = optind;
	free(lo);
	if (first_err.code == SP_OK || *help)
		return SP_OK;
	ctx->err = first_err;
	return first_err.code;
}

/* Frees the SP_OPT_STRINGS arrays parse() allocated in opts. */
static void opts_release(const struct sp_cmd *cmd, void *opts)
{
	for (int i = 0; opts && i < count_opts(cmd->opts); i++)
		if (cmd->opts[i].kind == SP_OPT_STRINGS) {
			struct sp_strs *s = (struct sp_strs *)((char *)opts + cmd->opts[i].offset);
			free(s->v);
			s->v = NULL;
			s->n = 0;
		}
}

/* ---- help ------------------------------------------------------------------ */

static void label(const struct sp_opt *o, char *out, size_t size)
{
	const char *names[8];
	const char *const *choices = o->kind == SP_OPT_ENUM ? o->choices : NULL;
	size_t len;

	if (o->kind == SP_OPT_SOLVER) {
		solver_names(names);
		choices = names;
	}
	if (o->short_name)
		len = (size_t)snprintf(out, size, "-%c, --%s", o->short_name, o->name);
	else
		len = (size_t)snprintf(out, size, "--%s", o->name);
	if (o->arg)
		snprintf(out + len, size - len, " %s", o->arg);
	else
		for (int i = 0; choices && choices[i] && len < size; i++)
			len += (size_t)snprintf(out + len, size - len, "%c%s", i ? '|' : ' ', choices[i]);
}

enum { LABEL_MAX = 20 }; /* a longer label gets a line of its own */

static int label_width(const struct sp_opt *opts, int width)
{
	char l[256];
	for (int i = 0; opts && opts[i].name; i++) {
		label(&opts[i], l, sizeof(l));
		int w = (int)strlen(l);
		if (w > width && w <= LABEL_MAX)
			width = w;
	}
	return width;
}

/* "  LABEL  help", continuation lines of help (after '\n') under it. */
static void help_line(FILE *f, const char *l, const char *help, int width)
{
	int w = (int)strlen(l);
	fprintf(f, "  %s", l);
	if (w > width)
		fprintf(f, "\n%*s", width + 2, "");
	else
		fprintf(f, "%*s", width - w, "");
	for (const char *p = help; *p;) {
		size_t n = strcspn(p, "\n");
		fprintf(f, "  %.*s\n", (int)n, p);
		p += n;
		if (*p) {
			p++;
			fprintf(f, "%*s", width + 2, "");
		}
	}
}

static void print_opts(FILE *f, const struct sp_opt *opts, int width)
{
	char l[256];
	for (int i = 0; opts && opts[i].name; i++) {
		label(&opts[i], l, sizeof(l));
		help_line(f, l, opts[i].help ? opts[i].help : "", width);
	}
}

void sp_cmd_print_usage(const struct sp_cmd *cmd, FILE *f)
{
	int width = (int)strlen("-h, --help");
	unsigned flags = cmd->flags;

	width = label_width(cmd->opts, width);
	for (int i = 0; cmd->subs && cmd->subs[i]; i++) {
		width = label_width(cmd->subs[i]->opts, width);
		flags |= cmd->subs[i]->flags;
	}
	fputs(cmd->usage, f);
	if (cmd->opts) {
		fputs("\noptions:\n", f);
		print_opts(f, cmd->opts, width);
	}
	for (int i = 0; cmd->subs && cmd->subs[i]; i++)
		if (cmd->subs[i]->opts) {
			fprintf(f, "\noptions of '%s %s':\n", cmd->name, cmd->subs[i]->name);
			print_opts(f, cmd->subs[i]->opts, width);
		}
	fputs(cmd->opts ? "" : cmd->subs ? "\noptions of every subcommand:\n" : "\noptions:\n", f);
	if (flags & (SP_NEEDS_DB | SP_LAZY_DB))
		help_line(f, "--db F", "the database (default staffplan.db)", width);
	help_line(f, "-h, --help", "show this help", width);
	if (cmd->notes)
		fprintf(f, "\n%s", cmd->notes);
}

/* ---- the database -------------------------------------------------------------- */

/* sp_ctx_db in the form plan_solve calls back (plan_open_db_fn) */
static sp_status ctx_open_db(void *arg, int must_exist, struct sp_db **db, struct sp_err *err)
{
	struct sp_ctx *ctx = arg;

	*db = NULL;
	if (!ctx->db) {
		sp_status st = db_open(ctx->db_path ? ctx->db_path : "staffplan.db", must_exist, &ctx->db, err);
		if (st != SP_OK)
			return st;
	}
	*db = ctx->db;
	return SP_OK;
}

sp_status sp_ctx_db(struct sp_ctx *ctx, int must_exist, struct sp_db **db)
{
	return ctx_open_db(ctx, must_exist, db, &ctx->err);
}

sp_status sp_cmd_solve(struct sp_ctx *ctx, struct plan_request *rq, const struct sp_strs *sets,
		       struct plan_result *res)
{
	if (sets) {
		rq->sets = sets->v;
		rq->nsets = sets->n;
	}
	rq->progress_tty = isatty(2);
	rq->stop = ctx->stop;
	if (ctx->catch_signals)
		ctx->catch_signals();
	rq->open_db = ctx_open_db;
	rq->open_db_arg = ctx;
	plan_result_init(res);
	return plan_solve(rq, res, &ctx->err);
}

/* ---- running a command ------------------------------------------------------------ */

static int is_help(const char *a)
{
	return !strcmp(a, "-h") || !strcmp(a, "--help");
}

/* Picks the subcommand argv[1] of top; SP_OK with *sub NULL means: help. */
static sp_status pick_sub(const struct sp_cmd *top, struct sp_ctx *ctx, int argc, char **argv,
			  const struct sp_cmd **sub)
{
	const char *names[32];
	char list[256];
	int n = 0;

	*sub = NULL;
	for (; top->subs[n] && n < 31; n++)
		names[n] = top->subs[n]->name;
	names[n] = NULL;
	join_choices(names, list, sizeof(list));
	if (argc < 2)
		return usage(&ctx->err, top, "expected %s", list);
	for (int i = 0; i < n; i++)
		if (!strcmp(argv[1], names[i])) {
			*sub = top->subs[i];
			return SP_OK;
		}
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (is_help(argv[i]))
			return SP_OK;
	return usage(&ctx->err, top, "unknown subcommand '%s', expected %s", argv[1], list);
}

sp_status sp_cmd_run(const struct sp_cmd *cmd, struct sp_ctx *ctx, int argc, char **argv)
{
	const struct sp_cmd *top = cmd;
	void *opts = NULL;
	int first = argc, help = 0, nargs;
	unsigned flags = cmd->flags;
	sp_status st;

	ctx->err = (struct sp_err)SP_ERR_INIT;
	if (!ctx->db_path)
		ctx->db_path = "staffplan.db";
	if (cmd->subs) {
		if ((st = pick_sub(top, ctx, argc, argv, &cmd)) != SP_OK || !cmd) {
			help = st == SP_OK;
			goto done;
		}
		flags |= cmd->flags;
		argc--;
		argv++;
	}
	opts = sp_xcalloc(1, cmd->opts_size ? cmd->opts_size : 1);
	if (cmd->defaults)
		memcpy(opts, cmd->defaults, cmd->opts_size);
	if ((st = parse(top, cmd, ctx, opts, argc, argv, &first, &help)) != SP_OK || help)
		goto done;
	nargs = argc - first;
	if (nargs < cmd->min_args) {
		st = usage(&ctx->err, top, "expected %s", cmd->args_hint ? cmd->args_hint : "more arguments");
		goto done;
	}
	if (nargs > cmd->max_args) {
		st = usage(&ctx->err, top, "unexpected argument '%s'", argv[first + cmd->max_args]);
		goto done;
	}
	if ((flags & SP_NEEDS_DB) &&
	    (st = db_open(ctx->db_path, !(flags & SP_CREATES_DB), &ctx->db, &ctx->err)) != SP_OK)
		goto done;
	st = (sp_status)cmd->run(ctx, opts, nargs, argv + first);
done:
	if (help) {
		sp_cmd_print_usage(top, ctx->out ? ctx->out : stdout);
		st = SP_OK;
	}
	if (opts)
		opts_release(cmd, opts);
	free(opts);
	db_close(ctx->db);
	ctx->db = NULL;
	ics_cleanup();
	return st;
}
