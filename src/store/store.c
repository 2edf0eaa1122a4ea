/* store.c - SQLite schema, migrations, inputs, scenarios and runs
 *
 * schema_v[i] takes the database from user_version i to i + 1; db_open
 * applies what is missing in one transaction.  A new version is appended,
 * never edited, so every older file migrates forward.
 */
#include "store_int.h"
#include "staffplan/fault.h"

#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const schema_v[] = {
	/* 1: inputs, scenarios, runs, shifts, coverage, calendars published */
	"CREATE TABLE inputs(scenario TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,"
	"  content TEXT NOT NULL, imported_at TEXT NOT NULL, PRIMARY KEY(scenario, kind));"
	"CREATE TABLE scenarios(name TEXT PRIMARY KEY, base TEXT, changes TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL);"
	"CREATE TABLE runs(id INTEGER PRIMARY KEY, scenario TEXT NOT NULL, created_at TEXT NOT NULL,"
	"  status TEXT NOT NULL, baseline INTEGER NOT NULL DEFAULT 0, kpis TEXT NOT NULL,"
	"  site_tz TEXT NOT NULL, interval_minutes INTEGER NOT NULL, horizon_start INTEGER NOT NULL,"
	"  ndays INTEGER NOT NULL);"
	"CREATE TABLE run_agents(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL, agent_id TEXT NOT NULL, name TEXT NOT NULL, tz TEXT NOT NULL,"
	"  email TEXT NOT NULL, hours REAL NOT NULL, nights INTEGER NOT NULL, weekends INTEGER NOT NULL,"
	"  shifts INTEGER NOT NULL, PRIMARY KEY(run_id, seq));"
	"CREATE TABLE run_shifts(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL, agent_id TEXT NOT NULL, agent_name TEXT NOT NULL, agent_tz TEXT NOT NULL,"
	"  email TEXT NOT NULL, date TEXT NOT NULL, start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL,"
	"  break_start_utc INTEGER NOT NULL, break_end_utc INTEGER NOT NULL,"
	"  paid_minutes INTEGER NOT NULL, queues TEXT NOT NULL, languages TEXT NOT NULL,"
	"  PRIMARY KEY(run_id, seq));"
	"CREATE TABLE run_cells(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL, start_utc INTEGER NOT NULL, queue TEXT NOT NULL, language TEXT NOT NULL,"
	"  volume REAL NOT NULL, arrivals REAL NOT NULL, required REAL NOT NULL, staffed REAL NOT NULL,"
	"  understaffed REAL NOT NULL, service_level REAL NOT NULL, agents INTEGER NOT NULL,"
	"  PRIMARY KEY(run_id, seq));"
	"CREATE TABLE publications(agent_id TEXT NOT NULL, date TEXT NOT NULL,"
	"  uid TEXT NOT NULL, sequence INTEGER NOT NULL,"
	"  start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL,"
	"  break_start_utc INTEGER NOT NULL DEFAULT 0, break_end_utc INTEGER NOT NULL DEFAULT 0,"
	"  summary TEXT NOT NULL DEFAULT '', cancelled INTEGER NOT NULL DEFAULT 0,"
	"  run_id INTEGER NOT NULL DEFAULT 0, published_at TEXT NOT NULL,"
	"  PRIMARY KEY(agent_id, date));",
	/* 2: what the report and a planner comparing runs need to know of the
	 * plan: its night window (older runs get SPEC's default) and solver */
	"ALTER TABLE runs ADD COLUMN night_start INTEGER NOT NULL DEFAULT 1320;"
	"ALTER TABLE runs ADD COLUMN night_end INTEGER NOT NULL DEFAULT 360;"
	"ALTER TABLE runs ADD COLUMN solver TEXT NOT NULL DEFAULT '';",
	/* 3: the projected abandon rate of each coverage cell under Erlang A
	 * (NULL under Erlang C and for older runs), which the report cannot
	 * recompute: a run keeps neither the handle times nor the patience */
	"ALTER TABLE run_cells ADD COLUMN abandon_rate REAL;",
	/* 4: forecasts made from history (staffplan forecast --db): the text,
	 * where it came from (the history's digest), the method and accuracy
	 * per series; a plan finds the one it was given by the text's digest */
	"CREATE TABLE forecasts(id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,"
	"  history_name TEXT NOT NULL, history_sha256 TEXT NOT NULL, forecast_sha256 TEXT NOT NULL,"
	"  start TEXT NOT NULL, weeks INTEGER NOT NULL, method TEXT NOT NULL, site_tz TEXT NOT NULL,"
	"  interval_minutes INTEGER NOT NULL, content TEXT NOT NULL, accuracy TEXT NOT NULL);"
	"CREATE INDEX forecasts_by_digest ON forecasts(forecast_sha256);"
	"CREATE TABLE forecast_series(forecast_id INTEGER NOT NULL REFERENCES forecasts(id)"
	"  ON DELETE CASCADE, queue TEXT NOT NULL, language TEXT NOT NULL, method TEXT NOT NULL,"
	"  wape_interval REAL, wape_day REAL, wape_week REAL, bias REAL, aht_seconds REAL,"
	"  patience_seconds REAL, PRIMARY KEY(forecast_id, queue, language));",
	/* 5: the roster a run followed (SPEC 7): a stored run's id, or 0 with
	 * the roster file's name; 0 and '' (older runs too): none */
	"ALTER TABLE runs ADD COLUMN previous_run INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE runs ADD COLUMN previous_source TEXT NOT NULL DEFAULT '';",
	/* 6: calendar feeds (store_feeds.c).  Only the SHA-256 of a secret
	 * is kept, looked up through its UNIQUE index; at most one live
	 * address per agent or team; the other indexes serve the per-request
	 * reads of `serve` (an agent's shift and details by run).  IF NOT
	 * EXISTS: it depends on no other entry, whatever order they merge in,
	 * and a file rolled back to an older user_version migrates again */
	"CREATE TABLE IF NOT EXISTS feeds(id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK(kind IN ('agent', 'team')), subject TEXT NOT NULL,"
	"  secret_sha256 TEXT NOT NULL UNIQUE CHECK(length(secret_sha256) = 64),"
	"  created_at TEXT NOT NULL, revoked_at TEXT, fetched_at TEXT);"
	"CREATE UNIQUE INDEX IF NOT EXISTS feeds_live ON feeds(kind, subject) WHERE revoked_at IS NULL;"
	"CREATE INDEX IF NOT EXISTS run_agents_by_agent ON run_agents(agent_id, run_id);"
	"CREATE INDEX IF NOT EXISTS run_shifts_by_agent ON run_shifts(run_id, agent_id, date);"
	"CREATE INDEX IF NOT EXISTS publications_by_date ON publications(date);",
};

#define NSCHEMA ((int)(sizeof(schema_v) / sizeof(schema_v[0])))

/* What to do about a lock that outlasted DB_BUSY_MS. */
static const char *busy_hint(struct sp_db *db)
{
	return sqlite3_errcode(db->h) == SQLITE_BUSY ?
		" (another staffplan command has held it for over a minute; run this again when that "
		"one ends)" : "";
}

sp_status db_error(struct sp_db *db, struct sp_err *err, const char *what)
{
	return sp_err_set(err, SP_ERR_DB, "database '%s': %s: %s%s", db->path, what,
			  db->injected ? sqlite3_errstr(SQLITE_FULL) : sqlite3_errmsg(db->h),
			  db->injected ? "" : busy_hint(db));
}

int db_step(struct sp_db *db, sqlite3_stmt *st)
{
	db->injected = sp_fault(SP_FAULT_DB);
	return db->injected ? SQLITE_FULL : sqlite3_step(st);
}

/* ROLLBACK needs no space and is never a fault point: after any failure
 * the transaction must end, or the next BEGIN would fail too. */
static void rollback_now(struct sp_db *db)
{
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

sp_status db_exec(struct sp_db *db, const char *sql, struct sp_err *err)
{
	char *msg = NULL;
	if (sp_fault(SP_FAULT_DB)) {
		return sp_err_set(err, SP_ERR_DB, "database '%s': %s", db->path,
				  sqlite3_errstr(SQLITE_FULL));
	}
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		sp_err_set(err, SP_ERR_DB, "database '%s': %s%s", db->path, msg ? msg : "error",
			   busy_hint(db));
		sqlite3_free(msg);
		return SP_ERR_DB;
	}
	return SP_OK;
}

sp_status db_prepare(struct sp_db *db, const char *sql, sqlite3_stmt **st, struct sp_err *err)
{
	*st = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, st, NULL) != SQLITE_OK)
		return db_error(db, err, "prepare");
	return SP_OK;
}

sp_status db_step_done(struct sp_db *db, sqlite3_stmt *st, struct sp_err *err)
{
	int rc = db_step(db, st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(db, err, "write");
	return SP_OK;
}

sp_status db_next(struct sp_db *db, sqlite3_stmt *st, int *row, const char *what, struct sp_err *err)
{
	int rc = db_step(db, st);

	*row = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, err, what);
	return SP_OK;
}

char *db_col_strdup(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return sp_xstrdup(s ? (const char *)s : "");
}

/* "SPLN": marks a staffplan database (PRAGMA application_id), so that
 * --db pointed at another program's SQLite file is refused unchanged. */
#define SP_APPLICATION_ID 0x53504C4E

/* The integer sql reads, -1 when it cannot be read. */
static int pragma_int(struct sp_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK && db_step(db, st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int db_schema_version(struct sp_db *db)
{
	return pragma_int(db, "PRAGMA user_version");
}

/* Is this file staffplan's (marked, or from before the mark: user_version
 * set and a runs table), or new (no tables)?  Reads only. */
static sp_status check_owner(struct sp_db *db, struct sp_err *err)
{
	int app = pragma_int(db, "PRAGMA application_id");
	int tables = pragma_int(db, "SELECT count(*) FROM sqlite_master");
	int runs = pragma_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'runs'");

	if (app < 0 || tables < 0 || runs < 0) {
		/* SQLite reads a file in WAL mode through its -shm file, which
		 * it must create or write: a read-only file in a read-only
		 * folder, or beside a read-only -shm, cannot be read */
		if (sqlite3_errcode(db->h) == SQLITE_READONLY)
			return sp_err_set(err, SP_ERR_DB, "database '%s' is read-only, and reading it needs its -shm file, "
					  "which this user cannot create or write: %s", db->path, sqlite3_errmsg(db->h));
		return db_error(db, err, "cannot read the file's header (is it an SQLite database?)");
	}
	if (app == SP_APPLICATION_ID || (app == 0 && (tables == 0 || (runs && db_schema_version(db) > 0))))
		return SP_OK;
	/* SP_ERR_INPUT, not SP_ERR_USAGE: a missing file (USAGE) may be
	 * created later, another program's never (exit 2 either way) */
	return sp_err_set(err, SP_ERR_INPUT, "database '%s' belongs to another application (%s), "
			  "expected a staffplan database or a new file: left unchanged", db->path,
			  app ? "its application_id is not staffplan's" : "its tables are not staffplan's");
}

/* SP_OK when this staffplan can migrate a file of schema version v (-1:
 * it could not be read). */
static sp_status check_version(struct sp_db *db, int v, struct sp_err *err)
{
	if (v < 0)
		return db_error(db, err, "cannot read schema version");
	if (v > NSCHEMA)
		return sp_err_set(err, SP_ERR_DB,
				  "database '%s' has schema version %d; this staffplan knows up to %d (upgrade staffplan)",
				  db->path, v, NSCHEMA);
	return SP_OK;
}

/* Brings the schema to NSCHEMA and marks the file, in one transaction.
 * The version that decides what to apply is read under the write lock
 * (BEGIN IMMEDIATE waits for it, up to the busy timeout): two commands
 * opening the same new file at once both read version 0 first, and the
 * one that got the lock second must find the tables made, not make them
 * again. */
static sp_status migrate(struct sp_db *db, struct sp_err *err)
{
	int v = db_schema_version(db);
	sp_status st;
	char sql[96];

	/* up to date: nothing to write, so no lock to wait for (a read-only
	 * file serves the commands that only read) */
	if (v == NSCHEMA && pragma_int(db, "PRAGMA application_id") == SP_APPLICATION_ID)
		return SP_OK;
	if ((st = check_version(db, v, err)) != SP_OK)
		return st;
	if (sqlite3_db_readonly(db->h, "main") == 1)
		return sp_err_set(err, SP_ERR_DB, "database '%s' is read-only and needs migrating to schema version %d "
				  "(run 'staffplan init' as a user who may write it)", db->path, NSCHEMA);
	if (db_exec(db, "BEGIN IMMEDIATE", err) != SP_OK)
		return SP_ERR_DB;
	/* again, under the lock: another command may have migrated it since */
	v = db_schema_version(db);
	st = check_version(db, v, err);
	for (; st == SP_OK && v < NSCHEMA; v++)
		st = db_exec(db, schema_v[v], err);
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = %d", SP_APPLICATION_ID,
		 NSCHEMA);
	if (st == SP_OK)
		st = db_exec(db, sql, err);
	if (st == SP_OK)
		st = db_exec(db, "COMMIT", err);
	if (st != SP_OK)
		rollback_now(db);
	return st;
}

/* Switches the file to WAL (a lasting mode: a no-op once it is).  On a
 * file still in rollback mode, a new one, the switch turns a read lock
 * into a write lock, which SQLite does without waiting in the busy
 * handler (that could deadlock): should another command read the same new
 * file at that moment, the switch fails at once with SQLITE_BUSY.  It is
 * tried again for as long as the busy timeout would have waited. */
static sp_status wal_on(struct sp_db *db, struct sp_err *err)
{
	sp_status st;

	for (int waited = 0;; waited += 10) {
		st = db_exec(db, "PRAGMA journal_mode = WAL", err);
		if (st == SP_OK || sqlite3_errcode(db->h) != SQLITE_BUSY || waited >= DB_BUSY_MS)
			return st;
		sqlite3_sleep(10);
	}
}

sp_status db_open(const char *path, int must_exist, struct sp_db **out, struct sp_err *err)
{
	struct sp_db *db = sp_xcalloc(1, sizeof(*db));
	int flags = SQLITE_OPEN_READWRITE | (must_exist ? 0 : SQLITE_OPEN_CREATE);

	*out = NULL;
	if (must_exist && access(path, F_OK) != 0) {
		free(db);
		return sp_err_set(err, SP_ERR_USAGE, "no database '%s' (run 'staffplan init' first, or pass --db)", path);
	}
	snprintf(db->path, sizeof(db->path), "%s", path);
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		sp_err_set(err, SP_ERR_DB, "cannot open database '%s': %s%s", path,
			   db->h ? sqlite3_errmsg(db->h) : "out of memory",
			   must_exist ? " (run 'staffplan init' first)" : "");
		sqlite3_close(db->h);
		free(db);
		return SP_ERR_DB;
	}
	sqlite3_busy_timeout(db->h, DB_BUSY_MS);
	/* whose file it is before anything is written to it (WAL is persistent) */
	sp_status st = check_owner(db, err);
	if (st == SP_OK &&
	    (db_exec(db, "PRAGMA foreign_keys = ON", err) != SP_OK || wal_on(db, err) != SP_OK ||
	     migrate(db, err) != SP_OK))
		st = SP_ERR_DB;
	/* On failure the file stays, even one this call created: another
	 * command may have opened the same new path meanwhile and be storing
	 * into it, and no check made before unlinking can rule that out.
	 * What a failed first open leaves is a file without tables (the
	 * migration is one transaction), which the next open migrates. */
	if (st != SP_OK) {
		sqlite3_close(db->h);
		free(db);
		return st;
	}
	*out = db;
	return SP_OK;
}

void db_close(struct sp_db *db)
{
	if (!db)
		return;
	if (db->tx_depth)
		rollback_now(db);
	sqlite3_close(db->h);
	free(db);
}

sp_status db_begin(struct sp_db *db, struct sp_err *err)
{
	if (db->tx_depth++ > 0)
		return SP_OK;
	db->tx_failed = 0;
	if (db_exec(db, "BEGIN IMMEDIATE", err) != SP_OK) {
		db->tx_depth = 0;
		return SP_ERR_DB;
	}
	return SP_OK;
}

sp_status db_commit(struct sp_db *db, struct sp_err *err)
{
	if (db->tx_failed) {
		/* an inner rollback already undid everything: say so */
		if (db->tx_depth > 0)
			db->tx_depth--;
		if (db->tx_depth == 0)
			db->tx_failed = 0;
		return sp_err_set(err, SP_ERR_DB, "database '%s': the transaction was rolled back", db->path);
	}
	if (db->tx_depth == 0 || --db->tx_depth > 0)
		return SP_OK;
	if (db_exec(db, "COMMIT", err) != SP_OK) {
		rollback_now(db);
		return SP_ERR_DB;
	}
	return SP_OK;
}

void db_rollback(struct sp_db *db)
{
	if (db->tx_depth == 0 || db->tx_failed) {
		if (db->tx_depth > 0 && --db->tx_depth == 0)
			db->tx_failed = 0;
		return;
	}
	rollback_now(db);
	/* outer levels still call db_commit/db_rollback: they see tx_failed */
	if (--db->tx_depth > 0)
		db->tx_failed = 1;
}

static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

sp_status db_put_input(struct sp_db *db, const char *scenario, const char *kind, const char *name,
		       const char *content, struct sp_err *err)
{
	sqlite3_stmt *st;
	char ts[32];
	sp_status rc;

	now_iso(ts);
	if ((rc = db_prepare(db, "INSERT OR REPLACE INTO inputs VALUES(?,?,?,?,?)", &st, err)) != SP_OK)
		return rc;
	sqlite3_bind_text(st, 1, scenario, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, content, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, ts, -1, SQLITE_TRANSIENT);
	rc = db_step_done(db, st, err);
	sqlite3_finalize(st);
	return rc;
}

sp_status db_get_input(struct sp_db *db, const char *scenario, const char *kind, char **name,
		       char **content, struct sp_err *err)
{
	sqlite3_stmt *st;
	sp_status rc;

	*name = *content = NULL;
	if ((rc = db_prepare(db, "SELECT name, content FROM inputs WHERE scenario=? AND kind=?", &st, err)) != SP_OK)
		return rc;
	sqlite3_bind_text(st, 1, scenario, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
	int row;
	if ((rc = db_next(db, st, &row, "cannot read an input", err)) == SP_OK && row) {
		*name = db_col_strdup(st, 0);
		*content = db_col_strdup(st, 1);
	}
	sqlite3_finalize(st);
	return rc;
}

sp_status db_put_scenario(struct sp_db *db, const char *name, const char *base, const char *changes,
			  struct sp_err *err)
{
	sqlite3_stmt *st;
	char ts[32];
	sp_status rc;

	now_iso(ts);
	if ((rc = db_prepare(db, "INSERT INTO scenarios VALUES(?,?,?,?)", &st, err)) != SP_OK)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, base, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, changes, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, ts, -1, SQLITE_TRANSIENT);
	if (db_step(db, st) != SQLITE_DONE) {
		rc = sqlite3_extended_errcode(db->h) == SQLITE_CONSTRAINT_PRIMARYKEY
			     ? sp_err_set(err, SP_ERR_USAGE, "scenario '%s' already exists", name)
			     : db_error(db, err, "write scenario");
	}
	sqlite3_finalize(st);
	return rc;
}

sp_status db_get_scenario(struct sp_db *db, const char *name, char **base, char **changes,
			  struct sp_err *err)
{
	sqlite3_stmt *st;
	sp_status rc;

	*base = *changes = NULL;
	if ((rc = db_prepare(db, "SELECT base, changes FROM scenarios WHERE name=?", &st, err)) != SP_OK)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	int row;
	if ((rc = db_next(db, st, &row, "cannot read scenarios", err)) == SP_OK && row) {
		*base = db_col_strdup(st, 0);
		*changes = db_col_strdup(st, 1);
	} else if (rc == SP_OK) {
		rc = sp_err_set(err, SP_ERR_USAGE, "no scenario '%s' (see 'staffplan scenario list')", name);
	}
	sqlite3_finalize(st);
	return rc;
}

sp_status db_list_scenarios(struct sp_db *db,
			    void (*fn)(void *arg, const char *name, const char *base,
				       const char *changes, int64_t last_run),
			    void *arg, struct sp_err *err)
{
	sqlite3_stmt *st;
	sp_status rc;
	int row;

	if ((rc = db_prepare(db, "SELECT s.name, s.base, s.changes, (SELECT max(id) FROM runs r WHERE r.scenario = s.name) "
				 "FROM scenarios s ORDER BY s.name", &st, err)) != SP_OK)
		return rc;
	while ((rc = db_next(db, st, &row, "cannot list scenarios", err)) == SP_OK && row)
		fn(arg, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
		   (const char *)sqlite3_column_text(st, 2), sqlite3_column_int64(st, 3));
	sqlite3_finalize(st);
	return rc;
}

sp_status db_save_run(struct sp_db *db, struct sp_run *run, struct sp_err *err)
{
	sqlite3_stmt *st = NULL;
	sp_status rc;
	char *kpis = sp_run_kpis_to_json(&run->kpis);

	if (!run->created_at[0])
		now_iso(run->created_at);
	if ((rc = db_begin(db, err)) != SP_OK)
		goto out;
	if ((rc = db_prepare(db, "INSERT INTO runs(scenario, created_at, status, baseline, kpis, site_tz,"
				 " interval_minutes, horizon_start, ndays, night_start, night_end, solver,"
				 " previous_run, previous_source)"
				 " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st, err)) != SP_OK)
		goto fail;
	sqlite3_bind_text(st, 1, run->scenario, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, run->created_at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, run->kpis.status, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, run->baseline);
	sqlite3_bind_text(st, 5, kpis, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, run->site_tz, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 7, run->interval_minutes);
	sqlite3_bind_int64(st, 8, run->horizon_start);
	sqlite3_bind_int(st, 9, run->ndays);
	sqlite3_bind_int(st, 10, run->night_start);
	sqlite3_bind_int(st, 11, run->night_end);
	sqlite3_bind_text(st, 12, run->solver, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 13, run->previous_run);
	sqlite3_bind_text(st, 14, run->previous_source, -1, SQLITE_TRANSIENT);
	if ((rc = db_step_done(db, st, err)) != SP_OK)
		goto fail;
	sqlite3_finalize(st);
	st = NULL;
	int64_t id = sqlite3_last_insert_rowid(db->h);
	if ((rc = db_prepare(db, "INSERT INTO run_agents VALUES(?,?,?,?,?,?,?,?,?,?)", &st, err)) != SP_OK)
		goto fail;
	for (int i = 0; i < run->nagents; i++) {
		const struct sp_run_agent *a = &run->agents[i];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i);
		sqlite3_bind_text(st, 3, a->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, a->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, a->tz, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, a->email, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 7, a->hours);
		sqlite3_bind_int(st, 8, a->nights);
		sqlite3_bind_int(st, 9, a->weekends);
		sqlite3_bind_int(st, 10, a->shifts);
		if ((rc = db_step_done(db, st, err)) != SP_OK)
			goto fail;
	}
	sqlite3_finalize(st);
	if ((rc = db_prepare(db, "INSERT INTO run_shifts VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st, err)) != SP_OK)
		goto fail;
	for (int i = 0; i < run->nshifts; i++) {
		const struct sp_run_shift *s = &run->shifts[i];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i);
		sqlite3_bind_text(st, 3, s->agent_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, s->agent_name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, s->agent_tz, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, s->email, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, s->date, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, s->start);
		sqlite3_bind_int64(st, 9, s->end);
		sqlite3_bind_int64(st, 10, s->brk_start);
		sqlite3_bind_int64(st, 11, s->brk_end);
		sqlite3_bind_int(st, 12, s->paid_minutes);
		sqlite3_bind_text(st, 13, s->queues, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 14, s->langs, -1, SQLITE_STATIC);
		if ((rc = db_step_done(db, st, err)) != SP_OK)
			goto fail;
	}
	sqlite3_finalize(st);
	if ((rc = db_prepare(db, "INSERT INTO run_cells VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)", &st, err)) != SP_OK)
		goto fail;
	for (int i = 0; i < run->ncells; i++) {
		const struct sp_run_cell *c = &run->cells[i];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i);
		sqlite3_bind_int64(st, 3, c->start);
		sqlite3_bind_text(st, 4, c->queue, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, c->lang, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 6, c->volume);
		sqlite3_bind_double(st, 7, c->arrivals);
		sqlite3_bind_double(st, 8, c->required);
		sqlite3_bind_double(st, 9, c->staffed);
		sqlite3_bind_double(st, 10, c->understaffed);
		sqlite3_bind_double(st, 11, c->service_level);
		sqlite3_bind_int(st, 12, c->agents);
		if (isnan(c->abandon_rate))
			sqlite3_bind_null(st, 13);
		else
			sqlite3_bind_double(st, 13, c->abandon_rate);
		if ((rc = db_step_done(db, st, err)) != SP_OK)
			goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = db_commit(db, err)) != SP_OK)
		goto out;
	run->id = id;
	goto out;
fail:
	sqlite3_finalize(st);
	db_rollback(db);
out:
	free(kpis);
	return rc;
}

sp_status db_load_run(struct sp_db *db, int64_t id, const char *scenario, struct sp_run *out,
		      struct sp_err *err)
{
	sqlite3_stmt *st;
	sp_status rc;
	int row, n;

#define RUN_ROW "SELECT id, scenario, created_at, baseline, kpis, site_tz, interval_minutes," \
		" horizon_start, ndays, night_start, night_end, solver, previous_run, previous_source FROM runs"
	sp_run_init(out);
	if (id > 0)
		rc = db_prepare(db, RUN_ROW " WHERE id = ?", &st, err);
	else if (scenario)
		rc = db_prepare(db, RUN_ROW " WHERE scenario = ? ORDER BY id DESC LIMIT 1", &st, err);
	else
		rc = db_prepare(db, RUN_ROW " ORDER BY id DESC LIMIT 1", &st, err);
#undef RUN_ROW
	if (rc != SP_OK)
		return rc;
	if (id > 0)
		sqlite3_bind_int64(st, 1, id);
	else if (scenario)
		sqlite3_bind_text(st, 1, scenario, -1, SQLITE_TRANSIENT);
	if ((rc = db_next(db, st, &row, "cannot read runs", err)) != SP_OK || !row) {
		sqlite3_finalize(st);
		if (rc != SP_OK)
			return rc;
		if (id > 0)
			return sp_err_set(err, SP_ERR_USAGE, "no run %lld in '%s'", (long long)id, db->path);
		return sp_err_set(err, SP_ERR_USAGE, "no run%s%s in '%s' yet (run 'staffplan schedule' first)",
				  scenario ? " of scenario " : "", scenario ? scenario : "", db->path);
	}
	out->id = sqlite3_column_int64(st, 0);
	snprintf(out->scenario, sizeof(out->scenario), "%s", sqlite3_column_text(st, 1));
	snprintf(out->created_at, sizeof(out->created_at), "%s", sqlite3_column_text(st, 2));
	out->baseline = sqlite3_column_int64(st, 3);
	rc = sp_run_kpis_from_json(&out->kpis, (const char *)sqlite3_column_text(st, 4), err);
	snprintf(out->site_tz, sizeof(out->site_tz), "%s", sqlite3_column_text(st, 5));
	out->interval_minutes = sqlite3_column_int(st, 6);
	out->horizon_start = (time_t)sqlite3_column_int64(st, 7);
	out->ndays = sqlite3_column_int(st, 8);
	out->night_start = sqlite3_column_int(st, 9);
	out->night_end = sqlite3_column_int(st, 10);
	snprintf(out->solver, sizeof(out->solver), "%s", sqlite3_column_text(st, 11));
	out->previous_run = sqlite3_column_int64(st, 12);
	snprintf(out->previous_source, sizeof(out->previous_source), "%s", sqlite3_column_text(st, 13));
	sqlite3_finalize(st);
	if (rc != SP_OK)
		return rc;
	id = out->id;
	if ((rc = db_prepare(db, "SELECT agent_id, name, tz, email, hours, nights, weekends, shifts"
				 " FROM run_agents WHERE run_id = ? ORDER BY seq", &st, err)) != SP_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = db_next(db, st, &row, "cannot read the agents of the run", err)) == SP_OK && row) {
		struct sp_run_agent *a = sp_run_add_agent(out, (const char *)sqlite3_column_text(st, 0),
							  (const char *)sqlite3_column_text(st, 1),
							  (const char *)sqlite3_column_text(st, 2),
							  (const char *)sqlite3_column_text(st, 3));
		a->hours = sqlite3_column_double(st, 4);
		a->nights = sqlite3_column_int(st, 5);
		a->weekends = sqlite3_column_int(st, 6);
		a->shifts = sqlite3_column_int(st, 7);
	}
	sqlite3_finalize(st);
	if (rc != SP_OK)
		goto fail;
	if ((rc = db_prepare(db, "SELECT agent_id, agent_name, agent_tz, email, date, start_utc, end_utc,"
				 " break_start_utc, break_end_utc, paid_minutes, queues, languages"
				 " FROM run_shifts WHERE run_id = ? ORDER BY seq", &st, err)) != SP_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = db_next(db, st, &row, "cannot read the shifts of the run", err)) == SP_OK && row) {
		struct sp_run_shift *s = sp_run_add_shift(out, (const char *)sqlite3_column_text(st, 0),
							  (const char *)sqlite3_column_text(st, 1),
							  (const char *)sqlite3_column_text(st, 2),
							  (const char *)sqlite3_column_text(st, 3));
		snprintf(s->date, sizeof(s->date), "%s", sqlite3_column_text(st, 4));
		s->start = (time_t)sqlite3_column_int64(st, 5);
		s->end = (time_t)sqlite3_column_int64(st, 6);
		s->brk_start = (time_t)sqlite3_column_int64(st, 7);
		s->brk_end = (time_t)sqlite3_column_int64(st, 8);
		s->paid_minutes = sqlite3_column_int(st, 9);
		free(s->queues);
		free(s->langs);
		s->queues = db_col_strdup(st, 10);
		s->langs = db_col_strdup(st, 11);
	}
	sqlite3_finalize(st);
	if (rc != SP_OK)
		goto fail;
	if ((rc = db_prepare(db, "SELECT count(*) FROM run_cells WHERE run_id = ?", &st, err)) != SP_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	rc = db_next(db, st, &row, "cannot count the cells of the run", err);
	n = row ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SP_OK)
		goto fail;
	out->cells = sp_xcalloc((size_t)n + 1, sizeof(*out->cells));
	if ((rc = db_prepare(db, "SELECT start_utc, queue, language, volume, arrivals, required, staffed,"
				 " understaffed, service_level, agents, abandon_rate FROM run_cells WHERE run_id = ?"
				 " ORDER BY seq",
			     &st, err)) != SP_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	while (out->ncells < n &&
	       (rc = db_next(db, st, &row, "cannot read the cells of the run", err)) == SP_OK && row) {
		struct sp_run_cell *c = &out->cells[out->ncells++];
		c->start = (time_t)sqlite3_column_int64(st, 0);
		snprintf(c->queue, sizeof(c->queue), "%s", sqlite3_column_text(st, 1));
		snprintf(c->lang, sizeof(c->lang), "%s", sqlite3_column_text(st, 2));
		c->volume = sqlite3_column_double(st, 3);
		c->arrivals = sqlite3_column_double(st, 4);
		c->required = sqlite3_column_double(st, 5);
		c->staffed = sqlite3_column_double(st, 6);
		c->understaffed = sqlite3_column_double(st, 7);
		c->service_level = sqlite3_column_double(st, 8);
		c->agents = sqlite3_column_int(st, 9);
		c->abandon_rate = sqlite3_column_type(st, 10) == SQLITE_NULL ? NAN
								      : sqlite3_column_double(st, 10);
	}
	sqlite3_finalize(st);
	if (rc != SP_OK)
		goto fail;
	return SP_OK;
fail:
	sp_run_release(out);
	return rc;
}

sp_status db_list_runs(struct sp_db *db, const char *scenario,
		       int (*fn)(void *arg, const struct db_run_head *h), void *arg, struct sp_err *err)
{
	sqlite3_stmt *st;
	struct db_run_head h;
	sp_status rc;
	int row;

	if ((rc = db_prepare(db, scenario ? "SELECT id, scenario, site_tz, horizon_start, ndays FROM runs"
					    " WHERE scenario = ? ORDER BY id DESC"
					  : "SELECT id, scenario, site_tz, horizon_start, ndays FROM runs"
					    " ORDER BY id DESC", &st, err)) != SP_OK)
		return rc;
	if (scenario)
		sqlite3_bind_text(st, 1, scenario, -1, SQLITE_TRANSIENT);
	while ((rc = db_next(db, st, &row, "cannot read runs", err)) == SP_OK && row) {
		memset(&h, 0, sizeof(h));
		h.id = sqlite3_column_int64(st, 0);
		snprintf(h.scenario, sizeof(h.scenario), "%s", sqlite3_column_text(st, 1));
		snprintf(h.site_tz, sizeof(h.site_tz), "%s", sqlite3_column_text(st, 2));
		h.horizon_start = (time_t)sqlite3_column_int64(st, 3);
		h.ndays = sqlite3_column_int(st, 4);
		if (fn(arg, &h))
			break;
	}
	sqlite3_finalize(st);
	return rc;
}
