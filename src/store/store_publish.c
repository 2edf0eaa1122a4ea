/* store_publish.c - the publications table: what the calendars published
 *
 * One row per (agent_id, date) (schema v1 in store.c), in the calendar
 * layer's own struct ics_pub.  The plan layer (src/plan/publish.c) reads
 * the rows of a week, hands them to ics_write() and stores what it returns
 * in the transaction that also covers the run's files.  The cancelled
 * column holds enum ics_pub_state: 2 marks an active shift whose removed
 * break is still published.
 */
#include "store_int.h"

#include <string.h>

sp_status db_get_publications(struct sp_db *db, const char *from, const char *to,
			      struct ics_pub **out, int *n, struct sp_err *err)
{
	static const char sql[] =
		"SELECT agent_id, date, uid, sequence, start_utc, end_utc,"
		" break_start_utc, break_end_utc, summary, cancelled, run_id, published_at"
		" FROM publications WHERE date >= ?1 AND date < ?2 ORDER BY agent_id, date";
	struct ics_pub *arr = NULL;
	sqlite3_stmt *st = NULL;
	int cnt = 0, cap = 0, row;
	sp_status ret;

	*out = NULL;
	*n = 0;
	ret = db_prepare(db, sql, &st, err);
	if (ret != SP_OK)
		return ret;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
	while ((ret = db_next(db, st, &row, "cannot read publications", err)) == SP_OK && row) {
		struct ics_pub *p;
		const unsigned char *s;

		SP_GROW(arr, cnt + 1, cap);
		p = &arr[cnt++];
		memset(p, 0, sizeof(*p));
		p->agent_id = db_col_strdup(st, 0);
		s = sqlite3_column_text(st, 1);
		snprintf(p->date, sizeof(p->date), "%s", s ? (const char *)s : "");
		p->uid = db_col_strdup(st, 2);
		p->sequence = sqlite3_column_int(st, 3);
		p->start = (time_t)sqlite3_column_int64(st, 4);
		p->end = (time_t)sqlite3_column_int64(st, 5);
		p->brk_start = (time_t)sqlite3_column_int64(st, 6);
		p->brk_end = (time_t)sqlite3_column_int64(st, 7);
		p->summary = db_col_strdup(st, 8);
		p->cancelled = sqlite3_column_int(st, 9);
		p->run_id = sqlite3_column_int64(st, 10);
		s = sqlite3_column_text(st, 11);
		snprintf(p->published_at, sizeof(p->published_at), "%s", s ? (const char *)s : "");
	}
	if (ret != SP_OK) {
		sqlite3_finalize(st);
		ics_pubs_free(arr, cnt);
		return ret;
	}
	sqlite3_finalize(st);
	*out = arr;
	*n = cnt;
	return SP_OK;
}

sp_status db_put_publication(struct sp_db *db, const struct ics_pub *p,
			     struct sp_err *err)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO publications(agent_id, date, uid, sequence, start_utc,"
		" end_utc, break_start_utc, break_end_utc, summary, cancelled, run_id, published_at)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
	sqlite3_stmt *st = NULL;
	sp_status ret = db_prepare(db, sql, &st, err);

	if (ret != SP_OK)
		return ret;
	sqlite3_bind_text(st, 1, p->agent_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->uid, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, p->sequence);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)p->start);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)p->end);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)p->brk_start);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)p->brk_end);
	sqlite3_bind_text(st, 9, p->summary ? p->summary : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, p->cancelled);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)p->run_id);
	sqlite3_bind_text(st, 12, p->published_at, -1, SQLITE_STATIC);
	ret = db_step_done(db, st, err);
	sqlite3_finalize(st);
	if (ret != SP_OK)
		return sp_err_prefix(err, "cannot record publication of '%s' on %s",
				     p->agent_id, p->date);
	return SP_OK;
}
