/*
 * engine/request.c - request files (New-IdleRequest's rules, as data).
 */
#include "engine/request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "core/suggest.h"
#include "core/utf8.h"
#include "engine/vctx.h"
#include "parser/document.h"

static const char *const request_keys[] = {
    "LifecycleEvent", "IdentityKeys",  "Intent", "DesiredState",
    "Context",        "CorrelationId", "Actor",  NULL};

void idle_request__uuid4(char buf[37])
{
	unsigned char r[16];
	size_t got = 0;
	int i;

	while (got < sizeof(r)) {
		ssize_t n = getrandom(r + got, sizeof(r) - got, 0);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got < sizeof(r)) { /* no entropy source: still unique enough per process */
		struct timespec ts;
		unsigned long long x;

		clock_gettime(CLOCK_REALTIME, &ts);
		x = (unsigned long long)ts.tv_nsec ^ ((unsigned long long)ts.tv_sec << 20) ^
		    ((unsigned long long)getpid() << 40);
		for (i = 0; i < 16; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			r[i] = (unsigned char)(x >> 56);
		}
	}
	r[6] = (unsigned char)((r[6] & 0x0F) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3F) | 0x80);
	snprintf(buf, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	         r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12],
	         r[13], r[14], r[15]);
}

/* IdentityKeys, Intent, Context: a hashtable, or null for an empty one. */
static void want_map(idle_vctx *v, const idle_member *m, idle_value *out)
{
	if (m->val.kind == IDLE_MAP) {
		*out = m->val;
		return;
	}
	if (m->val.kind != IDLE_NULL) {
		idle_vctx_push_key(v, m->key, m->klen);
		idle_vctx_error(v, IDLE_CODE_REQUEST, &m->val, "'%s' must be a hashtable, not %s",
		                m->key, idle_val_describe(&m->val));
		idle_vctx_pop(v);
	}
}

/* CorrelationId, Actor: a string, or null / blank for none. */
static const idle_value *want_text(idle_vctx *v, const idle_member *m)
{
	if (idle_val_blank(&m->val))
		return NULL;
	if (m->val.kind != IDLE_STRING) {
		idle_vctx_push_key(v, m->key, m->klen);
		idle_vctx_error(v, IDLE_CODE_REQUEST, &m->val, "'%s' must be a string, not %s",
		                m->key, idle_val_describe(&m->val));
		idle_vctx_pop(v);
		return NULL;
	}
	return &m->val;
}

static void check(idle_vctx *v, const idle_value *root, idle_request *r, idle_value maps[3],
                  const idle_value **cid, const idle_value **actor)
{
	const idle_member *intent = NULL;
	uint32_t i;

	for (i = 0; i < root->n; i++) {
		const idle_member *m = &root->u.members[i];
		idle_diag *d;

		if (idle_member_is(m, "LifecycleEvent")) {
			idle_vctx_push_key(v, m->key, m->klen);
			if (m->val.kind != IDLE_STRING && m->val.kind != IDLE_NULL)
				idle_vctx_error(v, IDLE_CODE_REQUEST, &m->val,
				                "'LifecycleEvent' must be a string, not %s",
				                idle_val_describe(&m->val));
			else if (idle_val_blank(&m->val))
				idle_vctx_error(v, IDLE_CODE_REQUEST, &m->val,
				                "LifecycleEvent must not be empty");
			else
				r->lifecycle_event = &m->val;
			idle_vctx_pop(v);
		} else if (idle_member_is(m, "IdentityKeys")) {
			want_map(v, m, &maps[0]);
		} else if (idle_member_is(m, "Intent") || idle_member_is(m, "DesiredState")) {
			if (intent) {
				d = idle_vctx_error_key(v, IDLE_CODE_REQUEST, m,
				                        "a request has either Intent or its alias "
				                        "DesiredState, not both");
				idle_diag_set_note(d, intent->kstart, "'%s' is given here",
				                   intent->key);
				continue;
			}
			intent = m;
			want_map(v, m, &maps[1]);
		} else if (idle_member_is(m, "Context")) {
			want_map(v, m, &maps[2]);
		} else if (idle_member_is(m, "CorrelationId")) {
			*cid = want_text(v, m);
		} else if (idle_member_is(m, "Actor")) {
			*actor = want_text(v, m);
		} else if (idle_member_is(m, "Identity")) {
			d = idle_vctx_error_key(v, IDLE_CODE_REQUEST, m,
			                        "a request must not contain 'Identity': identity "
			                        "data belongs under 'Context.Identity' (or "
			                        "IdentityKeys)");
		} else {
			idle_vctx_unknown_key(v, IDLE_CODE_REQUEST, m, request_keys, "the request");
		}
	}
	if (!r->lifecycle_event && !idle_map_get(root, IDLE_LIT("LifecycleEvent"))) {
		idle_diag *d = idle_vctx_error(v, IDLE_CODE_REQUEST, root,
		                               "missing required key 'LifecycleEvent'");

		idle_diag_set_hint(d, "name the lifecycle event of the workflow to run, e.g. "
		                      "LifecycleEvent = 'Joiner'");
	}
}

int idle_request_load(idle_request **out, const idle_doc *doc, idle_diags *diags)
{
	static const char *const names[] = {"LifecycleEvent", "IdentityKeys",  "Intent",
	                                    "Context",        "CorrelationId", "Actor"};
	idle_member m[6];
	idle_value maps[3];
	const idle_value *cid = NULL, *actor = NULL;
	idle_request *r;
	idle_vctx v;
	int rc, i;

	if (!out || !doc)
		return IDLE_EARG;
	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return IDLE_ENOMEM;
	idle_arena_init(&r->arena);
	r->src = idle_source_ref(doc->src);
	idle_vctx_init(&v, doc->src, diags);
	for (i = 0; i < 3; i++)
		idle_val_map(&r->arena, &maps[i], NULL, 0);
	if (doc->root.kind != IDLE_MAP) {
		idle_vctx_error(&v, IDLE_CODE_REQUEST, &doc->root,
		                "a request must be a hashtable at the root, not %s",
		                idle_val_describe(&doc->root));
	} else {
		idle_vctx_data_only(&v, &doc->root, "request data (a request is data only)", NULL);
		check(&v, &doc->root, r, maps, &cid, &actor);
	}
	rc = v.oom ? IDLE_ENOMEM : v.errors ? IDLE_EINVALID : 0;
	idle_vctx_free(&v);
	if (rc) {
		idle_request_free(r);
		return rc;
	}
	if (cid) {
		r->correlation_id = cid->u.s;
	} else {
		char *id = idle_arena_alloc_bytes(&r->arena, 37);

		if (!id) {
			idle_request_free(r);
			return IDLE_ENOMEM;
		}
		idle_request__uuid4(id);
		r->correlation_id = id;
		r->generated_id = 1;
	}
	r->actor = actor ? actor->u.s : NULL;
	memset(m, 0, sizeof(m));
	for (i = 0; i < 6; i++) {
		m[i].key = names[i];
		m[i].klen = (uint32_t)strlen(names[i]);
		m[i].kstart = m[i].kend = IDLE_NOSPAN;
	}
	m[0].val = *r->lifecycle_event;
	m[1].val = maps[0];
	m[2].val = maps[1];
	m[3].val = maps[2];
	if (cid)
		m[4].val = *cid;
	else
		idle_val_string_ref(&m[4].val, r->correlation_id, 36);
	if (actor)
		m[5].val = *actor;
	else
		idle_val_init(&m[5].val, IDLE_NULL);
	if (idle_val_map(&r->arena, &r->value, m, 6) < 0) {
		idle_request_free(r);
		return IDLE_ENOMEM;
	}
	*out = r;
	return 0;
}

int idle_request_set_correlation_id(idle_request *req, const char *id)
{
	idle_value v, next;
	char *copy;

	if (!req || !id || !*id || strspn(id, " \t\r\n") == strlen(id))
		return IDLE_EARG;
	if (!req->generated_id)
		return strcmp(req->correlation_id, id) ? IDLE_EINVALID : 0;
	copy = idle_arena_strndup(&req->arena, id, strlen(id));
	if (!copy)
		return IDLE_ENOMEM;
	idle_val_string_ref(&v, copy, strlen(copy));
	if (idle_val_map_set(&req->arena, &next, &req->value, "CorrelationId", 13, &v))
		return IDLE_ENOMEM;
	req->value = next;
	req->correlation_id = copy;
	req->generated_id = 0;
	return 0;
}

void idle_request_free(idle_request *req)
{
	if (!req)
		return;
	idle_arena_free(&req->arena);
	idle_source_unref(req->src);
	free(req);
}

const char *idle_request_lifecycle_event(const idle_request *req)
{
	return req ? req->lifecycle_event->u.s : NULL;
}

const char *idle_request_correlation_id(const idle_request *req)
{
	return req ? req->correlation_id : NULL;
}

const char *idle_request_actor(const idle_request *req)
{
	return req ? req->actor : NULL;
}

const idle_value *idle_request_value(const idle_request *req)
{
	return req ? &req->value : NULL;
}
