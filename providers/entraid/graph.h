/*
 * providers/entraid/graph.h - Microsoft Graph over the shared HTTP layer:
 * OAuth tokens (client credentials, cached and refreshed; or a static
 * bearer token), one request function that reads Graph's errors, honours
 * Retry-After and refreshes an expired token once, paging, and $batch
 * (shared/spec/entraid-graph.md Part 1, sections 1.4, 1.8-1.10, 1.12).
 */
#ifndef IDLE_PROVIDERS_ENTRAID_GRAPH_H
#define IDLE_PROVIDERS_ENTRAID_GRAPH_H

#include <cjson/cJSON.h>

#include "providers/common/http.h"

/* Why a Graph call failed: the SDK's kind, Graph's status, code and message. */
typedef struct eg_error {
	idle_failure kind;
	double retry_after; /* seconds, 0: none */
	long status;        /* the HTTP status, 0 for a transport failure */
	char code[80];      /* Graph's error.code ("Request_ResourceNotFound"), or "" */
	char message[700];  /* one line; never a token or a secret */
	int token;          /* 1: the token endpoint failed (no Graph request was sent) */
} eg_error;

/* Where Graph and its token endpoint are, and how to reach them. */
typedef struct eg_options {
	const char *graph_base; /* "https://graph.microsoft.com/v1.0" */
	const char *authority;  /* "https://login.microsoftonline.com" */
	const char *ca_file;    /* NULL: the system store */
	const char *proxy;      /* NULL: none ("http://proxy:3128") */
	double timeout;         /* seconds per HTTP request */
	/* the credential: a static token, or client credentials */
	const char *token;  /* a bearer token (TokenEnv/TokenFile), or NULL */
	const char *tenant; /* TenantId (a GUID or a verified domain) */
	const char *client_id;
	const char *client_secret;
	const char *scope; /* NULL: "<graph origin>/.default" */
	int (*cancelled)(void *ud);
	void *cancel_ud;
} eg_options;

/* Counters (tests, benchmarks). */
typedef struct eg_stats {
	unsigned long requests;       /* Graph requests sent (batches count once) */
	unsigned long token_requests; /* token endpoint requests */
	unsigned long retries;        /* requests sent again after a 429, 5xx or 401 */
} eg_stats;

typedef struct eg_graph eg_graph;

/* Checks the options, copies the secrets (wiped when freed); no I/O. 0, or IDLE_E* with e. */
int eg_graph_new(eg_graph **out, const eg_options *o, eg_error *e);
void eg_graph_free(eg_graph *g);
/* 1 when g was made from the same endpoints and credential as o would make
 * (two auth sessions with one credential share one client and one token). */
int eg_graph_serves(const eg_graph *g, const eg_options *o);
void eg_graph_stats(const eg_graph *g, eg_stats *out);
/* The Graph base URL, without a trailing '/' (for @odata.id references). */
const char *eg_graph_base(const eg_graph *g);

/*
 * One Graph request: method, a path under the base ("/users/x?$select=id")
 * or an absolute URL under its origin (a nextLink), a JSON body or NULL.
 * A 429 or 503 is retried after its Retry-After (at most 120 s, on the
 * engine clock) up to twice, an expired token refreshed once. 0 with
 * *status (2xx) and *json (the body, or NULL when empty; cJSON_Delete it);
 * IDLE_EPROVIDER with e (also for 4xx/5xx: e->status, e->code); IDLE_EUSER
 * when the run was asked to stop.
 */
int eg_call(eg_graph *g, idle_pcall *c, const char *method, const char *path, const cJSON *body,
            long *status, cJSON **json, eg_error *e);

/*
 * Every item of a collection: follows @odata.nextLink (sent again with the
 * same headers; the same link twice, or more than 10 000 pages, is an error).
 * fn is called per item of "value"; nonzero from fn stops with that code.
 */
int eg_list(eg_graph *g, idle_pcall *c, const char *path, int (*fn)(void *ud, const cJSON *item),
            void *ud, eg_error *e);

/* A request of a $batch and its outcome. */
typedef struct eg_batch_item {
	const char *method; /* "POST", "DELETE" */
	const char *url;    /* relative to the base: "/groups/G/members/$ref" */
	cJSON *body;        /* owned by the caller, or NULL */
	/* out */
	long status; /* 0 when it could not be sent (e set) */
	char code[80];
	char message[400];
} eg_batch_item;

/*
 * Sends the items in batches of 20; items answered 429 or 5xx are sent again
 * after the largest Retry-After among them (twice at most). Each item gets
 * its own status and error. 0, or the failure of a whole batch (e).
 */
int eg_batch(eg_graph *g, idle_pcall *c, eg_batch_item *items, size_t n, eg_error *e);

/*
 * A $filter value: ' doubled, then the whole expression percent-encoded.
 * Writes "$filter=<encoded expression>" where expression is
 * fmt with %s replaced by the quoted value. malloc'ed; NULL when out of memory.
 */
char *eg_filter(const char *property, const char *value);

#endif
