/*
 * engine/template.c - template syntax (Resolve-IdleTemplateString's checks).
 */
#include "engine/template.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/value.h"
#include "core/utf8.h"
#include "engine/regex.h"

const char *const idle_tmpl_roots[] = {"Request.Intent",
                                       "Request.Context",
                                       "Request.IdentityKeys",
                                       "Request.LifecycleEvent",
                                       "Request.CorrelationId",
                                       "Request.Actor",
                                       NULL};

int idle_tmpl_candidate(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if ((s[i] == '{' && s[i + 1] == '{') || (s[i] == '}' && s[i + 1] == '}'))
			return 1;
	return 0;
}

int idle_tmpl_root_allowed(const char *path, size_t len)
{
	size_t i;

	for (i = 0; idle_tmpl_roots[i]; i++) {
		size_t rl = strlen(idle_tmpl_roots[i]);

		if (len == rl && !strncasecmp(path, idle_tmpl_roots[i], rl))
			return 1;
		if (len > rl + 1 && !memcmp(path, idle_tmpl_roots[i], rl) && path[rl] == '.')
			return 1;
	}
	return 0;
}

/* The escape pass: a copy of s in which every "\\{{" that does not start an
 * allowed placeholder is U+E001 (three bytes, like "\\{{", so offsets stay). */
static char *escape_pass(const char *s, size_t len)
{
	char *norm = malloc(len + 1);
	size_t from = 0, m[2];
	int r;

	if (!norm)
		return NULL;
	memcpy(norm, s, len);
	norm[len] = '\0';
	if (!memmem(norm, len, "\\{{", 3))
		return norm; /* nothing escaped: skip the regular expression */
	while ((r = idle_rx_match(IDLE_RX_TMPL_ESCAPE, norm, len, from, m, NULL)) == 1) {
		memcpy(norm + m[0], "\xEE\x80\x81", 3);
		from = m[1];
	}
	if (r < 0) {
		free(norm);
		return NULL;
	}
	return norm;
}

/* Reports (and returns 1) when the "{{" and "}}" of norm do not pair up into placeholders. */
static int unbalanced(const char *norm, size_t len,
                      void (*fn)(void *ud, const idle_tmpl_issue *issue), void *ud)
{
	size_t opens = idle_rx_count(IDLE_RX_TMPL_OPEN, norm, len);
	size_t tmpls = idle_rx_count(IDLE_RX_TMPL_PLACEHOLDER, norm, len);
	size_t closes = idle_rx_count(IDLE_RX_TMPL_CLOSE, norm, len);
	idle_tmpl_issue is = {IDLE_TMPL_UNBALANCED, 0, len, NULL, 0, opens, closes, 0, NULL};

	if (opens == tmpls && closes == tmpls)
		return 0;
	fn(ud, &is);
	return 1;
}

/*
 * What checking and resolving both begin with: the escape pass, whether s is
 * one pure placeholder, and (when not) the balance check. The text after the
 * escape pass, or NULL with *rc -1 (out of memory) or 1 (unbalanced: reported).
 */
static char *prepare(const char *s, size_t len, int *pure, int *rc,
                     void (*fn)(void *ud, const idle_tmpl_issue *issue), void *ud)
{
	char *norm = escape_pass(s, len);

	*rc = -1;
	if (!norm)
		return NULL;
	*pure = idle_rx_test(IDLE_RX_TMPL_PURE, norm, len);
	if (!*pure && unbalanced(norm, len, fn, ud)) {
		free(norm);
		*rc = 1;
		return NULL;
	}
	*rc = 0;
	return norm;
}

/* What is wrong with the trimmed path norm[b, e), or 0. */
static int path_problem(const char *norm, size_t b, size_t e)
{
	if (!idle_rx_test(IDLE_RX_TMPL_PATH, norm + b, e - b))
		return IDLE_TMPL_PATH;
	if (!idle_tmpl_root_allowed(norm + b, e - b))
		return IDLE_TMPL_ROOT;
	return 0;
}

int idle_tmpl_check(const char *s, size_t len, void (*fn)(void *ud, const idle_tmpl_issue *issue),
                    void *ud)
{
	char *norm;
	size_t from = 0, m[2], g[2];
	int pure, problems = 0, r;

	if (!idle_tmpl_candidate(s, len))
		return 0;
	norm = prepare(s, len, &pure, &r, fn, ud);
	if (!norm)
		return r;
	while ((r = idle_rx_match(IDLE_RX_TMPL_PLACEHOLDER, norm, len, from, m, g)) == 1) {
		size_t b = g[0], e = g[1];
		idle_tmpl_issue is = {0, m[0], m[1], NULL, 0, 0, 0, pure, NULL};

		idle_utf8_trim(norm, &b, &e);
		is.path = s + b;
		is.plen = e - b;
		is.problem = path_problem(norm, b, e);
		if (is.problem) {
			fn(ud, &is);
			problems++;
		}
		from = m[1];
		if (pure)
			break; /* a pure value has exactly one placeholder */
	}
	free(norm);
	return r < 0 ? -1 : problems;
}

/* One placeholder: its path checked and looked up. 0 ok, 1 problem reported, -1 OOM. */
static int placeholder(const char *s, const char *norm, size_t m[2], size_t g[2], int pure,
                       const idle_scope *scope, const idle_value **val,
                       void (*fn)(void *ud, const idle_tmpl_issue *issue), void *ud)
{
	size_t b = g[0], e = g[1];
	idle_tmpl_issue is = {0, m[0], m[1], NULL, 0, 0, 0, pure, NULL};
	int rc;

	idle_utf8_trim(norm, &b, &e);
	is.path = s + b;
	is.plen = e - b;
	is.problem = path_problem(norm, b, e);
	if (!is.problem) {
		rc = idle_lookup(scope, norm + b, e - b, val);
		if (rc < 0)
			return -1;
		is.value = *val;
		if (!*val)
			is.problem = IDLE_TMPL_NULL;
		else if ((*val)->kind == IDLE_SCRIPTBLOCK)
			is.problem = IDLE_TMPL_SCRIPTBLOCK;
		else if ((*val)->kind == IDLE_MAP || (*val)->kind == IDLE_ARRAY)
			is.problem = IDLE_TMPL_NONSCALAR;
	}
	if (!is.problem)
		return 0;
	fn(ud, &is);
	return 1;
}

int idle_tmpl_resolve(idle_arena *a, const idle_value *in, const idle_scope *scope, idle_value *out,
                      void (*fn)(void *ud, const idle_tmpl_issue *issue), void *ud)
{
	const char *s = in->u.s;
	size_t len = in->n, from = 0, copied = 0, m[2], g[2], i;
	idle_buf b = IDLE_BUF_INIT;
	const idle_value *val;
	char *norm;
	int pure, r, rc = 0;

	*out = *in;
	if (in->kind != IDLE_STRING || !idle_tmpl_candidate(s, len))
		return 0;
	norm = prepare(s, len, &pure, &r, fn, ud);
	if (!norm)
		return r;
	while ((r = idle_rx_match(IDLE_RX_TMPL_PLACEHOLDER, norm, len, from, m, g)) == 1) {
		rc = placeholder(s, norm, m, g, pure, scope, &val, fn, ud);
		if (rc)
			goto done;
		if (pure) {
			*out = *val;
			out->start = in->start;
			out->end = in->end;
			goto done;
		}
		idle_buf_add(&b, norm + copied, m[0] - copied);
		idle_val_text(&b, val);
		copied = from = m[1];
	}
	if (r < 0) {
		rc = -1;
		goto done;
	}
	idle_buf_add(&b, norm + copied, len - copied);
	if (b.failed) {
		rc = -1;
		goto done;
	}
	/* the escaped openings become literal "{{" (same length, in place) */
	for (i = 0; i + 3 <= b.len; i++)
		if (!memcmp(b.data + i, "\xEE\x80\x81", 3)) {
			memcpy(b.data + i, "{{", 2);
			memmove(b.data + i + 2, b.data + i + 3, b.len - i - 3);
			b.len--;
		}
	if (idle_val_string(a, out, b.data ? b.data : "", b.len) < 0)
		rc = -1;
	out->start = in->start;
	out->end = in->end;
done:
	idle_buf_free(&b);
	free(norm);
	return rc;
}
