/* input.c - forecast, agents and availability CSV files (libcsv) into sp_input
 *
 * A small reader sits on libcsv: it feeds the text one physical line at a
 * time so that every record knows the line it starts on (quoted fields may
 * span lines), skips '#' comment lines and blank lines between records,
 * matches header names to a column table and hands each record to a
 * per-file row function.  Loaders parse into temporaries and commit only
 * when the whole file is good, so a failed load leaves the input unchanged.
 */
#include "staffplan/input.h"
#include "staffplan/buf.h"
#include "staffplan/erlang.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_COLS 16

struct col {
	const char *name;
	int required;
};

struct reader {
	const char *file;
	const struct col *cols;
	int ncols;
	int idx[MAX_COLS];         /* field index of cols[i]; -1 when absent */
	char **hdr;                /* header names as written */
	int nhdr;
	struct buf *f;             /* fields of the current record */
	int nf, ninit, capf;
	int line;                  /* physical line being fed */
	int row_line;              /* line the current record starts on */
	int in_record, have_header, failed;
	struct sp_err *err;
	FILE *warn;
	sp_status (*row)(struct reader *rd, void *ud);
	void *ud;
};

/* Valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF)? */
static int utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		unsigned cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			len = 2, cp = c & 0x1Fu;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3, cp = c & 0x0Fu;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4, cp = c & 0x07u;
		} else {
			return 0;
		}
		if (i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3Fu);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		i += len;
	}
	return 1;
}

static int is_blank_char(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Trims ASCII white space in place; returns the new start. */
static char *trim(char *s)
{
	char *e;

	while (is_blank_char(*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_blank_char(e[-1]))
		*--e = '\0';
	return s;
}

/* Name of field i for messages: the header's, or its position. */
static const char *field_name(const struct reader *rd, int i, char *tmp, size_t n)
{
	if (rd->have_header && i >= 0 && i < rd->nhdr && rd->hdr[i][0])
		return rd->hdr[i];
	snprintf(tmp, n, "#%d", i + 1);
	return tmp;
}

static sp_status rd_error(struct reader *rd, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static sp_status rd_error(struct reader *rd, int line, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rd->failed = 1;
	return sp_err_set(rd->err, SP_ERR_INPUT, "%s:%d: %s", rd->file, line, msg);
}

/* Error about column col (an index into rd->cols) of the current record. */
static sp_status rd_fail(struct reader *rd, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static sp_status rd_fail(struct reader *rd, int col, const char *fmt, ...)
{
	char msg[800];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return rd_error(rd, rd->row_line, "column '%s': %s", rd->cols[col].name, msg);
}

/* Field of column col in the current record, or NULL when the file has no
 * such column. */
static char *rd_get(struct reader *rd, int col)
{
	int i = rd->idx[col];

	return i < 0 ? NULL : rd->f[i].s;
}

/* Like rd_get, with surrounding ASCII white space removed. */
static char *rd_trim(struct reader *rd, int col)
{
	char *s = rd_get(rd, col);

	return s ? trim(s) : NULL;
}

static sp_status on_header(struct reader *rd)
{
	char known[256];
	size_t len = 0;

	known[0] = '\0';
	for (int c = 0; c < rd->ncols; c++) {
		int w = snprintf(known + len, sizeof(known) - len, "%s%s", c ? ", " : "",
				 rd->cols[c].name);
		if (w > 0 && (size_t)w < sizeof(known) - len)
			len += (size_t)w;
	}
	rd->hdr = sp_xcalloc((size_t)rd->nf, sizeof(char *));
	rd->nhdr = rd->nf;
	for (int i = 0; i < rd->nf; i++)
		rd->hdr[i] = sp_xstrdup(trim(rd->f[i].s));
	rd->have_header = 1;
	for (int i = 0; i < rd->nhdr; i++) {
		int c;
		for (c = 0; c < rd->ncols; c++)
			if (!strcasecmp(rd->hdr[i], rd->cols[c].name))
				break;
		if (c == rd->ncols) {
			if (rd->warn) {
				if (rd->hdr[i][0])
					fprintf(rd->warn, "warning: %s:%d: unknown column '%s' "
						"ignored (known columns: %s)\n", rd->file,
						rd->row_line, rd->hdr[i], known);
				else
					fprintf(rd->warn, "warning: %s:%d: unnamed column %d "
						"ignored\n", rd->file, rd->row_line, i + 1);
			}
			continue;
		}
		if (rd->idx[c] >= 0)
			return rd_error(rd, rd->row_line, "column '%s': appears twice in the "
					"header, expected each column once", rd->cols[c].name);
		rd->idx[c] = i;
	}
	for (int c = 0; c < rd->ncols; c++) {
		if (rd->cols[c].required && rd->idx[c] < 0) {
			char req[256];
			size_t rl = 0;
			req[0] = '\0';
			for (int k = 0; k < rd->ncols; k++) {
				if (!rd->cols[k].required)
					continue;
				int w = snprintf(req + rl, sizeof(req) - rl, "%s%s", rl ? ", " : "",
						 rd->cols[k].name);
				if (w > 0 && (size_t)w < sizeof(req) - rl)
					rl += (size_t)w;
			}
			return rd_error(rd, rd->row_line, "column '%s': missing from the header, "
					"expected a header row naming at least %s",
					rd->cols[c].name, req);
		}
	}
	return SP_OK;
}

static void on_record(struct reader *rd)
{
	char tmp[16];

	for (int i = 0; i < rd->nf; i++) {
		if (!utf8_valid((const unsigned char *)rd->f[i].s, rd->f[i].len)) {
			rd_error(rd, rd->row_line, "column '%s': invalid UTF-8, expected UTF-8 "
				 "text (re-save the file as UTF-8)", field_name(rd, i, tmp, sizeof(tmp)));
			return;
		}
	}
	if (!rd->have_header) {
		on_header(rd);
		return;
	}
	if (rd->nf < rd->nhdr) {
		rd_error(rd, rd->row_line, "column '%s': missing, the row has %d field%s, expected "
			 "%d as in the header", field_name(rd, rd->nf, tmp, sizeof(tmp)), rd->nf,
			 rd->nf == 1 ? "" : "s", rd->nhdr);
		return;
	}
	if (rd->nf > rd->nhdr) {
		rd_error(rd, rd->row_line, "column '%s': the row has %d fields, expected %d as in "
			 "the header (extra field '%.40s')",
			 field_name(rd, rd->nhdr - 1, tmp, sizeof(tmp)), rd->nf, rd->nhdr,
			 rd->f[rd->nhdr].s);
		return;
	}
	if (rd->row(rd, rd->ud) != SP_OK)
		rd->failed = 1;
}

static void cb_field(void *s, size_t len, void *data)
{
	struct reader *rd = data;

	if (rd->failed)
		return;
	if (!rd->in_record) {
		/* a record that starts mid-line (after a lone CR) */
		rd->in_record = 1;
		rd->row_line = rd->line;
	}
	SP_GROW(rd->f, rd->nf + 1, rd->capf);
	if (rd->nf == rd->ninit)
		buf_init(&rd->f[rd->ninit++]);
	buf_reset(&rd->f[rd->nf]);
	buf_add(&rd->f[rd->nf], s ? s : "", s ? len : 0);
	rd->nf++;
}

static void cb_row(int c, void *data)
{
	struct reader *rd = data;

	(void)c;
	if (!rd->failed)
		on_record(rd);
	rd->nf = 0;
	rd->in_record = 0;
}

static int blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_blank_char(s[i]))
			return 0;
	return 1;
}

static void reader_init(struct reader *rd, const char *file, const struct col *cols, int ncols,
			sp_status (*row)(struct reader *, void *), void *ud, FILE *warn,
			struct sp_err *err)
{
	SP_ASSERT(ncols <= MAX_COLS);
	memset(rd, 0, sizeof(*rd));
	rd->file = file;
	rd->cols = cols;
	rd->ncols = ncols;
	for (int c = 0; c < MAX_COLS; c++)
		rd->idx[c] = -1;
	rd->row = row;
	rd->ud = ud;
	rd->warn = warn;
	rd->err = err;
}

static void reader_release(struct reader *rd)
{
	for (int i = 0; i < rd->nhdr; i++)
		free(rd->hdr[i]);
	free(rd->hdr);
	for (int i = 0; i < rd->ninit; i++)
		buf_release(&rd->f[i]);
	free(rd->f);
}

/* Runs the whole text through libcsv; the row function sees every record
 * after the header.  Returns SP_OK or the first error. */
static sp_status reader_run(struct reader *rd, const char *text)
{
	struct csv_parser p;
	const char *s = text;
	char tmp[16];

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return sp_err_set(rd->err, SP_ERR_NOMEM, "%s: out of memory", rd->file);
	if (!strncmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	while (*s && !rd->failed) {
		/* one physical line: up to LF, CRLF or a lone CR */
		size_t n = strcspn(s, "\r\n");

		if (s[n] == '\r' && s[n + 1] == '\n')
			n += 2;
		else if (s[n])
			n++;
		rd->line++;
		if (!rd->in_record) {
			if (s[0] == '#' || blank_line(s, n)) {
				s += n;
				continue;
			}
			rd->in_record = 1;
			rd->row_line = rd->line;
		}
		if (csv_parse(&p, s, n, cb_field, cb_row, rd) != n && !rd->failed) {
			if (csv_error(&p) == CSV_EPARSE)
				rd_error(rd, rd->line, "column '%s': stray '\"' in the field, expected "
					 "the whole field in double quotes with inner quotes doubled "
					 "(\"\")", field_name(rd, rd->nf, tmp, sizeof(tmp)));
			else
				rd_error(rd, rd->line, "%s", csv_strerror(csv_error(&p)));
		}
		s += n;
	}
	if (!rd->failed && csv_fini(&p, cb_field, cb_row, rd) != 0 && !rd->failed)
		rd_error(rd, rd->row_line, "column '%s': the quoted field is never closed, "
			 "expected a closing '\"'", field_name(rd, rd->nf, tmp, sizeof(tmp)));
	csv_free(&p);
	if (!rd->failed && !rd->have_header)
		rd_error(rd, rd->line ? rd->line : 1, "no header row, expected a first line "
			 "naming the columns");
	return rd->failed ? SP_ERR_INPUT : SP_OK;
}

/* ------------------------------------------------------------------------ */

void sp_input_init(struct sp_input *in)
{
	memset(in, 0, sizeof(*in));
	sp_config_init(&in->cfg);
	SP_ASSERT(sp_config_finish(&in->cfg, NULL) == SP_OK);
	SP_ASSERT(sp_tz_init(&in->tz, in->cfg.timezone, NULL) == SP_OK);
	in->warn = stderr;
}

static void agent_release(struct sp_agent *a)
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
		agent_release(&in->agents[i]);
	free(in->rows);
	free(in->agents);
	free(in->avail);
	memset(in, 0, sizeof(*in));
}

int sp_input_lang(struct sp_input *in, const char *tag, int add)
{
	for (int i = 0; i < in->nlangs; i++)
		if (!strcmp(in->langs[i], tag))
			return i;
	if (!add || in->nlangs >= SP_MAX_LANGS)
		return -1;
	in->langs[in->nlangs] = sp_xstrdup(tag);
	return in->nlangs++;
}

/* Forgets languages registered after the first n (a failed load). */
static void langs_rollback(struct sp_input *in, int n)
{
	while (in->nlangs > n) {
		free(in->langs[--in->nlangs]);
		in->langs[in->nlangs] = NULL;
	}
}

/* A BCP 47 tag as we accept it: 2..35 characters, subtags of 1..8 letters
 * or digits separated by single hyphens, starting with a letter. */
static int valid_lang(const char *s)
{
	size_t n = strlen(s), sub = 0;

	if (n < 2 || n > 35 || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	for (; *s; s++) {
		if (*s == '-') {
			if (sub == 0 || !s[1])
				return 0;
			sub = 0;
		} else if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			   (*s >= '0' && *s <= '9')) {
			if (++sub > 8)
				return 0;
		} else {
			return 0;
		}
	}
	return 1;
}

/* Registers tag, or fails on column col. */
static sp_status add_lang(struct reader *rd, struct sp_input *in, int col, const char *tag,
			  int *out)
{
	if (!*tag)
		return rd_fail(rd, col, "the value is empty, expected a language tag such as "
			       "zh, en, ko, ja or zh-Hant");
	if (!valid_lang(tag))
		return rd_fail(rd, col, "'%.60s' is not a language tag, expected a BCP 47 tag "
			       "such as zh, en, ko, ja or zh-Hant", tag);
	if ((*out = sp_input_lang(in, tag, 1)) < 0)
		return rd_fail(rd, col, "too many languages at '%.60s', expected at most %d",
			       tag, SP_MAX_LANGS);
	return SP_OK;
}

/* Parses a number of column col within [lo, hi] ("what" names the unit). */
static sp_status get_number(struct reader *rd, int col, double lo, double hi, int lo_open,
			    const char *what, double *out)
{
	const char *s = rd_trim(rd, col);
	char expect[160];

	if (isinf(hi))
		snprintf(expect, sizeof(expect), "%s %s %.10g", what, lo_open ? ">" : ">=", lo);
	else
		snprintf(expect, sizeof(expect), "%s in %c%.10g, %.10g]", what, lo_open ? '(' : '[',
			 lo, hi);
	if (!*s)
		return rd_fail(rd, col, "the value is empty, expected %s", expect);
	if (sp_parse_number(s, out) != SP_OK)
		return rd_fail(rd, col, "'%.60s' is not a number, expected %s", s, expect);
	if (*out < 0 && lo >= 0)
		return rd_fail(rd, col, "'%.60s' is negative, expected %s", s, expect);
	if (*out == 0 && (lo > 0 || lo_open))
		return rd_fail(rd, col, "'%.60s' is not positive, expected %s", s, expect);
	if (*out < lo || *out > hi || (lo_open && *out == lo))
		return rd_fail(rd, col, "'%.60s' is out of range, expected %s", s, expect);
	return SP_OK;
}

static sp_status get_time(struct reader *rd, struct sp_input *in, int col, time_t *out)
{
	const char *s = rd_trim(rd, col);
	struct sp_err e = SP_ERR_INIT;

	if (!*s)
		return rd_fail(rd, col, "the value is empty, expected YYYY-MM-DDTHH:MM, "
			       "optionally followed by Z or +HH:MM");
	if (sp_time_parse(&in->tz, s, out, &e) != SP_OK)
		return rd_fail(rd, col, "%s", e.msg);
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

static sp_status get_queue(struct reader *rd, const struct sp_config *cfg, int col,
			   const char *name, int *out)
{
	char known[512];

	if ((*out = sp_config_queue(cfg, name)) < 0)
		return rd_fail(rd, col, "queue '%.60s' is not defined in plan.ini, expected one of "
			       "%s (or add a [queue.%.60s] section)", name,
			       queue_list(cfg, known, sizeof(known)), name);
	return SP_OK;
}

/* ---- forecast ---------------------------------------------------------- */

enum { FC_START, FC_LANG, FC_VOLUME, FC_QUEUE, FC_AHT, FC_NCOLS };

static const struct col fc_cols[FC_NCOLS] = {
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

static sp_status fc_row(struct reader *rd, void *ud)
{
	struct fc_load *fl = ud;
	struct sp_input *in = fl->in;
	struct sp_fc_row r;
	const char *s;
	sp_status st;

	memset(&r, 0, sizeof(r));
	s = rd_trim(rd, FC_START);
	struct start_memo *m = memo_slot(fl->memo, &fl->nmemo, s);
	if (m && m->text[0]) {
		r.start = m->t;
	} else {
		if ((st = get_time(rd, in, FC_START, &r.start)) != SP_OK)
			return st;
		if (!on_grid(in, r.start))
			return rd_fail(rd, FC_START, "'%.60s' is not on the %d-minute grid, "
				       "expected a start at a multiple of %d minutes after local "
				       "midnight (site.interval_minutes)", s,
				       in->cfg.interval_minutes, in->cfg.interval_minutes);
		if (m && *s && strlen(s) < sizeof(m->text)) {
			memcpy(m->text, s, strlen(s) + 1);
			m->t = r.start;
			fl->nmemo++;
		}
	}
	if ((st = add_lang(rd, in, FC_LANG, rd_trim(rd, FC_LANG), &r.lang)) != SP_OK)
		return st;
	if ((st = get_number(rd, FC_VOLUME, 0, SP_MAX_VOLUME, 0, "a number of contacts",
			     &r.volume)) != SP_OK)
		return st;
	s = rd_trim(rd, FC_QUEUE);
	if (!s || !*s)
		r.queue = 0; /* chat */
	else if ((st = get_queue(rd, &in->cfg, FC_QUEUE, s, &r.queue)) != SP_OK)
		return st;
	s = rd_trim(rd, FC_AHT);
	if (!s || !*s)
		r.aht = in->cfg.queues[r.queue].svc.aht_seconds;
	else if ((st = get_number(rd, FC_AHT, 1, 86400, 0, "a handle time in seconds",
				  &r.aht)) != SP_OK)
		return st;
	/* The Erlang search is bounded by the traffic it accepts: refuse a cell
	 * beyond it here, where the row can still be named. */
	const struct sp_service *svc = &in->cfg.queues[r.queue].svc;
	double traffic = r.volume * (1.0 - svc->bot_deflection) * (r.aht / svc->concurrency) /
			 (in->cfg.interval_minutes * 60);
	if (traffic > ERLANG_MAX_TRAFFIC)
		return rd_fail(rd, FC_VOLUME, "'%.60s' contacts of %.10g s in %d minutes are %.6g "
			       "Erlangs after bot deflection and concurrency, expected at most %.0f "
			       "Erlangs per interval, queue and language", rd_trim(rd, FC_VOLUME),
			       r.aht, in->cfg.interval_minutes, traffic, ERLANG_MAX_TRAFFIC);
	SP_GROW(fl->rows, fl->n + 1, fl->cap);
	SP_GROW(fl->lines, fl->n + 1, fl->capl);
	fl->rows[fl->n] = r;
	fl->lines[fl->n++] = rd->row_line;
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
	struct fc_load fl = { in, NULL, NULL, 0, 0, 0, NULL, 0 };
	struct reader rd;
	int nlangs0 = in->nlangs;
	sp_status st;

	fl.memo = sp_xcalloc(START_MEMO, sizeof(*fl.memo));
	reader_init(&rd, file, fc_cols, FC_NCOLS, fc_row, &fl, in->warn, err);
	st = reader_run(&rd, text);
	reader_release(&rd);
	if (st == SP_OK)
		st = fc_check_dups(in, &fl, file, err);
	if (st == SP_OK) {
		SP_GROW(in->rows, in->nrows + fl.n, in->caprows);
		if (fl.n)
			memcpy(in->rows + in->nrows, fl.rows, (size_t)fl.n * sizeof(*fl.rows));
		in->nrows += fl.n;
	} else {
		langs_rollback(in, nlangs0);
	}
	free(fl.rows);
	free(fl.lines);
	free(fl.memo);
	return st;
}

/* ---- agents ------------------------------------------------------------ */

enum {
	AG_ID, AG_NAME, AG_LANGS, AG_QUEUES, AG_EMAIL, AG_TZ, AG_MIN_HOURS, AG_MAX_HOURS,
	AG_MAX_DAYS, AG_COST, AG_NCOLS
};

static const struct col ag_cols[AG_NCOLS] = {
	[AG_ID] = { "id", 1 },
	[AG_NAME] = { "name", 1 },
	[AG_LANGS] = { "languages", 1 },
	[AG_QUEUES] = { "queues", 0 },
	[AG_EMAIL] = { "email", 0 },
	[AG_TZ] = { "timezone", 0 },
	[AG_MIN_HOURS] = { "min_hours", 0 },
	[AG_MAX_HOURS] = { "max_hours", 0 },
	[AG_MAX_DAYS] = { "max_days", 0 },
	[AG_COST] = { "cost_per_hour", 0 },
};

struct ag_load {
	struct sp_input *in;
	struct sp_agent *agents;
	int *lines;
	int n, cap, capl;
};

/* Optional number column: the default when absent or empty. */
static sp_status get_opt_number(struct reader *rd, int col, double lo, double hi,
				const char *what, double def, double *out)
{
	const char *s = rd_trim(rd, col);

	if (!s || !*s) {
		*out = def;
		return SP_OK;
	}
	return get_number(rd, col, lo, hi, 0, what, out);
}

static int all_blank(const char *s)
{
	return blank_line(s, strlen(s));
}

static sp_status ag_parse(struct reader *rd, struct sp_input *in, struct sp_agent *a)
{
	const struct sp_config *cfg = &in->cfg;
	char *s, *item, *next;
	double v;
	sp_status st;

	s = rd_get(rd, AG_ID);
	if (all_blank(s))
		return rd_fail(rd, AG_ID, "the value is empty, expected a unique agent id");
	a->id = sp_xstrdup(s);
	s = rd_get(rd, AG_NAME);
	if (all_blank(s))
		return rd_fail(rd, AG_NAME, "the value is empty, expected the agent's name");
	a->name = sp_xstrdup(s);

	for (item = rd_get(rd, AG_LANGS); item; item = next) {
		int l;
		if ((next = strchr(item, ';')))
			*next++ = '\0';
		item = trim(item);
		if (!*item)
			continue;
		if ((st = add_lang(rd, in, AG_LANGS, item, &l)) != SP_OK)
			return st;
		a->langs |= UINT64_C(1) << l;
	}
	if (!a->langs)
		return rd_fail(rd, AG_LANGS, "no language, expected ';'-separated language tags "
			       "such as zh;en");

	for (item = rd_get(rd, AG_QUEUES); item; item = next) {
		int q;
		if ((next = strchr(item, ';')))
			*next++ = '\0';
		item = trim(item);
		if (!*item)
			continue;
		if ((st = get_queue(rd, cfg, AG_QUEUES, item, &q)) != SP_OK)
			return st;
		a->queues |= UINT32_C(1) << q;
	}
	if (!a->queues)
		for (int q = 0; q < cfg->nqueues; q++)
			if (!cfg->queues[q].restricted)
				a->queues |= UINT32_C(1) << q;

	s = rd_get(rd, AG_EMAIL);
	a->email = sp_xstrdup(s ? s : "");

	s = rd_trim(rd, AG_TZ);
	if (s && *s) {
		struct sp_tz tz;
		struct sp_err e = SP_ERR_INIT;
		if (sp_tz_init(&tz, s, &e) != SP_OK)
			return rd_fail(rd, AG_TZ, "%s", e.msg);
		a->timezone = sp_xstrdup(s);
	} else {
		a->timezone = sp_xstrdup(cfg->timezone);
	}

	if ((st = get_opt_number(rd, AG_MIN_HOURS, 0, 168, "paid hours per week",
				 cfg->min_hours, &a->min_hours)) != SP_OK ||
	    (st = get_opt_number(rd, AG_MAX_HOURS, 0, 168, "paid hours per week",
				 cfg->max_hours, &a->max_hours)) != SP_OK)
		return st;
	if (a->min_hours > a->max_hours)
		return rd_fail(rd, rd->idx[AG_MIN_HOURS] >= 0 ? AG_MIN_HOURS : AG_MAX_HOURS,
			       "min_hours %g is greater than max_hours %g, expected min_hours <= "
			       "max_hours", a->min_hours, a->max_hours);
	if ((st = get_opt_number(rd, AG_MAX_DAYS, 0, 7, "a whole number of days",
				 cfg->max_days, &v)) != SP_OK)
		return st;
	if (v != (int)v)
		return rd_fail(rd, AG_MAX_DAYS, "'%.60s' is not a whole number, expected a whole "
			       "number of days in [0, 7]", rd_trim(rd, AG_MAX_DAYS));
	a->max_days = (int)v;
	if ((st = get_opt_number(rd, AG_COST, 0, SP_MAX_COST_PER_HOUR, "a cost per paid hour",
				 cfg->cost_per_hour, &a->cost_per_hour)) != SP_OK)
		return st;
	return SP_OK;
}

static sp_status ag_row(struct reader *rd, void *ud)
{
	struct ag_load *al = ud;
	struct sp_agent a;
	sp_status st;

	memset(&a, 0, sizeof(a));
	if ((st = ag_parse(rd, al->in, &a)) != SP_OK) {
		agent_release(&a);
		return st;
	}
	SP_GROW(al->agents, al->n + 1, al->cap);
	SP_GROW(al->lines, al->n + 1, al->capl);
	al->agents[al->n] = a;
	al->lines[al->n++] = rd->row_line;
	return SP_OK;
}

struct id_key {
	const char *id;
	int index, line;
};

static int id_key_cmp(const void *a, const void *b)
{
	const struct id_key *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : x->line - y->line;
}

static sp_status ag_check_dups(const struct sp_input *in, const struct ag_load *al,
			       const char *file, struct sp_err *err)
{
	size_t n = (size_t)in->nagents + (size_t)al->n;
	struct id_key *k = sp_xcalloc(n, sizeof(*k));
	const struct id_key *dup = NULL, *first = NULL;
	sp_status st = SP_OK;

	for (int i = 0; i < in->nagents; i++)
		k[i] = (struct id_key){ in->agents[i].id, i, 0 };
	for (int i = 0; i < al->n; i++)
		k[in->nagents + i] = (struct id_key){ al->agents[i].id, i, al->lines[i] };
	qsort(k, n, sizeof(*k), id_key_cmp);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(k[i].id, k[i - 1].id) && (!dup || k[i].line < dup->line)) {
			dup = &k[i];
			first = &k[i - 1];
		}
	if (dup) {
		char seen[48];
		if (first->line)
			snprintf(seen, sizeof(seen), "line %d", first->line);
		else
			snprintf(seen, sizeof(seen), "an earlier file");
		st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: column 'id': duplicate agent id "
				"'%.60s' (also on %s), expected unique ids", file, dup->line,
				dup->id, seen);
	}
	free(k);
	return st;
}

sp_status sp_input_load_agents(struct sp_input *in, const char *text, const char *file,
			       struct sp_err *err)
{
	struct ag_load al = { in, NULL, NULL, 0, 0, 0 };
	struct reader rd;
	int nlangs0 = in->nlangs;
	sp_status st;

	reader_init(&rd, file, ag_cols, AG_NCOLS, ag_row, &al, in->warn, err);
	st = reader_run(&rd, text);
	reader_release(&rd);
	if (st == SP_OK)
		st = ag_check_dups(in, &al, file, err);
	if (st == SP_OK) {
		SP_GROW(in->agents, in->nagents + al.n, in->capagents);
		if (al.n)
			memcpy(in->agents + in->nagents, al.agents,
			       (size_t)al.n * sizeof(*al.agents));
		in->nagents += al.n;
	} else {
		for (int i = 0; i < al.n; i++)
			agent_release(&al.agents[i]);
		langs_rollback(in, nlangs0);
	}
	free(al.agents);
	free(al.lines);
	return st;
}

/* ---- availability ------------------------------------------------------ */

enum { AV_AGENT, AV_START, AV_END, AV_TYPE, AV_NCOLS };

static const struct col av_cols[AV_NCOLS] = {
	[AV_AGENT] = { "agent_id", 1 },
	[AV_START] = { "start", 1 },
	[AV_END] = { "end", 1 },
	[AV_TYPE] = { "type", 1 },
};

struct av_load {
	struct sp_input *in;
	struct id_key *ids;   /* agents sorted by id */
	struct sp_avail *avail;
	int n, cap;
};

static int id_only_cmp(const void *a, const void *b)
{
	return strcmp(((const struct id_key *)a)->id, ((const struct id_key *)b)->id);
}

static sp_status av_row(struct reader *rd, void *ud)
{
	struct av_load *vl = ud;
	struct sp_input *in = vl->in;
	struct sp_avail a;
	struct id_key key, *hit;
	const char *s;
	sp_status st;

	memset(&a, 0, sizeof(a));
	key.id = rd_get(rd, AV_AGENT);
	hit = in->nagents ? bsearch(&key, vl->ids, (size_t)in->nagents, sizeof(*vl->ids),
				    id_only_cmp) : NULL;
	if (!hit)
		return rd_fail(rd, AV_AGENT, "no agent with id '%.60s', expected the id of an "
			       "agent in the agents file", key.id);
	a.agent = hit->index;
	if ((st = get_time(rd, in, AV_START, &a.start)) != SP_OK ||
	    (st = get_time(rd, in, AV_END, &a.end)) != SP_OK)
		return st;
	if (a.end <= a.start)
		return rd_fail(rd, AV_END, "'%.40s' is not after start '%.40s', expected end > "
			       "start", rd_trim(rd, AV_END), rd_trim(rd, AV_START));
	s = rd_trim(rd, AV_TYPE);
	if (!strcasecmp(s, "unavailable"))
		a.type = SP_UNAVAILABLE;
	else if (!strcasecmp(s, "preferred_off"))
		a.type = SP_PREFERRED_OFF;
	else
		return rd_fail(rd, AV_TYPE, "'%.60s' is not a type, expected unavailable or "
			       "preferred_off", s);
	SP_GROW(vl->avail, vl->n + 1, vl->cap);
	vl->avail[vl->n++] = a;
	return SP_OK;
}

sp_status sp_input_load_availability(struct sp_input *in, const char *text, const char *file,
				     struct sp_err *err)
{
	struct av_load vl = { in, NULL, NULL, 0, 0 };
	struct reader rd;
	sp_status st;

	vl.ids = sp_xcalloc((size_t)in->nagents, sizeof(*vl.ids));
	for (int i = 0; i < in->nagents; i++)
		vl.ids[i] = (struct id_key){ in->agents[i].id, i, 0 };
	qsort(vl.ids, (size_t)in->nagents, sizeof(*vl.ids), id_only_cmp);
	reader_init(&rd, file, av_cols, AV_NCOLS, av_row, &vl, in->warn, err);
	st = reader_run(&rd, text);
	reader_release(&rd);
	if (st == SP_OK) {
		SP_GROW(in->avail, in->navail + vl.n, in->capavail);
		if (vl.n)
			memcpy(in->avail + in->navail, vl.avail, (size_t)vl.n * sizeof(*vl.avail));
		in->navail += vl.n;
	}
	free(vl.ids);
	free(vl.avail);
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
#define MAX_DAYS 366

static int time_cmp(const void *a, const void *b)
{
	time_t x = *(const time_t *)a, y = *(const time_t *)b;

	return x < y ? -1 : x > y;
}

sp_status sp_input_finish(struct sp_input *in, struct sp_err *err)
{
	time_t first, last, start, end;
	int step = in->cfg.interval_minutes * 60, ndays;
	char when[32];

	if (in->nrows == 0)
		return sp_err_set(err, SP_ERR_INPUT, "forecast: no rows, expected at least one "
				  "start,language,volume row");
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
			return sp_err_set(err, SP_ERR_INPUT, "forecast: column 'start': %s is not "
					  "on the %d-minute grid, expected a start at a multiple "
					  "of %d minutes after local midnight", when,
					  in->cfg.interval_minutes, in->cfg.interval_minutes);
		}
	}
	free(starts);
	start = sp_tz_day_start(&in->tz, first);
	if ((double)(last - start) > (MAX_DAYS + 1) * 86400.0)
		ndays = MAX_DAYS + 1;
	else
		for (ndays = 1; ndays <= MAX_DAYS; ndays++)
			if (sp_tz_add_days(&in->tz, start, ndays) >= last + step)
				break;
	if (ndays > MAX_DAYS) {
		char a[32];
		sp_time_format(&in->tz, first, a);
		sp_time_format(&in->tz, last, when);
		return sp_err_set(err, SP_ERR_INPUT, "forecast: column 'start': rows span from %s "
				  "to %s, expected at most %d days", a, when, MAX_DAYS);
	}
	end = sp_tz_add_days(&in->tz, start, ndays);
	in->horizon_start = start;
	in->ndays = ndays;
	in->nint = (int)((end - start) / step);
	return SP_OK;
}

sp_status sp_read_file(const char *path, char **out, struct sp_err *err)
{
	FILE *f;
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	int e;

	*out = NULL;
	if (!(f = fopen(path, "rb")))
		return sp_err_set(err, SP_ERR_IO, "cannot read '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	e = ferror(f) ? errno : 0;
	fclose(f);
	if (e) {
		buf_release(&b);
		return sp_err_set(err, SP_ERR_IO, "cannot read '%s': %s", path, strerror(e));
	}
	if (b.len >= 2 && (((unsigned char)b.s[0] == 0xFF && (unsigned char)b.s[1] == 0xFE) ||
			   ((unsigned char)b.s[0] == 0xFE && (unsigned char)b.s[1] == 0xFF))) {
		buf_release(&b);
		return sp_err_set(err, SP_ERR_INPUT, "%s: the file is UTF-16, expected UTF-8 "
				  "(re-save it as CSV UTF-8)", path);
	}
	if (memchr(b.s, '\0', b.len)) {
		size_t at = (size_t)((char *)memchr(b.s, '\0', b.len) - b.s);
		int line = 1;
		for (size_t i = 0; i < at; i++)
			line += b.s[i] == '\n';
		buf_release(&b);
		return sp_err_set(err, SP_ERR_INPUT, "%s:%d: NUL byte in the file, expected UTF-8 "
				  "text", path, line);
	}
	*out = buf_detach(&b);
	return SP_OK;
}
