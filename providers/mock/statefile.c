/*
 * providers/mock/statefile.c - lock, atomic write and clean-up of a StatePath.
 */
#include "providers/mock/statefile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TMP_INFIX ".tmp-" /* ".<name>.tmp-XXXXXX" beside the state file */

/* Splits path into its folder (malloc'ed, "." when none) and its last component. */
static char *folder_of(const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	char *dir;

	*name = slash ? slash + 1 : path;
	if (!slash)
		return strdup(".");
	dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
	return dir;
}

/* mkdir -p of dir; 0, or -1 with errno. */
static int make_folders(char *dir)
{
	char *p;
	struct stat st;

	if (stat(dir, &st) == 0)
		return S_ISDIR(st.st_mode) ? 0 : (errno = ENOTDIR, -1);
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(dir, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

int idle_statefile_lock(const char *path, double timeout, char *err, size_t errlen)
{
	const char *name;
	char *dir = folder_of(path, &name), *lock;
	size_t n = strlen(path) + 6;
	struct timespec nap = {0, 50 * 1000 * 1000};
	double waited = 0;
	int fd;

	if (!dir || !(lock = malloc(n))) {
		free(dir);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (make_folders(dir) != 0) {
		snprintf(err, errlen, "cannot make the state file's folder '%s': %s", dir,
		         strerror(errno));
		free(dir);
		free(lock);
		return -1;
	}
	snprintf(lock, n, "%s.lock", path);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create the state file's lock '%s': %s", lock,
		         strerror(errno));
	} else {
		while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			if (errno != EWOULDBLOCK || waited >= timeout) {
				if (errno == EWOULDBLOCK)
					snprintf(
					    err, errlen,
					    "state file '%s' is in use by another run (its lock "
					    "'%s' was not released within %.0f s): try again "
					    "when that run has finished",
					    path, lock, timeout);
				else
					snprintf(err, errlen, "cannot lock the state file '%s': %s",
					         path, strerror(errno));
				close(fd);
				fd = -1;
				break;
			}
			nanosleep(&nap, NULL);
			waited += 0.05;
		}
	}
	free(dir);
	free(lock);
	return fd;
}

void idle_statefile_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}

/* "<name>.tmp-XXXXXX" (six characters) after a leading '.', or the old "<name>.tmp<pid>". */
static int stale_temp(const char *entry, const char *name)
{
	size_t n = strlen(name), k = sizeof(TMP_INFIX) - 1;
	const char *rest;

	if (entry[0] == '.' && !strncmp(entry + 1, name, n) &&
	    !strncmp(entry + 1 + n, TMP_INFIX, k))
		return strlen(entry + 1 + n + k) == 6;
	if (strncmp(entry, name, n) || strncmp(entry + n, ".tmp", 4) || !entry[n + 4])
		return 0;
	for (rest = entry + n + 4; *rest; rest++)
		if (*rest < '0' || *rest > '9')
			return 0;
	return 1;
}

void idle_statefile_remove_stale(const char *path)
{
	const char *name;
	char *dir = folder_of(path, &name);
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL)
		if (stale_temp(e->d_name, name))
			unlinkat(dirfd(d), e->d_name, 0);
	if (d)
		closedir(d);
	free(dir);
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

int idle_statefile_write(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	const char *name;
	char *dir = folder_of(path, &name), *tmp;
	size_t n = strlen(path) + sizeof(TMP_INFIX) + 16;
	struct stat old;
	int fd, dfd, ok;

	if (!dir || !(tmp = malloc(n))) {
		free(dir);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(tmp, n, "%s%s.%s%sXXXXXX", dir, "/", name, TMP_INFIX);
	fd = mkostemp(tmp, O_CLOEXEC); /* O_CREAT | O_EXCL, 0600: never an existing file */
	if (fd < 0) {
		snprintf(err, errlen, "cannot write the state file '%s': %s", path,
		         strerror(errno));
		free(dir);
		free(tmp);
		return -1;
	}
	if (lstat(path, &old) == 0 && S_ISREG(old.st_mode))
		fchmod(fd, old.st_mode & 07777);
	ok = write_all(fd, data, len) == 0 && write_all(fd, "\n", 1) == 0;
	ok = fsync(fd) == 0 && ok;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		snprintf(err, errlen, "cannot write the state file '%s': %s", path,
		         strerror(errno));
		unlink(tmp);
		free(dir);
		free(tmp);
		return -1;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) { /* the rename itself is durable */
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	free(tmp);
	return 0;
}
