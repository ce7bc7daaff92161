/*
 * parser/psd1_lex.h - characters, trivia and skipping for the .psd1 parser.
 *
 * Trivia are whitespace, comments (with PowerShell's #requires and
 * signature-block rules) and line continuations (backtick + newline).
 * Skipping steps over a construct idle rejects (a command, a script block)
 * the way PowerShell's tokenizer would delimit it: strings, comments,
 * here-strings and nested brackets are honoured.
 */
#ifndef IDLE_PARSER_PSD1_LEX_H
#define IDLE_PARSER_PSD1_LEX_H

#include "parser/psd1.h"

#define PSD1_EOF (-1)

/* The code point at pos, and where the next one starts; PSD1_EOF at the end. */
int32_t idle_psd1__cp(const psd1 *p, size_t pos, size_t *next);
/* The byte at pos, or 0 past the end. */
static inline char idle_psd1__ch(const psd1 *p, size_t pos)
{
	return pos < p->len ? p->s[pos] : '\0';
}

int idle_psd1__is_ws(int32_t cp);
int idle_psd1__is_dash(int32_t cp);
int idle_psd1__is_squote(int32_t cp);
int idle_psd1__is_dquote(int32_t cp);
int idle_psd1__is_ident_start(int32_t cp);
int idle_psd1__is_ident_follow(int32_t cp);
/* PowerShell's ForceStartNewToken: whitespace, newlines, NUL and & ( ) , ; { | } */
int idle_psd1__ends_token(int32_t cp);
/* What may follow a number in expression mode (ForceStartNewTokenAfterNumber). */
int idle_psd1__ends_number(int32_t cp, int ternary);
/* Length of the line break at pos (1 or 2), or 0. */
size_t idle_psd1__newline_at(const psd1 *p, size_t pos);

/* Skips whitespace, comments and line continuations; stops at a line break. */
void idle_psd1__skip_space(psd1 *p);
/* The same, and line breaks too. */
void idle_psd1__skip_newlines(psd1 *p);
/* The same, and ';' too. */
void idle_psd1__skip_newlines_semis(psd1 *p);

/* Skips a statement idle rejects, up to (not including) its end: a line break,
 * ';', an unmatched ')' or '}', or the end of the text. */
void idle_psd1__skip_statement(psd1 *p);
/* At an opening '(', '{' or '[' (or '@(', '$(', '@{'): skips to after the matching close. */
void idle_psd1__skip_group(psd1 *p);
/* End of a generic (command-mode) word starting at pos, for messages. */
size_t idle_psd1__word_end(const psd1 *p, size_t pos);

#endif
