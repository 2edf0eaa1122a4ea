/* run.c - struct sp_run: lifecycle, roster.csv, coverage.csv, kpis.json */
#include "staffplan/csv.h"
#include "staffplan/run.h"
#include "staffplan/fileio.h"
#include "staffplan/tz.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

void sp_run_init(struct sp_run *run)
{
	memset(run, 0, sizeof(*run));
	snprintf(run->scenario, sizeof(run->scenario), "base");
	snprintf(run->kpis.status, sizeof(run->kpis.status), "feasible");
	run->kpis.abandon_rate = NAN; /* Erlang C until a cell says otherwise */
	run->night_start = 22 * 60; /* SPEC's defaults */
	run->night_end = 6 * 60;
}

void sp_run_release(struct sp_run *run)
{
	for (int i = 0; i < run->nshifts; i++) {
		struct sp_run_shift *s = &run->shifts[i];
		free(s->agent_id);
		free(s->agent_name);
		free(s->agent_tz);
		free(s->email);
		free(s->queues);
		free(s->langs);
	}
	for (int i = 0; i < run->nagents; i++) {
		free(run->agents[i].id);
		free(run->agents[i].name);
		free(run->agents[i].tz);
		free(run->agents[i].email);
	}
	free(run->shifts);
	free(run->cells);
	free(run->agents);
	sp_run_init(run);
}

struct sp_run_shift *sp_run_add_shift(struct sp_run *run, const char *agent_id,
				      const char *agent_name, const char *agent_tz, const char *email)
{
	/* capacity doubles at powers of two */
	if ((run->nshifts & (run->nshifts - 1)) == 0)
		run->shifts = sp_xrealloc(run->shifts, (size_t)(run->nshifts ? run->nshifts * 2 : 1) *
							       sizeof(*run->shifts));
	struct sp_run_shift *s = &run->shifts[run->nshifts++];
	memset(s, 0, sizeof(*s));
	s->agent_id = sp_xstrdup(agent_id);
	s->agent_name = sp_xstrdup(agent_name);
	s->agent_tz = sp_xstrdup(agent_tz);
	s->email = sp_xstrdup(email);
	s->queues = sp_xstrdup("");
	s->langs = sp_xstrdup("");
	return s;
}

struct sp_run_agent *sp_run_add_agent(struct sp_run *run, const char *id, const char *name,
				      const char *tz, const char *email)
{
	if ((run->nagents & (run->nagents - 1)) == 0)
		run->agents = sp_xrealloc(run->agents, (size_t)(run->nagents ? run->nagents * 2 : 1) *
							       sizeof(*run->agents));
	struct sp_run_agent *a = &run->agents[run->nagents++];
	memset(a, 0, sizeof(*a));
	a->id = sp_xstrdup(id);
	a->name = sp_xstrdup(name);
	a->tz = sp_xstrdup(tz);
	a->email = sp_xstrdup(email);
	return a;
}

sp_status sp_run_print_roster(const struct sp_run *run, FILE *f, struct sp_err *err)
{
	struct sp_tz tz;
	char a[32], b[32], c[32], d[32];
	sp_status st;

	if ((st = sp_tz_init(&tz, run->site_tz, err)) != SP_OK)
		return st;
	fputs("agent_id,agent_name,date,start,end,paid_hours,break_start,break_end,queues,languages\n", f);
	for (int i = 0; i < run->nshifts; i++) {
		const struct sp_run_shift *s = &run->shifts[i];
		sp_time_format(&tz, s->start, a);
		sp_time_format(&tz, s->end, b);
		c[0] = d[0] = '\0';
		if (s->brk_start) {
			sp_time_format(&tz, s->brk_start, c);
			sp_time_format(&tz, s->brk_end, d);
		}
		sp_csv_write_field(f, s->agent_id);
		fputc(',', f);
		sp_csv_write_field(f, s->agent_name);
		fprintf(f, ",%s,%s,%s,%g,%s,%s,", s->date, a, b, s->paid_minutes / 60.0, c, d);
		sp_csv_write_field(f, s->queues);
		fputc(',', f);
		sp_csv_write_field(f, s->langs);
		fputc('\n', f);
	}
	if (ferror(f))
		return sp_err_set(err, SP_ERR_IO, "cannot write the roster");
	return SP_OK;
}

sp_status sp_run_write_roster_csv(const struct sp_run *run, struct sp_outset *set, const char *path,
				  struct sp_err *err)
{
	struct sp_out o;
	sp_status st;

	if ((st = sp_out_open_in(&o, set, path, err)) != SP_OK)
		return st;
	if ((st = sp_run_print_roster(run, o.f, err)) != SP_OK) {
		sp_out_abort(&o);
		return st;
	}
	return sp_out_commit(&o, err);
}

sp_status sp_run_write_coverage_csv(const struct sp_run *run, struct sp_outset *set, const char *path,
				    struct sp_err *err)
{
	struct sp_out o;
	struct sp_tz tz;
	char a[32];
	sp_status st;

	if ((st = sp_tz_init(&tz, run->site_tz, err)) != SP_OK)
		return st;
	if ((st = sp_out_open_in(&o, set, path, err)) != SP_OK)
		return st;
	fputs("start,queue,language,required,staffed,understaffed,service_level\n", o.f);
	for (int i = 0; i < run->ncells; i++) {
		const struct sp_run_cell *c = &run->cells[i];
		sp_time_format(&tz, c->start, a);
		fprintf(o.f, "%s,", a);
		sp_csv_write_field(o.f, c->queue);
		fputc(',', o.f);
		sp_csv_write_field(o.f, c->lang);
		fprintf(o.f, ",%.9f,%.9f,%.9f,%.6f\n", c->required, c->staffed, c->understaffed,
			c->service_level);
	}
	return sp_out_commit(&o, err);
}

static json_t *num(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *kpis_object(const struct sp_run_kpis *k)
{
	const struct sp_fairness *f = &k->fairness;
	json_t *fair = json_pack("{s:o,s:o,s:o,s:i,s:i,s:i,s:i}",
				 "hours_min", num(f->hours_min), "hours_max", num(f->hours_max),
				 "hours_stddev", num(f->hours_stddev), "nights_min", f->nights_min,
				 "nights_max", f->nights_max, "weekends_min", f->weekends_min,
				 "weekends_max", f->weekends_max);
	json_t *o = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:i,s:i,s:o,s:s,s:o,s:o,s:i}",
			      "objective", num(k->objective), "cost", num(k->cost),
			      "paid_hours", num(k->paid_hours),
			      "understaffing_agent_hours", num(k->understaffing_agent_hours),
			      "coverage", num(k->coverage), "service_level", num(k->service_level),
			      "lower_bound", num(k->lower_bound), "gap", num(k->gap),
			      "agents_scheduled", k->agents_scheduled, "agents_total", k->agents_total,
			      "solve_seconds", num(k->solve_seconds), "status", k->status,
			      "fairness", fair, "preferred_off_hours", num(k->preferred_off_hours),
			      "changes", k->changes);
	json_object_set_new(o, "abandon_rate", num(k->abandon_rate)); /* null under Erlang C */
	/* what solves it again: the seed, and the work limit when one drove it */
	json_object_set_new(o, "seed", json_integer((json_int_t)k->seed));
	if (k->work_limit > 0) {
		json_object_set_new(o, "work_limit", json_real(k->work_limit));
		json_object_set_new(o, "work_done", json_real(k->work_done));
		json_object_set_new(o, "time_limit_cut", json_boolean(k->time_cut));
	}
	if (k->forecast_id) /* a stored forecast (staffplan forecast --db) was the input */
		json_object_set_new(o, "forecast_id", json_integer(k->forecast_id));
	return o;
}

/* Takes ownership of o. */
static char *dump(json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(o);
	if (!s)
		s = sp_xstrdup("{}");
	return s;
}

char *sp_run_kpis_to_json(const struct sp_run_kpis *k)
{
	return dump(kpis_object(k));
}

static double get_num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

sp_status sp_run_kpis_from_json(struct sp_run_kpis *k, const char *text, struct sp_err *err)
{
	json_error_t je;
	json_t *o = json_loads(text, 0, &je);

	memset(k, 0, sizeof(*k));
	if (!o || !json_is_object(o)) {
		json_decref(o);
		return sp_err_set(err, SP_ERR_DB, "stored KPIs are not valid JSON: %s", je.text);
	}
	k->objective = get_num(o, "objective");
	k->cost = get_num(o, "cost");
	k->paid_hours = get_num(o, "paid_hours");
	k->understaffing_agent_hours = get_num(o, "understaffing_agent_hours");
	k->coverage = get_num(o, "coverage");
	k->service_level = get_num(o, "service_level");
	k->lower_bound = get_num(o, "lower_bound");
	k->gap = get_num(o, "gap");
	k->solve_seconds = get_num(o, "solve_seconds");
	k->preferred_off_hours = get_num(o, "preferred_off_hours");
	k->abandon_rate = get_num(o, "abandon_rate");
	k->agents_scheduled = (int)json_integer_value(json_object_get(o, "agents_scheduled"));
	k->agents_total = (int)json_integer_value(json_object_get(o, "agents_total"));
	k->changes = (int)json_integer_value(json_object_get(o, "changes"));
	k->forecast_id = (int64_t)json_integer_value(json_object_get(o, "forecast_id"));
	k->seed = (unsigned long long)json_integer_value(json_object_get(o, "seed"));
	k->work_limit = json_is_number(json_object_get(o, "work_limit")) ? get_num(o, "work_limit") : 0;
	k->work_done = json_is_number(json_object_get(o, "work_done")) ? get_num(o, "work_done") : 0;
	k->time_cut = json_is_true(json_object_get(o, "time_limit_cut"));
	const char *st = json_string_value(json_object_get(o, "status"));
	snprintf(k->status, sizeof(k->status), "%s", st ? st : "");
	json_t *f = json_object_get(o, "fairness");
	if (json_is_object(f)) {
		k->fairness.hours_min = get_num(f, "hours_min");
		k->fairness.hours_max = get_num(f, "hours_max");
		k->fairness.hours_stddev = get_num(f, "hours_stddev");
		k->fairness.nights_min = (int)json_integer_value(json_object_get(f, "nights_min"));
		k->fairness.nights_max = (int)json_integer_value(json_object_get(f, "nights_max"));
		k->fairness.weekends_min = (int)json_integer_value(json_object_get(f, "weekends_min"));
		k->fairness.weekends_max = (int)json_integer_value(json_object_get(f, "weekends_max"));
	}
	json_decref(o);
	return SP_OK;
}

sp_status sp_run_write_kpis_json(const struct sp_run *run, struct sp_outset *set, const char *path,
				 struct sp_err *err)
{
	/* the KPIs and which roster came before (SPEC 7): a stored run's id,
	 * a roster file's name, or null */
	json_t *o = kpis_object(&run->kpis), *prev = json_null();
	char name[sizeof(run->previous_source)];
	if (run->previous_run)
		prev = json_integer(run->previous_run);
	else if (run->previous_source[0]) {
		/* a file name need not be UTF-8; JSON text must be */
		memcpy(name, run->previous_source, sizeof(name));
		if (!(prev = json_string(name))) {
			for (char *c = name; *c; c++)
				*c = (unsigned char)*c < 0x80 ? *c : '?';
			prev = json_string(name);
		}
	}
	json_object_set_new(o, "previous_run", prev);
	char *s = dump(o);
	size_t n = strlen(s);
	s = sp_xrealloc(s, n + 2);
	s[n] = '\n';
	s[n + 1] = '\0';
	sp_status st = sp_outset_write(set, path, s, n + 1, err);
	free(s);
	return st;
}
