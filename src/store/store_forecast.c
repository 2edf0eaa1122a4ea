/* store_forecast.c - forecasts made from history (schema v4 in store.c)
 *
 * A forecast is one row of forecasts (its text and where it came from)
 * and one row per series in forecast_series.  Plans look a forecast up
 * by the SHA-256 of the text they were given.
 */
#include "store_int.h"

#include <math.h>
#include <string.h>
#include <time.h>

static void bind_real(sqlite3_stmt *st, int i, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static double col_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

sp_status db_put_forecast(struct sp_db *db, struct sp_fc_stored *f, struct sp_err *err)
{
	sqlite3_stmt *st = NULL;
	sp_status rc;
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(f->created_at, sizeof(f->created_at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((rc = db_begin(db, err)) != SP_OK)
		return rc;
	if ((rc = db_prepare(db, "INSERT INTO forecasts(created_at, history_name, history_sha256,"
				 " forecast_sha256, start, weeks, method, site_tz, interval_minutes,"
				 " content, accuracy) VALUES(?,?,?,?,?,?,?,?,?,?,?)", &st, err)) != SP_OK)
		goto fail;
	sqlite3_bind_text(st, 1, f->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->history_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->history_sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->forecast_sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, f->start, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, f->weeks);
	sqlite3_bind_text(st, 7, f->method, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, f->site_tz, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, f->interval_minutes);
	sqlite3_bind_text(st, 10, f->content, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, f->accuracy ? f->accuracy : "", -1, SQLITE_STATIC);
	if ((rc = db_step_done(db, st, err)) != SP_OK)
		goto fail;
	sqlite3_finalize(st);
	st = NULL;
	f->id = sqlite3_last_insert_rowid(db->h);
	if ((rc = db_prepare(db, "INSERT INTO forecast_series VALUES(?,?,?,?,?,?,?,?,?,?)", &st,
			     err)) != SP_OK)
		goto fail;
	for (int i = 0; i < f->nseries; i++) {
		const struct sp_fc_stored_series *s = &f->series[i];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, f->id);
		sqlite3_bind_text(st, 2, s->queue, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, s->lang, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, s->method, -1, SQLITE_STATIC);
		bind_real(st, 5, s->wape_interval);
		bind_real(st, 6, s->wape_day);
		bind_real(st, 7, s->wape_week);
		bind_real(st, 8, s->bias);
		bind_real(st, 9, s->aht_seconds);
		bind_real(st, 10, s->patience_seconds);
		if ((rc = db_step_done(db, st, err)) != SP_OK)
			goto fail;
	}
	sqlite3_finalize(st);
	return db_commit(db, err);
fail:
	sqlite3_finalize(st);
	db_rollback(db);
	f->id = 0;
	return rc;
}

static void copy_text(char *dst, size_t n, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	snprintf(dst, n, "%s", s ? (const char *)s : "");
}

sp_status db_find_forecast(struct sp_db *db, const char *forecast_sha256, struct sp_fc_stored *out,
			   struct sp_err *err)
{
	sqlite3_stmt *st = NULL;
	sp_status rc;
	int row, cap = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = db_prepare(db, "SELECT id, created_at, history_name, history_sha256, forecast_sha256,"
				 " start, weeks, method, site_tz, interval_minutes FROM forecasts"
				 " WHERE forecast_sha256 = ? ORDER BY id DESC LIMIT 1", &st, err)) != SP_OK)
		return rc;
	sqlite3_bind_text(st, 1, forecast_sha256, -1, SQLITE_STATIC);
	if ((rc = db_next(db, st, &row, "cannot read forecasts", err)) != SP_OK || !row) {
		sqlite3_finalize(st);
		return rc;
	}
	out->id = sqlite3_column_int64(st, 0);
	copy_text(out->created_at, sizeof(out->created_at), st, 1);
	out->history_name = db_col_strdup(st, 2);
	copy_text(out->history_sha256, sizeof(out->history_sha256), st, 3);
	copy_text(out->forecast_sha256, sizeof(out->forecast_sha256), st, 4);
	copy_text(out->start, sizeof(out->start), st, 5);
	out->weeks = sqlite3_column_int(st, 6);
	out->method = db_col_strdup(st, 7);
	copy_text(out->site_tz, sizeof(out->site_tz), st, 8);
	out->interval_minutes = sqlite3_column_int(st, 9);
	sqlite3_finalize(st);
	if ((rc = db_prepare(db, "SELECT queue, language, method, wape_interval, wape_day, wape_week,"
				 " bias, aht_seconds, patience_seconds FROM forecast_series"
				 " WHERE forecast_id = ? ORDER BY queue, language", &st, err)) != SP_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, out->id);
	while ((rc = db_next(db, st, &row, "cannot read forecast series", err)) == SP_OK && row) {
		struct sp_fc_stored_series *s;
		SP_GROW(out->series, out->nseries + 1, cap);
		s = &out->series[out->nseries++];
		s->queue = db_col_strdup(st, 0);
		s->lang = db_col_strdup(st, 1);
		s->method = db_col_strdup(st, 2);
		s->wape_interval = col_real(st, 3);
		s->wape_day = col_real(st, 4);
		s->wape_week = col_real(st, 5);
		s->bias = col_real(st, 6);
		s->aht_seconds = col_real(st, 7);
		s->patience_seconds = col_real(st, 8);
	}
	if (rc != SP_OK)
		goto fail;
	sqlite3_finalize(st);
	return SP_OK;
fail:
	sqlite3_finalize(st);
	db_forecast_release(out);
	return rc;
}

void db_forecast_release(struct sp_fc_stored *f)
{
	if (!f)
		return;
	free(f->history_name);
	free(f->method);
	free(f->content);
	free(f->accuracy);
	for (int i = 0; i < f->nseries; i++) {
		free(f->series[i].queue);
		free(f->series[i].lang);
		free(f->series[i].method);
	}
	free(f->series);
	memset(f, 0, sizeof(*f));
}
