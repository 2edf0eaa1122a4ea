/* scenario.c - applying what-if change lists to the base inputs */
#include "staffplan/scenario.h"
#include "plan_int.h"
#include "staffplan/buf.h"
#include "staffplan/date.h"
#include "staffplan/store.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

static const char *const day_names[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

/* The factor follows the last ':' ("language=ko:1.3"), or the last '='
 * when that is followed by a number ("language=ko=1.3"). */
static const char *factor_sep(const char *arg)
{
	const char *sep = strrchr(arg, ':');
	if (!sep) {
		const char *eq = strrchr(arg, '=');
		if (eq && eq != strchr(arg, '='))
			sep = eq;
	}
	return sep;
}

static sp_status parse_factor(const char *s, const char *what, double *out, struct sp_err *err)
{
	char *end;
	double f = strtod(s, &end);
	if (!*s || *end || !isfinite(f))
		return sp_err_set(err, SP_ERR_INPUT, "%s: factor '%s' is not a number", what, s);
	if (f <= 0)
		return sp_err_set(err, SP_ERR_INPUT, "%s: factor %g must be > 0", what, f);
	*out = f;
	return SP_OK;
}

sp_status scen_add_scale(struct buf *out, const char *arg, struct sp_err *err)
{
	const char *sep = factor_sep(arg);
	char what[300];
	double f;

	snprintf(what, sizeof(what), "--scale '%.200s'", arg);
	if (!sep || sep == arg || !sep[1])
		return sp_err_set(err, SP_ERR_USAGE, "%s: expected SELECTOR:FACTOR, e.g. language=ko:1.3", what);
	if (parse_factor(sep + 1, what, &f, err) != SP_OK) {
		err->code = SP_ERR_USAGE;
		return SP_ERR_USAGE;
	}
	if (memchr(arg, ' ', (size_t)(sep - arg)) || memchr(arg, '\n', (size_t)(sep - arg)))
		return sp_err_set(err, SP_ERR_USAGE, "%s: the selector may not contain spaces", what);
	buf_printf(out, "scale %.*s %.12g\n", (int)(sep - arg), arg, f);
	return SP_OK;
}

sp_status scen_add_set(struct buf *out, const char *arg, struct sp_err *err)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || strchr(arg, '\n'))
		return sp_err_set(err, SP_ERR_USAGE, "--set '%s': expected SECTION.KEY=VALUE", arg);
	buf_printf(out, "set %s\n", arg);
	return SP_OK;
}

sp_status scen_resolve(struct sp_db *db, const char *name, char **changes, struct sp_err *err)
{
	struct buf acc = BUF_INIT;
	char *cur = sp_xstrdup(name);

	*changes = NULL;
	for (int depth = 0; strcmp(cur, "base"); depth++) {
		char *base = NULL, *ch = NULL;
		if (depth > 64) {
			free(cur);
			buf_release(&acc);
			return sp_err_set(err, SP_ERR_DB, "scenario '%s' derives from itself", name);
		}
		sp_status st = db_get_scenario(db, cur, &base, &ch, err);
		if (st != SP_OK) {
			free(cur);
			buf_release(&acc);
			return st;
		}
		/* prepend: a base's changes apply first */
		struct buf next = BUF_INIT;
		buf_puts(&next, ch);
		buf_puts(&next, acc.s);
		buf_release(&acc);
		acc = next;
		free(ch);
		free(cur);
		cur = base && *base ? base : sp_xstrdup("base");
		if (cur != base)
			free(base);
	}
	free(cur);
	*changes = buf_detach(&acc);
	return SP_OK;
}

struct hook_arg {
	const char *changes;
	int hire_candidates;
};

/* Does forecast row r match every part of selector sel? */
static sp_status row_matches(const struct sp_input *in, const struct sp_fc_row *r, const char *sel,
			     int *match, struct sp_err *err)
{
	char buf[512];
	struct sp_local l;

	snprintf(buf, sizeof(buf), "%s", sel);
	sp_tz_local(&in->tz, r->start, &l);
	*match = 1;
	for (char *save = NULL, *part = strtok_r(buf, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(part, '=');
		if (!eq)
			return sp_err_set(err, SP_ERR_INPUT, "selector '%s': expected KEY=VALUE parts", sel);
		*eq = '\0';
		const char *v = eq + 1;
		if (!strcmp(part, "language")) {
			int li = sp_input_lang_find(in, v);
			if (li < 0)
				return sp_err_set(err, SP_ERR_INPUT, "selector '%s': unknown language '%s' (not in the forecast)", sel, v);
			*match &= r->lang == li;
		} else if (!strcmp(part, "queue")) {
			int q = sp_config_queue(&in->cfg, v);
			if (q < 0)
				return sp_err_set(err, SP_ERR_INPUT, "selector '%s': unknown queue '%s'", sel, v);
			*match &= r->queue == q;
		} else if (!strcmp(part, "day")) {
			int d = -1;
			long day;
			for (int i = 0; i < 7; i++)
				if (!strcmp(v, day_names[i]))
					d = i;
			if (d >= 0)
				*match &= l.wday == d;
			else if (sp_date_parse(v, &day) == 0)
				*match &= sp_days_from_civil(l.year, l.month, l.day) == day;
			else
				return sp_err_set(err, SP_ERR_INPUT, "selector '%s': day '%s', expected mon..sun or YYYY-MM-DD", sel, v);
		} else if (!strcmp(part, "hours")) {
			int a, b;
			if (sscanf(v, "%d-%d", &a, &b) != 2 || a < 0 || b > 24 || a >= b)
				return sp_err_set(err, SP_ERR_INPUT, "selector '%s': hours '%s', expected HH-HH with HH < HH", sel, v);
			*match &= l.hour >= a && l.hour < b;
		} else {
			return sp_err_set(err, SP_ERR_INPUT, "selector '%s': unknown key '%s', expected language, queue, day or hours", sel, part);
		}
	}
	return SP_OK;
}

static void add_agent(struct sp_input *in, const char *id, const char *name, int lang, int hyp)
{
	SP_GROW(in->agents, in->nagents + 1, in->capagents);
	struct sp_agent *a = &in->agents[in->nagents++];
	memset(a, 0, sizeof(*a));
	a->id = sp_xstrdup(id);
	a->name = sp_xstrdup(name);
	a->email = sp_xstrdup("");
	a->timezone = sp_xstrdup(in->cfg.timezone);
	a->langs = 1ULL << lang;
	int en = sp_input_lang(in, "en", 0);
	if (en >= 0)
		a->langs |= 1ULL << en;
	for (int q = 0; q < in->cfg.nqueues; q++)
		if (!in->cfg.queues[q].restricted)
			a->queues |= 1U << q;
	a->min_hours = in->cfg.min_hours;
	a->max_hours = in->cfg.max_hours;
	a->max_days = in->cfg.max_days;
	a->cost_per_hour = in->cfg.cost_per_hour;
	a->hypothetical = hyp;
}

static sp_status apply_hook(struct sp_input *in, void *argp, struct sp_err *err)
{
	const struct hook_arg *arg = argp;
	char line[1024];
	const char *p = arg->changes;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		p += n + (nl ? 1 : 0);
		if (!strncmp(line, "scale ", 6)) {
			char *sel = line + 6, *sp = strrchr(sel, ' ');
			if (!sp)
				return sp_err_set(err, SP_ERR_INPUT, "bad stored change '%s'", line);
			*sp = '\0';
			double f;
			char what[600];
			snprintf(what, sizeof(what), "scale '%.500s'", sel);
			sp_status fst = parse_factor(sp + 1, what, &f, err);
			if (fst != SP_OK)
				return fst;
			for (int i = 0; i < in->nrows; i++) {
				int m;
				sp_status st = row_matches(in, &in->rows[i], sel, &m, err);
				if (st != SP_OK)
					return st;
				if (m)
					in->rows[i].volume *= f;
			}
			if (in->nrows == 0) {
				struct sp_fc_row dummy = { 0 };
				int m;
				sp_status st = row_matches(in, &dummy, sel, &m, err);
				if (st != SP_OK)
					return st;
			}
		} else if (!strncmp(line, "set hire.", 9)) {
			char *eq = strchr(line, '=');
			char *end;
			if (!eq)
				return sp_err_set(err, SP_ERR_INPUT, "bad stored change '%s'", line);
			*eq = '\0';
			const char *tag = line + 9;
			long k = strtol(eq + 1, &end, 10);
			if (*end || k < 0 || k > 10000)
				return sp_err_set(err, SP_ERR_INPUT, "key 'hire.%s': '%s' is not a count, expected an integer 0..10000", tag, eq + 1);
			int li = sp_input_lang(in, tag, 1);
			if (li < 0)
				return sp_err_set(err, SP_ERR_INPUT, "key 'hire.%s': too many languages", tag);
			for (long i = 1; i <= k; i++) {
				char id[96], name[128];
				snprintf(id, sizeof(id), "hire-%.40s-%ld", tag, i);
				snprintf(name, sizeof(name), "New hire %.40s %ld", tag, i);
				add_agent(in, id, name, li, 0);
			}
		}
	}
	for (int h = 0; h < arg->hire_candidates; h++)
		for (int l = 0, n = in->nlangs; l < n; l++) {
			char id[96], name[128];
			snprintf(id, sizeof(id), "candidate-%.40s-%d", in->langs[l], h + 1);
			snprintf(name, sizeof(name), "Hire candidate %.40s %d", in->langs[l], h + 1);
			add_agent(in, id, name, l, 1);
		}
	return SP_OK;
}

sp_status scen_load(struct sp_db *db, const char *changes, const char *const *extra_sets, int nextra,
		    int hire_candidates, struct sp_input *in, struct sp_err *err)
{
	struct plan_texts t;
	const char **sets = NULL;
	int nsets = 0;
	struct hook_arg arg = { changes, hire_candidates };
	sp_status st;

	if ((st = plan_read_db(db, "base", &t, err)) != SP_OK)
		return st;
	for (const char *p = changes; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n > 4 && !strncmp(p, "set ", 4) && strncmp(p, "set hire.", 9)) {
			sets = sp_xrealloc(sets, (size_t)(nsets + 1) * sizeof(*sets));
			sets[nsets++] = strndup(p + 4, n - 4);
		}
		p += n + (nl ? 1 : 0);
	}
	for (int i = 0; i < nextra; i++) {
		sets = sp_xrealloc(sets, (size_t)(nsets + 1) * sizeof(*sets));
		sets[nsets++] = sp_xstrdup(extra_sets[i]);
	}
	st = plan_parse(in, &t, sets, nsets, apply_hook, &arg, err);
	for (int i = 0; i < nsets; i++)
		free((char *)sets[i]);
	free(sets);
	plan_texts_release(&t);
	return st;
}

sp_status scen_create(struct sp_db *db, const char *name, const char *from, const char *changes,
		      struct sp_err *err)
{
	char *inherited = NULL;
	struct buf all = BUF_INIT;
	struct sp_input in;
	sp_status st;

	sp_input_init(&in);
	if ((st = scen_resolve(db, from, &inherited, err)) != SP_OK)
		goto done;
	/* the whole list is checked against the base inputs before storing */
	buf_puts(&all, inherited);
	buf_puts(&all, changes);
	if ((st = scen_load(db, all.s, NULL, 0, 0, &in, err)) == SP_OK)
		st = db_put_scenario(db, name, from, changes, err);
done:
	free(inherited);
	buf_release(&all);
	sp_input_release(&in);
	return st;
}
