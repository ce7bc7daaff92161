/*
 * parser/psd1_expr.c - statements, expressions, unary operators and casts of
 * the .psd1 grammar (Parser.cs StatementRule, PipelineRule, ExpressionRule,
 * ArrayLiteralRule, UnaryExpressionRule), restricted to what a data file may
 * hold: commands, assignments, redirections, binary operators and casts are
 * parsed for their structure and reported (psd1.c has the rest of the grammar).
 */
#include "parser/psd1_expr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"
#include "parser/psd1_eval.h"
#include "parser/psd1_lex.h"
#include "parser/psd1_number.h"
#include "parser/psd1_string.h"

/* ---- statements ----------------------------------------------------------------- */

/* PowerShell's statement keywords: a value starting with one is a statement, not data. */
static int is_keyword(const char *s, size_t n)
{
	static const char *const kw[] = {"begin",
	                                 "break",
	                                 "catch",
	                                 "class",
	                                 "clean",
	                                 "configuration",
	                                 "continue",
	                                 "data",
	                                 "define",
	                                 "do",
	                                 "dynamicparam",
	                                 "else",
	                                 "elseif",
	                                 "end",
	                                 "enum",
	                                 "exit",
	                                 "filter",
	                                 "finally",
	                                 "for",
	                                 "foreach",
	                                 "from",
	                                 "function",
	                                 "hidden",
	                                 "if",
	                                 "in",
	                                 "param",
	                                 "parallel",
	                                 "process",
	                                 "return",
	                                 "sequence",
	                                 "static",
	                                 "switch",
	                                 "throw",
	                                 "trap",
	                                 "try",
	                                 "until",
	                                 "using",
	                                 "var",
	                                 "while",
	                                 "workflow",
	                                 NULL};
	size_t i, k;

	for (i = 0; kw[i]; i++) {
		if (strlen(kw[i]) != n)
			continue;
		for (k = 0; k < n; k++)
			if ((s[k] | 0x20) != kw[i][k])
				break;
		if (k == n)
			return 1;
	}
	return 0;
}

/* A statement that is a command (a bare word...) or a keyword statement: reported and skipped. */
static void reject_command(psd1 *p, size_t start, idle_value *out)
{
	size_t e = idle_psd1__token_end(p, start), i;
	int ident = 1;
	char c = p->s[start];

	for (i = start; i < e; i++)
		if (!idle_psd1__is_ident_follow((unsigned char)p->s[i]))
			ident = 0;
	if (c == '&' || (c == '.' && (idle_psd1__ch(p, start + 1) == ' ' ||
	                              idle_psd1__ch(p, start + 1) == '\t'))) {
		idle_psd1__defer(
		    p, PSD1_CODE_DATA, start, start + 1,
		    "the %s operator '%c' runs a command; commands are not allowed in a data "
		    "file",
		    c == '&' ? "call" : "dot-source", c);
	} else if (ident && is_keyword(p->s + start, e - start)) {
		idle_psd1__defer(p, PSD1_CODE_DATA, start, e,
		                 "a PowerShell '%.*s' statement is not allowed in a data file",
		                 (int)(e - start), p->s + start);
	} else if (c >= '0' && c <= '9') {
		idle_diag *d =
		    idle_psd1__defer(p, PSD1_CODE_DATA, start, e,
		                     "'%.*s' is not a number, so PowerShell would run it as a "
		                     "command; commands are not allowed in a data file",
		                     (int)(e - start), p->s + start);

		idle_diag_set_hint(d, "numbers may not contain '_' or letters other than type "
		                      "suffixes and kb/mb/gb/tb/pb; quote it if it is text");
	} else {
		idle_diag *d =
		    idle_psd1__defer(p, PSD1_CODE_DATA, start, e,
		                     "the bare word '%.*s' would be run as a command; commands "
		                     "are not allowed in a data file",
		                     (int)(e - start), p->s + start);

		if (ident)
			idle_diag_set_hint(d, "quote it to make it a string: '%.*s'",
			                   (int)(e - start), p->s + start);
	}
	idle_psd1__skip_statement(p);
	idle_psd1__poison(out, start, p->pos);
}

/* Length of a redirection operator at pos (>, >>, 2>, 2>&1, *>...), or 0. */
static size_t redirection_at(psd1 *p, size_t pos)
{
	size_t i = pos;
	char c = idle_psd1__ch(p, i);

	if ((c >= '1' && c <= '6') || c == '*')
		i++;
	if (idle_psd1__ch(p, i) != '>')
		return 0;
	i++;
	if (idle_psd1__ch(p, i) == '>' || idle_psd1__ch(p, i) == '&')
		i++;
	if (idle_psd1__ch(p, i - 1) == '&' && idle_psd1__ch(p, i) >= '1' &&
	    idle_psd1__ch(p, i) <= '6')
		i++;
	return i - pos;
}

/* Length of an assignment operator at pos (=, +=, -=, *=, /=, %=, ??=), or 0. */
static size_t assignment_at(psd1 *p, size_t pos)
{
	char c = idle_psd1__ch(p, pos), c1 = idle_psd1__ch(p, pos + 1);

	if (c == '=')
		return 1;
	if (strchr("+-*/%", c) && c && c1 == '=')
		return 2;
	if (c == '?' && c1 == '?' && idle_psd1__ch(p, pos + 2) == '=')
		return 3;
	return 0;
}

/*
 * After the expression of a statement: a pipeline, redirection, chain or
 * assignment is reported and skipped; anything but a statement end is a
 * syntax error.
 */
static void statement_tail(psd1 *p, idle_value *out)
{
	size_t at, n;
	char c;

	idle_psd1__skip_space(p);
	at = p->pos;
	c = idle_psd1__ch(p, at);
	if (at >= p->len || c == '\n' || c == '\r' || c == ';' || c == ')' || c == '}')
		return;
	if (c == '|' || (c == '&' && idle_psd1__ch(p, at + 1) == '&')) {
		int chain = c == '&' || idle_psd1__ch(p, at + 1) == '|';

		idle_psd1__defer(p, PSD1_CODE_DATA, at, at + (chain ? 2 : 1),
		                 chain ? "pipeline chains (&&, ||) are not allowed in a data file"
		                       : "a pipeline (|) is not allowed in a data file");
	} else if ((n = redirection_at(p, at)) != 0) {
		idle_psd1__defer(p, PSD1_CODE_DATA, at, at + n,
		                 "redirections are not allowed in a data file");
	} else if ((n = assignment_at(p, at)) != 0) {
		idle_psd1__defer(p, PSD1_CODE_DATA, at, at + n,
		                 "assignments are not allowed in a data file");
	} else if (c == '<') {
		idle_psd1__syntax(p, at, at + 1, "the '<' operator is reserved for future use");
	} else {
		size_t e = idle_psd1__token_end(p, at);
		char buf[160];

		idle_psd1__syntax(p, at, e, "unexpected token %s in expression or statement",
		                  idle_psd1__tok(p, at, e, buf));
	}
	idle_psd1__skip_statement(p);
	idle_psd1__poison(out, out->start, p->pos);
}

/*
 * statement -> pipeline; pipeline -> expression [redirections] ['|' command...]
 * Commands and keyword statements are reported. Returns 0 when nothing that
 * could be a statement starts here (the caller reports what is missing).
 */
int idle_psd1__parse_statement(psd1 *p, idle_value *out)
{
	size_t start = p->pos;
	char c = idle_psd1__ch(p, start);

	if (start >= p->len || c == '\n' || c == '\r' || c == ';' || c == ')' || c == '}' ||
	    c == '=' || c == ']')
		return 0;
	if (c == '|')
		idle_psd1__syntax(p, start, start + 1, "an empty pipe element is not allowed");
	if (!idle_psd1__parse_expression(p, out, 0)) {
		reject_command(p, start, out);
		return 1;
	}
	statement_tail(p, out);
	return 1;
}

/* ---- expressions ---------------------------------------------------------------- */

/* Binary operators after '-': the comparison family takes an optional c/i prefix. */
static int is_binary_word(const char *s, size_t n)
{
	static const char *const ops[] = {
	    "eq",    "ne",       "gt",      "ge",       "lt",          "le",  "like",  "notlike",
	    "match", "notmatch", "replace", "contains", "notcontains", "in",  "notin", "split",
	    "is",    "isnot",    "as",      "and",      "or",          "xor", "band",  "bor",
	    "bxor",  "shl",      "shr",     "f",        "join",        NULL};
	size_t i, k;

	for (int pass = 0; pass < 2; pass++) {
		for (i = 0; ops[i]; i++) {
			if (strlen(ops[i]) != n)
				continue;
			for (k = 0; k < n; k++)
				if ((s[k] | 0x20) != ops[i][k])
					break;
			if (k == n)
				return 1;
		}
		if (n > 1 && ((s[0] | 0x20) == 'c' || (s[0] | 0x20) == 'i')) {
			s++; /* -ceq, -ilike ... */
			n--;
		} else {
			break;
		}
	}
	return 0;
}

/*
 * Length of a binary operator at pos (after an operand), or 0. Unknown
 * "-word" operators are syntax errors, as in PowerShell.
 */
static size_t binary_op_at(psd1 *p, size_t pos)
{
	size_t next;
	int32_t cp = idle_psd1__cp(p, pos, &next);
	char c1 = idle_psd1__ch(p, next);

	if (cp == '+' || cp == '*' || cp == '/' || cp == '%')
		return c1 == '=' || (cp == '+' && c1 == '+') ? 0 : next - pos;
	if (cp == '.' && c1 == '.')
		return 2;
	if (cp == '?' && c1 == '?')
		return idle_psd1__ch(p, pos + 2) == '=' ? 0 : 2;
	if (idle_psd1__is_dash(cp)) {
		size_t e = next;

		if (c1 == '=' || idle_psd1__is_dash(idle_psd1__cp(p, next, &e)))
			return 0; /* -= or -- */
		e = next;
		while ((idle_psd1__ch(p, e) | 0x20) >= 'a' && (idle_psd1__ch(p, e) | 0x20) <= 'z' &&
		       e < p->len)
			e++;
		if (e == next)
			return next - pos; /* binary minus */
		if (!is_binary_word(p->s + next, e - next))
			idle_psd1__syntax(p, pos, e,
			                  "unexpected token '%.*s' in expression or statement",
			                  (int)(e - pos), p->s + pos);
		return e - pos;
	}
	return 0;
}

/*
 * expression -> array-literal { binary-operator newlines? array-literal }
 *               [ '?' expression ':' expression ]
 * Binary operators compute values, which a data file may not do; the
 * ternary operator is valid in a data file but unsupported by idle.
 */
int idle_psd1__parse_expression(psd1 *p, idle_value *out, int flags)
{
	size_t start = p->pos;
	int reported = 0;

	if (!idle_psd1__parse_unary(p, out, flags))
		return 0;
	if (!(flags & PSD1_NO_COMMA)) {
		/* array-literal: unary { ',' newlines? unary } */
		size_t base = p->nvals;

		idle_psd1__skip_space(p);
		if (idle_psd1__ch(p, p->pos) == ',' && p->pos < p->len) {
			idle_psd1__push_val(p, out);
			while (idle_psd1__ch(p, p->pos) == ',' && p->pos < p->len) {
				size_t comma = p->pos;
				idle_value v;

				p->pos++;
				idle_psd1__skip_newlines(p);
				if (!idle_psd1__parse_unary(p, &v, flags))
					idle_psd1__syntax(p, comma, comma + 1,
					                  "missing expression after ','");
				idle_psd1__push_val(p, &v);
				idle_psd1__skip_space(p);
			}
			if (idle_val_array(p->arena, out, p->vals + base, p->nvals - base))
				idle_psd1__oom(p);
			p->nvals = base;
			out->start = (uint32_t)start;
			out->end = (uint32_t)p->pos;
		}
	}
	for (;;) {
		size_t at, n;
		idle_value rhs;

		idle_psd1__skip_space(p);
		at = p->pos;
		n = binary_op_at(p, at);
		if (n) {
			if (!reported++)
				idle_psd1__defer(
				    p, PSD1_CODE_DATA, at, at + n,
				    "the operator '%.*s' is not allowed in a data file: values "
				    "must be written out, not computed",
				    (int)n, p->s + at);
			p->pos = at + n;
			idle_psd1__skip_newlines(p);
			if (!idle_psd1__parse_unary(p, &rhs, flags & ~PSD1_NO_COMMA))
				idle_psd1__syntax(p, at, at + n,
				                  "missing expression after operator '%.*s'",
				                  (int)n, p->s + at);
			idle_psd1__poison(out, start, p->pos);
			continue;
		}
		if (idle_psd1__ch(p, at) == '?' && at < p->len &&
		    (idle_psd1__is_ws(idle_psd1__cp(p, at + 1, &n)) ||
		     idle_psd1__newline_at(p, at + 1))) {
			idle_value branch;

			p->pos = at + 1;
			idle_psd1__skip_newlines(p);
			if (!idle_psd1__parse_expression(p, &branch, 0))
				idle_psd1__syntax(p, at, at + 1, "missing expression after '?'");
			idle_psd1__skip_newlines(p);
			if (idle_psd1__ch(p, p->pos) != ':' || p->pos >= p->len)
				idle_psd1__syntax(p, p->pos, idle_psd1__token_end(p, p->pos),
				                  "missing ':' of the ternary operator ?:");
			p->pos++;
			idle_psd1__skip_newlines(p);
			if (!idle_psd1__parse_expression(p, &branch, 0))
				idle_psd1__syntax(p, p->pos - 1, p->pos,
				                  "missing expression after ':'");
			if (!reported++)
				idle_psd1__defer(
				    p, PSD1_CODE_UNSUPPORTED, at, at + 1,
				    "the ternary operator ?: is unsupported in workflow data");
			idle_psd1__poison(out, start, p->pos);
			continue;
		}
		break;
	}
	return 1;
}

/* ---- unary expressions and casts ---------------------------------------------- */

/* .NET primitive types a data file may cast to (IsSafePrimitive). */
static int is_primitive_type(const char *s, size_t n)
{
	static const char *const types[] = {
	    "bool",   "boolean", "char",   "sbyte", "byte",   "short",  "int16",
	    "ushort", "uint16",  "int",    "int32", "uint",   "uint32", "long",
	    "int64",  "ulong",   "uint64", "float", "single", "double", NULL};
	size_t i, k;

	if (n > 7 && !strncasecmp(s, "system.", 7)) {
		s += 7;
		n -= 7;
	}
	for (i = 0; types[i]; i++) {
		if (strlen(types[i]) != n)
			continue;
		for (k = 0; k < n; k++)
			if ((s[k] | 0x20) != types[i][k])
				break;
		if (k == n)
			return 1;
	}
	return 0;
}

/* cast -> '[' type-name ']' unary ; a type name alone is a type literal. */
static void parse_cast(psd1 *p, idle_value *out, int flags)
{
	size_t start = p->pos, i = p->pos + 1, nb, ne, depth = 1;
	idle_value v;
	char c;

	while (i < p->len && depth) {
		c = p->s[i];
		if (c == '\n' || c == '\r')
			break;
		if (c == '[')
			depth++;
		else if (c == ']')
			depth--;
		i++;
	}
	if (depth)
		idle_psd1__unclosed(p, i, i, start, "[", "missing ']' of the type name");
	nb = start + 1;
	ne = i - 1;
	while (nb < ne && (p->s[nb] == ' ' || p->s[nb] == '\t'))
		nb++;
	while (ne > nb && (p->s[ne - 1] == ' ' || p->s[ne - 1] == '\t'))
		ne--;
	p->pos = i;
	idle_psd1__skip_space(p);
	c = idle_psd1__ch(p, p->pos);
	if (p->pos >= p->len || c == '\n' || c == '\r' || c == ',' || c == ';' || c == ')' ||
	    c == '}' || c == '.' || (c == ':' && idle_psd1__ch(p, p->pos + 1) == ':')) {
		idle_psd1__defer(p, PSD1_CODE_DATA, start, i,
		                 "a type literal [%.*s] is not allowed in a data file",
		                 (int)(ne - nb), p->s + nb);
		idle_psd1__poison(out, start, i);
		p->pos = i;
		idle_psd1__parse_postfix(p, out); /* [int]::MaxValue */
		return;
	}
	idle_psd1__enter(p, start);
	if (!idle_psd1__parse_unary(p, &v, flags))
		idle_psd1__syntax(p, start, i, "missing expression after the cast [%.*s]",
		                  (int)(ne - nb), p->s + nb);
	idle_psd1__leave(p);
	p->visits++;
	if (memchr(p->s + nb, '(', ne - nb)) {
		idle_psd1__defer(p, PSD1_CODE_DATA, start, i,
		                 "attributes are not allowed in a data file");
	} else if (is_primitive_type(p->s + nb, ne - nb)) {
		idle_diag *d =
		    idle_psd1__defer(p, PSD1_CODE_UNSUPPORTED, start, i,
		                     "type casts ([%.*s]) are unsupported in workflow data",
		                     (int)(ne - nb), p->s + nb);

		idle_diag_set_hint(d, "write the value itself, for example 42 or $true");
	} else if (ne - nb == 7 && !strncasecmp(p->s + nb, "ordered", 7)) {
		idle_diag *d =
		    idle_psd1__defer(p, PSD1_CODE_DATA, start, i,
		                     "[ordered] is only allowed before the root hashtable of a "
		                     "data file");

		idle_diag_set_hint(d, "remove it: idle keeps the order of the keys of every "
		                      "hashtable");
	} else {
		idle_psd1__defer(
		    p, PSD1_CODE_DATA, start, i,
		    "a cast to [%.*s] is not allowed in a data file: only primitive types "
		    "such as [int] or [bool] may be cast to",
		    (int)(ne - nb), p->s + nb);
	}
	idle_psd1__poison(out, start, p->pos);
}

static int is_digit_at(psd1 *p, size_t pos)
{
	char c = idle_psd1__ch(p, pos);

	return pos < p->len && c >= '0' && c <= '9';
}

/* Is there a number (digit, or '.' digit) at pos? */
int idle_psd1__number_at(psd1 *p, size_t pos)
{
	return is_digit_at(p, pos) || (idle_psd1__ch(p, pos) == '.' && is_digit_at(p, pos + 1));
}

/* -split, -join and their case-sensitive/insensitive forms, used as unary operators. */
static int is_unary_word(const char *s, size_t n)
{
	if (n == 6 || n == 5) {
		char c = (char)(s[0] | 0x20);

		if ((c == 'c' || c == 'i') &&
		    (!strncasecmp(s + 1, "split", 5) || (n == 5 && !strncasecmp(s + 1, "join", 4))))
			return 1;
	}
	return (n == 5 && !strncasecmp(s, "split", 5)) || (n == 4 && !strncasecmp(s, "join", 4));
}

/*
 * unary -> ',' unary | '!' unary | '-not' unary | '-bnot' unary | '+' unary
 *        | dash unary | cast | primary          (newlines may follow an operator)
 * '++' / '--' and -split / -join are operators a data file may not use.
 */
int idle_psd1__parse_unary(psd1 *p, idle_value *out, int flags)
{
	size_t start = p->pos, next, opend;
	int32_t cp = idle_psd1__cp(p, start, &next);
	psd1_unop op;
	const char *opname;
	idle_value v;
	const char *why = NULL;
	int bad = 0;

	if (cp == ',' && !(flags & PSD1_NO_COMMA)) {
		idle_psd1__enter(p, start);
		p->pos = next;
		idle_psd1__skip_newlines(p);
		if (!idle_psd1__parse_unary(p, &v, flags))
			idle_psd1__syntax(p, start, next,
			                  "missing expression after unary operator ','");
		idle_psd1__leave(p);
		if (idle_val_array(p->arena, out, &v, 1))
			idle_psd1__oom(p);
		out->start = (uint32_t)start;
		out->end = (uint32_t)p->pos;
		return 1;
	}
	if (cp == '[')
		return parse_cast(p, out, flags), 1;
	opend = next;
	if (cp == '!') {
		op = PSD1_OP_NOT;
		opname = "!";
	} else if (cp == '+' || idle_psd1__is_dash(cp)) {
		int32_t c2;
		size_t n2;

		if (idle_psd1__number_at(p, next))
			return idle_psd1__parse_primary(p, out,
			                                flags); /* a signed number literal */
		c2 = idle_psd1__cp(p, next, &n2);
		if ((cp == '+' && c2 == '+') ||
		    (idle_psd1__is_dash(cp) && idle_psd1__is_dash(c2))) {
			op = PSD1_OP_PLUS;
			opname = cp == '+' ? "++" : "--";
			opend = n2;
			bad = 1;
		} else if (idle_psd1__is_dash(cp) && c2 >= 0 && c2 < 128 &&
		           ((c2 | 0x20) >= 'a' && (c2 | 0x20) <= 'z')) {
			size_t e = next;

			while (e < p->len && (p->s[e] | 0x20) >= 'a' && (p->s[e] | 0x20) <= 'z')
				e++;
			opend = e;
			if (e - next == 3 && !strncasecmp(p->s + next, "not", 3)) {
				op = PSD1_OP_NOT;
				opname = "-not";
			} else if (e - next == 4 && !strncasecmp(p->s + next, "bnot", 4)) {
				op = PSD1_OP_BNOT;
				opname = "-bnot";
			} else if (is_unary_word(p->s + next, e - next)) {
				op = PSD1_OP_PLUS;
				opname = "-split/-join";
				bad = 1;
			} else {
				idle_psd1__syntax(p, start, e,
				                  "unexpected token '%.*s': an expression was "
				                  "expected",
				                  (int)(e - start), p->s + start);
			}
		} else {
			op = cp == '+' ? PSD1_OP_PLUS : PSD1_OP_NEG;
			opname = cp == '+' ? "+" : "-";
		}
	} else {
		return idle_psd1__parse_primary(p, out, flags);
	}
	/* a unary operator and its operand */
	idle_psd1__enter(p, start);
	p->pos = opend;
	idle_psd1__skip_newlines(p);
	if (!idle_psd1__parse_unary(p, &v, flags))
		idle_psd1__syntax(p, start, opend, "missing expression after unary operator '%.*s'",
		                  (int)(opend - start), p->s + start);
	idle_psd1__leave(p);
	p->visits++;
	if (bad) {
		idle_psd1__defer(p, PSD1_CODE_DATA, start, opend,
		                 "the operator '%.*s' is not allowed in a data file",
		                 (int)(opend - start), p->s + start);
		idle_psd1__poison(&v, start, p->pos);
	} else if (!idle_psd1__is_poison(&v)) {
		int r = idle_psd1__unary(p->arena, op, &v, &why);

		if (r < 0)
			idle_psd1__oom(p);
		if (r > 0) {
			idle_psd1__defer(p, PSD1_CODE_DATA, start, p->pos, "cannot apply '%s': %s",
			                 opname, why);
			idle_psd1__poison(&v, start, p->pos);
		}
	}
	*out = v;
	out->start = (uint32_t)start;
	out->end = (uint32_t)p->pos;
	return 1;
}
