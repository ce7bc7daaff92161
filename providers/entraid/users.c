/*
 * providers/entraid/users.c - the identity operations of EntraID: read,
 * create, attributes (the manager through its reference), enable and
 * disable, delete, revoke sign-in sessions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "providers/entraid/ei.h"

/* IdLE's attribute names and Graph's (the rest: the first letter lower-cased). */
static const char *const names[][2] = {
    {"GivenName", "givenName"},
    {"Surname", "surname"},
    {"DisplayName", "displayName"},
    {"UserPrincipalName", "userPrincipalName"},
    {"Mail", "mail"},
    {"Department", "department"},
    {"JobTitle", "jobTitle"},
    {"OfficeLocation", "officeLocation"},
    {"CompanyName", "companyName"},
    {"Title", "jobTitle"}, /* Active Directory's name (idle's templates) */
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

/* Graph's name for an attribute, in buf. */
static const char *graph_name(const char *name, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < NNAMES; i++)
		if (!strcasecmp(name, names[i][0]))
			return names[i][1];
	snprintf(buf, size, "%s", name);
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/* 1 when a Graph property is in EI_USER_SELECT. */
static int selected(const char *gname)
{
	static const char list[] = EI_USER_SELECT;
	const char *p = list;
	size_t n = strlen(gname);

	while (n && (p = strstr(p, gname)))
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return 1;
		else
			p += n;
	return 0;
}

/* Attributes create takes itself, not as user properties. */
static int special(const char *name)
{
	static const char *const s[] = {"Enabled",
	                                "PasswordProfile",
	                                "ForceChangePasswordNextSignIn",
	                                "AllowPlainTextPasswordOutput",
	                                "Manager",
	                                "MailNickname"};
	size_t i;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		if (!strcasecmp(name, s[i]))
			return 1;
	return 0;
}

/* An idle value as JSON ('' as null: Graph refuses empty strings, B13). */
static cJSON *json_of(const idle_value *v)
{
	size_t i, n;
	cJSON *j;

	switch (idle_value_kind(v)) {
	case IDLE_STRING:
		return *idle_value_string(v, NULL) ? cJSON_CreateString(idle_value_string(v, NULL))
		                                   : cJSON_CreateNull();
	case IDLE_BOOL:
		return cJSON_CreateBool(idle_value_bool(v));
	case IDLE_INT:
		return cJSON_CreateNumber((double)idle_value_int(v));
	case IDLE_NUMBER:
		return cJSON_CreateNumber(idle_value_number(v));
	case IDLE_ARRAY:
		j = cJSON_CreateArray();
		n = idle_value_count(v);
		for (i = 0; j && i < n; i++)
			cJSON_AddItemToArray(j, json_of(idle_value_at(v, i)));
		return j;
	case IDLE_MAP:
		j = cJSON_CreateObject();
		n = idle_value_count(v);
		for (i = 0; j && i < n; i++)
			cJSON_AddItemToObject(j, idle_value_key_at(v, i, NULL),
			                      json_of(idle_value_at(v, i)));
		return j;
	default:
		return cJSON_CreateNull();
	}
}

/* 1 when an idle value is "nothing": absent, $null or ''. */
static int nothing(const idle_value *v)
{
	return !v || idle_value_kind(v) == IDLE_NULL ||
	       (idle_value_kind(v) == IDLE_STRING && !*idle_value_string(v, NULL));
}

/* PowerShell's -eq of what Graph holds and what the workflow wants ("1" -eq 1, any case). */
static int same(const cJSON *have, const idle_value *want)
{
	char buf[64];

	if (nothing(want))
		return !have || cJSON_IsNull(have) || (cJSON_IsString(have) && !*have->valuestring);
	if (!have || cJSON_IsNull(have))
		return 0;
	switch (idle_value_kind(want)) {
	case IDLE_BOOL:
		return cJSON_IsBool(have) ? cJSON_IsTrue(have) == idle_value_bool(want)
		       : cJSON_IsString(have)
		           ? idle_text_caseeq(have->valuestring,
		                              idle_value_bool(want) ? "True" : "False")
		           : 0;
	case IDLE_INT:
	case IDLE_NUMBER:
		if (cJSON_IsNumber(have))
			return have->valuedouble == idle_value_number(want);
		return cJSON_IsString(have) &&
		       idle_text_caseeq(have->valuestring, idle_value_string(want, NULL)
		                                               ? idle_value_string(want, NULL)
		                                               : "");
	case IDLE_STRING:
		if (cJSON_IsString(have))
			return idle_text_caseeq(have->valuestring, idle_value_string(want, NULL));
		if (cJSON_IsNumber(have)) {
			snprintf(buf, sizeof(buf), "%.15g", have->valuedouble);
			return !strcmp(buf, idle_value_string(want, NULL));
		}
		return cJSON_IsBool(have) &&
		       idle_text_caseeq(idle_value_string(want, NULL),
		                        cJSON_IsTrue(have) ? "True" : "False");
	default: { /* a list or a map: compared as JSON */
		cJSON *w = json_of(want);
		int eq = cJSON_Compare(have, w, 0);

		cJSON_Delete(w);
		return eq;
	}
	}
}

/* ---- read ------------------------------------------------------------------------------------- */

static int get(void *self, idle_pcall *c, const char *key, idle_identity *out)
{
	eg_graph *g = ei_graph(self, c);
	cJSON *u = NULL;
	idle_builder *b;
	size_t i;
	int rc;

	if (!g)
		return ei_done(self, IDLE_EPROVIDER);
	if ((rc = ei_find_user(g, c, key, "", &u)))
		return ei_done(self, rc);
	b = idle_pcall_builder(c, 0);
	for (i = 0; i < NNAMES; i++) { /* PascalCase, present values only (as IdLE) */
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(u, names[i][1]);

		if (cJSON_IsString(v))
			idle_build_str(b, names[i][0], v->valuestring);
	}
	out->key = idle_pcall_strdup(c, key);
	out->enabled = !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(u, "accountEnabled"));
	out->attributes = idle_build_done(b);
	cJSON_Delete(u);
	return ei_done(self, 0);
}

/* ---- the manager, a reference (B4) ---------------------------------------------------------------- */

static int set_manager(eg_graph *g, idle_pcall *c, const char *uid, const idle_value *want,
                       int *changed)
{
	char path[600];
	cJSON *cur = NULL, *body;
	const cJSON *cid;
	const char *mid = NULL;
	eg_error e;
	long st;
	int rc;

	*changed = 0;
	snprintf(path, sizeof(path), "/users/%s/manager?$select=id", uid);
	rc = eg_call(g, c, "GET", path, NULL, &st, &cur, &e);
	if (rc && e.status != 404)
		return ei_fail(c, &e, "read the manager");
	cid = cJSON_GetObjectItemCaseSensitive(cur, "id");
	if (!nothing(want) &&
	    !(mid = ei_user_id(
	          g, c, idle_value_kind(want) == IDLE_STRING ? idle_value_string(want, NULL) : "")))
		return cJSON_Delete(cur), IDLE_EPROVIDER;
	if ((!mid && !cJSON_IsString(cid)) ||
	    (mid && cJSON_IsString(cid) && idle_text_caseeq(mid, cid->valuestring))) {
		cJSON_Delete(cur);
		return 0; /* as wanted */
	}
	cJSON_Delete(cur);
	snprintf(path, sizeof(path), "/users/%s/manager/$ref", uid);
	if (!mid) {
		rc = eg_call(g, c, "DELETE", path, NULL, &st, &cur, &e);
	} else {
		char ref[800];

		snprintf(ref, sizeof(ref), "%s/users/%s", eg_graph_base(g), mid);
		body = cJSON_CreateObject();
		cJSON_AddStringToObject(body, "@odata.id", ref);
		rc = eg_call(g, c, "PUT", path, body, &st, &cur, &e);
		cJSON_Delete(body);
	}
	cJSON_Delete(cur);
	if (rc)
		return ei_fail(c, &e, mid ? "set the manager" : "clear the manager");
	*changed = 1;
	return 0;
}

/* ---- create ---------------------------------------------------------------------------------------- */

static const char *attr_text(const idle_value *attrs, const char *name)
{
	const idle_value *v = idle_value_get(attrs, name);

	return idle_value_kind(v) == IDLE_STRING && *idle_value_string(v, NULL)
	           ? idle_value_string(v, NULL)
	           : NULL;
}

static cJSON *create_body(const char *key, const idle_value *attrs, char *password, size_t psize)
{
	cJSON *b = cJSON_CreateObject(), *pp;
	const idle_value *en = idle_value_get(attrs, "Enabled"), *prof;
	const char *upn =
	    attr_text(attrs, "UserPrincipalName") ? attr_text(attrs, "UserPrincipalName") : key;
	char nick[128], gname[128];
	size_t i, o = 0;

	/* accountEnabled: IdLE's default, enabled (Attributes.Enabled = $false for a dormant one) */
	cJSON_AddBoolToObject(b, "accountEnabled",
	                      idle_value_kind(en) == IDLE_BOOL ? idle_value_bool(en) : 1);
	cJSON_AddStringToObject(b, "userPrincipalName", upn);
	cJSON_AddStringToObject(b, "displayName",
	                        attr_text(attrs, "DisplayName") ? attr_text(attrs, "DisplayName")
	                                                        : key);
	if (attr_text(attrs, "MailNickname"))
		snprintf(nick, sizeof(nick), "%s", attr_text(attrs, "MailNickname"));
	else /* the UPN's local part, without what mailNickname may not hold */
		for (i = 0; upn[i] && upn[i] != '@' && o + 1 < sizeof(nick); i++)
			if (!strchr(" ()<>,;:\\\"[]'#", upn[i]))
				nick[o++] = upn[i], nick[o] = '\0';
	if (!o && !attr_text(attrs, "MailNickname"))
		snprintf(nick, sizeof(nick), "user");
	cJSON_AddStringToObject(b, "mailNickname", nick);
	prof = idle_value_get(attrs, "PasswordProfile");
	if (idle_value_kind(prof) == IDLE_MAP) {
		cJSON_AddItemToObject(b, "passwordProfile", json_of(prof));
	} else {
		const idle_value *force = idle_value_get(attrs, "ForceChangePasswordNextSignIn");

		if (ei_new_password(password, psize)) {
			cJSON_Delete(b);
			return NULL;
		}
		pp = cJSON_AddObjectToObject(b, "passwordProfile");
		cJSON_AddBoolToObject(pp, "forceChangePasswordNextSignIn",
		                      idle_value_kind(force) == IDLE_BOOL ? idle_value_bool(force)
		                                                          : 1);
		cJSON_AddStringToObject(pp, "password", password);
	}
	for (i = 0; i < idle_value_count(attrs); i++) {
		const char *name = idle_value_key_at(attrs, i, NULL);
		const idle_value *v = idle_value_at(attrs, i);

		if (special(name) || nothing(v) || !strcasecmp(name, "UserPrincipalName") ||
		    !strcasecmp(name, "DisplayName"))
			continue; /* '' is left out, not sent (B13) */
		cJSON_AddItemToObject(b, graph_name(name, gname, sizeof(gname)), json_of(v));
	}
	return b;
}

/* Wipes the secrets of a request body (the password profile) before it is freed. */
static void wipe_body(cJSON *b)
{
	cJSON *pw = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(b, "passwordProfile"), "password");

	if (cJSON_IsString(pw))
		explicit_bzero(pw->valuestring, strlen(pw->valuestring));
	cJSON_Delete(b);
}

static int create(void *self, idle_pcall *c, const char *key, const idle_value *attrs, int *changed)
{
	eg_graph *g = ei_graph(self, c);
	cJSON *u = NULL, *body, *made = NULL;
	const cJSON *id;
	char password[32] = "";
	eg_error e;
	long st;
	int rc, mgr = 0;

	*changed = 0;
	if (!g)
		return ei_done(self, IDLE_EPROVIDER);
	rc = ei_find_user(g, c, key, "", &u); /* a failed lookup is not "absent" (B3) */
	id = rc ? NULL : cJSON_GetObjectItemCaseSensitive(u, "id");
	if (rc == 0 && !nothing(idle_value_get(attrs, "Manager")) && cJSON_IsString(id))
		/* it exists: no change, unless the manager an earlier attempt left unset (the PUT
		 * after the POST failed) is still to be set */
		rc = set_manager(g, c, id->valuestring, idle_value_get(attrs, "Manager"), changed);
	cJSON_Delete(u);
	if (rc != IDLE_ENOTFOUND)
		return ei_done(self, rc);
	if (!(body = create_body(key, attrs, password, sizeof(password))))
		return ei_done(self, idle_pcall_failure(c, IDLE_FAILURE_INTERNAL, 0,
		                                        "cannot make the new user's password"));
	rc = eg_call(g, c, "POST", "/users", body, &st, &made, &e);
	wipe_body(body);
	explicit_bzero(password, sizeof(password));
	if (rc)
		return cJSON_Delete(made), ei_done(self, ei_fail(c, &e, "create the user"));
	*changed = 1;
	id = cJSON_GetObjectItemCaseSensitive(made, "id");
	if (cJSON_IsString(id)) /* later steps use the id: the UPN may not be visible yet */
		ei_learn(c, "user", key, id->valuestring);
	if (!nothing(idle_value_get(attrs, "Manager")) && cJSON_IsString(id))
		rc = set_manager(g, c, id->valuestring, idle_value_get(attrs, "Manager"), &mgr);
	cJSON_Delete(made);
	return ei_done(self, rc);
}

/* ---- attributes, enable, disable -------------------------------------------------------------------- */

static int ensure_attribute(void *self, idle_pcall *c, const char *key, const char *name,
                            const idle_value *value, int *changed)
{
	eg_graph *g = ei_graph(self, c);
	char buf[128], extra[160], path[600];
	const char *gname;
	cJSON *u = NULL, *body, *none = NULL;
	const cJSON *id;
	eg_error e;
	long st;
	int rc;

	*changed = 0;
	if (!g)
		return ei_done(self, IDLE_EPROVIDER);
	gname = graph_name(name, buf, sizeof(buf));
	/* what it compares is selected (B4): a property outside the usual list too */
	snprintf(extra, sizeof(extra), "%s%s", selected(gname) ? "" : ",",
	         selected(gname) ? "" : gname);
	if (!strcasecmp(name, "Manager"))
		extra[0] = '\0';
	rc = ei_find_user(g, c, key, extra, &u);
	if (rc == IDLE_ENOTFOUND)
		rc = idle_pcall_failure(c, IDLE_FAILURE_NOT_FOUND, 0, "no user '%s' in the tenant",
		                        key);
	if (rc)
		return cJSON_Delete(u), ei_done(self, rc);
	id = cJSON_GetObjectItemCaseSensitive(u, "id");
	snprintf(path, sizeof(path), "/users/%s", cJSON_IsString(id) ? id->valuestring : "");
	if (!strcasecmp(name, "Manager")) { /* a reference: its own endpoints (B4) */
		rc = set_manager(g, c, cJSON_IsString(id) ? id->valuestring : "", value, changed);
	} else if (!same(cJSON_GetObjectItemCaseSensitive(u, gname), value)) {
		body = cJSON_CreateObject();
		cJSON_AddItemToObject(body, gname, json_of(value)); /* '' and $null: null (B13) */
		rc = eg_call(g, c, "PATCH", path, body, &st, &none, &e);
		cJSON_Delete(body);
		cJSON_Delete(none);
		if (rc)
			rc = ei_fail(c, &e, "update the user");
		else
			*changed = 1;
	}
	cJSON_Delete(u);
	return ei_done(self, rc);
}

/* PATCH accountEnabled when it is not already so. */
static int set_enabled(void *self, idle_pcall *c, const char *key, int enabled, int *changed)
{
	eg_graph *g = ei_graph(self, c);
	cJSON *u = NULL, *body, *none = NULL;
	const cJSON *id, *cur;
	char path[600];
	eg_error e;
	long st;
	int rc;

	*changed = 0;
	if (!g)
		return ei_done(self, IDLE_EPROVIDER);
	rc = ei_find_user(g, c, key, "", &u);
	if (rc == IDLE_ENOTFOUND)
		rc = idle_pcall_failure(c, IDLE_FAILURE_NOT_FOUND, 0, "no user '%s' in the tenant",
		                        key);
	if (rc)
		return cJSON_Delete(u), ei_done(self, rc);
	id = cJSON_GetObjectItemCaseSensitive(u, "id");
	cur = cJSON_GetObjectItemCaseSensitive(u, "accountEnabled");
	if (!cJSON_IsBool(cur) || cJSON_IsTrue(cur) != enabled) {
		snprintf(path, sizeof(path), "/users/%s",
		         cJSON_IsString(id) ? id->valuestring : "");
		body = cJSON_CreateObject();
		cJSON_AddBoolToObject(body, "accountEnabled", enabled);
		rc = eg_call(g, c, "PATCH", path, body, &st, &none, &e);
		cJSON_Delete(body);
		cJSON_Delete(none);
		if (rc)
			rc = ei_fail(c, &e, enabled ? "enable the user" : "disable the user");
		else
			*changed = 1;
	}
	cJSON_Delete(u);
	return ei_done(self, rc);
}

static int enable(void *self, idle_pcall *c, const char *key, int *changed)
{
	return set_enabled(self, c, key, 1, changed);
}

static int disable(void *self, idle_pcall *c, const char *key, int *changed)
{
	return set_enabled(self, c, key, 0, changed);
}

/* ---- delete, sessions ---------------------------------------------------------------------------------- */

static int remove_user(void *self, idle_pcall *c, const char *key, int *changed)
{
	const ei_provider *p = self;
	eg_graph *g;
	cJSON *u = NULL, *none = NULL;
	const cJSON *id;
	char path[600];
	eg_error e;
	long st;
	int rc;

	*changed = 0;
	if (!p->allow_delete)
		return idle_pcall_failure(
		    c, IDLE_FAILURE_PERMISSION, 0,
		    "deleting users is switched off: set AllowDelete = $true on "
		    "the provider");
	if (!(g = ei_graph(self, c)))
		return ei_done(self, IDLE_EPROVIDER);
	rc = ei_find_user(g, c, key, "", &u);
	if (rc)
		return ei_done(self, rc == IDLE_ENOTFOUND ? 0 : rc); /* gone already: no change */
	id = cJSON_GetObjectItemCaseSensitive(u, "id");
	snprintf(path, sizeof(path), "/users/%s", cJSON_IsString(id) ? id->valuestring : "");
	rc = eg_call(g, c, "DELETE", path, NULL, &st, &none, &e);
	cJSON_Delete(none);
	if (cJSON_IsString(id))
		ei_forget(c, id->valuestring);
	cJSON_Delete(u);
	if (rc && e.status == 404)
		rc = 0; /* deleted meanwhile */
	else if (rc)
		rc = ei_fail(c, &e, "delete the user");
	else
		*changed = 1;
	return ei_done(self, rc);
}

static int revoke_sessions(void *self, idle_pcall *c, const char *key, int *changed)
{
	eg_graph *g = ei_graph(self, c);
	const char *uid;
	cJSON *j = NULL;
	const cJSON *v;
	char path[600];
	eg_error e;
	long st;
	int rc;

	*changed = 0;
	if (!g || !(uid = ei_user_id(g, c, key)))
		return ei_done(self, IDLE_EPROVIDER);
	snprintf(path, sizeof(path), "/users/%s/revokeSignInSessions", uid);
	rc = eg_call(g, c, "POST", path, NULL, &st, &j, &e);
	if (rc) {
		cJSON_Delete(j);
		return ei_done(self, ei_fail(c, &e, "revoke the sign-in sessions"));
	}
	/* 200 {"value": true} (Graph's known issue: always true), or 204 */
	v = cJSON_GetObjectItemCaseSensitive(j, "value");
	*changed = cJSON_IsBool(v) ? cJSON_IsTrue(v) : 1;
	cJSON_Delete(j);
	return ei_done(self, 0);
}

const idle_identity_ops ei_identity_ops = {
    .get = get,
    .create = create,
    .remove = remove_user,
    .enable = enable,
    .disable = disable,
    .ensure_attribute = ensure_attribute,
    .revoke_sessions = revoke_sessions,
};
