/*
 * providers/entraid/entraid.c - the `EntraID` provider type: options, the
 * Graph client of each auth session (one token per session per run),
 * finding users, the planning check and idle doctor.
 */
#include "providers/entraid/entraid.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "providers/entraid/ei.h"

/* ---- options ------------------------------------------------------------------------------ */

/* A URL option, checked as the HTTP layer will take it (https, or http to loopback only). */
static int url_option(idle_pinit *ctx, const idle_value *o, const char *key, const char **out)
{
	idle_http_options h = IDLE_HTTP_OPTIONS_INIT;
	idle_http_client *probe = NULL;
	idle_http_error he;
	int rc = idle_pinit_string(ctx, o, key, out);

	if (rc)
		return rc == IDLE_EINVALID ? rc : 0;
	h.base_url = *out;
	h.auth = IDLE_HTTP_AUTH_NONE;
	if (strncasecmp(*out, "https://", 8) && strncasecmp(*out, "http://", 7))
		return idle_pinit_error(ctx, idle_value_get(o, key), key,
		                        "%s must be an https:// URL ('%s')", key, *out);
	if (idle_http_new(&probe, &h, &he))
		return idle_pinit_error(ctx, idle_value_get(o, key), key, "%s: %s", key,
		                        he.message);
	idle_http_free(probe);
	return 0;
}

/* Proxy: where HTTPS goes through (a CONNECT tunnel: TLS is still end to end). */
static int proxy_option(idle_pinit *ctx, const idle_value *o, const char **out)
{
	static const char *const schemes[] = {"http://", "https://", "socks5://", "socks5h://"};
	size_t i;
	int rc = idle_pinit_string(ctx, o, "Proxy", out);

	if (rc)
		return rc == IDLE_EINVALID ? rc : 0;
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (!strncasecmp(*out, schemes[i], strlen(schemes[i])))
			return 0;
	return idle_pinit_error(ctx, idle_value_get(o, "Proxy"), "Proxy",
	                        "Proxy must be a URL like http://proxy.corp.example:3128 ('%s')",
	                        *out);
}

static int ei_init(void *self, idle_pinit *ctx, const idle_value *o)
{
	ei_provider *p = self;
	int bad = 0;

	p->graph_base = "https://graph.microsoft.com/v1.0";
	p->authority = "https://login.microsoftonline.com";
	p->timeout = 30;
	bad |= url_option(ctx, o, "GraphBaseUrl", &p->graph_base) == IDLE_EINVALID;
	bad |= url_option(ctx, o, "AuthorityUrl", &p->authority) == IDLE_EINVALID;
	bad |= idle_pinit_file(ctx, o, "CaFile", &p->ca_file) == IDLE_EINVALID;
	bad |= proxy_option(ctx, o, &p->proxy) == IDLE_EINVALID;
	bad |= idle_pinit_bool(ctx, o, "AllowDelete", &p->allow_delete) == IDLE_EINVALID;
	bad |= idle_pinit_seconds(ctx, o, "TimeoutSeconds", 600, &p->timeout) == IDLE_EINVALID;
	if (!p->allow_delete) /* deleting a user needs AllowDelete = $true (IdLE's gate) */
		idle_pinit_withhold(ctx, IDLE_CAP_IDENTITY_DELETE);
	return bad ? IDLE_EINVALID : 0;
}

static void ei_free(void *self)
{
	ei_provider *p = self;

	free(p->ca_file);
	p->ca_file = NULL;
	ei_free_clients(&p->spare);
}

/* ---- clients ------------------------------------------------------------------------------- */

static int run_cancelled(void *ud)
{
	ei_provider *p = ud;

	return p->call && idle_pcall_cancelled(p->call);
}

/* Fails c when s is no OAuth session (none: never a made-up token, B12); 0 when it is one. */
static int session_refused(idle_pcall *c, const idle_auth_session *s)
{
	if (!s)
		return idle_pcall_failure(
		    c, IDLE_FAILURE_INVALID, 0,
		    "EntraID needs an OAuth auth session, and none matches the "
		    "step's AuthSessionName and AuthSessionOptions");
	if (idle_session_type(s) != IDLE_SESSION_OAUTH)
		return idle_pcall_failure(
		    c, IDLE_FAILURE_INVALID, 0,
		    "EntraID calls Microsoft Graph with OAuth: the step's auth "
		    "session must be of type OAuth");
	return 0;
}

/* The options for session s: a token, or client credentials (secrets read now). */
static int session_options(const ei_provider *p, idle_pcall *c, const idle_auth_session *s,
                           eg_options *o, char **token, char **secret)
{
	memset(o, 0, sizeof(*o));
	*token = *secret = NULL;
	if (session_refused(c, s))
		return IDLE_EPROVIDER;
	o->graph_base = p->graph_base;
	o->authority =
	    idle_session_param(s, "Authority") ? idle_session_param(s, "Authority") : p->authority;
	o->ca_file = p->ca_file;
	o->proxy = p->proxy;
	o->timeout = p->timeout;
	o->tenant = idle_session_param(s, "TenantId");
	o->client_id = idle_session_param(s, "ClientId");
	o->scope = idle_session_param(s, "Scope");
	if (!o->tenant) { /* a bearer token (TokenEnv / TokenFile) */
		if (!(*token = idle_session_secret(s, "Token", c)))
			return IDLE_EPROVIDER;
		o->token = *token;
	} else if (!(*secret = idle_session_secret(s, "ClientSecret", c))) {
		return IDLE_EPROVIDER;
	}
	o->client_secret = *secret;
	return 0;
}

/* Takes a client for o out of the provider's spare ones (made while planning), or NULL. */
static eg_graph *take_spare(ei_provider *p, const eg_options *o)
{
	ei_run *sp = &p->spare;
	eg_graph *g;
	size_t i, j;

	for (i = 0; i < sp->n; i++)
		if (eg_graph_serves(sp->clients[i].g, o))
			break;
	if (i == sp->n)
		return NULL;
	g = sp->clients[i].g;
	for (j = 0; j < sp->n;) /* every session of the spare that shares it goes with it */
		if (sp->clients[j].g == g)
			sp->clients[j] = sp->clients[--sp->n];
		else
			j++;
	return g;
}

eg_graph *ei_graph(ei_provider *p, idle_pcall *c)
{
	ei_run *r = idle_pcall_run(c);
	const idle_auth_session *s = idle_pcall_session(c);
	char *token, *secret;
	eg_options o;
	eg_graph *g = NULL;
	eg_error e;
	size_t i;
	int rc;

	if (!r) /* planning (context resolvers), idle doctor: the provider's own clients */
		r = &p->spare;
	p->call = c;
	for (i = 0; i < r->n; i++)
		if (r->clients[i].session == s)
			return r->clients[i].g;
	if (r->n == EI_MAX_CLIENTS) {
		idle_pcall_failure(c, IDLE_FAILURE_INVALID, 0,
		                   "EntraID: a run may use at most %d auth sessions",
		                   EI_MAX_CLIENTS);
		return NULL;
	}
	if (session_options(p, c, s, &o, &token, &secret))
		return NULL;
	o.cancelled = run_cancelled;
	o.cancel_ud = p;
	for (i = 0; i < r->n && !g; i++)
		if (eg_graph_serves(r->clients[i].g, &o))
			g = r->clients[i].g; /* another session, the same credential */
	if (!g && r != &p->spare)            /* the token planning got serves the run too */
		g = take_spare(p, &o);
	rc = g ? 0 : eg_graph_new(&g, &o, &e);
	idle_session_secret_free(token);
	idle_session_secret_free(secret);
	if (rc) {
		ei_fail(c, &e, "set up the Graph client");
		return NULL;
	}
	r->clients[r->n].session = s;
	r->clients[r->n++].g = g;
	return g;
}

static char *id_name(const char *what, const char *name)
{
	char *s = malloc(strlen(what) + strlen(name) + 2);

	if (s)
		sprintf(s, "%s:%s", what, name);
	return s;
}

static size_t id_find(const ei_run *r, const char *what, const char *name)
{
	size_t i, n = strlen(what);

	for (i = 0; i < r->nids; i++)
		if (!strncmp(r->ids[i].name, what, n) && r->ids[i].name[n] == ':' &&
		    !strcmp(r->ids[i].name + n + 1, name))
			break;
	return i;
}

const char *ei_known(idle_pcall *c, const char *what, const char *name)
{
	ei_run *r = idle_pcall_run(c);
	size_t i;

	if (!r || (i = id_find(r, what, name)) == r->nids)
		return NULL;
	return idle_pcall_strdup(c, r->ids[i].id);
}

void ei_learn(idle_pcall *c, const char *what, const char *name, const char *id)
{
	ei_run *r = idle_pcall_run(c);

	if (!r || id_find(r, what, name) < r->nids || r->nids == EI_MAX_IDS)
		return; /* a full table only costs lookups */
	if ((r->ids[r->nids].name = id_name(what, name)) && (r->ids[r->nids].id = strdup(id)))
		r->nids++;
	else
		free(r->ids[r->nids].name);
}

void ei_forget(idle_pcall *c, const char *id)
{
	ei_run *r = idle_pcall_run(c);
	size_t i = 0;

	while (r && i < r->nids)
		if (!strcasecmp(r->ids[i].id, id)) {
			free(r->ids[i].name);
			free(r->ids[i].id);
			r->ids[i] = r->ids[--r->nids];
		} else {
			i++;
		}
}

void ei_free_clients(ei_run *r)
{
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		for (j = 0; j < i && r->clients[j].g != r->clients[i].g; j++)
			;
		if (j == i) /* shared clients are freed once */
			eg_graph_free(r->clients[i].g);
	}
	r->n = 0;
	for (i = 0; i < r->nids; i++) {
		free(r->ids[i].name);
		free(r->ids[i].id);
	}
	r->nids = 0;
}

int ei_done(void *self, int rc)
{
	((ei_provider *)self)->call = NULL;
	return rc;
}

static int ei_close(void *self, idle_pcall *c)
{
	ei_run *r = idle_pcall_run(c);

	(void)self;
	if (r)
		ei_free_clients(r); /* the tokens are wiped with them */
	return 0;
}

/* ---- shared helpers ---------------------------------------------------------------------------- */

int ei_fail(idle_pcall *c, const eg_error *e, const char *doing)
{
	return idle_pcall_failure(c, e->kind, e->retry_after, "cannot %s: %s", doing, e->message);
}

int ei_is_guid(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 32) {
		for (i = 0; i < n; i++)
			if (!isxdigit((unsigned char)s[i]))
				return 0;
		return 1;
	}
	if (n != 36)
		return 0;
	for (i = 0; i < n; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23 ? s[i] != '-'
		                                            : !isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

const char *ei_escape(idle_pcall *c, const char *s)
{
	char *e = idle_http_escape(s);
	const char *out = e ? idle_pcall_strdup(c, e) : NULL;

	free(e);
	if (!out)
		idle_pcall_failure(c, IDLE_FAILURE_INTERNAL, 0, "out of memory");
	return out;
}

/* The first user whose property equals value ($filter): 0, IDLE_ENOTFOUND, or a failure. */
static int user_where(eg_graph *g, idle_pcall *c, const char *property, const char *value,
                      const char *extra, cJSON **user)
{
	char *f = eg_filter(property, value), path[2400];
	cJSON *j = NULL;
	const cJSON *v;
	eg_error e;
	long st;

	if (!f)
		return idle_pcall_failure(c, IDLE_FAILURE_INTERNAL, 0, "out of memory");
	snprintf(path, sizeof(path), "/users?%s&$select=" EI_USER_SELECT "%s", f, extra);
	free(f);
	if (eg_call(g, c, "GET", path, NULL, &st, &j, &e))
		return ei_fail(c, &e, "look the user up");
	v = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "value"), 0);
	*user = v ? cJSON_Duplicate(v, 1) : NULL;
	cJSON_Delete(j);
	if (!v)
		return IDLE_ENOTFOUND;
	return *user ? 0 : idle_pcall_failure(c, IDLE_FAILURE_INTERNAL, 0, "out of memory");
}

/* A user by object id (strictly a GUID, B7), UPN, then mail (§1.5). */
static int find_user(eg_graph *g, idle_pcall *c, const char *key, const char *extra, cJSON **user)
{
	char path[2048];
	eg_error e;
	long st;
	int rc;

	*user = NULL;
	if (!ei_is_guid(key) && !strchr(key, '@'))
		return idle_pcall_failure(
		    c, IDLE_FAILURE_INVALID, 0,
		    "IdentityKey '%s' is not in a recognized format (objectId "
		    "GUID, UPN, or mail)",
		    key);
	if (!ei_is_guid(key) && (strchr(key, '\'') || key[0] == '$')) {
		/* a UPN with a quote, or one that starts with '$', is not a safe path segment: by
		 * $filter (the quote doubled, B6) */
		rc = user_where(g, c, "userPrincipalName", key, extra, user);
	} else {
		const char *k = ei_escape(c, key); /* '#' of a guest's #EXT# UPN becomes %23 */

		if (!k)
			return IDLE_EPROVIDER;
		snprintf(path, sizeof(path), "/users/%s?$select=" EI_USER_SELECT "%s", k, extra);
		rc = eg_call(g, c, "GET", path, NULL, &st, user, &e);
		if (rc && e.status != 404)
			return ei_fail(c, &e, "look the user up");
		rc = rc ? IDLE_ENOTFOUND : 0;
	}
	if (rc != IDLE_ENOTFOUND || ei_is_guid(key))
		return rc;
	return user_where(g, c, "mail", key, extra, user); /* a UPN that is none: maybe a mail */
}

int ei_find_user(eg_graph *g, idle_pcall *c, const char *key, const char *extra, cJSON **user)
{
	const char *known = ei_known(c, "user", key);
	int rc = find_user(g, c, known ? known : key, extra, user);
	const cJSON *id = rc ? NULL : cJSON_GetObjectItemCaseSensitive(*user, "id");

	if (rc == IDLE_ENOTFOUND && known) /* seen (or made) in this run: a replica lags behind */
		return idle_pcall_failure(c, IDLE_FAILURE_TRANSIENT, 0,
		                          "user '%s' (%s) is not visible yet: Graph's replicas are "
		                          "still catching up",
		                          key, known);

	if (cJSON_IsString(id))
		ei_learn(c, "user", key, id->valuestring);
	return rc;
}

const char *ei_user_id(eg_graph *g, idle_pcall *c, const char *key)
{
	cJSON *u = NULL;
	const cJSON *id;
	const char *out = ei_known(c, "user", key);
	int rc;

	if (out)
		return out;
	rc = ei_find_user(g, c, key, "", &u);

	if (rc == IDLE_ENOTFOUND)
		idle_pcall_failure(c, IDLE_FAILURE_NOT_FOUND, 0, "no user '%s' in the tenant", key);
	else if (rc == 0 && cJSON_IsString(id = cJSON_GetObjectItemCaseSensitive(u, "id")) &&
	         !(out = idle_pcall_strdup(c, id->valuestring)))
		idle_pcall_failure(c, IDLE_FAILURE_INTERNAL, 0, "out of memory");
	else if (rc == 0 && !out)
		idle_pcall_failure(c, IDLE_FAILURE_INTERNAL, 0,
		                   "Graph returned a user without an id");
	cJSON_Delete(u);
	return out;
}

/* An unbiased index below n from the random bytes r (refilled when used up); -1 on failure. */
static int pick(unsigned char *r, size_t size, size_t *used, unsigned n)
{
	unsigned limit = 256 - 256 % n;

	for (;;) {
		if (*used == size) {
			if (getrandom(r, size, 0) != (ssize_t)size)
				return -1;
			*used = 0;
		}
		if (r[*used] < limit)
			return r[(*used)++] % n;
		(*used)++;
	}
}

int ei_new_password(char *buf, size_t size)
{
	static const char *const sets[] = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz",
	                                   "23456789", "!#%+-.=?@^_~"};
	unsigned char r[64];
	size_t used = sizeof(r), i, n = EI_PASSWORD_LENGTH;
	int cls, k, rc = 0;

	if (size <= n)
		return -1;
	for (i = 0; i < n && rc == 0; i++) { /* one of each class, then any class */
		cls = i < 4 ? (int)i : pick(r, sizeof(r), &used, 4);
		if (cls < 0 || (k = pick(r, sizeof(r), &used, (unsigned)strlen(sets[cls]))) < 0)
			rc = -1;
		else
			buf[i] = sets[cls][k];
	}
	for (i = n - 1; i > 0 && rc == 0; i--) { /* shuffled: no class at a known place */
		char t = buf[i];

		if ((k = pick(r, sizeof(r), &used, (unsigned)(i + 1))) < 0) {
			rc = -1;
		} else {
			buf[i] = buf[k];
			buf[k] = t;
		}
	}
	buf[n] = '\0';
	explicit_bzero(r, sizeof(r));
	if (rc)
		explicit_bzero(buf, size);
	return rc;
}

/* ---- planning and idle doctor -------------------------------------------------------------------- */

static int ei_check_step(void *self, idle_pcall *c, const char *step_type, const idle_value *with)
{
	const idle_auth_session *s = idle_pcall_session(c);

	(void)self, (void)step_type, (void)with;
	return session_refused(c, s) ? IDLE_EPROVIDER : 0; /* found out now (B12) */
}

/* idle doctor: a token, then one read of each kind of object the provider changes. */
static int ei_doctor(void *self, idle_pcall *c, const char *computer)
{
	static const struct {
		const char *what, *path, *permission;
	} reads[] = {
	    {"users", "/users?$top=1&$select=id", "User.ReadWrite.All"},
	    {"groups", "/groups?$top=1&$select=id", "GroupMember.ReadWrite.All"},
	    {"administrative units", "/directory/administrativeUnits?$top=1&$select=id",
	     "AdministrativeUnit.ReadWrite.All"},
	};
	ei_provider *p = self;
	eg_graph *g;
	size_t i;

	(void)computer;
	idle_pcall_check_target(c, "%s", p->graph_base);
	if (!(g = ei_graph(p, c))) {
		idle_pcall_check(c, IDLE_CHECK_FAIL, "credentials",
		                 "an OAuth session with TenantId, ClientId and ClientSecretEnv (or "
		                 "TokenEnv) whose variables are set",
		                 "the session cannot be used");
		return ei_done(p, 0);
	}
	for (i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		cJSON *j = NULL;
		eg_error e;
		long status;

		if (eg_call(g, c, "GET", reads[i].path, NULL, &status, &j, &e) == 0) {
			if (i == 0)
				idle_pcall_check(c, IDLE_CHECK_PASS, "token", NULL, "issued");
			idle_pcall_check(c, IDLE_CHECK_PASS, reads[i].what, NULL, "readable");
		} else {
			if (e.token) {
				idle_pcall_check(
				    c, IDLE_CHECK_FAIL, "token",
				    "check TenantId, ClientId and the client secret of the app "
				    "registration, and AuthorityUrl",
				    "%s", e.message);
				break;
			}
			if (i == 0)
				idle_pcall_check(c, IDLE_CHECK_PASS, "token", NULL, "issued");
			idle_pcall_check(
			    c, IDLE_CHECK_FAIL, reads[i].what,
			    e.status == 403
			        ? "grant the app registration this application permission "
			          "and admin consent"
			        : NULL,
			    "%s%s%s%s", e.message, e.status == 403 ? " (needs " : "",
			    e.status == 403 ? reads[i].permission : "", e.status == 403 ? ")" : "");
		}
		cJSON_Delete(j);
	}
	idle_pcall_check(c, IDLE_CHECK_INFO, "writes", NULL,
	                 "not tried (doctor changes nothing): creating users and revoking sessions "
	                 "need User.ReadWrite.All and User.RevokeSessions.All");
	return ei_done(p, 0);
}

static const char *const ei_options[] = {"GraphBaseUrl", "AuthorityUrl",   "CaFile", "Proxy",
                                         "AllowDelete",  "TimeoutSeconds", NULL};
/* the operations give the rest; pruning is List + Revoke */
static const char *const ei_capabilities[] = {IDLE_CAP_ENTITLEMENT_PRUNE, NULL};

const idle_provider_type idle_provider_entraid = {
    IDLE_PROVIDER_TYPE_INIT,
    .name = "EntraID",
    .summary = "Entra ID users, groups and administrative units over Microsoft Graph",
    .capabilities = ei_capabilities,
    .options = ei_options,
    .flags = IDLE_PROVIDER_USES_SESSIONS,
    .state_size = sizeof(ei_provider),
    .run_size = sizeof(ei_run),
    .init = ei_init,
    .free = ei_free,
    .close = ei_close,
    .check_step = ei_check_step,
    .doctor = ei_doctor,
    .identity = &ei_identity_ops,
    .entitlement = &ei_entitlement_ops,
};
