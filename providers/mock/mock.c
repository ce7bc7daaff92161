/*
 * providers/mock/mock.c - the `Mock` identity and entitlement store.
 */
#include "providers/mock/mock.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <idle/diag.h>
#include <idle/document.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "core/value.h"
#include "core/secret.h"
#include "parser/document.h"
#include "parser/json.h"
#include "providers/mock/statefile.h"

typedef struct ident {
	char *key;
	int enabled;
	idle_value attrs; /* a map */
	idle_entitlement *ents;
	size_t nents, capents;
	char *container; /* NULL until set */
} ident;

typedef struct mock {
	idle_arena arena; /* keys, attribute values, entitlement strings */
	ident *ids;
	size_t n, cap;
	char *state_path;                /* absolute, malloc'ed; NULL without StatePath */
	const idle_value *protected_ids; /* an array of strings, or NULL */
	double lock_timeout;             /* LockTimeoutSeconds: waiting for another run */
	int lock_fd;                     /* held from open to close; -1 when not */
} mock;

static int eq(const char *a, const char *b)
{
	return idle_utf8_caseeqz(a, strlen(a), b);
}

static int same_entitlement(const idle_entitlement *a, const idle_entitlement *b)
{
	return eq(a->kind, b->kind) && eq(a->id, b->id);
}

static ident *find(mock *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (eq(m->ids[i].key, key))
			return &m->ids[i];
	return NULL;
}

static ident *add(mock *m, const char *key)
{
	ident *id;

	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 8;
		ident *p = realloc(m->ids, cap * sizeof(*p));

		if (!p)
			return NULL;
		m->ids = p;
		m->cap = cap;
	}
	id = &m->ids[m->n];
	memset(id, 0, sizeof(*id));
	id->key = idle_arena_strndup(&m->arena, key, strlen(key));
	if (!id->key || idle_val_map(&m->arena, &id->attrs, NULL, 0))
		return NULL;
	id->enabled = 1;
	m->n++;
	return id;
}

/* IdLE's mock creates identities on first use. */
static ident *get_or_add(mock *m, idle_pcall *c, const char *key)
{
	ident *id = find(m, key);

	if (!id && !(id = add(m, key)))
		idle_pcall_fail(c, 0, "out of memory");
	return id;
}

static int push_entitlement(mock *m, ident *id, const char *kind, const char *eid,
                            const char *display)
{
	idle_entitlement *e;

	if (id->nents == id->capents) {
		size_t cap = id->capents ? id->capents * 2 : 4;
		idle_entitlement *p = realloc(id->ents, cap * sizeof(*p));

		if (!p)
			return -1;
		id->ents = p;
		id->capents = cap;
	}
	e = &id->ents[id->nents];
	e->kind = idle_arena_strndup(&m->arena, kind, strlen(kind));
	e->id = idle_arena_strndup(&m->arena, eid, strlen(eid));
	e->display_name = display ? idle_arena_strndup(&m->arena, display, strlen(display)) : NULL;
	if (!e->kind || !e->id || (display && !e->display_name))
		return -1;
	id->nents++;
	return 0;
}

/* ---- reading Identities (options and state file) ----------------------------------- */

typedef struct reader {
	idle_pinit *ctx;            /* while the providers file is read; else: */
	idle_pcall *call;           /* while a run opens (the first problem fails it) */
	const idle_value *state_at; /* reading the state file: report at StatePath */
	const char *state_file;
	int errors;
} reader;

static void report(reader *r, const idle_value *at, const char *rel, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report(reader *r, const idle_value *at, const char *rel, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!r->ctx) {
		if (!r->errors++)
			idle_pcall_fail(r->call, 0, "state file '%s': %s: %s", r->state_file, rel,
			                msg);
		return;
	}
	r->errors++;
	if (r->state_at)
		idle_pinit_error(r->ctx, r->state_at, "StatePath", "state file '%s': %s: %s",
		                 r->state_file, rel, msg);
	else
		idle_pinit_error(r->ctx, at, rel, "%s", msg);
}

/* A missing or non-string value, or a string of white space. */
static int blank(const idle_value *v)
{
	return !v || v->kind != IDLE_STRING || idle_val_blank(v);
}

static void read_entitlements(mock *m, reader *r, ident *id, const idle_value *list,
                              const char *rel)
{
	char p[480];
	uint32_t i;

	if (list->kind != IDLE_ARRAY) {
		report(r, list, rel,
		       "Entitlements must be a list of @{ Kind = ...; Id = ... }, not %s",
		       idle_val_describe(list));
		return;
	}
	for (i = 0; i < list->n; i++) {
		const idle_value *e = &list->u.items[i], *kind, *eid, *dn;

		snprintf(p, sizeof(p), "%s[%u]", rel, i);
		if (e->kind != IDLE_MAP) {
			report(r, e, p,
			       "an entitlement must be a hashtable with Kind and Id, not %s",
			       idle_val_describe(e));
			continue;
		}
		kind = idle_map_get(e, IDLE_LIT("Kind"));
		eid = idle_map_get(e, IDLE_LIT("Id"));
		dn = idle_map_get(e, IDLE_LIT("DisplayName"));
		if (blank(kind) || blank(eid)) {
			report(r, e, p, "an entitlement needs a non-empty Kind and Id");
			continue;
		}
		if (push_entitlement(m, id, kind->u.s, eid->u.s,
		                     dn && dn->kind == IDLE_STRING ? dn->u.s : NULL))
			r->errors++;
	}
}

static void read_identities(mock *m, reader *r, const idle_value *map)
{
	char rel[300];
	uint32_t i, k;

	if (map->kind != IDLE_MAP) {
		report(r, map, "Identities",
		       "Identities must be a hashtable of identity key = @{ ... }, not %s",
		       idle_val_describe(map));
		return;
	}
	for (i = 0; i < map->n; i++) {
		const idle_member *e = &map->u.members[i];
		ident *id;

		snprintf(rel, sizeof(rel), "Identities.%s", e->key);
		if (e->val.kind != IDLE_MAP) {
			report(r, &e->val, rel,
			       "an identity must be a hashtable (Enabled, Attributes, "
			       "Entitlements, Container), not %s",
			       idle_val_describe(&e->val));
			continue;
		}
		id = find(m, e->key);
		if (!id && !(id = add(m, e->key))) {
			r->errors++;
			return;
		}
		for (k = 0; k < e->val.n; k++) {
			const idle_member *f = &e->val.u.members[k];
			char frel[400];

			snprintf(frel, sizeof(frel), "%s.%s", rel, f->key);
			if (eq(f->key, "Enabled")) {
				if (f->val.kind != IDLE_BOOL)
					report(r, &f->val, frel,
					       "Enabled must be $true or $false, not %s",
					       idle_val_describe(&f->val));
				else
					id->enabled = f->val.u.i != 0;
			} else if (eq(f->key, "Attributes")) {
				if (f->val.kind != IDLE_MAP)
					report(r, &f->val, frel,
					       "Attributes must be a hashtable, not %s",
					       idle_val_describe(&f->val));
				else if (idle_val_copy(&m->arena, &id->attrs, &f->val))
					r->errors++;
			} else if (eq(f->key, "Entitlements")) {
				read_entitlements(m, r, id, &f->val, frel);
			} else if (eq(f->key, "Container")) {
				if (f->val.kind == IDLE_NULL)
					continue;
				if (f->val.kind != IDLE_STRING)
					report(r, &f->val, frel,
					       "Container must be a string, not %s",
					       idle_val_describe(&f->val));
				else
					id->container =
					    idle_arena_strndup(&m->arena, f->val.u.s, f->val.n);
			} else {
				report(r, &f->val, frel,
				       "unknown key '%s' in an identity; allowed keys: Enabled, "
				       "Attributes, Entitlements, Container",
				       f->key);
			}
		}
	}
}

/* Loads the state file if it exists (it replaces Identities). */
static void load_state(mock *m, reader *r, const idle_value *at)
{
	idle_diags *d;
	idle_doc *doc = NULL;
	struct stat st;
	int rc;

	if (stat(m->state_path, &st) != 0)
		return; /* no state yet: Identities apply */
	d = idle_diags_new();
	if (!d) {
		r->errors++;
		return;
	}
	r->state_at = at;
	r->state_file = m->state_path;
	rc = idle_doc_load(&doc, m->state_path, IDLE_FORMAT_JSON, NULL, d);
	if (rc && !r->ctx) {
		const idle_diag *first = idle_diags_at(d, 0);

		if (!r->errors++)
			idle_pcall_fail(r->call, 0, "state file '%s': %s", m->state_path,
			                first ? idle_diag_message(first) : idle_strerror(rc));
	} else if (rc) {
		const idle_diag *first = idle_diags_at(d, 0);

		r->errors++;
		if (first && idle_diag_line(first))
			idle_pinit_error(r->ctx, at, "StatePath",
			                 "state file '%s' (line %u, column %u): %s", m->state_path,
			                 idle_diag_line(first), idle_diag_column(first),
			                 idle_diag_message(first));
		else
			idle_pinit_error(r->ctx, at, "StatePath", "state file '%s': %s",
			                 m->state_path,
			                 first ? idle_diag_message(first) : idle_strerror(rc));
	} else {
		const idle_value *ids = idle_value_get(idle_doc_root(doc), "Identities");
		size_t i;

		for (i = 0; i < m->n; i++) /* the file wins over Identities */
			free(m->ids[i].ents);
		m->n = 0;
		if (idle_doc_root(doc)->kind != IDLE_MAP || !ids)
			report(r, at, "Identities", "expected {\"Identities\": {...}}");
		else
			read_identities(m, r, ids);
	}
	idle_doc_free(doc);
	idle_diags_free(d);
}

static int mock_init(void *self, idle_pinit *ctx, const idle_value *options)
{
	mock *m = self;
	reader r = {ctx, NULL, NULL, NULL, 0};
	const idle_value *v;

	idle_arena_init(&m->arena);
	m->lock_fd = -1;
	m->lock_timeout = 10;
	v = idle_map_get(options, IDLE_LIT("LockTimeoutSeconds"));
	if (v && v->kind != IDLE_NULL) {
		if ((v->kind != IDLE_INT && v->kind != IDLE_NUMBER) || idle_value_number(v) < 0)
			report(&r, v, "LockTimeoutSeconds",
			       "LockTimeoutSeconds must be a number of seconds (0 or more), not %s",
			       idle_val_describe(v));
		else
			m->lock_timeout = idle_value_number(v);
	}
	v = idle_map_get(options, IDLE_LIT("Identities"));
	if (v && v->kind != IDLE_NULL)
		read_identities(m, &r, v);
	v = idle_map_get(options, IDLE_LIT("ProtectedEntitlementIds"));
	if (v && v->kind != IDLE_NULL) {
		uint32_t i;

		if (v->kind != IDLE_ARRAY)
			report(&r, v, "ProtectedEntitlementIds",
			       "must be a list of strings, not %s", idle_val_describe(v));
		for (i = 0; v->kind == IDLE_ARRAY && i < v->n; i++)
			if (v->u.items[i].kind != IDLE_STRING)
				report(&r, &v->u.items[i], "ProtectedEntitlementIds",
				       "must be a list of strings");
		m->protected_ids = v;
	}
	v = idle_map_get(options, IDLE_LIT("StatePath"));
	if (v && v->kind != IDLE_NULL) {
		if (blank(v)) {
			report(&r, v, "StatePath", "StatePath must be a non-empty string");
		} else {
			m->state_path = idle_pinit_path(ctx, v->u.s);
			if (!m->state_path)
				r.errors++;
			else
				load_state(m, &r, v);
		}
	}
	return r.errors ? IDLE_EINVALID : 0;
}

static void mock_free(void *self)
{
	mock *m = self;
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->ids[i].ents);
	free(m->ids);
	free(m->state_path);
	idle_statefile_unlock(m->lock_fd);
	idle_arena_free(&m->arena);
}

/* ---- a run: the state file is locked from open to close ---------------------------- */

/*
 * Locks the state file for the run (another run on it waits, up to
 * LockTimeoutSeconds, or fails), removes what a killed run left, and reads the
 * state again: a run that ended since the providers file was loaded may have
 * changed it.
 */
static int mock_open(void *self, idle_pcall *c)
{
	mock *m = self;
	reader r = {NULL, c, NULL, NULL, 0};
	char err[1024];

	if (!m->state_path)
		return 0;
	m->lock_fd = idle_statefile_lock(m->state_path, m->lock_timeout, err, sizeof(err));
	if (m->lock_fd < 0)
		return idle_pcall_fail(c, 0, "%s", err);
	idle_statefile_remove_stale(m->state_path);
	r.state_file = m->state_path;
	load_state(m, &r, NULL);
	if (r.errors) {
		idle_statefile_unlock(m->lock_fd);
		m->lock_fd = -1;
		return IDLE_EPROVIDER;
	}
	return 0;
}

/* ---- saving the state ----------------------------------------------------------------- */

static int member(idle_member *mb, const char *key, const idle_value *v)
{
	memset(mb, 0, sizeof(*mb));
	mb->key = key;
	mb->klen = (uint32_t)strlen(key);
	mb->kstart = mb->kend = IDLE_NOSPAN;
	mb->val = *v;
	return 0;
}

/* A copy of attrs whose secret-named values (Password ...) are "[REDACTED]", at any depth. */
static int redact_attrs(idle_arena *a, const idle_value *in, idle_value *out)
{
	idle_value *items;
	idle_member *mems;
	uint32_t i;

	*out = *in;
	if (in->kind == IDLE_ARRAY && in->n) {
		if (!(items = idle_arena_alloc(a, in->n * sizeof(*items))))
			return -1;
		for (i = 0; i < in->n; i++)
			if (redact_attrs(a, &in->u.items[i], &items[i]))
				return -1;
		return idle_val_array(a, out, items, in->n);
	}
	if (in->kind != IDLE_MAP || !in->n)
		return 0;
	if (!(mems = idle_arena_alloc(a, in->n * sizeof(*mems))))
		return -1;
	for (i = 0; i < in->n; i++) {
		mems[i] = in->u.members[i];
		if (idle_secret_key(mems[i].key, mems[i].klen))
			idle_val_string_ref(&mems[i].val, IDLE_LIT("[REDACTED]"));
		else if (redact_attrs(a, &in->u.members[i].val, &mems[i].val))
			return -1;
	}
	return idle_val_map(a, out, mems, in->n);
}

static int state_value(mock *m, idle_arena *a, idle_value *out)
{
	idle_member *ids = m->n ? idle_arena_alloc(a, m->n * sizeof(*ids)) : NULL;
	idle_member top;
	idle_value all;
	size_t i, k;

	if (m->n && !ids)
		return -1;
	for (i = 0; i < m->n; i++) {
		ident *id = &m->ids[i];
		idle_member f[4];
		idle_value v,
		    *ents = id->nents ? idle_arena_alloc(a, id->nents * sizeof(*ents)) : NULL;
		size_t nf = 0;

		if (id->nents && !ents)
			return -1;
		idle_val_bool(&v, id->enabled);
		member(&f[nf++], "Enabled", &v);
		if (redact_attrs(a, &id->attrs, &v))
			return -1;
		member(&f[nf++], "Attributes", &v);
		for (k = 0; k < id->nents; k++) {
			idle_member e[3];
			idle_value s;
			size_t ne = 0;

			idle_val_string_ref(&s, id->ents[k].kind, strlen(id->ents[k].kind));
			member(&e[ne++], "Kind", &s);
			idle_val_string_ref(&s, id->ents[k].id, strlen(id->ents[k].id));
			member(&e[ne++], "Id", &s);
			if (id->ents[k].display_name) {
				idle_val_string_ref(&s, id->ents[k].display_name,
				                    strlen(id->ents[k].display_name));
				member(&e[ne++], "DisplayName", &s);
			}
			if (idle_val_map(a, &ents[k], e, ne))
				return -1;
		}
		if (idle_val_array(a, &v, ents, id->nents))
			return -1;
		member(&f[nf++], "Entitlements", &v);
		if (id->container) {
			idle_val_string_ref(&v, id->container, strlen(id->container));
			member(&f[nf++], "Container", &v);
		}
		if (idle_val_map(a, &v, f, nf))
			return -1;
		member(&ids[i], id->key, &v);
	}
	/* keys are unique case-insensitively by construction (find before add) */
	if (idle_val_map(a, &all, ids, m->n))
		return -1;
	member(&top, "Identities", &all);
	return idle_val_map(a, out, &top, 1);
}

/* Writes the state (when there is a StatePath) and releases the run's lock. */
static int mock_close(void *self, idle_pcall *c)
{
	mock *m = self;
	idle_arena a;
	idle_value v;
	char *json = NULL, err[1024];
	size_t len = 0;
	int rc;

	if (!m->state_path)
		return 0;
	idle_arena_init(&a);
	rc = state_value(m, &a, &v);
	if (rc == 0)
		rc = idle_json_write(&json, &len, &v, 0, NULL, NULL);
	idle_arena_free(&a);
	if (rc)
		idle_pcall_fail(c, 0, "cannot save the mock state: %s", idle_strerror(rc));
	else if (idle_statefile_write(m->state_path, json, len, err, sizeof(err)))
		rc = idle_pcall_fail(c, 0, "%s", err);
	free(json);
	idle_statefile_unlock(m->lock_fd);
	m->lock_fd = -1;
	return rc ? IDLE_EPROVIDER : 0;
}

/* ---- identity operations --------------------------------------------------------------- */

static int mock_get(void *self, idle_pcall *c, const char *key, idle_identity *out)
{
	ident *id = get_or_add(self, c, key);
	idle_value *attrs;

	if (!id)
		return IDLE_EPROVIDER;
	/* the map itself never changes (updates build a new one), the field does */
	attrs = idle_pcall_alloc(c, sizeof(*attrs));
	if (!attrs)
		return idle_pcall_fail(c, 0, "out of memory");
	*attrs = id->attrs;
	out->key = id->key;
	out->enabled = id->enabled;
	out->attributes = attrs;
	return 0;
}

static int mock_create(void *self, idle_pcall *c, const char *key, const idle_value *attributes,
                       int *changed)
{
	mock *m = self;
	ident *id = find(m, key);

	*changed = 0;
	if (id)
		return 0; /* exists: nothing to do (as the real providers) */
	id = add(m, key);
	if (!id)
		return idle_pcall_fail(c, 0, "out of memory");
	if (attributes && attributes->kind == IDLE_MAP &&
	    idle_val_copy(&m->arena, &id->attrs, attributes))
		return idle_pcall_fail(c, 0, "out of memory");
	*changed = 1;
	return 0;
}

static int mock_remove(void *self, idle_pcall *c, const char *key, int *changed)
{
	mock *m = self;
	ident *id = find(m, key);

	(void)c;
	*changed = id != NULL;
	if (id) {
		free(id->ents);
		memmove(id, id + 1, (size_t)(&m->ids[m->n] - (id + 1)) * sizeof(*id));
		m->n--;
	}
	return 0;
}

static int set_enabled(mock *m, idle_pcall *c, const char *key, int enabled, int *changed)
{
	ident *id = get_or_add(m, c, key);

	if (!id)
		return IDLE_EPROVIDER;
	*changed = id->enabled != enabled;
	id->enabled = enabled;
	return 0;
}

static int mock_enable(void *self, idle_pcall *c, const char *key, int *changed)
{
	return set_enabled(self, c, key, 1, changed);
}

static int mock_disable(void *self, idle_pcall *c, const char *key, int *changed)
{
	return set_enabled(self, c, key, 0, changed);
}

static int mock_move(void *self, idle_pcall *c, const char *key, const char *container,
                     int *changed)
{
	mock *m = self;
	ident *id = get_or_add(m, c, key);

	if (!id)
		return IDLE_EPROVIDER;
	*changed = !id->container || strcmp(id->container, container);
	if (*changed) {
		id->container = idle_arena_strndup(&m->arena, container, strlen(container));
		if (!id->container)
			return idle_pcall_fail(c, 0, "out of memory");
	}
	return 0;
}

/* PowerShell's loose -eq between a stored value and a new one, for scalars. */
static int loosely_equal(const idle_value *a, const idle_value *b)
{
	if (a->kind == IDLE_ARRAY || a->kind == IDLE_MAP || b->kind == IDLE_ARRAY ||
	    b->kind == IDLE_MAP)
		return 0; /* compared as whole objects: a new one always differs */
	if ((a->kind == IDLE_NULL) != (b->kind == IDLE_NULL))
		return 0;
	return idle_val_text_equal(a, b);
}

static int mock_ensure_attribute(void *self, idle_pcall *c, const char *key, const char *name,
                                 const idle_value *value, int *changed)
{
	mock *m = self;
	ident *id = get_or_add(m, c, key);
	const idle_value *old;
	idle_value copy, next;
	char *k;

	if (!id)
		return IDLE_EPROVIDER;
	old = idle_map_get(&id->attrs, name, strlen(name));
	*changed = !old || !loosely_equal(old, value);
	if (!*changed)
		return 0;
	k = old ? NULL : idle_arena_strndup(&m->arena, name, strlen(name));
	if ((!old && !k) || idle_val_copy(&m->arena, &copy, value) ||
	    idle_val_map_set(&m->arena, &next, &id->attrs, old ? name : k, strlen(name), &copy))
		return idle_pcall_fail(c, 0, "out of memory");
	id->attrs = next;
	return 0;
}

static int mock_revoke_sessions(void *self, idle_pcall *c, const char *key, int *changed)
{
	ident *id = get_or_add(self, c, key);

	if (!id)
		return IDLE_EPROVIDER;
	*changed = 1; /* like Graph's revokeSignInSessions: every call revokes */
	return 0;
}

/* ---- entitlement operations ------------------------------------------------------------- */

static int mock_list(void *self, idle_pcall *c, const char *key, idle_entitlement **items,
                     size_t *n)
{
	ident *id = find(self, key);

	*items = NULL;
	*n = 0;
	if (!id || !id->nents)
		return 0;
	*items = idle_pcall_alloc(c, id->nents * sizeof(**items));
	if (!*items)
		return idle_pcall_fail(c, 0, "out of memory");
	memcpy(*items, id->ents, id->nents * sizeof(**items));
	*n = id->nents;
	return 0;
}

static int check_entitlement(idle_pcall *c, const idle_entitlement *e)
{
	if (!e->kind || !*e->kind)
		return idle_pcall_fail(c, 0, "Entitlement.Kind must not be empty.");
	if (!e->id || !*e->id)
		return idle_pcall_fail(c, 0, "Entitlement.Id must not be empty.");
	return 0;
}

static int mock_grant(void *self, idle_pcall *c, const char *key, const idle_entitlement *e,
                      int *changed)
{
	mock *m = self;
	ident *id = find(m, key);
	size_t i;

	*changed = 0;
	if (!id)
		return idle_pcall_fail(
		    c, 0, "Identity '%s' does not exist in the mock provider store.", key);
	if (check_entitlement(c, e))
		return IDLE_EPROVIDER;
	for (i = 0; i < id->nents; i++)
		if (same_entitlement(&id->ents[i], e))
			return 0;
	if (push_entitlement(m, id, e->kind, e->id, e->display_name))
		return idle_pcall_fail(c, 0, "out of memory");
	*changed = 1;
	return 0;
}

static int is_protected(const mock *m, const char *eid)
{
	uint32_t i;

	for (i = 0; m->protected_ids && i < m->protected_ids->n; i++) {
		const idle_value *p = &m->protected_ids->u.items[i];

		if (p->kind == IDLE_STRING && idle_utf8_caseeqz(p->u.s, p->n, eid))
			return 1;
	}
	return 0;
}

static int mock_revoke(void *self, idle_pcall *c, const char *key, const idle_entitlement *e,
                       int *changed)
{
	mock *m = self;
	ident *id = find(m, key);
	size_t i, k = 0;

	*changed = 0;
	if (!id)
		return idle_pcall_fail(
		    c, 0, "Identity '%s' does not exist in the mock provider store.", key);
	if (check_entitlement(c, e))
		return IDLE_EPROVIDER;
	if (is_protected(m, e->id))
		return idle_pcall_fail(c, 0, "Entitlement '%s' is protected and cannot be removed.",
		                       e->id);
	for (i = 0; i < id->nents; i++) {
		if (same_entitlement(&id->ents[i], e))
			*changed = 1;
		else
			id->ents[k++] = id->ents[i];
	}
	id->nents = k;
	return 0;
}

static const idle_identity_ops identity_ops = {
    mock_get,     mock_create, mock_remove,           mock_enable,
    mock_disable, mock_move,   mock_ensure_attribute, mock_revoke_sessions,
};

static const idle_entitlement_ops entitlement_ops = {mock_list, mock_grant, mock_revoke};

/* the operations give the rest; pruning is List + Revoke */
static const char *const capabilities[] = {IDLE_CAP_ENTITLEMENT_PRUNE, NULL};

static const char *const options[] = {"Identities", "StatePath", "ProtectedEntitlementIds",
                                      "LockTimeoutSeconds", NULL};

const idle_provider_type idle_provider_mock = {
    .version = IDLE_PROVIDER_TYPE_VERSION,
    .name = "Mock",
    .summary = "identity and entitlement store in memory (Identities), optionally kept in a "
               "StatePath file",
    .capabilities = capabilities,
    .options = options,
    .flags = IDLE_PROVIDER_SIMULATOR,
    .state_size = sizeof(mock),
    .init = mock_init,
    .free = mock_free,
    .open = mock_open,
    .close = mock_close,
    .identity = &identity_ops,
    .entitlement = &entitlement_ops,
};
