/* cmd_forecast.c - `staffplan forecast HISTORY`: a forecast.csv from history
 *
 * Reads plan.ini (--config, or the defaults) for the site zone, the
 * interval and the queues, the history and the events; backtests and
 * forecasts every series (SPEC 8); then stores the forecast (--db) and
 * writes forecast.csv, the accuracy file and the page together.  Nothing
 * is written or stored before everything has been computed, and the
 * files replace the old ones only once the database has the forecast.
 */
#include "staffplan/cmd.h"
#include "staffplan/date.h"
#include "staffplan/digest.h"
#include "staffplan/fcrun.h"
#include "staffplan/fileio.h"
#include "staffplan/input.h"
#include "staffplan/store.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: staffplan forecast HISTORY [--config F] [--set SECTION.KEY=VALUE]... [--start DATE]\n"
	"                          [--weeks N] [--method M] [--events F] [--out F] [--accuracy F]\n"
	"                          [--html F] [--db F] [--queue Q] [--language L] [--threads N]\n\n"
	"Forecasts contact volumes (and handle times) per interval, queue and language\n"
	"from history, as a forecast.csv that 'staffplan plan --forecast' reads.\n\n"
	"  HISTORY          interval counts start,queue,language,volume[,aht] (any interval\n"
	"                   that divides the plan's) or contact records\n"
	"                   arrived,queue,language[,handle_seconds][,waited_seconds][,abandoned]\n"
	"  --config F       plan.ini: site time zone, interval_minutes, queues (default:\n"
	"                   plan.ini's defaults, UTC and 60 minutes)\n"
	"  --start DATE     first day of the forecast, YYYY-MM-DD (default: the Monday\n"
	"                   after the history ends)\n"
	"  --weeks N        weeks to forecast, 1 to 6 (default 1)\n"
	"  --method M       auto (default: per series, the least interval WAPE in a\n"
	"                   backtest over the last 8 weeks), seasonal-naive, week-average,\n"
	"                   median, holt-winters, profile or month-profile\n"
	"  --events F       date,queue,language,factor: 'exclude' leaves an outlier day out\n"
	"                   of fitting, a number scales a day's forecast (empty queue or\n"
	"                   language: every series)\n"
	"  --out F          where forecast.csv goes (default: standard output)\n"
	"  --accuracy F     backtest errors: queue,language,method,wape_interval,wape_day,\n"
	"                   wape_week,bias,chosen,aht_seconds,patience_seconds\n"
	"  --html F         a page with history, forecast and backtest errors per series\n"
	"  --db F           also store the forecast, the history's digest, the method and\n"
	"                   accuracy per series (a plan given this forecast then names it)\n"
	"  --queue Q        the queue of a history without a queue column (default chat)\n"
	"  --language L     the language of a history without a language column (default en)\n"
	"  --threads N      series forecast at once (default: one per processor, at most 8)\n\n"
	"Exit status: 0 ok, 1 I/O error, 2 invalid input or usage.\n";

enum { O_CONFIG = 256, O_SET, O_START, O_WEEKS, O_METHOD, O_EVENTS, O_OUT, O_ACC, O_HTML, O_DB,
       O_QUEUE, O_LANG, O_THREADS };

static const struct option longopts[] = {
	{ "config", required_argument, NULL, O_CONFIG },
	{ "set", required_argument, NULL, O_SET },
	{ "start", required_argument, NULL, O_START },
	{ "weeks", required_argument, NULL, O_WEEKS },
	{ "method", required_argument, NULL, O_METHOD },
	{ "events", required_argument, NULL, O_EVENTS },
	{ "out", required_argument, NULL, O_OUT },
	{ "accuracy", required_argument, NULL, O_ACC },
	{ "html", required_argument, NULL, O_HTML },
	{ "db", required_argument, NULL, O_DB },
	{ "queue", required_argument, NULL, O_QUEUE },
	{ "language", required_argument, NULL, O_LANG },
	{ "threads", required_argument, NULL, O_THREADS },
	{ NULL, 0, NULL, 0 },
};

struct args {
	const char *history, *config, *start, *events, *out, *accuracy, *html, *db;
	const char *queue, *lang;
	const char **sets;
	int nsets, weeks, method, threads;
};

static sp_status parse_args(struct sp_ctx *ctx, int argc, char **argv, struct args *a)
{
	const struct sp_cmd *cmd = &sp_cmd_forecast;
	char *end;
	int c;

	a->queue = "chat";
	a->lang = "en";
	a->weeks = 1;
	a->method = FC_AUTO;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_CONFIG: a->config = optarg; break;
		case O_SET: a->sets[a->nsets++] = optarg; break;
		case O_START: a->start = optarg; break;
		case O_EVENTS: a->events = optarg; break;
		case O_OUT: a->out = optarg; break;
		case O_ACC: a->accuracy = optarg; break;
		case O_HTML: a->html = optarg; break;
		case O_DB: a->db = optarg; break;
		case O_QUEUE: a->queue = optarg; break;
		case O_LANG: a->lang = optarg; break;
		case O_WEEKS:
			errno = 0;
			a->weeks = (int)strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || a->weeks < 1 || a->weeks > 6)
				return sp_cmd_usage_error(ctx, cmd, "--weeks '%s': expected a whole number "
							  "of weeks from 1 to 6", optarg);
			break;
		case O_THREADS:
			a->threads = (int)strtol(optarg, &end, 10);
			if (end == optarg || *end || a->threads < 1 || a->threads > 64)
				return sp_cmd_usage_error(ctx, cmd, "--threads '%s': expected 1 to 64",
							  optarg);
			break;
		case O_METHOD:
			if ((a->method = fc_method_parse(optarg)) == -2)
				return sp_cmd_usage_error(ctx, cmd, "--method '%s': unknown method, expected "
							  "one of " FC_METHOD_LIST, optarg);
			break;
		default:
			return sp_cmd_usage_error(ctx, cmd, "unknown option");
		}
	}
	if (optind >= argc)
		return sp_cmd_usage_error(ctx, cmd, "no HISTORY file, expected 'staffplan forecast "
					  "HISTORY'");
	a->history = argv[optind++];
	if (optind < argc)
		return sp_cmd_usage_error(ctx, cmd, "unexpected argument '%s'", argv[optind]);
	return SP_OK;
}

/* plan.ini (or its defaults) with the --set overrides. */
static sp_status read_config(const struct args *a, struct sp_input *in, struct sp_err *err)
{
	char *text = NULL;
	sp_status st;

	if (a->config && (st = sp_read_file(a->config, &text, err)) != SP_OK)
		return st;
	st = sp_input_load_config(in, text ? text : "", a->config ? a->config : "(defaults)", err);
	free(text);
	for (int i = 0; st == SP_OK && i < a->nsets; i++) {
		char key[256];
		const char *eq = strchr(a->sets[i], '=');
		if (!eq || eq == a->sets[i] || (size_t)(eq - a->sets[i]) >= sizeof(key))
			return sp_err_set(err, SP_ERR_USAGE, "--set '%s': expected SECTION.KEY=VALUE",
					  a->sets[i]);
		memcpy(key, a->sets[i], (size_t)(eq - a->sets[i]));
		key[eq - a->sets[i]] = '\0';
		st = sp_input_set(in, key, eq + 1, err);
	}
	return st;
}

/* The first horizon day: --start, or the Monday after the history. */
static sp_status horizon_start(struct sp_ctx *ctx, const struct args *a,
			       const struct sp_history *h, int *t0)
{
	const struct fc_day *d0 = &h->day[0], *dl = &h->day[h->nhist - 1];
	long first = sp_days_from_civil(d0->year, d0->month, d0->mday);
	char last[16];

	sp_date_print(sp_days_from_civil(dl->year, dl->month, dl->mday), last);
	if (!a->start) {
		*t0 = h->nhist + (7 - (d0->wday + h->nhist) % 7) % 7;
		return SP_OK;
	}
	long day;
	if (sp_date_parse(a->start, &day) != 0)
		return sp_cmd_usage_error(ctx, &sp_cmd_forecast, "--start '%s': expected a date "
					  "YYYY-MM-DD", a->start);
	if (day - first < h->nhist || day - first > h->nhist + 366)
		return sp_cmd_usage_error(ctx, &sp_cmd_forecast, "--start '%s': expected a day after "
					  "the history, which ends on %s, and within a year of it",
					  a->start, last);
	*t0 = (int)(day - first);
	return SP_OK;
}

/* The forecast as the database keeps it. */
static void to_stored(const struct fcr *r, const struct args *a, const char *hist_sha,
		      const char *content, const char *accuracy, struct sp_fc_stored *f)
{
	const struct sp_history *h = r->h;
	const struct fc_day *d = &h->day[r->t0];

	memset(f, 0, sizeof(*f));
	f->history_name = sp_xstrdup(a->history);
	snprintf(f->history_sha256, sizeof(f->history_sha256), "%s", hist_sha);
	sp_sha256_hex(content, strlen(content), f->forecast_sha256);
	sp_date_print(sp_days_from_civil(d->year, d->month, d->mday), f->start);
	f->weeks = a->weeks;
	f->method = sp_xstrdup(fc_method_name(a->method));
	snprintf(f->site_tz, sizeof(f->site_tz), "%s", h->tz.name);
	f->interval_minutes = h->interval_min;
	f->content = sp_xstrdup(content);
	f->accuracy = sp_xstrdup(accuracy);
	f->series = sp_xcalloc((size_t)(h->nseries ? h->nseries : 1), sizeof(*f->series));
	f->nseries = h->nseries;
	for (int i = 0; i < h->nseries; i++) {
		const struct fc_result *res = &r->s[i].res;
		const struct fc_accuracy *acc = &res->acc[res->method];
		f->series[i] = (struct sp_fc_stored_series){
			sp_xstrdup(h->series[i].queue), sp_xstrdup(h->series[i].lang),
			sp_xstrdup(fc_method_name(res->method)), acc->wape_interval, acc->wape_day,
			acc->wape_week, acc->bias, r->s[i].aht_mean, r->s[i].patience
		};
	}
}

/* "auto: month-profile for 3 series, holt-winters for 1" */
static void method_summary(const struct fcr *r, char *out, size_t n)
{
	int count[FC_NMETHODS] = { 0 };
	size_t len = 0;

	for (int i = 0; i < r->h->nseries; i++)
		count[r->s[i].res.method]++;
	out[0] = '\0';
	for (int m = 0; m < FC_NMETHODS && len < n; m++)
		if (count[m])
			len += (size_t)snprintf(out + len, n - len, "%s%s for %d", len ? ", " : "",
						fc_method_name(m), count[m]);
}

static int run_forecast(struct sp_ctx *ctx, int argc, char **argv)
{
	struct args a = { 0 };
	struct sp_input in;
	struct sp_history h;
	struct sp_events ev;
	struct fcr r;
	struct buf csv = BUF_INIT, acc = BUF_INIT, html = BUF_INIT;
	struct sp_outset set = { 0 };
	struct sp_fc_stored stored;
	struct sp_db *db = NULL;
	const char *queues[SP_MAX_QUEUES];
	char *text = NULL, *evtext = NULL, sha[65], methods[256];
	sp_status st;
	int t0 = 0;

	sp_input_init(&in);
	memset(&h, 0, sizeof(h));
	memset(&ev, 0, sizeof(ev));
	memset(&r, 0, sizeof(r));
	memset(&stored, 0, sizeof(stored));
	a.sets = sp_xcalloc((size_t)argc + 1, sizeof(char *));
	if ((st = parse_args(ctx, argc, argv, &a)) != SP_OK)
		goto done;
	if ((st = read_config(&a, &in, &ctx->err)) != SP_OK)
		goto done;
	for (int q = 0; q < in.cfg.nqueues; q++)
		queues[q] = in.cfg.queues[q].name;
	if (sp_config_queue(&in.cfg, a.queue) < 0) {
		st = sp_cmd_usage_error(ctx, &sp_cmd_forecast, "--queue '%s': not a queue of plan.ini, "
					"expected chat, email or a [queue.NAME] section", a.queue);
		goto done;
	}
	if (!sp_history_lang_valid(a.lang)) {
		st = sp_cmd_usage_error(ctx, &sp_cmd_forecast, "--language '%s': not a language tag, "
					"expected a BCP 47 tag such as zh, en, ko, ja or zh-Hant", a.lang);
		goto done;
	}
	if ((st = sp_read_file(a.history, &text, &ctx->err)) != SP_OK)
		goto done;
	sp_sha256_hex(text, strlen(text), sha);
	if ((st = sp_history_load(&h, text, a.history, &in.tz, in.cfg.interval_minutes, queues,
				  in.cfg.nqueues, a.queue, a.lang, stderr, &ctx->err)) != SP_OK)
		goto done;
	if (!h.has_lang)
		fprintf(stderr, "staffplan forecast: note: '%s' has no language column: the forecast is "
			"for language '%s' (--language to change)\n", a.history, a.lang);
	if (a.events) {
		if ((st = sp_read_file(a.events, &evtext, &ctx->err)) != SP_OK ||
		    (st = sp_events_load(&ev, evtext, a.events, stderr, &ctx->err)) != SP_OK)
			goto done;
	}
	if ((st = horizon_start(ctx, &a, &h, &t0)) != SP_OK)
		goto done;
	struct fcr_opts o = { a.method, t0, a.weeks, a.accuracy || a.html || a.db,
			      FCR_BACKTEST_WEEKS, a.threads };
	fcr_run(&r, &h, &ev, &o);
	fcr_write_forecast(&r, &csv);
	if (a.accuracy || a.db)
		fcr_write_accuracy(&r, &acc);
	if (a.html)
		fcr_write_html(&r, a.history, &html);
	/* the files wait under temporary names until the database has the forecast */
	if ((a.out && (st = sp_outset_write(&set, a.out, csv.s, csv.len, &ctx->err)) != SP_OK) ||
	    (a.accuracy && (st = sp_outset_write(&set, a.accuracy, acc.s, acc.len, &ctx->err)) != SP_OK) ||
	    (a.html && (st = sp_outset_write(&set, a.html, html.s, html.len, &ctx->err)) != SP_OK))
		goto done;
	if (a.db) {
		to_stored(&r, &a, sha, csv.s, acc.s, &stored);
		if ((st = db_open(a.db, 0, &db, &ctx->err)) != SP_OK ||
		    (st = db_put_forecast(db, &stored, &ctx->err)) != SP_OK)
			goto done;
	}
	if ((st = sp_outset_commit(&set, &ctx->err)) != SP_OK)
		goto done;
	if (!a.out && (fwrite(csv.s, 1, csv.len, stdout) != csv.len || fflush(stdout) != 0)) {
		st = sp_err_set(&ctx->err, SP_ERR_IO, "cannot write to standard output");
		goto done;
	}
	method_summary(&r, methods, sizeof(methods));
	{
		char start[16];
		const struct fc_day *d = &h.day[t0];
		sp_date_print(sp_days_from_civil(d->year, d->month, d->mday), start);
		fprintf(stderr, "staffplan: forecast of %d series for %d week%s from %s (%s: %s)%s",
			h.nseries, a.weeks, a.weeks > 1 ? "s" : "", start, fc_method_name(a.method),
			methods, a.out ? "" : "\n");
		if (a.out)
			fprintf(stderr, " in %s\n", a.out);
		if (stored.id)
			fprintf(stderr, "staffplan: stored as forecast %lld in %s\n",
				(long long)stored.id, a.db);
	}
done:
	sp_outset_abort(&set);
	db_close(db);
	db_forecast_release(&stored);
	fcr_release(&r);
	sp_events_release(&ev);
	sp_history_release(&h);
	sp_input_release(&in);
	buf_release(&csv);
	buf_release(&acc);
	buf_release(&html);
	free(text);
	free(evtext);
	free(a.sets);
	return st;
}

const struct sp_cmd sp_cmd_forecast = {
	.name = "forecast",
	.summary = "forecast contact volumes per interval from history",
	.usage = usage,
	.flags = 0,
	.run = run_forecast,
};
