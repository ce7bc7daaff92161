/*
 * engine/provider.c - the operations table, call contexts, injected faults.
 */
#include "engine/provider.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <idle/run.h>

#include "core/utf8.h"
#include "engine/config.h"
#include "engine/capability.h"

const char *const idle_op_names[IDLE_OP_COUNT + 1] = {
#define IDLE_OP_NAME_(id, name, cap, family, member) name,
    IDLE_OP_LIST(IDLE_OP_NAME_)
#undef IDLE_OP_NAME_
        NULL};

const char *const idle_op_capabilities[IDLE_OP_COUNT] = {
#define IDLE_OP_CAP_(id, name, cap, family, member) cap,
    IDLE_OP_LIST(IDLE_OP_CAP_)
#undef IDLE_OP_CAP_
};

int idle_op_implemented(const idle_provider_type *t, idle_op op)
{
	switch (op) {
#define IDLE_OP_IMPL_(id, name, cap, family, member)                                               \
	case IDLE_OP_##id:                                                                         \
		return t->family && t->family->member;
		IDLE_OP_LIST(IDLE_OP_IMPL_)
#undef IDLE_OP_IMPL_
	default:
		return 0;
	}
}

/* Where cap stands in the catalog (idle_cap_known); unknown ones after all known. */
static size_t catalog_rank(const char *cap)
{
	size_t i;

	for (i = 0; idle_cap_known[i]; i++)
		if (!strcasecmp(idle_cap_known[i], cap))
			return i;
	return i;
}

size_t idle_provider_type_caps(const idle_provider_type *t, const char **out, size_t max)
{
	size_t n = 0, i, k;

	for (i = 0; i < IDLE_OP_COUNT && n < max; i++)
		if (idle_op_implemented(t, (idle_op)i))
			out[n++] = idle_op_capabilities[i];
	for (i = 0; t->capabilities && t->capabilities[i] && n < max; i++) {
		for (k = 0; k < n && strcasecmp(out[k], t->capabilities[i]); k++)
			;
		if (k == n)
			out[n++] = t->capabilities[i];
	}
	for (i = 1; i < n; i++) /* in catalog order (an insertion sort: a few entries) */
		for (k = i; k > 0 && catalog_rank(out[k - 1]) > catalog_rank(out[k]); k--) {
			const char *x = out[k];

			out[k] = out[k - 1];
			out[k - 1] = x;
		}
	return n;
}

void idle_pcall_init(idle_pcall *c, idle_arena *arena, const idle_clock *clock,
                     const idle_provider *p, idle_op op, const idle_auth_session *session)
{
	memset(c, 0, sizeof(*c));
	c->arena = arena;
	c->clock = clock ? clock : &idle_clock_system;
	c->alias = p ? p->alias : "";
	c->op = op < IDLE_OP_COUNT ? idle_op_names[op] : "";
	c->session = session;
}

int idle_provider_enter(idle_provider *p, idle_pcall *c, idle_op op)
{
	size_t i;

	if (!idle_op_implemented(p->type, op))
		return idle_pcall_fail(c, 0, "Provider '%s' does not implement %s", p->alias,
		                       idle_op_names[op]);
	for (i = 0; i < p->nfaults && c->faults; i++) {
		idle_fault *f = &p->faults[i];
		long *left = &c->faults[i];

		if (f->op != op || *left == 0)
			continue;
		if (*left > 0)
			(*left)--;
		return idle_pcall_fail(c, f->transient, "%s", f->message);
	}
	return 0;
}

long *idle_faults_new(const idle_config *cfg, int *oom)
{
	size_t i, k, n = 0;
	long *left;

	*oom = 0;
	for (i = 0; cfg && i < cfg->nproviders; i++)
		n += cfg->providers[i].nfaults;
	if (!n)
		return NULL;
	left = malloc(n * sizeof(*left));
	if (!left) {
		*oom = 1;
		return NULL;
	}
	for (i = 0; i < cfg->nproviders; i++)
		for (k = 0; k < cfg->providers[i].nfaults; k++)
			left[cfg->providers[i].fault_base + k] = cfg->providers[i].faults[k].times;
	return left;
}

int idle_provider_has(const idle_provider *p, const char *cap)
{
	size_t i;

	/* capability ids are ASCII (their format is checked) */
	for (i = 0; i < p->ncaps; i++)
		if (!strcasecmp(p->caps[i], cap))
			return 1;
	return 0;
}

/* ---- the provider author's API ---------------------------------------------------- */

void *idle_pcall_alloc(idle_pcall *c, size_t size)
{
	return c && c->arena ? idle_arena_alloc(c->arena, size ? size : 1) : NULL;
}

char *idle_pcall_strdup(idle_pcall *c, const char *s)
{
	return c && c->arena && s ? idle_arena_strndup(c->arena, s, strlen(s)) : NULL;
}

const idle_auth_session *idle_pcall_session(const idle_pcall *c)
{
	return c ? c->session : NULL;
}

idle_builder *idle_pcall_builder(idle_pcall *c, int list)
{
	return c && c->env && c->env->home ? idle_builder__new(c->env->home, list) : NULL;
}

void *idle_pcall_run(const idle_pcall *c)
{
	return c ? c->run : NULL;
}

int idle_pcall_cancelled(idle_pcall *c)
{
	return c && c->env && c->env->cancelled && c->env->cancelled(c->env->ud);
}

double idle_pcall_deadline(const idle_pcall *c)
{
	return c ? c->deadline : 0;
}

void idle_pcall_event(idle_pcall *c, const char *type, const char *message, const idle_value *data)
{
	if (c && c->env && c->env->event)
		c->env->event(c->env->ud, type, message, data);
}

void idle_pcall_warning(idle_pcall *c, const char *fmt, ...)
{
	char msg[1024];
	idle_builder *b;
	va_list ap;

	if (!c || !c->env || !c->env->event)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	b = idle_pcall_builder(c, 0);
	idle_build_str(b, "Provider", c->alias);
	idle_build_str(b, "Operation", c->op);
	idle_build_str(b, "Message", msg);
	c->env->event(c->env->ud, idle_event_type_name(IDLE_EVENT_PROVIDER_WARNING), msg,
	              idle_build_done(b));
}

static const char *const failure_names[IDLE_FAILURE_COUNT] = {
#define IDLE_X_(name, label, retry) label,
    IDLE_FAILURE_LIST(IDLE_X_)
#undef IDLE_X_
};

static const char *const policy_names[IDLE_SYNC_POLICY_COUNT + 1] = {
#define IDLE_X_(name, label) label,
    IDLE_SYNC_POLICY_LIST(IDLE_X_)
#undef IDLE_X_
        NULL};

const char *idle_sync_policy_name(idle_sync_policy p)
{
	return (unsigned)p < IDLE_SYNC_POLICY_COUNT ? policy_names[p] : "";
}

const char *const *idle_sync_policy_names(void)
{
	return policy_names;
}

int idle_sync_policy_parse(const char *s, idle_sync_policy *out)
{
	size_t i;

	for (i = 0; s && i < IDLE_SYNC_POLICY_COUNT; i++)
		if (!strcasecmp(s, policy_names[i])) {
			*out = (idle_sync_policy)i;
			return 0;
		}
	return -1;
}

const char *idle_failure_name(idle_failure kind)
{
	return (unsigned)kind < IDLE_FAILURE_COUNT ? failure_names[kind] : "internal";
}

static int vfail(idle_pcall *c, idle_failure kind, double retry_after, const char *fmt, va_list ap)
{
	if (!c)
		return IDLE_EPROVIDER;
	vsnprintf(c->error, sizeof(c->error), fmt, ap);
	c->failed = 1;
	c->kind = (unsigned)kind < IDLE_FAILURE_COUNT ? kind : IDLE_FAILURE_INTERNAL;
	c->transient = c->kind == IDLE_FAILURE_TRANSIENT;
	c->retry_after = c->transient && retry_after > 0 ? retry_after : 0;
	return IDLE_EPROVIDER;
}

int idle_pcall_fail(idle_pcall *c, int transient, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(c, transient ? IDLE_FAILURE_TRANSIENT : IDLE_FAILURE_INTERNAL, 0, fmt, ap);
	va_end(ap);
	return rc;
}

int idle_pcall_failure(idle_pcall *c, idle_failure kind, double retry_after, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(c, kind, retry_after, fmt, ap);
	va_end(ap);
	return rc;
}

double idle_pcall_now(const idle_pcall *c)
{
	const idle_clock *k = c && c->clock ? c->clock : &idle_clock_system;

	return k->now(k->ud);
}

int idle_pcall_sleep(idle_pcall *c, double seconds)
{
	const idle_clock *k = c && c->clock ? c->clock : &idle_clock_system;

	if (seconds > 0 && !idle_pcall_cancelled(c))
		k->sleep(k->ud, seconds);
	return idle_pcall_cancelled(c);
}

/* ---- init ---------------------------------------------------------------------------- */

idle_diag *idle_pinit__vreport(idle_pinit *ctx, const idle_value *at, const char *relpath,
                               const char *fmt, va_list ap)
{
	size_t n = idle_vctx_push_relative(ctx->v, relpath);
	idle_diag *d =
	    idle_vctx_report(ctx->v, IDLE_SEV_ERROR, "providers", at ? at->start : IDLE_NOSPAN,
	                     at ? at->end : IDLE_NOSPAN, fmt, ap);

	while (n--)
		idle_vctx_pop(ctx->v);
	ctx->errors++;
	return d;
}

int idle_pinit_error(idle_pinit *ctx, const idle_value *at, const char *relpath, const char *fmt,
                     ...)
{
	va_list ap;

	va_start(ap, fmt);
	idle_pinit__vreport(ctx, at, relpath, fmt, ap);
	va_end(ap);
	return IDLE_EINVALID;
}

void idle_pinit_withhold(idle_pinit *ctx, const char *capability)
{
	if (ctx && capability && ctx->nwithheld < sizeof(ctx->withheld) / sizeof(ctx->withheld[0]))
		ctx->withheld[ctx->nwithheld++] = capability;
}

const char *idle_pinit_alias(const idle_pinit *ctx)
{
	return ctx ? ctx->alias : NULL;
}

char *idle_pinit_path(const idle_pinit *ctx, const char *path)
{
	size_t a, b;
	char *out;

	if (!path)
		return NULL;
	if (path[0] == '/' || !ctx->base_dir || !*ctx->base_dir)
		return strdup(path);
	a = strlen(ctx->base_dir);
	b = strlen(path);
	out = malloc(a + b + 2);
	if (!out)
		return NULL;
	memcpy(out, ctx->base_dir, a);
	out[a] = '/';
	memcpy(out + a + 1, path, b + 1);
	return out;
}

void idle_pcall_check(idle_pcall *c, idle_check_status status, const char *name, const char *fix,
                      const char *fmt, ...)
{
	char detail[1024];
	va_list ap;

	if (!c || !c->env || !c->env->check)
		return;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	c->env->check(c->env->ud, status, name ? name : "", fix, detail);
}

void idle_pcall_check_target(idle_pcall *c, const char *fmt, ...)
{
	char target[600];
	va_list ap;

	if (!c || !c->env || !c->env->check_target)
		return;
	va_start(ap, fmt);
	vsnprintf(target, sizeof(target), fmt, ap);
	va_end(ap);
	c->env->check_target(c->env->ud, target);
}
