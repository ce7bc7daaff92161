/*
 * providers/common/http.c - the shared HTTP client on libcurl (see http.h).
 *
 * A client is one easy handle driven through its own multi handle: the multi
 * keeps the connections between requests (keep-alive; NTLM's authenticated
 * connection), and the poll loop wakes every POLL_MS, so a cancellation is
 * seen that soon even while the server says nothing (curl_easy_perform would
 * sleep up to a second).
 */
#include "providers/common/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "providers/common/bytes.h"

#define POLL_MS     100
#define TIMEOUT_MAX (30.0 * 86400) /* seconds: longer timeouts are capped */

struct idle_http_client {
	CURL *easy;
	CURLM *multi;
	char *base;        /* normalised, without a trailing '/' */
	size_t origin_len; /* of the "scheme://host[:port]" base starts with */
	char *host;        /* as libcurl spells it ("[::1]") */
	long port;
	char proxy[300]; /* the proxy's "host:port" (no credentials), or "" */
	char *ca_file;   /* for messages; NULL: the system store */
	char *secret;    /* the password or token, wiped at the end */
	double connect_timeout, timeout;
	size_t max_body, max_headers;
	int (*cancelled)(void *ud);
	void *cancel_ud;
	idle_http_stats stats;
	idle_bytes body, hdrs; /* of the request under way; hdrs holds "name\0value\0" pairs */
	size_t header_bytes;
	int too_large; /* 1: the body, 2: the headers */
	int oom;
	char errbuf[CURL_ERROR_SIZE];
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc;
static const curl_version_info_data *curl_info; /* asked once: it fills static buffers */

static void global_init(void)
{
	global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
	curl_info = curl_version_info(CURLVERSION_NOW);
}

/* ---- small helpers -------------------------------------------------------------------------- */

static int __attribute__((format(printf, 5, 6)))
fail(idle_http_error *e, int rc, idle_failure kind, const char *hint, const char *fmt, ...)
{
	va_list ap;

	e->kind = kind;
	e->hint = hint;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return rc;
}

/* BAD(hint, fmt, ...): a configuration error; NET(KIND, hint, fmt, ...): a failed exchange. */
#define BAD(...)       fail(e, IDLE_EINVALID, IDLE_FAILURE_INVALID, __VA_ARGS__)
#define NET(kind, ...) fail(e, IDLE_EPROVIDER, IDLE_FAILURE_##kind, __VA_ARGS__)

static int oom(idle_http_error *e)
{
	return fail(e, IDLE_ENOMEM, IDLE_FAILURE_INTERNAL, NULL, "out of memory");
}

/* 127.0.0.0/8, ::1 (also as ::ffff:127.x.y.z) and localhost. */
static int is_loopback(const char *host)
{
	char buf[64];
	struct in_addr a4;
	struct in6_addr a6;
	size_t n = strlen(host);

	if (!strcasecmp(host, "localhost") || !strcasecmp(host, "localhost."))
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (n < 3 || n - 2 >= sizeof(buf) || host[0] != '[') /* libcurl writes "[::1]" */
		return 0;
	memcpy(buf, host + 1, n - 2);
	buf[n - 2] = '\0';
	return inet_pton(AF_INET6, buf, &a6) == 1 &&
	       (IN6_IS_ADDR_LOOPBACK(&a6) || (IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127));
}

/* ---- URLs (parsed by libcurl; the text itself is never quoted in a message) ------------------ */

typedef struct url_parts {
	char *url, *scheme, *host;
	long port;
	int userinfo, query, port_given; /* user:password@; a query or a fragment; ":port" */
} url_parts;

static void url_parts_free(url_parts *p)
{
	curl_free(p->url);
	curl_free(p->scheme);
	curl_free(p->host);
	memset(p, 0, sizeof(*p));
}

static CURLUcode url_parse(url_parts *p, const char *text, unsigned int flags)
{
	static const CURLUPart part[] = {CURLUPART_URL, CURLUPART_SCHEME, CURLUPART_HOST};
	static const CURLUPart extra[] = {CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_QUERY,
	                                  CURLUPART_FRAGMENT, CURLUPART_PORT};
	char **out[] = {&p->url, &p->scheme, &p->host}, *s = NULL;
	CURLU *u = curl_url();
	CURLUcode rc = u ? CURLUE_OK : CURLUE_OUT_OF_MEMORY;
	size_t i;

	memset(p, 0, sizeof(*p));
	if (!rc)
		rc = curl_url_set(u, CURLUPART_URL, text, flags | CURLU_NON_SUPPORT_SCHEME);
	for (i = 0; !rc && i < 3; i++)
		rc = curl_url_get(u, part[i], out[i], 0);
	if (!rc && !curl_url_get(u, CURLUPART_PORT, &s, CURLU_DEFAULT_PORT))
		p->port = strtol(s, NULL, 10);
	for (i = 0; !rc && i < sizeof(extra) / sizeof(extra[0]); i++) {
		curl_free(s);
		s = NULL;
		if (!curl_url_get(u, extra[i], &s, 0))
			*(i < 2 ? &p->userinfo : i < 4 ? &p->query : &p->port_given) = 1;
	}
	curl_free(s);
	curl_url_cleanup(u);
	if (rc)
		url_parts_free(p);
	return rc;
}

/*
 * The request URL (malloc'ed): base + path, or an absolute URL that starts with
 * the base URL's origin (a next-page link: "https://graph.microsoft.com/v1.0/...").
 */
static int request_url(char **out, const idle_http_client *c, const char *path, idle_http_error *e)
{
	size_t nb = strlen(c->base), np = strlen(path), no = c->origin_len;
	int slash = np && path[0] != '/' && path[0] != '?';

	if (!strncasecmp(path, "http://", 7) || !strncasecmp(path, "https://", 8)) {
		if (strncasecmp(path, c->base, no) || !strchr("/?", path[no])) /* also the NUL */
			return BAD(NULL,
			           "a request URL must start with %.*s (the base URL's origin)",
			           (int)no, c->base);
		nb = slash = 0;
	}
	if (!(*out = malloc(nb + slash + np + 1)))
		return oom(e);
	memcpy(*out, c->base, nb);
	(*out)[nb] = '/';
	memcpy(*out + nb + slash, path, np + 1);
	return 0;
}

/* ---- creating a client ---------------------------------------------------------------------- */

void idle_http_options_init(idle_http_options *o)
{
	memset(o, 0, sizeof(*o));
	o->version = IDLE_HTTP_OPTIONS_VERSION;
}

static int check_auth(const idle_http_options *o, idle_http_error *e)
{
	const curl_version_info_data *v = curl_info;
	int ntlm = o->auth == IDLE_HTTP_AUTH_NTLM, nego = o->auth == IDLE_HTTP_AUTH_NEGOTIATE;
	const char *p, *lacks = ntlm && !(v->features & CURL_VERSION_NTLM) ? "NTLM"
	                        : nego && !(v->features & CURL_VERSION_GSSAPI)
	                            ? "GSS-API (Kerberos)"
	                        : nego && !(v->features & CURL_VERSION_SPNEGO) ? "SPNEGO"
	                                                                       : NULL;

	if (o->auth < IDLE_HTTP_AUTH_NONE || o->auth > IDLE_HTTP_AUTH_BEARER)
		return BAD(NULL, "unknown auth method %d", (int)o->auth);
	if (lacks)
		return fail(
		    e, IDLE_EUNSUPPORTED, IDLE_FAILURE_INVALID,
		    "install a libcurl built with NTLM, GSS-API and SPNEGO support",
		    "%s authentication is not available: this libcurl (%s) was built without %s",
		    ntlm ? "NTLM" : "Negotiate", v->version, lacks);
	if ((ntlm || o->auth == IDLE_HTTP_AUTH_BASIC) && (!o->user || !*o->user || !o->secret))
		return BAD(NULL, "%s authentication needs a user name and a password",
		           ntlm ? "NTLM" : "Basic");
	for (p = o->secret; o->auth == IDLE_HTTP_AUTH_BEARER && p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return BAD(NULL, "the bearer token contains a control character");
	if (o->auth == IDLE_HTTP_AUTH_BEARER && (!o->secret || !*o->secret))
		return BAD(NULL, "bearer authentication needs a token");
	return 0;
}

static int check_url(idle_http_client *c, const idle_http_options *o, idle_http_error *e)
{
	url_parts p;
	CURLUcode uc;
	size_t n;
	int rc = 0;

	if (!o->base_url || !*o->base_url)
		return BAD(NULL, "no base URL");
	if ((uc = url_parse(&p, o->base_url, 0)))
		return uc == CURLUE_OUT_OF_MEMORY
		           ? oom(e)
		           : BAD("write it as https://host[:port]/path",
		                 "the base URL is malformed (%s)", curl_url_strerror(uc));
	if (strcasecmp(p.scheme, "http") && strcasecmp(p.scheme, "https"))
		rc = BAD(NULL, "unsupported URL scheme '%s' (http or https expected)", p.scheme);
	else if (p.userinfo)
		rc = BAD("give the credentials as the user name and the secret",
		         "the base URL must not contain a user name or password");
	else if (p.query)
		rc = BAD(NULL, "the base URL must not have a query or a fragment");
	else if (!strcasecmp(p.scheme, "http") && !o->allow_plain_http && !is_loopback(p.host))
		rc = BAD(
		    "use https://, or allow plain HTTP for this endpoint explicitly",
		    "plain http:// to '%s' is refused: requests and credentials would cross the "
		    "network unencrypted",
		    p.host);
	else if (!(c->host = strdup(p.host)) || !(c->base = strdup(p.url)))
		rc = oom(e);
	c->port = p.port;
	url_parts_free(&p);
	for (n = c->base ? strlen(c->base) : 0; n && c->base[n - 1] == '/'; n--)
		c->base[n - 1] = '\0';
	if (c->base) { /* libcurl's normalised URL: the path starts at the first '/' after "//" */
		c->origin_len = (size_t)(strstr(c->base, "//") - c->base) + 2;
		c->origin_len += strcspn(c->base + c->origin_len, "/?");
	}
	return rc;
}

/* NULL when path names a readable regular file, else why not. */
static const char *unreadable(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return strerror(errno);
	if (!S_ISREG(st.st_mode))
		return "not a regular file";
	return access(path, R_OK) ? strerror(errno) : NULL;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud);
static size_t on_body(char *p, size_t size, size_t n, void *ud);
static int on_progress(void *ud, curl_off_t dlt, curl_off_t dln, curl_off_t ult, curl_off_t uln);

#define SET(opt, val)                                                                              \
	do {                                                                                       \
		if ((rc = curl_easy_setopt(h, opt, val)) != CURLE_OK)                              \
			goto failed;                                                               \
	} while (0)

/* The handle's options for every request (libcurl copies the strings). */
static int setup_handle(idle_http_client *c, const idle_http_options *o, idle_http_error *e)
{
	static const long auths[] = {CURLAUTH_NONE, CURLAUTH_BASIC, CURLAUTH_NTLM,
	                             CURLAUTH_NEGOTIATE, CURLAUTH_BEARER};
	CURL *h = c->easy;
	CURLcode rc;

	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_ERRORBUFFER, c->errbuf);
#if LIBCURL_VERSION_NUM >= 0x075500
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
#else
	SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_FAILONERROR, 0L); /* a 500 carries a SOAP fault the caller reads */
	SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1); /* NTLM needs HTTP/1.1 */
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	SET(CURLOPT_CONNECTTIMEOUT_MS, (long)(c->connect_timeout * 1000 + 0.5));
	SET(CURLOPT_TIMEOUT_MS, (long)(c->timeout * 1000 + 0.5));
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	if (o->ca_file) {
		SET(CURLOPT_CAINFO, o->ca_file);
		SET(CURLOPT_CAPATH, (char *)NULL); /* that file only */
	}
	/* environment proxies never apply: "" disables the proxy, "*" exempts every host */
	SET(CURLOPT_PROXY, o->proxy ? o->proxy : "");
	SET(CURLOPT_NOPROXY, o->proxy ? (o->no_proxy ? o->no_proxy : "") : "*");
	SET(CURLOPT_USERAGENT, o->user_agent ? o->user_agent : "idle/" IDLE_VERSION);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_body);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, c);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, c);
	SET(CURLOPT_XFERINFOFUNCTION, on_progress);
	SET(CURLOPT_XFERINFODATA, c);
	SET(CURLOPT_NOPROGRESS, 0L);
	if (o->auth != IDLE_HTTP_AUTH_NONE)
		SET(CURLOPT_HTTPAUTH, auths[o->auth]);
	if (o->auth == IDLE_HTTP_AUTH_BASIC || o->auth == IDLE_HTTP_AUTH_NTLM) {
		SET(CURLOPT_USERNAME, o->user);
		SET(CURLOPT_PASSWORD, c->secret);
	} else if (o->auth == IDLE_HTTP_AUTH_NEGOTIATE) {
		SET(CURLOPT_USERPWD, ":"); /* the process's Kerberos credentials */
	} else if (o->auth == IDLE_HTTP_AUTH_BEARER) {
		SET(CURLOPT_XOAUTH2_BEARER, c->secret);
	}
	return 0;
failed:
	return rc == CURLE_OUT_OF_MEMORY
	           ? oom(e)
	           : fail(e, IDLE_EUNSUPPORTED, IDLE_FAILURE_INTERNAL, NULL,
	                  "libcurl refused an option: %s", curl_easy_strerror(rc));
}

int idle_http_new(idle_http_client **out, const idle_http_options *o, idle_http_error *err)
{
	idle_http_error scratch, *e = err ? err : &scratch;
	const char *why, *secret;
	idle_http_client *c;
	url_parts p;
	int rc;

	memset(e, 0, sizeof(*e));
	if (!out || !o)
		return fail(e, IDLE_EARG, IDLE_FAILURE_INTERNAL, NULL, "no client or no options");
	*out = NULL;
	if (o->version != IDLE_HTTP_OPTIONS_VERSION)
		return BAD(NULL, "HTTP options version %u is not supported (%d expected)",
		           o->version, IDLE_HTTP_OPTIONS_VERSION);
	if (o->ca_file && (why = unreadable(o->ca_file)))
		return BAD(NULL, "cannot read the CA file '%s': %s", o->ca_file, why);
	if (!(o->connect_timeout >= 0) || !(o->timeout >= 0))
		return BAD(NULL, "timeouts are seconds >= 0 (0: the default)");
	pthread_once(&global_once, global_init);
	if (global_rc != CURLE_OK)
		return fail(e, IDLE_ERROR, IDLE_FAILURE_INTERNAL, NULL, "libcurl did not start: %s",
		            curl_easy_strerror(global_rc));
	if ((rc = check_auth(o, e)))
		return rc;
	if (!(c = calloc(1, sizeof(*c))))
		return oom(e);
	c->connect_timeout = o->connect_timeout > TIMEOUT_MAX ? TIMEOUT_MAX
	                     : o->connect_timeout > 0         ? o->connect_timeout
	                                                      : IDLE_HTTP_CONNECT_TIMEOUT_DEFAULT;
	c->timeout = o->timeout > TIMEOUT_MAX ? TIMEOUT_MAX
	             : o->timeout > 0         ? o->timeout
	                                      : IDLE_HTTP_TIMEOUT_DEFAULT;
	c->max_body = o->max_body ? o->max_body : IDLE_HTTP_MAX_BODY_DEFAULT;
	c->max_headers = o->max_headers ? o->max_headers : IDLE_HTTP_MAX_HEADERS_DEFAULT;
	c->cancelled = o->cancelled;
	c->cancel_ud = o->cancel_ud;
	secret = o->auth == IDLE_HTTP_AUTH_NONE || o->auth == IDLE_HTTP_AUTH_NEGOTIATE ? NULL
	                                                                               : o->secret;
	if ((rc = check_url(c, o, e)))
		goto done;
	if (o->proxy) {
		if (url_parse(&p, o->proxy, CURLU_GUESS_SCHEME)) {
			rc = BAD(NULL, "the proxy is malformed");
			goto done;
		}
		if (p.port_given)
			snprintf(c->proxy, sizeof(c->proxy), "%s:%ld", p.host, p.port);
		else
			snprintf(c->proxy, sizeof(c->proxy), "%s", p.host);
		url_parts_free(&p);
	}
	if (!(c->easy = curl_easy_init()) || !(c->multi = curl_multi_init()) ||
	    (o->ca_file && !(c->ca_file = strdup(o->ca_file))) ||
	    (secret && !(c->secret = strdup(secret))))
		rc = oom(e);
	else
		rc = setup_handle(c, o, e);
done:
	if (rc)
		idle_http_free(c);
	else
		*out = c;
	return rc;
}

void idle_http_free(idle_http_client *c)
{
	if (!c)
		return;
	if (c->easy)
		curl_easy_cleanup(c->easy);
	if (c->multi)
		curl_multi_cleanup(c->multi);
	idle_bytes_wipe(&c->body);
	idle_bytes_wipe(&c->hdrs);
	if (c->secret)
		explicit_bzero(c->secret, strlen(c->secret));
	free(c->secret);
	free(c->base);
	free(c->host);
	free(c->ca_file);
	free(c);
}

char *idle_http_escape(const char *s)
{
	char *e, *out;

	pthread_once(&global_once, global_init);
	if (!(e = curl_easy_escape(NULL, s, 0)))
		return NULL;
	out = strdup(e); /* the caller frees with free(), not curl_free() */
	curl_free(e);
	return out;
}

void idle_http_stats_get(const idle_http_client *c, idle_http_stats *out)
{
	*out = c->stats;
}

/* ---- callbacks ------------------------------------------------------------------------------ */

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	idle_http_client *c = ud;
	size_t len = size * n;
	char *colon = memchr(p, ':', len), *v, *end = p + len;

	c->stats.bytes_received += len;
	if (len >= 5 && !memcmp(p, "HTTP/", 5)) { /* a new response (after a 401 leg, a 1xx) */
		idle_bytes_wipe(&c->hdrs);
		idle_bytes_wipe(&c->body);
		c->header_bytes = 0;
		return len;
	}
	if ((c->header_bytes += len) > c->max_headers) {
		c->too_large = 2;
		return 0;
	}
	if (!colon) /* the blank line */
		return len;
	for (v = colon + 1; v < end && (*v == ' ' || *v == '\t'); v++)
		;
	while (end > v && strchr(" \t\r\n", end[-1]))
		end--;
	if (idle_bytes_add(&c->hdrs, p, (size_t)(colon - p)) || idle_bytes_add(&c->hdrs, "", 1) ||
	    idle_bytes_add(&c->hdrs, v, (size_t)(end - v)) || idle_bytes_add(&c->hdrs, "", 1)) {
		c->oom = 1;
		return 0;
	}
	return len;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	idle_http_client *c = ud;
	size_t len = size * n;

	c->stats.bytes_received += len;
	if (len > c->max_body - c->body.len)
		c->too_large = 1;
	else if (idle_bytes_add(&c->body, p, len))
		c->oom = 1;
	else
		return len;
	return 0;
}

static int on_progress(void *ud, curl_off_t dlt, curl_off_t dln, curl_off_t ult, curl_off_t uln)
{
	idle_http_client *c = ud;

	(void)dlt, (void)dln, (void)ult, (void)uln;
	return c->cancelled && c->cancelled(c->cancel_ud) ? 1 : 0;
}

/* ---- responses ------------------------------------------------------------------------------ */

idle_failure idle_http_status_failure(long status)
{
	static const struct {
		short status;
		idle_failure kind;
	} map[] = {{401, IDLE_FAILURE_AUTH},      {403, IDLE_FAILURE_PERMISSION},
	           {404, IDLE_FAILURE_NOT_FOUND}, {410, IDLE_FAILURE_NOT_FOUND},
	           {409, IDLE_FAILURE_CONFLICT},  {412, IDLE_FAILURE_CONFLICT},
	           {400, IDLE_FAILURE_INVALID},   {422, IDLE_FAILURE_INVALID},
	           {408, IDLE_FAILURE_TRANSIENT}, {429, IDLE_FAILURE_TRANSIENT}};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].status == status)
			return map[i].kind;
	return status >= 500 && status <= 599 ? IDLE_FAILURE_TRANSIENT : IDLE_FAILURE_INTERNAL;
}

static const char *find_header(const char *p, size_t len, const char *name)
{
	const char *end = p ? p + len : NULL, *v;

	for (; p && p < end; p = v + strlen(v) + 1) {
		v = p + strlen(p) + 1;
		if (!strcasecmp(p, name))
			return v;
	}
	return NULL;
}

const char *idle_http_response_header(const idle_http_response *r, const char *name)
{
	return find_header(r->headers_, r->headers_len_, name);
}

double idle_http_retry_after(const char *v)
{
	double d = 0;
	time_t t;

	if (!v || !*v)
		return 0;
	if (strspn(v, "0123456789") == strlen(v))
		for (; *v && d <= IDLE_HTTP_RETRY_AFTER_MAX; v++)
			d = d * 10 + (*v - '0');
	else if ((t = curl_getdate(v, NULL)) != -1)
		d = difftime(t, time(NULL));
	return d < 0 ? 0 : d > IDLE_HTTP_RETRY_AFTER_MAX ? IDLE_HTTP_RETRY_AFTER_MAX : d;
}

void idle_http_response_free(idle_http_response *r)
{
	if (!r)
		return;
	idle_bytes_wipe(&(idle_bytes){r->body, r->body_len, r->body ? r->body_len + 1 : 0, 0});
	idle_bytes_wipe(&(idle_bytes){r->headers_, r->headers_len_, r->headers_len_, 0});
	memset(r, 0, sizeof(*r));
}

/* ---- requests ------------------------------------------------------------------------------- */

static int set_method(CURL *h, const char *method, const void *body, size_t len)
{
	int post =
	    body || !strcmp(method, "POST") || !strcmp(method, "PUT") || !strcmp(method, "PATCH");
	int rc = curl_easy_setopt(h, CURLOPT_HTTPGET, 1L); /* GET, no body: the defaults again */

	rc |= curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, (char *)NULL);
	if (!strcmp(method, "HEAD"))
		return rc | curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	if (post) {
		rc |= curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
		rc |= curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? (const char *)body : "");
	}
	if (strcmp(method, post ? "POST" : "GET"))
		rc |= curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	return rc;
}

/* The request's header list; *ok = 0 when out of memory. Freed with free_headers. */
static struct curl_slist *build_headers(const char *ctype, const void *body,
                                        const char *const *extra, int *ok)
{
	struct curl_slist *l = curl_slist_append(NULL, "Expect:");
	char *ct = NULL;

	*ok = l != NULL;
	if (ctype && asprintf(&ct, "Content-Type: %s", ctype) < 0)
		ct = NULL, *ok = 0;
	if (*ok && (ctype || body)) /* no body without a type, no invented type */
		*ok = curl_slist_append(l, ct ? ct : "Content-Type:") != NULL;
	for (; *ok && extra && *extra; extra++)
		*ok = curl_slist_append(l, *extra) != NULL;
	free(ct);
	return l;
}

static void free_headers(struct curl_slist *l)
{
	struct curl_slist *i;

	for (i = l; i; i = i->next) /* an extra header may carry a credential */
		explicit_bzero(i->data, strlen(i->data));
	curl_slist_free_all(l);
}

/* Runs the transfer on the client's multi handle; a CURLcode. */
static CURLcode perform(idle_http_client *c)
{
	CURLcode res = CURLE_FAILED_INIT;
	CURLMsg *msg;
	int running, left;

	if (curl_multi_add_handle(c->multi, c->easy) != CURLM_OK)
		return CURLE_OUT_OF_MEMORY;
	for (;;) {
		if (curl_multi_perform(c->multi, &running) != CURLM_OK)
			break;
		if ((msg = curl_multi_info_read(c->multi, &left)) && msg->msg == CURLMSG_DONE) {
			res = msg->data.result;
			break;
		}
		if (c->cancelled && c->cancelled(c->cancel_ud)) {
			res = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		if (curl_multi_poll(c->multi, NULL, 0, POLL_MS, NULL) != CURLM_OK)
			break;
	}
	curl_multi_remove_handle(c->multi, c->easy);
	return res;
}

static void account(idle_http_client *c)
{
	long connects = 0, sent = 0;
	curl_off_t up = 0;

	curl_easy_getinfo(c->easy, CURLINFO_NUM_CONNECTS, &connects);
	curl_easy_getinfo(c->easy, CURLINFO_REQUEST_SIZE, &sent);
	curl_easy_getinfo(c->easy, CURLINFO_SIZE_UPLOAD_T, &up);
	c->stats.requests++;
	c->stats.connections += (unsigned long)(connects > 0 ? connects : 0);
	c->stats.bytes_sent += (unsigned long long)(sent > 0 ? sent : 0) + (up > 0 ? up : 0);
}

/* Describes a failed transfer in e; returns the idle code. */
static int transport_error(idle_http_client *c, CURLcode res, idle_http_error *e)
{
	const char *d = c->errbuf[0] ? c->errbuf : curl_easy_strerror(res);
	const char *ca = c->ca_file ? c->ca_file : "", *q = c->ca_file ? "'" : "";
	const char *store = c->ca_file ? "the CA file '" : "the system store";
	char at[320]; /* what a connection reaches: host:port, or the proxy */
	long oserr = 0;
	curl_off_t connected = 0;
	int conn_limit = c->connect_timeout <= c->timeout;

	curl_easy_getinfo(c->easy, CURLINFO_OS_ERRNO, &oserr);
	curl_easy_getinfo(c->easy, CURLINFO_CONNECT_TIME_T, &connected);
	if (c->proxy[0])
		snprintf(at, sizeof(at), "the proxy %s", c->proxy);
	else
		snprintf(at, sizeof(at), "%s:%ld", c->host, c->port);
	e->curl_code = (int)res;
	switch (res) {
	case CURLE_ABORTED_BY_CALLBACK:
		e->cancelled = 1;
		return fail(e, IDLE_EUSER, IDLE_FAILURE_INTERNAL, NULL,
		            "the request to %s:%ld was cancelled", c->host, c->port);
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return NET(INVALID, "check the host name and this machine's DNS settings",
		           "cannot resolve host '%s'",
		           res == CURLE_COULDNT_RESOLVE_HOST ? c->host : c->proxy);
	case CURLE_COULDNT_CONNECT:
		if (oserr == ECONNREFUSED)
			return NET(TRANSIENT,
			           "check that the service runs and that the port is right",
			           "nothing listens on %s (connection refused)", at);
		return NET(TRANSIENT, NULL, "cannot connect to %s (%s)", at, d);
	case CURLE_OPERATION_TIMEDOUT:
		if (connected <= 0)
			return NET(TRANSIENT, "check the address and the firewalls on the way",
			           "no connection to %s within %g s (the %s timeout)", at,
			           conn_limit ? c->connect_timeout : c->timeout,
			           conn_limit ? "connect" : "request");
		return NET(TRANSIENT,
		           "the server is slow: retry later or raise the request timeout",
		           "no complete response from %s:%ld within %g s (the request timeout)",
		           c->host, c->port, c->timeout);
	case CURLE_PEER_FAILED_VERIFICATION:
		return NET(INVALID,
		           "trust the CA that issued the server's certificate (CA file), and "
		           "connect with a name the certificate lists",
		           "TLS: the certificate of '%s' is not accepted by %s%s%s (%s)", c->host,
		           store, ca, q, d);
	case CURLE_SSL_CACERT_BADFILE: /* the CA file holds no PEM certificate */
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return NET(INVALID,
		           "check that the port speaks HTTPS and that both sides share a TLS "
		           "version and a cipher",
		           "TLS handshake with %s:%ld failed (%s)", c->host, c->port, d);
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return NET(TRANSIENT, "retrying usually helps",
		           "the connection to %s:%ld broke: %s (%s)", c->host, c->port,
		           res == CURLE_GOT_NOTHING    ? "closed without a response"
		           : res == CURLE_PARTIAL_FILE ? "the response was cut short"
		           : oserr == ECONNRESET       ? "reset by the peer"
		                                       : "transfer error",
		           d);
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		if (c->oom)
			return oom(e);
		return NET(INTERNAL,
		           "raise the response size limit if answers this large are expected",
		           "the response from %s:%ld is too large (%s over %zu bytes)", c->host,
		           c->port, c->too_large == 2 ? "headers" : "body",
		           c->too_large == 2 ? c->max_headers : c->max_body);
	case CURLE_OUT_OF_MEMORY:
		return oom(e);
	case CURLE_AUTH_ERROR:
	case CURLE_LOGIN_DENIED:
		return NET(AUTH, "for Negotiate, check the Kerberos ticket (klist)",
		           "authentication with %s:%ld failed before an answer (%s)", c->host,
		           c->port, d);
	default:
		return NET(INTERNAL, NULL, "the request to %s:%ld failed (%s)", c->host, c->port,
		           d);
	}
}

int idle_http_request(idle_http_response *out, idle_http_client *c, const char *method,
                      const char *path, const char *content_type, const void *body, size_t body_len,
                      const char *const *headers, idle_http_error *err)
{
	idle_http_error scratch, *e = err ? err : &scratch;
	struct curl_slist *hl = NULL;
	char *url = NULL, *at;
	CURLcode res;
	int rc, ok;
	long status = 0;
	size_t n;

	memset(e, 0, sizeof(*e));
	if (out)
		memset(out, 0, sizeof(*out));
	if (!out || !c || !method || !*method || !path || (!body && body_len) ||
	    strspn(method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(method))
		return fail(e, IDLE_EARG, IDLE_FAILURE_INTERNAL, NULL,
		            "bad HTTP request arguments");
	if ((rc = request_url(&url, c, path, e)))
		return rc;
	hl = build_headers(content_type, body, headers, &ok);
	c->too_large = c->oom = 0;
	c->errbuf[0] = '\0';
	if (!ok || set_method(c->easy, method, body, body_len) ||
	    curl_easy_setopt(c->easy, CURLOPT_URL, url) ||
	    curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, hl)) {
		rc = oom(e);
		goto done;
	}
	res = perform(c);
	account(c);
	curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &status);
	if (res != CURLE_OK) {
		rc = transport_error(c, res, e);
		e->status = status;
		e->retry_after =
		    idle_http_retry_after(find_header(c->hdrs.p, c->hdrs.len, "Retry-After"));
		/* defence in depth: mask the secret should a message ever pick it up */
		for (n = c->secret ? strlen(c->secret) : 0;
		     n >= 4 && (at = strstr(e->message, c->secret));)
			memset(at, '*', n);
	} else if (!c->body.p && idle_bytes_add(&c->body, "", 0)) {
		rc = oom(e);
	} else {
		out->status = status;
		out->retry_after =
		    idle_http_retry_after(find_header(c->hdrs.p, c->hdrs.len, "Retry-After"));
		out->body = c->body.p; /* now owned by the response */
		out->body_len = c->body.len;
		out->headers_ = c->hdrs.p;
		out->headers_len_ = c->hdrs.len;
		memset(&c->body, 0, sizeof(c->body));
		memset(&c->hdrs, 0, sizeof(c->hdrs));
	}
done:
	curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
	curl_easy_setopt(c->easy, CURLOPT_POSTFIELDS, (char *)NULL);
	free_headers(hl);
	free(url);
	idle_bytes_wipe(&c->body); /* nothing of a failed exchange stays behind */
	idle_bytes_wipe(&c->hdrs);
	return rc;
}
