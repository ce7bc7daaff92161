/*
 * providers/entraid/members.c - the entitlements of EntraID: groups and
 * administrative units a user is a direct member of, by id or display name;
 * grant and revoke one at a time, or many in $batch requests of 20.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "providers/entraid/ei.h"

/* The two kinds: where their objects live, how a member is referenced. */
typedef struct kind {
	const char *name;       /* "Group" */
	const char *collection; /* "/groups" */
	const char *odata_type; /* of memberOf items */
	const char *member_ref; /* "directoryObjects": the @odata.id a member add names */
} kind;

static const kind kinds[] = {
    {"Group", "/groups", "#microsoft.graph.group", "directoryObjects"},
    {"AdministrativeUnit", "/directory/administrativeUnits", "#microsoft.graph.administrativeUnit",
     "users"},
};

/* The kind an entitlement names (none: Group, as IdLE), or NULL. */
static const kind *find_kind(const char *name)
{
	size_t i;

	if (!name || !*name)
		return &kinds[0];
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcasecmp(name, kinds[i].name))
			return &kinds[i];
	return NULL;
}

/* find_kind, failing c when it is none. */
static const kind *kind_of(idle_pcall *c, const char *name)
{
	const kind *k = find_kind(name);

	if (k)
		return k;
	idle_pcall_failure(c, IDLE_FAILURE_INVALID, 0,
	                   "EntraID knows the entitlement kinds Group and AdministrativeUnit, not "
	                   "'%s'",
	                   name);
	return NULL;
}

/* ---- list -------------------------------------------------------------------------------------- */

typedef struct collected {
	idle_pcall *c;
	idle_entitlement *items;
	size_t n, cap;
} collected;

static int collect(void *ud, const cJSON *item)
{
	collected *k = ud;
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(item, "@odata.type");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");
	const cJSON *dn = cJSON_GetObjectItemCaseSensitive(item, "displayName");
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (cJSON_IsString(type) && !strcmp(type->valuestring, kinds[i].odata_type))
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]) || !cJSON_IsString(id))
		return 0; /* a directory role or another object: not an entitlement here */
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 64;
		idle_entitlement *more = idle_pcall_alloc(k->c, cap * sizeof(*more));

		if (!more)
			return idle_pcall_failure(k->c, IDLE_FAILURE_INTERNAL, 0, "out of memory");
		if (k->n)
			memcpy(more, k->items, k->n * sizeof(*more));
		k->items = more;
		k->cap = cap;
	}
	k->items[k->n].kind = kinds[i].name;
	k->items[k->n].id = idle_pcall_strdup(k->c, id->valuestring);
	k->items[k->n].display_name =
	    cJSON_IsString(dn) ? idle_pcall_strdup(k->c, dn->valuestring) : NULL;
	k->n++;
	return 0;
}

static int list(void *self, idle_pcall *c, const char *key, idle_entitlement **items, size_t *n)
{
	eg_graph *g = ei_graph(self, c);
	collected k = {c, NULL, 0, 0};
	const char *uid;
	char path[600];
	eg_error e = {0};
	int rc;

	*items = NULL;
	*n = 0;
	if (!g || !(uid = ei_user_id(g, c, key)))
		return ei_done(self, IDLE_EPROVIDER);
	/* plain memberOf, sorted by @odata.type (a cast needs advanced-query headers, B9) */
	snprintf(path, sizeof(path), "/users/%s/memberOf?$select=id,displayName&$top=999", uid);
	rc = eg_list(g, c, path, collect, &k, &e);
	if (rc == IDLE_EPROVIDER && e.status == 404) /* found a moment ago: a replica lags behind */
		e.kind = IDLE_FAILURE_TRANSIENT;
	if (rc == IDLE_EPROVIDER && e.message[0])
		rc = ei_fail(c, &e, "list the user's groups and administrative units");
	*items = k.items;
	*n = k.n;
	return ei_done(self, rc);
}

/* ---- resolve ------------------------------------------------------------------------------------- */

typedef struct matches {
	const cJSON *first;
	cJSON *keep;
	size_t n;
} matches;

static int count_match(void *ud, const cJSON *item)
{
	matches *m = ud;

	if (!m->n++)
		m->keep = cJSON_Duplicate(item, 1);
	return 0;
}

/*
 * The id of an entitlement named by id or display name (exactly one), into
 * *id: 0; else IDLE_ENOTFOUND / IDLE_EINVALID / IDLE_EPROVIDER with why (and
 * the kind of failure in *fk).
 */
static int lookup_id(eg_graph *g, idle_pcall *c, const kind *k, const char *name, const char **id,
                     char *why, size_t size, idle_failure *fk)
{
	char path[2048];
	eg_error e;
	int rc;

	*fk = IDLE_FAILURE_NOT_FOUND;
	if ((*id = ei_known(c, k->name, name)))
		return 0;
	if (ei_is_guid(name)) {
		cJSON *j = NULL;
		long st;

		snprintf(path, sizeof(path), "%s/%s?$select=id", k->collection, name);
		rc = eg_call(g, c, "GET", path, NULL, &st, &j, &e);
		cJSON_Delete(j);
		if (rc && e.status == 404)
			return snprintf(why, size, "no %s with id '%s'", k->name, name),
			       IDLE_ENOTFOUND;
		if (rc)
			return *fk = e.kind, snprintf(why, size, "%s", e.message), IDLE_EPROVIDER;
		*id = name;
		ei_learn(c, k->name, name, name);
		return 0;
	} else {
		char *f = eg_filter("displayName", name);
		matches m = {NULL, NULL, 0};
		const cJSON *mid;

		if (!f)
			return *fk = IDLE_FAILURE_INTERNAL, snprintf(why, size, "out of memory"),
			       IDLE_ENOMEM;
		/* every page counts: a second object of the name may be on the next one (B11) */
		snprintf(path, sizeof(path), "%s?%s&$select=id,displayName", k->collection, f);
		free(f);
		rc = eg_list(g, c, path, count_match, &m, &e);
		mid = cJSON_GetObjectItemCaseSensitive(m.keep, "id");
		if (rc) {
			*fk = e.kind;
			snprintf(why, size, "%s", e.message);
		} else if (!m.n) {
			rc = IDLE_ENOTFOUND;
			snprintf(why, size, "no %s named '%s'", k->name, name);
		} else if (m.n > 1) {
			rc = IDLE_EINVALID;
			*fk = IDLE_FAILURE_INVALID;
			snprintf(why, size,
			         "%zu objects of kind %s are named '%s': name it by its objectId",
			         m.n, k->name, name);
		} else if (!cJSON_IsString(mid) ||
		           !(*id = idle_pcall_strdup(c, mid->valuestring))) {
			rc = IDLE_ENOMEM;
			*fk = IDLE_FAILURE_INTERNAL;
			snprintf(why, size, "out of memory");
		}
		cJSON_Delete(m.keep);
		if (rc == 0) {
			ei_learn(c, k->name, name, *id);
			ei_learn(c, k->name, *id, *id); /* the id itself is known to exist now */
		}
		return rc;
	}
}

/* lookup_id, failing c when it fails. */
static int entitlement_id(eg_graph *g, idle_pcall *c, const kind *k, const char *name,
                          const char **id)
{
	char why[800];
	idle_failure fk;

	if (lookup_id(g, c, k, name, id, why, sizeof(why), &fk))
		return idle_pcall_failure(c, fk, 0, "%s", why);
	return 0;
}

static int resolve(void *self, idle_pcall *c, const idle_entitlement *in, idle_entitlement *out)
{
	eg_graph *g = ei_graph(self, c);
	const kind *k = kind_of(c, in->kind);
	const char *id = NULL;
	int rc;

	if (!g || !k)
		return ei_done(self, IDLE_EPROVIDER);
	rc = entitlement_id(g, c, k, in->id ? in->id : "", &id);
	if (rc == 0) {
		out->kind = k->name;
		out->id = id;
		out->display_name = NULL;
	}
	return ei_done(self, rc);
}

/* ---- grant and revoke ------------------------------------------------------------------------------ */

/* 1 for Graph's answer to adding a member that is one already (B2). */
static int already_member(long status, const char *message)
{
	return status == 400 && message &&
	       (strcasestr(message, "already exist") || strcasestr(message, "already a member"));
}

/* Graph's answer to adding a member its replicas do not know yet (a user made a moment ago):
 * transient, so the step's retry profile tries again. */
static const eg_error *lagging(int add, eg_error *e)
{
	if (add && e->status == 400 && e->message[0] && strcasestr(e->message, "do not exist"))
		e->kind = IDLE_FAILURE_TRANSIENT;
	return e;
}

/* The request that adds (or removes) uid to (from) entitlement id of kind k. */
static void member_request(eg_graph *g, const kind *k, const char *id, const char *uid, int add,
                           char *url, size_t size, cJSON **body)
{
	*body = NULL;
	if (add) {
		char ref[800];

		snprintf(url, size, "%s/%s/members/$ref", k->collection, id);
		snprintf(ref, sizeof(ref), "%s/%s/%s", eg_graph_base(g), k->member_ref, uid);
		*body = cJSON_CreateObject();
		cJSON_AddStringToObject(*body, "@odata.id", ref);
	} else { /* never without /$ref: that would delete the member object itself */
		snprintf(url, size, "%s/%s/members/%s/$ref", k->collection, id, uid);
	}
}

static int change_one(void *self, idle_pcall *c, const char *key, const idle_entitlement *e,
                      int add, int *changed)
{
	eg_graph *g = ei_graph(self, c);
	const kind *k = kind_of(c, e->kind);
	const char *uid, *id;
	char url[1200];
	cJSON *body, *j = NULL;
	eg_error err;
	long st;
	int rc;

	*changed = 0;
	if (!g || !k || !(uid = ei_user_id(g, c, key)) ||
	    entitlement_id(g, c, k, e->id ? e->id : "", &id))
		return ei_done(self, IDLE_EPROVIDER);
	member_request(g, k, id, uid, add, url, sizeof(url), &body);
	rc = eg_call(g, c, add ? "POST" : "DELETE", url, body, &st, &j, &err);
	cJSON_Delete(body);
	cJSON_Delete(j);
	if (rc == 0)
		*changed = 1;
	else if (add ? already_member(err.status, err.message) : err.status == 404)
		rc = 0; /* a member already / not a member: nothing to change */
	else
		rc = ei_fail(c, lagging(add, &err), add ? "add the member" : "remove the member");
	return ei_done(self, rc);
}

static int grant(void *self, idle_pcall *c, const char *key, const idle_entitlement *e,
                 int *changed)
{
	return change_one(self, c, key, e, 1, changed);
}

static int revoke(void *self, idle_pcall *c, const char *key, const idle_entitlement *e,
                  int *changed)
{
	return change_one(self, c, key, e, 0, changed);
}

/* n grants or revokes in $batch requests of 20 (names that are not ids looked up first). */
static int change_many(void *self, idle_pcall *c, const char *key, const idle_entitlement *items,
                       size_t n, int add, int *changed, const char **failed)
{
	eg_graph *g = ei_graph(self, c);
	eg_batch_item *send = calloc(n ? n : 1, sizeof(*send));
	char(*urls)[1200] = calloc(n ? n : 1, sizeof(*urls));
	size_t *of = calloc(n ? n : 1, sizeof(*of)), i, j, m = 0;
	const char *uid = NULL;
	eg_error e;
	int rc = 0;

	if (!send || !urls || !of)
		rc = idle_pcall_failure(c, IDLE_FAILURE_INTERNAL, 0, "out of memory");
	else if (!g || !(uid = ei_user_id(g, c, key)))
		rc = IDLE_EPROVIDER;
	for (i = 0; i < n && !rc; i++) {
		const kind *k = find_kind(items[i].kind);
		const char *id = items[i].id ? items[i].id : "";
		char why[800];
		idle_failure fk;

		if (!k) {
			failed[i] =
			    "EntraID knows the entitlement kinds Group and AdministrativeUnit";
			continue;
		}
		if (!ei_is_guid(id) && lookup_id(g, c, k, id, &id, why, sizeof(why), &fk)) {
			failed[i] = idle_pcall_strdup(c, why);
			continue;
		}
		member_request(g, k, id, uid, add, urls[m], sizeof(urls[m]), &send[m].body);
		send[m].method = add ? "POST" : "DELETE";
		send[m].url = urls[m];
		of[m++] = i;
	}
	if (!rc && m && eg_batch(g, c, send, m, &e))
		rc = ei_fail(c, &e, add ? "add the members" : "remove the members");
	for (j = 0; j < m && !rc; j++) /* still throttled after its own Retry-After: try later */
		if (send[j].status == 429 || send[j].status >= 500 || send[j].status == 0)
			rc = idle_pcall_failure(
			    c, IDLE_FAILURE_TRANSIENT, 0,
			    "Graph still refuses to %s '%s' for now (HTTP %ld%s%s): "
			    "the step's retry profile tries again",
			    add ? "add the member to" : "remove the member from", items[of[j]].id,
			    send[j].status, send[j].code[0] ? " " : "", send[j].code);
	for (j = 0; j < m && !rc; j++) { /* each item its own outcome (a mixed 204/404 batch) */
		eg_batch_item *b = &send[j];

		i = of[j];
		if (b->status >= 200 && b->status < 300) {
			changed[i] = 1;
		} else if (!(add ? already_member(b->status, b->message) : b->status == 404)) {
			char why[600];

			snprintf(why, sizeof(why), "HTTP %ld%s%s: %s", b->status,
			         b->code[0] ? " " : "", b->code,
			         b->message[0] ? b->message : "no answer for this item");
			failed[i] = idle_pcall_strdup(c, why);
		}
	}
	for (j = 0; send && j < m; j++)
		cJSON_Delete(send[j].body);
	free(send), free(urls), free(of);
	return ei_done(self, rc);
}

static int revoke_many(void *self, idle_pcall *c, const char *key, const idle_entitlement *items,
                       size_t n, int *changed, const char **failed)
{
	return change_many(self, c, key, items, n, 0, changed, failed);
}

static int grant_many(void *self, idle_pcall *c, const char *key, const idle_entitlement *items,
                      size_t n, int *changed, const char **failed)
{
	return change_many(self, c, key, items, n, 1, changed, failed);
}

const idle_entitlement_ops ei_entitlement_ops = {
    .list = list,
    .grant = grant,
    .revoke = revoke,
    .resolve = resolve,
    .revoke_many = revoke_many,
    .grant_many = grant_many,
};
