/* store.h - the SQLite system of record: inputs, scenarios, runs, publications
 *
 * Schema versions live in store.c (schema_v[], applied by db_open through
 * PRAGMA user_version).  Every public function that writes does so in one
 * transaction of its own unless the caller holds one (db_begin/db_commit):
 * on error nothing is changed.  Only store*.c include <sqlite3.h>.
 */
#ifndef STAFFPLAN_STORE_H
#define STAFFPLAN_STORE_H

#include "staffplan/error.h"
#include "staffplan/ics.h"
#include "staffplan/run.h"

#include <stdint.h>

struct sp_db;

/* Opens (creating when missing) and migrates the database at path.
 * must_exist != 0 refuses to create a new file (SP_ERR_USAGE when it is
 * missing).  Another application's SQLite file is refused unchanged
 * (SP_ERR_INPUT, "belongs to another application").  Commands opening
 * one file at once take turns: the migration waits for the write lock
 * (5 s at most, then "database is locked").  On error the file stays
 * where it is, even one this call created (then without tables, for the
 * next open to migrate).  Returns a new handle; caller frees with
 * db_close(). */
sp_status db_open(const char *path, int must_exist, struct sp_db **out, struct sp_err *err);
void db_close(struct sp_db *db);  /* NULL is a no-op; rolls back an open transaction */

/* Explicit transactions for commands that write several things at once. */
sp_status db_begin(struct sp_db *db, struct sp_err *err);
sp_status db_commit(struct sp_db *db, struct sp_err *err);
void db_rollback(struct sp_db *db);

int db_schema_version(struct sp_db *db);

/* Inputs of a scenario ("base" for imported data).  kind is one of
 * config, forecast, agents, availability.  name is the original file name
 * (quoted in error messages when the text is parsed again). */
sp_status db_put_input(struct sp_db *db, const char *scenario, const char *kind,
		       const char *name, const char *content, struct sp_err *err);
/* OUT: *name and *content are new strings (caller frees) or NULL when the
 * input was never imported (still SP_OK). */
sp_status db_get_input(struct sp_db *db, const char *scenario, const char *kind,
		       char **name, char **content, struct sp_err *err);

/* Scenarios: a name, the scenario it derives from, and its change list
 * (one change a line, e.g. "scale language=ko 1.3", "set service.x=0.2"). */
sp_status db_put_scenario(struct sp_db *db, const char *name, const char *base,
			  const char *changes, struct sp_err *err);
/* OUT: new strings or NULL when missing (returns SP_ERR_USAGE then). */
sp_status db_get_scenario(struct sp_db *db, const char *name, char **base,
			  char **changes, struct sp_err *err);
/* Calls fn for each scenario, ordered by name. */
sp_status db_list_scenarios(struct sp_db *db,
			    void (*fn)(void *arg, const char *name, const char *base,
				       const char *changes, int64_t last_run),
			    void *arg, struct sp_err *err);

/* Stores run (shifts, cells, agents, kpis, the previous roster it
 * followed); sets run->id. */
sp_status db_save_run(struct sp_db *db, struct sp_run *run, struct sp_err *err);
/* Loads run id (0 = latest run; scenario non-NULL = latest of that scenario). */
sp_status db_load_run(struct sp_db *db, int64_t id, const char *scenario,
		      struct sp_run *out, struct sp_err *err);

/* What finding a run by its horizon needs, without its shifts and cells. */
struct db_run_head {
	int64_t id;
	char scenario[64];
	char site_tz[128];
	time_t horizon_start;     /* local midnight of its first day, in site_tz */
	int ndays;
};
/* Calls fn for each stored run of scenario (NULL: of every scenario),
 * newest (highest id) first, until fn returns nonzero.  h is valid during
 * the call only. */
sp_status db_list_runs(struct sp_db *db, const char *scenario,
		       int (*fn)(void *arg, const struct db_run_head *h), void *arg, struct sp_err *err);

/* ---- publications (src/store/store_publish.c) ----------------------------
 * What was published per (agent, site date), so that re-plans keep UIDs,
 * raise SEQUENCE and publish removed shifts as CANCELLED.  The rows are the
 * calendar layer's struct ics_pub (ics.h); its queues, langs and
 * paid_minutes are not kept (read back as NULL, NULL, 0).
 */

/* OUT: *out (new array, caller frees with ics_pubs_free()) and *n hold
 * every publication with from <= date < to ("YYYY-MM-DD"), ordered by
 * agent_id, date.  *out is NULL and *n 0 on entry and on error. */
sp_status db_get_publications(struct sp_db *db, const char *from, const char *to,
			      struct ics_pub **out, int *n, struct sp_err *err);
/* Inserts or replaces the row of (p->agent_id, p->date).  Runs inside the
 * caller's transaction when one is open. */
sp_status db_put_publication(struct sp_db *db, const struct ics_pub *p, struct sp_err *err);

/* ---- forecasts (src/store/store_forecast.c) ------------------------------
 * What `staffplan forecast --db` made: the forecast.csv text, the history
 * it came from (file name and SHA-256 of its bytes) and, per series, the
 * method used and its backtest accuracy (NAN where unknown).
 */
struct sp_fc_stored_series {
	char *queue, *lang, *method;  /* owned */
	double wape_interval, wape_day, wape_week, bias, aht_seconds, patience_seconds;
};

struct sp_fc_stored {
	int64_t id;                   /* 0 until stored / when none was found */
	char created_at[32];          /* UTC, ISO 8601 */
	char *history_name;           /* owned */
	char history_sha256[65], forecast_sha256[65];
	char start[16];               /* first local day of the horizon */
	int weeks;
	char *method;                 /* owned: what was asked ("auto", ...) */
	char site_tz[128];
	int interval_minutes;
	char *content, *accuracy;     /* owned; accuracy may be "" */
	struct sp_fc_stored_series *series;
	int nseries;
};

/* Stores f (every field but id and created_at set by the caller) in one
 * transaction (or the caller's); sets f->id and f->created_at. */
sp_status db_put_forecast(struct sp_db *db, struct sp_fc_stored *f, struct sp_err *err);
/* The latest stored forecast whose text has the digest forecast_sha256,
 * with its series but without its texts (content and accuracy NULL).
 * out->id is 0 when there is none (still SP_OK).  Release out with
 * db_forecast_release(). */
sp_status db_find_forecast(struct sp_db *db, const char *forecast_sha256, struct sp_fc_stored *out,
			   struct sp_err *err);
/* Frees what out owns; NULL is a no-op. */
void db_forecast_release(struct sp_fc_stored *f);

/* ---- calendar feeds (src/store/store_feeds.c) -----------------------------
 * A feed is a secret address (SPEC 9, docs/CALENDARS.md) of one agent's
 * calendar or of a named team calendar showing every agent.  The table
 * keeps the SHA-256 (hex) of each secret, never the secret, and finds a
 * feed by that hash; an agent or team has at most one live (unrevoked)
 * address.  Times are UTC "YYYY-MM-DDTHH:MM:SSZ".
 */
enum { SP_FEED_AGENT = 0, SP_FEED_TEAM = 1 };

struct sp_feed {
	int64_t id;
	int kind;               /* SP_FEED_AGENT or SP_FEED_TEAM */
	char *subject;          /* owned: the agent id or the team name */
	char created_at[32];
	char revoked_at[32];    /* "" while live */
	char fetched_at[32];    /* latest fetch `serve` recorded, "" for none */
};

/* An address to issue: subject (borrowed) gets the secret whose SHA-256
 * is hash (64 lowercase hex digits). */
struct sp_feed_grant {
	int kind;
	const char *subject;
	char hash[65];
};

/* Issues the n grants in one transaction: each revokes the live address
 * of its subject, if any, and becomes the new one.  An agent subject must
 * be known (an agent of a stored run of scenario base, or published):
 * otherwise SP_ERR_USAGE naming every unknown one, and nothing is written. */
sp_status db_feeds_issue(struct sp_db *db, const struct sp_feed_grant *g, int n,
			 struct sp_err *err);
/* Revokes the live address of each of the n subjects of kind in one
 * transaction.  When a subject has none: SP_ERR_USAGE naming every such
 * subject, and nothing is revoked. */
sp_status db_feeds_revoke(struct sp_db *db, int kind, const char *const *subjects, int n,
			  struct sp_err *err);
/* OUT: every address ever issued, live and revoked, ordered by kind,
 * subject and issue; *out is a new array (caller frees with
 * db_feeds_free()), NULL and *n 0 on entry and on error. */
sp_status db_feeds_list(struct sp_db *db, struct sp_feed **out, int *n, struct sp_err *err);
void db_feeds_free(struct sp_feed *f, int n);   /* NULL is a no-op */
void db_feed_release(struct sp_feed *f);        /* frees f->subject only */

/* OUT: *ids (new array of new strings; caller frees each and the array)
 * holds the agents of the latest run of scenario base, *n of them; none
 * (SP_OK) when there is no such run. */
sp_status db_feed_agents(struct sp_db *db, char ***ids, int *n, struct sp_err *err);
/* Records that feed ids[i] was fetched at t[i] (a later stored time is
 * kept), in one transaction.  Ids no longer in the table are skipped. */
sp_status db_feeds_touch(struct sp_db *db, const int64_t *ids, const time_t *t, int n,
			 struct sp_err *err);

/* The server's read path: a read-only connection, used by one thread at a
 * time, with its statements prepared once.  Returns a new reader; caller
 * frees with db_feed_reader_close() (NULL is a no-op).  The database must
 * exist and have the feeds table (db_open migrates it). */
struct sp_feed_reader;
sp_status db_feed_reader_open(const char *path, struct sp_feed_reader **out, struct sp_err *err);
void db_feed_reader_close(struct sp_feed_reader *r);
/* Starts a read transaction: the reads up to db_feed_reader_end() see one
 * committed state, and a write committed before this call (a re-plan) is
 * in it. */
sp_status db_feed_reader_begin(struct sp_feed_reader *r, struct sp_err *err);
void db_feed_reader_end(struct sp_feed_reader *r);
/* OUT: *f (release with db_feed_release()) is the live feed whose secret
 * has SHA-256 hash; *found 0 and f untouched when there is none (unknown
 * or revoked). */
sp_status db_feed_find(struct sp_feed_reader *r, const char *hash, struct sp_feed *f,
		       int *found, struct sp_err *err);

/* An agent as a feed's calendar names it (struct ics_agent's strings,
 * owned). */
struct sp_feed_agent {
	char *id, *name, *tz, *email;
};

/* What the calendar of a feed is made of (db_feed_load()).  Owns its
 * arrays and strings; release with db_feed_view_release(). */
struct sp_feed_view {
	/* the publications shown, ordered by agent_id and date; queues, langs
	 * and paid_minutes of each one not ICS_PUB_CANCELLED are those of the
	 * shift the run that published it stored (what the file of SPEC 5.5
	 * lists), NULL and 0 should that run not hold it */
	struct ics_pub *pubs;
	int npubs;
	/* one per agent of pubs, ordered by id (an agent feed: its agent,
	 * even without publications): name, zone and e-mail as stored with
	 * the latest base run, up to the agent's latest publication, that
	 * lists it; the id alone when none does */
	struct sp_feed_agent *agents;
	int nagents;
	/* the site zone of the run that published last among pubs (none: of
	 * the latest base run; "UTC" without one) */
	char site_tz[128];
	/* the first instant the calendar shows, as the file writer counts it
	 * for a run (ics_cal_opts.zones_from): the horizon start of each run
	 * that published one of pubs, or an earlier shift; 0 without pubs */
	time_t first;
};
void db_feed_view_release(struct sp_feed_view *v); /* NULL is a no-op */

/* OUT: *view (initialised here; caller releases it with
 * db_feed_view_release(), also on error): what the calendar of f shows,
 * the publications dated from `from` ("YYYY-MM-DD") on of f's agent, or
 * of every agent for a team feed. */
sp_status db_feed_load(struct sp_feed_reader *r, const struct sp_feed *f, const char *from,
		       struct sp_feed_view *view, struct sp_err *err);

#endif
