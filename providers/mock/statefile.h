/*
 * providers/mock/statefile.h - the Mock's StatePath on disk: a lock held for a
 * run, atomic replacement that cannot be redirected, and clean-up after a
 * killed run.
 */
#ifndef IDLE_PROVIDERS_MOCK_STATEFILE_H
#define IDLE_PROVIDERS_MOCK_STATEFILE_H

#include <stddef.h>

/*
 * Makes path's folder (and its parents) when missing, then takes an
 * exclusive lock on "<path>.lock" (created when needed, never through a
 * symlink), waiting up to timeout seconds for another run to release it.
 * Returns the lock's descriptor, or -1 with a message in err.
 */
int idle_statefile_lock(const char *path, double timeout, char *err, size_t errlen);
void idle_statefile_unlock(int fd);

/* Removes the temporary files a killed run left beside path (call with the lock held). */
void idle_statefile_remove_stale(const char *path);

/*
 * Replaces path with data (and a final line break) atomically: a new file
 * made with O_EXCL in path's folder (never a symlink's target), with the
 * mode of the file it replaces (0600 for a new one), synced, renamed over
 * path, the folder synced. 0, or -1 with a message in err.
 */
int idle_statefile_write(const char *path, const char *data, size_t len, char *err, size_t errlen);

#endif
