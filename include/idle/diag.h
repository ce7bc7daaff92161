/*
 * idle/diag.h - diagnostics: errors and warnings with file, line, column,
 * data path and hint, collected in a list and rendered for humans or machines.
 *
 * A list is owned by the caller (idle_diags_new / idle_diags_free). Library
 * functions append to it; they never stop at the first problem where they
 * can go on. Entries are borrowed from the list and live as long as it does.
 */
#ifndef IDLE_DIAG_H
#define IDLE_DIAG_H

#include <stdio.h>
#include "common.h"

IDLE_BEGIN_DECL

typedef enum idle_severity {
	IDLE_SEV_ERROR = 0,
	IDLE_SEV_WARNING = 1,
	IDLE_SEV_NOTE = 2
} idle_severity;

typedef struct idle_diags idle_diags;
typedef struct idle_diag idle_diag;

/** A new, empty list; NULL when out of memory. Free with idle_diags_free(). */
IDLE_EXTERN(idle_diags *) idle_diags_new(void);
IDLE_EXTERN(void) idle_diags_free(idle_diags *diags);
/** Removes every entry. */
IDLE_EXTERN(void) idle_diags_clear(idle_diags *diags);

IDLE_EXTERN(size_t) idle_diags_count(const idle_diags *diags);
/** Number of entries of severity IDLE_SEV_ERROR. */
IDLE_EXTERN(size_t) idle_diags_error_count(const idle_diags *diags);
/** Entry i (0-based), borrowed from the list; NULL when out of range. */
IDLE_EXTERN(const idle_diag *) idle_diags_at(const idle_diags *diags, size_t i);

IDLE_EXTERN(idle_severity) idle_diag_severity(const idle_diag *d);
/** A stable, machine-readable code such as "psd1-syntax"; "" when none. */
IDLE_EXTERN(const char *) idle_diag_code(const idle_diag *d);
/** One line, no trailing period required, never NULL. */
IDLE_EXTERN(const char *) idle_diag_message(const idle_diag *d);
/** The file the diagnostic is about, or NULL. */
IDLE_EXTERN(const char *) idle_diag_file(const idle_diag *d);
/** 1-based line and column (columns count Unicode code points); 0 when unknown. */
IDLE_EXTERN(unsigned) idle_diag_line(const idle_diag *d);
IDLE_EXTERN(unsigned) idle_diag_column(const idle_diag *d);
/** The data path the diagnostic is about ("Steps[2].With.Provider"), or NULL. */
IDLE_EXTERN(const char *) idle_diag_path(const idle_diag *d);
/** A suggestion ("did you mean 'PolicyType'?"), or NULL. */
IDLE_EXTERN(const char *) idle_diag_hint(const idle_diag *d);

/* Rendering flags. */
#define IDLE_RENDER_COLOR    0x1u /* ANSI colours */
#define IDLE_RENDER_CODES    0x2u /* "error[CODE]:" instead of "error:" */
#define IDLE_RENDER_NOSOURCE 0x4u /* no source line and caret */
#define IDLE_RENDER_ERRORS   0x8u /* errors only (no warnings or notes) */

/**
 * Writes every entry as text:
 *
 *     file:line:col: error: message
 *        3 |     Name = abc
 *          |            ^~~
 *          = at: Steps[0].Name
 *          = hint: ...
 *
 * Entries without a location print as "file: error: message" or
 * "idle: error: message". Returns 0, or IDLE_EIO when writing fails.
 */
IDLE_EXTERN(int) idle_diags_render(const idle_diags *diags, FILE *out, unsigned flags);

/** Appends one error without a location (for hosts and the CLI). */
IDLE_EXTERN(int)
idle_diags_add_error(idle_diags *diags, const char *file, const char *code, const char *message);

/**
 * For "did you mean ...?": the candidate closest to word (len bytes;
 * case-insensitive edit distance), or NULL when none is close enough to be
 * a likely typo. candidates is NULL-terminated.
 */
IDLE_EXTERN(const char *) idle_suggest(const char *word, size_t len, const char *const *candidates);

IDLE_END_DECL

#endif
