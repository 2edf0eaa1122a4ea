/* publish.c - a run's calendars and the publications table, moved together
 *
 * The only place where the calendar layer meets the store: the rows of the
 * run's dates go in, the rows of what was written come back and are
 * recorded in one transaction with the files (publish.h has the order).
 * Only runs of scenario base are published (SPEC 9): a what-if run's
 * calendars are written as a preview and the rows stay as they were.
 */
#include "staffplan/publish.h"
#include "staffplan/fileio.h"
#include "staffplan/ics.h"
#include "staffplan/store.h"

#include <string.h>

int publish_is_preview(const struct sp_run *run)
{
	/* "" is a run stored before scenarios were named: base's */
	return run->scenario[0] && strcmp(run->scenario, "base") != 0;
}

sp_status publish_calendars(const struct sp_run *run, struct sp_db *db, struct sp_outset *set,
			    const char *outdir, struct sp_err *err)
{
	struct sp_outset own = { 0 }, *to = set ? set : &own;
	struct ics_pub *prev = NULL, *next = NULL;
	int nprev = 0, nnext = 0;
	char from[16], until[16];
	sp_status st;

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
