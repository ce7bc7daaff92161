/*
 * engine/execopts.c - Assert-IdleExecutionOptions and Resolve-IdleStepRetryParameters.
 */
#include "engine/execopts.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/suggest.h"
#include "engine/workflow.h"
#include "core/utf8.h"
#include "engine/regex.h"

static const char *const top_keys[] = {"RetryProfiles", "DefaultRetryProfile", NULL};
static const char *const profile_keys[] = {"MaxAttempts",   "InitialDelayMilliseconds",
                                           "BackoffFactor", "MaxDelayMilliseconds",
                                           "JitterRatio",   NULL};

/* An Int32 in [lo, hi]. */
static int int_in(const idle_value *v, long lo, long hi)
{
	return v->kind == IDLE_INT && v->u.i >= lo && v->u.i <= hi;
}

static int number(const idle_value *v, double *d)
{
	if (v->kind != IDLE_INT && v->kind != IDLE_NUMBER)
		return 0;
	*d = idle_value_number(v);
	return 1;
}

static void unknown(idle_vctx *v, const idle_member *m, const char *const *list, const char *where)
{
	idle_diag *d;

	idle_vctx_push_key(v, m->key, m->klen);
	d = idle_vctx_warning(v, IDLE_CODE_EXECOPTS, &m->val,
	                      "'%s' is not an option IdLE reads in %s: it is ignored", m->key,
	                      where);
	idle_diag_suggest(d, m->key, m->klen, list);
	idle_vctx_pop(v);
}

static void check_profile(idle_vctx *v, const idle_member *p)
{
	const idle_value *prof = &p->val, *x;
	double d;
	long init = 250;
	uint32_t i;

	if (prof->kind == IDLE_NULL) {
		idle_vctx_error(v, IDLE_CODE_EXECOPTS, prof,
		                "RetryProfile '%s' is null: each profile must be a hashtable with "
		                "retry parameters",
		                p->key);
		return;
	}
	if (prof->kind != IDLE_MAP) {
		idle_vctx_error(v, IDLE_CODE_EXECOPTS, prof,
		                "RetryProfile '%s' must be a hashtable, not %s", p->key,
		                idle_val_describe(prof));
		return;
	}
	for (i = 0; i < prof->n; i++) {
		const idle_member *m = &prof->u.members[i];
		const char *msg = NULL;

		if (!idle_utf8_in_list(m->key, m->klen, profile_keys)) {
			unknown(v, m, profile_keys, "a retry profile");
			continue;
		}
		if (idle_member_is(m, "MaxAttempts") && !int_in(&m->val, 0, 10))
			msg = "MaxAttempts must be an integer between 0 and 10 (inclusive)";
		else if (idle_member_is(m, "InitialDelayMilliseconds")) {
			if (!int_in(&m->val, 0, 60000))
				msg =
				    "InitialDelayMilliseconds must be an integer between 0 and 60000 "
				    "(inclusive)";
			else
				init = (long)m->val.u.i;
		} else if (idle_member_is(m, "BackoffFactor") &&
		           (!number(&m->val, &d) || !(d >= 1.0)))
			msg = "BackoffFactor must be a number >= 1.0";
		else if (idle_member_is(m, "MaxDelayMilliseconds") && !int_in(&m->val, 0, 300000))
			msg =
			    "MaxDelayMilliseconds must be an integer between 0 and 300000 (inclusive)";
		else if (idle_member_is(m, "JitterRatio") &&
		         (!number(&m->val, &d) || !(d >= 0.0 && d <= 1.0)))
			msg = "JitterRatio must be a number between 0.0 and 1.0 (inclusive)";
		if (msg) {
			idle_vctx_push_key(v, m->key, m->klen);
			idle_vctx_error(v, IDLE_CODE_EXECOPTS, &m->val, "RetryProfile '%s': %s",
			                p->key, msg);
			idle_vctx_pop(v);
		}
	}
	x = idle_map_get(prof, IDLE_LIT("MaxDelayMilliseconds"));
	if (x && int_in(x, 0, 300000)) {
		const idle_value *iv = idle_map_get(prof, IDLE_LIT("InitialDelayMilliseconds"));

		if (iv && int_in(iv, 0, 60000))
			init = (long)iv->u.i;
		if (x->u.i < init) {
			idle_vctx_push_key(v, IDLE_LIT("MaxDelayMilliseconds"));
			idle_vctx_error(v, IDLE_CODE_EXECOPTS, x,
			                "RetryProfile '%s': MaxDelayMilliseconds (%lld) must be >= "
			                "InitialDelayMilliseconds (%ld)",
			                p->key, (long long)x->u.i, init);
			idle_vctx_pop(v);
		}
	} else if (!x) {
		const idle_value *iv = idle_map_get(prof, IDLE_LIT("InitialDelayMilliseconds"));

		/* the default MaxDelay (5000) then applies and would fail every step */
		if (iv && int_in(iv, 5001, 60000)) {
			idle_diag *diag;

			idle_vctx_push_key(v, IDLE_LIT("InitialDelayMilliseconds"));
			diag = idle_vctx_warning(
			    v, IDLE_CODE_EXECOPTS, iv,
			    "RetryProfile '%s': InitialDelayMilliseconds (%lld) is above "
			    "the default MaxDelayMilliseconds (5000): every step using "
			    "this profile would fail",
			    p->key, (long long)iv->u.i);
			idle_diag_set_hint(diag, "set MaxDelayMilliseconds as well");
			idle_vctx_pop(v);
		}
	}
}

void idle_execopts_check(idle_vctx *v, const idle_value *opts)
{
	const idle_value *profiles, *def;
	uint32_t i;

	if (!opts || opts->kind == IDLE_NULL)
		return;
	if (opts->kind != IDLE_MAP) {
		idle_vctx_error(v, IDLE_CODE_EXECOPTS, opts,
		                "ExecutionOptions must be a hashtable, not %s",
		                idle_val_describe(opts));
		return;
	}
	for (i = 0; i < opts->n; i++)
		if (!idle_utf8_in_list(opts->u.members[i].key, opts->u.members[i].klen, top_keys))
			unknown(v, &opts->u.members[i], top_keys, "ExecutionOptions");
	profiles = idle_map_get(opts, IDLE_LIT("RetryProfiles"));
	if (profiles && profiles->kind != IDLE_NULL) {
		idle_vctx_push_key(v, IDLE_LIT("RetryProfiles"));
		if (profiles->kind != IDLE_MAP) {
			idle_vctx_error(
			    v, IDLE_CODE_EXECOPTS, profiles,
			    "ExecutionOptions.RetryProfiles must be a hashtable, not %s",
			    idle_val_describe(profiles));
		} else {
			for (i = 0; i < profiles->n; i++) {
				const idle_member *p = &profiles->u.members[i];

				if (!idle_rx_test(IDLE_RX_RETRY_PROFILE, p->key, p->klen)) {
					idle_vctx_error_key(
					    v, IDLE_CODE_EXECOPTS, p,
					    "RetryProfile key '%s' is invalid: it must "
					    "match ^[A-Za-z0-9_.-]{1,64}$",
					    p->key);
					continue;
				}
				idle_vctx_push_key(v, p->key, p->klen);
				check_profile(v, p);
				idle_vctx_pop(v);
			}
		}
		idle_vctx_pop(v);
	}
	def = idle_map_get(opts, IDLE_LIT("DefaultRetryProfile"));
	if (def && def->kind != IDLE_NULL) {
		idle_vctx_push_key(v, IDLE_LIT("DefaultRetryProfile"));
		if (def->kind != IDLE_STRING)
			idle_vctx_error(
			    v, IDLE_CODE_EXECOPTS, def,
			    "ExecutionOptions.DefaultRetryProfile must be a string, not %s",
			    idle_val_describe(def));
		else if (!def->n || strspn(def->u.s, " \t\r\n") == def->n)
			idle_vctx_error(v, IDLE_CODE_EXECOPTS, def,
			                "ExecutionOptions.DefaultRetryProfile must not be an empty "
			                "string");
		else if (profiles && profiles->kind == IDLE_MAP &&
		         !idle_map_get(profiles, def->u.s, def->n)) {
			idle_diag *d =
			    idle_vctx_error(v, IDLE_CODE_EXECOPTS, def,
			                    "DefaultRetryProfile '%s' references a profile "
			                    "that does not exist in RetryProfiles",
			                    def->u.s);
			const char *names[64];
			size_t k;

			for (k = 0; k < profiles->n && k < 63; k++)
				names[k] = profiles->u.members[k].key;
			names[k] = NULL;
			idle_diag_suggest(d, def->u.s, def->n, names);
		}
		idle_vctx_pop(v);
	}
}

int idle_execopts_retry(const idle_value *opts, const char *step, const char *profile,
                        idle_retry *out, idle_error *err)
{
	const idle_value *profiles, *p, *x;

	out->max_attempts = 3;
	out->initial_delay_ms = 250;
	out->backoff = 2.0;
	out->max_delay_ms = 5000;
	out->jitter = 0.2;
	if (!opts || opts->kind != IDLE_MAP)
		return 0;
	profiles = idle_map_get(opts, IDLE_LIT("RetryProfiles"));
	if (profile && (!profiles || profiles->kind != IDLE_MAP)) {
		return idle_error_set(
		    err, IDLE_ENOTFOUND,
		    "Step '%s' references RetryProfile '%s' but ExecutionOptions.RetryProfiles "
		    "is not configured.",
		    step, profile);
	}
	if (!profiles || profiles->kind != IDLE_MAP)
		return 0;
	if (!profile) {
		const idle_value *def = idle_map_get(opts, IDLE_LIT("DefaultRetryProfile"));

		if (!def || def->kind != IDLE_STRING)
			return 0;
		profile = def->u.s;
	}
	p = idle_map_get(profiles, profile, strlen(profile));
	if (!p || p->kind != IDLE_MAP) {
		idle_buf b = IDLE_BUF_INIT;
		uint32_t i;

		for (i = 0; i < profiles->n; i++)
			idle_buf_printf(&b, "%s%s", i ? ", " : "", profiles->u.members[i].key);
		idle_error_set(
		    err, IDLE_ENOTFOUND,
		    "Step '%s' references unknown RetryProfile '%s'. Available profiles: %s", step,
		    profile, b.data ? b.data : "");
		idle_buf_free(&b);
		return IDLE_ENOTFOUND;
	}
	if ((x = idle_map_get(p, IDLE_LIT("MaxAttempts"))) && x->kind == IDLE_INT)
		out->max_attempts = (int)x->u.i;
	if ((x = idle_map_get(p, IDLE_LIT("InitialDelayMilliseconds"))) && x->kind == IDLE_INT)
		out->initial_delay_ms = (int)x->u.i;
	if ((x = idle_map_get(p, IDLE_LIT("BackoffFactor"))))
		number(x, &out->backoff);
	if ((x = idle_map_get(p, IDLE_LIT("MaxDelayMilliseconds"))) && x->kind == IDLE_INT)
		out->max_delay_ms = (int)x->u.i;
	if ((x = idle_map_get(p, IDLE_LIT("JitterRatio"))))
		number(x, &out->jitter);
	return 0;
}

void idle_execopts_check_profile(idle_vctx *v, const idle_value *opts, const char *step,
                                 const idle_value *rp)
{
	const idle_value *profiles = opts ? idle_map_get(opts, IDLE_LIT("RetryProfiles")) : NULL;
	const char *names[65], *near;
	idle_retry r;
	idle_error err;
	uint32_t i;
	idle_diag *d;

	if (!rp || rp->kind != IDLE_STRING || !idle_execopts_retry(opts, step, rp->u.s, &r, &err))
		return;
	d = idle_vctx_warning(v, IDLE_CODE_RETRY_PROFILE, rp,
	                      "%s (the step will fail when it runs)", err.message);
	for (i = 0; profiles && profiles->kind == IDLE_MAP && i < profiles->n && i < 64; i++)
		names[i] = profiles->u.members[i].key;
	names[i] = NULL;
	near = idle_suggest(rp->u.s, rp->n, names);
	if (near)
		idle_diag_set_hint(d, "did you mean '%s'?", near);
}
