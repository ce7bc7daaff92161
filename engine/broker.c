/*
 * engine/broker.c - AuthSessions: loading, matching, secrets.
 */
#include "engine/broker.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/suggest.h"
#include "core/utf8.h"
#include "engine/provider.h"

static const char *const kind_names[] = {"Credential", "OAuth", "PSRemoting", NULL};

/* Credential keys per session type; secrets only by reference (…Env, …File). */
static const char *const keys_credential[] = {"UserName", "PasswordEnv", "PasswordFile", NULL};
static const char *const keys_remoting[] = {"UserName", "PasswordEnv", "PasswordFile", "Endpoint",
                                            NULL};
static const char *const keys_oauth[] = {"TokenEnv", "TokenFile",       "TenantId",
                                         "ClientId", "ClientSecretEnv", "ClientSecretFile",
                                         "Scope",    "Authority",       NULL};
/* keys that would hold a secret inline, and what to write instead */
static const char *const inline_secrets[][2] = {
    {"Password", "PasswordEnv (an environment variable's name) or PasswordFile (a file's path)"},
    {"ClientSecret", "ClientSecretEnv or ClientSecretFile"},
    {"Token", "TokenEnv or TokenFile"},
    {"AccessToken", "TokenEnv or TokenFile"},
    {"RefreshToken", "TokenEnv or TokenFile"},
    {"Secret", "an ...Env or ...File key"},
    {"ApiKey", "an ...Env or ...File key"},
    {"PrivateKey", "an ...File key"},
    {NULL, NULL}};

/* A missing or non-string value, or a string of white space. */
static int blank(const idle_value *v)
{
	return !v || v->kind != IDLE_STRING || idle_val_blank(v);
}

static int env_name_ok(const idle_value *v)
{
	uint32_t i;

	if (blank(v))
		return 0;
	for (i = 0; i < v->n; i++) {
		char c = v->u.s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
		      (i && c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

/* Exactly one of <base>Env / <base>File. */
static void want_secret(idle_vctx *v, const idle_value *cred, const char *base, int required)
{
	char env[32], file[32];
	const idle_value *e, *f;

	snprintf(env, sizeof(env), "%sEnv", base);
	snprintf(file, sizeof(file), "%sFile", base);
	e = idle_map_get(cred, env, strlen(env));
	f = idle_map_get(cred, file, strlen(file));
	if (e && f) {
		idle_vctx_error(v, IDLE_CODE_AUTH, f, "give either %s or %s, not both", env, file);
	} else if (!e && !f) {
		if (required)
			idle_vctx_error(
			    v, IDLE_CODE_AUTH, cred,
			    "the credential needs %s (an environment variable's name) or "
			    "%s (a file's path)",
			    env, file);
	} else if (e) {
		if (!env_name_ok(e)) {
			idle_vctx_push_key(v, env, strlen(env));
			idle_vctx_error(
			    v, IDLE_CODE_AUTH, e,
			    "%s must name an environment variable (letters, digits and '_', not "
			    "starting with a digit)",
			    env);
			idle_vctx_pop(v);
		}
	} else if (blank(f)) {
		idle_vctx_push_key(v, file, strlen(file));
		idle_vctx_error(v, IDLE_CODE_AUTH, f, "%s must be a file path", file);
		idle_vctx_pop(v);
	}
}

static void check_credential(idle_vctx *v, idle_session_kind kind, const idle_value *cred)
{
	const char *const *allowed = kind == IDLE_SESSION_OAUTH      ? keys_oauth
	                             : kind == IDLE_SESSION_REMOTING ? keys_remoting
	                                                             : keys_credential;
	char where[64];
	uint32_t i;
	size_t k;

	for (i = 0; i < cred->n; i++) {
		const idle_member *m = &cred->u.members[i];
		idle_diag *d;

		for (k = 0; inline_secrets[k][0]; k++)
			if (idle_utf8_caseeqz(m->key, m->klen, inline_secrets[k][0]))
				break;
		if (inline_secrets[k][0]) {
			d = idle_vctx_error_key(v, IDLE_CODE_AUTH, m,
			                        "inline secrets are not allowed: '%s' would keep a "
			                        "secret in this file",
			                        m->key);
			idle_diag_set_hint(d, "use %s", inline_secrets[k][1]);
			continue;
		}
		snprintf(where, sizeof(where), "a %s credential", kind_names[kind]);
		if (idle_vctx_unknown_key(v, IDLE_CODE_AUTH, m, allowed, where))
			continue;
		if (m->val.kind != IDLE_STRING || blank(&m->val)) {
			idle_vctx_push_key(v, m->key, m->klen);
			idle_vctx_error(v, IDLE_CODE_AUTH, &m->val,
			                "'%s' must be a non-empty string", m->key);
			idle_vctx_pop(v);
		}
	}
	if (kind == IDLE_SESSION_OAUTH) {
		int token = idle_map_get(cred, IDLE_LIT("TokenEnv")) ||
		            idle_map_get(cred, IDLE_LIT("TokenFile"));
		int client = idle_map_get(cred, IDLE_LIT("ClientId")) != NULL;

		if (token && client) {
			idle_vctx_error(
			    v, IDLE_CODE_AUTH, cred,
			    "an OAuth credential is either a token (TokenEnv/TokenFile) or "
			    "client credentials (TenantId, ClientId, ClientSecretEnv), not "
			    "both");
		} else if (token) {
			want_secret(v, cred, "Token", 1);
		} else if (client || idle_map_get(cred, IDLE_LIT("TenantId"))) {
			if (!idle_map_get(cred, IDLE_LIT("TenantId")) || !client)
				idle_vctx_error(v, IDLE_CODE_AUTH, cred,
				                "client credentials need TenantId and ClientId");
			want_secret(v, cred, "ClientSecret", 1);
		} else {
			idle_vctx_error(
			    v, IDLE_CODE_AUTH, cred,
			    "an OAuth credential needs TokenEnv or TokenFile, or TenantId, "
			    "ClientId and ClientSecretEnv");
		}
	} else {
		if (blank(idle_map_get(cred, IDLE_LIT("UserName"))) &&
		    !idle_map_get(cred, IDLE_LIT("UserName")))
			idle_vctx_error(v, IDLE_CODE_AUTH, cred, "the credential needs a UserName");
		want_secret(v, cred, "Password", 1);
	}
}

/* One typed session value: @{ AuthSessionType = ...; Credential = @{...} [; Match = @{...}] }. */
static int load_session(idle_vctx *v, const idle_value *e, int with_match, idle_auth_session *out)
{
	static const char *const keys_entry[] = {"Match", "AuthSessionType", "Credential", NULL};
	static const char *const keys_default[] = {"AuthSessionType", "Credential", NULL};
	const char *const *allowed = with_match ? keys_entry : keys_default;
	const idle_value *type, *cred, *match = NULL;
	size_t errors = v->errors, k;
	uint32_t i;

	memset(out, 0, sizeof(*out));
	if (e->kind != IDLE_MAP) {
		idle_vctx_error(
		    v, IDLE_CODE_AUTH, e,
		    "a session must be a hashtable (%sAuthSessionType, Credential), not %s",
		    with_match ? "Match, " : "", idle_val_describe(e));
		return -1;
	}
	for (i = 0; i < e->n; i++)
		idle_vctx_unknown_key(v, IDLE_CODE_AUTH, &e->u.members[i], allowed, "a session");
	type = idle_map_get(e, IDLE_LIT("AuthSessionType"));
	if (!type || type->kind != IDLE_STRING ||
	    !idle_utf8_in_list(type->u.s, type->n, kind_names)) {
		idle_diag *d;

		if (type)
			idle_vctx_push_key(v, IDLE_LIT("AuthSessionType"));
		if (!type)
			d = idle_vctx_error(
			    v, IDLE_CODE_AUTH, e,
			    "a session needs an AuthSessionType: 'OAuth', 'PSRemoting' "
			    "or 'Credential'");
		else if (type->kind != IDLE_STRING)
			d = idle_vctx_error(v, IDLE_CODE_AUTH, type,
			                    "AuthSessionType must be 'OAuth', 'PSRemoting' or "
			                    "'Credential', not %s",
			                    idle_val_describe(type));
		else
			d = idle_vctx_error(v, IDLE_CODE_AUTH, type,
			                    "AuthSessionType must be 'OAuth', 'PSRemoting' or "
			                    "'Credential'; got '%s'",
			                    type->u.s);
		if (type && type->kind == IDLE_STRING)
			idle_diag_suggest(d, type->u.s, type->n, kind_names);
		if (type)
			idle_vctx_pop(v);
	} else {
		for (k = 0; kind_names[k]; k++)
			if (idle_utf8_caseeqz(type->u.s, type->n, kind_names[k]))
				out->kind = (idle_session_kind)k;
	}
	cred = idle_map_get(e, IDLE_LIT("Credential"));
	if (!cred || cred->kind != IDLE_MAP) {
		if (cred)
			idle_vctx_push_key(v, IDLE_LIT("Credential"));
		idle_vctx_error(v, IDLE_CODE_AUTH, cred ? cred : e,
		                "a session needs Credential = @{ ... } (user name and where its "
		                "secret is)%s%s",
		                cred ? ", not " : "", cred ? idle_val_describe(cred) : "");
		if (cred)
			idle_vctx_pop(v);
	} else if (v->errors == errors) {
		idle_vctx_push_key(v, IDLE_LIT("Credential"));
		check_credential(v, out->kind, cred);
		idle_vctx_pop(v);
	}
	if (with_match) {
		match = idle_map_get(e, IDLE_LIT("Match"));
		if (!match || match->kind != IDLE_MAP) {
			if (match)
				idle_vctx_push_key(v, IDLE_LIT("Match"));
			idle_vctx_error(
			    v, IDLE_CODE_AUTH, match ? match : e,
			    "a SessionMap entry needs Match = @{ ... } (the AuthSessionName "
			    "and options it serves)");
			if (match)
				idle_vctx_pop(v);
		} else {
			idle_vctx_push_key(v, IDLE_LIT("Match"));
			for (i = 0; i < match->n; i++) {
				const idle_member *m = &match->u.members[i];

				if (m->val.kind == IDLE_MAP || m->val.kind == IDLE_ARRAY) {
					idle_vctx_push_key(v, m->key, m->klen);
					idle_vctx_error(
					    v, IDLE_CODE_AUTH, &m->val,
					    "Match values are compared as text: '%s' must be "
					    "a string, number or boolean",
					    m->key);
					idle_vctx_pop(v);
				}
				if (idle_utf8_caseeqz(m->key, m->klen, "CorrelationId") ||
				    idle_utf8_caseeqz(m->key, m->klen, "Actor")) {
					idle_diag *d = idle_vctx_warning(
					    v, IDLE_CODE_AUTH, &m->val,
					    "the pattern includes '%s', which the engine sets itself on "
					    "every request: it may not match what you expect",
					    m->key);

					idle_diag_set_hint(d, "route with keys of your own");
				}
			}
			idle_vctx_pop(v);
		}
	}
	out->match = match;
	out->credential = cred;
	return v->errors == errors ? 0 : -1;
}

void idle_broker_load(idle_broker *b, idle_vctx *v, idle_arena *a, const idle_value *auth,
                      const char *base_dir)
{
	static const char *const keys[] = {"SessionMap", "DefaultAuthSession", NULL};
	const idle_value *map, *def;
	uint32_t i;

	memset(b, 0, sizeof(*b));
	if (!auth || auth->kind == IDLE_NULL)
		return;
	if (auth->kind != IDLE_MAP) {
		idle_vctx_error(
		    v, IDLE_CODE_AUTH, auth,
		    "AuthSessions must be a hashtable (SessionMap, DefaultAuthSession), "
		    "not %s",
		    idle_val_describe(auth));
		return;
	}
	b->configured = 1;
	for (i = 0; i < auth->n; i++)
		idle_vctx_unknown_key(v, IDLE_CODE_AUTH, &auth->u.members[i], keys, "AuthSessions");
	map = idle_map_get(auth, IDLE_LIT("SessionMap"));
	def = idle_map_get(auth, IDLE_LIT("DefaultAuthSession"));
	if (map && map->kind != IDLE_NULL) {
		idle_vctx_push_key(v, IDLE_LIT("SessionMap"));
		if (map->kind != IDLE_ARRAY) {
			idle_diag *d =
			    idle_vctx_error(v, IDLE_CODE_AUTH, map,
			                    "SessionMap must be a list of session entries, "
			                    "not %s",
			                    idle_val_describe(map));

			if (map->kind == IDLE_MAP)
				idle_diag_set_hint(d, "wrap the entry in @( ... )");
		} else if (map->n) {
			b->entries = idle_arena_calloc(a, map->n, sizeof(*b->entries));
			if (!b->entries)
				v->oom = 1;
			for (i = 0; b->entries && i < map->n; i++) {
				idle_vctx_push_index(v, i);
				if (load_session(v, &map->u.items[i], 1, &b->entries[b->n]) == 0)
					b->entries[b->n++].base_dir = base_dir;
				idle_vctx_pop(v);
			}
		}
		idle_vctx_pop(v);
	}
	if (def && def->kind != IDLE_NULL) {
		idle_auth_session *s = idle_arena_calloc(a, 1, sizeof(*s));

		idle_vctx_push_key(v, IDLE_LIT("DefaultAuthSession"));
		if (!s)
			v->oom = 1;
		else if (load_session(v, def, 0, s) == 0) {
			s->base_dir = base_dir;
			b->fallback = s;
		}
		idle_vctx_pop(v);
	} else if (!map || map->kind != IDLE_ARRAY || !map->n) {
		idle_vctx_error(v, IDLE_CODE_AUTH, auth,
		                "SessionMap is empty or null: DefaultAuthSession must be provided "
		                "when SessionMap is not used");
	}
}

/* ---- matching (AcquireAuthSession) ------------------------------------------------ */

static int framework_key(const idle_member *m)
{
	return idle_utf8_caseeqz(m->key, m->klen, "CorrelationId") ||
	       idle_utf8_caseeqz(m->key, m->klen, "Actor");
}

/* Every pattern key except skip must be in options with an equal value. */
static int keys_match(const idle_value *pattern, const idle_value *options, const char *skip)
{
	uint32_t i;

	for (i = 0; i < pattern->n; i++) {
		const idle_member *m = &pattern->u.members[i];
		const idle_value *o;

		if (skip && idle_utf8_caseeqz(m->key, m->klen, skip))
			continue;
		o = options ? idle_map_get(options, m->key, m->klen) : NULL;
		if (!o || !idle_val_text_equal(o, &m->val))
			return 0;
	}
	return 1;
}

static int has_user_keys(const idle_value *options)
{
	uint32_t i;

	for (i = 0; options && i < options->n; i++)
		if (!framework_key(&options->u.members[i]))
			return 1;
	return 0;
}

/* "{ k=v, k2=v2 }" */
static void describe(idle_buf *b, const idle_value *map)
{
	uint32_t i;

	idle_buf_adds(b, "{ ");
	for (i = 0; map && i < map->n; i++) {
		idle_buf_printf(b, "%s%s=", i ? ", " : "", map->u.members[i].key);
		idle_val_text(b, &map->u.members[i].val);
	}
	idle_buf_adds(b, " }");
}

static int fallback(const idle_broker *b, const idle_auth_session **out, idle_error *err,
                    const char *msg)
{
	if (b->fallback) {
		*out = b->fallback;
		return 0;
	}
	return idle_error_set(err, IDLE_ENOTFOUND, "%s", msg);
}

/* How entry e matches (name, options): 1 by AuthSessionName, 2 by options alone, 0 not. */
static int match_kind(const idle_auth_session *e, const char *name, const idle_value *options)
{
	const idle_value *p = e->match;
	const idle_value *an = idle_map_get(p, IDLE_LIT("AuthSessionName"));

	if (an) {
		idle_value n;

		idle_val_string_ref(&n, name, strlen(name));
		if (!idle_val_text_equal(an, &n))
			return 0;
		/* only AuthSessionName: the request must carry no options of its own */
		if (p->n == 1)
			return has_user_keys(options) ? 0 : 1;
		return keys_match(p, options, "AuthSessionName") ? 1 : 0;
	}
	return options && options->n && keys_match(p, options, NULL) ? 2 : 0;
}

int idle_broker_acquire(const idle_broker *b, const char *name, const idle_value *options,
                        const idle_auth_session **out, idle_error *err)
{
	size_t count[3] = {0, 0, 0}, i;
	idle_buf msg = IDLE_BUF_INIT;
	int want, rc, first = 1;

	*out = NULL;
	if (options && options->kind != IDLE_MAP)
		options = NULL;
	if (!*name)
		return fallback(b, out, err, "No default auth session configured.");
	if (!b->n)
		return fallback(b, out, err,
		                "No SessionMap configured and no default auth session available.");
	for (i = 0; i < b->n; i++)
		count[match_kind(&b->entries[i], name, options)]++;
	/* a match by name wins over a match by options alone */
	want = count[1] ? 1 : count[2] ? 2 : 0;
	if (want && count[want] == 1) {
		for (i = 0; i < b->n; i++)
			if (match_kind(&b->entries[i], name, options) == want)
				*out = &b->entries[i];
		return 0;
	}
	if (want) {
		idle_buf_printf(&msg,
		                "Ambiguous auth session match for Name='%s'. Multiple entries "
		                "matched: ",
		                name);
		for (i = 0; i < b->n; i++) {
			if (match_kind(&b->entries[i], name, options) != want)
				continue;
			if (!first)
				idle_buf_adds(&msg, "; ");
			first = 0;
			describe(&msg, b->entries[i].match);
		}
		idle_buf_adds(&msg, ". Provide AuthSessionOptions to disambiguate.");
		idle_error_set(err, IDLE_EAMBIGUOUS, "%s",
		               msg.data ? msg.data : "Ambiguous auth session match.");
		idle_buf_free(&msg);
		return IDLE_EAMBIGUOUS;
	}
	idle_buf_printf(&msg, "No matching auth session found for Name='%s'", name);
	if (options && options->n) {
		idle_buf_adds(&msg, ", Options=");
		describe(&msg, options);
	}
	idle_buf_adds(&msg, " and no default auth session configured.");
	rc = fallback(b, out, err, msg.data ? msg.data : "No matching auth session found.");
	idle_buf_free(&msg);
	return rc;
}
