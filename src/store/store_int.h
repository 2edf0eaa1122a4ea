/* store_int.h - internals shared by the store*.c files (SQLite wrapper) */
#ifndef STAFFPLAN_STORE_INT_H
#define STAFFPLAN_STORE_INT_H

#include "staffplan/store.h"

#include <sqlite3.h>

/* How long a command waits for another one's lock (sqlite3_busy_timeout)
 * before it fails with "database is locked" (busy_hint in store.c says "a
 * minute").  A plan holds the lock while
 * it writes its outputs (a week of 10 000 agents: 3.5 s; six weeks, six
 * times that), and a plan that fails here loses its whole solve. */
#define DB_BUSY_MS 60000

struct sp_db {
	sqlite3 *h;
	char path[4096];
	int tx_depth; /* >0 while db_begin() holds a transaction */
	int tx_failed; /* an inner db_rollback() undid the outer transaction */
	int injected;  /* the last step failed by fault injection (fault.h) */
};

/* sqlite3_step() behind a fault point (fault.h): an injected fault
 * returns SQLITE_FULL without stepping, as a full disk would. */
int db_step(struct sp_db *db, sqlite3_stmt *st);

/* Prepares sql; on error fills err with the SQLite message. */
sp_status db_prepare(struct sp_db *db, const char *sql, sqlite3_stmt **st, struct sp_err *err);
/* Steps a statement that returns no rows (SQLITE_DONE expected). */
sp_status db_step_done(struct sp_db *db, sqlite3_stmt *st, struct sp_err *err);
/* Steps a statement that reads.  OUT: *row 1 when it gave a row, 0 when
 * it is done.  Any other result (SQLITE_CORRUPT, SQLITE_IOERR,
 * SQLITE_BUSY, ...) is SP_ERR_DB with "what" and SQLite's message in err:
 * a damaged file must fail, never read as a table with fewer rows.  Every
 * read in the store steps through here. */
sp_status db_next(struct sp_db *db, sqlite3_stmt *st, int *row, const char *what, struct sp_err *err);
/* Runs a statement list without parameters. */
sp_status db_exec(struct sp_db *db, const char *sql, struct sp_err *err);
/* Translates the handle's last error into err. */
sp_status db_error(struct sp_db *db, struct sp_err *err, const char *what);
/* Column text as a new string ("" for NULL). */
char *db_col_strdup(sqlite3_stmt *st, int col);

#endif
