/* cmd_plan.c - `staffplan plan`: the whole pipeline in one go
 *
 * Reads the inputs, computes requirements, solves, then stores inputs and
 * run in one transaction and writes every output.  Nothing is stored or
 * written before the inputs have parsed and a roster exists, so bad input
 * leaves the database and the output folder untouched.
 */
#include "staffplan/cmd.h"
#include "staffplan/design.h"
#include "staffplan/digest.h"
#include "staffplan/pipeline.h"
#include "staffplan/store.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: staffplan plan [DIR] [--config F] [--forecast F] [--agents F] [--availability F]\n"
	"                      [--out DIR] [--db F] [--time-limit S] [--gap G] [--baseline RUN]\n"
	"                      [--shifts F] [--solver glpk|cbc] [--set SECTION.KEY=VALUE]...\n\n"
	"Runs the whole pipeline: forecast -> Erlang C requirements -> roster -> outputs.\n\n"
	"  DIR                holds plan.ini, forecast.csv, agents.csv and optional\n"
	"                     availability.csv (default data/example)\n"
	"  --config F ...     take one input from another file\n"
	"  --out DIR          output folder (default out): requirements.csv, roster.csv,\n"
	"                     coverage.csv, kpis.json, ics/, report.html, changes.csv\n"
	"  --db F             database that stores inputs and the run (default staffplan.db)\n"
	"  --time-limit S     solver time limit in seconds (default [solver] time_limit_seconds)\n"
	"  --gap G            relative MIP gap (default [solver] mip_gap)\n"
	"  --solver NAME      glpk (default) or cbc: COIN-OR CLP and CBC for the LPs and MIPs\n"
	"  --baseline RUN     re-plan against stored run RUN: change as few shifts as possible\n"
	"  --shifts F         offer only the shifts in F (the CSV of 'staffplan design')\n"
	"  --set K=V          override a plan.ini key, e.g. --set service.shrinkage=0.25\n\n"
	"Exit status: 0 ok, 1 I/O or internal error, 2 invalid input, 3 no roster satisfies\n"
	"the hard rules, 4 time limit before any roster.\n";

enum { O_CONFIG = 256, O_FORECAST, O_AGENTS, O_AVAIL, O_OUT, O_DB, O_TIME, O_GAP, O_BASE, O_SET, O_SHIFTS, O_SOLVER };

static const struct option longopts[] = {
	{ "config", required_argument, NULL, O_CONFIG },
	{ "forecast", required_argument, NULL, O_FORECAST },
	{ "agents", required_argument, NULL, O_AGENTS },
	{ "availability", required_argument, NULL, O_AVAIL },
	{ "out", required_argument, NULL, O_OUT },
	{ "db", required_argument, NULL, O_DB },
	{ "time-limit", required_argument, NULL, O_TIME },
	{ "gap", required_argument, NULL, O_GAP },
	{ "baseline", required_argument, NULL, O_BASE },
	{ "set", required_argument, NULL, O_SET },
	{ "shifts", required_argument, NULL, O_SHIFTS },
	{ "solver", required_argument, NULL, O_SOLVER },
	{ NULL, 0, NULL, 0 },
};

static int parse_num(const char *s, double *out)
{
	char *end;
	*out = strtod(s, &end);
	return *s && !*end;
}

static int run_plan(struct sp_ctx *ctx, int argc, char **argv)
{
	struct pipe_paths paths = { "data/example", NULL, NULL, NULL, NULL };
	const char *outdir = "out", *shifts_file = NULL;
	const char **sets = sp_xcalloc((size_t)argc + 1, sizeof(char *));
	int nsets = 0, c;
	double time_limit = NAN, gap = NAN;
	enum lp_solver solver = LP_SOLVER_GLPK;
	long long baseline_id = 0;
	struct pipe_texts texts = { 0 };
	struct sp_input in;
	struct sp_reqs req = { 0 };
	struct sp_run run, base;
	struct sp_db *db = NULL;
	struct sched_baseline_shift *bl = NULL;
	struct design_shift *offers_raw = NULL;
	struct sched_offer *offers = NULL;
	int noffers = 0, nchg = 0;
	struct sp_fc_stored fc = { 0 };
	char fc_sha[65];
	sp_status st;

	sp_input_init(&in);
	sp_run_init(&run);
	sp_run_init(&base);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_CONFIG: paths.config = optarg; break;
		case O_FORECAST: paths.forecast = optarg; break;
		case O_AGENTS: paths.agents = optarg; break;
		case O_AVAIL: paths.availability = optarg; break;
		case O_OUT: outdir = optarg; break;
		case O_DB: break; /* read by main */
		case O_SET: sets[nsets++] = optarg; break;
		case O_SHIFTS: shifts_file = optarg; break;
		case O_TIME:
			if (!parse_num(optarg, &time_limit) || time_limit <= 0) {
				st = sp_cmd_usage_error(ctx, &sp_cmd_plan, "--time-limit '%s': expected seconds > 0", optarg);
				goto done;
			}
			break;
		case O_GAP:
			if (!parse_num(optarg, &gap) || gap < 0) {
				st = sp_cmd_usage_error(ctx, &sp_cmd_plan, "--gap '%s': expected a number >= 0", optarg);
				goto done;
			}
			break;
		case O_SOLVER:
			if (lp_solver_parse(optarg, &solver) != 0) {
				st = sp_cmd_usage_error(ctx, &sp_cmd_plan, "--solver '%s': expected glpk or cbc", optarg);
				goto done;
			}
			break;
		case O_BASE:
			if ((st = sp_cmd_parse_run_id(ctx, &sp_cmd_plan, "--baseline", optarg, &baseline_id)) != SP_OK)
				goto done;
			break;
		default:
			st = sp_cmd_usage_error(ctx, &sp_cmd_plan, "unknown option");
			goto done;
		}
	}
	if (optind < argc)
		paths.dir = argv[optind++];
	if (optind < argc) {
		st = sp_cmd_usage_error(ctx, &sp_cmd_plan, "unexpected argument '%s'", argv[optind]);
		goto done;
	}
	if ((st = pipe_read_paths(&paths, &texts, &ctx->err)) != SP_OK)
		goto done;
	if ((st = pipe_parse(&in, &texts, sets, nsets, NULL, NULL, &ctx->err)) != SP_OK)
		goto done;
	if (shifts_file) {
		char *text = NULL;
		if ((st = sp_read_file(shifts_file, &text, &ctx->err)) != SP_OK)
			goto done;
		st = design_load_shifts(text, shifts_file, &offers_raw, &noffers, &ctx->err);
		free(text);
		if (st != SP_OK)
			goto done;
		offers = sp_xcalloc((size_t)noffers + 1, sizeof(*offers));
		for (int i = 0; i < noffers; i++) {
			/* the designed start and length are offered on every day:
			 * the roster decides the days */
			offers[i].start_min = offers_raw[i].start;
			offers[i].length_min = offers_raw[i].length;
			offers[i].days = 0x7f;
		}
	}
	if ((st = req_compute(&in, &req, &ctx->err)) != SP_OK)
		goto done;
	/* the database is opened (and created) only once there is something
	 * to store, unless the baseline has to be read from it first */
	if (baseline_id && (st = db_open(ctx->db_path, 1, &db, &ctx->err)) != SP_OK)
		goto done;
	struct sched_opts opts = { 0 };
	opts.time_limit = isnan(time_limit) ? in.cfg.time_limit_seconds : time_limit;
	opts.gap = isnan(gap) ? in.cfg.mip_gap : gap;
	opts.solver = solver;
	opts.stop = pipe_catch_interrupt();
	opts.progress_tty = isatty(2);
	opts.offers = offers;
	opts.noffers = noffers;
	if (baseline_id) {
		if ((st = db_load_run(db, baseline_id, NULL, &base, &ctx->err)) != SP_OK)
			goto done;
		bl = pipe_baseline(&base, &opts.nbaseline);
		opts.baseline = bl;
	}
	if ((st = sched_solve(&in, &req, &opts, &run, &ctx->err)) != SP_OK)
		goto done;
	run.baseline = baseline_id;
	if (!db && (st = db_open(ctx->db_path, 0, &db, &ctx->err)) != SP_OK)
		goto done;
	/* a forecast made by `staffplan forecast --db`: say which one */
	sp_sha256_hex(texts.text[PIPE_FORECAST], strlen(texts.text[PIPE_FORECAST]), fc_sha);
	if ((st = db_find_forecast(db, fc_sha, &fc, &ctx->err)) != SP_OK)
		goto done;
	run.kpis.forecast_id = fc.id;
	if ((st = db_begin(db, &ctx->err)) != SP_OK)
		goto done;
	if ((st = pipe_store_texts(db, "base", &texts, &ctx->err)) != SP_OK ||
	    (st = db_save_run(db, &run, &ctx->err)) != SP_OK) {
		db_rollback(db);
		goto done;
	}
	if ((st = db_commit(db, &ctx->err)) != SP_OK)
		goto done;
	if ((st = pipe_write_outputs(&in, &req, &run, baseline_id ? &base : NULL, db, outdir, &nchg,
				     &ctx->err)) != SP_OK)
		goto done;
	if (baseline_id)
		fprintf(stderr, "staffplan: %d of %d baseline shifts changed (see %s/changes.csv)\n", nchg,
			base.nshifts, outdir);
	fprintf(stderr, "staffplan: run %lld stored in %s, outputs in %s/\n", (long long)run.id,
		ctx->db_path, outdir);
	if (fc.id)
		fprintf(stderr, "staffplan: the forecast is stored forecast %lld (from %s, %s, method %s)\n",
			(long long)fc.id, fc.history_name, fc.created_at, fc.method);
	pipe_summary(&run, stderr);
done:
	db_forecast_release(&fc);
	free(sets);
	free(bl);
	free(offers);
	free(offers_raw);
	db_close(db);
	pipe_texts_release(&texts);
	req_release(&req);
	sp_input_release(&in);
	sp_run_release(&run);
	sp_run_release(&base);
	return st;
}

const struct sp_cmd sp_cmd_plan = {
	.name = "plan",
	.summary = "run the whole pipeline on a folder of inputs",
	.usage = usage,
	.flags = 0,
	.run = run_plan,
};
