/*
 * engine/wildcard.h - PowerShell's -like: wildcard patterns matched against
 * whole strings, case-insensitively (shared/spec/idle-planning.md 6.4).
 *
 *   *      any run of characters, none included
 *   ?      exactly one character
 *   [abc]  one character of the set; a-z is a range; '-' first or last and
 *          ']' right after '[' are literal; no negation
 *   `x     the character x, literally (also inside sets)
 *
 * Patterns are translated to PCRE2 and compiled once per thread (a small
 * cache keeps the recently used ones).
 */
#ifndef IDLE_ENGINE_WILDCARD_H
#define IDLE_ENGINE_WILDCARD_H

#include <stddef.h>

/*
 * 1 if s matches pattern, 0 if not; IDLE_WILDCARD_INVALID for a pattern
 * PowerShell rejects (an unclosed '[' or a range whose low end is above its
 * high end); -1 when out of memory.
 */
int idle_wildcard_match(const char *pattern, size_t plen, const char *s, size_t len);

#define IDLE_WILDCARD_INVALID (-2)

#endif
