/*
 * engine/lookup.h - dotted data paths ("Request.Context.Views.Identity.
 * Entitlements.Id") resolved the way IdLE's Get-IdleValueByPath does:
 * case-insensitive keys, member-access enumeration over lists, and the
 * existence test its plan-time path validator uses
 * (shared/spec/idle-planning.md section 6.3).
 *
 * Differences from IdLE by decision 1 of ARCHITECTURE.md: lists stay lists
 * (an empty list is an empty list, not null; one element stays a list).
 */
#ifndef IDLE_ENGINE_LOOKUP_H
#define IDLE_ENGINE_LOOKUP_H

#include "core/arena.h"
#include "core/value.h"

/*
 * Where paths start. The first segment names a root (case-insensitively);
 * root() returns its value (NULL when the root does not exist). Roots may be
 * computed lazily, which is why this is a callback.
 */
typedef struct idle_scope {
	const idle_value *(*root)(void *ud, const char *name, size_t len);
	void *ud;
	idle_arena *arena; /* for the lists member-access enumeration builds */
} idle_scope;

/* Result codes besides 0. */
#define IDLE_LOOKUP_EMPTY_SEGMENT 1 /* "a..b", ".a" or "a.": PowerShell refuses such a path */

/*
 * Resolves path. *out is the value, or NULL when the path leads nowhere (a
 * missing key, a null along the way, a member of a scalar). Returns 0,
 * IDLE_LOOKUP_EMPTY_SEGMENT, or -1 when out of memory.
 */
int idle_lookup(const idle_scope *s, const char *path, size_t len, const idle_value **out);

/*
 * Test-IdlePathExists: every segment must be a present key (a key whose
 * value is null exists); no enumeration over lists. 1 or 0.
 */
int idle_lookup_exists(const idle_scope *s, const char *path, size_t len);

#endif
