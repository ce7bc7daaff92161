/*
 * providers/mock/mock.c - the `Mock` identity and entitlement store: a
 * provider written against the provider SDK alone (include/idle/).
 *
 * The providers file's Identities (or the StatePath file) are read when the
 * providers file is loaded, for planning; a run works on its own copy, read
 * again from the state file under a lock when the run opens, and written
 * back when it closes.
 */
#include "providers/mock/mock.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <idle/json.h>

#include "providers/mock/statefile.h"
#include "providers/mock/store.h"

typedef struct mock {
	idle_mock_store base;            /* what planning reads (and what a run starts from) */
	char *state_path;                /* absolute, malloc'ed; NULL without StatePath */
	const idle_value *state_at;      /* the StatePath option, for locations */
	const idle_value *protected_ids; /* a list of strings, or NULL */
	double lock_timeout;             /* LockTimeoutSeconds: waiting for another run */
} mock;

/* A run's own identities, and the state file's lock. */
typedef struct mock_run {
	idle_mock_store st;
	int open;
	int lock_fd;
} mock_run;

/* The identities a call works on: the run's, else (planning) the providers file's. */
static idle_mock_store *store(mock *m, idle_pcall *c)
{
	mock_run *r = idle_pcall_run(c);

	return r && r->open ? &r->st : &m->base;
}

static int same_entitlement(const idle_entitlement *a, const idle_entitlement *b)
{
	return idle_text_caseeq(a->kind, b->kind) && idle_text_caseeq(a->id, b->id);
}

/* IdLE's mock creates identities on first use. */
static idle_mock_ident *get_or_add(idle_mock_store *s, idle_pcall *c, const char *key)
{
	idle_mock_ident *id = idle_mock__find(s, key);

	if (!id && !(id = idle_mock__add(s, key)))
		idle_pcall_fail(c, 0, "out of memory");
	return id;
}

/* ---- set-up ------------------------------------------------------------------------------ */

static int mock_init(void *self, idle_pinit *ctx, const idle_value *options)
{
	mock *m = self;
	idle_mock_reader r = {ctx, NULL, NULL, NULL, 0};
	const idle_value *v;

	if (idle_mock__store_init(&m->base))
		return idle_pinit_error(ctx, NULL, NULL, "out of memory");
	m->lock_timeout = 10;
	if (idle_pinit_seconds(ctx, options, "LockTimeoutSeconds", 86400, &m->lock_timeout) ==
	    IDLE_EINVALID)
		r.errors++;
	v = idle_value_get(options, "Identities");
	if (v && idle_value_kind(v) != IDLE_NULL)
		idle_mock__read(&m->base, &r, v);
	if (idle_pinit_strings(ctx, options, "ProtectedEntitlementIds", &m->protected_ids) ==
	    IDLE_EINVALID)
		r.errors++;
	switch (idle_pinit_file(ctx, options, "StatePath", &m->state_path)) {
	case 0:
		m->state_at = idle_value_get(options, "StatePath");
		idle_mock__load(&m->base, &r, m->state_path, m->state_at);
		break;
	case IDLE_EINVALID:
		r.errors++;
		break;
	default:
		break;
	}
	return r.errors ? IDLE_EINVALID : 0;
}

static void mock_free(void *self)
{
	mock *m = self;

	idle_mock__store_free(&m->base);
	free(m->state_path);
}

/*
 * A run: the state file locked (another run on it waits, up to
 * LockTimeoutSeconds, or fails), what a killed run left removed, the state
 * read again (a run that ended since the providers file was loaded may have
 * changed it), and the run's own copy of the identities.
 */
static int mock_open(void *self, idle_pcall *c)
{
	mock *m = self;
	mock_run *run = idle_pcall_run(c);
	idle_mock_reader r = {NULL, c, NULL, NULL, 0};
	char err[1024];

	run->lock_fd = -1;
	if (m->state_path) {
		run->lock_fd =
		    idle_statefile_lock(m->state_path, m->lock_timeout, err, sizeof(err));
		if (run->lock_fd < 0)
			return idle_pcall_fail(c, 0, "%s", err);
		idle_statefile_remove_stale(m->state_path);
		idle_mock__load(&m->base, &r, m->state_path, NULL);
		if (r.errors) {
			idle_statefile_unlock(run->lock_fd);
			return IDLE_EPROVIDER;
		}
	}
	if (idle_mock__store_clone(&run->st, &m->base)) {
		idle_mock__store_free(&run->st);
		idle_statefile_unlock(run->lock_fd);
		return idle_pcall_fail(c, 0, "out of memory");
	}
	run->open = 1;
	return 0;
}

/* Writes the run's identities to the state file (when there is one) and releases the lock. */
static int mock_close(void *self, idle_pcall *c)
{
	mock *m = self;
	mock_run *run = idle_pcall_run(c);
	char *json = NULL, err[1024];
	size_t len = 0;
	int rc = 0;

	if (!run->open)
		return 0;
	if (m->state_path) {
		rc = idle_mock__json(&run->st, &json, &len);
		if (rc)
			idle_pcall_fail(c, 0, "cannot save the mock state: %s", idle_strerror(rc));
		else if (idle_statefile_write(m->state_path, json, len, err, sizeof(err)))
			rc = idle_pcall_fail(c, 0, "%s", err);
		idle_free(json);
	}
	idle_statefile_unlock(run->lock_fd);
	idle_mock__store_free(&run->st);
	run->open = 0;
	return rc ? IDLE_EPROVIDER : 0;
}

/* ---- identity operations --------------------------------------------------------------- */

static int mock_get(void *self, idle_pcall *c, const char *key, idle_identity *out)
{
	idle_mock_ident *id = get_or_add(store(self, c), c, key);

	if (!id)
		return IDLE_EPROVIDER;
	out->key = id->key;
	out->enabled = id->enabled;
	out->attributes = id->attrs; /* updates build a new map: this one stays as it is */
	return 0;
}

static int mock_create(void *self, idle_pcall *c, const char *key, const idle_value *attributes,
                       int *changed)
{
	idle_mock_store *s = store(self, c);
	idle_mock_ident *id = idle_mock__find(s, key);

	*changed = 0;
	if (id)
		return 0; /* exists: nothing to do (as the real providers) */
	id = idle_mock__add(s, key);
	if (!id)
		return idle_pcall_fail(c, 0, "out of memory");
	if (idle_value_kind(attributes) == IDLE_MAP &&
	    !(id->attrs = idle_store_copy(s->mem, attributes)))
		return idle_pcall_fail(c, 0, "out of memory");
	*changed = 1;
	return 0;
}

static int mock_remove(void *self, idle_pcall *c, const char *key, int *changed)
{
	idle_mock_store *s = store(self, c);
	idle_mock_ident *id = idle_mock__find(s, key);

	*changed = id != NULL;
	if (id)
		idle_mock__remove(s, id);
	return 0;
}

static int set_enabled(void *self, idle_pcall *c, const char *key, int enabled, int *changed)
{
	idle_mock_ident *id = get_or_add(store(self, c), c, key);

	if (!id)
		return IDLE_EPROVIDER;
	*changed = id->enabled != enabled;
	id->enabled = enabled;
	return 0;
}

static int mock_enable(void *self, idle_pcall *c, const char *key, int *changed)
{
	return set_enabled(self, c, key, 1, changed);
}

static int mock_disable(void *self, idle_pcall *c, const char *key, int *changed)
{
	return set_enabled(self, c, key, 0, changed);
}

static int mock_move(void *self, idle_pcall *c, const char *key, const char *container,
                     int *changed)
{
	idle_mock_store *s = store(self, c);
	idle_mock_ident *id = get_or_add(s, c, key);

	if (!id)
		return IDLE_EPROVIDER;
	*changed = !id->container || strcmp(id->container, container);
	if (*changed && !(id->container = idle_store_strdup(s->mem, container)))
		return idle_pcall_fail(c, 0, "out of memory");
	return 0;
}

/* PowerShell's loose -eq between a stored value and a new one, for scalars. */
static int loosely_equal(const idle_value *a, const idle_value *b)
{
	idle_kind ka = idle_value_kind(a), kb = idle_value_kind(b);

	if (ka == IDLE_ARRAY || ka == IDLE_MAP || kb == IDLE_ARRAY || kb == IDLE_MAP)
		return 0; /* compared as whole objects: a new one always differs */
	if ((ka == IDLE_NULL) != (kb == IDLE_NULL))
		return 0;
	return idle_value_text_equal(a, b);
}

static int mock_ensure_attribute(void *self, idle_pcall *c, const char *key, const char *name,
                                 const idle_value *value, int *changed)
{
	idle_mock_store *s = store(self, c);
	idle_mock_ident *id = get_or_add(s, c, key);
	const idle_value *old, *copy, *next;
	idle_builder *b;
	size_t i;

	if (!id)
		return IDLE_EPROVIDER;
	old = idle_value_get(id->attrs, name);
	*changed = !old || !loosely_equal(old, value);
	if (!*changed)
		return 0;
	/* a new map: the old entries in their order, this one replaced or added */
	copy = idle_store_copy(s->mem, value);
	b = idle_store_builder(s->mem, 0);
	for (i = 0; i < idle_value_count(id->attrs); i++)
		idle_build_value(b, idle_value_key_at(id->attrs, i, NULL),
		                 idle_value_at(id->attrs, i));
	idle_build_value(b, name, copy);
	next = idle_build_done(b);
	if (!copy || !next)
		return idle_pcall_fail(c, 0, "out of memory");
	id->attrs = next;
	return 0;
}

static int mock_revoke_sessions(void *self, idle_pcall *c, const char *key, int *changed)
{
	idle_mock_ident *id = get_or_add(store(self, c), c, key);

	if (!id)
		return IDLE_EPROVIDER;
	*changed = 1; /* like Graph's revokeSignInSessions: every call revokes */
	return 0;
}

/* ---- entitlement operations ------------------------------------------------------------- */

static int mock_list(void *self, idle_pcall *c, const char *key, idle_entitlement **items,
                     size_t *n)
{
	idle_mock_ident *id = idle_mock__find(store(self, c), key);

	*items = NULL;
	*n = 0;
	if (!id || !id->nents)
		return 0;
	*items = idle_pcall_alloc(c, id->nents * sizeof(**items));
	if (!*items)
		return idle_pcall_fail(c, 0, "out of memory");
	memcpy(*items, id->ents, id->nents * sizeof(**items));
	*n = id->nents;
	return 0;
}

static int check_entitlement(idle_pcall *c, const idle_entitlement *e)
{
	if (!e->kind || !*e->kind)
		return idle_pcall_fail(c, 0, "Entitlement.Kind must not be empty.");
	if (!e->id || !*e->id)
		return idle_pcall_fail(c, 0, "Entitlement.Id must not be empty.");
	return 0;
}

static int mock_grant(void *self, idle_pcall *c, const char *key, const idle_entitlement *e,
                      int *changed)
{
	idle_mock_store *s = store(self, c);
	idle_mock_ident *id = idle_mock__find(s, key);
	size_t i;

	*changed = 0;
	if (!id)
		return idle_pcall_fail(
		    c, 0, "Identity '%s' does not exist in the mock provider store.", key);
	if (check_entitlement(c, e))
		return IDLE_EPROVIDER;
	for (i = 0; i < id->nents; i++)
		if (same_entitlement(&id->ents[i], e))
			return 0;
	if (idle_mock__push_entitlement(s, id, e->kind, e->id, e->display_name))
		return idle_pcall_fail(c, 0, "out of memory");
	*changed = 1;
	return 0;
}

static int is_protected(const mock *m, const char *eid)
{
	size_t i, n = idle_value_kind(m->protected_ids) == IDLE_ARRAY
	                  ? idle_value_count(m->protected_ids)
	                  : (m->protected_ids ? 1 : 0);

	for (i = 0; i < n; i++) {
		const idle_value *p = idle_value_kind(m->protected_ids) == IDLE_ARRAY
		                          ? idle_value_at(m->protected_ids, i)
		                          : m->protected_ids;

		if (idle_text_caseeq(idle_value_string(p, NULL), eid))
			return 1;
	}
	return 0;
}

static int mock_revoke(void *self, idle_pcall *c, const char *key, const idle_entitlement *e,
                       int *changed)
{
	mock *m = self;
	idle_mock_ident *id = idle_mock__find(store(m, c), key);
	size_t i, k = 0;

	*changed = 0;
	if (!id)
		return idle_pcall_fail(
		    c, 0, "Identity '%s' does not exist in the mock provider store.", key);
	if (check_entitlement(c, e))
		return IDLE_EPROVIDER;
	if (is_protected(m, e->id))
		return idle_pcall_fail(c, 0, "Entitlement '%s' is protected and cannot be removed.",
		                       e->id);
	for (i = 0; i < id->nents; i++) {
		if (same_entitlement(&id->ents[i], e))
			*changed = 1;
		else
			id->ents[k++] = id->ents[i];
	}
	id->nents = k;
	return 0;
}

static const idle_identity_ops identity_ops = {
    .get = mock_get,
    .create = mock_create,
    .remove = mock_remove,
    .enable = mock_enable,
    .disable = mock_disable,
    .move = mock_move,
    .ensure_attribute = mock_ensure_attribute,
    .revoke_sessions = mock_revoke_sessions,
};

static const idle_entitlement_ops entitlement_ops = {
    .list = mock_list,
    .grant = mock_grant,
    .revoke = mock_revoke,
};

/* the operations give the rest; pruning is List + Revoke */
static const char *const capabilities[] = {IDLE_CAP_ENTITLEMENT_PRUNE, NULL};

/* idle doctor: the state file's folder can take the file; the lock is free (nothing written). */
static int mock_doctor(void *self, idle_pcall *c, const char *computer)
{
	mock *m = self;
	char dir[4096], lock[4200], err[600], *slash;
	int fd;

	(void)computer;
	idle_pcall_check(c, IDLE_CHECK_INFO, "identities", NULL, "%zu identities to start from",
	                 m->base.n);
	if (!m->state_path) {
		idle_pcall_check(c, IDLE_CHECK_INFO, "state file", NULL,
		                 "none (no StatePath): what a run changes is not kept");
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s", m->state_path);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	if (access(m->state_path, F_OK) == 0 && access(m->state_path, R_OK | W_OK) != 0)
		idle_pcall_check(c, IDLE_CHECK_FAIL, "state file",
		                 "give the account running idle read and write access to it",
		                 "%s cannot be read and written: %s", m->state_path,
		                 strerror(errno));
	else if (access(dir, F_OK) == 0 && access(dir, W_OK | X_OK) != 0)
		idle_pcall_check(
		    c, IDLE_CHECK_FAIL, "state file",
		    "give the account running idle write access to the folder",
		    "%s: the folder %s is not writable (the file is replaced atomically "
		    "there)",
		    m->state_path, dir);
	else
		idle_pcall_check(c, IDLE_CHECK_PASS, "state file", NULL, "%s%s", m->state_path,
		                 access(m->state_path, F_OK) ? " (made by the first run)" : "");
	snprintf(lock, sizeof(lock), "%s.lock", m->state_path);
	if (access(lock, F_OK) !=
	    0) /* no run made it yet: nothing to wait for (and none made here) */
		return 0;
	if ((fd = idle_statefile_lock(m->state_path, 0, err, sizeof(err))) >= 0) {
		idle_statefile_unlock(fd);
		idle_pcall_check(c, IDLE_CHECK_PASS, "state lock", NULL, "free");
	} else {
		idle_pcall_check(c, IDLE_CHECK_FAIL, "state lock",
		                 "wait for the other run, or raise LockTimeoutSeconds", "%s", err);
	}
	return 0;
}

static const char *const options[] = {"Identities", "StatePath", "ProtectedEntitlementIds",
                                      "LockTimeoutSeconds", NULL};

const idle_provider_type idle_provider_mock = {
    IDLE_PROVIDER_TYPE_INIT,
    .name = "Mock",
    .summary = "identity and entitlement store in memory (Identities), optionally kept in a "
               "StatePath file",
    .capabilities = capabilities,
    .options = options,
    .flags = IDLE_PROVIDER_SIMULATOR,
    .state_size = sizeof(mock),
    .run_size = sizeof(mock_run),
    .init = mock_init,
    .free = mock_free,
    .open = mock_open,
    .close = mock_close,
    .doctor = mock_doctor,
    .identity = &identity_ops,
    .entitlement = &entitlement_ops,
};
