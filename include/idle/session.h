/*
 * idle/session.h - auth sessions a host supplies in code (IdLE's
 * AuthSessionBroker as a callback), besides the providers file's
 * AuthSessions.
 *
 * A step (or context resolver) with With.AuthSessionName = 'X' asks for the
 * session named X; without a name, for the default session (name ""). The
 * engine asks the host's session source first: it answers with a session it
 * owns, or IDLE_ENOTFOUND to let the providers file's AuthSessions decide;
 * any other code fails the step with the source's message. Sessions hold
 * their secrets in memory; providers read them with idle_session_secret()
 * when they need them, and nothing of a session reaches plans, events,
 * results or logs.
 *
 *   static int source(void *ud, const char *name, const idle_value *options,
 *                     const idle_auth_session **out, idle_error *err)
 *   {
 *           struct app *app = ud;
 *
 *           if (strcmp(name, "EntraConnect"))
 *                   return IDLE_ENOTFOUND;
 *           *out = app->aadc; // idle_session_new + idle_session_set, kept by the host
 *           return 0;
 *   }
 *   ...
 *   idle_config_set_session_source(cfg, source, app);
 */
#ifndef IDLE_SESSION_H
#define IDLE_SESSION_H

#include "common.h"
#include "value.h"

IDLE_BEGIN_DECL

typedef struct idle_auth_session idle_auth_session;
typedef struct idle_config idle_config; /* idle/config.h */

typedef enum idle_session_kind {
	IDLE_SESSION_CREDENTIAL = 0, /* user name + password */
	IDLE_SESSION_OAUTH,          /* a bearer token, or client credentials */
	IDLE_SESSION_REMOTING        /* a remote-execution endpoint + credential */
} idle_session_kind;

/** A new, empty session of a kind; NULL when out of memory. */
IDLE_EXTERN(idle_auth_session *) idle_session_new(idle_session_kind kind);
/**
 * Sets a parameter: UserName, TenantId, ClientId, Endpoint, Scope, ... or a
 * secret (Password, Token, ClientSecret). Setting a name again replaces it.
 * @return 0; IDLE_EARG; IDLE_ENOMEM
 */
IDLE_EXTERN(int) idle_session_set(idle_auth_session *s, const char *name, const char *value);
/** Wipes the session's secrets and frees it. Only for sessions from idle_session_new. */
IDLE_EXTERN(void) idle_session_free(idle_auth_session *s);

/**
 * A host's session source. name is "" for the default session; options is
 * With.AuthSessionOptions (a map with CorrelationId and Actor added while
 * running) or NULL. Returns 0 with *out set (a session that stays valid until
 * the configuration is freed; NULL for "no session"), IDLE_ENOTFOUND to defer
 * to the providers file, or another IDLE_E* code (idle_error_set(err, ...)).
 */
typedef int (*idle_session_source)(void *ud, const char *name, const idle_value *options,
                                   const idle_auth_session **out, idle_error *err);

/** Sets (or with fn NULL removes) cfg's session source, for planning and running. */
IDLE_EXTERN(void)
idle_config_set_session_source(idle_config *cfg, idle_session_source fn, void *ud);

IDLE_END_DECL

#endif
