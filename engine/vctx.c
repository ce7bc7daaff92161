/*
 * engine/vctx.c - reporting during validation.
 */
#include "engine/vctx.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/suggest.h"
#include "core/utf8.h"

void idle_vctx_init(idle_vctx *v, idle_source *src, idle_diags *diags)
{
	memset(v, 0, sizeof(*v));
	v->src = src;
	v->diags = diags;
}

void idle_vctx_free(idle_vctx *v)
{
	idle_path_free(&v->path);
}

idle_diag *idle_vctx_report(idle_vctx *v, idle_severity sev, const char *code, size_t start,
                            size_t end, const char *fmt, va_list ap)
{
	idle_diag *d;
	char *path;

	if (start == IDLE_NOSPAN)
		start = end = IDLE_NOLOC;
	d = idle_diags_vadd(v->diags, sev, code, v->src, start, end, fmt, ap);
	if (!d) {
		v->oom = 1;
		return NULL;
	}
	if (sev == IDLE_SEV_ERROR)
		v->errors++;
	path = idle_path_format(&v->path);
	idle_diag_set_path(d, path);
	free(path);
	return d;
}

idle_diag *idle_vctx_error(idle_vctx *v, const char *code, const idle_value *at, const char *fmt,
                           ...)
{
	va_list ap;
	idle_diag *d;

	/* a script block is reported as such once; other complaints about it add nothing */
	if (at && at->kind == IDLE_SCRIPTBLOCK && strcmp(code, "scriptblock"))
		return NULL;
	va_start(ap, fmt);
	d = idle_vctx_report(v, IDLE_SEV_ERROR, code, at ? at->start : IDLE_NOSPAN,
	                     at ? at->end : IDLE_NOSPAN, fmt, ap);
	va_end(ap);
	return d;
}

idle_diag *idle_vctx_warning(idle_vctx *v, const char *code, const idle_value *at, const char *fmt,
                             ...)
{
	va_list ap;
	idle_diag *d;

	va_start(ap, fmt);
	d = idle_vctx_report(v, IDLE_SEV_WARNING, code, at ? at->start : IDLE_NOSPAN,
	                     at ? at->end : IDLE_NOSPAN, fmt, ap);
	va_end(ap);
	return d;
}

idle_diag *idle_vctx_error_key(idle_vctx *v, const char *code, const idle_member *m,
                               const char *fmt, ...)
{
	va_list ap;
	idle_diag *d;

	idle_vctx_push_key(v, m->key, m->klen);
	va_start(ap, fmt);
	d = idle_vctx_report(v, IDLE_SEV_ERROR, code, m->kstart, m->kend, fmt, ap);
	va_end(ap);
	idle_vctx_pop(v);
	return d;
}

void idle_diag_suggest(idle_diag *d, const char *word, size_t len, const char *const *list)
{
	const char *s = idle_suggest(word, len, list);

	if (s)
		idle_diag_set_hint(d, "did you mean '%s'?", s);
}

idle_diag *idle_vctx_unknown_key(idle_vctx *v, const char *code, const idle_member *m,
                                 const char *const *allowed, const char *where)
{
	char buf[512];
	idle_diag *d;

	if (idle_utf8_in_list(m->key, m->klen, allowed))
		return NULL;
	d = idle_vctx_error_key(v, code, m, "unknown key '%s' in %s; allowed keys: %s", m->key,
	                        where, idle_join(allowed, buf, sizeof(buf)));
	idle_diag_suggest(d, m->key, m->klen, allowed);
	return d;
}

void idle_vctx_push_key(idle_vctx *v, const char *key, size_t klen)
{
	if (idle_path_push_key(&v->path, key, klen))
		v->oom = 1;
}

void idle_vctx_push_index(idle_vctx *v, size_t i)
{
	if (idle_path_push_index(&v->path, i))
		v->oom = 1;
}

void idle_vctx_pop(idle_vctx *v)
{
	idle_path_pop(&v->path);
}

/* A NUL character: what is planned and shown would differ from what runs (C strings end there). */
static void nul_error(idle_vctx *v, const idle_value *at, const char *what)
{
	idle_diag_set_hint(idle_vctx_error(v, "nul", at,
	                                   "a string holds a NUL character, which is not allowed "
	                                   "in %s: a provider would see only the text before it",
	                                   what),
	                   "remove the `0 (or \\u0000) from the string");
}

void idle_vctx_data_only(idle_vctx *v, const idle_value *value, const char *what, const char *hint)
{
	uint32_t i;

	if (value->kind == IDLE_SCRIPTBLOCK) {
		idle_diag *d = idle_vctx_error(v, "scriptblock", value,
		                               "script blocks are not allowed in %s", what);

		if (hint)
			idle_diag_set_hint(d, "%s", hint);
	} else if (value->kind == IDLE_STRING && memchr(value->u.s, '\0', value->n)) {
		nul_error(v, value, what);
	} else if (value->kind == IDLE_ARRAY || value->kind == IDLE_MAP) {
		for (i = 0; i < value->n; i++) {
			if (value->kind == IDLE_MAP) {
				const idle_member *m = &value->u.members[i];

				idle_vctx_push_key(v, m->key, m->klen);
				if (memchr(m->key, '\0', m->klen))
					nul_error(v, value, what);
			} else {
				idle_vctx_push_index(v, i);
			}
			idle_vctx_data_only(v, idle_value_at(value, i), what, hint);
			idle_vctx_pop(v);
		}
	}
}

size_t idle_vctx_push_relative(idle_vctx *v, const char *p)
{
	size_t n = 0;

	while (p && *p) {
		if (*p == '[') {
			idle_vctx_push_index(v, (size_t)strtoul(p + 1, NULL, 10));
			p = strchr(p, ']');
			p = p ? p + 1 : NULL;
		} else {
			size_t len = strcspn(p, ".[");

			idle_vctx_push_key(v, p, len);
			p += len;
		}
		n++;
		if (p && *p == '.')
			p++;
	}
	return n;
}
