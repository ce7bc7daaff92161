/*
 * parser/psd1_string.c - string literals, here-strings and variables.
 */
#include "parser/psd1_string.h"

#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "parser/psd1_lex.h"

/* What a variable reference amounts to in a data file. */
typedef enum var_kind {
	VAR_TRUE,
	VAR_FALSE,
	VAR_NULL,
	VAR_UNSUPPORTED, /* PowerShell accepts it, idle does not ($args, $using:...) */
	VAR_DISALLOWED   /* PowerShell rejects it in a data file */
} var_kind;

static int ieq(const char *a, size_t alen, const char *b)
{
	size_t i;

	if (alen != strlen(b))
		return 0;
	for (i = 0; i < alen; i++) {
		char c = a[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != b[i])
			return 0;
	}
	return 1;
}

/* PowerShell's IsSafeVariableReference, with decision 7's exceptions. */
static var_kind classify_var(const char *name, size_t len, const char **why)
{
	const char *colon = memchr(name, ':', len);
	const char *bare = name;
	size_t blen = len;
	int using = 0;

	if (colon) {
		size_t slen = (size_t)(colon - name);

		bare = colon + 1;
		blen = len - slen - 1;
		if (ieq(name, slen, "using")) {
			using = 1;
		} else if (!ieq(name, slen, "local") && !ieq(name, slen, "private")) {
			*why =
			    "scope-qualified and drive-qualified variables are not allowed in a data "
			    "file";
			return VAR_DISALLOWED;
		}
	}
	if (ieq(bare, blen, "true") || ieq(bare, blen, "false") || ieq(bare, blen, "null")) {
		if (using) {
			*why = "$using: is unsupported in workflow data";
			return VAR_UNSUPPORTED;
		}
		return ieq(bare, blen, "true")    ? VAR_TRUE
		       : ieq(bare, blen, "false") ? VAR_FALSE
		                                  : VAR_NULL;
	}
	if (ieq(bare, blen, "args")) {
		*why = "$args (the caller's arguments) is unsupported in workflow data";
		return VAR_UNSUPPORTED;
	}
	*why = "only $true, $false and $null may be used in a data file";
	return VAR_DISALLOWED;
}

/* Records the error for a variable that is not a plain constant; returns 1 if there was one. */
static int report_var(psd1 *p, var_kind k, const char *why, size_t start, size_t end)
{
	if (k == VAR_UNSUPPORTED) {
		idle_psd1__defer(p, PSD1_CODE_UNSUPPORTED, start, end, "%s", why);
		return 1;
	}
	if (k == VAR_DISALLOWED) {
		idle_diag *d = idle_psd1__defer(p, PSD1_CODE_DATA, start, end,
		                                "variable '%.*s' is not allowed in a data file",
		                                (int)(end - start), p->s + start);

		idle_diag_set_hint(d,
		                   "%s; to write a literal '$', use single quotes or escape it "
		                   "with a backtick (`$)",
		                   why);
		return 1;
	}
	return 0;
}

static int is_var_char(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 128)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9') || cp == '_' || cp == '?';
	return idle_unicode_is_letter_or_digit((uint32_t)cp);
}

static int is_var_start(int32_t cp)
{
	return is_var_char(cp) || cp == '^' || cp == '$' || cp == ':';
}

/*
 * At '$': scans a variable reference (ScanVariable). On success fills
 * [*nstart, *nend) with the name (braced names: inside the braces; backtick
 * escapes there are rare and kept as written) and moves p->pos past it.
 * Returns 0 when '$' does not start a variable.
 */
static int scan_variable(psd1 *p, int in_string, size_t *nstart, size_t *nend)
{
	size_t start = p->pos, i = p->pos + 1, next;
	int32_t cp = idle_psd1__cp(p, i, &next);

	if (cp == '{') {
		i = next;
		*nstart = i;
		for (;;) {
			cp = idle_psd1__cp(p, i, &next);
			if (cp == PSD1_EOF)
				idle_psd1__syntax(
				    p, start, i,
				    "incomplete variable reference: '}' expected to end "
				    "'${'");
			if (cp == '}')
				break;
			if (cp == '{')
				idle_psd1__syntax(
				    p, i, next,
				    "'{' in a variable name must be escaped with a backtick");
			if (cp == '`') {
				idle_psd1__cp(p, next, &next);
			} else if (in_string && idle_psd1__is_dquote(cp)) {
				size_t n2;

				if (idle_psd1__is_dquote(idle_psd1__cp(p, next, &n2)))
					next = n2;
			}
			i = next;
		}
		*nend = i;
		p->pos = next;
		if (*nend == *nstart)
			idle_psd1__syntax(p, start, p->pos, "empty variable reference '${}'");
		return 1;
	}
	if (!is_var_start(cp))
		return 0;
	*nstart = i;
	i = next;
	if (cp != '$' && cp != '?' && cp != '^') {
		for (;;) {
			cp = idle_psd1__cp(p, i, &next);
			if (cp == ':') {
				if (idle_psd1__ch(p, next) == ':')
					break; /* $a::b is static member access */
				i = next;
			} else if (is_var_char(cp)) {
				i = next;
			} else {
				break;
			}
		}
	}
	*nend = i;
	p->pos = i;
	if (p->s[*nend - 1] == ':' && (memchr(p->s + *nstart, ':', *nend - *nstart - 1) == NULL)) {
		idle_psd1__syntax(
		    p, start, *nend,
		    "variable reference is not valid: ':' was not followed by a valid "
		    "variable name character (use ${} to delimit the name)");
	}
	return 1;
}

int idle_psd1__parse_variable(psd1 *p, idle_value *out)
{
	size_t start = p->pos, ns, ne;
	const char *why = NULL;
	var_kind k;

	if (!scan_variable(p, 0, &ns, &ne))
		return 0;
	p->visits++;
	k = classify_var(p->s + ns, ne - ns, &why);
	idle_val_init(out, IDLE_NULL);
	if (report_var(p, k, why, start, p->pos))
		out->flags |= PSD1_VF_POISON;
	else if (k == VAR_TRUE || k == VAR_FALSE)
		idle_val_bool(out, k == VAR_TRUE);
	else
		out->flags |= PSD1_VF_NULLVAR;
	out->start = (uint32_t)start;
	out->end = (uint32_t)p->pos;
	return 1;
}

/* ---- building ------------------------------------------------------------- */

typedef struct sb {
	idle_buf *buf; /* owned by the parser (freed even when parsing stops) */
	int build;     /* 0 when only skipping */
	int expanded;  /* something was expanded: not a constant */
	int poisoned;  /* an error was reported inside: the value is a placeholder */
} sb;

static void sb_add(psd1 *p, sb *b, const char *s, size_t n)
{
	if (b->build && idle_buf_add(b->buf, s, n))
		idle_psd1__oom(p);
}

static void sb_cp(psd1 *p, sb *b, uint32_t cp)
{
	char u[4];
	size_t n = idle_utf8_encode(u, cp);

	sb_add(p, b, u, n);
}

static void finish(psd1 *p, sb *b, size_t start, idle_value *out)
{
	if (!b->build)
		return;
	if (b->poisoned) {
		idle_val_init(out, IDLE_NULL);
		out->flags |= PSD1_VF_POISON;
	} else {
		idle_value v;

		if (idle_val_string(p->arena, &v, b->buf->data ? b->buf->data : "", b->buf->len))
			idle_psd1__oom(p);
		*out = v;
		if (!b->expanded) {
			out->flags |= PSD1_VF_CONST;
			p->visits++;
		}
	}
	out->start = (uint32_t)start;
	out->end = (uint32_t)p->pos;
}

/* `u{X...}: 1-6 hex digits, at most 10FFFF. At the 'u'. Returns the code point. */
static uint32_t unicode_escape(psd1 *p, size_t bt)
{
	size_t i = p->pos + 1, digits = 0;
	uint32_t cp = 0;

	if (idle_psd1__ch(p, i) != '{')
		idle_psd1__syntax(
		    p, bt, i,
		    "invalid Unicode escape: `u must be followed by {hex digits}, as in "
		    "`u{263A}");
	i++;
	for (;;) {
		char c = idle_psd1__ch(p, i);
		int v = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                               : -1;

		if (i >= p->len || c == '}')
			break;
		if (v < 0)
			idle_psd1__syntax(p, bt, i + 1,
			                  "invalid Unicode escape: '%c' is not a hexadecimal digit",
			                  c);
		if (++digits > 6)
			idle_psd1__syntax(p, bt, i + 1,
			                  "invalid Unicode escape: more than 6 hexadecimal digits");
		cp = cp * 16 + (uint32_t)v;
		i++;
	}
	if (idle_psd1__ch(p, i) != '}' || i >= p->len)
		idle_psd1__syntax(p, bt, i, "invalid Unicode escape: missing '}'");
	if (digits == 0)
		idle_psd1__syntax(p, bt, i + 1,
		                  "invalid Unicode escape: no hexadecimal digits in `u{}");
	if (cp > 0x10FFFF)
		idle_psd1__syntax(
		    p, bt, i + 1,
		    "invalid Unicode escape: U+%X is beyond the last code point U+10FFFF", cp);
	p->pos = i + 1;
	return cp;
}

/*
 * At a backtick inside a double-quoted string: appends the escaped character.
 * Lone surrogates cannot be written as UTF-8: a high surrogate immediately
 * followed by a low one (two escapes) makes one character, anything else is
 * reported as unsupported.
 */
static void backtick(psd1 *p, sb *b)
{
	size_t bt = p->pos, next;
	int32_t cp;

	p->pos++;
	cp = idle_psd1__cp(p, p->pos, &next);
	if (cp == PSD1_EOF)
		return; /* the caller reports the missing terminator */
	switch (cp) {
	case '0':
		sb_cp(p, b, 0);
		break;
	case 'a':
		sb_cp(p, b, 7);
		break;
	case 'b':
		sb_cp(p, b, 8);
		break;
	case 'e':
		sb_cp(p, b, 27);
		break;
	case 'f':
		sb_cp(p, b, 12);
		break;
	case 'n':
		sb_cp(p, b, 10);
		break;
	case 'r':
		sb_cp(p, b, 13);
		break;
	case 't':
		sb_cp(p, b, 9);
		break;
	case 'v':
		sb_cp(p, b, 11);
		break;
	case 'u': {
		uint32_t u = unicode_escape(p, bt);

		if (u >= 0xD800 && u <= 0xDBFF && idle_psd1__ch(p, p->pos) == '`' &&
		    idle_psd1__ch(p, p->pos + 1) == 'u' && idle_psd1__ch(p, p->pos + 2) == '{') {
			size_t save = p->pos;
			uint32_t lo;

			p->pos++;
			lo = unicode_escape(p, save);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				sb_cp(p, b, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
				return;
			}
			p->pos = save;
		}
		if (u >= 0xD800 && u <= 0xDFFF) {
			idle_psd1__defer(p, PSD1_CODE_UNSUPPORTED, bt, p->pos,
			                 "a lone surrogate (U+%04X) cannot be represented in UTF-8",
			                 u);
			b->poisoned = 1;
			return;
		}
		sb_cp(p, b, u);
		return;
	}
	default:
		sb_add(p, b, p->s + p->pos, next - p->pos); /* the character itself */
		break;
	}
	p->pos = next;
}

/* At '$' inside a double-quoted string or @" here-string. */
static void dollar(psd1 *p, sb *b)
{
	size_t start = p->pos, ns, ne;
	char c1 = idle_psd1__ch(p, p->pos + 1);

	if (c1 == '(' && p->pos + 1 < p->len) {
		size_t before = idle_diags_count(p->deferred);

		b->expanded = 1;
		if (!b->build) {
			idle_psd1__skip_group(p);
			return;
		}
		p->visits++;
		{
			idle_value ignored;

			idle_psd1__parse_subexpr(p, start, 1, &ignored);
		}
		if (idle_diags_count(p->deferred) == before) {
			idle_diag *d = idle_psd1__defer(p, PSD1_CODE_UNSUPPORTED, start, p->pos,
			                                "sub-expressions $( ) inside strings are "
			                                "unsupported in workflow data");

			idle_diag_set_hint(d, "write the text out, or use a {{...}} template");
		}
		b->poisoned = 1;
		return;
	}
	if (!scan_variable(p, 1, &ns, &ne)) {
		sb_add(p, b, IDLE_LIT("$")); /* a '$' that starts nothing is literal */
		p->pos = start + 1;
		return;
	}
	b->expanded = 1;
	if (b->build) {
		const char *why = NULL;
		var_kind k = classify_var(p->s + ns, ne - ns, &why);

		p->visits += 2; /* the nested expression and the variable */
		if (report_var(p, k, why, start, p->pos))
			b->poisoned = 1;
		else if (k == VAR_TRUE)
			sb_add(p, b, IDLE_LIT("True"));
		else if (k == VAR_FALSE)
			sb_add(p, b, IDLE_LIT("False"));
	}
}

/* ---- quoted strings ----------------------------------------------------- */

static void single_quoted(psd1 *p, sb *b, idle_value *out)
{
	size_t start = p->pos, next;

	idle_psd1__cp(p, p->pos, &p->pos);
	for (;;) {
		size_t run = p->pos;
		int32_t cp;

		/* Fast path: copy plain bytes up to the next quote candidate. */
		while (run < p->len && p->s[run] != '\'' && (unsigned char)p->s[run] != 0xE2)
			run++;
		sb_add(p, b, p->s + p->pos, run - p->pos);
		p->pos = run;
		cp = idle_psd1__cp(p, p->pos, &next);
		if (cp == PSD1_EOF)
			idle_psd1__syntax_note(p, p->len, p->len, start, "the string starts here",
			                       "the string is missing the terminator: '");
		if (idle_psd1__is_squote(cp)) {
			size_t n2;

			if (!idle_psd1__is_squote(idle_psd1__cp(p, next, &n2))) {
				p->pos = next;
				break;
			}
			sb_add(p, b, p->s + next, n2 - next); /* '' stands for its second quote */
			p->pos = n2;
			continue;
		}
		sb_add(p, b, p->s + p->pos, next - p->pos);
		p->pos = next;
	}
	finish(p, b, start, out);
}

static void double_quoted(psd1 *p, sb *b, idle_value *out)
{
	size_t start = p->pos, next;

	idle_psd1__cp(p, p->pos, &p->pos);
	for (;;) {
		size_t run = p->pos;
		int32_t cp;

		while (run < p->len && p->s[run] != '"' && p->s[run] != '`' && p->s[run] != '$' &&
		       (unsigned char)p->s[run] != 0xE2)
			run++;
		sb_add(p, b, p->s + p->pos, run - p->pos);
		p->pos = run;
		cp = idle_psd1__cp(p, p->pos, &next);
		if (cp == PSD1_EOF)
			idle_psd1__syntax_note(p, p->len, p->len, start, "the string starts here",
			                       "the string is missing the terminator: \"");
		if (idle_psd1__is_dquote(cp)) {
			size_t n2;

			if (!idle_psd1__is_dquote(idle_psd1__cp(p, next, &n2))) {
				p->pos = next;
				break;
			}
			sb_add(p, b, p->s + next, n2 - next);
			p->pos = n2;
		} else if (cp == '`') {
			backtick(p, b);
		} else if (cp == '$') {
			dollar(p, b);
		} else {
			sb_add(p, b, p->s + p->pos, next - p->pos);
			p->pos = next;
		}
	}
	finish(p, b, start, out);
}

/* ---- here-strings ------------------------------------------------------- */

/* Is there a footer (quote of the class + '@') at the start of the line at pos? */
static int footer_at(const psd1 *p, size_t pos, int dq, size_t *after)
{
	size_t next;
	int32_t cp = idle_psd1__cp(p, pos, &next);

	if (!(dq ? idle_psd1__is_dquote(cp) : idle_psd1__is_squote(cp)) ||
	    idle_psd1__ch(p, next) != '@' || next >= p->len)
		return 0;
	*after = next + 1;
	return 1;
}

/* Does the line at pos hold whitespace followed by a footer? (for the error message) */
static int indented_footer_at(const psd1 *p, size_t pos, int dq)
{
	size_t next, after;

	while (pos < p->len) {
		int32_t cp = idle_psd1__cp(p, pos, &next);

		if (!idle_psd1__is_ws(cp))
			break;
		pos = next;
	}
	return footer_at(p, pos, dq, &after);
}

static void here_string(psd1 *p, sb *b, idle_value *out)
{
	size_t start = p->pos, next, nl, after;
	int32_t q = idle_psd1__cp(p, p->pos + 1, &next);
	int dq = idle_psd1__is_dquote(q);
	int indented = 0;
	size_t last_nl = 0; /* bytes of the unescaped line break last appended */

	p->pos = next;
	/* Header: only whitespace may follow the opening quote on its line. */
	for (;;) {
		int32_t cp = idle_psd1__cp(p, p->pos, &next);

		if (!idle_psd1__is_ws(cp))
			break;
		p->pos = next;
	}
	nl = idle_psd1__newline_at(p, p->pos);
	if (!nl) {
		if (p->pos >= p->len)
			idle_psd1__syntax_note(
			    p, p->len, p->len, start, "the here-string starts here",
			    "the here-string is missing its terminator: %s@ at the start "
			    "of a line",
			    dq ? "\"" : "'");
		idle_psd1__syntax(
		    p, p->pos, idle_psd1__word_end(p, p->pos),
		    "no characters are allowed after a here-string header but before the "
		    "end of the line");
	}
	p->pos += nl;
	for (;;) {
		/* At the start of a line. */
		if (footer_at(p, p->pos, dq, &after)) {
			if (b->build && last_nl)
				b->buf->len -=
				    last_nl; /* the line break before the footer is dropped */
			if (b->build && b->buf->data)
				b->buf->data[b->buf->len] = '\0';
			p->pos = after;
			break;
		}
		if (indented_footer_at(p, p->pos, dq))
			indented = 1;
		last_nl = 0;
		for (;;) {
			int32_t cp = idle_psd1__cp(p, p->pos, &next);

			if (cp == PSD1_EOF) {
				if (indented)
					idle_psd1__syntax(
					    p, p->len, p->len,
					    "white space is not allowed before the string "
					    "terminator");
				idle_psd1__syntax_note(
				    p, p->len, p->len, start, "the here-string starts here",
				    "the here-string is missing its terminator: %s@ "
				    "at the start of a line",
				    dq ? "\"" : "'");
			}
			nl = idle_psd1__newline_at(p, p->pos);
			if (nl) {
				sb_add(p, b, p->s + p->pos, nl);
				p->pos += nl;
				last_nl = nl;
				break;
			}
			if (dq && cp == '`') {
				backtick(p, b);
			} else if (dq && cp == '$') {
				dollar(p, b);
			} else {
				sb_add(p, b, p->s + p->pos, next - p->pos);
				p->pos = next;
			}
		}
	}
	finish(p, b, start, out);
}

static void string_any(psd1 *p, idle_value *out, int build)
{
	sb b = {NULL, build, 0, 0};
	size_t next;
	int32_t cp = idle_psd1__cp(p, p->pos, &next);

	if (build)
		b.buf = idle_psd1__strbuf_enter(p);
	if (cp == '@')
		here_string(p, &b, out);
	else if (idle_psd1__is_squote(cp))
		single_quoted(p, &b, out);
	else
		double_quoted(p, &b, out);
	if (build)
		idle_psd1__strbuf_leave(p);
}

void idle_psd1__parse_string(psd1 *p, idle_value *out)
{
	string_any(p, out, 1);
}

void idle_psd1__skip_string(psd1 *p)
{
	string_any(p, NULL, 0);
}
