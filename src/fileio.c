/* fileio.c - temporary-name-then-rename output files */
#include "staffplan/fileio.h"

#include <errno.h>
#include <limits.h>
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
	o->f = fopen(o->tmp, "wb");
	if (!o->f)
		return sp_err_set(err, SP_ERR_IO, "cannot write '%s': %s", o->path, strerror(errno));
	return SP_OK;
}

sp_status sp_out_commit(struct sp_out *o, struct sp_err *err)
{
	int bad = ferror(o->f);

	if (o->in_place) {
		bad |= fclose(o->f) != 0;
		o->f = NULL;
		return bad ? sp_err_set(err, SP_ERR_IO, "cannot write '%s': %s", o->path, strerror(errno)) : SP_OK;
	}
	if (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0)
		bad = 1;
	if (fclose(o->f) != 0)
		bad = 1;
	o->f = NULL;
	if (bad) {
		int e = errno;
		unlink(o->tmp);
		return sp_err_set(err, SP_ERR_IO, "cannot write '%s': %s", o->path, strerror(e));
	}
	if (rename(o->tmp, o->path) != 0) {
		int e = errno;
		unlink(o->tmp);
		return sp_err_set(err, SP_ERR_IO, "cannot rename '%s' to '%s': %s", o->tmp,
				  o->path, strerror(e));
	}
	return SP_OK;
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

sp_status sp_write_file(const char *path, const char *data, size_t len, struct sp_err *err)
{
	struct sp_out o;
	sp_status st = sp_out_open(&o, path, err);

	if (st != SP_OK)
		return st;
	if (fwrite(data, 1, len, o.f) != len) {
		sp_out_abort(&o);
		return sp_err_set(err, SP_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
	}
	return sp_out_commit(&o, err);
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
