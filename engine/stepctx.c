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
	vsnprintf(c->error, sizeof(c->error), fmt, ap);
	va_end(ap);
	c->failed = 1;
	c->transient = transient != 0;
	return IDLE_EPROVIDER;
}

const char *idle_step_error(const idle_step_ctx *c)
{
	return c->failed ? c->error : "";
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
	if (!type || !*type)
		type = "Custom";
	idle_run__event(c->rs, idle_run__keep(c->rs, type), c->name, data, "%s",
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

int idle_like(const char *pattern, const char *text)
{
	int rc = idle_wildcard_match(pattern, strlen(pattern), text, strlen(text));

	return rc == 1 ? 1 : rc == 0 ? 0 : -1;
}

void idle_step_soft(idle_step_ctx *c, int soft)
{
	c->soft = soft != 0;
	c->last_error[0] = '\0';
}

const char *idle_step_last_error(const idle_step_ctx *c)
{
	return c->last_error;
}

/* ---- builders ------------------------------------------------------------------------- */

struct idle_builder {
	idle_runstate *rs;
	int list;
	idle_member *m;
	idle_value *items;
	size_t n, cap;
	idle_value out;
};

idle_builder *idle_step_builder(idle_step_ctx *c, int list)
{
	idle_builder *b = idle_arena_calloc(&c->rs->res->arena, 1, sizeof(*b));

	if (!b) {
		c->rs->oom = 1;
		return NULL;
	}
	b->rs = c->rs;
	b->list = list;
	return b;
}

static void add(idle_builder *b, const char *key, const idle_value *v)
{
	idle_arena *a;

	if (!b)
		return;
	a = &b->rs->res->arena;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4;

		if (b->list) {
			idle_value *p = idle_arena_alloc(a, cap * sizeof(*p));

			if (!p)
				goto oom;
			if (b->n)
				memcpy(p, b->items, b->n * sizeof(*p));
			b->items = p;
		} else {
			idle_member *p = idle_arena_alloc(a, cap * sizeof(*p));

			if (!p)
				goto oom;
			if (b->n)
				memcpy(p, b->m, b->n * sizeof(*p));
			b->m = p;
		}
		b->cap = cap;
	}
	if (b->list) {
		b->items[b->n++] = *v;
		return;
	}
	{
		idle_member *m = &b->m[b->n];
		size_t i;

		/* a key set again replaces its value */
		for (i = 0; i < b->n; i++)
			if (idle_utf8_caseeqz(b->m[i].key, b->m[i].klen, key)) {
				b->m[i].val = *v;
				return;
			}
		memset(m, 0, sizeof(*m));
		m->key = idle_arena_strndup(a, key, strlen(key));
		if (!m->key)
			goto oom;
		m->klen = (uint32_t)strlen(key);
		m->kstart = m->kend = IDLE_NOSPAN;
		m->val = *v;
		b->n++;
	}
	return;
oom:
	b->rs->oom = 1;
}

void idle_build_str(idle_builder *b, const char *key, const char *s)
{
	idle_value v;

	if (!b)
		return;
	idle_run__str(b->rs, &v, s);
	add(b, key, &v);
}

void idle_build_int(idle_builder *b, const char *key, int64_t i)
{
	idle_value v;

	idle_val_int(&v, i);
	add(b, key, &v);
}

void idle_build_bool(idle_builder *b, const char *key, int val)
{
	idle_value v;

	idle_val_bool(&v, val);
	add(b, key, &v);
}

void idle_build_value(idle_builder *b, const char *key, const idle_value *val)
{
	idle_value v;

	if (val)
		v = *val;
	else
		idle_val_init(&v, IDLE_NULL);
	add(b, key, &v);
}

const idle_value *idle_build_done(idle_builder *b)
{
	int rc;

	if (!b)
		return NULL;
	/* the value takes the builder's storage as it is (the builder is spent) */
	if (b->list) {
		idle_val_init(&b->out, IDLE_ARRAY);
		b->out.u.items = b->n ? b->items : NULL;
		b->out.n = (uint32_t)b->n;
		rc = 0;
	} else {
		rc = idle_val_map_adopt(&b->rs->res->arena, &b->out, b->m, b->n);
	}
	if (rc)
		b->rs->oom = 1;
	return &b->out;
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
		snprintf(c->last_error, sizeof(c->last_error), "%s", msg);
		return IDLE_EPROVIDER;
	}
	return idle_step_fail(c, transient, "%s", msg);
}

/*
 * The session for a call: With.AuthSessionName (and Options), else the default
 * one; the host's session source first, then the providers file's AuthSessions.
 */
static int acquire(idle_step_ctx *c, const idle_provider *p, const idle_auth_session **out)
{
	idle_runstate *rs = c->rs;
	const idle_config *cfg = rs->cfg;
	const idle_value *an = idle_map_get(c->with, "AuthSessionName", 15);
	const idle_value *opts = idle_map_get(c->with, "AuthSessionOptions", 18);
	const char *name;
	idle_value o, t;
	char err[1024];
	int rc;

	*out = NULL;
	if (opts && opts->kind != IDLE_NULL && opts->kind != IDLE_MAP)
		return problem(c, 0, "With.AuthSessionOptions must be a hashtable or null.");
	if (idle_val_blank(an)) {
		/* no name: the default session, when there is one (ARCHITECTURE decision 3) */
		if (!(p->type->flags & IDLE_PROVIDER_USES_SESSIONS))
			return 0;
		rc = idle_session__from_host(cfg, "", NULL, out, err, sizeof(err));
		if (rc != IDLE_ENOTFOUND)
			return rc ? problem(c, 0, "%s", err) : 0;
		if (cfg->broker.configured)
			idle_broker_acquire(&cfg->broker, "", NULL, out, err, sizeof(err));
		return 0;
	}
	name = idle_step_text(c, an);
	/* the engine adds CorrelationId and Actor to the options (IdLE 6.3) */
	if (opts && opts->kind == IDLE_MAP)
		o = *opts;
	else if (idle_val_map(&rs->res->arena, &o, NULL, 0))
		return rs->oom = 1, problem(c, 0, "out of memory");
	idle_run__str(rs, &t, rs->res->correlation_id);
	if (idle_val_map_set(&rs->res->arena, &o, &o, "CorrelationId", 13, &t))
		rs->oom = 1;
	if (rs->res->actor) {
		idle_run__str(rs, &t, rs->res->actor);
		if (idle_val_map_set(&rs->res->arena, &o, &o, "Actor", 5, &t))
			rs->oom = 1;
	}
	rc = idle_session__from_host(cfg, name, &o, out, err, sizeof(err));
	if (rc != IDLE_ENOTFOUND)
		return rc ? problem(c, 0, "%s", err) : 0;
	if (!cfg->broker.configured)
		return problem(c, 0,
		               "With.AuthSessionName is set to '%s' but the providers file "
		               "configures no AuthSessions",
		               name);
	if (idle_broker_acquire(&cfg->broker, name, &o, out, err, sizeof(err)))
		return problem(c, 0, "%s", err);
	return 0;
}

/* The provider alias of the step: With.Provider, else the step type's default. */
static const char *step_alias(idle_step_ctx *c)
{
	const idle_value *pv = idle_map_get(c->with, "Provider", 8);

	return !idle_val_blank(pv) ? idle_step_text(c, pv) : c->step->stype->provider;
}

int idle_step_check_provider(idle_step_ctx *c)
{
	const char *alias = step_alias(c);

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
	const char *alias = step_alias(c);
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

int idle_step_sync_start(idle_step_ctx *c, const char *policy, const char *computer,
                         const char **message)
{
	CALL(IDLE_OP_START_SYNC, dirsync, start, policy, computer, message);
}

int idle_step_sync_state(idle_step_ctx *c, const char *computer, idle_sync_state *out)
{
	CALL(IDLE_OP_SYNC_STATE, dirsync, state, computer, out);
}
