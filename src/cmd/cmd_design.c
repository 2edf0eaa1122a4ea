/* cmd_design.c - `staffplan design`: which shifts to offer for a demand curve
 *
 * Reads a requirement curve (requirements.csv of SPEC 5.1, or a DBAI
 * benchmark instance with --format dbai), solves the minimum shift design
 * problem (src/design.c) within --time-limit and prints the shifts with
 * their workers per weekday as a table, CSV or JSON (SPEC 5.7).  Needs no
 * database.  Progress goes to stderr: a live line on a terminal, otherwise
 * one summary line.  Input errors exit 2 with "FILE:LINE: ..." messages.
 */
#include "staffplan/buf.h"
#include "staffplan/cmd.h"
#include "staffplan/design.h"
#include "staffplan/fileio.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int design_run(struct sp_ctx *ctx, int argc, char **argv);

const struct sp_cmd sp_cmd_design = {
	.name = "design",
	.summary = "shift design: which shifts to offer for a demand curve",
	.usage =
"usage: staffplan design [FILE] [--format requirements|dbai] [--output table|csv|json]\n"
"                        [--time-limit S] [--queue Q] [--language L] [--slot-minutes N]\n"
"                        [--shift-type SPEC]... [--shift-types FILE]\n"
"                        [--weights SHORT,OVER,SHIFTS] [--out FILE] [-v]\n"
"\n"
"Chooses the shifts (start, length) to offer and the workers on each per\n"
"weekday so that the requirement curve is followed with as few distinct\n"
"shifts as possible.  Minimises\n"
"  w_short x person-minutes short + w_over x person-minutes over\n"
"  + w_shifts x number of distinct shifts used\n"
"over the (cyclic) week, and reports the objective's terms and a proven\n"
"lower bound.  See docs/SHIFT-DESIGN.md.\n"
"\n"
"input:\n"
"  FILE                   requirements.csv (default out/requirements.csv, the file\n"
"                         'staffplan plan' writes) or a DBAI instance; '-' is stdin\n"
"  --format F             requirements (SPEC 5.1 columns start, required, queue,\n"
"                         language) or dbai (TU Wien DBAI benchmark .txt); default:\n"
"                         dbai when the file starts with '#MinuteInterval'\n"
"  --queue Q, --language L\n"
"                         use only these rows of requirements.csv (default: all,\n"
"                         summed per interval)\n"
"  --slot-minutes N       15, 30 or 60; default: the data's interval (must divide it)\n"
"\n"
"  The requirement of a slot is ceil(sum of 'required') over the rows of its\n"
"  interval.  The days are the local dates in 'start'; seven days make a cyclic\n"
"  week (Sunday night runs into Monday), fewer an open horizon.\n"
"\n"
"shift types (requirements input; a DBAI file brings its own):\n"
"  --shift-type NAME=HH:MM-HH:MM,MIN-MAX[,DAYS]\n"
"                         starts in the window (may cross midnight), lengths in\n"
"                         minutes ('480' or '420-540', or hours '8h'), days '*'\n"
"                         (default), 'mon-fri', 'sat,sun' or a 0/1 mask; repeatable\n"
"  --shift-types FILE     one such spec per line, '#' comments\n"
"  default: early=05:00-08:00,420-540  day=09:00-11:00,420-540\n"
"           late=13:00-15:00,420-540   night=21:00-23:00,420-540\n"
"  --weights U,O,S        per person-minute short, per person-minute over, per\n"
"                         shift; default 1,1,60 (DBAI instances: their own)\n"
"\n"
"output:\n"
"  --output F             table (default), csv (start,length_minutes,mon..sun: the\n"
"                         file 'plan --shifts' reads) or json\n"
"  --out FILE             write to FILE (atomically) instead of stdout\n"
"  --time-limit S         seconds for the solve (default 10)\n"
"  -v, --verbose          solver trace on stderr\n"
"\n"
"exit status: 0 ok (the best design found within the time limit; a lower\n"
"bound below the objective means it is not proven optimal), 1 I/O or solver\n"
"failure, 2 usage error or invalid input.\n",
	.flags = 0,
	.run = design_run,
};

enum { OPT_FORMAT = 256, OPT_OUTPUT, OPT_TIME, OPT_QUEUE, OPT_LANG, OPT_SLOT, OPT_TYPE,
       OPT_TYPES, OPT_WEIGHTS, OPT_OUT };

static const struct option design_opts_long[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "time-limit", required_argument, NULL, OPT_TIME },
	{ "queue", required_argument, NULL, OPT_QUEUE },
	{ "language", required_argument, NULL, OPT_LANG },
	{ "slot-minutes", required_argument, NULL, OPT_SLOT },
	{ "shift-type", required_argument, NULL, OPT_TYPE },
	{ "shift-types", required_argument, NULL, OPT_TYPES },
	{ "weights", required_argument, NULL, OPT_WEIGHTS },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "verbose", no_argument, NULL, 'v' },
	{ "db", required_argument, NULL, 'D' }, /* accepted everywhere, unused here */
	{ NULL, 0, NULL, 0 }
};

static const char *const default_types[] = {
	"early=05:00-08:00,420-540",
	"day=09:00-11:00,420-540",
	"late=13:00-15:00,420-540",
	"night=21:00-23:00,420-540",
};

static int looks_like_dbai(const char *text)
{
	while (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')
		text++;
	return !strncmp(text, "#MinuteInterval", 15);
}

struct progress_line {
	int tty;
	int shown;
};

static void show_progress(void *info, double elapsed, double inc, double bound)
{
	struct progress_line *pl = info;
	double gap = inc > 0 ? (inc - bound) / inc * 100 : 0;

	if (!pl->tty)
		return;
	fprintf(stderr, "\rdesign: %5.1fs  incumbent %-10g bound %-10g gap %5.1f%%  ", elapsed,
		inc, bound, gap < 0 ? 0 : gap);
	fflush(stderr);
	pl->shown = 1;
}

static int parse_weights(const char *s, struct design_problem *p)
{
	double w[3];
	char *end;

	for (int i = 0; i < 3; i++) {
		errno = 0;
		w[i] = strtod(s, &end);
		if (errno || end == s || !(w[i] >= 0) || w[i] > 1e9)
			return -1;
		if (i < 2 && *end != ',')
			return -1;
		s = end + 1;
	}
	if (*end)
		return -1;
	p->w_short = w[0];
	p->w_over = w[1];
	p->w_shifts = w[2];
	return 0;
}

static int design_run(struct sp_ctx *ctx, int argc, char **argv)
{
	const struct sp_cmd *me = &sp_cmd_design;
	const char *path = "out/requirements.csv", *format = NULL, *output = "table";
	const char *types_file = NULL, *weights = NULL, *out_path = NULL;
	const char **types = NULL;
	int ntypes = 0, captypes = 0, c, verbose = ctx->verbose;
	struct design_req_opts ro = { NULL, NULL, 0 };
	struct design_opts so = { 10, NULL, NULL, NULL };
	struct design_problem p;
	struct design_result r;
	struct progress_line pl = { isatty(2), 0 };
	struct buf out = BUF_INIT;
	char *text = NULL, *types_text = NULL, *end;
	size_t len = 0;
	sp_status st = SP_OK;

	design_problem_init(&p);
	memset(&r, 0, sizeof(r));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":v", design_opts_long, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (strcmp(optarg, "requirements") && strcmp(optarg, "dbai")) {
				st = sp_cmd_usage_error(ctx, me, "--format must be requirements or dbai, "
							"not '%s'", optarg);
				goto out;
			}
			format = optarg;
			break;
		case OPT_OUTPUT:
			if (strcmp(optarg, "table") && strcmp(optarg, "csv") && strcmp(optarg, "json")) {
				st = sp_cmd_usage_error(ctx, me, "--output must be table, csv or json, "
							"not '%s'", optarg);
				goto out;
			}
			output = optarg;
			break;
		case OPT_TIME:
			errno = 0;
			so.time_limit = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(so.time_limit > 0) ||
			    so.time_limit > 1e6) {
				st = sp_cmd_usage_error(ctx, me, "--time-limit must be seconds > 0, "
							"not '%s'", optarg);
				goto out;
			}
			break;
		case OPT_QUEUE:
			ro.queue = optarg;
			break;
		case OPT_LANG:
			ro.language = optarg;
			break;
		case OPT_SLOT:
			ro.slot = atoi(optarg);
			if (strcmp(optarg, "15") && strcmp(optarg, "30") && strcmp(optarg, "60")) {
				st = sp_cmd_usage_error(ctx, me, "--slot-minutes must be 15, 30 or 60, "
							"not '%s'", optarg);
				goto out;
			}
			break;
		case OPT_TYPE:
			SP_GROW(types, ntypes + 1, captypes);
			types[ntypes++] = optarg;
			break;
		case OPT_TYPES:
			types_file = optarg;
			break;
		case OPT_WEIGHTS:
			weights = optarg;
			break;
		case OPT_OUT:
			out_path = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'D':
			break;
		case ':':
			st = sp_cmd_usage_error(ctx, me, "option '%s' needs a value", argv[optind - 1]);
			goto out;
		default:
			st = sp_cmd_usage_error(ctx, me, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc)
		path = argv[optind++];
	if (optind < argc) {
		st = sp_cmd_usage_error(ctx, me, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	st = sp_read_file(path, &text, &ctx->err);
	if (st != SP_OK)
		goto out;
	len = strlen(text);
	if (!format)
		format = looks_like_dbai(text) ? "dbai" : "requirements";
	if (!strcmp(format, "dbai")) {
		if (ro.queue || ro.language || ro.slot || ntypes || types_file) {
			st = sp_cmd_usage_error(ctx, me, "--queue, --language, --slot-minutes and "
						"--shift-type(s) apply to requirements input only");
			goto out;
		}
		st = dbai_parse(&p, text, len, path, &ctx->err);
	} else {
		st = design_load_requirements(&p, text, path, &ro, &ctx->err);
		if (st == SP_OK && types_file) {
			st = sp_read_file(types_file, &types_text, &ctx->err);
			if (st == SP_OK)
				st = design_load_shift_types(&p, types_text, types_file, &ctx->err);
		}
		for (int i = 0; st == SP_OK && i < ntypes; i++) {
			struct design_template t;
			st = design_parse_shift_type(types[i], &t, &ctx->err);
			if (st == SP_OK)
				design_problem_add_template(&p, &t);
		}
		if (st == SP_OK && !ntypes && !types_file) {
			for (size_t i = 0; i < sizeof(default_types) / sizeof(default_types[0]); i++) {
				struct design_template t;
				st = design_parse_shift_type(default_types[i], &t, &ctx->err);
				SP_ASSERT(st == SP_OK);
				design_problem_add_template(&p, &t);
			}
		}
	}
	if (st != SP_OK)
		goto out;
	if (weights && parse_weights(weights, &p)) {
		st = sp_cmd_usage_error(ctx, me, "--weights must be three numbers >= 0 "
					"SHORT,OVER,SHIFTS, not '%s'", weights);
		goto out;
	}
	so.log = verbose ? stderr : NULL;
	so.progress = show_progress;
	so.progress_info = &pl;
	st = design_solve(&p, &so, &r, &ctx->err);
	if (pl.shown)
		fputc('\n', stderr);
	if (st != SP_OK)
		goto out;
	if (!strcmp(output, "json"))
		design_write_json(&r, &out);
	else if (!strcmp(output, "csv"))
		design_write_csv(&r, &out);
	else
		design_write_table(&p, &r, &out);
	if (out_path) {
		st = sp_write_file(out_path, out.s, out.len, &ctx->err);
		if (st != SP_OK)
			goto out;
	} else if (fwrite(out.s, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		st = sp_err_set(&ctx->err, SP_ERR_IO, "cannot write to stdout: %s", strerror(errno));
		goto out;
	}
	fprintf(stderr, "design: %d shift%s, objective %g (short %ld min, over %ld min), "
		"lower bound %g, %s, %.1fs\n", r.shifts_used, r.shifts_used == 1 ? "" : "s",
		r.objective, r.shortage, r.excess, r.lower_bound, r.status, r.seconds);
out:
	free(types);
	free(text);
	free(types_text);
	buf_release(&out);
	design_result_release(&r);
	design_problem_release(&p);
	return st;
}
