/*
 * engine/resolvers.c - ContextResolvers (Invoke-IdleContextResolvers): read
 * identity data from providers at plan time into Request.Context, under a
 * scoped path per provider and auth session, and rebuild the Views that
 * merge them (shared/spec/idle-planning.md section 7).
 */
#include "engine/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/grow.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "engine/capability.h"
#include "engine/cond_eval.h"
#include "engine/regex.h"

#define ENT_SUB     "Entitlements"
#define PROFILE_SUB "Profile"

/* [string]$v in the plan's arena ("" for null). */
static const char *text(idle_plan *p, const idle_value *v)
{
	idle_buf b = IDLE_BUF_INIT;
	char *s;

	idle_val_text(&b, v);
	s = idle_arena_strndup(&p->arena, b.data ? b.data : "", b.len);
	idle_buf_free(&b);
	return s;
}

/* ---- context paths -------------------------------------------------------------------- */

typedef struct setter {
	idle_plan *p;
	char error[512];
	const char *full; /* the relative path being set, for messages */
} setter;

/*
 * out = node with seg[0..n) set to leaf; missing or null levels become maps;
 * a level that is something else is an error (IdLE's message).
 */
static int set_path(setter *s, const idle_value *node, const char *const *seg, size_t n,
                    const idle_value *leaf, idle_value *out)
{
	const idle_value *child;
	idle_value next;

	if (n == 1)
		return idle_val_map_set(&s->p->arena, out, node, seg[0], strlen(seg[0]), leaf);
	child = node ? idle_map_get(node, seg[0], strlen(seg[0])) : NULL;
	if (child && child->kind != IDLE_NULL && child->kind != IDLE_MAP) {
		snprintf(s->error, sizeof(s->error),
		         "Cannot set context path '%s': intermediate node '%s' is of type "
		         "'System.%s', expected a hashtable. Use a unique resolver output path to "
		         "avoid conflicts with existing context data.",
		         s->full, seg[0], idle_net_type_name(child));
		return IDLE_EINVALID;
	}
	if (child && child->kind == IDLE_NULL)
		child = NULL;
	if (set_path(s, child, seg + 1, n - 1, leaf, &next))
		return s->error[0] ? IDLE_EINVALID : -1;
	return idle_val_map_set(&s->p->arena, out, node, seg[0], strlen(seg[0]), &next);
}

/* Sets a path (segments, NULL-terminated) below Request.Context. */
static int set_context(idle_plan *p, const char *const *seg, const idle_value *leaf,
                       idle_error *err)
{
	setter s;
	idle_buf full = IDLE_BUF_INIT;
	const idle_value *ctx = idle_map_get(&p->request, IDLE_LIT("Context"));
	idle_value nctx, nreq;
	size_t n = 0;
	int rc;

	memset(&s, 0, sizeof(s));
	s.p = p;
	while (seg[n]) {
		idle_buf_printf(&full, "%s%s", n ? "." : "", seg[n]);
		n++;
	}
	s.full = full.data ? full.data : "";
	if (ctx && ctx->kind != IDLE_MAP)
		ctx = NULL;
	rc = set_path(&s, ctx, seg, n, leaf, &nctx);
	if (rc == 0)
		rc = idle_val_map_set(&p->arena, &nreq, &p->request, "Context", 7, &nctx) ? -1 : 0;
	if (rc == 0)
		p->request = nreq;
	if (rc == IDLE_EINVALID)
		idle_error_set(err, rc, "%s", s.error);
	idle_buf_free(&full);
	return rc;
}

/* ---- views ------------------------------------------------------------------------------ */

typedef struct entry {
	const char *key;
	const idle_value *val;
} entry;

static int cmp_entry(const void *a, const void *b)
{
	return strcasecmp(((const entry *)a)->key, ((const entry *)b)->key);
}

/* The map entries of node whose values are maps, sorted by key. */
static entry *sorted_maps(const idle_value *node, size_t *n)
{
	entry *e;
	uint32_t i;

	*n = 0;
	if (!node || node->kind != IDLE_MAP || !node->n)
		return NULL;
	e = malloc(node->n * sizeof(*e));
	if (!e)
		return NULL;
	for (i = 0; i < node->n; i++)
		if (node->u.members[i].val.kind == IDLE_MAP) {
			e[*n].key = node->u.members[i].key;
			e[*n].val = &node->u.members[i].val;
			(*n)++;
		}
	qsort(e, *n, sizeof(*e), cmp_entry);
	return e;
}

/* A growable list of values. */
typedef struct bucket {
	const char *key; /* provider or session name */
	const char *key2;
	idle_value *items;
	size_t n, cap;
	const idle_value *profile; /* for Identity.Read */
} bucket;

static int push(bucket *b, const idle_value *v)
{
	if (IDLE_GROW(b->items, b->n + 1, b->cap, 8))
		return -1;
	b->items[b->n++] = *v;
	return 0;
}

static bucket *find_bucket(bucket *bs, size_t n, const char *key, const char *key2)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(bs[i].key, key) && (!key2 || !strcasecmp(bs[i].key2, key2)))
			return &bs[i];
	return NULL;
}

/* The value written for a bucket: the list, or the profile (possibly null). */
static int bucket_value(idle_plan *p, const bucket *b, int ents, idle_value *out)
{
	if (!ents) {
		if (b->profile)
			*out = *b->profile;
		else
			idle_val_init(out, IDLE_NULL);
		return 0;
	}
	return idle_val_array(&p->arena, out, b->items, b->n);
}

static int rebuild_views(idle_plan *p, int ents, idle_error *err)
{
	const char *sub = ents ? ENT_SUB : PROFILE_SUB;
	const idle_value *ctx = idle_map_get(&p->request, IDLE_LIT("Context"));
	const idle_value *provs =
	    ctx && ctx->kind == IDLE_MAP ? idle_map_get(ctx, IDLE_LIT("Providers")) : NULL;
	bucket all = {"", "", NULL, 0, 0, NULL};
	bucket *byprov = NULL, *bysess = NULL, *bypair = NULL;
	size_t nprov = 0, nsess = 0, npair = 0, np, i, j;
	entry *pe = sorted_maps(provs, &np);
	int rc = 0;

	if (np) {
		size_t total = 0;

		for (i = 0; i < np; i++)
			total += pe[i].val->n;
		byprov = calloc(np, sizeof(*byprov));
		bysess = calloc(total + 1, sizeof(*bysess));
		bypair = calloc(total + 1, sizeof(*bypair));
		if (!byprov || !bysess || !bypair)
			rc = -1;
	}
	for (i = 0; rc == 0 && i < np; i++) {
		size_t ns;
		entry *se = sorted_maps(pe[i].val, &ns);
		bucket *bp = &byprov[nprov++];

		bp->key = pe[i].key;
		for (j = 0; rc == 0 && j < ns; j++) {
			const idle_value *idn = idle_map_get(se[j].val, IDLE_LIT("Identity"));
			const idle_value *val = idn && idn->kind == IDLE_MAP
			                            ? idle_map_get(idn, sub, strlen(sub))
			                            : NULL;
			bucket *bs = find_bucket(bysess, nsess, se[j].key, NULL);
			bucket *bb = &bypair[npair++];

			if (!bs) {
				bs = &bysess[nsess++];
				bs->key = se[j].key;
			}
			bb->key = pe[i].key;
			bb->key2 = se[j].key;
			if (!ents) {
				bb->profile = val;
				if (val && val->kind != IDLE_NULL)
					all.profile = bp->profile = bs->profile = val;
				continue;
			}
			if (!val || val->kind == IDLE_NULL)
				continue;
			if (val->kind == IDLE_ARRAY) {
				uint32_t k;

				for (k = 0; rc == 0 && k < val->n; k++)
					rc = push(&all, &val->u.items[k]) ||
					             push(bp, &val->u.items[k]) ||
					             push(bs, &val->u.items[k]) ||
					             push(bb, &val->u.items[k])
					         ? -1
					         : 0;
			} else {
				rc = push(&all, val) || push(bp, val) || push(bs, val) ||
				             push(bb, val)
				         ? -1
				         : 0;
			}
		}
		free(se);
	}
	/* write them: global, per provider, per session, per provider and session */
	if (rc == 0) {
		idle_value v;
		const char *seg[8];

		rc = bucket_value(p, &all, ents, &v);
		seg[0] = "Views", seg[1] = "Identity", seg[2] = sub, seg[3] = NULL;
		if (rc == 0)
			rc = set_context(p, seg, &v, err);
		for (i = 0; rc == 0 && i < nprov; i++) {
			seg[0] = "Views", seg[1] = "Providers", seg[2] = byprov[i].key;
			seg[3] = "Identity", seg[4] = sub, seg[5] = NULL;
			rc = bucket_value(p, &byprov[i], ents, &v);
			if (rc == 0)
				rc = set_context(p, seg, &v, err);
		}
		for (i = 0; rc == 0 && i < nsess; i++) {
			seg[0] = "Views", seg[1] = "Sessions", seg[2] = bysess[i].key;
			seg[3] = "Identity", seg[4] = sub, seg[5] = NULL;
			rc = bucket_value(p, &bysess[i], ents, &v);
			if (rc == 0)
				rc = set_context(p, seg, &v, err);
		}
		for (i = 0; rc == 0 && i < npair; i++) {
			seg[0] = "Views", seg[1] = "Providers", seg[2] = bypair[i].key;
			seg[3] = "Sessions", seg[4] = bypair[i].key2, seg[5] = "Identity";
			seg[6] = sub, seg[7] = NULL;
			rc = bucket_value(p, &bypair[i], ents, &v);
			if (rc == 0)
				rc = set_context(p, seg, &v, err);
		}
	}
	free(all.items);
	for (i = 0; i < nprov; i++)
		free(byprov[i].items);
	for (i = 0; i < nsess; i++)
		free(bysess[i].items);
	for (i = 0; i < npair; i++)
		free(bypair[i].items);
	free(byprov);
	free(bysess);
	free(bypair);
	free(pe);
	return rc;
}

/* ---- one resolver ---------------------------------------------------------------------- */

typedef struct rctx {
	idle_plan *p;
	idle_vctx *v;
	const idle_value *def; /* the resolver's map */
	size_t index;
	const char *cap;
	idle_value with;
} rctx;

static int fail(rctx *r, const idle_value *at, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(rctx *r, const idle_value *at, const char *hint, const char *fmt, ...)
{
	va_list ap;
	idle_diag *d;

	va_start(ap, fmt);
	d = idle_vctx_report(r->v, IDLE_SEV_ERROR, "resolver", at ? at->start : IDLE_NOSPAN,
	                     at ? at->end : IDLE_NOSPAN, fmt, ap);
	va_end(ap);
	if (hint)
		idle_diag_set_hint(d, "%s", hint);
	return IDLE_EINVALID;
}

static int cmp_provider(const void *a, const void *b)
{
	return strcasecmp((*(idle_provider *const *)a)->alias, (*(idle_provider *const *)b)->alias);
}

/* Explicit With.Provider or the one provider advertising the capability. */
static int select_provider(rctx *r, idle_provider **out, const char **alias)
{
	const idle_value *pv = idle_map_get(&r->with, IDLE_LIT("Provider"));
	idle_config *cfg = r->p->cfg;
	idle_provider **cands = NULL;
	size_t n = 0, i;
	idle_buf names = IDLE_BUF_INIT;
	int rc;

	if (!idle_val_blank(pv)) {
		*alias = text(r->p, pv);
		*out = cfg ? idle_config_provider(cfg, *alias, strlen(*alias)) : NULL;
		if (!*out)
			return fail(
			    r, pv, cfg ? NULL : "give the providers file with --providers",
			    "ContextResolvers[%zu] references provider '%s' but no provider "
			    "with that alias was found in the Providers map",
			    r->index, *alias);
		return 0;
	}
	if (!cfg || !cfg->nproviders)
		return fail(r, r->def,
		            cfg ? "add a provider that implements it (Type = 'Mock' does)"
		                : "context resolvers read from providers: give the providers file "
		                  "with --providers",
		            "ContextResolvers[%zu] requires capability '%s' but no provider in the "
		            "Providers map advertises it",
		            r->index, r->cap);
	cands = malloc(cfg->nproviders * sizeof(*cands));
	if (!cands)
		return -1;
	for (i = 0; i < cfg->nproviders; i++)
		if (idle_provider_has(&cfg->providers[i], r->cap))
			cands[n++] = &cfg->providers[i];
	qsort(cands, n, sizeof(*cands), cmp_provider);
	if (n == 1) {
		*out = cands[0];
		*alias = cands[0]->alias;
		free(cands);
		return 0;
	}
	for (i = 0; i < n; i++)
		idle_buf_printf(&names, "%s%s", i ? ", " : "", cands[i]->alias);
	if (n > 1)
		rc =
		    fail(r, r->def, "set With.Provider to the alias to read from",
		         "ContextResolvers[%zu]: Multiple providers advertise capability '%s': %s. "
		         "Specify 'With.Provider' in the resolver to disambiguate",
		         r->index, r->cap, names.data ? names.data : "");
	else
		rc = fail(r, r->def,
		          "add a provider that implements it, or name one in With.Provider",
		          "ContextResolvers[%zu] requires capability '%s' but no provider in the "
		          "Providers map advertises it",
		          r->index, r->cap);
	idle_buf_free(&names);
	free(cands);
	return rc;
}

static int segment_ok(const char *s)
{
	return idle_rx_test(IDLE_RX_PATH_SEGMENT, s, strlen(s));
}

/* Annotated copy of a provider record: its entries plus SourceProvider, SourceAuthSessionName. */
static int annotate(idle_plan *p, idle_member *m, size_t n, const char *alias, const char *session,
                    idle_value *out)
{
	idle_value s;

	idle_val_cstr(&s, alias);
	idle_member_init(&m[n++], "SourceProvider", &s);
	idle_val_cstr(&s, session);
	idle_member_init(&m[n++], "SourceAuthSessionName", &s);
	return idle_val_map(&p->arena, out, m, n);
}

static int read_entitlements(rctx *r, idle_provider *prov, idle_pcall *c, const char *key,
                             const char *alias, const char *session, idle_value *out)
{
	idle_entitlement *items = NULL;
	idle_value *list;
	size_t n = 0, i;
	int rc = idle_provider_enter(prov, c, IDLE_OP_LIST_ENTITLEMENTS);

	if (rc == 0)
		rc = prov->type->entitlement->list(prov->self, c, key, &items, &n);
	if (rc)
		return rc;
	list = n ? idle_arena_alloc(&r->p->arena, n * sizeof(*list)) : NULL;
	if (n && !list)
		return -1;
	for (i = 0; i < n; i++) {
		idle_member m[5];
		idle_value s;
		size_t k = 0;

		idle_val_cstr(&s, items[i].kind ? items[i].kind : "");
		idle_member_init(&m[k++], "Kind", &s);
		idle_val_cstr(&s, items[i].id ? items[i].id : "");
		idle_member_init(&m[k++], "Id", &s);
		if (items[i].display_name) {
			idle_val_cstr(&s, items[i].display_name);
			idle_member_init(&m[k++], "DisplayName", &s);
		}
		if (annotate(r->p, m, k, alias, session, &list[i]))
			return -1;
	}
	return idle_val_array(&r->p->arena, out, list, n);
}

static int read_profile(rctx *r, idle_provider *prov, idle_pcall *c, const char *key,
                        const char *alias, const char *session, idle_value *out)
{
	idle_identity id;
	idle_member m[5];
	idle_value s;
	int rc = idle_provider_enter(prov, c, IDLE_OP_GET_IDENTITY);

	memset(&id, 0, sizeof(id));
	if (rc == 0)
		rc = prov->type->identity->get(prov->self, c, key, &id);
	if (rc == IDLE_ENOTFOUND) {
		idle_val_init(out, IDLE_NULL);
		return 0;
	}
	if (rc)
		return rc;
	idle_val_cstr(&s, id.key ? id.key : key);
	idle_member_init(&m[0], "IdentityKey", &s);
	idle_val_bool(&s, id.enabled);
	idle_member_init(&m[1], "Enabled", &s);
	if (id.attributes)
		s = *id.attributes;
	else if (idle_val_map(&r->p->arena, &s, NULL, 0))
		return -1;
	idle_member_init(&m[2], "Attributes", &s);
	return annotate(r->p, m, 3, alias, session, out);
}

static int run_one(rctx *r)
{
	idle_plan *p = r->p;
	const idle_value *an, *opts, *key;
	const idle_auth_session *session = NULL;
	const char *alias = NULL, *skey = "Default", *ident;
	idle_provider *prov = NULL;
	idle_value result;
	idle_pcall c;
	idle_error err;
	int ents = !strcasecmp(r->cap, IDLE_CAP_ENTITLEMENT_LIST), rc;

	if (!idle_cap_resolver_allowed(r->cap, strlen(r->cap)))
		return fail(r, r->def, NULL,
		            "ContextResolver capability '%s' is not in the read-only allow-list. "
		            "Allowed capabilities: IdLE.Entitlement.List, IdLE.Identity.Read",
		            r->cap);
	rc = select_provider(r, &prov, &alias);
	if (rc)
		return rc;
	if (!segment_ok(alias))
		return fail(
		    r, idle_map_get(&r->with, IDLE_LIT("Provider")), NULL,
		    "ContextResolvers[%zu]: Provider alias '%s' is not a valid context path "
		    "segment. Must start with alphanumeric, followed by alphanumeric, hyphens, "
		    "or underscores (max 64 chars total, no dots allowed)",
		    r->index, alias);
	an = idle_map_get(&r->with, IDLE_LIT("AuthSessionName"));
	opts = idle_map_get(&r->with, IDLE_LIT("AuthSessionOptions"));
	if (!idle_val_blank(an)) {
		skey = text(p, an);
		if (opts && opts->kind != IDLE_NULL && opts->kind != IDLE_MAP)
			return fail(
			    r, opts, NULL,
			    "ContextResolvers[%zu] 'With.AuthSessionOptions' must be a hashtable",
			    r->index);
		if (!segment_ok(skey))
			return fail(
			    r, an, NULL,
			    "ContextResolvers[%zu]: AuthSessionName '%s' is not a valid context "
			    "path segment. Must start with alphanumeric, followed by "
			    "alphanumeric, hyphens, or underscores (max 64 chars total, no dots "
			    "allowed)",
			    r->index, skey);
		rc = idle_session__from_host(p->cfg, skey, opts, &session, &err);
		if (rc && rc != IDLE_ENOTFOUND)
			return fail(r, an, NULL, "ContextResolvers[%zu]: %s", r->index,
			            err.message);
		if (rc && !p->cfg->broker.configured)
			return fail(
			    r, an,
			    "add AuthSessions (a SessionMap entry for this name) to the "
			    "providers file",
			    "ContextResolvers[%zu] specifies With.AuthSessionName '%s' but the "
			    "providers file configures no AuthSessions",
			    r->index, skey);
		if (rc && idle_broker_acquire(&p->cfg->broker, skey, opts, &session, &err))
			return fail(r, an, NULL, "ContextResolvers[%zu]: %s", r->index,
			            err.message);
	} else {
		/* a default session if there is one; none is fine */
		rc = idle_session__from_host(p->cfg, "", NULL, &session, &err);
		if (rc && rc != IDLE_ENOTFOUND)
			return fail(r, r->def, NULL, "ContextResolvers[%zu]: %s", r->index,
			            err.message);
		if (rc && p->cfg->broker.configured)
			idle_broker_acquire(&p->cfg->broker, "", NULL, &session, &err);
	}
	key = idle_map_get(&r->with, IDLE_LIT("IdentityKey"));
	idle_pcall_init(&c, &p->arena, NULL, prov,
	                ents ? IDLE_OP_LIST_ENTITLEMENTS : IDLE_OP_GET_IDENTITY, session);
	c.faults = p->faults ? p->faults + prov->fault_base : NULL;
	c.env = &p->env;
	if (idle_val_blank(key))
		return fail(
		    r, key ? key : r->def, NULL,
		    "ContextResolvers[%zu]: Provider '%s' failed while resolving capability "
		    "'%s'. ContextResolvers[%zu] with capability '%s' requires "
		    "With.IdentityKey (non-empty string)",
		    r->index, alias, r->cap, r->index, r->cap);
	ident = text(p, key);
	rc = ents ? read_entitlements(r, prov, &c, ident, alias, skey, &result)
	          : read_profile(r, prov, &c, ident, alias, skey, &result);
	if (rc == -1 || (rc && !c.failed))
		return -1;
	if (rc)
		return fail(
		    r, r->def, NULL,
		    "ContextResolvers[%zu]: Provider '%s' failed while resolving capability "
		    "'%s'. %s",
		    r->index, alias, r->cap, c.error);
	{
		const char *seg[] = {
		    "Providers", alias, skey, "Identity", ents ? ENT_SUB : PROFILE_SUB, NULL};
		idle_plan_resolver *res = &p->resolvers[p->nresolvers];
		idle_buf sum = IDLE_BUF_INIT;

		rc = set_context(p, seg, &result, &err);
		if (rc == IDLE_EINVALID)
			return fail(r, r->def, NULL, "%s", err.message);
		if (rc == 0)
			rc = rebuild_views(p, ents, &err);
		if (rc == IDLE_EINVALID)
			return fail(r, r->def, NULL, "%s", err.message);
		if (rc)
			return -1;
		if (ents)
			idle_buf_printf(&sum,
			                "%s from '%s' (session %s) for '%s': %u entitlement%s -> "
			                "Request.Context.Providers.%s.%s.Identity.Entitlements",
			                r->cap, alias, skey, ident, result.n,
			                result.n == 1 ? "" : "s", alias, skey);
		else
			idle_buf_printf(&sum,
			                "%s from '%s' (session %s) for '%s': %s -> "
			                "Request.Context.Providers.%s.%s.Identity.Profile",
			                r->cap, alias, skey, ident,
			                result.kind == IDLE_NULL ? "no profile" : "a profile",
			                alias, skey);
		res->capability = r->cap;
		res->provider = alias;
		res->session = skey;
		res->summary = idle_arena_strndup(&p->arena, sum.data ? sum.data : "", sum.len);
		idle_buf_free(&sum);
		p->nresolvers++;
	}
	return 0;
}

int idle_plan__run_resolvers(idle_plan *p, idle_vctx *v, const idle_value *resolvers)
{
	uint32_t i;

	if (!resolvers || resolvers->kind != IDLE_ARRAY || !resolvers->n)
		return 0;
	p->resolvers = idle_arena_calloc(&p->arena, resolvers->n, sizeof(*p->resolvers));
	if (!p->resolvers)
		return -1;
	/* a Context that is null becomes an empty map */
	{
		const idle_value *ctx = idle_map_get(&p->request, IDLE_LIT("Context"));

		if (!ctx || ctx->kind == IDLE_NULL) {
			idle_value empty, nreq;

			if (idle_val_map(&p->arena, &empty, NULL, 0) ||
			    idle_val_map_set(&p->arena, &nreq, &p->request, "Context", 7, &empty))
				return -1;
			p->request = nreq;
		}
	}
	idle_vctx_push_key(v, IDLE_LIT("ContextResolvers"));
	for (i = 0; i < resolvers->n; i++) {
		const idle_value *def = &resolvers->u.items[i], *with, *cap;
		rctx r;
		int rc;

		memset(&r, 0, sizeof(r));
		r.p = p;
		r.v = v;
		r.def = def;
		r.index = i;
		idle_vctx_push_index(v, i);
		cap = idle_map_get(def, IDLE_LIT("Capability"));
		r.cap = cap && cap->kind == IDLE_STRING ? cap->u.s : "";
		with = idle_map_get(def, IDLE_LIT("With"));
		if (with && with->kind == IDLE_MAP) {
			idle_vctx_push_key(v, IDLE_LIT("With"));
			rc = idle_plan__resolve(p, v, with, &r.with);
			idle_vctx_pop(v);
			if (rc) {
				idle_vctx_pop(v);
				idle_vctx_pop(v);
				return rc < 0 ? -1 : 1;
			}
		} else if (idle_val_map(&p->arena, &r.with, NULL, 0)) {
			idle_vctx_pop(v);
			idle_vctx_pop(v);
			return -1;
		}
		rc = run_one(&r);
		idle_vctx_pop(v);
		if (rc) {
			idle_vctx_pop(v);
			return rc == IDLE_EINVALID ? 1 : -1;
		}
	}
	idle_vctx_pop(v);
	return 0;
}
