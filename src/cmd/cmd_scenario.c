/* cmd_scenario.c - `staffplan scenario create|run|list|compare`: what-ifs
 *
 * create validates the change list against the base inputs before storing
 * it (nothing is stored when it does not parse); run solves and stores a
 * run under the scenario's name; compare reads the latest run of each.
 */
#include "staffplan/cmd.h"
#include "staffplan/buf.h"
#include "staffplan/pipeline.h"
#include "staffplan/report.h"
#include "staffplan/scenario.h"
#include "staffplan/store.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: staffplan scenario create NAME [--from BASE] [--scale SEL:FACTOR]... [--set K=V]...\n"
	"       staffplan scenario run NAME [--time-limit S] [--gap G] [--recommend-hires]\n"
	"                                   [--solver glpk|cbc]\n"
	"       staffplan scenario list\n"
	"       staffplan scenario compare A B ... [--format table|csv|json] [--html FILE]\n\n"
	"What-if planning over the imported inputs (scenario 'base').\n"
	"  --scale SEL:FACTOR  multiply forecast volumes matching SEL, a comma list of\n"
	"                      language=TAG, queue=NAME, day=mon..sun|YYYY-MM-DD, hours=HH-HH\n"
	"                      e.g. --scale language=ko:1.3  --scale queue=chat,day=mon:1.2\n"
	"  --set K=V           override a plan.ini key (service.bot_deflection=0.25), or\n"
	"                      hire.LANG=N: add N new agents speaking LANG and en\n"
	"  --from BASE         start from another scenario's changes\n"
	"  --recommend-hires   let the model hire agents per language at\n"
	"                      [costs] hire_cost_per_week and report how many pay off\n"
	"  --solver NAME       glpk (default) or cbc: COIN-OR CLP and CBC for the LPs and MIPs\n"
	"compare prints cost, paid hours, agents used, understaffing, coverage and\n"
	"projected service level per queue and language, with differences to A.\n";

static int bad(struct sp_ctx *ctx, const char *fmt, const char *arg)
{
	return sp_cmd_usage_error(ctx, &sp_cmd_scenario, fmt, arg);
}

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

static int do_create(struct sp_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "from", required_argument, NULL, 'f' }, { "scale", required_argument, NULL, 'x' },
		{ "set", required_argument, NULL, 's' }, { "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = "base";
	struct buf changes = BUF_INIT;
	char *inherited = NULL;
	struct sp_input in;
	sp_status st = SP_OK;
	int c;

	sp_input_init(&in);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1 && st == SP_OK) {
		if (c == 'f')
			from = optarg;
		else if (c == 'x')
			st = scen_add_scale(&changes, optarg, &ctx->err);
		else if (c == 's')
			st = scen_add_set(&changes, optarg, &ctx->err);
		else if (c != 'd')
			st = bad(ctx, "unknown option%s", "");
	}
	if (st != SP_OK)
		goto done;
	if (optind + 1 != argc) {
		st = bad(ctx, "create: expected one NAME%s", "");
		goto done;
	}
	const char *name = argv[optind];
	if (!valid_name(name) || !strcmp(name, "base")) {
		st = bad(ctx, "scenario name '%s': use letters, digits, '-', '_', '.' (not 'base')", name);
		goto done;
	}
	if ((st = scen_resolve(ctx->db, from, &inherited, &ctx->err)) != SP_OK)
		goto done;
	/* validate the whole list against the base inputs before storing */
	struct buf all = BUF_INIT;
	buf_puts(&all, inherited);
	buf_puts(&all, changes.s);
	st = scen_load(ctx->db, all.s, NULL, 0, 0, &in, &ctx->err);
	buf_release(&all);
	if (st != SP_OK)
		goto done;
	if ((st = db_put_scenario(ctx->db, name, from, changes.s, &ctx->err)) != SP_OK)
		goto done;
	printf("created scenario %s (from %s)\n%s", name, from, changes.s);
done:
	free(inherited);
	buf_release(&changes);
	sp_input_release(&in);
	return st;
}

static int do_run(struct sp_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "time-limit", required_argument, NULL, 't' }, { "gap", required_argument, NULL, 'g' },
		{ "recommend-hires", no_argument, NULL, 'r' }, { "db", required_argument, NULL, 'd' },
		{ "candidates", required_argument, NULL, 'c' }, { "solver", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	struct scen_run_opts o = { NAN, NAN, 0, NULL, 0, 0, isatty(2), LP_SOLVER_GLPK };
	int recommend = 0, candidates = 10, c;
	struct sp_run run;
	char *end;
	sp_status st;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == 't') {
			o.time_limit = strtod(optarg, &end);
			if (*end || o.time_limit <= 0)
				return bad(ctx, "--time-limit '%s': expected seconds > 0", optarg);
		} else if (c == 'g') {
			o.gap = strtod(optarg, &end);
			if (*end || o.gap < 0)
				return bad(ctx, "--gap '%s': expected a number >= 0", optarg);
		} else if (c == 'x') {
			if (lp_solver_parse(optarg, &o.solver) != 0)
				return bad(ctx, "--solver '%s': expected glpk or cbc", optarg);
		} else if (c == 'r') {
			recommend = 1;
		} else if (c == 'c') {
			candidates = atoi(optarg);
			if (candidates < 1 || candidates > 1000)
				return bad(ctx, "--candidates '%s': expected 1..1000", optarg);
		} else if (c != 'd') {
			return bad(ctx, "unknown option%s", "");
		}
	}
	if (optind + 1 != argc)
		return bad(ctx, "run: expected one NAME%s", "");
	o.hire_candidates = recommend ? candidates : 0;
	sp_run_init(&run);
	st = scen_run(ctx->db, argv[optind], &o, &run, &ctx->err);
	if (st == SP_OK) {
		fprintf(stderr, "staffplan: run %lld (scenario %s) stored\n", (long long)run.id, argv[optind]);
		pipe_summary(&run, stderr);
	}
	if (st == SP_OK && recommend) {
		/* hires = candidates the model gave at least one shift, per language */
		printf("language,hires\n");
		for (int i = 0; i < run.nagents; i++) {
			const char *id = run.agents[i].id;
			if (strncmp(id, "candidate-", 10) || strcmp(strrchr(id, '-'), "-1"))
				continue;
			char tag[64];
			snprintf(tag, sizeof(tag), "%.*s", (int)(strrchr(id, '-') - id - 10), id + 10);
			int n = 0;
			for (int j = 0; j < run.nagents; j++) {
				const char *jd = run.agents[j].id;
				if (!strncmp(jd, "candidate-", 10) && !strncmp(jd + 10, tag, strlen(tag)) &&
				    jd[10 + strlen(tag)] == '-' && run.agents[j].shifts > 0)
					n++;
			}
			printf("%s,%d\n", tag, n);
			if (n == candidates)
				fprintf(stderr, "staffplan: warning: every candidate for '%s' was hired; "
					"more may pay (--candidates %d)\n", tag, 2 * candidates);
		}
	}
	sp_run_release(&run);
	return st;
}

static void list_one(void *arg, const char *name, const char *base, const char *changes, int64_t last)
{
	(void)arg;
	char run[24];
	snprintf(run, sizeof(run), last ? "%lld" : "none", (long long)last);
	printf("%-16s from %-12s last run %-6s ", name, base ? base : "base", run);
	for (const char *p = changes; p && *p; p++)
		putchar(*p == '\n' ? (p[1] ? ';' : ' ') : *p);
	putchar('\n');
}

static int do_list(struct sp_ctx *ctx)
{
	return db_list_scenarios(ctx->db, list_one, NULL, &ctx->err);
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

static double cell_under(const struct sp_run *r, const char *q, const char *l)
{
	double u = 0;
	for (int i = 0; i < r->ncells; i++)
		if (!strcmp(r->cells[i].queue, q) && !strcmp(r->cells[i].lang, l))
			u += r->cells[i].understaffed * r->interval_minutes / 60.0;
	return u;
}

enum { F_TABLE, F_CSV, F_JSON };

static void emit(int fmt, int first_row, const char *metric, const double *v, int n, const char *const *names)
{
	(void)names;
	if (fmt == F_CSV) {
		printf("%s", metric);
		for (int i = 0; i < n; i++)
			printf(",%.6g", v[i]);
		for (int i = 1; i < n; i++)
			printf(",%.6g", v[i] - v[0]);
		putchar('\n');
	} else if (fmt == F_JSON) {
		printf("%s  \"%s\": {", first_row ? "" : ",\n", metric);
		for (int i = 0; i < n; i++)
			printf("%s\"%s\": %.10g", i ? ", " : "", names[i], isfinite(v[i]) ? v[i] : 0);
		for (int i = 1; i < n; i++)
			printf(", \"delta_%s\": %.10g", names[i], isfinite(v[i] - v[0]) ? v[i] - v[0] : 0);
		printf("}");
	} else {
		printf("%-28s", metric);
		for (int i = 0; i < n; i++)
			printf(" %14.2f", v[i]);
		for (int i = 1; i < n; i++)
			printf(" %+14.2f", v[i] - v[0]);
		putchar('\n');
	}
}

static int do_compare(struct sp_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "format", required_argument, NULL, 'f' }, { "html", required_argument, NULL, 'h' },
		{ "db", required_argument, NULL, 'd' }, { NULL, 0, NULL, 0 },
	};
	int fmt = F_TABLE, c, n;
	const char *html = NULL;
	sp_status st = SP_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == 'f') {
			if (!strcmp(optarg, "table")) fmt = F_TABLE;
			else if (!strcmp(optarg, "csv")) fmt = F_CSV;
			else if (!strcmp(optarg, "json")) fmt = F_JSON;
			else return bad(ctx, "--format '%s': expected table, csv or json", optarg);
		} else if (c == 'h') {
			html = optarg;
		} else if (c != 'd') {
			return bad(ctx, "unknown option%s", "");
		}
	}
	n = argc - optind;
	if (n < 1)
		return bad(ctx, "compare: expected scenario names%s", "");
	struct sp_run *runs = sp_xcalloc((size_t)n, sizeof(*runs));
	const char **names = sp_xcalloc((size_t)n, sizeof(*names));
	double *v = sp_xcalloc((size_t)n, sizeof(double));
	int loaded = 0;
	for (int i = 0; i < n; i++, loaded++) {
		names[i] = argv[optind + i];
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

static int run_scenario(struct sp_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return bad(ctx, "expected create, run, list or compare%s", "");
	const char *sub = argv[1];
	if (!strcmp(sub, "create"))
		return do_create(ctx, argc - 1, argv + 1);
	if (!strcmp(sub, "run"))
		return do_run(ctx, argc - 1, argv + 1);
	if (!strcmp(sub, "list"))
		return do_list(ctx);
	if (!strcmp(sub, "compare"))
		return do_compare(ctx, argc - 1, argv + 1);
	return bad(ctx, "unknown subcommand '%s', expected create, run, list or compare", sub);
}

const struct sp_cmd sp_cmd_scenario = {
	.name = "scenario",
	.summary = "create, run, list and compare what-if scenarios",
	.usage = usage,
	.flags = SP_NEEDS_DB,
	.run = run_scenario,
};
