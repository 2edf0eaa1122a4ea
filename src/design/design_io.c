/* design_io.c - shift design inputs and outputs: requirements.csv, shift
 * types, designed shifts (for plan --shifts), and the json/csv/table writers
 *
 * CSV goes through the one reader (csv.h): columns matched by name, and
 * messages "FILE:LINE: column 'x': what is wrong, what was expected".
 */
#include "staffplan/design.h"
#include "staffplan/csv.h"
#include "staffplan/date.h"
#include "staffplan/text.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const day_names[DESIGN_DAYS] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

/* A whole number in [lo, hi], blanks around it allowed. */
static int parse_long_str(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	while (*s == ' ')
		s++;
	errno = 0;
	v = strtol(s, &end, 10);
	while (*end == ' ')
		end++;
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* "HH:MM" (00:00..23:59) -> minutes after midnight. */
static int parse_clock(const char *s, int *out)
{
	int h, m, n = 0;

	while (*s == ' ')
		s++;
	if (sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || n < 4)
		return -1;
	s += n;
	while (*s == ' ')
		s++;
	if (*s || h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	*out = h * 60 + m;
	return 0;
}

/* ------------------------------------------------------ requirements.csv */

enum { RQ_START, RQ_REQUIRED, RQ_QUEUE, RQ_LANGUAGE, RQ_NCOLS };

/* One row: its local day and minute, its UTC offset (INT32_MIN if none). */
struct req_entry {
	long day;
	int minute, offset, line;
	double sum;
};

struct req_load {
	const struct design_req_opts *o;
	struct req_entry *e;
	int ne, cape;
	int grid, grid_line, grid_minute;  /* finest grid so far, where it shrank */
	char lang[SP_LANG_MAX];            /* o->language in canonical case, or "" */
};

static int req_entry_cmp(const void *a, const void *b)
{
	const struct req_entry *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->minute != y->minute)
		return x->minute < y->minute ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static sp_status req_row(struct sp_csv *rd, void *ud)
{
	struct req_load *L = ud;
	const struct design_req_opts *o = L->o;
	struct req_entry x;
	struct sp_iso t;
	const char *v;
	char *end;
	int rc;

	if (o->queue && strcmp(sp_csv_trimmed(rd, RQ_QUEUE), o->queue))
		return SP_OK;
	if (o->language) {
		/* tags in any case are one language (text.h) */
		char a[SP_LANG_MAX];
		const char *l = sp_csv_trimmed(rd, RQ_LANGUAGE);
		if (*L->lang && sp_lang_tag(l, a) ? strcmp(a, L->lang) : strcmp(l, o->language))
			return SP_OK;
	}
	v = sp_csv_trimmed(rd, RQ_START);
	rc = sp_iso_parse(v, &t);
	if (rc == SP_ISO_RANGE)
		return sp_csv_fail(rd, RQ_START, "'%s' is no such date or time, expected a real "
				   "local time YYYY-MM-DDTHH:MM", v);
	if (rc != SP_ISO_OK)
		return sp_csv_fail(rd, RQ_START, "'%s' is not an ISO 8601 time, expected "
				   "YYYY-MM-DDTHH:MM[+HH:MM]", v);
	if (t.sec != 0)
		return sp_csv_fail(rd, RQ_START, "'%s' has seconds, expected an interval start "
				   "on a whole minute", v);
	x.day = t.days;
	x.minute = t.hour * 60 + t.min;
	x.offset = t.has_offset ? t.offset_min : INT32_MIN;
	v = sp_csv_trimmed(rd, RQ_REQUIRED);
	errno = 0;
	x.sum = strtod(v, &end);
	if (errno || end == v || *end || !(x.sum >= 0) || x.sum > 1e7)
		return sp_csv_fail(rd, RQ_REQUIRED, "'%s' is not a number of agents, expected "
				   "a number from 0 to 10000000", v);
	x.line = sp_csv_line(rd);
	if (sp_gcd(L->grid, x.minute % 60) != L->grid) {
		L->grid = sp_gcd(L->grid, x.minute % 60);
		L->grid_line = x.line;
		L->grid_minute = x.minute;
	}
	SP_GROW(L->e, L->ne + 1, L->cape);
	L->e[L->ne++] = x;
	return SP_OK;
}

/* The horizon and requirement of the rows read (L->e sorted). */
static void req_fill(struct design_problem *p, const struct req_load *L, int slot)
{
	const struct req_entry *e = L->e;
	int ne = L->ne, spd = 1440 / slot;
	long dmin = e[0].day, dmax = e[ne - 1].day;

	p->first_weekday = sp_weekday(dmin);
	design_problem_set_horizon(p, slot, (int)(dmax - dmin + 1), dmax - dmin + 1 == DESIGN_DAYS);
	/* sum per instant, ceil, the larger of two instants on one local time */
	for (int i = 0; i < ne;) {
		int j = i, need;
		double sum = 0;
		while (j < ne && e[j].day == e[i].day && e[j].minute == e[i].minute &&
		       e[j].offset == e[i].offset)
			sum += e[j++].sum;
		need = (int)ceil(sum - 1e-9);
		for (int k = 0; k < L->grid / slot; k++) {
			int t = (int)(e[i].day - dmin) * spd + e[i].minute / slot + k;
			if (need > p->req[t])
				p->req[t] = need;
		}
		i = j;
	}
}

sp_status design_load_requirements(struct design_problem *p, const char *text,
				   const char *file, const struct design_req_opts *o,
				   struct sp_err *err)
{
	static const struct design_req_opts none = { NULL, NULL, 0 };
	struct sp_csv_col cols[RQ_NCOLS] = {
		{ "start", 1 }, { "required", 1 }, { "queue", 0 }, { "language", 0 },
	};
	struct req_load L;
	sp_status st;
	int slot;

	if (!o)
		o = &none;
	/* filtering on a column makes it required */
	cols[RQ_QUEUE].required = o->queue != NULL;
	cols[RQ_LANGUAGE].required = o->language != NULL;
	memset(&L, 0, sizeof(L));
	L.o = o;
	L.grid = 60;
	if (o->language)
		sp_lang_tag(o->language, L.lang); /* "" when it is no tag */
	st = sp_csv_parse(text, file, cols, RQ_NCOLS, req_row, &L, NULL, err);
	if (st != SP_OK)
		goto out;
	if (!L.ne) {
		st = sp_err_set(err, SP_ERR_INPUT, "%s: no requirement rows%s%s%s%s", file,
				o->queue ? " for queue " : "", o->queue ? o->queue : "",
				o->language ? " for language " : "", o->language ? o->language : "");
		goto out;
	}
	if (L.grid != 15 && L.grid != 30 && L.grid != 60) {
		st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: column 'start': a start at minute %02d "
				"is not on a 15, 30 or 60-minute grid, expected starts at :00, :15, "
				":30 or :45", file, L.grid_line, L.grid_minute % 60);
		goto out;
	}
	slot = o->slot ? o->slot : L.grid;
	if (slot > L.grid || L.grid % slot) {
		st = sp_err_set(err, SP_ERR_INPUT, "%s: slots of %d minutes do not divide the "
				"data's %d-minute intervals", file, slot, L.grid);
		goto out;
	}
	qsort(L.e, (size_t)L.ne, sizeof(*L.e), req_entry_cmp);
	for (int i = 0; i < L.ne; i++)
		if (L.e[i].day - L.e[0].day >= DESIGN_DAYS) {
			char first[16], day[16];
			sp_date_print(L.e[0].day, first);
			sp_date_print(L.e[i].day, day);
			st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: column 'start': %s is more than "
					"one week after the first day %s, expected at most 7 days "
					"(shift design works on one week)", file, L.e[i].line, day,
					first);
			goto out;
		}
	req_fill(p, &L, slot);
out:
	free(L.e);
	return st;
}

/* ------------------------------------------------------------ shift types */

static int day_index(const char *s, size_t n)
{
	for (int d = 0; d < DESIGN_DAYS; d++)
		if (n == 3 && !strncasecmp(s, day_names[d], 3))
			return d;
	return -1;
}

/* "*", "mon-fri", "mon,wed,sat", "sat-mon" or a 0/1 mask Monday first. */
static int parse_days(const char *s, unsigned *out)
{
	unsigned mask = 0;

	while (*s == ' ')
		s++;
	if (!strcmp(s, "*") || !*s) {
		*out = DESIGN_ALL_DAYS;
		return 0;
	}
	if (strlen(s) == 7 && strspn(s, "01") == 7) {
		for (int d = 0; d < DESIGN_DAYS; d++)
			if (s[d] == '1')
				mask |= 1u << d;
		*out = mask;
		return mask ? 0 : -1;
	}
	while (*s) {
		const char *e = s;
		int a, b;
		while (*e && *e != ',')
			e++;
		if (e - s == 7 && s[3] == '-') {
			a = day_index(s, 3);
			b = day_index(s + 4, 3);
		} else {
			a = b = day_index(s, (size_t)(e - s));
		}
		if (a < 0 || b < 0)
			return -1;
		for (int d = a;; d = (d + 1) % DESIGN_DAYS) {
			mask |= 1u << d;
			if (d == b)
				break;
		}
		s = *e ? e + 1 : e;
	}
	*out = mask;
	return mask ? 0 : -1;
}

/* Minutes: "480", "8h", "7.5h". */
static int parse_minutes(const char *s, size_t n, int *out)
{
	char tmp[32], *end;
	double v;

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	errno = 0;
	v = strtod(tmp, &end);
	if (*end == 'h' && end[1] == '\0')
		v *= 60;
	else if (*end)
		return -1;
	if (errno || !(v > 0) || v > DESIGN_DAYS * 1440 || fabs(v - floor(v + 0.5)) > 1e-9)
		return -1;
	*out = (int)floor(v + 0.5);
	return 0;
}

/* The start window "HH:MM-HH:MM" or "HH:MM" of n bytes at s. */
static int parse_window(const char *s, size_t n, struct design_template *t)
{
	const char *dash = memchr(s, '-', n);
	char a[16], b[16];
	size_t na = dash ? (size_t)(dash - s) : n, nb = dash ? n - na - 1 : n;
	int lo, hi;

	if (na >= sizeof(a) || nb >= sizeof(b))
		return -1;
	memcpy(a, s, na);
	a[na] = '\0';
	memcpy(b, dash ? dash + 1 : s, nb);
	b[nb] = '\0';
	if (parse_clock(a, &lo) || parse_clock(b, &hi))
		return -1;
	t->start_lo = lo;
	t->start_hi = hi >= lo ? hi : hi + 1440;
	return 0;
}

/* The length window "MIN-MAX" or "MIN" of n bytes at s. */
static int parse_lengths(const char *s, size_t n, struct design_template *t)
{
	const char *dash = memchr(s, '-', n);

	if (dash) {
		if (parse_minutes(s, (size_t)(dash - s), &t->len_lo) ||
		    parse_minutes(dash + 1, n - (size_t)(dash - s) - 1, &t->len_hi))
			return -1;
	} else {
		if (parse_minutes(s, n, &t->len_lo))
			return -1;
		t->len_hi = t->len_lo;
	}
	return t->len_hi < t->len_lo ? -1 : 0;
}

sp_status design_parse_shift_type(const char *spec, struct design_template *t,
				  struct sp_err *err)
{
	const char *eq = strchr(spec, '='), *c1, *c2, *what;
	size_t lens_n;

	memset(t, 0, sizeof(*t));
	what = "no NAME= before the start window";
	if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof(t->name))
		goto bad;
	memcpy(t->name, spec, (size_t)(eq - spec));
	what = "no ',' after the start window";
	c1 = strchr(eq + 1, ',');
	if (!c1)
		goto bad;
	c2 = strchr(c1 + 1, ',');
	what = "the start window is not HH:MM or HH:MM-HH:MM (00:00 to 23:59)";
	if (parse_window(eq + 1, (size_t)(c1 - eq - 1), t))
		goto bad;
	what = "the lengths are not MIN or MIN-MAX minutes > 0 ('480', '420-540', '8h')";
	lens_n = c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1);
	if (parse_lengths(c1 + 1, lens_n, t))
		goto bad;
	what = "the days are not '*', mon..sun, a range 'mon-fri' or a 0/1 mask";
	if (parse_days(c2 ? c2 + 1 : "*", &t->days))
		goto bad;
	return SP_OK;
bad:
	return sp_err_set(err, SP_ERR_INPUT,
			  "bad shift type '%s': %s; expected NAME=HH:MM-HH:MM,MIN-MAX[,DAYS] "
			  "(e.g. 'early=05:00-08:00,420-540,mon-fri')", spec, what);
}

sp_status design_load_shift_types(struct design_problem *p, const char *text,
				  const char *file, struct sp_err *err)
{
	int lineno = 0;
	const char *s = text;

	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char line[512];
		struct design_template t;
		size_t a = 0;

		lineno++;
		while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		while (a < n && (s[a] == ' ' || s[a] == '\t'))
			a++;
		if (a < n && s[a] != '#') {
			if (n - a >= sizeof(line))
				return sp_err_set(err, SP_ERR_INPUT, "%s:%d: line of %zu bytes, expected "
						  "a shift type of at most %zu", file, lineno, n - a,
						  sizeof(line) - 1);
			memcpy(line, s + a, n - a);
			line[n - a] = '\0';
			if (design_parse_shift_type(line, &t, err) != SP_OK)
				return sp_err_prefix(err, "%s:%d", file, lineno);
			design_problem_add_template(p, &t);
		}
		s = e ? e + 1 : s + strlen(s);
	}
	return SP_OK;
}

/* ---------------------------------------------------------- shifts (plan) */

enum { SH_START, SH_LENGTH, SH_DAY0, SH_NCOLS = SH_DAY0 + DESIGN_DAYS };

struct shifts_load {
	struct design_shift *v;
	int nv, capv;
};

static sp_status shifts_row(struct sp_csv *rd, void *ud)
{
	struct shifts_load *L = ud;
	struct design_shift f;
	const char *v;
	long l;

	memset(&f, 0, sizeof(f));
	v = sp_csv_trimmed(rd, SH_START);
	if (parse_clock(v, &f.start))
		return sp_csv_fail(rd, SH_START, "'%s' is not a time of day, expected HH:MM "
				   "(00:00 to 23:59)", v);
	v = sp_csv_trimmed(rd, SH_LENGTH);
	if (parse_long_str(v, 1, DESIGN_DAYS * 1440, &l))
		return sp_csv_fail(rd, SH_LENGTH, "'%s' is not a length, expected a whole "
				   "number of minutes from 1 to 10080", v);
	f.length = (int)l;
	for (int d = 0; d < DESIGN_DAYS; d++) {
		long w;
		v = sp_csv_trimmed(rd, SH_DAY0 + d);
		if (parse_long_str(v, 0, 1000000, &w))
			return sp_csv_fail(rd, SH_DAY0 + d, "'%s' is not a number of workers, "
					   "expected a whole number >= 0", v);
		f.workers[d] = (int)w;
	}
	SP_GROW(L->v, L->nv + 1, L->capv);
	L->v[L->nv++] = f;
	return SP_OK;
}

sp_status design_load_shifts(const char *text, const char *file,
			     struct design_shift **out, int *n, struct sp_err *err)
{
	static const struct sp_csv_col cols[SH_NCOLS] = {
		{ "start", 1 }, { "length_minutes", 1 }, { "mon", 1 }, { "tue", 1 },
		{ "wed", 1 }, { "thu", 1 }, { "fri", 1 }, { "sat", 1 }, { "sun", 1 },
	};
	struct shifts_load L = { NULL, 0, 0 };
	sp_status st;

	*out = NULL;
	*n = 0;
	st = sp_csv_parse(text, file, cols, SH_NCOLS, shifts_row, &L, NULL, err);
	if (st != SP_OK) {
		free(L.v);
		return st;
	}
	*out = L.v;
	*n = L.nv;
	return SP_OK;
}

/* ----------------------------------------------------------------- output */

static void put_num(struct buf *b, double v)
{
	if (!isfinite(v))
		buf_puts(b, "null");
	else if (fabs(v - floor(v + 0.5)) < 1e-9 && fabs(v) < 1e15)
		buf_printf(b, "%.0f", v);
	else
		buf_printf(b, "%.10g", v);
}

void design_write_json(const struct design_result *r, struct buf *out)
{
	buf_puts(out, "{\"objective\": ");
	put_num(out, r->objective);
	buf_printf(out, ", \"shortage_minutes\": %ld, \"excess_minutes\": %ld, "
		   "\"shifts_used\": %d, \"lower_bound\": ", r->shortage, r->excess,
		   r->shifts_used);
	put_num(out, r->lower_bound);
	buf_printf(out, ", \"seconds\": %.3f, \"shifts\": [", r->seconds);
	for (int i = 0; i < r->nshifts; i++) {
		const struct design_shift *f = &r->shifts[i];
		buf_printf(out, "%s\n  {\"start\": \"%02d:%02d\", \"length_minutes\": %d, "
			   "\"workers\": [", i ? "," : "", f->start / 60, f->start % 60, f->length);
		for (int d = 0; d < DESIGN_DAYS; d++)
			buf_printf(out, "%s%d", d ? ", " : "", f->workers[d]);
		buf_puts(out, "]}");
	}
	buf_puts(out, r->nshifts ? "\n]}\n" : "]}\n");
}

void design_write_csv(const struct design_result *r, struct buf *out)
{
	buf_puts(out, "start,length_minutes");
	for (int d = 0; d < DESIGN_DAYS; d++)
		buf_printf(out, ",%s", day_names[d]);
	buf_putc(out, '\n');
	for (int i = 0; i < r->nshifts; i++) {
		const struct design_shift *f = &r->shifts[i];
		buf_printf(out, "%02d:%02d,%d", f->start / 60, f->start % 60, f->length);
		for (int d = 0; d < DESIGN_DAYS; d++)
			buf_printf(out, ",%d", f->workers[d]);
		buf_putc(out, '\n');
	}
}

void design_write_table(const struct design_problem *p, const struct design_result *r,
			struct buf *out)
{
	int tot[DESIGN_DAYS] = { 0 };

	buf_printf(out, "%-6s %-8s %-6s", "start", "end", "length");
	for (int d = 0; d < DESIGN_DAYS; d++)
		buf_printf(out, " %4.3s", &"MonTueWedThuFriSatSun"[3 * d]);
	buf_putc(out, '\n');
	for (int i = 0; i < r->nshifts; i++) {
		const struct design_shift *f = &r->shifts[i];
		int end = f->start + f->length, days = end / 1440;
		char ends[16];
		snprintf(ends, sizeof(ends), "%02d:%02d%s", end % 1440 / 60, end % 60,
			 days == 0 ? "" : days == 1 ? "+1" : "+n");
		buf_printf(out, "%02d:%02d  %-8s %2dh%02d ", f->start / 60, f->start % 60, ends,
			   f->length / 60, f->length % 60);
		for (int d = 0; d < DESIGN_DAYS; d++) {
			buf_printf(out, " %4d", f->workers[d]);
			tot[d] += f->workers[d];
		}
		buf_putc(out, '\n');
	}
	buf_printf(out, "%-22s", "workers");
	for (int d = 0; d < DESIGN_DAYS; d++)
		buf_printf(out, " %4d", tot[d]);
	buf_putc(out, '\n');
	buf_puts(out, "\nobjective ");
	put_num(out, r->objective);
	buf_puts(out, " = ");
	put_num(out, p->w_short);
	buf_printf(out, " x %ld min short + ", r->shortage);
	put_num(out, p->w_over);
	buf_printf(out, " x %ld min over + ", r->excess);
	put_num(out, p->w_shifts);
	buf_printf(out, " x %d shifts\nlower bound ", r->shifts_used);
	put_num(out, r->lower_bound);
	buf_printf(out, " (%s), %.2f s, %d-minute slots, %s %d-day horizon\n",
		   r->status ? r->status : "-", r->seconds, p->slot,
		   p->cyclic ? "cyclic" : "non-cyclic", p->ndays);
}
