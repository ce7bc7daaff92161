/*
 * engine/stepctx.c - what a running step sees (idle/sys/step.h): its result,
 * events, the clock, value builders, and provider operations, routed and
 * authenticated by the engine (IdLE's Invoke-IdleProviderMethod).
 */
#include "engine/run.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "engine/broker.h"
#include "engine/config.h"
#include "engine/wildcard.h"

/* ---- identity, result, events -------------------------------------------------------- */

const char *idle_step_name(const idle_step_ctx *c)
{
	return c ? c->name : NULL;
}

const char *idle_step_type_name(const idle_step_ctx *c)
{
	return c ? c->type : NULL;
}

int idle_step_fail(idle_step_ctx *c, int transient, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->error.message, sizeof(c->error.message), fmt, ap);
	c->error.code = IDLE_EPROVIDER;
	va_end(ap);
	c->failed = 1;
	c->transient = transient != 0;
	return IDLE_EPROVIDER;
}

const char *idle_step_error(const idle_step_ctx *c)
{
	return c->failed ? c->error.message : "";
}

void idle_step_set_changed(idle_step_ctx *c, int changed)
{
	c->changed = changed != 0;
}

void idle_step_set_data(idle_step_ctx *c, const char *key, const idle_value *v)
{
	if (!c->data)
		c->data = idle_step_builder(c, 0);
	idle_build_value(c->data, key, v);
}

void idle_step_set_result(idle_step_ctx *c, const char *key, const idle_value *v)
{
	if (!c->extra)
		c->extra = idle_step_builder(c, 0);
	idle_build_value(c->extra, key, v);
}

void idle_step_event(idle_step_ctx *c, const char *type, const char *message,
                     const idle_value *data)
{
	idle_run__custom_event(c->rs, type && *type ? type : "Custom", c->name, data, "%s",
	                       message ? message : "");
}

double idle_step_now(const idle_step_ctx *c)
{
	return c->rs->clock.now(c->rs->clock.ud);
}

void idle_step_sleep(idle_step_ctx *c, double seconds)
{
	c->rs->clock.sleep(c->rs->clock.ud, seconds);
}

int idle_step_interrupted(idle_step_ctx *c)
{
	if (idle_run__cancelled(c->rs))
		c->interrupted = 1;
	return c->interrupted;
}

const char *idle_step_text(idle_step_ctx *c, const idle_value *v)
{
	idle_buf b = IDLE_BUF_INIT;
	char *s;

	if (v && v->kind == IDLE_STRING)
		return v->u.s;
	idle_val_text(&b, v);
	s = idle_arena_strndup(&c->rs->res->arena, b.data ? b.data : "", b.len);
	idle_buf_free(&b);
	if (!s)
		c->rs->oom = 1;
	return s ? s : "";
}

void idle_step_soft(idle_step_ctx *c, int soft)
{
	c->soft = soft != 0;
	c->last_error.message[0] = '\0';
	c->last_transient = 0;
}

const char *idle_step_last_error(const idle_step_ctx *c)
{
	return c->last_error.message;
}

int idle_step_last_transient(const idle_step_ctx *c)
{
	return c->last_transient;
}

/* ---- what a step's provider calls reach ------------------------------------------------ */

static void step_event(void *ud, const char *type, const char *message, const idle_value *data)
{
	idle_step_event(ud, type, message, data);
}

static int step_cancelled(void *ud)
{
	return idle_step_interrupted(ud);
}

void idle_run__step_env(idle_step_ctx *c)
{
	c->env.home = &c->rs->home;
	c->env.ud = c;
	c->env.cancelled = step_cancelled;
	c->env.event = step_event;
}

void idle_step_set_deadline(idle_step_ctx *c, double seconds)
{
	c->deadline = seconds > 0 ? idle_step_now(c) + seconds : 0;
}

/* ---- builders ------------------------------------------------------------------------- */

static size_t key_hash(const char *key)
{
	return idle_utf8_casehash(key, strlen(key));
}

const char *idle_run__key(idle_runstate *rs, const char *key)
{
	size_t i, mask;
	char *k;

	if (rs->nkeys * 2 >= rs->capkeys) {
		size_t cap = rs->capkeys ? rs->capkeys * 2 : 64, j;
		const char **t = calloc(cap, sizeof(*t));

		if (!t) {
			rs->oom = 1;
			return NULL;
		}
		for (j = 0; j < rs->capkeys; j++) {
			if (!rs->keys[j])
				continue;
			for (i = key_hash(rs->keys[j]) & (cap - 1); t[i]; i = (i + 1) & (cap - 1))
				;
			t[i] = rs->keys[j];
		}
		free(rs->keys);
		rs->keys = t;
		rs->capkeys = cap;
	}
	mask = rs->capkeys - 1;
	for (i = key_hash(key) & mask; rs->keys[i]; i = (i + 1) & mask)
		if (!strcmp(rs->keys[i], key))
			return rs->keys[i];
	k = idle_arena_strndup(&rs->res->arena, key, strlen(key));
	if (!k) {
		rs->oom = 1;
		return NULL;
	}
	rs->keys[i] = k;
	rs->nkeys++;
	return k;
}

static const char *run_key(void *ud, const char *key)
{
	return idle_run__key(ud, key);
}

void idle_run__home(idle_runstate *rs)
{
	rs->home.arena = &rs->res->arena;
	rs->home.oom = &rs->oom;
	rs->home.intern = run_key;
	rs->home.intern_ud = rs;
}

void idle_run__builders_free(idle_runstate *rs)
{
	idle_bhome__free(&rs->home);
	free(rs->keys);
	rs->keys = NULL;
	rs->nkeys = rs->capkeys = 0;
}

idle_builder *idle_step_builder(idle_step_ctx *c, int list)
{
	return idle_builder__new(&c->rs->home, list);
}

/* ---- provider operations ----------------------------------------------------------------- */

/* A failure of this step, or (soft) only noted. */
static int problem(idle_step_ctx *c, int transient, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int problem(idle_step_ctx *c, int transient, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->soft) {
		idle_error_set(&c->last_error, IDLE_EPROVIDER, "%s", msg);
		c->last_transient = transient;
		return IDLE_EPROVIDER;
	}
	return idle_step_fail(c, transient, "%s", msg);
}

/*
 * The step's auth session, as bound at planning: its AuthSessionName and
 * Options, else the default one; the host's session source first, then the
 * providers file's AuthSessions. Acquired once per attempt.
 */
static int acquire(idle_step_ctx *c, const idle_provider *p, const idle_auth_session **out)
{
	idle_runstate *rs = c->rs;
	const idle_config *cfg = rs->cfg;
	const char *name = c->step->session_name;
	const idle_value *opts = idle_map_get(c->with, IDLE_LIT("AuthSessionOptions"));
	idle_value o, t;
	idle_arena a;
	idle_error err;
	int rc;

	*out = NULL;
	if (c->acquired) {
		*out = c->session;
		return 0;
	}
	if (opts && opts->kind != IDLE_NULL && opts->kind != IDLE_MAP)
		return problem(c, 0, "With.AuthSessionOptions must be a hashtable or null.");
	if (!name) {
		/* no name: the default session, when there is one (ARCHITECTURE decision 3) */
		if (p->type->flags & IDLE_PROVIDER_USES_SESSIONS) {
			rc = idle_session__from_host(cfg, "", NULL, out, &err);
			if (rc && rc != IDLE_ENOTFOUND)
				return problem(c, 0, "%s", err.message);
			if (rc == IDLE_ENOTFOUND && cfg->broker.configured)
				idle_broker_acquire(&cfg->broker, "", NULL, out, &err);
		}
		c->acquired = 1;
		c->session = *out;
		return 0;
	}
	/* the engine adds CorrelationId and Actor to the options (IdLE 6.3); the
	 * copy lives only as long as the acquisition */
	idle_arena_init(&a);
	if (c->step->session_options)
		o = *c->step->session_options;
	else
		idle_val_init(&o, IDLE_MAP);
	idle_val_cstr(&t, rs->res->correlation_id);
	rc = idle_val_map_set(&a, &o, &o, IDLE_LIT("CorrelationId"), &t);
	if (rc == 0 && rs->res->actor) {
		idle_val_cstr(&t, rs->res->actor);
		rc = idle_val_map_set(&a, &o, &o, IDLE_LIT("Actor"), &t);
	}
	if (rc)
		rc = problem(c, 0, "out of memory");
	else if ((rc = idle_session__from_host(cfg, name, &o, out, &err)) != IDLE_ENOTFOUND)
		rc = rc ? problem(c, 0, "%s", err.message) : 0;
	else if (!cfg->broker.configured)
		rc = problem(c, 0,
		             "With.AuthSessionName is set to '%s' but the providers file "
		             "configures no AuthSessions",
		             name);
	else if (idle_broker_acquire(&cfg->broker, name, &o, out, &err))
		rc = problem(c, 0, "%s", err.message);
	else
		rc = 0;
	idle_arena_free(&a);
	if (rc == 0) {
		c->acquired = 1;
		c->session = *out;
	}
	return rc;
}

int idle_step_check_provider(idle_step_ctx *c)
{
	const char *alias = c->step->provider; /* bound at planning */

	if (!alias)
		return problem(c, 0, "step type '%s' names no provider: set With.Provider",
		               c->type);
	if (!idle_config_provider(c->rs->cfg, alias, strlen(alias)))
		return problem(c, 0, "Provider '%s' was not supplied by the host.", alias);
	return 0;
}

/* Routes op to its provider and prepares the call; 0 when the operation may run. */
static int begin(idle_step_ctx *c, idle_op op, idle_provider **p, idle_pcall *call)
{
	const char *alias = c->step->provider; /* bound at planning */
	const idle_auth_session *session;
	int rc;

	if (!alias)
		return problem(c, 0, "step type '%s' names no provider: set With.Provider",
		               c->type);
	*p = idle_config_provider(c->rs->cfg, alias, strlen(alias));
	if (!*p)
		return problem(c, 0, "Provider '%s' was not supplied by the host.", alias);
	rc = acquire(c, *p, &session);
	if (rc)
		return rc;
	idle_pcall_init(call, &c->rs->res->arena, &c->rs->clock, *p, op, session);
	call->faults = c->rs->faults ? c->rs->faults + (*p)->fault_base : NULL;
	call->env = &c->env;
	call->run = c->rs->prun ? c->rs->prun[*p - c->rs->cfg->providers] : NULL;
	call->deadline = c->deadline;
	if (!idle_op_implemented((*p)->type, op))
		return problem(c, 0, "Provider '%s' does not implement %s.", (*p)->alias, call->op);
	if (idle_provider_enter(*p, call, op))
		return problem(c, call->transient, "%s on provider '%s' failed: %s", call->op,
		               (*p)->alias, call->error);
	return 0;
}

static int finish(idle_step_ctx *c, idle_provider *p, idle_pcall *call, int rc)
{
	if (rc == 0)
		return 0;
	if (call->retry_after > c->retry_after && !c->soft)
		c->retry_after = call->retry_after; /* the retry waits at least this long */
	return problem(c, call->transient, "%s on provider '%s' failed: %s", call->op, p->alias,
	               call->failed ? call->error : idle_strerror(rc));
}

#define CALL(op, family, member, ...)                                                              \
	do {                                                                                       \
		idle_provider *p;                                                                  \
		idle_pcall call;                                                                   \
		int rc = begin(c, op, &p, &call);                                                  \
                                                                                                   \
		if (rc)                                                                            \
			return rc;                                                                 \
		rc = p->type->family->member(p->self, &call, __VA_ARGS__);                         \
		return finish(c, p, &call, rc);                                                    \
	} while (0)

int idle_step_get_identity(idle_step_ctx *c, const char *key, idle_identity *out)
{
	CALL(IDLE_OP_GET_IDENTITY, identity, get, key, out);
}

int idle_step_create_identity(idle_step_ctx *c, const char *key, const idle_value *attrs,
                              int *changed)
{
	CALL(IDLE_OP_CREATE_IDENTITY, identity, create, key, attrs, changed);
}

int idle_step_delete_identity(idle_step_ctx *c, const char *key, int *changed)
{
	CALL(IDLE_OP_DELETE_IDENTITY, identity, remove, key, changed);
}

int idle_step_enable_identity(idle_step_ctx *c, const char *key, int *changed)
{
	CALL(IDLE_OP_ENABLE_IDENTITY, identity, enable, key, changed);
}

int idle_step_disable_identity(idle_step_ctx *c, const char *key, int *changed)
{
	CALL(IDLE_OP_DISABLE_IDENTITY, identity, disable, key, changed);
}

int idle_step_move_identity(idle_step_ctx *c, const char *key, const char *container, int *changed)
{
	CALL(IDLE_OP_MOVE_IDENTITY, identity, move, key, container, changed);
}

int idle_step_ensure_attribute(idle_step_ctx *c, const char *key, const char *name,
                               const idle_value *value, int *changed)
{
	CALL(IDLE_OP_ENSURE_ATTRIBUTE, identity, ensure_attribute, key, name, value, changed);
}

int idle_step_revoke_sessions(idle_step_ctx *c, const char *key, int *changed)
{
	CALL(IDLE_OP_REVOKE_SESSIONS, identity, revoke_sessions, key, changed);
}

int idle_step_list_entitlements(idle_step_ctx *c, const char *key, idle_entitlement **items,
                                size_t *n)
{
	CALL(IDLE_OP_LIST_ENTITLEMENTS, entitlement, list, key, items, n);
}

int idle_step_grant(idle_step_ctx *c, const char *key, const idle_entitlement *e, int *changed)
{
	CALL(IDLE_OP_GRANT_ENTITLEMENT, entitlement, grant, key, e, changed);
}

int idle_step_revoke(idle_step_ctx *c, const char *key, const idle_entitlement *e, int *changed)
{
	CALL(IDLE_OP_REVOKE_ENTITLEMENT, entitlement, revoke, key, e, changed);
}

/* The provider the step is bound to, or NULL. */
static const idle_provider *step_provider(const idle_step_ctx *c)
{
	const char *alias = c->step->provider;

	return alias ? idle_config_provider(c->rs->cfg, alias, strlen(alias)) : NULL;
}

int idle_step_resolve_entitlement(idle_step_ctx *c, const idle_entitlement *in,
                                  idle_entitlement *out)
{
	const idle_provider *bound = step_provider(c);

	*out = *in;
	if (!bound || !idle_op_implemented(bound->type, IDLE_OP_RESOLVE_ENTITLEMENT))
		return 0; /* as written */
	CALL(IDLE_OP_RESOLVE_ENTITLEMENT, entitlement, resolve, in, out);
}

/* n revokes (grants) in one provider call, or one by one; per item changed[i], failed[i]. */
static int many(idle_step_ctx *c, int grant, const char *key, const idle_entitlement *items,
                size_t n, int *changed, const char **failed)
{
	idle_op op = grant ? IDLE_OP_GRANT_ENTITLEMENTS : IDLE_OP_REVOKE_ENTITLEMENTS;
	const idle_provider *bound = step_provider(c);
	size_t i;
	int soft = c->soft;

	memset(changed, 0, n * sizeof(*changed));
	memset(failed, 0, n * sizeof(*failed));
	if (bound && idle_op_implemented(bound->type, op)) {
		if (grant)
			CALL(IDLE_OP_GRANT_ENTITLEMENTS, entitlement, grant_many, key, items, n,
			     changed, failed);
		CALL(IDLE_OP_REVOKE_ENTITLEMENTS, entitlement, revoke_many, key, items, n, changed,
		     failed);
	}
	c->soft = 1; /* one item's failure is that item's, not the step's */
	for (i = 0; i < n; i++) {
		c->last_error.message[0] = '\0';
		if ((grant ? idle_step_grant(c, key, &items[i], &changed[i])
		           : idle_step_revoke(c, key, &items[i], &changed[i])) &&
		    !(failed[i] = idle_arena_strndup(&c->rs->res->arena, c->last_error.message,
		                                     strlen(c->last_error.message))))
			failed[i] = "out of memory";
	}
	c->soft = soft;
	return 0;
}

int idle_step_revoke_many(idle_step_ctx *c, const char *key, const idle_entitlement *items,
                          size_t n, int *changed, const char **failed)
{
	return many(c, 0, key, items, n, changed, failed);
}

int idle_step_grant_many(idle_step_ctx *c, const char *key, const idle_entitlement *items, size_t n,
                         int *changed, const char **failed)
{
	return many(c, 1, key, items, n, changed, failed);
}

int idle_step_sync_start(idle_step_ctx *c, const char *policy, const char *computer,
                         const char **message, int *changed)
{
	*changed = 1;
	CALL(IDLE_OP_START_SYNC, dirsync, start, policy, computer, message, changed);
}

int idle_step_sync_state(idle_step_ctx *c, const char *computer, idle_sync_state *out)
{
	CALL(IDLE_OP_SYNC_STATE, dirsync, state, computer, out);
}

int idle_step_sync_object(idle_step_ctx *c, const char *dn, const char *computer, unsigned flags,
                          const idle_value **report)
{
	*report = NULL;
	CALL(IDLE_OP_SYNC_OBJECT, dirsync, single_object, dn, computer, flags, report);
}
