/*
 * providers/entraid/graph.c - Microsoft Graph requests: tokens, errors,
 * Retry-After, paging, $batch.
 */
#include "providers/entraid/graph.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "providers/common/bytes.h"

#define RETRY_AFTER_MAX 120.0 /* seconds: a longer Retry-After is cut to this */
#define CALL_ATTEMPTS   3     /* a 429 or 503 is sent again twice at most */
#define BATCH_SIZE      20    /* Graph's limit per $batch */
#define MAX_PAGES       10000
#define EG_TOKEN_MAX    8192 /* bytes of a bearer token (Entra's are about 2 KiB) */

struct eg_graph {
	idle_http_client *graph, *login;
	char *base;       /* without a trailing '/' */
	char *token_path; /* "/{tenant}/oauth2/v2.0/token" */
	char *authority, *client_id, *scope;
	char *secret; /* the client secret (wiped), or NULL */
	char *token;  /* the bearer token in use (wiped), or NULL */
	int static_token;
	double expires_at; /* engine clock */
	eg_stats stats;
};

static int __attribute__((format(printf, 4, 5)))
fail(eg_error *e, idle_failure kind, long status, const char *fmt, ...)
{
	va_list ap;

	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->status = status;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return IDLE_EPROVIDER;
}

static void wipe_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* "scheme://host[:port]" of url into buf. */
static void origin_of(const char *url, char *buf, size_t size)
{
	const char *h = strstr(url, "://"), *end = h ? strchr(h + 3, '/') : NULL;

	snprintf(buf, size, "%.*s", end ? (int)(end - url) : (int)strlen(url), url);
}

/* What client credentials o derive for the Graph root base: the token path and the scope. */
static void derived(const eg_options *o, const char *base, char *path, size_t psize, char *scope,
                    size_t ssize)
{
	char origin[300];

	snprintf(path, psize, "/%s/oauth2/v2.0/token", o->tenant ? o->tenant : "");
	origin_of(base, origin, sizeof(origin));
	snprintf(scope, ssize, "%s%s", o->scope ? o->scope : origin, o->scope ? "" : "/.default");
}

int eg_graph_new(eg_graph **out, const eg_options *o, eg_error *e)
{
	idle_http_options h = IDLE_HTTP_OPTIONS_INIT;
	idle_http_error he;
	eg_graph *g = calloc(1, sizeof(*g));
	char path[400], scope[320];
	size_t n;

	*out = NULL;
	if (!g)
		return fail(e, IDLE_FAILURE_INTERNAL, 0, "out of memory"), IDLE_ENOMEM;
	g->base = strdup(o->graph_base);
	if (g->base && (n = strlen(g->base)) && g->base[n - 1] == '/')
		g->base[n - 1] = '\0';
	h.ca_file = o->ca_file;
	h.proxy = o->proxy;
	h.timeout = o->timeout;
	h.cancelled = o->cancelled;
	h.cancel_ud = o->cancel_ud;
	h.auth = IDLE_HTTP_AUTH_NONE;
	h.base_url = g->base;
	if (!g->base || idle_http_new(&g->graph, &h, &he))
		goto bad;
	if (o->token && (strpbrk(o->token, "\r\n") || strlen(o->token) > EG_TOKEN_MAX)) {
		fail(e, IDLE_FAILURE_INVALID, 0,
		     "the bearer token holds a line break or is longer than %d "
		     "bytes: check TokenEnv / TokenFile",
		     EG_TOKEN_MAX);
		eg_graph_free(g);
		return IDLE_EINVALID;
	}
	if (o->token) {
		g->static_token = 1;
		g->token = strdup(o->token);
	} else {
		derived(o, g->base, path, sizeof(path), scope, sizeof(scope));
		g->client_id = dup_or_null(o->client_id);
		g->secret = dup_or_null(o->client_secret);
		g->scope = strdup(scope);
		g->token_path = strdup(path);
		g->authority = strdup(o->authority);
		h.base_url = o->authority;
		if (idle_http_new(&g->login, &h, &he))
			goto bad;
	}
	*out = g;
	return 0;
bad:
	if (g->base)
		fail(e, he.kind, 0, "%s", he.message);
	else
		fail(e, IDLE_FAILURE_INTERNAL, 0, "out of memory");
	eg_graph_free(g);
	return IDLE_EINVALID;
}

void eg_graph_free(eg_graph *g)
{
	if (!g)
		return;
	idle_http_free(g->graph);
	idle_http_free(g->login);
	free(g->base);
	free(g->token_path);
	free(g->authority);
	free(g->client_id);
	free(g->scope);
	wipe_free(g->secret);
	wipe_free(g->token);
	free(g);
}

static int same(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

int eg_graph_serves(const eg_graph *g, const eg_options *o)
{
	char path[400], scope[320];
	size_t n = strlen(o->graph_base);

	if (strncmp(g->base, o->graph_base, strlen(g->base)) ||
	    (n != strlen(g->base) && !(n == strlen(g->base) + 1 && o->graph_base[n - 1] == '/')))
		return 0;
	if (o->token)
		return g->static_token && same(g->token, o->token);
	derived(o, g->base, path, sizeof(path), scope, sizeof(scope));
	return !g->static_token && same(g->token_path, path) && same(g->authority, o->authority) &&
	       same(g->client_id, o->client_id) && same(g->secret, o->client_secret) &&
	       same(g->scope, scope);
}

void eg_graph_stats(const eg_graph *g, eg_stats *out)
{
	*out = g->stats;
}

const char *eg_graph_base(const eg_graph *g)
{
	return g->base;
}

/* ---- tokens ---------------------------------------------------------------------------------- */

static int form_field(idle_bytes *b, const char *name, const char *value)
{
	char *v = idle_http_escape(value ? value : "");

	if (!v)
		return -1;
	idle_bytes_printf(b, "%s%s=%s", b->len ? "&" : "", name, v);
	wipe_free(v);
	return b->failed ? -1 : 0;
}

/* A fresh token from the token endpoint (client credentials). */
static int fetch_token(eg_graph *g, idle_pcall *c, eg_error *e)
{
	idle_bytes form = IDLE_BYTES_INIT;
	idle_http_response r;
	idle_http_error he;
	cJSON *j = NULL;
	const cJSON *tok, *exp, *err, *desc;
	int rc;

	if (form_field(&form, "grant_type", "client_credentials") ||
	    form_field(&form, "client_id", g->client_id) ||
	    form_field(&form, "client_secret", g->secret) || form_field(&form, "scope", g->scope)) {
		idle_bytes_wipe(&form);
		return fail(e, IDLE_FAILURE_INTERNAL, 0, "out of memory");
	}
	g->stats.token_requests++;
	rc = idle_http_request(&r, g->login, "POST", g->token_path,
	                       "application/x-www-form-urlencoded", form.p, form.len, NULL, &he);
	idle_bytes_wipe(&form);
	if (rc) {
		fail(e, he.kind, 0, "cannot get a token from the authority: %s", he.message);
		e->token = 1;
		return rc == IDLE_EUSER ? IDLE_EUSER : IDLE_EPROVIDER;
	}
	j = r.body_len ? cJSON_ParseWithLength(r.body, r.body_len) : NULL;
	tok = cJSON_GetObjectItemCaseSensitive(j, "access_token");
	exp = cJSON_GetObjectItemCaseSensitive(j, "expires_in");
	if (r.status == 200 && cJSON_IsString(tok) && *tok->valuestring &&
	    !strpbrk(tok->valuestring, "\r\n") && strlen(tok->valuestring) <= EG_TOKEN_MAX) {
		double life = cJSON_IsNumber(exp) ? exp->valuedouble : 3600;

		wipe_free(g->token);
		g->token = strdup(tok->valuestring);
		/* refreshed early: 5 minutes before, or a tenth of a short lifetime */
		g->expires_at = idle_pcall_now(c) + life - (life > 3000 ? 300 : life / 10);
		rc = g->token ? 0 : fail(e, IDLE_FAILURE_INTERNAL, 0, "out of memory");
	} else {
		char first[300];

		err = cJSON_GetObjectItemCaseSensitive(j, "error");
		desc = cJSON_GetObjectItemCaseSensitive(j, "error_description");
		snprintf(first, sizeof(first), "%s",
		         cJSON_IsString(desc) ? desc->valuestring : "no description");
		first[strcspn(first, "\r\n")] = '\0'; /* AADSTS text: its first line */
		rc =
		    fail(e,
		         r.status >= 500 || r.status == 429 ? IDLE_FAILURE_TRANSIENT
		         : cJSON_IsString(err) && (!strcmp(err->valuestring, "invalid_client") ||
		                                   !strcmp(err->valuestring, "unauthorized_client"))
		             ? IDLE_FAILURE_AUTH
		             : IDLE_FAILURE_INVALID,
		         r.status, "the authority refused a token (HTTP %ld%s%s): %s", r.status,
		         cJSON_IsString(err) ? ", " : "",
		         cJSON_IsString(err) ? err->valuestring : "", first);
		e->retry_after = r.retry_after;
		e->token = 1;
	}
	cJSON_Delete(j);
	idle_http_response_free(&r);
	return rc;
}

static int token(eg_graph *g, idle_pcall *c, int refresh, eg_error *e)
{
	if (g->static_token)
		return g->token ? 0 : fail(e, IDLE_FAILURE_INTERNAL, 0, "out of memory");
	if (!refresh && g->token && idle_pcall_now(c) < g->expires_at)
		return 0;
	return fetch_token(g, c, e);
}

/* ---- requests ------------------------------------------------------------------------------------- */

static void request_id(char *buf, size_t size)
{
	unsigned char r[16] = {0};

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		memset(r, 0x5a, sizeof(r));
	r[6] = (unsigned char)((r[6] & 0x0F) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3F) | 0x80);
	snprintf(
	    buf, size,
	    "client-request-id: %02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x"
	    "%02x",
	    r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13],
	    r[14], r[15]);
}

/* The failure a non-2xx answer means, with Graph's code and message (B1). */
static int answer_failed(const idle_http_response *r, eg_error *e)
{
	cJSON *j = r->body_len ? cJSON_ParseWithLength(r->body, r->body_len) : NULL;
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(j, "error");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(err, "code");
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(err, "message");

	fail(e, idle_http_status_failure(r->status), r->status, "Graph answered HTTP %ld%s%s: %s",
	     r->status, cJSON_IsString(code) ? " " : "",
	     cJSON_IsString(code) ? code->valuestring : "",
	     cJSON_IsString(msg) ? msg->valuestring
	     : r->body_len       ? "(no Graph error in the body)"
	                         : "(empty body)");
	if (cJSON_IsString(code))
		snprintf(e->code, sizeof(e->code), "%s", code->valuestring);
	e->retry_after = r->retry_after > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : r->retry_after;
	cJSON_Delete(j);
	return IDLE_EPROVIDER;
}

int eg_call(eg_graph *g, idle_pcall *c, const char *method, const char *path, const cJSON *body,
            long *status, cJSON **json, eg_error *e)
{
	char auth[EG_TOKEN_MAX + 32], rid[80], *text = body ? cJSON_PrintUnformatted(body) : NULL;
	const char *headers[4];
	int attempt, refreshed = 0, rc = 0;

	*json = NULL;
	*status = 0;
	if (body && !text)
		return fail(e, IDLE_FAILURE_INTERNAL, 0, "out of memory");
	for (attempt = 1;; attempt++) {
		idle_http_response r;
		idle_http_error he;
		double wait, r_after;

		if ((rc = token(g, c, 0, e)))
			break;
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", g->token);
		request_id(rid, sizeof(rid));
		headers[0] = auth;
		headers[1] = "Accept: application/json";
		headers[2] = rid;
		headers[3] = NULL;
		g->stats.requests++;
		rc = idle_http_request(&r, g->graph, method, path, text ? "application/json" : NULL,
		                       text, text ? strlen(text) : 0, headers, &he);
		explicit_bzero(auth, sizeof(auth));
		if (rc) {
			fail(e, he.kind, 0, "%s %s: %s", method, path, he.message);
			rc = he.cancelled ? IDLE_EUSER : IDLE_EPROVIDER;
			if (he.kind != IDLE_FAILURE_TRANSIENT || strcmp(method, "GET") ||
			    attempt >= CALL_ATTEMPTS || he.cancelled)
				break;
			wait = attempt; /* a broken connection: once more, soon */
		} else if (r.status >= 200 && r.status < 300) {
			*status = r.status;
			if (r.body_len && !(*json = cJSON_ParseWithLength(r.body, r.body_len)))
				rc =
				    fail(e, IDLE_FAILURE_INTERNAL, r.status,
				         "%s %.*s: Graph answered %ld with a body that is not JSON",
				         method, (int)strcspn(path, "?"), path, r.status);
			idle_http_response_free(&r);
			break;
		} else {
			answer_failed(&r, e);
			r_after = r.retry_after;
			idle_http_response_free(&r);
			rc = IDLE_EPROVIDER;
			if (e->status == 401 && !refreshed && !g->static_token) {
				refreshed =
				    1; /* the token expired (or was revoked): a new one, once */
				if ((rc = token(g, c, 1, e)))
					break;
				g->stats.retries++;
				attempt--;
				continue;
			}
			/* the server said when (B8): waited here, on the engine's clock; without a
			 * Retry-After (or past the cap) the step's retry profile decides */
			if (e->kind != IDLE_FAILURE_TRANSIENT || r_after <= 0 ||
			    r_after > RETRY_AFTER_MAX || attempt >= CALL_ATTEMPTS)
				break;
			wait = r_after;
		}
		g->stats.retries++;
		if (idle_pcall_sleep(c, wait)) {
			rc = IDLE_EUSER;
			break;
		}
	}
	if (text) /* a new user's password may be in it */
		explicit_bzero(text, strlen(text));
	free(text);
	return rc;
}

/* ---- paging ----------------------------------------------------------------------------------------- */

/* FNV-1a of a link (two links with one hash would end a listing early: 2^-64 per pair). */
static uint64_t link_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

int eg_list(eg_graph *g, idle_pcall *c, const char *path, int (*fn)(void *ud, const cJSON *item),
            void *ud, eg_error *e)
{
	char *link = strdup(path), *prev = NULL;
	uint64_t *seen = malloc(MAX_PAGES * sizeof(*seen)); /* the links followed, hashed */
	int pages = 0, rc = 0, i;

	if (!link || !seen) {
		free(link), free(seen);
		return fail(e, IDLE_FAILURE_INTERNAL, 0, "out of memory");
	}
	while (link) {
		cJSON *j = NULL;
		const cJSON *item, *next;
		long status;

		if (++pages > MAX_PAGES) {
			rc = fail(e, IDLE_FAILURE_INTERNAL, 0, "%s: more than %d pages", path,
			          MAX_PAGES);
			break;
		}
		seen[pages - 1] = link_hash(link);
		if ((rc = eg_call(g, c, "GET", link, NULL, &status, &j, e)))
			break;
		cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(j, "value"))
		{
			if ((rc = fn(ud, item)))
				break;
		}
		next = cJSON_GetObjectItemCaseSensitive(j, "@odata.nextLink");
		free(prev);
		prev = link;
		link = NULL;
		if (!rc && cJSON_IsString(next) && *next->valuestring) {
			uint64_t h = link_hash(next->valuestring);

			for (i = 0; i < pages && seen[i] != h; i++)
				;
			if (i < pages) /* A, B, A ...: never ends */
				rc = fail(e, IDLE_FAILURE_INTERNAL, 0,
				          "%.*s: Graph sent a next page link it had sent before",
				          (int)strcspn(path, "?"), path);
			else if (!(link = strdup(next->valuestring)))
				rc = fail(e, IDLE_FAILURE_INTERNAL, 0, "out of memory");
		}
		cJSON_Delete(j);
		if (rc)
			break;
	}
	free(link);
	free(prev);
	free(seen);
	return rc;
}

/* ---- $batch ------------------------------------------------------------------------------------------ */

/* Sends items[idx[0..n)] as one batch and reads each answer. */
static int batch_once(eg_graph *g, idle_pcall *c, eg_batch_item *items, const size_t *idx, size_t n,
                      double *wait, eg_error *e)
{
	cJSON *req = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(req, "requests"),
	      *j = NULL;
	const cJSON *resp;
	long status;
	size_t k;
	int rc;

	for (k = 0; k < n; k++) {
		eg_batch_item *it = &items[idx[k]];
		cJSON *r = cJSON_CreateObject();
		char id[16];

		snprintf(id, sizeof(id), "%zu", idx[k]);
		cJSON_AddStringToObject(r, "id", id);
		cJSON_AddStringToObject(r, "method", it->method);
		cJSON_AddStringToObject(r, "url", it->url);
		if (it->body) {
			cJSON *h = cJSON_AddObjectToObject(r, "headers");

			cJSON_AddStringToObject(h, "Content-Type", "application/json");
			cJSON_AddItemToObject(r, "body", cJSON_Duplicate(it->body, 1));
		}
		cJSON_AddItemToArray(list, r);
		it->status = 0;
	}
	rc = eg_call(g, c, "POST", "/$batch", req, &status, &j, e);
	cJSON_Delete(req);
	if (rc)
		return rc;
	cJSON_ArrayForEach(resp, cJSON_GetObjectItemCaseSensitive(j, "responses"))
	{
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(resp, "id");
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(resp, "status");
		const cJSON *err = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(resp, "body"), "error");
		const cJSON *ra = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(resp, "headers"), "Retry-After");
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(err, "code");
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(err, "message");
		size_t i =
		    cJSON_IsString(id) ? (size_t)strtoul(id->valuestring, NULL, 10) : (size_t)-1;
		eg_batch_item *it;

		for (k = 0; k < n && idx[k] != i; k++)
			;
		if (k == n || !cJSON_IsNumber(st))
			continue; /* not one of ours: ignored (ours without an answer stay 0) */
		it = &items[i];
		it->status = (long)st->valuedouble;
		snprintf(it->code, sizeof(it->code), "%s",
		         cJSON_IsString(code) ? code->valuestring : "");
		snprintf(it->message, sizeof(it->message), "%s",
		         cJSON_IsString(msg) ? msg->valuestring : "");
		if (it->status == 429 || it->status >= 500) {
			double s = cJSON_IsString(ra)   ? idle_http_retry_after(ra->valuestring)
			           : cJSON_IsNumber(ra) ? ra->valuedouble
			                                : 1;

			if (s > *wait)
				*wait = s > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : s;
		}
	}
	cJSON_Delete(j);
	return 0;
}

int eg_batch(eg_graph *g, idle_pcall *c, eg_batch_item *items, size_t n, eg_error *e)
{
	size_t *idx = malloc((n ? n : 1) * sizeof(*idx)), m = n, i, k;
	int round, rc = 0;

	if (!idx)
		return fail(e, IDLE_FAILURE_INTERNAL, 0, "out of memory");
	for (i = 0; i < n; i++)
		idx[i] = i;
	for (round = 0; m && !rc; round++) {
		double wait = 0;

		for (i = 0; i < m && !rc; i += BATCH_SIZE)
			rc = batch_once(g, c, items, idx + i,
			                m - i < BATCH_SIZE ? m - i : BATCH_SIZE, &wait, e);
		/* the items throttled or failed by the server go again, after their Retry-After */
		for (i = k = 0; i < m; i++)
			if (items[idx[i]].status == 429 || items[idx[i]].status >= 500)
				idx[k++] = idx[i];
		m = k;
		if (!m || rc || round + 1 >= CALL_ATTEMPTS)
			break;
		g->stats.retries++;
		if (idle_pcall_sleep(c, wait)) {
			rc = IDLE_EUSER;
			break;
		}
	}
	free(idx);
	return rc;
}

char *eg_filter(const char *property, const char *value)
{
	idle_bytes expr = IDLE_BYTES_INIT;
	const char *p;
	char *enc, *out;

	idle_bytes_printf(&expr, "%s eq '", property);
	for (p = value; *p; p++) /* a quote inside the literal is doubled (B6) */
		idle_bytes_add(&expr, *p == '\'' ? "''" : p, *p == '\'' ? 2 : 1);
	idle_bytes_adds(&expr, "'");
	enc = expr.failed ? NULL : idle_http_escape(expr.p);
	idle_bytes_wipe(&expr);
	if (!enc || !(out = malloc(strlen(enc) + 9))) {
		free(enc);
		return NULL;
	}
	sprintf(out, "$filter=%s", enc);
	free(enc);
	return out;
}
