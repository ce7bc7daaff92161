/*
 * core/secret.h - what holds a secret, and keeping it out of what idle prints.
 *
 * One table of secret key names (IdLE's redaction list plus idle's additions,
 * docs/plan.md): a value under such a key is redacted in plans, events,
 * results and state files, and masked ("********") wherever a diagnostic
 * quotes the source: the source excerpt, the message and the hint.
 */
#ifndef IDLE_CORE_SECRET_H
#define IDLE_CORE_SECRET_H

#include <stddef.h>

#include "core/source.h"

/* What a masked value is shown as. */
#define IDLE_SECRET_MASK "********"

/* 1 if key (len bytes) names a secret: exact names, case-insensitive. */
int idle_secret_key(const char *key, size_t len);

/*
 * Finds, in one line of source text, the values written after a secret key
 * (`Password = 'x'`, `"token": "x"`, `Token = x`): calls found(ud, start,
 * end) with byte offsets into line. A textual safety net for lines that did
 * not parse (the parsed masks of idle_source_mask are exact).
 */
void idle_secret_scan(const char *line, size_t len, void (*found)(void *ud, size_t s, size_t e),
                      void *ud);

/* Records that bytes [start, end) of src hold a secret. 0, or -1 when out of memory. */
int idle_source_mask(idle_source *src, size_t start, size_t end);

/*
 * The masked ranges of line `line` (1-based) of src, as byte offsets into the
 * line, sorted and merged: the parsed masks and what idle_secret_scan finds.
 * Returns how many (at most max) were written to starts/ends.
 */
size_t idle_source_line_masks(idle_source *src, unsigned line, size_t *starts, size_t *ends,
                              size_t max);

/*
 * A copy of text (malloc'ed) in which every secret of src that could be
 * quoted in it (the values masked on line `line` and every parsed mask) is
 * replaced by IDLE_SECRET_MASK; NULL when out of memory. text itself when
 * nothing needs masking is not guaranteed: always free the result.
 */
char *idle_source_mask_text(idle_source *src, unsigned line, const char *text);

#endif
