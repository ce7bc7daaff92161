/*
 * parser/psd1_string.h - string literals and variables of the .psd1 parser.
 *
 * Single-quoted ('' and smart quotes), double-quoted (every backtick escape,
 * `u{...}, and PowerShell's '$' rules: only $true, $false and $null may be
 * expanded; $(...) is unsupported), and here-strings of both kinds with
 * their exact header, footer and line-break rules.
 */
#ifndef IDLE_PARSER_PSD1_STRING_H
#define IDLE_PARSER_PSD1_STRING_H

#include "parser/psd1.h"

/* At a quote (or '@' + quote): parses the string into out (PSD1_VF_CONST when it expands nothing). */
void idle_psd1__parse_string(psd1 *p, idle_value *out);
/* The same without building a value (for skipping rejected constructs). */
void idle_psd1__skip_string(psd1 *p);
/* At '$' followed by a variable: parses it and stores its value (or a placeholder) in out.
 * Returns 0 when '$' does not start a variable (then nothing is consumed). */
int idle_psd1__parse_variable(psd1 *p, idle_value *out);

#endif
