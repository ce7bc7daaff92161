/*
 * core/secret.c - the secret key names, and masking secrets in what
 * diagnostics quote.
 */
#include "core/secret.h"

#include <idle/value.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/grow.h"
#include "core/utf8.h"

#define K(s)                                                                                       \
	{                                                                                          \
		s, sizeof(s) - 1                                                                   \
	}
/*
 * IdLE's redaction list (Copy-IdleRedactedObject), then idle's additions:
 * keys IdLE's steps and providers use for initial passwords, which IdLE
 * does not redact (docs/plan.md, "Redaction").
 */
static const struct {
	const char *name;
	size_t len;
} secret_keys[] = {K("password"),
                   K("passphrase"),
                   K("secret"),
                   K("token"),
                   K("apikey"),
                   K("clientSecret"),
                   K("accessToken"),
                   K("refreshToken"),
                   K("credential"),
                   K("privateKey"),
                   K("AccountPassword"),
                   K("AccountPasswordAsPlainText"),
                   K("GeneratedAccountPasswordPlainText"),
                   K("GeneratedAccountPasswordProtected"),
                   /* idle's additions */
                   K("InitialPassword"),
                   K("TemporaryPassword"),
                   K("NewPassword"),
                   K("PasswordProfile"),
                   K("unicodePwd"),
                   {NULL, 0}};
#undef K

int idle_secret_key(const char *key, size_t len)
{
	size_t i;

	if (len < 5 || len > 33) /* the shortest and the longest name */
		return 0;
	for (i = 0; secret_keys[i].name; i++)
		if (secret_keys[i].len == len &&
		    idle_utf8_caseeq(key, len, secret_keys[i].name, len))
			return 1;
	return 0;
}

/* ---- the textual scan -------------------------------------------------------------- */

static int ident_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

static int space(char c)
{
	return c == ' ' || c == '\t';
}

/* The end of the value that starts at i (a quoted string, or a bare token). */
static size_t value_end(const char *t, size_t len, size_t i)
{
	char q = t[i];

	if (q == '@' && i + 1 < len && (t[i + 1] == '\'' || t[i + 1] == '"'))
		return len; /* a here-string: the rest of the line */
	if (q == '\'' || q == '"') {
		for (i++; i < len; i++) {
			if ((t[i] == '\\' || t[i] == '`') && q == '"' && i + 1 < len)
				i++; /* JSON's and PowerShell's escapes */
			else if (t[i] == q && q == '\'' && i + 1 < len && t[i + 1] == '\'')
				i++; /* '' inside a single-quoted string */
			else if (t[i] == q)
				return i + 1;
		}
		return len;
	}
	while (i < len && !space(t[i]) && t[i] != ';' && t[i] != ',' && t[i] != '}' && t[i] != ')')
		i++;
	return i;
}

void idle_secret_scan(const char *t, size_t len, void (*found)(void *ud, size_t s, size_t e),
                      void *ud)
{
	size_t i = 0;

	while (i < len) {
		size_t ks, ke, v;

		if (!ident_char(t[i]) || (i && ident_char(t[i - 1]))) {
			i++;
			continue;
		}
		ks = i;
		while (i < len && ident_char(t[i]))
			i++;
		ke = i;
		if (!idle_secret_key(t + ks, ke - ks))
			continue;
		v = i;
		if (v < len && (t[v] == '\'' || t[v] == '"') && ks && t[ks - 1] == t[v])
			v++; /* the closing quote of a quoted key */
		while (v < len && space(t[v]))
			v++;
		if (v >= len || (t[v] != '=' && t[v] != ':'))
			continue;
		if (t[v] == '=' && v + 1 < len && t[v + 1] == '=')
			continue; /* a comparison, not an assignment */
		for (v++; v < len && space(t[v]); v++)
			;
		if (v >= len || t[v] == '{' || t[v] == '[' ||
		    (t[v] == '@' && v + 1 < len && (t[v + 1] == '{' || t[v + 1] == '(')))
			continue; /* a map or a list: its own keys are looked at */
		i = value_end(t, len, v);
		if (i > v && !(i - v == 12 && !memcmp(t + v + 1, "[REDACTED]", 10)))
			found(ud, v, i);
	}
}

/* ---- masks of a source --------------------------------------------------------------- */

int idle_source_mask(idle_source *src, size_t start, size_t end)
{
	if (!src || end <= start)
		return 0;
	if (IDLE_GROW(src->masks, src->nmasks + 1, src->capmasks, 8))
		return -1;
	src->masks[src->nmasks].start = start;
	src->masks[src->nmasks].end = end;
	src->nmasks++;
	return 0;
}

typedef struct ranges {
	size_t *s, *e, n, max;
} ranges;

/* Adds [s, e) keeping the list sorted and merged. */
static void add_range(void *ud, size_t s, size_t e)
{
	ranges *r = ud;
	size_t i, j;

	for (i = 0; i < r->n && r->e[i] < s; i++)
		;
	if (i < r->n && r->s[i] <= e) { /* overlaps: widen, then swallow what follows */
		if (s < r->s[i])
			r->s[i] = s;
		if (e > r->e[i])
			r->e[i] = e;
		for (j = i + 1; j < r->n && r->s[j] <= r->e[i]; j++)
			if (r->e[j] > r->e[i])
				r->e[i] = r->e[j];
		memmove(r->s + i + 1, r->s + j, (r->n - j) * sizeof(*r->s));
		memmove(r->e + i + 1, r->e + j, (r->n - j) * sizeof(*r->e));
		r->n -= j - i - 1;
		return;
	}
	if (r->n == r->max)
		return;
	memmove(r->s + i + 1, r->s + i, (r->n - i) * sizeof(*r->s));
	memmove(r->e + i + 1, r->e + i, (r->n - i) * sizeof(*r->e));
	r->s[i] = s;
	r->e[i] = e;
	r->n++;
}

size_t idle_source_line_masks(idle_source *src, unsigned line, size_t *starts, size_t *ends,
                              size_t max)
{
	ranges r = {starts, ends, 0, max};
	size_t len, off, i;
	const char *text = src ? idle_source_line(src, line, &len) : NULL;

	if (!text)
		return 0;
	off = (size_t)(text - src->text);
	for (i = 0; i < src->nmasks; i++) {
		size_t s = src->masks[i].start, e = src->masks[i].end;

		if (e > off && s < off + len)
			add_range(&r, s > off ? s - off : 0, e - off < len ? e - off : len);
	}
	idle_secret_scan(text, len, add_range, &r);
	return r.n;
}

/* The secret's text without the quotes around it (a quoted value is quoted bare in messages). */
static void unquoted(const char *t, size_t *s, size_t *e)
{
	if (*e - *s >= 2 && (t[*s] == '\'' || t[*s] == '"') && t[*e - 1] == t[*s]) {
		(*s)++;
		(*e)--;
	} else if (*e - *s >= 3 && t[*s] == '@' && (t[*s + 1] == '\'' || t[*s + 1] == '"')) {
		*s += 2;
	}
}

/*
 * Replaces every occurrence of secret [s, e) of src in b's text. Short ones
 * (under 4 bytes) only where quotes enclose them, so that a one-letter
 * "secret" does not blank out every word.
 */
static void mask_in(idle_buf *b, const char *secret, size_t n)
{
	idle_buf out = IDLE_BUF_INIT;
	size_t i = 0;

	if (!n || !b->data || b->len < n)
		return;
	while (i < b->len) {
		const char *hit =
		    i + n <= b->len ? memmem(b->data + i, b->len - i, secret, n) : NULL;
		size_t at;

		if (!hit)
			break;
		at = (size_t)(hit - b->data);
		if (n < 4 && !(at > 0 && at + n < b->len &&
		               (b->data[at - 1] == '\'' || b->data[at - 1] == '"') &&
		               b->data[at + n] == b->data[at - 1])) {
			idle_buf_add(&out, b->data + i, at + 1 - i);
			i = at + 1;
			continue;
		}
		idle_buf_add(&out, b->data + i, at - i);
		idle_buf_adds(&out, IDLE_SECRET_MASK);
		i = at + n;
	}
	if (!out.data && !out.failed)
		return; /* nothing found */
	idle_buf_add(&out, b->data + i, b->len - i);
	idle_buf_free(b);
	*b = out;
}

typedef struct masker {
	idle_buf *b;
	const char *line;
} masker;

static void mask_found(void *ud, size_t s, size_t e)
{
	masker *m = ud;

	unquoted(m->line, &s, &e);
	mask_in(m->b, m->line + s, e - s);
}

char *idle_source_mask_text(idle_source *src, unsigned line, const char *text)
{
	idle_buf b = IDLE_BUF_INIT;
	size_t i, len = 0;
	const char *lt = src && line ? idle_source_line(src, line, &len) : NULL;

	idle_buf_adds(&b, text ? text : "");
	for (i = 0; src && i < src->nmasks; i++) {
		size_t ms = src->masks[i].start, me = src->masks[i].end;

		unquoted(src->text, &ms, &me);
		mask_in(&b, src->text + ms, me - ms);
	}
	if (lt) {
		masker m = {&b, lt};

		idle_secret_scan(lt, len, mask_found, &m);
	}
	return idle_buf_detach(&b, NULL);
}

int idle_secret_key_name(const char *key)
{
	return key && idle_secret_key(key, strlen(key));
}
