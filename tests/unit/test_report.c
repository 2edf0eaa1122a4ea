/* test_report.c - report.html and the comparison page from a C fixture run
 *
 * The fixture is a week in Asia/Shanghai with seven queue/language pairs,
 * agents whose names need escaping (markup, quotes, CJK, invalid UTF-8) and
 * night, weekend and broken shifts.  With SP_REPORT_KEEP=DIR the pages are
 * also written to DIR (tests/report/check.sh renders them in a browser when
 * the planner cannot produce a real run yet).
 */
#include "tests.h"

#include "staffplan/buf.h"
#include "staffplan/report.h"
#include "staffplan/tz.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------- fixture */

static const struct {
	const char *queue, *lang;
	double scale;
} fx_pairs[] = {
	{ "chat", "zh", 9 }, { "chat", "en", 6 }, { "chat", "ko", 4 }, { "chat", "ja", 3 },
	{ "email", "en", 2 }, { "email", "zh", 2 }, { "security", "en", 1 },
};
#define FX_NPAIRS ((int)(sizeof(fx_pairs) / sizeof(fx_pairs[0])))

static const char *const fx_names[] = {
	"Ann <b>&\"Co\"", "王小明", "김민준", "佐藤 花子", "O'Brien, Pat",
	"Very Long Name That Does Not Fit The Label Column At All", "Nguyễn Thị Lan", "Lena Fischer",
	"Bad \xff\xfe utf8", "Chen Wei", "Park Ji-woo", "Tanaka Ken",
};
#define FX_NNAMES ((int)(sizeof(fx_names) / sizeof(fx_names[0])))

static unsigned fx_rand_state;

static double fx_rand(void)
{
	fx_rand_state = fx_rand_state * 1103515245u + 12345u;
	return ((fx_rand_state >> 8) & 0xFFFF) / 65536.0;
}

/* Demand shape over the local hour: Asian morning and evening peaks. */
static double fx_shape(double hour)
{
	return 0.15 + exp(-pow((hour - 10) / 2.2, 2)) + 0.7 * exp(-pow((hour - 20) / 2.0, 2));
}

static void fx_free(struct sp_run *r)
{
	for (int i = 0; i < r->nshifts; i++) {
		struct sp_run_shift *s = &r->shifts[i];
		free(s->agent_id);
		free(s->agent_name);
		free(s->agent_tz);
		free(s->email);
		free(s->queues);
		free(s->langs);
	}
	for (int i = 0; i < r->nagents; i++) {
		free(r->agents[i].id);
		free(r->agents[i].name);
		free(r->agents[i].tz);
		free(r->agents[i].email);
	}
	free(r->shifts);
	free(r->cells);
	free(r->agents);
	memset(r, 0, sizeof(*r));
}

/* ndays (a whole number of weeks) of `interval` minute cells from Monday
 * 30 Nov 2026 and nagents agents (5 shifts a week each, every fourth agent
 * without shifts when idle != 0).  Each week differs: later weeks are
 * busier (the Korean shortfall grows) and agents shift their days.  With
 * erlang_a, the chat queue's cells get an abandon rate (higher where
 * short); email and security stay Erlang C (NaN). */
static void fx_build_days(struct sp_run *r, const char *tzname, int nagents, int interval, int idle,
			  int ndays, int erlang_a)
{
	struct sp_tz tz;
	int nint, k = 0, nweeks = (ndays + 6) / 7;

	sp_run_init(r);
	fx_rand_state = 42;
	CU_ASSERT_FATAL(sp_tz_init(&tz, tzname, NULL) == SP_OK);
	r->id = 7;
	snprintf(r->scenario, sizeof(r->scenario), "ko+30%% <launch>");
	snprintf(r->created_at, sizeof(r->created_at), "2026-11-20T08:00:00Z");
	snprintf(r->site_tz, sizeof(r->site_tz), "%s", tzname);
	r->interval_minutes = interval;
	CU_ASSERT_FATAL(sp_tz_to_utc(&tz, 2026, 11, 30, 0, 0, &r->horizon_start) == SP_LOCAL_OK);
	r->ndays = ndays;
	nint = ndays * 24 * 60 / interval;

	r->ncells = nint * FX_NPAIRS;
	r->cells = calloc((size_t)r->ncells, sizeof(*r->cells));
	CU_ASSERT_FATAL(r->cells != NULL);
	for (int i = 0; i < nint; i++) {
		double hour = fmod(i * interval / 60.0, 24.0);
		int day = i * interval / 1440, wday = day % 7, week = day / 7;
		for (int p = 0; p < FX_NPAIRS; p++) {
			struct sp_run_cell *c = &r->cells[k++];
			double req = fx_pairs[p].scale * fx_shape(hour) * (wday >= 5 ? 0.7 : 1.0) * (1 + 0.1 * week);
			c->start = r->horizon_start + (time_t)i * interval * 60;
			snprintf(c->queue, sizeof(c->queue), "%s", fx_pairs[p].queue);
			snprintf(c->lang, sizeof(c->lang), "%s", fx_pairs[p].lang);
			c->volume = req * 10;
			c->arrivals = c->volume * 0.9;
			c->required = req;
			c->staffed = ceil(req) + (fx_rand() < 0.3 ? 1 : 0);
			/* Korean Monday morning and Chinese Saturday evening fall short */
			if (!strcmp(c->lang, "ko") && wday == 0 && hour >= 8 && hour < 12 + 2 * week)
				c->staffed = req * 0.4;
			if (!strcmp(c->lang, "zh") && !strcmp(c->queue, "chat") && wday == 5 &&
			    hour >= 19 && hour < 22)
				c->staffed = req * 0.6;
			c->understaffed = c->required > c->staffed ? c->required - c->staffed : 0;
			c->service_level = c->understaffed > 0 ? 0.55 : 0.86;
			c->abandon_rate = NAN;
			if (erlang_a && !strcmp(c->queue, "chat"))
				c->abandon_rate = c->understaffed > 0 ? 0.2 : 0.04;
			c->agents = (int)ceil(req * 0.7);
		}
	}

	/* local date and weekday of each day (the zone has no DST in the fixture
	 * weeks; each sp_tz_local call switches TZ, so once per day) */
	char dates[42][16];
	int wdays[42];
	CU_ASSERT_FATAL(ndays <= 42);
	for (int d = 0; d < ndays; d++) {
		struct sp_local l;
		sp_tz_local(&tz, r->horizon_start + d * 86400, &l);
		sp_date_format(&tz, r->horizon_start + d * 86400, dates[d]);
		wdays[d] = l.wday;
	}
	r->nagents = nagents;
	r->agents = calloc((size_t)nagents, sizeof(*r->agents));
	r->shifts = calloc((size_t)nagents * 5 * (size_t)nweeks, sizeof(*r->shifts));
	CU_ASSERT_FATAL(r->agents != NULL && r->shifts != NULL);
	for (int a = 0; a < nagents; a++) {
		struct sp_run_agent *ag = &r->agents[a];
		char id[32], name[160];

		snprintf(id, sizeof(id), "A%04d", a + 1);
		if (a < FX_NNAMES)
			snprintf(name, sizeof(name), "%s", fx_names[a]);
		else
			snprintf(name, sizeof(name), "Agent %d", a + 1);
		ag->id = strdup(id);
		ag->name = strdup(name);
		ag->tz = strdup(tzname);
		ag->email = strdup("");
		if (idle && a % 4 == 3)
			continue;
		for (int j = 0; j < 5 * nweeks; j++) {
			struct sp_run_shift *s = &r->shifts[r->nshifts++];
			int day = 7 * (j / 5) + (a + j + j / 5) % 7;
			int start_h = a % 5 == 0 ? 22 : 6 + (a * 2) % 12;
			int paid = a % 7 == 6 ? 4 : 8;

			s->agent_id = strdup(id);
			s->agent_name = strdup(name);
			s->agent_tz = strdup(tzname);
			s->email = strdup("");
			s->queues = strdup(a % 3 ? "chat" : "chat;email");
			s->langs = strdup(a % 2 ? "en;zh" : "ko");
			s->start = r->horizon_start + (time_t)day * 86400 + start_h * 3600;
			s->paid_minutes = paid * 60;
			if (paid > 6) {
				s->brk_start = s->start + 4 * 3600;
				s->brk_end = s->brk_start + 3600;
				s->end = s->start + (paid + 1) * 3600;
			} else {
				s->end = s->start + paid * 3600;
			}
			memcpy(s->date, dates[day], sizeof(s->date));
			ag->shifts++;
			ag->hours += paid;
			ag->nights += start_h >= 22 || start_h < 6;
			ag->weekends += wdays[day] >= 5;
			r->kpis.paid_hours += paid;
		}
		r->kpis.agents_scheduled++;
	}
	r->kpis.objective = 12345.67;
	r->kpis.cost = 11000.5;
	r->kpis.understaffing_agent_hours = 4.5;
	r->kpis.coverage = 0.953;
	r->kpis.service_level = 0.8712;
	r->kpis.lower_bound = 12001.25;
	r->kpis.gap = 0.0279;
	r->kpis.agents_total = nagents;
	r->kpis.solve_seconds = 12.3;
	snprintf(r->kpis.status, sizeof(r->kpis.status), "optimal");
	r->kpis.fairness.hours_min = 20;
	r->kpis.fairness.hours_max = 40;
	r->kpis.fairness.hours_stddev = 4.25;
	r->kpis.fairness.nights_min = 0;
	r->kpis.fairness.nights_max = 5;
	r->kpis.fairness.weekends_min = 0;
	r->kpis.fairness.weekends_max = 2;
}

/* The one-week fixture, Erlang C. */
static void fx_build(struct sp_run *r, const char *tzname, int nagents, int interval, int idle)
{
	fx_build_days(r, tzname, nagents, interval, idle, 7, 0);
}


/* ---------------------------------------------------------------- helpers */

static int count(const char *hay, const char *needle)
{
	int n = 0;
	size_t l = strlen(needle);

	for (const char *p = strstr(hay, needle); p; p = strstr(p + l, needle))
		n++;
	return n;
}

/* Checks that elements nest properly (void elements and "/>" excepted,
 * <style> content skipped).  Returns NULL or a description of the problem. */
static const char *check_nesting(const char *html, char *why, size_t n)
{
	static const char *const voids[] = { "meta", "br", "hr", "img", "input", "link", "stop", NULL };
	char stack[64][16];
	int depth = 0;
	const char *p = html;

	while ((p = strchr(p, '<'))) {
		char name[16];
		size_t k = 0;
		int closing = p[1] == '/';
		const char *q = p + 1 + closing, *end;

		if (p[1] == '!') {
			p = strchr(p, '>');
			if (!p)
				break;
			continue;
		}
		while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9'))
			if (k + 1 < sizeof(name))
				name[k++] = *q++;
			else
				q++;
		name[k] = '\0';
		end = strchr(q, '>');
		if (!k || !end) {
			snprintf(why, n, "stray '<' at offset %ld", (long)(p - html));
			return why;
		}
		if (strchr(q, '<') && strchr(q, '<') < end) {
			snprintf(why, n, "'<' inside tag <%s> at offset %ld", name, (long)(p - html));
			return why;
		}
		if (closing) {
			if (!depth || strcmp(stack[depth - 1], name)) {
				snprintf(why, n, "</%s> closes <%s> at offset %ld", name,
					 depth ? stack[depth - 1] : "(nothing)", (long)(p - html));
				return why;
			}
			depth--;
		} else if (end[-1] != '/') {
			int v = 0;
			for (int i = 0; voids[i]; i++)
				v |= !strcmp(voids[i], name);
			if (!v) {
				if (depth == 64) {
					snprintf(why, n, "nesting too deep");
					return why;
				}
				snprintf(stack[depth++], sizeof(stack[0]), "%s", name);
			}
			if (!strcmp(name, "style")) {
				end = strstr(end, "</style>");
				if (!end) {
					snprintf(why, n, "unterminated <style>");
					return why;
				}
				end--;
			}
		}
		p = end + 1;
	}
	if (depth) {
		snprintf(why, n, "<%s> never closed", stack[depth - 1]);
		return why;
	}
	return NULL;
}

/* Writes the pages also to $SP_REPORT_KEEP/<name> for the browser check. */
static void keep_copy(const char *name, const char *html, size_t len)
{
	const char *dir = getenv("SP_REPORT_KEEP");
	char path[4096];
	FILE *f;

	if (!dir || !*dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f) {
		fwrite(html, 1, len, f);
		fclose(f);
	}
}

static char *write_report(const struct sp_run *run, const char *keep_as, size_t *len)
{
	char path[256];
	struct sp_err err = SP_ERR_INIT;
	char *html;

	snprintf(path, sizeof(path), "%s/report.html", test_tmpdir());
	CU_ASSERT_EQUAL_FATAL(rpt_write_html(run, NULL, path, &err), SP_OK);
	html = test_slurp(path, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	if (keep_as)
		keep_copy(keep_as, html, *len);
	return html;
}

/* ---------------------------------------------------------------- tests */

static void test_rpt_html_is_self_contained_and_well_formed(void)
{
	struct sp_run run;
	size_t len;
	char *html, why[160];
	const char *bad;

	fx_build(&run, "Asia/Shanghai", 36, 60, 1);
	html = write_report(&run, "report.html", &len);
	CU_ASSERT(strncmp(html, "<!DOCTYPE html>", 15) == 0);
	CU_ASSERT(len > 20 && strcmp(html + len - 8, "</html>\n") == 0);
	CU_ASSERT(strstr(html, "<meta charset=\"utf-8\">") != NULL);
	bad = check_nesting(html, why, sizeof(why));
	if (bad)
		fprintf(stderr, "\n  nesting: %s\n", bad);
	CU_ASSERT_PTR_NULL(bad);
	/* nothing from the network, no script */
	CU_ASSERT_PTR_NULL(strstr(html, "http"));
	CU_ASSERT_PTR_NULL(strstr(html, "<script"));
	CU_ASSERT_PTR_NULL(strstr(html, " src="));
	CU_ASSERT_PTR_NULL(strstr(html, "@import"));
	CU_ASSERT(count(html, "<svg") >= FX_NPAIRS + 3);
	CU_ASSERT_EQUAL(count(html, "<svg"), count(html, "</svg>"));
	free(html);
	fx_free(&run);
}

static void test_rpt_html_shows_kpis_and_sections(void)
{
	struct sp_run run;
	size_t len;
	char *html;

	fx_build(&run, "Asia/Shanghai", 36, 60, 1);
	snprintf(run.solver, sizeof(run.solver), "cbc");
	html = write_report(&run, NULL, &len);
	CU_ASSERT(strstr(html, "\xC2\xB7 solver cbc</p>") != NULL);
	CU_ASSERT(strstr(html, ">12,345.67<") != NULL);   /* objective */
	CU_ASSERT(strstr(html, ">11,000.50<") != NULL);   /* cost */
	CU_ASSERT(strstr(html, ">12,001.25<") != NULL);   /* lower bound */
	CU_ASSERT(strstr(html, ">95.3 %<") != NULL);      /* coverage */
	CU_ASSERT(strstr(html, ">87.1 %<") != NULL);      /* service level */
	CU_ASSERT(strstr(html, ">2.79 %<") != NULL);      /* gap */
	CU_ASSERT(strstr(html, ">27 / 36<") != NULL);     /* agents */
	CU_ASSERT(strstr(html, ">optimal<") != NULL);
	CU_ASSERT(strstr(html, ">12.3<") != NULL);        /* solve seconds */
	CU_ASSERT(strstr(html, "Understaffed agent-hours") != NULL);
	/* one small multiple per pair, the heat-map, fairness, agent rows */
	CU_ASSERT_EQUAL(count(html, "<div class=\"sm\">"), FX_NPAIRS);
	CU_ASSERT(strstr(html, "security \xC2\xB7 en") != NULL);
	CU_ASSERT(strstr(html, "Understaffing by day and hour") != NULL);
	CU_ASSERT(strstr(html, "Mon 30 Nov 08:00\xE2\x80\x93" "09:00") != NULL);
	CU_ASSERT(strstr(html, "linearGradient") != NULL);  /* colour legend */
	CU_ASSERT(strstr(html, "Largest shortfalls") != NULL);
	CU_ASSERT(strstr(html, "Fairness") != NULL);
	CU_ASSERT(strstr(html, "Night shifts per agent") != NULL);
	CU_ASSERT(strstr(html, "Schedule per agent (27 scheduled, 9 without shifts)") != NULL);
	CU_ASSERT(count(html, "class=\"bk\"") > 0);   /* breaks drawn */
	CU_ASSERT(count(html, "<g class=\"k1\">") > 0);  /* weekday nights */
	CU_ASSERT(count(html, "<g class=\"k2\">") > 0);  /* weekend days */
	CU_ASSERT(strstr(html, "Asia/Shanghai") != NULL);
	/* one week: no week groups, no week table, no abandonment */
	CU_ASSERT_PTR_NULL(strstr(html, "Week by week"));
	CU_ASSERT_PTR_NULL(strstr(html, "class=\"wk\""));
	CU_ASSERT_PTR_NULL(strstr(html, "weeks)"));
	CU_ASSERT_PTR_NULL(strstr(html, "bandon"));
	CU_ASSERT(strstr(html, "week total") != NULL);
	free(html);
	fx_free(&run);
}

/* Night shifts per bar colour: weekday (k1) and weekend (k3). */
static int night_bars(const char *html)
{
	return count(html, "<g class=\"k1\">") + count(html, "<g class=\"k3\">");
}

static void test_rpt_night_window_is_the_runs(void)
{
	struct sp_run run;
	size_t len;
	char *html;

	fx_build(&run, "Europe/London", 20, 60, 0);
	html = write_report(&run, NULL, &len);
	CU_ASSERT(strstr(html, "night hours 22:00\xE2\x80\x93" "06:00") != NULL);
	CU_ASSERT(count(html, "class=\"ni\"") > 0);
	int nights = night_bars(html);
	CU_ASSERT(nights > 0);
	free(html);

	/* a night until 07:00 makes the fixture's 06:00 starts night shifts */
	run.night_start = 23 * 60;
	run.night_end = 7 * 60;
	html = write_report(&run, NULL, &len);
	CU_ASSERT(strstr(html, "night hours 23:00\xE2\x80\x93" "07:00") != NULL);
	CU_ASSERT(strstr(html, "22:00\xE2\x80\x93" "06:00") == NULL);
	CU_ASSERT(night_bars(html) > nights);
	free(html);

	/* a window that does not wrap midnight */
	run.night_start = 1 * 60;
	run.night_end = 5 * 60;
	html = write_report(&run, NULL, &len);
	CU_ASSERT(strstr(html, "night hours 01:00\xE2\x80\x93" "05:00") != NULL);
	CU_ASSERT(count(html, "class=\"ni\"") > 0);
	CU_ASSERT(night_bars(html) > 0);   /* the 22:00 starts run through it */
	free(html);

	/* start == end: no night at all, as in the planner */
	run.night_start = run.night_end = 0;
	html = write_report(&run, NULL, &len);
	CU_ASSERT(strstr(html, "night hours") == NULL);
	CU_ASSERT_EQUAL(count(html, "class=\"ni\""), 0);
	CU_ASSERT_EQUAL(night_bars(html), 0);
	free(html);
	fx_free(&run);
}

static void test_rpt_html_escapes_names(void)
{
	struct sp_run run;
	size_t len;
	char *html;

	fx_build(&run, "Asia/Shanghai", 36, 60, 1);
	html = write_report(&run, NULL, &len);
	CU_ASSERT(strstr(html, "Ann &lt;b&gt;&amp;&quot;Co&quot;") != NULL);
	CU_ASSERT_PTR_NULL(strstr(html, "<b>&"));
	CU_ASSERT_PTR_NULL(strstr(html, "<launch>"));
	CU_ASSERT(strstr(html, "ko+30% &lt;launch&gt;") != NULL);
	CU_ASSERT(strstr(html, "王小明") != NULL);
	CU_ASSERT(strstr(html, "김민준") != NULL);
	CU_ASSERT(strstr(html, "O&#39;Brien, Pat") != NULL);
	CU_ASSERT(strstr(html, "Nguyễn Thị Lan") != NULL);
	CU_ASSERT_PTR_NULL(strstr(html, "\xff"));
	CU_ASSERT(strstr(html, "Bad \xEF\xBF\xBD\xEF\xBF\xBD utf8") != NULL);
	/* the long name is shortened in the row label, whole in its tooltip */
	CU_ASSERT(strstr(html, "Very Long Name That Does Not\xE2\x80\xA6") != NULL);
	CU_ASSERT(strstr(html, "<title>Very Long Name That Does Not Fit The Label Column At All (A0006)</title>") != NULL);
	free(html);
	fx_free(&run);
}

static void test_rpt_heatmap_sums_repeated_dst_hour(void)
{
	struct sp_run run;
	struct sp_tz tz;
	time_t t;
	size_t len;
	char *html;
	int hits = 0;

	/* Europe/Berlin falls back on Sunday 2026-10-25: 02:00-03:00 happens twice */
	memset(&run, 0, sizeof(run));
	CU_ASSERT_FATAL(sp_tz_init(&tz, "Europe/Berlin", NULL) == SP_OK);
	snprintf(run.site_tz, sizeof(run.site_tz), "Europe/Berlin");
	run.interval_minutes = 60;
	CU_ASSERT_FATAL(sp_tz_to_utc(&tz, 2026, 10, 19, 0, 0, &run.horizon_start) == SP_LOCAL_OK);
	run.ndays = 7;
	snprintf(run.kpis.status, sizeof(run.kpis.status), "feasible");
	CU_ASSERT_EQUAL(sp_tz_to_utc(&tz, 2026, 10, 25, 2, 0, &t), SP_LOCAL_AMBIGUOUS);
	run.ncells = 3;
	run.cells = calloc(3, sizeof(*run.cells));
	CU_ASSERT_FATAL(run.cells != NULL);
	for (int i = 0; i < 3; i++) {
		struct sp_run_cell *c = &run.cells[i];
		c->start = t + i * 3600;  /* 02:00 CEST, 02:00 CET, 03:00 CET */
		snprintf(c->queue, sizeof(c->queue), "chat");
		snprintf(c->lang, sizeof(c->lang), "de");
		c->required = 2;
		c->understaffed = 1;
		if (i < 2)
			hits++;
	}
	html = write_report(&run, NULL, &len);
	CU_ASSERT(hits == 2);
	CU_ASSERT(strstr(html, "Sun 25 Oct 02:00\xE2\x80\x93" "03:00: 2.00 agent-hours short") != NULL);
	CU_ASSERT(strstr(html, "Sun 25 Oct 03:00\xE2\x80\x93" "04:00: 1.00 agent-hours short") != NULL);
	CU_ASSERT(strstr(html, "Sun 25 Oct 01:00\xE2\x80\x93" "02:00: 0.00 agent-hours short") != NULL);
	CU_ASSERT(strstr(html, ">feasible<") != NULL);
	free(html);
	fx_free(&run);
}

static void test_rpt_html_handles_an_empty_run(void)
{
	struct sp_run run;
	size_t len;
	char *html, why[160];

	memset(&run, 0, sizeof(run));
	html = write_report(&run, NULL, &len);
	CU_ASSERT(strstr(html, "No shifts in this run") != NULL);
	CU_ASSERT(strstr(html, "no coverage cells") != NULL);
	CU_ASSERT_PTR_NULL(check_nesting(html, why, sizeof(why)));
	free(html);
}

static void test_rpt_html_scales_to_10000_agents(void)
{
	struct sp_run run;
	size_t len;
	char *html, why[160];

	fx_build(&run, "Asia/Shanghai", 10000, 15, 0);
	html = write_report(&run, "large.html", &len);
	CU_ASSERT(len < 3u * 1024 * 1024);
	CU_ASSERT(strstr(html, "Showing the first 400 of 10000 scheduled agents") != NULL);
	CU_ASSERT(strstr(html, "Schedule per agent (10000 scheduled)") != NULL);
	CU_ASSERT_PTR_NULL(check_nesting(html, why, sizeof(why)));
	free(html);
	fx_free(&run);
}

/* Six weeks of 10,000 agents: rows capped, the page stays of a size a
 * browser opens at once. */
static void test_rpt_six_weeks_10000_agents(void)
{
	struct sp_run run;
	size_t len;
	char *html, why[160];

	fx_build_days(&run, "Asia/Shanghai", 10000, 15, 0, 42, 0);
	html = write_report(&run, NULL, &len);
	fprintf(stderr, "\n  six weeks, 10000 agents: %zu bytes\n", len);
	CU_ASSERT(strstr(html, "Showing the first 400 of 10000 scheduled agents") != NULL);
	CU_ASSERT_PTR_NULL(check_nesting(html, why, sizeof(why)));
	free(html);
	fx_free(&run);
}

static void test_rpt_unwritable_path_is_io_error(void)
{
	struct sp_run run;
	struct sp_err err = SP_ERR_INIT;
	const char *dir = test_tmpdir();
	char notdir[256], path[300], sub[256];
	struct stat st;
	FILE *f;

	fx_build(&run, "Asia/Shanghai", 12, 60, 0);
	/* the parent is a regular file */
	snprintf(notdir, sizeof(notdir), "%s/plain", dir);
	f = fopen(notdir, "w");
	CU_ASSERT_FATAL(f != NULL);
	fclose(f);
	snprintf(path, sizeof(path), "%s/report.html", notdir);
	CU_ASSERT_EQUAL(rpt_write_html(&run, NULL, path, &err), SP_ERR_IO);
	CU_ASSERT_EQUAL(err.code, SP_ERR_IO);
	CU_ASSERT(strstr(err.msg, "report.html") != NULL);
	CU_ASSERT(stat(path, &st) != 0);
	/* the target is a directory: written, then the rename fails; the
	 * temporary file must be gone and the directory untouched */
	snprintf(sub, sizeof(sub), "%s/out", dir);
	CU_ASSERT_FATAL(mkdir(sub, 0777) == 0);
	err = (struct sp_err)SP_ERR_INIT;
	CU_ASSERT_EQUAL(rpt_write_html(&run, NULL, sub, &err), SP_ERR_IO);
	CU_ASSERT(err.msg[0] != '\0');
	CU_ASSERT_EQUAL(test_count_entries(dir), 2);   /* plain and out, no *.tmp.* */
	CU_ASSERT_EQUAL(test_count_entries(sub), 0);
	/* the comparison page follows the same rule */
	err = (struct sp_err)SP_ERR_INIT;
	CU_ASSERT_EQUAL(rpt_write_compare_html(&run, NULL, 1, path, &err), SP_ERR_IO);
	CU_ASSERT(stat(path, &st) != 0);
	fx_free(&run);
}

static void test_rpt_compare_page(void)
{
	struct sp_run runs[3];
	const char *names[3] = { "base", "ko+30% <launch>", NULL };
	struct sp_err err = SP_ERR_INIT;
	char path[256], why[160];
	char *html;
	size_t len;

	for (int i = 0; i < 3; i++)
		fx_build(&runs[i], "Asia/Shanghai", 24, 60, 0);
	snprintf(runs[2].scenario, sizeof(runs[2].scenario), "bot & 10%%");
	/* scenario 1: more Korean shortage, higher cost; 2: cheaper, better */
	for (int i = 0; i < runs[1].ncells; i++) {
		struct sp_run_cell *c = &runs[1].cells[i];
		if (!strcmp(c->lang, "ko")) {
			c->understaffed += 0.5;
			c->service_level = 0.6;
		}
	}
	runs[1].kpis.cost += 1500;
	runs[1].kpis.service_level = 0.83;
	runs[2].kpis.cost -= 800;
	runs[2].kpis.coverage = 0.99;
	runs[2].kpis.agents_scheduled -= 2;
	snprintf(runs[2].kpis.status, sizeof(runs[2].kpis.status), "time_limit");

	snprintf(path, sizeof(path), "%s/compare.html", test_tmpdir());
	CU_ASSERT_EQUAL_FATAL(rpt_write_compare_html(runs, names, 3, path, &err), SP_OK);
	html = test_slurp(path, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	keep_copy("compare.html", html, len);
	CU_ASSERT_PTR_NULL(check_nesting(html, why, sizeof(why)));
	CU_ASSERT_PTR_NULL(strstr(html, "http"));
	CU_ASSERT_PTR_NULL(strstr(html, "<script"));
	CU_ASSERT(strstr(html, "ko+30% &lt;launch&gt;") != NULL);
	CU_ASSERT(strstr(html, "bot &amp; 10%") != NULL);  /* NULL name: scenario */
	CU_ASSERT(strstr(html, "<span class=\"d bad\">+1,500.00 (+13.6 %)</span>") != NULL);
	CU_ASSERT(strstr(html, "<span class=\"d good\">-800.00 (-7.3 %)</span>") != NULL);
	CU_ASSERT(strstr(html, "<span class=\"d bad\">-4.1 pp</span>") != NULL);
	CU_ASSERT(strstr(html, "<span class=\"d good\">+3.7 pp</span>") != NULL);
	CU_ASSERT(strstr(html, "<span class=\"d\">-2</span>") != NULL);
	CU_ASSERT(strstr(html, ">time_limit<") != NULL);
	CU_ASSERT(strstr(html, "Understaffed agent-hours") != NULL);
	CU_ASSERT(strstr(html, "Projected service level") != NULL);
	CU_ASSERT_EQUAL(count(html, "<svg"), 2);
	CU_ASSERT_PTR_NULL(strstr(html, "bandon"));
	CU_ASSERT_PTR_NULL(strstr(html, "different length"));
	/* one bar group per language, three bars each */
	CU_ASSERT(strstr(html, ">ko</text>") != NULL && strstr(html, ">ja</text>") != NULL);
	CU_ASSERT_EQUAL(count(html, "<rect fill=\"#4e79a7\""), 2 * 4);
	err = (struct sp_err)SP_ERR_INIT;
	CU_ASSERT_EQUAL(rpt_write_compare_html(runs, names, 0, path, &err), SP_ERR_USAGE);
	free(html);
	for (int i = 0; i < 3; i++)
		fx_free(&runs[i]);
}

/* Paid hours of the fixture's shifts dated in [from, to] ("YYYY-MM-DD"). */
static double fx_paid_between(const struct sp_run *r, const char *from, const char *to)
{
	double h = 0;

	for (int i = 0; i < r->nshifts; i++)
		if (strcmp(r->shifts[i].date, from) >= 0 && strcmp(r->shifts[i].date, to) <= 0)
			h += r->shifts[i].paid_minutes / 60.0;
	return h;
}

/* The text from the first occurrence of start up to the next end ("" when
 * absent), into out. */
static void between(const char *html, const char *start, const char *end, char *out, size_t n)
{
	const char *a = strstr(html, start), *z;

	out[0] = '\0';
	if (!a)
		return;
	z = strstr(a, end);
	snprintf(out, n, "%.*s", (int)(z ? (size_t)(z - a) : strlen(a)), a);
}

static void test_rpt_two_weeks(void)
{
	struct sp_run run;
	size_t len;
	char *html, why[160], want[256], got[4096];

	fx_build_days(&run, "Asia/Shanghai", 24, 60, 1, 14, 0);
	html = write_report(&run, "weeks2.html", &len);
	CU_ASSERT_PTR_NULL(check_nesting(html, why, sizeof(why)));
	CU_ASSERT(strstr(html, "Mon 30 Nov 2026 \xE2\x80\x93 Sun 13 Dec 2026 (2 weeks)") != NULL);
	/* heat-map: a row per day, grouped under week headings with totals */
	CU_ASSERT_EQUAL(count(html, " agent-hours short</title></rect>"), 14 * 24);
	CU_ASSERT(strstr(html, ">Week 1 \xC2\xB7 30 Nov \xE2\x80\x93 6 Dec</text>") != NULL);
	CU_ASSERT(strstr(html, ">Week 2 \xC2\xB7 7\xE2\x80\x93" "13 Dec</text>") != NULL);
	CU_ASSERT(strstr(html, "Sun 13 Dec 23:00\xE2\x80\x93" "00:00") != NULL);
	CU_ASSERT(strstr(html, "horizon total") != NULL);
	/* week by week: week 2's paid hours are its shifts' */
	snprintf(want, sizeof(want), "<tr><td>2 \xC2\xB7 7\xE2\x80\x93" "13 Dec</td><td class=\"n\">%.1f</td>"
		 "<td class=\"n\">18</td>", fx_paid_between(&run, "2026-12-07", "2026-12-13"));
	CU_ASSERT(strstr(html, want) != NULL);
	/* one strip per week in every chart, the week's figures as tooltip */
	CU_ASSERT_EQUAL(count(html, "<div class=\"sm\">"), FX_NPAIRS);
	CU_ASSERT_EQUAL(count(html, "<g><title>"), 2 * FX_NPAIRS);
	CU_ASSERT_EQUAL(count(html, "<g><title>chat \xC2\xB7 ko, Week 2 \xC2\xB7 7\xE2\x80\x93" "13 Dec: need "), 1);
	CU_ASSERT(count(html, "<path class=\"wk\"") > 0);   /* week separators */
	/* fairness per week and the schedule's week columns */
	CU_ASSERT(strstr(html, "<tr><td>Week 2 \xC2\xB7 7\xE2\x80\x93" "13 Dec</td><td class=\"n\">18</td>") != NULL);
	CU_ASSERT(strstr(html, "Paid hours per agent and week") != NULL);
	CU_ASSERT_EQUAL(count(html, ">wk2</text>"), 1);
	CU_ASSERT(strstr(html, "\nWeek 2 \xC2\xB7 7\xE2\x80\x93" "13 Dec: 40 h paid, 5 shifts,") != NULL);
	/* agent A0001's row: 40 h in each week (5 x 8 h) */
	between(html, "(A0001)", "</text><g", got, sizeof(got));
	CU_ASSERT(strstr(got, "Week 1 \xC2\xB7 30 Nov \xE2\x80\x93 6 Dec: 40 h paid, 5 shifts") != NULL);
	/* Erlang C: no abandonment anywhere */
	CU_ASSERT_PTR_NULL(strstr(html, "bandon"));
	CU_ASSERT(strstr(html, "one strip per week (2 weeks)") != NULL);
	free(html);
	fx_free(&run);
}

/* Six weeks of half hours under Erlang A for chat: readable at 42 days,
 * abandonment where it applies. */
static void test_rpt_six_weeks_erlang_a(void)
{
	struct sp_run run;
	size_t len;
	char *html, why[160], want[256], got[4096], pct[32];
	double w = 0, sum = 0;

	fx_build_days(&run, "Asia/Shanghai", 60, 30, 1, 42, 1);
	run.kpis.abandon_rate = 0.5; /* stale: the page takes the cells' */
	html = write_report(&run, "weeks6.html", &len);
	CU_ASSERT(len < 1536u * 1024);
	CU_ASSERT_PTR_NULL(check_nesting(html, why, sizeof(why)));
	CU_ASSERT(strstr(html, "(6 weeks)") != NULL);
	CU_ASSERT_EQUAL(count(html, " agent-hours short</title></rect>"), 42 * 24);
	CU_ASSERT(strstr(html, ">Week 5 \xC2\xB7 28 Dec \xE2\x80\x93 3 Jan</text>") != NULL);
	CU_ASSERT(strstr(html, ">Week 6 \xC2\xB7 4\xE2\x80\x93" "10 Jan</text>") != NULL);
	CU_ASSERT(strstr(html, ">Sun 10 Jan</text>") != NULL);
	CU_ASSERT_EQUAL(count(html, "<g><title>chat \xC2\xB7 ko, Week "), 6);
	CU_ASSERT_EQUAL(count(html, ">wk6</text>"), 1);
	/* the abandon rate over the chat cells, weighted by contacts */
	for (int i = 0; i < run.ncells; i++)
		if (!strcmp(run.cells[i].queue, "chat")) {
			w += run.cells[i].arrivals;
			sum += run.cells[i].arrivals * run.cells[i].abandon_rate;
		}
	snprintf(pct, sizeof(pct), "%.1f %%", sum / w * 100);
	snprintf(want, sizeof(want), "<tr><td>Abandon rate</td><td class=\"n\">%s</td>", pct);
	CU_ASSERT(strstr(html, want) != NULL);
	CU_ASSERT_PTR_NULL(strstr(html, ">50.0 %<"));
	/* per pair: chat charts say it, email and security (Erlang C) do not */
	between(html, "<b>chat \xC2\xB7 ko</b><span>", "</span></div>", got, sizeof(got));
	CU_ASSERT(strstr(got, " \xC2\xB7 abandon ") != NULL);
	between(html, "<b>email \xC2\xB7 en</b><span>", "</span></div>", got, sizeof(got));
	CU_ASSERT(got[0] != '\0');
	CU_ASSERT_PTR_NULL(strstr(got, "abandon"));
	between(html, "<g><title>chat \xC2\xB7 ko, Week 6", "</title>", got, sizeof(got));
	CU_ASSERT(strstr(got, "abandon") != NULL);
	/* the week table gains an abandon column; the Korean shortfall grows
	 * week by week, so the last week abandons most */
	CU_ASSERT(strstr(html, ">abandon</th>") != NULL);
	free(html);
	fx_free(&run);
}

static void test_rpt_compare_abandon_and_horizons(void)
{
	struct sp_run runs[2];
	const char *names[2] = { "base", "patience" };
	struct sp_err err = SP_ERR_INIT;
	char path[256], why[160], got[4096];
	char *html;
	size_t len;

	fx_build(&runs[0], "Asia/Shanghai", 12, 60, 0);
	fx_build_days(&runs[1], "Asia/Shanghai", 12, 60, 0, 14, 1);
	snprintf(path, sizeof(path), "%s/compare.html", test_tmpdir());
	CU_ASSERT_EQUAL_FATAL(rpt_write_compare_html(runs, names, 2, path, &err), SP_OK);
	html = test_slurp(path, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	keep_copy("compare-weeks.html", html, len);
	CU_ASSERT_PTR_NULL(check_nesting(html, why, sizeof(why)));
	CU_ASSERT(strstr(html, "run #7, 30 Nov 2026, 7 days, created") != NULL);
	CU_ASSERT(strstr(html, "30 Nov 2026, 2 weeks") != NULL);
	CU_ASSERT(strstr(html, "horizons of different length") != NULL);
	/* abandon rate: "–" for the Erlang C run, no difference to it */
	between(html, "<tr><td>Abandon rate</td>", "</tr>", got, sizeof(got));
	CU_ASSERT(strncmp(got, "<tr><td>Abandon rate</td><td class=\"n\">\xE2\x80\x93</td><td class=\"n\">", 60) == 0);
	CU_ASSERT(strstr(got, " %</td>") != NULL);
	CU_ASSERT_PTR_NULL(strstr(got, "class=\"d"));
	CU_ASSERT(strstr(html, "Projected abandon rate") != NULL);
	CU_ASSERT_EQUAL(count(html, "<svg"), 3);
	free(html);
	fx_free(&runs[0]);
	fx_free(&runs[1]);
}

static const struct {
	const char *name;
	CU_TestFunc fn;
} report_tests[] = {
	{ "html is self-contained and well formed", test_rpt_html_is_self_contained_and_well_formed },
	{ "html shows kpis and every section", test_rpt_html_shows_kpis_and_sections },
	{ "html escapes names", test_rpt_html_escapes_names },
	{ "night bands and colours follow the run's night window", test_rpt_night_window_is_the_runs },
	{ "heat-map sums the repeated DST hour", test_rpt_heatmap_sums_repeated_dst_hour },
	{ "html handles an empty run", test_rpt_html_handles_an_empty_run },
	{ "html scales to 10000 agents", test_rpt_html_scales_to_10000_agents },
	{ "six weeks of 10000 agents", test_rpt_six_weeks_10000_agents },
	{ "unwritable path is an io error, no partial file", test_rpt_unwritable_path_is_io_error },
	{ "compare page", test_rpt_compare_page },
	{ "two weeks: week groups, strips, week columns", test_rpt_two_weeks },
	{ "six weeks under Erlang A", test_rpt_six_weeks_erlang_a },
	{ "compare: abandon rate and different horizons", test_rpt_compare_abandon_and_horizons },
};

TEST_SUITE(report)
{
	CU_pSuite s = CU_add_suite("report", NULL, NULL);

	for (size_t i = 0; s && i < sizeof(report_tests) / sizeof(report_tests[0]); i++)
		CU_add_test(s, report_tests[i].name, report_tests[i].fn);
}
