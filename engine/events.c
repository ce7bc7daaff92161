/*
 * engine/events.c - events (IdLE's New-IdleEvent / Write-IdleEvent: stamped,
 * redacted, buffered and handed to the host as they happen), step results,
 * and the result and events as JSON.
 */
#include "engine/run.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <idle/json.h>

#include "engine/redact.h"
#include "core/grow.h"
#include "core/buf.h"
#include "parser/json.h"
#include "parser/json_write.h"

double idle_run__wall(const idle_runstate *rs)
{
	return rs->wall_base + (rs->clock.now(rs->clock.ud) - rs->mono_base);
}

void idle_run__str(idle_runstate *rs, idle_value *v, const char *s)
{
	if (!s) {
		idle_val_init(v, IDLE_NULL);
		return;
	}
	if (idle_val_string(&rs->res->arena, v, s, strlen(s)))
		rs->oom = 1;
}

const char *idle_run__keep(idle_runstate *rs, const char *s)
{
	char *k;

	if (!s)
		return NULL;
	k = idle_arena_strndup(&rs->res->arena, s, strlen(s));
	if (!k)
		rs->oom = 1;
	return k ? k : "";
}

int idle_run__map(idle_runstate *rs, idle_value *out, const char *const *keys,
                  const idle_value *vals, size_t n)
{
	idle_member m[24];
	size_t i;

	for (i = 0; i < n && i < 24; i++) {
		memset(&m[i], 0, sizeof(m[i]));
		m[i].key = keys[i];
		m[i].klen = (uint32_t)strlen(keys[i]);
		m[i].kstart = m[i].kend = IDLE_NOSPAN;
		m[i].val = vals[i];
	}
	if (idle_val_map(&rs->res->arena, out, m, i)) {
		rs->oom = 1;
		return -1;
	}
	return 0;
}

/* ---- the tables: statuses and event types ------------------------------------------------ */

static const char *const run_status_names[] = {
#define IDLE_X_(name, label) label,
    IDLE_RUN_STATUS_LIST(IDLE_X_)
#undef IDLE_X_
};
static const char *const step_status_names[] = {
#define IDLE_X_(name, label) label,
    IDLE_STEP_STATUS_LIST(IDLE_X_)
#undef IDLE_X_
};
static const char *const onfailure_status_names[] = {
#define IDLE_X_(name, label) label,
    IDLE_ONFAILURE_STATUS_LIST(IDLE_X_)
#undef IDLE_X_
};
static const struct {
	const char *name;
	int role;
} event_types[] = {
#define IDLE_X_(name, label, role) {label, IDLE_EVENT_ROLE_##role},
    IDLE_EVENT_LIST(IDLE_X_)
#undef IDLE_X_
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *idle_run_status_name(idle_run_status s)
{
	return (unsigned)s < COUNT(run_status_names) ? run_status_names[s] : "";
}

const char *idle_step_status_name(idle_step_status s)
{
	return (unsigned)s < COUNT(step_status_names) ? step_status_names[s] : "";
}

const char *idle_onfailure_status_name(idle_onfailure_status s)
{
	return (unsigned)s < COUNT(onfailure_status_names) ? onfailure_status_names[s] : "";
}

const char *idle_event_type_name(idle_event_type_id id)
{
	return (unsigned)id < COUNT(event_types) ? event_types[id].name : "";
}

int idle_event_type_role(idle_event_type_id id)
{
	return (unsigned)id < COUNT(event_types) ? event_types[id].role : IDLE_EVENT_ROLE_NONE;
}

idle_event_type_id idle_event_type_id_of(const idle_event *e)
{
	return e ? e->id : IDLE_EVENT_CUSTOM;
}

/* The table's entry for a type name (exact), or IDLE_EVENT_CUSTOM. */
static idle_event_type_id type_id(const char *type)
{
	size_t i;

	for (i = 0; i < COUNT(event_types); i++)
		if (type == event_types[i].name || !strcmp(type, event_types[i].name))
			return (idle_event_type_id)i;
	return IDLE_EVENT_CUSTOM;
}

/* ---- emitting events --------------------------------------------------------------------- */

static void vevent(idle_runstate *rs, idle_event_type_id id, const char *type, const char *step,
                   const idle_value *data, const char *fmt, va_list ap)
{
	idle_result *r = rs->res;
	idle_event *e;
	char msg[2048];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (IDLE_GROW(r->events, r->nevents + 1, r->capevents, 64)) {
		rs->oom = 1;
		return;
	}
	e = &r->events[r->nevents];
	memset(e, 0, sizeof(*e));
	e->id = id;
	e->type = type;
	e->message = idle_arena_strndup(&r->arena, msg, strlen(msg));
	e->step = step;
	e->time = idle_run__wall(rs);
	e->correlation_id = r->correlation_id;
	e->actor = r->actor;
	if (data && data->kind != IDLE_NULL) {
		idle_value *d = idle_arena_alloc(&r->arena, sizeof(*d));

		/* events never carry secrets: a redacted copy (sharing what is clean) */
		if (!d || idle_redact(&r->arena, data, d, NULL))
			rs->oom = 1;
		else
			e->data = d;
	}
	if (!e->type || !e->message) {
		rs->oom = 1;
		return;
	}
	r->nevents++;
	if (rs->opts && rs->opts->on_event)
		rs->opts->on_event(rs->opts->event_ud, e);
}

void idle_run__event(idle_runstate *rs, idle_event_type_id id, const char *step,
                     const idle_value *data, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vevent(rs, id, idle_event_type_name(id), step, data, fmt, ap);
	va_end(ap);
}

void idle_run__custom_event(idle_runstate *rs, const char *type, const char *step,
                            const idle_value *data, const char *fmt, ...)
{
	idle_event_type_id id = type_id(type);
	va_list ap;

	va_start(ap, fmt);
	/* a type of the table keeps the table's string; others are kept once per run */
	vevent(rs, id, id != IDLE_EVENT_CUSTOM ? idle_event_type_name(id) : idle_run__key(rs, type),
	       step, data, fmt, ap);
	va_end(ap);
}

void idle_run__add_result(idle_runstate *rs, int onfailure, const idle_step_rec *rec)
{
	idle_result *r = rs->res;
	int c = onfailure ? 1 : 0;

	if (IDLE_GROW(r->steps[c], r->nsteps[c] + 1, r->capsteps[c], 16)) {
		rs->oom = 1;
		return;
	}
	r->steps[c][r->nsteps[c]] = *rec;
	r->steps[c][r->nsteps[c]++].map = NULL;
}

/* A step result's map, in a: Name, Type, Status, [Changed], [Error], [Data], [extras], Attempts. */
static int step_map(idle_arena *a, const idle_step_rec *s, idle_value *out)
{
	idle_member m[24];
	idle_value v;
	size_t n = 0, i;

	idle_val_cstr(&v, s->name);
	idle_member_init(&m[n++], "Name", &v);
	idle_val_cstr(&v, s->type);
	idle_member_init(&m[n++], "Type", &v);
	idle_val_cstr(&v, idle_step_status_name(s->status));
	idle_member_init(&m[n++], "Status", &v);
	if (s->changed >= 0) {
		idle_val_bool(&v, s->changed);
		idle_member_init(&m[n++], "Changed", &v);
	}
	if (s->with_error) {
		idle_val_cstr(&v, s->error);
		idle_member_init(&m[n++], "Error", &v);
	}
	if (s->data)
		idle_member_init(&m[n++], "Data", s->data);
	for (i = 0; s->extra && i < s->extra->n && n < 23; i++)
		m[n++] = s->extra->u.members[i];
	idle_val_int(&v, s->attempts);
	idle_member_init(&m[n++], "Attempts", &v);
	return idle_val_map(a, out, m, n);
}

/* ---- reading results and events ------------------------------------------------- */

void idle_result_free(idle_result *result)
{
	if (!result)
		return;
	free(result->events);
	free(result->steps[0]);
	free(result->steps[1]);
	idle_arena_free(&result->arena);
	pthread_mutex_destroy(&result->lock);
	free(result);
}

int idle_result_recorded(const idle_result *result)
{
	return result && !result->unrecorded;
}

const char *idle_result_status(const idle_result *result)
{
	return result ? idle_run_status_name(result->status) : NULL;
}

idle_run_status idle_result_run_status(const idle_result *result)
{
	return result ? result->status : IDLE_RUN_FAILED;
}

const char *idle_result_onfailure_status(const idle_result *result)
{
	return result ? idle_onfailure_status_name(result->onfailure_status) : NULL;
}

size_t idle_result_step_count(const idle_result *result, int onfailure)
{
	return result ? result->nsteps[onfailure ? 1 : 0] : 0;
}

const idle_value *idle_result_step(const idle_result *result, int onfailure, size_t i)
{
	int c = onfailure ? 1 : 0;
	idle_result *r = (idle_result *)result; /* the map is built once, under the lock */
	idle_step_rec *s;

	if (!result || i >= result->nsteps[c])
		return NULL;
	s = &r->steps[c][i];
	pthread_mutex_lock(&r->lock);
	if (!s->map) {
		idle_value *v = idle_arena_alloc(&r->arena, sizeof(*v));

		if (v && step_map(&r->arena, s, v) == 0)
			s->map = v;
	}
	pthread_mutex_unlock(&r->lock);
	return s->map;
}

size_t idle_result_event_count(const idle_result *result)
{
	return result ? result->nevents : 0;
}

const idle_event *idle_result_event_at(const idle_result *result, size_t i)
{
	return result && i < result->nevents ? &result->events[i] : NULL;
}

const char *idle_event_type(const idle_event *event)
{
	return event ? event->type : NULL;
}

const char *idle_event_message(const idle_event *event)
{
	return event ? event->message : NULL;
}

const char *idle_event_step(const idle_event *event)
{
	return event ? event->step : NULL;
}

double idle_event_time(const idle_event *event)
{
	return event ? event->time : 0;
}

const idle_value *idle_event_data(const idle_event *event)
{
	return event ? event->data : NULL;
}

/* ---- JSON ------------------------------------------------------------------------- */

/* ISO 8601 UTC with milliseconds: 2026-01-01T00:00:00.000Z */
static void timestamp(double t, char *buf, size_t size)
{
	time_t s = (time_t)floor(t);
	int ms = (int)floor((t - (double)s) * 1000 + 0.5);
	struct tm tm;

	if (ms >= 1000) {
		s++;
		ms -= 1000;
	}
	gmtime_r(&s, &tm);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
	         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

/* The event as a map, in a scratch arena (ts must outlive it). */
static int event_value(idle_arena *a, const idle_event *e, char *ts, size_t tslen, idle_value *out)
{
	idle_member m[7];
	idle_value v;

	timestamp(e->time, ts, tslen);
	idle_val_cstr(&v, e->type);
	idle_member_init(&m[0], "Type", &v);
	idle_val_cstr(&v, ts);
	idle_member_init(&m[1], "TimestampUtc", &v);
	idle_val_cstr(&v, e->correlation_id);
	idle_member_init(&m[2], "CorrelationId", &v);
	idle_val_cstr(&v, e->actor);
	idle_member_init(&m[3], "Actor", &v);
	idle_val_cstr(&v, e->step);
	idle_member_init(&m[4], "StepName", &v);
	idle_val_cstr(&v, e->message);
	idle_member_init(&m[5], "Message", &v);
	if (e->data)
		v = *e->data;
	else
		idle_val_init(&v, IDLE_NULL);
	idle_member_init(&m[6], "Data", &v);
	return idle_val_map(a, out, m, 7);
}

int idle_event_to_json(const idle_event *event, char **out, size_t *len)
{
	idle_arena a;
	idle_value v;
	char ts[80];
	int rc;

	if (!event || !out)
		return IDLE_EARG;
	idle_arena_init(&a);
	rc = event_value(&a, event, ts, sizeof(ts), &v)
	         ? IDLE_ENOMEM
	         : idle_json_write(out, len, &v, IDLE_JSON_COMPACT, NULL, NULL);
	idle_arena_free(&a);
	return rc;
}

static void put_str(idle_jwriter *j, const char *key, const char *s)
{
	idle_value v;

	idle_val_cstr(&v, s);
	idle_jw_key(j, key, strlen(key));
	idle_jw_value(j, &v);
}

/* Steps one at a time, each as a map in the scratch arena a. */
static void put_steps(idle_jwriter *j, idle_arena *a, const idle_step_rec *steps, size_t n)
{
	idle_value v;
	size_t i;

	idle_jw_key(j, IDLE_LIT("Steps"));
	idle_jw_open(j, 0);
	for (i = 0; i < n && !j->oom && !j->io; i++) {
		if (step_map(a, &steps[i], &v)) {
			j->oom = 1;
			break;
		}
		idle_jw_value(j, &v);
		if (i % 256 == 255) {
			idle_arena_free(a);
			idle_arena_init(a);
		}
	}
	idle_jw_close(j);
}

int idle_result_write_json(const idle_result *r, unsigned flags, idle_write_fn write, void *ud)
{
	idle_jwriter j;
	idle_arena a;
	idle_value v;
	char ts[80];
	size_t i;
	int rc;

	if (!r || !write)
		return IDLE_EARG;
	idle_arena_init(&a);
	idle_jw_init(&j, flags, write, ud, NULL, NULL);
	idle_jw_open(&j, 1);
	put_str(&j, "Status", idle_run_status_name(r->status));
	put_str(&j, "CorrelationId", r->correlation_id);
	put_str(&j, "Actor", r->actor);
	put_steps(&j, &a, r->steps[0], r->nsteps[0]);
	idle_jw_key(&j, IDLE_LIT("OnFailure"));
	idle_jw_open(&j, 1);
	put_str(&j, "Status", idle_onfailure_status_name(r->onfailure_status));
	put_steps(&j, &a, r->steps[1], r->nsteps[1]);
	idle_jw_close(&j);
	/* events one at a time, each as a map in a scratch arena */
	idle_jw_key(&j, IDLE_LIT("Events"));
	idle_jw_open(&j, 0);
	for (i = 0; i < r->nevents && !j.oom && !j.io; i++) {
		if (event_value(&a, &r->events[i], ts, sizeof(ts), &v)) {
			j.oom = 1;
			break;
		}
		idle_jw_value(&j, &v);
		if (i % 256 == 255) {
			idle_arena_free(&a);
			idle_arena_init(&a);
		}
	}
	idle_jw_close(&j);
	idle_jw_key(&j, IDLE_LIT("Providers"));
	idle_jw_value(&j, &r->providers);
	idle_jw_close(&j);
	rc = idle_jw_finish(&j);
	idle_arena_free(&a);
	return rc;
}

int idle_result_to_json(const idle_result *r, unsigned flags, char **out, size_t *len)
{
	idle_buf b = IDLE_BUF_INIT;

	if (!r || !out)
		return IDLE_EARG;
	return idle_json_buf_take(&b, idle_result_write_json(r, flags, idle_json_buf_sink, &b), out,
	                          len);
}
