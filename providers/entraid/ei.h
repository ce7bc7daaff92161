/*
 * providers/entraid/ei.h - inside the EntraID provider: its options, the
 * Graph clients of a run, and what the identity operations (users.c), the
 * entitlement operations (members.c) and the type (entraid.c) share.
 */
#ifndef IDLE_PROVIDERS_ENTRAID_EI_H
#define IDLE_PROVIDERS_ENTRAID_EI_H

#include <idle/sys/provider.h>

#include "providers/entraid/graph.h"

#define EI_MAX_CLIENTS 8
#define EI_MAX_IDS     64

/* The user properties every read selects (IdLE's list). */
#define EI_USER_SELECT                                                                                \
	"id,userPrincipalName,mail,displayName,givenName,surname,accountEnabled,department,jobTitle," \
	"officeLocation,companyName"

/* A run's Graph client per auth session (its token cached for the run). */
typedef struct ei_run {
	struct {
		const idle_auth_session *session;
		eg_graph *g;
	} clients[EI_MAX_CLIENTS];
	size_t n;
	struct {
		char *name, *id; /* "user:<key>", "group:<name>" ... -> an object id */
	} ids[EI_MAX_IDS];
	size_t nids;
} ei_run;

/* The provider: its options, and what outlives one call. */
typedef struct ei_provider {
	const char *graph_base;
	const char *authority;
	char *ca_file;
	const char *proxy;
	int allow_delete;
	double timeout;
	ei_run spare;     /* clients made while planning and for idle doctor: a run takes them */
	idle_pcall *call; /* the operation under way (for the HTTP layer's cancellation) */
} ei_provider;

/* The Graph client for the call's session; NULL after failing c. */
eg_graph *ei_graph(ei_provider *p, idle_pcall *c);
/* Ends an operation (its call is no longer the one a cancellation concerns); returns rc. */
int ei_done(void *self, int rc);
/* Frees a run's clients. */
void ei_free_clients(ei_run *r);

/*
 * The object ids a run has learnt (a user's key, an entitlement's name ->
 * its id), so later steps do not look them up again; NULL when unknown (or
 * outside a run). Ids never change; a deleted object is forgotten.
 */
const char *ei_known(idle_pcall *c, const char *what, const char *name);
void ei_learn(idle_pcall *c, const char *what, const char *name, const char *id);
void ei_forget(idle_pcall *c, const char *id);

/* A password from the OS's CSPRNG: EI_PASSWORD_LENGTH characters of all four classes, in
 * random places (B10). 0, or -1 (buf wiped). */
#define EI_PASSWORD_LENGTH 20
int ei_new_password(char *buf, size_t size);

/* Fails the call with a Graph error (its status, code and message). */
int ei_fail(idle_pcall *c, const eg_error *e, const char *doing);

/* 1 when s is a GUID: 8-4-4-4-12 hex digits, or exactly 32 (B7: nothing looser). */
int ei_is_guid(const char *s);
/* s percent-encoded into the call's memory (NULL when out of memory: c failed). */
const char *ei_escape(idle_pcall *c, const char *s);

/*
 * The user an identity key names (objectId, UPN, or mail), with
 * EI_USER_SELECT and extra (",employeeId" or "") selected: 0 and *user (free
 * with cJSON_Delete); IDLE_ENOTFOUND when there is none; else c failed (a
 * failed lookup is never taken for "absent": B3).
 */
int ei_find_user(eg_graph *g, idle_pcall *c, const char *key, const char *extra, cJSON **user);

/* The user's objectId, or NULL after failing c (not found included). */
const char *ei_user_id(eg_graph *g, idle_pcall *c, const char *key);

extern const idle_identity_ops ei_identity_ops;
extern const idle_entitlement_ops ei_entitlement_ops;

#endif
