/*
 * engine/doctor.c - idle doctor: each provider checks what a run would need,
 * for each auth session and server it would be used with (see idle/doctor.h).
 */
#include <idle/doctor.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "engine/broker.h"
#include "engine/clock.h"
#include "engine/config.h"
#include "engine/plan.h"
#include "engine/provider.h"

typedef struct doctor {
	idle_check_fn fn;
	void *ud;
	const idle_provider *p;
	char label[600]; /* the session and server the engine chose */
	char target[1300];
	int failed;
} doctor;

static void on_target(void *ud, const char *target)
{
	doctor *d = ud;

	snprintf(d->target, sizeof(d->target), "%s%s%s", d->label, d->label[0] ? ", " : "", target);
}

static void on_check(void *ud, idle_check_status status, const char *name, const char *fix,
                     const char *detail)
{
	doctor *d = ud;
	idle_check c = {d->p->alias, d->p->type->name, d->target[0] ? d->target : NULL,       name,
	                status,      detail,           status == IDLE_CHECK_FAIL ? fix : NULL};

	d->failed += status == IDLE_CHECK_FAIL;
	d->fn(d->ud, &c);
}

/* "session { AuthSessionName=X, Role=Y }" (the entry's Match), "the default session". */
static void session_label(idle_buf *b, const idle_auth_session *s, const char *name)
{
	uint32_t i;

	if (!s) {
		idle_buf_adds(b, "no auth session");
		return;
	}
	if (!s->match) {
		idle_buf_printf(b, "%s", name && *name ? "session '" : "the default session");
		if (name && *name)
			idle_buf_printf(b, "%s' (the default)", name);
		return;
	}
	idle_buf_adds(b, "session {");
	for (i = 0; i < s->match->n; i++) {
		idle_buf_printf(b, "%s %s=", i ? "," : "", s->match->u.members[i].key);
		idle_val_text(b, &s->match->u.members[i].val);
	}
	idle_buf_adds(b, " }");
}

/* Runs the provider's checks with session s and server computer. */
static void check_one(doctor *d, const idle_auth_session *s, const char *name, const char *computer)
{
	idle_pcall_env env = {NULL, d, NULL, NULL, on_check, on_target};
	idle_arena a;
	idle_pcall c;
	idle_buf b = IDLE_BUF_INIT;

	if (d->p->type->flags & IDLE_PROVIDER_USES_SESSIONS)
		session_label(&b, s, name);
	if (computer)
		idle_buf_printf(&b, "%sserver '%s'", b.len ? ", " : "", computer);
	snprintf(d->label, sizeof(d->label), "%s", b.data ? b.data : "");
	snprintf(d->target, sizeof(d->target), "%s", d->label);
	idle_buf_free(&b);
	if (!d->p->type->doctor) {
		on_check(d, IDLE_CHECK_INFO, "checks", NULL,
		         "this provider type has nothing to check before a run");
		return;
	}
	idle_arena_init(&a);
	idle_pcall_init(&c, &a, &idle_clock_system, d->p, IDLE_OP_COUNT, s);
	c.env = &env;
	d->p->type->doctor(d->p->self, &c, computer);
	idle_arena_free(&a);
}

/* The server a step names (With.ComputerName), or NULL. */
static const char *computer_of(const idle_plan_step *s)
{
	const idle_value *v = idle_map_get(&s->with, IDLE_LIT("ComputerName"));

	return v && v->kind == IDLE_STRING && !idle_val_blank(v) ? v->u.s : NULL;
}

/* With a plan: each distinct (session, server) the provider's applicable steps use. */
static void check_plan(doctor *d, idle_config *cfg, const idle_plan *plan)
{
	idle_buf seen = IDLE_BUF_INIT;
	int c, used = 0;
	size_t i;

	for (c = 0; c < 2; c++)
		for (i = 0; i < plan->nsteps[c]; i++) {
			const idle_plan_step *s = &plan->steps[c][i];
			const idle_auth_session *session = NULL;
			const char *name = s->session_name ? s->session_name : "";
			const char *computer = computer_of(s);
			idle_buf key = IDLE_BUF_INIT;
			idle_error err;
			int rc;

			if (s->status != IDLE_PLANNED || !s->provider ||
			    strcmp(s->provider, d->p->alias))
				continue;
			used = 1;
			idle_buf_printf(&key, "\n%s|%s|", name, computer ? computer : "");
			if (s->session_options)
				idle_val_text(&key, s->session_options);
			if (seen.data && key.data && strstr(seen.data, key.data)) {
				idle_buf_free(&key);
				continue;
			}
			idle_buf_add(&seen, key.data ? key.data : "", key.len);
			idle_buf_free(&key);
			if (d->p->type->flags & IDLE_PROVIDER_USES_SESSIONS) {
				rc = idle_session__from_host(cfg, name, s->session_options,
				                             &session, &err);
				if (rc == IDLE_ENOTFOUND)
					rc = idle_broker_acquire(
					    &cfg->broker, name, s->session_options, &session, &err);
				if (rc) {
					snprintf(d->target, sizeof(d->target), "step '%s'",
					         s->name);
					on_check(
					    d, IDLE_CHECK_FAIL, "auth session",
					    "add a SessionMap entry (or a DefaultAuthSession) to the "
					    "providers file's AuthSessions",
					    err.message);
					continue;
				}
			}
			check_one(d, session, name, computer);
		}
	idle_buf_free(&seen);
	if (!used) {
		d->target[0] = '\0';
		on_check(d, IDLE_CHECK_INFO, "steps", NULL,
		         "no applicable step of the workflow uses this provider: not checked");
	}
}

int idle_doctor(idle_config *cfg, const idle_plan *plan, idle_check_fn fn, void *ud,
                idle_diags *diags)
{
	doctor d;
	size_t i, k;

	(void)diags;
	if (!cfg || !fn)
		return IDLE_EARG;
	memset(&d, 0, sizeof(d));
	d.fn = fn;
	d.ud = ud;
	for (i = 0; i < cfg->nproviders; i++) {
		d.p = &cfg->providers[i];
		d.target[0] = d.label[0] = '\0';
		if (plan) {
			check_plan(&d, cfg, plan);
		} else if ((d.p->type->flags & IDLE_PROVIDER_USES_SESSIONS) &&
		           cfg->broker.configured) {
			for (k = 0; k < cfg->broker.n; k++)
				check_one(&d, &cfg->broker.entries[k], NULL, NULL);
			if (cfg->broker.fallback)
				check_one(&d, cfg->broker.fallback, NULL, NULL);
		} else {
			check_one(&d, NULL, NULL, NULL);
		}
	}
	return d.failed;
}
