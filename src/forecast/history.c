/* history.c - history files (interval counts or contact records) onto the grid
 *
 * Rows are read whole first (any order), then the span fixes the calendar
 * of local days and each row lands in its series, day and time-of-day
 * slot.  Interval counts are checked on a bitmap of minutes per series
 * and day: duplicates, the file's own interval length (the most common
 * spacing of consecutive rows), rows off that grid and days at another
 * length (mixed interval lengths).
 */
#include "staffplan/history.h"
#include "staffplan/config.h"
#include "staffplan/csv.h"
#include "staffplan/date.h"
#include "staffplan/input.h"
#include "staffplan/text.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { C_START, C_VOLUME, C_AHT, C_ARRIVED, C_HANDLE, C_WAITED, C_ABANDONED, C_QUEUE, C_LANG,
       NCOLS };

/* One table for both shapes: the header says which one the file is. */
static const struct sp_csv_col cols[NCOLS] = {
	[C_START] = { "start", 0 },
	[C_VOLUME] = { "volume", 0 },
	[C_AHT] = { "aht", 0 },
	[C_ARRIVED] = { "arrived", 0 },
	[C_HANDLE] = { "handle_seconds", 0 },
	[C_WAITED] = { "waited_seconds", 0 },
	[C_ABANDONED] = { "abandoned", 0 },
	[C_QUEUE] = { "queue", 0 },
	[C_LANG] = { "language", 0 },
};

/* A row as read: counts use a = volume, b = aht; records a = handle
 * seconds, b = seconds waited, c = abandoned (NAN: the field was empty). */
struct hrow {
	time_t t;
	int series, line;
	double a;
	float b, c;
};

#define MEMO 4096

struct memo {
	char text[32];
	time_t t;
};

struct load {
	struct sp_history *h;
	const char *const *queues;
	int nqueues;
	const char *def_queue, *def_lang;
	struct hrow *rows;
	long long n, cap;
	int capseries;
	int *hash;              /* series index + 1 by hash of queue and language */
	int nhash;
	struct memo *memo;      /* start texts already converted */
	int nmemo;
	char last[32];          /* the previous row's time text */
	time_t last_t;
};

/* ---- rows ------------------------------------------------------------- */

static uint64_t key_hash(const char *q, const char *l)
{
	uint64_t h = sp_hash64(q);
	return h * 1099511628211u ^ sp_hash64(l);
}

/* Index of series (q, l), added when new. */
static int series_of(struct load *ld, const char *q, const char *l)
{
	struct sp_history *h = ld->h;

	if (h->nseries * 2 >= ld->nhash) {
		free(ld->hash);
		ld->nhash = ld->nhash ? ld->nhash * 2 : 64;
		ld->hash = sp_xcalloc((size_t)ld->nhash, sizeof(int));
		for (int i = 0; i < h->nseries; i++) {
			uint64_t k = key_hash(h->series[i].queue, h->series[i].lang);
			size_t j = (size_t)(k % (uint64_t)ld->nhash);
			while (ld->hash[j])
				j = (j + 1) % (size_t)ld->nhash;
			ld->hash[j] = i + 1;
		}
	}
	size_t j = (size_t)(key_hash(q, l) % (uint64_t)ld->nhash);
	for (; ld->hash[j]; j = (j + 1) % (size_t)ld->nhash) {
		const struct sp_hseries *s = &h->series[ld->hash[j] - 1];
		if (!strcmp(s->queue, q) && !strcmp(s->lang, l))
			return ld->hash[j] - 1;
	}
	SP_GROW(h->series, h->nseries + 1, ld->capseries);
	memset(&h->series[h->nseries], 0, sizeof(h->series[0]));
	h->series[h->nseries].queue = sp_xstrdup(q);
	h->series[h->nseries].lang = sp_xstrdup(l);
	ld->hash[j] = h->nseries + 1;
	return h->nseries++;
}

/* The time of column col, converted once per distinct text: exports repeat
 * each start for every series, and zone conversions are slow. */
static sp_status get_time(struct load *ld, struct sp_csv *rd, int col, time_t *out)
{
	const char *s = sp_csv_trimmed(rd, col);
	struct sp_err e = SP_ERR_INIT;
	struct memo *m = NULL;
	size_t n = strlen(s);

	if (!*s)
		return sp_csv_fail(rd, col, "the value is empty, expected YYYY-MM-DDTHH:MM, "
				   "optionally followed by Z or +HH:MM");
	if (n < sizeof(ld->last) && !strcmp(s, ld->last)) {
		*out = ld->last_t;
		return SP_OK;
	}
	if (n < sizeof(m->text)) {
		uint64_t k = sp_hash64(s);
		for (size_t j = (size_t)(k % MEMO);; j = (j + 1) % MEMO) {
			if (!ld->memo[j].text[0]) {
				if (ld->nmemo < MEMO / 4 * 3)
					m = &ld->memo[j];
				break;
			}
			if (!strcmp(ld->memo[j].text, s)) {
				*out = ld->memo[j].t;
				goto done;
			}
		}
	}
	if (sp_time_parse(&ld->h->tz, s, out, &e) != SP_OK)
		return sp_csv_fail(rd, col, "%s", e.msg);
	if (m) {
		memcpy(m->text, s, n + 1);
		m->t = *out;
		ld->nmemo++;
	}
done:
	if (n < sizeof(ld->last)) {
		memcpy(ld->last, s, n + 1);
		ld->last_t = *out;
	}
	return SP_OK;
}

/* An optional number in [0, max] (NAN when the field is empty or
 * absent): where a real desk ends, as for forecast.csv (INPUTS.md), so
 * that sums and conversions stay exact. */
static sp_status get_opt(struct sp_csv *rd, int col, const char *what, double max, double *out)
{
	const char *s = sp_csv_trimmed(rd, col);

	*out = NAN;
	if (!s || !*s)
		return SP_OK;
	if (sp_parse_number(s, out) != SP_OK || !isfinite(*out))
		return sp_csv_fail(rd, col, "'%.60s' is not a number, expected %s", s, what);
	if (*out < 0)
		return sp_csv_fail(rd, col, "'%.60s' is negative, expected %s", s, what);
	if (*out > max)
		return sp_csv_fail(rd, col, "'%.60s' is out of range, expected %s, at most %.0f", s, what, max);
	return SP_OK;
}

/* The first record fixes the shape from the header. */
static sp_status detect_shape(struct load *ld, struct sp_csv *rd)
{
	struct sp_history *h = ld->h;
	int counts = sp_csv_has(rd, C_START), records = sp_csv_has(rd, C_ARRIVED);
	int line = sp_csv_line(rd);

	if (counts && records)
		return sp_csv_error(rd, line, "columns 'start' and 'arrived': the header names both, "
				    "expected interval counts (start,queue,language,volume[,aht]) or "
				    "contact records (arrived,queue,language[,handle_seconds]"
				    "[,waited_seconds][,abandoned]), not both");
	if (!counts && !records)
		return sp_csv_error(rd, line, "column 'start' or 'arrived': missing from the header, "
				    "expected interval counts (start,queue,language,volume[,aht]) or "
				    "contact records (arrived,queue,language[,handle_seconds]"
				    "[,waited_seconds][,abandoned])");
	if (counts && !sp_csv_has(rd, C_VOLUME))
		return sp_csv_error(rd, line, "column 'volume': missing from the header, expected "
				    "interval counts start,queue,language,volume[,aht]");
	h->shape = counts ? SP_HIST_COUNTS : SP_HIST_RECORDS;
	h->has_queue = sp_csv_has(rd, C_QUEUE);
	h->has_lang = sp_csv_has(rd, C_LANG);
	h->has_aht = counts ? sp_csv_has(rd, C_AHT) : sp_csv_has(rd, C_HANDLE);
	h->has_wait = !counts && sp_csv_has(rd, C_WAITED);
	h->has_abandon = !counts && sp_csv_has(rd, C_ABANDONED);
	return SP_OK;
}

static sp_status on_row(struct sp_csv *rd, void *ud)
{
	struct load *ld = ud;
	struct sp_history *h = ld->h;
	struct hrow r = { .line = sp_csv_line(rd), .b = NAN, .c = NAN };
	const char *q = ld->def_queue, *l = ld->def_lang;
	char tag[SP_LANG_MAX];
	double x;
	sp_status st;

	if (!h->shape && (st = detect_shape(ld, rd)) != SP_OK)
		return st;
	if ((st = get_time(ld, rd, h->shape == SP_HIST_COUNTS ? C_START : C_ARRIVED, &r.t)) != SP_OK)
		return st;
	if (h->has_queue) {
		const char *s = sp_csv_trimmed(rd, C_QUEUE);
		int k;
		if (*s)
			q = s;
		for (k = 0; k < ld->nqueues && strcmp(ld->queues[k], q); k++)
			;
		if (k == ld->nqueues) {
			char known[400];
			size_t len = 0;
			known[0] = '\0';
			for (int i = 0; i < ld->nqueues && len < sizeof(known) - 70; i++)
				len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s",
							i ? ", " : "", ld->queues[i]);
			return sp_csv_fail(rd, C_QUEUE, "queue '%.60s' is not defined in plan.ini, expected "
					   "one of %s (or add a [queue.%.60s] section)", q, known, q);
		}
	}
	if (h->has_lang) {
		l = sp_csv_trimmed(rd, C_LANG);
		if (!*l)
			return sp_csv_fail(rd, C_LANG, "the value is empty, expected a language tag such "
					   "as zh, en, ko, ja or zh-Hant");
		if (!sp_lang_tag(l, tag))
			return sp_csv_fail(rd, C_LANG, "'%.60s' is not a language tag, expected a BCP 47 "
					   "tag such as zh, en, ko, ja or zh-Hant", l);
		l = tag;
	}
	if (h->shape == SP_HIST_COUNTS) {
		if ((st = get_opt(rd, C_VOLUME, "a number of contacts >= 0", SP_MAX_VOLUME, &r.a)) != SP_OK)
			return st;
		if (isnan(r.a))
			return sp_csv_fail(rd, C_VOLUME, "the value is empty, expected a number of "
					   "contacts >= 0");
		/* ACD exports write aht 0 where no contact was handled (none came,
		 * or all abandoned): no handle time observed, as a blank */
		if ((st = get_opt(rd, C_AHT, "a handle time in seconds >= 0 (0: none handled)",
				  86400, &x)) != SP_OK)
			return st;
		r.b = x > 0 ? (float)x : NAN;
	} else {
		if ((st = get_opt(rd, C_HANDLE, "a handle time in seconds >= 0", 86400, &r.a)) != SP_OK ||
		    (st = get_opt(rd, C_WAITED, "a waiting time in seconds >= 0", 86400, &x)) != SP_OK)
			return st;
		r.b = (float)x;
		const char *s = sp_csv_trimmed(rd, C_ABANDONED);
		if (s && *s) {
			if (strcmp(s, "0") && strcmp(s, "1"))
				return sp_csv_fail(rd, C_ABANDONED, "'%.60s' is not 0 or 1, expected 1 for "
						   "a contact that abandoned, 0 otherwise", s);
			r.c = (float)(s[0] - '0');
		}
	}
	r.series = series_of(ld, q, l);
	if (ld->n == ld->cap) {
		ld->cap = ld->cap ? ld->cap * 2 : 4096;
		ld->rows = sp_xrealloc(ld->rows, (size_t)ld->cap * sizeof(*ld->rows));
	}
	ld->rows[ld->n++] = r;
	return SP_OK;
}

/* ---- calendar --------------------------------------------------------- */

static long local_daynum(const struct sp_tz *tz, time_t t)
{
	struct sp_local l;

	sp_tz_local(tz, t, &l);
	return sp_days_from_civil(l.year, l.month, l.day);
}

/* Fills days from .. to - 1 (day_start[from] set; sets day_start[to]). */
static void calendar_days(struct sp_history *h, int from, int to)
{
	int T = h->nslots, step = h->interval_min * 60;

	for (int d = from; d < to; d++) {
		struct sp_local l;
		time_t t0 = h->day_start[d], t1 = sp_tz_add_days(&h->tz, t0, 1);
		int n = (int)((t1 - t0) / step);

		h->day_start[d + 1] = t1;
		sp_tz_local(&h->tz, t0, &l);
		h->day[d] = (struct fc_day){ l.wday, l.year, l.month, l.day };
		h->iv_first[d + 1] = h->iv_first[d] + n;
		SP_ASSERT(h->iv_first[d + 1] <= h->iv_cap);
		memset(h->mult + (size_t)d * (size_t)T, 0, (size_t)T);
		for (int k = 0; k < n; k++) {
			int s = k;
			if (t1 - t0 != 86400) {
				/* a DST day: the slot is the local time of day */
				sp_tz_local(&h->tz, t0 + (time_t)k * step, &l);
				s = (l.hour * 60 + l.min) / h->interval_min;
				if (s >= T)
					s = T - 1;
			}
			h->iv_slot[h->iv_first[d] + k] = (short)s;
			h->mult[(size_t)d * (size_t)T + (size_t)s]++;
		}
	}
}

void sp_history_extend(struct sp_history *h, int ndays)
{
	if (ndays <= h->ndays)
		return;
	h->day_start = sp_xrealloc(h->day_start, (size_t)(ndays + 1) * sizeof(time_t));
	h->day = sp_xrealloc(h->day, (size_t)ndays * sizeof(struct fc_day));
	h->mult = sp_xrealloc(h->mult, (size_t)ndays * (size_t)h->nslots);
	h->iv_first = sp_xrealloc(h->iv_first, (size_t)(ndays + 1) * sizeof(int));
	/* at most 25 hours a day: one allocation, not one per day (which
	 * copied the whole array each time) */
	int most = h->iv_first[h->ndays] + (ndays - h->ndays) * (25 * 60 / h->interval_min + 1);
	if (most > h->iv_cap) {
		h->iv_slot = sp_xrealloc(h->iv_slot, (size_t)most * sizeof(short));
		h->iv_cap = most;
	}
	calendar_days(h, h->ndays, ndays);
	h->ndays = ndays;
}

struct fc_cal sp_history_cal(const struct sp_history *h)
{
	return (struct fc_cal){ h->ndays, h->nslots, h->day, h->mult };
}

int sp_history_find(const struct sp_history *h, const char *queue, const char *lang)
{
	for (int i = 0; i < h->nseries; i++)
		if (!strcmp(h->series[i].queue, queue) && !strcmp(h->series[i].lang, lang))
			return i;
	return -1;
}

/* Day of t by bisection over the history's day starts. */
static int day_index(const struct sp_history *h, time_t t)
{
	int lo = 0, hi = h->nhist - 1;

	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (h->day_start[mid] <= t)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* ---- checks of interval counts ---------------------------------------- */

#define DAY_WORDS 24 /* 1536 bits: the minutes of a 25-hour day */

static const struct hrow *row_at(const struct load *ld, int series, time_t t, int before)
{
	for (long long i = 0; i < ld->n; i++)
		if (ld->rows[i].series == series && ld->rows[i].t == t && ld->rows[i].line < before)
			return &ld->rows[i];
	return NULL;
}

static const struct hrow *row_on_day(const struct load *ld, int series, int d)
{
	for (long long i = 0; i < ld->n; i++)
		if (ld->rows[i].series == series && day_index(ld->h, ld->rows[i].t) == d)
			return &ld->rows[i];
	return NULL;
}

/* Duplicates, the file's own interval length, rows off its grid and days
 * at another length; sets h->source_min. */
static sp_status check_counts(struct load *ld, const char *file, struct sp_err *err)
{
	struct sp_history *h = ld->h;
	size_t ncell = (size_t)h->nseries * (size_t)h->nhist;
	uint64_t *bits = sp_xcalloc(ncell * DAY_WORDS, sizeof(uint64_t));
	long long *gaps = sp_xcalloc(1537, sizeof(long long));
	sp_status st = SP_OK;
	char when[32];
	int g = 0;

	for (long long i = 0; i < ld->n; i++) {
		const struct hrow *r = &ld->rows[i];
		int d = day_index(h, r->t);
		long off = (long)(r->t - h->day_start[d]);
		if (off % 60) {
			sp_time_format(&h->tz, r->t, when);
			st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: column 'start': %s is not on a whole "
					"minute, expected interval starts on the grid of the history", file,
					r->line, when);
			goto done;
		}
		off /= 60;
		uint64_t *w = bits + ((size_t)r->series * (size_t)h->nhist + (size_t)d) * DAY_WORDS;
		if (w[off / 64] >> (off % 64) & 1) {
			const struct hrow *o = row_at(ld, r->series, r->t, r->line);
			sp_time_format(&h->tz, r->t, when);
			/* rows are kept in file order: o is the earlier line */
			st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: columns 'start', 'queue', 'language': "
					"a second row for %s, queue '%s', language '%s' (the first is on "
					"line %d), expected one row per interval, queue and language "
					"(interval counts are not summed: a repeated row is most likely an "
					"export error)", file, r->line, when, h->series[r->series].queue,
					h->series[r->series].lang, o ? o->line : 0);
			goto done;
		}
		w[off / 64] |= (uint64_t)1 << (off % 64);
	}
	/* the most common spacing of consecutive rows of a series on a day */
	for (size_t c = 0; c < ncell; c++) {
		const uint64_t *w = bits + c * DAY_WORDS;
		int prev = -1;
		for (int k = 0; k < DAY_WORDS; k++)
			for (uint64_t x = w[k]; x; x &= x - 1) {
				int m = k * 64 + __builtin_ctzll(x);
				if (prev >= 0)
					gaps[m - prev]++;
				prev = m;
			}
	}
	for (int k = 1; k <= 1536; k++)
		if (gaps[k] > (g ? gaps[g] : 0))
			g = k;
	if (!g) /* no day has two rows: daily totals at most */
		g = 1440;
	for (long long i = 0; i < ld->n; i++) {
		const struct hrow *r = &ld->rows[i];
		if ((r->t - h->day_start[day_index(h, r->t)]) / 60 % g) {
			sp_time_format(&h->tz, r->t, when);
			st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: column 'start': %s is not on the "
					"%d-minute grid of the history (its rows are %d minutes apart), "
					"expected a start at a multiple of %d minutes after local midnight "
					"and one interval length in the whole file", file, r->line, when, g,
					g, g);
			goto done;
		}
	}
	if (h->interval_min % g) {
		st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: column 'start': the history's rows are %d "
				"minutes apart, which does not divide the plan's %d-minute intervals "
				"(site.interval_minutes), expected a history at %d minutes or at a length "
				"that divides it", file, ld->rows[0].line, g, h->interval_min,
				h->interval_min);
		goto done;
	}
	/* a day whose rows run at a multiple of the length, eight or more in
	 * a row without a row between: a part of the file at another length */
	for (size_t c = 0; c < ncell; c++) {
		const uint64_t *w = bits + c * DAY_WORDS;
		int prev = -1, step = 0, run = 0, worst = 0, least = 1 << 30;
		for (int k = 0; k < DAY_WORDS; k++)
			for (uint64_t x = w[k]; x; x &= x - 1) {
				int m = k * 64 + __builtin_ctzll(x);
				if (prev >= 0) {
					int s = m - prev;
					least = s < least ? s : least;
					run = s == step ? run + 1 : 1;
					step = s;
					if (run >= 7 && s >= 2 * g)
						worst = s;
				}
				prev = m;
			}
		if (worst && least >= worst) {
			int series = (int)(c / (size_t)h->nhist), d = (int)(c % (size_t)h->nhist);
			const struct hrow *r = row_on_day(ld, series, d);
			char day[16];
			sp_date_format(&h->tz, h->day_start[d], day);
			st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: column 'start': the rows of %s for queue "
					"'%s', language '%s' are %d minutes apart, but the history's rows "
					"are %d minutes apart elsewhere: mixed interval lengths, expected "
					"one interval length in the whole file", file, r ? r->line : 0, day,
					h->series[series].queue, h->series[series].lang, worst, g);
			goto done;
		}
	}
	h->source_min = g;
done:
	free(bits);
	free(gaps);
	return st;
}

/* ---- binning ----------------------------------------------------------- */

static void bin_rows(struct load *ld)
{
	struct sp_history *h = ld->h;
	int T = h->nslots, step = h->interval_min * 60;
	size_t n = (size_t)h->nhist * (size_t)T;
	char *has = sp_xcalloc((size_t)h->nhist, 1);

	for (long long i = 0; i < ld->n; i++)
		has[day_index(h, ld->rows[i].t)] = 1;
	for (int i = 0; i < h->nseries; i++) {
		struct sp_hseries *s = &h->series[i];
		s->vol = sp_xcalloc(n, sizeof(double));
		if (h->has_aht) {
			s->hsum = sp_xcalloc(n, sizeof(double));
			s->hcnt = sp_xcalloc(n, sizeof(double));
		}
		for (size_t c = 0; c < n; c++)
			if (!h->mult[c]) /* the spring DST gap: no such time */
				s->vol[c] = NAN;
		for (int d = 0; d < h->nhist; d++)
			for (int k = h->iv_first[d]; k < h->iv_first[d + 1]; k++) {
				time_t t = h->day_start[d] + (time_t)(k - h->iv_first[d]) * step;
				/* before the history's first interval or after its last: unknown */
				if (!has[d] || t + step <= h->first || t >= h->end)
					s->vol[(size_t)d * (size_t)T + (size_t)h->iv_slot[k]] = NAN;
			}
	}
	for (long long i = 0; i < ld->n; i++) {
		const struct hrow *r = &ld->rows[i];
		struct sp_hseries *s = &h->series[r->series];
		int d = day_index(h, r->t);
		int k = h->iv_first[d] + (int)((r->t - h->day_start[d]) / step);
		if (k >= h->iv_first[d + 1]) /* a day that is not whole intervals long */
			k = h->iv_first[d + 1] - 1;
		size_t c = (size_t)d * (size_t)T + (size_t)h->iv_slot[k];
		if (h->shape == SP_HIST_COUNTS) {
			s->vol[c] += r->a;
			s->contacts += (long long)(r->a + 0.5);
			if (h->has_aht && !isnan(r->b) && r->a > 0) {
				s->hsum[c] += r->b * r->a;
				s->hcnt[c] += r->a;
				s->handle_sum += r->b * r->a;
				s->handled += r->a;
			}
		} else {
			s->vol[c] += 1;
			s->contacts++;
			if (h->has_aht && r->a > 0) {
				s->hsum[c] += r->a;
				s->hcnt[c] += 1;
				s->handle_sum += r->a;
				s->handled += 1;
			}
			if (!isnan(r->b))
				s->waited_sum += r->b;
			if (r->c == 1)
				s->abandoned++;
		}
	}
	/* a slot that occurs twice (autumn DST) holds the mean of the two */
	for (size_t c = 0; c < n; c++)
		if (h->mult[c] == 2)
			for (int i = 0; i < h->nseries; i++)
				h->series[i].vol[c] /= 2;
	free(has);
}

/* ---- load --------------------------------------------------------------- */

/* Series in (queue, language) order, whatever the order of the rows. */
static void sort_series(struct load *ld)
{
	struct sp_history *h = ld->h;
	int n = h->nseries, *ord = sp_xcalloc((size_t)n, sizeof(int)), *to = sp_xcalloc((size_t)n, sizeof(int));
	struct sp_hseries *sorted = sp_xcalloc((size_t)n, sizeof(*sorted));

	/* insertion sort of indices: a history has tens of series, not thousands */
	for (int i = 0; i < n; i++) {
		int k = i;
		for (; k > 0; k--) {
			const struct sp_hseries *a = &h->series[ord[k - 1]], *b = &h->series[i];
			int c = strcmp(a->queue, b->queue);
			if ((c ? c : strcmp(a->lang, b->lang)) <= 0)
				break;
			ord[k] = ord[k - 1];
		}
		ord[k] = i;
	}
	for (int i = 0; i < n; i++) {
		sorted[i] = h->series[ord[i]];
		to[ord[i]] = i;
	}
	memcpy(h->series, sorted, (size_t)n * sizeof(*sorted));
	for (long long i = 0; i < ld->n; i++)
		ld->rows[i].series = to[ld->rows[i].series];
	free(ord);
	free(to);
	free(sorted);
}

sp_status sp_history_load(struct sp_history *h, const char *text, const char *file,
			  const struct sp_tz *tz, int interval_min, const char *const *queues,
			  int nqueues, const char *def_queue, const char *def_lang, FILE *warn,
			  struct sp_err *err)
{
	struct load ld;
	sp_status st;
	time_t tmin = 0, tmax = 0;

	memset(h, 0, sizeof(*h));
	memset(&ld, 0, sizeof(ld));
	SP_ASSERT(interval_min > 0 && 1440 % interval_min == 0);
	h->tz = *tz;
	h->interval_min = interval_min;
	h->nslots = 1440 / interval_min;
	ld.h = h;
	ld.queues = queues;
	ld.nqueues = nqueues;
	ld.def_queue = def_queue;
	ld.def_lang = def_lang;
	ld.memo = sp_xcalloc(MEMO, sizeof(*ld.memo));
	st = sp_csv_parse(text, file, cols, NCOLS, on_row, &ld, warn, err);
	if (st != SP_OK)
		goto fail;
	if (!ld.n) {
		st = sp_err_set(err, SP_ERR_INPUT, "%s: no rows, expected a history of at least one "
				"week: interval counts (start,queue,language,volume[,aht]) or contact "
				"records (arrived,queue,language[,handle_seconds][,waited_seconds]"
				"[,abandoned])", file);
		goto fail;
	}
	sort_series(&ld);
	h->rows = ld.n;
	tmin = tmax = ld.rows[0].t;
	for (long long i = 1; i < ld.n; i++) {
		if (ld.rows[i].t < tmin)
			tmin = ld.rows[i].t;
		if (ld.rows[i].t > tmax)
			tmax = ld.rows[i].t;
	}
	/* the calendar of the local days from the first row to the last */
	long first = local_daynum(tz, tmin), last = local_daynum(tz, tmax);
	if (last - first + 1 > SP_HIST_MAX_DAYS) {
		char a[16], b[16];
		sp_date_print(first, a);
		sp_date_print(last, b);
		st = sp_err_set(err, SP_ERR_INPUT, "%s: the history spans %ld days (%s to %s), expected at "
				"most %d (ten years: a forecast learns from the last few; a date in "
				"another century is a typo)", file, last - first + 1, a, b, SP_HIST_MAX_DAYS);
		goto fail;
	}
	if (last - first + 1 < 7) {
		char a[16], b[16];
		sp_date_print(first, a);
		sp_date_print(last, b);
		st = sp_err_set(err, SP_ERR_INPUT, "%s: the history covers %ld day%s (%s to %s), "
				"expected at least one week (7 days) of history to forecast from, "
				"and 8 weeks or more for a backtest of the methods", file,
				last - first + 1, last == first ? "" : "s", a, b);
		goto fail;
	}
	h->day_start = sp_xcalloc(1, sizeof(time_t));
	h->iv_first = sp_xcalloc(1, sizeof(int));
	h->day_start[0] = sp_tz_day_start(tz, tmin);
	sp_history_extend(h, (int)(last - first + 1));
	h->nhist = h->ndays;
	if (h->shape == SP_HIST_COUNTS && (st = check_counts(&ld, file, err)) != SP_OK)
		goto fail;
	{
		/* the covered span, on the plan's grid */
		int step = interval_min * 60, d0 = day_index(h, tmin), d1 = day_index(h, tmax);
		h->first = h->day_start[d0] + (tmin - h->day_start[d0]) / step * step;
		h->end = h->day_start[d1] + ((tmax - h->day_start[d1]) / step + 1) * step;
		if (h->end > h->day_start[d1 + 1])
			h->end = h->day_start[d1 + 1];
	}
	bin_rows(&ld);
	free(ld.rows);
	free(ld.hash);
	free(ld.memo);
	return SP_OK;
fail:
	free(ld.rows);
	free(ld.hash);
	free(ld.memo);
	sp_history_release(h);
	return st;
}

void sp_history_release(struct sp_history *h)
{
	if (!h)
		return;
	for (int i = 0; i < h->nseries; i++) {
		free(h->series[i].queue);
		free(h->series[i].lang);
		free(h->series[i].vol);
		free(h->series[i].hsum);
		free(h->series[i].hcnt);
	}
	free(h->series);
	free(h->day_start);
	free(h->day);
	free(h->mult);
	free(h->iv_first);
	free(h->iv_slot);
	memset(h, 0, sizeof(*h));
}
