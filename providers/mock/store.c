/*
 * providers/mock/store.c - the Mock's identities in memory, read and written.
 */
#include "providers/mock/store.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <idle/diag.h>
#include <idle/document.h>
#include <idle/json.h>

/* ---- the store ------------------------------------------------------------------------- */

int idle_mock__store_init(idle_mock_store *s)
{
	memset(s, 0, sizeof(*s));
	s->mem = idle_store_new();
	return s->mem ? 0 : -1;
}

void idle_mock__store_clear(idle_mock_store *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->ids[i].ents);
	s->n = 0;
}

void idle_mock__store_free(idle_mock_store *s)
{
	idle_mock__store_clear(s);
	free(s->ids);
	idle_store_free(s->mem);
	memset(s, 0, sizeof(*s));
}

idle_mock_ident *idle_mock__find(idle_mock_store *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (idle_text_caseeq(s->ids[i].key, key))
			return &s->ids[i];
	return NULL;
}

idle_mock_ident *idle_mock__add(idle_mock_store *s, const char *key)
{
	idle_mock_ident *id;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		idle_mock_ident *p = realloc(s->ids, cap * sizeof(*p));

		if (!p)
			return NULL;
		s->ids = p;
		s->cap = cap;
	}
	id = &s->ids[s->n];
	memset(id, 0, sizeof(*id));
	id->key = idle_store_strdup(s->mem, key);
	id->attrs = idle_build_done(idle_store_builder(s->mem, 0));
	if (!id->key || !id->attrs)
		return NULL;
	id->enabled = 1;
	s->n++;
	return id;
}

void idle_mock__remove(idle_mock_store *s, idle_mock_ident *id)
{
	free(id->ents);
	memmove(id, id + 1, (size_t)(&s->ids[s->n] - (id + 1)) * sizeof(*id));
	s->n--;
}

int idle_mock__push_entitlement(idle_mock_store *s, idle_mock_ident *id, const char *kind,
                                const char *eid, const char *display)
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
	e->kind = idle_store_strdup(s->mem, kind);
	e->id = idle_store_strdup(s->mem, eid);
	e->display_name = display ? idle_store_strdup(s->mem, display) : NULL;
	if (!e->kind || !e->id || (display && !e->display_name))
		return -1;
	id->nents++;
	return 0;
}

int idle_mock__store_clone(idle_mock_store *dst, const idle_mock_store *src)
{
	size_t i, k;

	if (idle_mock__store_init(dst))
		return -1;
	for (i = 0; i < src->n; i++) {
		const idle_mock_ident *from = &src->ids[i];
		idle_mock_ident *to = idle_mock__add(dst, from->key);

		if (!to)
			return -1;
		to->enabled = from->enabled;
		to->attrs = idle_store_copy(dst->mem, from->attrs);
		to->container =
		    from->container ? idle_store_strdup(dst->mem, from->container) : NULL;
		if (!to->attrs || (from->container && !to->container))
			return -1;
		for (k = 0; k < from->nents; k++)
			if (idle_mock__push_entitlement(dst, to, from->ents[k].kind,
			                                from->ents[k].id,
			                                from->ents[k].display_name))
				return -1;
	}
	return 0;
}

/* ---- reading Identities (options and state file) ----------------------------------- */

static void report(idle_mock_reader *r, const idle_value *at, const char *rel, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report(idle_mock_reader *r, const idle_value *at, const char *rel, const char *fmt, ...)
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
	return idle_value_kind(v) != IDLE_STRING || idle_value_blank(v);
}

static void read_entitlements(idle_mock_store *s, idle_mock_reader *r, idle_mock_ident *id,
                              const idle_value *list, const char *rel)
{
	char p[480];
	size_t i;

	if (idle_value_kind(list) != IDLE_ARRAY) {
		report(r, list, rel,
		       "Entitlements must be a list of @{ Kind = ...; Id = ... }, not %s",
		       idle_value_describe(list));
		return;
	}
	for (i = 0; i < idle_value_count(list); i++) {
		const idle_value *e = idle_value_at(list, i), *kind, *eid, *dn;

		snprintf(p, sizeof(p), "%s[%zu]", rel, i);
		if (idle_value_kind(e) != IDLE_MAP) {
			report(r, e, p,
			       "an entitlement must be a hashtable with Kind and Id, not %s",
			       idle_value_describe(e));
			continue;
		}
		kind = idle_value_get(e, "Kind");
		eid = idle_value_get(e, "Id");
		dn = idle_value_get(e, "DisplayName");
		if (blank(kind) || blank(eid)) {
			report(r, e, p, "an entitlement needs a non-empty Kind and Id");
			continue;
		}
		if (idle_mock__push_entitlement(
		        s, id, idle_value_string(kind, NULL), idle_value_string(eid, NULL),
		        idle_value_kind(dn) == IDLE_STRING ? idle_value_string(dn, NULL) : NULL))
			r->errors++;
	}
}

/* One field of an identity (f under key fkey); rel is the identity's data path. */
static void read_field(idle_mock_store *s, idle_mock_reader *r, idle_mock_ident *id,
                       const char *fkey, const idle_value *f, const char *frel)
{
	idle_kind k = idle_value_kind(f);

	if (idle_text_caseeq(fkey, "Enabled")) {
		if (k != IDLE_BOOL)
			report(r, f, frel, "Enabled must be $true or $false, not %s",
			       idle_value_describe(f));
		else
			id->enabled = idle_value_bool(f);
	} else if (idle_text_caseeq(fkey, "Attributes")) {
		if (k != IDLE_MAP)
			report(r, f, frel, "Attributes must be a hashtable, not %s",
			       idle_value_describe(f));
		else if (!(id->attrs = idle_store_copy(s->mem, f)))
			r->errors++;
	} else if (idle_text_caseeq(fkey, "Entitlements")) {
		read_entitlements(s, r, id, f, frel);
	} else if (idle_text_caseeq(fkey, "Container")) {
		if (k == IDLE_NULL)
			return;
		if (k != IDLE_STRING)
			report(r, f, frel, "Container must be a string, not %s",
			       idle_value_describe(f));
		else if (!(id->container = idle_store_strdup(s->mem, idle_value_string(f, NULL))))
			r->errors++;
	} else {
		report(r, f, frel,
		       "unknown key '%s' in an identity; allowed keys: Enabled, Attributes, "
		       "Entitlements, Container",
		       fkey);
	}
}

void idle_mock__read(idle_mock_store *s, idle_mock_reader *r, const idle_value *map)
{
	char rel[300], frel[400];
	size_t i, k;

	if (idle_value_kind(map) != IDLE_MAP) {
		report(r, map, "Identities",
		       "Identities must be a hashtable of identity key = @{ ... }, not %s",
		       idle_value_describe(map));
		return;
	}
	for (i = 0; i < idle_value_count(map); i++) {
		const char *key = idle_value_key_at(map, i, NULL);
		const idle_value *e = idle_value_at(map, i);
		idle_mock_ident *id;

		snprintf(rel, sizeof(rel), "Identities.%s", key);
		if (idle_value_kind(e) != IDLE_MAP) {
			report(r, e, rel,
			       "an identity must be a hashtable (Enabled, Attributes, "
			       "Entitlements, Container), not %s",
			       idle_value_describe(e));
			continue;
		}
		id = idle_mock__find(s, key);
		if (!id && !(id = idle_mock__add(s, key))) {
			r->errors++;
			return;
		}
		for (k = 0; k < idle_value_count(e); k++) {
			const char *fkey = idle_value_key_at(e, k, NULL);

			snprintf(frel, sizeof(frel), "%s.%s", rel, fkey);
			read_field(s, r, id, fkey, idle_value_at(e, k), frel);
		}
	}
}

void idle_mock__load(idle_mock_store *s, idle_mock_reader *r, const char *path,
                     const idle_value *at)
{
	idle_diags *d;
	idle_doc *doc = NULL;
	struct stat st;
	int rc;

	if (stat(path, &st) != 0)
		return; /* no state yet: Identities apply */
	d = idle_diags_new();
	if (!d) {
		r->errors++;
		return;
	}
	r->state_at = at;
	r->state_file = path;
	rc = idle_doc_load(&doc, path, IDLE_FORMAT_JSON, NULL, d);
	if (rc) {
		const idle_diag *first = idle_diags_at(d, 0);

		const char *why = first ? idle_diag_message(first) : idle_strerror(rc);

		if (!r->ctx && !r->errors)
			idle_pcall_fail(r->call, 0, "state file '%s': %s", path, why);
		else if (r->ctx && first && idle_diag_line(first))
			idle_pinit_error(r->ctx, at, "StatePath",
			                 "state file '%s' (line %u, column %u): %s", path,
			                 idle_diag_line(first), idle_diag_column(first), why);
		else if (r->ctx)
			idle_pinit_error(r->ctx, at, "StatePath", "state file '%s': %s", path, why);
		r->errors++;
	} else {
		const idle_value *ids = idle_value_get(idle_doc_root(doc), "Identities");

		idle_mock__store_clear(s); /* the file wins over Identities */
		if (idle_value_kind(idle_doc_root(doc)) != IDLE_MAP || !ids)
			report(r, at, "Identities", "expected {\"Identities\": {...}}");
		else
			idle_mock__read(s, r, ids);
	}
	idle_doc_free(doc);
	idle_diags_free(d);
}

/* ---- writing the state ------------------------------------------------------------------- */

/* v with every value under a secret key (Password ...) as "[REDACTED]", at any depth. */
static const idle_value *redacted(idle_store *mem, const idle_value *v)
{
	idle_kind k = idle_value_kind(v);
	idle_builder *b;
	size_t i;

	if (k != IDLE_MAP && k != IDLE_ARRAY)
		return v;
	b = idle_store_builder(mem, k == IDLE_ARRAY);
	for (i = 0; i < idle_value_count(v); i++) {
		const char *key = k == IDLE_MAP ? idle_value_key_at(v, i, NULL) : NULL;

		if (key && idle_secret_key_name(key))
			idle_build_str(b, key, "[REDACTED]");
		else
			idle_build_value(b, key, redacted(mem, idle_value_at(v, i)));
	}
	return idle_build_done(b);
}

int idle_mock__json(const idle_mock_store *s, char **json, size_t *len)
{
	idle_store *mem = idle_store_new();
	idle_builder *all = idle_store_builder(mem, 0), *top;
	const idle_value *v;
	size_t i, k;
	int rc;

	for (i = 0; i < s->n; i++) {
		const idle_mock_ident *id = &s->ids[i];
		idle_builder *f = idle_store_builder(mem, 0), *ents = idle_store_builder(mem, 1);

		idle_build_bool(f, "Enabled", id->enabled);
		idle_build_value(f, "Attributes", redacted(mem, id->attrs));
		for (k = 0; k < id->nents; k++) {
			idle_builder *e = idle_store_builder(mem, 0);

			idle_build_str(e, "Kind", id->ents[k].kind);
			idle_build_str(e, "Id", id->ents[k].id);
			if (id->ents[k].display_name)
				idle_build_str(e, "DisplayName", id->ents[k].display_name);
			idle_build_value(ents, NULL, idle_build_done(e));
		}
		idle_build_value(f, "Entitlements", idle_build_done(ents));
		if (id->container)
			idle_build_str(f, "Container", id->container);
		/* keys are unique case-insensitively by construction (find before add) */
		idle_build_value(all, id->key, idle_build_done(f));
	}
	top = idle_store_builder(mem, 0);
	idle_build_value(top, "Identities", idle_build_done(all));
	v = idle_build_done(top);
	rc = v ? idle_value_to_json(json, len, v, 0, NULL) : IDLE_ENOMEM;
	idle_store_free(mem);
	return rc;
}
