/*
 * parser/psd1_number.h - PowerShell numeric literals.
 *
 * Shape, suffixes (l u ul us uy s y d n), multipliers (kb mb gb tb pb), hex
 * and binary with their sign-bit rules, and the .NET type each literal gets
 * (Int32 if it fits, else Int64, else Decimal, else Double...), as
 * tokenizer.cs ScanNumberHelper / TryGetNumberValue do.
 */
#ifndef IDLE_PARSER_PSD1_NUMBER_H
#define IDLE_PARSER_PSD1_NUMBER_H

#include <stddef.h>

#include "core/arena.h"
#include "core/value.h"

typedef enum psd1_numres {
	PSD1_NUM_OK = 0,
	PSD1_NUM_NOT_A_NUMBER, /* the word is not a number at all (1k, 1_000): a command word */
	PSD1_NUM_BAD           /* a number whose value is invalid (256uy): a parse error */
} psd1_numres;

/* Longest numeric literal idle accepts (in characters). */
#define PSD1_NUMBER_MAX_DIGITS 1000

/**
 * Scans a number at s[pos] (a digit, '.', or a sign '+'/dash followed by one).
 * ternary: '?' and ':' also end the number (inside a ternary expression).
 *
 * @param end   receives where the number (or the non-number word) ends
 * @param out   receives the value (kind int or number, ntype set); literal
 *              digits of decimals and big integers are allocated in a
 * @param why   receives a reason for PSD1_NUM_BAD
 * @return PSD1_NUM_OK; PSD1_NUM_NOT_A_NUMBER; PSD1_NUM_BAD; -1 when out of memory
 */
int idle_psd1__number(const char *s, size_t len, size_t pos, int ternary, size_t *end,
                      idle_arena *a, idle_value *out, const char **why);

/** PowerShell's [string] of a number value (for canonical key text); buf >= 48 bytes. */
void idle_psd1__number_string(const idle_value *v, char *buf, size_t size);

#endif
