/*
 * engine/broker.h - the auth-session broker built from the providers file's
 * AuthSessions (IdLE's New-IdleAuthSession as data): typed session entries,
 * their matching rules (shared/spec/idle-execution.md 6.2), and reading the
 * secrets they name, at the moment a provider needs them.
 */
#ifndef IDLE_ENGINE_BROKER_H
#define IDLE_ENGINE_BROKER_H

#include <idle/sys/provider.h>

#include "core/arena.h"
#include "engine/vctx.h"

#define IDLE_CODE_AUTH "auth-sessions"

/* a host session's parameter or secret */
typedef struct idle_session_kv {
	char *name;
	char *value;
} idle_session_kv;

struct idle_auth_session {
	idle_session_kind kind;
	const idle_value *match;      /* the pattern (NULL for the default session) */
	const idle_value *credential; /* a map: UserName, PasswordEnv, ... */
	const char *base_dir;         /* for relative secret files */
	/* a host's session (idle_session_new): parameters and secrets by name */
	int host;
	idle_session_kv *kv;
	size_t nkv, capkv;
};

typedef struct idle_broker {
	int configured; /* the file has AuthSessions */
	idle_auth_session *entries;
	size_t n;
	idle_auth_session *fallback; /* DefaultAuthSession, or NULL */
} idle_broker;

/*
 * Checks AuthSessions (v's path at it) and builds the broker in arena:
 * entry shapes, session types, credential keys per type, no inline secrets.
 */
void idle_broker_load(idle_broker *b, idle_vctx *v, idle_arena *a, const idle_value *auth,
                      const char *base_dir);

/*
 * AcquireAuthSession(name, options): name "" asks for the default session.
 * options: a map or NULL. 0 with *out set; otherwise IDLE_ENOTFOUND or
 * IDLE_EAMBIGUOUS with IdLE's message in err.
 */
int idle_broker_acquire(const idle_broker *b, const char *name, const idle_value *options,
                        const idle_auth_session **out, idle_error *err);

/*
 * Asks the host's session source of cfg (idle/session.h) for a session:
 * 0 with *out set, IDLE_ENOTFOUND when there is no source or it defers to
 * the providers file, another code with a message in err.
 */
struct idle_config;
int idle_session__from_host(const struct idle_config *cfg, const char *name,
                            const idle_value *options, const idle_auth_session **out,
                            idle_error *err);

#endif
