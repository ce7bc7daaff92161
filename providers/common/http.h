/*
 * providers/common/http.h - the HTTP client every provider that speaks HTTP
 * uses (WinRM/WS-Man, Microsoft Graph, OAuth token endpoints), on libcurl.
 *
 * One place for TLS verification (on; a CA file or the system store),
 * timeouts, proxies (environment proxies are ignored), exactly one auth
 * method, response limits and the redaction of secrets. A client keeps one
 * connection cache, so the requests of one client reuse their connection
 * (keep-alive; NTLM authenticates a connection, not a request).
 *
 *   idle_http_options o = IDLE_HTTP_OPTIONS_INIT;
 *   idle_http_client *c;
 *   idle_http_response r;
 *   idle_http_error e;
 *
 *   o.base_url = "https://aadc.contoso.com:5986/wsman";
 *   o.ca_file = ca; o.auth = IDLE_HTTP_AUTH_NTLM; o.user = user; o.secret = pw;
 *   if (idle_http_new(&c, &o, &e) < 0)
 *           return idle_pcall_failure(pc, e.kind, e.retry_after, "%s", e.message);
 *   if (idle_http_request(&r, c, "POST", "", "application/soap+xml;charset=UTF-8",
 *                         xml, len, NULL, &e) < 0)
 *           ... e.kind, e.message (no secret in it) ...
 *   else if (r.status != 200 && r.status != 500)
 *           ... idle_http_status_failure(r.status), r.retry_after ...
 *   idle_http_response_free(&r);
 *   idle_http_free(c);
 *
 * Threads: curl_global_init runs once (the first idle_http_new); clients are
 * independent, so several threads may work at once with one client each. A
 * client is not for two threads at a time.
 *
 * Secrets (the user's password, a bearer token) are copied into the client
 * and wiped when it is freed. They never appear in an error message. libcurl
 * keeps its own copies while the client lives (freed, not wiped, by
 * curl_easy_cleanup); nothing can be done about those from here.
 */
#ifndef IDLE_PROVIDERS_COMMON_HTTP_H
#define IDLE_PROVIDERS_COMMON_HTTP_H

#include <stddef.h>

#include <idle/sys/provider.h>

IDLE_BEGIN_DECL

#define IDLE_HTTP_OPTIONS_VERSION 1

#define IDLE_HTTP_CONNECT_TIMEOUT_DEFAULT 10.0               /* seconds */
#define IDLE_HTTP_TIMEOUT_DEFAULT         60.0               /* seconds, a whole request */
#define IDLE_HTTP_MAX_BODY_DEFAULT        (8u * 1024 * 1024) /* bytes of a response body */
#define IDLE_HTTP_MAX_HEADERS_DEFAULT     (64u * 1024)       /* bytes of a response's headers */
#define IDLE_HTTP_RETRY_AFTER_MAX         3600.0             /* a Retry-After is capped here */

/* How the client authenticates: exactly one method. */
typedef enum idle_http_auth {
	IDLE_HTTP_AUTH_NONE = 0,
	IDLE_HTTP_AUTH_BASIC,     /* user + secret, sent with every request (use TLS) */
	IDLE_HTTP_AUTH_NTLM,      /* user ("DOMAIN\\user") + secret; per connection */
	IDLE_HTTP_AUTH_NEGOTIATE, /* Kerberos via GSS-API: the process's ticket; user/secret ignored */
	IDLE_HTTP_AUTH_BEARER     /* secret is the token: "Authorization: Bearer <secret>" */
} idle_http_auth;

typedef struct idle_http_options {
	unsigned int version; /* IDLE_HTTP_OPTIONS_VERSION */
	/*
	 * http:// or https://, no user:password@ part. Request paths are
	 * appended to it as they are ("https://graph.microsoft.com/v1.0" +
	 * "/users"). Required.
	 */
	const char *base_url;
	const char *ca_file; /* PEM file of the CAs to trust; NULL: the system store */
	/*
	 * http:// to a host other than loopback (127.0.0.0/8, ::1, localhost)
	 * is refused unless this is set; loopback is always allowed.
	 */
	int allow_plain_http;
	double connect_timeout; /* seconds; 0: IDLE_HTTP_CONNECT_TIMEOUT_DEFAULT */
	double timeout;         /* seconds for a whole request; 0: IDLE_HTTP_TIMEOUT_DEFAULT */
	idle_http_auth auth;
	const char *user;       /* BASIC, NTLM; ignored otherwise */
	const char *secret;     /* the password (BASIC, NTLM) or the token (BEARER) */
	size_t max_body;        /* 0: IDLE_HTTP_MAX_BODY_DEFAULT */
	size_t max_headers;     /* 0: IDLE_HTTP_MAX_HEADERS_DEFAULT */
	const char *user_agent; /* NULL: "idle/<version>" */
	/*
	 * NULL: no proxy at all, whatever http_proxy, https_proxy, ALL_PROXY
	 * and NO_PROXY say. Otherwise the proxy to use ("http://proxy:3128";
	 * libcurl's syntax), and no_proxy the hosts reached directly
	 * ("localhost,.contoso.com"; NULL: none).
	 */
	const char *proxy;
	const char *no_proxy;
	/*
	 * MAY be NULL. Asked while a request runs (at least every 100 ms);
	 * nonzero aborts the request, which then fails with error.cancelled
	 * set and IDLE_EUSER.
	 */
	int (*cancelled)(void *ud);
	void *cancel_ud;
} idle_http_options;

#define IDLE_HTTP_OPTIONS_INIT                                                                     \
	{                                                                                          \
		.version = IDLE_HTTP_OPTIONS_VERSION                                               \
	}

/*
 * Why a request (or idle_http_new) failed. Filled only on failure; message
 * and hint never contain a secret, a request body, an Authorization header or
 * the user:password part of a URL.
 */
typedef struct idle_http_error {
	idle_failure kind;  /* TRANSIENT for timeouts and broken connections, ... */
	int cancelled;      /* 1: the cancelled callback aborted it (kind INTERNAL) */
	int curl_code;      /* the CURLcode, 0 when libcurl had no part in it */
	long status;        /* the HTTP status received before the failure, or 0 */
	double retry_after; /* seconds, from a Retry-After received before the failure, or 0 */
	char message[512];  /* one line: "cannot resolve host 'x'" */
	const char *hint;   /* a static suggestion for a common cause, or NULL */
} idle_http_error;

/* A completed exchange; the caller owns it: idle_http_response_free(). */
typedef struct idle_http_response {
	long status; /* 200, 401, 500, ... */
	char *body;  /* body_len bytes plus a NUL (NULL only after free) */
	size_t body_len;
	double retry_after; /* Retry-After in seconds (delta or HTTP-date), capped; 0: none */
	/* private: the final response's headers as "name\0value\0" pairs */
	char *headers_;
	size_t headers_len_;
} idle_http_response;

/* Counters since idle_http_new (for tests and benchmarks). */
typedef struct idle_http_stats {
	unsigned long requests;            /* requests sent, failed ones included */
	unsigned long connections;         /* new connections opened (CURLINFO_NUM_CONNECTS) */
	unsigned long long bytes_sent;     /* request headers and bodies */
	unsigned long long bytes_received; /* response headers and bodies */
} idle_http_stats;

typedef struct idle_http_client idle_http_client;

/** Sets o to the defaults (the same as IDLE_HTTP_OPTIONS_INIT). */
void idle_http_options_init(idle_http_options *o);

/**
 * Checks the options and creates a client (no I/O: the first request
 * connects). Refused: a base URL that is malformed, not http(s), carries a
 * user:password@ part, or is plain http:// to a non-loopback host without
 * allow_plain_http; a CA file that cannot be read; a negative timeout; an
 * auth method without what it needs (user, secret) or that this libcurl
 * lacks (NTLM, GSS-API/SPNEGO).
 *
 * @param out receives the client (free with idle_http_free); NULL on failure
 * @param err filled on failure (kind INVALID for the cases above)
 * @return 0; IDLE_EINVALID; IDLE_EUNSUPPORTED (the auth method is not built
 *         into libcurl); IDLE_ENOMEM; IDLE_EARG (NULL out or options)
 */
int idle_http_new(idle_http_client **out, const idle_http_options *o, idle_http_error *err);

/**
 * Sends one request and waits for the whole response. Redirects are not
 * followed (a 3xx is returned as it is); there is no "Expect: 100-continue".
 * libcurl resends a request once by itself when a reused connection turns out
 * to be closed before any byte of the response arrived.
 *
 * @param out      receives the response, whatever its status (free with
 *                 idle_http_response_free); zeroed on failure
 * @param method   "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", ... (upper case)
 * @param path     appended to the base URL ("/users?$top=5"; "" for the base
 *                 URL itself), or an absolute http(s) URL that starts with
 *                 the base URL's "scheme://host[:port]" as libcurl normalises
 *                 it (a next-page link); nothing is sent to another origin
 * @param content_type the body's Content-Type, or NULL
 * @param body     body_len bytes, or NULL (no body)
 * @param headers  more request headers, "Name: value" (no CR or LF),
 *                 NULL-terminated; or NULL. They are wiped after the request.
 * @param err      filled on failure
 * @return 0 for any completed HTTP exchange (check out->status);
 *         IDLE_EPROVIDER: no complete response (err says why: err->kind);
 *         IDLE_EUSER: the cancelled callback aborted it (err->cancelled);
 *         IDLE_EINVALID: a path not under the base URL's origin;
 *         IDLE_ENOMEM; IDLE_EARG
 */
int idle_http_request(idle_http_response *out, idle_http_client *c, const char *method,
                      const char *path, const char *content_type, const void *body, size_t body_len,
                      const char *const *headers, idle_http_error *err);

/**
 * The value of a response header (the first one with that name, compared
 * case-insensitively), without surrounding blanks; NULL when absent.
 * Borrowed from r: valid until idle_http_response_free(r).
 */
const char *idle_http_response_header(const idle_http_response *r, const char *name);

/**
 * Wipes (a token endpoint's answer is a secret) and frees what r holds; r may
 * come from a failed request; r is zeroed.
 */
/* A Retry-After value in seconds: delta-seconds or an HTTP-date; 0 when absent or unreadable;
 * capped at IDLE_HTTP_RETRY_AFTER_MAX. */
double idle_http_retry_after(const char *value);

void idle_http_response_free(idle_http_response *r);

/**
 * The failure an HTTP status means, for callers that treat it as an error:
 * 401 AUTH; 403 PERMISSION; 404, 410 NOT_FOUND; 409, 412 CONFLICT;
 * 400, 422 INVALID; 408, 429, 5xx TRANSIENT; anything else INTERNAL.
 */
idle_failure idle_http_status_failure(long status);

/**
 * s percent-encoded for a URL's query or path segment: everything but
 * A-Z a-z 0-9 - . _ ~ as %XX (a space as %20, ' as %27, # as %23).
 * malloc'ed (free with free()); NULL when out of memory.
 */
char *idle_http_escape(const char *s);

/** The client's counters. */
void idle_http_stats_get(const idle_http_client *c, idle_http_stats *out);

/** Closes the connections, wipes the secrets, frees c (NULL is fine). */
void idle_http_free(idle_http_client *c);

IDLE_END_DECL

#endif
