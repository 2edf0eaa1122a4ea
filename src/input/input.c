/* input.c - the input's lifecycle, plan.ini, the forecast and the horizon
 *
 * Each loader is a column table and a row function for the CSV reader
 * (csv.h).  Loaders parse into temporaries and commit only when the whole
 * file is good, so a failed load leaves the input unchanged.  The agents
 * and availability loaders are in agents.c; both use the field readers
 * below (input_int.h).
 */
#include "input_int.h"
#include "staffplan/buf.h"
#include "staffplan/csv.h"
#include "staffplan/text.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

void sp_input_init(struct sp_input *in)
{
	memset(in, 0, sizeof(*in));
	sp_config_init(&in->cfg);
	SP_ASSERT(sp_config_finish(&in->cfg, NULL) == SP_OK);
	SP_ASSERT(sp_tz_init(&in->tz, in->cfg.timezone, NULL) == SP_OK);
	in->warn = stderr;
}

void input_agent_release(struct sp_agent *a)
{
	free(a->id);
	free(a->name);
	free(a->email);
	free(a->timezone);
}

void sp_input_release(struct sp_input *in)
{
	if (!in)
		return;
	for (int i = 0; i < in->nlangs; i++)
		free(in->langs[i]);
	for (int i = 0; i < in->nagents; i++)
		input_agent_release(&in->agents[i]);
	free(in->rows);
	free(in->forecast_file);
	free(in->agents);
	free(in->avail);
	memset(in, 0, sizeof(*in));
}

int sp_input_lang_find(const struct sp_input *in, const char *tag)
{
	char canon[SP_LANG_MAX];

	/* the one place the plan's inputs (forecast, agents, hires, scenario
	 * selectors) meet: a tag in any case is the same language */
	if (sp_lang_tag(tag, canon))
		tag = canon;
	for (int i = 0; i < in->nlangs; i++)
		if (!strcmp(in->langs[i], tag))
			return i;
	return -1;
}

int sp_input_lang(struct sp_input *in, const char *tag, int add)
{
	char canon[SP_LANG_MAX];
	int i = sp_input_lang_find(in, tag);

	if (i >= 0 || !add || in->nlangs >= SP_MAX_LANGS)
		return i;
	in->langs[in->nlangs] = sp_xstrdup(sp_lang_tag(tag, canon) ? canon : tag);
	return in->nlangs++;
}

/* Forgets languages registered after the first n (a failed load). */
void input_langs_rollback(struct sp_input *in, int n)
{
	while (in->nlangs > n) {
		free(in->langs[--in->nlangs]);
		in->langs[in->nlangs] = NULL;
	}
}

/* Registers tag, or fails on column col. */
sp_status input_add_lang(struct sp_csv *rd, struct sp_input *in, int col, const char *tag,
			  int *out)
{
	char canon[SP_LANG_MAX];

	if (!*tag)
		return sp_csv_fail(rd, col, "the value is empty, expected a language tag such as "
			       "zh, en, ko, ja or zh-Hant");
	if (!sp_lang_tag(tag, canon))
		return sp_csv_fail(rd, col, "'%.60s' is not a language tag, expected a BCP 47 tag "
			       "such as zh, en, ko, ja or zh-Hant", tag);
	if ((*out = sp_input_lang(in, canon, 1)) < 0)
		return sp_csv_fail(rd, col, "too many languages at '%.60s', expected at most %d",
			       tag, SP_MAX_LANGS);
	return SP_OK;
}

/* Parses a number of column col within [lo, hi] ("what" names the unit). */
sp_status input_get_number(struct sp_csv *rd, int col, double lo, double hi, int lo_open,
			    const char *what, double *out)
{
	const char *s = sp_csv_trimmed(rd, col);
	char expect[160];

	if (isinf(hi))
		snprintf(expect, sizeof(expect), "%s %s %.10g", what, lo_open ? ">" : ">=", lo);
	else
		snprintf(expect, sizeof(expect), "%s in %c%.10g, %.10g]", what, lo_open ? '(' : '[',
			 lo, hi);
	if (!*s)
		return sp_csv_fail(rd, col, "the value is empty, expected %s", expect);
	if (sp_parse_number(s, out) != SP_OK)
		return sp_csv_fail(rd, col, "'%.60s' is not a number, expected %s", s, expect);
	if (*out < 0 && lo >= 0)
		return sp_csv_fail(rd, col, "'%.60s' is negative, expected %s", s, expect);
	if (*out == 0 && (lo > 0 || lo_open))
		return sp_csv_fail(rd, col, "'%.60s' is not positive, expected %s", s, expect);
	if (*out < lo || *out > hi || (lo_open && *out == lo))
		return sp_csv_fail(rd, col, "'%.60s' is out of range, expected %s", s, expect);
	return SP_OK;
}

sp_status input_get_time(struct sp_csv *rd, struct sp_input *in, int col, time_t *out)
{
	const char *s = sp_csv_trimmed(rd, col);
	struct sp_err e = SP_ERR_INIT;

	if (!*s)
		return sp_csv_fail(rd, col, "the value is empty, expected YYYY-MM-DDTHH:MM, "
			       "optionally followed by Z or +HH:MM");
	if (sp_time_parse(&in->tz, s, out, &e) != SP_OK)
		return sp_csv_fail(rd, col, "%s", e.msg);
	return SP_OK;
}

static const char *queue_list(const struct sp_config *cfg, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (int q = 0; q < cfg->nqueues; q++) {
		int w = snprintf(out + len, n - len, "%s%s", q ? ", " : "", cfg->queues[q].name);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	return out;
}

sp_status input_get_queue(struct sp_csv *rd, const struct sp_config *cfg, int col,
			   const char *name, int *out)
{
	char known[512];

	if ((*out = sp_config_queue(cfg, name)) < 0)
		return sp_csv_fail(rd, col, "queue '%.60s' is not defined in plan.ini, expected one of "
			       "%s (or add a [queue.%.60s] section)", name,
			       queue_list(cfg, known, sizeof(known)), name);
	return SP_OK;
}

/* ---- forecast ---------------------------------------------------------- */

enum { FC_START, FC_LANG, FC_VOLUME, FC_QUEUE, FC_AHT, FC_NCOLS };

static const struct sp_csv_col fc_cols[FC_NCOLS] = {
	[FC_START] = { "start", 1 },
	[FC_LANG] = { "language", 1 },
	[FC_VOLUME] = { "volume", 1 },
	[FC_QUEUE] = { "queue", 0 },
	[FC_AHT] = { "aht", 0 },
};

struct fc_load {
	struct sp_input *in;
	struct sp_fc_row *rows;
	int *lines;
	int n, cap, capl;
	struct start_memo *memo; /* START_MEMO slots, hashed by text */
	int nmemo;
	time_t lo, hi;           /* earliest and latest start so far */
	int lo_line, hi_line;
};

/* Zone conversions are slow (each switches TZ), and a forecast repeats
 * every start for each queue and language: convert each distinct start
 * text once.  An open-addressing table of START_MEMO slots (a month of
 * 15-minute intervals fits); once it is 3/4 full, new starts are
 * converted every time. */
#define START_MEMO 4096

struct start_memo {
	char text[32]; /* "" = empty slot */
	time_t t;
};

/* The slot holding s, or the empty slot where s belongs (NULL when the
 * table is too full to add). */
static struct start_memo *memo_slot(struct start_memo *memo, int *used, const char *s)
{
	uint32_t h = 2166136261u;

	for (const char *p = s; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (uint32_t i = h % START_MEMO;; i = (i + 1) % START_MEMO) {
		if (!memo[i].text[0])
			return *used < START_MEMO / 4 * 3 ? &memo[i] : NULL;
		if (!strcmp(memo[i].text, s))
			return &memo[i];
	}
}

/* Is t on the interval grid of the site (local minute of day)? */
static int on_grid(const struct sp_input *in, time_t t)
{
	struct sp_local l;

	sp_tz_local(&in->tz, t, &l);
	return l.sec == 0 && (l.hour * 60 + l.min) % in->cfg.interval_minutes == 0;
}

static sp_status fc_row(struct sp_csv *rd, void *ud)
{
	struct fc_load *fl = ud;
	struct sp_input *in = fl->in;
	struct sp_fc_row r;
	const char *s;
	sp_status st;

	if ((st = sp_csv_check_stop(rd, in->stop)) != SP_OK)
		return st;
	memset(&r, 0, sizeof(r));
	s = sp_csv_trimmed(rd, FC_START);
	struct start_memo *m = memo_slot(fl->memo, &fl->nmemo, s);
	if (m && m->text[0]) {
		r.start = m->t;
	} else {
		if ((st = input_get_time(rd, in, FC_START, &r.start)) != SP_OK)
			return st;
		if (!on_grid(in, r.start))
			return sp_csv_fail(rd, FC_START, "'%.60s' is not on the %d-minute grid, "
				       "expected a start at a multiple of %d minutes after local "
				       "midnight (site.interval_minutes)", s,
				       in->cfg.interval_minutes, in->cfg.interval_minutes);
		if (m && *s && strlen(s) < sizeof(m->text)) {
			memcpy(m->text, s, strlen(s) + 1);
			m->t = r.start;
			fl->nmemo++;
		}
	}
	if ((st = input_add_lang(rd, in, FC_LANG, sp_csv_trimmed(rd, FC_LANG), &r.lang)) != SP_OK)
		return st;
	if ((st = input_get_number(rd, FC_VOLUME, 0, SP_MAX_VOLUME, 0, "a number of contacts",
			     &r.volume)) != SP_OK)
		return st;
	s = sp_csv_trimmed(rd, FC_QUEUE);
	if (!s || !*s)
		r.queue = 0; /* chat */
	else if ((st = input_get_queue(rd, &in->cfg, FC_QUEUE, s, &r.queue)) != SP_OK)
		return st;
	s = sp_csv_trimmed(rd, FC_AHT);
	if (!s || !*s)
		r.aht = in->cfg.queues[r.queue].svc.aht_seconds;
	else if ((st = input_get_number(rd, FC_AHT, 1, 86400, 0, "a handle time in seconds",
				  &r.aht)) != SP_OK)
		return st;
	/* The Erlang search is bounded by the traffic it accepts: refuse a cell
	 * beyond it here, where the row can still be named. */
	const struct sp_service *svc = &in->cfg.queues[r.queue].svc;
	double traffic = r.volume * (1.0 - svc->bot_deflection) * (r.aht / svc->concurrency) /
			 (in->cfg.interval_minutes * 60);
	if (traffic > SP_MAX_TRAFFIC)
		return sp_csv_fail(rd, FC_VOLUME, "'%.60s' contacts of %.10g s in %d minutes are %.6g "
			       "Erlangs after bot deflection and concurrency, expected at most %.0f "
			       "Erlangs per interval, queue and language", sp_csv_trimmed(rd, FC_VOLUME),
			       r.aht, in->cfg.interval_minutes, traffic, SP_MAX_TRAFFIC);
	/* a horizon longer than SP_MAX_WEEKS is refused at the row that makes
	 * it so, not after a huge file has been read into rows */
	if (!fl->n || r.start < fl->lo)
		fl->lo = r.start, fl->lo_line = sp_csv_line(rd);
	if (!fl->n || r.start > fl->hi)
		fl->hi = r.start, fl->hi_line = sp_csv_line(rd);
	if ((double)(fl->hi - fl->lo) > (7.0 * SP_MAX_WEEKS + 1) * 86400)
		return sp_csv_fail(rd, FC_START, "rows from line %d to line %d span more than %d "
				   "days, expected at most %d whole weeks (plan a longer period in "
				   "parts)", fl->lo_line, fl->hi_line, 7 * SP_MAX_WEEKS, SP_MAX_WEEKS);
	SP_GROW(fl->rows, fl->n + 1, fl->cap);
	SP_GROW(fl->lines, fl->n + 1, fl->capl);
	fl->rows[fl->n] = r;
	fl->lines[fl->n++] = sp_csv_line(rd);
	return SP_OK;
}

struct fc_key {
	time_t start;
	int queue, lang, line; /* line 0: loaded before */
};

static int fc_key_cmp(const void *a, const void *b)
{
	const struct fc_key *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->queue != y->queue)
		return x->queue - y->queue;
	if (x->lang != y->lang)
		return x->lang - y->lang;
	return x->line - y->line;
}

/* One row per (start, queue, language) over old and new rows. */
static sp_status fc_check_dups(struct sp_input *in, const struct fc_load *fl, const char *file,
			       struct sp_err *err)
{
	size_t n = (size_t)in->nrows + (size_t)fl->n;
	struct fc_key *k = sp_xcalloc(n, sizeof(*k));
	const struct fc_key *dup = NULL, *first = NULL;

	for (int i = 0; i < in->nrows; i++)
		k[i] = (struct fc_key){ in->rows[i].start, in->rows[i].queue, in->rows[i].lang, 0 };
	for (int i = 0; i < fl->n; i++)
		k[in->nrows + i] = (struct fc_key){ fl->rows[i].start, fl->rows[i].queue,
						    fl->rows[i].lang, fl->lines[i] };
	qsort(k, n, sizeof(*k), fc_key_cmp);
	for (size_t i = 1; i < n; i++) {
		if (k[i].start != k[i - 1].start || k[i].queue != k[i - 1].queue ||
		    k[i].lang != k[i - 1].lang)
			continue;
		if (!dup || k[i].line < dup->line) {
			dup = &k[i];
			first = &k[i - 1];
		}
	}
	sp_status st = SP_OK;
	if (dup) {
		char when[32], seen[48];
		sp_time_format(&in->tz, dup->start, when);
		if (first->line)
			snprintf(seen, sizeof(seen), "line %d", first->line);
		else
			snprintf(seen, sizeof(seen), "an earlier file");
		st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: columns 'start', 'queue', 'language': "
				"duplicate row for %s, queue '%s', language '%s' (also on %s), "
				"expected one row per interval, queue and language", file,
				dup->line, when, in->cfg.queues[dup->queue].name,
				in->langs[dup->lang], seen);
	}
	free(k);
	return st;
}

sp_status sp_input_load_forecast(struct sp_input *in, const char *text, const char *file,
				 struct sp_err *err)
{
	struct fc_load fl = { .in = in };
	int nlangs0 = in->nlangs;
	sp_status st;

	fl.memo = sp_xcalloc(START_MEMO, sizeof(*fl.memo));
	st = sp_csv_parse(text, file, fc_cols, FC_NCOLS, fc_row, &fl, in->warn, err);
	if (st == SP_OK)
		st = fc_check_dups(in, &fl, file, err);
	if (st == SP_OK) {
		SP_GROW(in->rows, in->nrows + fl.n, in->caprows);
		if (fl.n)
			memcpy(in->rows + in->nrows, fl.rows, (size_t)fl.n * sizeof(*fl.rows));
		in->nrows += fl.n;
		free(in->forecast_file);
		in->forecast_file = sp_xstrdup(file);
	} else {
		input_langs_rollback(in, nlangs0);
	}
	free(fl.rows);
	free(fl.lines);
	free(fl.memo);
	return st;
}

/* ---- config, horizon, files -------------------------------------------- */

/* Finishes cfg and commits it (with its zone) to in. */
static sp_status commit_config(struct sp_input *in, struct sp_config *cfg, struct sp_err *err)
{
	struct sp_tz tz;
	sp_status st;

	if ((st = sp_config_finish(cfg, err)) != SP_OK)
		return st;
	if ((st = sp_tz_init(&tz, cfg->timezone, err)) != SP_OK)
		return st;
	in->cfg = *cfg;
	in->tz = tz;
	return SP_OK;
}

sp_status sp_input_load_config(struct sp_input *in, const char *text, const char *file,
			       struct sp_err *err)
{
	struct sp_config cfg = in->cfg;
	sp_status st;

	if ((st = sp_config_load(&cfg, text, file, err)) != SP_OK)
		return st;
	if ((st = commit_config(in, &cfg, err)) != SP_OK)
		return sp_err_prefix(err, "%s", file);
	return SP_OK;
}

sp_status sp_input_set(struct sp_input *in, const char *key, const char *value,
		       struct sp_err *err)
{
	struct sp_config cfg = in->cfg;
	sp_status st;

	if ((st = sp_config_set(&cfg, key, value, err)) != SP_OK)
		return st;
	if ((st = commit_config(in, &cfg, err)) != SP_OK)
		return sp_err_prefix(err, "--set %s=%s", key, value);
	return SP_OK;
}

/* The longest horizon accepted, in days (a typo in a year must not make
 * the planner allocate millions of intervals). */

static int time_cmp(const void *a, const void *b)
{
	time_t x = *(const time_t *)a, y = *(const time_t *)b;

	return x < y ? -1 : x > y;
}

sp_status sp_input_finish(struct sp_input *in, struct sp_err *err)
{
	time_t first, last, start, end;
	int step = in->cfg.interval_minutes * 60, ndays;
	const char *fname = in->forecast_file ? in->forecast_file : "forecast";
	char when[32];

	if (in->nrows == 0)
		return sp_err_set(err, SP_ERR_INPUT, "%s: no rows, expected at least one "
				  "start,language,volume row", fname);
	/* the interval may have changed since loading (--set): check the grid
	 * again, once per distinct start */
	time_t *starts = sp_xcalloc((size_t)in->nrows, sizeof(*starts));
	for (int i = 0; i < in->nrows; i++)
		starts[i] = in->rows[i].start;
	qsort(starts, (size_t)in->nrows, sizeof(*starts), time_cmp);
	first = starts[0];
	last = starts[in->nrows - 1];
	for (int i = 0; i < in->nrows; i++) {
		if (i > 0 && starts[i] == starts[i - 1])
			continue;
		if (!on_grid(in, starts[i])) {
			sp_time_format(&in->tz, starts[i], when);
			free(starts);
			return sp_err_set(err, SP_ERR_INPUT, "%s: column 'start': %s is not "
					  "on the %d-minute grid, expected a start at a multiple "
					  "of %d minutes after local midnight", fname, when,
					  in->cfg.interval_minutes, in->cfg.interval_minutes);
		}
	}
	free(starts);
	start = sp_tz_day_start(&in->tz, first);
	/* a day is 23 to 25 hours: count days only over a span that can fit */
	int max_days = 7 * SP_MAX_WEEKS;
	if ((double)(last - start) > (max_days + 1) * 86400.0)
		ndays = max_days + 1;
	else
		for (ndays = 1; ndays <= max_days; ndays++)
			if (sp_tz_add_days(&in->tz, start, ndays) >= last + step)
				break;
	if (ndays > 7 && (ndays > max_days || ndays % 7)) {
		char a[32];
		sp_time_format(&in->tz, first, a);
		sp_time_format(&in->tz, last, when);
		if (ndays > max_days)
			return sp_err_set(err, SP_ERR_INPUT, "%s: column 'start': rows span from %s "
					  "to %s, more than %d days, expected at most %d whole weeks "
					  "(plan a longer period in parts)", fname, a, when, max_days,
					  SP_MAX_WEEKS);
		return sp_err_set(err, SP_ERR_INPUT, "%s: column 'start': rows span %d days from "
				  "%s to %s, expected up to 7 days or whole weeks (14, 21, ... %d "
				  "days; add rows with volume 0 for the days without contacts)",
				  fname, ndays, a, when, max_days);
	}
	end = sp_tz_add_days(&in->tz, start, ndays);
	in->horizon_start = start;
	in->ndays = ndays;
	in->nweeks = (ndays + 6) / 7;
	in->nint = (int)((end - start) / step);
	return SP_OK;
}
