/* agents.c - agents.csv and availability.csv into sp_input */
#include "input_int.h"
#include "staffplan/csv.h"
#include "staffplan/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- agents ------------------------------------------------------------ */

enum {
	AG_ID, AG_NAME, AG_LANGS, AG_QUEUES, AG_EMAIL, AG_TZ, AG_MIN_HOURS, AG_MAX_HOURS,
	AG_MAX_DAYS, AG_COST, AG_NCOLS
};

static const struct sp_csv_col ag_cols[AG_NCOLS] = {
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
static sp_status get_opt_number(struct sp_csv *rd, int col, double lo, double hi,
				const char *what, double def, double *out)
{
	const char *s = sp_csv_trimmed(rd, col);

	if (!s || !*s) {
		*out = def;
		return SP_OK;
	}
	return input_get_number(rd, col, lo, hi, 0, what, out);
}

static sp_status ag_parse(struct sp_csv *rd, struct sp_input *in, struct sp_agent *a)
{
	const struct sp_config *cfg = &in->cfg;
	char *s, *item, *next;
	double v;
	sp_status st;

	s = sp_csv_get(rd, AG_ID);
	if (sp_is_blank(s))
		return sp_csv_fail(rd, AG_ID, "the value is empty, expected a unique agent id");
	a->id = sp_xstrdup(s);
	s = sp_csv_get(rd, AG_NAME);
	if (sp_is_blank(s))
		return sp_csv_fail(rd, AG_NAME, "the value is empty, expected the agent's name");
	a->name = sp_xstrdup(s);

	for (item = sp_csv_get(rd, AG_LANGS); item; item = next) {
		int l;
		if ((next = strchr(item, ';')))
			*next++ = '\0';
		item = sp_trim(item);
		if (!*item)
			continue;
		if ((st = input_add_lang(rd, in, AG_LANGS, item, &l)) != SP_OK)
			return st;
		a->langs |= UINT64_C(1) << l;
	}
	if (!a->langs)
		return sp_csv_fail(rd, AG_LANGS, "no language, expected ';'-separated language tags "
			       "such as zh;en");

	for (item = sp_csv_get(rd, AG_QUEUES); item; item = next) {
		int q;
		if ((next = strchr(item, ';')))
			*next++ = '\0';
		item = sp_trim(item);
		if (!*item)
			continue;
		if ((st = input_get_queue(rd, cfg, AG_QUEUES, item, &q)) != SP_OK)
			return st;
		a->queues |= UINT32_C(1) << q;
	}
	if (!a->queues)
		for (int q = 0; q < cfg->nqueues; q++)
			if (!cfg->queues[q].restricted)
				a->queues |= UINT32_C(1) << q;

	s = sp_csv_get(rd, AG_EMAIL);
	a->email = sp_xstrdup(s ? s : "");

	s = sp_csv_trimmed(rd, AG_TZ);
	if (s && *s) {
		struct sp_tz tz;
		struct sp_err e = SP_ERR_INIT;
		if (sp_tz_init(&tz, s, &e) != SP_OK)
			return sp_csv_fail(rd, AG_TZ, "%s", e.msg);
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
		return sp_csv_fail(rd, sp_csv_has(rd, AG_MIN_HOURS) ? AG_MIN_HOURS : AG_MAX_HOURS,
			       "min_hours %g is greater than max_hours %g, expected min_hours <= "
			       "max_hours", a->min_hours, a->max_hours);
	if ((st = get_opt_number(rd, AG_MAX_DAYS, 0, 7, "a whole number of days",
				 cfg->max_days, &v)) != SP_OK)
		return st;
	if (v != (int)v)
		return sp_csv_fail(rd, AG_MAX_DAYS, "'%.60s' is not a whole number, expected a whole "
			       "number of days in [0, 7]", sp_csv_trimmed(rd, AG_MAX_DAYS));
	a->max_days = (int)v;
	if ((st = get_opt_number(rd, AG_COST, 0, SP_MAX_COST_PER_HOUR, "a cost per paid hour",
				 cfg->cost_per_hour, &a->cost_per_hour)) != SP_OK)
		return st;
	return SP_OK;
}

static sp_status ag_row(struct sp_csv *rd, void *ud)
{
	struct ag_load *al = ud;
	struct sp_agent a;
	sp_status st;

	if ((st = sp_csv_check_stop(rd, al->in->stop)) != SP_OK)
		return st;
	/* refused at the first row too many, before the rest is even read */
	if (al->in->nagents + al->n >= SP_MAX_AGENTS)
		return sp_csv_error(rd, sp_csv_line(rd), "more than %d agents, expected at most %d "
				    "in one plan (plan a desk this size in parts, e.g. per region)",
				    SP_MAX_AGENTS, SP_MAX_AGENTS);
	memset(&a, 0, sizeof(a));
	if ((st = ag_parse(rd, al->in, &a)) != SP_OK) {
		input_agent_release(&a);
		return st;
	}
	SP_GROW(al->agents, al->n + 1, al->cap);
	SP_GROW(al->lines, al->n + 1, al->capl);
	al->agents[al->n] = a;
	al->lines[al->n++] = sp_csv_line(rd);
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
	int nlangs0 = in->nlangs;
	sp_status st;

	st = sp_csv_parse(text, file, ag_cols, AG_NCOLS, ag_row, &al, in->warn, err);
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
			input_agent_release(&al.agents[i]);
		input_langs_rollback(in, nlangs0);
	}
	free(al.agents);
	free(al.lines);
	return st;
}

/* ---- availability ------------------------------------------------------ */

enum { AV_AGENT, AV_START, AV_END, AV_TYPE, AV_NCOLS };

static const struct sp_csv_col av_cols[AV_NCOLS] = {
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

static sp_status av_row(struct sp_csv *rd, void *ud)
{
	struct av_load *vl = ud;
	struct sp_input *in = vl->in;
	struct sp_avail a;
	struct id_key key, *hit;
	const char *s;
	sp_status st;

	if ((st = sp_csv_check_stop(rd, in->stop)) != SP_OK)
		return st;
	memset(&a, 0, sizeof(a));
	key.id = sp_csv_get(rd, AV_AGENT);
	hit = in->nagents ? bsearch(&key, vl->ids, (size_t)in->nagents, sizeof(*vl->ids),
				    id_only_cmp) : NULL;
	if (!hit)
		return sp_csv_fail(rd, AV_AGENT, "no agent with id '%.60s', expected the id of an "
			       "agent in the agents file", key.id);
	a.agent = hit->index;
	if ((st = input_get_time(rd, in, AV_START, &a.start)) != SP_OK ||
	    (st = input_get_time(rd, in, AV_END, &a.end)) != SP_OK)
		return st;
	if (a.end <= a.start)
		return sp_csv_fail(rd, AV_END, "'%.40s' is not after start '%.40s', expected end > "
			       "start", sp_csv_trimmed(rd, AV_END), sp_csv_trimmed(rd, AV_START));
	s = sp_csv_trimmed(rd, AV_TYPE);
	if (!strcasecmp(s, "unavailable"))
		a.type = SP_UNAVAILABLE;
	else if (!strcasecmp(s, "preferred_off"))
		a.type = SP_PREFERRED_OFF;
	else
		return sp_csv_fail(rd, AV_TYPE, "'%.60s' is not a type, expected unavailable or "
			       "preferred_off", s);
	SP_GROW(vl->avail, vl->n + 1, vl->cap);
	vl->avail[vl->n++] = a;
	return SP_OK;
}

sp_status sp_input_load_availability(struct sp_input *in, const char *text, const char *file,
				     struct sp_err *err)
{
	struct av_load vl = { in, NULL, NULL, 0, 0 };
	sp_status st;

	vl.ids = sp_xcalloc((size_t)in->nagents, sizeof(*vl.ids));
	for (int i = 0; i < in->nagents; i++)
		vl.ids[i] = (struct id_key){ in->agents[i].id, i, 0 };
	qsort(vl.ids, (size_t)in->nagents, sizeof(*vl.ids), id_only_cmp);
	st = sp_csv_parse(text, file, av_cols, AV_NCOLS, av_row, &vl, in->warn, err);
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
