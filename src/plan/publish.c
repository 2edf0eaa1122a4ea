/* publish.c - a run's calendars and the publications table, moved together
 *
 * The only place where the calendar layer meets the store: the rows of the
 * run's dates go in, the rows of what was written come back and are
 * recorded in one transaction with the files (publish.h has the order).
 * Only runs of scenario base are published (SPEC 9): a what-if run's
 * calendars are written as a preview and the rows stay as they were, and
 * so are those of a base run that a later run has re-planned since (an
 * archive copy: feeds only move forward).
 */
#include "staffplan/publish.h"
#include "staffplan/fileio.h"
#include "staffplan/ics.h"
#include "staffplan/store.h"

#include <stdint.h>
#include <string.h>

int publish_is_preview(const struct sp_run *run)
{
	/* "" is a run stored before scenarios were named: base's */
	return run->scenario[0] && strcmp(run->scenario, "base") != 0;
}

/* The latest run after run that published any of prev[0..n); 0: none. */
static int64_t later_publisher(const struct sp_run *run, const struct ics_pub *prev, int n)
{
	int64_t later = 0;

	for (int i = 0; i < n; i++)
		if (prev[i].run_id > run->id && prev[i].run_id > later)
			later = prev[i].run_id;
	return later;
}

sp_status publish_calendars(const struct sp_run *run, struct sp_db *db, struct sp_outset *set,
			    const char *outdir, int64_t *superseded_by, struct sp_err *err)
{
	struct sp_outset own = { 0 }, *to = set ? set : &own;
	struct ics_pub *prev = NULL, *next = NULL;
	int nprev = 0, nnext = 0;
	char from[16], until[16];
	int64_t later;
	sp_status st;

	if (superseded_by)
		*superseded_by = 0;

	/* a preview reads no rows either: what a what-if shows must not
	 * depend on, nor hint at, what was published; its UIDs are its own */
	if (publish_is_preview(run))
		return outdir ? ics_write_snapshot(run, set, outdir, err) : SP_OK;
	/* no database: nothing was published before, the files publish */
	if (!db)
		return outdir ? ics_write(run, NULL, 0, set, outdir, NULL, NULL, err) : SP_OK;
	/* read and write the rows in one transaction: nobody publishes between */
	if ((st = db_begin(db, err)) != SP_OK)
		return st;
	ics_pub_range(run, from, until);
	st = db_get_publications(db, from, until, &prev, &nprev, err);
	/* Feeds only move forward: once a later run has published any of
	 * these dates, publishing this one would roll every feed back
	 * (cancelled shifts revived, SEQUENCE raised for old times).  Its
	 * files are then an archive copy, a snapshot that publishes nothing. */
	if (st == SP_OK && (later = later_publisher(run, prev, nprev)) != 0) {
		ics_pubs_free(prev, nprev);
		if ((st = db_commit(db, err)) != SP_OK) /* it only read */
			return st;
		if (superseded_by)
			*superseded_by = later;
		return outdir ? ics_write_snapshot(run, set, outdir, err) : SP_OK;
	}
	if (st == SP_OK)
		st = ics_write(run, prev, nprev, to, outdir, &next, &nnext, err);
	for (int i = 0; i < nnext && st == SP_OK; i++)
		st = db_put_publication(db, &next[i], err);
	/* the files on disk before the rows commit: after it only renames remain */
	if (st == SP_OK && !set)
		st = sp_outset_sync(&own, err);
	if (st == SP_OK)
		st = db_commit(db, err);
	else
		db_rollback(db);
	if (!set && st == SP_OK)
		st = sp_outset_commit(&own, err);
	else if (!set)
		sp_outset_abort(&own);
	ics_pubs_free(prev, nprev);
	ics_pubs_free(next, nnext);
	return st;
}
