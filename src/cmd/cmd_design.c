/* cmd_design.c - `staffplan design`: which shifts to offer for a demand curve
 *
 * Reads a requirement curve (requirements.csv of SPEC 5.1, or a DBAI
 * benchmark instance with --format dbai), solves the minimum shift design
 * problem (src/design/) within --time-limit and prints the shifts with
 * their workers per weekday as a table, CSV or JSON (SPEC 5.7).  Needs no
 * database.  Progress goes to stderr: a live line on a terminal, otherwise
 * one summary line.  Input errors exit 2 with "FILE:LINE: ..." messages.
 */
#include "staffplan/buf.h"
#include "staffplan/cmd.h"
#include "staffplan/design.h"
#include "staffplan/fileio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct args {
	int format;                 /* index in formats[]; -1: from the file */
	int output;                 /* index in outputs[] */
	double time_limit;
	const char *queue, *language;
	int slot;                   /* index in slots[]; -1: the data's interval */
	struct sp_strs types;
	const char *types_file, *weights, *out;
	int verbose;
};

static const char *const formats[] = { "requirements", "dbai", NULL };
static const char *const outputs[] = { "table", "csv", "json", NULL };
static const char *const slots[] = { "15", "30", "60", NULL };

static const struct args defaults = { .format = -1, .time_limit = 10, .slot = -1 };

static const struct sp_opt opts[] = {
	SP_OPT_CHOICE("format", struct args, format, formats,
		      "the kind of FILE: requirements (SPEC 5.1 columns\n"
		      "start, required, queue, language) or dbai (TU Wien\n"
		      "DBAI benchmark .txt); default: dbai when the file\n"
		      "starts with '#MinuteInterval'"),
	SP_OPT("queue", SP_OPT_STRING, struct args, queue, "Q",
	       "only the rows of queue Q (default: all)"),
	SP_OPT("language", SP_OPT_STRING, struct args, language, "L",
	       "only the rows of language L (default: all rows,\nsummed per interval)"),
	SP_OPT_CHOICE("slot-minutes", struct args, slot, slots,
		      "the slot length (default: the data's interval,\nwhich it must divide)"),
	SP_OPT("shift-type", SP_OPT_STRINGS, struct args, types, "SPEC",
	       "a shift type NAME=HH:MM-HH:MM,MIN-MAX[,DAYS]\n(see above; repeatable)"),
	SP_OPT("shift-types", SP_OPT_STRING, struct args, types_file, "FILE",
	       "one such spec per line, '#' comments"),
	SP_OPT("weights", SP_OPT_STRING, struct args, weights, "U,O,S",
	       "per person-minute short, per person-minute over,\n"
	       "per shift; default 1,1,60 (DBAI: the instance's)"),
	SP_OPT_CHOICE("output", struct args, output, outputs,
		      "table (default), csv (start,length_minutes,mon..sun:\n"
		      "the file 'plan --shifts' reads) or json"),
	SP_OPT("out", SP_OPT_STRING, struct args, out, "FILE", "write to FILE (atomically) instead of stdout"),
	SP_OPT("time-limit", SP_OPT_SECONDS, struct args, time_limit, "S", "seconds for the solve (default 10)"),
	SP_OPT_SHORT('v', "verbose", SP_OPT_FLAG, struct args, verbose, NULL, "solver trace on stderr"),
	SP_OPT_END
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

static int design_run(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	const struct sp_cmd *me = &sp_cmd_design;
	const struct args *a = opts_;
	const char *path = argc > 0 ? argv[0] : "out/requirements.csv";
	const char *format = a->format >= 0 ? formats[a->format] : NULL, *output = outputs[a->output];
	const char *const *types = a->types.v;
	int ntypes = a->types.n;
	struct design_req_opts ro = { a->queue, a->language, a->slot >= 0 ? atoi(slots[a->slot]) : 0 };
	struct design_opts so = { a->time_limit, NULL, NULL, NULL };
	struct design_problem p;
	struct design_result r;
	struct progress_line pl = { isatty(2), 0 };
	struct buf out = BUF_INIT;
	char *text = NULL, *types_text = NULL;
	const char *types_file = a->types_file, *weights = a->weights, *out_path = a->out;
	size_t len = 0;
	sp_status st = SP_OK;

	design_problem_init(&p);
	memset(&r, 0, sizeof(r));
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
		st = sp_cmd_usage_error(ctx, me, "--weights '%s': expected three numbers >= 0, "
					"SHORT,OVER,SHIFTS", weights);
		goto out;
	}
	so.log = a->verbose ? stderr : NULL;
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
	free(text);
	free(types_text);
	buf_release(&out);
	design_result_release(&r);
	design_problem_release(&p);
	return st;
}

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
	"FILE is requirements.csv (default out/requirements.csv, the file 'staffplan\n"
	"plan' writes) or a DBAI instance; '-' is stdin.  The requirement of a slot\n"
	"is ceil(sum of 'required') over the rows of its interval.  The days are the\n"
	"local dates in 'start'; seven days make a cyclic week (Sunday night runs\n"
	"into Monday), fewer an open horizon.\n"
	"\n"
	"Shift types (requirements input; a DBAI file brings its own):\n"
	"  NAME=HH:MM-HH:MM,MIN-MAX[,DAYS]  starts in the window (may cross midnight),\n"
	"  lengths in minutes ('480' or '420-540', or hours '8h'), days '*' (default),\n"
	"  'mon-fri', 'sat,sun' or a 0/1 mask.  Default:\n"
	"    early=05:00-08:00,420-540  day=09:00-11:00,420-540\n"
	"    late=13:00-15:00,420-540   night=21:00-23:00,420-540\n",
	.notes =
	"exit status: 0 ok (the best design found within the time limit; a lower\n"
	"bound below the objective means it is not proven optimal), 1 I/O or solver\n"
	"failure, 2 usage error or invalid input.\n",
	.opts = opts,
	.defaults = &defaults,
	.opts_size = sizeof(struct args),
	.max_args = 1,
	.run = design_run,
};
