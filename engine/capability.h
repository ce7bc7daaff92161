/*
 * engine/capability.h - provider capability identifiers: their format, the
 * known ones, deprecated aliases, and the read-only ones context resolvers
 * may use (shared/spec/idle-planning.md section 4, 7.1).
 */
#ifndef IDLE_ENGINE_CAPABILITY_H
#define IDLE_ENGINE_CAPABILITY_H

#include <stddef.h>

/* Every capability idle knows of (IdLE's catalog plus the two its docs miss), NULL-terminated. */
extern const char *const idle_cap_known[];
/* The capabilities a ContextResolver may use, NULL-terminated. */
extern const char *const idle_cap_resolver[];

/* 1 if s is a valid capability id (dot-separated ASCII letters and digits, >= 2 segments). */
int idle_cap_valid(const char *s, size_t len);
/* The current id for a deprecated one (IdLE.Mailbox.Read -> IdLE.Mailbox.Info.Read), else s. */
const char *idle_cap_normalize(const char *s);
/* 1 if cap (case-insensitive) may be used by a ContextResolver. */
int idle_cap_resolver_allowed(const char *s, size_t len);

/* Sorts caps case-insensitively and drops case-insensitive duplicates; *n is updated. */
void idle_cap_sort_unique(const char **caps, size_t *n);

#endif
