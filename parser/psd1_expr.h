/*
 * parser/psd1_expr.h - statements, expressions, unary operators and casts
 * of the .psd1 grammar (psd1_expr.c), for the rest of the parser.
 */
#ifndef IDLE_PARSER_PSD1_EXPR_H
#define IDLE_PARSER_PSD1_EXPR_H

#include "parser/psd1.h"

/* idle_psd1__parse_unary / idle_psd1__parse_expression flags */
#define PSD1_NO_COMMA 0x1 /* keys: the comma operator is disabled */

/* A statement (a pipeline of one expression; commands and the like are reported). 0 at none. */
int idle_psd1__parse_statement(psd1 *p, idle_value *out);
/* An expression: unary expressions joined by the comma operator (binary operators are reported). */
int idle_psd1__parse_expression(psd1 *p, idle_value *out, int flags);
/* A unary expression: -, +, !, -not, -bnot, casts, then a primary. 0 when there is none. */
int idle_psd1__parse_unary(psd1 *p, idle_value *out, int flags);
/* 1 if a number literal starts at pos. */
int idle_psd1__number_at(psd1 *p, size_t pos);

#endif
