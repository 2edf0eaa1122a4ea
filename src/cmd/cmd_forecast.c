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
#include "staffplan/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct args {
	const char *history, *config, *start, *events, *out, *accuracy, *html, *db;
	const char *queue, *lang;
	struct sp_strs sets;
	int weeks, method, threads; /* method: index in methods[], 0 = auto */
};

/* auto, then the fc_method order (forecast.h): method - 1 is the fc_method. */
static const char *const methods[] = { "auto", "seasonal-naive", "week-average", "median",
				       "holt-winters", "profile", "month-profile", NULL };

static const struct args defaults = { .queue = "chat", .lang = "en", .weeks = 1 };

static const struct sp_opt opts[] = {
	SP_OPT("config", SP_OPT_STRING, struct args, config, "F",
	       "plan.ini: site time zone, interval_minutes, queues\n"
	       "(default: plan.ini's defaults, UTC and 60 minutes)"),
	SP_OPT("set", SP_OPT_STRINGS, struct args, sets, "K=V", "override a plan.ini key (repeatable)"),
	SP_OPT("start", SP_OPT_STRING, struct args, start, "DATE",
	       "first day of the forecast, YYYY-MM-DD (default: the\n"
	       "Monday after the history ends)"),
	SP_OPT_RANGE("weeks", struct args, weeks, 1, 6, "N", "weeks to forecast, 1 to 6 (default 1)"),
	SP_OPT_CHOICE("method", struct args, method, methods,
		      "auto (default): per series, the least interval WAPE\n"
		      "in a backtest over the last 8 weeks"),
	SP_OPT("events", SP_OPT_STRING, struct args, events, "F",
	       "date,queue,language,factor: 'exclude' leaves an outlier\n"
	       "day out of fitting, a number scales a day's forecast\n"
	       "(empty queue or language: every series)"),
	SP_OPT("out", SP_OPT_STRING, struct args, out, "F", "where forecast.csv goes (default: standard output)"),
	SP_OPT("accuracy", SP_OPT_STRING, struct args, accuracy, "F",
	       "backtest errors: queue,language,method,wape_interval,\n"
	       "wape_day,wape_week,bias,chosen,aht_seconds,patience_seconds"),
	SP_OPT("html", SP_OPT_STRING, struct args, html, "F",
	       "a page with history, forecast and backtest errors per series"),
	/* read here, before the driver's own --db: only a given --db stores */
	SP_OPT("db", SP_OPT_STRING, struct args, db, "F",
	       "also store the forecast, the history's digest, the method\n"
	       "and accuracy per series (a plan given it then names it)"),
	SP_OPT("queue", SP_OPT_STRING, struct args, queue, "Q",
	       "the queue of a history without a queue column (default chat)"),
	SP_OPT("language", SP_OPT_STRING, struct args, lang, "L",
	       "the language of a history without a language column (default en)"),
	SP_OPT_RANGE("threads", struct args, threads, 1, 64, "N",
		     "series forecast at once (default: one per processor, at most 8)"),
	SP_OPT_END
};

/* plan.ini (or its defaults) with the --set overrides. */
static sp_status read_config(const struct args *a, struct sp_input *in, struct sp_err *err)
{
	char *text = NULL;
	sp_status st;

	if (a->config && (st = sp_read_file(a->config, &text, err)) != SP_OK)
		return st;
	st = sp_input_load_config(in, text ? text : "", a->config ? a->config : "(defaults)", err);
	free(text);
	for (int i = 0; st == SP_OK && i < a->sets.n; i++) {
		char key[256];
		const char *set = a->sets.v[i], *eq = strchr(set, '=');
		if (!eq || eq == set || (size_t)(eq - set) >= sizeof(key))
			return sp_err_set(err, SP_ERR_USAGE, "--set '%s': expected SECTION.KEY=VALUE", set);
		memcpy(key, set, (size_t)(eq - set));
		key[eq - set] = '\0';
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
	f->method = sp_xstrdup(methods[a->method]);
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

static int run_forecast(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	struct args a = *(struct args *)opts_;
	struct sp_input in;
	struct sp_history h;
	struct sp_events ev;
	struct fcr r;
	struct buf csv = BUF_INIT, acc = BUF_INIT, html = BUF_INIT, warn = BUF_INIT;
	struct sp_outset set = { 0 };
	struct sp_fc_stored stored;
	struct sp_db *db = NULL;
	const char *queues[SP_MAX_QUEUES];
	char *text = NULL, *evtext = NULL, sha[65], used[256], lang[SP_LANG_MAX];
	sp_status st;
	int t0 = 0;

	sp_input_init(&in);
	memset(&h, 0, sizeof(h));
	memset(&ev, 0, sizeof(ev));
	memset(&r, 0, sizeof(r));
	memset(&stored, 0, sizeof(stored));
	SP_ASSERT(argc == 1);
	a.history = argv[0];
	int method = a.method - 1; /* FC_AUTO or an fc_method */
	SP_ASSERT(!strcmp(fc_method_name(method), methods[a.method]));
	if ((st = read_config(&a, &in, &ctx->err)) != SP_OK)
		goto done;
	for (int q = 0; q < in.cfg.nqueues; q++)
		queues[q] = in.cfg.queues[q].name;
	if (sp_config_queue(&in.cfg, a.queue) < 0) {
		st = sp_cmd_usage_error(ctx, &sp_cmd_forecast, "--queue '%s': not a queue of plan.ini, "
					"expected chat, email or a [queue.NAME] section", a.queue);
		goto done;
	}
	if (!sp_lang_tag(a.lang, lang)) {
		st = sp_cmd_usage_error(ctx, &sp_cmd_forecast, "--language '%s': not a language tag, "
					"expected a BCP 47 tag such as zh, en, ko, ja or zh-Hant", a.lang);
		goto done;
	}
	a.lang = lang;
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
	sp_events_check(&ev, &h, t0, 7 * a.weeks, stderr);
	struct fcr_opts o = { method, t0, a.weeks, a.accuracy || a.html || a.db,
			      FCR_BACKTEST_WEEKS, a.threads };
	fcr_run(&r, &h, &ev, &o);
	fcr_write_warnings(&r, &warn);
	for (const char *line = warn.s; *line; line = strchr(line, '\n') + 1)
		fprintf(stderr, "staffplan forecast: warning: %.*s\n", (int)strcspn(line, "\n"), line);
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
	method_summary(&r, used, sizeof(used));
	{
		char start[16];
		const struct fc_day *d = &h.day[t0];
		sp_date_print(sp_days_from_civil(d->year, d->month, d->mday), start);
		fprintf(stderr, "staffplan: forecast of %d series for %d week%s from %s (%s: %s)%s",
			h.nseries, a.weeks, a.weeks > 1 ? "s" : "", start, methods[a.method],
			used, a.out ? "" : "\n");
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
	buf_release(&warn);
	free(text);
	free(evtext);
	return st;
}

const struct sp_cmd sp_cmd_forecast = {
	.name = "forecast",
	.summary = "forecast contact volumes per interval from history",
	.usage =
	"usage: staffplan forecast HISTORY [--config F] [--set SECTION.KEY=VALUE]... [--start DATE]\n"
	"                          [--weeks N] [--method M] [--events F] [--out F] [--accuracy F]\n"
	"                          [--html F] [--db F] [--queue Q] [--language L] [--threads N]\n\n"
	"Forecasts contact volumes (and handle times) per interval, queue and language\n"
	"from history, as a forecast.csv that 'staffplan plan --forecast' reads.\n"
	"HISTORY holds interval counts start,queue,language,volume[,aht] (any interval\n"
	"that divides the plan's) or contact records\n"
	"arrived,queue,language[,handle_seconds][,waited_seconds][,abandoned].\n",
	.notes = "Exit status: 0 ok, 1 I/O error, 2 invalid input or usage.\n",
	.opts = opts,
	.defaults = &defaults,
	.opts_size = sizeof(struct args),
	.min_args = 1,
	.max_args = 1,
	.args_hint = "a HISTORY file",
	.run = run_forecast,
};
