/* ics.h - iCalendar (RFC 5545) export of a run: one calendar per agent, one team calendar
 *
 * Files are meant to be imported or subscribed to in Google Calendar,
 * Outlook, Apple Calendar and Thunderbird; docs/CALENDARS.md describes the
 * layout and the update policy.  Only src/ics.c includes <libical/ical.h>.
 * Rules followed (RFC 5545 and client behaviour): a VTIMEZONE for every
 * TZID, bare IANA TZIDs, no floating times, METHOD:PUBLISH, stable UIDs,
 * SEQUENCE never decreasing, STATUS:CANCELLED for removed shifts.
 */
#ifndef STAFFPLAN_ICS_H
#define STAFFPLAN_ICS_H

#include "staffplan/buf.h"
#include "staffplan/error.h"
#include "staffplan/run.h"

struct sp_db;
struct sp_publication;

/* Writes outdir/<agent>.ics for every agent with a shift in run (and for
 * every agent with a cancelled shift, below) plus outdir/team.ics.  Creates
 * outdir (mkdir -p); each file goes to a temporary name and is renamed into
 * place.  File names are the agent id reduced to [A-Za-z0-9._-] (see
 * ics_file_names()); they never leave outdir.
 *
 * Shifts appear in the agent's own time zone (TZID + VTIMEZONE from the
 * system zone database); team.ics uses the site zone.  Every DTSTART/DTEND
 * denotes exactly the shift's UTC instant; a wall time that would not (the
 * second pass of a fall-back hour) is written in UTC instead.  The break is
 * in the DESCRIPTION and is also its own TRANSP:TRANSPARENT event.
 *
 * db may be NULL: every event then has SEQUENCE 0 and nothing is cancelled.
 * With a db, the publications table remembers what was published for each
 * (agent, site date): the UID is reused, SEQUENCE goes up when the shift
 * changed (times, break, queues/languages) or comes back after a
 * cancellation, and a published shift of a date inside the run's horizon
 * that the run no longer has is written with STATUS:CANCELLED and a higher
 * SEQUENCE (and stays so in later exports of that week).  The new state is
 * recorded in one transaction that commits only after every file was
 * written; on error the database is unchanged.
 *
 * The files replace the old ones together (fileio.h): here when set is
 * NULL, else when the caller commits set, with the other files it holds.
 * On error no file has changed.  With a set the database commits first:
 * should the caller then abort the set, the next export raises SEQUENCE
 * once more, which calendar clients accept.
 *
 * Returns SP_OK, SP_ERR_IO (directory or file), SP_ERR_DB, or
 * SP_ERR_INTERNAL (a run with two shifts for one agent on one day). */
sp_status ics_export(const struct sp_run *run, struct sp_db *db, struct sp_outset *set, const char *outdir,
		     struct sp_err *err);

/* Appends to out the calendar of agent_id (NULL: the team calendar) as
 * ics_export() writes it, made from what was published instead of a run:
 * each of pubs[0..n) is an event with its stored UID, SEQUENCE, times,
 * state (cancelled, break cancelled) and DTSTAMP.  view supplies the
 * agents (name, zone, e-mail), the site zone (team calendar) and, in the
 * order of pubs, one shift for each publication not SP_PUB_CANCELLED (its
 * queues, languages and paid time); db_feed_load() fills both.  For an
 * agent calendar every publication must be that agent's.  Reads and
 * writes no database or file.  Not thread-safe (libical's process-wide
 * state): callers serialise.  Until the calendar builder takes the
 * publications in for the files too, this is the feeds' entry point. */
void ics_publications_calendar(const struct sp_run *view, const struct sp_publication *pubs, int n,
			       const char *agent_id, struct buf *out);

/* Releases libical's process-wide caches (zone list, temporary string
 * ring).  Call once before exit, after the last ics_export(); harmless when
 * nothing was exported.  Only needed for leak checkers. */
void ics_cleanup(void);

/* ---- helpers, public for the tests ---- */

/* Returns a new string (caller frees) holding s as an RFC 5545 TEXT value:
 * invalid UTF-8 replaced by U+FFFD, CR LF and lone CR made LF, TAB made a
 * space, other control characters dropped, then '\\' ';' ',' and LF escaped
 * as \\ \; \, \n. */
char *ics_text_escape(const char *s);

/* Appends the content line line[0..len) to b folded at 75 octets (CRLF plus
 * one space), never inside a UTF-8 sequence, and the final CRLF. */
void ics_fold(struct buf *b, const char *line, size_t len);

/* Fills names[i] (a new string, caller frees; no ".ics") for the n distinct
 * agent ids: the id itself when it is 1..64 characters of [A-Za-z0-9._-],
 * does not start with '.', is not "team" and equals no other id ignoring
 * case; otherwise the id reduced to [A-Za-z0-9._-] (other bytes runs become
 * '_', at most 40 characters) plus '-' and 8 hex digits of a hash of the id.
 * A name still taken (ignoring case) gets "-2", "-3"...  The result depends
 * only on the set of ids, not their order. */
void ics_file_names(const char *const *ids, int n, char **names);

/* Returns the UID of agent_id's shift on date ("YYYY-MM-DD") as a new
 * string: "sp-<16 hex digits of a hash of the id>-<YYYYMMDD>@staffplan". */
char *ics_shift_uid(const char *agent_id, const char *date);

#endif
