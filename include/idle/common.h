/*
 * idle/common.h - version, export macro and the library's error codes.
 *
 * Every idle function that can fail returns an int: 0 (IDLE_OK) on success or
 * one of the negative IDLE_E* codes below. Details (message, location, data
 * path) travel in an idle_diags list owned by the caller. Codes are part of
 * the ABI: a published number is never reused or renumbered.
 */
#ifndef IDLE_COMMON_H
#define IDLE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#define IDLE_VERSION_MAJOR 0
#define IDLE_VERSION_MINOR 1
#define IDLE_VERSION_PATCH 0
#define IDLE_VERSION       "0.1.0"

#if defined(__GNUC__) || defined(__clang__)
#define IDLE_EXTERN(type) extern __attribute__((visibility("default"))) type
#else
#define IDLE_EXTERN(type) extern type
#endif

#ifdef __cplusplus
#define IDLE_BEGIN_DECL extern "C" {
#define IDLE_END_DECL   }
#else
#define IDLE_BEGIN_DECL
#define IDLE_END_DECL
#endif

IDLE_BEGIN_DECL

/* A string literal and its length, for the functions that take both: idle_map_get(m, IDLE_LIT("Name")). */
#define IDLE_LIT(s) ("" s ""), (sizeof(s) - 1)

/*
 * The error codes: X(name, value, description). One table; the enum and
 * idle_strerror() are both generated from it.
 */
#define IDLE_ERROR_LIST(X)                                                                         \
	X(IDLE_OK, 0, "success")                                                                   \
	X(IDLE_ERROR, -1, "generic failure")                                                       \
	X(IDLE_ENOMEM, -2, "out of memory")                                                        \
	X(IDLE_EIO, -3, "file could not be read or written")                                       \
	X(IDLE_EPARSE, -4, "input could not be parsed")                                            \
	X(IDLE_EINVALID, -5, "input is invalid")                                                   \
	X(IDLE_ENOTFOUND, -6, "not found")                                                         \
	X(IDLE_EAMBIGUOUS, -7, "ambiguous")                                                        \
	X(IDLE_ELIMIT, -8, "a limit was exceeded")                                                 \
	X(IDLE_EUNSUPPORTED, -9, "not supported")                                                  \
	X(IDLE_EPROVIDER, -10, "a provider reported an error")                                     \
	X(IDLE_EUSER, -11, "a user callback reported an error")                                    \
	X(IDLE_EARG, -12, "invalid argument")

typedef enum idle_error_code {
#define IDLE_X_(name, value, desc) name = value,
	IDLE_ERROR_LIST(IDLE_X_)
#undef IDLE_X_
} idle_error_code;

/** A short, static description of an error code ("out of memory"). Never NULL. */
IDLE_EXTERN(const char *) idle_strerror(int code);

/*
 * One failure, where a list of diagnostics is not what is reported: a code
 * and a one-line message (never a secret), for callbacks and internal calls.
 */
typedef struct idle_error {
	int code;           /* IDLE_E*, 0 when nothing failed */
	char message[1024]; /* one line */
} idle_error;

/* Sets e (which may be NULL) to code and the formatted message; returns code. */
IDLE_EXTERN(int)
idle_error_set(idle_error *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/**
 * Returns to the system the memory idle keeps for reuse: freed documents'
 * arena chunks are cached (up to 64 MiB) so that parsing many files in one
 * process does not fault fresh pages in for each. Safe to call at any time.
 */
IDLE_EXTERN(void) idle_release_memory(void);

/** Frees memory the library handed to the caller (strings from idle_*_to_json, ...). */
IDLE_EXTERN(void) idle_free(void *p);

/** The library version string, e.g. "0.1.0". */
IDLE_EXTERN(const char *) idle_version(void);

IDLE_END_DECL

#endif
