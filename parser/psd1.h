/*
 * parser/psd1.h - the .psd1 parser: PowerShell data-file text to a value tree,
 * with exactly what Import-PowerShellDataFile accepts (see
 * shared/spec/psd1-language.md and docs/psd1.md for where idle is stricter).
 *
 * Errors come in PowerShell's two classes plus ours:
 *   psd1-syntax       PowerShell could not parse the file: parsing stops there;
 *   psd1-data         valid PowerShell, but not allowed in a data file (a command,
 *                     a variable, an operator...), or a limit PowerShell enforces;
 *   psd1-unsupported  PowerShell would accept it, idle does not (ARCHITECTURE.md,
 *                     decision 7: casts, index expressions, $args, non-string keys...).
 * The last two are collected (parsing goes on) and reported together, unless a
 * syntax error turns up, which is then the only error reported - PowerShell
 * too reports parse errors before it looks at what the data means.
 *
 * This header is shared by the parser's files (psd1.c grammar: root,
 * hashtables, keys, primaries; psd1_expr.c statements, expressions, unary
 * operators and casts; psd1_lex.c
 * characters, trivia and skipping, psd1_string.c strings, psd1_number.c
 * numbers, psd1_eval.c unary operators).
 */
#ifndef IDLE_PARSER_PSD1_H
#define IDLE_PARSER_PSD1_H

#include <setjmp.h>
#include <stdint.h>

#include <idle/document.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/path.h"
#include "core/source.h"
#include "core/value.h"

/* Data-file limits of PowerShell (SafeValues.cs) */
#define PSD1_MAX_KEYS   500  /* key/value pairs per hashtable */
#define PSD1_MAX_VISITS 5000 /* the whole root must cost fewer visits than this */

/* Value flag: a placeholder for something already reported as an error. */
#define PSD1_VF_POISON 0x8000u
/* Value flag: a literal constant (number, string without expansions) - for duplicate keys. */
#define PSD1_VF_CONST 0x4000u
/* Value flag: produced by $null (a null key is an error of its own). */
#define PSD1_VF_NULLVAR 0x2000u

#define PSD1_CODE_SYNTAX      "psd1-syntax"
#define PSD1_CODE_DATA        "psd1-data"
#define PSD1_CODE_UNSUPPORTED "psd1-unsupported"
#define PSD1_CODE_LIMIT       "psd1-limit"
#define PSD1_CODE_ROOT        "psd1-root"
#define PSD1_CODE_ENCODING    "psd1-encoding"

typedef struct psd1 {
	const char *s; /* the decoded source text */
	size_t len;
	size_t pos;
	idle_source *src;
	idle_arena *arena;
	idle_diags *diags;    /* the caller's list: syntax errors, warnings */
	idle_diags *deferred; /* data and unsupported errors, handed over at the end */
	unsigned flags;
	unsigned max_depth;
	unsigned depth;
	uint64_t visits;
	size_t sig_start; /* start of the last "signature block" comment seen, or SIZE_MAX */
	jmp_buf fail;
	int status; /* why we jumped: IDLE_EPARSE or IDLE_ENOMEM */

	/* Scratch stacks shared by all nesting levels (LIFO). */
	idle_value *vals;
	size_t nvals, capvals;
	idle_member *mems;
	size_t nmems, capmems;
	idle_path path;  /* where in the data the parser is, for diagnostics */
	uint32_t *slots; /* duplicate-key hash sets of open hashtables (LIFO regions) */
	size_t nslots, capslots;
	struct psd1_ikey *ikeys; /* interned bare-word keys (open addressing) */
	size_t nikeys, capikeys;
	struct idle_buf **bufs; /* string builders, one per string nesting level */
	size_t nbufs, capbufs, strdepth;
} psd1;

/* Parses src into *out (values allocated in a). Returns 0, IDLE_EPARSE or IDLE_ENOMEM. */
int idle_psd1_parse(idle_arena *a, idle_source *src, const idle_parse_options *opts,
                    idle_diags *diags, idle_value *out);

/* ---- errors (psd1.c) ------------------------------------------------------ */

/* A syntax error at [start, end): recorded, then parsing stops. */
__attribute__((noreturn, format(printf, 4, 5))) void
idle_psd1__syntax(psd1 *p, size_t start, size_t end, const char *fmt, ...);
/* The same, with a note pointing at an opening bracket. */
__attribute__((noreturn, format(printf, 6, 7))) void idle_psd1__unclosed(psd1 *p, size_t start,
                                                                         size_t end, size_t open,
                                                                         const char *opener,
                                                                         const char *fmt, ...);
/* The same, with a note (full text) at note_at. */
__attribute__((noreturn, format(printf, 6, 7))) void
idle_psd1__syntax_note(psd1 *p, size_t start, size_t end, size_t note_at, const char *note,
                       const char *fmt, ...);
/* Out of memory: stop. */
__attribute__((noreturn)) void idle_psd1__oom(psd1 *p);
/* A data / unsupported / limit error at [start, end): recorded, parsing goes on. */
idle_diag *idle_psd1__defer(psd1 *p, const char *code, size_t start, size_t end, const char *fmt,
                            ...) __attribute__((format(printf, 5, 6)));
/* The data path of the value being parsed, "Steps[0].With" (malloc'ed), or NULL at the root. */
char *idle_psd1__path(psd1 *p);
/* Records arena failure: returns ptr or jumps. */
void *idle_psd1__check(psd1 *p, void *ptr);

/* ---- the grammar (psd1.c), used by the string scanner for $( ) ------------- */

/* At '$(' or '@(' (open): parses the statement list up to and including ')' into an array.
 * in_string: inside a double-quoted string (its statements are not data elements). */
void idle_psd1__parse_subexpr(psd1 *p, size_t open, int in_string, idle_value *out);
/* A string builder for the current string nesting level (reset, owned by the parser). */
struct idle_buf *idle_psd1__strbuf_enter(psd1 *p);
void idle_psd1__strbuf_leave(psd1 *p);

/* ---- the grammar's shared pieces (psd1.c), used by psd1_expr.c ------------------- */

/* One nesting level more (the depth limit stops the parse at `at`), and one less. */
void idle_psd1__enter(psd1 *p, size_t at);
void idle_psd1__leave(psd1 *p);
/* A null value standing for something already reported, spanning [start, end). */
void idle_psd1__poison(idle_value *v, size_t start, size_t end);
int idle_psd1__is_poison(const idle_value *v);
/* Pushes a parsed value on the scratch stack of array elements. */
void idle_psd1__push_val(psd1 *p, const idle_value *v);
/* The end of the token at pos for messages (a word or one character, at most 40 bytes). */
size_t idle_psd1__token_end(psd1 *p, size_t pos);
/* The token at [pos, end) quoted for a message; buf holds 160 bytes. */
const char *idle_psd1__tok(psd1 *p, size_t pos, size_t end, char *buf);
/* @{ ... } at p->pos. */
void idle_psd1__parse_hashtable(psd1 *p, idle_value *out);
/* A primary expression and its member or index accesses; 0 when there is none at p->pos. */
int idle_psd1__parse_primary(psd1 *p, idle_value *out, int flags);
void idle_psd1__parse_postfix(psd1 *p, idle_value *out);

#endif
