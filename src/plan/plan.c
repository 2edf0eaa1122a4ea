/* pipeline.c - loading, solving, storing and writing, shared by commands */
#include "staffplan/pipeline.h"
#include "staffplan/fileio.h"
#include "staffplan/publish.h"
#include "staffplan/report.h"
#include "staffplan/store.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

const char *const pipe_kinds[4] = { "config", "forecast", "agents", "availability" };
static const char *const default_names[4] = { "plan.ini", "forecast.csv", "agents.csv",
					      "availability.csv" };

void pipe_texts_release(struct pipe_texts *t)
{
	for (int i = 0; i < 4; i++) {
		free(t->name[i]);
		free(t->text[i]);
		t->name[i] = t->text[i] = NULL;
	}
}

sp_status pipe_read_paths(const struct pipe_paths *p, struct pipe_texts *out, struct sp_err *err)
{
	const char *given[4] = { p->config, p->forecast, p->agents, p->availability };
	char path[4096];

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < 4; i++) {
		if (given[i])
			snprintf(path, sizeof(path), "%s", given[i]);
		else
			snprintf(path, sizeof(path), "%s/%s", p->dir ? p->dir : ".", default_names[i]);
		if (i == PIPE_AVAIL && !given[i] && access(path, F_OK) != 0)
			continue; /* availability is optional */
		sp_status st = sp_read_file(path, &out->text[i], err);
		if (st != SP_OK) {
			pipe_texts_release(out);
			return st;
		}
		out->name[i] = sp_xstrdup(path);
	}
	return SP_OK;
}

sp_status pipe_read_db(struct sp_db *db, const char *scenario, struct pipe_texts *out,
		       struct sp_err *err)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < 4; i++) {
		sp_status st = db_get_input(db, scenario, pipe_kinds[i], &out->name[i], &out->text[i], err);
		if (st != SP_OK) {
			pipe_texts_release(out);
			return st;
		}
		if (!out->text[i] && i != PIPE_AVAIL && i != PIPE_CONFIG) {
			pipe_texts_release(out);
			return sp_err_set(err, SP_ERR_USAGE, "no %s imported yet (run 'staffplan import %s FILE')",
					  pipe_kinds[i], pipe_kinds[i]);
		}
	}
	return SP_OK;
}

sp_status pipe_parse(struct sp_input *in, const struct pipe_texts *t, const char *const *sets,
		     int nsets, sp_status (*hook)(struct sp_input *, void *, struct sp_err *),
		     void *hook_arg, struct sp_err *err)
{
	sp_status st;

	st = sp_input_load_config(in, t->text[PIPE_CONFIG] ? t->text[PIPE_CONFIG] : "",
				  t->name[PIPE_CONFIG] ? t->name[PIPE_CONFIG] : "(defaults)", err);
	if (st != SP_OK)
		return st;
	for (int i = 0; i < nsets; i++) {
		char key[256];
		const char *eq = strchr(sets[i], '=');
		if (!eq || eq == sets[i] || (size_t)(eq - sets[i]) >= sizeof(key))
			return sp_err_set(err, SP_ERR_USAGE, "--set '%s': expected SECTION.KEY=VALUE", sets[i]);
		memcpy(key, sets[i], (size_t)(eq - sets[i]));
		key[eq - sets[i]] = '\0';
		if ((st = sp_input_set(in, key, eq + 1, err)) != SP_OK)
			return st;
	}
	if ((st = sp_input_load_agents(in, t->text[PIPE_AGENTS], t->name[PIPE_AGENTS], err)) != SP_OK)
		return st;
	if ((st = sp_input_load_forecast(in, t->text[PIPE_FORECAST], t->name[PIPE_FORECAST], err)) != SP_OK)
		return st;
	if (t->text[PIPE_AVAIL] &&
	    (st = sp_input_load_availability(in, t->text[PIPE_AVAIL], t->name[PIPE_AVAIL], err)) != SP_OK)
		return st;
	if (hook && (st = hook(in, hook_arg, err)) != SP_OK)
		return st;
	return sp_input_finish(in, err);
}

sp_status pipe_store_texts(struct sp_db *db, const char *scenario, const struct pipe_texts *t,
			   struct sp_err *err)
{
	for (int i = 0; i < 4; i++) {
		if (!t->text[i])
			continue;
		sp_status st = db_put_input(db, scenario, pipe_kinds[i], t->name[i], t->text[i], err);
		if (st != SP_OK)
			return st;
	}
	return SP_OK;
}

struct sched_baseline_shift *pipe_baseline(const struct sp_run *run, int *n)
{
	struct sched_baseline_shift *b = sp_xcalloc((size_t)run->nshifts + 1, sizeof(*b));
	for (int i = 0; i < run->nshifts; i++) {
		b[i].agent_id = run->shifts[i].agent_id;
		b[i].start = run->shifts[i].start;
		b[i].paid_minutes = run->shifts[i].paid_minutes;
		b[i].brk_start = run->shifts[i].brk_start;
	}
	*n = run->nshifts;
	return b;
}

static sp_status write_requirements(const struct sp_input *in, const struct sp_reqs *req,
				    struct sp_outset *set, const char *path, struct sp_err *err)
{
	struct sp_out o;
	sp_status st = sp_out_open_in(&o, set, path, err);
	if (st != SP_OK)
		return st;
	if ((st = req_write(req, in, REQ_CSV, o.f, err)) != SP_OK) {
		sp_out_abort(&o);
		return st;
	}
	return sp_out_commit(&o, err);
}

static sp_status write_changes(const struct sp_run *base, const struct sp_run *run, struct sp_outset *set,
			       const char *path, int *n, struct sp_err *err)
{
	struct sp_out o;
	sp_status st;

	if ((st = sp_out_open_in(&o, set, path, err)) != SP_OK)
		return st;
	if ((st = pipe_print_changes(base, run, o.f, n, err)) != SP_OK) {
		sp_out_abort(&o);
		return st;
	}
	return sp_out_commit(&o, err);
}

sp_status pipe_write_outputs(const struct sp_input *in, const struct sp_reqs *req,
			     const struct sp_run *run, const struct sp_run *base, struct sp_db *db,
			     const char *outdir, int *nchanges, struct sp_err *err)
{
	char path[4096];
	struct sp_outset set = { 0 };
	sp_status st;

	if ((st = sp_mkdirs(outdir, err)) != SP_OK)
		return st;
	/* the publications commit once every file is staged (publish.h) */
	if (db && (st = db_begin(db, err)) != SP_OK)
		return st;
#define OUT(name) (snprintf(path, sizeof(path), "%s/%s", outdir, name), path)
	if ((in && req && (st = write_requirements(in, req, &set, OUT("requirements.csv"), err)) != SP_OK) ||
	    (st = sp_run_write_roster_csv(run, &set, OUT("roster.csv"), err)) != SP_OK ||
	    (st = sp_run_write_coverage_csv(run, &set, OUT("coverage.csv"), err)) != SP_OK ||
	    (st = sp_run_write_kpis_json(run, &set, OUT("kpis.json"), err)) != SP_OK ||
	    (st = publish_calendars(run, db, &set, OUT("ics"), err)) != SP_OK ||
	    (st = rpt_write_html(run, &set, OUT("report.html"), err)) != SP_OK ||
	    (base && (st = write_changes(base, run, &set, OUT("changes.csv"), nchanges, err)) != SP_OK)) {
		sp_outset_abort(&set);
		if (db)
			db_rollback(db);
		return st;
	}
	/* without a baseline an old changes.csv would list another run's changes */
	if (!base)
		sp_outset_remove(&set, OUT("changes.csv"));
#undef OUT
	if (db && (st = db_commit(db, err)) != SP_OK) {
		sp_outset_abort(&set);
		return st;
	}
	return sp_outset_commit(&set, err);
}

static const struct sp_run_shift *find_shift(const struct sp_run *r, const char *agent, const char *date)
{
	for (int i = 0; i < r->nshifts; i++)
		if (!strcmp(r->shifts[i].agent_id, agent) && !strcmp(r->shifts[i].date, date))
			return &r->shifts[i];
	return NULL;
}

sp_status pipe_print_changes(const struct sp_run *base, const struct sp_run *run, FILE *f, int *n,
			     struct sp_err *err)
{
	struct sp_tz tz;
	char a[32], b[32], c[32], d[32];
	sp_status st;

	*n = 0;
	if ((st = sp_tz_init(&tz, run->site_tz, err)) != SP_OK)
		return st;
	fputs("agent_id,date,change,old_start,old_end,new_start,new_end\n", f);
	for (int i = 0; i < base->nshifts; i++) {
		const struct sp_run_shift *old = &base->shifts[i];
		const struct sp_run_shift *now = find_shift(run, old->agent_id, old->date);
		if (now && now->start == old->start && now->end == old->end && now->brk_start == old->brk_start)
			continue;
		sp_time_format(&tz, old->start, a);
		sp_time_format(&tz, old->end, b);
		c[0] = d[0] = '\0';
		if (now) {
			sp_time_format(&tz, now->start, c);
			sp_time_format(&tz, now->end, d);
		}
		fprintf(f, "%s,%s,%s,%s,%s,%s,%s\n", old->agent_id, old->date, now ? "moved" : "removed", a, b, c, d);
		(*n)++;
	}
	for (int i = 0; i < run->nshifts; i++) {
		const struct sp_run_shift *now = &run->shifts[i];
		if (find_shift(base, now->agent_id, now->date))
			continue;
		sp_time_format(&tz, now->start, c);
		sp_time_format(&tz, now->end, d);
		fprintf(f, "%s,%s,added,,,%s,%s\n", now->agent_id, now->date, c, d);
		(*n)++;
	}
	if (ferror(f))
		return sp_err_set(err, SP_ERR_IO, "cannot write the list of changes");
	return SP_OK;
}

void pipe_summary(const struct sp_run *run, FILE *f)
{
	const struct sp_run_kpis *k = &run->kpis;
	fprintf(f, "staffplan: %d shifts for %d/%d agents, objective %.2f, lower bound %.2f, gap %.2f%%, "
		   "understaffed %.2f agent-hours, coverage %.1f%%, status %s, %.1f s\n",
		run->nshifts, k->agents_scheduled, k->agents_total, k->objective, k->lower_bound,
		100 * k->gap, k->understaffing_agent_hours, 100 * k->coverage, k->status, k->solve_seconds);
}

/* A signal handler can only set a flag; this one lives for the process. */
static volatile int interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

volatile int *pipe_catch_interrupt(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return &interrupted;
}
