/* publish.h - a run's calendars and the publications table, moved together
 *
 * The calendar layer (ics.h) takes the previous publications in and gives
 * the new ones back; this plan-layer step reads them from the database,
 * stages the .ics files and records the new rows, so that a re-plan keeps
 * UIDs, raises SEQUENCE and cancels removed shifts (docs/CALENDARS.md).
 */
#ifndef STAFFPLAN_PUBLISH_H
#define STAFFPLAN_PUBLISH_H

#include "staffplan/error.h"
#include "staffplan/run.h"

#include <stdint.h>

struct sp_db;
struct sp_outset;

/* Returns 1 when run belongs to a what-if scenario (a name other than
 * "base" or ""), whose calendars are only a preview: only what a
 * supervisor publishes, runs of base, reaches agents (SPEC 9). */
int publish_is_preview(const struct sp_run *run);

/* Writes run's calendars into outdir (ics_write()) and, when db is not
 * NULL and run is not a preview (publish_is_preview()), records what they
 * publish in db's publications table.  db NULL or a preview: every event
 * has SEQUENCE 0, nothing is cancelled, and the database is neither read
 * nor written, so a what-if never changes a feed, a UID or a SEQUENCE.  A
 * preview is written by ics_write_snapshot(): UIDs of its own, which no
 * published calendar has, so a preview file imported or mailed never
 * moves or renumbers a published shift.
 * outdir NULL: no file, the publications alone (what `schedule` does; a
 * preview then does nothing at all).
 *
 * Feeds only move forward: when a later run (a higher id) has published
 * any date of run's (ics_pub_range()), run is not published again, which
 * would revive what the later run cancelled and raise SEQUENCEs for older
 * times.  Its files are written as an archive copy, a snapshot like a
 * preview (ics_write_snapshot()), and the rows stay as they are.  OUT
 * (when superseded_by is not NULL): that later run's id, 0 when run was
 * published, or is a preview.
 *
 * Order, so that a failure never lets a SEQUENCE number be reused: the
 * files are staged, then the publications commit, then the files replace
 * the old ones.  set NULL: all three happen here.  Otherwise the files
 * replace the old ones when the caller commits set; the publications
 * commit here too, unless the caller holds a transaction (db_begin()),
 * which should then commit before set does.  Should the files fail after
 * the database committed, the next export raises SEQUENCE once more, which
 * calendar clients accept.  On any error before that commit, neither the
 * database nor any file has changed.
 * Returns SP_OK, SP_ERR_IO, SP_ERR_DB or SP_ERR_INTERNAL (ics_write()). */
sp_status publish_calendars(const struct sp_run *run, struct sp_db *db, struct sp_outset *set,
			    const char *outdir, int64_t *superseded_by, struct sp_err *err);

#endif
