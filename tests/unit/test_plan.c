/* test_plan.c - plan_solve end to end, and the planning module's other doors
 *
 * plan_solve runs as `staffplan plan` runs it (read, requirements, solve,
 * store, write every output).  Then a checker of its own reads roster.csv
 * back and verifies, from the rules as documented and without the solver's
 * code, every hard rule, the wage cost, the understaffing (its own max-flow)
 * and the objective in kpis.json, and that the agents' .ics files parse back
 * with libical to exactly the roster's shifts.  The other tests hold
 * plan_solve to its promises on failure (bad input opens no database and
 * writes nothing; an unknown baseline stores nothing), solve stored inputs
 * and scenarios with offered shifts, and cover plan_requirements and
 * plan_import.
 */
#include "tests.h"

#include "staffplan/fault.h"
#include "staffplan/date.h"
#include "staffplan/plan.h"
#include "staffplan/scenario.h"
#include "staffplan/store.h"

#include <jansson.h>
#include <libical/ical.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct row {
	char agent[64], date[16], queues[128], langs[128];
	time_t start, end, bs, be;
	double paid;
};

/* Splits one RFC 4180 line (no embedded newlines in our outputs). */
static int split_csv(char *line, char **f, int max)
{
	int n = 0;
	char *w = line, *r = line;
	while (n < max) {
		f[n++] = w;
		int q = *r == '"';
		if (q)
			r++;
		for (;; r++) {
			if (q && *r == '"' && r[1] == '"') {
				*w++ = '"';
				r++;
			} else if (q && *r == '"') {
				q = 0;
			} else if (!q && (*r == ',' || *r == '\n' || *r == '\r' || !*r)) {
				break;
			} else {
				*w++ = *r;
			}
		}
		char end = *r;
		*w++ = '\0';
		if (end != ',')
			break;
		r++;
	}
	return n;
}

static int read_roster(const char *path, const struct sp_tz *tz, struct row **out)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int n = 0;
	struct sp_err err;

	*out = NULL;
	if (!f)
		return -1;
	fgets(line, sizeof(line), f);
	CU_ASSERT_STRING_EQUAL(line, "agent_id,agent_name,date,start,end,paid_hours,break_start,break_end,queues,languages\n");
	while (fgets(line, sizeof(line), f)) {
		char *fld[10];
		if (split_csv(line, fld, 10) != 10) {
			CU_FAIL("roster row with a wrong field count");
			continue;
		}
		*out = realloc(*out, (size_t)(n + 1) * sizeof(**out));
		struct row *r = &(*out)[n++];
		memset(r, 0, sizeof(*r));
		snprintf(r->agent, sizeof(r->agent), "%s", fld[0]);
		snprintf(r->date, sizeof(r->date), "%s", fld[2]);
		CU_ASSERT_EQUAL(sp_time_parse(tz, fld[3], &r->start, &err), SP_OK);
		CU_ASSERT_EQUAL(sp_time_parse(tz, fld[4], &r->end, &err), SP_OK);
		r->paid = atof(fld[5]);
		if (*fld[6]) {
			CU_ASSERT_EQUAL(sp_time_parse(tz, fld[6], &r->bs, &err), SP_OK);
			CU_ASSERT_EQUAL(sp_time_parse(tz, fld[7], &r->be, &err), SP_OK);
		}
		snprintf(r->queues, sizeof(r->queues), "%s", fld[8]);
		snprintf(r->langs, sizeof(r->langs), "%s", fld[9]);
	}
	fclose(f);
	return n;
}

static double overlap(time_t a0, time_t a1, time_t b0, time_t b1)
{
	time_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
	return hi > lo ? (double)(hi - lo) : 0;
}

static int agent_index(const struct sp_input *in, const char *id)
{
	for (int a = 0; a < in->nagents; a++)
		if (!strcmp(in->agents[a].id, id))
			return a;
	return -1;
}

/* Every hard rule of one agent's week. */
static void check_agent_rules(const struct sp_input *in, int a, const struct row *r, int n)
{
	const struct sp_config *cfg = &in->cfg;
	const struct sp_agent *ag = &in->agents[a];
	double hours = 0;
	int days = 0;
	char seen[64][16];
	int nseen = 0;
	int worked[64] = { 0 };

	for (int i = 0; i < n; i++) {
		const struct row *x = &r[i];
		if (strcmp(x->agent, ag->id))
			continue;
		struct sp_local l;
		sp_tz_local(&in->tz, x->start, &l);
		char date[16];
		sp_date_format(&in->tz, x->start, date);
		CU_ASSERT_STRING_EQUAL(x->date, date);
		int mod = l.hour * 60 + l.min;
		CU_ASSERT(mod >= cfg->earliest_start && mod <= cfg->latest_start);
		CU_ASSERT_EQUAL((mod - cfg->earliest_start) % cfg->start_step_minutes, 0);
		int ok_len = 0;
		for (int k = 0; k < cfg->nlengths; k++)
			ok_len |= fabs(cfg->lengths_hours[k] - x->paid) < 1e-9;
		CU_ASSERT(ok_len);
		double span = (double)(x->end - x->start);
		if (x->paid > cfg->break_after_hours) {
			CU_ASSERT(x->bs != 0);
			double off = (double)(x->bs - x->start) / 3600.0;
			CU_ASSERT(off >= cfg->break_window_lo - 1e-9 && off <= cfg->break_window_hi + 1e-9);
			CU_ASSERT_EQUAL((x->bs - x->start) % (cfg->interval_minutes * 60), 0);
			CU_ASSERT_EQUAL(x->be - x->bs, cfg->break_minutes * 60);
			CU_ASSERT_DOUBLE_EQUAL(span, x->paid * 3600 + cfg->break_minutes * 60, 1e-6);
		} else {
			CU_ASSERT_EQUAL(x->bs, 0);
			CU_ASSERT_DOUBLE_EQUAL(span, x->paid * 3600, 1e-6);
		}
		for (int k = 0; k < nseen; k++)
			CU_ASSERT(strcmp(seen[k], x->date) != 0); /* one shift a day */
		if (nseen < 64)
			snprintf(seen[nseen++], 16, "%s", x->date);
		hours += x->paid;
		days++;
		int d = (int)((sp_tz_day_start(&in->tz, x->start) - in->horizon_start + 43200) / 86400);
		if (d >= 0 && d < 64)
			worked[d] = 1;
		for (int k = 0; k < in->navail; k++)
			if (in->avail[k].agent == a && in->avail[k].type == SP_UNAVAILABLE)
				CU_ASSERT(overlap(x->start, x->end, in->avail[k].start, in->avail[k].end) == 0);
		for (int k = 0; k < n; k++)
			if (k != i && !strcmp(r[k].agent, ag->id) && r[k].start > x->start)
				CU_ASSERT((double)(r[k].start - x->end) >= cfg->min_rest_hours * 3600 - 1e-6);
		/* languages served are the agent's */
		char langs[128];
		snprintf(langs, sizeof(langs), "%s", x->langs);
		for (char *sv = NULL, *t = strtok_r(langs, ";", &sv); t; t = strtok_r(NULL, ";", &sv)) {
			int li = -1;
			for (int k = 0; k < in->nlangs; k++)
				if (!strcmp(in->langs[k], t))
					li = k;
			CU_ASSERT(li >= 0 && (ag->langs >> li & 1));
		}
	}
	CU_ASSERT(hours >= ag->min_hours - 1e-9 && hours <= ag->max_hours + 1e-9);
	CU_ASSERT(days <= ag->max_days);
	int run = 0, offrun = 0, bestoff = 0;
	for (int d = 0; d < in->ndays; d++) {
		run = worked[d] ? run + 1 : 0;
		offrun = worked[d] ? 0 : offrun + 1;
		bestoff = offrun > bestoff ? offrun : bestoff;
		CU_ASSERT(run <= cfg->max_consecutive_days);
	}
	if (cfg->min_consecutive_days_off > 0 && cfg->min_consecutive_days_off <= in->ndays)
		CU_ASSERT(bestoff >= cfg->min_consecutive_days_off);
}

/* Understaffing in agent-hours by a max-flow of its own (augmenting paths
 * agent -> cell over the roster's on-duty agents, interval by interval). */
static double understaffing(const struct sp_input *in, const struct sp_reqs *req, const struct row *r, int n)
{
	int step = in->cfg.interval_minutes * 60, A = in->nagents, C = req->ncells;
	double total = 0;
	double *on = calloc((size_t)A, sizeof(double)), *need = calloc((size_t)C, sizeof(double));
	double *fl = calloc((size_t)A * C, sizeof(double));

	for (int t = 0; t < in->nint; t++) {
		time_t t0 = in->horizon_start + (time_t)t * step, t1 = t0 + step;
		memset(on, 0, (size_t)A * sizeof(double));
		memset(fl, 0, (size_t)A * C * sizeof(double));
		for (int i = 0; i < n; i++) {
			int a = agent_index(in, r[i].agent);
			on[a] += (overlap(t0, t1, r[i].start, r[i].end) - overlap(t0, t1, r[i].bs, r[i].be)) / step;
		}
		for (int c = 0; c < C; c++)
			need[c] = req->required[(size_t)c * in->nint + t];
		/* push along agent -> cell, re-routing through other agents:
		 * repeat BFS over cells reachable by shifting existing flow */
		for (;;) {
			int prev_c[256], prev_a[256], from_c[256], q[256], qh = 0, qt = 0, sink = -1;
			for (int c = 0; c < C; c++)
				prev_c[c] = -2;
			/* start: agents with spare time */
			for (int a = 0; a < A; a++) {
				double used = 0;
				for (int c = 0; c < C; c++)
					used += fl[(size_t)a * C + c];
				if (on[a] - used <= 1e-12)
					continue;
				const struct sp_agent *ag = &in->agents[a];
				for (int c = 0; c < C; c++)
					if (prev_c[c] == -2 && (ag->queues >> req->cells[c].queue & 1) &&
					    (ag->langs >> req->cells[c].lang & 1)) {
						prev_c[c] = -1;
						prev_a[c] = a;
						q[qt++] = c;
					}
			}
			while (qh < qt && sink < 0) {
				int c = q[qh++];
				double got = 0;
				for (int a = 0; a < A; a++)
					got += fl[(size_t)a * C + c];
				if (need[c] - got > 1e-12) {
					sink = c;
					break;
				}
				/* an agent giving time to c could give it elsewhere */
				for (int a = 0; a < A; a++) {
					if (fl[(size_t)a * C + c] <= 1e-12)
						continue;
					const struct sp_agent *ag = &in->agents[a];
					for (int c2 = 0; c2 < C; c2++)
						if (prev_c[c2] == -2 && (ag->queues >> req->cells[c2].queue & 1) &&
						    (ag->langs >> req->cells[c2].lang & 1)) {
							prev_c[c2] = c;
							prev_a[c2] = a;
							from_c[c2] = c;
							q[qt++] = c2;
						}
				}
			}
			if (sink < 0)
				break;
			/* bottleneck */
			double push = HUGE_VAL, got = 0;
			for (int a = 0; a < A; a++)
				got += fl[(size_t)a * C + sink];
			push = need[sink] - got;
			for (int c = sink; c >= 0; c = prev_c[c]) {
				int a = prev_a[c];
				if (prev_c[c] == -1) {
					double used = 0;
					for (int x = 0; x < C; x++)
						used += fl[(size_t)a * C + x];
					push = fmin(push, on[a] - used);
				} else {
					push = fmin(push, fl[(size_t)a * C + from_c[c]]);
				}
			}
			for (int c = sink; c >= 0; c = prev_c[c]) {
				int a = prev_a[c];
				fl[(size_t)a * C + c] += push;
				if (prev_c[c] >= 0)
					fl[(size_t)a * C + from_c[c]] -= push;
			}
		}
		for (int c = 0; c < C; c++) {
			double got = 0;
			for (int a = 0; a < A; a++)
				got += fl[(size_t)a * C + c];
			if (need[c] - got > 1e-9)
				total += (need[c] - got) * step / 3600.0;
		}
	}
	free(on);
	free(need);
	free(fl);
	return total;
}

/* Wages with night premium, from the rules (paid time in the night window
 * in site local time). */
static double wages(const struct sp_input *in, const struct row *r, int n)
{
	const struct sp_config *cfg = &in->cfg;
	double total = 0;
	for (int i = 0; i < n; i++) {
		const struct sp_agent *ag = &in->agents[agent_index(in, r[i].agent)];
		double night = 0;
		for (time_t t = r[i].start; t < r[i].end; t += 60) {
			if (r[i].bs && t >= r[i].bs && t < r[i].be)
				continue;
			struct sp_local l;
			sp_tz_local(&in->tz, t, &l);
			int m = l.hour * 60 + l.min;
			int in_night = cfg->night_start < cfg->night_end ? (m >= cfg->night_start && m < cfg->night_end)
									  : (m >= cfg->night_start || m < cfg->night_end);
			night += in_night ? 1 / 60.0 : 0;
		}
		total += ag->cost_per_hour * (r[i].paid + cfg->night_premium * night);
	}
	return total;
}

static double pref_hours(const struct sp_input *in, const struct row *r, int n)
{
	double h = 0;
	for (int i = 0; i < n; i++) {
		int a = agent_index(in, r[i].agent);
		for (int k = 0; k < in->navail; k++)
			if (in->avail[k].agent == a && in->avail[k].type == SP_PREFERRED_OFF)
				h += overlap(r[i].start, r[i].end, in->avail[k].start, in->avail[k].end) / 3600.0;
	}
	return h;
}

/* Every non-cancelled shift VEVENT of an agent's file, as UTC instants. */
static void check_ics(const char *dir, const struct row *r, int n, const struct sp_input *in)
{
	icaltimezone *utc = icaltimezone_get_utc_timezone();
	for (int a = 0; a < in->nagents; a++) {
		int mine = 0, found = 0;
		for (int i = 0; i < n; i++)
			mine += !strcmp(r[i].agent, in->agents[a].id);
		if (!mine)
			continue;
		char path[512];
		char *text = NULL;
		struct sp_err err;
		snprintf(path, sizeof(path), "%s/ics/%s.ics", dir, in->agents[a].id);
		CU_ASSERT_EQUAL_FATAL(sp_read_file(path, &text, &err), SP_OK);
		icalcomponent *cal = icalparser_parse_string(text);
		free(text);
		CU_ASSERT_PTR_NOT_NULL_FATAL(cal);
		for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
		     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
			const char *uid = icalcomponent_get_uid(ev);
			if (strstr(uid, "-break@") || icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED)
				continue;
			struct icaltimetype s0 = icaltime_convert_to_zone(icalcomponent_get_dtstart(ev), utc);
			struct icaltimetype s1 = icaltime_convert_to_zone(icalcomponent_get_dtend(ev), utc);
			time_t t0 = icaltime_as_timet(s0), t1 = icaltime_as_timet(s1);
			int match = 0;
			for (int i = 0; i < n; i++)
				match |= !strcmp(r[i].agent, in->agents[a].id) && r[i].start == t0 && r[i].end == t1;
			CU_ASSERT(match);
			found++;
		}
		CU_ASSERT_EQUAL(found, mine);
		icalcomponent_free(cal);
	}
}

/* The database a test's plan_solve opens through its opener; counts the
 * calls and remembers whether the last asked for an existing file. */
struct test_db {
	char path[512];
	struct sp_db *db;
	int opens, must_exist;
};

static sp_status open_test_db(void *arg, int must_exist, struct sp_db **db, struct sp_err *err)
{
	struct test_db *t = arg;

	t->opens++;
	t->must_exist = must_exist;
	if (!t->db) {
		sp_status st = db_open(t->path, must_exist, &t->db, err);
		if (st != SP_OK)
			return st;
	}
	*db = t->db;
	return SP_OK;
}

static void test_db_init(struct test_db *t, const char *name)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->path, sizeof(t->path), "%s/%s", test_tmpdir(), name);
}

/* plan_solve into a fresh result, quietly; the caller releases res. */
static sp_status solve(const struct plan_request *rq, struct plan_result *res, struct sp_err *err)
{
	plan_result_init(res);
	res->in.warn = NULL;
	return plan_solve(rq, res, err);
}

/* mip_gap < 0: the instance's own */
static void plan_and_check(const char *data, double time_limit, double mip_gap)
{
	struct plan_paths paths = { test_path(data), NULL, NULL, NULL, NULL };
	struct test_db tdb;
	struct plan_result res;
	struct sp_err err = SP_ERR_INIT;
	const char *dir = test_tmpdir();
	struct plan_request rq = {
		.paths = &paths, .time_limit = time_limit, .gap = mip_gap < 0 ? NAN : mip_gap, .quiet = 1,
		.outdir = dir, .open_db = open_test_db, .open_db_arg = &tdb,
	};
	char path[512];

	test_db_init(&tdb, "plan.db");
	if (solve(&rq, &res, &err) != SP_OK)
		fprintf(stderr, "\n  plan_solve(%s): %s\n", data, err.msg);
	CU_ASSERT_EQUAL_FATAL(err.code, SP_OK);
	const struct sp_input *in = &res.in;
	const struct sp_reqs *req = &res.req;
	double gap_given = mip_gap < 0 ? in->cfg.mip_gap : mip_gap;

	/* looked for the week before in an existing database only (there is
	 * none), then stored once, after the solve, in one it could create */
	CU_ASSERT_EQUAL(tdb.opens, 2);
	CU_ASSERT_EQUAL(tdb.must_exist, 0);
	CU_ASSERT_EQUAL(res.run.previous_run, 0);
	CU_ASSERT_STRING_EQUAL(res.run.previous_source, "");
	CU_ASSERT_PTR_NOT_NULL(strstr(res.previous, "none"));
	CU_ASSERT(res.run.id > 0);
	struct sp_run back;
	sp_run_init(&back);
	CU_ASSERT_EQUAL(db_load_run(tdb.db, res.run.id, NULL, &back, &err), SP_OK);
	CU_ASSERT_EQUAL(back.nshifts, res.run.nshifts);
	sp_run_release(&back);
	char *name = NULL, *text = NULL;
	CU_ASSERT_EQUAL(db_get_input(tdb.db, "base", "forecast", &name, &text, &err), SP_OK);
	CU_ASSERT(name && strstr(name, "forecast.csv"));
	CU_ASSERT(text && strlen(text) > 0);
	free(name);
	free(text);

	struct row *r;
	snprintf(path, sizeof(path), "%s/roster.csv", dir);
	int n = read_roster(path, &in->tz, &r);
	CU_ASSERT_FATAL(n > 0);
	for (int i = 0; i < n; i++)
		CU_ASSERT(agent_index(in, r[i].agent) >= 0);
	for (int a = 0; a < in->nagents; a++)
		check_agent_rules(in, a, r, n);

	json_error_t je;
	snprintf(path, sizeof(path), "%s/kpis.json", dir);
	json_t *k = json_load_file(path, 0, &je);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	double cost = json_number_value(json_object_get(k, "cost"));
	double under = json_number_value(json_object_get(k, "understaffing_agent_hours"));
	double obj = json_number_value(json_object_get(k, "objective"));
	double lb = json_number_value(json_object_get(k, "lower_bound"));
	double gap = json_number_value(json_object_get(k, "gap"));
	double w = wages(in, r, n), u = understaffing(in, req, r, n), ph = pref_hours(in, r, n);
	CU_ASSERT_DOUBLE_EQUAL(cost, w, 1e-6 * (1 + w));
	CU_ASSERT_DOUBLE_EQUAL(under, u, 1e-6 * (1 + u));
	double expect = w + in->cfg.understaffing_penalty * u + in->cfg.preferred_off_penalty * ph;
	CU_ASSERT_DOUBLE_EQUAL(obj, expect, 1e-6 * (1 + expect));
	CU_ASSERT(lb <= obj + 1e-6 && lb >= 0);
	CU_ASSERT_DOUBLE_EQUAL(gap, obj > 0 ? (obj - lb) / obj : 0, 1e-9);
	/* "optimal" means within the gap the run was given, not the file's */
	const char *status = json_string_value(json_object_get(k, "status"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(status);
	CU_ASSERT_EQUAL(!strcmp(status, "optimal"), gap <= gap_given + 1e-9);
	json_decref(k);
	check_ics(dir, r, n, in);

	free(r);
	plan_result_release(&res);
	db_close(tdb.db);
}

static void test_plan_tiny_obeys_every_rule(void)
{
	plan_and_check("data/tiny", 30, -1);
}

static void test_plan_dst_week_obeys_every_rule(void)
{
	plan_and_check("data/dst-london", 30, -1);
}

/* With no gap to stop at, the bound thread ends within a second and two
 * searchers anneal the same roster for the rest of the time (search.c):
 * every rule still holds, and the objective is the roster's. */
static void test_plan_two_searchers_obey_every_rule(void)
{
	plan_and_check("data/dst-london", 6, 0);
}

/* A plan's outputs replace the old ones together: when one cannot be
 * written (report.html, written after roster, KPIs and calendars), none of
 * the old files has changed and no temporary file is left; a changes.csv
 * that the new outputs do not have goes with the commit. */
static void test_plan_outputs_replace_together(void)
{
	struct sp_run run, base;
	struct sp_err err = SP_ERR_INIT;
	const char *dir = test_tmpdir();
	char path[512], kpis[512], roster[512], cal[512];
	int nchg = -1;

	sp_run_init(&run);
	sp_run_init(&base);
	snprintf(run.site_tz, sizeof(run.site_tz), "UTC");
	run.interval_minutes = 60;
	run.horizon_start = 1795996800; /* Monday 2026-11-30T00:00Z */
	run.ndays = 7;
	struct sp_run_shift *sh = sp_run_add_shift(&run, "ann", "Ann", "UTC", "");
	snprintf(sh->date, sizeof(sh->date), "2026-12-01");
	sh->start = run.horizon_start + 33 * 3600; /* Tuesday 09:00 */
	sh->end = sh->start + 4 * 3600;
	sh->paid_minutes = 240;
	run.kpis.objective = 80;
	snprintf(kpis, sizeof(kpis), "%s/kpis.json", dir);
	snprintf(roster, sizeof(roster), "%s/roster.csv", dir);
	snprintf(cal, sizeof(cal), "%s/ics/ann.ics", dir);
	CU_ASSERT_EQUAL_FATAL(plan_write_outputs(NULL, NULL, &run, NULL, NULL, dir, NULL, &err), SP_OK);
	char *k0 = test_slurp(kpis, NULL), *r0 = test_slurp(roster, NULL), *c0 = test_slurp(cal, NULL);
	CU_ASSERT_FATAL(k0 && r0 && c0);

	/* the shift moves an hour; report.html cannot be written */
	sh->start += 3600;
	sh->end += 3600;
	run.kpis.objective = 90;
	snprintf(path, sizeof(path), "%s/report.html", dir);
	CU_ASSERT_EQUAL_FATAL(remove(path), 0);
	CU_ASSERT_EQUAL_FATAL(mkdir(path, 0700), 0);
	CU_ASSERT_EQUAL(plan_write_outputs(NULL, NULL, &run, NULL, NULL, dir, NULL, &err), SP_ERR_IO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "report.html"));
	char *k1 = test_slurp(kpis, NULL), *r1 = test_slurp(roster, NULL), *c1 = test_slurp(cal, NULL);
	CU_ASSERT(k1 && !strcmp(k0, k1));
	CU_ASSERT(r1 && !strcmp(r0, r1));
	CU_ASSERT(c1 && !strcmp(c0, c1));
	CU_ASSERT_EQUAL(test_count_entries(dir), 5); /* roster, coverage, kpis, ics/, report.html/ */
	snprintf(path, sizeof(path), "%s/ics", dir);
	CU_ASSERT_EQUAL(test_count_entries(path), 2); /* ann.ics, team.ics */

	/* once it can, every file is new, and changes.csv joins them */
	snprintf(path, sizeof(path), "%s/report.html", dir);
	CU_ASSERT_EQUAL_FATAL(rmdir(path), 0);
	CU_ASSERT_EQUAL(plan_write_outputs(NULL, NULL, &run, &base, NULL, dir, &nchg, &err), SP_OK);
	char *k2 = test_slurp(kpis, NULL), *r2 = test_slurp(roster, NULL);
	CU_ASSERT(k2 && strcmp(k0, k2) != 0 && strstr(k2, "\"objective\": 90"));
	CU_ASSERT(r2 && strcmp(r0, r2) != 0 && strstr(r2, "T10:00"));
	CU_ASSERT_EQUAL(nchg, 1);
	CU_ASSERT_EQUAL(test_count_entries(dir), 6);

	/* a plan without a baseline takes the old changes.csv away: it
	 * listed the changes of another run */
	snprintf(path, sizeof(path), "%s/changes.csv", dir);
	CU_ASSERT_EQUAL(access(path, F_OK), 0);
	CU_ASSERT_EQUAL(plan_write_outputs(NULL, NULL, &run, NULL, NULL, dir, NULL, &err), SP_OK);
	CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
	CU_ASSERT_EQUAL(test_count_entries(dir), 5);
	free(k0);
	free(r0);
	free(c0);
	free(k1);
	free(r1);
	free(c1);
	free(k2);
	free(r2);
	sp_run_release(&run);
	sp_run_release(&base);
}

/* The id of the latest stored run, 0 when there is none. */
static long long latest_run(struct sp_db *db)
{
	struct sp_run r;
	struct sp_err err = SP_ERR_INIT;
	long long id = 0;

	sp_run_init(&r);
	if (db_load_run(db, 0, NULL, &r, &err) == SP_OK)
		id = r.id;
	sp_run_release(&r);
	return id;
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Bad input, a bad override, a bad shifts file or a missing folder: an
 * error naming it, and neither the database nor the output folder is
 * opened or created. */
static void test_plan_solve_bad_input_touches_nothing(void)
{
	struct plan_paths tiny = { test_path("data/tiny"), NULL, NULL, NULL, NULL };
	struct plan_paths missing = { "no-such-folder", NULL, NULL, NULL, NULL };
	const char *bad_set[] = { "service.no_such_key=1" };
	char out[512], shifts[512];
	struct {
		const struct plan_paths *paths;
		const char *const *sets;
		int nsets;
		const char *shifts, *needle;
	} cases[] = {
		{ &tiny, bad_set, 1, NULL, "no_such_key" },
		{ &tiny, NULL, 0, shifts, "shifts.csv:2" },
		{ &tiny, NULL, 0, "no-such-shifts.csv", "no-such-shifts.csv" },
		{ &missing, NULL, 0, NULL, "no-such-folder" },
	};

	snprintf(out, sizeof(out), "%s/out", test_tmpdir());
	snprintf(shifts, sizeof(shifts), "%s/shifts.csv", test_tmpdir());
	FILE *f = fopen(shifts, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("start,length_minutes,mon,tue,wed,thu,fri,sat,sun\n25:00,480,1,1,1,1,1,1,1\n", f);
	fclose(f);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct test_db tdb;
		struct plan_result res;
		struct sp_err err = SP_ERR_INIT;
		struct plan_request rq = {
			.paths = cases[i].paths, .sets = cases[i].sets, .nsets = cases[i].nsets,
			.shifts = cases[i].shifts, .time_limit = 2, .gap = NAN, .quiet = 1, .outdir = out,
			.open_db = open_test_db, .open_db_arg = &tdb,
		};
		test_db_init(&tdb, "never.db");
		CU_ASSERT_NOT_EQUAL(solve(&rq, &res, &err), SP_OK);
		if (!strstr(err.msg, cases[i].needle))
			fprintf(stderr, "\n  case %zu: message \"%s\" lacks \"%s\"\n", i, err.msg, cases[i].needle);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, cases[i].needle));
		CU_ASSERT_EQUAL(tdb.opens, 0);
		CU_ASSERT_FALSE(exists(tdb.path));
		CU_ASSERT_FALSE(exists(out));
		plan_result_release(&res);
	}
}

/* A baseline is read from an existing database only: an unknown run id
 * or a missing database fails before the solve, storing and writing
 * nothing; a known one is re-planned against and changes.csv written. */
static void test_plan_solve_baseline(void)
{
	struct plan_paths tiny = { test_path("data/tiny"), NULL, NULL, NULL, NULL };
	struct test_db tdb;
	struct plan_result res;
	struct sp_err err = SP_ERR_INIT;
	char out[512], changes[600];
	struct plan_request rq = {
		.paths = &tiny, .time_limit = 3, .gap = 0.05, .quiet = 1,
		.open_db = open_test_db, .open_db_arg = &tdb,
	};

	snprintf(out, sizeof(out), "%s/out", test_tmpdir());
	snprintf(changes, sizeof(changes), "%s/changes.csv", out);
	/* no database yet: it is not created to look for run 1 */
	test_db_init(&tdb, "replan.db");
	rq.baseline = 1;
	rq.outdir = out;
	CU_ASSERT_EQUAL(solve(&rq, &res, &err), SP_ERR_USAGE);
	CU_ASSERT_EQUAL(tdb.must_exist, 1);
	CU_ASSERT_FALSE(exists(tdb.path));
	CU_ASSERT_FALSE(exists(out));
	plan_result_release(&res);

	/* run 1, no outputs */
	rq.baseline = 0;
	rq.outdir = NULL;
	CU_ASSERT_EQUAL_FATAL(solve(&rq, &res, &err), SP_OK);
	CU_ASSERT_EQUAL(res.run.id, 1);
	CU_ASSERT_FALSE(exists(out));
	plan_result_release(&res);

	/* run 99 is unknown: nothing stored, nothing written */
	rq.baseline = 99;
	rq.outdir = out;
	CU_ASSERT_EQUAL(solve(&rq, &res, &err), SP_ERR_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "99"));
	CU_ASSERT_EQUAL(latest_run(tdb.db), 1);
	CU_ASSERT_FALSE(exists(out));
	plan_result_release(&res);

	/* against run 1: the same inputs, so nothing need move */
	rq.baseline = 1;
	CU_ASSERT_EQUAL_FATAL(solve(&rq, &res, &err), SP_OK);
	CU_ASSERT_EQUAL(res.run.id, 2);
	CU_ASSERT_EQUAL(res.run.baseline, 1);
	CU_ASSERT_EQUAL(res.base.id, 1);
	CU_ASSERT(res.nchanges >= 0 && res.nchanges <= res.base.nshifts + res.run.nshifts);
	CU_ASSERT(exists(changes));
	plan_result_release(&res);
	db_close(tdb.db);
}

/* A fresh tdb holding data/tiny imported with plan_import, as scenario
 * base, and the what-if "busy" (English volume x1.5). */
static void import_tiny(struct test_db *tdb, const char *name)
{
	static const char *const files[4] = { "plan.ini", "forecast.csv", "agents.csv", "availability.csv" };
	static const char *const kinds[4] = { "config", "forecast", "agents", "availability" };
	struct sp_err err = SP_ERR_INIT;
	char path[512];

	test_db_init(tdb, name);
	CU_ASSERT_EQUAL_FATAL(db_open(tdb->path, 0, &tdb->db, &err), SP_OK);
	for (int k = 0; k < 4; k++) {
		snprintf(path, sizeof(path), "%s/%s", test_path("data/tiny"), files[k]);
		CU_ASSERT_EQUAL_FATAL(plan_input_kind(kinds[k]), k);
		CU_ASSERT_EQUAL_FATAL(plan_import(tdb->db, k, path, &err), SP_OK);
	}
	CU_ASSERT_EQUAL_FATAL(scen_create(tdb->db, "busy", "base", "scale language=en 1.5\n", &err), SP_OK);
}

/* Stored inputs: imported with plan_import, changed by a scenario, solved
 * with only the offered shifts; the run is stored under the scenario. */
static void test_plan_solve_scenario_with_offered_shifts(void)
{
	struct test_db tdb;
	struct plan_result res;
	struct sp_err err = SP_ERR_INIT;
	char shifts[512];
	struct plan_request rq = {
		.scenario = "busy", .shifts = shifts, .time_limit = 3, .gap = 0.05, .quiet = 1,
		.open_db = open_test_db, .open_db_arg = &tdb,
	};

	import_tiny(&tdb, "stored.db");
	snprintf(shifts, sizeof(shifts), "%s/shifts.csv", test_tmpdir());
	FILE *f = fopen(shifts, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("start,length_minutes,mon,tue,wed,thu,fri,sat,sun\n08:00,480,1,1,1,1,1,1,1\n"
	      "10:00,240,1,1,1,1,1,1,1\n", f);
	fclose(f);

	if (solve(&rq, &res, &err) != SP_OK)
		fprintf(stderr, "\n  plan_solve(busy): %s\n", err.msg);
	CU_ASSERT_EQUAL_FATAL(err.code, SP_OK);
	CU_ASSERT_STRING_EQUAL(res.run.scenario, "busy");
	CU_ASSERT_EQUAL(latest_run(tdb.db), res.run.id);
	CU_ASSERT_EQUAL(tdb.must_exist, 1); /* stored inputs are read from an existing database */
	CU_ASSERT_FATAL(res.run.nshifts > 0);
	for (int i = 0; i < res.run.nshifts; i++) {
		const struct sp_run_shift *sh = &res.run.shifts[i];
		struct sp_local l;
		sp_tz_local(&res.in.tz, sh->start, &l);
		int start = l.hour * 60 + l.min;
		CU_ASSERT((start == 480 && sh->paid_minutes == 480) || (start == 600 && sh->paid_minutes == 240));
	}
	plan_result_release(&res);

	/* an unknown scenario: a usage error naming it, nothing stored */
	long long before = latest_run(tdb.db);
	rq.scenario = "no-such";
	CU_ASSERT_EQUAL(solve(&rq, &res, &err), SP_ERR_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no-such"));
	CU_ASSERT_EQUAL(latest_run(tdb.db), before);
	plan_result_release(&res);
	db_close(tdb.db);
}

/* Every publication row: n of them, the latest run that wrote one, and
 * the sum of their SEQUENCEs (what a feed shows, in three numbers). */
static void publications_of(struct sp_db *db, int *n, long long *run, long long *seqs)
{
	struct ics_pub *p = NULL;
	struct sp_err err = SP_ERR_INIT;

	*n = 0;
	*run = *seqs = 0;
	CU_ASSERT_EQUAL_FATAL(db_get_publications(db, "0000-00-00", "9999-99-99", &p, n, &err), SP_OK);
	for (int i = 0; i < *n; i++) {
		if (p[i].run_id > *run)
			*run = p[i].run_id;
		*seqs += p[i].sequence;
	}
	ics_pubs_free(p, *n);
}

/* SPEC 9: a schedule of base reaches the feeds as a plan does, with no
 * output folder; a what-if run changes no row; a re-run of base numbers
 * from what was published (the same publication code). */
static void test_plan_solve_schedule_publishes_base_only(void)
{
	struct test_db tdb;
	struct plan_result res;
	struct sp_err err = SP_ERR_INIT;
	struct plan_request rq = {
		.scenario = "base", .time_limit = 3, .gap = 0.05, .quiet = 1,
		.open_db = open_test_db, .open_db_arg = &tdb,
	};
	long long run, seqs, run2, seqs2;
	int n, n2;

	import_tiny(&tdb, "schedule.db");
	CU_ASSERT_EQUAL_FATAL(solve(&rq, &res, &err), SP_OK);
	publications_of(tdb.db, &n, &run, &seqs);
	CU_ASSERT_EQUAL(n, res.run.nshifts);
	CU_ASSERT_EQUAL(run, res.run.id);
	CU_ASSERT_EQUAL(seqs, 0);
	plan_result_release(&res);

	rq.scenario = "busy";
	CU_ASSERT_EQUAL_FATAL(solve(&rq, &res, &err), SP_OK);
	CU_ASSERT(res.run.id > run);
	publications_of(tdb.db, &n2, &run2, &seqs2);
	CU_ASSERT_EQUAL(n2, n);
	CU_ASSERT_EQUAL(run2, run);
	CU_ASSERT_EQUAL(seqs2, 0);
	plan_result_release(&res);

	/* base again: every row now the latest run's, none numbered back */
	rq.scenario = "base";
	CU_ASSERT_EQUAL_FATAL(solve(&rq, &res, &err), SP_OK);
	publications_of(tdb.db, &n2, &run2, &seqs2);
	CU_ASSERT(n2 >= n);
	CU_ASSERT_EQUAL(run2, res.run.id);
	plan_result_release(&res);
	db_close(tdb.db);
}

static char *requirements_text(const struct plan_paths *p, const char *const *sets, int nsets, int format,
			       sp_status *st, struct sp_err *err)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	*st = plan_requirements(p, sets, nsets, format, f, err);
	fclose(f);
	return text;
}

/* The table of the config and forecast alone, overrides applied. */
static void test_plan_requirements(void)
{
	struct plan_paths tiny = { test_path("data/tiny"), NULL, NULL, NULL, NULL };
	struct plan_paths no_agents = { NULL, NULL, NULL, NULL, NULL };
	char cfg[512], fc[512];
	const char *half[] = { "service.bot_deflection=0.5", "queue.chat.bot_deflection=0.5",
			       "queue.email.bot_deflection=0.5" };
	const char *bad[] = { "service.shrinkage=1.5" };
	struct sp_err err = SP_ERR_INIT;
	sp_status st;

	char *csv = requirements_text(&tiny, NULL, 0, REQ_CSV, &st, &err);
	CU_ASSERT_EQUAL(st, SP_OK);
	CU_ASSERT_FATAL(csv != NULL);
	CU_ASSERT_EQUAL(strncmp(csv, "start,queue,language,volume,aht,traffic,agents,required,service_level,asa\n", 73), 0);
	/* the agents are not read: the config and forecast alone give the same table */
	snprintf(cfg, sizeof(cfg), "%s/plan.ini", test_path("data/tiny"));
	snprintf(fc, sizeof(fc), "%s/forecast.csv", test_path("data/tiny"));
	no_agents.dir = "no-such-folder";
	no_agents.config = cfg;
	no_agents.forecast = fc;
	char *alone = requirements_text(&no_agents, NULL, 0, REQ_CSV, &st, &err);
	CU_ASSERT_EQUAL(st, SP_OK);
	CU_ASSERT(alone && !strcmp(alone, csv));
	/* more deflection, less traffic */
	char *less = requirements_text(&tiny, half, 3, REQ_CSV, &st, &err);
	CU_ASSERT_EQUAL(st, SP_OK);
	CU_ASSERT(less && strcmp(less, csv) != 0);
	char *json = requirements_text(&tiny, NULL, 0, REQ_JSON, &st, &err);
	CU_ASSERT(json && json[0] == '[');
	char *none = requirements_text(&tiny, bad, 1, REQ_CSV, &st, &err);
	CU_ASSERT_EQUAL(st, SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "shrinkage"));
	CU_ASSERT(none && !*none);
	free(csv);
	free(alone);
	free(less);
	free(json);
	free(none);
}

/* Import checks a file with what is stored and stores only what parses. */
static void test_plan_import_checks_before_storing(void)
{
	char path[512], bad[512];
	struct sp_db *db = NULL;
	struct sp_err err = SP_ERR_INIT;
	char *name = NULL, *text = NULL;

	snprintf(path, sizeof(path), "%s/import.db", test_tmpdir());
	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);
	CU_ASSERT_EQUAL(plan_input_kind("roster"), -1);

	/* availability needs the agents */
	snprintf(path, sizeof(path), "%s/availability.csv", test_path("data/tiny"));
	CU_ASSERT_EQUAL(plan_import(db, plan_input_kind("availability"), path, &err), SP_ERR_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "agents"));
	CU_ASSERT_EQUAL(db_get_input(db, "base", "availability", &name, &text, &err), SP_OK);
	CU_ASSERT_PTR_NULL(text);

	/* a forecast with a negative volume on line 4 */
	snprintf(path, sizeof(path), "%s/plan.ini", test_path("data/tiny"));
	CU_ASSERT_EQUAL_FATAL(plan_import(db, plan_input_kind("config"), path, &err), SP_OK);
	snprintf(bad, sizeof(bad), "%s/neg.csv", test_tmpdir());
	FILE *f = fopen(bad, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("start,queue,language,volume\n2026-11-30T08:00,chat,en,3\n2026-11-30T09:00,chat,en,-3\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(plan_import(db, plan_input_kind("forecast"), bad, &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "neg.csv:3"));
	CU_ASSERT_EQUAL(db_get_input(db, "base", "forecast", &name, &text, &err), SP_OK);
	CU_ASSERT_PTR_NULL(text);

	/* the good one is stored as it is */
	snprintf(path, sizeof(path), "%s/forecast.csv", test_path("data/tiny"));
	CU_ASSERT_EQUAL(plan_import(db, plan_input_kind("forecast"), path, &err), SP_OK);
	CU_ASSERT_EQUAL(db_get_input(db, "base", "forecast", &name, &text, &err), SP_OK);
	char *file = test_slurp(path, NULL);
	CU_ASSERT(text && file && !strcmp(text, file));
	CU_ASSERT(name && !strcmp(name, path));
	free(file);
	free(name);
	free(text);
	db_close(db);
}

/* ---- week after week (SPEC 7) ------------------------------------------ */

/* text with every line that starts with a date moved by days (a forecast
 * of data/tiny a period later).  The caller frees. */
static char *shift_dates(const char *text, int days)
{
	size_t n = strlen(text);
	char *out = malloc(n + 1), day[16];
	long d;

	memcpy(out, text, n + 1);
	for (char *line = out; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (strlen(line) < 10 || line[0] < '0' || line[0] > '9')
			continue;
		memcpy(day, line, 10);
		day[10] = '\0';
		if (sp_date_parse(day, &d) != 0)
			continue;
		sp_date_print(d + days, day);
		memcpy(line, day, 10);
	}
	return out;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

/* A (queue, language) nobody may serve is planned understaffed, with one
 * warning that names it; a language written in capitals is no such
 * pair (BCP 47 tags are case-insensitive). */
static void test_plan_solve_warns_of_a_pair_nobody_serves(void)
{
	struct plan_paths paths = { test_path("data/tiny"), NULL, NULL, NULL, NULL };
	struct test_db tdb;
	struct plan_result res;
	struct sp_err err = SP_ERR_INIT;
	char src[512], fc[512], *warned = NULL;
	size_t wlen = 0;
	struct plan_request rq = {
		.paths = &paths, .time_limit = 10, .gap = NAN, .quiet = 1, .previous = "none",
		.open_db = open_test_db, .open_db_arg = &tdb,
	};

	snprintf(src, sizeof(src), "%s/forecast.csv", test_path("data/tiny"));
	snprintf(fc, sizeof(fc), "%s/unserved.csv", test_tmpdir());
	char *text = test_slurp(src, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	struct buf b = BUF_INIT;
	buf_puts(&b, text);
	buf_puts(&b, "2026-11-30T10:00,email,ko,5,600\n2026-11-30T11:00,email,ko,4,600\n"
		     "2026-11-30T08:00,chat,ZH,2,480\n");
	write_text(fc, b.s);
	paths.forecast = fc;
	test_db_init(&tdb, "unserved.db");
	plan_result_init(&res);
	res.in.warn = open_memstream(&warned, &wlen);
	CU_ASSERT_EQUAL(plan_solve(&rq, &res, &err), SP_OK);
	fclose(res.in.warn);
	res.in.warn = NULL;
	CU_ASSERT_PTR_NOT_NULL(strstr(warned, "warning: queue 'email', language 'ko': "));
	CU_ASSERT_PTR_NOT_NULL(strstr(warned, "agent-hours required and no agent serves both"));
	CU_ASSERT_PTR_NULL(strstr(warned, "'zh'"));
	CU_ASSERT_PTR_NULL(strstr(warned, "'ZH'"));
	/* once for the pair, not per interval */
	CU_ASSERT_PTR_NULL(strstr(strstr(warned, "warning: queue") + 1, "warning: queue"));
	CU_ASSERT(res.run.kpis.understaffing_agent_hours > 0);
	plan_result_release(&res);
	db_close(tdb.db);
	buf_release(&b);
	free(text);
	free(warned);
}

/* data/tiny's forecast moved by days, written to tmpdir/name. */
static const char *tiny_forecast_later(const char *name, int days)
{
	static char path[4][512];
	static int next;
	char *p = path[next++ % 4], src[512];

	snprintf(src, sizeof(src), "%s/forecast.csv", test_path("data/tiny"));
	char *text = test_slurp(src, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	char *later = shift_dates(text, days);
	snprintf(p, sizeof(path[0]), "%s/%s", test_tmpdir(), name);
	write_text(p, later);
	free(text);
	free(later);
	return p;
}

/* The inputs of data/tiny (Asia/Singapore, 2026-11-30 .. 2026-12-02, agents
 * A001..A008) moved days later; warnings to warn. */
static void tiny_input(struct sp_input *in, int days, FILE *warn)
{
	static const char *const files[3] = { "plan.ini", "agents.csv", "forecast.csv" };
	struct sp_err err = SP_ERR_INIT;
	char *text[3], path[512];

	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", test_path("data/tiny"), files[i]);
		text[i] = test_slurp(path, NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text[i]);
	}
	char *later = shift_dates(text[2], days);
	sp_input_init(in);
	in->warn = NULL;
	CU_ASSERT_EQUAL_FATAL(sp_input_load_config(in, text[0], "plan.ini", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(sp_input_load_agents(in, text[1], "agents.csv", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(sp_input_load_forecast(in, later, "forecast.csv", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(sp_input_finish(in, &err), SP_OK);
	in->warn = warn;
	for (int i = 0; i < 3; i++)
		free(text[i]);
	free(later);
}

/* A stored run of scenario in Asia/Singapore from local midnight of day
 * (YYYY-MM-DD) for ndays, with one 8-hour shift (break 12:00-13:00) on
 * its last day for each agent id given.  Returns its id. */
static int64_t store_run(struct sp_db *db, const char *scenario, const char *day, int ndays,
			 const char *const *agents, int nagents)
{
	struct sp_run run;
	struct sp_tz tz;
	struct sp_err err = SP_ERR_INIT;
	long d;
	int y, m, dd;

	sp_run_init(&run);
	snprintf(run.scenario, sizeof(run.scenario), "%s", scenario);
	snprintf(run.site_tz, sizeof(run.site_tz), "Asia/Singapore");
	run.interval_minutes = 60;
	run.ndays = ndays;
	CU_ASSERT_EQUAL_FATAL(sp_tz_init(&tz, "Asia/Singapore", &err), SP_OK);
	CU_ASSERT_EQUAL_FATAL(sp_date_parse(day, &d), 0);
	sp_civil_from_days(d, &y, &m, &dd);
	sp_tz_to_utc(&tz, y, m, dd, 0, 0, &run.horizon_start);
	for (int i = 0; i < nagents; i++) {
		struct sp_run_shift *s = sp_run_add_shift(&run, agents[i], agents[i], "Asia/Singapore", "");
		time_t last = sp_tz_add_days(&tz, run.horizon_start, ndays - 1);
		s->start = last + 8 * 3600;
		s->end = last + 17 * 3600;
		s->brk_start = last + 12 * 3600;
		s->brk_end = last + 13 * 3600;
		s->paid_minutes = 480;
		sp_date_format(&tz, last, s->date);
	}
	CU_ASSERT_EQUAL_FATAL(db_save_run(db, &run, &err), SP_OK);
	int64_t id = run.id;
	sp_run_release(&run);
	return id;
}

/* Which stored run is the week before: the latest run of scenario base
 * whose horizon ends exactly where the new one starts; what-if runs, and
 * runs ending elsewhere (the same horizon, a week earlier) are passed by.
 * --previous RUN takes any run that ends by the start (a gap is warned
 * about) and refuses one that ends after it, naming both instants. */
static void test_plan_previous_from_stored_runs(void)
{
	const char *const one[] = { "A001" }, *const two[] = { "A002", "X9" };
	struct sp_input in;
	struct sp_previous prev;
	struct sp_db *db = NULL;
	struct sp_err err = SP_ERR_INIT;
	char path[512], what[256], *warned = NULL;
	size_t wlen = 0;
	FILE *warn = open_memstream(&warned, &wlen);

	/* the new horizon: 2026-12-03 .. 2026-12-05, right after data/tiny's */
	tiny_input(&in, 3, warn);
	snprintf(path, sizeof(path), "%s/weeks.db", test_tmpdir());
	CU_ASSERT_EQUAL_FATAL(db_open(path, 0, &db, &err), SP_OK);

	/* without a database, or an empty one: none, and the summary says why */
	CU_ASSERT_EQUAL(plan_load_previous(NULL, NULL, &in, &prev, what, sizeof(what), &err), SP_OK);
	CU_ASSERT_EQUAL(prev.n, 0);
	CU_ASSERT_STRING_EQUAL(prev.source, "");
	CU_ASSERT_PTR_NOT_NULL(strstr(what, "none"));
	CU_ASSERT_PTR_NOT_NULL(strstr(what, "2026-12-03"));
	sp_previous_release(&prev);
	CU_ASSERT_EQUAL(plan_load_previous(db, NULL, &in, &prev, what, sizeof(what), &err), SP_OK);
	CU_ASSERT_EQUAL(prev.run_id, 0);
	sp_previous_release(&prev);

	int64_t r1 = store_run(db, "base", "2026-11-30", 3, one, 1);     /* ends 12-03: a candidate */
	int64_t r2 = store_run(db, "base", "2026-11-29", 4, two, 2);     /* ends 12-03: the latest */
	int64_t r3 = store_run(db, "ko-up", "2026-11-30", 3, one, 1);    /* a what-if */
	int64_t r4 = store_run(db, "base", "2026-12-03", 3, one, 1);     /* this horizon */
	int64_t r5 = store_run(db, "base", "2026-11-20", 3, one, 1);     /* ends 11-23 */
	CU_ASSERT_FATAL(r1 < r2 && r2 < r3 && r3 < r4 && r4 < r5);

	/* the default: run r2, its known agents only (X9 warned about once) */
	CU_ASSERT_EQUAL(plan_load_previous(db, NULL, &in, &prev, what, sizeof(what), &err), SP_OK);
	CU_ASSERT_EQUAL(prev.run_id, r2);
	CU_ASSERT_EQUAL(prev.n, 1);
	CU_ASSERT_EQUAL(prev.nunknown, 1);
	char want[64];
	snprintf(want, sizeof(want), "run %lld (2026-11-29 .. 2026-12-02)", (long long)r2);
	CU_ASSERT_STRING_EQUAL(what, want);
	snprintf(want, sizeof(want), "run %lld", (long long)r2);
	CU_ASSERT_STRING_EQUAL(prev.source, want);
	CU_ASSERT_EQUAL(prev.shifts[0].agent, 1); /* A002 */
	sp_previous_release(&prev);
	fflush(warn);
	CU_ASSERT(warned && strstr(warned, "agent 'X9' is not in the agents file"));

	/* by id: r1 ends where the horizon starts, r5 before it (a gap) */
	snprintf(want, sizeof(want), "%lld", (long long)r1);
	CU_ASSERT_EQUAL(plan_load_previous(db, want, &in, &prev, what, sizeof(what), &err), SP_OK);
	CU_ASSERT_EQUAL(prev.run_id, r1);
	CU_ASSERT_EQUAL(prev.n, 1);
	sp_previous_release(&prev);
	fflush(warn);
	CU_ASSERT_PTR_NULL(strstr(warned, "a gap"));
	snprintf(want, sizeof(want), "%lld", (long long)r5);
	CU_ASSERT_EQUAL(plan_load_previous(db, want, &in, &prev, what, sizeof(what), &err), SP_OK);
	CU_ASSERT_EQUAL(prev.run_id, r5);
	sp_previous_release(&prev);
	fflush(warn);
	CU_ASSERT_PTR_NOT_NULL(strstr(warned, "ends 2026-11-23T00:00+08:00, before this horizon starts "
					  "(2026-12-03T00:00+08:00): a gap"));
	/* a what-if run, named: taken as it is */
	snprintf(want, sizeof(want), "%lld", (long long)r3);
	CU_ASSERT_EQUAL(plan_load_previous(db, want, &in, &prev, what, sizeof(what), &err), SP_OK);
	CU_ASSERT_EQUAL(prev.run_id, r3);
	sp_previous_release(&prev);

	/* the same horizon: ends after the start */
	snprintf(want, sizeof(want), "%lld", (long long)r4);
	CU_ASSERT_EQUAL(plan_load_previous(db, want, &in, &prev, what, sizeof(what), &err), SP_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "ends 2026-12-06T00:00+08:00, after this horizon starts (2026-12-03T00:00+08:00)"));
	CU_ASSERT_EQUAL(prev.n, 0);
	/* unknown, zero, no database, empty */
	CU_ASSERT_EQUAL(plan_load_previous(db, "99", &in, &prev, what, sizeof(what), &err), SP_ERR_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "--previous 99: no stored run 99, expected the id of a stored run"));
	CU_ASSERT_EQUAL(plan_load_previous(db, "0", &in, &prev, what, sizeof(what), &err), SP_ERR_USAGE);
	CU_ASSERT_EQUAL(plan_load_previous(db, "99999999999999999999", &in, &prev, what, sizeof(what), &err),
			SP_ERR_USAGE);
	CU_ASSERT_EQUAL(plan_load_previous(NULL, "1", &in, &prev, what, sizeof(what), &err), SP_ERR_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no database"));
	CU_ASSERT_EQUAL(plan_load_previous(db, "", &in, &prev, what, sizeof(what), &err), SP_ERR_USAGE);
	/* none is none, whatever is stored */
	CU_ASSERT_EQUAL(plan_load_previous(db, "none", &in, &prev, what, sizeof(what), &err), SP_OK);
	CU_ASSERT_EQUAL(prev.n, 0);
	CU_ASSERT_STRING_EQUAL(prev.source, "");
	CU_ASSERT_STRING_EQUAL(what, "none (--previous none)");
	sp_previous_release(&prev);

	/* a newer base run ending at the start becomes the default */
	int64_t r6 = store_run(db, "base", "2026-11-26", 7, one, 1);
	CU_ASSERT_EQUAL(plan_load_previous(db, NULL, &in, &prev, what, sizeof(what), &err), SP_OK);
	CU_ASSERT_EQUAL(prev.run_id, r6);
	sp_previous_release(&prev);

	db_close(db);
	sp_input_release(&in);
	fclose(warn);
	free(warned);
}

/* --previous FILE: a roster.csv as staffplan writes it is read without a
 * warning; overlapping shifts, times without offsets, a shift inside the
 * horizon and a missing file are refused, naming file and line. */
static void test_plan_previous_from_file(void)
{
	struct sp_input in;
	struct sp_previous prev;
	struct sp_err err = SP_ERR_INIT;
	char what[256], path[512], *warned = NULL;
	size_t wlen = 0;
	FILE *warn = open_memstream(&warned, &wlen);
	const char *hdr = "agent_id,agent_name,date,start,end,paid_hours,break_start,break_end,queues,languages\n";
	struct {
		const char *name, *rows;
		sp_status st;
		const char *needle;
	} cases[] = {
		{ "good.csv",
		  "A001,\"Kowalski, C\",2026-12-02,2026-12-02T08:00+08:00,2026-12-02T17:00+08:00,8,"
		  "2026-12-02T12:00+08:00,2026-12-02T13:00+08:00,chat,en\n"
		  "A005,陈静,2026-12-02,2026-12-02T20:00+08:00,2026-12-03T02:00+08:00,6,,,chat;email,zh\n",
		  SP_OK, NULL },
		{ "overlap.csv",
		  "A001,C,2026-12-01,2026-12-01T08:00+08:00,2026-12-01T17:00+08:00,8,,,chat,en\n"
		  "A002,C,2026-12-01,2026-12-01T08:00+08:00,2026-12-01T17:00+08:00,8,,,chat,en\n"
		  "A001,C,2026-12-01,2026-12-01T16:00+08:00,2026-12-01T20:00+08:00,4,,,chat,en\n",
		  SP_ERR_INPUT, "overlap.csv:4: two previous shifts of 'A001' overlap" },
		{ "local.csv",
		  "A001,C,2026-12-01,2026-12-01T08:00,2026-12-01T17:00,8,,,chat,en\n",
		  SP_ERR_INPUT, "local.csv:2: column 'start': '2026-12-01T08:00' has no UTC offset" },
		{ "inside.csv",
		  "A001,C,2026-12-03,2026-12-03T08:00+08:00,2026-12-03T17:00+08:00,8,,,chat,en\n",
		  SP_ERR_INPUT, "inside.csv:2: the previous roster has a shift of 'A001' starting inside" },
	};

	tiny_input(&in, 3, warn);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = malloc(strlen(hdr) + strlen(cases[i].rows) + 1);
		strcpy(text, hdr);
		strcat(text, cases[i].rows);
		snprintf(path, sizeof(path), "%s/%s", test_tmpdir(), cases[i].name);
		write_text(path, text);
		free(text);
		sp_status st = plan_load_previous(NULL, path, &in, &prev, what, sizeof(what), &err);
		CU_ASSERT_EQUAL(st, cases[i].st);
		if (cases[i].needle && !strstr(err.msg, cases[i].needle))
			fprintf(stderr, "\n  %s: message \"%s\" lacks \"%s\"\n", cases[i].name, err.msg, cases[i].needle);
		CU_ASSERT(!cases[i].needle || strstr(err.msg, cases[i].needle));
		if (st == SP_OK) {
			CU_ASSERT_EQUAL(prev.n, 2);
			CU_ASSERT_EQUAL(prev.run_id, 0);
			CU_ASSERT_STRING_EQUAL(prev.source, path);
			CU_ASSERT_PTR_NOT_NULL(strstr(what, "(2 shifts)"));
			/* the shift running past midnight blocks A005 until 02:00 */
			struct sp_carry c;
			sp_previous_carry(&prev, &in, 4, &c);
			CU_ASSERT_EQUAL(c.busy_until, in.horizon_start + 2 * 3600);
		} else {
			CU_ASSERT_EQUAL(prev.n, 0);
		}
		sp_previous_release(&prev);
	}
	fflush(warn);
	CU_ASSERT(!warned || !strstr(warned, "unknown column"));
	CU_ASSERT_EQUAL(plan_load_previous(NULL, "no-such-roster.csv", &in, &prev, what, sizeof(what), &err),
			SP_ERR_IO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no-such-roster.csv"));
	sp_input_release(&in);
	fclose(warn);
	free(warned);
}

/* Everything a test of the output folder compares: kpis.json, roster.csv. */
struct outs {
	char *kpis, *roster;
};

static void outs_read(const char *dir, struct outs *o)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/kpis.json", dir);
	o->kpis = test_slurp(path, NULL);
	snprintf(path, sizeof(path), "%s/roster.csv", dir);
	o->roster = test_slurp(path, NULL);
}

static void outs_release(struct outs *o)
{
	free(o->kpis);
	free(o->roster);
}

static json_t *kpi(const char *dir, const char *key, json_t **doc)
{
	char path[600];
	json_error_t je;

	snprintf(path, sizeof(path), "%s/kpis.json", dir);
	*doc = json_load_file(path, 0, &je);
	return *doc ? json_object_get(*doc, key) : NULL;
}

/* plan_solve week after week: the second period follows the first by
 * default (summary, run, kpis.json, report), or a roster file, or none;
 * each bad --previous stops it with the database and outputs as they were,
 * and creates no database.  A what-if of the second period follows the
 * first period's base run too. */
static void test_plan_solve_week_after_week(void)
{
	struct plan_paths tiny = { test_path("data/tiny"), NULL, NULL, NULL, NULL };
	struct plan_paths later = tiny;
	struct test_db tdb;
	struct plan_result res;
	struct sp_err err = SP_ERR_INIT;
	char out1[512], out2[512], roster1[600], bad[600], fresh[600];
	json_t *doc, *v;
	struct plan_request rq = {
		.paths = &tiny, .time_limit = 3, .gap = 0.05, .quiet = 1,
		.open_db = open_test_db, .open_db_arg = &tdb,
	};

	snprintf(out1, sizeof(out1), "%s/out1", test_tmpdir());
	snprintf(out2, sizeof(out2), "%s/out2", test_tmpdir());
	snprintf(roster1, sizeof(roster1), "%s/roster.csv", out1);
	later.forecast = tiny_forecast_later("forecast-later.csv", 3);
	test_db_init(&tdb, "weekly.db");

	/* period 1: nothing before it */
	rq.outdir = out1;
	CU_ASSERT_EQUAL_FATAL(solve(&rq, &res, &err), SP_OK);
	CU_ASSERT_EQUAL(res.run.id, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.previous, "none"));
	plan_result_release(&res);
	v = kpi(out1, "previous_run", &doc);
	CU_ASSERT(v && json_is_null(v));
	json_decref(doc);

	/* period 2 follows run 1 */
	rq.paths = &later;
	rq.outdir = out2;
	CU_ASSERT_EQUAL_FATAL(solve(&rq, &res, &err), SP_OK);
	CU_ASSERT_EQUAL(res.run.id, 2);
	CU_ASSERT_EQUAL(res.run.previous_run, 1);
	CU_ASSERT_STRING_EQUAL(res.previous, "run 1 (2026-11-30 .. 2026-12-02)");
	CU_ASSERT_EQUAL(res.prev.run_id, 1);
	plan_result_release(&res);
	v = kpi(out2, "previous_run", &doc);
	CU_ASSERT(v && json_is_integer(v) && json_integer_value(v) == 1);
	json_decref(doc);
	snprintf(bad, sizeof(bad), "%s/report.html", out2);
	char *html = test_slurp(bad, NULL);
	CU_ASSERT(html && strstr(html, "after run #1"));
	free(html);
	struct sp_run back;
	CU_ASSERT_EQUAL_FATAL(db_load_run(tdb.db, 2, NULL, &back, &err), SP_OK);
	CU_ASSERT_EQUAL(back.previous_run, 1);
	sp_run_release(&back);

	/* period 2 after period 1's roster.csv: the file's name is kept */
	rq.previous = roster1;
	CU_ASSERT_EQUAL_FATAL(solve(&rq, &res, &err), SP_OK);
	CU_ASSERT_EQUAL(res.run.previous_run, 0);
	CU_ASSERT_STRING_EQUAL(res.run.previous_source, roster1);
	CU_ASSERT(res.prev.n > 0);
	int64_t id = res.run.id;
	plan_result_release(&res);
	v = kpi(out2, "previous_run", &doc);
	CU_ASSERT(v && json_is_string(v) && !strcmp(json_string_value(v), roster1));
	json_decref(doc);
	CU_ASSERT_EQUAL_FATAL(db_load_run(tdb.db, id, NULL, &back, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(back.previous_source, roster1);
	sp_run_release(&back);

	/* --previous none */
	rq.previous = "none";
	CU_ASSERT_EQUAL_FATAL(solve(&rq, &res, &err), SP_OK);
	CU_ASSERT_EQUAL(res.run.previous_run, 0);
	CU_ASSERT_STRING_EQUAL(res.run.previous_source, "");
	CU_ASSERT_EQUAL(res.prev.n, 0);
	plan_result_release(&res);
	v = kpi(out2, "previous_run", &doc);
	CU_ASSERT(v && json_is_null(v));
	json_decref(doc);

	/* bad --previous: the database and the outputs stay as they were */
	char overlap[600], local[600];
	snprintf(overlap, sizeof(overlap), "%s/overlap.csv", test_tmpdir());
	write_text(overlap, "agent_id,start,end\n"
		   "A001,2026-12-01T08:00+08:00,2026-12-01T17:00+08:00\n"
		   "A001,2026-12-01T16:00+08:00,2026-12-01T20:00+08:00\n");
	snprintf(local, sizeof(local), "%s/local.csv", test_tmpdir());
	write_text(local, "agent_id,start,end\nA001,2026-12-01T08:00,2026-12-01T17:00\n");
	struct {
		const char *previous;
		sp_status st;
		const char *needle;
	} cases[] = {
		{ "99", SP_ERR_USAGE, "--previous 99: no stored run 99" },
		{ "2", SP_ERR_INPUT, "after this horizon starts (2026-12-03T00:00+08:00)" },
		{ overlap, SP_ERR_INPUT, "overlap.csv:2 and " },
		{ local, SP_ERR_INPUT, "has no UTC offset" },
		{ "no-such-roster.csv", SP_ERR_IO, "no-such-roster.csv" },
	};
	struct outs before, after;
	long long last = latest_run(tdb.db);
	outs_read(out2, &before);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rq.previous = cases[i].previous;
		CU_ASSERT_EQUAL(solve(&rq, &res, &err), cases[i].st);
		if (!strstr(err.msg, cases[i].needle))
			fprintf(stderr, "\n  --previous %s: message \"%s\" lacks \"%s\"\n", cases[i].previous,
				err.msg, cases[i].needle);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, cases[i].needle));
		plan_result_release(&res);
		CU_ASSERT_EQUAL(latest_run(tdb.db), last);
		outs_read(out2, &after);
		CU_ASSERT(before.kpis && after.kpis && !strcmp(before.kpis, after.kpis));
		CU_ASSERT(before.roster && after.roster && !strcmp(before.roster, after.roster));
		outs_release(&after);
	}
	outs_release(&before);

	/* --previous RUN without a database: none is created */
	struct test_db none;
	test_db_init(&none, "never-weekly.db");
	snprintf(fresh, sizeof(fresh), "%s/fresh", test_tmpdir());
	rq.open_db_arg = &none;
	rq.outdir = fresh;
	rq.previous = "1";
	CU_ASSERT_EQUAL(solve(&rq, &res, &err), SP_ERR_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "--previous 1: no database"));
	CU_ASSERT_FALSE(exists(none.path));
	CU_ASSERT_FALSE(exists(fresh));
	plan_result_release(&res);

	/* a what-if of period 2 (its inputs are stored as base now) follows
	 * run 1 as well, not period 2's own base runs */
	CU_ASSERT_EQUAL_FATAL(scen_create(tdb.db, "busy", "base", "scale language=en 1.2\n", &err), SP_OK);
	struct plan_request what_if = {
		.scenario = "busy", .time_limit = 3, .gap = 0.05, .quiet = 1,
		.open_db = open_test_db, .open_db_arg = &tdb,
	};
	CU_ASSERT_EQUAL_FATAL(solve(&what_if, &res, &err), SP_OK);
	CU_ASSERT_STRING_EQUAL(res.run.scenario, "busy");
	CU_ASSERT_EQUAL(res.run.previous_run, 1);
	plan_result_release(&res);
	db_close(tdb.db);
}

/* The stored run and its outputs move together: every write and every
 * database step of a plan that stores its run, failed in turn (sticky, as
 * a full disk), leaves no run stored and no output written; the first run
 * that meets no fault lands whole. */
static void test_plan_solve_every_fault_stores_nothing(void)
{
	static const enum sp_fault_kind kinds[] = { SP_FAULT_WRITE, SP_FAULT_DB };
	struct plan_paths tiny = { test_path("data/tiny"), NULL, NULL, NULL, NULL };

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct test_db tdb;
		struct plan_result res;
		struct sp_err err = SP_ERR_INIT;
		char out[512];
		struct plan_request rq = {
			.paths = &tiny, .time_limit = 3, .gap = 0.05, .quiet = 1, .outdir = out,
			.open_db = open_test_db, .open_db_arg = &tdb,
		};
		sp_status st = SP_OK;
		long n;

		test_db_init(&tdb, "faults.db");
		snprintf(out, sizeof(out), "%s/out", test_tmpdir());
		/* every one of the first 30 points, then more and more sparsely:
		 * storing a run steps the database a few thousand times */
		for (n = 1; n < 1000000; n = n < 30 ? n + 1 : n * 3 / 2) {
			sp_fault_arm(kinds[k], n, 1);
			st = solve(&rq, &res, &err);
			long reached = sp_fault_count(kinds[k]);
			sp_fault_arm(kinds[k], 0, 0);
			plan_result_release(&res);
			if (st == SP_OK) {
				CU_ASSERT(reached < n);
				break;
			}
			CU_ASSERT(st == SP_ERR_IO || st == SP_ERR_DB);
			CU_ASSERT(!tdb.db || latest_run(tdb.db) == 0);
			/* the folders may be made, but no file lands in them */
			char p[600];
			snprintf(p, sizeof(p), "%s/roster.csv", out);
			CU_ASSERT_FALSE(exists(p));
			snprintf(p, sizeof(p), "%s/ics", out);
			CU_ASSERT(test_count_entries(p) <= 0);
			CU_ASSERT(test_count_entries(out) <= 1);
		}
		CU_ASSERT_EQUAL(st, SP_OK);
		CU_ASSERT(n > 3);
		CU_ASSERT_PTR_NOT_NULL_FATAL(tdb.db);
		CU_ASSERT_EQUAL(latest_run(tdb.db), 1);
		db_close(tdb.db);
	}
}

TEST_SUITE(plan)
{
	CU_pSuite s = CU_add_suite("plan", NULL, NULL);
	CU_add_test(s, "tiny: every hard rule, cost, objective, calendars", test_plan_tiny_obeys_every_rule);
	CU_add_test(s, "every write or database fault: no run stored, no output",
		    test_plan_solve_every_fault_stores_nothing);
	CU_add_test(s, "London DST week: the same checks", test_plan_dst_week_obeys_every_rule);
	CU_add_test(s, "two searchers: every rule, the objective of the roster", test_plan_two_searchers_obey_every_rule);
	CU_add_test(s, "outputs replace the old ones together", test_plan_outputs_replace_together);
	CU_add_test(s, "plan_solve: bad input opens no database, writes nothing", test_plan_solve_bad_input_touches_nothing);
	CU_add_test(s, "plan_solve: a baseline from an existing database only", test_plan_solve_baseline);
	CU_add_test(s, "plan_solve: a stored scenario with offered shifts", test_plan_solve_scenario_with_offered_shifts);
	CU_add_test(s, "plan_solve: a schedule of base is published, a what-if's not",
		    test_plan_solve_schedule_publishes_base_only);
	CU_add_test(s, "plan_load_previous: stored runs, the default lookup", test_plan_previous_from_stored_runs);
	CU_add_test(s, "plan_load_previous: roster files", test_plan_previous_from_file);
	CU_add_test(s, "plan_solve: week after week, bad --previous touches nothing", test_plan_solve_week_after_week);
	CU_add_test(s, "plan_requirements: config and forecast, overrides", test_plan_requirements);
	CU_add_test(s, "plan_solve: warns of a pair nobody serves",
		    test_plan_solve_warns_of_a_pair_nobody_serves);
	CU_add_test(s, "plan_import: checked before it is stored", test_plan_import_checks_before_storing);
}
