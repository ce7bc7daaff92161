/*
 * engine/options.c - the option readers of the provider SDK: one call reads
 * one option of a provider entry, checks it and reports what is wrong with
 * it at its location (idle/sys/provider.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/suggest.h"
#include "core/utf8.h"
#include "core/value.h"
#include "engine/provider.h"
#include "engine/vctx.h"

/* The option's value, or NULL when absent or $null. */
static const idle_value *option(const idle_value *options, const char *key)
{
	const idle_value *v =
	    options && options->kind == IDLE_MAP ? idle_map_get(options, key, strlen(key)) : NULL;

	return v && v->kind != IDLE_NULL ? v : NULL;
}

static idle_diag *report(idle_pinit *ctx, const idle_value *at, const char *key, const char *fmt,
                         ...) __attribute__((format(printf, 4, 5)));

static idle_diag *report(idle_pinit *ctx, const idle_value *at, const char *key, const char *fmt,
                         ...)
{
	idle_diag *d;
	va_list ap;

	va_start(ap, fmt);
	d = idle_pinit__vreport(ctx, at, key, fmt, ap);
	va_end(ap);
	return d;
}

int idle_pinit_string(idle_pinit *ctx, const idle_value *options, const char *key, const char **out)
{
	const idle_value *v = option(options, key);

	if (!v)
		return IDLE_ENOTFOUND;
	if (v->kind != IDLE_STRING || idle_val_blank(v))
		return idle_pinit_error(ctx, v, key, "%s must be a non-empty string, not %s", key,
		                        idle_val_describe(v));
	*out = v->u.s;
	return 0;
}

int idle_pinit_bool(idle_pinit *ctx, const idle_value *options, const char *key, int *out)
{
	const idle_value *v = option(options, key);

	if (!v)
		return IDLE_ENOTFOUND;
	if (v->kind != IDLE_BOOL)
		return idle_pinit_error(ctx, v, key, "%s must be $true or $false, not %s", key,
		                        idle_val_describe(v));
	*out = v->u.i != 0;
	return 0;
}

int idle_pinit_int(idle_pinit *ctx, const idle_value *options, const char *key, int64_t min,
                   int64_t max, int64_t *out)
{
	const idle_value *v = option(options, key);

	if (!v)
		return IDLE_ENOTFOUND;
	if (v->kind != IDLE_INT || v->u.i < min || v->u.i > max)
		return idle_pinit_error(ctx, v, key,
		                        "%s must be a whole number from %lld to %lld, not %s", key,
		                        (long long)min, (long long)max, idle_val_describe(v));
	*out = v->u.i;
	return 0;
}

int idle_pinit_number(idle_pinit *ctx, const idle_value *options, const char *key, double min,
                      double max, double *out)
{
	const idle_value *v = option(options, key);
	double d = v ? idle_value_number(v) : 0;

	if (!v)
		return IDLE_ENOTFOUND;
	if ((v->kind != IDLE_INT && v->kind != IDLE_NUMBER) || !isfinite(d) || d < min || d > max)
		return idle_pinit_error(ctx, v, key, "%s must be a number from %g to %g, not %s",
		                        key, min, max, idle_val_describe(v));
	*out = d;
	return 0;
}

int idle_pinit_seconds(idle_pinit *ctx, const idle_value *options, const char *key, double max,
                       double *out)
{
	const idle_value *v = option(options, key);
	double d = v ? idle_value_number(v) : 0;

	if (!v)
		return IDLE_ENOTFOUND;
	if ((v->kind != IDLE_INT && v->kind != IDLE_NUMBER) || !isfinite(d) || d < 0 || d > max)
		return idle_pinit_error(ctx, v, key, "%s must be a number of seconds from 0 to %g",
		                        key, max);
	*out = d;
	return 0;
}

int idle_pinit_enum(idle_pinit *ctx, const idle_value *options, const char *key,
                    const char *const *names, int *out)
{
	const idle_value *v = option(options, key);
	char buf[512];
	idle_diag *d;
	int i;

	if (!v)
		return IDLE_ENOTFOUND;
	for (i = 0; v->kind == IDLE_STRING && names[i]; i++)
		if (idle_utf8_caseeqz(v->u.s, v->n, names[i])) {
			*out = i;
			return 0;
		}
	d = report(ctx, v, key, "%s must be one of %s, not %s", key,
	           idle_join(names, buf, sizeof(buf)), idle_val_describe(v));
	if (v->kind == IDLE_STRING)
		idle_diag_suggest(d, v->u.s, v->n, names);
	return IDLE_EINVALID;
}

int idle_pinit_strings(idle_pinit *ctx, const idle_value *options, const char *key,
                       const idle_value **out)
{
	const idle_value *v = option(options, key);
	uint32_t i;

	if (!v)
		return IDLE_ENOTFOUND;
	if (v->kind == IDLE_STRING && !idle_val_blank(v)) {
		*out = v; /* one string is a list of one */
		return 0;
	}
	if (v->kind != IDLE_ARRAY)
		return idle_pinit_error(ctx, v, key, "%s must be a list of strings, not %s", key,
		                        idle_val_describe(v));
	for (i = 0; i < v->n; i++)
		if (v->u.items[i].kind != IDLE_STRING || idle_val_blank(&v->u.items[i]))
			return idle_pinit_error(
			    ctx, &v->u.items[i], key,
			    "%s must be a list of non-empty strings; item %u is %s", key, i + 1,
			    idle_val_describe(&v->u.items[i]));
	*out = v;
	return 0;
}

int idle_pinit_map(idle_pinit *ctx, const idle_value *options, const char *key,
                   const idle_value **out)
{
	const idle_value *v = option(options, key);

	if (!v)
		return IDLE_ENOTFOUND;
	if (v->kind != IDLE_MAP)
		return idle_pinit_error(ctx, v, key, "%s must be a hashtable, not %s", key,
		                        idle_val_describe(v));
	*out = v;
	return 0;
}

int idle_pinit_file(idle_pinit *ctx, const idle_value *options, const char *key, char **out)
{
	const char *s;
	int rc = idle_pinit_string(ctx, options, key, &s);

	if (rc)
		return rc;
	*out = idle_pinit_path(ctx, s);
	return *out ? 0 : idle_pinit_error(ctx, option(options, key), key, "out of memory");
}
