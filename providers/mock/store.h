/*
 * providers/mock/store.h - the Mock's identities: kept in memory, read from
 * the providers file's Identities or a state file, written back as JSON.
 * Built on the provider SDK alone (include/idle/).
 */
#ifndef IDLE_PROVIDERS_MOCK_STORE_H
#define IDLE_PROVIDERS_MOCK_STORE_H

#include <idle/sys/provider.h>

typedef struct idle_mock_ident {
	const char *key;
	int enabled;
	const idle_value *attrs; /* a map */
	idle_entitlement *ents;  /* malloc'ed; the strings live in the store */
	size_t nents, capents;
	const char *container; /* NULL until set */
} idle_mock_ident;

typedef struct idle_mock_store {
	idle_store *mem; /* keys, attribute values, entitlement strings */
	idle_mock_ident *ids;
	size_t n, cap;
} idle_mock_store;

/* An empty store (0), or -1 when out of memory. */
int idle_mock__store_init(idle_mock_store *s);
void idle_mock__store_free(idle_mock_store *s);
/* Empties the store (a state file replaces what Identities gave). */
void idle_mock__store_clear(idle_mock_store *s);
/* A copy of src in dst (initialised here): a run's own identities. 0, or -1 when out of memory. */
int idle_mock__store_clone(idle_mock_store *dst, const idle_mock_store *src);

/* The identity of key (case-insensitive), or NULL. */
idle_mock_ident *idle_mock__find(idle_mock_store *s, const char *key);
/* A new identity (enabled, no attributes), or NULL when out of memory. */
idle_mock_ident *idle_mock__add(idle_mock_store *s, const char *key);
void idle_mock__remove(idle_mock_store *s, idle_mock_ident *id);
int idle_mock__push_entitlement(idle_mock_store *s, idle_mock_ident *id, const char *kind,
                                const char *eid, const char *display);

/*
 * Where reading reports: to the providers file while it is loaded (ctx), or
 * to a call (the first problem fails it) when a run opens and reads the
 * state file again.
 */
typedef struct idle_mock_reader {
	idle_pinit *ctx;
	idle_pcall *call;
	const idle_value *state_at; /* reading the state file: report at StatePath */
	const char *state_file;
	int errors;
} idle_mock_reader;

/* Adds the identities of map (the Identities option, or a state file's). */
void idle_mock__read(idle_mock_store *s, idle_mock_reader *r, const idle_value *map);
/* Loads the state file at path if it exists: it replaces what is in the store. */
void idle_mock__load(idle_mock_store *s, idle_mock_reader *r, const char *path,
                     const idle_value *at);
/*
 * The store as the state file's JSON, {"Identities": {...}}, values under
 * secret keys written as "[REDACTED]" (free with idle_free). 0 or an IDLE_E* code.
 */
int idle_mock__json(const idle_mock_store *s, char **json, size_t *len);

#endif
