/*
 * parser/psd1.c - the .psd1 grammar: root, hashtables, keys and primaries
 * (Parser.cs HashExpressionRule, PrimaryExpressionRule), restricted to what a
 * data file may hold; statements and expressions are in psd1_expr.c. Everything PowerShell would parse but refuse in a data file is
 * still parsed for its structure, so that one run reports every such
 * problem; a syntax error stops the parse (longjmp to idle_psd1_parse).
 */
#include "parser/psd1.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/grow.h"
#include "core/buf.h"
#include "core/secret.h"
#include "core/utf8.h"
#include "parser/psd1_eval.h"
#include "parser/psd1_expr.h"
#include "parser/psd1_lex.h"
#include "parser/psd1_number.h"
#include "parser/psd1_string.h"

/* ---- errors ------------------------------------------------------------------ */

char *idle_psd1__path(psd1 *p)
{
	return idle_path_format(&p->path);
}

static void attach_path(psd1 *p, idle_diag *d)
{
	char *path = idle_psd1__path(p);

	idle_diag_set_path(d, path);
	free(path);
}

/* Records an error (with an optional note at note_at) and stops the parse. */
__attribute__((noreturn)) static void fatal(psd1 *p, const char *code, size_t start, size_t end,
                                            size_t note_at, const char *note, const char *fmt,
                                            va_list ap)
{
	idle_diag *d = idle_diags_vadd(p->diags, IDLE_SEV_ERROR, code, p->src, start, end, fmt, ap);

	attach_path(p, d);
	if (note)
		idle_diag_set_note(d, note_at, "%s", note);
	p->status = IDLE_EPARSE;
	longjmp(p->fail, 1);
}

void idle_psd1__syntax(psd1 *p, size_t start, size_t end, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fatal(p, PSD1_CODE_SYNTAX, start, end, 0, NULL, fmt, ap);
}

void idle_psd1__unclosed(psd1 *p, size_t start, size_t end, size_t open, const char *opener,
                         const char *fmt, ...)
{
	char note[64];
	va_list ap;

	snprintf(note, sizeof(note), "'%s' opened here", opener);
	va_start(ap, fmt);
	fatal(p, PSD1_CODE_SYNTAX, start, end, open, note, fmt, ap);
}

void idle_psd1__syntax_note(psd1 *p, size_t start, size_t end, size_t note_at, const char *note,
                            const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fatal(p, PSD1_CODE_SYNTAX, start, end, note_at, note, fmt, ap);
}

__attribute__((noreturn, format(printf, 5, 6))) static void
stop(psd1 *p, const char *code, size_t start, size_t end, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fatal(p, code, start, end, 0, NULL, fmt, ap);
}

void idle_psd1__oom(psd1 *p)
{
	p->status = IDLE_ENOMEM;
	longjmp(p->fail, 1);
}

void *idle_psd1__check(psd1 *p, void *ptr)
{
	if (!ptr)
		idle_psd1__oom(p);
	return ptr;
}

idle_diag *idle_psd1__defer(psd1 *p, const char *code, size_t start, size_t end, const char *fmt,
                            ...)
{
	va_list ap;
	idle_diag *d;

	va_start(ap, fmt);
	d = idle_diags_vadd(p->deferred, IDLE_SEV_ERROR, code, p->src, start, end, fmt, ap);
	va_end(ap);
	if (!d)
		idle_psd1__oom(p);
	attach_path(p, d);
	return d;
}

/* ---- scratch stacks ------------------------------------------------------------ */

static void *grow(psd1 *p, void *arr, size_t *cap, size_t need, size_t elem)
{
	if (idle_grow(&arr, need, cap, elem, 64))
		idle_psd1__oom(p);
	return arr;
}

void idle_psd1__push_val(psd1 *p, const idle_value *v)
{
	p->vals = grow(p, p->vals, &p->capvals, p->nvals + 1, sizeof(*p->vals));
	p->vals[p->nvals++] = *v;
}

static void path_push(psd1 *p, const char *key, size_t klen, uint32_t index)
{
	if (key ? idle_path_push_key(&p->path, key, klen) : idle_path_push_index(&p->path, index))
		idle_psd1__oom(p);
}

static void path_pop(psd1 *p)
{
	idle_path_pop(&p->path);
}

idle_buf *idle_psd1__strbuf_enter(psd1 *p)
{
	/* Each builder is allocated on its own: an outer string keeps using its
	 * builder while a nested one ("$( "..." )") is added. */
	if (p->strdepth == p->nbufs) {
		p->bufs = grow(p, p->bufs, &p->capbufs, p->nbufs + 1, sizeof(*p->bufs));
		p->bufs[p->nbufs] = idle_psd1__check(p, malloc(sizeof(idle_buf)));
		idle_buf_init(p->bufs[p->nbufs], 0);
		p->nbufs++;
	}
	idle_buf_reset(p->bufs[p->strdepth]);
	return p->bufs[p->strdepth++];
}

void idle_psd1__strbuf_leave(psd1 *p)
{
	p->strdepth--;
}

void idle_psd1__enter(psd1 *p, size_t at)
{
	if (++p->depth > p->max_depth)
		stop(p, PSD1_CODE_LIMIT, at, at + 1, "nesting is too deep (more than %u levels)",
		     p->max_depth);
}

void idle_psd1__leave(psd1 *p)
{
	p->depth--;
}

void idle_psd1__poison(idle_value *v, size_t start, size_t end)
{
	idle_val_init(v, IDLE_NULL);
	v->flags = PSD1_VF_POISON;
	v->start = (uint32_t)start;
	v->end = (uint32_t)end;
}

int idle_psd1__is_poison(const idle_value *v)
{
	return (v->flags & PSD1_VF_POISON) != 0;
}

/* The text at pos for messages: a word, or one character. */
size_t idle_psd1__token_end(psd1 *p, size_t pos)
{
	size_t e = idle_psd1__word_end(p, pos), next;

	if (e == pos) {
		idle_psd1__cp(p, pos, &next);
		e = next;
	}
	if (e - pos > 40)
		e = pos + 40;
	while (e > pos && ((unsigned char)p->s[e] & 0xC0) == 0x80 && e < p->len)
		e--; /* never cut a character in two */
	return e;
}

/*
 * The token at [pos, end) quoted for a message: 'word', or the string literal
 * as written, or U+XXXX for an invisible character. buf must hold 160 bytes.
 */
const char *idle_psd1__tok(psd1 *p, size_t pos, size_t end, char *buf)
{
	size_t next;
	int32_t cp = idle_psd1__cp(p, pos, &next);

	if (cp == 0xFEFF || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xA0 ||
	    (cp >= 0 && cp < 0x20)) {
		snprintf(buf, 160, "the invisible character U+%04X", (unsigned)cp);
		return buf;
	}
	if (end - pos > 120)
		end = pos + 120;
	if (idle_psd1__is_squote(cp) || idle_psd1__is_dquote(cp))
		snprintf(buf, 160, "%.*s", (int)(end - pos), p->s + pos);
	else
		snprintf(buf, 160, "'%.*s'", (int)(end - pos), p->s + pos);
	return buf;
}

/* ---- duplicate keys ------------------------------------------------------------- */

#define DUP_LINEAR 32 /* up to this many keys, a linear scan; beyond, a hash set */

typedef struct dupset {
	size_t base;      /* first member of this hashtable in p->mems */
	size_t slot_base; /* its region in p->slots (0 slots until DUP_LINEAR) */
	size_t slot_cap;
} dupset;

static void dup_insert(psd1 *p, dupset *ds, size_t idx)
{
	const idle_member *m = &p->mems[ds->base + idx];
	size_t mask = ds->slot_cap - 1, h = idle_utf8_casehash(m->key, m->klen) & mask;

	while (p->slots[ds->slot_base + h])
		h = (h + 1) & mask;
	p->slots[ds->slot_base + h] = (uint32_t)idx + 1;
}

/* (Re)builds the set for n members, at the top of the slot stack. */
static void dup_rebuild(psd1 *p, dupset *ds, size_t n)
{
	size_t cap = 64, i;

	while (cap < 2 * (n + 1))
		cap *= 2;
	p->nslots = ds->slot_base; /* this set is the topmost region */
	p->slots = grow(p, p->slots, &p->capslots, p->nslots + cap, sizeof(*p->slots));
	memset(p->slots + p->nslots, 0, cap * sizeof(*p->slots));
	p->nslots += cap;
	ds->slot_cap = cap;
	for (i = 0; i < n; i++)
		dup_insert(p, ds, i);
}

/* Index (in this hashtable) of an earlier key equal to m's, or -1. */
static long dup_find(psd1 *p, dupset *ds, const idle_member *m, size_t n)
{
	size_t i;

	if (n < DUP_LINEAR) {
		for (i = 0; i < n; i++) {
			const idle_member *o = &p->mems[ds->base + i];

			if (idle_utf8_caseeq(o->key, o->klen, m->key, m->klen))
				return (long)i;
		}
		return -1;
	}
	if (!ds->slot_cap || 2 * (n + 1) > ds->slot_cap)
		dup_rebuild(p, ds, n);
	{
		size_t mask = ds->slot_cap - 1, h = idle_utf8_casehash(m->key, m->klen) & mask;

		for (; p->slots[ds->slot_base + h]; h = (h + 1) & mask) {
			size_t k = p->slots[ds->slot_base + h] - 1;
			const idle_member *o = &p->mems[ds->base + k];

			if (idle_utf8_caseeq(o->key, o->klen, m->key, m->klen))
				return (long)k;
		}
	}
	return -1;
}

/* ---- interned keys ---------------------------------------------------------------- */

struct psd1_ikey {
	const char *s; /* in the arena, NUL-terminated */
	uint32_t len;
	uint32_t hash;
};

/* The arena copy of a bare-word key: keys repeat a lot, so each distinct one is stored once. */
static const char *intern_key(psd1 *p, const char *k, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i, mask;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	if (2 * (p->nikeys + 1) > p->capikeys) {
		size_t cap = p->capikeys ? p->capikeys * 2 : 256;
		struct psd1_ikey *t = idle_psd1__check(p, calloc(cap, sizeof(*t)));

		for (i = 0; i < p->capikeys; i++) {
			size_t j;

			if (!p->ikeys[i].s)
				continue;
			for (j = p->ikeys[i].hash & (cap - 1); t[j].s; j = (j + 1) & (cap - 1))
				;
			t[j] = p->ikeys[i];
		}
		free(p->ikeys);
		p->ikeys = t;
		p->capikeys = cap;
	}
	mask = p->capikeys - 1;
	for (i = h & mask; p->ikeys[i].s; i = (i + 1) & mask)
		if (p->ikeys[i].hash == h && p->ikeys[i].len == len &&
		    !memcmp(p->ikeys[i].s, k, len))
			return p->ikeys[i].s;
	p->ikeys[i].s = idle_psd1__check(p, idle_arena_strndup(p->arena, k, len));
	p->ikeys[i].len = (uint32_t)len;
	p->ikeys[i].hash = h;
	p->nikeys++;
	return p->ikeys[i].s;
}

/* ---- keys --------------------------------------------------------------------------- */

/* Key flags kept beside the member while its hashtable is open. */
#define KEY_CONST 0x1u /* a literal: duplicates are parse errors, as in PowerShell */

/*
 * key -> simple-name | unary-expression (comma disabled)
 * A simple name is a bare word of identifier characters. Any other key is
 * an expression; idle accepts only strings (decision 7: non-string keys are
 * unsupported).
 */
static unsigned parse_key(psd1 *p, idle_member *m)
{
	size_t start = p->pos, next;
	int32_t cp = idle_psd1__cp(p, start, &next);
	idle_value kv;
	char text[64];

	m->kstart = (uint32_t)start;
	if (idle_psd1__is_ident_start(cp)) {
		size_t e = next;

		for (;;) {
			unsigned char c = (unsigned char)p->s[e];

			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '_') {
				e++; /* ASCII without decoding */
				continue;
			}
			if (c < 0x80)
				break;
			cp = idle_psd1__cp(p, e, &next);
			if (!idle_psd1__is_ident_follow(cp))
				break;
			e = next;
		}
		m->key = intern_key(p, p->s + start, e - start);
		m->klen = (uint32_t)(e - start);
		m->kend = (uint32_t)e;
		p->pos = e;
		p->visits++;
		return KEY_CONST;
	}
	if (!idle_psd1__parse_unary(p, &kv, PSD1_NO_COMMA)) {
		size_t e = idle_psd1__token_end(p, start);

		char buf[160];

		if (memchr(p->s + start, '=', e - start))
			e = (size_t)((const char *)memchr(p->s + start, '=', e - start) - p->s);
		idle_psd1__syntax(p, start, e, "a hashtable key was expected, found %s",
		                  idle_psd1__tok(p, start, e, buf));
	}
	m->kend = (uint32_t)p->pos;
	if (kv.kind == IDLE_STRING && !idle_psd1__is_poison(&kv)) {
		m->key = kv.u.s;
		m->klen = kv.n;
		return (kv.flags & PSD1_VF_CONST) ? KEY_CONST : 0;
	}
	/* Anything else gets its source text (or PowerShell's string form) as key. */
	if (!idle_psd1__is_poison(&kv) && kv.kind == IDLE_NULL && (kv.flags & PSD1_VF_NULLVAR)) {
		idle_psd1__defer(p, PSD1_CODE_DATA, start, p->pos,
		                 "a hashtable key cannot be $null");
	} else if (!idle_psd1__is_poison(&kv) && kv.kind == IDLE_BOOL) {
		idle_psd1__defer(
		    p, PSD1_CODE_UNSUPPORTED, start, p->pos,
		    "boolean keys are unsupported in workflow data: keys must be strings");
	} else if (!idle_psd1__is_poison(&kv) && !(kv.flags & PSD1_VF_CONST)) {
		idle_psd1__defer(
		    p, PSD1_CODE_UNSUPPORTED, start, p->pos,
		    "computed keys are unsupported in workflow data: keys must be written as "
		    "strings");
	} else if (!idle_psd1__is_poison(&kv)) {
		idle_diag *d = idle_psd1__defer(
		    p, PSD1_CODE_UNSUPPORTED, start, p->pos,
		    "%s keys are unsupported in workflow data: keys must be "
		    "strings",
		    kv.kind == IDLE_INT || kv.kind == IDLE_NUMBER ? "numeric" : "non-string");

		idle_diag_set_hint(d, "quote the key: '%.*s'", (int)(p->pos - start), p->s + start);
	}
	if ((kv.kind == IDLE_INT || kv.kind == IDLE_NUMBER) && (kv.flags & PSD1_VF_CONST)) {
		idle_psd1__number_string(&kv, text, sizeof(text)); /* 1 and '1' are the same key */
		m->key = idle_psd1__check(p, idle_arena_strndup(p->arena, text, strlen(text)));
		m->klen = (uint32_t)strlen(text);
		return KEY_CONST;
	}
	m->key = idle_psd1__check(p, idle_arena_strndup(p->arena, p->s + start, p->pos - start));
	m->klen = (uint32_t)(p->pos - start);
	return 0;
}

/* ---- hashtables -------------------------------------------------------------------- */

/*
 * entry -> key '=' newlines? statement
 * The '=' must be on the key's line; the value may start on a later one.
 */
static void parse_entry(psd1 *p, dupset *ds)
{
	idle_member m;
	size_t n = p->nmems - ds->base, mask;
	long dup;
	int secret;

	memset(&m, 0, sizeof(m));
	m.kflags = parse_key(p, &m);
	idle_psd1__skip_space(p);
	if (idle_psd1__ch(p, p->pos) != '=' || p->pos >= p->len) {
		/* the key as written, on one line and not too long */
		int shown = (int)strcspn(m.key, "\r\n");
		const char *more = (size_t)shown < m.klen || shown > 60 ? "..." : "";

		if (shown > 60)
			shown = 60;
		if (idle_psd1__newline_at(p, p->pos))
			idle_psd1__syntax(
			    p, p->pos, p->pos,
			    "missing '=' operator after key '%.*s%s' in hash literal (the '=' "
			    "must be on the same line as the key)",
			    shown, m.key, more);
		idle_psd1__syntax(p, p->pos, idle_psd1__token_end(p, p->pos),
		                  "missing '=' operator after key '%.*s%s' in hash literal", shown,
		                  m.key, more);
	}
	p->pos++;
	idle_psd1__skip_newlines(p);
	path_push(p, m.key, m.klen, 0);
	/*
	 * A secret's value is masked in every diagnostic: to the end of the text
	 * until it parsed (a syntax error inside it stops the parse), then exactly.
	 * A map or list under a secret key is masked by the document, item by item.
	 */
	secret = idle_secret_key(m.key, m.klen) && idle_psd1__ch(p, p->pos) != '{' &&
	         !(idle_psd1__ch(p, p->pos) == '@' &&
	           (idle_psd1__ch(p, p->pos + 1) == '{' || idle_psd1__ch(p, p->pos + 1) == '('));
	if (secret && idle_source_mask(p->src, p->pos, p->len))
		idle_psd1__oom(p);
	mask = p->src->nmasks - 1;
	if (!idle_psd1__parse_statement(p, &m.val))
		idle_psd1__syntax(
		    p, p->pos, idle_psd1__token_end(p, p->pos),
		    "missing statement after '=' in hash literal: a value was expected");
	if (secret) {
		size_t end = m.val.start != IDLE_NOSPAN ? m.val.end : p->pos;

		while (end > p->src->masks[mask].start && strchr(" \t\r\n", p->s[end - 1]))
			end--;
		p->src->masks[mask].end = end;
	}
	path_pop(p);

	dup = dup_find(p, ds, &m, n);
	if (dup >= 0) {
		const idle_member *first = &p->mems[ds->base + (size_t)dup];

		if ((m.kflags & KEY_CONST) && (first->kflags & KEY_CONST)) {
			/* PowerShell's parser itself rejects duplicate literal keys */
			char note[128];

			snprintf(note, sizeof(note), "'%.100s' first defined here", first->key);
			idle_psd1__syntax_note(
			    p, m.kstart, m.kend, first->kstart, note,
			    "duplicate key '%.*s' in hash literal (keys are compared "
			    "case-insensitively)",
			    (int)m.klen, m.key);
		} else {
			idle_diag *d =
			    idle_psd1__defer(p, PSD1_CODE_DATA, m.kstart, m.kend,
			                     "duplicate key '%.*s' in hashtable (keys are "
			                     "compared case-insensitively)",
			                     (int)m.klen, m.key);

			idle_diag_set_note(d, first->kstart, "'%s' first defined here", first->key);
		}
	}
	p->mems = grow(p, p->mems, &p->capmems, p->nmems + 1, sizeof(*p->mems));
	p->mems[p->nmems++] = m;
	if (n + 1 >= DUP_LINEAR && dup < 0) {
		if (!ds->slot_cap || 2 * (n + 2) > ds->slot_cap)
			dup_rebuild(p, ds, n + 1);
		else
			dup_insert(p, ds, n);
	}
}

/*
 * hashtable -> '@{' newlines? [ entry { (newline | ';')+ entry } (newline | ';')* ] '}'
 * A ';' right after '@{' is an error (PowerShell skips only newlines there).
 */
void idle_psd1__parse_hashtable(psd1 *p, idle_value *out)
{
	size_t open = p->pos, n;
	dupset ds;

	idle_psd1__enter(p, open);
	ds.base = p->nmems;
	ds.slot_base = p->nslots;
	ds.slot_cap = 0;
	p->pos += 2;
	idle_psd1__skip_newlines(p);
	for (;;) {
		char c;

		idle_psd1__skip_space(p);
		c = idle_psd1__ch(p, p->pos);
		if (p->pos >= p->len)
			idle_psd1__unclosed(p, p->len, p->len, open, "@{",
			                    "missing closing '}' of the hashtable");
		if (c == '}')
			break;
		if (c == ';')
			idle_psd1__syntax(
			    p, p->pos, p->pos + 1,
			    "unexpected ';': a hashtable entry (key = value) or '}' was expected");
		if (c == ')' || c == ']')
			idle_psd1__unclosed(p, p->pos, p->pos + 1, open, "@{",
			                    "missing closing '}' of the hashtable before '%c'", c);
		if (c == '@' &&
		    (idle_psd1__ch(p, p->pos + 1) == '{' || idle_psd1__ch(p, p->pos + 1) == '('))
			/* where a key belongs, a new hashtable or list: the one before is not closed */
			idle_psd1__unclosed(
			    p, p->pos, p->pos + 2, open, "@{",
			    "missing closing '}' of the hashtable before this '@%c' (a "
			    "hashtable or a list cannot be a key)",
			    idle_psd1__ch(p, p->pos + 1));
		parse_entry(p, &ds);
		idle_psd1__skip_space(p);
		c = idle_psd1__ch(p, p->pos);
		if (p->pos >= p->len)
			idle_psd1__unclosed(p, p->len, p->len, open, "@{",
			                    "missing closing '}' of the hashtable");
		if (c == '}')
			break;
		if (c == '\n' || c == '\r' || c == ';') {
			idle_psd1__skip_newlines_semis(p);
			continue;
		}
		if (c == ')' || c == ']')
			idle_psd1__unclosed(p, p->pos, p->pos + 1, open, "@{",
			                    "missing closing '}' of the hashtable before '%c'", c);
		{
			size_t e = idle_psd1__token_end(p, p->pos);
			char buf[160];

			idle_psd1__syntax(
			    p, p->pos, e,
			    "unexpected token %s: hashtable entries are separated by a new "
			    "line or ';'",
			    idle_psd1__tok(p, p->pos, e, buf));
		}
	}
	p->pos++; /* '}' */
	n = p->nmems - ds.base;
	if (n > PSD1_MAX_KEYS && !(p->flags & IDLE_PARSE_SKIP_LIMIT_CHECK)) {
		idle_diag *d =
		    idle_psd1__defer(p, PSD1_CODE_LIMIT, open, open + 2,
		                     "this hashtable has %zu keys; a PowerShell data file allows "
		                     "at most %d per hashtable",
		                     n, PSD1_MAX_KEYS);

		idle_diag_set_hint(d, "--skip-limit-check (PowerShell: -SkipLimitCheck) lifts the "
		                      "limit, but PowerShell will refuse the file without it");
	}
	if (idle_val_map(p->arena, out, n ? p->mems + ds.base : NULL, n))
		idle_psd1__oom(p);
	p->nmems = ds.base;
	p->nslots = ds.slot_base;
	out->start = (uint32_t)open;
	out->end = (uint32_t)p->pos;
	idle_psd1__leave(p);
}

/* ---- primaries -------------------------------------------------------------------- */

/* number, at a digit, '.' or a sign: 0 when it is not a number but a command word. */
static int parse_number(psd1 *p, idle_value *out)
{
	size_t end;
	const char *why;
	int r = idle_psd1__number(p->s, p->len, p->pos, 0, &end, p->arena, out, &why);

	if (r < 0)
		idle_psd1__oom(p);
	if (r == PSD1_NUM_NOT_A_NUMBER)
		return 0;
	if (r == PSD1_NUM_BAD)
		idle_psd1__syntax(p, p->pos, end, "the numeric constant %.*s is not valid: %s",
		                  (int)(end - p->pos), p->s + p->pos, why);
	p->pos = end;
	p->visits++;
	out->flags |= PSD1_VF_CONST;
	return 1;
}

/* paren -> '(' newlines? pipeline newlines? ')' : one statement, no ';'. */
static void parse_paren(psd1 *p, idle_value *out)
{
	size_t open = p->pos;

	idle_psd1__enter(p, open);
	p->pos++;
	idle_psd1__skip_newlines(p);
	if (idle_psd1__ch(p, p->pos) == ')' && p->pos < p->len)
		idle_psd1__syntax(p, open, p->pos + 1, "an expression was expected after '('");
	if (!idle_psd1__parse_statement(p, out)) {
		if (p->pos >= p->len)
			idle_psd1__unclosed(p, p->len, p->len, open, "(", "missing closing ')'");
		idle_psd1__syntax(p, p->pos, idle_psd1__token_end(p, p->pos),
		                  "an expression was expected after '('");
	}
	idle_psd1__skip_newlines(p);
	if (idle_psd1__ch(p, p->pos) != ')' || p->pos >= p->len) {
		if (p->pos >= p->len)
			idle_psd1__unclosed(p, p->len, p->len, open, "(", "missing closing ')'");
		idle_psd1__unclosed(p, p->pos, idle_psd1__token_end(p, p->pos), open, "(",
		                    "missing closing ')': parentheses hold a single expression");
	}
	p->pos++;
	out->flags &= (uint16_t)~PSD1_VF_CONST;
	out->start = (uint32_t)open;
	out->end = (uint32_t)p->pos;
	idle_psd1__leave(p);
}

/*
 * array-expression -> '@(' statement-list ')'; sub-expression -> '$(' statement-list ')'
 * Statements are separated by newlines or ';'. Each statement's value is
 * unrolled one level if it is an array; the result is always an array.
 */
void idle_psd1__parse_subexpr(psd1 *p, size_t open, int in_string, idle_value *out)
{
	size_t base = p->nvals;
	const char *opener = p->s[open] == '@' ? "@(" : "$(";

	idle_psd1__enter(p, open);
	p->pos = open + 2;
	for (;;) {
		size_t stmt;
		idle_value v;

		idle_psd1__skip_newlines_semis(p);
		if (p->pos >= p->len)
			idle_psd1__unclosed(p, p->len, p->len, open, opener, "missing closing ')'");
		if (p->s[p->pos] == ')')
			break;
		stmt = p->pos;
		if (!in_string)
			path_push(p, NULL, 0, (uint32_t)(p->nvals - base));
		if (!idle_psd1__parse_statement(p, &v))
			idle_psd1__unclosed(p, p->pos, idle_psd1__token_end(p, p->pos), open,
			                    opener, "unexpected '%c': ')' expected", p->s[p->pos]);
		if (!in_string)
			path_pop(p);
		if (p->sig_start != SIZE_MAX && p->sig_start < stmt)
			idle_psd1__syntax_note(p, stmt, p->pos, p->sig_start,
			                       "the signature block starts here",
			                       "executable script code found in signature block");
		if (idle_psd1__ch(p, p->pos) == '}' && p->pos < p->len)
			idle_psd1__unclosed(p, p->pos, p->pos + 1, open, opener,
			                    "unexpected '}': ')' expected");
		p->visits++;
		if (v.kind == IDLE_ARRAY && !idle_psd1__is_poison(&v)) {
			uint32_t i;

			for (i = 0; i < v.n; i++)
				idle_psd1__push_val(p, &v.u.items[i]);
		} else {
			idle_psd1__push_val(p, &v);
		}
	}
	p->pos++;
	if (idle_val_array(p->arena, out, p->nvals > base ? p->vals + base : NULL, p->nvals - base))
		idle_psd1__oom(p);
	p->nvals = base;
	out->start = (uint32_t)open;
	out->end = (uint32_t)p->pos;
	idle_psd1__leave(p);
}

/* A script block { ... } is kept as its source text (decision 8); its body is only delimited. */
static void parse_scriptblock(psd1 *p, idle_value *out)
{
	size_t start = p->pos;

	idle_psd1__skip_group(p);
	idle_val_init(out, IDLE_SCRIPTBLOCK);
	out->u.s = idle_psd1__check(p, idle_arena_strndup(p->arena, p->s + start, p->pos - start));
	out->n = (uint32_t)(p->pos - start);
	out->start = (uint32_t)start;
	out->end = (uint32_t)p->pos;
}

/* At '.' or '::' after an operand: member access, reported and skipped. */
static void member_access(psd1 *p, idle_value *out)
{
	size_t at = p->pos, next;
	int32_t cp;

	p->pos += idle_psd1__ch(p, at) == ':' || idle_psd1__ch(p, at) == '?' ? 2 : 1;
	idle_psd1__skip_newlines(p);
	cp = idle_psd1__cp(p, p->pos, &next);
	if (idle_psd1__is_ident_start(cp)) {
		while (idle_psd1__is_ident_follow(idle_psd1__cp(p, p->pos, &next)))
			p->pos = next;
	} else if (idle_psd1__is_squote(cp) || idle_psd1__is_dquote(cp)) {
		idle_psd1__skip_string(p);
	} else if (cp == '$' || cp == '(' || cp == '{') {
		if (cp == '$' && idle_psd1__ch(p, p->pos + 1) != '(') {
			idle_value ignored;

			if (!idle_psd1__parse_variable(p, &ignored))
				p->pos++;
		} else {
			idle_psd1__skip_group(p);
		}
	} else {
		idle_psd1__syntax(p, at, p->pos, "missing property name after '%.*s'",
		                  (int)(p->pos - at), p->s + at);
	}
	if (idle_psd1__ch(p, p->pos) == '(' && p->pos < p->len)
		idle_psd1__skip_group(p); /* a method call */
	if (!idle_psd1__is_poison(out))
		idle_psd1__defer(p, PSD1_CODE_DATA, at, p->pos,
		                 "member access (%.*s) is not allowed in a data file",
		                 (int)(p->pos - at), p->s + at);
	idle_psd1__poison(out, out->start, p->pos);
}

/* At '[' right after an operand: an index expression, unsupported. */
static void index_access(psd1 *p, idle_value *out)
{
	size_t open = p->pos;
	idle_value ix;

	idle_psd1__enter(p, open);
	p->pos += idle_psd1__ch(p, open) == '?' ? 2 : 1;
	idle_psd1__skip_newlines(p);
	if (!idle_psd1__parse_expression(p, &ix, 0))
		idle_psd1__syntax(p, open, p->pos, "the index expression is missing or not valid");
	idle_psd1__skip_newlines(p);
	if (idle_psd1__ch(p, p->pos) != ']' || p->pos >= p->len)
		idle_psd1__unclosed(p, p->pos, idle_psd1__token_end(p, p->pos), open, "[",
		                    "missing ']'");
	p->pos++;
	idle_psd1__leave(p);
	if (!idle_psd1__is_poison(out)) {
		idle_diag *d =
		    idle_psd1__defer(p, PSD1_CODE_UNSUPPORTED, open, p->pos,
		                     "index expressions are unsupported in workflow data");

		idle_diag_set_hint(d, "write the element itself");
	}
	idle_psd1__poison(out, out->start, p->pos);
}

/* Member access, indexing and ++/-- that follow an operand without space. */
void idle_psd1__parse_postfix(psd1 *p, idle_value *out)
{
	for (;;) {
		char c = idle_psd1__ch(p, p->pos), c1 = idle_psd1__ch(p, p->pos + 1);

		if (p->pos >= p->len)
			return;
		if ((c == '.' && c1 != '.') || (c == ':' && c1 == ':') || (c == '?' && c1 == '.')) {
			member_access(p, out);
		} else if (c == '[' || (c == '?' && c1 == '[')) {
			index_access(p, out);
		} else if ((c == '+' && c1 == '+') || (c == '-' && c1 == '-')) {
			idle_psd1__defer(p, PSD1_CODE_DATA, p->pos, p->pos + 2,
			                 "the operator '%c%c' is not allowed in a data file", c,
			                 c1);
			p->pos += 2;
			idle_psd1__poison(out, out->start, p->pos);
		} else {
			return;
		}
	}
}

/*
 * primary -> number | string | here-string | variable | '(' ... ')' | '@(' ... ')'
 *          | '$(' ... ')' | '@{' ... '}' | '{' ... '}'      followed by postfix operators
 * Returns 0 when none starts here (a command word, for the caller).
 */
int idle_psd1__parse_primary(psd1 *p, idle_value *out, int flags)
{
	size_t start = p->pos, next;
	int32_t cp = idle_psd1__cp(p, start, &next);
	char c1 = idle_psd1__ch(p, next);

	(void)flags;
	if (idle_psd1__number_at(p, start) ||
	    ((cp == '+' || idle_psd1__is_dash(cp)) && idle_psd1__number_at(p, next))) {
		if (!parse_number(p, out))
			return 0;
	} else if (idle_psd1__is_squote(cp) || idle_psd1__is_dquote(cp)) {
		idle_psd1__parse_string(p, out);
	} else if (cp == '@') {
		size_t n2;
		int32_t q = idle_psd1__cp(p, next, &n2);

		if (c1 == '{' && next < p->len) {
			idle_psd1__parse_hashtable(p, out);
		} else if (c1 == '(' && next < p->len) {
			idle_psd1__parse_subexpr(p, start, 0, out);
		} else if (idle_psd1__is_squote(q) || idle_psd1__is_dquote(q)) {
			idle_psd1__parse_string(p, out);
		} else if (idle_psd1__is_ident_start(q) || (q >= '0' && q <= '9')) {
			size_t e = idle_psd1__word_end(p, next);

			idle_psd1__defer(p, PSD1_CODE_DATA, start, e,
			                 "splatting (@%.*s) is not allowed in a data file",
			                 (int)(e - next), p->s + next);
			p->pos = e;
			idle_psd1__poison(out, start, e);
		} else {
			idle_psd1__syntax(p, start, next, "unrecognized token '@'");
		}
	} else if (cp == '$') {
		if (c1 == '(' && next < p->len)
			idle_psd1__parse_subexpr(p, start, 0, out);
		else if (!idle_psd1__parse_variable(p, out))
			return 0;
	} else if (cp == '(') {
		parse_paren(p, out);
	} else if (cp == '{') {
		parse_scriptblock(p, out);
	} else {
		return 0;
	}
	idle_psd1__parse_postfix(p, out);
	return 1;
}

/* ---- the root ------------------------------------------------------------------------ */

/*
 * Is there a hashtable somewhere in the statements from pos (outside script
 * blocks)? PowerShell would import the first one; idle refuses the file, and
 * this tells the two messages apart.
 */
static int hashtable_later(psd1 *p)
{
	while (p->pos < p->len) {
		size_t next, n2, before = p->pos;
		int32_t cp = idle_psd1__cp(p, p->pos, &next);
		int32_t c1 = idle_psd1__cp(p, next, &n2);

		if (cp == '@' && c1 == '{')
			return 1;
		if (cp == '{') { /* script blocks are not searched */
			idle_psd1__skip_group(p);
		} else if (idle_psd1__is_squote(cp) || idle_psd1__is_dquote(cp) ||
		           (cp == '@' && (idle_psd1__is_squote(c1) || idle_psd1__is_dquote(c1)))) {
			idle_psd1__skip_string(p);
		} else {
			idle_psd1__skip_space(p); /* comments */
			if (p->pos == before)
				p->pos = next;
		}
	}
	return 0;
}

/* Anything after the root hashtable: reported as unsupported, checked for syntax errors. */
static void after_root(psd1 *p)
{
	int reported = 0;
	char c;

	idle_psd1__skip_space(p);
	if (p->pos >= p->len)
		return;
	c = p->s[p->pos];
	if (c != '\n' && c != '\r' && c != ';') {
		size_t at = p->pos, e = idle_psd1__token_end(p, at);

		char buf[160];

		if (!strchr("+-*/%.,[|>=!?&", c))
			idle_psd1__syntax(p, at, e, "unexpected token %s after the root hashtable",
			                  idle_psd1__tok(p, at, e, buf));
		idle_psd1__defer(
		    p, PSD1_CODE_UNSUPPORTED, at, e,
		    "the root hashtable must stand alone: an expression or pipeline around "
		    "it is unsupported");
		reported = 1;
		idle_psd1__skip_statement(p);
	}
	for (;;) {
		size_t stmt;

		idle_psd1__skip_newlines_semis(p);
		if (p->pos >= p->len)
			return;
		stmt = p->pos;
		if (p->s[stmt] == ')' || p->s[stmt] == '}')
			idle_psd1__syntax(p, stmt, stmt + 1, "unexpected token '%c'", p->s[stmt]);
		if (p->sig_start != SIZE_MAX && p->sig_start < stmt)
			idle_psd1__syntax_note(p, stmt, idle_psd1__token_end(p, stmt), p->sig_start,
			                       "the signature block starts here",
			                       "executable script code found in signature block");
		if (!reported++) {
			idle_diag *d = idle_psd1__defer(
			    p, PSD1_CODE_UNSUPPORTED, stmt, idle_psd1__token_end(p, stmt),
			    "a data file must hold only its root hashtable: "
			    "content after it is unsupported");

			idle_diag_set_hint(d, "PowerShell would silently ignore it; remove it or "
			                      "turn it into a comment");
		}
		idle_psd1__skip_statement(p);
		if (p->pos < p->len && (p->s[p->pos] == ')' || p->s[p->pos] == '}'))
			idle_psd1__syntax(p, p->pos, p->pos + 1, "unexpected token '%c'",
			                  p->s[p->pos]);
	}
}

/* file -> (newline | ';')* ['[ordered]'] hashtable (newline | ';')* */
static void parse_root(psd1 *p, idle_value *out)
{
	size_t stmt;

	idle_psd1__skip_newlines_semis(p);
	stmt = p->pos;
	if (stmt >= p->len)
		stop(p, PSD1_CODE_ROOT, IDLE_NOLOC, IDLE_NOLOC,
		     "the file holds no hashtable: a data file must contain one root hashtable "
		     "@{ ... }");
	if (p->s[stmt] == '[' && p->len - stmt >= 9 && !strncasecmp(p->s + stmt, "[ordered]", 9)) {
		p->pos += 9; /* PowerShell ignores a cast at the root */
		idle_psd1__skip_space(p);
	}
	if (!(idle_psd1__ch(p, p->pos) == '@' && idle_psd1__ch(p, p->pos + 1) == '{' &&
	      p->pos + 1 < p->len)) {
		size_t e = idle_psd1__token_end(p, stmt);

		p->pos = stmt;
		if (hashtable_later(p)) {
			idle_diag *d;

			d = idle_psd1__defer(
			    p, PSD1_CODE_UNSUPPORTED, stmt, e,
			    "a data file must start with its root hashtable: script "
			    "statements around it are unsupported");
			idle_diag_set_hint(d, "PowerShell would run nothing and import the first "
			                      "hashtable; remove everything else");
			p->status = IDLE_EPARSE;
			idle_psd1__poison(out, stmt, stmt);
			return;
		}
		{
			size_t next;
			int32_t cp = idle_psd1__cp(p, stmt, &next);

			if (idle_psd1__is_squote(cp) || idle_psd1__is_dquote(cp) || cp == '{')
				stop(
				    p, PSD1_CODE_ROOT, stmt, e,
				    "no hashtable found: a data file must contain one root hashtable "
				    "@{ ... }, found a %s",
				    cp == '{' ? "script block" : "string");
			stop(
			    p, PSD1_CODE_ROOT, stmt, e,
			    "no hashtable found: a data file must contain one root hashtable @{ ... "
			    "}, found '%.*s'",
			    (int)(e - stmt), p->s + stmt);
		}
	}
	idle_psd1__parse_hashtable(p, out);
	if (p->sig_start != SIZE_MAX && p->sig_start < stmt)
		idle_psd1__syntax_note(p, stmt, stmt + 2, p->sig_start,
		                       "the signature block starts here",
		                       "executable script code found in signature block");
	after_root(p);
}

int idle_psd1_parse(idle_arena *a, idle_source *src, const idle_parse_options *opts,
                    idle_diags *diags, idle_value *out)
{
	psd1 *p = calloc(1, sizeof(*p));
	int rc;
	size_t i;

	if (!p || !(p->deferred = idle_diags_new())) {
		free(p);
		return IDLE_ENOMEM;
	}
	p->s = src->text;
	p->len = src->len;
	p->src = src;
	p->arena = a;
	p->diags = diags;
	p->flags = opts ? opts->flags : 0;
	p->max_depth = opts && opts->max_depth ? opts->max_depth : IDLE_PARSE_DEFAULT_MAX_DEPTH;
	p->sig_start = SIZE_MAX;
	idle_val_init(out, IDLE_NULL);
	if (setjmp(p->fail) == 0) {
		parse_root(p, out);
		if (p->visits >= PSD1_MAX_VISITS && !(p->flags & IDLE_PARSE_SKIP_LIMIT_CHECK) &&
		    !p->status) {
			idle_diag *d =
			    idle_psd1__defer(p, PSD1_CODE_LIMIT, out->start, out->start + 2,
			                     "the data file has too many values for PowerShell: "
			                     "it counts %llu, PowerShell allows at most %d",
			                     (unsigned long long)p->visits, PSD1_MAX_VISITS - 1);

			idle_diag_set_hint(d, "--skip-limit-check (PowerShell: -SkipLimitCheck) "
			                      "lifts the limit");
		}
		rc = idle_diags_error_count(p->deferred) || p->status ? IDLE_EPARSE : 0;
		if (idle_diags_move(diags, p->deferred))
			rc = IDLE_ENOMEM;
	} else {
		rc = p->status; /* a syntax error (already recorded) or out of memory */
	}
	for (i = 0; i < p->nbufs; i++) {
		idle_buf_free(p->bufs[i]);
		free(p->bufs[i]);
	}
	free(p->bufs);
	free(p->vals);
	free(p->mems);
	idle_path_free(&p->path);
	free(p->ikeys);
	free(p->slots);
	idle_diags_free(p->deferred);
	free(p);
	return rc;
}
