/*
 * engine/config.c - the providers file: root keys, provider entries (type,
 * generic options, set-up), AuthSessions, ExecutionOptions, StepMetadata
 * (Resolve-IdleStepMetadataCatalog's rules for host metadata).
 */
#include "engine/config.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/suggest.h"
#include "core/utf8.h"
#include "engine/capability.h"
#include "engine/execopts.h"
#include "engine/host.h"
#include "parser/document.h"

static const char *const root_keys[] = {"Providers", "AuthSessions", "ExecutionOptions",
                                        "StepMetadata", NULL};
static const char *const generic_options[] = {"Type", "Capabilities", NULL};

/* "a, b, c" into buf. */
/* Trimmed copy of a string value in the arena. */
static char *trimmed(idle_arena *a, const idle_value *v)
{
	size_t b = 0, e = v->n;

	idle_utf8_trim(v->u.s, &b, &e);
	return idle_arena_strndup(a, v->u.s + b, e - b);
}

/* ---- provider entries ------------------------------------------------------------ */

/* The Capabilities option: what the provider advertises (default: everything it implements). */
static void advertised(idle_config *cfg, idle_vctx *v, idle_provider *p, const idle_value *caps)
{
	const char *all[IDLE_OP_COUNT + 64];
	size_t nall = idle_provider_type_caps(p->type, all, IDLE_OP_COUNT + 63), n, i;
	char buf[1024];

	all[nall] = NULL;
	if (!caps || caps->kind == IDLE_NULL) {
		p->caps = idle_arena_alloc(&cfg->arena, (nall + 1) * sizeof(*p->caps));
		if (!p->caps) {
			v->oom = 1;
			return;
		}
		for (i = 0; i < nall; i++)
			p->caps[i] = idle_cap_normalize(all[i]);
		p->ncaps = nall;
		idle_cap_sort_unique(p->caps, &p->ncaps);
		return;
	}
	idle_vctx_push_key(v, IDLE_LIT("Capabilities"));
	if (caps->kind != IDLE_ARRAY && caps->kind != IDLE_STRING) {
		idle_vctx_error(v, IDLE_CODE_PROVIDERS, caps,
		                "Capabilities must be a list of capability ids, not %s",
		                idle_val_describe(caps));
		idle_vctx_pop(v);
		return;
	}
	n = caps->kind == IDLE_ARRAY ? caps->n : 1;
	p->caps = idle_arena_alloc(&cfg->arena, (n + 1) * sizeof(*p->caps));
	if (!p->caps) {
		v->oom = 1;
		idle_vctx_pop(v);
		return;
	}
	for (i = 0; i < n; i++) {
		const idle_value *c = caps->kind == IDLE_ARRAY ? &caps->u.items[i] : caps;
		const char *norm;
		char *s;
		size_t k;

		if (caps->kind == IDLE_ARRAY)
			idle_vctx_push_index(v, i);
		if (c->kind != IDLE_STRING || idle_val_blank(c)) {
			idle_vctx_error(v, IDLE_CODE_PROVIDERS, c,
			                "a capability must be a non-empty string, not %s",
			                c->kind == IDLE_STRING ? "a blank one"
			                                       : idle_val_describe(c));
		} else if (!(s = trimmed(&cfg->arena, c))) {
			v->oom = 1;
		} else if (!idle_cap_valid(s, strlen(s))) {
			idle_vctx_error(
			    v, IDLE_CODE_PROVIDERS, c,
			    "'%s' is not a capability id: expected dot-separated segments "
			    "like 'IdLE.Identity.Read'",
			    s);
		} else {
			norm = idle_cap_normalize(s);
			for (k = 0; k < nall; k++)
				if (!strcasecmp(idle_cap_normalize(all[k]), norm))
					break;
			if (k == nall) {
				idle_diag *d = idle_vctx_error(
				    v, IDLE_CODE_PROVIDERS, c,
				    "provider type '%s' does not implement '%s'; it implements: %s",
				    p->type->name, s, idle_join(all, buf, sizeof(buf)));

				idle_diag_suggest(d, s, strlen(s), all);
			} else {
				p->caps[p->ncaps++] = idle_cap_normalize(all[k]);
			}
		}
		if (caps->kind == IDLE_ARRAY)
			idle_vctx_pop(v);
	}
	idle_cap_sort_unique(p->caps, &p->ncaps);
	idle_vctx_pop(v);
}

/* Faults = @( @{ Operation = 'GetIdentity'; Times = 2; Transient = $true; Message = '...' } ). */
static void faults(idle_config *cfg, idle_vctx *v, idle_provider *p, const idle_value *list)
{
	static const char *const keys[] = {"Operation", "Times", "Transient", "Message", NULL};
	const char *ops[IDLE_OP_COUNT + 1];
	size_t nops = 0, i, k;
	char buf[512];

	if (!list || list->kind == IDLE_NULL)
		return;
	for (k = 0; k < IDLE_OP_COUNT; k++)
		if (idle_op_implemented(p->type, (idle_op)k))
			ops[nops++] = idle_op_names[k];
	ops[nops] = NULL;
	idle_vctx_push_key(v, IDLE_LIT("Faults"));
	if (list->kind != IDLE_ARRAY) {
		idle_diag *d =
		    idle_vctx_error(v, IDLE_CODE_PROVIDERS, list,
		                    "Faults must be a list of @{ Operation = ...; Times = "
		                    "...; Transient = ...; Message = ... }, not %s",
		                    idle_val_describe(list));

		if (list->kind == IDLE_MAP)
			idle_diag_set_hint(d, "wrap the fault in @( ... )");
		idle_vctx_pop(v);
		return;
	}
	p->faults = idle_arena_calloc(&cfg->arena, list->n ? list->n : 1, sizeof(*p->faults));
	if (!p->faults)
		v->oom = 1;
	for (i = 0; p->faults && i < list->n; i++) {
		const idle_value *f = &list->u.items[i], *op, *times, *tr, *msg;
		idle_fault *out = &p->faults[p->nfaults];
		size_t errors = v->errors;
		uint32_t j;

		idle_vctx_push_index(v, i);
		if (f->kind != IDLE_MAP) {
			idle_vctx_error(v, IDLE_CODE_PROVIDERS, f,
			                "a fault must be a hashtable, not %s",
			                idle_val_describe(f));
			idle_vctx_pop(v);
			continue;
		}
		for (j = 0; j < f->n; j++)
			idle_vctx_unknown_key(v, IDLE_CODE_PROVIDERS, &f->u.members[j], keys,
			                      "a fault");
		op = idle_map_get(f, IDLE_LIT("Operation"));
		times = idle_map_get(f, IDLE_LIT("Times"));
		tr = idle_map_get(f, IDLE_LIT("Transient"));
		msg = idle_map_get(f, IDLE_LIT("Message"));
		out->times = -1;
		out->message = "injected fault";
		if (!op || op->kind != IDLE_STRING || !idle_utf8_in_list(op->u.s, op->n, ops)) {
			idle_diag *d;

			if (op)
				idle_vctx_push_key(v, IDLE_LIT("Operation"));
			d = idle_vctx_error(v, IDLE_CODE_PROVIDERS, op ? op : f,
			                    "Operation must name an operation of '%s': %s",
			                    p->type->name, idle_join(ops, buf, sizeof(buf)));
			if (op && op->kind == IDLE_STRING)
				idle_diag_suggest(d, op->u.s, op->n, ops);
			if (op)
				idle_vctx_pop(v);
		} else {
			for (k = 0; k < IDLE_OP_COUNT; k++)
				if (idle_utf8_caseeq(op->u.s, op->n, idle_op_names[k],
				                     strlen(idle_op_names[k])))
					out->op = (idle_op)k;
		}
		if (times && times->kind != IDLE_NULL) {
			if (times->kind != IDLE_INT || times->u.i < 1) {
				idle_vctx_push_key(v, IDLE_LIT("Times"));
				idle_vctx_error(
				    v, IDLE_CODE_PROVIDERS, times,
				    "Times must be a whole number of calls, at least 1");
				idle_vctx_pop(v);
			} else {
				out->times = (long)times->u.i;
			}
		}
		if (tr && tr->kind != IDLE_NULL) {
			if (tr->kind != IDLE_BOOL) {
				idle_vctx_push_key(v, IDLE_LIT("Transient"));
				idle_vctx_error(v, IDLE_CODE_PROVIDERS, tr,
				                "Transient must be $true or $false");
				idle_vctx_pop(v);
			} else {
				out->transient = tr->u.i != 0;
			}
		}
		if (msg && msg->kind != IDLE_NULL) {
			if (msg->kind != IDLE_STRING || idle_val_blank(msg)) {
				idle_vctx_push_key(v, IDLE_LIT("Message"));
				idle_vctx_error(v, IDLE_CODE_PROVIDERS, msg,
				                "Message must be a non-empty string");
				idle_vctx_pop(v);
			} else {
				out->message = msg->u.s;
			}
		}
		if (v->errors == errors)
			p->nfaults++;
		idle_vctx_pop(v);
	}
	idle_vctx_pop(v);
}

/* Drops the capabilities the provider's init withheld; listing one in Capabilities is an error. */
static void withhold(idle_vctx *v, idle_provider *p, const idle_pinit *ctx, const idle_value *caps)
{
	size_t i, k, w;

	for (w = 0; w < ctx->nwithheld; w++) {
		const char *cap = ctx->withheld[w];

		for (i = k = 0; i < p->ncaps; i++)
			if (strcasecmp(p->caps[i], cap))
				p->caps[k++] = p->caps[i];
		if (k < p->ncaps && caps && caps->kind != IDLE_NULL)
			idle_vctx_error(
			    v, IDLE_CODE_PROVIDERS, caps,
			    "provider '%s' (type %s) does not offer %s as it is set up: "
			    "leave it out of Capabilities",
			    p->alias, p->type->name, cap);
		p->ncaps = k;
	}
}

static void provider_entry(idle_config *cfg, idle_vctx *v, const idle_host *host,
                           const idle_member *m)
{
	const idle_value *e = &m->val, *type;
	const idle_provider_type *t;
	idle_provider *p = &cfg->providers[cfg->nproviders];
	const char *names[64];
	char buf[1024];
	size_t k, n = idle_host_provider_type_count(host), errors = v->errors;
	const char *hint = NULL;
	idle_diag *d;
	uint32_t i;

	for (k = 0; k < n && k < 63; k++)
		names[k] = idle_host_provider_type_at(host, k)->name;
	names[k] = NULL;
	/* what IdLE's hosts put beside the providers has a place of its own here */
	if (idle_member_is(m, "StepMetadata"))
		hint = "StepMetadata is a top-level key of the providers file";
	else if (idle_member_is(m, "AuthSessionBroker"))
		hint = "auth sessions are configured as data: a top-level AuthSessions key";
	else if (idle_member_is(m, "StepRegistry"))
		hint = "step handlers are built in (embedders add step types through the C API)";
	if (e->kind != IDLE_MAP) {
		d = idle_vctx_error(v, IDLE_CODE_PROVIDERS, e,
		                    "provider '%s' must be a hashtable with a Type (%s), not %s",
		                    m->key, idle_join(names, buf, sizeof(buf)),
		                    idle_val_describe(e));
		if (hint)
			idle_diag_set_hint(d, "%s", hint);
		return;
	}
	type = idle_map_get(e, IDLE_LIT("Type"));
	if (!type || type->kind != IDLE_STRING || idle_val_blank(type)) {
		if (type)
			idle_vctx_push_key(v, IDLE_LIT("Type"));
		d = idle_vctx_error(v, IDLE_CODE_PROVIDERS, type ? type : e,
		                    "provider '%s' needs a Type: one of %s", m->key,
		                    idle_join(names, buf, sizeof(buf)));
		if (hint)
			idle_diag_set_hint(d, "%s", hint);
		if (type)
			idle_vctx_pop(v);
		return;
	}
	t = idle_host_find_provider_type(host, type->u.s);
	if (!t) {
		idle_vctx_push_key(v, IDLE_LIT("Type"));
		d = idle_vctx_error(v, IDLE_CODE_PROVIDERS, type,
		                    "unknown provider type '%s'; known types: %s", type->u.s,
		                    idle_join(names, buf, sizeof(buf)));
		idle_diag_suggest(d, type->u.s, type->n, names);
		idle_vctx_pop(v);
		return;
	}
	for (i = 0; i < e->n; i++) {
		const idle_member *o = &e->u.members[i];

		if (idle_utf8_in_list(o->key, o->klen, generic_options) ||
		    idle_utf8_in_list(o->key, o->klen, t->options) ||
		    ((t->flags & IDLE_PROVIDER_SIMULATOR) && idle_member_is(o, "Faults")))
			continue;
		{
			const char *all[64];
			size_t na = 0, j;

			for (j = 0; generic_options[j] && na < 60; j++)
				all[na++] = generic_options[j];
			for (j = 0; t->options && t->options[j] && na < 60; j++)
				all[na++] = t->options[j];
			if (t->flags & IDLE_PROVIDER_SIMULATOR)
				all[na++] = "Faults";
			all[na] = NULL;
			d = idle_vctx_error_key(
			    v, IDLE_CODE_PROVIDERS, o,
			    "unknown option '%s' for provider type '%s'; its options: "
			    "%s",
			    o->key, t->name, idle_join(all, buf, sizeof(buf)));
			idle_diag_suggest(d, o->key, o->klen, all);
		}
	}
	p->alias = m->key;
	p->type = t;
	p->entry = e;
	p->fault_base = cfg->nproviders ? cfg->providers[cfg->nproviders - 1].fault_base +
	                                      cfg->providers[cfg->nproviders - 1].nfaults
	                                : 0;
	advertised(cfg, v, p, idle_map_get(e, IDLE_LIT("Capabilities")));
	if (t->flags & IDLE_PROVIDER_SIMULATOR)
		faults(cfg, v, p, idle_map_get(e, IDLE_LIT("Faults")));
	if (v->errors != errors)
		return;
	p->self = calloc(1, t->state_size ? t->state_size : 1);
	if (!p->self) {
		v->oom = 1;
		return;
	}
	{
		idle_pinit ctx = {v, m->key, cfg->base_dir, 0, {NULL}, 0};

		if (t->init(p->self, &ctx, e) == 0 && !ctx.errors) {
			p->ready = 1;
			withhold(v, p, &ctx, idle_map_get(e, IDLE_LIT("Capabilities")));
		} else {
			if (!ctx.errors)
				idle_vctx_error(v, IDLE_CODE_PROVIDERS, e,
				                "provider '%s' (type '%s') could not be set up",
				                m->key, t->name);
			if (t->free)
				t->free(p->self);
			free(p->self);
			p->self = NULL;
			return;
		}
	}
	cfg->nproviders++;
}

static void providers(idle_config *cfg, idle_vctx *v, const idle_host *host, const idle_value *map)
{
	uint32_t i;

	if (map->kind == IDLE_NULL)
		return;
	if (map->kind != IDLE_MAP) {
		idle_vctx_error(
		    v, IDLE_CODE_PROVIDERS, map,
		    "Providers must be a hashtable of alias = @{ Type = ...; ... }, not %s",
		    idle_val_describe(map));
		return;
	}
	cfg->providers_map = map;
	cfg->providers = calloc(map->n ? map->n : 1, sizeof(*cfg->providers));
	if (!cfg->providers) {
		v->oom = 1;
		return;
	}
	for (i = 0; i < map->n; i++) {
		const idle_member *m = &map->u.members[i];

		idle_vctx_push_key(v, m->key, m->klen);
		provider_entry(cfg, v, host, m);
		idle_vctx_pop(v);
	}
}

/* ---- StepMetadata ------------------------------------------------------------------ */

/* RequiredKeys / OptionalKeys: a string array (or one string). NULL-terminated copy, or NULL. */
static const char **key_list(idle_config *cfg, idle_vctx *v, const idle_value *schema,
                             const char *name, const char *type)
{
	const idle_value *l = idle_map_get(schema, name, strlen(name));
	const char **out;
	uint32_t i, n;

	if (!l) {
		idle_vctx_error(v, IDLE_CODE_STEP_METADATA, schema,
		                "step type '%s': WithSchema is missing '%s' (a string array, which "
		                "may be empty: @())",
		                type, name);
		return NULL;
	}
	idle_vctx_push_key(v, name, strlen(name));
	if (l->kind == IDLE_NULL || l->kind == IDLE_MAP ||
	    (l->kind != IDLE_ARRAY && l->kind != IDLE_STRING)) {
		idle_vctx_error(v, IDLE_CODE_STEP_METADATA, l,
		                "step type '%s': WithSchema.%s must be a string array%s", type,
		                name,
		                l->kind == IDLE_NULL  ? " (got null)"
		                : l->kind == IDLE_MAP ? ", not a hashtable"
		                                      : "");
		idle_vctx_pop(v);
		return NULL;
	}
	n = l->kind == IDLE_ARRAY ? l->n : 1;
	out = idle_arena_calloc(&cfg->arena, n + 1, sizeof(*out));
	if (!out) {
		v->oom = 1;
		idle_vctx_pop(v);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		const idle_value *k = l->kind == IDLE_ARRAY ? &l->u.items[i] : l;

		if (k->kind != IDLE_STRING || idle_val_blank(k)) {
			if (l->kind == IDLE_ARRAY)
				idle_vctx_push_index(v, i);
			idle_vctx_error(
			    v, IDLE_CODE_STEP_METADATA, k,
			    "step type '%s': WithSchema.%s contains a null, non-string, or "
			    "empty key name",
			    type, name);
			if (l->kind == IDLE_ARRAY)
				idle_vctx_pop(v);
			continue;
		}
		out[i] = trimmed(&cfg->arena, k);
	}
	idle_vctx_pop(v);
	return out;
}

static const char **required_caps(idle_config *cfg, idle_vctx *v, const idle_value *rc,
                                  const char *type)
{
	uint32_t n, i;
	size_t k = 0;
	const char **out;

	if (!rc || rc->kind == IDLE_NULL)
		return idle_arena_calloc(&cfg->arena, 1, sizeof(*out));
	idle_vctx_push_key(v, IDLE_LIT("RequiredCapabilities"));
	if (rc->kind != IDLE_STRING && rc->kind != IDLE_ARRAY) {
		idle_vctx_error(
		    v, IDLE_CODE_STEP_METADATA, rc,
		    "step type '%s' has an invalid RequiredCapabilities value: expected a "
		    "string or a string array",
		    type);
		idle_vctx_pop(v);
		return NULL;
	}
	n = rc->kind == IDLE_ARRAY ? rc->n : 1;
	out = idle_arena_calloc(&cfg->arena, n + 1, sizeof(*out));
	if (!out) {
		v->oom = 1;
		idle_vctx_pop(v);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		const idle_value *c = rc->kind == IDLE_ARRAY ? &rc->u.items[i] : rc;
		char *s;

		if (c->kind == IDLE_NULL || idle_val_blank(c))
			continue;
		if (rc->kind == IDLE_ARRAY)
			idle_vctx_push_index(v, i);
		if (c->kind != IDLE_STRING) {
			idle_vctx_error(v, IDLE_CODE_STEP_METADATA, c,
			                "step type '%s' has an invalid RequiredCapabilities value: "
			                "expected a string or a string array",
			                type);
		} else if (!(s = trimmed(&cfg->arena, c))) {
			v->oom = 1;
		} else if (!idle_cap_valid(s, strlen(s))) {
			idle_vctx_error(v, IDLE_CODE_STEP_METADATA, c,
			                "step type '%s' declares invalid capability '%s': expected "
			                "dot-separated segments like 'IdLE.Identity.Read'",
			                type, s);
		} else {
			out[k++] = idle_cap_normalize(s);
		}
		if (rc->kind == IDLE_ARRAY)
			idle_vctx_pop(v);
	}
	idle_cap_sort_unique(out, &k);
	out[k] = NULL;
	idle_vctx_pop(v);
	return out;
}

static void step_metadata(idle_config *cfg, idle_vctx *v, const idle_host *host,
                          const idle_value *map)
{
	uint32_t i;

	if (map->kind == IDLE_NULL)
		return;
	if (map->kind != IDLE_MAP) {
		idle_vctx_error(v, IDLE_CODE_STEP_METADATA, map,
		                "StepMetadata must be a hashtable that maps a step type to its "
		                "metadata (a hashtable), not %s",
		                idle_val_describe(map));
		return;
	}
	cfg->steps = idle_arena_calloc(&cfg->arena, map->n ? map->n : 1, sizeof(*cfg->steps));
	if (!cfg->steps) {
		v->oom = 1;
		return;
	}
	for (i = 0; i < map->n; i++) {
		const idle_member *m = &map->u.members[i];
		const idle_value *meta = &m->val, *schema, *summary;
		const idle_step_type *owner;
		idle_step_type *t = &cfg->steps[cfg->nsteps];
		size_t errors = v->errors, a, b;

		if (!m->klen || strspn(m->key, " \t\r\n") == m->klen) {
			idle_vctx_error_key(v, IDLE_CODE_STEP_METADATA, m,
			                    "StepMetadata contains an empty step type key");
			continue;
		}
		owner = idle_host_find_step_type(host, m->key);
		if (owner) {
			idle_diag *d = idle_vctx_error_key(
			    v, IDLE_CODE_STEP_METADATA, m,
			    "DuplicateStepTypeMetadata: step type '%s' is already defined in step pack "
			    "'%s'; host metadata (StepMetadata) can only supplement with new step "
			    "types, not override existing ones",
			    m->key, owner->pack ? owner->pack : "the host");

			idle_diag_set_hint(d, "give the custom step type a name of its own");
			continue;
		}
		idle_vctx_push_key(v, m->key, m->klen);
		if (meta->kind != IDLE_MAP) {
			idle_vctx_error(v, IDLE_CODE_STEP_METADATA, meta,
			                "StepMetadata entry for step type '%s' must be a hashtable "
			                "(metadata object), not %s",
			                m->key, idle_val_describe(meta));
			idle_vctx_pop(v);
			continue;
		}
		t->required_with = NULL;
		t->capabilities = required_caps(
		    cfg, v, idle_map_get(meta, IDLE_LIT("RequiredCapabilities")), m->key);
		schema = idle_map_get(meta, IDLE_LIT("WithSchema"));
		if (!schema || schema->kind != IDLE_MAP) {
			if (schema)
				idle_vctx_push_key(v, IDLE_LIT("WithSchema"));
			idle_vctx_error(
			    v, IDLE_CODE_STEP_METADATA, schema ? schema : meta,
			    "step type '%s' %s: every step type declares its With keys as "
			    "WithSchema = @{ RequiredKeys = @(...); OptionalKeys = @(...) }",
			    m->key,
			    !schema || schema->kind == IDLE_NULL ? "is missing 'WithSchema'"
			                                         : "has a WithSchema that "
			                                           "is not a hashtable");
			if (schema)
				idle_vctx_pop(v);
		} else {
			idle_vctx_push_key(v, IDLE_LIT("WithSchema"));
			t->required_with = key_list(cfg, v, schema, "RequiredKeys", m->key);
			t->optional_with = key_list(cfg, v, schema, "OptionalKeys", m->key);
			for (a = 0; t->required_with && t->required_with[a]; a++)
				for (b = 0; t->optional_with && t->optional_with[b]; b++)
					if (!strcasecmp(t->required_with[a], t->optional_with[b]))
						idle_vctx_error(
						    v, IDLE_CODE_STEP_METADATA, schema,
						    "step type '%s': WithSchema has key '%s' in "
						    "both RequiredKeys and OptionalKeys; keys must "
						    "be unique across both sets",
						    m->key, t->required_with[a]);
			idle_vctx_pop(v);
		}
		summary = idle_map_get(meta, IDLE_LIT("Description"));
		idle_vctx_pop(v);
		if (v->errors != errors)
			continue;
		t->version = IDLE_STEP_TYPE_VERSION;
		t->name = m->key;
		t->pack = "StepMetadata";
		t->summary = summary && summary->kind == IDLE_STRING
		                 ? summary->u.s
		                 : "host step type (StepMetadata)";
		cfg->nsteps++;
	}
}

/* ---- the file ----------------------------------------------------------------------- */

static char *folder_of(const char *file)
{
	char *copy = strdup(file ? file : ""), *dir;

	if (!copy)
		return NULL;
	dir = strdup(dirname(copy));
	free(copy);
	return dir;
}

int idle_config_load(idle_config **out, const idle_host *host, const idle_doc *doc,
                     idle_diags *diags)
{
	idle_config *cfg;
	idle_vctx v;
	const idle_value *root;
	uint32_t i;
	int rc;

	if (!out || !host || !doc)
		return IDLE_EARG;
	*out = NULL;
	cfg = calloc(1, sizeof(*cfg));
	if (!cfg)
		return IDLE_ENOMEM;
	idle_arena_init(&cfg->arena);
	cfg->src = idle_source_ref(doc->src);
	cfg->base_dir = folder_of(idle_doc_name(doc));
	idle_vctx_init(&v, doc->src, diags);
	root = &doc->root;
	if (!cfg->base_dir) {
		v.oom = 1;
	} else if (root->kind != IDLE_MAP) {
		idle_vctx_error(&v, IDLE_CODE_CONFIG, root,
		                "a providers file must be a hashtable at the root (Providers, "
		                "AuthSessions, ExecutionOptions, StepMetadata), not %s",
		                idle_val_describe(root));
	} else {
		idle_vctx_data_only(&v, root, "the providers file (it is data only)", NULL);
		for (i = 0; i < root->n; i++)
			idle_vctx_unknown_key(&v, IDLE_CODE_CONFIG, &root->u.members[i], root_keys,
			                      "the providers file");
		for (i = 0; i < root->n; i++) {
			const idle_member *m = &root->u.members[i];

			idle_vctx_push_key(&v, m->key, m->klen);
			if (idle_member_is(m, "StepMetadata"))
				step_metadata(cfg, &v, host, &m->val);
			else if (idle_member_is(m, "Providers"))
				providers(cfg, &v, host, &m->val);
			else if (idle_member_is(m, "AuthSessions"))
				idle_broker_load(&cfg->broker, &v, &cfg->arena, &m->val,
				                 cfg->base_dir);
			else if (idle_member_is(m, "ExecutionOptions")) {
				idle_execopts_check(&v, &m->val);
				cfg->exec_options = &m->val;
			}
			idle_vctx_pop(&v);
		}
	}
	rc = v.oom ? IDLE_ENOMEM : v.errors ? IDLE_EINVALID : 0;
	idle_vctx_free(&v);
	if (rc) {
		idle_config_free(cfg);
		return rc;
	}
	*out = cfg;
	return 0;
}

void idle_config_free(idle_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	for (i = 0; i < cfg->nproviders; i++) {
		idle_provider *p = &cfg->providers[i];

		if (p->ready && p->type->free)
			p->type->free(p->self);
		free(p->self);
	}
	free(cfg->providers);
	free(cfg->base_dir);
	idle_source_unref(cfg->src);
	idle_arena_free(&cfg->arena);
	free(cfg);
}

int idle_config_register_steps(const idle_config *cfg, idle_host *host)
{
	size_t i;

	if (!cfg || !host)
		return IDLE_EARG;
	for (i = 0; i < cfg->nsteps; i++) {
		int rc = idle_host_add_step_type(host, &cfg->steps[i]);

		if (rc)
			return rc;
	}
	return 0;
}

size_t idle_config_provider_count(const idle_config *cfg)
{
	return cfg ? cfg->nproviders : 0;
}

const char *idle_config_provider_alias(const idle_config *cfg, size_t i)
{
	return cfg && i < cfg->nproviders ? cfg->providers[i].alias : NULL;
}

const char *idle_config_provider_type(const idle_config *cfg, size_t i)
{
	return cfg && i < cfg->nproviders ? cfg->providers[i].type->name : NULL;
}

idle_provider *idle_config_provider(const idle_config *cfg, const char *alias, size_t len)
{
	size_t i;

	for (i = 0; cfg && i < cfg->nproviders; i++)
		if (idle_utf8_caseeq(cfg->providers[i].alias, strlen(cfg->providers[i].alias),
		                     alias, len))
			return &cfg->providers[i];
	return NULL;
}
