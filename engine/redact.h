/*
 * engine/redact.h - redaction (IdLE's Copy-IdleRedactedObject): what goes
 * into plans, events and results never carries secrets.
 *
 * A value under a secret key (exact names, case-insensitive, at any depth:
 * password, token, clientSecret, ...) and every script block become the
 * string "[REDACTED]". Keys like "myPassword" are not secret (IdLE's rule).
 * Trees are immutable and acyclic, so IdLE's guard against visiting an object
 * twice is not needed (and shared subtrees stay intact).
 */
#ifndef IDLE_ENGINE_REDACT_H
#define IDLE_ENGINE_REDACT_H

#include "core/arena.h"
#include "core/value.h"

#define IDLE_REDACTED "[REDACTED]"

/* 1 if key names a secret. */
int idle_redact_key(const char *key, size_t len);

/*
 * out = a redacted copy of in (subtrees without secrets are shared, not
 * copied). *count is increased by the number of values replaced (may be
 * NULL). 0, or -1 when out of memory.
 */
int idle_redact(idle_arena *a, const idle_value *in, idle_value *out, size_t *count);

#endif
