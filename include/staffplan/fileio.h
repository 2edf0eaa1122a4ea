/* fileio.h - crash-safe file output: write to a temporary name, then rename
 *
 * Readers of an output never see a half-written file: sp_out_open creates
 * "<path>.tmp.<pid>", sp_out_commit fsyncs and renames it over path,
 * sp_out_abort removes it.  A symlink's target is replaced; a device or
 * pipe target is written in place.
 */
#ifndef STAFFPLAN_FILEIO_H
#define STAFFPLAN_FILEIO_H

#include "staffplan/error.h"

#include <stdio.h>

struct sp_outset;
struct sp_stop;

struct sp_out {
	FILE *f;
	char path[4096];
	char tmp[4160];
	int in_place;   /* target is a device or pipe: written directly */
	struct sp_outset *set; /* NULL, or the set its commit joins */
};

sp_status sp_out_open(struct sp_out *o, const char *path, struct sp_err *err);
/* The same, but sp_out_commit only closes the file and adds it to set
 * (set NULL: as sp_out_open). */
sp_status sp_out_open_in(struct sp_out *o, struct sp_outset *set, const char *path, struct sp_err *err);
sp_status sp_out_commit(struct sp_out *o, struct sp_err *err);
void sp_out_abort(struct sp_out *o);

/* Writes len bytes of data to path atomically. */
sp_status sp_write_file(const char *path, const char *data, size_t len, struct sp_err *err);

/* Files that replace the old ones together, as a plan's outputs and its
 * calendars: each is written under its temporary name (sp_outset_write, or
 * sp_out_open_in), and sp_outset_commit flushes them with one syncfs per
 * file system (one fsync per file took 7 of the 12 s that 10 001 calendars
 * took) and then renames them all.  Until the commit no target changes, so
 * a failure part way leaves the old files, not a mix: sp_outset_abort
 * removes what was written.  Commit and abort both empty the set.
 * sp_outset_write with set NULL is sp_write_file.  sp_outset_remove adds
 * a file that the commit removes, after the renames (an output the new
 * set no longer has, which would otherwise describe an older run). */
struct sp_outset {
	struct sp_outfile {
		char *tmp, *path; /* tmp NULL: path is removed */
	} *file;
	int n, cap;
	int synced;           /* sp_outset_sync succeeded: the commit only renames */
	const struct sp_stop *stop; /* borrowed, NULL: none; when it says stop
				       (stop.h), adding a file fails with its
				       SP_ERR_TIMEOUT and the caller aborts */
};

sp_status sp_outset_write(struct sp_outset *set, const char *path, const char *data, size_t len,
			  struct sp_err *err);
void sp_outset_remove(struct sp_outset *set, const char *path);
/* Flushes the staged files to disk (what a full disk or an I/O error can
 * still stop); after it only renames in the same directories remain, which
 * need no space.  A caller that must move a database with the files calls
 * it before the database commit, then sp_outset_commit.  On error the set
 * is left for sp_outset_abort. */
sp_status sp_outset_sync(struct sp_outset *set, struct sp_err *err);
sp_status sp_outset_commit(struct sp_outset *set, struct sp_err *err);
void sp_outset_abort(struct sp_outset *set);

/* The largest input file read whole (a six-week forecast at 15 minutes for
 * 500 series is about 100 MB). */
#define SP_MAX_INPUT_BYTES (256 << 20)

/* Reads a whole file ("-": standard input) into a new NUL-terminated
 * string; the caller frees *out.  A file over SP_MAX_INPUT_BYTES (refused
 * as soon as it is, without reading the rest), a UTF-16 file or a NUL
 * byte is SP_ERR_INPUT (naming the line), a file that cannot be read
 * SP_ERR_IO. */
sp_status sp_read_file(const char *path, char **out, struct sp_err *err);

/* Removes from dir the temporary files ("NAME.tmp.PID") of writers that
 * are no longer running: what a killed or crashed run left.  A running
 * process's files are left alone.  Best effort: says nothing. */
void sp_clean_stale_temps(const char *dir);

/* mkdir -p; returns SP_ERR_IO with the path on failure. */
sp_status sp_mkdirs(const char *path, struct sp_err *err);

#endif
