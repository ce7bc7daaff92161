/*
 * engine/export.c - the plan export (IdLE's Export-IdlePlan, schema 1.0,
 * shared/spec/idle-planning.md section 9), plus the "x-idle" object that
 * carries what `idle run --plan` needs and schema 1.0 cannot say
 * (docs/plan.md).
 */
#include "engine/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <idle/json.h>

#include "engine/redact.h"
#include "engine/request.h"
#include "core/buf.h"
#include "parser/json.h"
#include "parser/json_write.h"

#define TRUNCATE_LIMIT 65536

typedef struct builder {
	idle_plan *p; /* only its arena is written to */
	idle_arena *a;
	int oom;
	int idle_doc; /* not exactly IdLE's document: x-idle, and the bound provider */
} builder;

typedef struct obj {
	idle_member m[16];
	size_t n;
} obj;

static void put(obj *o, const char *key, const idle_value *v)
{
	idle_member *m = &o->m[o->n++];

	memset(m, 0, sizeof(*m));
	m->key = key;
	m->klen = (uint32_t)strlen(key);
	m->kstart = m->kend = IDLE_NOSPAN;
	m->val = *v;
}

static void put_str(obj *o, const char *key, const char *s)
{
	idle_value v;

	if (s)
		idle_val_string_ref(&v, s, strlen(s));
	else
		idle_val_init(&v, IDLE_NULL);
	put(o, key, &v);
}

static void put_null(obj *o, const char *key)
{
	idle_value v;

	idle_val_init(&v, IDLE_NULL);
	put(o, key, &v);
}

static void close_obj(builder *b, obj *o, idle_value *out)
{
	if (idle_val_map(b->a, out, o->m, o->n))
		b->oom = 1;
}

static void redacted(builder *b, const idle_value *in, idle_value *out)
{
	if (!in) {
		idle_val_init(out, IDLE_NULL);
		return;
	}
	if (idle_redact(b->a, in, out, NULL))
		b->oom = 1;
}

static void strings(builder *b, const char *const *items, size_t n, idle_value *out)
{
	idle_value *v = n ? idle_arena_alloc(b->a, n * sizeof(*v)) : NULL;
	size_t i;

	if (n && !v) {
		b->oom = 1;
		idle_val_init(out, IDLE_ARRAY);
		return;
	}
	for (i = 0; i < n; i++)
		idle_val_string_ref(&v[i], items[i], strlen(items[i]));
	if (idle_val_array(b->a, out, v, n))
		b->oom = 1;
}

/* A request field after redaction: itself, or "[TRUNCATED - N bytes]" when its compact JSON is large. */
static void limited(builder *b, const idle_value *in, idle_value *out)
{
	char *json = NULL, buf[64];
	size_t len = 0;

	redacted(b, in, out);
	if (out->kind == IDLE_NULL)
		return;
	if (idle_json_write(&json, &len, out, IDLE_JSON_COMPACT, NULL, NULL) == 0 &&
	    len > TRUNCATE_LIMIT) {
		snprintf(buf, sizeof(buf), "[TRUNCATED - %zu bytes]", len);
		if (idle_val_string(b->a, out, buf, strlen(buf)))
			b->oom = 1;
	}
	free(json);
}

static const idle_value *field(const idle_plan *p, const char *key)
{
	return idle_map_get(&p->request, key, strlen(key));
}

static void request_block(builder *b, idle_value *out)
{
	idle_plan *p = b->p;
	obj req = {.n = 0}, input = {.n = 0};
	idle_value v;

	put_str(&req, "type", p->req->lifecycle_event->u.s);
	put_str(&req, "correlationId", p->req->correlation_id);
	put_str(&req, "actor", p->req->actor);
	limited(b, field(p, "IdentityKeys"), &v);
	put(&input, "identityKeys", &v);
	limited(b, field(p, "Intent"), &v);
	put(&input, "intent", &v);
	limited(b, field(p, "Context"), &v);
	put(&input, "context", &v);
	close_obj(b, &input, &v);
	put(&req, "input", &v);
	close_obj(b, &req, out);
}

static void warning(builder *b, const idle_plan_warning *w, int with_step, idle_value *out)
{
	obj o = {.n = 0};
	idle_value v;

	put_str(&o, "code", w->code);
	put_str(&o, "type", "Warning");
	if (with_step)
		put_str(&o, "step", w->step);
	put_str(&o, "source", w->source);
	strings(b, w->paths, w->npaths, &v);
	put(&o, "paths", &v);
	put_str(&o, "message", w->message);
	close_obj(b, &o, out);
}

/* Warnings first..first+n of the plan (indexes, not a pointer: the list may be empty and NULL). */
static void warnings(builder *b, size_t first, size_t n, int with_step, idle_value *out)
{
	idle_value *items = n ? idle_arena_alloc(b->a, n * sizeof(*items)) : NULL;
	size_t i;

	if (n && !items)
		b->oom = 1;
	for (i = 0; items && i < n; i++)
		warning(b, &b->p->warnings[first + i], with_step, &items[i]);
	if (idle_val_array(b->a, out, items, items ? n : 0))
		b->oom = 1;
}

static void export_step(builder *b, const idle_plan_step *s, size_t pos, idle_value *out)
{
	obj o = {.n = 0}, cond = {.n = 0};
	char id[32];
	idle_value v;

	snprintf(id, sizeof(id), "step-%02zu", pos);
	v.kind = IDLE_NULL;
	if (idle_val_string(b->a, &v, id, strlen(id)))
		b->oom = 1;
	put(&o, "id", &v);
	put_str(&o, "name", *s->name ? s->name : NULL);
	put_str(&o, "stepType", *s->type ? s->type : NULL);
	/* the alias the step is bound to (IdLE exports null: it decides at run time) */
	put_str(&o, "provider", b->idle_doc ? s->provider : NULL);
	/* IdLE looks for Type/Expression inside the DSL, which never has them */
	put_str(&cond, "type", s->condition ? NULL : "always");
	put_null(&cond, "expression");
	close_obj(b, &cond, &v);
	put(&o, "condition", &v);
	redacted(b, &s->with, &v);
	put(&o, "inputs", &v);
	put_null(&o, "expectedState");
	warnings(b, s->warn_first, s->nwarn, 0, &v);
	put(&o, "warnings", &v);
	close_obj(b, &o, out);
}

/* ---- x-idle ------------------------------------------------------------------------------ */

/* The step's binding: provider alias and type, auth session name and options. */
static void binding(builder *b, const idle_plan_step *s, idle_value *out)
{
	obj o = {.n = 0};
	idle_value v;

	put_str(&o, "provider", s->provider);
	put_str(&o, "providerType", s->provider_type);
	put_str(&o, "authSessionName", s->session_name);
	redacted(b, s->session_options, &v);
	put(&o, "authSessionOptions", &v);
	close_obj(b, &o, out);
}

/* What `idle run --plan` needs beyond schema 1.0 for one step. */
static void x_step(builder *b, const idle_plan_step *s, int full, idle_value *out)
{
	obj o = {.n = 0};
	idle_value v;

	if (full) {
		put_str(&o, "name", s->name);
		put_str(&o, "stepType", s->type);
	}
	put_str(&o, "id", s->id);
	put_str(&o, "status", s->status == IDLE_PLANNED ? "Planned" : "NotApplicable");
	put_str(&o, "description", s->description);
	redacted(b, s->condition, &v);
	put(&o, "condition", &v);
	if (full) {
		redacted(b, &s->with, &v);
		put(&o, "inputs", &v);
	}
	redacted(b, s->precondition, &v);
	put(&o, "precondition", &v);
	put_str(&o, "onPreconditionFalse", s->on_precondition_false);
	redacted(b, s->precondition_event, &v);
	put(&o, "preconditionEvent", &v);
	put_str(&o, "retryProfile", s->retry_profile);
	strings(b, s->caps, s->ncaps, &v);
	put(&o, "requiresCapabilities", &v);
	binding(b, s, &v);
	put(&o, "binding", &v);
	if (full) {
		warnings(b, s->warn_first, s->nwarn, 0, &v);
		put(&o, "warnings", &v);
	}
	close_obj(b, &o, out);
}

/* x-idle's request: the whole request as planned (redacted, never truncated). */
static void x_request(builder *b, idle_value *out)
{
	idle_plan *p = b->p;
	obj req = {.n = 0};
	idle_value v;

	put_str(&req, "lifecycleEvent", p->req->lifecycle_event->u.s);
	put_str(&req, "correlationId", p->req->correlation_id);
	put_str(&req, "actor", p->req->actor);
	redacted(b, field(p, "IdentityKeys"), &v);
	put(&req, "identityKeys", &v);
	redacted(b, field(p, "Intent"), &v);
	put(&req, "intent", &v);
	redacted(b, field(p, "Context"), &v);
	put(&req, "context", &v);
	close_obj(b, &req, out);
}

/* ---- the document -------------------------------------------------------------------------- */

/* What the writer writes next: one piece of the document, built in the builder's scratch arena. */
typedef enum piece { P_STEP, P_WARNING, P_X_STEP, P_X_ONFAILURE } piece;

/* Writes key: [ ... ] one element at a time, each built in b's arena and then dropped. */
static void stream_list(builder *b, idle_jwriter *j, const char *key, piece what, size_t n)
{
	idle_value v;
	size_t i;

	idle_jw_key(j, key, strlen(key));
	idle_jw_open(j, 0);
	for (i = 0; i < n && !b->oom && !j->oom && !j->io; i++) {
		if (what == P_STEP)
			export_step(b, &b->p->steps[0][i], i + 1, &v);
		else if (what == P_WARNING)
			warning(b, &b->p->warnings[i], 1, &v);
		else
			x_step(b, &b->p->steps[what == P_X_ONFAILURE][i], what == P_X_ONFAILURE,
			       &v);
		if (!b->oom)
			idle_jw_value(j, &v);
		if (i % 256 == 255) {
			idle_arena_free(b->a);
			idle_arena_init(b->a);
		}
	}
	idle_jw_close(j);
}

static void write_key(idle_jwriter *j, const char *key, const idle_value *v)
{
	idle_jw_key(j, key, strlen(key));
	idle_jw_value(j, v);
}

static void write_str(idle_jwriter *j, const char *key, const char *s)
{
	idle_value v;

	idle_val_cstr(&v, s);
	write_key(j, key, &v);
}

int idle_plan_write_export(const idle_plan *plan, unsigned flags, idle_write_fn write, void *ud)
{
	idle_arena a;
	builder b;
	idle_jwriter j;
	obj eng = {.n = 0}, meta = {.n = 0}, wf = {.n = 0};
	idle_value v;
	int rc;

	if (!plan || !write)
		return IDLE_EARG;
	idle_arena_init(&a);
	memset(&b, 0, sizeof(b));
	b.p = (idle_plan *)plan;
	b.a = &a;
	b.idle_doc = !(flags & IDLE_EXPORT_X_IDLE_NEVER);
	idle_jw_init(&j, 0, write, ud, NULL, NULL);
	idle_jw_open(&j, 1);
	write_str(&j, "schemaVersion", "1.0");
	put_str(&eng, "name", "IdLE");
	close_obj(&b, &eng, &v);
	write_key(&j, "engine", &v);
	request_block(&b, &v);
	write_key(&j, "request", &v);
	idle_jw_key(&j, IDLE_LIT("plan"));
	idle_jw_open(&j, 1);
	write_str(&j, "id", plan->req->correlation_id);
	write_str(&j, "mode", NULL);
	stream_list(&b, &j, "steps", P_STEP, plan->nsteps[0]);
	stream_list(&b, &j, "warnings", P_WARNING, plan->nwarnings);
	idle_jw_close(&j);
	put_str(&meta, "generatedBy", "Export-IdlePlanObject");
	put_null(&meta, "environment");
	idle_val_init(&v, IDLE_ARRAY);
	put(&meta, "labels", &v);
	close_obj(&b, &meta, &v);
	write_key(&j, "metadata", &v);
	/* every plan idle exports says all it holds: run --plan refuses plans without x-idle */
	if (!(flags & IDLE_EXPORT_X_IDLE_NEVER)) {
		idle_jw_key(&j, IDLE_LIT("x-idle"));
		idle_jw_open(&j, 1);
		idle_val_int(&v, 1);
		write_key(&j, "version", &v);
		put_str(&wf, "name", plan->workflow_name);
		put_str(&wf, "lifecycleEvent", plan->lifecycle_event);
		close_obj(&b, &wf, &v);
		write_key(&j, "workflow", &v);
		x_request(&b, &v);
		write_key(&j, "request", &v);
		stream_list(&b, &j, "steps", P_X_STEP, plan->nsteps[0]);
		stream_list(&b, &j, "onFailureSteps", P_X_ONFAILURE, plan->nsteps[1]);
		idle_jw_close(&j);
	}
	idle_jw_close(&j);
	rc = idle_jw_finish(&j);
	idle_arena_free(&a);
	return b.oom && !rc ? IDLE_ENOMEM : rc;
}

int idle_plan_export(const idle_plan *plan, unsigned flags, char **out, size_t *len)
{
	idle_buf buf = IDLE_BUF_INIT;

	if (!plan || !out)
		return IDLE_EARG;
	return idle_json_buf_take(
	    &buf, idle_plan_write_export(plan, flags, idle_json_buf_sink, &buf), out, len);
}

char *idle_plan_step_with_json(const idle_plan_step *step)
{
	idle_arena a;
	idle_value v;
	char *json = NULL;

	if (!step)
		return NULL;
	idle_arena_init(&a);
	if (idle_redact(&a, &step->with, &v, NULL) == 0)
		idle_json_write(&json, NULL, &v, IDLE_JSON_COMPACT, NULL, NULL);
	idle_arena_free(&a);
	return json;
}

int idle_plan_whatif_json(const idle_plan *plan, char **out, size_t *len)
{
	idle_arena a;
	idle_value steps, red, empty, v;
	obj root = {.n = 0}, of = {.n = 0};
	builder b;
	int rc;

	if (!plan || !out)
		return IDLE_EARG;
	idle_arena_init(&a);
	memset(&b, 0, sizeof(b));
	b.p = (idle_plan *)plan;
	b.a = &a;
	if (idle_plan__steps_value(plan, &a, 0, &steps) || idle_redact(&a, &steps, &red, NULL))
		b.oom = 1;
	idle_val_init(&empty, IDLE_ARRAY);
	put_str(&root, "Status", "WhatIf");
	put_str(&root, "CorrelationId", plan->req->correlation_id);
	put_str(&root, "Actor", plan->req->actor);
	put(&root, "Steps", &red);
	put_str(&of, "Status", "NotRun");
	put(&of, "Steps", &empty);
	close_obj(&b, &of, &v);
	put(&root, "OnFailure", &v);
	put(&root, "Events", &empty);
	close_obj(&b, &root, &v);
	rc = b.oom ? IDLE_ENOMEM : idle_json_write(out, len, &v, 0, NULL, NULL);
	idle_arena_free(&a);
	return rc;
}
