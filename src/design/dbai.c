/* dbai.c - reader for the DBAI "Rota" minimum shift design instances
 *
 * The format (TU Wien DBAI benchmark, DataSet1-4) is line-oriented: a line
 * starting with '#' is a label, the value is on the following non-empty
 * line(s).  Text is ISO-8859-1; only shift names use non-ASCII bytes and they
 * are converted to UTF-8.  The reader takes the instance only: the duty
 * limits, #DutiesPerWeek, the fitness and the embedded solution are skipped
 * (the solution lines are '#' lines, so they are never values).
 */
#include "staffplan/design.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum dbai_label {
	L_NONE,         /* before the first label, or an ignored one */
	L_INTERVAL,
	L_DAYS,
	L_CYCLIC,
	L_REQ,
	L_NTPL,
	L_TPL,
	L_W_UNDER,
	L_W_OVER,
	L_W_DUTIES,     /* read, ignored (not part of the MSD objective) */
	L_W_SHIFTS,
	L_IGNORE,       /* a label whose values are skipped */
	L_NLABELS
};

static const struct {
	const char *prefix;      /* after '#' and blanks, case-insensitive */
	enum dbai_label label;
	const char *display;     /* for messages */
} dbai_labels[] = {
	{ "minuteinterval", L_INTERVAL, "#MinuteInterval" },
	{ "dayspercycle", L_DAYS, "#DaysPerCycle" },
	{ "flagcyclical", L_CYCLIC, "#FlagCyclical" },
	{ "requirements", L_REQ, "#Requirements" },
	{ "number of shift templates", L_NTPL, "#Number of shift templates" },
	{ "shift templates", L_TPL, "#Shift templates" },
	{ "undercover", L_W_UNDER, "#UnderCover" },
	{ "overcover", L_W_OVER, "#Overcover" },
	{ "dutiesperweek", L_W_DUTIES, "#DutiesPerWeek" },
	{ "shifts:", L_W_SHIFTS, "#Shifts" },
};

struct dbai_state {
	const char *file;
	struct sp_err *err;
	int seen[L_NLABELS];     /* line of the label, 0 if absent */
	int nvalues[L_NLABELS];  /* value lines read after it */
	int ntpl;                /* value of #Number of shift templates */
	int *req; int nreq, capreq;
	int req_line;
};

static enum dbai_label classify(const char *line, size_t n, int *is_comment);
static sp_status parse_int(struct dbai_state *s, int lineno, const char *tok,
			   long lo, long hi, const char *what, int *out);
static sp_status parse_weight(struct dbai_state *s, int lineno, const char *tok,
			      const char *what, double *out);
static sp_status parse_template(struct dbai_state *s, int lineno, char *line,
				struct design_template *t);
static int parse_hm(const char *tok, int *minutes);
static void latin1_to_utf8(const char *in, char *out, size_t outsz);

/* Labels are matched on their start; "#Abbr, Full name, ..." is the column
 * comment inside the templates section and keeps the current label. */
static enum dbai_label classify(const char *line, size_t n, int *is_comment)
{
	char norm[64];
	size_t i = 1, j = 0;

	*is_comment = 0;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	while (i < n && j + 1 < sizeof(norm))
		norm[j++] = (char)tolower((unsigned char)line[i++]);
	norm[j] = '\0';
	if (!strncmp(norm, "abbr", 4)) {
		*is_comment = 1;
		return L_NONE;
	}
	for (size_t k = 0; k < sizeof(dbai_labels) / sizeof(dbai_labels[0]); k++) {
		size_t pl = strlen(dbai_labels[k].prefix);
		if (!strncmp(norm, dbai_labels[k].prefix, pl))
			return dbai_labels[k].label;
	}
	/* "#Shifts" without the colon, at the end of the line */
	if (!strcmp(norm, "shifts"))
		return L_W_SHIFTS;
	return L_IGNORE;
}

static const char *label_name(enum dbai_label l)
{
	for (size_t k = 0; k < sizeof(dbai_labels) / sizeof(dbai_labels[0]); k++)
		if (dbai_labels[k].label == l)
			return dbai_labels[k].display;
	return "?";
}

static sp_status parse_int(struct dbai_state *s, int lineno, const char *tok,
			   long lo, long hi, const char *what, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(tok, &end, 10);
	if (errno || end == tok || *end || v < lo || v > hi)
		return sp_err_set(s->err, SP_ERR_INPUT,
				  "%s:%d: %s: '%s' is not an integer in [%ld, %ld]",
				  s->file, lineno, what, tok, lo, hi);
	*out = (int)v;
	return SP_OK;
}

static sp_status parse_weight(struct dbai_state *s, int lineno, const char *tok,
			      const char *what, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(tok, &end);
	if (errno || end == tok || *end || !(v >= 0) || v > 1e9)
		return sp_err_set(s->err, SP_ERR_INPUT,
				  "%s:%d: %s: '%s' is not a weight >= 0", s->file, lineno,
				  what, tok);
	*out = v;
	return SP_OK;
}

/* "H:M" -> minutes after midnight (H may exceed 23 for windows past midnight). */
static int parse_hm(const char *tok, int *minutes)
{
	char *end;
	long h, m;

	h = strtol(tok, &end, 10);
	if (end == tok || *end != ':' || h < 0 || h > 47)
		return -1;
	tok = end + 1;
	m = strtol(tok, &end, 10);
	if (end == tok || *end || m < 0 || m > 59)
		return -1;
	*minutes = (int)(h * 60 + m);
	return 0;
}

static void latin1_to_utf8(const char *in, char *out, size_t outsz)
{
	size_t j = 0;

	for (; *in; in++) {
		unsigned char c = (unsigned char)*in;
		if (c < 0x80) {
			if (j + 1 >= outsz)
				break;
			out[j++] = (char)c;
		} else {
			if (j + 2 >= outsz)
				break;
			out[j++] = (char)(0xc0 | (c >> 6));
			out[j++] = (char)(0x80 | (c & 0x3f));
		}
	}
	out[j] = '\0';
}

/* "F Frühschicht 6:0 120 60 480 60 60 *": abbreviation, name (may hold
 * blanks), start, +minutes, -minutes, length, +minutes, -minutes, days. */
static sp_status parse_template(struct dbai_state *s, int lineno, char *line,
				struct design_template *t)
{
	char *tok[64], *save = NULL, *w;
	int n = 0, start, v[6];
	static const char *const what[6] = {
		"start", "start +minutes", "start -minutes",
		"length", "length +minutes", "length -minutes"
	};
	sp_status st;

	memset(t, 0, sizeof(*t));
	for (w = strtok_r(line, " \t", &save); w && n < 64; w = strtok_r(NULL, " \t", &save))
		tok[n++] = w;
	if (n < 9)
		return sp_err_set(s->err, SP_ERR_INPUT,
				  "%s:%d: shift template needs 9 fields (abbreviation, name, "
				  "start, +min, -min, length, +min, -min, days), found %d",
				  s->file, lineno, n);
	latin1_to_utf8(tok[0], t->name, sizeof(t->name));
	if (parse_hm(tok[n - 7], &start) != 0)
		return sp_err_set(s->err, SP_ERR_INPUT,
				  "%s:%d: shift template '%s': start '%s' is not H:M",
				  s->file, lineno, t->name, tok[n - 7]);
	for (int i = 1; i < 6; i++) {
		st = parse_int(s, lineno, tok[n - 7 + i], 0, 7 * 1440, what[i], &v[i]);
		if (st != SP_OK)
			return st;
	}
	v[0] = start;
	if (v[1] + v[2] >= 1440)
		return sp_err_set(s->err, SP_ERR_INPUT,
				  "%s:%d: shift template '%s': start window spans a whole day",
				  s->file, lineno, t->name);
	if (v[3] - v[5] <= 0)
		return sp_err_set(s->err, SP_ERR_INPUT,
				  "%s:%d: shift template '%s': shortest length %d is not > 0",
				  s->file, lineno, t->name, v[3] - v[5]);
	t->start_lo = ((start - v[2]) % 1440 + 1440) % 1440;
	t->start_hi = t->start_lo + v[1] + v[2];
	t->len_lo = v[3] - v[5];
	t->len_hi = v[3] + v[4];
	w = tok[n - 1];
	if (!strcmp(w, "*")) {
		t->days = DESIGN_ALL_DAYS;
	} else if (strlen(w) == 7 && strspn(w, "01") == 7) {
		for (int d = 0; d < 7; d++)
			if (w[d] == '1')
				t->days |= 1u << d;
	} else {
		return sp_err_set(s->err, SP_ERR_INPUT,
				  "%s:%d: shift template '%s': days '%s' is neither '*' nor "
				  "a 0/1 mask of 7 days", s->file, lineno, t->name, w);
	}
	return SP_OK;
}

/* One value line for label l (NUL-terminated copy in line). */
static sp_status take_value(struct dbai_state *s, struct design_problem *p,
			    enum dbai_label l, int lineno, char *line, int *interval,
			    int *days, int *cyclic)
{
	char first[128], extra[2];
	sp_status st = SP_OK;

	if (l == L_NONE || l == L_IGNORE || l == L_W_DUTIES)
		return SP_OK;
	s->nvalues[l]++;
	if (l == L_REQ) {
		char *save = NULL;
		for (char *w = strtok_r(line, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
			int v;
			st = parse_int(s, lineno, w, 0, 1000000, "requirement", &v);
			if (st != SP_OK)
				return st;
			SP_GROW(s->req, s->nreq + 1, s->capreq);
			s->req[s->nreq++] = v;
		}
		return SP_OK;
	}
	if (l == L_TPL) {
		struct design_template t;
		if (p->ntpl >= s->ntpl && s->seen[L_NTPL])
			return sp_err_set(s->err, SP_ERR_INPUT,
					  "%s:%d: more shift templates than the %d announced",
					  s->file, lineno, s->ntpl);
		st = parse_template(s, lineno, line, &t);
		if (st == SP_OK)
			design_problem_add_template(p, &t);
		return st;
	}
	if (s->nvalues[l] > 1)
		return sp_err_set(s->err, SP_ERR_INPUT, "%s:%d: unexpected second value for %s",
				  s->file, lineno, label_name(l));
	if (sscanf(line, "%127s %1s", first, extra) != 1)
		return sp_err_set(s->err, SP_ERR_INPUT, "%s:%d: %s takes one value, found '%s'",
				  s->file, lineno, label_name(l), line);
	switch (l) {
	case L_INTERVAL:
		st = parse_int(s, lineno, first, 1, 1440, "#MinuteInterval", interval);
		if (st == SP_OK && 1440 % *interval)
			st = sp_err_set(s->err, SP_ERR_INPUT,
					"%s:%d: #MinuteInterval %d does not divide a day",
					s->file, lineno, *interval);
		break;
	case L_DAYS:
		st = parse_int(s, lineno, first, 1, DESIGN_DAYS, "#DaysPerCycle", days);
		break;
	case L_CYCLIC:
		if (!strcasecmp(first, "yes"))
			*cyclic = 1;
		else if (!strcasecmp(first, "no"))
			*cyclic = 0;
		else
			st = sp_err_set(s->err, SP_ERR_INPUT,
					"%s:%d: #FlagCyclical: expected yes or no, found '%s'",
					s->file, lineno, first);
		break;
	case L_NTPL:
		st = parse_int(s, lineno, first, 1, 10000, "#Number of shift templates", &s->ntpl);
		break;
	case L_W_UNDER:
		st = parse_weight(s, lineno, first, "#UnderCover", &p->w_short);
		break;
	case L_W_OVER:
		st = parse_weight(s, lineno, first, "#Overcover", &p->w_over);
		break;
	case L_W_SHIFTS:
		st = parse_weight(s, lineno, first, "#Shifts", &p->w_shifts);
		break;
	default:
		break;
	}
	return st;
}

sp_status dbai_parse(struct design_problem *p, const char *text, size_t len,
		     const char *file, struct sp_err *err)
{
	static const enum dbai_label required[] = {
		L_INTERVAL, L_DAYS, L_CYCLIC, L_REQ, L_NTPL, L_TPL, L_W_UNDER, L_W_OVER, L_W_SHIFTS
	};
	struct dbai_state s;
	enum dbai_label cur = L_NONE;
	int interval = 0, days = 0, cyclic = 1, lineno = 0, expect;
	char *line = NULL;
	size_t cap = 0, pos = 0;
	sp_status st = SP_OK;

	memset(&s, 0, sizeof(s));
	s.file = file;
	s.err = err;
	while (pos < len) {
		size_t e = pos, n;
		while (e < len && text[e] != '\n')
			e++;
		n = e - pos;
		lineno++;
		if (n + 1 > cap) {
			cap = n + 1;
			line = sp_xrealloc(line, cap);
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos = e + 1;
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
			line[--n] = '\0';
		if (memchr(line, '\0', n)) {
			st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: NUL byte in text", file, lineno);
			goto out;
		}
		{
			char *b = line;
			while (*b == ' ' || *b == '\t')
				b++;
			if (!*b)
				continue;
			if (*b == '#') {
				int is_comment;
				enum dbai_label l = classify(b, strlen(b), &is_comment);
				if (is_comment)
					continue;
				cur = l;
				if (l != L_IGNORE && l != L_NONE) {
					if (s.seen[l]) {
						st = sp_err_set(err, SP_ERR_INPUT,
								"%s:%d: %s given twice (first on line %d)",
								file, lineno, label_name(l), s.seen[l]);
						goto out;
					}
					s.seen[l] = lineno;
				}
				continue;
			}
			if (cur == L_NONE) {
				st = sp_err_set(err, SP_ERR_INPUT,
						"%s:%d: value before any '#' label", file, lineno);
				goto out;
			}
			if (cur == L_REQ && !s.req_line)
				s.req_line = lineno;
			st = take_value(&s, p, cur, lineno, b, &interval, &days, &cyclic);
			if (st != SP_OK)
				goto out;
		}
	}
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		enum dbai_label l = required[i];
		if (!s.seen[l]) {
			st = sp_err_set(err, SP_ERR_INPUT, "%s: missing section '%s', expected a "
					"line '%s' with its value below it", file, label_name(l),
					label_name(l));
			goto out;
		}
		if (!s.nvalues[l] && l != L_TPL) {
			st = sp_err_set(err, SP_ERR_INPUT, "%s:%d: section '%s' has no value, "
					"expected one on the lines below it", file, s.seen[l],
					label_name(l));
			goto out;
		}
	}
	if (p->ntpl != s.ntpl) {
		st = sp_err_set(err, SP_ERR_INPUT,
				"%s:%d: #Number of shift templates says %d, found %d templates",
				file, s.seen[L_TPL], s.ntpl, p->ntpl);
		goto out;
	}
	expect = days * (1440 / interval);
	if (s.nreq != expect) {
		st = sp_err_set(err, SP_ERR_INPUT,
				"%s:%d: #Requirements has %d values, expected %d (%d days of "
				"%d-minute slots)", file, s.req_line, s.nreq, expect, days, interval);
		goto out;
	}
	design_problem_set_horizon(p, interval, days, cyclic);
	memcpy(p->req, s.req, sizeof(int) * (size_t)expect);
out:
	free(line);
	free(s.req);
	return st;
}
