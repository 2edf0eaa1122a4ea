/* ics.h - iCalendar (RFC 5545): calendars from publications, files from a run
 *
 * Files are meant to be imported or subscribed to in Google Calendar,
 * Outlook, Apple Calendar and Thunderbird; docs/CALENDARS.md describes the
 * layout and the update policy.  Only src/out/ics*.c include
 * <libical/ical.h>.  Rules followed (RFC 5545 and client behaviour): a
 * VTIMEZONE for every TZID, bare IANA TZIDs, no floating times,
 * METHOD:PUBLISH, stable UIDs, SEQUENCE never decreasing, STATUS:CANCELLED
 * for removed shifts.
 *
 * Three layers, each usable alone:
 *   struct ics_pub      what was published for one (agent, site date); the
 *                       store keeps these rows, this module never touches it;
 *   ics_cal_*()         publications in, one calendar's text out (no files;
 *                       what a calendar feed server serves);
 *   ics_write()         a run and the previous publications in: the new
 *                       publications out and the .ics files of the run
 *                       written with ics_cal_*().
 */
#ifndef STAFFPLAN_ICS_H
#define STAFFPLAN_ICS_H

#include "staffplan/buf.h"
#include "staffplan/error.h"
#include "staffplan/run.h"

#include <stdint.h>
#include <time.h>

/* ---- publications ------------------------------------------------------- */

enum ics_pub_state {
	ICS_PUB_ACTIVE = 0,          /* shift and break (if any) published as they are */
	ICS_PUB_CANCELLED = 1,       /* shift (and its break) published as CANCELLED */
	ICS_PUB_BREAK_CANCELLED = 2  /* shift active without a break; brk_* is its
					removed break, published as CANCELLED */
};

/* One published shift.  Times are UTC seconds; no break: brk_start ==
 * brk_end == 0.  An array of these owns its strings; free it with
 * ics_pubs_free(). */
struct ics_pub {
	char *agent_id;
	char date[16];          /* site-local day of the shift, YYYY-MM-DD */
	char *uid;              /* UID of the shift event */
	int sequence;
	time_t start, end, brk_start, brk_end;
	char *summary;          /* SUMMARY last published as active, without prefixes */
	int cancelled;          /* enum ics_pub_state */
	int64_t run_id;         /* run that last published the row */
	char published_at[32];  /* UTC "YYYY-MM-DDTHH:MM:SSZ" this sequence was first
				 * published: DTSTAMP and LAST-MODIFIED */
	/* What an active shift's DESCRIPTION lists.  ics_write() fills them from
	 * the run; the publications table does not keep them, so rows read back
	 * have NULL and 0: the DESCRIPTION then leaves queues and languages out
	 * and counts the span less the break as paid. */
	char *queues, *langs;   /* ';'-separated, or NULL */
	int paid_minutes;       /* 0: unknown */
};

/* Frees p[0..n) and their strings; NULL is a no-op. */
void ics_pubs_free(struct ics_pub *p, int n);

/* ---- calendars from publications ----------------------------------------- */

/* An agent as a calendar shows it.  Borrowed strings.  name NULL or "":
 * the id; tz NULL or "": the site zone; email NULL: none. */
struct ics_agent {
	const char *id, *name, *tz, *email;
};

struct ics_cal_opts {
	const char *site_tz;  /* team calendar zone, and the agents' without one */
	const char *scenario; /* named in the calendar name unless "" or "base" */
	/* The earliest instant any calendar of this context shows: VTIMEZONE
	 * histories start on 1 January of its year.  0: now. */
	time_t zones_from;
	time_t now;           /* DTSTAMP of a publication without published_at; 0: time() */
};

/* The year on whose 1 January the VTIMEZONEs of a context made with
 * zones_from = first start: calendars made with two firsts of the same
 * year have the same VTIMEZONEs. */
int ics_zones_year(time_t first);

/* A context for writing calendars: the options and the VTIMEZONEs loaded
 * so far (one per zone, reused by every calendar).  Returns a new context
 * (copies opts' strings); caller frees with ics_cal_free(). */
struct ics_cal *ics_cal_new(const struct ics_cal_opts *opts);
void ics_cal_free(struct ics_cal *cal); /* NULL is a no-op */

/* Appends to out the calendar of agent with the events of pubs[0..n) (a
 * shift event, and a break event when there is one, per publication),
 * ordered by start.  Shifts appear in the agent's zone (TZID + VTIMEZONE
 * from the system zone database); a wall time that would not denote the
 * shift's UTC instant (the second pass of a fall-back hour) is written in
 * UTC.  Borrows everything.
 * Returns SP_OK, or SP_ERR_INTERNAL when a publication is another agent's
 * (out unchanged). */
sp_status ics_cal_agent(struct ics_cal *cal, const struct ics_agent *agent,
			const struct ics_pub *pubs, int n, struct buf *out, struct sp_err *err);

/* Appends to out the team calendar of pubs[0..n): every agent's events in
 * the site zone, named after agents[] (matched by id; a publication of an
 * agent not listed shows the id).  UIDs are the agent calendars' with
 * "team-" in front.  Borrows everything. */
void ics_cal_team(struct ics_cal *cal, const struct ics_agent *agents, int nagents,
		  const struct ics_pub *pubs, int n, struct buf *out);

/* ---- files from a run ----------------------------------------------------- */

/* OUT: from, to ("YYYY-MM-DD") bound the site dates [from, to) whose
 * publications ics_write() needs: run's horizon, widened to every date
 * run has a shift on.  "" and "" when run has neither. */
void ics_pub_range(const struct sp_run *run, char from[16], char to[16]);

/* Writes outdir/<agent>.ics for every agent with a shift in run (and for
 * every agent with a cancelled shift, below) plus outdir/team.ics.  Creates
 * outdir (mkdir -p).  File names are the agent id reduced to [A-Za-z0-9._-]
 * (see ics_file_names()); they never leave outdir.  The break is in the
 * DESCRIPTION and is also its own TRANSP:TRANSPARENT event.
 *
 * prev[0..nprev) is what was published before, at least for the dates of
 * ics_pub_range() (others are ignored; any order).  A shift published
 * before keeps its UID; SEQUENCE goes up when it changed (times, break,
 * queues/languages) or comes back after a cancellation; a published shift
 * of a date inside the run's horizon that the run no longer has is written
 * with STATUS:CANCELLED and a higher SEQUENCE (and stays so in later
 * exports of that week).  With nothing before, every event has SEQUENCE 0.
 * An agent whose file name is not the one the ids of prev give it (a case
 * twin arrived, ics_file_names()) gets its calendar under that old name
 * too, so the old file shows the cancellations.
 *
 * OUT (when next is not NULL): *next, *nnext: the publications of every
 * event written, ordered by agent id and date, for the caller to store
 * (new array; caller frees with ics_pubs_free()); NULL and 0 on error.
 *
 * The files replace the old ones together (fileio.h): here when set is
 * NULL, else when the caller commits set.  On error no file has changed.
 * outdir NULL: no file at all, only *next (a run published without files).
 * Borrows run and prev.
 * Returns SP_OK, SP_ERR_IO (directory or file), or SP_ERR_INTERNAL (a run
 * with two shifts for one agent on one day). */
sp_status ics_write(const struct sp_run *run, const struct ics_pub *prev, int nprev,
		    struct sp_outset *set, const char *outdir, struct ics_pub **next, int *nnext,
		    struct sp_err *err);

/* Writes run's calendars into outdir as a snapshot that publishes
 * nothing: a what-if run's preview, or the archive copy of a run that a
 * later one has re-planned.  As ics_write() with nothing published before
 * (SEQUENCE 0, nothing cancelled, no publications out), except that every
 * UID carries the run's id (ics_snapshot_uid()): a snapshot never reuses a
 * published UID, whose SEQUENCE must never go down (RFC 5546 2.1.4), nor
 * another run's, so importing or mailing one adds its own events and
 * never moves, cancels or renumbers a published shift.  Returns as
 * ics_write(). */
sp_status ics_write_snapshot(const struct sp_run *run, struct sp_outset *set, const char *outdir,
			     struct sp_err *err);

/* Releases libical's process-wide caches (zone list, temporary string
 * ring).  Call once before exit, after the last calendar; harmless when
 * nothing was written.  Only needed for leak checkers. */
void ics_cleanup(void);

/* ---- text, names, identifiers (src/out/ics_text.c) ------------------------ */

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
 * does not start or end with '.', is not "team", is no Windows device name
 * before its first '.' (CON, PRN, AUX, NUL, COM1-9, LPT1-9, any case) and
 * equals no other id ignoring case; otherwise the id reduced to
 * [A-Za-z0-9._-] (other bytes runs become '_', at most 40 characters) plus
 * '-' and 8 hex digits of a hash of the id ("con" -> "con-1a2b3c4d"; a
 * first '.' that would leave a device name before it becomes '_').
 * A name still taken (ignoring case) gets "-2", "-3"...  The result depends
 * only on the set of ids, not their order. */
void ics_file_names(const char *const *ids, int n, char **names);

/* Returns the UID of agent_id's shift on date ("YYYY-MM-DD") as a new
 * string: "sp-<16 hex digits of a hash of the id>-<YYYYMMDD>@staffplan". */
char *ics_shift_uid(const char *agent_id, const char *date);
/* The same shift's UID in a snapshot of run run_id (ics_write_snapshot()),
 * a new string: "sp-<hash>-<YYYYMMDD>-run<ID>@staffplan".  No published
 * UID has that form. */
char *ics_snapshot_uid(const char *agent_id, const char *date, int64_t run_id);

#endif
