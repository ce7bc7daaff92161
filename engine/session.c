/*
 * engine/session.c - what a provider sees of an auth session (its type, its
 * parameters, its secrets read at the moment they are needed), and sessions
 * a host makes in code and hands out through its session source.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <idle/session.h>
#include <idle/sys/provider.h>

#include "core/grow.h"
#include "core/buf.h"
#include "engine/broker.h"
#include "engine/config.h"

static int is_secret(const char *name)
{
	return !strcmp(name, "Password") || !strcmp(name, "Token") || !strcmp(name, "ClientSecret");
}

static void wipe(char *s)
{
	/* volatile writes so that the wipe is not optimised away */
	for (volatile char *p = s; p && *p; p++)
		*p = 0;
}

/* ---- host sessions ------------------------------------------------------------------------ */

idle_auth_session *idle_session_new(idle_session_kind kind)
{
	idle_auth_session *s;

	if (kind != IDLE_SESSION_CREDENTIAL && kind != IDLE_SESSION_OAUTH &&
	    kind != IDLE_SESSION_REMOTING)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->kind = kind;
	s->host = 1;
	return s;
}

static idle_session_kv *find_kv(const idle_auth_session *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nkv; i++)
		if (!strcmp(s->kv[i].name, name))
			return &s->kv[i];
	return NULL;
}

int idle_session_set(idle_auth_session *s, const char *name, const char *value)
{
	idle_session_kv *kv;
	char *copy;

	if (!s || !s->host || !name || !*name || !value)
		return IDLE_EARG;
	copy = strdup(value);
	if (!copy)
		return IDLE_ENOMEM;
	kv = find_kv(s, name);
	if (kv) {
		wipe(kv->value);
		free(kv->value);
		kv->value = copy;
		return 0;
	}
	if (IDLE_GROW(s->kv, s->nkv + 1, s->capkv, 4)) {
		free(copy);
		return IDLE_ENOMEM;
	}
	s->kv[s->nkv].name = strdup(name);
	if (!s->kv[s->nkv].name) {
		free(copy);
		return IDLE_ENOMEM;
	}
	s->kv[s->nkv++].value = copy;
	return 0;
}

void idle_session_free(idle_auth_session *s)
{
	size_t i;

	if (!s || !s->host)
		return;
	for (i = 0; i < s->nkv; i++) {
		wipe(s->kv[i].value);
		free(s->kv[i].value);
		free(s->kv[i].name);
	}
	free(s->kv);
	free(s);
}

void idle_config_set_session_source(idle_config *cfg, idle_session_source fn, void *ud)
{
	if (!cfg)
		return;
	cfg->session_source = fn;
	cfg->session_ud = fn ? ud : NULL;
}

int idle_session__from_host(const idle_config *cfg, const char *name, const idle_value *options,
                            const idle_auth_session **out, idle_error *err)
{
	int rc;

	*out = NULL;
	if (!cfg || !cfg->session_source)
		return IDLE_ENOTFOUND;
	err->code = 0;
	err->message[0] = '\0';
	rc = cfg->session_source(cfg->session_ud, name, options, out, err);
	if (rc == IDLE_ENOTFOUND) {
		*out = NULL;
		return rc;
	}
	if (rc) {
		*out = NULL;
		if (!err->message[0])
			idle_error_set(err, rc, "the host's session source failed for '%s': %s",
			               *name ? name : "(default)", idle_strerror(rc));
		return rc < 0 ? rc : IDLE_EUSER;
	}
	return 0;
}

/* ---- the provider author's view of a session ---------------------------------------------- */

idle_session_kind idle_session_type(const idle_auth_session *s)
{
	return s ? s->kind : IDLE_SESSION_CREDENTIAL;
}

const char *idle_session_param(const idle_auth_session *s, const char *name)
{
	const idle_value *v;
	const idle_session_kv *kv;

	if (!s || !name || is_secret(name))
		return NULL;
	if (s->host) {
		kv = find_kv(s, name);
		return kv ? kv->value : NULL;
	}
	v = idle_map_get(s->credential, name, strlen(name));
	return v && v->kind == IDLE_STRING ? v->u.s : NULL;
}

static char *read_secret_file(const char *path, const char *base, idle_pcall *c, const char *what)
{
	char full[4096];
	FILE *f;
	idle_buf b = IDLE_BUF_INIT;
	char chunk[512];
	size_t n;

	if (path[0] == '/' || !base || !*base)
		snprintf(full, sizeof(full), "%s", path);
	else
		snprintf(full, sizeof(full), "%s/%s", base, path);
	f = fopen(full, "rb");
	if (!f) {
		idle_pcall_fail(c, 0, "cannot read the %s file '%s': %s", what, full,
		                strerror(errno));
		return NULL;
	}
	b.max = 1 << 20;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		idle_buf_add(&b, chunk, n);
	fclose(f);
	memset(chunk, 0, sizeof(chunk));
	/* one trailing line break is not part of the secret */
	if (!b.failed && b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	if (!b.failed && b.len && b.data[b.len - 1] == '\r')
		b.data[--b.len] = '\0';
	if (b.failed || !b.data) {
		idle_pcall_fail(c, 0, "the %s file '%s' is empty or too large", what, full);
		idle_buf_free(&b);
		return NULL;
	}
	return b.data;
}

char *idle_session_secret(const idle_auth_session *s, const char *name, idle_pcall *c)
{
	char key[64];
	const idle_value *env, *file;

	if (!s || !name)
		return NULL;
	if (s->host) {
		const idle_session_kv *kv = find_kv(s, name);
		char *copy;

		if (!kv || !*kv->value) {
			idle_pcall_fail(c, 0, "the auth session has no %s", name);
			return NULL;
		}
		copy = strdup(kv->value);
		if (!copy)
			idle_pcall_fail(c, 0, "out of memory");
		return copy;
	}
	snprintf(key, sizeof(key), "%sEnv", name);
	env = idle_map_get(s->credential, key, strlen(key));
	snprintf(key, sizeof(key), "%sFile", name);
	file = idle_map_get(s->credential, key, strlen(key));
	if (env && env->kind == IDLE_STRING) {
		const char *val = getenv(env->u.s);

		if (!val || !*val) {
			idle_pcall_fail(c, 0,
			                "the environment variable %s (the session's %s) is not set",
			                env->u.s, name);
			return NULL;
		}
		return strdup(val);
	}
	if (file && file->kind == IDLE_STRING)
		return read_secret_file(file->u.s, s->base_dir, c, name);
	idle_pcall_fail(c, 0, "the auth session has no %s", name);
	return NULL;
}

void idle_session_secret_free(char *secret)
{
	wipe(secret);
	free(secret);
}
