/* fileio.c - temporary-name-then-rename output files */
#include "staffplan/fileio.h"
#include "staffplan/buf.h"
#include "staffplan/fault.h"
#include "staffplan/stop.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

sp_status sp_out_open(struct sp_out *o, const char *path, struct sp_err *err)
{
	struct stat st;
	char real[PATH_MAX];

	memset(o, 0, sizeof(*o));
	if (strlen(path) >= sizeof(o->path))
		return sp_err_set(err, SP_ERR_IO, "path too long: '%s'", path);
	/* a symlink is followed (its target is replaced, not the link); a
	 * device or pipe (e.g. /dev/stdout) is written in place: there is
	 * nothing to rename over */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && realpath(path, real))
		path = real;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			return sp_err_set(err, SP_ERR_IO, "cannot write '%s': it is a directory", path);
		snprintf(o->path, sizeof(o->path), "%s", path);
		o->in_place = 1;
		o->f = fopen(path, "wb");
		if (!o->f)
			return sp_err_set(err, SP_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
		return SP_OK;
	}
	snprintf(o->path, sizeof(o->path), "%s", path);
	snprintf(o->tmp, sizeof(o->tmp), "%s.tmp.%ld", path, (long)getpid());
	o->f = sp_fault(SP_FAULT_WRITE) ? (errno = ENOSPC, NULL) : fopen(o->tmp, "wb");
	if (!o->f)
		return sp_err_set(err, SP_ERR_IO, "cannot write '%s': %s", o->path, strerror(errno));
	return SP_OK;
}

/* Flushes and closes o's stream, with an fsync first when sync is set;
 * -1 (errno set) when anything failed. */
static int out_close(struct sp_out *o, int sync)
{
	int injected = sp_fault(SP_FAULT_WRITE);
	int bad = injected || ferror(o->f) || fflush(o->f) != 0 || (sync && fsync(fileno(o->f)) != 0);
	int e = injected ? ENOSPC : errno;

	if (fclose(o->f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	o->f = NULL;
	errno = e;
	return bad ? -1 : 0;
}

/* Renames o's temporary file over its path, or removes it. */
static sp_status out_rename(const char *tmp, const char *path, struct sp_err *err)
{
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		return sp_err_set(err, SP_ERR_IO, "cannot rename '%s' to '%s': %s", tmp, path, strerror(e));
	}
	return SP_OK;
}

static void outset_add(struct sp_outset *set, const char *tmp, const char *path)
{
	SP_GROW(set->file, set->n + 1, set->cap);
	set->file[set->n].tmp = tmp ? sp_xstrdup(tmp) : NULL;
	set->file[set->n].path = sp_xstrdup(path);
	set->n++;
}

sp_status sp_out_open_in(struct sp_out *o, struct sp_outset *set, const char *path, struct sp_err *err)
{
	sp_status st;

	if (set && sp_stop_due(set->stop)) {
		char doing[4200];
		memset(o, 0, sizeof(*o));
		snprintf(doing, sizeof(doing), "writing '%s'", path);
		return sp_stop_error(set->stop, doing, err);
	}
	st = sp_out_open(o, path, err);

	o->set = set;
	return st;
}

sp_status sp_out_commit(struct sp_out *o, struct sp_err *err)
{
	int later = o->set && !o->in_place;

	if (out_close(o, !o->in_place && !later) != 0) {
		int e = errno;
		if (!o->in_place)
			unlink(o->tmp);
		return sp_err_set(err, SP_ERR_IO, "cannot write '%s': %s", o->path, strerror(e));
	}
	if (later)
		outset_add(o->set, o->tmp, o->path);
	return o->in_place || later ? SP_OK : out_rename(o->tmp, o->path, err);
}

void sp_out_abort(struct sp_out *o)
{
	if (o->f) {
		fclose(o->f);
		o->f = NULL;
		if (!o->in_place)
			unlink(o->tmp);
	}
}

sp_status sp_outset_write(struct sp_outset *set, const char *path, const char *data, size_t len,
			  struct sp_err *err)
{
	struct sp_out o;
	sp_status st = sp_out_open_in(&o, set, path, err);

	if (st != SP_OK)
		return st;
	if (fwrite(data, 1, len, o.f) != len) {
		sp_out_abort(&o);
		return sp_err_set(err, SP_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
	}
	return sp_out_commit(&o, err);
}

sp_status sp_write_file(const char *path, const char *data, size_t len, struct sp_err *err)
{
	return sp_outset_write(NULL, path, data, len, err);
}

void sp_outset_remove(struct sp_outset *set, const char *path)
{
	outset_add(set, NULL, path);
}

static void outset_release(struct sp_outset *set)
{
	for (int i = 0; i < set->n; i++) {
		free(set->file[i].tmp);
		free(set->file[i].path);
	}
	free(set->file);
	memset(set, 0, sizeof(*set));
}

/* Flushes every file system that holds one of the set's files (syncfs
 * once per file system, where fsync would be once per file). */
static sp_status outset_sync(const struct sp_outset *set, struct sp_err *err)
{
	dev_t done[8];
	int ndone = 0;

	for (int i = 0; i < set->n; i++) {
		struct stat st;
		int seen = 0, fd;

		if (!set->file[i].tmp)
			continue;
		if (stat(set->file[i].tmp, &st) != 0)
			return sp_err_set(err, SP_ERR_IO, "cannot write '%s': %s", set->file[i].path, strerror(errno));
		for (int k = 0; k < ndone; k++)
			seen |= done[k] == st.st_dev;
		if (seen)
			continue;
		if (sp_fault(SP_FAULT_WRITE) ? (errno = EIO, fd = -1, 1) :
		    (fd = open(set->file[i].tmp, O_RDONLY)) < 0 || syncfs(fd) != 0) {
			int e = errno;
			if (fd >= 0)
				close(fd);
			return sp_err_set(err, SP_ERR_IO, "cannot write '%s': %s", set->file[i].path, strerror(e));
		}
		close(fd);
		if (ndone < (int)(sizeof(done) / sizeof(done[0])))
			done[ndone++] = st.st_dev;
	}
	return SP_OK;
}

sp_status sp_outset_sync(struct sp_outset *set, struct sp_err *err)
{
	sp_status st = set->synced ? SP_OK : outset_sync(set, err);

	set->synced = st == SP_OK;
	return st;
}

sp_status sp_outset_commit(struct sp_outset *set, struct sp_err *err)
{
	sp_status st = sp_outset_sync(set, err);

	if (st != SP_OK) {
		sp_outset_abort(set);
		return st;
	}
	for (int i = 0; i < set->n; i++) {
		const struct sp_outfile *f = &set->file[i];
		if (!f->tmp) {
			if (st == SP_OK && unlink(f->path) != 0 && errno != ENOENT)
				st = sp_err_set(err, SP_ERR_IO, "cannot remove '%s': %s", f->path, strerror(errno));
		} else if (st == SP_OK) {
			st = out_rename(f->tmp, f->path, err);
		} else {
			unlink(f->tmp);
		}
	}
	outset_release(set);
	return st;
}

void sp_outset_abort(struct sp_outset *set)
{
	for (int i = 0; i < set->n; i++)
		if (set->file[i].tmp)
			unlink(set->file[i].tmp);
	outset_release(set);
}

void sp_clean_stale_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		const char *t = strstr(e->d_name, ".tmp."), *p;
		char *end;
		long pid;

		/* the last ".tmp." followed by digits only: sp_out_open's names */
		while (t && (p = strstr(t + 1, ".tmp.")))
			t = p;
		if (!t || t == e->d_name)
			continue;
		errno = 0;
		pid = strtol(t + 5, &end, 10);
		if (errno || end == t + 5 || *end || pid <= 0)
			continue;
		if (pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
			char path[4200];
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
		}
	}
	closedir(d);
}

sp_status sp_mkdirs(const char *path, struct sp_err *err)
{
	char tmp[4096];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof(tmp))
		return sp_err_set(err, SP_ERR_IO, "bad directory '%s'", path);
	memcpy(tmp, path, n + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
			return sp_err_set(err, SP_ERR_IO, "cannot create '%s': %s", tmp, strerror(errno));
		*p = '/';
	}
	if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
		return sp_err_set(err, SP_ERR_IO, "cannot create '%s': %s", tmp, strerror(errno));
	return SP_OK;
}

sp_status sp_read_file(const char *path, char **out, struct sp_err *err)
{
	FILE *f;
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	int e;

	*out = NULL;
	f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return sp_err_set(err, SP_ERR_IO, "cannot read '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > SP_MAX_INPUT_BYTES) {
			/* refused before the rest is read: memory stays bounded */
			if (f != stdin)
				fclose(f);
			buf_release(&b);
			return sp_err_set(err, SP_ERR_INPUT, "%s: more than %d MB, expected an input "
					  "file of at most %d MB", path, SP_MAX_INPUT_BYTES >> 20,
					  SP_MAX_INPUT_BYTES >> 20);
		}
		buf_add(&b, chunk, n);
	}
	e = ferror(f) ? errno : 0;
	if (f != stdin)
		fclose(f);
	if (e) {
		buf_release(&b);
		return sp_err_set(err, SP_ERR_IO, "cannot read '%s': %s", path, strerror(e));
	}
	if (b.len >= 2 && (((unsigned char)b.s[0] == 0xFF && (unsigned char)b.s[1] == 0xFE) ||
			   ((unsigned char)b.s[0] == 0xFE && (unsigned char)b.s[1] == 0xFF))) {
		buf_release(&b);
		return sp_err_set(err, SP_ERR_INPUT, "%s: the file is UTF-16, expected UTF-8 "
				  "(re-save it as CSV UTF-8)", path);
	}
	if (memchr(b.s, '\0', b.len)) {
		size_t at = (size_t)((char *)memchr(b.s, '\0', b.len) - b.s);
		int line = 1;
		for (size_t i = 0; i < at; i++)
			line += b.s[i] == '\n';
		buf_release(&b);
		return sp_err_set(err, SP_ERR_INPUT, "%s:%d: NUL byte in the file, expected UTF-8 "
				  "text", path, line);
	}
	*out = buf_detach(&b);
	return SP_OK;
}
