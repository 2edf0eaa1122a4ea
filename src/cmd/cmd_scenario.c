/* cmd_scenario.c - `staffplan scenario create|run|list|compare`: what-ifs
 *
 * The subcommands are a table the driver picks from.  create checks the
 * change list against the base inputs before storing it (scen_create:
 * nothing is stored when it does not parse); run solves and stores a run
 * under the scenario's name (plan_solve); compare reads the latest run of
 * each.
 */
#include "staffplan/cmd.h"
#include "staffplan/buf.h"
#include "staffplan/kpi.h"
#include "staffplan/plan.h"
#include "staffplan/report.h"
#include "staffplan/scenario.h"
#include "staffplan/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- create ------------------------------------------------------------- */

struct create_args {
	const char *from;
	struct sp_strs scale, set;
};

static const struct create_args create_defaults = { .from = "base" };

static const struct sp_opt create_opts[] = {
	SP_OPT("from", SP_OPT_STRING, struct create_args, from, "BASE",
	       "start from another scenario's changes\n(default base: none)"),
	SP_OPT("scale", SP_OPT_STRINGS, struct create_args, scale, "SEL:FACTOR",
	       "multiply the forecast volumes matching SEL, a comma\n"
	       "list of language=TAG, queue=NAME, day=mon..sun or\n"
	       "day=YYYY-MM-DD, hours=HH-HH (repeatable), e.g.\n"
	       "language=ko:1.3 or queue=chat,day=mon:1.2"),
	SP_OPT("set", SP_OPT_STRINGS, struct create_args, set, "K=V",
	       "override a plan.ini key (service.bot_deflection=0.25),\n"
	       "or hire.LANG=N: add N new agents speaking LANG and en\n"
	       "(repeatable)"),
	SP_OPT_END
};

static int valid_name(const char *s)
{
	if (!*s || strlen(s) > 60)
		return 0;
	for (; *s; s++)
		if (!(*s == '-' || *s == '_' || *s == '.' || (*s >= '0' && *s <= '9') ||
		      (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			return 0;
	return 1;
}

static int do_create(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	const struct create_args *a = opts_;
	const char *name = argv[0];
	struct buf changes = BUF_INIT;
	sp_status st = SP_OK;

	(void)argc;
	/* the scales, then the sets: they change forecast and config apart,
	 * so only the order within each matters */
	for (int i = 0; st == SP_OK && i < a->scale.n; i++)
		st = scen_add_scale(&changes, a->scale.v[i], &ctx->err);
	for (int i = 0; st == SP_OK && i < a->set.n; i++)
		st = scen_add_set(&changes, a->set.v[i], &ctx->err);
	if (st != SP_OK)
		goto done;
	if (!valid_name(name) || !strcmp(name, "base")) {
		st = sp_cmd_usage_error(ctx, &sp_cmd_scenario,
					"scenario name '%s': use letters, digits, '-', '_', '.' (not 'base')", name);
		goto done;
	}
	if ((st = scen_create(ctx->db, name, a->from, changes.s, &ctx->err)) != SP_OK)
		goto done;
	printf("created scenario %s (from %s)\n%s", name, a->from, changes.s);
done:
	buf_release(&changes);
	return st;
}

/* ---- run ------------------------------------------------------------------- */

struct run_args {
	struct plan_request rq;
	int recommend, candidates;
};

static const struct run_args run_defaults = { .rq = { .time_limit = NAN, .gap = NAN }, .candidates = 10 };

static const struct sp_opt run_opts[] = {
	SP_OPTS_SOLVE(struct run_args, rq),
	SP_OPT("previous", SP_OPT_STRING, struct run_args, rq.previous, "RUN|FILE|none",
	       "the roster before this horizon, whose rest and days\n"
	       "in a row carry over: stored run RUN, a roster.csv\n"
	       "FILE, or none (default: the latest base run that\n"
	       "ends where this horizon starts)"),
	SP_OPT("recommend-hires", SP_OPT_FLAG, struct run_args, recommend, NULL,
	       "let the model hire agents per language at [costs]\n"
	       "hire_cost_per_week and print how many pay off"),
	SP_OPT_RANGE("candidates", struct run_args, candidates, 1, 1000, "N",
		     "hire candidates per language (default 10)"),
	SP_OPT_END
};

/* hires = candidates the model gave at least one shift, per language */
static void print_hires(const struct sp_run *run, int candidates)
{
	printf("language,hires\n");
	for (int i = 0; i < run->nagents; i++) {
		const char *id = run->agents[i].id;
		if (strncmp(id, "candidate-", 10) || strcmp(strrchr(id, '-'), "-1"))
			continue;
		char tag[64];
		snprintf(tag, sizeof(tag), "%.*s", (int)(strrchr(id, '-') - id - 10), id + 10);
		int n = 0;
		for (int j = 0; j < run->nagents; j++) {
			const char *jd = run->agents[j].id;
			if (!strncmp(jd, "candidate-", 10) && !strncmp(jd + 10, tag, strlen(tag)) &&
			    jd[10 + strlen(tag)] == '-' && run->agents[j].shifts > 0)
				n++;
		}
		printf("%s,%d\n", tag, n);
		if (n == candidates)
			fprintf(stderr, "staffplan: warning: every candidate for '%s' was hired; "
				"more may pay (--candidates %d)\n", tag, 2 * candidates);
	}
}

static int do_run(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	struct run_args *a = opts_;
	struct plan_result res;
	sp_status st;

	(void)argc;
	a->rq.scenario = argv[0];
	a->rq.hire_candidates = a->recommend ? a->candidates : 0;
	st = sp_cmd_solve(ctx, &a->rq, NULL, &res);
	if (st == SP_OK) {
		fprintf(stderr, "staffplan: run %lld (scenario %s) stored\n", (long long)res.run.id, argv[0]);
		plan_summary_previous(&res, stderr);
		plan_summary(&res.run, stderr);
		if (a->recommend)
			print_hires(&res.run, a->candidates);
	}
	plan_result_release(&res);
	return st;
}

/* ---- list ------------------------------------------------------------------ */

static void list_one(void *arg, const char *name, const char *base, const char *changes, int64_t last)
{
	struct buf *b = arg;
	char run[24];
	snprintf(run, sizeof(run), last ? "%lld" : "none", (long long)last);
	buf_printf(b, "%-16s from %-12s last run %-6s ", name, base ? base : "base", run);
	for (const char *p = changes; p && *p; p++)
		buf_putc(b, *p == '\n' ? (p[1] ? ';' : ' ') : *p);
	buf_putc(b, '\n');
}

/* The whole list, or nothing and the error: rows printed before a read
 * error would pass for the whole list in a pipe. */
static int do_list(struct sp_ctx *ctx, void *opts, int argc, char **argv)
{
	struct buf b = BUF_INIT;
	(void)opts;
	(void)argc;
	(void)argv;
	sp_status st = db_list_scenarios(ctx->db, list_one, &b, &ctx->err);
	if (st == SP_OK)
		fputs(b.s, stdout);
	buf_release(&b);
	return st;
}

/* Arrivals-weighted projected service level of the cells matching q/l. */
static double cell_sl(const struct sp_run *r, const char *q, const char *l)
{
	double w = 0, s = 0;
	for (int i = 0; i < r->ncells; i++)
		if (!strcmp(r->cells[i].queue, q) && !strcmp(r->cells[i].lang, l)) {
			w += r->cells[i].arrivals;
			s += r->cells[i].arrivals * r->cells[i].service_level;
		}
	return w > 0 ? s / w : 1.0;
}

/* Arrivals-weighted projected abandon rate of the cells matching q/l that
 * have one (Erlang A); NAN when none has. */
static double cell_abandon(const struct sp_run *r, const char *q, const char *l)
{
	double w = 0, s = 0;
	int have = 0;
	for (int i = 0; i < r->ncells; i++)
		if (!strcmp(r->cells[i].queue, q) && !strcmp(r->cells[i].lang, l) && isfinite(r->cells[i].abandon_rate)) {
			have = 1;
			w += r->cells[i].arrivals;
			s += r->cells[i].arrivals * r->cells[i].abandon_rate;
		}
	return !have ? NAN : w > 0 ? s / w : 0.0;
}

static double cell_under(const struct sp_run *r, const char *q, const char *l)
{
	double u = 0;
	for (int i = 0; i < r->ncells; i++)
		if (!strcmp(r->cells[i].queue, q) && !strcmp(r->cells[i].lang, l))
			u += r->cells[i].understaffed * r->interval_minutes / 60.0;
	return u;
}

enum { F_TABLE, F_CSV, F_JSON };

/* Columns: the n values, then the n - 1 differences to the first.  A
 * value that is not finite (a run without an abandon rate) is empty in
 * csv, null in json and "-" in the table, and so is its difference. */
static void emit(int fmt, int first_row, const char *metric, const double *v, int n, const char *const *names)
{
	if (fmt == F_JSON)
		printf("%s  \"%s\": {", first_row ? "" : ",\n", metric);
	else
		printf(fmt == F_CSV ? "%s" : "%-28s", metric);
	for (int k = 0; k < 2 * n - 1; k++) {
		double x = k < n ? v[k] : v[k - n + 1] - v[0];
		int ok = isfinite(x);
		if (fmt == F_CSV) {
			putchar(',');
			if (ok)
				printf("%.6g", x);
		} else if (fmt == F_JSON) {
			printf(k < n ? "%s\"%s\": " : "%s\"delta_%s\": ", k ? ", " : "", names[k < n ? k : k - n + 1]);
			if (ok)
				printf("%.10g", x);
			else
				fputs("null", stdout);
		} else if (ok) {
			printf(k < n ? " %14.2f" : " %+14.2f", x);
		} else {
			printf(" %14s", "-");
		}
	}
	printf(fmt == F_JSON ? "}" : "\n");
}

/* ---- compare ------------------------------------------------------------- */

struct compare_args {
	int format;                 /* F_TABLE, F_CSV or F_JSON: the index in formats[] */
	const char *html;
};

static const char *const formats[] = { "table", "csv", "json", NULL };

static const struct sp_opt compare_opts[] = {
	SP_OPT_CHOICE("format", struct compare_args, format, formats, "table (default), csv or json"),
	SP_OPT("html", SP_OPT_STRING, struct compare_args, html, "FILE", "also write a comparison page to FILE"),
	SP_OPT_END
};

static int do_compare(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	const struct compare_args *a = opts_;
	int fmt = a->format, n = argc;
	const char *html = a->html;
	sp_status st = SP_OK;

	struct sp_run *runs = sp_xcalloc((size_t)n, sizeof(*runs));
	const char **names = sp_xcalloc((size_t)n, sizeof(*names));
	double *v = sp_xcalloc((size_t)n, sizeof(double));
	int loaded = 0;
	for (int i = 0; i < n; i++, loaded++) {
		names[i] = argv[i];
		if ((st = db_load_run(ctx->db, 0, names[i], &runs[i], &ctx->err)) != SP_OK) {
			sp_err_prefix(&ctx->err, "scenario '%s' (run 'staffplan scenario run %s' first)", names[i], names[i]);
			goto done;
		}
	}
	if (fmt == F_CSV) {
		printf("metric");
		for (int i = 0; i < n; i++)
			printf(",%s", names[i]);
		for (int i = 1; i < n; i++)
			printf(",delta_%s", names[i]);
		putchar('\n');
	} else if (fmt == F_JSON) {
		printf("{\n");
	} else {
		printf("%-28s", "metric");
		for (int i = 0; i < n; i++)
			printf(" %14.14s", names[i]);
		for (int i = 1; i < n; i++)
			printf(" %14.14s", "vs first");
		putchar('\n');
	}
#define ROW(label, expr) do { for (int i = 0; i < n; i++) { const struct sp_run *r = &runs[i]; (void)r; v[i] = (expr); } \
	emit(fmt, first, label, v, n, names); first = 0; } while (0)
	int first = 1;
	ROW("objective", r->kpis.objective);
	ROW("cost", r->kpis.cost);
	ROW("paid_hours", r->kpis.paid_hours);
	ROW("agents_used", r->kpis.agents_scheduled);
	ROW("understaffing_agent_hours", r->kpis.understaffing_agent_hours);
	ROW("coverage", r->kpis.coverage);
	ROW("service_level", r->kpis.service_level);
	/* Erlang A (SPEC 8): only when a compared run projects abandonment */
	int any_ab = 0;
	for (int i = 0; i < n; i++)
		any_ab |= isfinite(kpi_abandon_rate(&runs[i]));
	if (any_ab)
		ROW("abandon_rate", kpi_abandon_rate(r));
	/* per queue and language of the first run */
	for (int k = 0; k < runs[0].ncells; k++) {
		const struct sp_run_cell *cl = &runs[0].cells[k];
		int seen = 0;
		for (int j = 0; j < k && !seen; j++)
			seen = !strcmp(runs[0].cells[j].queue, cl->queue) && !strcmp(runs[0].cells[j].lang, cl->lang);
		if (seen)
			continue;
		char label[160];
		snprintf(label, sizeof(label), "service_level.%s.%s", cl->queue, cl->lang);
		ROW(label, cell_sl(r, cl->queue, cl->lang));
		snprintf(label, sizeof(label), "understaffing.%s.%s", cl->queue, cl->lang);
		ROW(label, cell_under(r, cl->queue, cl->lang));
		if (any_ab) {
			snprintf(label, sizeof(label), "abandon_rate.%s.%s", cl->queue, cl->lang);
			ROW(label, cell_abandon(r, cl->queue, cl->lang));
		}
	}
#undef ROW
	if (fmt == F_JSON)
		printf("\n}\n");
	if (html)
		st = rpt_write_compare_html(runs, names, n, html, &ctx->err);
done:
	for (int i = 0; i < loaded; i++)
		sp_run_release(&runs[i]);
	free(runs);
	free(names);
	free(v);
	return st;
}


/* ---- the table -------------------------------------------------------------- */

static const struct sp_cmd create_cmd = {
	.name = "create", .opts = create_opts, .defaults = &create_defaults,
	.opts_size = sizeof(struct create_args), .min_args = 1, .max_args = 1,
	.args_hint = "one scenario NAME", .run = do_create,
};
static const struct sp_cmd run_cmd = {
	.name = "run", .opts = run_opts, .defaults = &run_defaults, .opts_size = sizeof(struct run_args),
	.min_args = 1, .max_args = 1, .args_hint = "one scenario NAME", .run = do_run,
};
static const struct sp_cmd list_cmd = { .name = "list", .run = do_list };
static const struct sp_cmd compare_cmd = {
	.name = "compare", .opts = compare_opts, .opts_size = sizeof(struct compare_args),
	.min_args = 1, .max_args = SP_MANY, .args_hint = "scenario names", .run = do_compare,
};
static const struct sp_cmd *const subs[] = { &create_cmd, &run_cmd, &list_cmd, &compare_cmd, NULL };

const struct sp_cmd sp_cmd_scenario = {
	.name = "scenario",
	.summary = "create, run, list and compare what-if scenarios",
	.usage =
	"usage: staffplan scenario create NAME [--from BASE] [--scale SEL:FACTOR]... [--set K=V]...\n"
	"       staffplan scenario run NAME [--time-limit S] [--gap G] [--shifts F]\n"
	"                                   [--recommend-hires [--candidates N]] [--solver glpk|cbc]\n"
	"                                   [--previous RUN|FILE|none]\n"
	"       staffplan scenario list\n"
	"       staffplan scenario compare A B ... [--format table|csv|json] [--html FILE]\n\n"
	"What-if planning over the imported inputs (scenario 'base').\n"
	"compare prints cost, paid hours, agents used, understaffing, coverage and\n"
	"projected service level per queue and language, with differences to A,\n"
	"and the projected abandon rate when a run has one (Erlang A: empty, null\n"
	"or '-' for a run without).\n",
	.flags = SP_NEEDS_DB,
	.subs = subs,
};
