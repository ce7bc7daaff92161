/*
 * parser/psd1_eval.h - evaluating the unary operators a data file may use
 * (-, +, !, -not, -bnot) with PowerShell's rules: small integer types widen
 * to Int32, overflow widens to Double, strings convert to numbers, !
 * follows PowerShell's truthiness.
 */
#ifndef IDLE_PARSER_PSD1_EVAL_H
#define IDLE_PARSER_PSD1_EVAL_H

#include "core/arena.h"
#include "core/value.h"

typedef enum psd1_unop {
	PSD1_OP_NEG,  /* - and the dashes */
	PSD1_OP_PLUS, /* + */
	PSD1_OP_NOT,  /* ! and -not */
	PSD1_OP_BNOT  /* -bnot */
} psd1_unop;

/**
 * Applies op to *v in place. Returns 0; 1 with *why set when PowerShell
 * would fail evaluating it (e.g. - on a hashtable, -'abc'); -1 when out of
 * memory.
 */
int idle_psd1__unary(idle_arena *a, psd1_unop op, idle_value *v, const char **why);

/** PowerShell's truthiness (LanguagePrimitives.IsTrue). */
int idle_psd1__truthy(const idle_value *v);

#endif
