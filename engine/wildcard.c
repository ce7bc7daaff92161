/*
 * engine/wildcard.c - WildcardPattern.Parse's rules, turned into a PCRE2
 * expression of \x{...} literals so that no character needs escaping.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "engine/wildcard.h"

#include <idle/value.h>

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"

#define CACHE_SIZE 16

typedef struct cached {
	char *pattern;
	size_t plen;
	pcre2_code *code; /* NULL: the pattern is invalid */
} cached;

static _Thread_local cached cache[CACHE_SIZE];
static _Thread_local unsigned cache_next;
static _Thread_local pcre2_match_data *wmatch;

static void literal(idle_buf *b, uint32_t cp)
{
	idle_buf_printf(b, "\\x{%x}", (unsigned)cp);
}

/* Decodes pattern into code points; -1 on OOM. */
static int32_t *decode(const char *p, size_t n, size_t *count)
{
	int32_t *cps = malloc((n + 1) * sizeof(*cps));
	size_t pos = 0, k = 0;

	if (!cps)
		return NULL;
	while (pos < n) {
		int32_t cp = idle_utf8_next(p, n, &pos);

		cps[k++] = cp < 0 ? (int32_t)IDLE_UNICODE_REPLACEMENT : cp;
	}
	*count = k;
	return cps;
}

/* The bracket expression's contents and which of them are range operators. */
static int bracket(idle_buf *b, const int32_t *c, const char *op, size_t n)
{
	size_t i = 0;

	idle_buf_addc(b, '[');
	while (i < n) {
		if (i + 2 < n && op[i + 1]) {
			if (c[i] > c[i + 2])
				return -1;
			literal(b, (uint32_t)c[i]);
			idle_buf_addc(b, '-');
			literal(b, (uint32_t)c[i + 2]);
			i += 3;
		} else {
			literal(b, (uint32_t)c[i]);
			i++;
		}
	}
	idle_buf_addc(b, ']');
	return 0;
}

/* The regular expression for a pattern; 1 if the pattern is invalid, -1 on OOM. */
static int translate(const char *pattern, size_t plen, idle_buf *b)
{
	size_t n, i, set_n = 0;
	int32_t *cps = decode(pattern, plen, &n), *set = NULL;
	char *ops = NULL;
	int esc = 0, in_set = 0, set_start = 0, rc = 0;

	if (!cps)
		return -1;
	set = malloc((n + 1) * sizeof(*set));
	ops = malloc(n + 1);
	if (!set || !ops) {
		rc = -1;
		goto out;
	}
	idle_buf_adds(b, "\\A");
	for (i = 0; i < n; i++) {
		int32_t c = cps[i];

		if (in_set) {
			if (c == ']' && !set_start && !esc) {
				in_set = 0;
				if (bracket(b, set, ops, set_n)) {
					rc = 1;
					goto out;
				}
			} else if (c != '`' || esc) {
				set[set_n] = c;
				ops[set_n++] = c == '-' && !esc;
			}
			set_start = 0;
		} else if (c == '*' && !esc) {
			idle_buf_adds(b, ".*");
		} else if (c == '?' && !esc) {
			idle_buf_addc(b, '.');
		} else if (c == '[' && !esc) {
			in_set = 1;
			set_start = 1;
			set_n = 0;
		} else if (c != '`' || esc) {
			literal(b, (uint32_t)c);
		}
		esc = c == '`' && !esc;
	}
	if (in_set) {
		rc = 1;
		goto out;
	}
	/* a trailing lone backtick is literal, except in the pattern "`" alone */
	if (esc && n > 1)
		literal(b, '`');
	idle_buf_adds(b, "\\z");
out:
	free(cps);
	free(set);
	free(ops);
	if (rc == 0 && b->failed)
		rc = -1;
	return rc;
}

static cached *compile(const char *pattern, size_t plen)
{
	idle_buf b = IDLE_BUF_INIT;
	cached *c;
	unsigned i;
	int rc;

	for (i = 0; i < CACHE_SIZE; i++)
		if (cache[i].pattern && cache[i].plen == plen &&
		    !memcmp(cache[i].pattern, pattern, plen))
			return &cache[i];
	c = &cache[cache_next++ % CACHE_SIZE];
	free(c->pattern);
	pcre2_code_free(c->code);
	c->code = NULL;
	c->pattern = malloc(plen + 1);
	if (!c->pattern)
		return NULL;
	memcpy(c->pattern, pattern, plen);
	c->pattern[plen] = '\0';
	c->plen = plen;
	rc = translate(pattern, plen, &b);
	if (rc < 0) {
		idle_buf_free(&b);
		free(c->pattern);
		c->pattern = NULL;
		return NULL;
	}
	if (rc == 0) {
		int err;
		PCRE2_SIZE off;

		c->code = pcre2_compile((PCRE2_SPTR)b.data, b.len,
		                        PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_DOTALL, &err,
		                        &off, NULL);
		if (!c->code) {
			idle_buf_free(&b);
			free(c->pattern);
			c->pattern = NULL;
			return NULL;
		}
		pcre2_jit_compile(c->code, PCRE2_JIT_COMPLETE);
	}
	idle_buf_free(&b);
	return c;
}

int idle_wildcard_match(const char *pattern, size_t plen, const char *s, size_t len)
{
	cached *c = compile(pattern, plen);
	int rc;

	if (!c)
		return -1;
	if (!c->code)
		return IDLE_WILDCARD_INVALID;
	if (!wmatch && !(wmatch = pcre2_match_data_create(1, NULL)))
		return -1;
	rc = pcre2_match(c->code, (PCRE2_SPTR)s, len, 0, 0, wmatch, NULL);
	return rc >= 0 ? 1 : 0;
}

int idle_text_like(const char *pattern, const char *text)
{
	int rc = idle_wildcard_match(pattern, strlen(pattern), text, strlen(text));

	return rc == 1 ? 1 : rc == 0 ? 0 : -1;
}
