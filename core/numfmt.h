/*
 * core/numfmt.h - locale-independent number parsing and printing.
 *
 * Two printed forms of a double exist in idle:
 *  - JSON (plan export, idle convert): shortest round-trip digits, ".0" on
 *    whole values, "-0.0" for negative zero, lower-case exponent ("1e+21");
 *  - PowerShell's [string] conversion (templates, condition comparisons,
 *    canonical key text): .NET's shortest round-trip "R" form - "1000", "0.1",
 *    "1E+15", "1E-05", "-0" for negative zero.
 */
#ifndef IDLE_CORE_NUMFMT_H
#define IDLE_CORE_NUMFMT_H

#include <stddef.h>

#define IDLE_NUMFMT_MAX 40 /* buffer size that holds any formatted double */

/** strtod() in the C locale whatever the process locale is. */
double idle_strtod(const char *s, char **end);

/** Shortest digits that read back as d, JSON style. Returns 0, or -1 for inf/NaN (no JSON form). */
int idle_fmt_double_json(char *buf, size_t size, double d);

/** .NET double.ToString() (PowerShell's [string]); "Infinity", "-Infinity", "NaN" included. */
void idle_fmt_double_ps(char *buf, size_t size, double d);

#endif
