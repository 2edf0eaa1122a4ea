/* store_feeds.c - calendar feed addresses and the server's read path
 *
 * The feeds table (schema version 6 in store.c) holds the SHA-256
 * of each secret, so neither the database nor a copy of it gives anyone a
 * working address.  Writers (issue, revoke, touch) run in one transaction
 * each on the command's read-write handle.  `serve` reads through
 * sp_feed_reader: read-only connections whose read transactions see what
 * a `plan` committed before they began (the database is in WAL mode, so
 * readers and that writer do not wait for each other).
 */
#include "store_int.h"

#include <string.h>
#include <time.h>

static const char *const kind_name[] = { "agent", "team" };

static void iso_now(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void col_copy(sqlite3_stmt *st, int col, char *out, size_t n)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	snprintf(out, n, "%s", s ? (const char *)s : "");
}

/* Appends "'name'" to a list of names in msg (stops quietly when full). */
static void name_add(char *msg, size_t n, int *count, const char *name)
{
	size_t len = strlen(msg);

	if (len + 8 < n)
		snprintf(msg + len, n - len, "%s'%s'", (*count)++ ? ", " : "", name);
}

static sp_status agent_known(struct sp_db *db, sqlite3_stmt *st, const char *id, int *known,
			     struct sp_err *err)
{
	sp_status rc;
	int row;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((rc = db_next(db, st, &row, "cannot look up agents", err)) != SP_OK)
		return rc;
	*known = row && sqlite3_column_int(st, 0);
	return SP_OK;
}

sp_status db_feeds_issue(struct sp_db *db, const struct sp_feed_grant *g, int n,
			 struct sp_err *err)
{
	sqlite3_stmt *known = NULL, *revoke = NULL, *insert = NULL;
	char now[32], unknown[512] = "";
	int nunknown = 0;
	sp_status rc;

	iso_now(time(NULL), now);
	if ((rc = db_begin(db, err)) != SP_OK)
		return rc;
	if ((rc = db_prepare(db, "SELECT EXISTS(SELECT 1 FROM run_agents ra JOIN runs r ON r.id = ra.run_id"
				 " WHERE ra.agent_id = ?1 AND r.scenario = 'base')"
				 " OR EXISTS(SELECT 1 FROM publications WHERE agent_id = ?1)", &known, err)) != SP_OK ||
	    (rc = db_prepare(db, "UPDATE feeds SET revoked_at = ?3 WHERE kind = ?1 AND subject = ?2"
				 " AND revoked_at IS NULL", &revoke, err)) != SP_OK ||
	    (rc = db_prepare(db, "INSERT INTO feeds(kind, subject, secret_sha256, created_at)"
				 " VALUES(?1, ?2, ?3, ?4)", &insert, err)) != SP_OK)
		goto fail;
	/* every agent is checked before anything is written */
	for (int i = 0; i < n; i++) {
		int ok = 1;

		if (g[i].kind == SP_FEED_AGENT &&
		    (rc = agent_known(db, known, g[i].subject, &ok, err)) != SP_OK)
			goto fail;
		if (!ok)
			name_add(unknown, sizeof(unknown), &nunknown, g[i].subject);
	}
	if (nunknown) {
		rc = sp_err_set(err, SP_ERR_USAGE,
				"unknown agent%s %s: not in any stored run of scenario base "
				"(plan the week first); no address issued",
				nunknown > 1 ? "s" : "", unknown);
		goto fail;
	}
	for (int i = 0; i < n; i++) {
		SP_ASSERT(g[i].kind == SP_FEED_AGENT || g[i].kind == SP_FEED_TEAM);
		sqlite3_reset(revoke);
		sqlite3_bind_text(revoke, 1, kind_name[g[i].kind], -1, SQLITE_STATIC);
		sqlite3_bind_text(revoke, 2, g[i].subject, -1, SQLITE_STATIC);
		sqlite3_bind_text(revoke, 3, now, -1, SQLITE_STATIC);
		if ((rc = db_step_done(db, revoke, err)) != SP_OK)
			goto fail;
		sqlite3_reset(insert);
		sqlite3_bind_text(insert, 1, kind_name[g[i].kind], -1, SQLITE_STATIC);
		sqlite3_bind_text(insert, 2, g[i].subject, -1, SQLITE_STATIC);
		sqlite3_bind_text(insert, 3, g[i].hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(insert, 4, now, -1, SQLITE_STATIC);
		if (db_step(db, insert) != SQLITE_DONE) {
			/* the message names no hash: it is as good as the secret
			 * for nothing, but nothing about it belongs in a log */
			char what[400];
			snprintf(what, sizeof(what), "cannot store the address of %s '%.300s'", kind_name[g[i].kind],
				 g[i].subject);
			rc = db_error(db, err, what);
			goto fail;
		}
	}
	sqlite3_finalize(known);
	sqlite3_finalize(revoke);
	sqlite3_finalize(insert);
	return db_commit(db, err);
fail:
	sqlite3_finalize(known);
	sqlite3_finalize(revoke);
	sqlite3_finalize(insert);
	db_rollback(db);
	return rc;
}

sp_status db_feeds_revoke(struct sp_db *db, int kind, const char *const *subjects, int n,
			  struct sp_err *err)
{
	sqlite3_stmt *st = NULL;
	char now[32], missing[512] = "";
	int nmissing = 0;
	sp_status rc;

	SP_ASSERT(kind == SP_FEED_AGENT || kind == SP_FEED_TEAM);
	iso_now(time(NULL), now);
	if ((rc = db_begin(db, err)) != SP_OK)
		return rc;
	if ((rc = db_prepare(db, "UPDATE feeds SET revoked_at = ?3 WHERE kind = ?1 AND subject = ?2"
				 " AND revoked_at IS NULL", &st, err)) != SP_OK)
		goto fail;
	for (int i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, kind_name[kind], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, subjects[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
		if ((rc = db_step_done(db, st, err)) != SP_OK)
			goto fail;
		if (sqlite3_changes(db->h) == 0)
			name_add(missing, sizeof(missing), &nmissing, subjects[i]);
	}
	if (nmissing) {
		rc = sp_err_set(err, SP_ERR_USAGE, "no live address for %s %s (see 'staffplan feeds list'); nothing revoked",
				kind_name[kind], missing);
		goto fail;
	}
	sqlite3_finalize(st);
	return db_commit(db, err);
fail:
	sqlite3_finalize(st);
	db_rollback(db);
	return rc;
}

/* Fills f from columns id, kind, subject, created_at, revoked_at, fetched_at. */
static void feed_from_row(sqlite3_stmt *st, struct sp_feed *f)
{
	const unsigned char *kind = sqlite3_column_text(st, 1);

	memset(f, 0, sizeof(*f));
	f->id = sqlite3_column_int64(st, 0);
	f->kind = kind && !strcmp((const char *)kind, "team") ? SP_FEED_TEAM : SP_FEED_AGENT;
	f->subject = db_col_strdup(st, 2);
	col_copy(st, 3, f->created_at, sizeof(f->created_at));
	col_copy(st, 4, f->revoked_at, sizeof(f->revoked_at));
	col_copy(st, 5, f->fetched_at, sizeof(f->fetched_at));
}

#define FEED_COLS "id, kind, subject, created_at, revoked_at, fetched_at"

sp_status db_feeds_list(struct sp_db *db, struct sp_feed **out, int *n, struct sp_err *err)
{
	struct sp_feed *arr = NULL;
	sqlite3_stmt *st = NULL;
	int cnt = 0, cap = 0, row;
	sp_status ret;

	*out = NULL;
	*n = 0;
	if ((ret = db_prepare(db, "SELECT " FEED_COLS " FROM feeds ORDER BY kind, subject, id", &st, err)) != SP_OK)
		return ret;
	while ((ret = db_next(db, st, &row, "cannot list feeds", err)) == SP_OK && row) {
		SP_GROW(arr, cnt + 1, cap);
		feed_from_row(st, &arr[cnt++]);
	}
	if (ret != SP_OK) {
		sqlite3_finalize(st);
		db_feeds_free(arr, cnt);
		return ret;
	}
	sqlite3_finalize(st);
	*out = arr;
	*n = cnt;
	return SP_OK;
}

void db_feed_release(struct sp_feed *f)
{
	if (f) {
		free(f->subject);
		f->subject = NULL;
	}
}

void db_feeds_free(struct sp_feed *f, int n)
{
	if (!f)
		return;
	for (int i = 0; i < n; i++)
		db_feed_release(&f[i]);
	free(f);
}

sp_status db_feed_agents(struct sp_db *db, char ***ids, int *n, struct sp_err *err)
{
	sqlite3_stmt *st = NULL;
	char **arr = NULL;
	int cnt = 0, cap = 0, row;
	sp_status ret;

	*ids = NULL;
	*n = 0;
	if ((ret = db_prepare(db, "SELECT agent_id FROM run_agents WHERE run_id ="
				  " (SELECT max(id) FROM runs WHERE scenario = 'base') ORDER BY seq", &st, err)) != SP_OK)
		return ret;
	while ((ret = db_next(db, st, &row, "cannot read the agents of the latest run", err)) == SP_OK && row) {
		SP_GROW(arr, cnt + 1, cap);
		arr[cnt++] = db_col_strdup(st, 0);
	}
	if (ret != SP_OK) {
		sqlite3_finalize(st);
		for (int i = 0; i < cnt; i++)
			free(arr[i]);
		free(arr);
		return ret;
	}
	sqlite3_finalize(st);
	*ids = arr;
	*n = cnt;
	return SP_OK;
}

sp_status db_feeds_touch(struct sp_db *db, const int64_t *ids, const time_t *t, int n,
			 struct sp_err *err)
{
	sqlite3_stmt *st = NULL;
	sp_status rc;

	if (n == 0)
		return SP_OK;
	if ((rc = db_begin(db, err)) != SP_OK)
		return rc;
	if ((rc = db_prepare(db, "UPDATE feeds SET fetched_at = ?2 WHERE id = ?1"
				 " AND (fetched_at IS NULL OR fetched_at < ?2)", &st, err)) != SP_OK)
		goto fail;
	for (int i = 0; i < n; i++) {
		char when[32];

		iso_now(t[i], when);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ids[i]);
		sqlite3_bind_text(st, 2, when, -1, SQLITE_TRANSIENT);
		if ((rc = db_step_done(db, st, err)) != SP_OK)
			goto fail;
	}
	sqlite3_finalize(st);
	return db_commit(db, err);
fail:
	sqlite3_finalize(st);
	db_rollback(db);
	return rc;
}

/* ---- the read path of `serve` -------------------------------------------- */

enum {
	RD_BEGIN, RD_END, RD_FIND, RD_PUBS_AGENT, RD_PUBS_ALL, RD_AGENT, RD_SITE,
	RD_LATEST_SITE, RD_N
};

static const char *const reader_sql[RD_N] = {
	[RD_BEGIN] = "BEGIN",
	[RD_END] = "COMMIT",
	[RD_FIND] = "SELECT " FEED_COLS " FROM feeds WHERE secret_sha256 = ?1 AND revoked_at IS NULL",
#define PUB_COLS "p.agent_id, p.date, p.uid, p.sequence, p.start_utc, p.end_utc," \
	" p.break_start_utc, p.break_end_utc, p.summary, p.cancelled, p.run_id, p.published_at," \
	" s.run_id IS NOT NULL, s.paid_minutes, s.queues, s.languages, h.horizon_start" \
	" FROM publications p LEFT JOIN run_shifts s" \
	" ON s.run_id = p.run_id AND s.agent_id = p.agent_id AND s.date = p.date" \
	" LEFT JOIN runs h ON h.id = p.run_id"
	[RD_PUBS_AGENT] = "SELECT " PUB_COLS " WHERE p.agent_id = ?1 AND p.date >= ?2 ORDER BY p.date",
	[RD_PUBS_ALL] = "SELECT " PUB_COLS " WHERE p.date >= ?1 ORDER BY p.agent_id, p.date",
#undef PUB_COLS
	[RD_AGENT] = "SELECT ra.name, ra.tz, ra.email FROM run_agents ra JOIN runs r ON r.id = ra.run_id"
		     " WHERE ra.agent_id = ?1 AND ra.run_id <= ?2 AND r.scenario = 'base'"
		     " ORDER BY ra.run_id DESC LIMIT 1",
	[RD_SITE] = "SELECT site_tz FROM runs WHERE id = ?1",
	[RD_LATEST_SITE] = "SELECT site_tz FROM runs WHERE scenario = 'base' ORDER BY id DESC LIMIT 1",
};

struct sp_feed_reader {
	struct sp_db db;        /* the handle, and the path for messages */
	sqlite3_stmt *st[RD_N];
	int in_tx;
};

sp_status db_feed_reader_open(const char *path, struct sp_feed_reader **out, struct sp_err *err)
{
	struct sp_feed_reader *r = sp_xcalloc(1, sizeof(*r));

	*out = NULL;
	snprintf(r->db.path, sizeof(r->db.path), "%s", path);
	/* one thread at a time uses a reader: SQLite's own mutexes are not needed */
	if (sqlite3_open_v2(path, &r->db.h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sp_err_set(err, SP_ERR_DB, "cannot open database '%s' to read: %s", path,
			   r->db.h ? sqlite3_errmsg(r->db.h) : "out of memory");
		db_feed_reader_close(r);
		return SP_ERR_DB;
	}
	sqlite3_busy_timeout(r->db.h, DB_BUSY_MS);
	for (int i = 0; i < RD_N; i++)
		if (sqlite3_prepare_v3(r->db.h, reader_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &r->st[i],
				       NULL) != SQLITE_OK) {
			sp_status rc = db_error(&r->db, err, "cannot prepare the feed queries (run 'staffplan init' to migrate)");
			db_feed_reader_close(r);
			return rc;
		}
	*out = r;
	return SP_OK;
}

void db_feed_reader_close(struct sp_feed_reader *r)
{
	if (!r)
		return;
	for (int i = 0; i < RD_N; i++)
		sqlite3_finalize(r->st[i]);
	sqlite3_close(r->db.h);
	free(r);
}

sp_status db_feed_reader_begin(struct sp_feed_reader *r, struct sp_err *err)
{
	sp_status rc;
	int row;

	db_feed_reader_end(r);
	sqlite3_reset(r->st[RD_BEGIN]);
	if ((rc = db_next(&r->db, r->st[RD_BEGIN], &row, "cannot begin reading", err)) != SP_OK)
		return rc;
	r->in_tx = 1;
	return SP_OK;
}

void db_feed_reader_end(struct sp_feed_reader *r)
{
	if (!r || !r->in_tx)
		return;
	for (int i = 0; i < RD_N; i++)
		sqlite3_reset(r->st[i]);
	sqlite3_step(r->st[RD_END]);
	sqlite3_reset(r->st[RD_END]);
	r->in_tx = 0;
}

sp_status db_feed_find(struct sp_feed_reader *r, const char *hash, struct sp_feed *f,
		       int *found, struct sp_err *err)
{
	sqlite3_stmt *st = r->st[RD_FIND];
	sp_status rc;
	int row;

	*found = 0;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	rc = db_next(&r->db, st, &row, "cannot look up a feed", err);
	if (row) {
		feed_from_row(st, f);
		*found = 1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* Appends agent id to view with its details as of run max_run (base runs
 * up to it), or the id alone. */
static sp_status view_agent(struct sp_feed_reader *r, struct sp_feed_view *view, const char *id,
			    int64_t max_run, int *cap, struct sp_err *err)
{
	sqlite3_stmt *st = r->st[RD_AGENT];
	struct sp_feed_agent *a;
	sp_status rc;
	int row;

	SP_GROW(view->agents, view->nagents + 1, *cap);
	a = &view->agents[view->nagents++];
	memset(a, 0, sizeof(*a));
	a->id = sp_xstrdup(id);
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, max_run);
	rc = db_next(&r->db, st, &row, "cannot read agent details", err);
	a->name = row ? db_col_strdup(st, 0) : sp_xstrdup(id);
	a->tz = row ? db_col_strdup(st, 1) : sp_xstrdup("");
	a->email = row ? db_col_strdup(st, 2) : sp_xstrdup("");
	sqlite3_reset(st);
	return rc;
}

/* view->site_tz from run id (0: the latest base run), "UTC" without one. */
static sp_status view_site(struct sp_feed_reader *r, struct sp_feed_view *view, int64_t run,
			   struct sp_err *err)
{
	sqlite3_stmt *st = r->st[run ? RD_SITE : RD_LATEST_SITE];
	sp_status rc;
	int row;

	sqlite3_reset(st);
	if (run)
		sqlite3_bind_int64(st, 1, run);
	rc = db_next(&r->db, st, &row, "cannot read the site zone", err);
	snprintf(view->site_tz, sizeof(view->site_tz), "%s",
		 row && sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "UTC");
	sqlite3_reset(st);
	return rc;
}

/* One publication row (the columns of PUB_COLS) into p: the stored row,
 * and for a shift still shown what the run that published it planned
 * (the table keeps no queues, languages or paid time: ics.h). */
static void pub_from_row(sqlite3_stmt *st, struct ics_pub *p)
{
	memset(p, 0, sizeof(*p));
	p->agent_id = db_col_strdup(st, 0);
	col_copy(st, 1, p->date, sizeof(p->date));
	p->uid = db_col_strdup(st, 2);
	p->sequence = sqlite3_column_int(st, 3);
	p->start = (time_t)sqlite3_column_int64(st, 4);
	p->end = (time_t)sqlite3_column_int64(st, 5);
	p->brk_start = (time_t)sqlite3_column_int64(st, 6);
	p->brk_end = (time_t)sqlite3_column_int64(st, 7);
	p->summary = db_col_strdup(st, 8);
	p->cancelled = sqlite3_column_int(st, 9);
	p->run_id = sqlite3_column_int64(st, 10);
	col_copy(st, 11, p->published_at, sizeof(p->published_at));
	if (p->cancelled != ICS_PUB_CANCELLED && sqlite3_column_int(st, 12)) {
		p->paid_minutes = sqlite3_column_int(st, 13);
		p->queues = db_col_strdup(st, 14);
		p->langs = db_col_strdup(st, 15);
	}
}

void db_feed_view_release(struct sp_feed_view *v)
{
	if (!v)
		return;
	ics_pubs_free(v->pubs, v->npubs);
	for (int i = 0; i < v->nagents; i++) {
		free(v->agents[i].id);
		free(v->agents[i].name);
		free(v->agents[i].tz);
		free(v->agents[i].email);
	}
	free(v->agents);
	memset(v, 0, sizeof(*v));
}

sp_status db_feed_load(struct sp_feed_reader *r, const struct sp_feed *f, const char *from,
		       struct sp_feed_view *view, struct sp_err *err)
{
	int team = f->kind == SP_FEED_TEAM;
	sqlite3_stmt *st = r->st[team ? RD_PUBS_ALL : RD_PUBS_AGENT];
	int cap = 0, capagents = 0, row;
	int64_t latest = 0;
	sp_status ret;

	memset(view, 0, sizeof(*view));
	sqlite3_reset(st);
	if (team) {
		sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(st, 1, f->subject, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	}
	while ((ret = db_next(&r->db, st, &row, "cannot read publications", err)) == SP_OK && row) {
		const unsigned char *agent = sqlite3_column_text(st, 0), *date = sqlite3_column_text(st, 1);
		int n = view->npubs;

		/* (agent, date) is the key; a run holding two shifts of one
		 * agent on one day never publishes, but the join would repeat */
		if (n && agent && date && !strcmp(view->pubs[n - 1].agent_id, (const char *)agent) &&
		    !strcmp(view->pubs[n - 1].date, (const char *)date))
			continue;
		SP_GROW(view->pubs, n + 1, cap);
		pub_from_row(st, &view->pubs[view->npubs++]);
		if (view->pubs[n].run_id > latest)
			latest = view->pubs[n].run_id;
		/* where the file writer starts the VTIMEZONEs (ics.c) */
		time_t horizon = (time_t)sqlite3_column_int64(st, 16);
		if (horizon && (!view->first || horizon < view->first))
			view->first = horizon;
		if (!view->first || view->pubs[n].start < view->first)
			view->first = view->pubs[n].start;
	}
	sqlite3_reset(st);
	if (ret != SP_OK)
		return ret;
	if ((ret = view_site(r, view, latest, err)) != SP_OK)
		return ret;
	/* agents in pubs order (by id), each with the details of the latest
	 * base run up to its own latest publication */
	if (!team)
		return view_agent(r, view, f->subject, latest ? latest : INT64_MAX, &capagents, err);
	for (int i = 0; i < view->npubs;) {
		int64_t last = 0;
		int j = i;

		for (; j < view->npubs && !strcmp(view->pubs[j].agent_id, view->pubs[i].agent_id); j++)
			if (view->pubs[j].run_id > last)
				last = view->pubs[j].run_id;
		if ((ret = view_agent(r, view, view->pubs[i].agent_id, last, &capagents, err)) != SP_OK)
			return ret;
		i = j;
	}
	return SP_OK;
}
