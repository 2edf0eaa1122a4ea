/* config.c - plan.ini keys, defaults and ranges; INI reader and --set
 *
 * One static const table (keys[]) describes every key: its section, type,
 * where it lives in struct sp_config, its valid range and its default.  The
 * same table fills the defaults (sp_config_init), checks INI lines
 * (sp_config_load) and --set overrides (sp_config_set).  The INI reader is
 * hand-written because libinih as packaged does not pass line numbers to the
 * handler, and every message must name file and line.
 */
#include "staffplan/config.h"
#include "staffplan/text.h"
#include "staffplan/tz.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

enum key_type {
	K_DOUBLE,   /* number within [min, max] (open ends per flags) */
	K_INT,      /* whole number within [min, max] */
	K_INTERVAL, /* 15, 30 or 60 */
	K_STEP,     /* minutes > 0 that divide 1440 */
	K_TIME,     /* HH:MM, stored as minutes after midnight */
	K_LENGTHS,  /* comma list of hours in (0, 24] */
	K_WINDOW,   /* "a,b" hours with 0 <= a <= b <= 24 */
	K_ZONE,     /* IANA time zone name */
	K_BOOL      /* true/false/yes/no/1/0 */
};

enum {
	R_LO_OPEN = 1 << 0, /* min itself is not allowed */
	R_HI_OPEN = 1 << 1  /* max itself is not allowed */
};

/* Where a key's value lives: the offset is relative to struct sp_config for
 * plain sections, to struct sp_service for [service] keys (which [queue.NAME]
 * sections accept as well) and to struct sp_queue_cfg for queue-only keys. */
enum key_home { H_CONFIG, H_SERVICE, H_QUEUE };

struct key_def {
	const char *section;
	const char *key;
	enum key_type type;
	enum key_home home;
	size_t off, off2;    /* off2: count (K_LENGTHS) or upper end (K_WINDOW) */
	double min, max;
	unsigned flags;
	const char *def;     /* default, parsed like a user value */
	int bit;             /* H_SERVICE: bit in sp_queue_cfg.set_mask */
};

#define CFG(sec, k, ty, field, lo, hi, fl, d) \
	{ sec, #k, ty, H_CONFIG, offsetof(struct sp_config, field), 0, lo, hi, fl, d, -1 }
#define SVC(k, lo, hi, fl, d, b) \
	{ "service", #k, K_DOUBLE, H_SERVICE, offsetof(struct sp_service, k), 0, lo, hi, fl, d, b }
#define QUE(k, ty, lo, hi, fl, d) \
	{ "queue", #k, ty, H_QUEUE, offsetof(struct sp_queue_cfg, k), 0, lo, hi, fl, d, -1 }

static const struct key_def keys[] = {
	CFG("site", timezone, K_ZONE, timezone, 0, 0, 0, "UTC"),
	CFG("site", interval_minutes, K_INTERVAL, interval_minutes, 15, 60, 0, "60"),

	/* Ranges end where a real desk ends (docs/INPUTS.md): beyond them a
	 * value is a typo, and the Erlang search and the solver stay bounded. */
	SVC(aht_seconds, 1, 86400, 0, "300", 0),
	SVC(target_service_level, 0, 1, R_LO_OPEN | R_HI_OPEN, "0.80", 1),
	SVC(target_answer_seconds, 0, 86400, 0, "60", 2),
	SVC(max_occupancy, 0.05, 1, 0, "0.85", 3),
	SVC(shrinkage, 0, 0.95, 0, "0.30", 4),
	SVC(bot_deflection, 0, 1, 0, "0.0", 5),
	SVC(concurrency, 1, 100, 0, "1", 6),
	SVC(patience_seconds, 0, 86400, 0, "0", 7),
	SVC(max_abandon_rate, 0.0001, 1, 0, "1", 8),

	QUE(min_agents, K_DOUBLE, 0, 10000, 0, "0"),
	QUE(restricted, K_BOOL, 0, 1, 0, "false"),

	CFG("agents", min_hours, K_DOUBLE, min_hours, 0, 168, 0, "0"),
	CFG("agents", max_hours, K_DOUBLE, max_hours, 0, 168, 0, "40"),
	CFG("agents", max_days, K_INT, max_days, 0, 7, 0, "5"),
	CFG("agents", cost_per_hour, K_DOUBLE, cost_per_hour, 0, 100000, 0, "20"),
	CFG("agents", min_consecutive_days_off, K_INT, min_consecutive_days_off, 0, 7, 0, "0"),

	{ "shifts", "lengths_hours", K_LENGTHS, H_CONFIG,
	  offsetof(struct sp_config, lengths_hours), offsetof(struct sp_config, nlengths),
	  0, 24, R_LO_OPEN, "4,6,8,10", -1 },
	CFG("shifts", start_step_minutes, K_STEP, start_step_minutes, 1, 1440, 0, "60"),
	CFG("shifts", earliest_start, K_TIME, earliest_start, 0, 1439, 0, "00:00"),
	CFG("shifts", latest_start, K_TIME, latest_start, 0, 1439, 0, "23:00"),
	CFG("shifts", break_minutes, K_INT, break_minutes, 0, 480, 0, "60"),
	CFG("shifts", break_after_hours, K_DOUBLE, break_after_hours, 0, 24, 0, "6"),
	{ "shifts", "break_window_hours", K_WINDOW, H_CONFIG,
	  offsetof(struct sp_config, break_window_lo), offsetof(struct sp_config, break_window_hi),
	  0, 24, 0, "2,5", -1 },
	CFG("shifts", min_rest_hours, K_DOUBLE, min_rest_hours, 0, 168, 0, "11"),
	CFG("shifts", max_consecutive_days, K_INT, max_consecutive_days, 1, 7, 0, "6"),

	CFG("costs", understaffing_penalty, K_DOUBLE, understaffing_penalty, 0, 1000000, 0, "500"),
	CFG("costs", preferred_off_penalty, K_DOUBLE, preferred_off_penalty, 0, 100000, 0, "10"),
	CFG("costs", night_premium, K_DOUBLE, night_premium, 0, 10, 0, "0.0"),
	CFG("costs", night_start, K_TIME, night_start, 0, 1439, 0, "22:00"),
	CFG("costs", night_end, K_TIME, night_end, 0, 1439, 0, "06:00"),
	CFG("costs", change_penalty, K_DOUBLE, change_penalty, 0, 1000000, 0, "50"),
	CFG("costs", hire_cost_per_week, K_DOUBLE, hire_cost_per_week, 0, 10000000, 0, "1500"),

	CFG("solver", time_limit_seconds, K_DOUBLE, time_limit_seconds, 0, 604800, R_LO_OPEN, "120"),
	CFG("solver", mip_gap, K_DOUBLE, mip_gap, 0, 1, 0, "0.01"),
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static const char *const sections[] = {
	"site", "service", "agents", "shifts", "costs", "solver"
};

/* Names a value in messages without flooding them. */
#define VAL_FMT "'%.80s'"

sp_status sp_parse_number(const char *s, double *out)
{
	const char *p = s, *end;
	char *q;
	int digits = 0;

	*out = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	end = p;
	if (*end == '+' || *end == '-')
		end++;
	while (*end >= '0' && *end <= '9')
		end++, digits++;
	if (*end == '.')
		for (end++; *end >= '0' && *end <= '9'; end++)
			digits++;
	if (!digits)
		return SP_ERR_INPUT;
	if (*end == 'e' || *end == 'E') {
		const char *e = end + 1;
		if (*e == '+' || *e == '-')
			e++;
		if (!(*e >= '0' && *e <= '9'))
			return SP_ERR_INPUT;
		while (*e >= '0' && *e <= '9')
			e++;
		end = e;
	}
	for (const char *t = end; *t; t++)
		if (*t != ' ' && *t != '\t')
			return SP_ERR_INPUT;
	double v = strtod(p, &q);
	if (q != end || !isfinite(v))
		return SP_ERR_INPUT;
	*out = v;
	return SP_OK;
}

/* Writes "a number in [0, 1)" and friends for key k into out. */
static void describe_range(const struct key_def *k, const char *what, char *out, size_t n)
{
	int lo_open = !!(k->flags & R_LO_OPEN), hi_open = !!(k->flags & R_HI_OPEN);

	if (isinf(k->max))
		snprintf(out, n, "%s %s %.10g", what, lo_open ? ">" : ">=", k->min);
	else
		snprintf(out, n, "%s in %c%.10g, %.10g%c", what, lo_open ? '(' : '[', k->min,
			 k->max, hi_open ? ')' : ']');
}

static int in_range(const struct key_def *k, double v)
{
	if (v < k->min || ((k->flags & R_LO_OPEN) && v == k->min))
		return 0;
	if (v > k->max || ((k->flags & R_HI_OPEN) && v == k->max))
		return 0;
	return 1;
}

/* "HH:MM" -> minutes after midnight, or -1. */
static int parse_hhmm(const char *s)
{
	int h = 0, m, nd = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	while (*s >= '0' && *s <= '9' && nd < 3)
		h = h * 10 + (*s++ - '0'), nd++;
	if (nd < 1 || nd > 2 || *s++ != ':')
		return -1;
	if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9'))
		return -1;
	m = (s[0] - '0') * 10 + (s[1] - '0');
	for (s += 2; *s; s++)
		if (*s != ' ' && *s != '\t')
			return -1;
	if (h > 23 || m > 59)
		return -1;
	return h * 60 + m;
}

static int parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = 1;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/* Splits s at commas into at most max numbers; returns the count, or -1
 * (with *bad pointing at the offending item, NUL-terminated in tmp). */
static int parse_list(const char *s, double *vals, int max, char *tmp, size_t tmpsz,
		      const char **bad)
{
	int n = 0;

	snprintf(tmp, tmpsz, "%s", s);
	*bad = tmp;
	for (char *item = tmp, *next; item; item = next) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		*bad = item;
		if (n == max || sp_parse_number(item, &vals[n]) != SP_OK)
			return -1;
		n++;
	}
	return n;
}

/*
 * Checks value for key k and stores it at base.  On failure fills
 * problem/expected (for the caller's message) and leaves base untouched.
 */
static int store_value(const struct key_def *k, char *base, const char *value,
		       char *problem, size_t np, char *expected, size_t ne)
{
	double v, list[SP_MAX_LENGTHS];
	char tmp[256];
	const char *bad;
	int iv, n;

	problem[0] = expected[0] = '\0';
	if (!*value && k->type != K_LENGTHS) {
		snprintf(problem, np, "the value is empty");
		/* fall through to fill expected */
	}
	switch (k->type) {
	case K_DOUBLE:
	case K_INT:
		describe_range(k, k->type == K_INT ? "a whole number" : "a number", expected, ne);
		if (problem[0])
			return -1;
		if (sp_parse_number(value, &v) != SP_OK) {
			snprintf(problem, np, VAL_FMT " is not a number", value);
			return -1;
		}
		if (k->type == K_INT && v != floor(v)) {
			snprintf(problem, np, VAL_FMT " is not a whole number", value);
			return -1;
		}
		if (!in_range(k, v)) {
			snprintf(problem, np, VAL_FMT " is out of range", value);
			return -1;
		}
		if (k->type == K_INT)
			*(int *)(void *)(base + k->off) = (int)v;
		else
			*(double *)(void *)(base + k->off) = v;
		return 0;
	case K_INTERVAL:
		snprintf(expected, ne, "15, 30 or 60 (minutes)");
		if (problem[0])
			return -1;
		if (sp_parse_number(value, &v) != SP_OK || (v != 15 && v != 30 && v != 60)) {
			snprintf(problem, np, VAL_FMT " is not a supported interval", value);
			return -1;
		}
		*(int *)(void *)(base + k->off) = (int)v;
		return 0;
	case K_STEP:
		snprintf(expected, ne, "whole minutes > 0 that divide 1440 (e.g. 15, 30, 60)");
		if (problem[0])
			return -1;
		if (sp_parse_number(value, &v) != SP_OK || v != floor(v) || v < 1 || v > 1440 ||
		    1440 % (int)v != 0) {
			snprintf(problem, np, VAL_FMT " does not divide the day into whole steps", value);
			return -1;
		}
		*(int *)(void *)(base + k->off) = (int)v;
		return 0;
	case K_TIME:
		snprintf(expected, ne, "a time of day HH:MM between 00:00 and 23:59");
		if (problem[0])
			return -1;
		if ((iv = parse_hhmm(value)) < 0) {
			snprintf(problem, np, VAL_FMT " is not a time of day", value);
			return -1;
		}
		*(int *)(void *)(base + k->off) = iv;
		return 0;
	case K_LENGTHS:
		snprintf(expected, ne, "a comma-separated list of 1 to %d shift lengths in hours, "
			 "each in (0, 24]", SP_MAX_LENGTHS);
		n = parse_list(value, list, SP_MAX_LENGTHS, tmp, sizeof(tmp), &bad);
		if (n < 0) {
			if (!*value)
				snprintf(problem, np, "the value is empty");
			else if (bad && *bad && sp_parse_number(bad, &v) == SP_OK)
				snprintf(problem, np, "more than %d lengths", SP_MAX_LENGTHS);
			else
				snprintf(problem, np, VAL_FMT " is not a number", bad);
			return -1;
		}
		for (int i = 0; i < n; i++) {
			if (!in_range(k, list[i])) {
				snprintf(problem, np, "length %g is out of range", list[i]);
				return -1;
			}
		}
		memcpy(base + k->off, list, (size_t)n * sizeof(double));
		*(int *)(void *)(base + k->off2) = n;
		return 0;
	case K_WINDOW:
		snprintf(expected, ne, "two hours 'a,b' after the shift start with 0 <= a <= b <= 24");
		if (problem[0])
			return -1;
		n = parse_list(value, list, 2, tmp, sizeof(tmp), &bad);
		if (n < 0) {
			snprintf(problem, np, VAL_FMT " is not a pair of numbers", value);
			return -1;
		}
		if (n != 2) {
			snprintf(problem, np, VAL_FMT " has %d value%s", value, n, n == 1 ? "" : "s");
			return -1;
		}
		if (!in_range(k, list[0]) || !in_range(k, list[1]) || list[0] > list[1]) {
			snprintf(problem, np, VAL_FMT " is out of range", value);
			return -1;
		}
		*(double *)(void *)(base + k->off) = list[0];
		*(double *)(void *)(base + k->off2) = list[1];
		return 0;
	case K_ZONE: {
		struct sp_tz tz;
		struct sp_err e = SP_ERR_INIT;

		snprintf(expected, ne, "an IANA time zone name such as Asia/Shanghai or UTC");
		if (problem[0])
			return -1;
		if (strlen(value) >= sizeof(((struct sp_config *)0)->timezone)) {
			snprintf(problem, np, VAL_FMT " is too long", value);
			return -1;
		}
		if (sp_tz_init(&tz, value, &e) != SP_OK) {
			const char *why = sp_tz_refused(value);
			if (why)
				snprintf(problem, np, VAL_FMT " is not an IANA zone name a calendar "
					 "knows: %s", value, why);
			else
				snprintf(problem, np, VAL_FMT " is not a known time zone", value);
			return -1;
		}
		snprintf(base + k->off, sizeof(((struct sp_config *)0)->timezone), "%s", value);
		return 0;
	}
	case K_BOOL:
		snprintf(expected, ne, "true, false, yes, no, 1 or 0");
		if (problem[0])
			return -1;
		if (parse_bool(value, &iv) < 0) {
			snprintf(problem, np, VAL_FMT " is not a truth value", value);
			return -1;
		}
		*(int *)(void *)(base + k->off) = iv;
		return 0;
	}
	SP_ASSERT(!"unknown key type");
	return -1;
}

/* Applies the defaults of every key living in home to base. */
static void apply_defaults(enum key_home home, char *base)
{
	char problem[256], expected[256];

	for (size_t i = 0; i < NKEYS; i++) {
		if (keys[i].home != home)
			continue;
		int rc = store_value(&keys[i], base, keys[i].def, problem, sizeof(problem),
				     expected, sizeof(expected));
		SP_ASSERT(rc == 0);
	}
}

static int valid_queue_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= sizeof(((struct sp_queue_cfg *)0)->name))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return 0;
	return 1;
}

/* Index of queue name, creating it (inheriting [service]) when absent; -1
 * when the table is full. */
static int queue_get(struct sp_config *cfg, const char *name)
{
	int q = sp_config_queue(cfg, name);
	struct sp_queue_cfg *qc;

	if (q >= 0)
		return q;
	if (cfg->nqueues >= SP_MAX_QUEUES)
		return -1;
	qc = &cfg->queues[cfg->nqueues];
	memset(qc, 0, sizeof(*qc));
	snprintf(qc->name, sizeof(qc->name), "%s", name);
	qc->svc = cfg->service;
	apply_defaults(H_QUEUE, (char *)qc);
	return cfg->nqueues++;
}

void sp_config_init(struct sp_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	apply_defaults(H_CONFIG, (char *)cfg);
	apply_defaults(H_SERVICE, (char *)&cfg->service);
	SP_ASSERT(queue_get(cfg, "chat") == 0);
	SP_ASSERT(queue_get(cfg, "email") == 1);
}

int sp_config_queue(const struct sp_config *cfg, const char *name)
{
	for (int q = 0; q < cfg->nqueues; q++)
		if (!strcmp(cfg->queues[q].name, name))
			return q;
	return -1;
}

static int is_queue_section(const char *section)
{
	return !strncasecmp(section, "queue.", 6);
}

static int known_section(const char *section)
{
	if (is_queue_section(section))
		return 1;
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (!strcasecmp(section, sections[i]))
			return 1;
	return 0;
}

/* Lists the keys a section accepts ("a, b or c") into out. */
static void list_keys(const char *section, char *out, size_t n)
{
	int queue = is_queue_section(section), count = 0, total = 0;
	size_t len = 0;

	for (size_t i = 0; i < NKEYS; i++) {
		const char *s = keys[i].section;
		if (queue ? (!strcmp(s, "service") || !strcmp(s, "queue")) : !strcasecmp(s, section))
			total++;
	}
	out[0] = '\0';
	for (size_t i = 0; i < NKEYS && len < n; i++) {
		const char *s = keys[i].section;
		if (!(queue ? (!strcmp(s, "service") || !strcmp(s, "queue")) : !strcasecmp(s, section)))
			continue;
		count++;
		int w = snprintf(out + len, n - len, "%s%s",
				 count == 1 ? "" : (count == total ? " or " : ", "), keys[i].key);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/*
 * Sets section.key = value.  where is "FILE:LINE" or "--set" for messages.
 * On error cfg is unchanged (a queue named by the section is only created
 * once the value is valid).
 */
static sp_status set_key(struct sp_config *cfg, const char *section, const char *key,
			 const char *value, const char *where, struct sp_err *err)
{
	const struct key_def *k = NULL;
	int queue = is_queue_section(section);
	char problem[256], expected[512];
	char *base;
	int q = -1;

	if (!known_section(section))
		return sp_err_set(err, SP_ERR_INPUT,
				  "%s: key '%s.%s': unknown section '%s', expected site, service, "
				  "queue.NAME, agents, shifts, costs or solver",
				  where, section, key, section);
	if (queue && !valid_queue_name(section + 6))
		return sp_err_set(err, SP_ERR_INPUT,
				  "%s: key '%s.%s': bad queue name '%s', expected 1 to 63 letters, "
				  "digits, '_' or '-'", where, section, key, section + 6);
	for (size_t i = 0; i < NKEYS && !k; i++) {
		if (strcasecmp(keys[i].key, key))
			continue;
		if (queue ? keys[i].home != H_CONFIG : !strcasecmp(keys[i].section, section))
			k = &keys[i];
	}
	if (!k) {
		list_keys(section, expected, sizeof(expected));
		return sp_err_set(err, SP_ERR_INPUT, "%s: key '%s.%s': unknown key, expected one of %s",
				  where, section, key, expected);
	}
	if (queue) {
		struct sp_queue_cfg tmp;
		q = sp_config_queue(cfg, section + 6);
		if (q < 0) {
			memset(&tmp, 0, sizeof(tmp));
			tmp.svc = cfg->service;
			apply_defaults(H_QUEUE, (char *)&tmp);
		} else {
			tmp = cfg->queues[q];
		}
		base = k->home == H_SERVICE ? (char *)&tmp.svc : (char *)&tmp;
		if (store_value(k, base, value, problem, sizeof(problem), expected, sizeof(expected)))
			goto bad;
		if (q < 0 && (q = queue_get(cfg, section + 6)) < 0)
			return sp_err_set(err, SP_ERR_INPUT,
					  "%s: key '%s.%s': too many queues, expected at most %d",
					  where, section, key, SP_MAX_QUEUES);
		snprintf(tmp.name, sizeof(tmp.name), "%s", section + 6);
		if (k->home == H_SERVICE)
			tmp.set_mask |= 1u << k->bit;
		cfg->queues[q] = tmp;
		return SP_OK;
	}
	base = k->home == H_SERVICE ? (char *)&cfg->service : (char *)cfg;
	if (store_value(k, base, value, problem, sizeof(problem), expected, sizeof(expected)))
		goto bad;
	return SP_OK;
bad:
	return sp_err_set(err, SP_ERR_INPUT, "%s: key '%s.%s': %s, expected %s", where, section,
			  key, problem, expected);
}

sp_status sp_config_set(struct sp_config *cfg, const char *key, const char *value,
			struct sp_err *err)
{
	char section[128], name[128];
	const char *dot = strrchr(key, '.');

	if (!dot || dot == key || !dot[1] || (size_t)(dot - key) >= sizeof(section) ||
	    strlen(dot + 1) >= sizeof(name))
		return sp_err_set(err, SP_ERR_INPUT, "--set: key '%.100s': malformed key, "
				  "expected section.key such as service.shrinkage", key);
	memcpy(section, key, (size_t)(dot - key));
	section[dot - key] = '\0';
	snprintf(name, sizeof(name), "%s", dot + 1);
	char *v = sp_xstrdup(value);
	sp_status st = set_key(cfg, section, name, sp_trim(v), "--set", err);
	free(v);
	return st;
}

/* Cuts a ';' or '#' comment that follows white space (or starts the value). */
static void cut_comment(char *s)
{
	for (char *p = s; *p; p++) {
		if ((*p == ';' || *p == '#') && (p == s || sp_is_space(p[-1]))) {
			*p = '\0';
			return;
		}
	}
}

sp_status sp_config_load(struct sp_config *cfg, const char *text, const char *file,
			 struct sp_err *err)
{
	struct sp_config tmp = *cfg;
	char section[128] = "", where[600];
	int lineno = 0;
	const char *p = text;
	char *line = NULL;
	size_t cap = 0;
	sp_status st = SP_OK;

	if (!strncmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *s, *eq;

		lineno++;
		if (n + 1 > cap) {
			cap = n + 1;
			line = sp_xrealloc(line, cap);
		}
		memcpy(line, p, n);
		line[n] = '\0';
		p += n + (nl ? 1 : 0);
		snprintf(where, sizeof(where), "%s:%d", file, lineno);

		s = sp_trim(line);
		if (!*s || *s == ';' || *s == '#')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');
			char *rest = close ? close + 1 : NULL;
			if (rest) {
				cut_comment(rest);
				rest = sp_trim(rest);
			}
			if (!close || *rest) {
				st = sp_err_set(err, SP_ERR_INPUT, "%s: malformed section header "
						VAL_FMT ", expected [name]", where, s);
				goto out;
			}
			*close = '\0';
			s = sp_trim(s + 1);
			if (strlen(s) >= sizeof(section) || !known_section(s)) {
				st = sp_err_set(err, SP_ERR_INPUT, "%s: unknown section '%.80s', "
						"expected site, service, queue.NAME, agents, shifts, "
						"costs or solver", where, s);
				goto out;
			}
			if (is_queue_section(s)) {
				if (!valid_queue_name(s + 6)) {
					st = sp_err_set(err, SP_ERR_INPUT, "%s: bad queue name "
							"'%.80s', expected 1 to 63 letters, digits, "
							"'_' or '-'", where, s + 6);
					goto out;
				}
				if (queue_get(&tmp, s + 6) < 0) {
					st = sp_err_set(err, SP_ERR_INPUT, "%s: too many queues, "
							"expected at most %d", where, SP_MAX_QUEUES);
					goto out;
				}
				memcpy(s, "queue", 5); /* [Queue.x] -> queue.x */
			}
			snprintf(section, sizeof(section), "%s", s);
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			st = sp_err_set(err, SP_ERR_INPUT, "%s: " VAL_FMT " is not a setting, "
					"expected 'key = value', '[section]' or a comment", where, s);
			goto out;
		}
		*eq = '\0';
		char *key = sp_trim(s), *val = eq + 1;
		cut_comment(val);
		val = sp_trim(val);
		size_t vl = strlen(val);
		if (vl >= 2 && ((val[0] == '"' && val[vl - 1] == '"') ||
				(val[0] == '\'' && val[vl - 1] == '\''))) {
			val[vl - 1] = '\0';
			val++;
		}
		if (!*key) {
			st = sp_err_set(err, SP_ERR_INPUT, "%s: missing key before '=', "
					"expected 'key = value'", where);
			goto out;
		}
		if (!section[0]) {
			st = sp_err_set(err, SP_ERR_INPUT, "%s: key '%.80s': outside any section, "
					"expected a [section] line first", where, key);
			goto out;
		}
		if ((st = set_key(&tmp, section, key, val, where, err)) != SP_OK)
			goto out;
	}
	*cfg = tmp;
out:
	free(line);
	return st;
}

int sp_config_first_start(const struct sp_config *cfg)
{
	int step = cfg->start_step_minutes;

	return (cfg->earliest_start + step - 1) / step * step;
}

sp_status sp_config_finish(struct sp_config *cfg, struct sp_err *err)
{
	struct sp_tz tz;
	struct sp_err e = SP_ERR_INIT;

	for (int q = 0; q < cfg->nqueues; q++) {
		struct sp_queue_cfg *qc = &cfg->queues[q];
		for (size_t i = 0; i < NKEYS; i++) {
			const struct key_def *k = &keys[i];
			if (k->home != H_SERVICE || (qc->set_mask & (1u << k->bit)))
				continue;
			memcpy((char *)&qc->svc + k->off, (const char *)&cfg->service + k->off,
			       sizeof(double));
		}
	}
	if (cfg->min_hours > cfg->max_hours)
		return sp_err_set(err, SP_ERR_INPUT, "key 'agents.min_hours': %g is greater than "
				  "agents.max_hours (%g), expected min_hours <= max_hours",
				  cfg->min_hours, cfg->max_hours);
	if (cfg->earliest_start > cfg->latest_start)
		return sp_err_set(err, SP_ERR_INPUT, "key 'shifts.earliest_start': %02d:%02d is "
				  "after shifts.latest_start (%02d:%02d), expected earliest_start <= "
				  "latest_start", cfg->earliest_start / 60, cfg->earliest_start % 60,
				  cfg->latest_start / 60, cfg->latest_start % 60);
	if (sp_config_first_start(cfg) > cfg->latest_start)
		return sp_err_set(err, SP_ERR_INPUT, "key 'shifts.start_step_minutes': no start on its "
				  "%d-minute grid (counted from midnight) lies between shifts.earliest_start "
				  "%02d:%02d and shifts.latest_start %02d:%02d, expected at least one",
				  cfg->start_step_minutes, cfg->earliest_start / 60, cfg->earliest_start % 60,
				  cfg->latest_start / 60, cfg->latest_start % 60);
	if (cfg->break_window_lo > cfg->break_window_hi)
		return sp_err_set(err, SP_ERR_INPUT, "key 'shifts.break_window_hours': %g,%g is "
				  "reversed, expected a <= b", cfg->break_window_lo,
				  cfg->break_window_hi);
	if (cfg->nlengths < 1)
		return sp_err_set(err, SP_ERR_INPUT, "key 'shifts.lengths_hours': no shift "
				  "lengths, expected at least one");
	if (sp_tz_init(&tz, cfg->timezone, &e) != SP_OK)
		return sp_err_set(err, SP_ERR_INPUT, "key 'site.timezone': %s", e.msg);
	return SP_OK;
}
