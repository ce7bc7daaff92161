/*
 * parser/psd1_lex.c - characters, trivia (comments, #requires, signature
 * blocks, line continuations) and skipping of rejected constructs.
 */
#include "parser/psd1_lex.h"

#include <string.h>

#include "core/utf8.h"
#include "parser/psd1_string.h"

int32_t idle_psd1__cp(const psd1 *p, size_t pos, size_t *next)
{
	unsigned char c;

	if (pos >= p->len) {
		*next = pos;
		return PSD1_EOF;
	}
	c = (unsigned char)p->s[pos];
	if (c < 0x80) {
		*next = pos + 1;
		return c;
	}
	*next = pos;
	{
		int32_t cp = idle_utf8_next(p->s, p->len, next);

		return cp < 0 ? (int32_t)IDLE_UNICODE_REPLACEMENT : cp;
	}
}

int idle_psd1__is_ws(int32_t cp)
{
	switch (cp) {
	case ' ':
	case '\t':
	case '\v':
	case '\f':
	case 0xA0:
	case 0x85:
	case 0x1680:
	case 0x2028:
	case 0x2029:
	case 0x202F:
	case 0x205F:
	case 0x3000:
		return 1;
	default:
		return cp >= 0x2000 && cp <= 0x200A;
	}
}

int idle_psd1__is_dash(int32_t cp)
{
	return cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x2015;
}

int idle_psd1__is_squote(int32_t cp)
{
	return cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == 0x201A || cp == 0x201B;
}

int idle_psd1__is_dquote(int32_t cp)
{
	return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E;
}

int idle_psd1__is_ident_start(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 128)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
	return idle_unicode_is_letter((uint32_t)cp);
}

int idle_psd1__is_ident_follow(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 128)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' ||
		       (cp >= '0' && cp <= '9');
	return idle_unicode_is_letter_or_digit((uint32_t)cp);
}

int idle_psd1__ends_token(int32_t cp)
{
	if (cp < 0)
		return 1;
	if (cp < 128)
		return cp == 0 || cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' ||
		       cp == '\r' || cp == ' ' || cp == '&' || cp == '(' || cp == ')' ||
		       cp == ',' || cp == ';' || cp == '{' || cp == '|' || cp == '}';
	return idle_psd1__is_ws(cp);
}

int idle_psd1__ends_number(int32_t cp, int ternary)
{
	if (idle_psd1__ends_token(cp))
		return 1;
	if (cp < 128)
		return strchr("!#%*+-./<=>]", (int)cp) != NULL ||
		       (ternary && (cp == '?' || cp == ':'));
	return idle_psd1__is_dash(cp);
}

size_t idle_psd1__newline_at(const psd1 *p, size_t pos)
{
	char c = idle_psd1__ch(p, pos);

	if (c == '\n')
		return 1;
	if (c == '\r')
		return idle_psd1__ch(p, pos + 1) == '\n' && pos + 1 < p->len ? 2 : 1;
	return 0;
}

/* ---- #requires ------------------------------------------------------------ */

typedef struct req_tok {
	size_t start, end; /* in the source */
	int is_param;      /* -Name or -Name:value */
	size_t name_start, name_end;
	int has_colon_arg;
	size_t arg_start, arg_end; /* the argument after ':' */
} req_tok;

/* Lower-case ASCII prefix test: is text[0..n) a prefix of word? */
static int prefix_of(const char *text, size_t n, const char *word)
{
	size_t i;

	if (n == 0 || n > strlen(word))
		return 0;
	for (i = 0; i < n; i++) {
		char c = text[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != word[i])
			return 0;
	}
	return 1;
}

/* End of one command-mode argument starting at i (strings, groups and commas included). */
static size_t req_arg_end(const psd1 *p, size_t i, size_t end)
{
	int depth = 0;

	while (i < end) {
		char c = p->s[i];

		if (depth == 0 && (c == ' ' || c == '\t'))
			break;
		if (c == '\'' || c == '"') {
			size_t j = i + 1;

			while (j < end && p->s[j] != c)
				j++;
			i = j < end ? j + 1 : end;
			continue;
		}
		if (c == '(' || c == '{')
			depth++;
		else if ((c == ')' || c == '}') && depth > 0)
			depth--;
		i++;
	}
	return i;
}

static int req_arg_is_constant(const psd1 *p, size_t s, size_t e)
{
	size_t i;

	for (i = s; i < e; i++)
		if (p->s[i] == '$')
			return 0; /* a variable or sub-expression */
	return e > s;
}

/* Strips the quotes of a single-argument string. */
static void req_unquote(const psd1 *p, size_t *s, size_t *e)
{
	if (*e - *s >= 2 && (p->s[*s] == '\'' || p->s[*s] == '"') && p->s[*e - 1] == p->s[*s]) {
		(*s)++;
		(*e)--;
	}
}

static int req_version_ok(const psd1 *p, size_t s, size_t e)
{
	int parts = 1, digits = 0;
	size_t i;

	req_unquote(p, &s, &e);
	for (i = s; i < e; i++) {
		char c = p->s[i];

		if (c >= '0' && c <= '9') {
			digits++;
		} else if (c == '.' && digits) {
			parts++;
			digits = 0;
		} else {
			return 0;
		}
	}
	return digits > 0 && parts <= 4;
}

static int req_edition_ok(const psd1 *p, size_t s, size_t e)
{
	/* One or more comma-separated editions, each Core or Desktop. */
	size_t i = s;

	while (i < e) {
		size_t j = i, a, b;

		while (j < e && p->s[j] != ',')
			j++;
		a = i;
		b = j;
		req_unquote(p, &a, &b);
		if (!((b - a == 4 && prefix_of(p->s + a, 4, "core")) ||
		      (b - a == 7 && prefix_of(p->s + a, 7, "desktop"))))
			return 0;
		i = j + 1;
	}
	return e > s;
}

/*
 * Checks a "#requires ..." comment the way PowerShell re-parses it as a
 * command: the name must be exactly "requires"; every other element a known
 * parameter (abbreviations allowed) with a constant argument (none for
 * -RunAsAdministrator). Reports a syntax error on failure.
 */
static void check_requires(psd1 *p, size_t start, size_t end)
{
	req_tok toks[32];
	size_t ntok = 0, i = start + 1, k;
	const char *why = NULL;
	size_t wstart = start, wend = end;

	while (i < end && ntok < 32) {
		req_tok *t = &toks[ntok];

		while (i < end && (p->s[i] == ' ' || p->s[i] == '\t'))
			i++;
		if (i >= end)
			break;
		memset(t, 0, sizeof(*t));
		t->start = i;
		if (p->s[i] == '-' && i + 1 < end &&
		    idle_psd1__is_ident_start((unsigned char)p->s[i + 1])) {
			t->is_param = 1;
			t->name_start = i + 1;
			i++;
			while (i < end && p->s[i] != ':' && p->s[i] != ' ' && p->s[i] != '\t')
				i++;
			t->name_end = i;
			if (i < end && p->s[i] == ':') {
				t->has_colon_arg = 1;
				t->arg_start = i + 1;
				i = req_arg_end(p, i + 1, end);
				t->arg_end = i;
			}
		} else {
			i = req_arg_end(p, i, end);
		}
		t->end = i;
		ntok++;
	}
	if (ntok == 0 || toks[0].is_param || toks[0].end - toks[0].start != 8 ||
	    !prefix_of(p->s + toks[0].start, 8, "requires")) {
		why = "expected '#requires -Parameter value ...'";
		goto bad;
	}
	for (k = 1; k < ntok; k++) {
		req_tok *t = &toks[k];
		const char *name = p->s + t->name_start;
		size_t nlen = t->name_end - t->name_start, as, ae;
		int has_arg;

		wstart = t->start;
		wend = t->end;
		if (!t->is_param) {
			why = "unexpected argument";
			goto bad;
		}
		has_arg = t->has_colon_arg || k + 1 < ntok;
		if (prefix_of(name, nlen, "runasadministrator")) {
			if (has_arg) {
				why = "-RunAsAdministrator takes no argument";
				goto bad;
			}
			continue;
		}
		if (!has_arg) {
			why = "the parameter needs an argument";
			goto bad;
		}
		if (t->has_colon_arg) {
			as = t->arg_start;
			ae = t->arg_end;
		} else {
			k++;
			as = toks[k].start;
			ae = toks[k].end;
			wend = ae;
		}
		if (!req_arg_is_constant(p, as, ae)) {
			why = "the argument must be a constant";
			goto bad;
		}
		if (prefix_of(name, nlen, "shellid") || prefix_of(name, nlen, "pssnapin") ||
		    prefix_of(name, nlen, "assembly") || prefix_of(name, nlen, "modules"))
			continue;
		if (prefix_of(name, nlen, "psedition")) {
			if (!req_edition_ok(p, as, ae)) {
				why = "-PSEdition must be Core or Desktop";
				goto bad;
			}
			continue;
		}
		if (prefix_of(name, nlen, "version")) {
			if (!req_version_ok(p, as, ae)) {
				why = "-Version needs a version such as 7.0";
				goto bad;
			}
			continue;
		}
		why = "unknown parameter";
		goto bad;
	}
	return;
bad:
	idle_psd1__syntax(p, wstart, wend,
	                  "the #requires statement is not in the correct format: %s", why);
}

/* ---- signature blocks ------------------------------------------------------ */

#define SIG_TEXT      "sig#beginsignatureblock\n"
#define SIG_LEN       24
#define SIG_THRESHOLD 10

/*
 * PowerShell treats a line comment whose non-blank text (lower-cased) is
 * within edit distance 10 of "sig#beginsignatureblock" as the start of a
 * signature block: no statement may start after it.
 */
static int looks_like_signature(const psd1 *p, size_t start, size_t end)
{
	int32_t text[SIG_LEN + SIG_THRESHOLD + 1];
	int d[SIG_LEN + SIG_THRESHOLD + 2][SIG_LEN + 1];
	size_t i = start + 1, n = 0, r, c;

	while (i < end) {
		size_t next;
		int32_t cp = idle_psd1__cp(p, i, &next);

		i = next;
		if (idle_psd1__is_ws(cp))
			continue;
		if (n == SIG_LEN + SIG_THRESHOLD)
			return 0;
		text[n++] = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
	}
	if (end >= p->len) { /* at the end of the text PowerShell sees a NUL character */
		if (n == SIG_LEN + SIG_THRESHOLD)
			return 0;
		text[n++] = 0;
	}
	if (n < SIG_LEN - SIG_THRESHOLD)
		return 0;
	for (r = 0; r <= n; r++)
		d[r][0] = (int)r;
	for (c = 0; c <= SIG_LEN; c++)
		d[0][c] = (int)c;
	for (r = 1; r <= n; r++) {
		for (c = 1; c <= SIG_LEN; c++) {
			int best = d[r - 1][c - 1] + (text[r - 1] != SIG_TEXT[c - 1]);

			if (d[r - 1][c] + 1 < best)
				best = d[r - 1][c] + 1;
			if (d[r][c - 1] + 1 < best)
				best = d[r][c - 1] + 1;
			d[r][c] = best;
		}
	}
	return d[n][SIG_LEN] < SIG_THRESHOLD;
}

/* At '#': skips a line comment up to its line break, applying the #requires and signature rules. */
static void line_comment(psd1 *p)
{
	size_t start = p->pos, end = p->pos;

	while (end < p->len && p->s[end] != '\n' && p->s[end] != '\r')
		end++;
	p->pos = end;
	if (looks_like_signature(p, start, end)) {
		p->sig_start = start;
		return;
	}
	if (end - start >= 9 && prefix_of(p->s + start + 1, 8, "requires"))
		check_requires(p, start, end);
}

/* At "<#": skips a block comment up to the first "#>" (they do not nest). */
static void block_comment(psd1 *p)
{
	size_t open = p->pos;
	const char *e = NULL;
	size_t i;

	for (i = open + 2; i + 1 < p->len; i++) {
		if (p->s[i] == '#' && p->s[i + 1] == '>') {
			e = p->s + i;
			break;
		}
	}
	if (!e)
		idle_psd1__unclosed(p, p->len, p->len, open, "<#",
		                    "the terminator '#>' is missing from the multiline comment");
	p->pos = (size_t)(e - p->s) + 2;
}

void idle_psd1__skip_space(psd1 *p)
{
	for (;;) {
		size_t next;
		int32_t cp;
		unsigned char c = (unsigned char)p->s[p->pos]; /* the text ends with a NUL */

		if (c == ' ' || c == '\t') { /* the common case, without decoding */
			p->pos++;
			continue;
		}
		if (c < 0x80 && c != '#' && c != '<' && c != '`' && c != '\v' && c != '\f')
			return;
		cp = idle_psd1__cp(p, p->pos, &next);
		if (idle_psd1__is_ws(cp)) {
			p->pos = next;
		} else if (cp == '#') {
			line_comment(p);
		} else if (cp == '<' && idle_psd1__ch(p, p->pos + 1) == '#') {
			block_comment(p);
		} else if (cp == '`' && idle_psd1__newline_at(p, p->pos + 1)) {
			p->pos += 1 + idle_psd1__newline_at(p, p->pos + 1);
		} else {
			return;
		}
	}
}

void idle_psd1__skip_newlines(psd1 *p)
{
	for (;;) {
		char c;

		idle_psd1__skip_space(p);
		c = p->s[p->pos];
		if (c == '\n')
			p->pos++;
		else if (c == '\r')
			p->pos += p->s[p->pos + 1] == '\n' ? 2 : 1;
		else
			return;
	}
}

void idle_psd1__skip_newlines_semis(psd1 *p)
{
	for (;;) {
		idle_psd1__skip_newlines(p);
		if (idle_psd1__ch(p, p->pos) != ';' || p->pos >= p->len)
			return;
		p->pos++;
	}
}

/* ---- skipping --------------------------------------------------------------- */

static int at_token_start(const psd1 *p)
{
	char prev;

	if (p->pos == 0)
		return 1;
	prev = p->s[p->pos - 1];
	return prev == ' ' || prev == '\t' || prev == '\n' || prev == '\r' || prev == ';' ||
	       prev == '(' || prev == '{' || prev == '|' || prev == ',' || prev == '}' ||
	       prev == ')' || prev == '=';
}

/*
 * Skips one element at pos that needs care (string, comment, group,
 * escape); returns 0 if the character at pos is an ordinary one.
 */
static int skip_special(psd1 *p)
{
	size_t next;
	int32_t cp = idle_psd1__cp(p, p->pos, &next);
	char c1 = idle_psd1__ch(p, p->pos + 1);

	if (idle_psd1__is_squote(cp) || idle_psd1__is_dquote(cp)) {
		idle_psd1__skip_string(p);
	} else if (cp == '@' && p->pos + 1 < p->len &&
	           (c1 == '(' || c1 == '{' ||
	            idle_psd1__is_squote(idle_psd1__cp(p, p->pos + 1, &next)) ||
	            idle_psd1__is_dquote(idle_psd1__cp(p, p->pos + 1, &next)))) {
		if (c1 == '(' || c1 == '{')
			idle_psd1__skip_group(p);
		else
			idle_psd1__skip_string(p);
	} else if (cp == '$' && (c1 == '(' || c1 == '{') && p->pos + 1 < p->len) {
		idle_psd1__skip_group(p);
	} else if (cp == '(' || cp == '{' || cp == '[') {
		idle_psd1__skip_group(p);
	} else if (cp == '`') {
		size_t nl = idle_psd1__newline_at(p, p->pos + 1);

		if (p->pos + 1 >= p->len)
			p->pos++;
		else if (nl)
			p->pos += 1 + nl;
		else
			idle_psd1__cp(p, p->pos + 1, &p->pos); /* an escaped character */
	} else if (cp == '#' && at_token_start(p)) {
		line_comment(p);
	} else if (cp == '<' && c1 == '#' && at_token_start(p)) {
		block_comment(p);
	} else {
		return 0;
	}
	return 1;
}

void idle_psd1__skip_statement(psd1 *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];

		if (c == '\n' || c == '\r' || c == ';' || c == ')' || c == '}')
			return;
		if (skip_special(p))
			continue;
		if (c == '|' || ((c == '&') && idle_psd1__ch(p, p->pos + 1) == '&')) {
			/* a pipeline or chain continues after a line break */
			p->pos += c == '|' && idle_psd1__ch(p, p->pos + 1) != '|' ? 1 : 2;
			idle_psd1__skip_newlines(p);
			continue;
		}
		p->pos++;
	}
}

void idle_psd1__skip_group(psd1 *p)
{
	size_t open = p->pos;
	char oc = p->s[p->pos], close;
	const char *opener;

	if (oc == '@' || oc == '$') {
		p->pos++;
		oc = p->s[p->pos];
	}
	close = oc == '(' ? ')' : oc == '{' ? '}' : ']';
	opener = oc == '(' ? "(" : oc == '{' ? "{" : "[";
	p->pos++;
	if (++p->depth > p->max_depth)
		idle_psd1__syntax(p, open, p->pos, "nesting is too deep (more than %u levels)",
		                  p->max_depth);
	while (p->pos < p->len) {
		char c = p->s[p->pos];

		if (c == close) {
			p->pos++;
			p->depth--;
			return;
		}
		if (c == ')' || c == '}' || c == ']')
			idle_psd1__unclosed(p, p->pos, p->pos + 1, open, opener,
			                    "unexpected '%c': '%c' expected", c, close);
		if (!skip_special(p))
			p->pos++;
	}
	idle_psd1__unclosed(p, p->len, p->len, open, opener, "missing closing '%c'", close);
}

size_t idle_psd1__word_end(const psd1 *p, size_t pos)
{
	while (pos < p->len) {
		size_t next;
		int32_t cp = idle_psd1__cp(p, pos, &next);

		if (idle_psd1__ends_token(cp))
			break;
		pos = next;
	}
	return pos;
}
